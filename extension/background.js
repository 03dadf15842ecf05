// The extension's service worker: it runs the popup's predictLabels calls (run-host.js), so a
// run goes on when the popup closes. It answers only the extension's own pages (no content
// scripts, no other extension or web page can reach it: there is no externally_connectable).
// Listeners are added at the top level, as Chrome requires for a worker it may restart.
import init, { predictLabels } from "./pkg/labeler.js";
import { RunHost } from "./run-host.js";
import { AdaptationMemory } from "./adaptations.js";

const ready = init();
const refusals = new AdaptationMemory(chrome.storage.session);
const refusalsLoaded = refusals.load().catch(() => refusals);

const host = new RunHost({
  predictLabels: async (request, onProgress, signal) => {
    await ready;
    return predictLabels(request, onProgress, signal);
  },
  area: chrome.storage.session,
  // Any extension API call resets the worker's idle timer; this one has no side effect.
  keepAlive: () => chrome.runtime.getPlatformInfo(),
  remember: async (modelId, adaptations) => {
    await refusalsLoaded;
    await refusals.remember(modelId, adaptations);
  },
});

/** Only the extension's own pages: a message from a content script would come with a tab URL outside the extension. */
function fromOwnPage(sender) {
  return sender.id === chrome.runtime.id && String(sender.url ?? "").startsWith(chrome.runtime.getURL(""));
}

chrome.runtime.onMessage.addListener((message, sender, sendResponse) => {
  if (!fromOwnPage(sender) || !String(message?.type ?? "").length) return false;
  host.handle(message).then(sendResponse, (e) => sendResponse({ ok: false, error: { code: "InternalError", message: String(e?.message ?? e) } }));
  return true; // the reply is sent asynchronously
});
