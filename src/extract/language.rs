//! Language identification from function words (`schema/dict/stopwords.tsv`).
//!
//! The language of a text is the one whose function words cover most of its
//! first thousand words (about 6 KB of prose: plenty to tell, and the cost
//! grows with the sample); "und" when too few words are covered to tell.
//! Reading stops sooner once one language has 200 of them and three times
//! any other's: some 600 words of English, as about a third of an English
//! abstract's words are function words. An English abstract opening a
//! report written in another language is too short to reach that, and the
//! report's own words then decide as before.
//! Clinical fields are extracted only from English text.

use rustc_hash::FxHashMap;

use super::Ctx;
use crate::doc::SectionKind;
use crate::error::Result;
use crate::vocab::{ascii_letters, tsv_rows, HIGH_BITS, STOPWORDS_TSV};

/// The compiled word lists.
#[derive(Debug)]
pub struct LanguageId {
    /// The languages, in the order of first appearance in the list.
    langs: Vec<&'static str>,
    /// Word ([`word_key`]) → the languages it is a function word of, one
    /// bit per index of `langs`. Every word of the sample is looked up,
    /// hence a key in two registers with a fast hash, and a bit set rather
    /// than a list, counted into an array.
    words: FxHashMap<u128, u32>,
    /// The length of the longest function word: a longer ASCII word (whose
    /// lowercase has its length) is none, without a lookup.
    longest: usize,
}

impl LanguageId {
    /// Load the word lists.
    pub fn new() -> Result<LanguageId> {
        let mut langs: Vec<&'static str> = Vec::new();
        let mut words: FxHashMap<u128, u32> = FxHashMap::default();
        let mut longest = 0;
        for r in tsv_rows("stopwords.tsv", STOPWORDS_TSV, &["lang", "word"])? {
            let i = langs.iter().position(|&l| l == r[0]).unwrap_or_else(|| {
                langs.push(r[0]);
                langs.len() - 1
            });
            if i >= 32 {
                return Err(crate::Error::vocabulary("stopwords.tsv: more than 32 languages"));
            }
            let key = word_key(r[1].as_bytes())
                .ok_or_else(|| crate::Error::vocabulary(format!("stopwords.tsv: {:?} is over 16 bytes", r[1])))?;
            *words.entry(key).or_default() |= 1 << i;
            longest = longest.max(r[1].len());
        }
        Ok(LanguageId { langs, words, longest })
    }

    /// The language of a text: ISO 639-1, or "und".
    pub fn identify_text(&self, text: &str) -> &'static str {
        self.identify_words(alphabetic_words(text))
    }

    /// The language of the first thousand of `words`, or of fewer once one
    /// language clearly leads ([`clear_lead`]).
    fn identify_words<'t>(&self, words: impl Iterator<Item = &'t str>) -> &'static str {
        let mut counts = [0usize; 32];
        let mut total = 0;
        // Most words are ASCII, lowercased in their key; the rest into one string.
        let mut lower = String::new();
        for w in words.take(1000) {
            total += 1;
            // A language whose function words are already many, and three
            // times any other's, stays the winner in prose that goes on in
            // one language; reading on to a thousand words cost 1.8% of
            // extracting a synthetic full text.
            if total % 64 == 0 && clear_lead(&counts) {
                break;
            }
            let key = if w.is_ascii() {
                // An ASCII word's lowercase has its length.
                if w.len() > self.longest {
                    continue;
                }
                word_key(w.as_bytes()).map(|k| k | ascii_case_bits(w.len()))
            } else {
                lower.clear();
                lower.push_str(&w.to_lowercase());
                word_key(lower.as_bytes())
            };
            let Some(key) = key else { continue };
            if let Some(&langs) = self.words.get(&key) {
                let mut bits = langs;
                while bits != 0 {
                    counts[bits.trailing_zeros() as usize] += 1;
                    bits &= bits - 1;
                }
            }
        }
        // Menus and reference lists dilute function words, so a clear winner
        // with either a fair share of the words or many hits is enough.
        let mut ranked: Vec<(&'static str, usize)> =
            self.langs.iter().zip(counts).filter(|&(_, n)| n > 0).map(|(&l, n)| (l, n)).collect();
        ranked.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
        match ranked.as_slice() {
            [(l, n), rest @ ..]
                if *n >= 3 && (n * 20 >= total || *n >= 40) && rest.first().is_none_or(|r| *n * 2 > r.1 * 3) =>
            {
                l
            }
            _ => "und",
        }
    }

    /// The language of a document's prose (the title alone is too short):
    /// its prose sections, up to the first to pass about 8,000 bytes, read
    /// in place (a sample copied out was much of the cost), as one text with
    /// a space between sections would be.
    pub fn identify(&self, ctx: &Ctx) -> &'static str {
        let mut sample = Vec::new();
        let mut len = 0;
        for s in &ctx.doc.sections {
            if s.kind.is_prose() && s.kind != SectionKind::Caption {
                let t = ctx.doc.section_text(s);
                sample.push(t);
                len += t.len() + 1;
                if len > 8_000 {
                    break;
                }
            }
        }
        if sample.iter().all(|t| t.trim().is_empty()) {
            let end = ctx.doc.text.char_indices().nth(8_000).map_or(ctx.doc.text.len(), |(i, _)| i);
            return self.identify_text(&ctx.doc.text[..end]);
        }
        self.identify_words(sample.into_iter().flat_map(alphabetic_words))
    }
}

/// Whether the most counted language has at least [`CLEAR_LEAD`] words and
/// three times as many as any other.
fn clear_lead(counts: &[usize; 32]) -> bool {
    let (mut first, mut second) = (0, 0);
    for &n in counts {
        if n > first {
            (first, second) = (n, first);
        } else if n > second {
            second = n;
        }
    }
    first >= CLEAR_LEAD && first >= 3 * second
}

/// See [`clear_lead`].
const CLEAR_LEAD: usize = 200;

/// A word of at most 16 bytes as one number: its bytes, the first lowest,
/// and zeros after (no word holds a zero byte).
fn word_key(w: &[u8]) -> Option<u128> {
    let mut buf = [0u8; 16];
    buf.get_mut(..w.len())?.copy_from_slice(w);
    Some(u128::from_le_bytes(buf))
}

/// The bits that lowercase the key of an ASCII word of `len` letters
/// (bit 5 of each of its bytes; `len` is at most 16).
fn ascii_case_bits(len: usize) -> u128 {
    let all = u128::from_le_bytes([0x20; 16]);
    if len >= 16 {
        all
    } else {
        all & ((1u128 << (8 * len)) - 1)
    }
}

/// The words of `t`: maximal runs of alphabetic characters (as
/// `char::is_alphabetic` has them), ASCII bytes told without decoding.
fn alphabetic_words(t: &str) -> impl Iterator<Item = &str> {
    let mut i = 0;
    std::iter::from_fn(move || {
        let start = skip_letters::<false>(t, i);
        i = skip_letters::<true>(t, start);
        (i > start).then(|| &t[start..i])
    })
}

/// The first character boundary of `t` at or after `i` where a letter
/// (`LETTERS`) or a non-letter (not `LETTERS`) starts; `t.len()` if none.
///
/// Eight ASCII bytes are told apart at once, as in the term search's word
/// hash: a byte at a time, splitting the sample into words was half of
/// identifying its language.
fn skip_letters<const LETTERS: bool>(t: &str, mut i: usize) -> usize {
    let b = t.as_bytes();
    while i < b.len() {
        if let Some(eight) = b.get(i..i + 8).and_then(|s| <[u8; 8]>::try_from(s).ok()) {
            let x = u64::from_le_bytes(eight);
            if x & HIGH_BITS == 0 {
                let letters = ascii_letters(x);
                let stops = if LETTERS { !letters & HIGH_BITS } else { letters };
                if stops == 0 {
                    i += 8;
                    continue;
                }
                return i + (stops.trailing_zeros() / 8) as usize;
            }
        }
        let c = b[i];
        if c.is_ascii() {
            if c.is_ascii_alphabetic() != LETTERS {
                break;
            }
            i += 1;
        } else {
            let Some(ch) = t[i..].chars().next() else { break };
            if ch.is_alphabetic() != LETTERS {
                break;
            }
            i += ch.len_utf8();
        }
    }
    i
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Eight bytes at a time, words are split where a byte at a time splits them.
    #[test]
    fn words_split_alike_eight_bytes_at_a_time() {
        fn slow<const LETTERS: bool>(t: &str, mut i: usize) -> usize {
            while let Some(ch) = t[i..].chars().next() {
                if ch.is_alphabetic() != LETTERS {
                    break;
                }
                i += ch.len_utf8();
            }
            i
        }
        let mut texts: Vec<String> = (0..=127u8).map(|c| format!("abcdefgh{}ijklmnopq rs", c as char)).collect();
        texts.extend((0..=127u8).map(|c| format!("{}ABCDEFGHIJ", c as char)));
        texts.extend(
            [
                "",
                "a",
                "Zz@[`{ ok",
                "Ménière's disease, 5 µg – “quoted” words",
                "12345678 wordsandmorewords",
                "日本語 text",
            ]
            .map(String::from),
        );
        for t in &texts {
            for i in (0..=t.len()).filter(|&i| t.is_char_boundary(i)) {
                assert_eq!(skip_letters::<true>(t, i), slow::<true>(t, i), "{t:?} at {i}");
                assert_eq!(skip_letters::<false>(t, i), slow::<false>(t, i), "{t:?} at {i}");
            }
        }
    }

    #[test]
    fn tells_languages_apart() {
        let id = LanguageId::new().unwrap();
        assert_eq!(id.identify_text("A 7-year-old girl was referred to the clinic with nodules on her arm."), "en");
        assert_eq!(id.identify_text("Une patiente de 45 ans a été admise dans le service pour une douleur."), "fr");
        assert_eq!(id.identify_text("Paciente de 45 años que presentaba dolor en la pierna derecha con fiebre."), "es");
        assert_eq!(id.identify_text("Paziente di 45 anni con dolore alla gamba destra e febbre, non trattato."), "it");
        assert_eq!(id.identify_text("12345"), "und");
    }

    /// Reading stops once a language clearly leads, but not on an English
    /// abstract that opens a report written in another language: the
    /// report's own words catch up before English has enough to stop.
    #[test]
    fn a_clear_lead_stops_reading_but_an_abstract_alone_does_not_decide() {
        let id = LanguageId::new().unwrap();
        let words = |sentence: &str, n: usize| {
            let w: Vec<&str> = sentence.split(' ').collect();
            (0..n).map(|i| w[i % w.len()]).collect::<Vec<_>>().join(" ")
        };
        let english =
            "the girl was seen in the clinic with a firm nodule on her arm and it was removed under local anaesthesia";
        let french = "la patiente a été vue dans le service pour une douleur de la jambe et elle a reçu un traitement par la suite";
        // A quarter of the sample in English, then French.
        let mixed = format!("{} {}", words(english, 250), words(french, 750));
        assert_eq!(id.identify_text(&mixed), "fr");
        // English throughout, then French past where reading stops: the
        // first thousand words would still say English.
        let long = format!("{} {}", words(english, 700), words(french, 300));
        assert_eq!(id.identify_text(&long), "en");
        let mut counts = [0usize; 32];
        counts[0] = CLEAR_LEAD;
        counts[1] = CLEAR_LEAD / 3;
        assert!(clear_lead(&counts));
        counts[1] += 1;
        assert!(!clear_lead(&counts));
    }

    #[test]
    fn words_are_runs_of_letters() {
        for t in [
            "",
            "a",
            "A 7-year-old girl",
            "naïve, β-blocker: ÉTÉ 3°C",
            "  x\u{2013}y…z  ",
            "日本語のテキスト",
            "e\u{301}t\u{e9}",
        ] {
            let want: Vec<&str> = t.split(|c: char| !c.is_alphabetic()).filter(|w| !w.is_empty()).collect();
            assert_eq!(alphabetic_words(t).collect::<Vec<_>>(), want, "{t:?}");
        }
    }
}
