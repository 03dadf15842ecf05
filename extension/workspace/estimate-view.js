// The estimate before a run: requests, tokens and cost of the project's settings over its rows
// (the core's estimate, the same prompt builder the run uses), doubled by a second opinion, and
// what a one-line reason per row would add.
import { formatCount, formatUsd } from "./stats.js";
import { cost } from "./prices.js";
import { REASON_TOKENS } from "./settings.js";

/** `e`: { estimate: {items, requests, inputTokens, outputTokens} | null, error, passes, prices, reasons, reasonsKnown }. */
export function renderEstimate(root, e) {
  const $ = (id) => root.querySelector(`#${id}`);
  if (!e.estimate) {
    for (const id of ["est-items", "est-requests", "est-input", "est-output"]) $(id).textContent = "—";
    $("est-cost").textContent = e.error ?? "—";
    return;
  }
  const { items, requests, inputTokens, outputTokens } = e.estimate;
  const extra = e.reasons ? items * REASON_TOKENS : 0;
  const n = e.passes;
  $("est-items").textContent = formatCount(items);
  $("est-requests").textContent = formatCount(requests * n);
  $("est-input").textContent = formatCount(inputTokens * n);
  $("est-output").textContent = formatCount((outputTokens + extra) * n);
  $("est-cost").textContent = formatUsd(cost(e.prices, inputTokens * n, (outputTokens + extra) * n));
  const reasonCost = formatUsd(cost(e.prices, 0, items * REASON_TOKENS * n));
  const lines = [];
  if (n > 1) lines.push("A second opinion answers every row twice: the figures above count both.");
  lines.push(`One-line reasons: about ${formatCount(items * REASON_TOKENS * n)} more output tokens (${reasonCost})${e.reasons ? ", counted above" : " if switched on"}.`);
  $("est-extra").textContent = lines.join(" ");
  $("reasons-note").textContent = e.reasonsKnown
    ? `Off by default: each reason costs about ${REASON_TOKENS} output tokens per row. Shown in the review pane.`
    : "Not available with this build of the labeler core (it does not know the reasons field yet).";
}
