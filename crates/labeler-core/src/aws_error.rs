//! Turning Bedrock / AWS front-end error responses into typed errors with a next step.
//!
//! The code is derived as the AWS SDKs do: the `x-amzn-ErrorType` header, else a body `code` /
//! `Code` / `__type`; then sanitised (text before `,` and `:`, after `#`). The message is
//! `message` or `Message`.

use crate::error::LabelerError;
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
pub fn code_and_message(resp: &HttpResponse) -> (String, String) {
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
        .unwrap_or_else(|| match resp.status {
            400 => "ValidationException".into(),
            403 => "AccessDeniedException".into(),
            404 => "ResourceNotFoundException".into(),
            429 => "ThrottlingException".into(),
            500 => "InternalServerException".into(),
            503 => "ServiceUnavailableException".into(),
            s => format!("Http{s}"),
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

fn friendly_message(code: &str, aws: &str, ctx: &ErrorContext) -> String {
    let said = if aws.is_empty() {
        String::new()
    } else {
        format!(" (AWS: {aws})")
    };
    let lower = aws.to_ascii_lowercase();
    match code {
        "UnrecognizedClientException" | "InvalidClientTokenId" => format!(
            "AWS does not recognise this Access Key ID, or the session token does not belong to it. \
             Check the Access Key ID; for temporary keys paste all three values from the same \
             `aws sts assume-role` output.{said}"
        ),
        "ExpiredTokenException" | "ExpiredToken" | "RequestExpired" => format!(
            "The session token has expired. Temporary keys last one hour by default: run \
             `aws sts assume-role` again and paste the new Access Key ID, Secret Access Key and \
             Session Token.{said}"
        ),
        "InvalidSignatureException" | "SignatureDoesNotMatch"
            if lower.contains("signature expired") || lower.contains("not yet current") =>
        {
            format!(
                "This computer's clock differs from AWS's by more than 5 minutes, so AWS refused the \
                 signature. Set the system clock automatically, then try again.{said}"
            )
        }
        "InvalidSignatureException" | "SignatureDoesNotMatch" => format!(
            "AWS rejected the request signature: check the Secret Access Key. It must be the one \
             created with this Access Key ID (copy it again; no spaces).{said}"
        ),
        "IncompleteSignatureException" | "MissingAuthenticationTokenException" => {
            format!("AWS says the request is not signed correctly.{said}")
        }
        "AccessDeniedException"
            if lower.contains("access to the model") || lower.contains("model access") =>
        {
            format!(
                "This AWS account has no access to model {} in {} yet. In the Amazon Bedrock \
                 console open \"Model access\" and request it (Anthropic models also need the \
                 use-case form), then try again.{said}",
                ctx.model_id, ctx.region
            )
        }
        "AccessDeniedException" => format!(
            "Access denied. The IAM user or role needs bedrock:InvokeModel and \
             bedrock:InvokeModelWithResponseStream on this model in {}.{said}",
            ctx.region
        ),
        "ValidationException" if lower.contains("on-demand throughput") => format!(
            "Model {} can only be called through an inference profile: use its profile id, e.g. \
             \"{}\" (or the eu./apac. prefix for your region).{said}",
            ctx.model_id,
            suggest_profile(ctx.model_id, ctx.region)
        ),
        // Retired models answer "This model version has reached the end of its life." (Claude
        // 3.5 Haiku: AWS model card, EOL 2026-06-19; docs/evidence/claude-and-converse.md §A.2).
        "ResourceNotFoundException" | "ValidationException" if lower.contains("end of its life") => {
            format!(
                "Model {} has been retired by its provider and can no longer be called: pick a \
                 current model (the presets list them).{said}",
                ctx.model_id
            )
        }
        "ValidationException" => format!("Bedrock rejected the request as invalid.{said}"),
        "ResourceNotFoundException" => format!(
            "Model {} was not found in {}: check the model id and the region.{said}",
            ctx.model_id, ctx.region
        ),
        "ThrottlingException" => format!(
            "Bedrock is throttling requests: the account's quota for this model is used up for now. \
             Wait a minute, or send fewer items at once.{said}"
        ),
        "ServiceQuotaExceededException" => {
            format!("A Bedrock service quota for this account was exceeded.{said}")
        }
        "ModelTimeoutException" => format!(
            "The model took too long to answer. Try fewer or shorter items per request.{said}"
        ),
        "ModelErrorException" => format!("The model failed while answering.{said}"),
        "ModelNotReadyException" => format!("The model is not ready yet; try again shortly.{said}"),
        "ServiceUnavailableException" | "InternalServerException" => {
            format!("Bedrock is having trouble right now; try again shortly.{said}")
        }
        _ => format!("Bedrock returned an error ({code}).{said}"),
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
}
