// Argilla records and their Hugging Face form. v2 `Record.to_dict()`: { id, fields, metadata,
// suggestions: { question: { value, score, agent } }, responses: { question: [{ value, user_id,
// status? }] } }; `to_datasets()` flattens the same into columns `q.suggestion`,
// `q.suggestion.score`, `q.suggestion.agent`, `q.responses`, `q.responses.status` (lists per
// user). v1 text classification: { text | inputs, prediction: [{ label, score }], annotation,
// prediction_agent, status }. Span values are lists of { start, end, label } in code points.
// Suggestions become an imported run (one per agent), the first submitted response the review.
import { spanIn } from "./offsets.js";
import { cellOf } from "./cells.js";

const isObj = (v) => v && typeof v === "object" && !Array.isArray(v);

/** Which shape a list of records has: "v2", "hf", "v1", or null. */
export function argillaShape(records) {
  const r = records[0];
  if (!isObj(r)) return null;
  if (isObj(r.fields)) return "v2";
  if (Object.keys(r).some((k) => /\.(suggestion|responses)$/.test(k))) return "hf";
  if (("text" in r || "inputs" in r) && ("prediction" in r || "annotation" in r)) return "v1";
  return null;
}

/** A suggestion's or response's value as { labels } or { spans }, noting label names in `seen`. */
function answer(value, text, seen) {
  if (Array.isArray(value) && value.length && isObj(value[0]) && "start" in value[0]) {
    const spans = value.map((s) => spanIn(text, { ...s, label: seen(String(s.label)) })).filter(Boolean);
    return { labels: [], spans, isSpans: true };
  }
  const labels = (Array.isArray(value) ? value : value == null || value === "" ? [] : [value]).map((v) => seen(String(v)));
  return { labels, spans: [], isSpans: false };
}

/** Normalises each record to { fields, suggestion: { value, score, agent } | null, response: { value, status } | null }. */
function normal(shape, r) {
  if (shape === "v2") {
    const q = Object.keys(r.suggestions ?? {})[0] ?? Object.keys(r.responses ?? {})[0];
    const s = q ? r.suggestions?.[q] : null;
    const resp = q ? (r.responses?.[q] ?? []).find((x) => (x.status ?? "submitted") === "submitted") : null;
    return { fields: { ...(r.id != null ? { id: r.id } : {}), ...r.fields, ...(r.metadata ?? {}) }, suggestion: s ?? null, response: resp ?? null, question: q };
  }
  if (shape === "hf") {
    const q = Object.keys(r).find((k) => k.endsWith(".suggestion"))?.slice(0, -11) ?? Object.keys(r).find((k) => k.endsWith(".responses"))?.slice(0, -10);
    const fields = Object.fromEntries(Object.entries(r).filter(([k]) => !k.startsWith(`${q}.`) && k !== "_server_id"));
    const s = r[`${q}.suggestion`] != null ? { value: r[`${q}.suggestion`], score: r[`${q}.suggestion.score`], agent: r[`${q}.suggestion.agent`] } : null;
    const statuses = r[`${q}.responses.status`] ?? [];
    const k = (r[`${q}.responses`] ?? []).findIndex((_, n) => (statuses[n] ?? "submitted") === "submitted");
    return { fields, suggestion: s, response: k >= 0 ? { value: r[`${q}.responses`][k] } : null, question: q };
  }
  const text = r.text ?? r.inputs?.text ?? Object.values(r.inputs ?? {})[0] ?? "";
  const best = [...(r.prediction ?? [])].map((p) => (Array.isArray(p) ? { label: p[0], score: p[1] } : p)).sort((a, b) => b.score - a.score);
  const multi = r.multi_label === true;
  const value = best.length ? (multi ? best.filter((p) => p.score >= 0.5).map((p) => p.label) : best[0].label) : null;
  return {
    fields: { ...(r.id != null ? { id: r.id } : {}), text, ...(r.metadata ?? {}) },
    suggestion: value != null ? { value, score: best[0]?.score, agent: r.prediction_agent } : null,
    response: r.annotation != null && r.status !== "Discarded" ? { value: r.annotation } : null,
  };
}

/** An import (see formats/import.js) from Argilla or Hugging Face records. */
export function fromRecords(records) {
  const shape = argillaShape(records);
  const items = records.map((r) => normal(shape, r));
  const columns = [];
  for (const it of items) for (const k of Object.keys(it.fields)) if (!columns.includes(k)) columns.push(k);
  const textColumn = Math.max(0, columns.indexOf("text"));
  const names = [];
  const seen = (n) => (names.includes(n) || names.push(n), n);
  const runs = new Map();
  const reviews = [];
  let spans = false;
  let multi = false;
  const rows = items.map((it, index) => {
    const cells = columns.map((c) => cellOf(it.fields[c]));
    const text = cells[textColumn];
    if (it.suggestion) {
      const a = answer(it.suggestion.value, text, seen);
      spans ||= a.isSpans;
      multi ||= Array.isArray(it.suggestion.value) && !a.isSpans;
      const agent = String(it.suggestion.agent ?? "argilla suggestions");
      if (!runs.has(agent)) runs.set(agent, { name: agent, modelVersion: agent, predictions: [] });
      runs.get(agent).predictions.push({ index, status: "ok", labels: a.labels, ...(a.isSpans ? { spans: a.spans } : {}), ...(it.suggestion.score != null ? { score: it.suggestion.score } : {}) });
    }
    if (it.response) {
      const a = answer(it.response.value, text, seen);
      spans ||= a.isSpans;
      multi ||= Array.isArray(it.response.value) && !a.isSpans;
      reviews.push({ index, status: "accepted", labels: a.labels, spans: a.spans });
    }
    return cells;
  });
  return { format: `argilla-${shape}`, columns, rows, textColumn, task: spans ? "spans" : multi ? "multi" : "single", labels: names, runs: [...runs.values()], reviews };
}
