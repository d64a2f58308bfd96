//! Evaluation against hand-labelled real reports (`tests/gold/*.jsonl`).
//!
//! Each gold line names a file under the real-data directory (by default
//! `../shared/realdata`) and gives its patients, laterality, treatments given
//! and not given, and the size of its reference list. [`evaluate`] extracts
//! every labelled file and scores each field; the labels PubMed indexers
//! assigned (MeSH age groups and sex) and the structured JATS references are
//! scored as second checks. Treatment names are compared after mapping both
//! sides through the treatment vocabulary, so "paracetamol" and
//! "acetaminophen" agree.

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::doc::RawReference;
use crate::error::{Error, Result};
use crate::extract::{reference, Extractor};
use crate::record::{CaseReport, Laterality, Sex, TreatmentStatus, AGE_GROUPS};

/// One gold line.
#[derive(Debug, Clone, Deserialize)]
pub struct Gold {
    /// Path relative to the data directory.
    pub file: String,
    /// Language of the article.
    #[serde(default)]
    pub language: Option<String>,
    /// Number of patients (null when the text does not say).
    pub n_patients: Option<u32>,
    /// Patients, in order.
    #[serde(default)]
    pub patients: Vec<GoldPatient>,
    /// Laterality.
    pub laterality: Option<Laterality>,
    /// Treatments given.
    #[serde(default)]
    pub treatments_given: Vec<String>,
    /// Treatments mentioned but not given.
    #[serde(default)]
    pub treatments_not_given: Vec<String>,
    /// Reference-list length.
    pub n_references: Option<usize>,
}

/// A gold patient.
#[derive(Debug, Clone, Deserialize)]
pub struct GoldPatient {
    /// Age in years.
    pub age_years: Option<f64>,
    /// Sex.
    pub sex: Option<Sex>,
}

/// The score of one field.
#[derive(Debug, Clone, Serialize)]
pub struct Score {
    /// Field name.
    pub field: String,
    /// "accuracy", "precision", "recall" or "rate".
    pub metric: String,
    /// The value in [0, 1].
    pub value: f64,
    /// Items scored.
    pub n: usize,
    /// Files (and details) that failed.
    pub failures: Vec<String>,
}

/// All scores.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    /// Documents evaluated.
    pub documents: usize,
    /// Per-field scores.
    pub scores: Vec<Score>,
}

impl Report {
    /// The score of a field and metric.
    pub fn get(&self, field: &str, metric: &str) -> Option<&Score> {
        self.scores.iter().find(|s| s.field == field && s.metric == metric)
    }
}

#[derive(Default)]
struct Tally {
    ok: usize,
    n: usize,
    failures: Vec<String>,
}

impl Tally {
    fn add(&mut self, ok: bool, failure: impl FnOnce() -> String) {
        self.n += 1;
        if ok {
            self.ok += 1;
        } else {
            self.failures.push(failure());
        }
    }
    fn score(self, field: &str, metric: &str) -> Score {
        Score {
            field: field.into(),
            metric: metric.into(),
            value: if self.n == 0 { 1.0 } else { self.ok as f64 / self.n as f64 },
            n: self.n,
            failures: self.failures,
        }
    }
}

/// Read every `*.jsonl` in `dir`.
pub fn load_gold(dir: &Path) -> Result<Vec<Gold>> {
    let mut out = Vec::new();
    let mut files: Vec<PathBuf> = fs::read_dir(dir)
        .map_err(|e| Error::io_path(e, dir))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "jsonl"))
        .collect();
    files.sort();
    for f in files {
        let text = fs::read_to_string(&f).map_err(|e| Error::io_path(e, &f))?;
        for (i, line) in text.lines().enumerate().filter(|(_, l)| !l.trim().is_empty()) {
            let g: Gold = serde_json::from_str(line).map_err(|e| Error::format(&f, format!("line {}: {e}", i + 1)))?;
            out.push(g);
        }
    }
    Ok(out)
}

/// Canonical treatment name. The vocabulary's canonical when it knows the
/// whole name (after British spellings are made American: "haemodialysis");
/// else the name with every vocabulary term inside it replaced by its
/// canonical, so that "plaster cast immobilisation" reads "plaster cast
/// immobilization" and "percutaneous tracheotomy" reads "percutaneous
/// tracheostomy".
fn canon(ex: &Extractor, name: &str) -> String {
    let n = name.trim().to_lowercase();
    if let Some(e) = ex.treatments().lookup(&n) {
        return e.canonical.clone();
    }
    let us = american(&n);
    if let Some(e) = ex.treatments().lookup(&us) {
        return e.canonical.clone();
    }
    let mut out = String::with_capacity(us.len());
    let mut last = 0;
    for h in ex.treatments().dict().find_iter(&us) {
        out.push_str(&us[last..h.range.start]);
        out.push_str(&h.entry.canonical);
        last = h.range.end;
    }
    out.push_str(&us[last..]);
    out
}

/// British spellings of clinical words made American: haem → hem,
/// oesophagus → esophagus, diarrhoea → diarrhea, -isation → -ization,
/// tumour → tumor, paediatric → pediatric.
fn american(s: &str) -> String {
    let s = re!(r"\boe").replace_all(s, "e");
    let s = s.replace("haem", "hem").replace("aemia", "emia").replace("oea", "ea").replace("isation", "ization");
    re!(r"(\w)our\b").replace_all(&s.replace("paed", "ped"), "${1}or").into_owned()
}

/// Whether a name the vocabulary gives as a canonical is one.
fn is_canonical(ex: &Extractor, name: &str) -> bool {
    ex.treatments().lookup(name).is_some_and(|e| e.canonical == name)
}

/// Whether an extracted and a gold name are the same treatment: equal, or
/// one inside the other, word for word ("sodium thiosulfate" in "topical
/// sodium thiosulfate", "colectomy" in "extended right hemicolectomy"). Two
/// distinct vocabulary canonicals are the same only when the longer
/// specifies the shorter ("drainage", "surgical drainage") or adds a generic
/// tail ("oxygen", "oxygen therapy"); "prednisolone" is not
/// "methylprednisolone", nor "enteral" "parenteral nutrition".
fn same_treatment(ex: &Extractor, a: &str, b: &str) -> bool {
    if a == b {
        return true;
    }
    let words =
        |x: &str| x.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).collect::<Vec<_>>().join(" ");
    let (a, b) = (words(a), words(b));
    let (s, l) = if a.len() < b.len() { (&a, &b) } else { (&b, &a) };
    if s.len() < 5 {
        return false;
    }
    if is_canonical(ex, s) && is_canonical(ex, l) {
        return l.ends_with(&format!(" {s}"))
            || l.strip_prefix(s.as_str()).is_some_and(|tail| {
                re!(r"^ (?:therapy|treatment|supplementation|administration|replacement|drugs|agents)$").is_match(tail)
            });
    }
    l.contains(s.as_str())
}

/// Extract every gold file and score the fields.
pub fn evaluate(gold: &[Gold], data: &Path) -> Result<Report> {
    let ex = Extractor::global();
    let mut age = Tally::default();
    let mut sex = Tally::default();
    let mut count = Tally::default();
    let mut lat = Tally::default();
    let mut refs = Tally::default();
    let mut lang = Tally::default();
    let (mut tp, mut fp, mut fneg) = (0usize, 0usize, 0usize);
    let mut tr_p_fail = Vec::new();
    let mut tr_r_fail = Vec::new();
    let mut wrongly_given = Tally::default();
    let mut documents = 0;
    for g in gold {
        let path = data.join(&g.file);
        let read = crate::ingest::read_file(&path).map_err(|s| Error::format(&path, s.reason))?;
        let Some(doc) = read.docs.first() else {
            continue;
        };
        let r = ex.extract(doc);
        documents += 1;
        let f = &g.file;
        if let Some(l) = &g.language {
            lang.add(&r.language == l, || format!("{f}: {} vs gold {l}", r.language));
        }
        if let Some(n) = g.n_patients {
            count.add(r.patient_count == n, || format!("{f}: {} vs gold {n}", r.patient_count));
        }
        for (i, gp) in g.patients.iter().enumerate() {
            let got = r.patients.get(i);
            if let Some(a) = gp.age_years {
                let ga = got.and_then(|p| p.age_years);
                age.add(ga.is_some_and(|x| (x - a).abs() <= 0.5), || format!("{f} #{}: {ga:?} vs gold {a}", i + 1));
            }
            if let Some(s) = gp.sex {
                let gs = got.and_then(|p| p.sex);
                sex.add(gs == Some(s), || format!("{f} #{}: {gs:?} vs gold {s:?}", i + 1));
            }
        }
        lat.add(r.laterality == g.laterality, || format!("{f}: {:?} vs gold {:?}", r.laterality, g.laterality));
        if let Some(n) = g.n_references {
            refs.add(r.references.len() == n, || format!("{f}: {} vs gold {n}", r.references.len()));
        }
        // Treatments given.
        let got: BTreeSet<String> = r.treatments_given().map(|t| t.name.clone()).collect();
        let want: BTreeSet<String> = g.treatments_given.iter().map(|t| canon(ex, t)).collect();
        for w in &want {
            if got.iter().any(|x| same_treatment(ex, x, w)) {
                tp += 1;
            } else {
                fneg += 1;
                tr_r_fail.push(format!("{f}: missed {w}"));
            }
        }
        let not_given: BTreeSet<String> = g.treatments_not_given.iter().map(|t| canon(ex, t)).collect();
        for x in &got {
            if !want.iter().any(|w| same_treatment(ex, x, w)) {
                fp += 1;
                tr_p_fail.push(format!("{f}: {x} marked given"));
            }
        }
        for n in &not_given {
            // Marked given when the extractor gave it or something at least as
            // specific: a generic "drainage" given does not give "open drainage".
            let marked = r.treatments.iter().any(|t| {
                t.status == TreatmentStatus::Given && t.name.len() >= n.len() && same_treatment(ex, &t.name, n)
            });
            wrongly_given.add(!marked, || format!("{f}: {n} (not given) marked given"));
        }
    }
    let precision = Score {
        field: "treatments_given".into(),
        metric: "precision".into(),
        value: if tp + fp == 0 { 1.0 } else { tp as f64 / (tp + fp) as f64 },
        n: tp + fp,
        failures: tr_p_fail,
    };
    let recall = Score {
        field: "treatments_given".into(),
        metric: "recall".into(),
        value: if tp + fneg == 0 { 1.0 } else { tp as f64 / (tp + fneg) as f64 },
        n: tp + fneg,
        failures: tr_r_fail,
    };
    let mut not_given = wrongly_given.score("treatments_not_given", "kept not given");
    not_given.metric = "kept not given".into();
    let mut scores = vec![
        age.score("patients.age (±0.5 y)", "accuracy"),
        sex.score("patients.sex", "accuracy"),
        count.score("patient_count", "accuracy"),
        lat.score("laterality", "accuracy"),
        precision,
        recall,
        not_given,
        refs.score("references.count", "accuracy"),
        lang.score("language", "accuracy"),
    ];
    scores.extend(mesh_agreement(ex, data)?);
    scores.extend(jats_references(data)?);
    Ok(Report { documents, scores })
}

/// PubMed MeSH check tags against extracted sex and age: agreement where both exist.
fn mesh_agreement(ex: &Extractor, data: &Path) -> Result<Vec<Score>> {
    let dir = data.join("pubmed");
    let mut age = Tally::default();
    let mut sex = Tally::default();
    let Ok(entries) = fs::read_dir(&dir) else {
        return Ok(vec![]);
    };
    let mut files: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    files.sort();
    for p in files {
        let Ok(read) = crate::ingest::read_file(&p) else {
            continue;
        };
        for doc in &read.docs {
            let r: CaseReport = ex.extract(doc);
            let name = p.file_name().map(|n| n.to_string_lossy().to_string()).unwrap_or_default();
            let tags: Vec<&str> = r.mesh.iter().map(String::as_str).collect();
            let f = tags.contains(&"Female");
            let m = tags.contains(&"Male");
            // Sex: only when the text itself gave a sex (the MeSH fallback would agree trivially).
            let text_sexes: Vec<Sex> = r
                .evidence
                .iter()
                .filter(|e| e.field == "patients.sex")
                .filter_map(|e| {
                    if e.value == "female" {
                        Some(Sex::Female)
                    } else if e.value == "male" {
                        Some(Sex::Male)
                    } else {
                        None
                    }
                })
                .collect();
            if (f || m) && !text_sexes.is_empty() {
                let ok = text_sexes.iter().all(|s| (*s == Sex::Female && f) || (*s == Sex::Male && m));
                sex.add(ok, || {
                    format!(
                        "pubmed/{name}: {text_sexes:?} vs MeSH {}{}",
                        if f { "Female " } else { "" },
                        if m { "Male" } else { "" }
                    )
                });
            }
            let ranges: Vec<(f64, f64)> = tags.iter().filter_map(|t| mesh_age_range(t)).collect();
            if ranges.is_empty() {
                continue;
            }
            for a in r.patients.iter().filter_map(|p| p.age_years) {
                let ok = ranges.iter().any(|&(lo, hi)| a >= lo && a < hi);
                age.add(ok, || {
                    format!(
                        "pubmed/{name}: age {a} vs MeSH {:?}",
                        tags.iter().filter(|t| mesh_age_range(t).is_some()).collect::<Vec<_>>()
                    )
                });
            }
        }
    }
    let _ = AGE_GROUPS;
    Ok(vec![age.score("MeSH age group agreement", "accuracy"), sex.score("MeSH sex agreement", "accuracy")])
}

/// PubMed's age check tags and their ranges in years.
fn mesh_age_range(tag: &str) -> Option<(f64, f64)> {
    Some(match tag {
        "Infant, Newborn" => (0.0, 1.0 / 12.0 + 0.01),
        "Infant" => (1.0 / 12.0 - 0.01, 2.0),
        "Child, Preschool" => (2.0, 6.0),
        "Child" => (6.0, 13.0),
        "Adolescent" => (13.0, 19.0),
        "Young Adult" => (19.0, 25.0),
        "Adult" => (19.0, 45.0),
        "Middle Aged" => (45.0, 65.0),
        "Aged" => (65.0, 200.0),
        "Aged, 80 and over" => (80.0, 200.0),
        _ => return None,
    })
}

/// Parse each JATS reference's printed string with the plain-text parser
/// and compare with the structured fields.
///
/// The printed string is what the reader made of the citation: a
/// mixed-citation as the journal punctuated it, an element-citation written
/// out in Vancouver style (it has no punctuation of its own). The parser sees
/// only that string, so a field counts as right only when it was read back.
fn jats_references(data: &Path) -> Result<Vec<Score>> {
    let mut files = Vec::new();
    for sub in ["jats", "jats/negatives"] {
        if let Ok(rd) = fs::read_dir(data.join(sub)) {
            files.extend(rd.filter_map(|e| e.ok().map(|e| e.path())).filter(|p| p.is_file()));
        }
    }
    files.sort();
    let mut t: Vec<Tally> = (0..5).map(|_| Tally::default()).collect();
    for p in files {
        let Ok(read) = crate::ingest::read_file(&p) else {
            continue;
        };
        let name = p.file_name().map(|n| n.to_string_lossy().to_string()).unwrap_or_default();
        for doc in &read.docs {
            for raw in &doc.references {
                let RawReference::Structured(s) = raw else {
                    continue;
                };
                let Some(text) = &s.raw else { continue };
                let got = reference::parse(text);
                let surname =
                    |a: &Option<&String>| a.map(|x| x.rsplit_once(' ').map_or(x.as_str(), |(s, _)| s).to_lowercase());
                let pairs: [(Option<String>, Option<String>); 5] = [
                    (surname(&s.authors.first()), surname(&got.authors.first())),
                    (s.year.map(|y| y.to_string()), got.year.map(|y| y.to_string())),
                    (s.journal.as_deref().map(norm_journal), got.journal.as_deref().map(norm_journal)),
                    (s.volume.clone(), got.volume.clone()),
                    (s.pages.as_deref().map(first_page), got.pages.as_deref().map(first_page)),
                ];
                for (k, (want, have)) in pairs.into_iter().enumerate() {
                    if let Some(w) = want {
                        t[k].add(have.as_deref() == Some(w.as_str()), || {
                            format!("{name} ref {}: {have:?} vs {w:?} in {text:?}", s.label.clone().unwrap_or_default())
                        });
                    }
                }
            }
        }
    }
    let names = ["first author", "year", "journal", "volume", "first page"];
    Ok(t.into_iter().zip(names).map(|(t, n)| t.score(&format!("references.{n} (JATS)"), "accuracy")).collect())
}

fn norm_journal(s: &str) -> String {
    s.to_lowercase().chars().filter(|c| c.is_alphanumeric()).collect()
}

fn first_page(p: &str) -> String {
    p.split(['-', '–']).next().unwrap_or(p).trim().to_lowercase()
}
