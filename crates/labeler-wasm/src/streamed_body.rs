//! One exchange with a response that may be streamed: the job decides, from the status and
//! headers, whether the body is read whole or fed to it piece by piece as the network delivers
//! it (`InvokeModelWithResponseStream`).

use crate::fetch;
use labeler_core::Job;
use std::cell::RefCell;
use web_sys::Response;

/// Hands `resp` (status and headers in, body unread) to the job. `progress` is called when
/// items became final while the body was still arriving.
pub async fn deliver(job: &RefCell<Job>, call_id: u64, resp: Response, progress: &dyn Fn()) {
    let (status, headers) = fetch::status_and_headers(&resp);
    let streamed = job.borrow_mut().on_stream_start(call_id, status, &headers);
    if !streamed {
        match fetch::read_whole(&resp, status, headers).await {
            Ok(r) => job
                .borrow_mut()
                .on_response(call_id, r, js_sys::Date::now()),
            Err(message) => {
                job.borrow_mut()
                    .on_transport_error(call_id, &message, js_sys::Date::now())
            }
        }
        return;
    }
    let Some(reader) = fetch::body_reader(&resp) else {
        // No body at all: the job reports the stream as ended before its last event.
        job.borrow_mut().on_stream_end(call_id, js_sys::Date::now());
        return;
    };
    loop {
        match fetch::read_chunk(&reader).await {
            Ok(Some(bytes)) => {
                let step = job.borrow_mut().on_stream_bytes(call_id, &bytes);
                if step.newly_final > 0 {
                    progress();
                }
                if !step.wants_more {
                    fetch::cancel(&reader).await;
                    break;
                }
            }
            Ok(None) => break,
            Err(message) => {
                job.borrow_mut()
                    .on_stream_failed(call_id, &message, js_sys::Date::now());
                return;
            }
        }
    }
    job.borrow_mut().on_stream_end(call_id, js_sys::Date::now());
}
