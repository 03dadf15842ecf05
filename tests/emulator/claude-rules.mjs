// Anthropic's request rules for Claude on Bedrock, applied per model from the table in
// models.mjs. One set of rules for both APIs: InvokeModel's body and Converse (whose
// inferenceConfig, toolConfig, outputConfig and additionalModelRequestFields Bedrock turns into
// the same Anthropic request) are first reduced to a common "view".
//
// The messages are Anthropic's own. InvokeModel answers them as the plain {"message": "<msg>"}
// (the form seen for a direct InvokeModelWithResponseStream call, logancyang/obsidian-copilot#2601)
// [C§D.1 notes]; Converse prefixes "The model returned the following errors: " [C§F.5]. When several
// rules apply, which error Bedrock reports first is UNCONFIRMED; the order here is: refused fields,
// sampling, thinking, effort, forced tool, thinking with a forced tool, thinking with sampling,
// structured-output schemas, prefill.
import { schemaProblem } from "./schema-subset.mjs";

export const CONVERSE_PREFIX = "The model returned the following errors: "; // C§F.5

const extra = (path) => `${path}: Extra inputs are not permitted`;
const FORCED = new Set(["tool", "any"]);

/** The common view of an InvokeModel Claude body. */
export function viewOfInvoke(body) {
  return {
    api: "invoke",
    temperature: body.temperature,
    topP: body.top_p,
    topK: body.top_k,
    thinking: body.thinking,
    outputConfig: body.output_config,
    toolChoice: body.tool_choice?.type,
    tools: (body.tools ?? []).map((t) => ({ raw: t, name: t?.name, strict: t?.strict, schema: t?.input_schema })),
    lastRole: body.messages?.at?.(-1)?.role,
    maxTokens: body.max_tokens,
  };
}

/**
 * The common view of a Converse body sent to Claude. `thinking`, `top_k`, `output_config` travel
 * in additionalModelRequestFields (C§C.1, inspect_ai#3765); Converse's own outputConfig.effort and
 * outputConfig.textFormat become output_config.effort / output_config.format (C§E.1, §F.2).
 */
export function viewOfConverse(body, schemaOfTextFormat) {
  const add = body.additionalModelRequestFields ?? {};
  const choice = body.toolConfig?.toolChoice;
  const outputConfig = add.output_config || body.outputConfig ? { ...(add.output_config ?? {}) } : undefined;
  if (body.outputConfig?.effort !== undefined) outputConfig.effort = body.outputConfig.effort;
  if (body.outputConfig?.textFormat) outputConfig.format = { type: body.outputConfig.textFormat.type, schema: schemaOfTextFormat };
  return {
    api: "converse",
    temperature: body.inferenceConfig?.temperature,
    topP: body.inferenceConfig?.topP,
    topK: add.top_k,
    thinking: add.thinking,
    outputConfig,
    toolChoice: choice ? (choice.any ? "any" : choice.tool ? "tool" : "auto") : body.toolConfig ? "auto" : undefined,
    tools: (body.toolConfig?.tools ?? []).filter((t) => t.toolSpec).map((t) => ({ name: t.toolSpec.name, strict: t.toolSpec.strict, schema: t.toolSpec.inputSchema?.json })),
    lastRole: body.messages?.at?.(-1)?.role,
    maxTokens: body.inferenceConfig?.maxTokens,
  };
}

/** null, or `{ display }` when this request makes the model think (C§C.2). */
export function thinkingOf(view, row) {
  const type = view.thinking?.type;
  const on = row.thinking === "always" || (row.thinking === "default-on" && type !== "disabled") || ["enabled", "adaptive", "between_tools"].includes(type);
  return on ? { display: view.thinking?.display ?? row.thinkingDisplay } : null;
}

/** The Anthropic error message for `view` on model `row`, or null when the request is accepted. */
export function claudeProblem(view, row) {
  return (
    refusedFields(view, row) ??
    sampling(view, row) ??
    thinking(view, row) ??
    effort(view, row) ??
    forcedTool(view, row) ??
    thinkingWithSampling(view, row) ??
    schemas(view, row) ??
    prefill(view, row)
  );
}

function refusedFields(view, row) {
  const oc = view.outputConfig;
  if (oc !== undefined) {
    if (oc === null || typeof oc !== "object" || Array.isArray(oc)) return "output_config: Input should be a valid dictionary";
    for (const key of Object.keys(oc)) {
      // A model whose Bedrock schema lacks output_config.format: by analogy with the strict-tool
      // error (vercel issue-18199-sonnet-5-strict-error.json); exact wording UNCONFIRMED [C§E.2].
      if (key === "format" && !row.structured) return extra("output_config.format");
      // No effort parameter (Sonnet 4.5 per skills; Opus 4.5 only as a beta) [C§C.3]; wording UNCONFIRMED.
      if (key === "effort" && !row.efforts) return extra("output_config.effort");
      if (key !== "format" && key !== "effort") return extra(`output_config.${key}`);
    }
  }
  for (const [i, tool] of view.tools.entries()) {
    if (tool.strict === undefined) continue;
    // "The model returned the following errors: tools.0.custom.strict: Extra inputs are not
    // permitted" on Sonnet 5 (vercel issue-18199-sonnet-5-strict-error.json @c22969fa) [C§E.2].
    if (!row.structured) return extra(`tools.${i}.custom.strict`);
    if (typeof tool.strict !== "boolean") return `tools.${i}.custom.strict: Input should be a valid boolean`;
  }
  if (view.api === "invoke") {
    const TOOL_KEYS = new Set(["name", "description", "input_schema", "strict", "cache_control", "type", "input_examples"]);
    for (const [i, { raw }] of view.tools.entries()) {
      if (raw?.type !== undefined && raw.type !== "custom") continue; // Anthropic server tools
      const bad = Object.keys(raw ?? {}).find((k) => !TOOL_KEYS.has(k));
      if (bad) return extra(`tools.${i}.custom.${bad}`);
      if (typeof raw?.name !== "string" || !raw.name) return `tools.${i}.custom.name: Field required`;
      if (raw.input_schema === null || typeof raw.input_schema !== "object") return `tools.${i}.custom.input_schema: Field required`;
    }
  }
  return null;
}

function sampling(view, row) {
  const has = (v) => v !== undefined && v !== null;
  if (row.sampling === "deprecated") {
    // "`temperature` is deprecated for this model." / "`top_p` is deprecated for this model.",
    // with the backticks, any value including 1.0 [C§D.1].
    if (has(view.temperature)) return "`temperature` is deprecated for this model.";
    if (has(view.topP)) return "`top_p` is deprecated for this model.";
  }
  // top_k: sources disagree; refused where row.topK says so, by analogy (wording UNCONFIRMED) [C§D.1].
  if (row.topK === "deprecated" && has(view.topK)) return "`top_k` is deprecated for this model.";
  // AWS request/response page (Sonnet 4.5, Haiku 4.5); bedrock-access-gateway#238 [C§D.1].
  if (row.sampling === "one-of" && has(view.temperature) && has(view.topP)) return "`temperature` and `top_p` cannot both be specified for this model. Please use only one.";
  // Ranges are checked before this, by the body's schema (InvokeModel) or the service model (Converse).
  return null;
}

function thinking(view, row) {
  const t = view.thinking;
  if (t === undefined) return null;
  if (t === null || typeof t !== "object") return "thinking: Input should be a valid dictionary or object to extract fields from";
  const known = ["enabled", "disabled", "adaptive", ...(row.betweenTools ? ["between_tools"] : [])];
  // Opus 5.5 page, quoted identically in its zh-TW/zh-CN/ja copies [C§C.2]; used for every model
  // that cannot take the type (for the others by analogy: wording UNCONFIRMED).
  const notSupported = (type, use = `Use "thinking.type.adaptive" and "output_config.effort" to control thinking behavior.`) => `"thinking.type.${type}" is not supported for this model. ${use}`;
  if (!known.includes(t.type)) {
    if (t.type === "between_tools") return notSupported("between_tools");
    return `thinking: Input tag '${t.type}' found using 'type' does not match any of the expected tags: ${known.map((k) => `'${k}'`).join(", ")}`;
  }
  if (t.type === "disabled" && row.thinking === "always") return notSupported("disabled");
  if (t.type === "enabled") {
    if (!row.manualThinking) return notSupported("enabled");
    // LibreChat#8346 and vercel/ai#7927 (3.7 Sonnet, Opus 4.1) [C§C.2].
    if (!Number.isInteger(t.budget_tokens) || t.budget_tokens < 1024) return "thinking.enabled.budget_tokens: Input should be greater than or equal to 1024";
    if (Number.isInteger(view.maxTokens) && view.maxTokens <= t.budget_tokens) {
      return "`max_tokens` must be greater than `thinking.budget_tokens`. Please consult our documentation at https://docs.claude.com/en/docs/build-with-claude/extended-thinking#max-tokens-and-context-window-size";
    }
  }
  // `adaptive` is not available on 4.5 and earlier (skills model-migration.md) [C§C.2]; wording UNCONFIRMED.
  if (t.type === "adaptive" && !row.adaptiveThinking) return notSupported("adaptive", `Use "thinking.type.enabled" with "thinking.budget_tokens" instead.`);
  if (t.display !== undefined && !["summarized", "omitted"].includes(t.display)) return `thinking.${t.type}.display: Input should be 'summarized' or 'omitted'`;
  return null;
}

function effort(view, row) {
  const e = view.outputConfig?.effort;
  if (e === undefined) return null;
  if (!row.efforts.includes(e)) return `output_config.effort: Input should be ${row.efforts.map((x) => `'${x}'`).join(", ")}`;
  const high = e === "xhigh" || e === "max";
  // botocore OutputConfig.effort: "When extended thinking is disabled, the effort level is capped
  // at `high`" [C§C.3]; Opus 5 page ("disabled is accepted at effort high or below") [C§C.2].
  // The error text is UNCONFIRMED [C§I.5]; this one restates the botocore doc string.
  if (high && view.thinking?.type === "disabled" && row.disabledEffortCap) {
    return `output_config.effort: When thinking is disabled, the effort level is capped at 'high'. Use effort 'high' or below, or enable thinking to use higher effort levels.`;
  }
  // Sonnet 5.5: xhigh/max rejected together with between_tools (vercel release 358683e) [C§C.1]; text UNCONFIRMED.
  if (high && view.thinking?.type === "between_tools") return `output_config.effort: '${e}' is not supported with "thinking.type.between_tools".`;
  return null;
}

function forcedTool(view, row) {
  if (!FORCED.has(view.toolChoice)) return null;
  // Anthropic "What's new in Claude Opus 5.5"; vercel bedrock-opus-5-5-forced-tool-error.json [C§B.2].
  if (!row.forcedTool) return 'tool_choice: type "tool" and "any" are not supported for this model.';
  // mastra-ai/mastra#7507, can1357/oh-my-pi#341 (Sonnet 4.6 with thinking on) [C§B.3]; applied
  // also when a think-by-default model gets no `thinking` (likely, UNCONFIRMED [C§I.11]).
  if (thinkingOf(view, row)) return "Thinking may not be enabled when tool_choice forces tool use.";
  return null;
}

function thinkingWithSampling(view, row) {
  if (row.sampling === "deprecated" || !thinkingOf(view, row)) return null;
  // First-party Opus 4.8 error (mnfst/modelparams.dev#214) [C§D notes].
  if (view.temperature !== undefined && view.temperature !== 1) {
    return "`temperature` may only be set to 1 when thinking is enabled or in adaptive mode. Please consult our documentation at https://platform.claude.com/docs/en/build-with-claude/extended-thinking";
  }
  // top_p only between 0.95 and 1, top_k not at all, with thinking (MemberJunction summary of the
  // Anthropic docs) [C§D notes]; the exact strings are UNCONFIRMED.
  if (view.topP !== undefined && view.topP < 0.95) return "`top_p` must be greater than or equal to 0.95 or unset when thinking is enabled.";
  if (view.topK !== undefined) return "`top_k` is not supported when thinking is enabled.";
  return null;
}

function schemas(view, row) {
  if (!row.structured) return null;
  const format = view.outputConfig?.format;
  if (format !== undefined) {
    if (format?.type !== "json_schema") return `output_config.format.type: Input should be 'json_schema'`;
    if (format.schema === null || typeof format.schema !== "object") return "output_config.format.schema: Field required";
    const problem = schemaProblem(format.schema, "output_config.format.schema");
    if (problem) return problem;
  }
  for (const [i, tool] of view.tools.entries()) {
    if (tool.strict !== true) continue;
    const problem = schemaProblem(tool.schema, `tools.${i}.custom`);
    if (problem) return problem;
  }
  return null;
}

function prefill(view, row) {
  // Prefill returns a 400 on Opus 4.6 and later, Sonnet 4.6, Sonnet 5, Opus 5, Fable and Haiku 5.5
  // (skills SKILL.md; Haiku 5.5 articles) [C§H]; the exact string is UNCONFIRMED.
  if (!row.prefill && view.lastRole === "assistant") return "This model does not support assistant message prefill. The conversation must end with a user message.";
  return null;
}
