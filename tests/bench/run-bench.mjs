#!/usr/bin/env node
// `make bench`: runs every measurement in tests/bench/, prints one summary table and writes
// BENCHMARKS.md at the repo root. `node tests/bench/run-bench.mjs size signing-rate` runs only
// those (and leaves BENCHMARKS.md alone); with `--update` first, their sections and summary rows
// replace (or are added to) those of the BENCHMARKS.md there is, each section saying when.
//
// Each measurement module exports `measure(ctx)` → { rows, section }: rows for the summary
// table ({ measurement, ours, baseline, ratio, goal, met: true | false | null }) and a markdown
// section saying what was measured and how. A module whose feature does not exist yet returns
// rows with `na: "needs …"` instead of failing.
import { writeFileSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { buildBundles } from "./lib/bundles.mjs";
import { startEmulatorProcess } from "./lib/emulator-process.mjs";
import { machineInfo } from "./lib/machine.mjs";
import { launchBrowser } from "./lib/browser.mjs";
import { mdTable, textTable } from "./lib/stats.mjs";
import { loadLabeler } from "../lib/load-wasm.mjs";
import { captureRequest, labelRequest } from "./lib/workload.mjs";

const MEASUREMENTS = [
  ["size", "1. Size"],
  ["startup", "2. Start-up"],
  ["signing-rate", "3. Signing rate"],
  ["client-overhead", "4. Client overhead"],
  ["quota-throughput", "5. Throughput at the quota"],
  ["tokens-per-item", "6. Tokens per item"],
  ["streaming", "7. Streaming"],
  ["cost-per-1k", "8. Cost per 1,000 labeled items"],
  ["workspace-scale", "9. Workspace at 100,000 rows"],
];
const OUTPUT = fileURLToPath(new URL("../../BENCHMARKS.md", import.meta.url));

const update = process.argv[2] === "--update";
const only = process.argv.slice(update ? 3 : 2);
const selected = only.length ? MEASUREMENTS.filter(([f]) => only.includes(f)) : MEASUREMENTS;
if (only.length && selected.length !== only.length) {
  console.error(`unknown measurement; choose from: ${MEASUREMENTS.map(([f]) => f).join(", ")}`);
  process.exit(2);
}

const started = Date.now();
const log = (msg) => console.log(`   ${msg}`);
const browser = await launchBrowser();
const chromiumVersion = browser.version();
await browser.close();
const machine = machineInfo({ chromiumVersion });

console.log("==> esbuild bundles of the JavaScript baselines");
const bundles = await buildBundles();
const emulator = await startEmulatorProcess();
const labeler = await loadLabeler();
// The exact request predictLabels sends for one item: the JavaScript clients send these bytes.
const sampleText = "A positive review of the hotel: friendly staff, clean rooms.";
await emulator.configure();
const sample = { ...(await captureRequest(labeler, labelRequest(emulator.url, [sampleText]))), text: sampleText };
const ctx = { bundles, emulator, labeler, sample, log };

const results = [];
try {
  for (const [file, title] of selected) {
    const t0 = Date.now();
    console.log(`==> ${title} (tests/bench/${file}.mjs)`);
    try {
      const mod = await import(`./${file}.mjs`);
      const r = await mod.measure(ctx);
      results.push({ file, title, ...r, seconds: (Date.now() - t0) / 1000 });
    } catch (e) {
      console.error(e);
      results.push({ file, title, error: e, rows: [{ measurement: title, ours: `error: ${e.message}`, baseline: "", ratio: "", goal: "", met: false }], section: `**The measurement failed:** \`${e.message}\``, seconds: (Date.now() - t0) / 1000 });
    }
    log(`${((Date.now() - t0) / 1000).toFixed(1)} s`);
  }
} finally {
  await emulator.close();
}

const verdict = (r) => (r.na ? `n/a: ${r.na}` : r.met === true ? "yes" : r.met === false ? "no" : "–");
const header = ["measurement", "ours", "baseline", "ratio", "goal", "met"];
const rows = results.flatMap((res) => res.rows.map((r) => [r.measurement, r.na ? "n/a" : r.ours, r.na ? "" : r.baseline, r.na ? "" : r.ratio, r.goal, verdict(r)]));
const totalSeconds = (Date.now() - started) / 1000;

if (only.length === 0) {
  const doc = [
    "# Benchmarks",
    "",
    "Written by `make bench` (`tests/bench/run-bench.mjs`; one file per measurement in `tests/bench/`). Do not edit by hand: run `make bench` again.",
    "Performance is measured here, never asserted in timed tests. Every ratio compares figures measured in the same run on the same machine.",
    "",
    "## Machine",
    "",
    mdTable(
      ["", ""],
      [
        ["cores (`nproc`)", machine.nproc],
        ["CPU", machine.cpu],
        ["memory", `${machine.memoryGiB} GiB`],
        ["OS", machine.os],
        ["Node", machine.node],
        ["Chromium", `${machine.chromium} (headless, via playwright-core)`],
        ["load average at the end (1, 5, 15 min)", machineInfo().loadAverage],
        ["date", new Date().toISOString().slice(0, 16).replace("T", " ") + " UTC"],
        ["whole run", `${totalSeconds.toFixed(0)} s`],
      ],
    ),
    "",
    "The machine is shared (other builds may run at the same time): single figures move by tens of percent between runs; the medians and same-run ratios are what to read.",
    "",
    "## Summary",
    "",
    mdTable(header, rows),
    "",
    ...results.flatMap((r) => [`## ${r.title}`, "", `\`tests/bench/${r.file}.mjs\` (${r.seconds.toFixed(0)} s)`, "", r.section, ""]),
  ].join("\n");
  writeFileSync(OUTPUT, doc);
}

if (update && only.length) {
  // The selected measurements into the BENCHMARKS.md of the last full run.
  let doc = readFileSync(OUTPUT, "utf8");
  const line = (cells) => `| ${cells.map((c) => String(c).replace(/\|/g, "\\|")).join(" | ")} |`;
  const mine = new Set(results.flatMap((r) => r.rows.map((x) => x.measurement)));
  const lines = doc.split("\n");
  const at = lines.indexOf("## Summary");
  let end = at + 1;
  while (end < lines.length && !lines[end].startsWith("| ")) end++;
  while (end < lines.length && lines[end].startsWith("| ")) end++;
  const kept = lines.slice(at + 1, end).filter((l) => !mine.has(l.slice(2).split(" | ")[0]));
  lines.splice(at + 1, end - at - 1, ...kept, ...rows.map(line));
  doc = lines.join("\n");
  const when = new Date().toISOString().slice(0, 16).replace("T", " ");
  for (const r of results) {
    const text = [`## ${r.title}`, "", `\`tests/bench/${r.file}.mjs\` (${r.seconds.toFixed(0)} s; measured ${when} UTC by \`node tests/bench/run-bench.mjs --update ${r.file}\`, load average ${machineInfo().loadAverage} at its end; the other sections are from the full run above)`, "", r.section, ""].join("\n");
    const start = doc.indexOf(`## ${r.title}\n`);
    if (start < 0) doc = doc.trimEnd() + "\n\n" + text;
    else {
      const next = doc.indexOf("\n## ", start + 1);
      doc = doc.slice(0, start) + text + (next < 0 ? "" : doc.slice(next + 1));
    }
  }
  writeFileSync(OUTPUT, doc.trimEnd() + "\n");
  console.log(`\nUpdated ${OUTPUT}`);
}

console.log(`\nSummary (${machine.nproc} cores, ${machine.cpu}; Node ${machine.node}; Chromium ${machine.chromium}; ${totalSeconds.toFixed(0)} s)\n`);
console.log(textTable(header, rows));
if (only.length === 0) console.log(`\nWrote ${OUTPUT}`);
process.exitCode = results.some((r) => r.error) ? 1 : 0;
