// Files into projects, in Node with fake-indexeddb and the real wasm parser: a CSV becomes a
// project with its rows; a Label Studio file's predictions become an imported run and its
// annotations reviews (accepted or corrected against that run); a project file exported and
// imported again is the same project under a new id, with no credential anywhere; the run
// figures (cost from frozen prices), the seeded shuffle and the price table.
import "fake-indexeddb/auto";
import { IDBFactory } from "fake-indexeddb";
import { test } from "node:test";
import assert from "node:assert/strict";
import { openStore } from "../../extension/workspace/store.js";
import { importFile } from "../../extension/workspace/importer.js";
import { projectFile, importProjectFile } from "../../extension/workspace/project-file.js";
import { runCost, newRun, addUsage, zeroUsage, totalUsage } from "../../extension/workspace/run-record.js";
import { shuffle, rowsToSend, passesOf } from "../../extension/workspace/passes.js";
import { pricesFor, priceKey, DEFAULT_PRICES, cost } from "../../extension/workspace/prices.js";
import { RunStats, formatUsd, formatDuration, formatTokens } from "../../extension/workspace/stats.js";
import { defaultSettings } from "../../extension/workspace/settings.js";
import { loadLabeler } from "../lib/load-wasm.mjs";

const enc = (s) => new TextEncoder().encode(s);

test("a CSV becomes a project; a Label Studio file brings its predictions as a run and its annotations as reviews", async () => {
  const { parseDataset } = await loadLabeler();
  const store = await openStore(new IDBFactory());
  const csv = await importFile(store, parseDataset, { bytes: enc("id,text,label\n1,good,pos\n2,bad,neg\n"), fileName: "a.csv", defaults: { region: "eu-west-1", labels: "pos, neg" }, now: 1000 });
  assert.deepEqual([csv.rowCount, csv.goldColumn, csv.settings.textColumn, csv.settings.region], [2, 2, 1, "eu-west-1"]);
  assert.deepEqual(csv.settings.labels.map((l) => [l.name, l.color]), [["pos", "teal"], ["neg", "blue"]]);
  assert.deepEqual((await store.projects.rows(csv.id, 2)).rows, [["1", "good", "pos"], ["2", "bad", "neg"]]);

  const tasks = [
    { id: 5, data: { text: "good" }, predictions: [{ model_version: "m1", score: 0.9, result: [{ type: "choices", value: { choices: ["pos"] } }] }], annotations: [{ result: [{ type: "choices", value: { choices: ["pos"] } }] }] },
    { id: 6, data: { text: "bad" }, predictions: [{ model_version: "m1", result: [{ type: "choices", value: { choices: ["pos"] } }] }], annotations: [{ result: [{ type: "choices", value: { choices: ["neg"] } }] }, { was_cancelled: true, result: [] }] },
  ];
  const ls = await importFile(store, parseDataset, { bytes: enc(JSON.stringify(tasks)), fileName: "ls.json", now: 2000 });
  const [run] = await store.runs.list(ls.id);
  assert.deepEqual([run.kind, run.name, run.status, run.counts[0].ok], ["imported", "m1", "done", 2]);
  assert.deepEqual((await store.runs.predictions(run.id)).map((p) => [p.index, p.labels, p.score]), [[0, ["pos"], 0.9], [1, ["pos"], undefined]]);
  const reviews = await store.projects.reviews(ls.id);
  assert.deepEqual(reviews.map((r) => [r.index, r.status, r.labels]), [[0, "accepted", ["pos"]], [1, "corrected", ["neg"]]]);
  const { extras } = await store.projects.rows(ls.id, 2);
  assert.deepEqual(extras.get(1), { id: 6, annotations: [{ was_cancelled: true, result: [] }] }, "the other annotation is kept with its row");
  await assert.rejects(importFile(store, parseDataset, { bytes: enc("text\n"), fileName: "empty.csv" }), { code: "InvalidInput", message: /no rows/ });
});

test("a project file: exported, imported again under a new id, the same rows, runs, predictions and reviews; no key", async () => {
  const { parseDataset } = await loadLabeler();
  const store = await openStore(new IDBFactory());
  const p = await importFile(store, parseDataset, { bytes: enc("text\ngood\nbad\n"), fileName: "a.csv", now: 1 });
  const run = newRun(p, { id: 77, now: 2, number: 1, prices: [[0.001, 0.005], null] });
  await store.runs.savePredictions(run, [{ prediction: { pass: 0, index: 0, labels: ["x"], status: "ok" }, cacheKey: null }]);
  await store.reviews.set(p.id, 0, { status: "accepted", labels: ["x"], runId: 77, at: 3 });
  const file = JSON.parse(JSON.stringify(await projectFile(store, p)));
  assert.equal(file.format, "bedrock-labeler-project");
  assert.doesNotMatch(JSON.stringify(file), /secretAccessKey|sessionToken|credentials/);
  const copy = await importProjectFile(store, file, 5000);
  assert.notEqual(copy.id, p.id);
  assert.deepEqual((await store.projects.rows(copy.id, 2)).rows, [["good"], ["bad"]]);
  const [r] = await store.runs.list(copy.id);
  assert.notEqual(r.id, 77);
  assert.deepEqual((await store.runs.predictions(r.id)).map((x) => x.labels), [["x"]]);
  assert.deepEqual((await store.projects.reviews(copy.id)).map((x) => [x.status, x.runId]), [["accepted", r.id]], "the review points at the copied run");
  assert.equal((await store.runs.list(p.id)).length, 1, "the original is untouched");
  await assert.rejects(importProjectFile(store, { format: "other" }), { code: "InvalidInput" });
});

test("run figures: usage counted once from running totals, cost from the prices frozen at the start", () => {
  const run = newRun({ id: "p", settings: defaultSettings() }, { id: 1, now: 1, number: 1, prices: [[0.001, 0.005], [0.002, 0.01]] });
  let seen = { inputTokens: 0, outputTokens: 0, requests: 0, retries: 0 };
  seen = addUsage(run, 0, { inputTokens: 1000, outputTokens: 100, requests: 1, retries: 0 }, seen);
  seen = addUsage(run, 0, { inputTokens: 3000, outputTokens: 300, requests: 3, retries: 2 }, seen);
  assert.deepEqual(run.usage[0], { inputTokens: 3000, outputTokens: 300, cacheReadInputTokens: 0, cacheWriteInputTokens: 0, requests: 3, retries: 2 });
  addUsage(run, 1, { inputTokens: 1000, outputTokens: 100, requests: 1, retries: 0 }, { inputTokens: 0, outputTokens: 0, requests: 0, retries: 0 });
  assert.ok(Math.abs(runCost(run) - (0.003 + 0.0015 + 0.002 + 0.001)) < 1e-12);
  run.prices[1] = null;
  assert.ok(Number.isNaN(runCost(run)), "an unknown price is not a zero cost");
});

test("run figures: prompt-cache reads and writes are counted and priced at the run's frozen cache prices", () => {
  const run = newRun({ id: "p", settings: defaultSettings() }, { id: 1, now: 1, number: 1, prices: [[0.003, 0.015, 0.0003, 0.00375], null] });
  addUsage(run, 0, { inputTokens: 1000, outputTokens: 100, cacheReadInputTokens: 20000, cacheWriteInputTokens: 2000, requests: 10, retries: 0 }, zeroUsage());
  assert.equal(totalUsage(run).cacheReadInputTokens, 20000);
  const want = 1 * 0.003 + 0.1 * 0.015 + 20 * 0.0003 + 2 * 0.00375;
  assert.ok(Math.abs(runCost(run) - want) < 1e-12, `${runCost(run)} vs ${want}`);
  // A run stored before the cache figures existed has none: they count from 0.
  const old = newRun({ id: "p", settings: defaultSettings() }, { id: 2, now: 2, number: 2, prices: [[0.003, 0.015], null] });
  old.usage[0] = { inputTokens: 10, outputTokens: 1, requests: 1, retries: 0 };
  addUsage(old, 0, { inputTokens: 10, outputTokens: 1, cacheReadInputTokens: 5, requests: 1, retries: 0 }, zeroUsage());
  assert.equal(old.usage[0].cacheReadInputTokens, 5);
  assert.equal(formatTokens(totalUsage(old)), "20 in / 2 out · cache 5 read, 0 written");
});

test("passes: a reordered second opinion is a seeded shuffle of every row, the same after a resume", () => {
  const s = { ...defaultSettings(), secondOpinion: "reorder" };
  assert.deepEqual(passesOf(s), [0, 1]);
  assert.deepEqual(passesOf(defaultSettings()), [0]);
  const all = rowsToSend(s, 10, new Map(), 1, 42);
  assert.deepEqual([...all].sort((a, b) => a - b), [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  assert.notDeepEqual(all, [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  const resumed = rowsToSend(s, 10, new Map([[all[0], {}], [all[1], {}]]), 1, 42);
  assert.deepEqual(resumed, all.slice(2), "the order it started with");
  assert.deepEqual(shuffle([1, 2, 3], 7), shuffle([1, 2, 3], 7));
  assert.deepEqual(rowsToSend(s, 3, new Map([[1, {}]]), 0, 42), [0, 2], "pass 0 in row order");
});

test("prices and run statistics", () => {
  assert.equal(priceKey("global.anthropic.claude-haiku-4-5-20251001-v1:0"), "anthropic.claude-haiku-4-5");
  assert.deepEqual(pricesFor("us.anthropic.claude-3-5-sonnet-20241022-v2:0", DEFAULT_PRICES), DEFAULT_PRICES["anthropic.claude-3-5-sonnet"]);
  assert.equal(pricesFor("unknown.model", DEFAULT_PRICES), null);
  assert.equal(cost([0.001, 0.002], 1000, 1000), 0.003);
  const stats = new RunStats(100);
  for (let t = 0; t < 10; t++) stats.add({ status: "ok" }, 1000 * t);
  assert.equal(Math.round(stats.ratePerMinute(10_000)), 60);
  assert.equal(formatUsd(0.0042), "$0.0042");
  assert.equal(formatDuration(125_000), "2 min 5 s");
});
