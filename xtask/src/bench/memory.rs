//! Section 4: peak resident memory while uploading files, streamed from
//! disk, each in a fresh process (`bench upload-memory`).

use super::table::{num, Table};
use super::Bench;
use crate::run::run;
use std::process::Command;

const MIB: u64 = 1024 * 1024;
/// The 1 GiB upload may peak at most this much above the 1 MiB one.
const TARGET_MIB: f64 = 4.0;

/// The uploads measured: API, size, and how the table names them.
fn cases(bench: &Bench) -> Vec<(&'static str, u64, &'static str)> {
    let mut cases = vec![
        ("loomta", MIB, "Loomta uploadMedia (multipart)"),
        ("loomta", 100 * MIB, "Loomta uploadMedia (multipart)"),
    ];
    if !bench.quick {
        cases.push(("loomta", 1024 * MIB, "Loomta uploadMedia (multipart)"));
    }
    cases.push((
        "loops",
        4_000_000,
        "Loops uploadImage (create, PUT, complete)",
    ));
    cases
}

fn size(bytes: u64) -> String {
    match bytes {
        b if b % (1024 * MIB) == 0 => format!("{} GiB", b / (1024 * MIB)),
        b if b % MIB == 0 => format!("{} MiB", b / MIB),
        b => format!("{} MB", num(b as f64 / 1e6)),
    }
}

fn mib(kib: f64) -> String {
    num(kib / 1024.0)
}

pub fn section(bench: &Bench) -> Result<String, String> {
    let mut table = Table::new(&[
        "upload",
        "file",
        "peak RSS MiB",
        "before upload MiB",
        "server peak MiB",
        "MiB/s",
    ]);
    let mut loomta_peaks = Vec::new();
    for (api, bytes, label) in cases(bench) {
        let ran = run(Command::new(&bench.exe)
            .arg("upload-memory")
            .arg(api)
            .arg(bytes.to_string()))?
        .ok()?;
        let line = ran
            .stdout
            .lines()
            .find(|l| l.starts_with("upload-memory\t"));
        let f: Vec<f64> = line
            .unwrap_or_default()
            .split('\t')
            .skip(2)
            .map(|v| v.parse().unwrap_or(f64::NAN))
            .collect();
        let [_, peak, before, server, seconds] = f[..] else {
            return Err(format!("unexpected output: {}", ran.stdout.trim()));
        };
        if api == "loomta" {
            loomta_peaks.push((bytes, peak));
        }
        table.row(vec![
            label.into(),
            size(bytes),
            mib(peak),
            mib(before),
            mib(server),
            num(bytes as f64 / MIB as f64 / seconds),
        ]);
    }
    let small = loomta_peaks.iter().find(|(b, _)| *b == MIB);
    let large = loomta_peaks.iter().find(|(b, _)| *b == 1024 * MIB);
    if let (Some((_, small)), Some((_, large))) = (small, large) {
        let grown = (large - small) / 1024.0;
        let verdict = if grown <= TARGET_MIB { "met" } else { "MISSED" };
        table.row(vec![
            format!("Loomta: 1 GiB peak − 1 MiB peak (target ≤ {TARGET_MIB} MiB: {verdict})"),
            "1 GiB − 1 MiB".into(),
            format!("{grown:.2}"),
        ]);
    }
    let notes =
        "\nPeak resident size (`VmHWM`) of a fresh process per upload; *before upload*: its \
                 peak with the runtime started, the file made and the server up. The file is \
                 sparse (no disk used) and streamed from its path; the loopback server, a \
                 separate process, reads each body into one fixed buffer and drops it.\n";
    Ok(format!("{}{notes}", table.render()))
}
