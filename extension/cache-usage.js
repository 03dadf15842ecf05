// The prompt cache's part of a usage, as both pages say it: " · cache N read, M written" when
// the call read or wrote the cache (those tokens are not in inputTokens: they are billed apart,
// workspace/prices.js `cost`), else nothing.
export function cacheUsageText(u, fmt) {
  const read = u.cacheReadInputTokens ?? 0;
  const write = u.cacheWriteInputTokens ?? 0;
  return read + write ? ` · cache ${fmt(read)} read, ${fmt(write)} written` : "";
}
