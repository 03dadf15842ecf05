// An import (formats/import.js) stored as a new project: its rows in batches, each run of
// predictions it brought (Label Studio predictions, Argilla suggestions) as an imported run in
// the history, and its annotations as the rows' reviews (accepted when they repeat the first
// run's answer, else corrected). Runs in the import worker (import-worker.js) or, where no
// worker can be made, in the page; both hand it an opened store.
import { readDataset } from "./formats/import.js";
import { defaultSettings } from "./settings.js";
import { labelsFromText } from "./labels.js";
import { newRun, countPrediction } from "./run-record.js";
import { sameAnswer } from "./agreement.js";

const BATCH = 5000;

/** Reads and stores `bytes` as a project; resolves the project. `defaults`: the shared settings. */
export async function importFile(store, parseDataset, { bytes, fileName, defaults = {}, now = Date.now(), onProgress = () => {} }) {
  const imported = readDataset(bytes, fileName, parseDataset);
  if (imported.rows.length === 0) throw { code: "InvalidInput", message: `file: ${fileName} has no rows.` };
  return saveImport(store, imported, { fileName, defaults, now, onProgress });
}

export async function saveImport(store, imported, { fileName, defaults = {}, now = Date.now(), onProgress = () => {} }) {
  const settings = { ...defaultSettings(defaults), textColumn: imported.textColumn ?? 0 };
  if (imported.task) settings.task = imported.task;
  settings.labels = labelsFromText(imported.labels?.length ? imported.labels.join("\n") : defaults.labels ?? "");
  const project = {
    id: `p-${now}-${Math.random().toString(36).slice(2, 8)}`,
    name: fileName,
    createdAt: now,
    updatedAt: now,
    fileName,
    format: imported.format,
    columns: imported.columns,
    rowCount: imported.rows.length,
    goldColumn: imported.goldColumn ?? null,
    settings,
  };
  await store.projects.put(project);
  await store.projects.putRows(project.id, imported.rows, 0, (n) => onProgress(n, imported.rows.length), imported.extras ?? []);
  const firstRun = new Map();
  let number = 0;
  for (const r of imported.runs ?? []) {
    const run = { ...newRun(project, { id: now + ++number, now: now + number, number }), kind: "imported", name: r.name, modelVersion: r.modelVersion, status: "done", summary: `imported: ${r.name}` };
    const entries = r.predictions.map((p) => ({ prediction: { pass: 0, ...p }, cacheKey: null }));
    for (const e of entries) countPrediction(run, e.prediction);
    for (let at = 0; at < entries.length; at += BATCH) await store.runs.savePredictions(run, entries.slice(at, at + BATCH));
    if (entries.length === 0) await store.runs.put(run);
    if (number === 1) for (const p of r.predictions) firstRun.set(p.index, { ...p, runId: run.id });
  }
  const reviews = (imported.reviews ?? []).map((rv) => {
    const model = firstRun.get(rv.index);
    const status = rv.status === "accepted" && model && !sameAnswer(settings.task, rv, model) ? "corrected" : rv.status;
    return { ...rv, status, runId: model?.runId ?? null, at: now, imported: true };
  });
  await store.reviews.putMany(project.id, reviews);
  return project;
}
