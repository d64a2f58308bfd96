//! Readers and extractors on real documents: the seed report and the real
//! dev files when ../shared is present, the bundled corpus always.

use std::io::Write;

use casedex::{ingest, Extractor, Format, Laterality, Sex, Side, TreatmentStatus};

use crate::util::shared;

fn extract_path(p: &std::path::Path) -> Vec<casedex::CaseReport> {
    let read = ingest::read_file(p).unwrap_or_else(|s| panic!("{s}"));
    read.docs.iter().map(|d| Extractor::global().extract(d)).collect()
}

fn bundled(name: &str) -> Vec<casedex::CaseReport> {
    let (_, bytes) = casedex::corpus::files().into_iter().find(|(n, _)| *n == name).expect(name);
    let read = ingest::read_bytes(name, bytes).unwrap_or_else(|s| panic!("{s}"));
    read.docs.iter().map(|d| Extractor::global().extract(d)).collect()
}

#[test]
fn seed_report_is_read_as_its_authors_meant() {
    let Some(shared) = shared("seed_report_is_read_as_its_authors_meant") else { return };
    let r = &extract_path(&shared.join("seed/unilateral-idiopathic-calcinosis-cutis.txt"))[0];
    assert_eq!(r.patient_count, 1);
    assert_eq!(r.patients.len(), 1);
    assert_eq!(r.patients[0].age_years, Some(7.0));
    assert_eq!(r.patients[0].sex, Some(Sex::Female));
    assert_eq!(r.subtypes, vec!["idiopathic"], "the four types of the background are not diagnoses");
    assert!(r.variants.is_empty(), "tumoral calcinosis is only a caption: {:?}", r.variants);
    assert_eq!(r.laterality, Some(Laterality::Unilateral));
    assert_eq!(r.sides, vec![Side::Right]);
    let regions: Vec<&str> = r.sites.iter().map(|s| s.region.as_str()).collect();
    assert!(regions.contains(&"upper limb") && regions.contains(&"lower limb"), "{regions:?}");
    assert_eq!(r.treatments_given().count(), 0, "{:?}", r.treatments);
    let status = |n: &str| r.treatments.iter().find(|t| t.name == n).map(|t| t.status);
    assert_eq!(status("excision"), Some(TreatmentStatus::Offered));
    for d in [
        "probenecid",
        "colchicine",
        "warfarin",
        "diltiazem",
        "aluminum hydroxide",
        "bisphosphonates",
        "intralesional corticosteroid",
    ] {
        assert_eq!(status(d), Some(TreatmentStatus::Discussed), "{d}");
    }
    assert_eq!(r.references.len(), 10);
    let firsts: Vec<(&str, Option<u32>)> =
        r.references.iter().map(|x| (x.authors.first().map(String::as_str).unwrap_or(""), x.year)).collect();
    assert_eq!(firsts[0], ("Vasudevan B", Some(2015)));
    assert_eq!(firsts[1], ("Gupta SK", Some(2013)));
    assert_eq!(firsts[7], ("Bécuwe C", Some(2004)));
    assert_eq!(firsts[9], ("Palmieri GM", Some(1995)));
    assert!(r.claims.iter().any(|c| c.kind == casedex::ClaimKind::First));
    assert!(r.claims.iter().any(|c| c.count == Some(2)));
    // Every evidence span points at its words.
    let text = std::fs::read_to_string(shared.join("seed/unilateral-idiopathic-calcinosis-cutis.txt")).unwrap();
    for e in &r.evidence {
        assert!(e.text.contains(&text[e.start..e.end]), "{e:?}");
    }
}

#[test]
fn jats_reader_takes_metadata_sections_and_structured_references() {
    let Some(shared) = shared("jats_reader_takes_metadata_sections_and_structured_references") else { return };
    let read = ingest::read_file(&shared.join("realdata/jats/PMC6358577.xml")).unwrap();
    let d = &read.docs[0];
    assert_eq!(d.format, Format::Jats);
    assert_eq!(d.meta.doi.as_deref(), Some("10.14309/crj.2018.94"));
    assert_eq!(d.meta.pmcid.as_deref(), Some("PMC6358577"));
    assert_eq!(d.meta.authors.first().map(String::as_str), Some("Friedberg S"));
    assert_eq!(d.meta.year, Some(2018));
    assert_eq!(d.meta.article_type.as_deref(), Some("case-report"));
    assert_eq!(d.references.len(), 7);
    let kinds: Vec<_> = d.sections.iter().map(|s| s.kind).collect();
    assert!(kinds.contains(&casedex::doc::SectionKind::Case) && kinds.contains(&casedex::doc::SectionKind::Discussion));
    let r = Extractor::global().extract(d);
    // "diagnosed … at the age of 19" is history; she presented at 27.
    assert_eq!(r.patients[0].age_years, Some(27.0), "{:?}", r.patients);
    assert_eq!(r.patients[0].sex, Some(Sex::Female));
}

#[test]
fn pubmed_reader_reads_every_record_and_mesh() {
    let recs = bundled("pubmed-calciphylaxis-set.xml");
    assert_eq!(recs.len(), 2);
    assert!(recs.iter().all(|r| r.source.format == Format::Pubmed && r.pmid.is_some() && !r.mesh.is_empty()));
    assert_eq!(recs[1].source.record, 1);
    assert!(
        recs.iter().all(|r| r.subtypes.contains(&"calciphylaxis".to_string())),
        "{:?}",
        recs.iter().map(|r| &r.subtypes).collect::<Vec<_>>()
    );
}

#[test]
fn gzipped_pubmed_is_read() {
    let (_, bytes) = casedex::corpus::files().into_iter().find(|(n, _)| n.starts_with("pubmed-")).unwrap();
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    gz.write_all(bytes).unwrap();
    let read = ingest::read_bytes("set.xml.gz", &gz.finish().unwrap()).unwrap();
    assert_eq!(read.docs.len(), 2);
}

#[test]
fn windows_1252_text_is_decoded() {
    let (_, bytes) = casedex::corpus::files().into_iter().find(|(n, _)| n.starts_with("becuwe")).unwrap();
    assert!(std::str::from_utf8(bytes).is_err(), "the Bécuwe document is stored in Windows-1252");
    let read = ingest::read_bytes("becuwe.txt", bytes).unwrap();
    assert!(read.docs[0].text.contains("Bécuwe"));
}

#[test]
fn bioc_reader_lays_out_a_one_passage_page() {
    let Some(shared) = shared("bioc_reader_lays_out_a_one_passage_page") else { return };
    let r = &extract_path(&shared.join("realdata/bioc/ada_01_PMC4079404.bioc.xml"))[0];
    assert_eq!(r.source.format, Format::Bioc);
    assert_eq!(r.pmcid.as_deref(), Some("PMC4079404"));
    assert_eq!(r.patients[0].age_years, Some(42.0));
    assert_eq!(r.patients[0].sex, Some(Sex::Male));
    assert_eq!(r.references.len(), 14);
}

#[test]
fn files_that_are_not_reports_are_skipped_with_a_reason() {
    let cases: &[(&str, &[u8], &str)] = &[
        ("a.json", br#"{"text": "A 7-year-old girl"}"#, "JSON"),
        ("a.xmi", br#"<?xml version="1.0"?><xmi:XMI xmlns:xmi="http://www.omg.org/XMI"></xmi:XMI>"#, "annotation"),
        ("a.png", b"\x89PNG\r\n\x1a\n\0\0", "PNG"),
        ("empty.txt", b"  \n\n", "empty"),
        ("bin.dat", b"abc\0\0\0def", "binary"),
        ("t.xml", b"<?xml version=\"1.0\"?><article><front>", "truncated"),
        ("o.xml", b"<svg></svg>", "<svg>"),
    ];
    for (name, bytes, why) in cases {
        let err = ingest::read_bytes(name, bytes).expect_err(name);
        assert!(err.reason.contains(why), "{name}: {}", err.reason);
        assert_eq!(err.path, *name);
    }
}

#[test]
fn relatives_and_history_do_not_give_the_patient_age() {
    let t =
        "A 34-year-old woman presented with nodules on her left forearm. Her 60-year-old mother had similar lesions. \
             She had been diagnosed with lupus at the age of 19 years.";
    let read = ingest::read_bytes("r.txt", t.as_bytes()).unwrap();
    let r = Extractor::global().extract(&read.docs[0]);
    assert_eq!(r.patients.len(), 1);
    assert_eq!(r.patients[0].age_years, Some(34.0));
    assert_eq!(r.patients[0].sex, Some(Sex::Female));
    assert_eq!(r.sides, vec![Side::Left]);
}

#[test]
fn several_patients_in_the_bundled_series() {
    let r = &bundled("fathi-2016-recurrent-tumoral-calcinosis.txt")[0];
    assert_eq!(
        r.patient_count,
        2,
        "{:?}",
        r.evidence.iter().filter(|e| e.field == "patient_count").collect::<Vec<_>>()
    );
    let r = &bundled("song-2019-iatrogenic-neonates-spontaneous.txt")[0];
    assert_eq!(r.patient_count, 3);
    assert_eq!(r.patients.len(), 3, "{:?}", r.patients);
}
