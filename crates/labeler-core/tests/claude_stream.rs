//! Claude's streamed events give the same output as the same message sent whole, and the
//! Bedrock layer turns stream faults into the errors a non-streaming call gets.

mod common;

use common::*;
use labeler_core::aws_error::{error_from_response, ErrorContext};
use labeler_core::formats::claude::{Claude, ClaudeStream};
use labeler_core::formats::{BodyFormat, ModelOutput, StreamReader, TokenUsage};
use labeler_core::http::HttpResponse;
use labeler_core::stream::bedrock::Framing;
use labeler_core::stream::StreamedResponse;
use serde_json::{json, Value};

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

fn parse_response(v: &Value) -> Result<ModelOutput, String> {
    Claude.parse(v)
}

fn feed(events: &[String]) -> ClaudeStream {
    let mut c = ClaudeStream::new();
    for e in events {
        c.on_event(e.as_bytes()).unwrap();
    }
    c
}

#[test]
fn a_tool_call_split_into_deltas_equals_the_whole_response() {
    let answer = r#"{"results":[{"id":"1","label":"positive"},{"id":"2","label":"négatif ☕"}]}"#;
    let whole = json!({
        "id": "msg_bdrk_1", "type": "message", "role": "assistant", "model": "claude-test",
        "content": [{"type": "tool_use", "id": "toolu_bdrk_1", "name": "record_labels",
                     "input": serde_json::from_str::<Value>(answer).unwrap()}],
        "stop_reason": "tool_use", "stop_sequence": null,
        "usage": {"input_tokens": 412, "output_tokens": 38}
    });
    let expected = parse_response(&whole).unwrap();
    for pieces in [1, 2, 5, answer.chars().count()] {
        let c = feed(&claude_events(answer, pieces, 412, 38));
        assert!(c.is_complete());
        assert_eq!(c.finish(), expected, "{pieces} pieces");
    }
}

#[test]
fn text_answers_and_usage_without_metrics_match_too() {
    let text = "Here you go: {\"results\":[{\"id\":\"1\",\"label\":\"negative\"}]}";
    let whole = json!({"content": [{"type": "text", "text": text}], "stop_reason": "max_tokens",
                       "usage": {"input_tokens": 20, "output_tokens": 9}});
    let expected = parse_response(&whole).unwrap();
    let (a, b) = text.split_at(17);
    let events = [
        json!({"type":"message_start","message":{"usage":{"input_tokens":20,"output_tokens":1}}}),
        json!({"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}),
        json!({"type":"ping"}),
        json!({"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":a}}),
        json!({"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":b}}),
        json!({"type":"content_block_stop","index":0}),
        json!({"type":"message_delta","delta":{"stop_reason":"max_tokens"},"usage":{"output_tokens":9}}),
        json!({"type":"message_stop"}),
    ];
    let c = feed(&events.iter().map(Value::to_string).collect::<Vec<_>>());
    let out = c.finish();
    assert_eq!(out, expected);
    assert!(out.truncated);
    assert_eq!(out.usage, Some(TokenUsage::new(20, 9)));
    // A text answer is read as it streams too (structured output writes its JSON as text).
    assert_eq!(c.partial_answer(), Some(&text[13..]));
}

#[test]
fn invocation_metrics_are_the_token_counts() {
    let mut events = claude_events(r#"{"results":[]}"#, 1, 5, 6);
    // message_delta says 6 output tokens; the metrics on the last chunk win when they differ.
    let last = events.len() - 1;
    events[last] = json!({"type":"message_stop","amazon-bedrock-invocationMetrics":{"inputTokenCount":500,"outputTokenCount":60}}).to_string();
    assert_eq!(feed(&events).finish().usage, Some(TokenUsage::new(500, 60)));
}

#[test]
fn entries_come_out_while_the_tool_input_streams() {
    let answer = r#"{"results":[{"id":"1","label":"positive"},{"id":"2","label":"negative"}]}"#;
    let events = claude_events(answer, answer.len(), 10, 20);
    let mut r = claude();
    let mut first_seen_at = None;
    let mut all = Vec::new();
    for (n, e) in events.iter().enumerate() {
        let got = r.push(&chunk(e), &CTX);
        if !got.is_empty() && first_seen_at.is_none() {
            first_seen_at = Some(n);
        }
        all.extend(got);
    }
    assert_eq!(
        all,
        vec![
            json!({"id":"1","label":"positive"}),
            json!({"id":"2","label":"negative"})
        ]
    );
    // One character per delta, after message_start and content_block_start: the first entry
    // is out with the delta that carries its closing brace, long before the last event.
    assert_eq!(first_seen_at, Some(2 + answer.find('}').unwrap()));
    assert!(first_seen_at.unwrap() < events.len() - 30);
    let out = r.finish().unwrap();
    assert_eq!(
        out.answer.unwrap(),
        serde_json::from_str::<Value>(answer).unwrap()
    );
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
