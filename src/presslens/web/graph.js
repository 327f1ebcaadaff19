// The actor graph: relations aggregated per pair of actors, the N actors of highest degree by
// default, filters (kinds, date window, actor search, minimum weight), drawn with Cytoscape.js
// (vendored, canvas, zoom and pan) and laid out with fCoSE, which settles a few hundred nodes in
// well under a second.
"use strict";
(function () {
  const P = window.Presslens;
  const {h, api, query, field, formValues, select, plural} = P;

  const TOP_CHOICES = [25, 50, 100, 200, 400];
  const DEFAULT_TOP = 50;
  const MOST_EDGES = 10000;  // edges read from the API; the graph shown is cut far below that
  const NODE_COLOURS = [["PERSON", "#4e79a7", "person"], ["ORG", "#f28e2b", "organisation"],
    ["GPE", "#59a14f", "country, city, region"], ["NORP", "#b07aa1", "nationality, group"]];
  const OTHER_NODE = "#9c9c9c";
  const EDGE_COLOURS = {conflict: "#c0392b", cooperation: "#2e8b57", mixed: "#8e6bb0"};

  if (window.cytoscape && window.cytoscapeFcose && !window.cytoscape.__presslensFcose) {
    window.cytoscape.use(window.cytoscapeFcose);
    window.cytoscape.__presslensFcose = true;
  }

  function settingsOf(params) {
    const number = (value, fallback) => (/^\d+$/.test(value || "") && Number(value) > 0 ? Number(value) : fallback);
    return {kinds: params.kinds ? params.kinds.split(",").filter(Boolean) : [], date_from: params.date_from || "",
      date_to: params.date_to || "", q: (params.q || "").trim(), actor: number(params.actor, null),
      top: number(params.top, DEFAULT_TOP), min: number(params.min, 1), negated: params.negated === "1"};
  }

  // Relations aggregated per unordered pair of actors: how many, of which kinds, in which direction.
  function aggregatePairs(edges, conflict) {
    const pairs = new Map();
    for (const e of edges) {
      const [a, b] = e.source < e.target ? [e.source, e.target] : [e.target, e.source];
      const key = `${a}-${b}`;
      if (!pairs.has(key)) pairs.set(key, {key, a, b, count: 0, conflict: 0, cooperation: 0, kinds: [], hedged: 0});
      const pair = pairs.get(key);
      pair.count += e.count;
      pair[conflict.has(e.kind) ? "conflict" : "cooperation"] += e.count;
      pair.kinds.push(e);
      pair.hedged += (e.examples || []).filter(x => x.hedged).length;
    }
    return [...pairs.values()];
  }

  // The pairs and actors to draw: at least `min` relations a pair, around the searched actor when
  // there is one, between the `top` actors of highest degree.
  function selectGraph(data, settings, conflict) {
    const nodes = new Map(data.nodes.map(n => [n.id, n]));
    let pairs = aggregatePairs(data.edges, conflict).filter(p => p.count >= settings.min);
    const needle = settings.q.toLowerCase();
    const focus = new Set(data.nodes.filter(n => (settings.actor && n.id === settings.actor)
      || (needle && n.name.toLowerCase().includes(needle))).map(n => n.id));
    if (settings.actor || needle) pairs = pairs.filter(p => focus.has(p.a) || focus.has(p.b));
    const present = new Set(pairs.flatMap(p => [p.a, p.b]));
    const ranked = [...present].map(id => nodes.get(id)).filter(Boolean)
      .sort((x, y) => (focus.has(y.id) - focus.has(x.id)) || (y.degree - x.degree) || x.name.localeCompare(y.name));
    const kept = new Set(ranked.slice(0, settings.top).map(n => n.id));
    return {nodes: ranked.filter(n => kept.has(n.id)), pairs: pairs.filter(p => kept.has(p.a) && kept.has(p.b)),
      candidates: ranked.length, allPairs: pairs.length, focus};
  }

  function graphForm(settings, vocab) {
    const form = h("form", {class: "filters", id: "graph-filters", onsubmit: ev => {
      ev.preventDefault();
      const chosen = [...form.querySelectorAll("input[name=kind]:checked")].map(i => i.value);
      const v = formValues(form);
      P.go("graph", {kinds: chosen.join(","), date_from: v.date_from, date_to: v.date_to, q: v.q, top: v.top,
        min: v.min, negated: v.negated, actor: v.q ? null : settings.actor});
    }},
      field("Actor", h("input", {name: "q", type: "search", value: settings.q, placeholder: "name contains…"})),
      field("Show", select("top", TOP_CHOICES.map(n => [n, `top ${n} actors`]), settings.top)),
      field("At least", select("min", [1, 2, 3, 5, 10, 20].map(n => [n, plural(n, "relation")]), settings.min)),
      field("From", h("input", {name: "date_from", type: "date", value: settings.date_from})),
      field("To", h("input", {name: "date_to", type: "date", value: settings.date_to})),
      h("label", {class: "inline"}, h("input", {type: "checkbox", name: "negated", value: "1",
        checked: settings.negated ? "checked" : null}), "negated too"),
      h("button", {type: "submit", text: "Filter"}),
      h("details", {class: "kinds-box", open: settings.kinds.length ? "open" : null},
        h("summary", {text: settings.kinds.length ? `Kinds: ${settings.kinds.join(", ")}` : "Kinds: all"}),
        h("div", {class: "kinds"}, vocab.relation_kinds.map(k => h("label", {}, h("input", {type: "checkbox", name: "kind",
          value: k, checked: settings.kinds.includes(k) ? "checked" : null}), k)))));
    return form;
  }

  function legend() {
    const swatch = (colour, text, cls) => h("span", {}, h("span", {class: `swatch ${cls || ""}`, style: `background:${colour}`}), text);
    return h("div", {class: "legend graph-legend", id: "graph-legend"},
      h("b", {text: "Actors:"}), NODE_COLOURS.map(([, colour, text]) => swatch(colour, text, "round")),
      swatch(OTHER_NODE, "other", "round"), h("span", {class: "muted", text: "size: relations"}),
      h("b", {text: "Relations:"}), swatch(EDGE_COLOURS.conflict, "conflict", "line"),
      swatch(EDGE_COLOURS.cooperation, "cooperation", "line"), swatch(EDGE_COLOURS.mixed, "both", "line"),
      h("span", {class: "muted", text: "width: how many; dashed: some hedged"}));
  }

  async function viewGraph(_, params) {
    const settings = settingsOf(params);
    const searching = Boolean(settings.q || settings.actor);
    const [data, vocab] = await Promise.all([api(`/graph${query({kinds: settings.kinds.join(",") || null,
      date_from: settings.date_from, date_to: settings.date_to, include_negated: settings.negated ? "true" : null,
      actor: settings.actor, top: searching ? null : settings.top, min_count: settings.min > 1 ? settings.min : null,
      limit: MOST_EDGES})}`), P.vocabulary]);
    const chosen = selectGraph(data, settings, vocab.conflict);
    const container = h("div", {id: "graph", class: "graph-canvas", dataset: {settled: "false"}});
    const summary = (searching ? `Around ${settings.q ? `“${settings.q}”` : "the actor"}: ` : `The ${settings.top} actors of highest degree: `)
      + `${plural(chosen.nodes.length, "actor")} shown (those related to another shown), `
      + `${plural(chosen.pairs.length, "pair")} of related actors, ${plural(chosen.pairs.reduce((s, p) => s + p.count, 0), "relation")}.`
      + (searching && !chosen.focus.size ? ` No actor matches “${settings.q || settings.actor}”.` : "");
    const root = h("div", {class: "graph-view"}, h("h1", {text: "Actor graph"}), graphForm(settings, vocab), legend(),
      h("div", {class: "graph-bar"}, h("p", {class: "meta", id: "graph-summary", text: summary}),
        h("span", {class: "graph-buttons"}, ["fit", "+", "−"].map(b => h("button", {type: "button", text: b, "data-zoom": b,
          title: b === "fit" ? "show the whole graph" : `zoom ${b === "+" ? "in" : "out"}`})))),
      container,
      h("p", {class: "meta", text: "Scroll to zoom, drag the background to pan, drag an actor to move it, click it to open its page."}));
    root.afterMount = () => {
      if (chosen.nodes.length) P.drawGraph(container, root, chosen);
      else {
        container.replaceChildren(h("p", {class: "muted empty", text: "No relations match these filters."}));
        container.dataset.settled = "true";
      }
    };
    return root;
  }

  Object.assign(P, {viewGraph, aggregatePairs, selectGraph, graphColours: {NODE_COLOURS, OTHER_NODE, EDGE_COLOURS}});
})();
