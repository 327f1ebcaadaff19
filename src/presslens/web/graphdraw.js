// Drawing the chosen actors and pairs with Cytoscape.js: sizes, colours, tooltips, zoom buttons,
// and the time the layout took (data-settle-ms on the container, once it has settled).
"use strict";
(function () {
  const P = window.Presslens;

  function nodeColour(type) {
    const {NODE_COLOURS, OTHER_NODE} = P.graphColours;
    const found = NODE_COLOURS.find(([t]) => t === type);
    return found ? found[1] : OTHER_NODE;
  }

  function elementsOf(chosen) {
    const strength = new Map();
    chosen.pairs.forEach(p => { for (const id of [p.a, p.b]) strength.set(id, (strength.get(id) || 0) + p.count); });
    const {EDGE_COLOURS} = P.graphColours;
    const nodes = chosen.nodes.map(n => ({group: "nodes", data: {id: String(n.id), name: n.name, type: n.type || "",
      degree: n.degree, colour: nodeColour(n.type), size: 12 + Math.min(36, 4 * Math.sqrt(strength.get(n.id) || 1)),
      focus: chosen.focus.has(n.id) ? 1 : 0}}));
    const edges = chosen.pairs.map(p => ({group: "edges", data: {id: `p${p.key}`, source: String(p.a), target: String(p.b),
      count: p.count, width: 1 + Math.min(9, 1.6 * Math.log2(p.count + 1)), hedged: p.hedged ? 1 : 0,
      colour: p.conflict && p.cooperation ? EDGE_COLOURS.mixed : EDGE_COLOURS[p.conflict ? "conflict" : "cooperation"]},
      scratch: {pair: p}}));
    return [...nodes, ...edges];
  }

  const STYLE = [
    {selector: "node", style: {"background-color": "data(colour)", width: "data(size)", height: "data(size)",
      label: "data(name)", "font-size": 13, color: "#1d232a", "text-valign": "bottom", "text-margin-y": 3,
      "text-background-color": "#ffffff", "text-background-opacity": 0.75, "text-background-padding": 1,
      "min-zoomed-font-size": 7, "border-width": 1.5, "border-color": "#ffffff"}},
    {selector: "node[focus = 1]", style: {"border-width": 4, "border-color": "#1d232a", "font-weight": "bold"}},
    {selector: "edge", style: {width: "data(width)", "line-color": "data(colour)", opacity: 0.7, "curve-style": "haystack"}},
    {selector: "edge[hedged = 1]", style: {"line-style": "dashed", "curve-style": "straight"}},
    {selector: ".faded", style: {opacity: 0.12}},
    {selector: "node:selected", style: {"border-color": "#2458a6", "border-width": 4}},
  ];

  function pairLines(pair, names) {
    const lines = [["actors", `${names.get(pair.a)} — ${names.get(pair.b)}`], ["relations", String(pair.count)]];
    pair.kinds.sort((x, y) => y.count - x.count).slice(0, 6).forEach(e => {
      lines.push([e.kind, `${names.get(e.source)} → ${names.get(e.target)} × ${e.count}`
        + (e.first ? ` (${e.first}${e.last && e.last !== e.first ? " – " + e.last : ""})` : "")]);
    });
    if (pair.hedged) lines.push(["hedged", `${pair.hedged} of the examples: not stated as fact`]);
    return lines;
  }

  function wireEvents(cy, chosen) {
    const names = new Map(chosen.nodes.map(n => [n.id, n.name]));
    cy.on("mouseover", "node", ev => {
      const n = ev.target;
      n.closedNeighborhood().removeClass("faded");
      cy.elements().not(n.closedNeighborhood()).addClass("faded");
      P.showTooltip(ev.originalEvent, [["actor", n.data("name")], ["type", n.data("type") || "?"],
        ["degree", String(n.data("degree"))], ["shown pairs", String(n.degree(false))]]);
    });
    cy.on("mouseout", "node", () => { cy.elements().removeClass("faded"); P.hideTooltip(); });
    cy.on("mouseover", "edge", ev => P.showTooltip(ev.originalEvent, pairLines(ev.target.scratch("pair"), names)));
    cy.on("mouseout", "edge", () => P.hideTooltip());
    cy.on("mousemove", ev => { if (ev.originalEvent) P.moveTooltip(ev.originalEvent); });
    cy.on("tap", "node", ev => { P.hideTooltip(); P.go(`actor/${ev.target.id()}`, {}); });
  }

  function wireButtons(cy, root) {
    root.querySelectorAll("[data-zoom]").forEach(button => button.addEventListener("click", () => {
      const step = button.dataset.zoom;
      if (step === "fit") { cy.fit(undefined, 30); return; }
      const centre = {x: cy.width() / 2, y: cy.height() / 2};
      cy.zoom({level: cy.zoom() * (step === "+" ? 1.3 : 1 / 1.3), renderedPosition: centre});
    }));
  }

  // Labels about 12 px on screen at the zoom that fits the whole graph (at most twice their
  // size in graph units, so that a large graph zoomed far out hides them instead).
  const LABEL_PX = 12;
  function legibleLabels(cy) {
    const size = Math.max(LABEL_PX, Math.min(2 * LABEL_PX, LABEL_PX / cy.zoom()));
    cy.style().selector("node").style("font-size", size).update();
  }

  function draw(container, root, chosen) {
    const started = performance.now();
    if (window.PresslensGraph) window.PresslensGraph.cy.destroy();  // the graph of the previous view
    const cy = window.cytoscape({container, elements: elementsOf(chosen), style: STYLE, minZoom: 0.1, maxZoom: 4,
      boxSelectionEnabled: false, layout: {name: "preset"}});
    window.PresslensGraph = {cy};
    wireEvents(cy, chosen);
    wireButtons(cy, root);
    const layout = cy.layout({name: "fcose", quality: "default", randomize: true, animate: false, fit: true, padding: 30,
      nodeDimensionsIncludeLabels: true, nodeRepulsion: 6000, idealEdgeLength: 60, packComponents: true, numIter: 1500});
    layout.one("layoutstop", () => requestAnimationFrame(() => {
      legibleLabels(cy);
      container.dataset.settleMs = String(Math.round(performance.now() - started));
      container.dataset.nodes = String(cy.nodes().length);
      container.dataset.edges = String(cy.edges().length);
      container.dataset.settled = "true";
    }));
    layout.run();
  }

  P.drawGraph = draw;
})();
