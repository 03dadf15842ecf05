// A popup run that survives the popup, in real Chromium at 440×600: the run goes on in the
// service worker when the popup page closes, and the reopened popup shows it still going (then
// finished), its results, and the texts typed. Retries are shown as they happen, Cancel stops a
// run (items not sent say so), and the end says how many failed.
import { test, before, after, beforeEach } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync } from "node:fs";
import { launchWithExtension } from "../lib/chromium.mjs";
import { fillPopup, predict, readRows } from "../lib/popup-driver.mjs";
import { startEmulator } from "../emulator/emulator.mjs";
import { LONG_LIVED } from "../emulator/test-credentials.mjs";
import { expectedLabel } from "../emulator/labeling-rule.mjs";

const OUT = new URL("../out/", import.meta.url);
mkdirSync(OUT, { recursive: true });
const LABELS = ["positive", "negative", "neutral"];
let emu, browser, page;
const consoleMessages = [];

async function openPopup() {
  page = await browser.context.newPage();
  page.on("console", (m) => consoleMessages.push(`${m.type()}: ${m.text()}`));
  page.on("pageerror", (e) => consoleMessages.push(`pageerror: ${e.message}`));
  await page.goto(browser.popupUrl);
  await page.waitForSelector("#version:not(:empty)");
  return page;
}

/** Records every text the status line shows, from now on. */
const watchStatus = () =>
  page.evaluate(() => {
    window.__statuses = [];
    const status = document.getElementById("status");
    new MutationObserver(() => window.__statuses.push(status.textContent)).observe(status, { childList: true, characterData: true, subtree: true });
  });
const statuses = () => page.evaluate(() => window.__statuses);

before(async () => {
  emu = await startEmulator();
  browser = await launchWithExtension({ headless: true });
  await openPopup();
});

after(async () => {
  await browser?.close();
  await emu?.close();
});

beforeEach(() => Object.assign(emu.config, { latencyMs: 0, failNext: [], quotaRpm: 0 }));

test("closing the popup does not stop a run: reopened, it is still going, then shows its results; the texts are kept", async () => {
  const texts = ["positive start", "negative middle", "neutral end"];
  await fillPopup(page, { credentials: LONG_LIVED, labels: LABELS, texts, endpoint: emu.url, batchSize: 1 });
  emu.config.latencyMs = 1200; // the probe request alone, then the other two: about 2.4 s in all
  const before = emu.stats.invocations.length;
  await page.click("#predict");
  await page.waitForFunction(() => document.getElementById("status").textContent === "0 of 3 done");
  await page.close(); // as the popup closes on a click outside it

  await openPopup();
  assert.equal(await page.inputValue("#texts"), texts.join("\n"), "the texts are back");
  assert.match(await page.textContent("#status"), /^\d of 3 done/, "the run is still going");
  assert.equal(await page.isDisabled("#predict"), true);
  assert.equal(await page.isVisible("#cancel"), true);
  await page.screenshot({ path: new URL("popup-reopened-running.png", OUT).pathname });
  await page.waitForSelector("#summary", { timeout: 15_000 });
  const rows = await readRows(page);
  assert.deepEqual(rows.map((r) => r.labels), texts.map((t) => [expectedLabel(t, LABELS)]));
  assert.equal(await page.textContent("#status"), "Done");
  assert.equal(emu.stats.invocations.length - before, 3, "every item was sent once, by the worker");

  // Closed and opened again once more: the finished run is still shown.
  await page.close();
  await openPopup();
  assert.deepEqual((await readRows(page)).map((r) => r.labels), rows.map((r) => r.labels));
  assert.match(await page.textContent("#summary"), /3 labeled, 0 failed · 3 requests/);
  assert.equal(await page.textContent("#status"), "Done");
  assert.equal(await page.isEnabled("#predict"), true);
});

test("items separated by a blank line: each paragraph is one item, its line breaks kept", async () => {
  await page.selectOption("#text-split", "blank");
  const first = "positive first paragraph,\nwith a second line";
  await fillPopup(page, { credentials: LONG_LIVED, labels: LABELS, texts: `${first}\n\nnegative second item`, endpoint: emu.url, batchSize: "" });
  await predict(page);
  const rows = await readRows(page);
  assert.deepEqual(rows.map((r) => r.text), [first, "negative second item"]);
  assert.deepEqual(rows.map((r) => r.labels), [["positive"], ["negative"]]);
  // The choice is kept with the other non-secret settings.
  await page.close();
  await openPopup();
  assert.equal(await page.inputValue("#text-split"), "blank");
  await page.selectOption("#text-split", "line");
});

test("retries are shown as they happen, then the run ends Done", async () => {
  emu.config.failNext = ["ThrottlingException", "ThrottlingException", "ThrottlingException"];
  await fillPopup(page, { credentials: LONG_LIVED, labels: LABELS, texts: ["positive after throttling"], endpoint: emu.url });
  await watchStatus();
  await predict(page, { timeout: 60_000 });
  const seen = await statuses();
  // "Throttled, retrying (n)…" once the call reports why it retries (a retry progress event);
  // "Retrying (n)…" from the usage events' retry count alone.
  assert.ok(seen.some((s) => /0 of 1 done · (Throttled, retrying|Retrying) \(\d\)…/.test(s)), JSON.stringify(seen));
  assert.equal(await page.textContent("#status"), "Done");
  assert.match(await page.textContent("#summary"), /1 labeled, 0 failed · 4 requests \(3 retried\)/);
});

test("items that failed are counted in the end: Done, 2 failed", async () => {
  const texts = ["[[emulate:ModelErrorException]] one", "positive two", "[[emulate:ModelErrorException]] three"];
  await fillPopup(page, { credentials: LONG_LIVED, labels: LABELS, texts, endpoint: emu.url, batchSize: 1 });
  await predict(page);
  assert.equal(await page.textContent("#status"), "Done, 2 failed");
  assert.deepEqual((await readRows(page)).map((r) => r.status), ["failed", "ok", "failed"]);
});

test("Cancel stops the run: the request in flight finishes, the items never sent say Cancelled", async () => {
  const texts = ["positive a", "negative b", "neutral c", "positive d"];
  await fillPopup(page, { credentials: LONG_LIVED, labels: LABELS, texts, endpoint: emu.url, batchSize: 1 });
  emu.config.latencyMs = 800;
  const before = emu.stats.invocations.length;
  await page.click("#predict");
  await page.waitForSelector("#cancel:not([hidden])");
  await page.focus("#cancel");
  await page.keyboard.press("Enter"); // keyboard works
  await page.waitForSelector("#summary", { timeout: 15_000 });
  assert.equal(await page.textContent("#status"), "Cancelled: 1 labeled, 3 not sent");
  const rows = await readRows(page);
  assert.deepEqual(rows.map((r) => r.status), ["ok", "failed", "failed", "failed"]);
  for (const r of rows.slice(1)) assert.match(r.error, /Not labelled: the run was stopped before this item was sent/);
  assert.equal(emu.stats.invocations.length - before, 1, "only the first request was sent");
  assert.equal(await page.isHidden("#cancel"), true);
  await page.screenshot({ path: new URL("popup-cancelled.png", OUT).pathname });
});

test("a run the worker lost (Chrome stopped it mid-run) ends Stopped, each unanswered item saying why", async () => {
  const texts = ["positive x", "negative y"];
  await fillPopup(page, { credentials: LONG_LIVED, labels: LABELS, texts, endpoint: emu.url, batchSize: 1 });
  emu.config.latencyMs = 3000;
  await page.click("#predict");
  await page.waitForFunction(() => document.getElementById("status").textContent === "0 of 2 done");
  await page.close();
  // What Chrome does to an idle or misbehaving extension worker, through DevTools.
  const helper = await browser.context.newPage();
  const cdp = await browser.context.newCDPSession(helper);
  await cdp.send("ServiceWorker.enable");
  await cdp.send("ServiceWorker.stopAllWorkers");
  await helper.close();

  await openPopup();
  await page.waitForFunction(() => document.getElementById("status").textContent.startsWith("Stopped"), null, { timeout: 10_000 });
  assert.equal(await page.textContent("#status"), "Stopped: 0 labeled, 2 items not answered");
  for (const r of await readRows(page)) assert.match(r.error, /Chrome stopped the extension's background worker/);
  assert.equal(await page.isEnabled("#predict"), true);
});

test("with the popup left open, a worker Chrome stopped is noticed within seconds", async () => {
  await fillPopup(page, { credentials: LONG_LIVED, labels: LABELS, texts: ["positive z"], endpoint: emu.url, batchSize: 1 });
  emu.config.latencyMs = 20_000;
  await page.click("#predict");
  await page.waitForFunction(() => document.getElementById("status").textContent === "0 of 1 done");
  const cdp = await browser.context.newCDPSession(page);
  await cdp.send("ServiceWorker.enable");
  await cdp.send("ServiceWorker.stopAllWorkers");
  await page.waitForFunction(() => document.getElementById("status").textContent.startsWith("Stopped"), null, { timeout: 15_000 });
  assert.equal(await page.textContent("#status"), "Stopped: 0 labeled, 1 item not answered");
  assert.equal(await page.isEnabled("#predict"), true);
  await cdp.detach();
});

test("no console errors", () => {
  const bad = consoleMessages.filter((m) => /^(error|pageerror)/.test(m) && !/status of 4\d\d/.test(m));
  assert.deepEqual(bad, []);
});
