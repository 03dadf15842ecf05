// Predictions on their way to IndexedDB. A prediction counts as done (in the maps, the figures
// and the table) only once its transaction has committed, so whatever the page shows as done
// survives the tab closing. Predictions arriving during a commit go in the next one together,
// with the run's figures as they are then (tokens, retries, counts), at most MAX_BATCH to a
// transaction: a commit's puts are issued in one task, and thousands of answers arriving at once
// (a fast endpoint, or a whole dataset from the cache) must not make it a long one.

/** Predictions per transaction at most. */
export const MAX_BATCH = 500;

export class Saver {
  /** `save(entries)` commits a batch; `onSaved(prediction)` runs for each once it has. */
  constructor(save, onSaved) {
    Object.assign(this, { save, onSaved, pending: [], flushing: null, error: null });
  }

  add(prediction, cacheKey = null) {
    this.pending.push({ prediction, cacheKey });
    if (!this.flushing) this.flushing = this.flush();
  }

  async flush() {
    try {
      while (this.pending.length) {
        const batch = this.pending.splice(0, MAX_BATCH);
        await this.save(batch);
        for (const { prediction } of batch) this.onSaved(prediction);
      }
    } catch (e) {
      // A failed commit (the disk full, the database closed): nothing of it is shown as done.
      this.error = e;
      this.pending = [];
    } finally {
      this.flushing = null;
    }
  }

  /** Resolves when everything added so far is committed; rejects if a commit failed. */
  async drained() {
    while (this.flushing) await this.flushing;
    if (this.error) throw this.error;
  }
}
