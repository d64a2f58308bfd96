//! Full-text analysis on the bundled corpus: the remembered stems are those
//! of tantivy's `en_stem`, and a phrase read from the word-pair fields finds
//! exactly the reports that a phrase over the body's words finds. And what
//! free text reads: a report's own text, not its reference list.

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

/// A plain-text report's reference list and page footer are not searched as
/// its text: they name other papers and the website. Its prose is searched,
/// and the references are still read into the record.
#[test]
fn free_text_reads_the_report_not_its_reference_list() {
    let report = "\
Calcified nodules on one forearm of a boy

Case report
A 9-year-old boy presented with firm yellowish nodules on the left forearm. \
Histology showed calcium deposits in the dermis. The nodules were excised.

References
1. Okafor B, Lindqvist V. Xylophagous beetles in museum collections. J Entomol Cons. 2011;12:45-51.
2. Ramos R, Haddad S. Calcinosis cutis in childhood. Pediatr Dermatol. 2015;32:e8-e12.
";
    let dir = tempfile::tempdir().unwrap();
    let index = Index::create_or_open(dir.path()).unwrap();
    let opts = casedex::pipeline::Options { threads: 1, ..Default::default() };
    casedex::pipeline::ingest_bytes(&index, &[("boy.txt", report.as_bytes())], &opts).unwrap();
    let searcher = index.searcher().unwrap();
    let total = |q: &str| {
        let q = Query::parse(q, casedex::Extractor::global()).unwrap();
        searcher.search(&q, 10, 0, Sort::Relevance).unwrap().total
    };
    assert_eq!(total("yellowish nodules"), 1);
    assert_eq!(total("\"calcium deposits\""), 1);
    assert_eq!(total("xylophagous"), 0, "a word only in a cited title");
    assert_eq!(total("\"museum collections\""), 0, "a phrase only in a cited title");
    let hit = searcher.search(&Query::parse("yellowish", casedex::Extractor::global()).unwrap(), 1, 0, Sort::Relevance);
    assert_eq!(hit.unwrap().hits[0].report.references.len(), 2);
}
