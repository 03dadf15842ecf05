//! Retry timing: exponential backoff with full jitter, capped, honouring `x-amz-retry-after`.
//!
//! Throttling starts from a longer base than server faults (as the AWS SDKs' 2026 retry
//! revision does): a throttled account needs time, a 500 usually does not.

use crate::http::HttpResponse;

pub const DEFAULT_MAX_RETRIES: u32 = 4;
pub const MAX_RETRIES_LIMIT: u32 = 20;
const CAP_MS: f64 = 20_000.0;
const THROTTLE_BASE_MS: f64 = 500.0;
const FAULT_BASE_MS: f64 = 100.0;
/// A server's `x-amz-retry-after` is trusted up to this much.
const RETRY_AFTER_CAP_MS: f64 = 60_000.0;

/// A small deterministic PRNG (xorshift64*): the shell seeds it from `Math.random`, tests from a
/// constant, so retry timing is reproducible in tests and spread out in use.
#[derive(Debug, Clone)]
pub struct Jitter(u64);

impl Jitter {
    pub fn new(seed: u64) -> Self {
        Self(seed | 1)
    }

    /// Uniform in [0, 1).
    pub fn next_unit(&mut self) -> f64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        (x.wrapping_mul(0x2545_F491_4F6C_DD1D) >> 11) as f64 / (1u64 << 53) as f64
    }
}

/// Delay before retry number `retry` (1 = first retry) of a request that failed with `resp`.
pub fn backoff_ms(
    retry: u32,
    throttled: bool,
    resp: Option<&HttpResponse>,
    jitter: &mut Jitter,
) -> f64 {
    let base = if throttled {
        THROTTLE_BASE_MS
    } else {
        FAULT_BASE_MS
    };
    let ceiling = (base * 2f64.powi(retry.saturating_sub(1).min(30) as i32)).min(CAP_MS);
    let delay = jitter.next_unit() * ceiling;
    let retry_after = resp
        .and_then(|r| r.header("x-amz-retry-after"))
        .and_then(|v| v.trim().parse::<f64>().ok())
        .filter(|v| v.is_finite() && *v >= 0.0)
        .map(|v| v.min(RETRY_AFTER_CAP_MS));
    match retry_after {
        Some(after) => delay.max(after),
        None => delay,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn full_jitter_within_a_growing_capped_ceiling() {
        let mut j = Jitter::new(42);
        for retry in 1..12 {
            let ceiling = (500.0 * 2f64.powi(retry as i32 - 1)).min(20_000.0);
            for _ in 0..200 {
                let d = backoff_ms(retry, true, None, &mut j);
                assert!((0.0..ceiling).contains(&d), "retry {retry}: {d}");
            }
        }
        // Jitter spreads: not all the same.
        let a: Vec<u64> = (0..10)
            .map(|_| backoff_ms(3, false, None, &mut j) as u64)
            .collect();
        assert!(a.iter().any(|x| *x != a[0]));
    }

    #[test]
    fn retry_after_is_honoured_and_capped() {
        let mut j = Jitter::new(7);
        let resp = |v: &str| HttpResponse {
            status: 429,
            headers: vec![("x-amz-retry-after".into(), v.into())],
            body: vec![],
        };
        assert!(backoff_ms(1, true, Some(&resp("3000")), &mut j) >= 3000.0);
        assert_eq!(
            backoff_ms(1, true, Some(&resp("999999999")), &mut j),
            60_000.0
        );
        assert!(backoff_ms(1, true, Some(&resp("soon")), &mut j) < 500.0);
    }
}
