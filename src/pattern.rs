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
//! A text that does hold a non-ASCII word character ("500 µg", "Ménière",
//! "β-blockers") is still searched with the ASCII form where none of those
//! characters stands where the pattern's boundaries could read it: a
//! boundary after `(?:Jr|Sr)` reads an "é" only after "Jr" or "Sr". What
//! stands beside each boundary is worked out from the pattern's syntax (see
//! `Boundaries`). That took 6.5% off the instructions of reading the 53
//! real ADA plain texts (their reference lists name authors with accents),
//! 22% off reading synthetic full texts, and 3–5% off extracting the real
//! files of each format but the E3C texts (no change).
//!
//! Failing that, a sentence is tested ([`Pattern::is_match`]) by most
//! patterns with their ASCII form on a copy of the sentence with each such
//! character spelt as ASCII word bytes the pattern cannot match, rather
//! than by the slower engines: that took 9% to 33% off extraction's
//! instructions on the real files of each format but the E3C texts, mostly
//! not English (2%). Where that finds the same is worked out from the
//! pattern's syntax too (see `StandIn`).

use std::borrow::Cow;
use std::cell::RefCell;
use std::sync::OnceLock;

use regex::{CaptureMatches, Captures, Match, Matches, Regex, Replacer, Split};
use regex_syntax::hir::literal::{ExtractKind, Extractor};
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
    /// The Perl classes the ASCII form spells in ASCII.
    spelt: Spelt,
    /// Where the ASCII form searches a text holding non-ASCII word
    /// characters as the written one does; worked out when a text first
    /// needs it, `None` where it may not.
    boundaries: OnceLock<Option<Boundaries>>,
    /// How the ASCII form may test a text holding non-ASCII word characters;
    /// worked out when a text first needs it, `None` where it may not.
    stand_in: OnceLock<Option<StandIn>>,
    /// The name of each capture group, by index (the same in both forms).
    names: Box<[Option<Box<str>>]>,
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
        #[cfg(test)]
        tests::STAND_INS_USED.with(|n| n.set(n.get() + 1));
        COPY.with_borrow_mut(|copy| {
            copy.clear();
            let mut copied = 0;
            while let Some(i) = next_non_ascii_word_char(hay, copied) {
                let c = hay[i..].chars().next()?;
                if self.matched.binary_search(&c).is_ok() {
                    return None;
                }
                copy.push_str(&hay[copied..i]);
                copy.extend(std::iter::repeat_n(char::from(self.filler), c.len_utf8()));
                copied = i + c.len_utf8();
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

/// Where a pattern's ASCII form searches a text holding non-ASCII word
/// characters as the written form does.
///
/// The two forms differ in their word boundaries and spelt Perl classes
/// alone, and read them alike except next to a non-ASCII word character
/// (a boundary) or on one (a class). A search tests a boundary at a
/// position only on a path that has just matched what precedes the
/// boundary in its concatenation, and the path goes on only if what
/// follows matches there: each boundary's [`Side`]s say what the text
/// before and after such a position holds. So a text where no non-ASCII
/// word character stands at such a position, and none is read by a spelt
/// class differently, is searched alike by both forms: same matches, same
/// groups, whatever the search. (An accented name near a reference
/// pattern's `(?:Jr|Sr|II)\b` no longer makes the whole reference run on
/// the slow engines.)
#[derive(Debug)]
struct Boundaries {
    /// For each Unicode boundary, what comes before it and after it on a
    /// path that goes on.
    sides: Box<[(Side, Side)]>,
    /// What may come before any boundary, and after any: a character that
    /// neither meets nor is one of is let through at once.
    before: Chars,
    after: Chars,
    /// A non-ASCII digit is read differently by a spelt `\d` or `\D`.
    digits: bool,
}

impl Boundaries {
    /// `None` for a pattern with a spelt `\w` or `\W` (which read every
    /// non-ASCII word character differently), or a boundary with nothing
    /// known on either side.
    fn of(pattern: &str, spelt: Spelt) -> Option<Boundaries> {
        if spelt.word {
            return None;
        }
        let hir = regex_syntax::Parser::new().parse(pattern).ok()?;
        let mut sides = Vec::new();
        boundary_sides(&hir, &mut sides)?;
        let (mut before, mut after) = (Chars::none(), Chars::none());
        for (b, a) in &sides {
            before.add(&b.chars);
            after.add(&a.chars);
        }
        Some(Boundaries { sides: sides.into(), before, after, digits: spelt.digit })
    }

    /// Whether the non-ASCII word character `c`, at `i` in `hay`, leaves
    /// the two forms alike.
    fn allow(&self, hay: &str, i: usize, c: char) -> bool {
        // Decimal digits beyond ASCII start at U+0660.
        if self.digits && c >= '\u{660}' && c.is_numeric() {
            return false;
        }
        // A boundary is read before `c` (at `i`) and after it (at `j`).
        let j = i + c.len_utf8();
        let previous = hay[..i].chars().next_back();
        let next = hay[j..].chars().next();
        let read_at_i = self.before.holds(previous) && self.after.holds(Some(c));
        let read_at_j = self.before.holds(Some(c)) && self.after.holds(next);
        if !read_at_i && !read_at_j {
            return true;
        }
        let read = |(before, after): &(Side, Side)| {
            (before.may_end(hay, i, previous) && after.may_start(hay, i, Some(c)))
                || (before.may_end(hay, j, Some(c)) && after.may_start(hay, j, next))
        };
        !self.sides.iter().any(read)
    }
}

/// What the text holds on one side of a boundary tested on a path that
/// goes on: one of `chars` next to it and, when `literals` is known, one
/// of them (what regex-syntax's literal extraction finds every match of
/// that side to start or end with).
#[derive(Debug)]
struct Side {
    chars: Chars,
    literals: Option<Box<[Box<[u8]>]>>,
}

impl Side {
    /// The side of a boundary that `seq` (in the pattern's order) stands
    /// on: what a match of it starts with (`Edge::First`, for what follows
    /// the boundary) or ends with (`Edge::Last`, for what precedes it).
    fn of(seq: &[Hir], side: Edge) -> Side {
        let chars = match side {
            Edge::First => edge(seq.iter(), side),
            Edge::Last => edge(seq.iter().rev(), side),
        };
        let kind = match side {
            Edge::First => ExtractKind::Prefix,
            Edge::Last => ExtractKind::Suffix,
        };
        let found = Extractor::new().kind(kind).extract(&Hir::concat(seq.to_vec()));
        let literals = found
            .literals()
            .filter(|lits| !lits.is_empty() && lits.iter().all(|l| !l.is_empty()))
            .map(|lits| lits.iter().map(|l| l.as_bytes().into()).collect());
        Side { chars, literals }
    }

    fn is_any(&self) -> bool {
        self.chars.is_any() && self.literals.is_none()
    }

    /// Whether a path may have just matched this side where `hay[..at]`
    /// ends, with `last`, its last character.
    fn may_end(&self, hay: &str, at: usize, last: Option<char>) -> bool {
        self.chars.holds(last)
            && self.literals.as_ref().is_none_or(|lits| lits.iter().any(|l| hay.as_bytes()[..at].ends_with(l)))
    }

    /// Whether a path may go on to match this side from `at`, where
    /// `first` stands.
    fn may_start(&self, hay: &str, at: usize, first: Option<char>) -> bool {
        self.chars.holds(first)
            && self.literals.as_ref().is_none_or(|lits| lits.iter().any(|l| hay.as_bytes()[at..].starts_with(l)))
    }
}

/// Note the sides of each Unicode word boundary in `hir`; `None` when one
/// has nothing known on either side.
fn boundary_sides(hir: &Hir, out: &mut Vec<(Side, Side)>) -> Option<()> {
    match hir.kind() {
        HirKind::Look(look) if is_unicode_boundary(*look) => return None,
        HirKind::Concat(subs) => {
            for (k, sub) in subs.iter().enumerate() {
                match sub.kind() {
                    HirKind::Look(look) if is_unicode_boundary(*look) => {
                        let before = Side::of(&subs[..k], Edge::Last);
                        let after = Side::of(&subs[k + 1..], Edge::First);
                        if before.is_any() && after.is_any() {
                            return None;
                        }
                        out.push((before, after));
                    }
                    _ => boundary_sides(sub, out)?,
                }
            }
        }
        HirKind::Alternation(subs) => subs.iter().try_for_each(|sub| boundary_sides(sub, out))?,
        HirKind::Repetition(rep) => boundary_sides(&rep.sub, out)?,
        HirKind::Capture(cap) => boundary_sides(&cap.sub, out)?,
        HirKind::Empty | HirKind::Literal(_) | HirKind::Class(_) | HirKind::Look(_) => {}
    }
    Some(())
}

/// The boundaries [`ascii_form`] makes ASCII ones.
fn is_unicode_boundary(look: Look) -> bool {
    matches!(look, Look::WordUnicode | Look::WordUnicodeNegate)
}

#[derive(Debug, Clone, Copy)]
enum Edge {
    First,
    Last,
}

/// The characters a sequence (taken from the boundary outwards) may
/// consume first: any, when all of it may match the empty string.
fn edge<'h>(seq: impl Iterator<Item = &'h Hir>, side: Edge) -> Chars {
    match edge_of_seq(seq, side) {
        (chars, false) => chars,
        (_, true) => Chars::any(),
    }
}

/// The characters a sequence (taken in the order `side` reads it) may
/// consume first when it consumes any, and whether all of it may match
/// the empty string.
fn edge_of_seq<'h>(seq: impl Iterator<Item = &'h Hir>, side: Edge) -> (Chars, bool) {
    let mut chars = Chars::none();
    for hir in seq {
        chars.add(&edge_of(hir, side));
        if hir.properties().minimum_len() != Some(0) {
            return (chars, false);
        }
    }
    (chars, true)
}

/// The characters `hir` may consume first (or last) when it consumes any.
fn edge_of(hir: &Hir, side: Edge) -> Chars {
    match hir.kind() {
        HirKind::Empty | HirKind::Look(_) => Chars::none(),
        HirKind::Literal(lit) => {
            let c = std::str::from_utf8(&lit.0).ok().and_then(|s| match side {
                Edge::First => s.chars().next(),
                Edge::Last => s.chars().next_back(),
            });
            c.map_or_else(Chars::any, |c| Chars::from_ranges([(c, c)]))
        }
        HirKind::Class(Class::Unicode(class)) => {
            Chars::from_ranges(class.ranges().iter().map(|r| (r.start(), r.end())))
        }
        HirKind::Class(Class::Bytes(class)) if class.is_ascii() => {
            Chars::from_ranges(class.ranges().iter().map(|r| (char::from(r.start()), char::from(r.end()))))
        }
        HirKind::Class(Class::Bytes(_)) => Chars::any(),
        HirKind::Repetition(rep) => edge_of(&rep.sub, side),
        HirKind::Capture(cap) => edge_of(&cap.sub, side),
        HirKind::Concat(subs) => match side {
            Edge::First => edge_of_seq(subs.iter(), side).0,
            Edge::Last => edge_of_seq(subs.iter().rev(), side).0,
        },
        HirKind::Alternation(subs) => {
            let mut chars = Chars::none();
            subs.iter().for_each(|sub| chars.add(&edge_of(sub, side)));
            chars
        }
    }
}

/// A set of characters: the ASCII ones as bits, the others as ranges.
/// `None` stands for the start or end of the text, held only by the set
/// of any character (what is unknown).
#[derive(Debug, Clone)]
struct Chars {
    any: bool,
    ascii: u128,
    /// Sorted, apart from one another.
    wide: Vec<(char, char)>,
}

impl Chars {
    fn none() -> Chars {
        Chars { any: false, ascii: 0, wide: Vec::new() }
    }

    fn any() -> Chars {
        Chars { any: true, ..Chars::none() }
    }

    fn is_any(&self) -> bool {
        self.any
    }

    fn from_ranges(ranges: impl IntoIterator<Item = (char, char)>) -> Chars {
        let mut chars = Chars::none();
        for (start, end) in ranges {
            for c in (start..=end.min('\x7f')).map(u32::from) {
                chars.ascii |= 1 << c;
            }
            if end >= '\u{80}' {
                chars.wide.push((start.max('\u{80}'), end));
            }
        }
        chars.normalise();
        chars
    }

    /// Sort the ranges and merge those that overlap or touch.
    fn normalise(&mut self) {
        self.wide.sort_unstable();
        let mut merged: Vec<(char, char)> = Vec::with_capacity(self.wide.len());
        for &(start, end) in &self.wide {
            match merged.last_mut() {
                Some(last) if u32::from(start) <= u32::from(last.1) + 1 => last.1 = last.1.max(end),
                _ => merged.push((start, end)),
            }
        }
        self.wide = merged;
    }

    fn add(&mut self, other: &Chars) {
        self.any |= other.any;
        self.ascii |= other.ascii;
        if !other.wide.is_empty() {
            self.wide.extend_from_slice(&other.wide);
            self.normalise();
        }
    }

    fn holds(&self, c: Option<char>) -> bool {
        match c {
            _ if self.any => true,
            None => false,
            Some(c) if c.is_ascii() => self.ascii & (1 << u32::from(c)) != 0,
            Some(c) => {
                let at = self.wide.partition_point(|r| r.0 <= c);
                at > 0 && c <= self.wide[at - 1].1
            }
        }
    }
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
        let (ascii, spelt) = match ascii_form(pattern) {
            Some((p, spelt)) => (Some(Regex::new(&p)?), spelt),
            None => {
                let _ = written.set(Regex::new(pattern)?);
                (None, Spelt::default())
            }
        };
        let compiled = ascii.as_ref().or(written.get()).expect("one form is compiled");
        let names = compiled.capture_names().map(|n| n.map(Box::from)).collect();
        Ok(Pattern {
            source: pattern.into(),
            written,
            ascii,
            spelt,
            boundaries: OnceLock::new(),
            stand_in: OnceLock::new(),
            names,
        })
    }

    /// The group named `name` of `c`, captures of this pattern:
    /// [`Captures::name`] without hashing the name. A pattern has a few
    /// groups, and reading a reference's locator asks for a dozen of them:
    /// reading 100 synthetic full texts took 1.7% fewer instructions once
    /// the locator's groups were read this way.
    pub fn group<'h>(&self, c: &Captures<'h>, name: &str) -> Option<Match<'h>> {
        let i = self.names.iter().position(|n| n.as_deref() == Some(name))?;
        c.get(i)
    }

    /// The pattern as written, compiled.
    fn written(&self) -> &Regex {
        self.written.get_or_init(|| Regex::new(&self.source).expect("compiles, as its ASCII form did (see `new`)"))
    }

    /// The form to search `hay` with.
    fn pick(&self, hay: &str) -> &Regex {
        match &self.ascii {
            Some(ascii) if self.ascii_decides(hay) => ascii,
            _ => self.written(),
        }
    }

    /// Whether the ASCII form searches `hay` as the written form does: when
    /// `hay` holds no non-ASCII word character, or none where the pattern's
    /// `Boundaries` would read it.
    #[inline]
    fn ascii_decides(&self, hay: &str) -> bool {
        next_non_ascii_word_char(hay, 0).is_none_or(|at| self.ascii_decides_from(hay, at))
    }

    /// [`Pattern::ascii_decides`] from `hay`'s first non-ASCII word
    /// character, at `at`.
    ///
    /// Past the eighth such character the written form is used: a text in
    /// another language holds one every few words, and checking them all
    /// cost more than the written form saved, as a pattern's literal
    /// prefilter usually rejects such a text before any automaton runs.
    /// Reading the E3C texts took 37.5% more instructions checking up to
    /// 64, 9.6% with 16, 5.7% with 8, 1.5% with 4; reading the ADA texts
    /// gained 5.5–6.5% with each.
    fn ascii_decides_from(&self, hay: &str, mut at: usize) -> bool {
        const MOST_CHECKED: usize = 8;
        let Some(boundaries) = self.boundaries.get_or_init(|| Boundaries::of(&self.source, self.spelt)) else {
            return false;
        };
        for _ in 0..MOST_CHECKED {
            let Some(c) = hay[at..].chars().next() else { return true };
            if !boundaries.allow(hay, at, c) {
                return false;
            }
            match next_non_ascii_word_char(hay, at + c.len_utf8()) {
                Some(next) => at = next,
                None => return true,
            }
        }
        false
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
            Some(ascii) if self.ascii_decides(hay) => ascii.is_match(hay),
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
#[cfg(test)]
fn has_non_ascii_word_char(t: &str) -> bool {
    next_non_ascii_word_char(t, 0).is_some()
}

/// Where the first non-ASCII word character of `t` at or after `from` starts.
fn next_non_ascii_word_char(t: &str, from: usize) -> Option<usize> {
    let b = t.as_bytes();
    let mut at = from;
    // Asked of every haystack, some of them long windows of which an
    // anchored pattern reads a few bytes: ASCII runs are skipped 16 bytes
    // at a time, and only the non-ASCII characters are decoded.
    while let Some(i) = next_non_ascii(b, at) {
        let c = t[i..].chars().next()?;
        if is_word_char(c) {
            return Some(i);
        }
        at = i + c.len_utf8();
    }
    None
}

/// [`regex_syntax::is_word_character`], at once for the Latin-1 letters of
/// European languages' text (every character from "À" to "ÿ" but "×" and
/// "÷" is one).
#[inline]
fn is_word_char(c: char) -> bool {
    match c {
        '\u{c0}'..='\u{ff}' => c != '×' && c != '÷',
        _ => regex_syntax::is_word_character(c),
    }
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
fn ascii_form(pattern: &str) -> Option<(String, Spelt)> {
    let chars: Vec<char> = pattern.chars().collect();
    let mut out = String::with_capacity(pattern.len() + 32);
    let mut changed = false;
    let mut spelt_classes = Spelt::default();
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
                        match next {
                            'w' | 'W' => spelt_classes.word = true,
                            'd' | 'D' => spelt_classes.digit = true,
                            _ => {}
                        }
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
    changed.then_some((out, spelt_classes))
}

/// The Perl classes [`ascii_form`] spelt in ASCII.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
struct Spelt {
    /// `\w` or `\W`.
    word: bool,
    /// `\d` or `\D`.
    digit: bool,
}

#[cfg(test)]
mod tests {
    use super::*;

    thread_local! {
        /// How many texts this thread's tests sent through a stand-in, so
        /// that a test of stand-ins knows they were used (texts the
        /// `Boundaries` let through never are).
        pub(super) static STAND_INS_USED: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
    }

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

    /// Every match of `r` in `hay`, as the spans of its groups.
    fn groups(r: &Regex, hay: &str) -> Vec<Vec<Option<std::ops::Range<usize>>>> {
        r.captures_iter(hay).map(|c| c.iter().map(|m| m.map(|m| m.range())).collect()).collect()
    }

    /// Search each text with each pattern as picked and as written: the
    /// same matches, group for group, and the same `is_match` answer. Gives
    /// how many of the searches the ASCII form made of a text holding a
    /// non-ASCII word character, which a test of `Boundaries` needs to be
    /// many.
    fn assert_forms_agree(patterns: &[&str], texts: impl Iterator<Item = String>) -> usize {
        let patterns: Vec<Pattern> = patterns.iter().map(|p| Pattern::new(p).unwrap()).collect();
        let mut ascii_with_accents = 0;
        for hay in texts {
            for p in &patterns {
                let picked = p.pick(&hay);
                assert_eq!(groups(p.written(), &hay), groups(picked, &hay), "{} on {hay:?}", p.as_str());
                assert_eq!(p.is_match(&hay), p.written().is_match(&hay), "{} on {hay:?}", p.as_str());
                if has_non_ascii_word_char(&hay) && p.ascii.as_ref().is_some_and(|a| std::ptr::eq(picked, a)) {
                    ascii_with_accents += 1;
                }
            }
        }
        ascii_with_accents
    }

    /// A group read by name through the pattern is the group the regex
    /// crate gives for that name: searched with the ASCII form, with the
    /// written form (an accent where the spelt `\w` reads), and for a
    /// pattern with no ASCII form.
    #[test]
    fn groups_by_name_agree_with_the_regex_crate() {
        for (pattern, hay) in [
            (r"(?P<year>\d{4});(?P<vol>\d+)(?:\((?P<issue>\w+)\))?:(?P<pages>\d+)\b", "2001;9(9):805 and 1999;3:4"),
            (r"(?P<year>\d{4});(?P<vol>\d+)(?:\((?P<issue>\w+)\))?:(?P<pages>\d+)\b", "Müller 2001;9(ü):805"),
            (r"(?P<a>x)|(?P<b>y)(z)", "y z yz"),
        ] {
            let p = Pattern::new(pattern).unwrap();
            let written = Regex::new(pattern).unwrap();
            let mut matches = 0;
            for c in p.captures_iter(hay) {
                matches += 1;
                for name in written.capture_names().flatten().chain(["none"]) {
                    assert_eq!(p.group(&c, name).map(|m| m.range()), c.name(name).map(|m| m.range()), "{name}");
                }
            }
            assert!(matches > 0, "{pattern} finds nothing in {hay:?}");
        }
    }

    #[test]
    fn boundaries_and_perl_classes_become_ascii() {
        let form = |p: &str| ascii_form(p).map(|(form, _)| form);
        assert_eq!(form(r"\bcase\b").as_deref(), Some(r"(?-u:\b)case(?-u:\b)"));
        assert_eq!(form(r"\Bx").as_deref(), Some(r"(?-u:\B)x"));
        assert_eq!(form(r"a\\b"), None);
        assert_eq!(form(r"a\\w\\d"), None);
        assert_eq!(form(r"[\]\b]x").as_deref(), None);
        assert_eq!(form(r"[]b]\b").as_deref(), Some(r"[]b](?-u:\b)"));
        assert_eq!(form(r"[^]a][[:alpha:]]\b").as_deref(), Some(r"[^]a][[:alpha:]](?-u:\b)"));
        assert_eq!(form(r"\b{start}x"), None);
        assert_eq!(form(r"\s+\p{Lu}"), None);
        assert_eq!(form(r"\d+\w*").as_deref(), Some("[0-9]+[0-9A-Za-z_]*"));
        assert_eq!(form(r"[\w%-]\W").as_deref(), Some("[0-9A-Za-z_%-][^0-9A-Za-z_]"));
        assert_eq!(form(r"[^\d.]\D[\W\D]").as_deref(), Some("[^0-9.][^0-9][[^0-9A-Za-z_][^0-9]]"));
        // Next to a range's `-`, a Perl class is left as written.
        assert_eq!(form(r"[\w-z][!-\d]\b").as_deref(), Some(r"[\w-z][!-\d](?-u:\b)"));
        assert_eq!(form(r"[\w-]").as_deref(), Some("[0-9A-Za-z_-]"));
    }

    #[test]
    fn the_written_form_is_compiled_when_a_text_first_needs_it() {
        let p = Pattern::new(r"(?i)\bdose\b").unwrap();
        assert!(p.written.get().is_none());
        assert!(p.is_match("a DOSE – twice"));
        assert!(p.written.get().is_none());
        // A text with a non-ASCII letter away from the boundaries is searched with the ASCII form...
        assert!(p.is_match("5 µg dose"));
        assert!(p.find("5 µg dose").is_some());
        assert!(p.written.get().is_none());
        // ...one with a letter against a boundary is tested through the stand-in...
        assert!(!p.is_match("5 doseé"));
        assert!(p.written.get().is_none());
        // ...and searched with the written form.
        assert!(p.find("5 doseé").is_none());
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
        assert!(std::ptr::eq(p.pick("5 µg dose"), ascii));
        assert!(std::ptr::eq(p.pick("5 µdose"), p.written()));
        assert!(std::ptr::eq(p.pick("in this caseé"), p.written()));
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
        let patterns = &[
            r"(?i)\b(?:given|dose[sd]?)\s+(?:\w+\s+){0,2}(\d+(?:\.\d+)?)\s*mg\b",
            r"(?i)\b(?:after|since)[\s-]+(?:\w+\s+)?$",
            r"([\w%-]+)(?:,\s+|\s+and\s+)\W*(\D{1,3})\d",
            r"[^\w\s]+|\B\d+\b|\w\W\w",
            r"(?i)^\s*[\d.]+[^\d.]\w*\b",
            r"[\W\d]{2,}|x\B",
        ];
        let pieces = [
            "given", "Dose", "doses", "after", "since", "mg", "and", "x", "quartz", "jinx", "bevy", "5", "12.5", "90",
            "_", "%", "-", ",", ".", " ", " ", "  ", "\n", "–", "“", "”", "±", "°C", "\u{a0}", "’s",
        ];
        let foreign = ["é", "µ", "β", "٣", "Ω", "ſ", "\u{212a}"];
        assert_forms_agree(patterns, generated_texts(7, 20_000, 14, &pieces, &foreign, 3));
    }

    #[test]
    fn latin_1_letters_are_word_characters_as_regex_syntax_says() {
        for c in ('\0'..=char::MAX).filter(|c| !c.is_ascii()) {
            assert_eq!(is_word_char(c), regex_syntax::is_word_character(c), "{c:?}");
        }
    }

    #[test]
    fn boundaries_are_known_by_what_stands_beside_them() {
        let of = |p: &str| Boundaries::of(p, ascii_form(p).map_or(Spelt::default(), |(_, s)| s));
        let b = of(r"(?:Jr|Sr|II)\b\.?").unwrap();
        assert_eq!(b.sides.len(), 1);
        let (before, after) = &b.sides[0];
        assert!(after.is_any());
        let mut literals: Vec<&[u8]> = before.literals.as_deref().unwrap().iter().map(|l| &**l).collect();
        literals.sort_unstable();
        assert_eq!(literals, [&b"II"[..], b"Jr", b"Sr"]);
        assert!(before.may_end("Smith J, Jr", 11, Some('r')));
        assert!(!before.may_end("Andrés", 4, Some('r')));
        // The side of a boundary runs on past what may match nothing.
        let b = of(r"(?i)\b(?:doi:?\s*)?(10\.\d+)").unwrap();
        assert!(b.sides[0].0.is_any());
        assert!(b.sides[0].1.chars.holds(Some('1')) && b.sides[0].1.chars.holds(Some('D')));
        assert!(!b.sides[0].1.chars.holds(Some('é')));
        assert!(b.digits);
        // None: a spelt `\w`, or a boundary with nothing known beside it.
        for p in [r"\bx\w", r"x?\b", r"\b", r"(?:a|\b)x?", r"\B(?:y)?"] {
            assert!(of(p).is_none(), "{p}");
        }
        assert!(of(r"\b\p{Lu}\p{Ll}+\b").is_some());
    }

    /// Where a text's non-ASCII word characters stand away from the
    /// boundaries, the ASCII form searches it, and finds what the written
    /// form finds, group for group.
    #[test]
    fn boundaries_let_the_ascii_form_search_text_with_accents() {
        let patterns = &[
            r"(?i)\b(?:mg|dose)\b|\bcase\B",
            r"\b(?:19|20)\d{2}\b",
            r"^(?:\p{Lu}\p{Ll}+ \p{Lu}{1,2}(?:, (?:Jr|Sr)\b\.?)?,? )+",
            r"\b(\p{Lu}\p{Ll}+)\b",
            r"(?i)\bin press\b|\bsk\b",
            r"(?i)(?:é|x)\b|\Bk",
            r"\b(?P<n>\d+)\s*(?:mg|µg)\b",
            // A spelt `\d` away from any boundary: a non-ASCII digit is left to the written form.
            r"(?i)\bdose\s*(\d+)\D",
        ];
        let pieces = [
            "Smith", "Ng", "J", "AB", "Jr", "Sr", ", ", " ", "  ", "in", "press", "sk", "mg", "dose", "case", "x", "k",
            "1999", "2020", "12", "–", "’", "\u{a0}",
        ];
        let foreign = ["é", "É", "µ", "β", "٣", "ſ", "\u{212a}", "ñ", "Ö"];
        let ascii_with_accents = assert_forms_agree(patterns, generated_texts(11, 30_000, 12, &pieces, &foreign, 10));
        // The test is worth something only if the ASCII form did search such texts.
        assert!(ascii_with_accents > 10_000, "{ascii_with_accents}");
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
        let patterns = &[
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
        ];
        let pieces = [
            "she", "His", "ske", "dose", "mg", "µg", "5", "12", "but ", "he", "declined", "a", "an", "x", "k", " ",
            "  ", "\u{a0}", "–", "’",
        ];
        let foreign = ["é", "µ", "β", "٣", "ſ", "\u{212a}", "Ω", "日本", "É"];
        assert_forms_agree(patterns, generated_texts(5, 30_000, 9, &pieces, &foreign, 25));
        // Texts the boundaries let through never reach a stand-in; enough others must.
        let used = STAND_INS_USED.get();
        assert!(used > 10_000, "{used}");
    }
}
