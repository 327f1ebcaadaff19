// The presslens web UI: a single page over the HTTP API. This file routes `#/name/id?params` to
// the views (articles.js, actors.js, graph.js, views.js), shows a loading indicator while a view
// waits for the API, and a plain message for a page or item that does not exist.
"use strict";
(function () {
  const P = window.Presslens;
  const {h, link} = P;

  // name -> [view, what its id is]: "none" (no id), "number" (a store id), "optional".
  const routes = {
    articles: [P.viewArticles, "none"], article: [P.viewArticle, "number"],
    actors: [P.viewActors, "none"], actor: [P.viewActor, "number"],
    graph: [P.viewGraph, "none"], claims: [P.viewClaims, "none"], techniques: [P.viewTechniques, "none"],
    timeline: [P.viewTimeline, "none"], analyse: [P.viewAnalyse, "none"],
  };
  const LOADING_DELAY_MS = 150;  // a view ready sooner never flashes the indicator
  let current = 0;  // the latest navigation: an older one finishing late must not replace it

  function parseHash() {
    const [path, search] = location.hash.replace(/^#\/?/, "").split("?");
    const [name, id, ...rest] = path.split("/");
    return {name: name || "articles", id: id ? decodeURIComponent(id) : null, extra: rest.length > 0,
            params: Object.fromEntries(new URLSearchParams(search || ""))};
  }

  // Why a route cannot be shown before asking the API, or null when it can be.
  function badRoute({name, id, extra}) {
    if (!routes[name]) return `There is no page “${name}”.`;
    const kind = routes[name][1];
    if (kind === "number" && !(id && /^[1-9]\d{0,17}$/.test(id))) {
      return id ? `“${id}” is not ${name === "actor" ? "an actor" : "an article"} id: ids are whole numbers such as 12.`
        : `Which ${name}? The address needs its id, as in #/${name}/12.`;
    }
    if ((kind === "none" && id) || extra) return `The page “${name}” takes no “/${[id].join("/")}” part.`;
    return null;
  }

  function problem(message, status) {
    const notFound = status === 404;
    return h("div", {class: "problem", id: "problem", dataset: {status: status || ""}},
      h("h1", {text: notFound ? "Not found" : "This page cannot be shown"}),
      h("p", {text: message}),
      h("p", {}, "Go to ", link("#/articles", "articles"), ", ", link("#/actors", "actors"), " or ",
        link("#/claims", "the claims ledger"), "."));
  }

  function loadingIndicator() {
    return h("div", {class: "loading", id: "loading", role: "status"},
      h("span", {class: "spinner"}), "Loading…");
  }

  async function route() {
    const target = parseHash();
    const token = ++current;
    document.querySelectorAll("nav a[data-nav]").forEach(a => {
      a.classList.toggle("active", a.dataset.nav === target.name || a.dataset.nav === target.name + "s");
    });
    P.hideTooltip();
    P.showError("");
    const view = document.getElementById("view");
    view.dataset.view = target.name;
    view.dataset.ready = "false";
    const started = performance.now();
    const timer = setTimeout(() => { if (token === current) view.replaceChildren(loadingIndicator()); }, LOADING_DELAY_MS);
    let content;
    const bad = badRoute(target);
    try {
      content = bad ? problem(bad, 404) : await routes[target.name][0](target.id, target.params);
    } catch (err) {
      const said = err.message.charAt(0).toUpperCase() + err.message.slice(1);
      content = problem(err.status === 404 ? `${said}.` : `The server said: ${err.message}.`, err.status);
    }
    clearTimeout(timer);
    if (token !== current) return;
    view.replaceChildren(content);
    if (content.afterMount) content.afterMount();
    view.dataset.readyMs = String(Math.round(performance.now() - started));
    view.dataset.ready = "true";
  }

  // Another page of the same view: `params` replace the hash's query.
  function go(name, params) { location.hash = `#/${name}${P.query(params)}`; }

  P.go = go;
  window.addEventListener("hashchange", route);
  window.addEventListener("DOMContentLoaded", route);
})();
