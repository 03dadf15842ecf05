//! Model families: each builds its native InvokeModel body and reads its native response.
//!
//! Families with documented tool use on InvokeModel (Claude, Nova, Mistral chat) are forced to
//! answer through a tool whose schema enumerates the labels; the others are asked for a JSON
//! object in their reply, which is found, parsed and checked the same way.

pub mod ai21;
pub mod anthropic;
pub mod cohere;
pub mod deepseek;
pub mod llama;
pub mod mistral;
pub mod nova;
pub mod openai;
pub mod titan;

use crate::http::HttpResponse;
use crate::model_id::Family;
use crate::prompt::{AnswerVia, Prompt};
use serde_json::{json, Map, Value};

/// Characters a tool definition adds to a request besides its schema (name, description,
/// wrapper keys), for estimates.
pub const TOOL_OVERHEAD_CHARS: usize = 120;

/// Sampling settings; `None` leaves the model's default.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Sampling {
    pub temperature: Option<f64>,
    pub top_p: Option<f64>,
    pub max_tokens: u32,
}

impl Sampling {
    /// Writes the sampling fields into `body` under a family's own names: the token limit as
    /// `max_key` (at most `max_cap`), `temperature`, and top-p as `top_p_key`. Absent values are
    /// left out, so the model's defaults apply.
    pub fn write_into(
        &self,
        body: &mut Map<String, Value>,
        max_key: &str,
        max_cap: u32,
        top_p_key: &str,
    ) {
        body.insert(max_key.into(), json!(self.max_tokens.min(max_cap)));
        if let Some(t) = self.temperature {
            body.insert("temperature".into(), json!(t));
        }
        if let Some(p) = self.top_p {
            body.insert(top_p_key.into(), json!(p));
        }
    }
}

/// Token counts of one call.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct TokenUsage {
    pub input_tokens: u64,
    pub output_tokens: u64,
}

impl TokenUsage {
    /// From the `X-Amzn-Bedrock-{Input,Output}-Token-Count` headers, when the body has none.
    pub fn from_headers(resp: &HttpResponse) -> Option<Self> {
        let n = |h: &str| resp.header(h).and_then(|v| v.trim().parse::<u64>().ok());
        match (
            n("x-amzn-bedrock-input-token-count"),
            n("x-amzn-bedrock-output-token-count"),
        ) {
            (None, None) => None,
            (i, o) => Some(Self {
                input_tokens: i.unwrap_or(0),
                output_tokens: o.unwrap_or(0),
            }),
        }
    }

    /// From a JSON object with the given key names, when at least one is a number.
    pub fn from_keys(v: Option<&Value>, input: &str, output: &str) -> Option<Self> {
        let v = v?;
        let n = |k: &str| v.get(k).and_then(Value::as_u64);
        match (n(input), n(output)) {
            (None, None) => None,
            (i, o) => Some(Self {
                input_tokens: i.unwrap_or(0),
                output_tokens: o.unwrap_or(0),
            }),
        }
    }
}

/// What a model said, before it is checked against the items and labels.
#[derive(Debug, Clone, PartialEq)]
pub struct ModelOutput {
    /// The structured answer (tool input, or JSON found in the text), if there was one.
    pub answer: Option<Value>,
    /// The model's raw output as text, kept for items that fail.
    pub raw: String,
    pub usage: Option<TokenUsage>,
    /// The model stopped at its token limit: the answer may be cut short.
    pub truncated: bool,
}

impl ModelOutput {
    /// Output of a message made of blocks (tool calls and text): `answer` is the tool call's
    /// input if there was one, else the JSON found in the text; `raw` joins every block.
    pub fn from_blocks(
        answer: Option<Value>,
        texts: &[String],
        usage: Option<TokenUsage>,
        truncated: bool,
    ) -> Self {
        let raw = texts.join("\n");
        let answer = answer.or_else(|| json_in_text(&raw));
        Self {
            answer,
            raw,
            usage,
            truncated,
        }
    }

    /// Output whose answer is JSON somewhere in `text` (after dropping any reasoning).
    pub fn from_text(text: String, usage: Option<TokenUsage>, truncated: bool) -> Self {
        let answer = json_in_text(strip_reasoning(&text));
        Self {
            answer,
            raw: text,
            usage,
            truncated,
        }
    }
}

/// How `family` is asked for its answer.
pub fn answer_via(family: Family) -> AnswerVia {
    match family {
        Family::Anthropic | Family::Nova | Family::MistralChat => AnswerVia::Tool,
        _ => AnswerVia::JsonText,
    }
}

/// The InvokeModel body for `family`. `schema` is the answer tool's input schema for families
/// answering through a tool; `None` asks for JSON text instead (the prompt says so).
pub fn build_body(
    family: Family,
    model_id: &str,
    prompt: &Prompt,
    schema: Option<&Value>,
    s: Sampling,
) -> Vec<u8> {
    let body = match family {
        Family::Anthropic => anthropic::build_body(prompt, schema, s),
        Family::Nova => nova::build_body(prompt, schema, s, crate::model_id::is_nova_2(model_id)),
        Family::Llama => llama::build_body(prompt, s),
        Family::MistralText => mistral::build_text_body(prompt, s),
        Family::MistralChat => mistral::build_chat_body(prompt, schema, s),
        Family::Titan => titan::build_body(prompt, s),
        Family::Cohere => cohere::build_body(prompt, s),
        Family::Jamba => ai21::build_body(prompt, s),
        Family::DeepSeek => {
            deepseek::build_body(prompt, s, crate::model_id::is_deepseek_r1(model_id))
        }
        Family::OpenAi => openai::build_body(prompt, s),
    };
    serde_json::to_vec(&body).expect("JSON values serialise")
}

/// Reads an InvokeModel response body of `family`.
pub fn parse_response(family: Family, body: &[u8]) -> Result<ModelOutput, String> {
    let v: Value =
        serde_json::from_slice(body).map_err(|e| format!("the response is not JSON ({e})"))?;
    match family {
        Family::Anthropic => anthropic::parse_response(&v),
        Family::Nova => nova::parse_response(&v),
        Family::Llama => llama::parse_response(&v),
        Family::MistralText | Family::MistralChat => mistral::parse_response(&v),
        Family::Titan => titan::parse_response(&v),
        Family::Cohere => cohere::parse_response(&v),
        Family::Jamba | Family::OpenAi => openai::parse_chat_completion(&v),
        Family::DeepSeek => deepseek::parse_response(&v),
    }
}

/// Drops a reasoning preamble: DeepSeek R1 thinks before `</think>`, gpt-oss wraps its
/// reasoning in `<reasoning>…</reasoning>`. The answer is what follows.
pub fn strip_reasoning(text: &str) -> &str {
    let mut rest = text;
    for close in ["</think>", "</reasoning>"] {
        if let Some(i) = rest.rfind(close) {
            rest = &rest[i + close.len()..];
        }
    }
    rest
}

/// Finds the first JSON object in free text that parses (models sometimes wrap it in prose or a
/// code fence); prefers one with a `results` key.
pub fn json_in_text(text: &str) -> Option<Value> {
    let mut first = None;
    let mut search = text;
    while let Some(start) = search.find('{') {
        let candidate = &search[start..];
        let mut de = serde_json::Deserializer::from_str(candidate).into_iter::<Value>();
        if let Some(Ok(v @ Value::Object(_))) = de.next() {
            if v.get("results").is_some() {
                return Some(v);
            }
            let consumed = de.byte_offset();
            first.get_or_insert(v);
            search = &candidate[consumed.max(1)..];
            continue;
        }
        search = &candidate[1..];
    }
    first
}

/// The first string at `path` (object keys / array indexes) in `v`.
pub fn str_at<'a>(v: &'a Value, path: &[&str]) -> Option<&'a str> {
    let mut cur = v;
    for key in path {
        cur = match key.parse::<usize>() {
            Ok(i) => cur.get(i)?,
            Err(_) => cur.get(key)?,
        };
    }
    cur.as_str()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_json_in_prose_and_fences() {
        let v = json_in_text("Sure! ```json\n{\"results\":[{\"id\":\"1\",\"label\":\"a\"}]}\n```")
            .unwrap();
        assert_eq!(v["results"][0]["label"], "a");
        assert_eq!(json_in_text("{not json} then {\"a\":1}").unwrap()["a"], 1);
        assert!(json_in_text("no json here").is_none());
        // A results object is preferred over an earlier unrelated object.
        let v = json_in_text("{\"note\":1} and {\"results\":[]}").unwrap();
        assert!(v.get("results").is_some());
    }

    #[test]
    fn reasoning_is_dropped() {
        assert_eq!(
            strip_reasoning("hmm {\"results\":[]} no</think>\n{\"results\":[1]}"),
            "\n{\"results\":[1]}"
        );
        assert_eq!(
            strip_reasoning("<reasoning>x {}</reasoning>{\"a\":1}"),
            "{\"a\":1}"
        );
        assert_eq!(strip_reasoning("plain"), "plain");
    }
}
