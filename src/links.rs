//! Citation links: which indexed report a reference points to.
//!
//! A reference is resolved to an indexed report by, in order of trust:
//! its DOI or PMID (exact); the first author's surname, the year and the
//! title (similar enough: most of the title's words shared); or the journal,
//! volume and first page. Each link records how it was made and a
//! confidence. A reference by the same first author in the same year with a
//! different title is *not* linked: authors publish several papers a year.
//!
//! Links are not stored: the index keeps, for every report, the keys that
//! find candidates in both directions (its DOI, PMID, first-author surname and
//! volume/page; the same keys of each of its references), and
//! [`Searcher::cites`](crate::index::search::Searcher::cites) and
//! [`cited_by`](crate::index::search::Searcher::cited_by) resolve links with
//! term lookups when asked. A report ingested later is therefore linked to
//! the reports that cite it without re-ingesting them.

use std::collections::BTreeSet;

use serde::Serialize;
use unicode_normalization::char::is_combining_mark;
use unicode_normalization::UnicodeNormalization;

use crate::record::{CaseReport, Reference};

/// How a link was made.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Method {
    /// Same DOI.
    Doi,
    /// Same PMID.
    Pmid,
    /// Same first-author surname and year, similar title.
    AuthorYearTitle,
    /// Same journal, volume and first page.
    JournalVolumePage,
}

impl Method {
    /// The kebab-case name used in JSON and tables.
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Doi => "doi",
            Method::Pmid => "pmid",
            Method::AuthorYearTitle => "author-year-title",
            Method::JournalVolumePage => "journal-volume-page",
        }
    }
}

/// One resolved reference.
#[derive(Debug, Clone, Serialize)]
pub struct Link {
    /// The citing report.
    pub from: String,
    /// The cited report.
    pub to: String,
    /// Position of the reference in the citing report's list (0-based).
    pub reference: usize,
    /// The reference's printed label, if any.
    pub label: Option<String>,
    /// How the link was made.
    pub method: Method,
    /// How sure: 1 for identifiers, less for fuzzy matches.
    pub confidence: f32,
}

/// Lowercase ASCII letters of a name, diacritics removed: "Bécuwe" → "becuwe".
pub fn fold(s: &str) -> String {
    s.nfkd().filter(|c| !is_combining_mark(*c)).filter(|c| c.is_alphanumeric()).flat_map(char::to_lowercase).collect()
}

/// The surname of an author written "Surname Initials" (or a bare surname).
pub fn surname_key(author: &str) -> String {
    let a = author.trim();
    let surname = match a.rsplit_once(' ') {
        Some((s, ini)) if ini.chars().all(|c| c.is_uppercase()) => s,
        _ => a,
    };
    fold(surname)
}

/// "surname|year" for candidate lookup.
pub fn author_year_key(author: &str, year: u32) -> String {
    format!("{}|{year}", surname_key(author))
}

/// "volume|first page", when both are known.
pub fn volume_page_key(volume: Option<&str>, pages: Option<&str>) -> Option<String> {
    let v = fold(volume?);
    let p = fold(pages?.split(['-', '–']).next()?);
    (!v.is_empty() && !p.is_empty()).then(|| format!("{v}|{p}"))
}

/// Title words that carry meaning.
fn title_words(t: &str) -> BTreeSet<String> {
    const STOP: &[&str] =
        &["a", "an", "the", "of", "in", "and", "or", "with", "on", "for", "to", "by", "case", "report", "at"];
    t.split(|c: char| !c.is_alphanumeric()).map(fold).filter(|w| !w.is_empty() && !STOP.contains(&w.as_str())).collect()
}

/// Dice similarity of two titles' words, in [0, 1].
pub fn title_similarity(a: &str, b: &str) -> f32 {
    let (x, y) = (title_words(a), title_words(b));
    if x.is_empty() || y.is_empty() {
        return 0.0;
    }
    2.0 * x.intersection(&y).count() as f32 / (x.len() + y.len()) as f32
}

/// Whether a journal abbreviation names a journal: "Case Rep Dermatol" and
/// "Case Reports in Dermatology" (each abbreviated word a prefix of the full one).
pub fn same_journal(a: &str, b: &str) -> bool {
    const STOP: &[&str] = &["of", "in", "the", "and", "for", "de", "la"];
    let words = |s: &str| -> Vec<String> {
        s.split(|c: char| !c.is_alphanumeric())
            .map(fold)
            .filter(|w| !w.is_empty() && !STOP.contains(&w.as_str()))
            .collect()
    };
    let (x, y) = (words(a), words(b));
    if x.is_empty() || x.len() != y.len() {
        return !x.is_empty() && x == y;
    }
    x.iter().zip(&y).all(|(p, q)| p.starts_with(q.as_str()) || q.starts_with(p.as_str()))
}

/// How well a reference matches a report, if it does.
pub fn match_reference(r: &Reference, c: &CaseReport) -> Option<(Method, f32)> {
    if let (Some(a), Some(b)) = (&r.doi, &c.doi) {
        return (a.eq_ignore_ascii_case(b)).then_some((Method::Doi, 1.0));
    }
    if let (Some(a), Some(b)) = (&r.pmid, &c.pmid) {
        return (a == b).then_some((Method::Pmid, 1.0));
    }
    let same_author = match (r.authors.first(), c.authors.first()) {
        (Some(a), Some(b)) => surname_key(a) == surname_key(b),
        _ => false,
    };
    let year_ok = match (r.year, c.year) {
        // Online-first and print years differ by one.
        (Some(a), Some(b)) => a.abs_diff(b) <= 1,
        _ => false,
    };
    let title = match (&r.title, &c.title) {
        (Some(a), Some(b)) => Some(title_similarity(a, b)),
        _ => None,
    };
    if same_author && year_ok {
        if let Some(sim) = title {
            if sim >= 0.6 {
                return Some((Method::AuthorYearTitle, 0.5 + 0.5 * sim));
            }
            // Same author and year, different title: another paper.
            return None;
        }
    }
    let vp = volume_page_key(r.volume.as_deref(), r.pages.as_deref());
    if vp.is_some() && vp == volume_page_key(c.volume.as_deref(), c.pages.as_deref()) {
        let journal_ok = match (&r.journal, &c.journal) {
            (Some(a), Some(b)) => same_journal(a, b),
            _ => false,
        };
        if journal_ok && title.is_none_or(|s| s >= 0.3) {
            return Some((Method::JournalVolumePage, if same_author { 0.95 } else { 0.85 }));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn report(authors: &[&str], year: u32, title: &str) -> CaseReport {
        CaseReport {
            authors: authors.iter().map(|s| s.to_string()).collect(),
            year: Some(year),
            title: Some(title.into()),
            ..CaseReport::default()
        }
    }

    #[test]
    fn identifiers_link() {
        let c = CaseReport { doi: Some("10.1155/2013/241891".into()), ..CaseReport::default() };
        let r = Reference { doi: Some("10.1155/2013/241891".into()), ..Reference::default() };
        assert_eq!(match_reference(&r, &c), Some((Method::Doi, 1.0)));
        let c = CaseReport { pmid: Some("28203159".into()), ..CaseReport::default() };
        let r = Reference { pmid: Some("28203159".into()), ..Reference::default() };
        assert_eq!(match_reference(&r, &c).map(|m| m.0), Some(Method::Pmid));
    }

    #[test]
    fn fuzzy_author_year_title() {
        let c =
            report(&["Gupta SKV", "Balaga R"], 2013, "Idiopathic Calcinosis Cutis over Elbow in a 12-Year-Old Child");
        let r = Reference {
            authors: vec!["Gupta SK".into()],
            year: Some(2013),
            title: Some("Idiopathic calcinosis cutis over elbow in a 12-year old child".into()),
            ..Reference::default()
        };
        assert_eq!(match_reference(&r, &c).map(|m| m.0), Some(Method::AuthorYearTitle));
        // Diacritics and case do not matter.
        let c = report(&["Bécuwe C"], 2004, "Milia-like idiopathic calcinosis cutis");
        let r = Reference {
            authors: vec!["Becuwe C".into()],
            year: Some(2004),
            title: c.title.clone(),
            ..Reference::default()
        };
        assert!(match_reference(&r, &c).is_some());
    }

    #[test]
    fn same_author_and_year_with_another_title_is_not_linked() {
        let c = report(&["Gupta SK"], 2013, "Idiopathic calcinosis cutis over elbow in a 12-year old child");
        let r = Reference {
            authors: vec!["Gupta SK".into()],
            year: Some(2013),
            title: Some("Tuberculous osteomyelitis of the distal radius".into()),
            volume: Some("2013".into()),
            pages: Some("555".into()),
            ..Reference::default()
        };
        assert_eq!(match_reference(&r, &c), None);
    }

    #[test]
    fn journal_volume_page() {
        let mut c = report(&["Alsaif F"], 2017, "Unilateral idiopathic calcinosis cutis: a case report");
        c.journal = Some("Case Reports in Dermatology".into());
        c.volume = Some("9".into());
        c.pages = Some("20-24".into());
        let r = Reference {
            authors: vec!["Alsaif F".into()],
            journal: Some("Case Rep Dermatol".into()),
            volume: Some("9".into()),
            pages: Some("20–24".into()),
            ..Reference::default()
        };
        assert_eq!(match_reference(&r, &c).map(|m| m.0), Some(Method::JournalVolumePage));
        assert!(same_journal("J Clin Aesthet Dermatol", "Journal of Clinical and Aesthetic Dermatology"));
        assert!(!same_journal("Pediatr Dermatol", "Clin Exp Dermatol"));
    }
}
