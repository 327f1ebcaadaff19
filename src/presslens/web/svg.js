// The one SVG helper the graph and the charts share: loaded before them.
"use strict";
(function () {
  const SVG = "http://www.w3.org/2000/svg";

  // A new SVG element `name` with `attrs`, appended to `parent` when given.
  function el(name, attrs, parent) {
    const node = document.createElementNS(SVG, name);
    for (const [k, v] of Object.entries(attrs || {})) node.setAttribute(k, String(v));
    if (parent) parent.appendChild(node);
    return node;
  }

  window.PresslensSvg = {el};
})();
