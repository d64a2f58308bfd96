//! Queries: any string, of any length and any characters, gives results or a
//! clear message, never a panic, both in the parser and in a search on a
//! small index. Property tests (proptest) over the parser and the searcher,
//! and the binary end to end on a few hostile arguments.

use std::ffi::OsStr;
use std::os::unix::ffi::OsStrExt;
use std::sync::LazyLock;

use casedex::index::search::Searcher;
use casedex::index::{Index, Sort};
use casedex::query::{Query, FIELDS};
use casedex::{ErrorKind, Extractor};
use proptest::prelude::*;

use crate::util::casedex;

/// A small index of a few bundled reports, built once for all cases.
struct Small {
    searcher: Searcher,
    _dir: tempfile::TempDir,
}

static SMALL: LazyLock<Small> = LazyLock::new(|| {
    let dir = tempfile::tempdir().unwrap();
    let index = Index::create_or_open(dir.path()).unwrap();
    let files: Vec<_> = casedex::corpus::files().into_iter().take(6).collect();
    let opts = casedex::pipeline::Options { threads: 1, ..Default::default() };
    casedex::pipeline::ingest_bytes(&index, &files, &opts).unwrap();
    Small { searcher: index.searcher().unwrap(), _dir: dir }
});

/// Words that look like queries: field syntax with odd values, operators,
/// quotes, numbers and ranges, vocabulary words, and any text at all.
fn word() -> impl Strategy<Value = String> {
    let field = proptest::sample::select(FIELDS.to_vec());
    prop_oneof![
        (field.clone(), "[<>=.0-9a-z\"/ -]{0,12}").prop_map(|(f, v)| format!("{f}:{v}")),
        (field, any::<String>()).prop_map(|(f, v)| format!("{f}:{v}")),
        proptest::sample::select(vec![
            "-",
            "\"",
            "\"\"",
            ":",
            "::",
            "-\"",
            "..",
            "<",
            ">=",
            "age:..",
            "year:-5..",
            "age:1e308..",
            "site:/",
            "site://",
            "children",
            "unilateral",
            "upper limb",
            "diltiazem",
            "status:any",
            "-treatment:x",
        ])
        .prop_map(str::to_string),
        "[a-z]{1,10}",
        any::<String>(),
    ]
}

fn query_text() -> impl Strategy<Value = String> {
    prop_oneof![proptest::collection::vec(word(), 0..8).prop_map(|w| w.join(" ")), any::<String>(), ".{0,3000}",]
}

proptest! {
    #[test]
    fn the_parser_answers_every_string(s in query_text()) {
        match Query::parse(&s, Extractor::global()) {
            Ok(q) => prop_assert_eq!(q.raw, s),
            Err(e) => {
                prop_assert!(matches!(e.kind(), ErrorKind::Query(_)), "{e}");
                prop_assert!(!e.to_string().is_empty());
            }
        }
    }

    #[test]
    fn a_search_answers_every_parsed_query(
        s in query_text(),
        limit in prop_oneof![0..30usize, Just(usize::MAX), Just(1usize << 40)],
        offset in prop_oneof![0..30usize, Just(usize::MAX)],
        by_year in any::<bool>(),
    ) {
        if let Ok(q) = Query::parse(&s, Extractor::global()) {
            let sort = if by_year { Sort::Year } else { Sort::Relevance };
            match SMALL.searcher.search(&q, limit, offset, sort) {
                Ok(r) => prop_assert!(r.hits.len() <= limit.min(r.total)),
                Err(e) => prop_assert!(!e.to_string().is_empty()),
            }
        }
    }
}

#[test]
fn numbers_that_are_not_numbers_are_refused() {
    for s in ["age:nan", "age:NaN..5", "age:inf", "age:<-inf", "year:1e400", "year:>=infinity"] {
        let e = s.parse::<Query>().expect_err(s);
        assert!(e.to_string().contains("not a number"), "{s}: {e}");
    }
}

#[test]
fn the_binary_answers_hostile_queries_with_a_status_and_a_message() {
    let home = tempfile::tempdir().unwrap();
    let long = "calcinosis ".repeat(2000);
    for q in ["", "-", "\"", "age:", ":::", "\u{1}\u{7f}\u{202e}", "site:\"upper limb", long.as_str(), "年齢:<5 病例"]
    {
        let out = casedex(home.path()).args(["search", q, "--limit", "1000000000000"]).output().unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(matches!(out.status.code(), Some(0..=2)), "{q:?}: {:?} {err}", out.status);
        assert!(!err.contains("panicked") && !err.contains("internal error"), "{q:?}: {err}");
        if out.status.code() == Some(2) {
            assert!(err.contains("casedex:"), "{q:?}: a message says why: {err}");
        }
    }
    // Bytes that are not UTF-8 are a usage error, named as such.
    casedex(home.path())
        .arg("search")
        .arg(OsStr::from_bytes(b"age:\xff\xfe"))
        .assert()
        .code(2)
        .stderr(predicates::str::contains("UTF-8"));
}
