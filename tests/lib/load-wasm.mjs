// Loads the built wasm package in Node 20 (initSync + the global fetch), as tests and benches do.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

const pkg = new URL("../../extension/pkg/", import.meta.url);

export async function loadLabeler() {
  const mod = await import(new URL("labeler-full.js", pkg).href);
  mod.initSync({ module: readFileSync(fileURLToPath(new URL("labeler-full_bg.wasm", pkg))) });
  return mod;
}
