//! Mistral's streaming chunks, put back together into the [`ModelOutput`] that
//! [`crate::families::mistral::parse_response`] gives for the same answer sent whole.
//!
//! - Text-completion models (reference §3.5): each chunk is `{"outputs": [{"text", "stop_reason"}]}`
//!   with the next piece of text; `stop_reason` is null until the last chunk (`stop`, `length`).
//! - Chat-completion models: the chunk shape is UNCONFIRMED. Read defensively: each
//!   `choices[0]` carries its piece as `delta` (OpenAI's spelling) or `message` (the
//!   non-streamed spelling, which third-party Bedrock clients read per chunk); `content` pieces
//!   are appended; `tool_calls` pieces are matched to a call by `index`, else `id`, else a new
//!   `function.name` starts a call, and their `function.arguments` strings are appended (a
//!   call sent whole in one chunk is the same case; an object is the whole arguments);
//!   `stop_reason` or `finish_reason`; `usage` `prompt_tokens` / `completion_tokens`.
//!
//! Bedrock adds `amazon-bedrock-invocationMetrics` to the last chunk of both. The whole
//! text-model response has no token counts in its body (InvokeModel gives them in headers);
//! the streamed one has them from the metrics.

use super::{invocation_metrics, json_part, parse_event, StreamProblem};
use crate::families::{json_in_text, str_at, ModelOutput, TokenUsage};
use crate::prompt::TOOL_NAME;
use serde_json::Value;

#[derive(Debug, Default, Clone, PartialEq)]
struct ToolCall {
    index: Option<u64>,
    id: Option<String>,
    name: Option<String>,
    arguments: String,
}

#[derive(Debug, Default, Clone, PartialEq)]
pub struct MistralStream {
    /// A chat model's stream (`choices`), not a text model's (`outputs`).
    chat: bool,
    text: String,
    calls: Vec<ToolCall>,
    stop_reason: Option<String>,
    usage: Option<TokenUsage>,
    metrics: Option<TokenUsage>,
}

impl MistralStream {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn on_event(&mut self, event: &[u8]) -> Result<(), StreamProblem> {
        let v = parse_event(event, "Mistral")?;
        if let Some(outputs) = v.get("outputs").and_then(Value::as_array) {
            for output in outputs {
                if let Some(piece) = output.get("text").and_then(Value::as_str) {
                    self.text.push_str(piece);
                }
                self.note_stop(str_at(output, &["stop_reason"]));
            }
        } else if let Some(choice) = v.get("choices").and_then(|c| c.get(0)) {
            self.chat = true;
            let part = choice.get("delta").or_else(|| choice.get("message"));
            if let Some(piece) = part.and_then(|p| p.get("content")).and_then(Value::as_str) {
                self.text.push_str(piece);
            }
            if let Some(calls) = part
                .and_then(|p| p.get("tool_calls"))
                .and_then(Value::as_array)
            {
                calls.iter().for_each(|call| self.add_call_piece(call));
            }
            self.note_stop(
                str_at(choice, &["stop_reason"]).or_else(|| str_at(choice, &["finish_reason"])),
            );
            self.usage =
                TokenUsage::from_keys(v.get("usage"), "prompt_tokens", "completion_tokens")
                    .or(self.usage);
        }
        self.metrics = invocation_metrics(&v).or(self.metrics);
        Ok(())
    }

    fn note_stop(&mut self, reason: Option<&str>) {
        if let Some(reason) = reason {
            self.stop_reason = Some(reason.to_owned());
        }
    }

    fn add_call_piece(&mut self, piece: &Value) {
        let index = piece.get("index").and_then(Value::as_u64);
        let id = piece.get("id").and_then(Value::as_str);
        let name = str_at(piece, &["function", "name"]);
        let existing = match (index, id) {
            (Some(i), _) => self.calls.iter().position(|c| c.index == Some(i)),
            (None, Some(id)) => self.calls.iter().position(|c| c.id.as_deref() == Some(id)),
            // Neither: a piece without a name continues the last call.
            (None, None) if name.is_none() => self.calls.len().checked_sub(1),
            (None, None) => None,
        };
        let at = existing.unwrap_or_else(|| {
            self.calls.push(ToolCall {
                index,
                ..Default::default()
            });
            self.calls.len() - 1
        });
        let call = &mut self.calls[at];
        if let Some(id) = id {
            call.id = Some(id.to_owned());
        }
        if let Some(name) = name {
            call.name = Some(name.to_owned());
        }
        match piece.pointer("/function/arguments") {
            Some(Value::String(s)) => call.arguments.push_str(s),
            // Arguments as an object are whole (as `parse_response` accepts them).
            Some(whole @ Value::Object(_)) if call.arguments.is_empty() => {
                call.arguments = whole.to_string()
            }
            _ => {}
        }
    }

    /// True once the last chunk (a stop reason, or Bedrock's metrics) has arrived.
    pub fn is_complete(&self) -> bool {
        self.stop_reason.is_some() || self.metrics.is_some()
    }

    /// A text model's answer: the JSON part of the text so far. A chat model's: the arguments
    /// so far of the answer tool's call (a text-only chat answer is read whole at the end).
    pub fn partial_answer(&self) -> Option<&str> {
        if self.chat {
            self.calls
                .iter()
                .find(|c| c.name.as_deref() == Some(TOOL_NAME))
                .map(|c| c.arguments.as_str())
        } else {
            json_part(&self.text)
        }
    }

    pub fn finish(&self) -> ModelOutput {
        let truncated = self.stop_reason.as_deref() == Some("length");
        let usage = self.metrics.or(self.usage);
        let call = self
            .calls
            .iter()
            .find(|c| c.name.as_deref() == Some(TOOL_NAME))
            .or(self.calls.first());
        match call {
            Some(call) if self.chat => ModelOutput {
                answer: serde_json::from_str(&call.arguments)
                    .ok()
                    .or_else(|| json_in_text(&call.arguments)),
                raw: call.arguments.clone(),
                usage,
                truncated,
            },
            _ => ModelOutput::from_text(self.text.clone(), usage, truncated),
        }
    }
}
