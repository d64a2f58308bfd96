//! The crate's regexes, fast on text with accents and dashes.
//!
//! A Unicode word boundary (`\b`, `\B`) is not something the regex crate's
//! lazy DFA can decide on non-ASCII text: it gives up at the first non-ASCII
//! byte and the search is run again by a far slower engine (the bounded
//! backtracker or the PikeVM). Real reports are full of non-ASCII bytes that
//! are not letters (en dashes in page ranges, curly quotes, "°C", "±", a
//! non-breaking space): on real plain text, these fallbacks took about half
//! of reading and extracting.
//!
//! A [`Pattern`] with a word boundary is compiled twice: as written, and with
//! every word boundary made an ASCII one (`(?-u:\b)`). The two decide every
//! position alike in a text with no non-ASCII word character (no "é", "µ" or
//! "β"): the bytes of a non-ASCII dash or quote are non-word bytes to the
//! ASCII boundary, as the character is a non-word character to the Unicode
//! one. So each search runs the ASCII form on such a text and the written
//! form on any other, and finds exactly what the written pattern finds.
//!
//! The written form of such a pattern is compiled when a text first needs
//! it, as most English text never does; compiling both forms of every
//! pattern up front was about half of what a process spent compiling
//! patterns before its first record.

use std::borrow::Cow;
use std::sync::OnceLock;

use regex::{CaptureMatches, Captures, Match, Matches, Regex, Replacer, Split};

/// A regex that runs its ASCII-boundary form where that finds the same (see the module docs).
#[derive(Debug)]
pub struct Pattern {
    source: Box<str>,
    /// The pattern as written: compiled by [`Pattern::new`] when there is no
    /// ASCII form, else on first use (see the module docs).
    written: OnceLock<Regex>,
    /// The form with ASCII word boundaries; `None` when the pattern has no word boundary.
    ascii: Option<Regex>,
}

impl Pattern {
    /// Compile a pattern: its ASCII-boundary form when it has one, else
    /// the pattern as written.
    ///
    /// An error in either form is an error here. The two forms differ only
    /// in their word-boundary assertions, and a boundary, Unicode or ASCII,
    /// is one state of the compiled automaton that reads the text around it
    /// as it searches: where one form compiles, the other does.
    pub fn new(pattern: &str) -> Result<Pattern, regex::Error> {
        let written = OnceLock::new();
        let ascii = match ascii_boundaries(pattern) {
            Some(p) => Some(Regex::new(&p)?),
            None => {
                let _ = written.set(Regex::new(pattern)?);
                None
            }
        };
        Ok(Pattern { source: pattern.into(), written, ascii })
    }

    /// The pattern as written, compiled.
    fn written(&self) -> &Regex {
        self.written
            .get_or_init(|| Regex::new(&self.source).expect("compiles, as its ASCII-boundary form did (see `new`)"))
    }

    /// The form to search `hay` with.
    fn pick(&self, hay: &str) -> &Regex {
        match &self.ascii {
            Some(ascii) if !has_non_ascii_word_char(hay) => ascii,
            _ => self.written(),
        }
    }

    /// The pattern as written.
    pub fn as_str(&self) -> &str {
        &self.source
    }

    /// [`Regex::is_match`].
    pub fn is_match(&self, hay: &str) -> bool {
        self.pick(hay).is_match(hay)
    }

    /// [`Regex::find`].
    pub fn find<'h>(&self, hay: &'h str) -> Option<Match<'h>> {
        self.pick(hay).find(hay)
    }

    /// [`Regex::find_at`].
    pub fn find_at<'h>(&self, hay: &'h str, start: usize) -> Option<Match<'h>> {
        self.pick(hay).find_at(hay, start)
    }

    /// [`Regex::find_iter`].
    pub fn find_iter<'r, 'h>(&'r self, hay: &'h str) -> Matches<'r, 'h> {
        self.pick(hay).find_iter(hay)
    }

    /// [`Regex::captures`].
    pub fn captures<'h>(&self, hay: &'h str) -> Option<Captures<'h>> {
        self.pick(hay).captures(hay)
    }

    /// [`Regex::captures_at`].
    pub fn captures_at<'h>(&self, hay: &'h str, start: usize) -> Option<Captures<'h>> {
        self.pick(hay).captures_at(hay, start)
    }

    /// [`Regex::captures_iter`].
    pub fn captures_iter<'r, 'h>(&'r self, hay: &'h str) -> CaptureMatches<'r, 'h> {
        self.pick(hay).captures_iter(hay)
    }

    /// [`Regex::split`].
    pub fn split<'r, 'h>(&'r self, hay: &'h str) -> Split<'r, 'h> {
        self.pick(hay).split(hay)
    }

    /// [`Regex::replace`].
    pub fn replace<'h, R: Replacer>(&self, hay: &'h str, rep: R) -> Cow<'h, str> {
        self.pick(hay).replace(hay, rep)
    }

    /// [`Regex::replace_all`].
    pub fn replace_all<'h, R: Replacer>(&self, hay: &'h str, rep: R) -> Cow<'h, str> {
        self.pick(hay).replace_all(hay, rep)
    }
}

/// Whether `t` holds a non-ASCII character that a Unicode word boundary
/// counts as part of a word (a letter, a mark, a digit).
pub fn has_non_ascii_word_char(t: &str) -> bool {
    let b = t.as_bytes();
    let mut at = 0;
    // Asked of every haystack, some of them long windows of which an
    // anchored pattern reads a few bytes: ASCII runs are skipped 16 bytes
    // at a time, and only the non-ASCII characters are decoded.
    while let Some(i) = next_non_ascii(b, at) {
        let Some(c) = t[i..].chars().next() else { break };
        if regex_syntax::is_word_character(c) {
            return true;
        }
        at = i + c.len_utf8();
    }
    false
}

/// The position of the first non-ASCII byte of `b` at or after `from`.
fn next_non_ascii(b: &[u8], from: usize) -> Option<usize> {
    let rest = b.get(from..)?;
    let mut skipped = 0;
    for chunk in rest.chunks_exact(16) {
        if !chunk.is_ascii() {
            break;
        }
        skipped += 16;
    }
    rest[skipped..].iter().position(|&c| !c.is_ascii()).map(|p| from + skipped + p)
}

/// `pattern` with `\b` and `\B` made ASCII boundaries; `None` when it has neither.
///
/// Escapes are read pairwise, so an escaped backslash before a `b` is left
/// alone; inside a character class `\b` is not a boundary, and classes are
/// skipped (nested ones included).
fn ascii_boundaries(pattern: &str) -> Option<String> {
    let mut out = String::with_capacity(pattern.len() + 16);
    let mut changed = false;
    let mut chars = pattern.chars().peekable();
    // Depth of nested character classes.
    let mut class = 0usize;
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                let Some(next) = chars.next() else {
                    out.push(c);
                    break;
                };
                if class == 0 && (next == 'b' || next == 'B') && chars.peek() != Some(&'{') {
                    out.push_str(if next == 'b' { r"(?-u:\b)" } else { r"(?-u:\B)" });
                    changed = true;
                } else {
                    out.push(c);
                    out.push(next);
                }
            }
            '[' => {
                out.push(c);
                class += 1;
                // A `]` right after the opening (or after `^`) is a literal.
                if chars.peek() == Some(&'^') {
                    out.push(chars.next().expect("peeked"));
                }
                if chars.peek() == Some(&']') {
                    out.push(chars.next().expect("peeked"));
                }
            }
            ']' if class > 0 => {
                out.push(c);
                class -= 1;
            }
            _ => out.push(c),
        }
    }
    changed.then_some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn boundaries_become_ascii_outside_classes_only() {
        assert_eq!(ascii_boundaries(r"\bcase\b").as_deref(), Some(r"(?-u:\b)case(?-u:\b)"));
        assert_eq!(ascii_boundaries(r"\Bx").as_deref(), Some(r"(?-u:\B)x"));
        assert_eq!(ascii_boundaries(r"a\\b"), None);
        assert_eq!(ascii_boundaries(r"[\]\b]x").as_deref(), None);
        assert_eq!(ascii_boundaries(r"[]b]\b").as_deref(), Some(r"[]b](?-u:\b)"));
        assert_eq!(ascii_boundaries(r"[^]a][[:alpha:]]\b").as_deref(), Some(r"[^]a][[:alpha:]](?-u:\b)"));
        assert_eq!(ascii_boundaries(r"\b{start}x"), None);
        assert_eq!(ascii_boundaries(r"\d+"), None);
    }

    #[test]
    fn the_written_form_is_compiled_when_a_text_first_needs_it() {
        let p = Pattern::new(r"(?i)\bdose\b").unwrap();
        assert!(p.written.get().is_none());
        assert!(p.is_match("a DOSE – twice"));
        assert!(p.written.get().is_none());
        assert!(p.is_match("5 µg dose"));
        assert!(p.written.get().is_some());
        assert_eq!(p.as_str(), r"(?i)\bdose\b");
        // Without a boundary there is one form, compiled at once.
        assert!(Pattern::new(r"\d+ mg").unwrap().written.get().is_some());
        // An invalid pattern is an error at once, boundary or not.
        assert!(Pattern::new(r"\b(dose").is_err());
        assert!(Pattern::new(r"(dose").is_err());
    }

    #[test]
    fn both_forms_find_the_same_where_the_ascii_one_is_used() {
        let p = Pattern::new(r"(?i)\b(?:mg|dose)\b|\bcase\B").unwrap();
        for hay in [
            "A dose of 5 mg – twice – in this case’s course",
            "casework “dose” mg±",
            "5 µg dose",
            "étude de cas: dose",
            "Ménière dose",
        ] {
            let written: Vec<_> = p.written().find_iter(hay).map(|m| m.range()).collect();
            let picked: Vec<_> = p.find_iter(hay).map(|m| m.range()).collect();
            assert_eq!(written, picked, "{hay}");
        }
        // The ASCII form is the one run on text whose only non-ASCII
        // characters are not letters (what makes the pattern fast there).
        let ascii = p.ascii.as_ref().unwrap();
        assert!(std::ptr::eq(p.pick("a dose – 5 mg “twice” ±"), ascii));
        assert!(std::ptr::eq(p.pick("plain ASCII"), ascii));
        assert!(std::ptr::eq(p.pick("5 µg dose"), p.written()));
        // Where a non-ASCII letter touches a word, the forms differ, and the written one is used.
        assert!(ascii.is_match("µmg"));
        assert!(!p.is_match("µmg"));
        assert!(has_non_ascii_word_char("µmg"));
        assert!(!has_non_ascii_word_char("5–7 “mg” ±"));
        let long = format!("{}–{}", "a".repeat(40), "b".repeat(40));
        assert!(!has_non_ascii_word_char(&long));
        assert!(has_non_ascii_word_char(&format!("{long}é")));
        assert!(has_non_ascii_word_char(&format!("{}é{}", "a".repeat(17), "b".repeat(33))));
        assert!(!has_non_ascii_word_char(""));
    }
}
