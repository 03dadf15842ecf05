//! Secrets never leave the core: a Bedrock response that echoes the secret key or the session
//! token (in an error message, in model output, JSON-escaped, cut short) comes out redacted,
//! both in the final result and in the predictions progress events show early.

use labeler_core::http::HttpResponse;
use labeler_core::{Job, PredictLabelsRequest};
use serde_json::json;

const KEY: &str = "emuTemporarySecretKey/111111111111111111111";
const TOKEN: &str =
    "IQoJb3JpZ2luX2VjEmulatorSessionToken/2222222222222222222222222222222222222222==";

fn job(texts: &[&str]) -> Job {
    let req = PredictLabelsRequest::from_json(&json!({
        "credentials": {"accessKeyId": "ASIAEMULATORROLE0001", "secretAccessKey": KEY, "sessionToken": TOKEN},
        "region": "us-east-1",
        "modelId": "anthropic.claude-3-haiku-20240307-v1:0",
        "labels": ["positive", "negative"],
        "texts": texts,
        "endpoint": "http://127.0.0.1:1",
    }))
    .unwrap();
    Job::new(req).unwrap()
}

fn response(status: u16, error_type: Option<&str>, body: String) -> HttpResponse {
    let mut headers = vec![("x-amzn-RequestId".to_owned(), "req-1".to_owned())];
    if let Some(t) = error_type {
        headers.push(("x-amzn-ErrorType".to_owned(), t.to_owned()));
    }
    HttpResponse {
        status,
        headers,
        body: body.into_bytes(),
    }
}

/// Drives `job` to the end, answering every call (retries, repairs) with `resp`; returns
/// everything a caller can see: the predictions after each response (what progress events
/// carry), then the result or error.
fn visible_text(mut job: Job, resp: HttpResponse) -> String {
    let mut seen = String::new();
    let mut now = 1_000_000.0;
    for _ in 0..1000 {
        if job.is_done() {
            break;
        }
        match job.next_call(now) {
            Some(call) => {
                job.on_response(call.id, resp.clone(), now);
                seen.push_str(&serde_json::to_string(&job.finished().collect::<Vec<_>>()).unwrap());
            }
            None => now += job.next_wake_ms(now).unwrap_or(1000.0).max(1.0),
        }
    }
    assert!(job.is_done(), "the job ends");
    match job.into_result() {
        Ok(r) => seen.push_str(&serde_json::to_string(&r).unwrap()),
        Err(e) => seen.push_str(&serde_json::to_string(&e).unwrap()),
    }
    seen
}

fn assert_clean(seen: &str) {
    for secret in [KEY, TOKEN] {
        assert!(
            !seen.contains(&secret[..12]),
            "{} leaked in: {seen}",
            &secret[..12]
        );
    }
    assert!(
        seen.contains("[redacted]"),
        "the echo was there and is redacted: {seen}"
    );
}

#[test]
fn model_output_that_repeats_the_token_is_redacted_in_progress_and_result() {
    let text = format!("I refuse. Your token is {TOKEN} and your key {KEY}");
    let body = json!({
        "content": [{"type": "text", "text": text}],
        "usage": {"input_tokens": 1, "output_tokens": 1}
    })
    .to_string();
    assert_clean(&visible_text(job(&["hello"]), response(200, None, body)));
}

#[test]
fn item_level_errors_echoing_secrets_are_redacted_in_progress_events() {
    // A model error is per item (not fatal, not retried), so it shows in progress events first.
    let body = json!({"message": format!("The model failed on token {TOKEN}")}).to_string();
    let mut job = job(&["hello"]);
    let call = job.next_call(0.0).unwrap();
    job.on_response(
        call.id,
        response(424, Some("ModelErrorException"), body),
        0.0,
    );
    let progress = serde_json::to_string(&job.finished().collect::<Vec<_>>()).unwrap();
    assert!(progress.contains("ModelErrorException"), "{progress}");
    assert_clean(&progress);
}

#[test]
fn retried_errors_echoing_secrets_are_redacted_once_they_give_up() {
    let body = json!({"message": format!("Too many requests for token {TOKEN}")}).to_string();
    assert_clean(&visible_text(
        job(&["hello"]),
        response(429, Some("ThrottlingException"), body),
    ));
}

#[test]
fn fatal_errors_echoing_secrets_are_redacted() {
    let body = json!({"message": format!("The security token {TOKEN} included in the request is invalid.")}).to_string();
    let seen = visible_text(
        job(&["hello"]),
        response(403, Some("UnrecognizedClientException"), body),
    );
    assert_clean(&seen);
    assert!(seen.contains("UnrecognizedClientException"));
}

#[test]
fn json_escaped_and_cut_off_echoes_are_redacted() {
    // Not JSON Anthropic understands: the raw body is kept, with `/` escaped as `\/`.
    let escaped = TOKEN.replace('/', "\\/");
    let body = format!(r#"{{"unexpected": "{escaped}"}}"#);
    assert_clean(&visible_text(job(&["hello"]), response(200, None, body)));
    // A plain-text error body is cut to 500 characters, here in the middle of the token.
    let body = format!("{}{TOKEN}", "x".repeat(480));
    assert_clean(&visible_text(job(&["hello"]), response(500, None, body)));
}
