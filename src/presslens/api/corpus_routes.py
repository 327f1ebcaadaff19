"""The corpus endpoints: read-only queries over the store the server was started with."""
from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from annotated_types import Ge, Le
from fastapi import APIRouter, Depends, HTTPException, Query, Request, Response
from pydantic import AfterValidator, TypeAdapter
from pydantic_core import PydanticCustomError

from presslens import __version__
from presslens.api.models import (
    MAX_LENGTH,
    RELATION_KINDS,
    TECHNIQUE_NAMES,
    Actor,
    ActorClaimPage,
    ActorLabelCounts,
    ActorLabelPage,
    ActorList,
    ActorPartSort,
    ActorQuotePage,
    ActorRelationPage,
    ActorSort,
    Article,
    ArticleList,
    ArticleSort,
    ClaimsLedger,
    ClaimSort,
    ClaimStatus,
    EdgeSort,
    Graph,
    Health,
    InvalidRequest,
    Problem,
    TechniqueGrouping,
    TechniqueStats,
)
from presslens.store import ArticleQuery, ClaimQuery, GraphQuery, Page, Store

DATE_PATTERN = r"^\d{4}(-\d{2}(-\d{2})?)?$"
# Stores keep 64-bit integers (SQLite's INTEGER, PostgreSQL's bigint): every integer a request
# carries is declared in that range, so that none past it reaches a query (an OverflowError there).
INT64_MAX = 2**63 - 1
PositiveInt = Annotated[int, Ge(1), Le(INT64_MAX)]      # store ids, counts at least one
NonNegativeInt = Annotated[int, Ge(0), Le(INT64_MAX)]   # offsets


def _real_date(value: str | None) -> str | None:
    """A YYYY, YYYY-MM or YYYY-MM-DD that names a real year, month or day (the pattern checks the
    shape): "2023-02-30" would otherwise match nothing, silently."""
    if value is None:
        return None
    year, month, day = (int(part) for part in (value + "-01-01")[:10].split("-"))
    try:
        dt.date(year, month, day)
    except ValueError as exc:
        raise PydanticCustomError("invalid_date", "{value} is not a date: {reason}",
                                  {"value": value, "reason": str(exc)}) from None
    return value


DateParam = Annotated[str | None, Query(pattern=DATE_PATTERN, description="YYYY, YYYY-MM or YYYY-MM-DD"),
                      AfterValidator(_real_date)]
Limit = Annotated[int, Query(ge=1, le=1000, description="Items a page holds")]
GRAPH = TypeAdapter(Graph)
INVALID = {422: {"model": InvalidRequest, "description": "An invalid parameter, with the reason"}}


def the_store(request: Request) -> Store:
    return request.app.state.store


StoreDep = Annotated[Store, Depends(the_store)]
router = APIRouter(tags=["corpus"])
server_router = APIRouter(tags=["server"])


@router.get("/articles", summary="Search and filter stored articles", responses=INVALID,
            response_model=ArticleList, response_model_exclude_unset=True)  # a snippet only with q
def list_articles(
    store: StoreDep,
    q: Annotated[str | None, Query(max_length=500, description="Words that must all appear")] = None,
    source: Annotated[str | None, Query(max_length=MAX_LENGTH["source"], description="Source (any case)")] = None,
    date_from: DateParam = None,
    date_to: DateParam = None,
    actor: Annotated[PositiveInt | None, Query(description="Store actor id")] = None,
    technique: Annotated[str | None, Query(max_length=100, description=(
        "A persuasion technique, in any case, spaces for underscores, or the start of its name "
        "('doubt', 'name calling')"))] = None,
    sort: Annotated[ArticleSort, Query(description=(
        "newest / oldest published (undated last), title, added (most recently stored), or the most "
        "quotes, claims, relations, labels or techniques"))] = "newest",
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
    offset: NonNegativeInt = 0,
) -> dict[str, Any]:
    return store.list_articles(ArticleQuery(
        q=q, source=source, date_from=date_from, date_to=end_of(date_to), actor=actor,
        technique=technique_named(technique) if technique else None, sort=sort, limit=limit, offset=offset))


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
    sort: Annotated[ActorSort, Query(description=(
        "presence (in most articles, then most mentioned), mentions, quotes, or name"))] = "presence",
    limit: Limit = 100,
    offset: NonNegativeInt = 0,
) -> dict[str, Any]:
    return store.list_actors(q, limit, offset, sort)


NO_ACTOR = {404: {"model": Problem, "description": "No such actor"}}


@router.get("/actors/{actor_id}", summary="One actor: quotes, relations over time, labels used and received, claims",
            response_model=Actor, responses=NO_ACTOR)
def get_actor(store: StoreDep, actor_id: PositiveInt,
              limit: Annotated[int, Query(ge=0, le=1000, description="Items of each list given")] = 25,
              ) -> dict[str, Any]:
    actor = store.get_actor(actor_id, limit)
    if actor is None:
        raise HTTPException(404, f"no actor {actor_id} in the store")
    return actor


LabelDirection = Annotated[Literal["used", "received"], Query(description=(
    "used: labels the actor gives others; received: labels others give it"))]
ActorPartSortParam = Annotated[ActorPartSort, Query(description=(
    "oldest or newest first (by the item's date, else its article's; undated last), or article (as stored)"))]


def _actor_part(store: Store, actor_id: int, part: str, page: Page) -> dict[str, Any]:
    listed = store.actor_part(actor_id, part, page)
    if listed is None:
        raise HTTPException(404, f"no actor {actor_id} in the store")
    return listed


@router.get("/actors/{actor_id}/quotes", summary="An actor's quotes, a page at a time", response_model=ActorQuotePage,
            responses=NO_ACTOR)
def actor_quotes(store: StoreDep, actor_id: PositiveInt, sort: ActorPartSortParam = "oldest", limit: Limit = 100,
                 offset: NonNegativeInt = 0) -> dict[str, Any]:
    return _actor_part(store, actor_id, "quotes", Page(sort, limit, offset))


@router.get("/actors/{actor_id}/relations", summary="Relations an actor is a party to, a page at a time",
            response_model=ActorRelationPage, responses=NO_ACTOR)
def actor_relations(store: StoreDep, actor_id: PositiveInt, sort: ActorPartSortParam = "oldest", limit: Limit = 100,
                    offset: NonNegativeInt = 0) -> dict[str, Any]:
    return _actor_part(store, actor_id, "relations", Page(sort, limit, offset))


@router.get("/actors/{actor_id}/labels", summary="Labels an actor uses or receives, a page at a time",
            response_model=ActorLabelPage, responses=NO_ACTOR)
def actor_labels(store: StoreDep, actor_id: PositiveInt, direction: LabelDirection = "used",
                 sort: ActorPartSortParam = "oldest", limit: Limit = 100, offset: NonNegativeInt = 0) -> dict[str, Any]:
    listed = _actor_part(store, actor_id, f"labels_{direction}", Page(sort, limit, offset))
    return {"total": listed["total"], "labels": listed[f"labels_{direction}"]}


@router.get("/actors/{actor_id}/labels/counts", summary=(
    "An actor's labels counted over the corpus: who it calls what, who calls it what, how often"),
    response_model=ActorLabelCounts, responses=NO_ACTOR)
def actor_label_counts(store: StoreDep, actor_id: PositiveInt, direction: LabelDirection = "used",
                       limit: Limit = 50, offset: NonNegativeInt = 0) -> dict[str, Any]:
    counted = store.actor_label_counts(actor_id, direction, limit, offset)
    if counted is None:
        raise HTTPException(404, f"no actor {actor_id} in the store")
    return counted


@router.get("/actors/{actor_id}/claims", summary="Claims an actor makes, a page at a time",
            response_model=ActorClaimPage, responses=NO_ACTOR)
def actor_claims(store: StoreDep, actor_id: PositiveInt, sort: ActorPartSortParam = "oldest", limit: Limit = 100,
                 offset: NonNegativeInt = 0) -> dict[str, Any]:
    return _actor_part(store, actor_id, "claims", Page(sort, limit, offset))


@router.get("/graph", summary="Actor relations as a graph", response_model=Graph,
            responses={400: {"model": Problem, "description": "An unknown relation kind"}})
def graph(
    store: StoreDep,
    kinds: Annotated[list[str] | None, Query(description="Relation kinds (repeat or comma-separate); default "
                                                         f"all: {', '.join(RELATION_KINDS)}")] = None,
    date_from: DateParam = None,
    date_to: DateParam = None,
    include_negated: bool = False,
    actor: Annotated[PositiveInt | None, Query(description="Only edges with this actor (store id) at one end")] = None,
    top: Annotated[PositiveInt | None, Query(description=(
        "Only edges between the N actors of highest degree"))] = None,
    min_count: Annotated[PositiveInt, Query(description="Only edges of at least this many relations")] = 1,
    sort: Annotated[EdgeSort, Query(description="count (most relations first), newest or oldest")] = "count",
    limit: Annotated[int, Query(ge=1, le=10_000, description="Edges a page holds")] = 200,
    offset: NonNegativeInt = 0,
) -> Response:
    wanted = tuple(k.strip() for value in (kinds or []) for k in value.split(",") if k.strip())
    unknown = sorted(set(wanted) - set(RELATION_KINDS))
    if unknown:
        raise HTTPException(400, f"unknown relation kind(s) {', '.join(unknown)}; "
                                 f"known: {', '.join(RELATION_KINDS)}")
    query = GraphQuery(kinds=wanted, date_from=date_from, date_to=end_of(date_to), include_negated=include_negated,
                       actor=actor, top=top, min_count=min_count, sort=sort, limit=limit, offset=offset)
    # The page is checked against the Graph model and rendered once per store version, not at every request.
    return Response(store.graph_rendered(query, graph_json), media_type="application/json")


def graph_json(page: dict[str, Any]) -> bytes:
    """A graph page as the API answers it: checked against ``Graph``, as JSON."""
    return GRAPH.dump_json(GRAPH.validate_python(page), by_alias=True)


@router.get("/claims", summary="The claims ledger: claims grouped across articles", response_model=ClaimsLedger)
def claims(
    store: StoreDep,
    status: ClaimStatus | None = None,
    q: Annotated[str | None, Query(max_length=500, description=(
        "Words that must all appear in one claim of the group (any case; quotes and * around them ignored)"))] = None,
    min_articles: PositiveInt = 1,
    sort: Annotated[ClaimSort, Query(description=(
        "articles (recurring in most articles first), claims (most claims), newest (last seen), oldest "
        "(first seen)"))] = "articles",
    limit: Annotated[int, Query(ge=1, le=1000)] = 50,
    offset: NonNegativeInt = 0,
    members: Annotated[int, Query(ge=0, le=1000, description=(
        "Claims listed per group, earliest first (statuses, claimants and size count them all)"))] = 10,
) -> dict[str, Any]:
    return store.claims(ClaimQuery(status=status, q=q, min_articles=min_articles, sort=sort, limit=limit,
                                   offset=offset, members=members))


@router.get("/techniques/stats", summary="Persuasion technique counts", response_model=TechniqueStats)
def technique_stats(store: StoreDep, by: TechniqueGrouping = "source") -> dict[str, Any]:
    return store.technique_stats(by)


@server_router.get("/health", summary="Liveness and corpus counts", response_model=Health)
def health(store: StoreDep) -> dict[str, Any]:
    return {"status": "ok", "version": __version__, "counts": store.counts()}


def _technique_key(name: str) -> str:
    return " ".join(name.replace("_", " ").replace("-", " ").casefold().split())


_TECHNIQUE_OF_KEY = {_technique_key(name): name for name in TECHNIQUE_NAMES}


def technique_named(name: str) -> str:
    """The technique a user means: its name in any case, with spaces for underscores and hyphens,
    or the start of one name only ("doubt", "name calling"); else a 422 that lists the names."""
    key = _technique_key(name)
    found = _TECHNIQUE_OF_KEY.get(key)
    if found is None and key:
        starting = [t for k, t in _TECHNIQUE_OF_KEY.items() if k.startswith(key)]
        found = starting[0] if len(starting) == 1 else None
    if found is None:
        raise HTTPException(422, [{"loc": ["query", "technique"], "type": "unknown_technique",
                                   "msg": f"no technique is called {name!r}; known: {', '.join(TECHNIQUE_NAMES)}"}])
    return found


def end_of(date: str | None) -> str | None:
    """An inclusive upper bound: "2023-10" covers every day of October."""
    if date is None or len(date) == 10:
        return date
    return date + ("-12-31" if len(date) == 4 else "-31")
