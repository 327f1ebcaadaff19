// The claims ledger, technique statistics, the corpus timeline and the analyse form.
"use strict";
(function () {
  const P = window.Presslens;
  const {h, api, query, field, formValues, select, link, articleLink, plural} = P;

  const CLAIM_PAGE_SIZE = 50;
  const CLAIM_SORTS = [["articles", "in most articles"], ["claims", "most claims"], ["newest", "last seen, newest"],
    ["oldest", "first seen, oldest"]];
  const CLAIM_COLUMNS = [["group", g => g.id], ["status", g => g.status], ["claim", g => g.text],
    ["articles", g => g.articles], ["claims", g => g.claims.length], ["claimants", g => g.claimants],
    ["first seen", g => g.first_seen], ["last seen", g => g.last_seen]];

  function claimFilters(params, vocab) {
    const form = h("form", {class: "filters", id: "claim-filters", onsubmit: ev => { ev.preventDefault(); P.go("claims", formValues(form)); }},
      field("Status", select("status", [["", "any"], ...vocab.claim_statuses.map(s => [s, s])], params.status)),
      field("Words", h("input", {name: "q", type: "search", value: params.q || ""})),
      field("In at least", select("min_articles", [1, 2, 3, 5].map(n => [n, plural(n, "article")]), params.min_articles || "1")),
      field("Order", select("sort", CLAIM_SORTS, params.sort || "articles")),
      h("button", {type: "submit", text: "Filter"}));
    return form;
  }

  function claimRow(g, vocab) {
    return h("tr", {class: "claim-row", dataset: {status: g.status}},
      h("td", {}, P.statusBadge(g.status, vocab)),
      h("td", {}, h("details", {}, h("summary", {text: g.text}),
        h("ul", {}, g.claims.map(c => h("li", {}, P.statusBadge(c.status, vocab), " ", c.text, " — ",
          c.claimant_name || "unattributed", ", ", articleLink(c.article_id, c.article_title),
          c.published ? ` (${c.published})` : ""))))),
      h("td", {class: "num", text: g.articles}),
      g.claimants.length ? h("td", {text: g.claimants.join(", ")}) : h("td", {class: "muted", text: "—"}),
      h("td", {class: "date"}, g.first_seen || "", g.last_seen && g.last_seen !== g.first_seen ? [h("br"), `to ${g.last_seen}`] : null));
  }

  async function viewClaims(_, params) {
    const offset = Number(params.offset) || 0;
    const filters = {status: params.status, q: params.q, min_articles: params.min_articles, sort: params.sort};
    const [data, vocab] = await Promise.all([api(`/claims${query({...filters, limit: CLAIM_PAGE_SIZE, offset})}`), P.vocabulary]);
    const rows = data.claims.map(g => claimRow(g, vocab));
    return h("div", {}, h("h1", {text: "Claims ledger"}), claimFilters(params, vocab),
      h("div", {class: "list-head"}, h("p", {class: "meta", id: "claim-total", text: plural(data.total, "claim group")}),
        P.csvButton("claims.csv", () => P.allPages("/claims", filters, "claims", 1000), CLAIM_COLUMNS)),
      P.table(["Status", "Claim", "Articles", "Claimants", "Seen"], rows, "claim-table"),
      P.pager({total: data.total, offset, limit: CLAIM_PAGE_SIZE, count: rows.length, id: "claim-pager",
        onGo: to => P.go("claims", {...filters, offset: to})}));
  }

  // One colour per technique, in a hue family per category, so that no two techniques share one.
  const CATEGORY_COLOURS = {
    "Attack on reputation": ["#9e0142", "#d53e4f", "#f46d43", "#fdae61", "#c51b7d"],
    "Justification": ["#08519c", "#3182bd", "#6baed6", "#9ecae1", "#17becf"],
    "Simplification": ["#006d2c", "#31a354", "#a1d99b"],
    "Distraction": ["#54278f", "#8c6bb1", "#bcbddc"],
    "Call": ["#8c6d00", "#e6ab02", "#ffe066"],
    "Manipulative wording": ["#3d3d3d", "#808080", "#b8b8b8", "#d9b38c"],
  };
  function techniqueColours(vocab) {
    const colours = new Map();
    for (const [category, names] of Object.entries(vocab.techniques)) {
      names.forEach((n, i) => colours.set(n, (CATEGORY_COLOURS[category] || ["#999"])[i % 5] || "#999"));
    }
    return colours;
  }

  const OWN_VOICE = /own voice/;
  const MOST_GROUPS = 30;

  async function viewTechniques(_, params) {
    const by = ["source", "speaker", "month"].includes(params.by) ? params.by : "source";
    const ownVoice = params.own === "1";
    const [data, vocab] = await Promise.all([api(`/techniques/stats${query({by})}`), P.vocabulary]);
    const colour = techniqueColours(vocab);
    let groups = data.groups.filter(g => by !== "speaker" || ownVoice || !OWN_VOICE.test(g.key));
    if (by !== "month") groups = [...groups].sort((x, y) => y.total - x.total);
    const shown = by === "month" ? groups : groups.slice(0, MOST_GROUPS);
    const used = vocab.techniqueNames.filter(t => data.techniques.includes(t)).concat(data.techniques.filter(t => !colour.has(t)));
    const chart = h("div", {class: "chart", id: "technique-chart"});
    PresslensCharts.stackedBars(chart, shown, used, t => colour.get(t) || "#999");
    const choice = b => b === by ? h("b", {text: b}) : link(`#/techniques?by=${b}`, b);
    return h("div", {}, h("h1", {text: "Persuasion techniques"}),
      h("p", {class: "chart-controls"}, "By ", choice("source"), " · ", choice("speaker"), " · ", choice("month"),
        by === "speaker" ? h("span", {}, " — ", link(`#/techniques${query({by, own: ownVoice ? null : "1"})}`,
          ownVoice ? "leave out the article's own voice" : "include the article's own voice")) : null),
      h("p", {class: "meta", id: "technique-note", text: shown.length < groups.length
        ? `The ${shown.length} ${by}s using most techniques, of ${groups.length}.` : `${plural(groups.length, by)}.`}),
      h("div", {class: "legend technique-legend"}, Object.entries(vocab.techniques).filter(([, names]) =>
        names.some(n => used.includes(n))).map(([category, names]) =>
        h("div", {class: "legend-group"}, h("b", {text: category}), names.filter(n => used.includes(n)).map(t =>
          h("span", {}, h("span", {class: "swatch", style: `background:${colour.get(t)}`}), t.replace(/_/g, " ")))))),
      shown.length ? chart : h("p", {class: "muted", text: "No techniques in the store yet."}),
      h("div", {class: "list-head"}, P.csvButton(`techniques-by-${by}.csv`, async () => data.groups,
        [[by, g => g.key], ["total", g => g.total], ...data.techniques.map(t => [t, g => g.counts[t] || 0])])));
  }

  Object.assign(P, {viewClaims, viewTechniques, techniqueColours});
})();
