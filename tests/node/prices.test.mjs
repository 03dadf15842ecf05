// The workspace's price table (extension/workspace/prices.js): cache read / write prices and the
// cost computation that uses them (issue 14).
import { test } from "node:test";
import assert from "node:assert/strict";
import { DEFAULT_PRICES, pricesFor, cost, costParts } from "../../extension/workspace/prices.js";

const close = (a, b) => assert.ok(Math.abs(a - b) < 1e-9, `${a} vs ${b}`);

test("Claude reads the cache at 0.1× input and writes it at 1.25×; Nova reads at 0.25×", () => {
  for (const key of Object.keys(DEFAULT_PRICES).filter((k) => k.startsWith("anthropic."))) {
    const [input, , read, write] = DEFAULT_PRICES[key];
    close(read, input * 0.1);
    close(write, input * 1.25);
  }
  const [input, , read, write] = pricesFor("us.amazon.nova-lite-v1:0", DEFAULT_PRICES);
  close(read, input * 0.25);
  close(write, input);
});

test("cost counts cache reads and writes at their prices, and as input where none is given", () => {
  const sonnet = pricesFor("global.anthropic.claude-sonnet-4-5-20250929-v1:0", DEFAULT_PRICES);
  // 1M uncached input, 1M output, 1M read, 1M written: 3 + 15 + 0.30 + 3.75.
  close(cost(sonnet, 1e6, 1e6, 1e6, 1e6), 22.05);
  close(cost(sonnet, 1000, 1000), 0.018);
  close(cost([0.001, 0.002], 0, 0, 1000, 1000), 0.002);
  const parts = costParts(sonnet, { inputTokens: 1e6, outputTokens: 1e6, cacheReadInputTokens: 1e6, cacheWriteInputTokens: 0 });
  close(parts.input, 3);
  close(parts.cached, 0.3);
  close(parts.output, 15);
  close(parts.total, 18.3);
  assert.ok(Number.isNaN(cost(null, 1, 1)));
});
