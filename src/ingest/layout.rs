//! Sections from layout: headings when the text has them, paragraph cues when not.
//!
//! Plain text arrives in three shapes: reports with headings on their own
//! lines; reports with no headings at all (the seed: abstract, introduction,
//! case and discussion are bare paragraphs); and scraped web pages squashed
//! onto one line, headings inline ("… modalities Introduction Synovitis …").
//! All three become [`Block`]s; [`resolve`] then gives every block a
//! [`SectionKind`], using its heading when one is known and otherwise the
//! cues of case reports: the case starts with a paragraph that introduces the
//! patient ("A 7-year-old healthy girl was referred…", "Case 1"), and the
//! discussion starts with the first later paragraph that cites the literature
//! without speaking of the patient.
//!
//! Known misses: a case narrative that opens with its history rather than
//! the patient ("Two years ago, …") is only found if a later paragraph
//! introduces the patient; citation markers lost as superscripts cannot mark
//! the discussion, so such a discussion stays part of the case.

use std::borrow::Cow;
use std::cell::OnceCell;
use std::cmp::Reverse;
use std::collections::HashMap;
use std::ops::Range;

use crate::doc::{RawReference, Section, SectionKind};
use crate::extract::reference;
use crate::record::Reference;

/// A paragraph (or heading) with the kind its heading gave it, if any.
#[derive(Debug, Clone)]
pub(crate) struct Block {
    pub range: Range<usize>,
    pub kind: Option<SectionKind>,
    pub heading: Option<String>,
    /// Whether its text is boilerplate, asked once: finding where reference
    /// lists end asks it of every block several times.
    boilerplate: OnceCell<bool>,
}

impl Block {
    pub(crate) fn new(range: Range<usize>, kind: Option<SectionKind>, heading: Option<String>) -> Block {
        Block { range, kind, heading, boilerplate: OnceCell::new() }
    }

    /// [`is_boilerplate`] of the block's text.
    fn is_boilerplate(&self, text: &str) -> bool {
        *self.boilerplate.get_or_init(|| is_boilerplate(&text[self.range.clone()]))
    }
}

/// The kind a heading announces, if it is a heading casedex knows.
pub(crate) fn heading_kind(heading: &str) -> Option<SectionKind> {
    let h = heading
        .trim()
        .trim_start_matches(|c: char| c.is_ascii_digit() || c == '.' || c == ' ')
        .trim_end_matches([':', '.', ' '])
        .to_lowercase();
    let h = h.as_str();
    use SectionKind::*;
    let kind = match h {
        "abstract" | "summary" | "synopsis" | "structured abstract" => Abstract,
        "background" | "introduction" | "intro" | "background and introduction" | "rationale" => Introduction,
        "case"
        | "case report"
        | "case reports"
        | "case presentation"
        | "case presentations"
        | "case description"
        | "case history"
        | "case summary"
        | "case details"
        | "clinical case"
        | "case series"
        | "presentation of case"
        | "presentation of the case"
        | "clinical presentation"
        | "report of a case"
        | "report of the case"
        | "report of cases"
        | "case study"
        | "the case"
        | "patient information"
        | "clinical findings"
        | "timeline"
        | "diagnostic assessment"
        | "therapeutic intervention"
        | "therapeutic interventions"
        | "follow-up and outcomes"
        | "follow-up and outcome"
        | "investigations"
        | "treatment"
        | "management"
        | "outcome"
        | "outcome and follow-up"
        | "differential diagnosis"
        | "physical examination"
        | "history"
        | "case record"
        | "observation"
        | "observations"
        | "patient and observation" => Case,
        "methods"
        | "materials and methods"
        | "patients and methods"
        | "results"
        | "methodology"
        | "results and discussion"
        | "study design"
        | "objective"
        | "objectives" => Methods,
        "discussion"
        | "comment"
        | "comments"
        | "discussion and conclusion"
        | "discussion and conclusions"
        | "learning points"
        | "lessons learned" => Discussion,
        "conclusion"
        | "conclusions"
        | "concluding remarks"
        | "summary and conclusion"
        | "summary and conclusions"
        | "key messages"
        | "take-home message" => Conclusion,
        "references" | "reference" | "bibliography" | "literature cited" | "works cited" | "reference list"
        | "literature" => References,
        "figure legends" | "figure captions" | "legends" | "figures" | "tables" => Caption,
        "acknowledgments"
        | "acknowledgements"
        | "acknowledgment"
        | "acknowledgement"
        | "funding"
        | "conflict of interest"
        | "conflicts of interest"
        | "competing interests"
        | "disclosure"
        | "disclosures"
        | "consent"
        | "patient consent"
        | "ethics"
        | "ethics statement"
        | "statement of ethics"
        | "author contributions"
        | "declarations"
        | "data availability"
        | "data availability statement"
        | "abbreviations"
        | "keywords"
        | "key words"
        | "financial disclosure"
        | "funding sources"
        | "disclosure statement"
        | "conflict of interest statement"
        | "informed consent" => Boilerplate,
        _ => {
            if re!(r"^(case|patient)\s*(?:#|no\.?)?\s*(\d+|[ivx]+|one|two|three|four|five)$").is_match(h) {
                Case
            } else {
                return None;
            }
        }
    };
    Some(kind)
}

/// The blocks of a plain-text document, and where its front matter ends.
pub(crate) fn text_blocks(text: &str) -> Vec<Block> {
    let mut blocks = Vec::new();
    let mut para: Option<Range<usize>> = None;
    let flush = |para: &mut Option<Range<usize>>, blocks: &mut Vec<Block>| {
        if let Some(r) = para.take() {
            push_paragraph(text, r, blocks);
        }
    };
    let mut pos = 0;
    for line in text.split_inclusive('\n') {
        let start = pos;
        pos += line.len();
        let content = line.trim_end_matches(['\n', '\r']);
        let trimmed = content.trim();
        if trimmed.is_empty() {
            flush(&mut para, &mut blocks);
            continue;
        }
        let lead = content.len() - content.trim_start().len();
        let r = start + lead..start + lead + trimmed.len();
        if is_heading_line(trimmed) || is_bare_label(trimmed) {
            flush(&mut para, &mut blocks);
            push_heading_or_label(text, r, &mut blocks);
            continue;
        }
        // "Abstract – We report …" starts a paragraph even without a blank line.
        if re!(r"^(?i:abstract|summary|background|introduction)\s*[–—:.-]\s+\S").is_match(trimmed) {
            flush(&mut para, &mut blocks);
        }
        match &mut para {
            Some(p) => p.end = r.end,
            None => para = Some(r),
        }
    }
    flush(&mut para, &mut blocks);
    blocks
}

fn is_heading_line(line: &str) -> bool {
    line.len() <= 60 && heading_kind(line).is_some()
}

/// "1." or "[1]" alone on a line: a reference label whose entry follows.
fn is_bare_label(line: &str) -> bool {
    re!(r"^\[?\d{1,3}[.\])]?$").is_match(line)
}

fn push_heading_or_label(text: &str, r: Range<usize>, blocks: &mut Vec<Block>) {
    let s = &text[r.clone()];
    let kind = heading_kind(s).filter(|_| s.len() <= 60);
    blocks.push(Block::new(r, kind, kind.map(|_| s.to_string())));
}

/// A paragraph; long one-line paragraphs (scraped pages) are split at inline headings.
fn push_paragraph(text: &str, r: Range<usize>, blocks: &mut Vec<Block>) {
    let s = &text[r.clone()];
    if s.len() < 2000 || s.contains('\n') {
        blocks.push(Block::new(r, None, None));
        return;
    }
    let mut last = r.start;
    for h in inline_headings(s) {
        let before = s[..h.start].trim_end();
        // "see the Discussion", "this Case report": not headings.
        let prev_word = before.rsplit(' ').next().unwrap_or("");
        if matches!(prev_word, "the" | "The" | "a" | "A" | "this" | "This" | "see" | "our" | "in" | "of") {
            continue;
        }
        let hs = r.start + h.start;
        let he = r.start + h.end;
        // Only white space between two headings ("Discussion References"
        // in a page's menu) is no paragraph.
        if !s[last - r.start..h.start].trim().is_empty() {
            blocks.push(Block::new(last..hs, None, None));
        }
        let heading = &s[h.clone()];
        blocks.push(Block::new(hs..he, heading_kind(heading), Some(heading.to_string())));
        last = he;
    }
    if last < r.end {
        blocks.push(Block::new(last..r.end, None, None));
    }
}

/// The words that open a section when printed inside a paragraph.
const INLINE_HEADING: &str = r"(?:Abstract|ABSTRACT|Summary|SUMMARY|Background|BACKGROUND|Introduction|INTRODUCTION|Case (?:[Rr]eport|[Pp]resentation|[Dd]escription|[Hh]istory)|CASE (?:REPORT|PRESENTATION|DESCRIPTION)|Case \d|Discussion|DISCUSSION|Conclusions?|CONCLUSIONS?|References|REFERENCES|Acknowledge?ments|ACKNOWLEDGE?MENTS|Keywords|Conflicts? of [Ii]nterest|Competing [Ii]nterests|Funding)";

/// The headings printed inside a paragraph: the heading words of the
/// matches of `(?:^|\s)(INLINE_HEADING)(?::)?\s+[A-Z0-9\[]`, left to right,
/// each search resuming right after the heading word found (the capital a
/// match ends on may open the next heading).
///
/// Searched without the opening `(?:^|\s)`, which hides the heading words
/// from the regex crate's literal search and makes it run its automaton over
/// every byte of the paragraph; a heading word found is kept when it opens
/// the text or follows whitespace, as that pattern requires, and else the
/// search goes on from its next byte. The two find the same headings: from
/// where a search resumes, the written pattern's next match starts at the
/// first whitespace (or the start) that a heading match follows, and from
/// there it matches what the search below matches at the word.
fn inline_headings(s: &str) -> Vec<Range<usize>> {
    let heading = re!(&format!(r"({INLINE_HEADING})(?::)?\s+[A-Z0-9\[]"));
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(c) = heading.captures_at(s, from) {
        let word = c.get(1).expect("group 1 always takes part");
        if word.start() == 0 || s[..word.start()].chars().next_back().is_some_and(char::is_whitespace) {
            out.push(word.range());
            // The next heading may open right after this one's white space,
            // with the capital the match ended on: "… Discussion References
            // Case Presentation A 58-year-old …", a page's menu run into the
            // section it opens.
            from = word.end();
        } else {
            // Every heading word opens with an ASCII letter: the next byte is
            // a character boundary.
            from = word.start() + 1;
        }
    }
    out
}

/// Whether a block is a figure or table caption (or its label line).
fn caption_start(s: &str) -> bool {
    re!(r"^(?i:fig(?:ure)?s?\.?|table|supplementary\s+(?:fig\w*|table)|video)\s*[0-9]+[a-z]?\b").is_match(s)
}

/// Licence, disclosure, consent, navigation and similar text.
pub(crate) fn is_boilerplate(s: &str) -> bool {
    let head = &s[..floor_char_boundary(s, 400)];
    // Every block and every reference entry is asked; most hold none of the
    // words the patterns below need, and one scan for them is far cheaper
    // than the patterns.
    if !needs!(
        "close modal",
        "separate window",
        "download",
        "view larger",
        "view full",
        "creative commons",
        "licensed under",
        "access article",
        "rights reserved",
        "copyright",
        "disclaimer",
        "disclose",
        "conflict",
        "competing",
        "consent",
        "funding",
        "acknowle",
        "articles from",
        "drug dosage",
        "the author",
        "keyword",
        "key words",
        "abbreviations",
        "received",
        "accepted",
        "published",
        "©"
    )
    .may_match(head)
    {
        return false;
    }
    // Page navigation opens many scraped blocks that go on as prose ("Open in
    // a separate window  Mr AA is a 48-year-old …"): only a short block is
    // navigation and nothing else.
    if s.len() <= 1500
        && re!(r"(?i)^close modal$|open in a separate window|^download (?:figure|slide)|^view (?:larger|full)")
            .is_match(head)
    {
        return true;
    }
    re!(r"(?i)creative commons|licensed under|this (?:is an )?open[- ]access article|all rights reserved|copyright\s*(?:©|\(c\)|\d{4})|^©|\bdisclaimer\b|nothing to disclose|no (?:potential )?conflicts? of interest|(?:declare|report)s? (?:that they have )?no (?:competing|conflicts?)|conflicts? of interest|competing interests?|(?:written|verbal)?\s*informed consent (?:was|has been) obtained|provided (?:written )?informed consent|consent (?:for|to) publication|^funding|received no (?:specific )?funding|^acknowledge?ments?|articles from .* are provided here|drug dosage:|the authors? (?:and the publisher )?(?:have|has) (?:exerted|nothing)|^keywords?:|^key words:|^abbreviations:|^(?:received|accepted|published)(?: online)?:?\s+\d")
        .is_match(head)
}

/// Whether a paragraph opens a reference list: "1." or "[1]" followed by
/// something with a year, or a label line followed by such a paragraph.
fn reference_start(text: &str, blocks: &[Block], i: usize) -> bool {
    let s = &text[blocks[i].range.clone()];
    let opens = re!(r"^(?:\[1\]|1[.)])(?:\s|$)").is_match(s);
    if !opens {
        return false;
    }
    // The entry itself may be on the next line (a bare "1." label).
    let window_end = blocks.get(i + 3).map_or(text.len(), |b| b.range.start);
    let window = &text[blocks[i].range.start..window_end];
    re!(r"\b(?:19|20)\d{2}\b").is_match(window)
        && re!(r"[A-Z][a-z]+,? [A-Z]{1,3}\b|[A-Z][a-z]+, [A-Z]\.").is_match(window)
}

/// At most this many regions are tried as the reference list.
const MAX_REFERENCE_CANDIDATES: usize = 16;

/// Reference lists that open inside a paragraph: a scraped page squashed
/// onto one line, whose heading ("Reference List", "References") was not
/// split off as a heading. Each runs from the heading word, when the first
/// entry follows it ("Reference List 1. Pappagallo M. …"), to where the list
/// would end (`ends`, the caller's table for the same blocks).
fn inline_reference_starts(text: &str, blocks: &[Block], ends: &RefEnds) -> Vec<Range<usize>> {
    let heading = re!(
        r"(?:^|\s)(?:References|REFERENCES|Reference [Ll]ist|REFERENCE LIST|Bibliography|BIBLIOGRAPHY|Literature [Cc]ited)\s+"
    );
    let mut out = Vec::new();
    for (k, b) in blocks.iter().enumerate() {
        if b.heading.is_some() || b.kind == Some(SectionKind::References) {
            continue;
        }
        // The pattern opens with a class, so the regex engine has no word to
        // look for first and reads every block: a scan for the words comes first.
        let words = needs!("reference", "bibliography", "literature cited");
        for m in heading.find_iter(words.scope(&text[b.range.clone()])) {
            let end = ends.end(text, blocks, k + 1).max(b.range.end);
            // The word must head a list: the first entry follows it.
            let from = b.range.start + m.end();
            let after = &text[from..from + floor_char_boundary(&text[from..end], 1500)];
            if re!(r"^\[?1[.\])]?\s").is_match(after) || reference::opens_with_authors(after, 1) {
                out.push(b.range.start + m.end()..end);
            }
        }
    }
    out
}

/// The candidate region whose entries read best as a reference list (see
/// [`score`]; among equals the one that starts last, which is the list under
/// its own heading when a table of contents' heading runs on into it),
/// split; none when no candidate holds a reference.
fn best_reference_list(text: &str, candidates: &[Range<usize>]) -> (Vec<RawReference>, Option<Range<usize>>) {
    let mut best = ((0, Reverse(0)), Vec::new(), None);
    let mut candidates = candidates.to_vec();
    candidates.sort_by_key(|r| r.start);
    let mut parsed = Parsed::new();
    for region in &candidates {
        let entries = split_references(&text[region.clone()], &mut parsed);
        let s = score(entries.iter().map(|(_, e)| e.as_str()), &mut parsed);
        if s.0 > 0 && s >= best.0 {
            best = (s, entries, Some(region.clone()));
        }
    }
    // The entries were parsed to score them: the parse is kept, so that
    // extraction does not parse them again.
    let references = best
        .1
        .into_iter()
        .map(|(label, text)| match parsed.remove(&text) {
            Some(r) => RawReference::Structured(Reference { label, raw: Some(text), ..r }),
            None => RawReference::Text { label, text },
        })
        .collect();
    (references, best.2)
}

/// Entries already parsed while looking for the reference list, by text.
type Parsed = HashMap<String, Reference>;

/// Mark a region found inside a paragraph as references, splitting the
/// paragraph where the list starts.
fn mark_references(blocks: &mut Vec<Block>, region: Range<usize>) {
    let mut out = Vec::with_capacity(blocks.len() + 1);
    for b in blocks.drain(..) {
        if b.range.start < region.start && region.start < b.range.end {
            out.push(Block::new(b.range.start..region.start, b.kind, b.heading.clone()));
            out.push(Block::new(region.start..b.range.end, Some(SectionKind::References), None));
        } else if b.range.start >= region.start && b.range.end <= region.end {
            out.push(Block { kind: Some(SectionKind::References), ..b });
        } else {
            out.push(b);
        }
    }
    *blocks = out;
}

/// The layout of a plain-text document.
#[derive(Debug)]
pub(crate) struct TextLayout {
    pub sections: Vec<Section>,
    pub references: Vec<RawReference>,
    /// Byte range of the front matter (title, authors, journal line).
    pub front: Range<usize>,
}

/// Lay out a plain-text document: front matter, sections, reference list.
pub(crate) fn plain_text(text: &str) -> TextLayout {
    let mut blocks = split_trailing_boilerplate(text, text_blocks(text));
    let front_end = front_matter_end(text, &blocks);
    // References: every place a list may start (a heading, a numbered list
    // that starts with 1); the best list among them is kept below.
    let mut candidates: Vec<Range<usize>> = Vec::new();
    let mut numbered_seen = false;
    let mut after_label_caption = false;
    let mut i = 0;
    while i < blocks.len() {
        let b = &blocks[i];
        let s = &text[b.range.clone()];
        if b.range.end <= front_end {
            blocks[i].kind = Some(SectionKind::Front);
            i += 1;
            continue;
        }
        if b.heading.is_some() {
            after_label_caption = false;
            if b.kind == Some(SectionKind::References) {
                let end = refs_end(text, &blocks, i + 1);
                let upto = blocks.iter().position(|x| x.range.start >= end).unwrap_or(blocks.len());
                for x in &mut blocks[i + 1..upto] {
                    x.kind = Some(SectionKind::References);
                }
                i = upto;
                continue;
            }
            i += 1;
            continue;
        }
        if !numbered_seen && reference_start(text, &blocks, i) {
            numbered_seen = true;
            let end = refs_end(text, &blocks, i);
            candidates.push(b.range.start..end);
            let upto = blocks.iter().position(|x| x.range.start >= end).unwrap_or(blocks.len());
            for x in &mut blocks[i..upto] {
                x.kind = Some(SectionKind::References);
            }
            i = upto;
            continue;
        }
        if caption_start(s) || after_label_caption {
            // A bare "Fig. 1." line labels the paragraph that follows.
            after_label_caption = caption_start(s) && s.len() < 16;
            blocks[i].kind = Some(SectionKind::Caption);
        } else if blocks[i].is_boilerplate(text) || (s.len() < 40 && !s.contains(". ") && !s.ends_with('.') && i > 0) {
            blocks[i].kind = Some(SectionKind::Boilerplate);
        }
        i += 1;
    }
    // Every References heading, also one inside a region marked above (a
    // table of contents' "References" can run on over a page squashed onto
    // one line, up to the list's own heading).
    let ends = RefEnds::new(text, &blocks);
    for (k, b) in blocks.iter().enumerate() {
        if b.heading.as_deref().and_then(heading_kind) == Some(SectionKind::References) {
            candidates.push(b.range.end..ends.end(text, &blocks, k + 1));
        }
    }
    let inline = inline_reference_starts(text, &blocks, &ends);
    candidates.extend(inline.iter().cloned());
    // Each candidate is split and scored: a real document has a handful, a
    // file with thousands of heading words keeps the last ones (a list sits
    // at the end, and among nested candidates the last is preferred).
    if candidates.len() > MAX_REFERENCE_CANDIDATES {
        candidates.sort_by_key(|r| r.start);
        candidates.drain(..candidates.len() - MAX_REFERENCE_CANDIDATES);
    }
    let (references, region) = best_reference_list(text, &candidates);
    if let Some(region) = region.filter(|r| inline.contains(r)) {
        mark_references(&mut blocks, region);
    }
    let front = 0..front_end;
    let sections = resolve(text, blocks);
    TextLayout { sections, references, front }
}

/// Licence and disclaimer text often follows the last paragraph (or the last
/// reference) without a blank line: split such a block where it starts.
fn split_trailing_boilerplate(text: &str, blocks: Vec<Block>) -> Vec<Block> {
    let mut out = Vec::with_capacity(blocks.len());
    for b in blocks {
        let s = &text[b.range.clone()];
        let mut cut = None;
        let mut pos = 0;
        for (k, line) in s.split_inclusive('\n').enumerate() {
            if k > 0 && is_boilerplate(line.trim()) {
                cut = Some(pos);
                break;
            }
            pos += line.len();
        }
        match cut {
            Some(c) if b.heading.is_none() => {
                let mid = b.range.start + c;
                out.push(Block::new(b.range.start..mid, b.kind, None));
                out.push(Block::new(mid..b.range.end, Some(SectionKind::Boilerplate), None));
            }
            _ => out.push(b),
        }
    }
    out
}

/// Where a reference list that starts at block `from` ends: at licence or
/// disclosure text, or at a new heading (not at a heading word caught inside
/// an entry, see [`heading_inside_entry`]).
fn refs_end(text: &str, blocks: &[Block], from: usize) -> usize {
    let mut end = blocks.get(from).map_or(text.len(), |b| b.range.start);
    let mut in_entry = false;
    for b in &blocks[from.min(blocks.len())..] {
        if ends_list(text, b, in_entry) {
            break;
        }
        in_entry = b.heading.is_none();
        end = b.range.end;
    }
    end
}

/// Whether block `b` ends a reference list; `in_entry` when the block
/// before it is entry text, after which a heading may be a word of the entry.
fn ends_list(text: &str, b: &Block, in_entry: bool) -> bool {
    let heading =
        b.heading.is_some() && b.kind != Some(SectionKind::References) && !(in_entry && heading_inside_entry(text, b));
    heading || b.is_boilerplate(text)
}

/// [`refs_end`] for every starting block at once, in linear time: a file of
/// many short paragraphs that each hold a heading word would otherwise scan
/// to its end from each of them. (A single call scans only the list.)
struct RefEnds {
    /// Whether block `j` ends a list that starts at `j`.
    stops_first: Vec<bool>,
    /// The first block at or after `j` that ends a list started before it.
    next_stop: Vec<usize>,
}

impl RefEnds {
    fn new(text: &str, blocks: &[Block]) -> RefEnds {
        let n = blocks.len();
        let mut stops_first = Vec::with_capacity(n);
        let mut stops_later = Vec::with_capacity(n);
        for (j, b) in blocks.iter().enumerate() {
            let in_entry = j > 0 && blocks[j - 1].heading.is_none();
            // What ends a list inside an entry also ends it at its start, so
            // the second check is only needed where the first one stops.
            let first = ends_list(text, b, false);
            stops_first.push(first);
            stops_later.push(first && (!in_entry || ends_list(text, b, true)));
        }
        let mut next_stop = vec![n; n + 1];
        for j in (0..n).rev() {
            next_stop[j] = if stops_later[j] { j } else { next_stop[j + 1] };
        }
        RefEnds { stops_first, next_stop }
    }

    /// Where a list that starts at block `from` ends.
    fn end(&self, text: &str, blocks: &[Block], from: usize) -> usize {
        if from >= blocks.len() {
            return text.len();
        }
        if self.stops_first[from] {
            return blocks[from].range.start;
        }
        blocks[self.next_stop[from + 1] - 1].range.end
    }
}

/// A heading found inside a line, right after entry text that does not end
/// an entry: a title word such as "Cozart JC, Clouse RE: Case Report: Gastric
/// volvulus …" on a page squashed onto one line, not the end of the list.
fn heading_inside_entry(text: &str, b: &Block) -> bool {
    let before = &text[..b.range.start];
    let inline = !before.trim_end_matches([' ', '\t']).ends_with('\n') && !before.trim().is_empty();
    let trimmed = before.trim_end();
    inline && !trimmed.ends_with(['.', ']', ')']) && !trimmed.ends_with(|c: char| c.is_ascii_digit())
}

/// Front matter: the short lines at the top before the first heading or
/// the first paragraph of prose.
fn front_matter_end(text: &str, blocks: &[Block]) -> usize {
    let mut end = 0;
    for (i, b) in blocks.iter().enumerate() {
        let s = &text[b.range.clone()];
        // "CASE REPORT" above the title is the article type, not the case section.
        let type_label = b.kind == Some(SectionKind::Case)
            && b.heading.as_deref().is_some_and(|h| re!(r"(?i)^\s*case\s+(?:reports?|study)\W*$").is_match(h))
            && blocks.get(i + 1).is_some_and(|n| n.heading.is_none() && !is_prose_paragraph(&text[n.range.clone()]));
        if (b.heading.is_some() && !type_label) || is_prose_paragraph(s) {
            break;
        }
        end = b.range.end;
    }
    end
}

/// Prose, as opposed to front-matter lines: long, or made of long lines
/// with several sentences (a title/author/journal block has short lines).
fn is_prose_paragraph(s: &str) -> bool {
    // A citation of the article itself, or its author list ("C. Bécuwe, B.
    // Roth", whose initials look like sentence ends), is front matter.
    if s.len() < 400 && !s.contains('\n') && super::front::author_list(s).is_some() {
        return false;
    }
    if s.len() < 400
        && re!(r"(?i)\b(?:19|20)\d{2}\s*[;:]\s*\d|^how to cite|^cite this|\bdoi\b|\(\s*(?:19|20)\d{2}\s*\)").is_match(s)
    {
        return false;
    }
    let lines = s.lines().count().max(1);
    let sentences = re!(r"[.!?]\s+[A-Z]").find_iter(s).count() + usize::from(s.ends_with('.'));
    s.len() >= 400 || (s.len() / lines >= 70 && sentences >= 2) || (lines == 1 && s.len() >= 150 && s.ends_with('.'))
}

pub(crate) fn looks_like_title(line: &str) -> bool {
    let generic = re!(
        r"(?i)^(?:letters?(?: to the editor)?|correspondence|case reports?|clinical images?|images? in \w+|original (?:article|research)|brief reports?|research letters?|short communication|editorial|review(?: article)?)\.?$"
    );
    (10..=300).contains(&line.len())
        && !generic.is_match(line)
        && !re!(r"(?i)^(doi|pmid|pmcid|https?:|www\.|received|published|copyright|volume|vol\.|\d)").is_match(line)
        && line.chars().filter(|c| c.is_alphabetic()).count() * 2 > line.len()
}

/// Give every block a kind and merge neighbours of the same kind into sections.
///
/// Blocks whose kind is known (from a heading, or as caption, boilerplate or
/// references) keep it; the others follow the cue machine described in the
/// module docs.
pub(crate) fn resolve(text: &str, blocks: Vec<Block>) -> Vec<Section> {
    #[derive(PartialEq, Clone, Copy)]
    enum State {
        Before,
        InCase,
        After,
    }
    let case_heading = blocks.iter().any(|b| b.kind == Some(SectionKind::Case));
    let unknown_prose = blocks.iter().filter(|b| b.kind.is_none()).count();
    let mut state = State::Before;
    let mut current: Option<SectionKind> = None;
    let mut seen_unknown = 0usize;
    let mut out: Vec<Section> = Vec::new();
    // A heading starts a new section (never merged into the one before), so
    // "Case 1", "Case 2" stay apart and each section knows its heading.
    let mut pending_heading: Option<String> = None;
    for b in blocks {
        if b.heading.is_some() {
            // A heading sets the kind of what follows it.
            current = b.kind;
            pending_heading = b.heading.clone();
            match b.kind {
                Some(SectionKind::Case) => state = State::InCase,
                Some(SectionKind::Discussion | SectionKind::Conclusion) if state == State::InCase => {
                    state = State::After
                }
                _ => {}
            }
            continue;
        }
        let s = &text[b.range.clone()];
        let kind = match b.kind {
            Some(k) => k,
            None if current.is_some() && current != Some(SectionKind::Front) => current.unwrap_or(SectionKind::Other),
            None => {
                seen_unknown += 1;
                match state {
                    State::Before if !case_heading && case_start(s) => {
                        state = State::InCase;
                        SectionKind::Case
                    }
                    State::Before => {
                        if seen_unknown == 1 && unknown_prose >= 3 {
                            SectionKind::Abstract
                        } else {
                            SectionKind::Introduction
                        }
                    }
                    State::InCase => {
                        if conclusion_start(s) {
                            state = State::After;
                            SectionKind::Conclusion
                        } else if discussion_like(s) {
                            state = State::After;
                            SectionKind::Discussion
                        } else {
                            SectionKind::Case
                        }
                    }
                    State::After => {
                        if conclusion_start(s) {
                            SectionKind::Conclusion
                        } else {
                            out.last()
                                .map(|l| l.kind)
                                .filter(|k| matches!(k, SectionKind::Discussion | SectionKind::Conclusion))
                                .unwrap_or(SectionKind::Discussion)
                        }
                    }
                }
            }
        };
        let heading = pending_heading.take();
        match out.last_mut() {
            Some(last) if last.kind == kind && heading.is_none() && kind != SectionKind::Title => {
                last.range.end = b.range.end
            }
            _ => out.push(Section { kind, heading, range: b.range }),
        }
    }
    // No case start found: the unknown text is "Other", read as possibly the case.
    if state == State::Before && !case_heading {
        for s in &mut out {
            if matches!(s.kind, SectionKind::Introduction | SectionKind::Abstract) && unknown_prose < 3 {
                s.kind = SectionKind::Other;
            }
        }
    }
    out
}

/// A paragraph that introduces the patient, starting a case narrative.
pub(crate) fn case_start(s: &str) -> bool {
    let head = &s[..floor_char_boundary(s, 300)];
    re!(r"(?i)^\s*(?:case\s*(?:\d+|[ivx]+|one|two|three)\b|patient\s*(?:\d+|[ivx]+)\b|(?:(?:a|an|the|our|this)\s+)?(?:[\w,]+\s+){0,4}?(?:\d+(?:[.,]\d+)?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:[\s-]+\w+)?[\s-]*(?:year|yr|month|week|day)s?[\s-]*old\b|(?:a|an)\s+(?:[\w-]+\s+){0,4}?(?:man|woman|boy|girl|male|female|patient|infant|neonate|newborn|child|lady|gentleman|primigravida|toddler|adolescent)\b[^.]{0,120}\b(?:presented|was referred|was admitted|came|was brought|visited|attended|consulted|was seen|complain|was diagnosed|was transferred|reported))")
        .is_match(head)
}

fn conclusion_start(s: &str) -> bool {
    re!(r"(?i)^\s*(?:in conclusion|to conclude|in summary|to summari[sz]e|in short|our case (?:shows|demonstrates|highlights|illustrates))").is_match(s)
}

/// A paragraph of general statements: it never speaks of the patient and is
/// written in the present tense ("Calcium may be deposited in the skin for
/// several reasons. In the dystrophic form, …"), unlike the past-tense
/// narrative of a case ("The lesion was excised. Histology showed …").
fn general_statements(s: &str) -> bool {
    if patient_anchor(s) || s.len() < 150 {
        return false;
    }
    let present =
        re!(r"(?i)\b(?:is|are|may|can|might|tends?|occurs?|follows|reflects|includes?|remains)\b").find_iter(s).count();
    let past =
        re!(r"(?i)\b(?:was|were|had|showed|revealed|underwent|received|presented|noted|found|performed|developed)\b")
            .find_iter(s)
            .count();
    present >= 2 && present > 2 * past
}

/// Cites the literature and does not open by speaking of the patient.
fn discussion_like(s: &str) -> bool {
    if general_statements(s) {
        return true;
    }
    let first_sentence_end = s.find(". ").map_or(s.len(), |i| i + 1);
    let first = &s[..first_sentence_end];
    let cites = re!(r"\[\s*\d+(?:\s*[-–,]\s*\d+)*\s*\]|\(\s*\d+(?:\s*[-–,]\s*\d+)*\s*\)|\bet al\b|\((?:[A-Z][\w-]+(?: et al\.?| and [A-Z][\w-]+)?,? \d{4}[a-z]?;?\s*)+\)")
        .is_match(s);
    cites && !patient_anchor(first)
}

/// Words that tie a sentence to this report's patient.
pub(crate) fn patient_anchor(s: &str) -> bool {
    re!(r"(?i)\b(?:our|the|this|present|index)\s+(?:patient|case|child|girl|boy|woman|man|infant|baby|neonate|lady|gentleman|proband)\b|\b(?:she|he|her|his|him)\b|\bin our\b|\bthis is the first\b|\b(?:our|this|the present) (?:report|case report|article)\b|\bwe\s+(?:report|present|describe|performed|treated|started|administered|prescribed|gave|excised|removed|observed|noted|saw|diagnosed)")
        .is_match(s)
}

/// Split a reference list into entries, each with its label when numbered.
///
/// Numbered lists are split by following the chain 1, 2, 3… of labels (which
/// also works when a scraped page has put the whole list on one line, and
/// ignores numbers inside entries such as "ed 11."); unnumbered lists by
/// line, and within a line where an entry ends and the next opens (see
/// [`split_line`]). Both readings are tried and the one with more entries
/// that read as references is kept, so that numbers inside an unnumbered
/// list ("1999, 1 (2): 5") cannot pass for labels; a numbered list whose
/// labels each open a line and whose entries all read as references is kept
/// without trying the other. The list ends at licence
/// or copyright text or at the article's own "Cite this article", and the
/// last entry loses the page text after it.
///
/// Known misses, on one-line pages only: two entries that meet with no stop,
/// number or link text between them, the first without a year ("… Skin
/// Cancers Lew RA, Sober AJ, …"), stay one; an entry whose authors the
/// parser does not read ("Hasselt EJ, Burns Manual (2008) …", "Ministero
/// della Salute: …") is joined to the entry before it unless link text
/// separates them.
fn split_references(s: &str, parsed: &mut Parsed) -> Vec<(Option<String>, String)> {
    // A heading printed twice ("References  References  Pimentel L, …").
    let s =
        re!(r"^\s*(?:References|REFERENCES|Reference [Ll]ist|Bibliography)\s+").find(s).map_or(s, |m| &s[m.end()..]);
    // Publisher pages print the article's own citation after the list.
    let s = re!(r"(?i)\b(?:how to )?cite this article\b").find(s).map_or(s, |m| &s[..m.start()]);
    let (numbered, labels_open_lines) = numbered_entries(s);
    // A chain of labels is strong evidence: the unnumbered reading must do
    // better. A clean list, whose every label opens a line and every entry
    // reads as a reference, is taken as it is, without the other reading
    // (splitting lines where entries meet is costly). Otherwise the other
    // reading cannot win with no more entries than the numbered reading has
    // good ones, and then its entries are not parsed.
    let mut good = |l: &[(Option<String>, String)]| score(l.iter().map(|(_, e)| e.as_str()), parsed).0;
    let numbered_good = good(&numbered);
    let clean = labels_open_lines && !numbered.is_empty() && numbered_good == numbered.len();
    let unnumbered = if clean { Vec::new() } else { unnumbered_entries(s) };
    let unnumbered_wins = unnumbered.len() > numbered_good && good(&unnumbered) > numbered_good;
    let mut entries = if unnumbered_wins { unnumbered } else { numbered };
    if let Some(k) = entries.iter().position(|(_, e)| is_boilerplate(e) && !reads_as_reference(e, parsed)) {
        entries.truncate(k);
    }
    if let Some((_, last)) = entries.last_mut() {
        trim_page_tail(last);
    }
    entries
}

/// Entries of a numbered list, with their labels; empty when there is no
/// chain of labels from 1. Also whether every label of the chain opens a line.
fn numbered_entries(s: &str) -> (Vec<(Option<String>, String)>, bool) {
    // The whitespace after a label is checked, not consumed, so that it can
    // also precede the next label ("… 16: 5.\n7.\nMarzano").
    let labels: Vec<(usize, usize, u32)> = re!(r"(?:^|\s)\[?(\d{1,3})[.\])]?")
        .captures_iter(s)
        .filter_map(|c| {
            let m = c.get(0)?;
            let followed = s[m.end()..].chars().next().is_none_or(char::is_whitespace);
            let n: u32 = c.get(1)?.as_str().parse().ok()?;
            followed.then_some((m.start(), m.end(), n))
        })
        .collect();
    let mut chain: Vec<(usize, usize, u32)> = Vec::new();
    let mut want = 1;
    for &(start, end, n) in &labels {
        let after_last = chain.last().is_none_or(|&(_, e, _)| start >= e);
        if n == want && after_last {
            // A label must start the region or follow the end of an entry.
            let before = s[..start].trim_end();
            let plausible = before.is_empty()
                || before.ends_with(['.', ']', ')', '>'])
                || before.ends_with(|c: char| c.is_ascii_digit())
                || s[start..end].starts_with(['\n', '\r'])
                || s[..start].ends_with("  ");
            if plausible {
                chain.push((start, end, n));
                want += 1;
            }
        }
    }
    if !(chain.len() >= 2 || (chain.len() == 1 && labels.len() == 1)) {
        return (Vec::new(), false);
    }
    // The match holds the whitespace before the label, if any.
    let opens_line = |start: usize, end: usize| {
        let before =
            if s[start..end].starts_with(['\n', '\r']) { "\n" } else { s[..start].trim_end_matches([' ', '\t']) };
        before.is_empty() || before.ends_with(['\n', '\r'])
    };
    let labels_open_lines = chain.iter().all(|&(start, end, _)| opens_line(start, end));
    let mut out = Vec::new();
    for (k, &(_, label_end, n)) in chain.iter().enumerate() {
        let entry_end = chain.get(k + 1).map_or(s.len(), |c| c.0);
        let entry = clean_entry(&s[label_end..entry_end]);
        if !entry.is_empty() {
            out.push((Some(n.to_string()), entry));
        }
    }
    (out, labels_open_lines)
}

/// Entries of an unnumbered list: one per line, a line holding several
/// (a scraped page) split where each ends, and a wrapped line (one that
/// opens with no author list, and brings no year or follows an entry without
/// one) joined to the entry above.
fn unnumbered_entries(s: &str) -> Vec<(Option<String>, String)> {
    let mut out: Vec<(Option<String>, String)> = Vec::new();
    let mut last_has_year = true;
    for line in s.lines() {
        for piece in split_line(line) {
            let entry = clean_entry(piece);
            if entry.len() <= 15 {
                continue;
            }
            let year = has_year(&entry);
            let continues = !((last_has_year && year) || reference::opens_with_authors(&entry, 1));
            match out.last_mut() {
                Some((_, prev)) if continues => {
                    prev.push(' ');
                    prev.push_str(&entry);
                    last_has_year |= year;
                }
                _ => {
                    out.push((None, entry));
                    last_has_year = year;
                }
            }
        }
    }
    out
}

/// Link text that scraped pages print after each entry ("View Article
/// PubMed Google Scholar", "[PubMed] [CrossRef]").
const LINK_RUN: &str = r"(?:\s*(?:\[(?:PubMed|PMC free article|Google Scholar|CrossRef|Crossref|Ref list)\]|View Article|PubMed Central|PubMed|Google Scholar|CrossRef|Crossref))+";

/// Split a line holding several entries, once the entry so far has its
/// year: after the link text that ends an entry on scraped pages; after a
/// stop or a number where an author list opens ("… 56: AB153. Stamatas GN,
/// Nikolovski J, …"); and after anything else (a URL) where at least two
/// authors open.
fn split_line(line: &str) -> Vec<&str> {
    let runs: Vec<Range<usize>> = re!(LINK_RUN).find_iter(line).map(|m| m.range()).collect();
    let mut cuts: Vec<(usize, usize)> = runs.iter().map(|r| (r.end, 0)).collect();
    cuts.extend(re!(r"[.;)\]\d]\s+").find_iter(line).map(|m| (m.end(), 1)));
    cuts.extend(capitals_after_space(line).map(|at| (at, 2)));
    cuts.sort_unstable();
    // Ends of the years in the line: a piece has its year when one ends inside it.
    let years: Vec<usize> = re!(r"\b(?:19|20)\d{2}\b").find_iter(line).map(|m| m.end()).collect();
    let mut pieces = Vec::new();
    let mut last = 0;
    for (at, authors_needed) in cuts {
        if at <= last || at >= line.len() {
            continue;
        }
        let has_year = years.partition_point(|&y| y <= last) < years.partition_point(|&y| y <= at);
        // Link text belongs to the entry before it: cut after it, not in it.
        let run = runs.partition_point(|r| r.end <= at);
        let in_links = authors_needed > 0 && runs.get(run).is_some_and(|r| r.start <= at);
        // An author list opens within its first names: a bounded look keeps
        // long one-line pages linear.
        let next = &line[at..at + floor_char_boundary(&line[at..], 1500)];
        if has_year && !in_links && (authors_needed == 0 || reference::opens_with_authors(next, authors_needed)) {
            pieces.push(&line[last..at]);
            last = at;
        }
    }
    pieces.push(&line[last..]);
    pieces
}

/// Where an uppercase letter follows whitespace: the capitals that
/// `\s+\p{Lu}` ends at. A scan of the bytes rather than that pattern, whose
/// every match (one per capitalised word of a one-line page) costs a forward
/// and a backward search.
fn capitals_after_space(line: &str) -> impl Iterator<Item = usize> + '_ {
    let b = line.as_bytes();
    (1..b.len()).filter(move |&i| {
        // An uppercase letter opens at `i`: an ASCII one, or a non-ASCII
        // character's lead byte (checked as a character below).
        let upper = b[i].is_ascii_uppercase() || (b[i] >= 0xC0 && re!(r"^\p{Lu}").is_match(&line[i..]));
        upper && line[..i].chars().next_back().is_some_and(char::is_whitespace)
    })
}

fn has_year(s: &str) -> bool {
    re!(r"\b(?:19|20)\d{2}\b").is_match(s)
}

/// An entry that parses with a year and an author, journal or volume, and
/// is no longer than the longest real entries (a hundred authors): a run of
/// article text caught between two list candidates is not one.
fn reads_as_reference(entry: &str, parsed: &mut Parsed) -> bool {
    if entry.len() > 2500 {
        return false;
    }
    let r = parsed.entry(entry.to_string()).or_insert_with(|| reference::parse(entry));
    r.year.is_some() && (!r.authors.is_empty() || r.journal.is_some() || r.volume.is_some())
}

/// How well entries read as a reference list: more entries that read as
/// references, then fewer that do not.
fn score<'a>(entries: impl IntoIterator<Item = &'a str>, parsed: &mut Parsed) -> (usize, Reverse<usize>) {
    let (mut good, mut bad) = (0, 0);
    for e in entries {
        if reads_as_reference(e, parsed) {
            good += 1;
        } else {
            bad += 1;
        }
    }
    (good, Reverse(bad))
}

/// The last entry of a list on a one-line page runs on into the page
/// ("… 2007; 9 :181–200. Formats: Article | PubReader …"): cut it after its
/// locator when more than a short note follows.
fn trim_page_tail(entry: &mut String) {
    if let Some(end) = reference::locator_end(entry) {
        if entry[end..].trim().len() > 40 {
            entry.truncate(end);
            let kept = entry.trim_end().len();
            entry.truncate(kept);
        }
    }
}

/// Trim an entry and drop the link text scraped pages append.
fn clean_entry(s: &str) -> String {
    // Most entries hold no link text: the patterns, which open with `\s*`
    // and so have no word the regex engine can look for first, run only on
    // an entry holding a bracket or one of the words of their alternatives.
    let bracketed = re!(
        r"\s*\[(?:PubMed|PMC free article|Google Scholar|CrossRef|Crossref|Ref list|DOI|Web of Science|Scopus|CAS|Medline)\]"
    );
    let s = if s.contains('[') { bracketed.replace_all(s, "") } else { Cow::Borrowed(s) };
    let s = match s.find("Articles from ") {
        Some(i) => &s[..i],
        None => &s[..],
    };
    let link_words = needs!("pubmed", "pmc free article", "google scholar", "crossref", "ref list", "view article");
    let links = re!(&format!(r"^{LINK_RUN}|{LINK_RUN}\s*$"));
    let s = if link_words.may_match(s) { links.replace_all(s, "") } else { Cow::Borrowed(s) };
    crate::ingest::xml::squash(&s)
}

/// The largest char boundary at or below `i`.
pub(crate) fn floor_char_boundary(s: &str, i: usize) -> usize {
    if i >= s.len() {
        return s.len();
    }
    let mut i = i;
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `clean_entry` runs its link-text patterns only on entries holding a
    /// bracket or one of their words: every form of link text they name is
    /// still dropped, whatever its case.
    #[test]
    fn every_form_of_link_text_is_dropped() {
        let entry = "Smith J. A case. Gut. 1999;45:375-381.";
        for link in [
            "[PubMed]",
            "[PMC free article]",
            "[Google Scholar]",
            "[CrossRef]",
            "[Crossref]",
            "[Ref list]",
            "[DOI]",
            "[Web of Science]",
            "[Scopus]",
            "[CAS]",
            "[Medline]",
            "View Article",
            "PubMed Central",
            "PubMed",
            "Google Scholar",
            "CrossRef",
            "Crossref",
            "View Article PubMed PubMed Central Google Scholar",
        ] {
            assert_eq!(clean_entry(&format!("{entry} {link}")), entry, "{link}");
        }
    }

    #[test]
    fn headings() {
        assert_eq!(heading_kind("Case Report"), Some(SectionKind::Case));
        assert_eq!(heading_kind("2. DISCUSSION:"), Some(SectionKind::Discussion));
        assert_eq!(heading_kind("Case 2"), Some(SectionKind::Case));
        assert_eq!(heading_kind("References"), Some(SectionKind::References));
        assert_eq!(heading_kind("A 7-year-old girl"), None);
    }

    #[test]
    fn inline_headings_agree_with_their_pattern() {
        let pattern = regex::Regex::new(&format!(r"(?:^|\s)({INLINE_HEADING})(?::)?\s+[A-Z0-9\[]")).unwrap();
        // Headings that run into each other or into a word, whitespace of one
        // to three bytes, and what may or may not follow a heading.
        let pieces = [
            "Abstract",
            "Case",
            "Case Report",
            "CASE REPORT",
            "Case 2",
            "Conclusion",
            "Conclusions",
            "Funding",
            "References",
            " ",
            "  ",
            "\n",
            "\u{a0}",
            "\u{2003}",
            ":",
            "A",
            "x",
            "[",
            "1",
            "é",
            ".",
        ];
        for s in crate::pieced::pieced(&pieces, 9, 20_000, 10) {
            // Each search resumes after the heading word, so that a heading
            // may open with the capital that ended the match before.
            let mut expected: Vec<Range<usize>> = Vec::new();
            let mut from = 0;
            while let Some(c) = pattern.captures_at(&s, from) {
                let word = c.get(1).unwrap();
                expected.push(word.range());
                from = word.end();
            }
            assert_eq!(inline_headings(&s), expected, "{s:?}");
        }
    }

    #[test]
    fn capitals_after_space_agree_with_their_pattern() {
        let pattern = regex::Regex::new(r"\s+\p{Lu}").unwrap();
        // ASCII and non-ASCII capitals and lowercase letters, an uppercase
        // character that is not a letter (Ⓐ), and whitespace of one to three bytes.
        let pieces = ["A", "b", " ", "  ", "\t", "\n", "\u{a0}", "\u{2003}", "É", "é", "Ω", "Ⓐ", "𝔸", ".", "1"];
        for s in crate::pieced::pieced(&pieces, 5, 20_000, 8) {
            let expected: Vec<usize> =
                pattern.find_iter(&s).map(|m| m.end() - m.as_str().chars().last().unwrap().len_utf8()).collect();
            assert_eq!(capitals_after_space(&s).collect::<Vec<_>>(), expected, "{s:?}");
        }
    }

    #[test]
    fn list_ends_for_every_start_agree_with_one_scan() {
        let texts = [
            "A title\n\nCase report\n\nA 7-year-old girl.\n\nReferences\n\n1. Smith A. T. J. 2001;1:1.\n\n2. Jones B. T. J. 2002;2:2.\n\nDiscussion\n\nText.\n\nCopyright 2020 the authors.\n\nMore.",
            "References 1. Smith A. T. J. 2001;1:1.\n\nReferences 2. Jones B. Case Report: x. J. 2002;2:2.\n\nConflict of interest: none.\n\nReferences\n\nReferences",
            "",
            "One paragraph only.",
        ];
        for t in texts {
            let blocks = text_blocks(t);
            let ends = RefEnds::new(t, &blocks);
            for from in 0..=blocks.len() + 1 {
                assert_eq!(ends.end(t, &blocks, from), refs_end(t, &blocks, from), "{t:?} from {from}");
            }
        }
    }

    #[test]
    fn case_starts() {
        assert!(case_start("A 7-year-old healthy girl was referred to our clinic."));
        assert!(case_start("A seven-year-old girl was referred."));
        assert!(case_start("Case 1: a woman"));
        assert!(case_start("A Caucasian woman without a significant past medical history presented with pain."));
        assert!(!case_start("Calcinosis cutis is an aberrant calcium deposition in the skin."));
    }

    #[test]
    fn numbered_references_on_one_line() {
        let t = "References  1.  Hayem G. Lessons.  Joint Bone Spine.  2007; 74 :123–126. [PubMed]  2.  Kahn MF, Khan MA. The SAPHO syndrome, ed 11. Baillieres Clin Rheumatol.  1994; 8 :333–362. [PubMed]  3.  Nguyen MT. X.  Semin.  2012; 42 :254–265.";
        let refs = split_references(&t[10..], &mut Parsed::new());
        assert_eq!(refs.len(), 3);
        let (label, text) = &refs[1];
        assert_eq!(label.as_deref(), Some("2"));
        assert!(text.starts_with("Kahn MF") && text.ends_with("333–362."), "{text}");
    }

    /// The prefilter before the boilerplate patterns lets through every
    /// block one of them matches, a bare copyright sign included.
    #[test]
    fn boilerplate_behind_its_prefilter() {
        for b in [
            "© 2021 Elsevier Inc.",
            "Copyright (c) 2019 the authors",
            "The authors have nothing to disclose.",
            "Keywords: calcinosis cutis",
            "Received: 12 March 2020",
            "Open in a separate window",
        ] {
            assert!(is_boilerplate(b), "{b}");
        }
        assert!(!is_boilerplate("A 7-year-old girl presented with nodules on the right arm."));
    }

    #[test]
    fn labels_that_open_lines_are_told_from_labels_inside_lines() {
        let lines = "1. Hayem G. Lessons. Joint Bone Spine. 2007;74:123-6.\n  2. Kahn MF. The SAPHO syndrome. Clin Rheumatol. 1994;8:333-62.\n[3] Nguyen MT. X. Semin. 2012;42:254-65.";
        let (entries, open) = numbered_entries(lines);
        assert_eq!((entries.len(), open), (3, true));
        let one_line = "1. Hayem G. Lessons. Joint Bone Spine. 2007;74:123-6. 2. Kahn MF. The SAPHO syndrome. Clin Rheumatol. 1994;8:333-62.";
        let (entries, open) = numbered_entries(one_line);
        assert_eq!((entries.len(), open), (2, false));
    }

    /// The texts of a plain-text document's reference list.
    fn entries(t: &str) -> Vec<String> {
        plain_text(t)
            .references
            .into_iter()
            .map(|r| match r {
                RawReference::Text { text, .. } => text,
                RawReference::Structured(s) => s.raw.unwrap_or_default(),
            })
            .collect()
    }

    /// A long paragraph, as scraped pages put the whole article on one line.
    const PROSE: &str = "A 53-year-old woman presented with chronic watery diarrhoea of ten years. Colonoscopy and biopsy showed lymphocytic colitis, and she improved on treatment. ";

    #[test]
    fn unnumbered_list_on_one_line_is_split_at_link_text() {
        let t = format!(
            "Title of the report here\n\n{} References Baert F, Wouters K: Lymphocytic colitis: a distinct clinical entity? Gut. 1999, 45: 375-381. 10.1136/gut.45.3.375. View Article PubMed PubMed Central Google Scholar Intensive-care patients with severe novel influenza A (H1N1) virus infection-Michigan, June 2009. MMWR Morb Mortal Wkly Rep. 2009, 58: 749-752. Google Scholar Schmeck-Lindenam HJ, Kurtz W: Lymphocytic colitis during ticlopidine therapy. Dtsch Med Wochenser. 1998, 123: 479- Google Scholar Copyright © Ekrikpo et al; licensee BioMed Central Ltd. 2010 This article is published under license.",
            PROSE.repeat(16)
        );
        let e = entries(&t);
        assert_eq!(e.len(), 3, "{e:#?}");
        assert!(e[0].starts_with("Baert F") && e[0].ends_with("gut.45.3.375."), "{e:#?}");
        assert!(e[1].starts_with("Intensive-care") && e[2].ends_with("479-"), "{e:#?}");
    }

    #[test]
    fn unnumbered_list_on_one_line_is_split_where_authors_open() {
        let t = format!(
            "Title of the report here\n\n{} References Fluhr JW, Darlenski R, et al. (2010) Functional skin adaptation in infancy. Exp Dermatol 19: 483-492. Nikolovski J, Stamatas G (2007) Infant skin barrier maturation. J Am Acad Dermatol 56: AB153. Ministry of Health: New influenza A(H1N1). Accessed 24 February 2010, http://www.example.it/page.jsp Kaufman MA, Duke GJ, McGain F: Life-threatening respiratory failure. Med J Aust. 2009, 191: 154-156. Figures at a glance Figure 1 Select your language of interest to view the total content in your interested language Post your comment Share This Article Relevant Topics",
            PROSE.repeat(16)
        );
        let e = entries(&t);
        assert_eq!(e.len(), 4, "{e:#?}");
        assert!(e[2].starts_with("Ministry of Health") && e[3].starts_with("Kaufman MA"), "{e:#?}");
        assert!(e[3].ends_with("154-156."), "the page after the last entry is cut: {e:#?}");
    }

    #[test]
    fn wrapped_lines_of_an_unnumbered_list_are_joined() {
        let t = format!(
            "Title of the report here\n\n{}\n\nReferences\nSmith AB, Jones C (2010) Calcinosis cutis in a child with\nlupus. J Med 5: 1-2.\nIntensive-care patients with severe influenza, June 2009. MMWR. 2009, 58: 749-752.\nDoe J. A second title that runs over two\nlines of the page. Lancet. 2011;377:10-12.\n",
            PROSE.repeat(4)
        );
        let e = entries(&t);
        assert_eq!(e.len(), 3, "{e:#?}");
        assert!(e[0].ends_with("lupus. J Med 5: 1-2.") && e[2].ends_with("10-12."), "{e:#?}");
    }

    #[test]
    fn the_list_under_its_own_heading_wins_over_menus() {
        // A table of contents and a download menu also say "References"; a
        // title word ("Case Report:") inside an entry does not end the list.
        let t = format!(
            "Title of the report here\n\nAbstract Introduction Discussion References Case report Open Access Volvulus: a case report Journal 2009 2 :6879 {} References Cozart JC, Clouse RE: Case Report: Gastric volvulus as a cause of dysphagia. Dig Dis Sci. 1997, 43: 1057-1060. PubMed Google Scholar Murray AG: Volvulus of transverse colon complicating labor. Brit Med J. 1950, 2: 659-660. Google Scholar Cite this article: Bacci MR, Boide Santos JA (2013) Myxedematous coma. JSM Clin Case Rep 1(1): 1008. Download Citations Download References Download Both",
            PROSE.repeat(16)
        );
        let e = entries(&t);
        assert_eq!(e.len(), 2, "{e:#?}");
        assert!(e[0].starts_with("Cozart JC, Clouse RE: Case Report: Gastric"), "{e:#?}");
    }

    #[test]
    fn a_numbered_list_under_an_unknown_heading_inside_a_paragraph_is_found() {
        let t = format!(
            "Title of the report here\n\n{} Acknowledgments We thank the fellows. Reference List  1.  Pappagallo M. Incidence of opioid bowel dysfunction.  Am J Surg.  2001; 182 :11S–8S. [PubMed]  2.  Mehendale SR, Yuan CS. Opioid-induced gastrointestinal dysfunction.  Dig Dis.  2006; 24 :105–12. [PubMed]  3.  Kurz A. Opioid-induced bowel dysfunction.  Drugs.  2003; 63 :649–71. Formats: Article | PubReader | ePub (beta) | PDF (1.8M) | Citation Share Facebook Twitter Support Center",
            PROSE.repeat(16)
        );
        let l = plain_text(&t);
        let e = entries(&t);
        assert_eq!(e.len(), 3, "{e:#?}");
        assert!(e[2].ends_with("649–71."), "{e:#?}");
        // The list is a references section, not prose for the extractors.
        let at = t.find("Pappagallo").unwrap();
        assert!(l.sections.iter().any(|s| s.kind == SectionKind::References && s.range.contains(&at)));
    }

    #[test]
    fn a_page_menu_run_into_the_section_it_opens_is_not_a_reference_list() {
        // A scraped page on one line repeats its menu before each section;
        // the menu's last word is "References", and the section's own
        // heading follows it after white space alone.
        let menu = "Go to Top Abstract Introduction Case Presentation Discussion References";
        let t = format!(
            "Title of the report here\n\n{menu}  Introduction  {intro} {menu}  Case Presentation  {case} {menu}  Discussion  {discussion} {menu}  References  Baert F, Wouters K: Lymphocytic colitis: a distinct clinical entity? Gut. 1999, 45: 375-381. Schmeck-Lindenam HJ, Kurtz W: Lymphocytic colitis during ticlopidine therapy. Dtsch Med Wochenschr. 1998, 123: 479-482.",
            intro = "Colitis of this kind is common in older women and rarely needs surgery. ".repeat(8),
            case = PROSE.repeat(8),
            discussion = "Budesonide is the treatment most often reported for this condition. ".repeat(8),
        );
        let l = plain_text(&t);
        let kind_at = |needle: &str| {
            let at = t.find(needle).unwrap();
            l.sections.iter().find(|s| s.range.contains(&at)).map(|s| s.kind)
        };
        assert_eq!(kind_at("A 53-year-old woman"), Some(SectionKind::Case), "{:#?}", l.sections);
        assert_eq!(kind_at("Colitis of this kind"), Some(SectionKind::Introduction), "{:#?}", l.sections);
        assert_eq!(kind_at("Budesonide is"), Some(SectionKind::Discussion), "{:#?}", l.sections);
        assert_eq!(l.references.len(), 2, "{:#?}", l.references);
    }

    #[test]
    fn headingless_report_is_laid_out_by_cues() {
        let t = "Disease X is a rare disorder of the skin and the tissue under it. We report a case of it in a girl, which is described rarely in the literature.\n\n\
                 Disease X is the deposition of something in the skin and the tissue under it. Few cases have been described in early childhood so far.\n\n\
                 A 7-year-old girl was referred for nodules on the right elbow. She was otherwise well and had no history of trauma at all.\n\n\
                 Fig. 1.\n\nNodules on the elbow.\n\n\
                 Disease X can be classified into types [3]. Treatment options vary [4] and none of them is proven in children.\n\n\
                 In conclusion, our patient did well and had no new lesions at the one-year follow-up visit to the clinic.\n\n\
                 1.\nSmith AB, Jones C: A title. J Derm 2015;32:1-5.\n2.\nDoe J: Other. Derm 2013;2:7.\n";
        let l = plain_text(t);
        let kinds: Vec<_> = l.sections.iter().map(|s| s.kind).collect();
        use SectionKind::*;
        assert_eq!(kinds, vec![Abstract, Introduction, Case, Caption, Discussion, Conclusion, References]);
        assert_eq!(l.references.len(), 2);
    }
}
