//! Credential checks that need no network: does the key id go with a session token, and have
//! temporary keys already expired. Both fail before anything is signed or sent, with a message
//! that names the field and says what to paste.
//!
//! Also [`wipe_request_secrets`]: the shell turns the caller's JS object into a
//! `serde_json::Value` before validation, and that copy of the secrets is wiped once read.

use crate::error::{AwsCode, LabelerError};
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
/// Accepts what the AWS CLI prints (`2025-01-02T04:04:05+00:00`) and the `Z` form, with or
/// without fractional seconds (RFC 3339).
pub fn parse_expiration(text: &str) -> Result<i64, String> {
    let text = text.trim();
    rfc3339_millis(text).ok_or_else(|| {
        format!(
            "{text:?} is not a date and time like \"2025-01-02T04:04:05Z\" (the Expiration \
             printed by `aws sts assume-role`)"
        )
    })
}

/// RFC 3339 date-time to epoch milliseconds. Hand-written rather than aws-smithy-types'
/// parser: that one added 7.5 KB gzipped to the wasm; tests/fuzz_parsers.rs checks this one
/// against it.
pub fn rfc3339_millis(s: &str) -> Option<i64> {
    let b = s.as_bytes();
    let num = |from: usize, len: usize| -> Option<i64> {
        let digits = b.get(from..from + len)?;
        digits.iter().try_fold(0i64, |n, &d| {
            d.is_ascii_digit().then(|| n * 10 + i64::from(d - b'0'))
        })
    };
    let sep = |at: usize, allowed: &[u8]| b.get(at).is_some_and(|c| allowed.contains(c));
    if !(sep(4, b"-") && sep(7, b"-") && sep(10, b"Tt ") && sep(13, b":") && sep(16, b":")) {
        return None;
    }
    let (year, month, day) = (num(0, 4)?, num(5, 2)?, num(8, 2)?);
    let (hour, minute, second) = (num(11, 2)?, num(14, 2)?, num(17, 2)?);
    let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
    let month_days = [
        31,
        if leap { 29 } else { 28 },
        31,
        30,
        31,
        30,
        31,
        31,
        30,
        31,
        30,
        31,
    ];
    if !(1..=12).contains(&month)
        || day < 1
        || day > month_days[(month - 1) as usize]
        || hour > 23
        || minute > 59
        || second > 60
    {
        return None;
    }
    // Fractional seconds: any number of digits, milliseconds kept.
    let mut at = 19;
    let mut millis = 0;
    if b.get(at) == Some(&b'.') {
        let start = at + 1;
        at = start;
        while b.get(at).is_some_and(u8::is_ascii_digit) {
            at += 1;
        }
        if at == start {
            return None;
        }
        let frac = &s[start..at.min(start + 3)];
        millis = frac.parse::<i64>().ok()? * 10i64.pow(3 - frac.len() as u32);
    }
    let offset_minutes = match b.get(at)? {
        b'Z' | b'z' if at + 1 == b.len() => 0,
        sign @ (b'+' | b'-') if at + 6 == b.len() && sep(at + 3, b":") => {
            let (h, m) = (num(at + 1, 2)?, num(at + 4, 2)?);
            if h > 23 || m > 59 {
                return None;
            }
            let minutes = h * 60 + m;
            if *sign == b'-' {
                -minutes
            } else {
                minutes
            }
        }
        _ => return None,
    };
    // Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil).
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (month + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    let days = era * 146_097 + doe - 719_468;
    let seconds = days * 86_400 + hour * 3600 + minute * 60 + second - offset_minutes * 60;
    Some(seconds * 1000 + millis)
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
    let when = utc_text(expires);
    Err(LabelerError::new(
        AwsCode::ExpiredTokenException,
        format!(
            "These temporary credentials expired at {when} ({} ago), so nothing was sent. Run \
             `aws sts assume-role` again and paste the new Access Key ID, Secret Access Key and \
             Session Token.",
            describe_duration((now_ms - expires as f64).max(0.0))
        ),
    ))
}

/// `2025-01-02T04:04:05Z` for epoch milliseconds (H. Hinnant's civil_from_days).
fn utc_text(ms: i64) -> String {
    let secs = ms.div_euclid(1000);
    let (days, rem) = (secs.div_euclid(86_400), secs.rem_euclid(86_400));
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}Z",
        rem / 3600,
        rem / 60 % 60,
        rem % 60
    )
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
        assert!(
            e.message.starts_with("credentials.sessionToken:"),
            "{}",
            e.message
        );
        assert!(e.message.contains("ASIA"));
        let e = check_token_matches_key("AKIAEMULATORUSER0001", true).unwrap_err();
        assert!(
            e.message.starts_with("credentials.sessionToken:"),
            "{}",
            e.message
        );
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
        assert!(parse_expiration("tomorrow")
            .unwrap_err()
            .contains("tomorrow"));
        assert_eq!(
            parse_expiration("2025-01-02T04:04:05.123456Z").unwrap(),
            z + 123
        );
        assert_eq!(parse_expiration("2025-01-02t04:04:05.5z").unwrap(), z + 500);
        assert_eq!(parse_expiration("1969-12-31T23:59:59Z").unwrap(), -1000);
        assert_eq!(
            parse_expiration("2024-02-29T00:00:00-00:30").unwrap(),
            1_709_166_600_000
        );
        for bad in [
            "2025-02-29T00:00:00Z",
            "2025-13-01T00:00:00Z",
            "2025-01-02T24:00:00Z",
            "2025-01-02T04:04:05",
            "2025-01-02T04:04:05+0000",
            "2025-01-02T04:04:05.Z",
            "2025-01-02T04:04:05Zjunk",
            "2025-1-02T04:04:05Z",
            "+025-01-02T04:04:05Z",
            "2025-01-02T04:04:05+24:00",
        ] {
            assert!(parse_expiration(bad).is_err(), "{bad}");
        }
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
        assert_eq!(utc_text(-1000), "1969-12-31T23:59:59Z");
        assert_eq!(utc_text(951_782_400_000), "2000-02-29T00:00:00Z");
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
