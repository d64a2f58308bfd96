//! Disease, subtype and variant, from the profiles in `schema/profiles/`.
//!
//! A report is about a profile's disease when a disease term occurs in a
//! sentence about the patient. A subtype is assigned when such a sentence
//! diagnoses it: "idiopathic calcinosis cutis", "dystrophic calcification",
//! "calciphylaxis", "calcinosis cutis of the idiopathic type". Sentences
//! that enumerate subtypes ("4 types: idiopathic, dystrophic, metastatic and
//! iatrogenic") are background and never count, nor do captions (histology
//! captions name patterns, not diagnoses), negations ("not dystrophic",
//! "excluded metastatic calcification") and literature sentences.

use std::collections::BTreeSet;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};

use super::{Ctx, EvidenceLog, Needs};
use crate::doc::SectionKind;
use crate::error::{Error, Result};
use crate::record::CaseReport;
use crate::vocab::{self, Profile};

/// One compiled profile.
#[derive(Debug)]
struct Compiled {
    profile: Profile,
    /// Disease terms.
    disease: AhoCorasick,
    /// Qualifier words of subtypes: pattern → subtype index.
    qualifiers: (AhoCorasick, Vec<usize>),
    /// Stand-alone subtype terms: pattern → subtype index.
    subtype_terms: (AhoCorasick, Vec<usize>),
    /// Variant terms: pattern → variant index.
    variant_terms: (AhoCorasick, Vec<usize>),
    /// Every term above, looked for at once: a sentence in which none occurs
    /// (most sentences) is passed over after one scan instead of four. As
    /// [`Needs`] rather than an automaton: the automaton, which ignores
    /// ASCII case, cost about 12 instructions a byte of every sentence (7%
    /// of extracting a synthetic full text), as one walked byte by byte does.
    any: Needs,
}

/// The compiled disease profiles.
#[derive(Debug)]
pub struct SubtypeExtractor {
    profiles: Vec<Compiled>,
}

fn automaton(patterns: &[String]) -> Result<AhoCorasick> {
    AhoCorasickBuilder::new()
        .ascii_case_insensitive(true)
        .match_kind(MatchKind::LeftmostLongest)
        .build(patterns)
        .map_err(|e| Error::vocabulary(format!("profile terms: {e}")))
}

fn indexed<'a>(classes: impl Iterator<Item = (usize, &'a Vec<String>)>) -> Result<(AhoCorasick, Vec<usize>)> {
    let mut pats = Vec::new();
    let mut idx = Vec::new();
    for (i, words) in classes {
        for w in words {
            pats.push(w.clone());
            idx.push(i);
        }
    }
    Ok((automaton(&pats)?, idx))
}

fn whole_word(text: &str, start: usize, end: usize) -> bool {
    let b = text.as_bytes();
    (start == 0 || !b[start - 1].is_ascii_alphanumeric()) && (end == b.len() || !b[end].is_ascii_alphanumeric())
}

impl SubtypeExtractor {
    /// Compile every profile.
    pub fn new() -> Result<SubtypeExtractor> {
        let mut profiles = Vec::new();
        for p in vocab::profiles()? {
            let all: Vec<&str> = p
                .terms
                .iter()
                .chain(p.subtypes.iter().flat_map(|c| c.qualifiers.iter().chain(&c.terms)))
                .chain(p.variants.iter().flat_map(|c| &c.terms))
                .map(String::as_str)
                .collect();
            profiles.push(Compiled {
                any: Needs::new(&all),
                disease: automaton(&p.terms)?,
                qualifiers: indexed(p.subtypes.iter().enumerate().map(|(i, c)| (i, &c.qualifiers)))?,
                subtype_terms: indexed(p.subtypes.iter().enumerate().map(|(i, c)| (i, &c.terms)))?,
                variant_terms: indexed(p.variants.iter().enumerate().map(|(i, c)| (i, &c.terms)))?,
                profile: p,
            });
        }
        Ok(SubtypeExtractor { profiles })
    }

    /// Every (profile, subtype) name pair, for the query parser.
    pub fn subtype_names(&self) -> impl Iterator<Item = &str> {
        self.profiles.iter().flat_map(|c| c.profile.subtypes.iter().map(|s| s.name.as_str()))
    }

    /// Every variant name, for the query parser.
    pub fn variant_names(&self) -> impl Iterator<Item = &str> {
        self.profiles.iter().flat_map(|c| c.profile.variants.iter().map(|s| s.name.as_str()))
    }

    /// Every disease name.
    pub fn disease_names(&self) -> impl Iterator<Item = &str> {
        self.profiles.iter().map(|c| c.profile.name.as_str())
    }

    /// What one sentence says about one profile.
    fn hits(&self, c: &Compiled, t: &str) -> Hits {
        let words = |ac: &AhoCorasick, map: &[usize]| -> Vec<(usize, usize, usize)> {
            ac.find_iter(t)
                .filter(|m| whole_word(t, m.start(), m.end()))
                .map(|m| (map[m.pattern().as_usize()], m.start(), m.end()))
                .collect()
        };
        let disease: Vec<(usize, usize)> = c
            .disease
            .find_iter(t)
            .filter(|m| whole_word(t, m.start(), m.end()))
            .map(|m| (m.start(), m.end()))
            .collect();
        let terms = words(&c.subtype_terms.0, &c.subtype_terms.1);
        let qualifiers = words(&c.qualifiers.0, &c.qualifiers.1);
        let variants = || -> Vec<(usize, usize, usize)> {
            words(&c.variant_terms.0, &c.variant_terms.1).into_iter().filter(|&(_, a, _)| !negated(&t[..a])).collect()
        };
        // Most sentences name no subtype: then the enumeration and aside
        // checks below, which only filter subtype words, have nothing to do.
        if terms.is_empty() && qualifiers.is_empty() {
            return Hits { disease, subtypes: Vec::new(), named: BTreeSet::new(), variants: variants() };
        }
        // "…belongs to the metastatic category, the other categories being …":
        // what follows "the other" does not make the sentence an enumeration.
        // Asides in parentheses ("(dystrophic, metastatic, …)") do not either.
        let others = re!(r"(?i)\bthe other (?:\w+ )?(?:categories|types|forms|subtypes|groups|variants)\b")
            .find(t)
            .map_or(t.len(), |m| m.start());
        let asides: Vec<(usize, usize)> = re!(r"\([^()]*\)").find_iter(t).map(|m| (m.start(), m.end())).collect();
        let counts = |pos: usize| pos < others && !asides.iter().any(|&(a, b)| a <= pos && pos < b);
        let mut named: BTreeSet<usize> = terms.iter().filter(|h| counts(h.1)).map(|h| h.0).collect();
        named.extend(qualifiers.iter().filter(|h| counts(h.1)).map(|h| h.0));
        let mut subtypes: Vec<(usize, usize, usize)> = terms.into_iter().filter(|h| counts(h.1)).collect();
        for &(i, qs, qe) in qualifiers.iter().filter(|h| counts(h.1)) {
            // "idiopathic calcinosis cutis", "a form of dystrophic calcification".
            let qualifies_next = disease.iter().any(|&(ds, _)| {
                ds >= qe
                    && t[qe..ds].split_whitespace().count() <= c.profile.window
                    && !t[qe..ds].contains([',', ';', '.'])
            });
            // "calcinosis cutis of the idiopathic type", "the metastatic category".
            let typed =
                re!(r"(?i)^\s*(?:type|variant|form|subtype|category|group|class|origin|nature|etiology|aetiology)\b")
                    .is_match(&t[qe..]);
            // "the deposits of systemic sclerosis are dystrophic".
            let predicate = re!(r"(?i)\b(?:calcinosis|calcifications?|deposits?|lesions?|nodules?)\b(?:\s+[\w-]+){0,4}\s+(?:is|are|was|were)\s+(?:\w+\s+)?$")
                .is_match(&t[..qs]);
            if (qualifies_next || typed || predicate) && !negated(&t[..qs]) {
                subtypes.push((i, qs, qe));
            }
        }
        Hits { disease, subtypes, named, variants: variants() }
    }

    /// Fill `diseases`, `subtypes` and `variants`.
    pub(crate) fn extract(&self, ctx: &Ctx, r: &mut CaseReport, log: &mut EvidenceLog) {
        let diagnostic = re!(
            r"(?i)\b(?:diagnos(?:is|ed|tic)|consistent with|compatible with|confirm(?:ed|ing)|instance of|case of|suggestive of)\b"
        );
        for c in &self.profiles {
            let mut about = None;
            let mut subtypes = BTreeSet::new();
            let mut variants = BTreeSet::new();
            // Subtypes the discussion attributes, when no sentence about the patient names one.
            let mut discussed: Vec<(usize, std::ops::Range<usize>)> = Vec::new();
            let mut discussed_kinds = BTreeSet::new();
            // Disease terms anywhere: a report whose title and case say "deposits"
            // but whose discussion is about calcinosis is about calcinosis.
            let mut mentions = 0usize;
            for s in &ctx.sentences {
                if s.kind == SectionKind::Caption {
                    continue;
                }
                let t = ctx.text(s);
                if !c.any.may_match_in(&ctx.lowered(s)) {
                    continue;
                }
                let h = self.hits(c, t);
                if h.disease.is_empty() && h.subtypes.is_empty() && h.variants.is_empty() {
                    continue;
                }
                mentions += h.disease.len() + h.subtypes.len() + h.variants.len();
                // Enumerations of types ("dystrophic, metastatic, idiopathic and
                // iatrogenic") are background, wherever they are.
                let enumeration = h.named.len() >= 2;
                let at = |a: usize, b: usize| s.range.start + a..s.range.start + b;
                // Text of unknown role (no headings) also holds background; there
                // a subtype needs the sentence to speak of the patient or a diagnosis.
                let about_patient =
                    ctx.about_patient(s) && (s.kind != SectionKind::Other || ctx.anchored(s) || diagnostic.is_match(t));
                if !about_patient {
                    let discussion = matches!(
                        s.kind,
                        SectionKind::Introduction
                            | SectionKind::Discussion
                            | SectionKind::Conclusion
                            | SectionKind::Other
                    );
                    if discussion && !ctx.cites(s) && !enumeration {
                        for &(i, a, b) in &h.subtypes {
                            discussed.push((i, at(a, b)));
                            discussed_kinds.insert(i);
                        }
                    }
                    if about.is_none() && mentions >= 3 {
                        about = h.disease.first().map(|&(a, b)| at(a, b));
                    }
                    continue;
                }
                if about.is_none() {
                    let (a, b) = h
                        .disease
                        .first()
                        .copied()
                        .or(h.subtypes.first().map(|x| (x.1, x.2)))
                        .or(h.variants.first().map(|x| (x.1, x.2)))
                        .unwrap_or((0, 0));
                    about = Some(at(a, b));
                }
                if !enumeration {
                    for &(i, a, b) in &h.subtypes {
                        let name = &c.profile.subtypes[i].name;
                        if subtypes.insert(name.clone()) {
                            log.push("subtypes", name.clone(), at(a, b), "diagnosed-subtype");
                        }
                    }
                }
                let distinct_v: BTreeSet<usize> = h.variants.iter().map(|x| x.0).collect();
                if distinct_v.len() < 2 {
                    for &(i, a, b) in &h.variants {
                        let name = &c.profile.variants[i].name;
                        if variants.insert(name.clone()) {
                            log.push("variants", name.clone(), at(a, b), "diagnosed-variant");
                        }
                    }
                }
            }
            let Some(about) = about else { continue };
            log.push("diseases", c.profile.name.clone(), about, "disease-term");
            if subtypes.is_empty() && discussed_kinds.len() == 1 {
                // A case report's discussion is about its own kind of disease: one
                // subtype, and only one, attributed there is the report's.
                let (i, range) = discussed.swap_remove(0);
                let name = c.profile.subtypes[i].name.clone();
                log.push("subtypes", name.clone(), range, "single-subtype-discussed");
                subtypes.insert(name);
            }
            if subtypes.is_empty() {
                for v in &variants {
                    let implied = c.profile.variants.iter().find(|x| &x.name == v).and_then(|x| x.implies.clone());
                    subtypes.extend(implied);
                }
            }
            r.diseases.push(c.profile.name.clone());
            r.subtypes.extend(subtypes);
            r.variants.extend(variants);
        }
    }
}

/// What a sentence names of one profile.
struct Hits {
    /// Disease terms.
    disease: Vec<(usize, usize)>,
    /// Subtypes it diagnoses: (subtype, start, end).
    subtypes: Vec<(usize, usize, usize)>,
    /// Every subtype it names at all (to tell enumerations).
    named: BTreeSet<usize>,
    /// Variants it names, not negated.
    variants: Vec<(usize, usize, usize)>,
}

/// "not", "no evidence of", "excluded", "rather than" just before a subtype word.
fn negated(before: &str) -> bool {
    re!(r"(?i)\b(?:no|not|without|non|excluded?|excluding|rule[sd]? out|ruling out|rather than|than|versus|vs\.?|differential diagnos[ie]s (?:of|includes?)|instead of|neither|nor)\b[^.;]{0,25}$").is_match(before)
}
