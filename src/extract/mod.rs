//! Extraction: a [`SourceDoc`] in, a [`CaseReport`] out.
//!
//! [`Extractor::new`] compiles every vocabulary and profile once; the
//! extractor is `Sync`, so one instance serves all threads
//! ([`Extractor::global`]). Each field has its own module with the same
//! shape: it reads the document's sentences (with their section kind and
//! whether they speak of the patient) and returns values with the spans they
//! came from, which become the record's evidence.
//!
//! The rule that runs through all of them: a case report's background and
//! discussion talk about other patients and other treatments. Values are
//! taken from the title, the abstract, the case narrative and the captions,
//! and from other sentences only when they speak of this report's patient
//! ("our patient", "we report", "she") without citing the literature.

pub mod age;
pub mod claim;
pub mod language;
pub mod patients;
pub mod reference;
pub mod site;
pub mod subtype;
pub mod treatment;

use std::ops::Range;
use std::sync::LazyLock;

use crate::doc::{RawReference, SectionKind, SourceDoc};
use crate::error::Result;
use crate::record::{CaseReport, Evidence, Source};
use crate::text::{self, Sentence};

/// The compiled extractors.
#[derive(Debug)]
pub struct Extractor {
    sites: site::SiteExtractor,
    treatments: treatment::TreatmentExtractor,
    subtypes: subtype::SubtypeExtractor,
    language: language::LanguageId,
}

static GLOBAL: LazyLock<Extractor> =
    LazyLock::new(|| Extractor::new().expect("the embedded vocabularies are valid (checked by tests)"));

/// A document with its sentences: what every field module reads.
pub struct Ctx<'a> {
    /// The document.
    pub doc: &'a SourceDoc,
    /// Its prose sentences, in order.
    pub sentences: Vec<Sentence>,
    /// The document's text, ASCII-lowercased once for the word tests of
    /// every module ([`Ctx::lowered`]), which lowercased each sentence anew.
    lower: Vec<u8>,
    /// Whether the text holds a letter that folds to an ASCII one (see [`Needs`]).
    folds: bool,
}

impl<'a> Ctx<'a> {
    /// Split the document into sentences.
    pub fn new(doc: &'a SourceDoc) -> Ctx<'a> {
        Ctx {
            doc,
            sentences: text::sentences(doc),
            lower: doc.text.as_bytes().to_ascii_lowercase(),
            folds: folds_to_ascii(&doc.text),
        }
    }

    /// A sentence and its lowercased text, for [`Needs`].
    pub(crate) fn lowered(&self, s: &Sentence) -> Lowered<'_> {
        let text = &self.doc.text[s.range.clone()];
        Lowered {
            text,
            lower: std::borrow::Cow::Borrowed(&self.lower[s.range.clone()]),
            folds: self.folds && folds_to_ascii(text),
        }
    }

    /// The text of a sentence.
    pub fn text(&self, s: &Sentence) -> &'a str {
        &self.doc.text[s.range.clone()]
    }

    /// [`Sentence::anchored`].
    pub fn anchored(&self, s: &Sentence) -> bool {
        s.anchored(self.text(s))
    }

    /// [`Sentence::cites`].
    pub fn cites(&self, s: &Sentence) -> bool {
        s.cites(self.text(s))
    }

    /// Whether a sentence speaks of this report's patient (see the module docs).
    pub fn about_patient(&self, s: &Sentence) -> bool {
        match s.kind {
            SectionKind::Title | SectionKind::Case | SectionKind::Other | SectionKind::Caption => true,
            SectionKind::Abstract => !self.cites(s),
            _ => !self.cites(s) && self.anchored(s),
        }
    }

    /// The sentence holding byte `pos`, as text.
    pub fn sentence_at(&self, pos: usize) -> &'a str {
        let i = self.sentences.partition_point(|s| s.range.end <= pos);
        match self.sentences.get(i) {
            Some(s) if s.range.start <= pos => &self.doc.text[s.range.clone()],
            _ => {
                let start = crate::ingest::layout::floor_char_boundary(&self.doc.text, pos.saturating_sub(80));
                let end = crate::ingest::layout::floor_char_boundary(&self.doc.text, pos + 80);
                &self.doc.text[start..end]
            }
        }
    }
}

/// Words of which a group of patterns needs one to match: a cheap necessary
/// condition read before running the patterns over a sentence, as most
/// sentences hold none of the words and one scan for them costs far less than
/// the patterns. The patterns fold case by Unicode rules, under which two
/// non-ASCII letters match ASCII ones ("ſ" for "s", the Kelvin sign "K" for
/// "k"): a text holding either is never ruled out. Other non-ASCII text (an
/// en dash, "µg", a curly quote) is searched like ASCII text, its non-ASCII
/// bytes left as they are.
///
/// The text is lowercased into a per-thread buffer and searched there, case
/// sensitively, which lets both searchers below use SIMD: on a sentence,
/// copy included, `memchr::memmem` takes about a quarter of the time of an
/// ASCII-case-insensitive Aho-Corasick search for two words; for more words
/// one pass of Aho-Corasick's packed (Teddy) searcher beats a pass per word.
/// Where the two meet was measured: at four words (such as the ordinal
/// patient pattern's "second", "third", "fourth", "fifth", asked of every
/// sentence of a case) four `memmem` passes cost less than one search of
/// the Aho-Corasick automaton, whose fixed cost per call weighs on a
/// sentence; called directly (see [`Packed`]), the packed searcher costs
/// about what four passes do.
#[derive(Debug)]
pub(crate) struct Needs {
    /// One `memmem` finder per word, when there are few words, and for the
    /// short words of a longer list.
    finders: Vec<memchr::memmem::Finder<'static>>,
    /// The other words of a longer list.
    packed: Option<Packed>,
}

/// The search for a longer list's words: Aho-Corasick's packed searcher
/// itself, where the CPU has the SIMD it needs, rather than through an
/// automaton that confirms each of its candidates (extracting 100 synthetic
/// full texts took 3.0% fewer instructions, the real files of each format
/// 0.2–1.4%); the automaton elsewhere.
#[derive(Debug)]
enum Packed {
    Teddy(aho_corasick::packed::Searcher),
    Automaton(aho_corasick::AhoCorasick),
}

impl Packed {
    /// The packed searcher when `teddy` and the CPU allow, else the automaton.
    fn new(words: &[String], teddy: bool) -> Packed {
        let searcher = teddy.then(|| {
            aho_corasick::packed::Config::new()
                .match_kind(aho_corasick::packed::MatchKind::LeftmostFirst)
                .builder()
                .extend(words)
                .build()
        });
        match searcher.flatten() {
            Some(t) => Packed::Teddy(t),
            None => Packed::Automaton(
                aho_corasick::AhoCorasick::builder()
                    .match_kind(aho_corasick::MatchKind::LeftmostFirst)
                    .build(words)
                    .expect("prefilter words compile"),
            ),
        }
    }

    fn found_in(&self, lower: &[u8]) -> bool {
        match self {
            Packed::Teddy(t) => t.find(lower).is_some(),
            Packed::Automaton(ac) => ac.is_match(lower),
        }
    }
}

/// Up to this many words, one `memmem` pass per word. Against the automaton
/// search, extraction took 1.5–4.1% fewer instructions with four than with
/// three (synthetic full texts 1.5%, the real ADA texts 4.1%, E3C 4.0%), and
/// five came within 1% of four either way; against the packed searcher
/// called directly, three and four measure the same (synthetic full texts
/// 389.4M and 389.5M instructions per 100, the ADA texts 230.0M both).
const FEW_WORDS: usize = 4;

/// Words shorter than this are not given to the packed searcher (see [`Needs::new`]).
const PACKED_MIN_LEN: usize = 4;

impl Needs {
    pub(crate) fn new(words: &[&str]) -> Needs {
        let mut lower: Vec<String> = words.iter().map(|w| w.to_ascii_lowercase()).collect();
        lower.sort_unstable();
        lower.dedup();
        // Only whether some word occurs is asked: a text holding a word that
        // contains another holds that one too ("calcinosis cutis",
        // "calcinosis"), so only the words containing no other are searched.
        let lower: Vec<String> =
            lower.iter().filter(|w| !lower.iter().any(|o| o != *w && w.contains(o.as_str()))).cloned().collect();
        let finder = |w: &String| memchr::memmem::Finder::new(w.as_bytes()).into_owned();
        if lower.len() <= FEW_WORDS {
            return Needs { finders: lower.iter().map(finder).collect(), packed: None };
        }
        // The packed searcher looks for the first bytes of each word, as many
        // as the shortest word has (up to four), and checks the words at every
        // place they occur. With one two-byte word in the list ("©", "yr"),
        // common pairs of letters ("co", "re") stop it all through a text:
        // boilerplate detection alone took 6% of reading plain text. Short
        // words get a pass of their own instead.
        let (short, long): (Vec<String>, Vec<String>) = lower.into_iter().partition(|w| w.len() < PACKED_MIN_LEN);
        let packed = (!long.is_empty()).then(|| Packed::new(&long, true));
        Needs { finders: short.iter().map(finder).collect(), packed }
    }

    /// `t` when the patterns may match it, else the empty text: what to run
    /// the patterns on (`re.find_iter(needs.scope(t))`), their positions
    /// still those of `t`.
    pub(crate) fn scope<'t>(&self, t: &'t str) -> &'t str {
        if self.may_match(t) {
            t
        } else {
            ""
        }
    }

    /// Whether the patterns may match `t`.
    pub(crate) fn may_match(&self, t: &str) -> bool {
        thread_local! {
            static LOWER: std::cell::RefCell<Vec<u8>> = const { std::cell::RefCell::new(Vec::new()) };
        }
        if folds_to_ascii(t) {
            return true;
        }
        LOWER.with_borrow_mut(|lower| {
            lower.clear();
            lower.extend_from_slice(t.as_bytes());
            lower.make_ascii_lowercase();
            self.found_in(lower)
        })
    }

    /// [`Needs::scope`] of a text lowercased once for several groups.
    pub(crate) fn scope_in<'t>(&self, t: &Lowered<'t>) -> &'t str {
        if t.folds || self.found_in(&t.lower) {
            t.text
        } else {
            ""
        }
    }

    /// [`Needs::may_match`] of a text lowercased once for several groups.
    pub(crate) fn may_match_in(&self, t: &Lowered) -> bool {
        t.folds || self.found_in(&t.lower)
    }

    fn found_in(&self, lower: &[u8]) -> bool {
        self.finders.iter().any(|f| f.find(lower).is_some()) || self.packed.as_ref().is_some_and(|p| p.found_in(lower))
    }
}

/// A text and its ASCII-lowercased copy, for a text that several groups of
/// [`Needs`] are asked about (a sentence tested for each claim pattern).
pub(crate) struct Lowered<'t> {
    text: &'t str,
    lower: std::borrow::Cow<'t, [u8]>,
    /// Holds a letter that folds to an ASCII one: never ruled out.
    folds: bool,
}

impl<'t> Lowered<'t> {
    pub(crate) fn new(text: &'t str) -> Lowered<'t> {
        Lowered {
            text,
            lower: std::borrow::Cow::Owned(text.as_bytes().to_ascii_lowercase()),
            folds: folds_to_ascii(text),
        }
    }

    /// The text (not lowercased).
    pub(crate) fn text(&self) -> &'t str {
        self.text
    }

    /// Whether the text may hold a word of each group: what a pattern
    /// whose every match holds one word of each needs.
    pub(crate) fn may_hold_all(&self, groups: &[&Needs]) -> bool {
        groups.iter().all(|g| g.may_match_in(self))
    }

    /// The part of the text at `range` (a range of whole characters).
    pub(crate) fn slice(&self, range: Range<usize>) -> Lowered<'_> {
        Lowered {
            text: &self.text[range.clone()],
            lower: std::borrow::Cow::Borrowed(&self.lower[range]),
            // Never ruled out by a letter outside the part: only a wider pass.
            folds: self.folds,
        }
    }
}

/// Whether `t` holds one of the two non-ASCII letters that Unicode case
/// folding maps to ASCII ones (long s, Kelvin sign).
fn folds_to_ascii(t: &str) -> bool {
    // Long s is C5 BF in UTF-8 and the Kelvin sign E2 84 AA: their first
    // bytes are looked for with SIMD, as most text with other non-ASCII
    // characters (dashes, quotes, accents) holds neither.
    let b = t.as_bytes();
    memchr::memchr2_iter(0xC5, 0xE2, b)
        .any(|i| b[i..].starts_with("\u{17F}".as_bytes()) || b[i..].starts_with("\u{212A}".as_bytes()))
}

/// Collects evidence as the field modules find values.
pub(crate) struct EvidenceLog<'c, 'a> {
    ctx: &'c Ctx<'a>,
    items: Vec<Evidence>,
}

impl<'c, 'a> EvidenceLog<'c, 'a> {
    fn new(ctx: &'c Ctx<'a>) -> Self {
        EvidenceLog { ctx, items: Vec::new() }
    }

    /// The first evidence of `field` whose value passes `pred`.
    pub(crate) fn find(&self, field: &str, pred: impl Fn(&str) -> bool) -> Option<&Evidence> {
        self.items.iter().find(|e| e.field == field && pred(&e.value))
    }

    pub(crate) fn push(&mut self, field: &str, value: impl Into<String>, range: Range<usize>, rule: &str) {
        self.items.push(Evidence {
            field: field.to_string(),
            value: value.into(),
            start: range.start,
            end: range.end,
            text: self.ctx.sentence_at(range.start).to_string(),
            rule: rule.to_string(),
        });
    }
}

impl Extractor {
    /// Compile the embedded vocabularies and profiles.
    pub fn new() -> Result<Extractor> {
        Ok(Extractor {
            sites: site::SiteExtractor::new()?,
            treatments: treatment::TreatmentExtractor::new()?,
            subtypes: subtype::SubtypeExtractor::new()?,
            language: language::LanguageId::new()?,
        })
    }

    /// The process-wide instance, compiled on first use.
    pub fn global() -> &'static Extractor {
        &GLOBAL
    }

    /// The site vocabulary (also used by the query parser).
    pub fn sites(&self) -> &site::SiteExtractor {
        &self.sites
    }

    /// The treatment vocabulary (also used by the query parser).
    pub fn treatments(&self) -> &treatment::TreatmentExtractor {
        &self.treatments
    }

    /// The disease profiles (also used by the query parser).
    pub fn subtypes(&self) -> &subtype::SubtypeExtractor {
        &self.subtypes
    }

    /// Extract a record from a document.
    pub fn extract(&self, doc: &SourceDoc) -> CaseReport {
        let mut r = self.clinical(doc);
        let references = doc.references.iter().map(|raw| parse_reference(raw.clone())).collect();
        finish(&mut r, doc, doc.meta.clone(), references);
        r
    }

    /// [`Extractor::extract`], moving the document's bibliographic data and
    /// reference list into the record rather than copying them: what ingest
    /// does, as it keeps only the document's text. Copying them was 2% of
    /// extracting a full text.
    pub fn extract_owned(&self, doc: &mut SourceDoc) -> CaseReport {
        let mut r = self.clinical(doc);
        let references = std::mem::take(&mut doc.references).into_iter().map(parse_reference).collect();
        let meta = std::mem::take(&mut doc.meta);
        finish(&mut r, doc, meta, references);
        r
    }

    /// The fields read from the text (and the language), before the
    /// bibliographic data is added.
    fn clinical(&self, doc: &SourceDoc) -> CaseReport {
        let ctx = Ctx::new(doc);
        let mut log = EvidenceLog::new(&ctx);
        let m = &doc.meta;
        let mut r = CaseReport {
            source: Source { path: doc.path.clone(), format: doc.format, record: doc.record },
            ..CaseReport::default()
        };
        let text_lang = self.language.identify(&ctx);
        r.language = m.language.clone().unwrap_or_else(|| text_lang.to_string());
        // Clinical fields are read from English text only: rules for English
        // prose would mis-read other languages (and say nothing true).
        // A title-only record is too short to identify; trust its declared language.
        // PubMed prints the English translation of a foreign title in brackets.
        let translated = m.title.as_deref().is_some_and(|t| t.starts_with('['));
        let english = text_lang == "en"
            || (text_lang == "und" && (translated || m.language.as_deref().is_none_or(|l| l == "en")));
        if english {
            patients::extract(&ctx, &mut r, &mut log);
            self.subtypes.extract(&ctx, &mut r, &mut log);
            self.sites.extract(&ctx, &mut r, &mut log);
            patients::sex_from_anatomy(&mut r, &mut log);
            self.treatments.extract(&ctx, &mut r, &mut log);
            claim::extract(&ctx, &mut r, &mut log);
        }
        r.evidence = log.items;
        r
    }
}

/// A reference-list entry in fields: printed ones are parsed.
fn parse_reference(raw: RawReference) -> crate::record::Reference {
    match raw {
        RawReference::Structured(s) => s,
        RawReference::Text { label, text } => {
            let mut p = reference::parse(&text);
            p.label = label;
            p.raw = Some(text);
            p
        }
    }
}

/// Complete a record with its bibliographic data, references and id.
fn finish(r: &mut CaseReport, doc: &SourceDoc, m: crate::doc::Meta, references: Vec<crate::record::Reference>) {
    // Every field named, none with `..`: a field added to `Meta` must be
    // placed in the record or set aside here, where the compiler says so.
    crate::doc::Meta {
        title: r.title,
        authors: r.authors,
        journal: r.journal,
        year: r.year,
        volume: r.volume,
        issue: r.issue,
        pages: r.pages,
        doi: r.doi,
        pmid: r.pmid,
        pmcid: r.pmcid,
        article_type: r.article_type,
        mesh: r.mesh,
        // Read with the text's own language, in `Extractor::clinical`.
        language: _,
    } = m;
    r.references = references;
    r.id = stable_id(r, doc);
}

/// Identifiers longer than this are not used as ids. Real DOIs are under
/// 300 bytes; a hostile one can be megabytes, and tantivy drops terms over
/// 64 KB, so the index could not delete such a record by its id.
const MAX_ID_LEN: usize = 300;

/// DOI, else PMID, else PMCID, else a hash of the text: the same report read
/// twice gets the same id, so re-ingesting replaces rather than duplicates.
pub fn stable_id(r: &CaseReport, doc: &SourceDoc) -> String {
    fn usable(id: &Option<String>) -> Option<&String> {
        id.as_ref().filter(|s| s.len() <= MAX_ID_LEN)
    }
    if let Some(d) = usable(&r.doi) {
        format!("doi:{d}")
    } else if let Some(p) = usable(&r.pmid) {
        format!("pmid:{p}")
    } else if let Some(p) = usable(&r.pmcid) {
        format!("pmc:{p}")
    } else {
        format!("sha:{:016x}", xxhash_rust::xxh3::xxh3_64(doc.text.as_bytes()))
    }
}

#[cfg(test)]
mod tests {
    use super::{Needs, Packed};

    #[test]
    fn needs_rule_out_only_what_a_case_folding_pattern_cannot_match() {
        let n = Needs::new(&["left", "kidney"]);
        assert!(n.may_match("A mass on the LEFT side."));
        assert!(n.may_match("Renal cysts – Kidney, 2 cm."));
        assert!(!n.may_match("A mass on the right side."));
        // Non-ASCII text is searched too…
        assert!(!n.may_match("Pain – 5 µg of drug, “right” side."));
        assert_eq!(n.scope("a right cyst"), "");
        assert_eq!(n.scope("a left cyst"), "a left cyst");
        // …except where a letter folds to an ASCII one: (?i)k matches the Kelvin sign.
        let kelvin = "\u{212A}idney";
        assert!(regex::Regex::new("(?i)kidney").unwrap().is_match(kelvin));
        assert!(n.may_match(kelvin));
        assert!(Needs::new(&["sign"]).may_match("\u{17F}ign"));
        assert!(Needs::new(&["sign"]).may_match("– Ŀ \u{17F}ign"));
        // Near misses: "ő" is C5 91, "℩" (U+2129) E2 84 A9.
        assert!(!super::folds_to_ascii("– ő s\u{2129} ok"));
        assert!(super::folds_to_ascii("x\u{212A}"));
    }

    #[test]
    fn a_long_list_finds_its_short_words_and_its_long_ones() {
        // Short words are searched apart from the packed searcher: each word
        // of the list, short or long, is found on its own, in any case.
        let n = Needs::new(&["©", "yr", "old", "years", "months"]);
        assert!(n.packed.is_some() && n.finders.len() == 3);
        for t in ["© 2020", "a 5 YR old", "an old scar", "7 Years", "3 months"] {
            assert!(n.may_match(t), "{t}");
        }
        assert!(!n.may_match("a young adult with a scar"));
    }

    #[test]
    fn a_word_holding_another_is_not_searched() {
        let words = ["Calcinosis cutis", "calcinosis", "milia-like calcinosis", "MICC", "micc", "dystrophic"];
        let n = Needs::new(&words);
        // "calcinosis", "micc" and "dystrophic" alone: a pass each, as there are few.
        assert!(n.finders.len() == 3 && n.packed.is_none());
        for t in ["Calcinosis Cutis of the knee", "a MICC lesion", "dystrophic", "calcinosi", "cutis", "mic c", ""] {
            let expected = words.iter().any(|w| t.to_ascii_lowercase().contains(&w.to_ascii_lowercase()));
            assert_eq!(n.may_match(t), expected, "{t:?}");
        }
    }

    /// The packed searcher and the automaton, which stands in for it on a
    /// CPU without its SIMD, find the same words, in haystacks too short for
    /// the packed searcher's SIMD and long ones.
    #[test]
    fn the_packed_searcher_and_the_automaton_agree() {
        let words: Vec<String> = ["second", "third", "fourth", "fifth", "years"].map(String::from).into();
        let (teddy, automaton) = (Packed::new(&words, true), Packed::new(&words, false));
        assert!(matches!(automaton, Packed::Automaton(_)));
        let long = "a case of a girl ".repeat(20);
        for t in ["", "fifth", "the fift", "seconds later", "a third case", "5 yea", &long, &format!("{long}fourth")] {
            let expected = words.iter().any(|w| t.contains(w.as_str()));
            assert_eq!(teddy.found_in(t.as_bytes()), expected, "{t:?}");
            assert_eq!(automaton.found_in(t.as_bytes()), expected, "{t:?}");
        }
    }
}
