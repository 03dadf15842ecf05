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
  // Every row in row order: nothing to ask the rows (a run redraws this every second).
  if (filter === "all" && !needle && !lowFirst) return Array.from({ length: total }, (_, i) => i);
  const keep = keeper(filter);
  const out = [];
  const low = [];
  const score = new Map();
  for (let i = 0; i < total; i++) {
    const r = row(i);
    if (!keep(r)) continue;
    if (needle && !r.text.toLowerCase().includes(needle)) continue;
    if (lowFirst && isLow(r.score)) {
      low.push(i);
      score.set(i, r.score);
    } else out.push(i);
  }
  if (!lowFirst) return out;
  // Low confidence first (least agreement first), then the rest, each in row order.
  low.sort((a, b) => score.get(a) - score.get(b) || a - b);
  return low.concat(out);
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
  const c = counter(labels);
  for (const i of rows) c.add(row(i));
  return c.result(rows.length);
}

/**
 * The same as distribution(), `chunk` rows at a time with `pause()` between chunks (each chunk
 * its own short task at 100,000 rows); resolves null as soon as `stale()` says it is not wanted.
 */
export async function distributionInChunks(rows, row, labels, { chunk = 5000, pause, stale = () => false }) {
  const c = counter(labels);
  for (let at = 0; at < rows.length; at += chunk) {
    for (let k = at; k < Math.min(at + chunk, rows.length); k++) c.add(row(rows[k]));
    await pause();
    if (stale()) return null;
  }
  return c.result(rows.length);
}

function counter(labels) {
  const counts = new Map(labels.map((l) => [l.name, 0]));
  let none = 0;
  return {
    add(r) {
      const names = r.final ?? r.model;
      if (!names?.length) none++;
      for (const n of names ?? []) if (counts.has(n)) counts.set(n, counts.get(n) + 1);
    },
    result: (total) => ({ labels: labels.map((l) => ({ name: l.name, color: l.color, count: counts.get(l.name) })), none, total }),
  };
}
