//! The PubMed/MEDLINE XML reader (efetch and baseline `PubmedArticleSet`).
//!
//! Every `PubmedArticle` is one report. The abstract is the whole text:
//! labelled parts of a structured abstract become sections of the matching
//! kind (BACKGROUND → introduction, CASE PRESENTATION → case, …). MeSH
//! descriptors are kept, as are the publication types and the language.
//! When the file as a whole is not well-formed, each record is parsed on its
//! own, so one broken record does not cost the good ones.

use roxmltree::Node;

use super::layout::heading_kind;
use super::xml::{self, children, find, find_text, text_of, PLAIN};
use super::{FileRead, Skip};
use crate::doc::{Meta, RawReference, SectionKind, SourceDoc, TextBuilder};
use crate::record::{Format, Reference};

pub(crate) fn read(path: &str, text: &str) -> Result<FileRead, Skip> {
    match xml::parse(text) {
        Ok(doc) => {
            let docs: Vec<SourceDoc> = xml::outermost(doc.root_element(), &["PubmedArticle"])
                .enumerate()
                .map(|(i, a)| record(path, i as u32, a))
                .collect();
            if docs.is_empty() {
                return Err(Skip::new(path, "PubMed XML holds no <PubmedArticle> record"));
            }
            Ok(FileRead { docs, problems: vec![] })
        }
        Err(whole) => salvage(path, text, &whole),
    }
}

/// Parse each `<PubmedArticle>…</PubmedArticle>` chunk on its own.
fn salvage(path: &str, text: &str, whole_error: &str) -> Result<FileRead, Skip> {
    let mut out = FileRead::default();
    let mut rest = text;
    let mut offset = 0;
    let mut index = 0u32;
    while let Some(start) = rest.find("<PubmedArticle>").or_else(|| rest.find("<PubmedArticle ")) {
        let chunk_all = &rest[start..];
        let (chunk, next) = match chunk_all.find("</PubmedArticle>") {
            Some(e) => (&chunk_all[..e + "</PubmedArticle>".len()], start + e + "</PubmedArticle>".len()),
            None => (chunk_all, rest.len()),
        };
        match xml::parse(chunk) {
            Ok(doc) => out.docs.push(record(path, index, doc.root_element())),
            Err(e) => {
                out.problems.push(Skip::new(path, format!("record {} (byte {}): {e}", index + 1, offset + start)))
            }
        }
        index += 1;
        offset += next;
        rest = &rest[next..];
    }
    if out.docs.is_empty() {
        return Err(Skip::new(path, whole_error));
    }
    Ok(out)
}

fn record(path: &str, index: u32, art: Node) -> SourceDoc {
    let mut meta = Meta::default();
    let citation = find(art, "MedlineCitation").unwrap_or(art);
    meta.pmid =
        citation.children().find(|n| n.has_tag_name("PMID")).map(|n| text_of(n, PLAIN)).filter(|s| !s.is_empty());
    let article = find(citation, "Article");
    let mut tb = TextBuilder::default();
    if let Some(a) = article {
        meta.title = find_text(a, "ArticleTitle").or_else(|| find_text(a, "VernacularTitle"));
        if let Some(j) = find(a, "Journal") {
            meta.journal = find_text(j, "Title").or_else(|| find_text(j, "ISOAbbreviation"));
            if let Some(ji) = find(j, "JournalIssue") {
                meta.volume = find_text(ji, "Volume");
                meta.issue = find_text(ji, "Issue");
                if let Some(pd) = find(ji, "PubDate") {
                    meta.year =
                        find_text(pd, "Year").or_else(|| find_text(pd, "MedlineDate")).and_then(|y| xml::year_in(&y));
                }
            }
        }
        meta.pages = find(a, "Pagination").and_then(|p| find_text(p, "MedlinePgn"));
        for e in children(a, "ELocationID") {
            let v = text_of(e, PLAIN);
            match e.attribute("EIdType") {
                Some("doi") => meta.doi = meta.doi.take().or_else(|| xml::clean_doi(&v)),
                Some("pii") if meta.pages.is_none() => meta.pages = Some(v),
                _ => {}
            }
        }
        if let Some(list) = find(a, "AuthorList") {
            for au in children(list, "Author") {
                if let Some(last) = find_text(au, "LastName") {
                    let ini = find_text(au, "Initials").or_else(|| find_text(au, "ForeName")).unwrap_or_default();
                    meta.authors.push(xml::author(&last, &ini));
                } else if let Some(c) = find_text(au, "CollectiveName") {
                    meta.authors.push(c);
                }
            }
        }
        meta.language = find_text(a, "Language").map(|l| iso639_1(&l));
        let types: Vec<String> = xml::outermost(a, &["PublicationType"]).map(|n| text_of(n, PLAIN)).collect();
        if !types.is_empty() {
            meta.article_type = Some(types.join("; "));
        }
        if let Some(t) = &meta.title {
            tb.push(SectionKind::Title, None, t.trim_start_matches('[').trim_end_matches(['.', ']']));
        }
        if let Some(abs) = find(a, "Abstract") {
            for part in children(abs, "AbstractText") {
                let label = part.attribute("Label").or(part.attribute("NlmCategory"));
                let kind = label.map(abstract_kind).unwrap_or(SectionKind::Abstract);
                tb.push(kind, label.map(str::to_string), &text_of(part, PLAIN));
            }
        }
    }
    meta.mesh = xml::outermost(citation, &["DescriptorName"]).map(|n| text_of(n, PLAIN)).collect();
    if let Some(ids) = art
        .descendants()
        .find(|n| n.has_tag_name("ArticleIdList") && n.parent().is_some_and(|p| p.has_tag_name("PubmedData")))
    {
        for id in children(ids, "ArticleId") {
            let v = text_of(id, PLAIN);
            match id.attribute("IdType") {
                Some("doi") if meta.doi.is_none() => meta.doi = xml::clean_doi(&v),
                Some("pmc") => meta.pmcid = Some(v),
                Some("pubmed") if meta.pmid.is_none() => meta.pmid = Some(v),
                _ => {}
            }
        }
    }
    let references = xml::outermost(art, &["Reference"]).filter_map(reference).collect();
    let (text, sections) = tb.finish();
    SourceDoc { path: path.to_string(), format: Format::Pubmed, record: index, meta, text, sections, references }
}

/// A `<Reference>`: its citation string, plus the identifiers PubMed attaches.
fn reference(r: Node) -> Option<RawReference> {
    let text = find_text(r, "Citation")?;
    let mut doi = None;
    let mut pmid = None;
    for id in xml::outermost(r, &["ArticleId"]) {
        let v = text_of(id, PLAIN);
        match id.attribute("IdType") {
            Some("doi") => doi = xml::clean_doi(&v),
            Some("pubmed") => pmid = Some(v),
            _ => {}
        }
    }
    if doi.is_none() && pmid.is_none() {
        return Some(RawReference::Text { label: None, text });
    }
    // The string still needs parsing; identifiers are kept as given.
    let mut parsed = crate::extract::reference::parse(&text);
    parsed.doi = doi.or(parsed.doi);
    parsed.pmid = pmid.or(parsed.pmid);
    parsed.raw = Some(text);
    Some(RawReference::Structured(Reference { label: None, ..parsed }))
}

fn abstract_kind(label: &str) -> SectionKind {
    let l = label.to_lowercase();
    if l.contains("case") || l.contains("patient") || l.contains("presentation") || l.contains("observation") {
        SectionKind::Case
    } else {
        match heading_kind(&l) {
            Some(SectionKind::Methods) => SectionKind::Abstract,
            Some(
                k @ (SectionKind::Introduction | SectionKind::Discussion | SectionKind::Conclusion | SectionKind::Case),
            ) => k,
            _ => SectionKind::Abstract,
        }
    }
}

/// PubMed gives three-letter codes; the record uses ISO 639-1.
fn iso639_1(code: &str) -> String {
    match code.to_lowercase().as_str() {
        "eng" => "en",
        "fre" | "fra" => "fr",
        "ger" | "deu" => "de",
        "spa" => "es",
        "ita" => "it",
        "por" => "pt",
        "dut" | "nld" => "nl",
        "jpn" => "ja",
        "chi" | "zho" => "zh",
        "rus" => "ru",
        "pol" => "pl",
        "nor" => "no",
        "swe" => "sv",
        "dan" => "da",
        "fin" => "fi",
        "cze" | "ces" => "cs",
        "hun" => "hu",
        "tur" => "tr",
        "kor" => "ko",
        "heb" => "he",
        "gre" | "ell" => "el",
        "baq" | "eus" => "eu",
        "cat" => "ca",
        "hrv" => "hr",
        "slv" => "sl",
        "srp" => "sr",
        "rum" | "ron" => "ro",
        "ukr" => "uk",
        other => return other.to_string(),
    }
    .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    const TWO: &str = r#"<?xml version="1.0"?>
<!DOCTYPE PubmedArticleSet PUBLIC "-//NLM//DTD PubMedArticle, 1st January 2019//EN" "https://dtd.nlm.nih.gov/ncbi/pubmed/out/pubmed_190101.dtd">
<PubmedArticleSet>
<PubmedArticle><MedlineCitation><PMID Version="1">111</PMID><Article><Journal><JournalIssue><Volume>9</Volume><PubDate><MedlineDate>1998 Jan-Feb</MedlineDate></PubDate></JournalIssue><Title>Some Journal</Title></Journal>
<ArticleTitle>A case.</ArticleTitle><Abstract><AbstractText Label="BACKGROUND">Rare.</AbstractText><AbstractText Label="CASE PRESENTATION">A 7-year-old girl.</AbstractText></Abstract>
<AuthorList><Author><LastName>Doe</LastName><Initials>JA</Initials></Author></AuthorList><Language>fre</Language></Article>
<MeshHeadingList><MeshHeading><DescriptorName>Female</DescriptorName></MeshHeading></MeshHeadingList></MedlineCitation>
<PubmedData><ArticleIdList><ArticleId IdType="doi">10.1159/X1</ArticleId></ArticleIdList></PubmedData></PubmedArticle>
<PubmedArticle><MedlineCitation><PMID Version="1">222</PMID><Article><ArticleTitle>Second</ArticleTitle></Article></MedlineCitation></PubmedArticle>
</PubmedArticleSet>"#;

    #[test]
    fn reads_every_record() {
        let r = read("p.xml", TWO).unwrap();
        assert_eq!(r.docs.len(), 2);
        let d = &r.docs[0];
        assert_eq!(d.meta.pmid.as_deref(), Some("111"));
        assert_eq!(d.meta.year, Some(1998));
        assert_eq!(d.meta.doi.as_deref(), Some("10.1159/x1"));
        assert_eq!(d.meta.language.as_deref(), Some("fr"));
        assert_eq!(d.meta.mesh, vec!["Female"]);
        assert_eq!(d.meta.authors, vec!["Doe JA"]);
        let kinds: Vec<_> = d.sections.iter().map(|s| s.kind).collect();
        assert_eq!(kinds, vec![SectionKind::Title, SectionKind::Introduction, SectionKind::Case]);
        assert_eq!(r.docs[1].record, 1);
    }

    #[test]
    fn a_broken_record_does_not_cost_the_others() {
        let broken = TWO.replace("<ArticleTitle>Second</ArticleTitle>", "<ArticleTitle>Second</Article>");
        let r = read("p.xml", &broken).unwrap();
        assert_eq!(r.docs.len(), 1);
        assert_eq!(r.problems.len(), 1);
        assert!(r.problems[0].reason.starts_with("record 2"), "{}", r.problems[0].reason);
    }
}
