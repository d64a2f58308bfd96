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
//! A [`Pattern`] with a word boundary or a Perl class is compiled twice: as
//! written, and in an ASCII form, with every word boundary made an ASCII one
//! (`(?-u:\b)`) and `\w`, `\d`, `\W`, `\D` spelt as ASCII sets. The two
//! decide every position alike in a text with no non-ASCII word character
//! (no "é", "µ" or "β"): the bytes of a non-ASCII dash or quote are non-word
//! bytes to the ASCII boundary, as the character is a non-word character to
//! the Unicode one, and the only word characters and digits such a text
//! holds are ASCII ones. So each search runs the ASCII form on such a text
//! and the written form on any other, and finds exactly what the written
//! pattern finds. (Unicode's `\w` is a large automaton to compile: spelling
//! it in ASCII took 23% off the instructions of a process that compiles its
//! patterns and extracts one report six times.)
//!
//! The written form of such a pattern is compiled when a text first needs
//! it, as most English text never does; compiling both forms of every
//! pattern up front was about half of what a process spent compiling
//! patterns before its first record.
//!
//! A sentence that does hold a non-ASCII word character ("500 µg", "Ménière",
//! "β-blockers") is still tested by most patterns with their ASCII form, on a
//! copy of the sentence with each such character spelt as ASCII word bytes
//! the pattern cannot match ([`Pattern::is_match`]), rather than by the
//! slower engines: that took 9% to 33% off extraction's instructions on the
//! real files of each format but the E3C texts, mostly not English (2%). Where that finds the same is worked out from
//! the pattern's syntax (see `StandIn`).

use std::borrow::Cow;
use std::cell::RefCell;
use std::sync::OnceLock;

use regex::{CaptureMatches, Captures, Match, Matches, Regex, Replacer, Split};
use regex_syntax::hir::{Class, Hir, HirKind, Look};

/// A regex that runs its ASCII form where that finds the same (see the module docs).
#[derive(Debug)]
pub struct Pattern {
    source: Box<str>,
    /// The pattern as written: compiled by [`Pattern::new`] when there is no
    /// ASCII form, else on first use (see the module docs).
    written: OnceLock<Regex>,
    /// The ASCII form; `None` when the pattern has no word boundary or Perl class.
    ascii: Option<Regex>,
    /// How the ASCII form may test a text holding non-ASCII word characters;
    /// worked out when a text first needs it, `None` where it may not.
    stand_in: OnceLock<Option<StandIn>>,
}

/// How to spell the non-ASCII word characters of a text so that a pattern's
/// ASCII form tests the copy as the written pattern tests the text.
///
/// Each such character becomes as many `filler` bytes as it has: an ASCII
/// word character, so every word boundary falls where it fell, that no
/// class or literal of the pattern matches, as none matches the character
/// replaced (a text holding one of `matched`, the non-ASCII word characters
/// some class or literal does match, such as the "ſ" of a case-insensitive
/// "s", is tested as written). With nothing able to consume a filler byte,
/// and no match empty, no match starts, ends or passes inside a spelt
/// character, so the copy holds the same matches as the text, and, free of
/// non-ASCII word characters, is one the ASCII form decides alike.
#[derive(Debug)]
struct StandIn {
    filler: u8,
    /// Sorted.
    matched: Box<[char]>,
}

impl StandIn {
    /// The stand-in for `pattern`: `None` when it may match the empty string
    /// or has a class holding more non-ASCII characters than are worth
    /// listing (`\w`, `\p{L}`, `.`, a negated class).
    fn of(pattern: &str) -> Option<StandIn> {
        let hir = regex_syntax::Parser::new().parse(pattern).ok()?;
        if hir.properties().minimum_len().is_none_or(|n| n == 0) {
            return None;
        }
        let mut ascii = [false; 128];
        let mut matched = Vec::new();
        note_matched(&hir, &mut ascii, &mut matched)?;
        let filler =
            (b'_'..=b'_').chain(b'0'..=b'9').chain(b'A'..=b'Z').chain(b'a'..=b'z').find(|&b| !ascii[usize::from(b)])?;
        matched.sort_unstable();
        matched.dedup();
        Some(StandIn { filler, matched: matched.into() })
    }

    /// `test` run on `hay` with its non-ASCII word characters spelt as
    /// filler; `None` when `hay` holds a character the pattern may match.
    fn test(&self, hay: &str, test: impl FnOnce(&str) -> bool) -> Option<bool> {
        thread_local! {
            static COPY: RefCell<String> = const { RefCell::new(String::new()) };
        }
        COPY.with_borrow_mut(|copy| {
            copy.clear();
            let (mut copied, mut at) = (0, 0);
            while let Some(i) = next_non_ascii(hay.as_bytes(), at) {
                let c = hay[i..].chars().next()?;
                at = i + c.len_utf8();
                if regex_syntax::is_word_character(c) {
                    if self.matched.binary_search(&c).is_ok() {
                        return None;
                    }
                    copy.push_str(&hay[copied..i]);
                    copy.extend(std::iter::repeat_n(char::from(self.filler), c.len_utf8()));
                    copied = at;
                }
            }
            copy.push_str(&hay[copied..]);
            Some(test(copy))
        })
    }
}

/// Record what the classes and literals of `hir` match: the ASCII
/// characters in `ascii`, the non-ASCII word characters in `matched`.
/// `None` when its classes hold more non-ASCII characters than are worth
/// listing (`\w`, `\p{L}`, `.`, a negated class).
fn note_matched(hir: &Hir, ascii: &mut [bool; 128], matched: &mut Vec<char>) -> Option<()> {
    // Room for the digits (`\d`), the capitals (`\p{Lu}`), case variants
    // and spaces; not for every letter.
    const MOST: usize = 4096;
    let mut note = |c: char| match u8::try_from(c) {
        Ok(b) if b.is_ascii() => ascii[usize::from(b)] = true,
        _ if regex_syntax::is_word_character(c) => matched.push(c),
        _ => {}
    };
    match hir.kind() {
        HirKind::Empty => {}
        // An ASCII boundary reads a spelt character's filler bytes as word
        // bytes, and the character's own bytes as non-word ones.
        HirKind::Look(
            Look::WordAscii
            | Look::WordAsciiNegate
            | Look::WordStartAscii
            | Look::WordEndAscii
            | Look::WordStartHalfAscii
            | Look::WordEndHalfAscii,
        ) => return None,
        HirKind::Look(_) => {}
        HirKind::Literal(lit) => std::str::from_utf8(&lit.0).ok()?.chars().for_each(note),
        HirKind::Class(Class::Unicode(class)) => {
            let wide: u32 = class
                .ranges()
                .iter()
                .map(|r| (u32::from(r.end()) + 1).saturating_sub(u32::from(r.start()).max(0x80)))
                .sum();
            if wide as usize > MOST {
                return None;
            }
            class.ranges().iter().flat_map(|r| r.start()..=r.end()).for_each(note);
        }
        HirKind::Class(Class::Bytes(class)) => {
            for r in class.ranges() {
                if !r.end().is_ascii() {
                    return None;
                }
                (r.start()..=r.end()).for_each(|b| note(char::from(b)));
            }
        }
        HirKind::Repetition(rep) => note_matched(&rep.sub, ascii, matched)?,
        HirKind::Capture(cap) => note_matched(&cap.sub, ascii, matched)?,
        HirKind::Concat(subs) | HirKind::Alternation(subs) => {
            for sub in subs {
                note_matched(sub, ascii, matched)?;
            }
        }
    }
    Some(())
}

impl Pattern {
    /// Compile a pattern: its ASCII form when it has one, else the pattern
    /// as written.
    ///
    /// An error in either form is an error here. The two forms differ only
    /// in their word-boundary assertions, each one state of the compiled
    /// automaton, Unicode or ASCII, and in sets spelt where a Perl class
    /// stood (never next to a range's `-`): where one form compiles, the
    /// other does.
    pub fn new(pattern: &str) -> Result<Pattern, regex::Error> {
        let written = OnceLock::new();
        let ascii = match ascii_form(pattern) {
            Some(p) => Some(Regex::new(&p)?),
            None => {
                let _ = written.set(Regex::new(pattern)?);
                None
            }
        };
        Ok(Pattern { source: pattern.into(), written, ascii, stand_in: OnceLock::new() })
    }

    /// The pattern as written, compiled.
    fn written(&self) -> &Regex {
        self.written.get_or_init(|| Regex::new(&self.source).expect("compiles, as its ASCII form did (see `new`)"))
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

    /// [`Regex::is_match`]; on a text holding non-ASCII word characters,
    /// the ASCII form tests a copy spelt by the pattern's `StandIn` where
    /// it has one.
    pub fn is_match(&self, hay: &str) -> bool {
        match &self.ascii {
            Some(ascii) if !has_non_ascii_word_char(hay) => ascii.is_match(hay),
            Some(ascii) => self
                .stand_in
                .get_or_init(|| StandIn::of(&self.source))
                .as_ref()
                .and_then(|s| s.test(hay, |copy| ascii.is_match(copy)))
                .unwrap_or_else(|| self.written().is_match(hay)),
            None => self.written().is_match(hay),
        }
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

/// `pattern` with its word boundaries (`\b`, `\B`) made ASCII ones and its
/// Perl classes (`\w`, `\d` and their negations) spelt as ASCII sets; `None`
/// when it has none of them.
///
/// Escapes are read pairwise, so an escaped backslash before a `b` or a `w`
/// is left alone. Inside a character class `\b` is not a boundary and is
/// kept, while a Perl class there is spelt as ranges (or, negated, as a
/// nested class), nested classes included.
fn ascii_form(pattern: &str) -> Option<String> {
    let chars: Vec<char> = pattern.chars().collect();
    let mut out = String::with_capacity(pattern.len() + 32);
    let mut changed = false;
    // Depth of nested character classes.
    let mut class = 0usize;
    let mut i = 0;
    while let Some(&c) = chars.get(i) {
        i += 1;
        match c {
            '\\' => {
                let Some(&next) = chars.get(i) else {
                    out.push(c);
                    break;
                };
                i += 1;
                // In a class, a Perl class next to a `-` that is not a
                // literal would make a range of its ASCII spelling: left as
                // it is.
                let in_range =
                    out.ends_with('-') || (chars.get(i) == Some(&'-') && chars.get(i + 1).is_some_and(|&c| c != ']'));
                let spelt = match (next, class > 0) {
                    ('b' | 'B', false) if chars.get(i) == Some(&'{') => None,
                    ('b', false) => Some(r"(?-u:\b)"),
                    ('B', false) => Some(r"(?-u:\B)"),
                    ('w', false) => Some("[0-9A-Za-z_]"),
                    ('d', false) => Some("[0-9]"),
                    ('W', false) => Some("[^0-9A-Za-z_]"),
                    ('D', false) => Some("[^0-9]"),
                    (_, true) if in_range => None,
                    ('w', true) => Some("0-9A-Za-z_"),
                    ('d', true) => Some("0-9"),
                    ('W', true) => Some("[^0-9A-Za-z_]"),
                    ('D', true) => Some("[^0-9]"),
                    _ => None,
                };
                match spelt {
                    Some(spelt) => {
                        out.push_str(spelt);
                        changed = true;
                    }
                    None => {
                        out.push(c);
                        out.push(next);
                    }
                }
            }
            '[' => {
                out.push(c);
                class += 1;
                // A `]` right after the opening (or after `^`) is a literal.
                if chars.get(i) == Some(&'^') {
                    out.push('^');
                    i += 1;
                }
                if chars.get(i) == Some(&']') {
                    out.push(']');
                    i += 1;
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

    /// `n` texts of up to `most` pieces each, the same for a seed: each
    /// piece from `pieces` or, `foreign_percent` of the time, from `foreign`.
    fn generated_texts(
        seed: u64,
        n: usize,
        most: usize,
        pieces: &[&str],
        foreign: &[&str],
        foreign_percent: usize,
    ) -> impl Iterator<Item = String> {
        let mut rng = crate::synth::Rng::new(seed, 0);
        let pieces: Vec<String> = pieces.iter().map(|p| p.to_string()).collect();
        let foreign: Vec<String> = foreign.iter().map(|p| p.to_string()).collect();
        (0..n).map(move |_| {
            (0..rng.range(1, most))
                .map(|_| {
                    let from = if rng.chance(foreign_percent) { &foreign } else { &pieces };
                    from[rng.below(from.len())].as_str()
                })
                .collect()
        })
    }

    #[test]
    fn boundaries_and_perl_classes_become_ascii() {
        assert_eq!(ascii_form(r"\bcase\b").as_deref(), Some(r"(?-u:\b)case(?-u:\b)"));
        assert_eq!(ascii_form(r"\Bx").as_deref(), Some(r"(?-u:\B)x"));
        assert_eq!(ascii_form(r"a\\b"), None);
        assert_eq!(ascii_form(r"a\\w\\d"), None);
        assert_eq!(ascii_form(r"[\]\b]x").as_deref(), None);
        assert_eq!(ascii_form(r"[]b]\b").as_deref(), Some(r"[]b](?-u:\b)"));
        assert_eq!(ascii_form(r"[^]a][[:alpha:]]\b").as_deref(), Some(r"[^]a][[:alpha:]](?-u:\b)"));
        assert_eq!(ascii_form(r"\b{start}x"), None);
        assert_eq!(ascii_form(r"\s+\p{Lu}"), None);
        assert_eq!(ascii_form(r"\d+\w*").as_deref(), Some("[0-9]+[0-9A-Za-z_]*"));
        assert_eq!(ascii_form(r"[\w%-]\W").as_deref(), Some("[0-9A-Za-z_%-][^0-9A-Za-z_]"));
        assert_eq!(ascii_form(r"[^\d.]\D[\W\D]").as_deref(), Some("[^0-9.][^0-9][[^0-9A-Za-z_][^0-9]]"));
        // Next to a range's `-`, a Perl class is left as written.
        assert_eq!(ascii_form(r"[\w-z][!-\d]\b").as_deref(), Some(r"[\w-z][!-\d](?-u:\b)"));
        assert_eq!(ascii_form(r"[\w-]").as_deref(), Some("[0-9A-Za-z_-]"));
    }

    #[test]
    fn the_written_form_is_compiled_when_a_text_first_needs_it() {
        let p = Pattern::new(r"(?i)\bdose\b").unwrap();
        assert!(p.written.get().is_none());
        assert!(p.is_match("a DOSE – twice"));
        assert!(p.written.get().is_none());
        // A text with a non-ASCII letter is tested through the stand-in...
        assert!(p.is_match("5 µg dose"));
        assert!(p.written.get().is_none());
        // ...and searched with the written form.
        assert!(p.find("5 µg dose").is_some());
        assert!(p.written.get().is_some());
        assert_eq!(p.as_str(), r"(?i)\bdose\b");
        // Without a boundary there is one form, compiled at once.
        assert!(Pattern::new(r"[0-9]+ mg").unwrap().written.get().is_some());
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

    /// The picked form finds what the written pattern finds, match for match
    /// and group for group, on generated texts mixing ASCII, non-ASCII
    /// non-word characters (dashes, quotes, a no-break space) and, in some,
    /// non-ASCII letters and digits.
    #[test]
    fn the_picked_form_finds_what_the_written_one_finds_on_generated_text() {
        let patterns = [
            r"(?i)\b(?:given|dose[sd]?)\s+(?:\w+\s+){0,2}(\d+(?:\.\d+)?)\s*mg\b",
            r"(?i)\b(?:after|since)[\s-]+(?:\w+\s+)?$",
            r"([\w%-]+)(?:,\s+|\s+and\s+)\W*(\D{1,3})\d",
            r"[^\w\s]+|\B\d+\b|\w\W\w",
            r"(?i)^\s*[\d.]+[^\d.]\w*\b",
            r"[\W\d]{2,}|x\B",
        ]
        .map(|p| Pattern::new(p).unwrap());
        let pieces = [
            "given", "Dose", "doses", "after", "since", "mg", "and", "x", "quartz", "jinx", "bevy", "5", "12.5", "90",
            "_", "%", "-", ",", ".", " ", " ", "  ", "\n", "–", "“", "”", "±", "°C", "\u{a0}", "’s",
        ];
        let foreign = ["é", "µ", "β", "٣", "Ω", "ſ", "\u{212a}"];
        for hay in generated_texts(7, 20_000, 14, &pieces, &foreign, 3) {
            for p in &patterns {
                let groups = |r: &Regex| -> Vec<Vec<Option<std::ops::Range<usize>>>> {
                    r.captures_iter(&hay).map(|c| c.iter().map(|m| m.map(|m| m.range())).collect()).collect()
                };
                assert_eq!(groups(p.written()), groups(p.pick(&hay)), "{} on {hay:?}", p.as_str());
            }
        }
    }

    #[test]
    fn stand_ins_are_made_where_a_spelt_character_changes_nothing() {
        let of = |p: &str| StandIn::of(p).map(|s| (char::from(s.filler), s.matched.into_vec()));
        assert_eq!(of(r"\bdose\b"), Some(('_', vec![])));
        // A case-insensitive "s" or "k" matches "ſ" or the Kelvin sign.
        assert_eq!(of(r"(?i)\b(?:sk|mg)\b"), Some(('_', vec!['ſ', '\u{212a}'])));
        assert_eq!(of(r"\bµg\b|\s\d"), of(r"\bµg\b|\s\d"));
        assert!(of(r"\bµg\b").unwrap().1.contains(&'µ'));
        assert!(of(r"\d{2}\b").unwrap().1.contains(&'٣'));
        // The filler is a word character nothing in the pattern matches.
        assert_eq!(of(r"\b[_0-4]x\b").map(|s| s.0), Some('5'));
        // Wide classes, and patterns that may match nothing, have none.
        assert!(of(r"\b\p{Lu}").unwrap().1.contains(&'É'));
        for p in [r"\w+\b", r"\bx[^;]", r"\b\p{L}", r"\bx.", r"\b(?:x)?", r"\B", r"\bx(?-u:\b)"] {
            assert!(of(p).is_none(), "{p}");
        }
    }

    /// `is_match` through a stand-in answers as the written pattern does, on
    /// generated texts holding the non-ASCII word characters a stand-in spells
    /// and those it must leave to the written form.
    #[test]
    fn stand_ins_answer_as_the_written_pattern() {
        let patterns = [
            r"(?i)\b(?:she|his|ske)\b",
            r"(?i)\b(?:dose|mg)\s+\d+\s*(?:µg|mg)\b",
            r"\b\d{1,3}\B",
            r"(?i)^(?:but )?(?:she|he) (?:declined|refused)\b",
            r"(?i)\bx\b|\Bk",
            r"(?i)(?:^|\b(?:a|an)\s+)mg$",
            r"\b\p{Lu}\d",
            // May match nothing: no stand-in, or a `\B` inside a spelt character would match.
            r"(?i)k?\B",
            // An ASCII boundary: no stand-in, or it would read filler as word bytes.
            r"\bx(?-u:\b)",
        ]
        .map(|p| Pattern::new(p).unwrap());
        let pieces = [
            "she", "His", "ske", "dose", "mg", "µg", "5", "12", "but ", "he", "declined", "a", "an", "x", "k", " ",
            "  ", "\u{a0}", "–", "’",
        ];
        let foreign = ["é", "µ", "β", "٣", "ſ", "\u{212a}", "Ω", "日本", "É"];
        for hay in generated_texts(5, 30_000, 9, &pieces, &foreign, 25) {
            for p in &patterns {
                assert_eq!(p.is_match(&hay), p.written().is_match(&hay), "{} on {hay:?}", p.as_str());
            }
        }
    }
}
