// One labeling run over a dataset: skips rows already done (stored), answers repeated questions
// from the cache, sends the rest with predictLabels, and stores each prediction the moment it
// arrives. Pause and cancel stop sending; requests in flight finish and are kept.

import { RunStats } from "./stats.js";

/**
 * Predictions on their way to IndexedDB. A prediction counts as done (in the map, the figures
 * and the table) only once its transaction has committed, so whatever the page shows as done
 * survives the tab closing. Predictions arriving during a commit go in the next one together.
 */
class Saver {
  constructor(store, runId, onSaved) {
    Object.assign(this, { store, runId, onSaved, pending: [], flushing: null });
  }

  add(prediction, cacheKey) {
    this.pending.push({ prediction, cacheKey });
    if (!this.flushing) this.flushing = this.flush();
  }

  async flush() {
    while (this.pending.length) {
      const batch = this.pending;
      this.pending = [];
      await this.store.savePredictions(this.runId, batch);
      for (const { prediction } of batch) this.onSaved(prediction);
    }
    this.flushing = null;
  }

  /** Resolves when everything added so far is committed. */
  async drained() {
    while (this.flushing) await this.flushing;
  }
}

export class Runner {
  /** `labeler`: the wasm module's exports; `store`: a Store; `onChange()` redraws. */
  constructor({ labeler, store, onChange }) {
    this.labeler = labeler;
    this.store = store;
    this.onChange = onChange;
    this.controller = null;
    this.stopReason = null;
  }

  get running() {
    return this.controller !== null;
  }

  /**
   * Runs `run` (stored: id, texts) with `request` (settings and credentials, without texts).
   * `predictions` (Map index → prediction) holds what is done and is updated in place.
   * Resolves when the segment ends: { status: "done" | "paused" | "cancelled" | "error", error?,
   * warnings?, adaptations? } (the call's warnings and the refusals it adapted to).
   */
  async start(run, request, predictions, stats) {
    if (this.controller) throw new Error("a run is already going");
    const controller = new AbortController();
    this.controller = controller;
    this.stopReason = null;
    const saver = new Saver(this.store, run.id, (p) => {
      predictions.set(p.index, p);
      stats.add(p);
      this.onChange();
    });
    /** Rows sent in this segment and not yet saved, so the final result does not save them twice. */
    const reported = new Set();
    try {
      await this.store.updateRun(run.id, { status: "running", error: null });
      const remaining = run.texts.map((_, i) => i).filter((i) => !predictions.has(i));
      const keys = remaining.length ? this.labeler.cacheKeys({ ...request, texts: remaining.map((i) => run.texts[i]) }) : [];
      const keyOf = new Map(remaining.map((i, n) => [i, keys[n]]));
      const hits = await this.store.cached(keys);
      const toSend = [];
      for (const i of remaining) {
        const hit = hits.get(keyOf.get(i));
        if (!hit) {
          toSend.push(i);
          continue;
        }
        const p = { index: i, text: run.texts[i], labels: hit.labels, status: "ok", cached: true };
        if (hit.spans) p.spans = hit.spans;
        if (hit.warnings?.length) p.warnings = hit.warnings;
        saver.add(p, null);
      }
      if (toSend.length === 0) return await this.finish(run, "done", saver);

      let usageSeen = { inputTokens: 0, outputTokens: 0, requests: 0, retries: 0 };
      const onProgress = (event) => {
        if (event.type === "usage") {
          // Totals for this call so far: count only what is new.
          const u = event.usage;
          stats.addUsage({
            inputTokens: u.inputTokens - usageSeen.inputTokens,
            outputTokens: u.outputTokens - usageSeen.outputTokens,
            requests: u.requests - usageSeen.requests,
            retries: (u.retries ?? 0) - usageSeen.retries,
          });
          usageSeen = { ...u, retries: u.retries ?? 0 };
          this.onChange();
          return;
        }
        if (event.type !== "prediction" || event.prediction.error?.code === "Cancelled") return;
        const i = toSend[event.prediction.index];
        reported.add(i);
        saver.add({ ...event.prediction, index: i }, keyOf.get(i));
      };
      const result = await this.labeler.predictLabels({ ...request, texts: toSend.map((i) => run.texts[i]) }, onProgress, controller.signal);
      // Anything not reported as it finished (there should be nothing) is stored now.
      for (const rp of result.predictions) {
        const i = toSend[rp.index];
        if (rp.error?.code === "Cancelled" || reported.has(i)) continue;
        saver.add({ ...rp, index: i }, keyOf.get(i));
      }
      stats.addUsage({
        inputTokens: result.usage.inputTokens - usageSeen.inputTokens,
        outputTokens: result.usage.outputTokens - usageSeen.outputTokens,
        requests: result.usage.requests - usageSeen.requests,
        retries: (result.usage.retries ?? 0) - usageSeen.retries,
      });
      await saver.drained();
      const status = this.stopReason ?? (predictions.size >= run.texts.length ? "done" : "paused");
      const outcome = await this.finish(run, status, saver);
      return { ...outcome, warnings: result.warnings ?? [], adaptations: result.adaptations ?? [] };
    } catch (error) {
      // A request-level failure (expired keys, no access…): what finished is kept.
      await saver.drained().catch(() => {});
      await this.store.updateRun(run.id, { status: "paused", error: { code: error?.code, message: error?.message ?? String(error) } });
      return { status: "error", error };
    } finally {
      this.controller = null;
      this.onChange();
    }
  }

  async finish(run, status, saver) {
    await saver.drained();
    await this.store.updateRun(run.id, { status });
    return { status };
  }

  /** Stops sending; resolves the run as "paused" (resume later) or "cancelled". */
  stop(reason) {
    if (!this.controller) return;
    this.stopReason = reason;
    this.controller.abort(reason);
  }
}
