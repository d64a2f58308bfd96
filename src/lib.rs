//! casedex: published medical case reports in, a structured, searchable index out.
//!
//! The pipeline has one record type, [`CaseReport`], and four stages:
//!
//! 1. **ingest** ([`ingest`]): a file's bytes become [`SourceDoc`]s (plain
//!    text, PMC JATS XML, PubMed XML, BioC XML), each with its text, sections
//!    and reference list;
//! 2. **extract** ([`extract`]): an [`Extractor`], built once, turns a
//!    `SourceDoc` into a `CaseReport` (patients, subtype, laterality, sites,
//!    treatments with their status, references, claims), keeping evidence
//!    for every value;
//! 3. **index** ([`index`]): `CaseReport`s are written to a tantivy index with
//!    typed fields;
//! 4. **query** ([`query`]): a query string, natural phrasing or field syntax,
//!    is parsed into filters and full text, and answered from the index.
//!
//! ```
//! let text = "A 7-year-old girl was referred for hard nodules on her right elbow. \
//!             She was treated with diltiazem.";
//! let read = casedex::ingest::read_bytes("example.txt", text.as_bytes()).unwrap();
//! let report = casedex::Extractor::global().extract(&read.docs[0]);
//! assert_eq!(report.patients[0].age_years, Some(7.0));
//! assert_eq!(report.sides, vec![casedex::Side::Right]);
//! assert_eq!(report.treatments[0].name, "diltiazem");
//! ```
//!
//! The library never prints; the `casedex` binary does.

#![deny(missing_docs)]
#![warn(clippy::print_stdout, clippy::print_stderr)]

/// A regex ([`pattern::Pattern`]) compiled once, on first use.
///
/// Patterns are constants of this crate; each is exercised by a unit test, so
/// a pattern that fails to compile is caught before release, never by input.
#[macro_export]
#[doc(hidden)]
macro_rules! re {
    ($pattern:expr) => {{
        static RE: ::std::sync::LazyLock<$crate::pattern::Pattern> =
            ::std::sync::LazyLock::new(|| $crate::pattern::Pattern::new($pattern).expect("a valid built-in pattern"));
        &*RE
    }};
}

/// An [`extract::Needs`] built once: `needs!("left", "right").may_match(t)`.
macro_rules! needs {
    ($($word:expr),+ $(,)?) => {{
        static NEEDS: ::std::sync::LazyLock<$crate::extract::Needs> =
            ::std::sync::LazyLock::new(|| $crate::extract::Needs::new(&[$($word),+]));
        &*NEEDS
    }};
}

pub mod corpus;
pub mod doc;
pub mod error;
pub mod eval;
pub mod extract;
pub mod index;
pub mod ingest;
pub mod links;
pub mod novelty;
pub mod pattern;
#[cfg(test)]
mod pieced;
pub mod pipeline;
pub mod query;
pub mod record;
pub mod synth;
pub mod text;
pub mod vocab;

pub use doc::SourceDoc;
pub use error::{Error, ErrorKind, Result};
pub use extract::Extractor;
pub use record::{
    CaseReport, Claim, ClaimKind, Evidence, Format, Laterality, Patient, Reference, Sex, Side, Site, Treatment,
    TreatmentStatus,
};
