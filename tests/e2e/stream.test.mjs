// Streaming in the popup, in real Chromium with the extension loaded unpacked: rows of
// #results fill in while the emulator is still streaming, and the "Stream results" option.
import { test, before, after, beforeEach } from "node:test";
import assert from "node:assert/strict";
import { launchWithExtension } from "../lib/chromium.mjs";
import { fillPopup, predict, readRows } from "../lib/popup-driver.mjs";
import { startEmulator } from "../emulator/emulator.mjs";
import { LONG_LIVED } from "../emulator/test-credentials.mjs";
import { expectedLabel } from "../emulator/labeling-rule.mjs";

let emu, browser, page;
const consoleMessages = [];

before(async () => {
  emu = await startEmulator();
  browser = await launchWithExtension({ headless: true });
  page = await browser.context.newPage();
  page.on("console", (m) => consoleMessages.push(`${m.type()}: ${m.text()}`));
  page.on("pageerror", (e) => consoleMessages.push(`pageerror: ${e.message}`));
  await page.goto(browser.popupUrl);
  await page.waitForSelector("#version:not(:empty)");
});

after(async () => {
  await browser?.close();
  await emu?.close();
});

beforeEach(() => {
  Object.assign(emu.config, { chunkDelayMs: 0, streamFault: null, holdLastChunk: false });
  emu.stats.streams.length = 0;
});

const LABELS = ["positive", "negative", "neutral"];
const TEXTS = ["Absolutely positive stay", "negative: cold shower", "A neutral fact about the lobby"];

test("Stream results is on by default and labelled", async () => {
  assert.equal(await page.isChecked("#stream"), true);
  assert.equal((await page.evaluate(() => document.getElementById("stream").labels[0].textContent)).trim(), "Stream results");
});

test("with a delay per chunk, the first row appears before the last chunk is sent", async () => {
  await fillPopup(page, { credentials: LONG_LIVED, region: "us-east-1", labels: LABELS, texts: TEXTS, endpoint: emu.url });
  await page.setChecked("#stream", true);
  Object.assign(emu.config, { chunkDelayMs: 40, holdLastChunk: true });
  // The page notes when the first row gets its labels (Date.now(): the same clock as the emulator's).
  await page.evaluate(() => {
    window.__firstRowAt = null;
    new MutationObserver((_, obs) => {
      if (document.querySelector("#results li[data-status]")) {
        window.__firstRowAt = Date.now();
        obs.disconnect();
      }
    }).observe(document.getElementById("results"), { subtree: true, childList: true, attributes: true });
  });
  await page.click("#predict");
  // Every stream is held before its last chunk (message_stop): a row can only appear now if
  // the popup renders items while their stream is still open.
  await page.waitForSelector('#results li[data-status="ok"]', { timeout: 15_000 });
  assert.ok(emu.stats.streams.length > 0);
  assert.ok(emu.stats.streams.every((s) => s.lastChunkSentAt === null), JSON.stringify(emu.stats.streams));
  assert.equal(await page.locator("#summary").count(), 0, "the run has not finished");
  assert.equal(await page.isDisabled("#predict"), true);

  // Let the streams finish.
  const release = setInterval(() => emu.releaseHeld(), 20);
  try {
    await page.waitForSelector("#summary", { timeout: 15_000 });
  } finally {
    clearInterval(release);
  }
  const firstRowAt = await page.evaluate(() => window.__firstRowAt);
  const lastChunks = emu.stats.streams.map((s) => s.lastChunkSentAt);
  assert.ok(lastChunks.every((t) => typeof t === "number"), JSON.stringify(lastChunks));
  assert.ok(firstRowAt < Math.min(...lastChunks), `first row at ${firstRowAt}, last chunks at ${lastChunks}`);

  const rows = await readRows(page);
  assert.equal(rows.length, TEXTS.length);
  rows.forEach((row, i) => {
    assert.equal(row.status, "ok");
    assert.deepEqual(row.labels, [expectedLabel(TEXTS[i], LABELS)]);
  });
  assert.match(await page.locator("#summary").textContent(), /3 labeled, 0 failed · 1 request ·/);
});

test("unchecked, the popup calls InvokeModel and shows the same rows", async () => {
  await fillPopup(page, { credentials: LONG_LIVED, labels: LABELS, texts: TEXTS, endpoint: emu.url });
  await page.setChecked("#stream", true);
  await predict(page);
  const streamed = await readRows(page);
  const summaryStreamed = await page.locator("#summary").textContent();
  const before = emu.stats.invocations.length;
  await page.setChecked("#stream", false);
  await predict(page);
  assert.deepEqual(await readRows(page), streamed);
  assert.equal(await page.locator("#summary").textContent(), summaryStreamed);
  const calls = emu.stats.invocations.slice(before);
  assert.equal(calls.length, 1, "the three items in one request");
  assert.ok(calls.every((c) => c.stream === false));
  await page.setChecked("#stream", true);
});

test("a stream cut mid-frame shows an error on its row; the other rows keep their labels", async () => {
  const texts = ["positive [[emulate-stream:truncate]]", "negative fine", "neutral fine"];
  // One item per request, so that the cut concerns one row (it is cut again on each retry).
  await fillPopup(page, { credentials: LONG_LIVED, labels: LABELS, texts, endpoint: emu.url, batchSize: 1 });
  await predict(page);
  const rows = await readRows(page);
  assert.equal(rows[0].status, "failed");
  assert.match(rows[0].error, /cut off or corrupted/);
  assert.deepEqual(rows[1].labels, ["negative"]);
  assert.deepEqual(rows[2].labels, ["neutral"]);
  await page.fill("#batch-size", "");
});

for (const [name, modelId] of [
  ["Nova", "amazon.nova-lite-v1:0"],
  ["Titan", "amazon.titan-text-express-v1"],
  ["Llama 3", "meta.llama3-1-8b-instruct-v1:0"],
  ["Mistral", "mistral.mistral-large-2407-v1:0"],
]) {
  test(`${name}: every row fills in while the model's one stream is still open`, async () => {
    await fillPopup(page, { credentials: LONG_LIVED, region: "us-east-1", modelId, labels: LABELS, texts: TEXTS, endpoint: emu.url });
    await page.setChecked("#stream", true);
    Object.assign(emu.config, { chunkDelayMs: 10, holdLastChunk: true });
    const before = emu.stats.invocations.length;
    await page.click("#predict");
    // The three items share one stream, held before its last chunk: all rows get their labels
    // from the chunks before it.
    await page.waitForFunction((n) => document.querySelectorAll('#results li[data-status="ok"]').length === n, TEXTS.length, { timeout: 15_000 });
    assert.equal(emu.stats.streams.length, 1);
    assert.equal(emu.stats.streams[0].lastChunkSentAt, null);
    assert.equal(await page.locator("#summary").count(), 0, "the run has not finished");
    const release = setInterval(() => emu.releaseHeld(), 20);
    try {
      await page.waitForSelector("#summary", { timeout: 15_000 });
    } finally {
      clearInterval(release);
    }
    const rows = await readRows(page);
    rows.forEach((row, i) => {
      assert.equal(row.status, "ok");
      assert.deepEqual(row.labels, [expectedLabel(TEXTS[i], LABELS)]);
    });
    assert.match(await page.locator("#summary").textContent(), /3 labeled, 0 failed · 1 request ·/);
    const calls = emu.stats.invocations.slice(before);
    assert.deepEqual(calls.map((c) => [c.modelId, c.stream, c.status]), [[modelId, true, 200]]);
  });
}

test("no console errors", () => {
  const bad = consoleMessages.filter((m) => /^(error|pageerror)/.test(m) && !/status of 4\d\d/.test(m));
  assert.deepEqual(bad, []);
});
