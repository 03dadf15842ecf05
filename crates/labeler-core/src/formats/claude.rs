//! Anthropic Claude on Bedrock: the Messages API (`anthropic_version: bedrock-2023-05-31`), its
//! response, and its stream (one Anthropic event per Bedrock chunk).
//!
//! The answer is asked for in one of three ways, as the model's row in the capability table
//! says (sources there): structured output (`output_config.format` with a JSON schema, answer
//! in a text block), a strict tool offered with `tool_choice: auto`, or a forced tool
//! (`tool_choice: {type: "tool"}`). Thinking is turned off with `thinking: {type: "disabled"}`
//! where the model allows it, or kept at its lowest `output_config.effort` where it cannot be
//! disabled. Responses may begin with `thinking` / `redacted_thinking` blocks: they are not
//! part of the answer.

use super::{
    json_part, AnswerMode, BodyFormat, BodyInput, ModelOutput, Reasoning, StreamReader, TokenUsage,
};
use crate::error::AwsCode;
use crate::prompt::{TOOL_DESCRIPTION, TOOL_NAME};
use crate::stream::bedrock::StreamFault;
use crate::stream::StreamProblem;
use serde_json::{json, Map, Value};

pub const ANTHROPIC_VERSION: &str = "bedrock-2023-05-31";
/// Claude's usage keys for prompt-cache reads and writes (models-and-quotas §11.1).
const CACHE_READ: &str = "cache_read_input_tokens";
const CACHE_WRITE: &str = "cache_creation_input_tokens";

pub struct Claude;

impl BodyFormat for Claude {
    fn name(&self) -> &'static str {
        "Claude Messages"
    }

    fn carries(&self, _mode: AnswerMode) -> bool {
        true
    }

    /// No `model` or `stream` key: Bedrock takes the model from the URL and rejects extraneous
    /// keys (reference §3.1).
    fn build(&self, input: &BodyInput) -> Value {
        let mut body = Map::new();
        body.insert("anthropic_version".into(), json!(ANTHROPIC_VERSION));
        body.insert("system".into(), json!(input.prompt.system));
        // Prompt caching: `cache_control: {type: "ephemeral"}` on the block that ends the shared
        // part caches everything up to it (tools, system, then that block: AWS
        // prompt-caching.html and Anthropic's prompt-caching docs, models-and-quotas §11.1).
        let content = match super::split_user(input) {
            (whole, "") => json!([{"type": "text", "text": whole}]),
            (shared, rest) => json!([
                {"type": "text", "text": shared, "cache_control": {"type": "ephemeral"}},
                {"type": "text", "text": rest}
            ]),
        };
        body.insert(
            "messages".into(),
            json!([{"role": "user", "content": content}]),
        );
        super::write_sampling(&mut body, input, "max_tokens", "top_p");
        let mut output_config = Map::new();
        match input.answer {
            AnswerMode::Schema => {
                output_config.insert(
                    "format".into(),
                    json!({"type": "json_schema", "schema": input.schema}),
                );
            }
            AnswerMode::StrictTool => {
                body.insert(
                    "tools".into(),
                    json!([{"name": TOOL_NAME, "description": TOOL_DESCRIPTION, "input_schema": input.schema, "strict": true}]),
                );
                body.insert("tool_choice".into(), json!({"type": "auto"}));
            }
            AnswerMode::ForcedTool => {
                body.insert(
                    "tools".into(),
                    json!([{"name": TOOL_NAME, "description": TOOL_DESCRIPTION, "input_schema": input.schema}]),
                );
                body.insert(
                    "tool_choice".into(),
                    json!({"type": "tool", "name": TOOL_NAME}),
                );
            }
            AnswerMode::JsonText => {}
        }
        for (k, v) in self.reasoning_fields(input.reasoning) {
            match (k.as_str(), v) {
                ("output_config", Value::Object(extra)) => output_config.extend(extra),
                (_, v) => {
                    body.insert(k, v);
                }
            }
        }
        if !output_config.is_empty() {
            body.insert("output_config".into(), Value::Object(output_config));
        }
        Value::Object(body)
    }

    /// `thinking: {type: "disabled"}` and `output_config.effort` (sources in the capability
    /// table's Claude rows).
    fn reasoning_fields(&self, reasoning: Reasoning) -> Map<String, Value> {
        let mut out = Map::new();
        if reasoning.disable {
            out.insert("thinking".into(), json!({"type": "disabled"}));
        }
        if let Some(effort) = reasoning.effort {
            out.insert("output_config".into(), json!({"effort": effort}));
        }
        out
    }

    /// The first tool call's `input`, else JSON in the text blocks; thinking blocks skipped.
    fn parse(&self, v: &Value) -> Result<ModelOutput, String> {
        let content = v
            .get("content")
            .and_then(Value::as_array)
            .ok_or("the response has no \"content\" array")?;
        let mut tool_input = None;
        let mut text = String::new();
        for block in content {
            match block.get("type").and_then(Value::as_str) {
                Some("tool_use") if tool_input.is_none() => {
                    tool_input = block.get("input").cloned();
                }
                Some("text") => {
                    if let Some(t) = block.get("text").and_then(Value::as_str) {
                        text.push_str(t);
                    }
                }
                _ => {}
            }
        }
        // Cache counts: `cache_read_input_tokens`, `cache_creation_input_tokens` (AWS
        // agent-toolkit skill; Anthropic Messages usage; models-and-quotas §11.1).
        let usage = TokenUsage::from_keys(v.get("usage"), "input_tokens", "output_tokens")
            .map(|u| u.with_cache(v.get("usage"), CACHE_READ, CACHE_WRITE));
        let truncated = v.get("stop_reason").and_then(Value::as_str) == Some("max_tokens");
        Ok(ModelOutput::from_blocks(
            tool_input, &text, usage, truncated,
        ))
    }

    fn stream_reader(&self) -> Option<Box<dyn StreamReader>> {
        Some(Box::new(ClaudeStream::default()))
    }
}

// ------------------------------------------------------------------------------------ stream

/// Claude's stream events, put back together into the [`ModelOutput`] that
/// [`Claude::parse`] gives for the same answer sent whole.
///
/// Events: `message_start` (usage.input_tokens), `content_block_start` (a `text`, `tool_use`
/// or `thinking` block), `content_block_delta` (`text_delta`, `input_json_delta` whose
/// `partial_json` pieces concatenate to the tool input, `thinking_delta`, `signature_delta`),
/// `content_block_stop`, `message_delta` (stop_reason, usage.output_tokens), `message_stop`
/// (the last chunk; Bedrock adds `amazon-bedrock-invocationMetrics` with the token counts), and
/// `error`, an Anthropic error inside a chunk. `ping` and unknown event or delta types are
/// ignored.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct ClaudeStream {
    /// Content blocks by their `index`.
    blocks: Vec<(u64, Block)>,
    /// Every text block's text so far, in index order (the answer in structured-output mode).
    text: String,
    stop_reason: Option<String>,
    input_tokens: Option<u64>,
    output_tokens: Option<u64>,
    /// Prompt-cache counts from `message_start`'s usage.
    cache_read: Option<u64>,
    cache_write: Option<u64>,
    metrics: Option<TokenUsage>,
    stopped: bool,
}

#[derive(Debug, Clone, PartialEq)]
enum Block {
    Text,
    /// A tool call: its `input` from `content_block_start` and the `partial_json` so far.
    ToolUse {
        start_input: Value,
        partial_json: String,
    },
    /// Thinking and other blocks: not part of the answer.
    Other,
}

impl ClaudeStream {
    pub fn new() -> Self {
        Self::default()
    }

    fn block_mut(&mut self, index: u64) -> Option<&mut Block> {
        self.blocks
            .iter_mut()
            .find(|(i, _)| *i == index)
            .map(|(_, b)| b)
    }
}

impl StreamReader for ClaudeStream {
    /// Reads one chunk's JSON event. An `error` event becomes a [`StreamFault`] with the
    /// Bedrock code of the same meaning, so it gets the same advice as that error.
    fn on_event(&mut self, event: &[u8]) -> Result<(), StreamProblem> {
        let v = super::parse_event(event, "Claude")?;
        let index = || v.get("index").and_then(Value::as_u64).unwrap_or(0);
        match v.get("type").and_then(Value::as_str) {
            Some("message_start") => {
                let usage = v.get("message").and_then(|m| m.get("usage"));
                let n = |k: &str| usage.and_then(|u| u.get(k)).and_then(Value::as_u64);
                self.input_tokens = n("input_tokens").or(self.input_tokens);
                self.output_tokens = n("output_tokens").or(self.output_tokens);
                self.cache_read = n(CACHE_READ).or(self.cache_read);
                self.cache_write = n(CACHE_WRITE).or(self.cache_write);
            }
            Some("content_block_start") => {
                let cb = v.get("content_block");
                let block = match cb.and_then(|b| b.get("type")).and_then(Value::as_str) {
                    Some("text") => {
                        if let Some(t) = cb.and_then(|b| b.get("text")).and_then(Value::as_str) {
                            self.text.push_str(t);
                        }
                        Block::Text
                    }
                    Some("tool_use") => Block::ToolUse {
                        start_input: cb
                            .and_then(|b| b.get("input"))
                            .cloned()
                            .unwrap_or_else(|| Value::Object(Default::default())),
                        partial_json: String::new(),
                    },
                    _ => Block::Other,
                };
                // Kept in index order (they arrive in order; a repeated index replaces).
                let i = index();
                match self.blocks.binary_search_by_key(&i, |(j, _)| *j) {
                    Ok(at) => self.blocks[at].1 = block,
                    Err(at) => self.blocks.insert(at, (i, block)),
                }
            }
            Some("content_block_delta") => {
                let i = index();
                let delta = v.get("delta");
                let piece = |key: &str| {
                    delta
                        .and_then(|d| d.get(key))
                        .and_then(Value::as_str)
                        .unwrap_or("")
                };
                let kind = delta.and_then(|d| d.get("type")).and_then(Value::as_str);
                match (self.block_mut(i), kind) {
                    (Some(Block::Text), Some("text_delta")) => {
                        let t = piece("text").to_owned();
                        self.text.push_str(&t);
                    }
                    (Some(Block::ToolUse { partial_json, .. }), Some("input_json_delta")) => {
                        partial_json.push_str(piece("partial_json"))
                    }
                    _ => {}
                }
            }
            Some("message_delta") => {
                let field = |outer: &str, key: &str| v.get(outer).and_then(|o| o.get(key));
                if let Some(r) = field("delta", "stop_reason").and_then(Value::as_str) {
                    self.stop_reason = Some(r.to_owned());
                }
                if let Some(n) = field("usage", "output_tokens").and_then(Value::as_u64) {
                    self.output_tokens = Some(n);
                }
                if let Some(n) = field("usage", "input_tokens").and_then(Value::as_u64) {
                    self.input_tokens = Some(n);
                }
            }
            Some("message_stop") => self.stopped = true,
            Some("error") => {
                let field = |key: &str| {
                    v.get("error")
                        .and_then(|e| e.get(key))
                        .and_then(Value::as_str)
                        .unwrap_or("")
                };
                let (kind, message) = (field("type"), field("message").to_owned());
                let message = if kind.is_empty() {
                    message
                } else {
                    format!("{kind}: {message}")
                };
                return Err(StreamProblem::Fault(StreamFault::new(
                    bedrock_code_for(kind).as_str(),
                    &message,
                )));
            }
            _ => {}
        }
        // Bedrock puts its metrics on the last chunk (inside message_stop for Claude); read
        // them from whichever event carries them.
        self.metrics = super::invocation_metrics(&v).or(self.metrics);
        Ok(())
    }

    /// True once `message_stop` has arrived: the answer is whole.
    fn is_complete(&self) -> bool {
        self.stopped
    }

    /// The answer's JSON text so far: the `partial_json` of the first tool call, which is
    /// what [`StreamReader::finish`] takes as the answer; without a tool call, the JSON part
    /// of the text (structured output and JSON-text answers).
    fn partial_answer(&self) -> Option<&str> {
        let tool = self.blocks.iter().find_map(|(_, b)| match b {
            Block::ToolUse { partial_json, .. } => Some(partial_json.as_str()),
            _ => None,
        });
        tool.or_else(|| json_part(&self.text))
    }

    /// The output, as [`Claude::parse`] reads the same message sent whole.
    fn finish(&self) -> ModelOutput {
        // Only the first tool call is the answer, as in `parse`.
        let tool = self.blocks.iter().find_map(|(_, b)| match b {
            Block::ToolUse {
                start_input,
                partial_json,
            } => Some((start_input, partial_json)),
            _ => None,
        });
        let mut text = self.text.clone();
        let tool_input = tool.and_then(|(start_input, partial_json)| {
            // The whole input arrives as deltas; with none, the start block's input (`{}`)
            // is the input, as the Anthropic SDKs read it.
            if partial_json.trim().is_empty() {
                return Some(start_input.clone());
            }
            let parsed = serde_json::from_str::<Value>(partial_json).ok();
            if parsed.is_none() {
                // Cut off (max_tokens) or malformed: keep what was written.
                if !text.is_empty() {
                    text.push('\n');
                }
                text.push_str(partial_json);
            }
            parsed
        });
        let counted =
            (self.input_tokens.is_some() || self.output_tokens.is_some()).then_some(TokenUsage {
                input_tokens: self.input_tokens,
                output_tokens: self.output_tokens,
                cache_read: self.cache_read,
                cache_write: self.cache_write,
            });
        // Bedrock's metrics first, field by field: what they lack comes from the events.
        let usage = match (self.metrics, counted) {
            (Some(m), Some(c)) => Some(m.or(c)),
            (m, c) => m.or(c),
        };
        ModelOutput::from_blocks(
            tool_input,
            &text,
            usage,
            self.stop_reason.as_deref() == Some("max_tokens"),
        )
    }
}

/// Anthropic error types → the Bedrock error code with the same meaning and advice.
fn bedrock_code_for(anthropic_type: &str) -> AwsCode {
    match anthropic_type {
        "rate_limit_error" => AwsCode::ThrottlingException,
        "overloaded_error" => AwsCode::ServiceUnavailableException,
        "api_error" => AwsCode::InternalServerException,
        "invalid_request_error" => AwsCode::ValidationException,
        "timeout_error" => AwsCode::ModelTimeoutException,
        _ => AwsCode::ModelStreamErrorException,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::formats::Format;
    use crate::prompt::Prompt;

    fn parse(body: &[u8]) -> Result<ModelOutput, String> {
        crate::formats::parse_response(crate::formats::Format::Claude, body)
    }

    fn input<'a>(prompt: &'a Prompt, schema: &'a Value, answer: AnswerMode) -> BodyInput<'a> {
        BodyInput {
            prompt,
            answer,
            schema,
            max_tokens: 300,
            temperature: Some(0.0),
            top_p: None,
            reasoning: Reasoning::default(),
            native: Format::Claude,
            cache_point: false,
        }
    }

    fn prompt() -> Prompt {
        Prompt {
            system: "sys".into(),
            user: "user".into(),
            shared: 0,
        }
    }

    #[test]
    fn forced_tool_body_has_no_model_or_stream_key() {
        let schema = json!({"type": "object"});
        let p = prompt();
        let body = Claude.build(&input(&p, &schema, AnswerMode::ForcedTool));
        assert_eq!(body["anthropic_version"], "bedrock-2023-05-31");
        assert_eq!(body["max_tokens"], 300);
        assert_eq!(body["temperature"], 0.0);
        assert!(body.get("top_p").is_none());
        assert!(body.get("model").is_none() && body.get("stream").is_none());
        assert_eq!(
            body["tool_choice"],
            json!({"type": "tool", "name": "record_labels"})
        );
        assert_eq!(body["tools"][0]["input_schema"], schema);
        assert_eq!(body["messages"][0]["content"][0]["text"], "user");
        assert_eq!(body["system"], "sys");
        assert!(body.get("output_config").is_none() && body.get("thinking").is_none());
    }

    #[test]
    fn structured_output_strict_tool_and_reasoning_bodies() {
        let schema = json!({"type": "object", "additionalProperties": false});
        let p = prompt();
        let mut i = input(&p, &schema, AnswerMode::Schema);
        i.reasoning = Reasoning {
            disable: false,
            effort: Some("low"),
        };
        let body = Claude.build(&i);
        assert_eq!(
            body["output_config"],
            json!({"format": {"type": "json_schema", "schema": schema}, "effort": "low"})
        );
        assert!(body.get("tools").is_none() && body.get("tool_choice").is_none());

        let mut i = input(&p, &schema, AnswerMode::StrictTool);
        i.reasoning.disable = true;
        let body = Claude.build(&i);
        assert_eq!(body["tool_choice"], json!({"type": "auto"}));
        assert_eq!(body["tools"][0]["strict"], true);
        assert_eq!(body["thinking"], json!({"type": "disabled"}));
    }

    #[test]
    fn parses_a_recorded_tool_use_response() {
        // Shape of a real Bedrock Claude 3 Haiku response with a forced tool.
        let body = br#"{"id":"msg_bdrk_01","type":"message","role":"assistant","model":"claude-3-haiku-20240307",
            "content":[{"type":"tool_use","id":"toolu_bdrk_01","name":"record_labels","input":{"results":[{"id":"1","label":"positive"}]}}],
            "stop_reason":"tool_use","stop_sequence":null,"usage":{"input_tokens":412,"output_tokens":38}}"#;
        let out = parse(body).unwrap();
        assert_eq!(out.answer.unwrap()["results"][0]["label"], "positive");
        assert_eq!(out.usage, Some(TokenUsage::new(412, 38)));
        assert!(!out.truncated);
    }

    #[test]
    fn thinking_blocks_first_are_skipped() {
        let body = br#"{"content":[{"type":"thinking","thinking":"","signature":"sig"},{"type":"redacted_thinking","data":"xx"},
            {"type":"text","text":"{\"results\":[{\"id\":\"1\",\"label\":\"b\"}]}"}],"stop_reason":"end_turn","usage":{"input_tokens":5,"output_tokens":9}}"#;
        let out = parse(body).unwrap();
        assert_eq!(out.answer.unwrap()["results"][0]["label"], "b");
        assert!(!out.raw.contains("sig"));
    }

    #[test]
    fn falls_back_to_json_in_text_and_flags_truncation() {
        let body = br#"{"content":[{"type":"text","text":"Here: {\"results\":[{\"id\":\"1\",\"label\":\"negative\"}]}"}],"stop_reason":"max_tokens"}"#;
        let out = parse(body).unwrap();
        assert_eq!(out.answer.unwrap()["results"][0]["label"], "negative");
        assert!(out.truncated);
        assert!(out.usage.is_none());
    }

    #[test]
    fn rejects_non_messages_bodies() {
        assert!(parse(b"not json").is_err());
        assert!(parse(b"{\"outputs\":[]}").is_err());
    }

    #[test]
    fn cache_usage_is_read_from_the_body_and_the_stream() {
        let v = json!({"content": [{"type": "text", "text": "{\"r\":[]}"}], "stop_reason": "end_turn",
            "usage": {"input_tokens": 50, "output_tokens": 9, "cache_read_input_tokens": 2048, "cache_creation_input_tokens": 0}});
        let u = Claude.parse(&v).unwrap().usage.unwrap();
        assert_eq!(
            (u.input(), u.output(), u.cache_read, u.cache_write),
            (50, 9, Some(2048), Some(0))
        );
        let mut s = ClaudeStream::new();
        for e in [
            r#"{"type":"message_start","message":{"usage":{"input_tokens":50,"output_tokens":1,"cache_read_input_tokens":0,"cache_creation_input_tokens":2048}}}"#,
            r#"{"type":"message_delta","delta":{"stop_reason":"end_turn"},"usage":{"output_tokens":9}}"#,
            r#"{"type":"message_stop","amazon-bedrock-invocationMetrics":{"inputTokenCount":50,"outputTokenCount":9}}"#,
        ] {
            s.on_event(e.as_bytes()).unwrap();
        }
        let u = s.finish().usage.unwrap();
        assert_eq!(
            (u.input(), u.output(), u.cache_read(), u.cache_write()),
            (50, 9, 0, 2048)
        );
    }
}
