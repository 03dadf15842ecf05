// Today's models through the built wasm against the emulator, which refuses what each model
// is documented to refuse (tests/emulator/models.mjs, sources in docs/evidence/): every item of
// every model, task, streamed or not, with and without a temperature, comes back ok with the
// expected label; fields a model refuses are never sent and are reported once in `warnings`.
import { test, before, after, beforeEach } from "node:test";
import assert from "node:assert/strict";
import { loadLabeler } from "../lib/load-wasm.mjs";
import { startEmulator } from "../emulator/emulator.mjs";
import { LONG_LIVED } from "../emulator/test-credentials.mjs";
import { expectedLabel, expectedLabels } from "../emulator/labeling-rule.mjs";

let labeler, emu;
before(async () => {
  labeler = await loadLabeler();
  emu = await startEmulator();
});
after(() => emu.close());
beforeEach(async () => {
  await fetch(`${emu.url}/__emulator/reset`, { method: "POST" });
});

/** The list, plus a DeepSeek model on each API. */
const MODELS = [
  "us.anthropic.claude-opus-5-5",
  "global.anthropic.claude-sonnet-5-5",
  "us.anthropic.claude-opus-4-7",
  "global.anthropic.claude-sonnet-4-5-20250929-v1:0",
  "us.anthropic.claude-haiku-4-5-20251001-v1:0",
  "anthropic.claude-3-haiku-20240307-v1:0",
  "us.amazon.nova-2-lite-v1:0",
  "amazon.nova-pro-v1:0",
  "openai.gpt-oss-120b-1:0",
  "qwen.qwen3-32b-v1:0",
  "us.deepseek.r1-v1:0",
  "deepseek.v3.2",
];

const LABELS = ["sports", "politics", "weather"];
const TEXTS = [
  "The sports final went to extra time",
  "Politics and weather both dominated the news",
  "Heavy weather expected tonight",
  "Nothing relevant here 🙂",
];

const config = (body) => fetch(`${emu.url}/__emulator/config`, { method: "POST", body: JSON.stringify(body) });
const run = (modelId, over = {}) =>
  labeler.predictLabels({ credentials: LONG_LIVED, region: "us-east-1", modelId, labels: LABELS, texts: TEXTS, endpoint: emu.url, batchSize: 2, ...over });
const bodies = () => emu.stats.invocations.map((i) => i.body);

function assertLabelled(result, task, what) {
  result.predictions.forEach((p, i) => {
    assert.equal(p.status, "ok", `${what}: ${JSON.stringify(p)}`);
    const want = task === "multi" ? expectedLabels(TEXTS[i], LABELS) : [expectedLabel(TEXTS[i], LABELS)];
    assert.deepEqual(p.labels, want, what);
  });
}

for (const modelId of MODELS) {
  test(`${modelId}: single and multi, streamed and not, with and without temperature`, async () => {
    for (const task of ["single", "multi"]) {
      for (const stream of [false, true]) {
        for (const temperature of [undefined, 0.2]) {
          const what = `${modelId} ${task} stream=${stream} temperature=${temperature}`;
          const result = await run(modelId, { task, stream, ...(temperature === undefined ? {} : { temperature }) });
          assertLabelled(result, task, what);
          // Nothing had to be adapted at run time: the table knew each model's rules.
          assert.deepEqual(result.adaptations ?? [], [], what);
        }
      }
    }
    const refused = emu.stats.invocations.filter((i) => i.status !== 200);
    assert.deepEqual(refused.map((i) => i.message), [], `${modelId}: no request was refused`);
  });
}

test("a refused temperature is never sent, and said once in the result's warnings", async () => {
  const result = await run("us.anthropic.claude-opus-5-5", { temperature: 0.2, topP: 0.9 });
  assertLabelled(result, "single", "opus 5.5");
  for (const body of bodies()) assert.ok(!("temperature" in body) && !("top_p" in body), JSON.stringify(body).slice(0, 200));
  assert.deepEqual(result.warnings.map((w) => w.code), ["ParameterDropped", "ParameterDropped"]);
  assert.match(result.warnings[0].message, /^temperature is not accepted by us\.anthropic\.claude-opus-5-5 and was not sent\.$/);
  // Sonnet 4.5 takes either, not both: the temperature the user set is kept.
  const r = await run("global.anthropic.claude-sonnet-4-5-20250929-v1:0", { temperature: 0.2, topP: 0.9 });
  assertLabelled(r, "single", "sonnet 4.5");
  const last = bodies().at(-1);
  assert.equal(last.temperature, 0.2);
  assert.ok(!("top_p" in last));
  assert.match(r.warnings[0].message, /top_p is not accepted .* together with temperature/);
});

test("the strongest mechanism each model supports is what is sent", async () => {
  const sent = async (modelId) => {
    await run(modelId, { texts: ["sports"] });
    return emu.stats.invocations.at(-1);
  };
  // Claude with structured output: output_config.format, no tools; thinking kept at low effort.
  let inv = await sent("us.anthropic.claude-opus-5-5");
  assert.equal(inv.body.output_config.format.type, "json_schema");
  assert.equal(inv.body.output_config.effort, "low");
  assert.ok(!("tool_choice" in inv.body) && !("thinking" in inv.body));
  // Haiku 5.5 thinks by default: turned off, then the tool can be forced.
  inv = await sent("us.anthropic.claude-haiku-5-5");
  assert.deepEqual(inv.body.thinking, { type: "disabled" });
  assert.deepEqual(inv.body.tool_choice, { type: "tool", name: "record_labels" });
  // Claude 3 Haiku: the forced tool, as before.
  inv = await sent("anthropic.claude-3-haiku-20240307-v1:0");
  assert.equal(inv.body.tool_choice.type, "tool");
  // Models without a native body go through Converse.
  inv = await sent("qwen.qwen3-32b-v1:0");
  assert.equal(inv.operation, "converse");
  inv = await sent("us.meta.llama4-maverick-17b-instruct-v1:0");
  assert.equal(inv.operation, "converse");
  // The item ids are an enum in the schema (compact keys, issue 14).
  inv = await sent("global.anthropic.claude-sonnet-4-5-20250929-v1:0");
  assert.deepEqual(inv.body.output_config.format.schema.properties.r.items.properties.id.enum, ["1"]);
});

test("api: converse sends any model through Converse with the same answers", async () => {
  for (const modelId of ["global.anthropic.claude-sonnet-4-5-20250929-v1:0", "amazon.nova-pro-v1:0", "us.anthropic.claude-opus-5-5"]) {
    for (const stream of [false, true]) {
      const result = await run(modelId, { api: "converse", stream });
      assertLabelled(result, "single", `${modelId} converse stream=${stream}`);
      assert.equal(emu.stats.invocations.at(-1).operation, stream ? "converse-stream" : "converse");
    }
  }
});

test("a refusal the table does not know about: the call adapts once per refusal and says so", async () => {
  const modelId = "us.anthropic.claude-haiku-4-5-20251001-v1:0";
  const baseline = await run(modelId);
  const requests = baseline.usage.requests;
  await fetch(`${emu.url}/__emulator/reset`, { method: "POST" });
  await config({ refusals: [{ model: "anthropic.claude-haiku-4-5", field: "output_config.format", message: "output_config.format: Extra inputs are not permitted" }] });
  const result = await run(modelId);
  assertLabelled(result, "single", "adapted");
  assert.equal(result.usage.requests, requests + 1, "one extra request for the refusal");
  assert.deepEqual(result.adaptations, ["no-structured-output"]);
  const adapted = result.warnings.filter((w) => w.code === "Adapted");
  assert.equal(adapted.length, 1);
  assert.match(adapted[0].message, /Extra inputs are not permitted.*structured output was not used/);

  // Two refusals of different kinds: adapts twice, one extra request each.
  await fetch(`${emu.url}/__emulator/reset`, { method: "POST" });
  await config({
    refusals: [
      { model: "anthropic.claude-haiku-4-5", field: "output_config.format", message: "output_config.format: Extra inputs are not permitted" },
      { model: "anthropic.claude-haiku-4-5", field: "tools.0.strict", message: "tools.0.custom.strict: Extra inputs are not permitted" },
    ],
  });
  const twice = await run(modelId);
  assertLabelled(twice, "single", "adapted twice");
  assert.equal(twice.usage.requests, requests + 2);
  assert.deepEqual(twice.adaptations, ["no-structured-output", "no-strict-tool"]);

  // Known refusals passed back in: adapted from the first request, nothing extra.
  await fetch(`${emu.url}/__emulator/reset`, { method: "POST" });
  await config({ refusals: [{ model: "anthropic.claude-haiku-4-5", field: "output_config.format", message: "output_config.format: Extra inputs are not permitted" }] });
  const remembered = await run(modelId, { adaptations: ["no-structured-output"] });
  assertLabelled(remembered, "single", "remembered");
  assert.equal(remembered.usage.requests, requests);
});

test("a refusal not understood fails as before, with Bedrock's message, and never loops", async () => {
  await config({ refusals: [{ model: "anthropic.claude-haiku-4-5", field: "messages", message: "messages: this request is not supported" }] });
  const result = await run("us.anthropic.claude-haiku-4-5-20251001-v1:0", { texts: ["sports"] });
  assert.equal(result.predictions[0].status, "failed");
  assert.match(result.predictions[0].error.message, /this request is not supported/);
  assert.ok(emu.stats.invocations.length <= 3, `at most one adaptation per kind: ${emu.stats.invocations.length} requests`);
});

test("Nova text answers streamed with a block index per delta read whole", async () => {
  // No forced tool (as if Nova had refused it): the answer is JSON text, which Nova streams
  // one contentBlockIndex per delta.
  const result = await run("amazon.nova-pro-v1:0", { stream: true, adaptations: ["no-forced-tool"] });
  assertLabelled(result, "single", "nova text stream");
  assert.equal(emu.stats.invocations.at(-1).operation, "invoke-stream");
  assert.ok(!("toolConfig" in emu.stats.invocations.at(-1).body));
});

test("Titan Premier never gets more than 3,072 tokens; the cap is said in the warnings", async () => {
  const result = await run("amazon.titan-text-premier-v1:0", { maxTokens: 5000 });
  assertLabelled(result, "single", "titan");
  for (const body of bodies()) assert.ok(body.textGenerationConfig.maxTokenCount <= 3072, JSON.stringify(body.textGenerationConfig));
  assert.match(result.warnings[0].message, /maxTokens 5000 is above amazon\.titan-text-premier-v1:0's limit of 3072/);
  const batched = await run("amazon.titan-text-premier-v1:0", { batchSize: 50, texts: Array(50).fill("sports") });
  assertLabelled({ predictions: batched.predictions.slice(0, 1) }, "single", "titan batch");
  assert.ok(bodies().every((b) => b.textGenerationConfig.maxTokenCount <= 3072));
});

test("partial Nova usage in the body is completed from the token-count headers", async () => {
  const full = await run("amazon.nova-pro-v1:0", { texts: ["sports"] });
  await config({ partialUsage: true });
  const partial = await run("amazon.nova-pro-v1:0", { texts: ["sports"] });
  assert.ok(partial.usage.outputTokens > 0, JSON.stringify(partial.usage));
  assert.deepEqual(partial.usage, full.usage);
});

test("Claude 3.5 Haiku, past its end of life, fails the call with a clear message", async () => {
  await assert.rejects(run("us.anthropic.claude-3-5-haiku-20241022-v1:0"), (e) => {
    assert.equal(e.code, "ResourceNotFoundException");
    assert.match(e.message, /end of its life/);
    return true;
  });
});
