// The workspace's IndexedDB, by concern: projects and rows, runs and predictions, reviews, and
// the answer cache (schema in idb.js).
import { openDb } from "./idb.js";
import { ProjectStore } from "./projects-store.js";
import { RunStore } from "./runs-store.js";
import { ReviewStore } from "./reviews-store.js";
import { CacheStore } from "./cache-store.js";

export async function openStore(factory) {
  const db = await openDb(factory);
  return { db, projects: new ProjectStore(db), runs: new RunStore(db), reviews: new ReviewStore(db), cache: new CacheStore(db) };
}
