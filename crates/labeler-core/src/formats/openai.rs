//! The OpenAI chat-completion body on InvokeModel: OpenAI gpt-oss, and the open-weight models
//! AWS documents with the same body. `max_completion_tokens`, no `model` or `stream` keys; with
//! InvokeModel gpt-oss's reasoning comes first in the text inside `<reasoning>…</reasoning>`,
//! and is dropped before the answer is read. Structured output is `response_format` with a
//! JSON schema; reasoning effort is `reasoning_effort`.

use super::{str_at, AnswerMode, BodyFormat, BodyInput, ModelOutput, Reasoning, TokenUsage};
use crate::prompt::{Prompt, TOOL_NAME};
use serde_json::{json, Map, Value};

pub struct OpenAiChat;

/// `[{role: system_role, content: system}, {role: user, content: user}]`.
pub fn messages(prompt: &Prompt, system_role: &str) -> Value {
    json!([{"role": system_role, "content": prompt.system}, {"role": "user", "content": prompt.user}])
}

impl BodyFormat for OpenAiChat {
    fn name(&self) -> &'static str {
        "OpenAI chat completion"
    }

    fn carries(&self, mode: AnswerMode) -> bool {
        matches!(mode, AnswerMode::Schema | AnswerMode::JsonText)
    }

    fn build(&self, input: &BodyInput) -> Value {
        let mut body = Map::new();
        body.insert("messages".into(), messages(input.prompt, "system"));
        super::write_sampling(&mut body, input, "max_completion_tokens", "top_p");
        if input.answer == AnswerMode::Schema {
            body.insert(
                "response_format".into(),
                json!({"type": "json_schema", "json_schema": {"name": TOOL_NAME, "schema": input.schema, "strict": true}}),
            );
        }
        body.extend(self.reasoning_fields(input.reasoning));
        Value::Object(body)
    }

    /// gpt-oss's `reasoning_effort` (its reasoning cannot be turned off).
    fn reasoning_fields(&self, reasoning: Reasoning) -> Map<String, Value> {
        let mut out = Map::new();
        if let Some(effort) = reasoning.effort {
            out.insert("reasoning_effort".into(), json!(effort));
        }
        out
    }

    fn parse(&self, v: &Value) -> Result<ModelOutput, String> {
        parse_chat_completion(v)
    }
}

/// An OpenAI-style chat completion: `choices[0].message.content`, `usage.prompt_tokens`.
pub fn parse_chat_completion(v: &Value) -> Result<ModelOutput, String> {
    let choice = v
        .pointer("/choices/0")
        .ok_or("the response has no \"choices\"")?;
    let text = str_at(choice, &["message", "content"])
        .or_else(|| str_at(choice, &["text"]))
        .ok_or("the response's first choice has no message content")?;
    let usage = TokenUsage::from_keys(v.get("usage"), "prompt_tokens", "completion_tokens");
    let truncated = str_at(choice, &["finish_reason"]).or_else(|| str_at(choice, &["stop_reason"]))
        == Some("length");
    Ok(ModelOutput::from_text(text.to_owned(), usage, truncated))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::formats::{parse_response, Format};

    #[test]
    fn body() {
        let p = Prompt {
            system: "S".into(),
            user: "U".into(),
            shared: 0,
        };
        let schema = json!({"type": "object"});
        let mut input = BodyInput {
            prompt: &p,
            answer: AnswerMode::JsonText,
            schema: &schema,
            max_tokens: 700,
            temperature: Some(0.0),
            top_p: None,
            reasoning: Reasoning::default(),
            native: crate::formats::Format::OpenAiChat,
            cache_point: false,
        };
        let b = OpenAiChat.build(&input);
        assert_eq!(
            b,
            json!({"messages": [{"role": "system", "content": "S"}, {"role": "user", "content": "U"}], "max_completion_tokens": 700, "temperature": 0.0})
        );
        assert!(b.get("model").is_none() && b.get("stream").is_none());
        input.answer = AnswerMode::Schema;
        input.reasoning.effort = Some("low");
        let b = OpenAiChat.build(&input);
        assert_eq!(b["response_format"]["type"], "json_schema");
        assert_eq!(b["response_format"]["json_schema"]["schema"], schema);
        assert_eq!(b["reasoning_effort"], "low");
    }

    #[test]
    fn drops_the_reasoning() {
        let resp = br#"{"id":"chatcmpl-1","object":"chat.completion","created":1,"model":"openai.gpt-oss-20b-1:0","choices":[{"index":0,"message":{"role":"assistant","content":"<reasoning>The user wants {\"results\": []} maybe.</reasoning>{\"results\":[{\"id\":\"1\",\"label\":\"c\"}]}"},"finish_reason":"stop"}],"usage":{"prompt_tokens":50,"completion_tokens":30,"total_tokens":80}}"#;
        let out = parse_response(Format::OpenAiChat, resp).unwrap();
        assert_eq!(out.answer.unwrap()["results"][0]["label"], "c");
        assert!(out.raw.contains("<reasoning>"), "raw keeps everything");
    }
}
