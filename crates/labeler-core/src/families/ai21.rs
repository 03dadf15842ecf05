//! AI21 Jamba: OpenAI-like chat messages; the response is parsed by
//! [`super::openai::parse_chat_completion`]. Tool support on Bedrock is not documented, so the
//! answer is JSON in the message text.

use super::{openai::messages, Sampling};
use crate::prompt::Prompt;
use serde_json::{Map, Value};

pub fn build_body(prompt: &Prompt, s: Sampling) -> Value {
    let mut body = Map::new();
    body.insert("messages".into(), messages(prompt, "system"));
    s.write_into(&mut body, "max_tokens", 4096, "top_p");
    Value::Object(body)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::families::{parse_response, TokenUsage};
    use crate::model_id::Family;
    use serde_json::json;

    #[test]
    fn body_and_response() {
        let b = build_body(
            &Prompt {
                system: "S".into(),
                user: "U".into(),
            },
            Sampling {
                temperature: None,
                top_p: None,
                max_tokens: 9000,
            },
        );
        assert_eq!(
            b,
            json!({"messages": [{"role": "system", "content": "S"}, {"role": "user", "content": "U"}], "max_tokens": 4096})
        );
        let resp = br#"{"id":"x","choices":[{"index":0,"message":{"role":"assistant","content":"{\"results\":[{\"id\":\"1\",\"label\":\"b\"}]}"},"finish_reason":"stop"}],"usage":{"prompt_tokens":20,"completion_tokens":7,"total_tokens":27}}"#;
        let out = parse_response(Family::Jamba, resp).unwrap();
        assert_eq!(out.answer.unwrap()["results"][0]["label"], "b");
        assert_eq!(
            out.usage,
            Some(TokenUsage {
                input_tokens: 20,
                output_tokens: 7
            })
        );
    }
}
