// Draws a run (run-state.js) into the popup: one row per text, each filled once its prediction
// is in, the status line, the summary, the error box, and the Predict / Cancel buttons. Called
// again with every stored change, and with the stored run when the popup opens; a row is drawn
// once, so an expanded row or a focused button inside one stays as it is.

import { renderPending, renderPrediction, renderSummary } from "./results-view.js";
import { statusText } from "./run-status.js";

/**
 * Brings `node` (the first result row, the error box) into view in a 600px popup: when it is
 * not wholly visible, the Predict row is scrolled to the top, so the status and as much of the
 * results as fits are seen together.
 */
export function reveal(node) {
  const r = node?.getBoundingClientRect();
  const view = node?.ownerDocument.defaultView;
  if (!r || (r.top >= 0 && r.bottom <= view.innerHeight)) return;
  node.ownerDocument.getElementById("actions").scrollIntoView({ block: "start" });
}

/**
 * `showError(error, { quiet })`: shows a request-level error (quiet: the popup just opened, the
 * focus stays).
 */
export function createRunView(doc, { showError }) {
  const $ = (id) => doc.getElementById(id);
  let shownId = null;
  let shownSeq = 0;
  let status = null;
  let drawn = new Set();
  let ended = false;
  // Started from this popup (not found running or finished when it opened): the results are
  // scrolled into view and an error may take the focus.
  let live = false;

  function setBusy(running) {
    $("predict").disabled = running;
    $("predict").textContent = running ? "Predicting…" : "Predict labels";
    $("results").setAttribute("aria-busy", String(running));
    $("cancel").hidden = !running;
  }

  /** `run`: the run to draw (null: nothing yet); `fresh`: just started from this popup. */
  function show(run, { fresh = false } = {}) {
    if (!run) return;
    const list = $("results");
    if (run.id === shownId && (run.seq ?? 0) < shownSeq) return; // an older state, arriving late
    shownSeq = run.seq ?? 0;
    if (run.id !== shownId) {
      shownId = run.id;
      drawn = new Set();
      ended = false;
      live = false;
      renderPending(list, run.texts);
      $("error").hidden = true;
      // Started here, or found when the popup opens: the results are what the user came for.
      reveal(list.firstElementChild);
    }
    // The worker's first stored state may arrive before its reply to "run" does.
    if (fresh) live = true;
    status = run.status;
    setBusy(run.status === "running");
    $("cancel").disabled = run.cancelling;
    if (run.status === "failed") {
      if (!ended) showError(run.error, { quiet: !live });
      ended = true;
      return;
    }
    run.predictions.forEach((p, i) => {
      if (!p || drawn.has(i)) return;
      drawn.add(i);
      renderPrediction(list, p);
      if (i === 0 && live) reveal(list.firstElementChild); // taller now, with its labels
    });
    $("status").textContent = statusText(run);
    if (run.status !== "running" && !ended) {
      ended = true;
      if (run.result) renderSummary(list, { predictions: run.predictions, usage: run.result.usage, warnings: run.result.warnings });
    }
  }

  return {
    show,
    setBusy,
    /** The id of the run drawn, to cancel it. */
    runId: () => shownId,
    /** Whether the run drawn is still going. */
    running: () => status === "running",
  };
}
