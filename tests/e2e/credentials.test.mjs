// The credentials box in real Chromium: pasting the output of `aws sts assume-role` /
// `aws configure export-credentials` through the real clipboard, the live expiry countdown,
// checks said before sending, and where the keys are kept: chrome.storage.session by default
// (back when the popup reopens, gone when the browser closes), chrome.storage.local only with
// "Remember on this device", neither after "Forget credentials".
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { launchWithExtension } from "../lib/chromium.mjs";
import { fillPopup, predict, readRows, openCredentials } from "../lib/popup-driver.mjs";
import { startEmulator } from "../emulator/emulator.mjs";
import { LONG_LIVED, TEMPORARY } from "../emulator/test-credentials.mjs";

const profile = mkdtempSync(join(tmpdir(), "bedrock-labeler-profile-"));
let emu, browser, page;

async function open() {
  browser = await launchWithExtension({ headless: true, userDataDir: profile });
  page = await browser.context.newPage();
  await page.goto(browser.popupUrl);
  await page.waitForSelector("#version:not(:empty)");
}

/** Closes the whole browser (the profile stays) and starts it again. */
async function restartBrowser() {
  await browser.close();
  await open();
}

before(async () => {
  emu = await startEmulator();
  await open();
});

after(async () => {
  await browser?.close();
  await emu?.close();
  rmSync(profile, { recursive: true, force: true });
});

/** Pastes `text` into `selector` through the system clipboard and Ctrl+V, as a user does. */
async function paste(selector, text) {
  await openCredentials(page); // valid keys collapse the box to one line
  await page.evaluate((t) => navigator.clipboard.writeText(t), text);
  await page.fill(selector, "");
  await page.focus(selector);
  await page.keyboard.press("Control+V");
}

const fields = () =>
  page.evaluate(() => ["access-key-id", "secret-access-key", "session-token"].map((id) => document.getElementById(id).value));

const storageArea = (area) => page.evaluate((area) => chrome.storage[area].get(null), area);

function assumeRoleOutput(creds, expiration) {
  return JSON.stringify(
    {
      Credentials: { AccessKeyId: creds.accessKeyId, SecretAccessKey: creds.secretAccessKey, SessionToken: creds.sessionToken, Expiration: expiration },
      AssumedRoleUser: { AssumedRoleId: "AROA3XFRBF535PLBIFPI4:labeler", Arn: "arn:aws:sts::123456789012:assumed-role/labeler/labeler" },
    },
    null,
    4,
  );
}

const inMinutes = (m) => new Date(Date.now() + m * 60_000).toISOString().replace(/\.\d+Z$/, "+00:00");

test("pasting the whole aws sts assume-role output fills all three fields and starts a live countdown", async () => {
  await paste("#access-key-id", assumeRoleOutput(TEMPORARY, inMinutes(60)));
  assert.deepEqual(await fields(), [TEMPORARY.accessKeyId, TEMPORARY.secretAccessKey, TEMPORARY.sessionToken]);
  assert.match(await page.textContent("#creds-note"), /Filled Access Key ID, Secret Access Key and Session Token/);
  const first = await page.textContent("#creds-expiry");
  assert.match(first, /^Temporary keys: expire in (59:\d\d|1:00:00)$/);
  await page.waitForFunction((first) => document.getElementById("creds-expiry").textContent !== first, first, { timeout: 3000 });

  // And they work: the emulator verifies the signature made with them.
  await fillPopup(page, { credentials: TEMPORARY, labels: ["positive", "negative"], texts: ["positive!"], endpoint: emu.url });
  await predict(page);
  assert.deepEqual((await readRows(page)).map((r) => r.labels), [["positive"]]);
  assert.equal(emu.stats.invocations.at(-1).accessKeyId, TEMPORARY.accessKeyId);
});

test("export-credentials env lines pasted into the secret field fill all three as well", async () => {
  await openCredentials(page);
  await page.fill("#access-key-id", "");
  const env = `export AWS_ACCESS_KEY_ID=${TEMPORARY.accessKeyId}\nexport AWS_SECRET_ACCESS_KEY=${TEMPORARY.secretAccessKey}\nexport AWS_SESSION_TOKEN=${TEMPORARY.sessionToken}\nexport AWS_CREDENTIAL_EXPIRATION=${inMinutes(30)}\n`;
  await paste("#secret-access-key", env);
  assert.deepEqual(await fields(), [TEMPORARY.accessKeyId, TEMPORARY.secretAccessKey, TEMPORARY.sessionToken]);
  assert.match(await page.textContent("#creds-expiry"), /expire in (29|30):\d\d/);
});

test("one pasted value is cleaned of spaces, quotes and the trailing comma", async () => {
  await paste("#access-key-id", `   "${LONG_LIVED.accessKeyId}",  `);
  assert.equal(await page.inputValue("#access-key-id"), LONG_LIVED.accessKeyId);
  // Another key id: the pasted expiry no longer applies.
  assert.equal(await page.isHidden("#creds-expiry"), true);
});

test("expired keys are flagged in the countdown and on Predict, and nothing is sent", async () => {
  await paste("#access-key-id", assumeRoleOutput(TEMPORARY, inMinutes(-3)));
  assert.match(await page.textContent("#creds-expiry"), /expired 3 minutes ago/);
  assert.equal(await page.getAttribute("#creds-expiry", "class"), "expiry expired");
  const before = emu.stats.requests;
  await predict(page);
  assert.match(await page.textContent("#error"), /expired at .* so nothing was sent.*aws sts assume-role/);
  assert.match(await page.textContent("#error"), /ExpiredTokenException/);
  assert.equal(emu.stats.requests, before);
});

test("ASIA keys without a session token, or AKIA keys with one: said before sending, field focused", async () => {
  const before = emu.stats.requests;
  await fillPopup(page, { credentials: { accessKeyId: TEMPORARY.accessKeyId, secretAccessKey: TEMPORARY.secretAccessKey }, texts: ["x"] });
  await predict(page);
  assert.match(await page.textContent("#error"), /^credentials\.sessionToken: is required with temporary keys/);
  assert.equal(await page.evaluate(() => document.activeElement.id), "session-token");
  await fillPopup(page, { credentials: { ...LONG_LIVED, sessionToken: TEMPORARY.sessionToken }, texts: ["x"] });
  await predict(page);
  assert.match(await page.textContent("#error"), /^credentials\.sessionToken: must be empty/);
  assert.equal(emu.stats.requests, before);
});

test("by default keys live in chrome.storage.session: back when the popup reopens, never in local storage", async () => {
  await fillPopup(page, { credentials: TEMPORARY });
  await page.reload();
  await page.waitForSelector("#version:not(:empty)");
  await page.waitForFunction(() => document.getElementById("secret-access-key").value !== "");
  assert.deepEqual(await fields(), [TEMPORARY.accessKeyId, TEMPORARY.secretAccessKey, TEMPORARY.sessionToken]);
  assert.equal(await page.isChecked("#remember-credentials"), false);
  assert.equal(await page.isHidden("#remember-warning"), true);
  assert.equal((await storageArea("session")).credentials.secretAccessKey, TEMPORARY.secretAccessKey);
  const local = JSON.stringify(await storageArea("local"));
  const ls = await page.evaluate(() => JSON.stringify(localStorage));
  for (const secret of [TEMPORARY.secretAccessKey, TEMPORARY.sessionToken]) {
    assert.ok(!local.includes(secret), "chrome.storage.local has no secret");
    assert.ok(!ls.includes(secret), "localStorage has no secret");
  }
});

test("closing the browser forgets session keys", async () => {
  await restartBrowser();
  await page.waitForTimeout(300); // time for a restore that must not happen
  assert.deepEqual(await fields(), ["", "", ""]);
  assert.deepEqual(await storageArea("session"), {});
});

test("Remember on this device: an explicit opt-in with a warning, kept in chrome.storage.local across restarts", async () => {
  await fillPopup(page, { credentials: LONG_LIVED });
  assert.equal(await page.isHidden("#remember-warning"), true);
  await page.check("#remember-credentials");
  assert.equal(await page.isVisible("#remember-warning"), true);
  assert.match(await page.textContent("#remember-warning"), /unencrypted.*until you click Forget credentials/);
  await page.waitForFunction(() => chrome.storage.local.get("credentials").then((r) => Boolean(r.credentials)));
  assert.deepEqual(await storageArea("session"), {}, "moved, not copied");

  await restartBrowser();
  await page.waitForFunction(() => document.getElementById("secret-access-key").value !== "");
  assert.deepEqual(await fields(), [LONG_LIVED.accessKeyId, LONG_LIVED.secretAccessKey, ""]);
  // Valid keys open collapsed; the one line says they are remembered, the box the warning.
  await page.waitForSelector("#creds-summary:not([hidden])");
  assert.match(await page.textContent("#creds-summary"), /remembered on this device/);
  await openCredentials(page);
  assert.equal(await page.isChecked("#remember-credentials"), true);
  assert.equal(await page.isVisible("#remember-warning"), true);

  // Unticking moves them back to the session area.
  await page.uncheck("#remember-credentials");
  await page.waitForFunction(() => chrome.storage.session.get("credentials").then((r) => Boolean(r.credentials)));
  assert.deepEqual(await storageArea("local"), {});
  await page.check("#remember-credentials");
  await page.waitForFunction(() => chrome.storage.local.get("credentials").then((r) => Boolean(r.credentials)));
});

test("Forget credentials clears the fields and both storage areas", async () => {
  await openCredentials(page);
  await page.click("#forget-credentials");
  await page.waitForFunction(() => document.getElementById("creds-note").textContent.includes("forgotten"));
  assert.deepEqual(await fields(), ["", "", ""]);
  assert.equal(await page.isChecked("#remember-credentials"), false);
  assert.equal(await page.isHidden("#remember-warning"), true);
  assert.deepEqual(await storageArea("local"), {});
  assert.deepEqual(await storageArea("session"), {});
  await page.reload();
  await page.waitForSelector("#version:not(:empty)");
  await page.waitForTimeout(300);
  assert.deepEqual(await fields(), ["", "", ""]);
});
