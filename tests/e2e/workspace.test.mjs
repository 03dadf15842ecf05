// The workspace in real Chromium against the emulator: a 500-row CSV under a throttling quota,
// the tab closed mid-run and reopened, resumed without re-asking finished rows; exports that
// round-trip; the cache; batch-inference files; metrics against gold labels; pause and cancel.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, writeFileSync, mkdirSync } from "node:fs";
import { launchWithExtension } from "../lib/chromium.mjs";
import { startEmulator } from "../emulator/emulator.mjs";
import { LONG_LIVED } from "../emulator/test-credentials.mjs";
import { expectedLabel } from "../emulator/labeling-rule.mjs";
import { loadLabeler } from "../lib/load-wasm.mjs";
import * as anthropic from "../emulator/families/anthropic.mjs";
import { answerPrompt } from "../emulator/answering.mjs";
import { openWorkspace as open, newProject, openProject, setUp, fillKeys, answer, waitRun, readStore } from "../lib/workspace-driver.mjs";

const OUT = new URL("../out/", import.meta.url).pathname;
mkdirSync(OUT, { recursive: true });

const LABELS = ["positive", "negative", "neutral"];
const N = 500;
// Row i: a text the emulator labels LABELS[i % 3]; the gold label is wrong for every 10th row.
const ROWS = Array.from({ length: N }, (_, i) => ({
  id: `r${i}`,
  text: `Review ${i}: a ${LABELS[i % 3]} experience, "quoted", with a comma${i % 50 === 0 ? "\nand a second line" : ""}`,
  gold: i % 10 === 9 ? LABELS[(i + 1) % 3] : LABELS[i % 3],
}));
const csvCell = (s) => (/[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
const CSV = "\uFEFFid,text,gold\r\n" + ROWS.map((r) => [r.id, r.text, r.gold].map(csvCell).join(",")).join("\r\n") + "\r\n";
const CSV_PATH = `${OUT}reviews.csv`;
writeFileSync(CSV_PATH, CSV);

let emu, browser, labeler;
const consoleErrors = [];

before(async () => {
  labeler = await loadLabeler();
  emu = await startEmulator({ latencyMs: 60 });
  browser = await launchWithExtension({ headless: true });
});
after(async () => {
  await browser?.close();
  await emu?.close();
});

const openWorkspace = () => open(browser, consoleErrors, { width: 1280, height: 900 });

async function fillSettings(page, { batchSize = 5, concurrency = 8 } = {}) {
  await setUp(page, { emu, labels: LABELS, batchSize, concurrency });
}

const stat = async (page, id) => Number((await page.textContent(`#stat-${id}`)).replace(/[^\d]/g, ""));

/** The stored predictions of the run the page shows, read from the page's IndexedDB. */
async function storedPredictions(page) {
  const runId = await page.evaluate(() => globalThis.__workspace.run?.id);
  return (await readStore(page, "predictions")).filter((p) => p.runId === runId && p.pass === 0);
}

const waitDone = (page, timeout) => waitRun(page, "Done", timeout);

/** A new run of the open project: Predict, and keep the last run if there is one. */
async function predictAgain(page) {
  await page.click("#predict");
  if (await page.waitForSelector("dialog#ask[open]", { timeout: 1000 }).catch(() => null)) await answer(page, "keep");
}

test("500 rows under a throttling quota; the tab closed mid-run, reopened and resumed: 500 predictions, no finished row asked again", async () => {
  // 1,200 requests a minute with a burst of 2: eight requests at once are throttled.
  Object.assign(emu.config, { quotaRpm: 1200, quotaBurst: 2 });
  let page = await openWorkspace();
  await newProject(page, CSV_PATH);
  await page.waitForFunction(() => document.getElementById("dataset-info").textContent.includes("500 rows"));
  assert.equal(await page.inputValue("#text-column"), "1", "the text column is found by name");
  assert.equal(await page.inputValue("#gold-column"), "2");
  await fillSettings(page);
  assert.equal(await page.textContent("#est-requests"), "100", "estimate: 500 rows, 5 per request");
  await page.click("#predict");
  await page.waitForFunction(() => Number(document.getElementById("stat-done").textContent.replace(/\D/g, "")) >= 120, null, { timeout: 60_000 });
  await page.click("#tab-review");
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.screenshot({ path: `${OUT}workspace-mid-run.png` });
  // What the page shows as done is already stored: it must all be there after the close.
  const shownDone = await stat(page, "done");
  await page.close(); // the tab closes mid-run

  const reopenedAt = Date.now();
  const seenBefore = emu.stats.invocations.length;
  page = await openWorkspace();
  await openProject(page, "reviews.csv");
  await page.waitForSelector("#resume-banner:not([hidden])");
  const finished = await storedPredictions(page);
  assert.ok(finished.length >= shownDone && finished.length < N, `${finished.length} stored before resuming, ${shownDone} shown done`);
  assert.match(await page.textContent("#resume-text"), new RegExp(`${finished.length} of 500 rows done`));
  await fillKeys(page); // the run's settings are stored; the keys are typed again
  await page.click("#resume-run");
  await waitDone(page);

  const stored = await storedPredictions(page);
  assert.equal(stored.length, N);
  assert.equal(new Set(stored.map((p) => p.index)).size, N, "exactly one prediction per row");
  for (const p of stored) {
    assert.equal(p.status, "ok", JSON.stringify(p));
    assert.deepEqual(p.labels, [expectedLabel(ROWS[p.index].text, LABELS)]);
  }
  const finishedTexts = new Set(finished.map((p) => ROWS[p.index].text));
  const after = emu.stats.invocations.slice(seenBefore).filter((e) => e.at >= reopenedAt);
  assert.ok(after.length > 0);
  for (const e of after) for (const t of e.texts ?? []) assert.ok(!finishedTexts.has(t), `a finished row was asked again: ${t}`);
  assert.ok(emu.stats.throttled > 0, "the quota throttled some requests");
  assert.ok((await stat(page, "retries")) > 0);
  await page.close();
  Object.assign(emu.config, { quotaRpm: 0, quotaBurst: null });
});

test("exports round-trip: every input row exactly once, with its input columns, labels and status", async () => {
  const page = await openWorkspace();
  await openProject(page, "reviews.csv");
  await page.click("#tab-review");
  const [csvDownload] = await Promise.all([page.waitForEvent("download"), page.click("#export-csv")]);
  assert.equal(csvDownload.suggestedFilename(), "reviews.labeled.csv");
  const table = labeler.parseDataset(readFileSync(await csvDownload.path()), "x.csv");
  assert.deepEqual(table.columns, ["id", "text", "gold", "model_labels", "final_labels", "review_status", "agreement", "second_labels", "model_spans", "final_spans", "reason", "status", "error", "cached"]);
  assert.equal(table.rows.length, N);
  table.rows.forEach((row, i) => {
    assert.deepEqual(row.slice(0, 3), [ROWS[i].id, ROWS[i].text, ROWS[i].gold]);
    assert.equal(row[3], expectedLabel(ROWS[i].text, LABELS));
    assert.equal(row[11], "ok");
  });

  const [jsonlDownload] = await Promise.all([page.waitForEvent("download"), page.click("#export-jsonl")]);
  const lines = readFileSync(await jsonlDownload.path(), "utf8").trim().split("\n").map((l) => JSON.parse(l));
  assert.equal(lines.length, N);
  lines.forEach((o, i) => {
    assert.equal(o.text, ROWS[i].text);
    assert.deepEqual(o.model_labels, [expectedLabel(ROWS[i].text, LABELS)]);
    assert.equal(o.status, "ok");
  });
  await page.close();
});

test("accuracy, per-label figures and a confusion matrix against the gold column", async () => {
  const page = await openWorkspace();
  await openProject(page, "reviews.csv");
  await page.click("#tab-review");
  await page.waitForSelector("#metrics:not([hidden])");
  assert.match(await page.textContent("#metrics-summary"), /^Accuracy 90\.0% on 500 rows against "gold" \(0 skipped/);
  const diag = await page.$$eval("#confusion td.diag", (tds) => tds.map((t) => Number(t.textContent)));
  assert.equal(diag.reduce((a, b) => a + b, 0), 450);
  await page.close();
});

test("predicting the same dataset again answers every row from the cache, without a request", async () => {
  const page = await openWorkspace();
  await newProject(page, CSV_PATH);
  await fillSettings(page);
  const before = emu.stats.invocations.length;
  await predictAgain(page);
  await waitDone(page);
  assert.equal(await stat(page, "cached"), N);
  assert.equal(emu.stats.invocations.length, before);
  await page.close();
});

test("Bedrock Batch Inference: the exported records have the documented shape, and a job's output imports", async () => {
  const page = await openWorkspace();
  await newProject(page, CSV_PATH);
  await fillSettings(page, { batchSize: 4 });
  await page.click("text=Bedrock Batch Inference (large datasets)");
  const [download] = await Promise.all([page.waitForEvent("download"), page.click("#export-batch")]);
  const lines = readFileSync(await download.path(), "utf8").trim().split("\n");
  assert.equal(lines.length, N / 4);
  assert.match(await page.textContent("#batch-info"), /125 records written\./);
  const ids = new Set();
  const records = lines.map((line) => {
    const r = JSON.parse(line);
    assert.deepEqual(Object.keys(r).sort(), ["modelInput", "recordId"], "only recordId and modelInput");
    assert.match(r.recordId, /^[A-Za-z0-9]{11}$/);
    ids.add(r.recordId);
    assert.equal(anthropic.validate(r.modelInput), null, "modelInput is a valid InvokeModel body");
    return r;
  });
  assert.equal(ids.size, records.length, "record ids are unique");

  // A hand-made job output: every record answered (out of order), one record failed.
  const failed = records[7];
  const out = records
    .map((r) => {
      if (r === failed) return { recordId: r.recordId, modelInput: r.modelInput, error: { errorCode: 400, errorMessage: "bad request" } };
      const prompt = anthropic.promptOf(r.modelInput);
      const answer = answerPrompt(prompt, JSON.parse(/It must match this JSON schema: (.*)\n/.exec(prompt)[1]));
      return { recordId: r.recordId, modelInput: r.modelInput, modelOutput: anthropic.respond(r.modelInput, answer, { inputTokens: 9, outputTokens: 9 }) };
    })
    .reverse()
    .map((o) => JSON.stringify(o))
    .join("\n");
  const outPath = `${OUT}batch-output.jsonl.out`;
  writeFileSync(outPath, out);
  await page.setInputFiles("#import-batch", outPath);
  await page.waitForFunction(() => document.getElementById("batch-info").textContent.startsWith("Imported"));
  assert.match(await page.textContent("#batch-info"), /Imported 500 rows from 125 records, 1 records failed in the job/);
  const stored = await storedPredictions(page);
  assert.equal(stored.length, N);
  const failedRows = stored.filter((p) => p.status === "failed").map((p) => p.index).sort((a, b) => a - b);
  assert.deepEqual(failedRows, [28, 29, 30, 31]);
  for (const p of stored.filter((p) => p.status === "ok")) assert.deepEqual(p.labels, [expectedLabel(ROWS[p.index].text, LABELS)]);
  await page.close();
});

test("pause stops sending and keeps what finished; resume finishes; cancel leaves the rest not labeled", async () => {
  const page = await openWorkspace();
  const small = "text\n" + Array.from({ length: 40 }, (_, i) => `pause test ${i} ${LABELS[i % 3]}`).join("\n") + "\n";
  writeFileSync(`${OUT}small.csv`, small);
  await newProject(page, `${OUT}small.csv`);
  await fillSettings(page, { batchSize: 1, concurrency: 2 });
  emu.config.latencyMs = 150;
  try {
    await page.click("#predict");
    await page.waitForFunction(() => Number(document.getElementById("stat-done").textContent) >= 4);
    await page.click("#pause");
    await page.waitForFunction(() => document.getElementById("run-status").textContent.startsWith("Paused"));
    const pausedAt = await stat(page, "done");
    const requests = emu.stats.invocations.length;
    await page.waitForTimeout(500);
    assert.equal(emu.stats.invocations.length, requests, "nothing is sent while paused");
    assert.ok(pausedAt < 40);
    await page.click("#resume");
    await page.waitForFunction(() => Number(document.getElementById("stat-done").textContent) >= 20);
    await page.click("#cancel");
    await page.waitForFunction(() => document.getElementById("run-status").textContent.startsWith("Cancelled"));
    const done = await stat(page, "done");
    assert.ok(done >= 20 && done < 40, `${done}`);
    await page.click("#tab-review");
    const [download] = await Promise.all([page.waitForEvent("download"), page.click("#export-csv")]);
    const table = labeler.parseDataset(readFileSync(await download.path()), "x.csv");
    assert.equal(table.rows.length, 40, "every row is exported, labeled or not");
    assert.equal(table.rows.filter((r) => r[table.columns.indexOf("status")] === "not labeled").length, 40 - done);
  } finally {
    emu.config.latencyMs = 60;
    await page.close();
  }
});

test("keys expiring mid-run stop it with a clear message; finished rows are kept; new keys resume it", async () => {
  const page = await openWorkspace();
  const csv = "text\n" + Array.from({ length: 30 }, (_, i) => `expiry test ${i} ${LABELS[i % 3]}`).join("\n") + "\n";
  writeFileSync(`${OUT}expiry.csv`, csv);
  await newProject(page, `${OUT}expiry.csv`);
  await fillSettings(page, { batchSize: 1, concurrency: 1 });
  // From about the 10th request on, the session is expired.
  emu.config.failNext = [];
  const before = emu.stats.invocations.length;
  const watcher = setInterval(() => {
    if (emu.stats.invocations.length - before >= 10 && emu.config.failNext.length === 0 && !watcher.fired) {
      watcher.fired = true;
      emu.config.failNext = Array(5).fill("ExpiredTokenException");
    }
  }, 1);
  try {
    await page.click("#predict");
    await page.waitForSelector("#error:not([hidden])", { timeout: 30_000 });
  } finally {
    clearInterval(watcher);
  }
  emu.config.failNext = [];
  assert.match(await page.textContent("#error"), /expired[\s\S]*aws sts assume-role/);
  const kept = await stat(page, "done");
  assert.ok(kept >= 9 && kept < 30, `${kept}`);
  assert.match(await page.textContent("#run-status"), /^Paused: /);
  await page.click("#resume");
  await waitDone(page);
  assert.equal(await stat(page, "done"), 30);
  await page.close();
});

test("the review table filters by label, failed rows, and text", async () => {
  const page = await openWorkspace();
  const csv = "text\n" + ["one positive", "two negative [[emulate:ValidationException]]", "three neutral", "four positive"].join("\n") + "\n";
  writeFileSync(`${OUT}filter.csv`, csv);
  await newProject(page, `${OUT}filter.csv`);
  await fillSettings(page, { batchSize: 1 });
  await page.click("#predict");
  await waitDone(page);
  await page.click("#tab-review");
  const shown = () => page.$$eval("#results-table tbody tr.item", (trs) => trs.map((tr) => Number(tr.dataset.index)));
  await page.selectOption("#filter", "label:positive");
  await page.waitForFunction(() => document.querySelectorAll("#results-table tbody tr.item").length === 2);
  assert.deepEqual(await shown(), [0, 3]);
  await page.selectOption("#filter", "failed");
  await page.waitForFunction(() => document.querySelectorAll("#results-table tbody tr.item").length === 1);
  assert.deepEqual(await shown(), [1]);
  assert.match(await page.textContent("#results-table tbody tr.item"), /failed/);
  await page.selectOption("#filter", "all");
  await page.fill("#search", "THREE");
  await page.waitForFunction(() => document.querySelectorAll("#results-table tbody tr.item").length === 1);
  assert.deepEqual(await shown(), [2]);
  await page.close();
});

test("the popup's Open workspace button opens the workspace in a tab", async () => {
  const popup = await browser.context.newPage();
  await popup.goto(browser.popupUrl);
  await popup.waitForSelector("#version:not(:empty)");
  const [tab] = await Promise.all([browser.context.waitForEvent("page"), popup.click("#open-workspace")]);
  await tab.waitForLoadState();
  assert.equal(tab.url(), browser.popupUrl.replace("popup.html", "workspace.html"));
  await tab.close();
  await popup.close();
});

test("no console errors", () => {
  assert.deepEqual(consoleErrors, []);
});
