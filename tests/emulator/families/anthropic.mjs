// Anthropic Claude Messages API on Bedrock (InvokeModel), as the emulator answers it. The
// per-model rules (sampling, thinking, forced tools, structured output) are in claude-rules.mjs,
// driven by models.mjs; this module is the body format.
import { id, extraneousKey, numberIn, textPieces as pieces, invocationMetrics, schemaInPrompt, signature, thinkingText } from "./common.mjs";

export const name = "anthropic";
// reference §3.1 request fields, plus output_config (structured outputs and effort, C§E.1, §C.3).
const ALLOWED = new Set(["anthropic_version", "max_tokens", "messages", "system", "temperature", "top_p", "top_k", "stop_sequences", "tools", "tool_choice", "anthropic_beta", "thinking", "metadata", "output_config"]);

export function validate(body) {
  const extra = extraneousKey(body, ALLOWED);
  if (extra) return extra;
  if (body.anthropic_version !== "bedrock-2023-05-31") return "Malformed input request: #/anthropic_version: bedrock-2023-05-31 expected, please reformat your input and try again.";
  if (!Number.isInteger(body.max_tokens) || body.max_tokens < 1) return "Malformed input request: #: required key [max_tokens] not found, please reformat your input and try again.";
  if (!Array.isArray(body.messages) || body.messages.length === 0) return "Malformed input request: #: required key [messages] not found, please reformat your input and try again.";
  if (body.tools !== undefined && !Array.isArray(body.tools)) return "Malformed input request: #/tools: expected type: JSONArray, found: JSONObject, please reformat your input and try again.";
  if (body.tool_choice !== undefined && !["auto", "any", "tool", "none"].includes(body.tool_choice?.type)) return "Malformed input request: #/tool_choice/type: must be one of auto, any, tool, none, please reformat your input and try again.";
  if (body.tool_choice?.type === "tool" && !(body.tools ?? []).some((t) => t.name === body.tool_choice.name)) return "tool_choice names a tool that is not in tools";
  return numberIn(body, "temperature", 0, 1) ?? numberIn(body, "top_p", 0, 1);
}

const textOf = (content) => (typeof content === "string" ? content : (content ?? []).filter((b) => b.type === "text").map((b) => b.text).join("\n"));

export function promptOf(body) {
  const last = [...body.messages].reverse().find((m) => m.role === "user");
  return last ? textOf(last.content) : "";
}

/**
 * What the answer must be: structured output (a text block holding the JSON, C§E.3), a tool call
 * (a forced tool, else a strict tool, else the first tool, when tool_choice is not "none"), or
 * JSON text following the schema written in the prompt.
 */
export function plan(body) {
  const format = body.output_config?.format;
  if (format?.schema) return { mode: "structured", schema: format.schema };
  const tools = Array.isArray(body.tools) ? body.tools : [];
  if (tools.length > 0 && body.tool_choice?.type !== "none") {
    const tool = tools.find((t) => t.name === body.tool_choice?.name) ?? tools.find((t) => t.strict === true) ?? tools[0];
    return { mode: "tool", schema: tool.input_schema ?? null, toolName: tool.name };
  }
  const system = typeof body.system === "string" ? body.system : textOf(body.system);
  return { mode: "text", schema: schemaInPrompt(`${promptOf(body)}\n${system ?? ""}`) ?? schemaInPrompt(system ?? "") };
}

export const schemaOf = (body) => plan(body).schema;

/** Claude's cache usage keys (M§11.1): `cache_creation_input_tokens`, `cache_read_input_tokens`. */
// Only for requests with a checkpoint: the recorded responses without one have neither key.
const cacheUsage = (usage) => (usage.cacheRead === undefined ? {} : { cache_creation_input_tokens: usage.cacheWrite ?? 0, cache_read_input_tokens: usage.cacheRead ?? 0 });

/**
 * The InvokeModel response. `ctx.thinking` ({display}) puts a thinking block first: an empty
 * `thinking` string with display "omitted" (the default on the newest models), and a signature
 * (C§C.1, §C.4).
 */
export function respond(body, answer, usage, ctx = {}) {
  const p = plan(body);
  const content = [];
  if (ctx.thinking) content.push({ type: "thinking", thinking: thinkingText(ctx.thinking), signature: signature() });
  if (answer && p.mode === "tool") content.push({ type: "tool_use", id: id("toolu_bdrk_"), name: p.toolName, input: answer });
  else content.push({ type: "text", text: answer ? JSON.stringify(answer) : "I cannot find any items to label." });
  return {
    id: id("msg_bdrk_"), type: "message", role: "assistant", model: "claude-emulated", content,
    stop_reason: content.at(-1).type === "tool_use" ? "tool_use" : "end_turn", stop_sequence: null,
    // Cache counts beside the input, which counts only the uncached tokens (M§11.1, §11.4).
    usage: { input_tokens: usage.inputTokens, output_tokens: usage.outputTokens, ...cacheUsage(usage) },
  };
}

/**
 * The same answer as Claude streams it on Bedrock: one event per chunk; a thinking block as
 * content_block_start {type: "thinking", thinking: "", signature: ""}, its thinking_delta pieces
 * (none when omitted), one signature_delta, content_block_stop, the answer at the next index
 * (C§C.4, synthetic shape: no recorded Bedrock stream with thinking exists); the tool input split
 * into several input_json_delta pieces; Bedrock's invocation metrics on message_stop (reference §3.1).
 */
export function streamChunks(body, answer, usage, ctx = {}) {
  const whole = respond(body, answer, usage, ctx);
  const { content, usage: _, ...message } = whole;
  const events = [
    { type: "message_start", message: { ...message, content: [], stop_reason: null, stop_sequence: null, usage: { input_tokens: usage.inputTokens, output_tokens: 1, ...cacheUsage(usage) } } },
  ];
  content.forEach((block, index) => {
    if (block.type === "thinking") {
      events.push({ type: "content_block_start", index, content_block: { type: "thinking", thinking: "", signature: "" } });
      for (const piece of block.thinking ? pieces(block.thinking) : []) events.push({ type: "content_block_delta", index, delta: { type: "thinking_delta", thinking: piece } });
      events.push({ type: "content_block_delta", index, delta: { type: "signature_delta", signature: block.signature } });
    } else if (block.type === "tool_use") {
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
