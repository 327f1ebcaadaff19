"""The HTTP API's requests and responses as pydantic models: FastAPI checks what the endpoints
return against them, and the OpenAPI description (/docs, /openapi.json) shows them.

An analysis record is the format presslens/analysis@1, which its JSON Schema
(``presslens/schema/analysis-1.schema.json``) defines. Its top level is typed here; each part
inside it (``document``, ``entities``, ``quotes``...) is checked only to be an object or a list,
and documented with the JSON Schema's own definition of it. So the schema stays the one
description of the format (the pipeline's records are checked against it by its tests), and a
read stays cheap: checking even that each item of each list is an object made FastAPI's check and
serialisation of the reference article's record 1.6 times slower (175 against 110 us).

The other responses are what the store answers, declared field by field. Every model keeps
fields it does not declare (``extra="allow"``): a field the store or the format adds is passed on,
never dropped on the way out.
"""
from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, WithJsonSchema, model_validator
from pydantic_core import PydanticCustomError

from presslens.document import SCHEMA_ID
from presslens.errors import Code, InputRejected
from presslens.options import check_date
from presslens.schema import analysis_schema
from presslens.store import ACTOR_PART_SORTS, ACTOR_SORTS, ARTICLE_SORTS, CLAIM_SORTS, EDGE_SORTS
from presslens.store.base import TECHNIQUE_GROUPINGS

_FORMAT = analysis_schema()["$defs"]
_ANALYSIS = _FORMAT["analysis"]["properties"]

# The format's enumerations, read from its schema.
RELATION_KINDS: tuple[str, ...] = tuple(_ANALYSIS["relations"]["items"]["properties"]["kind"]["enum"])
CLAIM_STATUSES: tuple[str, ...] = tuple(_ANALYSIS["claims"]["items"]["properties"]["status"]["enum"])
RelationKind = Literal[RELATION_KINDS]  # type: ignore[valid-type]
ClaimStatus = Literal[CLAIM_STATUSES]  # type: ignore[valid-type]
TechniqueGrouping = Literal[TECHNIQUE_GROUPINGS]  # type: ignore[valid-type]
TECHNIQUE_NAMES: tuple[str, ...] = tuple(_ANALYSIS["techniques"]["items"]["properties"]["technique"]["enum"])
# The orders each list can be read in (``sort``), its default first: the store's own names.
ArticleSort = Literal[ARTICLE_SORTS]  # type: ignore[valid-type]
ActorSort = Literal[ACTOR_SORTS]  # type: ignore[valid-type]
ActorPartSort = Literal[ACTOR_PART_SORTS]  # type: ignore[valid-type]
ClaimSort = Literal[CLAIM_SORTS]  # type: ignore[valid-type]
EdgeSort = Literal[EDGE_SORTS]  # type: ignore[valid-type]

# Longest metadata of an article to analyse, in characters: in a JSON body as in the query.
MAX_LENGTH = {"id": 200, "title": 2000, "source": 200, "url": 2000}


def _resolved(node: Any) -> Any:
    """``node`` with the format schema's references (``#/$defs/...``) replaced by what they name:
    the OpenAPI description has no place for the format's own definitions."""
    if isinstance(node, list):
        return [_resolved(item) for item in node]
    if not isinstance(node, dict):
        return node
    resolved = {key: _resolved(value) for key, value in node.items() if key != "$ref"}
    if "$ref" in node:
        return {**_resolved(_FORMAT[node["$ref"].removeprefix("#/$defs/")]), **resolved}
    return resolved


def _as_in_format(part: str, **added: dict[str, Any]) -> WithJsonSchema:
    """The format schema's definition of ``part`` of an analysis; ``added``: properties that the
    store adds to each of its items."""
    schema = _resolved(_ANALYSIS[part])
    if added:
        schema["items"]["properties"].update(added)
    return WithJsonSchema(schema)


Part = list[Any]
KEEP_EXTRA = ConfigDict(extra="allow")


# --- requests ----------------------------------------------------------------------------------
def _publication_date(value: str | None) -> str | None:
    """The date as ``YYYY-MM-DD``, read as the analysis reads it (``check_date``)."""
    if value is None:
        return None
    try:
        return check_date(value)
    except InputRejected as exc:
        raise PydanticCustomError(exc.code.value, exc.message) from None


def _metadata(name: str, description: str) -> Any:
    return Field(None, max_length=MAX_LENGTH[name], description=description, coerce_numbers_to_str=True)


class AnalyzeRequest(BaseModel):
    """An article to analyse as a JSON body: exactly one of ``text`` and ``html``, and its metadata
    (each overrides the query parameter of the same name). Other fields are ignored."""

    text: str | None = Field(None, description="The article as plain text")
    html: str | None = Field(None, description="The article as an HTML page: its main text, title and date "
                                               "are extracted")
    id: str | None = _metadata("id", "Document id (default: 'document')")
    title: str | None = _metadata("title", "Title")
    source: str | None = _metadata("source", "Source (outlet)")
    url: str | None = _metadata("url", "Address of the article")
    published: Annotated[str | None, AfterValidator(_publication_date), WithJsonSchema(
        {"anyOf": [{"type": "string", "format": "date"}, {"type": "string", "format": "date-time"}, {"type": "null"}],
         "description": "Publication date, YYYY-MM-DD or an ISO timestamp (its date is taken as written): "
                        "what relative dates ('on Monday') resolve against"})] = None
    language: Literal["en", "ru", "uk"] | None = Field(
        None, description="The article's language (default: identified; other languages are rejected)")

    @model_validator(mode="after")
    def _one_text(self) -> AnalyzeRequest:
        if (self.text is None) == (self.html is None):
            raise PydanticCustomError("text_or_html", "give exactly one of 'text' (plain text) and 'html' (a page)")
        return self


# --- analysis records --------------------------------------------------------------------------
class Analysis(BaseModel):
    """An analysis record, format presslens/analysis@1 (its JSON Schema:
    ``presslens/schema/analysis-1.schema.json``). Fields may be added within version 1."""

    model_config = KEEP_EXTRA
    schema_id: Literal[SCHEMA_ID] = Field(alias="schema")
    document: Annotated[dict[str, Any], _as_in_format("document")]
    text: str
    entities: Annotated[Part, _as_in_format("entities")]
    quotes: Annotated[Part, _as_in_format("quotes")]
    claims: Annotated[Part, _as_in_format("claims")]
    labels: Annotated[Part, _as_in_format("labels")]
    relations: Annotated[Part, _as_in_format("relations")]
    # added within version 1: an analysis made before it has none, and is answered as stored
    events: Annotated[Part, _as_in_format("events")] = Field(None, exclude_if=lambda value: value is None)
    techniques: Annotated[Part, _as_in_format("techniques")]
    paragraph_techniques: Annotated[Part, _as_in_format("paragraph_techniques")]
    frames: Annotated[Part, _as_in_format("frames")]
    genre: Annotated[dict[str, Any] | None, _as_in_format("genre")]
    dates: Annotated[Part, _as_in_format("dates")]
    errors: Annotated[Part, _as_in_format("errors")]


class AnalyzeResult(Analysis):
    """The analysis of a ``POST /analyze``, and what became of it in the store."""

    article_id: int | None = Field(description="Store id of the article; null when not asked to store")
    stored: Literal["stored", "duplicate"] | None = Field(
        description="'stored', 'duplicate' (the same text was stored before), or null when not asked to store")


class _StoreId(BaseModel):
    article_id: int = Field(description="Store id of the article")
    label: str = Field(description="What to call the article: its title, else its document id")


class Article(Analysis, _StoreId):  # bases in this order: the store id comes first, as the store answers
    """A stored analysis record, with the store's actor of each entity and group of each claim."""

    entities: Annotated[Part, _as_in_format(
        "entities", actor_id={"type": ["integer", "null"], "description": "Store id of the entity's actor"})]
    claims: Annotated[Part, _as_in_format(
        "claims", group_id={"type": ["integer", "null"], "description": "Claims ledger group (null: not grouped yet)"},
        group_articles={"type": "integer", "minimum": 1, "description": "Articles with a claim of the group"})]


# --- the corpus ----------------------------------------------------------------------------------
class ArticleSummary(BaseModel):
    model_config = KEEP_EXTRA
    id: int = Field(description="Store id of the article")
    doc_id: str | None = Field(description="The document's own id (document.id)")
    title: str | None
    label: str = Field(description="What to call the article: its title, else its document id (its file name)")
    source: str | None
    url: str | None
    published: str | None
    added_at: str = Field(description="When it was stored (ISO timestamp, UTC)")
    chars: int = Field(description="Length of the text")
    quotes: int
    claims: int
    relations: int
    labels: int
    techniques: int
    snippet: str | None = Field(None, description="Where the search words occur, marked (only with q)")


class _Page(BaseModel):
    """One page of a longer list: ``total`` counts every item matching, over all pages."""
    model_config = KEEP_EXTRA
    total: int = Field(description="Items matching, over every page")


class ArticleList(_Page):
    articles: list[ArticleSummary]


class _ActorName(BaseModel):
    """How an actor is shown wherever it is one item of a larger answer."""
    model_config = KEEP_EXTRA
    id: int = Field(description="Store id of the actor")
    name: str
    type: str | None


class _ActorBase(_ActorName):
    country: str | None = Field(description="ISO 3166-1 alpha-3 code")
    sector: str | None
    generic: bool = Field(description="An unnamed group ('protesters'), not a named actor")


class ActorSummary(_ActorBase):
    articles: int
    mentions: int
    quotes: int


class ActorList(_Page):
    actors: list[ActorSummary]


class _InArticle(BaseModel):
    model_config = KEEP_EXTRA
    article_id: int
    article_title: str | None
    article_label: str = Field(description="What to call the article: its title, else its document id")


class ActorQuote(_InArticle):
    published: str | None
    id: str = Field(description="The quote's id in its article's analysis")
    kind: str | None
    text: str | None
    channel: str | None
    date: str | None
    start: int | None
    end: int | None


class StoredRelation(_InArticle):
    local_id: str = Field(description="The relation's id in its article's analysis")
    kind: RelationKind
    event: str | None = Field(description="PLOVER event type")
    source: int | None
    source_name: str | None
    target: int | None
    target_name: str | None
    negated: bool
    hedged: bool
    date: str | None
    happened: str | None = Field(description="The relation's date, else its article's")
    evidence: str | None
    asserted_by: int | None = Field(description="Store id of the actor who says so, when reported")


class StoredLabel(_InArticle):
    published: str | None
    label: str | None
    source: int | None = Field(description="Store id of the actor applying the label (null: see source_name)")
    source_name: str | None = Field(description=(
        "The source actor's name; with source null, the words naming a speaker that is no entity (a quoted "
        "'second source'); both null: the article's own voice"))
    target: int | None
    target_name: str | None
    target_text: str | None
    negated: bool = Field(description="The text says the label does not apply ('X is not a terrorist')")


class ActorClaim(_InArticle):
    published: str | None
    id: str = Field(description="The claim's id in its article's analysis")
    text: str
    status: ClaimStatus
    group_id: int | None


class ActorTotals(BaseModel):
    model_config = KEEP_EXTRA
    quotes: int
    relations: int
    labels_used: int
    labels_received: int
    claims: int


class Actor(_ActorBase):
    """An actor with the first ``limit`` items of each of its lists, oldest first; ``totals`` says
    how many each has (the rest: ``/actors/{id}/quotes`` and its siblings, a page at a time)."""

    aliases: list[str]
    articles: int
    quotes: list[ActorQuote]
    relations: list[StoredRelation] = Field(description="Relations the actor is a party to, in time order")
    labels_used: list[StoredLabel]
    labels_received: list[StoredLabel]
    claims: list[ActorClaim]
    totals: ActorTotals = Field(description="How many items each list has, over every page")
    techniques: dict[str, int] = Field(description="Persuasion techniques the actor uses: technique -> count")


class ActorQuotePage(_Page):
    quotes: list[ActorQuote]


class ActorRelationPage(_Page):
    relations: list[StoredRelation]


class ActorLabelPage(_Page):
    labels: list[StoredLabel]


class LabelArticle(_InArticle):
    published: str | None


class LabelCount(BaseModel):
    """Labels of one wording between an actor and one other party, counted over the corpus."""

    model_config = KEEP_EXTRA
    label: str = Field(description="The label's words, case-folded")
    other: int | None = Field(description=(
        "Store id of the other party: the target of a label used, the source of a label received "
        "(null: the article's own voice, or a target that names no actor)"))
    other_name: str | None = Field(description=(
        "The other party's name; for labels received from a speaker that is no entity, its words (a quoted "
        "'second source'); null with other null: the article's own voice"))
    other_text: str | None = Field(description="The target's words where it names no actor (labels used)")
    negated: bool = Field(description="Labels saying the words do not apply, counted apart from those saying they do")
    count: int = Field(description="Labels of these words between the two, over the corpus")
    article_count: int = Field(description="Articles they are in")
    articles: list[LabelArticle] = Field(description="The articles, newest first (at most 20)")


class ActorLabelCounts(_Page):
    labels: list[LabelCount]


class ActorClaimPage(_Page):
    claims: list[ActorClaim]


class GraphNode(_ActorName):
    degree: int = Field(description="Relations the actor is a party to, in the graph as filtered by kind, date "
                                    "and negation")


class EdgeExample(BaseModel):
    model_config = KEEP_EXTRA
    article_id: int
    evidence: str | None
    happened: str | None
    hedged: bool


class GraphEdge(BaseModel):
    model_config = KEEP_EXTRA
    source: int
    target: int
    kind: RelationKind
    count: int
    first: str | None
    last: str | None
    examples: list[EdgeExample] = Field(description="Up to three relations of the edge")


class Graph(_Page):
    """One page of edges (``total`` counts them all) and the actors at their ends."""

    total_nodes: int = Field(description="Actors at the ends of every edge, over every page")
    nodes: list[GraphNode] = Field(description="The actors at the ends of this page's edges, highest degree first")
    edges: list[GraphEdge]


class LedgerClaim(_InArticle):
    source: str | None
    published: str | None
    local_id: str = Field(description="The claim's id in its article's analysis")
    text: str
    status: ClaimStatus
    claimant: int | None
    claimant_name: str | None


class ClaimGroup(BaseModel):
    model_config = KEEP_EXTRA
    id: int
    text: str = Field(description="The group's first claim")
    claims: list[LedgerClaim] = Field(description="Its first claims, earliest first, as many as 'members' asks")
    size: int = Field(description="How many claims the group has")
    statuses: dict[ClaimStatus, int] = Field(description="How many of its claims have each status")
    status: ClaimStatus = Field(description="The most frequent status (ties: the more consequential)")
    articles: int
    claimants: list[str]
    first_seen: str | None
    last_seen: str | None


class ClaimsLedger(_Page):
    claims: list[ClaimGroup]


class TechniqueGroup(BaseModel):
    model_config = KEEP_EXTRA
    key: str
    total: int
    counts: dict[str, int] = Field(description="technique -> count")


class TechniqueStats(BaseModel):
    model_config = KEEP_EXTRA
    by: TechniqueGrouping
    techniques: list[str]
    groups: list[TechniqueGroup]


class Health(BaseModel):
    model_config = KEEP_EXTRA
    status: Literal["ok"]
    version: str
    counts: dict[str, int] = Field(description="Rows of each store table (articles, actors, quotes...)")


# --- errors --------------------------------------------------------------------------------------
class Problem(BaseModel):
    detail: str = Field(description="What is wrong")


class RejectionReason(BaseModel):
    code: Code
    message: str


class Rejected(BaseModel):
    """The text cannot be analysed (empty, oversized, not English, a bad date...)."""

    detail: RejectionReason


class FieldError(BaseModel):
    loc: list[str | int] = Field(description="Where: 'body' or 'query', then the field")
    msg: str
    type: str
    input: Any = Field(None, description="The value, for a query parameter (a body's values are not sent back)")
    ctx: dict[str, Any] | None = Field(None, description="The bound the value breaks, where there is one")


class InvalidRequest(BaseModel):
    """Fields of the request that are not valid."""

    detail: list[FieldError]
