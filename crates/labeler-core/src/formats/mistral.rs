//! Mistral AI on InvokeModel. Text-completion models (7B, Mixtral, the 24.02 models) take an
//! `[INST]` prompt and answer `outputs[].text`; chat-completion models (Large 24.07, Pixtral
//! Large) take messages with tools, and the answer tool is forced with `tool_choice: "any"`.
//! Both streams are read by one reader, which tells them apart by their chunks.
//!
//! Bedrock's Mistral docs name the stop field `stop_reason` where OpenAI says `finish_reason`;
//! both are accepted.

use super::{
    json_in_text, json_part, str_at, AnswerMode, BodyFormat, BodyInput, ModelOutput, StreamReader,
    TokenUsage,
};
use crate::prompt::{TOOL_DESCRIPTION, TOOL_NAME};
use crate::stream::StreamProblem;
use serde_json::{json, Map, Value};

pub struct MistralText;
pub struct MistralChat;

impl BodyFormat for MistralText {
    fn name(&self) -> &'static str {
        "Mistral [INST] prompt"
    }

    fn build(&self, input: &BodyInput) -> Value {
        let mut body = Map::new();
        // Mistral's instruct format has no system turn: the system text leads the instruction.
        body.insert(
            "prompt".into(),
            json!(format!(
                "<s>[INST] {}\n\n{} [/INST]",
                input.prompt.system, input.prompt.user
            )),
        );
        super::write_sampling(&mut body, input, "max_tokens", "top_p");
        Value::Object(body)
    }

    fn parse(&self, v: &Value) -> Result<ModelOutput, String> {
        parse_response(v)
    }

    fn stream_reader(&self) -> Option<Box<dyn StreamReader>> {
        Some(Box::new(MistralStream::default()))
    }
}

impl BodyFormat for MistralChat {
    fn name(&self) -> &'static str {
        "Mistral chat completion"
    }

    fn carries(&self, mode: AnswerMode) -> bool {
        matches!(mode, AnswerMode::ForcedTool | AnswerMode::JsonText)
    }

    fn build(&self, input: &BodyInput) -> Value {
        let mut body = Map::new();
        body.insert(
            "messages".into(),
            json!([{"role": "system", "content": input.prompt.system}, {"role": "user", "content": input.prompt.user}]),
        );
        if input.answer == AnswerMode::ForcedTool {
            body.insert(
                "tools".into(),
                json!([{"type": "function", "function": {"name": TOOL_NAME, "description": TOOL_DESCRIPTION, "parameters": input.schema}}]),
            );
            body.insert("tool_choice".into(), json!("any"));
        }
        super::write_sampling(&mut body, input, "max_tokens", "top_p");
        Value::Object(body)
    }

    fn parse(&self, v: &Value) -> Result<ModelOutput, String> {
        parse_response(v)
    }

    fn stream_reader(&self) -> Option<Box<dyn StreamReader>> {
        Some(Box::new(MistralStream::default()))
    }
}

/// Either model's response: `outputs[].text` (text models) or `choices[0]` (chat models).
fn parse_response(v: &Value) -> Result<ModelOutput, String> {
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

// ------------------------------------------------------------------------------------ stream

#[derive(Debug, Default, Clone, PartialEq)]
struct ToolCall {
    index: Option<u64>,
    id: Option<String>,
    name: Option<String>,
    arguments: String,
}

/// Mistral's streaming chunks, put back together into the [`ModelOutput`] that
/// [`MistralChat::parse`] / [`MistralText::parse`] gives for the same answer sent whole.
///
/// - Text-completion models (reference §3.5): each chunk is `{"outputs": [{"text", "stop_reason"}]}`
///   with the next piece of text; `stop_reason` is null until the last chunk (`stop`, `length`).
/// - Chat-completion models: the chunk shape is UNCONFIRMED. Read defensively: each
///   `choices[0]` carries its piece as `delta` (OpenAI's spelling) or `message` (the
///   non-streamed spelling, which third-party Bedrock clients read per chunk); `content` pieces
///   are appended; `tool_calls` pieces are matched to a call by `index`, else `id`, else a new
///   `function.name` starts a call, and their `function.arguments` strings are appended (a
///   call sent whole in one chunk is the same case; an object is the whole arguments);
///   `stop_reason` or `finish_reason`; `usage` `prompt_tokens` / `completion_tokens`.
///
/// Bedrock adds `amazon-bedrock-invocationMetrics` to the last chunk of both. The whole
/// text-model response has no token counts in its body (InvokeModel gives them in headers);
/// the streamed one has them from the metrics.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct MistralStream {
    /// A chat model's stream (`choices`), not a text model's (`outputs`).
    chat: bool,
    text: String,
    calls: Vec<ToolCall>,
    stop_reason: Option<String>,
    usage: Option<TokenUsage>,
    metrics: Option<TokenUsage>,
}

impl MistralStream {
    pub fn new() -> Self {
        Self::default()
    }

    fn on_event_impl(&mut self, event: &[u8]) -> Result<(), StreamProblem> {
        let v = super::parse_event(event, "Mistral")?;
        if let Some(outputs) = v.get("outputs").and_then(Value::as_array) {
            for output in outputs {
                if let Some(piece) = output.get("text").and_then(Value::as_str) {
                    self.text.push_str(piece);
                }
                self.note_stop(str_at(output, &["stop_reason"]));
            }
        } else if let Some(choice) = v.get("choices").and_then(|c| c.get(0)) {
            self.chat = true;
            let part = choice.get("delta").or_else(|| choice.get("message"));
            if let Some(piece) = part.and_then(|p| p.get("content")).and_then(Value::as_str) {
                self.text.push_str(piece);
            }
            if let Some(calls) = part
                .and_then(|p| p.get("tool_calls"))
                .and_then(Value::as_array)
            {
                calls.iter().for_each(|call| self.add_call_piece(call));
            }
            self.note_stop(
                str_at(choice, &["stop_reason"]).or_else(|| str_at(choice, &["finish_reason"])),
            );
            self.usage =
                TokenUsage::from_keys(v.get("usage"), "prompt_tokens", "completion_tokens")
                    .or(self.usage);
        }
        self.metrics = super::invocation_metrics(&v).or(self.metrics);
        Ok(())
    }

    fn note_stop(&mut self, reason: Option<&str>) {
        if let Some(reason) = reason {
            self.stop_reason = Some(reason.to_owned());
        }
    }

    fn add_call_piece(&mut self, piece: &Value) {
        let index = piece.get("index").and_then(Value::as_u64);
        let id = piece.get("id").and_then(Value::as_str);
        let name = str_at(piece, &["function", "name"]);
        let existing = match (index, id) {
            (Some(i), _) => self.calls.iter().position(|c| c.index == Some(i)),
            (None, Some(id)) => self.calls.iter().position(|c| c.id.as_deref() == Some(id)),
            // Neither: a piece without a name continues the last call.
            (None, None) if name.is_none() => self.calls.len().checked_sub(1),
            (None, None) => None,
        };
        let at = existing.unwrap_or_else(|| {
            self.calls.push(ToolCall {
                index,
                ..Default::default()
            });
            self.calls.len() - 1
        });
        let call = &mut self.calls[at];
        if let Some(id) = id {
            call.id = Some(id.to_owned());
        }
        if let Some(name) = name {
            call.name = Some(name.to_owned());
        }
        match piece.pointer("/function/arguments") {
            Some(Value::String(s)) => call.arguments.push_str(s),
            // Arguments as an object are whole (as `parse_response` accepts them).
            Some(whole @ Value::Object(_)) if call.arguments.is_empty() => {
                call.arguments = whole.to_string()
            }
            _ => {}
        }
    }
}

impl StreamReader for MistralStream {
    fn on_event(&mut self, event: &[u8]) -> Result<(), StreamProblem> {
        self.on_event_impl(event)
    }

    /// True once the last chunk (a stop reason, or Bedrock's metrics) has arrived.
    fn is_complete(&self) -> bool {
        self.stop_reason.is_some() || self.metrics.is_some()
    }

    /// A text model's answer: the JSON part of the text so far. A chat model's: the arguments
    /// so far of the answer tool's call (a text-only chat answer is read whole at the end).
    fn partial_answer(&self) -> Option<&str> {
        if self.chat {
            self.calls
                .iter()
                .find(|c| c.name.as_deref() == Some(TOOL_NAME))
                .map(|c| c.arguments.as_str())
        } else {
            json_part(&self.text)
        }
    }

    fn finish(&self) -> ModelOutput {
        let truncated = self.stop_reason.as_deref() == Some("length");
        let usage = self.metrics.or(self.usage);
        let call = self
            .calls
            .iter()
            .find(|c| c.name.as_deref() == Some(TOOL_NAME))
            .or(self.calls.first());
        match call {
            Some(call) if self.chat => ModelOutput {
                answer: serde_json::from_str(&call.arguments)
                    .ok()
                    .or_else(|| json_in_text(&call.arguments)),
                raw: call.arguments.clone(),
                usage,
                truncated,
            },
            _ => ModelOutput::from_text(self.text.clone(), usage, truncated),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::formats::Reasoning;
    use crate::prompt::Prompt;

    fn prompt() -> Prompt {
        Prompt {
            system: "S".into(),
            user: "U".into(),
            shared: 0,
        }
    }

    fn input<'a>(p: &'a Prompt, schema: &'a Value, answer: AnswerMode) -> BodyInput<'a> {
        BodyInput {
            prompt: p,
            answer,
            schema,
            max_tokens: 100,
            temperature: None,
            top_p: Some(0.5),
            reasoning: Reasoning::default(),
            native: crate::formats::Format::MistralChat,
            cache_point: false,
        }
    }

    #[test]
    fn text_body() {
        let (p, s) = (prompt(), json!({}));
        let b = MistralText.build(&input(&p, &s, AnswerMode::JsonText));
        assert_eq!(
            b,
            json!({"prompt": "<s>[INST] S\n\nU [/INST]", "max_tokens": 100, "top_p": 0.5})
        );
    }

    #[test]
    fn chat_body_forces_a_tool() {
        let (p, s) = (prompt(), json!({"type": "object"}));
        let b = MistralChat.build(&input(&p, &s, AnswerMode::ForcedTool));
        assert_eq!(b["tool_choice"], "any");
        assert_eq!(b["tools"][0]["function"]["name"], "record_labels");
        assert_eq!(b["messages"][0], json!({"role": "system", "content": "S"}));
        let b = MistralChat.build(&input(&p, &s, AnswerMode::JsonText));
        assert!(b.get("tools").is_none() && b.get("tool_choice").is_none());
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
        assert_eq!(out.usage, Some(TokenUsage::new(9, 3)));
        let v = json!({"choices": [{"message": {"content": "{\"results\":[]}"}, "finish_reason": "length"}]});
        let out = parse_response(&v).unwrap();
        assert!(out.truncated);
        assert!(out.answer.is_some());
    }
}
