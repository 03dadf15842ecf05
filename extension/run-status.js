// The popup's status line for a run (run-state.js): progress, retries as they happen, and an
// ending that says what happened to every item ("Done, 2 failed", "Cancelled: 1 labeled,
// 2 not sent"). Pure, so Node tests check every wording.

import { counts } from "./run-state.js";

/** Why a request is being sent again, in a few words, by error code. */
const RETRY_REASONS = {
  ThrottlingException: "Throttled",
  ServiceQuotaExceededException: "Over quota",
  ModelNotReadyException: "Model warming up",
  ServiceUnavailableException: "Bedrock unavailable",
  InternalServerException: "Bedrock server error",
  NetworkError: "Network error",
  StreamError: "Stream broke off",
  ModelStreamErrorException: "Stream error",
};

/** "Throttled, retrying (3)…", or "Retrying (3)…" when the reason is not known. */
export function retryText(code, retries) {
  const reason = RETRY_REASONS[code];
  return reason ? `${reason}, retrying (${retries})…` : `Retrying (${retries})…`;
}

const plural = (n, one, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** The status line for `run` (null: nothing to say). */
export function statusText(run) {
  if (!run) return "";
  const c = counts(run);
  switch (run.status) {
    case "running": {
      const progress = `${c.done} of ${c.total} done`;
      if (run.cancelling) return `${progress} · Cancelling: waiting for the requests already sent…`;
      return run.retrying ? `${progress} · ${retryText(run.retrying.code, run.retries)}` : progress;
    }
    case "done":
      return c.failed ? `Done, ${c.failed} failed` : "Done";
    case "cancelled":
      return `Cancelled: ${c.ok} labeled${c.failed ? `, ${c.failed} failed` : ""}, ${c.notSent} not sent`;
    case "interrupted":
      return `Stopped: ${c.ok} labeled${c.failed ? `, ${c.failed} failed` : ""}, ${plural(c.interrupted, "item")} not answered`;
    default:
      return "";
  }
}
