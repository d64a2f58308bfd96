//! How the full-text fields are cut into terms: English stemming with a
//! memo, and word pairs for phrases.
//!
//! **Stems.** Title and body use [`STEM`]: tantivy's `en_stem` chain (split
//! on non-alphanumerics, tokens over 40 bytes dropped, lowercased, Snowball
//! English stems), with each word's stem remembered. Medical prose repeats
//! a small vocabulary, and the stemmer, which allocates its result, was the
//! largest single cost of indexing; a lookup in the memo gives the same stem
//! for a fraction of it. The terms are those `en_stem` gives (a test checks
//! it on the bundled corpus).
//!
//! **Pairs.** A phrase query over single words intersects the postings of
//! every word and then compares positions in each report that holds them
//! all: at a million reports, a phrase of common words ("surgical
//! excision") meets hundreds of thousands of candidates. The `pairs` and
//! `title_pairs` fields ([`PAIRS`]) index each two adjacent words of body
//! and title as one term, so a two-word phrase is one term's postings and a
//! longer one a phrase over pairs, whose postings are those of its own
//! pairs. A pair is made only of
//! two tokens at adjacent positions (a dropped long token between two words
//! breaks the phrase in the body too), so a phrase over pairs matches
//! exactly the reports that the body phrase matches.

use rustc_hash::FxHashMap;
use tantivy::tokenizer::{
    LowerCaser, RemoveLongFilter, SimpleTokenizer, TextAnalyzer, Token, TokenFilter, TokenStream, Tokenizer,
};

/// The tokenizer of title and body.
pub const STEM: &str = "en_stem_memo";

/// The tokenizer of the `pairs` and `title_pairs` fields.
pub const PAIRS: &str = "en_stem_pairs";

/// Stems remembered per analyzer before the memo starts afresh: a bound on
/// memory (a few MB) that a corpus's common words stay well inside.
const MEMO_MAX: usize = 1 << 16;

/// What joins the two words of a pair: tokens never hold a space.
const JOIN: char = ' ';

fn stemmed() -> tantivy::tokenizer::TextAnalyzerBuilder<impl Tokenizer> {
    TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(40))
        .filter(LowerCaser)
        .filter(MemoStemmer)
}

/// The analyzer of title and body ([`STEM`]).
pub fn stem_analyzer() -> TextAnalyzer {
    stemmed().build()
}

/// The analyzer of the pair fields ([`PAIRS`]).
pub fn pairs_analyzer() -> TextAnalyzer {
    stemmed().filter(WordPairs).build()
}

/// Register the analyzers on an index: needed to write the fields and to
/// read queries against them.
pub fn register(index: &tantivy::Index) {
    index.tokenizers().register(STEM, stem_analyzer());
    index.tokenizers().register(PAIRS, pairs_analyzer());
}

/// English Snowball stems, remembered per word.
#[derive(Clone, Copy, Debug, Default)]
pub struct MemoStemmer;

impl TokenFilter for MemoStemmer {
    type Tokenizer<T: Tokenizer> = MemoStemFilter<T>;

    fn transform<T: Tokenizer>(self, tokenizer: T) -> MemoStemFilter<T> {
        MemoStemFilter { inner: tokenizer, memo: FxHashMap::default() }
    }
}

/// See [`MemoStemmer`]. Each copy of an analyzer (tantivy takes one per
/// field per segment being written) has its own memo, so no lock is taken.
#[derive(Clone)]
pub struct MemoStemFilter<T> {
    inner: T,
    memo: FxHashMap<Box<str>, Box<str>>,
}

impl<T: Tokenizer> Tokenizer for MemoStemFilter<T> {
    type TokenStream<'a> = MemoStemStream<'a, T::TokenStream<'a>>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        MemoStemStream { inner: self.inner.token_stream(text), memo: &mut self.memo }
    }
}

/// See [`MemoStemmer`].
pub struct MemoStemStream<'a, S> {
    inner: S,
    memo: &'a mut FxHashMap<Box<str>, Box<str>>,
}

impl<S: TokenStream> TokenStream for MemoStemStream<'_, S> {
    fn advance(&mut self) -> bool {
        if !self.inner.advance() {
            return false;
        }
        let token = self.inner.token_mut();
        match self.memo.get(token.text.as_str()) {
            Some(stem) => {
                token.text.clear();
                token.text.push_str(stem);
            }
            None => {
                let stem: Box<str> = frostem::Stemmer::new(frostem::Algorithm::English).stem(&token.text).into();
                if self.memo.len() >= MEMO_MAX {
                    self.memo.clear();
                }
                self.memo.insert(token.text.as_str().into(), stem.clone());
                token.text.clear();
                token.text.push_str(&stem);
            }
        }
        true
    }

    fn token(&self) -> &Token {
        self.inner.token()
    }

    fn token_mut(&mut self) -> &mut Token {
        self.inner.token_mut()
    }
}

/// The token filter that turns a stream of words into a stream of pairs.
#[derive(Clone, Copy, Debug, Default)]
pub struct WordPairs;

impl TokenFilter for WordPairs {
    type Tokenizer<T: Tokenizer> = PairTokenizer<T>;

    fn transform<T: Tokenizer>(self, tokenizer: T) -> PairTokenizer<T> {
        PairTokenizer { inner: tokenizer }
    }
}

/// See [`WordPairs`].
#[derive(Clone, Debug)]
pub struct PairTokenizer<T> {
    inner: T,
}

impl<T: Tokenizer> Tokenizer for PairTokenizer<T> {
    type TokenStream<'a> = PairStream<T::TokenStream<'a>>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        PairStream { inner: self.inner.token_stream(text), prev: None, token: Token::default() }
    }
}

/// The previous word: its text, position and start offset.
#[derive(Debug)]
struct Word {
    text: String,
    position: usize,
    from: usize,
}

/// See [`WordPairs`]. The previous word is kept in one buffer and each pair
/// is written into the one token, so the stream does not allocate per word.
#[derive(Debug)]
pub struct PairStream<S> {
    inner: S,
    prev: Option<Word>,
    token: Token,
}

impl<S: TokenStream> TokenStream for PairStream<S> {
    fn advance(&mut self) -> bool {
        while self.inner.advance() {
            let cur = self.inner.token();
            let paired = match &self.prev {
                Some(p) if p.position + 1 == cur.position => {
                    let t = &mut self.token;
                    t.text.clear();
                    t.text.push_str(&p.text);
                    t.text.push(JOIN);
                    t.text.push_str(&cur.text);
                    t.position = p.position;
                    t.offset_from = p.from;
                    t.offset_to = cur.offset_to;
                    t.position_length = 2;
                    true
                }
                _ => false,
            };
            let prev = self.prev.get_or_insert_with(|| Word { text: String::new(), position: 0, from: 0 });
            prev.text.clear();
            prev.text.push_str(&cur.text);
            prev.position = cur.position;
            prev.from = cur.offset_from;
            if paired {
                return true;
            }
        }
        false
    }

    fn token(&self) -> &Token {
        &self.token
    }

    fn token_mut(&mut self) -> &mut Token {
        &mut self.token
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tokens(mut a: TextAnalyzer, text: &str) -> Vec<(String, usize)> {
        let mut s = a.token_stream(text);
        let mut out = Vec::new();
        while s.advance() {
            out.push((s.token().text.clone(), s.token().position));
        }
        out
    }

    #[test]
    fn adjacent_stemmed_words_pair_up_at_the_first_word_position() {
        assert_eq!(
            tokens(pairs_analyzer(), "Hard, white papules"),
            [("hard white".to_string(), 0), ("white papul".to_string(), 1)]
        );
        assert!(tokens(pairs_analyzer(), "excision").is_empty());
        assert!(tokens(pairs_analyzer(), "").is_empty());
    }

    #[test]
    fn a_dropped_token_breaks_the_pair_as_it_breaks_the_phrase() {
        let long = "x".repeat(41);
        let p = tokens(pairs_analyzer(), &format!("left {long} arm and leg"));
        assert_eq!(p, [("arm and".to_string(), 2), ("and leg".to_string(), 3)]);
    }

    #[test]
    fn the_memo_gives_the_stems_of_en_stem_also_after_it_starts_afresh() {
        let stock = tantivy::tokenizer::TokenizerManager::default().get("en_stem").unwrap();
        // More distinct words than the memo holds, each seen twice, so that
        // both the stemmer and the memo answer, and the memo is cleared.
        let text: String = (0..MEMO_MAX + 500)
            .flat_map(|i| [format!("calcifying{i}s"), "Nodules".into(), format!("calcifying{i}s")])
            .collect::<Vec<_>>()
            .join(" ");
        assert_eq!(tokens(stem_analyzer(), &text), tokens(stock, &text));
    }
}
