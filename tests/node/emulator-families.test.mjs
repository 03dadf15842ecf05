// The emulator's non-Claude InvokeModel rules (Nova streams and usage, Titan caps, gpt-oss) and
// its test knobs (`refusals`, stats entries, directives on Converse), per
// docs/evidence/models-and-quotas.md.
import { test, before, after, beforeEach } from "node:test";
import assert from "node:assert/strict";
import { startEmulator } from "../emulator/emulator.mjs";
import { call } from "../emulator/test-client.mjs";
import { novaBody, titanBody, gptOssBody, claudeBody, converseBody, EXPECTED, ITEMS } from "../emulator/test-bodies.mjs";

let emu;
before(async () => (emu = await startEmulator()));
after(() => emu.close());
beforeEach(() => fetch(`${emu.url}/__emulator/reset`, { method: "POST" }));

const configure = (config) => fetch(`${emu.url}/__emulator/config`, { method: "POST", body: JSON.stringify(config) });
const PAD = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

test("rule 6: a Nova text stream: a new contentBlockIndex per delta, each stopped at once; merged metadata; `p` on every chunk", async () => {
  const res = await call(emu.url, "amazon.nova-pro-v1:0", "invoke-stream", novaBody("text"));
  assert.equal(res.status, 200);
  assert.equal(res.headers.get("x-amzn-bedrock-content-type"), "application/json");
  for (const f of res.frames) {
    assert.deepEqual(Object.keys(f.payload), ["bytes", "p"]);
    assert.ok(PAD.startsWith(f.payload.p) && f.payload.p.length >= 2);
  }
  const events = res.frames.map((f) => f.bytes);
  assert.deepEqual(events[0], { messageStart: { role: "assistant" } });
  const blocks = events.slice(1, -2);
  assert.ok(blocks.length >= 4 && !blocks.some((e) => e.contentBlockStart), "no contentBlockStart for text");
  for (let i = 0; i < blocks.length; i += 2) {
    assert.equal(blocks[i].contentBlockDelta.contentBlockIndex, i / 2);
    assert.deepEqual(blocks[i + 1], { contentBlockStop: { contentBlockIndex: i / 2 } });
  }
  assert.deepEqual(JSON.parse(blocks.filter((e) => e.contentBlockDelta).map((e) => e.contentBlockDelta.delta.text).join("")), EXPECTED);
  assert.deepEqual(events.at(-2), { messageStop: { stopReason: "end_turn" } });
  const last = events.at(-1);
  assert.deepEqual(Object.keys(last.metadata.usage), ["inputTokens", "outputTokens"], "stream usage has no totalTokens");
  assert.deepEqual(last.metadata.metrics, {});
  assert.deepEqual(last.metadata.trace, {});
  assert.equal(last["amazon-bedrock-invocationMetrics"].outputTokenCount, last.metadata.usage.outputTokens);
});

test("rule 6: a Nova tool stream: <thinking> text blocks, then contentBlockStart toolUse with string input deltas", async () => {
  const res = await call(emu.url, "amazon.nova-lite-v1:0", "invoke-stream", novaBody("forced"));
  const events = res.frames.map((f) => f.bytes);
  const startAt = events.findIndex((e) => e.contentBlockStart);
  const { contentBlockIndex, start } = events[startAt].contentBlockStart;
  assert.equal(start.toolUse.name, "record_labels");
  const texts = events.slice(0, startAt).filter((e) => e.contentBlockDelta).map((e) => e.contentBlockDelta.delta.text).join("");
  assert.match(texts, /^<thinking>.*<\/thinking>\n$/s);
  const input = events.filter((e) => e.contentBlockDelta?.contentBlockIndex === contentBlockIndex).map((e) => e.contentBlockDelta.delta.toolUse.input);
  assert.deepEqual(JSON.parse(input.join("")), EXPECTED);
  assert.deepEqual(events.at(-2), { messageStop: { stopReason: "tool_use" } });
  assert.equal(events.at(-1).metadata.usage.cacheReadInputTokenCount, 0);
  // The same preamble in the InvokeModel body; novaToolPreamble: false drops it.
  const whole = await call(emu.url, "amazon.nova-lite-v1:0", "invoke", novaBody("forced"));
  assert.deepEqual(whole.json.output.message.content.map((b) => Object.keys(b)[0]), ["text", "toolUse"]);
  await configure({ novaToolPreamble: false });
  const bare = await call(emu.url, "amazon.nova-lite-v1:0", "invoke", novaBody("forced"));
  assert.deepEqual(bare.json.output.message.content.map((b) => Object.keys(b)[0]), ["toolUse"]);
});

test("rule 6: partialUsage: Nova bodies report only inputTokens, the headers stay complete", async () => {
  const full = await call(emu.url, "amazon.nova-pro-v1:0", "invoke", novaBody("forced"));
  assert.deepEqual(Object.keys(full.json.usage), ["inputTokens", "outputTokens", "totalTokens"]);
  await configure({ partialUsage: true });
  const partial = await call(emu.url, "amazon.nova-pro-v1:0", "invoke", novaBody("forced"));
  assert.deepEqual(Object.keys(partial.json.usage), ["inputTokens"]);
  assert.equal(partial.headers.get("x-amzn-bedrock-input-token-count"), String(full.json.usage.inputTokens));
  assert.equal(partial.headers.get("x-amzn-bedrock-output-token-count"), String(full.json.usage.outputTokens));
});

test("rule 7: Titan maxTokenCount caps: Premier 3,072, Lite 4,096, Express 8,192", async () => {
  for (const [model, cap] of [["amazon.titan-text-premier-v1:0", 3072], ["amazon.titan-text-lite-v1", 4096], ["amazon.titan-text-express-v1", 8192]]) {
    const ok = await call(emu.url, model, "invoke", titanBody(cap));
    assert.equal(ok.status, 200, `${model}: ${JSON.stringify(ok.json)}`);
    const over = await call(emu.url, model, "invoke", titanBody(cap + 1));
    assert.equal(over.status, 400);
    assert.deepEqual(over.json, { message: `Malformed input request: #/textGenerationConfig/maxTokenCount: ${cap + 1} is not less or equal to ${cap}, please reformat your input and try again.` });
    const c = await call(emu.url, model, "converse", converseBody("text", { inferenceConfig: { maxTokens: cap + 1 } }));
    assert.equal(c.status, 400);
  }
});

test("rule 9: gpt-oss: chat completion with reasoning_effort; not streamed on InvokeModel", async () => {
  const res = await call(emu.url, "openai.gpt-oss-120b-1:0", "invoke", gptOssBody({ reasoning_effort: "low" }));
  assert.equal(res.status, 200, JSON.stringify(res.json));
  const content = res.json.choices[0].message.content;
  assert.match(content, /^<reasoning>.*<\/reasoning>/);
  assert.deepEqual(JSON.parse(content.slice(content.indexOf("{"))), EXPECTED);
  const bad = await call(emu.url, "openai.gpt-oss-20b-1:0", "invoke", gptOssBody({ reasoning_effort: "extreme" }));
  assert.equal(bad.status, 400);
  const stream = await call(emu.url, "openai.gpt-oss-120b-1:0", "invoke-stream", gptOssBody());
  assert.equal(stream.status, 400);
  assert.deepEqual(stream.json, { message: "The model is unsupported for streaming." });
});

test("rule 10: refusals the table does not know: matching model + field → 400 with the message, recorded; reset clears them", async () => {
  await configure({
    refusals: [
      { model: "anthropic.claude-haiku-4-5", field: "output_config.format", message: "output_config.format: Extra inputs are not permitted" },
      { model: "anthropic.claude-haiku-4-5", field: "tools.0.strict", message: "tools.0.custom.strict: Extra inputs are not permitted" },
      { model: "amazon.nova", field: "inferenceConfig.topP", message: "topP is not supported" },
    ],
  });
  const haiku = "us.anthropic.claude-haiku-4-5-20251001-v1:0";
  const refused = await call(emu.url, haiku, "invoke", claudeBody("structured"));
  assert.equal(refused.status, 400);
  assert.match(refused.headers.get("x-amzn-errortype"), /^ValidationException:/);
  assert.deepEqual(refused.json, { message: "output_config.format: Extra inputs are not permitted" });
  assert.equal((await call(emu.url, haiku, "invoke", claudeBody("strict"))).json.message, "tools.0.custom.strict: Extra inputs are not permitted");
  assert.equal((await call(emu.url, haiku, "invoke", claudeBody("forced"))).status, 200, "other bodies pass");
  assert.equal((await call(emu.url, "global.anthropic.claude-sonnet-4-5-20250929-v1:0", "invoke", claudeBody("structured"))).status, 200, "other models pass");
  assert.equal((await call(emu.url, "amazon.nova-pro-v1:0", "converse", converseBody("text", { inferenceConfig: { maxTokens: 100, topP: 0.5 } }))).json.message, "topP is not supported");
  const entry = emu.stats.invocations[0];
  assert.equal(entry.status, 400);
  assert.equal(entry.operation, "invoke");
  assert.equal(entry.message, "output_config.format: Extra inputs are not permitted");
  assert.ok(entry.body.output_config, "the refused body is recorded");
  await fetch(`${emu.url}/__emulator/reset`, { method: "POST" });
  assert.equal((await call(emu.url, haiku, "invoke", claudeBody("structured"))).status, 200, "reset clears the refusals");
});

test("existing knobs still apply to every operation: directives, failNext, stream faults, holdLastChunk", async () => {
  const withDirective = converseBody("text");
  withDirective.messages[0].content[0].text = withDirective.messages[0].content[0].text.replace(ITEMS[0].text, `${ITEMS[0].text} [[emulate:ThrottlingException]]`);
  const throttled = await call(emu.url, "amazon.nova-pro-v1:0", "converse", withDirective);
  assert.equal(throttled.status, 429);
  assert.equal(emu.stats.invocations.at(-1).message, "Too many requests, please wait before trying again.");
  emu.config.failNext.push({ code: "ServiceUnavailableException" });
  assert.equal((await call(emu.url, "amazon.nova-pro-v1:0", "converse-stream", converseBody("text"))).status, 503);
  await configure({ holdLastChunk: true });
  const pending = call(emu.url, "amazon.nova-pro-v1:0", "converse-stream", converseBody("text"));
  await new Promise((r) => setTimeout(r, 50));
  assert.equal(emu.stats.streams.at(-1).holding, true);
  assert.equal(emu.releaseHeld(), 1);
  const done = await pending;
  assert.equal(done.frames.at(-1).headers[":event-type"], "metadata");
});
