#!/usr/bin/env node
// `make demo`: starts the emulator, opens Chromium with the extension loaded unpacked, fills
// the popup and clicks Predict labels. Headless when there is no display: it then prints the
// predictions and saves a screenshot of the popup to docs/popup.png. With a display, the
// browser stays open for you to click around until you close it.
import { launchWithExtension, REPO_ROOT } from "../lib/chromium.mjs";
import { fillPopup, predict, readRows } from "../lib/popup-driver.mjs";
import { startEmulator } from "../emulator/emulator.mjs";
import { TEMPORARY } from "../emulator/test-credentials.mjs";
import { DEFAULT_MODEL } from "../../extension/models.js";

const headless = !process.env.DISPLAY || process.env.HEADLESS === "1";
const emu = await startEmulator({ port: Number(process.env.EMULATOR_PORT ?? 0), latencyMs: 150 });
console.log(`Bedrock emulator: ${emu.url}`);
const browser = await launchWithExtension({ headless });
const page = await browser.context.newPage();
await page.goto(browser.popupUrl);
await page.waitForSelector("#version:not(:empty)");

await fillPopup(page, {
  credentials: TEMPORARY,
  region: "us-east-1",
  modelId: DEFAULT_MODEL,
  labels: ["positive", "negative", "neutral"],
  texts: [
    "The staff were lovely and the room spotless: a positive stay.",
    "Negative experience: the shower was cold and nobody came to fix it.",
    "Check-in is at 3 pm; the hotel is neutral territory for business trips.",
    "Breakfast was great but parking was awful 😅",
  ],
  endpoint: emu.url,
});
await predict(page);

const error = await page.locator("#error").isVisible() ? await page.locator("#error").textContent() : null;
const rows = await readRows(page);
console.log("\nPredictions:");
for (const r of rows) console.log(`  [${r.index}] ${r.status === "ok" ? r.labels.join(", ").padEnd(10) : "FAILED    "} ${r.text}${r.error ? `  (${r.error})` : ""}`);
const summary = await page.locator("#summary").textContent().catch(() => "");
if (summary) console.log(`  ${summary}`);
if (error) console.log(`Error: ${error}`);

const shot = `${REPO_ROOT}/docs/popup.png`;
await page.screenshot({ path: shot, fullPage: true });
console.log(`\nScreenshot of the popup: ${shot}`);

if (headless) {
  await browser.close();
  await emu.close();
  process.exit(error || rows.some((r) => r.status !== "ok") ? 1 : 0);
} else {
  console.log("Chromium is open with the extension loaded; close it (or press Ctrl+C) to stop.");
  browser.context.on("close", () => emu.close().then(() => process.exit(0)));
  process.on("SIGINT", () => browser.close().then(() => emu.close()).then(() => process.exit(0)));
}
