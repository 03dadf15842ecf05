//! Amazon Titan Text: `inputText` in the `User: … Bot:` convention, `textGenerationConfig`
//! in camelCase, and its stream. Docs list `completionReason` `FINISHED`, real responses say
//! `FINISH`; only `LENGTH` matters here (the answer may be cut short). Each model's
//! `maxTokenCount` cap is in the capability table.

use super::{json_part, BodyFormat, BodyInput, ModelOutput, StreamReader, TokenUsage};
use crate::stream::StreamProblem;
use serde_json::{json, Map, Value};

pub struct Titan;

impl BodyFormat for Titan {
    fn name(&self) -> &'static str {
        "Titan Text"
    }

    fn build(&self, input: &BodyInput) -> Value {
        let mut config = Map::new();
        super::write_sampling(&mut config, input, "maxTokenCount", "topP");
        json!({
            "inputText": format!("{}\n\nUser: {}\nBot:", input.prompt.system, input.prompt.user),
            "textGenerationConfig": config
        })
    }

    fn parse(&self, v: &Value) -> Result<ModelOutput, String> {
        let results = v
            .get("results")
            .and_then(Value::as_array)
            .ok_or("the response has no \"results\" array")?;
        let text: String = results
            .iter()
            .filter_map(|r| r.get("outputText").and_then(Value::as_str))
            .collect();
        let output_tokens: u64 = results
            .iter()
            .filter_map(|r| r.get("tokenCount").and_then(Value::as_u64))
            .sum();
        let usage = v
            .get("inputTextTokenCount")
            .and_then(Value::as_u64)
            .map(|input| TokenUsage::new(input, output_tokens));
        let truncated = results
            .iter()
            .any(|r| r.get("completionReason").and_then(Value::as_str) == Some("LENGTH"));
        Ok(ModelOutput::from_text(text, usage, truncated))
    }

    fn stream_reader(&self) -> Option<Box<dyn StreamReader>> {
        Some(Box::new(TitanStream::default()))
    }
}

// ------------------------------------------------------------------------------------ stream

/// Titan Text's streaming chunks, put back together into the [`ModelOutput`] that
/// [`Titan::parse`] gives for the same answer sent whole.
///
/// Each chunk (reference §3.3): `outputText` (the next piece of text), `index` (the result it
/// belongs to; Titan Text writes one, index 0), `totalOutputTextTokenCount` (tokens so far),
/// `completionReason` (null until the last chunk: `FINISH`, documented `FINISHED`, `LENGTH`,
/// …), `inputTextTokenCount`; Bedrock adds `amazon-bedrock-invocationMetrics` to the last one.
/// The last chunk may carry text too.
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
}

impl StreamReader for TitanStream {
    fn on_event(&mut self, event: &[u8]) -> Result<(), StreamProblem> {
        let v = super::parse_event(event, "Titan")?;
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
        self.metrics = super::invocation_metrics(&v).or(self.metrics);
        Ok(())
    }

    /// True once the last chunk (a completion reason, or Bedrock's metrics) has arrived.
    fn is_complete(&self) -> bool {
        self.completion_reason.is_some() || self.metrics.is_some()
    }

    /// The JSON part of the text so far (Titan answers with prose around its JSON).
    fn partial_answer(&self) -> Option<&str> {
        json_part(&self.text)
    }

    fn finish(&self) -> ModelOutput {
        // As the whole response: counts only when the input count is known.
        let counted = self
            .input_tokens
            .map(|input| TokenUsage::new(input, self.output_tokens.unwrap_or(0)));
        ModelOutput::from_text(
            self.text.clone(),
            self.metrics.or(counted),
            self.completion_reason.as_deref() == Some("LENGTH"),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::formats::{AnswerMode, Reasoning};
    use crate::prompt::Prompt;

    #[test]
    fn body() {
        let p = Prompt {
            system: "S".into(),
            user: "U".into(),
            shared: 0,
        };
        let schema = json!({});
        let b = Titan.build(&BodyInput {
            prompt: &p,
            answer: AnswerMode::JsonText,
            schema: &schema,
            max_tokens: 300,
            temperature: Some(0.0),
            top_p: Some(0.9),
            reasoning: Reasoning::default(),
            native: crate::formats::Format::Titan,
            cache_point: false,
        });
        assert_eq!(
            b,
            json!({"inputText": "S\n\nUser: U\nBot:", "textGenerationConfig": {"maxTokenCount": 300, "temperature": 0.0, "topP": 0.9}})
        );
    }

    #[test]
    fn parses_finish_and_finished_and_flags_length() {
        for reason in ["FINISH", "FINISHED"] {
            let v = json!({"inputTextTokenCount": 40, "results": [{"tokenCount": 9, "outputText": " {\"results\":[{\"id\":\"1\",\"label\":\"a\"}]}", "completionReason": reason}]});
            let out = Titan.parse(&v).unwrap();
            assert_eq!(out.answer.unwrap()["results"][0]["label"], "a");
            assert_eq!(out.usage, Some(TokenUsage::new(40, 9)));
            assert!(!out.truncated);
        }
        let v = json!({"results": [{"outputText": "{\"res", "completionReason": "LENGTH"}]});
        let out = Titan.parse(&v).unwrap();
        assert!(out.truncated && out.answer.is_none());
    }
}
