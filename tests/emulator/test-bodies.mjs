// Request bodies shaped like the labeler's, for the emulator's self-tests.

export const LABELS = ["sports", "politics", "weather"];
export const ITEMS = [
  { id: "1", text: "The sports final went to extra time" },
  { id: "2", text: "Heavy weather expected tonight" },
];
export const EXPECTED = { results: [{ id: "1", label: "sports" }, { id: "2", label: "weather" }] };

/** The labeler's answer schema: {results: [{id, label}]}, every object closed. */
export const SCHEMA = {
  type: "object",
  properties: {
    results: {
      type: "array",
      items: {
        type: "object",
        properties: { id: { type: "string", enum: ITEMS.map((i) => i.id) }, label: { type: "string", enum: LABELS } },
        required: ["id", "label"],
        additionalProperties: false,
      },
    },
  },
  required: ["results"],
  additionalProperties: false,
};

export const PROMPT = `Label each item with one of: ${LABELS.join(", ")}.\n<items>\n${JSON.stringify(ITEMS)}\n</items>`;
/** The prompt of a JSON-text request: the schema written after "It must match this JSON schema: ". */
export const TEXT_PROMPT = `${PROMPT}\nAnswer with JSON only. It must match this JSON schema: ${JSON.stringify(SCHEMA)}\n`;

const TOOL = { name: "record_labels", description: "Record the labels.", input_schema: SCHEMA };

/** A Claude InvokeModel body; `mode`: "forced" | "strict" | "structured" | "text". */
export function claudeBody(mode = "forced", over = {}) {
  const body = { anthropic_version: "bedrock-2023-05-31", max_tokens: 1000, system: "You label texts.", messages: [{ role: "user", content: [{ type: "text", text: mode === "text" ? TEXT_PROMPT : PROMPT }] }] };
  if (mode === "forced") Object.assign(body, { tools: [TOOL], tool_choice: { type: "tool", name: "record_labels" } });
  if (mode === "strict") Object.assign(body, { tools: [{ ...TOOL, strict: true }], tool_choice: { type: "auto" } });
  if (mode === "structured") body.output_config = { format: { type: "json_schema", schema: SCHEMA } };
  return { ...body, ...over };
}

/** A Converse body; `mode`: "forced" | "auto" | "strict" | "structured" | "text". */
export function converseBody(mode = "text", over = {}) {
  const body = { messages: [{ role: "user", content: [{ text: mode === "text" ? TEXT_PROMPT : PROMPT }] }], system: [{ text: "You label texts." }], inferenceConfig: { maxTokens: 1000 } };
  const spec = { name: "record_labels", description: "Record the labels.", inputSchema: { json: SCHEMA } };
  if (mode === "forced") body.toolConfig = { tools: [{ toolSpec: spec }], toolChoice: { tool: { name: "record_labels" } } };
  if (mode === "auto") body.toolConfig = { tools: [{ toolSpec: spec }], toolChoice: { auto: {} } };
  if (mode === "strict") body.toolConfig = { tools: [{ toolSpec: { ...spec, strict: true } }], toolChoice: { auto: {} } };
  if (mode === "structured") body.outputConfig = { textFormat: { type: "json_schema", structure: { jsonSchema: { schema: JSON.stringify(SCHEMA), name: "labels", description: "The labels." } } } };
  return { ...body, ...over };
}

/** A Nova messages-v1 body: a forced tool, or JSON text. */
export function novaBody(mode = "forced", over = {}) {
  const body = { schemaVersion: "messages-v1", system: [{ text: "You label texts." }], messages: [{ role: "user", content: [{ text: mode === "text" ? TEXT_PROMPT : PROMPT }] }], inferenceConfig: { max_new_tokens: 500 } };
  if (mode === "forced") body.toolConfig = { tools: [{ toolSpec: { name: "record_labels", description: "Record the labels.", inputSchema: { json: SCHEMA } } }], toolChoice: { tool: { name: "record_labels" } } };
  return { ...body, ...over };
}

export const titanBody = (maxTokenCount) => ({ inputText: `User: ${TEXT_PROMPT}\nBot:`, textGenerationConfig: { maxTokenCount, temperature: 0 } });
export const gptOssBody = (over = {}) => ({ messages: [{ role: "system", content: "You label texts." }, { role: "user", content: TEXT_PROMPT }], max_completion_tokens: 500, ...over });
