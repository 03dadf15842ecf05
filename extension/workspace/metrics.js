// Metrics of the reviewed run against the gold: a gold column or the reviewers' decisions
// (human ones only: never the model's own agreement). Labels through the core's evaluate,
// spans through evaluateSpans; plus the agreement summary when the run has a second opinion.
import { renderMetrics } from "./metrics-view.js";
import { agreementSummary, sameAnswer } from "./agreement.js";
import { labelNames } from "./labels.js";
import { computeOverRows, IN_PAGE_ROWS } from "./compute.js";

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
  return evaluateRows(app.labeler, { task: app.task(), labels: app.labels().map((l) => l.name), n: app.rows.length, prediction: (i) => preds[0].get(i), gold });
}

/** The core's metrics over `n` rows: `prediction(i)` (pass 0's) and `gold(i)` as goldOf gives it. Pure: the compute worker calls it too. */
export function evaluateRows(labeler, { task, labels, n, prediction, gold }) {
  if (task === "spans") {
    const rows = Array.from({ length: n }, (_, i) => {
      const p = prediction(i);
      const g = gold(i);
      return { spans: p?.status === "ok" ? p.spans ?? [] : null, gold: g?.spans ?? null };
    });
    return labeler.evaluateSpans(labels, rows);
  }
  const rows = Array.from({ length: n }, (_, i) => {
    const p = prediction(i);
    const g = gold(i);
    const out = { labels: p?.status === "ok" ? p.labels : null };
    if (g?.labels) out.goldLabels = g.labels;
    else out.gold = g?.cell ?? "";
    return out;
  });
  return labeler.evaluate(labels, task, rows);
}

/** goldOf's function over plain data (the compute worker's): `rows` (cells) or `reviews` (a Map). */
export function goldFrom({ goldColumn, task, rows, reviews }) {
  if (goldColumn === "reviews") {
    return (i) => {
      const r = reviews.get(i);
      return r ? { labels: r.labels, spans: r.spans ?? [] } : null;
    };
  }
  if (goldColumn == null) return null;
  return (i) => {
    const cell = rows[i]?.[goldColumn] ?? "";
    return task === "spans" ? { spans: parseSpans(cell) } : { cell };
  };
}

/**
 * Draws the metrics of the selected run: computed at once for a small project; for a large one
 * by the compute worker from what IndexedDB holds (the same as the page shows: predictions and
 * decisions are shown only once committed), drawn when it answers, one computation at a time.
 */
export function drawMetrics(app) {
  const run = app.run;
  if (!run || !goldOf(app) || app.rows.length <= IN_PAGE_ROWS) return showMetrics(app, run, safely(() => computeMetrics(app, run, app.predsOf(run))));
  if (app.metricsBusy) return void (app.metricsDue = true); // again once this one is drawn
  app.metricsBusy = true;
  const p = app.project;
  const ask = { runId: run.id, goldColumn: p.goldColumn, task: app.task(), labels: app.labels().map((l) => l.name) };
  computeOverRows(app, "metrics", ask, p.settings.textColumn)
    .then((m) => m, () => null)
    .then((metrics) => {
      app.metricsBusy = false;
      if (app.run === run && app.project === p) showMetrics(app, run, metrics);
      if (app.metricsDue) app.refresh();
    });
}

function safely(f) {
  try {
    return f();
  } catch {
    return null;
  }
}

function showMetrics(app, run, metrics) {
  const preds = app.predsOf(run);
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
