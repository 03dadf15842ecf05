// The review loop's pure parts: a decision is shown as saved only once committed (a fake store
// that commits when told), decisions commit in order, undo walks back at least 50 of them;
// accept / reject / labels / spans give the right status; keys map to actions and never
// fire in a field; filters, search and low-confidence-first order; agreement and its summary;
// exports with model_labels and final_labels side by side.
import { test } from "node:test";
import assert from "node:assert/strict";
import { Review } from "../../extension/workspace/review.js";
import { actionFor } from "../../extension/workspace/keys.js";
import { rowOrder, distribution, distributionInChunks } from "../../extension/workspace/order.js";
import { agreement, agreementSummary } from "../../extension/workspace/agreement.js";
import { rowModel, forOrder } from "../../extension/workspace/rows-model.js";
import { exportTable, exportJsonl, csvParts, jsonlParts, EXPORT_CHUNK } from "../../extension/workspace/exports.js";

/** A review store whose writes wait until `release()`; `log` lists committed writes. */
function slowStore() {
  const waiting = [];
  const log = [];
  return {
    log,
    set: (projectId, index, review) => new Promise((resolve) => waiting.push(() => (log.push([index, review?.status ?? null]), resolve()))),
    release: () => waiting.splice(0).forEach((f) => f()),
    waiting: () => waiting.length,
  };
}
const settle = () => new Promise((r) => setTimeout(r, 0));
const ok = (labels, extra = {}) => ({ status: "ok", labels, ...extra });

test("a decision is saving until its transaction commits, then saved; a failed commit shows nothing saved", async () => {
  const store = slowStore();
  const review = new Review({ projectId: "p", task: "single", store, now: () => 5 });
  const done = review.accept(0, ok(["a"]), 1);
  await settle();
  assert.equal(review.isSaving(0), true);
  assert.equal(review.committed(0), null, "not shown as saved before the commit");
  assert.equal(review.current(0).status, "accepted");
  store.release();
  await done;
  assert.equal(review.isSaving(0), false);
  assert.deepEqual(review.committed(0), { status: "accepted", labels: ["a"], spans: [], runId: 1, at: 5 });

  const errors = [];
  const failing = new Review({ projectId: "p", task: "single", store: { set: async () => { throw new Error("disk full"); } }, onError: (e) => errors.push(e.message) });
  await failing.reject(3, 1);
  assert.equal(failing.committed(3), null);
  assert.equal(failing.isSaving(3), false);
  assert.deepEqual(errors, ["disk full"]);
});

test("statuses: accept, correct, reject; multi-label toggles; spans added and removed", async () => {
  const store = { set: async () => {} };
  const single = new Review({ projectId: "p", task: "single", store });
  await single.setLabel(0, "a", ok(["a"]));
  await single.setLabel(1, "b", ok(["a"]));
  await single.reject(2);
  assert.deepEqual([0, 1, 2].map((i) => single.committed(i).status), ["accepted", "corrected", "rejected"]);
  const multi = new Review({ projectId: "p", task: "multi", store });
  await multi.setLabel(0, "b", ok(["a"]));
  assert.deepEqual(multi.committed(0).labels, ["a", "b"]);
  assert.equal(multi.committed(0).status, "corrected");
  await multi.setLabel(0, "b", ok(["a"]));
  assert.deepEqual([multi.committed(0).labels, multi.committed(0).status], [["a"], "accepted"], "back to the model's answer");
  const spans = new Review({ projectId: "p", task: "spans", store });
  const model = ok([], { spans: [{ start: 0, end: 3, label: "LOC", text: "Ulm" }] });
  await spans.addSpan(0, { start: 8, end: 10, label: "PER", text: "Jo" }, model);
  assert.deepEqual(spans.committed(0).spans.map((s) => s.start), [0, 8]);
  assert.equal(spans.committed(0).status, "corrected");
  await spans.removeSpan(0, { start: 8, end: 10, label: "PER" }, model);
  assert.equal(spans.committed(0).status, "accepted");
});

test("undo: in order, at least 50 back, each undo committed", async () => {
  const store = slowStore();
  const review = new Review({ projectId: "p", task: "single", store });
  for (let i = 0; i < 60; i++) review.setLabel(i, "b", ok(["a"]));
  review.setLabel(0, "a", ok(["a"])); // row 0 decided twice
  while (store.log.length < 61) {
    await settle();
    store.release();
  }
  await review.settled();
  assert.equal(store.log.length, 61);
  assert.deepEqual(store.log.slice(0, 3), [[0, "corrected"], [1, "corrected"], [2, "corrected"]], "committed in the order decided");
  const undo = review.undo();
  await settle();
  store.release();
  assert.equal(await undo, 0);
  assert.equal(review.committed(0).status, "corrected", "row 0's earlier decision is back");
  for (let k = 0; k < 55; k++) {
    const u = review.undo();
    while (store.waiting() === 0) await settle();
    store.release();
    assert.equal(await u, 59 - k);
  }
  assert.equal(review.committed(59), null);
  assert.equal(review.committed(4), review.committed(4) && review.committed(4), "older rows keep their decision");
});

test("keys: J/K and arrows move, 1–9, A, X, Space, Z, Enter, ?; nothing in a field or with Ctrl", () => {
  const key = (k, extra = {}) => actionFor({ key: k, target: { tagName: "DIV" }, ...extra });
  assert.deepEqual([key("j"), key("ArrowDown"), key("K"), key("ArrowUp")], [{ type: "move", by: 1 }, { type: "move", by: 1 }, { type: "move", by: -1 }, { type: "move", by: -1 }]);
  assert.deepEqual(key("3"), { type: "label", n: 2 });
  assert.deepEqual(["a", "x", " ", "z", "Enter", "?", "Escape"].map((k) => key(k).type), ["accept", "reject", "skip", "undo", "open", "help", "close"]);
  assert.equal(key("0"), null);
  assert.equal(key("a", { target: { tagName: "INPUT" } }), null);
  assert.equal(key("a", { ctrlKey: true }), null);
});

test("filters, search, low confidence first; agreement; the label distribution", () => {
  const predictions = [new Map([[0, ok(["a"])], [1, ok(["b"])], [2, ok(["a", "b"])], [3, { status: "failed", labels: [] }]]), new Map([[0, ok(["a"])], [1, ok(["a"])], [2, ok(["a"])]])];
  const reviews = new Map([[1, { status: "corrected", labels: ["a"] }]]);
  const review = { current: (i) => reviews.get(i) ?? null, isSaving: () => false };
  const texts = ["Alpha", "beta", "gamma ALPHA", "delta", "eps"];
  const row = rowModel({ task: "multi", text: (i) => texts[i], predictions, review });
  const r = forOrder(row);
  assert.deepEqual([0, 1, 2, 3, 4].map((i) => row(i).status), ["predicted", "corrected", "predicted", "failed", "not labeled"]);
  assert.deepEqual([0, 1, 2].map((i) => row(i).score), [1, 0, 0.5]);
  assert.equal(row(0).auto, true, "both opinions agree: accepted by agreement");
  assert.deepEqual(rowOrder(5, r, { filter: "low" }), [1, 2]);
  assert.deepEqual(rowOrder(5, r, { lowFirst: true }), [1, 2, 0, 3, 4], "least agreement first");
  assert.deepEqual(rowOrder(5, r, { filter: "unreviewed" }), [0, 2, 3, 4]);
  assert.deepEqual(rowOrder(5, r, { filter: "disagree" }), [1]);
  assert.deepEqual(rowOrder(5, r, { filter: "label:b" }), [2]);
  assert.deepEqual(rowOrder(5, r, { search: "alpha" }), [0, 2]);
  assert.deepEqual(rowOrder(5, r, { filter: "pending" }), [4]);
  assert.equal(agreement("spans", ok([], { spans: [{ start: 1, end: 2, label: "x" }] }), ok([], { spans: [] })), 0);
  assert.equal(agreement("single", ok(["a"]), null), null);
  const d = distribution([0, 1, 2, 3, 4], r, [{ name: "a", color: "teal" }, { name: "b", color: "blue" }]);
  assert.deepEqual(d, { labels: [{ name: "a", color: "teal", count: 3 }, { name: "b", color: "blue", count: 1 }], none: 2, total: 5 });
  const s = agreementSummary([{ score: 1, correct: true }, { score: 1, correct: false }, { score: 0.5, correct: false }, { score: 0, correct: null }, { score: null, correct: true }]);
  assert.deepEqual([s.compared, s.agreed, s.low, s.agreeingAccuracy, s.disagreeingAccuracy], [4, 2, 2, 0.5, 0]);
});

test("exports: model_labels and final_labels side by side, review status, agreement", () => {
  const predictions = [new Map([[0, ok(["a"])], [1, ok(["b"], { reason: "because" })]]), new Map([[0, ok(["a"])], [1, ok(["a"])]])];
  const reviews = new Map([[1, { status: "corrected", labels: ["a"] }]]);
  const row = rowModel({ task: "single", text: (i) => ["x", "y", "z"][i], predictions, review: { current: (i) => reviews.get(i) ?? null, isSaving: () => false } });
  const table = exportTable(["text", "status"], [["x", "s"], ["y", "s"], ["z"]], row, "single");
  assert.deepEqual(table.columns, ["text", "status", "model_labels", "final_labels", "review_status", "agreement", "second_labels", "model_spans", "final_spans", "reason", "labeler_status", "error", "cached"]);
  assert.deepEqual(table.rows.map((r) => r.slice(2, 6)), [["a", "a", "accepted by agreement", "1"], ["b", "a", "corrected", "0"], ["", "", "not labeled", ""]]);
  assert.equal(table.rows[1][9], "because");
  assert.deepEqual(table.rows[2].slice(0, 2), ["z", ""], "a short row is filled");
  const lines = exportJsonl(["text"], [["x"], ["y"], ["z"]], row, "single").trim().split("\n").map((l) => JSON.parse(l));
  assert.deepEqual(lines.map((l) => [l.model_labels, l.final_labels, l.review_status, l.status]), [[["a"], ["a"], "accepted by agreement", "ok"], [["b"], ["a"], "corrected", "ok"], [[], [], "not labeled", "not labeled"]]);
});

test("streamed exports: the CSV and JSONL parts, 2,000 rows a chunk, join to exactly the whole export", async () => {
  const { loadLabeler } = await import("../lib/load-wasm.mjs");
  const labeler = await loadLabeler();
  const n = EXPORT_CHUNK * 2 + 7;
  const rows = Array.from({ length: n }, (_, i) => [`text ${i}, "q"\n`, i % 5 ? `=${i}` : ""]);
  const predictions = [new Map(rows.map((_, i) => [i, i % 3 ? ok([["a", "b"][i % 2]]) : { status: "failed", labels: [], error: { code: "X", message: "m" } }])), new Map()];
  const row = rowModel({ task: "single", text: (i) => rows[i][0], predictions, review: null });
  let pauses = 0;
  const pause = async () => pauses++;
  const csv = await csvParts(["text", "n"], rows, row, "single", labeler.toCsv, pause);
  assert.equal(csv.join(""), labeler.toCsv(exportTable(["text", "n"], rows, row, "single")));
  assert.equal(pauses, 3, "one pause after each chunk");
  const blobs = await csvParts(["text", "n"], rows, row, "single", labeler.toCsv, pause, (t) => new Blob([t]));
  assert.equal(await new Blob(blobs).text(), csv.join(""));
  const jsonl = await jsonlParts(["text", "n"], rows, row, "single", pause);
  assert.equal(jsonl.join(""), exportJsonl(["text", "n"], rows, row, "single"));
  assert.equal(jsonl.length, 3);
});

test("the distribution counted a chunk at a time is the same as at once; a stale count stops", async () => {
  const labels = [{ name: "a", color: "teal" }, { name: "b", color: "blue" }];
  const row = (i) => ({ final: i % 5 === 0 ? null : i % 2 ? ["a"] : ["b"], model: i % 10 === 0 ? null : ["a"] });
  const rows = Array.from({ length: 12_345 }, (_, i) => i);
  let pauses = 0;
  const chunked = await distributionInChunks(rows, row, labels, { chunk: 1000, pause: async () => pauses++ });
  assert.deepEqual(chunked, distribution(rows, row, labels));
  assert.equal(pauses, 13);
  assert.equal(await distributionInChunks(rows, row, labels, { chunk: 1000, pause: async () => {}, stale: () => true }), null);
});
