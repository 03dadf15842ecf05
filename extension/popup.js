// The popup: fills the pickers, restores non-secret settings, and runs predictLabels.
import init, { predictLabels, checkRequest, loadSettings, saveSettings, version } from "./pkg/labeler.js";
import { REGIONS, DEFAULT_REGION } from "./regions.js";
import { fillPickers } from "./pickers.js";
import { DEFAULT_MODEL } from "./models.js";
import { readRequest, readSettings, inputForError, TEXT_SPLITS } from "./form.js";
import { renderPending, renderPrediction, renderSummary, renderError } from "./results-view.js";
import { initCredentialsPanel } from "./credentials-panel.js";
import { initCredentialsCollapse } from "./credentials-collapse.js";
import { hostPatternFor, requestHostPermission } from "./host-permission.js";
import { AdaptationMemory } from "./adaptations.js";

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
const refusalsLoaded = refusals.load().catch(() => refusals);

function restoreSettings() {
  const s = loadSettings();
  $("region").value = REGIONS.some(([c]) => c === s.region) ? s.region : DEFAULT_REGION;
  $("model-id").value = s.modelId || DEFAULT_MODEL;
  $("labels").value = s.labels ?? "";
  $("endpoint").value = s.endpoint ?? "";
  $("instructions").value = s.instructions ?? "";
  $("temperature").value = s.temperature ?? "";
  $("task").value = ["single", "multi", "spans"].includes(s.task) ? s.task : "single";
  $("batch-size").value = s.batchSize ?? "";
  $("family").value = s.family ?? "";
  $("api").value = ["", "converse"].includes(s.api) ? s.api : "";
  $("text-split").value = TEXT_SPLITS.includes(s.textSplit) ? s.textSplit : "line";
  if (s.endpoint || s.instructions || s.temperature != null || s.batchSize != null || s.family || s.api) $("endpoint").closest("details").open = true;
}

function setBusy(busy, label = "Predicting…") {
  const button = $("predict");
  button.disabled = busy;
  button.textContent = busy ? label : "Predict labels";
  $("results").setAttribute("aria-busy", String(busy));
}

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
 * and one about the keys opens the collapsed credentials box.
 */
function showError(error) {
  $("results").replaceChildren();
  $("status").textContent = "";
  renderError($("error"), error);
  const input = error?.code === "InvalidInput" ? $(inputForError(error.message) ?? "") : null;
  if (KEY_ERRORS.has(error?.code) || KEY_INPUTS.has(input?.id)) credentialsBox?.expand();
  if (input) {
    input.setAttribute("aria-invalid", "true");
    input.focus();
  }
  reveal($("error"));
}

/**
 * Brings `node` (the first result row, the error box) into view in a 600px popup: when it is
 * not wholly visible, the Predict row is scrolled to the top, so the status and as much of the
 * results as fits are seen together.
 */
function reveal(node) {
  const r = node?.getBoundingClientRect();
  if (!r || (r.top >= 0 && r.bottom <= innerHeight)) return;
  $("actions").scrollIntoView({ block: "start" });
}

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
  const pattern = hostPatternFor(request.region, request.endpoint);
  const permission = pattern ? requestHostPermission(pattern) : Promise.resolve({ ok: true });
  return run(request, permission, pattern ? "Waiting for permission…" : "Predicting…");
}

async function run(request, permission, waitingLabel) {
  setBusy(true, waitingLabel);
  const allowed = await permission;
  if (!allowed.ok) {
    setBusy(false);
    return showError(allowed.error);
  }
  const total = request.texts.length;
  let done = 0;
  setBusy(true);
  $("status").textContent = total ? `0 of ${total} done` : "";
  renderPending($("results"), request.texts);
  reveal($("results").firstElementChild);
  try {
    const result = await predictLabels(request, (event) => {
      if (event.type !== "prediction") return;
      renderPrediction($("results"), event.prediction);
      if (event.prediction.index === 0) reveal($("results").firstElementChild); // now with its labels
      $("status").textContent = `${++done} of ${total} done`;
    });
    for (const p of result.predictions) renderPrediction($("results"), p);
    renderSummary($("results"), result);
    await refusalsLoaded;
    await refusals.remember(request.modelId, result.adaptations);
    $("status").textContent = "Done";
  } catch (error) {
    showError(error);
  } finally {
    setBusy(false);
  }
}

function wire() {
  $("predict").addEventListener("click", predict);
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
ready.then(() => {
  loaded = true;
  $("version").textContent = `v${version()}`;
  restoreSettings();
  credentialsPanel.restored.then(() => credentialsBox.collapse());
}, (e) => renderError($("error"), { code: "LoadError", message: `The labeler failed to load: ${e.message ?? e}` }));
