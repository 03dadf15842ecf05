//! What each model can do, as data: [`table::MODELS`] is one row per model (or model line),
//! keyed by base-model-id prefix, each naming its public source. This module looks a model id
//! up in it, and turns a row, the caller's settings and what the model has refused so far
//! ([`Adaptations`]) into the shape of every request ([`Shape`]).
//!
//! Adding a model is one row in `table.rs`. Where the table did not foresee a refusal, the job
//! adapts at run time: [`Adaptation::from_refusal`] reads Bedrock's 400 message, and the change
//! is remembered for the rest of the call (and reported, so the extension can remember it for
//! the browser session).

pub mod table;

use crate::error::{ErrorCode, ItemError, LabelerError};
use crate::formats::{AnswerMode, Api, Format, Reasoning};
use crate::model_id::base_model_id;
pub use table::{ModelRow, Sampling, Thinking, MODELS};

/// The capability row for `model_id`, with the caller's hints for ids that name no model
/// (application inference profiles, provisioned models): `base_model` (a base model id such
/// as `anthropic.claude-sonnet-4-5-20250929-v1:0`) first, then `family`.
pub fn lookup(
    model_id: &str,
    base_model: Option<&str>,
    family: Option<&str>,
) -> Result<&'static ModelRow, LabelerError> {
    if let Some(base) = base_model {
        return row_for_base(base_model_id(base).unwrap_or(base)).ok_or_else(|| {
            LabelerError::invalid_input(
                "baseModelId",
                &format!("{base:?} is not a text model this labeler can call"),
            )
        });
    }
    let base = base_model_id(model_id);
    if let Some(name) = family {
        let hint = table::family_hint(name).ok_or_else(|| {
            LabelerError::invalid_input(
                "family",
                &format!(
                    "{name:?} is not a family; use one of: {}",
                    table::family_hint_names()
                ),
            )
        })?;
        // A known model of the hinted family keeps its own row (its own rules).
        if let Some(row) = base.and_then(row_for_base) {
            if row.format == hint.format || table::same_family(row, hint) {
                return Ok(row);
            }
        }
        return Ok(hint);
    }
    let Some(base) = base else {
        return Err(LabelerError::unsupported(format!(
            "the model of {model_id:?} cannot be told from the id (an application inference \
             profile or provisioned model ARN names no model): set the request's \
             \"baseModelId\" to the model it serves (e.g. anthropic.claude-sonnet-4-5-20250929-v1:0), \
             or \"family\" to one of: {}",
            table::family_hint_names()
        )));
    };
    row_for_base(base).ok_or_else(|| {
        LabelerError::unsupported(format!(
            "model {model_id:?} is not a text model (embedding, image, video and speech \
             models cannot label text)"
        ))
    })
}

/// The row whose prefix matches `base` at a boundary, longest first; `None` for models that
/// cannot label text. Unknown text models fall through to the Converse row.
fn row_for_base(base: &str) -> Option<&'static ModelRow> {
    if table::NOT_TEXT.iter().any(|p| matches_prefix(base, p)) {
        return None;
    }
    MODELS
        .iter()
        .filter(|r| matches_prefix(base, r.prefix))
        .max_by_key(|r| r.prefix.len())
        .or(Some(&table::ANY_OTHER_TEXT_MODEL))
}

/// `prefix` starts `id` and ends at a boundary (`-`, `:`, `.`, `/` or the end), so
/// `anthropic.claude-opus-5` matches `anthropic.claude-opus-5-20261001-v1:0` but not
/// `anthropic.claude-opus-50`.
fn matches_prefix(id: &str, prefix: &str) -> bool {
    id.strip_prefix(prefix).is_some_and(|rest| {
        rest.is_empty() || prefix.ends_with(['.', '-']) || rest.starts_with(['-', ':', '.', '/'])
    })
}

/// One thing a model refused, and how the request changes because of it. The names are what
/// `PredictLabelsRequest.adaptations` and the result's `adaptations` carry.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[cfg_attr(test, ts(rename_all = "kebab-case"))]
pub enum Adaptation {
    /// `temperature` is not sent.
    NoTemperature,
    /// `top_p` is not sent.
    NoTopP,
    /// The answer tool is not forced (tool choice `tool` / `any` refused).
    NoForcedTool,
    /// No structured output (`output_config.format`, `response_format`, `outputConfig`).
    NoStructuredOutput,
    /// No `strict` tools.
    NoStrictTool,
    /// Thinking is left on (the model refused to have it disabled).
    KeepThinking,
    /// No effort setting is sent.
    NoEffort,
    /// The service tier asked for is not sent: Standard is used (Bedrock refused the tier).
    StandardTier,
}

impl Adaptation {
    pub const ALL: [Adaptation; 8] = [
        Adaptation::NoTemperature,
        Adaptation::NoTopP,
        Adaptation::NoForcedTool,
        Adaptation::NoStructuredOutput,
        Adaptation::NoStrictTool,
        Adaptation::KeepThinking,
        Adaptation::NoEffort,
        Adaptation::StandardTier,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Adaptation::NoTemperature => "no-temperature",
            Adaptation::NoTopP => "no-top-p",
            Adaptation::NoForcedTool => "no-forced-tool",
            Adaptation::NoStructuredOutput => "no-structured-output",
            Adaptation::NoStrictTool => "no-strict-tool",
            Adaptation::KeepThinking => "keep-thinking",
            Adaptation::NoEffort => "no-effort",
            Adaptation::StandardTier => "standard-tier",
        }
    }

    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|a| a.name() == name)
    }

    /// What was changed, for the result's warnings.
    pub fn describe(self) -> &'static str {
        match self {
            Adaptation::NoTemperature => "temperature was not sent",
            Adaptation::NoTopP => "top_p was not sent",
            Adaptation::NoForcedTool => {
                "the answer tool was offered instead of forced (tool_choice auto)"
            }
            Adaptation::NoStructuredOutput => "structured output was not used",
            Adaptation::NoStrictTool => "the answer tool was not marked strict",
            Adaptation::KeepThinking => "thinking was left on",
            Adaptation::NoEffort => "no thinking effort was set",
            Adaptation::StandardTier => "the service tier was not sent (Standard was used)",
        }
    }

    /// The change a 400 `ValidationException` asks for, when its message says a parameter or
    /// mode is not supported, deprecated or cannot be combined; `None` for any other message
    /// (the error then fails as usual). The wordings matched are those of the refusals listed
    /// in docs/evidence/ (Anthropic's model pages, peer projects' recorded errors), plus
    /// Bedrock's generic "extraneous key [x] is not permitted".
    pub fn from_refusal(message: &str) -> Option<Self> {
        let m = message.to_ascii_lowercase();
        // A tier refused: "service tier provided is invalid" (an unknown value) is the one
        // wording on record (NousResearch/hermes-agent#34476); a tier the model does not offer is
        // a ValidationException whose exact text is unverified (strands-agents/harness-sdk#1799)
        // [models-and-quotas §12.2]. Any 400 naming the service tier falls back to Standard. (The
        // job applies it only when a tier was sent.)
        if m.contains("service tier") || m.contains("servicetier") || m.contains("service_tier") {
            return Some(Adaptation::StandardTier);
        }
        let refused = [
            "not supported",
            "unsupported",
            "deprecated",
            "not permitted",
            "not allowed",
            "cannot both be specified",
            "cannot be used",
            "may not be",
            "is not available",
            "does not support",
            "only one",
        ]
        .iter()
        .any(|w| m.contains(w));
        if !refused {
            return None;
        }
        // Most specific first: a message naming thinking and tool_choice is about forcing.
        if m.contains("tool_choice") || m.contains("toolchoice") || m.contains("forces tool") {
            return Some(Adaptation::NoForcedTool);
        }
        if m.contains("thinking.type.disabled") || (m.contains("thinking") && m.contains("disabl"))
        {
            return Some(Adaptation::KeepThinking);
        }
        if m.contains("effort") {
            return Some(Adaptation::NoEffort);
        }
        if m.contains("output_config")
            || m.contains("output_format")
            || m.contains("outputconfig")
            || m.contains("response_format")
            || m.contains("structured output")
            || m.contains("json_schema")
        {
            return Some(Adaptation::NoStructuredOutput);
        }
        if m.contains("strict") {
            return Some(Adaptation::NoStrictTool);
        }
        // "temperature and top_p cannot both be specified": keep the temperature the user set.
        if m.contains("top_p") || m.contains("topp") || m.contains("top-p") {
            return Some(Adaptation::NoTopP);
        }
        if m.contains("temperature") {
            return Some(Adaptation::NoTemperature);
        }
        None
    }
}

/// The set of changes in force for a call.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Adaptations(u16);

impl Adaptations {
    pub fn has(self, a: Adaptation) -> bool {
        self.0 & (1 << a as u16) != 0
    }

    /// Adds `a`; false when it was already in force (the refusal was not understood: do not
    /// try it again).
    pub fn add(&mut self, a: Adaptation) -> bool {
        let had = self.has(a);
        self.0 |= 1 << a as u16;
        !had
    }

    pub fn iter(self) -> impl Iterator<Item = Adaptation> {
        Adaptation::ALL.into_iter().filter(move |a| self.has(*a))
    }

    pub fn names(self) -> Vec<&'static str> {
        self.iter().map(Adaptation::name).collect()
    }
}

/// How every request of a call is shaped: the body format, the answer mechanism, the
/// sampling fields that are sent, thinking, and the token cap.
#[derive(Debug, Clone)]
pub struct Shape {
    pub format: Format,
    /// The model's own format (what Converse's `additionalModelRequestFields` speaks).
    pub native: Format,
    pub answer: AnswerMode,
    pub temperature: Option<f64>,
    pub top_p: Option<f64>,
    pub reasoning: Reasoning,
    /// Room to add to every `max_tokens` for thinking the model cannot skip.
    pub thinking_room: u32,
    pub max_output: u32,
    /// Whether the answer can be read as it streams (the model streams and its format's stream
    /// is read).
    pub streams: bool,
    /// What the table made us leave out, for the result's warnings.
    pub dropped: Vec<ItemError>,
    /// Prompt caching: the minimum tokens per checkpoint when the model caches and the caller
    /// did not turn caching off (the planner sends a checkpoint when the shared prefix meets it).
    pub cache_min: Option<u32>,
    /// The answer is asked for in the short form (short keys).
    pub compact: bool,
}

/// The caller's sampling settings.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Wanted {
    pub temperature: Option<f64>,
    pub top_p: Option<f64>,
    pub api: Option<Api>,
    /// Prompt caching wanted (request `promptCaching`).
    pub caching: bool,
    /// Short answer keys wanted (request `compactAnswers`).
    pub compact: bool,
}

impl Shape {
    pub fn new(
        row: &'static ModelRow,
        model_id: &str,
        wanted: Wanted,
        adapted: Adaptations,
    ) -> Self {
        let format = match wanted.api {
            Some(Api::Converse) => Format::Converse,
            // Every row has a native body except the Converse-only ones.
            _ => row.format,
        };
        let body = format.body();
        let allowed = |mode: AnswerMode| match mode {
            AnswerMode::Schema => !adapted.has(Adaptation::NoStructuredOutput),
            AnswerMode::StrictTool => !adapted.has(Adaptation::NoStrictTool),
            AnswerMode::ForcedTool => !adapted.has(Adaptation::NoForcedTool),
            AnswerMode::JsonText => true,
        };
        let answer = row
            .answers
            .iter()
            .copied()
            .find(|&m| body.carries(m) && allowed(m))
            .unwrap_or(AnswerMode::JsonText);

        let mut dropped = Vec::new();
        let mut drop = |field: &str, why: &str| {
            dropped.push(ItemError::new(
                ErrorCode::ParameterDropped,
                format!("{field} is not accepted by {model_id} {why} and was not sent."),
            ));
        };
        let mut temperature = wanted.temperature;
        let mut top_p = wanted.top_p;
        if temperature.is_some() && !row.sampling.temperature {
            drop("temperature", "");
            temperature = None;
        }
        if top_p.is_some() && !row.sampling.top_p {
            drop("top_p", "");
            top_p = None;
        }
        if temperature.is_some() && top_p.is_some() && row.sampling.one_of {
            drop("top_p", "together with temperature");
            top_p = None;
        }
        for d in &mut dropped {
            d.message = d.message.replace("  ", " ");
        }
        if adapted.has(Adaptation::NoTemperature) {
            temperature = None;
        }
        if adapted.has(Adaptation::NoTopP) {
            top_p = None;
        }

        let (reasoning, thinking_room) = match row.thinking {
            Thinking::Off => (Reasoning::default(), 0),
            Thinking::DefaultOn { room } if adapted.has(Adaptation::KeepThinking) => {
                (Reasoning::default(), room)
            }
            Thinking::DefaultOn { .. } => (
                Reasoning {
                    disable: true,
                    effort: None,
                },
                0,
            ),
            Thinking::Always { effort, room } | Thinking::InText { effort, room } => (
                Reasoning {
                    disable: false,
                    effort: effort.filter(|_| !adapted.has(Adaptation::NoEffort)),
                },
                room,
            ),
        };
        let streams = row.streams && body.stream_reader().is_some();
        Shape {
            format,
            native: row.format,
            answer,
            temperature,
            top_p,
            reasoning,
            thinking_room,
            max_output: row.max_output,
            streams,
            dropped,
            cache_min: row.cache.filter(|_| wanted.caching),
            compact: wanted.compact,
        }
    }

    /// `max_tokens` for an answer that needs `answer_tokens`: plus the room thinking takes,
    /// within the model's cap.
    pub fn max_tokens(&self, answer_tokens: u32) -> u32 {
        answer_tokens
            .saturating_add(self.thinking_room)
            .min(self.max_output)
            .max(1)
    }

    pub fn api(&self) -> Api {
        self.format.body().api()
    }
}

#[cfg(test)]
mod tests;
