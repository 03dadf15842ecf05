// Real Chromium (Debian's /usr/bin/chromium, driven by playwright-core) with the repo root
// loaded as an unpacked extension, exactly as a user loads it.
import { chromium } from "playwright-core";
import { createHash } from "node:crypto";
import { mkdtempSync, realpathSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

export const REPO_ROOT = realpathSync(fileURLToPath(new URL("../../", import.meta.url)));
export const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

/** Chromium's id for an unpacked extension: SHA-256 of its absolute path, first 32 hex digits mapped 0-f → a-p. */
export function extensionIdForPath(path) {
  const hex = createHash("sha256").update(path).digest("hex").slice(0, 32);
  return [...hex].map((c) => String.fromCharCode(97 + parseInt(c, 16))).join("");
}

/**
 * Launches Chromium with the extension. `headless` defaults to true when there is no display;
 * `userDataDir`, if given, is the profile to use (and is not deleted on close); `extensionPath`
 * is the folder loaded unpacked (default: the repository root, the development build).
 * Returns { context, extensionId, popupUrl, close }.
 */
export async function launchWithExtension({ headless = !process.env.DISPLAY, extraArgs = [], userDataDir: keptProfile, extensionPath = REPO_ROOT } = {}) {
  // A given profile directory is reused and kept (to test what survives a browser restart).
  const userDataDir = keptProfile ?? mkdtempSync(join(tmpdir(), "bedrock-labeler-chromium-"));
  const args = [
    `--disable-extensions-except=${extensionPath}`,
    `--load-extension=${extensionPath}`,
    "--no-first-run",
    "--no-default-browser-check",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--disable-gpu",
    ...(process.getuid?.() === 0 ? ["--no-sandbox"] : []),
    ...(headless ? ["--headless=new"] : []),
    ...extraArgs,
  ];
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    headless: false, // headless mode is chosen by --headless=new above (extensions need the new mode)
    args,
    ignoreDefaultArgs: ["--disable-extensions", "--enable-automation"],
    viewport: { width: 440, height: 600 },
  });
  const extensionId = extensionIdForPath(extensionPath);
  return {
    context,
    extensionId,
    popupUrl: `chrome-extension://${extensionId}/extension/popup.html`,
    async close() {
      await context.close().catch(() => {});
      if (!keptProfile) rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}
