//! Token-quota pacing: send no faster than the account's tokens-per-minute quota refills.
//!
//! Bedrock meters a model's on-demand quota in tokens (models-and-quotas §10): when a request
//! starts it **reserves** its input tokens + `max_tokens`; when it ends it **settles** at
//! input + burn × output, where one output token burns 5 quota tokens on Claude 3.7 and later and
//! 1 elsewhere (§10.3: AWS agent-toolkit-for-aws model-invocation.md; user guide
//! quotas-token-burndown.html). Cache reads are left out of the settlement (§10.4, where AWS's
//! sources disagree). A request that finds too little quota left is answered 429
//! ThrottlingException at once.
//!
//! The pacer mirrors that quota as a token bucket refilling `tpm / 60` tokens a second. A request
//! may go when the bucket holds what it will cost (its reservation, or what such requests have
//! been settling at, whichever is larger); that is taken out when it is sent, and the difference
//! to its settlement is put back or taken out when it ends. A throttled request took nothing (it
//! is put back) and tells us the bucket is empty.
//!
//! **The quota** is the caller's (`tokensPerMinute`, from the Service Quotas console) or learnt:
//! until the first throttle the pacer does not hold anything back. At the first throttle the
//! service's bucket is empty; a first, cautious estimate is what the run consumed in the last
//! minute spread over that time plus [`ASSUMED_BURST_S`] (what the service is assumed to let
//! through at once: unverified, AWS does not document it), and it grows by [`LEARN_GROWTH`]
//! every [`LEARN_STEP_MS`] it holds requests back, until the next throttle. The bucket was empty
//! at both throttles, so what was consumed between them is the quota's refill over that time,
//! whatever the service's burst: that is the quota ([`LEARN_SAFETY`] below it). Then each
//! throttle from a request sent under the current estimate cuts it by [`CUT`], and an estimate
//! that has held requests back for [`PROBE_MS`] without a throttle grows by [`PROBE`]. A quota
//! the caller gave is never exceeded (a cut grows back to it). A run starts with
//! [`ASSUMED_BURST_S`] of quota in the bucket; after that it is [`BUCKET_S`] deep.
//!
//! An optional requests-per-minute limit (`requestsPerMinute`) is a second bucket, one second's
//! worth deep.
//!
//! Sans-IO: the job asks [`Pacer::wait_ms`] before sending and reports sends, settlements and
//! throttles with the clock reading the shell passed in; nothing here reads a clock.

use std::collections::VecDeque;

/// Seconds' worth of quota the bucket holds when full (so at most this much goes at once).
/// Kept below [`ASSUMED_BURST_S`], so the mirror never lets through more than the service does.
pub const BUCKET_S: f64 = 1.0;
/// What the service is assumed to let through at once, in seconds of quota, when a quota is
/// learnt from a first throttle. Unverified (the emulator's default, `quotaTokenBurstS`).
pub const ASSUMED_BURST_S: f64 = 10.0;
/// A throttle under the current estimate cuts it to this share.
pub const CUT: f64 = 0.9;
/// A learnt estimate grows by this share after [`PROBE_MS`] without a throttle.
pub const PROBE: f64 = 1.03;
pub const PROBE_MS: f64 = 20_000.0;
/// While learning, the first estimate grows by this share each step it held requests back.
pub const LEARN_GROWTH: f64 = 1.25;
pub const LEARN_STEP_MS: f64 = 500.0;
/// The rate measured between two throttles, taken this much below.
pub const LEARN_SAFETY: f64 = 0.97;
/// Two throttles closer than this measure nothing (the second was sent before the first came).
const LEARN_MIN_MS: f64 = 1_000.0;
const WINDOW_MS: f64 = 60_000.0;

#[derive(Debug, Clone)]
pub struct Pacer {
    /// The quota in tokens per minute, once known (given or learnt).
    tpm: Option<f64>,
    /// The caller gave `tpm`: never raised above it.
    given: bool,
    given_tpm: f64,
    /// Tokens in the bucket at `at_ms` (may be negative after a settlement above the reservation).
    level: f64,
    at_ms: f64,
    rpm: Option<f64>,
    requests: f64,
    requests_at_ms: f64,
    /// Quota tokens taken (+) and put back (−) in the last minute, for learning.
    log: VecDeque<(f64, f64)>,
    /// When the first request was sent.
    started_ms: Option<f64>,
    /// Bumped on each learn or cut: a throttle of a request sent before counts no further.
    epoch: u64,
    /// When the estimate last changed, and whether it held a request back since.
    changed_ms: f64,
    held_back: bool,
    /// Input tokens per body byte, learnt from usage (a quarter to start: four characters a
    /// token, as the estimate counts).
    tokens_per_byte: f64,
    /// Output tokens per item, learnt from usage (None until the first answer).
    output_per_item: Option<f64>,
    /// Quota tokens taken over the whole call (for the rate between two throttles).
    taken_total: f64,
    /// Learning: the first throttle's time and `taken_total` then, until the second.
    learning: Option<(f64, f64)>,
    /// Quota tokens per output token (the model row's `burn`).
    burn: f64,
    /// The largest cost a request has had.
    largest_cost: f64,
}

/// What a request was charged when it was sent, to settle it later.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Charge {
    /// Taken out of the bucket when sent.
    pub tokens: f64,
    /// Input tokens + `max_tokens`: what the service reserves.
    pub reserved: f64,
    /// The pacer's epoch when sent.
    pub epoch: u64,
}

impl Pacer {
    pub fn new(tpm: Option<f64>, rpm: Option<f64>, burn: u8) -> Self {
        let mut p = Self {
            tpm: None,
            given: tpm.is_some(),
            given_tpm: tpm.unwrap_or(f64::INFINITY),
            level: 0.0,
            at_ms: f64::NAN,
            rpm,
            requests: rpm.map_or(0.0, |r| (r / 60.0).max(1.0)),
            requests_at_ms: f64::NAN,
            log: VecDeque::new(),
            started_ms: None,
            epoch: 0,
            changed_ms: f64::NAN,
            held_back: false,
            tokens_per_byte: 0.25,
            output_per_item: None,
            taken_total: 0.0,
            learning: None,
            burn: f64::from(burn.max(1)),
            largest_cost: 0.0,
        };
        if let Some(tpm) = tpm {
            p.tpm = Some(tpm);
            // A run starts with the burst the service is assumed to allow (after that the bucket
            // is one second deep): a smaller real burst costs a few throttles at the start, and
            // the estimate then comes back up to the quota given.
            p.level = tpm / 60.0 * ASSUMED_BURST_S;
        }
        p
    }

    /// The quota in use (tokens per minute), if known.
    pub fn tokens_per_minute(&self) -> Option<f64> {
        self.tpm
    }

    /// Whether token pacing is on (a quota is known).
    pub fn active(&self) -> bool {
        self.tpm.is_some()
    }

    /// The bucket's depth: a second's worth, or the largest request's cost if that is more
    /// (the service takes a request only when its reservation fits), at most the assumed burst.
    fn capacity(&self) -> f64 {
        self.tpm.map_or(f64::INFINITY, |t| {
            (t / 60.0 * BUCKET_S)
                .max(self.largest_cost)
                .min(t / 60.0 * ASSUMED_BURST_S)
        })
    }

    fn refill(&mut self, now_ms: f64) {
        if let Some(tpm) = self.tpm {
            if self.at_ms.is_nan() || now_ms < self.at_ms {
                self.at_ms = now_ms;
            }
            // Refills up to the bucket's depth (the start's larger credit is spent, not cut).
            let cap = self.capacity();
            if self.level < cap {
                self.level = (self.level + (now_ms - self.at_ms) * tpm / WINDOW_MS).min(cap);
            }
            self.at_ms = now_ms;
        }
        if let Some(rpm) = self.rpm {
            if self.requests_at_ms.is_nan() || now_ms < self.requests_at_ms {
                self.requests_at_ms = now_ms;
            }
            let cap = (rpm / 60.0).max(1.0);
            self.requests =
                (self.requests + (now_ms - self.requests_at_ms) * rpm / WINDOW_MS).min(cap);
            self.requests_at_ms = now_ms;
        }
    }

    /// What the service will reserve for a request of `body_bytes` bytes asking `max_tokens`.
    pub fn reservation(&self, body_bytes: usize, max_tokens: u32) -> f64 {
        (body_bytes as f64 * self.tokens_per_byte).ceil() + f64::from(max_tokens)
    }

    /// What a request will cost the quota, as best known at send: its reservation, or the
    /// settlement its items are expected to reach (input + burn × output), the larger.
    pub fn cost(&self, body_bytes: usize, max_tokens: u32, items: usize) -> f64 {
        let reserved = self.reservation(body_bytes, max_tokens);
        let expected = self.output_per_item.map_or(0.0, |o| {
            (body_bytes as f64 * self.tokens_per_byte).ceil() + self.burn * o * items as f64
        });
        reserved.max(expected)
    }

    /// Milliseconds until a request costing `cost` may go (0: now). Remembers that the quota
    /// held a request back (which lets a learnt estimate grow).
    pub fn wait_ms(&mut self, cost: f64, now_ms: f64) -> f64 {
        let mut wait: f64 = 0.0;
        self.largest_cost = self.largest_cost.max(cost);
        self.refill(now_ms);
        if let Some(tpm) = self.tpm {
            // A request costing more than the bucket holds goes when it is full.
            let need = cost.min(self.capacity());
            if self.level < need {
                wait = (need - self.level) * WINDOW_MS / tpm;
            }
        }
        if let Some(rpm) = self.rpm {
            if self.requests < 1.0 {
                wait = wait.max((1.0 - self.requests) * WINDOW_MS / rpm);
            }
        }
        if wait > 0.0 {
            self.held_back = true;
        }
        // Whole milliseconds (the clock's unit): a wait of a rounding error would not move it.
        wait.ceil()
    }

    /// A request is sent: takes its cost out of the bucket.
    pub fn on_send(&mut self, cost: f64, reserved: f64, now_ms: f64) -> Charge {
        self.started_ms.get_or_insert(now_ms);
        self.refill(now_ms);
        self.maybe_probe(now_ms);
        if self.tpm.is_some() {
            self.level -= cost;
        }
        if self.rpm.is_some() {
            self.requests -= 1.0;
        }
        self.record(now_ms, cost);
        Charge {
            tokens: cost,
            reserved,
            epoch: self.epoch,
        }
    }

    /// A request ended with an answer: input and output tokens as the usage reported them.
    /// Puts back (or takes out) the difference between its charge and its settlement, and learns
    /// the input tokens per byte and output tokens per item.
    pub fn on_settle(
        &mut self,
        charge: Charge,
        body_bytes: usize,
        items: usize,
        input: u64,
        output: u64,
        now_ms: f64,
    ) {
        let settled = input as f64 + self.burn * output as f64;
        self.refill(now_ms);
        if self.tpm.is_some() {
            self.level += charge.tokens - settled;
        }
        self.record(now_ms, settled - charge.tokens);
        if body_bytes > 0 && input > 0 {
            let ratio = input as f64 / body_bytes as f64;
            // Lean high: a reservation a little too big costs a few milliseconds of waiting, one
            // too small a throttle.
            self.tokens_per_byte = if ratio > self.tokens_per_byte {
                ratio
            } else {
                0.9 * self.tokens_per_byte + 0.1 * ratio
            };
        }
        if items > 0 && output > 0 {
            let per = output as f64 / items as f64;
            self.output_per_item = Some(match self.output_per_item {
                Some(o) if per <= o => 0.8 * o + 0.2 * per,
                _ => per,
            });
        }
    }

    /// A request ended without an answer (an error other than throttling, no response): the
    /// service is taken to have kept nothing of it (unverified for 5xx).
    pub fn on_refund(&mut self, charge: Charge, now_ms: f64) {
        self.refill(now_ms);
        if self.tpm.is_some() {
            self.level += charge.tokens;
        }
        self.record(now_ms, -charge.tokens);
    }

    /// A request was throttled: nothing of it was taken, and the service's bucket is empty. The
    /// first throttle learns the quota; a later one, of a request sent under the current
    /// estimate, cuts it. Returns true when the estimate changed.
    pub fn on_throttle(&mut self, charge: Charge, now_ms: f64) -> bool {
        self.on_refund(charge, now_ms);
        let changed = match (self.tpm, self.learning) {
            (None, _) => {
                let first = self.learn(now_ms, charge.reserved);
                self.tpm = Some(first);
                self.learning = Some((now_ms, self.taken_total));
                self.level = 0.0;
                self.at_ms = now_ms;
                true
            }
            // A throttle of a request sent before the estimate changed says nothing new.
            (Some(_), Some(_)) if charge.epoch != self.epoch => false,
            // Nothing went through since the last throttle: halve the estimate (an exponential
            // backoff, at most the assumed burst's worth of waiting) and learn again from here.
            (Some(tpm), Some((_, taken1))) if self.taken_total - taken1 <= 0.0 => {
                self.tpm = Some((tpm * 0.5).max(1.0));
                self.learning = Some((now_ms, self.taken_total));
                true
            }
            (Some(_), Some((t1, taken1))) if now_ms - t1 >= LEARN_MIN_MS => {
                let rate = (self.taken_total - taken1) * WINDOW_MS / (now_ms - t1);
                self.tpm = Some((rate * LEARN_SAFETY).max(charge.reserved).max(1.0));
                self.learning = None;
                true
            }
            (Some(_), Some(_)) => false,
            (Some(tpm), None) if charge.epoch == self.epoch => {
                self.tpm = Some((tpm * CUT).max(charge.reserved));
                true
            }
            (Some(_), None) => false,
        };
        // The service found too little: so is ours.
        self.level = self.level.min(0.0);
        if changed {
            self.epoch += 1;
            self.changed_ms = now_ms;
            self.held_back = false;
        }
        changed
    }

    /// The rate the last minute's consumption implies: what was taken since the window began,
    /// spread over the window plus the burst the service is assumed to have let through. At
    /// least one request's reservation a second.
    fn learn(&mut self, now_ms: f64, reserved: f64) -> f64 {
        self.trim(now_ms);
        let taken: f64 = self.log.iter().map(|(_, t)| t).sum();
        let span_ms = (now_ms - self.started_ms.unwrap_or(now_ms)).clamp(0.0, WINDOW_MS);
        let per_minute = taken.max(0.0) * WINDOW_MS / (span_ms + ASSUMED_BURST_S * 1000.0);
        // At least one such request a second: with nothing consumed yet (a lone request) the
        // wait is then about a second, as a first backoff would be.
        per_minute.max(reserved * 60.0).max(1.0)
    }

    /// A learnt estimate that has held requests back for [`PROBE_MS`] without a throttle grows.
    fn maybe_probe(&mut self, now_ms: f64) {
        let Some(tpm) = self.tpm else { return };
        if self.changed_ms.is_nan() || (self.given && tpm >= self.given_tpm) {
            return;
        }
        let (step, growth) = if self.learning.is_some() {
            (LEARN_STEP_MS, LEARN_GROWTH)
        } else {
            (PROBE_MS, PROBE)
        };
        if now_ms - self.changed_ms >= step {
            if self.held_back {
                self.tpm = Some((tpm * growth).min(self.given_tpm));
            }
            self.changed_ms = now_ms;
            self.held_back = false;
        }
    }

    fn record(&mut self, now_ms: f64, tokens: f64) {
        self.taken_total += tokens;
        self.log.push_back((now_ms, tokens));
        self.trim(now_ms);
    }

    fn trim(&mut self, now_ms: f64) {
        while self
            .log
            .front()
            .is_some_and(|(t, _)| now_ms - t > WINDOW_MS)
        {
            self.log.pop_front();
        }
    }

    /// Quota tokens each output token burns.
    pub fn burn(&self) -> f64 {
        self.burn
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reservation_is_input_estimate_plus_max_tokens_and_settlement_burns_output() {
        // 300,000 tokens a minute: 5,000 a second, 5,000 in a full bucket (one second's worth).
        let mut p = Pacer::new(Some(300_000.0), None, 5);
        assert_eq!(p.level, 50_000.0, "starts with ten seconds' worth");
        p.level = 5_000.0;
        assert_eq!(p.reservation(4_000, 600), 1_000.0 + 600.0);
        assert_eq!(p.wait_ms(1_600.0, 0.0), 0.0);
        let c = p.on_send(1_600.0, 1_600.0, 0.0);
        assert_eq!(p.level, 5_000.0 - 1_600.0);
        // Settles at input 1,000 + 5 × output 200 = 2,000: 400 more than was taken.
        p.on_settle(c, 4_000, 10, 1_000, 200, 0.0);
        assert_eq!(p.level, 5_000.0 - 2_000.0);
        // Learnt: 20 output tokens per item, so the next such request is expected to settle at
        // 1,000 + 5 × 20 × 10 = 2,000, more than its reservation.
        assert_eq!(p.cost(4_000, 600, 10), 2_000.0);
        // Refill: 5,000 a second, capped at the bucket.
        assert_eq!(p.wait_ms(4_000.0, 0.0), 200.0);
        assert_eq!(p.wait_ms(4_000.0, 200.0), 0.0);
        p.wait_ms(0.0, 60_000.0);
        assert_eq!(p.level, 5_000.0);
    }

    #[test]
    fn burn_one_settles_input_plus_output() {
        let mut p = Pacer::new(Some(300_000.0), None, 1);
        p.level = 5_000.0;
        let c = p.on_send(1_600.0, 1_600.0, 0.0);
        p.on_settle(c, 4_000, 10, 1_000, 200, 0.0);
        assert_eq!(p.level, 5_000.0 - 1_200.0);
    }

    #[test]
    fn a_throttle_puts_the_charge_back_and_empties_the_bucket() {
        let mut p = Pacer::new(Some(60_000.0), None, 5);
        let c = p.on_send(1_000.0, 1_000.0, 0.0);
        assert!(p.on_throttle(c, 0.0));
        assert_eq!(p.level, 0.0);
        assert_eq!(p.tokens_per_minute(), Some(54_000.0));
        // A second throttle of a request sent before the cut does not cut again.
        assert!(!p.on_throttle(c, 0.0));
        assert_eq!(p.tokens_per_minute(), Some(54_000.0));
        // Waits for the refill at the cut rate: 900 a second.
        assert_eq!(p.wait_ms(900.0, 0.0), 1_000.0);
    }

    #[test]
    fn the_first_throttle_learns_the_quota_from_the_last_minute() {
        let mut p = Pacer::new(None, None, 5);
        assert!(!p.active());
        assert_eq!(
            p.wait_ms(1e9, 0.0),
            0.0,
            "nothing is held back before a quota is known"
        );
        // 20 s of requests settling 2,000 tokens each, 5 a second: 200,000 tokens consumed.
        let mut t = 0.0;
        for _ in 0..100 {
            let c = p.on_send(1_600.0, 1_600.0, t);
            p.on_settle(c, 4_000, 10, 1_000, 200, t + 100.0);
            t += 200.0;
        }
        let c = p.on_send(1_600.0, 1_600.0, t);
        assert!(p.on_throttle(c, t));
        // 200,000 over 20 s + the assumed 10 s burst → 400,000 a minute.
        let tpm = p.tokens_per_minute().unwrap();
        assert!((tpm - 400_000.0).abs() < 1_000.0, "{tpm}");
        assert!(p.active());
        assert!(p.wait_ms(2_000.0, t) > 0.0);
    }

    #[test]
    fn the_second_throttle_measures_the_quota_whatever_the_burst() {
        // The service: 120,000 a minute (2,000 a second). The first estimate is cautious; it
        // grows while it holds requests back; the consumption between the two throttles is the
        // refill, so the second throttle gives the quota.
        let mut p = Pacer::new(None, None, 1);
        let c = p.on_send(10_000.0, 10_000.0, 0.0);
        p.on_settle(c, 0, 1, 10_000, 0, 100.0);
        let c = p.on_send(1_000.0, 1_000.0, 100.0);
        assert!(p.on_throttle(c, 100.0));
        let first = p.tokens_per_minute().unwrap();
        assert!(first < 120_000.0, "{first}");
        // Three seconds sending 2,000 a second (all the service refills), held back at times.
        let mut t = 100.0;
        while t < 3_100.0 {
            p.wait_ms(1e9, t);
            let c = p.on_send(200.0, 200.0, t);
            p.on_settle(c, 0, 1, 200, 0, t);
            t += 100.0;
        }
        assert!(
            p.tokens_per_minute().unwrap() > first,
            "grew while learning"
        );
        let c = p.on_send(200.0, 200.0, t);
        assert!(p.on_throttle(c, t));
        let learnt = p.tokens_per_minute().unwrap();
        assert!(
            (learnt - 120_000.0 * LEARN_SAFETY).abs() < 3_000.0,
            "{learnt}"
        );
    }

    #[test]
    fn a_learnt_quota_grows_when_it_held_requests_back_without_throttles() {
        let mut p = Pacer::new(None, None, 1);
        let c = p.on_send(60_000.0, 60_000.0, 0.0);
        p.on_throttle(c, 0.0);
        let c = p.on_send(1_000.0, 1_000.0, 1_000.0);
        p.on_settle(c, 0, 1, 1_000, 0, 1_000.0);
        let c = p.on_send(1_000.0, 1_000.0, 2_000.0);
        p.on_throttle(c, 2_000.0);
        let learnt = p.tokens_per_minute().unwrap();
        assert_eq!(learnt, 30_000.0 * LEARN_SAFETY, "1,000 tokens in 2 s");
        assert!(p.wait_ms(1e6, 2_001.0) > 0.0);
        p.on_send(1_000.0, 1_000.0, 2_000.0 + PROBE_MS + 1.0);
        assert_eq!(p.tokens_per_minute(), Some(learnt * PROBE));
        // A given quota grows back after a cut, never above it.
        let mut given = Pacer::new(Some(60_000.0), None, 1);
        let c = given.on_send(1_000.0, 1_000.0, 0.0);
        given.on_throttle(c, 0.0);
        assert_eq!(given.tokens_per_minute(), Some(54_000.0));
        let mut t = 1.0;
        for _ in 0..10 {
            given.wait_ms(1e6, t);
            t += PROBE_MS + 1.0;
            given.on_send(1.0, 1.0, t);
        }
        assert_eq!(given.tokens_per_minute(), Some(60_000.0));
    }

    #[test]
    fn throttles_with_nothing_answered_back_off_exponentially_up_to_the_burst() {
        let mut p = Pacer::new(None, None, 1);
        let mut t = 0.0;
        let mut waits = Vec::new();
        for _ in 0..8 {
            let w = p.wait_ms(600.0, t);
            waits.push(w);
            t += w;
            let c = p.on_send(600.0, 600.0, t);
            p.on_throttle(c, t);
        }
        // About a second first, then growing (halved each time, less the growth of the wait
        // itself), never past the assumed burst's worth.
        assert_eq!(&waits[..2], &[0.0, 1_000.0], "{waits:?}");
        assert!(
            waits[1..]
                .windows(2)
                .all(|w| w[1] > w[0] || w[1] == 10_000.0),
            "{waits:?}"
        );
        assert!(waits.iter().all(|w| *w <= 10_000.0), "{waits:?}");
        assert_eq!(*waits.last().unwrap(), 10_000.0, "{waits:?}");
    }

    #[test]
    fn requests_per_minute_paces_sends() {
        let mut p = Pacer::new(None, Some(60.0), 1);
        assert_eq!(p.wait_ms(1.0, 0.0), 0.0);
        p.on_send(1.0, 1.0, 0.0);
        assert_eq!(p.wait_ms(1.0, 0.0), 1_000.0);
        assert_eq!(p.wait_ms(1.0, 1_000.0), 0.0);
    }
}
