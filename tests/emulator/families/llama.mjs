// Meta Llama 3.x: a prompt in the Llama 3 chat template; answers `generation` text. (Llama 4 is
// Converse only, and refuses both streams: models.mjs.)
import { extraneousKey, numberIn, jsonReply, schemaInPrompt, textPieces, invocationMetrics, tokensSoFar } from "./common.mjs";

export const name = "llama";
const ALLOWED = new Set(["prompt", "temperature", "top_p", "max_gen_len", "images"]);

export function validate(body) {
  const extra = extraneousKey(body, ALLOWED);
  if (extra) return extra;
  if (typeof body.prompt !== "string" || !body.prompt.startsWith("<|begin_of_text|>")) return "Malformed input request: prompt must use the Llama 3 chat template";
  if (!body.prompt.endsWith("<|start_header_id|>assistant<|end_header_id|>\n\n")) return "Malformed input request: prompt must end with the assistant header";
  return numberIn(body, "max_gen_len", 1, 2048) ?? numberIn(body, "temperature", 0, 1) ?? numberIn(body, "top_p", 0, 1);
}

export const promptOf = (body) => body.prompt;
export const schemaOf = (body) => schemaInPrompt(body.prompt);

export function respond(body, answer, usage) {
  return { generation: jsonReply(answer), prompt_token_count: usage.inputTokens, generation_token_count: usage.outputTokens, stop_reason: "stop" };
}

/**
 * The same answer as a Llama stream (reference §3.4): the response's keys in every chunk,
 * `generation` in pieces, the prompt count on the first chunk only, a running generation
 * count; the last chunk has no text, the stop reason and Bedrock's metrics.
 */
export function streamChunks(body, answer, usage) {
  const pieces = textPieces(respond(body, answer, usage).generation);
  const events = pieces.map((generation, i) => ({
    generation,
    prompt_token_count: i === 0 ? usage.inputTokens : null,
    generation_token_count: tokensSoFar(usage.outputTokens, i, pieces.length),
    stop_reason: null,
  }));
  events.push({ generation: "", prompt_token_count: null, generation_token_count: usage.outputTokens, stop_reason: "stop", "amazon-bedrock-invocationMetrics": invocationMetrics(usage) });
  return events;
}
