//! Language identification from function words (`schema/dict/stopwords.tsv`).
//!
//! The language of a text is the one whose function words cover most of its
//! first thousand words (about 6 KB of prose: plenty to tell, and the cost
//! grows with the sample); "und" when too few words are covered to tell.
//! Clinical fields are extracted only from English text.

use rustc_hash::FxHashMap;

use super::Ctx;
use crate::doc::SectionKind;
use crate::error::Result;
use crate::vocab::{tsv_rows, STOPWORDS_TSV};

/// The compiled word lists.
#[derive(Debug)]
pub struct LanguageId {
    /// The languages, in the order of first appearance in the list.
    langs: Vec<&'static str>,
    /// Word → the languages it is a function word of, one bit per index of
    /// `langs`. Every word of the sample is looked up, hence the fast hash,
    /// and a bit set rather than a list, counted into an array.
    words: FxHashMap<String, u32>,
    /// The length of the longest function word: a longer ASCII word (whose
    /// lowercase has its length) is none, without a lookup.
    longest: usize,
}

impl LanguageId {
    /// Load the word lists.
    pub fn new() -> Result<LanguageId> {
        let mut langs: Vec<&'static str> = Vec::new();
        let mut words: FxHashMap<String, u32> = FxHashMap::default();
        for r in tsv_rows("stopwords.tsv", STOPWORDS_TSV, &["lang", "word"])? {
            let i = langs.iter().position(|&l| l == r[0]).unwrap_or_else(|| {
                langs.push(r[0]);
                langs.len() - 1
            });
            if i >= 32 {
                return Err(crate::Error::vocabulary("stopwords.tsv: more than 32 languages"));
            }
            *words.entry(r[1].to_string()).or_default() |= 1 << i;
        }
        let longest = words.keys().map(String::len).max().unwrap_or(0);
        Ok(LanguageId { langs, words, longest })
    }

    /// The language of a text: ISO 639-1, or "und".
    pub fn identify_text(&self, text: &str) -> &'static str {
        let mut counts = [0usize; 32];
        let mut total = 0;
        // One buffer for every word: most words are ASCII, lowercased in place.
        let mut lower = String::new();
        for w in text.split(|c: char| !c.is_alphabetic()).filter(|w| !w.is_empty()).take(1000) {
            total += 1;
            if w.len() > self.longest && w.is_ascii() {
                continue;
            }
            lower.clear();
            if w.is_ascii() {
                lower.push_str(w);
                lower.make_ascii_lowercase();
            } else {
                lower.push_str(&w.to_lowercase());
            }
            if let Some(&langs) = self.words.get(lower.as_str()) {
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

    /// The language of a document's prose (the title alone is too short).
    pub fn identify(&self, ctx: &Ctx) -> &'static str {
        let mut sample = String::new();
        for s in &ctx.doc.sections {
            if s.kind.is_prose() && s.kind != SectionKind::Caption {
                sample.push_str(ctx.doc.section_text(s));
                sample.push(' ');
                if sample.len() > 8_000 {
                    break;
                }
            }
        }
        if sample.trim().is_empty() {
            sample = ctx.doc.text.chars().take(8_000).collect();
        }
        self.identify_text(&sample)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tells_languages_apart() {
        let id = LanguageId::new().unwrap();
        assert_eq!(id.identify_text("A 7-year-old girl was referred to the clinic with nodules on her arm."), "en");
        assert_eq!(id.identify_text("Une patiente de 45 ans a été admise dans le service pour une douleur."), "fr");
        assert_eq!(id.identify_text("Paciente de 45 años que presentaba dolor en la pierna derecha con fiebre."), "es");
        assert_eq!(id.identify_text("Paziente di 45 anni con dolore alla gamba destra e febbre, non trattato."), "it");
        assert_eq!(id.identify_text("12345"), "und");
    }
}
