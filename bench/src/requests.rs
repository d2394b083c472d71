//! Request overhead: the generated clients against hand-written `reqwest`
//! calls that send the same request and decode the same typed answer, one
//! request at a time, to the loopback server. Both sides use one reqwest
//! client each, built with the generated client's default timeouts and the
//! same user agent, so what is measured is what the generated layer adds.

use crate::flag;
use crate::server::Server;
use crate::stats::median;
use bytes::Bytes;
use std::future::Future;
use std::time::{Duration, Instant};

/// The size of the file in every multipart request.
const UPLOAD_BYTES: usize = 16 * 1024;
const USER_AGENT: &str = "bench (rust)";
/// The contact created in every JSON request.
const CONTACT: &str =
    r#"{"email":"ada@example.com","firstName":"Ada","lastName":"Lovelace","userGroup":"founders"}"#;

type Outcome = Result<(), String>;

/// Both ways of making each request, with what they send.
struct Sides {
    loops: loops::Client,
    loomta: loomta::Client,
    http: reqwest::Client,
    base_url: String,
    contact: loops::types::CreateContactRequest,
    /// A small MP4: its header, then zeros.
    upload: Bytes,
}

fn text(e: impl std::fmt::Display) -> String {
    e.to_string()
}

fn ensure(ok: bool, what: &str) -> Outcome {
    ok.then_some(())
        .ok_or_else(|| format!("unexpected answer: {what}"))
}

impl Sides {
    fn new(base_url: &str) -> Result<Sides, String> {
        let loops = loops::Client::builder()
            .base_url(base_url)
            .bearer_auth("loops-key")
            .user_agent(USER_AGENT)
            .build()
            .map_err(text)?;
        let loomta = loomta::Client::builder()
            .base_url(base_url)
            .bearer_auth("loomta-key")
            .user_agent(USER_AGENT)
            .build()
            .map_err(text)?;
        let http = reqwest::Client::builder()
            .user_agent(USER_AGENT)
            .timeout(Duration::from_secs(60))
            .connect_timeout(Duration::from_secs(10))
            .build()
            .map_err(text)?;
        let mut upload = b"\0\0\0\x18ftypisom\0\0\0\0isomiso2".to_vec();
        upload.resize(UPLOAD_BYTES, 0);
        Ok(Sides {
            loops,
            loomta,
            http,
            base_url: base_url.to_string(),
            contact: serde_json::from_str(CONTACT).map_err(text)?,
            upload: Bytes::from(upload),
        })
    }

    /// Loops `createContact` through the generated client.
    async fn ours_json(&self) -> Outcome {
        let created = self
            .loops
            .create_contact(&self.contact)
            .await
            .map_err(text)?;
        ensure(created.success, "success is false")
    }

    /// The same request by hand.
    async fn reqwest_json(&self) -> Outcome {
        let body = serde_json::to_vec(&self.contact).map_err(text)?;
        let response = self
            .http
            .post(format!("{}/v1/contacts/create", self.base_url))
            .bearer_auth("loops-key")
            .header(reqwest::header::CONTENT_TYPE, "application/json")
            .body(body)
            .send()
            .await
            .map_err(text)?;
        ensure(response.status().is_success(), "status")?;
        let bytes = response.bytes().await.map_err(text)?;
        let created: loops::types::ContactIdResponse =
            serde_json::from_slice(&bytes).map_err(text)?;
        ensure(created.success, "success is false")
    }

    /// Loomta `uploadMedia` through the generated client (type from the magic number).
    async fn ours_multipart(&self) -> Outcome {
        let file = loomta::FilePart::from_bytes(self.upload.clone(), "clip.mp4");
        let form = loomta::types::UploadMediaForm::new(file);
        let media = self.loomta.upload_media(form).await.map_err(text)?;
        ensure(media.id.is_some(), "no media id")
    }

    /// The same upload by hand.
    async fn reqwest_multipart(&self) -> Outcome {
        let length = self.upload.len() as u64;
        let part = reqwest::multipart::Part::stream_with_length(self.upload.clone(), length)
            .file_name("clip.mp4")
            .mime_str("video/mp4")
            .map_err(text)?;
        let response = self
            .http
            .post(format!("{}/public/v1/media", self.base_url))
            .bearer_auth("loomta-key")
            .multipart(reqwest::multipart::Form::new().part("file", part))
            .send()
            .await
            .map_err(text)?;
        ensure(response.status().is_success(), "status")?;
        let bytes = response.bytes().await.map_err(text)?;
        let media: loomta::types::Media = serde_json::from_slice(&bytes).map_err(text)?;
        ensure(media.id.is_some(), "no media id")
    }
}

/// CPU time this thread has used, in seconds (`/proc/thread-self/schedstat`);
/// the client runs on one current-thread runtime, so this is its work.
fn thread_cpu() -> f64 {
    std::fs::read_to_string("/proc/thread-self/schedstat")
        .ok()
        .and_then(|s| s.split_whitespace().next()?.parse::<f64>().ok())
        .map_or(f64::NAN, |ns| ns / 1e9)
}

/// One side's round: requests per second, and CPU µs per request.
struct Round {
    rate: f64,
    cpu_us: f64,
}

/// `count` sequential requests.
async fn round<F, Fut>(count: usize, call: F) -> Result<Round, String>
where
    F: Fn() -> Fut,
    Fut: Future<Output = Outcome>,
{
    let (start, cpu) = (Instant::now(), thread_cpu());
    for _ in 0..count {
        call().await?;
    }
    Ok(Round {
        rate: count as f64 / start.elapsed().as_secs_f64(),
        cpu_us: (thread_cpu() - cpu) * 1e6 / count as f64,
    })
}

/// How a comparison is run.
struct Plan {
    rounds: usize,
    count: usize,
    warmup: usize,
}

/// Warms both sides up, then runs `rounds` rounds of `count` requests per
/// side, alternating which side goes first, and prints `requests CASE
/// OURS_RATE REQWEST_RATE RATIO OURS_CPU_US REQWEST_CPU_US ROUNDS COUNT`:
/// median rates, the median of each round's ratio (a pair of rounds run
/// close together, so a load that comes and goes skews it less), and the
/// median CPU time per request.
async fn compare<A, AF, B, BF>(case: &str, plan: &Plan, ours: A, theirs: B) -> Outcome
where
    A: Fn() -> AF,
    AF: Future<Output = Outcome>,
    B: Fn() -> BF,
    BF: Future<Output = Outcome>,
{
    round(plan.warmup, &ours).await?;
    round(plan.warmup, &theirs).await?;
    let (mut a, mut b) = (Vec::new(), Vec::new());
    for i in 0..plan.rounds {
        if i % 2 == 0 {
            a.push(round(plan.count, &ours).await?);
            b.push(round(plan.count, &theirs).await?);
        } else {
            b.push(round(plan.count, &theirs).await?);
            a.push(round(plan.count, &ours).await?);
        }
    }
    let rates = |r: &[Round]| median(&r.iter().map(|r| r.rate).collect::<Vec<_>>());
    let cpu = |r: &[Round]| median(&r.iter().map(|r| r.cpu_us).collect::<Vec<_>>());
    let ratios: Vec<f64> = a.iter().zip(&b).map(|(a, b)| a.rate / b.rate).collect();
    println!(
        "requests\t{case}\t{:.1}\t{:.1}\t{:.4}\t{:.2}\t{:.2}\t{}\t{}",
        rates(&a),
        rates(&b),
        median(&ratios),
        cpu(&a),
        cpu(&b),
        plan.rounds,
        plan.count
    );
    Ok(())
}

/// `bench requests [--rounds N] [--count N]`: one line per case.
pub fn run(args: &[String]) -> Outcome {
    let count = flag(args, "--count", 2000)?.max(1);
    let plan = Plan {
        rounds: flag(args, "--rounds", 21)?.max(1),
        count,
        warmup: count.max(200),
    };
    let server = Server::start()?;
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(text)?;
    runtime.block_on(async {
        let sides = Sides::new(&server.base_url)?;
        compare(
            "json: Loops createContact",
            &plan,
            || sides.ours_json(),
            || sides.reqwest_json(),
        )
        .await?;
        let case = format!(
            "multipart: Loomta uploadMedia, {} KiB file",
            UPLOAD_BYTES / 1024
        );
        compare(
            &case,
            &plan,
            || sides.ours_multipart(),
            || sides.reqwest_multipart(),
        )
        .await
    })
}
