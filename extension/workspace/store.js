// The workspace's IndexedDB: the current run (its dataset and settings, never credentials),
// every finished prediction as it arrives, and a cache of answers keyed on the question and on
// who answered it (endpoint, region, model: crates/labeler-core/src/cache.rs), which the user
// can clear.
// Nothing finished is lost when the tab closes or the browser crashes: each prediction is its
// own committed transaction.

const DB_NAME = "bedrock-labeler-workspace";
const DB_VERSION = 1;

function request(req) {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
}

function done(tx) {
  return new Promise((resolve, reject) => {
    tx.oncomplete = () => resolve();
    tx.onabort = tx.onerror = () => reject(tx.error);
  });
}

export async function openStore() {
  const open = indexedDB.open(DB_NAME, DB_VERSION);
  open.onupgradeneeded = () => {
    const db = open.result;
    db.createObjectStore("runs", { keyPath: "id" });
    db.createObjectStore("predictions", { keyPath: ["runId", "index"] });
    db.createObjectStore("cache", { keyPath: "key" });
  };
  const db = await request(open);
  return new Store(db);
}

export class Store {
  constructor(db) {
    this.db = db;
  }

  /** The run the workspace shows (there is one at a time), or null. */
  async currentRun() {
    const runs = await request(this.db.transaction("runs").objectStore("runs").getAll());
    return runs.sort((a, b) => b.createdAt - a.createdAt)[0] ?? null;
  }

  /** Replaces every run with `run` (its predictions go too). */
  async startRun(run) {
    const tx = this.db.transaction(["runs", "predictions"], "readwrite");
    tx.objectStore("runs").clear();
    tx.objectStore("predictions").clear();
    tx.objectStore("runs").put(run);
    await done(tx);
  }

  async updateRun(id, patch) {
    const tx = this.db.transaction("runs", "readwrite");
    const store = tx.objectStore("runs");
    const run = await request(store.get(id));
    if (run) store.put({ ...run, ...patch });
    await done(tx);
  }

  async discardRun() {
    const tx = this.db.transaction(["runs", "predictions"], "readwrite");
    tx.objectStore("runs").clear();
    tx.objectStore("predictions").clear();
    await done(tx);
  }

  /** Saves one finished prediction (and, when it succeeded, caches its answer). */
  async savePrediction(runId, prediction, cacheKey) {
    await this.savePredictions(runId, [{ prediction, cacheKey }]);
  }

  /** Saves finished predictions in one transaction; resolves once it is committed. */
  async savePredictions(runId, entries) {
    const tx = this.db.transaction(["predictions", "cache"], "readwrite");
    for (const { prediction, cacheKey } of entries) {
      tx.objectStore("predictions").put({ runId, ...prediction });
      if (cacheKey && prediction.status === "ok" && !prediction.cached) {
        const { labels, spans, warnings } = prediction;
        tx.objectStore("cache").put({ key: cacheKey, labels, spans, warnings, at: Date.now() });
      }
    }
    await done(tx);
  }

  async predictions(runId) {
    const range = IDBKeyRange.bound([runId, 0], [runId, Number.MAX_SAFE_INTEGER]);
    return request(this.db.transaction("predictions").objectStore("predictions").getAll(range));
  }

  /** Cached answers for `keys`, as a Map key → answer. */
  async cached(keys) {
    const store = this.db.transaction("cache").objectStore("cache");
    const found = new Map();
    await Promise.all(
      [...new Set(keys)].map(async (key) => {
        const hit = await request(store.get(key));
        if (hit) found.set(key, hit);
      }),
    );
    return found;
  }

  /** How many answers the cache holds. */
  async cacheSize() {
    return request(this.db.transaction("cache").objectStore("cache").count());
  }

  /** Empties the answer cache; resolves with how many answers were removed (counted in the same transaction). */
  async clearCache() {
    const tx = this.db.transaction("cache", "readwrite");
    const removed = request(tx.objectStore("cache").count());
    tx.objectStore("cache").clear();
    await done(tx);
    return removed;
  }
}
