// The review table: one row per dataset row, filtered by label, failed rows first if asked,
// a page at a time. Every string goes in as text.
import { markedText } from "../results-view.js";
import { rowStatus } from "./exporting.js";

export const PAGE_SIZE = 100;

/** Row indexes to show, in order, for the filter ("", a label, "(failed)", "(none)"). */
export function visibleRows(total, predictions, filter, failedFirst) {
  let rows = Array.from({ length: total }, (_, i) => i);
  if (filter === "(failed)") rows = rows.filter((i) => predictions.get(i)?.status === "failed");
  else if (filter === "(none)") rows = rows.filter((i) => predictions.get(i)?.status === "ok" && predictions.get(i).labels.length === 0);
  else if (filter === "(pending)") rows = rows.filter((i) => !predictions.has(i));
  else if (filter) rows = rows.filter((i) => predictions.get(i)?.labels?.includes(filter));
  if (failedFirst) {
    const failed = rows.filter((i) => predictions.get(i)?.status === "failed");
    rows = [...failed, ...rows.filter((i) => predictions.get(i)?.status !== "failed")];
  }
  return rows;
}

function cell(doc, content) {
  const td = doc.createElement("td");
  if (typeof content === "string") td.textContent = content;
  else if (content) td.append(content);
  return td;
}

export function renderTable(tbody, texts, predictions, rows, page) {
  const doc = tbody.ownerDocument;
  const slice = rows.slice(page * PAGE_SIZE, (page + 1) * PAGE_SIZE);
  tbody.replaceChildren(
    ...slice.map((i) => {
      const p = predictions.get(i);
      const tr = doc.createElement("tr");
      tr.dataset.index = String(i);
      tr.dataset.status = rowStatus(p);
      tr.className = p?.status ?? "pending";
      const text = p?.spans ? markedText(doc, texts[i], p.spans) : doc.createTextNode(texts[i]);
      const labels = doc.createElement("span");
      for (const name of p?.labels ?? []) {
        const chip = doc.createElement("span");
        chip.className = "chip";
        chip.textContent = name;
        labels.append(chip);
      }
      const status = doc.createElement("span");
      status.textContent = rowStatus(p) + (p?.cached ? " (cached)" : "");
      if (p?.error) {
        const reason = doc.createElement("span");
        reason.className = "reason";
        reason.textContent = p.error.message;
        status.append(reason);
      }
      tr.append(cell(doc, String(i + 1)), cell(doc, text), cell(doc, labels), cell(doc, status));
      return tr;
    }),
  );
}
