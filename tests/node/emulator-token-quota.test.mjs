// The emulator's token quota (quotaTpm: reserve input + max_tokens at the start, settle input +
// burn × output at the end, burn 5 for Claude 3.7 and later) and service tiers (refused where
// the model's row offers none, echoed where served). Sources: docs/evidence/models-and-quotas.md
// §10, §12, as in tests/emulator/models.mjs.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startEmulator, maxTokensOf } from "../emulator/emulator.mjs";
import { SignatureV4 } from "@smithy/signature-v4";
import { Hash } from "@smithy/hash-node";
import { HttpRequest } from "@smithy/protocol-http";
import { call } from "../emulator/test-client.mjs";
import { LONG_LIVED } from "../emulator/test-credentials.mjs";

/** InvokeModel signed by @smithy/signature-v4, with `extra` headers added after signing. */
async function signedThenAdded(baseUrl, modelId, body, extra) {
  const url = new URL(baseUrl);
  const path = `/model/${encodeURIComponent(modelId)}/invoke`;
  const signer = new SignatureV4({ credentials: LONG_LIVED, region: "us-east-1", service: "bedrock", sha256: Hash.bind(null, "sha256") });
  const signed = await signer.sign(new HttpRequest({ method: "POST", protocol: "http:", hostname: url.hostname, port: Number(url.port), path, headers: { host: url.host, "content-type": "application/json", accept: "application/json" }, body }));
  return fetch(`${baseUrl}${path}`, { method: "POST", headers: { ...signed.headers, ...extra }, body });
}

let emu;
before(async () => {
  emu = await startEmulator();
});
after(() => emu.close());

const configure = (config) => fetch(`${emu.url}/__emulator/config`, { method: "POST", body: JSON.stringify(config) }).then((r) => r.json());
const reset = () => fetch(`${emu.url}/__emulator/reset`);
const claude = (maxTokens) =>
  JSON.stringify({
    anthropic_version: "bedrock-2023-05-31",
    max_tokens: maxTokens,
    messages: [{ role: "user", content: 'Label these.\n<items>\n[{"id":"1","text":"a positive one"}]\n</items>' }],
  });
const invoke = (model, body, headers = {}) =>
  fetch(`${emu.url}/model/${encodeURIComponent(model)}/invoke`, { method: "POST", headers: { "content-type": "application/json", accept: "application/json", ...headers }, body });

test("max_tokens is read in every family's spelling; unset is the model maximum", () => {
  assert.equal(maxTokensOf({ max_tokens: 7 }), 7);
  assert.equal(maxTokensOf({ inferenceConfig: { maxTokens: 8 } }), 8);
  assert.equal(maxTokensOf({ inferenceConfig: { max_new_tokens: 9 } }), 9);
  assert.equal(maxTokensOf({ textGenerationConfig: { maxTokenCount: 10 } }), 10);
  assert.equal(maxTokensOf({ max_gen_len: 11 }), 11);
  assert.equal(maxTokensOf({}), 64_000);
});

test("quotaTpm reserves input + max_tokens at the start and settles input + 5 × output on Claude 3.7+", async () => {
  await reset();
  await configure({ verifySignatures: false, quotaTpm: 6_000, quotaTokenBurstS: 10 }); // 1,000 tokens in the bucket
  const haiku45 = "anthropic.claude-haiku-4-5-20251001-v1:0";
  // A reservation above what is left is throttled at once, before the model runs.
  const big = await invoke(haiku45, claude(990));
  assert.equal(big.status, 429);
  assert.match(big.headers.get("x-amzn-errortype"), /^ThrottlingException/);
  const ok = await invoke(haiku45, claude(100));
  assert.equal(ok.status, 200, await ok.clone().text());
  const out = await ok.json();
  const e = emu.stats.invocations.at(-1);
  assert.equal(e.reserved, Number(ok.headers.get("x-amzn-bedrock-input-token-count")) + 100);
  assert.equal(e.settled, out.usage.input_tokens + 5 * out.usage.output_tokens, "5× output burndown");
  // Claude 3 Haiku burns 1×.
  await configure({ quotaTpm: 6_000 });
  const old = await invoke("anthropic.claude-3-haiku-20240307-v1:0", claude(100));
  const o = await old.json();
  assert.equal(emu.stats.invocations.at(-1).settled, o.usage.input_tokens + o.usage.output_tokens);
  await reset();
});

test("the settlement is what is left: requests go until the bucket is spent, then 429 until it refills", async () => {
  await reset();
  // 12,000 a minute = 200 a second, 400 deep.
  await configure({ verifySignatures: false, quotaTpm: 12_000, quotaTokenBurstS: 2 });
  const haiku45 = "anthropic.claude-haiku-4-5-20251001-v1:0";
  const statuses = [];
  for (let i = 0; i < 12; i++) statuses.push((await invoke(haiku45, claude(200))).status);
  const firstThrottle = statuses.indexOf(429);
  assert.ok(firstThrottle > 1, `${statuses}`);
  const spent = emu.stats.invocations.filter((i) => i.status === 200).reduce((s, i) => s + i.settled, 0);
  assert.ok(spent <= 400 + 200, `settled ${spent} within the bucket (plus its refill)`);
  await new Promise((r) => setTimeout(r, 1_500));
  assert.equal((await invoke(haiku45, claude(200))).status, 200, "refilled");
  await reset();
});

test("tiers: InvokeModel's header must be signed; a tier the model lacks is refused; served tiers are echoed", async () => {
  await reset();
  const gptOss = "openai.gpt-oss-120b-1:0";
  const body = { messages: [{ role: "user", content: 'Label these.\n<items>\n[{"id":"1","text":"a positive one"}]\n</items>' }], max_completion_tokens: 100 };
  const tier = (t) => ({ headers: { "x-amzn-bedrock-service-tier": t } });
  // Signed: accepted and echoed.
  const flex = await call(emu.url, gptOss, "invoke", body, tier("flex"));
  assert.equal(flex.status, 200, JSON.stringify(flex.json));
  assert.equal(flex.headers.get("x-amzn-bedrock-service-tier"), "flex");
  // Sent but not signed: refused by the verifier.
  const unsigned = await signedThenAdded(emu.url, gptOss, JSON.stringify(body), { "x-amzn-bedrock-service-tier": "flex" });
  assert.equal(unsigned.status, 403);
  assert.match((await unsigned.json()).message, /x-amzn-bedrock-service-tier' was sent but not signed/);
  // Claude offers no Flex.
  const claudeFlex = await call(emu.url, "anthropic.claude-haiku-4-5-20251001-v1:0", "invoke", claude(100), tier("flex"));
  assert.equal(claudeFlex.status, 400);
  assert.match(claudeFlex.json.message, /service tier/);
  // Invalid and reserved, as recorded (hermes-agent#34476).
  assert.equal((await call(emu.url, gptOss, "invoke", body, tier("cheapest"))).json.message, "service tier provided is invalid");
  assert.equal((await call(emu.url, gptOss, "invoke", body, tier("reserved"))).json.message, "Reservation not found.");
  // Converse: the body member, echoed in the response.
  const conv = { messages: [{ role: "user", content: [{ text: 'Label these.\n<items>\n[{"id":"1","text":"a positive one"}]\n</items>' }] }], serviceTier: { type: "priority" } };
  const c = await call(emu.url, "amazon.nova-pro-v1:0", "converse", conv);
  assert.equal(c.status, 200, JSON.stringify(c.json));
  assert.deepEqual(c.json.serviceTier, { type: "priority" });
  const lite = await call(emu.url, "amazon.nova-lite-v1:0", "converse", conv);
  assert.equal(lite.status, 400, "Nova Lite (v1) is in no tier source");
  await reset();
});
