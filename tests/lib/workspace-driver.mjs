// Driving the workspace page in Chromium for the e2e tests: open it, start a project from a
// file, fill settings (as typed, then left: one change event), run, and read what IndexedDB holds.
import { LONG_LIVED } from "../emulator/test-credentials.mjs";

export const workspaceUrl = (browser) => browser.popupUrl.replace("popup.html", "workspace.html");

/** A new tab on the workspace; console errors (not 4xx fetches) and page errors go to `errors`. */
export async function openWorkspace(browser, errors = [], { width = 1280, height = 800 } = {}) {
  const page = await browser.context.newPage();
  page.on("console", (m) => m.type() === "error" && !/status of 4\d\d/.test(m.text()) && errors.push(m.text()));
  page.on("pageerror", (e) => errors.push(e.message));
  await page.setViewportSize({ width, height });
  await page.goto(workspaceUrl(browser));
  await page.waitForSelector("#version:not(:empty)");
  return page;
}

/** Starts a project from `path` and waits until it is open. */
export async function newProject(page, path) {
  if (!(await page.isVisible("#projects-screen"))) await page.click("#back");
  await page.setInputFiles("#file", path);
  await page.waitForSelector("#project-screen:not([hidden])", { timeout: 60_000 });
  await page.waitForFunction(() => document.getElementById("import-status").textContent === "");
}

/** Opens the project named `name` from the projects screen. */
export async function openProject(page, name) {
  if (!(await page.isVisible("#projects-screen"))) await page.click("#back");
  await page.click(`#projects button.open:text-is("${name}")`);
  await page.waitForSelector("#project-screen:not([hidden])");
  await page.waitForFunction(() => document.getElementById("import-status").textContent === "");
}

/** Sets an input's value and fires the change its leaving would. */
export async function setField(page, selector, value) {
  if (selector.startsWith("#") && (await page.$(`details.advanced ${selector}`)) && !(await page.locator(selector).isVisible())) {
    await page.click("#settings-model details.advanced summary");
  }
  if (typeof value === "boolean") await page.setChecked(selector, value);
  else if ((await page.$eval(selector, (e) => e.tagName)) === "SELECT") await page.selectOption(selector, value);
  else await page.fill(selector, String(value));
  await page.dispatchEvent(selector, "change");
}

/** Keys, labels, endpoint and batching for a run against the emulator. */
export async function setUp(page, { emu, labels, task = "single", batchSize = 5, concurrency = 8, credentials = LONG_LIVED, extra = {} }) {
  await page.click("#tab-setup");
  await fillKeys(page, credentials);
  await setField(page, "#task", task);
  await setField(page, "#labels", labels.join("\n"));
  await setField(page, "#batch-size", batchSize);
  await setField(page, "#concurrency", concurrency);
  await setField(page, "#endpoint", emu.url);
  for (const [sel, v] of Object.entries(extra)) await setField(page, sel, v);
}

/** Types the keys into the keys box (opening it first when it is collapsed to one line). */
export async function fillKeys(page, credentials = LONG_LIVED) {
  if (await page.isVisible("#creds-change")) await page.click("#creds-change");
  await page.fill("#access-key-id", credentials.accessKeyId);
  await page.fill("#secret-access-key", credentials.secretAccessKey);
  await page.fill("#session-token", credentials.sessionToken ?? "");
}

/** Answers the page's next question dialog with the button whose value is `value`. */
export async function answer(page, value) {
  await page.waitForSelector("dialog#ask[open]");
  await page.click(`#ask-choices button[data-value="${value}"]`);
  await page.waitForSelector("dialog#ask:not([open])", { state: "attached" });
}

export async function waitRun(page, text = "Done", timeout = 90_000) {
  await page.waitForFunction((t) => document.getElementById("run-status").textContent.startsWith(t), text, { timeout });
}

export const stat = async (page, id) => Number((await page.textContent(`#stat-${id}`)).replace(/[^\d]/g, ""));

/** Every record of an IndexedDB store of the workspace's database. */
export function readStore(page, name) {
  return page.evaluate(
    (store) =>
      new Promise((resolve, reject) => {
        const open = indexedDB.open("bedrock-labeler-workspace");
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const req = open.result.transaction(store).objectStore(store).getAll();
          req.onsuccess = () => (open.result.close(), resolve(req.result));
          req.onerror = () => reject(req.error);
        };
      }),
    name,
  );
}
