//! Waking idle workers. A worker with nothing to send waits until another worker has applied a
//! response (which may queue work or finish the job), a backoff ends, or the caller aborts;
//! never a fixed poll, so a finished call resolves at once.

use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_name = setTimeout)]
    fn set_timeout(handler: &js_sys::Function, ms: f64) -> JsValue;
    #[wasm_bindgen(js_name = clearTimeout)]
    fn clear_timeout(id: &JsValue);
}

/// Waiting workers: each one's promise resolver and its timer.
#[derive(Clone, Default)]
pub struct Wake(Rc<RefCell<Vec<(js_sys::Function, JsValue)>>>);

impl Wake {
    /// Waits for [`Wake::notify_all`], or `max_ms` at most.
    pub async fn wait(&self, max_ms: f64) {
        let waiting = self.0.clone();
        let promise = js_sys::Promise::new(&mut |resolve, _| {
            let timer = set_timeout(&resolve, max_ms.max(0.0));
            waiting.borrow_mut().push((resolve, timer));
        });
        let _ = JsFuture::from(promise).await;
    }

    /// Wakes every waiting worker and drops their timers (resolving a promise twice, when a
    /// timer already fired, is harmless).
    pub fn notify_all(&self) {
        let waiting: Vec<(js_sys::Function, JsValue)> = self.0.borrow_mut().drain(..).collect();
        for (resolve, timer) in waiting {
            clear_timeout(&timer);
            let _ = resolve.call0(&JsValue::NULL);
        }
    }
}
