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
//! all: at a million reports, a phrase of common words ("surgical excision")
//! meets hundreds of thousands of candidates. The `pairs` and `title_pairs`
//! fields ([`PAIRS`]) index each two adjacent words of body and title as one
//! term, so a two-word phrase is one term's postings and a longer one a
//! phrase over pairs, whose postings are those of its own pairs. A pair is
//! made only of two tokens at adjacent positions (a dropped long token
//! between two words breaks the phrase in the body too), so a phrase over
//! pairs matches exactly the reports that the body phrase matches.
//!
//! **Words read once.** tantivy indexes a document's fields one after the
//! other in the order of the schema, where each pair field follows its word
//! field, and each field runs its own analyzer over its own copy of the
//! text. The stem analyzer therefore keeps, per thread, the words of the
//! last text it read to the end (`LastWords`; texts up to a megabyte,
//! `RECORD_MAX`), and the pair analyzer, given that same text, pairs those
//! words up instead of splitting and stemming it again. The words are a
//! function of the text, so the pairs are the same either way (a test checks
//! it; the segment files of an ingest came out byte for byte the same), for
//! 13–15% less CPU time in ingesting 2,000 synthetic full texts.

use std::cell::RefCell;
use std::ops::Range;

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

/// The longest text whose words are kept for its pairs (see [`LastWords`]):
/// the words take about 40 bytes each, so a file of hundreds of megabytes
/// would hold gigabytes; such a text is paired by reading it again.
const RECORD_MAX: usize = 1 << 20;

/// The `en_stem` chain with a memo; `record` keeps the words of each text
/// read to the end for the pair analyzer (see [`LastWords`]).
fn stemmed(record: bool) -> impl Tokenizer {
    let words = LowerCaser.transform(RemoveLongFilter::limit(40).transform(SimpleTokenizer::default()));
    MemoStemmer { record }.transform(words)
}

/// The analyzer of title and body ([`STEM`]).
pub fn stem_analyzer() -> TextAnalyzer {
    TextAnalyzer::builder(stemmed(true)).build()
}

/// The analyzer of the pair fields ([`PAIRS`]).
pub fn pairs_analyzer() -> TextAnalyzer {
    TextAnalyzer::builder(WordPairs.transform(stemmed(false))).build()
}

/// Register the analyzers on an index: needed to write the fields and to
/// read queries against them.
pub fn register(index: &tantivy::Index) {
    index.tokenizers().register(STEM, stem_analyzer());
    index.tokenizers().register(PAIRS, pairs_analyzer());
}

/// The words (stems) of one text, with their positions and offsets.
#[derive(Debug, Default)]
struct LastWords {
    /// The text; empty when nothing is recorded.
    text: String,
    /// Whether the words are all there: a stream dropped before its end
    /// leaves them incomplete, and they are not used.
    complete: bool,
    /// The stems, one after the other.
    stems: String,
    /// The words, in order.
    words: Vec<KeptWord>,
}

/// One word of [`LastWords`].
#[derive(Debug)]
struct KeptWord {
    /// Its stem's range in [`LastWords::stems`].
    stem: Range<usize>,
    position: usize,
    from: usize,
    to: usize,
}

impl LastWords {
    /// Start recording `text`, keeping the buffers' capacity.
    fn start(&mut self, text: &str) {
        self.text.clear();
        self.text.push_str(text);
        self.complete = false;
        self.stems.clear();
        self.words.clear();
    }
}

thread_local! {
    /// The words of the last text a recording stem stream read to its end
    /// in this thread (see the module docs).
    static LAST_WORDS: RefCell<LastWords> = RefCell::default();
}

/// English Snowball stems, remembered per word; `record` keeps the words
/// of each text read to the end for the pair analyzer.
#[derive(Clone, Copy, Debug, Default)]
pub struct MemoStemmer {
    record: bool,
}

impl TokenFilter for MemoStemmer {
    type Tokenizer<T: Tokenizer> = MemoStemFilter<T>;

    fn transform<T: Tokenizer>(self, tokenizer: T) -> MemoStemFilter<T> {
        MemoStemFilter { inner: tokenizer, memo: FxHashMap::default(), record: self.record }
    }
}

/// See [`MemoStemmer`]. Each copy of an analyzer (tantivy takes one per
/// field per segment being written) has its own memo, so no lock is taken.
#[derive(Clone)]
pub struct MemoStemFilter<T> {
    inner: T,
    memo: FxHashMap<Box<str>, Box<str>>,
    record: bool,
}

impl<T: Tokenizer> Tokenizer for MemoStemFilter<T> {
    type TokenStream<'a> = MemoStemStream<'a, T::TokenStream<'a>>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        // The thread's buffers are taken, so that a stream dropped halfway
        // leaves nothing behind to be replayed.
        let record = (self.record && text.len() <= RECORD_MAX).then(|| {
            let mut words = LAST_WORDS.with_borrow_mut(std::mem::take);
            words.start(text);
            words
        });
        MemoStemStream { inner: self.inner.token_stream(text), memo: &mut self.memo, record }
    }
}

/// See [`MemoStemmer`].
pub struct MemoStemStream<'a, S> {
    inner: S,
    memo: &'a mut FxHashMap<Box<str>, Box<str>>,
    record: Option<LastWords>,
}

impl<S: TokenStream> TokenStream for MemoStemStream<'_, S> {
    fn advance(&mut self) -> bool {
        if !self.inner.advance() {
            if let Some(mut words) = self.record.take() {
                words.complete = true;
                LAST_WORDS.set(words);
            }
            return false;
        }
        self.stem();
        if let Some(words) = &mut self.record {
            let t = self.inner.token();
            let from = words.stems.len();
            words.stems.push_str(&t.text);
            let stem = from..words.stems.len();
            words.words.push(KeptWord { stem, position: t.position, from: t.offset_from, to: t.offset_to });
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

impl<S: TokenStream> MemoStemStream<'_, S> {
    /// Replace the current token's word with its stem.
    fn stem(&mut self) {
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
        // The words of this very text, if the stem analyzer has just read it.
        let replay = LAST_WORDS.with_borrow_mut(|w| (w.complete && w.text == text).then(|| std::mem::take(w)));
        PairStream {
            inner: self.inner.token_stream(text),
            replay: replay.map(|w| (w, 0)),
            prev: None,
            token: Token::default(),
        }
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
/// With the text's words already at hand (`replay`, and the index of the
/// next one), the inner stream is not read.
#[derive(Debug)]
pub struct PairStream<S> {
    inner: S,
    replay: Option<(LastWords, usize)>,
    prev: Option<Word>,
    token: Token,
}

impl<S: TokenStream> TokenStream for PairStream<S> {
    fn advance(&mut self) -> bool {
        if let Some((words, next)) = &mut self.replay {
            while let Some(cur) = words.words.get(*next) {
                *next += 1;
                let Some(prev) = next.checked_sub(2).and_then(|i| words.words.get(i)) else { continue };
                if prev.position + 1 == cur.position {
                    let (first, second) = (&words.stems[prev.stem.clone()], &words.stems[cur.stem.clone()]);
                    set_pair(&mut self.token, first, second, prev.position, prev.from, cur.to);
                    return true;
                }
            }
            return false;
        }
        while self.inner.advance() {
            let cur = self.inner.token();
            let paired = match &self.prev {
                Some(p) if p.position + 1 == cur.position => {
                    set_pair(&mut self.token, &p.text, &cur.text, p.position, p.from, cur.offset_to);
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

/// Make `t` the pair of `first`, the word at `position` that starts at byte
/// `from`, and `second`, the word after it, which ends at byte `to`: one
/// writer for the pairs read afresh and the pairs replayed, which must be
/// the same.
fn set_pair(t: &mut Token, first: &str, second: &str, position: usize, from: usize, to: usize) {
    t.text.clear();
    t.text.push_str(first);
    t.text.push(JOIN);
    t.text.push_str(second);
    t.position = position;
    t.offset_from = from;
    t.offset_to = to;
    t.position_length = 2;
}

impl<S> Drop for PairStream<S> {
    /// The words go back to the thread, buffers and all: the next recording
    /// reuses their memory, and the same text may be paired again.
    fn drop(&mut self) {
        if let Some((words, _)) = self.replay.take() {
            LAST_WORDS.set(words);
        }
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

    /// The pairs of `text` read afresh: the thread's record is of another text.
    fn fresh_pairs(text: &str) -> Vec<(String, usize, usize, usize)> {
        tokens_full(stem_analyzer(), "a record of another text");
        tokens_full(pairs_analyzer(), text)
    }

    fn tokens_full(mut a: TextAnalyzer, text: &str) -> Vec<(String, usize, usize, usize)> {
        let mut s = a.token_stream(text);
        let mut out = Vec::new();
        while s.advance() {
            let t = s.token();
            out.push((t.text.clone(), t.position, t.offset_from, t.offset_to));
        }
        out
    }

    #[test]
    fn pairs_replayed_from_the_stem_analyzer_are_the_pairs_read_afresh() {
        let long = "y".repeat(45);
        let mut texts: Vec<String> =
            crate::corpus::files().iter().take(12).map(|(_, b)| String::from_utf8_lossy(b).into_owned()).collect();
        texts.extend(["", "one", "Hard, white papules", "Élevé café-au-lait 3 mm"].map(String::from));
        texts.push(format!("left {long} arm and {long} {long} leg, x"));
        let mut pairs = 0;
        for text in &texts {
            let fresh = fresh_pairs(text);
            pairs += fresh.len();
            // As tantivy writes a document: the words, then their pairs.
            tokens_full(stem_analyzer(), text);
            assert!(LAST_WORDS.with_borrow(|w| w.complete && w.text == *text));
            assert!(WordPairs.transform(stemmed(false)).token_stream(text).replay.is_some());
            let replayed = tokens_full(pairs_analyzer(), text);
            assert_eq!(replayed, fresh, "{text:.60}");
            // The record stays for the same text, and is used again.
            assert_eq!(tokens_full(pairs_analyzer(), text), fresh);
        }
        assert!(pairs > 2000, "{pairs} pairs");
    }

    #[test]
    fn the_words_of_a_text_too_long_to_keep_are_not_kept() {
        let text = "calcified nodules on the left elbow ".repeat(RECORD_MAX / 36 + 1);
        assert!(text.len() > RECORD_MAX);
        let fresh = fresh_pairs(&text);
        tokens_full(stem_analyzer(), &text);
        assert!(LAST_WORDS.with_borrow(|w| w.text.is_empty() || !w.complete || w.text != text));
        assert!(WordPairs.transform(stemmed(false)).token_stream(&text).replay.is_none());
        assert_eq!(tokens_full(pairs_analyzer(), &text), fresh);
    }

    #[test]
    fn a_stem_stream_dropped_halfway_leaves_no_words_to_replay() {
        let text = "calcified nodules on the left elbow";
        tokens_full(stem_analyzer(), text);
        let mut a = stem_analyzer();
        let mut s = a.token_stream(text);
        assert!(s.advance());
        drop(s);
        assert!(LAST_WORDS.with_borrow(|w| !w.complete));
        assert_eq!(tokens(pairs_analyzer(), text).len(), 5);
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
