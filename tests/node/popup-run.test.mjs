// The popup's runs in the service worker, with a fake chrome.storage and a fake predictLabels
// (extension/run-state.js, run-status.js, run-host.js, run-client.js, draft-store.js): every
// item ends with a prediction or an error saying why; retries are shown as they happen, from
// the retry progress event or the usage events' count; Cancel and a lost worker are said; the
// stored run never holds credentials.
import { test } from "node:test";
import assert from "node:assert/strict";
import { fakeStorage, settle } from "../lib/fake-chrome.mjs";
import { RUN_KEY, newRun, applyEvent, finishRun, failRun, interruptRun, counts } from "../../extension/run-state.js";
import { statusText, retryText } from "../../extension/run-status.js";
import { RunHost } from "../../extension/run-host.js";
import { RunClient } from "../../extension/run-client.js";
import { loadDraft, draftSaver } from "../../extension/draft-store.js";

const SECRET = "emuTemporarySecretKey/111111111111111111111";
const TOKEN = "IQoJb3JpZ2luX2VjEmulatorSessionToken/2222222222222222222222222222222222222222==";
const request = (texts) => ({ credentials: { accessKeyId: "ASIAEMULATORROLE0001", secretAccessKey: SECRET, sessionToken: TOKEN }, region: "us-east-1", modelId: "m", labels: ["a", "b"], texts });
const ok = (index, text, label = "a") => ({ index, text, labels: [label], status: "ok" });
const failed = (index, text, code, message = `${code}!`) => ({ index, text, labels: [], status: "failed", error: { code, message } });
const usage = (retries = 0, requests = 1) => ({ inputTokens: 10, outputTokens: 2, requests, retries });

test("status: progress, retries by reason (each counted once, whichever event reports it first), and endings that count failures", () => {
  const run = newRun("r", ["one", "two"], "m", 0);
  assert.equal(statusText(run), "0 of 2 done");
  applyEvent(run, { type: "retry", retry: { code: "ThrottlingException", message: "slow down", attempt: 1, retries: 4, waitMs: 500 } }, 1);
  applyEvent(run, { type: "usage", usage: usage(1, 1) }, 2); // the same retry, counted by usage: still one
  applyEvent(run, { type: "retry", retry: { code: "ThrottlingException", attempt: 2, retries: 4, waitMs: 900 } }, 3);
  applyEvent(run, { type: "retry", retry: { code: "ThrottlingException", attempt: 3, retries: 4, waitMs: 1800 } }, 4);
  assert.equal(statusText(run), "0 of 2 done · Throttled, retrying (3)…");
  // The usage event of the third retry, after its retry event: still three.
  applyEvent(run, { type: "usage", usage: usage(3, 3) }, 4);
  assert.equal(statusText(run), "0 of 2 done · Throttled, retrying (3)…");
  applyEvent(run, { type: "prediction", prediction: ok(0, "one") }, 5);
  assert.equal(statusText(run), "1 of 2 done", "an answer clears the retry notice");
  // Usage events alone (no retry event): the count, without a reason.
  applyEvent(run, { type: "usage", usage: usage(4, 5) }, 6);
  assert.equal(statusText(run), "1 of 2 done · Retrying (4)…");
  finishRun(run, { predictions: [ok(0, "one"), failed(1, "two", "ThrottlingException")], usage: usage(4, 6) }, 7);
  assert.equal(statusText(run), "Done, 1 failed");
  assert.equal(statusText(finishRun(newRun("s", ["x"], "m", 0), { predictions: [ok(0, "x")], usage: usage() }, 1)), "Done");
  const other = newRun("o", ["x"], "m", 0);
  applyEvent(other, { type: "usage", usage: usage(1, 1) }, 1); // the usage event first this time
  applyEvent(other, { type: "retry", retry: { code: "NetworkError", attempt: 1 } }, 2);
  assert.equal(statusText(other), "0 of 1 done · Network error, retrying (1)…");
  assert.equal(retryText("ServiceUnavailableException", 2), "Bedrock unavailable, retrying (2)…");
  assert.equal(retryText("SomethingNew", 1), "Retrying (1)…");
});

test("cancelled and interrupted runs say what happened to every item", () => {
  const run = newRun("r", ["a", "b", "c"], "m", 0);
  run.cancelling = true;
  assert.match(statusText(run), /Cancelling/);
  finishRun(run, { predictions: [ok(0, "a"), failed(1, "b", "Cancelled"), failed(2, "c", "Cancelled")], usage: usage() }, 1);
  assert.equal(run.status, "cancelled");
  assert.equal(statusText(run), "Cancelled: 1 labeled, 2 not sent");

  const lost = newRun("l", ["a", "b", "c"], "m", 0);
  applyEvent(lost, { type: "prediction", prediction: ok(0, "a") }, 1);
  applyEvent(lost, { type: "prediction", prediction: failed(1, "b", "ModelErrorException") }, 1);
  interruptRun(lost, 2);
  assert.equal(statusText(lost), "Stopped: 1 labeled, 1 failed, 1 item not answered");
  assert.equal(lost.predictions[2].error.code, "Interrupted");
  assert.deepEqual(counts(lost), { total: 3, done: 2, ok: 1, failed: 1, notSent: 0, interrupted: 1 });
  assert.ok(lost.predictions.every(Boolean), "every item ends with a prediction or an error");

  const rejected = failRun(newRun("f", ["a"], "m", 0), { code: "ExpiredTokenException", message: "expired", requestId: "req-1" }, 1);
  assert.deepEqual(rejected.error, { code: "ExpiredTokenException", message: "expired", requestId: "req-1" });
  assert.equal(statusText(rejected), "");
});

/** A predictLabels that answers when told: `release()` resolves it with every item labelled "a". */
function controllablePredict() {
  const calls = [];
  const predictLabels = (req, onProgress, signal) =>
    new Promise((resolve, reject) => {
      const call = { req, onProgress, signal, resolve, reject };
      call.release = () => resolve({ predictions: req.texts.map((t, i) => ok(i, t)), usage: usage(), adaptations: ["no-temperature"] });
      signal.addEventListener("abort", () => resolve({ predictions: req.texts.map((t, i) => (i === 0 ? ok(0, t) : failed(i, t, "Cancelled"))), usage: usage() }));
      calls.push(call);
    });
  return { calls, predictLabels };
}

test("the host runs a call, stores its progress and result (never the credentials), and remembers adaptations", async () => {
  const storage = fakeStorage();
  const { calls, predictLabels } = controllablePredict();
  const remembered = [];
  const host = new RunHost({ predictLabels, area: storage.session, writeDelayMs: 1, newId: () => "run-1", remember: async (m, a) => remembered.push([m, a]) });
  const reply = await host.handle({ type: "run", request: request(["one", "two"]) });
  assert.equal(reply.ok, true);
  assert.equal(reply.run.status, "running");
  assert.equal((await host.handle({ type: "run", request: request(["x"]) })).error.code, "Busy", "one run at a time");

  calls[0].onProgress({ type: "retry", retry: { code: "ThrottlingException", attempt: 1, retries: 4, waitMs: 500 } });
  calls[0].onProgress({ type: "prediction", prediction: ok(0, "one") });
  await new Promise((r) => setTimeout(r, 10));
  let stored = storage.session.data.get(RUN_KEY);
  assert.equal(stored.predictions[0].labels[0], "a");
  assert.equal(stored.retries, 1);

  calls[0].release();
  await settle();
  await settle();
  stored = (await host.handle({ type: "state" })).run;
  assert.equal(stored.status, "done");
  assert.deepEqual(remembered, [["m", ["no-temperature"]]]);
  const everything = JSON.stringify([...storage.writes, reply]);
  assert.ok(!everything.includes(SECRET.slice(0, 12)) && !everything.includes(TOKEN.slice(0, 12)), "no secret stored or replied");
  assert.ok(storage.writes.every((w) => w.key === RUN_KEY));
});

test("cancel aborts the call; items not sent come back Cancelled", async () => {
  const storage = fakeStorage();
  const { calls, predictLabels } = controllablePredict();
  const host = new RunHost({ predictLabels, area: storage.session, newId: () => "run-2" });
  await host.handle({ type: "run", request: request(["a", "b", "c"]) });
  assert.equal((await host.handle({ type: "cancel", runId: "other" })).ok, false);
  assert.equal((await host.handle({ type: "cancel", runId: "run-2" })).ok, true);
  assert.equal(calls[0].signal.aborted, true);
  await settle();
  await settle();
  const run = (await host.handle({ type: "state" })).run;
  assert.equal(statusText(run), "Cancelled: 1 labeled, 2 not sent");
});

test("a rejected call is stored as failed with its error; a new worker marks a run it lost as interrupted", async () => {
  const storage = fakeStorage();
  const host = new RunHost({ predictLabels: async () => Promise.reject({ code: "AccessDeniedException", message: "no access" }), area: storage.session, newId: () => "run-3" });
  await host.handle({ type: "run", request: request(["a"]) });
  await settle();
  await settle();
  const failedRun = (await host.handle({ type: "state" })).run;
  assert.equal(failedRun.status, "failed");
  assert.equal(failedRun.error.code, "AccessDeniedException");

  // A worker stopped mid-run left this behind; the next one started by a message finds it.
  await storage.session.set({ [RUN_KEY]: { ...newRun("run-4", ["a", "b"], "m", 0), predictions: [ok(0, "a"), null] } });
  const next = new RunHost({ predictLabels: async () => assert.fail("nothing is sent"), area: storage.session });
  const run = (await next.handle({ type: "state" })).run;
  assert.equal(run.status, "interrupted");
  assert.equal(statusText(run), "Stopped: 1 labeled, 1 item not answered");
  assert.equal(storage.session.data.get(RUN_KEY).status, "interrupted", "and stored so");
});

test("the client sends messages to the worker and follows the stored run; an unreachable worker is an error", async () => {
  const storage = fakeStorage();
  const sent = [];
  const client = new RunClient({ runtime: { sendMessage: async (m) => (sent.push(m), { ok: true, run: null }) }, storage });
  const seen = [];
  client.watch((run) => seen.push(run?.id));
  await client.start(request(["a"]));
  await client.cancel("r");
  assert.equal(await client.current(), null);
  assert.deepEqual(sent.map((m) => m.type), ["run", "cancel", "state"]);
  await storage.session.set({ [RUN_KEY]: newRun("seen", ["a"], "m", 0) });
  await settle();
  assert.deepEqual(seen, ["seen"]);
  const down = new RunClient({ runtime: { sendMessage: async () => Promise.reject(new Error("Could not establish connection")) }, storage });
  assert.equal((await down.start(request(["a"]))).error.code, "WorkerUnavailable");
});

test("the texts draft is saved once typing pauses, and read back", async () => {
  const storage = fakeStorage();
  const draft = draftSaver(storage.session, 5);
  for (const t of ["p", "po", "pos"]) draft.save({ texts: t });
  await new Promise((r) => setTimeout(r, 20));
  assert.equal(storage.writes.length, 1);
  assert.deepEqual(await loadDraft(storage.session), { texts: "pos" });
  draft.save({ texts: "posi" });
  await draft.flush();
  assert.deepEqual(await loadDraft(storage.session), { texts: "posi" });
});
