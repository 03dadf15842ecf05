// Loads the built wasm package in Node 20 (initSync + the global fetch), as tests and benches do.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

const pkg = new URL("../../extension/pkg/", import.meta.url);

export async function loadLabeler() {
  return (await loadPackage("labeler-full")).labeler;
}

/**
 * One of the two packages ("labeler", the popup's, or "labeler-full"), with the wasm
 * instance's exports (`memory` among them), for tests that look inside the wasm's memory.
 */
export async function loadPackage(name) {
  const labeler = await import(new URL(`${name}.js`, pkg).href);
  const exports = labeler.initSync({ module: readFileSync(fileURLToPath(new URL(`${name}_bg.wasm`, pkg))) });
  return { labeler, exports };
}
