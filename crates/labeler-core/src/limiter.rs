//! Adaptive concurrency: how many requests may be in flight, learnt from throttling.
//!
//! Additive increase, multiplicative decrease, with a slow start: the limit grows by one per
//! success until the first throttle (doubling per round trip), then by one per round trip; a
//! throttle cuts it by 30% (the AWS SDKs' CUBIC β of 0.7), at most once per round of requests
//! sent at the old limit, so a burst of 429s from one overload counts once. It never exceeds
//! the user's maximum and never drops below one.

#[derive(Debug, Clone)]
pub struct Limiter {
    max: f64,
    limit: f64,
    slow_start: bool,
    /// Bumped on each decrease; a throttle on a call sent in an older epoch is not counted again.
    epoch: u64,
}

const DECREASE: f64 = 0.7;

impl Limiter {
    pub fn new(max: usize) -> Self {
        let max = max.max(1) as f64;
        Self {
            max,
            limit: max.min(4.0),
            slow_start: true,
            epoch: 0,
        }
    }

    /// Whole requests allowed in flight now.
    pub fn limit(&self) -> usize {
        self.limit.floor().max(1.0) as usize
    }

    pub fn max(&self) -> usize {
        self.max as usize
    }

    /// The epoch to record on a call when it is sent.
    pub fn epoch(&self) -> u64 {
        self.epoch
    }

    pub fn on_success(&mut self) {
        let step = if self.slow_start {
            1.0
        } else {
            1.0 / self.limit
        };
        self.limit = (self.limit + step).min(self.max);
    }

    /// A throttling answer to a call sent in `sent_epoch`.
    pub fn on_throttle(&mut self, sent_epoch: u64) {
        self.slow_start = false;
        if sent_epoch == self.epoch {
            self.limit = (self.limit * DECREASE).max(1.0);
            self.epoch += 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slow_start_then_additive_increase_capped_at_max() {
        let mut l = Limiter::new(16);
        assert_eq!(l.limit(), 4);
        for _ in 0..6 {
            l.on_success();
        }
        assert_eq!(l.limit(), 10);
        l.on_throttle(l.epoch());
        assert_eq!(l.limit(), 7);
        // Additive: about one more per `limit` successes.
        let mut n = 0;
        while l.limit() == 7 {
            l.on_success();
            n += 1;
        }
        assert_eq!(l.limit(), 8);
        assert!((7..=8).contains(&n), "{n}");
        for _ in 0..1000 {
            l.on_success();
        }
        assert_eq!(l.limit(), 16);
    }

    #[test]
    fn a_burst_of_throttles_from_one_round_counts_once() {
        let mut l = Limiter::new(10);
        for _ in 0..8 {
            l.on_success();
        }
        let sent = l.epoch();
        for _ in 0..5 {
            l.on_throttle(sent);
        }
        assert_eq!(l.limit(), 7);
        l.on_throttle(l.epoch());
        assert_eq!(l.limit(), 4);
    }

    #[test]
    fn never_below_one() {
        let mut l = Limiter::new(3);
        for _ in 0..20 {
            l.on_throttle(l.epoch());
        }
        assert_eq!(l.limit(), 1);
    }
}
