//! Progress bookkeeping is the job's: `take_progress` hands out each final prediction once, the
//! retries scheduled, and the usage totals when they changed, in that order; the shell only
//! forwards them as `onProgress` events.

use labeler_core::http::HttpResponse;
use labeler_core::job::Progress;
use labeler_core::{Job, PredictLabelsRequest};
use serde_json::json;

fn job() -> Job {
    Job::new(
        PredictLabelsRequest::from_json(&json!({
            "credentials": {"accessKeyId": "AKIAEMULATORUSER0001", "secretAccessKey": "secret/secret/secret"},
            "region": "us-east-1",
            "modelId": "anthropic.claude-3-haiku-20240307-v1:0",
            "labels": ["positive", "negative"],
            "texts": ["positive", "", "negative"],
            "batchSize": 1,
        }))
        .unwrap(),
    )
    .unwrap()
}

fn answer(label: &str) -> HttpResponse {
    HttpResponse {
        status: 200,
        headers: vec![],
        body: serde_json::to_vec(&json!({
            "content": [{"type": "tool_use", "name": "record_labels", "input": {"results": [{"id": "1", "label": label}]}}],
            "usage": {"input_tokens": 10, "output_tokens": 3}
        }))
        .unwrap(),
    }
}

fn throttled() -> HttpResponse {
    HttpResponse {
        status: 429,
        headers: vec![("x-amzn-ErrorType".into(), "ThrottlingException".into())],
        body: br#"{"message":"Too many requests"}"#.to_vec(),
    }
}

fn kinds(events: &[Progress]) -> Vec<String> {
    events
        .iter()
        .map(|e| match e {
            Progress::Prediction(p) => format!("prediction {}", p.index),
            Progress::Retry(r) => format!("retry {} {}", r.code, r.attempt),
            Progress::Usage(u) => format!("usage {} {} {}", u.requests, u.retries, u.input_tokens),
        })
        .collect()
}

#[test]
fn each_prediction_once_then_retries_then_changed_usage() {
    let mut job = job();
    // The empty text is final before anything is sent; nothing else has happened yet.
    assert_eq!(kinds(&job.take_progress()), ["prediction 1"]);
    assert!(job.take_progress().is_empty());

    let first = job.next_call(0.0).unwrap();
    job.on_response(first.id, throttled(), 0.0);
    assert_eq!(
        kinds(&job.take_progress()),
        ["retry ThrottlingException 1", "usage 1 1 0"]
    );

    let mut now = 0.0;
    let mut answered = Vec::new();
    while !job.is_done() {
        let Some(call) = job.next_call(now) else {
            now += job.next_wake_ms(now).unwrap();
            continue;
        };
        let label = if answered.is_empty() {
            "positive"
        } else {
            "negative"
        };
        job.on_response(call.id, answer(label), now);
        answered.push(kinds(&job.take_progress()));
    }
    // The throttled request waits out its backoff; the third text's goes first.
    assert_eq!(
        answered,
        [
            vec!["prediction 2", "usage 2 1 10"],
            vec!["prediction 0", "usage 3 1 20"]
        ]
    );
    assert!(job.take_progress().is_empty());
}

#[test]
fn events_serialise_as_the_progress_events_of_predict_labels() {
    let mut job = job();
    let events = serde_json::to_value(job.take_progress()).unwrap();
    assert_eq!(events[0]["type"], "prediction");
    assert_eq!(events[0]["prediction"]["index"], 1);
    assert_eq!(events[0]["prediction"]["status"], "failed");
    let first = job.next_call(0.0).unwrap();
    job.on_response(first.id, throttled(), 0.0);
    let events = serde_json::to_value(job.take_progress()).unwrap();
    assert_eq!(events[0]["type"], "retry");
    assert_eq!(events[0]["retry"]["code"], "ThrottlingException");
    assert_eq!(events[1]["type"], "usage");
    assert_eq!(
        events[1]["usage"],
        json!({"inputTokens": 0, "outputTokens": 0, "requests": 1, "retries": 1,
               "cacheReadInputTokens": 0, "cacheWriteInputTokens": 0})
    );
}
