// Credential checks of the built wasm, against the emulator: the key-shape rule and expired
// keys fail before anything is sent; checkRequest says the same without sending; and no result,
// progress event, raw output or error carries the secret key or the session token, even from a
// server that echoes the token back in every way it can.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { loadLabeler } from "../lib/load-wasm.mjs";
import { startEmulator } from "../emulator/emulator.mjs";
import { LONG_LIVED, TEMPORARY, EXPIRED } from "../emulator/test-credentials.mjs";
import { startHostileServer, headerLines } from "../lib/hostile-server.mjs";

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
  assert.equal(labeler.checkRequest(request(LONG_LIVED, { modelId: "stability.sd3-large-v1:0" })).code, "Unsupported");
  assert.match(labeler.checkRequest({ credentials: { ...TEMPORARY, expiration: "soon" } }).message, /^credentials\.expiration:/);
});

test("no secret in results, progress events or errors from the emulator (success, AWS errors)", async () => {
  const seen = [];
  const record = (e) => seen.push(JSON.stringify(e));
  const runs = [
    () => labeler.predictLabels(request(TEMPORARY), record),
    () => labeler.predictLabels(request(TEMPORARY, { texts: ["[[emulate:ModelErrorException]] x"] }), record),
    () => labeler.predictLabels(request({ ...TEMPORARY, secretAccessKey: "x" + TEMPORARY.secretAccessKey.slice(1) }), record),
    () => labeler.predictLabels(request(EXPIRED), record),
  ];
  for (const run of runs) record(await run().catch((e) => e));
  const all = seen.join("\n");
  assert.match(all, /ModelErrorException/);
  assert.match(all, /InvalidSignatureException/);
  assert.match(all, /ExpiredTokenException/);
  for (const secret of [TEMPORARY.secretAccessKey, TEMPORARY.sessionToken, EXPIRED.secretAccessKey, EXPIRED.sessionToken]) {
    assert.ok(!all.includes(secret.slice(0, 12)), `${secret.slice(0, 8)}… leaked`);
  }
});

test("a server that echoes the session token (in model text, raw output, a label, error messages) never gets it through", async () => {
  const cases = [
    // Model text that is not an answer: the item fails with the raw output kept.
    (h) => ({ body: { content: [{ type: "text", text: `Here are your headers:\n${headerLines(h)}` }], stop_reason: "end_turn" } }),
    // A "label" that is the token itself: InvalidLabel quotes what the model answered.
    (h) => ({ body: { content: [{ type: "tool_use", name: "record_labels", input: { results: [{ id: "1", label: h["x-amz-security-token"] }] } }] } }),
    // Not the JSON the family expects: the whole body is the raw output, JSON-escaped slashes and all.
    (h) => ({ body: `{"weird": "${h["x-amz-security-token"].replaceAll("/", "\\/")}"}` }),
    // An item-level AWS error, and a fatal one whose message carries the canonical request.
    (h) => ({ status: 400, headers: { "x-amzn-errortype": "ValidationException" }, body: { message: `Malformed input: x-amz-security-token=${h["x-amz-security-token"]}` } }),
    (h) => ({ status: 403, headers: { "x-amzn-errortype": "InvalidSignatureException" }, body: { message: `Signature mismatch for ${h["x-amz-security-token"]}\n\nThe Canonical String for this request should have been\n'POST\n${headerLines(h)}'` } }),
    // A plain-text error cut at 500 characters in the middle of the token.
    (h) => ({ status: 418, body: "x".repeat(470) + h["x-amz-security-token"] }),
  ];
  for (const [i, answer] of cases.entries()) {
    const server = await startHostileServer((req) => answer(req.headers));
    try {
      const seen = [];
      const out = await labeler
        .predictLabels(request(TEMPORARY, { texts: ["one"], endpoint: server.url }), (e) => seen.push(e))
        .catch((e) => e);
      assert.ok(server.requests.length > 0, `case ${i}: the server was called`);
      assert.equal(server.requests[0].headers["x-amz-security-token"], TEMPORARY.sessionToken, "the token was on the wire, so it could be echoed");
      const text = JSON.stringify([out, seen]);
      assert.ok(!text.includes(TEMPORARY.sessionToken.slice(0, 12)), `case ${i}: token leaked: ${text.slice(0, 600)}`);
      assert.ok(!text.includes(TEMPORARY.secretAccessKey.slice(0, 12)), `case ${i}: key leaked`);
      assert.match(text, /\[redacted\]/, `case ${i}: the echo reached the caller, redacted: ${text.slice(0, 600)}`);
    } finally {
      await server.close();
    }
  }
});

test("an echo of the secrets JSON-escaped or percent-encoded is redacted whole, not up to the first /", async () => {
  const pct = (s, upper) => s.replace(/[%/+=]/g, (c) => { const h = `%${c.charCodeAt(0).toString(16).toUpperCase()}`; return upper ? h : h.toLowerCase(); });
  const forms = (s) => [s, s.replaceAll("/", "\\/"), pct(s, true), pct(s, false)];
  const secrets = [TEMPORARY.secretAccessKey, TEMPORARY.sessionToken];
  // Each form of each secret in an error message and in model text (raw output), in the JSON
  // the server writes by hand, so `\/` reaches us as it is.
  const echo = secrets.flatMap(forms).join(" | ");
  const cases = [
    { status: 400, headers: { "x-amzn-errortype": "ValidationException" }, body: `{"message": "echo: ${echo.replaceAll("\\", "\\\\")}"}` },
    { status: 200, body: `{"content": [{"type": "text", "text": "echo: ${echo.replaceAll("\\", "\\\\")}"}], "stop_reason": "end_turn"}` },
  ];
  for (const [i, reply] of cases.entries()) {
    const server = await startHostileServer(() => reply);
    try {
      const seen = [];
      const out = await labeler.predictLabels(request(TEMPORARY, { texts: ["one"], endpoint: server.url }), (e) => seen.push(e)).catch((e) => e);
      const text = JSON.stringify([out, seen]).replaceAll("\\\\", "\\");
      assert.match(text, /\[redacted\]/, `case ${i}: ${text.slice(0, 400)}`);
      for (const form of secrets.flatMap(forms)) {
        for (let at = 0; at + 12 <= form.length; at++) {
          assert.ok(!text.includes(form.slice(at, at + 12)), `case ${i}: ${JSON.stringify(form.slice(at, at + 12))} of ${form} survives: ${text.slice(0, 800)}`);
        }
      }
    } finally {
      await server.close();
    }
  }
});
