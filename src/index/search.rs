//! Answering queries: [`Query`] → tantivy query → [`Hit`]s, and counts.
//!
//! Every filter maps to one tantivy query on its typed field (terms on exact
//! fields, ranges on numeric fast fields, facet terms for sites); words of
//! full text search the stemmed title (boosted) and body. Results come from
//! the last commit, so a search during an ingest sees what was committed.

use std::collections::{BTreeMap, HashMap};
use std::ops::Bound;
use std::sync::Arc;

use tantivy::collector::{Collector, Count, SegmentCollector, TopDocs};
use tantivy::columnar::{Cardinality, Column, StrColumn};
use tantivy::postings::TermInfo;
use tantivy::query::{
    AllQuery, BooleanQuery, BoostQuery, ConstScoreQuery, EnableScoring, InvertedIndexRangeQuery, Occur, PhraseQuery,
    Query as TQuery, RangeQuery, TermQuery,
};
use tantivy::schema::{Facet, Field, IndexRecordOption, Type, Value};
use tantivy::{
    DocAddress, DocId, DocSet, Executor, IndexReader, InvertedIndexReader, Score, SegmentReader, TantivyDocument, Term,
    TERMINATED,
};

use super::{schema, Fields, Index};
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
    /// Youngest patient first: a report ranks by the youngest of its
    /// patients (a series of a 3-year-old and a 60-year-old counts as 3),
    /// newest first among equal ages; reports with no known age come last.
    Age,
}

/// A searcher over the last commit.
pub struct Searcher {
    reader: IndexReader,
    fields: Fields,
    index: tantivy::Index,
}

impl Searcher {
    pub(super) fn new(index: &Index) -> Result<Searcher> {
        guarded(|| Searcher::open(index))
    }

    /// Open a reader on the last commit.
    ///
    /// An ingest in another process may commit, merge and delete the
    /// segments of the commit this reader has just read (tantivy keeps only
    /// the files that searchers of its own process use); the reader then
    /// finds a file missing, and reading the newer commit succeeds.
    fn open(index: &Index) -> Result<Searcher> {
        let mut retries = 5;
        loop {
            match index.inner.reader_builder().reload_policy(tantivy::ReloadPolicy::Manual).try_into() {
                Ok(reader) => return Ok(Searcher { reader, fields: *index.fields(), index: index.inner.clone() }),
                Err(tantivy::TantivyError::OpenReadError(
                    tantivy::directory::error::OpenReadError::FileDoesNotExist(_),
                )) if retries > 0 => {
                    retries -= 1;
                    std::thread::sleep(std::time::Duration::from_millis(20));
                }
                Err(e) => return Err(Error::from(e)),
            }
        }
    }

    /// The field handles.
    pub fn fields(&self) -> &Fields {
        &self.fields
    }

    /// Number of reports in the index (from the commit's metadata).
    pub fn num_reports(&self) -> u64 {
        self.reader.searcher().num_docs()
    }

    /// Run a query.
    pub fn search(&self, q: &Query, limit: usize, offset: usize, sort: Sort) -> Result<SearchResults> {
        guarded(|| self.search_page(q, limit, offset, sort))
    }

    fn search_page(&self, q: &Query, limit: usize, offset: usize, sort: Sort) -> Result<SearchResults> {
        let query = self.to_tantivy(q)?;
        let searcher = self.reader.searcher();
        // tantivy sets aside room for `offset + limit` hits before searching,
        // so a huge --limit or --offset would overflow or exhaust memory: cap
        // the page at the number of reports, which no query can exceed.
        let reports = usize::try_from(searcher.num_docs()).unwrap_or(usize::MAX);
        let limit = limit.min(reports.saturating_sub(offset));
        if limit == 0 {
            let total = searcher.search(&*query, &Count).map_err(Error::from)?;
            return Ok(SearchResults { total, hits: vec![] });
        }
        // The count and the page come from one pass over the matches.
        let top = TopDocs::with_limit(limit).and_offset(offset);
        let (total, addrs): (usize, Vec<(f32, DocAddress)>) = if sort == Sort::Age {
            let (n, v) = searcher.search(&*query, &(Count, top.tweak_score(youngest_first))).map_err(Error::from)?;
            (n, v.into_iter().map(|(_, a)| (0.0, a)).collect())
        } else if q.has_text() && sort == Sort::Relevance {
            match self.plain_words(q)? {
                Some(words) if words.few_titles(&searcher) => {
                    let (n, page) = words_page(&searcher, &words, &*query, offset + limit)?;
                    (n, page.into_iter().skip(offset).collect())
                }
                _ => searcher.search(&*query, &(Count, top.order_by_score())).map_err(Error::from)?,
            }
        } else {
            let newest = NewestFirst { year: self.fields.year, want: offset + limit, way: YearsFrom::Cheaper };
            let (n, v) = searcher.search(&*query, &newest).map_err(Error::from)?;
            (n, v.into_iter().skip(offset).map(|(_, a)| (0.0, a)).collect())
        };
        let (scores, addrs): (Vec<Score>, Vec<DocAddress>) = addrs.into_iter().unzip();
        let reports = self.records_at(&searcher, &addrs)?;
        let hits = scores.into_iter().zip(reports).map(|(score, report)| Hit { score, report }).collect();
        Ok(SearchResults { total, hits })
    }

    /// The body and title terms of a query of one or two plain words, each
    /// one body term; `None` for any other query (see [`words_page`]).
    fn plain_words(&self, q: &Query) -> Result<Option<PlainWords>> {
        let f = &self.fields;
        if q.clauses.is_empty() || q.clauses.len() > 2 {
            return Ok(None);
        }
        let mut words = PlainWords { body: Vec::new(), titles: Vec::new() };
        for c in &q.clauses {
            let Filter::Text(w) = &c.filter else { return Ok(None) };
            let mut terms = self.tokens(f.body, w)?;
            if c.negated || terms.len() != 1 {
                return Ok(None);
            }
            words.body.extend(terms.pop());
            words.titles.push(self.tokens(f.title, w)?);
        }
        Ok(Some(words))
    }

    /// The stored records at `addrs`, in order, read on the search
    /// threads, a share each: reading one decompresses its block of the
    /// store and parses its JSON. At 1M reports (machine C, p50 of 180
    /// queries, each a page of twenty records not read before) a page took
    /// 1.41–1.49 ms this way and 1.65–1.66 ms with the records read on one
    /// thread.
    fn records_at(&self, searcher: &tantivy::Searcher, addrs: &[DocAddress]) -> Result<Vec<CaseReport>> {
        let executor = self.index.search_executor();
        let threads = match executor {
            Executor::ThreadPool(pool) => pool.current_num_threads(),
            Executor::SingleThread => 1,
        };
        let read = |part: &[DocAddress]| part.iter().map(|&a| record_in(searcher, self.fields.record, a)).collect();
        if threads < 2 || addrs.len() < 2 {
            return read(addrs);
        }
        let parts: Vec<Result<Vec<CaseReport>>> =
            executor.map(|part| Ok(read(part)), addrs.chunks(addrs.len().div_ceil(threads))).map_err(Error::from)?;
        let mut out = Vec::with_capacity(addrs.len());
        for part in parts {
            out.extend(part?);
        }
        Ok(out)
    }

    /// The record with this id.
    pub fn get(&self, id: &str) -> Result<Option<CaseReport>> {
        guarded(|| self.get_one(id))
    }

    fn get_one(&self, id: &str) -> Result<Option<CaseReport>> {
        let q = TermQuery::new(Term::from_field_text(self.fields.id, id), IndexRecordOption::Basic);
        let searcher = self.reader.searcher();
        let top = searcher.search(&q, &TopDocs::with_limit(1).order_by_score()).map_err(Error::from)?;
        top.first().map(|(_, a)| record_in(&searcher, self.fields.record, *a)).transpose()
    }

    /// Every record (for link resolution and evaluation over a whole index).
    pub fn all(&self) -> Result<Vec<CaseReport>> {
        guarded(|| self.all_records())
    }

    fn all_records(&self) -> Result<Vec<CaseReport>> {
        let searcher = self.reader.searcher();
        let n = searcher.num_docs() as usize;
        if n == 0 {
            return Ok(vec![]);
        }
        self.top_records_in(&searcher, &AllQuery, n)
    }

    /// Counts of each value of exact fields, or of the `year` number, over
    /// the reports matching `q` (all reports when `q` is None). A report
    /// counts once per value it holds, so counts of a multi-valued field
    /// (sites, treatments) can add up to more than the reports.
    pub fn counts(&self, q: Option<&Query>, fields: &[&str]) -> Result<Counts> {
        guarded(|| self.count_values(q, fields))
    }

    fn count_values(&self, q: Option<&Query>, fields: &[&str]) -> Result<Counts> {
        if q.is_none() {
            if let Some(counts) = self.counts_of_all(fields)? {
                return Ok(counts);
            }
        }
        let query: Box<dyn TQuery> = match q {
            Some(q) => self.to_tantivy(q)?,
            None => Box::new(AllQuery),
        };
        // The fields of `stats` (all of them, or some) are read from each
        // report's summary column, in one read; others field by field.
        let summary: Option<Vec<usize>> =
            fields.iter().map(|f| schema::SUMMARY_FIELDS.iter().position(|s| s == f)).collect();
        let summary = summary.map(|mut w| {
            w.sort_unstable();
            w.dedup();
            w
        });
        let searcher = self.reader.searcher();
        match summary {
            Some(wanted) => searcher.search(&*query, &SummaryCounts { wanted }),
            None => searcher.search(&*query, &ValueCounts { fields: fields.iter().map(|s| s.to_string()).collect() }),
        }
        .map_err(Error::from)
    }

    /// Counts over all reports from the term dictionaries: the number of
    /// reports holding a value is its term's document frequency, so `stats`
    /// costs the number of distinct values, not the number of reports. Only
    /// valid while no segment has deleted documents (which document
    /// frequencies still count); None then, and the caller collects.
    fn counts_of_all(&self, fields: &[&str]) -> Result<Option<Counts>> {
        let searcher = self.reader.searcher();
        if searcher.segment_readers().iter().any(|s| s.has_deletes()) {
            return Ok(None);
        }
        let schema = self.index.schema();
        let mut out = BTreeMap::new();
        for &name in fields {
            // Numeric terms (years) are not text: those fields are collected.
            let Ok(field) = schema.get_field(name) else {
                return Ok(None);
            };
            if schema.get_field_entry(field).field_type().value_type() != Type::Str {
                return Ok(None);
            }
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
        guarded(|| self.top_records(query, limit))
    }

    fn top_records(&self, query: &dyn TQuery, limit: usize) -> Result<Vec<CaseReport>> {
        self.top_records_in(&self.reader.searcher(), query, limit)
    }

    /// The records of the best `limit` (at least one) matches of `query`
    /// in `searcher`.
    fn top_records_in(
        &self,
        searcher: &tantivy::Searcher,
        query: &dyn TQuery,
        limit: usize,
    ) -> Result<Vec<CaseReport>> {
        let top = searcher.search(query, &TopDocs::with_limit(limit.max(1)).order_by_score()).map_err(Error::from)?;
        let addrs: Vec<DocAddress> = top.into_iter().map(|(_, a)| a).collect();
        self.records_at(searcher, &addrs)
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

    /// A phrase of two words or more in the body or the title, read from
    /// the field of its pairs (see [`super::analysis`]): one term for two
    /// words, a phrase of pairs for more. `None` when the phrase's words do
    /// not all pair up (fewer than two, or a word too long to index between
    /// two others): the phrase is then read from the words' own field.
    fn pair_phrase(&self, words: Field, pairs: Field, text: &str) -> Result<Option<Box<dyn TQuery>>> {
        let n = self.tokens(words, text)?.len();
        let mut terms = self.tokens(pairs, text)?;
        Ok(match terms.len() {
            m if m == 0 || m + 1 != n => None,
            1 => Some(Box::new(TermQuery::new(terms.remove(0), IndexRecordOption::WithFreqs))),
            _ => Some(Box::new(PhraseQuery::new(terms))),
        })
    }

    /// Words, or a phrase read from pairs where it can be.
    fn text_in(&self, words: Field, pairs: Field, text: &str, phrase: bool) -> Result<Option<Box<dyn TQuery>>> {
        if phrase {
            if let Some(q) = self.pair_phrase(words, pairs, text)? {
                return Ok(Some(q));
            }
        }
        self.words(words, text, phrase)
    }

    /// Full text: the body, which holds the title too, scored higher where
    /// the title has the words. Only the body decides what matches, so that
    /// tantivy walks one field's postings, not the union of two.
    fn full_text(&self, text: &str, phrase: bool) -> Result<Option<Box<dyn TQuery>>> {
        let f = &self.fields;
        let Some(body) = self.text_in(f.body, f.pairs, text, phrase)? else { return Ok(None) };
        let mut parts: Vec<(Occur, Box<dyn TQuery>)> = vec![(Occur::Must, body)];
        if let Some(t) = self.text_in(f.title, f.title_pairs, text, phrase)? {
            parts.push((Occur::Should, Box::new(BoostQuery::new(t, 2.0))));
        }
        Ok(Some(Box::new(BooleanQuery::new(parts))))
    }

    fn exact(&self, field: Field, value: &str) -> Box<dyn TQuery> {
        Box::new(TermQuery::new(Term::from_field_text(field, value), IndexRecordOption::Basic))
    }

    /// The tantivy query for a parsed query.
    pub fn to_tantivy(&self, q: &Query) -> Result<Box<dyn TQuery>> {
        let f = &self.fields;
        let mut parts: Vec<(Occur, Box<dyn TQuery>)> = Vec::new();
        // An age range is read from the postings of the values in it (few
        // distinct ages, each a list of reports), alone or beside other
        // clauses. The age column holds every patient's age, several values
        // for some reports, and an intersection seeking through it cost far
        // more than the postings where the other clauses match many reports
        // (1M reports, machine B: `sex:female age:<18` 14.1 -> 9.2 ms p50 for
        // a page, 22.1 -> 2.7 ms for the count alone). A year range on its own
        // is read from postings too; beside other clauses, from the year
        // column (one value a report), which tests only their candidates: a
        // wide range behind a narrow clause (`year:1900..2030 site:knee`) took
        // 1.3 ms so, 4.7 ms from postings.
        let alone = q.clauses.len() == 1;
        let ages = |lower: Bound<Term>, upper: Bound<Term>| -> Box<dyn TQuery> {
            Box::new(InvertedIndexRangeQuery::new(lower, upper))
        };
        let years = |lower: Bound<Term>, upper: Bound<Term>| -> Box<dyn TQuery> {
            if alone {
                Box::new(InvertedIndexRangeQuery::new(lower, upper))
            } else {
                Box::new(RangeQuery::new(lower, upper))
            }
        };
        for c in &q.clauses {
            let sub: Option<Box<dyn TQuery>> = match &c.filter {
                Filter::Text(w) => self.full_text(w, false)?,
                Filter::Phrase(p) => self.full_text(p, true)?,
                Filter::Title(s) => self.words(f.title, s, false)?,
                Filter::Author(s) => self.words(f.authors, s, false)?,
                Filter::Journal(s) => self.words(f.journal, s, false)?,
                Filter::Age(r) => Some(ages(
                    r.min.map_or(Bound::Unbounded, |x| Bound::Included(Term::from_field_f64(f.age, x))),
                    r.max.map_or(Bound::Unbounded, |x| Bound::Excluded(Term::from_field_f64(f.age, x))),
                )),
                Filter::Year(r) => Some(years(
                    r.min.map_or(Bound::Unbounded, |x| {
                        Bound::Included(Term::from_field_u64(f.year, x.max(0.0).ceil() as u64))
                    }),
                    r.max.map_or(Bound::Unbounded, |x| {
                        Bound::Excluded(Term::from_field_u64(f.year, x.max(0.0).ceil() as u64))
                    }),
                )),
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

/// The sort key of [`Sort::Age`] for one segment: (minus the youngest age,
/// year), so that tantivy's descending order puts the youngest first and,
/// among equal ages, the newest. Reports without an age get minus infinity
/// and sink to the end. Ages are a multi-valued fast field (one value per
/// patient), so the minimum is taken over all of a report's values.
fn youngest_first(segment: &SegmentReader) -> impl Fn(DocId, Score) -> (f64, u64) {
    // A segment where no report has an age (or a year) has no column for it.
    let ages = segment.fast_fields().column_opt::<f64>("age").ok().flatten();
    let years = segment.fast_fields().column_opt::<u64>("year").ok().flatten();
    move |doc, _| {
        let youngest = ages.as_ref().and_then(|c| c.values_for_doc(doc).reduce(f64::min));
        let year = years.as_ref().and_then(|c| c.first(doc)).unwrap_or(0);
        (youngest.map_or(f64::NEG_INFINITY, |a| -a), year)
    }
}

/// The number of matches, and the first `want` newest first: by year,
/// newest first, reports with no year last, and in index order among
/// equals, as tantivy's top-k by the `year` column ranks them.
///
/// That top-k reads the year of every match from the column (an optional
/// one, as not every report has a year: a lookup of the row, then of the
/// value), which was most of a query such as `sex:female`, matching half of
/// a large index. Here matches only set a bit, and where a segment has many
/// the years are read from the other side: the postings of each year of the
/// segment, newest first, until `want` matches are found (some `want` times
/// the segment's size over its matches). Where it has few, reading their
/// years from the column costs less, and is done.
struct NewestFirst {
    year: Field,
    want: usize,
    way: YearsFrom,
}

/// Where [`NewestFirst`] reads the years of a segment's matches.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum YearsFrom {
    /// The cheaper for the segment's number of matches.
    Cheaper,
    /// The postings of each year (tests).
    #[cfg_attr(not(test), allow(dead_code))]
    Postings,
    /// The column (tests).
    #[cfg_attr(not(test), allow(dead_code))]
    Column,
}

/// The count and the first `want` hits of `query`, the query of
/// `words`, ranked by relevance: what one pass of counting and scoring
/// every match gives (`Searcher::search_page`), without scoring every
/// match.
///
/// A word scores its body term, plus its title term (boosted) where
/// the title has it. A report whose title has none of the words scores
/// its body terms alone, so the best of those are among the best by
/// body terms, which tantivy finds skipping the blocks of postings that
/// cannot enter the page; the others are among the matches with a title
/// word, scored by the whole query. Both lists are scored again by the
/// whole query and merged. With three words or more, the body terms'
/// scores might be summed in another order than the whole query's, which
/// can change a score's last bit: such queries take one pass.
fn words_page(
    searcher: &tantivy::Searcher,
    words: &PlainWords,
    query: &dyn TQuery,
    want: usize,
) -> Result<(usize, Vec<(Score, DocAddress)>)> {
    let total = searcher.search(query, &Count).map_err(Error::from)?;
    let top = || TopDocs::with_limit(want.max(1)).order_by_score();
    let term = |t: &Term| -> Box<dyn TQuery> { Box::new(TermQuery::new(t.clone(), IndexRecordOption::WithFreqs)) };
    let body = BooleanQuery::new(words.body.iter().map(|t| (Occur::Must, term(t))).collect());
    let mut candidates: Vec<DocAddress> =
        searcher.search(&body, &top()).map_err(Error::from)?.into_iter().map(|(_, a)| a).collect();
    // The whole query's scores (plus nothing) over the reports with a
    // title word.
    let titled: Vec<(Occur, Box<dyn TQuery>)> = words
        .titles
        .iter()
        .filter(|ts| !ts.is_empty())
        .map(|ts| {
            let all: Box<dyn TQuery> = Box::new(BooleanQuery::new(ts.iter().map(|t| (Occur::Must, term(t))).collect()));
            (Occur::Should, all)
        })
        .collect();
    if !titled.is_empty() {
        let titled = BooleanQuery::new(vec![
            (Occur::Must, query.box_clone()),
            (Occur::Must, Box::new(ConstScoreQuery::new(Box::new(BooleanQuery::new(titled)), 0.0))),
        ]);
        candidates.extend(searcher.search(&titled, &top()).map_err(Error::from)?.into_iter().map(|(_, a)| a));
    }
    candidates.sort_unstable();
    candidates.dedup();
    let mut page = rescore(searcher, query, &candidates)?;
    page.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
    page.truncate(want);
    Ok((total, page))
}

/// The scores by `query` of `docs` (in order), each of which matches it.
fn rescore(searcher: &tantivy::Searcher, query: &dyn TQuery, docs: &[DocAddress]) -> Result<Vec<(Score, DocAddress)>> {
    let weight = query.weight(EnableScoring::enabled_from_searcher(searcher)).map_err(Error::from)?;
    let mut out = Vec::with_capacity(docs.len());
    for segment in docs.chunk_by(|a, b| a.segment_ord == b.segment_ord) {
        let mut scorer = weight.scorer(searcher.segment_reader(segment[0].segment_ord), 1.0).map_err(Error::from)?;
        for &a in segment {
            if scorer.doc() <= a.doc_id && scorer.seek(a.doc_id) == a.doc_id {
                out.push((scorer.score(), a));
            }
        }
    }
    Ok(out)
}

/// The terms of a query of plain words ([`Searcher::plain_words`]).
struct PlainWords {
    /// Each word's body term.
    body: Vec<Term>,
    /// Each word's title terms.
    titles: Vec<Vec<Term>>,
}

impl PlainWords {
    /// Whether the reports with a title word are few beside those with
    /// the body words, by the terms' document frequencies: what
    /// [`words_page`] needs to cost less than scoring every
    /// match, as it scores the former in full besides counting the latter
    /// (at 1M, machine B: `calcinosis`, in nearly every synthetic title,
    /// 4.4 ms in one pass, 7.7 ms so; `radiographs deposits`, in none,
    /// 7.8 ms and 3.4 ms).
    fn few_titles(&self, searcher: &tantivy::Searcher) -> bool {
        let df = |t: &Term| searcher.doc_freq(t).unwrap_or(u64::MAX);
        let body = self.body.iter().map(df).min().unwrap_or(0);
        // At most the reports with each word's rarest title term; the body
        // words' reports are at most the rarest word's. The bounds are loose
        // both ways, hence a wide margin (a quarter; chosen, not tuned). Of
        // the queries timed at 1M without this test, the one that took
        // longer (`calcinosis`) is in nearly every title.
        let titled: u64 =
            self.titles.iter().map(|ts| ts.iter().map(df).min().unwrap_or(0)).fold(0, u64::saturating_add);
        titled.saturating_mul(4) < body
    }
}

/// A page entry: the year (`None` last) and the report.
type Dated = (Option<u64>, DocAddress);

struct SegmentNewestFirst {
    ord: u32,
    want: usize,
    way: YearsFrom,
    /// One bit per document of the segment: whether it matched. Set at
    /// every match, so kept by hand: with tantivy's `BitSet`, whose insert
    /// also keeps a count, `sex:female` at 1M took 2.8–2.9 ms against
    /// 1.9–2.1 (p50, machine B).
    matched: Vec<u64>,
    count: usize,
    postings: Arc<InvertedIndexReader>,
    /// The segment's years, newest first, with where their postings are.
    years: Vec<(u64, TermInfo)>,
    /// The year column (none in a segment where no report has a year).
    column: Option<Column<u64>>,
}

impl Collector for NewestFirst {
    type Fruit = (usize, Vec<Dated>);
    type Child = SegmentNewestFirst;

    fn for_segment(&self, ord: u32, segment: &SegmentReader) -> tantivy::Result<SegmentNewestFirst> {
        let postings = segment.inverted_index(self.year)?;
        let mut years = Vec::new();
        let mut terms = postings.terms().stream()?;
        while terms.advance() {
            // A u64 term is its value's eight bytes, most significant first.
            if let Ok(bytes) = <[u8; 8]>::try_from(terms.key()) {
                years.push((u64::from_be_bytes(bytes), terms.value().clone()));
            }
        }
        years.reverse();
        let column = segment.fast_fields().column_opt::<u64>("year")?;
        let words = (segment.max_doc() as usize).div_ceil(64);
        Ok(SegmentNewestFirst {
            ord,
            want: self.want,
            way: self.way,
            matched: vec![0; words],
            count: 0,
            postings,
            years,
            column,
        })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, fruits: Vec<tantivy::Result<(usize, Vec<Dated>)>>) -> tantivy::Result<(usize, Vec<Dated>)> {
        let mut total = 0;
        let mut all = Vec::new();
        for fruit in fruits {
            let (n, page) = fruit?;
            total += n;
            all.extend(page);
        }
        all.sort_by(newest_first_order);
        all.truncate(self.want);
        Ok((total, all))
    }
}

/// Year descending with `None` last, then index order.
fn newest_first_order(a: &Dated, b: &Dated) -> std::cmp::Ordering {
    b.0.is_some().cmp(&a.0.is_some()).then(b.0.cmp(&a.0)).then(a.1.cmp(&b.1))
}

/// Set the bit of `doc` (bit `doc % 64` of word `doc / 64`); whether it
/// is in range.
fn set_bit(words: &mut [u64], doc: DocId) -> bool {
    let Some(w) = words.get_mut(doc as usize / 64) else { return false };
    *w |= 1 << (doc % 64);
    true
}

/// The documents whose bits are set in `words`, in order.
fn set_bits(words: impl Iterator<Item = u64>) -> impl Iterator<Item = DocId> {
    words.enumerate().flat_map(|(i, mut w)| {
        std::iter::from_fn(move || {
            let bit = (w != 0).then(|| w.trailing_zeros())?;
            w &= w - 1;
            Some((i * 64) as DocId + bit)
        })
    })
}

impl SegmentNewestFirst {
    /// Whether `doc` matched.
    fn has_match(&self, doc: DocId) -> bool {
        self.matched.get(doc as usize / 64).is_some_and(|w| w & (1 << (doc % 64)) != 0)
    }

    /// The first `want` matches, their years read from the column.
    fn page_by_column(&self) -> Vec<Dated> {
        let mut page: Vec<Dated> = set_bits(self.matched.iter().copied())
            .map(|doc| (self.column.as_ref().and_then(|c| c.first(doc)), DocAddress::new(self.ord, doc)))
            .collect();
        page.sort_by(newest_first_order);
        page.truncate(self.want);
        page
    }

    /// Each document of a year's postings, in index order.
    fn each_posting(&self, info: &TermInfo, mut f: impl FnMut(DocId) -> bool) -> tantivy::Result<()> {
        let mut postings = self.postings.read_postings_from_terminfo(info, IndexRecordOption::Basic)?;
        let mut doc = postings.doc();
        while doc != TERMINATED && f(doc) {
            doc = postings.advance();
        }
        Ok(())
    }
}

impl SegmentCollector for SegmentNewestFirst {
    /// An error when a year's postings cannot be read (a damaged index).
    type Fruit = tantivy::Result<(usize, Vec<Dated>)>;

    fn collect(&mut self, doc: DocId, _score: Score) {
        if set_bit(&mut self.matched, doc) {
            self.count += 1;
        }
    }

    fn harvest(self) -> tantivy::Result<(usize, Vec<Dated>)> {
        // The postings walk reads about `want × documents / matches`
        // postings: few where matches are many, nearly all where they are
        // few, and then the column, one lookup per match, costs less.
        // Measured on an index of 1M reports (14 segments, pages of 20):
        // 94,000 matches took 5.0 ms by the column against 1.3 by the walk;
        // 4,200 to 4,800, the same either way; 477, 1.6 against 1.8. Hence
        // the column below √(want × documents / 5) matches, some 570 in a
        // segment of 80,000 for a page of 20, and whenever fewer than
        // `want` match (the walk would read every posting, twice).
        let documents = self.matched.len() * 64;
        let column = match self.way {
            YearsFrom::Cheaper => {
                self.count < self.want
                    || self.count.saturating_mul(self.count).saturating_mul(5) < self.want * documents
            }
            YearsFrom::Postings => false,
            YearsFrom::Column => true,
        };
        if column {
            return Ok((self.count, self.page_by_column()));
        }
        let mut page: Vec<Dated> = Vec::new();
        for (year, info) in &self.years {
            if page.len() >= self.want {
                return Ok((self.count, page));
            }
            self.each_posting(info, |doc| {
                if self.has_match(doc) {
                    page.push((Some(*year), DocAddress::new(self.ord, doc)));
                }
                page.len() < self.want
            })?;
        }
        if page.len() < self.want {
            // The matches with no year: those no year's postings hold.
            let mut dated = vec![0u64; self.matched.len()];
            for (_, info) in &self.years {
                self.each_posting(info, |doc| {
                    set_bit(&mut dated, doc);
                    true
                })?;
            }
            let undated = set_bits(self.matched.iter().zip(&dated).map(|(&m, &d)| m & !d));
            let room = self.want - page.len();
            page.extend(undated.take(room).map(|doc| (None, DocAddress::new(self.ord, doc))));
        }
        Ok((self.count, page))
    }
}

/// The stored record of the report at `addr`.
fn record_in(searcher: &tantivy::Searcher, field: Field, addr: DocAddress) -> Result<CaseReport> {
    let doc: TantivyDocument = searcher.doc(addr).map_err(Error::from)?;
    let bytes = doc
        .get_first(field)
        .and_then(|v| v.as_bytes())
        .ok_or_else(|| Error::index("a document has no stored record; re-run ingest"))?;
    serde_json::from_slice(bytes).map_err(|e| Error::index(format!("stored record is unreadable ({e}); re-run ingest")))
}

/// Run a read of the index, turning a panic inside tantivy into an error.
///
/// tantivy trusts its files: a damaged segment (a disk error, a copy cut
/// short, a file edited by hand) can make it read out of bounds and panic.
/// That is a damaged index, which the user repairs by ingesting again, not a
/// crash of casedex.
fn guarded<T>(read: impl FnOnce() -> Result<T>) -> Result<T> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(read)).unwrap_or_else(|panic| {
        Err(Error::index(format!(
            "the index files are damaged ({}); ingest again into a new directory",
            crate::error::panic_message(&*panic)
        )))
    })
}

/// Counts the values of exact (string fast) fields, and of `u64` fast
/// fields such as `year`, over matching documents.
struct ValueCounts {
    fields: Vec<String>,
}

/// A fast column to count: strings by term ordinal (resolved to text at
/// harvest), numbers by value.
enum CountedColumn {
    Str(StrColumn),
    U64(Column<u64>),
}

/// One counted column of a segment.
struct SegmentColumn {
    name: String,
    column: Option<CountedColumn>,
    /// Counts of a string column, by term ordinal: a vector indexed by the
    /// ordinal, as every match of a query is counted (up to the whole index).
    by_ord: Vec<u64>,
    /// Counts of a number column, by value.
    by_value: HashMap<u64, u64>,
    /// The values of the current document, reused across documents.
    values: Vec<u64>,
    /// A string column with at most one value per document.
    single: bool,
}

struct SegmentValueCounts {
    columns: Vec<SegmentColumn>,
}

impl Collector for ValueCounts {
    type Fruit = Counts;
    type Child = SegmentValueCounts;

    fn for_segment(&self, _ord: u32, segment: &SegmentReader) -> tantivy::Result<SegmentValueCounts> {
        let mut columns = Vec::new();
        let schema = segment.schema();
        for f in &self.fields {
            let numeric = schema
                .get_field(f)
                .is_ok_and(|field| schema.get_field_entry(field).field_type().value_type() == Type::U64);
            // A segment where no document has the value has no column: nothing to count there.
            let column = if numeric {
                segment.fast_fields().column_opt::<u64>(f)?.map(CountedColumn::U64)
            } else {
                segment.fast_fields().str(f)?.map(CountedColumn::Str)
            };
            let by_ord = match &column {
                Some(CountedColumn::Str(c)) => vec![0; c.num_terms()],
                _ => Vec::new(),
            };
            let single = matches!(&column, Some(CountedColumn::Str(c)) if c.ords().get_cardinality() != Cardinality::Multivalued);
            columns.push(SegmentColumn {
                name: f.clone(),
                column,
                by_ord,
                by_value: HashMap::new(),
                values: Vec::new(),
                single,
            });
        }
        Ok(SegmentValueCounts { columns })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, fruits: Vec<Self::Fruit>) -> tantivy::Result<Self::Fruit> {
        Ok(merge_counts(self.fields.iter().map(String::as_str), fruits))
    }
}

/// The counts of several segments added up, with every field asked for
/// present (empty when no report has a value).
fn merge_counts<'a>(fields: impl Iterator<Item = &'a str>, fruits: Vec<Counts>) -> Counts {
    let mut out: Counts = fields.map(|f| (f.to_string(), BTreeMap::new())).collect();
    for fruit in fruits {
        for (field, counts) in fruit {
            let e = out.entry(field).or_default();
            for (k, v) in counts {
                *e.entry(k).or_default() += v;
            }
        }
    }
    out
}

/// Counts of summary fields (see [`schema::SUMMARY_FIELDS`]) from each
/// report's `summary` column: one read per report, whatever the number of
/// fields, counted by term ordinal; each distinct summary is decoded once,
/// at harvest.
struct SummaryCounts {
    /// The fields asked for, by their index in `SUMMARY_FIELDS`.
    wanted: Vec<usize>,
}

struct SegmentSummaryCounts {
    wanted: Vec<usize>,
    column: Option<StrColumn>,
    by_ord: Vec<u64>,
}

impl Collector for SummaryCounts {
    type Fruit = Counts;
    type Child = SegmentSummaryCounts;

    fn for_segment(&self, _ord: u32, segment: &SegmentReader) -> tantivy::Result<SegmentSummaryCounts> {
        let column = segment.fast_fields().str("summary")?;
        let by_ord = column.as_ref().map_or_else(Vec::new, |c| vec![0; c.num_terms()]);
        Ok(SegmentSummaryCounts { wanted: self.wanted.clone(), column, by_ord })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, fruits: Vec<tantivy::Result<Counts>>) -> tantivy::Result<Counts> {
        let fruits = fruits.into_iter().collect::<tantivy::Result<Vec<Counts>>>()?;
        Ok(merge_counts(self.wanted.iter().map(|&i| schema::SUMMARY_FIELDS[i]), fruits))
    }
}

/// Counts of reports by field, then by value.
pub type Counts = BTreeMap<String, BTreeMap<String, u64>>;

impl SegmentCollector for SegmentSummaryCounts {
    /// An error when the summaries cannot be read back (a damaged index).
    type Fruit = tantivy::Result<Counts>;

    fn collect(&mut self, doc: DocId, _score: Score) {
        if let Some(ord) = self.column.as_ref().and_then(|c| c.ords().first(doc)) {
            self.by_ord[ord as usize] += 1;
        }
    }

    fn harvest(self) -> tantivy::Result<Counts> {
        let mut out = Counts::new();
        let Some(col) = self.column else { return Ok(out) };
        // Each summary counted, decoded once, in one pass over the
        // dictionary (ordinals in order, not a lookup each).
        let (ords, counts): (Vec<u64>, Vec<u64>) =
            self.by_ord.iter().enumerate().filter(|(_, &n)| n > 0).map(|(o, &n)| (o as u64, n)).unzip();
        // A field has a handful of values: a short list beats a map.
        let mut fields: Vec<Vec<(String, u64)>> = vec![Vec::new(); self.wanted.len()];
        // Where each summary field's counts go, if it is wanted (`wanted`
        // holds each field once): a summary is read in one pass.
        let mut slot = [None; schema::SUMMARY_FIELDS.len()];
        for (k, &i) in self.wanted.iter().enumerate() {
            slot[i] = Some(k);
        }
        let mut k = 0;
        col.dictionary().sorted_ords_to_term_cb(&ords, |bytes| {
            let n = counts.get(k).copied().unwrap_or(0);
            k += 1;
            let Ok(key) = std::str::from_utf8(bytes) else { return };
            for (i, values) in schema::summary_fields(key).enumerate() {
                let Some(field) = slot.get(i).copied().flatten().and_then(|s| fields.get_mut(s)) else { continue };
                for v in values {
                    match field.iter_mut().find(|(x, _)| x == v) {
                        Some((_, c)) => *c += n,
                        None => field.push((v.to_string(), n)),
                    }
                }
            }
        })?;
        for (&i, field) in self.wanted.iter().zip(fields) {
            out.insert(schema::SUMMARY_FIELDS[i].to_string(), field.into_iter().collect());
        }
        Ok(out)
    }
}

impl SegmentCollector for SegmentValueCounts {
    type Fruit = Counts;

    fn collect(&mut self, doc: DocId, _score: Score) {
        for c in &mut self.columns {
            c.values.clear();
            match &c.column {
                // A column where no document of the segment has two values:
                // one read, no list to fill and sort.
                Some(CountedColumn::Str(col)) if c.single => {
                    if let Some(v) = col.ords().first(doc) {
                        c.by_ord[v as usize] += 1;
                    }
                    continue;
                }
                Some(CountedColumn::Str(col)) => c.values.extend(col.term_ords(doc)),
                Some(CountedColumn::U64(col)) => c.values.extend(col.values_for_doc(doc)),
                None => continue,
            }
            // A document counts once per value, however often it repeats it.
            if c.values.len() > 1 {
                c.values.sort_unstable();
                c.values.dedup();
            }
            for &v in &c.values {
                match c.by_ord.get_mut(v as usize) {
                    Some(n) => *n += 1,
                    None => *c.by_value.entry(v).or_default() += 1,
                }
            }
        }
    }

    fn harvest(self) -> Self::Fruit {
        let mut out = BTreeMap::new();
        for c in self.columns {
            let mut m = BTreeMap::new();
            match c.column {
                Some(CountedColumn::Str(col)) => {
                    let mut s = String::new();
                    for (ord, &n) in c.by_ord.iter().enumerate() {
                        s.clear();
                        if n > 0 && col.ord_to_str(ord as u64, &mut s).unwrap_or(false) {
                            *m.entry(s.clone()).or_default() += n;
                        }
                    }
                }
                Some(CountedColumn::U64(_)) => {
                    for (v, n) in c.by_value {
                        *m.entry(v.to_string()).or_default() += n;
                    }
                }
                None => {}
            }
            out.insert(c.name, m);
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pipeline::{ingest_bytes, Options};
    use crate::synth::{self, Form, Size};
    use tantivy::Order;

    /// A searcher over `docs` (file name, text) ingested into a temporary
    /// directory (kept with it) in several segments, a commit every 40.
    fn in_segments(docs: &[(String, String)]) -> (tempfile::TempDir, Searcher) {
        let dir = tempfile::tempdir().unwrap();
        let index = Index::create_or_open(dir.path()).unwrap();
        let items: Vec<(&str, &[u8])> = docs.iter().map(|(n, d)| (n.as_str(), d.as_bytes())).collect();
        let opts = Options { threads: 1, commit_every: 40, chunk: 20, ..Options::default() };
        ingest_bytes(&index, &items, &opts).unwrap();
        let s = index.searcher().unwrap();
        assert!(s.reader.searcher().segment_readers().len() > 1, "the test needs several segments");
        (dir, s)
    }

    /// [`NewestFirst`] against tantivy's top-k by the year column, which it
    /// stands in for: the same count and the same page, read either way,
    /// for broad and narrow queries, first and later pages, over several
    /// segments, with a quarter of the reports without a year.
    #[test]
    fn newest_first_ranks_as_the_year_column_does() {
        let docs: Vec<(String, String)> = (0..240)
            .map(|i| {
                let mut d = synth::document(3, i, Size::Abstract, Form::Pubmed);
                if i % 4 == 1 {
                    let (a, b) = (d.find("<PubDate>").unwrap(), d.find("</PubDate>").unwrap());
                    d.replace_range(a + "<PubDate>".len()..b, "");
                }
                (format!("r{i:03}.xml"), d)
            })
            .collect();
        let (_dir, s) = in_segments(&docs);
        let searcher = s.reader.searcher();
        let mut undated_seen = false;
        for text in ["", "sex:female", "age:<18", "subtype:idiopathic", "year:<2005", "treatment:nosuchdrug"] {
            let q = s.to_tantivy(&text.parse().unwrap()).unwrap();
            for (limit, offset) in [(1, 0), (5, 3), (20, 0), (20, 150), (300, 0), (10, 235)] {
                let top = TopDocs::with_limit(limit).and_offset(offset).order_by_fast_field::<u64>("year", Order::Desc);
                let (n, want) = searcher.search(&*q, &(Count, top)).unwrap();
                let want: Vec<(Option<u64>, DocAddress)> = want;
                for way in [YearsFrom::Cheaper, YearsFrom::Postings, YearsFrom::Column] {
                    let newest = NewestFirst { year: s.fields.year, want: offset + limit, way };
                    let (m, got) = searcher.search(&*q, &newest).unwrap();
                    let got: Vec<(Option<u64>, DocAddress)> = got.into_iter().skip(offset).collect();
                    assert_eq!((m, &got), (n, &want), "{text:?}, limit {limit}, offset {offset}, {way:?}");
                    undated_seen |= got.iter().any(|(y, _)| y.is_none());
                }
            }
        }
        assert!(undated_seen, "reports without a year were never reached");
    }

    /// [`Searcher::records_at`], which splits the reading among the search
    /// threads, gives the records in the order asked, as reading them one
    /// by one does, across segments.
    #[test]
    fn records_are_read_in_the_order_asked() {
        let docs: Vec<(String, String)> =
            (0..90).map(|i| (format!("r{i:03}.xml"), synth::document(7, i, Size::Abstract, Form::Pubmed))).collect();
        let (_dir, mut s) = in_segments(&docs);
        // Two search threads, however many cores this machine has.
        s.index.set_multithread_executor(2).unwrap();
        let searcher = s.reader.searcher();
        let all = searcher.search(&AllQuery, &TopDocs::with_limit(90).order_by_score()).unwrap();
        let mut addrs: Vec<DocAddress> = all.into_iter().map(|(_, a)| a).collect();
        addrs.reverse();
        addrs.swap(0, 45);
        for n in [0, 1, 2, 3, 20, 90] {
            let one_by_one: Vec<String> =
                addrs[..n].iter().map(|&a| record_in(&searcher, s.fields.record, a).unwrap().id).collect();
            let split: Vec<String> = s.records_at(&searcher, &addrs[..n]).unwrap().into_iter().map(|r| r.id).collect();
            assert_eq!(split, one_by_one, "{n} records");
            // Distinct ids, so that an order changed would show.
            assert_eq!(split.iter().collect::<std::collections::HashSet<_>>().len(), n);
        }
    }

    /// [`words_page`] against one pass counting and scoring every
    /// match: the same count and the same page, scores included, for
    /// words in many titles, in few and in none, over several segments.
    #[test]
    fn words_page_ranks_as_one_pass_does() {
        let docs: Vec<(String, String)> =
            (0..240).map(|i| (format!("r{i:03}.xml"), synth::document(5, i, Size::Abstract, Form::Pubmed))).collect();
        let (_dir, s) = in_segments(&docs);
        let searcher = s.reader.searcher();
        let (mut few, mut many) = (0, 0);
        for text in [
            "calcinosis",
            "nodules",
            "deposits",
            "papules",
            "lesion",
            "painful plaques",
            "radiographs deposits",
            "white papules",
            "hard nodules",
            "nosuchword",
        ] {
            let q: Query = text.parse().unwrap();
            let words = s.plain_words(&q).unwrap().unwrap_or_else(|| panic!("{text:?} is plain words"));
            if words.few_titles(&searcher) {
                few += 1;
            } else {
                many += 1;
            }
            let query = s.to_tantivy(&q).unwrap();
            for (limit, offset) in [(1, 0), (5, 3), (20, 0), (20, 150), (300, 0), (10, 235)] {
                let top = TopDocs::with_limit(limit).and_offset(offset).order_by_score();
                let (n, want) = searcher.search(&*query, &(Count, top)).unwrap();
                let (m, got) = words_page(&searcher, &words, &*query, offset + limit).unwrap();
                let got: Vec<(Score, DocAddress)> = got.into_iter().skip(offset).collect();
                assert_eq!((m, &got), (n, &want), "{text:?}, limit {limit}, offset {offset}");
            }
        }
        assert!(few > 0 && many > 0, "queries of each kind: {few} with few titles, {many} with many");
        // Not plain words (a word read as a field, a phrase, a filter, a
        // negated word, three words): one pass.
        for text in [
            "nodules elbow",
            "\"hard white papules\"",
            "nodules sex:female",
            "-nodules lesion",
            "hard white papules",
            "title:nodules",
        ] {
            assert!(s.plain_words(&text.parse().unwrap()).unwrap().is_none(), "{text:?}");
        }
    }
}
