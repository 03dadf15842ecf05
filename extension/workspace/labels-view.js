// The label set's table: each label's key (1–9), name, description (sent to the model) and
// colour (from the palette, used by chips, spans and charts). Inputs carry data-label and
// data-prop; the page reads them on change.
import { el, chip } from "./dom.js";
import { COLORS } from "./labels.js";

export function renderLabelTable(table, labels) {
  const doc = table.ownerDocument;
  const focused = doc.activeElement;
  const keep = focused && table.contains(focused) ? [focused.dataset.label, focused.dataset.prop] : null;
  table.tBodies[0].replaceChildren(
    ...labels.map((l, k) => {
      const desc = el(doc, "input", { value: l.description ?? "", dataset: { label: l.name, prop: "description" }, attrs: { "aria-label": `Description of ${l.name}` } });
      const color = el(doc, "select", { dataset: { label: l.name, prop: "color" }, attrs: { "aria-label": `Colour of ${l.name}` } }, ...COLORS.map((c) => new Option(c, c)));
      color.value = l.color;
      return el(doc, "tr", {}, el(doc, "td", { className: "key", text: k < 9 ? String(k + 1) : "" }), el(doc, "td", {}, chip(doc, l.name, l.color)), el(doc, "td", {}, desc), el(doc, "td", {}, color));
    }),
  );
  if (keep) table.querySelector(`[data-label="${CSS.escape(keep[0])}"][data-prop="${keep[1]}"]`)?.focus();
}

/** The edit an input of the table makes: { name, patch }. */
export function labelEdit(input) {
  return { name: input.dataset.label, patch: { [input.dataset.prop]: input.value } };
}
