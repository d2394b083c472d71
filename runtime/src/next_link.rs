//! Next-link pagination: each page names the URL of the page after it
//! (AutoRest's `nextLink`), which is fetched with a plain GET on the API's
//! own host.

use super::error::Error;
use super::paginate::Paginated;
use super::response::ResponseValue;
use futures_util::stream;
use std::future::Future;

/// The pages of a next-link-paged operation.
///
/// `fetch(None)` sends the operation's own request, `fetch(Some(url))` a GET
/// of a next page's URL; `next` reads a page's link, which is resolved
/// against `base_url` when it is relative. The stream ends after a page whose
/// link is absent or empty, after an error (its last item), or after a page
/// naming a link that was already fetched, which would otherwise request the
/// same pages forever. A link to another scheme, host or port than
/// `base_url`'s is an error, not a request: the client's credentials are
/// only ever sent to the API.
pub fn linked_pages<'a, T, E, F, Fut>(
    base_url: &str,
    next: fn(&T) -> Option<String>,
    fetch: F,
) -> Paginated<'a, ResponseValue<T>, E>
where
    T: Send + 'a,
    E: Send + 'a,
    F: FnMut(Option<reqwest::Url>) -> Fut + Send + 'a,
    Fut: Future<Output = Result<ResponseValue<T>, Error<E>>> + Send + 'a,
{
    let start = Walk {
        base: reqwest::Url::parse(base_url).ok(),
        link: Step::First,
        fetched: Vec::new(),
        fetch,
    };
    Box::pin(stream::unfold(Some(start), move |walk| async move {
        let mut walk = walk?;
        let target = match std::mem::replace(&mut walk.link, Step::First) {
            Step::First => None,
            Step::Link(url) => Some(url),
            Step::Refused(e) => return Some((Err(e), None)),
        };
        let page = (walk.fetch)(target).await;
        let link = page.as_ref().ok().and_then(|page| next(page));
        let more = match link.filter(|l| !l.is_empty()) {
            None => false,
            Some(link) => match resolve(walk.base.as_ref(), &link) {
                Ok(url) if walk.fetched.contains(&url) => false,
                Ok(url) => {
                    walk.fetched.push(url.clone());
                    walk.link = Step::Link(url);
                    true
                }
                Err(e) => {
                    walk.link = Step::Refused(Error::InvalidRequest(e));
                    true
                }
            },
        };
        Some((page, more.then_some(walk)))
    }))
}

/// Where a stream of linked pages has got to.
struct Walk<F, E> {
    /// The client's base URL; `None` when it is no URL, so no link is followed.
    base: Option<reqwest::Url>,
    /// What the next item is.
    link: Step<E>,
    /// Every next-page URL fetched so far.
    fetched: Vec<reqwest::Url>,
    fetch: F,
}

/// The next item of a stream of linked pages.
enum Step<E> {
    /// The operation's own request.
    First,
    /// A GET of this URL.
    Link(reqwest::Url),
    /// A link that is not followed: this error is the last item.
    Refused(Error<E>),
}

/// `link` resolved against `base`, when it stays on the base URL's scheme,
/// host and port; else why not. The message leaves the link out, as it may
/// carry a signed query string.
fn resolve(base: Option<&reqwest::Url>, link: &str) -> Result<reqwest::Url, String> {
    let Some(base) = base else {
        return Err(
            "the next page's link was not followed: the base URL is not an absolute URL".into(),
        );
    };
    let url = base
        .join(link)
        .map_err(|_| "the next page's link is not a URL".to_string())?;
    let same = url.scheme() == base.scheme()
        && url.host_str() == base.host_str()
        && url.port_or_known_default() == base.port_or_known_default();
    if !same {
        return Err(format!(
            "the next page's link points to another host than the API's ({}); it was not followed, so the credentials are not sent there",
            base.origin().ascii_serialization()
        ));
    }
    Ok(url)
}
