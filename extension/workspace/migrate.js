// Version 1 of the workspace database held one run: its dataset, texts and settings in the run
// record, predictions keyed [runId, index]. Version 2 keeps projects, so the old run becomes a
// project (its rows stored once) with that run in its history; nothing is dropped.
import { labelsFromText } from "./labels.js";
import { defaultSettings } from "./settings.js";

/** The v2 project and run for a v1 run record. */
export function convertRun(old) {
  const projectId = `p-${old.id}`;
  const s = old.settings ?? {};
  const settings = {
    ...defaultSettings(),
    ...Object.fromEntries(Object.entries(s).filter(([k]) => k !== "labels")),
    labels: labelsFromText(s.labels ?? ""),
    textColumn: old.textColumn ?? 0,
  };
  const project = {
    id: projectId,
    name: old.fileName ?? "Dataset",
    createdAt: old.createdAt ?? old.id,
    updatedAt: old.createdAt ?? old.id,
    fileName: old.fileName ?? "",
    columns: old.columns ?? ["text"],
    rowCount: (old.rows ?? old.texts ?? []).length,
    goldColumn: old.goldColumn ?? null,
    settings,
  };
  const run = {
    id: old.id,
    projectId,
    createdAt: old.createdAt ?? old.id,
    name: "Run 1",
    settings,
    status: old.status === "running" ? "paused" : old.status ?? "paused",
    usage: { inputTokens: 0, outputTokens: 0, requests: 0, retries: 0 },
  };
  const rows = (old.rows ?? (old.texts ?? []).map((t) => [t])).map((cells, index) => ({ projectId, index, cells }));
  return { project, run, rows };
}

/**
 * Runs inside the version-change transaction: reads the v1 runs and predictions, replaces the
 * predictions store (its key changes), then `create()`s the v2 stores and writes the converted
 * records. Every step is a callback of the same transaction, which stays open through them.
 */
export function migrateFromV1(db, tx, create) {
  const oldPredictions = tx.objectStore("predictions").getAll();
  oldPredictions.onsuccess = () => {
    const runsRead = tx.objectStore("runs").getAll();
    runsRead.onsuccess = () => {
      db.deleteObjectStore("predictions");
      create();
      for (const old of runsRead.result) {
        const { project, run, rows } = convertRun(old);
        tx.objectStore("projects").put(project);
        tx.objectStore("runs").put(run);
        for (const row of rows) tx.objectStore("rows").put(row);
      }
      for (const p of oldPredictions.result) {
        tx.objectStore("predictions").put({ ...p, pass: 0 });
      }
    };
  };
}
