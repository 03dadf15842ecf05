/** AWS credentials: an IAM user's keys, or temporary keys from `aws sts assume-role`. */
export interface Credentials {
  accessKeyId: string;
  secretAccessKey: string;
  /** Required with temporary (ASIA…) keys; must be absent with long-lived (AKIA…) keys. */
  sessionToken?: string;
  /** When temporary keys expire, as `aws sts assume-role` prints it ("2025-01-02T04:04:05+00:00").
   *  Given and past: the call rejects with ExpiredTokenException before sending anything. */
  expiration?: string;
}

export type LabelSpec = string | { name: string; description?: string };

export interface PredictLabelsRequest {
  credentials: Credentials;
  /** e.g. "us-east-1" */
  region: string;
  /** Base model id, inference profile id, or ARN. What the model can do is looked up in the
   *  capability table (crates/labeler-core/src/models/table.rs). */
  modelId: string;
  labels: LabelSpec[];
  /** The items to label. */
  texts: string[];
  /** Default "single". */
  task?: "single" | "multi" | "spans";
  /** System prompt. */
  instructions?: string;
  temperature?: number;
  topP?: number;
  maxTokens?: number;
  /** Base URL override: a FIPS host such as "https://bedrock-runtime-fips.us-east-1.amazonaws.com", or
   *  (development build only) the local emulator, "http://127.0.0.1:4010"; anything else is refused
   *  (see endpointFor). Default https://bedrock-runtime.{region}.amazonaws.com */
  endpoint?: string;
  /** Model family, for ids that do not tell it (application inference profile ARNs). */
  family?: "anthropic" | "nova" | "llama" | "mistral" | "mistral-chat" | "titan" | "cohere" | "jamba" | "deepseek" | "openai" | "converse";
  /** For ids that name no model (application inference profiles, provisioned models): the base
   *  model they serve, e.g. "anthropic.claude-sonnet-4-5-20250929-v1:0"; its table row applies. */
  baseModelId?: string;
  /** "converse" sends every request through the Converse API; default: the model's native
   *  InvokeModel body where it has one, Converse otherwise. No extra IAM action is needed. */
  api?: "invoke" | "converse";
  /** Refusals already known for this model (an earlier result's `adaptations`), applied from
   *  the first request. */
  adaptations?: Adaptation[];
  /** Few-shot examples; their labels must be in the label set. */
  examples?: { text: string; labels: string[] }[];
  /** User prompt template; {text} becomes the items, {labels} the label list. */
  userPrompt?: string;
  /** Items per request, 1–50; default 10. */
  batchSize?: number;
  /** Retries per request for transient errors (throttling, server faults, no response, a
   *  broken stream), 0–20; default 4. */
  maxRetries?: number;
  /** Requests in flight at most, 1–64; default 4. The actual limit adapts to throttling. */
  concurrency?: number;
  /** Retries for the whole call, every kind together (each retry also counts against its
   *  request's maxRetries); default 5 per request, at least 20. */
  retryBudget?: number;
  /**
   * Stream answers (InvokeModelWithResponseStream / ConverseStream) and report each item the
   * moment its answer is complete. Default false. Models whose stream is not read (Llama 4,
   * Cohere, Jamba, DeepSeek R1, gpt-oss) are called without streaming, with the same answers.
   */
  stream?: boolean;
}

/** A change made because the model refused something. */
export type Adaptation =
  | "no-temperature" | "no-top-p" | "no-forced-tool" | "no-structured-output"
  | "no-strict-tool" | "keep-thinking" | "no-effort";

export interface ItemError {
  code: string;
  message: string;
}

export interface Prediction {
  index: number;
  text: string;
  labels: string[];
  status: "ok" | "failed";
  /** Spans task: labelled spans; start/end are UTF-16 offsets (text.slice(start, end) === span.text). */
  spans?: { start: number; end: number; label: string; text: string }[];
  /** Problems that did not fail the item, e.g. a span not found in the text or ambiguous. */
  warnings?: ItemError[];
  error?: ItemError;
  /** The model's raw output, on failed items. */
  raw?: string;
}

export interface PredictLabelsResult {
  predictions: Prediction[];
  /** requests counts every request sent; retries those that were retries. */
  usage: { inputTokens: number; outputTokens: number; requests: number; retries: number };
  /** About the whole call: ParameterDropped / ParameterCapped (a field the model does not
   *  accept, not sent), Adapted (a refusal the call adapted to, with Bedrock's words). */
  warnings?: ItemError[];
  /** The refusals adapted to: pass them back as `adaptations` for this model next time. */
  adaptations?: Adaptation[];
  modelId: string;
  region: string;
}

/** What a rejected predictLabels promise carries. */
export interface LabelerError {
  code: string;
  message: string;
  status?: number;
  requestId?: string;
  /** With InvalidInput: the path of the request field at fault ("credentials.secretAccessKey",
   *  "labels[2]", "examples[0].labels[1]"); the message starts with it. */
  field?: string;
}

export type Usage = PredictLabelsResult["usage"];

/** A request the call has just scheduled to send again (throttling, a server fault, no
 *  response, a broken stream; not a re-sign for clock skew nor a request reshaped after a
 *  refusal). */
export interface RetryNotice {
  /** The error being retried: "ThrottlingException", "ServiceUnavailableException",
   *  "NetworkError", "StreamError", … */
  code: string;
  /** Its message (secrets redacted). */
  message: string;
  /** Which retry of this request this is: 1 for its first (at most maxRetries). */
  attempt: number;
  /** The call's retries so far, this one included (as `usage.retries`). */
  retries: number;
  /** How long the request waits before it is sent again, in milliseconds. */
  waitMs: number;
}

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


/** Non-secret settings persisted in localStorage. */
export interface Settings {
  region?: string;
  modelId?: string;
  labels?: string;
  endpoint?: string;
  task?: string;
  instructions?: string;
  temperature?: number;
  batchSize?: number;
  family?: string;
  api?: string;
  /** Workspace: requests in flight at most, and the retry budget. */
  concurrency?: number;
  retryBudget?: number;
  /** Popup: "line" (one item per line) or "blank" (items separated by a blank line). */
  textSplit?: string;
}

export function loadSettings(): Settings;
/** Keeps only the fields of Settings; credentials are never stored. */
export function saveSettings(settings: Settings): void;
export function version(): string;
