// The workspace page: projects on the first screen; in a project, its setup, the review loop
// and its runs. This module starts the page and wires the projects list; the controllers
// (project, run, review, io) do the rest, each over the shared state in app.js.
import init, * as labeler from "../pkg/labeler-full.js";
import { fillPickers } from "../pickers.js";
import { initCredentialsPanel } from "../credentials-panel.js";
import { initCredentialsCollapse } from "../credentials-collapse.js";
import { AdaptationMemory } from "../adaptations.js";
import { openStore } from "./store.js";
import { Runner } from "./runner.js";
import { createApp } from "./app.js";
import { initTabs } from "./tabs.js";
import { ask } from "./dialog.js";
import { savePrice, loadPrices } from "./prices.js";
import { openProject, wireProject, showError } from "./project-controller.js";
import { wireRun } from "./run-controller.js";
import { wireReview } from "./review-controller.js";
import { wireIo } from "./io-controller.js";
import { wireRuns, drawCompare } from "./runs-controller.js";
import { projectFile } from "./project-file.js";
import { download, exportName } from "./exports.js";

async function projectAction(app, action, id) {
  const project = app.projects.find((p) => p.id === id);
  if (!project) return;
  if (action === "open") return openProject(app, id);
  if (action === "export") return download(app.doc, exportName(project.name, "project.json"), JSON.stringify(await projectFile(app.store, project)), "application/json");
  if (action === "rename") {
    const answer = await ask(app.doc, { title: "Rename the project", text: "", choices: [{ value: "ok", label: "Rename", primary: true }, { value: "cancel", label: "Cancel" }], input: project.name });
    if (!answer.ok || !answer.value) return;
    project.name = answer.value;
    project.updatedAt = Date.now();
    await app.store.projects.put(project);
  }
  if (action === "delete") {
    const runs = (await app.store.runs.list(id)).length;
    const answer = await ask(app.doc, {
      title: `Delete ${project.name}?`,
      text: `Its ${project.rowCount} rows, ${runs} ${runs === 1 ? "run" : "runs"} with their answers, and every review decision are removed from this browser. Export the project first to keep a copy.`,
      choices: [{ value: "delete", label: "Delete the project" }, { value: "keep", label: "Keep it", primary: true }],
    });
    if (answer !== "delete") return;
    await app.store.projects.delete(id);
  }
  app.projects = await app.store.projects.list();
  app.refresh();
}

function wirePage(app) {
  const { $ } = app;
  $("projects").addEventListener("click", (e) => {
    const b = e.target.closest("button[data-action]");
    if (b) projectAction(app, b.dataset.action, b.dataset.id);
  });
  $("back").addEventListener("click", async () => {
    if (app.runner.running) app.runner.stop("paused");
    app.project = null;
    app.projects = await app.store.projects.list();
    app.refresh();
  });
  app.tabs = initTabs(app.doc, ["setup", "review", "runs"], (name) => {
    app.view.tab = name;
    if (name === "review" && app.project) app.reorder();
    app.metricsDue = true;
    app.refresh();
    if (name === "review") requestAnimationFrame(() => $("review").focus({ preventScroll: true }));
    if (name === "runs") drawCompare(app);
  });
  for (const id of ["price-input", "price-output"]) {
    $(id).addEventListener("change", () => {
      const [i, o] = [$("price-input").value, $("price-output").value];
      if (i !== "" && o !== "") savePrice(app.project.settings.modelId, Number(i), Number(o));
      app.prices = loadPrices();
      app.refresh();
    });
  }
}

async function main() {
  fillPickers(document);
  const credentials = initCredentialsPanel(document);
  const refusals = new AdaptationMemory();
  refusals.load().catch(() => {});
  await init();
  // The keys box shrinks to one line once the keys pass the core's checks, as in the popup.
  const keysValid = (c) => {
    const credentials = { accessKeyId: c.accessKeyId, secretAccessKey: c.secretAccessKey };
    if (c.sessionToken?.trim()) credentials.sessionToken = c.sessionToken;
    if (c.expiration) credentials.expiration = c.expiration;
    return labeler.checkRequest({ credentials, region: "us-east-1", modelId: "anthropic.claude-3-haiku-20240307-v1:0", labels: ["a"], texts: ["a"] }) === null;
  };
  const keysBox = initCredentialsCollapse(document, credentials, keysValid);
  await credentials.restored;
  keysBox.collapse();
  const store = await openStore();
  const app = createApp({ doc: document, labeler, store, credentials, refusals });
  app.keysBox = keysBox;
  app.runner = new Runner({ labeler, store, onChange: () => app.refreshSoon() });
  wirePage(app);
  wireProject(app);
  wireRun(app);
  wireReview(app);
  wireIo(app);
  wireRuns(app);
  app.projects = await store.projects.list();
  app.refresh();
  document.getElementById("version").textContent = `v${labeler.version()}`;
  globalThis.__workspace = app; // for the tests and the console: the page's state (no secrets in it)
}

main().catch((e) => {
  const box = document.getElementById("dataset-error");
  box.hidden = false;
  box.textContent = `The workspace failed to start: ${e.message ?? e}`;
});
