//! Data contracts: the record's JSON Schema, the index schema dump, and the
//! vocabulary files (parse, sorted, unique, known facets).

use std::collections::{BTreeSet, HashMap};

use crate::util::{root, shared};

fn validator() -> jsonschema::Validator {
    let schema: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(root().join("schema/case-report.schema.json")).unwrap()).unwrap();
    jsonschema::validator_for(&schema).expect("schema compiles")
}

fn assert_valid(v: &jsonschema::Validator, value: &serde_json::Value, what: &str) {
    let errors: Vec<String> = v.iter_errors(value).map(|e| format!("{} at {}", e, e.instance_path())).take(5).collect();
    assert!(errors.is_empty(), "{what}: {errors:?}");
}

#[test]
fn bundled_corpus_records_match_the_json_schema() {
    let v = validator();
    let ex = casedex::Extractor::global();
    for (name, bytes) in casedex::corpus::files() {
        let read = casedex::ingest::read_bytes(name, bytes).unwrap_or_else(|s| panic!("{s}"));
        for d in &read.docs {
            let value = serde_json::to_value(ex.extract(d)).unwrap();
            assert_valid(&v, &value, name);
        }
    }
}

#[test]
fn real_records_match_the_json_schema() {
    let Some(shared) = shared("real_records_match_the_json_schema") else { return };
    let v = validator();
    let ex = casedex::Extractor::global();
    let mut n = 0;
    for sub in ["jats", "pubmed", "text/ada", "text/e3c/english", "bioc"] {
        let dir = shared.join("realdata").join(sub);
        for e in std::fs::read_dir(&dir).unwrap().take(25) {
            let p = e.unwrap().path();
            if let Ok(read) = casedex::ingest::read_file(&p) {
                for d in &read.docs {
                    assert_valid(&v, &serde_json::to_value(ex.extract(d)).unwrap(), &p.display().to_string());
                    n += 1;
                }
            }
        }
    }
    assert!(n > 50, "only {n} records validated");
}

#[test]
fn index_schema_matches_its_golden_dump() {
    let (schema, _) = casedex::index::schema::build();
    let dump = serde_json::to_string_pretty(&schema).unwrap() + "\n";
    let path = root().join("schema/index.json");
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::write(&path, &dump).unwrap();
    }
    let golden = std::fs::read_to_string(&path).expect("schema/index.json (run with UPDATE_GOLDEN=1 to create)");
    assert_eq!(
        dump, golden,
        "the index schema changed: bump SCHEMA_VERSION, then regenerate with UPDATE_GOLDEN=1 and review the diff"
    );
}

/// Data rows of a TSV (header and comments skipped), checked for sorting and uniqueness of the first column.
fn checked_rows(file: &str, cols: usize) -> Vec<Vec<String>> {
    let text = std::fs::read_to_string(root().join("schema/dict").join(file)).unwrap();
    let mut rows = Vec::new();
    let mut lines = text.lines().filter(|l| !l.starts_with('#') && !l.trim().is_empty());
    lines.next().expect("header");
    for l in lines {
        let r: Vec<String> = l.split('\t').map(str::to_string).collect();
        assert_eq!(r.len(), cols, "{file}: {l:?}");
        assert!(r.iter().all(|c| !c.is_empty() && c.trim() == c), "{file}: empty or padded cell in {l:?}");
        rows.push(r);
    }
    for w in rows.windows(2) {
        assert!(
            w[0][0].as_bytes() < w[1][0].as_bytes(),
            "{file}: not sorted or duplicated: {:?} then {:?}",
            w[0][0],
            w[1][0]
        );
    }
    rows
}

#[test]
fn site_vocabulary_is_canonical_and_its_hierarchy_closed() {
    let rows = checked_rows("sites.tsv", 4);
    let mut path_of: HashMap<String, String> = HashMap::new();
    let mut paths = BTreeSet::new();
    for r in &rows {
        assert_eq!(r[0], r[0].to_lowercase(), "terms are lowercase: {}", r[0]);
        let prev = path_of.insert(r[1].clone(), r[2].clone());
        assert!(prev.is_none_or(|p| p == r[2]), "{} has two paths", r[1]);
        assert_eq!(r[2].rsplit('/').next(), Some(r[1].as_str()), "path ends with its canonical: {:?}", r);
        for f in r[3].split(',') {
            assert!(matches!(f, "-" | "paired" | "ambiguous"), "unknown flag {f:?}");
        }
        paths.insert(r[2].clone());
    }
    for p in &paths {
        let parts: Vec<&str> = p.trim_start_matches('/').split('/').collect();
        for k in 1..parts.len() {
            let prefix = format!("/{}", parts[..k].join("/"));
            assert!(paths.contains(&prefix), "{p}: its parent {prefix} has no row");
        }
    }
}

#[test]
fn treatment_vocabulary_is_canonical() {
    let rows = checked_rows("treatments.tsv", 4);
    assert!(rows.len() > 10_000, "the vocabulary comes from a public drug list");
    for r in &rows {
        assert_eq!(r[0], r[0].to_lowercase());
        assert!(matches!(r[2].as_str(), "drug" | "procedure" | "therapy" | "class"), "{r:?}");
        assert!(matches!(r[3].as_str(), "unii" | "curated"), "{r:?}");
    }
    let stop: BTreeSet<String> = std::fs::read_to_string(root().join("schema/dict/treatment-stoplist.txt"))
        .unwrap()
        .lines()
        .filter(|l| !l.starts_with('#') && !l.is_empty())
        .map(str::to_string)
        .collect();
    for r in &rows {
        assert!(!stop.contains(&r[0]), "stoplisted term {:?} is in the vocabulary", r[0]);
    }
    for must in ["diltiazem", "colchicine", "probenecid", "warfarin", "excision", "sodium thiosulfate", "minocycline"] {
        assert!(rows.iter().any(|r| r[0] == must), "{must} missing");
    }
    checked_rows("inn-stems.tsv", 3);
    // An organ's removal is found as the vocabulary's own operation.
    for r in checked_rows("organ-removals.tsv", 2) {
        assert_eq!(r[0], r[0].to_lowercase(), "organ-removals.tsv: {r:?}");
        assert!(
            rows.iter().any(|t| t[0] == r[1] && t[1] == r[1] && t[2] == "procedure"),
            "organ-removals.tsv: {:?} is not a procedure of treatments.tsv",
            r[1]
        );
    }
}

#[test]
fn stopwords_and_profiles_load() {
    checked_rows_pairs();
    let ex = casedex::Extractor::new().expect("every vocabulary and profile compiles");
    let subtypes: Vec<&str> = ex.subtypes().subtype_names().collect();
    for s in ["idiopathic", "dystrophic", "metastatic", "iatrogenic", "calciphylaxis"] {
        assert!(subtypes.contains(&s), "profile lacks {s}");
    }
}

/// stopwords.tsv is sorted by (lang, word) and unique.
fn checked_rows_pairs() {
    let text = std::fs::read_to_string(root().join("schema/dict/stopwords.tsv")).unwrap();
    let rows: Vec<&str> = text.lines().filter(|l| !l.starts_with('#')).skip(1).collect();
    for w in rows.windows(2) {
        assert!(w[0] < w[1], "stopwords.tsv not sorted/unique at {:?}", w[1]);
    }
}
