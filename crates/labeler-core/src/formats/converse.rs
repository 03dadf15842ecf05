//! The Converse API (`POST /model/{modelId}/converse`, `/converse-stream`): one request shape
//! for every text model Bedrock serves, used for models without a native body here and for
//! any model when the caller asks for `api: "converse"`. Converse and ConverseStream are
//! authorised by `bedrock:InvokeModel` / `bedrock:InvokeModelWithResponseStream` (botocore's
//! bedrock-runtime service model, the operations' documentation), so no new IAM action is
//! needed.
//!
//! Shapes (botocore `bedrock-runtime/2023-09-30/service-2.json`; see
//! docs/evidence/claude-and-converse.md): `messages`, `system`, `inferenceConfig`
//! (`maxTokens`, `temperature`, `topP`), `toolConfig` (`tools[].toolSpec` with
//! `inputSchema.json`; `toolChoice` `auto` / `any` / `tool`), `outputConfig.textFormat` (a JSON
//! schema the answer must follow), `additionalModelRequestFields` (the model's own fields, here
//! its thinking controls). The response's `output.message.content` has the blocks Nova uses
//! (`text`, `toolUse`, `reasoningContent`); ConverseStream's events are Nova's stream events,
//! read by [`super::nova::NovaStream`].

use super::nova::{read_blocks, NovaStream};
#[cfg(test)]
use super::TokenUsage;
use super::{AnswerMode, Api, BodyFormat, BodyInput, ModelOutput, StreamReader};
use crate::prompt::{TOOL_DESCRIPTION, TOOL_NAME};
use serde_json::{json, Map, Value};

pub struct Converse;

impl BodyFormat for Converse {
    fn name(&self) -> &'static str {
        "Converse"
    }

    fn api(&self) -> Api {
        Api::Converse
    }

    fn carries(&self, _mode: AnswerMode) -> bool {
        true
    }

    fn build(&self, input: &BodyInput) -> Value {
        let mut config = Map::new();
        super::write_sampling(&mut config, input, "maxTokens", "topP");
        let mut body = Map::new();
        body.insert(
            "messages".into(),
            json!([{"role": "user", "content": super::cache_point_content(input)}]),
        );
        body.insert("system".into(), json!([{"text": input.prompt.system}]));
        body.insert("inferenceConfig".into(), Value::Object(config));
        let tool_spec = |strict: bool| {
            let mut spec = json!({"name": TOOL_NAME, "description": TOOL_DESCRIPTION, "inputSchema": {"json": input.schema}});
            if strict {
                spec["strict"] = json!(true);
            }
            json!([{"toolSpec": spec}])
        };
        match input.answer {
            AnswerMode::Schema => {
                // The schema travels as a JSON string (the service model's `schema` member
                // is a string, not a document).
                body.insert(
                    "outputConfig".into(),
                    json!({"textFormat": {"type": "json_schema", "structure": {"jsonSchema": {
                        "schema": input.schema.to_string(),
                        "name": TOOL_NAME,
                        "description": TOOL_DESCRIPTION,
                    }}}}),
                );
            }
            AnswerMode::StrictTool => {
                body.insert(
                    "toolConfig".into(),
                    json!({"tools": tool_spec(true), "toolChoice": {"auto": {}}}),
                );
            }
            AnswerMode::ForcedTool => {
                body.insert(
                    "toolConfig".into(),
                    json!({"tools": tool_spec(false), "toolChoice": {"tool": {"name": TOOL_NAME}}}),
                );
            }
            AnswerMode::JsonText => {}
        }
        let extra = input.native.body().reasoning_fields(input.reasoning);
        if !extra.is_empty() {
            body.insert("additionalModelRequestFields".into(), Value::Object(extra));
        }
        Value::Object(body)
    }

    fn parse(&self, v: &Value) -> Result<ModelOutput, String> {
        let content = v
            .pointer("/output/message/content")
            .and_then(Value::as_array)
            .ok_or("the response has no \"output.message.content\" array")?;
        // `TokenUsage.cacheReadInputTokens` / `cacheWriteInputTokens` (botocore service
        // model; models-and-quotas §11.4), else the unmodeled `…TokenCount` duplicates real
        // responses carry (claude-and-converse §F.3).
        let usage = super::nova::usage_of(v.get("usage"));
        let truncated = v.get("stopReason").and_then(Value::as_str) == Some("max_tokens");
        Ok(read_blocks(content, usage, truncated))
    }

    fn stream_reader(&self) -> Option<Box<dyn StreamReader>> {
        Some(Box::new(NovaStream::default()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::formats::{Format, Reasoning};
    use crate::prompt::Prompt;

    fn input<'a>(p: &'a Prompt, schema: &'a Value, answer: AnswerMode) -> BodyInput<'a> {
        BodyInput {
            prompt: p,
            answer,
            schema,
            max_tokens: 400,
            temperature: Some(0.2),
            top_p: None,
            reasoning: Reasoning::default(),
            native: Format::Converse,
            cache_point: false,
        }
    }

    #[test]
    fn bodies_for_each_answer_mode() {
        let p = Prompt {
            system: "S".into(),
            user: "U".into(),
            shared: 0,
        };
        let schema = json!({"type": "object", "properties": {}});
        let b = Converse.build(&input(&p, &schema, AnswerMode::JsonText));
        assert_eq!(b["messages"][0]["content"][0]["text"], "U");
        assert_eq!(b["system"], json!([{"text": "S"}]));
        assert_eq!(
            b["inferenceConfig"],
            json!({"maxTokens": 400, "temperature": 0.2})
        );
        assert!(b.get("toolConfig").is_none() && b.get("outputConfig").is_none());

        let b = Converse.build(&input(&p, &schema, AnswerMode::Schema));
        let js = &b["outputConfig"]["textFormat"]["structure"]["jsonSchema"];
        assert_eq!(b["outputConfig"]["textFormat"]["type"], "json_schema");
        let sent: Value = serde_json::from_str(js["schema"].as_str().unwrap()).unwrap();
        assert_eq!(sent, schema);

        let b = Converse.build(&input(&p, &schema, AnswerMode::ForcedTool));
        assert_eq!(
            b["toolConfig"]["toolChoice"],
            json!({"tool": {"name": "record_labels"}})
        );
        let b = Converse.build(&input(&p, &schema, AnswerMode::StrictTool));
        assert_eq!(b["toolConfig"]["toolChoice"], json!({"auto": {}}));
        assert_eq!(b["toolConfig"]["tools"][0]["toolSpec"]["strict"], true);
    }

    #[test]
    fn a_claude_model_on_converse_gets_its_thinking_fields() {
        let p = Prompt {
            system: "S".into(),
            user: "U".into(),
            shared: 0,
        };
        let schema = json!({});
        let mut i = input(&p, &schema, AnswerMode::Schema);
        i.native = Format::Claude;
        i.reasoning.disable = true;
        let b = Converse.build(&i);
        assert_eq!(
            b["additionalModelRequestFields"],
            json!({"thinking": {"type": "disabled"}})
        );
    }

    #[test]
    fn parses_a_converse_response() {
        let v = json!({"output": {"message": {"role": "assistant", "content": [
            {"reasoningContent": {"reasoningText": {"text": "thinking {\"results\": []}", "signature": "s"}}},
            {"text": "{\"results\":[{\"id\":\"1\",\"label\":\"a\"}]}"}]}},
            "stopReason": "end_turn", "usage": {"inputTokens": 30, "outputTokens": 12, "totalTokens": 42}, "metrics": {"latencyMs": 300}});
        let out = Converse.parse(&v).unwrap();
        assert_eq!(out.answer.unwrap()["results"][0]["label"], "a");
        assert_eq!(out.usage, Some(TokenUsage::new(30, 12)));
    }

    #[test]
    fn cache_usage_is_read_from_a_converse_response() {
        let v = json!({"output": {"message": {"content": [{"text": "{}"}]}}, "stopReason": "end_turn",
            "usage": {"inputTokens": 30, "outputTokens": 12, "totalTokens": 1542, "cacheReadInputTokens": 1500, "cacheWriteInputTokens": 0}});
        let u = Converse.parse(&v).unwrap().usage.unwrap();
        assert_eq!((u.input(), u.cache_read(), u.cache_write()), (30, 1500, 0));
        // Only the unmodeled duplicates (claude-and-converse §F.3).
        let v = json!({"output": {"message": {"content": [{"text": "{}"}]}},
            "usage": {"inputTokens": 30, "outputTokens": 12, "totalTokens": 42, "cacheWriteInputTokenCount": 1500}});
        let u = Converse.parse(&v).unwrap().usage.unwrap();
        assert_eq!((u.cache_read, u.cache_write), (None, Some(1500)));
    }
}
