// Promises over IndexedDB requests and transactions, and the workspace database's schema.
//
// Stores (DB version 2):
//   projects     { id, name, createdAt, updatedAt, fileName, columns, rowCount, settings, goldColumn, ... }
//   rows         [projectId, index] → { projectId, index, cells }: the dataset, once
//   runs         { id, projectId, createdAt, name, settings (frozen), status, usage, counts, ... }
//   predictions  [runId, pass, index] → one answer (pass 0: the run's model, 1: the second opinion)
//   reviews      [projectId, index] → what a reviewer decided for a row
//   cache        { key, labels, spans, warnings, at }: answers keyed on the question (cache.rs)
// No store holds a credential: settings are built from the form's non-secret fields only.
import { migrateFromV1 } from "./migrate.js";

export const DB_NAME = "bedrock-labeler-workspace";
export const DB_VERSION = 2;

export function request(req) {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
}

export function done(tx) {
  return new Promise((resolve, reject) => {
    tx.oncomplete = () => resolve();
    tx.onabort = tx.onerror = () => reject(tx.error ?? new Error("the transaction was aborted"));
  });
}

/** A readwrite transaction over `stores`; `fill(tx)` issues the writes; resolves once committed. */
export async function write(db, stores, fill) {
  const tx = db.transaction(stores, "readwrite");
  const committed = done(tx);
  const value = fill(tx);
  await committed;
  return value;
}

/**
 * Every record of `store` whose key starts with `prefix` (an array), in key order, read `page`
 * at a time (each getAll is its own short task, however many records there are).
 */
export async function allWithPrefix(db, store, prefix, page = 5000) {
  const out = [];
  let range = IDBKeyRange.bound(prefix, [...prefix, []]);
  for (;;) {
    const os = db.transaction(store).objectStore(store);
    const batch = await request(os.getAll(range, page));
    out.push(...batch);
    if (batch.length < page) return out;
    const last = batch.at(-1);
    range = IDBKeyRange.bound(os.keyPath.map((k) => last[k]), [...prefix, []], true);
  }
}

function createV2(db, tx) {
  if (!db.objectStoreNames.contains("projects")) db.createObjectStore("projects", { keyPath: "id" });
  if (!db.objectStoreNames.contains("rows")) db.createObjectStore("rows", { keyPath: ["projectId", "index"] });
  if (!db.objectStoreNames.contains("runs")) db.createObjectStore("runs", { keyPath: "id" });
  const runs = tx.objectStore("runs");
  if (!runs.indexNames.contains("project")) runs.createIndex("project", "projectId");
  if (!db.objectStoreNames.contains("predictions")) db.createObjectStore("predictions", { keyPath: ["runId", "pass", "index"] });
  if (!db.objectStoreNames.contains("reviews")) db.createObjectStore("reviews", { keyPath: ["projectId", "index"] });
  if (!db.objectStoreNames.contains("cache")) db.createObjectStore("cache", { keyPath: "key" });
}

/** Opens the database, creating it or upgrading a version 1 one (its run becomes a project). */
export async function openDb(factory = globalThis.indexedDB) {
  const open = factory.open(DB_NAME, DB_VERSION);
  open.onupgradeneeded = (event) => {
    const db = open.result;
    const tx = open.transaction;
    if (event.oldVersion === 1) migrateFromV1(db, tx, () => createV2(db, tx));
    else createV2(db, tx);
  };
  const db = await request(open);
  // Another tab upgrading the schema: let it, this page's handle closes.
  db.onversionchange = () => db.close();
  return db;
}
