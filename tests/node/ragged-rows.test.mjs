// The dataset parser keeps rows as long as the file makes them (a CSV row shorter than the
// header, a JSONL line without the later keys): the workspace must read a missing cell as
// empty, and its exports must keep every column in place.
import { test, before } from "node:test";
import assert from "node:assert/strict";
import { loadLabeler } from "../lib/load-wasm.mjs";
import { exportTable, exportJsonl } from "../../extension/workspace/exports.js";
import { rowModel } from "../../extension/workspace/rows-model.js";

let labeler;
before(async () => {
  labeler = await loadLabeler();
});

const bytes = (s) => new TextEncoder().encode(s);

test("ragged CSV and JSONL rows come back unpadded", () => {
  const csv = labeler.parseDataset(bytes("id,text,gold\n1,short\n2,full row,positive\n"), "d.csv");
  assert.deepEqual(csv.rows, [["1", "short"], ["2", "full row", "positive"]]);
  const jsonl = labeler.parseDataset(bytes('{"text":"a"}\n{"gold":"x","text":"b"}\n"bare"\n'), "d.jsonl");
  assert.deepEqual(jsonl.columns, ["text", "gold"]);
  assert.deepEqual(jsonl.rows, [["a"], ["b", "x"], ["bare"]]);
});

test("exports of ragged rows keep every column in place, missing cells empty", () => {
  const { columns, rows } = labeler.parseDataset(bytes("id,text,gold\n1,short\n2,full row,positive\n"), "d.csv");
  const predictions = new Map([[0, { status: "ok", labels: ["negative"] }], [1, { status: "ok", labels: ["positive"] }]]);
  const row = rowModel({ task: "single", text: (i) => rows[i][1] ?? "", predictions: [predictions, new Map()], review: null });
  const table = exportTable(columns, rows, row, "single");
  assert.deepEqual(table.columns.slice(0, 5), ["id", "text", "gold", "model_labels", "final_labels"]);
  assert.equal(table.rows[0].length, table.columns.length, "a short row is filled to every column");
  assert.deepEqual(table.rows[0].slice(0, 6), ["1", "short", "", "negative", "", "predicted"]);
  assert.deepEqual(table.rows[1].slice(0, 6), ["2", "full row", "positive", "positive", "", "predicted"]);
  const lines = exportJsonl(columns, rows, row, "single").trim().split("\n").map((l) => JSON.parse(l));
  assert.deepEqual(lines[0], { id: "1", text: "short", gold: "", model_labels: ["negative"], final_labels: [], review_status: "predicted", status: "ok" });
  // The CSV export reads back with the same columns in every row.
  const back = labeler.parseDataset(bytes(labeler.toCsv(table)), "out.csv");
  assert.deepEqual(back.rows[0].slice(0, 6), ["1", "short", "", "negative", "", "predicted"]);
});

test("the caps reach the page as InvalidInput naming the limit", () => {
  const header = Array.from({ length: 20_000 }, (_, i) => `c${i}`).join(",");
  let err;
  try {
    labeler.parseDataset(bytes(`${header}\n${"a\n".repeat(20_000)}`), "square.csv");
  } catch (e) {
    err = e;
  }
  assert.equal(err?.code, "InvalidInput");
  assert.equal(err.message, "file: the CSV header has 20000 columns; at most 1000 are allowed");
});

test("a 500,000-row, 100 MB CSV imports in the wasm", () => {
  // Written straight into bytes, as the workspace gets a file (an ArrayBuffer): holding the
  // text as JS strings too would make each growth of the wasm memory trigger a collection of
  // that big a JS heap, which is the test's cost, not the page's.
  const enc = new TextEncoder();
  const filler = 'The room was clean, the staff ""friendly"", breakfast fine; would book again. ';
  const tail = "and the view over the harbour, at night, was worth the price of the whole stay";
  const file = new Uint8Array(500_000 * 260);
  let at = enc.encodeInto("id,text,gold\n", file).written;
  for (let i = 0; i < 500_000; i++) {
    const row = `${i},"Review ${i}: ${filler}${filler}${tail.slice(0, (i * 7) % tail.length)}",${i % 2 ? "negative" : "positive"}\n`;
    at += enc.encodeInto(row, file.subarray(at)).written;
  }
  assert.ok(at >= 100_000_000, `${at} bytes`);
  const started = performance.now();
  const table = labeler.parseDataset(file.subarray(0, at), "big.csv");
  const ms = performance.now() - started;
  assert.equal(table.rows.length, 500_000);
  assert.deepEqual(table.columns, ["id", "text", "gold"]);
  assert.match(table.rows[499_999][1], /^Review 499999: The room was clean, the staff "friendly"/);
  assert.equal(table.rows[499_999][2], "negative");
  console.log(`# parsed ${(at / 1e6).toFixed(0)} MB, 500,000 rows, in ${(ms / 1000).toFixed(1)} s`);
});
