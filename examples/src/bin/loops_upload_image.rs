//! Uploads an image to Loops and prints its public URL.
//!
//! ```text
//! export LOOPS_API_KEY=...        # Settings → API in the Loops app
//! cargo run -p examples --bin loops-upload-image -- logo.png [--base-url URL]
//! ```
//!
//! One call runs the whole flow: the image's type is told from its bytes (or
//! its name), type and size are checked, then the upload is created, the bytes
//! are sent to the signed storage URL (without the API key) while a progress
//! line on stderr shows how much has been sent, and the upload is completed.
//!
//! `--base-url` replaces `https://app.loops.so/api` whole, so a mock of Loops
//! is given with the prefix: `--base-url http://127.0.0.1:8080/api`.

use examples::{Args, ProgressLine};
use loops::operations::CreateUploadError;
use loops::runtime::Upload;
use std::process::ExitCode;

const USAGE: &str = "usage: loops-upload-image <image file> [--base-url URL]";

#[tokio::main]
async fn main() -> ExitCode {
    let args = match Args::parse(std::env::args().skip(1)) {
        Ok(args) => args,
        Err(e) => return fail(&format!("{e}\n{USAGE}")),
    };
    let [path] = args.positional.as_slice() else {
        return fail(USAGE);
    };
    let key = match loops::runtime::env_var(loops::Client::API_KEY_ENV) {
        Ok(key) => key,
        Err(e) => {
            return fail(&format!(
                "{e}\nCreate a key in the Loops app under Settings → API."
            ))
        }
    };
    let mut builder = loops::Client::builder().bearer_auth(key);
    if let Some(url) = args.option("base-url") {
        builder = builder.base_url(url);
    }
    let client = match builder.build() {
        Ok(client) => client,
        Err(e) => return fail(&e.to_string()),
    };

    let progress = ProgressLine::default();
    let upload = Upload::from_path(path).with_progress(progress.callback());
    let done = client.upload_image(upload).await;
    progress.finish();
    match done {
        Ok(done) => {
            println!("{}", done.final_url);
            eprintln!("asset {}", done.email_asset_id);
            ExitCode::SUCCESS
        }
        Err(e) => match e.create_api_error() {
            // The upload quota: say when to come back, from the typed 429.
            Some(CreateUploadError::TooManyRequests(quota)) => fail(&format!(
                "upload quota reached ({} uploads per {} hours); try again in {}",
                shown(quota.max_uploads),
                shown(quota.window_hours),
                e.retry_after()
                    .map_or_else(|| "a while".to_string(), |d| format!("{} s", d.as_secs())),
            )),
            _ => fail(&format!("upload failed: {e}")),
        },
    }
}

/// A number the server may leave out.
fn shown(n: Option<i64>) -> String {
    n.map_or_else(|| "?".to_string(), |n| n.to_string())
}

fn fail(message: &str) -> ExitCode {
    eprintln!("{message}");
    ExitCode::FAILURE
}
