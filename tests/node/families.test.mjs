// Every model family, every task, through the built wasm against the emulator, which knows
// each family's wire format (and rejects undocumented keys, wrong templates, bad ranges).
import { test, before, after } from "node:test";
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

const MODELS = {
  anthropic: "anthropic.claude-3-haiku-20240307-v1:0",
  nova: "amazon.nova-lite-v1:0",
  "nova 2": "us.amazon.nova-2-lite-v1:0",
  llama: "us.meta.llama3-3-70b-instruct-v1:0",
  "mistral text": "mistral.mixtral-8x7b-instruct-v0:1",
  "mistral chat": "mistral.mistral-large-2407-v1:0",
  titan: "amazon.titan-text-premier-v1:0",
  cohere: "cohere.command-r-plus-v1:0",
  jamba: "ai21.jamba-1-5-mini-v1:0",
  deepseek: "us.deepseek.r1-v1:0",
  openai: "openai.gpt-oss-120b-1:0",
  converse: "qwen.qwen3-32b-v1:0",
};

const LABELS = ["sports", "politics", "weather"];
const TEXTS = [
  "The sports final went to extra time",
  "Politics and weather both dominated the news",
  "Heavy weather expected tonight",
  "Nothing relevant here 🙂",
];

const run = (modelId, over = {}) =>
  labeler.predictLabels({ credentials: LONG_LIVED, region: "us-east-1", modelId, labels: LABELS, texts: TEXTS, endpoint: emu.url, temperature: 0.2, topP: 0.9, ...over });

for (const [family, modelId] of Object.entries(MODELS)) {
  test(`${family}: single-label, in one request, bodies accepted by the emulator`, async () => {
    const before = emu.stats.invocations.length;
    const result = await run(modelId);
    result.predictions.forEach((p, i) => {
      assert.equal(p.status, "ok", `${family}: ${JSON.stringify(p)}`);
      assert.deepEqual(p.labels, [expectedLabel(TEXTS[i], LABELS)]);
    });
    assert.equal(result.usage.requests, 1);
    assert.equal(emu.stats.invocations.length - before, 1);
    assert.equal(emu.stats.invocations.at(-1).status, 200);
  });

  test(`${family}: multi-label`, async () => {
    const result = await run(modelId, { task: "multi" });
    result.predictions.forEach((p, i) => assert.deepEqual(p.labels, expectedLabels(TEXTS[i], LABELS), family));
  });
}

test("sampling fields reach each family under its own names", async () => {
  const expect = {
    anthropic: (b) => b.temperature === 0.2 && b.top_p === 0.9 && b.max_tokens === 77,
    nova: (b) => b.inferenceConfig.temperature === 0.2 && b.inferenceConfig.top_p === 0.9 && b.inferenceConfig.max_new_tokens === 77,
    "nova 2": (b) => b.inferenceConfig.topP === 0.9 && b.inferenceConfig.maxTokens === 77,
    llama: (b) => b.top_p === 0.9 && b.max_gen_len === 77,
    "mistral text": (b) => b.top_p === 0.9 && b.max_tokens === 77,
    "mistral chat": (b) => b.top_p === 0.9 && b.max_tokens === 77,
    titan: (b) => b.textGenerationConfig.topP === 0.9 && b.textGenerationConfig.maxTokenCount === 77,
    cohere: (b) => b.p === 0.9 && b.max_tokens === 77 && !("top_p" in b),
    jamba: (b) => b.top_p === 0.9 && b.max_tokens === 77,
    deepseek: (b) => b.top_p === 0.9 && b.max_tokens === 77,
    openai: (b) => b.top_p === 0.9 && b.max_completion_tokens === 77,
    converse: (b) => b.inferenceConfig.topP === 0.9 && b.inferenceConfig.maxTokens === 77 && b.inferenceConfig.temperature === 0.2,
  };
  for (const [family, modelId] of Object.entries(MODELS)) {
    await run(modelId, { maxTokens: 77, texts: ["sports"] });
    const body = emu.stats.invocations.at(-1).body;
    assert.ok(expect[family](body), `${family}: ${JSON.stringify(body).slice(0, 300)}`);
  }
});

test("spans: UTF-16 offsets satisfy text.slice(start, end) === span.text, with emoji, CJK, CRLF and repeats", async () => {
  const texts = ["😀 Paris then 東京 then Paris again", "combining e\u0301 Paris\r\nParis", "no cities"];
  for (const modelId of [MODELS.anthropic, MODELS.llama]) {
    const result = await labeler.predictLabels({ credentials: LONG_LIVED, region: "us-east-1", modelId, task: "spans", labels: ["Paris", "東京"], texts, endpoint: emu.url });
    const [a, b, c] = result.predictions;
    for (const p of result.predictions) {
      assert.equal(p.status, "ok");
      for (const s of p.spans) assert.equal(p.text.slice(s.start, s.end), s.text);
    }
    assert.deepEqual(a.spans.map((s) => [s.label, s.text, s.start]), [["Paris", "Paris", 3], ["東京", "東京", 14], ["Paris", "Paris", 22]]);
    assert.deepEqual(b.spans.map((s) => s.start), [13, 20]);
    assert.deepEqual(a.labels, ["Paris", "東京"]);
    assert.deepEqual(c.spans, []);
  }
});

test("batching keeps one result per input item when the model drops, repeats, renumbers ids or decorates labels", async () => {
  const texts = Array.from({ length: 23 }, (_, i) => `item ${i}: ${LABELS[i % 3]} story`);
  for (const misbehave of ["drop-ids", "repeat-ids", "unknown-ids", "bad-labels"]) {
    emu.config.misbehave = misbehave;
    try {
      const result = await run(MODELS.anthropic, { texts });
      assert.equal(result.predictions.length, texts.length, misbehave);
      result.predictions.forEach((p, i) => {
        assert.equal(p.index, i);
        assert.equal(p.status, "ok", `${misbehave}: ${JSON.stringify(p)}`);
        assert.deepEqual(p.labels, [LABELS[i % 3]]);
      });
      assert.ok(result.usage.requests > 3, `${misbehave}: re-asks were made (${result.usage.requests})`);
    } finally {
      emu.config.misbehave = null;
    }
  }
});

test("few-shot examples, a user prompt template and label descriptions reach the model", async () => {
  await run(MODELS.anthropic, {
    texts: ["sports news"],
    labels: [{ name: "sports", description: "games, teams, athletes" }, "politics", "weather"],
    examples: [{ text: "The match ended 2-1", labels: ["sports"] }],
    userPrompt: "Categorise these headlines: {text}\nAllowed: {labels}",
  });
  const user = emu.stats.invocations.at(-1).body.messages[0].content[0].text;
  assert.match(user, /^Categorise these headlines: Items, as a JSON array/);
  assert.match(user, /- sports: games, teams, athletes/);
  assert.match(user, /<examples>\n\[\{"labels":\["sports"\],"text":"The match ended 2-1"\}\]/);
});

test("an application inference profile ARN needs the family field", async () => {
  const arn = "arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/my-nova";
  const err = await run(arn).catch((e) => e);
  assert.equal(err.code, "Unsupported");
  assert.match(err.message, /"family"/);
  const result = await run(arn, { family: "nova", texts: ["weather"] });
  assert.deepEqual(result.predictions[0].labels, ["weather"]);
  assert.equal(emu.stats.invocations.at(-1).family, "nova");
});
