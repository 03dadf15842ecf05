// Metrics of the reviewed run against the gold: a gold column or the reviewers' decisions
// (human ones only: never the model's own agreement). Labels through the core's evaluate,
// spans through evaluateSpans; plus the agreement summary when the run has a second opinion.
import { renderMetrics } from "./metrics-view.js";
import { agreementSummary, sameAnswer } from "./agreement.js";
import { labelNames } from "./labels.js";

function parseSpans(cell) {
  try {
    const v = JSON.parse(cell);
    return Array.isArray(v) ? v : null;
  } catch {
    return null;
  }
}

/** Per row the gold: { labels | cell | spans } or null. */
export function goldOf(app) {
  const p = app.project;
  if (p.goldColumn === "reviews") {
    return (i) => {
      const r = app.review?.committed(i);
      return r ? { labels: r.labels, spans: r.spans ?? [] } : null;
    };
  }
  if (p.goldColumn == null) return null;
  return (i) => {
    const cell = app.rows[i]?.[p.goldColumn] ?? "";
    return app.task() === "spans" ? { spans: parseSpans(cell) } : { cell };
  };
}

export function computeMetrics(app, run, preds) {
  const gold = goldOf(app);
  if (!gold || !run) return null;
  const labels = app.labels().map((l) => l.name);
  const n = app.rows.length;
  if (app.task() === "spans") {
    const rows = Array.from({ length: n }, (_, i) => {
      const p = preds[0].get(i);
      const g = gold(i);
      return { spans: p?.status === "ok" ? p.spans ?? [] : null, gold: g?.spans ?? null };
    });
    return app.labeler.evaluateSpans(labels, rows);
  }
  const rows = Array.from({ length: n }, (_, i) => {
    const p = preds[0].get(i);
    const g = gold(i);
    const out = { labels: p?.status === "ok" ? p.labels : null };
    if (g?.labels) out.goldLabels = g.labels;
    else out.gold = g?.cell ?? "";
    return out;
  });
  return app.labeler.evaluate(labels, app.task(), rows);
}

export function drawMetrics(app) {
  const run = app.run;
  const preds = app.predsOf(run);
  let metrics = null;
  try {
    metrics = computeMetrics(app, run, preds);
  } catch {
    metrics = null;
  }
  const gold = goldOf(app);
  const hasSecond = preds[1].size > 0;
  let agreement = null;
  if (hasSecond) {
    const task = app.task();
    const row = app.row();
    const correct = (r, g) => {
      if (!g || r.model?.status !== "ok") return null;
      if (g.cell != null) return cellCorrect(app, g.cell, r.model);
      if (task === "spans" && !g.spans) return null;
      return sameAnswer(task, g, r.model);
    };
    agreement = agreementSummary(Array.from({ length: app.rows.length }, (_, i) => {
      const r = row(i);
      return { score: r.score, correct: correct(r, gold?.(i)) };
    }));
    run.agreement = { low: agreement.low, agreed: agreement.agreed };
  }
  if (run && metrics && metrics.evaluated) {
    run.accuracy = metrics.accuracy ?? metrics.f1;
    run.macroF1 = metrics.macroF1;
  }
  const goldName = app.project.goldColumn === "reviews" ? "the reviewed labels" : `"${app.project.columns[app.project.goldColumn] ?? ""}"`;
  renderMetrics(app.$("metrics"), { metrics, spans: app.task() === "spans", labels: app.labels(), agreement, goldName });
  if (!metrics && agreement?.compared) {
    app.$("metrics").hidden = false;
    app.$("metrics-summary").textContent = "No gold labels chosen (Setup → Gold labels): accuracy is not known.";
  }
}

/** Is a prediction right against a gold cell (one label, or several separated by ; | ,)? */
function cellCorrect(app, cell, p) {
  const names = labelNames(app.labels());
  const norm = (s) => s.trim().toLowerCase();
  const gold = names.includes(cell.trim()) ? [cell.trim()] : cell.split(/[;|,]/).map((s) => s.trim()).filter(Boolean);
  const known = gold.map(norm).filter((g) => names.some((n) => norm(n) === g));
  if (known.length === 0) return null;
  const pred = (p.labels ?? []).map(norm).sort();
  return JSON.stringify(pred) === JSON.stringify([...new Set(known)].sort());
}
