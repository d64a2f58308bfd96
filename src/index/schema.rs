//! The one tantivy schema, and the handles to its fields.
//!
//! Categorical fields are exact strings (`STRING`), fast for facet counts;
//! ages are `f64` years (infants are months old) and years are `u64`, both
//! fast and indexed for ranges; sites are facets (`/limb/upper limb/elbow`),
//! so a query for a region finds every site under it; title and body are
//! tokenised with English stemming, and each has a twin field of its
//! adjacent word pairs that phrases are read from (see [`super::analysis`]).
//! The whole record is stored once as JSON, so `show` returns exactly what
//! `extract` printed.
//!
//! `schema/index.json` holds a dump of this schema; a test compares the two,
//! so a change here is deliberate, and comes with a new [`SCHEMA_VERSION`].

use tantivy::schema::{
    FacetOptions, Field, IndexRecordOption, NumericOptions, Schema, TextFieldIndexing, TextOptions, FAST, STORED,
    STRING,
};

/// Bumped whenever the schema or the meaning of a field changes; an index
/// of another version is refused with a message to re-ingest.
pub const SCHEMA_VERSION: u32 = 4;

/// The fields `casedex stats` counts by default. Each report also holds
/// their values in one string, `summary` (see [`summary_key`]): a fast
/// column that counting over many matches reads once per report instead of
/// once per field (a multi-valued column costs several reads per report).
pub const SUMMARY_FIELDS: [&str; 7] = ["format", "subtype", "variant", "sex", "age_group", "laterality", "language"];

/// The `summary` string of a report: per field of [`SUMMARY_FIELDS`], in
/// order, one line holding its values, sorted and each once (a report counts
/// once per value), each after a tab. Read back by [`summary_fields`].
/// The values come from closed vocabularies (formats, profile subtypes,
/// sexes, age groups, language codes); a tab or line break in one would be
/// read as a space.
pub fn summary_key(values: [Vec<&str>; 7]) -> String {
    let mut out = String::new();
    for (i, mut v) in values.into_iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        v.sort_unstable();
        v.dedup();
        for x in v {
            out.push('\t');
            out.extend(x.chars().map(|c| if matches!(c, '\t' | '\n') { ' ' } else { c }));
        }
    }
    out
}

/// The values of each summary field in a [`summary_key`] string, field by
/// field in the order of [`SUMMARY_FIELDS`].
pub fn summary_fields(key: &str) -> impl Iterator<Item = impl Iterator<Item = &str>> {
    key.split('\n').map(|line| line.split('\t').skip(1))
}

/// Handles to every field.
#[derive(Debug, Clone, Copy)]
#[allow(missing_docs)]
pub struct Fields {
    pub id: Field,
    pub path: Field,
    pub format: Field,
    pub title: Field,
    pub title_pairs: Field,
    pub authors: Field,
    pub journal: Field,
    pub journal_exact: Field,
    pub year: Field,
    pub doi: Field,
    pub pmid: Field,
    pub pmcid: Field,
    pub body: Field,
    pub pairs: Field,
    pub age: Field,
    pub age_group: Field,
    pub sex: Field,
    pub disease: Field,
    pub subtype: Field,
    pub variant: Field,
    pub laterality: Field,
    pub side: Field,
    pub site: Field,
    pub site_term: Field,
    pub region: Field,
    pub treatment: Field,
    pub treatment_any: Field,
    pub treatment_status: Field,
    pub claim: Field,
    pub language: Field,
    pub cited_doi: Field,
    pub cited_pmid: Field,
    pub first_author: Field,
    pub volume_page: Field,
    pub ref_author_year: Field,
    pub ref_volume_page: Field,
    pub record: Field,
    pub summary: Field,
}

/// Build the schema.
pub fn build() -> (Schema, Fields) {
    let mut b = Schema::builder();
    let exact = STRING | FAST;
    let stemmed = TextOptions::default().set_indexing_options(
        TextFieldIndexing::default()
            .set_tokenizer(super::analysis::STEM)
            .set_index_option(IndexRecordOption::WithFreqsAndPositions),
    );
    let words = TextOptions::default().set_indexing_options(
        TextFieldIndexing::default()
            .set_tokenizer("default")
            .set_index_option(IndexRecordOption::WithFreqsAndPositions),
    );
    // Adjacent words of title or body as one term each, for phrases (see
    // `super::analysis`); with positions, so that a phrase of three words or
    // more is a phrase of pairs.
    let pairs = TextOptions::default().set_indexing_options(
        TextFieldIndexing::default()
            .set_tokenizer(super::analysis::PAIRS)
            .set_index_option(IndexRecordOption::WithFreqsAndPositions),
    );
    let number = NumericOptions::default().set_indexed().set_fast().set_stored();
    let fields = Fields {
        id: b.add_text_field("id", STRING | STORED | FAST),
        path: b.add_text_field("path", STRING),
        format: b.add_text_field("format", exact.clone()),
        title: b.add_text_field("title", stemmed.clone()),
        title_pairs: b.add_text_field("title_pairs", pairs.clone()),
        authors: b.add_text_field("authors", words.clone()),
        journal: b.add_text_field("journal", words),
        journal_exact: b.add_text_field("journal_exact", exact.clone()),
        year: b.add_u64_field("year", number.clone()),
        doi: b.add_text_field("doi", STRING),
        pmid: b.add_text_field("pmid", STRING),
        pmcid: b.add_text_field("pmcid", STRING),
        body: b.add_text_field("body", stemmed),
        pairs: b.add_text_field("pairs", pairs),
        age: b.add_f64_field("age", number),
        age_group: b.add_text_field("age_group", exact.clone()),
        sex: b.add_text_field("sex", exact.clone()),
        disease: b.add_text_field("disease", exact.clone()),
        subtype: b.add_text_field("subtype", exact.clone()),
        variant: b.add_text_field("variant", exact.clone()),
        laterality: b.add_text_field("laterality", exact.clone()),
        side: b.add_text_field("side", exact.clone()),
        site: b.add_facet_field("site", FacetOptions::default()),
        site_term: b.add_text_field("site_term", exact.clone()),
        region: b.add_text_field("region", exact.clone()),
        treatment: b.add_text_field("treatment", exact.clone()),
        treatment_any: b.add_text_field("treatment_any", exact.clone()),
        treatment_status: b.add_text_field("treatment_status", STRING),
        claim: b.add_text_field("claim", exact.clone()),
        language: b.add_text_field("language", exact),
        cited_doi: b.add_text_field("cited_doi", STRING),
        cited_pmid: b.add_text_field("cited_pmid", STRING),
        first_author: b.add_text_field("first_author", STRING),
        volume_page: b.add_text_field("volume_page", STRING),
        ref_author_year: b.add_text_field("ref_author_year", STRING),
        ref_volume_page: b.add_text_field("ref_volume_page", STRING),
        record: b.add_bytes_field("record", STORED),
        summary: b.add_text_field("summary", TextOptions::default().set_fast("raw")),
    };
    (b.build(), fields)
}

/// Field handles from an existing schema (an index opened from disk).
pub fn fields(schema: &Schema) -> tantivy::Result<Fields> {
    let f = |name: &str| schema.get_field(name);
    Ok(Fields {
        id: f("id")?,
        path: f("path")?,
        format: f("format")?,
        title: f("title")?,
        title_pairs: f("title_pairs")?,
        authors: f("authors")?,
        journal: f("journal")?,
        journal_exact: f("journal_exact")?,
        year: f("year")?,
        doi: f("doi")?,
        pmid: f("pmid")?,
        pmcid: f("pmcid")?,
        body: f("body")?,
        pairs: f("pairs")?,
        age: f("age")?,
        age_group: f("age_group")?,
        sex: f("sex")?,
        disease: f("disease")?,
        subtype: f("subtype")?,
        variant: f("variant")?,
        laterality: f("laterality")?,
        side: f("side")?,
        site: f("site")?,
        site_term: f("site_term")?,
        region: f("region")?,
        treatment: f("treatment")?,
        treatment_any: f("treatment_any")?,
        treatment_status: f("treatment_status")?,
        claim: f("claim")?,
        language: f("language")?,
        cited_doi: f("cited_doi")?,
        cited_pmid: f("cited_pmid")?,
        first_author: f("first_author")?,
        volume_page: f("volume_page")?,
        ref_author_year: f("ref_author_year")?,
        ref_volume_page: f("ref_volume_page")?,
        record: f("record")?,
        summary: f("summary")?,
    })
}
