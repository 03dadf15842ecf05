// Calls of the core over every row of a project, in the compute worker (compute-worker.js) for
// large projects so no long task blocks the page, in the page for small ones (the same call, at
// once) or where no worker can be made. The worker reads the rows from IndexedDB.

/** Rows up to which a project's calls run in the page: a few milliseconds each. */
export const IN_PAGE_ROWS = 5000;

let worker = null;
let next = 0;
const waiting = new Map();

function getWorker() {
  if (worker) return worker;
  worker = new Worker(new URL("./compute-worker.js", import.meta.url), { type: "module" });
  worker.onmessage = ({ data }) => {
    const w = waiting.get(data.id);
    waiting.delete(data.id);
    if (w) data.ok ? w.resolve(data.value) : w.reject(data.error);
  };
  worker.onerror = (e) => {
    for (const w of waiting.values()) w.reject({ message: `The computation failed: ${e.message}` });
    waiting.clear();
    worker?.terminate();
    worker = null;
  };
  return worker;
}

/**
 * `op` ("estimate" | "batch" | "metrics") of `labeler` over the project's texts (column
 * `textColumn` of `rows`) with `request` (no texts, no credentials): resolves the core's answer.
 * "metrics" is only ever asked of the worker (metrics.js computes small projects itself).
 */
export function computeOverRows(app, op, request, textColumn) {
  const call = () => {
    const texts = app.rows.map((cells) => cells[textColumn] ?? "");
    return op === "estimate" ? app.labeler.estimate({ ...request, texts }) : app.labeler.exportBatchInference({ ...request, texts });
  };
  if (app.rows.length <= IN_PAGE_ROWS || typeof Worker !== "function") return Promise.resolve().then(call);
  let w;
  try {
    w = getWorker();
  } catch {
    return Promise.resolve().then(call);
  }
  return new Promise((resolve, reject) => {
    const id = ++next;
    waiting.set(id, { resolve, reject });
    w.postMessage({ id, op, request, projectId: app.project.id, count: app.rows.length, textColumn });
  });
}
