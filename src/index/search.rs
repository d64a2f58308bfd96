//! Answering queries: [`Query`] → tantivy query → [`Hit`]s, and counts.
//!
//! Every filter maps to one tantivy query on its typed field (terms on exact
//! fields, ranges on numeric fast fields, facet terms for sites); words of
//! full text search the stemmed title (boosted) and body. Results come from
//! the last commit, so a search during an ingest sees what was committed.

use std::collections::BTreeMap;
use std::ops::Bound;

use tantivy::collector::{Collector, Count, SegmentCollector, TopDocs};
use tantivy::columnar::StrColumn;
use tantivy::query::{AllQuery, BooleanQuery, BoostQuery, Occur, PhraseQuery, Query as TQuery, RangeQuery, TermQuery};
use tantivy::schema::{Facet, Field, IndexRecordOption, Value};
use tantivy::{DocAddress, DocId, IndexReader, Order, Score, SegmentReader, TantivyDocument, Term};

use super::{Fields, Index};
use crate::error::{Error, Result};
use crate::links::{self, Link};
use crate::query::{Filter, Query};
use crate::record::{CaseReport, TreatmentStatus};

/// One search result.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Hit {
    /// Relevance (0 when the query has no full text).
    pub score: f32,
    /// The stored record.
    #[serde(flatten)]
    pub report: CaseReport,
}

/// The answer to a query.
#[derive(Debug, Clone)]
pub struct SearchResults {
    /// Number of matching reports.
    pub total: usize,
    /// The requested page of hits.
    pub hits: Vec<Hit>,
}

/// Result order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sort {
    /// By relevance when the query has full text, else newest first.
    Relevance,
    /// Newest first.
    Year,
}

/// A searcher over the last commit.
pub struct Searcher {
    reader: IndexReader,
    fields: Fields,
    index: tantivy::Index,
}

impl Searcher {
    pub(super) fn new(index: &Index) -> Result<Searcher> {
        let reader = index
            .inner
            .reader_builder()
            .reload_policy(tantivy::ReloadPolicy::Manual)
            .try_into()
            .map_err(Error::from)?;
        Ok(Searcher { reader, fields: *index.fields(), index: index.inner.clone() })
    }

    /// The field handles.
    pub fn fields(&self) -> &Fields {
        &self.fields
    }

    /// Number of reports in the index.
    pub fn num_reports(&self) -> u64 {
        self.reader.searcher().num_docs()
    }

    /// Run a query.
    pub fn search(&self, q: &Query, limit: usize, offset: usize, sort: Sort) -> Result<SearchResults> {
        let query = self.to_tantivy(q)?;
        let searcher = self.reader.searcher();
        if limit == 0 {
            let total = searcher.search(&*query, &Count).map_err(Error::from)?;
            return Ok(SearchResults { total, hits: vec![] });
        }
        // The count and the page come from one pass over the matches.
        let top = TopDocs::with_limit(limit).and_offset(offset);
        let (total, addrs): (usize, Vec<(f32, DocAddress)>) = if q.has_text() && sort == Sort::Relevance {
            searcher.search(&*query, &(Count, top.order_by_score())).map_err(Error::from)?
        } else {
            let (total, top) = searcher
                .search(&*query, &(Count, top.order_by_fast_field::<u64>("year", Order::Desc)))
                .map_err(Error::from)?;
            (total, top.into_iter().map(|(_, a)| (0.0, a)).collect())
        };
        let mut hits = Vec::with_capacity(addrs.len());
        for (score, addr) in addrs {
            hits.push(Hit { score, report: self.record(addr)? });
        }
        Ok(SearchResults { total, hits })
    }

    fn record(&self, addr: DocAddress) -> Result<CaseReport> {
        let doc: TantivyDocument = self.reader.searcher().doc(addr).map_err(Error::from)?;
        let bytes = doc
            .get_first(self.fields.record)
            .and_then(|v| v.as_bytes())
            .ok_or_else(|| Error::index("a document has no stored record; re-run ingest"))?;
        serde_json::from_slice(bytes)
            .map_err(|e| Error::index(format!("stored record is unreadable ({e}); re-run ingest")))
    }

    /// The record with this id.
    pub fn get(&self, id: &str) -> Result<Option<CaseReport>> {
        let q = TermQuery::new(Term::from_field_text(self.fields.id, id), IndexRecordOption::Basic);
        let top = self.reader.searcher().search(&q, &TopDocs::with_limit(1).order_by_score()).map_err(Error::from)?;
        top.first().map(|(_, a)| self.record(*a)).transpose()
    }

    /// Every record (for link resolution and evaluation over a whole index).
    pub fn all(&self) -> Result<Vec<CaseReport>> {
        let searcher = self.reader.searcher();
        let n = searcher.num_docs() as usize;
        if n == 0 {
            return Ok(vec![]);
        }
        let addrs = searcher.search(&AllQuery, &TopDocs::with_limit(n).order_by_score()).map_err(Error::from)?;
        addrs.into_iter().map(|(_, a)| self.record(a)).collect()
    }

    /// Counts of each value of exact fields over the reports matching `q`
    /// (all reports when `q` is None).
    pub fn counts(&self, q: Option<&Query>, fields: &[&str]) -> Result<BTreeMap<String, BTreeMap<String, u64>>> {
        if q.is_none() {
            if let Some(counts) = self.counts_of_all(fields)? {
                return Ok(counts);
            }
        }
        let query: Box<dyn TQuery> = match q {
            Some(q) => self.to_tantivy(q)?,
            None => Box::new(AllQuery),
        };
        let collector = ValueCounts { fields: fields.iter().map(|s| s.to_string()).collect() };
        self.reader.searcher().search(&*query, &collector).map_err(Error::from)
    }

    /// Counts over all reports from the term dictionaries: the number of
    /// reports holding a value is its term's document frequency, so `stats`
    /// costs the number of distinct values, not the number of reports. Only
    /// valid while no segment has deleted documents (which document
    /// frequencies still count); None then, and the caller collects.
    fn counts_of_all(&self, fields: &[&str]) -> Result<Option<BTreeMap<String, BTreeMap<String, u64>>>> {
        let searcher = self.reader.searcher();
        if searcher.segment_readers().iter().any(|s| s.has_deletes()) {
            return Ok(None);
        }
        let schema = self.index.schema();
        let mut out = BTreeMap::new();
        for &name in fields {
            let Ok(field) = schema.get_field(name) else {
                return Ok(None);
            };
            let mut m: BTreeMap<String, u64> = BTreeMap::new();
            for seg in searcher.segment_readers() {
                let inverted = seg.inverted_index(field).map_err(Error::from)?;
                let mut terms = inverted.terms().stream().map_err(|e| Error::index(e.to_string()))?;
                while terms.advance() {
                    let Ok(value) = std::str::from_utf8(terms.key()) else { continue };
                    *m.entry(value.to_string()).or_default() += u64::from(terms.value().doc_freq);
                }
            }
            out.insert(name.to_string(), m);
        }
        Ok(Some(out))
    }

    /// Records matching a tantivy query, best first, at most `limit`.
    pub fn records(&self, query: &dyn TQuery, limit: usize) -> Result<Vec<CaseReport>> {
        let top = self
            .reader
            .searcher()
            .search(query, &TopDocs::with_limit(limit.max(1)).order_by_score())
            .map_err(Error::from)?;
        top.into_iter().map(|(_, a)| self.record(a)).collect()
    }

    /// The indexed reports that `r`'s references point to.
    pub fn cites(&self, r: &CaseReport) -> Result<Vec<Link>> {
        let f = &self.fields;
        let mut out = Vec::new();
        for (i, rf) in r.references.iter().enumerate() {
            let mut any: Vec<(Occur, Box<dyn TQuery>)> = Vec::new();
            if let Some(d) = &rf.doi {
                any.push((Occur::Should, self.exact(f.doi, &d.to_lowercase())));
            }
            if let Some(p) = &rf.pmid {
                any.push((Occur::Should, self.exact(f.pmid, p)));
            }
            if let (Some(a), Some(y)) = (rf.authors.first(), rf.year) {
                let years = RangeQuery::new(
                    Bound::Included(Term::from_field_u64(f.year, u64::from(y.saturating_sub(1)))),
                    Bound::Included(Term::from_field_u64(f.year, u64::from(y + 1))),
                );
                let both: Vec<(Occur, Box<dyn TQuery>)> = vec![
                    (Occur::Must, self.exact(f.first_author, &links::surname_key(a))),
                    (Occur::Must, Box::new(years)),
                ];
                any.push((Occur::Should, Box::new(BooleanQuery::new(both))));
            }
            if let Some(k) = links::volume_page_key(rf.volume.as_deref(), rf.pages.as_deref()) {
                any.push((Occur::Should, self.exact(f.volume_page, &k)));
            }
            if any.is_empty() {
                continue;
            }
            let best = self
                .records(&BooleanQuery::new(any), 20)?
                .into_iter()
                .filter(|c| c.id != r.id)
                .filter_map(|c| links::match_reference(rf, &c).map(|(m, conf)| (c.id, m, conf)))
                .max_by(|a, b| a.2.total_cmp(&b.2));
            if let Some((to, method, confidence)) = best {
                out.push(Link { from: r.id.clone(), to, reference: i, label: rf.label.clone(), method, confidence });
            }
        }
        Ok(out)
    }

    /// The indexed reports whose references point to `r`.
    pub fn cited_by(&self, r: &CaseReport) -> Result<Vec<Link>> {
        let f = &self.fields;
        let mut any: Vec<(Occur, Box<dyn TQuery>)> = Vec::new();
        if let Some(d) = &r.doi {
            any.push((Occur::Should, self.exact(f.cited_doi, d)));
        }
        if let Some(p) = &r.pmid {
            any.push((Occur::Should, self.exact(f.cited_pmid, p)));
        }
        if let (Some(a), Some(y)) = (r.authors.first(), r.year) {
            for year in [y.saturating_sub(1), y, y + 1] {
                any.push((Occur::Should, self.exact(f.ref_author_year, &links::author_year_key(a, year))));
            }
        }
        if let Some(k) = links::volume_page_key(r.volume.as_deref(), r.pages.as_deref()) {
            any.push((Occur::Should, self.exact(f.ref_volume_page, &k)));
        }
        if any.is_empty() {
            return Ok(vec![]);
        }
        let mut out = Vec::new();
        for c in self.records(&BooleanQuery::new(any), 10_000)? {
            if c.id == r.id {
                continue;
            }
            let best = c
                .references
                .iter()
                .enumerate()
                .filter_map(|(i, rf)| links::match_reference(rf, r).map(|(m, conf)| (i, rf.label.clone(), m, conf)))
                .max_by(|a, b| a.3.total_cmp(&b.3));
            if let Some((reference, label, method, confidence)) = best {
                out.push(Link { from: c.id.clone(), to: r.id.clone(), reference, label, method, confidence });
            }
        }
        out.sort_by(|a, b| a.from.cmp(&b.from));
        Ok(out)
    }

    fn tokens(&self, field: Field, text: &str) -> Result<Vec<Term>> {
        let mut analyzer = self.index.tokenizer_for_field(field).map_err(Error::from)?;
        let mut stream = analyzer.token_stream(text);
        let mut out = Vec::new();
        while stream.advance() {
            out.push(Term::from_field_text(field, &stream.token().text));
        }
        Ok(out)
    }

    /// Words (all required) or a phrase in one tokenised field.
    fn words(&self, field: Field, text: &str, phrase: bool) -> Result<Option<Box<dyn TQuery>>> {
        let terms = self.tokens(field, text)?;
        Ok(match terms.len() {
            0 => None,
            1 => Some(Box::new(TermQuery::new(terms[0].clone(), IndexRecordOption::WithFreqs))),
            _ if phrase => Some(Box::new(PhraseQuery::new(terms))),
            _ => Some(Box::new(BooleanQuery::new(
                terms
                    .into_iter()
                    .map(|t| {
                        (Occur::Must, Box::new(TermQuery::new(t, IndexRecordOption::WithFreqs)) as Box<dyn TQuery>)
                    })
                    .collect(),
            ))),
        })
    }

    /// Full text: title (boosted) or body.
    fn full_text(&self, text: &str, phrase: bool) -> Result<Option<Box<dyn TQuery>>> {
        let title = self.words(self.fields.title, text, phrase)?;
        let body = self.words(self.fields.body, text, phrase)?;
        let mut parts: Vec<(Occur, Box<dyn TQuery>)> = Vec::new();
        if let Some(t) = title {
            parts.push((Occur::Should, Box::new(BoostQuery::new(t, 2.0))));
        }
        if let Some(b) = body {
            parts.push((Occur::Should, b));
        }
        Ok((!parts.is_empty()).then(|| Box::new(BooleanQuery::new(parts)) as Box<dyn TQuery>))
    }

    fn exact(&self, field: Field, value: &str) -> Box<dyn TQuery> {
        Box::new(TermQuery::new(Term::from_field_text(field, value), IndexRecordOption::Basic))
    }

    /// The tantivy query for a parsed query.
    pub fn to_tantivy(&self, q: &Query) -> Result<Box<dyn TQuery>> {
        let f = &self.fields;
        let mut parts: Vec<(Occur, Box<dyn TQuery>)> = Vec::new();
        for c in &q.clauses {
            let sub: Option<Box<dyn TQuery>> = match &c.filter {
                Filter::Text(w) => self.full_text(w, false)?,
                Filter::Phrase(p) => self.full_text(p, true)?,
                Filter::Title(s) => self.words(f.title, s, false)?,
                Filter::Author(s) => self.words(f.authors, s, false)?,
                Filter::Journal(s) => self.words(f.journal, s, false)?,
                Filter::Age(r) => Some(Box::new(RangeQuery::new(
                    r.min.map_or(Bound::Unbounded, |x| Bound::Included(Term::from_field_f64(f.age, x))),
                    r.max.map_or(Bound::Unbounded, |x| Bound::Excluded(Term::from_field_f64(f.age, x))),
                ))),
                Filter::Year(r) => Some(Box::new(RangeQuery::new(
                    r.min.map_or(Bound::Unbounded, |x| {
                        Bound::Included(Term::from_field_u64(f.year, x.max(0.0).ceil() as u64))
                    }),
                    r.max.map_or(Bound::Unbounded, |x| {
                        Bound::Excluded(Term::from_field_u64(f.year, x.max(0.0).ceil() as u64))
                    }),
                ))),
                Filter::Sex(s) => Some(self.exact(f.sex, s.as_str())),
                Filter::Subtype(s) => Some(self.exact(f.subtype, s)),
                Filter::Variant(s) => Some(self.exact(f.variant, s)),
                Filter::Disease(s) => Some(self.exact(f.disease, s)),
                Filter::Laterality(l) => Some(self.exact(f.laterality, l.as_str())),
                Filter::Side(s) => Some(self.exact(f.side, s.as_str())),
                Filter::Site(p) => {
                    let facet = Facet::from_text(p).map_err(|e| Error::query(format!("site path {p:?}: {e}")))?;
                    Some(Box::new(TermQuery::new(Term::from_facet(f.site, &facet), IndexRecordOption::Basic)))
                }
                Filter::Region(r) => Some(self.exact(f.region, r)),
                Filter::Treatment(t) => Some(match q.treatment_status {
                    None => self.exact(f.treatment, t),
                    Some(None) => self.exact(f.treatment_any, t),
                    Some(Some(TreatmentStatus::Given)) => self.exact(f.treatment, t),
                    Some(Some(s)) => self.exact(f.treatment_status, &format!("{t}={}", s.as_str())),
                }),
                Filter::Format(x) => Some(self.exact(f.format, x.as_str())),
                Filter::Language(l) => Some(self.exact(f.language, l)),
                Filter::Claim(k) => Some(self.exact(f.claim, k.as_str())),
                Filter::Id(s) => Some(self.exact(f.id, s)),
                Filter::Doi(s) => Some(self.exact(f.doi, s)),
                Filter::Pmid(s) => Some(self.exact(f.pmid, s)),
                Filter::Pmcid(s) => Some(self.exact(f.pmcid, s)),
            };
            if let Some(sub) = sub {
                parts.push((if c.negated { Occur::MustNot } else { Occur::Must }, sub));
            }
        }
        if parts.iter().all(|(o, _)| *o == Occur::MustNot) {
            parts.push((Occur::Must, Box::new(AllQuery)));
        }
        Ok(Box::new(BooleanQuery::new(parts)))
    }
}

/// Counts the values of exact (string fast) fields over matching documents.
struct ValueCounts {
    fields: Vec<String>,
}

struct SegmentValueCounts {
    /// Per field: its name, its column, and a count per term ordinal (the
    /// fields counted are categorical, so a dense vector is small and needs
    /// no hashing per document).
    columns: Vec<(String, Option<StrColumn>, Vec<u64>)>,
    /// Reused for each document's ordinals.
    ords: Vec<u64>,
}

impl Collector for ValueCounts {
    type Fruit = BTreeMap<String, BTreeMap<String, u64>>;
    type Child = SegmentValueCounts;

    fn for_segment(&self, _ord: u32, segment: &SegmentReader) -> tantivy::Result<SegmentValueCounts> {
        let mut columns = Vec::new();
        for f in &self.fields {
            let col = segment.fast_fields().str(f)?;
            let counts = vec![0; col.as_ref().map_or(0, |c| c.num_terms())];
            columns.push((f.clone(), col, counts));
        }
        Ok(SegmentValueCounts { columns, ords: Vec::new() })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, fruits: Vec<Self::Fruit>) -> tantivy::Result<Self::Fruit> {
        let mut out: Self::Fruit = BTreeMap::new();
        for f in &self.fields {
            out.entry(f.clone()).or_default();
        }
        for fruit in fruits {
            for (field, counts) in fruit {
                let e = out.entry(field).or_default();
                for (k, v) in counts {
                    *e.entry(k).or_default() += v;
                }
            }
        }
        Ok(out)
    }
}

impl SegmentCollector for SegmentValueCounts {
    type Fruit = BTreeMap<String, BTreeMap<String, u64>>;

    fn collect(&mut self, doc: DocId, _score: Score) {
        for (_, col, counts) in &mut self.columns {
            if let Some(col) = col {
                // A document counts once per value, however often (and in
                // whatever order) it repeats it: a series of a woman, a man
                // and a woman is one female report.
                self.ords.clear();
                self.ords.extend(col.term_ords(doc));
                self.ords.sort_unstable();
                self.ords.dedup();
                for &o in &self.ords {
                    if let Some(n) = counts.get_mut(o as usize) {
                        *n += 1;
                    }
                }
            }
        }
    }

    fn harvest(self) -> Self::Fruit {
        let mut out = BTreeMap::new();
        for (name, col, counts) in self.columns {
            let mut m = BTreeMap::new();
            if let Some(col) = col {
                let mut s = String::new();
                for (ord, &n) in counts.iter().enumerate().filter(|(_, &n)| n > 0) {
                    s.clear();
                    if col.ord_to_str(ord as u64, &mut s).unwrap_or(false) {
                        *m.entry(s.clone()).or_default() += n;
                    }
                }
            }
            out.insert(name, m);
        }
        out
    }
}
