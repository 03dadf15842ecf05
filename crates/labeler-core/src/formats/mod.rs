//! Body formats: each module builds one kind of Bedrock request body, reads its response and,
//! where the model can stream, its stream. Everything outside this folder goes through the
//! [`BodyFormat`] and [`StreamReader`] interfaces; [`Format::body`] is the one place that
//! knows which module serves which format.
//!
//! What a *model* can do (which answer mechanism, which sampling fields, thinking, token caps)
//! is not decided here but in the capability table, [`crate::models`]: a format only writes
//! what it is given, in its own field names.
//!
//! Adding a body format: a module here implementing [`BodyFormat`] (and [`StreamReader`] if
//! its stream can be read), a variant of [`Format`], and one arm in [`Format::body`].

pub mod claude;
pub mod cohere;
pub mod converse;
pub mod deepseek;
pub mod jamba;
pub mod llama;
pub mod mistral;
pub mod nova;
pub mod openai;
pub mod titan;

use crate::http::HttpResponse;
use crate::prompt::Prompt;
use crate::stream::StreamProblem;
use serde_json::{json, Map, Value};

/// Characters a tool definition or schema adds to a request besides the schema itself (name,
/// description, wrapper keys), for estimates.
pub const TOOL_OVERHEAD_CHARS: usize = 120;

/// The request bodies we can write.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    /// Anthropic Claude: the Messages API (`anthropic_version: bedrock-2023-05-31`).
    Claude,
    /// Amazon Nova 1 (Micro, Lite, Pro, Premier): messages-v1, `max_new_tokens` / `top_p`.
    Nova,
    /// Amazon Nova 2: messages-v1, `maxTokens` / `topP`.
    Nova2,
    /// Meta Llama 3.x Instruct: a prompt in the Llama 3 chat template. (Llama 4's InvokeModel
    /// template is documented nowhere public, so Llama 4 goes through Converse.)
    Llama3,
    /// Mistral text-completion models (7B, Mixtral, the 24.02 models): an `[INST]` prompt.
    MistralText,
    /// Mistral chat-completion models (Large 24.07, Pixtral Large): messages and tools.
    MistralChat,
    /// Amazon Titan Text: `inputText`.
    Titan,
    /// Cohere Command R / R+: `message` and `preamble`.
    Cohere,
    /// AI21 Jamba: OpenAI-like chat messages.
    Jamba,
    /// DeepSeek R1: a prompt in DeepSeek's chat template.
    DeepSeekR1,
    /// An OpenAI chat-completion body (gpt-oss and the open-weight models documented with it).
    OpenAiChat,
    /// The Converse API (`/converse`, `/converse-stream`): one body for every text model.
    Converse,
}

impl Format {
    pub const ALL: [Format; 12] = [
        Format::Claude,
        Format::Nova,
        Format::Nova2,
        Format::Llama3,
        Format::MistralText,
        Format::MistralChat,
        Format::Titan,
        Format::Cohere,
        Format::Jamba,
        Format::DeepSeekR1,
        Format::OpenAiChat,
        Format::Converse,
    ];

    /// The one dispatch point: the module that writes and reads this format.
    pub fn body(self) -> &'static dyn BodyFormat {
        match self {
            Format::Claude => &claude::Claude,
            Format::Nova => &nova::Nova { v2: false },
            Format::Nova2 => &nova::Nova { v2: true },
            Format::Llama3 => &llama::Llama,
            Format::MistralText => &mistral::MistralText,
            Format::MistralChat => &mistral::MistralChat,
            Format::Titan => &titan::Titan,
            Format::Cohere => &cohere::Cohere,
            Format::Jamba => &jamba::Jamba,
            Format::DeepSeekR1 => &deepseek::DeepSeekR1,
            Format::OpenAiChat => &openai::OpenAiChat,
            Format::Converse => &converse::Converse,
        }
    }
}

/// The API a body is sent to (both are covered by the two IAM actions the user grants:
/// `bedrock:InvokeModel` and `bedrock:InvokeModelWithResponseStream`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[cfg_attr(test, ts(rename_all = "lowercase"))]
pub enum Api {
    /// `InvokeModel` / `InvokeModelWithResponseStream`: the model's native body.
    Invoke,
    /// `Converse` / `ConverseStream`.
    Converse,
}

/// How the model is asked for its answer, strongest first. A model's row in the capability
/// table lists the mechanisms it supports; the job uses the first one the body format can
/// carry and no refusal has ruled out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum AnswerMode {
    /// Constrained decoding to the answer's JSON schema (structured outputs): Claude's
    /// `output_config.format`, OpenAI-style `response_format`, Converse's
    /// `outputConfig.textFormat`. The answer arrives as JSON text.
    Schema,
    /// A tool whose input schema is enforced (`strict: true`), offered with tool choice
    /// `auto` and an instruction to call it (for models that refuse a forced tool).
    StrictTool,
    /// A tool the model is forced to call (tool choice `tool` / `any`).
    ForcedTool,
    /// A JSON object asked for in the prompt and checked afterwards.
    JsonText,
}

impl AnswerMode {
    /// The model answers through a tool call.
    pub fn uses_tool(self) -> bool {
        matches!(self, AnswerMode::StrictTool | AnswerMode::ForcedTool)
    }

    /// The schema travels in the request body (not only in the prompt).
    pub fn sends_schema(self) -> bool {
        self != AnswerMode::JsonText
    }
}

/// What a body says about the model's thinking (reasoning before answering).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Reasoning {
    /// Turn thinking off (a model that thinks by default and allows it to be disabled).
    pub disable: bool,
    /// The effort level to ask for (a model that always thinks: its lowest level).
    pub effort: Option<&'static str>,
}

/// Everything a format needs to write one request body.
#[derive(Debug, Clone, Copy)]
pub struct BodyInput<'a> {
    pub prompt: &'a Prompt,
    pub answer: AnswerMode,
    /// The answer's JSON schema (in the subset structured outputs accept).
    pub schema: &'a Value,
    /// Already within the model's cap.
    pub max_tokens: u32,
    /// Only what the model accepts: fields it refuses are `None` here.
    pub temperature: Option<f64>,
    pub top_p: Option<f64>,
    pub reasoning: Reasoning,
    /// The model's native format: Converse passes the model's own thinking fields on in
    /// `additionalModelRequestFields` ([`BodyFormat::reasoning_fields`]).
    pub native: Format,
    /// Put a prompt-cache checkpoint after the shared part of the prompt (`Prompt::shared`):
    /// the planner sets it where the model caches and that part meets the model's minimum.
    /// Formats that cannot carry a checkpoint ignore it.
    pub cache_point: bool,
}

/// One body format: request body, response, stream.
pub trait BodyFormat: Sync {
    /// The name used in messages and the capability table's docs.
    fn name(&self) -> &'static str;

    /// The API this body goes to.
    fn api(&self) -> Api {
        Api::Invoke
    }

    /// Whether this body can carry `mode` (every body can ask for JSON text).
    fn carries(&self, mode: AnswerMode) -> bool {
        mode == AnswerMode::JsonText
    }

    /// The request body for one request.
    fn build(&self, input: &BodyInput) -> Value;

    /// The native body fields that turn thinking off or set its effort (also what Converse
    /// sends in `additionalModelRequestFields` for a model of this format).
    fn reasoning_fields(&self, _reasoning: Reasoning) -> Map<String, Value> {
        Map::new()
    }

    /// Reads a whole (non-streamed) response body.
    fn parse(&self, response: &Value) -> Result<ModelOutput, String>;

    /// A reader for this format's stream, or `None` when it is not read (the call then goes
    /// out without streaming).
    fn stream_reader(&self) -> Option<Box<dyn StreamReader>> {
        None
    }
}

/// A model's stream events (one JSON event per Bedrock chunk), put back together into the
/// same [`ModelOutput`] the format's [`BodyFormat::parse`] gives for the answer sent whole.
pub trait StreamReader: std::fmt::Debug {
    fn on_event(&mut self, event: &[u8]) -> Result<(), StreamProblem>;
    /// The answer's JSON text written so far, when it can already be read.
    fn partial_answer(&self) -> Option<&str>;
    /// True once the model's last event has arrived.
    fn is_complete(&self) -> bool;
    fn finish(&self) -> ModelOutput;
}

/// Reads a whole response body of `format`.
pub fn parse_response(format: Format, body: &[u8]) -> Result<ModelOutput, String> {
    let v: Value =
        serde_json::from_slice(body).map_err(|e| format!("the response is not JSON ({e})"))?;
    format.body().parse(&v)
}

/// The request body of `format` as bytes.
pub fn build_body(format: Format, input: &BodyInput) -> Vec<u8> {
    serde_json::to_vec(&format.body().build(input)).expect("JSON values serialise")
}

/// Writes the token limit as `max_key`, `temperature`, and top-p as `top_p_key` into `body`;
/// absent values are left out, so the model's defaults apply.
pub fn write_sampling(
    body: &mut Map<String, Value>,
    input: &BodyInput,
    max_key: &str,
    top_p_key: &str,
) {
    body.insert(max_key.into(), json!(input.max_tokens));
    if let Some(t) = input.temperature {
        body.insert("temperature".into(), json!(t));
    }
    if let Some(p) = input.top_p {
        body.insert(top_p_key.into(), json!(p));
    }
}

/// The user prompt as content: split after its shared part when a cache checkpoint goes
/// there (`(shared, rest)`), whole otherwise (`(user, "")`).
pub fn split_user<'a>(input: &BodyInput<'a>) -> (&'a str, &'a str) {
    let p = input.prompt;
    if input.cache_point && p.shared > 0 && p.shared < p.user.len() {
        p.user.split_at(p.shared)
    } else {
        (p.user.as_str(), "")
    }
}

/// Converse / Nova message content for the user prompt: `[{text}]`, or with a checkpoint
/// `[{text: shared}, {cachePoint: {type: "default"}}, {text: rest}]`: the cachePoint block
/// goes after the content it caches (botocore service model `CachePointBlock`, type
/// `default`; AWS agent-toolkit skill prompt-caching.md; models-and-quotas §11.2).
pub fn cache_point_content(input: &BodyInput) -> Value {
    match split_user(input) {
        (whole, "") => json!([{ "text": whole }]),
        (shared, rest) => json!([
            {"text": shared},
            {"cachePoint": {"type": "default"}},
            {"text": rest}
        ]),
    }
}

/// Token counts of one response. Any count may be missing (Nova's body reports only
/// `inputTokens` when a guardrail intervened); [`TokenUsage::or_headers`] fills the gaps.
///
/// Prompt caching (issue 14): `cache_read` / `cache_write` are the prompt-cache tokens read and
/// written, reported apart from `input_tokens`, which then counts only the uncached input
/// (Anthropic's usage: `input_tokens` are the tokens after the last checkpoint; Converse's
/// `inputTokens` likewise: opencode PR #38427, merged, reads it "as non-cached input, matching
/// AWS prompt-caching semantics" [obs, models-and-quotas §11.4]; AWS's own page not read).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct TokenUsage {
    pub input_tokens: Option<u64>,
    pub output_tokens: Option<u64>,
    pub cache_read: Option<u64>,
    pub cache_write: Option<u64>,
}

impl TokenUsage {
    pub fn new(input: u64, output: u64) -> Self {
        Self {
            input_tokens: Some(input),
            output_tokens: Some(output),
            ..Self::default()
        }
    }

    /// From a JSON object with the given key names; `None` when neither is a number.
    pub fn from_keys(v: Option<&Value>, input: &str, output: &str) -> Option<Self> {
        let v = v?;
        let n = |k: &str| v.get(k).and_then(Value::as_u64);
        let usage = Self {
            input_tokens: n(input),
            output_tokens: n(output),
            ..Self::default()
        };
        (usage != Self::default()).then_some(usage)
    }

    /// With the cache counts read from `v` under `read` / `write` (missing keys stay `None`).
    pub fn with_cache(mut self, v: Option<&Value>, read: &str, write: &str) -> Self {
        let n = |k: &str| v.and_then(|v| v.get(k)).and_then(Value::as_u64);
        self.cache_read = n(read).or(self.cache_read);
        self.cache_write = n(write).or(self.cache_write);
        self
    }

    /// From the `X-Amzn-Bedrock-{Input,Output}-Token-Count` headers of an InvokeModel response,
    /// and `X-Amzn-Bedrock-Cache-{Read,Write}-Input-Token-Count` (named in issue 14 and
    /// models-and-quotas §11.4; their presence on real responses is unverified, so they only
    /// fill what the body left out).
    pub fn from_headers(resp: &HttpResponse) -> Self {
        let n = |h: &str| resp.header(h).and_then(|v| v.trim().parse::<u64>().ok());
        Self {
            input_tokens: n("x-amzn-bedrock-input-token-count"),
            output_tokens: n("x-amzn-bedrock-output-token-count"),
            cache_read: n("x-amzn-bedrock-cache-read-input-token-count"),
            cache_write: n("x-amzn-bedrock-cache-write-input-token-count"),
        }
    }

    /// Each count missing here is taken from `other`, field by field.
    pub fn or(self, other: Self) -> Self {
        Self {
            input_tokens: self.input_tokens.or(other.input_tokens),
            output_tokens: self.output_tokens.or(other.output_tokens),
            cache_read: self.cache_read.or(other.cache_read),
            cache_write: self.cache_write.or(other.cache_write),
        }
    }

    /// Counts missing from the body come from the response's token-count headers
    /// (reference addendum: Nova's body `usage` can be partial while the headers are whole).
    pub fn or_headers(usage: Option<Self>, resp: &HttpResponse) -> Self {
        usage.unwrap_or_default().or(Self::from_headers(resp))
    }

    pub fn input(&self) -> u64 {
        self.input_tokens.unwrap_or(0)
    }

    pub fn output(&self) -> u64 {
        self.output_tokens.unwrap_or(0)
    }

    pub fn cache_read(&self) -> u64 {
        self.cache_read.unwrap_or(0)
    }

    pub fn cache_write(&self) -> u64 {
        self.cache_write.unwrap_or(0)
    }
}

/// What a model said, before it is checked against the items and labels.
#[derive(Debug, Clone, PartialEq)]
pub struct ModelOutput {
    /// The structured answer (tool input, or JSON found in the text), if there was one.
    pub answer: Option<Value>,
    /// The model's raw output as text, kept for items that fail.
    pub raw: String,
    pub usage: Option<TokenUsage>,
    /// The model stopped at its token limit: the answer may be cut short.
    pub truncated: bool,
}

impl ModelOutput {
    /// Output of a message made of blocks: `answer` is the tool call's input if there was one,
    /// else the JSON found in the text. Text blocks are joined as they are (a model may split
    /// one JSON answer over several text blocks: Nova streams give every text delta its own
    /// block); the tool input, if any, follows on its own line in `raw`.
    pub fn from_blocks(
        tool_input: Option<Value>,
        text: &str,
        usage: Option<TokenUsage>,
        truncated: bool,
    ) -> Self {
        let raw = match &tool_input {
            Some(input) if text.is_empty() => input.to_string(),
            Some(input) => format!("{text}\n{input}"),
            None => text.to_owned(),
        };
        let answer = tool_input.or_else(|| json_in_text(strip_reasoning(text)));
        Self {
            answer,
            raw,
            usage,
            truncated,
        }
    }

    /// Output whose answer is JSON somewhere in `text` (after dropping any reasoning).
    pub fn from_text(text: String, usage: Option<TokenUsage>, truncated: bool) -> Self {
        Self::from_blocks(None, &text, usage, truncated)
    }
}

/// Drops a reasoning preamble: DeepSeek R1 thinks before `</think>`, gpt-oss wraps its
/// reasoning in `<reasoning>…</reasoning>`. The answer is what follows.
pub fn strip_reasoning(text: &str) -> &str {
    let mut rest = text;
    for close in ["</think>", "</reasoning>"] {
        if let Some(i) = rest.rfind(close) {
            rest = &rest[i + close.len()..];
        }
    }
    rest
}

/// Finds the first JSON object in free text that parses (models sometimes wrap it in prose or a
/// code fence); prefers one with a `results` key (or the compact form's `r`).
pub fn json_in_text(text: &str) -> Option<Value> {
    let mut first = None;
    let mut search = text;
    while let Some(start) = search.find('{') {
        let candidate = &search[start..];
        let mut de = serde_json::Deserializer::from_str(candidate).into_iter::<Value>();
        if let Some(Ok(v @ Value::Object(_))) = de.next() {
            if v.get("results").is_some() || v.get("r").is_some() {
                return Some(v);
            }
            let consumed = de.byte_offset();
            first.get_or_insert(v);
            search = &candidate[consumed.max(1)..];
            continue;
        }
        search = &candidate[1..];
    }
    first
}

/// The first string at `path` (object keys / array indexes) in `v`.
pub fn str_at<'a>(v: &'a Value, path: &[&str]) -> Option<&'a str> {
    let mut cur = v;
    for key in path {
        cur = match key.parse::<usize>() {
            Ok(i) => cur.get(i)?,
            Err(_) => cur.get(key)?,
        };
    }
    cur.as_str()
}

/// One chunk's JSON event; `model` names the format in the message when it is not JSON.
pub(crate) fn parse_event(event: &[u8], model: &str) -> Result<Value, StreamProblem> {
    serde_json::from_slice(event)
        .map_err(|e| StreamProblem::Unreadable(format!("a chunk from {model} is not JSON ({e})")))
}

/// Bedrock's token counts, on the last chunk of every InvokeModel stream
/// (`amazon-bedrock-invocationMetrics`: `inputTokenCount`, `outputTokenCount`).
pub(crate) fn invocation_metrics(event: &Value) -> Option<TokenUsage> {
    let metrics = event.get("amazon-bedrock-invocationMetrics");
    // Cache counts there as on Nova's stream metadata (opentelemetry-python-contrib cassette,
    // models-and-quotas §1.7, §11.4).
    TokenUsage::from_keys(metrics, "inputTokenCount", "outputTokenCount").map(|u| {
        u.with_cache(
            metrics,
            "cacheReadInputTokenCount",
            "cacheWriteInputTokenCount",
        )
    })
}

/// The JSON part of an answer written as text so far: from its first `{` on, so that prose
/// before it (`Here are the labels: [...]`) is never scanned. The final parse takes the first
/// JSON object of the text too (`json_in_text`), never a bare array. `None` before any `{`.
pub(crate) fn json_part(text: &str) -> Option<&str> {
    text.find('{').map(|at| &text[at..])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_json_in_prose_and_fences() {
        let v = json_in_text("Sure! ```json\n{\"results\":[{\"id\":\"1\",\"label\":\"a\"}]}\n```")
            .unwrap();
        assert_eq!(v["results"][0]["label"], "a");
        assert_eq!(json_in_text("{not json} then {\"a\":1}").unwrap()["a"], 1);
        assert!(json_in_text("no json here").is_none());
        // A results object is preferred over an earlier unrelated object.
        let v = json_in_text("{\"note\":1} and {\"results\":[]}").unwrap();
        assert!(v.get("results").is_some());
    }

    #[test]
    fn reasoning_is_dropped() {
        assert_eq!(
            strip_reasoning("hmm {\"results\":[]} no</think>\n{\"results\":[1]}"),
            "\n{\"results\":[1]}"
        );
        assert_eq!(
            strip_reasoning("<reasoning>x {}</reasoning>{\"a\":1}"),
            "{\"a\":1}"
        );
        assert_eq!(strip_reasoning("plain"), "plain");
    }

    #[test]
    fn partial_usage_is_completed_field_by_field_from_the_headers() {
        let resp = HttpResponse {
            status: 200,
            headers: vec![
                ("X-Amzn-Bedrock-Input-Token-Count".into(), "120".into()),
                ("x-amzn-bedrock-output-token-count".into(), "17".into()),
            ],
            body: vec![],
        };
        let body_usage = TokenUsage {
            input_tokens: Some(118),
            output_tokens: None,
            ..TokenUsage::default()
        };
        assert_eq!(
            TokenUsage::or_headers(Some(body_usage), &resp),
            TokenUsage::new(118, 17)
        );
        assert_eq!(
            TokenUsage::or_headers(None, &resp),
            TokenUsage::new(120, 17)
        );
    }

    #[test]
    fn text_blocks_join_without_separators() {
        // Nova streams split one JSON answer over many text blocks.
        let out = ModelOutput::from_blocks(None, "{\"res", None, false);
        assert!(out.answer.is_none());
        let out = ModelOutput::from_blocks(None, "{\"results\":[]}", None, false);
        assert!(out.answer.is_some());
    }

    #[test]
    fn cache_counts_come_from_the_headers_where_the_body_has_none() {
        let resp = HttpResponse {
            status: 200,
            headers: vec![
                (
                    "X-Amzn-Bedrock-Cache-Read-Input-Token-Count".into(),
                    "1500".into(),
                ),
                (
                    "x-amzn-bedrock-cache-write-input-token-count".into(),
                    "0".into(),
                ),
            ],
            body: vec![],
        };
        let body = TokenUsage {
            cache_write: Some(7),
            ..TokenUsage::new(10, 5)
        };
        let u = TokenUsage::or_headers(Some(body), &resp);
        assert_eq!(
            (u.input(), u.output(), u.cache_read(), u.cache_write()),
            (10, 5, 1500, 7)
        );
        let none = TokenUsage::or_headers(
            None,
            &HttpResponse {
                headers: vec![],
                ..resp
            },
        );
        assert_eq!((none.cache_read, none.cache_write), (None, None));
    }

    #[test]
    fn compact_answers_are_found_in_prose() {
        let v = json_in_text("{\"note\":1} then {\"r\":[{\"id\":\"1\",\"l\":\"a\"}]}").unwrap();
        assert_eq!(v["r"][0]["l"], "a");
    }
}
