//! The BioC XML reader (`<collection>` of `<document>`s of `<passage>`s).
//!
//! PMC's BioC exports label each passage with a `section_type` infon (TITLE,
//! ABSTRACT, INTRO, CASE, DISCUSS, REF, FIG…), which gives the section kind
//! directly. Collections converted from other corpora may hold the whole
//! article as one passage of plain text; such a passage is laid out like a
//! plain-text file.

use roxmltree::Node;

use super::xml::{self, find_text};
use super::{FileRead, Skip};
use crate::doc::{Meta, RawReference, SectionKind, SourceDoc, TextBuilder};
use crate::record::Format;

pub(crate) fn read(path: &str, text: &str) -> Result<FileRead, Skip> {
    let doc = xml::parse(text).map_err(|e| Skip::new(path, e))?;
    let docs: Vec<SourceDoc> = doc
        .root_element()
        .children()
        .filter(|n| n.has_tag_name("document"))
        .enumerate()
        .filter_map(|(i, d)| document(path, i as u32, d))
        .collect();
    if docs.is_empty() {
        return Err(Skip::new(path, "BioC collection holds no document with text"));
    }
    Ok(FileRead { docs, problems: vec![] })
}

fn infon<'a>(n: Node<'a, '_>, key: &str) -> Option<&'a str> {
    n.children().find(|c| c.has_tag_name("infon") && c.attribute("key") == Some(key)).and_then(|c| c.text())
}

fn document(path: &str, index: u32, d: Node) -> Option<SourceDoc> {
    let passages: Vec<Node> = d.children().filter(|n| n.has_tag_name("passage")).collect();
    let id = find_text(d, "id").unwrap_or_default();
    let typed = passages.iter().any(|p| infon(*p, "section_type").is_some());
    if !typed {
        // One untyped passage (or several): plain text.
        let body: Vec<String> = passages.iter().filter_map(|p| find_text(*p, "text")).collect();
        if body.is_empty() {
            return None;
        }
        let mut doc = super::text::read(path, body.join("\n\n"));
        doc.format = Format::Bioc;
        doc.record = index;
        ids_from_url(&id, &mut doc.meta);
        return Some(doc);
    }
    let mut meta = Meta::default();
    ids_from_url(&id, &mut meta);
    let mut tb = TextBuilder::default();
    let mut references = Vec::new();
    for p in passages {
        let t = find_text(p, "text").unwrap_or_default();
        let section = infon(p, "section_type").unwrap_or("").to_uppercase();
        let kind = match section.as_str() {
            "TITLE" => {
                if meta.title.is_none() {
                    meta.title = Some(t.clone());
                }
                SectionKind::Title
            }
            "ABSTRACT" => SectionKind::Abstract,
            "INTRO" => SectionKind::Introduction,
            "CASE" => SectionKind::Case,
            "METHODS" | "RESULTS" => SectionKind::Methods,
            "DISCUSS" => SectionKind::Discussion,
            "CONCL" => SectionKind::Conclusion,
            "FIG" | "TABLE" => SectionKind::Caption,
            "REF" => {
                if !t.is_empty() && infon(p, "type") != Some("title") {
                    references.push(RawReference::Text { label: None, text: xml::squash(&t) });
                }
                continue;
            }
            _ => SectionKind::Boilerplate,
        };
        if meta.year.is_none() {
            meta.year = infon(p, "year").and_then(xml::year_in);
        }
        if meta.doi.is_none() {
            meta.doi = infon(p, "article-id_doi").and_then(xml::clean_doi);
        }
        if meta.pmid.is_none() {
            meta.pmid = infon(p, "article-id_pmid").map(str::to_string);
        }
        tb.push(kind, None, &t);
    }
    let (text, sections) = tb.finish();
    (!text.is_empty()).then(|| SourceDoc {
        path: path.to_string(),
        format: Format::Bioc,
        record: index,
        meta,
        text,
        sections,
        references,
    })
}

/// Document ids are often article URLs: ".../pmc/articles/PMC4079404/".
fn ids_from_url(id: &str, meta: &mut Meta) {
    if let Some(i) = id.find("PMC") {
        let digits: String = id[i + 3..].chars().take_while(char::is_ascii_digit).collect();
        if !digits.is_empty() && meta.pmcid.is_none() {
            meta.pmcid = Some(format!("PMC{digits}"));
        }
    }
    if let Some(i) = id.find("pubmed/") {
        let digits: String = id[i + 7..].chars().take_while(char::is_ascii_digit).collect();
        if !digits.is_empty() && meta.pmid.is_none() {
            meta.pmid = Some(digits);
        }
    }
}
