//! Treatments and what happened to each.
//!
//! Treatment names come from `schema/dict/treatments.tsv` (drug names from
//! FDA UNII, curated procedures and classes) and from INN stems
//! (`schema/dict/inn-stems.tsv`) for drug names the list lacks. Each
//! mention gets a status from its sentence:
//!
//! - **negated**: "no antibiotics were given", "diltiazem was not started",
//!   "without surgery", "X was contraindicated";
//! - **declined**: "she declined excision", "the parents refused surgery";
//! - **offered**: "excision has been offered to the patient";
//! - **planned**: "surgery is planned", "she is scheduled for excision";
//! - **given**: in the case narrative ("she was started on diltiazem",
//!   "underwent excision", "received prednisolone"), or in an abstract,
//!   title or conclusion sentence that says it was done;
//! - **discussed**: everything else: background and discussion, the
//!   literature ("has been reported", "[3]"), options and hypotheticals
//!   ("may be helpful", "could be considered", "is an option").
//!
//! A name in a laboratory sentence ("vitamin D levels", "serum calcium") or
//! named as a cause ("warfarin-induced") is not a treatment mention. A
//! treatment mentioned several times takes the first status in the order
//! given > declined > offered > planned > negated > discussed.
//!
//! Known misses: status carried across sentences ("Surgery was proposed.
//! She refused."); treatments of relatives.

use std::collections::BTreeMap;
use std::ops::Range;

use super::{Ctx, EvidenceLog};
use crate::doc::SectionKind;
use crate::error::Result;
use crate::record::{CaseReport, Treatment, TreatmentStatus};
use crate::vocab::{self, Dict, Stem, TreatmentEntry};

/// The compiled treatment vocabulary.
#[derive(Debug)]
pub struct TreatmentExtractor {
    dict: Dict<TreatmentEntry>,
    stems: Vec<Stem>,
}

/// One treatment mention and its status.
#[derive(Debug, Clone, PartialEq)]
pub struct Mention {
    /// Canonical name.
    pub name: String,
    /// Kind (drug, procedure…).
    pub kind: String,
    /// Status decided from the sentence.
    pub status: TreatmentStatus,
    /// Byte range of the name.
    pub range: Range<usize>,
    /// The cue that decided the status.
    pub rule: &'static str,
}

impl TreatmentExtractor {
    /// Compile the treatment vocabulary and stems.
    pub fn new() -> Result<TreatmentExtractor> {
        // Only stems made of lower-case ASCII letters can end a word that
        // `stem_words` looks at (`[A-Za-z][a-z]{4,}`, lowercased); keeping
        // only those changes no result and lets sentences skip the scan
        // when none can match.
        let stems = vocab::stems()?.into_iter().filter(|s| s.stem.bytes().all(|b| b.is_ascii_lowercase())).collect();
        Ok(TreatmentExtractor { dict: vocab::treatments()?, stems })
    }

    /// Look up a treatment by term (query parser): its canonical entry.
    pub fn lookup(&self, term: &str) -> Option<&TreatmentEntry> {
        let t = term.trim();
        self.dict.exact(t).or_else(|| self.dict.entries().iter().find(|e| e.canonical.eq_ignore_ascii_case(t)))
    }

    /// The vocabulary.
    pub fn dict(&self) -> &Dict<TreatmentEntry> {
        &self.dict
    }

    /// Every treatment mention in the document, with its status.
    pub fn mentions(&self, ctx: &Ctx) -> Vec<Mention> {
        let mut out = Vec::new();
        for s in &ctx.sentences {
            if matches!(s.kind, SectionKind::Caption | SectionKind::Methods) {
                continue;
            }
            let t = ctx.text(s);
            let mut found: Vec<(Range<usize>, String, String)> =
                self.dict.find_iter(t).map(|h| (h.range, h.entry.canonical.clone(), h.entry.kind.clone())).collect();
            for (range, name) in self.stem_words(t) {
                if !found.iter().any(|(r, _, _)| r.start < range.end && range.start < r.end) {
                    found.push((range, name, "drug".into()));
                }
            }
            if found.is_empty() {
                continue;
            }
            if lab_sentence(t) {
                continue;
            }
            for (range, name, kind) in found {
                if not_a_treatment(&t[..range.start], &t[range.end..]) {
                    continue;
                }
                let (status, rule) = status(s, t, range.clone());
                out.push(Mention {
                    name,
                    kind,
                    status,
                    range: s.range.start + range.start..s.range.start + range.end,
                    rule,
                });
            }
        }
        out
    }

    /// Words that end in an INN stem and are long enough ("vedolizumab").
    fn stem_words(&self, t: &str) -> Vec<(Range<usize>, String)> {
        let mut out = Vec::new();
        if self.stems.is_empty() {
            return out;
        }
        for m in re!(r"\b[A-Za-z][a-z]{4,}\b").find_iter(t) {
            // Only the first letter can be upper-case: compare lowercased
            // bytes, and allocate only for a word that ends in a stem.
            let w = m.as_str().as_bytes();
            let ends = |stem: &[u8]| {
                w.len() >= stem.len()
                    && w[w.len() - stem.len()..].iter().zip(stem).all(|(a, b)| a.to_ascii_lowercase() == *b)
            };
            if self.stems.iter().any(|s| w.len() >= s.min_len && ends(s.stem.as_bytes())) {
                out.push((m.range(), m.as_str().to_lowercase()));
            }
        }
        out
    }

    /// Fill `treatments`.
    pub(crate) fn extract(&self, ctx: &Ctx, r: &mut CaseReport, log: &mut EvidenceLog) {
        let mut best: BTreeMap<String, (TreatmentStatus, String)> = BTreeMap::new();
        for m in self.mentions(ctx) {
            log.push("treatments", format!("{} ({})", m.name, m.status.as_str()), m.range.clone(), m.rule);
            let e = best.entry(m.name.clone()).or_insert((m.status, m.kind.clone()));
            if m.status < e.0 {
                e.0 = m.status;
            }
        }
        let mut list: Vec<Treatment> =
            best.into_iter().map(|(name, (status, kind))| Treatment { name, kind, status }).collect();
        list.sort_by(|a, b| a.status.cmp(&b.status).then(a.name.cmp(&b.name)));
        r.treatments = list;
    }
}

/// A sentence that reports laboratory values and no treatment act.
pub(crate) fn lab_sentence(t: &str) -> bool {
    re!(r"(?i)\b(?:levels?|serum|plasma|laborator\w*|work-?up|within normal|normal limits|normal range|assay|ng/ml|mg/dl|mmol/l|µmol/l|umol/l|iu/l|titer|titre|concentrations?)\b").is_match(t)
        && !re!(r"(?i)\b(?:treat\w*|therap\w*|administ\w*|prescri\w*|started|initiated|commenced|received|given|dose[sd]?|dosage|mg/kg|mg/day|mg daily|daily|twice|infusions?|injections?|tablets?|regimen|underwent|supplement\w*|replacement)\b").is_match(t)
}

/// The name is a level, a cause or an exposure, not a treatment.
fn not_a_treatment(before: &str, after: &str) -> bool {
    re!(r"(?i)^(?:[\s-]*(?:levels?|concentrations?|deficiency|insufficiency|toxicity|intoxication|poisoning|overdose|metabolism|status|measurements?|assay|values?|excretion|clearance|receptors?|antibod(?:y|ies)|-?induced|-?associated|-?related|exposure|allergy|hypersensitivity|resistance|resistant|sensitivity|abuse|use disorder|dependence|withdrawal|deposits?|deposition|crystals?|stones?|salts?|homeostasis|channels?|binding|producing|secreting|-?containing|-?rich))\b").is_match(after)
        || re!(r"(?i)\b(?:serum|plasma|blood|urinary|urine|ionized|ionised|corrected|elevated|raised|decreased|increased|high|low|normal|abnormal|induced by|caused by|due to|secondary to|exposure to|allergic to|allergy to|intolerant of|intolerance to|history of \w+ abuse)\s*$").is_match(before)
}

fn status(s: &crate::text::Sentence, t: &str, name: Range<usize>) -> (TreatmentStatus, &'static str) {
    use TreatmentStatus::*;
    let before = &t[..name.start];
    let after = &t[name.end..];
    // Negation bound to the name: "no X", "without X", "X was not given".
    let neg_before = re!(
        r"(?i)\b(?:no|not|without|never|neither|nor|avoid(?:ed|ing)?|refrained from|instead of|rather than|withheld|no need for|not (?:be )?(?:treated|given|started|offered|indicated) (?:with|on)?|did not (?:receive|undergo|require|need|get|take)|(?:was|were) not (?:treated with|given|started on|offered))\s+(?:(?:any|further|additional|systemic|surgical|medical|specific|oral|intravenous|topical|the|a|an)\s+){0,2}$"
    );
    let neg_after = re!(
        r"(?i)^[\s,]*(?:was|were|is|are|has been|had been)\s+(?:not|never)\b|^[\s,]*(?:was|were|is|are)\s+(?:withheld|contraindicated|not indicated|deferred|avoided|unavailable|not available|not possible)|^\s*(?:therapy|treatment)?\s*(?:was|were)\s+(?:withheld|contraindicated|deferred)"
    );
    if neg_before.is_match(before) || neg_after.is_match(after) {
        return (Negated, "negation");
    }
    if re!(r"(?i)\b(?:declined|refused|did not (?:consent|agree|accept|wish|want)|unwilling|opted (?:against|not)|chose not|reluctant|denied consent)\b").is_match(t) {
        return (Declined, "declined");
    }
    if re!(r"(?i)\b(?:offered|proposed to (?:the|our|her|him)|suggested to (?:the|our|her|him)|recommended to (?:the|our|her|him)|(?:was|were) advised|counsel+ed (?:about|on|regarding))\b").is_match(t) {
        return (Offered, "offered");
    }
    let planned = re!(
        r"(?i)\b(?:is|are|was|were) (?:planned|scheduled)|\bplanned\b|\bscheduled for\b|\bwill (?:be|undergo|receive|start)\b|\b(?:is|are) to (?:be|undergo)\b|\bawait(?:s|ing)\b|\bplans? (?:to|for)\b|\blisted for\b|\breferred for\b|\bpending\b"
    );
    let hypothetical = re!(
        r"(?i)\b(?:may|might|could|can|should|would|shall)\b|\b(?:is|are) (?:recommended|suggested|advised|indicated|considered|the (?:treatment|therapy|drug) of choice|first[- ]line|an option|options|effective|useful|beneficial|helpful|the mainstay|reported|used|preferred|known)\b|\boptions?\b|\balternatives?\b|\b(?:have|has) been (?:used|reported|described|tried|shown|proposed|suggested|employed|advocated|found|recommended)|\b(?:in|for) (?:some|many|most|selected) (?:patients|cases|individuals)\b|\bstud(?:y|ies)\b|\bliterature\b|\breported\b|\bconsider(?:ed|ing|ation)?\b|\bif\b|\bunless\b|\bpotential(?:ly)?\b|\bpossible\b|\btrials?\b|\bpatients with\b"
    );
    let given_cue = re!(
        r"(?i)\b(?:was|were|been|had|has)\s+(?:\w+\s+){0,2}?(?:treated|started|given|administered|prescribed|commenced|initiated|performed|done|carried out|instituted|applied|injected|infused|continued|switched|added|tapered|excised|removed|resected|placed|inserted|transfused|managed|put|maintained|dialy[sz]ed|operated|irradiated|discontinued|stopped|withdrawn|changed|increased|reduced|escalated|restarted|received|undergone|successful|effective|used|begun|introduced|implanted|amputated|drained|debrided|grafted|excised)\b|\b(?:received|receiving|underwent|undergoing|responded|response to|improved|resolved|treated with|treatment with|therapy with|management with|on (?:oral|intravenous|iv|topical|daily)|we (?:performed|started|administered|gave|prescribed|initiated|excised|removed|used|applied|treated|decided)|(?:she|he|they) (?:took|was taking|had taken|received|underwent|started|continued|was on|had been on)|following|after|then)\b"
    );
    if planned.is_match(t) && !given_cue.is_match(before) {
        return (Planned, "planned");
    }
    let hypo = hypothetical.is_match(t);
    let strong_given = re!(r"(?i)\b(?:was|were) (?:\w+\s+)?(?:treated|started|given|administered|prescribed|performed|excised|removed|resected)\b|\b(?:received|underwent)\b").is_match(t);
    match s.kind {
        SectionKind::Case | SectionKind::Other => {
            if s.cites && !s.anchored {
                (Discussed, "literature")
            } else if hypo && !(strong_given && s.anchored) {
                (Discussed, "hypothetical")
            } else {
                (Given, "case-narrative")
            }
        }
        SectionKind::Title => {
            if re!(r"(?i)\b(?:treated|treatment|therapy|managed|management|response|responding|successful|resolution|improvement|after|following|with)\b").is_match(t) && !hypo {
                (Given, "title")
            } else {
                (Discussed, "title-mention")
            }
        }
        SectionKind::Abstract | SectionKind::Conclusion => {
            if given_cue.is_match(t) && (strong_given || !hypo) && !s.cites {
                (Given, "summary-says-done")
            } else {
                (Discussed, "summary-mention")
            }
        }
        _ => {
            if s.anchored && !s.cites && given_cue.is_match(t) && (strong_given || !hypo) {
                (Given, "anchored-sentence")
            } else {
                (Discussed, if s.cites { "literature" } else { "background" })
            }
        }
    }
}
