//! A global allocator that zeroes every heap block when it is freed (or moved by `realloc`).
//!
//! Copies of the secret key and session token are made where our code cannot wipe them:
//! aws-sigv4 builds `"AWS4" + secret` for the signing key, the canonical request and a header
//! value holding the session token, serde-wasm-bindgen and the JS glue pass strings through
//! buffers of their own, and a response may echo a secret back. Once freed, such a block would
//! keep its bytes in the wasm's memory until reused. Zeroing each freed block wipes all of them,
//! whoever made the copy. What it cannot reach: memory still in use, and the shadow stack
//! (function locals, e.g. SHA-256's block buffer). Its cost is measured in docs/memory.md.

use std::alloc::{GlobalAlloc, Layout};

pub struct ZeroingAlloc<A>(pub A);

/// Overwrites `len` bytes at `ptr` with zeros, in a way the compiler may not drop as a dead
/// store before the free that follows.
unsafe fn wipe(ptr: *mut u8, len: usize) {
    std::ptr::write_bytes(ptr, 0, len);
    std::hint::black_box(ptr);
}

unsafe impl<A: GlobalAlloc> GlobalAlloc for ZeroingAlloc<A> {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        self.0.alloc(layout)
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        self.0.alloc_zeroed(layout)
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        wipe(ptr, layout.size());
        self.0.dealloc(ptr, layout)
    }

    /// Always a new block: the inner allocator's `realloc` may move the contents and free the
    /// old block without wiping it.
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let new_layout = Layout::from_size_align_unchecked(new_size, layout.align());
        let new = self.0.alloc(new_layout);
        if !new.is_null() {
            std::ptr::copy_nonoverlapping(ptr, new, layout.size().min(new_size));
            self.dealloc(ptr, layout);
        }
        new
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::alloc::System;
    use std::cell::RefCell;

    /// An inner allocator that records what each block held when it was handed back.
    #[derive(Default)]
    struct Recording(RefCell<Vec<Vec<u8>>>);

    unsafe impl GlobalAlloc for Recording {
        unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
            System.alloc(layout)
        }
        unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
            let held = std::slice::from_raw_parts(ptr, layout.size()).to_vec();
            self.0.borrow_mut().push(held);
            System.dealloc(ptr, layout)
        }
    }

    #[test]
    fn freed_and_moved_blocks_reach_the_inner_allocator_zeroed() {
        let a = ZeroingAlloc(Recording::default());
        unsafe {
            let layout = Layout::from_size_align(64, 8).unwrap();
            let p = a.alloc(layout);
            std::ptr::write_bytes(p, 0xAB, 64);
            let q = a.realloc(p, layout, 4096);
            assert!(
                std::slice::from_raw_parts(q, 64).iter().all(|&b| b == 0xAB),
                "contents kept"
            );
            a.dealloc(q, Layout::from_size_align(4096, 8).unwrap());
        }
        let freed = a.0 .0.borrow();
        assert_eq!(
            freed.len(),
            2,
            "the block realloc moved from, and the last one"
        );
        assert_eq!(freed[0].len(), 64);
        assert_eq!(freed[1].len(), 4096);
        assert!(
            freed.iter().flatten().all(|&b| b == 0),
            "every freed byte zeroed"
        );
    }
}
