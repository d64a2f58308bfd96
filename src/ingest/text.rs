//! The plain-text reader.
//!
//! The decoded file is the document's text, unchanged, so evidence offsets
//! point into the file itself (for UTF-8 files, byte for byte). Sections and
//! the reference list come from [`super::layout`]; bibliographic data from the
//! front matter (title line, author line, a "Journal 2017;9:20–24" line) and
//! from identifiers anywhere near the top (DOI, PMID, PMCID).

use crate::doc::{Meta, Section, SectionKind, SourceDoc};
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
    let front = super::front::read(&text, layout.front.clone());
    let mut sections = layout.sections;
    if let Some(t) = &front.title {
        split_out_title(&mut sections, t.clone());
    } else if layout.front.is_empty() {
        meta.title = repeated_prefix_title(&text);
    }
    let ids_found = (meta.doi.take(), meta.pmid.take(), meta.pmcid.take());
    let title = meta.title.take();
    meta = Meta { title: front.meta.title.clone().or(title), ..front.meta };
    meta.doi = ids_found.0.or(meta.doi);
    meta.pmid = ids_found.1.or(meta.pmid);
    meta.pmcid = ids_found.2.or(meta.pmcid);
    if meta.authors.is_empty() {
        // Letters sign off with their authors at the foot.
        meta.authors = sections
            .iter()
            .rev()
            .take(4)
            .filter(|s| s.kind != SectionKind::References)
            .flat_map(|s| text[s.range.clone()].lines().rev())
            .find_map(|l| (l.trim().len() < 200).then(|| super::front::author_list(l)).flatten())
            .unwrap_or_default();
    }
    if meta.journal.is_none() && layout.front.is_empty() {
        // Scraped pages: the journal line sits in the page header.
        citation_line(top, &mut meta);
    }
    SourceDoc {
        path: path.to_string(),
        format: Format::Text,
        record: 0,
        meta,
        sections,
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

/// Cut the title line out of the front-matter section that holds it.
fn split_out_title(sections: &mut Vec<Section>, title: std::ops::Range<usize>) {
    let Some(i) = sections.iter().position(|s| s.range.start <= title.start && title.end <= s.range.end) else {
        return;
    };
    let s = sections[i].clone();
    let mut parts = Vec::new();
    if s.range.start < title.start {
        parts.push(Section { range: s.range.start..title.start, ..s.clone() });
    }
    parts.push(Section { kind: SectionKind::Title, heading: None, range: title.clone() });
    if title.end < s.range.end {
        parts.push(Section { range: title.end..s.range.end, ..s });
    }
    sections.splice(i..=i, parts);
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
    fn scraped_title() {
        let t = format!("Diagnosis and treatment of SAPHO syndrome: A case report Warning: menu PMID: 1 Diagnosis and treatment of SAPHO syndrome: A case report XINGHUA SONG {}", "text ".repeat(500));
        let t = t.as_str();
        assert_eq!(
            repeated_prefix_title(t).as_deref(),
            Some("Diagnosis and treatment of SAPHO syndrome: A case report")
        );
    }
}
