// The popup: fills the pickers, restores non-secret settings, and runs predictLabels.
import init, { predictLabels, loadSettings, saveSettings, version } from "./pkg/labeler.js";
import { REGIONS, DEFAULT_REGION } from "./regions.js";
import { MODELS, DEFAULT_MODEL } from "./models.js";
import { readRequest, readSettings, parseTexts, inputForError } from "./form.js";
import { renderPending, renderPrediction, renderSummary, renderError } from "./results-view.js";

const $ = (id) => document.getElementById(id);
const ready = init();

function fillPickers() {
  // "us-east-1 · N. Virginia": the code first (what AWS docs use), the place to recognise it.
  const place = (name) => /\(([^)]+)\)/.exec(name)?.[1] ?? name;
  $("region").replaceChildren(...REGIONS.map(([code, name]) => {
    const o = new Option(`${code} · ${place(name)}`, code);
    o.title = name;
    return o;
  }));
  $("model-presets").replaceChildren(...MODELS.map(([id, name]) => {
    const o = document.createElement("option");
    o.value = id;
    o.label = name;
    return o;
  }));
}

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
  if (s.endpoint || s.instructions || s.temperature != null || s.batchSize != null || s.family) $("endpoint").closest("details").open = true;
}

function setBusy(busy) {
  const button = $("predict");
  button.disabled = busy;
  button.textContent = busy ? "Predicting…" : "Predict labels";
  $("results").setAttribute("aria-busy", String(busy));
}

function clearInvalid() {
  for (const node of document.querySelectorAll("[aria-invalid]")) node.removeAttribute("aria-invalid");
}

async function predict() {
  if ($("predict").disabled) return;
  clearInvalid();
  renderError($("error"), null);
  const request = readRequest(document);
  const total = request.texts.length;
  let done = 0;
  setBusy(true);
  $("status").textContent = total ? `0 of ${total} done` : "";
  renderPending($("results"), parseTexts($("texts").value));
  try {
    await ready;
    const result = await predictLabels(request, (event) => {
      if (event.type !== "prediction") return;
      renderPrediction($("results"), event.prediction);
      $("status").textContent = `${++done} of ${total} done`;
    });
    for (const p of result.predictions) renderPrediction($("results"), p);
    renderSummary($("results"), result);
    $("status").textContent = "Done";
  } catch (error) {
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
  for (const id of ["region", "model-id", "task", "labels", "endpoint", "instructions", "temperature", "batch-size", "family"]) {
    $(id).addEventListener("change", () => ready.then(() => saveSettings(readSettings(document))));
  }
}

fillPickers();
wire();
ready.then(() => {
  $("version").textContent = `v${version()}`;
  restoreSettings();
}, (e) => renderError($("error"), { code: "LoadError", message: `The labeler failed to load: ${e.message ?? e}` }));
