//! Claude's streaming events (Anthropic Messages API, one event per Bedrock chunk), put back
//! together into the [`ModelOutput`] that [`crate::families::anthropic::parse_response`] gives
//! for the same answer sent whole.
//!
//! Events: `message_start` (usage.input_tokens), `content_block_start` (a `text` or `tool_use`
//! block), `content_block_delta` (`text_delta`, or `input_json_delta` whose `partial_json`
//! pieces concatenate to the tool input), `content_block_stop`, `message_delta` (stop_reason,
//! usage.output_tokens), `message_stop` (the last chunk; Bedrock adds
//! `amazon-bedrock-invocationMetrics` with the token counts), and `error`, an Anthropic error
//! inside a chunk. `ping` and unknown event or delta types are ignored.

use super::bedrock::StreamFault;
use super::StreamProblem;
use crate::families::{ModelOutput, TokenUsage};
use serde_json::Value;

#[derive(Debug, Clone, PartialEq)]
enum Block {
    Text(String),
    /// A tool call: its `input` from `content_block_start` and the `partial_json` so far.
    ToolUse {
        start_input: Value,
        partial_json: String,
    },
    /// Thinking and other blocks: not part of the answer.
    Other,
}

#[derive(Debug, Default, Clone, PartialEq)]
pub struct ClaudeStream {
    /// Content blocks by their `index`.
    blocks: Vec<(u64, Block)>,
    stop_reason: Option<String>,
    input_tokens: Option<u64>,
    output_tokens: Option<u64>,
    metrics: Option<TokenUsage>,
    stopped: bool,
}

impl ClaudeStream {
    pub fn new() -> Self {
        Self::default()
    }

    /// Reads one chunk's JSON event. An `error` event becomes a [`StreamFault`] with the
    /// Bedrock code of the same meaning, so it gets the same advice as that error.
    pub fn on_event(&mut self, event: &[u8]) -> Result<(), StreamProblem> {
        let v: Value = serde_json::from_slice(event).map_err(|e| {
            StreamProblem::Unreadable(format!("a chunk from Claude is not JSON ({e})"))
        })?;
        let index = || v.get("index").and_then(Value::as_u64).unwrap_or(0);
        match v.get("type").and_then(Value::as_str) {
            Some("message_start") => {
                let usage = v.get("message").and_then(|m| m.get("usage"));
                self.input_tokens = usage
                    .and_then(|u| u.get("input_tokens"))
                    .and_then(Value::as_u64)
                    .or(self.input_tokens);
                if let Some(n) = usage
                    .and_then(|u| u.get("output_tokens"))
                    .and_then(Value::as_u64)
                {
                    self.output_tokens = Some(n);
                }
            }
            Some("content_block_start") => {
                let cb = v.get("content_block");
                let block = match cb.and_then(|b| b.get("type")).and_then(Value::as_str) {
                    Some("text") => Block::Text(
                        cb.and_then(|b| b.get("text"))
                            .and_then(Value::as_str)
                            .unwrap_or("")
                            .to_owned(),
                    ),
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
                match (
                    self.block_mut(i),
                    delta.and_then(|d| d.get("type")).and_then(Value::as_str),
                ) {
                    (Some(Block::Text(t)), Some("text_delta")) => t.push_str(piece("text")),
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
                    bedrock_code_for(kind),
                    &message,
                )));
            }
            _ => {}
        }
        // Bedrock puts its metrics on the last chunk (inside message_stop for Claude); read
        // them from whichever event carries them.
        if let Some(m) = v.get("amazon-bedrock-invocationMetrics") {
            let n = |k: &str| m.get(k).and_then(Value::as_u64).unwrap_or(0);
            self.metrics = Some(TokenUsage {
                input_tokens: n("inputTokenCount"),
                output_tokens: n("outputTokenCount"),
            });
        }
        Ok(())
    }

    fn block_mut(&mut self, index: u64) -> Option<&mut Block> {
        self.blocks
            .iter_mut()
            .find(|(i, _)| *i == index)
            .map(|(_, b)| b)
    }

    /// True once `message_stop` has arrived: the answer is whole.
    pub fn is_complete(&self) -> bool {
        self.stopped
    }

    /// The structured answer's JSON text so far: the `partial_json` of the first tool call,
    /// which is what [`Self::finish`] will take as the answer. `None` until a tool call starts
    /// (a text-only answer is read whole at the end, as without streaming).
    pub fn partial_answer(&self) -> Option<&str> {
        self.blocks.iter().find_map(|(_, b)| match b {
            Block::ToolUse { partial_json, .. } => Some(partial_json.as_str()),
            _ => None,
        })
    }

    /// The output, as `parse_response` reads the same message sent whole: the first tool
    /// call's input is the answer; the raw text joins every text block and tool input; without
    /// a tool call the answer is the JSON found in the text.
    pub fn finish(&self) -> ModelOutput {
        let mut answer = None;
        let mut texts = Vec::new();
        let mut seen_tool = false;
        // Only the first tool call is the answer, as in `parse_response`.
        for (_, block) in &self.blocks {
            match block {
                Block::Text(t) => texts.push(t.clone()),
                Block::ToolUse {
                    start_input,
                    partial_json,
                } if !seen_tool => {
                    seen_tool = true;
                    // The whole input arrives as deltas; with none, the start block's input
                    // (`{}`) is the input, as the Anthropic SDKs read it.
                    let input = if partial_json.trim().is_empty() {
                        Some(start_input.clone())
                    } else {
                        serde_json::from_str::<Value>(partial_json).ok()
                    };
                    match input {
                        Some(input) => {
                            texts.push(input.to_string());
                            answer = Some(input);
                        }
                        // Cut off (max_tokens) or malformed: keep what was written.
                        None => texts.push(partial_json.clone()),
                    }
                }
                Block::ToolUse { .. } | Block::Other => {}
            }
        }
        let usage = self
            .metrics
            .or(match (self.input_tokens, self.output_tokens) {
                (None, None) => None,
                (i, o) => Some(TokenUsage {
                    input_tokens: i.unwrap_or(0),
                    output_tokens: o.unwrap_or(0),
                }),
            });
        ModelOutput::from_blocks(
            answer,
            &texts,
            usage,
            self.stop_reason.as_deref() == Some("max_tokens"),
        )
    }
}

/// Anthropic error types → the Bedrock error code with the same meaning and advice.
fn bedrock_code_for(anthropic_type: &str) -> &'static str {
    match anthropic_type {
        "rate_limit_error" => "ThrottlingException",
        "overloaded_error" => "ServiceUnavailableException",
        "api_error" => "InternalServerException",
        "invalid_request_error" => "ValidationException",
        "timeout_error" => "ModelTimeoutException",
        _ => "ModelStreamErrorException",
    }
}
