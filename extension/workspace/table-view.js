// The review table, virtual: only the rows in view (and a few around) are in the DOM, between
// two spacer rows that give the scroll bar its full height, so 100,000 rows cost the same as 30.
// Rows have a fixed height (ROW_HEIGHT, also in workspace.css).
import { el, chips } from "./dom.js";

export const ROW_HEIGHT = 34;
const OVERSCAN = 8;

const STATUS_TEXT = { predicted: "predicted", accepted: "accepted", corrected: "corrected", rejected: "rejected", failed: "failed", "not labeled": "not labeled" };

function spacer(doc) {
  return el(doc, "tr", { className: "spacer", attrs: { "aria-hidden": "true" } }, el(doc, "td", { colSpan: 6 }));
}

/** `s`: { order (row numbers), cursor (position in order), row(i), labels }. */
export function renderTable(scroller, s) {
  const doc = scroller.ownerDocument;
  const tbody = scroller.querySelector("tbody");
  const view = scroller.clientHeight || 392;
  const first = Math.max(0, Math.floor(scroller.scrollTop / ROW_HEIGHT) - OVERSCAN);
  const last = Math.min(s.order.length, Math.ceil((scroller.scrollTop + view) / ROW_HEIGHT) + OVERSCAN);
  const top = spacer(doc);
  const bottom = spacer(doc);
  top.firstChild.style.height = `${first * ROW_HEIGHT}px`;
  bottom.firstChild.style.height = `${(s.order.length - last) * ROW_HEIGHT}px`;
  const rows = [];
  for (let k = first; k < last; k++) {
    const r = s.row(s.order[k]);
    const status = r.saving ? "saving…" : r.auto ? "agreed" : STATUS_TEXT[r.status];
    const tr = el(
      doc,
      "tr",
      { className: `item${k === s.cursor ? " cursor" : ""}`, dataset: { index: String(r.index), pos: String(k), status: r.status }, attrs: { "aria-rowindex": String(k + 2), ...(k === s.cursor ? { "aria-selected": "true" } : {}) } },
      el(doc, "td", { text: String(r.index + 1) }),
      el(doc, "td", { text: r.text, title: r.text.length > 80 ? r.text.slice(0, 500) : "" }),
      el(doc, "td", {}, chips(doc, r.modelNames, s.labels, r.model?.status === "failed" ? "failed" : "—")),
      el(doc, "td", {}, chips(doc, r.final, s.labels, r.status === "rejected" ? "none fits" : "—")),
      el(doc, "td", {}, el(doc, "span", { className: `status ${r.saving ? "saving" : r.status}`, text: status })),
      el(doc, "td", { text: r.score == null ? "" : `${Math.round(r.score * 100)}%`, className: r.score != null && r.score < 1 ? "low" : "" }),
    );
    rows.push(tr);
  }
  tbody.replaceChildren(top, ...rows, bottom);
  scroller.querySelector("table").setAttribute("aria-rowcount", String(s.order.length + 1));
}

/** Scrolls so the row at position `pos` is in view. */
export function scrollToPos(scroller, pos) {
  const head = scroller.querySelector("thead")?.offsetHeight ?? 0;
  const top = pos * ROW_HEIGHT;
  const view = scroller.clientHeight - head;
  if (top < scroller.scrollTop) scroller.scrollTop = top;
  else if (top + ROW_HEIGHT > scroller.scrollTop + view) scroller.scrollTop = top + ROW_HEIGHT - view;
}
