// A project's settings and the requests built from them. A run copies (freezes) them when it
// starts, and every request of that run, resumed or not, is built from its own copy: what the
// form says later changes the next run, never this one. No credential is part of settings;
// the keys are added to a request only when it is sent (liveRequest).
import { DEFAULT_REGION } from "../regions.js";
import { DEFAULT_MODEL } from "../models.js";
import { labelNames, requestLabels } from "./labels.js";

export const DEFAULT_CONCURRENCY = 8;

export function defaultSettings(shared = {}) {
  return {
    region: shared.region ?? DEFAULT_REGION,
    modelId: shared.modelId || DEFAULT_MODEL,
    task: shared.task ?? "single",
    labels: [],
    instructions: "",
    userPrompt: "",
    examples: [],
    temperature: shared.temperature ?? null,
    batchSize: shared.batchSize ?? null,
    family: shared.family ?? "",
    api: shared.api ?? "",
    endpoint: shared.endpoint ?? "",
    concurrency: shared.concurrency ?? null,
    retryBudget: shared.retryBudget ?? null,
    serviceTier: shared.serviceTier ?? "",
    tokensPerMinute: shared.tokensPerMinute ?? null,
    stream: false,
    secondOpinion: "off",
    secondModelId: "",
    reasons: false,
    textColumn: 0,
  };
}

/** A copy of `settings` that later edits cannot reach. */
export const freeze = (settings) => structuredClone(settings);

/** Do two settings ask the same thing (for "the form changed since the run started")? */
export function sameSettings(a, b) {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** The request fields for `settings` (no texts, no credentials), for `pass` 0 or the second opinion. */
export function offlineRequest(settings, pass = 0) {
  const s = settings;
  const req = { region: s.region, modelId: s.modelId, task: s.task, labels: requestLabels(s.labels) };
  if (pass === 1 && s.secondOpinion === "model" && s.secondModelId.trim()) req.modelId = s.secondModelId.trim();
  if (s.instructions.trim()) req.instructions = s.instructions.trim();
  if (s.userPrompt.trim()) req.userPrompt = s.userPrompt;
  const examples = s.examples.filter((e) => e.text.trim() && e.labels.length);
  if (examples.length) req.examples = examples.map((e) => ({ text: e.text, labels: [...e.labels] }));
  if (s.temperature != null) req.temperature = s.temperature;
  if (s.batchSize != null) req.batchSize = s.batchSize;
  if (s.family) req.family = s.family;
  if (s.api) req.api = s.api;
  if (s.endpoint) req.endpoint = s.endpoint;
  if (s.reasons) req.reasons = true;
  // The tier changes the price (the estimate follows it), not the answer.
  if (s.serviceTier) req.serviceTier = s.serviceTier;
  return req;
}

/** The retry budget a run of `total` rows gets when the form leaves it empty. */
export const retryBudget = (settings, total) => settings.retryBudget ?? Math.max(100, 2 * total);

/**
 * The request to send for `settings`, with `credentials` ({accessKeyId, secretAccessKey,
 * sessionToken?, expiration?}) and the refusals known for the model; no texts yet.
 */
export function liveRequest(settings, credentials, total, { pass = 0, adaptations = [] } = {}) {
  const req = offlineRequest(settings, pass);
  const c = { accessKeyId: credentials.accessKeyId, secretAccessKey: credentials.secretAccessKey };
  if (credentials.sessionToken?.trim()) c.sessionToken = credentials.sessionToken;
  if (credentials.expiration) c.expiration = credentials.expiration;
  req.credentials = c;
  req.concurrency = settings.concurrency ?? DEFAULT_CONCURRENCY;
  // Retries (throttling included) stop at the call's budget or after maxRetries for one request:
  // long runs under a tight quota get the most a request may have, so a throttled row waits.
  req.retryBudget = retryBudget(settings, total);
  req.maxRetries = 20;
  req.stream = settings.stream;
  // The account's quota, when the user gave it: paced from the first request (else learnt).
  if (settings.tokensPerMinute != null) req.tokensPerMinute = settings.tokensPerMinute;
  if (adaptations.length) req.adaptations = [...adaptations];
  return req;
}

/** Does a run need a second pass, and is it set up? */
export const hasSecondOpinion = (s) => s.secondOpinion === "reorder" || (s.secondOpinion === "model" && s.secondModelId.trim() !== "");

/** What a run says about itself in the history: model, task and label names. */
export function describe(settings) {
  const second = settings.secondOpinion === "model" ? ` + ${settings.secondModelId}` : settings.secondOpinion === "reorder" ? " + reordered" : "";
  return `${settings.modelId}${second} · ${settings.task} · ${labelNames(settings.labels).join(", ")}`;
}
