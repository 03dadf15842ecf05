// Amazon Titan Text: inputText + camelCase textGenerationConfig; real responses say "FINISH".
import { extraneousKey, jsonReply, schemaInPrompt, textPieces, invocationMetrics, tokensSoFar } from "./common.mjs";

export const name = "titan";
const ALLOWED = new Set(["inputText", "textGenerationConfig"]);
const CONFIG = new Set(["temperature", "topP", "maxTokenCount", "stopSequences"]);

/**
 * Titan's maxTokenCount cap per model (Premier 3,072, Lite 4,096, Express 8,192: reference §3.3,
 * model-parameters-titan-text.html, not re-verified, M§2), from the model's row. The error text is
 * UNCONFIRMED; this one follows Bedrock's schema-validation style ("Malformed input request: #: …
 * please reformat your input and try again.", reference §2.2).
 */
export const maxTokenCountProblem = (n, cap) =>
  n > cap ? `Malformed input request: #/textGenerationConfig/maxTokenCount: ${n} is not less or equal to ${cap}, please reformat your input and try again.` : null;

export function validate(body, row) {
  const extra = extraneousKey(body, ALLOWED);
  if (extra) return extra;
  if (typeof body.inputText !== "string" || !body.inputText) return "Malformed input request: #: required key [inputText] not found";
  const bad = Object.keys(body.textGenerationConfig ?? {}).find((k) => !CONFIG.has(k));
  if (bad) return `Malformed input request: #/textGenerationConfig: extraneous key [${bad}] is not permitted`;
  const max = body.textGenerationConfig?.maxTokenCount;
  if (max !== undefined && !(Number.isInteger(max) && max >= 0)) return "Malformed input request: #/textGenerationConfig/maxTokenCount: expected type: Integer, please reformat your input and try again.";
  if (max !== undefined) return maxTokenCountProblem(max, row?.maxTokenCount ?? 8192);
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
