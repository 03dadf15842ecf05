// Converse (POST /model/{id}/converse) and ConverseStream (/converse-stream), as the emulator
// answers them: the request checked against the botocore service model
// (botocore/data/bedrock-runtime/2023-09-30/service-2.json @0e6e2404) [C§F], the per-model rules
// from models.mjs (and, for Claude, claude-rules.mjs), then the answer in the ConverseResponse
// shape [C§F.3] or as ConverseStream events [C§F.4].
//
// Error wording: structural errors use botocore's ParamValidationError text (botocore/validate.py:
// what a Python caller sees for the same mistake; the service's own wording is UNCONFIRMED); range
// constraints the client does not check use Coral's "1 validation error detected: …" form (seen
// for performanceConfig.latency, NousResearch/hermes-agent#34476) [M§12.2]. Model-side (Anthropic)
// errors carry the prefix "The model returned the following errors: "; Bedrock's own do not [C§F.5].
import { randomUUID } from "node:crypto";
import { id, jsonReply, schemaInPrompt, textPieces, signature, thinkingText } from "./families/common.mjs";
import { claudeProblem, viewOfConverse, thinkingOf, CONVERSE_PREFIX } from "./claude-rules.mjs";
import { schemaProblem } from "./schema-subset.mjs";
import { maxTokenCountProblem } from "./families/titan.mjs";
import { reasoningProblem, novaBlockEvents, TOOL_PREAMBLE } from "./families/nova.mjs";
import { WRITER_TOOL_MESSAGE } from "./models.mjs";

const TOP_LEVEL = ["messages", "system", "inferenceConfig", "toolConfig", "guardrailConfig", "additionalModelRequestFields", "promptVariables", "additionalModelResponseFieldPaths", "requestMetadata", "performanceConfig", "serviceTier", "outputConfig"];
const CONTENT_BLOCK = ["text", "image", "document", "video", "audio", "toolUse", "toolResult", "guardContent", "cachePoint", "reasoningContent", "citationsContent", "searchResult", "toolAddition", "toolRemoval"];
const SYSTEM_BLOCK = ["text", "guardContent", "cachePoint"];
const INFERENCE = ["maxTokens", "temperature", "topP", "stopSequences"];

// botocore validate.py messages.
const PY = (v) => (typeof v === "string" ? "<class 'str'>" : typeof v === "boolean" ? "<class 'bool'>" : Number.isInteger(v) ? "<class 'int'>" : typeof v === "number" ? "<class 'float'>" : Array.isArray(v) ? "<class 'list'>" : v === null ? "<class 'NoneType'>" : "<class 'dict'>");
const VALID = { str: "<class 'str'>", int: "<class 'int'>", list: "<class 'list'>, <class 'tuple'>", dict: "<class 'dict'>", bool: "<class 'bool'>", float: "<class 'float'>, <class 'decimal.Decimal'>, <class 'int'>" };
const badType = (path, v, t) => `Invalid type for parameter ${path}, value: ${JSON.stringify(v)}, type: ${PY(v)}, valid types: ${VALID[t]}`;
const unknown = (where, key, allowed) => `Unknown parameter in ${where}: "${key}", must be one of: ${allowed.join(", ")}`;
const missing = (where, key) => `Missing required parameter in ${where}: "${key}"`;
const union = (path, keys) => `Invalid number of parameters set for tagged union structure ${path}. Can only set one of the following keys: ${keys.join(", ")}.`;
const coral = (path, v, constraint) => `1 validation error detected: Value '${v}' at '${path}' failed to satisfy constraint: ${constraint}`;

const isObj = (v) => v !== null && typeof v === "object" && !Array.isArray(v);
const isNum = (v) => typeof v === "number" && Number.isFinite(v);

function keysProblem(obj, path, allowed, required = []) {
  if (!isObj(obj)) return badType(path, obj, "dict");
  const bad = Object.keys(obj).find((k) => !allowed.includes(k));
  if (bad) return unknown(path, bad, allowed);
  const need = required.find((k) => !(k in obj));
  return need ? missing(path, need) : null;
}

function unionProblem(obj, path, members) {
  if (!isObj(obj)) return badType(path, obj, "dict");
  const set = Object.keys(obj);
  const bad = set.find((k) => !members.includes(k));
  if (bad) return unknown(path, bad, members);
  return set.length === 1 ? null : union(path, members);
}

/** The first problem with the request's shape (service model), or null. */
export function shapeProblem(body) {
  if (!isObj(body)) return badType("input", body, "dict");
  const top = Object.keys(body).find((k) => !TOP_LEVEL.includes(k));
  if (top) return unknown("input", top, TOP_LEVEL);
  return messagesProblem(body.messages) ?? systemProblem(body.system) ?? inferenceProblem(body.inferenceConfig) ?? toolConfigProblem(body.toolConfig) ?? outputConfigProblem(body.outputConfig) ?? otherProblem(body);
}

function messagesProblem(messages) {
  // messages is optional in the model only for prompt-resource ARNs [C§F.1]; a model id needs them.
  if (messages === undefined) return coral("messages", "null", "Member must not be null");
  if (!Array.isArray(messages)) return badType("messages", messages, "list");
  if (messages.length === 0) return coral("messages", "[]", "Member must have length greater than or equal to 1");
  for (const [i, m] of messages.entries()) {
    const where = `messages[${i}]`;
    const p = keysProblem(m, where, ["role", "content"], ["role", "content"]);
    if (p) return p;
    if (!["user", "assistant", "system"].includes(m.role)) return coral(`messages.${i + 1}.member.role`, m.role, "Member must satisfy enum value set: [user, assistant, system]");
    if (!Array.isArray(m.content)) return badType(`${where}.content`, m.content, "list");
    for (const [j, block] of m.content.entries()) {
      const q = unionProblem(block, `${where}.content[${j}]`, CONTENT_BLOCK);
      if (q) return q;
      if ("text" in block && typeof block.text !== "string") return badType(`${where}.content[${j}].text`, block.text, "str");
    }
    // toolAddition / toolRemoval go in a system-role message (added 2026-07-31) [C§F.2]; any other
    // system-role content is refused (wording UNCONFIRMED).
    if (m.role === "system" && !m.content.every((b) => b.toolAddition || b.toolRemoval)) return "(emulator) A system-role message may only contain toolAddition or toolRemoval blocks.";
  }
  const turns = messages.filter((m) => m.role !== "system");
  // Bedrock's conversation-order rules; the texts are UNCONFIRMED here.
  if (turns[0]?.role !== "user") return "A conversation must start with a user message. Try again with a conversation that starts with a user message.";
  for (let i = 1; i < turns.length; i++) {
    if (turns[i].role === turns[i - 1].role) return "A conversation must alternate between user and assistant roles. Make sure the conversation alternates between user and assistant roles and try again.";
  }
  return null;
}

function systemProblem(system) {
  if (system === undefined) return null;
  if (!Array.isArray(system)) return badType("system", system, "list");
  for (const [i, block] of system.entries()) {
    const p = unionProblem(block, `system[${i}]`, SYSTEM_BLOCK);
    if (p) return p;
    if ("text" in block) {
      if (typeof block.text !== "string") return badType(`system[${i}].text`, block.text, "str");
      if (block.text.length === 0) return `Invalid length for parameter system[${i}].text, value: 0, valid min length: 1`;
    }
  }
  return null;
}

function inferenceProblem(cfg) {
  if (cfg === undefined) return null;
  const p = keysProblem(cfg, "inferenceConfig", INFERENCE);
  if (p) return p;
  // maxTokens ≥ 1; temperature and topP floats in [0, 1]; stopSequences 0–2500 non-empty strings [C§D notes, §F.2].
  if (cfg.maxTokens !== undefined) {
    if (!Number.isInteger(cfg.maxTokens)) return badType("inferenceConfig.maxTokens", cfg.maxTokens, "int");
    if (cfg.maxTokens < 1) return `Invalid value for parameter inferenceConfig.maxTokens, value: ${cfg.maxTokens}, valid min value: 1`;
  }
  for (const key of ["temperature", "topP"]) {
    const v = cfg[key];
    if (v === undefined) continue;
    if (!isNum(v)) return badType(`inferenceConfig.${key}`, v, "float");
    if (v < 0) return `Invalid value for parameter inferenceConfig.${key}, value: ${v}, valid min value: 0`;
    if (v > 1) return coral(`inferenceConfig.${key}`, v, "Member must have value less than or equal to 1");
  }
  if (cfg.stopSequences !== undefined) {
    if (!Array.isArray(cfg.stopSequences)) return badType("inferenceConfig.stopSequences", cfg.stopSequences, "list");
    if (cfg.stopSequences.length > 2500) return coral("inferenceConfig.stopSequences", `[…${cfg.stopSequences.length}]`, "Member must have length less than or equal to 2500");
    for (const [i, s] of cfg.stopSequences.entries()) {
      if (typeof s !== "string") return badType(`inferenceConfig.stopSequences[${i}]`, s, "str");
      if (s.length === 0) return `Invalid length for parameter inferenceConfig.stopSequences[${i}], value: 0, valid min length: 1`;
    }
  }
  return null;
}

function toolConfigProblem(tc) {
  if (tc === undefined) return null;
  const p = keysProblem(tc, "toolConfig", ["tools", "toolChoice"], ["tools"]);
  if (p) return p;
  if (!Array.isArray(tc.tools)) return badType("toolConfig.tools", tc.tools, "list");
  if (tc.tools.length === 0) return coral("toolConfig.tools", "[]", "Member must have length greater than or equal to 1");
  const names = [];
  for (const [i, tool] of tc.tools.entries()) {
    const where = `toolConfig.tools[${i}]`;
    const q = unionProblem(tool, where, ["toolSpec", "systemTool", "cachePoint"]);
    if (q) return q;
    if (!tool.toolSpec) continue;
    const spec = tool.toolSpec;
    const r = keysProblem(spec, `${where}.toolSpec`, ["name", "description", "inputSchema", "strict"], ["name", "inputSchema"]);
    if (r) return r;
    if (typeof spec.name !== "string") return badType(`${where}.toolSpec.name`, spec.name, "str");
    if (!/^[a-zA-Z0-9_-]{1,64}$/.test(spec.name)) return coral(`toolConfig.tools.${i + 1}.member.toolSpec.name`, spec.name, "Member must satisfy regular expression pattern: [a-zA-Z0-9_-]+");
    const s = unionProblem(spec.inputSchema, `${where}.toolSpec.inputSchema`, ["json"]);
    if (s) return s;
    if (spec.strict !== undefined && typeof spec.strict !== "boolean") return badType(`${where}.toolSpec.strict`, spec.strict, "bool");
    names.push(spec.name);
  }
  if (tc.toolChoice !== undefined) {
    const c = unionProblem(tc.toolChoice, "toolConfig.toolChoice", ["auto", "any", "tool"]);
    if (c) return c;
    if (tc.toolChoice.tool) {
      const t = keysProblem(tc.toolChoice.tool, "toolConfig.toolChoice.tool", ["name"], ["name"]);
      if (t) return t;
      if (!names.includes(tc.toolChoice.tool.name)) return "toolChoice names a tool that is not in tools";
    }
  }
  return null;
}

/** The JSON Schema of outputConfig.textFormat: a STRING in the service model [C§E.1]. */
export function textFormatSchema(body) {
  const s = body.outputConfig?.textFormat?.structure?.jsonSchema?.schema;
  try {
    return typeof s === "string" ? JSON.parse(s) : null;
  } catch {
    return null;
  }
}

function outputConfigProblem(oc) {
  if (oc === undefined) return null;
  const p = keysProblem(oc, "outputConfig", ["textFormat", "effort"]);
  if (p) return p;
  if (oc.effort !== undefined) {
    if (typeof oc.effort !== "string") return badType("outputConfig.effort", oc.effort, "str");
    if (oc.effort.length > 16) return coral("outputConfig.effort", oc.effort, "Member must have length less than or equal to 16");
  }
  if (oc.textFormat === undefined) return null;
  const tf = oc.textFormat;
  const q = keysProblem(tf, "outputConfig.textFormat", ["type", "structure"], ["type", "structure"]);
  if (q) return q;
  if (tf.type !== "json_schema") return coral("outputConfig.textFormat.type", tf.type, "Member must satisfy enum value set: [json_schema]");
  const u = unionProblem(tf.structure, "outputConfig.textFormat.structure", ["jsonSchema"]);
  if (u) return u;
  const js = tf.structure.jsonSchema;
  const r = keysProblem(js, "outputConfig.textFormat.structure.jsonSchema", ["schema", "name", "description"], ["schema"]);
  if (r) return r;
  // "`schema` is a String, not a JSON document" [C§E.1].
  if (typeof js.schema !== "string") return badType("outputConfig.textFormat.structure.jsonSchema.schema", js.schema, "str");
  try {
    JSON.parse(js.schema);
  } catch {
    return "(emulator) outputConfig.textFormat.structure.jsonSchema.schema is not valid JSON.";
  }
  return null;
}

function otherProblem(body) {
  if (body.additionalModelRequestFields !== undefined && !isObj(body.additionalModelRequestFields)) return badType("additionalModelRequestFields", body.additionalModelRequestFields, "dict");
  const paths = body.additionalModelResponseFieldPaths;
  if (paths !== undefined) {
    if (!Array.isArray(paths)) return badType("additionalModelResponseFieldPaths", paths, "list");
    const bad = paths.find((x) => typeof x !== "string");
    if (bad !== undefined) return badType("additionalModelResponseFieldPaths[0]", bad, "str");
  }
  const meta = body.requestMetadata;
  if (meta !== undefined) {
    if (!isObj(meta)) return badType("requestMetadata", meta, "dict");
    const n = Object.keys(meta).length;
    if (n < 1 || n > 16) return coral("requestMetadata", `{…${n}}`, "Member must have length between 1 and 16");
    const bad = Object.entries(meta).find(([, v]) => typeof v !== "string");
    if (bad) return badType(`requestMetadata.${bad[0]}`, bad[1], "str");
  }
  if (body.performanceConfig !== undefined) {
    const p = keysProblem(body.performanceConfig, "performanceConfig", ["latency"]);
    if (p) return p;
    const l = body.performanceConfig.latency;
    if (l !== undefined && !["standard", "optimized"].includes(l)) return coral("performanceConfig.latency", l, "Member must satisfy enum value set: [optimized, standard]"); // hermes-agent#34476
  }
  if (body.serviceTier !== undefined) {
    // A structure with a required `type`; a bare string is rejected (hermes-agent#34476) [M§12.1].
    const p = keysProblem(body.serviceTier, "serviceTier", ["type"], ["type"]);
    if (p) return p;
    if (!["priority", "default", "flex", "reserved"].includes(body.serviceTier.type)) return "service tier provided is invalid"; // [M§12.2]
    if (body.serviceTier.type === "reserved") return "Reservation not found."; // no reservation in the emulator [M§12.2]
  }
  if (body.guardrailConfig !== undefined) {
    const p = keysProblem(body.guardrailConfig, "guardrailConfig", ["guardrailIdentifier", "guardrailVersion", "trace", "streamProcessingMode"], ["guardrailIdentifier", "guardrailVersion"]);
    if (p) return p;
  }
  if (body.promptVariables !== undefined && !isObj(body.promptVariables)) return badType("promptVariables", body.promptVariables, "dict");
  return null;
}

// Native fields each family takes through additionalModelRequestFields. Claude: thinking,
// output_config, anthropic_beta, top_k, … (C§F.2); gpt-oss: reasoning_effort
// (ren8k/aws-gpt-oss-samples converse_stream.py) [M§4.1]; Nova: inferenceConfig.topK (AWS
// prompting-tool-troubleshooting.html) and reasoningConfig [M§1.4, §1.6]; Mistral: top_k
// (reference §3.5). Anything else (and everything for families whose native body is UNCONFIRMED)
// is refused.
const ADDITIONAL = {
  anthropic: ["thinking", "output_config", "anthropic_beta", "top_k", "tool_choice", "metadata", "stop_sequences"],
  openai: ["reasoning_effort"],
  nova: ["inferenceConfig", "reasoningConfig"],
  mistral: ["top_k"],
};

/** Model rules for a Converse body on `row`: the 400 message, or null. */
export function modelProblem(body, row, { stream }) {
  const claude = row.family === "anthropic";
  const add = body.additionalModelRequestFields ?? {};
  const allowed = ADDITIONAL[row.family] ?? [];
  const extraKey = Object.keys(add).find((k) => !allowed.includes(k));
  if (extraKey) {
    return claude ? `${CONVERSE_PREFIX}${extraKey}: Extra inputs are not permitted` : `Malformed input request: #: extraneous key [${extraKey}] is not permitted, please reformat your input and try again.`;
  }
  // vercel issue-17267-tool-choice-conflict.json @1cb74bcf [C§B.5].
  if (claude && add.tool_choice !== undefined && body.toolConfig?.toolChoice) {
    const member = Object.keys(body.toolConfig.toolChoice)[0];
    return `The additional field tool_choice/type conflicts with the existing field toolConfig.toolChoice.${member}. Remove tool_choice/type and try again.`;
  }
  const tc = body.toolConfig;
  if (tc) {
    if (row.toolChoices.length === 0) return WRITER_TOOL_MESSAGE(randomUUID()); // Writer: even "auto" [C§F.2]
    // "This model doesn't support tool use." (index ids 1128130414, 62589789919).
    if (!row.converseTools) return "This model doesn't support tool use.";
    // Many non-Claude models on ConverseStream (index id 70783786316) [C§H].
    if (stream && !row.streamTools) return "This model doesn't support tool use in streaming mode.";
    if (!claude) {
      // strands-agents/sdk-python#1241 (Llama, any); index id 1128130414 (Mistral Large 2402, tool) [C§F.2].
      const member = tc.toolChoice ? Object.keys(tc.toolChoice)[0] : null;
      if (member && !row.toolChoices.includes(member)) return unsupportedField(`toolConfig.toolChoice.${member}`);
      // Strict tools are documented for Claude only [C§E.1]; elsewhere UNCONFIRMED → refused, in the same words.
      const strict = tc.tools.findIndex((t) => t.toolSpec?.strict !== undefined);
      if (strict >= 0) return unsupportedField(`toolConfig.tools.${strict}.toolSpec.strict`);
    }
  }
  if (!claude && body.outputConfig) {
    // Nova, Llama, Pixtral: "This model doesn't support the outputConfig field. Remove outputConfig
    // and try again." (index ids 71295561445, 71045040363, 61578476423, 71493773792); the Nova 2
    // Lite card says Not supported [M§0]. effort is documented for Claude only [C§C.3].
    if (!row.structured || body.outputConfig.effort !== undefined) return unsupportedField("outputConfig");
    const problem = schemaProblem(textFormatSchema(body), "outputConfig.textFormat.structure.jsonSchema.schema");
    if (problem) return problem;
  }
  if (claude) {
    const problem = claudeProblem(viewOfConverse(body, textFormatSchema(body)), row);
    return problem ? CONVERSE_PREFIX + problem : null;
  }
  const max = body.inferenceConfig?.maxTokens;
  if (row.maxTokenCount && max !== undefined) {
    const problem = maxTokenCountProblem(max, row.maxTokenCount); // Titan caps, as on InvokeModel (UNCONFIRMED on Converse)
    if (problem) return problem;
  }
  if (row.family === "openai" && add.reasoning_effort !== undefined && !["low", "medium", "high"].includes(add.reasoning_effort)) {
    return `Malformed input request: #/reasoning_effort: ${JSON.stringify(add.reasoning_effort)} is not a valid enum value, please reformat your input and try again.`;
  }
  if (row.family === "nova") {
    if (add.inferenceConfig !== undefined) {
      const bad = Object.keys(add.inferenceConfig ?? {}).find((k) => k !== "topK");
      if (bad) return `Malformed input request: #/inferenceConfig: extraneous key [${bad}] is not permitted, please reformat your input and try again.`;
    }
    return reasoningProblem(add.reasoningConfig, body.inferenceConfig ?? {});
  }
  return null;
}

/** Bedrock's words for a request field a model does not take (strands-agents/sdk-python#1241; index id 71295561445). */
const unsupportedField = (path) => `This model doesn't support the ${path} field. Remove ${path} and try again.`;

const textBlocks = (content) => (content ?? []).filter((b) => typeof b.text === "string").map((b) => b.text).join("\n");

/** The last user message's text (where the items are) and the system text. */
export function converseTexts(body) {
  const user = [...(body.messages ?? [])].reverse().find((m) => m.role === "user");
  return { prompt: textBlocks(user?.content), system: textBlocks(body.system) };
}

/**
 * What the answer must be: structured output (outputConfig.textFormat, or Claude's
 * output_config.format through additionalModelRequestFields as vercel sends it, C§E.1) as a
 * text block holding the JSON [C§E.3]; a tool call (the chosen tool, else a strict one, else the
 * first); or JSON text following the schema written in the prompt.
 */
export function conversePlan(body) {
  const structured = textFormatSchema(body) ?? body.additionalModelRequestFields?.output_config?.format?.schema;
  if (structured) return { mode: "structured", schema: structured };
  const specs = (body.toolConfig?.tools ?? []).filter((t) => t.toolSpec).map((t) => t.toolSpec);
  if (specs.length > 0) {
    const spec = specs.find((s) => s.name === body.toolConfig.toolChoice?.tool?.name) ?? specs.find((s) => s.strict === true) ?? specs[0];
    return { mode: "tool", schema: spec.inputSchema?.json ?? null, toolName: spec.name };
  }
  const { prompt, system } = converseTexts(body);
  return { mode: "text", schema: schemaInPrompt(prompt) ?? schemaInPrompt(system) };
}

/** null, or {display} when the request makes the model think (Claude only). */
export function converseThinking(body, row) {
  return row.family === "anthropic" ? thinkingOf(viewOfConverse(body, textFormatSchema(body)), row) : null;
}

/** Answer content blocks, in order. */
function contentOf(row, body, answer, ctx) {
  const plan = conversePlan(body);
  const content = [];
  if (ctx.thinking) content.push({ reasoningContent: { reasoningText: { text: thinkingText(ctx.thinking), signature: signature() } } });
  // gpt-oss "emits a reasoningContent block before the schema-compliant text block" (index id 61578476423).
  if (row.family === "openai") content.push({ reasoningContent: { reasoningText: { text: "The user wants labels as JSON." } } });
  if (row.family === "nova" && body.additionalModelRequestFields?.reasoningConfig?.type === "enabled") content.push({ reasoningContent: { reasoningText: { text: "[REDACTED]" } } }); // M§1.6
  if (answer && plan.mode === "tool") {
    if (row.family === "nova" && ctx.toolPreamble !== false) content.push({ text: TOOL_PREAMBLE }); // M§1.4
    content.push({ toolUse: { toolUseId: id("tooluse_"), name: plan.toolName, input: answer } });
  } else if (!answer) {
    content.push({ text: "I could not find any items to label." });
  } else {
    // Claude, Nova and structured answers: the JSON alone; other models put some prose around it.
    const bare = plan.mode === "structured" || ["anthropic", "nova"].includes(row.family);
    content.push({ text: bare ? JSON.stringify(answer) : jsonReply(answer) });
  }
  return content;
}

/** The ConverseResponse [C§F.3]: usage with the unmodeled cache counters and serverToolUsage, metrics.latencyMs. */
export function converseRespond(row, body, answer, usage, ctx = {}) {
  const content = contentOf(row, body, answer, ctx);
  return {
    output: { message: { role: "assistant", content } },
    stopReason: content.some((b) => b.toolUse) ? "tool_use" : "end_turn",
    usage: {
      inputTokens: usage.inputTokens,
      outputTokens: usage.outputTokens,
      // Cache counts apart from inputTokens, in the total (M§11.4; exclusion unverified). The
      // recorded Converse responses carry all four counters, 0 without a checkpoint.
      totalTokens: usage.inputTokens + usage.outputTokens + (usage.cacheRead ?? 0) + (usage.cacheWrite ?? 0),
      cacheReadInputTokens: usage.cacheRead ?? 0,
      cacheWriteInputTokens: usage.cacheWrite ?? 0,
      cacheReadInputTokenCount: usage.cacheRead ?? 0,
      cacheWriteInputTokenCount: usage.cacheWrite ?? 0,
      serverToolUsage: {},
    },
    metrics: { latencyMs: ctx.latencyMs ?? 0 },
    // The tier that served it, when one was asked for (M§12.1).
    ...(ctx.serviceTier ? { serviceTier: { type: ctx.serviceTier } } : {}),
  };
}

/**
 * ConverseStream events `{event, payload}` [C§F.4, §G]: messageStart; reasoning as
 * contentBlockDelta reasoningContent text pieces (the last one empty) and one signature delta,
 * with no contentBlockStart; text as deltas on one index (Nova: one index per delta, each closed
 * at once, as its InvokeModel stream [M§1.7]); a tool call as contentBlockStart toolUse + string
 * input deltas; contentBlockStop; messageStop (Claude text adds additionalModelResponseFields
 * {delta: {stop_sequence: null}}); metadata with usage (and serverToolUsage) and metrics.
 */
export function converseStreamEvents(row, body, answer, usage, ctx = {}) {
  const whole = converseRespond(row, body, answer, usage, ctx);
  const content = whole.output.message.content;
  const events = [{ event: "messageStart", payload: { role: "assistant" } }];
  const push = (event, payload) => events.push({ event, payload });
  if (row.family === "nova") {
    for (const [event, payload] of novaBlockEvents(content)) push(event, payload);
  } else {
    content.forEach((block, contentBlockIndex) => {
      if (block.reasoningContent) {
        const { text, signature: sig } = block.reasoningContent.reasoningText;
        if (text) for (const piece of [...textPieces(text), ""]) push("contentBlockDelta", { contentBlockIndex, delta: { reasoningContent: { text: piece } } });
        if (sig) push("contentBlockDelta", { contentBlockIndex, delta: { reasoningContent: { signature: sig } } });
      } else if (block.toolUse) {
        const { toolUseId, name, input } = block.toolUse;
        push("contentBlockStart", { contentBlockIndex, start: { toolUse: { toolUseId, name } } });
        for (const piece of textPieces(JSON.stringify(input))) push("contentBlockDelta", { contentBlockIndex, delta: { toolUse: { input: piece } } });
      } else {
        for (const piece of textPieces(block.text)) push("contentBlockDelta", { contentBlockIndex, delta: { text: piece } });
      }
      push("contentBlockStop", { contentBlockIndex });
    });
  }
  const stop = { stopReason: whole.stopReason };
  if (row.family === "anthropic" && whole.stopReason === "end_turn") stop.additionalModelResponseFields = { delta: { stop_sequence: null } };
  push("messageStop", stop);
  const { inputTokens, outputTokens, totalTokens } = whole.usage;
  // TokenUsage's modeled cache members on the stream's metadata (botocore, M§11.4), for requests
  // with a checkpoint: the recorded streams without one have none.
  const cache = usage.cacheRead === undefined ? {} : { cacheReadInputTokens: usage.cacheRead, cacheWriteInputTokens: usage.cacheWrite };
  push("metadata", { usage: { inputTokens, outputTokens, totalTokens, ...cache, serverToolUsage: {} }, metrics: { latencyMs: ctx.latencyMs ?? 0 }, ...(ctx.serviceTier ? { serviceTier: { type: ctx.serviceTier } } : {}) });
  return events;
}
