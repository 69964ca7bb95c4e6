//! Where a paging is, for the blocking and the async iterators alike: the input of the next
//! page, and the page being read item by item.

use shapegen_runtime::{OwnedOperation, PagedItems, Paginated};

use crate::error::Error;

/// A page's result.
pub(crate) type Page<O> = Result<
    <O as shapegen_runtime::Operation>::Output<'static>,
    Error<<O as shapegen_runtime::Operation>::Error<'static>>,
>;

/// The input of the next page; none after the last page, or after an error.
pub(crate) struct Cursor<O: OwnedOperation + Paginated> {
    next: Option<O::Input<'static>>,
}

impl<O: OwnedOperation + Paginated> Cursor<O> {
    /// At the page of `input`.
    pub(crate) fn new(input: O::Input<'static>) -> Self {
        Cursor { next: Some(input) }
    }

    /// The input of the next page to send, if there is one.
    pub(crate) fn take(&mut self) -> Option<O::Input<'static>> {
        self.next.take()
    }

    /// The page `input` gave, the cursor moved to the page after it.
    pub(crate) fn after(&mut self, input: &O::Input<'static>, page: Page<O>) -> Page<O> {
        if let Ok(output) = &page {
            self.next = O::next_request(input, output);
        }
        page
    }
}

/// The page being read, and how far.
pub(crate) struct ItemCursor<O: OwnedOperation + PagedItems> {
    page: Option<O::Output<'static>>,
    index: usize,
}

impl<O: OwnedOperation + PagedItems> ItemCursor<O>
where
    O::Item<'static>: Clone,
{
    /// Before the first page.
    pub(crate) fn new() -> Self {
        ItemCursor { page: None, index: 0 }
    }

    /// The next item of the page, if it has one more.
    pub(crate) fn next_item(&mut self) -> Option<O::Item<'static>> {
        let item = O::items(self.page.as_ref()?).get(self.index)?.clone();
        self.index += 1;
        Some(item)
    }

    /// Reads `page` from its first item.
    pub(crate) fn start(&mut self, page: O::Output<'static>) {
        (self.page, self.index) = (Some(page), 0);
    }
}
