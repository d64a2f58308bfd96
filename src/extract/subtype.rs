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

use super::{Ctx, EvidenceLog};
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
            profiles.push(Compiled {
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

    /// Fill `diseases`, `subtypes` and `variants`.
    pub(crate) fn extract(&self, ctx: &Ctx, r: &mut CaseReport, log: &mut EvidenceLog) {
        for c in &self.profiles {
            let mut about = false;
            let mut subtypes = BTreeSet::new();
            let mut variants = BTreeSet::new();
            for s in &ctx.sentences {
                if s.kind == SectionKind::Caption || !ctx.about_patient(s) {
                    continue;
                }
                let t = ctx.text(s);
                let disease_hits: Vec<(usize, usize)> = c
                    .disease
                    .find_iter(t)
                    .filter(|m| whole_word(t, m.start(), m.end()))
                    .map(|m| (m.start(), m.end()))
                    .collect();
                let subtype_hits: Vec<(usize, usize, usize)> = c
                    .subtype_terms
                    .0
                    .find_iter(t)
                    .filter(|m| whole_word(t, m.start(), m.end()))
                    .map(|m| (c.subtype_terms.1[m.pattern().as_usize()], m.start(), m.end()))
                    .collect();
                let variant_hits: Vec<(usize, usize, usize)> = c
                    .variant_terms
                    .0
                    .find_iter(t)
                    .filter(|m| whole_word(t, m.start(), m.end()))
                    .map(|m| (c.variant_terms.1[m.pattern().as_usize()], m.start(), m.end()))
                    .collect();
                if disease_hits.is_empty() && subtype_hits.is_empty() && variant_hits.is_empty() {
                    continue;
                }
                if !about {
                    let (a, b) = disease_hits
                        .first()
                        .copied()
                        .or(subtype_hits.first().map(|h| (h.1, h.2)))
                        .or(variant_hits.first().map(|h| (h.1, h.2)))
                        .unwrap_or((0, 0));
                    log.push("diseases", c.profile.name.clone(), s.range.start + a..s.range.start + b, "disease-term");
                    about = true;
                }
                // Qualified disease terms: "idiopathic calcinosis cutis".
                let mut found: Vec<(usize, usize, usize)> = subtype_hits.clone();
                for q in c.qualifiers.0.find_iter(t).filter(|m| whole_word(t, m.start(), m.end())) {
                    let after = &t[q.end()..];
                    let before = &t[..q.start()];
                    let qualifies_next = disease_hits.iter().any(|&(ds, _)| {
                        ds >= q.end()
                            && t[q.end()..ds].split_whitespace().count() <= c.profile.window
                            && !t[q.end()..ds].contains([',', ';', '.'])
                    });
                    let typed_after = re!(r"(?i)^\s*(?:type|variant|form|subtype|origin|nature|etiology|aetiology)\b")
                        .is_match(after)
                        && disease_hits
                            .iter()
                            .any(|&(_, de)| de <= q.start() && t[de..q.start()].split_whitespace().count() <= 4);
                    if (qualifies_next || typed_after) && !negated(before) {
                        found.push((c.qualifiers.1[q.pattern().as_usize()], q.start(), q.end()));
                    }
                }
                // Enumerations of types are background.
                let distinct: BTreeSet<usize> = found.iter().map(|h| h.0).collect();
                if distinct.len() < 2 {
                    for (i, a, b) in found {
                        let name = &c.profile.subtypes[i].name;
                        if subtypes.insert(name.clone()) {
                            log.push(
                                "subtypes",
                                name.clone(),
                                s.range.start + a..s.range.start + b,
                                "diagnosed-subtype",
                            );
                        }
                    }
                }
                let distinct_v: BTreeSet<usize> = variant_hits.iter().map(|h| h.0).collect();
                if distinct_v.len() < 2 {
                    for (i, a, b) in variant_hits {
                        if negated(&t[..a]) {
                            continue;
                        }
                        let name = &c.profile.variants[i].name;
                        if variants.insert(name.clone()) {
                            log.push(
                                "variants",
                                name.clone(),
                                s.range.start + a..s.range.start + b,
                                "diagnosed-variant",
                            );
                        }
                    }
                }
            }
            if !about {
                continue;
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

/// "not", "no evidence of", "excluded", "rather than" just before a subtype word.
fn negated(before: &str) -> bool {
    re!(r"(?i)\b(?:no|not|without|non|excluded?|excluding|rule[sd]? out|ruling out|rather than|than|versus|vs\.?|differential diagnos[ie]s (?:of|includes?)|instead of|neither|nor)\b[^.;]{0,25}$").is_match(before)
}
