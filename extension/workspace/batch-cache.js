// Bedrock Batch Inference files (the job's input, and its output read back as a run of the
// project) and the answer cache's Clear button (asked first).
import { download, exportName } from "./exports.js";
import { offlineRequest } from "./settings.js";
import { newRun, countPrediction } from "./run-record.js";
import { ask } from "./dialog.js";
import { formatCount } from "./stats.js";
import { selectRun } from "./project-controller.js";
import { computeOverRows } from "./compute.js";

export function wireBatchAndCache(app) {
  const { $ } = app;
  $("export-batch").addEventListener("click", async () => {
    try {
      const s = app.project.settings;
      const { jsonl, records } = await computeOverRows(app, "batch", offlineRequest(s), s.textColumn);
      download(app.doc, exportName(app.project.fileName, "batch-input.jsonl"), jsonl, "application/jsonl");
      $("batch-info").textContent = `${formatCount(records)} records written.` + (records < 100 ? " Bedrock Batch Inference needs at least 100 records per job for most models: use fewer items per request, or label this dataset here instead." : "");
    } catch (e) {
      $("batch-info").textContent = e.message ?? String(e);
    }
  });
  $("import-batch").addEventListener("change", () => $("import-batch").files[0] && importBatch(app, $("import-batch").files[0]).finally(() => ($("import-batch").value = "")));
  $("clear-cache").addEventListener("click", () => clearCache(app));
}

/** A batch job's output, as a new run of the project (answers joined on the row ids). */
async function importBatch(app, file) {
  try {
    const s = app.project.settings;
    const texts = app.rows.map((cells) => cells[s.textColumn] ?? "");
    const result = app.labeler.importBatchInference({ ...offlineRequest(s), texts }, await file.text());
    const run = { ...newRun(app.project, { id: Date.now(), now: Date.now(), number: app.runs.length + 1 }), name: `Batch job ${app.runs.length + 1}`, status: "done" };
    const entries = result.predictions.map((p) => ({ prediction: { ...p, pass: 0 }, cacheKey: null }));
    entries.forEach((e) => countPrediction(run, e.prediction));
    await app.store.runs.savePredictions(run, entries);
    app.runs.push(run);
    app.preds.set(run.id, [new Map(entries.map((e) => [e.prediction.index, e.prediction])), new Map()]);
    await selectRun(app, run);
    const sum = result.summary;
    $batch(app).textContent = `Imported ${formatCount(sum.rows)} rows from ${formatCount(sum.records)} records` + (sum.errorRecords ? `, ${sum.errorRecords} records failed in the job` : "") + (sum.unreadableLines.length ? `; unreadable lines: ${sum.unreadableLines.slice(0, 10).join(", ")}` : "") + ".";
  } catch (e) {
    $batch(app).textContent = e.message ?? String(e);
  }
}
const $batch = (app) => app.$("batch-info");

async function clearCache(app) {
  const info = app.$("cache-info");
  const size = await app.store.cache.size();
  if (size === 0) return (info.textContent = "The cache is empty.");
  const answers = (n) => `${formatCount(n)} cached ${n === 1 ? "answer" : "answers"}`;
  const answer = await ask(app.doc, { title: "Clear the cache?", text: `Remove ${answers(size)}? Rows already labeled keep their labels; repeated rows will be sent to Bedrock again.`, choices: [{ value: "clear", label: "Remove them", primary: true }, { value: "keep", label: "Keep them" }] });
  if (answer !== "clear") return (info.textContent = "Nothing was removed.");
  info.textContent = `Removed ${answers(await app.store.cache.clear())}.`;
}
