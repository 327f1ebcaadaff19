"""The corpus store interface: what the ingest command, the HTTP API, the web UI and the exports
need from a place that keeps analyses. SQLite (``presslens.store.sqlite``) is the default
backend; another backend implements this class and nothing else changes.

Records going in and coming out are analysis records (``presslens/analysis@1``, the output of
``Document.to_json``) or rejection records. Articles are known by a store-wide integer id; the
document's own id (often a file name) is kept as ``document.id``. Actors are store-wide too: an
actor named in two articles is one actor, and its id replaces the per-article entity ids
(``e1``...) wherever the store answers with actors.
"""
from __future__ import annotations

import abc
import hashlib
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from presslens.store.label_counts import LABEL_DIRECTIONS, count_labels


def content_hash(text: str) -> str:
    """The key articles are deduplicated by: the SHA-256 of the analysed text."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Added:
    """What became of one record handed to ``Store.add``."""

    status: str  # stored | duplicate | rejected
    article_id: int | None = None


# The orders each list can be read in, the first one its default; every backend offers them all.
# Articles: newest / oldest published (undated last), title, recently added, or most of a layer.
ARTICLE_SORTS = ("newest", "oldest", "title", "added", "quotes", "claims", "relations", "labels", "techniques")
# Actors: present in most articles (then most mentioned), most mentioned, most quoted, by name.
ACTOR_SORTS = ("presence", "mentions", "quotes", "name")
# An actor's quotes, relations, labels and claims: by date (the item's own, else its article's).
ACTOR_PART_SORTS = ("oldest", "newest", "article")
ACTOR_PARTS = ("quotes", "relations", "labels_used", "labels_received", "claims")
# Labels read a page at a time when an actor's labels are counted.
LABEL_READ_PAGE = 1000
# Claim groups: recurring in most articles, most claims, last seen most recently, first seen longest ago.
CLAIM_SORTS = ("articles", "claims", "newest", "oldest")
# Graph edges: most relations, most recent, oldest.
EDGE_SORTS = ("count", "newest", "oldest")
# What technique counts can be grouped by.
TECHNIQUE_GROUPINGS = ("source", "speaker", "month")


@dataclass(frozen=True)
class Page:
    """Which page of a list, in which order (one of the list's ``*_SORTS``)."""

    sort: str
    limit: int = 50
    offset: int = 0


@dataclass(frozen=True)
class ArticleQuery:
    """Filters of ``Store.list_articles``; every one given must hold."""

    q: str | None = None            # full-text search words (all must appear, in title or text)
    source: str | None = None       # exact source
    date_from: str | None = None    # published on or after (YYYY-MM-DD)
    date_to: str | None = None      # published on or before
    actor: int | None = None        # store actor id named in the article
    technique: str | None = None    # technique label used in the article
    limit: int = 50
    offset: int = 0
    sort: str = ARTICLE_SORTS[0]


@dataclass(frozen=True)
class GraphQuery:
    kinds: tuple[str, ...] = ()     # relation kinds; empty: all
    date_from: str | None = None    # relation date (or the article's) in the window
    date_to: str | None = None
    include_negated: bool = False   # "stopped short of condemning" is not an edge by default
    actor: int | None = None        # only edges with this actor at one end
    top: int | None = None          # only edges between the ``top`` actors of highest degree
    min_count: int = 1              # only edges of at least this many relations
    limit: int = 200                # a page of edges; nodes are those of the page's edges
    offset: int = 0
    sort: str = EDGE_SORTS[0]


@dataclass(frozen=True)
class ClaimQuery:
    status: str | None = None
    q: str | None = None            # words in the claim text
    min_articles: int = 1           # only claims repeated in at least this many articles
    limit: int = 50
    offset: int = 0
    sort: str = CLAIM_SORTS[0]
    members: int = 10               # member claims listed per group, earliest first


class Store(abc.ABC):
    """A corpus of analyses. Implementations are safe to use from several threads."""

    # Whether reads that show claim groups first group the pending claims (waiting for a grouping
    # in progress). A server that groups on a thread of its own turns it off: grouping takes
    # seconds while analyses are being stored, and its reads show the groups as they are.
    reads_group_claims: bool = True

    @abc.abstractmethod
    def add(self, record: dict[str, Any]) -> Added:
        """Keep one analysis record (deduplicated by the content hash of its text) or one
        rejection record (kept with its reason). Durable once it returns."""

    @abc.abstractmethod
    def group_claims(self, stop: threading.Event | None = None) -> int:
        """Group the claims added since the last grouping with the claims they repeat; return how
        many were grouped. Reads that show claim groups do it first (see ``reads_group_claims``),
        so callers need not. Setting ``stop`` from another thread ends a long grouping early, its
        finished part kept."""

    @abc.abstractmethod
    def has(self, text_hash: str) -> bool:
        """Whether an article with this content hash is stored."""

    @abc.abstractmethod
    def get_article(self, article_id: int) -> dict[str, Any] | None:
        """The stored analysis record, with ``article_id`` and, on entities, ``actor_id``."""

    @abc.abstractmethod
    def list_articles(self, query: ArticleQuery) -> dict[str, Any]:
        """``{"total": n, "articles": [summary...]}``, in ``query.sort`` order; each summary has
        its ``label`` (the title, else the document id) and its layers' sizes."""

    @abc.abstractmethod
    def list_actors(self, q: str | None = None, limit: int = 100, offset: int = 0,
                    sort: str = ACTOR_SORTS[0]) -> dict[str, Any]:
        """``{"total": n, "actors": [...]}`` (``q``: part of a name or alias), in ``sort`` order."""

    @abc.abstractmethod
    def get_actor(self, actor_id: int, limit: int = 25) -> dict[str, Any] | None:
        """One actor with the first ``limit`` of its quotes, relations, labels used and received
        and claims (each as ``actor_part`` answers with its default order), ``totals`` (the size of
        each of those lists) and its techniques."""

    @abc.abstractmethod
    def actor_part(self, actor_id: int, part: str, page: Page) -> dict[str, Any] | None:
        """One page of one of an actor's lists (``part``, one of ``ACTOR_PARTS``):
        ``{"total": n, part: [...]}``; None when there is no such actor."""

    def actor_label_counts(self, actor_id: int, direction: str, limit: int = 50,
                           offset: int = 0) -> dict[str, Any] | None:
        """The labels an actor uses (``direction`` "used") or receives ("received") grouped by
        their case-folded words and the other party, most labels first: ``{"total": groups,
        "labels": [group...]}`` (see ``label_counts``); None when there is no such actor. Every
        backend has it: it reads the actor's labels through ``actor_part``, a page at a time."""
        if direction not in LABEL_DIRECTIONS:
            raise ValueError(f"direction must be one of {', '.join(LABEL_DIRECTIONS)}, not {direction!r}")
        part = f"labels_{direction}"
        rows: list[dict[str, Any]] = []
        while True:
            listed = self.actor_part(actor_id, part, Page("newest", LABEL_READ_PAGE, len(rows)))
            if listed is None:
                return None
            rows.extend(listed[part])
            if not listed[part] or len(rows) >= listed["total"]:
                break
        groups = count_labels(rows, direction)
        return {"total": len(groups), "labels": groups[offset:offset + limit]}

    @abc.abstractmethod
    def graph(self, query: GraphQuery) -> dict[str, Any]:
        """``{"total": edges, "total_nodes": n, "nodes": [...], "edges": [...]}``: one page of
        the edges (relations aggregated by source, target and kind) with the actors at their ends;
        totals count every edge and actor of the filtered graph."""

    def graph_rendered(self, query: GraphQuery, render: Callable[[dict[str, Any]], bytes]) -> bytes:
        """``render`` of the ``graph`` page of ``query`` (the API's JSON): a store may keep it
        while what the graph reads is unchanged, as the SQL stores do."""
        return render(self.graph(query))

    @abc.abstractmethod
    def claims(self, query: ClaimQuery) -> dict[str, Any]:
        """The claims ledger: claims grouped across articles and claimants, with statuses,
        ``{"total": groups, "claims": [group...]}`` in ``query.sort`` order."""

    @abc.abstractmethod
    def technique_stats(self, by: str) -> dict[str, Any]:
        """Technique counts grouped ``by`` source, speaker or month."""

    @abc.abstractmethod
    def iter_analyses(self) -> Iterator[dict[str, Any]]:
        """Every stored analysis record, in the order stored (for exports)."""

    @abc.abstractmethod
    def rejections(self) -> list[dict[str, Any]]:
        """Inputs that could not be analysed, each once (known by document id and source, its file
        for a file) with its latest reason, in the order first rejected. A document id stored as an
        article since is no longer listed: its input was analysed in the end."""

    @abc.abstractmethod
    def counts(self) -> dict[str, int]:
        """How many articles, actors, quotes, claims, relations, labels, techniques, rejections."""

    def close(self) -> None:  # noqa: B027 - optional: a store that holds nothing needs no close
        """Release resources; the default holds none."""

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
