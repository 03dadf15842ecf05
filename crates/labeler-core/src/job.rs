//! The sans-IO engine of one `predictLabels` call.
//!
//! The shell asks for the next [`Call`], signs it with [`Job::sign`] just before sending (so a
//! slow queue never sends a stale signature), sends it, and hands the response back with
//! [`Job::on_response`]. The job decides what each response means for its items. Every item
//! ends with a prediction or an error that says why.
//!
//! The calls are the planner's (`plan`): items go `batch_size` to a request, with ids local to
//! the request; re-asks and repairs are planned the same way. An item the answer
//! misses or repeats is asked again alone; an item whose answer is unreadable or outside the
//! label set gets one repair request that says what was wrong; after that it fails, keeping the
//! model's raw output.
//!
//! Transient errors (throttling, a model warming up, 5xx, no response, a broken stream) are
//! retried with jittered exponential backoff, re-signed each time, up to `maxRetries` per
//! request and the call's retry budget; a signature refused for clock skew is re-signed once
//! with the server's clock. See `error_table.rs` for every error's handling.
//!
//! What the caller should hear about (items that became final, retries scheduled, usage that
//! changed) is the job's bookkeeping too: [`Job::take_progress`]; the shell only forwards it.

use crate::answer::{interpret, AskedItem, ItemAnswer};
use crate::aws_error::{code_and_message, error_from_response, ErrorContext};
use crate::clock::{corrected_offset, date_header_ms, server_time_ms};
use crate::error::{AwsCode, ErrorCode, ItemError, LabelerError};
use crate::error_table::{disposition, Disposition};
use crate::formats::{self, Api, ModelOutput, TokenUsage};
use crate::http::{bedrock_request, HttpRequest, HttpResponse, Operation};
use crate::limiter::Limiter;
use crate::models::{Adaptation, Adaptations, Shape};
use crate::pacer::{Charge, Pacer};
use crate::plan::{self, Ids};
use crate::request::{CallOptions, Credentials, LabelingSpec, PredictLabelsRequest};
use crate::result::{PredictLabelsResult, Prediction, RetryNotice, Usage};
use crate::retry::{backoff_ms, Jitter};
use crate::secret::redact;
use crate::sign::{sign_request, time_from_millis};
use crate::stream::bedrock::Framing;
use crate::stream::StreamedResponse;
use crate::tier::ServiceTier;
use serde::ser::{Serialize, SerializeMap, Serializer};
use std::collections::VecDeque;

/// One HTTP exchange the shell should perform.
#[derive(Debug, Clone)]
pub struct Call {
    pub id: u64,
    /// Unsigned; sign with [`Job::sign`] right before sending.
    pub request: HttpRequest,
}

/// A request waiting to be sent: which items, and the repair note if it is a repair.
#[derive(Debug, Clone, Default)]
struct Batch {
    items: Vec<usize>,
    repair: Option<String>,
    /// Retries already spent on this request.
    retries: u32,
    /// Not before this time (ms since the epoch): backoff.
    not_before_ms: f64,
    /// Already re-signed once after a clock-skew refusal.
    skew_retried: bool,
    /// The clock offset when it was last handed out (and so signed).
    signed_offset_ms: f64,
    /// The limiter's epoch when it was sent.
    sent_epoch: u64,
    /// How many adaptations were in force when it was built (see [`Job::adaptations`]).
    shape_version: usize,
    /// What the pacer took for it when it was sent, and its body's size (to settle it).
    charge: Charge,
    body_bytes: usize,
    /// Sent while token pacing was on (a throttle then feeds the pacer, not the limiter).
    paced: bool,
    /// Throttles waited out under pacing (they do not count against `retries`).
    throttles: u32,
}

impl Batch {
    fn new(items: Vec<usize>, repair: Option<String>) -> Self {
        Self {
            items,
            repair,
            // Ready at once, whatever the local clock reads (even before 1970).
            not_before_ms: f64::NEG_INFINITY,
            ..Default::default()
        }
    }
}

#[derive(Debug, Clone, Copy, Default)]
struct ItemState {
    asked_alone: bool,
    repaired: bool,
}

pub struct Job {
    credentials: Credentials,
    spec: LabelingSpec,
    options: CallOptions,
    /// How every request is shaped: format, answer mechanism, sampling, thinking, token cap.
    shape: Shape,
    /// What the model has refused so far (with what the caller already knew), in force for
    /// the rest of the call.
    adaptations: Adaptations,
    /// Warnings about the whole call: fields the table left out, refusals adapted to.
    warnings: Vec<ItemError>,
    /// No request has succeeded yet: one request at a time, so that a refusal the table did
    /// not foresee costs one extra request, not one per request in flight.
    probing: bool,
    predictions: Vec<Option<Prediction>>,
    states: Vec<ItemState>,
    queue: VecDeque<Batch>,
    in_flight: Vec<(u64, Batch)>,
    next_call_id: u64,
    usage: Usage,
    fatal: Option<LabelerError>,
    /// Server clock minus ours, learnt from responses; added to every signing time.
    clock_offset_ms: f64,
    jitter: Jitter,
    /// Any response at all has arrived (so the endpoint is reachable).
    reached: bool,
    limiter: Limiter,
    /// Retries left for the whole call (every retry draws on this and on `max_retries` of its
    /// request).
    retry_budget: u64,
    /// Retries scheduled since the shell last asked ([`Job::take_retry_notices`]).
    retry_notices: Vec<RetryNotice>,
    /// Which items' predictions [`Job::take_progress`] has handed out.
    reported: Vec<bool>,
    /// The usage totals it last handed out.
    reported_usage: Usage,
    /// The caller stopped the call: send nothing more.
    stopped: bool,
    /// Calls whose body is being streamed in (see [`Job::on_stream_start`]).
    streams: Vec<(u64, StreamedResponse)>,
    /// Token-quota pacing (`pacer.rs`).
    pacer: Pacer,
    /// When a ready request was last held back by the pacer, until when (see `next_wake_ms`).
    paced_until_ms: Option<f64>,
    /// The last time the call made progress (a request answered), or its first send: throttles
    /// are waited out for free only while this is under [`STALL_MS`] ago.
    progress_ms: Option<f64>,
}

/// Throttles stop being waited out for free (they count against `maxRetries` and the retry
/// budget again) when no request has been answered for this long (the default of the request's
/// `maxWaitMs`): a quota of 0, or one taken by another client for good, then ends the call
/// instead of waiting forever.
pub const STALL_MS: f64 = 120_000.0;

/// One progress event (see [`Job::take_progress`]), serialised as the `onProgress` event
/// `{ type: "prediction", prediction }`, `{ type: "retry", retry }` or `{ type: "usage", usage }`.
#[derive(Debug, Clone, PartialEq)]
pub enum Progress {
    /// An item became final (streamed items as soon as their result is complete).
    Prediction(Prediction),
    /// A request was scheduled to be sent again.
    Retry(RetryNotice),
    /// The call's totals so far, after a change.
    Usage(Usage),
}

impl Serialize for Progress {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut event = s.serialize_map(Some(2))?;
        match self {
            Progress::Prediction(p) => {
                event.serialize_entry("type", "prediction")?;
                event.serialize_entry("prediction", p)?;
            }
            Progress::Retry(r) => {
                event.serialize_entry("type", "retry")?;
                event.serialize_entry("retry", r)?;
            }
            Progress::Usage(u) => {
                event.serialize_entry("type", "usage")?;
                event.serialize_entry("usage", u)?;
            }
        }
        event.end()
    }
}

/// What one piece of a streamed body did (see [`Job::on_stream_bytes`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StreamStep {
    /// False once the stream has failed or is unknown: the shell may stop reading it.
    pub wants_more: bool,
    /// Items that became final with this piece (report progress when non-zero).
    pub newly_final: usize,
}

impl Job {
    pub fn new(req: PredictLabelsRequest) -> Result<Self, LabelerError> {
        let PredictLabelsRequest {
            credentials,
            spec,
            options,
        } = req;
        let adaptations = spec.adaptations;
        let shape = spec.shape(adaptations);
        let mut warnings = shape.dropped.clone();
        if let Some(asked) = spec.max_tokens.filter(|&n| n > shape.max_output) {
            warnings.push(ItemError::new(
                ErrorCode::ParameterCapped,
                format!(
                    "maxTokens {asked} is above {}'s limit of {}; {} was sent.",
                    spec.model_id, shape.max_output, shape.max_output
                ),
            ));
        }
        let mut predictions: Vec<Option<Prediction>> = vec![None; spec.texts.len()];
        for (i, text) in spec.texts.iter().enumerate() {
            if !plan::is_sent(text) {
                predictions[i] = Some(Prediction::failed(
                    i,
                    text.clone(),
                    ItemError::new(
                        ErrorCode::InvalidInput,
                        format!("texts[{i}] is empty: there is nothing to label."),
                    ),
                    None,
                ));
            }
        }
        let queue: VecDeque<Batch> = plan::batches(&spec)
            .into_iter()
            .map(|items| Batch::new(items, None))
            .collect();
        let batches = queue.len();
        let limiter = Limiter::new(options.concurrency);
        let pacer = Pacer::new(
            options.tokens_per_minute,
            options.requests_per_minute,
            spec.model.burn,
        );
        let retry_budget = options
            .retry_budget
            .unwrap_or_else(|| (5 * batches as u64).max(20));
        Ok(Self {
            states: vec![ItemState::default(); spec.texts.len()],
            reported: vec![false; spec.texts.len()],
            credentials,
            spec,
            options,
            shape,
            adaptations,
            warnings,
            probing: true,
            predictions,
            queue,
            in_flight: Vec::new(),
            next_call_id: 1,
            usage: Usage::default(),
            fatal: None,
            clock_offset_ms: 0.0,
            jitter: Jitter::new(0x9E37_79B9_7F4A_7C15),
            reached: false,
            limiter,
            retry_budget,
            retry_notices: Vec::new(),
            reported_usage: Usage::default(),
            stopped: false,
            streams: Vec::new(),
            pacer,
            paced_until_ms: None,
            progress_ms: None,
        })
    }

    /// Seeds the retry jitter (the shell passes randomness; tests keep the default).
    pub fn seed_jitter(&mut self, seed: u64) {
        self.jitter = Jitter::new(seed);
    }

    /// The next request ready to send at `now_ms`, or `None` when nothing is ready (calls may be
    /// in flight, or waiting out a backoff: see [`Job::next_wake_ms`]).
    pub fn next_call(&mut self, now_ms: f64) -> Option<Call> {
        if self.fatal.is_some() || self.stopped || self.in_flight.len() >= self.limiter.limit() {
            return None;
        }
        if self.probing && !self.in_flight.is_empty() {
            return None;
        }
        self.paced_until_ms = None;
        let pos = self.queue.iter().position(|b| b.not_before_ms <= now_ms)?;
        let (request, max_tokens) = self.build_request(&self.queue[pos]);
        // Token pacing: the request goes when the quota has room for what it will cost.
        let items = self.queue[pos].items.len();
        let cost = self.pacer.cost(request.body.len(), max_tokens, items);
        let wait = self.pacer.wait_ms(cost, now_ms);
        if wait > 0.0 {
            self.paced_until_ms = Some(now_ms + wait);
            return None;
        }
        let mut batch = self.queue.remove(pos)?;
        batch.signed_offset_ms = self.clock_offset_ms;
        batch.sent_epoch = self.limiter.epoch();
        batch.shape_version = self.adaptations.iter().count();
        batch.paced = self.pacer.active();
        batch.body_bytes = request.body.len();
        let reserved = self.pacer.reservation(request.body.len(), max_tokens);
        batch.charge = self.pacer.on_send(cost, reserved, now_ms);
        self.progress_ms.get_or_insert(now_ms);
        let id = self.next_call_id;
        self.next_call_id += 1;
        self.in_flight.push((id, batch));
        Some(Call { id, request })
    }

    /// The request for `batch`, and its `max_tokens`.
    fn build_request(&self, batch: &Batch) -> (HttpRequest, u32) {
        let call = plan::call(
            &self.spec,
            &self.shape,
            &batch.items,
            Ids::Local,
            batch.repair.as_deref(),
        );
        let operation = Operation::of(self.shape.api(), self.streams_answers());
        let request = bedrock_request(
            &self.spec.endpoint,
            &self.spec.model_id,
            operation,
            call.body,
            self.service_tier(),
        );
        (request, call.max_tokens)
    }

    /// The tier requests are sent with: the one asked for, until Bedrock refused it.
    fn service_tier(&self) -> ServiceTier {
        if self.adaptations.has(Adaptation::StandardTier) {
            ServiceTier::Standard
        } else {
            self.spec.service_tier
        }
    }

    /// The tokens-per-minute quota the call paces to (given or learnt), if any yet.
    pub fn tokens_per_minute(&self) -> Option<f64> {
        self.pacer.tokens_per_minute()
    }

    /// Streaming was asked for and this model's stream can be read; otherwise calls go out
    /// without streaming, with the same answers.
    fn streams_answers(&self) -> bool {
        self.options.stream && self.shape.streams
    }

    /// Milliseconds until a waiting request becomes ready, when none is ready now.
    pub fn next_wake_ms(&self, now_ms: f64) -> Option<f64> {
        if self.fatal.is_some() {
            return None;
        }
        let soonest = self
            .queue
            .iter()
            .map(|b| (b.not_before_ms - now_ms).max(0.0))
            .reduce(f64::min)?;
        // A request that is ready but held back by the quota waits for the pacer.
        match self.paced_until_ms {
            Some(until) if soonest == 0.0 => Some((until - now_ms).max(0.0)),
            _ => Some(soonest),
        }
    }

    /// A signed copy of `request`, for the clock reading `now_ms` (milliseconds since the epoch)
    /// corrected by what responses taught us about the server's clock.
    pub fn sign(&self, request: &HttpRequest, now_ms: f64) -> Result<HttpRequest, LabelerError> {
        let mut signed = request.clone();
        let time = time_from_millis(now_ms + self.clock_offset_ms);
        sign_request(
            &mut signed,
            &self.credentials,
            self.spec.region.as_str(),
            time,
        )?;
        Ok(signed)
    }

    /// The clock offset in use (server minus local, ms).
    pub fn clock_offset_ms(&self) -> f64 {
        self.clock_offset_ms
    }

    pub fn on_response(&mut self, call_id: u64, resp: HttpResponse, now_ms: f64) {
        let Some(mut batch) = self.take_in_flight(call_id) else {
            return;
        };
        self.usage.requests += 1;
        self.reached = true;
        if !(200..300).contains(&resp.status) {
            let ctx = ErrorContext {
                model_id: &self.spec.model_id,
                region: self.spec.region.as_str(),
            };
            let err = error_from_response(&resp, &ctx);
            let throttled =
                resp.status == 429 || err.code == ErrorCode::Aws(AwsCode::ThrottlingException);
            self.uncharge(&batch, throttled, now_ms);
            // Learn the server's clock from any response; a signature refused while our clock
            // was off (corrected by this response, or by another since this one was signed) is
            // re-signed once with the corrected clock.
            let corrected_now = self.learn_clock(server_time_ms(&resp, &err.message), now_ms);
            let signed_with_old_clock = batch.signed_offset_ms != self.clock_offset_ms;
            if resp.status == 403
                && (corrected_now || signed_with_old_clock)
                && is_clock_refusal(&err.code)
                && !batch.skew_retried
            {
                batch.skew_retried = true;
                batch.not_before_ms = now_ms;
                self.usage.retries += 1;
                self.queue.push_front(batch);
                return;
            }
            if resp.status == 400 && self.adapt_to_refusal(&batch, &resp) {
                self.queue.push_front(batch);
                return;
            }
            self.settle_failure(batch, err, resp.status, Some(&resp), now_ms);
            return;
        }
        self.probing = false;
        self.limiter.on_success();
        self.progress_ms = Some(now_ms);
        self.learn_clock(date_header_ms(&resp), now_ms);
        match formats::parse_response(self.shape.format, &resp.body) {
            Ok(output) => self.apply_output(&batch, output, &resp, now_ms),
            Err(problem) => {
                let raw = String::from_utf8_lossy(&resp.body).into_owned();
                for &i in &batch.items {
                    self.fail(
                        i,
                        ItemError::new(
                            ErrorCode::ParseError,
                            format!("Bedrock's response could not be read: {problem}."),
                        ),
                        Some(raw.clone()),
                    );
                }
            }
        }
    }

    /// A 400 that refuses a parameter or mode: when the shape has changed since `batch` was
    /// built, or the message names one thing to change that is not changed yet, the request is
    /// to be sent again (re-signed, reshaped). Each kind of change happens at most once per call;
    /// a refusal not understood, or of a kind already adapted to, fails as usual.
    fn adapt_to_refusal(&mut self, batch: &Batch, resp: &HttpResponse) -> bool {
        let (code, message) = code_and_message(resp);
        if code != ErrorCode::Aws(AwsCode::ValidationException) {
            return false;
        }
        // A refusal that names a tier while one was sent (its wording for an unsupported tier is
        // not on record, models-and-quotas §12.2) is taken as the tier's.
        let tier_named = {
            let m = message.to_ascii_lowercase();
            self.service_tier() != ServiceTier::Standard
                && (m.contains("tier") || m.contains("flex") || m.contains("priority"))
        };
        let Some(change) =
            Adaptation::from_refusal(&message).or(tier_named.then_some(Adaptation::StandardTier))
        else {
            return false;
        };
        if change == Adaptation::StandardTier && self.service_tier() == ServiceTier::Standard {
            // No tier was sent: nothing to fall back from.
            return self.adaptations.has(change)
                && batch.shape_version < self.adaptations.iter().count();
        }
        let built_with_older_shape = batch.shape_version < self.adaptations.iter().count();
        if self.adaptations.has(change) {
            // Another request already adapted to this; one built before that goes again.
            return built_with_older_shape;
        }
        self.adaptations.add(change);
        self.shape = self.spec.shape(self.adaptations);
        let said: String = message
            .split("\n\n")
            .next()
            .unwrap_or("")
            .chars()
            .take(300)
            .collect();
        self.warnings.push(ItemError::new(
            ErrorCode::Adapted,
            redact(
                &format!(
                    "{} refused a request ({}): {}, and the request was sent again.",
                    self.spec.model_id,
                    said.trim(),
                    change.describe()
                ),
                &self.credentials.secrets(),
            ),
        ));
        true
    }

    /// A request failed with `err`: reject the call, retry the items not yet final with backoff,
    /// or fail them, as `error_table` says. Items already final (streamed) keep their labels.
    fn settle_failure(
        &mut self,
        mut batch: Batch,
        err: LabelerError,
        status: u16,
        resp: Option<&HttpResponse>,
        now_ms: f64,
    ) {
        let throttled = status == 429 || err.code == ErrorCode::Aws(AwsCode::ThrottlingException);
        if throttled && !batch.paced {
            // Sent before a quota was known: the concurrency limit learns from it too.
            self.limiter.on_throttle(batch.sent_epoch);
        }
        batch.items.retain(|&i| self.predictions[i].is_none());
        if batch.items.is_empty() {
            return;
        }
        if throttled && self.pacer.active() && !self.stalled(now_ms) {
            // Paced: the pacer decides when it goes again; the wait is not a retry spent.
            let after = resp
                .and_then(|r| r.header("x-amz-retry-after"))
                .and_then(|v| v.trim().parse::<f64>().ok())
                .filter(|v| v.is_finite() && *v >= 0.0)
                .map_or(0.0, |v| v.min(60_000.0));
            let wait = after.max(self.jitter.next_unit() * 100.0);
            batch.throttles += 1;
            self.queue_again(batch, err.code, &err.message, wait, now_ms);
            return;
        }
        let what = disposition(&err.code, status, &err.message);
        if what != Disposition::Retry {
            // The request was answered for good: what it was shaped like is settled.
            self.probing = false;
        }
        match what {
            Disposition::Fatal => self.fail_all(err),
            Disposition::Retry if self.may_retry(&batch) => {
                let wait = backoff_ms(batch.retries + 1, throttled, resp, &mut self.jitter);
                self.schedule_retry(batch, err.code, &err.message, wait, now_ms);
            }
            Disposition::Retry | Disposition::Item => {
                let mut item_err = err.to_item_error();
                if what == Disposition::Retry && self.retry_budget == 0 {
                    item_err
                        .message
                        .push_str(" (The call's retry budget is spent.)");
                } else if batch.retries + batch.throttles > 0 {
                    item_err.message.push_str(&format!(
                        " (Gave up after {} attempts.)",
                        batch.retries + batch.throttles + 1
                    ));
                }
                for &i in &batch.items {
                    self.fail(i, item_err.clone(), None);
                }
            }
        }
    }

    /// No request answered for the call's `maxWaitMs` (default [`STALL_MS`]): throttles count
    /// as retries again.
    fn stalled(&self, now_ms: f64) -> bool {
        self.progress_ms
            .is_some_and(|t| now_ms - t > self.options.max_wait_ms)
    }

    /// What the pacer took for `batch` goes back: it was throttled (nothing was reserved, and the
    /// quota is exhausted: learnt or cut) or failed.
    fn uncharge(&mut self, batch: &Batch, throttled: bool, now_ms: f64) {
        if throttled {
            self.pacer.on_throttle(batch.charge, now_ms);
        } else {
            self.pacer.on_refund(batch.charge, now_ms);
        }
    }

    /// Whether `batch` may be retried once more: every retry, throttling's too, counts against
    /// the request's `maxRetries` and the call's retry budget.
    fn may_retry(&self, batch: &Batch) -> bool {
        self.retry_budget > 0 && batch.retries < self.options.max_retries
    }

    /// Queues `batch` again after `wait_ms`, counting the retry and noting it for progress.
    fn schedule_retry(
        &mut self,
        mut batch: Batch,
        code: ErrorCode,
        message: &str,
        wait_ms: f64,
        now_ms: f64,
    ) {
        batch.retries += 1;
        self.retry_budget -= 1;
        self.queue_again(batch, code, message, wait_ms, now_ms);
    }

    /// Queues `batch` again after `wait_ms` and notes it for progress (a retry, or a throttle
    /// waited out under pacing).
    fn queue_again(
        &mut self,
        mut batch: Batch,
        code: ErrorCode,
        message: &str,
        wait_ms: f64,
        now_ms: f64,
    ) {
        batch.not_before_ms = now_ms + wait_ms;
        self.usage.retries += 1;
        self.retry_notices.push(RetryNotice {
            code,
            message: redact(message, &self.credentials.secrets()),
            attempt: batch.retries + batch.throttles,
            retries: self.usage.retries,
            wait_ms,
        });
        self.queue.push_back(batch);
    }

    /// The retries scheduled since the last call, oldest first (also handed out by
    /// [`Job::take_progress`]).
    pub fn take_retry_notices(&mut self) -> Vec<RetryNotice> {
        std::mem::take(&mut self.retry_notices)
    }

    /// What the caller has not been told yet, in order: each prediction that became final
    /// (once per item, in input order), then each retry scheduled, then the usage totals if
    /// they changed (tokens, requests or retries: a throttled request adds no tokens but
    /// counts). The shell forwards them as they are, as `onProgress` events.
    pub fn take_progress(&mut self) -> Vec<Progress> {
        let mut out = Vec::new();
        for (p, told) in self.predictions.iter().zip(&mut self.reported) {
            if let Some(p) = p.as_ref().filter(|_| !*told) {
                *told = true;
                out.push(Progress::Prediction(p.clone()));
            }
        }
        out.extend(self.take_retry_notices().into_iter().map(Progress::Retry));
        if self.usage != self.reported_usage {
            self.reported_usage = self.usage;
            out.push(Progress::Usage(self.usage));
        }
        out
    }

    /// `fetch` itself failed (no response). Retried with backoff; when the retries are spent,
    /// the request fails if nothing ever answered (a wrong endpoint, a missing permission: every
    /// other call would fail the same way), else only this request's items fail.
    pub fn on_transport_error(&mut self, call_id: u64, message: &str, now_ms: f64) {
        let Some(batch) = self.take_in_flight(call_id) else {
            return;
        };
        self.uncharge(&batch, false, now_ms);
        if self.may_retry(&batch) {
            let wait = backoff_ms(batch.retries + 1, false, None, &mut self.jitter);
            let said = format!(
                "No response from {} ({message}).",
                self.spec.endpoint.base_url()
            );
            self.schedule_retry(batch, ErrorCode::NetworkError, &said, wait, now_ms);
            return;
        }
        let err = LabelerError::new(
            ErrorCode::NetworkError,
            format!(
                "Could not reach {} ({message}; {} attempts). Check the region, the endpoint under \
                 Advanced, and the network connection.",
                self.spec.endpoint.base_url(),
                batch.retries + 1
            ),
        );
        if self.reached {
            for &i in &batch.items {
                self.fail(i, err.to_item_error(), None);
            }
        } else {
            self.fail_all(err);
        }
    }

    /// The response to `call_id` has arrived, body not yet read. Returns true when the body
    /// is to be streamed in with [`Job::on_stream_bytes`] and [`Job::on_stream_end`]; false
    /// when the shell reads it whole and calls [`Job::on_response`] (every non-streaming call,
    /// and every non-200 answer: errors before the stream starts are plain JSON).
    pub fn on_stream_start(
        &mut self,
        call_id: u64,
        status: u16,
        headers: &[(String, String)],
    ) -> bool {
        let in_flight = self.in_flight.iter().any(|(id, _)| *id == call_id);
        if status != 200 || !in_flight || !self.streams_answers() {
            return false;
        }
        let Some(reader) = self.shape.format.body().stream_reader() else {
            return false;
        };
        // The model has begun answering: the rest may be sent.
        self.probing = false;
        let framing = match self.shape.api() {
            Api::Invoke => Framing::Invoke,
            Api::Converse => Framing::Converse,
        };
        let request_id = headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case("x-amzn-requestid"))
            .map(|(_, v)| v.clone());
        self.streams
            .push((call_id, StreamedResponse::new(reader, framing, request_id)));
        true
    }

    /// The next piece of a streamed body, as it arrived (any size, split anywhere). Items
    /// whose result entry is complete become final now, before the stream ends.
    pub fn on_stream_bytes(&mut self, call_id: u64, bytes: &[u8]) -> StreamStep {
        let ctx = ErrorContext {
            model_id: &self.spec.model_id,
            region: self.spec.region.as_str(),
        };
        let Some((_, stream)) = self.streams.iter_mut().find(|(id, _)| *id == call_id) else {
            return StreamStep {
                wants_more: false,
                newly_final: 0,
            };
        };
        let entries = stream.push(bytes, &ctx);
        let wants_more = stream.wants_more();
        let batch = self
            .in_flight
            .iter()
            .find(|(id, _)| *id == call_id)
            .map(|(_, b)| b.items.clone())
            .unwrap_or_default();
        let newly_final = entries
            .iter()
            .filter(|entry| self.finalize_streamed_entry(&batch, entry))
            .count();
        StreamStep {
            wants_more,
            newly_final,
        }
    }

    /// The streamed body ended. Items not yet final get their labels from the whole answer,
    /// or, if the stream broke, failed or ended early, its error (retried like the same error
    /// without streaming: the request is sent again for the items not yet final); final items
    /// keep theirs.
    pub fn on_stream_end(&mut self, call_id: u64, now_ms: f64) {
        let Some(pos) = self.streams.iter().position(|(id, _)| *id == call_id) else {
            return;
        };
        let (_, stream) = self.streams.swap_remove(pos);
        let Some(batch) = self.take_in_flight(call_id) else {
            return;
        };
        self.usage.requests += 1;
        self.reached = true;
        match stream.finish() {
            Ok(output) => {
                self.limiter.on_success();
                self.progress_ms = Some(now_ms);
                self.apply_output(&batch, output, &HttpResponse::default(), now_ms)
            }
            Err(err) => {
                let status = err.status.unwrap_or(0);
                let throttled =
                    status == 429 || err.code == ErrorCode::Aws(AwsCode::ThrottlingException);
                self.uncharge(&batch, throttled, now_ms);
                self.settle_failure(batch, err, status, None, now_ms)
            }
        }
    }

    /// Reading a streamed body failed midway (the connection broke): like a stream cut off.
    pub fn on_stream_failed(&mut self, call_id: u64, message: &str, now_ms: f64) {
        if let Some((_, stream)) = self.streams.iter_mut().find(|(id, _)| *id == call_id) {
            stream.fail_transport(message);
        }
        self.on_stream_end(call_id, now_ms);
    }

    /// Makes an item final from one complete result entry of a streaming answer, if the entry
    /// is valid on its own. Entries are matched and checked by [`interpret`] itself, so an
    /// item is final early exactly when the whole answer would give it the same labels (an
    /// invalid entry waits for the end, where the whole answer decides).
    fn finalize_streamed_entry(&mut self, batch: &[usize], entry: &serde_json::Value) -> bool {
        let answer = serde_json::json!({ "results": [entry] });
        // The same ids as the planned call gave the batch.
        for (n, &i) in batch.iter().enumerate() {
            if self.predictions[i].is_some() {
                continue;
            }
            let id = Ids::Local.id(n, i);
            let asked = [AskedItem {
                id: &id,
                text: &self.spec.texts[i],
            }];
            if let Some(Ok(answer)) =
                interpret(Some(&answer), &asked, &self.spec.labels, self.spec.task)
                    .into_iter()
                    .next()
            {
                self.succeed(i, answer);
                return true;
            }
        }
        false
    }

    fn apply_output(
        &mut self,
        batch: &Batch,
        output: ModelOutput,
        resp: &HttpResponse,
        now_ms: f64,
    ) {
        let usage = TokenUsage::or_headers(output.usage, resp);
        self.usage.input_tokens += usage.input();
        self.usage.output_tokens += usage.output();
        self.pacer.on_settle(
            batch.charge,
            batch.body_bytes,
            batch.items.len(),
            usage.input(),
            usage.output(),
            now_ms,
        );
        self.usage.cache_read_input_tokens += usage.cache_read();
        self.usage.cache_write_input_tokens += usage.cache_write();
        let ids = Ids::Local.of(&batch.items);
        let asked: Vec<AskedItem> = batch
            .items
            .iter()
            .zip(&ids)
            .map(|(&i, id)| AskedItem {
                id,
                text: &self.spec.texts[i],
            })
            .collect();
        let outcomes = interpret(
            output.answer.as_ref(),
            &asked,
            &self.spec.labels,
            self.spec.task,
        );
        let alone = batch.items.len() == 1;
        for (&i, outcome) in batch.items.iter().zip(outcomes) {
            if self.predictions[i].is_some() {
                continue; // already final: its entry was complete while the answer streamed
            }
            match outcome {
                Ok(answer) => self.succeed(i, answer),
                Err(e)
                    if e.code == ErrorCode::MissingAnswer
                        && !alone
                        && !self.states[i].asked_alone =>
                {
                    // Missed or repeated in a batch: ask about this item on its own.
                    self.states[i].asked_alone = true;
                    self.queue.push_back(Batch::new(vec![i], None));
                }
                Err(e) if !self.states[i].repaired => {
                    // One repair request, telling the model what was wrong.
                    self.states[i].asked_alone = true;
                    self.states[i].repaired = true;
                    // The note goes back to the model in the next prompt: never with a secret.
                    let mut note = redact(&e.message, &self.credentials.secrets());
                    if output.truncated {
                        note.push_str(" The answer was cut off: keep it short.");
                    }
                    self.queue.push_back(Batch::new(vec![i], Some(note)));
                }
                Err(mut e) => {
                    if output.truncated {
                        e.message.push_str(
                            " The answer was cut off at the token limit; raise maxTokens.",
                        );
                    }
                    self.fail(i, e, Some(output.raw.clone()));
                }
            }
        }
    }

    fn succeed(&mut self, i: usize, answer: ItemAnswer) {
        let mut p = Prediction::ok(i, self.spec.texts[i].clone(), answer.labels);
        p.spans = answer.spans;
        // Warnings quote the model (a span it named that is not in the text): redacted too.
        let secrets = self.credentials.secrets();
        // The reason is model text too: a model echoing the prompt could quote a secret.
        p.reason = answer.reason.map(|r| redact(&r, &secrets));
        p.warnings = answer.warnings;
        for w in &mut p.warnings {
            w.message = redact(&w.message, &secrets);
        }
        self.predictions[i] = Some(p);
    }

    /// Adopts the server's clock when it is 5 minutes or more from ours; true if it changed.
    fn learn_clock(&mut self, server_ms: Option<f64>, now_ms: f64) -> bool {
        match server_ms.and_then(|server| corrected_offset(server, now_ms, self.clock_offset_ms)) {
            Some(offset) => {
                self.clock_offset_ms = offset;
                true
            }
            None => false,
        }
    }

    fn take_in_flight(&mut self, call_id: u64) -> Option<Batch> {
        let pos = self.in_flight.iter().position(|(id, _)| *id == call_id)?;
        Some(self.in_flight.swap_remove(pos).1)
    }

    fn fail(&mut self, i: usize, mut error: ItemError, raw: Option<String>) {
        // Redacted here, not only in into_result: progress events show predictions early.
        let secrets = self.credentials.secrets();
        error.message = redact(&error.message, &secrets);
        let raw = raw.map(|r| redact(&r, &secrets));
        self.predictions[i] = Some(Prediction::failed(
            i,
            self.spec.texts[i].clone(),
            error,
            raw,
        ));
    }

    fn fail_all(&mut self, err: LabelerError) {
        self.queue.clear();
        self.fatal.get_or_insert(err);
    }

    /// True when no call is waiting or in flight.
    pub fn is_done(&self) -> bool {
        self.in_flight.is_empty() && (self.queue.is_empty() || self.fatal.is_some() || self.stopped)
    }

    /// Stops the call: nothing more is sent; calls in flight finish and are applied. Items not
    /// answered end `failed` with code `Cancelled`.
    pub fn stop(&mut self) {
        self.stopped = true;
    }

    /// How many requests may be in flight now (adaptive), and at most.
    pub fn concurrency(&self) -> (usize, usize) {
        (self.limiter.limit(), self.limiter.max())
    }

    /// How many senders the shell needs: never more than the maximum in flight, nor more than
    /// the requests queued at the start (re-asks and retries that follow are taken by the same
    /// senders as they free up).
    pub fn senders_wanted(&self) -> usize {
        self.limiter.max().min(self.queue.len()).max(1)
    }

    /// Tokens and requests so far (for progress reporting).
    pub fn usage(&self) -> &Usage {
        &self.usage
    }

    /// Predictions finished so far (for progress reporting).
    pub fn finished(&self) -> impl Iterator<Item = &Prediction> {
        self.predictions.iter().flatten()
    }

    /// The result, or the request-level error. Secrets are redacted from every message.
    pub fn into_result(self) -> Result<PredictLabelsResult, LabelerError> {
        let secrets = self.credentials.secrets();
        if let Some(mut e) = self.fatal {
            e.message = redact(&e.message, &secrets);
            return Err(e);
        }
        let predictions = self
            .predictions
            .into_iter()
            .enumerate()
            .map(|(i, p)| {
                let mut p = p.unwrap_or_else(|| {
                    Prediction::failed(
                        i,
                        self.spec.texts[i].clone(),
                        if self.stopped {
                            ItemError::new(
                                ErrorCode::Cancelled,
                                "Not labelled: the run was stopped before this item was sent.",
                            )
                        } else {
                            ItemError::new(ErrorCode::UnknownError, "This item was never answered.")
                        },
                        None,
                    )
                });
                if let Some(e) = &mut p.error {
                    e.message = redact(&e.message, &secrets);
                }
                if let Some(r) = &mut p.raw {
                    *r = redact(r, &secrets);
                }
                p
            })
            .collect();
        let mut warnings = self.warnings;
        for w in &mut warnings {
            w.message = redact(&w.message, &secrets);
        }
        Ok(PredictLabelsResult {
            predictions,
            usage: self.usage,
            warnings,
            adaptations: self
                .adaptations
                .names()
                .into_iter()
                .map(str::to_owned)
                .collect(),
            model_id: self.spec.model_id.clone(),
            region: self.spec.region.as_str().to_owned(),
        })
    }
}

/// Codes AWS uses when it refuses a signature, among them for a skewed clock.
fn is_clock_refusal(code: &ErrorCode) -> bool {
    use AwsCode::*;
    matches!(
        code,
        ErrorCode::Aws(
            InvalidSignatureException
                | SignatureDoesNotMatch
                | RequestExpired
                | RequestInTheFuture
                | AccessDeniedException
        )
    )
}
