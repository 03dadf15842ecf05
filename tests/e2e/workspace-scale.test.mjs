// The workspace with many rows (issue 14, item 5) in real Chromium against the emulator: a
// 20,000-row CSV imported into a project (every row stored, the table shows them all while only
// the rows in view are in the DOM), labeled by a run that is paused and resumed, then closed
// mid-run and resumed in a new tab, finishing with every row labeled once and right, and
// exported as CSV and JSONL with every row. Correctness only: how fast is measured by
// `make bench` (tests/bench/workspace-scale.mjs, at 100,000 rows), never asserted here.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, writeFileSync, mkdirSync } from "node:fs";
import { launchWithExtension } from "../lib/chromium.mjs";
import { startEmulator } from "../emulator/emulator.mjs";
import { expectedLabel } from "../emulator/labeling-rule.mjs";
import { loadLabeler } from "../lib/load-wasm.mjs";
import { openWorkspace as open, newProject, openProject, setUp, fillKeys, waitRun, stat } from "../lib/workspace-driver.mjs";

const OUT = new URL("../out/", import.meta.url).pathname;
mkdirSync(OUT, { recursive: true });

const N = 20_000;
const LABELS = ["positive", "negative", "neutral", "mixed"];
const row = (i) => [`r${i}`, `Review ${i}: a ${LABELS[i % 4]} stay, "quoted", with a comma${i % 997 === 0 ? "\nand a second line" : ""}`, LABELS[i % 4]];
const ROWS = Array.from({ length: N }, (_, i) => row(i));
const cell = (s) => (/[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
const NAME = "scale-20000.csv";
const CSV_PATH = `${OUT}${NAME}`;
writeFileSync(CSV_PATH, "id,text,gold\r\n" + ROWS.map((r) => r.map(cell).join(",")).join("\r\n") + "\r\n");

let emu, browser, labeler;
const errors = [];

before(async () => {
  labeler = await loadLabeler();
  emu = await startEmulator({ latencyMs: 0 });
  browser = await launchWithExtension({ headless: true });
});
after(async () => {
  await browser?.close();
  await emu?.close();
});

const openWorkspace = () => open(browser, errors, { width: 1280, height: 800 });
const done = (page) => stat(page, "done");
const waitDone = (page, atLeast) => page.waitForFunction((n) => Number(document.getElementById("stat-done").textContent.replace(/\D/g, "")) >= n, atLeast, { timeout: 120_000 });

/** The stored predictions of the page's run (pass 0), read in the page's IndexedDB in batches. */
const stored = (page) => page.evaluate(async () => (await globalThis.__workspace.store.runs.predictions(globalThis.__workspace.run.id)).filter((p) => p.pass === 0).map((p) => [p.index, p.status, p.labels.join(";")]));

test(`${N} rows: imported and stored whole, shown by a virtual table, labeled through a pause and a closed tab with none lost, exported whole`, async () => {
  let page = await openWorkspace();
  await newProject(page, CSV_PATH);
  await page.waitForFunction((n) => document.getElementById("dataset-info").textContent.includes(`${n} rows`), N.toLocaleString("en-US"));
  // Every row stored once, cells as in the file.
  const back = await page.evaluate(async () => {
    const app = globalThis.__workspace;
    const { rows } = await app.store.projects.rows(app.project.id, app.project.rowCount);
    return { count: await app.store.projects.countRows(app.project.id), inPage: app.rows.length, rows };
  });
  assert.equal(back.count, N);
  assert.equal(back.inPage, N);
  assert.deepEqual(back.rows, ROWS);

  await setUp(page, { emu, labels: LABELS, batchSize: 50, concurrency: 16 });
  await page.waitForFunction(() => document.getElementById("est-requests").textContent === "400", null, { timeout: 60_000 });
  await page.click("#tab-review");
  await page.waitForFunction((n) => document.getElementById("review-count").textContent.startsWith(`${n} rows shown`), N.toLocaleString("en-US"));
  const drawn = await page.$$eval("#table-scroll tr.item", (trs) => trs.length);
  assert.ok(drawn > 0 && drawn < 100, `${drawn} table rows in the DOM for ${N}`);

  // Paused, then resumed in the same tab.
  await page.click("#predict");
  await waitDone(page, 3000);
  await page.click("#pause");
  await waitRun(page, "Paused");
  const paused = await done(page);
  assert.ok(paused < N, `paused at ${paused}`);
  assert.equal((await stored(page)).length, paused, "what shows as done is what is stored");
  await page.click("#resume");
  await waitDone(page, paused + 3000);

  // The tab closed mid-run: what it showed as done is stored, and a new tab resumes the rest.
  const shown = await done(page);
  await page.close();
  page = await openWorkspace();
  await openProject(page, NAME);
  await page.waitForSelector("#resume-banner:not([hidden])");
  const before = await stored(page);
  assert.ok(before.length >= shown && before.length < N, `${before.length} stored, ${shown} shown done`);
  const reopenedAt = Date.now();
  const seen = emu.stats.invocations.length;
  await fillKeys(page);
  await page.click("#resume-run");
  await waitRun(page, "Done", 180_000);

  const all = await stored(page);
  assert.equal(all.length, N);
  assert.equal(new Set(all.map(([i]) => i)).size, N, "one prediction per row, none lost");
  for (const [i, status, labels] of all) {
    assert.equal(status, "ok");
    assert.equal(labels, expectedLabel(ROWS[i][1], LABELS), `row ${i}`);
  }
  assert.equal(await done(page), N);
  const finished = new Set(before.map(([i]) => ROWS[i][1]));
  const resent = emu.stats.invocations.slice(seen).filter((e) => e.at >= reopenedAt).flatMap((e) => e.texts ?? []);
  assert.ok(resent.length > 0 && resent.every((t) => !finished.has(t)), "no finished row was asked again");
  await page.click("#tab-review");
  await page.waitForFunction((n) => document.getElementById("review-count").textContent.startsWith(`${n} rows shown`), N.toLocaleString("en-US"));

  // Exports: every row once, in order, with its cells, the model's label and the request's status.
  const [csvDownload] = await Promise.all([page.waitForEvent("download"), page.click("#export-csv")]);
  const table = labeler.parseDataset(readFileSync(await csvDownload.path()), "x.csv");
  assert.equal(table.rows.length, N);
  table.rows.forEach((r, i) => {
    assert.deepEqual(r.slice(0, 3), ROWS[i]);
    assert.equal(r[3], expectedLabel(ROWS[i][1], LABELS));
    assert.equal(r[11], "ok");
  });
  const [jsonlDownload] = await Promise.all([page.waitForEvent("download"), page.click("#export-jsonl")]);
  const lines = readFileSync(await jsonlDownload.path(), "utf8").split("\n").filter(Boolean).map((l) => JSON.parse(l));
  assert.equal(lines.length, N);
  lines.forEach((o, i) => {
    assert.deepEqual([o.id, o.text, o.gold], ROWS[i]);
    assert.deepEqual(o.model_labels, [expectedLabel(ROWS[i][1], LABELS)]);
    assert.equal(o.status, "ok");
  });
  await page.close();
  assert.deepEqual(errors, []);
});
