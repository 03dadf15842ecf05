#!/usr/bin/env node
// `make live-check`: checks the capability table against the real Bedrock service. With AWS
// credentials in the environment (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, optional
// AWS_SESSION_TOKEN, AWS_REGION), it sends one tiny labeling request per preset model
// (extension/models.js) through the built wasm, and prints a table: worked / worked after
// adapting (what) / failed (Bedrock's message) / not enabled for this account, with the tokens
// spent. Never part of `make test`; without credentials it says so and exits 0.
//
// LIVE_CHECK_ENDPOINT points it at another endpoint (the tests run it against the emulator);
// LIVE_CHECK_MODELS (comma-separated) replaces the preset list.
import { loadLabeler } from "../lib/load-wasm.mjs";
import { MODELS } from "../../extension/models.js";

const env = process.env;
if (!env.AWS_ACCESS_KEY_ID || !env.AWS_SECRET_ACCESS_KEY) {
  console.log("live-check: no AWS credentials in the environment (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, optional AWS_SESSION_TOKEN, AWS_REGION): nothing was sent.");
  process.exit(0);
}
const region = env.AWS_REGION || env.AWS_DEFAULT_REGION || "us-east-1";
const credentials = { accessKeyId: env.AWS_ACCESS_KEY_ID, secretAccessKey: env.AWS_SECRET_ACCESS_KEY };
if (env.AWS_SESSION_TOKEN) credentials.sessionToken = env.AWS_SESSION_TOKEN;
const models = env.LIVE_CHECK_MODELS ? env.LIVE_CHECK_MODELS.split(",").map((m) => m.trim()).filter(Boolean) : MODELS.map(([id]) => id);

const labeler = await loadLabeler();
const request = (modelId) => ({
  credentials,
  region,
  modelId,
  labels: ["positive", "negative"],
  texts: ["I love this product.", "This was a waste of money."],
  maxRetries: 1,
  ...(env.LIVE_CHECK_ENDPOINT ? { endpoint: env.LIVE_CHECK_ENDPOINT } : {}),
});

/** Codes and messages that mean the account cannot use the model (not a table problem). */
const NOT_ENABLED = /AccessDeniedException|don't have access|not authorized|model access|isn.t supported|end of its life|ResourceNotFoundException/i;

const rows = [];
for (const modelId of models) {
  let outcome;
  let tokens = "";
  try {
    const r = await labeler.predictLabels(request(modelId));
    const failed = r.predictions.filter((p) => p.status !== "ok");
    tokens = `${r.usage.inputTokens} in / ${r.usage.outputTokens} out`;
    if (failed.length) outcome = `failed (${failed[0].error?.code}: ${failed[0].error?.message})`;
    else if (r.adaptations?.length) outcome = `worked after adapting (${r.adaptations.join(", ")})`;
    else outcome = "worked";
    const dropped = (r.warnings ?? []).filter((w) => w.code !== "Adapted").map((w) => w.message);
    if (dropped.length) outcome += ` [${dropped.join(" ")}]`;
  } catch (e) {
    const text = `${e.code ?? "Error"}: ${e.message ?? e}`;
    outcome = NOT_ENABLED.test(text) && e.code !== "InvalidSignatureException" && e.code !== "UnrecognizedClientException"
      ? `not enabled for this account (${text})`
      : `failed (${text})`;
  }
  rows.push([modelId, outcome, tokens]);
  console.error(`${modelId}: ${outcome}`);
}

const width = Math.max(...rows.map((r) => r[0].length), 5);
console.log(`\nlive-check, ${region}${env.LIVE_CHECK_ENDPOINT ? ` (endpoint ${env.LIVE_CHECK_ENDPOINT})` : ""}, ${new Date().toISOString()}`);
console.log(`${"model".padEnd(width)}  tokens                 result`);
for (const [m, outcome, t] of rows) console.log(`${m.padEnd(width)}  ${t.padEnd(21)}  ${outcome}`);
