//! Amazon Nova's streaming chunks, put back together into the [`ModelOutput`] that
//! [`crate::families::nova::parse_response`] gives for the same message sent whole.
//!
//! One event per chunk, named by its only key as in ConverseStream (reference §3.2):
//! `messageStart` (`role`), `contentBlockStart` (`start.toolUse` with `toolUseId`, `name`),
//! `contentBlockDelta` (`delta.text`, or `delta.toolUse.input`: a piece of the tool input's
//! JSON text), `contentBlockStop`, `messageStop` (`stopReason`), then `metadata` (`usage`:
//! `inputTokens`, `outputTokens`) with Bedrock's `amazon-bedrock-invocationMetrics`.
//!
//! Parts are UNCONFIRMED, so it reads defensively: blocks are told by `contentBlockIndex`
//! (0 when absent) and by their first delta when no `contentBlockStart` came; a tool input
//! sent as an object is the whole input; `reasoningContent` and unknown deltas and events are
//! not part of the answer; the stream is complete with `messageStop` or Bedrock's metrics,
//! whichever comes (the `metadata` event's shape is the least documented).

use super::{invocation_metrics, parse_event, StreamProblem};
use crate::families::{ModelOutput, TokenUsage};
use serde_json::Value;

#[derive(Debug, Clone, PartialEq)]
enum Block {
    Text(String),
    /// A tool call: its input's JSON text so far.
    ToolUse(String),
    /// Reasoning and other blocks: not part of the answer.
    Other,
}

#[derive(Debug, Default, Clone, PartialEq)]
pub struct NovaStream {
    /// Content blocks by their `contentBlockIndex`, in index order.
    blocks: Vec<(u64, Block)>,
    stop_reason: Option<String>,
    usage: Option<TokenUsage>,
    metrics: Option<TokenUsage>,
    stopped: bool,
}

impl NovaStream {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn on_event(&mut self, event: &[u8]) -> Result<(), StreamProblem> {
        let v = parse_event(event, "Nova")?;
        let index = |e: &Value| {
            e.get("contentBlockIndex")
                .and_then(Value::as_u64)
                .unwrap_or(0)
        };
        if let Some(start) = v.get("contentBlockStart") {
            let block = match start.get("start") {
                Some(s) if s.get("toolUse").is_some() => Block::ToolUse(String::new()),
                Some(s) if s.get("text").is_some() => Block::Text(String::new()),
                _ => Block::Other,
            };
            // A repeated index replaces the block.
            *self.block(index(start), || Block::Other) = block;
        }
        if let Some(d) = v.get("contentBlockDelta") {
            let delta = d.get("delta");
            let text = delta.and_then(|x| x.get("text")).and_then(Value::as_str);
            let input = delta.and_then(|x| x.get("toolUse")).map(|t| t.get("input"));
            match (
                self.block(index(d), || first_block(text, input)),
                text,
                input,
            ) {
                (Block::Text(t), Some(piece), _) => t.push_str(piece),
                (Block::ToolUse(json), _, Some(Some(Value::String(piece)))) => json.push_str(piece),
                (Block::ToolUse(json), _, Some(Some(whole @ Value::Object(_))))
                    if json.is_empty() =>
                {
                    *json = whole.to_string()
                }
                _ => {}
            }
        }
        if let Some(stop) = v.get("messageStop") {
            self.stopped = true;
            if let Some(r) = stop.get("stopReason").and_then(Value::as_str) {
                self.stop_reason = Some(r.to_owned());
            }
        }
        if let Some(m) = v.get("metadata") {
            self.usage =
                TokenUsage::from_keys(m.get("usage"), "inputTokens", "outputTokens").or(self.usage);
        }
        self.metrics = invocation_metrics(&v).or(self.metrics);
        Ok(())
    }

    /// The block at `index`, created with `new` if it has not started yet.
    fn block(&mut self, index: u64, new: impl FnOnce() -> Block) -> &mut Block {
        let at = match self.blocks.binary_search_by_key(&index, |(i, _)| *i) {
            Ok(at) => at,
            Err(at) => {
                self.blocks.insert(at, (index, new()));
                at
            }
        };
        &mut self.blocks[at].1
    }

    /// True once `messageStop` or Bedrock's metrics have arrived: the answer is whole.
    pub fn is_complete(&self) -> bool {
        self.stopped || self.metrics.is_some()
    }

    /// The structured answer's JSON text so far: the input of the first tool call, which
    /// [`Self::finish`] takes as the answer. `None` until a tool call starts (a text-only
    /// answer is read whole at the end, as without streaming).
    pub fn partial_answer(&self) -> Option<&str> {
        self.blocks.iter().find_map(|(_, b)| match b {
            Block::ToolUse(json) => Some(json.as_str()),
            _ => None,
        })
    }

    /// The output, as `parse_response` reads the same message sent whole: the first tool
    /// call's input is the answer; the raw text joins the text blocks and that input; without
    /// a tool call the answer is the JSON found in the text.
    pub fn finish(&self) -> ModelOutput {
        let mut answer = None;
        let mut texts = Vec::new();
        let mut seen_tool = false;
        for (_, block) in &self.blocks {
            match block {
                Block::Text(t) => texts.push(t.clone()),
                Block::ToolUse(json) if !seen_tool => {
                    seen_tool = true;
                    // No input pieces: the input is empty, `{}` as a whole response shows it.
                    let input = if json.trim().is_empty() {
                        Some(Value::Object(Default::default()))
                    } else {
                        serde_json::from_str::<Value>(json).ok()
                    };
                    match input {
                        Some(input) => {
                            texts.push(input.to_string());
                            answer = Some(input);
                        }
                        // Cut off (max_tokens) or malformed: keep what was written.
                        None => texts.push(json.clone()),
                    }
                }
                Block::ToolUse(_) | Block::Other => {}
            }
        }
        ModelOutput::from_blocks(
            answer,
            &texts,
            self.metrics.or(self.usage),
            self.stop_reason.as_deref() == Some("max_tokens"),
        )
    }
}

/// The kind of a block that no `contentBlockStart` announced, from its first delta.
fn first_block(text: Option<&str>, tool_input: Option<Option<&Value>>) -> Block {
    match (text, tool_input) {
        (Some(_), _) => Block::Text(String::new()),
        (_, Some(_)) => Block::ToolUse(String::new()),
        _ => Block::Other,
    }
}
