//! bedrock-labeler's sans-IO core: everything that is not I/O, tested natively.
//!
//! - [`request`]: the request as typed JSON (`RawRequest`), validated into `Credentials`,
//!   `LabelingSpec` and `CallOptions`;
//! - [`plan`]: the one planner: texts → batches → model calls (prompt, body, `max_tokens`);
//! - [`job`]: the engine of one call: which HTTP requests to make, what the answers mean;
//! - [`sign`]: SigV4 with `aws-sigv4` (signing name `bedrock`), time given by the caller;
//! - [`models`]: what each model can do (the capability table) and how requests are shaped;
//! - [`formats`]: each request body format, its response and its stream;
//! - [`prompt`], [`answer`], [`labels`]: prompts, answer checking;
//! - [`error`], [`error_table`], [`aws_error`]: error codes as enums, the one table of what
//!   each error means (handling, next step, wording), Bedrock's error responses read with it;
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
pub mod pacer;
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
pub mod tier;
#[cfg(test)]
mod ts_types;

pub use error::{ItemError, LabelerError};
pub use job::{Call, Job, StreamStep};
pub use request::PredictLabelsRequest;
pub use result::PredictLabelsResult;
