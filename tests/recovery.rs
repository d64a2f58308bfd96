//! Interrupted ingest, concurrent use and damaged indexes: the index keeps its
//! last commit through a SIGKILL, a new ingest completes it with every report
//! once, Ctrl-C commits what was read, a second writer is refused, searches
//! during an ingest answer from the last commit, and an index of another
//! version or with damaged files gives a message and exit status 3, never a panic.

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Child, Stdio};
use std::thread::sleep;
use std::time::Duration;

use predicates::prelude::*;
use serde_json::Value;

use crate::util::{casedex, casedex_process, json, records};

/// `n` small reports without identifiers (their ids are hashes of their text).
fn reports(dir: &Path, n: usize) {
    for i in 0..n {
        fs::write(
            dir.join(format!("r{i:04}.txt")),
            format!(
                "Calcinosis cutis, case {i}\n\nA {}-year-old girl presented with hard nodules on the right elbow \
                 (case {i}). She was treated with diltiazem.\n",
                i % 12 + 3
            ),
        )
        .unwrap();
    }
}

/// Reports in the index, or None while it has no commit.
fn committed(home: &Path, idx: &Path) -> Option<u64> {
    let out = casedex(home).args(["stats", "--format", "json", "--index"]).arg(idx).output().unwrap();
    let v: Value = serde_json::from_slice(&out.stdout).ok()?;
    v["reports"].as_u64()
}

/// An ingest of `data` into `idx` running in the background, JSON summary on stdout.
fn spawn_ingest(home: &Path, data: &Path, idx: &Path, commit_every: usize) -> Child {
    casedex_process(home)
        .arg("ingest")
        .arg(data)
        .arg("--index")
        .arg(idx)
        .args(["--format", "json", "--threads", "1", "--commit-every", &commit_every.to_string()])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap()
}

/// Wait until the running ingest has committed some reports (or has ended).
fn wait_for_first_commit(home: &Path, idx: &Path, child: &mut Child) {
    for _ in 0..3000 {
        if committed(home, idx).is_some_and(|n| n > 0) || child.try_wait().unwrap().is_some() {
            return;
        }
        sleep(Duration::from_millis(10));
    }
    panic!("no commit seen");
}

fn assert_complete(home: &Path, idx: &Path, data: &Path, n: usize) {
    let recs = records(home, idx);
    assert_eq!(recs.len(), n);
    let ids: BTreeSet<&String> = recs.iter().map(|(id, _)| id).collect();
    assert_eq!(ids.len(), n, "ids are unique");
    let paths: BTreeSet<PathBuf> = recs.iter().map(|(_, p)| p.file_name().unwrap().into()).collect();
    let want: BTreeSet<PathBuf> = fs::read_dir(data).unwrap().map(|e| e.unwrap().file_name().into()).collect();
    assert_eq!(paths, want, "every file once");
}

#[test]
fn sigkill_mid_ingest_keeps_the_last_commit_and_a_new_ingest_completes_it() {
    let home = tempfile::tempdir().unwrap();
    let data = tempfile::tempdir().unwrap();
    let n = 600;
    reports(data.path(), n);
    let idx = home.path().join("idx");
    let mut child = spawn_ingest(home.path(), data.path(), &idx, 10);
    wait_for_first_commit(home.path(), &idx, &mut child);
    child.kill().unwrap();
    child.wait().unwrap();
    // The index opens at its last commit: whole batches of 10 reports.
    let kept = committed(home.path(), &idx).expect("the killed index opens");
    assert!(kept > 0 && kept < n as u64 && kept % 10 == 0, "{kept}");
    // The same ingest again completes it: every report exactly once, the
    // files of the last commit (one report each) not read again.
    let v =
        json(casedex(home.path()).arg("ingest").arg(data.path()).arg("--index").arg(&idx).args(["--format", "json"]));
    assert_eq!(v["indexed"], n as u64 - kept);
    assert_eq!(v["unchanged"], kept);
    assert_complete(home.path(), &idx, data.path(), n);
}

#[test]
fn ctrl_c_commits_what_was_read_and_says_so() {
    let home = tempfile::tempdir().unwrap();
    let data = tempfile::tempdir().unwrap();
    let n = 600;
    reports(data.path(), n);
    let idx = home.path().join("idx");
    let mut child = spawn_ingest(home.path(), data.path(), &idx, 10);
    wait_for_first_commit(home.path(), &idx, &mut child);
    let pid = child.id().to_string();
    assert!(std::process::Command::new("kill").args(["-INT", &pid]).status().unwrap().success());
    let out = child.wait_with_output().unwrap();
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(out.status.code(), Some(130), "{v}");
    assert_eq!(v["interrupted"], true);
    let indexed = v["indexed"].as_u64().unwrap();
    assert_eq!(v["unread"].as_u64().unwrap(), n as u64 - indexed);
    // Everything read was committed, not only up to the last batch of 10.
    assert_eq!(committed(home.path(), &idx), Some(indexed));
    casedex(home.path()).arg("ingest").arg(data.path()).arg("--index").arg(&idx).assert().success();
    assert_complete(home.path(), &idx, data.path(), n);
}

#[test]
fn the_text_summary_says_an_ingest_was_interrupted() {
    let home = tempfile::tempdir().unwrap();
    let data = tempfile::tempdir().unwrap();
    reports(data.path(), 600);
    let idx = home.path().join("idx");
    let mut child = casedex_process(home.path())
        .arg("ingest")
        .arg(data.path())
        .arg("--index")
        .arg(&idx)
        .args(["--threads", "1", "--commit-every", "10"])
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    wait_for_first_commit(home.path(), &idx, &mut child);
    std::process::Command::new("kill").args(["-TERM", &child.id().to_string()]).status().unwrap();
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(130));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("interrupted:") && text.contains("run the same ingest again"), "{text}");
}

#[test]
fn a_second_writer_is_told_the_index_is_locked() {
    let home = tempfile::tempdir().unwrap();
    let data = tempfile::tempdir().unwrap();
    reports(data.path(), 3);
    let idx = home.path().join("idx");
    // This test process holds the writer lock, as a running ingest would.
    let index = casedex::index::Index::create_or_open(&idx).unwrap();
    let writer = index.writer(1).unwrap();
    casedex(home.path()).arg("ingest").arg(data.path()).arg("--index").arg(&idx).assert().code(3).stderr(
        predicate::str::contains("index is locked by another process").and(predicate::str::contains("panicked").not()),
    );
    // Searching is not writing: it answers meanwhile.
    casedex(home.path()).args(["search", "girl", "--index"]).arg(&idx).assert().code(1);
    drop(writer);
    casedex(home.path()).arg("ingest").arg(data.path()).arg("--index").arg(&idx).assert().success();
}

#[test]
fn searches_during_an_ingest_answer_from_the_last_commit() {
    let home = tempfile::tempdir().unwrap();
    let data = tempfile::tempdir().unwrap();
    let n = 400;
    reports(data.path(), n);
    let idx = home.path().join("idx");
    let mut child = spawn_ingest(home.path(), data.path(), &idx, 10);
    wait_for_first_commit(home.path(), &idx, &mut child);
    let mut seen = Vec::new();
    while child.try_wait().unwrap().is_none() && seen.len() < 200 {
        let out = casedex(home.path())
            .args(["search", "girl", "--format", "json", "--limit", "1", "--index"])
            .arg(&idx)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
        let v: Value = serde_json::from_slice(&out.stdout).unwrap();
        seen.push(v["total"].as_u64().unwrap());
    }
    assert!(child.wait().unwrap().success());
    // Each answer is a commit: whole batches, never fewer than before.
    assert!(seen.iter().all(|t| t % 10 == 0), "{seen:?}");
    assert!(seen.windows(2).all(|w| w[0] <= w[1]), "{seen:?}");
    assert_complete(home.path(), &idx, data.path(), n);
}

/// A small index in a temp dir.
fn small_index(home: &Path) -> PathBuf {
    let data = tempfile::tempdir().unwrap();
    reports(data.path(), 20);
    let idx = home.join("idx");
    casedex(home).arg("ingest").arg(data.path()).arg("--index").arg(&idx).assert().success();
    idx
}

/// Every reading command fails with status 3 and a message, never a panic.
fn assert_index_failure(home: &Path, idx: &Path, message: &str) {
    for args in [vec!["search", "girl"], vec!["stats"], vec!["show", "sha:0"]] {
        let out = casedex(home).args(&args).arg("--index").arg(idx).output().unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(3), "{args:?}: {err}");
        assert!(err.contains(message) && !err.contains("panicked"), "{args:?}: {err}");
    }
}

#[test]
fn an_index_of_another_schema_version_is_refused_with_what_to_do() {
    let home = tempfile::tempdir().unwrap();
    let idx = small_index(home.path());
    let marker = idx.join("casedex.json");
    let v: Value = serde_json::from_slice(&fs::read(&marker).unwrap()).unwrap();
    let old = v.to_string().replace(&format!(":{}", casedex::index::SCHEMA_VERSION), ":999");
    fs::write(&marker, old).unwrap();
    assert_index_failure(home.path(), &idx, "re-run ingest");
    let data = tempfile::tempdir().unwrap();
    reports(data.path(), 1);
    casedex(home.path())
        .arg("ingest")
        .arg(data.path())
        .arg("--index")
        .arg(&idx)
        .assert()
        .code(3)
        .stderr(predicate::str::contains("schema version 999"));
}

#[test]
fn a_garbled_meta_json_is_an_error_not_a_panic() {
    let home = tempfile::tempdir().unwrap();
    let idx = small_index(home.path());
    fs::write(idx.join("meta.json"), b"{\"segments\": [{\"segment_id\": 12").unwrap();
    assert_index_failure(home.path(), &idx, &idx.display().to_string());
    fs::write(idx.join("casedex.json"), b"\xff\xfe not json").unwrap();
    assert_index_failure(home.path(), &idx, "casedex.json");
}

/// The index's segment files with extension `ext`.
fn segment_files(idx: &Path, ext: &str) -> Vec<PathBuf> {
    let files: Vec<PathBuf> = fs::read_dir(idx)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == ext))
        .collect();
    assert!(!files.is_empty(), "no .{ext} file");
    files
}

const SEGMENT_EXTENSIONS: [&str; 6] = ["idx", "pos", "term", "store", "fast", "fieldnorm"];

#[test]
fn truncated_or_missing_segment_files_are_errors_not_panics() {
    for damage in ["truncate", "remove"] {
        let home = tempfile::tempdir().unwrap();
        let idx = small_index(home.path());
        for p in SEGMENT_EXTENSIONS.iter().flat_map(|ext| segment_files(&idx, ext)) {
            match damage {
                "truncate" => {
                    let bytes = fs::read(&p).unwrap();
                    fs::write(&p, &bytes[..bytes.len() / 2]).unwrap()
                }
                _ => fs::remove_file(&p).unwrap(),
            }
        }
        assert_index_failure(home.path(), &idx, "");
    }
}

#[test]
fn garbled_segment_files_never_crash_a_command() {
    let home = tempfile::tempdir().unwrap();
    let pristine = small_index(home.path());
    for ext in SEGMENT_EXTENSIONS {
        let idx = home.path().join(format!("garbled-{ext}"));
        fs::create_dir(&idx).unwrap();
        for e in fs::read_dir(&pristine).unwrap() {
            let e = e.unwrap();
            fs::copy(e.path(), idx.join(e.file_name())).unwrap();
        }
        // The footers stay intact, so tantivy opens the files and reads the garbage.
        for p in segment_files(&idx, ext) {
            let mut bytes = fs::read(&p).unwrap();
            let n = bytes.len();
            bytes[n / 4..n / 2].iter_mut().for_each(|b| *b ^= 0x5a);
            fs::write(&p, bytes).unwrap();
        }
        for args in [vec!["search", "girl"], vec!["search", "age:<10", "--sort", "year"], vec!["stats"]] {
            let out = casedex(home.path()).args(&args).arg("--index").arg(&idx).output().unwrap();
            let err = String::from_utf8_lossy(&out.stderr);
            // Damage tantivy does not notice gives wrong answers; damage it
            // notices, by an error or a panic, gives exit status 3.
            assert!(matches!(out.status.code(), Some(0 | 1 | 3)), ".{ext} {args:?}: {:?} {err}", out.status);
            assert!(!err.contains("panicked"), ".{ext} {args:?}: {err}");
        }
    }
}
