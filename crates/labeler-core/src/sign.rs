//! SigV4 signing with the `aws-sigv4` crate (signing name `bedrock`), time passed in by the
//! caller: `SystemTime::now()` panics on wasm32-unknown-unknown, so the shell reads the clock.

use crate::clock::signable_ms;
use crate::error::{ErrorCode, LabelerError};
use crate::http::HttpRequest;
use crate::request::Credentials;
use aws_sigv4::http_request::{sign, SignableBody, SignableRequest, SigningSettings};
use aws_sigv4::sign::v4;
use aws_smithy_runtime_api::client::identity::Identity;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// SigV4 signing name of Bedrock Runtime (the host label is `bedrock-runtime`; AWS rejects that
/// as a signing name).
pub const SIGNING_NAME: &str = "bedrock";

/// Milliseconds since the Unix epoch (what `Date.now()` returns) as a `SystemTime`, brought into
/// the range SigV4 can sign (see [`signable_ms`]): a time past 9999 would make aws-sigv4 panic.
pub fn time_from_millis(ms: f64) -> SystemTime {
    UNIX_EPOCH + Duration::from_millis(signable_ms(ms) as u64)
}

/// Signs `req` in place: adds `x-amz-date`, `authorization` and, with temporary credentials,
/// `x-amz-security-token`. Every header already on `req` is signed, so callers only put
/// headers there that the browser sends unchanged (never `host`, `content-length`, `date`).
pub fn sign_request(
    req: &mut HttpRequest,
    credentials: &Credentials,
    region: &str,
    time: SystemTime,
) -> Result<(), LabelerError> {
    let identity: Identity = aws_credential_types::Credentials::new(
        credentials.access_key_id.clone(),
        credentials.secret_access_key.expose().to_owned(),
        credentials
            .session_token
            .as_ref()
            .map(|t| t.expose().to_owned()),
        None,
        "bedrock-labeler",
    )
    .into();
    let params = v4::SigningParams::builder()
        .identity(&identity)
        .region(region)
        .name(SIGNING_NAME)
        .time(time)
        .settings(SigningSettings::default())
        .build()
        .map_err(|e| LabelerError::new(ErrorCode::SigningError, e.to_string()))?
        .into();
    let signable = SignableRequest::new(
        req.method,
        req.url.as_str(),
        req.headers.iter().map(|(k, v)| (k.as_str(), v.as_str())),
        SignableBody::Bytes(&req.body),
    )
    .map_err(|e| {
        LabelerError::new(
            ErrorCode::SigningError,
            format!("cannot sign this request: {e}"),
        )
    })?;
    let (instructions, _signature) = sign(signable, &params)
        .map_err(|e| {
            LabelerError::new(
                ErrorCode::SigningError,
                format!("cannot sign this request: {e}"),
            )
        })?
        .into_parts();
    let (headers, _params) = instructions.into_parts();
    for h in headers {
        req.headers
            .push((h.name().to_owned(), h.value().to_owned()));
    }
    Ok(())
}
