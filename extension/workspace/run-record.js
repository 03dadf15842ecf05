// A run as stored: its frozen settings, and its figures per pass (0: the model, 1: the second
// opinion): tokens and requests used, retries, and rows done, failed and cached. The figures
// are saved with each batch of predictions, so they survive a reopen with the rows they paid for.
import { freeze, describe } from "./settings.js";
import { cost } from "./prices.js";

/** The usage figures a run keeps, as predictLabels reports them (inputTokens is the uncached input). */
export const USAGE_KEYS = ["inputTokens", "outputTokens", "cacheReadInputTokens", "cacheWriteInputTokens", "requests", "retries"];
export const zeroUsage = () => Object.fromEntries(USAGE_KEYS.map((k) => [k, 0]));
const zeroCounts = () => ({ ok: 0, failed: 0, cached: 0 });

/** A new run of `project` with a copy of its settings as they are now. */
export function newRun(project, { id, now, number, prices = [null, null] }) {
  return {
    id,
    projectId: project.id,
    createdAt: now,
    name: `Run ${number}`,
    kind: "model",
    settings: freeze(project.settings),
    summary: describe(project.settings),
    status: "paused",
    usage: [zeroUsage(), zeroUsage()],
    counts: [zeroCounts(), zeroCounts()],
    prices,
  };
}

/** Adds the part of a call's running totals `u` not yet counted (`seen`); returns the new `seen`. */
export function addUsage(run, pass, u, seen) {
  const mine = run.usage[pass];
  // Runs stored before the cache figures existed lack them: they count from 0.
  for (const k of USAGE_KEYS) mine[k] = (mine[k] ?? 0) + Math.max(0, (u[k] ?? 0) - (seen[k] ?? 0));
  return Object.fromEntries(USAGE_KEYS.map((k) => [k, u[k] ?? 0]));
}

export function countPrediction(run, p) {
  const c = run.counts[p.pass];
  if (p.status === "ok") c.ok++;
  else c.failed++;
  if (p.cached) c.cached++;
}

/** Both passes' usage together. */
export function totalUsage(run) {
  const out = zeroUsage();
  for (const u of run.usage) for (const k of USAGE_KEYS) out[k] += u[k] ?? 0;
  return out;
}

/**
 * The run's cost in USD from the prices frozen at its start ([in, out, cacheRead?, cacheWrite?]
 * per 1K, per pass), or NaN.
 */
export function runCost(run) {
  let total = 0;
  for (const pass of [0, 1]) {
    const u = run.usage[pass];
    const read = u.cacheReadInputTokens ?? 0;
    const write = u.cacheWriteInputTokens ?? 0;
    if (u.inputTokens + u.outputTokens + read + write === 0) continue;
    const p = run.prices[pass];
    if (!p) return NaN;
    total += cost(p, u.inputTokens, u.outputTokens, read, write);
  }
  return total;
}

/** Rows a pass has finished (ok or failed). */
export const doneCount = (run, pass = 0) => run.counts[pass].ok + run.counts[pass].failed;
