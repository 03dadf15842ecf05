// The popup: fills the pickers, restores non-secret settings and the texts, checks a request
// and asks for its host inside the click, then hands the run to the service worker
// (run-client.js), which goes on when the popup closes; the popup draws the stored run.
import init, { checkRequest, endpointFor, loadSettings, saveSettings, version } from "./pkg/labeler.js";
import { DEFAULT_REGION } from "./regions.js";
import { fillPickers } from "./pickers.js";
import { DEFAULT_MODEL } from "./models.js";
import { readRequest, readSettings, writeSettings, inputForError } from "./form.js";
import { renderError } from "./results-view.js";
import { initCredentialsPanel } from "./credentials-panel.js";
import { initCredentialsCollapse } from "./credentials-collapse.js";
import { askForHost } from "./host-permission.js";
import { AdaptationMemory } from "./adaptations.js";
import { RunClient } from "./run-client.js";
import { createRunView, reveal } from "./run-view.js";
import { enableRowExpand } from "./row-expand.js";
import { loadDraft, draftSaver } from "./draft-store.js";

const $ = (id) => document.getElementById(id);
const ready = init();
let loaded = false;
let credentialsPanel = null;
let credentialsBox = null;
/** Errors about the keys themselves: the collapsed box opens so they can be fixed. */
const KEY_ERRORS = new Set(["UnrecognizedClientException", "InvalidSignatureException", "ExpiredTokenException"]);
const KEY_INPUTS = new Set(["access-key-id", "secret-access-key", "session-token"]);
/** What models refused earlier this browser session (read synchronously inside the click). */
const refusals = new AdaptationMemory();
refusals.load().catch(() => {});
const runs = new RunClient();
const draft = draftSaver();

function clearInvalid() {
  for (const node of document.querySelectorAll("[aria-invalid]")) node.removeAttribute("aria-invalid");
}

/** Keys as the core would check them, from the fields alone (no other field involved). */
function keysValid(current) {
  if (!loaded) return false;
  const credentials = { accessKeyId: current.accessKeyId, secretAccessKey: current.secretAccessKey };
  if (current.sessionToken?.trim()) credentials.sessionToken = current.sessionToken;
  if (current.expiration) credentials.expiration = current.expiration;
  return checkRequest({ credentials, region: DEFAULT_REGION, modelId: DEFAULT_MODEL, labels: ["a"], texts: ["a"] }) === null;
}

/**
 * Shows a request-level error, in view; an InvalidInput one also marks and focuses its field,
 * and one about the keys opens the collapsed credentials box. `quiet`: an error found when the
 * popup opened (the run failed while it was closed) moves neither focus nor scroll.
 */
function showError(error, { quiet = false } = {}) {
  $("results").replaceChildren();
  $("status").textContent = "";
  renderError($("error"), error);
  const input = error?.code === "InvalidInput" ? $(inputForError(error) ?? "") : null;
  if (KEY_ERRORS.has(error?.code) || KEY_INPUTS.has(input?.id)) credentialsBox?.expand();
  input?.setAttribute("aria-invalid", "true");
  if (quiet) return;
  input?.focus();
  reveal($("error"));
}

const view = createRunView(document, { showError });

// Not async up to the permission request: Chrome shows its prompt only during the click (or
// Ctrl+Enter) itself, so everything before it is synchronous.
function predict() {
  if ($("predict").disabled) return;
  clearInvalid();
  renderError($("error"), null);
  if (!loaded) return showError({ code: "LoadError", message: "The labeler is still loading; try again in a moment." });
  const request = readRequest(document);
  const expiration = credentialsPanel?.expiration();
  if (expiration) request.credentials.expiration = expiration;
  credentialsPanel?.refresh();
  credentialsPanel?.save(); // not awaited: the permission prompt below needs the click's gesture
  const known = refusals.for(request.modelId);
  if (known.length) request.adaptations = known;
  // Bad fields, expired keys, an unsupported model: said before asking or sending anything.
  const problem = checkRequest(request);
  if (problem) return showError(problem);
  credentialsBox?.collapse(); // the keys passed: one line, so the results come up into view
  // The core decides the host (or refuses it) and Chrome is asked for it, still in the click.
  return run(request, askForHost(endpointFor, request.region, request.endpoint), "Waiting for permission…");
}

async function run(request, permission, waitingLabel) {
  view.setBusy(true);
  $("predict").textContent = waitingLabel;
  $("cancel").hidden = true; // nothing to cancel until the worker has the run
  const allowed = await permission;
  if (!allowed.ok) {
    view.setBusy(false);
    return showError(allowed.error);
  }
  const reply = await runs.start(request);
  if (!reply.ok) {
    view.setBusy(false);
    return showError(reply.error);
  }
  view.show(reply.run, { fresh: true });
}

async function cancel() {
  const id = view.runId();
  if (!id) return;
  $("cancel").disabled = true;
  const reply = await runs.cancel(id);
  if (!reply.ok) $("cancel").disabled = false;
}

/**
 * The texts and the last run come back when the popup opens again; while a run goes, the worker
 * is asked now and then how it is, so a worker Chrome stopped is noticed (it marks the run).
 */
async function restoreWork() {
  const saved = await loadDraft().catch(() => null);
  if (saved && !$("texts").value) $("texts").value = saved.texts ?? "";
  runs.watch((run) => view.show(run));
  const run = await runs.current();
  if (!view.runId()) view.show(run); // unless a run was started meanwhile
  setInterval(() => view.running() && runs.current().then((r) => view.show(r)), 10_000);
}

function wire() {
  $("predict").addEventListener("click", predict);
  $("cancel").addEventListener("click", cancel);
  enableRowExpand($("results"));
  $("texts").addEventListener("input", () => draft.save({ texts: $("texts").value }));
  addEventListener("pagehide", () => draft.flush());
  $("open-workspace").addEventListener("click", () => {
    // The workspace is a full tab: it survives the popup closing, for long runs.
    const url = globalThis.chrome?.runtime?.getURL?.("extension/workspace.html") ?? "workspace.html";
    if (globalThis.chrome?.tabs?.create) chrome.tabs.create({ url });
    else window.open(url, "_blank");
  });
  // Enter never submits by accident; Ctrl/Cmd+Enter is the deliberate shortcut.
  document.addEventListener("keydown", (e) => {
    if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) {
      e.preventDefault();
      predict();
    }
  });
  for (const id of ["region", "model-id", "task", "labels", "endpoint", "instructions", "temperature", "batch-size", "family", "api", "text-split"]) {
    $(id).addEventListener("change", () => ready.then(() => saveSettings(readSettings(document))));
  }
}

fillPickers(document);
wire();
credentialsPanel = initCredentialsPanel(document);
credentialsBox = initCredentialsCollapse(document, credentialsPanel, keysValid);
ready.then(async () => {
  loaded = true;
  writeSettings(document, loadSettings());
  await credentialsPanel.restored;
  credentialsBox.collapse();
  // After the settings and the keys box, so the layout it scrolls the results into is final.
  await restoreWork().catch(() => {});
  // Shown last: the popup is now as it was left (tests wait for this too).
  $("version").textContent = `v${version()}`;
}, (e) => renderError($("error"), { code: "LoadError", message: `The labeler failed to load: ${e.message ?? e}` }));
