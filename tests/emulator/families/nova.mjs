// Amazon Nova messages-v1. Accepts both documented inferenceConfig spellings
// (max_new_tokens/top_p of Nova 1 docs, maxTokens/topP of Nova 2 docs), never both at once.
import { id, extraneousKey, textPieces, invocationMetrics } from "./common.mjs";

export const name = "nova";
const ALLOWED = new Set(["schemaVersion", "system", "messages", "inferenceConfig", "toolConfig"]);
const CONFIG = new Set(["max_new_tokens", "maxTokens", "temperature", "top_p", "topP", "top_k", "topK", "stopSequences", "reasoningConfig"]);

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
  return null;
}

export function promptOf(body) {
  return body.messages.filter((m) => m.role === "user").flatMap((m) => m.content.map((c) => c.text ?? "")).join("\n");
}

export function schemaOf(body) {
  const name = body.toolConfig?.toolChoice?.tool?.name;
  const tool = (body.toolConfig?.tools ?? []).find((t) => t.toolSpec?.name === name) ?? body.toolConfig?.tools?.[0];
  return tool?.toolSpec?.inputSchema?.json ?? null;
}

export function respond(body, answer, usage) {
  const name = body.toolConfig?.toolChoice?.tool?.name ?? body.toolConfig?.tools?.[0]?.toolSpec?.name;
  const content = answer && name
    ? [{ toolUse: { toolUseId: id("tooluse_"), name, input: answer } }]
    : [{ text: answer ? JSON.stringify(answer) : "No items found." }];
  return {
    output: { message: { role: "assistant", content } },
    stopReason: content[0].toolUse ? "tool_use" : "end_turn",
    usage: { inputTokens: usage.inputTokens, outputTokens: usage.outputTokens, totalTokens: usage.inputTokens + usage.outputTokens },
  };
}

/**
 * The same answer as a Nova stream (reference §3.2, ConverseStream's event names): messageStart;
 * per content block a contentBlockStart for a tool call, its text or tool input JSON in
 * contentBlockDelta pieces (`delta.text` / `delta.toolUse.input`), contentBlockStop;
 * messageStop with the stop reason; metadata with the usage and Bedrock's metrics.
 */
export function streamChunks(body, answer, usage) {
  const whole = respond(body, answer, usage);
  const events = [{ messageStart: { role: "assistant" } }];
  whole.output.message.content.forEach((block, contentBlockIndex) => {
    if (block.toolUse) {
      const { toolUseId, name, input } = block.toolUse;
      events.push({ contentBlockStart: { start: { toolUse: { toolUseId, name } }, contentBlockIndex } });
      for (const piece of textPieces(JSON.stringify(input))) events.push({ contentBlockDelta: { delta: { toolUse: { input: piece } }, contentBlockIndex } });
    } else {
      for (const text of textPieces(block.text)) events.push({ contentBlockDelta: { delta: { text }, contentBlockIndex } });
    }
    events.push({ contentBlockStop: { contentBlockIndex } });
  });
  events.push({ messageStop: { stopReason: whole.stopReason } });
  events.push({ metadata: { usage: whole.usage, metrics: {}, trace: {} }, "amazon-bedrock-invocationMetrics": invocationMetrics(usage) });
  return events;
}
