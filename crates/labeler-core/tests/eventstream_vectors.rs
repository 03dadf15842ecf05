//! The event-stream frame decoder against public test vectors, rebuilt here from their
//! published description (reference §5.5: aws-c-event-stream's generator cases, botocore's and
//! smithy-rs's negative cases) with the documented CRC values asserted, plus the
//! Bedrock-shaped vectors of §5.4 (hex from botocore), and every way of splitting a body.

mod common;

use common::*;
use labeler_core::stream::frame::{FrameDecoder, FrameError, HeaderValue, Message};
use proptest::prelude::*;

const FOO_BAR: &[u8] = b"{'foo':'bar'}";

/// Decodes a whole body pushed in one piece; the error, if any.
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

// --- aws-c-event-stream positive vectors ---------------------------------------------------

fn empty_message() -> Vec<u8> {
    frame(&[], &[])
}
fn payload_no_headers() -> Vec<u8> {
    frame(&[], FOO_BAR)
}
fn payload_one_str_header() -> Vec<u8> {
    frame(&header("content-type", V::Str("application/json")), FOO_BAR)
}
fn int32_header() -> Vec<u8> {
    frame(&header("event-type", V::I32(40972)), FOO_BAR)
}
fn all_headers() -> Vec<u8> {
    let uuid: [u8; 16] = std::array::from_fn(|i| i as u8 + 1);
    let h = [
        header("event-type", V::I32(40972)),
        header("content-type", V::Str("application/json")),
        header("bool false", V::False),
        header("bool true", V::True),
        header("byte", V::Byte(-49)),
        header("byte buf", V::Bytes(b"I'm a little teapot!")),
        header("timestamp", V::Timestamp(8675309)),
        header("int16", V::I16(42)),
        header("int64", V::I64(42424242)),
        header("uuid", V::Uuid(uuid)),
    ]
    .concat();
    frame(&h, FOO_BAR)
}

/// (name, bytes, total length, prelude CRC, message CRC) as documented.
fn positive_vectors() -> Vec<(&'static str, Vec<u8>, usize, u32, u32)> {
    vec![
        (
            "empty_message",
            empty_message(),
            16,
            0x05C2_48EB,
            0x7D98_C8FF,
        ),
        (
            "payload_no_headers",
            payload_no_headers(),
            29,
            0xFD52_8C5A,
            0xC365_3936,
        ),
        (
            "payload_one_str_header",
            payload_one_str_header(),
            61,
            0x07FD_8396,
            0x8D9C_08B1,
        ),
        ("int32_header", int32_header(), 45, 0x41C4_24B8, 0x36F4_80A0),
        ("all_headers", all_headers(), 204, 0x0FAE_64CA, 0xABA5_F10C),
    ]
}

#[test]
fn empty_message_is_the_published_16_bytes() {
    assert_eq!(empty_message(), hex("000000100000000005c248eb7d98c8ff"));
}

#[test]
fn positive_vectors_have_the_documented_crcs_and_decode() {
    for (name, bytes, len, prelude_crc, message_crc) in positive_vectors() {
        assert_eq!(bytes.len(), len, "{name}: length");
        assert_eq!(
            be_u32(&bytes[8..12]),
            prelude_crc,
            "{name}: prelude CRC as built"
        );
        assert_eq!(
            be_u32(&bytes[len - 4..]),
            message_crc,
            "{name}: message CRC as built"
        );
        let messages = decode_all(&bytes).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(messages.len(), 1, "{name}");
        let m = &messages[0];
        assert_eq!(m.total_length as usize, len, "{name}");
        assert_eq!(m.prelude_crc, prelude_crc, "{name}");
        assert_eq!(m.message_crc, message_crc, "{name}");
        let expected_payload: &[u8] = if name == "empty_message" {
            b""
        } else {
            FOO_BAR
        };
        assert_eq!(m.payload, expected_payload, "{name}");
    }
}

#[test]
fn all_ten_header_types_decode_to_their_values() {
    let m = decode_all(&all_headers()).unwrap().remove(0);
    assert_eq!(m.headers_length, 175);
    let got: Vec<(&str, &HeaderValue)> = m
        .headers
        .iter()
        .map(|h| (h.name.as_str(), &h.value))
        .collect();
    let uuid: [u8; 16] = std::array::from_fn(|i| i as u8 + 1);
    assert_eq!(
        got,
        vec![
            ("event-type", &HeaderValue::Int32(40972)),
            (
                "content-type",
                &HeaderValue::String("application/json".into())
            ),
            ("bool false", &HeaderValue::Bool(false)),
            ("bool true", &HeaderValue::Bool(true)),
            ("byte", &HeaderValue::Byte(-49)),
            (
                "byte buf",
                &HeaderValue::ByteArray(b"I'm a little teapot!".to_vec())
            ),
            ("timestamp", &HeaderValue::Timestamp(8675309)),
            ("int16", &HeaderValue::Int16(42)),
            ("int64", &HeaderValue::Int64(42424242)),
            ("uuid", &HeaderValue::Uuid(uuid)),
        ]
    );
}

#[test]
fn botocore_positive_cases_decode() {
    for (name, value, expected) in [
        ("byte", V::Byte(-1), HeaderValue::Byte(-1)),
        ("short", V::I16(-1), HeaderValue::Int16(-1)),
        ("integer", V::I32(-1), HeaderValue::Int32(-1)),
        ("long", V::I64(-1), HeaderValue::Int64(-1)),
    ] {
        let m = decode_all(&frame(&header(name, value), b""))
            .unwrap()
            .remove(0);
        assert_eq!(m.headers[0].value, expected, "{name}");
    }
    // ERROR_EVENT_MESSAGE
    let m = decode_all(&error_message("code", "message"))
        .unwrap()
        .remove(0);
    assert_eq!(m.header_str(":message-type"), Some("error"));
    assert_eq!(m.header_str(":error-code"), Some("code"));
    assert_eq!(m.header_str(":error-message"), Some("message"));
}

// --- negative vectors ----------------------------------------------------------------------

fn assert_prelude_mismatch(name: &str, bytes: &[u8]) {
    match decode_all(bytes) {
        Err(FrameError::PreludeChecksumMismatch { .. }) => {}
        other => panic!("{name}: expected a prelude checksum mismatch, got {other:?}"),
    }
}

fn assert_message_mismatch(name: &str, bytes: &[u8]) {
    match decode_all(bytes) {
        Err(FrameError::MessageChecksumMismatch { .. }) => {}
        other => panic!("{name}: expected a message checksum mismatch, got {other:?}"),
    }
}

#[test]
fn aws_c_event_stream_negative_vectors_are_rejected() {
    // corrupted_length: total_length 61 → 62, CRCs unchanged.
    let mut b = payload_one_str_header();
    b[3] = 62;
    assert_prelude_mismatch("corrupted_length", &b);
    // corrupted_header_len: headers_length 32 → 33.
    let mut b = payload_one_str_header();
    assert_eq!(b[7], 32);
    b[7] = 33;
    assert_prelude_mismatch("corrupted_header_len", &b);
    // corrupted_headers: the byte at headers_length + 12 + 1 (= 45) becomes 'a'.
    let mut b = payload_one_str_header();
    b[32 + 12 + 1] = b'a';
    assert_message_mismatch("corrupted_headers", &b);
    // corrupted_payload: the first payload byte '{' → '['.
    let mut b = payload_no_headers();
    assert_eq!(b[12], b'{');
    b[12] = b'[';
    assert_message_mismatch("corrupted_payload", &b);
}

#[test]
fn botocore_negative_cases_are_rejected() {
    // CORRUPTED_LENGTH: first byte 0x01.
    let mut b = payload_one_str_header();
    b[0] = 0x01;
    assert_prelude_mismatch("CORRUPTED_LENGTH", &b);
    // CORRUPTED_HEADERS: content-type → content+type.
    let mut b = payload_one_str_header();
    let at = b.windows(12).position(|w| w == b"content-type").unwrap() + 7;
    b[at] = b'+';
    assert_message_mismatch("CORRUPTED_HEADERS", &b);
    // CORRUPTED_HEADER_LENGTH: headers_length 0xff000102, CRCs unchanged.
    let mut b = payload_one_str_header();
    b[4..8].copy_from_slice(&0xff00_0102u32.to_be_bytes());
    assert_prelude_mismatch("CORRUPTED_HEADER_LENGTH", &b);
    // INVALID_HEADERS_LENGTH: the same with CRCs recomputed: the cap still rejects it.
    assert!(matches!(
        decode_all(&fix_crcs(b)),
        Err(FrameError::InvalidHeadersLength(0xff00_0102))
    ));
    // DUPLICATE_HEADER: two `test` headers, valid CRCs.
    let h = [
        header("test", V::Str("test")),
        header("test", V::Str("test")),
    ]
    .concat();
    assert_eq!(
        decode_all(&frame(&h, b"")),
        Err(FrameError::DuplicateHeader("test".into()))
    );
}

#[test]
fn oversized_messages_are_refused_from_the_prelude_alone() {
    // INVALID_PAYLOAD_LENGTH: a 24 MiB + 1 payload with valid CRCs. Only the prelude is
    // pushed: the decoder must refuse before buffering the rest.
    let total = (16 + 24 * 1024 * 1024 + 1) as u32;
    let mut prelude = Vec::new();
    prelude.extend_from_slice(&total.to_be_bytes());
    prelude.extend_from_slice(&0u32.to_be_bytes());
    prelude.extend_from_slice(&crc(&prelude).to_be_bytes());
    let mut d = FrameDecoder::new();
    d.push(&prelude);
    assert_eq!(
        d.next_message(),
        Err(FrameError::InvalidMessageLength(total))
    );
    // Headers over 128 KiB inside an otherwise plausible message.
    let mut prelude = Vec::new();
    prelude.extend_from_slice(&(16 + 200_000u32).to_be_bytes());
    prelude.extend_from_slice(&(128 * 1024 + 1u32).to_be_bytes());
    prelude.extend_from_slice(&crc(&prelude).to_be_bytes());
    let mut d = FrameDecoder::new();
    d.push(&prelude);
    assert_eq!(
        d.next_message(),
        Err(FrameError::InvalidHeadersLength(128 * 1024 + 1))
    );
    // Shorter than a prelude and CRC.
    let mut prelude = Vec::new();
    prelude.extend_from_slice(&15u32.to_be_bytes());
    prelude.extend_from_slice(&0u32.to_be_bytes());
    prelude.extend_from_slice(&crc(&prelude).to_be_bytes());
    assert_eq!(
        decode_all(&prelude),
        Err(FrameError::InvalidMessageLength(15))
    );
}

#[test]
fn smithy_rs_negative_cases_are_rejected() {
    // invalid_header_value_type: type byte 0x60.
    let mut h = header("a", V::True);
    *h.last_mut().unwrap() = 0x60;
    assert_eq!(
        decode_all(&frame(&h, b"")),
        Err(FrameError::InvalidHeaderValueType(0x60))
    );
    // invalid_header_string_value_length: a string whose length runs past the headers.
    let mut h = header("a", V::Str("abc"));
    let len_at = h.len() - 5;
    h[len_at..len_at + 2].copy_from_slice(&100u16.to_be_bytes());
    assert_eq!(
        decode_all(&frame(&h, b"payload")),
        Err(FrameError::TruncatedHeader)
    );
    // invalid_header_string_length_cut_off: the length itself is cut off.
    let h = [b"\x01a\x07\x00".as_slice()].concat();
    assert_eq!(
        decode_all(&frame(&h, b"")),
        Err(FrameError::TruncatedHeader)
    );
    // invalid_header_name_length: a name longer than what is left.
    let h = b"\x09abc".to_vec();
    assert_eq!(
        decode_all(&frame(&h, b"")),
        Err(FrameError::TruncatedHeader)
    );
    // A fixed-size value cut off by the end of the header block.
    let mut h = header("n", V::I64(7));
    h.truncate(h.len() - 3);
    assert_eq!(
        decode_all(&frame(&h, b"")),
        Err(FrameError::TruncatedHeader)
    );
    // invalid_header_name_length_too_long → not UTF-8.
    let h = [b"\x02\xff\xfe".as_slice(), &[0]].concat();
    assert_eq!(decode_all(&frame(&h, b"")), Err(FrameError::InvalidUtf8));
    // invalid_prelude_checksum / invalid_message_checksum: the expected values are reported.
    let mut b = payload_no_headers();
    b[8..12].copy_from_slice(&0xDEAD_BEEFu32.to_be_bytes());
    assert_eq!(
        decode_all(&b),
        Err(FrameError::PreludeChecksumMismatch {
            computed: 0xFD52_8C5A,
            received: 0xDEAD_BEEF
        })
    );
    let mut b = payload_no_headers();
    let end = b.len() - 4;
    b[end..].copy_from_slice(&0xDEAD_BEEFu32.to_be_bytes());
    assert_eq!(
        decode_all(&b),
        Err(FrameError::MessageChecksumMismatch {
            computed: 0xC365_3936,
            received: 0xDEAD_BEEF
        })
    );
}

#[test]
fn a_failed_decoder_stays_failed() {
    let mut b = payload_no_headers();
    b[12] = b'[';
    let mut d = FrameDecoder::new();
    d.push(&b);
    assert!(d.next_message().is_err());
    d.push(&payload_no_headers());
    assert!(d.next_message().is_err());
    assert!(d.finish().is_err());
}

#[test]
fn a_body_cut_inside_a_frame_is_truncated() {
    let b = payload_one_str_header();
    for cut in 1..b.len() {
        let mut d = FrameDecoder::new();
        d.push(&b[..cut]);
        // Before the prelude is whole nothing is known; after it, nothing is returned.
        assert_eq!(d.next_message(), Ok(None), "cut at {cut}");
        assert_eq!(
            d.finish(),
            Err(FrameError::Truncated { buffered: cut }),
            "cut at {cut}"
        );
    }
}

// --- Bedrock-shaped vectors (reference §5.4, hex made with botocore) ------------------------

const CHUNK_HEAD: &str = "0000012b0000004bf9618ac10b3a6576656e742d747970650700056368756e6b0d3a636f6e74656e742d747970650700106170706c69636174696f6e2f6a736f6e0d3a6d6573736167652d747970650700056576656e74";
const CHUNK_PAYLOAD: &str = r#"{"bytes":"eyJ0eXBlIjoibWVzc2FnZV9zdG9wIiwiYW1hem9uLWJlZHJvY2staW52b2NhdGlvbk1ldHJpY3MiOnsiaW5wdXRUb2tlbkNvdW50IjoxMCwib3V0cHV0VG9rZW5Db3VudCI6MywiaW52b2NhdGlvbkxhdGVuY3kiOjUwLCJmaXJzdEJ5dGVMYXRlbmN5IjoyMH19"}"#;
const EXCEPTION: &str = "000000b2000000613590d5d30f3a657863657074696f6e2d747970650700137468726f74746c696e67457863657074696f6e0d3a636f6e74656e742d747970650700106170706c69636174696f6e2f6a736f6e0d3a6d6573736167652d74797065070009657863657074696f6e7b226d657373616765223a22546f6f206d616e792072657175657374732c20706c656173652077616974206265666f726520747279696e6720616761696e2e227de8ffb26a";

fn bedrock_chunk_vector() -> Vec<u8> {
    [
        hex(CHUNK_HEAD),
        CHUNK_PAYLOAD.as_bytes().to_vec(),
        hex("60890a27"),
    ]
    .concat()
}

#[test]
fn bedrock_chunk_and_exception_vectors_decode() {
    let chunk = bedrock_chunk_vector();
    assert_eq!(chunk.len(), 299);
    let m = decode_all(&chunk).unwrap().remove(0);
    assert_eq!(m.header_str(":event-type"), Some("chunk"));
    assert_eq!(m.header_str(":content-type"), Some("application/json"));
    assert_eq!(m.header_str(":message-type"), Some("event"));
    assert_eq!(m.payload, CHUNK_PAYLOAD.as_bytes());
    assert_eq!(m.message_crc, 0x6089_0a27);

    let exc = hex(EXCEPTION);
    assert_eq!(exc.len(), 178);
    let m = decode_all(&exc).unwrap().remove(0);
    assert_eq!(m.header_str(":exception-type"), Some("throttlingException"));
    assert_eq!(m.header_str(":message-type"), Some("exception"));
    assert_eq!(
        m.payload,
        br#"{"message":"Too many requests, please wait before trying again."}"#
    );
}

#[test]
fn our_test_encoder_reproduces_the_botocore_bedrock_frames() {
    // The encoder used by the other stream tests makes byte-identical frames.
    let event = r#"{"type":"message_stop","amazon-bedrock-invocationMetrics":{"inputTokenCount":10,"outputTokenCount":3,"invocationLatency":50,"firstByteLatency":20}}"#;
    assert_eq!(common::chunk(event), bedrock_chunk_vector());
    assert_eq!(
        common::exception(
            "throttlingException",
            "Too many requests, please wait before trying again."
        ),
        hex(EXCEPTION)
    );
}

// --- splitting ------------------------------------------------------------------------------

/// Every positive vector, both Bedrock vectors and a botocore-style error message, back to back.
fn multi_frame_body() -> Vec<u8> {
    let mut body: Vec<u8> = positive_vectors().into_iter().flat_map(|v| v.1).collect();
    body.extend(bedrock_chunk_vector());
    body.extend(error_message("code", "message"));
    body.extend(hex(EXCEPTION));
    body
}

#[test]
fn every_split_point_gives_the_same_messages() {
    let body = multi_frame_body();
    let whole = decode_all(&body).unwrap();
    assert_eq!(whole.len(), 8);
    for at in 0..=body.len() {
        assert_eq!(
            decode_pieces(&[&body[..at], &body[at..]]).unwrap(),
            whole,
            "split at {at}"
        );
    }
    let bytes: Vec<&[u8]> = body.chunks(1).collect();
    assert_eq!(decode_pieces(&bytes).unwrap(), whole, "one byte at a time");
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
