// predictLabels with stream: true, from the built wasm in Node 20, against the emulator's
// event streams (frames encoded by @smithy/eventstream-codec, not by our code).
import { test, before, after, beforeEach } from "node:test";
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
beforeEach(() => {
  Object.assign(emu.config, { chunkDelayMs: 0, streamFault: null, holdLastChunk: false });
  emu.stats.streams.length = 0;
});

const LABELS = ["positive", "negative", "neutral"];
const TEXTS = ["A positive review of the hotel", "Negative: the room was cold", "It is a neutral statement", "Café ☕ 東京 — no label words 😀"];

const request = (over = {}) => ({
  credentials: LONG_LIVED,
  region: "us-east-1",
  modelId: "anthropic.claude-3-haiku-20240307-v1:0",
  labels: LABELS,
  texts: TEXTS,
  endpoint: emu.url,
  stream: true,
  // One item per request, so that each stream (and each injected fault) concerns one item;
  // "several items in one stream" has its own test below.
  batchSize: 1,
  // Injected faults repeat on every retry: keep the retries few.
  retryBudget: 2,
  ...over,
});

test("streamed labels equal the non-streaming result, over real event-stream frames", async () => {
  const whole = await labeler.predictLabels(request({ stream: false }));
  const before = emu.stats.invocations.length;
  const streamed = await labeler.predictLabels(request());
  assert.deepEqual(streamed, whole);
  streamed.predictions.forEach((p, i) => assert.deepEqual(p.labels, [expectedLabel(TEXTS[i], LABELS)]));
  const calls = emu.stats.invocations.slice(before);
  assert.equal(calls.length, TEXTS.length);
  assert.ok(calls.every((c) => c.stream && c.status === 200), JSON.stringify(calls));
  assert.equal(emu.stats.authFailures, 0);
  // Each answer came as several chunks (the tool input split into input_json_delta pieces).
  assert.equal(emu.stats.streams.length, TEXTS.length);
  for (const s of emu.stats.streams) {
    assert.ok(s.chunksSent >= 6 && s.chunksSent === s.chunksPlanned, JSON.stringify(s));
  }
});

test("temporary credentials and an inference profile stream too", async () => {
  const modelId = "us.anthropic.claude-haiku-4-5-20251001-v1:0";
  const result = await labeler.predictLabels(request({ credentials: TEMPORARY, modelId, texts: ["negative vibes"] }));
  assert.deepEqual(result.predictions[0].labels, ["negative"]);
  assert.equal(emu.stats.invocations.at(-1).modelId, modelId);
});

test("each prediction is reported while its stream is still open", async () => {
  emu.config.holdLastChunk = true;
  emu.config.chunkDelayMs = 5;
  const seen = [];
  let settled = false;
  const run = labeler.predictLabels(request(), (e) => e.type === "prediction" && seen.push(e)).finally(() => (settled = true));
  // Every stream stops before its last chunk (message_stop) until released.
  const deadline = Date.now() + 10_000;
  while (seen.length < TEXTS.length && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
  assert.equal(seen.length, TEXTS.length, "all items final before any stream ended");
  assert.equal(settled, false);
  assert.ok(emu.stats.streams.every((s) => s.lastChunkSentAt === null), JSON.stringify(emu.stats.streams));
  assert.deepEqual(seen.map((e) => e.type), TEXTS.map(() => "prediction"));
  for (const e of seen) assert.deepEqual(e.prediction.labels, [expectedLabel(TEXTS[e.prediction.index], LABELS)]);
  while (!settled) {
    emu.releaseHeld();
    await new Promise((r) => setTimeout(r, 10));
  }
  const result = await run;
  assert.equal(seen.length, TEXTS.length, "each item reported once");
  assert.deepEqual(result.predictions, seen.map((e) => e.prediction).sort((a, b) => a.index - b.index));
});

test("several items in one stream become final one by one while it is still open", async () => {
  emu.config.holdLastChunk = true;
  emu.config.chunkDelayMs = 5;
  const seen = [];
  let settled = false;
  const run = labeler.predictLabels(request({ batchSize: 10 }), (e) => e.type === "prediction" && seen.push({ ...e, at: emu.stats.streams.at(-1)?.chunksSent })).finally(() => (settled = true));
  const deadline = Date.now() + 10_000;
  while (seen.length < TEXTS.length && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
  assert.equal(emu.stats.streams.length > 0, true);
  assert.equal(seen.length, TEXTS.length, "every item of the batch final before the stream ended");
  assert.equal(settled, false);
  // They became final at different points of the one stream, not all at its end.
  assert.ok(new Set(seen.map((e) => e.at)).size > 1, JSON.stringify(seen.map((e) => e.at)));
  while (!settled) {
    emu.releaseHeld();
    await new Promise((r) => setTimeout(r, 10));
  }
  const result = await run;
  assert.equal(result.usage.requests, 1);
  for (const p of result.predictions) assert.deepEqual(p.labels, [expectedLabel(TEXTS[p.index], LABELS)]);
  emu.config.holdLastChunk = false;
  emu.config.chunkDelayMs = 0;
});

test("a mid-stream exception fails its item with the same error as without streaming", async () => {
  const texts = ["positive one", "a [[emulate-stream:ThrottlingException]] item", "negative two"];
  const result = await labeler.predictLabels(request({ texts }));
  assert.equal(result.predictions[0].status, "ok");
  assert.equal(result.predictions[2].status, "ok");
  const failed = result.predictions[1];
  assert.equal(failed.status, "failed");
  assert.equal(failed.error.code, "ThrottlingException");
  // The non-streaming twin: the same code makes InvokeModel answer 429 with the same message.
  const plain = await labeler.predictLabels(request({ stream: false, texts: ["a [[emulate:ThrottlingException]] item"] }));
  assert.deepEqual(failed.error, plain.predictions[0].error);
  assert.equal(emu.stats.streams.find((s) => s.fault)?.fault, "exception");
});

test("a stream cut mid-frame or corrupted is an error on its item, never a partial label", async () => {
  const texts = ["positive [[emulate-stream:truncate]]", "negative [[emulate-stream:corrupt]]", "neutral"];
  const result = await labeler.predictLabels(request({ texts }));
  const [cut, corrupt, fine] = result.predictions;
  assert.equal(cut.status, "failed");
  assert.equal(cut.error.code, "StreamError");
  assert.match(cut.error.message, /ended inside a message/);
  assert.equal(corrupt.status, "failed");
  assert.equal(corrupt.error.code, "StreamError");
  assert.match(corrupt.error.message, /checksum mismatch/);
  assert.deepEqual(fine.labels, ["neutral"]);
  assert.deepEqual(cut.labels, []);
});

test("items final before a failure keep their labels", async () => {
  // The fault replaces the last chunk: every answer is complete before it.
  for (const fault of [{ kind: "exception", code: "ModelStreamErrorException", afterChunks: -1 }, { kind: "truncate", afterChunks: -1 }]) {
    emu.config.streamFault = fault;
    const result = await labeler.predictLabels(request());
    result.predictions.forEach((p, i) => {
      assert.equal(p.status, "ok", `${fault.kind}: ${JSON.stringify(p)}`);
      assert.deepEqual(p.labels, [expectedLabel(TEXTS[i], LABELS)]);
    });
  }
  // Before the answer is complete (third chunk), the same faults fail every item.
  emu.config.streamFault = { kind: "exception", code: "ModelStreamErrorException", afterChunks: 3 };
  const result = await labeler.predictLabels(request());
  assert.ok(result.predictions.every((p) => p.status === "failed" && p.error.code === "ModelStreamErrorException"));
});

test("errors before the stream starts are the usual request errors", async () => {
  const err = await labeler.predictLabels(request({ credentials: EXPIRED })).catch((e) => e);
  assert.equal(err.code, "ExpiredTokenException");
  assert.match(err.message, /aws sts assume-role/);
  const r = await labeler.predictLabels(request({ texts: ["x [[emulate:ModelTimeoutException]]"] }));
  assert.equal(r.predictions[0].error.code, "ModelTimeoutException");
});

test("stream must be a boolean", async () => {
  const err = await labeler.predictLabels(request({ stream: "yes" })).catch((e) => e);
  assert.equal(err.code, "InvalidInput");
  assert.match(err.message, /^stream: /);
});
