// Reading the popup's fields into a PredictLabelsRequest, and its settings in and out. Pure
// functions over strings where possible, so Node tests can check them without a browser.

import { FIELDS, TEXT_SPLITS, readFields, writeFields, usesAdvanced } from "./settings-fields.js";

export { TEXT_SPLITS };

/** Labels typed one per line, or comma-separated on one line. Blank entries are dropped. */
export function parseLabels(text) {
  const parts = text.includes("\n") ? text.split(/\r?\n/) : text.split(",");
  return parts.map((s) => s.trim()).filter((s) => s.length > 0);
}

/**
 * The items in the texts box. "line" (the default): one item per line, blank lines are not
 * items. "blank": items are separated by one or more blank (or whitespace-only) lines, so an
 * item may span several lines; its line breaks are kept (as "\n"), blank lines around it are not.
 */
export function parseTexts(text, split = "line") {
  if (split !== "blank") return text.split(/\r?\n/).filter((line) => line.trim().length > 0);
  return text
    .replace(/\r\n?/g, "\n")
    .split(/\n(?:[ \t]*\n)+/)
    .map((item) => item.replace(/^(?:[ \t]*\n)+|(?:\n[ \t]*)+$/g, ""))
    .filter((item) => item.trim().length > 0);
}

/** Request field → the input that holds it, to point at a field an error names. */
export const FIELD_INPUTS = {
  credentials: "access-key-id",
  "credentials.accessKeyId": "access-key-id",
  "credentials.secretAccessKey": "secret-access-key",
  "credentials.sessionToken": "session-token",
  region: "region",
  modelId: "model-id",
  labels: "labels",
  texts: "texts",
  instructions: "instructions",
  temperature: "temperature",
  endpoint: "endpoint",
  task: "task",
  batchSize: "batch-size",
  family: "family",
  baseModelId: "family",
  api: "api",
  serviceTier: "service-tier",
  tokensPerMinute: "tokens-per-minute",
  adaptations: "model-id",
};

/**
 * The input an InvalidInput error is about, if any: from its `field` (the path of the request
 * field at fault: "labels[2]", "credentials.secretAccessKey"). An error without one (made by the
 * extension's own scripts, or stored by an older version), or a bare message, is read from
 * the message's start instead ("labels[2]: …" → "labels").
 */
export function inputForError(error) {
  const message = typeof error === "string" ? error : error?.message;
  const path = (typeof error === "object" && error?.field) || /^([A-Za-z.]+)(?:\[\d+\])?[.:]/.exec(message ?? "")?.[1];
  if (!path) return null;
  const field = path.replace(/\[\d+\]/g, "");
  return FIELD_INPUTS[field] ?? FIELD_INPUTS[field.split(".")[0]] ?? null;
}

const value = (doc, id) => doc.getElementById(id).value;

export function readRequest(doc) {
  const request = {
    credentials: {
      accessKeyId: value(doc, "access-key-id"),
      secretAccessKey: value(doc, "secret-access-key"),
    },
    region: value(doc, "region"),
    modelId: value(doc, "model-id").trim(),
    labels: parseLabels(value(doc, "labels")),
    texts: parseTexts(value(doc, "texts"), value(doc, "text-split")),
    task: value(doc, "task"),
  };
  const token = value(doc, "session-token");
  if (token.trim()) request.credentials.sessionToken = token;
  const instructions = value(doc, "instructions").trim();
  if (instructions) request.instructions = instructions;
  const temperature = value(doc, "temperature").trim();
  if (temperature !== "") request.temperature = Number(temperature);
  const endpoint = value(doc, "endpoint").trim();
  if (endpoint) request.endpoint = endpoint;
  const batchSize = value(doc, "batch-size").trim();
  if (batchSize !== "") request.batchSize = Number(batchSize);
  const family = value(doc, "family");
  if (family) request.family = family;
  const api = value(doc, "api");
  if (api) request.api = api;
  const tier = doc.getElementById("service-tier")?.value ?? "";
  if (tier) request.serviceTier = tier;
  request.stream = doc.getElementById("stream").checked;
  return request;
}

/** Non-secret settings to persist (credentials are never part of them): the popup's FIELDS. */
export function readSettings(doc) {
  return readFields(doc, FIELDS);
}

/** Puts saved settings (loadSettings) back in the fields; unknown values fall back to defaults. */
export function writeSettings(doc, s) {
  writeFields(doc, s, FIELDS);
  // Advanced settings in use are shown, not hidden behind the fold.
  if (usesAdvanced(s) && doc.getElementById("endpoint")) doc.getElementById("endpoint").closest("details").open = true;
}
