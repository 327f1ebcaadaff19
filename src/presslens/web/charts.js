// Charts in plain SVG: stacked bars (technique statistics) and timelines (counts per day, week or
// month, one row per series, on a shared time axis).
"use strict";
(function () {
  const el = window.PresslensSvg.el;

  // groups: [{key, total, counts: {label: n}}]; labels: the stack order; colourOf(label).
  function stackedBars(container, groups, labels, colourOf) {
    while (container.firstChild) container.removeChild(container.firstChild);
    const rowHeight = 24, labelWidth = 260, width = 960, barWidth = width - labelWidth - 50;
    const height = Math.max(1, groups.length) * rowHeight + 10;
    const svg = el("svg", {viewBox: `0 0 ${width} ${height}`, width: "100%", role: "img", class: "stacked-bars"}, container);
    const max = Math.max(1, ...groups.map(g => g.total));
    groups.forEach((g, i) => {
      const y = 5 + i * rowHeight;
      const name = el("text", {x: labelWidth - 8, y: y + 15, "text-anchor": "end"}, svg);
      name.textContent = g.key.length > 38 ? g.key.slice(0, 37) + "…" : g.key;
      el("title", {}, name).textContent = g.key;
      let x = labelWidth;
      labels.forEach(label => {
        const n = g.counts[label] || 0;
        if (!n) return;
        const w = (n / max) * barWidth;
        const rect = el("rect", {x, y, width: Math.max(1, w), height: rowHeight - 6, fill: colourOf(label),
          "data-technique": label}, svg);
        el("title", {}, rect).textContent = `${g.key}: ${label} × ${n}`;
        x += w;
      });
      el("text", {x: x + 4, y: y + 15}, svg).textContent = String(g.total);
    });
    return svg;
  }

  const GRAINS = ["day", "week", "month", "year"];
  const MOST_BUCKETS = 160;

  // The bucket a date (YYYY, YYYY-MM or YYYY-MM-DD) falls in, or null when too coarse for it.
  function bucketOf(date, grain) {
    if (!date || !/^\d{4}/.test(date)) return null;
    if (grain === "year") return date.slice(0, 4);
    if (grain === "month") return date.length >= 7 ? date.slice(0, 7) : null;
    if (date.length < 10) return null;
    if (grain === "day") return date.slice(0, 10);
    const day = new Date(date.slice(0, 10) + "T00:00:00Z");
    if (Number.isNaN(day.getTime())) return null;
    day.setUTCDate(day.getUTCDate() - ((day.getUTCDay() + 6) % 7));  // back to Monday
    return day.toISOString().slice(0, 10);
  }

  // Every bucket from the first to the last, so that empty weeks show as gaps.
  function bucketRange(first, last, grain) {
    const out = [];
    if (grain === "year") { for (let y = +first; y <= +last; y++) out.push(String(y)); return out; }
    if (grain === "month") {
      let [y, m] = first.split("-").map(Number);
      const [ly, lm] = last.split("-").map(Number);
      while (y < ly || (y === ly && m <= lm)) { out.push(`${y}-${String(m).padStart(2, "0")}`); m++; if (m > 12) { m = 1; y++; } }
      return out;
    }
    const step = grain === "week" ? 7 : 1;
    for (let d = new Date(first + "T00:00:00Z"); d.toISOString().slice(0, 10) <= last; d.setUTCDate(d.getUTCDate() + step)) {
      out.push(d.toISOString().slice(0, 10));
    }
    return out;
  }

  // series: [[name, [date or [date, count]...]]]. The grain coarsens until the span fits MOST_BUCKETS bars.
  function timelineBuckets(series, wanted) {
    for (const grain of GRAINS.slice(GRAINS.indexOf(wanted))) {
      const counted = series.map(([name, dates]) => {
        const counts = new Map();
        dates.forEach(x => {
          const [date, n] = Array.isArray(x) ? x : [x, 1];
          const b = bucketOf(date, grain);
          if (b && n) counts.set(b, (counts.get(b) || 0) + n);
        });
        return [name, counts];
      });
      const keys = counted.flatMap(([, c]) => [...c.keys()]).sort();
      if (!keys.length) return {grain, buckets: [], counted};
      const buckets = bucketRange(keys[0], keys[keys.length - 1], grain);
      if (buckets.length <= MOST_BUCKETS || grain === "year") return {grain, buckets, counted};
    }
    return {grain: "year", buckets: [], counted: []};
  }

  const SERIES_COLOURS = ["#4e79a7", "#e15759", "#59a14f", "#b07aa1", "#f28e2b"];

  function drawTimeline(container, series, wanted) {
    const {grain, buckets, counted} = timelineBuckets(series, wanted || "week");
    container.dataset.grain = grain;
    container.dataset.buckets = String(buckets.length);
    if (!buckets.length) {
      container.replaceChildren(document.createTextNode("No dated items."));
      return;
    }
    const rowHeight = 70, labelWidth = 110, top = 8;
    const width = Math.max(480, container.clientWidth ? container.clientWidth - 20 : 960);
    const height = top + counted.length * rowHeight + 24;
    const svg = el("svg", {viewBox: `0 0 ${width} ${height}`, width: "100%", role: "img", class: "timeline"});
    const step = (width - labelWidth - 10) / buckets.length;
    counted.forEach(([name, counts], row) => {
      const base = top + (row + 1) * rowHeight - 8;
      const max = Math.max(1, ...counts.values());
      const total = [...counts.values()].reduce((s, n) => s + n, 0);
      el("text", {x: 0, y: base - rowHeight / 2 + 4, class: "series-name"}, svg).textContent = `${name}`;
      el("text", {x: 0, y: base - rowHeight / 2 + 18, class: "series-note"}, svg).textContent = `${total} · max ${max}`;
      el("line", {x1: labelWidth, x2: width - 10, y1: base, y2: base, class: "axis"}, svg);
      buckets.forEach((b, i) => {
        const n = counts.get(b) || 0;
        if (!n) return;
        const barHeight = ((rowHeight - 16) * n) / max;
        const rect = el("rect", {x: labelWidth + i * step, y: base - barHeight, width: Math.max(1, step - 1), height: barHeight,
          fill: SERIES_COLOURS[row % SERIES_COLOURS.length], "data-series": name, "data-bucket": b}, svg);
        el("title", {}, rect).textContent = `${name}, ${grain} of ${b}: ${n}`;
      });
    });
    timeAxis(svg, buckets, labelWidth, step, height - 6);
    container.replaceChildren(svg);
  }

  // About eight labels along the axis, at bucket starts.
  function timeAxis(svg, buckets, left, step, y) {
    const every = Math.max(1, Math.ceil(buckets.length / 8));
    buckets.forEach((b, i) => {
      if (i % every) return;
      el("text", {x: left + i * step, y, class: "tick"}, svg).textContent = b;
    });
  }

  window.PresslensCharts = {stackedBars, drawTimeline, timelineBuckets};
  window.Presslens.drawTimeline = drawTimeline;
})();
