//! Retries, backoff, clock skew and fail-fast errors, on a virtual clock.

use labeler_core::http::HttpResponse;
use labeler_core::{Job, PredictLabelsRequest, PredictLabelsResult};
use serde_json::json;

const T0: f64 = 1_735_787_045_000.0; // 2025-01-02T03:04:05Z

fn job(extra: serde_json::Value) -> Job {
    let mut v = json!({
        "credentials": {"accessKeyId": "AKIAEMULATORUSER0001", "secretAccessKey": "secret/secret/secret"},
        "region": "us-east-1",
        "modelId": "anthropic.claude-3-haiku-20240307-v1:0",
        "labels": ["positive", "negative"],
        "texts": ["positive"],
    });
    for (k, val) in extra.as_object().unwrap() {
        v[k] = val.clone();
    }
    Job::new(PredictLabelsRequest::from_json(&v).unwrap()).unwrap()
}

fn ok_body() -> HttpResponse {
    HttpResponse {
        status: 200,
        headers: vec![],
        body: serde_json::to_vec(&json!({"content": [{"type": "tool_use", "name": "record_labels", "input": {"results": [{"id": "1", "label": "positive"}]}}]})).unwrap(),
    }
}

fn error(status: u16, code: &str, message: &str, headers: &[(&str, &str)]) -> HttpResponse {
    let mut h: Vec<(String, String)> = headers
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    h.push((
        "x-amzn-ErrorType".into(),
        format!("{code}:http://internal.amazon.com/coral/com.amazon.bedrock/"),
    ));
    HttpResponse {
        status,
        headers: h,
        body: serde_json::to_vec(&json!({ "message": message })).unwrap(),
    }
}

/// Drives `job` on a virtual clock. `server(n, x_amz_date)` answers the n-th request (0-based).
/// Returns the result, and the (send time, x-amz-date) of each request.
fn drive(
    mut job: Job,
    mut server: impl FnMut(usize, &str) -> Option<HttpResponse>,
) -> (
    Result<PredictLabelsResult, labeler_core::LabelerError>,
    Vec<(f64, String)>,
) {
    let mut now = T0;
    let mut sent = Vec::new();
    while !job.is_done() {
        let Some(call) = job.next_call(now) else {
            now += job.next_wake_ms(now).expect("waiting for a backoff");
            continue;
        };
        let signed = job.sign(&call.request, now).unwrap();
        let date = signed
            .headers
            .iter()
            .find(|(k, _)| k == "x-amz-date")
            .unwrap()
            .1
            .clone();
        match server(sent.len(), &date) {
            Some(resp) => {
                sent.push((now, date));
                job.on_response(call.id, resp, now);
            }
            None => {
                sent.push((now, date));
                job.on_transport_error(call.id, "TypeError: Failed to fetch", now);
            }
        }
    }
    (job.into_result(), sent)
}

#[test]
fn a_throttle_is_waited_out_under_the_learnt_quota_then_succeeds() {
    // The first throttle turns token pacing on (the quota learnt from it, see pacer.rs): each
    // request waits for the quota to refill, and the waits are not retries spent.
    let (result, sent) = drive(job(json!({"maxRetries": 1})), |n, _| {
        Some(if n < 3 {
            error(429, "ThrottlingException", "Too many requests", &[])
        } else {
            ok_body()
        })
    });
    let result = result.unwrap();
    assert_eq!(result.predictions[0].labels, vec!["positive"]);
    assert_eq!((result.usage.requests, result.usage.retries), (4, 3));
    // Signatures are fresh each time; each wait is the pacer's: with nothing answered yet to
    // learn from, the first estimate is one request a minute, and a request waits for at most
    // the assumed burst's worth of it (pacer::ASSUMED_BURST_S), plus up to 100 ms of jitter.
    let waits: Vec<f64> = sent.windows(2).map(|w| w[1].0 - w[0].0).collect();
    assert!(
        waits.iter().all(|w| *w > 0.0 && *w <= 10_100.0),
        "{waits:?}"
    );
    assert!(sent.windows(2).all(|w| w[0].1 != w[1].1));
}

#[test]
fn retries_run_out_and_the_item_fails_with_the_error() {
    let (result, sent) = drive(job(json!({"maxRetries": 2})), |_, _| {
        Some(error(
            503,
            "ServiceUnavailableException",
            "Service Unavailable",
            &[],
        ))
    });
    let p = &result.unwrap().predictions[0];
    assert_eq!(sent.len(), 3);
    let e = p.error.as_ref().unwrap();
    assert_eq!(e.code, "ServiceUnavailableException");
    assert!(
        e.message.contains("Gave up after 3 attempts"),
        "{}",
        e.message
    );
}

#[test]
fn retry_after_is_honoured() {
    let (_, sent) = drive(job(json!({})), |n, _| {
        Some(if n == 0 {
            error(
                429,
                "ThrottlingException",
                "slow",
                &[("x-amz-retry-after", "7000")],
            )
        } else {
            ok_body()
        })
    });
    assert!(sent[1].0 - sent[0].0 >= 7000.0);
}

#[test]
fn model_not_ready_and_internal_errors_are_retried() {
    for (status, code) in [
        (429, "ModelNotReadyException"),
        (500, "InternalServerException"),
    ] {
        let (result, sent) = drive(job(json!({})), |n, _| {
            Some(if n == 0 {
                error(status, code, "x", &[])
            } else {
                ok_body()
            })
        });
        assert_eq!(sent.len(), 2, "{code}");
        assert_eq!(
            result.unwrap().predictions[0].status,
            labeler_core::result::Status::Ok
        );
    }
}

#[test]
fn expired_tokens_fail_fast_without_retries() {
    let (result, sent) = drive(job(json!({})), |_, _| {
        Some(error(
            403,
            "ExpiredTokenException",
            "The security token included in the request is expired",
            &[],
        ))
    });
    assert_eq!(sent.len(), 1);
    let e = result.unwrap_err();
    assert_eq!(e.code, "ExpiredTokenException");
}

#[test]
fn non_retryable_item_errors_are_not_retried() {
    for (status, code) in [
        (408, "ModelTimeoutException"),
        (424, "ModelErrorException"),
        (400, "ServiceQuotaExceededException"),
    ] {
        let (result, sent) = drive(job(json!({})), |_, _| Some(error(status, code, "x", &[])));
        assert_eq!(sent.len(), 1, "{code}");
        assert_eq!(
            result.unwrap().predictions[0].error.as_ref().unwrap().code,
            code
        );
    }
}

#[test]
fn a_skewed_clock_is_corrected_from_the_date_header_and_the_request_re_signed_once() {
    // The server's clock is 17 minutes ahead of ours.
    let server_now = "Thu, 02 Jan 2025 03:21:05 GMT";
    let (result, sent) = drive(job(json!({})), |n, _| {
        Some(if n == 0 {
            error(403, "InvalidSignatureException", "Signature expired: 20250102T030405Z is now earlier than 20250102T031605Z (20250102T032105Z - 5 min.)", &[("Date", server_now)])
        } else {
            ok_body()
        })
    });
    assert_eq!(result.unwrap().usage.retries, 1);
    assert_eq!(sent[0].1, "20250102T030405Z");
    assert_eq!(
        sent[1].1, "20250102T032105Z",
        "re-signed with the server's clock"
    );
}

#[test]
fn skew_is_learnt_from_the_message_when_there_is_no_date_header() {
    let (_, sent) = drive(job(json!({})), |n, _| {
        Some(if n == 0 {
            error(403, "InvalidSignatureException", "Signature not yet current: 20250102T030405Z is still later than 20250102T025000Z (20250102T024500Z + 5 min.)", &[])
        } else {
            ok_body()
        })
    });
    assert_eq!(sent[1].1, "20250102T024500Z");
}

#[test]
fn a_skew_refusal_is_retried_only_once() {
    let mut n = 0;
    let (result, sent) = drive(job(json!({})), |_, _| {
        n += 1;
        // A server whose clock keeps jumping: each answer is 10 more minutes ahead.
        let date = format!("Thu, 02 Jan 2025 03:{:02}:05 GMT", 4 + 10 * n);
        Some(error(
            403,
            "InvalidSignatureException",
            "Signature expired",
            &[("Date", &date)],
        ))
    });
    assert_eq!(sent.len(), 2);
    assert_eq!(result.unwrap_err().code, "InvalidSignatureException");
}

#[test]
fn an_unreachable_endpoint_is_retried_then_fails_the_request() {
    let (result, sent) = drive(job(json!({"maxRetries": 3})), |_, _| None);
    assert_eq!(sent.len(), 4);
    let e = result.unwrap_err();
    assert_eq!(e.code, "NetworkError");
    assert!(e.message.contains("4 attempts"));
}

#[test]
fn a_network_blip_is_retried() {
    let (result, sent) = drive(
        job(json!({})),
        |n, _| if n == 0 { None } else { Some(ok_body()) },
    );
    assert_eq!(sent.len(), 2);
    assert_eq!(result.unwrap().predictions[0].labels, vec!["positive"]);
}

#[test]
fn concurrent_requests_signed_with_the_old_clock_are_all_re_signed() {
    let mut job = job(
        json!({"texts": ["positive", "positive", "negative", "positive"], "batchSize": 1, "concurrency": 3}),
    );
    let skewed = error(
        403,
        "InvalidSignatureException",
        "Signature expired",
        &[("Date", "Thu, 02 Jan 2025 03:21:05 GMT")],
    );
    // The first request goes alone (the probe) and succeeds; then three requests are in
    // flight at once, all signed with our (wrong) clock.
    let probe = job.next_call(T0).unwrap();
    assert!(
        job.next_call(T0).is_none(),
        "one request until one has succeeded"
    );
    job.on_response(probe.id, ok_body(), T0);
    let calls: Vec<_> = (0..3).map(|_| job.next_call(T0).unwrap()).collect();
    for c in &calls {
        job.on_response(c.id, skewed.clone(), T0);
    }
    let mut dates = Vec::new();
    while let Some(c) = job.next_call(T0) {
        let signed = job.sign(&c.request, T0).unwrap();
        dates.push(
            signed
                .headers
                .iter()
                .find(|(k, _)| k == "x-amz-date")
                .unwrap()
                .1
                .clone(),
        );
        job.on_response(c.id, ok_body(), T0);
    }
    assert_eq!(dates, vec!["20250102T032105Z"; 3]);
    assert!(job.is_done());
    assert_eq!(job.into_result().unwrap().usage.retries, 3);
}

#[test]
fn throttling_lowers_the_concurrency_and_success_raises_it_again() {
    let texts: Vec<String> = (0..40).map(|i| format!("positive {i}")).collect();
    let mut job = job(json!({"texts": texts, "batchSize": 1, "concurrency": 8}));
    assert_eq!(job.concurrency(), (4, 8));
    // The first request goes alone (the probe); once it has succeeded, the limit applies.
    let probe = job.next_call(T0).unwrap();
    assert!(job.next_call(T0).is_none());
    job.on_response(probe.id, ok_body(), T0);
    assert_eq!(
        job.concurrency(),
        (5, 8),
        "a success grows the limit (slow start)"
    );
    let calls: Vec<_> = std::iter::from_fn(|| job.next_call(T0)).collect();
    assert_eq!(calls.len(), 5, "never more in flight than the limit");
    for c in &calls {
        job.on_response(
            c.id,
            error(429, "ThrottlingException", "slow down", &[]),
            T0,
        );
    }
    assert_eq!(
        job.concurrency().0,
        3,
        "five 429s from one round cut the limit once (5 × 0.7)"
    );
    let mut now = T0;
    while !job.is_done() {
        match job.next_call(now) {
            Some(c) => job.on_response(c.id, ok_body(), now),
            None => now += job.next_wake_ms(now).unwrap_or(1.0).max(1.0),
        }
    }
    assert!(
        job.concurrency().0 > 3,
        "grows back after successes: {:?}",
        job.concurrency()
    );
    let r = job.into_result().unwrap();
    assert!(r
        .predictions
        .iter()
        .all(|p| p.status == labeler_core::result::Status::Ok));
}

#[test]
fn max_wait_ms_sets_how_long_throttles_are_waited_out_with_nothing_answered() {
    // The caller's bound on waiting: 10 s instead of the default two minutes.
    let (result, sent) = drive(
        job(json!({"maxRetries": 2, "retryBudget": 50, "maxWaitMs": 10000})),
        |_, _| Some(error(429, "ThrottlingException", "slow", &[])),
    );
    let span = sent.last().unwrap().0 - sent[0].0;
    assert!(span > 10_000.0, "{span}");
    assert!(span < labeler_core::job::STALL_MS, "{span}");
    let e = result.unwrap().predictions[0].error.clone().unwrap();
    assert_eq!(e.code, "ThrottlingException");
}

#[test]
fn throttles_count_as_retries_again_once_nothing_was_answered_for_two_minutes() {
    // A quota of 0 (or one another client holds for good): throttles are waited out for free
    // for two minutes (job::STALL_MS) without an answer, then count against maxRetries.
    let (result, sent) = drive(job(json!({"maxRetries": 2, "retryBudget": 50})), |_, _| {
        Some(error(429, "ThrottlingException", "slow", &[]))
    });
    let span = sent.last().unwrap().0 - sent[0].0;
    assert!(span > labeler_core::job::STALL_MS, "{span}");
    assert!(span < labeler_core::job::STALL_MS + 60_000.0, "{span}");
    let e = result.unwrap().predictions[0].error.clone().unwrap();
    assert_eq!(e.code, "ThrottlingException");
    assert!(
        e.message
            .contains(&format!("Gave up after {} attempts", sent.len())),
        "{} ({} sent)",
        e.message,
        sent.len()
    );
}

#[test]
fn the_call_budget_still_stops_retries_once_throttles_count() {
    let (result, _) = drive(job(json!({"maxRetries": 10, "retryBudget": 3})), |_, _| {
        Some(error(429, "ThrottlingException", "slow", &[]))
    });
    let e = result.unwrap().predictions[0].error.clone().unwrap();
    assert!(e.message.contains("retry budget"), "{}", e.message);
}

#[test]
fn each_scheduled_retry_is_noted_once_with_its_wait_and_the_running_total() {
    let mut job = job(json!({}));
    let mut now = T0;
    let mut notices = Vec::new();
    let mut n = 0;
    while !job.is_done() {
        let Some(call) = job.next_call(now) else {
            now += job.next_wake_ms(now).unwrap();
            continue;
        };
        n += 1;
        match n {
            1 => job.on_response(
                call.id,
                error(
                    429,
                    "ThrottlingException",
                    "slow down",
                    &[("x-amz-retry-after", "1500")],
                ),
                now,
            ),
            2 => job.on_response(
                call.id,
                error(503, "ServiceUnavailableException", "busy", &[]),
                now,
            ),
            3 => job.on_transport_error(call.id, "TypeError: Failed to fetch", now),
            // A clock-skew refusal is re-signed, not a retry anyone waits for: no notice.
            4 => job.on_response(
                call.id,
                error(
                    403,
                    "InvalidSignatureException",
                    "Signature expired",
                    &[("Date", "Thu, 02 Jan 2025 03:21:05 GMT")],
                ),
                now,
            ),
            _ => job.on_response(call.id, ok_body(), now),
        }
        notices.extend(job.take_retry_notices());
    }
    let r = job.into_result().unwrap();
    let seen: Vec<(&str, u32, u64)> = notices
        .iter()
        .map(|n| (n.code.as_str(), n.attempt, n.retries))
        .collect();
    assert_eq!(
        seen,
        vec![
            ("ThrottlingException", 1, 1),
            ("ServiceUnavailableException", 2, 2),
            ("NetworkError", 3, 3)
        ]
    );
    assert!(
        notices[0].wait_ms >= 1500.0,
        "x-amz-retry-after: {}",
        notices[0].wait_ms
    );
    assert!(
        notices[0].message.contains("slow down"),
        "{}",
        notices[0].message
    );
    assert!(
        notices[2].message.contains("Failed to fetch"),
        "{}",
        notices[2].message
    );
    assert_eq!(
        r.usage.retries, 4,
        "the skew re-sign counts in usage, not as a notice"
    );
    assert!(job_notices_are_drained());
}

/// Taking the notices empties the queue.
fn job_notices_are_drained() -> bool {
    let mut j = job(json!({}));
    let c = j.next_call(T0).unwrap();
    j.on_response(c.id, error(500, "InternalServerException", "x", &[]), T0);
    j.take_retry_notices().len() == 1 && j.take_retry_notices().is_empty()
}

#[test]
fn a_retry_notice_never_carries_a_secret() {
    let mut j = job(json!({}));
    let c = j.next_call(T0).unwrap();
    j.on_response(
        c.id,
        error(
            500,
            "InternalServerException",
            "echo: secret/secret/secret",
            &[],
        ),
        T0,
    );
    let notices = j.take_retry_notices();
    assert!(
        !notices[0].message.contains("secret/secret"),
        "{}",
        notices[0].message
    );
}

#[test]
fn stopping_sends_nothing_more_and_marks_the_rest_cancelled() {
    let mut job = job(
        json!({"texts": ["positive a", "positive b", "positive c"], "batchSize": 1, "concurrency": 1}),
    );
    let c = job.next_call(T0).unwrap();
    job.stop();
    assert!(job.next_call(T0).is_none());
    assert!(!job.is_done(), "the call in flight still counts");
    job.on_response(c.id, ok_body(), T0);
    assert!(job.is_done());
    let r = job.into_result().unwrap();
    assert_eq!(
        r.predictions[0].status,
        labeler_core::result::Status::Ok,
        "the in-flight answer is kept"
    );
    assert_eq!(r.predictions[1].error.as_ref().unwrap().code, "Cancelled");
    assert_eq!(r.predictions[2].error.as_ref().unwrap().code, "Cancelled");
}

#[test]
fn an_item_error_never_blames_the_retry_budget() {
    let (result, _) = drive(job(json!({"retryBudget": 0})), |_, _| {
        Some(error(408, "ModelTimeoutException", "timed out", &[]))
    });
    let e = result.unwrap().predictions[0].error.clone().unwrap();
    assert_eq!(e.code, "ModelTimeoutException");
    assert!(!e.message.contains("budget"), "{}", e.message);
}

#[test]
fn a_date_sigv4_cannot_express_is_ignored_and_the_call_goes_on() {
    // An endpoint answering "Sat, 01 Jan 10000 …" used to make the next signature panic (a trap
    // in the wasm: the call never settled).
    for date in [
        "Sat, 01 Jan 10000 00:00:00 GMT",
        "Fri, 31 Dec 0000 23:59:59 GMT",
        "Mon, 01 Jan 1900 00:00:00 GMT",
    ] {
        let (result, sent) = drive(
            job(json!({"texts": ["positive a", "positive b"], "batchSize": 1})),
            |n, _| {
                Some(if n == 0 {
                    error(403, "InvalidSignatureException", "Signature expired: 20250102T030405Z is now earlier than 20250102T031605Z (100000102T032105Z - 5 min.)", &[("Date", date)])
                } else {
                    HttpResponse {
                        headers: vec![("Date".into(), date.into())],
                        ..ok_body()
                    }
                })
            },
        );
        assert_eq!(
            result.unwrap_err().code,
            "InvalidSignatureException",
            "{date}: refused, not re-signed with a learnt clock"
        );
        assert!(
            sent.iter().all(|(_, d)| d == "20250102T030405Z"),
            "{date}: {sent:?}"
        );
        let (result, sent) = drive(
            job(json!({"texts": ["positive a", "positive b"], "batchSize": 1})),
            |_, _| {
                Some(HttpResponse {
                    headers: vec![("Date".into(), date.into())],
                    ..ok_body()
                })
            },
        );
        assert!(result
            .unwrap()
            .predictions
            .iter()
            .all(|p| p.status == labeler_core::result::Status::Ok));
        assert!(
            sent.iter().all(|(_, d)| d == "20250102T030405Z"),
            "{date}: signed with our clock: {sent:?}"
        );
    }
}
