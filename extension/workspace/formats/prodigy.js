// Prodigy / spaCy JSONL: one task per line, { text, spans: [{ start, end, label, text }],
// answer: "accept" | "reject" | "ignore", meta } for spans; { text, options, accept: [ids],
// answer } for choices. Offsets are code points (spaCy's start_char / end_char). Export writes
// each row's final answer (the review, else an auto-accepted or the model's answer) with the
// answer Prodigy would record: accept (accepted, corrected, auto-accepted), reject (rejected),
// ignore (not reviewed); import reads accept and reject as reviews.
import { spanIn, spanOut } from "./offsets.js";

const ANSWERS = { accepted: "accept", corrected: "accept", rejected: "reject" };

/** One JSON line per row: `ctx` = { rows, textColumn, task, labels, answer(i) → { labels, spans, status } | null }. */
export function toProdigyJsonl(ctx) {
  return ctx.rows
    .map((cells, i) => {
      const text = cells[ctx.textColumn] ?? "";
      const a = ctx.answer(i);
      const answer = a ? ANSWERS[a.status] ?? (a.status === "auto" ? "accept" : "ignore") : "ignore";
      const task = { text };
      if (ctx.task === "spans") task.spans = (a?.spans ?? []).map((s) => spanOut(text, s));
      else {
        task.options = ctx.labels.map((name) => ({ id: name, text: name }));
        task.accept = [...(a?.labels ?? [])];
      }
      task.answer = answer;
      task.meta = { row: i + 1, status: a?.status ?? "not labeled" };
      return JSON.stringify(task);
    })
    .join("\n") + "\n";
}

export const looksLikeProdigy = (objects) => objects.length > 0 && objects.every((o) => typeof o?.text === "string" && (Array.isArray(o.spans) || Array.isArray(o.accept)));

/** An import (see formats/import.js) from Prodigy tasks. */
export function fromProdigy(objects) {
  const spans = objects.some((o) => Array.isArray(o.spans));
  const names = [];
  const seen = (n) => (names.includes(n) || names.push(n), n);
  for (const o of objects) for (const opt of o.options ?? []) seen(String(opt.id));
  const reviews = [];
  const rows = objects.map((o, index) => {
    if (o.answer === "accept" || o.answer === "reject" || o.answer == null) {
      const got = spans ? (o.spans ?? []).map((s) => spanIn(o.text, { ...s, label: seen(String(s.label)) })).filter(Boolean) : [];
      const labels = spans ? [] : (o.accept ?? []).map((x) => seen(String(x)));
      reviews.push(o.answer === "reject" ? { index, status: "rejected", labels: [], spans: [] } : { index, status: "accepted", labels, spans: got });
    }
    return [o.text];
  });
  const multi = objects.some((o) => (o.accept?.length ?? 0) > 1 || o.config?.choice_style === "multiple");
  return { format: "prodigy", columns: ["text"], rows, textColumn: 0, task: spans ? "spans" : multi ? "multi" : "single", labels: names, runs: [], reviews };
}
