//! Benchmark hook for `make bench` (tests/bench/signing-rate.mjs); not part of the labeling API.
//!
//! `benchSign` signs one Bedrock request `iterations` times through the signing path
//! `predictLabels` uses (`labeler_core::sign::sign_request`, aws-sigv4), so the benchmark can
//! time it against JavaScript signers on the same request in the same page (the caller reads
//! `performance.now()` around the call). The caller passes the request and a fixed signing time,
//! so every signer signs the same bytes and their `authorization` headers can be compared.
//! Kept tiny on purpose (about 1.3 KB of the gzipped wasm, 0.5 KB of glue): it adds no signing code of its own.

use labeler_core::http::{bedrock_request, Operation};
use labeler_core::request::Credentials;
use labeler_core::secret::Secret;
use labeler_core::sign::{sign_request, time_from_millis};
use wasm_bindgen::prelude::*;

/// Builds the InvokeModel request for `model_id` with `body` at `endpoint` (a base URL) as
/// `predictLabels` does, signs it `iterations` times at `time_ms` (ms since the epoch) and
/// returns the last `authorization` header.
#[wasm_bindgen(js_name = benchSign, skip_typescript)]
#[allow(clippy::too_many_arguments)]
pub fn bench_sign(
    iterations: u32,
    access_key_id: String,
    secret_access_key: String,
    region: &str,
    endpoint: &str,
    model_id: &str,
    body: String,
    time_ms: f64,
) -> Result<String, String> {
    let credentials = Credentials {
        access_key_id,
        secret_access_key: Secret::new(secret_access_key),
        session_token: None,
        expires_at_ms: None,
    };
    let endpoint =
        labeler_core::endpoint::endpoint_for(region, Some(endpoint)).map_err(|e| e.message)?;
    let unsigned = bedrock_request(
        &endpoint,
        model_id,
        Operation::InvokeModel,
        body.into_bytes(),
        labeler_core::tier::ServiceTier::Standard,
    );
    let time = time_from_millis(time_ms);
    let mut last = unsigned.clone();
    for _ in 0..iterations {
        last = unsigned.clone();
        sign_request(&mut last, &credentials, region, time).map_err(|e| e.message)?;
    }
    // HttpRequest wipes its header values on drop, so the value is copied out, not moved.
    let authorization = last.headers.iter().find(|(k, _)| k == "authorization");
    Ok(authorization.map(|(_, v)| v.clone()).unwrap_or_default())
}
