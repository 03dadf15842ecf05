//! Cohere Command R / R+: `message` + `preamble` (the system prompt), sampling as `p` (not
//! `top_p`). Its tools cannot be forced or given an enum, so the answer is JSON in `text`.

use super::{ModelOutput, Sampling, TokenUsage};
use crate::prompt::Prompt;
use serde_json::{json, Map, Value};

pub fn build_body(prompt: &Prompt, s: Sampling) -> Value {
    let mut body = Map::new();
    body.insert("message".into(), json!(prompt.user));
    body.insert("preamble".into(), json!(prompt.system));
    s.write_into(&mut body, "max_tokens", 4000, "p");
    Value::Object(body)
}

pub fn parse_response(v: &Value) -> Result<ModelOutput, String> {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn body_uses_p_and_preamble() {
        let b = build_body(
            &Prompt {
                system: "S".into(),
                user: "U".into(),
            },
            Sampling {
                temperature: Some(0.3),
                top_p: Some(0.8),
                max_tokens: 99,
            },
        );
        assert_eq!(
            b,
            json!({"message": "U", "preamble": "S", "max_tokens": 99, "temperature": 0.3, "p": 0.8})
        );
    }

    #[test]
    fn parses_text_and_billed_units() {
        let v = json!({"response_id": "r", "text": "```json\n{\"results\":[{\"id\":\"1\",\"labels\":[\"a\"]}]}\n```", "generation_id": "g",
                       "finish_reason": "COMPLETE", "meta": {"billed_units": {"input_tokens": 30, "output_tokens": 8}}});
        let out = parse_response(&v).unwrap();
        assert_eq!(out.answer.unwrap()["results"][0]["labels"][0], "a");
        assert_eq!(
            out.usage,
            Some(TokenUsage {
                input_tokens: 30,
                output_tokens: 8
            })
        );
        assert!(parse_response(&json!({"generations": []})).is_err());
    }
}
