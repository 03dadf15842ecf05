// The CSV and JSONL exports: every input row exactly once, its input columns, then the model's
// answer and the final one side by side (model_labels, final_labels), the review status, the
// second opinion's agreement, and what became of the request. CSV text comes from the core's
// toCsv, which neutralises formula injection; JSONL keeps values as they are.

const OUT = ["model_labels", "final_labels", "review_status", "agreement", "second_labels", "model_spans", "final_spans", "reason", "status", "error", "cached"];

/** Column names: the input columns, then ours (prefixed with "labeler_" if the input has them). */
export function exportColumns(inputColumns) {
  return [...inputColumns, ...OUT.map((c) => (inputColumns.includes(c) ? `labeler_${c}` : c))];
}

/** Status of the request for a row: ok, failed, or not labeled (never sent / cancelled). */
export const requestStatus = (p) => (p ? p.status : "not labeled");

/** A row's values for our columns, as JSON values. `r` is rows-model's row. */
function values(r, task) {
  const names = (x) => (task === "spans" ? [...new Set((x?.spans ?? []).map((s) => s.label))] : x?.labels ?? []);
  const m = r.model?.status === "ok" ? r.model : null;
  return [
    m ? names(m) : [],
    r.finalAnswer ? names(r.finalAnswer) : [],
    r.auto ? "accepted by agreement" : r.status,
    r.score,
    r.second?.status === "ok" ? names(r.second) : [],
    task === "spans" && m ? m.spans ?? [] : null,
    task === "spans" && r.finalAnswer ? r.finalAnswer.spans ?? [] : null,
    m?.reason ?? "",
    requestStatus(r.model),
    r.model?.error ?? null,
    Boolean(r.model?.cached),
  ];
}

/** The export as a table for toCsv: lists joined with "; ", spans as JSON, missing cells empty. */
export function exportTable(columns, rows, row, task) {
  return {
    columns: exportColumns(columns),
    rows: rows.map((cells, i) => {
      const v = values(row(i), task);
      const out = v.map((x, k) => {
        if (x == null || x === false) return "";
        if (x === true) return "yes";
        if (Array.isArray(x)) return k === 5 || k === 6 ? JSON.stringify(x) : x.join("; ");
        if (typeof x === "object") return `${x.code}: ${x.message}`;
        return String(x);
      });
      return [...columns.map((_, j) => cells[j] ?? ""), ...out];
    }),
  };
}

/** The export as JSON Lines: input columns as given, lists as arrays. */
export function exportJsonl(columns, rows, row, task) {
  const names = exportColumns(columns).slice(columns.length);
  return rows
    .map((cells, i) => {
      const obj = Object.fromEntries(columns.map((c, j) => [c, cells[j] ?? ""]));
      values(row(i), task).forEach((v, k) => {
        if (k < 2) obj[names[k]] = v; // model_labels and final_labels always, [] when none
        else if (v != null && v !== "" && v !== false && !(Array.isArray(v) && v.length === 0)) obj[names[k]] = v;
      });
      obj[names[8]] = requestStatus(row(i).model);
      return JSON.stringify(obj);
    })
    .join("\n") + "\n";
}

/** Rows per chunk of a streamed export: each chunk is its own short task. */
export const EXPORT_CHUNK = 500;

const nextTask = () => new Promise((resolve) => setTimeout(resolve, 0));

/**
 * The CSV export as parts of one Blob, EXPORT_CHUNK rows to a toCsv call with a pause between
 * chunks, so 100,000 rows neither block the page nor become one huge string (`wrap` makes each
 * part a Blob as it is made, so the final Blob only joins them). The parts join to
 * exactly toCsv(exportTable(...)): the header is toCsv of no rows, the prefix of every chunk's text.
 */
export async function csvParts(columns, rows, row, task, toCsv, pause = nextTask, wrap = (text) => text) {
  const header = toCsv({ columns: exportColumns(columns), rows: [] });
  const parts = [wrap(header)];
  for (let at = 0; at < rows.length; at += EXPORT_CHUNK) {
    const chunk = toCsv(exportTable(columns, rows.slice(at, at + EXPORT_CHUNK), (i) => row(at + i), task));
    parts.push(wrap(chunk.slice(header.length)));
    await pause();
  }
  return parts;
}

/** The JSONL export as Blob parts, EXPORT_CHUNK lines each (they join to exactly exportJsonl's text). */
export async function jsonlParts(columns, rows, row, task, pause = nextTask, wrap = (text) => text) {
  if (rows.length === 0) return [exportJsonl(columns, rows, row, task)];
  const parts = [];
  for (let at = 0; at < rows.length; at += EXPORT_CHUNK) {
    parts.push(wrap(exportJsonl(columns, rows.slice(at, at + EXPORT_CHUNK), (i) => row(at + i), task)));
    await pause();
  }
  return parts;
}

/** "reviews.csv" → "reviews.labeled.csv". */
export function exportName(fileName, suffix) {
  return `${(fileName || "dataset").replace(/\.[^.]+$/, "")}.${suffix}`;
}

/** Offers `text` (a string, or parts of one: strings or Blobs) as a file download. */
export function download(doc, fileName, text, type) {
  const url = URL.createObjectURL(new Blob(Array.isArray(text) ? text : [text], { type }));
  const a = doc.createElement("a");
  a.href = url;
  a.download = fileName;
  doc.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
