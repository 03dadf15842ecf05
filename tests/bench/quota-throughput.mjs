// 5. Throughput at the quota: 1,000 items against the emulator with 300 ms model latency and a
// 600 requests-per-minute quota (token bucket, 10 requests of burst) answered with 429
// ThrottlingException. Labeled items per minute and lost items, for
//   ours: one predictLabels call with the 1,000 texts, whatever its scheduler does (today: 4
//         requests in flight, no retries, so throttled items fail; once retries and the adaptive
//         scheduler land, this same call measures them);
//   SDK:  BedrockRuntimeClient in standard retry mode (3 attempts, its retry token bucket),
//         4 callers at once (ours's concurrency), one InvokeModel per item, same bodies.
// One item per request on both sides (batchSize: 1 once batching exists), so the quota bound
// is 600 items/min. Node 20; emulator in its own process, verifying every signature.
import { fmt, mdTable, times } from "./lib/stats.mjs";
import { labelRequest, sampleTexts, bodyForText } from "./lib/workload.mjs";
import { sdkClient, sdkInvoke } from "./lib/sdk-client.mjs";
import { acceptsField } from "./lib/features.mjs";

const ITEMS = 1000;
const LATENCY_MS = 300;
const QUOTA_RPM = 600;
const CONCURRENCY = 4;
const GOAL = 0.95;

const countBy = (xs) => xs.reduce((acc, x) => ((acc[x] = (acc[x] ?? 0) + 1), acc), {});
const describe = (counts) => Object.entries(counts).map(([k, v]) => `${v} × ${k}`).join(", ") || "none";

async function runOurs({ labeler, emulator }, texts, extra) {
  const t0 = performance.now();
  const result = await labeler.predictLabels(labelRequest(emulator.url, texts, extra));
  const seconds = (performance.now() - t0) / 1000;
  const failed = result.predictions.filter((p) => p.status !== "ok");
  return { seconds, ok: texts.length - failed.length, lost: failed.length, why: countBy(failed.map((p) => p.error?.code ?? "unknown")), requests: result.usage.requests };
}

async function runSdk({ emulator, sample }, texts) {
  const client = sdkClient(emulator.url, { retryMode: "standard" });
  const queue = texts.map((t) => bodyForText(sample.body, sample.text, t));
  let ok = 0;
  const lost = [];
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      for (let body = queue.shift(); body !== undefined; body = queue.shift()) {
        try {
          const out = await sdkInvoke(client, body);
          if (out.content?.[0]?.type === "tool_use") ok++;
          else lost.push("no tool_use answer");
        } catch (e) {
          lost.push(e.name ?? "Error");
        }
      }
    }),
  );
  return { seconds: (performance.now() - t0) / 1000, ok, lost: lost.length, why: countBy(lost) };
}

export async function measure(ctx) {
  const { emulator, labeler, log } = ctx;
  await emulator.configure();
  const batching = await acceptsField(labeler, emulator.url, "batchSize", 1);
  const texts = sampleTexts(ITEMS, "quota");
  const config = { latencyMs: LATENCY_MS, quotaRpm: QUOTA_RPM };

  await emulator.configure(config);
  const ours = await runOurs(ctx, texts, batching ? { batchSize: 1 } : {});
  ours.stats = await emulator.stats();
  log?.(`ours: ${ours.ok} labeled, ${ours.lost} lost in ${fmt(ours.seconds)} s (${describe(ours.why)})`);

  await emulator.configure(config);
  const sdk = await runSdk(ctx, texts);
  sdk.stats = await emulator.stats();
  log?.(`SDK: ${sdk.ok} labeled, ${sdk.lost} lost in ${fmt(sdk.seconds)} s (${describe(sdk.why)})`);
  await emulator.configure();

  const perMin = (r) => r.ok / (r.seconds / 60);
  const row = (label, r) => [label, r.ok, r.lost, describe(r.why), fmt(r.seconds), r.stats.invocations.length, r.stats.throttled, fmt(perMin(r), 0), times(perMin(r) / QUOTA_RPM)];
  const section = [
    `${ITEMS} items, emulator latency ${LATENCY_MS} ms, quota ${QUOTA_RPM} requests/min (a token bucket refilling ${QUOTA_RPM / 60}/s, holding 10), 429 ThrottlingException above it, answered at once.`,
    `One item per request on both sides${batching ? " (ours with `batchSize: 1`)" : ""}, so the best possible is ${QUOTA_RPM} labeled items/min. One run each (each takes up to two minutes; the 10-minute budget allows no repeats).`,
    `Ours: one \`predictLabels\` call (its own concurrency, 4). SDK: standard retry mode, ${CONCURRENCY} callers. "per min" is labeled items divided by the run's wall time, so a client that gives up quickly can post a high rate while losing items: read it with the lost column.`,
    "",
    mdTable(
      ["client", "labeled", "lost", "lost because", "wall time (s)", "requests sent", "of which 429", "labeled per min", "÷ quota bound"],
      [row("ours: predictLabels", ours), row("AWS SDK, standard retries", sdk)],
    ),
    "",
    "Today predictLabels does not retry: a throttled request fails its item with ThrottlingException. Retries with backoff and an adaptive scheduler are separate issues; this file needs no change to measure them.",
  ].join("\n");
  const met = (r) => r.lost === 0 && perMin(r) / QUOTA_RPM >= GOAL;
  return {
    rows: [
      {
        measurement: `Throughput at ${QUOTA_RPM} rpm quota (items/min; lost)`,
        ours: `${fmt(perMin(ours), 0)}; ${ours.lost} lost`,
        baseline: `SDK ${fmt(perMin(sdk), 0)}; ${sdk.lost} lost`,
        ratio: ours.lost ? `${times(perMin(ours) / QUOTA_RPM)} bound, but ${Math.round((100 * ours.lost) / ITEMS)}% lost` : `${times(perMin(ours) / QUOTA_RPM)} bound`,
        goal: `≥ ${GOAL * 100}% of ${QUOTA_RPM}/min, 0 lost`,
        met: met(ours),
      },
    ],
    section,
    data: { ours, sdk: { ...sdk, stats: undefined }, batching },
  };
}
