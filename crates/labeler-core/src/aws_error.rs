//! Turning Bedrock / AWS front-end error responses into typed errors with a next step.
//!
//! The code is derived as the AWS SDKs do: the `x-amzn-ErrorType` header, else a body `code` /
//! `Code` / `__type`; then sanitised (text before `,` and `:`, after `#`). The message is
//! `message` or `Message`. What the user is told comes from the error's row of the one table
//! (`error_table::TABLE`), so the wording and the handling cannot disagree.

use crate::error::{AwsCode, ErrorCode, LabelerError};
use crate::error_table::row_for;
use crate::http::HttpResponse;
use serde_json::Value;

/// Where the failed call was going, to make messages specific.
pub struct ErrorContext<'a> {
    pub model_id: &'a str,
    pub region: &'a str,
}

pub fn sanitize_code(raw: &str) -> &str {
    let s = raw.split(',').next().unwrap_or(raw);
    let s = s.split(':').next().unwrap_or(s);
    match s.rfind('#') {
        Some(i) => &s[i + 1..],
        None => s,
    }
    .trim()
}

/// Code and AWS's own message of an error response.
pub fn code_and_message(resp: &HttpResponse) -> (ErrorCode, String) {
    let body: Value = serde_json::from_slice(&resp.body).unwrap_or(Value::Null);
    let from_body = |k: &str| body.get(k).and_then(Value::as_str).map(str::to_owned);
    let code = resp
        .header("x-amzn-errortype")
        .map(str::to_owned)
        .or_else(|| from_body("code"))
        .or_else(|| from_body("Code"))
        .or_else(|| from_body("__type"))
        .map(|c| sanitize_code(&c).to_owned())
        .filter(|c| !c.is_empty())
        .map(|c| ErrorCode::parse(&c))
        .unwrap_or_else(|| {
            ErrorCode::Aws(match resp.status {
                400 => AwsCode::ValidationException,
                403 => AwsCode::AccessDeniedException,
                404 => AwsCode::ResourceNotFoundException,
                429 => AwsCode::ThrottlingException,
                500 => AwsCode::InternalServerException,
                503 => AwsCode::ServiceUnavailableException,
                s => AwsCode::Other(format!("Http{s}")),
            })
        });
    let message = from_body("message")
        .or_else(|| from_body("Message"))
        .unwrap_or_else(|| {
            String::from_utf8_lossy(&resp.body)
                .chars()
                .take(500)
                .collect()
        });
    (code, message)
}

/// The error for a non-2xx response, with a message a user can act on.
pub fn error_from_response(resp: &HttpResponse, ctx: &ErrorContext) -> LabelerError {
    let (code, aws_message) = code_and_message(resp);
    // InvalidSignatureException appends the expected canonical request (which lists header
    // values, including the session token) after a blank line: keep only the first paragraph.
    let aws_message = aws_message
        .split("\n\n")
        .next()
        .unwrap_or("")
        .trim()
        .to_owned();
    let message = friendly_message(&code, &aws_message, ctx);
    LabelerError::new(code, message)
        .with_status(resp.status)
        .with_request_id(resp.request_id())
}

/// The one wording of Bedrock's errors: what the error's row in `error_table::TABLE` says
/// (found as `disposition` finds it), then AWS's own words.
pub fn friendly_message(code: &ErrorCode, aws: &str, ctx: &ErrorContext) -> String {
    let said = if aws.is_empty() {
        String::new()
    } else {
        format!(" (AWS: {aws})")
    };
    match row_for(code, aws).and_then(|row| row.says) {
        Some(says) => {
            let mut text = says
                .replace("{model}", ctx.model_id)
                .replace("{region}", ctx.region);
            if text.contains("{profile}") {
                text = text.replace("{profile}", &suggest_profile(ctx.model_id, ctx.region));
            }
            text + &said
        }
        None => format!("Bedrock returned an error ({code}).{said}"),
    }
}

/// `us.<id>` for a us-* region, `eu.` for eu-*, `apac.` for ap-*: the usual system profile.
fn suggest_profile(model_id: &str, region: &str) -> String {
    let geo = match region.split('-').next().unwrap_or("") {
        "eu" => "eu",
        "ap" => "apac",
        _ => "us",
    };
    format!("{geo}.{model_id}")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn resp(status: u16, error_type: Option<&str>, body: &str) -> HttpResponse {
        let mut headers = vec![("x-amzn-RequestId".to_owned(), "req-1".to_owned())];
        if let Some(t) = error_type {
            headers.push(("x-amzn-ErrorType".to_owned(), t.to_owned()));
        }
        HttpResponse {
            status,
            headers,
            body: body.as_bytes().to_vec(),
        }
    }

    const CTX: ErrorContext = ErrorContext {
        model_id: "anthropic.claude-3-haiku-20240307-v1:0",
        region: "us-east-1",
    };

    #[test]
    fn sanitises_codes_like_the_sdks() {
        assert_eq!(
            sanitize_code(
                "ValidationException:http://internal.amazon.com/coral/com.amazon.bedrock/"
            ),
            "ValidationException"
        );
        assert_eq!(
            sanitize_code("com.amazon.coral.service#ExpiredTokenException"),
            "ExpiredTokenException"
        );
        assert_eq!(
            sanitize_code("ThrottlingException,foo"),
            "ThrottlingException"
        );
    }

    #[test]
    fn expired_token_says_to_assume_role_again() {
        let e = error_from_response(
            &resp(403, Some("ExpiredTokenException:http://internal.amazon.com/coral/com.amazon.coral.service/"),
                  r#"{"message":"The security token included in the request is expired"}"#),
            &CTX,
        );
        assert_eq!(e.code, "ExpiredTokenException");
        assert_eq!(e.status, Some(403));
        assert_eq!(e.request_id.as_deref(), Some("req-1"));
        assert!(
            e.message.contains("expired") && e.message.contains("aws sts assume-role"),
            "{}",
            e.message
        );
    }

    #[test]
    fn invalid_signature_drops_the_echoed_canonical_request() {
        let body = serde_json::json!({"message": "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method.\n\nThe Canonical String for this request should have been\n'POST\n/model\nx-amz-security-token:SECRETTOKEN'\n"}).to_string();
        let e = error_from_response(&resp(403, Some("InvalidSignatureException"), &body), &CTX);
        assert_eq!(e.code, "InvalidSignatureException");
        assert!(e.message.contains("Secret Access Key"));
        assert!(!e.message.contains("SECRETTOKEN"));
    }

    #[test]
    fn capital_message_and_type_in_body() {
        let e = error_from_response(
            &resp(
                403,
                None,
                r#"{"__type":"com.amazon.coral.service#UnrecognizedClientException","Message":"The security token included in the request is invalid."}"#,
            ),
            &CTX,
        );
        assert_eq!(e.code, "UnrecognizedClientException");
        assert!(e.message.contains("Access Key ID"));
    }

    #[test]
    fn on_demand_suggests_profile() {
        let e = error_from_response(
            &resp(
                400,
                Some("ValidationException"),
                r#"{"message":"Invocation of model ID anthropic.claude-3-haiku-20240307-v1:0 with on-demand throughput isn’t supported. Retry your request with the ID or ARN of an inference profile that contains this model."}"#,
            ),
            &CTX,
        );
        assert!(
            e.message
                .contains("us.anthropic.claude-3-haiku-20240307-v1:0"),
            "{}",
            e.message
        );
    }

    #[test]
    fn status_fallback_when_no_code() {
        let e = error_from_response(&resp(429, None, "slow down"), &CTX);
        assert_eq!(e.code, "ThrottlingException");
        assert!(e.message.contains("slow down"));
    }

    /// The wording and the handling come from the same row: an error worded from a row is
    /// handled by that row too (its message, quoting AWS's, falls in the row AWS's fell in).
    #[test]
    fn every_error_is_worded_by_the_row_that_handles_it() {
        use crate::error_table::TABLE;
        for row in TABLE.iter().filter(|r| r.status != "—") {
            let aws = match row.case.as_ref().map(|c| c.label) {
                Some("Signature expired / not yet current") => "Signature expired: 20250130T203827Z is now earlier than 20250130T204131Z (20250130T204631Z - 5 min.)",
                Some("no access to the model yet") => "You don't have access to the model with the specified model ID.",
                Some("on-demand throughput isn't supported") => "Invocation of model ID x with on-demand throughput isn’t supported.",
                Some("invalid model identifier") => "The provided model identifier is invalid.",
                Some("end of its life") => "This model version has reached the end of its life.",
                Some("a parameter or mode not supported") => "temperature and top_p cannot both be specified for this model.",
                Some(other) => panic!("no AWS message for the case {other:?}: add one"),
                None => "Malformed input request.",
            };
            for code in std::iter::once(&row.code).chain(row.also) {
                let body = serde_json::json!({ "message": aws }).to_string();
                let e = error_from_response(&resp(400, Some(code.as_str()), &body), &CTX);
                assert_eq!(&e.code, code);
                let found = row_for(&e.code, &e.message).expect("a row");
                assert!(std::ptr::eq(found, row), "{code}: {}", e.message);
                let start = row.says.map_or("Bedrock returned an error", |s| {
                    s.split('{').next().unwrap_or(s)
                });
                assert!(e.message.starts_with(start), "{code}: {}", e.message);
            }
        }
    }
}
