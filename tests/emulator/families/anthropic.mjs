// Anthropic Claude Messages API on Bedrock, as the emulator answers it.
import { id, extraneousKey, numberIn, textPieces as pieces, invocationMetrics } from "./common.mjs";

export const name = "anthropic";
const ALLOWED = new Set(["anthropic_version", "max_tokens", "messages", "system", "temperature", "top_p", "top_k", "stop_sequences", "tools", "tool_choice", "anthropic_beta", "thinking", "metadata"]);

export function validate(body) {
  const extra = extraneousKey(body, ALLOWED);
  if (extra) return extra;
  if (body.anthropic_version !== "bedrock-2023-05-31") return "Malformed input request: #/anthropic_version: bedrock-2023-05-31 expected, please reformat your input and try again.";
  if (!Number.isInteger(body.max_tokens) || body.max_tokens < 1) return "Malformed input request: #: required key [max_tokens] not found, please reformat your input and try again.";
  if (!Array.isArray(body.messages) || body.messages.length === 0) return "Malformed input request: #: required key [messages] not found, please reformat your input and try again.";
  if (body.tool_choice?.type === "tool" && !(body.tools ?? []).some((t) => t.name === body.tool_choice.name)) return "tool_choice names a tool that is not in tools";
  return numberIn(body, "temperature", 0, 1) ?? numberIn(body, "top_p", 0, 1);
}

export function promptOf(body) {
  const last = [...body.messages].reverse().find((m) => m.role === "user");
  if (!last) return "";
  return typeof last.content === "string" ? last.content : last.content.filter((b) => b.type === "text").map((b) => b.text).join("\n");
}

export function schemaOf(body) {
  const tool = (body.tools ?? []).find((t) => t.name === body.tool_choice?.name) ?? body.tools?.[0];
  return tool?.input_schema ?? null;
}

export function respond(body, answer, usage) {
  const toolName = body.tool_choice?.name ?? body.tools?.[0]?.name;
  const content = answer && toolName
    ? [{ type: "tool_use", id: id("toolu_bdrk_"), name: toolName, input: answer }]
    : [{ type: "text", text: answer ? JSON.stringify(answer) : "I cannot find any items to label." }];
  return {
    id: id("msg_bdrk_"), type: "message", role: "assistant", model: "claude-emulated", content,
    stop_reason: content[0].type === "tool_use" ? "tool_use" : "end_turn", stop_sequence: null,
    usage: { input_tokens: usage.inputTokens, output_tokens: usage.outputTokens },
  };
}

/**
 * The same answer as Claude streams it on Bedrock: one event per chunk, the tool input split
 * into several input_json_delta pieces, Bedrock's invocation metrics on message_stop.
 */
export function streamChunks(body, answer, usage) {
  const whole = respond(body, answer, usage);
  const { content, usage: _, ...message } = whole;
  const events = [
    { type: "message_start", message: { ...message, content: [], stop_reason: null, stop_sequence: null, usage: { input_tokens: usage.inputTokens, output_tokens: 1 } } },
  ];
  content.forEach((block, index) => {
    if (block.type === "tool_use") {
      events.push({ type: "content_block_start", index, content_block: { ...block, input: {} } });
      for (const piece of pieces(JSON.stringify(block.input))) {
        events.push({ type: "content_block_delta", index, delta: { type: "input_json_delta", partial_json: piece } });
      }
    } else {
      events.push({ type: "content_block_start", index, content_block: { type: "text", text: "" } });
      for (const piece of pieces(block.text)) {
        events.push({ type: "content_block_delta", index, delta: { type: "text_delta", text: piece } });
      }
    }
    events.push({ type: "content_block_stop", index });
  });
  events.push({ type: "message_delta", delta: { stop_reason: whole.stop_reason, stop_sequence: null }, usage: { output_tokens: usage.outputTokens } });
  events.push({
    type: "message_stop",
    "amazon-bedrock-invocationMetrics": invocationMetrics(usage),
  });
  return events;
}
