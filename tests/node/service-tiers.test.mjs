// Service tiers end to end: predictLabels (the built wasm) against the emulator, which verifies
// every signature with @smithy/signature-v4 and refuses an unsigned X-Amzn-Bedrock-Service-Tier
// header, knows which models offer which tier (tests/emulator/models.mjs) and refuses the rest.
import { test, before, after } from "node:test";
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

const LABELS = ["positive", "negative"];
const TEXTS = ["A positive review", "Negative: cold room", "positive again"];
const request = (over) => ({ credentials: LONG_LIVED, region: "us-east-1", labels: LABELS, texts: TEXTS, endpoint: emu.url, batchSize: 1, ...over });

// Captures what predictLabels sends (headers as fetch gets them).
async function sent(fn) {
  const real = globalThis.fetch;
  const calls = [];
  globalThis.fetch = async (input, init) => {
    calls.push({ url: String(input), headers: Object.fromEntries(new Headers(init?.headers).entries()), body: new TextDecoder().decode(init?.body) });
    return real(input, init);
  };
  try {
    return { out: await fn(), calls };
  } finally {
    globalThis.fetch = real;
  }
}

test("Flex on InvokeModel: the header is sent, signed (the emulator's verifier accepts it) and echoed", async () => {
  await fetch(`${emu.url}/__emulator/reset`);
  const { out, calls } = await sent(() => labeler.predictLabels(request({ modelId: "openai.gpt-oss-120b-1:0", serviceTier: "flex" })));
  assert.ok(out.predictions.every((p) => p.status === "ok"), JSON.stringify(out.predictions));
  assert.equal(calls.length, 3);
  for (const c of calls) {
    assert.equal(c.headers["x-amzn-bedrock-service-tier"], "flex");
    const signed = /SignedHeaders=([^,]+)/.exec(c.headers.authorization)[1].split(";");
    assert.ok(signed.includes("x-amzn-bedrock-service-tier"), signed.join(";"));
  }
  assert.equal(emu.stats.authFailures, 0);
  assert.ok(emu.stats.invocations.every((i) => i.serviceTier === "flex" && i.status === 200));
  assert.deepEqual(out.adaptations ?? [], []);
});

test("Priority on Converse: serviceTier {type} in the body, no header", async () => {
  await fetch(`${emu.url}/__emulator/reset`);
  const { out, calls } = await sent(() => labeler.predictLabels(request({ modelId: "amazon.nova-pro-v1:0", api: "converse", serviceTier: "priority" })));
  assert.ok(out.predictions.every((p) => p.status === "ok"), JSON.stringify(out.predictions));
  for (const c of calls) {
    assert.ok(c.url.endsWith("/converse"), c.url);
    assert.equal(c.headers["x-amzn-bedrock-service-tier"], undefined);
    assert.deepEqual(JSON.parse(c.body).serviceTier, { type: "priority" });
  }
});

test("Standard sends no tier at all", async () => {
  await fetch(`${emu.url}/__emulator/reset`);
  const { calls } = await sent(() => labeler.predictLabels(request({ modelId: "openai.gpt-oss-120b-1:0" })));
  for (const c of calls) assert.equal(c.headers["x-amzn-bedrock-service-tier"], undefined);
});

test("a tier the table says the model lacks is refused before sending, naming serviceTier", async () => {
  await fetch(`${emu.url}/__emulator/reset`);
  await assert.rejects(
    labeler.predictLabels(request({ modelId: "global.anthropic.claude-haiku-4-5-20251001-v1:0", serviceTier: "flex" })),
    (e) => e.code === "InvalidInput" && e.field === "serviceTier" && /not offered/.test(e.message),
  );
  assert.equal(emu.stats.invocations.length, 0);
});

test("a tier Bedrock refuses falls back to Standard once, with a warning", async () => {
  await fetch(`${emu.url}/__emulator/reset`);
  // Gemma 3: no source says whether it offers Flex (sent), the emulator takes the stricter reading (refused).
  const out = await labeler.predictLabels(request({ modelId: "google.gemma-3-27b-it", serviceTier: "flex" }));
  assert.ok(out.predictions.every((p) => p.status === "ok"), JSON.stringify(out.predictions));
  assert.deepEqual(out.adaptations, ["standard-tier"]);
  const adapted = out.warnings.filter((w) => w.code === "Adapted");
  assert.equal(adapted.length, 1);
  assert.match(adapted[0].message, /service tier/);
  const inv = emu.stats.invocations;
  assert.equal(inv[0].status, 400);
  assert.equal(inv[0].serviceTier, "flex");
  assert.equal(inv.filter((i) => i.serviceTier !== undefined).length, 1, "refused once, then Standard");
  assert.equal(inv.filter((i) => i.status === 200).length, 3);
  // Passed back, the next call starts at Standard.
  await fetch(`${emu.url}/__emulator/reset`);
  const again = await labeler.predictLabels(request({ modelId: "google.gemma-3-27b-it", serviceTier: "flex", adaptations: out.adaptations }));
  assert.ok(again.predictions.every((p) => p.status === "ok"));
  assert.ok(emu.stats.invocations.every((i) => i.serviceTier === undefined && i.status === 200));
});

test("the estimate follows the tier", async () => {
  const { estimate } = labeler;
  const e = estimate({ region: "us-east-1", modelId: "openai.gpt-oss-120b-1:0", labels: LABELS, texts: TEXTS, serviceTier: "flex" });
  assert.equal(e.serviceTier, "flex");
  assert.deepEqual(e.priceFactor, [0.5, 0.5]);
  assert.ok(e.quotaTokens >= e.inputTokens + e.outputTokens);
});
