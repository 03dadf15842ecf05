// Each task type through the popup in real Chromium, each with a different model family:
// single-label with Amazon Nova, multi-label with Meta Llama, spans with Mistral Large.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { launchWithExtension } from "../lib/chromium.mjs";
import { fillPopup, predict, readRows } from "../lib/popup-driver.mjs";
import { startEmulator } from "../emulator/emulator.mjs";
import { LONG_LIVED } from "../emulator/test-credentials.mjs";
import { expectedLabel, expectedLabels } from "../emulator/labeling-rule.mjs";

let emu, browser, page;
before(async () => {
  emu = await startEmulator();
  browser = await launchWithExtension({ headless: true });
  page = await browser.context.newPage();
  await page.goto(browser.popupUrl);
  await page.waitForSelector("#version:not(:empty)");
});
after(async () => {
  await browser?.close();
  await emu?.close();
});

const LABELS = ["billing", "bug", "praise"];
const TEXTS = ["Billing charged me twice", "Found a bug, also praise for the team", "Just saying hi"];

test("single-label with Amazon Nova", async () => {
  await fillPopup(page, { credentials: LONG_LIVED, modelId: "amazon.nova-pro-v1:0", task: "single", labels: LABELS, texts: TEXTS, endpoint: emu.url });
  await predict(page);
  const rows = await readRows(page);
  rows.forEach((r, i) => assert.deepEqual(r.labels, [expectedLabel(TEXTS[i], LABELS)]));
  assert.equal(emu.stats.invocations.at(-1).family, "nova");
});

test("multi-label with Meta Llama", async () => {
  await fillPopup(page, { credentials: LONG_LIVED, modelId: "us.meta.llama3-3-70b-instruct-v1:0", task: "multi", labels: LABELS, texts: TEXTS, endpoint: emu.url });
  await predict(page);
  const rows = await readRows(page);
  rows.forEach((r, i) => assert.deepEqual(r.labels, expectedLabels(TEXTS[i], LABELS)));
  assert.equal(rows[2].status, "ok", "no label is a valid multi-label answer");
  assert.equal(emu.stats.invocations.at(-1).family, "llama");
});

test("spans with Mistral Large, marked in the text", async () => {
  const texts = ["Flights from Paris to 東京 😀 and back to Paris", "Nothing here"];
  await fillPopup(page, { credentials: LONG_LIVED, modelId: "mistral.mistral-large-2407-v1:0", task: "spans", labels: "Paris\n東京", texts, endpoint: emu.url });
  await predict(page);
  const rows = await readRows(page);
  assert.deepEqual(rows[0].spans, [{ text: "Paris", label: "Paris" }, { text: "東京", label: "東京" }, { text: "Paris", label: "Paris" }]);
  assert.equal(rows[0].text.replace(/Paris|東京/g, ""), texts[0].replace(/Paris|東京/g, ""), "the row shows the whole text");
  assert.deepEqual(rows[1].spans, []);
  assert.equal(emu.stats.invocations.at(-1).family, "mistral");
  await page.screenshot({ path: new URL("../out/popup-spans.png", import.meta.url).pathname, fullPage: true });
});

test("the task persists with the other settings", async () => {
  await page.dispatchEvent("#task", "change");
  await page.waitForTimeout(100);
  await page.reload();
  await page.waitForSelector("#version:not(:empty)");
  assert.equal(await page.inputValue("#task"), "spans");
});
