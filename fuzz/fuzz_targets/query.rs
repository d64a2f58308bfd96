//! The query parser on arbitrary text and, when it parses, the query run on
//! a small index built once from a few bundled reports.
#![no_main]

use std::sync::LazyLock;

use casedex::index::{Index, Sort};
use casedex::query::Query;
use libfuzzer_sys::fuzz_target;

struct Small {
    searcher: casedex::index::search::Searcher,
    _dir: tempfile::TempDir,
}

static SMALL: LazyLock<Small> = LazyLock::new(|| {
    let dir = tempfile::tempdir().expect("temp dir");
    let index = Index::create_or_open(dir.path()).expect("index");
    let files: Vec<_> = casedex::corpus::files().into_iter().take(8).collect();
    let opts = casedex::pipeline::Options { threads: 1, ..Default::default() };
    casedex::pipeline::ingest_bytes(&index, &files, &opts).expect("ingest");
    Small { searcher: index.searcher().expect("searcher"), _dir: dir }
});

fuzz_target!(|data: &[u8]| {
    let s = String::from_utf8_lossy(data);
    if let Ok(q) = Query::parse(&s, casedex::Extractor::global()) {
        let _ = SMALL.searcher.search(&q, 5, 0, Sort::Relevance);
    }
});
