//! Streaming responses (`InvokeModelWithResponseStream`, `ConverseStream`), read as they arrive.
//!
//! Three layers, each usable alone:
//! - [`frame`]: `application/vnd.amazon.eventstream` frames out of arbitrary byte pieces;
//! - [`bedrock`]: what a frame means to Bedrock (a model event, an exception, an error);
//! - a body format's [`StreamReader`] (in [`crate::formats`]) puts the model's events back
//!   together into the same [`ModelOutput`] as its non-streamed response.
//!
//! [`partial_answer`] reads finished result entries out of an answer still being written, and
//! [`response::StreamedResponse`] ties it all together for one call.
//!
//! [`StreamReader`]: crate::formats::StreamReader
//! [`ModelOutput`]: crate::formats::ModelOutput

pub mod bedrock;
pub mod crc32;
pub mod frame;
pub mod partial_answer;
pub mod response;

pub use response::StreamedResponse;

/// Why a stream stopped early, before it is worded for the user.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StreamProblem {
    /// Bedrock or the model reported an error inside the stream.
    Fault(bedrock::StreamFault),
    /// The bytes cannot be read as Bedrock's stream (a detail for the message).
    Unreadable(String),
}
