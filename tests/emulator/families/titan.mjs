// Amazon Titan Text: inputText + camelCase textGenerationConfig; real responses say "FINISH".
import { extraneousKey, jsonReply, schemaInPrompt, textPieces, invocationMetrics, tokensSoFar } from "./common.mjs";

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

/**
 * The same answer as a Titan stream (reference §3.3): `outputText` pieces of result 0 with a
 * running `totalOutputTextTokenCount`; the input count on the first chunk; the last chunk
 * carries the completion reason (FINISH, as real responses say) and Bedrock's metrics, and
 * here no text (real last chunks may carry some: the reader's tests cover both).
 */
export function streamChunks(body, answer, usage) {
  const pieces = textPieces(respond(body, answer, usage).results[0].outputText);
  const events = pieces.map((outputText, i) => ({
    outputText,
    index: 0,
    totalOutputTextTokenCount: tokensSoFar(usage.outputTokens, i, pieces.length),
    completionReason: null,
    inputTextTokenCount: i === 0 ? usage.inputTokens : null,
  }));
  events.push({ outputText: "", index: 0, totalOutputTextTokenCount: usage.outputTokens, completionReason: "FINISH", inputTextTokenCount: null, "amazon-bedrock-invocationMetrics": invocationMetrics(usage) });
  return events;
}
