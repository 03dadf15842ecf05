// The popup at a toolbar popup's size (440×600, the viewport tests/lib/chromium.mjs opens), in
// real Chromium: valid keys collapse the credentials box to one line that shows no secret (and
// opens again with Change, by keyboard too); after Predict the first result row, or the error
// box, is in view; nothing is clipped horizontally when the vertical scrollbar shows.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync } from "node:fs";
import { launchWithExtension } from "../lib/chromium.mjs";
import { fillPopup, predict } from "../lib/popup-driver.mjs";
import { startEmulator } from "../emulator/emulator.mjs";
import { TEMPORARY, LONG_LIVED } from "../emulator/test-credentials.mjs";

const OUT = new URL("../out/", import.meta.url);
mkdirSync(OUT, { recursive: true });
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

const inMinutes = (m) => new Date(Date.now() + m * 60_000).toISOString();

async function pasteAssumeRole(creds, expiration) {
  const output = JSON.stringify({ Credentials: { AccessKeyId: creds.accessKeyId, SecretAccessKey: creds.secretAccessKey, SessionToken: creds.sessionToken, Expiration: expiration } });
  await page.evaluate((t) => navigator.clipboard.writeText(t), output);
  await page.focus("#access-key-id");
  await page.keyboard.press("Control+V");
}

/** Where `selector` is relative to the viewport, and the page's scroll sizes. */
const geometry = (selector) =>
  page.evaluate((selector) => {
    const r = document.querySelector(selector).getBoundingClientRect();
    const d = document.documentElement;
    return { top: r.top, bottom: r.bottom, height: innerHeight, scrollWidth: d.scrollWidth, clientWidth: d.clientWidth, scrollHeight: d.scrollHeight, clientHeight: d.clientHeight };
  }, selector);

test("valid keys collapse the credentials box to one line with no secret in it; Change opens it again", async () => {
  await pasteAssumeRole(TEMPORARY, inMinutes(52.5));
  await page.waitForSelector("#creds-summary:not([hidden])");
  const summary = (await page.textContent("#creds-summary")).replace(/\s+/g, " ").trim();
  assert.equal(summary, "Keys: ASIA…0001 · expires in 52 min Change");
  const html = await page.evaluate(() => document.getElementById("creds").outerHTML);
  for (const secret of [TEMPORARY.secretAccessKey, TEMPORARY.sessionToken]) assert.ok(!html.includes(secret.slice(0, 12)));
  assert.equal(await page.isHidden("#access-key-id"), true);
  const box = await geometry("#creds");
  assert.ok(box.bottom - box.top < 48, `one line: ${box.bottom - box.top}px tall`);
  // The focus was in the pasted field, now hidden: it moves to Change, and Enter opens the box.
  assert.equal(await page.evaluate(() => document.activeElement.id), "creds-change");
  await page.screenshot({ path: new URL("popup-collapsed.png", OUT).pathname });
  await page.keyboard.press("Enter");
  assert.equal(await page.isVisible("#access-key-id"), true);
  assert.equal(await page.evaluate(() => document.activeElement.id), "access-key-id");
  assert.equal(await page.getAttribute("#creds-change", "aria-expanded"), "true");
});

test("stored valid keys open collapsed; keys that are not valid stay open", async () => {
  await page.reload();
  await page.waitForSelector("#version:not(:empty)");
  await page.waitForSelector("#creds-summary:not([hidden])");
  await fillPopup(page, { credentials: { accessKeyId: TEMPORARY.accessKeyId, secretAccessKey: TEMPORARY.secretAccessKey } });
  await page.reload();
  await page.waitForSelector("#version:not(:empty)");
  await page.waitForFunction(() => document.getElementById("secret-access-key").value !== "");
  await page.waitForTimeout(200);
  assert.equal(await page.isVisible("#access-key-id"), true, "ASIA keys without their token are not valid: the box stays open");
});

test("after Predict the first result row is in view, and nothing is clipped horizontally", async () => {
  const texts = Array.from({ length: 6 }, (_, i) => `positive review number ${i}`);
  await fillPopup(page, { credentials: LONG_LIVED, labels: ["positive", "negative"], texts, endpoint: emu.url, instructions: "Label reviews." });
  await predict(page);
  const g = await geometry('#results li[data-index="0"]');
  assert.ok(g.scrollHeight > g.clientHeight, "the popup scrolls vertically (the scrollbar shows)");
  assert.ok(g.top >= 0 && g.bottom <= g.height, `first row at ${g.top}–${g.bottom} in a ${g.height}px viewport`);
  assert.ok(g.scrollWidth <= g.clientWidth, `scrollWidth ${g.scrollWidth} > clientWidth ${g.clientWidth}`);
  assert.match((await page.textContent("#creds-summary")).trim(), /^Keys: AKIA…0001/, "the run collapsed the keys to one line");
  await page.screenshot({ path: new URL("popup-after-predict.png", OUT).pathname });
});

test("after a failed Predict the error box is in view, and the keys box opens to fix them", async () => {
  await page.evaluate(() => scrollTo(0, 0));
  await fillPopup(page, { credentials: { ...LONG_LIVED, secretAccessKey: "wrong" + LONG_LIVED.secretAccessKey.slice(5) }, texts: ["positive"] });
  await predict(page);
  const g = await geometry("#error");
  assert.ok(g.top >= 0 && g.bottom <= g.height, `error box at ${g.top}–${g.bottom}`);
  assert.match(await page.textContent("#error"), /InvalidSignatureException/);
  assert.equal(await page.isVisible("#secret-access-key"), true, "a key error opens the box");
  assert.ok(g.scrollWidth <= g.clientWidth);
  await page.screenshot({ path: new URL("popup-error.png", OUT).pathname });
});

test("a long item is cut to three lines; More (Enter on it, or a click on the text) shows all of it", async () => {
  const long = `positive ${"a long review that goes on and on about the room, ".repeat(8)}the end`;
  await fillPopup(page, { credentials: LONG_LIVED, labels: ["positive", "negative"], texts: [long, "negative short one"], endpoint: emu.url });
  await predict(page);
  const row = page.locator('#results li[data-index="0"]');
  const cut = () => row.locator(".text").evaluate((t) => t.scrollHeight > t.clientHeight + 1);
  assert.equal(await cut(), true, "cut to three lines");
  assert.equal(await page.locator('#results li[data-index="1"] button.more').count(), 0, "a text that fits gets no button");
  const more = row.locator("button.more");
  assert.equal(await more.textContent(), "More");
  assert.equal(await more.getAttribute("aria-expanded"), "false");
  assert.equal(await more.getAttribute("aria-controls"), await row.locator(".text").getAttribute("id"));
  await more.focus();
  await page.keyboard.press("Enter");
  assert.equal(await more.getAttribute("aria-expanded"), "true");
  assert.equal(await more.textContent(), "Less");
  assert.equal(await cut(), false, "all of it shows");
  assert.equal((await row.locator(".text").textContent()), long);
  await page.screenshot({ path: new URL("popup-row-expanded.png", OUT).pathname });
  await page.keyboard.press("Space");
  assert.equal(await cut(), true, "Space cuts it again");
  await row.locator(".text").click();
  assert.equal(await more.getAttribute("aria-expanded"), "true", "a click on the text opens it too");
  const g = await geometry("#results");
  assert.ok(g.scrollWidth <= g.clientWidth);
});
