//! Streaming responses (`InvokeModelWithResponseStream`), read as they arrive.
//!
//! - [`frame`]: `application/vnd.amazon.eventstream` frames out of arbitrary byte pieces.

pub mod crc32;
pub mod frame;
