// The popup in real Chromium with the repo root loaded unpacked, against the emulator: the
// label flow, both credential errors, and the popup's contract (ids, keyboard, settings, text-only output).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync } from "node:fs";
import { launchWithExtension } from "../lib/chromium.mjs";
import { fillPopup, predict, readRows } from "../lib/popup-driver.mjs";
import { startEmulator } from "../emulator/emulator.mjs";
import { LONG_LIVED, TEMPORARY, EXPIRED } from "../emulator/test-credentials.mjs";
import { expectedLabel } from "../emulator/labeling-rule.mjs";

const OUT = new URL("../out/", import.meta.url);
mkdirSync(OUT, { recursive: true });

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

const LABELS = ["positive", "negative", "neutral"];
const TEXTS = [
  "Absolutely positive experience, would stay again",
  "negative: the shower was cold and the staff rude",
  "The hotel is near the station (neutral fact)",
  "Emoji 😀 and 東京 with no label word",
];

test("paste keys, click Predict labels, see the expected label for every item (a current Claude model, Temperature filled)", async () => {
  await fillPopup(page, {
    credentials: TEMPORARY,
    region: "us-west-2",
    // Opus 5.5 refuses temperature (Anthropic "What's new in Claude Opus 5.5"): it is left out
    // and the popup says so; the run still labels every item.
    modelId: "global.anthropic.claude-opus-5-5",
    labels: LABELS,
    texts: TEXTS,
    endpoint: emu.url,
    instructions: "Label hotel reviews by sentiment.",
    temperature: 0,
  });
  await predict(page);
  assert.equal(await page.locator("#error").isHidden(), true, await page.locator("#error").textContent());
  const rows = await readRows(page);
  assert.equal(rows.length, TEXTS.length);
  rows.forEach((row, i) => {
    assert.equal(row.index, i);
    assert.equal(row.status, "ok");
    assert.equal(row.text, TEXTS[i]);
    assert.deepEqual(row.labels, [expectedLabel(TEXTS[i], LABELS)]);
  });
  const summary = await page.locator("#summary").textContent();
  assert.match(summary, /4 labeled, 0 failed · 1 request ·/);
  assert.match(summary, /temperature is not accepted by global\.anthropic\.claude-opus-5-5 and was not sent\./);
  const last = emu.stats.invocations.at(-1);
  assert.equal(last.region, "us-west-2");
  assert.equal(last.accessKeyId, TEMPORARY.accessKeyId);
  assert.equal(last.status, 200);
  assert.ok(!("temperature" in last.body), "the refused field was never sent");
  await page.screenshot({ path: new URL("popup-results.png", OUT).pathname, fullPage: true });
});

test("a refusal adapted to is remembered for the rest of the browser session", async () => {
  const model = "us.anthropic.claude-haiku-4-5-20251001-v1:0";
  await fetch(`${emu.url}/__emulator/config`, {
    method: "POST",
    body: JSON.stringify({ refusals: [{ model: "anthropic.claude-haiku-4-5", field: "output_config.format", message: "output_config.format: Extra inputs are not permitted" }] }),
  });
  await fillPopup(page, { credentials: LONG_LIVED, modelId: model, labels: LABELS, texts: ["positive vibes"], endpoint: emu.url, temperature: "" });
  const before = emu.stats.invocations.length;
  await predict(page);
  assert.equal(await page.locator("#error").isHidden(), true);
  assert.match(await page.locator("#summary").textContent(), /refused a request .*structured output was not used/);
  assert.equal(emu.stats.invocations.length - before, 2, "the refused request and the adapted one");
  // Reopened: the popup passes what it learnt, so the model is not asked the refused way again.
  await page.reload();
  await page.waitForSelector("#version:not(:empty)");
  await fillPopup(page, { credentials: LONG_LIVED, modelId: model, labels: LABELS, texts: ["positive vibes"], endpoint: emu.url });
  const again = emu.stats.invocations.length;
  await predict(page);
  assert.equal(emu.stats.invocations.length - again, 1, "adapted from the first request");
  assert.ok(!("output_config" in emu.stats.invocations.at(-1).body));
  await fetch(`${emu.url}/__emulator/reset`, { method: "POST" });
});

test("a wrong secret shows a clear error in #error", async () => {
  await fillPopup(page, { credentials: { ...LONG_LIVED, secretAccessKey: "wrong" + LONG_LIVED.secretAccessKey.slice(5) }, texts: ["positive"] });
  await predict(page);
  const error = page.locator("#error");
  assert.equal(await error.isVisible(), true);
  const text = await error.textContent();
  assert.match(text, /signature/i);
  assert.match(text, /Secret Access Key/);
  assert.match(text, /InvalidSignatureException/);
});

test("an expired token says it expired and to run aws sts assume-role again", async () => {
  await fillPopup(page, { credentials: EXPIRED, texts: ["positive"] });
  await predict(page);
  const text = await page.locator("#error").textContent();
  assert.match(text, /expired/);
  assert.match(text, /aws sts assume-role/);
  assert.ok(!text.includes(EXPIRED.sessionToken) && !text.includes(EXPIRED.secretAccessKey));
});

test("the error box clears on the next successful run", async () => {
  await fillPopup(page, { credentials: LONG_LIVED, texts: ["neutral"] });
  await predict(page);
  assert.equal(await page.locator("#error").isHidden(), true);
  assert.deepEqual((await readRows(page))[0].labels, ["neutral"]);
});

test("a bad input names the field and focuses it, without sending anything", async () => {
  const before = emu.stats.requests;
  await fillPopup(page, { credentials: LONG_LIVED, labels: " , ", texts: ["x"] });
  await predict(page);
  assert.match(await page.locator("#error").textContent(), /^labels: /);
  assert.equal(await page.evaluate(() => document.activeElement.id), "labels");
  assert.equal(await page.getAttribute("#labels", "aria-invalid"), "true");
  assert.equal(emu.stats.requests, before);
});

test("Service tier: Flex on a model that offers it is sent (signed, the emulator verifies it); on Claude it names the field and sends nothing", async () => {
  await fillPopup(page, { credentials: LONG_LIVED, modelId: "openai.gpt-oss-120b-1:0", labels: LABELS, texts: TEXTS.slice(0, 2), endpoint: emu.url, serviceTier: "flex" });
  await predict(page);
  assert.equal(await page.locator("#error").isHidden(), true, await page.locator("#error").textContent());
  const last = emu.stats.invocations.at(-1);
  assert.deepEqual([last.serviceTier, last.status], ["flex", 200]);
  const before = emu.stats.requests;
  await fillPopup(page, { credentials: LONG_LIVED, modelId: "global.anthropic.claude-haiku-4-5-20251001-v1:0", labels: LABELS, texts: TEXTS.slice(0, 2), serviceTier: "flex" });
  await predict(page);
  assert.match(await page.locator("#error").textContent(), /serviceTier/);
  assert.equal(await page.evaluate(() => document.activeElement.id), "service-tier");
  assert.equal(emu.stats.requests, before, "nothing was sent");
  await page.selectOption("#service-tier", "");
  await page.dispatchEvent("#service-tier", "change");
});

test("model output is shown as text, never as HTML", async () => {
  const evil = `positive <img src=x onerror="document.title='pwned'"><script>document.title='pwned'</script>`;
  await fillPopup(page, { credentials: LONG_LIVED, labels: LABELS, texts: [evil] });
  await predict(page);
  const rows = await readRows(page);
  assert.equal(rows[0].text, evil);
  assert.equal(await page.locator("#results img, #results script").count(), 0);
  assert.notEqual(await page.title(), "pwned");
});

test("Enter in a field does not submit; the busy state shows while predicting", async () => {
  await fillPopup(page, { credentials: LONG_LIVED, labels: LABELS, texts: ["positive one", "negative two"] });
  const before = emu.stats.requests;
  for (const id of ["#access-key-id", "#secret-access-key", "#model-id", "#endpoint"]) {
    await page.focus(id);
    await page.keyboard.press("Enter");
  }
  await page.waitForTimeout(200);
  assert.equal(emu.stats.requests, before);

  emu.config.latencyMs = 400;
  try {
    await page.focus("#predict");
    await page.keyboard.press("Enter"); // keyboard activation of the button
    await page.waitForFunction(() => document.querySelector("#predict").disabled);
    // "Waiting for permission…" first, while Chrome answers for the emulator's host (granted at install).
    await page.waitForFunction(() => document.querySelector("#predict").textContent === "Predicting…");
    assert.equal(await page.getAttribute("#results", "aria-busy"), "true");
    await page.waitForSelector("#summary");
    assert.equal(await page.textContent("#predict"), "Predict labels");
  } finally {
    emu.config.latencyMs = 0;
  }
});

test("every input is labelled, and the popup fits 800×600 without horizontal clipping", async () => {
  for (const id of ["access-key-id", "secret-access-key", "session-token", "region", "model-id", "labels", "texts", "text-split", "endpoint", "instructions", "temperature"]) {
    const name = await page.evaluate((id) => document.getElementById(id).labels?.[0]?.textContent.trim(), id);
    assert.ok(name, `#${id} has a label`);
  }
  assert.equal(await page.getAttribute("#secret-access-key", "type"), "password");
  const { scrollWidth, bodyWidth } = await page.evaluate(() => ({ scrollWidth: document.documentElement.scrollWidth, bodyWidth: document.body.getBoundingClientRect().width }));
  assert.ok(bodyWidth <= 800, `width ${bodyWidth}`);
  assert.ok(scrollWidth <= Math.ceil(bodyWidth), `no horizontal overflow (${scrollWidth} > ${bodyWidth})`);
});

test("non-secret settings persist across reopening; secrets never go to localStorage", async () => {
  await fillPopup(page, { credentials: LONG_LIVED, region: "eu-central-1", modelId: "eu.anthropic.claude-3-7-sonnet-20250219-v1:0", labels: "spam\nham", endpoint: emu.url });
  for (const id of ["#region", "#model-id", "#labels", "#endpoint"]) await page.dispatchEvent(id, "change");
  await page.waitForTimeout(100);
  await page.reload();
  await page.waitForSelector("#version:not(:empty)");
  assert.equal(await page.inputValue("#region"), "eu-central-1");
  assert.equal(await page.inputValue("#model-id"), "eu.anthropic.claude-3-7-sonnet-20250219-v1:0");
  assert.equal(await page.inputValue("#labels"), "spam\nham");
  assert.equal(await page.inputValue("#endpoint"), emu.url);
  // The keys come back from chrome.storage.session (tests/e2e/credentials.test.mjs), not from here:
  const stored = await page.evaluate(() => JSON.stringify(localStorage));
  assert.ok(!stored.includes(LONG_LIVED.secretAccessKey) && !stored.includes(LONG_LIVED.accessKeyId));
});

test("no console errors or CSP violations", () => {
  const bad = consoleMessages.filter((m) => /^(error|pageerror)/.test(m) && !/status of 4\d\d/.test(m));
  assert.deepEqual(bad, []);
});
