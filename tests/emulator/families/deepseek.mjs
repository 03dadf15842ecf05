// DeepSeek R1: a text prompt in DeepSeek's template; the answer text starts with the model's
// reasoning, closed by </think>. Later DeepSeek models use chat messages (see chat.mjs).
import { extraneousKey, numberIn, jsonReply, schemaInPrompt } from "./common.mjs";
import { makeChatFamily } from "./chat.mjs";

export const name = "deepseek";
const ALLOWED = new Set(["prompt", "temperature", "top_p", "max_tokens", "stop"]);
const chat = makeChatFamily("deepseek");

export function validate(body) {
  if (!("prompt" in body)) return chat.validate(body);
  const extra = extraneousKey(body, ALLOWED);
  if (extra) return extra;
  if (!body.prompt.startsWith("<｜begin▁of▁sentence｜>") || !body.prompt.endsWith("<｜Assistant｜><think>\n")) return "Malformed input request: prompt must use DeepSeek's chat template";
  return numberIn(body, "max_tokens", 1, 32768) ?? numberIn(body, "temperature", 0, 1) ?? numberIn(body, "top_p", 0, 1);
}

export const promptOf = (body) => ("prompt" in body ? body.prompt : chat.promptOf(body));
export const schemaOf = (body) => schemaInPrompt(promptOf(body));

export function respond(body, answer, usage) {
  if (!("prompt" in body)) return chat.respond(body, answer, usage);
  // The reasoning mentions a wrong answer on purpose: the labeler must read what follows </think>.
  return { choices: [{ text: `Okay, the items... maybe {"results": []}? No.\n</think>\n\n${jsonReply(answer)}`, stop_reason: "stop" }] };
}
