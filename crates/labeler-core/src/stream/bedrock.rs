//! What an event-stream message means in Bedrock's `InvokeModelWithResponseStream` and
//! `ConverseStream` responses.
//!
//! - InvokeModel: `:message-type` `event`, `:event-type` `chunk`: the payload is
//!   `{"bytes": "<base64>"}` and the decoded bytes are one JSON event in the model's own
//!   streaming format. Other event types are ignored (new union members must not break old
//!   clients).
//! - Converse: `:event-type` is the event's name (`messageStart`, `contentBlockDelta`, …,
//!   `metadata`) and the payload its JSON; it is handed on as `{"<name>": payload}`, the shape
//!   Nova's InvokeModel chunks have, so one reader serves both.
//! - `:message-type` `exception`: a modeled error; `:exception-type` is the union member name in
//!   lower camelCase (`throttlingException`), the payload its JSON body (`{"message": …}`).
//! - `:message-type` `error`: an unmodeled error, code and message in `:error-code` and
//!   `:error-message`, no payload.
//!
//! Errors become the same typed errors, with the same messages, as a non-2xx response of
//! `InvokeModel` with that code: they go through [`crate::aws_error::error_from_response`].

use super::frame::Message;
use crate::aws_error::{error_from_response, ErrorContext};
use crate::error::LabelerError;
use crate::http::HttpResponse;
use serde_json::Value;

/// One Bedrock stream message, classified.
#[derive(Debug, Clone, PartialEq)]
pub enum BedrockEvent {
    /// The model's JSON event (base64-decoded `bytes` of a `chunk`).
    Chunk(Vec<u8>),
    /// A modeled exception or an unmodeled error: the stream ends with it.
    Error(StreamFault),
    /// An event type this client does not know.
    Ignored,
}

/// An error sent inside the stream, before it is given a user-facing message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StreamFault {
    /// The error code as `InvokeModel` spells it (`ThrottlingException`).
    pub code: String,
    /// The JSON body of the exception (`{"message": …}`).
    pub body: Vec<u8>,
}

impl StreamFault {
    /// A fault with code `code` and the body `{"message": message}`.
    pub fn new(code: &str, message: &str) -> Self {
        Self {
            code: code.to_owned(),
            body: serde_json::to_vec(&serde_json::json!({ "message": message }))
                .expect("JSON values serialise"),
        }
    }

    /// The typed error, worded as for the same error from a non-streaming call. `request_id`
    /// comes from the HTTP response that carried the stream.
    pub fn to_error(&self, ctx: &ErrorContext, request_id: Option<String>) -> LabelerError {
        let status = modeled_status(&self.code).unwrap_or(200);
        let resp = HttpResponse {
            status,
            headers: vec![("x-amzn-errortype".to_owned(), self.code.clone())],
            body: self.body.clone(),
        };
        let mut err = error_from_response(&resp, ctx).with_request_id(request_id);
        err.status = modeled_status(&self.code);
        err
    }
}

/// How a stream's events carry the model's output.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Framing {
    /// `InvokeModelWithResponseStream`: `chunk` events with base64 `bytes`.
    Invoke,
    /// `ConverseStream`: one named event per message, JSON payload.
    Converse,
}

/// ConverseStream's event names (botocore's `ConverseStreamOutput` union members).
const CONVERSE_EVENTS: &[&str] = &[
    "messageStart",
    "contentBlockStart",
    "contentBlockDelta",
    "contentBlockStop",
    "messageStop",
    "metadata",
];

/// Reads one message. `Err` when a message Bedrock would never send arrives (no or an unknown
/// `:message-type`, a chunk whose payload is not `{"bytes": base64}`).
pub fn classify(message: &Message, framing: Framing) -> Result<BedrockEvent, String> {
    match message.header_str(":message-type") {
        Some("event") => match (framing, message.header_str(":event-type")) {
            (Framing::Invoke, Some("chunk")) => {
                chunk_bytes(&message.payload).map(BedrockEvent::Chunk)
            }
            (Framing::Converse, Some(name)) if CONVERSE_EVENTS.contains(&name) => {
                converse_event(name, &message.payload).map(BedrockEvent::Chunk)
            }
            _ => Ok(BedrockEvent::Ignored),
        },
        Some("exception") => {
            let member = message
                .header_str(":exception-type")
                .ok_or("an exception message has no :exception-type header")?;
            Ok(BedrockEvent::Error(StreamFault {
                code: shape_name(member),
                body: message.payload.clone(),
            }))
        }
        Some("error") => {
            let code = message
                .header_str(":error-code")
                .unwrap_or("ModelStreamErrorException");
            let text = message.header_str(":error-message").unwrap_or("");
            Ok(BedrockEvent::Error(StreamFault::new(code, text)))
        }
        Some(other) => Err(format!("a message has the unknown :message-type {other:?}")),
        None => Err("a message has no :message-type header".to_owned()),
    }
}

/// A ConverseStream event's payload as `{"<name>": payload}`.
fn converse_event(name: &str, payload: &[u8]) -> Result<Vec<u8>, String> {
    let v: Value = serde_json::from_slice(payload)
        .map_err(|e| format!("a {name} event's payload is not JSON ({e})"))?;
    let mut wrapped = serde_json::Map::new();
    wrapped.insert(name.to_owned(), v);
    Ok(serde_json::to_vec(&Value::Object(wrapped)).expect("JSON values serialise"))
}

/// `{"bytes": "<base64>"}` → the decoded bytes.
fn chunk_bytes(payload: &[u8]) -> Result<Vec<u8>, String> {
    let v: Value = serde_json::from_slice(payload)
        .map_err(|e| format!("a chunk's payload is not JSON ({e})"))?;
    let b64 = v
        .get("bytes")
        .and_then(Value::as_str)
        .ok_or("a chunk's payload has no \"bytes\" string")?;
    aws_smithy_types::base64::decode(b64)
        .map_err(|_| "a chunk's \"bytes\" is not base64".to_owned())
}

/// Union member name → error shape name: `throttlingException` → `ThrottlingException`.
/// (ASCII only: `char::to_uppercase` would link Unicode's 12 KB case table into the wasm.)
fn shape_name(member: &str) -> String {
    let mut name = member.to_owned();
    if let Some(first) = name.get_mut(..1) {
        first.make_ascii_uppercase();
    }
    name
}

/// The HTTP status each Bedrock Runtime error has when it is not streamed (the service model's
/// `@httpError`), so a streamed error carries the same status as its non-streamed twin.
fn modeled_status(code: &str) -> Option<u16> {
    Some(match code {
        "ValidationException" | "ServiceQuotaExceededException" => 400,
        "AccessDeniedException" => 403,
        "ResourceNotFoundException" => 404,
        "ModelTimeoutException" => 408,
        "ThrottlingException" | "ModelNotReadyException" => 429,
        "ModelErrorException" | "ModelStreamErrorException" => 424,
        "InternalServerException" => 500,
        "ServiceUnavailableException" => 503,
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn member_names_become_shape_names() {
        assert_eq!(shape_name("throttlingException"), "ThrottlingException");
        assert_eq!(
            shape_name("modelStreamErrorException"),
            "ModelStreamErrorException"
        );
        assert_eq!(shape_name(""), "");
    }
}
