//! Patients: how many, and each one's age at presentation and sex.
//!
//! The count comes from what the report says ("we report two cases", "Case
//! 2", "the second patient", "twins", "a mother and her son"), defaulting to
//! one for a case report. Each patient is the first age expression attached
//! to a person noun ("a 7-year-old healthy girl") in the case narrative, or,
//! failing that, in the abstract or title; ages of relatives and ages in the
//! history are left aside (see [`super::age`]). With "Case 1 / Case 2"
//! markers, each marker's stretch of text gives one patient. Sex comes from
//! the person noun, else from the pronouns of the case narrative (she/her
//! against he/him/his), else from PubMed's Female/Male check tags.
//!
//! Known misses: a series whose patients are described in one table; a
//! patient introduced only by name or initials.

use std::ops::Range;
use std::sync::LazyLock;

use super::age::{self, AgeMention, AgeRole};
use super::{Ctx, EvidenceLog, Needs};
use crate::doc::SectionKind;
use crate::record::{CaseReport, Patient, Sex};

/// A count written in digits or words ("2", "two", "twenty-one").
pub(crate) fn count_word(w: &str) -> Option<u32> {
    // "a case" is not a count; age::number reads "a" as one for "a year".
    if matches!(w.to_lowercase().as_str(), "a" | "an") {
        return None;
    }
    age::number(w).filter(|n| n.fract() == 0.0 && *n >= 0.0).map(|n| n as u32)
}

/// What the text says about the number of patients, with the span that says it.
fn stated_count(ctx: &Ctx) -> Option<(u32, Range<usize>, &'static str)> {
    let mut best: Option<(u32, Range<usize>, &'static str)> = None;
    let mut consider = |n: u32, r: Range<usize>, rule: &'static str| {
        if (2..=500).contains(&n) && best.as_ref().is_none_or(|b| n > b.0) {
            best = Some((n, r, rule));
        }
    };
    // Headings "Case 1", "Case 2" (plain-text headings are blocks with a heading).
    for s in &ctx.doc.sections {
        if let Some(h) = &s.heading {
            if let Some(c) = re!(r"(?i)^\s*(?:case|patient)\s*(?:#|no\.?)?\s*(\d+|[ivx]+)\b").captures(h) {
                if let Some(n) = roman_or_number(&c[1]) {
                    consider(n, s.range.start..s.range.start, "case-marker");
                }
            }
        }
    }
    let series = series();
    let marker =
        re!(r"(?:^|[.\n]\s*)(?:Case|Patient|CASE|PATIENT)\s*(?:#|[Nn]o\.?)?\s*(\d+|[IVX]+)\s*(?:[:.)\n-]|\s+[A-Z])");
    let group = group();
    let literature = re!(
        r"(?i)\b(?:literature|previously|reported|described|review|published|studies|cohort|trial|prior to|to date|so far|worldwide)\b"
    );
    let ordinal =
        re!(r"(?i)\bthe\s+(second|third|fourth|fifth)\s+(?:patient|case|child|infant|neonate|sibling|twin)\b");
    // Pairs reported together; not "the second of non-identical twins".
    let pair = re!(
        r"(?i)\b(?:(?:we\s+(?:report|present|describe)|in|of)\s+(?:a\s+(?:pair|set)\s+of\s+)?(?:monozygotic\s+|dizygotic\s+|identical\s+)?twins|twin (?:brothers|sisters)|a mother and (?:her|his) (?:son|daughter)|a father and (?:his|her) (?:son|daughter)|two siblings|(?:we\s+(?:report|present|describe)|report\s+(?:of|on))\s+(?:the\s+)?(?:cases?\s+of\s+)?siblings|a brother and (?:a |his )?sister)\b"
    );
    for s in &ctx.sentences {
        if !matches!(
            s.kind,
            SectionKind::Title
                | SectionKind::Abstract
                | SectionKind::Case
                | SectionKind::Other
                | SectionKind::Introduction
        ) {
            continue;
        }
        let t = ctx.text(s);
        let low = ctx.lowered(s);
        // `series` and `group` need a plural person noun.
        let plural = PLURAL_NOUNS.may_match_in(&low);
        if plural {
            // Each alternative of `series` holds one of these words.
            let reporting = needs!("report", "present", "describ", "discuss", "review", "series");
            for c in series.captures_iter(reporting.scope_in(&low)) {
                if let (Some(n), Some(m)) = (count_word(&c[1]), c.get(0)) {
                    consider(n, s.range.start + m.start()..s.range.start + m.end(), "we-report-n");
                }
            }
        }
        let summary_or_case = matches!(s.kind, SectionKind::Title | SectionKind::Abstract) || s.kind.is_case();
        if plural && summary_or_case && !ctx.cites(s) && !literature.is_match(t) {
            for c in group.captures_iter(t) {
                let n = c.get(1).or(c.get(2)).and_then(|g| count_word(g.as_str()));
                if let (Some(n), Some(m)) = (n, c.get(0)) {
                    consider(n, s.range.start + m.start()..s.range.start + m.end(), "n-patients");
                }
            }
        }
        if s.kind.is_case() || s.kind == SectionKind::Abstract {
            // The pattern opens with a class, so the regex engine has no word
            // to look for first: the scan for its words comes first.
            for c in marker.captures_iter(needs!("case", "patient").scope_in(&low)) {
                if let (Some(n), Some(m)) = (roman_or_number(&c[1]), c.get(0)) {
                    consider(n, s.range.start + m.start()..s.range.start + m.end(), "case-marker");
                }
            }
            for c in ordinal.captures_iter(needs!("second", "third", "fourth", "fifth").scope_in(&low)) {
                let n = match c[1].to_lowercase().as_str() {
                    "second" => 2,
                    "third" => 3,
                    "fourth" => 4,
                    _ => 5,
                };
                if !ctx.cites(s) {
                    if let Some(m) = c.get(0) {
                        consider(n, s.range.start + m.start()..s.range.start + m.end(), "ordinal-patient");
                    }
                }
            }
            if let Some(m) = pair.find(needs!("twin", "mother", "father", "sibling", "brother").scope_in(&low)) {
                consider(2, s.range.start + m.start()..s.range.start + m.end(), "pair");
            }
        }
    }
    best
}

/// "We report three patients…", "a series of 12 cases": a count of the
/// patients reported.
fn series() -> &'static crate::pattern::Pattern {
    re!(
        r"(?i)\b(?:we\s+(?:report|present|describe|discuss|review)|(?:a\s+)?(?:case\s+)?series\s+of|report(?:ing)?\s+of|here(?:in)?,?\s+(?:we\s+)?(?:report|present|describe))\s+(?:the\s+)?(?:cases?\s+of\s+)?(\d+|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty)\s+(?:\w+\s+){0,3}?(?:patients|cases|children|infants|neonates|newborns|siblings|brothers|sisters|women|men|adults|girls|boys|individuals|members|family members)\b"
    )
}

/// "Three cases of …" (titles), "Sixteen patients underwent …", "in two
/// patients with …".
fn group() -> &'static crate::pattern::Pattern {
    re!(
        r"(?i)(?:^|\b(?:in|of|for|among|on)\s+)(\d+|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty)\s+(?:[\w-]+\s+){0,2}?(?:patients|cases|children|infants|neonates|siblings|women|men|adults|girls|boys|individuals)\b|\b(\d+|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty)\s+(?:[\w-]+\s+){0,2}?(?:patients|cases|children|infants|neonates|siblings|women|men|adults|girls|boys|individuals)\s+(?:were|underwent|had|who|received|presented|developed|are|was)\b"
    )
}

/// The plural person nouns one of which `series` and `group` need, as a
/// prefilter. Both read the noun after white space, and "men" is looked for
/// so, after each character `\s` matches: "men" alone is in "treatment",
/// "documented" and most sentences.
static PLURAL_NOUNS: LazyLock<Needs> = LazyLock::new(|| {
    let nouns = [
        "patients",
        "cases",
        "children",
        "infants",
        "neonates",
        "newborns",
        "siblings",
        "brothers",
        "sisters",
        "women",
        "adults",
        "girls",
        "boys",
        "individuals",
        "members",
    ];
    let men: Vec<String> = white_space().into_iter().map(|c| format!("{c}men")).collect();
    Needs::new(&nouns.into_iter().chain(men.iter().map(String::as_str)).collect::<Vec<_>>())
});

/// Every character `\s` matches.
fn white_space() -> Vec<char> {
    let hir = regex_syntax::Parser::new().parse(r"\s").expect("a valid class");
    let regex_syntax::hir::HirKind::Class(regex_syntax::hir::Class::Unicode(class)) = hir.into_kind() else {
        unreachable!("`\\s` is a Unicode class")
    };
    class.ranges().iter().flat_map(|r| r.start()..=r.end()).collect()
}

fn roman_or_number(s: &str) -> Option<u32> {
    match s.to_uppercase().as_str() {
        "I" => Some(1),
        "II" => Some(2),
        "III" => Some(3),
        "IV" => Some(4),
        "V" => Some(5),
        "VI" => Some(6),
        other => other.parse().ok(),
    }
}

/// An age mention that may be a patient's, with where it was found.
struct Candidate {
    mention: AgeMention,
    kind: SectionKind,
    /// Its sentence says the patient presented, was admitted, was referred….
    presenting: bool,
}

/// Age mentions of the patient(s): from the case narrative, the abstract and
/// title, and sentences elsewhere that speak of the patient.
fn candidate_ages(ctx: &Ctx) -> Vec<Candidate> {
    let presenting = re!(
        r"(?i)\b(?:presented|presents|presenting|referred|admitted|came|visited|attended|consulted|seen|brought|transferred|hospitali[sz]ed)\b"
    );
    let mut out = Vec::new();
    for s in &ctx.sentences {
        let usable = match s.kind {
            SectionKind::Case | SectionKind::Other | SectionKind::Abstract | SectionKind::Title => {
                !ctx.cites(s) || ctx.anchored(s)
            }
            SectionKind::Introduction | SectionKind::Conclusion | SectionKind::Discussion => {
                !ctx.cites(s) && ctx.anchored(s)
            }
            _ => false,
        };
        if !usable {
            continue;
        }
        let t = ctx.text(s);
        // Captions inlined in scraped pages ("Figure 1 CT scan of a 29 year old man").
        // (The prefix test first: a call of the pattern costs more than the
        // few bytes it reads, on every sentence.)
        if t.starts_with(['F', 'T']) && re!(r"^(?:Figure|Fig\.?|Table)\s*\d").is_match(t) {
            continue;
        }
        for mut m in age::find_in(&ctx.lowered(s)) {
            m.range = s.range.start + m.range.start..s.range.start + m.range.end;
            if m.role == AgeRole::Patient {
                out.push(Candidate { mention: m, kind: s.kind, presenting: presenting.is_match(t) });
            }
        }
    }
    out
}

/// The best patient age among candidates: one attached to a person noun
/// ("a 7-year-old girl"), else a bare age in a presentation sentence
/// ("she presented at the age of 27"), else the first bare age.
fn best<'a>(cands: &[&'a Candidate]) -> Option<&'a Candidate> {
    cands
        .iter()
        .find(|c| c.mention.with_person)
        .or_else(|| cands.iter().find(|c| c.presenting))
        .or_else(|| cands.first())
        .copied()
}

/// Start offsets of "Case 1", "Case 2"… in the case narrative (headings or
/// sentence-initial markers), when there are at least two.
pub(crate) fn case_units(ctx: &Ctx) -> Vec<usize> {
    let mut starts: Vec<usize> = ctx
        .doc
        .sections
        .iter()
        .filter(|s| {
            s.heading
                .as_deref()
                .is_some_and(|h| re!(r"(?i)^\s*(?:case|patient)\s*(?:#|no\.?)?\s*(?:\d+|[ivx]+)\b").is_match(h))
        })
        .map(|s| s.range.start)
        .collect();
    for s in ctx.sentences.iter().filter(|s| s.kind.is_case()) {
        let t = ctx.text(s);
        if t.starts_with(['C', 'P'])
            && re!(r"^(?:Case|Patient|CASE|PATIENT)\s*(?:#|[Nn]o\.?)?\s*(?:\d+|[IVX]+)\b").is_match(t)
        {
            starts.push(s.range.start);
        }
    }
    starts.sort_unstable();
    starts.dedup();
    if starts.len() >= 2 {
        starts
    } else {
        Vec::new()
    }
}

/// Pronoun balance over a stretch of case text: Some(sex) when clear.
fn pronoun_sex(text: &str) -> Option<(Sex, usize)> {
    let f = re!(r"(?i)\b(?:she|her|hers|herself)\b").find_iter(text).count();
    let m = re!(r"(?i)\b(?:he|him|his|himself)\b").find_iter(text).count();
    if f >= 2 && f >= 3 * m {
        Some((Sex::Female, f))
    } else if m >= 2 && m >= 3 * f {
        Some((Sex::Male, m))
    } else {
        None
    }
}

/// Fill `patient_count` and `patients`.
pub(crate) fn extract(ctx: &Ctx, r: &mut CaseReport, log: &mut EvidenceLog) {
    let stated = stated_count(ctx);
    let cands = candidate_ages(ctx);
    let in_case: Vec<&Candidate> = cands.iter().filter(|c| c.kind.is_case()).collect();
    let pool: Vec<&Candidate> = if in_case.is_empty() { cands.iter().collect() } else { in_case };
    let n = stated.as_ref().map_or(1, |s| s.0);
    let mut picked: Vec<&AgeMention> = Vec::new();
    let units = case_units(ctx);
    if n >= 2 && !units.is_empty() {
        // One patient per "Case k" stretch.
        for (k, &start) in units.iter().enumerate() {
            let end = units.get(k + 1).copied().unwrap_or(usize::MAX);
            let here: Vec<&Candidate> = pool
                .iter()
                .copied()
                .filter(|c| c.mention.range.start >= start && c.mention.range.start < end)
                .collect();
            if let Some(c) = best(&here) {
                picked.push(&c.mention);
            }
        }
    } else if n >= 2 {
        // A series described in turn: the first n ages tied to a person.
        picked.extend(pool.iter().filter(|c| c.mention.with_person).take(n as usize).map(|c| &c.mention));
        if picked.is_empty() {
            picked.extend(best(&pool).map(|c| &c.mention));
        }
    } else if let Some(c) = best(&pool) {
        picked.push(&c.mention);
    }
    let case_text: String = ctx
        .doc
        .sections
        .iter()
        .filter(|s| s.kind.is_case())
        .map(|s| ctx.doc.section_text(s))
        .collect::<Vec<_>>()
        .join("\n");
    let abstract_text: String = ctx
        .doc
        .sections
        .iter()
        .filter(|s| matches!(s.kind, SectionKind::Abstract | SectionKind::Title))
        .map(|s| ctx.doc.section_text(s))
        .collect::<Vec<_>>()
        .join("\n");
    let pronouns = pronoun_sex(&case_text).or_else(|| pronoun_sex(&abstract_text)).or_else(|| {
        // Layouts without a recognisable case section: the whole prose.
        let prose: String = ctx.sentences.iter().map(|s| ctx.text(s)).collect::<Vec<_>>().join(" ");
        pronoun_sex(&prose)
    });
    let mesh_sex = {
        let mesh = &ctx.doc.meta.mesh;
        let f = mesh.iter().any(|m| m == "Female");
        let male = mesh.iter().any(|m| m == "Male");
        match (f, male) {
            (true, false) => Some(Sex::Female),
            (false, true) => Some(Sex::Male),
            _ => None,
        }
    };
    for m in &picked {
        let text = &ctx.doc.text[m.range.clone()];
        log.push("patients.age", format!("{}", round2(m.years)), m.range.clone(), m.rule);
        let mut sex = m.sex;
        if let Some(s) = sex {
            log.push("patients.sex", s.as_str(), m.range.clone(), "person-noun");
        } else if n <= 1 {
            sex = pronouns.map(|p| p.0).or(mesh_sex);
        }
        r.patients.push(Patient { age_years: Some(round2(m.years)), age_text: Some(text.to_string()), sex });
    }
    if r.patients.is_empty() {
        let sex = sex_noun_without_age(ctx).or(pronouns.map(|p| p.0)).or(mesh_sex);
        if sex.is_some() || looks_like_case_report(ctx) {
            r.patients.push(Patient { age_years: None, age_text: None, sex });
        }
    }
    if r.patients.len() == 1 && r.patients[0].sex.is_none() {
        r.patients[0].sex = pronouns.map(|p| p.0).or(mesh_sex);
    }
    if let Some((_, range, rule)) = &stated {
        log.push("patient_count", n.to_string(), range.clone(), rule);
    }
    r.patient_count = if stated.is_some() { n } else { r.patients.len() as u32 };
}

/// "A woman presented with…" (no age): the sex of the first such noun in the case.
fn sex_noun_without_age(ctx: &Ctx) -> Option<Sex> {
    let re = re!(r"(?i)\b(?:a|an|the|our|this)\s+(?:[\w-]+\s+){0,3}?(woman|girl|lady|female|man|boy|gentleman|male)\b");
    ctx.sentences
        .iter()
        .filter(|s| s.kind.is_case() || matches!(s.kind, SectionKind::Abstract | SectionKind::Title))
        .find_map(|s| re.captures(ctx.text(s)).and_then(|c| age::person_sex(&c[1])))
}

fn looks_like_case_report(ctx: &Ctx) -> bool {
    // Everything casedex indexes is presumed a case report describing one
    // patient, unless the source calls it research or it has methods and results.
    let m = &ctx.doc.meta;
    let typed_research = m.article_type.as_deref().is_some_and(|t| {
        let t = t.to_lowercase();
        !t.contains("case")
            && (t.contains("research") || t.contains("review") || t.contains("trial") || t.contains("study"))
    });
    !typed_research && !ctx.doc.sections.iter().any(|s| s.kind == SectionKind::Methods)
}

fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

/// A single patient of unknown sex whose lesions are on organs of one sex
/// ("calcinosis cutis of the penis", "a vulvar nodule") is of that sex.
pub(crate) fn sex_from_anatomy(r: &mut CaseReport, log: &mut EvidenceLog) {
    if r.patients.len() != 1 || r.patients[0].sex.is_some() {
        return;
    }
    const MALE: &[&str] = &[
        "/genitalia/penis",
        "/genitalia/scrotum",
        "/genitalia/testis",
        "/viscera/reproductive system/prostate",
        "/viscera/reproductive system/seminal vesicle",
    ];
    const FEMALE: &[&str] = &[
        "/genitalia/vagina",
        "/genitalia/vulva",
        "/viscera/reproductive system/adnexa",
        "/viscera/reproductive system/fallopian tube",
        "/viscera/reproductive system/ovary",
        "/viscera/reproductive system/uterus",
        "/viscera/reproductive system/placenta",
    ];
    let of = |list: &[&str]| r.sites.iter().find(|s| list.iter().any(|p| s.path.starts_with(p))).cloned();
    let (sex, site) = match (of(MALE), of(FEMALE)) {
        (Some(site), None) => (Sex::Male, site),
        (None, Some(site)) => (Sex::Female, site),
        _ => return,
    };
    let Some(range) = log.find("sites", |v| v.starts_with(&site.term)).map(|e| e.start..e.end) else { return };
    log.push("patients.sex", sex.as_str(), range, "sex-from-anatomy");
    r.patients[0].sex = Some(sex);
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The plural-noun gate lets through every text `series` or `group`
    /// matches, on generated texts that put "men" after each kind of white
    /// space and inside other words; and it keeps out "men" inside a word.
    #[test]
    fn the_plural_gate_passes_whatever_series_and_group_match() {
        let pieces = [
            "we report",
            "in",
            "a series of",
            "two",
            "12",
            "MEN",
            "men",
            "women",
            "Women",
            "patients",
            "cases",
            "members",
            "were",
            "had",
            "treatment",
            "documented",
            "young",
            "-",
            "ſ",
            "é",
        ];
        let spaces = white_space();
        let mut rng = crate::synth::Rng::new(3, 0);
        let (mut matched, mut kept_out) = (0, 0);
        for _ in 0..40_000 {
            let mut text = String::new();
            for _ in 0..rng.range(1, 7) {
                text.push_str(pieces[rng.below(pieces.len())]);
                match rng.below(10) {
                    0..=5 => text.push(' '),
                    6..=8 => text.push(spaces[rng.below(spaces.len())]),
                    _ => {}
                }
            }
            let passes = PLURAL_NOUNS.may_match(&text);
            if series().is_match(&text) || group().is_match(&text) {
                matched += 1;
                assert!(passes, "{text:?}");
            } else if !passes {
                kept_out += 1;
            }
        }
        assert!(matched > 1_000 && kept_out > 1_000, "{matched} matched, {kept_out} kept out");
        assert!(!PLURAL_NOUNS.may_match("the treatment was documented"));
        assert!(PLURAL_NOUNS.may_match("two\u{2003}men were seen"));
    }
}
