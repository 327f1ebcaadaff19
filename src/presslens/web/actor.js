// One actor's page: who it is, the techniques it uses, its timeline, and its lists.
"use strict";
(function () {
  const P = window.Presslens;
  const {h, api, query, link, plural} = P;

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

  async function viewActor(id) {
    const [a, vocab] = await Promise.all([api(`/actors/${encodeURIComponent(id)}${query({limit: FIRST_PAGE})}`), P.vocabulary]);
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
      PARTS.map(part => P.partSection(a, part, specs[part])));
    root.afterMount = () => timeline.load();
    return root;
  }

  P.viewActor = viewActor;
})();
