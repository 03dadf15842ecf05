// 1. Size: what the extension loads as its backend (our wasm + its JS glue), raw, gzip -9 and
// brotli q11 (Node's zlib), against esbuild browser bundles of the JavaScript baselines.
import { readFileSync } from "node:fs";
import { execFileSync } from "node:child_process";
import { gzipSync, brotliCompressSync, constants } from "node:zlib";
import { fileURLToPath } from "node:url";
import { kb, mdTable, times } from "./lib/stats.mjs";

const PKG = fileURLToPath(new URL("../../extension/pkg/", import.meta.url));
const GOAL_GZIP = 80_000;

/**
 * gzip -9 with GNU gzip, as scripts/size.sh prints it for the README (Node's zlib, a Chromium
 * fork, compresses wasm a few percent worse); Node's zlib only when there is no gzip.
 */
function gzip9(bytes) {
  try {
    return execFileSync("gzip", ["-9c"], { input: bytes, maxBuffer: 64 << 20 }).length;
  } catch {
    return gzipSync(bytes, { level: 9 }).length;
  }
}

export function sizes(bytes) {
  return {
    raw: bytes.length,
    gzip: gzip9(bytes),
    brotli: brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length } }).length,
  };
}

const add = (a, b) => ({ raw: a.raw + b.raw, gzip: a.gzip + b.gzip, brotli: a.brotli + b.brotli });

export async function measure({ bundles }) {
  const wasm = sizes(readFileSync(`${PKG}labeler_bg.wasm`));
  const glue = sizes(readFileSync(`${PKG}labeler.js`));
  const ours = add(wasm, glue);
  const sdk = sizes(readFileSync(bundles["sdk-invoke"]));
  const a4f = sizes(readFileSync(bundles["aws4fetch-invoke"]));

  const row = (name, s, what) => [name, what, kb(s.raw), kb(s.gzip), kb(s.brotli)];
  const section = [
    "Bytes a browser downloads for the backend. Ours: `extension/pkg/labeler_bg.wasm` + `labeler.js` as `make build` leaves them.",
    "Baselines: esbuild 0.28 bundles (bundle, minify, ESM, `platform: browser`) of the entry files in `tests/bench/entries/`.",
    "gzip: GNU `gzip -9`, as the build prints it; brotli: quality 11 from Node's zlib. 1 KB = 1000 bytes.",
    "",
    mdTable(
      ["what", "holds", "raw", "gzip", "brotli"],
      [
        row("ours: labeler_bg.wasm", wasm, "request validation, prompts, SigV4, response parsing, label checks"),
        row("ours: labeler.js (glue)", glue, "wasm-bindgen glue"),
        row("**ours: total**", ours, "the whole backend"),
        row("aws4fetch bundle", a4f, "signs and sends InvokeModel only"),
        row("AWS SDK bundle", sdk, "`BedrockRuntimeClient` + `InvokeModelCommand` only"),
      ],
    ),
    "",
    `Ours is ${times(ours.gzip / sdk.gzip)} the SDK bundle and ${times(ours.gzip / a4f.gzip)} the aws4fetch bundle (gzip). Neither baseline builds prompts or checks answers.`,
  ].join("\n");

  return {
    rows: [
      {
        measurement: "Size, gzip (wasm + glue)",
        ours: kb(ours.gzip),
        baseline: `SDK ${kb(sdk.gzip)}; aws4fetch ${kb(a4f.gzip)}`,
        ratio: `${times(ours.gzip / sdk.gzip)} SDK`,
        goal: `≤ ${kb(GOAL_GZIP)}`,
        met: ours.gzip <= GOAL_GZIP,
      },
    ],
    section,
    data: { wasm, glue, ours, sdk, aws4fetch: a4f },
  };
}
