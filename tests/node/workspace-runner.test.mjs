// The workspace's runner with a fake predictLabels and fake-indexeddb: a run uses its own
// frozen settings when resumed, whatever the project's settings say now; tokens, requests and
// counts are stored with the predictions; pause keeps what finished and resume sends the rest;
// a second opinion (another model, or the same model with the rows reordered) is a second pass
// mapped back to the right rows; a reasons run keeps each reason.
import "fake-indexeddb/auto";
import { IDBFactory } from "fake-indexeddb";
import { test } from "node:test";
import assert from "node:assert/strict";
import { openStore } from "../../extension/workspace/store.js";
import { Runner, KEY_CHUNK, CALL_ROWS } from "../../extension/workspace/runner.js";
import { MAX_BATCH } from "../../extension/workspace/saver.js";
import { newRun, totalUsage } from "../../extension/workspace/run-record.js";
import { defaultSettings } from "../../extension/workspace/settings.js";
import { labelsFromText } from "../../extension/workspace/labels.js";
import { expectedLabel } from "../emulator/labeling-rule.mjs";
import { fakeLabeler } from "../lib/fake-labeler.mjs";
import { fakeStorage } from "../lib/fake-chrome.mjs";
import { AdaptationMemory } from "../../extension/adaptations.js";

const CREDS = { accessKeyId: "AKIAIOSFODNN7EXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY" };
const TEXTS = Array.from({ length: 20 }, (_, i) => `row ${i} is ${["good", "bad", "meh"][i % 3]}`);

async function setup(settings = {}) {
  const store = await openStore(new IDBFactory());
  const project = { id: "p", name: "p", createdAt: 1, updatedAt: 1, columns: ["text"], rowCount: TEXTS.length, settings: { ...defaultSettings(), labels: labelsFromText("good, bad, meh"), batchSize: 5, ...settings } };
  await store.projects.put(project);
  return { store, project };
}

const maps = () => [new Map(), new Map()];

test("resume uses the run's frozen settings, not the project's current ones; usage and counts are stored", async () => {
  const { store, project } = await setup();
  const labeler = fakeLabeler({ delayMs: 1 });
  const runner = new Runner({ labeler, store });
  const run = newRun(project, { id: 7, now: 7, number: 1 });
  const predictions = maps();
  const going = runner.start({ run, texts: TEXTS, predictions, credentials: CREDS });
  while (predictions[0].size < 4) await new Promise((r) => setTimeout(r, 1));
  runner.stop("paused");
  const first = await going;
  assert.equal(first.status, "paused");
  const kept = predictions[0].size;
  assert.ok(kept >= 4 && kept < 20, `${kept}`);

  // The form changes the labels and the model; the run does not.
  project.settings.labels = labelsFromText("positive, negative");
  project.settings.modelId = "other.model";
  const stored = (await store.runs.list("p"))[0];
  const reread = [new Map(), new Map()];
  for (const p of await store.runs.predictions(7)) reread[p.pass].set(p.index, p);
  assert.equal(reread[0].size, kept, "what was shown done is stored");
  const second = await runner.start({ run: stored, texts: TEXTS, predictions: reread, credentials: CREDS });
  assert.equal(second.status, "done");
  for (const call of labeler.calls) {
    assert.deepEqual(call.labels, ["good", "bad", "meh"]);
    assert.equal(call.modelId, defaultSettings().modelId);
    assert.equal(call.hasCredentials, true);
  }
  const resumedTexts = labeler.calls.slice(-1)[0].texts;
  assert.equal(resumedTexts.length, 20 - kept, "only rows not done are sent again");
  const final = (await store.runs.list("p"))[0];
  assert.equal(final.status, "done");
  assert.deepEqual(final.counts[0], { ok: 20, failed: 0, cached: 0 });
  assert.deepEqual(totalUsage(final), { inputTokens: 2000, outputTokens: 200, cacheReadInputTokens: 0, cacheWriteInputTokens: 0, requests: 20, retries: 0 }, "tokens of both segments survive");
  assert.ok(!JSON.stringify(await store.runs.list("p")).includes(CREDS.secretAccessKey), "no key in the run record");
});

test("a run of the same rows again is answered from the cache; a reordered second opinion is asked anew, in another order, mapped back", async () => {
  const { store, project } = await setup({ secondOpinion: "reorder" });
  const labeler = fakeLabeler();
  const runner = new Runner({ labeler, store });
  const predictions = maps();
  const run = newRun(project, { id: 8, now: 8, number: 1 });
  assert.equal((await runner.start({ run, texts: TEXTS, predictions, credentials: CREDS })).status, "done");
  assert.equal(labeler.calls.length, 2, "one call per pass");
  const [main, second] = labeler.calls;
  assert.deepEqual(main.texts, TEXTS);
  assert.deepEqual([...second.texts].sort(), [...TEXTS].sort(), "the same rows");
  assert.notDeepEqual(second.texts, TEXTS, "in another order");
  for (let i = 0; i < TEXTS.length; i++) assert.deepEqual(predictions[1].get(i).labels, predictions[0].get(i).labels, `row ${i} mapped back`);

  const again = maps();
  await runner.start({ run: newRun(project, { id: 9, now: 9, number: 2 }), texts: TEXTS, predictions: again, credentials: CREDS });
  assert.equal(labeler.calls.length, 3, "pass 0 from the cache, pass 1 asked");
  assert.ok([...again[0].values()].every((p) => p.cached));
  assert.ok([...again[1].values()].every((p) => !p.cached));
});

test("a second model answers the second pass; a request-level failure pauses the run with its error", async () => {
  const { store, project } = await setup({ secondOpinion: "model", secondModelId: "second.model" });
  const labeler = fakeLabeler({ override: (text, req) => (req.modelId === "second.model" && text.includes("row 3 ") ? ["meh"] : null) });
  const predictions = maps();
  await new Runner({ labeler, store }).start({ run: newRun(project, { id: 10, now: 10, number: 1 }), texts: TEXTS, predictions, credentials: CREDS });
  assert.deepEqual(labeler.calls.map((c) => c.modelId), [defaultSettings().modelId, "second.model"]);
  const differ = TEXTS.map((_, i) => i).filter((i) => predictions[0].get(i).labels[0] !== predictions[1].get(i).labels[0]);
  assert.deepEqual(differ, [3]);

  await store.cache.clear();
  const failing = fakeLabeler({ failWith: { code: "ExpiredTokenException", message: "expired" } });
  const run = newRun(project, { id: 11, now: 11, number: 2 });
  const out = await new Runner({ labeler: failing, store }).start({ run, texts: TEXTS, predictions: maps(), credentials: CREDS });
  assert.equal(out.status, "error");
  const stored = (await store.runs.list("p")).find((r) => r.id === 11);
  assert.deepEqual([stored.status, stored.error.code], ["paused", "ExpiredTokenException"]);
});

test("reasons: a reasons run sends the field and keeps each prediction's reason", async () => {
  const { store, project } = await setup({ reasons: true });
  const labeler = fakeLabeler();
  const predictions = maps();
  const out = await new Runner({ labeler, store }).start({ run: newRun(project, { id: 12, now: 12, number: 1 }), texts: TEXTS.slice(0, 3), predictions, credentials: CREDS });
  assert.equal(out.status, "done", JSON.stringify(out.error));
  assert.equal(labeler.calls[0].reasons, true);
  assert.equal(typeof predictions[0].get(0).reason, "string");
});

test("refusals the model adapted to (kept in a faked chrome.storage.session) go with the run's requests, and new ones are reported", async () => {
  const storage = fakeStorage();
  globalThis.chrome = { storage };
  try {
    const memory = await new AdaptationMemory(storage.session).load();
    const model = defaultSettings().modelId;
    await memory.remember(model, ["no-temperature"]);
    const { store, project } = await setup();
    const labeler = fakeLabeler({ adapt: ["no-structured-output"] });
    const out = await new Runner({ labeler, store }).start({ run: newRun(project, { id: 13, now: 13, number: 1 }), texts: TEXTS.slice(0, 2), predictions: maps(), credentials: CREDS, adaptations: { [model]: memory.for(model) } });
    assert.deepEqual(labeler.calls[0].adaptations, ["no-temperature"]);
    assert.deepEqual(out.adaptations, { [model]: ["no-structured-output"] });
    assert.deepEqual(out.warnings.map((w) => w.code), ["Adapted"]);
    for (const [m, list] of Object.entries(out.adaptations)) await memory.remember(m, list);
    assert.deepEqual((await storage.session.get("adaptations")).adaptations[model], ["no-structured-output", "no-temperature"]);
  } finally {
    delete globalThis.chrome;
  }
});

test("at scale: cache keys and lookups go a chunk at a time, a transaction holds at most MAX_BATCH answers, no answer keeps a copy of its text", async () => {
  const n = KEY_CHUNK * 2 + 3;
  const texts = Array.from({ length: n }, (_, i) => `row ${i} is ${["good", "bad", "meh"][i % 3]}`);
  const { store, project } = await setup({ batchSize: 50, concurrency: 16 });
  const labeler = fakeLabeler();
  const keyCalls = [];
  const cacheKeys = labeler.cacheKeys;
  labeler.cacheKeys = (req) => (keyCalls.push(req.texts.length), cacheKeys(req));
  const saves = [];
  const savePredictions = store.runs.savePredictions.bind(store.runs);
  store.runs.savePredictions = (run, entries) => (saves.push(entries.length), savePredictions(run, entries));
  const predictions = maps();
  const out = await new Runner({ labeler, store }).start({ run: newRun(project, { id: 20, now: 20, number: 1 }), texts, predictions, credentials: CREDS });
  assert.equal(out.status, "done");
  assert.deepEqual(keyCalls, [KEY_CHUNK, KEY_CHUNK, 3]);
  assert.ok(Math.max(...saves) <= MAX_BATCH, `batches of ${Math.max(...saves)}`);
  const stored = await store.runs.predictions(20);
  assert.equal(stored.length, n);
  assert.equal(new Set(stored.map((p) => p.index)).size, n);
  assert.ok(stored.every((p) => !("text" in p)) && [...predictions[0].values()].every((p) => !("text" in p)), "texts stay in the rows only");
  // Again: every row from the cache, still at most MAX_BATCH to a transaction.
  saves.length = 0;
  const again = maps();
  await new Runner({ labeler, store }).start({ run: newRun(project, { id: 21, now: 21, number: 2 }), texts, predictions: again, credentials: CREDS });
  assert.equal(again[0].size, n);
  assert.ok([...again[0].values()].every((p) => p.cached && !("text" in p)));
  assert.ok(Math.max(...saves) <= MAX_BATCH);
});

test("at scale: the rows go CALL_ROWS per predictLabels call, each row once, to the right row, usage summed over the calls; what one call adapted to goes with the next", async () => {
  const n = CALL_ROWS * 2 + 7;
  const texts = Array.from({ length: n }, (_, i) => `row ${i} is ${["good", "bad", "meh"][i % 3]}`);
  const { store, project } = await setup({ batchSize: 50, concurrency: 16 });
  const labeler = fakeLabeler({ adapt: ["no-temperature"] });
  const predictions = maps();
  const out = await new Runner({ labeler, store }).start({ run: newRun(project, { id: 30, now: 30, number: 1 }), texts, predictions, credentials: CREDS });
  assert.equal(out.status, "done", JSON.stringify(out.error));
  assert.deepEqual(labeler.calls.map((c) => c.texts.length), [CALL_ROWS, CALL_ROWS, 7]);
  assert.deepEqual(labeler.calls.map((c) => c.adaptations ?? []), [[], ["no-temperature"], ["no-temperature"]]);
  assert.equal(predictions[0].size, n);
  const names = project.settings.labels.map((l) => l.name);
  for (const i of [0, CALL_ROWS - 1, CALL_ROWS, 2 * CALL_ROWS + 6]) assert.deepEqual(predictions[0].get(i).labels, [expectedLabel(texts[i], names)], `row ${i}`);
  const run = (await store.runs.list(project.id)).find((r) => r.id === 30);
  assert.equal(totalUsage(run).requests, n, "the fake answers one request per text: every call's usage counted once");
  assert.deepEqual(out.adaptations, { [project.settings.modelId]: ["no-temperature"] });
  assert.equal(out.warnings.length, 1, "the same warning from each call is said once");
});
