//! Streaming responses (`InvokeModelWithResponseStream`), read as they arrive.
//!
//! Three layers, each usable alone:
//! - [`frame`]: `application/vnd.amazon.eventstream` frames out of arbitrary byte pieces;
//! - [`bedrock`]: what a frame means to Bedrock (`chunk`, exception, error);
//! - a model family's chunk events put back together into the same [`ModelOutput`] as its
//!   non-streamed response ([`claude`], [`nova`], [`llama`], [`mistral`], [`titan`]).
//!
//! [`partial_answer`] reads finished result entries out of an answer still being written, and
//! [`response::StreamedResponse`] ties it all together for one call.
//!
//! [`ModelOutput`]: crate::families::ModelOutput

pub mod bedrock;
pub mod claude;
pub mod crc32;
pub mod frame;
pub mod llama;
pub mod mistral;
pub mod nova;
pub mod partial_answer;
pub mod response;
pub mod titan;

pub use response::{ModelStream, StreamedResponse};

/// Why a stream stopped early, before it is worded for the user.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StreamProblem {
    /// Bedrock or the model reported an error inside the stream.
    Fault(bedrock::StreamFault),
    /// The bytes cannot be read as Bedrock's stream (a detail for the message).
    Unreadable(String),
}

/// One chunk's JSON event; `model` names the family in the message when it is not JSON.
fn parse_event(event: &[u8], model: &str) -> Result<serde_json::Value, StreamProblem> {
    serde_json::from_slice(event)
        .map_err(|e| StreamProblem::Unreadable(format!("a chunk from {model} is not JSON ({e})")))
}

/// Bedrock's token counts, on the last chunk of every family's stream
/// (`amazon-bedrock-invocationMetrics`: `inputTokenCount`, `outputTokenCount`).
fn invocation_metrics(event: &serde_json::Value) -> Option<crate::families::TokenUsage> {
    crate::families::TokenUsage::from_keys(
        event.get("amazon-bedrock-invocationMetrics"),
        "inputTokenCount",
        "outputTokenCount",
    )
}

/// The JSON part of an answer written as text so far: from its first `{` on, so that prose
/// before it (`Here are the labels: [...]`) is never scanned. The final parse takes the first
/// JSON object of the text too (`json_in_text`), never a bare array. `None` before any `{`.
fn json_part(text: &str) -> Option<&str> {
    text.find('{').map(|at| &text[at..])
}
