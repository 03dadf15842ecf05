//! Anthropic Claude on Bedrock: the Messages API body (`anthropic_version: bedrock-2023-05-31`),
//! with the answer forced through a tool whose input schema enumerates the labels.

use super::{ModelOutput, Sampling, TokenUsage};
use crate::prompt::{Prompt, TOOL_DESCRIPTION, TOOL_NAME};
use serde_json::{json, Map, Value};

pub const ANTHROPIC_VERSION: &str = "bedrock-2023-05-31";

/// The request body. No `model` or `stream` key: Bedrock takes the model from the URL and
/// rejects extraneous keys.
pub fn build_body(prompt: &Prompt, schema: Option<&Value>, s: Sampling) -> Value {
    let mut body = Map::new();
    body.insert("anthropic_version".into(), json!(ANTHROPIC_VERSION));
    body.insert("system".into(), json!(prompt.system));
    body.insert(
        "messages".into(),
        json!([{"role": "user", "content": [{"type": "text", "text": prompt.user}]}]),
    );
    s.write_into(&mut body, "max_tokens", u32::MAX, "top_p");
    if let Some(schema) = schema {
        body.insert(
            "tools".into(),
            json!([{"name": TOOL_NAME, "description": TOOL_DESCRIPTION, "input_schema": schema}]),
        );
        body.insert(
            "tool_choice".into(),
            json!({"type": "tool", "name": TOOL_NAME}),
        );
    }
    Value::Object(body)
}

/// Reads a Messages API response: the forced tool's `input`, else JSON in a text block.
pub fn parse_response(v: &Value) -> Result<ModelOutput, String> {
    let content = v
        .get("content")
        .and_then(Value::as_array)
        .ok_or("the response has no \"content\" array")?;
    let mut answer = None;
    let mut texts = Vec::new();
    for block in content {
        match block.get("type").and_then(Value::as_str) {
            Some("tool_use") if answer.is_none() => {
                if let Some(input) = block.get("input") {
                    texts.push(input.to_string());
                    answer = Some(input.clone());
                }
            }
            Some("text") => {
                if let Some(t) = block.get("text").and_then(Value::as_str) {
                    texts.push(t.to_owned());
                }
            }
            _ => {}
        }
    }
    let usage = TokenUsage::from_keys(v.get("usage"), "input_tokens", "output_tokens");
    let truncated = v.get("stop_reason").and_then(Value::as_str) == Some("max_tokens");
    Ok(ModelOutput::from_blocks(answer, &texts, usage, truncated))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(body: &[u8]) -> Result<ModelOutput, String> {
        super::super::parse_response(crate::model_id::Family::Anthropic, body)
    }

    #[test]
    fn body_forces_the_tool_and_has_no_model_or_stream_key() {
        let prompt = Prompt {
            system: "sys".into(),
            user: "user".into(),
        };
        let schema = json!({"type": "object"});
        let body = build_body(
            &prompt,
            Some(&schema),
            Sampling {
                temperature: Some(0.0),
                top_p: None,
                max_tokens: 300,
            },
        );
        assert_eq!(body["anthropic_version"], "bedrock-2023-05-31");
        assert_eq!(body["max_tokens"], 300);
        assert_eq!(body["temperature"], 0.0);
        assert!(body.get("top_p").is_none());
        assert!(body.get("model").is_none() && body.get("stream").is_none());
        assert_eq!(
            body["tool_choice"],
            json!({"type": "tool", "name": "record_labels"})
        );
        assert_eq!(body["tools"][0]["input_schema"], schema);
        assert_eq!(body["messages"][0]["content"][0]["text"], "user");
        assert_eq!(body["system"], "sys");
    }

    #[test]
    fn parses_a_recorded_tool_use_response() {
        // Shape of a real Bedrock Claude 3 Haiku response with a forced tool.
        let body = br#"{"id":"msg_bdrk_01","type":"message","role":"assistant","model":"claude-3-haiku-20240307",
            "content":[{"type":"tool_use","id":"toolu_bdrk_01","name":"record_labels","input":{"results":[{"id":"1","label":"positive"}]}}],
            "stop_reason":"tool_use","stop_sequence":null,"usage":{"input_tokens":412,"output_tokens":38}}"#;
        let out = parse(body).unwrap();
        assert_eq!(out.answer.unwrap()["results"][0]["label"], "positive");
        assert_eq!(
            out.usage,
            Some(TokenUsage {
                input_tokens: 412,
                output_tokens: 38
            })
        );
        assert!(!out.truncated);
    }

    #[test]
    fn falls_back_to_json_in_text_and_flags_truncation() {
        let body = br#"{"content":[{"type":"text","text":"Here: {\"results\":[{\"id\":\"1\",\"label\":\"negative\"}]}"}],"stop_reason":"max_tokens"}"#;
        let out = parse(body).unwrap();
        assert_eq!(out.answer.unwrap()["results"][0]["label"], "negative");
        assert!(out.truncated);
        assert!(out.usage.is_none());
    }

    #[test]
    fn rejects_non_messages_bodies() {
        assert!(parse(b"not json").is_err());
        assert!(parse(b"{\"outputs\":[]}").is_err());
    }
}
