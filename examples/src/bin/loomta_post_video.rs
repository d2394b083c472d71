//! Uploads a video to Loomta and posts it to one connected platform.
//!
//! ```text
//! export LOOMTA_API_KEY=...
//! cargo run -p examples --bin loomta-post-video -- clip.mp4 --platform <platform id> \
//!     [--caption TEXT] [--base-url URL]
//! ```
//!
//! The file is streamed as a multipart part (never read whole into memory),
//! with its type told from its first bytes, while a progress line on stderr
//! shows how much has been sent; the returned media id goes into the post,
//! and each platform's result is printed.

use examples::{Args, ProgressLine};
use loomta::types::{
    CreatePostsRequest, CreatePostsRequestMode, UploadMediaForm, UploadMediaFormMediaType,
};
use loomta::FilePart;
use std::process::ExitCode;

const USAGE: &str =
    "usage: loomta-post-video <video file> --platform <platform id> [--caption TEXT] [--base-url URL]";

#[tokio::main]
async fn main() -> ExitCode {
    let args = match Args::parse(std::env::args().skip(1)) {
        Ok(args) => args,
        Err(e) => return fail(&format!("{e}\n{USAGE}")),
    };
    let ([path], Some(platform)) = (args.positional.as_slice(), args.option("platform")) else {
        return fail(USAGE);
    };
    let key = match loomta::runtime::env_var(loomta::Client::API_KEY_ENV) {
        Ok(key) => key,
        Err(e) => {
            return fail(&format!(
                "{e}\nCreate a key in Loomta's workspace settings."
            ))
        }
    };
    let mut builder = loomta::Client::builder().bearer_auth(key);
    if let Some(url) = args.option("base-url") {
        builder = builder.base_url(url);
    }
    let client = match builder.build() {
        Ok(client) => client,
        Err(e) => return fail(&e.to_string()),
    };

    let progress = ProgressLine::default();
    let file = match FilePart::from_path(path).await {
        Ok(file) => file.with_progress(progress.callback()),
        Err(e) => return fail(&format!("cannot read {path}: {e}")),
    };
    let form = UploadMediaForm::new(file).media_type(UploadMediaFormMediaType::Video);
    let uploaded = client.upload_media(form).await;
    progress.finish();
    let media = match uploaded {
        Ok(media) => media.into_inner(),
        Err(e) => return fail(&format!("upload failed: {e}")),
    };
    let Some(media_id) = media.id else {
        return fail("the upload answer carried no media id");
    };
    eprintln!("uploaded media {media_id}");

    let caption = args
        .option("caption")
        .map_or_else(|| caption_from(path), str::to_string);
    let post = CreatePostsRequest::new(
        vec![platform.to_string()],
        caption,
        CreatePostsRequestMode::Now,
    )
    .media_ids(vec![media_id.to_string()]);
    match client.create_posts(&post).await {
        Ok(posted) => {
            for result in &posted.results {
                println!("{}: {}", result.platform_id, result.status);
            }
            ExitCode::SUCCESS
        }
        Err(e) => fail(&format!("posting failed: {e}")),
    }
}

/// A caption from the file's name, when none is given.
fn caption_from(path: &str) -> String {
    std::path::Path::new(path)
        .file_stem()
        .map_or_else(|| path.to_string(), |s| s.to_string_lossy().into_owned())
}

fn fail(message: &str) -> ExitCode {
    eprintln!("{message}");
    ExitCode::FAILURE
}
