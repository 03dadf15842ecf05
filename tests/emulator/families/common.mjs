// Helpers shared by the emulator's family modules.
import { randomUUID, randomBytes } from "node:crypto";
import { schemaFromPrompt } from "../answering.mjs";

export const id = (prefix) => `${prefix}${randomUUID().replace(/-/g, "").slice(0, 24)}`;

/** Rejects keys a family does not document, as Bedrock's schema validation does. */
export function extraneousKey(body, allowed) {
  if (body === null || typeof body !== "object" || Array.isArray(body)) return "Malformed input request: expected a JSON object, please reformat your input and try again.";
  const bad = Object.keys(body).find((k) => !allowed.has(k));
  return bad ? `Malformed input request: #: extraneous key [${bad}] is not permitted, please reformat your input and try again.` : null;
}

export function numberIn(body, key, min, max) {
  const v = body[key];
  if (v === undefined) return null;
  return typeof v === "number" && v >= min && v <= max ? null : `Malformed input request: #/${key}: must be a number between ${min} and ${max}, please reformat your input and try again.`;
}

/** The answer text a JSON-text model writes, with some prose around it, as real models do. */
export const jsonReply = (answer) => (answer ? `Here are the labels:\n${JSON.stringify(answer)}` : "I could not find any items to label.");

/** Schema from a prompt that asks for JSON text. */
export const schemaInPrompt = (prompt) => schemaFromPrompt(prompt);

/** Text of OpenAI-style messages. */
export const messagesText = (messages) => (messages ?? []).map((m) => (typeof m.content === "string" ? m.content : "")).join("\n");

/** How many characters of an answer go in one streamed chunk. */
export const STREAM_PIECE_CHARS = 12;

/** `text` in pieces of STREAM_PIECE_CHARS code points (never half a surrogate pair, as a model
 * never sends half a character). */
export function textPieces(text) {
  const chars = Array.from(text);
  const out = [];
  for (let at = 0; at < chars.length; at += STREAM_PIECE_CHARS) out.push(chars.slice(at, at + STREAM_PIECE_CHARS).join(""));
  return out;
}

/** Bedrock's `amazon-bedrock-invocationMetrics`, which it adds to the last chunk of a stream. */
export const invocationMetrics = (usage) => ({ inputTokenCount: usage.inputTokens, outputTokenCount: usage.outputTokens, invocationLatency: 0, firstByteLatency: 0 });

/** A running output-token count for chunk `i` of `n` (the last one says `total`). */
export const tokensSoFar = (total, i, n) => Math.max(1, Math.floor((total * (i + 1)) / (n + 1)));

/**
 * Thinking, as the emulator's model does it: billed as output tokens even when its text is
 * omitted (Opus 5 page: "max_tokens is a hard limit on total output (thinking plus response
 * text)") [C§C.4]; an opaque base64 signature; a summary only with display "summarized".
 */
export const THINKING_TOKENS = 32;
export const THINKING_SUMMARY = "The user wants each item labelled with the allowed labels. I will answer in the requested format only.";
export const signature = () => randomBytes(48).toString("base64");
export const thinkingText = (thinking) => (thinking?.display === "summarized" ? THINKING_SUMMARY : "");
