// Renders the whole page from the app's state (views do the DOM, this picks what they get).
import { renderProjects } from "./projects-view.js";
import { renderDataset } from "./dataset-view.js";
import { renderLabelTable } from "./labels-view.js";
import { renderExamples } from "./examples-view.js";
import { renderRunBar } from "./run-bar.js";
import { renderEstimate } from "./estimate-view.js";
import { renderTable } from "./table-view.js";
import { renderPane } from "./review-pane.js";
import { renderFilters, renderDistribution } from "./filters-view.js";
import { renderShortcuts } from "./shortcuts-view.js";
import { renderRuns } from "./runs-view.js";
import { distribution, distributionInChunks } from "./order.js";
import { forOrder } from "./rows-model.js";
import { offlineRequest } from "./settings.js";
import { passesOf } from "./passes.js";
import { pricesFor, tierPrices } from "./prices.js";
import { drawMetrics } from "./metrics.js";
import { formatCount } from "./stats.js";
import { computeOverRows, IN_PAGE_ROWS } from "./compute.js";

export function draw(app) {
  const { doc, $ } = app;
  $("projects-screen").hidden = Boolean(app.project);
  $("project-screen").hidden = !app.project;
  if (!app.project) return renderProjects($("projects-screen"), app.projects);
  const p = app.project;
  $("project-name").textContent = p.name;
  $("project-info").textContent = `${formatCount(p.rowCount)} rows · ${app.runs.length} ${app.runs.length === 1 ? "run" : "runs"}`;
  renderRunBar($("project-screen"), { run: app.run, total: app.rows.length, running: app.runner?.running ?? false, stats: app.stats, hasRows: app.rows.length > 0 });
  const tab = app.view.tab;
  if (tab === "setup") drawSetup(app);
  if (tab === "review") drawReview(app);
  if (tab === "runs") renderRuns($("runs"), { runs: app.runs, selectedId: app.run?.id, total: app.rows.length });
  for (const id of ["export-csv", "export-jsonl", "export-ls", "export-spacy", "export-batch", "clear-cache"]) $(id).disabled = app.runner?.running ?? false;
}

function drawSetup(app) {
  const { $ } = app;
  const p = app.project;
  renderDataset($("panel-setup"), { project: p, rows: app.rows, locked: app.runs.length > 0 });
  renderLabelTable($("label-table"), p.settings.labels);
  if (!$("examples").contains(app.doc.activeElement)) renderExamples($("examples"), p.settings.examples);
  $("second-model").disabled = p.settings.secondOpinion !== "model";
  const { estimate, error } = estimateOf(app);
  // The boxes hold the Standard input / output prices; the table's cache prices come with them,
  // and the run's tier scales them all (the estimate's priceFactor, from the core).
  const table = pricesFor(p.settings.modelId, app.prices) ?? [];
  const standard = [Number($("price-input").value), Number($("price-output").value), ...table.slice(2)];
  const known = $("price-input").value !== "" && $("price-output").value !== "";
  const prices = known ? tierPrices(standard, estimate?.priceFactor) : null;
  renderEstimate($("panel-setup"), { estimate, error, passes: passesOf(p.settings).length, prices, reasons: p.settings.reasons, tokensPerMinute: p.settings.tokensPerMinute });
  if (app.doc.activeElement !== $("price-input") && app.doc.activeElement !== $("price-output")) {
    const pr = pricesFor(p.settings.modelId, app.prices);
    $("price-input").value = pr ? String(pr[0]) : "";
    $("price-output").value = pr ? String(pr[1]) : "";
  }
}

function drawReview(app) {
  const { $, view } = app;
  const row = app.row();
  const labels = app.labels();
  renderFilters($("filter"), labels, view.filter);
  $("low-first").checked = view.lowFirst;
  renderTable($("table-scroll"), { order: view.order, cursor: view.cursor, row, labels });
  const i = view.order[view.cursor];
  renderPane($("pane"), { r: i == null ? null : row(i), pos: view.cursor, count: view.order.length, task: app.task(), labels, open: view.open });
  renderDistribution($("distribution"), legendOf(app), distributionOf(app, row, labels));
  renderShortcuts($("shortcuts"), view.help);
  const reviewed = app.review ? app.review.reviews.size : 0;
  $("review-count").textContent = `${formatCount(view.order.length)} rows shown · ${formatCount(reviewed)} of ${formatCount(app.rows.length)} reviewed`;
  // Metrics go over every row: while a run goes, at most every 5 s (every 30 s for a large
  // project, whose metrics the compute worker reads back from IndexedDB each time).
  const now = Date.now();
  const every = app.rows.length > IN_PAGE_ROWS ? 30_000 : 5000;
  if (app.metricsDue && (!app.runner?.running || now - (app.metricsAt ?? 0) > every)) {
    app.metricsDue = false;
    app.metricsAt = now;
    drawMetrics(app);
  }
}

/**
 * The core's estimate for the project's settings, computed again only when they change: at once
 * for a small project, in the compute worker for a large one (the figures say "counting…" until
 * it answers; at 100,000 rows the core's call alone takes most of a second).
 */
function estimateOf(app) {
  const s = app.project.settings;
  const request = offlineRequest(s);
  const key = JSON.stringify([app.project.id, app.rows.length, s.textColumn, request]);
  if (app.estimateMemo?.key === key) return app.estimateMemo;
  if (app.rows.length > IN_PAGE_ROWS) {
    if (app.estimating !== key) {
      app.estimating = key;
      const settle = (memo) => {
        if (app.estimating !== key) return;
        app.estimating = null;
        app.estimateMemo = memo;
        app.refresh();
      };
      computeOverRows(app, "estimate", request, s.textColumn).then(
        (estimate) => settle({ key, estimate, error: null }),
        (e) => settle({ key, estimate: null, error: e?.message ?? String(e) }),
      );
    }
    return { key, estimate: null, error: "Counting the requests and tokens…" };
  }
  const texts = app.rows.map((cells) => cells[s.textColumn] ?? "");
  let memo;
  try {
    memo = { key, estimate: app.labeler.estimate({ ...request, texts }), error: null };
  } catch (e) {
    memo = { key, estimate: null, error: e.message ?? String(e) };
  }
  app.estimateMemo = memo;
  return memo;
}

/**
 * The label distribution of the rows shown, counted again only when rows, answers or decisions
 * changed: at once for up to 5,000 rows, else a chunk per task (the last counts stay drawn
 * until the new ones are in; a run changes them every second).
 */
function distributionOf(app, row, labels) {
  const key = `${app.project.id}:${app.orderVersion}:${app.review?.reviews.size}:${app.review?.pending.size}:${app.review?.history.length}:${JSON.stringify(labels)}`;
  const memo = app.distributionMemo;
  if (memo?.key === key) return memo.value;
  const order = app.view.order;
  if (order.length <= IN_PAGE_ROWS) {
    app.distributionMemo = { key, value: distribution(order, forOrder(row), labels) };
    return app.distributionMemo.value;
  }
  if (app.distributing !== key) {
    app.distributing = key;
    const pause = () => new Promise((resolve) => setTimeout(resolve, 0));
    distributionInChunks(order, forOrder(row), labels, { pause, stale: () => app.distributing !== key }).then((value) => {
      if (!value || app.distributing !== key) return;
      app.distributing = null;
      app.distributionMemo = { key, value };
      app.refresh();
    });
  }
  return memo?.key.startsWith(`${app.project.id}:`) ? memo.value : distribution([], forOrder(row), labels);
}

function legendOf(app) {
  let legend = app.$("legend");
  if (!legend) {
    legend = app.doc.createElement("div");
    legend.id = "legend";
    legend.className = "legend";
    app.$("panel-review").querySelector(".review-tools").after(legend);
  }
  return legend;
}
