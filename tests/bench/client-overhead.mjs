// 4. Client overhead in Node 20: requests per second against the emulator (a separate
// process, latency 0) at concurrency 1 and 16, for the same one-item labeling request:
//   ours:  predictLabels({ texts: [one item] }) per request (builds the prompt, signs, sends,
//          parses and checks the answer), N callers at once;
//   SDK:   one BedrockRuntimeClient, InvokeModelCommand with the same body, N callers at once;
//   floor: plain fetch of the same body, unsigned, N callers at once: what the transport alone
//          allows.
// Plus how predictLabels is meant to be used: one call with many items, which keeps its own
// 4 requests in flight, against the floor at concurrency 4.
// So that the emulator does the same work for all three, this run sets the emulator's
// `verifySignatures: false` (clearly the floor's need: it cannot sign). Before that, one call
// of ours and one of the SDK go through with verification on, to show they are signed right.
import { median, fmt, mdTable, times } from "./lib/stats.mjs";
import { labelRequest } from "./lib/workload.mjs";
import { sdkClient, sdkInvoke } from "./lib/sdk-client.mjs";

const CONCURRENCY = [1, 16];
const ROUNDS = 5;
const RUN_MS = 1500;
const GOAL = 0.9;
/** The wasm shell's own concurrency (CONCURRENCY in crates/labeler-wasm/src/lib.rs). */
const OURS_INTERNAL_CONCURRENCY = 4;
const MANY_ITEMS = 300;

function clients({ labeler, emulator, sample }) {
  const sdk = sdkClient(emulator.url);
  const floorHeaders = { "content-type": "application/json", accept: "application/json" };
  return {
    ours: async () => {
      const r = await labeler.predictLabels(labelRequest(emulator.url, [sample.text]));
      if (r.predictions[0].status !== "ok") throw new Error(JSON.stringify(r.predictions[0].error));
    },
    sdk: async () => {
      const out = await sdkInvoke(sdk, sample.body);
      if (out.content?.[0]?.type !== "tool_use") throw new Error("unexpected SDK answer");
    },
    floor: async () => {
      const res = await fetch(sample.url, { method: "POST", headers: floorHeaders, body: sample.body });
      await res.arrayBuffer();
      if (res.status !== 200) throw new Error(`floor got HTTP ${res.status}`);
    },
  };
}

/** `concurrency` callers call `fn` back to back for `ms`; returns completed calls per second. */
async function rate(fn, concurrency, ms) {
  let done = 0;
  const t0 = performance.now();
  const end = t0 + ms;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < end) {
        await fn();
        done++;
      }
    }),
  );
  return (done * 1000) / (performance.now() - t0);
}

export async function measure(ctx) {
  const { emulator, log } = ctx;
  const c = clients(ctx);
  await emulator.configure();
  await c.ours();
  await c.sdk();
  const signedOk = (await emulator.stats()).authFailures === 0;
  await emulator.configure({ verifySignatures: false });

  const names = ["ours", "sdk", "floor"];
  const rates = {};
  for (const n of names) for (const k of CONCURRENCY) rates[`${n}@${k}`] = [];
  rates.manyItems = [];
  rates[`floor@${OURS_INTERNAL_CONCURRENCY}`] = [];
  const texts = Array.from({ length: MANY_ITEMS }, () => ctx.sample.text);
  const manyItems = async () => {
    const t0 = performance.now();
    const r = await ctx.labeler.predictLabels(labelRequest(emulator.url, texts));
    if (r.predictions.some((p) => p.status !== "ok")) throw new Error("an item failed");
    return (MANY_ITEMS * 1000) / (performance.now() - t0);
  };
  for (const n of names) await rate(c[n], 4, 300); // warm-up
  await manyItems();
  for (let round = 0; round < ROUNDS; round++) {
    for (const k of CONCURRENCY) {
      const order = round % 2 ? [...names].reverse() : names;
      for (const n of order) rates[`${n}@${k}`].push(await rate(c[n], k, RUN_MS));
    }
    rates.manyItems.push(await manyItems());
    rates[`floor@${OURS_INTERNAL_CONCURRENCY}`].push(await rate(c.floor, OURS_INTERNAL_CONCURRENCY, RUN_MS));
  }
  await emulator.configure();
  const m = Object.fromEntries(Object.entries(rates).map(([k, v]) => [k, median(v)]));
  log?.(`requests/s: ${JSON.stringify(Object.fromEntries(Object.entries(m).map(([k, v]) => [k, Math.round(v)])))}`);

  const section = [
    "Node 20 (the wasm package loaded with `initSync`, its `fetch` is Node's global fetch), emulator in a separate process on loopback, no added latency.",
    "The SDK uses `FetchHttpHandler` (its browser transport) so all three go through the same `fetch`. Each caller sends one one-item request after another.",
    `Each figure is the median of ${ROUNDS} runs of ${RUN_MS / 1000} s (clients alternate within a round). Signatures were checked with verification on before the run: ${signedOk ? "ours and the SDK's accepted" : "**an auth failure happened**"}; during the run the emulator's \`verifySignatures\` is **off** so it does the same work for the unsigned floor.`,
    "",
    mdTable(
      ["concurrency", "ours (req/s)", "AWS SDK (req/s)", "plain fetch, the floor (req/s)", "ours ÷ floor", "SDK ÷ floor"],
      CONCURRENCY.map((k) => [k, fmt(m[`ours@${k}`], 0), fmt(m[`sdk@${k}`], 0), fmt(m[`floor@${k}`], 0), times(m[`ours@${k}`] / m[`floor@${k}`]), times(m[`sdk@${k}`] / m[`floor@${k}`])]),
    ),
    "",
    `One predictLabels call with ${MANY_ITEMS} items (one request per item, ${OURS_INTERNAL_CONCURRENCY} in flight): ${fmt(m.manyItems, 0)} items/s, against the floor at concurrency ${OURS_INTERNAL_CONCURRENCY}: ${fmt(m[`floor@${OURS_INTERNAL_CONCURRENCY}`], 0)} req/s (${times(m.manyItems / m[`floor@${OURS_INTERNAL_CONCURRENCY}`])}).`,
    "",
    "At concurrency 1 each one-item call pays its own set-up (reading and validating the request, building the job, converting the result back to JavaScript); the call's workers wait to be woken when another applies a response (`crates/labeler-wasm/src/wake.rs`), never on a fixed poll, so a call resolves as soon as its answer is applied.",
  ].join("\n");
  return {
    rows: [...CONCURRENCY.map((k) => ({
      measurement: `Client overhead, concurrency ${k} (req/s, Node)`,
      ours: fmt(m[`ours@${k}`], 0),
      baseline: `SDK ${fmt(m[`sdk@${k}`], 0)}; floor ${fmt(m[`floor@${k}`], 0)}`,
      ratio: `${times(m[`ours@${k}`] / m[`floor@${k}`])} floor`,
      goal: `≥ ${GOAL}× floor`,
      met: signedOk && m[`ours@${k}`] / m[`floor@${k}`] >= GOAL,
    })),
    {
      measurement: `Client overhead, one call of ${MANY_ITEMS} items (items/s)`,
      ours: fmt(m.manyItems, 0),
      baseline: `floor@${OURS_INTERNAL_CONCURRENCY} ${fmt(m[`floor@${OURS_INTERNAL_CONCURRENCY}`], 0)}`,
      ratio: `${times(m.manyItems / m[`floor@${OURS_INTERNAL_CONCURRENCY}`])} floor`,
      goal: `≥ ${GOAL}× floor`,
      met: signedOk && m.manyItems / m[`floor@${OURS_INTERNAL_CONCURRENCY}`] >= GOAL,
    }],
    section,
    data: m,
  };
}
