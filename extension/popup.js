// The popup: fills the pickers, restores non-secret settings, and runs predictLabels.
import init, { predictLabels, checkRequest, endpointFor, loadSettings, saveSettings, version } from "./pkg/labeler.js";
import { REGIONS, DEFAULT_REGION } from "./regions.js";
import { fillPickers } from "./pickers.js";
import { DEFAULT_MODEL } from "./models.js";
import { readRequest, readSettings, parseTexts, inputForError } from "./form.js";
import { renderPending, renderPrediction, renderSummary, renderError } from "./results-view.js";
import { initCredentialsPanel } from "./credentials-panel.js";
import { askForHost } from "./host-permission.js";
import { AdaptationMemory } from "./adaptations.js";

const $ = (id) => document.getElementById(id);
const ready = init();
let loaded = false;
let credentialsPanel = null;
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

/** Shows a request-level error; an InvalidInput one also marks and focuses its field. */
function showError(error) {
  $("results").replaceChildren();
  $("status").textContent = "";
  renderError($("error"), error);
  if (error?.code === "InvalidInput") {
    const input = $(inputForError(error.message) ?? "");
    if (input) {
      input.setAttribute("aria-invalid", "true");
      input.focus();
    }
  }
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
  const known = refusals.for(request.modelId);
  if (known.length) request.adaptations = known;
  // Bad fields, expired keys, an unsupported model: said before asking or sending anything.
  const problem = checkRequest(request);
  if (problem) return showError(problem);
  // The core decides the host (or refuses it) and Chrome is asked for it, still in the click.
  return run(request, askForHost(endpointFor, request.region, request.endpoint), "Waiting for permission…");
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
  renderPending($("results"), parseTexts($("texts").value));
  try {
    const result = await predictLabels(request, (event) => {
      if (event.type !== "prediction") return;
      renderPrediction($("results"), event.prediction);
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
  for (const id of ["region", "model-id", "task", "labels", "endpoint", "instructions", "temperature", "batch-size", "family", "api"]) {
    $(id).addEventListener("change", () => ready.then(() => saveSettings(readSettings(document))));
  }
}

fillPickers(document);
wire();
credentialsPanel = initCredentialsPanel(document);
ready.then(() => {
  loaded = true;
  $("version").textContent = `v${version()}`;
  restoreSettings();
}, (e) => renderError($("error"), { code: "LoadError", message: `The labeler failed to load: ${e.message ?? e}` }));
