// One actor's page: who it is, the techniques it uses, its timeline, the labels it applies and
// receives counted over the corpus, and its lists.
"use strict";
(function () {
  const P = window.Presslens;
  const {h, api, query, link, plural, actorLink} = P;

  const PARTS = ["quotes", "relations", "labels_used", "labels_received", "claims"];
  const FIRST_PAGE = 25;

  function techniqueBars(techniques) {
    const entries = Object.entries(techniques || {}).sort((x, y) => y[1] - x[1]);
    if (!entries.length) return h("p", {class: "muted", text: "none"});
    const most = entries[0][1];
    return h("ul", {class: "bars", id: "actor-techniques"}, entries.map(([name, n]) => h("li", {},
      h("span", {class: "bar-label", text: name.replace(/_/g, " ")}),
      h("span", {class: "bar", style: `width:${Math.max(2, (100 * n) / most)}%`}),
      h("span", {class: "bar-count", text: n}))));
  }

  // The actor's quotes, relations and claims per week, drawn once every page of them is read.
  function actorTimeline(actor) {
    const box = h("div", {class: "chart", id: "actor-timeline", dataset: {ready: "false"}},
      h("p", {class: "loading"}, h("span", {class: "spinner"}), "Loading the timeline…"));
    box.load = async () => {
      try {
        const [quotes, relations, claims] = await Promise.all(["quotes", "relations", "claims"].map(part => P.allOfPart(actor, part)));
        const series = [["quotes", quotes.map(P.dateOf)], ["relations", relations.map(P.dateOf)], ["claims", claims.map(P.dateOf)]];
        P.drawTimeline(box, series, "week");
      } catch (err) {
        box.replaceChildren(h("p", {class: "muted", text: `No timeline: ${err.message}`}));
      }
      box.dataset.ready = "true";
    };
    return box;
  }

  // An actor's labels counted over the corpus, one direction: "used" (who it calls what) or
  // "received" (who calls it what); a row per wording and other party.
  const LABEL_COUNTS = {
    used: {title: "Labels it applies", who: "Calls", other: "target"},
    received: {title: "Labels applied to it", who: "Called by", other: "source"},
  };
  const ARTICLES_SHOWN = 3;
  const countsPath = (actorId, direction) => [`/actors/${encodeURIComponent(actorId)}/labels/counts`, {direction}];

  function otherParty(g, direction) {
    if (g.other) return actorLink(g.other, g.other_name);
    if (direction === "received") {
      return h("i", g.other_name ? {class: "unnamed-speaker", text: P.labelSource({source_name: g.other_name})}
        : {class: "own-voice", text: "the article's own voice"});
    }
    // an epithet's words are often the whole target ("future terrorists"): not repeated as whom
    if (!g.other_text || g.other_text === g.label) {
      return h("span", {class: "muted", text: "no one named", title: "the label names no actor"});
    }
    return h("span", {text: g.other_text});
  }

  function labelCountRow(g, direction) {
    const more = g.article_count - Math.min(g.articles.length, ARTICLES_SHOWN);
    return h("tr", {class: "label-count-row", dataset: {label: g.label, count: g.count, negated: String(Boolean(g.negated))}},
      h("td", {}, otherParty(g, direction)),
      h("td", {}, g.negated ? h("span", {class: "negated-mark", text: "not "}) : null, h("b", {text: `“${g.label}”`})),
      h("td", {class: "num", text: g.count}),
      h("td", {class: "articles"}, g.articles.slice(0, ARTICLES_SHOWN).map(x => P.articleLink(x.article_id, x.article_label)),
        more > 0 ? h("span", {class: "muted", text: `and ${more} more`}) : null));
  }

  function labelCountsSection(actor, direction, first) {
    const spec = LABEL_COUNTS[direction];
    const [path, params] = countsPath(actor.id, direction);
    const body = h("div", {class: "part-list", id: `actor-label-counts-${direction}`});
    async function show(offset, page) {
      page = page || await api(`${path}${query({...params, limit: FIRST_PAGE, offset})}`);
      const rows = page.labels.map(g => labelCountRow(g, direction));
      const table = rows.length ? P.table([spec.who, "Label", "Times", "Articles"], rows) : h("p", {class: "muted", text: "none"});
      if (rows.length) table.classList.add("label-counts");
      body.replaceChildren(table, page.total ? P.pager({total: page.total, offset, limit: FIRST_PAGE, count: rows.length,
        onGo: to => show(to).catch(err => P.showError(err.message))}) : null);
    }
    show(0, first);
    const columns = [[spec.other, g => g.other_name || g.other_text || (direction === "received" ? "the article's own voice" : "")],
      ["label", g => g.label], ["negated", g => g.negated], ["count", g => g.count], ["articles", g => g.article_count]];
    return h("section", {class: "actor-part"},
      h("div", {class: "list-head"}, h("h2", {text: spec.title}),
        first.total ? P.csvButton(`actor-${actor.id}-label-counts-${direction}.csv`,
          () => P.allPages(path, params, "labels", 1000), columns) : null),
      body);
  }

  async function viewActor(id) {
    const [a, vocab, used, received] = await Promise.all([api(`/actors/${encodeURIComponent(id)}${query({limit: FIRST_PAGE})}`),
      P.vocabulary, ...["used", "received"].map(direction => {
        const [path, params] = countsPath(id, direction);
        return api(`${path}${query({...params, limit: FIRST_PAGE})}`);
      })]);
    const specs = P.partSpecs(vocab);
    const timeline = actorTimeline(a);
    const root = h("div", {},
      h("h1", {id: "actor-name", text: a.name}),
      h("p", {class: "meta"}, [a.type, a.country, a.sector, a.generic ? "unnamed group" : null,
        plural(a.articles, "article")].filter(Boolean).join(" · ")),
      a.aliases && a.aliases.length ? h("p", {class: "meta", text: "Also: " + a.aliases.join(", ")}) : null,
      h("p", {}, link(`#/articles${query({actor: a.id})}`, "Articles naming this actor"), " · ",
        link(`#/graph${query({actor: a.id})}`, "its relations in the graph")),
      h("div", {class: "actor-overview"},
        h("section", {}, h("h2", {text: "Timeline (per week)"}), timeline),
        h("section", {}, h("h2", {text: "Techniques used"}), techniqueBars(a.techniques))),
      labelCountsSection(a, "used", used), labelCountsSection(a, "received", received),
      PARTS.map(part => P.partSection(a, part, specs[part])));
    root.afterMount = () => timeline.load();
    return root;
  }

  P.viewActor = viewActor;
})();
