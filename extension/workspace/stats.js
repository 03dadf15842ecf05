// Run statistics for the progress line: counts, rate over a sliding window, ETA, tokens, cost.
// Pure: fed events and the clock, so Node tests can check it.
import { cacheUsageText } from "../cache-usage.js";

const WINDOW_MS = 60_000;

export class RunStats {
  constructor(total) {
    this.total = total;
    this.ok = 0;
    this.failed = 0;
    this.cached = 0;
    this.inputTokens = 0;
    this.outputTokens = 0;
    this.cacheReadInputTokens = 0;
    this.cacheWriteInputTokens = 0;
    this.requests = 0;
    this.retries = 0;
    /** Times (ms) at which items finished, for the rate. */
    this.finishedAt = [];
  }

  /** Counts a prediction loaded from storage or just finished. */
  add(prediction, now = Date.now(), { live = true } = {}) {
    if (prediction.status === "ok") this.ok++;
    else this.failed++;
    if (prediction.cached) this.cached++;
    if (live && !prediction.cached) this.finishedAt.push(now);
  }

  /** Adds one call's usage (the usage of a finished predictLabels call, or an update event). */
  addUsage(usage) {
    this.inputTokens += usage.inputTokens ?? 0;
    this.outputTokens += usage.outputTokens ?? 0;
    this.cacheReadInputTokens += usage.cacheReadInputTokens ?? 0;
    this.cacheWriteInputTokens += usage.cacheWriteInputTokens ?? 0;
    this.requests += usage.requests ?? 0;
    this.retries += usage.retries ?? 0;
  }

  get done() {
    return this.ok + this.failed;
  }

  get remaining() {
    return Math.max(0, this.total - this.done);
  }

  /** Items per minute over the last minute (or since the first live item, if sooner). */
  ratePerMinute(now = Date.now()) {
    // Times come in order: drop the old ones from the front (not a new array every frame at 100,000 items).
    let old = 0;
    while (old < this.finishedAt.length && now - this.finishedAt[old] > WINDOW_MS) old++;
    if (old) this.finishedAt.splice(0, old);
    if (this.finishedAt.length < 2) return 0;
    const span = Math.max(now - this.finishedAt[0], 1000);
    return (this.finishedAt.length / span) * 60_000;
  }

  /** Milliseconds until done at the current rate, or null when unknown. */
  etaMs(now = Date.now()) {
    const rate = this.ratePerMinute(now);
    return rate > 0 ? (this.remaining / rate) * 60_000 : null;
  }
}

export function formatDuration(ms) {
  if (ms == null || !Number.isFinite(ms)) return "—";
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min ${s % 60} s`;
  return `${Math.floor(m / 60)} h ${m % 60} min`;
}

// One formatter for the page's life: toLocaleString builds one per call, which at thousands of
// calls a frame (progress, counts) is most of a frame.
const COUNT = new Intl.NumberFormat("en-US", { maximumFractionDigits: 0 });

export function formatCount(n) {
  return COUNT.format(Math.round(n));
}

export function formatUsd(x) {
  if (!Number.isFinite(x)) return "—";
  return x < 0.01 && x > 0 ? `$${x.toFixed(4)}` : `$${x.toFixed(2)}`;
}

/**
 * Tokens of a usage as one line: "7,788 in / 1,560 out", and the prompt cache's reads and
 * writes when there were any (billed apart from the uncached input: prices.js `cost`).
 */
export function formatTokens(u) {
  return `${formatCount(u.inputTokens ?? 0)} in / ${formatCount(u.outputTokens ?? 0)} out${cacheUsageText(u, formatCount)}`;
}
