// Issue 14: prompt caching and compact answers, end to end against the emulator (which reports
// cache reads and writes as Bedrock does: tests/emulator/prompt-cache.mjs).
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

const LABELS = Array.from({ length: 10 }, (_, i) => ({ name: `topic${i}`, description: `texts about topic number ${i}, ` + "described at length ".repeat(20) }));
const NAMES = LABELS.map((l) => l.name);
const TEXTS = Array.from({ length: 30 }, (_, i) => `item ${i} is about topic${i % 10}`);

/** Instructions of about `tokens` tokens (four characters a token), unique per `tag` so runs never share a cache entry. */
const instructions = (tokens, tag) => `[${tag}] Label each text by its topic. ` + "Read the text carefully. ".repeat(Math.ceil((tokens * 4) / 25));

const request = (over = {}) => ({
  credentials: LONG_LIVED,
  region: "us-east-1",
  modelId: "us.anthropic.claude-sonnet-4-5-20250929-v1:0",
  labels: LABELS,
  texts: TEXTS,
  endpoint: emu.url,
  batchSize: 10,
  concurrency: 4,
  ...over,
});

const invocationsSince = (n) => emu.stats.invocations.slice(n);

function assertLabelled(result, what) {
  assert.equal(result.predictions.length, TEXTS.length, what);
  result.predictions.forEach((p, i) => {
    assert.equal(p.status, "ok", `${what}: ${JSON.stringify(p)}`);
    assert.deepEqual(p.labels, [expectedLabel(TEXTS[i], NAMES)], what);
  });
}

test("a multi-batch run writes the cache once (the probe) and the later requests read it", async () => {
  for (const [modelId, tokens, api, stream] of [
    ["global.anthropic.claude-sonnet-4-5-20250929-v1:0", 2000, undefined, false],
    ["global.anthropic.claude-sonnet-4-5-20250929-v1:0", 2000, undefined, true],
    ["anthropic.claude-haiku-4-5-20251001-v1:0", 5000, undefined, false],
    ["global.anthropic.claude-sonnet-4-5-20250929-v1:0", 2000, "converse", false],
    ["global.anthropic.claude-sonnet-4-5-20250929-v1:0", 2000, "converse", true],
    ["amazon.nova-lite-v1:0", 2000, undefined, false],
    ["amazon.nova-lite-v1:0", 2000, undefined, true],
  ]) {
    const what = `${modelId} api=${api ?? "invoke"} stream=${stream}`;
    const start = emu.stats.invocations.length;
    const seen = [];
    const result = await labeler.predictLabels(request({ modelId, api, stream, instructions: instructions(tokens, what) }), (e) => seen.push(e));
    assertLabelled(result, what);
    const sent = invocationsSince(start);
    assert.equal(sent.length, 3, what);
    assert.ok(sent[0].cacheWrite > 0 && sent[0].cacheRead === 0, `${what}: the probe writes`);
    for (const inv of sent.slice(1)) assert.ok(inv.cacheRead === sent[0].cacheWrite && inv.cacheWrite === 0, `${what}: later requests read`);
    assert.equal(sent.filter((i) => i.cacheWrite > 0).length, 1, `${what}: one write`);
    assert.equal(result.usage.cacheWriteInputTokens, sent[0].cacheWrite, what);
    assert.equal(result.usage.cacheReadInputTokens, 2 * sent[0].cacheWrite, what);
    // Progress usage carries the cache counts, ending at the result's totals.
    const usage = seen.filter((e) => e.type === "usage").map((e) => e.usage);
    assert.deepEqual(usage.at(-1), result.usage, what);
    assert.equal(usage[0].cacheWriteInputTokens, sent[0].cacheWrite, what);
  }
});

test("caching on or off: the same labels, and off sends no checkpoint", async () => {
  const text = instructions(2000, "on-off");
  const start = emu.stats.invocations.length;
  const on = await labeler.predictLabels(request({ instructions: text }));
  const off = await labeler.predictLabels(request({ instructions: text + " ", promptCaching: false }));
  assert.deepEqual(off.predictions.map((p) => p.labels), on.predictions.map((p) => p.labels));
  assertLabelled(off, "caching off");
  const sent = invocationsSince(start);
  assert.ok(sent.slice(0, 3).every((i) => JSON.stringify(i.body).includes("cache_control")));
  assert.ok(sent.slice(3).every((i) => !JSON.stringify(i.body).includes("cache_control")));
  assert.equal(off.usage.cacheReadInputTokens + off.usage.cacheWriteInputTokens, 0);
  // Caching moves tokens out of inputTokens; the totals differ only by the checkpoint markers.
  const total = (u) => u.inputTokens + u.cacheReadInputTokens + u.cacheWriteInputTokens;
  assert.ok(Math.abs(total(on.usage) - total(off.usage)) < total(off.usage) / 100, `${JSON.stringify(on.usage)} vs ${JSON.stringify(off.usage)}`);
  assert.ok(on.usage.inputTokens < off.usage.inputTokens / 10);
});

test("no checkpoint below the model's minimum; below the emulator's minimum a checkpoint is just not cached", async () => {
  // Haiku 4.5 needs 4,096 tokens: a 2,000-token prefix gets no checkpoint.
  let start = emu.stats.invocations.length;
  const haiku = await labeler.predictLabels(request({ modelId: "anthropic.claude-haiku-4-5-20251001-v1:0", instructions: instructions(2000, "haiku-small") }));
  assertLabelled(haiku, "haiku below minimum");
  assert.ok(invocationsSince(start).every((i) => !JSON.stringify(i.body).includes("cache_control")));
  // The model's minimum raised in the emulator (as if the table were wrong): no error, nothing cached.
  emu.config.models = { "anthropic.claude-sonnet-4-5": { cacheMin: 100_000 } };
  try {
    start = emu.stats.invocations.length;
    const result = await labeler.predictLabels(request({ instructions: instructions(2000, "sonnet-raised") }));
    assertLabelled(result, "emulator minimum above the prefix");
    const sent = invocationsSince(start);
    assert.ok(sent.every((i) => JSON.stringify(i.body).includes("cache_control") && i.cacheRead === 0 && i.cacheWrite === 0));
    assert.equal(result.usage.cacheReadInputTokens + result.usage.cacheWriteInputTokens, 0);
  } finally {
    emu.config.models = {};
  }
});

test("compact answers by default, the verbose form on request: the same labels", async () => {
  const start = emu.stats.invocations.length;
  const compact = await labeler.predictLabels(request({ modelId: "anthropic.claude-3-haiku-20240307-v1:0" }));
  const verbose = await labeler.predictLabels(request({ modelId: "anthropic.claude-3-haiku-20240307-v1:0", compactAnswers: false }));
  assertLabelled(compact, "compact");
  assertLabelled(verbose, "verbose");
  const sent = invocationsSince(start);
  assert.ok(sent[0].body.tools[0].input_schema.properties.r, "compact schema");
  assert.ok(sent.at(-1).body.tools[0].input_schema.properties.results, "verbose schema");
  assert.ok(compact.usage.outputTokens < verbose.usage.outputTokens, `${compact.usage.outputTokens} < ${verbose.usage.outputTokens}`);
});
