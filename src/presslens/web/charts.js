// Horizontal stacked bar charts in plain SVG, for technique statistics.
"use strict";
(function () {
  const el = window.PresslensSvg.el;

  // groups: [{key, total, counts: {label: n}}]; labels: the stack order; colourOf(label).
  function stackedBars(container, groups, labels, colourOf) {
    while (container.firstChild) container.removeChild(container.firstChild);
    const rowHeight = 22, labelWidth = 220, width = 900, barWidth = width - labelWidth - 60;
    const height = Math.max(1, groups.length) * rowHeight + 10;
    const svg = el("svg", {viewBox: `0 0 ${width} ${height}`, width: "100%", role: "img", class: "stacked-bars"}, container);
    const max = Math.max(1, ...groups.map(g => g.total));
    groups.forEach((g, i) => {
      const y = 5 + i * rowHeight;
      const name = el("text", {x: labelWidth - 6, y: y + 14, "text-anchor": "end"}, svg);
      name.textContent = g.key.length > 34 ? g.key.slice(0, 33) + "…" : g.key;
      let x = labelWidth;
      labels.forEach(label => {
        const n = g.counts[label] || 0;
        if (!n) return;
        const w = (n / max) * barWidth;
        const rect = el("rect", {x, y, width: Math.max(1, w), height: rowHeight - 6, fill: colourOf(label), "data-technique": label}, svg);
        el("title", {}, rect).textContent = `${g.key}: ${label} × ${n}`;
        x += w;
      });
      el("text", {x: x + 4, y: y + 14}, svg).textContent = String(g.total);
    });
    return svg;
  }

  window.PresslensCharts = {stackedBars};
})();
