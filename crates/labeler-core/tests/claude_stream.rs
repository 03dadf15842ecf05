//! The Bedrock layer of a Claude stream: stream faults become the errors a non-streaming call
//! gets, unknown events are ignored, broken streams are errors. (What Claude's events give,
//! chunk by chunk and split anywhere, is checked over the recorded streams of
//! `tests/data/formats/claude/` in `format_vectors.rs`.)

mod common;

use common::*;
use labeler_core::aws_error::{error_from_response, ErrorContext};
use labeler_core::formats::claude::ClaudeStream;
use labeler_core::http::HttpResponse;
use labeler_core::stream::bedrock::Framing;
use labeler_core::stream::StreamedResponse;
use serde_json::json;

const CTX: ErrorContext = ErrorContext {
    model_id: "anthropic.claude-3-haiku-20240307-v1:0",
    region: "us-east-1",
};

fn claude() -> StreamedResponse {
    StreamedResponse::new(
        Box::new(ClaudeStream::new()),
        Framing::Invoke,
        Some("req-stream-1".into()),
    )
}

/// The error a non-streaming call gets for `code` with body `{"message": message}`.
fn non_streaming_error(code: &str, status: u16, message: &str) -> labeler_core::LabelerError {
    let resp = HttpResponse {
        status,
        headers: vec![
            (
                "x-amzn-ErrorType".into(),
                format!("{code}:http://internal.amazon.com/coral/com.amazon.bedrock/"),
            ),
            ("x-amzn-RequestId".into(), "req-stream-1".into()),
        ],
        body: json!({ "message": message }).to_string().into_bytes(),
    };
    error_from_response(&resp, &CTX)
}

#[test]
fn stream_exceptions_are_the_same_errors_as_non_streaming_ones() {
    for (member, code, status) in [
        ("throttlingException", "ThrottlingException", 429),
        (
            "modelStreamErrorException",
            "ModelStreamErrorException",
            424,
        ),
        ("validationException", "ValidationException", 400),
        ("internalServerException", "InternalServerException", 500),
        ("modelTimeoutException", "ModelTimeoutException", 408),
        (
            "serviceUnavailableException",
            "ServiceUnavailableException",
            503,
        ),
    ] {
        let message = format!("(test) {member} happened");
        let mut body =
            stream_body(&claude_events(r#"{"results":[{"id":"1","label":"a"}"#, 3, 1, 1)[..3]);
        body.extend(exception(member, &message));
        let mut r = claude();
        r.push(&body, &CTX);
        assert!(!r.wants_more(), "{member}");
        let err = r.finish().unwrap_err();
        assert_eq!(err, non_streaming_error(code, status, &message), "{member}");
    }
}

#[test]
fn unmodeled_error_messages_and_claude_errors_are_typed() {
    let mut r = claude();
    r.push(&error_message("InternalFailure", "Something broke"), &CTX);
    let err = r.finish().unwrap_err();
    assert_eq!(err.code, "InternalFailure");
    assert!(err.message.contains("Something broke"), "{}", err.message);

    let mut r = claude();
    let events = [
        json!({"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}})
            .to_string(),
    ];
    r.push(&stream_body(&events), &CTX);
    let err = r.finish().unwrap_err();
    assert_eq!(err.code, "ServiceUnavailableException");
    assert!(
        err.message.contains("overloaded_error: Overloaded"),
        "{}",
        err.message
    );
}

#[test]
fn unknown_event_types_are_ignored() {
    let answer = r#"{"results":[{"id":"1","label":"a"}]}"#;
    let events = claude_events(answer, 2, 1, 1);
    let mut body = Vec::new();
    for (n, e) in events.iter().enumerate() {
        if n == 2 {
            let mut h = header(":event-type", V::Str("someFutureEvent"));
            h.extend(header(":message-type", V::Str("event")));
            body.extend(frame(&h, b"{}"));
        }
        body.extend(chunk(e));
    }
    let mut r = claude();
    r.push(&body, &CTX);
    assert!(r.finish().is_ok());
}

#[test]
fn broken_streams_are_errors_never_partial_answers() {
    let answer = r#"{"results":[{"id":"1","label":"a"},{"id":"2","label":"b"}]}"#;
    let body = stream_body(&claude_events(answer, 4, 1, 1));

    // Cut inside the last frame.
    let mut r = claude();
    r.push(&body[..body.len() - 7], &CTX);
    let err = r.finish().unwrap_err();
    assert_eq!(err.code, "StreamError");
    assert!(
        err.message.contains("ended inside a message"),
        "{}",
        err.message
    );
    assert_eq!(err.request_id.as_deref(), Some("req-stream-1"));

    // Cut exactly between frames, before message_stop.
    let events = claude_events(answer, 4, 1, 1);
    let mut r = claude();
    r.push(&stream_body(&events[..events.len() - 1]), &CTX);
    let err = r.finish().unwrap_err();
    assert_eq!(err.code, "StreamError");
    assert!(
        err.message.contains("last event never arrived"),
        "{}",
        err.message
    );

    // A corrupted CRC in the middle.
    let mut bad = body.clone();
    let at = bad.len() / 2;
    bad[at] ^= 0x20;
    let mut r = claude();
    r.push(&bad, &CTX);
    assert!(!r.wants_more());
    let err = r.finish().unwrap_err();
    assert_eq!(err.code, "StreamError");
    assert!(err.message.contains("checksum"), "{}", err.message);

    // A chunk whose bytes are not base64, and one that is not Claude JSON.
    for payload in [
        r#"{"bytes":"!!!"}"#.to_string(),
        format!("{{\"bytes\":\"{}\"}}", base64(b"not json")),
    ] {
        let mut h = header(":event-type", V::Str("chunk"));
        h.extend(header(":message-type", V::Str("event")));
        let mut r = claude();
        r.push(&frame(&h, payload.as_bytes()), &CTX);
        assert_eq!(r.finish().unwrap_err().code, "StreamError", "{payload}");
    }

    // A transport failure midway.
    let mut r = claude();
    r.push(&body[..body.len() / 2], &CTX);
    r.fail_transport("TypeError: network error");
    let err = r.finish().unwrap_err();
    assert_eq!(err.code, "NetworkError");
    assert!(err.message.contains("TypeError: network error"));
}
