// The corpus timeline (articles, quotes and techniques per day, week or month, from every
// article's date and counts) and the analyse form.
"use strict";
(function () {
  const P = window.Presslens;
  const {h, api, query, field, formValues, select, plural} = P;

  const GRAINS = [["day", "per day"], ["week", "per week"], ["month", "per month"]];

  async function viewTimeline(_, params) {
    const grain = ["day", "week", "month"].includes(params.grain) ? params.grain : "week";
    const filters = {q: params.q, source: params.source, date_from: params.date_from, date_to: params.date_to};
    const articles = await P.allPages("/articles", {...filters, sort: "oldest"}, "articles", 500);
    const dated = articles.filter(a => a.published);
    const series = [["articles", dated.map(a => a.published)], ["quotes", dated.map(a => [a.published, a.quotes])],
      ["techniques", dated.map(a => [a.published, a.techniques])], ["claims", dated.map(a => [a.published, a.claims])]];
    const chart = h("div", {class: "chart", id: "timeline-chart"});
    P.drawTimeline(chart, series, grain);
    const form = h("form", {class: "filters", id: "timeline-filters", onsubmit: ev => { ev.preventDefault(); P.go("timeline", formValues(form)); }},
      field("Words", h("input", {name: "q", type: "search", value: params.q || ""})),
      field("Source", h("input", {name: "source", value: params.source || ""})),
      field("From", h("input", {name: "date_from", type: "date", value: params.date_from || ""})),
      field("To", h("input", {name: "date_to", type: "date", value: params.date_to || ""})),
      field("Bars", select("grain", GRAINS, grain)),
      h("button", {type: "submit", text: "Show"}));
    const coarser = chart.dataset.grain !== grain ? ` (${grain} bars would be too many for the span: per ${chart.dataset.grain})` : "";
    return h("div", {}, h("h1", {text: "Timeline"}), form,
      h("p", {class: "meta", id: "timeline-note", text: `${plural(dated.length, "dated article")} of ${articles.length.toLocaleString("en")}`
        + `, per ${chart.dataset.grain}${coarser}.`}), chart);
  }

  async function analyse(form, result) {
    P.showError("");
    const v = formValues(form);
    const headers = {"Content-Type": "application/json", Accept: "application/json"};
    if (v.token) headers.Authorization = `Bearer ${v.token}`;
    const body = {text: v.text, title: v.title || null, source: v.source || null, published: v.published || null};
    result.replaceChildren(h("p", {class: "loading"}, h("span", {class: "spinner"}), "Analysing…"));
    const response = await fetch(`/analyze${query({store: v.store ? "true" : null})}`,
                                 {method: "POST", headers, body: JSON.stringify(body)});
    const data = await response.json().catch(() => ({}));
    if (!response.ok) {
      result.replaceChildren();
      P.showError(`${response.status}: ${P.ApiError.describe(response.status, data.detail || data)}`);
      return;
    }
    if (data.article_id) P.go(`article/${data.article_id}`, {});
    else result.replaceChildren(P.renderArticle(data, await P.vocabulary));
  }

  async function viewAnalyse() {
    const result = h("div", {id: "analyse-result"});
    const form = h("form", {class: "filters analyse", id: "analyse-form", onsubmit: ev => {
      ev.preventDefault();
      analyse(form, result).catch(err => P.showError(err.message));
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

  Object.assign(P, {viewTimeline, viewAnalyse});
})();
