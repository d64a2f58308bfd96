//! Reference lists: JATS citations printed as a reader sees them, the
//! plain-text parser on those strings, and the reference scores with floors.

use casedex::doc::RawReference;
use casedex::extract::reference;
use casedex::{ingest, Reference};

use crate::util::{root, shared};

/// The reference fields scored by `casedex eval`, with floors a little
/// below the scores measured when they were set.
const FLOORS: &[(&str, f64)] = &[
    ("references.count", 0.95),
    ("references.first author (JATS)", 0.98),
    ("references.year (JATS)", 0.98),
    ("references.journal (JATS)", 0.98),
    ("references.volume (JATS)", 0.98),
    ("references.first page (JATS)", 0.98),
];

#[test]
fn reference_scores_stay_above_their_floors() {
    let Some(shared) = shared("reference_scores_stay_above_their_floors") else { return };
    let gold = casedex::eval::load_gold(&root().join("tests/gold")).unwrap();
    let report = casedex::eval::evaluate(&gold, &shared.join("realdata")).unwrap();
    let mut failed = Vec::new();
    for (field, floor) in FLOORS {
        let s = report.get(field, "accuracy").unwrap_or_else(|| panic!("no score for {field}"));
        if s.value < *floor {
            failed.push(format!("{field}: {:.3} < {floor}: {:?}", s.value, s.failures));
        }
    }
    assert!(failed.is_empty(), "{failed:#?}");
}

const JATS: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<article article-type="case-report"><front><article-meta><title-group><article-title>A case</article-title></title-group></article-meta></front>
<body><p>A 7-year-old girl was referred [1].</p></body>
<back><ref-list>
<ref id="B1"><label>1</label><element-citation publication-type="journal"><person-group person-group-type="author"><name><surname>van der Berg</surname><given-names>Jan-Pieter</given-names></name><name><surname>O&#x02019;Gorman</surname><given-names>MR</given-names></name><etal/></person-group><article-title>Calcinosis cutis in children</article-title><source>Pediatr Dermatol</source><year>2015</year><volume>32</volume><issue>1</issue><fpage>e8</fpage><lpage>e12</lpage><pub-id pub-id-type="pmid">25557000</pub-id></element-citation></ref>
<ref id="B2"><label>2</label><mixed-citation publication-type="journal"><person-group person-group-type="author"><name><surname>Quercioli</surname><given-names>A</given-names></name>, <name><surname>Dallegri</surname><given-names>F</given-names></name></person-group>
<article-title>Intestinal stricture: Report of a case</article-title>. <source>Gastroenterol Res Pract</source>. <year>2009</year>;<volume>2009</volume>:<fpage>482039</fpage>.<pub-id pub-id-type="pmid">19587825</pub-id></mixed-citation></ref>
<ref id="B3"><label>3</label><element-citation publication-type="book"><person-group person-group-type="author"><name><surname>Holland</surname><given-names>SM</given-names></name></person-group><chapter-title>Evaluation of the patient</chapter-title><person-group person-group-type="editor"><name><surname>Mandell</surname><given-names>GL</given-names></name></person-group><source>Principles of infectious diseases</source><edition>4th ed</edition><publisher-loc>New York</publisher-loc><publisher-name>Churchill Livingstone</publisher-name><year>1995</year><fpage>149</fpage><lpage>158</lpage></element-citation></ref>
</ref-list></back></article>"#;

/// The structured references of the JATS sample, with their printed strings.
fn jats_references() -> Vec<Reference> {
    let read = ingest::read_bytes("sample.xml", JATS.as_bytes()).unwrap_or_else(|s| panic!("{s}"));
    read.docs[0]
        .references
        .iter()
        .map(|r| match r {
            RawReference::Structured(s) => s.clone(),
            RawReference::Text { text, .. } => panic!("not structured: {text}"),
        })
        .collect()
}

#[test]
fn element_citations_are_printed_in_vancouver_style() {
    let refs = jats_references();
    assert_eq!(
        refs[0].raw.as_deref(),
        Some("van der Berg JP, O’Gorman MR, et al. Calcinosis cutis in children. Pediatr Dermatol. 2015;32(1):e8-e12. PMID: 25557000.")
    );
    assert_eq!(
        refs[2].raw.as_deref(),
        Some("Holland SM. Evaluation of the patient. In: Mandell GL, editor. Principles of infectious diseases. 4th ed. New York: Churchill Livingstone; 1995. p. 149-158.")
    );
}

#[test]
fn mixed_citations_keep_their_own_punctuation() {
    let refs = jats_references();
    assert_eq!(
        refs[1].raw.as_deref(),
        Some("Quercioli A, Dallegri F Intestinal stricture: Report of a case. Gastroenterol Res Pract. 2009;2009:482039. PMID: 19587825")
    );
}

#[test]
fn an_untagged_mixed_citation_is_kept_as_text_for_the_parser() {
    // Some publishers deposit the printed string with no markup inside it.
    let xml = r#"<article><front><article-meta><title-group><article-title>A case</article-title></title-group></article-meta></front>
<back><ref-list><ref id="R1"><label>1</label><mixed-citation>Khan H, Olsen TL. Calcinosis of the scalp. Dermatol Online J. 2011;17(4):5.</mixed-citation></ref></ref-list></back></article>"#;
    let read = ingest::read_bytes("untagged.xml", xml.as_bytes()).unwrap_or_else(|s| panic!("{s}"));
    match &read.docs[0].references[..] {
        [RawReference::Text { label, text }] => {
            assert_eq!(label.as_deref(), Some("1"));
            assert_eq!(text, "Khan H, Olsen TL. Calcinosis of the scalp. Dermatol Online J. 2011;17(4):5.");
        }
        other => panic!("expected one plain reference, got {other:?}"),
    }
}

#[test]
fn printed_citations_parse_back_to_their_fields() {
    for r in jats_references() {
        let raw = r.raw.clone().unwrap();
        let p = reference::parse(&raw);
        assert_eq!(p.authors.first(), r.authors.first(), "{raw}");
        assert_eq!((p.year, &p.volume, &p.pages, &p.pmid), (r.year, &r.volume, &r.pages, &r.pmid), "{raw}");
        assert_eq!(p.journal, r.journal, "{raw}");
    }
}

#[test]
fn the_parser_never_panics() {
    // A fixed pseudo-random walk over pieces of references and multibyte text.
    let pieces = [
        "Smith AB",
        ", ",
        ". ",
        ": ",
        "(2010)",
        "2013;",
        "32(1):",
        "e8–e12",
        "et al.",
        "In: ",
        "editors.",
        "van ",
        "é",
        "’",
        "Ω",
        "[PubMed]",
        "doi:10.1/x",
        "PMID: 1",
        "  ",
        "\n",
        "(",
        ")",
        ";",
        "Google Scholar",
        "Vol. 5, no. 2, pp. 1-2",
    ];
    let mut state = 0x2545_f491_u64;
    for _ in 0..2000 {
        let mut s = String::new();
        for _ in 0..(state % 12) {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            s.push_str(pieces[(state % pieces.len() as u64) as usize]);
        }
        let _ = reference::parse(&s);
        let _ = ingest::read_bytes("x.txt", format!("Title line here\n\nReferences {s} 1. {s}").as_bytes());
    }
}
