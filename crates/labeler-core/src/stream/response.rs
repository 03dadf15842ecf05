//! One streamed response, from the first byte to the end of the body.
//!
//! Bytes go in as they arrive; result entries come out as soon as they are complete; at the
//! end, the whole [`ModelOutput`] — or why there is none. The caller (the job) decides what the
//! entries and the outcome mean for its items.

use super::bedrock::{classify, BedrockEvent, Framing};
use super::frame::FrameDecoder;
use super::partial_answer::PartialAnswerScanner;
use super::StreamProblem;
use crate::aws_error::ErrorContext;
use crate::error::{ErrorCode, LabelerError};
use crate::formats::{ModelOutput, StreamReader};
use serde_json::Value;

#[derive(Debug)]
pub struct StreamedResponse {
    frames: FrameDecoder,
    /// How the model's events are wrapped in Bedrock's messages (InvokeModel or Converse).
    framing: Framing,
    model: Box<dyn StreamReader>,
    scanner: PartialAnswerScanner,
    request_id: Option<String>,
    failure: Option<LabelerError>,
}

impl StreamedResponse {
    /// `model`: the body format's reader; `request_id`: the `x-amzn-RequestId` of the HTTP
    /// response carrying the stream.
    pub fn new(model: Box<dyn StreamReader>, framing: Framing, request_id: Option<String>) -> Self {
        Self {
            frames: FrameDecoder::new(),
            framing,
            model,
            scanner: PartialAnswerScanner::default(),
            request_id,
            failure: None,
        }
    }

    /// Reads the next piece of the body. Returns the result entries (`{"id": …, …}` objects)
    /// that became complete with it, in order, each once.
    pub fn push(&mut self, bytes: &[u8], ctx: &ErrorContext) -> Vec<Value> {
        if self.failure.is_some() {
            return Vec::new();
        }
        self.frames.push(bytes);
        loop {
            let message = match self.frames.next_message() {
                Ok(Some(m)) => m,
                Ok(None) => break,
                Err(e) => {
                    let err =
                        broken_stream(&e.to_string()).with_request_id(self.request_id.clone());
                    self.fail_with(err);
                    break;
                }
            };
            let outcome = match classify(&message, self.framing) {
                Ok(BedrockEvent::Chunk(event)) => self.model.on_event(&event),
                Ok(BedrockEvent::Ignored) => Ok(()),
                Ok(BedrockEvent::Error(fault)) => Err(StreamProblem::Fault(fault)),
                Err(detail) => Err(StreamProblem::Unreadable(detail)),
            };
            if let Err(problem) = outcome {
                let err = self.describe(problem, ctx);
                self.fail_with(err);
                break;
            }
        }
        match self.model.partial_answer() {
            Some(text) => self.scanner.scan(text),
            None => Vec::new(),
        }
    }

    /// False once the stream has failed: reading the rest of the body is pointless.
    pub fn wants_more(&self) -> bool {
        self.failure.is_none()
    }

    /// The body ended. The model's output, or why the answer is incomplete.
    pub fn finish(&self) -> Result<ModelOutput, LabelerError> {
        if let Some(e) = &self.failure {
            return Err(e.clone());
        }
        if let Err(e) = self.frames.finish() {
            return Err(broken_stream(&e.to_string()).with_request_id(self.request_id.clone()));
        }
        if !self.model.is_complete() {
            return Err(LabelerError::new(
                ErrorCode::StreamError,
                "The response stream ended before the model finished its answer (its last event \
                 never arrived). Try again.",
            ));
        }
        Ok(self.model.finish())
    }

    /// The body could not be read to its end (the connection broke).
    pub fn fail_transport(&mut self, message: &str) {
        if self.failure.is_none() {
            self.fail_with(LabelerError::new(
                ErrorCode::NetworkError,
                format!(
                    "The connection broke while the answer was streaming ({message}). Try again."
                ),
            ));
        }
    }

    fn fail_with(&mut self, err: LabelerError) {
        self.failure.get_or_insert(err);
    }

    fn describe(&self, problem: StreamProblem, ctx: &ErrorContext) -> LabelerError {
        match problem {
            StreamProblem::Fault(fault) => fault.to_error(ctx, self.request_id.clone()),
            StreamProblem::Unreadable(detail) => LabelerError::new(
                ErrorCode::StreamError,
                format!("Bedrock's response stream could not be read: {detail}."),
            )
            .with_request_id(self.request_id.clone()),
        }
    }
}

fn broken_stream(detail: &str) -> LabelerError {
    LabelerError::new(
        ErrorCode::StreamError,
        format!(
            "The response stream was cut off or corrupted before this answer was complete \
             ({detail}). Try again."
        ),
    )
}
