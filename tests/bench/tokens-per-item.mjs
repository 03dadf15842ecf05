// 6. Tokens per item: input tokens per labeled item (the emulator's counts, which it derives
// from the request body: one token per 4 characters) with a 200-token instruction block and 10
// labels with descriptions, one item per request (batchSize: 1) vs our default batch size; and
// output tokens per item (the answer JSON's characters ÷ 4) in the verbose answer form vs the
// compact one (issue 14), plus what label indexes would give (computed, not sent: see
// docs/answers.md). Needs batching (the request field `batchSize`); until predictLabels knows it, "n/a".
import { fmt, mdTable, times } from "./lib/stats.mjs";
import { CREDENTIALS, REGION, MODEL_ID, sampleTexts, HOTEL_LABELS } from "./lib/workload.mjs";
import { acceptsField } from "./lib/features.mjs";

const ITEMS = 40;
const GOAL = 0.3;
// 800 characters: 200 tokens at the emulator's 4 characters a token.
const INSTRUCTIONS = (
  "You label customer reviews of hotels for a quality team. Read each review and choose the one label that " +
  "best says what the review is mainly about. Prefer the most specific label. When a review mentions several " +
  "topics, pick the one the writer spends most words on or feels most strongly about. Ignore greetings, " +
  "signatures, booking numbers and dates. Do not guess beyond the text: if nothing fits well, choose other. " +
  "Reviews may be short, informal, misspelled or in another language; label them all the same way. "
).repeat(2).slice(0, 800);
const LABELS = HOTEL_LABELS;

const request = (endpoint, texts, extra) => ({ credentials: CREDENTIALS, region: REGION, modelId: MODEL_ID, labels: LABELS, instructions: INSTRUCTIONS, texts, endpoint, ...extra });

export async function measure({ labeler, emulator, log }) {
  await emulator.configure();
  if (!(await acceptsField(labeler, emulator.url, "batchSize", 1))) {
    return {
      rows: [{ measurement: "Tokens per item, default batch vs 1 per request", na: "needs batching (request field batchSize)", goal: `≤ ${GOAL * 100}% of one per request` }],
      section: "n/a: predictLabels does not accept `batchSize` yet (batching several items per request is being built). This module runs as soon as it does.",
    };
  }
  const texts = sampleTexts(ITEMS, "tokens");
  const run = async (extra) => {
    const r = await labeler.predictLabels(request(emulator.url, texts, extra));
    const ok = r.predictions.filter((p) => p.status === "ok").length;
    return { ok, requests: r.usage.requests, inputTokens: r.usage.inputTokens, perItem: r.usage.inputTokens / Math.max(ok, 1), outputTokens: r.usage.outputTokens, outPerItem: r.usage.outputTokens / Math.max(ok, 1), predictions: r.predictions };
  };
  // Input per item without caching (caching moves the shared prefix out of inputTokens; its cost
  // is measured in cost-per-1k.mjs).
  const single = await run({ batchSize: 1, promptCaching: false });
  const batched = await run({ promptCaching: false });
  const verbose = await run({ promptCaching: false, compactAnswers: false });
  const compact = batched;
  // Label indexes instead of names, computed with the emulator's rule (answer characters ÷ 4):
  // the same answers as the compact run, `l` an integer.
  const names = LABELS.map((l) => l.name);
  const indexAnswerTokens = [];
  for (let b = 0; b < texts.length; b += 10) {
    const entries = compact.predictions.slice(b, b + 10).map((p, i) => ({ id: String(i + 1), l: names.indexOf(p.labels[0]) }));
    indexAnswerTokens.push(Math.max(1, Math.ceil(JSON.stringify({ r: entries }).length / 4)));
  }
  const indexPerItem = indexAnswerTokens.reduce((a, b) => a + b, 0) / texts.length;
  const brief = ({ predictions, ...rest }) => rest;
  log?.(`one per request: ${JSON.stringify(brief(single))}; default: ${JSON.stringify(brief(batched))}; verbose answers: ${JSON.stringify(brief(verbose))}`);
  const outRatio = compact.outPerItem / verbose.outPerItem;
  const ratio = batched.perItem / single.perItem;
  const section = [
    `${ITEMS} items, an ${INSTRUCTIONS.length}-character (200-token) instruction block and 10 labels with descriptions. Input tokens as the emulator counts them (request body characters ÷ 4, reported back in \`usage\`).`,
    "",
    mdTable(
      ["mode", "requests", "labeled", "input tokens", "input tokens per labeled item"],
      [
        ["one item per request (batchSize: 1)", single.requests, single.ok, single.inputTokens, fmt(single.perItem, 0)],
        ["our default batch size", batched.requests, batched.ok, batched.inputTokens, fmt(batched.perItem, 0)],
      ],
    ),
    "",
    "Output tokens per labeled item at the default batch size (the emulator counts the answer JSON's characters ÷ 4; it answers in the form the schema asks for):",
    "",
    mdTable(
      ["answer form", "labeled", "output tokens", "output tokens per item"],
      [
        ['verbose (before issue 14): `{"results":[{"id":"1","label":"staff"}]}`', verbose.ok, verbose.outputTokens, fmt(verbose.outPerItem, 1)],
        ['compact (the default): `{"r":[{"id":"1","l":"staff"}]}`', compact.ok, compact.outputTokens, fmt(compact.outPerItem, 1)],
        ['label indexes (computed, not used): `{"r":[{"id":"1","l":1}]}`', "", "", fmt(indexPerItem, 1)],
      ],
    ),
    "",
    "Real tokenizers split JSON keys differently (`\"label\":` and `\"l\":` are a few tokens each), so the saving on a real model is smaller than characters ÷ 4 shows; docs/answers.md says why labels stay names.",
  ].join("\n");
  return {
    rows: [
      {
        measurement: "Tokens per item, default batch vs 1 per request",
        ours: `${fmt(batched.perItem, 0)} tokens/item`,
        baseline: `1 per request: ${fmt(single.perItem, 0)}`,
        ratio: times(ratio),
        goal: `≤ ${GOAL * 100}% of one per request`,
        met: batched.ok === ITEMS && ratio <= GOAL,
      },
      {
        measurement: "Output tokens per item, compact vs verbose answers",
        ours: `${fmt(compact.outPerItem, 1)} tokens/item`,
        baseline: `verbose: ${fmt(verbose.outPerItem, 1)}`,
        ratio: times(outRatio),
        goal: "smaller, still checkable (ids kept)",
        met: compact.ok === ITEMS && verbose.ok === ITEMS && outRatio < 1,
      },
    ],
    section,
    data: { single: brief(single), batched: brief(batched), verbose: brief(verbose) },
  };
}
