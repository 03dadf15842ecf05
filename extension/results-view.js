// Rendering predictions. Model output is data: every string goes in through textContent,
// never as HTML. A row is `li > .body > .text (+ a More button when cut) + .labels`.

import { fitRow } from "./row-expand.js";
import { cacheUsageText } from "./cache-usage.js";

function el(doc, tag, className, text) {
  const node = doc.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

/** One pending row per item, in input order. */
export function renderPending(list, texts) {
  const doc = list.ownerDocument;
  list.replaceChildren(
    ...texts.map((text, index) => {
      const li = el(doc, "li", "pending");
      li.dataset.index = String(index);
      li.append(body(doc, el(doc, "span", "text", text)), el(doc, "span", "labels", "…"));
      return li;
    }),
  );
  for (const li of list.children) fitRow(li);
}

/** The row's left column: the text, and room for its More button. */
function body(doc, text) {
  const node = el(doc, "div", "body");
  node.append(text);
  return node;
}

/**
 * The item text with its spans marked: text nodes and <mark> elements only (offsets are
 * UTF-16 code units, which is what String.prototype.slice uses).
 */
export function markedText(doc, text, spans) {
  const out = el(doc, "span", "text");
  let at = 0;
  for (const s of [...spans].sort((a, b) => a.start - b.start)) {
    if (s.start < at) continue; // overlapping spans: keep the first
    if (s.start > at) out.append(doc.createTextNode(text.slice(at, s.start)));
    const mark = el(doc, "mark", "span", text.slice(s.start, s.end));
    mark.dataset.label = s.label;
    mark.title = s.label;
    out.append(mark);
    at = s.end;
  }
  if (at < text.length) out.append(doc.createTextNode(text.slice(at)));
  return out;
}

/** Fills the row of `prediction.index` with its labels, or its error. */
export function renderPrediction(list, prediction) {
  const doc = list.ownerDocument;
  let li = list.querySelector(`li[data-index="${prediction.index}"]`);
  if (!li) {
    li = el(doc, "li");
    li.dataset.index = String(prediction.index);
    list.append(li);
  }
  const expanded = li.classList.contains("expanded");
  li.className = prediction.status === "ok" ? "ok" : "failed";
  li.classList.toggle("expanded", expanded); // a row opened while pending stays open
  li.dataset.status = prediction.status;
  const labels = el(doc, "span", "labels");
  if (prediction.status === "ok") {
    if (prediction.labels.length === 0) labels.append(el(doc, "span", "muted", "no label"));
    for (const name of prediction.labels) labels.append(el(doc, "span", "chip", name));
  } else {
    labels.textContent = prediction.error?.message ?? "failed";
    if (prediction.error?.code) labels.title = prediction.error.code;
  }
  const text = prediction.spans ? markedText(doc, prediction.text, prediction.spans) : el(doc, "span", "text", prediction.text);
  if (prediction.warnings?.length) {
    text.append(el(doc, "span", "warnings", prediction.warnings.map((w) => w.message).join(" ")));
  }
  li.replaceChildren(body(doc, text), labels);
  fitRow(li);
}

export function renderSummary(list, result) {
  const doc = list.ownerDocument;
  const ok = result.predictions.filter((p) => p.status === "ok").length;
  const failed = result.predictions.length - ok;
  const u = result.usage;
  const fmt = (n) => n.toLocaleString("en-US");
  const li = el(doc, "li", "summary",
    `${ok} labeled, ${failed} failed · ${fmt(u.requests)} ${u.requests === 1 ? "request" : "requests"}${u.retries ? ` (${fmt(u.retries)} retried)` : ""} · ${fmt(u.inputTokens)} input / ${fmt(u.outputTokens)} output tokens${cacheUsageText(u, fmt)}`);
  li.id = "summary";
  // About the whole call: a field the model does not accept, a refusal adapted to.
  if (result.warnings?.length) {
    const notes = el(doc, "ul", "call-warnings");
    for (const w of result.warnings) {
      const note = el(doc, "li", "", w.message);
      note.title = w.code;
      notes.append(note);
    }
    li.append(notes);
  }
  list.append(li);
}

/** Shows a request-level error (`{code, message}`), or hides the box when `error` is null. */
export function renderError(box, error) {
  if (!error) {
    box.hidden = true;
    box.replaceChildren();
    return;
  }
  const doc = box.ownerDocument;
  box.replaceChildren(doc.createTextNode(error.message ?? String(error)));
  if (error.code) box.append(el(doc, "span", "code", error.requestId ? `${error.code} · request ${error.requestId}` : error.code));
  box.hidden = false;
}
