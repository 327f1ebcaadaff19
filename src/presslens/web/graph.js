// A small force-directed graph in plain SVG: nodes repel, edges pull, a weak pull to the centre.
// Written for presslens so the UI needs no network and no third-party library.
"use strict";
(function () {
  const el = window.PresslensSvg.el;

  // Draw `nodes` ({id, name, degree}) and `edges` ({source, target, kind, count, ...}) into `svg`.
  // options: colourOfEdge(edge), colourOfNode(node), titleOfEdge(edge), onNodeClick(node), and
  // symmetric(edge): true for relations without a direction (drawn without an arrowhead).
  function draw(svg, nodes, edges, options) {
    while (svg.firstChild) svg.removeChild(svg.firstChild);
    const width = svg.clientWidth || 900, height = svg.clientHeight || 620;
    svg.setAttribute("viewBox", `0 0 ${width} ${height}`);
    const defs = el("defs", {}, svg);
    const markers = new Map();
    function marker(colour) {
      if (!markers.has(colour)) {
        const id = "arrow" + markers.size;
        const m = el("marker", {id, viewBox: "0 0 10 10", refX: 10, refY: 5, markerWidth: 7, markerHeight: 7, orient: "auto"}, defs);
        el("path", {d: "M0,0 L10,5 L0,10 z", fill: colour}, m);
        markers.set(colour, id);
      }
      return markers.get(colour);
    }
    const byId = new Map();
    nodes.forEach((n, i) => {
      const angle = (2 * Math.PI * i) / Math.max(1, nodes.length);
      const r = Math.min(width, height) * 0.35;
      byId.set(n.id, Object.assign(n, {x: width / 2 + r * Math.cos(angle), y: height / 2 + r * Math.sin(angle), vx: 0, vy: 0}));
    });
    const links = edges.filter(e => byId.has(e.source) && byId.has(e.target))
      .map(e => Object.assign({}, e, {s: byId.get(e.source), t: byId.get(e.target)}));
    // Parallel edges between the same pair bend apart.
    const pairCount = new Map();
    links.forEach(l => {
      const key = [l.source, l.target].sort().join("-");
      const n = pairCount.get(key) || 0;
      pairCount.set(key, n + 1);
      l.bend = n;
    });
    const edgeLayer = el("g", {class: "edges"}, svg);
    const nodeLayer = el("g", {class: "nodes"}, svg);
    links.forEach(l => {
      const colour = options.colourOfEdge(l);
      const attrs = {class: "edge", stroke: colour, "stroke-width": Math.min(6, 1 + Math.log2(1 + l.count)), "data-kind": l.kind};
      if (!(options.symmetric && options.symmetric(l))) attrs["marker-end"] = `url(#${marker(colour)})`;
      l.path = el("path", attrs, edgeLayer);
      el("title", {}, l.path).textContent = options.titleOfEdge(l);
    });
    nodes.forEach(n => {
      const g = el("g", {class: "node", "data-id": n.id}, nodeLayer);
      n.radius = 6 + Math.min(14, 2 * Math.sqrt(n.degree || 1));
      el("circle", {r: n.radius, fill: options.colourOfNode(n)}, g);
      const label = el("text", {x: n.radius + 3, y: 4}, g);
      label.textContent = n.name;
      el("title", {}, g).textContent = n.name;
      n.g = g;
      let dragging = false, moved = false;
      g.addEventListener("pointerdown", ev => { dragging = true; moved = false; g.setPointerCapture(ev.pointerId); n.fixed = true; });
      g.addEventListener("pointermove", ev => {
        if (!dragging) return;
        const p = toSvg(svg, ev);
        n.x = p.x; n.y = p.y; moved = true; render(); kick(60);
      });
      g.addEventListener("pointerup", () => { dragging = false; if (!moved) options.onNodeClick(n); });
    });

    function render() {
      links.forEach(l => {
        const dx = l.t.x - l.s.x, dy = l.t.y - l.s.y, dist = Math.hypot(dx, dy) || 1;
        const ex = l.t.x - (dx / dist) * (l.t.radius + 2), ey = l.t.y - (dy / dist) * (l.t.radius + 2);
        const curve = l.bend * 18;
        const mx = (l.s.x + ex) / 2 - (dy / dist) * curve, my = (l.s.y + ey) / 2 + (dx / dist) * curve;
        l.path.setAttribute("d", `M${l.s.x.toFixed(1)},${l.s.y.toFixed(1)} Q${mx.toFixed(1)},${my.toFixed(1)} ${ex.toFixed(1)},${ey.toFixed(1)}`);
      });
      nodes.forEach(n => n.g.setAttribute("transform", `translate(${n.x.toFixed(1)},${n.y.toFixed(1)})`));
    }

    function tick(alpha) {
      for (let i = 0; i < nodes.length; i++) {
        for (let j = i + 1; j < nodes.length; j++) {
          const a = nodes[i], b = nodes[j];
          let dx = b.x - a.x, dy = b.y - a.y, d2 = dx * dx + dy * dy;
          if (d2 < 1) { dx = Math.random() - 0.5; dy = Math.random() - 0.5; d2 = 1; }
          const f = (2400 * alpha) / d2, d = Math.sqrt(d2);
          a.vx -= (f * dx) / d; a.vy -= (f * dy) / d; b.vx += (f * dx) / d; b.vy += (f * dy) / d;
        }
      }
      links.forEach(l => {
        const dx = l.t.x - l.s.x, dy = l.t.y - l.s.y, d = Math.hypot(dx, dy) || 1;
        const f = (d - 140) * 0.02 * alpha;
        l.s.vx += (f * dx) / d; l.s.vy += (f * dy) / d; l.t.vx -= (f * dx) / d; l.t.vy -= (f * dy) / d;
      });
      nodes.forEach(n => {
        n.vx += (width / 2 - n.x) * 0.004 * alpha; n.vy += (height / 2 - n.y) * 0.004 * alpha;
        if (!n.fixed) { n.x += n.vx; n.y += n.vy; }
        n.vx *= 0.6; n.vy *= 0.6;
        n.x = Math.max(20, Math.min(width - 80, n.x)); n.y = Math.max(20, Math.min(height - 20, n.y));
      });
    }

    let remaining = 0;
    function kick(steps) {
      const running = remaining > 0;
      remaining = Math.max(remaining, steps);
      if (!running) requestAnimationFrame(step);
    }
    function step() {
      tick(Math.max(0.1, remaining / 300));
      render();
      remaining -= 1;
      if (remaining > 0) requestAnimationFrame(step);
      else svg.dataset.settled = "true";
    }
    svg.dataset.settled = "false";
    render();
    kick(300);
  }

  function toSvg(svg, ev) {
    const point = svg.createSVGPoint();
    point.x = ev.clientX; point.y = ev.clientY;
    return point.matrixTransform(svg.getScreenCTM().inverse());
  }

  window.PresslensGraph = {draw};
})();
