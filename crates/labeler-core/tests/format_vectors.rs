//! Every body format's recorded response and stream shapes (`tests/data/formats/<format>/<case>/`,
//! read by `common::vectors`): each whole response parses to the case's expected output, and
//! each of its streams gives the same output whatever the chunking and wherever the body is
//! split, handing out the case's result entries as they complete. A new shape is a new folder.

mod common;

use common::vectors::{
    event_frame, format_cases, framing, stream_body_of, EventStream, FormatCase, FORMAT_FOLDERS,
};
use common::{chunk, exception, header, V};
use labeler_core::aws_error::ErrorContext;
use labeler_core::formats::{parse_response, Format, ModelOutput, StreamReader};
use labeler_core::stream::bedrock::Framing;
use labeler_core::stream::StreamedResponse;
use serde_json::Value;

const CTX: ErrorContext = ErrorContext {
    model_id: "the-model-v1:0",
    region: "us-east-1",
};

/// The format's stream reader; a case with streams must be of a format whose stream is read.
fn reader(case: &FormatCase) -> Box<dyn StreamReader> {
    case.format
        .body()
        .stream_reader()
        .unwrap_or_else(|| panic!("{}: {:?} has no stream reader", case.name, case.format))
}

fn streamed(case: &FormatCase) -> StreamedResponse {
    StreamedResponse::new(reader(case), framing(case.format), Some("req-1".into()))
}

/// Calls `check(case, stream)` for every stream of every case.
fn each_stream(mut check: impl FnMut(&FormatCase, &EventStream)) {
    let cases = format_cases();
    let mut n = 0;
    for case in &cases {
        for s in &case.streams {
            check(case, s);
            n += 1;
        }
    }
    assert!(n > 0);
}

/// Pushes `pieces` of a body; the entries handed out, in order, and the output.
fn stream_in(case: &FormatCase, pieces: &[&[u8]], what: &str) -> (Vec<Value>, ModelOutput) {
    let mut r = streamed(case);
    let mut got = Vec::new();
    for p in pieces {
        got.extend(r.push(p, &CTX));
        assert!(r.wants_more(), "{what}");
    }
    let out = r
        .finish()
        .unwrap_or_else(|e| panic!("{what}: a whole stream has an output, got {e:?}"));
    (got, no_zero_cache(out))
}

/// A cache count of 0 and no cache count are the same usage: a recorded shape may report
/// `cacheReadInputTokens: 0` in one form (a whole response) and nothing in the other (its
/// stream), while one `expected.json` serves both.
fn no_zero_cache(mut out: ModelOutput) -> ModelOutput {
    if let Some(u) = out.usage.as_mut() {
        u.cache_read = u.cache_read.filter(|&n| n > 0);
        u.cache_write = u.cache_write.filter(|&n| n > 0);
    }
    out
}

/// How many events the reader needs before it is complete.
fn completing_event(case: &FormatCase, s: &EventStream) -> usize {
    let mut r = reader(case);
    for (n, e) in s.events.iter().enumerate() {
        r.on_event(e.as_bytes()).unwrap();
        if r.is_complete() {
            return n + 1;
        }
    }
    panic!("{}/{}: never complete", case.name, s.file)
}

/// Bodies up to this size are split at every byte.
const EVERY_BYTE_UP_TO: usize = 4 * 1024;

/// Where to split a stream's body in two: at every byte of a body up to [`EVERY_BYTE_UP_TO`]
/// (each split decodes the whole body again); beyond it (the many-piece streams, up to 45 KB),
/// at every frame boundary. What the reader sees after a split inside a frame is what it sees
/// after the split at that frame's start: the decoder holds the partial frame back, and its
/// partial frames are checked at every byte by the byte-at-a-time pass (and, for the decoder
/// alone, in eventstream_vectors.rs).
fn split_points(format: Format, events: &[String]) -> Vec<usize> {
    let sizes: Vec<usize> = events
        .iter()
        .map(|e| event_frame(format, e, None).len())
        .collect();
    let total: usize = sizes.iter().sum();
    if total <= EVERY_BYTE_UP_TO {
        return (0..=total).collect();
    }
    std::iter::once(0)
        .chain(sizes.iter().scan(0, |at, size| {
            *at += size;
            Some(*at)
        }))
        .collect()
}

#[test]
fn every_format_has_a_folder_of_cases() {
    let cases = format_cases();
    for format in Format::ALL {
        let (folder, _) = FORMAT_FOLDERS.iter().find(|(_, f)| *f == format).unwrap();
        assert!(
            cases.iter().any(|c| c.format == format),
            "no case for {format:?} in data/formats/{folder}/"
        );
    }
}

#[test]
fn whole_responses_parse_to_the_expected_output() {
    let mut n = 0;
    for case in format_cases() {
        let Some(body) = &case.response else { continue };
        let got = parse_response(case.format, body).map(no_zero_cache);
        match (&case.expected.error, case.output()) {
            (Some(error), None) => assert_eq!(got, Err(error.clone()), "{}", case.name),
            (None, Some(want)) => assert_eq!(got, Ok(want), "{}", case.name),
            _ => unreachable!("checked when loaded"),
        }
        n += 1;
    }
    assert!(n > 0);
}

#[test]
fn streams_read_event_by_event_give_the_expected_output() {
    each_stream(|case, s| {
        let what = format!("{}/{}", case.name, s.file);
        let mut r = reader(case);
        for e in &s.events {
            r.on_event(e.as_bytes())
                .unwrap_or_else(|p| panic!("{what}: {p:?} for {e}"));
        }
        assert!(r.is_complete(), "{what}");
        assert_eq!(no_zero_cache(r.finish()), case.stream_output(), "{what}");
        if let Some(want) = case
            .expected
            .streams
            .get(&s.file)
            .and_then(|x| x.partial_answer.as_ref())
        {
            assert_eq!(r.partial_answer(), want.as_str(), "{what}: partial answer");
        }
    });
}

#[test]
fn streams_give_the_output_and_entries_at_every_split_point_and_byte_by_byte() {
    each_stream(|case, s| {
        let what = format!("{}/{}", case.name, s.file);
        let body = stream_body_of(case.format, &s.events);
        let want = (case.expected.entries.clone().unwrap(), case.stream_output());
        assert_eq!(stream_in(case, &[&body], &what), want, "{what}: whole");
        for at in split_points(case.format, &s.events) {
            let got = stream_in(case, &[&body[..at], &body[at..]], &what);
            assert_eq!(got, want, "{what}: split at byte {at}");
        }
        let bytes: Vec<&[u8]> = body.chunks(1).collect();
        assert_eq!(
            stream_in(case, &bytes, &what),
            want,
            "{what}: one byte at a time"
        );
    });
}

#[test]
fn chunks_with_bedrock_padding_read_the_same() {
    // Real InvokeModel streams carry a `p` padding key beside `bytes` (M§1.7); ConverseStream
    // events carry it in the recorded cases themselves (C§F.4).
    each_stream(|case, s| {
        let what = format!("{}/{}", case.name, s.file);
        let pad = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
        let body: Vec<u8> = s
            .events
            .iter()
            .enumerate()
            .flat_map(|(n, e)| event_frame(case.format, e, Some(&pad[..2 + (n * 37) % 59])))
            .collect();
        let want = (case.expected.entries.clone().unwrap(), case.stream_output());
        assert_eq!(stream_in(case, &[&body], &what), want, "{what}");
    });
}

#[test]
fn entries_come_out_with_the_chunks_recorded() {
    let mut n = 0;
    each_stream(|case, s| {
        let Some(want) = case
            .expected
            .streams
            .get(&s.file)
            .and_then(|x| x.arrivals.clone())
        else {
            return;
        };
        let mut r = streamed(case);
        let mut arrivals = Vec::new();
        for (k, e) in s.events.iter().enumerate() {
            let got = r.push(&event_frame(case.format, e, None), &CTX);
            arrivals.extend(got.iter().map(|_| k + 1));
        }
        assert!(r.finish().is_ok());
        assert_eq!(arrivals, want, "{}/{}", case.name, s.file);
        n += 1;
    });
    assert!(n > 0);
}

#[test]
fn a_stream_without_its_last_event_is_an_error_never_a_partial_answer() {
    each_stream(|case, s| {
        let what = format!("{}/{}", case.name, s.file);
        // Cut just before the event that completes the answer (Nova: messageStop, and the
        // metadata after it, each end it).
        let keep = completing_event(case, s) - 1;
        let mut r = streamed(case);
        r.push(&stream_body_of(case.format, &s.events[..keep]), &CTX);
        let err = r.finish().unwrap_err();
        assert_eq!(err.code, "StreamError", "{what}");
        assert!(
            err.message.contains("last event never arrived"),
            "{what}: {}",
            err.message
        );

        // Cut inside the last frame.
        let body = stream_body_of(case.format, &s.events);
        let mut r = streamed(case);
        r.push(&body[..body.len() - 5], &CTX);
        let err = r.finish().unwrap_err();
        assert_eq!(err.code, "StreamError", "{what}");
        assert!(
            err.message.contains("ended inside a message"),
            "{what}: {}",
            err.message
        );
    });
}

#[test]
fn a_stream_exception_ends_every_stream_with_the_typed_error() {
    each_stream(|case, s| {
        let keep = (completing_event(case, s) - 1).min(3);
        let mut body = stream_body_of(case.format, &s.events[..keep]);
        body.extend(exception(
            "modelStreamErrorException",
            "(test) model failed",
        ));
        let mut r = streamed(case);
        r.push(&body, &CTX);
        assert!(!r.wants_more());
        let err = r.finish().unwrap_err();
        assert_eq!(
            (err.code.as_str(), err.status),
            ("ModelStreamErrorException", Some(424)),
            "{}/{}",
            case.name,
            s.file
        );
    });
}

#[test]
fn a_chunk_that_is_not_json_fails_every_reader() {
    for (folder, format) in FORMAT_FOLDERS {
        let Some(model) = format.body().stream_reader() else {
            continue;
        };
        let mut r = StreamedResponse::new(model, framing(format), None);
        let frame = match framing(format) {
            Framing::Invoke => chunk("not json"),
            Framing::Converse => {
                let mut h = header(":event-type", V::Str("contentBlockDelta"));
                h.extend(header(":message-type", V::Str("event")));
                common::frame(&h, b"not json")
            }
        };
        r.push(&frame, &CTX);
        assert!(!r.wants_more(), "{folder}");
        assert_eq!(r.finish().unwrap_err().code, "StreamError", "{folder}");
    }
}
