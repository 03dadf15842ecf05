// The review's filter choices (fixed ones and one per label) and the label-distribution bar
// beside them: one segment per label in its colour, sized by its rows; a segment is a button
// that filters on its label; a legend says the same in text.
import { el } from "./dom.js";
import { FILTERS } from "./order.js";
import { formatCount } from "./stats.js";

export function renderFilters(select, labels, value) {
  const options = [...FILTERS, ...labels.map((l) => [`label:${l.name}`, `Label: ${l.name}`])];
  if (select.options.length !== options.length || [...select.options].some((o, i) => o.value !== options[i][0])) {
    select.replaceChildren(...options.map(([v, name]) => new Option(name, v)));
  }
  select.value = options.some(([v]) => v === value) ? value : "all";
}

/** `d`: order.js distribution(). */
export function renderDistribution(bar, legend, d) {
  const doc = bar.ownerDocument;
  const total = d.labels.reduce((n, l) => n + l.count, 0) + d.none;
  const segs = d.labels.filter((l) => l.count > 0).map((l) =>
    el(doc, "button", { type: "button", className: `seg lc-${l.color}`, text: l.name, title: `${l.name}: ${formatCount(l.count)}`, dataset: { filter: `label:${l.name}` }, attrs: { "aria-label": `${l.name}: ${formatCount(l.count)} rows; show them` } }),
  );
  segs.forEach((s, k) => (s.style.flexGrow = String(d.labels.filter((l) => l.count > 0)[k].count)));
  if (d.none) {
    const none = el(doc, "span", { className: "seg lc-none", title: `no label: ${formatCount(d.none)}` });
    none.style.flexGrow = String(d.none);
    segs.push(none);
  }
  bar.replaceChildren(...segs);
  bar.setAttribute("aria-label", `Label distribution over ${formatCount(total)} rows`);
  legend.replaceChildren(
    ...d.labels.map((l) => el(doc, "span", { className: `lc-${l.color}` }, el(doc, "span", { className: "swatch" }), doc.createTextNode(`${l.name} ${formatCount(l.count)}`))),
    ...(d.none ? [el(doc, "span", { className: "lc-none" }, el(doc, "span", { className: "swatch" }), doc.createTextNode(`no label ${formatCount(d.none)}`))] : []),
  );
}
