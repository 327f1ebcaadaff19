// The actors list (search, order, pages, CSV) and one actor's page: its quotes, relations, labels
// and claims, each a list of its own pages; the techniques it uses; its timeline.
"use strict";
(function () {
  const P = window.Presslens;
  const {h, api, query, field, formValues, select, actorLink, articleLink, plural, pager} = P;

  const PAGE_SIZE = 50;
  const PART_PAGE_SIZE = 25;
  const ACTOR_SORTS = [["presence", "in most articles"], ["mentions", "most mentioned"], ["quotes", "most quoted"],
    ["name", "name"]];
  const ACTOR_COLUMNS = [["id", a => a.id], ["name", a => a.name], ["type", a => a.type], ["country", a => a.country],
    ["sector", a => a.sector], ["unnamed group", a => a.generic], ["articles", a => a.articles],
    ["mentions", a => a.mentions], ["quotes", a => a.quotes]];

  async function viewActors(_, params) {
    const offset = Number(params.offset) || 0;
    const filters = {q: params.q, sort: params.sort};
    const data = await api(`/actors${query({...filters, limit: PAGE_SIZE, offset})}`);
    const form = h("form", {class: "filters", id: "actor-filters",
      onsubmit: ev => { ev.preventDefault(); P.go("actors", formValues(form)); }},
      field("Name", h("input", {name: "q", type: "search", value: params.q || ""})),
      field("Order", select("sort", ACTOR_SORTS, params.sort || "presence")),
      h("button", {type: "submit", text: "Find"}));
    const rows = data.actors.map(a => h("tr", {class: "actor-row"}, h("td", {}, actorLink(a.id, a.name)),
      h("td", {text: a.type || ""}), h("td", {text: a.country || ""}), h("td", {text: a.generic ? "yes" : ""}),
      h("td", {class: "num", text: a.articles}), h("td", {class: "num", text: a.mentions}),
      h("td", {class: "num", text: a.quotes})));
    return h("div", {}, h("h1", {text: "Actors"}), form,
      h("div", {class: "list-head"}, h("p", {class: "meta", id: "actor-total", text: plural(data.total ?? rows.length, "actor")}),
        P.csvButton("actors.csv", () => P.allPages("/actors", filters, "actors", 1000), ACTOR_COLUMNS)),
      table(["Actor", "Type", "Country", "Unnamed group", "Articles", "Mentions", "Quotes"], rows, "actor-table"),
      pager({total: data.total ?? rows.length, offset, limit: PAGE_SIZE, count: rows.length, id: "actor-pager",
        onGo: to => P.go("actors", {...filters, offset: to})}));
  }

  function table(headers, rows, id) {
    return h("table", {id}, h("thead", {}, h("tr", {}, headers.map(t => h("th", {text: t})))), h("tbody", {}, rows));
  }

  const dateOf = item => item.happened || item.date || item.published || "";

  // A label's words, "not" before them where the text says the label does not apply.
  const labelCell = l => h("td", {class: l.negated ? "uncertain" : null, dataset: {negated: String(Boolean(l.negated))}},
    l.negated ? h("span", {class: "negated-mark", text: "not "}) : null, l.label || "");

  // How each of an actor's lists reads: title, columns, a row, CSV columns.
  function partSpecs(vocab) {
    const article = x => articleLink(x.article_id, x.article_title);
    return {
      quotes: {title: "Quotes", headers: ["Date", "Quote", "Article"],
        row: q => [h("td", {class: "date", text: dateOf(q)}), h("td", {}, P.quoteText(q, vocab)), h("td", {}, article(q))],
        csv: [["date", dateOf], ["kind", q => q.kind], ["quote", q => q.text], ["article", q => q.article_title]]},
      relations: {title: "Relations over time", headers: ["When", "Source", "Relation", "Target", "Evidence"],
        row: r => [h("td", {class: "date", text: r.happened || ""}), h("td", {}, actorLink(r.source, r.source_name)),
          h("td", {class: P.isUncertain(r) ? "uncertain" : null}, h("b", {text: r.kind}), " ", P.relationQualifiers(r)),
          h("td", {}, actorLink(r.target, r.target_name)), h("td", {}, r.evidence || "", " ", articleLink(r.article_id, "↗"))],
        csv: [["when", r => r.happened], ["source", r => r.source_name], ["kind", r => r.kind], ["negated", r => r.negated],
          ["hedged", r => r.hedged], ["modality", r => r.modality], ["target", r => r.target_name], ["evidence", r => r.evidence]]},
      labels_used: {title: "Labels used", headers: ["Label", "Target", "Article"],
        row: l => [labelCell(l), h("td", {}, l.target ? actorLink(l.target, l.target_name) : (l.target_text || "")),
          h("td", {}, article(l))],
        csv: [["label", l => l.label], ["negated", l => l.negated], ["target", l => l.target_name || l.target_text],
          ["article", l => l.article_title]]},
      labels_received: {title: "Labels received", headers: ["Label", "From", "Article"],
        row: l => [labelCell(l), h("td", {}, l.source ? actorLink(l.source, l.source_name)
          : h("i", {class: P.isUnnamedSpeaker(l) ? "unnamed-speaker" : "own-voice", text: P.labelSource(l)})),
          h("td", {}, article(l))],
        csv: [["label", l => l.label], ["negated", l => l.negated], ["from", l => l.source_name || "the article's own voice"],
          ["article", l => l.article_title]]},
      claims: {title: "Claims", headers: ["Status", "Claim", "Article"],
        row: c => [h("td", {}, P.statusBadge(c.status, vocab)), h("td", {text: c.text}), h("td", {}, article(c))],
        csv: [["status", c => c.status], ["claim", c => c.text], ["published", c => c.published], ["article", c => c.article_title]]},
    };
  }

  // Every item of one of an actor's lists: pages from the API where it pages them, else the list in hand.
  function allOfPart(actor, part) {
    if (!actor.totals) return Promise.resolve(actor[part] || []);
    const [path, params, key] = partEndpoint(actor, part);
    return P.allPages(path, params, key, 1000);
  }

  // Where the API pages one of an actor's lists: [path, parameters, key of the items].
  function partEndpoint(actor, part) {
    const direction = part.startsWith("labels_") ? part.slice("labels_".length) : null;
    return direction ? [`/actors/${actor.id}/labels`, {direction}, "labels"] : [`/actors/${actor.id}/${part}`, {}, part];
  }

  // One of an actor's lists with its pager: pages come from the API where it pages them
  // (`totals` in the actor), else from the whole list the actor came with.
  function partSection(actor, part, spec) {
    const items = actor[part] || [];
    const total = actor.totals ? actor.totals[part] : items.length;
    const body = h("div", {class: "part-list", id: `actor-${part}`});
    const render = page => page.length ? table(spec.headers, page.map(x => h("tr", {class: "part-row"}, spec.row(x))))
      : h("p", {class: "muted", text: "none"});
    async function show(offset) {
      let page = items.slice(offset, offset + PART_PAGE_SIZE);
      if (actor.totals && (offset > 0 || items.length < Math.min(total, PART_PAGE_SIZE))) {
        body.dataset.loading = "true";
        const [path, params, key] = partEndpoint(actor, part);
        page = (await api(`${path}${query({...params, limit: PART_PAGE_SIZE, offset})}`))[key];
        body.dataset.loading = "false";
      }
      body.replaceChildren(render(page),
        pager({total, offset, limit: PART_PAGE_SIZE, count: page.length, onGo: to => show(to).catch(err => P.showError(err.message))}));
    }
    show(0);
    return h("section", {class: "actor-part"},
      h("div", {class: "list-head"}, h("h2", {text: `${spec.title} (${total.toLocaleString("en")})`}),
        total ? P.csvButton(`actor-${actor.id}-${part}.csv`, () => allOfPart(actor, part), spec.csv) : null),
      body);
  }

  Object.assign(P, {viewActors, table, partSpecs, partSection, allOfPart, dateOf});
})();
