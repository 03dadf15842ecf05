// stream: true for every family that streams (Claude, Nova, Llama 3, Mistral text and chat,
// Titan), from the built wasm in Node, against the emulator's event streams in each family's
// chunk shape (frames encoded by @smithy/eventstream-codec). Llama 4 cannot stream: the
// emulator refuses it as Bedrock does, and the labeler calls InvokeModel for it.
import { test, before, after, beforeEach } from "node:test";
import assert from "node:assert/strict";
import { SignatureV4 } from "@smithy/signature-v4";
import { Hash } from "@smithy/hash-node";
import { HttpRequest } from "@smithy/protocol-http";
import { loadLabeler } from "../lib/load-wasm.mjs";
import { startEmulator } from "../emulator/emulator.mjs";
import { LONG_LIVED } from "../emulator/test-credentials.mjs";
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

const MODELS = [
  ["claude", "anthropic.claude-3-haiku-20240307-v1:0"],
  ["nova", "amazon.nova-lite-v1:0"],
  ["llama", "meta.llama3-1-8b-instruct-v1:0"],
  ["mistral text", "mistral.mistral-7b-instruct-v0:2"],
  ["mistral chat", "mistral.mistral-large-2407-v1:0"],
  ["titan", "amazon.titan-text-express-v1"],
  ["claude 5.5 (structured output, thinking first)", "us.anthropic.claude-opus-5-5"],
  ["converse (ConverseStream)", "qwen.qwen3-32b-v1:0"],
];

const request = (modelId, over = {}) => ({
  credentials: LONG_LIVED,
  region: "us-east-1",
  modelId,
  labels: LABELS,
  texts: TEXTS,
  endpoint: emu.url,
  stream: true,
  ...over,
});

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

for (const [name, modelId] of MODELS) {
  test(`${name}: stream: true gives the same result as stream: false`, async () => {
    const whole = await labeler.predictLabels(request(modelId, { stream: false, batchSize: 2 }));
    const before = emu.stats.invocations.length;
    const streamed = await labeler.predictLabels(request(modelId, { batchSize: 2 }));
    assert.deepEqual(streamed, whole);
    streamed.predictions.forEach((p, i) => assert.deepEqual(p.labels, [expectedLabel(TEXTS[i], LABELS)], JSON.stringify(p)));
    assert.ok(streamed.usage.inputTokens > 0 && streamed.usage.outputTokens > 0);
    const calls = emu.stats.invocations.slice(before);
    assert.equal(calls.length, 2);
    assert.ok(calls.every((c) => c.stream && c.status === 200), JSON.stringify(calls.map((c) => [c.stream, c.status])));
    // Each answer came as many chunks, all of them sent.
    assert.equal(emu.stats.streams.length, 2);
    for (const s of emu.stats.streams) assert.ok(s.chunksSent >= 6 && s.chunksSent === s.chunksPlanned, JSON.stringify(s));
  });

  test(`${name}: items of one stream are reported one by one before it ends`, async () => {
    Object.assign(emu.config, { holdLastChunk: true, chunkDelayMs: 3 });
    const seen = [];
    let settled = false;
    const run = labeler
      .predictLabels(request(modelId, { batchSize: 10 }), (e) => {
        if (e.type === "prediction") seen.push({ ...e, at: emu.stats.streams.at(-1)?.chunksSent });
      })
      .finally(() => (settled = true));
    const deadline = Date.now() + 10_000;
    while (seen.length < TEXTS.length && Date.now() < deadline) await sleep(5);
    // The one stream is held before its last chunk: every item was final before it ended.
    assert.equal(seen.length, TEXTS.length, "every item final before the stream ended");
    assert.equal(settled, false);
    assert.equal(emu.stats.streams.length, 1);
    assert.equal(emu.stats.streams[0].lastChunkSentAt, null);
    assert.ok(new Set(seen.map((e) => e.at)).size > 1, `final at different chunks: ${JSON.stringify(seen.map((e) => e.at))}`);
    for (const e of seen) assert.deepEqual(e.prediction.labels, [expectedLabel(TEXTS[e.prediction.index], LABELS)]);
    while (!settled) {
      emu.releaseHeld();
      await sleep(10);
    }
    const result = await run;
    assert.equal(seen.length, TEXTS.length, "each item reported once");
    assert.deepEqual(result.predictions, seen.map((e) => e.prediction).sort((a, b) => a.index - b.index));
    assert.equal(result.usage.requests, 1);
  });
}

test("a mid-stream exception fails the items not yet final, in every family's stream", async () => {
  for (const [name, modelId] of MODELS.slice(1)) {
    emu.config.streamFault = { kind: "exception", code: "ModelStreamErrorException", afterChunks: 2 };
    const result = await labeler.predictLabels(request(modelId, { texts: TEXTS.slice(0, 2), batchSize: 2, retryBudget: 1, maxRetries: 1 }));
    for (const p of result.predictions) {
      assert.equal(p.status, "failed", `${name}: ${JSON.stringify(p)}`);
      assert.equal(p.error.code, "ModelStreamErrorException");
      assert.deepEqual(p.labels, []);
    }
  }
});

test("Llama 4: the emulator refuses to stream it, as Bedrock does; the labeler calls Converse without streaming", async () => {
  const modelId = "us.meta.llama4-maverick-17b-instruct-v1:0";
  // A streaming call signed by the AWS JS SDK's signer, as any client would send it.
  const signer = new SignatureV4({ credentials: LONG_LIVED, region: "us-east-1", service: "bedrock", sha256: Hash.bind(null, "sha256") });
  const url = new URL(emu.url);
  const path = `/model/${encodeURIComponent(modelId)}/invoke-with-response-stream`;
  const body = JSON.stringify({ prompt: "<|begin_of_text|><|start_header_id|>user<|end_header_id|>\n\nHi<|eot_id|><|start_header_id|>assistant<|end_header_id|>\n\n", max_gen_len: 20 });
  const signed = await signer.sign(
    new HttpRequest({ method: "POST", protocol: "http:", hostname: url.hostname, port: Number(url.port), path, headers: { host: url.host, "content-type": "application/json", "x-amzn-bedrock-accept": "application/json" }, body }),
  );
  const resp = await fetch(`${emu.url}${path}`, { method: "POST", headers: signed.headers, body });
  assert.equal(resp.status, 400);
  assert.match(resp.headers.get("x-amzn-errortype"), /^ValidationException/);
  assert.match((await resp.json()).message, /InvokeModelWithResponseStream/);

  const before = emu.stats.invocations.length;
  const streamed = await labeler.predictLabels(request(modelId, { batchSize: 2 }));
  const whole = await labeler.predictLabels(request(modelId, { stream: false, batchSize: 2 }));
  assert.deepEqual(streamed, whole);
  streamed.predictions.forEach((p, i) => assert.deepEqual(p.labels, [expectedLabel(TEXTS[i], LABELS)]));
  const calls = emu.stats.invocations.slice(before);
  assert.equal(calls.length, 4);
  assert.ok(calls.every((c) => c.operation === "converse" && c.status === 200), JSON.stringify(calls.map((c) => [c.operation, c.status])));
});
