//! Front matter of plain-text reports: title, authors, journal line, citation.
//!
//! Journals and scrapers lay the top of an article out in many ways; each
//! line is classified on its own:
//!
//! - labels: "CASE REPORT", "Letter to the Editor", "Correspondence", "Sir,";
//! - identifiers: "DOI: 10.…", "PMCID: PMC…", URLs;
//! - labelled fields: "Authors: …", "Journal: …", "How to cite this article: …";
//! - a full citation: "Cohen PR, Tschen JA. Idiopathic calcinosis cutis of the
//!   penis. J Clin Aesthet Dermatol. 2012;5:23-30." (parsed as a reference);
//! - journal lines: "Case Rep Dermatol 2017;9(1):20–24", "Indian Dermatology
//!   Online Journal | Volume 13 | Issue 6 | 2022 | 775-777", "Dermatology Online
//!   Journal 22 (5): 9 (2016)", "Annals of Dermatology, Vol. 23, No. 4, 2011,
//!   pp. 490-492", or a journal name alone followed by "Vol 1 | Issue 1 | 2010";
//! - author lines: "Gupta N, Paliwal V", "S D Shenoi, R Rao", "K. Conde, K.
//!   Igue", "E. Vargas Laguna, A. Aguilar Martinez and F. Burgos";
//! - the title: the first other line that reads like a title.
//!
//! What the lines say directly wins over what the citation line implies.
//! Known misses: author lists of surnames only (without initials) are read
//! only when long; affiliations that look like names ("Porto, Portugal")
//! are taken for authors when no other author line precedes them.

use std::ops::Range;

use crate::doc::Meta;
use crate::extract::reference;
use crate::ingest::xml;

/// What the front matter gave.
#[derive(Debug, Default)]
pub(crate) struct Front {
    pub meta: Meta,
    /// Byte range of the title line in the text.
    pub title: Option<Range<usize>>,
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Class {
    Label,
    Id,
    Labelled,
    Citation,
    Journal,
    /// A journal name alone, its numbers on the next line.
    JournalName,
    Authors,
    Other,
}

/// Read the front matter `text[range]`.
pub(crate) fn read(text: &str, range: Range<usize>) -> Front {
    let mut front = Front::default();
    let mut lines: Vec<(Range<usize>, Class)> = Vec::new();
    let mut pos = range.start;
    for raw in text[range.clone()].split_inclusive('\n') {
        let start = pos;
        pos += raw.len();
        let t = raw.trim();
        if t.is_empty() {
            continue;
        }
        let lead = raw.len() - raw.trim_start().len();
        let r = start + lead..start + lead + t.len();
        lines.push((r, classify(t)));
    }
    for i in 1..lines.len() {
        let next = &text[lines[i].0.clone()];
        if lines[i].1 == Class::Journal
            && lines[i - 1].1 == Class::Other
            && re!(r"(?i)^(?:vol|volume|issue|no\b)").is_match(next)
        {
            lines[i - 1].1 = Class::JournalName;
        }
    }
    let mut from_citation = Meta::default();
    let mut journal_pending: Option<String> = None;
    for (r, class) in &lines {
        let t = &text[r.clone()];
        match class {
            Class::Labelled => labelled(t, &mut front.meta, &mut from_citation),
            Class::Citation if from_citation.title.is_none() => citation(t, &mut from_citation),
            Class::Journal => {
                journal_line(t, &mut front.meta);
                if front.meta.journal.is_none() {
                    front.meta.journal = journal_pending.take();
                }
            }
            Class::JournalName => journal_pending = clean_journal(t),
            Class::Other if front.title.is_none() && is_title(t) => front.title = Some(r.clone()),
            _ => {}
        }
    }
    // Authors: the first author line after the title (or anywhere, without one).
    let after_title = front.title.as_ref().map_or(0, |t| t.start);
    front.meta.authors = lines
        .iter()
        .filter(|(r, c)| *c == Class::Authors && r.start >= after_title)
        .chain(lines.iter().filter(|(_, c)| *c == Class::Authors))
        .find_map(|(r, _)| author_list(&text[r.clone()]))
        .unwrap_or_default();
    if front.meta.authors.is_empty() {
        // "B Arora": a single name right under the title.
        if let Some(t) = &front.title {
            if let Some((r, _)) = lines.iter().find(|(r, _)| r.start > t.end) {
                let line = &text[r.clone()];
                if let Some(c) = re!(r"^((?:[A-Z]{1,3}\.?\s+)+)([A-Z][a-z'’-]+)$").captures(line) {
                    front.meta.authors = vec![xml::author(&c[2], &c[1])];
                } else if let Some(c) = re!(r"^([A-Z][a-z'’-]+)\s+([A-Z]{1,3})$").captures(line) {
                    front.meta.authors = vec![xml::author(&c[1], &c[2])];
                }
            }
        }
    }
    if let Some(t) = &front.title {
        front.meta.title = Some(text[t.clone()].to_string());
    }
    fill(&mut front.meta, from_citation);
    front
}

fn classify(t: &str) -> Class {
    let label = re!(
        r"(?i)^(?:case reports?|case study|letters?(?: to the editor)?|correspondence|photo vignettes?|clinical images?|images? in [\w ]+|original (?:article|research)|brief reports?|research letters?|short communication|editorial|review(?: article)?|sir|dear (?:editor|sir)|abstract|summary|keywords?|key words)\b"
    );
    if label.is_match(t) && t.len() < 80 {
        return Class::Label;
    }
    if re!(r"(?i)^(?:doi|pmid|pmcid|https?://|www\.)").is_match(t) {
        return Class::Id;
    }
    if re!(r"(?i)^(?:authors?|journal|source|citation[^:]{0,20}|how to cite(?: this article)?|cite this article(?: as)?|reference)\s*:").is_match(t) {
        return Class::Labelled;
    }
    if year_in(t) && (t.matches(". ").count() >= 2 || re!(r"\(\s*(?:19|20)\d{2}[a-z]?\s*\)").is_match(t)) {
        let r = reference::parse(t);
        if !r.authors.is_empty() && r.year.is_some() && r.title.is_some() {
            return Class::Citation;
        }
    }
    if journal_like(t) {
        return Class::Journal;
    }
    if author_list(t).is_some() {
        return Class::Authors;
    }
    Class::Other
}

fn year_in(t: &str) -> bool {
    re!(r"\b(?:19|20)\d{2}\b").is_match(t)
}

/// A line that gives the journal's volume, issue, pages or year.
fn journal_like(t: &str) -> bool {
    let signals = re!(
        r"(?i)\bvol(?:ume)?\b\.?|\bissue\b|\bsuppl\b|\bno\.\s*\d|\bpp?\.\s*\d|\bpages?\s+\d|\b(?:19|20)\d{2}\s*;\s*\d|\d+\s*\(\s*\w+\s*\)\s*:\s*\d|\(\s*(?:19|20)\d{2}\s*\)\s*\d+\s*:|\|"
    );
    signals.is_match(t) && (year_in(t) || re!(r"(?i)^vol").is_match(t)) && t.len() < 200 && !t.ends_with(['?'])
}

/// "Journal …" lines: the name and whatever numbers they give.
fn journal_line(t: &str, m: &mut Meta) {
    if let Some(c) = re!(r"(?P<journal>[^;|]*?)\s*[.,]?\s+(?P<year>(?:19|20)\d{2})(?:\s+[A-Z][a-z]{2}(?:\s*\d{1,2})?)?\s*;\s*(?P<vol>\d+)\s*(?:\((?P<issue>[^)]{1,12})\))?\s*(?::\s*(?P<pages>[eE]?\d+(?:\s*[-–]\s*[eE]?\d+)?))?").captures(t) {
        set(&mut m.journal, clean_journal(&c["journal"]));
        m.year = m.year.or(c["year"].parse().ok());
        set(&mut m.volume, Some(c["vol"].to_string()));
        set(&mut m.issue, c.name("issue").map(|x| x.as_str().to_string()));
        set(&mut m.pages, c.name("pages").map(|x| pages(x.as_str())));
        return;
    }
    // Name first, then numbers: "Journal | Volume 13 | …", "Journal, Vol. 16, …",
    // "Journal 22 (5): 9 (2016)", "Journal (1999) 198: 90-92".
    let name_end =
        re!(r"(?i)\s*(?:\||,|\bvol(?:ume)?\b|\bsuppl|\(\s*(?:19|20)\d{2}|\b\d)").find(t).map_or(t.len(), |x| x.start());
    set(&mut m.journal, clean_journal(&t[..name_end]));
    m.year = m.year.or_else(|| xml::year_in(t));
    let vol = re!(r"(?i)\bvol(?:ume)?\.?\s*(\d+)")
        .captures(t)
        .or_else(|| re!(r"^[^\d(]+\s(\d+)\s*\(").captures(t))
        .or_else(|| re!(r"\)\s*(\d+)\s*:").captures(t));
    set(&mut m.volume, vol.map(|c| c[1].to_string()));
    let issue =
        re!(r"(?i)\b(?:issue|no\.?|number)\s*(\d+)").captures(t).or_else(|| re!(r"\d\s*\((\w+)\)\s*:").captures(t));
    set(&mut m.issue, issue.map(|c| c[1].to_string()));
    let pg = re!(r"(?i)\b(?:pages?|pp?\.)\s*([eE]?\d+(?:\s*[-–]\s*\d+)?)")
        .captures(t)
        .or_else(|| re!(r"\|\s*(\d+\s*[-–]\s*\d+)\s*$").captures(t))
        .or_else(|| re!(r"\)\s*:\s*([eE]?\d+(?:\s*[-–]\s*\d+)?)").captures(t))
        .or_else(|| re!(r"\b\d+\s*:\s*(\d+\s*[-–]\s*\d+)").captures(t));
    set(&mut m.pages, pg.map(|c| pages(&c[1])));
}

fn clean_journal(s: &str) -> Option<String> {
    let s = s.trim().trim_end_matches(['.', ',', ';', ':', '|']).trim();
    (s.len() >= 3 && s.chars().any(char::is_alphabetic) && !re!(r"(?i)^(?:vol|volume|issue)\b").is_match(s))
        .then(|| s.to_string())
}

fn pages(p: &str) -> String {
    p.replace(' ', "").replace('–', "-")
}

fn set(slot: &mut Option<String>, v: Option<String>) {
    if slot.is_none() {
        *slot = v;
    }
}

/// "Authors: …", "Journal: …", "How to cite this article: …".
fn labelled(t: &str, m: &mut Meta, cit: &mut Meta) {
    let Some((label, value)) = t.split_once(':') else { return };
    let value = value.trim();
    let label = label.to_lowercase();
    if label.starts_with("author") {
        if m.authors.is_empty() {
            m.authors = author_list(value).unwrap_or_default();
        }
    } else if label.starts_with("journal") || label.starts_with("source") {
        journal_line(value, m);
        if m.journal.is_none() {
            m.journal = clean_journal(value);
        }
    } else {
        citation(value, cit);
    }
}

fn citation(t: &str, m: &mut Meta) {
    let r = reference::parse(t);
    m.authors = r.authors;
    m.title = r.title.map(|t| t.trim_matches(['\'', '‘', '’', '"', '“', '”']).to_string());
    m.journal = r.journal;
    m.year = r.year;
    m.volume = r.volume;
    m.pages = r.pages;
    if m.doi.is_none() {
        m.doi = r.doi;
    }
}

/// Fill what the lines left empty from the citation line.
fn fill(m: &mut Meta, c: Meta) {
    set(&mut m.title, c.title);
    set(&mut m.journal, c.journal);
    set(&mut m.volume, c.volume);
    set(&mut m.pages, c.pages);
    m.year = m.year.or(c.year);
    if m.authors.is_empty() {
        m.authors = c.authors;
    }
}

fn is_title(t: &str) -> bool {
    crate::ingest::layout::looks_like_title(t)
        && !t.ends_with(',')
        && !(t.ends_with('.') && t.matches(". ").count() >= 1)
}

/// An author list, in any of the usual forms; None when the line is not one.
pub(crate) fn author_list(line: &str) -> Option<Vec<String>> {
    let line = line.trim().trim_end_matches(['.', ',']);
    if line.len() > 600 || line.chars().any(|c| c.is_ascii_digit()) || line.contains(['(', ':', ';']) {
        return None;
    }
    let parts: Vec<&str> =
        re!(r",\s*(?:and\s+|&\s*)?|\s+(?:and|&)\s+").split(line).map(str::trim).filter(|p| !p.is_empty()).collect();
    if parts.len() < 2 && !line.contains(',') {
        return None;
    }
    let mut out = Vec::new();
    // Every part a full name (given names or initials with a surname), or a
    // long list of bare surnames; "Porto, Portugal" is neither.
    let mut bare = 0;
    for p in &parts {
        let words: Vec<&str> = p.split_whitespace().collect();
        if words.is_empty()
            || words.len() > 5
            || !words.iter().all(|w| w.chars().next().is_some_and(char::is_uppercase) || is_particle(w))
        {
            return None;
        }
        let last = *words.last()?;
        let is_initials = |w: &str| {
            let letters: Vec<char> = w.chars().filter(|c| *c != '.' && *c != '-').collect();
            !letters.is_empty() && letters.len() <= 4 && letters.iter().all(|c| c.is_uppercase())
        };
        if words.len() >= 2 && is_initials(last) && !words[..words.len() - 1].iter().all(|w| is_initials(w)) {
            // Vancouver: "Surname AB".
            out.push(xml::author(&words[..words.len() - 1].join(" "), last));
        } else if words.len() >= 2 {
            // "S D Shenoi", "K. Conde", "E. Vargas Laguna": initials or given names first.
            let k = words.iter().position(|w| !is_initials(w)).unwrap_or(words.len() - 1);
            let (given, surname) = if k > 0 {
                (words[..k].join(" "), words[k..].join(" "))
            } else {
                let mut j = words.len() - 1;
                while j > 0 && is_particle(words[j - 1]) {
                    j -= 1;
                }
                (words[..j].join(" "), words[j..].join(" "))
            };
            out.push(xml::author(&surname, &given));
        } else {
            // A bare surname ("Balcı"): only credible in a long list.
            bare += 1;
            out.push(words[0].to_string());
        }
    }
    (bare == 0 || out.len() >= 4).then_some(out)
}

fn is_particle(w: &str) -> bool {
    matches!(
        w,
        "van"
            | "von"
            | "de"
            | "der"
            | "den"
            | "da"
            | "di"
            | "del"
            | "della"
            | "dos"
            | "du"
            | "la"
            | "le"
            | "ten"
            | "ter"
            | "al"
            | "el"
            | "bin"
            | "ibn"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn meta(t: &str) -> Meta {
        read(t, 0..t.len()).meta
    }

    #[test]
    fn layouts() {
        let m = meta("Indian Dermatology Online Journal | Volume 13 | Issue 6 | 2022 | 775-777\nhttps://doi.org/10.4103/x\nExtensive Idiopathic Calcinosis in a Child\nBhattarai D, Banday AZ, Patra PK, Risal U\n");
        assert_eq!(m.journal.as_deref(), Some("Indian Dermatology Online Journal"));
        assert_eq!(
            (m.year, m.volume.as_deref(), m.issue.as_deref(), m.pages.as_deref()),
            (Some(2022), Some("13"), Some("6"), Some("775-777"))
        );
        assert_eq!(m.title.as_deref(), Some("Extensive Idiopathic Calcinosis in a Child"));
        assert_eq!(m.authors.len(), 4);

        let m = meta("Cohen PR, Tschen JA. Idiopathic calcinosis cutis of the penis. J Clin Aesthet Dermatol. 2012;5:23-30.\n\nIDIOPATHIC CALCINOSIS CUTIS OF THE PENIS\n\nAuthors: Cohen PR, Tschen JA\nJournal: Journal of Clinical and Aesthetic Dermatology, volume 5 (2012), pages 23-30\n");
        assert_eq!(m.title.as_deref(), Some("IDIOPATHIC CALCINOSIS CUTIS OF THE PENIS"));
        assert_eq!(m.authors, vec!["Cohen PR", "Tschen JA"]);
        assert_eq!(m.journal.as_deref(), Some("Journal of Clinical and Aesthetic Dermatology"));

        let m = meta("Indian Dermatology Online Journal\nVol 1 | Issue 1 | 2010 | Pages 36-38\n\nCASE REPORT\n\nIdiopathic calcinosis cutis of the penis\n\nR Tainwala, Y K Sharma, N Gaur\n");
        assert_eq!(m.journal.as_deref(), Some("Indian Dermatology Online Journal"));
        assert_eq!(m.authors, vec!["Tainwala R", "Sharma YK", "Gaur N"]);
        assert_eq!(m.title.as_deref(), Some("Idiopathic calcinosis cutis of the penis"));

        let m = meta("Acta Derm Venereol 2009; 89(5)\nhttps://doi.org/10.2340/x\n\nLETTER TO THE EDITOR\n\nPetrified Ear – A Case of Calcinosis Cutis\n\nE. Vargas Laguna, A. Aguilar Martinez and F. Burgos\n\nSir,\n");
        assert_eq!(m.journal.as_deref(), Some("Acta Derm Venereol"));
        assert_eq!(m.authors, vec!["Vargas Laguna E", "Aguilar Martinez A", "Burgos F"]);

        let m = meta("IDIOPATHIC SCROTAL CALCINOSIS\n\nB Arora\n");
        assert_eq!(m.authors, vec!["Arora B"]);

        let m = meta("Dermatology Online Journal 22 (5): 9 (2016)\n");
        assert_eq!(
            (m.journal.as_deref(), m.volume.as_deref(), m.issue.as_deref(), m.year),
            (Some("Dermatology Online Journal"), Some("22"), Some("5"), Some(2016))
        );
    }

    #[test]
    fn affiliations_are_not_authors() {
        assert_eq!(author_list("Porto, Portugal"), None);
        assert_eq!(author_list("Kosti, White Nile, Sudan"), None);
        assert!(author_list("The lesions grew, and then shrank").is_none());
        assert_eq!(author_list("C. Bécuwe, B. Roth, M.H. Villedieu").map(|a| a.len()), Some(3));
        assert_eq!(
            author_list("Fatimah Alsaif, Ahmad M. Abduljabbar and Jan van der Berg"),
            Some(vec!["Alsaif F".to_string(), "Abduljabbar AM".to_string(), "van der Berg J".to_string()])
        );
    }
}
