//! bedrock-labeler's sans-IO core: everything that is not I/O, tested natively.
//!
//! - [`request`]: the `PredictLabelsRequest` JSON, validated field by field;
//! - [`job`]: the engine of one call: which HTTP requests to make, what the answers mean;
//! - [`sign`]: SigV4 with `aws-sigv4` (signing name `bedrock`), time given by the caller;
//! - [`models`]: what each model can do (the capability table) and how requests are shaped;
//! - [`formats`]: each request body format, its response and its stream;
//! - [`prompt`], [`answer`], [`labels`]: prompts, answer checking;
//! - [`aws_error`]: Bedrock error responses to typed errors with a next step;
//! - [`stream`]: `InvokeModelWithResponseStream` bodies read as they arrive.

pub mod answer;
pub mod aws_error;
pub mod batch_inference;
pub mod cache;
pub mod clock;
pub mod credentials;
pub mod dataset;
pub mod endpoint;
pub mod error;
pub mod error_table;
pub mod estimate;
pub mod formats;
pub mod http;
pub mod job;
pub mod labels;
pub mod limiter;
pub mod metrics;
pub mod model_id;
pub mod models;
pub mod plan;
pub mod prompt;
pub mod request;
pub mod result;
pub mod retry;
pub mod secret;
pub mod settings;
pub mod sign;
pub mod spans;
pub mod stream;
#[cfg(test)]
mod ts_types;

pub use error::{ItemError, LabelerError};
pub use job::{Call, Job, StreamStep};
pub use request::PredictLabelsRequest;
pub use result::PredictLabelsResult;
