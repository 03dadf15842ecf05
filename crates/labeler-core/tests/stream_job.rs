//! The job with `stream: true`: which operation it calls, items final while the answer still
//! streams, and the same result as without streaming; failures mid-stream.

mod common;

use common::*;
use labeler_core::http::HttpResponse;
use labeler_core::{Job, PredictLabelsRequest, PredictLabelsResult, StreamStep};
use serde_json::{json, Value};

const LABELS: [&str; 3] = ["positive", "negative", "neutral"];

fn request(texts: &[&str], stream: bool) -> PredictLabelsRequest {
    PredictLabelsRequest::from_json(&json!({
        "credentials": {"accessKeyId": "AKIDEXAMPLE12345", "secretAccessKey": "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"},
        "region": "us-east-1",
        "modelId": "anthropic.claude-3-haiku-20240307-v1:0",
        "labels": LABELS,
        "texts": texts,
        "stream": stream,
        "batchSize": 1,
    }))
    .unwrap()
}

/// The items of a call's prompt (`<items>[{"id","text"}]</items>`), and the answer a model
/// would give: the first label named in the text, else "neutral".
fn answer_for(call_body: &[u8]) -> String {
    let body: Value = serde_json::from_slice(call_body).unwrap();
    let user = body["messages"][0]["content"][0]["text"].as_str().unwrap();
    let items = user
        .split("<items>\n")
        .nth(1)
        .unwrap()
        .split("\n</items>")
        .next()
        .unwrap();
    let items: Vec<Value> = serde_json::from_str(items).unwrap();
    let results: Vec<Value> = items
        .iter()
        .map(|i| {
            let text = i["text"].as_str().unwrap().to_lowercase();
            let label = LABELS
                .iter()
                .find(|l| text.contains(*l))
                .unwrap_or(&"neutral");
            json!({"id": i["id"], "label": label})
        })
        .collect();
    json!({ "results": results }).to_string()
}

fn whole_response(answer: &str) -> HttpResponse {
    HttpResponse {
        status: 200,
        headers: vec![("content-type".into(), "application/json".into())],
        body: json!({
            "id": "msg_bdrk_1", "type": "message", "role": "assistant", "model": "claude-test",
            "content": [{"type": "tool_use", "id": "toolu_1", "name": "record_labels",
                         "input": serde_json::from_str::<Value>(answer).unwrap()}],
            "stop_reason": "tool_use", "stop_sequence": null,
            "usage": {"input_tokens": 100, "output_tokens": 20}
        })
        .to_string()
        .into_bytes(),
    }
}

const STREAM_HEADERS: &[(&str, &str)] = &[
    ("content-type", "application/vnd.amazon.eventstream"),
    ("x-amzn-requestid", "req-1"),
];

fn stream_headers() -> Vec<(String, String)> {
    STREAM_HEADERS
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

fn run_whole(texts: &[&str]) -> PredictLabelsResult {
    let mut job = Job::new(request(texts, false)).unwrap();
    while let Some(call) = job.next_call(0.0) {
        assert!(call.request.url.ends_with("/invoke"));
        assert!(
            !job.on_stream_start(call.id, 200, &[]),
            "InvokeModel bodies are read whole"
        );
        let answer = answer_for(&call.request.body);
        job.on_response(call.id, whole_response(&answer), 0.0);
    }
    assert!(job.is_done());
    job.into_result().unwrap()
}

/// Streams every call's answer in `piece`-byte reads; records how many items were final
/// before each call's stream ended.
fn run_streamed(texts: &[&str], piece: usize) -> (PredictLabelsResult, Vec<usize>) {
    let mut job = Job::new(request(texts, true)).unwrap();
    let mut final_before_end = Vec::new();
    while let Some(call) = job.next_call(0.0) {
        assert!(
            call.request.url.ends_with("/invoke-with-response-stream"),
            "{}",
            call.request.url
        );
        let names: Vec<&str> = call
            .request
            .headers
            .iter()
            .map(|(k, _)| k.as_str())
            .collect();
        assert!(
            names.contains(&"x-amzn-bedrock-accept") && !names.contains(&"accept"),
            "{names:?}"
        );
        let answer = answer_for(&call.request.body);
        let body = stream_body(&claude_events(&answer, 6, 100, 20));
        assert!(job.on_stream_start(call.id, 200, &stream_headers()));
        for p in body.chunks(piece) {
            let step = job.on_stream_bytes(call.id, p);
            assert!(step.wants_more);
        }
        final_before_end.push(job.finished().count());
        job.on_stream_end(call.id, 0.0);
    }
    assert!(job.is_done());
    (job.into_result().unwrap(), final_before_end)
}

#[test]
fn streamed_result_equals_the_whole_result() {
    let texts = [
        "A positive review",
        "negative: cold room",
        "just a fact",
        "Café ☕ 東京",
    ];
    let whole = run_whole(&texts);
    for piece in [1, 7, 64, 100_000] {
        let (streamed, final_before_end) = run_streamed(&texts, piece);
        assert_eq!(streamed, whole, "{piece}-byte reads");
        // Every item was final before its stream ended (one item per call here).
        assert_eq!(final_before_end, vec![1, 2, 3, 4], "{piece}-byte reads");
    }
    assert_eq!(whole.usage.requests, 4);
    assert_eq!(whole.usage.input_tokens, 400);
}

#[test]
fn an_item_is_final_with_the_byte_that_completes_its_entry() {
    let mut job = Job::new(request(&["positive"], true)).unwrap();
    let call = job.next_call(0.0).unwrap();
    let events = claude_events(r#"{"results":[{"id":"1","label":"positive"}]}"#, 4, 1, 1);
    // Chunks up to the delta that closes the entry, then the rest.
    let closing = events
        .iter()
        .position(|e| e.contains(r#"\"}"#) || e.contains("}]"))
        .unwrap();
    assert!(job.on_stream_start(call.id, 200, &stream_headers()));
    let before = stream_body(&events[..closing]);
    let closing_chunk = chunk(&events[closing]);
    assert_eq!(job.on_stream_bytes(call.id, &before).newly_final, 0);
    let (head, tail) = closing_chunk.split_at(closing_chunk.len() - 1);
    assert_eq!(job.on_stream_bytes(call.id, head).newly_final, 0);
    assert_eq!(
        job.on_stream_bytes(call.id, tail),
        StreamStep {
            wants_more: true,
            newly_final: 1
        }
    );
    let p: Vec<_> = job.finished().cloned().collect();
    assert_eq!(p[0].labels, vec!["positive".to_string()]);
    assert!(!job.is_done());
    job.on_stream_bytes(call.id, &stream_body(&events[closing + 1..]));
    job.on_stream_end(call.id, 0.0);
    assert!(job.is_done());
}

#[test]
fn final_items_keep_their_labels_when_the_stream_breaks_later() {
    let answer = r#"{"results":[{"id":"1","label":"positive"}]}"#;
    let events = claude_events(answer, 3, 1, 1);
    let body = stream_body(&events);
    let cut = body.len() - 10; // inside message_stop's frame
    let mut job = Job::new(request(&["positive!", "negative!"], true)).unwrap();
    // Item 0: its entry completes, then the stream is cut mid-frame.
    let c0 = job.next_call(0.0).unwrap();
    assert!(job.on_stream_start(c0.id, 200, &stream_headers()));
    assert_eq!(job.on_stream_bytes(c0.id, &body[..cut]).newly_final, 1);
    job.on_stream_end(c0.id, 0.0);
    // Item 1: an exception arrives before its entry completes.
    let c1 = job.next_call(0.0).unwrap();
    assert!(job.on_stream_start(c1.id, 200, &stream_headers()));
    let mut broken = stream_body(&events[..3]);
    broken.extend(exception(
        "throttlingException",
        "Too many requests, please wait before trying again.",
    ));
    let step = job.on_stream_bytes(c1.id, &broken);
    assert_eq!(
        step,
        StreamStep {
            wants_more: false,
            newly_final: 0
        }
    );
    job.on_stream_end(c1.id, 0.0);
    // A throttling exception in the stream is retried like a 429: item 1 is asked again, once
    // the pacer (on since this throttle) has room.
    assert!(!job.is_done());
    let mut wait = 0.0;
    let c2 = loop {
        if let Some(c) = job.next_call(wait) {
            break c;
        }
        wait += job.next_wake_ms(wait).unwrap().max(1.0);
        assert!(wait < 60_000.0, "{wait}");
    };
    let retry_answer = r#"{"results":[{"id":"1","label":"negative"}]}"#;
    assert!(job.on_stream_start(c2.id, 200, &stream_headers()));
    job.on_stream_bytes(c2.id, &stream_body(&claude_events(retry_answer, 3, 1, 1)));
    job.on_stream_end(c2.id, wait);
    assert!(job.is_done());
    let r = job.into_result().unwrap();
    assert_eq!(
        r.predictions[0].labels,
        vec!["positive".to_string()],
        "final before the cut, kept"
    );
    assert!(r.predictions[0].error.is_none());
    assert_eq!(r.predictions[1].labels, vec!["negative".to_string()]);
    assert_eq!((r.usage.requests, r.usage.retries), (3, 1));
}

#[test]
fn a_stream_exception_that_persists_fails_the_item_with_its_message() {
    let events = claude_events(r#"{"results":[{"id":"1","label":"positive"}]}"#, 3, 1, 1);
    let mut req = request(&["positive!"], true);
    req.options.retry_budget = Some(0);
    let mut job = Job::new(req).unwrap();
    let c = job.next_call(0.0).unwrap();
    assert!(job.on_stream_start(c.id, 200, &stream_headers()));
    let mut broken = stream_body(&events[..3]);
    broken.extend(exception(
        "throttlingException",
        "Too many requests, please wait before trying again.",
    ));
    job.on_stream_bytes(c.id, &broken);
    // Throttles are waited out for free while the call makes progress; past job::STALL_MS
    // without an answer they count, and the budget of 0 ends it.
    job.on_stream_end(c.id, labeler_core::job::STALL_MS + 1.0);
    let r = job.into_result().unwrap();
    let e = r.predictions[0].error.as_ref().unwrap();
    assert_eq!(e.code, "ThrottlingException");
    assert!(
        e.message.contains("throttling") && e.message.contains("Too many requests"),
        "{}",
        e.message
    );
}

#[test]
fn truncation_and_a_missing_last_event_fail_unfinished_items() {
    for cut_events in [1, 2] {
        let answer = r#"{"results":[{"id":"1","label":"positive"}]}"#;
        let events = claude_events(answer, 3, 1, 1);
        // No retries left: the item fails with the stream's error (retries: see below).
        let mut req = request(&["positive"], true);
        req.options.max_retries = 0;
        let mut job = Job::new(req).unwrap();
        let call = job.next_call(0.0).unwrap();
        job.on_stream_start(call.id, 200, &stream_headers());
        // Drop the deltas from the one that closes the entry on: the entry never completes.
        let keep = events.len() - 3 - cut_events;
        let mut body = stream_body(&events[..keep]);
        if cut_events == 2 {
            body.extend(&chunk(&events[keep])[..20]); // and a partial frame
        }
        job.on_stream_bytes(call.id, &body);
        job.on_stream_end(call.id, 0.0);
        let r = job.into_result().unwrap();
        assert_eq!(
            r.predictions[0].status,
            labeler_core::result::Status::Failed
        );
        assert_eq!(r.predictions[0].error.as_ref().unwrap().code, "StreamError");
    }
}

#[test]
fn errors_before_the_stream_and_request_wide_errors() {
    // A non-200 answer is read whole and goes through the usual error path.
    let mut job = Job::new(request(&["positive"], true)).unwrap();
    let call = job.next_call(0.0).unwrap();
    assert!(!job.on_stream_start(call.id, 403, &[]));
    job.on_response(
        call.id,
        HttpResponse {
            status: 403,
            headers: vec![("x-amzn-ErrorType".into(), "ExpiredTokenException".into())],
            body: br#"{"message":"The security token included in the request is expired"}"#
                .to_vec(),
        },
        0.0,
    );
    assert_eq!(job.into_result().unwrap_err().code, "ExpiredTokenException");

    // An exception in the stream that concerns the whole request rejects it, as without streaming.
    let mut job = Job::new(request(&["positive", "negative"], true)).unwrap();
    let call = job.next_call(0.0).unwrap();
    job.on_stream_start(call.id, 200, &stream_headers());
    job.on_stream_bytes(
        call.id,
        &exception(
            "validationException",
            "The provided model identifier is invalid.",
        ),
    );
    job.on_stream_end(call.id, 0.0);
    assert!(
        job.next_call(0.0).is_none(),
        "no more calls after a request-wide error"
    );
    let err = job.into_result().unwrap_err();
    assert_eq!(err.code, "ValidationException");
    assert_eq!(err.status, Some(400));
    assert_eq!(err.request_id.as_deref(), Some("req-1"));
}

#[test]
fn a_broken_connection_midway_fails_only_unfinished_items_once_retries_are_spent() {
    let mut req = request(&["positive"], true);
    req.options.max_retries = 0;
    let mut job = Job::new(req).unwrap();
    let call = job.next_call(0.0).unwrap();
    job.on_stream_start(call.id, 200, &stream_headers());
    let events = claude_events(r#"{"results":[{"id":"1","label":"positive"}]}"#, 3, 1, 1);
    job.on_stream_bytes(call.id, &stream_body(&events[..2]));
    job.on_stream_failed(call.id, "TypeError: terminated", 0.0);
    assert!(job.is_done());
    let r = job.into_result().unwrap();
    assert_eq!(
        r.predictions[0].error.as_ref().unwrap().code,
        "NetworkError"
    );
    // Unknown or finished calls are ignored.
    let mut job = Job::new(request(&["positive"], true)).unwrap();
    assert_eq!(
        job.on_stream_bytes(99, b"x"),
        StreamStep {
            wants_more: false,
            newly_final: 0
        }
    );
    job.on_stream_end(99, 0.0);
}

// ---- Broken streams are retried (README error table: StreamError, ModelStreamErrorException,
// NetworkError mid-stream: "retried with backoff, then fails its items") --------------------

fn batch_request(texts: &[&str]) -> PredictLabelsRequest {
    let mut req = request(texts, true);
    req.spec.batch_size = texts.len();
    req
}

/// The texts a call asks about, in order.
fn asked(call_body: &[u8]) -> Vec<String> {
    let body: Value = serde_json::from_slice(call_body).unwrap();
    let user = body["messages"][0]["content"][0]["text"].as_str().unwrap();
    let items = user
        .split("<items>\n")
        .nth(1)
        .unwrap()
        .split("\n</items>")
        .next()
        .unwrap();
    let items: Vec<Value> = serde_json::from_str(items).unwrap();
    items
        .iter()
        .map(|i| i["text"].as_str().unwrap().to_owned())
        .collect()
}

/// The first item's entry complete, the second's not yet: the events up to that point.
fn first_entry_only(events: &[String]) -> usize {
    let mut job = Job::new(batch_request(&["positive one", "negative two"])).unwrap();
    let call = job.next_call(0.0).unwrap();
    job.on_stream_start(call.id, 200, &stream_headers());
    (0..events.len())
        .find(|&n| job.on_stream_bytes(call.id, &chunk(&events[n])).newly_final == 1)
        .expect("the first entry completes")
        + 1
}

/// Sends the first request of a two-item call, which breaks after item 0's entry with
/// `break_it`; then answers whatever is asked next in full. Returns the result, what each
/// request asked, the x-amz-date each was signed with, and the retry notices.
fn broken_then_whole(
    break_it: impl Fn(&mut Job, u64, Vec<u8>),
) -> (
    PredictLabelsResult,
    Vec<Vec<String>>,
    Vec<String>,
    Vec<String>,
) {
    let answer = r#"{"results":[{"id":"1","label":"positive"},{"id":"2","label":"negative"}]}"#;
    let events = claude_events(answer, 8, 10, 10);
    let upto = first_entry_only(&events);
    let mut job = Job::new(batch_request(&["positive one", "negative two"])).unwrap();
    let (mut asks, mut dates, mut codes) = (Vec::new(), Vec::new(), Vec::new());
    let mut now = 1_735_787_045_000.0;
    let mut first = true;
    while !job.is_done() {
        let Some(call) = job.next_call(now) else {
            now += job.next_wake_ms(now).expect("a retry is waiting");
            continue;
        };
        let signed = job.sign(&call.request, now).unwrap();
        dates.push(
            signed
                .headers
                .iter()
                .find(|(k, _)| k == "x-amz-date")
                .unwrap()
                .1
                .clone(),
        );
        asks.push(asked(&call.request.body));
        assert!(job.on_stream_start(call.id, 200, &stream_headers()));
        if first {
            first = false;
            break_it(&mut job, call.id, stream_body(&events[..upto]));
        } else {
            let answer = answer_for(&call.request.body);
            job.on_stream_bytes(call.id, &stream_body(&claude_events(&answer, 3, 10, 10)));
            job.on_stream_end(call.id, now);
        }
        codes.extend(
            job.take_retry_notices()
                .into_iter()
                .map(|n| n.code.to_string()),
        );
        now += 1000.0;
    }
    (job.into_result().unwrap(), asks, dates, codes)
}

fn assert_retried_for_the_unfinished_item(
    (result, asks, dates, codes): (
        PredictLabelsResult,
        Vec<Vec<String>>,
        Vec<String>,
        Vec<String>,
    ),
    code: &str,
) {
    for p in &result.predictions {
        assert_eq!(p.status, labeler_core::result::Status::Ok, "{p:?}");
    }
    assert_eq!(
        result.predictions[0].labels,
        vec!["positive"],
        "final before the break, kept"
    );
    assert_eq!(result.predictions[1].labels, vec!["negative"]);
    assert_eq!(
        asks,
        vec![vec!["positive one", "negative two"], vec!["negative two"]],
        "only the unfinished item is asked again"
    );
    assert_ne!(dates[0], dates[1], "the retry is signed afresh");
    assert_eq!(codes, vec![code.to_owned()]);
    assert_eq!((result.usage.requests, result.usage.retries), (2, 1));
}

#[test]
fn a_corrupt_frame_on_the_first_request_is_retried_for_the_unfinished_items() {
    let r = broken_then_whole(|job, id, mut body| {
        let mut bad = chunk(
            r#"{"type":"content_block_delta","index":0,"delta":{"type":"input_json_delta","partial_json":"x"}}"#,
        );
        let n = bad.len();
        bad[n - 10] ^= 0x20; // a payload byte: the message CRC no longer matches
        body.extend(bad);
        assert!(!job.on_stream_bytes(id, &body).wants_more);
        job.on_stream_end(id, 0.0);
    });
    assert_retried_for_the_unfinished_item(r, "StreamError");
}

#[test]
fn a_model_stream_error_mid_stream_is_retried() {
    let r = broken_then_whole(|job, id, mut body| {
        body.extend(exception(
            "modelStreamErrorException",
            "The model stream failed.",
        ));
        job.on_stream_bytes(id, &body);
        job.on_stream_end(id, 0.0);
    });
    assert_retried_for_the_unfinished_item(r, "ModelStreamErrorException");
}

#[test]
fn a_stream_cut_off_early_on_the_first_request_is_retried() {
    let r = broken_then_whole(|job, id, body| {
        job.on_stream_bytes(id, &body);
        job.on_stream_end(id, 0.0); // no more bytes: the last event never came
    });
    assert_retried_for_the_unfinished_item(r, "StreamError");
}

#[test]
fn a_connection_broken_mid_stream_is_retried() {
    let r = broken_then_whole(|job, id, body| {
        job.on_stream_bytes(id, &body);
        job.on_stream_failed(id, "TypeError: terminated", 0.0);
    });
    assert_retried_for_the_unfinished_item(r, "NetworkError");
}

#[test]
fn a_stream_that_keeps_breaking_fails_its_unfinished_items_after_max_retries() {
    let mut req = request(&["positive"], true);
    req.options.max_retries = 2;
    let mut job = Job::new(req).unwrap();
    let events = claude_events(r#"{"results":[{"id":"1","label":"positive"}]}"#, 3, 1, 1);
    let mut now = 0.0;
    let mut sent = 0;
    while !job.is_done() {
        let Some(call) = job.next_call(now) else {
            now += job.next_wake_ms(now).unwrap();
            continue;
        };
        sent += 1;
        job.on_stream_start(call.id, 200, &stream_headers());
        job.on_stream_bytes(call.id, &stream_body(&events[..2]));
        job.on_stream_end(call.id, now);
    }
    assert_eq!(sent, 3);
    let e = job.into_result().unwrap().predictions[0]
        .error
        .clone()
        .unwrap();
    assert_eq!(e.code, "StreamError");
    assert!(
        e.message.contains("Gave up after 3 attempts"),
        "{}",
        e.message
    );
}
