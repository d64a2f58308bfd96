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
                blocks.push(Block::new(start..text.len(), kind, Some(t)));
            }
        }
        if matches!(node.tag_name().name(), "p" | "list" | "disp-quote" | "statement") {
            // A paragraph's text includes whatever it nests (a <list> in a
            // <p>, a <p> in a <list>), so its children are not walked again.
            let t = text_of(node, PARA_OPTS);
            if !t.is_empty() {
                let start = push_text(text, &t);
                let k = kind.or_else(|| layout::is_boilerplate(&t).then_some(SectionKind::Boilerplate));
                blocks.push(Block::new(start..text.len(), k, None));
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

/// The entries of a `<ref-list>`, each with its printed string.
fn ref_list(list: Node) -> Vec<RawReference> {
    let mut out = Vec::new();
    for r in xml::outermost(list, &["ref"]) {
        let label = r
            .children()
            .find(|n| n.has_tag_name("label"))
            .map(|n| text_of(n, PLAIN).trim_end_matches('.').to_string())
            .or_else(|| r.attribute("id").map(str::to_string));
        let Some((cit, printed)) = citations(r) else {
            continue;
        };
        let raw = printed_citation(printed);
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

fn is_citation(n: &Node) -> bool {
    matches!(n.tag_name().name(), "element-citation" | "mixed-citation" | "nlm-citation" | "citation")
}

/// The citation to take fields from and the one to print, for one `<ref>`.
///
/// JATS 1.1 may hold both forms under `<citation-alternatives>`: the fields
/// come from the element-citation when there is one, the printed string from
/// the mixed-citation (what the journal printed) when there is one.
fn citations<'a, 'i>(r: Node<'a, 'i>) -> Option<(Node<'a, 'i>, Node<'a, 'i>)> {
    let alternatives = r.children().find(|n| n.has_tag_name("citation-alternatives"));
    let all: Vec<Node> =
        r.children().chain(alternatives.into_iter().flat_map(|a| a.children())).filter(is_citation).collect();
    let fields = all.iter().find(|n| !n.has_tag_name("mixed-citation")).or(all.first())?;
    let printed = all.iter().find(|n| n.has_tag_name("mixed-citation")).unwrap_or(fields);
    Some((*fields, *printed))
}

/// The citation as it is printed.
///
/// A mixed-citation carries the journal's own punctuation and is kept as
/// printed; only what a renderer adds is added: a space between surname and
/// given names, and between two elements that meet with no text between
/// them. An element-citation (or a mixed-citation with no text of its own
/// between its elements) has no punctuation at all, so it is written out in
/// Vancouver style, as PubMed Central displays such references.
fn printed_citation(cit: Node) -> String {
    // Text between the names of a person group counts ("Smith A, Jones B");
    // an untagged group ("Hendrix RW,Roberts JW") is a name, not punctuation.
    let tagged_groups = cit.children().filter(|n| n.has_tag_name("person-group") && find(*n, "name").is_some());
    let punctuated = cit.children().chain(tagged_groups.flat_map(|g| g.children())).any(|n| {
        n.is_text()
            && n.text().is_some_and(|t| t.chars().any(|c| !c.is_whitespace()))
            && n.prev_sibling().is_some_and(|p| p.is_element())
            && n.next_sibling().is_some_and(|p| p.is_element())
    });
    // A mixed-citation that is nothing but text is already the printed string.
    let untagged = !cit.children().any(|n| n.is_element());
    if cit.has_tag_name("mixed-citation") && (punctuated || untagged) {
        as_printed(cit)
    } else {
        vancouver(cit)
    }
}

/// A mixed-citation's text in document order, with a space where an
/// element directly follows another.
fn as_printed(cit: Node) -> String {
    let mut out = String::new();
    let mut nodes = cit.descendants().skip(1);
    while let Some(n) = nodes.next() {
        if n.is_text() {
            out.push_str(n.text().unwrap_or(""));
            continue;
        }
        if !n.is_element() {
            continue;
        }
        // Identifiers are links on the page, never glued to the pages before them.
        if n.prev_sibling().is_some_and(|p| p.is_element()) || n.has_tag_name("pub-id") {
            out.push(' ');
        }
        if let Some(printed) = name_as_printed(n).or_else(|| pub_id_as_printed(n)) {
            out.push_str(&printed);
            // The element's own text has been printed: skip its subtree.
            for _ in 1..n.descendants().count() {
                nodes.next();
            }
        }
    }
    xml::squash(&out)
}

/// "Surname Given" for a structured name.
fn name_as_printed(n: Node) -> Option<String> {
    if !(n.has_tag_name("name") || n.has_tag_name("string-name")) {
        return None;
    }
    let surname = find_text(n, "surname")?;
    let parts = [find_text(n, "prefix"), Some(surname), find_text(n, "given-names"), find_text(n, "suffix")];
    Some(parts.into_iter().flatten().collect::<Vec<_>>().join(" "))
}

/// Identifiers as reference lists print them: "doi:10.…", "PMID: 123".
fn pub_id_as_printed(n: Node) -> Option<String> {
    if !n.has_tag_name("pub-id") {
        return None;
    }
    let v = text_of(n, PLAIN);
    Some(match n.attribute("pub-id-type") {
        Some("doi") => format!("doi:{v}"),
        Some("pmid") => format!("PMID: {v}"),
        Some("pmcid") => format!("PMCID: {v}"),
        _ => v,
    })
}

/// An unpunctuated citation in Vancouver style: "Surname AB, Surname C, et
/// al. Title. Source. Year;Vol(Issue):fpage-lpage." for articles, and
/// "Authors. Chapter. In: Editors, editors. Book. Edition. Place:
/// Publisher; Year. p. fpage-lpage." for books.
fn vancouver(cit: Node) -> String {
    let field = |name: &str| find_text(cit, name);
    let mut parts: Vec<String> = Vec::new();
    let groups: Vec<Node> = cit.children().filter(|n| n.has_tag_name("person-group")).collect();
    let authors = groups.iter().find(|g| g.attribute("person-group-type").is_none_or(|t| t == "author"));
    // Authors in their group, or (older tagging) names right under the citation.
    parts.extend(match authors {
        Some(g) => names_as_printed(*g, ""),
        None => names_as_printed(cit, ""),
    });
    let title = field("article-title").or_else(|| field("chapter-title"));
    let in_book = title.is_some();
    parts.extend(title);
    let editors = groups.iter().find(|g| g.attribute("person-group-type") == Some("editor"));
    let editor_count = editors.map_or(0, |g| g.children().filter(|n| n.has_tag_name("name")).count());
    let editors_word = if editor_count == 1 { ", editor" } else { ", editors" };
    if let Some(list) = editors.and_then(|g| names_as_printed(*g, editors_word)) {
        // Editors of the book a chapter is in, or of the book itself.
        parts.push(if in_book { format!("In: {list}") } else { list });
    }
    parts.extend(field("source"));
    parts.extend(field("edition"));
    let publisher = match (field("publisher-loc"), field("publisher-name")) {
        (Some(l), Some(n)) => Some(format!("{l}: {n}")),
        (l, n) => l.or(n),
    };
    let pages = match (field("fpage"), field("lpage")) {
        (Some(f), Some(l)) if f != l => Some(format!("{f}-{l}")),
        (f, _) => f.or_else(|| field("elocation-id")),
    };
    let year = field("year");
    if let Some(p) = publisher {
        parts.push([Some(p), year].into_iter().flatten().collect::<Vec<_>>().join("; "));
        parts.extend(pages.map(|p| format!("p. {p}")));
    } else {
        let mut issue_of = String::new();
        if let Some(v) = field("volume") {
            issue_of.push(';');
            issue_of.push_str(&v);
        }
        if let Some(i) = field("issue") {
            issue_of.push_str(&format!("({i})"));
        }
        if let Some(p) = pages {
            issue_of.push(':');
            issue_of.push_str(&p);
        }
        let date = year.unwrap_or_default() + &issue_of;
        if !date.is_empty() {
            parts.push(date.trim_start_matches(';').to_string());
        }
    }
    parts.extend(cit.children().filter(|n| n.has_tag_name("comment")).map(|n| text_of(n, PLAIN)));
    parts.extend(cit.children().filter_map(pub_id_as_printed));
    join_sentences(&parts)
}

/// The names of a person group, "Surname AB, Surname C, et al" (with a
/// suffix such as ", editors"), or `None` when it has none.
fn names_as_printed(group: Node, suffix: &str) -> Option<String> {
    let mut names: Vec<String> = Vec::new();
    for n in group.children().filter(Node::is_element) {
        match n.tag_name().name() {
            "name" | "string-name" => {
                let surname = find_text(n, "surname").unwrap_or_else(|| text_of(n, PLAIN));
                names.push(xml::author(&surname, &find_text(n, "given-names").unwrap_or_default()));
            }
            "collab" => names.push(text_of(n, PLAIN)),
            "etal" => names.push("et al".into()),
            _ => {}
        }
    }
    names.retain(|n| !n.is_empty());
    if names.is_empty() && group.has_tag_name("person-group") {
        // An untagged group: its text is the list.
        names.push(text_of(group, PLAIN));
        names.retain(|n| !n.is_empty());
    }
    (!names.is_empty()).then(|| names.join(", ") + suffix)
}

/// Pieces joined as sentences: "A. B? C." (no doubled stops).
fn join_sentences(parts: &[String]) -> String {
    let mut out = String::new();
    for p in parts.iter().map(|p| p.trim()).filter(|p| !p.is_empty()) {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(p);
        if !p.ends_with(['.', '?', '!']) {
            out.push('.');
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
    // JATS says publication-type, NLM 2.x `<citation>` said citation-type.
    let kind = cit.attribute("publication-type").or(cit.attribute("citation-type"));
    if r.title.is_none() && kind == Some("book") {
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
