//! Amazon Nova (understanding models) on InvokeModel: `messages-v1`, its response, and its
//! stream. The stream reader also reads ConverseStream, whose events have the same names and
//! shapes (reference §3.2: Nova's InvokeModel stream uses ConverseStream's event names).
//!
//! `inferenceConfig` is spelled two ways in AWS's docs: Nova 1 pages and samples use
//! `max_new_tokens` / `top_p`, Nova 2 pages use `maxTokens` / `topP`. We send each generation
//! its documented spelling.

use super::{json_part, AnswerMode, BodyFormat, BodyInput, ModelOutput, StreamReader, TokenUsage};
use crate::prompt::{TOOL_DESCRIPTION, TOOL_NAME};
use crate::stream::StreamProblem;
use serde_json::{json, Map, Value};

pub struct Nova {
    /// Nova 2: camelCase `inferenceConfig` keys.
    pub v2: bool,
}

impl BodyFormat for Nova {
    fn name(&self) -> &'static str {
        if self.v2 {
            "Nova 2 messages-v1"
        } else {
            "Nova messages-v1"
        }
    }

    fn carries(&self, mode: AnswerMode) -> bool {
        matches!(mode, AnswerMode::ForcedTool | AnswerMode::JsonText)
    }

    fn build(&self, input: &BodyInput) -> Value {
        let mut config = Map::new();
        let (max_key, top_p_key) = if self.v2 {
            ("maxTokens", "topP")
        } else {
            ("max_new_tokens", "top_p")
        };
        super::write_sampling(&mut config, input, max_key, top_p_key);
        let mut body = json!({
            "schemaVersion": "messages-v1",
            "system": [{"text": input.prompt.system}],
            "messages": [{"role": "user", "content": super::cache_point_content(input)}],
            "inferenceConfig": config,
        });
        if input.answer == AnswerMode::ForcedTool {
            body["toolConfig"] = json!({
                "tools": [{"toolSpec": {"name": TOOL_NAME, "description": TOOL_DESCRIPTION, "inputSchema": {"json": input.schema}}}],
                "toolChoice": {"tool": {"name": TOOL_NAME}}
            });
        }
        body
    }

    fn parse(&self, v: &Value) -> Result<ModelOutput, String> {
        let content = v
            .pointer("/output/message/content")
            .and_then(Value::as_array)
            .ok_or("the response has no \"output.message.content\" array")?;
        let usage = usage_of(v.get("usage"));
        let truncated = v.get("stopReason").and_then(Value::as_str) == Some("max_tokens");
        Ok(read_blocks(content, usage, truncated))
    }

    fn stream_reader(&self) -> Option<Box<dyn StreamReader>> {
        Some(Box::new(NovaStream::default()))
    }
}

/// A Nova or Converse `usage` object, with its prompt-cache counts: Nova's
/// `cacheReadInputTokenCount` / `cacheWriteInputTokenCount` (opentelemetry-python-contrib Nova
/// cassettes, models-and-quotas §11.4), Converse's `cacheReadInputTokens` /
/// `cacheWriteInputTokens` (botocore service model), whichever is there.
pub fn usage_of(u: Option<&Value>) -> Option<TokenUsage> {
    TokenUsage::from_keys(u, "inputTokens", "outputTokens").map(|t| {
        t.with_cache(u, "cacheReadInputTokens", "cacheWriteInputTokens")
            .with_cache(u, "cacheReadInputTokenCount", "cacheWriteInputTokenCount")
    })
}

/// Reads Nova / Converse message content blocks: the first `toolUse` input is the answer;
/// `text` blocks are joined; `reasoningContent` is not part of the answer.
pub fn read_blocks(content: &[Value], usage: Option<TokenUsage>, truncated: bool) -> ModelOutput {
    let mut tool_input = None;
    let mut text = String::new();
    for block in content {
        if let Some(input) = block.pointer("/toolUse/input") {
            if tool_input.is_none() {
                // Some clients see the input as a JSON string; accept both.
                tool_input = Some(match input {
                    Value::String(s) => serde_json::from_str(s).unwrap_or(Value::Null),
                    other => other.clone(),
                })
                .filter(|v| !v.is_null());
            }
        } else if let Some(t) = block.get("text").and_then(Value::as_str) {
            text.push_str(t);
        }
    }
    ModelOutput::from_blocks(tool_input, &text, usage, truncated)
}

// ------------------------------------------------------------------------------------ stream

/// Nova's (and ConverseStream's) stream events, put back together into the [`ModelOutput`]
/// the whole response gives.
///
/// One event per chunk, named by its only key: `messageStart` (`role`), `contentBlockStart`
/// (`start.toolUse` with `toolUseId`, `name`), `contentBlockDelta` (`delta.text`, or
/// `delta.toolUse.input`: a piece of the tool input's JSON text; `delta.reasoningContent`),
/// `contentBlockStop`, `messageStop` (`stopReason`), then `metadata` (`usage`: `inputTokens`,
/// `outputTokens`) with, on InvokeModel streams, Bedrock's `amazon-bedrock-invocationMetrics`.
///
/// Real Nova streams with a text answer give every text delta its own, increasing
/// `contentBlockIndex` (opentelemetry-python-contrib's botocore cassette
/// `test_invoke_model_with_response_stream_with_content[amazon.nova…]`), so text is kept as one
/// string in arrival order, never joined per block. Blocks are told by `contentBlockIndex` (0
/// when absent) and by their first delta when no `contentBlockStart` came; a tool input sent
/// as an object is the whole input; the stream is complete with `messageStop` or Bedrock's
/// metrics, whichever comes.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct NovaStream {
    /// Tool-call blocks by `contentBlockIndex`: their input's JSON text so far.
    tools: Vec<(u64, String)>,
    /// Indexes of blocks that are not tool calls (text, reasoning).
    others: Vec<u64>,
    /// All text deltas in arrival order.
    text: String,
    stop_reason: Option<String>,
    usage: Option<TokenUsage>,
    metrics: Option<TokenUsage>,
    stopped: bool,
}

impl NovaStream {
    pub fn new() -> Self {
        Self::default()
    }

    fn tool_mut(&mut self, index: u64) -> Option<&mut String> {
        self.tools
            .iter_mut()
            .find(|(i, _)| *i == index)
            .map(|(_, s)| s)
    }

    fn known(&self, index: u64) -> bool {
        self.others.contains(&index) || self.tools.iter().any(|(i, _)| *i == index)
    }
}

impl StreamReader for NovaStream {
    fn on_event(&mut self, event: &[u8]) -> Result<(), StreamProblem> {
        let v = super::parse_event(event, "Nova")?;
        let index = |e: &Value| {
            e.get("contentBlockIndex")
                .and_then(Value::as_u64)
                .unwrap_or(0)
        };
        if let Some(start) = v.get("contentBlockStart") {
            let i = index(start);
            let is_tool = start.pointer("/start/toolUse").is_some();
            // A repeated index replaces the block.
            self.tools.retain(|(j, _)| *j != i);
            self.others.retain(|j| *j != i);
            if is_tool {
                self.tools.push((i, String::new()));
            } else {
                self.others.push(i);
            }
        }
        if let Some(d) = v.get("contentBlockDelta") {
            let i = index(d);
            let delta = d.get("delta");
            let text = delta.and_then(|x| x.get("text")).and_then(Value::as_str);
            let input = delta.and_then(|x| x.pointer("/toolUse/input"));
            if !self.known(i) {
                // No contentBlockStart: the first delta tells the block's kind.
                if input.is_some() && text.is_none() {
                    self.tools.push((i, String::new()));
                } else {
                    self.others.push(i);
                }
            }
            match (self.tool_mut(i), text, input) {
                (Some(json), _, Some(Value::String(piece))) => json.push_str(piece),
                (Some(json), _, Some(whole @ Value::Object(_))) if json.is_empty() => {
                    *json = whole.to_string()
                }
                (None, Some(piece), _) => self.text.push_str(piece),
                _ => {}
            }
        }
        if let Some(stop) = v.get("messageStop") {
            self.stopped = true;
            if let Some(r) = stop.get("stopReason").and_then(Value::as_str) {
                self.stop_reason = Some(r.to_owned());
            }
        }
        if let Some(m) = v.get("metadata") {
            self.usage = usage_of(m.get("usage")).or(self.usage);
        }
        self.metrics = super::invocation_metrics(&v).or(self.metrics);
        Ok(())
    }

    /// True once `messageStop` or Bedrock's metrics have arrived: the answer is whole.
    fn is_complete(&self) -> bool {
        self.stopped || self.metrics.is_some()
    }

    /// The answer's JSON text so far: the input of the first tool call (by index), which
    /// [`StreamReader::finish`] takes as the answer; without one, the JSON part of the text.
    fn partial_answer(&self) -> Option<&str> {
        let first_tool = self.tools.iter().min_by_key(|(i, _)| *i);
        match first_tool {
            Some((_, json)) => Some(json.as_str()),
            None => json_part(&self.text),
        }
    }

    fn finish(&self) -> ModelOutput {
        let mut text = self.text.clone();
        let tool_input = self
            .tools
            .iter()
            .min_by_key(|(i, _)| *i)
            .and_then(|(_, json)| {
                // No input pieces: the input is empty, `{}` as a whole response shows it.
                if json.trim().is_empty() {
                    return Some(Value::Object(Default::default()));
                }
                let parsed = serde_json::from_str::<Value>(json).ok();
                if parsed.is_none() {
                    // Cut off (max_tokens) or malformed: keep what was written.
                    if !text.is_empty() {
                        text.push('\n');
                    }
                    text.push_str(json);
                }
                parsed
            });
        // Bedrock's metrics are whole; the metadata event's usage fills what they lack.
        let usage = match (self.metrics, self.usage) {
            (Some(m), Some(u)) => Some(m.or(u)),
            (m, u) => m.or(u),
        };
        ModelOutput::from_blocks(
            tool_input,
            &text,
            usage,
            self.stop_reason.as_deref() == Some("max_tokens"),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::formats::Reasoning;
    use crate::prompt::Prompt;

    fn prompt() -> Prompt {
        Prompt {
            system: "sys".into(),
            user: "user".into(),
            shared: 0,
        }
    }

    #[test]
    fn nova_1_and_2_spell_inference_config_as_documented() {
        let p = prompt();
        let schema = json!({"type": "object"});
        let input = BodyInput {
            prompt: &p,
            answer: AnswerMode::ForcedTool,
            schema: &schema,
            max_tokens: 500,
            temperature: Some(0.2),
            top_p: Some(0.9),
            reasoning: Reasoning::default(),
            native: crate::formats::Format::Nova,
            cache_point: false,
        };
        let b1 = Nova { v2: false }.build(&input);
        assert_eq!(
            b1["inferenceConfig"],
            json!({"max_new_tokens": 500, "temperature": 0.2, "top_p": 0.9})
        );
        let b2 = Nova { v2: true }.build(&input);
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
        let text = Nova { v2: false }.build(&BodyInput {
            answer: AnswerMode::JsonText,
            ..input
        });
        assert!(text.get("toolConfig").is_none());
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
        let out = Nova { v2: false }.parse(&v).unwrap();
        assert_eq!(out.answer.unwrap()["results"][0]["label"], "spam");
        assert_eq!(out.usage, Some(TokenUsage::new(120, 20)));
    }

    #[test]
    fn text_answers_and_truncation() {
        let v = json!({"output": {"message": {"content": [{"text": "{\"results\":[{\"id\":\"1\",\"label\":\"ham\"}]}"}]}}, "stopReason": "max_tokens"});
        let out = Nova { v2: false }.parse(&v).unwrap();
        assert_eq!(out.answer.unwrap()["results"][0]["label"], "ham");
        assert!(out.truncated);
        assert!(Nova { v2: false }.parse(&json!({"results": []})).is_err());
    }

    #[test]
    fn partial_body_usage_keeps_what_it_has() {
        let v = json!({"output": {"message": {"content": [{"text": "{}"}]}}, "usage": {"inputTokens": 40}});
        let out = Nova { v2: true }.parse(&v).unwrap();
        assert_eq!(
            out.usage,
            Some(TokenUsage {
                input_tokens: Some(40),
                output_tokens: None,
                ..TokenUsage::default()
            })
        );
    }

    #[test]
    fn a_text_answer_split_over_per_delta_block_indexes_reads_whole() {
        let mut s = NovaStream::new();
        let events = [
            json!({"messageStart": {"role": "assistant"}}),
            json!({"contentBlockDelta": {"delta": {"text": "{\"res"}, "contentBlockIndex": 0}}),
            json!({"contentBlockStop": {"contentBlockIndex": 0}}),
            json!({"contentBlockDelta": {"delta": {"text": "ults\":[{\"id\":\"1\","}, "contentBlockIndex": 1}}),
            json!({"contentBlockStop": {"contentBlockIndex": 1}}),
            json!({"contentBlockDelta": {"delta": {"text": "\"label\":\"a\"}]}"}, "contentBlockIndex": 2}}),
            json!({"contentBlockStop": {"contentBlockIndex": 2}}),
            json!({"messageStop": {"stopReason": "end_turn"}}),
            json!({"metadata": {"usage": {"inputTokens": 9, "outputTokens": 4}}}),
        ];
        for e in &events {
            s.on_event(e.to_string().as_bytes()).unwrap();
        }
        assert!(s.is_complete());
        let out = s.finish();
        assert_eq!(out.answer.unwrap()["results"][0]["label"], "a");
        assert_eq!(out.raw, "{\"results\":[{\"id\":\"1\",\"label\":\"a\"}]}");
        assert_eq!(out.usage, Some(TokenUsage::new(9, 4)));
    }

    #[test]
    fn cache_usage_is_read_from_nova_bodies_and_stream_metrics() {
        let v = json!({"output": {"message": {"content": [{"text": "{}"}]}},
            "usage": {"inputTokens": 40, "outputTokens": 4, "cacheReadInputTokenCount": 1200, "cacheWriteInputTokenCount": 0}});
        let u = Nova { v2: false }.parse(&v).unwrap().usage.unwrap();
        assert_eq!((u.cache_read(), u.cache_write()), (1200, 0));
        let mut s = NovaStream::default();
        s.on_event(br#"{"metadata": {"usage": {"inputTokens": 9, "outputTokens": 4}}, "amazon-bedrock-invocationMetrics": {"inputTokenCount": 9, "outputTokenCount": 4, "cacheReadInputTokenCount": 0, "cacheWriteInputTokenCount": 1100}}"#).unwrap();
        let u = s.finish().usage.unwrap();
        assert_eq!((u.input(), u.cache_read(), u.cache_write()), (9, 0, 1100));
    }
}
