//! Clock skew: AWS refuses a signature whose `X-Amz-Date` is more than 5 minutes from its own
//! clock. Like the AWS JS SDK, we read the server's time from the `Date` response header (or the
//! times in a "Signature expired" message) and sign later requests with the corrected clock.

use crate::http::HttpResponse;

/// Skew at or beyond which we correct the clock (AWS's tolerance is 5 minutes).
pub const SKEW_LIMIT_MS: f64 = 5.0 * 60.0 * 1000.0;

/// The last instant SigV4 can express: `X-Amz-Date` has a four-digit year, and aws-sigv4
/// panics formatting a later time (9999-12-31T23:59:59Z).
pub const LATEST_SIGNABLE_MS: f64 = 253_402_300_799_000.0;

/// `ms` (since the epoch) brought into what SigV4 can sign: 1970-01-01 to
/// [`LATEST_SIGNABLE_MS`]. No clock reading or server time, however wrong, may make signing
/// panic.
pub fn signable_ms(ms: f64) -> f64 {
    if ms.is_nan() {
        0.0
    } else {
        ms.clamp(0.0, LATEST_SIGNABLE_MS)
    }
}

/// A server time we can sign with: anything else (a year before 1970 or after 9999, from a
/// broken or hostile endpoint) is ignored rather than learnt.
fn plausible(ms: f64) -> Option<f64> {
    (0.0..=LATEST_SIGNABLE_MS).contains(&ms).then_some(ms)
}

/// Milliseconds since the epoch of an IMF-fixdate (`Sun, 06 Nov 1994 08:49:37 GMT`).
pub fn parse_http_date(s: &str) -> Option<f64> {
    let parts: Vec<&str> = s.split_whitespace().collect();
    let [_, day, month, year, time, "GMT"] = parts.as_slice() else {
        return None;
    };
    let month = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ]
    .iter()
    .position(|m| m == month)? as u32
        + 1;
    let day: u32 = day.parse().ok()?;
    // IMF-fixdate's year is four digits (RFC 9110 §5.6.7); more would not fit X-Amz-Date.
    if year.len() != 4 || !year.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let year: i64 = year.parse().ok()?;
    let hms: Vec<u32> = time
        .split(':')
        .map(|p| p.parse().ok())
        .collect::<Option<_>>()?;
    let [h, m, sec] = hms.as_slice() else {
        return None;
    };
    if !(1..=31).contains(&day) || *h > 23 || *m > 59 || *sec > 60 {
        return None;
    }
    let days = days_from_civil(year, month, day);
    Some(((days * 86_400) + (*h as i64) * 3600 + (*m as i64) * 60 + *sec as i64) as f64 * 1000.0)
}

/// `20250130T204631Z` (SigV4 basic format) to milliseconds since the epoch.
pub fn parse_amz_date(s: &str) -> Option<f64> {
    let b = s.as_bytes();
    if b.len() != 16 || b[8] != b'T' || b[15] != b'Z' {
        return None;
    }
    let n = |r: std::ops::Range<usize>| s.get(r)?.parse::<u32>().ok();
    let (y, mo, d, h, mi, se) = (
        n(0..4)?,
        n(4..6)?,
        n(6..8)?,
        n(9..11)?,
        n(11..13)?,
        n(13..15)?,
    );
    if !(1..=12).contains(&mo) || !(1..=31).contains(&d) || h > 23 || mi > 59 || se > 60 {
        return None;
    }
    let days = days_from_civil(y as i64, mo, d);
    Some(((days * 86_400) + (h as i64) * 3600 + (mi as i64) * 60 + se as i64) as f64 * 1000.0)
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
fn days_from_civil(y: i64, m: u32, d: u32) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = if y >= 0 { y } else { y - 399 } / 400;
    let yoe = y - era * 400;
    let m = m as i64;
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + d as i64 - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The server's clock according to a response: its `Date` header, else the server time in a
/// "Signature expired: … (20250130T204631Z - 5 min.)" / "not yet current … (… + 5 min.)" message.
/// Times SigV4 could not sign with are ignored.
pub fn server_time_ms(resp: &HttpResponse, message: &str) -> Option<f64> {
    if let Some(t) = date_header_ms(resp) {
        return Some(t);
    }
    let open = message.rfind('(')?;
    let stamp = message[open + 1..].split_whitespace().next()?;
    parse_amz_date(stamp).and_then(plausible)
}

/// The server's clock from a response's `Date` header, if it has one we can sign with.
pub fn date_header_ms(resp: &HttpResponse) -> Option<f64> {
    resp.header("date")
        .and_then(parse_http_date)
        .and_then(plausible)
}

/// The offset (server − local) to sign with, if `server_ms` is at least 5 minutes away from the
/// corrected local clock.
pub fn corrected_offset(server_ms: f64, now_ms: f64, current_offset_ms: f64) -> Option<f64> {
    let skew = server_ms - (now_ms + current_offset_ms);
    (skew.abs() >= SKEW_LIMIT_MS).then_some(server_ms - now_ms)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn http_dates() {
        assert_eq!(parse_http_date("Thu, 01 Jan 1970 00:00:00 GMT"), Some(0.0));
        assert_eq!(
            parse_http_date("Thu, 02 Jan 2025 03:04:05 GMT"),
            Some(1_735_787_045_000.0)
        );
        assert_eq!(
            parse_http_date("Sat, 29 Feb 2028 23:59:59 GMT"),
            Some(1_835_481_599_000.0)
        );
        assert_eq!(parse_http_date("garbage"), None);
        // Not an IMF-fixdate year: ignored, never learnt.
        assert_eq!(parse_http_date("Sat, 01 Jan 10000 00:00:00 GMT"), None);
        assert_eq!(parse_http_date("Sat, 01 Jan +2025 00:00:00 GMT"), None);
        assert_eq!(
            parse_http_date("Fri, 31 Dec 9999 23:59:59 GMT"),
            Some(LATEST_SIGNABLE_MS)
        );
        assert_eq!(parse_http_date("Thu, 02 Foo 2025 03:04:05 GMT"), None);
    }

    #[test]
    fn amz_dates_and_expired_messages() {
        assert_eq!(
            parse_amz_date("20250102T030405Z"),
            Some(1_735_787_045_000.0)
        );
        let resp = HttpResponse::default();
        let msg = "Signature expired: 20250130T203827Z is now earlier than 20250130T204131Z (20250130T204631Z - 5 min.)";
        assert_eq!(
            server_time_ms(&resp, msg),
            parse_amz_date("20250130T204631Z")
        );
        assert_eq!(server_time_ms(&resp, "no times here"), None);
    }

    #[test]
    fn offsets_only_beyond_five_minutes() {
        assert_eq!(
            corrected_offset(1_000_000.0, 1_000_000.0 - 299_000.0, 0.0),
            None
        );
        assert_eq!(
            corrected_offset(1_000_000.0, 1_000_000.0 - 600_000.0, 0.0),
            Some(600_000.0)
        );
        // Already corrected: no new correction.
        assert_eq!(corrected_offset(1_000_000.0, 400_000.0, 600_000.0), None);
        assert_eq!(corrected_offset(0.0, 600_000.0, 0.0), Some(-600_000.0));
    }
}
