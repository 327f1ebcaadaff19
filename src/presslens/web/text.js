// An article's text cut at every annotation boundary; each piece carries the annotations over it
// (quote, technique, claim, label) as classes, data attributes and a tooltip.
"use strict";
(function () {
  const P = window.Presslens;
  const {h} = P;

  // How a quote's speaker was found, with the words that name it: "pronoun “she”".
  function speakerVia(q) {
    const mention = (q.speaker_mention || {}).text;
    return mention ? `${q.speaker_via} “${mention}”` : q.speaker_via;
  }

  function renderText(a, speakerColour, vocab) {
    const text = a.text || "";
    const notes = [];
    (a.quotes || []).forEach(q => notes.push({kind: "quote", start: q.start, end: q.end, item: q}));
    (a.techniques || []).forEach(t => notes.push({kind: "tech", start: t.start, end: t.end, item: t}));
    (a.claims || []).forEach(c => notes.push({kind: "claim", start: c.start, end: c.end, item: c}));
    (a.labels || []).forEach(l => notes.push({kind: "label", start: l.start, end: l.end, item: l}));
    const valid = notes.filter(n => Number.isInteger(n.start) && Number.isInteger(n.end) && n.start < n.end
      && n.end <= text.length);
    const cuts = [...new Set([0, text.length, ...valid.flatMap(n => [n.start, n.end])])].sort((x, y) => x - y);
    const box = h("div", {class: "article-text", id: "article-text"});
    for (let i = 0; i + 1 < cuts.length; i++) {
      const [from, to] = [cuts[i], cuts[i + 1]];
      const over = valid.filter(n => n.start <= from && to <= n.end);
      const piece = text.slice(from, to);
      if (!over.length) box.appendChild(document.createTextNode(piece));
      else box.appendChild(annotatedPiece(piece, over, speakerColour, vocab));
      valid.filter(n => n.kind === "claim" && n.end === to).forEach(n => {
        box.appendChild(Object.assign(P.statusBadge(n.item.status, vocab), {title: `claim: ${n.item.status}`}));
      });
    }
    return box;
  }

  // The tooltip lines of one annotation, and what it adds to the piece's span.
  function describe(n, span, vocab) {
    const item = n.item;
    if (n.kind === "quote") {
      const kind = item.kind || "direct";
      span.classList.add(`kind-${kind}`);
      span.dataset.speaker = item.speaker_name || "";
      span.dataset.kind = kind;
      const lines = [["quote", item.speaker_name || "unattributed speaker"],
        ["kind", (vocab.quote_kinds || {})[kind] || kind]];
      if (item.speaker_via) lines.push(["speaker found via", speakerVia(item)]);
      return lines;
    }
    if (n.kind === "tech") {
      const lines = [["technique", `${item.technique} (${item.category || "?"})`],
        ["used by", item.speaker_name || "the article's own voice"]];
      if ((item.cues || []).length) lines.push(["cues", item.cues.join(", ")]);
      return lines;
    }
    if (n.kind === "label") {
      span.dataset.label = item.label || "";
      span.dataset.labelSource = labelSource(item);
      span.dataset.construction = item.construction || "";
      if (item.negated) span.classList.add("label-negated");
      return labelLines(item, vocab);
    }
    span.dataset.status = item.status;
    return [["claim", `${item.status}${item.claimant_name ? " — " + item.claimant_name : ""}`]];
  }

  const OWN_VOICE = "the article's own voice";
  // Who applies a label: its source actor; else a quoted speaker the text names only in words
  // ("a second source": source_name without source), shown as quoted; neither is the article's
  // own voice.
  const isUnnamedSpeaker = l => !l.source && Boolean(l.source_name);
  const labelSource = l => l.source ? (l.source_name || l.source)
    : isUnnamedSpeaker(l) ? `“${l.source_name}” (quoted, no entity)` : OWN_VOICE;
  // An epithet's words are often its whole target ("future terrorists"): then no one is named.
  const sameWords = (x, y) => (x || "").trim().toLowerCase() === (y || "").trim().toLowerCase();
  const labelTarget = l => l.target_name
    || (l.target_text && !sameWords(l.target_text, l.label) ? l.target_text : "no one named");

  // "Who labels whom as what" in a sentence, negation included.
  function labelSentence(l) {
    return `${labelSource(l)} ${l.negated ? "does not call" : "calls"} ${labelTarget(l)} “${l.label || ""}”`;
  }

  // The tooltip lines of a label: who labels whom as what, the construction, negated and quoted.
  function labelLines(l, vocab) {
    const constructions = (vocab && vocab.label_constructions) || {};
    const lines = [["label", labelSentence(l)],
      ["construction", l.construction ? `${l.construction}: ${constructions[l.construction] || ""}` : "not recorded"]];
    if (l.negated) lines.push(["negated", "the text says the label does not apply"]);
    if (l.quoted) lines.push(["quoted", "the label stands inside a quotation"]);
    return lines;
  }

  function annotatedPiece(piece, over, speakerColour, vocab) {
    const span = h("span", {});
    const lines = [];
    // every technique over the piece, space-separated like a class list: two overlapping spans
    // of different techniques both stay findable
    const techniques = [];
    over.forEach(n => {
      span.classList.add(n.kind);
      if (n.kind === "quote") span.style.backgroundColor = speakerColour.get(n.item.speaker || "none");
      if (n.kind === "tech") techniques.push(n.item.technique);
      lines.push(...describe(n, span, vocab));
    });
    if (techniques.length) span.dataset.technique = [...new Set(techniques)].join(" ");
    span.textContent = piece;
    span.title = lines.map(([k, v]) => `${k}: ${v}`).join("\n");
    span.addEventListener("mouseenter", ev => showTooltip(ev, lines));
    span.addEventListener("mousemove", moveTooltip);
    span.addEventListener("mouseleave", hideTooltip);
    return span;
  }

  function showTooltip(ev, lines) {
    const tip = document.getElementById("tooltip");
    tip.replaceChildren(...lines.map(([k, v]) => h("div", {}, h("b", {text: `${k}: `}), v)));
    tip.hidden = false;
    moveTooltip(ev);
  }
  function moveTooltip(ev) {
    const tip = document.getElementById("tooltip");
    tip.style.left = `${Math.min(ev.clientX + 12, window.innerWidth - 350)}px`;
    tip.style.top = `${ev.clientY + 16}px`;
  }
  function hideTooltip() {
    const tip = document.getElementById("tooltip");
    if (tip) tip.hidden = true;
  }

  Object.assign(P, {renderText, speakerVia, showTooltip, moveTooltip, hideTooltip, isUnnamedSpeaker, labelSource, labelTarget,
    labelSentence, labelLines});
})();
