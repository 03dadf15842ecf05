// One labeling run: its passes (the model, then the second opinion if any), each sending only
// rows without a stored answer, with the run's own frozen settings (never the form's). Repeated
// questions come from the cache; every answer is stored as it arrives, with the run's figures.
// Pause and cancel abort the call: requests in flight finish and are kept.
import { Saver } from "./saver.js";
import { passesOf, rowsToSend, usesCache } from "./passes.js";
import { liveRequest, offlineRequest } from "./settings.js";
import { addUsage, countPrediction, zeroUsage } from "./run-record.js";

/** Texts per cacheKeys call and keys per cache lookup: each is its own short task at 100,000 rows. */
export const KEY_CHUNK = 1000;

/**
 * Rows per predictLabels call. The core plans a call's texts when it starts and hands back all
 * its predictions when it ends, each one main-thread task that grows with the call (191 and
 * 251 ms at 100,000 rows in one call: BENCHMARKS.md §9); at 5,000 rows each stays near 10 ms.
 * Each call paces on its own: a quota given as tokensPerMinute holds from its first request, a
 * learnt one is learnt again (a throttle or two per call).
 */
export const CALL_ROWS = 5000;

/** Lets the page draw and handle input between two chunks of work. */
export const yieldToPage = () => new Promise((resolve) => setTimeout(resolve, 0));

/** A prediction as kept: without its text (the row's cells hold it once; a second copy would double the dataset). */
function kept(p) {
  const { text, ...rest } = p;
  return rest;
}

/** The run as it will be once `batch` is saved: its counts with the batch in (the page's copy counts them after the commit). */
function withCounted(run, batch) {
  const copy = { ...run, counts: run.counts.map((c) => ({ ...c })) };
  for (const { prediction } of batch) countPrediction(copy, prediction);
  return copy;
}

export class Runner {
  /** `labeler`: the wasm's exports (or a fake with predictLabels and cacheKeys); `store`: openStore(). */
  constructor({ labeler, store, onChange = () => {}, now = Date.now }) {
    Object.assign(this, { labeler, store, onChange, now, controller: null, stopReason: null });
  }

  get running() {
    return this.controller !== null;
  }

  /**
   * Runs `run` over `texts` (row i's text) with `credentials`; `predictions[pass]` (Maps row →
   * prediction) hold what is done and are filled in place; `stats` (RunStats) counts the rate.
   * Resolves { status: "done" | "paused" | "cancelled" | "error", error?, warnings, adaptations }.
   */
  async start({ run, texts, predictions, credentials, adaptations = {}, stats }) {
    if (this.controller) throw new Error("a run is already going");
    this.controller = new AbortController();
    this.stopReason = null;
    const saver = new Saver(
      (batch) => this.store.runs.savePredictions(withCounted(run, batch), batch),
      (p) => {
        predictions[p.pass].set(p.index, p);
        countPrediction(run, p);
        stats?.add(p, this.now());
        this.onChange();
      },
    );
    const outcome = { warnings: [], adaptations: {} };
    try {
      Object.assign(run, { status: "running", error: null });
      await this.store.runs.put(run);
      for (const pass of passesOf(run.settings)) {
        if (this.stopReason) break;
        const result = await this.pass({ run, texts, pass, done: predictions[pass], credentials, adaptations, saver });
        outcome.warnings.push(...(result?.warnings ?? []));
        if (result?.adaptations?.length) outcome.adaptations[result.modelId] = result.adaptations;
      }
      await saver.drained();
      const complete = passesOf(run.settings).every((pass) => predictions[pass].size >= texts.length);
      return { ...outcome, status: await this.finish(run, this.stopReason ?? (complete ? "done" : "paused")) };
    } catch (error) {
      // A request-level failure (expired keys, no access…): what finished is kept.
      await saver.drained().catch(() => {});
      run.error = { code: error?.code ?? "Error", message: error?.message ?? String(error) };
      await this.finish(run, "paused").catch(() => {});
      return { ...outcome, status: "error", error };
    } finally {
      this.controller = null;
      this.onChange();
    }
  }

  /** One predictLabels call for the rows `pass` has not answered yet; resolves its result (or null). */
  async pass({ run, texts, pass, done, credentials, adaptations, saver }) {
    const s = run.settings;
    const toSend = rowsToSend(s, texts.length, done, pass, run.id);
    if (toSend.length === 0) return null;
    const base = liveRequest(s, credentials, texts.length, { pass, adaptations: adaptations[offlineRequest(s, pass).modelId] ?? [] });
    let keyOf = new Map();
    const send = [];
    if (!usesCache(s, pass)) send.push(...toSend);
    // Keys and lookups a chunk at a time, each chunk its own task (a key depends on its text only).
    const spec = usesCache(s, pass) ? offlineRequest(s, pass) : null;
    for (let at = 0; spec && at < toSend.length; at += KEY_CHUNK) {
      if (this.stopReason) break;
      const part = toSend.slice(at, at + KEY_CHUNK);
      const keys = this.labeler.cacheKeys({ ...spec, texts: part.map((i) => texts[i]) });
      part.forEach((i, n) => keyOf.set(i, keys[n]));
      const hits = await this.store.cache.cached(part.map((i) => keyOf.get(i)));
      for (const i of part) {
        const hit = hits.get(keyOf.get(i));
        if (!hit) {
          send.push(i);
          continue;
        }
        const p = { pass, index: i, labels: hit.labels, status: "ok", cached: true };
        for (const k of ["spans", "warnings", "reason"]) if (hit[k]?.length) p[k] = hit[k];
        saver.add(p);
      }
      await yieldToPage();
    }
    if (this.stopReason) return null;
    if (send.length === 0) return null;
    // The rows go CALL_ROWS per predictLabels call, one call after the other.
    const warnings = new Map();
    const learnt = new Set();
    let adaptationsNow = [...(base.adaptations ?? [])];
    let last = null;
    for (let at = 0; at < send.length && !this.stopReason; at += CALL_ROWS) {
      const part = send.slice(at, at + CALL_ROWS);
      let seen = zeroUsage();
      const usage = (u) => {
        seen = addUsage(run, pass, u, seen);
        this.onChange();
      };
      const reported = new Set();
      const store = (rp) => {
        const i = part[rp.index];
        if (rp.error?.code === "Cancelled" || reported.has(i)) return;
        reported.add(i);
        saver.add(kept({ ...rp, pass, index: i }), keyOf.get(i) ?? null);
      };
      const onProgress = (e) => (e.type === "usage" ? usage(e.usage) : e.type === "prediction" ? store(e.prediction) : null);
      // What a model refused in one call is known to the next from its first request.
      const request = { ...base, texts: part.map((i) => texts[i]) };
      if (adaptationsNow.length) request.adaptations = adaptationsNow;
      const result = await this.labeler.predictLabels(request, onProgress, this.controller.signal);
      result.predictions.forEach(store); // anything not reported as it finished (there should be nothing)
      usage(result.usage);
      for (const w of result.warnings ?? []) warnings.set(`${w.code}\u0000${w.message}`, w);
      for (const a of result.adaptations ?? []) learnt.add(a);
      adaptationsNow = [...new Set([...adaptationsNow, ...learnt])];
      last = result;
    }
    if (!last) return null;
    const out = { ...last, warnings: [...warnings.values()], modelId: base.modelId };
    if (learnt.size) out.adaptations = [...learnt];
    else delete out.adaptations;
    return out;
  }

  async finish(run, status) {
    run.status = status;
    await this.store.runs.put(run);
    return status;
  }

  /** Stops sending; the run ends "paused" (resume later) or "cancelled". */
  stop(reason) {
    if (!this.controller) return;
    this.stopReason = reason;
    this.controller.abort(reason);
  }
}
