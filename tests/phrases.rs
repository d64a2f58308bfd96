//! Full-text analysis on the bundled corpus: the remembered stems are those
//! of tantivy's `en_stem`, and a phrase read from the word-pair fields finds
//! exactly the reports that a phrase over the body's words finds.

use std::collections::BTreeSet;

use casedex::index::{Index, Sort};
use casedex::query::Query;
use tantivy::collector::DocSetCollector;
use tantivy::query::{PhraseQuery, Query as TQuery, TermQuery};
use tantivy::schema::{IndexRecordOption, Value};
use tantivy::tokenizer::TokenizerManager;
use tantivy::{TantivyDocument, Term};

fn corpus_text() -> Vec<String> {
    casedex::corpus::files().iter().map(|(_, b)| String::from_utf8_lossy(b).into_owned()).collect()
}

#[test]
fn remembered_stems_are_those_of_en_stem() {
    let dir = tempfile::tempdir().unwrap();
    let index = Index::create_or_open(dir.path()).unwrap();
    let mut ours = index.tantivy().tokenizer_for_field(index.fields().body).unwrap();
    let mut stock = TokenizerManager::default().get("en_stem").unwrap();
    let mut words = 0;
    for text in corpus_text() {
        let (mut a, mut b) = (ours.token_stream(&text), stock.token_stream(&text));
        loop {
            match (a.advance(), b.advance()) {
                (true, true) => {
                    let (x, y) = (a.token(), b.token());
                    assert_eq!((&x.text, x.position, x.offset_from), (&y.text, y.position, y.offset_from));
                    words += 1;
                }
                (false, false) => break,
                other => panic!("one stream ended first: {other:?}"),
            }
        }
    }
    assert!(words > 20_000, "the corpus holds {words} words");
}

#[test]
fn phrases_from_pairs_match_the_body_phrase_exactly() {
    let dir = tempfile::tempdir().unwrap();
    let index = Index::create_or_open(dir.path()).unwrap();
    let opts = casedex::pipeline::Options { threads: 1, ..Default::default() };
    casedex::pipeline::ingest_bytes(&index, &casedex::corpus::files(), &opts).unwrap();
    let searcher = index.searcher().unwrap();
    let all = searcher.num_reports() as usize;
    let tv = index.tantivy().reader().unwrap().searcher();
    let body = index.fields().body;
    let mut analyzer = index.tantivy().tokenizer_for_field(body).unwrap();
    let ids_of = |q: &dyn TQuery| -> BTreeSet<String> {
        tv.search(q, &DocSetCollector)
            .unwrap()
            .into_iter()
            .map(|a| {
                let d: TantivyDocument = tv.doc(a).unwrap();
                d.get_first(index.fields().id).and_then(|v| v.as_str()).unwrap().to_string()
            })
            .collect()
    };
    // Runs of two to four words from every bundled file, punctuation and
    // all, taken at a stride so that the test stays quick.
    let (mut phrases, mut shared) = (0, 0);
    for text in corpus_text() {
        let words: Vec<&str> = text.split_whitespace().filter(|w| !w.contains('"')).collect();
        for (i, n) in (0..words.len()).step_by(53).zip([2, 3, 4].into_iter().cycle()) {
            let Some(run) = words.get(i..i + n) else { continue };
            let phrase = run.join(" ");
            let mut stream = analyzer.token_stream(&phrase);
            let mut terms = Vec::new();
            while stream.advance() {
                terms.push(Term::from_field_text(body, &stream.token().text));
            }
            let expected = match terms.len() {
                0 => continue,
                1 => ids_of(&TermQuery::new(terms.remove(0), IndexRecordOption::Basic)),
                _ => ids_of(&PhraseQuery::new(terms)),
            };
            let q: Query = format!("\"{phrase}\"").parse().unwrap();
            let found: BTreeSet<String> =
                searcher.search(&q, all, 0, Sort::Relevance).unwrap().hits.into_iter().map(|h| h.report.id).collect();
            assert_eq!(found, expected, "{phrase:?}");
            phrases += 1;
            shared += usize::from(expected.len() > 1);
        }
    }
    // Not a vacuous comparison: many phrases, some found in several reports.
    assert!(phrases > 300 && shared > 30, "{phrases} phrases, {shared} in more than one report");
}
