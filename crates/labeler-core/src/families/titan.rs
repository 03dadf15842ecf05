//! Amazon Titan Text: `inputText` in the `User: … Bot:` convention, `textGenerationConfig`
//! in camelCase. Docs list `completionReason` `FINISHED`, real responses say `FINISH`; only
//! `LENGTH` matters here (the answer may be cut short).

use super::{ModelOutput, Sampling, TokenUsage};
use crate::prompt::Prompt;
use serde_json::{json, Map, Value};

pub fn build_body(prompt: &Prompt, s: Sampling) -> Value {
    let mut config = Map::new();
    s.write_into(&mut config, "maxTokenCount", 8192, "topP");
    json!({
        "inputText": format!("{}\n\nUser: {}\nBot:", prompt.system, prompt.user),
        "textGenerationConfig": config
    })
}

pub fn parse_response(v: &Value) -> Result<ModelOutput, String> {
    let results = v
        .get("results")
        .and_then(Value::as_array)
        .ok_or("the response has no \"results\" array")?;
    let text: String = results
        .iter()
        .filter_map(|r| r.get("outputText").and_then(Value::as_str))
        .collect();
    let output_tokens: u64 = results
        .iter()
        .filter_map(|r| r.get("tokenCount").and_then(Value::as_u64))
        .sum();
    let usage = v
        .get("inputTextTokenCount")
        .and_then(Value::as_u64)
        .map(|input| TokenUsage {
            input_tokens: input,
            output_tokens,
        });
    let truncated = results
        .iter()
        .any(|r| r.get("completionReason").and_then(Value::as_str) == Some("LENGTH"));
    Ok(ModelOutput::from_text(text, usage, truncated))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn body() {
        let b = build_body(
            &Prompt {
                system: "S".into(),
                user: "U".into(),
            },
            Sampling {
                temperature: Some(0.0),
                top_p: Some(0.9),
                max_tokens: 300,
            },
        );
        assert_eq!(
            b,
            json!({"inputText": "S\n\nUser: U\nBot:", "textGenerationConfig": {"maxTokenCount": 300, "temperature": 0.0, "topP": 0.9}})
        );
    }

    #[test]
    fn parses_finish_and_finished_and_flags_length() {
        for reason in ["FINISH", "FINISHED"] {
            let v = json!({"inputTextTokenCount": 40, "results": [{"tokenCount": 9, "outputText": " {\"results\":[{\"id\":\"1\",\"label\":\"a\"}]}", "completionReason": reason}]});
            let out = parse_response(&v).unwrap();
            assert_eq!(out.answer.unwrap()["results"][0]["label"], "a");
            assert_eq!(
                out.usage,
                Some(TokenUsage {
                    input_tokens: 40,
                    output_tokens: 9
                })
            );
            assert!(!out.truncated);
        }
        let v = json!({"results": [{"outputText": "{\"res", "completionReason": "LENGTH"}]});
        let out = parse_response(&v).unwrap();
        assert!(out.truncated && out.answer.is_none());
    }
}
