//! The Prism mock server a conformance run talks to.

use super::Mode;
use std::io::{BufRead, BufReader};
use std::net::TcpListener;
use std::path::Path;
use std::process::{Child, Command, Stdio};

/// A running Prism mock server; stopped on drop.
pub struct Prism {
    child: Child,
    port: u16,
}

impl Prism {
    /// Starts Prism on a free loopback port and waits until it says it listens.
    pub fn start(prism: &Path, spec: &Path, mode: &Mode) -> Result<Self, String> {
        let port = TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .map_err(|e| format!("cannot find a free port: {e}"))?
            .port();
        let mut child = Command::new(prism)
            .args(["mock", "--host", "127.0.0.1", "--port", &port.to_string()])
            .arg("--errors")
            .args(match mode {
                Mode::Static => vec!["--dynamic", "false"],
                Mode::Dynamic { seed, .. } => vec!["--dynamic", "true", "--seed", seed],
            })
            .arg(spec)
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .map_err(|e| format!("cannot start {}: {e}", prism.display()))?;
        let stdout = child.stdout.take();
        let mut server = Self { child, port };
        let Some(stdout) = stdout else {
            return Err("Prism's output is not readable".into());
        };
        let mut lines = BufReader::new(stdout).lines();
        let mut seen = Vec::new();
        loop {
            match lines.next() {
                Some(Ok(line)) if line.contains("Prism is listening") => break,
                Some(Ok(line)) => seen.push(line),
                Some(Err(e)) => {
                    server.stop();
                    return Err(format!("reading Prism's output: {e}"));
                }
                None => {
                    server.stop();
                    return Err(format!(
                        "Prism exited before listening:\n{}",
                        seen.join("\n")
                    ));
                }
            }
        }
        // Keep draining Prism's request log so it never blocks on a full pipe.
        std::thread::spawn(move || lines.for_each(drop));
        Ok(server)
    }

    pub fn base_url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    pub fn stop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for Prism {
    fn drop(&mut self) {
        self.stop();
    }
}
