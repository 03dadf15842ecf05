// predictLabels from the built wasm, in Node 20, against the emulator (which checks every
// signature with @smithy/signature-v4).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { loadLabeler } from "../lib/load-wasm.mjs";
import { startEmulator } from "../emulator/emulator.mjs";
import { LONG_LIVED, TEMPORARY, EXPIRED } from "../emulator/test-credentials.mjs";
import { expectedLabel } from "../emulator/labeling-rule.mjs";

let labeler, emu;
before(async () => {
  labeler = await loadLabeler();
  emu = await startEmulator();
});
after(() => emu.close());

const LABELS = ["positive", "negative", "neutral"];
const TEXTS = ["A positive review of the hotel", "Negative: the room was cold", "It is a neutral statement", "Café ☕ 東京 — no label words"];

const request = (over = {}) => ({
  credentials: LONG_LIVED,
  region: "us-east-1",
  modelId: "anthropic.claude-3-haiku-20240307-v1:0",
  labels: LABELS,
  texts: TEXTS,
  endpoint: emu.url,
  ...over,
});

test("labels every item, in input order, with signatures the independent verifier accepts", async () => {
  const result = await labeler.predictLabels(request());
  assert.equal(result.predictions.length, TEXTS.length);
  result.predictions.forEach((p, i) => {
    assert.equal(p.index, i);
    assert.equal(p.text, TEXTS[i]);
    assert.equal(p.status, "ok", JSON.stringify(p));
    assert.deepEqual(p.labels, [expectedLabel(TEXTS[i], LABELS)]);
  });
  assert.equal(result.usage.requests, 1, "four items fit one request (batchSize 10)");
  assert.ok(result.usage.inputTokens > 0 && result.usage.outputTokens > 0);
  assert.equal(result.modelId, "anthropic.claude-3-haiku-20240307-v1:0");
  assert.equal(result.region, "us-east-1");
  assert.equal(emu.stats.authFailures, 0);
});

test("temporary credentials with a session token, an inference profile ARN and another region", async () => {
  const modelId = "arn:aws:bedrock:eu-west-1:123456789012:inference-profile/eu.anthropic.claude-3-5-sonnet-20240620-v1:0";
  const result = await labeler.predictLabels(request({ credentials: TEMPORARY, region: "eu-west-1", modelId, texts: ["negative vibes"] }));
  assert.deepEqual(result.predictions[0].labels, ["negative"]);
  const last = emu.stats.invocations.at(-1);
  assert.equal(last.modelId, modelId);
  assert.equal(last.region, "eu-west-1");
});

test("progress events arrive once per item, then the usage the response added", async () => {
  const seen = [];
  const result = await labeler.predictLabels(request(), (e) => seen.push(e));
  assert.deepEqual(seen.map((e) => e.type), [...TEXTS.map(() => "prediction"), "usage"]);
  assert.deepEqual(seen.filter((e) => e.type === "prediction").map((e) => e.prediction.index).sort(), [0, 1, 2, 3]);
  assert.deepEqual(seen.at(-1).usage, result.usage);
});

test("usage events: one per response, streamed or not, with running totals", async () => {
  for (const stream of [false, true]) {
    for (const modelId of ["anthropic.claude-3-haiku-20240307-v1:0", "amazon.titan-text-express-v1"]) {
      const seen = [];
      const result = await labeler.predictLabels(request({ modelId, stream, batchSize: 1, concurrency: 2 }), (e) => seen.push(e));
      const usage = seen.filter((e) => e.type === "usage").map((e) => e.usage);
      const what = `${modelId}, stream ${stream}: ${JSON.stringify(usage)}`;
      assert.equal(usage.length, TEXTS.length, what);
      assert.deepEqual(Object.keys(usage[0]).sort(), ["cacheReadInputTokens", "cacheWriteInputTokens", "inputTokens", "outputTokens", "requests", "retries"]);
      for (let i = 1; i < usage.length; i++) {
        assert.ok(usage[i].inputTokens > usage[i - 1].inputTokens && usage[i].outputTokens > usage[i - 1].outputTokens, what);
        assert.ok(usage[i].requests >= usage[i - 1].requests, what);
      }
      assert.deepEqual(usage.at(-1), result.usage, what);
    }
  }
  // A throttled request adds no tokens but counts as a request and a retry: it is reported too,
  // so a progress display shows retries as they happen.
  emu.config.failNext = ["ThrottlingException"];
  const seen = [];
  const result = await labeler.predictLabels(request(), (e) => seen.push(e));
  const usage = seen.filter((e) => e.type === "usage").map((e) => e.usage);
  assert.equal(usage.length, 2, JSON.stringify(usage));
  assert.deepEqual([usage[0].requests, usage[0].retries, usage[0].inputTokens], [1, 1, 0]);
  assert.deepEqual(usage[1], result.usage);
  assert.deepEqual([usage[1].requests, usage[1].retries], [2, 1]);
});

test("a wrong secret rejects with InvalidSignatureException and a message about the secret", async () => {
  const err = await labeler.predictLabels(request({ credentials: { ...LONG_LIVED, secretAccessKey: LONG_LIVED.secretAccessKey + "x" } })).then(
    () => assert.fail("should reject"),
    (e) => e,
  );
  assert.equal(err.code, "InvalidSignatureException");
  assert.equal(err.status, 403);
  assert.match(err.message, /Secret Access Key/);
  assert.ok(err.requestId);
});

test("an expired session token rejects with ExpiredTokenException and says to assume the role again", async () => {
  const err = await labeler.predictLabels(request({ credentials: EXPIRED })).catch((e) => e);
  assert.equal(err.code, "ExpiredTokenException");
  assert.match(err.message, /expired/);
  assert.match(err.message, /aws sts assume-role/);
  // The token must never come back in an error.
  assert.ok(!JSON.stringify(err).includes(EXPIRED.sessionToken));
});

test("an unknown key id rejects with UnrecognizedClientException", async () => {
  const err = await labeler.predictLabels(request({ credentials: { ...LONG_LIVED, accessKeyId: "AKIAUNKNOWNKEY000000" } })).catch((e) => e);
  assert.equal(err.code, "UnrecognizedClientException");
});

test("bad input rejects with InvalidInput naming the field, before any request", async () => {
  const before = emu.stats.requests;
  for (const [over, field] of [
    [{ labels: [] }, "labels"],
    [{ texts: [] }, "texts"],
    [{ region: "Mars" }, "region"],
    [{ credentials: { accessKeyId: LONG_LIVED.accessKeyId } }, "credentials.secretAccessKey"],
  ]) {
    const err = await labeler.predictLabels(request(over)).catch((e) => e);
    assert.equal(err.code, "InvalidInput", JSON.stringify(err));
    assert.ok(err.message.startsWith(`${field}:`), err.message);
  }
  assert.equal(emu.stats.requests, before);
});

test("a model that cannot label text, or an id that names no model, is Unsupported and says what to do", async () => {
  const err = await labeler.predictLabels(request({ modelId: "stability.sd3-large-v1:0" })).catch((e) => e);
  assert.equal(err.code, "Unsupported");
  assert.match(err.message, /not a text model/);
  const arn = "arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/abc123";
  const named = await labeler.predictLabels(request({ modelId: arn })).catch((e) => e);
  assert.equal(named.code, "Unsupported");
  assert.match(named.message, /"baseModelId"/);
  assert.match(named.message, /"family"/);
});

test("an empty item fails alone; a per-request Bedrock error fails only its item", async () => {
  const texts = ["positive!", "   ", "this one is [[emulate:ModelTimeoutException]]"];
  const result = await labeler.predictLabels(request({ texts, batchSize: 1 }));
  assert.equal(result.predictions[0].status, "ok");
  assert.equal(result.predictions[1].status, "failed");
  assert.equal(result.predictions[1].error.code, "InvalidInput");
  assert.equal(result.predictions[2].status, "failed");
  assert.equal(result.predictions[2].error.code, "ModelTimeoutException");
});

test("an unreachable endpoint rejects with NetworkError", async () => {
  const err = await labeler.predictLabels(request({ endpoint: "http://127.0.0.1:9" })).catch((e) => e);
  assert.equal(err.code, "NetworkError");
  assert.match(err.message, /127\.0\.0\.1:9/);
});
