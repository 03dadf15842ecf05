// 5. Throughput at a token quota (issue 14): labeling against the emulator enforcing a
// tokens-per-minute quota the way Bedrock does (docs/evidence/models-and-quotas.md §10: input +
// max_tokens reserved when a request starts, input + 5 × output settled when it ends on Claude
// Haiku 4.5), 300 ms model latency, 429 ThrottlingException when a reservation does not fit.
// Bedrock's runtime quotas are tokens only since 2026 (§10.1), so no requests-per-minute quota.
//   ours, learnt: one predictLabels call, its defaults (10 items per request, 4 in flight), the
//                 quota learnt from throttling;
//   ours, given:  the same with tokensPerMinute set (as read from the Service Quotas console);
//   SDK:          BedrockRuntimeClient in standard retry mode (3 attempts), 4 callers at once
//                 (ours's concurrency), one InvokeModel per item with the body ours sends for one
//                 item (what Autolabel / LiteLLM-style loops do).
// The binding bound is the smaller of the quota's (TPM ÷ the quota tokens each labeled item
// settled at, as the emulator counted them, plus the 10 s burst once) and concurrency's (4 in
// flight × 300 ms); each client's own request shape gives its own bound.
// BENCH_QUOTA_ITEMS (default 10,000) and BENCH_QUOTA_SDK_ITEMS (default 2,000: at its bound the
// SDK needs over 12 minutes for 10,000) set the sizes.
import { writeFileSync, mkdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { fmt, mdTable } from "./lib/stats.mjs";
import { labelRequest, sampleTexts, bodyForText, captureRequest } from "./lib/workload.mjs";
import { sdkClient } from "./lib/sdk-client.mjs";
import { InvokeModelCommand } from "@aws-sdk/client-bedrock-runtime";

const ITEMS = Number(process.env.BENCH_QUOTA_ITEMS ?? 10_000);
const SDK_ITEMS = Number(process.env.BENCH_QUOTA_SDK_ITEMS ?? 2_000);
const LATENCY_MS = 300;
const TPM = 400_000;
const BURST_S = 10;
const CONCURRENCY = 4;
const MODEL = "global.anthropic.claude-haiku-4-5-20251001-v1:0";
const GOAL = 0.95;
const THROTTLE_GOAL = 0.01;

const countBy = (xs) => xs.reduce((acc, x) => ((acc[x] = (acc[x] ?? 0) + 1), acc), {});
const describe = (counts) => Object.entries(counts).map(([k, v]) => `${v} × ${k}`).join(", ") || "none";
const pct = (x) => `${(100 * x).toFixed(2)}%`;

/** What the emulator counted: requests, 429s, quota tokens settled. */
function quotaStats(stats) {
  const inv = stats.invocations;
  return { sent: inv.length, throttled: inv.filter((i) => i.status === 429).length, settled: stats.settledTokens };
}

async function runOurs({ labeler, emulator }, texts, extra) {
  const t0 = performance.now();
  const result = await labeler.predictLabels(labelRequest(emulator.url, texts, { modelId: MODEL, concurrency: CONCURRENCY, ...extra }));
  const seconds = (performance.now() - t0) / 1000;
  const failed = result.predictions.filter((p) => p.status !== "ok");
  return { seconds, ok: texts.length - failed.length, lost: failed.length, why: countBy(failed.map((p) => p.error?.code ?? "unknown")), perRequest: texts.length / Math.max(1, result.usage.requests) };
}

async function runSdk({ emulator }, texts, sample) {
  const client = sdkClient(emulator.url, { retryMode: "standard" });
  const queue = texts.map((t) => bodyForText(sample.body, sample.text, t));
  let ok = 0;
  const lost = [];
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      for (let body = queue.shift(); body !== undefined; body = queue.shift()) {
        try {
          const out = await client.send(new InvokeModelCommand({ modelId: MODEL, body, contentType: "application/json", accept: "application/json" }));
          const answer = JSON.parse(new TextDecoder().decode(out.body));
          if (answer.content?.length) ok++;
          else lost.push("no answer");
        } catch (e) {
          lost.push(e.name ?? "Error");
        }
      }
    }),
  );
  return { seconds: (performance.now() - t0) / 1000, ok, lost: lost.length, why: countBy(lost), perRequest: 1 };
}

/** Labeled items a minute the quota and the concurrency allow for a run that settled `settled` quota tokens over `seconds`. */
function bounds(r) {
  const perItem = r.q.settled / Math.max(1, r.ok);
  const quotaPerMin = TPM / perItem;
  // Over the run's length the burst adds its tokens once.
  const quotaOverRun = ((TPM / 60) * (r.seconds + BURST_S)) / perItem / (r.seconds / 60);
  const concurrencyPerMin = ((CONCURRENCY * 60_000) / LATENCY_MS) * r.perRequest;
  return { perItem, quotaPerMin, quotaOverRun, concurrencyPerMin, binding: Math.min(quotaOverRun, concurrencyPerMin) };
}

export async function measure(ctx) {
  const { emulator, labeler, log } = ctx;
  const config = { latencyMs: LATENCY_MS, quotaTpm: TPM, quotaTokenBurstS: BURST_S };
  const texts = sampleTexts(ITEMS, "quota");

  await emulator.configure(config);
  const learnt = await runOurs(ctx, texts, {});
  learnt.q = quotaStats(await emulator.stats());
  log?.(`ours, learnt: ${learnt.ok} labeled, ${learnt.lost} lost in ${fmt(learnt.seconds)} s; ${learnt.q.throttled} of ${learnt.q.sent} throttled`);

  await emulator.configure(config);
  const given = await runOurs(ctx, texts, { tokensPerMinute: TPM });
  given.q = quotaStats(await emulator.stats());
  log?.(`ours, given: ${given.ok} labeled, ${given.lost} lost in ${fmt(given.seconds)} s; ${given.q.throttled} of ${given.q.sent} throttled`);

  // The body ours sends for one item to this model, for the SDK to send per item.
  await emulator.configure();
  const sampleText = "A positive review of the hotel: friendly staff, clean rooms.";
  const sample = { ...(await captureRequest(labeler, labelRequest(emulator.url, [sampleText], { modelId: MODEL, batchSize: 1 }))), text: sampleText };
  await emulator.configure(config);
  const sdk = await runSdk(ctx, texts.slice(0, SDK_ITEMS), sample);
  sdk.q = quotaStats(await emulator.stats());
  log?.(`SDK: ${sdk.ok} labeled, ${sdk.lost} lost in ${fmt(sdk.seconds)} s; ${sdk.q.throttled} of ${sdk.q.sent} throttled`);
  await emulator.configure();

  const perMin = (r) => r.ok / (r.seconds / 60);
  const row = (label, r, n) => {
    const b = bounds(r);
    return [label, n, r.ok, r.lost, describe(r.why), fmt(r.seconds), r.q.sent, `${r.q.throttled} (${pct(r.q.throttled / Math.max(1, r.q.sent))})`, fmt(b.perItem, 0), fmt(b.quotaPerMin, 0), fmt(b.concurrencyPerMin, 0), fmt(perMin(r), 0), `${fmt((100 * perMin(r)) / b.binding, 1)}%`];
  };
  const section = [
    `Claude Haiku 4.5 (\`${MODEL}\`) on the emulator: latency ${LATENCY_MS} ms, a token quota of ${TPM.toLocaleString("en")} tokens/min (a bucket refilling ${Math.round(TPM / 60).toLocaleString("en")}/s, ${BURST_S} s deep; a request reserves its input + max_tokens when it starts and is answered 429 ThrottlingException at once when that does not fit; it settles at input + 5 × output when it ends: models-and-quotas.md §10.2–10.3). No requests-per-minute quota (Bedrock's runtime quotas are tokens only since 2026, §10.1, unverified beyond AWS's note).`,
    `Ours: one \`predictLabels\` call with its defaults (10 items per request, 4 in flight), the quota learnt from throttling, then the same with \`tokensPerMinute: ${TPM}\`. SDK: standard retry mode, ${CONCURRENCY} callers, one InvokeModel per item with the body ours sends for one item. One run each, ${ITEMS.toLocaleString("en")} items for ours and ${SDK_ITEMS.toLocaleString("en")} for the SDK (at its bound the SDK needs over 12 minutes for 10,000; its rate is set by whichever bound binds, the same for any count).`,
    `"quota tokens per item" is what the emulator settled divided by the items labeled; the quota bound is ${TPM.toLocaleString("en")} ÷ that (plus the ${BURST_S} s burst once, in the % column), the concurrency bound ${CONCURRENCY} requests per ${LATENCY_MS} ms × items per request; "% of bound" is labeled per minute over the smaller. Batching is why ours's bound is higher: the instructions and label list are paid once per 10 items, and each reservation's max_tokens is sized to its batch.`,
    "",
    mdTable(
      ["client", "items", "labeled", "lost", "lost because", "wall time (s)", "requests", "of which 429", "quota tokens per item", "quota bound (items/min)", "concurrency bound (items/min)", "labeled per min", "% of binding bound"],
      [row("ours, quota learnt", learnt, ITEMS), row("ours, tokensPerMinute given", given, ITEMS), row("AWS SDK, standard retries, 1 item/request", sdk, SDK_ITEMS)],
    ),
    "",
    `Ours against the SDK: ${fmt(perMin(learnt) / perMin(sdk), 1)}× the labeled items per minute (learnt quota), ${fmt(perMin(given) / perMin(sdk), 1)}× with the quota given. ` +
      `What holds each back is the smaller of its two bounds: for the SDK (one item per request) ${bounds(sdk).concurrencyPerMin < bounds(sdk).quotaOverRun ? "its concurrency" : "the quota"}, for ours ${bounds(learnt).concurrencyPerMin < bounds(learnt).quotaOverRun ? "its concurrency" : "the quota"}; batching makes the quota go ${fmt(bounds(sdk).perItem / bounds(learnt).perItem, 1)} times further per item (${fmt(bounds(learnt).perItem, 0)} quota tokens per item against ${fmt(bounds(sdk).perItem, 0)}). The ${BURST_S} s of burst the emulator allows at the start is counted in the bound.`,
  ].join("\n");
  try {
    const out = fileURLToPath(new URL("../out/", import.meta.url));
    mkdirSync(out, { recursive: true });
    writeFileSync(`${out}quota-throughput.md`, section + "\n");
  } catch {}
  const met = (r) => r.lost === 0 && perMin(r) / bounds(r).binding >= GOAL && r.q.throttled / r.q.sent < THROTTLE_GOAL;
  const cell = (r) => `${fmt(perMin(r), 0)}/min, ${fmt((100 * perMin(r)) / bounds(r).binding, 0)}% of bound; ${r.lost} lost; ${pct(r.q.throttled / Math.max(1, r.q.sent))} throttled`;
  return {
    rows: [
      {
        measurement: `Time to label ${ITEMS.toLocaleString("en")} items at ${TPM.toLocaleString("en")} tokens/min, 5× burn (learnt quota)`,
        ours: cell(learnt),
        baseline: `SDK ${cell(sdk)}`,
        ratio: `${fmt(perMin(learnt) / perMin(sdk), 1)}× SDK`,
        goal: `≥ ${GOAL * 100}% of bound, 0 lost, < 1% throttled`,
        met: met(learnt),
      },
      {
        measurement: `The same with tokensPerMinute given`,
        ours: cell(given),
        baseline: "",
        ratio: `${fmt(perMin(given) / perMin(sdk), 1)}× SDK`,
        goal: `≥ ${GOAL * 100}% of bound, 0 lost, < 1% throttled`,
        met: met(given),
      },
    ],
    section,
    data: { learnt, given, sdk },
  };
}
