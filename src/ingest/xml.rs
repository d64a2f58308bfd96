//! Shared XML helpers: sniffing the root element, safe parsing, node text.
//!
//! roxmltree never reads external entities (no resolver is installed) and
//! bounds internal entity expansion, so a DTD is allowed: PubMed files declare
//! one. Text is gathered iteratively so that deeply nested input cannot
//! overflow the stack.

use roxmltree::{Document, Node, ParsingOptions};

/// Upper bound on nodes in one file: far above any real article or PubMed
/// batch, low enough to stop a hostile file from exhausting memory.
const NODES_LIMIT: u32 = 50_000_000;

/// The name of the root element (with its prefix), found without parsing.
pub(crate) fn root_name(text: &str) -> Option<String> {
    let mut rest = text.trim_start_matches('\u{feff}');
    loop {
        rest = rest.trim_start();
        if let Some(r) = rest.strip_prefix("<?") {
            rest = &r[r.find("?>")? + 2..];
        } else if let Some(r) = rest.strip_prefix("<!--") {
            rest = &r[r.find("-->")? + 3..];
        } else if rest.starts_with("<!") {
            rest = skip_doctype(rest)?;
        } else if let Some(r) = rest.strip_prefix('<') {
            let end = r.find(|c: char| c.is_whitespace() || c == '>' || c == '/').unwrap_or(r.len());
            let name = &r[..end];
            return (!name.is_empty()).then(|| name.to_string());
        } else {
            return None;
        }
    }
}

/// Skip `<!DOCTYPE … [internal subset] >`.
fn skip_doctype(s: &str) -> Option<&str> {
    let mut depth = 0usize;
    for (i, c) in s.char_indices() {
        match c {
            '[' => depth += 1,
            ']' => depth = depth.saturating_sub(1),
            '>' if depth == 0 => return Some(&s[i + 1..]),
            _ => {}
        }
    }
    None
}

/// Parse with the options casedex uses everywhere; the message is user-facing.
pub(crate) fn parse(text: &str) -> Result<Document<'_>, String> {
    let opts = ParsingOptions { allow_dtd: true, nodes_limit: NODES_LIMIT, ..Default::default() };
    Document::parse_with_options(text, opts).map_err(|e| match e {
        roxmltree::Error::UnexpectedEndOfStream | roxmltree::Error::UnclosedRootNode => {
            "truncated XML (ends before the document closes)".into()
        }
        roxmltree::Error::EntityReferenceLoop(_) => format!("XML entity expansion refused ({e})"),
        roxmltree::Error::NodesLimitReached => "XML has too many nodes".into(),
        other => format!("malformed XML: {other}"),
    })
}

/// Collapse runs of whitespace to one space and trim.
pub(crate) fn squash(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for w in s.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(w);
    }
    out
}

/// How to render the text under a node.
#[derive(Clone, Copy)]
pub(crate) struct TextOpts<'a> {
    /// Elements whose whole subtree is left out (figures inside paragraphs…).
    pub skip: &'a [&'a str],
    /// Render `<xref ref-type="bibr">n</xref>` as `[n]`, so that citation
    /// markers survive into the plain text the extractors read.
    pub bracket_citations: bool,
}

pub(crate) const PLAIN: TextOpts<'static> = TextOpts { skip: &[], bracket_citations: false };

/// The text under `node`, whitespace squashed.
pub(crate) fn text_of(node: Node<'_, '_>, opts: TextOpts<'_>) -> String {
    let mut raw = String::new();
    for d in node.descendants() {
        if !d.is_text() {
            continue;
        }
        let mut skipped = false;
        let mut citation = false;
        for a in d.ancestors().skip(1) {
            if a == node {
                break;
            }
            if a.is_element() {
                let name = a.tag_name().name();
                if opts.skip.contains(&name) {
                    skipped = true;
                    break;
                }
                if opts.bracket_citations && name == "xref" && a.attribute("ref-type") == Some("bibr") {
                    citation = true;
                }
            }
        }
        if skipped {
            continue;
        }
        let t = d.text().unwrap_or("");
        if citation {
            raw.push('[');
            raw.push_str(t.trim());
            raw.push(']');
        } else {
            raw.push_str(t);
        }
    }
    squash(&raw)
}

/// The first descendant element named `name`.
pub(crate) fn find<'a, 'i>(node: Node<'a, 'i>, name: &str) -> Option<Node<'a, 'i>> {
    node.descendants().find(|n| n.is_element() && n.tag_name().name() == name)
}

/// The direct children elements named `name`.
pub(crate) fn children<'a, 'i: 'a>(node: Node<'a, 'i>, name: &'a str) -> impl Iterator<Item = Node<'a, 'i>> + 'a {
    node.children().filter(move |n| n.is_element() && n.tag_name().name() == name)
}

/// The squashed text of the first descendant named `name`, if not empty.
pub(crate) fn find_text(node: Node<'_, '_>, name: &str) -> Option<String> {
    find(node, name).map(|n| text_of(n, PLAIN)).filter(|s| !s.is_empty())
}

/// The first year-like number in a string.
pub(crate) fn year_in(s: &str) -> Option<u32> {
    let b = s.as_bytes();
    (0..b.len().saturating_sub(3)).find_map(|i| {
        let w = &b[i..i + 4];
        let boundary_before = i == 0 || !b[i - 1].is_ascii_digit();
        let boundary_after = b.get(i + 4).is_none_or(|c| !c.is_ascii_digit());
        if boundary_before && boundary_after && w.iter().all(u8::is_ascii_digit) {
            let y: u32 = std::str::from_utf8(w).ok()?.parse().ok()?;
            (1800..=2100).contains(&y).then_some(y)
        } else {
            None
        }
    })
}

/// Author initials from given names: "Scott Alan" → "SA", "J.-P." → "JP".
pub(crate) fn initials(given: &str) -> String {
    given
        .split(|c: char| c.is_whitespace() || c == '-' || c == '.')
        .filter_map(|w| w.chars().next())
        .filter(|c| c.is_alphabetic())
        .flat_map(|c| c.to_uppercase())
        .collect()
}

/// "Surname Initials" from parts.
pub(crate) fn author(surname: &str, given_or_initials: &str) -> String {
    let ini = if given_or_initials.chars().all(|c| c.is_uppercase() || c == '.' || c == ' ') {
        given_or_initials.chars().filter(|c| c.is_alphabetic()).collect()
    } else {
        initials(given_or_initials)
    };
    let surname = squash(surname);
    if ini.is_empty() {
        surname
    } else {
        format!("{surname} {ini}")
    }
}

/// Normalise a DOI: lowercase, no resolver prefix, no trailing punctuation.
pub(crate) fn clean_doi(s: &str) -> Option<String> {
    let s = s.trim();
    let lower = s.to_lowercase();
    let start = lower.find("10.")?;
    let doi = lower[start..].trim_end_matches(['.', ',', ';', ')', ']']);
    (doi.len() > 7 && doi.contains('/')).then(|| doi.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sniffs_root_through_prolog_and_doctype() {
        let x = "<?xml version=\"1.0\"?>\n<!-- c -->\n<!DOCTYPE a [<!ENTITY e \"x\">]>\n<PubmedArticleSet>";
        assert_eq!(root_name(x).as_deref(), Some("PubmedArticleSet"));
        assert_eq!(root_name("<xmi:XMI xmlns:xmi=\"x\">").as_deref(), Some("xmi:XMI"));
        assert_eq!(root_name("no xml"), None);
    }

    #[test]
    fn author_names() {
        assert_eq!(author("Friedberg", "Scott"), "Friedberg S");
        assert_eq!(author("van der Berg", "Jan-Pieter"), "van der Berg JP");
        assert_eq!(author("Alsaif", "F"), "Alsaif F");
        assert_eq!(author("Bécuwe", "C."), "Bécuwe C");
    }

    #[test]
    fn dois_are_cleaned() {
        assert_eq!(clean_doi("https://doi.org/10.1159/000456651.").as_deref(), Some("10.1159/000456651"));
        assert_eq!(clean_doi("none"), None);
    }

    #[test]
    fn years() {
        assert_eq!(year_in("2017 Jan-Feb"), Some(2017));
        assert_eq!(year_in("12345"), None);
        assert_eq!(year_in("vol 9, 2001;"), Some(2001));
    }
}
