//! DeepSeek R1: a text prompt in DeepSeek's chat template, answered as `choices[].text` with
//! its reasoning first, closed by `</think>`; the reasoning is dropped and the answer kept.
//! (Later DeepSeek models take other bodies: see their rows in the capability table.)

use super::{openai, str_at, BodyFormat, BodyInput, ModelOutput, TokenUsage};
use crate::prompt::Prompt;
use serde_json::{json, Map, Value};

pub struct DeepSeekR1;

/// DeepSeek's chat template (AWS user guide `model-parameters-deepseek.html`; reference §3.8).
pub fn template(prompt: &Prompt) -> String {
    format!(
        "<\u{ff5c}begin\u{2581}of\u{2581}sentence\u{ff5c}>{}<\u{ff5c}User\u{ff5c}>{}<\u{ff5c}Assistant\u{ff5c}><think>\n",
        prompt.system, prompt.user
    )
}

impl BodyFormat for DeepSeekR1 {
    fn name(&self) -> &'static str {
        "DeepSeek R1 prompt"
    }

    fn build(&self, input: &BodyInput) -> Value {
        let mut body = Map::new();
        body.insert("prompt".into(), json!(template(input.prompt)));
        super::write_sampling(&mut body, input, "max_tokens", "top_p");
        Value::Object(body)
    }

    /// `choices[0].text`, or a chat completion's `choices[0].message.content`.
    fn parse(&self, v: &Value) -> Result<ModelOutput, String> {
        if let Some(choice) = v.pointer("/choices/0") {
            if let Some(text) = str_at(choice, &["text"]) {
                let truncated = str_at(choice, &["stop_reason"]) == Some("length");
                let usage =
                    TokenUsage::from_keys(v.get("usage"), "prompt_tokens", "completion_tokens");
                return Ok(ModelOutput::from_text(text.to_owned(), usage, truncated));
            }
        }
        openai::parse_chat_completion(v)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::formats::{AnswerMode, Reasoning};

    #[test]
    fn r1_prompt_template() {
        let p = Prompt {
            system: "S".into(),
            user: "U".into(),
            shared: 0,
        };
        let schema = json!({});
        let b = DeepSeekR1.build(&BodyInput {
            prompt: &p,
            answer: AnswerMode::JsonText,
            schema: &schema,
            max_tokens: 4000,
            temperature: None,
            top_p: None,
            reasoning: Reasoning::default(),
            native: crate::formats::Format::DeepSeekR1,
            cache_point: false,
        });
        assert_eq!(
            b["prompt"],
            "<｜begin▁of▁sentence｜>S<｜User｜>U<｜Assistant｜><think>\n"
        );
        assert_eq!(b["max_tokens"], 4000);
    }

    #[test]
    fn reasoning_is_dropped_from_the_answer() {
        let v = json!({"choices": [{"text": "Let me think. Maybe {\"results\":[{\"id\":\"1\",\"label\":\"wrong\"}]}.\n</think>\n\n{\"results\":[{\"id\":\"1\",\"label\":\"right\"}]}", "stop_reason": "stop"}]});
        let out = DeepSeekR1.parse(&v).unwrap();
        assert_eq!(out.answer.unwrap()["results"][0]["label"], "right");
        let v = json!({"choices": [{"message": {"content": "</think>{\"results\":[]}"}, "finish_reason": "stop"}]});
        assert!(DeepSeekR1.parse(&v).unwrap().answer.is_some());
    }
}
