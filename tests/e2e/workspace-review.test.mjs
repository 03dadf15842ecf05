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
  const workers = [];
  page.on("worker", (w) => workers.push(w.url()));
  await newProject(page, writeCsv("review-200.csv", ROWS));
  assert.ok(workers.some((u) => u.endsWith("/extension/workspace/import-worker.js")), "the file was parsed and stored by the import worker");
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

test("a run keeps its settings: resumed after the form changed, every request has the original labels; Predict on a finished run asks and keep keeps it; tokens and cost survive a reopen; two runs side by side", async () => {
  let page = await openWorkspace(browser, errors);
  const rows = ROWS.slice(0, 40).map((r) => ({ ...r, text: `${r.text} (frozen)` }));
  await newProject(page, writeCsv("frozen.csv", rows));
  await setUp(page, { emu, labels: LABELS, batchSize: 1, concurrency: 1 });
  emu.config.latencyMs = 80;
  try {
    const from = emu.stats.invocations.length;
    await page.click("#predict");
    await page.waitForFunction(() => Number(document.getElementById("stat-done").textContent) >= 5);
    await page.click("#pause");
    await waitRun(page, "Paused");
    // The form changes: the page asks, and the change is kept for a new run.
    await page.fill("#labels", "happy\nsad");
    await page.dispatchEvent("#labels", "change");
    await answer(page, "keep");
    await page.fill("#model-id", "anthropic.claude-3-haiku-20240307-v1:0");
    await page.dispatchEvent("#model-id", "change");
    await page.waitForFunction(() => !document.querySelector("dialog#ask[open]"));
    await page.click("#resume");
    await waitRun(page);
    assert.equal(await stat(page, "done"), 40);
    const sent = emu.stats.invocations.slice(from);
    assert.ok(sent.length >= 40, `${sent.length} requests`);
    for (const e of sent) {
      const body = JSON.stringify(e.body);
      for (const l of LABELS) assert.ok(body.includes(`"${l}"`), `the original label ${l} is in every request`);
      assert.ok(!body.includes("happy") && !body.includes('"sad"'), "the changed labels are in none");
      assert.match(e.modelId, /claude-haiku-4-5/, "the run's own model");
    }
  } finally {
    emu.config.latencyMs = 20;
  }
  const tokens = await page.textContent("#stat-tokens");
  const cost = await page.textContent("#stat-cost");
  assert.match(tokens, /^[1-9][\d,]* in \/ [1-9][\d,]* out$/);
  assert.match(cost, /^\$\d/);

  // Predict on the finished run asks; "keep" keeps it as history.
  await page.click("#predict");
  await answer(page, "keep");
  await waitRun(page);
  const runs = await readStore(page, "runs");
  const mine = runs.filter((r) => r.summary.includes("happy") || r.summary.includes("positive")).filter((r) => r.projectId === runs.at(-1).projectId);
  assert.deepEqual(mine.map((r) => [r.name, r.status]), [["Run 1", "done"], ["Run 2", "done"]]);
  assert.deepEqual(mine[1].settings.labels.map((l) => l.name), ["happy", "sad"], "the new run has the new settings");
  await page.close();

  // Reopened: the first run's tokens and cost are as they were.
  page = await openWorkspace(browser, errors);
  await openProject(page, "frozen.csv");
  await page.click("#tab-runs");
  await page.click('#runs button[aria-label="Review Run 1"]');
  await page.waitForFunction(() => document.getElementById("run-name").textContent.startsWith("Run 1"));
  assert.equal(await page.textContent("#stat-tokens"), tokens);
  assert.equal(await page.textContent("#stat-cost"), cost);
  // Side by side.
  await page.waitForSelector("#compare th:text-is('Run 2')");
  const compare = await page.$$eval("#compare tr", (trs) => trs.map((tr) => [...tr.children].map((c) => c.textContent)));
  const line = (name) => compare.find((r) => r[0] === name);
  assert.deepEqual(compare[0], ["", "Run 1", "Run 2"]);
  assert.deepEqual(line("Task and labels"), ["Task and labels", "single: positive, negative, neutral", "single: happy, sad"]);
  assert.match(line("Model")[1], /claude-haiku-4-5/);
  assert.match(line("Model")[2], /claude-3-haiku/);
  assert.equal(line("Tokens")[1], tokens);
  assert.match(line("Rows where they differ")[1], /^40 of 40 rows both answered$/, "no label in common");
  await page.screenshot({ path: `${OUT}workspace-runs.png` });
  await page.close();
});

test("agreement: a second model answering known rows differently makes exactly those rows low confidence, first in the review", async () => {
  const page = await openWorkspace(browser, errors);
  const marked = new Set([3, 7, 12, 13]);
  const rows = ROWS.slice(0, 30).map((r, i) => ({ ...r, text: `${r.text}${marked.has(i) ? " [[b]]" : ""} (agree)` }));
  await newProject(page, writeCsv("agree.csv", rows));
  emu.config.labelOverrides = [{ model: "anthropic.claude-3-haiku", marker: "[[b]]", labels: ["neutral"] }];
  try {
    // Rows whose own label is neutral would agree anyway: 3, 7, 12 and 13 are not neutral.
    for (const i of marked) assert.notEqual(expectedLabel(rows[i].text, LABELS), "neutral");
    await setUp(page, { emu, labels: LABELS, batchSize: 4, extra: { "#model-id": "global.anthropic.claude-haiku-4-5-20251001-v1:0", "#second-opinion": "model", "#second-model": "anthropic.claude-3-haiku-20240307-v1:0", "#gold-column": "2" } });
    await page.click("#predict");
    await waitRun(page);
  } finally {
    emu.config.labelOverrides = [];
  }
  await page.click("#tab-review");
  await page.waitForFunction(() => document.getElementById("low-first").checked); // low confidence first, by default with a second opinion
  const shown = () => page.$$eval("#results-table tr.item", (trs) => trs.map((tr) => Number(tr.dataset.index)));
  await page.waitForFunction(() => document.querySelector("#results-table tr.item")?.dataset.index === "3");
  assert.deepEqual((await shown()).slice(0, 4), [3, 7, 12, 13]);
  assert.deepEqual((await shown()).slice(4, 8), [0, 1, 2, 4], "then the rest in order");
  await page.selectOption("#filter", "low");
  await page.waitForFunction(() => document.querySelectorAll("#results-table tr.item").length === 4);
  assert.deepEqual(await shown(), [3, 7, 12, 13]);
  const agree = await page.$$eval("#results-table tr.item td:nth-child(6)", (tds) => tds.map((t) => t.textContent));
  assert.deepEqual(agree, ["0%", "0%", "0%", "0%"]);
  await page.waitForSelector("#metrics:not([hidden])");
  assert.match(await page.textContent("#agreement-summary"), /26 of 30 rows agree \(accepted by agreement\), 4 differ \(low confidence\)\. Accuracy of agreeing rows 100\.0% \(26 with gold\), of disagreeing rows 100\.0% \(4 with gold\)/);
  await page.screenshot({ path: `${OUT}workspace-agreement.png` });
  await page.emulateMedia({ colorScheme: "dark" });
  await page.selectOption("#filter", "all");
  await page.screenshot({ path: `${OUT}workspace-agreement-dark.png` });
  await page.emulateMedia({ colorScheme: "light" });
  await page.close();
});

test("Label Studio: the export of a reviewed project imports back as a project with every prediction and annotation", async () => {
  const page = await openWorkspace(browser, errors);
  await openProject(page, "agree.csv");
  await page.click("#tab-review");
  await page.selectOption("#filter", "all");
  await page.focus("#review");
  for (const k of ["a", "2", "x", "a"]) await page.keyboard.press(k);
  await page.waitForFunction(() => document.getElementById("review-count").textContent.includes("4 of 30 reviewed"));
  const [file] = await Promise.all([page.waitForEvent("download"), page.click("#export-ls")]);
  const path = `${OUT}agree.label-studio.json`;
  copyFileSync(await file.path(), path);
  const tasks = JSON.parse(readFileSync(path, "utf8"));
  assert.equal(tasks.length, 30);
  const predictions = tasks.flatMap((t) => t.predictions);
  const annotations = tasks.flatMap((t) => t.annotations);
  assert.equal(predictions.length, 30, "one per row from the run");
  assert.ok(predictions.every((p) => typeof p.score === "number" && p.model_version.includes("Run 1")));
  assert.equal(annotations.length, 4);

  await newProject(page, path);
  const projects = await readStore(page, "projects");
  const imported = projects.find((p) => p.name === "agree.label-studio.json");
  const runs = (await readStore(page, "runs")).filter((r) => r.projectId === imported.id);
  assert.equal(runs.length, 1);
  assert.equal(runs[0].kind, "imported");
  const preds = (await readStore(page, "predictions")).filter((p) => p.runId === runs[0].id);
  assert.equal(preds.length, 30);
  const reviews = (await readStore(page, "reviews")).filter((r) => r.projectId === imported.id);
  assert.equal(reviews.length, 4);
  const [again] = await Promise.all([page.waitForEvent("download"), page.click("#tab-review").then(() => page.click("#export-ls"))]);
  const back = JSON.parse(readFileSync(await again.path(), "utf8"));
  const strip = (ts) => ts.map((t) => ({ data: t.data, predictions: t.predictions.map((p) => ({ score: p.score, result: p.result.map((r) => r.value) })), annotations: t.annotations.map((a) => a.result.map((r) => r.value)) }));
  assert.deepEqual(strip(back), strip(tasks), "every prediction (with its score) and annotation survives");
  await page.close();
});

test("reasons: switched on, the estimate counts them, each row's reason is in the review pane and the CSV export", async () => {
  const page = await openWorkspace(browser, errors);
  const rows = ROWS.slice(0, 6);
  await newProject(page, writeCsv("reasons.csv", rows));
  await setUp(page, { emu, labels: LABELS, batchSize: 3 });
  const outputBefore = Number((await page.textContent("#est-output")).replace(/[^\d]/g, ""));
  await setField(page, "#reasons", true);
  await page.waitForFunction((before) => Number(document.getElementById("est-output").textContent.replace(/[^\d]/g, "")) > before, outputBefore);
  assert.match(await page.textContent("#est-extra"), /One-line reasons: about [\d,]+ more output tokens .*counted above/);
  await page.click("#predict");
  await waitRun(page);
  await page.click("#tab-review");
  await page.click("#results-table tr.item[data-index=\"0\"]");
  await page.waitForFunction(() => /Reason/.test(document.getElementById("panel-review").textContent));
  assert.match(await page.textContent("#panel-review"), /The text reads as positive\./);
  const [download] = await Promise.all([page.waitForEvent("download"), page.click("#export-csv")]);
  const table = labeler.parseDataset(readFileSync(await download.path()), "x.csv");
  const reason = table.columns.indexOf("reason");
  assert.ok(reason >= 0);
  table.rows.forEach((row, i) => assert.equal(row[reason], `The text reads as ${expectedLabel(rows[i].text, LABELS)}.`));
  await page.close();
});

test("no console errors", () => {
  assert.deepEqual(errors, []);
});
