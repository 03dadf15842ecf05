// Projects and their rows. A dataset is stored once, as rows of cells keyed [projectId, index],
// written and read in batches (one transaction per batch), so a 100,000-row file never needs
// one long task or a second copy.
import { request, write, allWithPrefix } from "./idb.js";

/** Rows per transaction when writing, and per getAll when reading. */
export const ROW_BATCH = 5000;

const prefixRange = (id) => IDBKeyRange.bound([id], [id, []]);

export class ProjectStore {
  constructor(db) {
    this.db = db;
  }

  /** Every project, most recently changed first. */
  async list() {
    const all = await request(this.db.transaction("projects").objectStore("projects").getAll());
    return all.sort((a, b) => b.updatedAt - a.updatedAt);
  }

  get(id) {
    return request(this.db.transaction("projects").objectStore("projects").get(id));
  }

  /** Stores `project` (its settings hold no credential); resolves once committed. */
  put(project) {
    return write(this.db, ["projects"], (tx) => tx.objectStore("projects").put(project));
  }

  /**
   * Writes `rows` (arrays of cells) from row `start` on, ROW_BATCH rows per transaction;
   * `extras[i]` (optional) is kept with row i (what an import had beyond the cells).
   */
  async putRows(projectId, rows, start = 0, onBatch = () => {}, extras = []) {
    for (let at = 0; at < rows.length; at += ROW_BATCH) {
      const batch = rows.slice(at, at + ROW_BATCH);
      await write(this.db, ["rows"], (tx) => {
        const store = tx.objectStore("rows");
        batch.forEach((cells, k) => {
          const extra = extras[at + k];
          store.put(extra ? { projectId, index: start + at + k, cells, extra } : { projectId, index: start + at + k, cells });
        });
      });
      onBatch(Math.min(at + ROW_BATCH, rows.length));
      // Let the page draw between batches.
      await new Promise((resolve) => setTimeout(resolve, 0));
    }
  }

  /** The project's rows (arrays of cells, in order) and their extras (a Map), read ROW_BATCH at a time. */
  async rows(projectId, count, onBatch = () => {}) {
    const rows = new Array(count);
    const extras = new Map();
    for (let at = 0; at < count; at += ROW_BATCH) {
      const range = IDBKeyRange.bound([projectId, at], [projectId, Math.min(at + ROW_BATCH, count) - 1]);
      const batch = await request(this.db.transaction("rows").objectStore("rows").getAll(range));
      for (const r of batch) {
        rows[r.index] = r.cells;
        if (r.extra) extras.set(r.index, r.extra);
      }
      onBatch(Math.min(at + ROW_BATCH, count));
    }
    return { rows, extras };
  }

  /** Deletes the project with its rows, runs, their predictions and its reviews, in one transaction. */
  async delete(id) {
    const runs = await request(this.db.transaction("runs").objectStore("runs").index("project").getAll(id));
    await write(this.db, ["projects", "rows", "runs", "predictions", "reviews"], (tx) => {
      tx.objectStore("projects").delete(id);
      tx.objectStore("rows").delete(prefixRange(id));
      tx.objectStore("reviews").delete(prefixRange(id));
      for (const run of runs) {
        tx.objectStore("runs").delete(run.id);
        tx.objectStore("predictions").delete(prefixRange(run.id));
      }
    });
  }

  /** How many rows are stored for the project (to check an import landed whole). */
  countRows(id) {
    return request(this.db.transaction("rows").objectStore("rows").count(prefixRange(id)));
  }

  /** Every reviewer decision of the project. */
  reviews(id) {
    return allWithPrefix(this.db, "reviews", [id]);
  }
}
