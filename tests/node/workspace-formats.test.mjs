// The workspace's interchange formats against their documented shapes
// (docs/evidence/formats-and-scale.md): span offsets converted between UTF-16 (ours) and code
// points (Label Studio, Argilla, Prodigy, spaCy) with 😀, 👨🏻‍🚒, \r\n and double spaces; TSV both
// ways it is written; Label Studio export → import → export keeps every prediction (model
// version, score) and annotation; Argilla v2, Hugging Face and v1 records; Prodigy JSONL; JSON
// arrays and JSONL told apart from plain rows.
import { test } from "node:test";
import assert from "node:assert/strict";
import { toCodePoints, toUtf16, spanIn, spanOut } from "../../extension/workspace/formats/offsets.js";
import { parseTsv } from "../../extension/workspace/formats/delimited.js";
import { toTasks, fromTasks } from "../../extension/workspace/formats/label-studio.js";
import { fromRecords } from "../../extension/workspace/formats/argilla.js";
import { toProdigyJsonl, fromProdigy } from "../../extension/workspace/formats/prodigy.js";
import { readDataset } from "../../extension/workspace/formats/import.js";
import { loadLabeler } from "../lib/load-wasm.mjs";

const FIREFIGHTER = "👨🏻‍🚒";

test("offsets: code points and UTF-16 units, both ways", () => {
  const t = "a😀b";
  assert.equal(t.length, 4);
  assert.equal(toCodePoints(t, 3), 2);
  assert.equal(toUtf16(t, 2), 3);
  assert.equal([...FIREFIGHTER].length, 4);
  assert.equal(FIREFIGHTER.length, 7);
  const text = `${FIREFIGHTER} Berlin\r\nand  Paris 😀`;
  const berlin = text.indexOf("Berlin");
  const out = spanOut(text, { start: berlin, end: berlin + 6, label: "LOC" });
  assert.deepEqual(out, { start: 5, end: 11, text: "Berlin", label: "LOC" }, "after 4 code points = 7 units, and a space");
  assert.equal([...text].slice(out.start, out.end).join(""), "Berlin", "Python's text[start:end]");
  const paris = text.indexOf("Paris");
  const cp = spanOut(text, { start: paris, end: paris + 5, label: "LOC" });
  assert.deepEqual(spanIn(text, cp), { start: paris, end: paris + 5, label: "LOC", text: "Paris" }, "\\r\\n and two spaces count alike");
  const emoji = spanOut(text, { start: text.length - 2, end: text.length, label: "E" });
  assert.deepEqual([emoji.start, emoji.end], [[...text].length - 1, [...text].length]);
  assert.equal(spanIn(text, { start: 0, end: 999, label: "X" }), null, "past the end");
  assert.equal(spanIn(text, { start: 5, end: 11, label: "LOC", text: "Berlin " }).mismatch, "Berlin ", "the text is a hint, the offsets win");
});

test("TSV: plain (IANA) and quoted (Label Studio, Python csv) fields", () => {
  assert.deepEqual(parseTsv("\uFEFFid\ttext\r\n1\tgood\r\n\r\n2\t\n"), { columns: ["id", "text"], rows: [["1", "good"], ["2", ""]] });
  const quoted = 'text\tlabel\n"a ""quoted""\ttab\nand a newline"\tpos\n';
  assert.deepEqual(parseTsv(quoted).rows, [['a "quoted"\ttab\nand a newline', "pos"]]);
  assert.throws(() => parseTsv('a\n"open'), /not closed/);
});

/** A project as the workspace hands it to the exporters: two runs, reviews, a task id and an extra annotation kept from an import. */
function spansProject() {
  const rows = [[`Visit Berlin ${FIREFIGHTER} and Paris`, "x"], ["Nothing here", "y"], ["Ulm 😀 Ulm", "z"]];
  const at = (i, word, n = 1) => {
    let k = -1;
    for (let m = 0; m < n; m++) k = rows[i][0].indexOf(word, k + 1);
    return { start: k, end: k + word.length, label: "LOC", text: word };
  };
  const run = (id, name, preds) => ({ run: { id, name, settings: { modelId: `model-${id}` } }, predictions: new Map(preds.map(([i, spans, score]) => [i, { status: "ok", labels: [], spans, ...(score != null ? { score } : {}) }])) });
  return {
    columns: ["text", "note"],
    rows,
    textColumn: 0,
    task: "spans",
    runs: [run(1, "Run 1", [[0, [at(0, "Berlin")]], [2, [at(2, "Ulm", 2)], 0.5]]), run(2, "Run 2", [[0, [at(0, "Berlin"), at(0, "Paris")]], [1, []]])],
    reviews: new Map([[0, { status: "corrected", labels: [], spans: [at(0, "Berlin"), at(0, "Paris")] }], [1, { status: "rejected", labels: [], spans: [] }]]),
    extra: (i) => (i === 2 ? { id: 77, annotations: [{ result: [], was_cancelled: true, lead_time: 3 }] } : undefined),
  };
}

/** The export context again, from an import (what the workspace stores, handed back). */
function contextFrom(imported) {
  const runs = imported.runs.map((r, k) => ({ run: { id: k + 1, name: r.name, modelVersion: r.modelVersion, settings: {} }, predictions: new Map(r.predictions.map((p) => [p.index, p])) }));
  return { columns: imported.columns, rows: imported.rows, textColumn: imported.textColumn, task: imported.task, runs, reviews: new Map(imported.reviews.map((r) => [r.index, r])), extra: (i) => imported.extras?.[i] ?? undefined };
}

test("Label Studio: export → import → export keeps every prediction and annotation, offsets in code points", () => {
  const tasks = toTasks(spansProject());
  assert.equal(tasks.length, 3);
  const t0 = tasks[0];
  assert.deepEqual(Object.keys(t0).sort(), ["annotations", "data", "id", "predictions"]);
  assert.deepEqual(t0.data, { text: spansProject().rows[0][0], note: "x" });
  assert.deepEqual(t0.predictions.map((p) => p.model_version), ["model-1 · Run 1", "model-2 · Run 2"]);
  const paris = t0.predictions[1].result[1];
  assert.deepEqual(Object.keys(paris).sort(), ["from_name", "id", "to_name", "type", "value"]);
  assert.deepEqual([paris.type, paris.from_name, paris.to_name], ["labels", "label", "text"]);
  assert.deepEqual(paris.value, { start: 22, end: 27, text: "Paris", labels: ["LOC"] }, "code points: the firefighter is 4, not 7");
  assert.equal([...t0.data.text].slice(22, 27).join(""), "Paris");
  assert.equal(tasks[2].predictions[0].score, 0.5);
  assert.deepEqual(tasks[2].predictions[0].result[0].value, { start: 6, end: 9, text: "Ulm", labels: ["LOC"] });
  assert.equal(tasks[2].id, 77);
  assert.deepEqual(tasks[2].annotations, [{ result: [], was_cancelled: true, lead_time: 3 }], "an annotation kept from an import is written back");
  const ids = tasks.flatMap((t) => [...t.predictions, ...t.annotations].flatMap((a) => a.result.map((r) => r.id)));
  assert.equal(new Set(ids).size, ids.length, "every result item has its own id");

  const json = JSON.parse(JSON.stringify(tasks));
  const imported = fromTasks(json);
  assert.equal(imported.task, "spans");
  assert.deepEqual(imported.labels, ["LOC"]);
  assert.deepEqual(imported.runs.map((r) => [r.name, r.predictions.length]), [["model-1 · Run 1", 2], ["model-2 · Run 2", 2]]);
  const berlinParis = imported.reviews.find((r) => r.index === 0).spans.map((s) => spansProject().rows[0][0].slice(s.start, s.end));
  assert.deepEqual(berlinParis, ["Berlin", "Paris"], "UTF-16 offsets again");
  assert.deepEqual(toTasks(contextFrom(imported)), json, "exported again: the same tasks");
});

test("Label Studio: the documented pre-annotation shape imports (choices, multi-choice, cancelled annotations)", () => {
  const tasks = [
    { id: 1, data: { text: "Visit Berlin 😀 today" }, predictions: [{ model_version: "bedrock-labeler:haiku-4-5@prompt-v3", score: 0.82, result: [{ id: "p1", from_name: "label", to_name: "text", type: "labels", value: { start: 6, end: 12, text: "Berlin", labels: ["LOC"] } }] }] },
  ];
  const ner = fromTasks(tasks);
  assert.deepEqual(ner.runs[0].predictions[0], { index: 0, status: "ok", labels: [], spans: [{ start: 6, end: 12, label: "LOC", text: "Berlin" }], score: 0.82 });
  const choices = fromTasks([
    { data: { text: "a", meta: 3 }, annotations: [{ was_cancelled: true, result: [] }, { result: [{ type: "choices", from_name: "sentiment", to_name: "text", value: { choices: ["Positive", "Mixed"] } }], completed_by: 1 }] },
    { data: { text: "b" }, predictions: [{ result: [{ type: "choices", value: { choices: ["Negative"] } }] }] },
  ]);
  assert.equal(choices.task, "multi");
  assert.deepEqual(choices.columns, ["text", "meta"]);
  assert.deepEqual(choices.rows[0], ["a", "3"]);
  assert.deepEqual(choices.reviews, [{ index: 0, status: "accepted", labels: ["Positive", "Mixed"], spans: [], ls: { completed_by: 1 } }]);
  assert.deepEqual(choices.extras[0].annotations, [{ was_cancelled: true, result: [] }], "the cancelled one is kept");
  assert.deepEqual(choices.runs[0].predictions, [{ index: 1, status: "ok", labels: ["Negative"] }]);
  assert.deepEqual(choices.labels, ["Positive", "Mixed", "Negative"]);
});

test("Argilla v2 records, their Hugging Face columns, and v1 records", () => {
  const v2 = fromRecords([
    { id: "r1", fields: { text: "😀 Ulm is nice" }, metadata: { source: "web" }, suggestions: { ner: { value: [{ start: 2, end: 5, label: "LOC" }], score: 0.9, agent: "gpt" } }, responses: { ner: [{ value: [{ start: 2, end: 5, label: "LOC" }], user_id: "u", status: "submitted" }] } },
  ]);
  assert.deepEqual(v2.columns, ["id", "text", "source"]);
  assert.equal(v2.task, "spans");
  assert.deepEqual(v2.runs[0].predictions[0].spans, [{ start: 3, end: 6, label: "LOC", text: "Ulm" }], "code points → UTF-16");
  assert.equal(v2.reviews[0].spans[0].text, "Ulm");
  const hf = fromRecords([
    { id: "1", text: "good stuff", "label.suggestion": "positive", "label.suggestion.score": 0.7, "label.suggestion.agent": "m", "label.responses": ["negative", "positive"], "label.responses.users": ["a", "b"], "label.responses.status": ["discarded", "submitted"] },
    { id: "2", text: "meh", "label.suggestion": "neutral", "label.suggestion.score": null, "label.suggestion.agent": "m", "label.responses": null, "label.responses.status": null },
  ]);
  assert.deepEqual(hf.columns, ["id", "text"]);
  assert.equal(hf.task, "single");
  assert.deepEqual(hf.runs[0].predictions.map((p) => [p.index, p.labels, p.score]), [[0, ["positive"], 0.7], [1, ["neutral"], undefined]]);
  assert.deepEqual(hf.reviews, [{ index: 0, status: "accepted", labels: ["positive"], spans: [] }], "the submitted response, not the discarded one");
  const v1 = fromRecords([{ text: "x", prediction: [{ label: "a", score: 0.2 }, { label: "b", score: 0.8 }], prediction_agent: "old", annotation: "a", status: "Validated" }]);
  assert.deepEqual([v1.runs[0].name, v1.runs[0].predictions[0].labels, v1.reviews[0].labels], ["old", ["b"], ["a"]]);
});

test("Prodigy / spaCy JSONL: spans in code points with accept / reject / ignore, and back", () => {
  const rows = [[`${FIREFIGHTER} Ulm`], ["none"], ["Ulm"]];
  const answers = [{ status: "corrected", labels: [], spans: [{ start: 8, end: 11, label: "LOC" }] }, { status: "rejected", labels: [], spans: [] }, null];
  const jsonl = toProdigyJsonl({ rows, textColumn: 0, task: "spans", labels: ["LOC"], answer: (i) => answers[i] });
  const lines = jsonl.trim().split("\n").map((l) => JSON.parse(l));
  assert.deepEqual(lines[0].spans, [{ start: 5, end: 8, text: "Ulm", label: "LOC" }]);
  assert.deepEqual(lines.map((l) => l.answer), ["accept", "reject", "ignore"]);
  const back = fromProdigy(lines);
  assert.deepEqual(back.reviews.map((r) => [r.index, r.status, r.spans.map((s) => [s.start, s.end])]), [[0, "accepted", [[8, 11]]], [1, "rejected", []]]);
  const choice = toProdigyJsonl({ rows: [["t"]], textColumn: 0, task: "multi", labels: ["a", "b"], answer: () => ({ status: "accepted", labels: ["a", "b"] }) });
  assert.deepEqual(JSON.parse(choice), { text: "t", options: [{ id: "a", text: "a" }, { id: "b", text: "b" }], accept: ["a", "b"], answer: "accept", meta: { row: 1, status: "accepted" } });
});

test("readDataset: CSV through the core; JSON arrays, annotated JSONL and TSV read here", async () => {
  const labeler = await loadLabeler();
  const enc = (s) => new TextEncoder().encode(s);
  const csv = readDataset(enc("id,review,label\n1,good,pos\n"), "a.csv", labeler.parseDataset);
  assert.deepEqual([csv.format, csv.columns, csv.textColumn, csv.goldColumn], ["csv", ["id", "review", "label"], 1, 2]);
  const json = readDataset(enc(JSON.stringify([{ text: "a", labels: ["x", "y"] }, { text: "b", n: 2 }])), "a.json", labeler.parseDataset);
  assert.deepEqual([json.columns, json.rows], [["text", "labels", "n"], [["a", "x; y"], ["b", "", "2"]]]);
  const ls = readDataset(enc(`{"data":{"text":"t"},"predictions":[]}\n`), "tasks.jsonl", labeler.parseDataset);
  assert.equal(ls.format, "label-studio");
  const plain = readDataset(enc(`{"text":"t","data":1}\n`), "rows.jsonl", labeler.parseDataset);
  assert.equal(plain.format, "jsonl");
  assert.deepEqual(readDataset(enc("text\tlabel\nx\ty\n"), "a.tsv").rows, [["x", "y"]]);
  assert.throws(() => readDataset(enc("{}"), "a.json"), { code: "InvalidInput", message: /not a JSON array/ });
});
