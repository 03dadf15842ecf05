// Mistral: text-completion models ([INST] prompt → outputs[].text) and chat-completion models
// (messages + tools → choices[].message.tool_calls, `stop_reason` as Bedrock's docs spell it).
import { id, extraneousKey, numberIn, jsonReply, schemaInPrompt, messagesText, textPieces, invocationMetrics } from "./common.mjs";

export const name = "mistral";
const TEXT = new Set(["prompt", "max_tokens", "stop", "temperature", "top_p", "top_k"]);
const CHAT = new Set(["messages", "tools", "tool_choice", "max_tokens", "temperature", "top_p"]);

export function validate(body) {
  if ("prompt" in body) {
    const extra = extraneousKey(body, TEXT);
    if (extra) return extra;
    if (!/^<s>\[INST\][\s\S]*\[\/INST\]$/.test(body.prompt)) return "Malformed input request: prompt must be <s>[INST] … [/INST]";
  } else {
    const extra = extraneousKey(body, CHAT);
    if (extra) return extra;
    if (!Array.isArray(body.messages)) return "Malformed input request: #: required key [messages] not found";
    if (body.tool_choice !== undefined && !["auto", "any", "none"].includes(body.tool_choice)) return "Malformed input request: tool_choice must be auto, any or none";
  }
  return numberIn(body, "temperature", 0, 1) ?? numberIn(body, "top_p", 0, 1);
}

export const promptOf = (body) => ("prompt" in body ? body.prompt : messagesText(body.messages));
export const schemaOf = (body) => body.tools?.[0]?.function?.parameters ?? schemaInPrompt(promptOf(body));

export function respond(body, answer, usage) {
  if ("prompt" in body) return { outputs: [{ text: jsonReply(answer), stop_reason: "stop" }] };
  const tool = body.tools?.[0]?.function?.name;
  const message = answer && tool && body.tool_choice === "any"
    ? { role: "assistant", content: "", tool_calls: [{ id: id("call"), function: { name: tool, arguments: JSON.stringify(answer) } }] }
    : { role: "assistant", content: jsonReply(answer) };
  return { id: id("cmpl-"), object: "chat.completion", choices: [{ index: 0, message, stop_reason: message.tool_calls ? "tool_calls" : "stop" }], usage: { prompt_tokens: usage.inputTokens, completion_tokens: usage.outputTokens, total_tokens: usage.inputTokens + usage.outputTokens } };
}

/**
 * The same answer as a Mistral stream. Text models (reference §3.5): `outputs[0].text` pieces,
 * then a last chunk with no text, `stop_reason` and Bedrock's metrics. Chat models (shape
 * UNCONFIRMED; this is the emulator's assumption): chat.completion.chunk objects whose
 * `choices[0].message` carries the next piece (content, or the tool call's `arguments` with the
 * call's index, its id and name on the first piece), `stop_reason` on the last chunk.
 */
export function streamChunks(body, answer, usage) {
  const whole = respond(body, answer, usage);
  const metrics = { "amazon-bedrock-invocationMetrics": invocationMetrics(usage) };
  if ("prompt" in body) {
    const events = textPieces(whole.outputs[0].text).map((text) => ({ outputs: [{ text, stop_reason: null }] }));
    events.push({ outputs: [{ text: "", stop_reason: whole.outputs[0].stop_reason }], ...metrics });
    return events;
  }
  const { message, stop_reason } = whole.choices[0];
  const chunk = (part, reason = null) => ({ id: whole.id, object: "chat.completion.chunk", choices: [{ index: 0, message: part, stop_reason: reason }] });
  const events = [chunk({ role: "assistant", content: "" })];
  for (const [i, call] of (message.tool_calls ?? []).entries()) {
    textPieces(call.function.arguments).forEach((piece, n) => {
      const fn = n === 0 ? { name: call.function.name, arguments: piece } : { arguments: piece };
      events.push(chunk({ tool_calls: [n === 0 ? { index: i, id: call.id, type: "function", function: fn } : { index: i, function: fn }] }));
    });
  }
  if (!message.tool_calls) for (const content of textPieces(message.content)) events.push(chunk({ content }));
  events.push({ ...chunk({ content: "" }, stop_reason), ...metrics });
  return events;
}
