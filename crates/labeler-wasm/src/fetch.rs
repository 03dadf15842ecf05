//! `fetch` from the global scope.

use labeler_core::http::{HttpRequest, HttpResponse};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{
    Headers, ReadableStreamDefaultReader, RequestCache, RequestCredentials, RequestInit,
    RequestRedirect, Response,
};

#[wasm_bindgen]
extern "C" {
    /// The global `fetch` (window, worker or Node), not `window.fetch`.
    #[wasm_bindgen(js_name = fetch)]
    fn global_fetch(input: &str, init: &RequestInit) -> js_sys::Promise;
}

/// Sends `req` exactly as built and signed; resolves when the status and headers are in, the
/// body still to be read. `Err` only when no response arrived at all.
pub async fn start(req: &HttpRequest) -> Result<Response, String> {
    let headers = Headers::new().map_err(describe)?;
    for (k, v) in &req.headers {
        headers.append(k, v).map_err(describe)?;
    }
    let init = RequestInit::new();
    init.set_method(req.method);
    init.set_headers(&headers);
    init.set_body(&js_sys::Uint8Array::from(req.body.as_slice()));
    // No cookies; no caches; a redirect would carry our signed headers elsewhere: refuse it.
    init.set_credentials(RequestCredentials::Omit);
    init.set_cache(RequestCache::NoStore);
    init.set_redirect(RequestRedirect::Error);

    JsFuture::from(global_fetch(&req.url, &init))
        .await
        .map_err(describe)?
        .dyn_into()
        .map_err(describe)
}

pub fn status_and_headers(resp: &Response) -> (u16, Vec<(String, String)>) {
    let mut out_headers = Vec::new();
    if let Ok(Some(iter)) = js_sys::try_iter(&resp.headers()) {
        for entry in iter.flatten() {
            let pair: js_sys::Array = entry.unchecked_into();
            if let (Some(k), Some(v)) = (pair.get(0).as_string(), pair.get(1).as_string()) {
                out_headers.push((k, v));
            }
        }
    }
    (resp.status(), out_headers)
}

/// Reads the whole body.
pub async fn read_whole(
    resp: &Response,
    status: u16,
    headers: Vec<(String, String)>,
) -> Result<HttpResponse, String> {
    let buffer = JsFuture::from(resp.array_buffer().map_err(describe)?)
        .await
        .map_err(describe)?;
    Ok(HttpResponse {
        status,
        headers,
        body: js_sys::Uint8Array::new(&buffer).to_vec(),
    })
}

/// A reader of the body as it arrives (`response.body.getReader()`); `None` for no body.
pub fn body_reader(resp: &Response) -> Option<ReadableStreamDefaultReader> {
    resp.body().map(|body| {
        body.get_reader()
            .unchecked_into::<ReadableStreamDefaultReader>()
    })
}

/// The next piece of the body as the network delivered it; `None` at its end.
pub async fn read_chunk(reader: &ReadableStreamDefaultReader) -> Result<Option<Vec<u8>>, String> {
    let result = JsFuture::from(reader.read()).await.map_err(describe)?;
    let done = js_sys::Reflect::get(&result, &"done".into())
        .map_err(describe)?
        .is_truthy();
    if done {
        return Ok(None);
    }
    let value = js_sys::Reflect::get(&result, &"value".into()).map_err(describe)?;
    let bytes: js_sys::Uint8Array = value.dyn_into().map_err(describe)?;
    Ok(Some(bytes.to_vec()))
}

/// Stops reading a body whose rest is of no use (the stream already failed).
pub async fn cancel(reader: &ReadableStreamDefaultReader) {
    let _ = JsFuture::from(reader.cancel()).await;
}

/// A JS exception as text (`TypeError: Failed to fetch`).
fn describe(e: JsValue) -> String {
    if let Some(err) = e.dyn_ref::<js_sys::Error>() {
        let name: String = err.name().into();
        let message: String = err.message().into();
        return format!("{name}: {message}");
    }
    e.as_string().unwrap_or_else(|| "unknown error".to_owned())
}
