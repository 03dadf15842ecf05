//! Meta Llama 3.x's streaming chunks, put back together into the [`ModelOutput`] that
//! [`crate::families::llama::parse_response`] gives for the same answer sent whole.
//!
//! Each chunk has the response's own keys (reference §3.4): `generation` (the next piece of
//! text), `prompt_token_count` (a number on the first chunk only, else null),
//! `generation_token_count` (tokens so far), `stop_reason` (null until the last chunk: `stop`
//! or `length`); Bedrock adds `amazon-bedrock-invocationMetrics` to the last one.
//!
//! Llama 4 cannot stream on Bedrock (`InvokeModelWithResponseStream` refuses it): see
//! [`super::ModelStream::for_model`].

use super::{invocation_metrics, json_part, parse_event, StreamProblem};
use crate::families::{ModelOutput, TokenUsage};
use serde_json::Value;

#[derive(Debug, Default, Clone, PartialEq)]
pub struct LlamaStream {
    text: String,
    prompt_tokens: Option<u64>,
    generation_tokens: Option<u64>,
    stop_reason: Option<String>,
    metrics: Option<TokenUsage>,
}

impl LlamaStream {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn on_event(&mut self, event: &[u8]) -> Result<(), StreamProblem> {
        let v = parse_event(event, "Llama")?;
        if let Some(piece) = v.get("generation").and_then(Value::as_str) {
            self.text.push_str(piece);
        }
        let count = |key: &str| v.get(key).and_then(Value::as_u64);
        self.prompt_tokens = count("prompt_token_count").or(self.prompt_tokens);
        self.generation_tokens = count("generation_token_count").or(self.generation_tokens);
        if let Some(reason) = v.get("stop_reason").and_then(Value::as_str) {
            self.stop_reason = Some(reason.to_owned());
        }
        self.metrics = invocation_metrics(&v).or(self.metrics);
        Ok(())
    }

    /// True once the last chunk (a stop reason, or Bedrock's metrics) has arrived.
    pub fn is_complete(&self) -> bool {
        self.stop_reason.is_some() || self.metrics.is_some()
    }

    /// The JSON part of the text so far (Llama answers with prose around its JSON).
    pub fn partial_answer(&self) -> Option<&str> {
        json_part(&self.text)
    }

    pub fn finish(&self) -> ModelOutput {
        let counted = match (self.prompt_tokens, self.generation_tokens) {
            (None, None) => None,
            (i, o) => Some(TokenUsage {
                input_tokens: i.unwrap_or(0),
                output_tokens: o.unwrap_or(0),
            }),
        };
        ModelOutput::from_text(
            self.text.clone(),
            self.metrics.or(counted),
            self.stop_reason.as_deref() == Some("length"),
        )
    }
}
