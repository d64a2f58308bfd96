//! Anatomical sites, sides and laterality.
//!
//! Sites are found with the vocabulary of `schema/dict/sites.tsv` in the
//! sentences that speak of the patient (see [`super::Ctx::about_patient`]);
//! a site named only as the target of an imaging test ("chest X-ray") is
//! not a site of disease. A side is taken from the words around a site:
//! "right elbow", "left-sided", "the elbow on the right side", "both
//! hands"; "upper and lower limbs" names two sites. "The right side of her
//! body" is a side with no site.
//!
//! Laterality: "unilateral"/"bilateral" said of a lesion or a site decide it
//! ("bilateral wheezing", "bilateral chest tubes", "bilateral upper extremity
//! weakness" are signs, symptoms and procedures, and do not); else lesions
//! all on one named side make the case unilateral, and on both sides
//! bilateral. Sides said with a lesion outrank sides said plainly, and
//! sides of symptoms and signs of the examination (pain, power, reflexes,
//! breath sounds), of access routes and samples (a catheter, a biopsy) and
//! of findings not established ("a suspected right effusion") do not
//! count. Only sides of paired sites count (the left ventricle and the
//! right upper quadrant are not sides of the body; the lobes of the thyroid
//! are), and of a region of the body wall when a lesion sits on it ("a right
//! lumbar abscess"). When the case is unilateral, a paired site named
//! without a side takes that side.
//!
//! Known misses: a lesion known only by the side of its pain ("right groin
//! pain") gets no side; the main lesion is not told apart from secondary
//! findings (a right pleural effusion in lupus, bilateral knee effusions
//! beside a dislocated elbow).

use std::collections::BTreeSet;
use std::ops::Range;

use super::{Ctx, EvidenceLog, Lowered};
use crate::error::Result;
use crate::ingest::layout::floor_char_boundary;
use crate::record::{CaseReport, Laterality, Side, Site};
use crate::vocab::{self, Dict, SiteEntry};

/// The compiled site vocabulary.
#[derive(Debug)]
pub struct SiteExtractor {
    dict: Dict<SiteEntry>,
}

/// A site mention with its side(s).
#[derive(Debug, Clone)]
struct Mention {
    entry: SiteEntry,
    range: Range<usize>,
    sides: Vec<Side>,
    /// How much its side says about the lesion's side.
    weight: Weight,
}

/// Sides named with a lesion ("a right lung nodule") decide laterality;
/// sides of symptoms ("weakness of the left hand": often opposite a brain
/// lesion) and of access routes ("a line in the right subclavian vein") do not.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Weight {
    None,
    Plain,
    Lesion,
}

/// Symptoms and signs of the examination: their side is where the patient
/// feels or the examiner finds something, often not where the disease is.
const SIGNS: &str = r"pain|wheez\w*|crackles|crepitations?|rales|breath sounds|dullness|bruits?|tinnitus|hearing|visual|vision|deficits?|power|strength|tone|jerks?|sensation|sensory|motor|hyper(?:a)?esthesia|hypo(?:a)?esthesia|flexion|extension|movements?|reflex(?:es)?|spasticity|tremors?";

const LESION_WORDS: &str = r"(?i)\b(?:lesions?|nodules?|plaques?|papules?|macules?|patch(?:es)?|masse?s?|tumou?rs?|swellings?|calcinosis|calcifications?|deposits?|ulcers?|ulcerations?|cysts?|abscess(?:es)?|carcinoma|cancer|sarcoma|lymphoma|metastas[ie]s|fractures?|infarcts?|infarction|opacit(?:y|ies)|consolidations?|effusions?|hernias?|stones?|calculi|thrombos[ie]s|occlusion|aneurysms?|hematoma|haematoma|nevus|naevus|bands?|eruptions?|rash)\b";

/// The weight of a site mention's side, from the words around it: a lesion
/// just before ("an ulcer on the right lower leg") or just after ("a right
/// lung nodule") makes it the lesion's side; in a sentence naming a symptom
/// (`symptom`, see [`symptom_sentence`]) a side said without a lesion counts
/// for nothing.
fn mention_weight(t: &str, start: usize, end: usize, symptom: bool) -> Weight {
    // The lesion may open a list of sites ("abscesses of the left eyelid, the
    // back and the right lower quadrant"), within the same clause.
    let before = &t[floor_char_boundary(t, start.saturating_sub(80))..start];
    let before =
        re!(r"(?i).*(?:;|\.\s|\bbut\b|\bwhile\b|\bwhereas\b)").find(before).map_or(before, |m| &before[m.end()..]);
    let after = &t[end..floor_char_boundary(t, end + 30)];
    let lesion_before = re!(LESION_WORDS).is_match(before);
    // "right lung nodule": at most two modifiers, no verb, between site and lesion.
    let lesion_after = re!(&format!(r"^\s*((?:[\w-]+\s+){{0,2}}?){}", LESION_WORDS.trim_start_matches("(?i)")))
        .captures(after)
        .is_some_and(|c| {
            !c[1]
                .split_whitespace()
                .any(|w| matches!(w, "had" | "has" | "was" | "were" | "is" | "are" | "with" | "and" | "or" | "showed"))
        });
    let access = re!(
        r"(?i)\b(?:catheters?|cannula\w*|tubes?|lines?|access|puncture|inserted|placed|approach|insufflat\w*|inject(?:ed|ion)|advanced|patching|occlusion|biops(?:y|ies)|aspirat\w*)\b"
    );
    // A procedure's route or sample: "a biopsy of the left quadriceps", "a
    // catheter in the right jugular vein", "the right femoral vein was cannulated".
    let close = &t[floor_char_boundary(t, start.saturating_sub(60))..floor_char_boundary(t, end + 20)];
    // Signs of the examination and symptoms said near the site.
    let near = near(t, start, end);
    let sign = re!(&format!(r"(?i)\b(?:{SIGNS})\b"));
    if hedged(near) {
        Weight::None
    } else if lesion_before || lesion_after {
        Weight::Lesion
    } else if symptom || access.is_match(close) || sign.is_match(near) {
        Weight::None
    } else {
        Weight::Plain
    }
}

/// A sentence naming a symptom of a site ("weakness of the left hand":
/// often opposite a brain lesion), whose sides are not a lesion's.
fn symptom_sentence(t: &str) -> bool {
    re!(r"(?i)\b(?:weakness|numbness|hemiparesis|hemiplegia|paresis|paresthesi\w*|palsy|tingling|hypoesthesia|drop|visual acuity|acuity)\b")
        .is_match(t)
}

/// The words around `start..end` that qualify what is said there.
fn near(t: &str, start: usize, end: usize) -> &str {
    &t[floor_char_boundary(t, start.saturating_sub(60))..floor_char_boundary(t, end + 40)]
}

/// "suspected right pleural effusion", "possible right lower lobe
/// pneumonia": a finding not established says nothing of the side.
fn hedged(near: &str) -> bool {
    re!(r"(?i)\b(?:suspected|suspicious|possible|possibly|probable|presumed|rule out|ruled out)\b").is_match(near)
}

impl SiteExtractor {
    /// Compile `schema/dict/sites.tsv`.
    pub fn new() -> Result<SiteExtractor> {
        Ok(SiteExtractor { dict: vocab::sites()? })
    }

    /// The vocabulary.
    pub fn dict(&self) -> &Dict<SiteEntry> {
        &self.dict
    }

    /// Look up a site by a term or canonical name (query parser).
    pub fn lookup(&self, term: &str) -> Option<&SiteEntry> {
        let t = term.trim();
        self.dict.exact(t).or_else(|| self.dict.entries().iter().find(|e| e.canonical.eq_ignore_ascii_case(t)))
    }

    fn mentions(&self, low: &Lowered, base: usize) -> Vec<Mention> {
        let text = low.text();
        let mut out = Vec::new();
        for h in self.dict.find_iter(text) {
            // The tests below look a few words back: a bounded window keeps a
            // long sentence with many sites linear.
            let before = &text[floor_char_boundary(text, h.range.start.saturating_sub(100))..h.range.start];
            let after = &text[h.range.end..];
            if h.entry.ambiguous && !anatomical_context(before, after) {
                continue;
            }
            if imaging_target(before, after) || re!(r"(?i)^[\s-]*(?:function|functions|hormones?|enzymes?|tests?|panel|profile|index|indices|biochemistry|ultrasound|scan)\b").is_match(after) {
                continue;
            }
            out.push(Mention {
                entry: h.entry.clone(),
                range: base + h.range.start..base + h.range.end,
                sides: sides_around(before, after),
                weight: Weight::Plain,
            });
        }
        // "upper and lower limbs/extremities": two sites from one phrase.
        // The pattern needs a limb word; most sentences hold none.
        let limbs = re!(r"(?i)\b(upper|lower)\s+(?:and|&|or)\s+(upper|lower)\s+(limbs?|extremit(?:y|ies))\b");
        for c in limbs.captures_iter(needs!("limb", "extremit").scope_in(low)) {
            let Some(whole) = c.get(0) else { continue };
            for which in [&c[1], &c[2]] {
                let term = format!("{} limb", which.to_lowercase());
                if let Some(e) = self.lookup(&term) {
                    let before = &text[..whole.start()];
                    out.push(Mention {
                        entry: e.clone(),
                        range: base + whole.start()..base + whole.end(),
                        sides: sides_around(before, &text[whole.end()..]),
                        weight: Weight::Plain,
                    });
                }
            }
        }
        // "a nodule of the left lobe extending to the right lobe" in a sentence
        // about the thyroid: its lobes, named without the organ. (A lobe of the
        // liver is not a side of the body, and a lung lobe names its lung.)
        let lobes = re!(r"(?i)\b(?:left|right|both)\s+lobes?\b(?:\s+of\s+(?:the\s+)?thyroid)?");
        for m in lobes.find_iter(needs!("thyroid", "goiter", "goitre").scope(needs!("lobe").scope_in(low))) {
            // Said with the organ, the vocabulary has already found it; "the
            // left lobe of the liver" in the same sentence is another organ's.
            let said = m.as_str().to_ascii_lowercase();
            if said.ends_with("thyroid") || re!(r"^\s+of\b").is_match(&text[m.end()..]) {
                continue;
            }
            if let Some(e) = self.lookup("thyroid lobe") {
                let lobe = m.start() + said.find("lobe").unwrap_or(0);
                out.push(Mention {
                    entry: e.clone(),
                    range: base + lobe..base + m.end(),
                    sides: sides_around(&text[..lobe], &text[m.end()..]),
                    weight: Weight::Plain,
                });
            }
        }
        out
    }

    /// Whether "bilateral"/"unilateral" qualifies a lesion or a site ("bilateral
    /// knee effusions", "lesions distributed unilaterally") rather than a sign
    /// ("bilateral wheezing") or a procedure.
    fn qualifies_lesion(&self, before: &str, after: &str, adverb: bool) -> bool {
        const LESION: &str = r"(?:lesions?|nodules?|plaques?|papules?|macules?|patches|masses|mass|tumou?rs?|swellings?|involvement|distribution|presentation|calcinosis|calcifications?|deposits?|cataracts?|effusions?|infiltrates?|opacities|ulcers?|ulcerations?|cysts?|abscess(?:es)?|hydronephrosis|ptosis|oedema|edema|enlargement|fractures?|disease|hemorrhages?|haemorrhages?|pneumonia|pneumothorax|nephrolithiasis|hernias?|band|streaks?)";
        let near_after = &after[..crate::ingest::layout::floor_char_boundary(after, 60)];
        // "bilateral wheezing", "bilateral visual loss", "bilateral chest tubes":
        // a sign of the examination or a procedure, not where the disease is.
        if re!(&format!(
            r"(?i)^\s+(?:[\w-]+\s+){{0,2}}?(?:{SIGNS}|tubes?|drains?|catheters?|approach|injections?|blocks?)\b"
        ))
        .is_match(near_after)
        {
            return false;
        }
        // "bilateral upper extremities weakness": a symptom of a site, often of
        // a systemic or neurological disease.
        if re!(r"(?i)^\s+(?:[\w-]+\s+){0,3}?(?:weakness|numbness|paresis|paralysis|palsy|hemiparesis|paresthesi\w*|hypertrophy|pseudohypertrophy|wasting)\b").is_match(near_after) {
            return false;
        }
        // "Index bilaterally was 0.57": an adverb qualifies what comes before it.
        if adverb {
            let tail = &before[crate::ingest::layout::floor_char_boundary(before, before.len().saturating_sub(60))..];
            return re!(&format!(r"(?i){LESION}\b[^.;]*$")).is_match(tail);
        }
        if re!(&format!(r"(?i)^\s+(?:[\w-]+\s+){{0,2}}?{LESION}\b")).is_match(near_after) {
            return true;
        }
        // "bilateral open-angle glaucoma", "bilateral pyelonephritis": a disease name.
        if re!(r"(?i)^\s+(?:[\w-]+\s+){0,2}?[a-z-]+(?:itis|omas?|osis|oses|pathy|pathies|glaucoma|cataracts?)\b")
            .is_match(near_after)
        {
            return true;
        }
        // A site within the next three words.
        let words_end = near_after.split_whitespace().take(4).map(str::len).sum::<usize>() + 4;
        let window = &near_after[..crate::ingest::layout::floor_char_boundary(near_after, words_end)];
        if self.dict.find_iter(window).next().is_some() {
            return true;
        }
        // "lesions … distributed bilaterally".
        let tail = &before[crate::ingest::layout::floor_char_boundary(before, before.len().saturating_sub(60))..];
        re!(&format!(r"(?i){LESION}\b[^.;]*$")).is_match(tail)
    }

    /// Fill `sites`, `sides` and `laterality`.
    pub(crate) fn extract(&self, ctx: &Ctx, r: &mut CaseReport, log: &mut EvidenceLog) {
        let mut mentions: Vec<Mention> = Vec::new();
        let mut general_sides: Vec<(Side, Range<usize>, Weight)> = Vec::new();
        let mut explicit: Vec<(Laterality, Range<usize>)> = Vec::new();
        for s in &ctx.sentences {
            if !ctx.about_patient(s) {
                continue;
            }
            let t = ctx.text(s);
            let low = ctx.lowered(s);
            let mut found = self.mentions(&low, s.range.start);
            // Both side patterns need "left" or "right", the laterality words
            // "lateral" or "one-sided"; most sentences hold neither. A sentence
            // that names no site and none of these adds nothing, so the tests
            // below are not run on it.
            let with_side = needs!("left", "right").scope_in(&low);
            let with_laterality = needs!("lateral", "one-sided").scope_in(&low);
            if found.is_empty() && with_side.is_empty() && with_laterality.is_empty() {
                continue;
            }
            // "normal liver and renal function tests": organs named by their
            // tests; "lungs clear bilaterally": an examination, not a lesion.
            if super::treatment::lab_sentence(&low) || normal_finding(t) {
                continue;
            }
            let symptom = symptom_sentence(t);
            for m in &mut found {
                m.weight = mention_weight(t, m.range.start - s.range.start, m.range.end - s.range.start, symptom);
            }
            if past_history(t) {
                // Sites of past operations are kept, but not as sides of this lesion.
                found.iter_mut().for_each(|m| m.sides.clear());
                mentions.extend(found);
                continue;
            }
            mentions.extend(found);
            // "the right side of her body", "left-sided"; "the lesion on the right
            // side", "the left nodule" (a lesion's side without a site).
            let side_phrases = re!(
                r"(?i)\b(left|right)(?:[- ]hand)?\s+side\s+of\s+(?:the|her|his|their)\s+(?:body|face|trunk|head|neck|chest|abdomen|back)\b|\b(left|right)[- ]sided\b|\b(?:lesions?|nodules?|mass|swelling|ulcer|plaque|deposits?)\s+(?:on|over|of|in)\s+the\s+(left|right)(?:\s+side\b|\s*[,.;)]|\s+and\b|$)|\bthe\s+(left|right)\s+(?:lesions?|nodules?|mass|swelling|ulcer|plaque)\b"
            );
            // "a right lumbar abdominal-wall abscess": a side qualifying a lesion
            // through words that name no unpaired organ ("left ventricular thrombus").
            let side_lesion = re!(&format!(
                r"(?i)\b(left|right)[- ]((?:[\w-]+\s+){{0,3}}?){}",
                LESION_WORDS.trim_start_matches("(?i)")
            ));
            for c in side_lesion.captures_iter(with_side) {
                let (Some(w), Some(between), Some(m)) = (c.get(1), c.get(2), c.get(0)) else { continue };
                // A region of the body wall ("lumbar", "chest wall") keeps the side.
                if self.dict.find_iter(between.as_str()).any(|h| !h.entry.paired && !on_body_surface(&h.entry.path)) {
                    continue;
                }
                let side = if w.as_str().eq_ignore_ascii_case("left") { Side::Left } else { Side::Right };
                let weight = if hedged(near(t, m.start(), m.end())) { Weight::None } else { Weight::Lesion };
                general_sides.push((side, s.range.start + m.start()..s.range.start + m.end(), weight));
            }
            for c in side_phrases.captures_iter(with_side) {
                let Some(w) = (1..=4).find_map(|i| c.get(i)) else { continue };
                let side = if w.as_str().eq_ignore_ascii_case("left") { Side::Left } else { Side::Right };
                let lesion = c.get(3).is_some() || c.get(4).is_some();
                if let Some(m) = c.get(0) {
                    let weight = if hedged(near(t, m.start(), m.end())) {
                        Weight::None
                    } else if lesion {
                        Weight::Lesion
                    } else {
                        mention_weight(t, m.start(), m.end(), symptom)
                    };
                    general_sides.push((side, s.range.start + m.start()..s.range.start + m.end(), weight));
                }
            }
            let laterals = re!(r"(?i)\b(unilateral(?:ly)?|bilateral(?:ly)?|one-sided)\b");
            for m in laterals.find_iter(with_laterality) {
                let before = &t[..m.start()];
                // "no bilateral", "not unilateral", and the title's own claim words.
                if re!(r"(?i)\b(?:no|not|without|neither)\s+(?:\w+\s+)?$").is_match(before) {
                    continue;
                }
                if hedged(near(t, m.start(), m.end()))
                    || !self.qualifies_lesion(before, &t[m.end()..], m.as_str().ends_with("ly"))
                {
                    continue;
                }
                let w = m.as_str().to_lowercase();
                let lat = if w.starts_with("bilateral") { Laterality::Bilateral } else { Laterality::Unilateral };
                explicit.push((lat, s.range.start + m.start()..s.range.start + m.end()));
            }
        }
        // Sides of paired sites and general side phrases.
        // Sides (with where they were said) of at least a weight.
        let sided = |w: Weight| -> Vec<(Side, Range<usize>, &'static str)> {
            let of_sites = mentions
                .iter()
                // A lesion on one side of an unpaired region of the body
                // surface ("a mass on the left chest wall") is one-sided too.
                .filter(|m| {
                    (m.entry.paired || (m.weight == Weight::Lesion && on_body_surface(&m.entry.path))) && m.weight >= w
                })
                .flat_map(|m| m.sides.iter().map(move |s| (*s, m.range.clone(), "sides-of-sites")));
            let general = general_sides.iter().filter(|g| g.2 >= w).map(|g| (g.0, g.1.clone(), "side-phrase"));
            of_sites.chain(general).collect()
        };
        let mut found = sided(Weight::Lesion);
        if found.is_empty() {
            found = sided(Weight::Plain);
        }
        let sides: BTreeSet<Side> = found.iter().map(|f| f.0).collect();
        // "the majority of these on the right side", "right-predominant": a
        // predominance, so lesions lie on both sides, whatever sides are named.
        let predominant = ctx.sentences.iter().filter(|s| ctx.about_patient(s)).any(|s| {
            let t = ctx.text(s);
            needs!("left", "right").may_match_in(&ctx.lowered(s))
                && re!(r"(?i)\b(?:majority|most|mostly|mainly|predominantly|largely|chiefly|principally)\b[^.;]{0,30}\b(?:left|right)\b|\b(?:left|right)[- ](?:predominant|dominant)\b")
                    .is_match(t)
        });
        // In a series ("Case 1 … right foot. Case 2 … left foot") each patient
        // may be one-sided although the report names both sides.
        let units = super::patients::case_units(ctx);
        let per_patient_unilateral = !units.is_empty()
            && sides.len() == 2
            && (0..units.len()).all(|k| {
                let (a, b) = (units[k], units.get(k + 1).copied().unwrap_or(usize::MAX));
                found.iter().filter(|f| f.1.start >= a && f.1.start < b).map(|f| f.0).collect::<BTreeSet<_>>().len()
                    <= 1
            })
            && found.iter().all(|f| f.1.start >= units[0]);
        let has_uni = explicit.iter().any(|(l, _)| *l == Laterality::Unilateral);
        let has_bi = explicit.iter().any(|(l, _)| *l == Laterality::Bilateral);
        let laterality = match (has_uni, has_bi) {
            (true, false) => Some(Laterality::Unilateral),
            (false, true) => Some(Laterality::Bilateral),
            _ if per_patient_unilateral => Some(Laterality::Unilateral),
            _ if predominant => None,
            _ => match sides.len() {
                1 => Some(Laterality::Unilateral),
                2 => Some(Laterality::Bilateral),
                _ => explicit.first().map(|(l, _)| *l),
            },
        };
        r.laterality = laterality;
        r.sides = match laterality {
            Some(Laterality::Bilateral) => vec![Side::Left, Side::Right],
            _ => sides.iter().copied().collect(),
        };
        if let Some(lat) = laterality {
            let rule_range = explicit.iter().find(|(l, _)| *l == lat).map(|(_, r)| (r.clone(), "explicit"));
            // The evidence is a side that counted, not merely the first one said.
            let from_sides = found.iter().min_by_key(|f| f.1.start).map(|(_, r, rule)| (r.clone(), *rule));
            if let Some((range, rule)) = rule_range.or(from_sides) {
                log.push("laterality", lat.as_str(), range, rule);
            }
        }
        for (s, range, _) in &general_sides {
            log.push("sides", s.as_str(), range.clone(), "side-phrase");
        }
        // Sites, each with its side; a unilateral case lends its side to paired
        // sites named without one.
        let lone_side = (laterality == Some(Laterality::Unilateral) && r.sides.len() == 1).then(|| r.sides[0]);
        let mut seen: BTreeSet<(String, Option<Side>)> = BTreeSet::new();
        for m in &mentions {
            let (list, rule): (Vec<Option<Side>>, &str) = if !m.sides.is_empty() {
                (m.sides.iter().copied().map(Some).collect(), "site-with-side")
            } else if let (Some(side), true) = (lone_side, m.entry.paired && on_body_surface(&m.entry.path)) {
                (vec![Some(side)], "side-from-unilateral-case")
            } else {
                (vec![None], "site")
            };
            for side in list {
                if seen.insert((m.entry.canonical.clone(), side)) {
                    let value = match side {
                        Some(s) => format!("{} ({})", m.entry.canonical, s.as_str()),
                        None => m.entry.canonical.clone(),
                    };
                    log.push("sites", value, m.range.clone(), rule);
                    r.sites.push(Site {
                        term: m.entry.canonical.clone(),
                        region: m.entry.region.clone(),
                        path: m.entry.path.clone(),
                        side,
                    });
                }
            }
        }
        // A site known with a side makes the same site without one redundant.
        let sided: BTreeSet<String> = r.sites.iter().filter(|s| s.side.is_some()).map(|s| s.term.clone()).collect();
        r.sites.retain(|s| s.side.is_some() || !sided.contains(&s.term));
    }
}

/// An examination that found nothing ("lungs clear to auscultation
/// bilaterally", "normal right adnexa"): its sites are not sites of disease.
fn normal_finding(t: &str) -> bool {
    re!(r"(?i)\b(?:normal|unremarkable|negative|clear to auscultation|clear bilaterally|intact|symmetric(?:al)?|equal (?:air ?entry|breath sounds)|within normal limits)\b")
        .is_match(t)
        && !re!(r"(?i)\b(?:lesions?|nodules?|mass|swelling|tumou?r|ulcer|pain|abnormal)\b").is_match(t)
}

/// A sentence of the past history, whose sides are of earlier events.
fn past_history(t: &str) -> bool {
    re!(r"(?i)\b(?:past (?:medical |surgical )?history|medical history|had (?:previously )?undergone|previously underwent|years (?:ago|earlier|before)|prior (?:surgery|operation))\b").is_match(t)
}

/// Sites a one-sided skin or limb presentation can lend its side to; internal
/// organs named in the work-up ("renal function") cannot.
fn on_body_surface(path: &str) -> bool {
    ["/limb", "/head", "/neck", "/trunk", "/genitalia", "/musculoskeletal system/joint"]
        .iter()
        .any(|p| path.starts_with(p))
}

/// Words before an ambiguous term that make it anatomical ("her back", "the lower back").
fn anatomical_context(before: &str, after: &str) -> bool {
    re!(r"(?i)\b(?:her|his|their|the|both|left|right|upper|lower|mid|entire|whole|its|dorsal|ventral|bilateral|on|over|of|patient['’]s)\s*$").is_match(before)
        && !re!(r"(?i)^\s*(?:to|into|from|up|down|then|again|and forth|of the (?:department|team|unit))\b").is_match(after)
}

/// "chest X-ray", "abdominal CT", "radiograph of the hand": imaging, not disease.
fn imaging_target(before: &str, after: &str) -> bool {
    re!(r"(?i)^\s*(?:x-?rays?|radiographs?|radiography|ct|mri|mr|scans?|ultrasounds?|ultrasonography|sonography|films?|computed|magnetic|angiograph\w*|doppler|scintigraph\w*|roentgenogra\w*|imaging|tomography)\b").is_match(after)
        || re!(r"(?i)\b(?:x-?rays?|radiographs?|radiography|ct|mri|scans?|ultrasound|ultrasonography|imaging|tomography)\s+(?:of\s+)?(?:the\s+|both\s+)?(?:\w+\s+)?$").is_match(before)
}

/// Sides named next to a site.
fn sides_around(before: &str, after: &str) -> Vec<Side> {
    let tail = &before[crate::ingest::layout::floor_char_boundary(before, before.len().saturating_sub(40))..];
    // Every pattern below needs one of these words, before the site or
    // after it; most sites are named with none (seven patterns were run for
    // each site named).
    if !needs!("bilateral", "both", "either", "two", "left", "right").may_match(tail)
        && !needs!("bilateral", "both", "left", "right").may_match(after)
    {
        return Vec::new();
    }
    if re!(r"(?i)\b(?:bilateral|both|either)\s+(?:[a-z-]+\s+){0,2}$").is_match(tail)
        // "both sides of the neck", "the two lobes of the thyroid".
        || re!(r"(?i)\b(?:both|the\s+two)\s+(?:sides|halves|lobes)\s+of\s+(?:the|her|his|their)\s+$").is_match(tail)
        || re!(r"(?i)\b(?:left|right)\s+and\s+(?:left|right)\s+(?:(?:sides?|areas?|parts?|aspects?|halves)\s+of\s+(?:the|her|his|their|both)\s+)?(?:[a-z-]+\s+){0,1}$").is_match(tail)
        || re!(r"(?i)^\s*bilaterally\b").is_match(after)
        || re!(r"(?i)^\s*(?:on|of)\s+both\s+sides\b").is_match(after)
    {
        return vec![Side::Left, Side::Right];
    }
    if let Some(c) = re!(r"(?i)\b(left|right)(?:[- ]sided)?\s+(?:[a-z-]+\s+){0,2}$").captures(tail) {
        // "right upper eyelid", "left distal forearm": a side and at most two modifiers.
        let modifiers = tail[c.get(1).map_or(0, |m| m.end())..].split_whitespace().count();
        if modifiers <= 2
            && !re!(r"(?i)\b(?:and|or|with|to|of|in)\s+(?:[a-z-]+\s+)?$")
                .is_match(&tail[c.get(1).map_or(0, |m| m.end())..])
        {
            return vec![side_of(&c[1])];
        }
    }
    if let Some(c) = re!(r"(?i)^\s*(?:,\s*)?(?:on|of|at)\s+the\s+(left|right)(?:\s+side|\s+hand side)?\b|^\s*\((left|right)\)|^\s*,\s*(left|right)\b").captures(after) {
        let w = c.get(1).or(c.get(2)).or(c.get(3)).map_or("", |m| m.as_str());
        return vec![side_of(w)];
    }
    Vec::new()
}

fn side_of(w: &str) -> Side {
    if w.eq_ignore_ascii_case("left") {
        Side::Left
    } else {
        Side::Right
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sides_from_phrasing() {
        assert_eq!(sides_around("nodules on the ", " on the right side"), vec![Side::Right]);
        assert_eq!(sides_around("a nodule on her right ", " was"), vec![Side::Right]);
        assert_eq!(sides_around("involving both ", " and"), vec![Side::Left, Side::Right]);
        assert_eq!(sides_around("pain in the left ", ""), vec![Side::Left]);
        assert_eq!(sides_around("a lesion of the ", " and the knee"), Vec::<Side>::new());
    }

    #[test]
    fn imaging_is_not_a_site() {
        assert!(imaging_target("A ", " X-ray was normal"));
        assert!(imaging_target("MRI of the ", " showed"));
        assert!(!imaging_target("a lesion on the ", " was excised"));
    }
}
