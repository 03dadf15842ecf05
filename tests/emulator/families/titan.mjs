// Amazon Titan Text: inputText + camelCase textGenerationConfig; real responses say "FINISH".
import { extraneousKey, jsonReply, schemaInPrompt } from "./common.mjs";

export const name = "titan";
const ALLOWED = new Set(["inputText", "textGenerationConfig"]);
const CONFIG = new Set(["temperature", "topP", "maxTokenCount", "stopSequences"]);

export function validate(body) {
  const extra = extraneousKey(body, ALLOWED);
  if (extra) return extra;
  if (typeof body.inputText !== "string" || !body.inputText) return "Malformed input request: #: required key [inputText] not found";
  const bad = Object.keys(body.textGenerationConfig ?? {}).find((k) => !CONFIG.has(k));
  if (bad) return `Malformed input request: #/textGenerationConfig: extraneous key [${bad}] is not permitted`;
  const max = body.textGenerationConfig?.maxTokenCount;
  if (max !== undefined && !(max >= 0 && max <= 8192)) return "Malformed input request: #/textGenerationConfig/maxTokenCount: 8192 is the maximum";
  return null;
}

export const promptOf = (body) => body.inputText;
export const schemaOf = (body) => schemaInPrompt(body.inputText);

export function respond(body, answer, usage) {
  return { inputTextTokenCount: usage.inputTokens, results: [{ tokenCount: usage.outputTokens, outputText: jsonReply(answer), completionReason: "FINISH" }] };
}
