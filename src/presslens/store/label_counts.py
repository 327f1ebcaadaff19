"""An actor's labels counted over the corpus: who it calls what, and what it is called by whom.

Labels are grouped by their words, case-folded, by whether they are negated ("X is not a
terrorist" is counted apart from "X is a terrorist"), and by the other party: the target for the
labels an actor uses, the source for those it receives (a speaker that is no entity by its words,
"a second source"; neither: the article's own voice). Grouping
is done here, on the rows ``Store.actor_part`` reads, so that every backend counts alike (SQLite's
lower() folds ASCII only).
"""
from __future__ import annotations

from typing import Any

LABEL_DIRECTIONS = ("used", "received")
# Articles named per group, newest first; ``article_count`` says how many there are in all.
ARTICLES_PER_GROUP = 20


def label_words(label: str | None) -> str:
    """The key a label is counted by: its words case-folded, spaces collapsed."""
    return " ".join((label or "").casefold().split())


def _other_party(row: dict[str, Any], direction: str) -> tuple[int | None, str | None, str | None]:
    """(actor id, actor name, words) of the party that is not the actor; words only where the
    target names no actor ('the protesters'); a source that is no actor has its words as its name
    ('a second source')."""
    if direction == "used":
        text = None if row.get("target") is not None else label_words(row.get("target_text")) or None
        return row.get("target"), row.get("target_name"), text
    return row.get("source"), row.get("source_name"), None


def count_labels(rows: list[dict[str, Any]], direction: str) -> list[dict[str, Any]]:
    """The groups of ``rows`` (an actor's labels, newest first), most labels first."""
    groups: dict[tuple[Any, ...], dict[str, Any]] = {}
    for row in rows:
        words = label_words(row.get("label"))
        if not words:
            continue
        other, other_name, other_text = _other_party(row, direction)
        negated = bool(row.get("negated"))
        # a source that is no actor is told apart by its words, case-folded
        key = (words, negated, other, other_text, None if other is not None else label_words(other_name))
        group = groups.get(key)
        if group is None:
            group = groups[key] = {"label": words, "negated": negated, "other": other, "other_name": other_name,
                                   "other_text": other_text, "count": 0, "articles": [], "_seen": set()}
        group["count"] += 1
        if row["article_id"] not in group["_seen"]:
            group["_seen"].add(row["article_id"])
            if len(group["articles"]) < ARTICLES_PER_GROUP:
                group["articles"].append({key: row.get(key) for key in
                                          ("article_id", "article_title", "article_label", "published")})
    for group in groups.values():
        group["article_count"] = len(group.pop("_seen"))
    return sorted(groups.values(), key=lambda g: (-g["count"], -g["article_count"], g["label"],
                                                  (g["other_name"] or g["other_text"] or "").casefold()))
