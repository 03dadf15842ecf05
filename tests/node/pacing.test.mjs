// Token-quota pacing against the emulator's token quota (quotaTpm: input + max_tokens reserved
// at the start, input + 5 × output settled at the end on Claude Haiku 4.5): every item labeled,
// none lost, few requests throttled, with the quota given (tokensPerMinute) and learnt.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
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

const LABELS = ["positive", "negative", "neutral"];
const TEXTS = Array.from({ length: 160 }, (_, i) => [`A positive review ${i}`, `Negative: cold room ${i}`, `Neutral note ${i}`][i % 3]);
const MODEL = "global.anthropic.claude-haiku-4-5-20251001-v1:0";
const configure = (config) => fetch(`${emu.url}/__emulator/config`, { method: "POST", body: JSON.stringify(config) }).then((r) => r.json());
// 48,000 tokens a minute (800 a second), 10 s deep (the emulator's default): the run's ~12,000
// quota tokens take several seconds beyond the burst, so the quota binds.
const RATE = 800;
const DEPTH = 8_000;
const QUOTA = { quotaTpm: 48_000, quotaTokenBurstS: 10, latencyMs: 20 };

async function run(extra) {
  await fetch(`${emu.url}/__emulator/reset`);
  await configure(QUOTA);
  const retries = [];
  const result = await labeler.predictLabels(
    { credentials: LONG_LIVED, region: "us-east-1", modelId: MODEL, labels: LABELS, texts: TEXTS, endpoint: emu.url, concurrency: 4, ...extra },
    (e) => e.type === "retry" && retries.push(e.retry),
  );
  const invocations = emu.stats.invocations;
  return { result, retries, sent: invocations.length, throttled: invocations.filter((i) => i.status === 429).length, settled: emu.stats.settledTokens };
}

function assertAllLabeled(result) {
  assert.equal(result.predictions.length, TEXTS.length);
  result.predictions.forEach((p, i) => {
    assert.equal(p.status, "ok", JSON.stringify(p));
    assert.deepEqual(p.labels, [expectedLabel(TEXTS[i], LABELS)]);
  });
}

test("with the account's quota given, the run stays under it: every item labeled, no throttle", async () => {
  const t0 = performance.now();
  const { result, throttled, sent, settled } = await run({ tokensPerMinute: 48_000 });
  const seconds = (performance.now() - t0) / 1000;
  console.log(`given: ${seconds.toFixed(1)} s, ${throttled} of ${sent} throttled, ${settled} settled`);
  assertAllLabeled(result);
  assert.equal(throttled, 0, `${throttled} of ${sent} throttled`);
  // It did wait for the quota: the settled tokens beyond the bucket took their refill time.
  const bound = Math.max(0, settled - DEPTH) / RATE;
  assert.ok(settled > DEPTH * 1.3, `the quota binds (${settled} settled)`);
  assert.ok(seconds >= bound * 0.7, `${seconds} s for a bound of ${bound} s`);
});

test("without it, the quota is learnt from throttling: nothing lost, few throttles, none counted as a spent retry", async () => {
  const { result, throttled, sent, retries } = await run({ maxRetries: 1, retryBudget: 2 });
  console.log(`learnt: ${throttled} of ${sent} throttled`);
  assertAllLabeled(result);
  assert.ok(throttled >= 1, "the quota was hit, so there was something to learn");
  assert.ok(throttled <= 12, `${throttled} of ${sent} requests throttled`);
  assert.ok(retries.every((r) => r.code === "ThrottlingException"));
  // maxRetries 1 and a budget of 2 would have failed items had throttles counted.
  assert.ok(retries.length > 2 || throttled <= 2);
});

test("a learnt run is not slower than twice the quota's bound", async () => {
  const t0 = performance.now();
  const { result, settled } = await run({});
  const seconds = (performance.now() - t0) / 1000;
  console.log(`learnt: ${seconds.toFixed(1)} s, ${settled} settled`);
  assertAllLabeled(result);
  const bound = Math.max(0, settled - DEPTH) / RATE;
  assert.ok(seconds <= bound * 2 + 2, `${seconds} s for a bound of ${bound} s`);
});
