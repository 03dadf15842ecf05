// Every per-model fact the emulator applies, in one table keyed by base-model-id prefix (the
// longest matching prefix wins). Each row names its public source; the sources are the ones in
// docs/evidence/claude-and-converse.md ("C§…") and docs/evidence/models-and-quotas.md ("M§…"),
// and "reference" = the team's shared wire reference (bedrock-runtime.md, whose sources it names). Where a fact is UNCONFIRMED the row
// takes the stricter reading (the emulator is never more lenient than the evidence) and says so;
// `config.models` (POST /__emulator/config {"models": {"<prefix>": {field: value}}}) flips a field
// at run time without editing this file.
//
// Fields (defaults in BASE / CLAUDE below):
//   family          the body format module: anthropic | nova | titan | llama | mistral | cohere |
//                   jamba | deepseek | openai | converse (a Converse-only family, no native body)
//   exact           the base id must equal the prefix (the newest Claude ids have no date and no
//                   `-vN:M` suffix, C§A.1); anything longer is "The provided model identifier is invalid."
//   invalid         bedrock-runtime does not know the id: "The provided model identifier is invalid."
//   endOfLife       404 ResourceNotFoundException "This model version has reached the end of its life."
//   profileOnly     INFERENCE_PROFILE only: a bare id (or foundation-model ARN) gets the on-demand error
//   invoke          InvokeModel / InvokeModelWithResponseStream take the model (false: C§F.5 error)
//   invokeStream    true, or the ValidationException message InvokeModelWithResponseStream answers
//                   (a message wins over `invoke: false`)
//   converse        Converse takes the model
//   converseStream  true, or the ValidationException message ConverseStream answers (likewise)
//   structured      Converse outputConfig.textFormat / Claude output_config.format / strict tools
//   converseTools   Converse accepts toolConfig at all
//   streamTools     ConverseStream accepts toolConfig ("This model doesn't support tool use in streaming mode.")
//   toolChoices     Converse toolChoice members accepted (others: "This model doesn't support the
//                   toolConfig.toolChoice.<m> field. Remove toolConfig.toolChoice.<m> and try again.")
//   maxTokenCount   Titan textGenerationConfig.maxTokenCount cap
//   tiers           service tiers offered besides Standard ("flex", "priority"); any other tier
//                   asked for is refused (M§12.2). Only where a source names the model (M§12.3:
//                   AWS What's New 2025-11-18 "Amazon Bedrock introduces Priority and Flex
//                   inference service tiers", service-tiers-inference.html, model cards); models
//                   no source names offer none (the stricter reading).
//   burn            quota tokens per output token at settlement: 5 for Claude 3.7 and later, 1
//                   otherwise (M§10.3: AWS agent-toolkit-for-aws model-invocation.md; user guide
//                   quotas-token-burndown.html, its list cut off: Claude 5.x UNCONFIRMED, 5 kept)
//  Claude only (C§B–E):
//   forcedTool      accepts tool_choice {type: "tool" | "any"}
//   thinking        "off" (only when asked) | "default-on" (accepts disabled) | "always"
//   manualThinking  accepts thinking {type: "enabled", budget_tokens}
//   adaptiveThinking accepts thinking {type: "adaptive"}
//   betweenTools    accepts thinking {type: "between_tools"} (Sonnet 5.5)
//   disabledEffortCap thinking disabled only at effort high or below
//   thinkingDisplay default `display` of thinking blocks: "omitted" (empty text) | "summarized"
//   sampling        "any" | "one-of" (temperature and top_p not both) | "deprecated" (neither)
//   topK            "ok" | "deprecated"
//   efforts         accepted output_config.effort values, or null (no effort parameter)
//   prefill         accepts a last assistant message (prefill)

export const ON_DEMAND_MESSAGE = (id) =>
  // reference §2.2: real responses use the typographic apostrophe in "isn’t".
  `Invocation of model ID ${id} with on-demand throughput isn’t supported. Retry your request with the ID or ARN of an inference profile that contains this model.`;
export const INVALID_MODEL_MESSAGE = "The provided model identifier is invalid."; // reference §2.2
export const END_OF_LIFE_MESSAGE = "This model version has reached the end of its life."; // C§A.2 "Related facts" (index id 70783786316)
export const ACTION_UNSUPPORTED_MESSAGE = "This action doesn't support the model that you provided."; // C§F.5
export const TIER_INVALID_MESSAGE = "service tier provided is invalid"; // NousResearch/hermes-agent#34476 [M§12.2]
export const TIER_RESERVED_MESSAGE = "Reservation not found."; // no reservation in the emulator: hermes-agent#34476, envoyproxy/ai-gateway#1749 [M§12.2]
// A tier the model does not offer is a ValidationException (strands-agents/harness-sdk#1799);
// its exact text is not on record (UNCONFIRMED, M§12.2): this wording is the emulator's.
export const TIER_UNSUPPORTED_MESSAGE = (tier) => `The provided service tier (${tier}) is not supported for this model.`;

/** Why `tier` (the header value or serviceTier.type; undefined = not asked) is refused for `row`, or null. */
export function tierProblem(tier, row) {
  if (tier === undefined || tier === "default") return null;
  if (!["priority", "default", "flex", "reserved"].includes(tier)) return TIER_INVALID_MESSAGE;
  if (tier === "reserved") return TIER_RESERVED_MESSAGE;
  return row.tiers?.includes(tier) ? null : TIER_UNSUPPORTED_MESSAGE(tier);
}

const BASE = {
  family: null,
  exact: false,
  invalid: false,
  endOfLife: false,
  profileOnly: false,
  invoke: true,
  invokeStream: true,
  converse: true,
  converseStream: true,
  structured: false,
  converseTools: true,
  streamTools: false,
  toolChoices: ["auto"],
  maxTokenCount: null,
  tiers: [],
  burn: 1,
  source: "",
};

const CLAUDE = {
  ...BASE,
  family: "anthropic",
  // 5× output burndown from Claude 3.7 on (M§10.3); the Claude 3 / 3.5 rows set 1. No Claude
  // model offers Flex or Priority (Haiku 4.5 / Sonnet 4.5 cards: Standard + Reserved, M§0, §12.3).
  burn: 5,
  // Claude is unaffected by the streaming tool-use restriction (C§H); Claude 3.x through 5
  // accept toolChoice any/tool, except the forced-tool refusers (C§F.2).
  streamTools: true,
  toolChoices: ["auto", "any", "tool"],
  forcedTool: true,
  thinking: "off",
  manualThinking: true,
  adaptiveThinking: false,
  betweenTools: false,
  disabledEffortCap: false,
  thinkingDisplay: "summarized",
  sampling: "any",
  topK: "ok",
  efforts: null,
  prefill: true,
};

const ALL_EFFORTS = ["low", "medium", "high", "xhigh", "max"];

// Anthropic rows shared by several models.
// Sampling refused (C§D.1): vercel amazon-bedrock-opus-5-deprecated-sampling-parameter.json /
// -deprecated-top-p.json @5b7be1da; cline/cline#10572; Mintplex-Labs/anything-llm#5822;
// expectedparrot/edsl#2508 ("including 1.0"); Haiku 5.5 migration guide step 5. top_k: sources
// disagree (Anthropic "rejected" vs a vercel Opus 5 success fixture) → refused except Opus 5.
// Prefill refused on Opus 4.6+, Sonnet 4.6, Sonnet 5, Opus 5, Fable, Haiku 5.5 (C§H; exact string UNCONFIRMED).
// Thinking display defaults to "omitted" on Opus 4.7 and later and every 5.x model (C§C.1).
const NEW_CLAUDE = { ...CLAUDE, exact: true, sampling: "deprecated", topK: "deprecated", prefill: false, thinkingDisplay: "omitted", manualThinking: false, adaptiveThinking: true, efforts: ALL_EFFORTS };
// Adaptive thinking always on, cannot be disabled (C§C.2).
const ALWAYS_THINKS = { ...NEW_CLAUDE, thinking: "always" };
// Think by default, accept {type: "disabled"} at effort high or below (C§C.2).
const THINKS_BY_DEFAULT = { ...NEW_CLAUDE, thinking: "default-on", disabledEffortCap: true };
// Forced tool use refused (C§B.1) on top of always thinking.
const NO_FORCING = { ...ALWAYS_THINKS, forcedTool: false, toolChoices: ["auto"] };
// Claude 4.x before 4.7: thinking off unless asked; manual budgets accepted (C§C.1/C.2).
const CLAUDE_4 = { ...CLAUDE, sampling: "one-of" };

const row = (prefix, base, fields, source) => ({ ...base, ...fields, prefix, source });

export const MODELS = [
  // ------------------------------------------------------------------------- Anthropic Claude
  row("anthropic.claude-opus-5-5", NO_FORCING, { profileOnly: true, structured: true },
    "Anthropic 'What's new in Claude Opus 5.5' (forced tool refused, thinking always on) [C§B.1, §C.2]; AWS card model-card-anthropic-claude-opus-5-5; " +
    "list-foundation-models INFERENCE_PROFILE only (dev.classmethod.jp/en/articles/bedrock-claude-opus-5-5/) [C§A.1]; " +
    "native structured output: vercel bedrock-opus-5-5-json-text.json @d58eb8b7 [C§E.2]"),
  row("anthropic.claude-sonnet-5-5", NO_FORCING, { profileOnly: true, betweenTools: true },
    "vercel/ai releases 358683e / e361d39 (rejects forced tool; lowest thinking is between_tools); docs.oxen.ai claude-sonnet-5-5 [C§B.1, §C.2]; " +
    "profile-only UNCONFIRMED (likely yes) [C§A.2]; structured output UNCONFIRMED → refused [C§E.2]"),
  row("anthropic.claude-fable-5-1", NO_FORCING, { profileOnly: true },
    "Anthropic 'What's new in Claude Opus 5.5' (\"the first three also apply on Claude Fable 5.1\") [C§B.1, §C.2]; " +
    "profile-only and structured output UNCONFIRMED → profile required, structured refused [C§A.2, §E.2]"),
  row("anthropic.claude-mythos-5-1", NO_FORCING, { profileOnly: true },
    "anthropics/skills claude-api bundle (forced tool removed on Fable 5.1 / Mythos 5.1) [C§B.1]; Bedrock id UNCONFIRMED (gated: a peer " +
    "got \"The provided model identifier is invalid\", index id 70783786316) — served here so its rules can be tested [C§A.2]"),
  // Fable 5.2 appears in one locale copy of Anthropic's Sonnet 5 overview only ("check before
  // adding it", C§A.2): not known to be on Bedrock, so the emulator does not know it. Its own
  // row stops the longest-prefix match from serving it as Fable 5.
  row("anthropic.claude-fable-5-2", NO_FORCING, { invalid: true },
    "Anthropic Sonnet 5 overview (id locale) lists Fable 5.2; Bedrock availability UNCONFIRMED [C§A.2]"),
  row("anthropic.claude-fable-5", ALWAYS_THINKS, { profileOnly: true },
    "vercel/ai release 49295bb (always adaptive) [C§C.2]; vercel amazon-bedrock-anthropic-model-support.ts @446d08e2 (no output_config.format / strict) [C§E.2]; " +
    "dify#3511 (us.-only profile; profile-only UNCONFIRMED) [C§A.1]"),
  row("anthropic.claude-haiku-5-5", THINKS_BY_DEFAULT, { profileOnly: true },
    "Anthropic 'What's new in Claude Haiku 5.5' / migration guide (adaptive, no budget_tokens, remove temperature/top_p/top_k) [C§C.2, §D.1]; " +
    "catalog probe: disabled = ok (index id 70783786316); vercel release bedd5bb (JSON tool fallback: no native structured output) [C§E.2]; " +
    "profile-only UNCONFIRMED [C§A.2]"),
  row("anthropic.claude-sonnet-5", THINKS_BY_DEFAULT, { profileOnly: true },
    "Anthropic Sonnet 5 overview; skills models.md (disabled accepted; effort cap UNCONFIRMED → applied) [C§C.2]; dify#3511 (INFERENCE_PROFILE only) [C§A.1]; " +
    "vercel issue-18199-sonnet-5-strict-error.json (\"tools.0.custom.strict: Extra inputs are not permitted\") [C§E.2]"),
  row("anthropic.claude-opus-5", THINKS_BY_DEFAULT, { profileOnly: true, topK: "ok" },
    "Anthropic 'What's new in Claude Opus 5' (thinking on by default, disabled accepted at effort high or below) [C§C.2]; dify#3511 (INFERENCE_PROFILE only) [C§A.1]; " +
    "vercel amazon-bedrock-opus-5-top-k-success.json @5b7be1da (top_k accepted) [C§D.1]; vercel model-support list (no structured output) [C§E.2]"),
  row("anthropic.claude-opus-4-8", NEW_CLAUDE, { profileOnly: true },
    "AWS card model-card-anthropic-claude-opus-4-8 (In-Region N/A; structured outputs Not supported) [M§0]; Anthropic Opus 5 page (no thinking unless adaptive) [C§C.2]; " +
    "Mintplex-Labs/anything-llm#5822 (temperature deprecated) [C§D.1]"),
  row("anthropic.claude-opus-4-7", NEW_CLAUDE, { profileOnly: true },
    "aws-samples/bedrock-chat#1102 citing the AWS Opus 4.7 card (no temperature / top_p); cline/cline#10572 [C§D.1]; vercel model-support list (no structured output; " +
    "conflicting live strict fixture noted in C§E.2); profile-only UNCONFIRMED [C§A.2]"),
  row("anthropic.claude-opus-4-6-v1", CLAUDE_4, { exact: true, profileOnly: true, structured: true, adaptiveThinking: true, prefill: false, efforts: ["low", "medium", "high", "max"] },
    "AWS claude-messages-structured-outputs.html (structured outputs: Sonnet 4.5, Haiku 4.5, Opus 4.5, Opus 4.6) [C§E.2]; skills model-migration.md (adaptive, " +
    "budget_tokens deprecated but working; no xhigh) [C§C.1, §C.3]; temperature+top_p: Anthropic \"every Claude 4+ model\" [C§D.1]; profile-only UNCONFIRMED [C§A.2]"),
  row("anthropic.claude-sonnet-4-6", CLAUDE_4, { exact: true, profileOnly: true, structured: true, adaptiveThinking: true, prefill: false, efforts: ["low", "medium", "high", "max"] },
    "aws-samples/bedrock-access-gateway#238 (temperature and top_p not both) [C§D.1]; vercel bedrock-sonnet-4-6-native-structured-output-length.json (native structured output) [C§E.2]; " +
    "skills model-migration.md (adaptive; effort default high) [C§C.1, §C.3]; profile-only UNCONFIRMED [C§A.2]"),
  row("anthropic.claude-opus-4-5-20251101", CLAUDE_4, { profileOnly: true, structured: true },
    "AWS claude-messages-structured-outputs.html [C§E.2]; bedrock-access-gateway#238 (not both) [C§D.1]; reference §4 (profile required); effort only as a beta → not accepted [C§C.3]"),
  row("anthropic.claude-sonnet-4-5-20250929", CLAUDE_4, { profileOnly: true, structured: true },
    "AWS model-parameters-anthropic-claude-messages-request-response.html (\"either temperature or top_p, not both\") [C§D.1]; AWS card model-card-anthropic-claude-sonnet-4-5 " +
    "(no In-Region; structured outputs Supported) [M§0]; no effort parameter (skills) [C§C.3]"),
  row("anthropic.claude-haiku-4-5-20251001", CLAUDE_4, { structured: true },
    "AWS model-parameters-anthropic-claude-messages-request-response.html (not both) [C§D.1]; AWS card model-card-anthropic-claude-haiku-4-5 (In-Region in us-east-1) [M§0]; " +
    "AWS claude-messages-structured-outputs.html [C§E.2]"),
  // Opus 4.1 / Opus 4 / Sonnet 4: "both" refused per Anthropic ("every Claude 4+ model"), while
  // AWS says only 4.5 and later: UNCONFIRMED on Bedrock → the stricter reading [C§D.1].
  row("anthropic.claude-opus-4-1-20250805", CLAUDE_4, { profileOnly: true },
    "vercel/ai#7927 (us. profile); first-party retiring 2026-08-05, Bedrock status UNCONFIRMED [C§A.2]"),
  row("anthropic.claude-opus-4-20250514", CLAUDE_4, { profileOnly: true }, "reference §4 (Claude Opus 4 needs a profile); Bedrock status UNCONFIRMED [C§I.3]"),
  row("anthropic.claude-sonnet-4-20250514", CLAUDE_4, { profileOnly: true },
    "Anthropic 'Claude on Amazon Bedrock' id table; classmethod on-demand error for this id [C§A.2]"),
  row("anthropic.claude-3-7-sonnet-20250219", CLAUDE, { profileOnly: true },
    "Anthropic Bedrock id table; zenn.dev/ncdc (on-demand error) [C§A.2]; extended thinking with budget_tokens (LibreChat#8346) [C§C.2]; status UNCONFIRMED [C§I.3]"),
  row("anthropic.claude-3-5-haiku-20241022", CLAUDE, { endOfLife: true, manualThinking: false, burn: 1 },
    "AWS card (fr/es copies): Legacy, EOL 2026-06-19; peer probe 2026-10-04 ResourceNotFoundException end-of-life (index id 70783786316) [C§A.2]"),
  // Claude 3 Haiku keeps serving: its retirement rests on one unnamed peer probe (index id
  // 70783786316, 2026-10-10), not on an AWS page [C§A.2]. config {"endOfLife": ["anthropic.claude-3-haiku"]} retires it.
  row("anthropic.claude-3-haiku-20240307", CLAUDE, { manualThinking: false, burn: 1 },
    "catalog (AWS card: 200K / 4K, on-demand) [C§A.2]; no extended thinking before 3.7 [C§C.1]"),
  row("anthropic.claude-3-5-sonnet-20241022", CLAUDE, { profileOnly: true, manualThinking: false, burn: 1 },
    "reference §4 (Claude 3.5 Sonnet v2 needs a profile: bolt.diy#1102, aioboto3#352); status UNCONFIRMED"),
  row("anthropic.claude-3", CLAUDE, { manualThinking: false, burn: 1 }, "older Claude 3 models (reference §3.1); Bedrock status UNCONFIRMED"),

  // ------------------------------------------------------------------------- Amazon Nova
  // Tool choice: the service model says ToolChoice.tool is supported by "Anthropic Claude 3 and
  // Amazon Nova models" → auto/any/tool [M§1.4]. Streaming tool use: ConverseStream probe
  // tools=true (index id 70783786316). outputConfig: "This model doesn't support the outputConfig
  // field. Remove outputConfig and try again." for every Nova (peer live tests, index ids
  // 61578476423, 71493773792, 71295561445) and the Nova 2 Lite card (Not supported) [M§0, §1.5].
  row("amazon.nova-2-lite", { ...BASE, family: "nova", toolChoices: ["auto", "any", "tool"], streamTools: true }, { profileOnly: true, tiers: ["flex", "priority"] },
    "AWS card model-card-amazon-nova-2-lite (no In-Region in us-east-1; structured outputs Not supported; tiers Standard/Priority/Flex) [M§0, §12.3]"),
  row("amazon.nova-2-sonic", { ...BASE, family: "nova" }, { invoke: false, converse: false, converseStream: ACTION_UNSUPPORTED_MESSAGE },
    "ConverseStream probe: \"This action doesn't support the model that you provided.\" (index id 70783786316)"),
  row("amazon.nova-sonic", { ...BASE, family: "nova" }, { invoke: false, converse: false, converseStream: ACTION_UNSUPPORTED_MESSAGE },
    "speech-to-speech model; as Nova 2 Sonic (index id 70783786316)"),
  row("amazon.nova-2", { ...BASE, family: "nova" }, { invalid: true },
    "Nova 2 Pro / Omni on-demand availability UNCONFIRMED [M§1.1]"),
  // Nova Pro and Premier: Priority and Flex (AWS What's New 2025-11-18) [M§12.3].
  row("amazon.nova-pro", { ...BASE, family: "nova", toolChoices: ["auto", "any", "tool"], streamTools: true }, { tiers: ["flex", "priority"] },
    "as amazon.nova; tiers: AWS What's New 2025-11-18 [M§12.3]"),
  row("amazon.nova-premier", { ...BASE, family: "nova", toolChoices: ["auto", "any", "tool"], streamTools: true }, { tiers: ["flex", "priority"] },
    "as amazon.nova; tiers: AWS What's New 2025-11-18 [M§12.3]"),
  row("amazon.nova", { ...BASE, family: "nova", toolChoices: ["auto", "any", "tool"], streamTools: true }, {},
    "opentelemetry-python-contrib cassettes test_invoke_model_*[amazon.nova].yaml (bare amazon.nova-micro-v1:0 in us-east-1) [M§1.1, §1.7, §1.8]"),

  // ------------------------------------------------------------------------- Amazon Titan Text
  // Caps from reference §3.3 (model-parameters-titan-text.html), not re-verified [M§2]. Tool use
  // on Converse: "This model doesn't support tool use." for amazon.titan-text-express-v1 (index id 17253782791).
  row("amazon.titan-text-premier", { ...BASE, family: "titan", converseTools: false }, { maxTokenCount: 3072 }, "reference §3.3 / Addendum (Premier 3,072) [M§2]"),
  row("amazon.titan-text-lite", { ...BASE, family: "titan", converseTools: false }, { maxTokenCount: 4096 }, "reference §3.3 / Addendum (Lite 4,096) [M§2]"),
  row("amazon.titan-text-express", { ...BASE, family: "titan", converseTools: false }, { maxTokenCount: 8192 }, "reference §3.3 / Addendum (Express 8,192) [M§2]"),

  // ------------------------------------------------------------------------- Meta Llama
  // toolChoice any/tool refused: "This model doesn't support the toolConfig.toolChoice.any field.
  // Remove toolConfig.toolChoice.any and try again." (strands-agents/sdk-python#1241; vercel
  // MODELS_REJECTING_REQUIRED_TOOL_CHOICE = [/meta\./]) [C§F.2]. ConverseStream + toolConfig:
  // "This model doesn't support tool use in streaming mode." (index id 70783786316) [C§H].
  // outputConfig refused (index id 61578476423: us.meta.llama3-3-70b, Llama 4).
  row("meta.llama3-2", { ...BASE, family: "llama" }, { profileOnly: true },
    "reference §4 (Llama 3.2/3.3/4 need a profile in many regions) and §3.4 (Llama 3 template)"),
  row("meta.llama3-3", { ...BASE, family: "llama" }, { profileOnly: true }, "reference §4 and §3.4"),
  row("meta.llama3-70b-instruct", { ...BASE, family: "llama", converseTools: false }, {},
    "\"This model doesn't support tool use.\" for meta.llama3-70b/8b-instruct (index id 1128130414); reference §3.4"),
  row("meta.llama3-8b-instruct", { ...BASE, family: "llama", converseTools: false }, {}, "as Llama 3 70B (index id 1128130414)"),
  row("meta.llama3", { ...BASE, family: "llama" }, {}, "reference §3.4 (Llama 3.1: the Llama 3 template, max_gen_len)"),
  // Llama 4: Converse only (its InvokeModel template is UNCONFIRMED, M§3: "use Converse for
  // Llama 4"); AWS says it cannot stream (reference §3.4, ja/zh copies), which some catalogues
  // dispute (M§3, M§15.9): the stricter reading refuses both streams.
  row("meta.llama4", { ...BASE, family: "llama" }, {
    profileOnly: true,
    invoke: false,
    invokeStream: "(emulator) Llama 4 models do not support InvokeModelWithResponseStream. Call Converse instead.",
    converseStream: "(emulator) Llama 4 models do not support ConverseStream. Call Converse instead.",
  },
    "reference §3.4 (Llama 4 Instruct cannot use InvokeModelWithResponseStream / ConverseStream) and §4 (profile); M§3 (InvokeModel template UNCONFIRMED)"),

  // ------------------------------------------------------------------------- Mistral
  // toolChoice: ToolChoice "only supported by Anthropic Claude 3 models and by Mistral AI Mistral
  // Large" (older AWS docs) [C§F.2]; toolChoice.tool refused on mistral-large-2402 (index id
  // 1128130414). Streaming tool use refused on the older models (index id 70783786316).
  row("mistral.mistral-7b", { ...BASE, family: "mistral", converseTools: false }, {}, "reference §3.5 (text completion); no tool use (UNCONFIRMED)"),
  row("mistral.mixtral-8x7b", { ...BASE, family: "mistral", converseTools: false }, {}, "reference §3.5 (text completion); no tool use (UNCONFIRMED)"),
  row("mistral.mistral-small-2402", { ...BASE, family: "mistral" }, {}, "reference §3.5"),
  row("mistral.mistral-large-2402", { ...BASE, family: "mistral", toolChoices: ["auto", "any"] }, {}, "reference §3.5; toolChoice.tool refused (index id 1128130414)"),
  row("mistral.mistral-large-2407", { ...BASE, family: "mistral", toolChoices: ["auto", "any"] }, {}, "reference §3.5 (chat completion)"),
  row("mistral.pixtral-large-2502", { ...BASE, family: "mistral", toolChoices: ["auto", "any"] }, { profileOnly: true },
    "profiles us./eu.mistral.pixtral-large-2502-v1:0 [M§6]; profile-only UNCONFIRMED → required"),
  // Newer Mistral models: Converse only (native body UNCONFIRMED, M§6). Streaming tool use and
  // outputConfig observed on several (index ids 70783786316, 61578476423, 71493773792).
  row("mistral.mistral-large-3", { ...BASE, family: "converse", streamTools: true, structured: true }, { invoke: false },
    "M§6 (Converse; body UNCONFIRMED); outputConfig worked on Mistral Large 3 (index id 71493773792)"),
  row("mistral.ministral-3", { ...BASE, family: "converse", streamTools: true, structured: true }, { invoke: false },
    "M§6; outputConfig worked on mistral.ministral-3-3b-instruct (index id 61578476423)"),
  row("mistral.voxtral-mini-3b", { ...BASE, family: "converse", streamTools: true, structured: true }, { invoke: false },
    "M§6; outputConfig worked on mistral.voxtral-mini-3b-2507 (index id 61578476423)"),
  row("mistral.magistral", { ...BASE, family: "converse", streamTools: true }, { invoke: false }, "M§6 (Converse only; outputConfig UNCONFIRMED)"),
  row("mistral.devstral", { ...BASE, family: "converse", streamTools: true }, { invoke: false }, "M§6 (Converse only; outputConfig UNCONFIRMED)"),
  row("mistral.voxtral", { ...BASE, family: "converse", streamTools: true }, { invoke: false }, "M§6 (Converse only; outputConfig UNCONFIRMED)"),

  // ------------------------------------------------------------------------- Cohere, AI21
  row("cohere.command-r", { ...BASE, family: "cohere" }, { invokeStream: "(emulator) streaming is not emulated for cohere yet" },
    "reference §3.6; still listed on models-endpoint-availability.html [M§8]"),
  row("ai21.jamba", { ...BASE, family: "jamba" }, { invokeStream: "(emulator) streaming is not emulated for jamba yet" },
    "reference §3.7; still listed on models-endpoint-availability.html [M§8]"),

  // ------------------------------------------------------------------------- DeepSeek
  row("deepseek.r1", { ...BASE, family: "deepseek", converseTools: false }, { profileOnly: true, invokeStream: "(emulator) streaming is not emulated for deepseek yet" },
    "AWS model-parameters-deepseek.html (profile id) [M§5]; \"This model doesn't support tool use.\" (index id 62589789919)"),
  // V3.x: Converse only here. The V3.2 card lists Invoke too, but its body is UNCONFIRMED [M§5].
  row("deepseek.v3.2", { ...BASE, family: "converse", streamTools: true, structured: true }, { invoke: false },
    "AWS card model-card-deepseek-deepseek-v3-2 (8K output) [M§5]; outputConfig worked (index id 61578476423)"),
  row("deepseek.v3", { ...BASE, family: "converse", streamTools: true }, { invoke: false, tiers: ["flex", "priority"] }, "M§5 (deepseek.v3-v1:0; body UNCONFIRMED); DeepSeek V3.1 tiers: AWS What's New 2025-11-18 [M§12.3]"),

  // ------------------------------------------------------------------------- OpenAI
  // gpt-oss: chat-completion InvokeModel body (reference §3.9); not streamed on InvokeModel:
  // "The model is unsupported for streaming." (aws-samples/amazon-bedrock-client-for-mac#112)
  // [M§4.1]; ConverseStream works (ren8k/aws-gpt-oss-samples converse_stream.py).
  row("openai.gpt-oss-120b", { ...BASE, family: "openai", streamTools: true, structured: true }, { invokeStream: "The model is unsupported for streaming.", tiers: ["flex", "priority"] },
    "reference §3.9; M§4.1; outputConfig worked on Converse, reasoningContent first (index id 61578476423); tiers: AWS service-tiers-inference.html table [M§12.3]"),
  row("openai.gpt-oss", { ...BASE, family: "openai", streamTools: true }, { invokeStream: "The model is unsupported for streaming.", tiers: ["flex", "priority"] }, "reference §3.9; M§4.1; tiers: service-tiers-inference.html (gpt-oss-20b) [M§12.3]"),
  // GPT-5.6: bedrock-runtime Converse only, profile only (pydantic/pydantic-ai#7793, #7810) [M§4.2].
  row("openai.gpt-5.6", { ...BASE, family: "converse", streamTools: true }, { profileOnly: true, invoke: false },
    "pydantic/pydantic-ai#7793, #7810; aws-samples/sample-apj-sup-sa#228 (Converse, not Invoke) [M§4.2]"),
  // GPT-5.4 / 5.5: bedrock-mantle Responses API only [M§4.2].
  row("openai.gpt-5.4", { ...BASE, family: "converse" }, { invalid: true }, "dev.classmethod.jp bedrock-openai-gpt55-gpt54-ga-responses-api (mantle only) [M§4.2]"),
  row("openai.gpt-5.5", { ...BASE, family: "converse" }, { invalid: true }, "as GPT-5.4 [M§4.2]"),

  // ------------------------------------------------------------------------- Converse-only families (M§7)
  // No documented native InvokeModel body: Converse only. ConverseStream tool use observed
  // (index id 70783786316); outputConfig observed on the models marked structured.
  row("qwen.qwen3-vl", { ...BASE, family: "converse", streamTools: true, structured: true }, { invoke: false }, "M§7; outputConfig worked on Qwen3-VL (index id 71493773792)"),
  // The Qwen3 models AWS lists with Priority and Flex (What's New 2025-11-18) [M§12.3].
  row("qwen.qwen3-32b", { ...BASE, family: "converse", streamTools: true }, { invoke: false, tiers: ["flex", "priority"] }, "M§7; tiers [M§12.3]"),
  row("qwen.qwen3-235b-a22b-2507", { ...BASE, family: "converse", streamTools: true }, { invoke: false, tiers: ["flex", "priority"] }, "M§7; tiers [M§12.3]"),
  row("qwen.qwen3-coder-480b-a35b", { ...BASE, family: "converse", streamTools: true }, { invoke: false, tiers: ["flex", "priority"] }, "M§7; tiers [M§12.3]"),
  row("qwen.qwen3-coder-30b-a3b", { ...BASE, family: "converse", streamTools: true }, { invoke: false, tiers: ["flex", "priority"] }, "M§7; tiers [M§12.3]"),
  row("qwen.", { ...BASE, family: "converse", streamTools: true }, { invoke: false }, "AWS model-cards-qwen.html [M§7]"),
  row("google.gemma-3-27b", { ...BASE, family: "converse", streamTools: true, structured: true }, { invoke: false }, "M§7; outputConfig worked (index id 61578476423)"),
  row("google.gemma-", { ...BASE, family: "converse", streamTools: true }, { invoke: false }, "M§7 (google.gemma-3-4b/12b/27b-it)"),
  row("moonshot.", { ...BASE, family: "converse", streamTools: true }, { invoke: false }, "M§7 (moonshot.kimi-k2-thinking)"),
  row("moonshotai.", { ...BASE, family: "converse", streamTools: true }, { invoke: false }, "M§7 (moonshotai.kimi-k2.5, us.moonshotai.kimi-k3)"),
  row("minimax.minimax-m2.5", { ...BASE, family: "converse", streamTools: true, structured: true }, { invoke: false }, "M§7; outputConfig worked (index id 61578476423)"),
  row("minimax.", { ...BASE, family: "converse", streamTools: true }, { invoke: false }, "M§7 (minimax-m2, m2.1, m2.5)"),
  // Writer Palmyra fails any tool use, even "auto" (vLLM behind Bedrock Mantle) [C§F.2].
  row("writer.", { ...BASE, family: "converse", toolChoices: [] }, { invoke: false }, "C§F.2; index id 70783786316 (writer.palmyra-vision-7b)"),
  row("nvidia.nemotron-nano-9b", { ...BASE, family: "converse", streamTools: true, structured: true }, { invoke: false }, "M§7; outputConfig worked (index id 61578476423)"),
  row("nvidia.", { ...BASE, family: "converse", streamTools: true }, { invoke: false }, "M§7 (nemotron-nano-9b/12b-v2, nano-3-30b, super-3-120b)"),
];

/** Writer Palmyra's refusal of tool use, as a peer probe recorded it [C§F.2] (index id 70783786316). */
export const WRITER_TOOL_MESSAGE = (requestId) =>
  `The model returned the following errors: Mantle streaming error for requestId ${requestId}: ErrorEvent { error: APIError { type: "BadRequestError", code: Some(400), message: "\\"auto\\" tool choice requires --enable-auto-tool-choice and --tool-call-parser to be set", param: None } }`;

const GEO_PREFIXES = new Set(["us", "eu", "apac", "us-gov", "jp", "au", "ca", "in", "global"]);

/**
 * How `modelId` names a model: `{ base, viaProfile }`, or null for an application inference
 * profile (whose id names no model). viaProfile: a system inference profile id or ARN.
 */
export function parseModelId(modelId) {
  let id = modelId;
  let viaProfile = false;
  if (id.startsWith("arn:")) {
    const resource = id.split(":").slice(5).join(":");
    const [kind, ...rest] = resource.split("/");
    if (kind !== "foundation-model" && kind !== "inference-profile") return null;
    viaProfile = kind === "inference-profile";
    id = rest.join("/");
  }
  const parts = id.split(".");
  if (parts.length > 2 && GEO_PREFIXES.has(parts[0])) {
    parts.shift();
    viaProfile = true;
  }
  return { base: parts.join("."), viaProfile };
}

/**
 * Prompt caching (issue 14): the minimum tokens a checkpoint's prefix needs to be cached, by
 * base-id prefix (longest wins), M§11.3. Where sources disagree the higher minimum is taken (the
 * emulator caches no more than the evidence says Bedrock does). A model with no entry does not
 * cache: a checkpoint there is refused (prompt-cache.mjs). Override per model with
 * `config.models: {"<prefix>": {cacheMin: n}}`.
 */
export const CACHE_MINIMUMS = [
  ["anthropic.claude-haiku-4-5", 4096, "AWS card model-card-anthropic-claude-haiku-4-5 [M§11.3]"],
  ["anthropic.claude-sonnet-4-5", 1024, "AWS card model-card-anthropic-claude-sonnet-4-5 [M§11.3]"],
  ["anthropic.claude-sonnet-4-6", 2048, "AWS agent-toolkit skill prompt-caching.md, user report in anthropic-sdk-python#1194 (Anthropic's text says 1,024: the higher is kept) [M§11.3]"],
  ["anthropic.claude-opus-4-5", 4096, "Anthropic text in anthropic-sdk-python#1194; AWS skill [M§11.3]"],
  ["anthropic.claude-opus-4-6", 4096, "Anthropic text in anthropic-sdk-python#1194; AWS skill [M§11.3]"],
  ["anthropic.claude-opus-4-7", 4096, "AWS card (a dev.to article says 2,048) [M§11.3]"],
  ["anthropic.claude-opus-4-8", 4096, "AWS card (dev.to says 1,024) [M§11.3]"],
  ["anthropic.claude-fable-5-1", 512, "AWS card, index id 58888033527 [M§11.3]"],
  ["anthropic.claude-fable-5", 512, "AWS card, index id 59057615952 [M§11.3]"],
  ["anthropic.claude-opus-5", 512, "Anthropic Opus 5 page [C§H]; dev.to [M§11.3]"],
  ["anthropic.claude-opus-5-5", null, "Claude 5.5 minimums unverified [M§11.3]: treated as not caching"],
  ["anthropic.claude-3-7-sonnet", 1024, "portkey relay of the old AWS page [M§11.3, obs]"],
  ["anthropic.claude-3-5-haiku", 2048, "portkey relay of the old AWS page [M§11.3, obs]"],
  ["amazon.nova-micro", 1536, "AWS skill (the old AWS page says 1,000: the higher is kept) [M§11.3]"],
  ["amazon.nova-lite", 1536, "AWS skill (old AWS page: 1,000) [M§11.3]"],
  ["amazon.nova-pro", 1024, "AWS skill (old AWS page: 1,000) [M§11.3]"],
  ["amazon.nova-2-lite", 1000, "AWS card model-card-amazon-nova-2-lite (1K per checkpoint) [M§11.2]"],
];

const cacheMinFor = (base) => {
  let best = null;
  for (const entry of CACHE_MINIMUMS) if (base.startsWith(entry[0]) && (!best || entry[0].length > best[0].length)) best = entry;
  return best ? best[1] : null;
};

/** The table row for a base model id (longest prefix), with `overrides` ({prefix: fields}) applied; null when unknown. */
export function rowFor(base, overrides = {}) {
  let best = null;
  for (const r of MODELS) if (base.startsWith(r.prefix) && (!best || r.prefix.length > best.prefix.length)) best = r;
  if (!best) return null;
  const fields = Object.entries(overrides ?? {})
    .filter(([prefix]) => base.startsWith(prefix))
    .sort(([a], [b]) => a.length - b.length)
    .map(([, f]) => f);
  const merged = Object.assign({}, best, { cacheMin: cacheMinFor(base) }, ...fields);
  if (merged.exact && base !== merged.prefix) return { ...merged, invalid: true };
  return merged;
}

/**
 * Resolves a model id as Bedrock would: `{ row, base, viaProfile }`; row is null for ids the
 * emulator does not know. Application inference profiles (ids that name no model) are mapped by
 * name for tests: "…nova" → Nova Lite, anything else → Claude 3 Haiku.
 */
export function resolveModel(modelId, overrides) {
  const parsed = parseModelId(modelId);
  if (!parsed) {
    const stand = modelId.endsWith("nova") ? "amazon.nova-lite-v1:0" : "anthropic.claude-3-haiku-20240307-v1:0";
    return { row: rowFor(stand, overrides), base: stand, viaProfile: true };
  }
  return { row: rowFor(parsed.base, overrides), ...parsed };
}
