// The estimate before a run: requests, tokens and cost of the project's settings over its rows
// (the core's estimate, the same prompt builder the run uses), doubled by a second opinion, and
// what a one-line reason per row would add.
import { formatCount, formatUsd } from "./stats.js";
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
  const { items, requests, inputTokens, outputTokens, reasonTokens } = e.estimate;
  const n = e.passes;
  $("est-items").textContent = formatCount(items);
  $("est-requests").textContent = formatCount(requests * n);
  $("est-input").textContent = formatCount(inputTokens * n);
  $("est-output").textContent = formatCount(outputTokens * n);
  $("est-cost").textContent = formatUsd(cost(e.prices, inputTokens * n, outputTokens * n));
  const reasonCost = formatUsd(cost(e.prices, 0, reasonTokens * n));
  const lines = [];
  if (n > 1) lines.push("A second opinion answers every row twice: the figures above count both.");
  lines.push(`One-line reasons: about ${formatCount(reasonTokens * n)} more output tokens (${reasonCost})${e.reasons ? ", counted above" : " if switched on"}.`);
  $("est-extra").textContent = lines.join(" ");
  const perRow = items ? Math.round(reasonTokens / items) : 0;
  $("reasons-note").textContent = `Off by default: each reason costs about ${perRow} output tokens per row. Shown in the review pane.`;
}
