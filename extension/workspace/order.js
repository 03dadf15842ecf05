// Which rows the review shows, in what order: a filter, a text search, and low-confidence rows
// first when the run has a second opinion. Over plain arrays of row numbers, so 100,000 rows
// filter in a few milliseconds and only the visible ones are ever drawn.
import { isLow } from "./agreement.js";

/** The filter choices: [value, name]; per-label filters are "label:<name>". */
export const FILTERS = [
  ["all", "All rows"],
  ["unreviewed", "Unreviewed"],
  ["reviewed", "Reviewed"],
  ["low", "Low confidence (the two opinions differ)"],
  ["disagree", "Disagreements (reviewer changed the model's answer)"],
  ["failed", "Failed"],
  ["pending", "Not labeled yet"],
];

/**
 * Row numbers to show. `row(i)` describes row i: { text, status, final (labels or null),
 * model (labels or null), score (agreement or null) }; `status` is one of predicted,
 * accepted, corrected, rejected, failed, not labeled.
 */
export function rowOrder(total, row, { filter = "all", search = "", lowFirst = false } = {}) {
  const needle = search.trim().toLowerCase();
  const keep = keeper(filter);
  const out = [];
  for (let i = 0; i < total; i++) {
    const r = row(i);
    if (!keep(r)) continue;
    if (needle && !r.text.toLowerCase().includes(needle)) continue;
    out.push(i);
  }
  if (!lowFirst) return out;
  // Low confidence first (least agreement first), then the rest, each in row order.
  const low = out.filter((i) => isLow(row(i).score)).sort((a, b) => row(a).score - row(b).score || a - b);
  return [...low, ...out.filter((i) => !isLow(row(i).score))];
}

const REVIEWED = new Set(["accepted", "corrected", "rejected"]);

function keeper(filter) {
  if (filter.startsWith("label:")) {
    const name = filter.slice(6);
    return (r) => (r.final ?? r.model ?? []).includes(name);
  }
  switch (filter) {
    case "unreviewed":
      return (r) => !REVIEWED.has(r.status);
    case "reviewed":
      return (r) => REVIEWED.has(r.status);
    case "low":
      return (r) => isLow(r.score);
    case "disagree":
      return (r) => r.status === "corrected" || r.status === "rejected";
    case "failed":
      return (r) => r.status === "failed";
    case "pending":
      return (r) => r.status === "not labeled";
    default:
      return () => true;
  }
}

/** Rows per label over `rows` (their final answer, else the model's), in label-set order, plus rows with none. */
export function distribution(rows, row, labels) {
  const counts = new Map(labels.map((l) => [l.name, 0]));
  let none = 0;
  for (const i of rows) {
    const names = row(i).final ?? row(i).model;
    if (!names?.length) none++;
    for (const n of names ?? []) if (counts.has(n)) counts.set(n, counts.get(n) + 1);
  }
  return { labels: labels.map((l) => ({ name: l.name, color: l.color, count: counts.get(l.name) })), none, total: rows.length };
}
