//! Sentences: the unit every extractor reasons about, and the evidence users read.
//!
//! The splitter breaks after `.`, `!` or `?` followed by space and an
//! upper-case letter, digit or opening bracket, and at blank lines; it does
//! not break after the abbreviations of clinical prose ("Fig.", "e.g.",
//! "et al.", "Dr.", "vs.", "approx.", "No."), after single initials ("J."),
//! or inside decimals ("26.42"). It works on byte ranges of the document
//! text, so evidence offsets stay exact.

use std::ops::Range;

use crate::doc::{SectionKind, SourceDoc};
use crate::ingest::layout::patient_anchor;

/// One sentence of a document's prose.
#[derive(Debug, Clone)]
pub struct Sentence {
    /// Byte range in the document text.
    pub range: Range<usize>,
    /// The kind of section it is in.
    pub kind: SectionKind,
    /// Whether it speaks of this report's patient ("our patient", "she", "we treated").
    pub anchored: bool,
    /// Whether it cites the literature (`[3]`, "(Smith et al., 2010)").
    pub cites: bool,
}

/// Abbreviations after which a period does not end a sentence.
const ABBREVIATIONS: &[&str] = &[
    "fig", "figs", "e.g", "i.e", "al", "dr", "drs", "vs", "approx", "no", "nos", "mr", "mrs", "ms", "prof", "st", "ca",
    "cf", "jr", "sr", "vol", "ref", "refs", "tab", "resp", "incl", "min", "max", "mg", "ml", "wk", "wks", "yr", "yrs",
    "mo", "mos", "ed", "eds", "pp", "p", "op", "cit", "etc", "viz", "sp", "spp", "inc", "ltd", "co", "u.s", "dept",
    "univ", "ibid", "pt", "pts", "hr", "hrs", "sec", "sq", "ext", "est",
];

/// Split `text[range]` into sentence ranges (absolute offsets).
pub fn split(text: &str, range: Range<usize>) -> Vec<Range<usize>> {
    let s = &text[range.clone()];
    let b = s.as_bytes();
    let mut out = Vec::new();
    let mut start = 0;
    // Only these bytes can end a sentence: jump between them (SIMD), with
    // the rare '!' tracked apart as `memchr3` takes three bytes.
    let mut next_bang = memchr::memchr(b'!', b).unwrap_or(b.len());
    let mut i = 0;
    while i < b.len() {
        let at = memchr::memchr3(b'.', b'?', b'\n', &b[i..]).map_or(b.len(), |k| i + k);
        if next_bang < i {
            next_bang = memchr::memchr(b'!', &b[i..]).map_or(b.len(), |k| i + k);
        }
        i = at.min(next_bang);
        let Some(&c) = b.get(i) else { break };
        let boundary = match c {
            b'\n' => {
                // A blank line, or a line break after a full stop, ends a sentence.
                let blank = b[i + 1..].iter().take_while(|&&x| x == b' ' || x == b'\r').count();
                b.get(i + 1 + blank) == Some(&b'\n') || (i > 0 && matches!(b[i - 1], b'.' | b':' | b'?' | b'!'))
            }
            b'.' | b'!' | b'?' => ends_sentence(s, i),
            _ => false,
        };
        if boundary {
            let end = i + 1;
            push_trimmed(s, start..end, range.start, &mut out);
            start = end;
        }
        i += 1;
    }
    push_trimmed(s, start..b.len(), range.start, &mut out);
    out
}

fn push_trimmed(s: &str, r: Range<usize>, base: usize, out: &mut Vec<Range<usize>>) {
    let piece = &s[r.clone()];
    let lead = piece.len() - piece.trim_start().len();
    let trail = piece.len() - piece.trim_end().len();
    if piece.trim().is_empty() {
        return;
    }
    out.push(base + r.start + lead..base + r.end - trail);
}

fn ends_sentence(s: &str, i: usize) -> bool {
    let b = s.as_bytes();
    // Next non-space character.
    let mut j = i + 1;
    // Closing quotes and brackets belong to the sentence.
    while j < b.len() && matches!(b[j], b'"' | b')' | b']' | b'\'') {
        j += 1;
    }
    let spaces = b[j..].iter().take_while(|c| c.is_ascii_whitespace()).count();
    if spaces == 0 {
        return j >= b.len();
    }
    let Some(next) = s[j + spaces..].chars().next() else {
        return true;
    };
    if !(next.is_uppercase() || next.is_ascii_digit() || matches!(next, '[' | '(' | '"' | '\u{201c}')) {
        return false;
    }
    if b[i] != b'.' {
        return true;
    }
    // The word before the period.
    let word_start = s[..i]
        .char_indices()
        .rev()
        .find(|&(_, c)| c.is_whitespace() || c == '(' || c == '[')
        .map_or(0, |(k, c)| k + c.len_utf8());
    let word = &s[word_start..i];
    if word.is_empty() {
        return true;
    }
    if ABBREVIATIONS.iter().any(|a| a.eq_ignore_ascii_case(word)) {
        // "Fig. 1", "e.g. Diltiazem", "Dr. Smith" never end a sentence; "etc."
        // before a capitalised word does.
        return word.eq_ignore_ascii_case("etc") && next.is_uppercase();
    }
    // Single initials ("J. Smith") and initials runs ("A.B.").
    let letters = word.chars().filter(|c| c.is_alphabetic()).count();
    if letters == 1 && word.chars().next().is_some_and(char::is_uppercase) {
        return false;
    }
    true
}

/// The sentences of a document's prose sections, with their context flags.
pub fn sentences(doc: &SourceDoc) -> Vec<Sentence> {
    let mut out = Vec::new();
    for sec in &doc.sections {
        if !sec.kind.is_prose() && sec.kind != SectionKind::Title {
            continue;
        }
        for r in split(&doc.text, sec.range.clone()) {
            let s = &doc.text[r.clone()];
            out.push(Sentence { anchored: patient_anchor(s), cites: cites(s), kind: sec.kind, range: r });
        }
    }
    out
}

/// Whether a sentence cites the literature.
pub fn cites(s: &str) -> bool {
    re!(r"\[\s*\d+(?:\s*[-–,]\s*\d+)*\s*\]|\(\s*\d{1,3}(?:\s*[-–,]\s*\d{1,3})*\s*\)|\bet al\b|\((?:[A-Z][\w-]+(?: et al\.?| and [A-Z][\w-]+)?,? \d{4}[a-z]?;?\s*)+\)")
        .is_match(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pieces(t: &str) -> Vec<&str> {
        split(t, 0..t.len()).into_iter().map(|r| &t[r]).collect()
    }

    #[test]
    fn splits_clinical_prose() {
        assert_eq!(
            pieces("Low vitamin D levels were noted (26.42 ng/mL). A hormonal workup was normal (Fig. 1). See Smith et al. 2010 for more."),
            vec!["Low vitamin D levels were noted (26.42 ng/mL).", "A hormonal workup was normal (Fig. 1).", "See Smith et al. 2010 for more."]
        );
        assert_eq!(
            pieces("Seen by Dr. Smith. He was J. Doe's son."),
            vec!["Seen by Dr. Smith.", "He was J. Doe's son."]
        );
        assert_eq!(pieces("Treated with e.g. Diltiazem. Next."), vec!["Treated with e.g. Diltiazem.", "Next."]);
    }

    #[test]
    fn blank_lines_end_sentences() {
        assert_eq!(pieces("Fig. 1\n\nNodules on the arm"), vec!["Fig. 1", "Nodules on the arm"]);
    }
}
