//! The plain-text reader.
//!
//! The decoded file is the document's text, unchanged, so evidence offsets
//! point into the file itself (for UTF-8 files, byte for byte). Sections and
//! the reference list come from [`super::layout`]; bibliographic data from the
//! front matter (title line, author line, a "Journal 2017;9:20–24" line) and
//! from identifiers anywhere near the top (DOI, PMID, PMCID).

use crate::doc::{Meta, SectionKind, SourceDoc};
use crate::ingest::layout::{self, floor_char_boundary};
use crate::ingest::xml::clean_doi;
use crate::record::Format;

/// Read a plain-text document.
pub(crate) fn read(path: &str, text: String) -> SourceDoc {
    let layout = layout::plain_text(&text);
    let mut meta = Meta::default();
    // Identifiers sit in the front matter, or in the page header of scraped
    // pages (which has no front matter we can delimit), so look at the top.
    let top = &text[..floor_char_boundary(&text, layout.front.end.max(6000))];
    ids(top, &mut meta);
    if meta.doi.is_none() && meta.pmid.is_none() && meta.pmcid.is_none() {
        // Scraped PubMed pages print "PMID: …" at the foot, after the abstract;
        // look anywhere before the reference list (whose ids are other papers').
        let refs =
            layout.sections.iter().find(|s| s.kind == SectionKind::References).map_or(text.len(), |s| s.range.start);
        ids(&text[..refs], &mut meta);
    }
    let front = &text[layout.front.clone()];
    if let Some(t) = layout.sections.iter().find(|s| s.kind == SectionKind::Title) {
        meta.title = Some(text[t.range.clone()].trim().to_string());
    } else if layout.front.is_empty() {
        meta.title = repeated_prefix_title(&text);
    }
    citation_line(if front.is_empty() { top } else { front }, &mut meta);
    meta.authors = front.lines().skip(1).find_map(author_line).unwrap_or_default();
    SourceDoc {
        path: path.to_string(),
        format: Format::Text,
        record: 0,
        meta,
        sections: layout.sections,
        references: layout.references,
        text,
    }
}

fn ids(top: &str, meta: &mut Meta) {
    if let Some(m) =
        re!(r"(?i)\b(?:doi:?\s*\[?\s*|https?://(?:dx\.)?doi\.org/)?(10\.\d{4,9}/[^\s\]\[<>]+)").captures(top)
    {
        meta.doi = clean_doi(&m[1]);
    }
    if let Some(m) = re!(r"\bPMID:?\s*(\d{4,9})\b").captures(top) {
        meta.pmid = Some(m[1].to_string());
    }
    if let Some(m) = re!(r"\b(PMC\d{4,9})\b").captures(top) {
        meta.pmcid = Some(m[1].to_string());
    }
}

/// "Case Rep Dermatol 2017;9(1):20–24", "Exp Ther Med . 2014 Aug; 8(2): 419–422."
fn citation_line(s: &str, meta: &mut Meta) {
    let re = re!(
        r"(?m)(?:^|[.\s])(?P<journal>[A-Z][A-Za-z&'’ .-]{2,90}?)\s*[.,]?\s+(?P<year>(?:19|20)\d{2})(?:\s+[A-Z][a-z]{2}(?:\s*\d{1,2})?)?\s*;\s*(?P<vol>\d+)\s*(?:\((?P<issue>[^)]{1,12})\))?\s*:\s*(?P<pages>[eE]?\d+(?:\s*[-–]\s*[eE]?\d+)?)"
    );
    if let Some(c) = re.captures(s) {
        let journal = c["journal"].trim().trim_end_matches('.').trim();
        if !journal.is_empty() {
            meta.journal = Some(journal.to_string());
        }
        meta.year = c["year"].parse().ok();
        meta.volume = Some(c["vol"].to_string());
        meta.issue = c.name("issue").map(|m| m.as_str().to_string());
        meta.pages = Some(c["pages"].replace([' '], "").replace('–', "-"));
    } else if let Some(y) = re!(r"\b((?:19|20)\d{2})\b").captures(s) {
        meta.year = y[1].parse().ok();
    }
}

/// "Alsaif F, Abduljabbar AM" or "Fatimah Alsaif, Ahmad M. Abduljabbar" → authors.
fn author_line(line: &str) -> Option<Vec<String>> {
    let line = line.trim().trim_end_matches('.');
    if line.len() > 600
        || line.chars().any(|c| c.is_ascii_digit())
        || !line.contains([',', '&']) && !line.contains(" and ")
    {
        return None;
    }
    let parts: Vec<&str> =
        re!(r",\s*(?:and\s+|&\s*)?|\s+(?:and|&)\s+").split(line).map(str::trim).filter(|p| !p.is_empty()).collect();
    if parts.is_empty() {
        return None;
    }
    let mut out = Vec::new();
    for p in parts {
        let words: Vec<&str> = p.split_whitespace().collect();
        if words.is_empty()
            || words.len() > 5
            || !words.iter().all(|w| w.chars().next().is_some_and(char::is_uppercase) || is_particle(w))
        {
            return None;
        }
        let last = *words.last()?;
        if words.len() >= 2 && last.chars().all(|c| c.is_uppercase()) && last.len() <= 3 {
            // Vancouver: "Surname AB".
            out.push(format!("{} {}", words[..words.len() - 1].join(" "), last));
        } else {
            // "Given M. Surname": surname last, particles kept with it.
            let mut k = words.len() - 1;
            while k > 0 && is_particle(words[k - 1]) {
                k -= 1;
            }
            let given = words[..k].join(" ");
            out.push(crate::ingest::xml::author(&words[k..].join(" "), &given));
        }
    }
    Some(out)
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

/// Scraped pages start with the page title and repeat it later as the
/// article heading: the longest such repeated prefix is the title.
fn repeated_prefix_title(text: &str) -> Option<String> {
    // Only scraped pages (one huge first line) start with a page title.
    if text.lines().next().is_none_or(|l| l.len() < 2000) {
        return None;
    }
    let head = &text[..floor_char_boundary(text, 400)];
    let words: Vec<(usize, &str)> =
        head.split_whitespace().map(|w| (w.as_ptr() as usize - head.as_ptr() as usize, w)).collect();
    let mut best = None;
    for n in 4..words.len() {
        let (pos, w) = words[n - 1];
        let prefix = &head[..pos + w.len()];
        let rest = &text[prefix.len()..];
        if rest.contains(prefix) {
            best = Some(prefix.trim().to_string());
        } else {
            break;
        }
    }
    best.filter(|t| t.len() >= 20)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn front_matter_is_read() {
        let t = "Unilateral idiopathic calcinosis cutis in a child\nAlsaif F, Abduljabbar AM\nCase Rep Dermatol 2017;9(1):20–24. doi:10.1159/000456651. PMID: 28203159\n\nAbstract\n\nA long abstract sentence that is prose. Another sentence follows here.\n";
        let d = read("x.txt", t.to_string());
        assert_eq!(d.meta.title.as_deref(), Some("Unilateral idiopathic calcinosis cutis in a child"));
        assert_eq!(d.meta.authors, vec!["Alsaif F", "Abduljabbar AM"]);
        assert_eq!(d.meta.journal.as_deref(), Some("Case Rep Dermatol"));
        assert_eq!(d.meta.year, Some(2017));
        assert_eq!(d.meta.volume.as_deref(), Some("9"));
        assert_eq!(d.meta.pages.as_deref(), Some("20-24"));
        assert_eq!(d.meta.doi.as_deref(), Some("10.1159/000456651"));
        assert_eq!(d.meta.pmid.as_deref(), Some("28203159"));
    }

    #[test]
    fn full_name_authors() {
        assert_eq!(
            author_line("Fatimah Alsaif, Ahmad M. Abduljabbar and Jan van der Berg"),
            Some(vec!["Alsaif F".to_string(), "Abduljabbar AM".to_string(), "van der Berg J".to_string()])
        );
        assert_eq!(author_line("The lesions grew, and then shrank"), None);
    }

    #[test]
    fn scraped_title() {
        let t = format!("Diagnosis and treatment of SAPHO syndrome: A case report Warning: menu PMID: 1 Diagnosis and treatment of SAPHO syndrome: A case report XINGHUA SONG {}", "text ".repeat(500));
        let t = t.as_str();
        assert_eq!(
            repeated_prefix_title(t).as_deref(),
            Some("Diagnosis and treatment of SAPHO syndrome: A case report")
        );
    }
}
