//! Amazon Titan Text's streaming chunks, put back together into the [`ModelOutput`] that
//! [`crate::families::titan::parse_response`] gives for the same answer sent whole.
//!
//! Each chunk (reference §3.3): `outputText` (the next piece of text), `index` (the result it
//! belongs to; Titan Text writes one, index 0), `totalOutputTextTokenCount` (tokens so far),
//! `completionReason` (null until the last chunk: `FINISH`, documented `FINISHED`, `LENGTH`,
//! …), `inputTextTokenCount`; Bedrock adds `amazon-bedrock-invocationMetrics` to the last one.
//! The last chunk may carry text too.

use super::{invocation_metrics, json_part, parse_event, StreamProblem};
use crate::families::{ModelOutput, TokenUsage};
use serde_json::Value;

#[derive(Debug, Default, Clone, PartialEq)]
pub struct TitanStream {
    text: String,
    input_tokens: Option<u64>,
    output_tokens: Option<u64>,
    completion_reason: Option<String>,
    metrics: Option<TokenUsage>,
}

impl TitanStream {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn on_event(&mut self, event: &[u8]) -> Result<(), StreamProblem> {
        let v = parse_event(event, "Titan")?;
        // Pieces of every index in arrival order: the non-streamed response's results joined
        // in order (Titan Text writes a single result).
        if let Some(piece) = v.get("outputText").and_then(Value::as_str) {
            self.text.push_str(piece);
        }
        let count = |key: &str| v.get(key).and_then(Value::as_u64);
        self.input_tokens = count("inputTextTokenCount").or(self.input_tokens);
        self.output_tokens = count("totalOutputTextTokenCount").or(self.output_tokens);
        if let Some(reason) = v.get("completionReason").and_then(Value::as_str) {
            self.completion_reason = Some(reason.to_owned());
        }
        self.metrics = invocation_metrics(&v).or(self.metrics);
        Ok(())
    }

    /// True once the last chunk (a completion reason, or Bedrock's metrics) has arrived.
    pub fn is_complete(&self) -> bool {
        self.completion_reason.is_some() || self.metrics.is_some()
    }

    /// The JSON part of the text so far (Titan answers with prose around its JSON).
    pub fn partial_answer(&self) -> Option<&str> {
        json_part(&self.text)
    }

    pub fn finish(&self) -> ModelOutput {
        // As the whole response: counts only when the input count is known.
        let counted = self.input_tokens.map(|input| TokenUsage {
            input_tokens: input,
            output_tokens: self.output_tokens.unwrap_or(0),
        });
        ModelOutput::from_text(
            self.text.clone(),
            self.metrics.or(counted),
            self.completion_reason.as_deref() == Some("LENGTH"),
        )
    }
}
