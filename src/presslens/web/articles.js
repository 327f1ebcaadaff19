// The articles list (search, filters, pages, CSV) and one article: its text with quotes coloured
// by speaker, techniques underlined and claims outlined, and every layer of its analysis beside it.
"use strict";
(function () {
  const P = window.Presslens;
  const {h, api, query, field, formValues, select, articleLink, plural} = P;

  const PAGE_SIZE = 50;
  const ARTICLE_SORTS = [["newest", "newest first"], ["oldest", "oldest first"], ["title", "title"],
    ["added", "recently added"], ["quotes", "most quotes"], ["claims", "most claims"],
    ["techniques", "most techniques"]];
  const ARTICLE_COLUMNS = [["id", a => a.id], ["title", a => articleLabel(a)], ["source", a => a.source],
    ["published", a => a.published], ["url", a => a.url], ["quotes", a => a.quotes], ["claims", a => a.claims],
    ["relations", a => a.relations], ["labels", a => a.labels], ["techniques", a => a.techniques]];

  // One readable name per article, the same on every page: its title, else its document id.
  const articleLabel = a => a.label || a.title || a.doc_id || `article ${a.id}`;

  function techniqueSelect(vocab, chosen) {
    const box = h("select", {name: "technique"}, h("option", {value: "", text: "any technique"}));
    for (const [category, names] of Object.entries(vocab.techniques)) {
      box.appendChild(h("optgroup", {label: category}, names.map(n =>
        h("option", {value: n, text: n.replace(/_/g, " "), selected: n === chosen ? "selected" : null}))));
    }
    return box;
  }

  function articleFilters(params, vocab) {
    const form = h("form", {class: "filters", id: "article-filters", onsubmit: ev => {
      ev.preventDefault();
      P.go("articles", formValues(form));
    }},
      field("Search", h("input", {name: "q", type: "search", value: params.q || "", placeholder: "words in the text"})),
      field("Source", h("input", {name: "source", value: params.source || ""})),
      field("From", h("input", {name: "date_from", type: "date", value: params.date_from || ""})),
      field("To", h("input", {name: "date_to", type: "date", value: params.date_to || ""})),
      field("Technique", techniqueSelect(vocab, params.technique)),
      field("Order", select("sort", ARTICLE_SORTS, params.sort || "newest")),
      params.actor ? h("input", {type: "hidden", name: "actor", value: params.actor}) : null,
      h("button", {type: "submit", text: "Search"}));
    return form;
  }

  async function viewArticles(_, params) {
    const offset = Number(params.offset) || 0;
    const filters = {q: params.q, source: params.source, date_from: params.date_from, date_to: params.date_to,
      technique: params.technique, actor: params.actor, sort: params.sort};
    const [data, vocab] = await Promise.all([api(`/articles${query({...filters, limit: PAGE_SIZE, offset})}`), P.vocabulary]);
    const items = data.articles.map(a => h("li", {class: "article-item", dataset: {id: a.id}},
      h("div", {}, articleLink(a.id, articleLabel(a))),
      h("div", {class: "meta"}, [a.source, a.published, plural(a.quotes, "quote"), plural(a.claims, "claim"),
        plural(a.relations, "relation"), plural(a.techniques, "technique")].filter(Boolean).join(" · ")),
      a.snippet ? snippet(a.snippet) : null));
    const pages = P.pager({total: data.total, offset, limit: PAGE_SIZE, count: items.length, id: "article-pager",
      onGo: to => P.go("articles", {...filters, offset: to})});
    return h("div", {},
      h("h1", {text: "Articles"}), articleFilters(params, vocab),
      h("div", {class: "list-head"},
        h("p", {class: "meta", id: "article-total", text: plural(data.total, "article")
          + (params.actor ? ` naming actor ${params.actor}` : "")}),
        P.csvButton("articles.csv", () => P.allPages("/articles", filters, "articles", 500), ARTICLE_COLUMNS)),
      h("ul", {class: "list", id: "article-list"}, items), pages);
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

  async function viewArticle(id) {
    return P.renderArticle(await api(`/articles/${encodeURIComponent(id)}`), await P.vocabulary);
  }

  Object.assign(P, {viewArticles, viewArticle, articleLabel, techniqueSelect, snippet});
})();
