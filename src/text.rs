//! Sentences: the unit every extractor reasons about, and the evidence users read.
//!
//! The splitter breaks after `.`, `!` or `?` followed by space and an
//! upper-case letter, digit or opening bracket, and at blank lines; it does
//! not break after the abbreviations of clinical prose ("Fig.", "e.g.",
//! "et al.", "Dr.", "vs.", "approx.", "No."), after single initials ("J."),
//! or inside decimals ("26.42"). It works on byte ranges of the document
//! text, so evidence offsets stay exact.

use std::cell::Cell;
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
    /// [`Sentence::anchored`] and [`Sentence::cites`], each read when first
    /// asked: every sentence used to be read for both, though most rules
    /// that ask for one decide without the other (a sentence that cites is
    /// background whether or not it names the patient).
    flags: Cell<u8>,
}

/// Bits of [`Sentence::flags`]: whether a flag is known, and its value.
const ANCHORED_KNOWN: u8 = 1;
const ANCHORED: u8 = 2;
const CITES_KNOWN: u8 = 4;
const CITES: u8 = 8;

impl Sentence {
    /// The sentence at `range`, in a section of `kind`.
    pub fn new(range: Range<usize>, kind: SectionKind) -> Sentence {
        Sentence { range, kind, flags: Cell::new(0) }
    }

    /// Whether it speaks of this report's patient ("our patient", "she",
    /// "we treated"); `text` is the sentence's text.
    pub fn anchored(&self, text: &str) -> bool {
        self.flag(ANCHORED_KNOWN, ANCHORED, text, patient_anchor)
    }

    /// Whether it cites the literature (`[3]`, "(Smith et al., 2010)");
    /// `text` is the sentence's text.
    pub fn cites(&self, text: &str) -> bool {
        self.flag(CITES_KNOWN, CITES, text, cites)
    }

    fn flag(&self, known: u8, value: u8, text: &str, read: fn(&str) -> bool) -> bool {
        debug_assert_eq!(text.len(), self.range.len(), "the text of another sentence");
        let flags = self.flags.get();
        if flags & known != 0 {
            return flags & value != 0;
        }
        let yes = read(text);
        self.flags.set(flags | known | if yes { value } else { 0 });
        yes
    }
}

/// Abbreviations after which a period does not end a sentence, in byte order
/// (for [`is_abbreviation`]; a test checks the order).
const ABBREVIATIONS: &[&str] = &[
    "al", "approx", "ca", "cf", "cit", "co", "dept", "dr", "drs", "e.g", "ed", "eds", "est", "etc", "ext", "fig",
    "figs", "hr", "hrs", "i.e", "ibid", "inc", "incl", "jr", "ltd", "max", "mg", "min", "ml", "mo", "mos", "mr", "mrs",
    "ms", "no", "nos", "op", "p", "pp", "prof", "pt", "pts", "ref", "refs", "resp", "sec", "sp", "spp", "sq", "sr",
    "st", "tab", "u.s", "univ", "viz", "vol", "vs", "wk", "wks", "yr", "yrs",
];

/// The longest of [`ABBREVIATIONS`].
const LONGEST_ABBREVIATION: usize = 6;

/// Whether `word` is one of [`ABBREVIATIONS`], ASCII case aside. Asked at
/// every full stop followed by a capital: most words there are longer than
/// any abbreviation, and the rest are looked for in the sorted list.
fn is_abbreviation(word: &str) -> bool {
    if word.len() > LONGEST_ABBREVIATION {
        return false;
    }
    let mut buf = [0u8; LONGEST_ABBREVIATION];
    let lower = &mut buf[..word.len()];
    lower.copy_from_slice(word.as_bytes());
    lower.make_ascii_lowercase();
    ABBREVIATIONS.binary_search_by(|a| a.as_bytes().cmp(lower)).is_ok()
}

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
    // Each end trimmed once (this runs for every sentence).
    let rest = piece.trim_start();
    if rest.is_empty() {
        return;
    }
    let lead = piece.len() - rest.len();
    let trail = rest.len() - rest.trim_end().len();
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
    if is_abbreviation(word) {
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
        out.extend(split(&doc.text, sec.range.clone()).into_iter().map(|r| Sentence::new(r, sec.kind)));
    }
    out
}

/// Whether a sentence cites the literature.
pub fn cites(s: &str) -> bool {
    // Most citing sentences hold a numbered citation, told by hand first.
    bracket_citation(s)
        || re!(r"\[\s*\d+(?:\s*[-–,]\s*\d+)*\s*\]|\(\s*\d{1,3}(?:\s*[-–,]\s*\d{1,3})*\s*\)|\bet al\b|\((?:[A-Z][\w-]+(?: et al\.?| and [A-Z][\w-]+)?,? \d{4}[a-z]?;?\s*)+\)")
        .is_match(s)
}

/// Whether `s` holds `[3]`, `[3, 4]` or `[3–5]` spelt in ASCII digits and
/// spaces: some of what the first alternative of [`cites`]'s pattern
/// (`\[\s*\d+(?:\s*[-–,]\s*\d+)*\s*\]`) finds, never more, so that the
/// pattern need only run where this finds nothing.
fn bracket_citation(s: &str) -> bool {
    let b = s.as_bytes();
    let spaces = |mut i: usize| {
        while b.get(i).is_some_and(u8::is_ascii_whitespace) {
            i += 1;
        }
        i
    };
    let digits = |mut i: usize| {
        let start = i;
        while b.get(i).is_some_and(u8::is_ascii_digit) {
            i += 1;
        }
        (i > start).then_some(i)
    };
    let separator = |i: usize| match b.get(i..) {
        Some([b'-' | b',', ..]) => Some(i + 1),
        Some([0xE2, 0x80, 0x93, ..]) => Some(i + 3),
        _ => None,
    };
    memchr::memchr_iter(b'[', b).any(|open| {
        let Some(mut i) = digits(spaces(open + 1)) else { return false };
        // More numbers, each after a separator; the last read is where the
        // closing bracket may follow.
        while let Some(next) = separator(spaces(i)).and_then(|j| digits(spaces(j))) {
            i = next;
        }
        b.get(spaces(i)) == Some(&b']')
    })
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
    fn abbreviations_are_told_whatever_their_case() {
        assert!(ABBREVIATIONS.iter().all(|a| a.len() <= LONGEST_ABBREVIATION && *a == a.to_ascii_lowercase()));
        assert!(ABBREVIATIONS.windows(2).all(|w| w[0] < w[1]), "in byte order, each once");
        for a in ABBREVIATIONS {
            assert!(is_abbreviation(a) && is_abbreviation(&a.to_ascii_uppercase()), "{a}");
        }
        for w in ["", "figure", "F", "cases", "approxx", "né", "e.g.", "al."] {
            assert!(!is_abbreviation(w), "{w}");
        }
    }

    #[test]
    fn bracket_citations_are_found_only_where_the_pattern_finds_them() {
        let texts = [
            "as reported [3].",
            "as reported [ 3 , 4 ].",
            "as reported [3\u{2013}5, 8].",
            "as reported [3-].",
            "as reported [3,,4].",
            "as reported [a].",
            "as reported [].",
            "as reported [3",
            "as reported [[3]].",
            "as reported [3 4].",
            "as reported [12-14, 20].",
            "see figure [A].",
            "as reported \u{ff3b}3\u{ff3d}.",
            "[",
            "",
        ];
        let pattern = regex::Regex::new(r"\[\s*\d+(?:\s*[-–,]\s*\d+)*\s*\]").unwrap();
        for t in texts {
            if bracket_citation(t) {
                assert!(pattern.is_match(t), "{t:?}");
            }
        }
        // Every string of up to eight pieces from the pattern's alphabet, and
        // a few others, in a fixed pseudo-random order: found by hand exactly
        // where the pattern finds them (in ASCII, with ASCII digits).
        let pieces = ["[", "]", "1", "23", " ", ",", "-", "\u{2013}", "a", "\t", ";"];
        let mut seed = 0x2545_f491_4f6c_dd1d_u64;
        for _ in 0..50_000 {
            let mut t = String::new();
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            for k in 0..(seed % 9) {
                t.push_str(pieces[((seed >> (8 + 4 * k)) % pieces.len() as u64) as usize]);
            }
            assert_eq!(bracket_citation(&t), pattern.is_match(&t), "{t:?}");
        }
        assert!(bracket_citation("as reported [3].") && bracket_citation("as reported [3\u{2013}5, 8]."));
        assert!(!bracket_citation("as reported [3 4]."));
    }

    #[test]
    fn flags_are_read_once_and_kept() {
        let t = "She was treated as reported [3].";
        let s = Sentence::new(0..t.len(), SectionKind::Case);
        assert!(s.cites(t) && s.anchored(t));
        assert_eq!(s.flags.get(), ANCHORED_KNOWN | ANCHORED | CITES_KNOWN | CITES);
        let t = "No one cites.";
        let s = Sentence::new(0..t.len(), SectionKind::Discussion);
        assert!(!s.cites(t));
        assert_eq!(s.flags.get(), CITES_KNOWN);
        assert!(!s.anchored(t) && !s.cites(t));
    }

    #[test]
    fn blank_lines_end_sentences() {
        assert_eq!(pieces("Fig. 1\n\nNodules on the arm"), vec!["Fig. 1", "Nodules on the arm"]);
    }
}
