//! Property-based fuzzing (proptest) of the streaming path: the event-stream frame decoder fed
//! arbitrary bytes in arbitrary pieces, Claude's stream events and the partial-answer scanner
//! fed arbitrary text, and whole streamed jobs whose frames echo the secrets back (in chunk
//! text, exception messages, unmodeled errors), around garbage and cut anywhere.
//!
//! Properties: nothing panics; a decoder that failed stays failed; and no secret (nor its first
//! 12 characters) reaches a message, a `raw` field, a result or a request sent. Bounded for
//! `make test` by proptest's default 256 cases; `PROPTEST_CASES` raises it.

mod common;

use common::*;
use labeler_core::formats::claude::ClaudeStream;
use labeler_core::formats::StreamReader;
use labeler_core::stream::frame::FrameDecoder;
use labeler_core::stream::partial_answer::{complete_results, PartialAnswerScanner};
use labeler_core::{Job, PredictLabelsRequest};
use proptest::prelude::*;
use serde_json::json;

/// Arbitrary bytes, split at arbitrary points.
fn pieces_of(bytes: &[u8], cuts: &[usize]) -> Vec<Vec<u8>> {
    let mut at: Vec<usize> = cuts.iter().map(|c| c % (bytes.len() + 1)).collect();
    at.sort_unstable();
    let mut out = Vec::new();
    let mut start = 0;
    for c in at {
        out.push(bytes[start..c].to_vec());
        start = c;
    }
    out.push(bytes[start..].to_vec());
    out
}

proptest! {
    #[test]
    fn frame_decoder_never_panics_and_stays_failed(
        bytes in prop_oneof![
            prop::collection::vec(any::<u8>(), 0..600),
            // Real frames with bytes flipped, cut or appended.
            (any::<String>(), prop::collection::vec((any::<usize>(), any::<u8>()), 0..4), any::<usize>())
                .prop_map(|(text, flips, cut)| {
                    let mut b = chunk(&json!({"type": "content_block_delta", "delta": {"type": "text_delta", "text": text}}).to_string());
                    b.extend(exception("throttlingException", "slow down"));
                    let n = b.len();
                    for (at, x) in flips { b[at % n] ^= x; }
                    b.truncate(cut % (n + 1));
                    b
                }),
        ],
        cuts in prop::collection::vec(any::<usize>(), 0..8),
    ) {
        let mut decoder = FrameDecoder::new();
        let mut failed = false;
        for piece in pieces_of(&bytes, &cuts) {
            decoder.push(&piece);
            loop {
                match decoder.next_message() {
                    Ok(Some(_)) => prop_assert!(!failed, "a message after an error"),
                    Ok(None) => break,
                    Err(_) => {
                        failed = true;
                        prop_assert!(decoder.next_message().is_err(), "a failed decoder stays failed");
                        break;
                    }
                }
            }
        }
        let _ = decoder.finish();
    }

    #[test]
    fn claude_stream_events_never_panic(events in prop::collection::vec(prop_oneof![
        prop::collection::vec(any::<u8>(), 0..200),
        any::<String>().prop_map(|t| json!({"type": "content_block_delta", "index": 0, "delta": {"type": "input_json_delta", "partial_json": t}}).to_string().into_bytes()),
        any::<String>().prop_map(|t| json!({"type": "content_block_delta", "index": 0, "delta": {"type": "text_delta", "text": t}}).to_string().into_bytes()),
        Just(json!({"type": "content_block_start", "index": 0, "content_block": {"type": "tool_use", "name": "record_labels", "input": {}}}).to_string().into_bytes()),
        Just(json!({"type": "message_stop"}).to_string().into_bytes()),
        any::<String>().prop_map(|m| json!({"type": "error", "error": {"type": "overloaded_error", "message": m}}).to_string().into_bytes()),
    ], 0..12)) {
        let mut s = ClaudeStream::new();
        for e in &events {
            let _ = s.on_event(e);
            let _ = s.partial_answer();
        }
        let _ = s.is_complete();
        let _ = s.finish();
    }

    #[test]
    fn partial_answer_scanner_never_panics(text in any::<String>(), tail in "[\\[\\]{}\",:\\\\a-z0-9 ]{0,80}") {
        let _ = complete_results(&text);
        // Fed the growing answer piece by piece, as while streaming.
        let whole = format!("{{\"results\":[{{\"id\":\"1\",\"label\":\"a\"}},{tail}");
        let mut scanner = PartialAnswerScanner::default();
        for end in (0..=whole.len()).filter(|&i| whole.is_char_boundary(i)) {
            let _ = scanner.scan(&whole[..end]);
        }
    }

    #[test]
    fn no_secret_leaves_a_streamed_job(
        key in "[A-Za-z0-9/+=]{20,60}",
        token in "[A-Za-z0-9/+=]{20,60}",
        which in any::<bool>(),
        cut in 0usize..40,
        shape in 0u8..5,
        garbage in prop::collection::vec(any::<u8>(), 0..40),
        cuts in prop::collection::vec(any::<usize>(), 0..6),
        end_early in any::<bool>(),
    ) {
        let req = PredictLabelsRequest::from_json(&json!({
            "credentials": {"accessKeyId": "ASIAFUZZFUZZFUZZ0001", "secretAccessKey": key, "sessionToken": token},
            "region": "us-east-1",
            "modelId": "anthropic.claude-3-haiku-20240307-v1:0",
            "labels": ["positive", "negative"],
            "texts": ["hello"],
            "stream": true,
            "endpoint": "http://127.0.0.1:1",
        })).unwrap();
        let secret = if which { &key } else { &token };
        let echo = &secret[..(12 + cut).min(secret.len())];
        let answer = |label: &str| json!({"results": [{"id": "1", "label": label}]}).to_string();
        let mut body = match shape {
            // The model's answer is the secret, or says it in text.
            0 => stream_body(&claude_events(&answer(echo), 3, 1, 1)),
            1 => stream_body(&[json!({"type": "content_block_delta", "index": 0, "delta": {"type": "text_delta", "text": format!("key: {echo}")}}).to_string(), json!({"type": "message_stop"}).to_string()]),
            // Bedrock's exceptions and unmodeled errors in the stream, and Claude's error event.
            2 => exception("validationException", &format!("bad token {echo}")),
            3 => error_message("InternalFailure", &format!("token {echo} rejected")),
            _ => stream_body(&[json!({"type": "error", "error": {"type": "overloaded_error", "message": format!("for {echo}")}}).to_string()]),
        };
        body.extend(&garbage);
        let mut job = Job::new(req).unwrap();
        let mut seen = Vec::new();
        let mut now = 1_000_000.0;
        for _ in 0..60 {
            if job.is_done() { break; }
            let Some(call) = job.next_call(now) else {
                now += job.next_wake_ms(now).unwrap_or(1000.0).max(1.0);
                continue;
            };
            seen.push(String::from_utf8_lossy(&call.request.body).into_owned());
            prop_assert!(job.on_stream_start(call.id, 200, &[("content-type".into(), "application/vnd.amazon.eventstream".into())]));
            for piece in pieces_of(&body, &cuts) {
                if !job.on_stream_bytes(call.id, &piece).wants_more { break; }
                seen.push(serde_json::to_string(&job.finished().collect::<Vec<_>>()).unwrap());
            }
            if end_early {
                job.on_stream_failed(call.id, "TypeError: network error", now);
            } else {
                job.on_stream_end(call.id, now);
            }
            seen.push(serde_json::to_string(&job.finished().collect::<Vec<_>>()).unwrap());
        }
        prop_assert!(job.is_done());
        match job.into_result() {
            Ok(r) => seen.push(serde_json::to_string(&r).unwrap()),
            Err(e) => seen.push(serde_json::to_string(&e).unwrap()),
        }
        // JSON text keeps `/`, `+`, `=` as they are, so a leak would show verbatim.
        for s in [&key, &token] {
            for out in &seen {
                prop_assert!(!out.contains(&s[..12]), "{} leaked: {}", &s[..12], out);
            }
        }
    }
}
