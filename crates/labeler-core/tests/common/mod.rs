//! A test-side event-stream encoder, written from the format description (reference §5) with
//! its own CRC-32 (`crc32fast`) and base64, so tests never check the decoder with itself.
#![allow(dead_code)] // each test file uses part of it

pub mod vectors;

/// A header value of each wire type.
pub enum V<'a> {
    True,
    False,
    Byte(i8),
    I16(i16),
    I32(i32),
    I64(i64),
    Bytes(&'a [u8]),
    Str(&'a str),
    Timestamp(i64),
    Uuid([u8; 16]),
}

/// One encoded header: `u8 name_len, name, u8 type, value`.
pub fn header(name: &str, value: V) -> Vec<u8> {
    let mut out = vec![name.len() as u8];
    out.extend_from_slice(name.as_bytes());
    match value {
        V::True => out.push(0),
        V::False => out.push(1),
        V::Byte(b) => {
            out.push(2);
            out.push(b as u8);
        }
        V::I16(n) => {
            out.push(3);
            out.extend_from_slice(&n.to_be_bytes());
        }
        V::I32(n) => {
            out.push(4);
            out.extend_from_slice(&n.to_be_bytes());
        }
        V::I64(n) => {
            out.push(5);
            out.extend_from_slice(&n.to_be_bytes());
        }
        V::Bytes(b) => {
            out.push(6);
            out.extend_from_slice(&(b.len() as u16).to_be_bytes());
            out.extend_from_slice(b);
        }
        V::Str(s) => {
            out.push(7);
            out.extend_from_slice(&(s.len() as u16).to_be_bytes());
            out.extend_from_slice(s.as_bytes());
        }
        V::Timestamp(ms) => {
            out.push(8);
            out.extend_from_slice(&ms.to_be_bytes());
        }
        V::Uuid(u) => {
            out.push(9);
            out.extend_from_slice(&u);
        }
    }
    out
}

pub fn crc(bytes: &[u8]) -> u32 {
    crc32fast::hash(bytes)
}

/// A whole message with correct lengths and CRCs.
pub fn frame(headers: &[u8], payload: &[u8]) -> Vec<u8> {
    let total = 16 + headers.len() + payload.len();
    let mut out = Vec::with_capacity(total);
    out.extend_from_slice(&(total as u32).to_be_bytes());
    out.extend_from_slice(&(headers.len() as u32).to_be_bytes());
    let prelude_crc = crc(&out);
    out.extend_from_slice(&prelude_crc.to_be_bytes());
    out.extend_from_slice(headers);
    out.extend_from_slice(payload);
    let message_crc = crc(&out);
    out.extend_from_slice(&message_crc.to_be_bytes());
    out
}

/// Rewrites both CRCs of a frame after a deliberate change to its other bytes.
pub fn fix_crcs(mut f: Vec<u8>) -> Vec<u8> {
    let p = crc(&f[..8]);
    f[8..12].copy_from_slice(&p.to_be_bytes());
    let end = f.len() - 4;
    let m = crc(&f[..end]);
    f[end..].copy_from_slice(&m.to_be_bytes());
    f
}

pub fn be_u32(b: &[u8]) -> u32 {
    u32::from_be_bytes([b[0], b[1], b[2], b[3]])
}

pub fn hex(s: &str) -> Vec<u8> {
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap())
        .collect()
}

pub fn base64(bytes: &[u8]) -> String {
    const A: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::new();
    for c in bytes.chunks(3) {
        let n = (u32::from(c[0]) << 16)
            | (u32::from(*c.get(1).unwrap_or(&0)) << 8)
            | u32::from(*c.get(2).unwrap_or(&0));
        for k in 0..4 {
            if k <= c.len() {
                out.push(A[((n >> (18 - 6 * k)) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// A Bedrock `chunk` event carrying `event` (the model's JSON event).
pub fn chunk(event: &str) -> Vec<u8> {
    chunk_padded(event, None)
}

/// A `chunk` event whose payload also carries the `p` padding key real streams have
/// (`{"bytes": …, "p": "abcd…"}`, docs/evidence/models-and-quotas.md §1.7).
pub fn chunk_padded(event: &str, padding: Option<&str>) -> Vec<u8> {
    let mut h = header(":event-type", V::Str("chunk"));
    h.extend(header(":content-type", V::Str("application/json")));
    h.extend(header(":message-type", V::Str("event")));
    let mut payload = format!("{{\"bytes\":\"{}\"", base64(event.as_bytes()));
    if let Some(p) = padding {
        payload.push_str(&format!(",\"p\":\"{p}\""));
    }
    payload.push('}');
    frame(&h, payload.as_bytes())
}

/// A ConverseStream event: `event` is `{"<member name>": payload}`; the frame's `:event-type`
/// is the member name and its payload the member's JSON as written (no `chunk` wrapper).
pub fn converse_event(event: &str) -> Vec<u8> {
    let members: std::collections::BTreeMap<String, Box<serde_json::value::RawValue>> =
        serde_json::from_str(event).expect("a ConverseStream event is one JSON object");
    assert_eq!(
        members.len(),
        1,
        "one member per ConverseStream event: {event}"
    );
    let (name, payload) = members.iter().next().unwrap();
    let mut h = header(":event-type", V::Str(name));
    h.extend(header(":content-type", V::Str("application/json")));
    h.extend(header(":message-type", V::Str("event")));
    frame(&h, payload.get().as_bytes())
}

/// A Bedrock modeled exception (`member` in lower camelCase, e.g. `throttlingException`).
pub fn exception(member: &str, message: &str) -> Vec<u8> {
    let mut h = header(":exception-type", V::Str(member));
    h.extend(header(":content-type", V::Str("application/json")));
    h.extend(header(":message-type", V::Str("exception")));
    let payload = serde_json::json!({ "message": message }).to_string();
    frame(&h, payload.as_bytes())
}

/// An unmodeled error message (no payload).
pub fn error_message(code: &str, message: &str) -> Vec<u8> {
    let mut h = header(":error-code", V::Str(code));
    h.extend(header(":error-message", V::Str(message)));
    h.extend(header(":message-type", V::Str("error")));
    frame(&h, b"")
}

/// Claude's streaming events for a forced tool call whose input is `answer` (JSON text),
/// split into `pieces` input_json_delta chunks, with Bedrock's metrics on message_stop.
pub fn claude_events(
    answer: &str,
    pieces: usize,
    input_tokens: u64,
    output_tokens: u64,
) -> Vec<String> {
    let mut events = vec![
        serde_json::json!({"type":"message_start","message":{"id":"msg_bdrk_1","type":"message","role":"assistant","model":"claude-test","content":[],"stop_reason":null,"stop_sequence":null,"usage":{"input_tokens":input_tokens,"output_tokens":1}}}).to_string(),
        serde_json::json!({"type":"content_block_start","index":0,"content_block":{"type":"tool_use","id":"toolu_bdrk_1","name":"record_labels","input":{}}}).to_string(),
    ];
    let chars: Vec<char> = answer.chars().collect();
    let size = chars.len().div_ceil(pieces.max(1)).max(1);
    for piece in chars.chunks(size) {
        let text: String = piece.iter().collect();
        events.push(serde_json::json!({"type":"content_block_delta","index":0,"delta":{"type":"input_json_delta","partial_json":text}}).to_string());
    }
    events.push(serde_json::json!({"type":"content_block_stop","index":0}).to_string());
    events.push(serde_json::json!({"type":"message_delta","delta":{"stop_reason":"tool_use","stop_sequence":null},"usage":{"output_tokens":output_tokens}}).to_string());
    events.push(serde_json::json!({"type":"message_stop","amazon-bedrock-invocationMetrics":{"inputTokenCount":input_tokens,"outputTokenCount":output_tokens,"invocationLatency":120,"firstByteLatency":40}}).to_string());
    events
}

/// The body of a streamed response carrying `events`, one chunk each.
pub fn stream_body(events: &[String]) -> Vec<u8> {
    events.iter().flat_map(|e| chunk(e)).collect()
}
