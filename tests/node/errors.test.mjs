// Every row of the error table (README "Errors", crates/labeler-core/src/error_table.rs),
// exercised against the emulator: the code we return, whether we retried, what we tell the user.
import { test, before, after, beforeEach } from "node:test";
import assert from "node:assert/strict";
import { loadLabeler } from "../lib/load-wasm.mjs";
import { startEmulator } from "../emulator/emulator.mjs";
import { LONG_LIVED, EXPIRED } from "../emulator/test-credentials.mjs";

let labeler, emu;
before(async () => {
  labeler = await loadLabeler();
  emu = await startEmulator();
});
after(() => emu.close());
beforeEach(() => {
  emu.config.failNext = [];
  emu.config.clockSkewMs = 0;
  emu.stats.invocations.length = 0;
});

const run = (over = {}, onProgress) =>
  labeler.predictLabels({ credentials: LONG_LIVED, region: "us-east-1", modelId: "anthropic.claude-3-haiku-20240307-v1:0", labels: ["positive", "negative"], texts: ["a positive thing"], endpoint: emu.url, ...over }, onProgress);

const FATAL = [
  [{ code: "UnrecognizedClientException" }, /Access Key ID/],
  [{ code: "InvalidSignatureException" }, /Secret Access Key/],
  [{ code: "ExpiredTokenException" }, /aws sts assume-role/],
  [{ code: "AccessDeniedException", message: "User: arn:aws:iam::123456789012:user/x is not authorized to perform: bedrock:InvokeModel" }, /bedrock:InvokeModel/],
  [{ code: "AccessDeniedException", message: "You don't have access to the model with the specified model ID." }, /Model access/],
  [{ code: "ValidationException", message: "Invocation of model ID anthropic.claude-3-haiku-20240307-v1:0 with on-demand throughput isn’t supported. Retry your request with the ID or ARN of an inference profile that contains this model." }, /us\.anthropic\.claude-3-haiku-20240307-v1:0/],
  [{ code: "ValidationException", message: "The provided model identifier is invalid." }, /invalid/],
  [{ code: "ResourceNotFoundException" }, /model id and the region/],
];

for (const [spec, message] of FATAL) {
  test(`${spec.code}${spec.message ? ` (${spec.message.slice(0, 30)}…)` : ""} fails the request at once, without retries`, async () => {
    emu.config.failNext = [spec, spec, spec];
    const err = await run().then(() => assert.fail("should reject"), (e) => e);
    assert.equal(err.code, spec.code);
    assert.match(err.message, message);
    assert.ok(err.requestId, "the request id is kept for AWS support");
    assert.equal(emu.stats.invocations.length, 1);
  });
}

const ITEM = [
  ["ValidationException", /rejected the request/],
  ["ServiceQuotaExceededException", /quota/],
  ["ModelTimeoutException", /too long/],
  ["ModelErrorException", /model failed/],
];

for (const [code, message] of ITEM) {
  test(`${code} fails the items of that request only, without retries`, async () => {
    emu.config.failNext = [code];
    const result = await run({ texts: ["positive one", "negative two"], batchSize: 1 });
    const failed = result.predictions.filter((p) => p.status === "failed");
    assert.equal(failed.length, 1);
    assert.equal(failed[0].error.code, code);
    assert.match(failed[0].error.message, message);
    assert.equal(result.predictions.filter((p) => p.status === "ok").length, 1);
    assert.equal(emu.stats.invocations.length, 2);
  });
}

for (const code of ["ThrottlingException", "ModelNotReadyException", "ServiceUnavailableException", "InternalServerException"]) {
  test(`${code} is retried with backoff and the item succeeds`, async () => {
    emu.config.failNext = [code, code];
    const result = await run();
    assert.equal(result.predictions[0].status, "ok");
    assert.equal(result.usage.retries, 2);
    assert.equal(result.usage.requests, 3);
    assert.equal(emu.stats.invocations.length, 3);
  });
}

test("when retries run out the item fails with the error and says how many attempts", async () => {
  emu.config.failNext = Array(5).fill("ServiceUnavailableException");
  const result = await run({ maxRetries: 2 });
  const p = result.predictions[0];
  assert.equal(p.status, "failed");
  assert.equal(p.error.code, "ServiceUnavailableException");
  assert.match(p.error.message, /Gave up after 3 attempts/);
});

test("a throttle is waited out without spending maxRetries or the retry budget, as the README says (Quotas)", async () => {
  // Pacing turns on at the first throttle; the waits are the pacer's, not retries spent. (When
  // nothing is answered for two minutes throttles count again: crates/labeler-core/tests/job_retries.rs.)
  emu.config.failNext = Array(3).fill("ThrottlingException");
  const result = await run({ maxRetries: 1, retryBudget: 1 });
  const p = result.predictions[0];
  assert.equal(p.status, "ok", JSON.stringify(p));
  assert.equal(result.usage.retries, 3);
  assert.equal(emu.stats.invocations.length, 4);
});

test("each retry is reported as it is scheduled: code, message, attempt, the call's total, the wait", async () => {
  emu.config.failNext = ["ThrottlingException", { code: "ThrottlingException", headers: { "x-amz-retry-after": "300" } }, "ServiceUnavailableException"];
  const events = [];
  const result = await labeler.predictLabels(
    { credentials: LONG_LIVED, region: "us-east-1", modelId: "anthropic.claude-3-haiku-20240307-v1:0", labels: ["positive", "negative"], texts: ["a positive thing"], endpoint: emu.url },
    (e) => events.push(e),
  );
  assert.equal(result.predictions[0].status, "ok");
  const retries = events.filter((e) => e.type === "retry").map((e) => e.retry);
  assert.deepEqual(retries.map((r) => [r.code, r.attempt, r.retries]), [["ThrottlingException", 1, 1], ["ThrottlingException", 2, 2], ["ServiceUnavailableException", 3, 3]]);
  for (const r of retries) {
    assert.equal(typeof r.message, "string");
    assert.ok(r.message.length > 0);
    assert.ok(Number.isFinite(r.waitMs) && r.waitMs >= 0, JSON.stringify(r));
  }
  assert.ok(retries[1].waitMs >= 300, "x-amz-retry-after is the least wait");
  assert.match(retries[0].message, /throttling/);
  // Each retry event comes before the usage event that counts it, and the final totals agree.
  const firstUsageWithRetry = events.findIndex((e) => e.type === "usage" && e.usage.retries >= 1);
  assert.ok(events.findIndex((e) => e.type === "retry") < firstUsageWithRetry);
  assert.equal(result.usage.retries, 3);
});

test("a clock-skew re-sign counts as a retry in usage but sends no retry event", async () => {
  emu.config.clockSkewMs = 17 * 60_000;
  const events = [];
  const result = await run({}, (e) => events.push(e));
  assert.equal(result.predictions[0].status, "ok");
  assert.equal(result.usage.retries, 1);
  assert.equal(events.filter((e) => e.type === "retry").length, 0);
});

test("x-amz-retry-after is honoured", async () => {
  emu.config.failNext = [{ code: "ThrottlingException", headers: { "x-amz-retry-after": "600" } }];
  await run();
  const [first, second] = emu.stats.invocations;
  assert.ok(second.at - first.at >= 600, `waited ${second.at - first.at} ms`);
});

for (const [skewMin, words] of [[17, "expired"], [-17, "not yet current"]]) {
  test(`a clock ${Math.abs(skewMin)} minutes ${skewMin > 0 ? "behind" : "ahead of"} the server is corrected and the request re-signed once (${words})`, async () => {
    emu.config.clockSkewMs = skewMin * 60_000;
    const before = emu.stats.authFailures;
    const texts = ["positive", "negative", "positive", "negative", "positive", "negative", "positive", "negative"];
    const result = await run({ texts, batchSize: 1 });
    assert.ok(result.predictions.every((p) => p.status === "ok"), JSON.stringify(result.predictions));
    const refused = emu.stats.authFailures - before;
    // The requests already in flight (at most 4) are refused and re-signed once each; the ones
    // sent after the first answer are signed with the corrected clock and not refused.
    assert.ok(refused >= 1 && refused <= 4, `refused ${refused}`);
    assert.equal(result.usage.retries, refused);
    assert.equal(result.usage.requests, texts.length + refused);
  });
}

test("an expired token is never retried, even with retries left", async () => {
  const err = await run({ credentials: EXPIRED, maxRetries: 10 }).catch((e) => e);
  assert.equal(err.code, "ExpiredTokenException");
  assert.equal(emu.stats.requests > 0, true);
});

test("a network failure is retried, then fails the request with NetworkError", async () => {
  const err = await run({ endpoint: "http://127.0.0.1:9", maxRetries: 2 }).catch((e) => e);
  assert.equal(err.code, "NetworkError");
  assert.match(err.message, /3 attempts/);
});
