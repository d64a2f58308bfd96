//! The binary end to end.

use predicates::prelude::*;

use crate::util::{casedex, json, root, shared};

#[test]
fn search_builds_the_default_index_and_answers_the_founding_question() {
    let home = tempfile::tempdir().unwrap();
    let out = casedex(home.path())
        .args(["search", "unilateral idiopathic cases in children", "--format", "json"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(String::from_utf8_lossy(&out.stderr).contains("bundled corpus"), "says it built the default index");
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let hits = v["hits"].as_array().unwrap();
    assert!(hits.iter().any(|h| h["doi"] == "10.1159/000456651"), "the seed's case is found");
    for h in hits {
        assert_eq!(h["laterality"], "unilateral");
        assert!(h["subtypes"].as_array().unwrap().iter().any(|s| s == "idiopathic"));
        assert!(h["patients"].as_array().unwrap().iter().any(|p| p["age_years"].as_f64().is_some_and(|a| a < 19.0)));
    }
    assert_eq!(v["total"].as_u64().unwrap() as usize, hits.len());
    let interp = v["interpretation"].as_array().unwrap();
    let fields: Vec<&str> = interp.iter().filter_map(|r| r["means"].as_str()).filter(|m| !m.is_empty()).collect();
    assert_eq!(fields, vec!["laterality:unilateral", "subtype:idiopathic", "age:<19"]);
    // The second run reuses the index (no build message).
    casedex(home.path())
        .args(["search", "calciphylaxis", "--explain"])
        .assert()
        .success()
        .stderr(predicate::str::contains("bundled").not())
        .stdout(predicate::str::contains("subtype:calciphylaxis"));
}

#[test]
fn field_syntax_and_exit_codes() {
    let home = tempfile::tempdir().unwrap();
    let v = json(casedex(home.path()).args([
        "search",
        "site:\"upper limb\" age:<18",
        "--format",
        "json",
        "--limit",
        "100",
    ]));
    for h in v["hits"].as_array().unwrap() {
        assert!(h["sites"]
            .as_array()
            .unwrap()
            .iter()
            .any(|s| s["path"].as_str().unwrap().starts_with("/limb/upper limb")));
    }
    // No hits: exit 1. A bad query: exit 2 with a message, no panic.
    casedex(home.path()).args(["search", "xylophone-quartz-nonexistent"]).assert().code(1);
    casedex(home.path())
        .args(["search", "age:abc"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("age").and(predicate::str::contains("panicked").not()));
    casedex(home.path()).args(["search", "\"unclosed"]).assert().code(2).stderr(predicate::str::contains("quote"));
}

#[test]
fn extract_prints_one_object_or_an_array_or_lines() {
    let home = tempfile::tempdir().unwrap();
    let one = json(casedex(home.path()).args(["extract", "corpus/gupta-2013-icc-elbow-child.xml"]));
    assert!(one.is_object());
    assert_eq!(one["year"], 2013);
    let many = json(casedex(home.path()).args(["extract", "corpus/pubmed-calciphylaxis-set.xml"]));
    assert_eq!(many.as_array().unwrap().len(), 2);
    let out = casedex(home.path())
        .args(["extract", "corpus/pubmed-calciphylaxis-set.xml", "--format", "jsonl"])
        .output()
        .unwrap();
    assert_eq!(String::from_utf8_lossy(&out.stdout).lines().count(), 2);
    casedex(home.path())
        .args(["extract", "no/such/file.txt"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("no/such/file.txt"));
}

#[test]
fn ingest_accounts_for_every_file_and_never_duplicates() {
    let home = tempfile::tempdir().unwrap();
    let data = tempfile::tempdir().unwrap();
    for f in ["gupta-2013-icc-elbow-child.xml", "arya-2020-icc-back-young-male.txt", "pubmed-calciphylaxis-set.xml"] {
        std::fs::copy(root().join("corpus").join(f), data.path().join(f)).unwrap();
    }
    std::fs::write(data.path().join("notes.json"), r#"{"a": 1}"#).unwrap();
    std::fs::write(data.path().join("empty.txt"), "").unwrap();
    std::fs::create_dir(data.path().join("sub dir é")).unwrap();
    std::fs::write(data.path().join("sub dir é/broken.xml"), "<article><front>").unwrap();
    let idx = home.path().join("idx");
    let run = |strict: bool| {
        let mut c = casedex(home.path());
        c.arg("ingest").arg(data.path()).arg("--index").arg(&idx).args(["--format", "json"]);
        if strict {
            c.arg("--strict");
        }
        c.output().unwrap()
    };
    let out = run(false);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["indexed"], 4);
    assert_eq!(v["by_format"]["pubmed"], 2);
    let skipped = v["skipped"].as_array().unwrap();
    assert_eq!(skipped.len(), 3, "{skipped:?}");
    assert!(skipped.iter().any(|s| s["path"].as_str().unwrap().ends_with("broken.xml")));
    // Again, strictly: same count in the index, exit 1 because of the skips.
    assert_eq!(run(true).status.code(), Some(1));
    let stats = json(casedex(home.path()).arg("stats").arg("--index").arg(&idx).args(["--format", "json"]));
    assert_eq!(stats["reports"], 4);
    // show prints the record with evidence.
    casedex(home.path())
        .args(["show", "doi:10.1155/2013/241891", "--index"])
        .arg(&idx)
        .assert()
        .success()
        .stdout(predicate::str::contains("evidence:").and(predicate::str::contains("elbow")));
}

#[test]
fn stats_counts_the_bundled_corpus() {
    let home = tempfile::tempdir().unwrap();
    let v = json(casedex(home.path()).args(["stats", "--format", "json"]));
    assert!(v["reports"].as_u64().unwrap() >= 40);
    for k in ["format", "subtype", "sex", "age_group", "laterality"] {
        assert!(v[k].as_object().is_some_and(|m| !m.is_empty()), "{k}");
    }
    // A count is a number of reports: the same as a search for that value
    // (a series of a woman, a man and a woman is one female report).
    for sex in ["female", "male"] {
        let hits = json(casedex(home.path()).args(["search", &format!("sex:{sex}"), "--format", "json"]));
        assert_eq!(v["sex"][sex], hits["total"], "{sex}");
    }
}

#[test]
fn ingest_of_the_real_dev_data_accounts_for_every_file() {
    let Some(shared) = shared("ingest_of_the_real_dev_data_accounts_for_every_file") else { return };
    let home = tempfile::tempdir().unwrap();
    let idx = home.path().join("idx");
    let v = json(
        casedex(home.path())
            .arg("ingest")
            .arg(shared.join("realdata"))
            .arg("--index")
            .arg(&idx)
            .args(["--format", "json"]),
    );
    let files = walkdir::WalkDir::new(shared.join("realdata"))
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .count();
    assert_eq!(v["files"].as_u64().unwrap() as usize, files);
    let skipped = v["skipped"].as_array().unwrap();
    let indexed_files =
        files - skipped.iter().filter(|s| !s["reason"].as_str().unwrap().starts_with("record ")).count();
    assert!(v["indexed"].as_u64().unwrap() as usize >= indexed_files, "{v}");
    assert!(skipped.iter().all(|s| !s["reason"].as_str().unwrap().is_empty()));
}

#[test]
fn json_into_a_closed_pipe_ends_quietly() {
    let home = tempfile::tempdir().unwrap();
    casedex(home.path()).args(["stats"]).assert().success();
    for args in [["stats", "--format", "json"], ["search", "calcinosis", "--format=json"]] {
        let mut child = crate::util::casedex_process(home.path())
            .args(args)
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        drop(child.stdout.take());
        let out = child.wait_with_output().unwrap();
        assert!(out.status.success(), "{args:?}: {:?}", out.status);
        assert!(out.stderr.is_empty(), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
    }
}

/// One thread or two, the index holds the same records: ingest writes in
/// file order whatever order the workers finish in.
#[test]
fn same_index_contents_at_one_and_two_threads() {
    use casedex::synth::{write_dir, Form, Size};
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    write_dir(&data.join("text"), 3, 12, Size::Full, Form::Text, 1).unwrap();
    write_dir(&data.join("jats"), 4, 6, Size::Full, Form::Jats, 1).unwrap();
    write_dir(&data.join("pubmed"), 5, 300, Size::Abstract, Form::Pubmed, 100).unwrap();
    let paths = [data, root().join("corpus")];
    let contents = |threads: usize| {
        let dir = tmp.path().join(format!("index-{threads}"));
        let index = casedex::index::Index::create_or_open(&dir).unwrap();
        let opts = casedex::pipeline::Options { threads, chunk: 7, ..Default::default() };
        let stop = std::sync::atomic::AtomicBool::new(false);
        let s = casedex::pipeline::ingest_paths(&index, &paths, &opts, &stop, &|_, _| {}).unwrap();
        let searcher = index.searcher().unwrap();
        let mut records: Vec<String> =
            searcher.all().unwrap().iter().map(|r| serde_json::to_string(r).unwrap()).collect();
        records.sort();
        let counts = searcher.counts(None, &["format", "subtype", "sex", "age_group", "laterality"]).unwrap();
        (s.indexed, records, counts)
    };
    let one = contents(1);
    let two = contents(2);
    assert!(one.0 > 350, "indexed {}", one.0);
    assert_eq!(one.0, two.0);
    assert_eq!(one.2, two.2);
    assert!(one.1 == two.1, "stored records differ between 1 and 2 threads");
}

/// The value counts of `stats` and `search --facets`, the reports an age
/// range finds and those a title phrase finds agree with the stored records.
#[test]
fn value_counts_and_ranges_agree_with_the_records() {
    use std::collections::{BTreeMap, BTreeSet};
    let tmp = tempfile::tempdir().unwrap();
    let index = casedex::index::Index::create_or_open(tmp.path()).unwrap();
    let opts = casedex::pipeline::Options { threads: 1, ..Default::default() };
    let stop = std::sync::atomic::AtomicBool::new(false);
    casedex::pipeline::ingest_paths(&index, &[root().join("corpus")], &opts, &stop, &|_, _| {}).unwrap();
    let searcher = index.searcher().unwrap();
    let records = searcher.all().unwrap();
    let mut want: BTreeMap<String, BTreeMap<String, u64>> = BTreeMap::new();
    for r in &records {
        let values: [(&str, BTreeSet<String>); 4] = [
            ("sex", r.patients.iter().filter_map(|p| p.sex).map(|s| s.as_str().to_string()).collect()),
            ("site_term", r.sites.iter().map(|s| s.term.clone()).collect()),
            (
                "treatment",
                r.treatments
                    .iter()
                    .filter(|t| t.status == casedex::TreatmentStatus::Given)
                    .map(|t| t.name.clone())
                    .collect(),
            ),
            ("year", r.year.iter().map(|y| y.to_string()).collect()),
        ];
        for (field, set) in values {
            let counts = want.entry(field.to_string()).or_default();
            for v in set {
                *counts.entry(v).or_default() += 1;
            }
        }
    }
    // An age range is read from the postings of its values; a year range
    // too when alone, and beside another clause from the year column: each
    // gives what the records say.
    let total = |q: &str| {
        let q: casedex::query::Query = q.parse().unwrap();
        searcher.search(&q, 5, 0, casedex::index::Sort::Relevance).unwrap().total
    };
    let child = |r: &casedex::CaseReport| r.patients.iter().any(|p| p.age_years.is_some_and(|a| a < 18.0));
    let children = records.iter().filter(|r| child(r)).count();
    assert!(children > 3, "the corpus has children");
    assert_eq!(total("age:<18"), children);
    let female = |r: &casedex::CaseReport| r.patients.iter().any(|p| p.sex == Some(casedex::Sex::Female));
    let female_children = records.iter().filter(|r| child(r) && female(r)).count();
    assert_eq!(total("age:<18 sex:female"), female_children);
    // A range of whole numbers holds both ends.
    let in_years = |r: &casedex::CaseReport| r.year.is_some_and(|y| (2000..=2015).contains(&y));
    let dated = records.iter().filter(|r| in_years(r)).count();
    assert!(dated > 3 && dated < records.len(), "the corpus has reports in and out of the years");
    assert_eq!(total("year:2000..2015"), dated);
    let female_dated = records.iter().filter(|r| in_years(r) && female(r)).count();
    assert_eq!(total("year:2000..2015 sex:female"), female_dated);
    // Full text matches in the body, which holds the title: every report is
    // found by a phrase from its title.
    let mut titles = 0;
    for r in &records {
        let Some(title) = &r.title else { continue };
        let words: Vec<&str> = title
            .split_whitespace()
            .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()))
            .filter(|w| !w.is_empty())
            .take(3)
            .collect();
        if words.len() < 2 || words.iter().any(|w| !w.chars().all(|c| c.is_alphanumeric() || c == '-')) {
            continue;
        }
        let q: casedex::query::Query = format!("\"{}\"", words.join(" ")).parse().unwrap();
        let found = searcher.search(&q, 1000, 0, casedex::index::Sort::Relevance).unwrap();
        assert!(found.hits.iter().any(|h| h.report.id == r.id), "{title:?} not found by {words:?}");
        titles += 1;
    }
    assert!(titles > 30, "only {titles} titles tried");
    // With `year` (a number) the matches are collected; without it, counts
    // over all reports come from the term dictionaries. Both must agree.
    let collected = searcher.counts(None, &["sex", "site_term", "treatment", "year"]).unwrap();
    assert!(want["site_term"].values().any(|&n| n > 1), "the corpus repeats sites");
    assert_eq!(collected, want);
    let from_terms = searcher.counts(None, &["sex", "site_term", "treatment"]).unwrap();
    want.remove("year");
    assert_eq!(from_terms, want);
    // The fields of `stats` over the matches of a query are read from each
    // report's summary column; field by field (with a field the summary
    // lacks) they must come out the same, and as the records say.
    let summary_fields = casedex::index::schema::SUMMARY_FIELDS;
    let mut want: BTreeMap<String, BTreeMap<String, u64>> =
        summary_fields.iter().map(|f| (f.to_string(), BTreeMap::new())).collect();
    for r in records.iter().filter(|r| child(r)) {
        let values: [BTreeSet<String>; 7] = [
            BTreeSet::from([r.source.format.as_str().to_string()]),
            r.subtypes.iter().cloned().collect(),
            r.variants.iter().cloned().collect(),
            r.patients.iter().filter_map(|p| p.sex).map(|s| s.as_str().to_string()).collect(),
            r.patients.iter().filter_map(|p| p.age_years).map(|a| casedex::record::age_group(a).to_string()).collect(),
            r.laterality.iter().map(|l| l.as_str().to_string()).collect(),
            BTreeSet::from([r.language.clone()]),
        ];
        for (field, set) in summary_fields.iter().zip(values) {
            for v in set {
                *want.get_mut(*field).unwrap().entry(v).or_default() += 1;
            }
        }
    }
    let q: casedex::query::Query = "age:<18".parse().unwrap();
    let from_summary = searcher.counts(Some(&q), &summary_fields).unwrap();
    assert_eq!(from_summary, want);
    assert!(want["age_group"].len() > 1 && want["sex"].len() > 1, "children of several ages and both sexes");
    let mut fields = summary_fields.to_vec();
    fields.push("site_term");
    let mut by_field = searcher.counts(Some(&q), &fields).unwrap();
    by_field.remove("site_term");
    assert_eq!(by_field, want);
    let some = searcher.counts(Some(&q), &["sex", "laterality"]).unwrap();
    assert_eq!(some.keys().collect::<Vec<_>>(), ["laterality", "sex"]);
    assert_eq!(some["sex"], want["sex"]);
}
