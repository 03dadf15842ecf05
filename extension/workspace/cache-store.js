// The answer cache: keyed on the question and on who answered it (endpoint, region, model:
// crates/labeler-core/src/cache.rs), so a repeated row is answered without a request; the user
// can clear it.
import { request, done } from "./idb.js";

export class CacheStore {
  constructor(db) {
    this.db = db;
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
  size() {
    return request(this.db.transaction("cache").objectStore("cache").count());
  }

  /** Empties the cache; resolves with how many answers were removed (counted in the same transaction). */
  async clear() {
    const tx = this.db.transaction("cache", "readwrite");
    const removed = request(tx.objectStore("cache").count());
    tx.objectStore("cache").clear();
    await done(tx);
    return removed;
  }
}
