// "Forget credentials" forgets everywhere, in real Chromium: with the popup and a workspace tab
// open, Forget in either clears the other's fields at once (chrome.storage.onChanged), and a
// keystroke afterwards writes nothing back. Keys are written once, when the user leaves the
// field (or pastes, or clicks Predict), never per keystroke: counted through onChanged, and in
// the profile's own LevelDB files (Local Extension Settings), which keep every write until
// LevelDB compacts them.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { launchWithExtension, extensionIdForPath, REPO_ROOT } from "../lib/chromium.mjs";
import { TEMPORARY, LONG_LIVED } from "../emulator/test-credentials.mjs";

const profile = mkdtempSync(join(tmpdir(), "bedrock-labeler-forget-"));
let browser, popup, workspace;

const FIELDS = ["access-key-id", "secret-access-key", "session-token"];
const fields = (page) => page.evaluate((ids) => ids.map((id) => document.getElementById(id).value), FIELDS);

/** Records every change to the stored credentials, in either area, as JSON. */
async function recordWrites(page) {
  await page.evaluate(() => {
    window.__writes = [];
    chrome.storage.onChanged.addListener((changes, area) => {
      if (changes.credentials) window.__writes.push({ area, value: JSON.stringify(changes.credentials.newValue ?? null) });
    });
  });
}
const writes = (page) => page.evaluate(() => window.__writes);

async function openPages() {
  browser = await launchWithExtension({ headless: true, userDataDir: profile });
  popup = await browser.context.newPage();
  await popup.goto(browser.popupUrl);
  await popup.waitForSelector("#version:not(:empty)");
  workspace = await browser.context.newPage();
  await workspace.goto(browser.popupUrl.replace("popup.html", "workspace.html"));
  await workspace.waitForSelector("#version:not(:empty)");
}

/** Pastes the whole assume-role output into the popup, as a user does. */
async function pasteKeys(page, creds) {
  const output = JSON.stringify({ Credentials: { AccessKeyId: creds.accessKeyId, SecretAccessKey: creds.secretAccessKey, SessionToken: creds.sessionToken } });
  await page.evaluate((t) => navigator.clipboard.writeText(t), output);
  await page.focus("#access-key-id");
  await page.keyboard.press("Control+V");
}

/** Expands the popup's credentials box if it is collapsed to its one-line summary. */
async function expand(page) {
  if (await page.locator("#creds-change").isVisible().catch(() => false)) await page.click("#creds-change");
}

before(openPages);

after(async () => {
  await browser?.close();
  rmSync(profile, { recursive: true, force: true });
});

test("Forget in the popup clears the open workspace's fields at once; a keystroke there writes nothing back", async () => {
  await pasteKeys(popup, TEMPORARY);
  await workspace.waitForFunction(() => document.getElementById("session-token").value !== "");
  assert.deepEqual(await fields(workspace), [TEMPORARY.accessKeyId, TEMPORARY.secretAccessKey, TEMPORARY.sessionToken]);
  await recordWrites(workspace);

  await expand(popup);
  await popup.click("#forget-credentials");
  await workspace.waitForFunction(() => document.getElementById("secret-access-key").value === "", null, { timeout: 3000 });
  assert.deepEqual(await fields(workspace), ["", "", ""]);
  assert.match(await workspace.textContent("#creds-note"), /forgotten/i);

  // The user goes on typing in the workspace: nothing is stored while they type, and the
  // forgotten keys never come back.
  await workspace.focus("#secret-access-key");
  await workspace.keyboard.type("x");
  await workspace.waitForTimeout(300);
  assert.deepEqual(await workspace.evaluate(() => Promise.all([chrome.storage.local.get(null), chrome.storage.session.get(null)]).then(([l, s]) => [l.credentials ?? null, s.credentials ?? null])), [null, null]);
  for (const w of await writes(workspace)) {
    assert.ok(!w.value.includes(TEMPORARY.secretAccessKey.slice(0, 12)), `written back: ${w.area}`);
  }
  await workspace.fill("#secret-access-key", "");
});

test("Forget in the workspace clears the popup's fields (and its collapsed summary) too", async () => {
  await pasteKeys(popup, TEMPORARY);
  await workspace.waitForFunction(() => document.getElementById("session-token").value !== "");
  await expand(workspace); // the workspace's keys box is one line too once the keys are valid
  await workspace.click("#forget-credentials");
  await popup.waitForFunction(() => document.getElementById("secret-access-key").value === "", null, { timeout: 3000 });
  assert.deepEqual(await fields(popup), ["", "", ""]);
  assert.equal(await popup.isVisible("#access-key-id"), true, "the box is open again, to enter new keys");
});

test("typed keys are stored once, when the user leaves the field, not per keystroke", async () => {
  await recordWrites(popup);
  await popup.focus("#access-key-id");
  await popup.keyboard.type(LONG_LIVED.accessKeyId);
  await popup.focus("#secret-access-key");
  await popup.keyboard.type(LONG_LIVED.secretAccessKey);
  await popup.waitForTimeout(300);
  const whileTyping = await writes(popup);
  assert.equal(whileTyping.filter((w) => w.value.includes(LONG_LIVED.secretAccessKey.slice(0, 8))).length, 0, "nothing with the secret while typing it");
  await popup.keyboard.press("Tab"); // leaves the field
  await popup.waitForFunction(() => window.__writes.some((w) => w.value.includes("secretAccessKey")));
  const withSecret = (await writes(popup)).filter((w) => w.value.includes("secretAccessKey"));
  assert.equal(withSecret.length, 1, JSON.stringify((await writes(popup)).map((w) => w.area)));
  assert.ok(withSecret[0].value.includes(LONG_LIVED.secretAccessKey));
  await expand(popup);
  await popup.click("#forget-credentials");
});

test("Remember on, keys typed, then Forget: the profile's LevelDB files hold no partial copy of the secret", async () => {
  await popup.check("#remember-credentials");
  await popup.focus("#access-key-id");
  await popup.keyboard.type(LONG_LIVED.accessKeyId);
  await popup.focus("#secret-access-key");
  await popup.keyboard.type(LONG_LIVED.secretAccessKey);
  await popup.keyboard.press("Tab");
  await popup.waitForFunction(() => chrome.storage.local.get("credentials").then((r) => Boolean(r.credentials?.secretAccessKey)));
  await expand(popup);
  await popup.click("#forget-credentials");
  await popup.waitForFunction(() => chrome.storage.local.get("credentials").then((r) => !r.credentials));
  await browser.close(); // LevelDB's files are complete once Chrome has closed them
  browser = null;

  const dir = join(profile, "Default", "Local Extension Settings", extensionIdForPath(REPO_ROOT));
  const bytes = readdirSync(dir).map((f) => readFileSync(join(dir, f)).toString("latin1")).join("\n");
  const count = (s) => bytes.split(s).length - 1;
  // What Chrome cannot erase (README, "Where the keys are kept"): the one write stays in the
  // log until LevelDB compacts it. What the extension controls: there is only that one.
  const prefix = LONG_LIVED.secretAccessKey.slice(0, 12);
  assert.ok(count(prefix) <= 1, `${count(prefix)} copies of the secret's first 12 characters in ${dir}`);
  for (let n = 13; n < LONG_LIVED.secretAccessKey.length; n++) {
    const partial = `"${LONG_LIVED.secretAccessKey.slice(0, n)}"`;
    assert.equal(count(partial), 0, `a partial copy (${n} characters) is on disk`);
  }
});
