// Prices per 1,000 tokens (USD, on-demand), for cost estimates. Approximate public list prices
// (global / us-east-1 where known) as gathered in docs/evidence/ (claude-and-converse.md §A.2,
// models-and-quotas.md §13: price mirrors, marked [obs] there; geo profiles cost about 10%
// more than global ones): prices differ by region and change, so the workspace lets the user
// edit them and keeps the edits in localStorage.

export const DEFAULT_PRICES = {
  "anthropic.claude-opus-5-5": [0.004, 0.02],
  "anthropic.claude-sonnet-5-5": [0.002, 0.01],
  "anthropic.claude-haiku-5-5": [0.0001, 0.0005],
  "anthropic.claude-fable-5-1": [0.01, 0.05],
  "anthropic.claude-sonnet-5": [0.002, 0.01],
  "anthropic.claude-opus-5": [0.005, 0.025],
  "anthropic.claude-opus-4-8": [0.005, 0.025],
  "anthropic.claude-opus-4-7": [0.005, 0.025],
  "anthropic.claude-opus-4-6": [0.005, 0.025],
  "anthropic.claude-opus-4-5": [0.005, 0.025],
  "anthropic.claude-sonnet-4-6": [0.003, 0.015],
  "anthropic.claude-sonnet-4-5": [0.003, 0.015],
  "anthropic.claude-haiku-4-5": [0.001, 0.005],
  "amazon.nova-2-lite": [0.00033, 0.00275],
  "meta.llama4-maverick": [0.00024, 0.00097],
  "meta.llama4-scout": [0.00017, 0.00066],
  "mistral.mistral-large-3": [0.0005, 0.0015],
  "deepseek.v3.2": [0.00062, 0.00185],
  "deepseek.v3": [0.00058, 0.00168],
  "qwen.qwen3-32b": [0.00015, 0.0006],
  "qwen.qwen3-235b-a22b-2507": [0.00022, 0.00088],
  "openai.gpt-5.6-luna": [0.00022, 0.00132],
  "anthropic.claude-3-haiku": [0.00025, 0.00125],
  "anthropic.claude-3-5-haiku": [0.0008, 0.004],
  "anthropic.claude-3-5-sonnet": [0.003, 0.015],
  "anthropic.claude-3-7-sonnet": [0.003, 0.015],
  "anthropic.claude-sonnet-4": [0.003, 0.015],
  "anthropic.claude-opus-4": [0.015, 0.075],
  "amazon.nova-micro": [0.000035, 0.00014],
  "amazon.nova-lite": [0.00006, 0.00024],
  "amazon.nova-pro": [0.0008, 0.0032],
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

/** Cost in USD of `inputTokens` / `outputTokens` at `prices` ([in, out] per 1K), or NaN. */
export function cost(prices, inputTokens, outputTokens) {
  if (!prices) return NaN;
  return (inputTokens / 1000) * prices[0] + (outputTokens / 1000) * prices[1];
}

// ---- Service tiers (issue 14): the estimate's `priceFactor` ([input, output] multipliers of
// the Standard price, from the core's ServiceTier::price_factor, sources there) applied to a
// model's Standard prices. Flex and Priority percentages are unverified (docs/evidence/
// models-and-quotas.md §12.3).
/** `prices` ([in, out] per 1K) at a tier's `factor` ([in, out] multipliers), or null. */
export function tierPrices(prices, factor = [1, 1]) {
  return prices ? [prices[0] * factor[0], prices[1] * factor[1]] : null;
}
