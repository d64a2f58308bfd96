//! Writing records: `CaseReport` → tantivy document.
//!
//! Each file's records replace whatever the index held for that file or for
//! those ids: [`Writer::replace_file`] deletes by path and by id, then adds.
//! Ingesting the same files twice therefore changes nothing, and a changed
//! file replaces its old records. The path used for deletion is the
//! canonical absolute path, so `./a.txt` and `/data/a.txt` are one file.

use std::path::PathBuf;

use tantivy::schema::Facet;
use tantivy::{IndexWriter, TantivyDocument, Term};

use super::files::ReadFiles;
use super::{schema, Fields, Index};
use crate::error::{Error, Result};
use crate::links;
use crate::record::{age_group, CaseReport, TreatmentStatus};

/// Memory for tantivy's indexing buffers, per thread: large enough that
/// segments are not flushed every few hundred documents.
pub const HEAP_PER_THREAD: usize = 96 * 1024 * 1024;

/// How segments are merged: at least [`MERGE_WIDTH`] of a size at once, and
/// never one of more than [`MERGE_MAX_DOCS`] reports again. Ingest commits
/// every 10,000 reports by default (with two writer threads, a segment of
/// about 5,000 each), so segments grow 5k → 20k → 80k and stop there (with
/// one thread, 10k → 40k → 160k): as no segment over 50k is merged again,
/// the size of a merge does not grow with the corpus.
///
/// tantivy's default (eight at once, up to ten million reports) left a 1M
/// index in three segments of 320k and one of 40k: a search uses one
/// thread per segment, so two threads carried 640k and 360k reports; and
/// each merge of 320k reports held more memory, so ingest memory grew with
/// the corpus. Segments of 80k share the work evenly (1M synthetic
/// abstracts: phrase p50 4.9 → 4.1 ms, free text 3.2 → 2.7) and bound the
/// memory of a merge (ingest peak RSS 1,070 → 535 MB), for more segments to
/// visit per query (14 at 1M; by the same arithmetic, about 125 at 10M).
const MERGE_WIDTH: usize = 4;

/// See [`MERGE_WIDTH`].
const MERGE_MAX_DOCS: usize = 50_000;

/// A record with the text its full-text fields are built from.
#[derive(Debug, Clone)]
pub struct Indexable {
    /// The record.
    pub report: CaseReport,
    /// The text free-text search reads: the document's text but its reference
    /// list and page furniture (see `SourceDoc::searchable_text`).
    pub text: String,
}

/// The single writer of an index.
pub struct Writer {
    w: IndexWriter,
    fields: Fields,
    /// The index's directory, where the list of files read is written.
    dir: PathBuf,
}

impl Writer {
    pub(super) fn new(index: &Index, threads: usize) -> Result<Writer> {
        let threads = threads.clamp(1, 8);
        let w = index.inner.writer_with_num_threads(threads, HEAP_PER_THREAD * threads).map_err(Error::from)?;
        let mut policy = tantivy::merge_policy::LogMergePolicy::default();
        policy.set_min_num_segments(MERGE_WIDTH);
        policy.set_max_docs_before_merge(MERGE_MAX_DOCS);
        w.set_merge_policy(Box::new(policy));
        Ok(Writer { w, fields: *index.fields(), dir: index.dir().to_path_buf() })
    }

    /// Replace the records of one file (identified by `key`, its canonical path).
    pub fn replace_file(&mut self, key: &str, records: &[Indexable]) -> Result<()> {
        self.w.delete_term(Term::from_field_text(self.fields.path, key));
        for r in records {
            self.w.delete_term(Term::from_field_text(self.fields.id, &r.report.id));
            self.w.add_document(to_document(&self.fields, key, r)?).map_err(Error::from)?;
        }
        Ok(())
    }

    /// Make everything written so far durable and visible to searchers,
    /// with `files`, the list of the files read, written first and named by
    /// the commit (see [`super::files`]).
    pub fn commit(&mut self, files: &mut ReadFiles) -> Result<u64> {
        let name = files.save(&self.dir)?;
        let mut prepared = self.w.prepare_commit().map_err(Error::from)?;
        prepared.set_payload(&name);
        let opstamp = prepared.commit().map_err(Error::from)?;
        files.remove_others(&self.dir);
        Ok(opstamp)
    }

    /// Wait for merges to finish and release the lock.
    pub fn finish(self) -> Result<()> {
        self.w.wait_merging_threads().map_err(Error::from)
    }
}

/// Build the tantivy document for one record.
pub fn to_document(f: &Fields, key: &str, item: &Indexable) -> Result<TantivyDocument> {
    let r = &item.report;
    let mut d = TantivyDocument::default();
    // The values of the summary fields, as they are added (the order of
    // `SUMMARY_FIELDS`).
    let mut summary: [Vec<&str>; 7] = Default::default();
    let [s_format, s_subtype, s_variant, s_sex, s_age_group, s_laterality, s_language] = &mut summary;
    d.add_text(f.id, &r.id);
    d.add_text(f.path, key);
    d.add_text(f.format, r.source.format.as_str());
    s_format.push(r.source.format.as_str());
    if let Some(t) = &r.title {
        d.add_text(f.title, t);
        d.add_text(f.title_pairs, t);
    }
    for a in &r.authors {
        d.add_text(f.authors, a);
    }
    if let Some(j) = &r.journal {
        d.add_text(f.journal, j);
        d.add_text(f.journal_exact, j);
    }
    if let Some(y) = r.year {
        d.add_u64(f.year, u64::from(y));
    }
    for (field, v) in [(f.doi, &r.doi), (f.pmid, &r.pmid), (f.pmcid, &r.pmcid)] {
        if let Some(v) = v {
            d.add_text(field, v.to_lowercase());
        }
    }
    d.add_text(f.body, &item.text);
    d.add_text(f.pairs, &item.text);
    for p in &r.patients {
        if let Some(a) = p.age_years {
            d.add_f64(f.age, a);
            d.add_text(f.age_group, age_group(a));
            s_age_group.push(age_group(a));
        }
        if let Some(s) = p.sex {
            d.add_text(f.sex, s.as_str());
            s_sex.push(s.as_str());
        }
    }
    for v in &r.diseases {
        d.add_text(f.disease, v);
    }
    for v in &r.subtypes {
        d.add_text(f.subtype, v);
        s_subtype.push(v);
    }
    for v in &r.variants {
        d.add_text(f.variant, v);
        s_variant.push(v);
    }
    if let Some(l) = r.laterality {
        d.add_text(f.laterality, l.as_str());
        s_laterality.push(l.as_str());
    }
    for s in &r.sides {
        d.add_text(f.side, s.as_str());
    }
    for s in &r.sites {
        if let Ok(facet) = Facet::from_text(&s.path) {
            d.add_facet(f.site, facet);
        }
        d.add_text(f.site_term, &s.term);
        d.add_text(f.region, &s.region);
    }
    for t in &r.treatments {
        if t.status == TreatmentStatus::Given {
            d.add_text(f.treatment, &t.name);
        }
        d.add_text(f.treatment_any, &t.name);
        d.add_text(f.treatment_status, format!("{}={}", t.name, t.status.as_str()));
    }
    for c in &r.claims {
        d.add_text(f.claim, c.kind.as_str());
    }
    d.add_text(f.language, &r.language);
    s_language.push(&r.language);
    d.add_text(f.summary, schema::summary_key(summary));
    // Keys that let citation links be resolved with term lookups in both
    // directions (see `crate::links`).
    if let Some(s) = r.authors.first().map(|a| links::surname_key(a)) {
        d.add_text(f.first_author, s);
    }
    if let Some(k) = links::volume_page_key(r.volume.as_deref(), r.pages.as_deref()) {
        d.add_text(f.volume_page, k);
    }
    for rf in &r.references {
        if let Some(doi) = &rf.doi {
            d.add_text(f.cited_doi, doi.to_lowercase());
        }
        if let Some(p) = &rf.pmid {
            d.add_text(f.cited_pmid, p);
        }
        if let (Some(a), Some(y)) = (rf.authors.first(), rf.year) {
            d.add_text(f.ref_author_year, links::author_year_key(a, y));
        }
        if let Some(k) = links::volume_page_key(rf.volume.as_deref(), rf.pages.as_deref()) {
            d.add_text(f.ref_volume_page, k);
        }
    }
    let json = serde_json::to_vec(r).map_err(|e| Error::index(format!("cannot store record {}: {e}", r.id)))?;
    d.add_bytes(f.record, &json);
    Ok(d)
}
