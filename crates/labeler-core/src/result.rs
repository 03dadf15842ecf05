//! `PredictLabelsResult`: one prediction per input item, in input order, plus usage.

use crate::error::{ErrorCode, ItemError};
use crate::spans::Span;
use serde::Serialize;

/// Whether an item got its labels.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "lowercase")]
pub enum Status {
    Ok,
    Failed,
}

/// One item's outcome: its labels, or why it has none.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct Prediction {
    pub index: usize,
    pub text: String,
    pub labels: Vec<String>,
    pub status: Status,
    /// Spans task: labelled spans; start/end are UTF-16 offsets (text.slice(start, end) === span.text).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(test, ts(optional))]
    pub spans: Option<Vec<Span>>,
    /// The model's one-line reason (requests with `reasons: true`). Model output: show it as text.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(test, ts(optional))]
    pub reason: Option<String>,
    /// Problems that did not fail the item, e.g. a span not found in the text or ambiguous.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    #[cfg_attr(test, ts(optional, as = "Option<Vec<ItemError>>"))]
    pub warnings: Vec<ItemError>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(test, ts(optional))]
    pub error: Option<ItemError>,
    /// The model's raw output, on failed items (so nothing the model said is lost).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(test, ts(optional))]
    pub raw: Option<String>,
}

impl Prediction {
    pub fn ok(index: usize, text: String, labels: Vec<String>) -> Self {
        Self {
            index,
            text,
            labels,
            status: Status::Ok,
            spans: None,
            reason: None,
            warnings: Vec::new(),
            error: None,
            raw: None,
        }
    }

    pub fn failed(index: usize, text: String, error: ItemError, raw: Option<String>) -> Self {
        Self {
            index,
            text,
            labels: Vec::new(),
            status: Status::Failed,
            spans: None,
            reason: None,
            warnings: Vec::new(),
            error: Some(error),
            raw,
        }
    }
}

/// Tokens and requests: `requests` counts every request sent; `retries` those that were retries.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct Usage {
    #[cfg_attr(test, ts(type = "number"))]
    pub input_tokens: u64,
    #[cfg_attr(test, ts(type = "number"))]
    pub output_tokens: u64,
    /// Every request sent, retries, re-asks and repairs included.
    #[cfg_attr(test, ts(type = "number"))]
    pub requests: u64,
    /// Requests that were retries (throttling, server faults, clock skew, no response).
    #[cfg_attr(test, ts(type = "number"))]
    pub retries: u64,
    /// Input tokens read from the prompt cache (not in `inputTokens`; billed at the cache-read
    /// price). 0 where the model did not cache.
    #[cfg_attr(test, ts(type = "number"))]
    pub cache_read_input_tokens: u64,
    /// Input tokens written to the prompt cache (not in `inputTokens`; billed at the
    /// cache-write price).
    #[cfg_attr(test, ts(type = "number"))]
    pub cache_write_input_tokens: u64,
}

/// A retry the call has just scheduled (throttling, a server fault, no response, a broken
/// stream; not a re-sign for clock skew nor a request reshaped after a refusal): what the
/// progress event `{ type: "retry" }` carries.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct RetryNotice {
    /// The error being retried ("ThrottlingException", "ServiceUnavailableException",
    /// "NetworkError", "StreamError", …).
    #[cfg_attr(test, ts(type = "string"))]
    pub code: ErrorCode,
    /// Its message, redacted.
    pub message: String,
    /// Which retry of this request this is: 1 for its first (at most maxRetries).
    pub attempt: u32,
    /// The call's retries so far, this one included (as `usage.retries`).
    #[cfg_attr(test, ts(type = "number"))]
    pub retries: u64,
    /// How long the request waits before it is sent again, in milliseconds.
    pub wait_ms: f64,
}

/// What `predictLabels` resolves with: one prediction per text, in input order, and the usage.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct PredictLabelsResult {
    pub predictions: Vec<Prediction>,
    pub usage: Usage,
    /// About the whole call: a field the model does not accept and that was not sent
    /// (`ParameterDropped`, `ParameterCapped`), a refusal the call adapted to (`Adapted`).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    #[cfg_attr(test, ts(optional, as = "Option<Vec<ItemError>>"))]
    pub warnings: Vec<ItemError>,
    /// The refusals adapted to (`"no-temperature"`, …), to pass back as the request's
    /// `adaptations` for the same model so later calls start adapted.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    #[cfg_attr(test, ts(optional, as = "Option<Vec<crate::models::Adaptation>>"))]
    pub adaptations: Vec<String>,
    pub model_id: String,
    pub region: String,
}
