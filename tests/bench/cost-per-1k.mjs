// 8. Cost per 1,000 labeled items (issue 14): by input / cached / output share, for a run with a
// 2,000-token instruction + examples block and 10 labels with descriptions on Claude Sonnet 4.5,
// and the same with a 5,000-token block on Claude Haiku 4.5. Three ways to run it: one item per
// request (what Autolabel / LiteLLM-style loops do), our default before issue 14 (batches of 10,
// no caching, the verbose answer form), and today's default (batches, prompt caching, compact
// answers). Token counts are the emulator's (its usage: request characters ÷ 4, cached prefixes
// reported as cache reads / writes the way Bedrock does, tests/emulator/prompt-cache.mjs); prices
// come from the workspace's price table (extension/workspace/prices.js).
import { fmt, mdTable } from "./lib/stats.mjs";
import { CREDENTIALS, REGION, sampleTexts, HOTEL_LABELS } from "./lib/workload.mjs";
import { DEFAULT_PRICES, pricesFor, costParts } from "../../extension/workspace/prices.js";

const ITEMS = 200; // scaled to 1,000 (every request of a mode is alike, so cost is linear in items)
const GOAL = 0.05;

const LABELS = HOTEL_LABELS;

const GUIDE =
  "You label customer reviews of hotels for a quality team. Read each review and choose the one label that " +
  "best says what the review is mainly about. Prefer the most specific label. When a review mentions several " +
  "topics, pick the one the writer spends most words on or feels most strongly about. Ignore greetings, " +
  "signatures, booking numbers and dates. Do not guess beyond the text: if nothing fits well, choose other. ";

/** An instruction + examples block of `tokens` tokens (4 characters a token): 60% guide, 40% examples. */
function block(tokens) {
  const chars = tokens * 4;
  const instructions = GUIDE.repeat(Math.ceil((chars * 0.6) / GUIDE.length)).slice(0, Math.round(chars * 0.6));
  const examples = [];
  let size = 0;
  for (let i = 0; size < chars * 0.4; i++) {
    const label = LABELS[i % LABELS.length].name;
    const text = `Example review ${i}: mostly about ${label}, with a few other remarks about the stay and the town.`;
    examples.push({ text, labels: [label] });
    size += text.length + label.length + 24; // as the prompt writes it: {"labels":["…"],"text":"…"},
  }
  return { instructions, examples };
}

const MODES = [
  ["one item per request", { batchSize: 1, promptCaching: false, compactAnswers: false }],
  ["our default before issue 14 (batches of 10)", { promptCaching: false, compactAnswers: false }],
  ["default + caching + compact answers", {}],
];

const RUNS = [
  ["Claude Sonnet 4.5", "us.anthropic.claude-sonnet-4-5-20250929-v1:0", 2000],
  ["Claude Haiku 4.5", "us.anthropic.claude-haiku-4-5-20251001-v1:0", 5000],
];

const usd = (x) => `$${fmt(x, x < 1 ? 3 : 2)}`;
const share = (part, total) => `${fmt((100 * part) / total, 0)}%`;

export async function measure({ labeler, emulator, log }) {
  const rows = [];
  const tables = [];
  for (const [name, modelId, tokens] of RUNS) {
    const prices = pricesFor(modelId, DEFAULT_PRICES);
    const { instructions, examples } = block(tokens);
    const texts = sampleTexts(ITEMS, "cost");
    const results = [];
    for (const [mode, extra] of MODES) {
      await emulator.configure(); // a fresh emulator: an empty prompt cache
      const r = await labeler.predictLabels({ credentials: CREDENTIALS, region: REGION, modelId, labels: LABELS, instructions, examples, texts, endpoint: emulator.url, concurrency: 4, ...extra });
      const ok = r.predictions.filter((p) => p.status === "ok").length;
      const scale = 1000 / Math.max(ok, 1);
      const parts = costParts(prices, r.usage);
      const per1k = Object.fromEntries(Object.entries(parts).map(([k, v]) => [k, v * scale]));
      results.push({ mode, ok, usage: r.usage, per1k, outPerItem: r.usage.outputTokens / Math.max(ok, 1) });
      log?.(`${name}, ${mode}: ${ok}/${ITEMS} ok, ${JSON.stringify(r.usage)}, $${per1k.total.toFixed(3)} per 1k`);
    }
    const base = results[0].per1k.total;
    tables.push(
      `### ${name}, a ${tokens.toLocaleString("en")}-token instruction + examples block`,
      "",
      `Prices per 1M tokens from the price table: input $${fmt(prices[0] * 1000, 2)}, output $${fmt(prices[1] * 1000, 2)}, cache read $${fmt(prices[2] * 1000, 2)}, cache write $${fmt(prices[3] * 1000, 2)}.`,
      "",
      mdTable(
        ["mode", "labeled", "requests", "input tok", "cache read tok", "cache write tok", "output tok", "output tok / item", "cost per 1,000 items", "input / cached / output share", "vs one per request"],
        results.map((x) => [
          x.mode,
          `${x.ok}/${ITEMS}`,
          x.usage.requests,
          x.usage.inputTokens,
          x.usage.cacheReadInputTokens,
          x.usage.cacheWriteInputTokens,
          x.usage.outputTokens,
          fmt(x.outPerItem, 1),
          usd(x.per1k.total),
          `${share(x.per1k.input, x.per1k.total)} / ${share(x.per1k.cached, x.per1k.total)} / ${share(x.per1k.output, x.per1k.total)}`,
          `${fmt((100 * x.per1k.total) / base, 1)}%`,
        ]),
      ),
      "",
    );
    const best = results[2];
    rows.push({
      measurement: `Cost per 1,000 items, ${name} (${tokens.toLocaleString("en")}-token block)`,
      ours: `${usd(best.per1k.total)} (default before: ${usd(results[1].per1k.total)})`,
      baseline: `1 per request: ${usd(base)}`,
      ratio: `${fmt((100 * best.per1k.total) / base, 1)}%`,
      goal: `≤ ${GOAL * 100}% of one per request`,
      met: results.every((x) => x.ok === ITEMS) && best.per1k.total <= GOAL * base,
    });
  }
  const section = [
    `${ITEMS} hotel-review items per run (the cost is scaled to 1,000 labeled items), 10 labels with descriptions, concurrency 4, against the emulator with a fresh prompt cache per run. "Input" is the uncached input; "cached" is cache reads and writes at their prices (Claude: read 0.1×, 5-minute write 1.25× input). The emulator counts tokens as request characters ÷ 4 and the answer JSON's characters ÷ 4, so real tokenizers give other absolute numbers (a one-letter key saves fewer real tokens than characters ÷ 4 suggests: docs/answers.md); the ratios between modes are what this measures.`,
    "",
    ...tables,
    "The first request of a run goes alone and writes the cache; the others go once it has answered and read it (one write per distinct prefix: the last, shorter batch has other ids in its schema, so it writes its own).",
  ].join("\n");
  return { rows, section };
}
