//! AI21 Jamba: OpenAI-like chat messages; the response is read as an OpenAI chat completion.
//! Tool support on Bedrock is not documented, so the answer is JSON in the message text.

use super::{openai, BodyFormat, BodyInput, ModelOutput};
use serde_json::{Map, Value};

pub struct Jamba;

impl BodyFormat for Jamba {
    fn name(&self) -> &'static str {
        "AI21 Jamba chat"
    }

    fn build(&self, input: &BodyInput) -> Value {
        let mut body = Map::new();
        body.insert("messages".into(), openai::messages(input.prompt, "system"));
        super::write_sampling(&mut body, input, "max_tokens", "top_p");
        Value::Object(body)
    }

    fn parse(&self, v: &Value) -> Result<ModelOutput, String> {
        openai::parse_chat_completion(v)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::formats::{parse_response, AnswerMode, Format, Reasoning, TokenUsage};
    use crate::prompt::Prompt;
    use serde_json::json;

    #[test]
    fn body_and_response() {
        let p = Prompt {
            system: "S".into(),
            user: "U".into(),
            shared: 0,
        };
        let schema = json!({});
        let b = Jamba.build(&BodyInput {
            prompt: &p,
            answer: AnswerMode::JsonText,
            schema: &schema,
            max_tokens: 4096,
            temperature: None,
            top_p: None,
            reasoning: Reasoning::default(),
            native: crate::formats::Format::Jamba,
            cache_point: false,
        });
        assert_eq!(
            b,
            json!({"messages": [{"role": "system", "content": "S"}, {"role": "user", "content": "U"}], "max_tokens": 4096})
        );
        let resp = br#"{"id":"x","choices":[{"index":0,"message":{"role":"assistant","content":"{\"results\":[{\"id\":\"1\",\"label\":\"b\"}]}"},"finish_reason":"stop"}],"usage":{"prompt_tokens":20,"completion_tokens":7,"total_tokens":27}}"#;
        let out = parse_response(Format::Jamba, resp).unwrap();
        assert_eq!(out.answer.unwrap()["results"][0]["label"], "b");
        assert_eq!(out.usage, Some(TokenUsage::new(20, 7)));
    }
}
