//! Cursor pagination: a stream of pages, each asked for with the cursor the
//! page before it named, and a stream of the items of those pages.

use super::error::Error;
use super::response::ResponseValue;
use futures_util::stream::{self, Stream, StreamExt};
use std::future::Future;
use std::pin::Pin;

/// A stream of results that requests pages as it is read; an error is its
/// last item. It is boxed and pinned, so `StreamExt::next` works on it as is.
pub type Paginated<'a, T, E> = Pin<Box<dyn Stream<Item = Result<T, Error<E>>> + Send + 'a>>;

/// The pages of a cursor-paged operation, from the one `params` asks for.
///
/// `fetch` sends one request, `next` reads a page's next cursor, and `cursor`
/// is where the parameters hold it. Each next request is `params` with the
/// cursor set. The stream ends after a page that names no next cursor, after
/// an error (its last item), or after a page naming a cursor that was already
/// sent, which would otherwise request the same pages forever.
pub fn pages<'a, P, C, T, E, F, Fut>(
    params: P,
    cursor: fn(&mut P) -> &mut Option<C>,
    next: fn(&T) -> Option<C>,
    fetch: F,
) -> Paginated<'a, ResponseValue<T>, E>
where
    P: Clone + Send + 'a,
    C: Clone + PartialEq + Send + 'a,
    T: Send + 'a,
    E: Send + 'a,
    F: FnMut(P) -> Fut + Send + 'a,
    Fut: Future<Output = Result<ResponseValue<T>, Error<E>>> + Send + 'a,
{
    let mut params = params;
    let sent: Vec<C> = cursor(&mut params).iter().cloned().collect();
    let start = Walk {
        params,
        sent,
        fetch,
    };
    Box::pin(stream::unfold(Some(start), move |walk| async move {
        let mut walk = walk?;
        let page = (walk.fetch)(walk.params.clone()).await;
        let more = match page.as_ref().ok().and_then(|page| next(page)) {
            Some(c) if !walk.sent.contains(&c) => {
                walk.sent.push(c.clone());
                *cursor(&mut walk.params) = Some(c);
                true
            }
            _ => false,
        };
        Some((page, more.then_some(walk)))
    }))
}

/// Where a stream of pages has got to.
struct Walk<P, C, F> {
    /// The parameters of the next request.
    params: P,
    /// Every cursor sent so far.
    sent: Vec<C>,
    fetch: F,
}

/// The items of every page of `pages`, taken out of each page by `items`.
/// An error from `pages` is passed on, and ends the stream.
pub fn items<'a, T, I, E>(
    pages: Paginated<'a, ResponseValue<T>, E>,
    items: fn(T) -> Vec<I>,
) -> Paginated<'a, I, E>
where
    T: 'a,
    I: Send + 'a,
    E: Send + 'a,
{
    Box::pin(pages.flat_map(move |page| {
        let (found, error) = match page {
            Ok(page) => (items(page.into_inner()), None),
            Err(e) => (Vec::new(), Some(e)),
        };
        stream::iter(found.into_iter().map(Ok).chain(error.map(Err)))
    }))
}
