// The workspace page: a dataset from a file, labelled at the quota's speed, every prediction
// stored as it arrives, reviewable, exportable, resumable after the tab closes.
import init, * as labeler from "../pkg/labeler-full.js";
import { REGIONS, DEFAULT_REGION } from "../regions.js";
import { fillPickers } from "../pickers.js";
import { DEFAULT_MODEL } from "../models.js";
import { parseLabels, inputForError } from "../form.js";
import { openStore } from "./store.js";
import { Runner } from "./runner.js";
import { RunStats, formatCount, formatDuration, formatUsd } from "./stats.js";
import { loadPrices, pricesFor, savePrice, cost } from "./prices.js";
import { exportTable, exportJsonl, download, exportName } from "./exporting.js";
import { visibleRows, renderTable, PAGE_SIZE } from "./table-view.js";
import { renderMetrics } from "./metrics-view.js";
import { askForHost } from "../host-permission.js";
import { initCredentialsPanel } from "../credentials-panel.js";
import { AdaptationMemory } from "../adaptations.js";

const $ = (id) => document.getElementById(id);
const DEFAULT_CONCURRENCY = 8;
/** Paste handling, expiry countdown and storage of the keys (shared with the popup). */
let credentialsPanel = null;
/** What models refused earlier this browser session (shared with the popup). */
const refusals = new AdaptationMemory();
refusals.load().catch(() => {});

const state = {
  store: null,
  runner: null,
  /** The dataset being looked at: { fileName, columns, rows } (rows of cells). */
  dataset: null,
  /** The stored run, once Predict labels was clicked (or one was found on opening). */
  run: null,
  predictions: new Map(),
  stats: new RunStats(0),
  page: 0,
  prices: loadPrices(),
};

// ---------------------------------------------------------------- settings and request

function restoreSettings() {
  const s = labeler.loadSettings();
  $("region").value = REGIONS.some(([c]) => c === s.region) ? s.region : DEFAULT_REGION;
  $("model-id").value = s.modelId || DEFAULT_MODEL;
  $("task").value = ["single", "multi", "spans"].includes(s.task) ? s.task : "single";
  $("labels").value = s.labels ?? "";
  $("instructions").value = s.instructions ?? "";
  $("temperature").value = s.temperature ?? "";
  $("batch-size").value = s.batchSize ?? "";
  $("family").value = s.family ?? "";
  $("api").value = ["", "converse"].includes(s.api) ? s.api : "";
  $("endpoint").value = s.endpoint ?? "";
  $("concurrency").value = s.concurrency ?? "";
  $("retry-budget").value = s.retryBudget ?? "";
}

const num = (id) => ($(id).value.trim() === "" ? null : Number($(id).value));

function settings() {
  return {
    region: $("region").value,
    modelId: $("model-id").value.trim(),
    task: $("task").value,
    labels: $("labels").value,
    instructions: $("instructions").value,
    temperature: num("temperature"),
    batchSize: num("batch-size"),
    family: $("family").value,
    api: $("api").value,
    endpoint: $("endpoint").value.trim(),
    concurrency: num("concurrency"),
    retryBudget: num("retry-budget"),
  };
}

/** The request for `texts` (no credentials: for estimates, cache keys, batch files). */
function offlineRequest(texts) {
  const s = settings();
  const req = { region: s.region, modelId: s.modelId, task: s.task, labels: parseLabels(s.labels), texts };
  if (s.instructions.trim()) req.instructions = s.instructions.trim();
  if (s.temperature != null) req.temperature = s.temperature;
  if (s.batchSize != null) req.batchSize = s.batchSize;
  if (s.family) req.family = s.family;
  if (s.api) req.api = s.api;
  if (s.endpoint) req.endpoint = s.endpoint;
  return req;
}

function liveRequest(total) {
  const s = settings();
  const req = offlineRequest(undefined);
  delete req.texts;
  req.credentials = { accessKeyId: $("access-key-id").value, secretAccessKey: $("secret-access-key").value };
  if ($("session-token").value.trim()) req.credentials.sessionToken = $("session-token").value;
  const expiration = credentialsPanel?.expiration();
  if (expiration) req.credentials.expiration = expiration;
  req.concurrency = s.concurrency ?? DEFAULT_CONCURRENCY;
  // Retries (throttling included) stop at the call's budget (shown in the Retries figure) or
  // after maxRetries for one request: long runs under a tight quota get the most a request may
  // have, so a throttled row waits rather than fails.
  req.retryBudget = s.retryBudget ?? Math.max(100, 2 * total);
  req.maxRetries = 20;
  const known = refusals.for(req.modelId);
  if (known.length) req.adaptations = known;
  return req;
}

// ---------------------------------------------------------------- dataset

function texts() {
  if (state.run) return state.run.texts;
  const col = Number($("text-column").value);
  return state.dataset ? state.dataset.rows.map((r) => r[col] ?? "") : [];
}

function guessTextColumn(columns, rows) {
  const named = columns.findIndex((c) => /^(text|content|sentence|review|body|message|comment)$/i.test(c));
  if (named >= 0) return named;
  const avg = columns.map((_, j) => rows.slice(0, 50).reduce((n, r) => n + (r[j]?.length ?? 0), 0));
  return avg.indexOf(Math.max(...avg));
}

function showDataset(dataset, textColumn, goldColumn) {
  state.dataset = dataset;
  const opts = dataset.columns.map((c, j) => new Option(c, String(j)));
  $("text-column").replaceChildren(...opts);
  $("gold-column").replaceChildren(new Option("None", ""), ...dataset.columns.map((c, j) => new Option(c, String(j))));
  $("text-column").value = String(textColumn ?? guessTextColumn(dataset.columns, dataset.rows));
  const gold = goldColumn ?? dataset.columns.findIndex((c) => /^(label|labels|gold|gold_label|category|class)$/i.test(c));
  $("gold-column").value = gold != null && gold >= 0 ? String(gold) : "";
  $("text-column").disabled = $("gold-column").disabled = !!state.run;
  $("dataset-info").textContent = `${dataset.fileName}: ${formatCount(dataset.rows.length)} rows, ${dataset.columns.length} columns.`;
  drawPreview(dataset);
}

/** The first rows of the file, so the columns can be checked at a glance. */
function drawPreview(dataset) {
  const head = document.createElement("tr");
  head.append(...dataset.columns.map((c) => Object.assign(document.createElement("th"), { scope: "col", textContent: c })));
  $("preview").tHead.replaceChildren(head);
  $("preview").tBodies[0].replaceChildren(
    ...dataset.rows.slice(0, 5).map((cells) => {
      const tr = document.createElement("tr");
      tr.append(...dataset.columns.map((_, j) => Object.assign(document.createElement("td"), { textContent: cells[j] ?? "", title: cells[j] ?? "" })));
      return tr;
    }),
  );
  $("preview-wrap").hidden = false;
}

async function loadFile(file) {
  renderError($("dataset-error"), null);
  try {
    const bytes = new Uint8Array(await file.arrayBuffer());
    const table = labeler.parseDataset(bytes, file.name);
    if (table.rows.length === 0) throw { message: `${file.name} has no rows.` };
    if (state.runner.running) throw { message: "Pause or cancel the current run before loading another file." };
    state.run = null;
    state.predictions = new Map();
    state.stats = new RunStats(table.rows.length);
    state.page = 0;
    showDataset({ fileName: file.name, ...table });
    $("resume-banner").hidden = true;
    refresh();
  } catch (e) {
    renderError($("dataset-error"), e);
  }
}

// ---------------------------------------------------------------- running

async function startRun() {
  if (!state.dataset) return;
  renderError($("error"), null);
  const all = texts();
  const run = {
    id: Date.now(),
    createdAt: Date.now(),
    fileName: state.dataset.fileName,
    columns: state.dataset.columns,
    rows: state.dataset.rows,
    textColumn: Number($("text-column").value),
    goldColumn: $("gold-column").value === "" ? null : Number($("gold-column").value),
    texts: all,
    settings: settings(),
    status: "running",
  };
  await state.store.startRun(run);
  state.run = run;
  state.predictions = new Map();
  state.stats = new RunStats(all.length);
  $("text-column").disabled = $("gold-column").disabled = true;
  await go();
}

async function go() {
  const req = liveRequest(state.run.texts.length);
  refresh();
  const outcome = await state.runner.start(state.run, req, state.predictions, state.stats);
  state.run.status = outcome.status === "error" ? "paused" : outcome.status;
  if (outcome.adaptations?.length) await refusals.remember(req.modelId, outcome.adaptations);
  showNotices(outcome.warnings ?? []);
  if (outcome.status === "error") {
    const e = outcome.error;
    renderError($("error"), e);
    if (e?.code === "InvalidInput") $(inputForError(e) ?? "")?.focus();
  }
  refresh();
}

/**
 * `action` as a click handler that first checks the request (nothing is sent if it is bad) and
 * asks Chrome for the region's Bedrock host. Both happen synchronously inside the click, as
 * Chrome only prompts during a user gesture; already granted resolves without a prompt.
 */
function withHostPermission(action) {
  return () => {
    renderError($("error"), null);
    const request = { ...liveRequest(1), texts: ["x"] };
    const problem = labeler.checkRequest(request);
    if (problem) {
      renderError($("error"), problem);
      if (problem.code === "InvalidInput") $(inputForError(problem) ?? "")?.focus();
      return;
    }
    // The core decides the host (or refuses it) and Chrome is asked for it, still in the click.
    askForHost(labeler.endpointFor, request.region, request.endpoint).then((r) => (r.ok ? action() : renderError($("error"), r.error)));
  };
}

/** Empties the answer cache once the user confirms; says how many answers were removed. */
async function clearCache() {
  const size = await state.store.cacheSize();
  if (size === 0) {
    $("cache-info").textContent = "The cache is empty.";
    return;
  }
  const answers = (n) => `${formatCount(n)} cached ${n === 1 ? "answer" : "answers"}`;
  if (!confirm(`Remove ${answers(size)}? Rows already labeled keep their labels; repeated rows will be sent to Bedrock again.`)) {
    $("cache-info").textContent = "Nothing was removed.";
    return;
  }
  $("cache-info").textContent = `Removed ${answers(await state.store.clearCache())}.`;
}

async function resumeStored() {
  $("resume-banner").hidden = true;
  await go();
}

async function cancelRun() {
  if (state.runner.running) state.runner.stop("cancelled");
  else if (state.run) {
    await state.store.updateRun(state.run.id, { status: "cancelled" });
    state.run.status = "cancelled";
    refresh();
  }
}

// ---------------------------------------------------------------- rendering

let frame = 0;
function refresh() {
  if (frame) return;
  frame = requestAnimationFrame(() => {
    frame = 0;
    draw();
  });
}

/** The call's warnings (a field the model does not accept, a refusal adapted to), as text. */
function showNotices(warnings) {
  const box = $("notices");
  if (!box) return;
  box.replaceChildren(...warnings.map((w) => Object.assign(document.createElement("li"), { textContent: w.message, title: w.code })));
  box.hidden = warnings.length === 0;
}

function renderError(box, error) {
  box.hidden = !error;
  box.textContent = error ? `${error.message ?? String(error)}${error.code ? `\n${error.code}` : ""}` : "";
}

function drawEstimate() {
  const all = texts();
  const priceIn = num("price-input");
  const priceOut = num("price-output");
  if (!all.length) return;
  try {
    const est = labeler.estimate(offlineRequest(all));
    $("est-items").textContent = formatCount(est.items);
    $("est-requests").textContent = formatCount(est.requests);
    $("est-input").textContent = formatCount(est.inputTokens);
    $("est-output").textContent = formatCount(est.outputTokens);
    $("est-cost").textContent = formatUsd(cost([priceIn, priceOut].includes(null) ? null : [priceIn, priceOut], est.inputTokens, est.outputTokens));
  } catch (e) {
    $("est-requests").textContent = "—";
    $("est-cost").textContent = e.message ?? "—";
  }
}

function drawStats() {
  const s = state.stats;
  const total = texts().length;
  $("progress").max = Math.max(total, 1);
  $("progress").value = s.done;
  $("stat-done").textContent = formatCount(s.ok);
  $("stat-failed").textContent = formatCount(s.failed);
  $("stat-cached").textContent = formatCount(s.cached);
  $("stat-remaining").textContent = formatCount(Math.max(0, total - s.done));
  const rate = s.ratePerMinute();
  $("stat-rate").textContent = rate ? `${formatCount(rate)} / min` : "—";
  $("stat-eta").textContent = state.runner?.running ? formatDuration(s.etaMs()) : "—";
  $("stat-tokens").textContent = `${formatCount(s.inputTokens)} in / ${formatCount(s.outputTokens)} out`;
  const prices = [num("price-input"), num("price-output")];
  $("stat-cost").textContent = formatUsd(cost(prices.includes(null) ? null : prices, s.inputTokens, s.outputTokens));
  const budget = state.run ? liveBudget() : null;
  $("stat-retries").textContent = budget ? `${formatCount(s.retries)} / ${formatCount(budget)}` : formatCount(s.retries);
  const status = state.run?.status;
  $("run-status").textContent = state.runner?.running
    ? "Labeling… finished rows are saved as they arrive; you can close this tab and resume later."
    : status === "paused" ? "Paused. Resume to continue where it stopped."
    : status === "cancelled" ? "Cancelled. Rows not labeled are exported as \"not labeled\"."
    : status === "done" ? "Done." : "";
}

function liveBudget() {
  const s = settings();
  return s.retryBudget ?? Math.max(100, 2 * texts().length);
}

function drawButtons() {
  const running = state.runner?.running ?? false;
  const hasData = texts().length > 0;
  const unfinished = state.run && state.predictions.size < state.run.texts.length && state.run.status !== "cancelled";
  $("predict").disabled = running || !hasData;
  $("pause").disabled = !running;
  $("resume").disabled = running || !unfinished || state.run?.status === "running";
  $("cancel").disabled = !running && !(state.run && unfinished);
  for (const id of ["export-csv", "export-jsonl", "export-batch"]) $(id).disabled = !hasData || running;
  $("clear-cache").disabled = running; // a running call is still filling it
}

function drawTable() {
  const all = texts();
  const filter = $("filter-label").value;
  const labels = parseLabels($("labels").value);
  const options = ["", "(failed)", "(pending)", "(none)", ...labels];
  const names = { "": "All rows", "(failed)": "Failed", "(pending)": "Not labeled yet", "(none)": "No label" };
  if ($("filter-label").options.length !== options.length || [...$("filter-label").options].some((o, i) => o.value !== options[i])) {
    $("filter-label").replaceChildren(...options.map((v) => new Option(names[v] ?? `Label: ${v}`, v)));
    $("filter-label").value = options.includes(filter) ? filter : "";
  }
  const rows = visibleRows(all.length, state.predictions, $("filter-label").value, $("failed-first").checked);
  const pages = Math.max(1, Math.ceil(rows.length / PAGE_SIZE));
  state.page = Math.min(state.page, pages - 1);
  renderTable($("results-table").tBodies[0], all, state.predictions, rows, state.page);
  $("page-info").textContent = `Page ${state.page + 1} of ${pages} (${formatCount(rows.length)} rows)`;
  $("page-prev").disabled = state.page === 0;
  $("page-next").disabled = state.page >= pages - 1;
}

function drawMetrics() {
  const gold = state.run ? state.run.goldColumn : $("gold-column").value === "" ? null : Number($("gold-column").value);
  const rows = state.run?.rows ?? state.dataset?.rows;
  if (gold == null || !rows || state.predictions.size === 0) return renderMetrics($("metrics"), null);
  const labels = parseLabels($("labels").value);
  try {
    const m = labeler.evaluate(labels, $("task").value, rows.map((cells, i) => {
      const p = state.predictions.get(i);
      return { labels: p?.status === "ok" ? p.labels : null, gold: cells[gold] ?? "" };
    }));
    renderMetrics($("metrics"), m, labels);
  } catch {
    renderMetrics($("metrics"), null);
  }
}

function drawPrices() {
  const p = pricesFor($("model-id").value, state.prices);
  if (document.activeElement !== $("price-input")) $("price-input").value = p ? String(p[0]) : "";
  if (document.activeElement !== $("price-output")) $("price-output").value = p ? String(p[1]) : "";
}

function draw() {
  drawEstimate();
  drawStats();
  drawButtons();
  drawTable();
  drawMetrics();
}

// ---------------------------------------------------------------- export and batch inference

function rowsForExport() {
  return state.run ? state.run.rows : state.dataset.rows;
}

function columnsForExport() {
  return state.run ? state.run.columns : state.dataset.columns;
}

function exportCsv() {
  const table = exportTable(columnsForExport(), rowsForExport(), state.predictions);
  download(document, exportName(state.dataset.fileName, "labeled.csv"), labeler.toCsv(table), "text/csv");
}

function exportJsonlFile() {
  download(document, exportName(state.dataset.fileName, "labeled.jsonl"), exportJsonl(columnsForExport(), rowsForExport(), state.predictions), "application/jsonl");
}

function exportBatch() {
  try {
    const { jsonl, records } = labeler.exportBatchInference(offlineRequest(texts()));
    download(document, exportName(state.dataset.fileName, "batch-input.jsonl"), jsonl, "application/jsonl");
    $("batch-info").textContent = `${formatCount(records)} records written.` +
      (records < 100 ? " Bedrock Batch Inference needs at least 100 records per job for most models: use fewer items per request, or label this dataset here instead." : "");
  } catch (e) {
    $("batch-info").textContent = e.message ?? String(e);
  }
}

async function importBatch(file) {
  try {
    if (!state.run) await startRunWithoutSending();
    const result = labeler.importBatchInference(offlineRequest(state.run.texts), await file.text());
    await state.store.savePredictions(state.run.id, result.predictions.map((prediction) => ({ prediction, cacheKey: null })));
    for (const p of result.predictions) state.predictions.set(p.index, p);
    rebuildStats();
    const s = result.summary;
    $("batch-info").textContent = `Imported ${formatCount(s.rows)} rows from ${formatCount(s.records)} records` +
      (s.errorRecords ? `, ${s.errorRecords} records failed in the job` : "") +
      (s.unreadableLines.length ? `; unreadable lines: ${s.unreadableLines.slice(0, 10).join(", ")}` : "") + ".";
    refresh();
  } catch (e) {
    $("batch-info").textContent = e.message ?? String(e);
  }
}

/** A stored run for the current dataset, without sending anything (for imports). */
async function startRunWithoutSending() {
  const run = {
    id: Date.now(), createdAt: Date.now(), fileName: state.dataset.fileName, columns: state.dataset.columns,
    rows: state.dataset.rows, textColumn: Number($("text-column").value),
    goldColumn: $("gold-column").value === "" ? null : Number($("gold-column").value),
    texts: texts(), settings: settings(), status: "paused",
  };
  await state.store.startRun(run);
  state.run = run;
  state.predictions = new Map();
}

function rebuildStats() {
  const stats = new RunStats(texts().length);
  for (const p of state.predictions.values()) stats.add(p, 0, { live: false });
  Object.assign(stats, { inputTokens: state.stats.inputTokens, outputTokens: state.stats.outputTokens, requests: state.stats.requests, retries: state.stats.retries });
  state.stats = stats;
}

// ---------------------------------------------------------------- start-up

async function restoreRun() {
  const run = await state.store.currentRun();
  if (!run) return;
  state.run = run;
  state.dataset = { fileName: run.fileName, columns: run.columns, rows: run.rows };
  showDataset(state.dataset, run.textColumn, run.goldColumn);
  for (const p of await state.store.predictions(run.id)) {
    const { runId, ...prediction } = p;
    state.predictions.set(prediction.index, prediction);
  }
  rebuildStats();
  const left = run.texts.length - state.predictions.size;
  if (left > 0 && run.status !== "cancelled") {
    run.status = "paused";
    $("resume-text").textContent = `An unfinished run of ${run.fileName}: ${formatCount(state.predictions.size)} of ${formatCount(run.texts.length)} rows done. Paste your keys and resume, or discard it.`;
    $("resume-banner").hidden = false;
  }
}

function wire() {
  $("file").addEventListener("change", () => $("file").files[0] && loadFile($("file").files[0]));
  const zone = $("drop-zone");
  zone.addEventListener("dragover", (e) => {
    e.preventDefault();
    zone.classList.add("over");
  });
  zone.addEventListener("dragleave", () => zone.classList.remove("over"));
  zone.addEventListener("drop", (e) => {
    e.preventDefault();
    zone.classList.remove("over");
    const file = e.dataTransfer?.files?.[0];
    if (file) loadFile(file);
  });
  $("predict").addEventListener("click", withHostPermission(startRun));
  $("pause").addEventListener("click", () => state.runner.stop("paused"));
  $("resume").addEventListener("click", withHostPermission(go));
  $("resume-run").addEventListener("click", withHostPermission(resumeStored));
  $("discard-run").addEventListener("click", async () => {
    await state.store.discardRun();
    state.run = null;
    state.predictions = new Map();
    state.stats = new RunStats(texts().length);
    $("resume-banner").hidden = true;
    $("text-column").disabled = $("gold-column").disabled = false;
    refresh();
  });
  $("cancel").addEventListener("click", cancelRun);
  $("clear-cache").addEventListener("click", clearCache);
  $("export-csv").addEventListener("click", exportCsv);
  $("export-jsonl").addEventListener("click", exportJsonlFile);
  $("export-batch").addEventListener("click", exportBatch);
  $("import-batch").addEventListener("change", () => $("import-batch").files[0] && importBatch($("import-batch").files[0]));
  $("filter-label").addEventListener("change", () => ((state.page = 0), refresh()));
  $("failed-first").addEventListener("change", () => ((state.page = 0), refresh()));
  $("page-prev").addEventListener("click", () => ((state.page -= 1), refresh()));
  $("page-next").addEventListener("click", () => ((state.page += 1), refresh()));
  for (const id of ["text-column", "gold-column"]) $(id).addEventListener("change", refresh);
  for (const id of ["region", "model-id", "task", "labels", "instructions", "temperature", "batch-size", "family", "api", "endpoint", "concurrency", "retry-budget"]) {
    $(id).addEventListener("change", () => {
      labeler.saveSettings(settings());
      if (id === "model-id") drawPrices();
      refresh();
    });
  }
  for (const id of ["price-input", "price-output"]) {
    $(id).addEventListener("change", () => {
      const [i, o] = [num("price-input"), num("price-output")];
      if (i != null && o != null) {
        savePrice($("model-id").value, i, o);
        state.prices = loadPrices();
      }
      refresh();
    });
  }
  setInterval(() => state.runner?.running && refresh(), 1000);
}

async function main() {
  fillPickers(document);
  credentialsPanel = initCredentialsPanel(document);
  await init();
  $("version").textContent = `v${labeler.version()}`;
  restoreSettings();
  drawPrices();
  state.store = await openStore();
  state.runner = new Runner({ labeler, store: state.store, onChange: refresh });
  wire();
  await restoreRun();
  refresh();
}

main().catch((e) => renderError($("error"), { message: `The workspace failed to start: ${e.message ?? e}` }));
