// The estimate before a run: requests, tokens and cost of the project's settings over its rows
// (the core's estimate, the same prompt builder the run uses), doubled by a second opinion, and
// what a one-line reason per row would add.
import { formatCount, formatUsd, formatDuration } from "./stats.js";
import { cost } from "./prices.js";

/** `e`: { estimate: {items, requests, inputTokens, outputTokens, reasonTokens} | null, error, passes, prices, reasons }. */
export function renderEstimate(root, e) {
  const $ = (id) => root.querySelector(`#${id}`);
  if (!e.estimate) {
    for (const id of ["est-items", "est-requests", "est-input", "est-output"]) $(id).textContent = "—";
    $("est-cost").textContent = e.error ?? "—";
    return;
  }
  // The core's estimate counts reasons in outputTokens when they are on, and says what they add.
  // Input tokens are the uncached input; the prompt cache's reads and writes are apart, priced apart.
  const { items, requests, inputTokens, outputTokens, reasonTokens, cacheReadInputTokens: read = 0, cacheWriteInputTokens: write = 0 } = e.estimate;
  const n = e.passes;
  $("est-items").textContent = formatCount(items);
  $("est-requests").textContent = formatCount(requests * n);
  $("est-input").textContent = formatCount(inputTokens * n);
  $("est-output").textContent = formatCount(outputTokens * n);
  $("est-cost").textContent = formatUsd(cost(e.prices, inputTokens * n, outputTokens * n, read * n, write * n));
  const reasonCost = formatUsd(cost(e.prices, 0, reasonTokens * n));
  const lines = [];
  if (n > 1) lines.push("A second opinion answers every row twice: the figures above count both.");
  if (e.estimate.serviceTier && e.estimate.serviceTier !== "standard") lines.push(`Service tier ${e.estimate.serviceTier}: priced at ${e.estimate.priceFactor[0]}× the Standard input price and ${e.estimate.priceFactor[1]}× the output price (AWS publishes no fixed ratio: unverified).`);
  if (e.tokensPerMinute > 0 && e.estimate.quotaTokens) lines.push(`At your quota of ${formatCount(e.tokensPerMinute)} tokens/min the run needs at least ${formatDuration((e.estimate.quotaTokens * n / e.tokensPerMinute) * 60_000)} (${formatCount(e.estimate.quotaTokens * n)} quota tokens: input + the model's burn × output).`);
  if (read + write) lines.push(`Prompt caching: the shared instructions, labels and examples are about ${formatCount(read * n)} input tokens read from the cache and ${formatCount(write * n)} written to it (not in Input tokens; priced above at the cache rates).`);
  lines.push(`One-line reasons: about ${formatCount(reasonTokens * n)} more output tokens (${reasonCost})${e.reasons ? ", counted above" : " if switched on"}.`);
  $("est-extra").textContent = lines.join(" ");
  const perRow = items ? Math.round(reasonTokens / items) : 0;
  $("reasons-note").textContent = `Off by default: each reason costs about ${perRow} output tokens per row. Shown in the review pane.`;
}
