// 7. Streaming: time to the first final label vs time to the full answer, 10 items in one
// streamed request (InvokeModelWithResponseStream), the emulator streaming at a fixed token
// rate. Needs streaming (request field `stream: true`), batching (`batchSize`, so the 10 items
// share one answer) and the emulator's streaming; until all exist, "n/a".
import { median, fmt, mdTable, times } from "./lib/stats.mjs";
import { labelRequest, sampleTexts } from "./lib/workload.mjs";
import { acceptsField } from "./lib/features.mjs";

const ITEMS = 10;
const RUNS = 5;
const GOAL = 0.25;
// A fixed token rate: the emulator sends Claude's tool input 12 characters (about 3 tokens) per
// chunk (STREAM_PIECE_CHARS in tests/emulator/families/anthropic.mjs), one chunk every 15 ms:
// about 200 output tokens a second, a typical rate for a small model.
const STREAM_EMULATOR_CONFIG = { chunkDelayMs: 15 };

const na = (need, why) => ({
  rows: [{ measurement: "Streaming: first label ÷ full answer", na: `needs ${need}`, goal: `≤ ${GOAL * 100}%` }],
  section: `n/a: ${why} This module runs as soon as it does.`,
});

export async function measure({ labeler, emulator, log }) {
  await emulator.configure();
  if (!(await acceptsField(labeler, emulator.url, "stream", true))) return na("streaming (request field stream)", "predictLabels does not accept `stream: true` yet (streaming is being built).");
  if (!(await acceptsField(labeler, emulator.url, "batchSize", ITEMS))) return na("batching (request field batchSize)", `predictLabels does not accept \`batchSize\` yet, so ${ITEMS} items cannot share one streamed answer.`);

  await emulator.configure(STREAM_EMULATOR_CONFIG);
  const texts = sampleTexts(ITEMS, "stream");
  const first = [];
  const full = [];
  for (let i = 0; i < RUNS; i++) {
    let firstAt = NaN;
    const t0 = performance.now();
    const r = await labeler.predictLabels(labelRequest(emulator.url, texts, { stream: true, batchSize: ITEMS }), (e) => {
      if (Number.isNaN(firstAt) && e.type === "prediction" && e.prediction.status === "ok") firstAt = performance.now() - t0;
    });
    const total = performance.now() - t0;
    const bad = r.predictions.filter((p) => p.status !== "ok");
    if (bad.length) {
      if (bad.some((p) => /streaming is not emulated/.test(p.error?.message ?? ""))) return na("the emulator's streaming", "the emulator does not stream yet.");
      throw new Error(`streaming run: ${bad.length} items failed (${bad[0].error?.code}: ${bad[0].error?.message})`);
    }
    if (r.usage.requests !== 1) log?.(`note: ${r.usage.requests} requests for ${ITEMS} items`);
    first.push(firstAt);
    full.push(total);
  }
  await emulator.configure();
  const ratio = median(first) / median(full);
  const section = [
    `${ITEMS} items in one streamed request (\`stream: true, batchSize: ${ITEMS}\`), emulator config \`${JSON.stringify(STREAM_EMULATOR_CONFIG)}\`; median of ${RUNS} runs. First label: the first \`onProgress\` prediction with status ok.`,
    "",
    mdTable(["", "ms (median)"], [["first final label", fmt(median(first))], ["full answer (call resolved)", fmt(median(full))]]),
  ].join("\n");
  return {
    rows: [
      {
        measurement: "Streaming: first label ÷ full answer",
        ours: `${fmt(median(first))} ms / ${fmt(median(full))} ms`,
        baseline: "–",
        ratio: times(ratio),
        goal: `≤ ${GOAL * 100}%`,
        met: ratio <= GOAL,
      },
    ],
    section,
    data: { first, full },
  };
}
