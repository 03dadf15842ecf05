// The compute worker: the core's calls that go over every row of a large project (the estimate;
// the Batch Inference file), off the page's thread. It reads the texts from IndexedDB itself
// (the rows are stored before a project opens), so nothing of the dataset is copied to it by
// message, and it keeps nothing between calls. Posts { id, ok, value } or { id, ok: false, error }.
import init, * as labeler from "../pkg/labeler-full.js";
import { openStore } from "./store.js";

let ready = null;

async function texts(store, { projectId, count, textColumn }) {
  const { rows } = await store.projects.rows(projectId, count);
  return rows.map((cells) => cells?.[textColumn] ?? "");
}

self.onmessage = async ({ data }) => {
  const { id, op, request } = data;
  try {
    ready ??= init().then(() => openStore(self.indexedDB));
    const store = await ready;
    const all = await texts(store, data);
    let value;
    if (op === "estimate") value = labeler.estimate({ ...request, texts: all });
    else if (op === "batch") value = labeler.exportBatchInference({ ...request, texts: all });
    else throw new Error(`unknown op ${op}`);
    self.postMessage({ id, ok: true, value });
  } catch (e) {
    self.postMessage({ id, ok: false, error: { code: e?.code ?? "Error", message: e?.message ?? String(e), field: e?.field } });
  }
};
