//! Helpers: the real-data directory (when present), the built binary, and the records an index holds.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use assert_cmd::Command;

/// The project root.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// `../shared`, when this checkout sits beside it. Tests that need it call
/// this and return early (printing why) when it is absent, so a fresh clone
/// passes.
pub fn shared(test: &str) -> Option<PathBuf> {
    let p = root().join("..").join("shared");
    if p.join("realdata").is_dir() {
        Some(p)
    } else {
        eprintln!("skipping {test}: ../shared (the real dev data) is not present beside this checkout");
        None
    }
}

/// The casedex binary, with its default index redirected into `home`.
pub fn casedex(home: &Path) -> Command {
    let mut c = Command::cargo_bin("casedex").expect("binary built");
    c.env("CASEDEX_INDEX", home.join("default-index")).env("NO_COLOR", "1").current_dir(root());
    c
}

/// Run and parse stdout as JSON.
pub fn json(c: &mut Command) -> serde_json::Value {
    let out = c.output().expect("runs");
    assert!(out.status.success(), "failed ({:?}): {}", out.status, String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("not JSON ({e}): {}", String::from_utf8_lossy(&out.stdout)))
}

/// The casedex binary as a plain `std::process::Command`, for tests that
/// spawn it and signal it while it runs.
pub fn casedex_process(home: &Path) -> std::process::Command {
    let mut c = std::process::Command::new(assert_cmd::cargo::cargo_bin("casedex"));
    c.env("CASEDEX_INDEX", home.join("default-index")).env("NO_COLOR", "1").current_dir(root());
    c
}

/// The record of a plain-text report made of a title and `body`.
pub fn extract_text(body: &str) -> casedex::CaseReport {
    let doc = format!("A case report\n\n{body}\n");
    let read = casedex::ingest::read_bytes("case.txt", doc.as_bytes()).unwrap_or_else(|s| panic!("{s}"));
    casedex::Extractor::global().extract(&read.docs[0])
}

/// Every indexed record's (id, source path); asserts no id appears twice.
pub fn records(home: &Path, idx: &Path) -> BTreeSet<(String, PathBuf)> {
    let out = casedex(home)
        .args(["search", "", "--limit", "100000", "--format", "jsonl", "--index"])
        .arg(idx)
        .output()
        .unwrap();
    let mut seen = BTreeSet::new();
    for line in String::from_utf8(out.stdout).unwrap().lines() {
        let v: serde_json::Value = serde_json::from_str(line).unwrap();
        let rec = (v["id"].as_str().unwrap().to_string(), PathBuf::from(v["source"]["path"].as_str().unwrap()));
        assert!(seen.insert(rec.clone()), "{rec:?} twice");
    }
    seen
}
