// Headless Chromium (the same /usr/bin/chromium the Chromium tests use) for the in-browser
// measurements. Plain pages over a local http server: the measurements need no extension APIs.
import { chromium } from "playwright-core";
import { CHROMIUM } from "../../lib/chromium.mjs";

export async function launchBrowser() {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ["--disable-gpu", "--disable-extensions", "--no-first-run", "--disable-background-networking", "--disable-component-update", ...(process.getuid?.() === 0 ? ["--no-sandbox"] : [])],
  });
}
