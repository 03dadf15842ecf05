//! DeepSeek. R1 takes a text prompt in DeepSeek's chat template and answers `choices[].text`
//! with its reasoning first, closed by `</think>`; the reasoning is dropped and the answer kept.
//! Later DeepSeek models take OpenAI-style chat messages. Both response shapes are accepted.

use super::{openai, str_at, ModelOutput, Sampling, TokenUsage};
use crate::prompt::Prompt;
use serde_json::{json, Map, Value};

pub fn template(prompt: &Prompt) -> String {
    format!(
        "<\u{ff5c}begin\u{2581}of\u{2581}sentence\u{ff5c}>{}<\u{ff5c}User\u{ff5c}>{}<\u{ff5c}Assistant\u{ff5c}><think>\n",
        prompt.system, prompt.user
    )
}

pub fn build_body(prompt: &Prompt, s: Sampling, r1: bool) -> Value {
    let mut body = Map::new();
    if r1 {
        body.insert("prompt".into(), json!(template(prompt)));
    } else {
        body.insert("messages".into(), openai::messages(prompt, "system"));
    }
    s.write_into(&mut body, "max_tokens", 32_768, "top_p");
    Value::Object(body)
}

pub fn parse_response(v: &Value) -> Result<ModelOutput, String> {
    if let Some(text) = v.pointer("/choices/0").and_then(|c| str_at(c, &["text"])) {
        let truncated = v
            .pointer("/choices/0")
            .and_then(|c| str_at(c, &["stop_reason"]))
            == Some("length");
        let usage = TokenUsage::from_keys(v.get("usage"), "prompt_tokens", "completion_tokens");
        return Ok(ModelOutput::from_text(text.to_owned(), usage, truncated));
    }
    openai::parse_chat_completion(v)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn r1_prompt_template() {
        let b = build_body(
            &Prompt {
                system: "S".into(),
                user: "U".into(),
            },
            Sampling {
                max_tokens: 4000,
                ..Default::default()
            },
            true,
        );
        assert_eq!(
            b["prompt"],
            "<｜begin▁of▁sentence｜>S<｜User｜>U<｜Assistant｜><think>\n"
        );
        assert_eq!(b["max_tokens"], 4000);
        let b = build_body(
            &Prompt {
                system: "S".into(),
                user: "U".into(),
            },
            Sampling {
                max_tokens: 4000,
                ..Default::default()
            },
            false,
        );
        assert_eq!(b["messages"][1]["content"], "U");
    }

    #[test]
    fn reasoning_is_dropped_from_the_answer() {
        let v = json!({"choices": [{"text": "Let me think. Maybe {\"results\":[{\"id\":\"1\",\"label\":\"wrong\"}]}.\n</think>\n\n{\"results\":[{\"id\":\"1\",\"label\":\"right\"}]}", "stop_reason": "stop"}]});
        let out = parse_response(&v).unwrap();
        assert_eq!(out.answer.unwrap()["results"][0]["label"], "right");
        let v = json!({"choices": [{"message": {"content": "</think>{\"results\":[]}"}, "finish_reason": "stop"}]});
        assert!(parse_response(&v).unwrap().answer.is_some());
    }
}
