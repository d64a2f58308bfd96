//! The one record type that flows from extraction to the index and back.
//!
//! A [`CaseReport`] is what `casedex extract` prints, what the index stores
//! (as one JSON copy, so `show` returns it exactly) and what a search hit
//! carries. Its JSON form is described by `schema/case-report.schema.json`;
//! a test validates real output against that schema, so a change here must be
//! mirrored there.

use serde::{Deserialize, Serialize};

/// The structured record of one published case report.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct CaseReport {
    /// Stable identifier: `doi:…`, `pmid:…`, `pmc:…` or `sha:…` (content hash).
    pub id: String,
    /// Where the record was read from.
    pub source: Source,
    /// Article title.
    pub title: Option<String>,
    /// Authors, each written "Surname Initials".
    pub authors: Vec<String>,
    /// Journal name as printed by the source.
    pub journal: Option<String>,
    /// Publication year.
    pub year: Option<u32>,
    /// Volume.
    pub volume: Option<String>,
    /// Issue.
    pub issue: Option<String>,
    /// Pages or article number.
    pub pages: Option<String>,
    /// DOI, lowercase, without a resolver prefix.
    pub doi: Option<String>,
    /// PubMed identifier.
    pub pmid: Option<String>,
    /// PubMed Central identifier, with its `PMC` prefix.
    pub pmcid: Option<String>,
    /// Article or publication type given by the source (e.g. "case-report").
    pub article_type: Option<String>,
    /// ISO 639-1 language of the text ("en", "fr", …) or "und" when unknown.
    pub language: String,
    /// MeSH descriptors assigned by PubMed indexers, when the source has them.
    pub mesh: Vec<String>,
    /// Number of patients the report describes (may exceed `patients.len()`
    /// for a series reported only in aggregate).
    pub patient_count: u32,
    /// The patients described individually, in order of appearance.
    pub patients: Vec<Patient>,
    /// Disease profiles (from `schema/profiles`) that this report is about.
    pub diseases: Vec<String>,
    /// Subtypes diagnosed in this report (not those the background lists).
    pub subtypes: Vec<String>,
    /// Variants diagnosed in this report.
    pub variants: Vec<String>,
    /// Whether the lesions are on one side of the body or both.
    pub laterality: Option<Laterality>,
    /// Sides involved.
    pub sides: Vec<Side>,
    /// Anatomical sites involved, normalised to `schema/dict/sites.tsv`.
    pub sites: Vec<Site>,
    /// Treatments named in the report, each with what happened to it.
    pub treatments: Vec<Treatment>,
    /// The reference list, parsed.
    pub references: Vec<Reference>,
    /// Novelty and rarity statements.
    pub claims: Vec<Claim>,
    /// Where each extracted value came from.
    pub evidence: Vec<Evidence>,
}

/// Where a record was read from.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Source {
    /// The file path as given to ingest or extract.
    pub path: String,
    /// The format the reader recognised.
    pub format: Format,
    /// Position of the record in a file that holds several (0 for the first).
    pub record: u32,
}

/// Input formats casedex reads.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    /// Plain text (UTF-8, Latin-1 or Windows-1252).
    #[default]
    Text,
    /// PMC JATS XML.
    Jats,
    /// PubMed/MEDLINE XML (`PubmedArticleSet`).
    Pubmed,
    /// BioC XML (`collection` of `document`s).
    Bioc,
}

impl Format {
    /// The lowercase name used in JSON, the index and queries.
    pub fn as_str(self) -> &'static str {
        match self {
            Format::Text => "text",
            Format::Jats => "jats",
            Format::Pubmed => "pubmed",
            Format::Bioc => "bioc",
        }
    }
}

/// One patient.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Patient {
    /// Age at presentation in years (months and weeks are converted: 14 months = 1.17).
    pub age_years: Option<f64>,
    /// The words the age was read from ("7-year-old", "in her 40s").
    pub age_text: Option<String>,
    /// Sex, when stated or clear from the text.
    pub sex: Option<Sex>,
}

/// Sex of a patient.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Sex {
    /// Female.
    Female,
    /// Male.
    Male,
}

impl Sex {
    /// "female" or "male".
    pub fn as_str(self) -> &'static str {
        match self {
            Sex::Female => "female",
            Sex::Male => "male",
        }
    }
}

/// One side or both.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Laterality {
    /// All lesions on one side.
    Unilateral,
    /// Lesions on both sides.
    Bilateral,
}

impl Laterality {
    /// "unilateral" or "bilateral".
    pub fn as_str(self) -> &'static str {
        match self {
            Laterality::Unilateral => "unilateral",
            Laterality::Bilateral => "bilateral",
        }
    }
}

/// Left or right.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Side {
    /// Left.
    Left,
    /// Right.
    Right,
}

impl Side {
    /// "left" or "right".
    pub fn as_str(self) -> &'static str {
        match self {
            Side::Left => "left",
            Side::Right => "right",
        }
    }
}

/// An anatomical site, normalised.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Site {
    /// Canonical site name ("elbow").
    pub term: String,
    /// The region it belongs to ("upper limb").
    pub region: String,
    /// Facet path from the root ("/limb/upper limb/elbow").
    pub path: String,
    /// Side, when stated or implied by a unilateral presentation.
    pub side: Option<Side>,
}

/// A treatment and its status.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Treatment {
    /// Canonical name ("diltiazem", "excision").
    pub name: String,
    /// "drug", "procedure", "therapy" or "class".
    pub kind: String,
    /// What happened to it in this report.
    pub status: TreatmentStatus,
}

/// What a report says happened to a treatment.
///
/// The order is the precedence used when one treatment is mentioned several
/// times: a treatment given once is given, whatever the discussion says.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum TreatmentStatus {
    /// Administered to or performed on the patient.
    Given,
    /// The patient declined it.
    Declined,
    /// Offered to the patient (not yet accepted or done).
    Offered,
    /// Planned or scheduled.
    Planned,
    /// Explicitly not given ("was not given", "no surgery").
    Negated,
    /// Named only in background or literature discussion.
    Discussed,
}

impl TreatmentStatus {
    /// The lowercase name.
    pub fn as_str(self) -> &'static str {
        match self {
            TreatmentStatus::Given => "given",
            TreatmentStatus::Declined => "declined",
            TreatmentStatus::Offered => "offered",
            TreatmentStatus::Planned => "planned",
            TreatmentStatus::Negated => "negated",
            TreatmentStatus::Discussed => "discussed",
        }
    }

    /// Every status, in precedence order.
    pub const ALL: [TreatmentStatus; 6] = [
        TreatmentStatus::Given,
        TreatmentStatus::Declined,
        TreatmentStatus::Offered,
        TreatmentStatus::Planned,
        TreatmentStatus::Negated,
        TreatmentStatus::Discussed,
    ];

    /// Parse a status name.
    pub fn parse(s: &str) -> Option<TreatmentStatus> {
        TreatmentStatus::ALL.into_iter().find(|t| t.as_str().eq_ignore_ascii_case(s))
    }
}

/// One entry of a reference list.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Reference {
    /// The label printed before it ("1", "B1").
    pub label: Option<String>,
    /// Authors, "Surname Initials".
    pub authors: Vec<String>,
    /// Title of the cited work.
    pub title: Option<String>,
    /// Journal (or book/publisher when not a journal article).
    pub journal: Option<String>,
    /// Year.
    pub year: Option<u32>,
    /// Volume.
    pub volume: Option<String>,
    /// Pages or e-locator ("805-812", "e8-e12", "241891").
    pub pages: Option<String>,
    /// DOI, lowercase.
    pub doi: Option<String>,
    /// PubMed identifier.
    pub pmid: Option<String>,
    /// The reference as printed, when it came from text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub raw: Option<String>,
}

/// A novelty or rarity statement.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Claim {
    /// What the statement claims.
    pub kind: ClaimKind,
    /// The sentence.
    pub text: String,
    /// The number of cases stated ("only 2 cases"), when one is.
    pub count: Option<u32>,
}

/// Kinds of claims.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ClaimKind {
    /// "the first report/case of …".
    First,
    /// "only N cases have been reported".
    Count,
    /// "to our knowledge …" without a first/count statement.
    Knowledge,
    /// "rare", "rarely reported", "few cases".
    Rarity,
}

impl ClaimKind {
    /// The snake_case name.
    pub fn as_str(self) -> &'static str {
        match self {
            ClaimKind::First => "first",
            ClaimKind::Count => "count",
            ClaimKind::Knowledge => "knowledge",
            ClaimKind::Rarity => "rarity",
        }
    }
}

/// Where one extracted value came from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Evidence {
    /// The record field ("patients.age", "treatments", "laterality", …).
    pub field: String,
    /// The value, as text.
    pub value: String,
    /// Byte offset of the matched words in the report's text.
    pub start: usize,
    /// Byte offset one past the matched words.
    pub end: usize,
    /// The sentence that holds the match.
    pub text: String,
    /// The rule that matched.
    pub rule: String,
}

impl CaseReport {
    /// The first author's surname, if any.
    pub fn first_author_surname(&self) -> Option<&str> {
        self.authors.first().map(|a| a.split_whitespace().next().unwrap_or(a.as_str()))
    }

    /// Treatments with status `given`.
    pub fn treatments_given(&self) -> impl Iterator<Item = &Treatment> {
        self.treatments.iter().filter(|t| t.status == TreatmentStatus::Given)
    }
}

/// PubMed's age groups, youngest first, with their bounds in years
/// (lower inclusive, upper exclusive). Each patient falls in exactly one.
pub const AGE_GROUPS: &[(&str, f64, f64)] = &[
    ("newborn", 0.0, 1.0 / 12.0),
    ("infant", 1.0 / 12.0, 2.0),
    ("preschool child", 2.0, 6.0),
    ("child", 6.0, 13.0),
    ("adolescent", 13.0, 19.0),
    ("adult", 19.0, 45.0),
    ("middle aged", 45.0, 65.0),
    ("aged", 65.0, 80.0),
    ("aged 80 and over", 80.0, f64::INFINITY),
];

/// The PubMed age group of an age in years.
pub fn age_group(years: f64) -> &'static str {
    AGE_GROUPS.iter().find(|(_, lo, hi)| years >= *lo && years < *hi).map_or("aged 80 and over", |g| g.0)
}
