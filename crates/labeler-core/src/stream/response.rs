//! One streamed response, from the first byte to the end of the body.
//!
//! Bytes go in as they arrive; result entries come out as soon as they are complete; at the
//! end, the whole [`ModelOutput`] — or why there is none. The caller (the job) decides what the
//! entries and the outcome mean for its items.

use super::bedrock::{classify, BedrockEvent};
use super::claude::ClaudeStream;
use super::frame::FrameDecoder;
use super::llama::LlamaStream;
use super::mistral::MistralStream;
use super::nova::NovaStream;
use super::partial_answer::PartialAnswerScanner;
use super::titan::TitanStream;
use super::StreamProblem;
use crate::aws_error::ErrorContext;
use crate::error::{code, LabelerError};
use crate::families::ModelOutput;
use crate::model_id::Family;
use serde_json::Value;

/// A model family's streaming format. A family streams once it has a variant here; the
/// others are called without streaming (see [`ModelStream::for_family`]).
#[derive(Debug, Clone, PartialEq)]
pub enum ModelStream {
    Claude(ClaudeStream),
    Nova(NovaStream),
    Llama(LlamaStream),
    /// Text and chat models: the reader tells them apart by their chunks.
    Mistral(MistralStream),
    Titan(TitanStream),
}

/// Evaluates `$call` with `$s` bound to whichever family reader `$self` holds.
macro_rules! each_family {
    ($self:expr, $s:ident => $call:expr) => {
        match $self {
            ModelStream::Claude($s) => $call,
            ModelStream::Nova($s) => $call,
            ModelStream::Llama($s) => $call,
            ModelStream::Mistral($s) => $call,
            ModelStream::Titan($s) => $call,
        }
    };
}

impl ModelStream {
    /// The stream reader for `family`, or `None` if its streaming format is not read yet
    /// (Cohere, Jamba, DeepSeek, gpt-oss: their stream shapes are undocumented or
    /// unconfirmed, so they are called with `InvokeModel`).
    pub fn for_family(family: Family) -> Option<Self> {
        Some(match family {
            Family::Anthropic => ModelStream::Claude(ClaudeStream::new()),
            Family::Nova => ModelStream::Nova(NovaStream::new()),
            Family::Llama => ModelStream::Llama(LlamaStream::new()),
            Family::MistralText | Family::MistralChat => ModelStream::Mistral(MistralStream::new()),
            Family::Titan => ModelStream::Titan(TitanStream::new()),
            Family::Cohere | Family::Jamba | Family::DeepSeek | Family::OpenAi => return None,
        })
    }

    /// The stream reader for `model_id` of `family`, or `None` when that model is called
    /// without streaming: its family's stream is not read, or the model cannot stream. Llama 4
    /// cannot (Bedrock refuses `InvokeModelWithResponseStream` for it, reference §3.4), nor
    /// can a Llama id that does not say which Llama it is (an application inference profile):
    /// `InvokeModel` works for every one of them.
    pub fn for_model(family: Family, model_id: &str) -> Option<Self> {
        if family == Family::Llama && !crate::model_id::llama_can_stream(model_id) {
            return None;
        }
        Self::for_family(family)
    }

    fn on_event(&mut self, event: &[u8]) -> Result<(), StreamProblem> {
        each_family!(self, s => s.on_event(event))
    }

    /// The answer's JSON text so far, when the family writes a structured answer as it goes.
    fn partial_answer(&self) -> Option<&str> {
        each_family!(self, s => s.partial_answer())
    }

    /// True once the model's last event has arrived.
    fn is_complete(&self) -> bool {
        each_family!(self, s => s.is_complete())
    }

    fn finish(&self) -> ModelOutput {
        each_family!(self, s => s.finish())
    }
}

#[derive(Debug)]
pub struct StreamedResponse {
    frames: FrameDecoder,
    model: ModelStream,
    scanner: PartialAnswerScanner,
    request_id: Option<String>,
    failure: Option<LabelerError>,
}

impl StreamedResponse {
    /// `request_id`: the `x-amzn-RequestId` of the HTTP response carrying the stream.
    pub fn new(model: ModelStream, request_id: Option<String>) -> Self {
        Self {
            frames: FrameDecoder::new(),
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
            let outcome = match classify(&message) {
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
                code::STREAM_ERROR,
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
                code::NETWORK_ERROR,
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
                code::STREAM_ERROR,
                format!("Bedrock's response stream could not be read: {detail}."),
            )
            .with_request_id(self.request_id.clone()),
        }
    }
}

fn broken_stream(detail: &str) -> LabelerError {
    LabelerError::new(
        code::STREAM_ERROR,
        format!(
            "The response stream was cut off or corrupted before this answer was complete \
             ({detail}). Try again."
        ),
    )
}
