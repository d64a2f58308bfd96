//! What a reader produces: one document's text, its sections and its metadata.
//!
//! Readers (in [`crate::ingest`]) turn bytes into [`SourceDoc`]s; extractors (in
//! [`crate::extract`]) turn a `SourceDoc` into a [`crate::CaseReport`]. The
//! document's `text` is the single string every evidence span points into: for a
//! plain-text file it is the decoded file itself, for XML it is the title,
//! abstract, body sections and captions joined by blank lines.

use std::borrow::Cow;
use std::ops::Range;

use crate::record::{Format, Reference};

/// The kind of a section, from its heading or, without headings, from cues.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SectionKind {
    /// The article title.
    Title,
    /// Front matter (authors, journal line, identifiers).
    Front,
    /// The abstract or summary.
    Abstract,
    /// Introduction or background.
    Introduction,
    /// The case presentation (the patient's own story).
    Case,
    /// Methods or results (research articles).
    Methods,
    /// Discussion.
    Discussion,
    /// Conclusion.
    Conclusion,
    /// Figure or table captions.
    Caption,
    /// References.
    References,
    /// Licence, disclosures, acknowledgements, navigation text.
    Boilerplate,
    /// Text whose role could not be told.
    Other,
}

impl SectionKind {
    /// Whether the section narrates the reported patient(s). Text whose role
    /// is unknown counts: collections such as E3C hold only the case section.
    pub fn is_case(self) -> bool {
        matches!(self, SectionKind::Case | SectionKind::Other)
    }

    /// Whether the section speaks about this report's own patient(s): the
    /// title, the abstract, the case and the captions of its figures.
    pub fn is_about_patient(self) -> bool {
        matches!(
            self,
            SectionKind::Title | SectionKind::Abstract | SectionKind::Case | SectionKind::Other | SectionKind::Caption
        )
    }

    /// Whether extractors should look at this section at all.
    pub fn is_prose(self) -> bool {
        !matches!(self, SectionKind::References | SectionKind::Boilerplate | SectionKind::Front)
    }

    /// The lowercase name.
    pub fn as_str(self) -> &'static str {
        match self {
            SectionKind::Title => "title",
            SectionKind::Front => "front",
            SectionKind::Abstract => "abstract",
            SectionKind::Introduction => "introduction",
            SectionKind::Case => "case",
            SectionKind::Methods => "methods",
            SectionKind::Discussion => "discussion",
            SectionKind::Conclusion => "conclusion",
            SectionKind::Caption => "caption",
            SectionKind::References => "references",
            SectionKind::Boilerplate => "boilerplate",
            SectionKind::Other => "other",
        }
    }
}

/// A run of the document's text with one role.
#[derive(Debug, Clone, PartialEq)]
pub struct Section {
    /// Its role.
    pub kind: SectionKind,
    /// Its heading, when it had one.
    pub heading: Option<String>,
    /// Byte range in [`SourceDoc::text`] (the heading excluded).
    pub range: Range<usize>,
}

/// Bibliographic data a reader found.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Meta {
    /// Title.
    pub title: Option<String>,
    /// Authors, "Surname Initials".
    pub authors: Vec<String>,
    /// Journal.
    pub journal: Option<String>,
    /// Year.
    pub year: Option<u32>,
    /// Volume.
    pub volume: Option<String>,
    /// Issue.
    pub issue: Option<String>,
    /// Pages.
    pub pages: Option<String>,
    /// DOI.
    pub doi: Option<String>,
    /// PMID.
    pub pmid: Option<String>,
    /// PMCID ("PMC123").
    pub pmcid: Option<String>,
    /// Article type or publication types.
    pub article_type: Option<String>,
    /// Language declared by the source (ISO 639-1), if any.
    pub language: Option<String>,
    /// MeSH descriptors.
    pub mesh: Vec<String>,
}

/// A reference-list entry as the reader found it.
#[derive(Debug, Clone, PartialEq)]
pub enum RawReference {
    /// A structured reference (JATS `element-citation`, PubMed `Reference`),
    /// already in fields.
    Structured(Reference),
    /// A printed reference string to be parsed.
    Text {
        /// The label ("1").
        label: Option<String>,
        /// The reference string.
        text: String,
    },
}

/// One document read from a file.
#[derive(Debug, Clone, PartialEq)]
pub struct SourceDoc {
    /// The file it came from.
    pub path: String,
    /// The format the reader recognised.
    pub format: Format,
    /// Position in a multi-record file.
    pub record: u32,
    /// Bibliographic data.
    pub meta: Meta,
    /// The whole text that evidence spans point into.
    pub text: String,
    /// The sections, in order, covering the prose of `text`.
    pub sections: Vec<Section>,
    /// The reference list.
    pub references: Vec<RawReference>,
}

impl SourceDoc {
    /// The text of a section.
    pub fn section_text(&self, s: &Section) -> &str {
        &self.text[s.range.clone()]
    }

    /// The text that free-text search reads: the whole text but its
    /// reference list and page furniture (licence, navigation, a website's
    /// footer), which name other papers and the publisher, not this report.
    /// A query for "calcinosis cutis" should not find every report that cites
    /// a paper with those words in its title. The XML readers already leave
    /// both out of the text (JATS keeps the reference list apart); plain text
    /// holds them, as sections. Borrowed when there is nothing to leave out.
    pub fn searchable_text(&self) -> Cow<'_, str> {
        let left_out = |s: &&Section| matches!(s.kind, SectionKind::References | SectionKind::Boilerplate);
        if !self.sections.iter().any(|s| left_out(&s)) {
            return Cow::Borrowed(&self.text);
        }
        let mut out = String::with_capacity(self.text.len());
        let mut at = 0;
        // Sections are sorted and disjoint.
        for s in self.sections.iter().filter(left_out) {
            let kept = self.text[at..s.range.start.max(at)].trim_end();
            if !kept.is_empty() {
                if !out.is_empty() {
                    out.push_str("\n\n");
                }
                out.push_str(kept.trim_start());
            }
            at = at.max(s.range.end);
        }
        let rest = self.text[at..].trim();
        if !rest.is_empty() {
            if !out.is_empty() {
                out.push_str("\n\n");
            }
            out.push_str(rest);
        }
        Cow::Owned(out)
    }

    /// The kind of the section holding byte `pos`.
    pub fn kind_at(&self, pos: usize) -> SectionKind {
        // Sections are sorted and disjoint, so a binary search finds the one.
        let i = self.sections.partition_point(|s| s.range.end <= pos);
        match self.sections.get(i) {
            Some(s) if s.range.start <= pos => s.kind,
            _ => SectionKind::Other,
        }
    }
}

/// Builds a document's text piece by piece, recording each piece as a section.
///
/// The XML readers use it so that the offsets of sections (and hence of
/// evidence) are right by construction.
#[derive(Debug, Default)]
pub(crate) struct TextBuilder {
    text: String,
    sections: Vec<Section>,
}

impl TextBuilder {
    /// Append a section; empty text is ignored.
    pub(crate) fn push(&mut self, kind: SectionKind, heading: Option<String>, body: &str) {
        let body = body.trim();
        if body.is_empty() {
            return;
        }
        if !self.text.is_empty() {
            self.text.push_str("\n\n");
        }
        if let Some(h) = heading.as_deref().filter(|h| !h.is_empty()) {
            self.text.push_str(h);
            self.text.push_str("\n\n");
        }
        let start = self.text.len();
        self.text.push_str(body);
        self.sections.push(Section { kind, heading, range: start..self.text.len() });
    }

    pub(crate) fn finish(self) -> (String, Vec<Section>) {
        (self.text, self.sections)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(text: &str, sections: &[(SectionKind, &str)]) -> SourceDoc {
        let sections = sections
            .iter()
            .map(|&(kind, s)| {
                let start = text.find(s).expect("a section's text is in the text");
                Section { kind, heading: None, range: start..start + s.len() }
            })
            .collect();
        SourceDoc {
            path: "t.txt".into(),
            format: Format::Text,
            record: 0,
            meta: Meta::default(),
            text: text.into(),
            sections,
            references: Vec::new(),
        }
    }

    #[test]
    fn searchable_text_leaves_out_references_and_furniture_only() {
        let text = "Title\n\nA girl had nodules.\n\nReferences\n1. Smith A. Old paper. 2001.\n\nLicensed under CC BY.\n\nAddendum: she is well.\n";
        let d = doc(
            text,
            &[
                (SectionKind::Title, "Title"),
                (SectionKind::Case, "A girl had nodules."),
                (SectionKind::References, "1. Smith A. Old paper. 2001."),
                (SectionKind::Boilerplate, "Licensed under CC BY."),
                (SectionKind::Other, "Addendum: she is well."),
            ],
        );
        // Text outside every section (the "References" heading) is kept, as
        // is all text around what is left out.
        assert_eq!(d.searchable_text(), "Title\n\nA girl had nodules.\n\nReferences\n\nAddendum: she is well.");
        let plain =
            doc("Title\n\nA girl had nodules.", &[(SectionKind::Title, "Title"), (SectionKind::Case, "A girl")]);
        assert!(matches!(plain.searchable_text(), Cow::Borrowed(t) if t == plain.text));
    }
}
