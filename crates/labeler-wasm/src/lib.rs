//! The wasm shell around `labeler-core`: `fetch`, the clock, storage and JS types. No logic
//! that could live in the core lives here.
//!
//! `fetch` and `setTimeout` are bound as globals (not through `window`), so the same package
//! runs in the popup, an extension page or service worker, and Node 20.

#[cfg(feature = "full")]
mod bench;
mod fetch;
mod settings;
mod streamed_body;
mod wake;
#[cfg(feature = "full")]
mod workspace;
#[cfg(any(target_arch = "wasm32", test))]
mod zeroing_alloc;

/// Every heap block is zeroed when freed, so copies of the secrets that other crates make
/// (aws-sigv4, serde-wasm-bindgen, the JS glue) do not outlive their use: see zeroing_alloc.rs.
#[cfg(target_arch = "wasm32")]
#[global_allocator]
static ALLOCATOR: zeroing_alloc::ZeroingAlloc<std::alloc::System> =
    zeroing_alloc::ZeroingAlloc(std::alloc::System);

use js_sys::Function;
use labeler_core::{Job, LabelerError, PredictLabelsRequest};
use serde::Serialize;
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::prelude::*;

/// The request, result, error and settings types, generated from labeler-core's types (its
/// `ts_types` test keeps the file in step with them).
#[wasm_bindgen(typescript_custom_section)]
const TS_GENERATED_TYPES: &str = include_str!("../types.generated.d.ts");

#[wasm_bindgen(typescript_custom_section)]
const TS_TYPES: &str = include_str!("../types.d.ts");

#[cfg(feature = "full")]
#[wasm_bindgen(typescript_custom_section)]
const TS_FULL_TYPES: &str = include_str!("../types-full.d.ts");

pub(crate) fn to_js<T: Serialize>(value: &T) -> JsValue {
    value
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .unwrap_or(JsValue::NULL)
}

pub(crate) fn error_to_js(err: &LabelerError) -> JsValue {
    to_js(err)
}

/// Reads and validates the caller's request; rejects expired credentials. The copy of the
/// secrets made on the way (a `serde_json::Value`) is wiped on every path.
fn read_request(request: JsValue) -> Result<PredictLabelsRequest, LabelerError> {
    let mut value: serde_json::Value = serde_wasm_bindgen::from_value(request)
        .map_err(|e| LabelerError::invalid_input("request", &format!("could not be read ({e})")))?;
    let req = PredictLabelsRequest::from_json(&value);
    labeler_core::credentials::wipe_request_secrets(&mut value);
    drop(value);
    let req = req?;
    labeler_core::credentials::check_not_expired(
        req.credentials.expires_at_ms,
        js_sys::Date::now(),
    )?;
    Ok(req)
}

/// What `predictLabels(request)` would reject with before sending anything (a bad field,
/// expired credentials, an unsupported model), or `null`. Synchronous, so the popup can check
/// a request inside a click handler before asking for a host permission.
#[wasm_bindgen(js_name = checkRequest, skip_typescript)]
pub fn check_request(request: JsValue) -> JsValue {
    match read_request(request).and_then(Job::new) {
        Ok(_) => JsValue::NULL,
        Err(e) => error_to_js(&e),
    }
}

/// Where a call with `region` and the endpoint override `endpoint` (empty, null or undefined:
/// none) goes, and the host permission to ask Chrome for: `{ ok: true, url, hostPattern }`, or
/// `{ ok: false, error }` when the endpoint or region is not allowed. labeler-core's `endpoint`
/// module decides, as it does for `predictLabels`. Synchronous, like `checkRequest`, so a page
/// calls it inside the click, before `chrome.permissions.request`.
#[wasm_bindgen(js_name = endpointFor, skip_typescript)]
pub fn endpoint_for(region: JsValue, endpoint: JsValue) -> JsValue {
    let answer = match (region.as_string(), endpoint.as_string()) {
        (None, _) => Err(LabelerError::invalid_input("region", "must be a string")),
        (Some(_), None) if !endpoint.is_null() && !endpoint.is_undefined() => {
            Err(LabelerError::invalid_input("endpoint", "must be a string"))
        }
        (Some(region), endpoint) => {
            labeler_core::endpoint::endpoint_for(&region, endpoint.as_deref())
        }
    };
    to_js(&match answer {
        Ok(e) => EndpointAnswer::Allowed {
            ok: true,
            url: e.base_url(),
            host_pattern: e.host_pattern(),
        },
        Err(error) => EndpointAnswer::Refused { ok: false, error },
    })
}

/// What `endpointFor` answers: a struct rather than `serde_json::json!`, whose `Value` serializer
/// cost the popup's wasm about 1 KB gzipped more.
#[derive(Serialize)]
#[serde(untagged)]
enum EndpointAnswer {
    Allowed {
        ok: bool,
        url: String,
        #[serde(rename = "hostPattern")]
        host_pattern: String,
    },
    Refused {
        ok: bool,
        error: LabelerError,
    },
}

/// Labels `request.texts`. Resolves with a `PredictLabelsResult`; rejects with
/// `{ code, message, status?, requestId? }`. `onProgress`, if given, receives
/// `{ type: "prediction", prediction }` as each item becomes final,
/// `{ type: "retry", retry }` each time a request is scheduled to be sent again, and
/// `{ type: "usage", usage }` (the totals so far) whenever a response adds tokens. When `signal` (an
/// AbortSignal) aborts, nothing more is sent; requests in flight finish and count, and the
/// items never sent come back `failed` with code `Cancelled`.
#[wasm_bindgen(js_name = predictLabels, skip_typescript)]
pub async fn predict_labels(
    request: JsValue,
    on_progress: Option<Function>,
    signal: Option<web_sys::AbortSignal>,
) -> Result<JsValue, JsValue> {
    let req = read_request(request).map_err(|e| error_to_js(&e))?;
    let mut job = Job::new(req).map_err(|e| error_to_js(&e))?;
    job.seed_jitter((js_sys::Math::random() * u64::MAX as f64) as u64);
    // Enough workers for the requests the job may have in flight; its adaptive limit decides
    // how many of them send at a time.
    let workers = job.senders_wanted();
    let job = Rc::new(RefCell::new(job));

    let wake = wake::Wake::default();
    // Aborting wakes idle workers so they see it at once.
    let on_abort = {
        let wake = wake.clone();
        Closure::<dyn Fn()>::new(move || wake.notify_all())
    };
    if let Some(s) = &signal {
        let _ = s.add_event_listener_with_callback("abort", on_abort.as_ref().unchecked_ref());
    }
    let workers: js_sys::Array = (0..workers)
        .map(|_| {
            let (job, on_progress, signal, wake) = (
                job.clone(),
                on_progress.clone(),
                signal.clone(),
                wake.clone(),
            );
            wasm_bindgen_futures::future_to_promise(async move {
                worker(job, on_progress, signal, &wake).await;
                // A worker leaving may be the last one that could have woken the others.
                wake.notify_all();
                Ok(JsValue::UNDEFINED)
            })
        })
        .collect();
    let all_done = wasm_bindgen_futures::JsFuture::from(js_sys::Promise::all(&workers)).await;
    if let Some(s) = &signal {
        let _ = s.remove_event_listener_with_callback("abort", on_abort.as_ref().unchecked_ref());
    }
    all_done?;

    let job = Rc::try_unwrap(job)
        .map_err(|_| JsValue::from_str("internal: job still shared"))?
        .into_inner();
    match job.into_result() {
        Ok(result) => Ok(to_js(&result)),
        Err(e) => Err(error_to_js(&e)),
    }
}

/// Takes calls from the job until it is done; several workers share one job.
async fn worker(
    job: Rc<RefCell<Job>>,
    on_progress: Option<Function>,
    signal: Option<web_sys::AbortSignal>,
    wake_up: &wake::Wake,
) {
    loop {
        let now = js_sys::Date::now();
        let (next, wake) = {
            let mut j = job.borrow_mut();
            if signal.as_ref().is_some_and(|s| s.aborted()) {
                j.stop();
            }
            if j.is_done() {
                return;
            }
            (j.next_call(now), j.next_wake_ms(now))
        };
        let Some(call) = next else {
            // Waiting out a backoff or the concurrency limit, or for others in flight, which may
            // queue more work (repairs, retries) or finish the job: sleep until one of them
            // wakes us or the backoff ends (a 1 s safety net otherwise).
            wake_up.wait(wake.unwrap_or(1000.0).min(1000.0)).await;
            continue;
        };
        let signed = job.borrow().sign(&call.request, js_sys::Date::now());
        match signed {
            Err(e) => job
                .borrow_mut()
                .on_transport_error(call.id, &e.message, js_sys::Date::now()),
            Ok(signed) => match fetch::start(&signed).await {
                Ok(resp) => {
                    let progress = || {
                        if let Some(cb) = &on_progress {
                            report_progress(&mut job.borrow_mut(), cb);
                        }
                    };
                    streamed_body::deliver(&job, call.id, resp, &progress).await
                }
                Err(message) => {
                    job.borrow_mut()
                        .on_transport_error(call.id, &message, js_sys::Date::now())
                }
            },
        }
        if let Some(cb) = &on_progress {
            report_progress(&mut job.borrow_mut(), cb);
        }
        wake_up.notify_all();
    }
}

/// Forwards to `cb` what the job has to report since the last time (its order and its
/// bookkeeping: [`Job::take_progress`]), each as one `onProgress` event.
fn report_progress(job: &mut Job, cb: &Function) {
    for event in job.take_progress() {
        // A throwing callback must not break the run.
        let _ = cb.call1(&JsValue::NULL, &to_js(&event));
    }
}

/// Non-secret settings saved by [`save_settings`], or defaults.
#[wasm_bindgen(js_name = loadSettings, skip_typescript)]
pub fn load_settings() -> JsValue {
    to_js(&settings::load())
}

/// Saves the non-secret settings; any other field (a key, a token) is dropped, never stored.
#[wasm_bindgen(js_name = saveSettings, skip_typescript)]
pub fn save_settings(value: JsValue) -> Result<(), JsValue> {
    let json: serde_json::Value = serde_wasm_bindgen::from_value(value).unwrap_or_default();
    settings::save(&labeler_core::settings::Settings::from_json(json))
        .map_err(|e| JsValue::from_str(&e))
}

/// The package version, shown in the popup footer.
#[wasm_bindgen(skip_typescript)]
pub fn version() -> String {
    env!("CARGO_PKG_VERSION").to_owned()
}
