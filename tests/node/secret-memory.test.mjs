// After a call, no copy of the secret key or the session token is left in the wasm's memory:
// not as is, JSON-escaped (`\/`) or percent-encoded (either hex case). Copies our code owns are
// wiped (Zeroizing), and the global allocator zeroes every block freed, which reaches the
// copies aws-sigv4, serde-wasm-bindgen and the JS glue make. The calls below go through every
// path that handles the secrets: checking a request, signing, streaming, retries, failed items
// (redaction), and an InvalidSignatureException whose canonical request echoes the token.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { loadPackage } from "../lib/load-wasm.mjs";
import { startEmulator } from "../emulator/emulator.mjs";
import { TEMPORARY } from "../emulator/test-credentials.mjs";

const WRONG_SECRET = "emuWrongSecretKeyForThisTest/+=9999999999999";

/** The forms a secret's bytes can take in memory. */
function forms(secret) {
  const pct = (upper) => secret.replace(/[%/+=]/g, (c) => { const h = `%${c.charCodeAt(0).toString(16).toUpperCase()}`; return upper ? h : h.toLowerCase(); });
  return { plain: secret, "json-escaped": secret.replaceAll("/", "\\/"), "percent-encoded": pct(true), "percent-encoded (lower)": pct(false) };
}

function count(memory, needle) {
  const haystack = Buffer.from(memory.buffer);
  const bytes = Buffer.from(needle, "utf8");
  let n = 0;
  for (let at = haystack.indexOf(bytes); at !== -1; at = haystack.indexOf(bytes, at + 1)) n++;
  return n;
}

/** { "session token, plain": 2, … } for every form found at least once. */
function leftovers(memory) {
  const found = {};
  for (const [name, secret] of [["session token", TEMPORARY.sessionToken], ["secret key", TEMPORARY.secretAccessKey], ["wrong secret key", WRONG_SECRET]]) {
    for (const [form, text] of Object.entries(forms(secret))) {
      const n = count(memory, text);
      if (n) found[`${name}, ${form}`] = n;
    }
  }
  return found;
}

let emu;
before(async () => {
  emu = await startEmulator();
});
after(() => emu.close());

async function everyPath(labeler) {
  const base = { credentials: TEMPORARY, region: "us-east-1", modelId: "anthropic.claude-3-haiku-20240307-v1:0", labels: ["positive", "negative"], endpoint: emu.url };
  const texts = Array.from({ length: 9 }, (_, i) => (i % 3 === 0 ? `item ${i} [[emulate:ModelTimeoutException]]` : `positive item ${i}`));
  assert.equal(labeler.checkRequest({ ...base, texts }), null);
  const plain = await labeler.predictLabels({ ...base, texts, batchSize: 2 }, () => {});
  assert.ok(plain.predictions.some((p) => p.status === "ok") && plain.predictions.some((p) => p.status === "failed"));
  const streamed = await labeler.predictLabels({ ...base, texts: texts.map((t) => `${t} streamed`), batchSize: 2, stream: true }, () => {});
  assert.ok(streamed.predictions.some((p) => p.status === "ok"));
  emu.config.failNext = ["ThrottlingException", "InternalServerException"];
  const retried = await labeler.predictLabels({ ...base, texts: ["positive retried"] });
  assert.equal(retried.usage.retries, 2);
  // The emulator echoes the canonical request (with x-amz-security-token) in its answer.
  const refused = await labeler.predictLabels({ ...base, credentials: { ...TEMPORARY, secretAccessKey: WRONG_SECRET }, texts: ["positive refused"] }).catch((e) => e);
  assert.equal(refused.code, "InvalidSignatureException");
  assert.ok(!JSON.stringify(refused).includes(TEMPORARY.sessionToken.slice(0, 12)));
}

for (const name of ["labeler", "labeler-full"]) {
  test(`${name}: after calls on every path, no form of the secret key or the session token is left in the wasm's memory`, async (t) => {
    const { labeler, exports } = await loadPackage(name);
    assert.ok(exports.memory instanceof WebAssembly.Memory);
    // The scan does find text in the memory (a header name from the wasm's data section).
    assert.ok(count(exports.memory, "x-amz-security-token") > 0);
    await everyPath(labeler);
    const found = leftovers(exports.memory);
    const prefixes = [TEMPORARY.sessionToken, TEMPORARY.secretAccessKey, WRONG_SECRET].map((s) => count(exports.memory, s.slice(0, 12)));
    t.diagnostic(`memory ${exports.memory.buffer.byteLength} bytes; left: ${JSON.stringify(found)}; 12-character starts (token, key, wrong key): ${prefixes}`);
    assert.deepEqual(found, {}, "copies left in the wasm's memory");
  });
}
