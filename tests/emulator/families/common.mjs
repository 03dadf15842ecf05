// Helpers shared by the emulator's family modules.
import { randomUUID } from "node:crypto";
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
