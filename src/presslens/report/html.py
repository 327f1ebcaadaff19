"""A standalone HTML report of analyses: the text with quotes coloured by speaker, technique spans
underlined (tooltip: technique, speaker, cues), entity mentions and dates marked, then tables of
every layer. All article text is HTML-escaped."""
from __future__ import annotations

from html import escape
from importlib import resources
from itertools import pairwise
from typing import Any

# Distinct, readable colours for speakers; cycled when there are more speakers.
SPEAKER_COLOURS = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#17becf", "#8c564b", "#e377c2",
                   "#7f7f7f", "#bcbd22"]


def render_report(records: list[dict[str, Any]]) -> str:
    css = resources.files("presslens.report").joinpath("report.css").read_text(encoding="utf-8")
    analysed = [r for r in records if "error" not in r]
    rejected = [r for r in records if "error" in r]
    parts = [
        "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>",
        "<meta name='viewport' content='width=device-width, initial-scale=1'>",
        f"<title>presslens report</title><style>{css}</style></head><body>",
        f"<h1>presslens report</h1><p class='meta'>{len(analysed)} analysed, {len(rejected)} rejected</p>",
    ]
    if rejected:
        parts.append("<h2>Rejected inputs</h2><table><tr><th>input</th><th>code</th><th>reason</th></tr>")
        for r in rejected:
            parts.append(f"<tr><td>{_e(r['document'].get('id'))}</td><td>{_e(r['error']['code'])}</td>"
                         f"<td>{_e(r['error']['message'])}</td></tr>")
        parts.append("</table>")
    parts.extend(_render_article(r) for r in analysed)
    parts.append("</body></html>")
    return "\n".join(parts)


def _e(value: Any) -> str:
    return escape("" if value is None else str(value))


def _render_article(record: dict[str, Any]) -> str:
    doc = record["document"]
    colours = _speaker_colours(record)
    meta = " · ".join(_e(v) for v in (doc.get("source"), doc.get("published"), doc.get("url")) if v)
    out = [f"<article><h2>{_e(doc.get('title') or doc['id'])}</h2><p class='meta'>{meta}</p>"]
    if record.get("genre"):
        out.append(f"<p class='meta'>Genre: {_e(record['genre']['label'])}"
                   + (" · Frames: " + ", ".join(_e(f["frame"]) for f in record["frames"]) if record["frames"] else "")
                   + "</p>")
    if colours:
        out.append("<p class='legend'>" + "".join(
            f"<span style='color:{c}'>■ {_e(name)}</span>" for name, c in colours.items()) + "</p>")
    out.append(f"<div class='text'>{_highlight(record, colours)}</div>")
    out.append(_table("Quotes", ["kind", "speaker", "found via", "quote", "cue", "channel", "date"], [
        [q["kind"], q.get("speaker_name") or (q.get("speaker_mention") or {}).get("text"), _speaker_via(q),
         q["text"], (q.get("cue") or {}).get("text"), q.get("channel"), q.get("date")] for q in record["quotes"]]))
    out.append(_table("Techniques", ["technique", "words", "speaker", "cues", "score"], [
        [t["technique"], t["text"], t.get("speaker_name") or "(article's voice)", ", ".join(t.get("cues", [])),
         f"{t['score']:.2f}"] for t in record["techniques"]]))
    out.append(_table("Claims", ["claim", "claimant", "status", "cues"], [
        [c["text"], c.get("claimant_name"), c["status"], ", ".join(cue["text"] for cue in c.get("cues", []))]
        for c in record["claims"]], status_column=2))
    out.append(_table("Relations", ["source", "relation", "target", "evidence", "date", "asserted by"], [
        [r["source_name"], ("not " if r["negated"] else "") + r["kind"] + (" (hedged)" if r["hedged"] else ""),
         r["target_name"], r["evidence"], r.get("date"), _entity_name(record, r.get("asserted_by"))]
        for r in record["relations"]]))
    out.append(_table("Labels", ["source", "label", "target"], [
        [lb.get("source_name"), lb["label"], lb.get("target_name") or lb.get("target_text")]
        for lb in record["labels"]]))
    out.append(_table("Entities", ["name", "type", "country", "sector", "roles", "mentions"], [
        [e["name"], e["type"], e.get("country"), e.get("sector"), "; ".join(e.get("roles", [])),
         len(e["mentions"])] for e in record["entities"]]))
    out.append(_table("Dates", ["expression", "value"], [[d["text"], d["value"]] for d in record["dates"]]))
    if record.get("errors"):
        out.append(_table("Stage errors", ["stage", "code", "message"],
                          [[e["stage"], e["code"], e["message"]] for e in record["errors"]]))
    out.append("</article>")
    return "\n".join(out)


def _entity_name(record: dict[str, Any], entity_id: str | None) -> str | None:
    return next((e["name"] for e in record["entities"] if e["id"] == entity_id), None) if entity_id else None


def _speaker_colours(record: dict[str, Any]) -> dict[str, str]:
    colours: dict[str, str] = {}
    for q in record["quotes"]:
        name = q.get("speaker_name") or "(unknown speaker)"
        if name not in colours:
            colours[name] = SPEAKER_COLOURS[len(colours) % len(SPEAKER_COLOURS)]
    return colours


def _table(title: str, headers: list[str], rows: list[list[Any]], status_column: int | None = None) -> str:
    if not rows:
        return ""
    out = [f"<h3>{_e(title)} ({len(rows)})</h3><table><tr>" + "".join(f"<th>{_e(h)}</th>" for h in headers) + "</tr>"]
    for row in rows:
        cells = []
        for n, value in enumerate(row):
            cls = f" class='status-{_e(value)}'" if n == status_column else ""
            cells.append(f"<td{cls}>{_e(value)}</td>")
        out.append("<tr>" + "".join(cells) + "</tr>")
    out.append("</table>")
    return "".join(out)


def _speaker_via(quote: dict[str, Any]) -> str | None:
    """How the speaker was found, with the words that name it: "pronoun 'she'"."""
    via, mention = quote.get("speaker_via"), (quote.get("speaker_mention") or {}).get("text")
    if via is None:
        return None
    return f"{via} '{mention}'" if mention else via


def _highlight(record: dict[str, Any], colours: dict[str, str]) -> str:
    """The text cut at every annotation boundary; each piece carries the marks covering it."""
    text = record["text"]
    marks: list[tuple[int, int, str, str, str]] = []  # start, end, class, style, tooltip
    for q in record["quotes"]:
        name = q.get("speaker_name") or "(unknown speaker)"
        via = _speaker_via(q)
        marks.append((q["start"], q["end"], "quote", f"--speaker:{colours[name]}",
                      f"{q['kind']} quote: {name}" + (f" (found via {via})" if via else "")))
    for t in record["techniques"]:
        who = t.get("speaker_name") or "the article's voice"
        cues = ", ".join(t.get("cues", []))
        marks.append((t["start"], t["end"], "technique", "",
                      f"{t['technique']} ({t['score']:.2f}) used by {who}" + (f"; cues: {cues}" if cues else "")))
    for c in record["claims"]:
        marks.append((c["start"], c["end"], "claim-flag", "", f"claim ({c['status']}) by {c.get('claimant_name')}"))
    for e in record["entities"]:
        for m in e["mentions"]:
            marks.append((m["start"], m["end"], "entity", "", f"{e['name']} ({e['type']})"))
    for d in record["dates"]:
        marks.append((d["start"], d["end"], "date", "", f"date: {d['value']}"))
    cuts = sorted({0, len(text), *(m[0] for m in marks), *(m[1] for m in marks)})
    pieces = []
    for start, end in pairwise(cuts):
        covering = [m for m in marks if m[0] <= start and end <= m[1] and m[0] < m[1]]
        chunk = _e(text[start:end])
        if not covering:
            pieces.append(chunk)
            continue
        classes = " ".join(sorted({m[2] for m in covering}))
        style = ";".join(m[3] for m in covering if m[3])
        tooltip = " | ".join(m[4] for m in covering)
        pieces.append(f"<span class='{classes}' style='{_e(style)}' title='{_e(tooltip)}'>{chunk}</span>")
    return "".join(pieces)
