//! Shared XML helpers: sniffing the root element, safe parsing, node text.
//!
//! roxmltree never reads external entities (no resolver is installed) and
//! bounds internal entity expansion, so a DTD is allowed: PubMed files declare
//! one. Work on a parsed document stays linear in its size, whatever its
//! shape: documents nested deeper than [`MAX_DEPTH`] are refused, text is
//! gathered in one pass over a subtree ([`text_of`]), and repeated elements
//! are collected outermost-first ([`outermost`]) so that nested copies of an
//! element are not each read again in full.

use roxmltree::{Document, Node, ParsingOptions};

/// Upper bound on nodes in one file: far above any real article or PubMed
/// batch, low enough to stop a hostile file from exhausting memory.
const NODES_LIMIT: u32 = 50_000_000;

/// Upper bound on element nesting. Real JATS, PubMed and BioC files nest a
/// dozen levels (MathML a few dozen); readers walk ancestors and nested
/// elements, so a file nested hundreds of thousands deep would cost time
/// quadratic in its size. Such a file is not an article: it is refused.
pub(crate) const MAX_DEPTH: usize = 256;

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
    let doc = Document::parse_with_options(text, opts).map_err(|e| match e {
        roxmltree::Error::UnexpectedEndOfStream | roxmltree::Error::UnclosedRootNode => {
            "truncated XML (ends before the document closes)".into()
        }
        roxmltree::Error::EntityReferenceLoop(_) => format!("XML entity expansion refused ({e})"),
        roxmltree::Error::NodesLimitReached => "XML has too many nodes".into(),
        other => format!("malformed XML: {other}"),
    })?;
    if depth_exceeds(&doc, MAX_DEPTH) {
        return Err(format!("XML nested more than {MAX_DEPTH} elements deep (not an article)"));
    }
    Ok(doc)
}

/// A step of [`walk`]: entering or leaving a node.
#[derive(Clone, Copy)]
enum Edge<'a, 'i> {
    Open(Node<'a, 'i>),
    Close(Node<'a, 'i>),
}

/// Every node of `root`'s subtree opened and closed in document order,
/// without recursion (and so without a stack as deep as the document).
fn walk<'a, 'i: 'a>(root: Node<'a, 'i>) -> impl Iterator<Item = Edge<'a, 'i>> + 'a {
    let mut next = Some(Edge::Open(root));
    std::iter::from_fn(move || {
        let current = next.take()?;
        next = match current {
            Edge::Open(n) => Some(n.first_child().map_or(Edge::Close(n), Edge::Open)),
            Edge::Close(n) if n == root => None,
            Edge::Close(n) => n.next_sibling().map(Edge::Open).or_else(|| n.parent().map(Edge::Close)),
        };
        Some(current)
    })
}

/// Whether elements nest more than `max` deep (one linear pass).
fn depth_exceeds(doc: &Document<'_>, max: usize) -> bool {
    let mut depth = 0usize;
    for edge in walk(doc.root()) {
        match edge {
            Edge::Open(n) if n.is_element() => {
                depth += 1;
                if depth > max {
                    return true;
                }
            }
            Edge::Close(n) if n.is_element() => depth -= 1,
            _ => {}
        }
    }
    false
}

/// Collapse runs of whitespace to one space and trim.
pub(crate) fn squash(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    push_squashed(&mut out, s);
    out
}

/// Append [`squash`]`(s)` to `out`.
fn push_squashed(out: &mut String, s: &str) {
    // Most strings (reference entries, titles) are already squashed: one
    // scan tells, and they are copied as they are.
    if is_squashed(s) {
        out.push_str(s);
        return;
    }
    for (i, w) in s.split_whitespace().enumerate() {
        if i > 0 {
            out.push(' ');
        }
        out.push_str(w);
    }
}

/// Whether `squash(s)` is `s`: single spaces, none at the ends, and no
/// other white space. Every reference entry is asked, several times, and
/// most are squashed: the ASCII tests run over all the bytes without an
/// early exit, which the compiler turns into a loop over many bytes at a
/// time, and only non-ASCII characters are decoded (an en dash, an
/// accented name, a no-break space).
fn is_squashed(s: &str) -> bool {
    let b = s.as_bytes();
    if b.first() == Some(&b' ') || b.last() == Some(&b' ') {
        return false;
    }
    // Tab, line feed, vertical tab, form feed, carriage return.
    let other_ascii_space = b.iter().fold(false, |found, &c| found | (c.wrapping_sub(0x09) < 5));
    let doubled = b.iter().zip(b.iter().skip(1)).fold(false, |found, (&x, &y)| found | ((x == b' ') & (y == b' ')));
    if other_ascii_space || doubled {
        return false;
    }
    let mut i = 0;
    while let Some(at) = b[i..].iter().position(|c| !c.is_ascii()).map(|n| i + n) {
        let Some(c) = s[at..].chars().next() else { return false };
        if c.is_whitespace() {
            return false;
        }
        i = at + c.len_utf8();
    }
    true
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
///
/// One pass over the subtree: skipped elements and citation markers are
/// tracked as the walk opens and closes them, rather than by looking up each
/// text node's ancestors (which costs time quadratic in the nesting depth).
pub(crate) fn text_of(node: Node<'_, '_>, opts: TextOpts<'_>) -> String {
    let mut raw = String::new();
    // Open skipped elements, and open bibliography citations, above the walk.
    let mut skipped = 0usize;
    let mut citations = 0usize;
    let is_skipped = |n: Node| n != node && n.is_element() && opts.skip.contains(&n.tag_name().name());
    let is_citation = |n: Node| {
        opts.bracket_citations && n != node && n.has_tag_name("xref") && n.attribute("ref-type") == Some("bibr")
    };
    for edge in walk(node) {
        match edge {
            Edge::Open(n) => {
                skipped += usize::from(is_skipped(n));
                citations += usize::from(is_citation(n));
                if skipped > 0 || !n.is_text() {
                    continue;
                }
                let t = n.text().unwrap_or("");
                if citations > 0 {
                    raw.push('[');
                    raw.push_str(t.trim());
                    raw.push(']');
                } else {
                    raw.push_str(t);
                }
            }
            Edge::Close(n) => {
                skipped -= usize::from(is_skipped(n));
                citations -= usize::from(is_citation(n));
            }
        }
    }
    squash(&raw)
}

/// The elements named one of `names` in `node`'s subtree (itself included)
/// that are not inside another such element, in document order.
///
/// Readers take the text of each match; taking nested matches too would read
/// the same text once per nesting level.
pub(crate) fn outermost<'a, 'i: 'a>(
    node: Node<'a, 'i>,
    names: &'a [&'a str],
) -> impl Iterator<Item = Node<'a, 'i>> + 'a {
    let mut inside: Option<Node<'a, 'i>> = None;
    walk(node).filter_map(move |edge| match edge {
        Edge::Open(n) if inside.is_none() && n.is_element() && names.contains(&n.tag_name().name()) => {
            inside = Some(n);
            Some(n)
        }
        Edge::Close(n) if inside == Some(n) => {
            inside = None;
            None
        }
        _ => None,
    })
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
fn initial_chars(given: &str) -> impl Iterator<Item = char> + '_ {
    given
        .split(|c: char| c.is_whitespace() || c == '-' || c == '.')
        .filter_map(|w| w.chars().next())
        .filter(|c| c.is_alphabetic())
        .flat_map(|c| c.to_uppercase())
}

/// "Surname Initials" from parts.
pub(crate) fn author(surname: &str, given_or_initials: &str) -> String {
    if given_or_initials.chars().all(|c| c.is_uppercase() || c == '.' || c == ' ') {
        author_from_initials(surname, given_or_initials)
    } else {
        joined_author(surname, initial_chars(given_or_initials))
    }
}

/// [`author`] for initials printed in capitals, with stops or spaces
/// ("J.R.", "JR", "J R"): their letters. (A caller that drops hyphens
/// before calling [`author`], as a Vancouver name's "M-P" is, may call this
/// with them left in.)
pub(crate) fn author_from_initials(surname: &str, initials: &str) -> String {
    joined_author(surname, initials.chars().filter(|c| c.is_alphabetic()))
}

/// The squashed surname, a space and the initials (no space when there are
/// none), written once: names are built for every author of every
/// reference, and building the initials, the squashed surname and then the
/// two joined cost four times as much (15.1M against 4.0M instructions per
/// round of reading 100 synthetic full texts).
fn joined_author(surname: &str, initials: impl Iterator<Item = char>) -> String {
    let mut out = String::with_capacity(surname.len() + 8);
    push_squashed(&mut out, surname);
    let end = out.len();
    out.push(' ');
    out.extend(initials);
    if out.len() == end + 1 {
        out.truncate(end);
    }
    out
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

    /// The shortcut for squashed strings gives what the general path gives.
    #[test]
    fn squash_shortcut_agrees() {
        let slow = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
        assert!(is_squashed("Smith J. 2001;3:4.") && !is_squashed("a  b"));
        for s in [
            "",
            " ",
            "a",
            "a b",
            " a",
            "a ",
            "a  b",
            "a\tb",
            "a\u{b}b",
            "a\nb",
            "é b",
            "é  b",
            " é",
            "é ",
            "5–7 Ménière’s",
            "a\u{a0}b",
            "a\u{2003}b",
            "a\u{3000}",
            "Smith J. 2001;3:4.",
        ] {
            assert_eq!(squash(s), slow(s), "{s:?}");
            assert_eq!(is_squashed(s), slow(s) == s, "{s:?}");
        }
    }

    /// The shortcut agrees with the general path on generated strings of
    /// ASCII and non-ASCII letters, dashes and spaces of every kind.
    #[test]
    fn squash_shortcut_agrees_on_generated_strings() {
        let slow = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
        let pieces = [
            "a", "Zb", "é", "Ö", "–", "’", " ", " ", "  ", "\t", "\n", "\r", "\u{b}", "\u{c}", "\u{1f}", "\u{85}",
            "\u{a0}", "\u{1680}", "\u{2003}", "\u{2028}", "\u{202f}", "\u{3000}",
        ];
        let mut rng = crate::synth::Rng::new(3, 0);
        for _ in 0..20_000 {
            let s: String = (0..rng.range(0, 9)).map(|_| pieces[rng.below(pieces.len())]).collect();
            assert_eq!(squash(&s), slow(&s), "{s:?}");
            assert_eq!(is_squashed(&s), slow(&s) == s, "{s:?}");
        }
    }

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
