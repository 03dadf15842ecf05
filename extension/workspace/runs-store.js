// Runs (a project's history) and their predictions. A batch of predictions, the answers it adds
// to the cache and the run's figures (tokens, cost, retries, counts) go in one transaction, so
// what is shown as done, and what was spent on it, survive the tab closing together.
import { request, write, allWithPrefix } from "./idb.js";

export class RunStore {
  constructor(db) {
    this.db = db;
  }

  /** The project's runs, oldest first. */
  async list(projectId) {
    const runs = await request(this.db.transaction("runs").objectStore("runs").index("project").getAll(projectId));
    return runs.sort((a, b) => a.createdAt - b.createdAt);
  }

  /** Stores the whole run record; resolves once committed. */
  put(run) {
    return write(this.db, ["runs"], (tx) => tx.objectStore("runs").put(run));
  }

  /** Deletes a run and its predictions (the caller asked the user first). */
  delete(run) {
    return write(this.db, ["runs", "predictions"], (tx) => {
      tx.objectStore("runs").delete(run.id);
      tx.objectStore("predictions").delete(IDBKeyRange.bound([run.id], [run.id, []]));
    });
  }

  /**
   * Saves `entries` ({ prediction: { pass, index, ... }, cacheKey }) and `run` (its figures as
   * they are now) in one transaction; successful answers not from the cache are cached.
   */
  savePredictions(run, entries) {
    return write(this.db, ["runs", "predictions", "cache"], (tx) => {
      const predictions = tx.objectStore("predictions");
      for (const { prediction, cacheKey } of entries) {
        predictions.put({ runId: run.id, ...prediction });
        if (cacheKey && prediction.status === "ok" && !prediction.cached) {
          const { labels, spans, warnings, reason } = prediction;
          tx.objectStore("cache").put({ key: cacheKey, labels, spans, warnings, reason, at: Date.now() });
        }
      }
      tx.objectStore("runs").put(run);
    });
  }

  /** The run's predictions of both passes, in key order (pass, then row). */
  predictions(runId) {
    return allWithPrefix(this.db, "predictions", [runId]);
  }
}
