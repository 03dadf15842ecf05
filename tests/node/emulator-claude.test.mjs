// The emulator's Claude rules (tests/emulator/models.mjs, claude-rules.mjs), each against the
// exact strings of docs/evidence/claude-and-converse.md: forced tools, thinking, sampling,
// structured outputs and strict tools, model ids.
import { test, before, after, beforeEach } from "node:test";
import assert from "node:assert/strict";
import { startEmulator } from "../emulator/emulator.mjs";
import { call } from "../emulator/test-client.mjs";
import { claudeBody, converseBody, SCHEMA, EXPECTED } from "../emulator/test-bodies.mjs";

let emu;
before(async () => (emu = await startEmulator()));
after(() => emu.close());
beforeEach(() => fetch(`${emu.url}/__emulator/reset`, { method: "POST" }));

const invoke = (model, body, op = "invoke") => call(emu.url, model, op, body);
const converse = (model, body, op = "converse") => call(emu.url, model, op, body);
const PREFIX = "The model returned the following errors: ";
const FORCED = 'tool_choice: type "tool" and "any" are not supported for this model.';
const THINKING_CONFLICT = "Thinking may not be enabled when tool_choice forces tool use.";

async function refused(res, message) {
  assert.equal(res.status, 400, JSON.stringify(res.json));
  assert.match(res.headers.get("x-amzn-errortype"), /^ValidationException:/);
  assert.deepEqual(res.json, { message });
}

test("rule 1: Opus 5.5, Sonnet 5.5, Fable 5.1, Mythos 5.1 refuse a forced tool (InvokeModel plain, Converse prefixed)", async () => {
  for (const model of ["us.anthropic.claude-opus-5-5", "global.anthropic.claude-sonnet-5-5", "us.anthropic.claude-fable-5-1", "us.anthropic.claude-mythos-5-1"]) {
    await refused(await invoke(model, claudeBody("forced")), FORCED);
    await refused(await invoke(model, claudeBody("forced", { tool_choice: { type: "any" } })), FORCED);
    await refused(await converse(model, converseBody("forced")), PREFIX + FORCED);
    await refused(await converse(model, converseBody("forced", { toolConfig: { ...converseBody("forced").toolConfig, toolChoice: { any: {} } } })), PREFIX + FORCED);
  }
  // auto still works; the model calls the tool.
  const auto = await invoke("us.anthropic.claude-opus-5-5", claudeBody("strict"));
  assert.equal(auto.status, 200, JSON.stringify(auto.json));
  assert.deepEqual(auto.json.content.map((b) => b.type), ["thinking", "tool_use"]);
  assert.deepEqual(auto.json.content[1].input, EXPECTED);
  // The invocation is recorded with its operation and message.
  const last = emu.stats.invocations.at(-2);
  assert.equal(last.operation, "converse");
  assert.equal(last.message, PREFIX + FORCED);
});

test("rule 2: always-thinking models refuse thinking disabled/enabled with Anthropic's exact words", async () => {
  const disabled = `"thinking.type.disabled" is not supported for this model. Use "thinking.type.adaptive" and "output_config.effort" to control thinking behavior.`;
  const enabled = `"thinking.type.enabled" is not supported for this model. Use "thinking.type.adaptive" and "output_config.effort" to control thinking behavior.`;
  for (const model of ["us.anthropic.claude-opus-5-5", "us.anthropic.claude-fable-5", "us.anthropic.claude-fable-5-1", "us.anthropic.claude-mythos-5-1", "us.anthropic.claude-sonnet-5-5"]) {
    await refused(await invoke(model, claudeBody("text", { thinking: { type: "disabled" } })), disabled);
    await refused(await invoke(model, claudeBody("text", { thinking: { type: "enabled", budget_tokens: 2000 } })), enabled);
    await refused(await converse(model, converseBody("text", { additionalModelRequestFields: { thinking: { type: "disabled" } } })), PREFIX + disabled);
  }
  // Fable 5 accepts a forced tool, but it always thinks: the thinking conflict.
  await refused(await invoke("us.anthropic.claude-fable-5", claudeBody("forced")), THINKING_CONFLICT);
});

test("rule 2: Haiku 5.5, Sonnet 5, Opus 5 think by default; disabled then allows a forced tool (Opus 5 only at effort ≤ high)", async () => {
  for (const model of ["us.anthropic.claude-haiku-5-5", "us.anthropic.claude-sonnet-5", "us.anthropic.claude-opus-5"]) {
    await refused(await invoke(model, claudeBody("forced")), THINKING_CONFLICT);
    await refused(await converse(model, converseBody("forced")), PREFIX + THINKING_CONFLICT);
    const ok = await invoke(model, claudeBody("forced", { thinking: { type: "disabled" } }));
    assert.equal(ok.status, 200, JSON.stringify(ok.json));
    assert.deepEqual(ok.json.content.map((b) => b.type), ["tool_use"]);
    assert.deepEqual(ok.json.content[0].input, EXPECTED);
    const viaConverse = await converse(model, converseBody("forced", { additionalModelRequestFields: { thinking: { type: "disabled" } } }));
    assert.equal(viaConverse.status, 200, JSON.stringify(viaConverse.json));
    assert.deepEqual(Object.keys(viaConverse.json.output.message.content[0]), ["toolUse"]);
  }
  const high = await invoke("us.anthropic.claude-opus-5", claudeBody("forced", { thinking: { type: "disabled" }, output_config: { effort: "high" } }));
  assert.equal(high.status, 200);
  const xhigh = await invoke("us.anthropic.claude-opus-5", claudeBody("forced", { thinking: { type: "disabled" }, output_config: { effort: "xhigh" } }));
  assert.equal(xhigh.status, 400);
  assert.match(xhigh.json.message, /capped at 'high'/);
});

test("rule 2: thinking blocks come first, with a signature, and their tokens count as output", async () => {
  const model = "us.anthropic.claude-haiku-5-5";
  const thinking = await invoke(model, claudeBody("text"));
  const plain = await invoke(model, claudeBody("text", { thinking: { type: "disabled" } }));
  assert.equal(thinking.status, 200);
  const [first, second] = thinking.json.content;
  assert.equal(first.type, "thinking");
  assert.equal(first.thinking, "", "display omitted by default");
  assert.match(first.signature, /^[A-Za-z0-9+/]+=*$/);
  assert.deepEqual(JSON.parse(second.text), EXPECTED);
  assert.deepEqual(plain.json.content.map((b) => b.type), ["text"]);
  assert.ok(thinking.json.usage.output_tokens > plain.json.usage.output_tokens, "thinking tokens are output tokens");
  assert.equal(thinking.headers.get("x-amzn-bedrock-output-token-count"), String(thinking.json.usage.output_tokens));
  // display "summarized" fills the text.
  const summarized = await invoke("us.anthropic.claude-opus-5-5", claudeBody("structured", { thinking: { type: "adaptive", display: "summarized" } }));
  assert.ok(summarized.json.content[0].thinking.length > 0);

  // InvokeModel stream: thinking block start, a signature delta, stop; the answer at index 1.
  const stream = await invoke("us.anthropic.claude-opus-5-5", claudeBody("structured"), "invoke-stream");
  assert.equal(stream.status, 200);
  const events = stream.frames.map((f) => f.bytes);
  assert.equal(events[0].type, "message_start");
  assert.deepEqual(events[1], { type: "content_block_start", index: 0, content_block: { type: "thinking", thinking: "", signature: "" } });
  assert.equal(events[2].delta.type, "signature_delta");
  assert.deepEqual(events[3], { type: "content_block_stop", index: 0 });
  assert.deepEqual(events[4], { type: "content_block_start", index: 1, content_block: { type: "text", text: "" } });
  const text = events.filter((e) => e.delta?.type === "text_delta").map((e) => e.delta.text).join("");
  assert.deepEqual(JSON.parse(text), EXPECTED);
  assert.ok(events.at(-1)["amazon-bedrock-invocationMetrics"].outputTokenCount > 0);

  // Converse: reasoningContent first; ConverseStream: reasoning deltas with no contentBlockStart.
  const c = await converse("us.anthropic.claude-opus-5-5", converseBody("structured"));
  assert.equal(c.status, 200, JSON.stringify(c.json));
  const [reasoning, answer] = c.json.output.message.content;
  assert.equal(typeof reasoning.reasoningContent.reasoningText.signature, "string");
  assert.deepEqual(JSON.parse(answer.text), EXPECTED);
  const cs = await converse("us.anthropic.claude-opus-5-5", converseBody("text", { additionalModelRequestFields: { thinking: { type: "adaptive", display: "summarized" } } }), "converse-stream");
  const types = cs.frames.map((f) => f.headers[":event-type"]);
  assert.ok(!types.includes("contentBlockStart"), types.join());
  const index0 = cs.frames.filter((f) => f.payload.contentBlockIndex === 0 && f.headers[":event-type"] === "contentBlockDelta");
  assert.ok(index0.every((f) => f.payload.delta.reasoningContent), "index 0 is the reasoning");
  assert.ok(index0.at(-1).payload.delta.reasoningContent.signature);
  assert.equal(index0.at(-2).payload.delta.reasoningContent.text, "", "the last reasoning text delta is empty");
});

test("rule 3: sampling parameters the newest models refuse, with the backticks", async () => {
  const deprecated = ["us.anthropic.claude-opus-4-7", "us.anthropic.claude-opus-4-8", "us.anthropic.claude-opus-5", "us.anthropic.claude-opus-5-5", "us.anthropic.claude-fable-5", "us.anthropic.claude-fable-5-1", "us.anthropic.claude-mythos-5-1", "us.anthropic.claude-sonnet-5", "us.anthropic.claude-sonnet-5-5", "us.anthropic.claude-haiku-5-5"];
  for (const model of deprecated) {
    await refused(await invoke(model, claudeBody("text", { temperature: 1, thinking: undefined })), "`temperature` is deprecated for this model.");
    await refused(await invoke(model, claudeBody("text", { top_p: 0.9 })), "`top_p` is deprecated for this model.");
    await refused(await converse(model, converseBody("text", { inferenceConfig: { maxTokens: 100, temperature: 0.2 } })), PREFIX + "`temperature` is deprecated for this model.");
    await refused(await converse(model, converseBody("text", { inferenceConfig: { maxTokens: 100, topP: 0.5 } })), PREFIX + "`top_p` is deprecated for this model.");
  }
  const both = "`temperature` and `top_p` cannot both be specified for this model. Please use only one.";
  for (const model of ["global.anthropic.claude-sonnet-4-5-20250929-v1:0", "us.anthropic.claude-haiku-4-5-20251001-v1:0", "us.anthropic.claude-opus-4-5-20251101-v1:0", "us.anthropic.claude-sonnet-4-6"]) {
    await refused(await invoke(model, claudeBody("forced", { temperature: 0.2, top_p: 0.9 })), both);
    await refused(await converse(model, converseBody("forced", { inferenceConfig: { maxTokens: 100, temperature: 0.2, topP: 0.9 } })), PREFIX + both);
    assert.equal((await invoke(model, claudeBody("forced", { temperature: 0.2 }))).status, 200);
    assert.equal((await invoke(model, claudeBody("forced", { top_p: 0.9 }))).status, 200);
  }
  // Claude 3 Haiku takes both.
  assert.equal((await invoke("anthropic.claude-3-haiku-20240307-v1:0", claudeBody("forced", { temperature: 0.2, top_p: 0.9 }))).status, 200);
});

test("rule 4: structured output where supported: a text block holding the JSON; strict tools answered with tool_use", async () => {
  for (const model of ["global.anthropic.claude-sonnet-4-5-20250929-v1:0", "us.anthropic.claude-haiku-4-5-20251001-v1:0", "us.anthropic.claude-opus-4-5-20251101-v1:0", "us.anthropic.claude-opus-4-6-v1", "us.anthropic.claude-sonnet-4-6", "us.anthropic.claude-opus-5-5"]) {
    const res = await invoke(model, claudeBody("structured", model.includes("opus-5-5") ? { output_config: { format: { type: "json_schema", schema: SCHEMA }, effort: "low" } } : {}));
    assert.equal(res.status, 200, `${model}: ${JSON.stringify(res.json)}`);
    const blocks = res.json.content.filter((b) => b.type !== "thinking");
    assert.deepEqual(blocks.map((b) => b.type), ["text"], model);
    assert.deepEqual(JSON.parse(blocks[0].text), EXPECTED);
    const strict = await invoke(model, claudeBody("strict"));
    assert.equal(strict.status, 200, `${model}: ${JSON.stringify(strict.json)}`);
    assert.equal(strict.json.content.at(-1).type, "tool_use");
    const c = await converse(model, converseBody("structured"));
    assert.equal(c.status, 200, `${model}: ${JSON.stringify(c.json)}`);
    assert.deepEqual(JSON.parse(c.json.output.message.content.at(-1).text), EXPECTED);
    assert.equal(c.json.stopReason, "end_turn");
  }
});

test("rule 4: structured output and strict tools refused where the evidence says so (or does not say)", async () => {
  for (const model of ["us.anthropic.claude-opus-4-7", "us.anthropic.claude-opus-4-8", "us.anthropic.claude-opus-5", "us.anthropic.claude-fable-5", "us.anthropic.claude-sonnet-5", "us.anthropic.claude-haiku-5-5", "global.anthropic.claude-sonnet-5-5", "us.anthropic.claude-fable-5-1", "us.anthropic.claude-mythos-5-1"]) {
    await refused(await invoke(model, claudeBody("structured")), "output_config.format: Extra inputs are not permitted");
    await refused(await invoke(model, claudeBody("strict")), "tools.0.custom.strict: Extra inputs are not permitted");
    await refused(await converse(model, converseBody("structured")), PREFIX + "output_config.format: Extra inputs are not permitted");
    await refused(await converse(model, converseBody("strict")), PREFIX + "tools.0.custom.strict: Extra inputs are not permitted");
  }
  // The table field flips at run time.
  await fetch(`${emu.url}/__emulator/config`, { method: "POST", body: JSON.stringify({ models: { "anthropic.claude-sonnet-5-5": { structured: true } } }) });
  assert.equal((await invoke("global.anthropic.claude-sonnet-5-5", claudeBody("structured"))).status, 200);
});

test("rule 4: the schema subset: closed objects, no maxItems / minLength / minimum …", async () => {
  const model = "global.anthropic.claude-sonnet-4-5-20250929-v1:0";
  const withItems = (extra) => ({ ...SCHEMA, properties: { results: { ...SCHEMA.properties.results, ...extra } } });
  await refused(await invoke(model, claudeBody("structured", { output_config: { format: { type: "json_schema", schema: withItems({ maxItems: 5 }) } } })), "output_config.format.schema: For 'array' type, property 'maxItems' is not supported");
  await refused(await invoke(model, claudeBody("structured", { output_config: { format: { type: "json_schema", schema: withItems({ uniqueItems: true }) } } })), "output_config.format.schema: For 'array' type, property 'uniqueItems' is not supported");
  const open = { ...SCHEMA, additionalProperties: true };
  await refused(await invoke(model, claudeBody("structured", { output_config: { format: { type: "json_schema", schema: open } } })), "output_config.format.schema: For 'object' type, 'additionalProperties' must be explicitly set to false");
  await refused(await invoke(model, claudeBody("strict", { tools: [{ name: "record_labels", input_schema: { type: "object", properties: {} }, strict: true }] })), "tools.0.custom: For 'object' type, 'additionalProperties' must be explicitly set to false");
  const minLength = withItems({ items: { ...SCHEMA.properties.results.items, properties: { id: { type: "string", minLength: 1 }, label: { type: "string" } } } });
  await refused(await invoke(model, claudeBody("structured", { output_config: { format: { type: "json_schema", schema: minLength } } })), "output_config.format.schema: For 'string' type, property 'minLength' is not supported");
  await refused(await converse(model, converseBody("structured", { outputConfig: { textFormat: { type: "json_schema", structure: { jsonSchema: { schema: JSON.stringify(withItems({ maxItems: 2 })) } } } } })), PREFIX + "output_config.format.schema: For 'array' type, property 'maxItems' is not supported");
  // minItems 0 or 1 passes (UNCONFIRMED beyond that).
  assert.equal((await invoke(model, claudeBody("structured", { output_config: { format: { type: "json_schema", schema: withItems({ minItems: 1 }) } } }))).status, 200);
});

test("rule 5: retired, profile-only and suffixed ids", async () => {
  const eol = await invoke("us.anthropic.claude-3-5-haiku-20241022-v1:0", claudeBody("forced"));
  assert.equal(eol.status, 404);
  assert.match(eol.headers.get("x-amzn-errortype"), /^ResourceNotFoundException:/);
  assert.deepEqual(eol.json, { message: "This model version has reached the end of its life." });
  assert.equal((await invoke("anthropic.claude-3-haiku-20240307-v1:0", claudeBody("forced"))).status, 200, "Claude 3 Haiku still served");
  for (const id of ["anthropic.claude-opus-5-5", "anthropic.claude-opus-5", "anthropic.claude-sonnet-5"]) {
    await refused(await invoke(id, claudeBody("text")), `Invocation of model ID ${id} with on-demand throughput isn’t supported. Retry your request with the ID or ARN of an inference profile that contains this model.`);
  }
  await refused(await converse("anthropic.claude-opus-5-5", converseBody("text")), "Invocation of model ID anthropic.claude-opus-5-5 with on-demand throughput isn’t supported. Retry your request with the ID or ARN of an inference profile that contains this model.");
  await refused(await invoke("us.anthropic.claude-opus-5-5-v1:0", claudeBody("text")), "The provided model identifier is invalid.");
  const arn = "arn:aws:bedrock:us-east-1:123456789012:inference-profile/us.anthropic.claude-opus-5-5";
  assert.equal((await invoke(arn, claudeBody("structured"))).status, 200);
  // config endOfLife retires more models.
  await fetch(`${emu.url}/__emulator/config`, { method: "POST", body: JSON.stringify({ endOfLife: ["anthropic.claude-3-haiku"] }) });
  assert.equal((await invoke("anthropic.claude-3-haiku-20240307-v1:0", claudeBody("forced"))).status, 404);
});
