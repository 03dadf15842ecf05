// The emulator's Converse and ConverseStream (tests/emulator/converse.mjs): the response and
// event shapes of docs/evidence/claude-and-converse.md §F.3/§F.4, the service model's request
// validation, Converse-only models, and per-model tool rules.
import { test, before, after, beforeEach } from "node:test";
import assert from "node:assert/strict";
import { startEmulator } from "../emulator/emulator.mjs";
import { call } from "../emulator/test-client.mjs";
import { LONG_LIVED, EXPIRED } from "../emulator/test-credentials.mjs";
import { converseBody, claudeBody, novaBody, gptOssBody, SCHEMA, EXPECTED, TEXT_PROMPT } from "../emulator/test-bodies.mjs";

let emu;
before(async () => (emu = await startEmulator()));
after(() => emu.close());
beforeEach(() => fetch(`${emu.url}/__emulator/reset`, { method: "POST" }));

const converse = (model, body, op = "converse") => call(emu.url, model, op, body);
const PAD = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
const answerIn = (text) => JSON.parse(text.slice(text.indexOf("{")));

async function refused(res, message) {
  assert.equal(res.status, 400, JSON.stringify(res.json));
  assert.match(res.headers.get("x-amzn-errortype"), /^ValidationException:/);
  if (message instanceof RegExp) assert.match(res.json.message, message);
  else assert.deepEqual(res.json, { message });
}

// Every model the emulator knows, one of each family, through both Converse operations.
const MODELS = [
  "global.anthropic.claude-sonnet-4-5-20250929-v1:0",
  "anthropic.claude-3-haiku-20240307-v1:0",
  "amazon.nova-pro-v1:0",
  "us.amazon.nova-2-lite-v1:0",
  "amazon.titan-text-express-v1",
  "meta.llama3-1-70b-instruct-v1:0",
  "mistral.mistral-large-2407-v1:0",
  "cohere.command-r-plus-v1:0",
  "ai21.jamba-1-5-mini-v1:0",
  "us.deepseek.r1-v1:0",
  "openai.gpt-oss-120b-1:0",
  "qwen.qwen3-32b-v1:0",
  "google.gemma-3-27b-it",
  "moonshotai.kimi-k2.5",
  "minimax.minimax-m2",
  "writer.palmyra-x5-v1:0",
  "nvidia.nemotron-nano-12b-v2",
  "deepseek.v3.2",
  "mistral.mistral-large-3-675b-instruct",
  "us.meta.llama4-maverick-17b-instruct-v1:0",
  "us.openai.gpt-5.6-sol",
];

test("rule 8: Converse answers every known model in the ConverseResponse shape", async () => {
  for (const model of MODELS) {
    const res = await converse(model, converseBody("text"));
    assert.equal(res.status, 200, `${model}: ${JSON.stringify(res.json)}`);
    const { output, stopReason, usage, metrics } = res.json;
    assert.equal(output.message.role, "assistant");
    assert.equal(stopReason, "end_turn");
    assert.equal(usage.totalTokens, usage.inputTokens + usage.outputTokens);
    for (const key of ["cacheReadInputTokens", "cacheWriteInputTokens", "cacheReadInputTokenCount", "cacheWriteInputTokenCount", "serverToolUsage"]) assert.ok(key in usage, `${model}: ${key}`);
    assert.equal(typeof metrics.latencyMs, "number");
    assert.deepEqual(answerIn(output.message.content.at(-1).text), EXPECTED, model);
    assert.equal(emu.stats.invocations.at(-1).operation, "converse");
  }
});

test("rule 8: ConverseStream frames: member event types, plain JSON payloads with `p` padding", async () => {
  for (const model of MODELS.filter((m) => !m.includes("llama4"))) {
    const res = await converse(model, converseBody("text"), "converse-stream");
    assert.equal(res.status, 200, `${model}: ${JSON.stringify(res.json)}`);
    assert.equal(res.headers.get("content-type"), "application/vnd.amazon.eventstream");
    for (const { headers, payload } of res.frames) {
      assert.deepEqual(Object.keys(headers).sort(), [":content-type", ":event-type", ":message-type"]);
      assert.equal(headers[":message-type"], "event");
      assert.equal(headers[":content-type"], "application/json");
      assert.ok(!("bytes" in payload) && !("chunk" in payload), "no chunk/bytes wrapper");
      assert.ok(PAD.startsWith(payload.p) && payload.p.length >= 2, `padding ${payload.p}`);
    }
    const types = res.frames.map((f) => f.headers[":event-type"]);
    assert.equal(types[0], "messageStart");
    assert.deepEqual(types.slice(-2), ["messageStop", "metadata"]);
    assert.ok(!types.includes("contentBlockStart"), `${model}: no contentBlockStart for text`);
    const text = res.frames.filter((f) => f.payload.delta?.text !== undefined).map((f) => f.payload.delta.text).join("");
    assert.deepEqual(answerIn(text), EXPECTED, model);
    const { usage, metrics } = res.frames.at(-1).payload;
    assert.equal(usage.totalTokens, usage.inputTokens + usage.outputTokens);
    assert.deepEqual(usage.serverToolUsage, {});
    assert.equal(typeof metrics.latencyMs, "number");
    assert.equal(emu.stats.invocations.at(-1).operation, "converse-stream");
  }
  // Claude keeps one index per text block; its messageStop carries additionalModelResponseFields.
  const claude = await converse("global.anthropic.claude-sonnet-4-5-20250929-v1:0", converseBody("text"), "converse-stream");
  const deltas = claude.frames.filter((f) => f.headers[":event-type"] === "contentBlockDelta");
  assert.ok(deltas.length > 1 && deltas.every((f) => f.payload.contentBlockIndex === 0));
  assert.deepEqual(claude.frames.at(-2).payload.additionalModelResponseFields, { delta: { stop_sequence: null } });
  // Nova: one index per text delta, each stopped at once.
  const nova = await converse("amazon.nova-pro-v1:0", converseBody("text"), "converse-stream");
  const idx = nova.frames.filter((f) => f.headers[":event-type"] === "contentBlockDelta").map((f) => f.payload.contentBlockIndex);
  assert.deepEqual(idx, idx.map((_, i) => i));
});

test("rule 8: ConverseStream tool answers: contentBlockStart toolUse, string input deltas; exceptions as exception frames", async () => {
  const res = await converse("amazon.nova-pro-v1:0", converseBody("forced"), "converse-stream");
  assert.equal(res.status, 200);
  const start = res.frames.find((f) => f.headers[":event-type"] === "contentBlockStart");
  assert.equal(start.payload.start.toolUse.name, "record_labels");
  const input = res.frames.filter((f) => f.payload.contentBlockIndex === start.payload.contentBlockIndex && f.payload.delta?.toolUse).map((f) => f.payload.delta.toolUse.input);
  assert.ok(input.every((piece) => typeof piece === "string"));
  assert.deepEqual(JSON.parse(input.join("")), EXPECTED);
  assert.equal(res.frames.find((f) => f.headers[":event-type"] === "messageStop").payload.stopReason, "tool_use");

  await fetch(`${emu.url}/__emulator/config`, { method: "POST", body: JSON.stringify({ streamFault: { kind: "exception", code: "ModelStreamErrorException", afterChunks: 2 } }) });
  const faulty = await converse("global.anthropic.claude-sonnet-4-5-20250929-v1:0", converseBody("text"), "converse-stream");
  const last = faulty.frames.at(-1);
  assert.deepEqual(last.headers, { ":exception-type": "modelStreamErrorException", ":content-type": "application/json", ":message-type": "exception" });
  assert.equal(last.payload.originalStatusCode, 500);
  assert.equal(faulty.frames.length, 3);
});

test("rule 8: Converse-only models refuse InvokeModel; GPT-5.4/5.5 are unknown to bedrock-runtime; Llama 4 does not stream", async () => {
  for (const model of ["qwen.qwen3-32b-v1:0", "google.gemma-3-27b-it", "moonshot.kimi-k2-thinking", "minimax.minimax-m2", "writer.palmyra-x5-v1:0", "nvidia.nemotron-nano-9b-v2", "deepseek.v3.2", "mistral.mistral-large-3-675b-instruct", "mistral.magistral-small-2509", "us.meta.llama4-maverick-17b-instruct-v1:0", "us.openai.gpt-5.6-sol"]) {
    await refused(await call(emu.url, model, "invoke", gptOssBody()), "This action doesn't support the model that you provided.");
  }
  for (const op of ["invoke", "converse", "converse-stream"]) await refused(await call(emu.url, "openai.gpt-5.4", op, converseBody("text")), "The provided model identifier is invalid.");
  await refused(await converse("openai.gpt-5.6-sol", converseBody("text")), /with on-demand throughput isn’t supported/);
  await refused(await converse("us.meta.llama4-scout-17b-instruct-v1:0", converseBody("text"), "converse-stream"), /ConverseStream/);
  await refused(await call(emu.url, "us.meta.llama4-scout-17b-instruct-v1:0", "invoke-stream", { prompt: "x" }), /InvokeModelWithResponseStream/);
});

test("rule 8: the request is validated against the service model", async () => {
  const model = "amazon.nova-pro-v1:0";
  await refused(await converse(model, converseBody("text", { maxTokens: 5 })), /^Unknown parameter in input: "maxTokens", must be one of: messages, system, inferenceConfig/);
  await refused(await converse(model, converseBody("text", { inferenceConfig: { maxTokens: 10, top_p: 0.5 } })), 'Unknown parameter in inferenceConfig: "top_p", must be one of: maxTokens, temperature, topP, stopSequences');
  await refused(await converse(model, converseBody("text", { inferenceConfig: { maxTokens: 10, temperature: 1.5 } })), "1 validation error detected: Value '1.5' at 'inferenceConfig.temperature' failed to satisfy constraint: Member must have value less than or equal to 1");
  await refused(await converse(model, converseBody("text", { inferenceConfig: { maxTokens: 0 } })), /inferenceConfig.maxTokens, value: 0, valid min value: 1/);
  await refused(await converse(model, converseBody("text", { messages: [{ role: "user", content: [{ text: "a", image: {} }] }] })), /tagged union structure messages\[0\].content\[0\]/);
  await refused(await converse(model, converseBody("text", { messages: [{ role: "assistant", content: [{ text: "a" }] }] })), /must start with a user message/);
  // outputConfig.textFormat's schema is a STRING.
  const asObject = converseBody("structured");
  asObject.outputConfig.textFormat.structure.jsonSchema.schema = SCHEMA;
  await refused(await converse("global.anthropic.claude-sonnet-4-5-20250929-v1:0", asObject), /^Invalid type for parameter outputConfig.textFormat.structure.jsonSchema.schema, value: .*valid types: <class 'str'>$/);
  await refused(await converse(model, converseBody("text", { performanceConfig: { latency: "fast" } })), "1 validation error detected: Value 'fast' at 'performanceConfig.latency' failed to satisfy constraint: Member must satisfy enum value set: [optimized, standard]");
  await refused(await converse(model, converseBody("text", { serviceTier: "flex" })), /Invalid type for parameter serviceTier/);
  assert.equal((await converse(model, converseBody("text", { serviceTier: { type: "flex" } }))).status, 200);
  // The conflict between toolConfig.toolChoice and a raw tool_choice for Claude (§B.5).
  await refused(
    await converse("global.anthropic.claude-sonnet-4-5-20250929-v1:0", converseBody("auto", { additionalModelRequestFields: { tool_choice: { type: "auto" } } })),
    "The additional field tool_choice/type conflicts with the existing field toolConfig.toolChoice.auto. Remove tool_choice/type and try again.",
  );
  // No accept header, content-type only: the shape a browser client sends.
  assert.equal((await converse(model, converseBody("text"))).status, 200);
});

test("rule 8: per-model tool rules: Llama any/tool, Writer even auto, streaming tool use, outputConfig", async () => {
  await refused(await converse("meta.llama3-1-70b-instruct-v1:0", converseBody("forced", { toolConfig: { ...converseBody("forced").toolConfig, toolChoice: { any: {} } } })), "This model doesn't support the toolConfig.toolChoice.any field. Remove toolConfig.toolChoice.any and try again.");
  await refused(await converse("meta.llama3-1-70b-instruct-v1:0", converseBody("forced")), "This model doesn't support the toolConfig.toolChoice.tool field. Remove toolConfig.toolChoice.tool and try again.");
  assert.equal((await converse("meta.llama3-1-70b-instruct-v1:0", converseBody("auto"))).status, 200);
  await refused(await converse("meta.llama3-1-70b-instruct-v1:0", converseBody("auto"), "converse-stream"), "This model doesn't support tool use in streaming mode.");
  await refused(await converse("writer.palmyra-x5-v1:0", converseBody("auto")), /^The model returned the following errors: Mantle streaming error for requestId .*\\"auto\\" tool choice requires --enable-auto-tool-choice/);
  await refused(await converse("amazon.titan-text-express-v1", converseBody("auto")), "This model doesn't support tool use.");
  // Nova: forced tools fine; outputConfig refused (Nova 2 Lite card: structured outputs not supported).
  const nova = await converse("us.amazon.nova-2-lite-v1:0", converseBody("forced"));
  assert.equal(nova.status, 200);
  assert.deepEqual(nova.json.output.message.content.at(-1).toolUse.input, EXPECTED);
  await refused(await converse("us.amazon.nova-2-lite-v1:0", converseBody("structured")), "This model doesn't support the outputConfig field. Remove outputConfig and try again.");
  await refused(await converse("qwen.qwen3-32b-v1:0", converseBody("structured")), "This model doesn't support the outputConfig field. Remove outputConfig and try again.");
  // …accepted where a live peer test saw it work; the answer is a text block of JSON.
  const gemma = await converse("google.gemma-3-27b-it", converseBody("structured"));
  assert.equal(gemma.status, 200);
  assert.deepEqual(JSON.parse(gemma.json.output.message.content.at(-1).text), EXPECTED);
  // gpt-oss on Converse: reasoning_effort through additionalModelRequestFields, reasoningContent first.
  const oss = await converse("openai.gpt-oss-120b-1:0", converseBody("text", { additionalModelRequestFields: { reasoning_effort: "low" } }));
  assert.equal(oss.status, 200);
  assert.ok(oss.json.output.message.content[0].reasoningContent);
  await refused(await converse("openai.gpt-oss-120b-1:0", converseBody("text", { additionalModelRequestFields: { reasoning_effort: "extreme" } })), /reasoning_effort/);
  await refused(await converse("qwen.qwen3-32b-v1:0", converseBody("text", { additionalModelRequestFields: { top_k: 5 } })), /extraneous key \[top_k\]/);
  // The same bodies still work on InvokeModel for the families that have one.
  assert.equal((await call(emu.url, "amazon.nova-pro-v1:0", "invoke", novaBody("forced"))).status, 200);
  assert.equal((await call(emu.url, "anthropic.claude-3-haiku-20240307-v1:0", "invoke", claudeBody("text"))).status, 200);
  assert.ok(TEXT_PROMPT.includes("It must match this JSON schema: "));
});

test("Converse is signed and checked like InvokeModel: a wrong secret or an expired token is a 403", async () => {
  const wrong = await call(emu.url, "amazon.nova-pro-v1:0", "converse", converseBody("text"), { credentials: { ...LONG_LIVED, secretAccessKey: "not-the-secret" } });
  assert.equal(wrong.status, 403);
  assert.match(wrong.headers.get("x-amzn-errortype"), /^InvalidSignatureException:/);
  assert.match(wrong.json.message, /The Canonical String for this request should have been\n'POST\n\/model\/amazon.nova-pro-v1%253A0\/converse\n/);
  const expired = await call(emu.url, "amazon.nova-pro-v1:0", "converse-stream", converseBody("text"), { credentials: EXPIRED });
  assert.equal(expired.status, 403);
  assert.match(expired.headers.get("x-amzn-errortype"), /^ExpiredTokenException:/);
  assert.equal(emu.stats.authFailures, 2);
});
