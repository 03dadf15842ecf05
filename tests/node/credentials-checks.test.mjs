// Credential checks of the built wasm, against the emulator: the key-shape rule and expired
// keys fail before anything is sent; checkRequest says the same without sending; and no result,
// progress event or error carries the secret key or the session token.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { loadLabeler } from "../lib/load-wasm.mjs";
import { startEmulator } from "../emulator/emulator.mjs";
import { LONG_LIVED, TEMPORARY, EXPIRED } from "../emulator/test-credentials.mjs";

let labeler, emu;
before(async () => {
  labeler = await loadLabeler();
  emu = await startEmulator();
});
after(() => emu.close());

const request = (credentials, over = {}) => ({
  credentials,
  region: "us-east-1",
  modelId: "anthropic.claude-3-haiku-20240307-v1:0",
  labels: ["positive", "negative", "neutral"],
  texts: ["a positive text", "a negative one"],
  endpoint: emu.url,
  ...over,
});

/** Rejects without one request reaching the emulator. */
async function rejectsBeforeSending(req) {
  const before = emu.stats.requests;
  const err = await labeler.predictLabels(req).then(() => assert.fail("should reject"), (e) => e);
  assert.equal(emu.stats.requests, before, "nothing was sent");
  assert.deepEqual(labeler.checkRequest(req), err, "checkRequest says the same, synchronously");
  assert.equal(emu.stats.requests, before);
  return err;
}

test("ASIA… keys without a session token: InvalidInput naming credentials.sessionToken, nothing sent", async () => {
  const { sessionToken, ...noToken } = TEMPORARY;
  const err = await rejectsBeforeSending(request(noToken));
  assert.equal(err.code, "InvalidInput");
  assert.match(err.message, /^credentials\.sessionToken: is required with temporary keys/);
});

test("AKIA… keys with a session token: InvalidInput naming credentials.sessionToken, nothing sent", async () => {
  const err = await rejectsBeforeSending(request({ ...LONG_LIVED, sessionToken: TEMPORARY.sessionToken }));
  assert.match(err.message, /^credentials\.sessionToken: must be empty/);
  assert.ok(!err.message.includes(TEMPORARY.sessionToken));
});

test("an Expiration in the past: ExpiredTokenException before sending; one in the future works", async () => {
  const err = await rejectsBeforeSending(request({ ...EXPIRED, expiration: new Date(Date.now() - 10 * 60_000).toISOString() }));
  assert.equal(err.code, "ExpiredTokenException");
  assert.match(err.message, /expired at .* \(10 min ago\), so nothing was sent/);
  assert.match(err.message, /aws sts assume-role/);

  const ok = request({ ...TEMPORARY, expiration: new Date(Date.now() + 3600_000).toISOString().replace(".000Z", "+00:00") });
  assert.equal(labeler.checkRequest(ok), null);
  const result = await labeler.predictLabels(ok);
  assert.deepEqual(result.predictions.map((p) => p.status), ["ok", "ok"]);
});

test("checkRequest covers every pre-send failure: a bad field, an unsupported model", () => {
  assert.match(labeler.checkRequest(request(LONG_LIVED, { labels: [] })).message, /^labels:/);
  assert.equal(labeler.checkRequest(request(LONG_LIVED, { modelId: "cohere.command-r-v1:0" })).code, "Unsupported");
  assert.match(labeler.checkRequest({ credentials: { ...TEMPORARY, expiration: "soon" } }).message, /^credentials\.expiration:/);
});

test("no secret in results, raw output, progress events or errors (success, bad labels, AWS errors)", async () => {
  const seen = [];
  const record = (e) => seen.push(JSON.stringify(e));
  const runs = [
    () => labeler.predictLabels(request(TEMPORARY), record),
    async () => {
      emu.config.misbehave = "bad-labels";
      try {
        return await labeler.predictLabels(request(TEMPORARY, { texts: ["one", "two", "three"] }), record);
      } finally {
        emu.config.misbehave = null;
      }
    },
    () => labeler.predictLabels(request(TEMPORARY, { texts: ["[[emulate:ThrottlingException]] x"] }), record),
    () => labeler.predictLabels(request({ ...TEMPORARY, secretAccessKey: "x" + TEMPORARY.secretAccessKey.slice(1) }), record),
    () => labeler.predictLabels(request(EXPIRED), record),
  ];
  for (const run of runs) record(await run().catch((e) => e));
  const all = seen.join("\n");
  assert.match(all, /"raw"/, "bad labels kept the model's raw output");
  assert.match(all, /InvalidSignatureException/);
  assert.match(all, /ExpiredTokenException/);
  for (const secret of [TEMPORARY.secretAccessKey, TEMPORARY.sessionToken, EXPIRED.secretAccessKey, EXPIRED.sessionToken]) {
    assert.ok(!all.includes(secret), `${secret.slice(0, 8)}… leaked`);
    assert.ok(!all.includes(secret.slice(0, 12)), `a piece of ${secret.slice(0, 8)}… leaked`);
  }
});
