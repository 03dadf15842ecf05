//! The event-stream frame decoder against the vectors of `tests/data/eventstream/` (read by
//! `common::vectors`): aws-c-event-stream's, botocore's and smithy-rs's positive and negative
//! cases rebuilt from their published description (reference §5.5) with the documented CRC
//! values, the two Bedrock-shaped frames of §5.4 (hex from botocore), and ours. Every case is
//! decoded whole, split at every byte and one byte at a time; all positive messages back to
//! back are split every way too.

mod common;

use common::vectors::{
    negative_frames, positive_frames, ExpectedFrameError, ExpectedHeader, FrameCase, FrameExpected,
};
use common::{be_u32, hex};
use labeler_core::stream::frame::{FrameDecoder, FrameError, Header, HeaderValue, Message};
use proptest::prelude::*;
use serde_json::Value;

fn decode_all(bytes: &[u8]) -> Result<Vec<Message>, FrameError> {
    decode_pieces(&[bytes])
}

fn decode_pieces(pieces: &[&[u8]]) -> Result<Vec<Message>, FrameError> {
    let mut d = FrameDecoder::new();
    let mut out = Vec::new();
    for piece in pieces {
        d.push(piece);
        while let Some(m) = d.next_message()? {
            out.push(m);
        }
    }
    d.finish()?;
    Ok(out)
}

/// `bytes` decoded whole, split in two at every byte, and one byte at a time: the same outcome
/// every way, which is returned.
fn decode_every_way(name: &str, bytes: &[u8]) -> Result<Vec<Message>, FrameError> {
    let whole = decode_all(bytes);
    for at in 0..=bytes.len() {
        let split = decode_pieces(&[&bytes[..at], &bytes[at..]]);
        assert_eq!(split, whole, "{name}: split at byte {at}");
    }
    let one_by_one: Vec<&[u8]> = bytes.chunks(1).collect();
    assert_eq!(
        decode_pieces(&one_by_one),
        whole,
        "{name}: one byte at a time"
    );
    whole
}

fn header_value(h: &ExpectedHeader, case: &str) -> HeaderValue {
    let int = || {
        h.value
            .as_i64()
            .unwrap_or_else(|| panic!("{case}: {} is not a number", h.name))
    };
    let text = || {
        h.value
            .as_str()
            .unwrap_or_else(|| panic!("{case}: {} is not text", h.name))
    };
    match h.kind.as_str() {
        "bool" => HeaderValue::Bool(h.value.as_bool().unwrap()),
        "byte" => HeaderValue::Byte(int().try_into().unwrap()),
        "int16" => HeaderValue::Int16(int().try_into().unwrap()),
        "int32" => HeaderValue::Int32(int().try_into().unwrap()),
        "int64" => HeaderValue::Int64(int()),
        "timestamp" => HeaderValue::Timestamp(int()),
        "bytes" => HeaderValue::ByteArray(hex(text())),
        "string" => HeaderValue::String(text().to_owned()),
        "uuid" => HeaderValue::Uuid(hex(text()).try_into().unwrap()),
        other => panic!("{case}: unknown header type {other}"),
    }
}

/// The error as the vectors write it: its variant name and values.
fn error_fields(e: &FrameError) -> (&'static str, Vec<(&'static str, Value)>) {
    let crc = |n: &u32| Value::from(format!("0x{n:08X}"));
    match e {
        FrameError::PreludeChecksumMismatch { computed, received } => (
            "PreludeChecksumMismatch",
            vec![("computed", crc(computed)), ("received", crc(received))],
        ),
        FrameError::MessageChecksumMismatch { computed, received } => (
            "MessageChecksumMismatch",
            vec![("computed", crc(computed)), ("received", crc(received))],
        ),
        FrameError::InvalidMessageLength(n) => {
            ("InvalidMessageLength", vec![("length", (*n).into())])
        }
        FrameError::InvalidHeadersLength(n) => {
            ("InvalidHeadersLength", vec![("length", (*n).into())])
        }
        FrameError::TruncatedHeader => ("TruncatedHeader", vec![]),
        FrameError::InvalidHeaderValueType(t) => {
            ("InvalidHeaderValueType", vec![("valueType", (*t).into())])
        }
        FrameError::InvalidUtf8 => ("InvalidUtf8", vec![]),
        FrameError::DuplicateHeader(name) => {
            ("DuplicateHeader", vec![("name", name.as_str().into())])
        }
        FrameError::Truncated { buffered } => ("Truncated", vec![("buffered", (*buffered).into())]),
    }
}

/// Panics unless `got` is the error `want` describes (the values it gives).
fn assert_error(case: &str, got: &FrameError, want: &ExpectedFrameError) {
    let (kind, fields) = error_fields(got);
    assert_eq!(kind, want.kind, "{case}: {got:?}");
    let crc = |n: Option<u32>| n.map(|n| Value::from(format!("0x{n:08X}")));
    for (field, wanted) in [
        ("computed", crc(want.computed)),
        ("received", crc(want.received)),
        ("length", want.length.map(Value::from)),
        ("valueType", want.value_type.map(Value::from)),
        ("name", want.name.clone().map(Value::from)),
    ] {
        if let Some(wanted) = wanted {
            let value = fields.iter().find(|(f, _)| *f == field).map(|(_, v)| v);
            assert_eq!(value, Some(&wanted), "{case}: {field} of {got:?}");
        }
    }
}

#[test]
fn positive_cases_decode_to_the_documented_message_every_way() {
    for FrameCase {
        name,
        bytes,
        expected,
    } in positive_frames()
    {
        let FrameExpected::Message(want) = expected else {
            unreachable!()
        };
        let messages = decode_every_way(&name, &bytes).unwrap_or_else(|e| panic!("{name}: {e}"));
        let [m] = &messages[..] else {
            panic!("{name}: one message, got {}", messages.len())
        };
        assert_eq!(bytes.len(), want.total_length as usize, "{name}: length");
        assert_eq!(m.total_length, want.total_length, "{name}");
        assert_eq!(m.headers_length, want.headers_length, "{name}");
        if let Some(crc) = want.prelude_crc {
            assert_eq!(
                be_u32(&bytes[8..12]),
                crc,
                "{name}: prelude CRC as documented"
            );
            assert_eq!(m.prelude_crc, crc, "{name}");
        }
        if let Some(crc) = want.message_crc {
            assert_eq!(
                be_u32(&bytes[bytes.len() - 4..]),
                crc,
                "{name}: message CRC as documented"
            );
            assert_eq!(m.message_crc, crc, "{name}");
        }
        let headers: Vec<Header> = want
            .headers
            .iter()
            .map(|h| Header {
                name: h.name.clone(),
                value: header_value(h, &name),
            })
            .collect();
        assert_eq!(m.headers, headers, "{name}");
        assert_eq!(m.payload, want.payload_bytes(), "{name}");
    }
}

#[test]
fn negative_cases_fail_with_the_documented_error_every_way() {
    for FrameCase {
        name,
        bytes,
        expected,
    } in negative_frames()
    {
        let FrameExpected::Error(want) = expected else {
            unreachable!()
        };
        match decode_every_way(&name, &bytes) {
            Err(e) => assert_error(&name, &e, &want),
            Ok(m) => panic!("{name}: expected {}, decoded {m:?}", want.kind),
        }
    }
}

#[test]
fn a_body_cut_inside_any_message_is_truncated() {
    for FrameCase { name, bytes, .. } in positive_frames() {
        for cut in 1..bytes.len() {
            let mut d = FrameDecoder::new();
            d.push(&bytes[..cut]);
            // Before the prelude is whole nothing is known; after it, nothing is returned.
            assert_eq!(d.next_message(), Ok(None), "{name}: cut at {cut}");
            assert_eq!(
                d.finish(),
                Err(FrameError::Truncated { buffered: cut }),
                "{name}: cut at {cut}"
            );
        }
    }
}

#[test]
fn a_failed_decoder_stays_failed() {
    let bad = negative_frames()
        .into_iter()
        .find(|c| c.name == "aws-c.corrupted_payload")
        .unwrap();
    let good = positive_frames()
        .into_iter()
        .find(|c| c.name == "aws-c.payload_no_headers")
        .unwrap();
    let mut d = FrameDecoder::new();
    d.push(&bad.bytes);
    assert!(d.next_message().is_err());
    d.push(&good.bytes);
    assert!(d.next_message().is_err());
    assert!(d.finish().is_err());
}

#[test]
fn our_test_encoder_reproduces_the_botocore_bedrock_frames() {
    // The encoder the other stream tests use (tests/common) makes byte-identical frames.
    let case = |name: &str| {
        positive_frames()
            .into_iter()
            .find(|c| c.name == name)
            .unwrap()
            .bytes
    };
    let event = r#"{"type":"message_stop","amazon-bedrock-invocationMetrics":{"inputTokenCount":10,"outputTokenCount":3,"invocationLatency":50,"firstByteLatency":20}}"#;
    assert_eq!(common::chunk(event), case("bedrock.chunk-message-stop"));
    assert_eq!(
        common::exception(
            "throttlingException",
            "Too many requests, please wait before trying again."
        ),
        case("bedrock.throttling-exception")
    );
    assert_eq!(
        common::error_message("code", "message"),
        case("botocore.ERROR_EVENT_MESSAGE")
    );
}

// --- every positive message back to back ---------------------------------------------------

fn multi_frame_body() -> Vec<u8> {
    positive_frames()
        .into_iter()
        .flat_map(|c| c.bytes)
        .collect()
}

#[test]
fn every_split_point_of_all_positive_messages_gives_the_same_messages() {
    let body = multi_frame_body();
    let whole = decode_every_way("all positive messages", &body).unwrap();
    assert_eq!(whole.len(), positive_frames().len());
}

proptest! {
    #[test]
    fn any_chunking_gives_the_same_messages(cuts in proptest::collection::vec(0usize..2000, 0..40)) {
        let body = multi_frame_body();
        let whole = decode_all(&body).unwrap();
        let mut cuts: Vec<usize> = cuts.into_iter().map(|c| c % (body.len() + 1)).collect();
        cuts.sort_unstable();
        let mut pieces = Vec::new();
        let mut from = 0;
        for c in cuts {
            pieces.push(&body[from..c]);
            from = c;
        }
        pieces.push(&body[from..]);
        prop_assert_eq!(decode_pieces(&pieces).unwrap(), whole);
    }

    #[test]
    fn a_corrupted_byte_is_never_accepted_silently(at in 0usize..10_000, flip in 1u8..=255) {
        // CRC-32 detects every error burst of up to 32 bits, and the prelude CRC guards the
        // lengths: changing any one byte anywhere in the body must fail the decode.
        let mut body = multi_frame_body();
        let at = at % body.len();
        body[at] ^= flip;
        prop_assert!(decode_all(&body).is_err());
    }
}
