// Few-shot examples: a text and its labels each (labels typed like the label set), sent with
// every request. Inputs carry data-index and data-prop; the page reads them on change.
import { el } from "./dom.js";

export function renderExamples(list, examples) {
  const doc = list.ownerDocument;
  list.replaceChildren(
    ...examples.map((e, i) => {
      const text = el(doc, "textarea", { rows: 1, value: e.text, dataset: { index: String(i), prop: "text" }, attrs: { "aria-label": `Example ${i + 1}: text` } });
      const labels = el(doc, "input", { value: e.labels.join(", "), dataset: { index: String(i), prop: "labels" }, attrs: { "aria-label": `Example ${i + 1}: labels` } });
      const remove = el(doc, "button", { type: "button", text: "Remove", dataset: { index: String(i), action: "remove" }, attrs: { "aria-label": `Remove example ${i + 1}` } });
      return el(doc, "li", {}, el(doc, "div", { className: "row" }, el(doc, "div", { className: "field grow" }, text), el(doc, "div", { className: "field" }, labels), remove));
    }),
  );
}

/** The examples after an edit of `input` (or a click on Remove). */
export function editExamples(examples, input, parseLabels) {
  const i = Number(input.dataset.index);
  if (input.dataset.action === "remove") return examples.filter((_, k) => k !== i);
  return examples.map((e, k) => (k !== i ? e : input.dataset.prop === "labels" ? { ...e, labels: parseLabels(input.value.includes("\n") ? input.value : input.value) } : { ...e, text: input.value }));
}
