// The presslens web UI: a single page over the HTTP API. Every piece of article data reaches the
// page through textContent or attribute setters, never as HTML, so article text cannot run code.
"use strict";

const RELATION_KINDS = ["agrees", "meets", "supports", "concedes", "cooperates", "aids", "retreats", "coerces",
  "requests", "accuses", "rejects", "threatens", "protests", "sanctions", "mobilizes", "attacks", "ally",
  "relations_worsen", "relations_improve"];
const CONFLICT_KINDS = new Set(["accuses", "rejects", "threatens", "protests", "sanctions", "mobilizes", "attacks",
  "coerces", "relations_worsen"]);
const SYMMETRIC_KINDS = new Set(["ally", "relations_worsen", "relations_improve"]);
const CLAIM_STATUSES = ["asserted", "unsupported", "disputed", "denied", "false", "confirmed"];
const PALETTE = ["#ffd8a8", "#b2f2bb", "#a5d8ff", "#fcc2d7", "#d0bfff", "#ffec99", "#99e9f2", "#ffc9c9",
  "#c0eb75", "#eebefa", "#bac8ff", "#ffe066"];
const CHART_PALETTE = ["#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1", "#ff9da7",
  "#9c755f", "#bab0ac", "#1f77b4", "#aec7e8", "#ffbb78", "#98df8a", "#d62728", "#9467bd", "#c5b0d5",
  "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf", "#393b79"];

// --- small DOM helpers ------------------------------------------------------------------------
function h(tag, props, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(props || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (key === "class") node.className = value;
    else if (key === "text") node.textContent = value;
    else if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
    else if (key === "dataset") Object.assign(node.dataset, value);
    else if (key === "style") node.style.cssText = value;  // CSSOM, allowed by the page's CSP
    else node.setAttribute(key, String(value));
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    node.appendChild(typeof child === "string" || typeof child === "number" ? document.createTextNode(String(child)) : child);
  }
  return node;
}

function link(href, text) { return h("a", {href, text}); }

function articleLink(id, title) { return link(`#/article/${encodeURIComponent(id)}`, title || `article ${id}`); }

function actorLink(id, name) {
  return id ? link(`#/actor/${encodeURIComponent(id)}`, name || `actor ${id}`) : h("span", {class: "muted", text: name || "—"});
}

function statusBadge(status) {
  return h("span", {class: `claim-badge status-${CLAIM_STATUSES.includes(status) ? status : "asserted"}`, text: status});
}

function showError(message) {
  const box = document.getElementById("error");
  box.textContent = message;
  box.hidden = !message;
}

async function api(path) {
  const response = await fetch(path, {headers: {Accept: "application/json"}});
  const body = await response.json().catch(() => ({}));
  if (!response.ok) {
    const detail = typeof body.detail === "string" ? body.detail : JSON.stringify(body.detail || body);
    throw new Error(`${response.status}: ${detail}`);
  }
  return body;
}

function query(params) {
  const search = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (Array.isArray(v)) v.forEach(x => search.append(k, x));
    else if (v !== null && v !== undefined && v !== "") search.set(k, v);
  }
  const text = search.toString();
  return text ? `?${text}` : "";
}

function field(label, input) { return h("label", {}, label, input); }

function formValues(form) {
  const values = {};
  for (const [k, v] of new FormData(form).entries()) values[k] = v;
  return values;
}

// --- routing ----------------------------------------------------------------------------------
const routes = {articles: viewArticles, article: viewArticle, actors: viewActors, actor: viewActor,
  graph: viewGraph, claims: viewClaims, techniques: viewTechniques, analyse: viewAnalyse};

function parseHash() {
  const [path, search] = location.hash.replace(/^#\/?/, "").split("?");
  const [name, id] = path.split("/");
  return {name: routes[name] ? name : "articles", id: id ? decodeURIComponent(id) : null,
          params: Object.fromEntries(new URLSearchParams(search || ""))};
}

async function route() {
  const {name, id, params} = parseHash();
  document.querySelectorAll("nav a[data-nav]").forEach(a => {
    a.classList.toggle("active", a.dataset.nav === name || a.dataset.nav + "s" === name || a.dataset.nav === name + "s");
  });
  hideTooltip();
  showError("");
  const view = document.getElementById("view");
  view.dataset.view = name;
  view.dataset.ready = "false";
  try {
    const content = await routes[name](id, params);
    view.replaceChildren(content);
    if (content.afterMount) content.afterMount();
  } catch (err) {
    view.replaceChildren(h("p", {class: "muted", text: "Nothing to show."}));
    showError(err.message);
  }
  view.dataset.ready = "true";
}

function go(name, params) { location.hash = `#/${name}${query(params)}`; }

// --- articles ---------------------------------------------------------------------------------
async function viewArticles(_, params) {
  const data = await api(`/articles${query(params)}`);
  const form = h("form", {class: "filters", id: "article-filters", onsubmit: ev => {
    ev.preventDefault();
    go("articles", formValues(form));
  }},
    field("Search", h("input", {name: "q", type: "search", value: params.q || "", placeholder: "words in the text"})),
    field("Source", h("input", {name: "source", value: params.source || ""})),
    field("From", h("input", {name: "date_from", type: "date", value: params.date_from || ""})),
    field("To", h("input", {name: "date_to", type: "date", value: params.date_to || ""})),
    field("Technique", h("input", {name: "technique", value: params.technique || "", placeholder: "e.g. Loaded_Language"})),
    params.actor ? h("input", {type: "hidden", name: "actor", value: params.actor}) : null,
    h("button", {type: "submit", text: "Search"}));
  const items = data.articles.map(a => h("li", {class: "article-item", dataset: {id: a.id}},
    h("div", {}, articleLink(a.id, a.title || a.doc_id)),
    h("div", {class: "meta"}, [a.source, a.published, `${a.quotes} quotes`, `${a.claims} claims`,
      `${a.relations} relations`, `${a.techniques} techniques`].filter(Boolean).join(" · ")),
    a.snippet ? snippet(a.snippet) : null));
  return h("div", {},
    h("h1", {text: "Articles"}), form,
    h("p", {class: "meta", id: "article-total", text: `${data.total} article${data.total === 1 ? "" : "s"}`
      + (params.actor ? ` naming actor ${params.actor}` : "")}),
    h("ul", {class: "list", id: "article-list"}, items));
}

// FTS snippets mark matches with \u0002 ... \u0003: turn them into <mark> without parsing HTML.
function snippet(text) {
  const node = h("div", {class: "snippet meta"});
  text.split("\u0002").forEach((part, i) => {
    if (i === 0) { node.appendChild(document.createTextNode(part)); return; }
    const [hit, rest] = part.split("\u0003");
    node.appendChild(h("mark", {text: hit}));
    node.appendChild(document.createTextNode(rest || ""));
  });
  return node;
}

// --- one article ------------------------------------------------------------------------------
async function viewArticle(id) {
  return renderArticle(await api(`/articles/${encodeURIComponent(id)}`));
}

// An analysis record as the article view: highlighted text, and its layers beside it.
function renderArticle(a) {
  const entities = new Map((a.entities || []).map(e => [e.id, e]));
  const speakerColour = new Map();
  (a.quotes || []).forEach(q => {
    const key = q.speaker || "none";
    if (!speakerColour.has(key)) speakerColour.set(key, key === "none" ? "#e9ecef" : PALETTE[(speakerColour.size) % PALETTE.length]);
  });
  const doc = a.document || {};
  const legend = h("div", {class: "legend", id: "speaker-legend"},
    [...speakerColour.entries()].map(([key, colour]) => h("span", {},
      h("span", {class: "swatch", style: `background:${colour}`}),
      key === "none" ? "unattributed" : (entities.get(key) || {}).name || key)),
    h("span", {}, h("span", {class: "tech", text: "technique"})),
    h("span", {}, h("span", {class: "claim", text: "claim"})));
  const text = renderText(a, speakerColour);
  const side = h("div", {class: "side"},
    section("Quotes", a.quotes, q => h("li", {title: q.speaker_via ? `speaker found via ${speakerVia(q)}` : ""},
      h("b", {}, actorOf(q.speaker, q.speaker_name, entities)), ": “", q.text, "”")),
    section("Claims", a.claims, c => h("li", {}, statusBadge(c.status), " ", c.text,
      h("div", {class: "meta"}, actorOf(c.claimant, c.claimant_name, entities),
        c.group_articles > 1 ? ` · in ${c.group_articles} articles` : ""))),
    section("Techniques", a.techniques, t => h("li", {}, h("b", {text: t.technique}), " — ", `“${t.text}”`,
      h("div", {class: "meta"}, t.speaker_name || "the article's own voice"))),
    section("Relations", a.relations, r => h("li", {}, r.source_name, " ", h("b", {text: r.kind + (r.negated ? " (negated)" : "")}), " ", r.target_name,
      h("div", {class: "meta", text: r.evidence || ""}))),
    section("Labels", a.labels, l => h("li", {}, l.source_name || "the article", " calls ", l.target_name || l.target_text || "?", " ", h("b", {text: `“${l.label}”`}))),
    section("Actors", a.entities, e => h("li", {}, actorLink(e.actor_id, e.name), h("span", {class: "meta", text: ` ${e.type}${e.country ? " · " + e.country : ""}`}))));
  return h("div", {},
    h("h1", {id: "article-title", text: doc.title || doc.id || `Article ${a.article_id}`}),
    h("p", {class: "meta", text: [doc.source, doc.published, doc.url].filter(Boolean).join(" · ")}),
    legend,
    h("div", {class: "article-layout"}, text, side));
}

// How a quote's speaker was found, with the words that name it: "pronoun “she”".
function speakerVia(q) {
  const mention = (q.speaker_mention || {}).text;
  return mention ? `${q.speaker_via} “${mention}”` : q.speaker_via;
}

function actorOf(entityId, name, entities) {
  const entity = entities.get(entityId);
  return entity ? actorLink(entity.actor_id, entity.name) : h("span", {class: "muted", text: name || "unattributed"});
}

function section(title, items, render) {
  return h("section", {}, h("h2", {text: `${title} (${(items || []).length})`}),
    (items || []).length ? h("ul", {class: "plain"}, items.map(render)) : h("p", {class: "muted", text: "none"}));
}

// The article text cut at every annotation boundary; each piece carries the annotations over it.
function renderText(a, speakerColour) {
  const text = a.text || "";
  const notes = [];
  (a.quotes || []).forEach(q => notes.push({kind: "quote", start: q.start, end: q.end, item: q}));
  (a.techniques || []).forEach(t => notes.push({kind: "tech", start: t.start, end: t.end, item: t}));
  (a.claims || []).forEach(c => notes.push({kind: "claim", start: c.start, end: c.end, item: c}));
  const valid = notes.filter(n => Number.isInteger(n.start) && Number.isInteger(n.end) && n.start < n.end && n.end <= text.length);
  const cuts = [...new Set([0, text.length, ...valid.flatMap(n => [n.start, n.end])])].sort((x, y) => x - y);
  const box = h("div", {class: "article-text", id: "article-text"});
  for (let i = 0; i + 1 < cuts.length; i++) {
    const [from, to] = [cuts[i], cuts[i + 1]];
    const over = valid.filter(n => n.start <= from && to <= n.end);
    const piece = text.slice(from, to);
    if (!over.length) box.appendChild(document.createTextNode(piece));
    else box.appendChild(annotatedPiece(piece, over, speakerColour));
    valid.filter(n => n.kind === "claim" && n.end === to).forEach(n => {
      box.appendChild(Object.assign(statusBadge(n.item.status), {title: `claim: ${n.item.status}`}));
    });
  }
  return box;
}

function annotatedPiece(piece, over, speakerColour) {
  const span = h("span", {});
  const lines = [];
  // every technique over the piece, space-separated like a class list: two overlapping spans
  // of different techniques both stay findable
  const techniques = [];
  over.forEach(n => {
    span.classList.add(n.kind);
    if (n.kind === "quote") {
      span.style.backgroundColor = speakerColour.get(n.item.speaker || "none");
      span.dataset.speaker = n.item.speaker_name || "";
      lines.push(["quote", n.item.speaker_name || "unattributed speaker"]);
      if (n.item.speaker_via) lines.push(["speaker found via", speakerVia(n.item)]);
    } else if (n.kind === "tech") {
      techniques.push(n.item.technique);
      lines.push(["technique", `${n.item.technique} (${n.item.category || "?"})`]);
      lines.push(["used by", n.item.speaker_name || "the article's own voice"]);
      if ((n.item.cues || []).length) lines.push(["cues", n.item.cues.join(", ")]);
    } else if (n.kind === "claim") {
      span.dataset.status = n.item.status;
      lines.push(["claim", `${n.item.status}${n.item.claimant_name ? " — " + n.item.claimant_name : ""}`]);
    }
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
function hideTooltip() { const tip = document.getElementById("tooltip"); if (tip) tip.hidden = true; }

// --- actors -----------------------------------------------------------------------------------
async function viewActors(_, params) {
  const data = await api(`/actors${query({q: params.q, limit: 300})}`);
  const form = h("form", {class: "filters", onsubmit: ev => { ev.preventDefault(); go("actors", formValues(form)); }},
    field("Name", h("input", {name: "q", type: "search", value: params.q || ""})), h("button", {type: "submit", text: "Find"}));
  return h("div", {}, h("h1", {text: "Actors"}), form,
    h("table", {id: "actor-table"}, h("thead", {}, h("tr", {}, ["Actor", "Type", "Country", "Articles", "Mentions", "Quotes"].map(t => h("th", {text: t})))),
      h("tbody", {}, data.actors.map(a => h("tr", {}, h("td", {}, actorLink(a.id, a.name)), h("td", {text: a.type || ""}),
        h("td", {text: a.country || ""}), h("td", {text: a.articles}), h("td", {text: a.mentions}), h("td", {text: a.quotes}))))));
}

async function viewActor(id) {
  const a = await api(`/actors/${encodeURIComponent(id)}`);
  const table = (headers, rows) => rows.length ? h("table", {}, h("thead", {}, h("tr", {}, headers.map(t => h("th", {text: t})))), h("tbody", {}, rows))
    : h("p", {class: "muted", text: "none"});
  return h("div", {},
    h("h1", {id: "actor-name", text: a.name}),
    h("p", {class: "meta", text: [a.type, a.country, a.sector, `${a.articles} articles`].filter(Boolean).join(" · ")}),
    a.aliases.length ? h("p", {class: "meta", text: "Also: " + a.aliases.join(", ")}) : null,
    h("p", {}, link(`#/articles${query({actor: a.id})}`, "Articles naming this actor")),
    h("h2", {text: `Quotes (${a.quotes.length})`}),
    table(["Date", "Quote", "Article"], a.quotes.map(q => h("tr", {}, h("td", {text: q.date || q.published || ""}),
      h("td", {text: `“${q.text}”`}), h("td", {}, articleLink(q.article_id, q.article_title))))),
    h("h2", {text: `Relations over time (${a.relations.length})`}),
    table(["When", "Source", "Relation", "Target", "Evidence"], a.relations.map(r => h("tr", {}, h("td", {text: r.happened || ""}),
      h("td", {}, actorLink(r.source, r.source_name)), h("td", {text: r.kind + (r.negated ? " (negated)" : "") + (r.hedged ? " (hedged)" : "")}),
      h("td", {}, actorLink(r.target, r.target_name)), h("td", {}, r.evidence || "", " ", articleLink(r.article_id, "↗"))))),
    h("h2", {text: `Labels used (${a.labels_used.length})`}),
    table(["Label", "Target", "Article"], a.labels_used.map(l => h("tr", {}, h("td", {text: l.label}),
      h("td", {}, l.target ? actorLink(l.target, l.target_name) : (l.target_text || "")), h("td", {}, articleLink(l.article_id, l.article_title))))),
    h("h2", {text: `Labels received (${a.labels_received.length})`}),
    table(["Label", "From", "Article"], a.labels_received.map(l => h("tr", {}, h("td", {text: l.label}),
      h("td", {}, l.source ? actorLink(l.source, l.source_name) : "the article"), h("td", {}, articleLink(l.article_id, l.article_title))))),
    h("h2", {text: `Claims (${a.claims.length})`}),
    table(["Status", "Claim", "Article"], a.claims.map(c => h("tr", {}, h("td", {}, statusBadge(c.status)), h("td", {text: c.text}),
      h("td", {}, articleLink(c.article_id, c.article_title))))));
}

// --- graph ------------------------------------------------------------------------------------
async function viewGraph(_, params) {
  const kinds = params.kinds ? params.kinds.split(",") : [];
  const data = await api(`/graph${query({kinds: kinds.length ? kinds.join(",") : null, date_from: params.date_from, date_to: params.date_to})}`);
  const form = h("form", {class: "filters", id: "graph-filters", onsubmit: ev => {
    ev.preventDefault();
    const chosen = [...form.querySelectorAll("input[name=kind]:checked")].map(i => i.value);
    const values = formValues(form);
    go("graph", {kinds: chosen.join(","), date_from: values.date_from, date_to: values.date_to});
  }},
    h("div", {class: "kinds"}, RELATION_KINDS.map(k => h("label", {}, h("input", {type: "checkbox", name: "kind", value: k, checked: kinds.includes(k) ? "checked" : null}), k))),
    field("From", h("input", {name: "date_from", type: "date", value: params.date_from || ""})),
    field("To", h("input", {name: "date_to", type: "date", value: params.date_to || ""})),
    h("button", {type: "submit", text: "Filter"}));
  const svg = document.createElementNS("http://www.w3.org/2000/svg", "svg");
  svg.id = "graph-svg";
  const root = h("div", {}, h("h1", {text: "Actor graph"}), form,
    h("p", {class: "meta", id: "graph-summary", text: `${data.nodes.length} actors, ${data.edges.length} relations (red: conflict, green: cooperation). Drag to arrange, click an actor to open it.`}),
    svg);
  root.afterMount = () => PresslensGraph.draw(svg, data.nodes, data.edges, {
    colourOfEdge: e => CONFLICT_KINDS.has(e.kind) ? "#c0392b" : "#2e8b57",
    colourOfNode: n => n.type === "PERSON" ? "#4e79a7" : "#f28e2b",
    symmetric: e => SYMMETRIC_KINDS.has(e.kind),
    titleOfEdge: e => `${e.kind} × ${e.count} (${e.first || "?"} – ${e.last || "?"})` + (e.examples[0] ? `\n${e.examples[0].evidence || ""}` : ""),
    onNodeClick: n => go(`actor/${n.id}`, {}),
  });
  return root;
}

// --- claims ledger ----------------------------------------------------------------------------
async function viewClaims(_, params) {
  const data = await api(`/claims${query({status: params.status, q: params.q, min_articles: params.min_articles})}`);
  const form = h("form", {class: "filters", id: "claim-filters", onsubmit: ev => { ev.preventDefault(); go("claims", formValues(form)); }},
    field("Status", h("select", {name: "status"}, h("option", {value: "", text: "any"}),
      CLAIM_STATUSES.map(s => h("option", {value: s, text: s, selected: params.status === s ? "selected" : null})))),
    field("Words", h("input", {name: "q", type: "search", value: params.q || ""})),
    field("In at least", h("select", {name: "min_articles"}, [1, 2, 3, 5].map(n =>
      h("option", {value: n, text: `${n} article${n > 1 ? "s" : ""}`, selected: String(n) === (params.min_articles || "1") ? "selected" : null})))),
    h("button", {type: "submit", text: "Filter"}));
  const rows = data.claims.map(g => h("tr", {class: "claim-row", dataset: {status: g.status}},
    h("td", {}, statusBadge(g.status)),
    h("td", {}, h("details", {}, h("summary", {text: g.text}),
      h("ul", {}, g.claims.map(c => h("li", {}, statusBadge(c.status), " ", c.text, " — ", c.claimant_name || "unattributed", ", ",
        articleLink(c.article_id, c.article_title || `article ${c.article_id}`), c.published ? ` (${c.published})` : ""))))),
    h("td", {text: g.articles}), h("td", {text: g.claimants.join(", ")}),
    h("td", {text: [g.first_seen, g.last_seen].filter(Boolean).join(" – ")})));
  return h("div", {}, h("h1", {text: "Claims ledger"}), form,
    h("p", {class: "meta", id: "claim-total", text: `${data.total} claim${data.total === 1 ? "" : "s"}`}),
    h("table", {id: "claim-table"}, h("thead", {}, h("tr", {}, ["Status", "Claim", "Articles", "Claimants", "Seen"].map(t => h("th", {text: t})))),
      h("tbody", {}, rows)));
}

// --- technique statistics ---------------------------------------------------------------------
async function viewTechniques(_, params) {
  const by = ["source", "speaker", "month"].includes(params.by) ? params.by : "source";
  const data = await api(`/techniques/stats${query({by})}`);
  const colour = new Map(data.techniques.map((t, i) => [t, CHART_PALETTE[i % CHART_PALETTE.length]]));
  const chart = h("div", {class: "chart", id: "technique-chart"});
  PresslensCharts.stackedBars(chart, data.groups, data.techniques, t => colour.get(t));
  return h("div", {}, h("h1", {text: "Persuasion techniques"}),
    h("p", {}, "By ", ["source", "speaker", "month"].map(b => b === by ? h("b", {text: b + " "}) : h("span", {}, link(`#/techniques?by=${b}`, b), " "))),
    h("div", {class: "legend"}, data.techniques.map(t => h("span", {}, h("span", {class: "swatch", style: `background:${colour.get(t)}`}), t))),
    data.groups.length ? chart : h("p", {class: "muted", text: "No techniques in the store yet."}));
}

// --- analyse a new article -------------------------------------------------------------------
async function viewAnalyse() {
  const result = h("div", {id: "analyse-result"});
  const form = h("form", {class: "filters analyse", id: "analyse-form", onsubmit: async ev => {
    ev.preventDefault();
    showError("");
    const v = formValues(form);
    const headers = {"Content-Type": "application/json", Accept: "application/json"};
    if (v.token) headers.Authorization = `Bearer ${v.token}`;
    const body = {text: v.text, title: v.title || null, source: v.source || null, published: v.published || null};
    const response = await fetch(`/analyze${query({store: v.store ? "true" : null})}`,
                                 {method: "POST", headers, body: JSON.stringify(body)});
    const data = await response.json().catch(() => ({}));
    if (!response.ok) {
      const detail = typeof data.detail === "string" ? data.detail : (data.detail && data.detail.message) || JSON.stringify(data.detail || data);
      showError(`${response.status}: ${detail}`);
      return;
    }
    if (data.article_id) go(`article/${data.article_id}`, {});
    else result.replaceChildren(renderArticle(data));
  }},
    field("Title", h("input", {name: "title"})),
    field("Source", h("input", {name: "source"})),
    field("Published", h("input", {name: "published", type: "date"})),
    field("Text", h("textarea", {name: "text", required: "required", rows: 10})),
    h("label", {class: "inline"}, h("input", {type: "checkbox", name: "store", value: "1"}), "keep in the corpus"),
    field("Token (if the server has one)", h("input", {name: "token", type: "password", autocomplete: "off"})),
    h("button", {type: "submit", text: "Analyse"}));
  return h("div", {}, h("h1", {text: "Analyse an article"}), form, result);
}

window.addEventListener("hashchange", route);
window.addEventListener("DOMContentLoaded", route);
