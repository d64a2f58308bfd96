//! Ages: every age expression in a text, with what it is attached to.
//!
//! Phrasings matched (each with an example):
//! - "a 7-year-old girl", "a seven-year-old girl", "45 years old", "a 14-month-old boy",
//!   "a 3-week-old neonate", "a 2½-year-old", "a 10-day-old", "a 45-yr-old", "a 30 yo man";
//! - "aged 45", "aged 14 months", "at the age of 27", "45 years of age", "age: 62";
//! - "in her 40s", "in his early twenties", "in her late teens";
//! - "a newborn girl", "a male neonate" (age 0 when no number is given).
//!
//! Each [`AgeMention`] says whether the age belongs to a relative ("her
//! 30-year-old mother", "his mother, aged 60") or to the history ("since the
//! age of 4 months", "diagnosed at the age of 19"), which the patient
//! assembly in [`super::patients`] leaves aside. Known misses: ages given
//! only as a range ("aged 40–45") take the first number; "a man in his
//! sixth decade" is not read.

use std::ops::Range;

use super::Lowered;
use crate::record::Sex;

/// One age expression.
#[derive(Debug, Clone, PartialEq)]
pub struct AgeMention {
    /// Byte range of the expression.
    pub range: Range<usize>,
    /// The age in years.
    pub years: f64,
    /// What the age is attached to.
    pub role: AgeRole,
    /// The sex of the person noun it qualifies ("girl"), if any.
    pub sex: Option<Sex>,
    /// Whether a person noun follows ("a 7-year-old healthy girl").
    pub with_person: bool,
    /// The rule that matched.
    pub rule: &'static str,
}

/// Whose age, or which age.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AgeRole {
    /// Possibly the patient's age at presentation.
    Patient,
    /// A relative's age.
    Relative,
    /// An age in the history (onset, earlier diagnosis).
    History,
}

const NUM: &str = r"(?:\d{1,3}(?:[.,]\d{1,2})?(?:\s*½|\s+and\s+a\s+half)?|(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:[\s-](?:one|two|three|four|five|six|seven|eight|nine))?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|a|an)";

/// Parse a number as written: digits, decimals with a comma, "½", words.
pub(crate) fn number(s: &str) -> Option<f64> {
    let s = s.trim().to_lowercase();
    let (s, half) = if let Some(x) = s.strip_suffix('½') {
        (x.trim().to_string(), 0.5)
    } else if let Some(x) = s.strip_suffix("and a half") {
        (x.trim().to_string(), 0.5)
    } else {
        (s, 0.0)
    };
    if let Ok(v) = s.replace(',', ".").parse::<f64>() {
        return Some(v + half);
    }
    const UNITS: [&str; 20] = [
        "zero",
        "one",
        "two",
        "three",
        "four",
        "five",
        "six",
        "seven",
        "eight",
        "nine",
        "ten",
        "eleven",
        "twelve",
        "thirteen",
        "fourteen",
        "fifteen",
        "sixteen",
        "seventeen",
        "eighteen",
        "nineteen",
    ];
    const TENS: [&str; 8] = ["twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"];
    if s == "a" || s == "an" {
        return Some(1.0 + half);
    }
    let mut total = 0.0;
    for part in s.split(['-', ' ']).filter(|p| !p.is_empty()) {
        if let Some(i) = UNITS.iter().position(|u| *u == part) {
            total += i as f64;
        } else if let Some(i) = TENS.iter().position(|t| *t == part) {
            total += (i as f64 + 2.0) * 10.0;
        } else {
            return None;
        }
    }
    Some(total + half)
}

fn unit_factor(u: &str) -> f64 {
    let u = u.to_lowercase();
    if u.starts_with('m') {
        1.0 / 12.0
    } else if u.starts_with('w') {
        7.0 / 365.25
    } else if u.starts_with('d') {
        1.0 / 365.25
    } else {
        1.0
    }
}

/// Person nouns, with the sex they carry.
pub(crate) fn person_sex(noun: &str) -> Option<Sex> {
    match noun.to_lowercase().as_str() {
        "woman" | "women" | "girl" | "girls" | "lady" | "female" | "females" | "mother" | "daughter"
        | "multiparous" | "primiparous" | "parturient" | "pregnant" | "primigravida" | "multigravida" | "primipara"
        | "multipara" | "gravida" | "wife" | "sister" | "housewife" | "grandmother" | "schoolgirl" => Some(Sex::Female),
        "man" | "men" | "boy" | "boys" | "gentleman" | "male" | "males" | "father" | "son" | "husband" | "brother"
        | "grandfather" | "schoolboy" => Some(Sex::Male),
        _ => None,
    }
}

const RELATIVES: &str = r"mother|father|sister|brother|son|daughter|husband|wife|parent|parents|sibling|siblings|twin|aunt|uncle|cousin|grandmother|grandfather|grandparent|niece|nephew|spouse|partner|child|children|baby|infant|fetus|foetus";

/// All age expressions in `text`, in order.
pub fn find(text: &str) -> Vec<AgeMention> {
    find_in(&Lowered::new(text))
}

/// [`find`] in a text already lowercased.
pub(crate) fn find_in(low: &Lowered) -> Vec<AgeMention> {
    let text = low.text();
    let mut out: Vec<AgeMention> = Vec::new();
    // Each pattern below needs one of these words (a unit, "old", "age", a
    // decade, a newborn); most sentences hold none.
    let age_words = needs!(
        "old", "year", "yr", "yo", "y/o", "y.o.", "age", "month", "week", "0s", "0'", "teens", "ties", "newborn",
        "new-born", "neonat"
    );
    if !age_words.may_match_in(low) {
        return out;
    }
    // "7-year-old", "seven-year-old", "14-month-old", "45 years old", "45-yr-old", "2½-year-old".
    let hyphen_old =
        re!(&format!(r"(?i)\b(?P<n>{NUM})[\s-]*(?P<u>years?|yrs?|y|months?|mos?|weeks?|wks?|days?)[\s-]*old\b"));
    // "a 33-year man", "a 45 years male": the age unit without "old".
    let year_noun = re!(&format!(
        r"(?i)\b(?:a|an)\s+(?P<n>{NUM})[\s-]*(?P<u>years?|yrs?)[\s-]+(?:[a-z]+[\s-]+)?(?:man|woman|boy|girl|male|female|lady|gentleman|patient|child|infant)\b"
    ));
    let yo = re!(r"(?i)\b(?P<n>\d{1,3})\s*(?:yo|y/o|y\.o\.|yr\.? old)(?:\b|\s)");
    let aged = re!(&format!(
        r"(?i)\b(?:aged|age(?:d)?:?|age of|at age)\s+(?P<n>{NUM})\b(?:\s*(?:\(|-)?\s*(?P<u>years?|yrs?|months?|weeks?|days?))?"
    ));
    let of_age = re!(&format!(r"(?i)\b(?P<n>{NUM})\s*(?P<u>years?|yrs?|months?|weeks?|days?)\s+of\s+age\b"));
    // "a woman of approximately 60 years": an age only right after a person noun
    // ("a duration of 2 years" is not one).
    let of_years = re!(&format!(
        r"(?i)\b(?:woman|girl|lady|man|boy|gentleman|patient|child|infant)\s+of\s+(?:approximately|about|around|nearly|almost|some)?\s*(?P<n>{NUM})\s+(?P<u>years?|months?|weeks?)\b"
    ));
    let decade = re!(
        r"(?i)\bin\s+(?:his|her|their)\s+(?P<q>early|mid|mid-|late)?\s*-?(?P<d>(?:[1-9]0)['’]?s|teens|twenties|thirties|forties|fifties|sixties|seventies|eighties|nineties)\b"
    );
    let newborn = re!(r"(?i)\b(?:newborn|new-born|neonate|neonatal (?:boy|girl|male|female))\b");

    // Each pattern runs only on a text holding its own words (the words above
    // are common inside others: "stage", "hold", "abnormalities").
    for c in hyphen_old.captures_iter(needs!("old").scope_in(low)) {
        let n = number(&c["n"]);
        if let Some(n) = n {
            add(&mut out, c.get(0).map(|m| m.range()).unwrap_or_default(), n * unit_factor(&c["u"]), "n-unit-old");
        }
    }
    for c in yo.captures_iter(needs!("yo", "y/o", "y.o.", "yr").scope_in(low)) {
        if let Some(n) = number(&c["n"]) {
            let m = c.get(0).map(|m| m.range()).unwrap_or_default();
            add(&mut out, m.start..m.start + text[m.clone()].trim_end().len(), n, "n-yo");
        }
    }
    for c in year_noun.captures_iter(needs!("year", "yr").scope_in(low)) {
        if let (Some(n), Some(u)) = (number(&c["n"]), c.name("u")) {
            let start = c.get(0).map_or(0, |m| m.start());
            add(&mut out, start..u.end(), n * unit_factor(u.as_str()), "n-years-noun");
        }
    }
    for c in of_age.captures_iter(needs!("age").scope_in(low)) {
        if let Some(n) = number(&c["n"]) {
            add(&mut out, c.get(0).map(|m| m.range()).unwrap_or_default(), n * unit_factor(&c["u"]), "n-years-of-age");
        }
    }
    for c in of_years.captures_iter(needs!("year", "month", "week").scope_in(low)) {
        if let (Some(n), Some(g)) = (number(&c["n"]), c.name("n")) {
            let end = c.get(0).map_or(g.end(), |m| m.end());
            let start = text[..g.start()].rfind(" of").map_or(g.start(), |i| i + 1);
            add(&mut out, start..end, n * unit_factor(&c["u"]), "aged-n");
        }
    }
    for c in aged.captures_iter(needs!("age").scope_in(low)) {
        // "a" and "an" are numbers only before a unit ("a 1-year-old" is rare; "aged a" never).
        if matches!(c["n"].to_lowercase().as_str(), "a" | "an") {
            continue;
        }
        if let Some(n) = number(&c["n"]) {
            let f = c.name("u").map_or(1.0, |u| unit_factor(u.as_str()));
            add(&mut out, c.get(0).map(|m| m.range()).unwrap_or_default(), n * f, "aged-n");
        }
    }
    for c in decade.captures_iter(needs!("0s", "0'", "teens", "ties").scope_in(low)) {
        let d = c["d"].to_lowercase();
        let base = match d.trim_end_matches('s').trim_end_matches(['\'', '’']) {
            x if x.len() == 2 => x.parse::<f64>().unwrap_or(0.0),
            _ => match d.as_str() {
                "teens" => 13.0,
                "twenties" => 20.0,
                "thirties" => 30.0,
                "forties" => 40.0,
                "fifties" => 50.0,
                "sixties" => 60.0,
                "seventies" => 70.0,
                "eighties" => 80.0,
                _ => 90.0,
            },
        };
        let span = if base == 13.0 { 6.0 } else { 10.0 };
        let offset = match c.name("q").map(|q| q.as_str().to_lowercase()) {
            Some(q) if q == "early" => span * 0.2,
            Some(q) if q == "late" => span * 0.8,
            _ => span * 0.5,
        };
        add(&mut out, c.get(0).map(|m| m.range()).unwrap_or_default(), base + offset, "in-decade");
    }
    for m in newborn.find_iter(needs!("newborn", "new-born", "neonat").scope_in(low)) {
        // "a 3-week-old neonate": the number already gave the age.
        let numbered = out.iter().any(|a| a.range.end <= m.start() && m.start() - a.range.end < 40);
        if !numbered {
            add(&mut out, m.range(), 0.0, "newborn");
        }
    }
    out.sort_by_key(|m| m.range.start);
    for m in &mut out {
        classify(text, m);
    }
    out
}

/// Record an age unless it is implausible or overlaps one already found
/// (the patterns are tried from the most specific to the least).
fn add(out: &mut Vec<AgeMention>, range: Range<usize>, years: f64, rule: &'static str) {
    if !(0.0..=120.0).contains(&years) || out.iter().any(|m| overlaps(&m.range, &range)) {
        return;
    }
    out.push(AgeMention { range, years, role: AgeRole::Patient, sex: None, with_person: false, rule });
}

fn overlaps(a: &Range<usize>, b: &Range<usize>) -> bool {
    a.start < b.end && b.start < a.end
}

/// Decide the role of an age mention from its neighbourhood.
fn classify(text: &str, m: &mut AgeMention) {
    let after = &text[m.range.end..crate::ingest::layout::floor_char_boundary(text, m.range.end + 80)];
    let before_start = ceil_boundary(text, m.range.start.saturating_sub(60));
    let before = &text[before_start..m.range.start];
    // A person noun after the age: "-old (healthy, previously well) girl".
    let noun = re!(
        r"(?i)^[\s,-]*(?:(?:[a-z][\w'-]*)[\s,]+){0,4}?(woman|women|girl|girls|lady|female|females|mother|daughter|primigravida|multigravida|primipara|multipara|multiparous|primiparous|parturient|gravida|wife|sister|housewife|man|men|boy|boys|gentleman|male|males|father|son|husband|brother|patient|patients|child|children|infant|baby|neonate|newborn|toddler|adolescent|teenager|individual|person|student|schoolgirl|schoolboy|twin|twins|sibling|siblings|grandmother|grandfather|aunt|uncle|cousin|niece|nephew)\b"
    );
    if m.rule == "newborn" {
        // "a newborn girl", "A neonate presented": a patient; "as a newborn she
        // had heel pricks", "in the neonatal period": history.
        let after_word = re!(
            r"(?i)^[\s-]*(?:period|stage|unit|care|screening|intensive|ward|nursery|life|age|days?|weeks?|resuscitation)\b"
        );
        m.with_person = re!(r"(?i)(?:^|\b(?:a|an|the|this|our)\s+(?:[\w-]+\s+){0,3})$").is_match(before)
            && !re!(r"(?i)\b(?:as|when|since|while)\s+(?:a|an)\s+$").is_match(before)
            && !after_word.is_match(after);
        // "delivery of a newborn", "gave birth to a neonate": the patient's child.
        if re!(r"(?i)\b(?:deliver(?:y|ed)|birth|born|gave birth to)\b[^.]{0,20}$").is_match(before) {
            m.role = AgeRole::Relative;
            return;
        }
        let around = &text[m.range.start..crate::ingest::layout::floor_char_boundary(text, m.range.end + 20)];
        m.sex = re!(r"(?i)\b(girl|boy|male|female)\b").find(around).and_then(|w| person_sex(w.as_str()));
        if m.sex.is_none() {
            m.sex = re!(r"(?i)\b(girl|boy|male|female)\s*$").find(before).and_then(|w| person_sex(w.as_str().trim()));
        }
    } else if let Some(c) = noun.captures(after) {
        let w = &c[1];
        m.with_person = true;
        // "a 16-year-old adolescent girl": a sexed noun may follow the first.
        let rest = &after[c.get(1).map_or(0, |g| g.end())..];
        m.sex = person_sex(w).or_else(|| {
            re!(r"(?i)^\s*,?\s+(girl|boy|woman|man|male|female|lady|gentleman)\b")
                .captures(rest)
                .and_then(|c| person_sex(&c[1]))
        });
        let is_relative = re!(&format!(r"(?i)^(?:{RELATIVES})$")).is_match(w);
        let possessive =
            re!(r"(?i)\b(?:her|his|their|whose|patient['’]s|the patient['’]s|its)\s+(?:\w+\s+){0,1}$").is_match(before);
        let born_to =
            re!(r"(?i)\b(?:born|child|son|daughter|baby|infant)\s+(?:\w+\s+){0,2}to\s+(?:a|an)\s+$").is_match(before);
        if is_relative && (possessive || born_to) {
            m.role = AgeRole::Relative;
            return;
        }
    }
    // "a boy aged 4 weeks", "a woman, aged 45": the noun comes first.
    if m.rule == "aged-n" {
        let noun_before = re!(
            r"(?i)\b(woman|girl|lady|female|man|boy|gentleman|male|patient|child|infant|baby|neonate|newborn|toddler|adolescent|teenager)\s*,?\s*(?:of\s+)?$"
        );
        if let Some(c) = noun_before.captures(before) {
            m.with_person = true;
            m.sex = person_sex(&c[1]);
        }
    }
    // "his mother, aged 60", "her sister (45 years)".
    if re!(&format!(
        r"(?i)\b(?:her|his|their|the patient['’]s)\s+(?:\w+\s+)?(?:{RELATIVES})\b[\s,(]*(?:who (?:is|was)\s+)?$"
    ))
    .is_match(before)
    {
        m.role = AgeRole::Relative;
        return;
    }
    // History: "since the age of", "diagnosed at the age of 19", "when she was 5 years old".
    let hist_before = re!(
        r"(?i)\b(?:since|from|until|till|before|after|by|when|diagnosed|onset|began|started|beginning|first noticed|first noted|noticed|appeared|developed|born|history|previously|prior|earlier|childhood|ago|stopped|quit|ceased)\b[^.;]{0,40}$"
    );
    let presentation = re!(
        r"(?i)\b(?:presented|presents|presenting|referred|admitted|came|visited|attended|consulted|seen|brought|evaluated|examined)\b"
    );
    if hist_before.is_match(before) && !m.with_person && !presentation.is_match(before) {
        m.role = AgeRole::History;
    }
}

fn ceil_boundary(s: &str, mut i: usize) -> usize {
    while i < s.len() && !s.is_char_boundary(i) {
        i += 1;
    }
    i
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ages(t: &str) -> Vec<(f64, AgeRole, Option<Sex>)> {
        find(t).into_iter().map(|m| ((m.years * 100.0).round() / 100.0, m.role, m.sex)).collect()
    }

    #[test]
    fn phrasings() {
        use AgeRole::*;
        let cases: &[(&str, f64)] = &[
            ("A 7-year-old healthy girl was referred.", 7.0),
            ("A seven-year-old girl was referred.", 7.0),
            ("a twenty-two-year-old man presented", 22.0),
            ("a 14-month-old boy", 1.17),
            ("a 3-week-old neonate", 0.06),
            ("a 2½-year-old girl", 2.5),
            ("The patient, aged 45, presented", 45.0),
            ("a woman in her 40s presented", 45.0),
            ("He was 45 years old when he presented", 45.0),
            ("A 30 yo man presented", 30.0),
            ("she presented at the age of 27 years", 27.0),
            ("a newborn girl was seen", 0.0),
            ("We report a girl seen at the age of 15 months.", 1.25),
            ("A 33-year man presented with haematemesis.", 33.0),
            ("A woman of approximately 60 years presented with plaques.", 60.0),
            ("the case of a 6 years old child, male, with orbital cellulitis", 6.0),
        ];
        for (t, want) in cases {
            let got = ages(t);
            assert_eq!(got.len(), 1, "{t}: {got:?}");
            assert_eq!(got[0].0, *want, "{t}");
            assert_eq!(got[0].1, Patient, "{t}");
        }
    }

    #[test]
    fn relatives_and_history() {
        use AgeRole::*;
        assert_eq!(ages("Her 30-year-old mother had lupus."), vec![(30.0, Relative, Some(Sex::Female))]);
        assert_eq!(ages("His mother, aged 60, was well."), vec![(60.0, Relative, None)]);
        assert_eq!(ages("lesions present since the age of 4 months"), vec![(0.33, History, None)]);
        assert_eq!(ages("She was diagnosed with pancreatitis at the age of 19 years."), vec![(19.0, History, None)]);
        assert_eq!(ages("A 7-year-old girl"), vec![(7.0, Patient, Some(Sex::Female))]);
        assert_eq!(ages("a 6 years old child, male, with"), vec![(6.0, Patient, Some(Sex::Male))]);
    }
}
