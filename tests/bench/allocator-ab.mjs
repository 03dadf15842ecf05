#!/usr/bin/env node
// The cost of the zeroing allocator (crates/labeler-wasm/src/zeroing_alloc.rs), measured as
// docs/memory.md reports it: two builds of labeler-full, one with the allocator and one
// without, loaded side by side in one Node process and timed in alternating rounds, so both see
// the same machine load. Not part of `make bench` (it needs the second build):
//   make build && cp -r extension/pkg /tmp/pkg-zeroing
//   (comment out #[global_allocator] in crates/labeler-wasm/src/lib.rs) make build && cp -r extension/pkg /tmp/pkg-plain
//   node tests/bench/allocator-ab.mjs /tmp/pkg-plain /tmp/pkg-zeroing
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { startEmulatorProcess } from "./lib/emulator-process.mjs";
import { LONG_LIVED } from "../emulator/test-credentials.mjs";

const [plainDir, zeroingDir] = process.argv.slice(2).map((d) => resolve(d));
if (!plainDir || !zeroingDir) {
  console.error("usage: node tests/bench/allocator-ab.mjs <pkg without the allocator> <pkg with it>");
  process.exit(2);
}
async function load(dir) {
  const m = await import(pathToFileURL(`${dir}/labeler-full.js`).href);
  m.initSync({ module: readFileSync(`${dir}/labeler-full_bg.wasm`) });
  return m;
}
const builds = { plain: await load(plainDir), zeroing: await load(zeroingDir) };
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
/** Rounds alternate which build goes first. */
const order = (r) => (r % 2 ? Object.entries(builds).reverse() : Object.entries(builds));
const out = { "signatures/s": { plain: [], zeroing: [] }, "one-item calls/s": { plain: [], zeroing: [] }, "parse 500,000-row CSV (s)": { plain: [], zeroing: [] } };

const body = JSON.stringify({ anthropic_version: "bedrock-2023-05-31", max_tokens: 240, messages: [{ role: "user", content: [{ type: "text", text: "x".repeat(900) }] }] });
const sign = (m, n) => m.benchSign(n, LONG_LIVED.accessKeyId, LONG_LIVED.secretAccessKey, "us-east-1", "https://bedrock-runtime.us-east-1.amazonaws.com", "anthropic.claude-3-haiku-20240307-v1:0", body, Date.UTC(2025, 0, 15));
for (const m of Object.values(builds)) sign(m, 3000);
for (let r = 0; r < 11; r++) for (const [k, m] of order(r)) {
  const t = performance.now();
  sign(m, 5000);
  out["signatures/s"][k].push(5000 / ((performance.now() - t) / 1000));
}

const emu = await startEmulatorProcess();
await emu.configure();
const req = { credentials: LONG_LIVED, region: "us-east-1", modelId: "anthropic.claude-3-haiku-20240307-v1:0", labels: ["positive", "negative"], texts: ["a positive one"], endpoint: emu.url };
for (const m of Object.values(builds)) for (let i = 0; i < 50; i++) await m.predictLabels(req);
for (let r = 0; r < 9; r++) for (const [k, m] of order(r)) {
  const t = performance.now();
  for (let i = 0; i < 200; i++) await m.predictLabels(req);
  out["one-item calls/s"][k].push(200 / ((performance.now() - t) / 1000));
}
await emu.close();

const enc = new TextEncoder();
const filler = 'The room was clean, the staff ""friendly"", breakfast fine; would book again. ';
const tail = "and the view over the harbour, at night, was worth the price of the whole stay";
const file = new Uint8Array(500_000 * 260);
let at = enc.encodeInto("id,text,gold\n", file).written;
for (let i = 0; i < 500_000; i++) at += enc.encodeInto(`${i},"Review ${i}: ${filler}${filler}${tail.slice(0, (i * 7) % tail.length)}",${i % 2 ? "negative" : "positive"}\n`, file.subarray(at)).written;
for (let r = 0; r < 5; r++) for (const [k, m] of order(r)) {
  const t = performance.now();
  m.parseDataset(file.subarray(0, at), "big.csv");
  out["parse 500,000-row CSV (s)"][k].push((performance.now() - t) / 1000);
}

console.log("| measurement (median) | without | with the zeroing allocator |\n|---|---|---|");
for (const [what, v] of Object.entries(out)) {
  const f = (x) => (what.endsWith("(s)") ? x.toFixed(2) : Math.round(x).toString());
  console.log(`| ${what} | ${f(median(v.plain))} | ${f(median(v.zeroing))} |`);
}
