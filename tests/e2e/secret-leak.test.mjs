// Attack surface in real Chromium. (1) Model output carrying HTML is shown as text. (2) After
// the popup flow with the emulator's temporary test keys (success and every kind of failure,
// plus a hostile server that echoes the session token back in a label and in error messages),
// the secret key and the session token are nowhere but their inputs and chrome.storage.session:
// not in console messages (the popup's or the service worker's, which runs the calls), not in
// localStorage, not in chrome.storage.local, not in chrome.storage.session beyond the keys'
// own entry (not in the stored run, its texts draft or the adaptations), not in the page's DOM
// (outerHTML, the collapsed keys line, every other field's value, the title), not in any
// request URL (the page's or the worker's).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { launchWithExtension } from "../lib/chromium.mjs";
import { fillPopup, predict, readRows, openCredentials } from "../lib/popup-driver.mjs";
import { startEmulator } from "../emulator/emulator.mjs";
import { TEMPORARY, EXPIRED, LONG_LIVED } from "../emulator/test-credentials.mjs";
import { startHostileServer, headerLines } from "../lib/hostile-server.mjs";
import { writeFileSync, mkdirSync } from "node:fs";
import { openWorkspace, newProject, setUp, waitRun } from "../lib/workspace-driver.mjs";

let emu, hostile, browser, page;
/** What the hostile server answers next (see tests/lib/hostile-server.mjs). */
let hostileAnswer = () => ({ status: 500, body: { message: "not set" } });
const consoleMessages = [];
const urls = [];

before(async () => {
  emu = await startEmulator();
  hostile = await startHostileServer((req) => hostileAnswer(req));
  browser = await launchWithExtension({ headless: true });
  page = await browser.context.newPage();
  page.on("console", (m) => consoleMessages.push(`${m.type()}: ${m.text()} ${JSON.stringify(m.location())}`));
  page.on("pageerror", (e) => consoleMessages.push(`pageerror: ${e.message} ${e.stack}`));
  // Requests from the page and from the service worker that runs the calls.
  browser.context.on("request", (r) => urls.push(r.url()));
  const watchWorker = (w) => w.on("console", (m) => consoleMessages.push(`worker ${m.type()}: ${m.text()}`));
  browser.context.serviceWorkers().forEach(watchWorker);
  browser.context.on("serviceworker", watchWorker);
  await page.goto(browser.popupUrl);
  await page.waitForSelector("#version:not(:empty)");
});

after(async () => {
  await browser?.close();
  await emu?.close();
  await hostile?.close();
});

/** The hostile server answers whole JSON bodies: runs against it use InvokeModel, not the stream. */
async function notStreaming(run) {
  await page.uncheck("#stream");
  try {
    return await run();
  } finally {
    await page.check("#stream");
  }
}

/** A Claude tool answer labelling item "1" with `label`. */
const toolAnswer = (label) => ({ body: { content: [{ type: "tool_use", name: "record_labels", input: { results: [{ id: "1", label }] } }] } });

const XSS = `<img src=x onerror="document.title='pwned'">`;

test("model output with HTML in it (a label the model picks, an answer outside the set) is shown as text", async () => {
  // The emulator's model picks the label named in the text: here a label made of HTML.
  const labels = [XSS, "<b>negative</b>"];
  await fillPopup(page, { credentials: LONG_LIVED, labels: labels.join("\n"), texts: [`this one says ${XSS} twice ${XSS}`], endpoint: emu.url });
  await predict(page);
  assert.deepEqual((await readRows(page))[0].labels, [XSS], "the model's answer, as text in a chip");

  // A model answering HTML outside the label set: the error quotes it, as text.
  hostileAnswer = () => toolAnswer(`${XSS}<script>document.title='pwned'</script>`);
  await fillPopup(page, { credentials: LONG_LIVED, labels: "positive, negative", texts: ["anything"], endpoint: hostile.url });
  await notStreaming(() => predict(page));
  const row = (await readRows(page))[0];
  assert.equal(row.status, "failed");
  assert.match(row.error, /"<img src=x onerror=.*<script>.*" is not one of the labels/);
  assert.equal(await page.locator("#results img, #results b, #results script").count(), 0);
  assert.notEqual(await page.title(), "pwned");
});

test("after success and failure runs, the secret and the session token are only in their inputs and session storage", async () => {
  const run = async (credentials, over = {}) => {
    await fillPopup(page, { credentials, labels: ["positive", "negative", "neutral"], texts: ["a positive text", "negative, and neutral"], endpoint: emu.url, ...over });
    await predict(page);
  };
  // Pasted the way a user does it, then: a success, an item-level AWS error, a model answer
  // outside the label set, a wrong secret, an expired token, keys that fail the shape check.
  await page.evaluate((t) => navigator.clipboard.writeText(t), JSON.stringify({ Version: 1, ...Object.fromEntries(Object.entries(TEMPORARY).map(([k, v]) => [k[0].toUpperCase() + k.slice(1), v])), Expiration: new Date(Date.now() + 3600_000).toISOString() }));
  await openCredentials(page);
  await page.fill("#access-key-id", "");
  await page.focus("#access-key-id");
  await page.keyboard.press("Control+V");
  assert.equal(await page.inputValue("#session-token"), TEMPORARY.sessionToken);
  await fillPopup(page, { credentials: TEMPORARY, labels: ["positive", "negative"], texts: ["positive"], endpoint: emu.url });
  await predict(page);
  assert.equal(await page.isHidden("#error"), true);
  await run(TEMPORARY, { texts: ["[[emulate:ModelErrorException]] positive"] });
  assert.match(await page.textContent("#results"), /The model failed/);
  // A hostile server echoing the token: as a label (shown in the row), in an item error, in a
  // fatal error with the canonical request.
  hostileAnswer = (req) => toolAnswer(req.headers["x-amz-security-token"]);
  await notStreaming(() => run(TEMPORARY, { texts: ["one"], endpoint: hostile.url }));
  assert.match(await page.textContent("#results"), /"\[redacted\]" is not one of the labels/);
  hostileAnswer = (req) => ({ status: 400, headers: { "x-amzn-errortype": "ValidationException" }, body: { message: `Malformed: ${req.headers["x-amz-security-token"]}` } });
  await notStreaming(() => run(TEMPORARY, { texts: ["one"], endpoint: hostile.url }));
  assert.match(await page.textContent("#results"), /Malformed: \[redacted\]/);
  hostileAnswer = (req) => ({ status: 403, headers: { "x-amzn-errortype": "InvalidSignatureException" }, body: { message: `Mismatch for ${req.headers["x-amz-security-token"]}\n\n'POST\n${headerLines(req.headers)}'` } });
  await notStreaming(() => run(TEMPORARY, { texts: ["one"], endpoint: hostile.url }));
  assert.match(await page.textContent("#error"), /Mismatch for \[redacted\]/);
  await run({ ...TEMPORARY, secretAccessKey: "x" + TEMPORARY.secretAccessKey.slice(1) });
  assert.match(await page.textContent("#error"), /InvalidSignatureException/);
  await run(EXPIRED);
  assert.match(await page.textContent("#error"), /ExpiredTokenException/);
  await run({ accessKeyId: TEMPORARY.accessKeyId, secretAccessKey: TEMPORARY.secretAccessKey });
  assert.match(await page.textContent("#error"), /credentials\.sessionToken/);
  await run(TEMPORARY); // end with the temporary keys in the fields, as a user would leave them
  assert.ok(emu.stats.invocations.length >= 4, "the runs reached the emulator");

  const secrets = [TEMPORARY.secretAccessKey, TEMPORARY.sessionToken, EXPIRED.secretAccessKey, EXPIRED.sessionToken];
  const places = await page.evaluate(async () => {
    const secretInputs = ["secret-access-key", "session-token", "access-key-id"];
    return {
      // The inputs' live values are properties, not in outerHTML; a copy in any attribute
      // (a value="", a title, a data-*) would be.
      dom: document.documentElement.outerHTML,
      otherValues: [...document.querySelectorAll("input, textarea, select")].filter((e) => !secretInputs.includes(e.id)).map((e) => `${e.id}=${e.value}`).join("\n"),
      title: document.title,
      localStorage: JSON.stringify({ ...localStorage }),
      chromeStorageLocal: JSON.stringify(await chrome.storage.local.get(null)),
      chromeStorageSession: JSON.stringify(await chrome.storage.session.get(null)),
      // Everything else the session area holds: the popup's last run, its texts, adaptations.
      chromeStorageSessionBesidesKeys: JSON.stringify(await chrome.storage.session.get(null).then(({ credentials, ...rest }) => rest)),
    };
  });
  // The check can see a secret where one is: the session area holds the current keys.
  assert.ok(places.chromeStorageSession.includes(TEMPORARY.sessionToken));
  for (const key of ['"popupRun"', '"popupDraft"']) assert.ok(places.chromeStorageSessionBesidesKeys.includes(key), `${key} is swept`);
  assert.ok(urls.some((u) => u.startsWith(emu.url) && u.includes("/model/")), "the worker's requests are swept");
  const everywhere = { ...places, urls: urls.join("\n") };
  delete everywhere.chromeStorageSession;
  // The check can see the worker's console: a line logged there is captured.
  const [worker] = browser.context.serviceWorkers();
  await worker.evaluate(() => console.log("sweep probe"));
  await page.waitForTimeout(100);
  assert.ok(consoleMessages.some((m) => m.includes("worker log: sweep probe")), "the service worker's console is captured");
  everywhere.console = consoleMessages.join("\n");
  for (const [place, text] of Object.entries(everywhere)) {
    for (const secret of secrets) {
      assert.ok(!text.includes(secret.slice(0, 12)), `${secret.slice(0, 8)}… found in ${place}`);
    }
  }
});

test("the workspace's IndexedDB (projects, rows, runs, predictions, reviews, cache) holds no secret after runs with temporary keys", async () => {
  const out = new URL("../out/", import.meta.url).pathname;
  mkdirSync(out, { recursive: true });
  writeFileSync(`${out}leak.csv`, "text\na positive one\na negative one\n");
  const ws = await openWorkspace(browser);
  ws.on("console", (m) => consoleMessages.push(`workspace ${m.type()}: ${m.text()}`));
  await newProject(ws, `${out}leak.csv`);
  await setUp(ws, { emu, labels: ["positive", "negative"], credentials: TEMPORARY, extra: { "#second-opinion": "reorder" } });
  await ws.click("#predict");
  await waitRun(ws);
  await ws.click("#tab-review");
  await ws.focus("#review");
  await ws.keyboard.press("a");
  await ws.waitForFunction(() => document.getElementById("review-count").textContent.includes("1 of 2 reviewed"));
  const dump = await ws.evaluate(async () => {
    const db = await new Promise((resolve, reject) => {
      const open = indexedDB.open("bedrock-labeler-workspace");
      open.onsuccess = () => resolve(open.result);
      open.onerror = () => reject(open.error);
    });
    const all = {};
    for (const name of db.objectStoreNames) {
      all[name] = await new Promise((resolve) => {
        const req = db.transaction(name).objectStore(name).getAll();
        req.onsuccess = () => resolve(req.result);
      });
    }
    db.close();
    return { idb: JSON.stringify(all), counts: Object.fromEntries(Object.entries(all).map(([k, v]) => [k, v.length])), local: JSON.stringify({ ...localStorage }) };
  });
  for (const store of ["projects", "rows", "runs", "predictions", "reviews", "cache"]) assert.ok(dump.counts[store] > 0, `${store} is swept (${dump.counts[store]} records)`);
  for (const secret of [TEMPORARY.secretAccessKey, TEMPORARY.sessionToken]) {
    assert.ok(!dump.idb.includes(secret.slice(0, 12)), "no secret in IndexedDB");
    assert.ok(!dump.local.includes(secret.slice(0, 12)), "no secret in localStorage");
    assert.ok(!consoleMessages.join("\n").includes(secret.slice(0, 12)), "no secret in the workspace's console");
  }
  await ws.close();
});
