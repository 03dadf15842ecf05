//! The sans-IO engine of one `predictLabels` call.
//!
//! The shell asks for the next [`Call`], signs it with [`Job::sign`] just before sending (so a
//! slow queue never sends a stale signature), sends it, and hands the response back with
//! [`Job::on_response`]. The job decides what each response means for its items. Every item
//! ends with a prediction or an error that says why.

use crate::answer::interpret;
use crate::aws_error::{error_from_response, ErrorContext};
use crate::error::{code, ItemError, LabelerError};
use crate::families::{self, anthropic, ModelOutput};
use crate::http::{bedrock_request, HttpRequest, HttpResponse, Operation};
use crate::model_id::{family_of, Family};
use crate::prompt::{answer_schema, build_prompt, PromptItem};
use crate::request::{PredictLabelsRequest, Task};
use crate::result::{PredictLabelsResult, Prediction, Usage};
use crate::secret::redact;
use crate::sign::{sign_request, time_from_millis};
use crate::stream::{ModelStream, StreamedResponse};
use std::collections::VecDeque;

/// One HTTP exchange the shell should perform.
#[derive(Debug, Clone)]
pub struct Call {
    pub id: u64,
    /// Unsigned; sign with [`Job::sign`] right before sending.
    pub request: HttpRequest,
}

pub struct Job {
    req: PredictLabelsRequest,
    family: Family,
    predictions: Vec<Option<Prediction>>,
    /// Batches of item indexes waiting to be sent.
    queue: VecDeque<Vec<usize>>,
    in_flight: Vec<(u64, Vec<usize>)>,
    next_call_id: u64,
    usage: Usage,
    fatal: Option<LabelerError>,
    /// Calls whose body is being streamed in (see [`Job::on_stream_start`]).
    streams: Vec<(u64, StreamedResponse)>,
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
        let family = family_of(&req.model_id).ok_or_else(|| {
            LabelerError::unsupported(format!(
                "Model {:?} is not supported yet: this version labels with Anthropic Claude models \
                 (ids like \"anthropic.claude-3-haiku-20240307-v1:0\" or \"us.anthropic.…\").",
                req.model_id
            ))
        })?;
        if req.task != Task::Single {
            return Err(LabelerError::unsupported(format!(
                "Task \"{}\" is not supported yet: this version does single-label classification \
                 (task \"single\").",
                req.task.as_str()
            )));
        }
        let mut predictions: Vec<Option<Prediction>> = vec![None; req.texts.len()];
        let mut queue = VecDeque::new();
        for (i, text) in req.texts.iter().enumerate() {
            if text.trim().is_empty() {
                predictions[i] = Some(Prediction::failed(
                    i,
                    text.clone(),
                    ItemError::new(
                        code::INVALID_INPUT,
                        format!("texts[{i}] is empty: there is nothing to label."),
                    ),
                    None,
                ));
            } else {
                queue.push_back(vec![i]);
            }
        }
        Ok(Self {
            req,
            family,
            predictions,
            queue,
            in_flight: Vec::new(),
            next_call_id: 1,
            usage: Usage::default(),
            fatal: None,
            streams: Vec::new(),
        })
    }

    /// The next request to send, or `None` when nothing is waiting (calls may still be in flight).
    pub fn next_call(&mut self) -> Option<Call> {
        if self.fatal.is_some() {
            return None;
        }
        let batch = self.queue.pop_front()?;
        let id = self.next_call_id;
        self.next_call_id += 1;
        let request = self.build_request(&batch);
        self.in_flight.push((id, batch));
        Some(Call { id, request })
    }

    fn build_request(&self, batch: &[usize]) -> HttpRequest {
        let items: Vec<PromptItem> = batch
            .iter()
            .enumerate()
            .map(|(n, &i)| PromptItem {
                id: (n + 1).to_string(),
                text: self.req.texts[i].clone(),
            })
            .collect();
        let prompt = build_prompt(&self.req, &items);
        let schema = answer_schema(&self.req);
        let body = match self.family {
            Family::Anthropic => anthropic::build_body(
                &prompt,
                &schema,
                anthropic::Sampling {
                    temperature: self.req.temperature,
                    top_p: self.req.top_p,
                    max_tokens: self
                        .req
                        .max_tokens
                        .unwrap_or_else(|| default_max_tokens(batch.len())),
                },
            ),
        };
        let operation = if self.streams_answers() {
            Operation::InvokeModelWithResponseStream
        } else {
            Operation::InvokeModel
        };
        bedrock_request(&self.req.endpoint, &self.req.model_id, operation, body)
    }

    /// Streaming was asked for and this family's stream can be read; otherwise calls go out
    /// as `InvokeModel`, with the same answers.
    fn streams_answers(&self) -> bool {
        self.req.stream && ModelStream::for_family(self.family).is_some()
    }

    /// A signed copy of `request`, for the clock reading `now_ms` (milliseconds since the epoch).
    pub fn sign(&self, request: &HttpRequest, now_ms: f64) -> Result<HttpRequest, LabelerError> {
        let mut signed = request.clone();
        sign_request(
            &mut signed,
            &self.req.credentials,
            self.req.region.as_str(),
            time_from_millis(now_ms),
        )?;
        Ok(signed)
    }

    pub fn on_response(&mut self, call_id: u64, resp: HttpResponse) {
        let Some(batch) = self.take_in_flight(call_id) else {
            return;
        };
        self.usage.requests += 1;
        if !(200..300).contains(&resp.status) {
            let ctx = ErrorContext {
                model_id: &self.req.model_id,
                region: self.req.region.as_str(),
            };
            let err = error_from_response(&resp, &ctx);
            if is_fatal(&err) {
                self.fail_all(err);
            } else {
                let item_err = err.to_item_error();
                for i in batch {
                    self.fail(i, item_err.clone(), None);
                }
            }
            return;
        }
        let parsed = match self.family {
            Family::Anthropic => anthropic::parse_response(&resp.body),
        };
        match parsed {
            Ok(output) => self.apply_output(&batch, output, &resp),
            Err(problem) => {
                let raw = String::from_utf8_lossy(&resp.body).into_owned();
                for i in batch {
                    self.fail(
                        i,
                        ItemError::new(
                            code::PARSE_ERROR,
                            format!("Bedrock's response could not be read: {problem}."),
                        ),
                        Some(raw.clone()),
                    );
                }
            }
        }
    }

    /// `fetch` itself failed (no response): the host is unreachable or the extension lacks the
    /// permission for it. Every other call would fail the same way, so the request fails.
    pub fn on_transport_error(&mut self, call_id: u64, message: &str) {
        if self.take_in_flight(call_id).is_none() {
            return;
        }
        let err = LabelerError::new(
            code::NETWORK_ERROR,
            format!(
                "Could not reach {} ({message}). Check the region, the endpoint under Advanced, and \
                 the network connection.",
                self.req.endpoint.base_url()
            ),
        );
        self.fail_all(err);
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
        let model = ModelStream::for_family(self.family);
        match model {
            Some(model) if status == 200 && in_flight && self.streams_answers() => {
                let request_id = headers
                    .iter()
                    .find(|(k, _)| k.eq_ignore_ascii_case("x-amzn-requestid"))
                    .map(|(_, v)| v.clone());
                self.streams
                    .push((call_id, StreamedResponse::new(model, request_id)));
                true
            }
            _ => false,
        }
    }

    /// The next piece of a streamed body, as it arrived (any size, split anywhere). Items
    /// whose result entry is complete become final now, before the stream ends.
    pub fn on_stream_bytes(&mut self, call_id: u64, bytes: &[u8]) -> StreamStep {
        let ctx = ErrorContext {
            model_id: &self.req.model_id,
            region: self.req.region.as_str(),
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
            .map(|(_, b)| b.clone())
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
    /// or, if the stream broke, failed or ended early, its error; final items keep theirs.
    pub fn on_stream_end(&mut self, call_id: u64) {
        let Some(pos) = self.streams.iter().position(|(id, _)| *id == call_id) else {
            return;
        };
        let (_, stream) = self.streams.swap_remove(pos);
        let Some(batch) = self.take_in_flight(call_id) else {
            return;
        };
        self.usage.requests += 1;
        match stream.finish() {
            Ok(output) => self.apply_output(&batch, output, &HttpResponse::default()),
            Err(err) if is_fatal(&err) => self.fail_all(err),
            Err(err) => {
                let item_err = err.to_item_error();
                for i in batch {
                    if self.predictions[i].is_none() {
                        self.fail(i, item_err.clone(), None);
                    }
                }
            }
        }
    }

    /// Reading a streamed body failed midway (the connection broke): like a stream cut off.
    pub fn on_stream_failed(&mut self, call_id: u64, message: &str) {
        if let Some((_, stream)) = self.streams.iter_mut().find(|(id, _)| *id == call_id) {
            stream.fail_transport(message);
        }
        self.on_stream_end(call_id);
    }

    /// Makes an item final from one complete result entry of a streaming answer, if the entry
    /// is valid on its own. Entries are matched and checked by [`interpret`] itself, so an
    /// item is final early exactly when the whole answer would give it the same labels (an
    /// invalid entry waits for the end, where the whole answer decides).
    fn finalize_streamed_entry(&mut self, batch: &[usize], entry: &serde_json::Value) -> bool {
        let answer = serde_json::json!({ "results": [entry] });
        // The same ids as build_request and apply_output give the batch.
        for (n, &i) in batch.iter().enumerate() {
            if self.predictions[i].is_some() {
                continue;
            }
            let id = (n + 1).to_string();
            let outcome = interpret(Some(&answer), &[id], &self.req.labels, self.req.task);
            if let Some(Ok(labels)) = outcome.into_iter().next() {
                self.predictions[i] = Some(Prediction::ok(i, self.req.texts[i].clone(), labels));
                return true;
            }
        }
        false
    }

    fn apply_output(&mut self, batch: &[usize], output: ModelOutput, resp: &HttpResponse) {
        let usage = output
            .usage
            .or_else(|| families::TokenUsage::from_headers(resp))
            .unwrap_or_default();
        self.usage.input_tokens += usage.input_tokens;
        self.usage.output_tokens += usage.output_tokens;
        let ids: Vec<String> = (1..=batch.len()).map(|n| n.to_string()).collect();
        let outcomes = interpret(
            output.answer.as_ref(),
            &ids,
            &self.req.labels,
            self.req.task,
        );
        for (&i, outcome) in batch.iter().zip(outcomes) {
            if self.predictions[i].is_some() {
                continue; // already final: its entry was complete while the answer streamed
            }
            match outcome {
                Ok(labels) => {
                    self.predictions[i] =
                        Some(Prediction::ok(i, self.req.texts[i].clone(), labels));
                }
                Err(mut e) => {
                    if output.truncated {
                        e.message
                            .push_str(" The answer was cut off at maxTokens; raise maxTokens.");
                    }
                    self.fail(i, e, Some(output.raw.clone()));
                }
            }
        }
    }

    fn take_in_flight(&mut self, call_id: u64) -> Option<Vec<usize>> {
        let pos = self.in_flight.iter().position(|(id, _)| *id == call_id)?;
        Some(self.in_flight.swap_remove(pos).1)
    }

    fn fail(&mut self, i: usize, error: ItemError, raw: Option<String>) {
        self.predictions[i] = Some(Prediction::failed(i, self.req.texts[i].clone(), error, raw));
    }

    fn fail_all(&mut self, err: LabelerError) {
        self.queue.clear();
        self.fatal.get_or_insert(err);
    }

    /// True when no call is waiting or in flight.
    pub fn is_done(&self) -> bool {
        self.in_flight.is_empty() && (self.queue.is_empty() || self.fatal.is_some())
    }

    /// Predictions finished so far (for progress reporting).
    pub fn finished(&self) -> impl Iterator<Item = &Prediction> {
        self.predictions.iter().flatten()
    }

    /// The result, or the request-level error. Secrets are redacted from every message.
    pub fn into_result(self) -> Result<PredictLabelsResult, LabelerError> {
        let secrets = self.req.credentials.secrets();
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
                        self.req.texts[i].clone(),
                        ItemError::new(code::UNKNOWN_ERROR, "This item was never answered."),
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
        Ok(PredictLabelsResult {
            predictions,
            usage: self.usage,
            model_id: self.req.model_id.clone(),
            region: self.req.region.as_str().to_owned(),
        })
    }
}

/// Errors that would hit every item alike (credentials, permissions, the model id): the whole
/// request fails with one clear message instead of N copies of it.
fn is_fatal(err: &LabelerError) -> bool {
    matches!(
        err.code.as_str(),
        "UnrecognizedClientException"
            | "InvalidClientTokenId"
            | "InvalidSignatureException"
            | "SignatureDoesNotMatch"
            | "IncompleteSignatureException"
            | "MissingAuthenticationTokenException"
            | "ExpiredTokenException"
            | "ExpiredToken"
            | "RequestExpired"
            | "AccessDeniedException"
            | "ResourceNotFoundException"
    ) || (err.code == "ValidationException"
        && (err.message.contains("inference profile") || err.message.contains("model identifier")))
}

/// Room for the tool call: a fixed overhead plus a little per item.
fn default_max_tokens(items: usize) -> u32 {
    (256 + 64 * items as u32).min(8192)
}
