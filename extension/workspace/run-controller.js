// Predict, Resume, Pause, Cancel. The request is checked and the region's host asked for inside
// the click (Chrome prompts only during a user gesture). Predict starts a new run with a frozen
// copy of the project's settings; when the project already has runs it asks first whether to keep
// the last one as history or delete it (nothing is deleted unasked). Resume always goes on with
// the selected run's own settings, whatever the form says now.
import { checkRequestFor } from "./request-check.js";
import { askForHost } from "../host-permission.js";
import { inputForError } from "../form.js";
import { ask } from "./dialog.js";
import { newRun, doneCount } from "./run-record.js";
import { pricesFor, tierPrices } from "./prices.js";
import { RunStats, formatCount } from "./stats.js";
import { offlineRequest } from "./settings.js";
import { passesOf } from "./passes.js";
import { IN_PAGE_ROWS } from "./compute.js";
import { selectRun, showError, showResumeBanner, unfinished } from "./project-controller.js";

/** Errors about the keys themselves: the collapsed keys box opens so they can be fixed. */
const KEY_ERRORS = new Set(["UnrecognizedClientException", "InvalidSignatureException", "ExpiredTokenException"]);
const KEY_INPUTS = new Set(["access-key-id", "secret-access-key", "session-token"]);

function credentials(app) {
  const c = app.credentials.current();
  return { accessKeyId: c.accessKeyId, secretAccessKey: c.secretAccessKey, sessionToken: c.sessionToken, expiration: c.expiration };
}

/** A click handler that checks the request for `settings()` and asks for the host, then runs `action`. */
function withHost(app, settings, action) {
  return () => {
    showError(app, null);
    if (!app.project) return;
    const s = settings();
    const problem = checkRequestFor(app.labeler, s, credentials(app));
    if (problem) {
      showError(app, problem);
      const input = problem.code === "InvalidInput" ? app.$(inputForError(problem) ?? "") : null;
      if (KEY_ERRORS.has(problem.code) || KEY_INPUTS.has(input?.id)) app.keysBox?.expand();
      input?.focus();
      return;
    }
    app.credentials.save();
    app.keysBox?.collapse();
    askForHost(app.labeler.endpointFor, s.region, s.endpoint || undefined).then((r) => (r.ok ? action() : showError(app, r.error)));
  };
}

async function go(app, run) {
  app.$("resume-banner").hidden = true;
  app.stats = new RunStats(app.rows.length * passesOf(run.settings).length);
  const texts = app.rows.map((cells) => cells[run.settings.textColumn] ?? "");
  const known = Object.fromEntries([0, 1].map((p) => offlineRequest(run.settings, p).modelId).map((m) => [m, app.refusals.for(m)]));
  const outcome = app.runner.start({ run, texts, predictions: app.predsOf(run), credentials: credentials(app), adaptations: known, stats: app.stats });
  app.refresh();
  const result = await outcome;
  app.reorder(); // the answers are in: filters and low-confidence order see them
  app.refresh();
  for (const [model, list] of Object.entries(result.adaptations ?? {})) await app.refusals.remember(model, list);
  const box = app.$("notices");
  box.replaceChildren(...(result.warnings ?? []).map((w) => Object.assign(app.doc.createElement("li"), { textContent: w.message, title: w.code })));
  box.hidden = !(result.warnings ?? []).length;
  if (result.status === "error") {
    showError(app, result.error);
    if (KEY_ERRORS.has(result.error?.code)) app.keysBox?.expand();
    if (result.error?.code === "InvalidInput") app.$(inputForError(result.error) ?? "")?.focus();
  }
  app.reorder();
  showResumeBanner(app);
  app.refresh();
}

async function predict(app) {
  const last = app.runs.at(-1);
  if (last) {
    const state = unfinished(app, last) ? `unfinished: ${formatCount(doneCount(last))} of ${formatCount(app.rows.length)} rows` : last.status;
    const answer = await ask(app.doc, {
      title: "Start a new run?",
      text: `${last.name} (${state}) stays in the history with its answers, figures and settings unless you delete it. The new run uses the settings as they are now.`,
      choices: [{ value: "keep", label: `Keep ${last.name} and start a new run`, primary: true }, { value: "delete", label: `Delete ${last.name} and start a new run` }, { value: "cancel", label: "Cancel" }],
    });
    if (answer !== "keep" && answer !== "delete") return;
    if (answer === "delete") {
      await app.store.runs.delete(last);
      app.runs = app.runs.filter((r) => r !== last);
      app.preds.delete(last.id);
    }
  }
  const s = app.project.settings;
  // Frozen at the run's tier: the core says what the tier does to the Standard price.
  const factor = app.labeler.estimate({ ...offlineRequest(s), texts: ["x"] }).priceFactor;
  const at = (modelId) => tierPrices(pricesFor(modelId, app.prices), factor);
  const prices = [at(s.modelId), s.secondOpinion === "model" ? at(s.secondModelId) : s.secondOpinion === "reorder" ? at(s.modelId) : null];
  const number = Math.max(0, ...app.runs.map((r) => Number(/^Run (\d+)$/.exec(r.name)?.[1] ?? 0))) + 1;
  const run = newRun(app.project, { id: Date.now(), now: Date.now(), number, prices });
  await app.store.runs.put(run);
  app.runs.push(run);
  app.askedFor = null;
  app.preds.set(run.id, [new Map(), new Map()]);
  await selectRun(app, run);
  await go(app, run);
}

export function wireRun(app) {
  app.$("predict").addEventListener("click", withHost(app, () => app.project.settings, () => predict(app)));
  const resume = withHost(app, () => app.run.settings, () => go(app, app.run));
  app.$("resume").addEventListener("click", resume);
  app.$("resume-run").addEventListener("click", resume);
  app.$("pause").addEventListener("click", () => app.runner.stop("paused"));
  app.$("cancel").addEventListener("click", async () => {
    if (app.runner.running) return app.runner.stop("cancelled");
    if (!app.run) return;
    app.run.status = "cancelled";
    await app.store.runs.put(app.run);
    showResumeBanner(app);
    app.refresh();
  });
  // While a run goes, the filters and the distribution see its answers: every second, every
  // 5 s for a large project (each time is a pass over every row).
  let ticks = 0;
  setInterval(() => {
    if (!app.runner?.running) return;
    if (app.rows.length > IN_PAGE_ROWS && ++ticks % 5) return;
    app.reorder();
    app.refresh();
  }, 1000);
}
