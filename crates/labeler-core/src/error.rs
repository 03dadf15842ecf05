//! Typed errors: what a caller sees when a whole request fails, or on one item.
//!
//! A code is an [`ErrorCode`]: our own codes, or an [`AwsCode`] as Bedrock spells it
//! (`ExpiredTokenException`, …; one it does not know is kept as `AwsCode::Other`). Decisions
//! about an error are made on the enum (`error_table::disposition`); the code becomes a string
//! only where it leaves the core (serialised: exactly the spelling listed here).
//! Messages say what happened and what to do next; they never contain a secret (see
//! [`crate::secret::redact`]).

use serde::{Serialize, Serializer};
use std::fmt;

/// An enum of unit variants plus one variant carrying something else, with its spellings
/// listed once: `as_str` and `KNOWN` (for parsing) come from the same list.
macro_rules! codes {
    (
        $(#[$meta:meta])*
        pub enum $name:ident {
            $( $(#[doc = $doc:literal])* $variant:ident, )*
        }
        $(#[doc = $other_doc:literal])*
        else $other:ident($other_ty:ty) => $other_str:path
    ) => {
        $(#[$meta])*
        #[non_exhaustive]
        #[derive(Debug, Clone, PartialEq, Eq)]
        pub enum $name {
            $( $(#[doc = $doc])* $variant, )*
            $(#[doc = $other_doc])* $other($other_ty),
        }

        impl $name {
            /// Every unit variant, for [`Self::parse`].
            pub const KNOWN: &'static [$name] = &[$($name::$variant),*];

            /// The code as callers see it.
            pub fn as_str(&self) -> &str {
                match self {
                    $( $name::$variant => stringify!($variant), )*
                    $name::$other(x) => $other_str(x),
                }
            }
        }
    };
}

codes! {
    /// Bedrock's and AWS front ends' error codes, as they are spelled (other spellings of the
    /// same error are listed by `error_table::TABLE`).
    pub enum AwsCode {
        UnrecognizedClientException,
        InvalidClientTokenId,
        InvalidSignatureException,
        SignatureDoesNotMatch,
        IncompleteSignatureException,
        MissingAuthenticationTokenException,
        ExpiredTokenException,
        ExpiredToken,
        RequestExpired,
        RequestInTheFuture,
        AccessDeniedException,
        ValidationException,
        ResourceNotFoundException,
        ThrottlingException,
        TooManyRequestsException,
        ServiceQuotaExceededException,
        ModelTimeoutException,
        ModelErrorException,
        ModelNotReadyException,
        ServiceUnavailableException,
        RequestTimeout,
        RequestTimeoutException,
        InternalServerException,
        ModelStreamErrorException,
    }
    /// A code this client does not know, as AWS sent it (`InternalFailure`, `Http409`).
    else Other(String) => String::as_str
}

codes! {
    /// What went wrong: our own codes, or AWS's.
    pub enum ErrorCode {
        /// A request field is wrong (the error's `field` names it).
        InvalidInput,
        /// The model cannot be used for labeling, or cannot be told from its id.
        Unsupported,
        /// No response (the endpoint is unreachable, the connection broke).
        NetworkError,
        /// An answer outside the label set.
        InvalidLabel,
        /// An answer that could not be read.
        ParseError,
        /// The answer misses an item, or answers it twice.
        MissingAnswer,
        UnknownError,
        /// The run was stopped before the item was sent.
        Cancelled,
        /// A streamed response broke off, was corrupt, or ended before the model's last event.
        StreamError,
        SigningError,
        /// The extension may not reach the region's host (decided by the pages, not the core).
        PermissionDenied,
        /// A Batch Inference record the job failed.
        BatchInferenceError,
        /// Warning: a field the model does not accept was not sent.
        ParameterDropped,
        /// Warning: `maxTokens` was above the model's limit.
        ParameterCapped,
        /// Warning: the call adapted to a refusal.
        Adapted,
        /// Warning: a span the model named is not in the text.
        SpanNotFound,
        /// Warning: a span's text occurs more than once and the model did not say which.
        SpanAmbiguous,
        /// Warning: a span's occurrence number is past the text's occurrences.
        SpanOccurrenceOutOfRange,
    }
    /// An error code from AWS.
    else Aws(AwsCode) => AwsCode::as_str
}

impl AwsCode {
    /// The code for AWS's spelling `s`.
    pub fn parse(s: &str) -> Self {
        Self::KNOWN
            .iter()
            .find(|c| c.as_str() == s)
            .cloned()
            .unwrap_or_else(|| AwsCode::Other(s.to_owned()))
    }
}

impl ErrorCode {
    /// The code spelled `s` (ours, else AWS's).
    pub fn parse(s: &str) -> Self {
        Self::KNOWN
            .iter()
            .find(|c| c.as_str() == s)
            .cloned()
            .unwrap_or_else(|| ErrorCode::Aws(AwsCode::parse(s)))
    }
}

impl From<AwsCode> for ErrorCode {
    fn from(code: AwsCode) -> Self {
        ErrorCode::Aws(code)
    }
}

impl fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for ErrorCode {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

/// So tests and callers can compare a code with its spelling.
impl PartialEq<str> for ErrorCode {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<&str> for ErrorCode {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

/// A request-level failure: the promise of `predictLabels` rejects with this object.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct LabelerError {
    #[cfg_attr(test, ts(type = "string"))]
    pub code: ErrorCode,
    pub message: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(test, ts(optional))]
    pub status: Option<u16>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(test, ts(optional))]
    pub request_id: Option<String>,
    /// With `InvalidInput`: the path of the field at fault (`credentials.secretAccessKey`,
    /// `labels[2]`, `examples[0].labels[1]`), as the message starts with it.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(test, ts(optional))]
    pub field: Option<String>,
}

impl LabelerError {
    pub fn new(code: impl Into<ErrorCode>, message: impl Into<String>) -> Self {
        Self {
            code: code.into(),
            message: message.into(),
            status: None,
            request_id: None,
            field: None,
        }
    }

    /// A bad input, naming the field (`field` is a JSON path such as `credentials.secretAccessKey`).
    pub fn invalid_input(field: &str, problem: &str) -> Self {
        let mut e = Self::new(ErrorCode::InvalidInput, format!("{field}: {problem}"));
        e.field = Some(field.to_owned());
        e
    }

    pub fn unsupported(message: impl Into<String>) -> Self {
        Self::new(ErrorCode::Unsupported, message)
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

/// Why one item failed (the other items of the request are unaffected), or a warning.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct ItemError {
    #[cfg_attr(test, ts(type = "string"))]
    pub code: ErrorCode,
    pub message: String,
}

impl ItemError {
    pub fn new(code: impl Into<ErrorCode>, message: impl Into<String>) -> Self {
        Self {
            code: code.into(),
            message: message.into(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_code_is_spelled_as_before_and_parses_back() {
        for c in ErrorCode::KNOWN {
            assert_eq!(&ErrorCode::parse(c.as_str()), c);
        }
        for c in AwsCode::KNOWN {
            assert_eq!(ErrorCode::parse(c.as_str()), ErrorCode::Aws(c.clone()));
        }
        assert_eq!(ErrorCode::InvalidInput.as_str(), "InvalidInput");
        assert_eq!(
            ErrorCode::from(AwsCode::ThrottlingException).as_str(),
            "ThrottlingException"
        );
        let other = ErrorCode::parse("InternalFailure");
        assert_eq!(
            other,
            ErrorCode::Aws(AwsCode::Other("InternalFailure".into()))
        );
        assert_eq!(other, "InternalFailure");
        assert_eq!(
            serde_json::to_string(&other).unwrap(),
            "\"InternalFailure\""
        );
    }

    #[test]
    fn invalid_input_names_its_field() {
        let e = LabelerError::invalid_input("labels[2]", "is empty");
        assert_eq!(e.message, "labels[2]: is empty");
        assert_eq!(e.field.as_deref(), Some("labels[2]"));
        let js = serde_json::to_value(&e).unwrap();
        assert_eq!(
            js,
            serde_json::json!({"code": "InvalidInput", "message": "labels[2]: is empty", "field": "labels[2]"})
        );
    }
}
