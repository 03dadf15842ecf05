// The run bar above every tab: Predict / Pause / Resume / Cancel, the progress, the figures
// (done, failed, cached, rate, ETA, tokens, cost, retries) of the selected run, as stored.
import { formatCount, formatDuration, formatUsd, formatTokens } from "./stats.js";
import { totalUsage, runCost, doneCount, zeroUsage } from "./run-record.js";
import { passesOf } from "./passes.js";
import { retryBudget } from "./settings.js";

const STATUS = {
  paused: "Paused. Resume to continue where it stopped, with this run's own settings.",
  cancelled: 'Cancelled. Rows not labeled are exported as "not labeled".',
  done: "Done.",
};

/** `s`: { run, total, running, stats, hasRows }. */
export function renderRunBar(root, { run, total, running, stats, hasRows }) {
  const $ = (id) => root.querySelector(`#${id}`);
  const passes = run ? passesOf(run.settings) : [0];
  const counts = run ? passes.map((p) => run.counts[p]) : [];
  const done = run ? passes.reduce((n, p) => n + doneCount(run, p), 0) : 0;
  const want = total * passes.length;
  const sum = (k) => counts.reduce((n, c) => n + c[k], 0);
  $("progress").max = Math.max(want, 1);
  $("progress").value = done;
  $("stat-done").textContent = formatCount(run ? sum("ok") : 0);
  $("stat-failed").textContent = formatCount(run ? sum("failed") : 0);
  $("stat-cached").textContent = formatCount(run ? sum("cached") : 0);
  $("stat-remaining").textContent = formatCount(Math.max(0, want - done));
  const rate = running ? stats.ratePerMinute() : 0;
  $("stat-rate").textContent = rate ? `${formatCount(rate)} / min` : "—";
  $("stat-eta").textContent = running && rate ? formatDuration(((want - done) / rate) * 60_000) : "—";
  const u = run ? totalUsage(run) : zeroUsage();
  $("stat-tokens").textContent = formatTokens(u);
  $("stat-cost").textContent = run ? formatUsd(runCost(run)) : "—";
  $("stat-retries").textContent = run ? `${formatCount(u.retries)} / ${formatCount(retryBudget(run.settings, total) * passes.length)}` : "0";
  $("run-name").textContent = run ? `${run.name}${passes.length > 1 ? " (with a second opinion)" : ""}` : "";
  $("run-status").textContent = running
    ? "Labeling… finished rows are saved as they arrive; you can close this tab and resume later."
    : run?.status === "paused" && run.error ? `Paused: ${run.error.message}` : STATUS[run?.status] ?? (run ? "" : "No run yet: check the setup, then Predict labels.");
  const unfinished = run && run.kind !== "imported" && done < want && run.status !== "cancelled";
  $("predict").disabled = running || !hasRows;
  $("pause").disabled = !running;
  $("resume").disabled = running || !unfinished;
  $("cancel").disabled = !running && !unfinished;
}
