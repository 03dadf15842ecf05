// One popup run as plain data: what the service worker stores in chrome.storage.session while
// it runs predictLabels, and what the popup draws, also after it was closed and opened again.
// Pure functions, no chrome.*, so Node tests check them. Never holds credentials: a run is made
// from the texts and the model id only.
//
// status: "running" → "done" | "cancelled" | "failed" (the call rejected: `error`) |
// "interrupted" (Chrome stopped the service worker mid-run: the items not answered say so).

export const RUN_KEY = "popupRun";

/** A new run of `texts` with `modelId` (nothing else from the request is kept). */
export function newRun(id, texts, modelId, nowMs) {
  return {
    id,
    status: "running",
    modelId,
    texts: [...texts],
    predictions: texts.map(() => null),
    retries: 0,
    retryEvents: 0,
    retrying: null,
    cancelling: false,
    usage: null,
    result: null,
    error: null,
    startedAt: nowMs,
    updatedAt: nowMs,
  };
}

/**
 * Applies one predictLabels progress event: `prediction` (an item is final), `usage` (totals so
 * far; `usage.retries` counts retries), `retry` (`{ code, message, attempt, retries, waitMs }`,
 * a request scheduled to be sent again). The retry count is the larger of the two sources, so
 * a retry reported both ways counts once.
 */
export function applyEvent(run, event, nowMs) {
  if (event?.type === "prediction") {
    const p = event.prediction;
    if (p && p.index >= 0 && p.index < run.predictions.length) run.predictions[p.index] = p;
    run.retrying = null;
  } else if (event?.type === "usage") {
    run.usage = event.usage;
    const before = run.retries;
    run.retries = Math.max(run.retryEvents ?? 0, event.usage?.retries ?? 0);
    if (run.retries > before) run.retrying = { code: run.retrying?.code ?? null, at: nowMs };
  } else if (event?.type === "retry") {
    const r = event.retry ?? {};
    run.retryEvents = (run.retryEvents ?? 0) + 1;
    run.retries = Math.max(run.retryEvents, run.usage?.retries ?? 0);
    run.retrying = { code: r.code ?? null, attempt: r.attempt, waitMs: r.waitMs, at: nowMs };
  } else {
    return run;
  }
  run.updatedAt = nowMs;
  return run;
}

/** The call resolved: every item has its prediction (Cancelled ones included). */
export function finishRun(run, result, nowMs) {
  for (const p of result.predictions ?? []) if (p.index >= 0 && p.index < run.predictions.length) run.predictions[p.index] = p;
  const cancelled = run.predictions.some((p) => p?.error?.code === "Cancelled");
  run.status = cancelled ? "cancelled" : "done";
  run.result = { usage: result.usage, warnings: result.warnings ?? [], adaptations: result.adaptations ?? [] };
  run.usage = result.usage;
  run.retries = Math.max(run.retries, result.usage?.retries ?? 0);
  return settle(run, nowMs);
}

/** The call rejected (bad keys, no access…): the error is what the popup shows. */
export function failRun(run, error, nowMs) {
  run.status = "failed";
  run.error = { code: error?.code ?? "UnknownError", message: error?.message ?? String(error) };
  if (error?.requestId) run.error.requestId = error.requestId;
  if (error?.field) run.error.field = error.field;
  return settle(run, nowMs);
}

/** The service worker that ran it is gone: items without an answer fail, saying why. */
export function interruptRun(run, nowMs) {
  run.status = "interrupted";
  run.predictions = run.predictions.map(
    (p, index) =>
      p ?? {
        index,
        text: run.texts[index],
        labels: [],
        status: "failed",
        error: { code: "Interrupted", message: "Not labelled: Chrome stopped the extension's background worker before this item was answered. Click Predict labels to run it again." },
      },
  );
  return settle(run, nowMs);
}

function settle(run, nowMs) {
  run.retrying = null;
  run.cancelling = false;
  run.updatedAt = nowMs;
  return run;
}

/**
 * Counts: items answered (`done`: labelled `ok` or `failed`), never sent (`notSent`: Cancelled)
 * and cut off (`interrupted`).
 */
export function counts(run) {
  const by = (code) => run.predictions.filter((p) => p?.error?.code === code).length;
  const notSent = by("Cancelled");
  const interrupted = by("Interrupted");
  const ok = run.predictions.filter((p) => p?.status === "ok").length;
  const done = run.predictions.filter(Boolean).length - notSent - interrupted;
  return { total: run.predictions.length, done, ok, failed: done - ok, notSent, interrupted };
}
