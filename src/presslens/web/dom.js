// What every view of the presslens UI shares: building DOM, reading the API, the names the UI
// offers (vocabulary.json). Article data reaches the page only through textContent and attribute
// setters, never as HTML, so article text cannot run code.
"use strict";
(function () {
  // node(tag, props, ...children): props "class", "text", "dataset", "style" (CSSOM, which the
  // page's CSP allows), "on<event>", else attributes; false/null/undefined props and children skip.
  function h(tag, props, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(props || {})) {
      if (value === null || value === undefined || value === false) continue;
      if (key === "class") node.className = value;
      else if (key === "text") node.textContent = value;
      else if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
      else if (key === "dataset") Object.assign(node.dataset, value);
      else if (key === "style") node.style.cssText = value;
      else node.setAttribute(key, String(value));
    }
    for (const child of children.flat()) {
      if (child === null || child === undefined || child === false) continue;
      node.appendChild(typeof child === "string" || typeof child === "number"
        ? document.createTextNode(String(child)) : child);
    }
    return node;
  }

  const link = (href, text) => h("a", {href, text});
  const articleLink = (id, label) => link(`#/article/${encodeURIComponent(id)}`, label || `article ${id}`);
  const actorLink = (id, name) => id
    ? link(`#/actor/${encodeURIComponent(id)}`, name || `actor ${id}`)
    : h("span", {class: "muted", text: name || "—"});
  const plural = (n, word) => `${Number(n).toLocaleString("en")} ${word}${n === 1 ? "" : "s"}`;

  // An API failure a person can read: the status and what the server said, never raw JSON.
  class ApiError extends Error {
    constructor(status, detail) {
      super(ApiError.describe(status, detail));
      this.status = status;
    }
    static describe(status, detail) {
      if (typeof detail === "string") return detail;
      if (Array.isArray(detail)) {
        return detail.map(d => `${(d.loc || []).filter(x => x !== "query" && x !== "path").join(".") || "request"}: `
          + `${d.msg || d.type || "invalid"}`).join("; ");
      }
      if (detail && detail.message) return detail.message;
      return status >= 500 ? "the server failed to answer" : `the request was refused (${status})`;
    }
  }

  async function api(path) {
    let response;
    try {
      response = await fetch(path, {headers: {Accept: "application/json"}});
    } catch (err) {
      throw new ApiError(0, "the server cannot be reached");
    }
    const body = await response.json().catch(() => null);
    if (!response.ok || body === null) throw new ApiError(response.status, body && body.detail);
    return body;
  }

  function query(params) {
    const search = new URLSearchParams();
    for (const [k, v] of Object.entries(params || {})) {
      if (Array.isArray(v)) v.forEach(x => search.append(k, x));
      else if (v !== null && v !== undefined && v !== "") search.set(k, v);
    }
    const text = search.toString();
    return text ? `?${text}` : "";
  }

  const field = (label, input) => h("label", {}, label, input);

  function formValues(form) {
    const values = {};
    for (const [k, v] of new FormData(form).entries()) values[k] = v;
    return values;
  }

  function select(name, options, chosen) {
    return h("select", {name}, options.map(([value, text]) =>
      h("option", {value, text, selected: String(value) === String(chosen ?? "") ? "selected" : null})));
  }

  function showError(message) {
    const box = document.getElementById("error");
    box.textContent = message || "";
    box.hidden = !message;
  }

  // The names the UI offers (techniques by category, relation kinds, claim statuses, quote kinds).
  const vocabulary = fetch("/ui/vocabulary.json").then(r => r.json()).then(v => {
    v.techniqueNames = Object.values(v.techniques).flat();
    v.categoryOf = new Map(Object.entries(v.techniques).flatMap(([c, names]) => names.map(n => [n, c])));
    v.conflict = new Set(v.conflict_kinds);
    return v;
  });

  window.Presslens = {h, link, articleLink, actorLink, plural, ApiError, api, query, field, formValues, select,
    showError, vocabulary};
})();
