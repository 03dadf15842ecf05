// Runs the popup's predictLabels calls in the service worker (background.js), so closing the
// popup does not end them: the run's state (run-state.js: texts, predictions, retries, the
// result; never credentials) is kept in chrome.storage.session, where the popup reads it when it
// opens and follows it while open (run-client.js).
//
// Lifetime: Chrome stops an idle extension service worker after 30 s, and one whose fetch has
// waited 30 s for a response; every extension API call resets those timers. Progress events
// write to storage (an API call); while a run waits on a slow response or a backoff, a
// heartbeat calls `keepAlive` (chrome.runtime.getPlatformInfo) every 20 s. Should Chrome stop
// the worker anyway, the next worker finds the stored run still "running" and marks its
// unanswered items Interrupted, so nothing is silently lost.
//
// Credentials arrive in the "run" message and go only into the predictLabels call.

import { RUN_KEY, newRun, applyEvent, finishRun, failRun, interruptRun } from "./run-state.js";

const HEARTBEAT_MS = 20_000;

export class RunHost {
  /**
   * `predictLabels(request, onProgress, signal)`: the wasm export; `area`: chrome.storage.session;
   * `keepAlive()`: an extension API call; `remember(modelId, adaptations)`: what the model refused.
   */
  constructor({ predictLabels, area, keepAlive = () => {}, remember = async () => {}, now = Date.now, writeDelayMs = 100, newId = () => crypto.randomUUID() }) {
    Object.assign(this, { predictLabels, area, keepAlive, remember, now, writeDelayMs, newId });
    /** The run this worker is executing: { run, controller }, or null. */
    this.active = null;
    this.writeTimer = null;
    this.ready = this.recover();
  }

  /** A message from one of the extension's pages; resolves with the reply. */
  async handle(message) {
    await this.ready;
    switch (message?.type) {
      case "run":
        return this.start(message.request);
      case "cancel":
        return this.cancel(message.runId);
      case "state":
        return { ok: true, run: await this.stored() };
      default:
        return { ok: false, error: { code: "InvalidInput", message: `unknown message type ${JSON.stringify(message?.type)}` } };
    }
  }

  async start(request) {
    if (this.active) return { ok: false, error: { code: "Busy", message: "A run is already going: wait for it to finish, or cancel it." } };
    if (!Array.isArray(request?.texts)) return { ok: false, error: { code: "InvalidInput", message: "texts: expected a list of texts" } };
    const run = newRun(this.newId(), request.texts, request.modelId, this.now());
    const controller = new AbortController();
    this.active = { run, controller };
    await this.write(run);
    this.execute(request, run, controller.signal); // not awaited: the reply goes back now
    return { ok: true, run: structuredClone(run) };
  }

  async execute(request, run, signal) {
    const heartbeat = setInterval(() => this.keepAlive(), HEARTBEAT_MS);
    try {
      const onProgress = (event) => {
        applyEvent(run, event, this.now());
        this.schedule();
      };
      const result = await this.predictLabels(request, onProgress, signal);
      finishRun(run, result, this.now());
      await this.remember(run.modelId, result.adaptations ?? []).catch(() => {});
    } catch (error) {
      failRun(run, error, this.now());
    } finally {
      clearInterval(heartbeat);
      this.active = null;
      await this.write(run);
    }
  }

  /** Stops sending: requests in flight finish; items never sent come back Cancelled. */
  async cancel(runId) {
    if (!this.active || this.active.run.id !== runId) return { ok: false, error: { code: "NotRunning", message: "That run is not going any more." } };
    this.active.run.cancelling = true;
    this.active.controller.abort();
    await this.write(this.active.run);
    return { ok: true };
  }

  /** The stored run; one left "running" by a worker that is gone is marked interrupted. */
  async stored() {
    const run = (await this.area.get(RUN_KEY))[RUN_KEY] ?? null;
    if (run?.status === "running" && this.active?.run.id !== run.id) {
      interruptRun(run, this.now());
      await this.write(run);
    }
    return this.active?.run ?? run;
  }

  recover() {
    return this.stored().catch(() => null);
  }

  /** Progress is written at most every `writeDelayMs`, and at once when the run ends. */
  schedule() {
    this.writeTimer ??= setTimeout(() => this.active && this.write(this.active.run), this.writeDelayMs);
  }

  async write(run) {
    clearTimeout(this.writeTimer);
    this.writeTimer = null;
    // Pages may get a reply and a stored change out of order: `seq` says which is newer.
    run.seq = (run.seq ?? 0) + 1;
    // A failed write (the session area's 10 MB quota) must not end the run; the next one retries.
    await this.area.set({ [RUN_KEY]: run }).catch(() => {});
  }
}
