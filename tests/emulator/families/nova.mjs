// Amazon Nova messages-v1 (InvokeModel). Accepts both documented inferenceConfig spellings
// (max_new_tokens/top_p of Nova 1 docs, maxTokens/topP of Nova 2 docs), never both at once
// (reference §3.2; M§1.3).
import { id, extraneousKey, textPieces, invocationMetrics, schemaInPrompt } from "./common.mjs";

export const name = "nova";
// reasoningConfig is a top-level key of the native body (langchain-aws and several clients send
// it through Converse's additionalModelRequestFields; a Go client test asserts it is not inside
// inferenceConfig) [M§1.6]; inside inferenceConfig is UNCONFIRMED, so refused.
const ALLOWED = new Set(["schemaVersion", "system", "messages", "inferenceConfig", "toolConfig", "reasoningConfig"]);
const CONFIG = new Set(["max_new_tokens", "maxTokens", "temperature", "top_p", "topP", "top_k", "topK", "stopSequences"]);

export function validate(body) {
  const extra = extraneousKey(body, ALLOWED);
  if (extra) return extra;
  if (body.schemaVersion !== undefined && body.schemaVersion !== "messages-v1") return "Malformed input request: schemaVersion must be messages-v1";
  if (!Array.isArray(body.messages) || body.messages[0]?.role !== "user") return "Malformed input request: messages must start with a user turn";
  const cfg = body.inferenceConfig ?? {};
  const bad = Object.keys(cfg).find((k) => !CONFIG.has(k));
  if (bad) return `Malformed input request: #/inferenceConfig: extraneous key [${bad}] is not permitted`;
  if ("max_new_tokens" in cfg && "maxTokens" in cfg) return "Malformed input request: max_new_tokens and maxTokens both given";
  const choice = body.toolConfig?.toolChoice?.tool?.name;
  if (choice && !(body.toolConfig.tools ?? []).some((t) => t.toolSpec?.name === choice)) return "toolChoice names a tool that is not in tools";
  return reasoningProblem(body.reasoningConfig, cfg);
}

/**
 * Nova 2 reasoning (`reasoningConfig: {type, maxReasoningEffort}`); with effort "high",
 * temperature, topP and maxTokens must be left unset (third-party guide, M§1.6; the message is
 * the emulator's own, UNCONFIRMED).
 */
export function reasoningProblem(rc, cfg = {}) {
  if (rc === undefined) return null;
  if (!["enabled", "disabled"].includes(rc?.type)) return "Malformed input request: #/reasoningConfig/type: must be enabled or disabled, please reformat your input and try again.";
  if (rc.maxReasoningEffort !== undefined && !["low", "medium", "high"].includes(rc.maxReasoningEffort)) return "Malformed input request: #/reasoningConfig/maxReasoningEffort: must be low, medium or high, please reformat your input and try again.";
  if (rc.type === "enabled" && rc.maxReasoningEffort === "high") {
    const set = ["temperature", "topP", "top_p", "maxTokens", "max_new_tokens"].find((k) => cfg[k] !== undefined);
    if (set) return `(emulator) ${set} must not be set when reasoningConfig.maxReasoningEffort is high.`;
  }
  return null;
}

const userText = (messages) => (messages ?? []).filter((m) => m.role === "user").flatMap((m) => (m.content ?? []).map((c) => c.text ?? "")).join("\n");

export function promptOf(body) {
  return userText(body.messages);
}

export function schemaOf(body) {
  const name = body.toolConfig?.toolChoice?.tool?.name;
  const tool = (body.toolConfig?.tools ?? []).find((t) => t.toolSpec?.name === name) ?? body.toolConfig?.tools?.[0];
  const system = (body.system ?? []).map((s) => s.text ?? "").join("\n");
  return tool?.toolSpec?.inputSchema?.json ?? schemaInPrompt(`${promptOf(body)}\n${system}`);
}

/**
 * "Nova writes chain-of-thought in <thinking>…</thinking> text before tool calls" (AWS
 * prompting-tool-troubleshooting.html); the recorded tool-call stream opens with such text
 * (cassette …with_content_tool_call[amazon.nova].yaml) [M§1.4]. Config `novaToolPreamble: false` drops it.
 */
export const TOOL_PREAMBLE = "<thinking> The user wants the items labelled. I will call the tool with the results. </thinking>\n";

/** Answer content blocks: [reasoning?] [preamble text + toolUse | JSON text]. */
export function contentFor(body, answer, { toolPreamble = true, reasoning = false } = {}) {
  const name = body.toolConfig?.toolChoice?.tool?.name ?? body.toolConfig?.tools?.[0]?.toolSpec?.name;
  const content = [];
  // Nova 2 extended thinking shows as [REDACTED] (nova2-userguide reasoning-capabilities.html) [M§1.6].
  if (reasoning) content.push({ reasoningContent: { reasoningText: { text: "[REDACTED]" } } });
  if (answer && name) {
    if (toolPreamble) content.push({ text: TOOL_PREAMBLE });
    content.push({ toolUse: { toolUseId: id("tooluse_"), name, input: answer } });
  } else content.push({ text: answer ? JSON.stringify(answer) : "No items found." });
  return content;
}

/**
 * The InvokeModel response (cassette test_invoke_model_with_content[amazon.nova].yaml, M§1.8).
 * `ctx.partialUsage` (config `partialUsage`): usage with only inputTokens, as the reference
 * Addendum says a guardrail intervention leaves it (UNCONFIRMED, M§1.9); the token-count headers
 * stay complete.
 */
const cached = (usage) => (usage.cacheRead ?? 0) + (usage.cacheWrite ?? 0);
/** Nova's cache counters (M§11.4, the cassettes of M§1.7), when the request cached anything. */
const novaCache = (usage) => (cached(usage) > 0 ? { cacheReadInputTokenCount: usage.cacheRead, cacheWriteInputTokenCount: usage.cacheWrite } : {});

export function respond(body, answer, usage, ctx = {}) {
  const content = contentFor(body, answer, { toolPreamble: ctx.toolPreamble ?? true, reasoning: body.reasoningConfig?.type === "enabled" });
  return {
    output: { message: { role: "assistant", content } },
    stopReason: content.some((b) => b.toolUse) ? "tool_use" : "end_turn",
    usage: ctx.partialUsage
      ? { inputTokens: usage.inputTokens }
      : { inputTokens: usage.inputTokens, outputTokens: usage.outputTokens, totalTokens: usage.inputTokens + usage.outputTokens + cached(usage), ...novaCache(usage) },
  };
}

/**
 * Stream events for Nova content blocks, as the recorded cassettes show them [M§1.7]: no
 * contentBlockStart for text; every text delta is its own block with a new, increasing
 * contentBlockIndex, closed at once by contentBlockStop; a tool call is contentBlockStart with
 * toolUse, its input JSON as string delta(s), contentBlockStop. Returns [member, payload] pairs.
 */
export function novaBlockEvents(content) {
  const out = [];
  let index = 0;
  for (const block of content) {
    if (block.toolUse) {
      const { toolUseId, name, input } = block.toolUse;
      out.push(["contentBlockStart", { start: { toolUse: { toolUseId, name } }, contentBlockIndex: index }]);
      for (const piece of textPieces(JSON.stringify(input))) out.push(["contentBlockDelta", { delta: { toolUse: { input: piece } }, contentBlockIndex: index }]);
      out.push(["contentBlockStop", { contentBlockIndex: index }]);
      index++;
    } else if (block.reasoningContent) {
      out.push(["contentBlockDelta", { delta: { reasoningContent: { text: block.reasoningContent.reasoningText.text } }, contentBlockIndex: index }]);
      out.push(["contentBlockStop", { contentBlockIndex: index }]);
      index++;
    } else {
      for (const text of textPieces(block.text)) {
        out.push(["contentBlockDelta", { delta: { text }, contentBlockIndex: index }]);
        out.push(["contentBlockStop", { contentBlockIndex: index }]);
        index++;
      }
    }
  }
  return out;
}

/**
 * The same answer as a Nova InvokeModelWithResponseStream [M§1.7]: messageStart, the blocks
 * above, messageStop, and a last chunk merging `metadata` (usage without totalTokens, empty
 * metrics and trace) with `amazon-bedrock-invocationMetrics`; the tool-call recording adds the
 * cache counters `cacheReadInputTokenCount` / `cacheWriteInputTokenCount` to both.
 */
export function streamChunks(body, answer, usage, ctx = {}) {
  const whole = respond(body, answer, usage, { ...ctx, partialUsage: false });
  const content = whole.output.message.content;
  const events = [{ messageStart: { role: "assistant" } }];
  for (const [member, payload] of novaBlockEvents(content)) events.push({ [member]: payload });
  events.push({ messageStop: { stopReason: whole.stopReason } });
  const tool = content.some((b) => b.toolUse);
  const cache = tool || cached(usage) > 0 ? { cacheReadInputTokenCount: usage.cacheRead ?? 0, cacheWriteInputTokenCount: usage.cacheWrite ?? 0 } : {};
  events.push({
    metadata: { usage: { inputTokens: usage.inputTokens, outputTokens: usage.outputTokens, ...cache }, metrics: {}, trace: {} },
    "amazon-bedrock-invocationMetrics": { ...invocationMetrics(usage), ...cache },
  });
  return events;
}
