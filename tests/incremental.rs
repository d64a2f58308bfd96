//! Ingesting again: a file the index has read before from the same bytes is
//! not read again; a new or changed file is; `--reread` reads them all; a
//! report held by two files stays with the file that won, however often the
//! folder is ingested; and the list of files read is only ever the one the
//! last commit names.

use std::collections::BTreeSet;
use std::fs;
use std::path::Path;

use serde_json::Value;

use crate::util::{casedex, json};

/// A small report; `drug` names its treatment, so that a change shows in search.
fn report(i: usize, drug: &str) -> String {
    format!(
        "Calcinosis cutis, case {i}\n\nA {}-year-old girl presented with hard nodules on the left knee \
         (case {i}). She was treated with {drug}.\n",
        i % 12 + 3
    )
}

fn ingest(home: &Path, data: &Path, idx: &Path, extra: &[&str]) -> Value {
    json(casedex(home).arg("ingest").arg(data).arg("--index").arg(idx).args(["--format", "json"]).args(extra))
}

/// Every record's (id, file name).
fn records(home: &Path, idx: &Path) -> BTreeSet<(String, String)> {
    crate::util::records(home, idx)
        .into_iter()
        .map(|(id, path)| (id, path.file_name().unwrap().to_string_lossy().into_owned()))
        .collect()
}

/// The number of reports a search finds.
fn count(home: &Path, idx: &Path, query: &str) -> u64 {
    let v = json(casedex(home).args(["search", query, "--format", "json", "--index"]).arg(idx));
    v["total"].as_u64().unwrap_or_else(|| panic!("no total in {v}"))
}

#[test]
fn ingesting_again_reads_only_new_and_changed_files() {
    let home = tempfile::tempdir().unwrap();
    let data = tempfile::tempdir().unwrap();
    let idx = home.path().join("idx");
    for i in 0..4 {
        fs::write(data.path().join(format!("r{i}.txt")), report(i, "diltiazem")).unwrap();
    }
    // Any name is kept in the list of files read, a line break included.
    fs::write(data.path().join("r4\nnamé.txt"), report(4, "diltiazem")).unwrap();
    let v = ingest(home.path(), data.path(), &idx, &[]);
    assert_eq!((v["indexed"].as_u64(), v["unchanged"].as_u64()), (Some(5), Some(0)), "{v}");
    let before = records(home.path(), &idx);

    let v = ingest(home.path(), data.path(), &idx, &[]);
    assert_eq!((v["indexed"].as_u64(), v["unchanged"].as_u64()), (Some(0), Some(5)), "{v}");
    assert_eq!(records(home.path(), &idx), before);

    // One file changed, one added: those two are read, the others are not.
    fs::write(data.path().join("r1.txt"), report(1, "sodium thiosulfate")).unwrap();
    fs::write(data.path().join("r5.txt"), report(5, "diltiazem")).unwrap();
    let v = ingest(home.path(), data.path(), &idx, &[]);
    assert_eq!((v["indexed"].as_u64(), v["unchanged"].as_u64()), (Some(2), Some(4)), "{v}");
    assert_eq!(records(home.path(), &idx).len(), 6);
    assert_eq!(count(home.path(), &idx, "treatment:\"sodium thiosulfate\""), 1);
    assert_eq!(count(home.path(), &idx, "treatment:diltiazem"), 5);

    let v = ingest(home.path(), data.path(), &idx, &["--reread"]);
    assert_eq!((v["indexed"].as_u64(), v["unchanged"].as_u64()), (Some(6), Some(0)), "{v}");
    assert_eq!(records(home.path(), &idx).len(), 6);

    // The text summary says what was not read.
    casedex(home.path())
        .arg("ingest")
        .arg(data.path())
        .arg("--index")
        .arg(&idx)
        .assert()
        .success()
        .stdout(predicates::str::contains("6 files not read again"));
}

#[test]
fn a_report_in_two_files_stays_with_the_file_that_won() {
    let home = tempfile::tempdir().unwrap();
    let (a, b) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let idx = home.path().join("idx");
    // The same text in two folders: one id (a hash of the text), two files.
    fs::write(a.path().join("a.txt"), report(1, "diltiazem")).unwrap();
    fs::write(b.path().join("b.txt"), report(1, "diltiazem")).unwrap();
    ingest(home.path(), a.path(), &idx, &[]);
    ingest(home.path(), b.path(), &idx, &[]);
    let won = records(home.path(), &idx);
    assert_eq!(won.iter().map(|(_, f)| f.as_str()).collect::<Vec<_>>(), ["b.txt"]);
    // Neither file changed: reading `a.txt` again would take the report
    // back, and the next ingest of `b.txt` would take it again.
    for _ in 0..2 {
        for dir in [a.path(), b.path()] {
            let v = ingest(home.path(), dir, &idx, &[]);
            assert_eq!(v["unchanged"], 1, "{v}");
            assert_eq!(records(home.path(), &idx), won);
        }
    }
}

#[test]
fn only_the_list_the_last_commit_names_is_read_or_kept() {
    let home = tempfile::tempdir().unwrap();
    let data = tempfile::tempdir().unwrap();
    let idx = home.path().join("idx");
    for i in 0..3 {
        fs::write(data.path().join(format!("r{i}.txt")), report(i, "diltiazem")).unwrap();
    }
    ingest(home.path(), data.path(), &idx, &[]);
    let lists = || -> BTreeSet<String> {
        fs::read_dir(&idx)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.starts_with("casedex-files-"))
            .collect()
    };
    let named = lists();
    assert_eq!(named.len(), 1, "{named:?}");
    let meta = fs::read_to_string(idx.join("meta.json")).unwrap();
    assert!(meta.contains(named.iter().next().unwrap().as_str()), "the commit names its list");

    // Lists left by an ingest that stopped before committing are removed.
    fs::write(idx.join("casedex-files-99.jsonl"), "not a list\n").unwrap();
    fs::write(idx.join("casedex-files-7.jsonl.tmp"), "").unwrap();
    let v = ingest(home.path(), data.path(), &idx, &[]);
    assert_eq!(v["unchanged"], 3, "{v}");
    assert_eq!(lists().len(), 1, "{:?}", lists());

    // Without its list, the index reads every file again, once.
    for name in lists() {
        fs::remove_file(idx.join(name)).unwrap();
    }
    let v = ingest(home.path(), data.path(), &idx, &[]);
    assert_eq!((v["indexed"].as_u64(), v["unchanged"].as_u64()), (Some(3), Some(0)), "{v}");
    assert_eq!(records(home.path(), &idx).len(), 3);
}
