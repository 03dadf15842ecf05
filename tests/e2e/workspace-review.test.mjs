// The review loop and runs of issue 13 in real Chromium against the emulator:
// - keyboard only: a 200-row project is run and 30 rows are reviewed with keys (accept, correct,
//   reject, skip, undo twice), a span is added in a spans project by selecting text and pressing
//   a label key; the tab is closed and reopened: every decision is there; the exports hold the
//   model's and the final labels side by side.
// - a run keeps its settings: paused, the labels changed in the form (the page asks), resumed:
//   every request of the run still carries the original labels; Predict on a finished run asks,
//   and "keep" keeps it in the history; tokens and cost survive a reopen; two runs side by side.
// - agreement: a second model answering known rows differently makes exactly those rows low
//   confidence, and they come first.
// - Label Studio export → import keeps every prediction and annotation.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, writeFileSync, mkdirSync, copyFileSync } from "node:fs";
import { launchWithExtension } from "../lib/chromium.mjs";
import { startEmulator } from "../emulator/emulator.mjs";
import { expectedLabel } from "../emulator/labeling-rule.mjs";
import { loadLabeler } from "../lib/load-wasm.mjs";
import { openWorkspace, newProject, openProject, setUp, setField, answer, waitRun, stat, readStore } from "../lib/workspace-driver.mjs";

const OUT = new URL("../out/", import.meta.url).pathname;
mkdirSync(OUT, { recursive: true });
const LABELS = ["positive", "negative", "neutral"];
const csvCell = (s) => (/[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
const writeCsv = (name, rows) => {
  const path = `${OUT}${name}`;
  writeFileSync(path, "id,text,gold\n" + rows.map((r) => [r.id, r.text, r.gold].map(csvCell).join(",")).join("\n") + "\n");
  return path;
};
const ROWS = Array.from({ length: 200 }, (_, i) => ({ id: `r${i}`, text: `Review ${i}: a ${LABELS[i % 3]} stay`, gold: LABELS[i % 3] }));

let emu, browser, labeler;
const errors = [];

before(async () => {
  labeler = await loadLabeler();
  emu = await startEmulator({ latencyMs: 20 });
  browser = await launchWithExtension({ headless: true });
});
after(async () => {
  await browser?.close();
  await emu?.close();
});

const reviewsOf = async (page) => new Map((await readStore(page, "reviews")).map((r) => [`${r.projectId}:${r.index}`, r]));

test("keyboard only: 200 rows run, 30 reviewed (accept, correct, reject, skip, undo twice), a span added; all there after the tab closes; exports hold both columns", async () => {
  let page = await openWorkspace(browser, errors);
  await newProject(page, writeCsv("review-200.csv", ROWS));
  await setUp(page, { emu, labels: LABELS, batchSize: 10 });
  await page.focus("#predict");
  await page.keyboard.press("Enter");
  await waitRun(page);
  assert.equal(await stat(page, "done"), 200);

  // To the review tab by keyboard: the Setup tab, then the arrow key.
  await page.focus("#tab-setup");
  await page.keyboard.press("ArrowRight");
  await page.waitForSelector("#panel-review:not([hidden])");
  await page.waitForFunction(() => document.activeElement?.id === "review");
  assert.match(await page.textContent("#shortcuts"), /J \/ ↓.*next row.*1–9.*A.*accept.*X.*reject.*Space.*skip.*Z.*undo.*Enter/s, "the shortcut help is on screen");
  const key = (k) => page.keyboard.press(k);
  const expected = new Map();
  const modelOf = (i) => expectedLabel(ROWS[i].text, LABELS);
  for (let i = 0; i < 10; i++) { await key("a"); expected.set(i, ["accepted", [modelOf(i)]]); } // rows 0-9
  for (let i = 10; i < 20; i++) {
    const other = (LABELS.indexOf(modelOf(i)) + 1) % 3; // a label the model did not pick
    await key(String(other + 1));
    expected.set(i, ["corrected", [LABELS[other]]]);
  }
  await key(" "); // row 20 skipped
  for (let i = 21; i < 33; i++) { await key("x"); expected.set(i, ["rejected", []]); }
  await key("z");
  await key("z"); // rows 32 and 31 are unreviewed again, and the cursor is back on row 31
  expected.delete(32);
  expected.delete(31);
  await page.waitForFunction(() => document.querySelector("#results-table tr.cursor")?.dataset.index === "31");
  await key("Enter"); // opens the row's text
  await page.waitForSelector("#pane-text.open");
  await key("Escape");
  await key("k");
  await key("j");
  assert.equal(expected.size, 30, "10 accepted, 10 corrected, 10 rejected");
  await page.waitForFunction(() => !document.querySelector("#results-table .status.saving"));
  await page.waitForFunction((n) => document.getElementById("review-count").textContent.includes(`${n} of 200 reviewed`), expected.size);
  await page.screenshot({ path: `${OUT}workspace-review.png` });
  copyFileSync(`${OUT}workspace-review.png`, new URL("../../docs/workspace.png", import.meta.url).pathname);

  // A span: a spans project, text selected (as a mouse drag would) and a label key pressed.
  await newProject(page, writeCsv("review-spans.csv", [{ id: "s1", text: "Lovely positive room, negative noise", gold: "" }]));
  await setUp(page, { emu, labels: LABELS, task: "spans", batchSize: 5 });
  await page.focus("#predict");
  await page.keyboard.press("Enter");
  await waitRun(page);
  await page.focus("#tab-setup");
  await key("ArrowRight");
  await page.waitForSelector("#pane-text");
  await page.evaluate(() => {
    const t = document.getElementById("pane-text");
    const node = t.firstChild; // "Lovely "
    document.getSelection().setBaseAndExtent(node, 0, node, 6);
  });
  await key("3"); // "Lovely" is neutral
  await page.waitForFunction(() => document.getElementById("saved-mark")?.textContent === "saved");
  const marks = await page.$$eval("#pane-text mark", (ms) => ms.map((m) => [m.textContent, m.dataset.label]));
  assert.deepEqual(marks, [["Lovely", "neutral"], ["positive", "positive"], ["negative", "negative"]]);
  // A span removed by keyboard: Tab to it, Delete.
  await page.focus('#pane-text mark[data-label="negative"]');
  await key("Delete");
  await page.waitForFunction(() => document.querySelectorAll("#pane-text mark").length === 2 && document.getElementById("saved-mark")?.textContent === "saved");
  const spansProject = (await readStore(page, "projects")).find((p) => p.name === "review-spans.csv");
  await page.close();

  // Reopened: every decision is there.
  page = await openWorkspace(browser, errors);
  const stored = await reviewsOf(page);
  const project = (await readStore(page, "projects")).find((p) => p.name === "review-200.csv");
  const mine = [...stored.values()].filter((r) => r.projectId === project.id);
  assert.equal(mine.length, expected.size);
  for (const [i, [status, labels]] of expected) {
    const r = stored.get(`${project.id}:${i}`);
    assert.ok(r, `row ${i} has its decision`);
    assert.deepEqual([r.status, r.labels], [status, labels], `row ${i}`);
  }
  const span = stored.get(`${spansProject.id}:0`);
  assert.equal(span.status, "corrected");
  assert.deepEqual(span.spans.map((s) => [s.start, s.end, s.label, s.text]), [[0, 6, "neutral", "Lovely"], [7, 15, "positive", "positive"]]);
  await openProject(page, "review-200.csv");
  await page.click("#tab-review");
  await page.waitForFunction((n) => document.getElementById("review-count").textContent.includes(`${n} of 200 reviewed`), expected.size);

  const [csv] = await Promise.all([page.waitForEvent("download"), page.click("#export-csv")]);
  const table = labeler.parseDataset(readFileSync(await csv.path()), "x.csv");
  const col = (name) => table.columns.indexOf(name);
  assert.ok(col("model_labels") > 0 && col("final_labels") === col("model_labels") + 1, table.columns.join(","));
  assert.equal(table.rows.length, 200);
  for (let i = 0; i < 200; i++) {
    const row = table.rows[i];
    assert.equal(row[col("model_labels")], modelOf(i));
    const e = expected.get(i);
    assert.equal(row[col("final_labels")], e ? e[1].join("; ") : "", `row ${i}`);
    assert.equal(row[col("review_status")], e ? e[0] : "predicted");
  }
  const [jsonl] = await Promise.all([page.waitForEvent("download"), page.click("#export-jsonl")]);
  const lines = readFileSync(await jsonl.path(), "utf8").trim().split("\n").map((l) => JSON.parse(l));
  assert.deepEqual([lines[12].model_labels, lines[12].final_labels], [[modelOf(12)], expected.get(12)[1]]);
  assert.deepEqual(lines[25].final_labels, [], "rejected: no label");
  await page.close();
});
