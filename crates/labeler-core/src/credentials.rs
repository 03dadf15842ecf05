//! Credential checks that need no network: does the key id go with a session token, and have
//! temporary keys already expired. Both fail before anything is signed or sent, with a message
//! that names the field and says what to paste.
//!
//! Also [`wipe_request_secrets`]: the shell turns the caller's JS object into a
//! `serde_json::Value` before validation, and that copy of the secrets is wiped once read.

use crate::error::LabelerError;
use aws_smithy_types::date_time::{DateTime, Format};
use serde_json::Value;
use zeroize::Zeroize;

/// What the first four characters of an access key id say about it.
/// (AWS's "unique ID prefixes": `AKIA` for an IAM user's access key, `ASIA` for temporary keys
/// issued by STS.)
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyKind {
    /// `AKIA…`: an IAM user's long-lived key; signing with a session token is wrong.
    LongLived,
    /// `ASIA…`: temporary keys from STS; useless without their session token.
    Temporary,
    /// Anything else (test keys such as `AKIDEXAMPLE`): no rule applies.
    Other,
}

pub fn key_kind(access_key_id: &str) -> KeyKind {
    if access_key_id.starts_with("AKIA") {
        KeyKind::LongLived
    } else if access_key_id.starts_with("ASIA") {
        KeyKind::Temporary
    } else {
        KeyKind::Other
    }
}

/// `ASIA…` keys need a session token; `AKIA…` keys must not get one. Both mistakes would only
/// show up as a 403 from AWS otherwise, with a message that does not say which field is wrong.
pub fn check_token_matches_key(access_key_id: &str, has_token: bool) -> Result<(), LabelerError> {
    match (key_kind(access_key_id), has_token) {
        (KeyKind::Temporary, false) => Err(LabelerError::invalid_input(
            "credentials.sessionToken",
            "is required with temporary keys (the Access Key ID starts with ASIA): paste the \
             SessionToken from the same `aws sts assume-role` output",
        )),
        (KeyKind::LongLived, true) => Err(LabelerError::invalid_input(
            "credentials.sessionToken",
            "must be empty for an IAM user's long-lived keys (the Access Key ID starts with AKIA); \
             a session token only goes with temporary ASIA… keys",
        )),
        _ => Ok(()),
    }
}

/// When temporary credentials stop working, in milliseconds since the Unix epoch.
/// Accepts what the AWS CLI prints (`2025-01-02T04:04:05+00:00`) and the `Z` form.
pub fn parse_expiration(text: &str) -> Result<i64, String> {
    let text = text.trim();
    DateTime::from_str(text, Format::DateTimeWithOffset)
        .map(|t| t.to_millis().unwrap_or(i64::MAX))
        .map_err(|_| {
            format!(
                "{text:?} is not a date and time like \"2025-01-02T04:04:05Z\" (the Expiration \
                 printed by `aws sts assume-role`)"
            )
        })
}

/// Fails with `ExpiredTokenException` (what AWS would answer) when `expires_at_ms` is not after
/// `now_ms`, so that expired keys are never sent.
pub fn check_not_expired(expires_at_ms: Option<i64>, now_ms: f64) -> Result<(), LabelerError> {
    let Some(expires) = expires_at_ms else {
        return Ok(());
    };
    if (expires as f64) > now_ms {
        return Ok(());
    }
    let when = DateTime::from_millis(expires)
        .fmt(Format::DateTime)
        .unwrap_or_else(|_| expires.to_string());
    Err(LabelerError::new(
        "ExpiredTokenException",
        format!(
            "These temporary credentials expired at {when} ({} ago), so nothing was sent. Run \
             `aws sts assume-role` again and paste the new Access Key ID, Secret Access Key and \
             Session Token.",
            describe_duration((now_ms - expires as f64).max(0.0))
        ),
    ))
}

fn describe_duration(ms: f64) -> String {
    let s = (ms / 1000.0).round() as u64;
    match s {
        0..=59 => format!("{s} s"),
        60..=5999 => format!("{} min", s / 60),
        _ => format!("{} h", s / 3600),
    }
}

/// Overwrites the secret access key and session token inside a request JSON value (and empties
/// them), so the copy the shell made of the caller's object does not linger in memory.
pub fn wipe_request_secrets(request: &mut Value) {
    let Some(creds) = request
        .get_mut("credentials")
        .and_then(Value::as_object_mut)
    else {
        return;
    };
    for key in ["secretAccessKey", "sessionToken"] {
        if let Some(Value::String(s)) = creds.get_mut(key) {
            s.zeroize();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn asia_needs_a_token_and_akia_must_not_have_one() {
        let e = check_token_matches_key("ASIAEMULATORROLE0001", false).unwrap_err();
        assert_eq!(e.code, "InvalidInput");
        assert!(e.message.starts_with("credentials.sessionToken:"), "{}", e.message);
        assert!(e.message.contains("ASIA"));
        let e = check_token_matches_key("AKIAEMULATORUSER0001", true).unwrap_err();
        assert!(e.message.starts_with("credentials.sessionToken:"), "{}", e.message);
        assert!(e.message.contains("AKIA"));
        assert!(check_token_matches_key("ASIAEMULATORROLE0001", true).is_ok());
        assert!(check_token_matches_key("AKIAEMULATORUSER0001", false).is_ok());
        // Keys of other shapes (AWS's documentation examples) are not judged.
        assert!(check_token_matches_key("AKIDEXAMPLE12345", true).is_ok());
        assert!(check_token_matches_key("AKIDEXAMPLE12345", false).is_ok());
    }

    #[test]
    fn expiration_parses_the_cli_forms() {
        let z = parse_expiration("2025-01-02T04:04:05Z").unwrap();
        assert_eq!(z, 1_735_790_645_000);
        assert_eq!(parse_expiration("2025-01-02T04:04:05+00:00").unwrap(), z);
        assert_eq!(parse_expiration(" 2025-01-02T06:04:05+02:00 ").unwrap(), z);
        assert!(parse_expiration("tomorrow").unwrap_err().contains("tomorrow"));
    }

    #[test]
    fn expired_keys_fail_before_sending() {
        let at = parse_expiration("2025-01-02T04:04:05Z").unwrap();
        assert!(check_not_expired(Some(at), at as f64 - 1.0).is_ok());
        assert!(check_not_expired(None, 1e15).is_ok());
        let e = check_not_expired(Some(at), at as f64 + 125_000.0).unwrap_err();
        assert_eq!(e.code, "ExpiredTokenException");
        assert!(e.message.contains("2025-01-02T04:04:05Z"), "{}", e.message);
        assert!(e.message.contains("2 min ago"), "{}", e.message);
        assert!(e.message.contains("aws sts assume-role"));
        // Exactly at the expiry time AWS already refuses the token.
        assert!(check_not_expired(Some(at), at as f64).is_err());
    }

    #[test]
    fn wipe_empties_both_secrets_and_leaves_the_rest() {
        let mut v = json!({
            "credentials": {"accessKeyId": "ASIAX", "secretAccessKey": "s3cret", "sessionToken": "t0ken"},
            "region": "us-east-1"
        });
        wipe_request_secrets(&mut v);
        assert_eq!(v["credentials"]["secretAccessKey"], "");
        assert_eq!(v["credentials"]["sessionToken"], "");
        assert_eq!(v["credentials"]["accessKeyId"], "ASIAX");
        assert_eq!(v["region"], "us-east-1");
        // Shapes that are not a request are left alone.
        let mut odd = json!({"credentials": "x"});
        wipe_request_secrets(&mut odd);
        assert_eq!(odd, json!({"credentials": "x"}));
    }
}
