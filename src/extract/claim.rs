//! Novelty and rarity claims.
//!
//! Matched, with the kind recorded:
//! - **first**: "this is the first report of…", "the first case of…
//!   described", "reported for the first time";
//! - **count**: "only 2 cases have been reported", "reported in only two
//!   cases", "fewer than 10 cases", "the third reported case" (count 2 prior);
//! - **knowledge**: "to (the best of) our knowledge" without a first/count;
//! - **rarity**: "rarely reported", "few cases", "a rare disorder",
//!   "unique", "unusual presentation".
//!
//! One claim per sentence, the strongest kind first. Reference lists and
//! captions are not read.

use super::patients::count_word;
use super::{Ctx, EvidenceLog, Lowered};
use crate::doc::SectionKind;
use crate::record::{CaseReport, Claim, ClaimKind};

const N: &str = r"(\d+|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty)";

/// Fill `claims`.
pub(crate) fn extract(ctx: &Ctx, r: &mut CaseReport, log: &mut EvidenceLog) {
    for s in &ctx.sentences {
        if matches!(
            s.kind,
            SectionKind::Caption | SectionKind::References | SectionKind::Boilerplate | SectionKind::Methods
        ) {
            continue;
        }
        let t = ctx.text(s);
        if let Some((kind, count, range, rule)) = classify_in(&ctx.lowered(s)) {
            log.push("claims", kind.as_str(), s.range.start + range.0..s.range.start + range.1, rule);
            r.claims.push(Claim { kind, text: t.to_string(), count });
        }
    }
}

type Found = (ClaimKind, Option<u32>, (usize, usize), &'static str);

/// The claim a sentence makes, if any.
pub fn classify(t: &str) -> Option<Found> {
    classify_in(&Lowered::new(t))
}

/// [`classify`] a text already lowercased.
fn classify_in(low: &Lowered) -> Option<Found> {
    // Each alternative of each pattern below holds one of these words.
    let claim_words = needs!(
        "first",
        "never",
        "report",
        "case",
        "only",
        "than",
        "knowledge",
        "seldom",
        "infrequently",
        "few",
        "rare",
        "unique",
        "unusual"
    );
    if !claim_words.may_match_in(low) {
        return None;
    }
    let first = re!(
        r"(?i)\b(?:the\s+)?first\s+(?:\w+\s+){0,2}?(?:report|case|description|documented|instance|known|published|account|association|presentation)\b|\bfor the first time\b|\bhas never been (?:reported|described)\b|\bno (?:previous|prior|other) (?:reports?|cases?)\b"
    );
    // Each pattern runs only on a sentence holding its own words: "case" and
    // "report", which the test above lets through, are in most sentences.
    if let Some(m) = first.find(needs!("first", "never", "no previous", "no prior", "no other").scope_in(low)) {
        // "first noted", "first visit" are not claims; the regex requires a reporting noun.
        return Some((ClaimKind::First, None, (m.start(), m.end()), "first-report"));
    }
    let only_n = re!(&format!(
        r"(?i)\bonly\s+{N}\s+(?:other\s+|previous\s+|similar\s+|such\s+|additional\s+|published\s+|reported\s+)?(?:cases?|reports?|patients?|descriptions?)\b|\b(?:fewer|less)\s+than\s+{N}\s+(?:\w+\s+)?(?:cases?|reports?|patients?)\b|\b{N}\s+(?:other\s+|previous\s+|similar\s+)?(?:cases?|reports?)\s+(?:have|has)\s+(?:been\s+)?(?:previously\s+)?(?:reported|described|published|documented)"
    ));
    // Each alternative needs a word of each group. One list of all the
    // words let a capturing search run on most sentences of a discussion
    // ("has been reported"); asking for a word of each group took the
    // claims of 100 synthetic full texts from 38.2M instructions to 33.8M.
    let (case, reported) = (needs!("case", "report"), needs!("reported", "described", "published", "documented"));
    let may_count = low.may_hold_all(&[needs!("only"), needs!("case", "report", "patient", "description")])
        || low.may_hold_all(&[needs!("than"), needs!("fewer", "less"), needs!("case", "report", "patient")])
        || low.may_hold_all(&[needs!("have", "has"), case, reported]);
    if let Some(c) = only_n.captures(if may_count { low.text() } else { "" }) {
        let m = c.get(0)?;
        let n = (1..=3).find_map(|i| c.get(i)).and_then(|g| count_word(g.as_str()));
        return Some((ClaimKind::Count, n, (m.start(), m.end()), "only-n-cases"));
    }
    let nth = re!(
        r"(?i)\bthe\s+(second|third|fourth|fifth|sixth)\s+(?:reported\s+|published\s+|documented\s+|known\s+)?(?:case|report)\b"
    );
    let may_nth = low.may_hold_all(&[needs!("second", "third", "fourth", "fifth", "sixth"), case]);
    if let Some(c) = nth.captures(if may_nth { low.text() } else { "" }) {
        let m = c.get(0)?;
        let prior = match c[1].to_lowercase().as_str() {
            "second" => 1,
            "third" => 2,
            "fourth" => 3,
            "fifth" => 4,
            _ => 5,
        };
        return Some((ClaimKind::Count, Some(prior), (m.start(), m.end()), "nth-case"));
    }
    if let Some(m) = re!(r"(?i)\bto (?:the best of )?(?:our|my) knowledge\b").find(needs!("knowledge").scope_in(low)) {
        return Some((ClaimKind::Knowledge, None, (m.start(), m.end()), "to-our-knowledge"));
    }
    let rare = re!(
        r"(?i)\b(?:rarely|seldom|infrequently)\s+(?:been\s+)?(?:reported|described|seen|documented|observed|encountered)\b|\b(?:very\s+|extremely\s+)?few\s+(?:\w+\s+)?(?:cases?|reports?)\b|\ba (?:small )?(?:handful|small number) of (?:\w+\s+)?(?:cases?|reports?)\b|\b(?:very |extremely |exceedingly )?rare\b|\bunique\b|\bunusual (?:presentation|case|association)\b"
    );
    if let Some(m) = rare.find(
        needs!("rare", "seldom", "infrequently", "few", "handful", "small number", "unique", "unusual").scope_in(low),
    ) {
        return Some((ClaimKind::Rarity, None, (m.start(), m.end()), "rarity"));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn claims_from_real_phrasing() {
        let k = |t: &str| classify(t).map(|f| (f.0, f.1));
        assert_eq!(
            k("this is the first report that describes a unilateral presentation"),
            Some((ClaimKind::First, None))
        );
        assert_eq!(
            k("has been previously reported in the literature in only 2 cases"),
            Some((ClaimKind::Count, Some(2)))
        );
        assert_eq!(k("Only two cases have been described."), Some((ClaimKind::Count, Some(2))));
        assert_eq!(k("To our knowledge, this presentation is exceptional."), Some((ClaimKind::Knowledge, None)));
        assert_eq!(k("has only rarely been reported in the literature"), Some((ClaimKind::Rarity, None)));
        assert_eq!(k("This is the third reported case."), Some((ClaimKind::Count, Some(2))));
        assert_eq!(k("The lesions were first noted 2 years ago."), None);
    }
}
