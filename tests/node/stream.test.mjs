// predictLabels with stream: true, from the built wasm in Node 20, against the emulator's
// event streams (frames encoded by @smithy/eventstream-codec, not by our code).
import { test, before, after, beforeEach } from "node:test";
import assert from "node:assert/strict";
import http from "node:http";
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
  // This item is throttled every time: with nothing answered for maxWaitMs (1 s here; the
  // default is 2 minutes) its throttles count as retries again, and it fails.
  const result = await labeler.predictLabels(request({ texts, maxWaitMs: 1000 }));
  assert.equal(result.predictions[0].status, "ok");
  assert.equal(result.predictions[2].status, "ok");
  const failed = result.predictions[1];
  assert.equal(failed.status, "failed");
  assert.equal(failed.error.code, "ThrottlingException");
  // The non-streaming twin: the same code makes InvokeModel answer 429 with the same message.
  const plain = await labeler.predictLabels(request({ stream: false, maxWaitMs: 1000, texts: ["a [[emulate:ThrottlingException]] item"] }));
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

// README error table: StreamError, ModelStreamErrorException and a network error mid-stream are
// "retried with backoff, then fail its items". The fault breaks the first stream half-way (some
// items final, some not); the retry event clears it, so the retry streams whole.
async function breakFirstStreamOnce(fault, { via } = {}) {
  const whole = await labeler.predictLabels(request({ batchSize: TEXTS.length }));
  const planned = emu.stats.streams.at(-1).chunksPlanned;
  if (fault) emu.config.streamFault = { ...fault, afterChunks: Math.floor(planned / 2) };
  const events = [];
  const before = emu.stats.invocations.length;
  const result = await labeler.predictLabels(request({ batchSize: TEXTS.length, endpoint: via ?? emu.url }), (e) => {
    events.push(e);
    if (e.type === "retry") emu.config.streamFault = null;
  });
  return { whole, result, events, calls: emu.stats.invocations.slice(before) };
}

function assertRetriedForUnfinished({ whole, result, events, calls }, code) {
  const at = events.findIndex((e) => e.type === "retry");
  assert.ok(at >= 0, `a retry event: ${JSON.stringify(events.map((e) => e.type))}`);
  const { retry } = events[at];
  assert.equal(retry.code, code);
  assert.deepEqual([retry.attempt, retry.retries], [1, 1]);
  const finalBefore = events.slice(0, at).filter((e) => e.type === "prediction").map((e) => e.prediction.index);
  assert.ok(finalBefore.length >= 1 && finalBefore.length < TEXTS.length, `final before the break: ${finalBefore}`);
  assert.equal(calls.length, 2, "the request and one retry");
  assert.deepEqual(calls[1].texts, TEXTS.filter((_, i) => !finalBefore.includes(i)), "only unfinished items are asked again");
  assert.deepEqual(result.predictions.map((p) => [p.status, p.labels]), whole.predictions.map((p) => [p.status, p.labels]));
  assert.equal(events.filter((e) => e.type === "prediction").length, TEXTS.length, "each item reported once");
  assert.equal(result.usage.retries, 1);
}

for (const fault of [{ kind: "corrupt" }, { kind: "truncate" }, { kind: "exception", code: "ModelStreamErrorException" }]) {
  const code = fault.code ?? "StreamError";
  test(`a ${fault.code ?? fault.kind} stream on the first request is retried, re-signed, for the items not yet final`, async () => {
    assertRetriedForUnfinished(await breakFirstStreamOnce(fault), code);
  });
}

test("a connection broken mid-stream is retried for the items not yet final", async () => {
  // A proxy in front of the emulator that drops the connection half-way through the first
  // streamed body (the signature covers the Host header, which the proxy passes on unchanged).
  const target = new URL(emu.url);
  let cut = false;
  const proxy = http.createServer((req, res) => {
    const upstream = http.request({ host: target.hostname, port: target.port, path: req.url, method: req.method, headers: req.headers }, (up) => {
      res.writeHead(up.statusCode, up.headers);
      if (!cut && req.url.endsWith("/invoke-with-response-stream")) {
        cut = true;
        // One frame per piece (chunkDelayMs apart): cut after half of them.
        let pieces = 0;
        up.on("data", (c) => {
          res.write(c);
          if (++pieces === 8) {
            up.destroy();
            res.socket.destroy();
          }
        });
        return;
      }
      up.pipe(res);
    });
    req.pipe(upstream);
  });
  await new Promise((r) => proxy.listen(0, "127.0.0.1", r));
  emu.config.chunkDelayMs = 5; // so the body arrives in pieces
  try {
    const out = await breakFirstStreamOnce(null, { via: `http://127.0.0.1:${proxy.address().port}` });
    assert.ok(cut);
    assertRetriedForUnfinished(out, "NetworkError");
    assert.match(out.events.find((e) => e.type === "retry").retry.message, /connection broke/);
  } finally {
    proxy.close();
  }
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
