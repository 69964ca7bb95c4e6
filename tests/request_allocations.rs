//! What building a request costs in allocations: the body it writes, in one allocation of
//! exactly its length, and a fixed few besides (the URI, the headers), however large the
//! body. Counted per thread, so that tests running beside it do not count.

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;

use guardduty_types::GetFindingsRequest;
use guardduty_types::operations::GetFindings;

struct Counting;

thread_local! {
    /// (allocations, bytes) while this thread counts; `None` when it does not.
    static COUNT: Cell<Option<(usize, usize)>> = const { Cell::new(None) };
}

fn note(bytes: usize) {
    // `try_with`: the thread-local may be gone while a thread shuts down.
    let _ = COUNT.try_with(|count| {
        if let Some((n, total)) = count.get() {
            count.set(Some((n + 1, total + bytes)));
        }
    });
}

// SAFETY: every call is passed on to the system allocator unchanged; counting allocates nothing.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        note(layout.size());
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        note(new_size);
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

/// The allocations and bytes `f` takes on this thread.
fn counted<T>(f: impl FnOnce() -> T) -> (T, usize, usize) {
    COUNT.with(|count| count.set(Some((0, 0))));
    let value = f();
    let (n, bytes) = COUNT.with(|count| count.replace(None)).unwrap_or_default();
    (value, n, bytes)
}

fn input(ids: usize) -> GetFindingsRequest {
    GetFindingsRequest::builder()
        .detector_id("12abc34d567e8fa901bc2d34e56789f0")
        .finding_ids((0..ids).map(|i| format!("1ab92989eaf0e742df4a014d5{i:07}")).collect::<Vec<_>>())
        .build()
        .unwrap()
}

#[test]
fn a_request_allocates_its_body_once_and_a_fixed_few_besides() {
    const ENDPOINT: &str = "https://guardduty.us-east-1.amazonaws.com";
    let (small, large) = (input(1), input(50));
    // Once first: whatever is set up lazily is not the request's.
    GetFindings::request(&small, ENDPOINT).unwrap();

    let (request, allocations, bytes) = counted(|| GetFindings::request(&large, ENDPOINT).unwrap());
    let body = request.body().len();
    assert_eq!(request.body().capacity(), body, "the body is allocated at its exact length");
    let (_, small_allocations, small_bytes) = counted(|| GetFindings::request(&small, ENDPOINT).unwrap());
    // The count does not grow with the body: 50 ids cost what one does.
    assert_eq!(allocations, small_allocations, "allocations: 50 ids {allocations}, 1 id {small_allocations}");
    // Bytes beyond the body's are a fixed few hundred, whatever the body.
    let body_small = GetFindings::request(&small, ENDPOINT).unwrap().body().len();
    assert_eq!(bytes - body, small_bytes - body_small);
    assert!(allocations <= 16, "{allocations} allocations");
    assert!(bytes - body <= 1536, "{} bytes besides the body", bytes - body);
    println!("GetFindings of 50 ids: {allocations} allocations, {bytes} bytes, of which the body {body}");
}
