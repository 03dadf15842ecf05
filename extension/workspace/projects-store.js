// Projects and their rows. A dataset is stored once, in pages of ROW_PAGE rows keyed
// [projectId, first row]: { projectId, index, rows: [cells…], extras?: { offset: extra } }.
// One record per row made IndexedDB the bottleneck at scale (100,000 puts took 12.5 s in
// Chromium on the 2-core bench machine, 200 pages of 500 rows 0.3 s, and reading them back
// 2.1 s against 0.09 s). Databases written before pages keep one record per row,
// { projectId, index, cells, extra? }, and are read as they are. Written and read a batch
// (ROW_BATCH rows) per transaction, so a 100,000-row file never needs one long task.
import { request, write, allWithPrefix } from "./idb.js";

/** Rows per transaction when writing, and per read. */
export const ROW_BATCH = 5000;
/** Rows per stored record. */
export const ROW_PAGE = 500;

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
   * Writes `rows` (arrays of cells) from row `start` on, ROW_PAGE rows to a record and ROW_BATCH
   * to a transaction; `extras[i]` (optional) is kept with row i (what an import had beyond the cells).
   */
  async putRows(projectId, rows, start = 0, onBatch = () => {}, extras = []) {
    for (let at = 0; at < rows.length; at += ROW_BATCH) {
      const end = Math.min(at + ROW_BATCH, rows.length);
      await write(this.db, ["rows"], (tx) => {
        const store = tx.objectStore("rows");
        for (let p = at; p < end; p += ROW_PAGE) {
          const page = { projectId, index: start + p, rows: rows.slice(p, Math.min(p + ROW_PAGE, end)) };
          for (let k = 0; k < page.rows.length; k++) if (extras[p + k]) (page.extras ??= {})[k] = extras[p + k];
          store.put(page);
        }
      });
      onBatch(end);
      // Let the page draw between batches.
      await new Promise((resolve) => setTimeout(resolve, 0));
    }
  }

  /** The project's rows (arrays of cells, in order) and their extras (a Map), about ROW_BATCH rows a read. */
  async rows(projectId, count, onBatch = () => {}) {
    const rows = new Array(count);
    const extras = new Map();
    let read = 0;
    await this.records(projectId, (r) => {
      if (r.rows) {
        r.rows.forEach((cells, k) => (rows[r.index + k] = cells));
        for (const [k, extra] of Object.entries(r.extras ?? {})) extras.set(r.index + Number(k), extra);
        read += r.rows.length;
      } else {
        rows[r.index] = r.cells;
        if (r.extra) extras.set(r.index, r.extra);
        read++;
      }
    }, () => onBatch(Math.min(read, count)));
    return { rows, extras };
  }

  /** Calls `each(record)` for the project's row records in key order, then `batch()` after each read. */
  async records(projectId, each, batch = () => {}) {
    let range = prefixRange(projectId);
    // Pages of rows, or (older databases) one row per record: about ROW_BATCH rows a read either way.
    let per = null;
    for (;;) {
      const os = this.db.transaction("rows").objectStore("rows");
      per ??= (await request(os.get(range)))?.rows ? Math.ceil(ROW_BATCH / ROW_PAGE) : ROW_BATCH;
      const got = await request(os.getAll(range, per));
      got.forEach(each);
      batch();
      if (got.length < per) return;
      range = IDBKeyRange.bound([projectId, got.at(-1).index], [projectId, []], true);
    }
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
  async countRows(id) {
    let n = 0;
    await this.records(id, (r) => (n += r.rows ? r.rows.length : 1));
    return n;
  }

  /** Every reviewer decision of the project. */
  reviews(id) {
    return allWithPrefix(this.db, "reviews", [id]);
  }
}
