// Prices per 1,000 tokens (USD, on-demand), for cost estimates. Approximate public list prices
// (global / us-east-1 where known) as gathered in docs/evidence/ (claude-and-converse.md §A.2,
// models-and-quotas.md §13: price mirrors, marked [obs] there; geo profiles cost about 10%
// more than global ones): prices differ by region and change, so the workspace lets the user
// edit them and keeps the edits in localStorage.
//
// Each entry is [input, output] or, for models that cache prompts, [input, output, cache read,
// cache write] (issue 14; models-and-quotas.md §11.5, [obs]): Claude reads at 0.1× input and
// writes (5-minute TTL) at 1.25× ("Cache writes cost 25% more … Cache reads cost 90% less", AWS
// agent-toolkit skill; e.g. Haiku 4.5 1.00 / 0.10 / 1.25 per 1M); Nova reads at 0.25× input
// with no write surcharge (Nova 2 Lite reads at 0.0825 per 1M). The 1-hour write price is
// unverified (Anthropic lists 2×); checkpoints here use the 5-minute TTL.

export const DEFAULT_PRICES = {
  "anthropic.claude-opus-5-5": [0.004, 0.02, 0.0004, 0.005],
  "anthropic.claude-sonnet-5-5": [0.002, 0.01, 0.0002, 0.0025],
  "anthropic.claude-haiku-5-5": [0.0001, 0.0005, 0.00001, 0.000125],
  "anthropic.claude-fable-5-1": [0.01, 0.05, 0.001, 0.0125],
  "anthropic.claude-sonnet-5": [0.002, 0.01, 0.0002, 0.0025],
  "anthropic.claude-opus-5": [0.005, 0.025, 0.0005, 0.00625],
  "anthropic.claude-opus-4-8": [0.005, 0.025, 0.0005, 0.00625],
  "anthropic.claude-opus-4-7": [0.005, 0.025, 0.0005, 0.00625],
  "anthropic.claude-opus-4-6": [0.005, 0.025, 0.0005, 0.00625],
  "anthropic.claude-opus-4-5": [0.005, 0.025, 0.0005, 0.00625],
  "anthropic.claude-sonnet-4-6": [0.003, 0.015, 0.0003, 0.00375],
  "anthropic.claude-sonnet-4-5": [0.003, 0.015, 0.0003, 0.00375],
  "anthropic.claude-haiku-4-5": [0.001, 0.005, 0.0001, 0.00125],
  "amazon.nova-2-lite": [0.00033, 0.00275, 0.0000825, 0.00033],
  "meta.llama4-maverick": [0.00024, 0.00097],
  "meta.llama4-scout": [0.00017, 0.00066],
  "mistral.mistral-large-3": [0.0005, 0.0015],
  "deepseek.v3.2": [0.00062, 0.00185],
  "deepseek.v3": [0.00058, 0.00168],
  "qwen.qwen3-32b": [0.00015, 0.0006],
  "qwen.qwen3-235b-a22b-2507": [0.00022, 0.00088],
  "openai.gpt-5.6-luna": [0.00022, 0.00132],
  "anthropic.claude-3-haiku": [0.00025, 0.00125, 0.000025, 0.0003125],
  "anthropic.claude-3-5-haiku": [0.0008, 0.004, 0.00008, 0.001],
  "anthropic.claude-3-5-sonnet": [0.003, 0.015, 0.0003, 0.00375],
  "anthropic.claude-3-7-sonnet": [0.003, 0.015, 0.0003, 0.00375],
  "anthropic.claude-sonnet-4": [0.003, 0.015, 0.0003, 0.00375],
  "anthropic.claude-opus-4": [0.015, 0.075, 0.0015, 0.01875],
  "amazon.nova-micro": [0.000035, 0.00014, 0.00000875, 0.000035],
  "amazon.nova-lite": [0.00006, 0.00024, 0.000015, 0.00006],
  "amazon.nova-pro": [0.0008, 0.0032, 0.0002, 0.0008],
  "amazon.titan-text-premier": [0.0005, 0.0015],
  "amazon.titan-text-express": [0.0002, 0.0006],
  "meta.llama3-1-8b": [0.00022, 0.00022],
  "meta.llama3-1-70b": [0.00072, 0.00072],
  "meta.llama3-3-70b": [0.00072, 0.00072],
  "mistral.mistral-large-2407": [0.002, 0.006],
  "mistral.mixtral-8x7b": [0.00045, 0.0007],
  "mistral.mistral-7b": [0.00015, 0.0002],
  "cohere.command-r-plus": [0.003, 0.015],
  "cohere.command-r": [0.0005, 0.0015],
  "ai21.jamba-1-5-large": [0.002, 0.008],
  "ai21.jamba-1-5-mini": [0.0002, 0.0004],
  "deepseek.r1": [0.00135, 0.0054],
  "openai.gpt-oss-120b": [0.00015, 0.0006],
  "openai.gpt-oss-20b": [0.00007, 0.0003],
};

const STORAGE_KEY = "bedrock-labeler.prices";
const GEO = /^(us|eu|apac|us-gov|jp|au|ca|in|global)\./;

/** The price-table key of a model id: no geo prefix, no ARN, no version suffix. */
export function priceKey(modelId) {
  let id = modelId.trim();
  if (id.startsWith("arn:")) id = id.split("/").pop() ?? id;
  return id.replace(GEO, "").replace(/-v\d+(:\d+)?$/, "").replace(/-\d{8}$/, "").replace(/-\d+:\d+$/, "");
}

/** [input, output] USD per 1K tokens for `modelId`, or null when unknown. */
export function pricesFor(modelId, table) {
  const key = priceKey(modelId);
  if (table[key]) return table[key];
  // Longest known prefix ("anthropic.claude-3-5-sonnet-20241022" → "anthropic.claude-3-5-sonnet").
  const match = Object.keys(table).filter((k) => key.startsWith(k)).sort((a, b) => b.length - a.length)[0];
  return match ? table[match] : null;
}

export function loadPrices(storage = globalThis.localStorage) {
  try {
    return { ...DEFAULT_PRICES, ...JSON.parse(storage?.getItem(STORAGE_KEY) ?? "{}") };
  } catch {
    return { ...DEFAULT_PRICES };
  }
}

export function savePrice(modelId, input, output, storage = globalThis.localStorage) {
  const edits = JSON.parse(storage.getItem(STORAGE_KEY) ?? "{}");
  edits[priceKey(modelId)] = [input, output];
  storage.setItem(STORAGE_KEY, JSON.stringify(edits));
}

/**
 * Cost in USD at `prices` ([in, out, cacheRead?, cacheWrite?] per 1K), or NaN: `inputTokens`
 * (uncached input), `outputTokens`, and the prompt-cache tokens read and written (reported apart
 * from the input). Without cache prices cache tokens are charged as input.
 */
export function cost(prices, inputTokens, outputTokens, cacheReadTokens = 0, cacheWriteTokens = 0) {
  if (!prices) return NaN;
  const [input, output, read = input, write = input] = prices;
  return (inputTokens / 1000) * input + (outputTokens / 1000) * output + (cacheReadTokens / 1000) * read + (cacheWriteTokens / 1000) * write;
}

/** The same cost split into its parts: `{ input, cached, output, total }` (cached = reads + writes). */
export function costParts(prices, usage) {
  if (!prices) return { input: NaN, cached: NaN, output: NaN, total: NaN };
  const input = cost(prices, usage.inputTokens ?? 0, 0);
  const output = cost(prices, 0, usage.outputTokens ?? 0);
  const cached = cost(prices, 0, 0, usage.cacheReadInputTokens ?? 0, usage.cacheWriteInputTokens ?? 0);
  return { input, cached, output, total: input + cached + output };
}

// ---- Service tiers (issue 14): the estimate's `priceFactor` ([input, output] multipliers of
// the Standard price, from the core's ServiceTier::price_factor, sources there) applied to a
// model's Standard prices. Flex and Priority percentages are unverified (docs/evidence/
// models-and-quotas.md §12.3).
/**
 * `prices` ([in, out, cacheRead?, cacheWrite?] per 1K) at a tier's `factor` ([in, out]
 * multipliers), or null. Cache prices follow the input's factor (unverified: no tier price page
 * for cached tokens was read).
 */
export function tierPrices(prices, factor = [1, 1]) {
  if (!prices) return null;
  const [input, output, ...cache] = prices;
  return [input * factor[0], output * factor[1], ...cache.map((p) => p * factor[0])];
}
