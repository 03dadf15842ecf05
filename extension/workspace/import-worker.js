// The import worker: reads a dropped file, parses it (the core's wasm for CSV / JSONL / TXT, the
// formats modules for the rest) and stores it as a project in batches, off the page's thread,
// so a 100,000-row file never blocks the page. Posts { progress } and then { ok, projectId }
// or { ok: false, error }. Workers have no chrome.* and need none here.
import init, { parseDataset } from "../pkg/labeler-full.js";
import { openStore } from "./store.js";
import { importFile } from "./importer.js";

self.onmessage = async ({ data }) => {
  try {
    await init();
    const store = await openStore(self.indexedDB);
    const bytes = new Uint8Array(await data.file.arrayBuffer());
    const project = await importFile(store, parseDataset, {
      bytes,
      fileName: data.file.name,
      defaults: data.defaults,
      onProgress: (done, total) => self.postMessage({ progress: { done, total } }),
    });
    store.db.close();
    self.postMessage({ ok: true, projectId: project.id });
  } catch (e) {
    self.postMessage({ ok: false, error: { code: e?.code ?? "InvalidInput", message: e?.message ?? String(e) } });
  }
};
