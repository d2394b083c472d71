//! The loopback server the request and memory benchmarks talk to, run as a
//! separate process (`bench serve`) so its memory and CPU are not the
//! client's. HTTP/1.1 with keep-alive; request bodies (Content-Length or
//! chunked) are read into one fixed buffer and dropped, so its memory stays
//! the same whatever is uploaded; each route gets a fixed, valid answer.

use std::io::{BufRead, Write};
use std::net::SocketAddr;
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::net::{TcpListener, TcpStream};

/// The answers, encoded once: the status line, headers and body of each.
struct Answers {
    contact: Vec<u8>,
    media: Vec<u8>,
    create_upload: Vec<u8>,
    stored: Vec<u8>,
    complete_upload: Vec<u8>,
    not_found: Vec<u8>,
}

fn answer(status: &str, body: &str) -> Vec<u8> {
    format!(
        "HTTP/1.1 {status}\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n{body}",
        body.len()
    )
    .into_bytes()
}

impl Answers {
    /// The answers of a server at `addr` (the presigned URL points back at it).
    fn new(addr: SocketAddr) -> Self {
        Answers {
            contact: answer(
                "200 OK",
                r#"{"success":true,"id":"cll6b3i8901a9jx0oyktl2m4u"}"#,
            ),
            media: answer(
                "201 Created",
                r#"{"id":"c3e8a1f4-6b2d-4e7a-8c9f-1a5b3d7e2f60","mimeType":"video/mp4","mediaType":"video","status":"READY"}"#,
            ),
            create_upload: answer(
                "200 OK",
                &format!(
                    r#"{{"emailAssetId":"asset_1","presignedUrl":"http://{addr}/presigned/asset_1?signature=abc"}}"#
                ),
            ),
            stored: b"HTTP/1.1 200 OK\r\ncontent-length: 0\r\n\r\n".to_vec(),
            complete_upload: answer(
                "200 OK",
                r#"{"emailAssetId":"asset_1","finalUrl":"https://cdn.example.com/asset_1.png"}"#,
            ),
            not_found: b"HTTP/1.1 404 Not Found\r\ncontent-length: 0\r\n\r\n".to_vec(),
        }
    }

    fn route(&self, method: &str, target: &str) -> &[u8] {
        match (method, target) {
            ("POST", "/v1/contacts/create") => &self.contact,
            ("POST", "/public/v1/media") => &self.media,
            ("POST", "/v1/uploads") => &self.create_upload,
            ("PUT", t) if t.starts_with("/presigned/") => &self.stored,
            ("POST", "/v1/uploads/asset_1/complete") => &self.complete_upload,
            _ => &self.not_found,
        }
    }
}

/// `bench serve`: prints `listening ADDR`, then serves until its standard
/// input closes (so it never outlives the process that started it).
pub fn serve() -> std::io::Result<()> {
    std::thread::spawn(|| {
        let _ = std::io::copy(&mut std::io::stdin(), &mut std::io::sink());
        std::process::exit(0);
    });
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    runtime.block_on(async {
        let listener = TcpListener::bind("127.0.0.1:0").await?;
        let addr = listener.local_addr()?;
        let answers = Arc::new(Answers::new(addr));
        println!("listening\t{addr}");
        std::io::stdout().flush()?;
        loop {
            let (socket, _) = listener.accept().await?;
            socket.set_nodelay(true)?;
            tokio::spawn(connection(socket, Arc::clone(&answers)));
        }
    })
}

/// Serves the requests of one connection until the client closes it.
async fn connection(socket: TcpStream, answers: Arc<Answers>) -> std::io::Result<()> {
    let mut reader = BufReader::with_capacity(64 * 1024, socket);
    let mut line = String::new();
    let mut scratch = vec![0u8; 64 * 1024];
    loop {
        line.clear();
        if reader.read_line(&mut line).await? == 0 {
            return Ok(());
        }
        let mut request_line = line.split_whitespace();
        let method = request_line.next().unwrap_or_default().to_string();
        let target = request_line.next().unwrap_or_default().to_string();
        let (mut length, mut chunked) = (0u64, false);
        loop {
            line.clear();
            if reader.read_line(&mut line).await? == 0 {
                return Ok(());
            }
            if line == "\r\n" || line == "\n" {
                break;
            }
            let Some((name, value)) = line.split_once(':') else {
                continue;
            };
            let value = value.trim();
            if name.eq_ignore_ascii_case("content-length") {
                length = value.parse().map_err(std::io::Error::other)?;
            } else if name.eq_ignore_ascii_case("transfer-encoding") {
                chunked = value.to_ascii_lowercase().contains("chunked");
            }
        }
        if chunked {
            discard_chunked(&mut reader, &mut line, &mut scratch).await?;
        } else {
            discard(&mut reader, length, &mut scratch).await?;
        }
        reader
            .get_mut()
            .write_all(answers.route(&method, &target))
            .await?;
    }
}

/// Reads `n` bytes and drops them.
async fn discard(
    reader: &mut BufReader<TcpStream>,
    mut n: u64,
    scratch: &mut [u8],
) -> std::io::Result<()> {
    while n > 0 {
        let want = n.min(scratch.len() as u64) as usize;
        let got = reader.read(&mut scratch[..want]).await?;
        if got == 0 {
            return Err(std::io::ErrorKind::UnexpectedEof.into());
        }
        n -= got as u64;
    }
    Ok(())
}

/// Reads a chunked body (hex size lines, each chunk followed by CRLF, ended
/// by a zero size and optional trailers) and drops it.
async fn discard_chunked(
    reader: &mut BufReader<TcpStream>,
    line: &mut String,
    scratch: &mut [u8],
) -> std::io::Result<()> {
    loop {
        line.clear();
        reader.read_line(line).await?;
        let size = line.split(';').next().unwrap_or_default().trim();
        let size = u64::from_str_radix(size, 16).map_err(std::io::Error::other)?;
        if size == 0 {
            loop {
                line.clear();
                if reader.read_line(line).await? == 0 || line == "\r\n" {
                    return Ok(());
                }
            }
        }
        discard(reader, size + 2, scratch).await?;
    }
}

/// A `bench serve` child process, ended when this is dropped.
pub struct Server {
    child: Child,
    /// `http://127.0.0.1:PORT`
    pub base_url: String,
}

impl Server {
    /// Starts the server from this same executable and waits until it listens.
    pub fn start() -> Result<Server, String> {
        let exe = std::env::current_exe().map_err(|e| format!("no executable path: {e}"))?;
        let mut child = Command::new(exe)
            .arg("serve")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .map_err(|e| format!("cannot start the server: {e}"))?;
        let stdout = child.stdout.take().ok_or("the server has no stdout")?;
        let mut first = String::new();
        std::io::BufReader::new(stdout)
            .read_line(&mut first)
            .map_err(|e| format!("reading the server's address: {e}"))?;
        let addr = first
            .trim()
            .strip_prefix("listening\t")
            .ok_or_else(|| format!("the server said `{}`", first.trim()))?;
        Ok(Server {
            base_url: format!("http://{addr}"),
            child,
        })
    }

    /// The server process's id (for reading its own memory).
    pub fn pid(&self) -> u32 {
        self.child.id()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        drop(self.child.stdin.take());
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
