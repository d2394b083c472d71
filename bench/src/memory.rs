//! Upload memory: the peak resident size (`VmHWM`) of a fresh process that
//! uploads one file, streamed from disk, to the loopback server (its own
//! process, which drops what it reads). The file is sparse, so even 1 GiB
//! costs no disk; its first bytes give it a real media type.

use crate::server::Server;
use std::path::{Path, PathBuf};
use std::time::Instant;

/// A temporary folder, removed when dropped.
struct TempDir(PathBuf);

impl TempDir {
    fn new() -> Result<TempDir, String> {
        let dir = std::env::temp_dir().join(format!("bench-upload-{}", std::process::id()));
        std::fs::create_dir_all(&dir)
            .map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
        Ok(TempDir(dir))
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// Writes `head`, then makes the file `bytes` long without writing the rest.
fn sparse_file(path: &Path, head: &[u8], bytes: u64) -> Result<(), String> {
    let file = std::fs::File::create(path).map_err(|e| format!("{}: {e}", path.display()))?;
    std::io::Write::write_all(&mut &file, head).map_err(|e| e.to_string())?;
    file.set_len(bytes).map_err(|e| e.to_string())
}

/// A `/proc/<pid>/status` value in KiB (`VmHWM:` is the peak resident size).
fn status_kib(pid: &str, key: &str) -> Result<u64, String> {
    let path = format!("/proc/{pid}/status");
    let status = std::fs::read_to_string(&path).map_err(|e| format!("{path}: {e}"))?;
    status
        .lines()
        .find_map(|l| {
            l.strip_prefix(key)?
                .trim()
                .strip_suffix("kB")?
                .trim()
                .parse()
                .ok()
        })
        .ok_or_else(|| format!("{path} has no {key}"))
}

/// Uploads the file through Loomta's multipart `uploadMedia`.
async fn loomta(base_url: &str, path: &Path) -> Result<(), String> {
    let client = loomta::Client::builder()
        .base_url(base_url)
        .bearer_auth("loomta-key")
        .build()
        .map_err(|e| e.to_string())?;
    let file = loomta::FilePart::from_path(path)
        .await
        .map_err(|e| e.to_string())?;
    let form = loomta::types::UploadMediaForm::new(file);
    client.upload_media(form).await.map_err(|e| e.to_string())?;
    Ok(())
}

/// Uploads the file through Loops's three steps (create, PUT, complete).
async fn loops(base_url: &str, path: &Path) -> Result<(), String> {
    let client = loops::Client::builder()
        .base_url(base_url)
        .bearer_auth("loops-key")
        .build()
        .map_err(|e| e.to_string())?;
    let upload = loops::runtime::Upload::from_path(path);
    client
        .upload_image(upload)
        .await
        .map_err(|e| e.to_string())?;
    Ok(())
}

/// `bench upload-memory <loomta|loops> BYTES`: prints `upload-memory API
/// BYTES PEAK_KIB BEFORE_KIB SERVER_PEAK_KIB SECONDS`, where BEFORE is the
/// peak before the upload started (runtime and server up, file made).
pub fn run(api: &str, bytes: u64) -> Result<(), String> {
    let (name, head): (&str, &[u8]) = match api {
        "loomta" => ("clip.mp4", b"\0\0\0\x18ftypisom\0\0\0\0isomiso2"),
        "loops" => ("image.png", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR"),
        other => return Err(format!("no upload for `{other}` (loomta or loops)")),
    };
    let dir = TempDir::new()?;
    let path = dir.0.join(name);
    sparse_file(&path, head, bytes)?;
    let server = Server::start()?;
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| e.to_string())?;
    let before = status_kib("self", "VmHWM:")?;
    let start = Instant::now();
    runtime.block_on(async {
        match api {
            "loomta" => loomta(&server.base_url, &path).await,
            _ => loops(&server.base_url, &path).await,
        }
    })?;
    let seconds = start.elapsed().as_secs_f64();
    let peak = status_kib("self", "VmHWM:")?;
    let server_peak = status_kib(&server.pid().to_string(), "VmHWM:")?;
    println!("upload-memory\t{api}\t{bytes}\t{peak}\t{before}\t{server_peak}\t{seconds:.3}");
    Ok(())
}
