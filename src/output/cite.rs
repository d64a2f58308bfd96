//! Citation formats: BibTeX and RIS, for reference managers.
//!
//! Authors are stored "Surname Initials" (`Gupta SKV`); both formats want
//! "Surname, Initials" (`Gupta, S. K. V.`), which is what BibTeX parses as
//! last and first names and what RIS readers expect in `AU`. Every value is
//! put on one line (titles scraped from PDFs carry line breaks).

use std::io::{self, Write};

use casedex::CaseReport;

use super::term::clean;

/// One BibTeX `@article` entry, followed by a blank line.
///
/// Values are braced, and LaTeX's special characters escaped so that the
/// entry compiles whatever the title holds; braces become
/// `\textbraceleft{}`/`\textbraceright{}` because BibTeX counts even
/// escaped braces when it looks for the end of a value. Titles are double
/// braced so that styles keep their capitals ("CREST syndrome"). Diacritics
/// stay UTF-8, which biber and `inputenc` read. The DOI is a URL-like field
/// that biblatex takes verbatim, so it is left unescaped but for braces,
/// percent-encoded as in a URL.
pub fn bibtex(out: &mut dyn Write, r: &CaseReport) -> io::Result<()> {
    writeln!(out, "@article{{{},", bibtex_key(r))?;
    let mut field = |name: &str, value: String| -> io::Result<()> {
        if value.is_empty() {
            return Ok(());
        }
        writeln!(out, "  {name:<7} = {{{value}}},")
    };
    let authors: Vec<String> = r.authors.iter().map(|a| bibtex_name(a)).filter(|a| !a.is_empty()).collect();
    field("author", authors.join(" and "))?;
    if let Some(t) = r.title.as_deref().map(latex).filter(|t| !t.is_empty()) {
        field("title", format!("{{{t}}}"))?;
    }
    field("journal", r.journal.as_deref().map(latex).unwrap_or_default())?;
    field("year", r.year.map(|y| y.to_string()).unwrap_or_default())?;
    field("volume", r.volume.as_deref().map(latex).unwrap_or_default())?;
    field("number", r.issue.as_deref().map(latex).unwrap_or_default())?;
    let pages = match r.pages.as_deref().map(page_range) {
        Some((first, Some(last))) => format!("{}--{}", latex(&first), latex(&last)),
        Some((first, None)) => latex(&first),
        None => String::new(),
    };
    field("pages", pages)?;
    field("doi", r.doi.as_deref().map(verbatim).unwrap_or_default())?;
    field("pmid", r.pmid.as_deref().map(latex).unwrap_or_default())?;
    writeln!(out, "}}\n")
}

/// One RIS record (`TY  - JOUR` … `ER  - `), followed by a blank line.
pub fn ris(out: &mut dyn Write, r: &CaseReport) -> io::Result<()> {
    let mut tag = |tag: &str, value: &str| -> io::Result<()> {
        let value = clean(value);
        if value.is_empty() {
            return Ok(());
        }
        writeln!(out, "{tag}  - {value}")
    };
    tag("TY", "JOUR")?;
    for a in &r.authors {
        let (surname, initials) = split_name(a);
        match initials {
            Some(i) => tag("AU", &format!("{surname}, {i}"))?,
            None => tag("AU", &surname)?,
        }
    }
    let opt = |o: &Option<String>| o.clone().unwrap_or_default();
    tag("TI", &opt(&r.title))?;
    tag("T2", &opt(&r.journal))?;
    tag("JO", &opt(&r.journal))?;
    tag("PY", &r.year.map(|y| y.to_string()).unwrap_or_default())?;
    tag("VL", &opt(&r.volume))?;
    tag("IS", &opt(&r.issue))?;
    if let Some((first, last)) = r.pages.as_deref().map(page_range) {
        tag("SP", &first)?;
        tag("EP", &last.unwrap_or_default())?;
    }
    tag("DO", &opt(&r.doi))?;
    tag("AN", &opt(&r.pmid))?;
    writeln!(out, "ER  - \n")
}

/// A key that is stable (the same report always gets the same key, in any
/// listing, so keys can be cited before and after another export) and
/// unique: `gupta2013idiopathic_1f2e` is the first author's surname, the
/// year and the first significant word of the title, folded to ASCII, then
/// four hex digits of a hash of the report's id, which tells apart two
/// reports that share the rest.
pub fn bibtex_key(r: &CaseReport) -> String {
    const MINOR: &[&str] = &["a", "an", "the", "of", "on", "in", "and", "with", "for", "to", "at", "by"];
    let surname = r.first_author_surname().map(ascii_fold).filter(|s| !s.is_empty());
    let word = r
        .title
        .as_deref()
        .unwrap_or("")
        .split(|c: char| !c.is_alphanumeric())
        .map(ascii_fold)
        .find(|w| !w.is_empty() && !MINOR.contains(&w.as_str()))
        .unwrap_or_default();
    let hash = xxhash_rust::xxh3::xxh3_64(r.id.as_bytes()) & 0xffff;
    format!(
        "{}{}{}_{hash:04x}",
        surname.as_deref().unwrap_or("anon"),
        r.year.map_or("nd".to_string(), |y| y.to_string()),
        word
    )
}

/// A name for BibTeX: "Surname, I. N." when the initials are known; else
/// the name braced as one unit if it has several words (an organisation,
/// or a surname alone such as "Vargas Laguna"), so BibTeX does not take its
/// last word for the surname.
fn bibtex_name(name: &str) -> String {
    match split_name(name) {
        (surname, Some(initials)) => format!("{}, {}", brace_if_needed(&latex(&surname)), latex(&initials)),
        (surname, None) => brace_if_needed(&latex(&surname)),
    }
}

fn brace_if_needed(s: &str) -> String {
    if s.contains(' ') || s.contains(',') {
        format!("{{{s}}}")
    } else {
        s.to_string()
    }
}

/// "Gupta SKV" → ("Gupta", Some("S. K. V.")); "Balcı" → ("Balcı", None).
/// Initials are a last word of one to four capitals.
fn split_name(name: &str) -> (String, Option<String>) {
    let name = clean(name);
    let Some((surname, last)) = name.rsplit_once(' ') else {
        return (name, None);
    };
    let n = last.chars().count();
    if (1..=4).contains(&n) && last.chars().all(char::is_uppercase) {
        let dotted: Vec<String> = last.chars().map(|c| format!("{c}.")).collect();
        (surname.trim().to_string(), Some(dotted.join(" ")))
    } else {
        (name, None)
    }
}

/// The first and last page of "166-73" (→ 166, 173: an abbreviated last
/// page takes the first page's leading digits), "e8-e12", "12–15", or a
/// single page or article number.
pub fn page_range(pages: &str) -> (String, Option<String>) {
    let pages = clean(pages);
    let Some((first, last)) = pages.split_once(['-', '–', '—']) else {
        return (pages, None);
    };
    let (first, last) = (first.trim(), last.trim_start_matches(['-', '–', '—']).trim());
    if first.is_empty() || last.is_empty() {
        return (if first.is_empty() { last } else { first }.to_string(), None);
    }
    let digits = |s: &str| s.chars().all(|c| c.is_ascii_digit());
    let mut last = last.to_string();
    if digits(first) && digits(&last) && last.len() < first.len() {
        let expanded = format!("{}{last}", &first[..first.len() - last.len()]);
        if expanded.parse::<u64>().ok() >= first.parse::<u64>().ok() {
            last = expanded;
        }
    }
    (first.to_string(), Some(last))
}

/// A value for BibTeX: on one line, LaTeX's special characters escaped.
pub fn latex(s: &str) -> String {
    let mut out = String::new();
    for c in clean(s).chars() {
        match c {
            '\\' => out.push_str(r"\textbackslash{}"),
            '{' => out.push_str(r"\textbraceleft{}"),
            '}' => out.push_str(r"\textbraceright{}"),
            '~' => out.push_str(r"\textasciitilde{}"),
            '^' => out.push_str(r"\textasciicircum{}"),
            '<' => out.push_str(r"\textless{}"),
            '>' => out.push_str(r"\textgreater{}"),
            '&' | '%' | '$' | '#' | '_' => {
                out.push('\\');
                out.push(c);
            }
            c => out.push(c),
        }
    }
    out
}

/// A verbatim value (the DOI): on one line, with only the characters that
/// would end the value or the entry percent-encoded.
fn verbatim(s: &str) -> String {
    clean(s).replace('%', "%25").replace('{', "%7B").replace('}', "%7D").replace('\\', "%5C")
}

/// Lowercase ASCII letters and digits of `s`, with accented Latin letters
/// folded to their base letter ("Bécuwe" → "becuwe", "Åsberg" → "asberg");
/// other characters are dropped.
fn ascii_fold(s: &str) -> String {
    const FOLDS: &[(&str, &str)] = &[
        ("àáâãäåāăąǎ", "a"),
        ("çćĉċč", "c"),
        ("ďđ", "d"),
        ("èéêëēĕėęě", "e"),
        ("ĝğġģ", "g"),
        ("ĥħ", "h"),
        ("ìíîïĩīĭįı", "i"),
        ("ĵ", "j"),
        ("ķ", "k"),
        ("ĺļľŀł", "l"),
        ("ñńņňŉ", "n"),
        ("òóôõöøōŏőǒ", "o"),
        ("ŕŗř", "r"),
        ("śŝşšș", "s"),
        ("ţťŧț", "t"),
        ("ùúûüũūŭůűųǔ", "u"),
        ("ŵ", "w"),
        ("ýÿŷ", "y"),
        ("źżž", "z"),
        ("ß", "ss"),
        ("æ", "ae"),
        ("œ", "oe"),
        ("þ", "th"),
    ];
    let mut out = String::new();
    for c in s.chars().flat_map(char::to_lowercase) {
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if let Some((_, base)) = FOLDS.iter().find(|(from, _)| from.contains(c)) {
            out.push_str(base);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn report() -> CaseReport {
        CaseReport {
            id: "doi:10.1/x".into(),
            title: Some("The {odd} title: 50% of \"cases\" & more,\nwith\\ $ # _ ~ ^ < >".into()),
            authors: vec!["Bécuwe C".into(), "Vargas Laguna E".into(), "Balcı".into()],
            journal: Some("Pediatr Dermatol".into()),
            year: Some(2004),
            pages: Some("483-5".into()),
            doi: Some("10.1/x_{y}".into()),
            pmid: Some("123".into()),
            ..CaseReport::default()
        }
    }

    #[test]
    fn bibtex_braces_balance_and_specials_are_escaped() {
        let mut out = Vec::new();
        bibtex(&mut out, &report()).unwrap();
        let s = String::from_utf8(out).unwrap();
        assert_eq!(s.matches('{').count(), s.matches('}').count(), "{s}");
        assert!(s.contains(r"\textbraceleft{}odd\textbraceright{}"), "{s}");
        assert!(s.contains(r"50\% of"), "{s}");
        assert!(s.contains(r"more, with\textbackslash{} \$ \# \_"), "{s}");
        assert!(s.contains("author  = {Bécuwe, C. and {Vargas Laguna}, E. and Balcı},"), "{s}");
        assert!(s.contains("pages   = {483--485},"), "{s}");
        assert!(s.contains("doi     = {10.1/x_%7By%7D},"), "{s}");
        assert!(s.starts_with("@article{becuwe2004odd_"), "{s}");
    }

    #[test]
    fn keys_are_stable_and_differ_by_id() {
        let a = report();
        let mut b = report();
        b.id = "doi:10.1/other".into();
        assert_eq!(bibtex_key(&a), bibtex_key(&report()));
        assert_ne!(bibtex_key(&a), bibtex_key(&b));
        assert!(bibtex_key(&CaseReport::default()).starts_with("anonnd_"));
    }

    #[test]
    fn ris_has_one_line_per_tag() {
        let mut out = Vec::new();
        ris(&mut out, &report()).unwrap();
        let s = String::from_utf8(out).unwrap();
        assert!(s.starts_with("TY  - JOUR\nAU  - Bécuwe, C.\nAU  - Vargas Laguna, E.\nAU  - Balcı\nTI  - The {odd}"));
        assert!(s.contains("\nSP  - 483\nEP  - 485\n") && s.ends_with("ER  - \n\n"));
        assert!(s.lines().all(|l| l.is_empty() || l.get(2..6) == Some("  - ")), "{s}");
    }

    #[test]
    fn page_ranges() {
        assert_eq!(page_range("166-73"), ("166".into(), Some("173".into())));
        assert_eq!(page_range("e8-e12"), ("e8".into(), Some("e12".into())));
        assert_eq!(page_range("12–15"), ("12".into(), Some("15".into())));
        assert_eq!(page_range("99-1"), ("99".into(), Some("1".into())));
        assert_eq!(page_range("241891"), ("241891".into(), None));
        assert_eq!(page_range("12-"), ("12".into(), None));
    }

    #[test]
    fn folding() {
        assert_eq!(ascii_fold("Åsberg-Çelik"), "asbergcelik");
        assert_eq!(ascii_fold("石灰"), "");
    }
}
