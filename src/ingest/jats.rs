//! The PMC JATS reader (`.xml`/`.nxml`, one `<article>`, or several under a
//! wrapper such as `<articles>` or `<pmc-articleset>`).
//!
//! Takes the title, authors, journal, year, volume/issue/pages, DOI/PMID/PMCID,
//! article type and language from `<front>`; the abstract and the body
//! sections with their titles; figure and table captions; and the structured
//! `<ref-list>`. Bibliography citations in the text (`<xref ref-type="bibr">`)
//! are rendered as `[n]` so that the layout cues that tell a discussion from
//! a case narrative work as they do on plain text.

use roxmltree::Node;

use super::layout::{self, Block};
use super::xml::{self, children, find, find_text, text_of, TextOpts, PLAIN};
use super::{FileRead, Skip};
use crate::doc::{Meta, RawReference, SectionKind, SourceDoc, TextBuilder};
use crate::record::{Format, Reference};

const PARA_OPTS: TextOpts<'static> =
    TextOpts { skip: &["fig", "table-wrap", "fn", "supplementary-material"], bracket_citations: true };

pub(crate) fn read(path: &str, text: &str) -> Result<FileRead, Skip> {
    let doc = xml::parse(text).map_err(|e| Skip::new(path, e))?;
    let root = doc.root_element();
    let articles: Vec<Node> =
        if root.tag_name().name() == "article" { vec![root] } else { xml::outermost(root, &["article"]).collect() };
    if articles.is_empty() {
        return Err(Skip::new(path, "JATS wrapper holds no <article>"));
    }
    let docs = articles.into_iter().enumerate().map(|(i, a)| article(path, i as u32, a)).collect();
    Ok(FileRead { docs, problems: vec![] })
}

fn article(path: &str, record: u32, art: Node) -> SourceDoc {
    let mut meta = Meta {
        article_type: art.attribute("article-type").map(str::to_string),
        language: art.attribute(("http://www.w3.org/XML/1998/namespace", "lang")).map(|l| l.to_lowercase()),
        ..Meta::default()
    };
    if let Some(front) = find(art, "front") {
        front_meta(front, &mut meta);
    }
    let mut tb = TextBuilder::default();
    if let Some(t) = &meta.title {
        tb.push(SectionKind::Title, None, t);
    }
    let mut blocks: Vec<Block> = Vec::new();
    let (text0, secs0) = {
        // Abstracts (the plain one, not graphical or teaser abstracts).
        for abs in xml::outermost(art, &["abstract"]) {
            if matches!(abs.attribute("abstract-type"), Some("graphical" | "teaser" | "toc")) {
                continue;
            }
            let t = text_of(abs, PARA_OPTS);
            tb.push(SectionKind::Abstract, None, &t);
        }
        tb.finish()
    };
    // The body goes through the layout resolver so that unheaded paragraphs
    // get their kinds from cues, as in plain text.
    let mut text = text0;
    let mut sections = secs0;
    if let Some(body) = find(art, "body") {
        body_blocks(body, &mut text, &mut blocks);
    }
    let body_start = blocks.first().map(|b| b.range.start);
    if body_start.is_some() {
        sections.extend(layout::resolve(&text, blocks));
    }
    let mut tb = TextBuilder::default();
    let base_len = text.len();
    for cap in xml::outermost(art, &["caption"]) {
        let label = cap.parent().and_then(|p| find_text(p, "label")).unwrap_or_default();
        let t = text_of(cap, PARA_OPTS);
        tb.push(SectionKind::Caption, None, &format!("{label} {t}"));
    }
    let (cap_text, cap_secs) = tb.finish();
    if !cap_text.is_empty() {
        text.push_str("\n\n");
        let offset = base_len + 2;
        text.push_str(&cap_text);
        sections.extend(cap_secs.into_iter().map(|mut s| {
            s.range = s.range.start + offset..s.range.end + offset;
            s
        }));
    }
    let references = find(art, "back").and_then(|b| find(b, "ref-list")).map(ref_list).unwrap_or_default();
    SourceDoc { path: path.to_string(), format: Format::Jats, record, meta, text, sections, references }
}

fn front_meta(front: Node, meta: &mut Meta) {
    meta.journal = find(front, "journal-title")
        .map(|n| text_of(n, PLAIN))
        .or_else(|| {
            front
                .descendants()
                .find(|n| n.has_tag_name("journal-id") && n.attribute("journal-id-type") == Some("nlm-ta"))
                .map(|n| text_of(n, PLAIN))
        })
        .filter(|s| !s.is_empty());
    let Some(am) = find(front, "article-meta") else {
        return;
    };
    meta.title = find(am, "title-group").and_then(|g| find_text(g, "article-title"));
    for id in children(am, "article-id") {
        let v = text_of(id, PLAIN);
        match id.attribute("pub-id-type") {
            Some("doi") => meta.doi = xml::clean_doi(&v),
            Some("pmid") => meta.pmid = Some(v),
            Some("pmcid" | "pmc") => meta.pmcid = Some(if v.starts_with("PMC") { v } else { format!("PMC{v}") }),
            _ => {}
        }
    }
    for c in xml::outermost(am, &["contrib"]) {
        if c.attribute("contrib-type").is_some_and(|t| t != "author") {
            continue;
        }
        if let Some(name) = find(c, "name") {
            let surname = find_text(name, "surname").unwrap_or_default();
            let given = find_text(name, "given-names").unwrap_or_default();
            if !surname.is_empty() {
                meta.authors.push(xml::author(&surname, &given));
            }
        } else if let Some(collab) = find_text(c, "collab") {
            meta.authors.push(collab);
        }
    }
    // Prefer the print/electronic publication date over collection dates.
    let dates: Vec<Node> = am.children().filter(|n| n.has_tag_name("pub-date")).collect();
    let pick = |types: &[&str]| {
        dates.iter().find(|d| d.attribute("pub-type").or(d.attribute("date-type")).is_some_and(|t| types.contains(&t)))
    };
    meta.year = pick(&["ppub", "epub", "pub", "epub-ppub"])
        .or_else(|| dates.first())
        .and_then(|d| find_text(*d, "year"))
        .and_then(|y| xml::year_in(&y));
    meta.volume = am.children().find(|n| n.has_tag_name("volume")).map(|n| text_of(n, PLAIN));
    meta.issue = am.children().find(|n| n.has_tag_name("issue")).map(|n| text_of(n, PLAIN));
    let fpage = am.children().find(|n| n.has_tag_name("fpage")).map(|n| text_of(n, PLAIN));
    let lpage = am.children().find(|n| n.has_tag_name("lpage")).map(|n| text_of(n, PLAIN));
    let eloc = am.children().find(|n| n.has_tag_name("elocation-id")).map(|n| text_of(n, PLAIN));
    meta.pages = match (fpage, lpage) {
        (Some(f), Some(l)) if f != l => Some(format!("{f}-{l}")),
        (Some(f), _) => Some(f),
        (None, _) => eloc,
    };
    if let Some(subj) = am
        .descendants()
        .find(|n| n.has_tag_name("subj-group") && n.attribute("subj-group-type") == Some("heading"))
        .and_then(|g| find_text(g, "subject"))
    {
        // The article type attribute is coarse ("research-article" for many case
        // reports); the heading subject often says "Case Report".
        if meta.article_type.as_deref() != Some("case-report") && subj.to_lowercase().contains("case") {
            meta.article_type = Some("case-report".into());
        }
    }
}

/// Paragraphs of the body, each a block; a section title sets the kind of the
/// paragraphs under it (nested sections inherit unless their own title is known).
fn body_blocks(body: Node, text: &mut String, blocks: &mut Vec<Block>) {
    // Iterative walk: (node, inherited kind).
    let mut stack: Vec<(Node, Option<SectionKind>)> = vec![(body, None)];
    // Children are pushed in reverse so that they pop in document order.
    while let Some((node, inherited)) = stack.pop() {
        let mut kind = inherited;
        if node.has_tag_name("sec") {
            let title = node.children().find(|n| n.has_tag_name("title")).map(|t| text_of(t, PLAIN));
            let from_title = title.as_deref().and_then(layout::heading_kind);
            let from_type = node.attribute("sec-type").and_then(sec_type_kind);
            kind = from_title.or(from_type).or(inherited);
            if let Some(t) = title.filter(|t| !t.is_empty()) {
                let start = push_text(text, &t);
                blocks.push(Block { range: start..text.len(), kind, heading: Some(t) });
            }
        }
        if matches!(node.tag_name().name(), "p" | "list" | "disp-quote" | "statement") {
            // A paragraph's text includes whatever it nests (a <list> in a
            // <p>, a <p> in a <list>), so its children are not walked again.
            let t = text_of(node, PARA_OPTS);
            if !t.is_empty() {
                let start = push_text(text, &t);
                let k = kind.or_else(|| layout::is_boilerplate(&t).then_some(SectionKind::Boilerplate));
                blocks.push(Block { range: start..text.len(), kind: k, heading: None });
            }
            continue;
        }
        let kids: Vec<Node> = node.children().filter(Node::is_element).collect();
        for child in kids.into_iter().rev() {
            if matches!(child.tag_name().name(), "sec" | "boxed-text" | "p" | "list" | "disp-quote" | "statement") {
                stack.push((child, kind));
            }
        }
    }
}

fn push_text(text: &mut String, t: &str) -> usize {
    if !text.is_empty() {
        text.push_str("\n\n");
    }
    let start = text.len();
    text.push_str(t);
    start
}

fn sec_type_kind(t: &str) -> Option<SectionKind> {
    let t = t.to_lowercase();
    Some(match t.as_str() {
        "intro" | "introduction" | "background" => SectionKind::Introduction,
        "cases" | "case" | "case-report" | "case-presentation" | "case report" => SectionKind::Case,
        "discussion" => SectionKind::Discussion,
        "conclusions" | "conclusion" => SectionKind::Conclusion,
        "methods" | "materials|methods" | "results" | "materials" => SectionKind::Methods,
        "supplementary-material" | "data-availability" | "COI-statement" | "funding" | "ethics-statement" => {
            SectionKind::Boilerplate
        }
        _ => return None,
    })
}

fn ref_list(list: Node) -> Vec<RawReference> {
    let mut out = Vec::new();
    for r in xml::outermost(list, &["ref"]) {
        let label = r
            .children()
            .find(|n| n.has_tag_name("label"))
            .map(|n| text_of(n, PLAIN).trim_end_matches('.').to_string())
            .or_else(|| r.attribute("id").map(str::to_string));
        let Some(cit) = r.children().find(|n| {
            matches!(n.tag_name().name(), "element-citation" | "mixed-citation" | "nlm-citation" | "citation")
        }) else {
            continue;
        };
        let raw = text_of(cit, PLAIN);
        let structured = structured_citation(cit);
        let has_fields = structured.year.is_some() && (structured.journal.is_some() || structured.title.is_some());
        if has_fields {
            out.push(RawReference::Structured(Reference { label, raw: Some(raw), ..structured }));
        } else if !raw.is_empty() {
            out.push(RawReference::Text { label, text: raw });
        }
    }
    out
}

/// The tagged fields of a citation (element-citation, or a tagged mixed-citation).
pub(crate) fn structured_citation(cit: Node) -> Reference {
    let mut r = Reference::default();
    let group = cit
        .descendants()
        .find(|n| n.has_tag_name("person-group") && n.attribute("person-group-type").is_none_or(|t| t == "author"));
    let scope = group.unwrap_or(cit);
    for n in xml::outermost(scope, &["name", "string-name"]) {
        // Editors' names live in their own person-group; skip them when unscoped.
        if group.is_none() && n.ancestors().any(|a| a.has_tag_name("person-group")) {
            continue;
        }
        let surname = find_text(n, "surname").unwrap_or_else(|| text_of(n, PLAIN));
        let given = find_text(n, "given-names").unwrap_or_default();
        r.authors.push(xml::author(&surname, &given));
    }
    if r.authors.is_empty() {
        if let Some(c) = find_text(cit, "collab") {
            r.authors.push(c);
        }
    }
    r.title = find_text(cit, "article-title").or_else(|| find_text(cit, "chapter-title"));
    r.journal = find_text(cit, "source");
    if r.title.is_none() && cit.attribute("publication-type") == Some("book") {
        r.title = r.journal.take();
    }
    r.year = find_text(cit, "year").and_then(|y| xml::year_in(&y));
    r.volume = find_text(cit, "volume");
    let f = find_text(cit, "fpage");
    let l = find_text(cit, "lpage");
    r.pages = match (f, l) {
        (Some(f), Some(l)) if f != l => Some(format!("{f}-{l}")),
        (Some(f), _) => Some(f),
        _ => find_text(cit, "elocation-id"),
    };
    for id in xml::outermost(cit, &["pub-id"]) {
        let v = text_of(id, PLAIN);
        match id.attribute("pub-id-type") {
            Some("doi") => r.doi = xml::clean_doi(&v),
            Some("pmid") => r.pmid = Some(v),
            _ => {}
        }
    }
    r
}
