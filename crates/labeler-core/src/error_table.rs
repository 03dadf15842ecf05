//! What each Bedrock / AWS error means for a call: fail the whole request, retry it, or fail
//! the items of that request. The README's error table is checked against [`TABLE`] by a test.

/// What the job does with an error response.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Disposition {
    /// Every item would fail the same way (credentials, permissions, the model id): reject the
    /// whole call at once with one message. Never retried.
    Fatal,
    /// Transient (throttling, a model warming up, a server fault): retry with backoff, re-signed;
    /// when the retries are spent, the items of that request fail with this error.
    Retry,
    /// About this request only (its content, a model failure): its items fail, the rest go on.
    Item,
}

/// One row of the error table.
pub struct Row {
    pub code: &'static str,
    pub status: &'static str,
    pub disposition: Disposition,
    /// What the user should do (the start of the message they see).
    pub next_step: &'static str,
}

use Disposition::*;

pub const TABLE: &[Row] = &[
    Row { code: "UnrecognizedClientException", status: "403", disposition: Fatal, next_step: "Check the Access Key ID; paste all three values from one `aws sts assume-role` output." },
    Row { code: "InvalidSignatureException", status: "403", disposition: Fatal, next_step: "Check the Secret Access Key (it must belong to this Access Key ID)." },
    Row { code: "InvalidSignatureException (Signature expired / not yet current)", status: "403", disposition: Retry, next_step: "None: the clock is corrected from the server's time and the request re-signed once; if it still fails, set the system clock automatically." },
    Row { code: "ExpiredTokenException", status: "403", disposition: Fatal, next_step: "Run `aws sts assume-role` again and paste the new keys (fails fast, never retried)." },
    Row { code: "ExpiredTokenException (credentials.expiration already past)", status: "—", disposition: Fatal, next_step: "Nothing is sent: run `aws sts assume-role` again and paste its output." },
    Row { code: "PermissionDenied", status: "—", disposition: Fatal, next_step: "The extension may not reach this region's host: allow it when Chrome asks, then click Predict labels again. Nothing is sent." },
    Row { code: "AccessDeniedException", status: "403", disposition: Fatal, next_step: "Grant bedrock:InvokeModel and bedrock:InvokeModelWithResponseStream on the model." },
    Row { code: "AccessDeniedException (no access to the model yet)", status: "403", disposition: Fatal, next_step: "Request the model in the Bedrock console's Model access page (Anthropic: the use-case form)." },
    Row { code: "ValidationException (on-demand throughput isn't supported)", status: "400", disposition: Fatal, next_step: "Use the inference profile id, e.g. `us.<model id>`." },
    Row { code: "ValidationException (invalid model identifier)", status: "400", disposition: Fatal, next_step: "Check the model id." },
    Row { code: "ValidationException", status: "400", disposition: Item, next_step: "Bedrock rejected this request's content; AWS's message says why." },
    Row { code: "ResourceNotFoundException", status: "404", disposition: Fatal, next_step: "Check the model id and the region." },
    Row { code: "ResourceNotFoundException (end of its life)", status: "404", disposition: Fatal, next_step: "The model was retired: pick a current model." },
    Row { code: "ValidationException (a parameter or mode not supported)", status: "400", disposition: Retry, next_step: "None: the call changes that one thing and sends the request again, once per kind of refusal (see Models); a refusal it does not understand fails its items." },
    Row { code: "ThrottlingException", status: "429", disposition: Retry, next_step: "None: retried with backoff; if retries run out, wait or send fewer items at once." },
    Row { code: "ServiceQuotaExceededException", status: "400", disposition: Item, next_step: "Request a higher quota in Service Quotas, or send less." },
    Row { code: "ModelTimeoutException", status: "408", disposition: Item, next_step: "Use fewer or shorter items per request." },
    Row { code: "ModelErrorException", status: "424", disposition: Item, next_step: "Try again; the model failed on this request." },
    Row { code: "ModelNotReadyException", status: "429", disposition: Retry, next_step: "None: retried with backoff while the model warms up." },
    Row { code: "ServiceUnavailableException", status: "503", disposition: Retry, next_step: "None: retried with backoff." },
    Row { code: "InternalServerException", status: "500", disposition: Retry, next_step: "None: retried with backoff." },
    Row { code: "NetworkError", status: "—", disposition: Retry, next_step: "Retried; then: check the region, the endpoint and the connection." },
    Row { code: "StreamError", status: "200", disposition: Retry, next_step: "None: a stream that broke off, failed a checksum or ended early is sent again for its unfinished items." },
    Row { code: "ModelStreamErrorException", status: "424", disposition: Retry, next_step: "None: retried for the items not yet final." },
];

/// The disposition of an error response (`code` as derived by `aws_error`).
pub fn disposition(code: &str, status: u16, message: &str) -> Disposition {
    match code {
        "UnrecognizedClientException"
        | "InvalidClientTokenId"
        | "InvalidSignatureException"
        | "SignatureDoesNotMatch"
        | "IncompleteSignatureException"
        | "MissingAuthenticationTokenException"
        | "ExpiredTokenException"
        | "ExpiredToken"
        | "RequestExpired"
        | "AccessDeniedException"
        | "ResourceNotFoundException" => Fatal,
        "ValidationException" if is_model_id_problem(message) => Fatal,
        "ThrottlingException"
        | "ModelNotReadyException"
        | "ServiceUnavailableException"
        | "InternalServerException"
        | "TooManyRequestsException"
        | "RequestTimeout"
        | "RequestTimeoutException" => Retry,
        _ if matches!(status, 429 | 500 | 502 | 503 | 504) => Retry,
        _ => Item,
    }
}

/// A ValidationException about the model id rather than the request's content.
fn is_model_id_problem(message: &str) -> bool {
    let m = message.to_ascii_lowercase();
    m.contains("on-demand throughput")
        || m.contains("inference profile")
        || m.contains("model identifier is invalid")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dispositions() {
        assert_eq!(disposition("ExpiredTokenException", 403, ""), Fatal);
        assert_eq!(disposition("ThrottlingException", 429, ""), Retry);
        assert_eq!(disposition("ModelNotReadyException", 429, ""), Retry);
        assert_eq!(disposition("SomethingNew", 502, ""), Retry);
        assert_eq!(
            disposition("ValidationException", 400, "Malformed input request"),
            Item
        );
        assert_eq!(
            disposition(
                "ValidationException",
                400,
                "Invocation of model ID x with on-demand throughput isn’t supported."
            ),
            Fatal
        );
        assert_eq!(disposition("ModelTimeoutException", 408, ""), Item);
    }

    /// The README's table lists every row of [`TABLE`], with the same disposition.
    #[test]
    fn readme_table_matches() {
        let readme = include_str!("../../../README.md");
        for row in TABLE {
            let word = match row.disposition {
                Fatal => "fails the request",
                Retry => "retried",
                Item => "fails its items",
            };
            let (name, qualifier) = row.code.split_once(' ').unwrap_or((row.code, ""));
            let cell = format!("`{name}` {qualifier}");
            let line = readme
                .lines()
                .find(|l| l.split('|').nth(1).map(str::trim) == Some(cell.trim()))
                .unwrap_or_else(|| panic!("README error table has no row for {}", row.code));
            assert!(
                line.contains(word),
                "README row for {} should say {word:?}: {line}",
                row.code
            );
        }
    }
}
