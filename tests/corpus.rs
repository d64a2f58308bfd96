//! The bundled corpus agrees with the facts sheet it was written from
//! (`../shared/corpus-facts/calcinosis-cutis.jsonl`), field by field.
//!
//! Where they disagree, the extractor is fixed, not the document.

use std::collections::BTreeSet;

use casedex::{CaseReport, Extractor, TreatmentStatus};
use serde_json::Value;

use crate::util::shared;

fn corpus_records() -> Vec<(String, CaseReport)> {
    let ex = Extractor::global();
    let mut out = Vec::new();
    for (name, bytes) in casedex::corpus::files() {
        let read = casedex::ingest::read_bytes(name, bytes).unwrap_or_else(|s| panic!("{s}"));
        for d in &read.docs {
            out.push((name.to_string(), ex.extract(d)));
        }
    }
    out
}

fn find<'a>(recs: &'a [(String, CaseReport)], f: &Value) -> Option<&'a CaseReport> {
    let s = |k: &str| f[k].as_str().map(str::to_lowercase);
    recs.iter()
        .find(|(_, r)| s("doi").is_some_and(|d| r.doi.as_deref() == Some(d.as_str())))
        .or_else(|| recs.iter().find(|(_, r)| s("pmid").is_some_and(|p| r.pmid.as_deref() == Some(p.as_str()))))
        .or_else(|| recs.iter().find(|(n, _)| n.starts_with(f["key"].as_str().unwrap_or("?"))))
        .map(|(_, r)| r)
}

/// Vocabulary treatments named in a free-text fact ("surgical excision of the swelling" → excision).
fn named_treatments(text: &str) -> BTreeSet<String> {
    Extractor::global().treatments().dict().find_iter(text).map(|h| h.entry.canonical.clone()).collect()
}

#[test]
fn corpus_records_agree_with_the_facts_sheet() {
    let Some(shared) = shared("corpus_records_agree_with_the_facts_sheet") else { return };
    let facts: Vec<Value> = std::fs::read_to_string(shared.join("corpus-facts/calcinosis-cutis.jsonl"))
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let recs = corpus_records();
    assert!(recs.len() >= 40 && recs.len() >= facts.len(), "{} records for {} facts", recs.len(), facts.len());
    let mut problems = Vec::new();
    for f in &facts {
        let key = f["key"].as_str().unwrap();
        let Some(r) = find(&recs, f) else {
            problems.push(format!("{key}: no document in corpus/"));
            continue;
        };
        let mut bad = |what: String| problems.push(format!("{key}: {what}"));
        if r.title.is_none() || r.year.is_none() || r.authors.is_empty() || r.journal.is_none() {
            bad(format!("bibliographic record incomplete: {:?} {:?} {:?} {:?}", r.title, r.year, r.authors, r.journal));
        }
        for (k, got) in [("doi", &r.doi), ("pmid", &r.pmid)] {
            if let Some(want) = f[k].as_str() {
                if got.as_deref() != Some(want.to_lowercase().as_str()) {
                    bad(format!("{k} {got:?} vs {want}"));
                }
            }
        }
        if f["year"].as_u64() != r.year.map(u64::from) {
            bad(format!("year {:?} vs {}", r.year, f["year"]));
        }
        for (i, p) in f["patients"].as_array().into_iter().flatten().enumerate() {
            let got = r.patients.get(i);
            if let Some(age) = p["age"].as_f64() {
                let years = match p["age_unit"].as_str().unwrap_or("years") {
                    "months" => age / 12.0,
                    "weeks" => age * 7.0 / 365.25,
                    "days" => age / 365.25,
                    _ => age,
                };
                let have = got.and_then(|g| g.age_years);
                if have.is_none_or(|h| (h - years).abs() > 0.5) {
                    bad(format!("patient {i} age {have:?} vs {years:.2}"));
                }
            }
            if let Some(sex) = p["sex"].as_str() {
                let have = got.and_then(|g| g.sex).map(|s| s.as_str());
                if have != Some(sex) {
                    bad(format!("patient {i} sex {have:?} vs {sex}"));
                }
            }
        }
        if let Some(st) = f["subtype"].as_str() {
            let want: BTreeSet<&str> = ["idiopathic", "dystrophic", "metastatic", "iatrogenic", "calciphylaxis"]
                .into_iter()
                .filter(|s| st.to_lowercase().contains(s))
                .collect();
            let have: BTreeSet<&str> = r.subtypes.iter().map(String::as_str).collect();
            if want != have {
                bad(format!("subtypes {have:?} vs {st:?}"));
            }
        }
        match f["laterality"].as_str() {
            Some(l @ ("unilateral" | "bilateral")) if r.laterality.map(|x| x.as_str()) != Some(l) => {
                bad(format!("laterality {:?} vs {l}", r.laterality))
            }
            Some("midline") if r.laterality.is_some() => bad(format!("laterality {:?} vs midline", r.laterality)),
            _ => {}
        }
        if let Some(side) = f["side"].as_str() {
            if r.sides.iter().map(|s| s.as_str()).collect::<Vec<_>>() != vec![side] {
                bad(format!("sides {:?} vs {side}", r.sides));
            }
        }
        let given: BTreeSet<&str> = r.treatments_given().map(|t| t.name.as_str()).collect();
        let discussed: BTreeSet<String> = f["treatments_discussed_not_given"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
            .flat_map(named_treatments)
            .collect();
        if let Some(list) = f["treatments_given"].as_array() {
            for t in list.iter().filter_map(Value::as_str) {
                let names = named_treatments(t);
                if !names.is_empty() && !names.iter().any(|n| given.contains(n.as_str())) {
                    bad(format!("treatment given {t:?} not extracted as given (given: {given:?})"));
                }
            }
        }
        for d in &discussed {
            if given.contains(d.as_str()) {
                bad(format!("{d} is only discussed but extracted as given"));
            }
        }
        for t in r.treatments.iter().filter(|t| t.status == TreatmentStatus::Offered) {
            let offered: BTreeSet<String> = f["treatments_offered"]
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(Value::as_str)
                .flat_map(named_treatments)
                .collect();
            if !offered.contains(&t.name) {
                bad(format!("{} extracted as offered; the sheet offers {offered:?}", t.name));
            }
        }
    }
    assert!(problems.is_empty(), "{} disagreements:\n{}", problems.len(), problems.join("\n"));
}

#[test]
fn the_founding_question_finds_exactly_the_unilateral_idiopathic_children() {
    // The sheet's unilateral idiopathic reports in children with a stated age:
    // the founding report, Gupta 2013, Gupta 2022 and Zhu 2023.
    let home = tempfile::tempdir().unwrap();
    let v = crate::util::json(crate::util::casedex(home.path()).args([
        "search",
        "unilateral idiopathic cases in children",
        "--format",
        "json",
        "--limit",
        "100",
    ]));
    let mut dois: Vec<&str> = v["hits"].as_array().unwrap().iter().filter_map(|h| h["doi"].as_str()).collect();
    dois.sort_unstable();
    assert_eq!(
        dois,
        vec!["10.1155/2013/241891", "10.1159/000456651", "10.1186/s12887-023-03913-6", "10.4103/ijpd.ijpd_134_20"]
    );
}

#[test]
fn novelty_check_of_the_seed_against_the_earlier_literature() {
    let Some(shared) = shared("novelty_check_of_the_seed_against_the_earlier_literature") else { return };
    let home = tempfile::tempdir().unwrap();
    let seed = shared.join("seed/unilateral-idiopathic-calcinosis-cutis.txt");
    let v = crate::util::json(
        crate::util::casedex(home.path()).arg("novelty").arg(&seed).args(["--before", "2017", "--format", "json"]),
    );
    let prior = v["prior"].as_array().unwrap();
    assert!(prior.iter().all(|p| p["year"].as_u64().is_some_and(|y| y < 2017)), "nothing from 2017 on");
    let find = |needle: &str| {
        prior
            .iter()
            .find(|p| p["title"].as_str().is_some_and(|t| t.to_lowercase().contains(needle)))
            .unwrap_or_else(|| panic!("{needle} not among the prior reports"))
    };
    let vasudevan = find("unique association of unilateral idiopathic");
    let gupta = find("over elbow");
    for p in [vasudevan, gupta] {
        assert_eq!(p["cited"], true, "{p}");
        let shared: Vec<&str> = p["shared"].as_array().unwrap().iter().filter_map(|s| s.as_str()).collect();
        assert!(shared.contains(&"subtype:idiopathic") && shared.contains(&"laterality:unilateral"), "{shared:?}");
    }
    assert!(prior.iter().any(|p| p["cited"] == false), "matching reports the seed does not cite are listed");
    let claims = v["claims"].as_array().unwrap();
    let first = claims.iter().find(|c| c["kind"] == "first").expect("the first-report claim");
    assert!(first["assessment"].as_str().unwrap().contains("no earlier report"), "{first}");
    let count = claims.iter().find(|c| c["kind"] == "count" && c["count"] == 2).expect("the only-2-cases claim");
    assert!(count["evidence"].as_array().unwrap().len() >= 2, "{count}");
    // Without --before, the seed's own report in the corpus is recognised as the draft itself.
    let v = crate::util::json(crate::util::casedex(home.path()).arg("novelty").arg(&seed).args(["--format", "json"]));
    assert_eq!(v["self"], serde_json::json!(["doi:10.1159/000456651"]));
}

#[test]
fn citation_links_of_the_founding_report() {
    let home = tempfile::tempdir().unwrap();
    let v = crate::util::json(crate::util::casedex(home.path()).args([
        "cites",
        "doi:10.1159/000456651",
        "--format",
        "json",
    ]));
    let links = v.as_array().unwrap();
    assert!(links.iter().any(|l| l["to"] == "doi:10.1155/2013/241891"), "Gupta 2013 by DOI: {v}");
    assert!(
        links.iter().any(|l| l["method"] == "author-year-title"),
        "the citation-only reports by author, year and title"
    );
    assert!(links.iter().all(|l| l["to"] != "doi:10.1159/000456651"), "no self-link");
    let back = crate::util::json(crate::util::casedex(home.path()).args([
        "cited-by",
        "doi:10.1155/2013/241891",
        "--format",
        "json",
    ]));
    assert!(back.as_array().unwrap().iter().any(|l| l["from"] == "doi:10.1159/000456651"));
}
