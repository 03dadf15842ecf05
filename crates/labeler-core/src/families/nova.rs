//! Amazon Nova (understanding models) on InvokeModel: `messages-v1` with `toolConfig` forcing
//! the answer tool.
//!
//! `inferenceConfig` is spelled two ways in AWS's docs: Nova 1 pages and samples use
//! `max_new_tokens` / `top_p`, Nova 2 pages use `maxTokens` / `topP`. We send each generation
//! its documented spelling.

use super::{ModelOutput, Sampling, TokenUsage};
use crate::prompt::{Prompt, TOOL_DESCRIPTION, TOOL_NAME};
use serde_json::{json, Map, Value};

pub fn build_body(prompt: &Prompt, schema: Option<&Value>, s: Sampling, nova_2: bool) -> Value {
    let mut config = Map::new();
    let (max_key, top_p_key) = if nova_2 {
        ("maxTokens", "topP")
    } else {
        ("max_new_tokens", "top_p")
    };
    s.write_into(&mut config, max_key, u32::MAX, top_p_key);
    let mut body = json!({
        "schemaVersion": "messages-v1",
        "system": [{"text": prompt.system}],
        "messages": [{"role": "user", "content": [{"text": prompt.user}]}],
        "inferenceConfig": config,
    });
    if let Some(schema) = schema {
        body["toolConfig"] = json!({
            "tools": [{"toolSpec": {"name": TOOL_NAME, "description": TOOL_DESCRIPTION, "inputSchema": {"json": schema}}}],
            "toolChoice": {"tool": {"name": TOOL_NAME}}
        });
    }
    body
}

pub fn parse_response(v: &Value) -> Result<ModelOutput, String> {
    let content = v
        .pointer("/output/message/content")
        .and_then(Value::as_array)
        .ok_or("the response has no \"output.message.content\" array")?;
    let mut answer = None;
    let mut texts = Vec::new();
    for block in content {
        if let Some(input) = block.pointer("/toolUse/input") {
            if answer.is_none() {
                texts.push(input.to_string());
                // Some clients see the input as a JSON string; accept both.
                answer = match input {
                    Value::String(s) => serde_json::from_str(s).ok(),
                    other => Some(other.clone()),
                };
            }
        } else if let Some(t) = block.get("text").and_then(Value::as_str) {
            texts.push(t.to_owned());
        }
    }
    let usage = TokenUsage::from_keys(v.get("usage"), "inputTokens", "outputTokens");
    let truncated = v.get("stopReason").and_then(Value::as_str) == Some("max_tokens");
    Ok(ModelOutput::from_blocks(answer, &texts, usage, truncated))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn prompt() -> Prompt {
        Prompt {
            system: "sys".into(),
            user: "user".into(),
        }
    }

    #[test]
    fn nova_1_and_2_spell_inference_config_as_documented() {
        let s = Sampling {
            temperature: Some(0.2),
            top_p: Some(0.9),
            max_tokens: 500,
        };
        let b1 = build_body(&prompt(), Some(&json!({"type": "object"})), s, false);
        assert_eq!(
            b1["inferenceConfig"],
            json!({"max_new_tokens": 500, "temperature": 0.2, "top_p": 0.9})
        );
        let b2 = build_body(&prompt(), Some(&json!({"type": "object"})), s, true);
        assert_eq!(
            b2["inferenceConfig"],
            json!({"maxTokens": 500, "temperature": 0.2, "topP": 0.9})
        );
        assert_eq!(b1["schemaVersion"], "messages-v1");
        assert_eq!(b1["system"], json!([{"text": "sys"}]));
        assert_eq!(b1["messages"][0]["content"][0]["text"], "user");
        assert_eq!(
            b1["toolConfig"]["toolChoice"],
            json!({"tool": {"name": "record_labels"}})
        );
        assert_eq!(
            b1["toolConfig"]["tools"][0]["toolSpec"]["inputSchema"]["json"],
            json!({"type": "object"})
        );
    }

    #[test]
    fn parses_a_tool_use_response() {
        let v = json!({
            "output": {"message": {"role": "assistant", "content": [
                {"text": "<thinking>easy</thinking>"},
                {"toolUse": {"toolUseId": "tooluse_1", "name": "record_labels", "input": {"results": [{"id": "1", "label": "spam"}]}}}
            ]}},
            "stopReason": "tool_use",
            "usage": {"inputTokens": 120, "outputTokens": 20, "totalTokens": 140}
        });
        let out = parse_response(&v).unwrap();
        assert_eq!(out.answer.unwrap()["results"][0]["label"], "spam");
        assert_eq!(
            out.usage,
            Some(TokenUsage {
                input_tokens: 120,
                output_tokens: 20
            })
        );
    }

    #[test]
    fn text_answers_and_truncation() {
        let v = json!({"output": {"message": {"content": [{"text": "{\"results\":[{\"id\":\"1\",\"label\":\"ham\"}]}"}]}}, "stopReason": "max_tokens"});
        let out = parse_response(&v).unwrap();
        assert_eq!(out.answer.unwrap()["results"][0]["label"], "ham");
        assert!(out.truncated);
        assert!(parse_response(&json!({"results": []})).is_err());
    }
}
