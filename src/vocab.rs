//! Vocabularies: the data files of `schema/`, embedded at compile time.
//!
//! Lists are data and logic is code: the terms for sites, treatments and
//! disease subtypes live in `schema/dict/*.tsv` and `schema/profiles/*.toml`
//! (see `schema/README.md` for their formats), are embedded with
//! `include_str!`, and are indexed once by their first words (see [`Dict`]).
//! A test checks that every file parses, is sorted, and has no duplicate
//! terms.

use std::collections::{HashMap, HashSet};
use std::ops::Range;
use std::sync::OnceLock;

use rustc_hash::FxHashMap;
use serde::Deserialize;

use crate::error::{Error, Result};

/// `schema/dict/sites.tsv`.
pub const SITES_TSV: &str = include_str!("../schema/dict/sites.tsv");
/// `schema/dict/treatments.tsv`.
pub const TREATMENTS_TSV: &str = include_str!("../schema/dict/treatments.tsv");
/// `schema/dict/inn-stems.tsv`.
pub const STEMS_TSV: &str = include_str!("../schema/dict/inn-stems.tsv");
/// `schema/dict/organ-removals.tsv`.
pub const ORGAN_REMOVALS_TSV: &str = include_str!("../schema/dict/organ-removals.tsv");
/// `schema/dict/treatment-stoplist.txt`.
pub const TREATMENT_STOPLIST: &str = include_str!("../schema/dict/treatment-stoplist.txt");
/// `schema/dict/stopwords.tsv` (language identification).
pub const STOPWORDS_TSV: &str = include_str!("../schema/dict/stopwords.tsv");
/// The disease profiles, by file name.
pub const PROFILES: &[(&str, &str)] =
    &[("calcinosis-cutis.toml", include_str!("../schema/profiles/calcinosis-cutis.toml"))];

/// A term list indexed for whole-word, ASCII-case-insensitive search.
///
/// Matches are whole words and are looked for only where a word starts, so
/// the list is kept as its terms grouped by their first words (see
/// `FirstWords`): at each word start of a text, the words are hashed and
/// their groups compared with the text, longest term first. Building this
/// takes a few milliseconds for the treatment list's ~36,000 terms. An
/// Aho-Corasick automaton of the same list, run anchored at the same word
/// starts, found exactly the same (a test still checks this against one) at
/// about the same speed (the `vocabulary` kernel benchmark, synthetic full
/// texts, measured before the word starts were shared and hashed eight bytes
/// at a time: the treatment list 372 MiB/s either way, the site list 438
/// against 477), but took 120–160 ms to compile: the largest part of the start-up of
/// every `casedex extract`, and of every ingest, whose threads all waited
/// on it.
///
/// The index is built on first search, not on load: a query process only
/// needs [`Dict::exact`].
#[derive(Debug)]
pub struct Dict<E> {
    patterns: Vec<String>,
    /// The terms by their first words (see [`Dict::find_iter`]), built on first search.
    groups: OnceLock<FirstWords>,
    /// Pattern index → entry index.
    pattern_entry: Vec<u32>,
    entries: Vec<E>,
    /// ASCII-lowercased term → entry index of its first pattern (what a
    /// search of the whole term finds); built on first lookup.
    exact: OnceLock<HashMap<String, u32>>,
}

/// The terms of a [`Dict`] grouped by their first two word starts (see
/// [`word_starts`]), or by their first when they have no second: at
/// "calcium gluconate", the hundred terms that open with "calcium" are not
/// all compared with the text, only those that open with "calcium" and
/// "gluconate", and then those that are "calcium" alone.
///
/// A term matches only where the text spells it from a word start, so the
/// text's word starts there are the term's own, with the same words (a term
/// ends a word where it ends): the text's next word start, read once for
/// every list, stands for the term's second. What separates the two is left
/// out of the key, and compared with the rest of the term.
struct FirstWords {
    /// The first words, as a filter that rules most words of a text out
    /// before a map below is probed.
    filter: WordFilter,
    /// Hash of a term's first word ([`hashed_word`]) → the terms with no
    /// second word start: a range of `terms`.
    one: FxHashMap<u64, (u32, u32)>,
    /// The keys of `one`: the commonest words that open a term ("a" of
    /// "a-hydrocort", "in" of "in vitro fertilization") open no term of one
    /// word start, and this rules the map probe out.
    ones: WordFilter,
    /// [`pair`] of the hashes of a term's first two word starts → the terms
    /// that open with them: a range of `terms`.
    two: FxHashMap<u64, (u32, u32)>,
    /// The keys of `two`: most pairs of a text that pass `filter` open no term.
    twos: WordFilter,
    /// Pattern indices, grouped; in a group, longest first and, among terms
    /// of one length, in the list's order.
    terms: Vec<u32>,
}

impl std::fmt::Debug for FirstWords {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "FirstWords({} one-word and {} two-word groups, {} terms, {:?})",
            self.one.len(),
            self.two.len(),
            self.terms.len(),
            self.filter
        )
    }
}

impl FirstWords {
    fn new(patterns: &[String]) -> FirstWords {
        let mut filter = WordFilter::new(patterns.len());
        // (two word starts?, group hash, longest first, list order)
        let mut keyed: Vec<(bool, u64, std::cmp::Reverse<usize>, u32)> = patterns
            .iter()
            .enumerate()
            .map(|(i, p)| {
                let mut starts = word_starts(p.as_bytes());
                // A term of white space alone has no word start, and never matches.
                let h = starts.next().map_or(hashed_word(&[]).1, |w| w.hash);
                filter.insert(h);
                let (two, key) = starts.next().map_or((false, h), |second| (true, pair(h, second.hash)));
                (two, key, std::cmp::Reverse(p.len()), i as u32)
            })
            .collect();
        keyed.sort_unstable();
        let (mut one, mut two) = (FxHashMap::default(), FxHashMap::default());
        let mut at = 0;
        while at < keyed.len() {
            let (is_two, h) = (keyed[at].0, keyed[at].1);
            let len = keyed[at..].iter().take_while(|k| (k.0, k.1) == (is_two, h)).count();
            if is_two { &mut two } else { &mut one }.insert(h, (at as u32, len as u32));
            at += len;
        }
        let keys = |map: &FxHashMap<u64, (u32, u32)>| {
            let mut f = WordFilter::new(map.len());
            map.keys().for_each(|&k| f.insert(k));
            f
        };
        FirstWords {
            filter,
            ones: keys(&one),
            twos: keys(&two),
            one,
            two,
            terms: keyed.into_iter().map(|k| k.3).collect(),
        }
    }

    /// The terms that may open at a word start whose word hashes to `h`,
    /// the text's next word start hashing to `next`: those opening with
    /// both, then those of the first alone (always shorter, so the longest
    /// is still first).
    ///
    /// Asked at every word start, and most words fail the filter: the test
    /// is inlined into the search loop, and the map probes kept out of line,
    /// as with them inlined every call paid for saving and restoring the
    /// registers they need.
    #[inline(always)]
    fn groups(&self, h: u64, next: Option<u64>) -> Option<[&[u32]; 2]> {
        if !self.filter.may_contain(h) {
            return None;
        }
        Some(self.probe(h, next))
    }

    /// [`FirstWords::groups`] of a word that passed the filter.
    #[inline(never)]
    fn probe(&self, h: u64, next: Option<u64>) -> [&[u32]; 2] {
        let range = |map: &FxHashMap<u64, (u32, u32)>, key: u64| {
            map.get(&key).map_or(&[][..], |&(at, n)| &self.terms[at as usize..(at + n) as usize])
        };
        let two = match next.map(|n| pair(h, n)) {
            Some(key) if self.twos.may_contain(key) => range(&self.two, key),
            _ => &[],
        };
        let one = if self.ones.may_contain(h) { range(&self.one, h) } else { &[] };
        [two, one]
    }
}

/// The key of two word starts' hashes, as well mixed in its top bits as
/// they are (the bits a [`WordFilter`] reads).
fn pair(first: u64, second: u64) -> u64 {
    finish(first.rotate_left(23) ^ second)
}

/// One match of a [`Dict`].
#[derive(Debug)]
pub struct Hit<'a, E> {
    /// Byte range in the searched text.
    pub range: Range<usize>,
    /// The entry the term maps to.
    pub entry: &'a E,
}

impl<E> Dict<E> {
    /// Build from `(term, entry index)` pairs and the entries.
    ///
    /// Fails on an empty term (which would match everywhere); the search
    /// index itself is built on first use (see the type's docs).
    pub fn new(terms: Vec<(String, u32)>, entries: Vec<E>) -> Result<Dict<E>> {
        let (patterns, pattern_entry): (Vec<String>, Vec<u32>) = terms.into_iter().unzip();
        if let Some(i) = patterns.iter().position(String::is_empty) {
            return Err(Error::vocabulary(format!("cannot compile vocabulary: term {} is empty", i + 1)));
        }
        Ok(Dict { patterns, groups: OnceLock::new(), pattern_entry, entries, exact: OnceLock::new() })
    }

    /// Whether the search index has been built yet (a query process
    /// should never need the treatment list's).
    pub fn is_indexed(&self) -> bool {
        self.groups.get().is_some()
    }

    /// The entry of a term that is exactly `term` (ASCII case aside), as a
    /// whole-text search would find it, without building the search index.
    pub fn exact(&self, term: &str) -> Option<&E> {
        let map = self.exact.get_or_init(|| {
            let mut m = HashMap::with_capacity(self.patterns.len());
            for (p, &e) in self.patterns.iter().zip(&self.pattern_entry) {
                m.entry(p.to_ascii_lowercase()).or_insert(e);
            }
            m
        });
        map.get(&term.to_ascii_lowercase()).map(|&e| &self.entries[e as usize])
    }

    /// Whole-word matches in `text`, left to right, longest first.
    ///
    /// A match is looked for at each word start whose word opens some term
    /// (a word being a run of word bytes, so a term that opens with
    /// punctuation has the empty word, and is looked for at punctuation).
    /// Where the longest term there does not end a word ("anti-inflammatory
    /// drug" in "anti-inflammatory drugs"), the longest shorter one that does
    /// is taken.
    ///
    /// An unanchored scan of the whole text, which small lists had, finds
    /// less: a term that starts inside a word ("nasal bone" in "sinonasal
    /// bone septum") or runs on into one ("hyperbaric oxygen treatment" in
    /// "hyperbaric oxygen treatments") is dropped after it has been matched,
    /// and the scan resumes past it, so the whole words it covered ("bone",
    /// "hyperbaric oxygen") are never tried.
    pub fn find_iter<'d, 't>(&'d self, text: &'t str) -> impl Iterator<Item = Hit<'d, E>> + use<'d, 't, E> {
        self.hits(text.as_bytes(), word_starts(text.as_bytes()))
    }

    /// [`Dict::find_iter`] over the word starts of `text` read once
    /// ([`WordStarts::read`]) for several lists. `words` must have been
    /// read from `text`.
    pub fn find_in<'d, 't>(
        &'d self,
        text: &'t str,
        words: &'t WordStarts,
    ) -> impl Iterator<Item = Hit<'d, E>> + use<'d, 't, E> {
        self.hits(text.as_bytes(), words.0.iter().copied())
    }

    /// The matches at `words`, the word starts of `b` in order.
    fn hits<'d, 't, W: Iterator<Item = WordStart> + 't>(
        &'d self,
        b: &'t [u8],
        mut words: W,
    ) -> impl Iterator<Item = Hit<'d, E>> + use<'d, 't, E, W> {
        let index = self.groups.get_or_init(|| FirstWords::new(&self.patterns));
        // Words inside a match are not looked at.
        let mut free = 0;
        let mut next = words.next();
        std::iter::from_fn(move || {
            while let Some(w) = next {
                next = words.next();
                if w.at < free {
                    continue;
                }
                // A whole-word match spells its first word out in full, up
                // to the same non-word byte or the end of the text's word.
                let Some([two, one]) = index.groups(w.hash, next.map(|n| n.hash)) else { continue };
                if let Some(p) = self.longest_at(b, w.at, two).or_else(|| self.longest_at(b, w.at, one)) {
                    let end = w.at + self.patterns[p as usize].len();
                    free = end;
                    let entry = &self.entries[self.pattern_entry[p as usize] as usize];
                    return Some(Hit { range: w.at..end, entry });
                }
            }
            None
        })
    }

    /// The first term of `group` (longest first) that `b` spells at
    /// `start` and that ends a word there.
    fn longest_at(&self, b: &[u8], start: usize, group: &[u32]) -> Option<u32> {
        group.iter().copied().find(|&p| {
            let term = self.patterns[p as usize].as_bytes();
            let end = start + term.len();
            // Bytes equal but for ASCII case, from a word start: the text's
            // slice is whole characters, as the term's is.
            b.get(start..end).is_some_and(|t| t.eq_ignore_ascii_case(term)) && (end == b.len() || !is_word_byte(b[end]))
        })
    }

    /// The entries.
    pub fn entries(&self) -> &[E] {
        &self.entries
    }

    /// Number of terms.
    pub fn len(&self) -> usize {
        self.pattern_entry.len()
    }

    /// Whether there are no terms.
    pub fn is_empty(&self) -> bool {
        self.pattern_entry.is_empty()
    }
}

/// The places of a text where a [`Dict`] term may start, each with the
/// hash of the word there: read once for a text that several lists are
/// searched in (the treatment names and the lab analytes of every
/// sentence), as hashing each word was most of a search.
#[derive(Debug, Default)]
pub struct WordStarts(Vec<WordStart>);

impl WordStarts {
    /// Read the word starts of `text`, in place of those held.
    pub fn read(&mut self, text: &str) {
        self.0.clear();
        self.0.extend(word_starts(text.as_bytes()));
    }
}

/// Where a term may start, and the word there.
#[derive(Debug, Clone, Copy)]
struct WordStart {
    at: usize,
    /// [`hashed_word`] of the word (of the empty word at punctuation).
    hash: u64,
}

/// The word starts of `b`, in order: the first byte of each word, and each
/// other byte that is neither white space nor right after a word byte (a
/// term may open with punctuation, "(R)-", but never starts inside a word
/// or at the punctuation that ends one).
fn word_starts(b: &[u8]) -> impl Iterator<Item = WordStart> + '_ {
    let mut i = 0;
    let mut after_word = false;
    let empty = hashed_word(&[]).1;
    std::iter::from_fn(move || {
        while i < b.len() {
            let c = b[i];
            if is_word_byte(c) {
                let (len, hash) = hashed_word(&b[i..]);
                let w = WordStart { at: i, hash };
                i += len;
                after_word = true;
                return Some(w);
            }
            let start = !after_word && !c.is_ascii_whitespace();
            after_word = false;
            i += 1;
            if start {
                return Some(WordStart { at: i - 1, hash: empty });
            }
        }
        None
    })
}

/// A set of words kept as one bit per word hash (a Bloom filter with one
/// hash function). Most words of a text are in no term's first word ("the",
/// "with"), and one bit tells. The filter has about 32 bits per term, so
/// about one word in thirty that no term opens with passes and costs a
/// probe of the map of groups that fails, up to 2^20 bits (128 KB, the
/// treatment list's ~26,000 first words, one in forty). Sized by its list,
/// a small list's filter stays in the first-level cache (the site list's
/// takes 4 KB): with one size for all, it took 128 KB.
struct WordFilter {
    bits: Box<[u64]>,
    /// 64 less log2 of the number of bits: a hash's top bits pick its bit.
    shift: u32,
}

impl std::fmt::Debug for WordFilter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let set: u32 = self.bits.iter().map(|w| w.count_ones()).sum();
        write!(f, "WordFilter({set} of {} bits set)", self.bits.len() * 64)
    }
}

impl WordFilter {
    /// A filter for up to `words` words.
    fn new(words: usize) -> WordFilter {
        let bits = words.saturating_mul(32).next_power_of_two().clamp(1 << 12, 1 << 20);
        WordFilter { bits: vec![0; bits / 64].into_boxed_slice(), shift: 64 - bits.trailing_zeros() }
    }

    /// The bit of a word hash ([`hashed_word`], whose top bits are as well
    /// mixed as the rest).
    fn bit(&self, h: u64) -> usize {
        (h >> self.shift) as usize
    }

    fn insert(&mut self, h: u64) {
        let b = self.bit(h);
        self.bits[b / 64] |= 1 << (b % 64);
    }

    fn may_contain(&self, h: u64) -> bool {
        let b = self.bit(h);
        self.bits[b / 64] & (1 << (b % 64)) != 0
    }
}

/// The length and hash of the word that opens `b` (ASCII case aside).
///
/// This runs at every word start of every searched text, and was the
/// largest cost of a search as FNV-1a, a multiply per byte each waiting on
/// the last. Here eight bytes are read at once, their word bytes told apart
/// in one register (see [`word_bytes`]), and a multiply mixes each eight.
#[inline(always)]
fn hashed_word(b: &[u8]) -> (usize, u64) {
    let (len, h) = hash_run(b, 0, HASH_SEED);
    (len, finish(h))
}

/// Continue `h` over the word that opens `b[at..]`: its end, and the hash.
#[inline(always)]
fn hash_run(b: &[u8], at: usize, mut h: u64) -> (usize, u64) {
    let mut i = at;
    loop {
        let x = load(b, i);
        let ends = !word_bytes(x) & HIGH_BITS;
        if ends == 0 {
            h = mix(h, x | CASE_BITS);
            i += 8;
            continue;
        }
        let n = (ends.trailing_zeros() / 8) as usize;
        // Setting bit 5 lowercases ASCII letters and leaves digits as they
        // are; it may make two non-ASCII bytes alike, which only makes two
        // words share a hash, and every candidate is compared in full.
        return (i + n - at, mix(h, (x | CASE_BITS) & low_bytes(n)));
    }
}

const HASH_SEED: u64 = 0xcbf2_9ce4_8422_2325;
/// The high bit of each of eight bytes.
pub(crate) const HIGH_BITS: u64 = 0x8080_8080_8080_8080;
const CASE_BITS: u64 = 0x2020_2020_2020_2020;

/// Eight bytes of `b` from `i`, the first in the low byte; zeros (not word
/// bytes) past its end.
fn load(b: &[u8], i: usize) -> u64 {
    if let Some(eight) = b.get(i..i + 8).and_then(|s| <[u8; 8]>::try_from(s).ok()) {
        return u64::from_le_bytes(eight);
    }
    let mut buf = [0u8; 8];
    let rest = b.get(i..).unwrap_or_default();
    buf[..rest.len()].copy_from_slice(rest);
    u64::from_le_bytes(buf)
}

/// The high bit of each byte of `x` that is a word byte ([`is_word_byte`]):
/// an ASCII letter or digit, or any byte of a non-ASCII character.
fn word_bytes(x: u64) -> u64 {
    const LOW7: u64 = 0x7f7f_7f7f_7f7f_7f7f;
    let each = |c: u8| u64::from(c) * 0x0101_0101_0101_0101;
    // With the high bits cleared, setting them makes every byte at least
    // 0x80, so subtracting c from it never borrows from the next: the high
    // bit stays set exactly where the byte was at least c.
    let at_least = |a: u64, c: u8| ((a | HIGH_BITS) - each(c)) & HIGH_BITS;
    let a = x & LOW7;
    let digit = at_least(a, b'0') & !at_least(a, b'9' + 1);
    (digit | ascii_letters(a) | x) & HIGH_BITS
}

/// The high bit of each byte of `a`, whose high bits are clear, that is an
/// ASCII letter: setting bit 5 maps exactly the letters into `a..=z`, and
/// with the high bits set a byte is compared by subtraction without a
/// borrow from the next (see [`word_bytes`]). Language identification
/// splits its words with it too.
#[inline]
pub(crate) fn ascii_letters(a: u64) -> u64 {
    let each = |c: u8| u64::from(c) * 0x0101_0101_0101_0101;
    let at_least = |a: u64, c: u8| ((a | HIGH_BITS) - each(c)) & HIGH_BITS;
    let lower = a | CASE_BITS;
    at_least(lower, b'a') & !at_least(lower, b'z' + 1)
}

/// The mask of the first `n` bytes (of eight).
fn low_bytes(n: usize) -> u64 {
    if n >= 8 {
        u64::MAX
    } else {
        (1u64 << (8 * n)) - 1
    }
}

fn mix(h: u64, chunk: u64) -> u64 {
    (h ^ chunk).wrapping_mul(0x9e37_79b9_7f4a_7c15).rotate_left(31)
}

/// murmur3's finaliser: every bit of the result depends on every bit of `h`.
fn finish(mut h: u64) -> u64 {
    h ^= h >> 33;
    h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
    h ^= h >> 33;
    h = h.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
    h ^ (h >> 33)
}

/// Letters and digits continue a word; so do the bytes of non-ASCII letters.
fn is_word_byte(c: u8) -> bool {
    c.is_ascii_alphanumeric() || c >= 0x80
}

/// Rows of a TSV vocabulary: header checked, comments and blank lines skipped.
pub fn tsv_rows<'a>(name: &str, data: &'a str, header: &[&str]) -> Result<Vec<Vec<&'a str>>> {
    let mut lines = data.lines().filter(|l| !l.starts_with('#') && !l.trim().is_empty());
    let head: Vec<&str> = lines.next().unwrap_or("").split('\t').collect();
    if head != header {
        return Err(Error::vocabulary(format!("{name}: header is {head:?}, expected {header:?}")));
    }
    let mut rows = Vec::new();
    for (i, line) in lines.enumerate() {
        let cols: Vec<&str> = line.split('\t').collect();
        if cols.len() != header.len() {
            return Err(Error::vocabulary(format!(
                "{name}: data row {} has {} columns, expected {}",
                i + 1,
                cols.len(),
                header.len()
            )));
        }
        rows.push(cols);
    }
    Ok(rows)
}

/// A canonical anatomical site.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SiteEntry {
    /// Canonical name.
    pub canonical: String,
    /// Facet path.
    pub path: String,
    /// Region: the second path component (or the first for top-level sites).
    pub region: String,
    /// Has a left and a right.
    pub paired: bool,
    /// Only anatomical in an anatomical context ("back", "hand").
    pub ambiguous: bool,
}

/// Load the site vocabulary.
pub fn sites() -> Result<Dict<SiteEntry>> {
    let rows = tsv_rows("sites.tsv", SITES_TSV, &["term", "canonical", "path", "flags"])?;
    let mut entries: Vec<SiteEntry> = Vec::new();
    let mut index: HashMap<&str, u32> = HashMap::new();
    let mut terms = Vec::with_capacity(rows.len());
    for r in &rows {
        let (term, canonical, path, flags) = (r[0], r[1], r[2], r[3]);
        let flags: Vec<&str> = flags.split(',').map(str::trim).collect();
        let ambiguous = flags.contains(&"ambiguous");
        let e = *index.entry(canonical).or_insert_with(|| {
            let parts: Vec<&str> = path.trim_start_matches('/').split('/').collect();
            let region = parts.get(1).or(parts.first()).copied().unwrap_or(canonical).to_string();
            entries.push(SiteEntry {
                canonical: canonical.to_string(),
                path: path.to_string(),
                region,
                paired: flags.contains(&"paired"),
                ambiguous: false,
            });
            (entries.len() - 1) as u32
        });
        // Ambiguity belongs to a term ("back"), not to its site; keep it per
        // term by giving ambiguous terms their own entry copy.
        if ambiguous {
            let mut copy = entries[e as usize].clone();
            copy.ambiguous = true;
            entries.push(copy);
            terms.push((term.to_string(), (entries.len() - 1) as u32));
        } else {
            terms.push((term.to_string(), e));
        }
    }
    // Reports name sites in the plural as often as in the singular ("both
    // occipital lobes", "the knee joints"); the file lists the irregular
    // plurals (feet, teeth), the regular ones are made here.
    let listed: std::collections::HashSet<String> = terms.iter().map(|(t, _)| t.clone()).collect();
    let plurals: Vec<(String, u32)> = terms
        .iter()
        .filter_map(|(t, id)| regular_plural(t).filter(|p| !listed.contains(p)).map(|p| (p, *id)))
        .collect();
    terms.extend(plurals);
    Dict::new(terms, entries)
}

/// The regular English plural of a noun phrase's last word; None for words
/// whose plural is irregular or that read as adjectives ("abdominal").
fn regular_plural(term: &str) -> Option<String> {
    let last = term.rsplit(' ').next()?;
    let irregular = ["s", "x", "a", "um", "us", "is", "al", "ar", "ic", "ous", "ch", "sh", "eal", "ine", "ary", "oid"];
    if last.len() < 3 || !last.bytes().all(|b| b.is_ascii_lowercase()) || irregular.iter().any(|e| last.ends_with(e)) {
        return None;
    }
    let stem = &term[..term.len() - 1];
    Some(if last.ends_with('y') && !last.ends_with("ey") && !last.ends_with("ay") && !last.ends_with("oy") {
        format!("{stem}ies")
    } else {
        format!("{term}s")
    })
}

/// A canonical treatment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TreatmentEntry {
    /// Canonical name.
    pub canonical: String,
    /// drug, procedure, therapy or class.
    pub kind: String,
}

/// One row of `treatments.tsv`, borrowed from the embedded file.
#[derive(Debug, Clone, Copy)]
pub struct TreatmentRow {
    /// The term as it appears in text (lowercase).
    pub term: &'static str,
    /// Its canonical name.
    pub canonical: &'static str,
    /// drug, procedure, therapy or class.
    pub kind: &'static str,
}

/// The rows of the treatment vocabulary.
pub fn treatment_rows() -> Result<Vec<TreatmentRow>> {
    Ok(tsv_rows("treatments.tsv", TREATMENTS_TSV, &["term", "canonical", "kind", "source"])?
        .into_iter()
        .map(|r| TreatmentRow { term: r[0], canonical: r[1], kind: r[2] })
        .collect())
}

/// Load the treatment vocabulary.
pub fn treatments() -> Result<Dict<TreatmentEntry>> {
    treatment_dict(&treatment_rows()?)
}

/// Compile treatment rows into a [`Dict`], one entry per (canonical, kind).
pub fn treatment_dict(rows: &[TreatmentRow]) -> Result<Dict<TreatmentEntry>> {
    let mut entries = Vec::new();
    let mut index: HashMap<(&str, &str), u32> = HashMap::new();
    let mut terms = Vec::with_capacity(rows.len());
    for r in rows {
        let e = *index.entry((r.canonical, r.kind)).or_insert_with(|| {
            entries.push(TreatmentEntry { canonical: r.canonical.to_string(), kind: r.kind.to_string() });
            (entries.len() - 1) as u32
        });
        terms.push((r.term.to_string(), e));
    }
    Dict::new(terms, entries)
}

/// The treatment stoplist: terms that are not treatments on their own
/// (analytes, stains, ordinary words), one per line, `#` comments. The
/// vocabulary build already drops them; the INN-stem matcher consults them
/// too, for ordinary words that end like a stem ("peptide", "intercept").
pub fn treatment_stoplist() -> HashSet<&'static str> {
    TREATMENT_STOPLIST.lines().map(str::trim).filter(|l| !l.is_empty() && !l.starts_with('#')).collect()
}

/// The organs whose removal names an operation, with the operation's
/// canonical name: (`spleen`, `splenectomy`).
pub fn organ_removals() -> Result<Vec<(&'static str, &'static str)>> {
    Ok(tsv_rows("organ-removals.tsv", ORGAN_REMOVALS_TSV, &["organ", "procedure"])?
        .into_iter()
        .map(|r| (r[0], r[1]))
        .collect())
}

/// An INN stem: names ending in it are drugs of a class.
#[derive(Debug, Clone)]
pub struct Stem {
    /// The ending, without the file's leading hyphen ("mab").
    pub stem: String,
    /// The class it marks, named as the vocabulary's class canonical
    /// ("bisphosphonates") where the vocabulary has one.
    pub class: String,
    /// The shortest name accepted.
    pub min_len: usize,
}

/// Load the INN stems.
pub fn stems() -> Result<Vec<Stem>> {
    tsv_rows("inn-stems.tsv", STEMS_TSV, &["stem", "class", "min_len"])?
        .into_iter()
        .map(|r| {
            let min_len =
                r[2].parse().map_err(|_| Error::vocabulary(format!("inn-stems.tsv: bad min_len {:?}", r[2])))?;
            // The file writes stems as the WHO stem book does ("-mab"); a
            // name ends with the letters, not with the hyphen.
            let stem = r[0].trim_start_matches('-');
            if stem.is_empty() || !stem.bytes().all(|b| b.is_ascii_lowercase()) {
                return Err(Error::vocabulary(format!("inn-stems.tsv: bad stem {:?}", r[0])));
            }
            Ok(Stem { stem: stem.to_string(), class: r[1].to_string(), min_len })
        })
        .collect()
}

/// A disease profile: the disease's names, its subtypes and its variants.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Profile {
    /// Name, as shown and indexed.
    pub name: String,
    /// Terms that name the disease.
    pub terms: Vec<String>,
    /// How many words may separate a qualifier from a disease term.
    #[serde(default = "default_window")]
    pub window: usize,
    /// Subtypes (types by cause).
    #[serde(default)]
    pub subtypes: Vec<ProfileClass>,
    /// Variants (clinical forms).
    #[serde(default)]
    pub variants: Vec<ProfileClass>,
}

fn default_window() -> usize {
    3
}

/// A subtype or variant of a profile.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProfileClass {
    /// Canonical name.
    pub name: String,
    /// Words that qualify a disease term ("idiopathic" in "idiopathic calcinosis").
    #[serde(default)]
    pub qualifiers: Vec<String>,
    /// Terms that name it on their own ("calciphylaxis", "tumoral calcinosis").
    #[serde(default)]
    pub terms: Vec<String>,
    /// A subtype this variant implies, if any.
    #[serde(default)]
    pub implies: Option<String>,
}

/// Load every disease profile.
pub fn profiles() -> Result<Vec<Profile>> {
    PROFILES
        .iter()
        .map(|(name, data)| toml::from_str(data).map_err(|e| Error::vocabulary(format!("{name}: {e}"))))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `Dict::exact` must give what a whole-text search gives (the query
    /// parser's lookup before the exact map existed).
    #[test]
    fn exact_lookup_agrees_with_the_search() {
        fn check<E: PartialEq + std::fmt::Debug>(d: &Dict<E>, step: usize) {
            for p in d.patterns.iter().step_by(step) {
                for t in [p.clone(), p.to_ascii_uppercase()] {
                    let found = d.find_iter(&t).find(|h| h.range == (0..t.len())).map(|h| h.entry);
                    assert_eq!(d.exact(&t), found, "{t}");
                }
            }
        }
        check(&sites().unwrap(), 1);
        check(&treatments().unwrap(), 7);
    }

    /// What the search by first word replaced: an Aho-Corasick automaton of
    /// the list (leftmost-longest, ASCII case folded), run anchored at each
    /// word start, and asked again for a shorter term where the longest did
    /// not end a word.
    fn automaton_search<E>(d: &Dict<E>, ac: &aho_corasick::AhoCorasick, text: &str) -> Vec<(Range<usize>, u32)> {
        use aho_corasick::{Anchored, Input};
        let b = text.as_bytes();
        let mut out = Vec::new();
        let mut at = 0;
        while at < b.len() {
            let start = at;
            at += 1;
            if b[start].is_ascii_whitespace() || (start > 0 && is_word_byte(b[start - 1])) {
                continue;
            }
            let mut end = b.len();
            while let Some(m) = ac.find(Input::new(text).span(start..end).anchored(Anchored::Yes)) {
                if m.end() == b.len() || !is_word_byte(b[m.end()]) {
                    out.push((m.range(), d.pattern_entry[m.pattern().as_usize()]));
                    at = m.end();
                    break;
                }
                end = m.end() - 1;
            }
        }
        out
    }

    /// The search by first word finds what the automaton finds, match for
    /// match and entry for entry, on texts pieced from the real lists' terms
    /// (in other cases, as plurals, run together, cut short, between
    /// punctuation, with non-ASCII letters and words that open no term).
    #[test]
    fn the_search_by_first_word_finds_what_an_automaton_finds() {
        fn check<E>(d: &Dict<E>, step: usize, seed: u64) {
            let ac = aho_corasick::AhoCorasick::builder()
                .ascii_case_insensitive(true)
                .match_kind(aho_corasick::MatchKind::LeftmostLongest)
                .start_kind(aho_corasick::StartKind::Anchored)
                .build(&d.patterns)
                .unwrap();
            let terms: Vec<&str> = d.patterns.iter().step_by(step).map(String::as_str).collect();
            let mut pieces: Vec<String> = Vec::new();
            for (i, t) in terms.iter().enumerate() {
                pieces.push(t.to_string());
                match i % 4 {
                    0 => pieces.push(t.to_ascii_uppercase()),
                    1 => pieces.push(format!("{t}s")),
                    2 => pieces.push(t[..t.floor_char_boundary(t.len() / 2)].to_string()),
                    _ => pieces.push(format!("x{t}")),
                }
            }
            for p in [" ", " ", " ", ", ", "-", "(", ") ", ".", "/", " the ", " and ", "é", "ß ", "5", "\n"] {
                pieces.push(p.to_string());
            }
            let pieces: Vec<&str> = pieces.iter().map(String::as_str).collect();
            let mut matched = 0;
            for text in crate::pieced::pieced(&pieces, seed, 20_000, 8) {
                let ours: Vec<(Range<usize>, &E)> = d.find_iter(&text).map(|h| (h.range, h.entry)).collect();
                let want = automaton_search(d, &ac, &text);
                assert_eq!(ours.len(), want.len(), "{text:?}");
                for ((r, e), (wr, we)) in ours.iter().zip(&want) {
                    assert!(r == wr && std::ptr::eq(*e, &d.entries[*we as usize]), "{text:?}");
                }
                matched += want.len();
            }
            // The texts hold many matches, or the check would say little.
            assert!(matched > 5_000, "{matched}");
        }
        check(&sites().unwrap(), 1, 7);
        check(&treatments().unwrap(), 9, 11);
    }

    /// A term matched inside or past a word hides none of the whole words
    /// it covered.
    #[test]
    fn whole_words_are_found_where_a_longer_term_fails() {
        let terms =
            ["oxygen", "hyperbaric oxygen", "hyperbaric oxygen treatment", "neck dissection", "nasal bone", "bone"];
        let t: Vec<(String, u32)> = terms.iter().enumerate().map(|(i, s)| (s.to_string(), i as u32)).collect();
        let d = Dict::new(t, (0..terms.len()).collect::<Vec<usize>>()).unwrap();
        let found = |text: &str| -> Vec<String> { d.find_iter(text).map(|h| text[h.range].to_string()).collect() };
        assert_eq!(
            found("After Hyperbaric oxygen, a left neck dissection and oxygen-x; xoxygen."),
            ["Hyperbaric oxygen", "neck dissection", "oxygen"]
        );
        // The longest term does not end a word: the longest that does.
        assert_eq!(found("four hyperbaric oxygen treatments"), ["hyperbaric oxygen"]);
        // A term inside a word ("nasal bone" in "sinonasal") is not one, and
        // the whole word after it still is.
        assert_eq!(found("the sinonasal bone septum"), ["bone"]);
        assert_eq!(found("the nasal bone"), ["nasal bone"]);
    }

    /// A word of the text hashes as the term's first word did: case aside,
    /// up to the first byte that is not a word byte.
    #[test]
    fn first_word_hashes_agree() {
        let h = |w: &[u8]| hashed_word(w).1;
        assert_eq!(hashed_word(b"Hyperbaric oxygen"), (10, h(b"hyperbaric")));
        assert_eq!(hashed_word(b"5-FU"), (1, h(b"5")));
        assert_eq!(hashed_word(b"(oxygen)"), (0, h(b"")));
        assert_eq!(hashed_word("Béhçet's".as_bytes()).0, "Béhçet".len());
        let mut f = WordFilter::new(1);
        f.insert(h(b"oxygen"));
        assert!(f.may_contain(hashed_word(b"OXYGEN therapy").1));
        // Words longer than the eight bytes read at once, ending on and
        // after a multiple of eight.
        assert_eq!(hashed_word(b"Hydroxychloroquine, 200"), (18, h(b"HYDROXYCHLOROQUINE")));
        assert_eq!(hashed_word(b"abcdefgh"), (8, h(b"ABCDEFGH.")));
        assert_ne!(h(b"abcdefgh"), h(b"abcdefg"));
        // A term's second word start is the text's next one where it matches.
        let second = |t: &[u8]| word_starts(t).nth(1).map(|w| (w.at, w.hash));
        assert_eq!(second(b"Calcium  Gluconate 10%"), second(b"calcium  gluconate"));
        assert_eq!(second(b"5-FU"), Some((2, h(b"fu"))));
        assert_eq!(second(b"(R)-warfarin").map(|w| w.0), Some(1));
        assert_eq!(second(b"calcium, "), None);
        assert_eq!(second(b"calcium"), None);
        assert_eq!(second(b"calcium (D)").map(|w| w.0), Some(8));
    }

    /// The eight-bytes-at-once word test agrees with the byte test, for
    /// every byte in every place.
    #[test]
    fn word_bytes_are_told_apart_eight_at_a_time() {
        for c in 0..=255u8 {
            for place in 0..8 {
                // The other bytes: a letter and a space, in turn.
                for other in [b'q', b' '] {
                    let mut bytes = [other; 8];
                    bytes[place] = c;
                    let got = word_bytes(u64::from_le_bytes(bytes));
                    for (k, &b) in bytes.iter().enumerate() {
                        assert_eq!(got >> (8 * k + 7) & 1 == 1, is_word_byte(b), "byte {b:#x} in place {k}");
                    }
                }
            }
        }
    }
}
