// What reviewers decided, one record per row and project: { status, labels, spans?, runId, at }.
// Each decision is its own committed transaction before the page shows it as saved.
import { write } from "./idb.js";

export class ReviewStore {
  constructor(db) {
    this.db = db;
  }

  /** Stores a decision, or removes it (`review` null: the row is unreviewed again, as after undo). */
  set(projectId, index, review) {
    return write(this.db, ["reviews"], (tx) => {
      const store = tx.objectStore("reviews");
      if (review) store.put({ ...review, projectId, index });
      else store.delete([projectId, index]);
    });
  }

  /** Many decisions at once (an import), in batches of one transaction each. */
  async putMany(projectId, reviews, batch = 5000) {
    for (let at = 0; at < reviews.length; at += batch) {
      const part = reviews.slice(at, at + batch);
      await write(this.db, ["reviews"], (tx) => {
        for (const r of part) tx.objectStore("reviews").put({ ...r, projectId });
      });
    }
  }
}
