// Meta Llama 3.x / 4: a prompt in the Llama 3 chat template; answers `generation` text.
import { extraneousKey, numberIn, jsonReply, schemaInPrompt } from "./common.mjs";

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
