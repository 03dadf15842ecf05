//! An incremental decoder for `application/vnd.amazon.eventstream` frames.
//!
//! Push the response body in whatever pieces the network delivers ([`FrameDecoder::push`]); a
//! frame may be split at any byte, including inside its prelude. Take complete messages out
//! with [`FrameDecoder::next_message`], and call [`FrameDecoder::finish`] when the body ends:
//! leftover bytes mean the stream was cut inside a frame.
//!
//! Layout (all integers big-endian):
//!
//! ```text
//! u32 total_length | u32 headers_length | u32 prelude_crc | headers | payload | u32 message_crc
//! ```
//!
//! `prelude_crc` is the CRC-32 of the first 8 bytes; `message_crc` is the CRC-32 of everything
//! before it, prelude and prelude CRC included.
//!
//! Checks, in this order, as soon as the bytes they need have arrived:
//! 1. the prelude CRC (a prelude that fails it has lengths that cannot be trusted, so nothing
//!    else is read);
//! 2. the size caps: `total_length` ≥ 16 and ≤ 24 MiB (so the payload is under 24 MiB too),
//!    `headers_length` ≤ 128 KiB and ≤ `total_length - 16` (aws-c-event-stream's and botocore's
//!    limits) — checked on the prelude alone, so a corrupt or hostile length never makes us
//!    buffer gigabytes waiting for a message that will not come;
//! 3. the message CRC, before any header is parsed;
//! 4. the headers: a known value type, lengths that stay inside the header block, UTF-8 names
//!    and strings.
//!
//! Duplicate header names are rejected ([`FrameError::DuplicateHeader`]), as botocore does: a
//! message with two `:message-type` headers has no single meaning, and reading the first or
//! the last would be a guess.
//!
//! After an error the decoder is poisoned: the byte stream has no resynchronisation point, so
//! every later call returns the same error.

use super::crc32::{crc32, Crc32};
use std::fmt;

/// Prelude: total length, headers length, prelude CRC.
pub const PRELUDE_LEN: usize = 12;
/// Prelude plus the trailing message CRC: the size of a message with no headers or payload.
pub const MIN_MESSAGE_LEN: usize = PRELUDE_LEN + 4;
/// Largest message accepted (aws-c-event-stream's `AWS_EVENT_STREAM_MAX_MESSAGE_SIZE`).
pub const MAX_MESSAGE_LEN: usize = 24 * 1024 * 1024;
/// Largest header block accepted (botocore's `_MAX_HEADERS_LENGTH`).
pub const MAX_HEADERS_LEN: usize = 128 * 1024;
/// Largest payload accepted (botocore's `_MAX_PAYLOAD_LENGTH`); implied by the message cap.
pub const MAX_PAYLOAD_LEN: usize = MAX_MESSAGE_LEN - MIN_MESSAGE_LEN;

/// A header value, one variant per wire type (0–9).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HeaderValue {
    /// Types 0 (true) and 1 (false): no value bytes.
    Bool(bool),
    /// Type 2.
    Byte(i8),
    /// Type 3.
    Int16(i16),
    /// Type 4.
    Int32(i32),
    /// Type 5.
    Int64(i64),
    /// Type 6: u16 length + bytes.
    ByteArray(Vec<u8>),
    /// Type 7: u16 length + UTF-8.
    String(String),
    /// Type 8: milliseconds since the Unix epoch.
    Timestamp(i64),
    /// Type 9: 16 raw bytes.
    Uuid([u8; 16]),
}

impl HeaderValue {
    pub fn as_str(&self) -> Option<&str> {
        match self {
            HeaderValue::String(s) => Some(s),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Header {
    pub name: String,
    pub value: HeaderValue,
}

/// One decoded message, with the prelude values it was framed with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Message {
    pub total_length: u32,
    pub headers_length: u32,
    pub prelude_crc: u32,
    pub headers: Vec<Header>,
    pub payload: Vec<u8>,
    pub message_crc: u32,
}

impl Message {
    /// The value of a string header (names are case-sensitive on the wire).
    pub fn header_str(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|h| h.name == name)
            .and_then(|h| h.value.as_str())
    }
}

/// Why the stream cannot be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FrameError {
    PreludeChecksumMismatch {
        computed: u32,
        received: u32,
    },
    MessageChecksumMismatch {
        computed: u32,
        received: u32,
    },
    /// `total_length` below 16 or above [`MAX_MESSAGE_LEN`].
    InvalidMessageLength(u32),
    /// `headers_length` above [`MAX_HEADERS_LEN`] or longer than the message allows.
    InvalidHeadersLength(u32),
    /// A header runs past the end of the header block.
    TruncatedHeader,
    InvalidHeaderValueType(u8),
    InvalidUtf8,
    DuplicateHeader(String),
    /// The body ended inside a frame: `buffered` bytes of an incomplete message were left.
    Truncated {
        buffered: usize,
    },
}

impl fmt::Display for FrameError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FrameError::PreludeChecksumMismatch { computed, received } => write!(
                f,
                "prelude checksum mismatch (computed {computed:#010x}, the frame says {received:#010x})"
            ),
            FrameError::MessageChecksumMismatch { computed, received } => write!(
                f,
                "message checksum mismatch (computed {computed:#010x}, the frame says {received:#010x})"
            ),
            FrameError::InvalidMessageLength(n) => write!(
                f,
                "invalid message length {n} (allowed: {MIN_MESSAGE_LEN} to {MAX_MESSAGE_LEN} bytes)"
            ),
            FrameError::InvalidHeadersLength(n) => write!(
                f,
                "invalid headers length {n} (at most {MAX_HEADERS_LEN} bytes, inside the message)"
            ),
            FrameError::TruncatedHeader => write!(f, "a header runs past the end of the headers"),
            FrameError::InvalidHeaderValueType(t) => write!(f, "unknown header value type {t}"),
            FrameError::InvalidUtf8 => write!(f, "a header name or string is not UTF-8"),
            FrameError::DuplicateHeader(name) => write!(f, "header {name:?} appears twice"),
            FrameError::Truncated { buffered } => write!(
                f,
                "the stream ended inside a message ({buffered} bytes of it had arrived)"
            ),
        }
    }
}

impl std::error::Error for FrameError {}

/// Buffers pushed bytes and cuts them into messages.
#[derive(Debug, Default)]
pub struct FrameDecoder {
    buf: Vec<u8>,
    /// Bytes of `buf` already returned as messages; dropped on the next push.
    consumed: usize,
    /// `total_length` of the message at `consumed`, once its prelude has been checked.
    checked_len: Option<usize>,
    error: Option<FrameError>,
}

impl FrameDecoder {
    pub fn new() -> Self {
        Self::default()
    }

    /// Appends bytes from the body, in whatever pieces they arrive.
    pub fn push(&mut self, bytes: &[u8]) {
        if self.error.is_some() {
            return;
        }
        if self.consumed > 0 {
            self.buf.drain(..self.consumed);
            self.consumed = 0;
        }
        self.buf.extend_from_slice(bytes);
    }

    /// The next complete message, `Ok(None)` if more bytes are needed, or the error that
    /// makes the rest of the stream unreadable.
    pub fn next_message(&mut self) -> Result<Option<Message>, FrameError> {
        if let Some(e) = &self.error {
            return Err(e.clone());
        }
        match self.try_next() {
            Err(e) => {
                self.error = Some(e.clone());
                self.buf = Vec::new();
                self.consumed = 0;
                Err(e)
            }
            ok => ok,
        }
    }

    /// Call when the body has ended: an error if it ended inside a message (or earlier).
    pub fn finish(&self) -> Result<(), FrameError> {
        if let Some(e) = &self.error {
            return Err(e.clone());
        }
        match self.buf.len() - self.consumed {
            0 => Ok(()),
            buffered => Err(FrameError::Truncated { buffered }),
        }
    }

    /// Bytes waiting for the rest of their message.
    pub fn buffered(&self) -> usize {
        self.buf.len() - self.consumed
    }

    fn try_next(&mut self) -> Result<Option<Message>, FrameError> {
        let available = &self.buf[self.consumed..];
        let total = match self.checked_len {
            Some(n) => n,
            None => {
                if available.len() < PRELUDE_LEN {
                    return Ok(None);
                }
                let n = check_prelude(&available[..PRELUDE_LEN])?;
                self.checked_len = Some(n);
                n
            }
        };
        if available.len() < total {
            return Ok(None);
        }
        let message = decode_message(&available[..total])?;
        self.consumed += total;
        self.checked_len = None;
        Ok(Some(message))
    }
}

fn be_u32(b: &[u8]) -> u32 {
    u32::from_be_bytes([b[0], b[1], b[2], b[3]])
}

/// Checks the 12-byte prelude; returns the message's total length.
fn check_prelude(prelude: &[u8]) -> Result<usize, FrameError> {
    let total = be_u32(&prelude[0..4]);
    let headers = be_u32(&prelude[4..8]);
    let received = be_u32(&prelude[8..12]);
    let computed = crc32(&prelude[..8]);
    if computed != received {
        return Err(FrameError::PreludeChecksumMismatch { computed, received });
    }
    if (total as usize) < MIN_MESSAGE_LEN || total as usize > MAX_MESSAGE_LEN {
        return Err(FrameError::InvalidMessageLength(total));
    }
    if headers as usize > MAX_HEADERS_LEN || headers > total - MIN_MESSAGE_LEN as u32 {
        return Err(FrameError::InvalidHeadersLength(headers));
    }
    Ok(total as usize)
}

/// Decodes one whole message whose prelude has been checked.
fn decode_message(frame: &[u8]) -> Result<Message, FrameError> {
    let total_length = be_u32(&frame[0..4]);
    let headers_length = be_u32(&frame[4..8]);
    let prelude_crc = be_u32(&frame[8..12]);
    let body_end = frame.len() - 4;
    let received = be_u32(&frame[body_end..]);
    // The message CRC continues over the prelude and its CRC: one running CRC over all of it.
    let mut running = Crc32::default();
    running.update(&frame[..body_end]);
    let computed = running.value();
    if computed != received {
        return Err(FrameError::MessageChecksumMismatch { computed, received });
    }
    let headers_end = PRELUDE_LEN + headers_length as usize;
    let headers = decode_headers(&frame[PRELUDE_LEN..headers_end])?;
    Ok(Message {
        total_length,
        headers_length,
        prelude_crc,
        headers,
        payload: frame[headers_end..body_end].to_vec(),
        message_crc: received,
    })
}

/// Reads the header block: `u8 name_len, name, u8 type, value`, repeated.
fn decode_headers(mut block: &[u8]) -> Result<Vec<Header>, FrameError> {
    let mut headers: Vec<Header> = Vec::new();
    while !block.is_empty() {
        let name_len = usize::from(take(&mut block, 1)?[0]);
        let name = std::str::from_utf8(take(&mut block, name_len)?)
            .map_err(|_| FrameError::InvalidUtf8)?
            .to_owned();
        let value_type = take(&mut block, 1)?[0];
        let value = match value_type {
            0 => HeaderValue::Bool(true),
            1 => HeaderValue::Bool(false),
            2 => HeaderValue::Byte(take(&mut block, 1)?[0] as i8),
            3 => HeaderValue::Int16(i16::from_be_bytes(take_array(&mut block)?)),
            4 => HeaderValue::Int32(i32::from_be_bytes(take_array(&mut block)?)),
            5 => HeaderValue::Int64(i64::from_be_bytes(take_array(&mut block)?)),
            6 | 7 => {
                let len = usize::from(u16::from_be_bytes(take_array(&mut block)?));
                let bytes = take(&mut block, len)?;
                if value_type == 6 {
                    HeaderValue::ByteArray(bytes.to_vec())
                } else {
                    HeaderValue::String(
                        std::str::from_utf8(bytes)
                            .map_err(|_| FrameError::InvalidUtf8)?
                            .to_owned(),
                    )
                }
            }
            8 => HeaderValue::Timestamp(i64::from_be_bytes(take_array(&mut block)?)),
            9 => HeaderValue::Uuid(take_array(&mut block)?),
            other => return Err(FrameError::InvalidHeaderValueType(other)),
        };
        if headers.iter().any(|h| h.name == name) {
            return Err(FrameError::DuplicateHeader(name));
        }
        headers.push(Header { name, value });
    }
    Ok(headers)
}

fn take<'a>(block: &mut &'a [u8], n: usize) -> Result<&'a [u8], FrameError> {
    if block.len() < n {
        return Err(FrameError::TruncatedHeader);
    }
    let (head, rest) = block.split_at(n);
    *block = rest;
    Ok(head)
}

fn take_array<const N: usize>(block: &mut &[u8]) -> Result<[u8; N], FrameError> {
    let bytes = take(block, N)?;
    let mut out = [0u8; N];
    out.copy_from_slice(bytes);
    Ok(out)
}
