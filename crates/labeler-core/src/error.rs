//! Typed errors: what a caller sees when a whole request fails, or on one item.
//!
//! Codes are stable strings: AWS error codes as Bedrock sends them (`ExpiredTokenException`, …)
//! plus our own (`InvalidInput`, `Unsupported`, `NetworkError`, `InvalidLabel`, `ParseError`).
//! Messages say what happened and what to do next; they never contain a secret (see
//! [`crate::redact`]).

use serde::Serialize;
use std::fmt;

/// Our own codes (AWS codes are passed through as Bedrock spells them).
pub mod code {
    pub const INVALID_INPUT: &str = "InvalidInput";
    pub const UNSUPPORTED: &str = "Unsupported";
    pub const NETWORK_ERROR: &str = "NetworkError";
    pub const INVALID_LABEL: &str = "InvalidLabel";
    pub const PARSE_ERROR: &str = "ParseError";
    pub const MISSING_ANSWER: &str = "MissingAnswer";
    pub const UNKNOWN_ERROR: &str = "UnknownError";
    pub const CANCELLED: &str = "Cancelled";
    /// A streamed response broke off, was corrupt, or ended before the model's last event.
    pub const STREAM_ERROR: &str = "StreamError";
}

/// A request-level failure: the promise of `predictLabels` rejects with this object.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct LabelerError {
    pub code: String,
    pub message: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<u16>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub request_id: Option<String>,
}

impl LabelerError {
    pub fn new(code: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            code: code.into(),
            message: message.into(),
            status: None,
            request_id: None,
        }
    }

    /// A bad input, naming the field (`field` is a JSON path such as `credentials.secretAccessKey`).
    pub fn invalid_input(field: &str, problem: &str) -> Self {
        Self::new(code::INVALID_INPUT, format!("{field}: {problem}"))
    }

    pub fn unsupported(message: impl Into<String>) -> Self {
        Self::new(code::UNSUPPORTED, message)
    }

    pub fn with_status(mut self, status: u16) -> Self {
        self.status = Some(status);
        self
    }

    pub fn with_request_id(mut self, request_id: Option<String>) -> Self {
        self.request_id = request_id;
        self
    }

    /// The per-item form of this error (no status or request id on items).
    pub fn to_item_error(&self) -> ItemError {
        ItemError {
            code: self.code.clone(),
            message: self.message.clone(),
        }
    }
}

impl fmt::Display for LabelerError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.code, self.message)
    }
}

impl std::error::Error for LabelerError {}

/// Why one item failed; the other items of the request are unaffected.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ItemError {
    pub code: String,
    pub message: String,
}

impl ItemError {
    pub fn new(code: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            code: code.into(),
            message: message.into(),
        }
    }
}
