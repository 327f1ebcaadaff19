// One analysis record as a page: the highlighted text, and beside it quotes (with their kind),
// claims, techniques, relations (hedged and conditional ones marked as such), labels (their
// construction; negated and quoted ones marked), actors, frames, genre, dates and the techniques of
// each paragraph.
"use strict";
(function () {
  const P = window.Presslens;
  const {h, actorLink} = P;

  const SPEAKER_PALETTE = ["#ffd8a8", "#b2f2bb", "#a5d8ff", "#fcc2d7", "#d0bfff", "#ffec99", "#99e9f2",
    "#ffc9c9", "#c0eb75", "#eebefa", "#bac8ff", "#ffe066"];
  const UNATTRIBUTED = "#e9ecef";
  // Modalities that state a relation as a fact; any other (conditional, possible, ...) is not one.
  const FACTUAL_MODALITIES = new Set(["asserted", "factual", "actual", "realis"]);

  function statusBadge(status, vocab) {
    const known = vocab ? vocab.claim_statuses.includes(status) : true;
    return h("span", {class: `claim-badge status-${known ? status : "asserted"}`, text: status});
  }

  const badge = (text, cls, title) => h("span", {class: `badge ${cls}`, text, title});

  // A quote as it was written: direct and partial quotes in quotation marks, reported speech
  // (the reporter's words) without them, each with its kind.
  function quoteText(q, vocab) {
    const kind = q.kind || "direct";
    const title = (vocab.quote_kinds || {})[kind] || kind;
    const words = kind === "reported" ? h("span", {class: "reported-speech", text: q.text || ""})
      : h("span", {text: `“${q.text || ""}”`});
    return h("span", {class: `quote-kind-${kind}`}, badge(kind, `kind-${kind}`, title), " ", words);
  }

  // Why a relation is not a plain fact, as badges: negated, hedged, a modality other than factual.
  function relationQualifiers(r) {
    const notes = [];
    if (r.negated) notes.push(badge("negated", "negated", "the article says this did not happen"));
    if (r.hedged) notes.push(badge("hedged", "hedged", "reported as possible or alleged, not as a fact"));
    if (r.modality && !FACTUAL_MODALITIES.has(r.modality)) {
      notes.push(badge(r.modality, "hedged", `${r.modality}: not stated as a fact`));
    }
    return notes;
  }
  const isUncertain = r => Boolean(r.hedged || (r.modality && !FACTUAL_MODALITIES.has(r.modality)));

  function speakerColours(quotes) {
    const colours = new Map();
    quotes.forEach(q => {
      const key = q.speaker || "none";
      if (!colours.has(key)) {
        colours.set(key, key === "none" ? UNATTRIBUTED : SPEAKER_PALETTE[colours.size % SPEAKER_PALETTE.length]);
      }
    });
    return colours;
  }

  function articleHeader(a) {
    const doc = a.document || {};
    const dateNote = doc.published && doc.published_from ? ` (date from ${doc.published_from})` : "";
    const genre = a.genre && a.genre.label ? `${a.genre.label} (${Math.round(100 * (a.genre.score || 0))}%)` : null;
    return [
      h("h1", {id: "article-title", text: doc.title || doc.id || `Article ${a.article_id}`}),
      h("p", {class: "meta", id: "article-meta"}, [doc.source, doc.published ? doc.published + dateNote : "undated",
        doc.id && doc.title ? `file ${doc.id}` : null, doc.url].filter(Boolean).join(" · "),
        genre ? h("span", {}, " · genre ", h("b", {id: "article-genre", text: genre})) : null),
      a.frames && a.frames.length ? h("p", {class: "frames", id: "article-frames"}, "Frames: ",
        a.frames.map(f => badge(`${f.frame.replace(/_/g, " ")} ${Math.round(100 * (f.score || 0))}%`, "frame",
          `frame ${f.frame}, score ${f.score}`))) : null,
    ];
  }

  function renderArticle(a, vocab) {
    const entities = new Map((a.entities || []).map(e => [e.id, e]));
    const colours = speakerColours(a.quotes || []);
    const legend = h("div", {class: "legend", id: "speaker-legend"},
      [...colours.entries()].map(([key, colour]) => h("span", {},
        h("span", {class: "swatch", style: `background:${colour}`}),
        key === "none" ? "unattributed" : (entities.get(key) || {}).name || key)),
      h("span", {}, h("span", {class: "quote kind-reported", text: "reported speech"})),
      h("span", {}, h("span", {class: "tech", text: "technique"})),
      h("span", {}, h("span", {class: "claim", text: "claim"})),
      h("span", {}, h("span", {class: "label", text: "label"})));
    return h("div", {}, articleHeader(a), legend,
      h("div", {class: "article-layout"}, P.renderText(a, colours, vocab), sidebar(a, entities, vocab)));
  }

  function actorOf(entityId, name, entities) {
    const entity = entities.get(entityId);
    return entity ? actorLink(entity.actor_id, entity.name) : h("span", {class: "muted", text: name || "unattributed"});
  }

  function section(title, items, render, id) {
    return h("section", {id}, h("h2", {text: `${title} (${(items || []).length})`}),
      (items || []).length ? h("ul", {class: "plain"}, items.map(render)) : h("p", {class: "muted", text: "none"}));
  }

  // One label beside the text: who labels whom as what, how (the construction), negated, quoted.
  function labelItem(l, entities, vocab) {
    const who = l.source ? actorOf(l.source, l.source_name, entities)
      : h("i", {class: P.isUnnamedSpeaker(l) ? "unnamed-speaker" : "own-voice", text: P.labelSource(l)});
    const whom = l.target ? actorOf(l.target, l.target_name, entities) : h("span", {text: P.labelTarget(l)});
    const constructions = vocab.label_constructions || {};
    return h("li", {class: l.negated ? "uncertain" : null, title: P.labelLines(l, vocab).map(([k, v]) => `${k}: ${v}`).join("\n"),
      dataset: {source: P.labelSource(l), construction: l.construction || "", negated: String(Boolean(l.negated))}},
      who, l.negated ? " does not call " : " calls ", whom, " ", h("b", {class: "label-words", text: `“${l.label || ""}”`}), " ",
      l.construction ? badge(l.construction, "construction", constructions[l.construction] || l.construction) : null,
      l.negated ? badge("negated", "negated", "the text says the label does not apply") : null,
      l.quoted ? badge("quoted", "quoted", "the label stands inside a quotation") : null);
  }

  function sidebar(a, entities, vocab) {
    const via = q => q.speaker_via ? `speaker found via ${P.speakerVia(q)}` : null;
    return h("div", {class: "side"},
      section("Quotes", a.quotes, q => h("li", {title: via(q), dataset: {kind: q.kind || "direct"}},
        h("b", {}, actorOf(q.speaker, q.speaker_name, entities)), ": ", quoteText(q, vocab)), "side-quotes"),
      section("Claims", a.claims, c => h("li", {}, statusBadge(c.status, vocab), " ", c.text,
        h("div", {class: "meta"}, actorOf(c.claimant, c.claimant_name, entities),
          c.group_articles > 1 ? ` · in ${c.group_articles} articles` : ""))),
      section("Techniques", a.techniques, t => h("li", {}, h("b", {text: t.technique}), " — ", `“${t.text}”`,
        h("div", {class: "meta"}, t.speaker_name || "the article's own voice"))),
      section("Relations", a.relations, r => h("li", {class: isUncertain(r) ? "uncertain" : null,
        dataset: {hedged: String(Boolean(r.hedged)), negated: String(Boolean(r.negated))}},
        r.source_name, " ", h("b", {text: r.kind}), " ", r.target_name, " ", relationQualifiers(r),
        h("div", {class: "meta", text: r.evidence || ""})), "side-relations"),
      section("Labels", a.labels, l => labelItem(l, entities, vocab), "side-labels"),
      section("Paragraph techniques", a.paragraph_techniques, p => h("li", {}, h("b", {text: `¶ ${p.line}`}), " ",
        (p.techniques || []).join(", ")), "side-paragraphs"),
      section("Dates", a.dates, d => h("li", {}, `“${d.text}”`, " → ", h("b", {text: d.value || "?"})), "side-dates"),
      section("Actors", a.entities, e => h("li", {}, actorLink(e.actor_id, e.name),
        h("span", {class: "meta", text: ` ${e.type}${e.country ? " · " + e.country : ""}${e.generic ? " · unnamed group" : ""}`}))));
  }

  Object.assign(P, {renderArticle, statusBadge, quoteText, relationQualifiers, isUncertain, badge});
})();
