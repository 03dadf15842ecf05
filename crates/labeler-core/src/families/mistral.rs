//! Mistral AI on InvokeModel. Text-completion models (7B, Mixtral, the 24.02 models) take an
//! `[INST]` prompt and answer `outputs[].text`; chat-completion models (Large 24.07 and later)
//! take messages with tools, and the answer tool is forced with `tool_choice: "any"`.
//!
//! Bedrock's Mistral docs name the stop field `stop_reason` where OpenAI says `finish_reason`;
//! both are accepted.

use super::{json_in_text, str_at, ModelOutput, Sampling, TokenUsage};
use crate::prompt::{Prompt, TOOL_DESCRIPTION, TOOL_NAME};
use serde_json::{json, Map, Value};

pub fn build_text_body(prompt: &Prompt, s: Sampling) -> Value {
    let mut body = Map::new();
    // Mistral's instruct format has no system turn: the system text leads the instruction.
    body.insert(
        "prompt".into(),
        json!(format!(
            "<s>[INST] {}\n\n{} [/INST]",
            prompt.system, prompt.user
        )),
    );
    s.write_into(&mut body, "max_tokens", u32::MAX, "top_p");
    Value::Object(body)
}

pub fn build_chat_body(prompt: &Prompt, schema: Option<&Value>, s: Sampling) -> Value {
    let mut body = Map::new();
    body.insert(
        "messages".into(),
        json!([{"role": "system", "content": prompt.system}, {"role": "user", "content": prompt.user}]),
    );
    if let Some(schema) = schema {
        body.insert(
            "tools".into(),
            json!([{"type": "function", "function": {"name": TOOL_NAME, "description": TOOL_DESCRIPTION, "parameters": schema}}]),
        );
        body.insert("tool_choice".into(), json!("any"));
    }
    s.write_into(&mut body, "max_tokens", u32::MAX, "top_p");
    Value::Object(body)
}

pub fn parse_response(v: &Value) -> Result<ModelOutput, String> {
    if let Some(outputs) = v.get("outputs").and_then(Value::as_array) {
        let text: String = outputs
            .iter()
            .filter_map(|o| o.get("text").and_then(Value::as_str))
            .collect();
        let truncated = outputs
            .iter()
            .any(|o| str_at(o, &["stop_reason"]) == Some("length"));
        return Ok(ModelOutput::from_text(text, None, truncated));
    }
    let choice = v
        .pointer("/choices/0")
        .ok_or("the response has neither \"outputs\" nor \"choices\"")?;
    let message = choice
        .get("message")
        .ok_or("the response's choice has no \"message\"")?;
    let reason = str_at(choice, &["stop_reason"]).or_else(|| str_at(choice, &["finish_reason"]));
    let truncated = reason == Some("length");
    let usage = TokenUsage::from_keys(v.get("usage"), "prompt_tokens", "completion_tokens");
    let call = message
        .get("tool_calls")
        .and_then(Value::as_array)
        .and_then(|calls| {
            calls
                .iter()
                .find(|c| str_at(c, &["function", "name"]) == Some(TOOL_NAME))
                .or(calls.first())
        });
    if let Some(call) = call {
        // `arguments` is a JSON string in the OpenAI-style schema; accept an object too.
        let args = call
            .pointer("/function/arguments")
            .cloned()
            .unwrap_or(Value::Null);
        let (answer, raw) = match args {
            Value::String(s) => (
                serde_json::from_str(&s).ok().or_else(|| json_in_text(&s)),
                s,
            ),
            other => (Some(other.clone()), other.to_string()),
        };
        return Ok(ModelOutput {
            answer,
            raw,
            usage,
            truncated,
        });
    }
    let text = message
        .get("content")
        .and_then(Value::as_str)
        .unwrap_or("")
        .to_owned();
    Ok(ModelOutput::from_text(text, usage, truncated))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn prompt() -> Prompt {
        Prompt {
            system: "S".into(),
            user: "U".into(),
        }
    }

    #[test]
    fn text_body() {
        let b = build_text_body(
            &prompt(),
            Sampling {
                temperature: None,
                top_p: Some(0.5),
                max_tokens: 100,
            },
        );
        assert_eq!(
            b,
            json!({"prompt": "<s>[INST] S\n\nU [/INST]", "max_tokens": 100, "top_p": 0.5})
        );
    }

    #[test]
    fn chat_body_forces_a_tool() {
        let b = build_chat_body(
            &prompt(),
            Some(&json!({"type": "object"})),
            Sampling {
                max_tokens: 64,
                ..Default::default()
            },
        );
        assert_eq!(b["tool_choice"], "any");
        assert_eq!(b["tools"][0]["function"]["name"], "record_labels");
        assert_eq!(b["messages"][0], json!({"role": "system", "content": "S"}));
    }

    #[test]
    fn parses_text_completion() {
        let v = json!({"outputs": [{"text": " {\"results\":[{\"id\":\"1\",\"label\":\"x\"}]}", "stop_reason": "stop"}]});
        assert_eq!(
            parse_response(&v).unwrap().answer.unwrap()["results"][0]["label"],
            "x"
        );
    }

    #[test]
    fn parses_chat_tool_calls_with_either_stop_field() {
        let v = json!({"choices": [{"index": 0, "message": {"role": "assistant", "content": "", "tool_calls": [
            {"id": "abc", "function": {"name": "record_labels", "arguments": "{\"results\":[{\"id\":\"1\",\"label\":\"y\"}]}"}}]},
            "stop_reason": "tool_calls"}], "usage": {"prompt_tokens": 9, "completion_tokens": 3}});
        let out = parse_response(&v).unwrap();
        assert_eq!(out.answer.unwrap()["results"][0]["label"], "y");
        assert_eq!(
            out.usage,
            Some(TokenUsage {
                input_tokens: 9,
                output_tokens: 3
            })
        );
        let v = json!({"choices": [{"message": {"content": "{\"results\":[]}"}, "finish_reason": "length"}]});
        let out = parse_response(&v).unwrap();
        assert!(out.truncated);
        assert!(out.answer.is_some());
    }
}
