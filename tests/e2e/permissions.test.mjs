// Least privilege in real Chromium: the extension is installed with no AWS host; the first run
// in a region asks Chrome for that region's host from the click itself; a refusal is said
// clearly and nothing is sent; an endpoint the core does not allow is refused before any prompt.
//
// Not covered: clicking "Allow" or "Deny" in Chrome's prompt. Headless Chromium shows the
// prompt where nothing can click it, so its promise stays pending. The refusal test therefore
// stands in for the user's "Deny" by answering `false` from chrome.permissions.request; the
// other tests use the real API.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { launchWithExtension } from "../lib/chromium.mjs";
import { fillPopup, predict } from "../lib/popup-driver.mjs";
import { startEmulator } from "../emulator/emulator.mjs";
import { LONG_LIVED, TEMPORARY } from "../emulator/test-credentials.mjs";

let emu, browser, page;
const sent = []; // every network request the popup makes

before(async () => {
  emu = await startEmulator();
  browser = await launchWithExtension({ headless: true });
  page = await browser.context.newPage();
  page.on("request", (r) => {
    if (!r.url().startsWith("chrome-extension://")) sent.push(r.url());
  });
  await page.goto(browser.popupUrl);
  await page.waitForSelector("#version:not(:empty)");
});

after(async () => {
  await browser?.close();
  await emu?.close();
});

/** Records what the popup asks chrome.permissions.request for; `answer` replaces Chrome's reply. */
async function watchPermissionRequests({ answer } = {}) {
  await page.evaluate((answer) => {
    window.__realRequest ??= chrome.permissions.request.bind(chrome.permissions);
    const real = window.__realRequest;
    window.__asked = [];
    chrome.permissions.request = (p) => {
      window.__asked.push(p);
      return answer === undefined ? real(p) : Promise.resolve(answer);
    };
  }, answer);
}

const asked = () => page.evaluate(() => window.__asked);

test("installed with no AWS host: only the emulator's local hosts, and storage", async () => {
  const all = await page.evaluate(() => chrome.permissions.getAll());
  assert.deepEqual(all.origins.sort(), ["http://127.0.0.1/*", "http://localhost/*"]);
  assert.deepEqual(all.permissions, ["storage"]);
  assert.equal(await page.evaluate(() => chrome.permissions.contains({ origins: ["https://bedrock-runtime.us-east-1.amazonaws.com/*"] })), false);
});

test("the local emulator (development build): its host is asked for and granted at once, as installed", async () => {
  await watchPermissionRequests(); // the real API
  await fillPopup(page, { credentials: LONG_LIVED, region: "eu-west-1", labels: ["positive", "negative"], texts: ["positive"], endpoint: emu.url });
  await predict(page);
  assert.equal(await page.isHidden("#error"), true);
  assert.deepEqual(await asked(), [{ origins: ["http://127.0.0.1/*"] }]);
});

test("the issue's attack: an API Gateway endpoint ending in U+0085 is refused before any prompt or request", async () => {
  // JavaScript's URL rejected it, so no permission was asked for; Rust's trim() dropped the
  // U+0085 and sent the signed request there (the CSP allowed *.amazonaws.com). Now the core
  // refuses it, the CSP names only Bedrock hosts, and nothing leaves.
  await watchPermissionRequests({ answer: true });
  const before = sent.length;
  await fillPopup(page, { credentials: TEMPORARY, region: "us-east-1", labels: ["positive", "negative"], texts: ["positive"], endpoint: "https://abc123.execute-api.us-east-1.amazonaws.com\u0085" });
  assert.ok((await page.inputValue("#endpoint")).endsWith("\u0085"), "the field keeps the character");
  await predict(page);
  const error = await page.textContent("#error");
  assert.match(error, /^endpoint: contains U\+0085/);
  assert.match(error, /InvalidInput/);
  assert.equal(await page.evaluate(() => document.activeElement.id), "endpoint");
  assert.deepEqual(await asked(), []);
  assert.deepEqual(sent.slice(before), []);
});

test("an invalid request is refused before any prompt", async () => {
  await watchPermissionRequests({ answer: true });
  await fillPopup(page, { credentials: LONG_LIVED, region: "eu-west-1", labels: " , ", texts: ["x"], endpoint: "" });
  await predict(page);
  assert.match(await page.textContent("#error"), /^labels:/);
  assert.deepEqual(await asked(), []);
});

test("refused: a clear error naming the host, and nothing is sent", async () => {
  await watchPermissionRequests({ answer: false }); // the user's "Deny" (see the header)
  const before = sent.length;
  await fillPopup(page, { credentials: LONG_LIVED, region: "eu-west-1", labels: ["positive", "negative"], texts: ["positive"], endpoint: "" });
  await predict(page);
  assert.deepEqual(await asked(), [{ origins: ["https://bedrock-runtime.eu-west-1.amazonaws.com/*"] }]);
  const error = await page.textContent("#error");
  assert.match(error, /Access to bedrock-runtime\.eu-west-1\.amazonaws\.com was not allowed, so nothing was sent/);
  assert.match(error, /PermissionDenied/);
  assert.equal(await page.isEnabled("#predict"), true);
  assert.deepEqual(sent.slice(before), []);
});

test("a host outside the manifest: refused before Chrome is asked, the error says which hosts are allowed", async () => {
  await watchPermissionRequests(); // the real API
  const before = sent.length;
  await fillPopup(page, { credentials: LONG_LIVED, region: "us-east-1", labels: ["positive", "negative"], texts: ["positive"], endpoint: "https://proxy.example.com" });
  await predict(page);
  assert.deepEqual(await asked(), []);
  assert.match(await page.textContent("#error"), /^endpoint: proxy\.example\.com is not a Bedrock Runtime host this extension may call/);
  assert.deepEqual(sent.slice(before), []);
});

test("Chrome itself refuses a Bedrock host the manifest does not list (the second gate)", async () => {
  const r = await page.evaluate(() => chrome.permissions.request({ origins: ["https://bedrock-runtime.eu-west-9.amazonaws.com/*"] }).then(String, (e) => e.message));
  assert.match(r, /manifest/);
});

test("first use of a region: the click asks Chrome for that region's host, and nothing is sent while it waits", async () => {
  await watchPermissionRequests(); // the real API: Chrome opens its prompt (unclickable here)
  const before = sent.length;
  await fillPopup(page, { credentials: LONG_LIVED, region: "ap-northeast-1", labels: ["positive", "negative"], texts: ["positive"], endpoint: "" });
  await page.click("#predict");
  await page.waitForFunction(() => document.getElementById("predict").textContent === "Waiting for permission…");
  assert.deepEqual(await asked(), [{ origins: ["https://bedrock-runtime.ap-northeast-1.amazonaws.com/*"] }]);
  await page.waitForTimeout(500);
  assert.equal(await page.isDisabled("#predict"), true, "still waiting for the user's answer");
  assert.deepEqual(sent.slice(before), []);
});

test("the workspace: keys entered in the popup are there, and Predict asks for the region's host; refused, nothing is sent", async () => {
  await page.reload(); // leave the pending prompt of the previous test behind
  await page.waitForSelector("#version:not(:empty)");
  await fillPopup(page, { credentials: TEMPORARY });
  const ws = await browser.context.newPage();
  ws.on("request", (r) => {
    if (!r.url().startsWith("chrome-extension://")) sent.push(r.url());
  });
  await ws.goto(browser.popupUrl.replace("popup.html", "workspace.html"));
  await ws.waitForSelector("#version:not(:empty)");
  await ws.waitForFunction(() => document.getElementById("session-token").value !== "");
  assert.equal(await ws.inputValue("#secret-access-key"), TEMPORARY.secretAccessKey);

  await ws.setInputFiles("#file", { name: "tiny.csv", mimeType: "text/csv", buffer: Buffer.from("text\nfine\nbad\n") });
  await ws.waitForSelector("#preview-wrap:not([hidden])");
  await ws.selectOption("#region", "sa-east-1");
  await ws.fill("#labels", "positive, negative");
  await ws.evaluate(() => {
    window.__asked = [];
    chrome.permissions.request = (p) => (window.__asked.push(p), Promise.resolve(false)); // the user's "Deny"
  });
  const before = sent.length;
  await ws.click("#predict");
  await ws.waitForFunction(() => !document.getElementById("error").hidden);
  assert.deepEqual(await ws.evaluate(() => window.__asked), [{ origins: ["https://bedrock-runtime.sa-east-1.amazonaws.com/*"] }]);
  assert.match(await ws.textContent("#error"), /bedrock-runtime\.sa-east-1\.amazonaws\.com was not allowed, so nothing was sent/);
  assert.deepEqual(sent.slice(before), []);
  await ws.close();
});
