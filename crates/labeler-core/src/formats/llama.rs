//! Meta Llama 3.x Instruct on InvokeModel: a prompt in the Llama 3 chat template, answered as
//! `generation` text, and its stream. Tool use on InvokeModel is not documented for Llama, so
//! the answer is a JSON object in the text, checked afterwards. (Llama 4 goes through Converse:
//! its capability-table row says why.)

use super::{json_part, BodyFormat, BodyInput, ModelOutput, StreamReader, TokenUsage};
use crate::prompt::Prompt;
use crate::stream::StreamProblem;
use serde_json::{json, Map, Value};

pub struct Llama;

/// The Llama 3 chat template (AWS user guide `model-parameters-meta.html`; reference §3.4).
pub fn template_3(prompt: &Prompt) -> String {
    format!(
        "<|begin_of_text|><|start_header_id|>system<|end_header_id|>\n\n{}<|eot_id|>\
         <|start_header_id|>user<|end_header_id|>\n\n{}<|eot_id|>\
         <|start_header_id|>assistant<|end_header_id|>\n\n",
        prompt.system, prompt.user
    )
}

impl BodyFormat for Llama {
    fn name(&self) -> &'static str {
        "Llama 3 prompt"
    }

    fn build(&self, input: &BodyInput) -> Value {
        let mut body = Map::new();
        body.insert("prompt".into(), json!(template_3(input.prompt)));
        super::write_sampling(&mut body, input, "max_gen_len", "top_p");
        Value::Object(body)
    }

    fn parse(&self, v: &Value) -> Result<ModelOutput, String> {
        let text = v
            .get("generation")
            .and_then(Value::as_str)
            .ok_or("the response has no \"generation\" text")?;
        let usage = TokenUsage::from_keys(Some(v), "prompt_token_count", "generation_token_count");
        let truncated = v.get("stop_reason").and_then(Value::as_str) == Some("length");
        Ok(ModelOutput::from_text(text.to_owned(), usage, truncated))
    }

    fn stream_reader(&self) -> Option<Box<dyn StreamReader>> {
        Some(Box::new(LlamaStream::default()))
    }
}

// ------------------------------------------------------------------------------------ stream

/// Llama 3.x's streaming chunks, put back together into the [`ModelOutput`] that
/// [`Llama::parse`] gives for the same answer sent whole.
///
/// Each chunk has the response's own keys (reference §3.4): `generation` (the next piece of
/// text), `prompt_token_count` (a number on the first chunk only, else null),
/// `generation_token_count` (tokens so far), `stop_reason` (null until the last chunk: `stop`
/// or `length`); Bedrock adds `amazon-bedrock-invocationMetrics` to the last one.
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
}

impl StreamReader for LlamaStream {
    fn on_event(&mut self, event: &[u8]) -> Result<(), StreamProblem> {
        let v = super::parse_event(event, "Llama")?;
        if let Some(piece) = v.get("generation").and_then(Value::as_str) {
            self.text.push_str(piece);
        }
        let count = |key: &str| v.get(key).and_then(Value::as_u64);
        self.prompt_tokens = count("prompt_token_count").or(self.prompt_tokens);
        self.generation_tokens = count("generation_token_count").or(self.generation_tokens);
        if let Some(reason) = v.get("stop_reason").and_then(Value::as_str) {
            self.stop_reason = Some(reason.to_owned());
        }
        self.metrics = super::invocation_metrics(&v).or(self.metrics);
        Ok(())
    }

    /// True once the last chunk (a stop reason, or Bedrock's metrics) has arrived.
    fn is_complete(&self) -> bool {
        self.stop_reason.is_some() || self.metrics.is_some()
    }

    /// The JSON part of the text so far (Llama answers with prose around its JSON).
    fn partial_answer(&self) -> Option<&str> {
        json_part(&self.text)
    }

    fn finish(&self) -> ModelOutput {
        let counted = (self.prompt_tokens.is_some() || self.generation_tokens.is_some()).then_some(
            TokenUsage {
                input_tokens: self.prompt_tokens,
                output_tokens: self.generation_tokens,
                ..TokenUsage::default()
            },
        );
        ModelOutput::from_text(
            self.text.clone(),
            self.metrics.or(counted),
            self.stop_reason.as_deref() == Some("length"),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::formats::{AnswerMode, Reasoning};

    fn input<'a>(p: &'a Prompt, schema: &'a Value) -> BodyInput<'a> {
        BodyInput {
            prompt: p,
            answer: AnswerMode::JsonText,
            schema,
            max_tokens: 2048,
            temperature: Some(0.0),
            top_p: None,
            reasoning: Reasoning::default(),
            native: crate::formats::Format::Llama3,
            cache_point: false,
        }
    }

    #[test]
    fn body_uses_the_llama_3_template() {
        let p = Prompt {
            system: "S".into(),
            user: "U".into(),
            shared: 0,
        };
        let schema = json!({});
        let b = Llama.build(&input(&p, &schema));
        assert_eq!(
            b["prompt"],
            "<|begin_of_text|><|start_header_id|>system<|end_header_id|>\n\nS<|eot_id|><|start_header_id|>user<|end_header_id|>\n\nU<|eot_id|><|start_header_id|>assistant<|end_header_id|>\n\n"
        );
        assert_eq!(b["max_gen_len"], 2048);
        assert_eq!(b["temperature"], 0.0);
        assert!(b.get("top_p").is_none());
    }

    #[test]
    fn parses_generation() {
        let v = json!({"generation": " {\"results\": [{\"id\": \"1\", \"label\": \"a\"}]}", "prompt_token_count": 50, "generation_token_count": 12, "stop_reason": "stop"});
        let out = Llama.parse(&v).unwrap();
        assert_eq!(out.answer.unwrap()["results"][0]["label"], "a");
        assert_eq!(out.usage, Some(TokenUsage::new(50, 12)));
        assert!(!out.truncated);
        assert!(Llama.parse(&json!({"outputs": []})).is_err());
    }
}
