// Label Studio's JSON export: a list of tasks { id, data, annotations, predictions }, each
// prediction { model_version, score, result }, each annotation { result, was_cancelled, ... },
// result items { id, from_name, to_name, type: "choices" | "labels", value }. Span offsets are
// code points there (offsets.js). Export writes one prediction per run that answered the row
// and the reviewer's decision as its annotation (rejected: an empty result); import turns
// predictions into runs (one per model_version), the first annotation into the row's review,
// and keeps every other annotation (and the task id) with the row, written back on export.
import { spanIn, spanOut } from "./offsets.js";
import { cellOf } from "./cells.js";

const FROM = "label";

function results(task, toName, text, answer, idPrefix) {
  if (task === "spans") {
    return (answer.spans ?? []).map((s, k) => {
      const { start, end, text: t, label } = spanOut(text, s);
      return { id: `${idPrefix}${k}`, from_name: FROM, to_name: toName, type: "labels", value: { start, end, text: t, labels: [label] } };
    });
  }
  if (!answer.labels?.length) return [];
  return [{ id: `${idPrefix}0`, from_name: FROM, to_name: toName, type: "choices", value: { choices: [...answer.labels] } }];
}

/** The tasks for a project: `ctx` = { columns, rows, textColumn, task, runs: [{ run, predictions, score(i) }], reviews, extra(i) }. */
export function toTasks(ctx) {
  const toName = ctx.columns[ctx.textColumn] ?? "text";
  return ctx.rows.map((cells, i) => {
    const text = cells[ctx.textColumn] ?? "";
    const extra = ctx.extra?.(i) ?? {};
    const data = Object.fromEntries(ctx.columns.map((c, j) => [c, cells[j] ?? ""]));
    const predictions = [];
    for (const { run, predictions: byRow, score } of ctx.runs) {
      const p = byRow.get(i);
      if (p?.status !== "ok") continue;
      const out = { model_version: run.modelVersion ?? `${run.settings.modelId} · ${run.name}`, result: results(ctx.task, toName, text, p, `r${run.id}-${i}-`) };
      const s = score?.(i) ?? p.score;
      if (s != null) out.score = s;
      predictions.push(out);
    }
    const annotations = [];
    const review = ctx.reviews.get(i);
    if (review) annotations.push({ result: results(ctx.task, toName, text, review, `a${i}-`), was_cancelled: false, ground_truth: false, ...(review.ls ?? {}) });
    annotations.push(...(extra.annotations ?? []));
    return { id: extra.id ?? i + 1, data, annotations, predictions };
  });
}

const isTaskList = (v) => Array.isArray(v) && v.length > 0 && v.every((t) => t && typeof t === "object" && t.data && typeof t.data === "object");
export const looksLikeLabelStudio = isTaskList;

/** The answer a result list holds: { labels } or { spans } (UTF-16), with the names it uses. */
function answerOf(result, text, seen) {
  const labels = [];
  const spans = [];
  for (const r of result ?? []) {
    if (r.type === "choices") for (const c of r.value?.choices ?? []) labels.push(seen(String(c)));
    if (r.type === "labels") {
      const s = spanIn(text, { ...r.value, label: seen(String(r.value?.labels?.[0] ?? "")) });
      if (s) spans.push(s);
    }
  }
  return { labels, spans, isSpans: (result ?? []).some((r) => r.type === "labels") };
}

/** An import (see formats/import.js) from a task list. */
export function fromTasks(tasks) {
  const columns = [];
  for (const t of tasks) for (const k of Object.keys(t.data)) if (!columns.includes(k)) columns.push(k);
  const toName = tasks.flatMap((t) => [...(t.annotations ?? []), ...(t.predictions ?? [])]).flatMap((a) => a.result ?? [])[0]?.to_name;
  const textColumn = Math.max(0, columns.indexOf(columns.includes(toName) ? toName : "text"));
  const names = [];
  const seen = (n) => (names.includes(n) || names.push(n), n);
  const runs = new Map();
  const reviews = [];
  const extras = [];
  let spans = false;
  let multi = false;
  const rows = tasks.map((t, index) => {
    const cells = columns.map((c) => cellOf(t.data[c]));
    const text = cells[textColumn];
    const used = new Map();
    for (const p of t.predictions ?? []) {
      const a = answerOf(p.result, text, seen);
      spans ||= a.isSpans;
      multi ||= a.labels.length > 1;
      let version = String(p.model_version ?? "imported predictions");
      used.set(version, (used.get(version) ?? 0) + 1);
      if (used.get(version) > 1) version = `${version} (${used.get(version)})`;
      if (!runs.has(version)) runs.set(version, { name: version, modelVersion: version, predictions: [] });
      runs.get(version).predictions.push({ index, status: "ok", labels: a.isSpans ? [] : a.labels, ...(a.isSpans ? { spans: a.spans } : {}), ...(p.score != null ? { score: p.score } : {}) });
    }
    const annotations = t.annotations ?? [];
    const first = annotations.findIndex((a) => !a.was_cancelled);
    if (first >= 0) {
      const { result, was_cancelled, ground_truth, ...meta } = annotations[first];
      const a = answerOf(result, text, seen);
      spans ||= a.isSpans;
      multi ||= a.labels.length > 1;
      const empty = a.labels.length === 0 && a.spans.length === 0;
      reviews.push({ index, status: empty && !a.isSpans ? "rejected" : "accepted", labels: a.labels, spans: a.spans, ls: meta });
    }
    const rest = annotations.filter((_, k) => k !== first);
    extras.push(rest.length || t.id != null ? { id: t.id, annotations: rest } : null);
    return cells;
  });
  return { format: "label-studio", columns, rows, textColumn, task: spans ? "spans" : multi ? "multi" : "single", labels: names, runs: [...runs.values()], reviews, extras };
}
