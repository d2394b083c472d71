//! Helpers shared by the fault-injection tests of both generated clients
//! (`faults.rs` for Loops, `faults_loomta.rs` for Loomta). They live here and
//! not in the `api-tests` library because they need tokio and wiremock, which
//! are dev-dependencies only.

use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime, UNIX_EPOCH};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

/// The API key every test client is built with; it must never be shown.
pub const KEY: &str = "sk_live_SECRET_KEY_123";

/// A mock for one method and path.
pub fn on(http_method: &str, route: &str) -> wiremock::MockBuilder {
    Mock::given(method(http_method)).and(path(route))
}

/// Answers every `http_method route` request with `reply`.
pub async fn answer(server: &MockServer, http_method: &str, route: &str, reply: ResponseTemplate) {
    on(http_method, route)
        .respond_with(reply)
        .mount(server)
        .await;
}

/// A server that answers each connection with `reply` and closes it, with a
/// TCP reset instead of a clean close when `reset` is set.
pub async fn raw_server(reply: &'static [u8], reset: bool) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let addr = listener.local_addr().expect("addr");
    tokio::spawn(async move {
        while let Ok((mut socket, _)) = listener.accept().await {
            let mut request = [0u8; 8192];
            let _ = socket.read(&mut request).await;
            let _ = socket.write_all(reply).await;
            if reset {
                // Linger zero: the drop sends a reset at once and does not block.
                #[allow(deprecated)]
                let _ = socket.set_linger(Some(Duration::ZERO));
            }
        }
    });
    format!("http://{addr}")
}

/// The URL of a port nothing listens on: a listener is bound and dropped.
pub fn refused_url() -> String {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let url = format!("http://{}", listener.local_addr().expect("addr"));
    drop(listener);
    url
}

/// Fails when `text` shows the API key or the signature of a presigned URL.
pub fn assert_no_secret(text: &str) {
    assert!(!text.contains(KEY), "the API key leaked: {text}");
    assert!(
        !text.contains("SIGNATURE_abcdef0123"),
        "a URL signature leaked: {text}"
    );
}

/// How many requests the server has received.
pub async fn received(server: &MockServer) -> usize {
    server.received_requests().await.expect("recording").len()
}

/// `time` as an HTTP date (IMF-fixdate, RFC 9110 section 5.6.7), such as
/// `Sun, 06 Nov 1994 08:49:37 GMT`; the fraction of a second is dropped.
pub fn http_date(time: SystemTime) -> String {
    let seconds = time
        .duration_since(UNIX_EPOCH)
        .expect("after 1970")
        .as_secs();
    let (days, in_day) = (seconds / 86_400, seconds % 86_400);
    // 1970-01-01 was a Thursday.
    let weekday = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"][(days % 7) as usize];
    // Civil date from a day count (H. Hinnant's `civil_from_days`), in a
    // calendar whose years start on 1 March.
    let z = days as i64 + 719_468;
    let era = z.div_euclid(146_097);
    let day_of_era = z - era * 146_097;
    let year_of_era =
        (day_of_era - day_of_era / 1_460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let march_month = (5 * day_of_year + 2) / 153;
    let day = day_of_year - (153 * march_month + 2) / 5 + 1;
    let month = if march_month < 10 {
        march_month + 3
    } else {
        march_month - 9
    };
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    let month_name = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ][(month - 1) as usize];
    format!(
        "{weekday}, {day:02} {month_name} {year} {:02}:{:02}:{:02} GMT",
        in_day / 3_600,
        in_day % 3_600 / 60,
        in_day % 60
    )
}

/// Collects everything a `tracing` subscriber writes.
#[derive(Clone, Default)]
pub struct Captured(pub Arc<Mutex<Vec<u8>>>);

impl std::io::Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().expect("lock").extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl Captured {
    /// A subscriber writing every span close and event (down to DEBUG) here,
    /// for `tracing::subscriber::set_default`.
    ///
    /// The first call also sets a process-wide subscriber that takes the same
    /// levels and writes nowhere. Without one, a test on another thread that
    /// reaches a span first, with no subscriber of its own, can leave that
    /// callsite cached as "never enabled" while this test's thread-local
    /// subscriber is being set, and the span this test looks for is lost.
    pub fn subscriber(&self) -> impl tracing::Subscriber + Send + Sync {
        static GLOBAL: std::sync::Once = std::sync::Once::new();
        GLOBAL.call_once(|| {
            let quiet = tracing_subscriber::fmt()
                .with_writer(std::io::sink)
                .with_max_level(tracing::Level::DEBUG)
                .finish();
            // A global default set earlier in this process serves as well.
            let _ = tracing::subscriber::set_global_default(quiet);
        });
        let sink = self.clone();
        tracing_subscriber::fmt()
            .with_writer(move || sink.clone())
            .with_max_level(tracing::Level::DEBUG)
            .with_span_events(tracing_subscriber::fmt::format::FmtSpan::CLOSE)
            .with_ansi(false)
            .finish()
    }

    /// Everything written so far.
    pub fn text(&self) -> String {
        String::from_utf8(self.0.lock().expect("lock").clone()).expect("utf-8")
    }
}
