// The popup's side of a run: it asks the service worker (background.js, run-host.js) to start,
// cancel or report a run, and follows the stored run (chrome.storage.session) while it is
// open. Credentials travel in the "run" message only; the stored run never holds them.

import { RUN_KEY } from "./run-state.js";

/** Why the worker could not be asked (it failed to start, or the extension was reloaded). */
const unreachable = (e) => ({ ok: false, error: { code: "WorkerUnavailable", message: `The extension's background worker did not answer (${e?.message ?? e}). Reload the extension, then try again.` } });

export class RunClient {
  constructor({ runtime = globalThis.chrome?.runtime, storage = globalThis.chrome?.storage } = {}) {
    Object.assign(this, { runtime, storage });
  }

  /** Starts a run of `request` (credentials included); resolves `{ ok, run }` or `{ ok: false, error }`. */
  start(request) {
    return this.send({ type: "run", request });
  }

  cancel(runId) {
    return this.send({ type: "cancel", runId });
  }

  /** The last run (going or finished), or null. Wakes the worker, which marks a run it lost as interrupted. */
  async current() {
    const reply = await this.send({ type: "state" });
    return reply.ok ? reply.run : null;
  }

  /** Calls `onRun(run)` whenever the stored run changes. Returns an unsubscribe. */
  watch(onRun) {
    const listener = (changes, area) => {
      if (area === "session" && changes[RUN_KEY]) onRun(changes[RUN_KEY].newValue ?? null);
    };
    this.storage.onChanged.addListener(listener);
    return () => this.storage.onChanged.removeListener(listener);
  }

  async send(message) {
    try {
      return (await this.runtime.sendMessage(message)) ?? unreachable("no reply");
    } catch (e) {
      return unreachable(e);
    }
  }
}
