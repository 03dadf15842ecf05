// The request, result, error and settings types are generated from the Rust types:
// types.generated.d.ts (checked by crates/labeler-core/src/ts_types.rs). Here: the functions, and
// the progress event (a tagged union the wasm shell builds from the job's Progress).

/**
 * `prediction`: an item became final (streamed items as soon as their result is complete).
 * `retry`: a request was scheduled to be sent again, once per retry.
 * `usage`: a response (streamed or not) added tokens; `usage` holds the call's totals so far,
 * the same fields as `PredictLabelsResult.usage`.
 */
export type ProgressEvent =
  | { type: "prediction"; prediction: Prediction }
  | { type: "retry"; retry: RetryNotice }
  | { type: "usage"; usage: Usage };

/** What predictLabels(request) would reject with before sending anything (a bad field, expired
 *  credentials, an unsupported model), or null. Synchronous; sends nothing. */
export function checkRequest(request: PredictLabelsRequest): LabelerError | null;

/** Where a call with this region and endpoint override goes, and the host permission to ask
 *  Chrome for (`https://<host>/*`), or why it may not go there at all (InvalidInput naming
 *  `endpoint` or `region`). The one decision predictLabels makes too. Synchronous; sends nothing. */
export function endpointFor(
  region: string,
  endpoint?: string | null,
): { ok: true; url: string; hostPattern: string } | { ok: false; error: LabelerError };

/**
 * When `signal` aborts, nothing more is sent; requests in flight finish and count, and items
 * never sent come back failed with code "Cancelled".
 */
export function predictLabels(
  request: PredictLabelsRequest,
  onProgress?: (event: ProgressEvent) => void,
  signal?: AbortSignal,
): Promise<PredictLabelsResult>;


export function loadSettings(): Settings;
/** Keeps only the fields of Settings; credentials are never stored. */
export function saveSettings(settings: Settings): void;
export function version(): string;
