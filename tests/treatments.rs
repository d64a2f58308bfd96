//! Treatment vocabulary and extractor: the generated list is in step with its
//! curated input, and odd text never panics.

use std::collections::HashMap;

use crate::util::root;

fn rows(file: &str) -> Vec<Vec<String>> {
    std::fs::read_to_string(root().join("schema/dict").join(file))
        .unwrap()
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .skip(1)
        .map(|l| l.split('\t').map(str::to_string).collect())
        .collect()
}

#[test]
fn generated_vocabulary_holds_every_curated_row() {
    // A curated row missing from treatments.tsv means the list was edited
    // without running scripts/build_treatment_vocab.py.
    let built: HashMap<String, (String, String)> =
        rows("treatments.tsv").into_iter().map(|r| (r[0].clone(), (r[1].clone(), r[2].clone()))).collect();
    for r in rows("procedures-curated.tsv") {
        assert_eq!(built.get(&r[0]), Some(&(r[1].clone(), r[2].clone())), "curated {:?} not in treatments.tsv", r[0]);
    }
}

#[test]
fn stem_classes_that_name_a_vocabulary_class_are_classes() {
    let kinds: HashMap<String, String> =
        rows("treatments.tsv").into_iter().map(|r| (r[1].clone(), r[2].clone())).collect();
    for r in rows("inn-stems.tsv") {
        assert!(r[0].starts_with('-') && r[0][1..].bytes().all(|b| b.is_ascii_lowercase()), "stem {:?}", r[0]);
        if let Some(k) = kinds.get(&r[1]) {
            assert_eq!(k, "class", "{:?} names the vocabulary's {:?}, a {k}", r[0], r[1]);
        }
    }
}

#[test]
fn odd_text_around_treatment_names_never_panics() {
    let pieces = [
        "diltiazem",
        "no ",
        "was not given",
        "Ärzte ",
        "—",
        "(",
        ")",
        "oxygen ",
        "100% ",
        "e",
        "ß",
        "😀",
        "platelet and ",
        "erythrocyte transfusion",
        "bemiparine",
        "leviteracetam",
        ";",
        ", but ",
        "excised",
        "under sedation",
        "\n\n",
        ".",
        "She ",
        "was given ",
        "vitamin D 400 IU/day",
        "-induced",
        "Department of Oral Surgery",
    ];
    let ex = casedex::Extractor::global();
    let mut seed = 7u64;
    for _ in 0..300 {
        let mut text = String::new();
        for _ in 0..20 {
            seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            text.push_str(pieces[(seed >> 33) as usize % pieces.len()]);
        }
        let read = casedex::ingest::read_bytes("odd.txt", text.as_bytes());
        if let Ok(read) = read {
            for d in &read.docs {
                let r = ex.extract(d);
                for e in r.evidence.iter().filter(|e| e.field == "treatments") {
                    assert!(d.text.is_char_boundary(e.start) && d.text.is_char_boundary(e.end), "{text:?}");
                }
            }
        }
    }
}
