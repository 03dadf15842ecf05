// The emulator's prompt cache (tests/emulator/prompt-cache.mjs): minimums per model, write then
// read, usage per format in the body and the headers, the checkpoint rules (M§11).
import { test, before, after, beforeEach } from "node:test";
import assert from "node:assert/strict";
import { startEmulator } from "../emulator/emulator.mjs";
import { call } from "../emulator/test-client.mjs";
import { claudeBody, converseBody, novaBody, PROMPT } from "../emulator/test-bodies.mjs";

let emu;
before(async () => (emu = await startEmulator()));
after(() => emu.close());
beforeEach(() => fetch(`${emu.url}/__emulator/reset`, { method: "POST" }));

/** A shared text of about `tokens` tokens. */
const shared = (tokens) => "Label each text by its topic. ".repeat(Math.ceil((tokens * 4) / 30));
const claudeCached = (tokens, block = { type: "ephemeral" }) =>
  claudeBody("forced", { messages: [{ role: "user", content: [{ type: "text", text: shared(tokens), cache_control: block }, { type: "text", text: PROMPT }] }] });
const converseCached = (tokens, point = { type: "default" }, mode = "forced") =>
  converseBody(mode, { messages: [{ role: "user", content: [{ text: shared(tokens) }, { cachePoint: point }, { text: PROMPT }] }] });

const SONNET = "us.anthropic.claude-sonnet-4-5-20250929-v1:0";
const HAIKU = "anthropic.claude-haiku-4-5-20251001-v1:0";

test("Claude InvokeModel: the first request writes, the same prefix then reads; body fields and headers", async () => {
  const first = await call(emu.url, SONNET, "invoke", claudeCached(2000));
  assert.equal(first.status, 200, JSON.stringify(first.json));
  const write = first.json.usage.cache_creation_input_tokens;
  assert.ok(write >= 2000, JSON.stringify(first.json.usage));
  assert.equal(first.json.usage.cache_read_input_tokens, 0);
  assert.equal(first.headers.get("x-amzn-bedrock-cache-write-input-token-count"), String(write));
  const second = await call(emu.url, SONNET, "invoke", claudeCached(2000));
  assert.equal(second.json.usage.cache_read_input_tokens, write);
  assert.equal(second.json.usage.cache_creation_input_tokens, 0);
  assert.equal(second.headers.get("x-amzn-bedrock-cache-read-input-token-count"), String(write));
  // input_tokens counts only what was not cached.
  assert.ok(second.json.usage.input_tokens < 400, JSON.stringify(second.json.usage));
  assert.equal(second.headers.get("x-amzn-bedrock-input-token-count"), String(second.json.usage.input_tokens));
  // Another prefix is another entry.
  const other = await call(emu.url, SONNET, "invoke", claudeCached(2100));
  assert.ok(other.json.usage.cache_creation_input_tokens > 0 && other.json.usage.cache_read_input_tokens === 0);
});

test("below the model's minimum a checkpoint is not cached, without an error (Haiku 4.5: 4,096; Sonnet 4.5: 1,024)", async () => {
  for (const [model, tokens] of [[HAIKU, 3000], [SONNET, 700]]) {
    for (let i = 0; i < 2; i++) {
      const res = await call(emu.url, model, "invoke", claudeCached(tokens));
      assert.equal(res.status, 200, JSON.stringify(res.json));
      assert.equal(res.json.usage.cache_creation_input_tokens, 0, model);
      assert.equal(res.json.usage.cache_read_input_tokens, 0, model);
    }
  }
  const res = await call(emu.url, HAIKU, "invoke", claudeCached(4300));
  assert.ok(res.json.usage.cache_creation_input_tokens >= 4096);
});

test("Converse cachePoint and Nova: the counts in each format's usage, streams included", async () => {
  const first = await call(emu.url, SONNET, "converse", converseCached(2000));
  assert.equal(first.status, 200, JSON.stringify(first.json));
  const write = first.json.usage.cacheWriteInputTokens;
  assert.ok(write > 0 && first.json.usage.cacheReadInputTokens === 0);
  assert.equal(first.json.usage.totalTokens, first.json.usage.inputTokens + first.json.usage.outputTokens + write);
  const again = await call(emu.url, SONNET, "converse-stream", converseCached(2000));
  assert.equal(again.status, 200);
  const meta = again.frames.map((f) => f.payload).find((p) => p?.usage);
  assert.equal(meta.usage.cacheReadInputTokens, write, JSON.stringify(meta));
  // Nova Lite: 1,536 (the higher of the sources); its body counts are …TokenCount.
  const nova = (tokens) => novaBody("forced", { messages: [{ role: "user", content: [{ text: shared(tokens) }, { cachePoint: { type: "default" } }, { text: PROMPT }] }] });
  const small = await call(emu.url, "amazon.nova-lite-v1:0", "invoke", nova(1200));
  assert.equal(small.status, 200, JSON.stringify(small.json));
  assert.equal(small.json.usage.cacheWriteInputTokenCount, undefined, "below 1,536 nothing is cached");
  const big = await call(emu.url, "amazon.nova-lite-v1:0", "invoke", nova(2000));
  assert.ok(big.json.usage.cacheWriteInputTokenCount > 1536, JSON.stringify(big.json.usage));
  const read = await call(emu.url, "amazon.nova-lite-v1:0", "invoke", nova(2000));
  assert.equal(read.json.usage.cacheReadInputTokenCount, big.json.usage.cacheWriteInputTokenCount);
});

test("checkpoint rules: type, ttl, at most four, and none on a model no source says caches", async () => {
  const bad = async (res, pattern) => {
    assert.equal(res.status, 400, JSON.stringify(res.json));
    assert.match(res.json.message, pattern);
  };
  await bad(await call(emu.url, SONNET, "invoke", claudeCached(2000, { type: "persistent" })), /ephemeral/);
  await bad(await call(emu.url, SONNET, "invoke", claudeCached(2000, { type: "ephemeral", ttl: "10m" })), /ttl/);
  await bad(await call(emu.url, SONNET, "converse", converseCached(2000, { type: "ephemeral" })), /enum value set: \[default\]/);
  const five = claudeBody("forced", { messages: [{ role: "user", content: Array.from({ length: 5 }, (_, i) => ({ type: "text", text: `${i} ${PROMPT}`, cache_control: { type: "ephemeral" } })) }] });
  await bad(await call(emu.url, SONNET, "invoke", five), /maximum of 4 blocks/);
  await bad(await call(emu.url, "anthropic.claude-3-haiku-20240307-v1:0", "invoke", claudeCached(5000)), /does not support prompt caching/);
  await bad(await call(emu.url, "us.anthropic.claude-opus-5-5", "converse", converseCached(5000, { type: "default" }, "text")), /does not support prompt caching/);
  // A 1-hour checkpoint is accepted.
  const hour = await call(emu.url, SONNET, "invoke", claudeCached(2000, { type: "ephemeral", ttl: "1h" }));
  assert.equal(hour.status, 200, JSON.stringify(hour.json));
});
