// The Runs tab: choose the run the review and the run bar show, rename or delete a run (asked
// first), and compare two runs on the same rows side by side.
import { ask } from "./dialog.js";
import { selectRun, showResumeBanner } from "./project-controller.js";
import { renderCompareChoices, renderCompare } from "./runs-view.js";
import { sameAnswer } from "./agreement.js";
import { computeMetrics } from "./metrics.js";

async function loaded(app, run) {
  if (!app.preds.has(run.id)) {
    const maps = [new Map(), new Map()];
    for (const p of await app.store.runs.predictions(run.id)) maps[p.pass].set(p.index, p);
    app.preds.set(run.id, maps);
  }
  return app.predsOf(run);
}

/** Draws the comparison of the two chosen runs (the two latest by default). */
export async function drawCompare(app) {
  const { $ } = app;
  const runs = app.runs;
  const pick = (id, fallback) => runs.find((r) => String(r.id) === id) ?? fallback;
  const a = pick($("compare-a").value, runs.at(-2) ?? runs[0]);
  const b = pick($("compare-b").value, runs.at(-1));
  renderCompareChoices($("compare-a"), $("compare-b"), runs, [a?.id, b?.id]);
  if (!a || !b || a === b) return renderCompare($("compare"), {});
  const [pa, pb] = [await loaded(app, a), await loaded(app, b)];
  for (const [run, preds] of [[a, pa], [b, pb]]) {
    try {
      const m = computeMetrics(app, run, preds);
      if (m?.evaluated) Object.assign(run, { accuracy: m.accuracy ?? m.f1, macroF1: m.macroF1 });
    } catch {
      /* no gold */
    }
  }
  let compared = 0;
  let differ = 0;
  for (let i = 0; i < app.rows.length; i++) {
    const x = pa[0].get(i);
    const y = pb[0].get(i);
    if (x?.status !== "ok" || y?.status !== "ok") continue;
    compared++;
    if (!sameAnswer(app.task(), x, y)) differ++;
  }
  renderCompare($("compare"), { a, b, differ, compared });
}

export function wireRuns(app) {
  const { $ } = app;
  $("runs").addEventListener("click", async (e) => {
    const b = e.target.closest("button[data-action]");
    const run = b && app.runs.find((r) => String(r.id) === b.dataset.id);
    if (!run) return;
    if (b.dataset.action === "select") {
      await selectRun(app, run);
      showResumeBanner(app);
    }
    if (b.dataset.action === "rename") {
      const answer = await ask(app.doc, { title: "Rename the run", text: "", choices: [{ value: "ok", label: "Rename", primary: true }, { value: "cancel", label: "Cancel" }], input: run.name });
      if (answer?.ok && answer.value) {
        run.name = answer.value;
        await app.store.runs.put(run);
      }
    }
    if (b.dataset.action === "delete") {
      if (app.runner.running && app.run === run) return;
      const answer = await ask(app.doc, {
        title: `Delete ${run.name}?`,
        text: "Its answers, figures and settings are removed from the history; review decisions stay with the rows.",
        choices: [{ value: "delete", label: "Delete the run" }, { value: "keep", label: "Keep it", primary: true }],
      });
      if (answer !== "delete") return;
      await app.store.runs.delete(run);
      app.runs = app.runs.filter((r) => r !== run);
      app.preds.delete(run.id);
      if (app.run === run) await selectRun(app, app.runs.at(-1) ?? null);
    }
    await drawCompare(app);
    app.refresh();
  });
  for (const id of ["compare-a", "compare-b"]) $(id).addEventListener("change", () => drawCompare(app));
}
