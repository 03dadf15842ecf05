// Generated from the Rust types by crates/labeler-core/src/ts_types.rs (`cargo test` checks
// it and prints the fresh text when a type changed): do not edit by hand.

/**
 * AWS credentials: an IAM user's keys, or temporary keys from `aws sts assume-role`.
 */
export type Credentials = { accessKeyId: string, secretAccessKey: string, 
/**
 * Required with temporary (ASIA…) keys; must be absent with long-lived (AKIA…) keys.
 */
sessionToken?: string, 
/**
 * When temporary keys expire, as `aws sts assume-role` prints it ("2025-01-02T04:04:05+00:00").
 * Given and past: the call rejects with ExpiredTokenException before sending anything.
 */
expiration?: string, };

/**
 * A label: its name, or its name and a description the model is shown.
 */
export type LabelSpec = string | { name: string, description?: string, };

/**
 * A few-shot example.
 */
export type Example = { text: string, labels: string[], };

/**
 * The labeling task: exactly one label per item, any number of labels, or labelled spans of
 * the text.
 */
export type Task = "single" | "multi" | "spans";

/**
 * A model family, for ids that do not tell it.
 */
export type Family = "anthropic" | "nova" | "llama" | "mistral" | "mistral-chat" | "titan" | "cohere" | "jamba" | "deepseek" | "openai" | "converse";

/**
 * The API a body is sent to (both are covered by the two IAM actions the user grants:
 * `bedrock:InvokeModel` and `bedrock:InvokeModelWithResponseStream`).
 */
export type Api = "invoke" | "converse";

/**
 * One thing a model refused, and how the request changes because of it. The names are what
 * `PredictLabelsRequest.adaptations` and the result's `adaptations` carry.
 */
export type Adaptation = "no-temperature" | "no-top-p" | "no-forced-tool" | "no-structured-output" | "no-strict-tool" | "keep-thinking" | "no-effort" | "standard-tier";

/**
 * A service tier: "standard" (default), "flex" (discounted, may wait longer), "priority"
 * (premium, served first).
 */
export type ServiceTier = "standard" | "flex" | "priority";

/**
 * What `predictLabels` is asked: the texts to label, the label set, the model, and how.
 */
export type PredictLabelsRequest = { credentials: Credentials, 
/**
 * e.g. "us-east-1"
 */
region: string, 
/**
 * Base model id, inference profile id, or ARN. What the model can do is looked up in the
 * capability table (crates/labeler-core/src/models/table.rs).
 */
modelId: string, labels: Array<LabelSpec>, 
/**
 * The items to label.
 */
texts: Array<string>, 
/**
 * Default "single".
 */
task?: Task, 
/**
 * System prompt.
 */
instructions?: string, temperature?: number, topP?: number, maxTokens?: number, 
/**
 * Base URL override: a FIPS host such as "https://bedrock-runtime-fips.us-east-1.amazonaws.com", or
 * (development build only) the local emulator, "http://127.0.0.1:4010"; anything else is refused
 * (see endpointFor). Default https://bedrock-runtime.{region}.amazonaws.com
 */
endpoint?: string, 
/**
 * Model family, for ids that do not tell it (application inference profile ARNs).
 */
family?: Family, 
/**
 * For ids that name no model (application inference profiles, provisioned models): the base
 * model they serve, e.g. "anthropic.claude-sonnet-4-5-20250929-v1:0"; its table row applies.
 */
baseModelId?: string, 
/**
 * "converse" sends every request through the Converse API; default: the model's native
 * InvokeModel body where it has one, Converse otherwise. No extra IAM action is needed.
 */
api?: Api, 
/**
 * Refusals already known for this model (an earlier result's `adaptations`), applied from
 * the first request.
 */
adaptations?: Array<Adaptation>, 
/**
 * Few-shot examples; their labels must be in the label set.
 */
examples?: Array<Example>, 
/**
 * User prompt template; {text} becomes the items, {labels} the label list.
 */
userPrompt?: string, 
/**
 * Prompt caching: a cache checkpoint after the part of the prompt every request of the
 * call shares (instructions, labels, examples), where the model caches and that part is
 * long enough for it (the capability table says). Default true.
 */
promptCaching?: boolean, 
/**
 * The short answer form (`{"r":[{"id":"1","l":"label"}]}`); false asks for the verbose
 * one (`{"results":[{"id":"1","label":"label"}]}`). Both are read either way. Default true.
 */
compactAnswers?: boolean, 
/**
 * Items per request, 1–50; default 10.
 */
batchSize?: number, 
/**
 * Retries per request for transient errors (throttling, server faults, no response, a
 * broken stream), 0–20; default 4.
 */
maxRetries?: number, 
/**
 * Requests in flight at most, 1–64; default 4. The actual limit adapts to throttling.
 */
concurrency?: number, 
/**
 * Retries for the whole call, every kind together (each retry also counts against its
 * request's maxRetries); default 5 per request, at least 20.
 */
retryBudget?: number, 
/**
 * Stream answers (InvokeModelWithResponseStream / ConverseStream) and report each item the
 * moment its answer is complete. Default false. Models whose stream is not read (Llama 4,
 * Cohere, Jamba, DeepSeek R1, gpt-oss) are called without streaming, with the same answers.
 */
stream?: boolean, 
/**
 * "standard" (default), "flex" (discounted, may wait longer) or "priority" (premium), where
 * the model offers it (the capability table says; a tier it does not offer is refused with
 * InvalidInput naming serviceTier). If Bedrock refuses the tier anyway, the call falls back
 * to Standard once, with an Adapted warning.
 */
serviceTier?: ServiceTier, 
/**
 * The account's tokens-per-minute quota for this model (Service Quotas console: "On-demand
 * InvokeModel tokens per minute for …" or the cross-region / global one): requests are paced
 * to stay under it from the start. Without it, the quota is learnt from the first throttling.
 */
tokensPerMinute?: number, 
/**
 * A requests-per-minute limit to pace to as well (Bedrock's runtime quotas are tokens only
 * since 2026; for a proxy or an older quota). Default none.
 */
requestsPerMinute?: number, 
/**
 * How long a paced call waits out throttling with no request answered before throttles
 * count as retries again and the call can fail its items (ms, 1,000–3,600,000); default
 * 120,000. The retry budget bounds time, not correctness: this is that time.
 */
maxWaitMs?: number, 
/**
 * Ask for a one-line reason with each prediction (each prediction's `reason`). Default
 * false: it costs output tokens on every item (the estimate counts them).
 */
reasons?: boolean, };

/**
 * Why one item failed (the other items of the request are unaffected), or a warning.
 */
export type ItemError = { code: string, message: string, };

/**
 * A placed span. `text` is the item's own text at `start..end`.
 */
export type Span = { start: number, end: number, label: string, text: string, };

/**
 * Whether an item got its labels.
 */
export type Status = "ok" | "failed";

/**
 * One item's outcome: its labels, or why it has none.
 */
export type Prediction = { index: number, text: string, labels: Array<string>, status: Status, 
/**
 * Spans task: labelled spans; start/end are UTF-16 offsets (text.slice(start, end) === span.text).
 */
spans?: Array<Span>, 
/**
 * The model's one-line reason (requests with `reasons: true`). Model output: show it as text.
 */
reason?: string, 
/**
 * Problems that did not fail the item, e.g. a span not found in the text or ambiguous.
 */
warnings?: Array<ItemError>, error?: ItemError, 
/**
 * The model's raw output, on failed items (so nothing the model said is lost).
 */
raw?: string, };

/**
 * Tokens and requests: `requests` counts every request sent; `retries` those that were retries.
 */
export type Usage = { inputTokens: number, outputTokens: number, 
/**
 * Every request sent, retries, re-asks and repairs included.
 */
requests: number, 
/**
 * Requests that were retries (throttling, server faults, clock skew, no response).
 */
retries: number, 
/**
 * Input tokens read from the prompt cache (not in `inputTokens`; billed at the cache-read
 * price). 0 where the model did not cache.
 */
cacheReadInputTokens: number, 
/**
 * Input tokens written to the prompt cache (not in `inputTokens`; billed at the
 * cache-write price).
 */
cacheWriteInputTokens: number, };

/**
 * What `predictLabels` resolves with: one prediction per text, in input order, and the usage.
 */
export type PredictLabelsResult = { predictions: Array<Prediction>, usage: Usage, 
/**
 * About the whole call: a field the model does not accept and that was not sent
 * (`ParameterDropped`, `ParameterCapped`), a refusal the call adapted to (`Adapted`).
 */
warnings?: Array<ItemError>, 
/**
 * The refusals adapted to (`"no-temperature"`, …), to pass back as the request's
 * `adaptations` for the same model so later calls start adapted.
 */
adaptations?: Array<Adaptation>, modelId: string, region: string, };

/**
 * A request-level failure: the promise of `predictLabels` rejects with this object.
 */
export type LabelerError = { code: string, message: string, status?: number, requestId?: string, 
/**
 * With `InvalidInput`: the path of the field at fault (`credentials.secretAccessKey`,
 * `labels[2]`, `examples[0].labels[1]`), as the message starts with it.
 */
field?: string, };

/**
 * A retry the call has just scheduled (throttling, a server fault, no response, a broken
 * stream; not a re-sign for clock skew nor a request reshaped after a refusal): what the
 * progress event `{ type: "retry" }` carries.
 */
export type RetryNotice = { 
/**
 * The error being retried ("ThrottlingException", "ServiceUnavailableException",
 * "NetworkError", "StreamError", …).
 */
code: string, 
/**
 * Its message, redacted.
 */
message: string, 
/**
 * Which retry of this request this is: 1 for its first (at most maxRetries).
 */
attempt: number, 
/**
 * The call's retries so far, this one included (as `usage.retries`).
 */
retries: number, 
/**
 * How long the request waits before it is sent again, in milliseconds.
 */
waitMs: number, };

/**
 * Non-secret settings persisted in localStorage.
 */
export type Settings = { region?: string, modelId?: string, 
/**
 * The labels box as typed (one per line or comma-separated).
 */
labels?: string, endpoint?: string, task?: string, instructions?: string, temperature?: number, batchSize?: number, 
/**
 * Model family override ("" = from the model id).
 */
family?: string, 
/**
 * API override ("" = the model's native body, "converse").
 */
api?: string, 
/**
 * Popup: how the texts box is cut into items ("line": one per line, "blank": separated by a
 * blank line).
 */
textSplit?: string, 
/**
 * Workspace: requests in flight at most, and the retry budget.
 */
concurrency?: number, retryBudget?: number, 
/**
 * The request's `serviceTier` ("" or absent = Standard; "flex", "priority").
 */
serviceTier?: string, 
/**
 * Workspace: the account's tokens-per-minute quota, when the user knows it (the request's
 * `tokensPerMinute`).
 */
tokensPerMinute?: number, };
