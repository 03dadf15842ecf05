// The compute worker: the core's calls that go over every row of a large project (the estimate,
// the metrics, the Batch Inference file), off the page's thread. It reads the texts from IndexedDB itself
// (the rows are stored before a project opens), so nothing of the dataset is copied to it by
// message, and it keeps nothing between calls. Posts { id, ok, value } or { id, ok: false, error }.
import init, * as labeler from "../pkg/labeler-full.js";
import { openStore } from "./store.js";
import { evaluateRows, goldFrom } from "./metrics.js";

let ready = null;

async function texts(store, { projectId, count, textColumn }) {
  const { rows } = await store.projects.rows(projectId, count);
  return rows.map((cells) => cells?.[textColumn] ?? "");
}

/** The run's metrics against the gold (a column, or the reviews), from what the store holds. */
async function metrics(store, { projectId, count, request: { runId, goldColumn, task, labels } }) {
  const rows = typeof goldColumn === "number" ? (await store.projects.rows(projectId, count)).rows : null;
  const reviews = goldColumn === "reviews" ? new Map((await store.projects.reviews(projectId)).map((r) => [r.index, r])) : null;
  const pass0 = new Map();
  for (const p of await store.runs.predictions(runId)) if (p.pass === 0) pass0.set(p.index, p);
  const gold = goldFrom({ goldColumn, task, rows, reviews });
  return gold ? evaluateRows(labeler, { task, labels, n: count, prediction: (i) => pass0.get(i), gold }) : null;
}

self.onmessage = async ({ data }) => {
  const { id, op, request } = data;
  try {
    ready ??= init().then(() => openStore(self.indexedDB));
    const store = await ready;
    let value;
    if (op === "estimate") value = labeler.estimate({ ...request, texts: await texts(store, data) });
    else if (op === "batch") value = labeler.exportBatchInference({ ...request, texts: await texts(store, data) });
    else if (op === "metrics") value = await metrics(store, data);
    else throw new Error(`unknown op ${op}`);
    self.postMessage({ id, ok: true, value });
  } catch (e) {
    self.postMessage({ id, ok: false, error: { code: e?.code ?? "Error", message: e?.message ?? String(e), field: e?.field } });
  }
};
