// Files in and out: a dropped dataset becomes a project (parsed and stored by the import
// worker, off the page's thread); project files; the exports; Bedrock Batch Inference files;
// the answer cache.
import { importFile } from "./importer.js";
import { projectFile, importProjectFile } from "./project-file.js";
import { csvParts, jsonlParts, exportName, download } from "./exports.js";
import { toTasks } from "./formats/label-studio.js";
import { toProdigyJsonl } from "./formats/prodigy.js";
import { labelNames } from "./labels.js";
import { agreement } from "./agreement.js";
import { formatCount } from "./stats.js";
import { openProject } from "./project-controller.js";
import { wireBatchAndCache } from "./batch-cache.js";

/** Parses and stores `file` in a module worker; where none can be made, in the page. */
function importInWorker(app, file, defaults, onProgress) {
  let worker;
  try {
    worker = new Worker(new URL("./import-worker.js", import.meta.url), { type: "module" });
  } catch {
    return file.arrayBuffer().then((b) => importFile(app.store, app.labeler.parseDataset, { bytes: new Uint8Array(b), fileName: file.name, defaults, onProgress }).then((p) => p.id));
  }
  return new Promise((resolve, reject) => {
    worker.onmessage = ({ data }) => {
      if (data.progress) return onProgress(data.progress.done, data.progress.total);
      worker.terminate();
      data.ok ? resolve(data.projectId) : reject(data.error);
    };
    worker.onerror = (e) => (worker.terminate(), reject({ message: `The import failed: ${e.message}` }));
    worker.postMessage({ file, defaults });
  });
}

export async function importDataset(app, file) {
  const box = app.$("dataset-error");
  box.hidden = true;
  const status = app.$("import-status");
  status.textContent = `Reading ${file.name}…`;
  try {
    const defaults = app.labeler.loadSettings();
    const id = await importInWorker(app, file, defaults, (done, total) => (status.textContent = `Stored ${formatCount(done)} of ${formatCount(total)} rows of ${file.name}…`));
    app.projects = await app.store.projects.list();
    await openProject(app, id);
  } catch (e) {
    status.textContent = "";
    box.hidden = false;
    box.textContent = e?.message ?? String(e);
  }
}

/** What the exporters need about the project and its runs. */
function exportContext(app) {
  const row = app.row();
  const task = app.task();
  const runs = app.runs.filter((r) => app.preds.has(r.id)).map((run) => {
    const [p0, p1] = app.predsOf(run);
    return { run, predictions: p0, score: p1.size ? (i) => agreement(task, p0.get(i), p1.get(i)) : null };
  });
  return { row, task, runs, columns: app.project.columns, rows: app.rows, textColumn: app.textColumn(), labels: app.labels() };
}

async function loadAllRuns(app) {
  for (const run of app.runs) {
    if (app.preds.has(run.id)) continue;
    const maps = [new Map(), new Map()];
    for (const p of await app.store.runs.predictions(run.id)) maps[p.pass].set(p.index, p);
    app.preds.set(run.id, maps);
  }
}

const asBlob = (text) => new Blob([text]);

async function exportAs(app, kind) {
  const name = app.project.fileName || app.project.name;
  const c = exportContext(app);
  if (kind === "csv") return download(app.doc, exportName(name, "labeled.csv"), await csvParts(c.columns, c.rows, c.row, c.task, app.labeler.toCsv, undefined, asBlob), "text/csv");
  if (kind === "jsonl") return download(app.doc, exportName(name, "labeled.jsonl"), await jsonlParts(c.columns, c.rows, c.row, c.task, undefined, asBlob), "application/jsonl");
  if (kind === "spacy") {
    const answer = (i) => {
      const r = c.row(i);
      if (r.review) return { ...r.review };
      const m = r.model?.status === "ok" ? r.model : null;
      return m ? { labels: m.labels, spans: m.spans ?? [], status: r.auto ? "auto" : "predicted" } : null;
    };
    return download(app.doc, exportName(name, "spans.jsonl"), toProdigyJsonl({ ...c, labels: labelNames(c.labels), answer }), "application/jsonl");
  }
  if (kind === "ls") {
    await loadAllRuns(app);
    const all = exportContext(app);
    const tasks = toTasks({ ...all, reviews: app.review.reviews, extra: (i) => app.extras.get(i) });
    return download(app.doc, exportName(name, "label-studio.json"), JSON.stringify(tasks, null, 1), "application/json");
  }
  const file = await projectFile(app.store, app.project);
  download(app.doc, exportName(name, "project.json"), JSON.stringify(file), "application/json");
}

export function wireIo(app) {
  const { $ } = app;
  $("file").addEventListener("change", () => $("file").files[0] && importDataset(app, $("file").files[0]).finally(() => ($("file").value = "")));
  const zone = $("drop-zone");
  zone.addEventListener("dragover", (e) => (e.preventDefault(), zone.classList.add("over")));
  zone.addEventListener("dragleave", () => zone.classList.remove("over"));
  zone.addEventListener("drop", (e) => {
    e.preventDefault();
    zone.classList.remove("over");
    const file = e.dataTransfer?.files?.[0];
    if (file) importDataset(app, file);
  });
  $("import-project").addEventListener("change", async () => {
    const file = $("import-project").files[0];
    $("import-project").value = "";
    if (!file) return;
    try {
      const project = await importProjectFile(app.store, JSON.parse(await file.text()));
      app.projects = await app.store.projects.list();
      await openProject(app, project.id);
    } catch (e) {
      $("dataset-error").hidden = false;
      $("dataset-error").textContent = e?.message ?? String(e);
    }
  });
  for (const [id, kind] of [["export-csv", "csv"], ["export-jsonl", "jsonl"], ["export-ls", "ls"], ["export-spacy", "spacy"], ["export-project", "project"]]) $(id).addEventListener("click", () => exportAs(app, kind));
  wireBatchAndCache(app);
}
