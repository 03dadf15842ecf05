// Prompt caching as Bedrock reports it (issue 14). Sources: docs/evidence/models-and-quotas.md
// §11 ("M§11") and docs/evidence/claude-and-converse.md ("C§").
//
// * Checkpoints: Claude InvokeModel `cache_control: {type: "ephemeral", ttl?: "5m"|"1h"}` on a
//   tools entry, a system block or a message content block (M§11.1); Converse (and Nova's
//   messages-v1) a `{cachePoint: {type: "default", ttl?}}` block after the content it caches, in
//   `system`, message content or `toolConfig.tools` (M§11.2, botocore `CachePointBlock`). At most
//   4 checkpoints (M§11.3 "all: 4 checkpoints max").
// * What a checkpoint caches is everything before it, in the order tools → system → messages
//   (Anthropic prompt-caching docs, M§11.1); here also `tool_choice`, `thinking`,
//   `output_config` / `outputConfig` and `inferenceConfig`-independent keys are part of the key,
//   so any change there is a miss (the stricter reading: Anthropic says tool_choice and thinking
//   changes invalidate the message cache).
// * A checkpoint whose prefix is below the model's minimum (models.mjs `cacheMin`) is not cached,
//   without an error: both counters 0 (M§11.3, "Below the minimum, caching is silently ignored").
// * First request with a prefix writes it (creation tokens), a later identical prefix within the
//   TTL (5 minutes unless `ttl: "1h"`) reads it, and a read refreshes the TTL (Anthropic docs).
//   The entry exists from the moment the writing request is received (Anthropic: "available
//   after the first response begins"; the emulator answers the whole request at once).
// * Usage: the cached tokens are reported apart from the input (Claude `input_tokens` counts
//   only the tokens after the last checkpoint; `cache_read_input_tokens`,
//   `cache_creation_input_tokens`; Converse `cacheReadInputTokens` / `cacheWriteInputTokens` and
//   `totalTokens` = input + output + both; Nova `cacheReadInputTokenCount` /
//   `cacheWriteInputTokenCount`) (M§11.4). That Converse's `inputTokens` excludes the cached
//   tokens rests on a peer project (opencode PR #38427, [obs]); the
//   `X-Amzn-Bedrock-Cache-*-Input-Token-Count` headers are unverified.
// * A checkpoint on a model no source says caches is refused (unverified wording, the stricter
//   reading: the evidence does not say such a request succeeds).

const TTL_MS = { "5m": 5 * 60_000, "1h": 60 * 60_000 };
const MAX_CHECKPOINTS = 4;

/** Tokens of a JSON value as the emulator counts them (about four characters per token). */
const tokensOf = (v, tokens) => tokens(JSON.stringify(v));

/**
 * The request's pieces in cache order, each `{piece, ttl?}` where `ttl` marks a checkpoint after
 * that piece; or `{problem}` for a malformed checkpoint.
 */
function piecesOf(body, format) {
  const out = [];
  const claude = format === "claude";
  const mark = (piece, cp) => out.push(cp === undefined ? { piece } : { piece, checkpoint: cp });
  // What is not content but decides the answer: part of the first piece, so any change misses.
  mark({ head: { tool_choice: body.tool_choice, thinking: body.thinking, output_config: body.output_config, outputConfig: body.outputConfig, toolChoice: body.toolConfig?.toolChoice } });
  if (claude) {
    for (const t of Array.isArray(body.tools) ? body.tools : []) {
      const { cache_control, ...rest } = t;
      mark({ tool: rest }, cache_control);
    }
    if (typeof body.system === "string") mark({ system: body.system });
    else for (const b of Array.isArray(body.system) ? body.system : []) {
      const { cache_control, ...rest } = b;
      mark({ system: rest }, cache_control);
    }
    for (const m of Array.isArray(body.messages) ? body.messages : []) {
      const content = typeof m.content === "string" ? [{ type: "text", text: m.content }] : m.content ?? [];
      for (const b of content) {
        const { cache_control, ...rest } = b;
        mark({ role: m.role, block: rest }, cache_control);
      }
    }
  } else {
    const blocks = (list, tag) => {
      for (const b of Array.isArray(list) ? list : []) {
        if (b && typeof b === "object" && "cachePoint" in b) {
          if (out.length === 0) continue;
          out[out.length - 1].checkpoint = { converse: true, ...b.cachePoint };
        } else mark({ [tag]: b });
      }
    };
    blocks(body.toolConfig?.tools, "tool");
    blocks(body.system, "system");
    for (const m of Array.isArray(body.messages) ? body.messages : []) blocks(m?.content, m?.role);
  }
  return out;
}

function checkpointProblem(cp, claude) {
  if (claude) {
    // Anthropic's type is "ephemeral" (M§11.1); wording of the refusal unverified.
    if (cp?.type !== "ephemeral") return `Malformed input request: #/cache_control/type: ephemeral expected, please reformat your input and try again.`;
  } else if (cp.type !== "default") {
    // botocore CachePointType enum: "default" (M§11.2); wording as the service model's enum errors.
    return `1 validation error detected: Value '${cp.type}' at 'cachePoint.type' failed to satisfy constraint: Member must satisfy enum value set: [default]`;
  }
  if (cp.ttl !== undefined && !(cp.ttl in TTL_MS)) return `Malformed input request: cache ttl must be "5m" or "1h", please reformat your input and try again.`;
  return null;
}

/**
 * The emulator's prompt cache: one per emulator, keyed by model and prefix.
 */
export function createPromptCache() {
  const entries = new Map(); // key → { expires, ttlMs }
  return {
    reset() {
      entries.clear();
    },
    /**
     * Applies `body`'s checkpoints for `row` (models.mjs) at `nowMs`: `{problem}` (a 400 to
     * answer), or `{read, write}` token counts (0 and 0 when nothing is cached; both undefined
     * when the request has no checkpoint, so its usage carries no cache counters).
     * `format`: "claude" (InvokeModel Messages body) or "converse" (Converse and Nova bodies).
     */
    apply({ body, base, row, format, nowMs, tokens }) {
      const pieces = piecesOf(body, format);
      const checkpoints = pieces.map((p, i) => [p.checkpoint, i]).filter(([cp]) => cp !== undefined && cp !== null);
      // No checkpoint: no cache counters at all (the recorded responses of requests without one,
      // crates/labeler-core/tests/data/formats/, have none).
      if (checkpoints.length === 0) return { read: undefined, write: undefined };
      if (checkpoints.length > MAX_CHECKPOINTS) return { problem: `A maximum of ${MAX_CHECKPOINTS} blocks with cache_control may be provided. Found ${checkpoints.length}.` };
      for (const [cp] of checkpoints) {
        const p = checkpointProblem(cp, format === "claude");
        if (p) return { problem: p };
      }
      if (!row.cacheMin) return { problem: "(emulator) This model does not support prompt caching (no source says it caches; unverified wording)." };
      // Longest cached prefix first: the read; then the last checkpoint's prefix is written.
      const prefixes = checkpoints.map(([cp, i]) => {
        const prefix = pieces.slice(0, i + 1).map((p) => p.piece);
        return { key: `${base}\u0000${JSON.stringify(prefix)}`, tokens: tokensOf(prefix, tokens), ttlMs: TTL_MS[cp.ttl ?? "5m"] };
      });
      const live = (p) => {
        const e = entries.get(p.key);
        return e && e.expires > nowMs;
      };
      let read = 0;
      for (const p of [...prefixes].reverse()) {
        if (p.tokens >= row.cacheMin && live(p)) {
          read = p.tokens;
          entries.get(p.key).expires = nowMs + entries.get(p.key).ttlMs; // a hit refreshes the TTL
          break;
        }
      }
      let write = 0;
      for (const p of prefixes) {
        if (p.tokens < row.cacheMin || p.tokens <= read) continue; // below the minimum: not cached
        if (!live(p)) entries.set(p.key, { expires: nowMs + p.ttlMs, ttlMs: p.ttlMs });
        write = p.tokens - read;
      }
      return { read, write };
    },
  };
}
