//! A 200 MB file uploaded to Loomta as multipart is streamed: the process's
//! peak memory stays far below the file size. The server is a minimal HTTP
//! sink on 127.0.0.1 that counts the body without keeping it (a recording
//! mock would hold the whole body in this same process). The file part has
//! a progress callback, which must not change that. This test runs in its
//! own binary so no other test's allocations reach the peak it reads.

use std::io::{Seek, SeekFrom, Write};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpListener;

const FILE_SIZE: u64 = 200 * 1024 * 1024;

/// What the sink saw of one request.
struct Received {
    head: String,
    /// The first bytes of the body, for the part headers.
    body_start: Vec<u8>,
    body_len: u64,
}

/// Accepts one request, reads its body to the end while keeping only its
/// first few KiB, and answers 201 with a media object.
async fn sink(listener: TcpListener) -> std::io::Result<Received> {
    let (socket, _) = listener.accept().await?;
    let mut reader = BufReader::new(socket);
    let mut head = String::new();
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).await? == 0 || line == "\r\n" {
            break;
        }
        head.push_str(&line);
    }
    let header = |name: &str| {
        head.lines().find_map(|l| {
            let (k, v) = l.split_once(':')?;
            k.eq_ignore_ascii_case(name).then(|| v.trim().to_string())
        })
    };
    let mut body = Seen::default();
    if let Some(len) = header("content-length") {
        let len: u64 = len.parse().map_err(std::io::Error::other)?;
        body.read(&mut reader, len).await?;
    } else {
        // Chunked: hex size lines, each chunk followed by CRLF, ended by 0.
        loop {
            let mut size = String::new();
            reader.read_line(&mut size).await?;
            let size = u64::from_str_radix(size.trim(), 16).map_err(std::io::Error::other)?;
            if size == 0 {
                let mut end = String::new();
                reader.read_line(&mut end).await?;
                break;
            }
            body.read(&mut reader, size).await?;
            let mut crlf = [0u8; 2];
            reader.read_exact(&mut crlf).await?;
        }
    }
    let reply = r#"{"id":"c3e8a1f4-6b2d-4e7a-8c9f-1a5b3d7e2f60","mimeType":"video/mp4","mediaType":"video","status":"READY"}"#;
    let response = format!(
        "HTTP/1.1 201 Created\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{reply}",
        reply.len()
    );
    reader.get_mut().write_all(response.as_bytes()).await?;
    reader.get_mut().shutdown().await?;
    Ok(Received {
        head,
        body_start: body.start,
        body_len: body.len,
    })
}

/// A body read and dropped as it arrives, but for its first bytes.
#[derive(Default)]
struct Seen {
    start: Vec<u8>,
    len: u64,
}

impl Seen {
    async fn read<R: AsyncReadExt + Unpin>(
        &mut self,
        reader: &mut R,
        mut n: u64,
    ) -> std::io::Result<()> {
        let mut buf = vec![0u8; 64 * 1024];
        while n > 0 {
            let want = n.min(buf.len() as u64) as usize;
            let got = reader.read(&mut buf[..want]).await?;
            if got == 0 {
                return Err(std::io::ErrorKind::UnexpectedEof.into());
            }
            let keep = got.min(4096usize.saturating_sub(self.start.len()));
            self.start.extend_from_slice(&buf[..keep]);
            self.len += got as u64;
            n -= got as u64;
        }
        Ok(())
    }
}

/// A `/proc/self/status` value in KiB (`VmHWM` is the peak resident size).
fn proc_status_kib(key: &str) -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").expect("linux /proc");
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
        .expect("field present")
}

#[cfg(target_os = "linux")]
#[tokio::test]
async fn a_200_mb_multipart_upload_is_streamed_not_buffered() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("launch.mp4");
    {
        // An MP4 header, then zeros (a sparse file: cheap to make, real to read).
        let mut f = std::fs::File::create(&path).unwrap();
        f.write_all(b"\0\0\0\x18ftypisom\0\0\0\0isomiso2").unwrap();
        f.seek(SeekFrom::Start(FILE_SIZE - 1)).unwrap();
        f.write_all(b"\0").unwrap();
    }
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let server = tokio::spawn(sink(listener));

    let before = proc_status_kib("VmRSS:");
    let client = loomta::Client::builder()
        .base_url(base)
        .bearer_auth("loomta-key")
        .build()
        .unwrap();
    let sent = Arc::new(AtomicU64::new(0));
    let last = Arc::clone(&sent);
    let file = loomta::FilePart::from_path(&path)
        .await
        .unwrap()
        .with_progress(move |n, _| last.store(n, Ordering::Relaxed));
    let media = client
        .upload_media(loomta::types::UploadMediaForm::new(file))
        .await
        .expect("uploaded");
    let peak = proc_status_kib("VmHWM:");
    let received = server.await.unwrap().expect("sink read the request");

    assert_eq!(media.media_type, Some(loomta::types::MediaMediaType::Video));
    assert!(received.head.starts_with("POST /public/v1/media HTTP/1.1"));
    let part = String::from_utf8_lossy(&received.body_start);
    assert!(
        part.contains("name=\"file\"; filename=\"launch.mp4\"\r\nContent-Type: video/mp4\r\n"),
        "the part's type comes from the file's magic number: {part}"
    );
    assert!(
        received.body_len > FILE_SIZE && received.body_len < FILE_SIZE + 4096,
        "the whole file went out once: {} bytes",
        received.body_len
    );
    assert_eq!(
        sent.load(Ordering::Relaxed),
        FILE_SIZE,
        "progress ends at the file's size"
    );
    let file_mib = FILE_SIZE / (1024 * 1024);
    eprintln!(
        "streaming: {file_mib} MiB uploaded; resident before {} MiB, peak {} MiB",
        before / 1024,
        peak / 1024
    );
    assert!(
        peak < 64 * 1024,
        "peak resident memory {} MiB is not far below the {file_mib} MiB file",
        peak / 1024
    );
}
