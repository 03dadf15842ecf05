// An endpoint whose `Date` header SigV4 cannot express (year 10000) must not hang a call: the
// clock correction used to panic while signing the next request (a trap in the wasm, so the
// promise never settled and the popup stayed on "Predicting…"). The date is ignored instead.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { loadLabeler } from "../lib/load-wasm.mjs";
import { startHostileServer } from "../lib/hostile-server.mjs";
import { LONG_LIVED } from "../emulator/test-credentials.mjs";

const BAD_DATES = ["Sat, 01 Jan 10000 00:00:00 GMT", "Fri, 01 Jan 99999 00:00:00 GMT", "Mon, 01 Jan 1900 00:00:00 GMT"];

let labeler;
before(async () => {
  labeler = await loadLabeler();
});

const answer = (id, label) => ({
  content: [{ type: "tool_use", id: "toolu_1", name: "record_labels", input: { results: [{ id, label }] } }],
  stop_reason: "tool_use",
  usage: { input_tokens: 10, output_tokens: 5 },
});

/** Resolves with the call's outcome, or rejects with "hung" after `ms`. */
function settles(promise, ms = 15_000) {
  let timer;
  const hung = new Promise((_, reject) => (timer = setTimeout(() => reject(new Error(`predictLabels did not settle in ${ms} ms`)), ms)));
  return Promise.race([promise.then((r) => ({ ok: r }), (e) => ({ err: e })), hung]).finally(() => clearTimeout(timer));
}

const request = (url) => ({
  credentials: LONG_LIVED,
  region: "us-east-1",
  modelId: "anthropic.claude-3-haiku-20240307-v1:0",
  labels: ["positive", "negative"],
  texts: ["positive one", "positive two", "positive three"],
  batchSize: 1,
  endpoint: url,
});

for (const date of BAD_DATES) {
  test(`a success answered with Date "${date}" does not hang the call; every request is signed with our clock`, async () => {
    const server = await startHostileServer(() => ({ status: 200, headers: { date }, body: answer("1", "positive") }));
    try {
      const out = await settles(labeler.predictLabels(request(server.url)));
      assert.ok(out.ok, `resolved: ${JSON.stringify(out.err)}`);
      assert.deepEqual(out.ok.predictions.map((p) => p.status), ["ok", "ok", "ok"]);
      assert.equal(server.requests.length, 3);
      const year = new Date().getUTCFullYear();
      for (const r of server.requests) assert.match(r.headers["x-amz-date"], new RegExp(`^${year}`), "signed with our clock");
    } finally {
      await server.close();
    }
  });

  test(`a "Signature expired" refusal with Date "${date}" rejects the call instead of hanging`, async () => {
    const server = await startHostileServer(() => ({
      status: 403,
      headers: { date, "x-amzn-errortype": "InvalidSignatureException" },
      body: { message: "Signature expired: 20250102T030405Z is now earlier than 20250102T031605Z (100000101T000000Z - 5 min.)" },
    }));
    try {
      const out = await settles(labeler.predictLabels(request(server.url)));
      assert.ok(out.err, `rejected: ${JSON.stringify(out.ok)}`);
      assert.equal(out.err.code, "InvalidSignatureException");
      assert.match(out.err.message, /clock/);
    } finally {
      await server.close();
    }
  });
}
