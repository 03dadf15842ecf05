// Values from JSON files as table cells: strings as they are, lists of strings joined with
// "; " (how a gold column holds several labels), null as empty, anything else as JSON text.

export function cellOf(v) {
  if (v == null) return "";
  if (typeof v === "string") return v;
  if (Array.isArray(v) && v.every((x) => typeof x === "string")) return v.join("; ");
  return typeof v === "object" ? JSON.stringify(v) : String(v);
}

/** `{ columns, rows }` from a list of flat objects (JSON array or JSONL lines), keys in order of appearance. */
export function tableOf(objects) {
  const columns = [];
  const index = new Map();
  for (const o of objects) for (const k of Object.keys(o)) if (!index.has(k)) index.set(k, columns.push(k) - 1);
  const rows = objects.map((o) => {
    const row = [];
    for (const [k, v] of Object.entries(o)) row[index.get(k)] = cellOf(v);
    for (let j = 0; j < row.length; j++) row[j] ??= "";
    return row;
  });
  return { columns, rows };
}

/** The likely text column: one named like a text, else the longest on average over the first rows. */
export function guessTextColumn(columns, rows) {
  const named = columns.findIndex((c) => /^(text|content|sentence|review|body|message|comment)$/i.test(c));
  if (named >= 0) return named;
  const sums = columns.map((_, j) => rows.slice(0, 50).reduce((n, r) => n + (r[j]?.length ?? 0), 0));
  return Math.max(0, sums.indexOf(Math.max(...sums)));
}

/** The likely gold column, or null. */
export function guessGoldColumn(columns) {
  const j = columns.findIndex((c) => /^(label|labels|gold|gold_label|category|class)$/i.test(c));
  return j >= 0 ? j : null;
}
