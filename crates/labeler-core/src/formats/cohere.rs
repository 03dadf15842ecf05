//! Cohere Command R / R+: `message` + `preamble` (the system prompt), sampling as `p` (not
//! `top_p`). Its tools cannot be forced or given an enum, so the answer is JSON in `text`.

use super::{BodyFormat, BodyInput, ModelOutput, TokenUsage};
use serde_json::{json, Map, Value};

pub struct Cohere;

impl BodyFormat for Cohere {
    fn name(&self) -> &'static str {
        "Cohere Command R"
    }

    fn build(&self, input: &BodyInput) -> Value {
        let mut body = Map::new();
        body.insert("message".into(), json!(input.prompt.user));
        body.insert("preamble".into(), json!(input.prompt.system));
        super::write_sampling(&mut body, input, "max_tokens", "p");
        Value::Object(body)
    }

    fn parse(&self, v: &Value) -> Result<ModelOutput, String> {
        let text = v
            .get("text")
            .and_then(Value::as_str)
            .ok_or("the response has no \"text\"")?;
        let usage = TokenUsage::from_keys(
            v.pointer("/meta/billed_units"),
            "input_tokens",
            "output_tokens",
        );
        let truncated = v.get("finish_reason").and_then(Value::as_str) == Some("MAX_TOKENS");
        Ok(ModelOutput::from_text(text.to_owned(), usage, truncated))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::formats::{AnswerMode, Reasoning};
    use crate::prompt::Prompt;

    #[test]
    fn body_uses_p_and_preamble() {
        let p = Prompt {
            system: "S".into(),
            user: "U".into(),
            shared: 0,
        };
        let schema = json!({});
        let b = Cohere.build(&BodyInput {
            prompt: &p,
            answer: AnswerMode::JsonText,
            schema: &schema,
            max_tokens: 99,
            temperature: Some(0.3),
            top_p: Some(0.8),
            reasoning: Reasoning::default(),
            native: crate::formats::Format::Cohere,
            cache_point: false,
        });
        assert_eq!(
            b,
            json!({"message": "U", "preamble": "S", "max_tokens": 99, "temperature": 0.3, "p": 0.8})
        );
    }

    #[test]
    fn parses_text_and_billed_units() {
        let v = json!({"response_id": "r", "text": "```json\n{\"results\":[{\"id\":\"1\",\"labels\":[\"a\"]}]}\n```", "generation_id": "g",
                       "finish_reason": "COMPLETE", "meta": {"billed_units": {"input_tokens": 30, "output_tokens": 8}}});
        let out = Cohere.parse(&v).unwrap();
        assert_eq!(out.answer.unwrap()["results"][0]["labels"][0], "a");
        assert_eq!(out.usage, Some(TokenUsage::new(30, 8)));
        assert!(Cohere.parse(&json!({"generations": []})).is_err());
    }
}
