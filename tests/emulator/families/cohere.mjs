// Cohere Command R / R+: message + preamble; sampling as `p`/`k` (top_p is rejected).
import { id, extraneousKey, numberIn, jsonReply, schemaInPrompt } from "./common.mjs";

export const name = "cohere";
const ALLOWED = new Set(["message", "chat_history", "documents", "search_queries_only", "preamble", "max_tokens", "temperature", "p", "k", "prompt_truncation", "frequency_penalty", "presence_penalty", "seed", "return_prompt", "tools", "tool_results", "stop_sequences", "raw_prompting"]);

export function validate(body) {
  const extra = extraneousKey(body, ALLOWED);
  if (extra) return extra;
  if (typeof body.message !== "string" || !body.message) return "Malformed input request: #: required key [message] not found";
  return numberIn(body, "temperature", 0, 1) ?? numberIn(body, "p", 0, 0.99);
}

export const promptOf = (body) => body.message;
export const schemaOf = (body) => schemaInPrompt(body.message);

export function respond(body, answer, usage) {
  return { response_id: id(""), text: "```json\n" + JSON.stringify(answer ?? {}) + "\n```", generation_id: id(""), chat_history: [], finish_reason: "COMPLETE", meta: { billed_units: { input_tokens: usage.inputTokens, output_tokens: usage.outputTokens } } };
}
