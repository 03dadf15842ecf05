// The workspace's IndexedDB (fake-indexeddb in Node): projects with their rows written and
// read in batches, runs with their figures, predictions of both passes, reviews, deletion of
// a project with everything it owns, and the upgrade of a version-1 database (one run) into a
// project with that run in its history.
import "fake-indexeddb/auto";
import { IDBFactory } from "fake-indexeddb";
import { test } from "node:test";
import assert from "node:assert/strict";
import { openStore } from "../../extension/workspace/store.js";
import { DB_NAME, allWithPrefix } from "../../extension/workspace/idb.js";
import { ROW_BATCH, ROW_PAGE } from "../../extension/workspace/projects-store.js";
import { newRun } from "../../extension/workspace/run-record.js";
import { defaultSettings } from "../../extension/workspace/settings.js";

const project = (id, n) => ({ id, name: id, createdAt: 1, updatedAt: 1, fileName: `${id}.csv`, columns: ["text"], rowCount: n, goldColumn: null, settings: defaultSettings() });

test("rows go in and come out in batches, in order, once", async () => {
  const store = await openStore(new IDBFactory());
  const n = ROW_BATCH * 2 + 7;
  const rows = Array.from({ length: n }, (_, i) => [`row ${i}`, String(i)]);
  await store.projects.put(project("p1", n));
  const batches = [];
  await store.projects.putRows("p1", rows, 0, (k) => batches.push(k));
  assert.deepEqual(batches, [ROW_BATCH, 2 * ROW_BATCH, n]);
  assert.equal(await store.projects.countRows("p1"), n);
  assert.deepEqual((await store.projects.rows("p1", n)).rows, rows);
  const records = await new Promise((resolve) => (store.db.transaction("rows").objectStore("rows").count().onsuccess = (e) => resolve(e.target.result)));
  assert.equal(records, Math.ceil(ROW_BATCH / ROW_PAGE) * 2 + 1, `${ROW_PAGE} rows to a record`);
});

test("rows stored one per record (databases from before pages) read back as they are, extras included", async () => {
  const store = await openStore(new IDBFactory());
  const n = ROW_BATCH + 3;
  const rows = Array.from({ length: n }, (_, i) => [`old ${i}`]);
  await store.projects.put(project("old", n));
  await new Promise((resolve) => {
    const tx = store.db.transaction("rows", "readwrite");
    rows.forEach((cells, index) => tx.objectStore("rows").put(index === 2 ? { projectId: "old", index, cells, extra: { x: 1 } } : { projectId: "old", index, cells }));
    tx.oncomplete = resolve;
  });
  const got = await store.projects.rows("old", n);
  assert.deepEqual(got.rows, rows);
  assert.deepEqual([...got.extras], [[2, { x: 1 }]]);
  assert.equal(await store.projects.countRows("old"), n);
  // And pages with extras.
  await store.projects.put(project("new", 3));
  await store.projects.putRows("new", [["a"], ["b"], ["c"]], 0, () => {}, [undefined, { y: 2 }]);
  assert.deepEqual([...(await store.projects.rows("new", 3)).extras], [[1, { y: 2 }]]);
});

test("a run's predictions and figures are committed together; deleting a project removes all it owns and nothing else", async () => {
  const store = await openStore(new IDBFactory());
  for (const id of ["a", "b"]) {
    await store.projects.put(project(id, 3));
    await store.projects.putRows(id, [["x"], ["y"], ["z"]]);
    const run = newRun(await store.projects.get(id), { id: id === "a" ? 1 : 2, now: 5, number: 1 });
    run.usage[0].inputTokens = 123;
    await store.runs.savePredictions(run, [
      { prediction: { pass: 0, index: 0, labels: ["l"], status: "ok" }, cacheKey: `k-${id}` },
      { prediction: { pass: 1, index: 0, labels: ["m"], status: "ok" }, cacheKey: null },
    ]);
    await store.reviews.set(id, 0, { status: "accepted", labels: ["l"], runId: run.id, at: 9 });
  }
  const [run] = await store.runs.list("a");
  assert.equal(run.usage[0].inputTokens, 123, "the figures went with the predictions");
  assert.deepEqual((await store.runs.predictions(1)).map((p) => [p.pass, p.index, p.labels[0]]), [[0, 0, "l"], [1, 0, "m"]]);
  assert.deepEqual((await allWithPrefix(store.db, "predictions", [1], 1)).map((p) => [p.pass, p.index]), [[0, 0], [1, 0]], "read a page at a time, none twice");
  assert.equal(await store.cache.size(), 2);
  await store.projects.delete("a");
  assert.equal(await store.projects.get("a"), undefined);
  assert.equal(await store.projects.countRows("a"), 0);
  assert.deepEqual(await store.runs.list("a"), []);
  assert.deepEqual(await store.runs.predictions(1), []);
  assert.deepEqual(await store.projects.reviews("a"), []);
  assert.equal((await store.projects.reviews("b")).length, 1, "the other project is untouched");
  assert.equal((await store.runs.predictions(2)).length, 2);
  assert.equal(await store.cache.size(), 2, "cached answers are not the project's");
  await store.reviews.set("b", 0, null);
  assert.deepEqual(await store.projects.reviews("b"), [], "a review set to null is gone (undo)");
});

test("a version-1 database (one run holding its dataset) becomes a project with that run in its history", async () => {
  const factory = new IDBFactory();
  await new Promise((resolve, reject) => {
    const open = factory.open(DB_NAME, 1);
    open.onupgradeneeded = () => {
      const db = open.result;
      db.createObjectStore("runs", { keyPath: "id" }).put({
        id: 42, createdAt: 42, fileName: "reviews.csv", columns: ["id", "text"], rows: [["1", "good"], ["2", "bad"]], textColumn: 1, goldColumn: null,
        texts: ["good", "bad"], settings: { region: "eu-west-1", modelId: "m", task: "single", labels: "good, bad", instructions: "", temperature: null }, status: "running",
      });
      db.createObjectStore("predictions", { keyPath: ["runId", "index"] }).put({ runId: 42, index: 0, labels: ["good"], status: "ok" });
      db.createObjectStore("cache", { keyPath: "key" }).put({ key: "k", labels: ["good"] });
    };
    open.onsuccess = () => (open.result.close(), resolve());
    open.onerror = () => reject(open.error);
  });
  const store = await openStore(factory);
  const [p] = await store.projects.list();
  assert.equal(p.name, "reviews.csv");
  assert.deepEqual(p.settings.labels.map((l) => l.name), ["good", "bad"]);
  assert.equal(p.settings.region, "eu-west-1");
  assert.deepEqual((await store.projects.rows(p.id, 2)).rows, [["1", "good"], ["2", "bad"]]);
  const [run] = await store.runs.list(p.id);
  assert.equal(run.status, "paused", "a run that was going when the page closed is paused");
  assert.equal(run.settings.textColumn, 1);
  assert.deepEqual((await store.runs.predictions(42)).map((x) => [x.pass, x.index]), [[0, 0]]);
  assert.equal(await store.cache.size(), 1, "the cache is kept");
});
