//! Meta Llama 3.x / 4 Instruct on InvokeModel: a prompt in the Llama 3 chat template, answered
//! as `generation` text. Tool use on InvokeModel is not documented for Llama, so the answer is a
//! JSON object in the text, checked afterwards.

use super::{ModelOutput, Sampling, TokenUsage};
use crate::prompt::Prompt;
use serde_json::{json, Map, Value};

pub fn template(prompt: &Prompt) -> String {
    format!(
        "<|begin_of_text|><|start_header_id|>system<|end_header_id|>\n\n{}<|eot_id|>\
         <|start_header_id|>user<|end_header_id|>\n\n{}<|eot_id|>\
         <|start_header_id|>assistant<|end_header_id|>\n\n",
        prompt.system, prompt.user
    )
}

pub fn build_body(prompt: &Prompt, s: Sampling) -> Value {
    let mut body = Map::new();
    body.insert("prompt".into(), json!(template(prompt)));
    s.write_into(&mut body, "max_gen_len", 2048, "top_p");
    Value::Object(body)
}

pub fn parse_response(v: &Value) -> Result<ModelOutput, String> {
    let text = v
        .get("generation")
        .and_then(Value::as_str)
        .ok_or("the response has no \"generation\" text")?;
    let usage = TokenUsage::from_keys(Some(v), "prompt_token_count", "generation_token_count");
    let truncated = v.get("stop_reason").and_then(Value::as_str) == Some("length");
    Ok(ModelOutput::from_text(text.to_owned(), usage, truncated))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn body_uses_the_llama_3_template() {
        let b = build_body(
            &Prompt {
                system: "S".into(),
                user: "U".into(),
            },
            Sampling {
                temperature: Some(0.0),
                top_p: None,
                max_tokens: 5000,
            },
        );
        assert_eq!(
            b["prompt"],
            "<|begin_of_text|><|start_header_id|>system<|end_header_id|>\n\nS<|eot_id|><|start_header_id|>user<|end_header_id|>\n\nU<|eot_id|><|start_header_id|>assistant<|end_header_id|>\n\n"
        );
        assert_eq!(b["max_gen_len"], 2048);
        assert_eq!(b["temperature"], 0.0);
        assert!(b.get("top_p").is_none());
    }

    #[test]
    fn parses_generation() {
        let v = json!({"generation": " {\"results\": [{\"id\": \"1\", \"label\": \"a\"}]}", "prompt_token_count": 50, "generation_token_count": 12, "stop_reason": "stop"});
        let out = parse_response(&v).unwrap();
        assert_eq!(out.answer.unwrap()["results"][0]["label"], "a");
        assert_eq!(
            out.usage,
            Some(TokenUsage {
                input_tokens: 50,
                output_tokens: 12
            })
        );
        assert!(!out.truncated);
        assert!(parse_response(&json!({"outputs": []})).is_err());
    }
}
