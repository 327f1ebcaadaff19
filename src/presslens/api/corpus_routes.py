"""The corpus endpoints: read-only queries over the store the server was started with."""
from __future__ import annotations

from typing import Annotated, Any

from annotated_types import Ge, Le
from fastapi import APIRouter, Depends, HTTPException, Query, Request

from presslens import __version__
from presslens.api.models import (
    MAX_LENGTH,
    RELATION_KINDS,
    Actor,
    ActorList,
    Article,
    ArticleList,
    ClaimsLedger,
    ClaimStatus,
    Graph,
    Health,
    Problem,
    TechniqueGrouping,
    TechniqueStats,
)
from presslens.store import ArticleQuery, ClaimQuery, GraphQuery, Store

DATE_PATTERN = r"^\d{4}(-\d{2}(-\d{2})?)?$"
# Stores keep 64-bit integers (SQLite's INTEGER, PostgreSQL's bigint): every integer a request
# carries is declared in that range, so that none past it reaches a query (an OverflowError there).
INT64_MAX = 2**63 - 1
PositiveInt = Annotated[int, Ge(1), Le(INT64_MAX)]      # store ids, counts at least one
NonNegativeInt = Annotated[int, Ge(0), Le(INT64_MAX)]   # offsets


def the_store(request: Request) -> Store:
    return request.app.state.store


StoreDep = Annotated[Store, Depends(the_store)]
router = APIRouter(tags=["corpus"])
server_router = APIRouter(tags=["server"])


@router.get("/articles", summary="Search and filter stored articles",
            response_model=ArticleList, response_model_exclude_unset=True)  # a snippet only with q
def list_articles(
    store: StoreDep,
    q: Annotated[str | None, Query(max_length=500, description="Words that must all appear")] = None,
    source: Annotated[str | None, Query(max_length=MAX_LENGTH["source"])] = None,
    date_from: Annotated[str | None, Query(pattern=DATE_PATTERN)] = None,
    date_to: Annotated[str | None, Query(pattern=DATE_PATTERN)] = None,
    actor: Annotated[PositiveInt | None, Query(description="Store actor id")] = None,
    technique: Annotated[str | None, Query(max_length=100)] = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
    offset: NonNegativeInt = 0,
) -> dict[str, Any]:
    return store.list_articles(ArticleQuery(q=q, source=source, date_from=date_from, date_to=end_of(date_to),
                                            actor=actor, technique=technique, limit=limit, offset=offset))


@router.get("/articles/{article_id}", summary="One stored analysis", response_model=Article,
            responses={404: {"model": Problem, "description": "No such article"}})
def get_article(store: StoreDep, article_id: PositiveInt) -> dict[str, Any]:
    article = store.get_article(article_id)
    if article is None:
        raise HTTPException(404, f"no article {article_id} in the store")
    return article


@router.get("/actors", summary="Actors across the corpus, most present first", response_model=ActorList)
def list_actors(
    store: StoreDep,
    q: Annotated[str | None, Query(max_length=200, description="Part of a name or alias")] = None,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
    offset: NonNegativeInt = 0,
) -> dict[str, Any]:
    return store.list_actors(q, limit, offset)


@router.get("/actors/{actor_id}", summary="One actor: quotes, relations over time, labels used and received, claims",
            response_model=Actor, responses={404: {"model": Problem, "description": "No such actor"}})
def get_actor(store: StoreDep, actor_id: PositiveInt) -> dict[str, Any]:
    actor = store.get_actor(actor_id)
    if actor is None:
        raise HTTPException(404, f"no actor {actor_id} in the store")
    return actor


@router.get("/graph", summary="Actor relations as a graph", response_model=Graph,
            responses={400: {"model": Problem, "description": "An unknown relation kind"}})
def graph(
    store: StoreDep,
    kinds: Annotated[list[str] | None, Query(description="Relation kinds (repeat or comma-separate); default "
                                                         f"all: {', '.join(RELATION_KINDS)}")] = None,
    date_from: Annotated[str | None, Query(pattern=DATE_PATTERN)] = None,
    date_to: Annotated[str | None, Query(pattern=DATE_PATTERN)] = None,
    include_negated: bool = False,
) -> dict[str, Any]:
    wanted = tuple(k.strip() for value in (kinds or []) for k in value.split(",") if k.strip())
    unknown = sorted(set(wanted) - set(RELATION_KINDS))
    if unknown:
        raise HTTPException(400, f"unknown relation kind(s) {', '.join(unknown)}; "
                                 f"known: {', '.join(RELATION_KINDS)}")
    return store.graph(GraphQuery(kinds=wanted, date_from=date_from, date_to=end_of(date_to),
                                  include_negated=include_negated))


@router.get("/claims", summary="The claims ledger: claims grouped across articles", response_model=ClaimsLedger)
def claims(
    store: StoreDep,
    status: ClaimStatus | None = None,
    q: Annotated[str | None, Query(max_length=500)] = None,
    min_articles: PositiveInt = 1,
    limit: Annotated[int, Query(ge=1, le=1000)] = 200,
    offset: NonNegativeInt = 0,
) -> dict[str, Any]:
    return store.claims(ClaimQuery(status=status, q=q, min_articles=min_articles, limit=limit, offset=offset))


@router.get("/techniques/stats", summary="Persuasion technique counts", response_model=TechniqueStats)
def technique_stats(store: StoreDep, by: TechniqueGrouping = "source") -> dict[str, Any]:
    return store.technique_stats(by)


@server_router.get("/health", summary="Liveness and corpus counts", response_model=Health)
def health(store: StoreDep) -> dict[str, Any]:
    return {"status": "ok", "version": __version__, "counts": store.counts()}


def end_of(date: str | None) -> str | None:
    """An inclusive upper bound: "2023-10" covers every day of October."""
    if date is None or len(date) == 10:
        return date
    return date + ("-12-31" if len(date) == 4 else "-31")
