// Opening a project (its rows, runs, predictions and reviews, read in batches) and editing its
// settings. Settings are saved with the project at each change. A run keeps its own frozen
// copy, so while the latest run is unfinished the first change asks: finish the run first
// (the change is undone), or keep the change for a new run (Resume still uses the run's).
import { Review } from "./review.js";
import { RunStats } from "./stats.js";
import { ask } from "./dialog.js";
import { readProjectForm, writeProjectForm, sharedFrom } from "./project-form.js";
import { editLabel } from "./labels.js";
import { labelEdit } from "./labels-view.js";
import { editExamples } from "./examples-view.js";
import { parseLabels } from "../form.js";
import { doneCount } from "./run-record.js";
import { passesOf } from "./passes.js";
import { formatCount } from "./stats.js";

/** Is `run` unfinished (rows left, not cancelled), so Resume can go on with it? */
export function unfinished(app, run) {
  if (!run || run.kind === "imported" || run.status === "cancelled") return false;
  return passesOf(run.settings).some((p) => doneCount(run, p) < app.rows.length);
}

export async function openProject(app, id) {
  const project = await app.store.projects.get(id);
  if (!project) return;
  app.$("import-status").textContent = `Opening ${project.name}…`;
  const { rows, extras } = await app.store.projects.rows(id, project.rowCount, (n) => (app.$("import-status").textContent = `Opening ${project.name}: ${formatCount(n)} of ${formatCount(project.rowCount)} rows…`));
  Object.assign(app, { project, rows, extras, runs: await app.store.runs.list(id), preds: new Map(), run: null });
  for (const run of app.runs) if (run.status === "running") run.status = "paused"; // the page that ran it closed
  const reviews = new Map((await app.store.projects.reviews(id)).map((r) => [r.index, r]));
  app.review = new Review({ projectId: id, task: project.settings.task, store: app.store.reviews, reviews, onChange: () => app.refresh(), onError: (e) => showError(app, { message: `A decision could not be saved (${e.message ?? e}); it is not kept.` }) });
  await selectRun(app, app.runs.at(-1) ?? null);
  writeProjectForm(app.$("project-screen"), project.settings);
  Object.assign(app.view, { filter: "all", search: "", cursor: 0, open: false, order: [] });
  app.$("search").value = "";
  app.$("import-status").textContent = "";
  showResumeBanner(app);
  app.reorder();
  app.tabs?.show(app.runs.length ? "review" : "setup"); // a new project starts at its setup
  app.refresh();
}

/** Shows `run` (its figures in the run bar, its answers in the review); loads its predictions once. */
export async function selectRun(app, run) {
  if (run && !app.preds.has(run.id)) {
    const maps = [new Map(), new Map()];
    for (const p of await app.store.runs.predictions(run.id)) maps[p.pass].set(p.index, p);
    app.preds.set(run.id, maps);
  }
  app.run = run;
  app.stats = new RunStats(app.rows.length);
  app.view.lowFirst = Boolean(run && (passesOf(run.settings).length > 1 || app.predsOf(run)[1].size > 0));
  app.reorder();
  app.refresh();
}

export function showResumeBanner(app) {
  const run = app.run;
  const show = unfinished(app, run) && !app.runner?.running;
  app.$("resume-banner").hidden = !show;
  if (show) app.$("resume-text").textContent = `${run.name} is unfinished: ${formatCount(doneCount(run))} of ${formatCount(app.rows.length)} rows done. Paste your keys and resume it (with its own settings), or start a new run with Predict labels.`;
}

export function showError(app, error) {
  const box = app.$("error");
  box.hidden = !error;
  box.textContent = error ? `${error.message ?? String(error)}${error.code ? `\n${error.code}` : ""}` : "";
}

async function saveProject(app) {
  app.project.updatedAt = Date.now();
  await app.store.projects.put(app.project);
  app.labeler.saveSettings?.({ ...app.labeler.loadSettings?.(), ...sharedFrom(app.project.settings), labels: app.$("labels").value });
}

/** Applies a settings change `next`, asking first when it would diverge from an unfinished run. */
async function change(app, next) {
  const latest = app.runs.at(-1);
  if (unfinished(app, latest) && app.askedFor !== latest.id) {
    const answer = await ask(app.doc, {
      title: "Change the settings of an unfinished run?",
      text: `${latest.name} is unfinished (${formatCount(doneCount(latest))} of ${formatCount(app.rows.length)} rows). A run keeps the settings it started with: Resume finishes it with those. Keep this change for a new run, or undo it and finish the run first?`,
      choices: [{ value: "keep", label: "Keep the change for a new run", primary: true }, { value: "undo", label: "Undo it: finish the run first" }],
    });
    if (answer !== "keep") {
      writeProjectForm(app.$("project-screen"), app.project.settings);
      return app.refresh();
    }
    app.askedFor = latest.id;
  }
  const taskChanged = next.task !== app.project.settings.task;
  app.project.settings = next;
  if (taskChanged) app.review.task = next.task;
  await saveProject(app);
  app.reorder();
  app.refresh();
}

export function wireProject(app) {
  const root = app.$("project-screen");
  const fromForm = () => readProjectForm(root, app.project.settings);
  root.querySelectorAll("#panel-setup [name]").forEach((input) => input.addEventListener("change", () => change(app, fromForm())));
  app.$("label-table").addEventListener("change", (e) => {
    const { name, patch } = labelEdit(e.target);
    change(app, { ...app.project.settings, labels: editLabel(app.project.settings.labels, name, patch) });
  });
  const examples = (target) => change(app, { ...app.project.settings, examples: editExamples(app.project.settings.examples, target, parseLabels) });
  app.$("examples").addEventListener("change", (e) => examples(e.target));
  app.$("examples").addEventListener("click", (e) => e.target.dataset.action === "remove" && examples(e.target));
  app.$("add-example").addEventListener("click", () => change(app, { ...app.project.settings, examples: [...app.project.settings.examples, { text: "", labels: [] }] }));
  app.$("text-column").addEventListener("change", () => change(app, { ...app.project.settings, textColumn: Number(app.$("text-column").value) }));
  app.$("gold-column").addEventListener("change", async () => {
    const v = app.$("gold-column").value;
    app.project.goldColumn = v === "" ? null : v === "reviews" ? "reviews" : Number(v);
    await saveProject(app);
    app.metricsDue = true;
    app.refresh();
  });
}
