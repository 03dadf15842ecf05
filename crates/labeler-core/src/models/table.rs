//! The capability table: one row per model (or model line), keyed by base-model-id prefix.
//!
//! Each row says how to talk to the model: its body [`Format`]; the answer mechanisms it
//! supports, strongest first ([`AnswerMode`]); which sampling fields it accepts ([`Sampling`]);
//! how it thinks ([`Thinking`]); its output-token cap; whether it streams. Each row names its
//! public source; the facts and their sources are gathered in `docs/evidence/` (the section is
//! given in brackets), and what no source settles is marked UNCONFIRMED there and here.
//!
//! A prefix matches a base model id (geo prefix and ARN stripped) at a boundary; the longest
//! match wins. Ids that match no row are served through [`ANY_OTHER_TEXT_MODEL`] (Converse),
//! unless they are in [`NOT_TEXT`].
//!
//! Adding a model: one row. `make live-check` checks the rows against the real service.

use crate::formats::AnswerMode::{self, ForcedTool, JsonText, Schema, StrictTool};
use crate::formats::Format;

/// What a model can do.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ModelRow {
    /// Base model id prefix (`anthropic.claude-opus-5-5`).
    pub prefix: &'static str,
    /// The `family` hint this row belongs to (`anthropic`, `nova`, …; see [`FAMILY_HINTS`]).
    pub family: &'static str,
    /// The native request body (or [`Format::Converse`] where no native body is documented).
    pub format: Format,
    /// Answer mechanisms the model supports, strongest first; the job takes the first one the
    /// body format can carry and no refusal has ruled out. JSON text is always the last resort.
    pub answers: &'static [AnswerMode],
    pub sampling: Sampling,
    pub thinking: Thinking,
    /// Largest `max_tokens` the model accepts.
    pub max_output: u32,
    /// The model can be called with `InvokeModelWithResponseStream` / `ConverseStream`.
    pub streams: bool,
    /// Where the row's facts come from (also in `docs/evidence/`).
    pub source: &'static str,
    /// Service tiers beyond Standard ([`Tiers`]; models-and-quotas §12.3).
    pub tiers: Tiers,
    /// Quota tokens each output token burns (models-and-quotas §10.3: 5 for Claude 3.7 and
    /// later, 1 for every other model).
    pub burn: u8,
    // ---- issue 14: cost
    /// Prompt caching: the minimum tokens a cache checkpoint's prefix needs for the model to
    /// cache it (below it Bedrock silently caches nothing); `None`: no checkpoint is sent (the
    /// model does not cache, or no source says it does). Sources: models-and-quotas §11.3.
    pub cache: Option<u32>,
}

/// Which service tiers a model offers besides Standard (`default`), per models-and-quotas §12.3.
/// Reserved is an account-level reservation, never asked for per request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tiers {
    /// Standard only: documented (model card without Priority / Flex; GPT-5.x, openai/codex#25318),
    /// or not in AWS's list of models offering Priority and Flex (service-tiers-inference.html;
    /// AWS What's New 2025-11-18 "Amazon Bedrock introduces Priority and Flex inference service
    /// tiers"). Asking for Flex or Priority is an `InvalidInput` naming `serviceTier`.
    Standard,
    /// Standard, Flex and Priority (the same sources name the model).
    FlexPriority,
    /// No source either way (unverified): the tier is sent, and a refusal falls back to Standard
    /// once with a warning.
    Unverified,
}

/// Which sampling fields a model accepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sampling {
    pub temperature: bool,
    pub top_p: bool,
    /// Accepts either, but not both in one request (the temperature is kept).
    pub one_of: bool,
}

/// Both fields, in any combination.
pub const ANY: Sampling = Sampling {
    temperature: true,
    top_p: true,
    one_of: false,
};
/// `temperature` or `top_p`, not both.
pub const ONE_OF: Sampling = Sampling {
    temperature: true,
    top_p: true,
    one_of: true,
};
/// Neither (the model refuses both: "`temperature` is deprecated for this model.").
pub const NONE: Sampling = Sampling {
    temperature: false,
    top_p: false,
    one_of: false,
};

/// How a model thinks before answering, and so what the body says about it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Thinking {
    /// Does not think unless asked: nothing is sent.
    Off,
    /// Thinks by default and accepts `disabled`: turned off for labeling. `room` is what
    /// `max_tokens` gets if a refusal makes us leave it on.
    DefaultOn { room: u32 },
    /// Always thinks (cannot be disabled): the lowest `effort` is asked for, and `max_tokens`
    /// leaves `room` for the thinking (thinking tokens are output tokens).
    Always {
        effort: Option<&'static str>,
        room: u32,
    },
    /// Reasons in its answer text before the JSON (DeepSeek R1, gpt-oss): `room` for it, and
    /// its lowest `effort` where it has a setting.
    InText {
        effort: Option<&'static str>,
        room: u32,
    },
}

/// Room for adaptive thinking at the lowest effort, on top of the answer.
const THINKING_ROOM: u32 = 4096;
/// Room for reasoning written before the answer (the figure used since issue 3).
const REASONING_ROOM: u32 = 2048;

const CLAUDE_OLD: &[AnswerMode] = &[ForcedTool, JsonText];
const CLAUDE_SCHEMA: &[AnswerMode] = &[Schema, StrictTool, ForcedTool, JsonText];
const CLAUDE_NO_FORCING: &[AnswerMode] = &[Schema, StrictTool, JsonText];
const TOOL: &[AnswerMode] = &[ForcedTool, JsonText];
const TEXT: &[AnswerMode] = &[JsonText];

const fn claude(
    prefix: &'static str,
    answers: &'static [AnswerMode],
    sampling: Sampling,
    thinking: Thinking,
    max_output: u32,
    source: &'static str,
) -> ModelRow {
    ModelRow {
        prefix,
        family: "anthropic",
        format: Format::Claude,
        answers,
        sampling,
        thinking,
        max_output,
        streams: true,
        source,
        // Claude Haiku 4.5 / Sonnet 4.5 cards: Standard and Reserved only; no Claude model is in
        // AWS's Priority / Flex list (models-and-quotas §12.3).
        tiers: Tiers::Standard,
        // "Anthropic Claude 3.7+ models have a 5x burndown rate for output tokens" (AWS
        // agent-toolkit-for-aws model-invocation.md; user guide quotas-token-burndown.html,
        // list cut off in the copy read) [models-and-quotas §10.3]; the 3.x rows below set 1.
        burn: 5,
        cache: None,
    }
}

impl ModelRow {
    /// The row with another output burndown rate.
    const fn burn(self, burn: u8) -> Self {
        Self { burn, ..self }
    }
    /// The row with other service tiers.
    const fn tiers(self, tiers: Tiers) -> Self {
        Self { tiers, ..self }
    }
    /// The row with prompt caching at `min_tokens` per checkpoint (models-and-quotas §11.3).
    pub const fn caches(self, min_tokens: u32) -> ModelRow {
        ModelRow {
            cache: Some(min_tokens),
            ..self
        }
    }
}

const ALWAYS_LOW: Thinking = Thinking::Always {
    effort: Some("low"),
    room: THINKING_ROOM,
};
const DEFAULT_ON: Thinking = Thinking::DefaultOn {
    room: THINKING_ROOM,
};

// Prompt-cache minimums (`.caches(n)`, tokens per checkpoint; models-and-quotas §11.3):
// Haiku 4.5 4,096, Sonnet 4.5 1,024, Opus 4.7 / 4.8 4,096, Fable 5 / 5.1 512 [AWS model cards];
// Opus 4.5 / 4.6 4,096 [Anthropic text in anthropic-sdk-python#1194; AWS agent-toolkit skill];
// Sonnet 4.6 1,024 (Anthropic) vs 2,048 (AWS skill): the lower is kept here, since a checkpoint
// below the real minimum is only ignored (the emulator takes 2,048, the stricter); Opus 5 512
// [claude-and-converse §H, Anthropic Opus 5 page]; Claude 3.7 Sonnet 1,024 [portkey relay of
// the old AWS page, obs]. Nova 1 1,000 [old AWS page; the AWS skill says 1,024 / 1,536:
// disagree, the lower kept as above], Nova 2 Lite 1,000 [AWS card]. No checkpoint on the rest:
// Claude 5.5 / Haiku 5.5 / Sonnet 5 / Mythos minimums and Claude 3 / 3.5 / 4 / 4.1 caching are
// unverified, Nova Premier caching is unverified, and no other model's caching is documented.
#[rustfmt::skip]
pub const MODELS: &[ModelRow] = &[
    // ---------------------------------------------------------------- Anthropic Claude
    // Claude 5.5 / 5.1: forced tool use refused ("tool_choice: type \"tool\" and \"any\" are not
    // supported for this model."), thinking cannot be disabled, temperature and top_p
    // deprecated. Anthropic "What's new in Claude Opus 5.5" (platform.claude.com/docs/en/models/
    // opus-5-5/whats-new-opus-5-5); vercel/ai amazon-bedrock fixtures
    // bedrock-opus-5-5-forced-tool-error.json, amazon-bedrock-opus-5-deprecated-*.json
    // [claude-and-converse §B.1, §C.2, §D.1]. Structured output: Opus 5.5 natively on Bedrock
    // (vercel bedrock-opus-5-5-json-text.json) [§E.2]; for Sonnet 5.5 / Fable 5.1 / Mythos 5.1
    // it is UNCONFIRMED (and strict tools were refused on Sonnet 5 and Fable 5), so they answer
    // as checked JSON text until a source (or `make live-check`) shows structured output works:
    // then their `answers` become CLAUDE_NO_FORCING.
    claude("anthropic.claude-opus-5-5", CLAUDE_NO_FORCING, NONE, ALWAYS_LOW, 128_000,
        "Anthropic: What's new in Claude Opus 5.5; AWS model card model-card-anthropic-claude-opus-5-5"),
    claude("anthropic.claude-sonnet-5-5", TEXT, NONE, ALWAYS_LOW, 128_000,
        "vercel/ai releases 358683e/e361d39 (rejects forced tool, thinking cannot be disabled); docs.oxen.ai claude-sonnet-5-5"),
    claude("anthropic.claude-fable-5-1", TEXT, NONE, ALWAYS_LOW, 128_000,
        "Anthropic: What's new in Claude Opus 5.5 (\"the first three also apply on Claude Fable 5.1\")").caches(512),
    claude("anthropic.claude-mythos-5-1", TEXT, NONE, ALWAYS_LOW, 128_000,
        "anthropics/skills claude-api bundle (forced tool use removed on Fable 5.1 / Mythos 5.1); Bedrock id UNCONFIRMED"),
    claude("anthropic.claude-fable-5-2", TEXT, NONE, ALWAYS_LOW, 128_000,
        "Anthropic Sonnet 5 overview (id locale) lists Fable 5.2, adaptive always on; rules assumed as Fable 5.1, UNCONFIRMED"),
    // Fable 5 always thinks, so a forced tool conflicts with thinking ("Thinking may not be
    // enabled when tool_choice forces tool use."); strict tools and output_config.format were
    // refused on Bedrock in Aug 2026 (vercel amazon-bedrock-anthropic-model-support.ts)
    // [§B.3, §C.2, §E.2].
    claude("anthropic.claude-fable-5", &[JsonText], NONE, ALWAYS_LOW, 128_000,
        "vercel/ai release 49295bb (always adaptive); vercel amazon-bedrock-anthropic-model-support.ts (no structured output)").caches(512),
    // Think by default, accept thinking {type: "disabled"} (Opus 5 at effort high or below, its
    // default); a forced tool then works. Sampling deprecated. Structured output refused on
    // Sonnet 5 / Opus 5 (Aug 2026) and not native on Haiku 5.5 at launch [§C.2, §D.1, §E.2].
    claude("anthropic.claude-haiku-5-5", TOOL, NONE, DEFAULT_ON, 128_000,
        "Anthropic: What's new in Claude Haiku 5.5 / migration guide; vercel/ai release bedd5bb (JSON tool fallback on Bedrock)"),
    claude("anthropic.claude-sonnet-5", TOOL, NONE, DEFAULT_ON, 128_000,
        "Anthropic Sonnet 5 overview; vercel/ai fixture issue-18199-sonnet-5-strict-error.json"),
    claude("anthropic.claude-opus-5", TOOL, NONE, DEFAULT_ON, 128_000,
        "Anthropic: What's new in Claude Opus 5 (thinking on by default, disabled accepted at effort high or below)").caches(512),
    // Opus 4.7 / 4.8: temperature and top_p deprecated; no thinking unless asked; structured
    // output not supported (AWS card for 4.8; vercel model-support list for 4.7) [§C.2, §D.1, §E.2].
    claude("anthropic.claude-opus-4-8", TOOL, NONE, Thinking::Off, 128_000,
        "AWS model card model-card-anthropic-claude-opus-4-8; Mintplex-Labs/anything-llm#5822").caches(4096),
    claude("anthropic.claude-opus-4-7", TOOL, NONE, Thinking::Off, 128_000,
        "cline/cline#10572; aws-samples/bedrock-chat#1102 (citing the AWS Opus 4.7 card)").caches(4096),
    // Claude 4.5 / 4.6: temperature and top_p cannot both be specified; structured output
    // supported (AWS "Get validated JSON results from models"; claude-messages-structured-
    // outputs.html) [§D.1, §E.2]. Sonnet 4.6 max output: 64K on the AWS card vs 128K per
    // Anthropic; the smaller is kept.
    claude("anthropic.claude-sonnet-4-6", CLAUDE_SCHEMA, ONE_OF, Thinking::Off, 64_000,
        "aws-samples/bedrock-access-gateway#238; vercel/ai bedrock-sonnet-4-6-native-structured-output-length.json").caches(1024),
    claude("anthropic.claude-opus-4-6", CLAUDE_SCHEMA, ONE_OF, Thinking::Off, 128_000,
        "AWS claude-messages-structured-outputs.html (Opus 4.6); Anthropic: temperature+top_p refused on Claude 4+").caches(4096),
    claude("anthropic.claude-opus-4-5", CLAUDE_SCHEMA, ONE_OF, Thinking::Off, 64_000,
        "AWS claude-messages-structured-outputs.html; aws-samples/bedrock-access-gateway#238").caches(4096),
    claude("anthropic.claude-sonnet-4-5", CLAUDE_SCHEMA, ONE_OF, Thinking::Off, 64_000,
        "AWS model-parameters-anthropic-claude-messages-request-response.html (temperature or top_p, not both); AWS model card (structured outputs supported); BerriAI/litellm#15070").caches(1024),
    claude("anthropic.claude-haiku-4-5", CLAUDE_SCHEMA, ONE_OF, Thinking::Off, 64_000,
        "AWS model-parameters-anthropic-claude-messages-request-response.html; AWS claude-messages-structured-outputs.html").caches(4096),
    // Claude 4 / 4.1: Anthropic says both sampling fields error on every Claude 4+ model, AWS
    // says only 4.5 and later: the stricter is kept (UNCONFIRMED on Bedrock) [§D.1].
    claude("anthropic.claude-opus-4-1", CLAUDE_OLD, ONE_OF, Thinking::Off, 32_000,
        "vercel/ai#7927; anthropics/skills model-migration.md (sampling on Claude 4+)"),
    claude("anthropic.claude-opus-4", CLAUDE_OLD, ONE_OF, Thinking::Off, 32_000,
        "Anthropic Claude on Amazon Bedrock id table; anthropics/skills model-migration.md"),
    claude("anthropic.claude-sonnet-4", CLAUDE_OLD, ONE_OF, Thinking::Off, 64_000,
        "Anthropic Claude on Amazon Bedrock id table; anthropics/skills model-migration.md"),
    // Claude 3.x: forced tools, both sampling fields (reference §3.1). 3.5 Haiku reached end of
    // life 2026-06-19 (AWS model card); 3 Haiku is reported retired by one peer probe
    // (UNCONFIRMED) and kept working here for accounts that still have it.
    claude("anthropic.claude-3-7-sonnet", CLAUDE_OLD, ANY, Thinking::Off, 64_000,
        "AWS model-parameters-anthropic-claude-messages-request-response.html (reference §3.1)").caches(1024),
    claude("anthropic.claude-3-5-sonnet", CLAUDE_OLD, ANY, Thinking::Off, 8_192,
        "reference §3.1").burn(1),
    claude("anthropic.claude-3-5-haiku", CLAUDE_OLD, ANY, Thinking::Off, 8_192,
        "reference §3.1; AWS model card (EOL 2026-06-19)").burn(1),
    claude("anthropic.claude-3", CLAUDE_OLD, ANY, Thinking::Off, 4_096,
        "reference §3.1; AWS card: Claude 3 Haiku 4K output").burn(1),
    // Any other Claude id (a newer model the table does not know yet): the strongest
    // mechanism first, and the job adapts to what it refuses.
    claude("anthropic.claude", CLAUDE_SCHEMA, ANY, Thinking::Off, 8_192,
        "fallback for unlisted Claude models; refusals are adapted to at run time").tiers(Tiers::Unverified),
    // ---------------------------------------------------------------- Amazon
    // Nova: toolChoice tool (service model: "Anthropic Claude 3 and Amazon Nova models");
    // Nova 2 Lite: structured outputs not supported, 64K output, reasoning off by default
    // (AWS card model-card-amazon-nova-2-lite; nova2-userguide reasoning-capabilities.html).
    // Nova 1 output 5K per one client table, 8K per another: the smaller (UNCONFIRMED)
    // [models-and-quotas §1].
    ModelRow { prefix: "amazon.nova-2", family: "nova", format: Format::Nova2, answers: TOOL, sampling: ANY,
        thinking: Thinking::Off, max_output: 64_000, streams: true,
        source: "AWS model card model-card-amazon-nova-2-lite; nova2-userguide using-invoke-api.html", tiers: Tiers::FlexPriority, burn: 1, cache: Some(1_000) },
    // Nova Pro and Premier offer Priority and Flex (AWS What's New 2025-11-18, "Amazon Bedrock
    // introduces Priority and Flex inference service tiers"; models-and-quotas §12.3).
    ModelRow { prefix: "amazon.nova-pro", family: "nova", format: Format::Nova, answers: TOOL, sampling: ANY,
        thinking: Thinking::Off, max_output: 5_000, streams: true,
        source: "as amazon.nova; tiers: AWS What's New 2025-11-18", tiers: Tiers::FlexPriority, burn: 1, cache: Some(1_000) },
    ModelRow { prefix: "amazon.nova-premier", family: "nova", format: Format::Nova, answers: TOOL, sampling: ANY,
        thinking: Thinking::Off, max_output: 5_000, streams: true,
        source: "as amazon.nova; tiers: AWS What's New 2025-11-18; prompt caching on Premier unverified (models-and-quotas §11.3 lists Micro / Lite / Pro)", tiers: Tiers::FlexPriority, burn: 1, cache: None },
    ModelRow { prefix: "amazon.nova", family: "nova", format: Format::Nova, answers: TOOL, sampling: ANY,
        thinking: Thinking::Off, max_output: 5_000, streams: true,
        source: "AWS Nova user guide complete-request-schema.html; opentelemetry-python-contrib botocore nova cassettes", tiers: Tiers::Standard, burn: 1, cache: Some(1_000) },
    // Titan Text: maxTokenCount caps per model (AWS model-parameters-titan-text.html, reference §3.3).
    ModelRow { prefix: "amazon.titan-text-premier", family: "titan", format: Format::Titan, answers: TEXT,
        sampling: ANY, thinking: Thinking::Off, max_output: 3_072, streams: true,
        source: "AWS model-parameters-titan-text.html (Premier max 3,072)", tiers: Tiers::Standard, burn: 1, cache: None },
    ModelRow { prefix: "amazon.titan-text-lite", family: "titan", format: Format::Titan, answers: TEXT,
        sampling: ANY, thinking: Thinking::Off, max_output: 4_096, streams: true,
        source: "AWS model-parameters-titan-text.html (Lite max 4,096)", tiers: Tiers::Standard, burn: 1, cache: None },
    ModelRow { prefix: "amazon.titan-text-express", family: "titan", format: Format::Titan, answers: TEXT,
        sampling: ANY, thinking: Thinking::Off, max_output: 8_192, streams: true,
        source: "AWS model-parameters-titan-text.html (Express max 8,192)", tiers: Tiers::Standard, burn: 1, cache: None },
    ModelRow { prefix: "amazon.titan-tg1-large", family: "titan", format: Format::Titan, answers: TEXT,
        sampling: ANY, thinking: Thinking::Off, max_output: 8_192, streams: true,
        source: "AWS model-parameters-titan-text.html (Titan Text G1 Large = Express)", tiers: Tiers::Standard, burn: 1, cache: None },
    // ---------------------------------------------------------------- Meta Llama
    // Llama 3.x: the Llama 3 template on InvokeModel, max_gen_len ≤ 2048 (AWS
    // model-parameters-meta.html, reference §3.4). Llama 4: no public source documents its
    // InvokeModel template, so it goes through Converse, which applies the model's own template
    // ("With Mistral AI and Meta models, the Converse API embeds your input in a model-specific
    // prompt template", AWS conversation-inference.html); it cannot stream (AWS
    // model-parameters-meta.html, ja/zh copies; disputed by some catalogues) [models-and-quotas §3].
    ModelRow { prefix: "meta.llama3", family: "llama", format: Format::Llama3, answers: TEXT, sampling: ANY,
        thinking: Thinking::Off, max_output: 2_048, streams: true,
        source: "AWS model-parameters-meta.html; aws-doc-sdk-examples llama3_invoke_model", tiers: Tiers::Standard, burn: 1, cache: None },
    ModelRow { prefix: "meta.llama4", family: "llama", format: Format::Converse, answers: TEXT, sampling: ANY,
        thinking: Thinking::Off, max_output: 8_192, streams: false,
        source: "AWS conversation-inference.html (Converse applies Meta's template); model-parameters-meta.html (no Llama 4 streaming)", tiers: Tiers::Standard, burn: 1, cache: None },
    // ---------------------------------------------------------------- Mistral
    // The [INST] text models and the chat-completion models (AWS model-parameters-mistral-*.html,
    // reference §3.5); Mistral Large 3, Ministral 3, Magistral, Devstral, Voxtral have no
    // documented InvokeModel body: Converse (used by several projects) [models-and-quotas §6].
    ModelRow { prefix: "mistral.mistral-7b", family: "mistral", format: Format::MistralText, answers: TEXT,
        sampling: ANY, thinking: Thinking::Off, max_output: 8_192, streams: true,
        source: "AWS model-parameters-mistral-text-completion.html (reference §3.5)", tiers: Tiers::Standard, burn: 1, cache: None },
    ModelRow { prefix: "mistral.mixtral-8x7b", family: "mistral", format: Format::MistralText, answers: TEXT,
        sampling: ANY, thinking: Thinking::Off, max_output: 4_096, streams: true,
        source: "AWS model-parameters-mistral-text-completion.html (reference §3.5)", tiers: Tiers::Standard, burn: 1, cache: None },
    ModelRow { prefix: "mistral.mistral-small-2402", family: "mistral", format: Format::MistralText, answers: TEXT,
        sampling: ANY, thinking: Thinking::Off, max_output: 8_192, streams: true,
        source: "aws-doc-sdk-examples mistral invoke_model (reference §3.5)", tiers: Tiers::Standard, burn: 1, cache: None },
    ModelRow { prefix: "mistral.mistral-large-2402", family: "mistral", format: Format::MistralText, answers: TEXT,
        sampling: ANY, thinking: Thinking::Off, max_output: 8_192, streams: true,
        source: "aws-doc-sdk-examples mistral invoke_model (reference §3.5)", tiers: Tiers::Standard, burn: 1, cache: None },
    ModelRow { prefix: "mistral.mistral-large-2407", family: "mistral-chat", format: Format::MistralChat, answers: TOOL,
        sampling: ANY, thinking: Thinking::Off, max_output: 8_192, streams: true,
        source: "AWS model-parameters-mistral-large-2407.html (reference §3.5)", tiers: Tiers::Standard, burn: 1, cache: None },
    ModelRow { prefix: "mistral.pixtral-large", family: "mistral-chat", format: Format::MistralChat, answers: TOOL,
        sampling: ANY, thinking: Thinking::Off, max_output: 8_192, streams: true,
        source: "AWS model-parameters-mistral-chat-completion.html (reference §3.5)", tiers: Tiers::Standard, burn: 1, cache: None },
    ModelRow { prefix: "mistral.", family: "converse", format: Format::Converse, answers: TEXT,
        sampling: ANY, thinking: Thinking::Off, max_output: 8_192, streams: true,
        source: "no documented InvokeModel body for Mistral Large 3 / Ministral 3 / Magistral (models-and-quotas §6): Converse", tiers: Tiers::Unverified, burn: 1, cache: None },
    // ---------------------------------------------------------------- Cohere, AI21
    ModelRow { prefix: "cohere.command-r", family: "cohere", format: Format::Cohere, answers: TEXT,
        sampling: ANY, thinking: Thinking::Off, max_output: 4_000, streams: false,
        source: "AWS model-parameters-cohere-command-r-plus.html (reference §3.6); still listed on models-endpoint-availability.html", tiers: Tiers::Standard, burn: 1, cache: None },
    ModelRow { prefix: "ai21.jamba", family: "jamba", format: Format::Jamba, answers: TEXT,
        sampling: ANY, thinking: Thinking::Off, max_output: 4_096, streams: false,
        source: "AWS model-parameters-jamba.html (max_tokens 0–4096, reference §3.7)", tiers: Tiers::Standard, burn: 1, cache: None },
    // ---------------------------------------------------------------- DeepSeek
    // R1: the templated prompt, reasoning before </think> (AWS model-parameters-deepseek.html,
    // reference §3.8). V3.1 / V3.2: no documented InvokeModel body; V3.2 card: Invoke and
    // Converse, 8K output [models-and-quotas §5].
    ModelRow { prefix: "deepseek.r1", family: "deepseek", format: Format::DeepSeekR1, answers: TEXT,
        sampling: ANY, thinking: Thinking::InText { effort: None, room: REASONING_ROOM }, max_output: 32_768,
        streams: false, source: "AWS model-parameters-deepseek.html (max_tokens 1–32768)", tiers: Tiers::Standard, burn: 1, cache: None },
    // DeepSeek V3.1 (`deepseek.v3-v1:0`) and Qwen3 Coder 480B / Coder 30B / 32B / 235B 2507 offer
    // Priority and Flex (AWS What's New 2025-11-18) [models-and-quotas §12.3]; Converse as below.
    ModelRow { prefix: "deepseek.v3-v1", family: "converse", format: Format::Converse, answers: TEXT,
        sampling: ANY, thinking: Thinking::Off, max_output: 8_192, streams: true,
        source: "as deepseek.; tiers: AWS What's New 2025-11-18", tiers: Tiers::FlexPriority, burn: 1, cache: None },
    ModelRow { prefix: "qwen.qwen3-32b", ..QWEN3_TIERED },
    ModelRow { prefix: "qwen.qwen3-235b-a22b-2507", ..QWEN3_TIERED },
    ModelRow { prefix: "qwen.qwen3-coder-480b-a35b", ..QWEN3_TIERED },
    ModelRow { prefix: "qwen.qwen3-coder-30b-a3b", ..QWEN3_TIERED },
    ModelRow { prefix: "deepseek.", family: "converse", format: Format::Converse, answers: TEXT,
        sampling: ANY, thinking: Thinking::Off, max_output: 8_192, streams: true,
        source: "AWS model card model-card-deepseek-deepseek-v3-2 (Converse; 8K output)", tiers: Tiers::Unverified, burn: 1, cache: None },
    // ---------------------------------------------------------------- OpenAI
    // gpt-oss: the OpenAI chat-completion body with reasoning_effort, reasoning in
    // <reasoning> tags (AWS model-parameters-openai.html, reference §3.9); its stream shape is
    // UNCONFIRMED, so it is not streamed. GPT-5.6: Converse only, profile only
    // (pydantic/pydantic-ai#7793) [models-and-quotas §4].
    ModelRow { prefix: "openai.gpt-oss", family: "openai", format: Format::OpenAiChat, answers: TEXT,
        sampling: ANY, thinking: Thinking::InText { effort: Some("low"), room: REASONING_ROOM },
        max_output: 32_768, streams: false, source: "AWS model-parameters-openai.html (reference §3.9); tiers: AWS service-tiers-inference.html table, What's New 2025-11-18", tiers: Tiers::FlexPriority, burn: 1, cache: None },
    ModelRow { prefix: "openai.", family: "converse", format: Format::Converse, answers: TEXT,
        sampling: ANY, thinking: Thinking::Off, max_output: 32_768, streams: true,
        source: "pydantic/pydantic-ai#7793, #7810 (GPT-5.6 on bedrock-runtime Converse)", tiers: Tiers::Standard, burn: 1, cache: None },
];

/// Every text model with no row above: Converse, the answer asked for as JSON text (the
/// least any model supports). Qwen, Gemma, Kimi, MiniMax, Writer, Nemotron, GLM, Grok… are on
/// Bedrock with no documented native body (models-and-quotas §7); Writer Palmyra refuses even
/// tool choice `auto` (claude-and-converse §F.2).
pub const ANY_OTHER_TEXT_MODEL: ModelRow = ModelRow {
    prefix: "",
    family: "converse",
    format: Format::Converse,
    answers: TEXT,
    sampling: ANY,
    thinking: Thinking::Off,
    max_output: 8_192,
    streams: true,
    source:
        "AWS Converse API (botocore bedrock-runtime service-2.json): one body for every text model",
    // Gemma 3, MiniMax and the rest: no tier source read (models-and-quotas §12.3, unverified).
    tiers: Tiers::Unverified,
    burn: 1,
    cache: None,
};

/// The Qwen3 models in AWS's Priority / Flex list: Converse like any other text model.
const QWEN3_TIERED: ModelRow = ModelRow {
    source: "as any other text model; tiers: AWS What's New 2025-11-18",
    tiers: Tiers::FlexPriority,
    ..ANY_OTHER_TEXT_MODEL
};

/// Models that cannot label text: embedding, image, video, speech and rerank models.
pub const NOT_TEXT: &[&str] = &[
    "amazon.titan-embed",
    "amazon.titan-image",
    "amazon.titan-e1t",
    "amazon.nova-canvas",
    "amazon.nova-reel",
    "amazon.nova-sonic",
    "amazon.nova-2-sonic",
    "amazon.nova-2-multimodal-embeddings",
    "amazon.rerank",
    "cohere.embed",
    "cohere.rerank",
    "stability.",
    "luma.",
    "twelvelabs.",
];

/// The `family` hint for ids that name no model: its default row. Known models of the same
/// family keep their own row.
#[rustfmt::skip]
pub const FAMILY_HINTS: &[ModelRow] = &[
    ModelRow { prefix: "anthropic", ..CLAUDE_HINT },
    ModelRow { prefix: "nova", family: "nova", format: Format::Nova, answers: TOOL, sampling: ANY,
        thinking: Thinking::Off, max_output: 5_000, streams: true, source: "as amazon.nova", tiers: Tiers::Unverified, burn: 1, cache: None },
    ModelRow { prefix: "llama", family: "llama", format: Format::Llama3, answers: TEXT, sampling: ANY,
        thinking: Thinking::Off, max_output: 2_048, streams: false, source: "as meta.llama3 (not streamed: it may be Llama 4)", tiers: Tiers::Unverified, burn: 1, cache: None },
    ModelRow { prefix: "mistral", family: "mistral", format: Format::MistralText, answers: TEXT, sampling: ANY,
        thinking: Thinking::Off, max_output: 4_096, streams: true, source: "as mistral.mixtral-8x7b", tiers: Tiers::Unverified, burn: 1, cache: None },
    ModelRow { prefix: "mistral-chat", family: "mistral-chat", format: Format::MistralChat, answers: TOOL,
        sampling: ANY, thinking: Thinking::Off, max_output: 8_192, streams: true, source: "as mistral.mistral-large-2407", tiers: Tiers::Unverified, burn: 1, cache: None },
    ModelRow { prefix: "titan", family: "titan", format: Format::Titan, answers: TEXT, sampling: ANY,
        thinking: Thinking::Off, max_output: 3_072, streams: true, source: "the smallest Titan cap (Premier)", tiers: Tiers::Unverified, burn: 1, cache: None },
    ModelRow { prefix: "cohere", family: "cohere", format: Format::Cohere, answers: TEXT, sampling: ANY,
        thinking: Thinking::Off, max_output: 4_000, streams: false, source: "as cohere.command-r", tiers: Tiers::Unverified, burn: 1, cache: None },
    ModelRow { prefix: "jamba", family: "jamba", format: Format::Jamba, answers: TEXT, sampling: ANY,
        thinking: Thinking::Off, max_output: 4_096, streams: false, source: "as ai21.jamba", tiers: Tiers::Unverified, burn: 1, cache: None },
    ModelRow { prefix: "deepseek", family: "deepseek", format: Format::DeepSeekR1, answers: TEXT, sampling: ANY,
        thinking: Thinking::InText { effort: None, room: REASONING_ROOM }, max_output: 32_768, streams: false,
        source: "as deepseek.r1", tiers: Tiers::Unverified, burn: 1, cache: None },
    ModelRow { prefix: "openai", family: "openai", format: Format::OpenAiChat, answers: TEXT, sampling: ANY,
        thinking: Thinking::InText { effort: Some("low"), room: REASONING_ROOM }, max_output: 32_768, streams: false,
        source: "as openai.gpt-oss", tiers: Tiers::Unverified, burn: 1, cache: None },
    ModelRow { prefix: "converse", ..ANY_OTHER_TEXT_MODEL },
];

#[rustfmt::skip]
const CLAUDE_HINT: ModelRow = claude("anthropic", CLAUDE_SCHEMA, ANY, Thinking::Off, 8_192,
    "as an unlisted Claude model; refusals are adapted to at run time").tiers(Tiers::Unverified);

/// The hint row named `name` (case and surrounding spaces ignored).
pub fn family_hint(name: &str) -> Option<&'static ModelRow> {
    let name = name.trim().to_ascii_lowercase();
    FAMILY_HINTS.iter().find(|r| r.prefix == name)
}

pub fn family_hint_names() -> String {
    FAMILY_HINTS
        .iter()
        .map(|r| r.prefix)
        .collect::<Vec<_>>()
        .join(", ")
}

/// A known model belongs to the hinted family.
pub fn same_family(row: &ModelRow, hint: &ModelRow) -> bool {
    row.family == hint.family
}
