//! OpenAI gpt-oss on Bedrock: an OpenAI chat-completion body (`max_completion_tokens`, no
//! `model` or `stream` keys). With InvokeModel the reasoning comes first in the text inside
//! `<reasoning>…</reasoning>`; it is dropped before the answer is read.

use super::{str_at, ModelOutput, Sampling, TokenUsage};
use crate::prompt::Prompt;
use serde_json::{json, Map, Value};

/// `[{role: system_role, content: system}, {role: user, content: user}]`.
pub fn messages(prompt: &Prompt, system_role: &str) -> Value {
    json!([{"role": system_role, "content": prompt.system}, {"role": "user", "content": prompt.user}])
}

pub fn build_body(prompt: &Prompt, s: Sampling) -> Value {
    let mut body = Map::new();
    body.insert("messages".into(), messages(prompt, "system"));
    s.write_into(&mut body, "max_completion_tokens", u32::MAX, "top_p");
    Value::Object(body)
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
    use crate::families::parse_response;
    use crate::model_id::Family;

    #[test]
    fn body() {
        let b = build_body(
            &Prompt {
                system: "S".into(),
                user: "U".into(),
            },
            Sampling {
                temperature: Some(0.0),
                top_p: None,
                max_tokens: 700,
            },
        );
        assert_eq!(
            b,
            json!({"messages": [{"role": "system", "content": "S"}, {"role": "user", "content": "U"}], "max_completion_tokens": 700, "temperature": 0.0})
        );
        assert!(b.get("model").is_none() && b.get("stream").is_none());
    }

    #[test]
    fn drops_the_reasoning() {
        let resp = br#"{"id":"chatcmpl-1","object":"chat.completion","created":1,"model":"openai.gpt-oss-20b-1:0","choices":[{"index":0,"message":{"role":"assistant","content":"<reasoning>The user wants {\"results\": []} maybe.</reasoning>{\"results\":[{\"id\":\"1\",\"label\":\"c\"}]}"},"finish_reason":"stop"}],"usage":{"prompt_tokens":50,"completion_tokens":30,"total_tokens":80}}"#;
        let out = parse_response(Family::OpenAi, resp).unwrap();
        assert_eq!(out.answer.unwrap()["results"][0]["label"], "c");
        assert!(out.raw.contains("<reasoning>"), "raw keeps everything");
    }
}
