// One-line reasons (issue 13): asked for only when `reasons: true`, through the built wasm
// against the emulator (which answers a `reason` when the answer schema asks for one). Each
// model path that carries the schema differently is tried: forced tool (Claude 3 Haiku),
// strict tool / structured output (Claude Opus 5.5), Converse (Nova 2 Lite), JSON text (Qwen).
import { test, before, after, beforeEach } from "node:test";
import assert from "node:assert/strict";
import { loadLabeler } from "../lib/load-wasm.mjs";
import { startEmulator } from "../emulator/emulator.mjs";
import { LONG_LIVED } from "../emulator/test-credentials.mjs";

let labeler, emu;
before(async () => {
  labeler = await loadLabeler();
  emu = await startEmulator();
});
after(() => emu.close());
beforeEach(async () => {
  await fetch(`${emu.url}/__emulator/reset`, { method: "POST" });
});

const LABELS = ["sports", "politics", "weather"];
const TEXTS = ["The sports final went to extra time", "Heavy weather expected tonight", "Politics again"];
const MODELS = ["anthropic.claude-3-haiku-20240307-v1:0", "us.anthropic.claude-opus-5-5", "us.amazon.nova-2-lite-v1:0", "qwen.qwen3-32b-v1:0"];
const request = (over = {}) => ({ region: "us-east-1", labels: LABELS, texts: TEXTS, endpoint: emu.url, batchSize: 2, ...over });

for (const modelId of MODELS) {
  test(`${modelId}: reasons come back with each prediction only when asked for`, async () => {
    const asked = await labeler.predictLabels({ ...request({ modelId, reasons: true }), credentials: LONG_LIVED });
    for (const p of asked.predictions) {
      assert.equal(p.status, "ok", JSON.stringify(p));
      assert.match(p.reason ?? "", /^The text reads as /, JSON.stringify(p));
    }
    const plain = await labeler.predictLabels({ ...request({ modelId }), credentials: LONG_LIVED });
    for (const p of plain.predictions) assert.ok(!("reason" in p), JSON.stringify(p));
    // The same labels either way: a reason is added to the answer, it does not change it.
    assert.deepEqual(asked.predictions.map((p) => p.labels), plain.predictions.map((p) => p.labels));
  });
}

test("the estimate counts what reasons cost, and a reasons answer is cached apart", () => {
  const modelId = MODELS[0];
  const off = labeler.estimate(request({ modelId }));
  const on = labeler.estimate(request({ modelId, reasons: true }));
  assert.ok(off.reasonTokens > 0 && off.reasonTokens === on.reasonTokens, JSON.stringify([off, on]));
  assert.ok(on.outputTokens >= off.outputTokens + on.reasonTokens, JSON.stringify([off, on]));
  const keysOff = labeler.cacheKeys(request({ modelId }));
  const keysOn = labeler.cacheKeys(request({ modelId, reasons: true }));
  keysOff.forEach((k, i) => assert.notEqual(k, keysOn[i]));
});

test("reasons must be a boolean, and the error names the field", () => {
  const problem = labeler.checkRequest({ ...request({ modelId: MODELS[0], reasons: "yes" }), credentials: LONG_LIVED });
  assert.equal(problem?.code, "InvalidInput");
  assert.equal(problem.field, "reasons");
});
