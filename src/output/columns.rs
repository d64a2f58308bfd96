//! The columns a report can be shown in, for `table`, `csv` and `markdown`
//! (`--fields`). A column's name is both the `--fields` value and the CSV
//! header, so a CSV file names its columns the way the command line does.

use casedex::CaseReport;

use super::table::Shrink;

/// A column of a report listing.
#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
#[value(rename_all = "snake_case")]
pub enum Column {
    /// The report id (what `casedex show` takes).
    Id,
    /// Relevance score (0 when the query has no free text or is not sorted by relevance; empty in `show`).
    Score,
    /// Publication year.
    Year,
    /// First author's surname.
    Author,
    /// All authors, "Surname Initials".
    Authors,
    /// Article title.
    Title,
    /// Journal.
    Journal,
    /// Volume.
    Volume,
    /// Issue.
    Issue,
    /// Pages.
    Pages,
    /// DOI.
    Doi,
    /// PubMed id.
    Pmid,
    /// PubMed Central id.
    Pmcid,
    /// Number of patients.
    Patients,
    /// Each patient's age and sex, compactly ("7 F; 45 M").
    #[value(alias = "age-sex")]
    AgeSex,
    /// Each patient's age in years ("?" when unknown).
    Ages,
    /// Each patient's sex ("?" when unknown).
    Sexes,
    /// Disease subtypes.
    Subtypes,
    /// Disease variants.
    Variants,
    /// Diseases.
    Diseases,
    /// unilateral or bilateral.
    Laterality,
    /// Sides affected (left, right).
    Sides,
    /// Anatomical sites.
    Sites,
    /// Body regions of the sites.
    Regions,
    /// Treatments given.
    Treatments,
    /// Every treatment mentioned, with its status ("excision (offered)").
    #[value(alias = "all-treatments")]
    AllTreatments,
    /// Kinds of novelty claim (first, count, knowledge, rarity).
    Claims,
    /// Number of parsed references.
    References,
    /// Language (ISO 639-1).
    Language,
    /// Source format (text, jats, pubmed, bioc).
    Format,
    /// The file the report was read from.
    Source,
}

/// A report and, when ranked by relevance, its score.
#[derive(Debug, Clone, Copy)]
pub struct Row<'a> {
    /// The report.
    pub report: &'a CaseReport,
    /// Its relevance score, when it has one.
    pub score: Option<f32>,
}

impl Column {
    /// What `table` and `markdown` show when `--fields` is not given.
    pub const TABLE: &'static [Column] = &[
        Column::Id,
        Column::Year,
        Column::Author,
        Column::Title,
        Column::AgeSex,
        Column::Subtypes,
        Column::Laterality,
        Column::Sides,
        Column::Sites,
        Column::Treatments,
    ];

    /// What `csv` writes when `--fields` is not given: every field that has
    /// one value or a list of plain values per report.
    pub const CSV: &'static [Column] = &[
        Column::Id,
        Column::Score,
        Column::Title,
        Column::Authors,
        Column::Journal,
        Column::Year,
        Column::Volume,
        Column::Issue,
        Column::Pages,
        Column::Doi,
        Column::Pmid,
        Column::Pmcid,
        Column::Patients,
        Column::Ages,
        Column::Sexes,
        Column::Subtypes,
        Column::Variants,
        Column::Diseases,
        Column::Laterality,
        Column::Sides,
        Column::Sites,
        Column::Regions,
        Column::Treatments,
        Column::AllTreatments,
        Column::Claims,
        Column::References,
        Column::Language,
        Column::Format,
        Column::Source,
    ];

    /// The name: the `--fields` value and the CSV header (a test checks it
    /// against clap's).
    pub fn name(self) -> &'static str {
        match self {
            Column::Id => "id",
            Column::Score => "score",
            Column::Year => "year",
            Column::Author => "author",
            Column::Authors => "authors",
            Column::Title => "title",
            Column::Journal => "journal",
            Column::Volume => "volume",
            Column::Issue => "issue",
            Column::Pages => "pages",
            Column::Doi => "doi",
            Column::Pmid => "pmid",
            Column::Pmcid => "pmcid",
            Column::Patients => "patients",
            Column::AgeSex => "age_sex",
            Column::Ages => "ages",
            Column::Sexes => "sexes",
            Column::Subtypes => "subtypes",
            Column::Variants => "variants",
            Column::Diseases => "diseases",
            Column::Laterality => "laterality",
            Column::Sides => "sides",
            Column::Sites => "sites",
            Column::Regions => "regions",
            Column::Treatments => "treatments",
            Column::AllTreatments => "all_treatments",
            Column::Claims => "claims",
            Column::References => "references",
            Column::Language => "language",
            Column::Format => "format",
            Column::Source => "source",
        }
    }

    /// The header of tables, short where the name is long.
    pub fn header(self) -> &'static str {
        match self {
            Column::AgeSex => "age/sex",
            Column::Treatments => "treated with",
            Column::AllTreatments => "treatments",
            Column::References => "refs",
            Column::Patients => "n",
            c => c.name(),
        }
    }

    /// How the column gives up width in a table too wide for the terminal.
    pub fn shrink(self) -> Shrink {
        match self {
            Column::Id => Shrink::Never,
            Column::Author
            | Column::Authors
            | Column::Title
            | Column::Journal
            | Column::AgeSex
            | Column::Ages
            | Column::Sexes
            | Column::Subtypes
            | Column::Variants
            | Column::Diseases
            | Column::Sites
            | Column::Regions
            | Column::Treatments
            | Column::AllTreatments
            | Column::Claims
            | Column::Source => Shrink::First,
            _ => Shrink::Last,
        }
    }

    /// The values of this column for one report: none, one, or a list that
    /// the format joins (`; ` in CSV).
    pub fn values(self, row: &Row) -> Vec<String> {
        let r = row.report;
        let opt = |o: &Option<String>| o.iter().cloned().collect();
        let list = |v: &[String]| v.to_vec();
        match self {
            Column::Id => vec![r.id.clone()],
            Column::Score => row.score.map(|s| format!("{s:.3}")).into_iter().collect(),
            Column::Year => r.year.map(|y| y.to_string()).into_iter().collect(),
            Column::Author => r.first_author_surname().map(str::to_string).into_iter().collect(),
            Column::Authors => list(&r.authors),
            Column::Title => opt(&r.title),
            Column::Journal => opt(&r.journal),
            Column::Volume => opt(&r.volume),
            Column::Issue => opt(&r.issue),
            Column::Pages => opt(&r.pages),
            Column::Doi => opt(&r.doi),
            Column::Pmid => opt(&r.pmid),
            Column::Pmcid => opt(&r.pmcid),
            Column::Patients => vec![r.patient_count.to_string()],
            Column::AgeSex => vec![super::age_sex(r)].into_iter().filter(|s| !s.is_empty()).collect(),
            Column::Ages => r.patients.iter().map(|p| p.age_years.map_or("?".into(), |a| format!("{a}"))).collect(),
            Column::Sexes => r.patients.iter().map(|p| p.sex.map_or("?", |s| s.as_str()).to_string()).collect(),
            Column::Subtypes => list(&r.subtypes),
            Column::Variants => list(&r.variants),
            Column::Diseases => list(&r.diseases),
            Column::Laterality => r.laterality.map(|l| l.as_str().to_string()).into_iter().collect(),
            Column::Sides => r.sides.iter().map(|s| s.as_str().to_string()).collect(),
            Column::Sites => dedup(r.sites.iter().map(|s| s.term.clone())),
            Column::Regions => dedup(r.sites.iter().map(|s| s.region.clone())),
            Column::Treatments => dedup(r.treatments_given().map(|t| t.name.clone())),
            Column::AllTreatments => dedup(r.treatments.iter().map(|t| format!("{} ({})", t.name, t.status.as_str()))),
            Column::Claims => dedup(r.claims.iter().map(|c| c.kind.as_str().to_string())),
            Column::References => vec![r.references.len().to_string()],
            Column::Language => vec![r.language.clone()].into_iter().filter(|s| !s.is_empty()).collect(),
            Column::Format => vec![r.source.format.as_str().to_string()],
            Column::Source => vec![r.source.path.clone()],
        }
    }

    /// The values joined with `sep`.
    pub fn cell(self, row: &Row, sep: &str) -> String {
        self.values(row).join(sep)
    }
}

/// Values in order of first appearance, each once (a site named in two
/// sentences is one site of the report).
fn dedup(values: impl Iterator<Item = String>) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for v in values {
        if !out.contains(&v) {
            out.push(v);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_snake_case_and_unique() {
        use clap::ValueEnum;
        let names: Vec<&str> = Column::value_variants().iter().map(|c| c.name()).collect();
        for c in Column::value_variants() {
            assert_eq!(c.to_possible_value().unwrap().get_name(), c.name());
        }
        assert!(names.contains(&"age_sex") && names.contains(&"all_treatments"));
        let mut sorted = names.clone();
        sorted.sort_unstable();
        sorted.dedup();
        assert_eq!(sorted.len(), names.len());
    }

    #[test]
    fn lists_keep_patients_aligned() {
        let r = CaseReport {
            patients: vec![
                casedex::Patient { age_years: Some(0.5), age_text: None, sex: None },
                casedex::Patient { age_years: None, age_text: None, sex: Some(casedex::Sex::Male) },
            ],
            ..CaseReport::default()
        };
        let row = Row { report: &r, score: None };
        assert_eq!(Column::Ages.cell(&row, "; "), "0.5; ?");
        assert_eq!(Column::Sexes.cell(&row, "; "), "?; male");
        assert_eq!(Column::Score.cell(&row, "; "), "");
    }
}
