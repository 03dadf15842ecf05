//! Model families: each builds its native request body and reads its native response.

pub mod anthropic;

use crate::http::HttpResponse;
use serde_json::Value;

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

/// Finds the first JSON object in free text (models sometimes wrap it in prose or a code fence).
pub fn json_in_text(text: &str) -> Option<Value> {
    let mut search = text;
    while let Some(start) = search.find('{') {
        let candidate = &search[start..];
        let mut de = serde_json::Deserializer::from_str(candidate).into_iter::<Value>();
        if let Some(Ok(v @ Value::Object(_))) = de.next() {
            return Some(v);
        }
        search = &candidate[1..];
    }
    None
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
    }
}
