// Lists at corpus scale: a pager ("Showing 51–100 of 2,345", first/previous/next/last), reading
// every page of a list, and any list as a CSV file made in the browser from the API's JSON.
"use strict";
(function () {
  const {h, api, query} = window.Presslens;

  // A pager over `total` items showing `count` from `offset`; onGo(offset) moves to another page.
  function pager({total, offset, limit, count, onGo, id}) {
    const last = Math.max(0, Math.floor((total - 1) / limit) * limit);
    const button = (cls, text, target, enabled) => h("button", {type: "button", class: `pager-${cls}`, text,
      disabled: enabled ? null : "disabled", onclick: () => onGo(target)});
    const shown = count ? `Showing ${(offset + 1).toLocaleString("en")}–${(offset + count).toLocaleString("en")} `
      + `of ${total.toLocaleString("en")}` : (total ? `Nothing past item ${total.toLocaleString("en")}` : "None");
    return h("div", {class: "pager", id, dataset: {total, offset, count, limit}},
      h("span", {class: "pager-status", text: shown}),
      button("first", "« First", 0, offset > 0),
      button("previous", "‹ Previous", Math.max(0, offset - limit), offset > 0),
      button("next", "Next ›", offset + limit, offset + limit < total),
      button("last", "Last »", last, offset < last));
  }

  // Every item of a paged list endpoint (`key` holds the items), pages read a few at a time.
  async function allPages(path, params, key, pageSize, most = 100000) {
    const first = await api(`${path}${query({...params, limit: pageSize, offset: 0})}`);
    const items = [...first[key]];
    const total = Math.min(first.total ?? items.length, most);
    const offsets = [];
    for (let offset = pageSize; offset < total; offset += pageSize) offsets.push(offset);
    for (let i = 0; i < offsets.length; i += 4) {
      const pages = await Promise.all(offsets.slice(i, i + 4).map(offset =>
        api(`${path}${query({...params, limit: pageSize, offset})}`)));
      pages.forEach(page => items.push(...page[key]));
    }
    return items.slice(0, most);
  }

  // A spreadsheet opening the file must not read a cell as a formula (=, +, -, @ at its start).
  function csvCell(value) {
    if (value === null || value === undefined) return "";
    let text = Array.isArray(value) ? value.join("; ") : typeof value === "object" ? JSON.stringify(value) : String(value);
    if (/^[=+\-@\t\r]/.test(text)) text = "'" + text;
    return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
  }

  // columns: [[header, item => value]]
  function toCsv(items, columns) {
    const lines = [columns.map(([header]) => csvCell(header)).join(",")];
    items.forEach(item => lines.push(columns.map(([, value]) => csvCell(value(item))).join(",")));
    return lines.join("\r\n") + "\r\n";
  }

  function saveFile(filename, text, type) {
    const url = URL.createObjectURL(new Blob([text], {type}));
    const anchor = h("a", {href: url, download: filename});
    document.body.appendChild(anchor);
    anchor.click();
    anchor.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10000);
  }

  // A button saving the whole list (every page, not only the one shown) as `filename`.
  function csvButton(filename, loadItems, columns) {
    const button = h("button", {type: "button", class: "csv", text: "Download CSV",
      title: "Every item of this list (all pages), as a CSV file"});
    button.addEventListener("click", async () => {
      button.disabled = true;
      button.textContent = "Preparing CSV…";
      try {
        const items = await loadItems();
        saveFile(filename, toCsv(items, columns), "text/csv;charset=utf-8");
        button.dataset.rows = String(items.length);
      } catch (err) {
        window.Presslens.showError(`CSV not made: ${err.message}`);
      } finally {
        button.disabled = false;
        button.textContent = "Download CSV";
      }
    });
    return button;
  }

  // Pages through an array already in hand: `render(items)` gives the rows of one page.
  function localList(items, pageSize, render, id) {
    const box = h("div", {class: "local-list", id});
    function show(offset) {
      const page = items.slice(offset, offset + pageSize);
      box.replaceChildren(render(page), pager({total: items.length, offset, limit: pageSize, count: page.length, onGo: show}));
    }
    show(0);
    return box;
  }

  Object.assign(window.Presslens, {pager, allPages, toCsv, csvButton, localList});
})();
