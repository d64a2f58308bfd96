//! Novelty check: has this been reported before, and did the authors cite it?
//!
//! A draft (a file, or a feature list given as a query) is reduced to its
//! features: age group, sex, disease, subtype, variant, laterality, sides,
//! sites and their regions, treatments given. Prior reports in the index that
//! share them (published before a year, when given) are ranked by how many
//! and how specific the shared features are (a subtype or a site says more
//! than a sex); for each, the check says whether the draft cites it, through
//! the citation links of [`crate::links`]. An indexed report that appears to
//! be the draft itself (same DOI, PMID or title, or nearly the same
//! references) is set aside. Each novelty or rarity claim of the draft is
//! read for the feature combination it speaks of ("unilateral … on the upper
//! and lower limbs"), and assessed against the prior reports that have all of
//! those features: how many there are against the number claimed, and which
//! of them the draft does not cite.

use std::collections::BTreeSet;
use std::ops::Bound;

use serde::Serialize;
use tantivy::query::{BooleanQuery, Occur, Query as TQuery, RangeQuery, TermQuery};
use tantivy::schema::{Facet, IndexRecordOption};
use tantivy::Term;

use crate::doc::{Meta, Section, SectionKind, SourceDoc};
use crate::error::Result;
use crate::extract::Extractor;
use crate::index::search::Searcher;
use crate::links;
use crate::query::{Filter, Query, Range};
use crate::record::{age_group, CaseReport, ClaimKind, Format, Laterality, Sex, Side};

/// The features a report (or a query) is compared on.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Features {
    /// PubMed age groups of the patients.
    pub age_groups: Vec<String>,
    /// Ages in years, or an age range from a query.
    pub ages: Vec<f64>,
    /// An age range (from a query or a claim).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub age_range: Option<Range>,
    /// Sexes.
    pub sexes: Vec<Sex>,
    /// Diseases.
    pub diseases: Vec<String>,
    /// Subtypes.
    pub subtypes: Vec<String>,
    /// Variants.
    pub variants: Vec<String>,
    /// Laterality.
    pub laterality: Option<Laterality>,
    /// Sides.
    pub sides: Vec<Side>,
    /// Site paths.
    pub sites: Vec<String>,
    /// Regions.
    pub regions: Vec<String>,
    /// Treatments given.
    pub treatments: Vec<String>,
}

/// Sites that tell reports apart: the skin and its layers are named by every
/// report of a skin disease, so they are not a shared feature worth counting.
fn specific(path: &str) -> bool {
    !path.starts_with("/integument")
}

fn sorted<T: Ord + Clone>(it: impl IntoIterator<Item = T>) -> Vec<T> {
    it.into_iter().collect::<BTreeSet<T>>().into_iter().collect()
}

impl Features {
    /// The features of a report.
    pub fn of(r: &CaseReport) -> Features {
        let ages: Vec<f64> = r.patients.iter().filter_map(|p| p.age_years).collect();
        Features {
            age_groups: sorted(ages.iter().map(|a| age_group(*a).to_string())),
            ages,
            age_range: None,
            sexes: sorted(r.patients.iter().filter_map(|p| p.sex)),
            diseases: r.diseases.clone(),
            subtypes: r.subtypes.clone(),
            variants: r.variants.clone(),
            laterality: r.laterality,
            sides: r.sides.clone(),
            sites: sorted(r.sites.iter().filter(|s| specific(&s.path)).map(|s| s.path.clone())),
            regions: sorted(r.sites.iter().filter(|s| specific(&s.path)).map(|s| s.region.clone())),
            treatments: sorted(r.treatments_given().map(|t| t.name.clone())),
        }
    }

    /// The features a query asks for (its field filters; free text is ignored).
    pub fn of_query(q: &Query) -> Features {
        let mut f = Features::default();
        for c in q.clauses.iter().filter(|c| !c.negated) {
            match &c.filter {
                Filter::Age(r) => f.age_range = Some(*r),
                Filter::Sex(s) => f.sexes.push(*s),
                Filter::Subtype(s) => f.subtypes.push(s.clone()),
                Filter::Variant(s) => f.variants.push(s.clone()),
                Filter::Disease(s) => f.diseases.push(s.clone()),
                Filter::Laterality(l) => f.laterality = Some(*l),
                Filter::Side(s) => f.sides.push(*s),
                Filter::Site(p) => f.sites.push(p.clone()),
                Filter::Region(r) => f.regions.push(r.clone()),
                Filter::Treatment(t) => f.treatments.push(t.clone()),
                _ => {}
            }
        }
        f
    }

    /// The features a claim sentence speaks of: read by the extractors (as if
    /// the sentence were a case) and by the query reader (for "in children").
    pub fn of_claim(text: &str, ex: &Extractor) -> Features {
        let doc = SourceDoc {
            path: String::new(),
            format: Format::Text,
            record: 0,
            meta: Meta::default(),
            text: text.to_string(),
            sections: vec![Section { kind: SectionKind::Case, heading: None, range: 0..text.len() }],
            references: vec![],
        };
        let r = ex.extract(&doc);
        let mut f = Features {
            subtypes: r.subtypes,
            variants: r.variants,
            laterality: r.laterality,
            sites: sorted(r.sites.iter().filter(|s| specific(&s.path)).map(|s| s.path.clone())),
            ..Features::default()
        };
        if let Ok(q) = Query::parse(text, ex) {
            let qf = Features::of_query(&q);
            f.age_range = qf.age_range;
            f.sexes = qf.sexes;
        }
        f
    }

    fn is_empty(&self) -> bool {
        self.subtypes.is_empty()
            && self.variants.is_empty()
            && self.laterality.is_none()
            && self.sites.is_empty()
            && self.age_range.is_none()
            && self.treatments.is_empty()
    }
}

/// A prior report and what it shares with the draft.
#[derive(Debug, Clone, Serialize)]
pub struct Prior {
    /// Its id.
    pub id: String,
    /// Year.
    pub year: Option<u32>,
    /// Authors.
    pub authors: Vec<String>,
    /// Title.
    pub title: Option<String>,
    /// DOI.
    pub doi: Option<String>,
    /// PMID.
    pub pmid: Option<String>,
    /// The features shared, most specific first.
    pub shared: Vec<String>,
    /// Specificity-weighted overlap.
    pub score: f32,
    /// Whether the draft cites it.
    pub cited: bool,
}

/// One claim of the draft, assessed.
#[derive(Debug, Clone, Serialize)]
pub struct ClaimCheck {
    /// The sentence.
    pub text: String,
    /// Its kind.
    pub kind: ClaimKind,
    /// The number of cases it states, if any.
    pub count: Option<u32>,
    /// The features it speaks of.
    pub features: Vec<String>,
    /// The assessment, in words.
    pub assessment: String,
    /// Prior reports with all of those features.
    pub evidence: Vec<String>,
    /// Those of them the draft does not cite.
    pub uncited: Vec<String>,
}

/// The whole check.
#[derive(Debug, Clone, Serialize)]
pub struct Novelty {
    /// The draft's features.
    pub features: Features,
    /// Its claims, assessed.
    pub claims: Vec<ClaimCheck>,
    /// Prior reports, best match first.
    pub prior: Vec<Prior>,
    /// Indexed reports that appear to be the draft itself (left out of `prior`).
    #[serde(rename = "self")]
    pub itself: Vec<String>,
}

/// Options of a check.
#[derive(Debug, Clone, Copy)]
pub struct Options {
    /// Only reports published before this year.
    pub before: Option<u32>,
    /// Prior reports to list.
    pub limit: usize,
}

/// The features `f` and report `c` share, with their weights.
fn shared(f: &Features, c: &CaseReport) -> Vec<(String, f32)> {
    let mut out: Vec<(String, f32)> = Vec::new();
    for s in f.subtypes.iter().filter(|s| c.subtypes.contains(s)) {
        out.push((format!("subtype:{s}"), 3.0));
    }
    for v in f.variants.iter().filter(|v| c.variants.contains(v)) {
        out.push((format!("variant:{v}"), 3.0));
    }
    if f.laterality.is_some() && f.laterality == c.laterality {
        out.push((format!("laterality:{}", f.laterality.map_or("", |l| l.as_str())), 2.0));
    }
    for s in f.sides.iter().filter(|s| c.sides.contains(s)) {
        out.push((format!("side:{}", s.as_str()), 1.0));
    }
    let mut regions_done = BTreeSet::new();
    for p in &f.sites {
        // A site matches the same site or a narrower one (the hierarchy).
        if c.sites.iter().any(|s| s.path == *p || s.path.starts_with(&format!("{p}/"))) {
            out.push((format!("site:{}", p.rsplit('/').next().unwrap_or(p)), 2.0));
            regions_done.insert(region_of(p));
        }
    }
    for r in f.regions.iter().filter(|r| !regions_done.contains(r.as_str())) {
        if c.sites.iter().any(|s| &s.region == r) {
            out.push((format!("region:{r}"), 1.0));
        }
    }
    let cf = Features::of(c);
    if let Some(range) = f.age_range {
        if cf.ages.iter().any(|a| range.min.is_none_or(|m| *a >= m) && range.max.is_none_or(|m| *a < m)) {
            out.push((format!("age:{range}"), 1.5));
        }
    } else if let Some(g) = f.age_groups.iter().find(|g| cf.age_groups.contains(g)) {
        out.push((format!("age group:{g}"), 1.5));
    } else {
        let child = |a: &f64| *a < 19.0;
        if f.ages.iter().any(child) && cf.ages.iter().any(child) {
            out.push(("age:under 19".into(), 1.0));
        } else if f.ages.iter().any(|a| !child(a)) && cf.ages.iter().any(|a| !child(a)) {
            out.push(("age:19 and over".into(), 0.5));
        }
    }
    for s in f.sexes.iter().filter(|s| cf.sexes.contains(s)) {
        out.push((format!("sex:{}", s.as_str()), 0.5));
    }
    for t in f.treatments.iter().filter(|t| cf.treatments.contains(t)) {
        out.push((format!("treatment:{t}"), 2.0));
    }
    for d in f.diseases.iter().filter(|d| c.diseases.contains(d)) {
        out.push((format!("disease:{d}"), 0.5));
    }
    out.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    out
}

fn region_of(path: &str) -> &str {
    let parts: Vec<&str> = path.trim_start_matches('/').split('/').collect();
    parts.get(1).or(parts.first()).copied().unwrap_or("")
}

/// Whether `c` has every feature of `f` (claims are about combinations).
fn has_all(f: &Features, c: &CaseReport) -> bool {
    let cf = Features::of(c);
    f.subtypes.iter().all(|s| c.subtypes.contains(s))
        && f.variants.iter().all(|v| c.variants.contains(v))
        && f.laterality.is_none_or(|l| c.laterality == Some(l))
        && f.sides.iter().all(|s| c.sides.contains(s))
        && f.sites.iter().all(|p| c.sites.iter().any(|s| s.path == *p || s.path.starts_with(&format!("{p}/"))))
        && f.age_range
            .is_none_or(|r| cf.ages.iter().any(|a| r.min.is_none_or(|m| *a >= m) && r.max.is_none_or(|m| *a < m)))
        && f.sexes.iter().all(|s| cf.sexes.contains(s))
        && f.treatments.iter().all(|t| cf.treatments.contains(t))
}

/// Whether an indexed report is the draft itself.
fn is_itself(draft: &CaseReport, c: &CaseReport) -> bool {
    let same = |a: &Option<String>, b: &Option<String>| {
        a.is_some() && a.as_deref().map(str::to_lowercase) == b.as_deref().map(str::to_lowercase)
    };
    if same(&draft.doi, &c.doi) || same(&draft.pmid, &c.pmid) {
        return true;
    }
    if let (Some(a), Some(b)) = (&draft.title, &c.title) {
        if links::title_similarity(a, b) >= 0.9 {
            return true;
        }
    }
    // Nearly the same reference list.
    let keys = |r: &CaseReport| -> BTreeSet<String> {
        r.references.iter().filter_map(|x| Some(links::author_year_key(x.authors.first()?, x.year?))).collect()
    };
    let (a, b) = (keys(draft), keys(c));
    a.len() >= 3 && a.intersection(&b).count() * 10 >= a.len().max(b.len()) * 8
}

/// Whether the draft cites `c`.
fn cites(draft: &CaseReport, c: &CaseReport) -> bool {
    draft.references.iter().any(|r| links::match_reference(r, c).is_some())
}

/// Candidate prior reports: any that share a feature, published before `before`.
fn candidates(s: &Searcher, f: &Features, before: Option<u32>) -> Result<Vec<CaseReport>> {
    let fields = s.fields();
    let term = |field, v: &str| -> Box<dyn TQuery> {
        Box::new(TermQuery::new(Term::from_field_text(field, v), IndexRecordOption::Basic))
    };
    let mut any: Vec<(Occur, Box<dyn TQuery>)> = Vec::new();
    for v in &f.subtypes {
        any.push((Occur::Should, term(fields.subtype, v)));
    }
    for v in &f.variants {
        any.push((Occur::Should, term(fields.variant, v)));
    }
    if let Some(l) = f.laterality {
        any.push((Occur::Should, term(fields.laterality, l.as_str())));
    }
    for p in &f.sites {
        if let Ok(facet) = Facet::from_text(p) {
            any.push((
                Occur::Should,
                Box::new(TermQuery::new(Term::from_facet(fields.site, &facet), IndexRecordOption::Basic)),
            ));
        }
    }
    for r in &f.regions {
        any.push((Occur::Should, term(fields.region, r)));
    }
    for t in &f.treatments {
        any.push((Occur::Should, term(fields.treatment, t)));
    }
    for d in &f.diseases {
        any.push((Occur::Should, term(fields.disease, d)));
    }
    if any.is_empty() {
        return Ok(vec![]);
    }
    let mut all: Vec<(Occur, Box<dyn TQuery>)> = vec![(Occur::Must, Box::new(BooleanQuery::new(any)))];
    if let Some(y) = before {
        all.push((
            Occur::Must,
            Box::new(RangeQuery::new(
                Bound::Unbounded,
                Bound::Excluded(Term::from_field_u64(fields.year, u64::from(y))),
            )),
        ));
    }
    s.records(&BooleanQuery::new(all), 2000)
}

/// Check a draft (or, with `draft` None, a feature list) against the index.
pub fn check(s: &Searcher, draft: Option<&CaseReport>, features: Features, opts: Options) -> Result<Novelty> {
    let ex = Extractor::global();
    let mut itself = Vec::new();
    let mut prior_reports = Vec::new();
    for c in candidates(s, &features, opts.before)? {
        if draft.is_some_and(|d| is_itself(d, &c)) {
            itself.push(c.id.clone());
        } else {
            prior_reports.push(c);
        }
    }
    let cited = |c: &CaseReport| draft.is_some_and(|d| cites(d, c));
    let mut prior: Vec<Prior> = prior_reports
        .iter()
        .filter_map(|c| {
            let sh = shared(&features, c);
            let score: f32 = sh.iter().map(|x| x.1).sum();
            (score >= 3.0).then(|| Prior {
                id: c.id.clone(),
                year: c.year,
                authors: c.authors.clone(),
                title: c.title.clone(),
                doi: c.doi.clone(),
                pmid: c.pmid.clone(),
                shared: sh.into_iter().map(|x| x.0).collect(),
                score,
                cited: cited(c),
            })
        })
        .collect();
    prior.sort_by(|a, b| b.score.total_cmp(&a.score).then(b.year.cmp(&a.year)).then(a.id.cmp(&b.id)));
    prior.truncate(opts.limit);
    let mut claims = Vec::new();
    let draft_claims: Vec<(String, ClaimKind, Option<u32>)> = match draft {
        Some(d) => d.claims.iter().map(|c| (c.text.clone(), c.kind, c.count)).collect(),
        None => vec![],
    };
    for (text, kind, count) in draft_claims {
        let mut cf = Features::of_claim(&text, ex);
        if kind != ClaimKind::First {
            // A count or rarity claim is about a kind of case; the sites in its
            // sentence usually describe the earlier cases it lists.
            cf.sites.clear();
        }
        if cf.is_empty() {
            // "Only a small number of cases have been reported": of the draft's own kind.
            cf = Features {
                subtypes: features.subtypes.clone(),
                laterality: features.laterality,
                ..Features::default()
            };
        }
        let matching: Vec<&CaseReport> = prior_reports.iter().filter(|c| has_all(&cf, c)).collect();
        let uncited: Vec<String> = matching.iter().filter(|c| !cited(c)).map(|c| c.id.clone()).collect();
        let described = describe(&cf);
        let n = matching.len();
        let assessment = match kind {
            ClaimKind::First if n == 0 => format!("no earlier report in the index has {}", described.join(" + ")),
            ClaimKind::First => {
                format!("not the first: {n} earlier report(s) in the index have {}", described.join(" + "))
            }
            ClaimKind::Count => match count {
                Some(k) if n as u32 > k => {
                    format!("claims {k}; the index holds {n} earlier report(s) with {}", described.join(" + "))
                }
                Some(k) => format!(
                    "claims {k}; the index holds {n} earlier report(s) with {} (consistent)",
                    described.join(" + ")
                ),
                None => format!("the index holds {n} earlier report(s) with {}", described.join(" + ")),
            },
            _ => format!("the index holds {n} earlier report(s) with {}", described.join(" + ")),
        };
        claims.push(ClaimCheck {
            text,
            kind,
            count,
            features: described,
            assessment,
            evidence: matching.iter().map(|c| c.id.clone()).collect(),
            uncited,
        });
    }
    if draft.is_none() && !features.is_empty() {
        let matching: Vec<&CaseReport> = prior_reports.iter().filter(|c| has_all(&features, c)).collect();
        claims.push(ClaimCheck {
            text: "the queried combination".into(),
            kind: ClaimKind::First,
            count: None,
            features: describe(&features),
            assessment: if matching.is_empty() {
                "no report in the index has all of these features".into()
            } else {
                format!("{} report(s) in the index have all of these features", matching.len())
            },
            evidence: matching.iter().map(|c| c.id.clone()).collect(),
            uncited: vec![],
        });
    }
    Ok(Novelty { features, claims, prior, itself })
}

/// Features as `field:value` words.
fn describe(f: &Features) -> Vec<String> {
    let mut out = Vec::new();
    out.extend(f.subtypes.iter().map(|s| format!("subtype:{s}")));
    out.extend(f.variants.iter().map(|s| format!("variant:{s}")));
    out.extend(f.laterality.map(|l| format!("laterality:{}", l.as_str())));
    out.extend(f.sides.iter().map(|s| format!("side:{}", s.as_str())));
    out.extend(f.sites.iter().map(|p| format!("site:{}", p.rsplit('/').next().unwrap_or(p))));
    out.extend(f.age_range.map(|r| format!("age:{r}")));
    out.extend(f.sexes.iter().map(|s| format!("sex:{}", s.as_str())));
    out.extend(f.treatments.iter().map(|t| format!("treatment:{t}")));
    out
}
