//! Treatments and what happened to each.
//!
//! **Names.** Treatment names come from `schema/dict/treatments.tsv` (drug
//! names from FDA UNII, curated procedures, therapies, classes, brands and
//! participles such as "excised" or "transfused"), matched whole-word and
//! case-insensitively, longest first. Beyond the list:
//!
//! - a word ending in a WHO INN stem (`schema/dict/inn-stems.tsv`,
//!   "vedolizumab") that is not in `treatment-stoplist.txt` ("peptide"),
//!   mapped to the closest vocabulary name of the same stem when it is a
//!   misspelling ("myconazole" → miconazole, "leviteracetam" →
//!   levetiracetam);
//! - a vocabulary drug name with a final *e* added or dropped ("bemiparine",
//!   "linezolide", "ceftazidim"), common in translated case reports, or with
//!   one consonant doubled or undoubled ("oxacilin");
//! - a stoplisted analyte the vocabulary knows as a therapy ("oxygen",
//!   "calcium", "vitamin D", "fluids", "radiation"), only as the object of a
//!   giving verb or with a dose ("was given 100% oxygen", "vitamin D 400
//!   IU/day", "5 mL of 50% glucose"), under the therapy's name ("oxygen
//!   therapy");
//! - a coordinated modifier ("platelet and erythrocyte transfusion" also names
//!   a platelet transfusion);
//! - the removal of an organ (`schema/dict/organ-removals.tsv`) as its
//!   operation: "the spleen was also removed" (splenectomy), "resection of
//!   the sigmoid colon" (colectomy), not the removal of a lesion of, in or
//!   from the organ.
//!
//! **Not a treatment.** A name is skipped where it is a level or a deposit
//! ("vitamin D levels", "calcium deposits"), a cause or an exposure
//! ("warfarin-induced", "haemodialysis-associated", "previously associated
//! with surgery", "due to amiodarone", "steroid-free"), a test result (a
//! sentence of laboratory values, a clause listing susceptibilities:
//! "sensitive to ampicillin, cefuroxime"), a test agent
//! ("epinephrine stress test"; the agent is then not given anywhere in the
//! report), an anaesthetic adjunct ("under sedation"), a finding of a
//! diagnostic procedure ("thoracentesis revealed…", "curettage for
//! evaluation"), the route of another procedure ("lavage via a chest tube"),
//! an instrument, place or purpose ("polypectomy snare", "rehabilitation
//! facility", "for an analgesic aim"), a complication named like a procedure
//! ("air embolization"), a department ("Department of Oral Surgery"), or
//! text that is not prose (menus, leaked reference lists).
//!
//! **Status.** Each mention gets a status from the clause that holds it (the
//! sentence cut at `;`, `:`, "but", "however", "which", "although", "and she
//! was"…), so that one sentence can give one treatment and negate another:
//!
//! - **negated**: a negation before the name with only a noun-phrase list
//!   between ("no antibiotics", "no history of … abdominal surgery", "did not
//!   receive hormonal therapy", "in the absence of arterial embolization",
//!   "without hyperbaric oxygen", "decided against a barium enema"), or after
//!   it ("X was not given", "X could not be performed", "X was
//!   contraindicated / not available", "X was indicated but could not be
//!   performed"). Not negations: "no response to X", "not treated with X
//!   until day 3", "X was not successful" (X was given);
//! - **declined**: "she declined excision", "the parents refused surgery",
//!   "offered surgery but declined", and an offer or plan followed by a
//!   sentence that only says the patient refused ("Surgery was proposed. She
//!   refused.");
//! - **offered**: in the narrative, "excision has been offered", "surgery was
//!   recommended / proposed / discussed with her", "she was informed that
//!   surgery was necessary"; elsewhere only an offer made to someone
//!   ("offered to the patient");
//! - **planned**: "surgery is planned", "scheduled for excision", "it was
//!   decided that adjuvant radiotherapy…", "referred for surgery", "awaiting
//!   transplantation", "placed on the list for bone marrow transplantation";
//!   not when a done verb intervenes ("underwent excision and is scheduled
//!   for follow-up", "was performed as scheduled");
//! - **given**: in the case narrative, unless hypothetical or negated ("she
//!   was started on diltiazem", "underwent excision", "past history of
//!   cholecystectomy", "her medications were metoprolol and aspirin"); in the
//!   title unless negated or hypothetical ("Successful treatment of … with X",
//!   "Air embolism during pleurodesis"); in the abstract, the conclusion and,
//!   when the sentence is about this patient ("in our patient", "we
//!   treated", or a past act reported without citing or generalising), the
//!   background and discussion, when the clause says it was done ("was
//!   accomplished by", "in spite of several sessions of", "status post");
//! - **discussed**: everything else: background and literature ("has been
//!   reported", `[3]`), options and hypotheticals ("may be helpful", "could be
//!   considered", "is the treatment of choice", "X versus Y"; outside the
//!   narrative the whole sentence is read for them), and treatments of
//!   relatives ("her mother underwent surgery", "his father had pancreatitis
//!   which required surgery").
//!
//! **Per report.** A treatment mentioned several times takes the first status
//! in the order given > declined > offered > planned > negated > discussed.
//! A class is not given for a mention that names the agent realising it
//! ("antibiotic therapy with cefuroxime", "paclitaxel chemotherapy",
//! "analgesia (fentanyl)", "antibiotics such as ceftazidime") or refers back
//! to such a mention ("radiotherapy commencing 3 weeks after chemotherapy"),
//! nor when a
//! given drug carries its INN stem (alendronate for bisphosphonates,
//! prednisone for corticosteroids); the generic "surgery" and "resection"
//! are not given when the report names the operation.
//!
//! **Known misses.** Status decided across sentences other than a refusal
//! ("The options were discussed. Excision was chosen."); treatments told by
//! a verb the vocabulary has no participle for ("the testis was fixed in a
//! subdartos pouch", "the ankle was immobilised");
//! misspellings further from the name than a stem or a doubled letter allow
//! ("ketiapin" for quetiapine); a class realised by named agents and later
//! named on its own ("the patient received multiple courses of chemotherapy")
//! counts as the class given; a diagnostic procedure that is also therapeutic
//! when the text only says what it found; a cause the patient did receive
//! ("haemodialysis-associated embolism") is not given.

use std::borrow::Cow;
use std::collections::{BTreeMap, HashSet};
use std::ops::Range;
use std::sync::OnceLock;

use rustc_hash::{FxHashMap, FxHashSet};

use super::{Ctx, EvidenceLog, Lowered, Needs};
use crate::doc::SectionKind;
use crate::error::Result;
use crate::pattern::Pattern;
use crate::record::{CaseReport, Treatment, TreatmentStatus};
use crate::text::Sentence;
use crate::vocab::{self, Dict, Stem, TreatmentEntry, WordStarts};

/// The compiled treatment vocabulary.
#[derive(Debug)]
pub struct TreatmentExtractor {
    dict: Dict<TreatmentEntry>,
    stems: Vec<Stem>,
    /// Per stem (same index as `stems`), the vocabulary's one-word drug terms
    /// ending in it, with their canonical names: the candidates a misspelt
    /// stem word is mapped to.
    stem_terms: Vec<Vec<(&'static str, &'static str)>>,
    /// One-word drug terms → canonical name, for spelling variants.
    drug_words: FxHashMap<&'static [u8], &'static str>,
    /// The shapes of those terms: per first and last letter, a bit per
    /// length. A spelling variant is looked up only when a term of its shape
    /// exists, which rules out most long words in a few table reads.
    drug_shapes: Box<[[u64; 26]; 26]>,
    /// The same per first, second and last letter (see [`outline`]): checked
    /// for each variant spelt, before it is hashed and looked up.
    drug_outlines: Box<[u64]>,
    /// The same terms squeezed (see [`squeeze`]): a word one doubled or
    /// undoubled letter away from a term squeezes to the same.
    drug_squeezed: FxHashSet<Vec<u8>>,
    /// The last three letters of the stems, when every stem has three: most
    /// words end in none of them, which one lookup tells.
    stem_tails: Option<FxHashSet<[u8; 3]>>,
    /// Words that only look like drug names.
    stop: HashSet<&'static str>,
    /// The stoplisted analytes the vocabulary knows as a therapy ("oxygen"
    /// as "oxygen therapy", "calcium" as "calcium supplementation", "fluids"
    /// as "intravenous fluids"): a treatment only as the object of a giving
    /// verb ("was given oxygen", "calcium was administered").
    analytes: Dict<TreatmentEntry>,
    /// Organ → the operation that removes it (`schema/dict/organ-removals.tsv`).
    organs: FxHashMap<&'static str, &'static str>,
    /// The patterns that read an organ's removal, compiled on first use.
    organ_patterns: OnceLock<OrganPatterns>,
}

/// The patterns of [`TreatmentExtractor::organ_removals`].
#[derive(Debug)]
struct OrganPatterns {
    /// "the spleen was (also) removed": the organ, what stands between it
    /// and the verb, the verb.
    passive: Pattern,
    /// "resection of the gallbladder": the noun, the organ, the next word.
    active: Pattern,
    /// An organ alone: whether the sentence names one, and the others named
    /// in a passive's subject.
    organ: Pattern,
}

/// One treatment mention and its status.
#[derive(Debug, Clone, PartialEq)]
pub struct Mention<'e> {
    /// Canonical name.
    pub name: Cow<'e, str>,
    /// Kind (drug, procedure, therapy or class).
    pub kind: &'e str,
    /// Status decided from the sentence.
    pub status: TreatmentStatus,
    /// Byte range of the name in the document text.
    pub range: Range<usize>,
    /// The cue that decided the status.
    pub rule: &'static str,
    /// A class named as the umbrella of an agent named with it ("antibiotic
    /// therapy with cefuroxime"): the agent, not the class, is the treatment.
    pub umbrella: bool,
    /// Named as a point in time ("after chemotherapy", "following surgery"):
    /// a reference back to a treatment told elsewhere.
    pub back_reference: bool,
}

/// A name found in a sentence, before its status is read.
struct Found<'e> {
    range: Range<usize>,
    name: Cow<'e, str>,
    kind: &'e str,
}

/// Generic names of an operation: when the report names the operation
/// ("thyroidectomy"), "six days after surgery" adds nothing.
const GENERIC_PROCEDURES: &[&str] = &["surgery", "resection"];

impl TreatmentExtractor {
    /// Compile the treatment vocabulary and stems.
    pub fn new() -> Result<TreatmentExtractor> {
        let rows = vocab::treatment_rows()?;
        let dict = vocab::treatment_dict(&rows)?;
        let stems = vocab::stems()?;
        let one_word_drugs =
            || rows.iter().filter(|r| r.kind == "drug" && r.term.bytes().all(|b| b.is_ascii_lowercase()));
        let drug_words: FxHashMap<&'static [u8], &'static str> =
            one_word_drugs().map(|r| (r.term.as_bytes(), r.canonical)).collect();
        let mut drug_shapes = Box::new([[0u64; 26]; 26]);
        for w in drug_words.keys() {
            if let (Some(f), Some(l)) = (w.first().and_then(|&b| letter(b)), w.last().and_then(|&b| letter(b))) {
                drug_shapes[f][l] |= 1 << w.len().min(63);
            }
        }
        let mut drug_outlines = vec![0u64; 26 * 26 * 26].into_boxed_slice();
        for w in drug_words.keys() {
            if let Some((i, bit)) = outline(w) {
                drug_outlines[i] |= bit;
            }
        }
        let drug_squeezed = drug_words.keys().map(|w| squeeze(w, &mut vec![0; w.len()]).to_vec()).collect();
        let stem_tails = stems
            .iter()
            .map(|s| match *s.stem.as_bytes() {
                [.., a, b, c] => Some([a, b, c]),
                _ => None,
            })
            .collect();
        // One pass over the drugs, trying each suffix against the stems, not
        // one pass per stem: this runs at every start-up, queries included.
        let stem_index: FxHashMap<&str, usize> = stems.iter().enumerate().map(|(i, s)| (s.stem.as_str(), i)).collect();
        let mut stem_terms: Vec<Vec<(&'static str, &'static str)>> = vec![Vec::new(); stems.len()];
        for r in one_word_drugs() {
            for (at, _) in r.term.char_indices() {
                if let Some(&i) = stem_index.get(&r.term[at..]) {
                    stem_terms[i].push((r.term, r.canonical));
                }
            }
        }
        let stop = vocab::treatment_stoplist();
        let mut entries: Vec<TreatmentEntry> = Vec::new();
        let mut terms = Vec::new();
        for &term in &stop {
            // Exact lookups, not a search: building the extractor must not
            // build the 36,000 terms' search index, which a query never needs.
            let therapy = ["{} therapy", "{} supplementation", "intravenous {}"]
                .iter()
                .find_map(|shape| dict.exact(&shape.replace("{}", term)).cloned());
            // Only an analyte the vocabulary knows as a therapy can be given:
            // oxygen (oxygen therapy), not air or alcohol.
            if let Some(e) = therapy {
                entries.push(e);
                terms.push((term.to_string(), (entries.len() - 1) as u32));
            }
        }
        let analytes = Dict::new(terms, entries)?;
        let mut organs = FxHashMap::default();
        for (organ, procedure) in vocab::organ_removals()? {
            // The operation must be a procedure of the vocabulary, so that
            // it is found, filtered and queried as the named one is.
            if !dict.exact(procedure).is_some_and(|e| e.canonical == procedure && e.kind == "procedure") {
                return Err(crate::Error::vocabulary(format!(
                    "organ-removals.tsv: {procedure:?} is not a procedure of treatments.tsv"
                )));
            }
            organs.insert(organ, procedure);
        }
        Ok(TreatmentExtractor {
            dict,
            stems,
            stem_terms,
            drug_words,
            drug_shapes,
            drug_outlines,
            drug_squeezed,
            stem_tails,
            stop,
            analytes,
            organs,
            organ_patterns: OnceLock::new(),
        })
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
    pub fn mentions(&self, ctx: &Ctx) -> Vec<Mention<'_>> {
        let mut out: Vec<Mention> = Vec::new();
        // The mentions of the sentence before, which a refusal can take back.
        let mut previous = 0..0;
        let mut words = WordStarts::default();
        for s in &ctx.sentences {
            if matches!(s.kind, SectionKind::Caption | SectionKind::Methods) {
                continue;
            }
            let t = ctx.text(s);
            words.read(t);
            let mut found = self.find(t, &words);
            // Only where the patient's own treatment is told (captions are
            // skipped above): an organ removed in the discussion's review is
            // discussed at most, and reading every sentence for a removal
            // cost 1.9% of extraction's instructions, against 0.8% here.
            if s.kind.is_about_patient() && needs!("remov", "resect", "excis").may_match_in(&ctx.lowered(s)) {
                self.organ_removals(t, &mut found);
            }
            if found.is_empty() {
                if s.kind.is_case() && refusal(t) {
                    for m in &mut out[previous.clone()] {
                        if matches!(m.status, TreatmentStatus::Offered | TreatmentStatus::Planned) {
                            m.status = TreatmentStatus::Declined;
                            m.rule = "declined-next-sentence";
                        }
                    }
                }
                previous = out.len()..out.len();
                continue;
            }
            let first = out.len();
            if s.kind != SectionKind::Title && !looks_like_prose(t) {
                previous = first..first;
                continue;
            }
            // Whether the sentence reports test results: the same for every
            // name in it, so read once, when a name first needs it.
            let mut reports_tests: Option<bool> = None;
            let low = ctx.lowered(s);
            // What was read of the clause of the name before.
            let mut last_clause: Option<ClauseFacts> = None;
            for f in &found {
                let (before, after) = (&t[..f.range.start], &t[f.range.end..]);
                if not_a_treatment(before, &t[f.range.clone()], after)
                    || (f.kind == "procedure" && (diagnostic_finding(after) || route(before)))
                {
                    continue;
                }
                let c = clause(t, &f.range);
                let facts = match &mut last_clause {
                    Some(known) if known.range == c => known,
                    _ => last_clause.insert(ClauseFacts::new(c)),
                };
                if *reports_tests.get_or_insert_with(|| test_report(&low)) || facts.susceptibility_list(&low) {
                    continue;
                }
                let (status, rule) = status(s, &low, f.range.clone(), facts);
                out.push(Mention {
                    name: f.name.clone(),
                    kind: f.kind,
                    status,
                    range: s.range.start + f.range.start..s.range.start + f.range.end,
                    rule,
                    umbrella: is_umbrella(t, f, &found),
                    back_reference: re!(r"(?i)\b(?:after|following|before|since|post|completion of|cessation of|end of)[\s-]+(?:(?:the|his|her|their)\s+)?(?:\w+\s+)?$")
                        .is_match(before),
                });
            }
            // A drug named as a test agent anywhere in the sentence is not
            // given in it ("before the start of epinephrine stress test…,
            // she was started on epinephrine infusion").
            for f in found.iter().filter(|f| test_agent(&t[f.range.end..])) {
                for m in &mut out[first..] {
                    if m.name == f.name {
                        m.status = TreatmentStatus::Discussed;
                        m.rule = "test-agent";
                    }
                }
            }
            previous = first..out.len();
        }
        out
    }

    /// The names in one sentence, left to right: vocabulary terms, then
    /// spelling variants and INN-stem words the vocabulary lacks.
    ///
    /// Kept out of line: inlined into [`TreatmentExtractor::mentions`], its
    /// code was laid out worse as that function grew (319.1M → 324.6M
    /// instructions per 100 synthetic full texts with the organ removals
    /// added to it, 321.7M with this kept apart).
    #[inline(never)]
    fn find(&self, t: &str, words: &WordStarts) -> Vec<Found<'_>> {
        let mut found: Vec<Found> = self
            .dict
            .find_in(t, words)
            .map(|h| Found { range: h.range, name: Cow::Borrowed(&h.entry.canonical), kind: &h.entry.kind })
            .collect();
        let overlaps =
            |found: &[Found], r: &Range<usize>| found.iter().any(|f| f.range.start < r.end && r.start < f.range.end);
        // Ellipsis: "platelet and erythrocyte transfusion" names a platelet
        // transfusion too, when the vocabulary has one.
        for i in 0..found.len() {
            let r = found[i].range.clone();
            let Some((_, rest)) = t[r.clone()].split_once(' ') else { continue };
            let Some(m) = re!(r"([A-Za-z][A-Za-z-]+)(?:\s*,\s*|\s+(?:and|or|and/or)\s+)$").captures(&t[..r.start])
            else {
                continue;
            };
            let Some(word) = m.get(1) else { continue };
            let hit = self.dict.exact(&format!("{} {rest}", word.as_str()));
            if let Some(e) = hit.filter(|e| e.canonical != found[i].name && !overlaps(&found, &word.range())) {
                found.push(Found { range: word.range(), name: Cow::Borrowed(&e.canonical), kind: &e.kind });
            }
        }
        for h in self.analytes.find_in(t, words) {
            if !overlaps(&found, &h.range) && given_as_object(&t[..h.range.start], &t[h.range.end..]) {
                found.push(Found { range: h.range, name: Cow::Borrowed(&h.entry.canonical), kind: &h.entry.kind });
            }
        }
        let known = found.len();
        for r in long_words(t) {
            if overlaps(&found[..known], &r) {
                continue;
            }
            if let Some(name) = self.unknown_word(&t[r.clone()]) {
                found.push(Found { range: r, name, kind: "drug" });
            }
        }
        found.sort_by_key(|f| f.range.start);
        found
    }

    /// Operations told as the removal of an organ: "the spleen was also
    /// removed", "the body and tail of the pancreas were resected",
    /// "resection of the gallbladder". The organ's operation (splenectomy)
    /// is found at the verb or noun, in place of what the vocabulary found
    /// there ("excised" as an excision); its status is read from the clause
    /// as for a named operation.
    ///
    /// Only an organ that is itself removed: not one that a lesion is of,
    /// in or from ("a mass arising from the kidney was removed", "the breast
    /// lump was excised"), which reads as the lesion's excision.
    // Rarely run: kept out of the loop that calls it.
    #[inline(never)]
    fn organ_removals<'s>(&'s self, t: &str, found: &mut Vec<Found<'s>>) {
        let p = self.organ_patterns.get_or_init(|| {
            let mut organs: Vec<&str> = self.organs.keys().copied().collect();
            // Longest first, so that "gall bladder" is read before a shorter organ inside it.
            organs.sort_by_key(|o| std::cmp::Reverse(o.len()));
            let organs = organs.iter().map(|o| regex::escape(o)).collect::<Vec<_>>().join("|");
            let pattern = |p: String| Pattern::new(&p).expect("organ patterns compile");
            OrganPatterns {
                passive: pattern(format!(
                    r"(?i)\b(?P<organ>{organs})\b(?P<gap>[^.;:!?]{{0,60}}?)\b(?:was|were|had been|has been|have been)\s+(?:\w+\s+){{0,2}}?(?P<verb>removed|resected|excised)\b"
                )),
                active: pattern(format!(
                    r"(?i)\b(?P<verb>removal|resection|excision)\s+of\s+(?:the|her|his|their|a|an)\s+(?P<mods>(?:[\w-]+\s+){{0,2}}?)(?P<organ>{organs})\b(?P<next>\s*[\w(]*)"
                )),
                organ: pattern(format!(r"(?i)\b(?:{organs})\b")),
            }
        });
        if !p.organ.is_match(t) {
            return;
        }
        let mut add = |cue: Range<usize>, organ: &str| {
            let Some(&procedure) = self.organs.get(organ.to_ascii_lowercase().as_str()) else { return };
            let f = Found { range: cue.clone(), name: Cow::Borrowed(procedure), kind: "procedure" };
            match found.iter_mut().find(|x| x.range.start < cue.end && cue.start < x.range.end && x.kind == "procedure")
            {
                // The first organ of "the spleen and gallbladder were removed"
                // replaces the bare verb; the others are found beside it.
                Some(x) if !self.organs.values().any(|&p| p == x.name) => *x = f,
                _ => found.push(f),
            }
        };
        for c in p.passive.captures_iter(t) {
            let (Some(organ), Some(gap), Some(verb)) = (c.name("organ"), c.name("gap"), c.name("verb")) else {
                continue;
            };
            if !removed_organ_subject(&t[..organ.start()], gap.as_str()) {
                continue;
            }
            add(verb.range(), organ.as_str());
            for other in p.organ.find_iter(gap.as_str()) {
                add(verb.range(), other.as_str());
            }
        }
        for c in p.active.captures_iter(t) {
            let (Some(organ), Some(verb)) = (c.name("organ"), c.name("verb")) else { continue };
            let next = c.name("next").map_or("", |m| m.as_str().trim());
            let followed = next.is_empty()
                || next.starts_with('(')
                || ORGAN_FOLLOWERS.contains(&next.to_ascii_lowercase().as_str());
            // "resection of the sigmoid colon", not "excision of the mass in the breast".
            let modified = c.name("mods").is_some_and(|m| {
                re!(r"(?i)\b(?:of|from|in|on|into|within|with|and|or|lesions?|mass(?:es)?|tumou?rs?|cysts?|nodules?|lumps?|stones?|polyps?)\b").is_match(m.as_str())
            });
            if followed && !modified {
                add(verb.range(), organ.as_str());
            }
        }
        found.sort_by_key(|f| f.range.start);
    }

    /// A word the vocabulary lacks that still names a drug: a spelling
    /// variant of a vocabulary drug, or a word ending in an INN stem.
    ///
    /// Every long word of a text that no term covers is asked, some 900 per
    /// full text, mostly the same English words in every report, and the
    /// answer costs several lookups: it is remembered per thread, across
    /// documents. The answer depends on the word and the vocabulary alone,
    /// and every extractor is built from the same bundled one.
    fn unknown_word(&self, w: &str) -> Option<Cow<'static, str>> {
        thread_local! {
            static SEEN: std::cell::RefCell<FxHashMap<Box<str>, Option<Cow<'static, str>>>> =
                std::cell::RefCell::new(FxHashMap::default());
        }
        // Bounded, as a stream of documents brings new words without end.
        const MAX_SEEN: usize = 1 << 16;
        SEEN.with_borrow_mut(|seen| {
            if let Some(known) = seen.get(w) {
                return known.clone();
            }
            let name = self.read_unknown_word(w);
            if seen.len() >= MAX_SEEN {
                seen.clear();
            }
            seen.insert(w.into(), name.clone());
            name
        })
    }

    /// [`TreatmentExtractor::unknown_word`], worked out.
    fn read_unknown_word(&self, w: &str) -> Option<Cow<'static, str>> {
        if (8..40).contains(&w.len()) {
            if let Some(c) = self.spelling_variant(w) {
                return Some(Cow::Borrowed(c));
            }
        }
        if let Some(tails) = &self.stem_tails {
            match *w.as_bytes() {
                [.., a, b, c] if tails.contains(&[a, b, c]) => {}
                _ => return None,
            }
        }
        let i = self.stems.iter().position(|s| w.len() >= s.min_len && w.ends_with(&s.stem))?;
        let lower = w.to_ascii_lowercase();
        if self.stop.contains(lower.as_str()) {
            return None;
        }
        Some(match closest(&lower, &self.stem_terms[i]) {
            Some(c) => Cow::Borrowed(c),
            None => Cow::Owned(lower),
        })
    }

    /// The vocabulary drug a long word is a spelling variant of: a final *e*
    /// added or dropped ("bemiparine" for bemiparin, "ceftazidim" for
    /// ceftazidime) or one consonant doubled or undoubled ("oxacilin" for
    /// oxacillin). The variants are spelt in a stack buffer, as this runs on
    /// every long word of the text the vocabulary does not know.
    fn spelling_variant(&self, w: &str) -> Option<&'static str> {
        let w = w.as_bytes();
        let mut buf = [0u8; 48];
        let mut look = |parts: &[&[u8]]| {
            let mut n = 0;
            for p in parts {
                buf[n..n + p.len()].copy_from_slice(p);
                n += p.len();
            }
            let v = &mut buf[..n];
            v.make_ascii_lowercase();
            if outline(v).is_some_and(|(i, bit)| self.drug_outlines[i] & bit == 0) {
                return None;
            }
            self.drug_words.get(&*v).copied()
        };
        let (Some(&first), Some(&last)) = (w.first(), w.last()) else { return None };
        let toggled_e = match w.split_last() {
            Some((b'e', head)) => {
                head.last().filter(|&&l| self.drug_shape(first, l, head.len())).and_then(|_| look(&[head]))
            }
            _ => self.drug_shape(first, b'e', w.len() + 1).then(|| look(&[w, b"e"])).flatten(),
        };
        toggled_e.or_else(|| {
            // Doubling or undoubling a letter keeps the first and the last.
            if !self.drug_shape(first, last, w.len() - 1) && !self.drug_shape(first, last, w.len() + 1) {
                return None;
            }
            // Nor does it change the word with every run of a letter squeezed
            // to one: one lookup rules out every variant of most words.
            let mut squeezed = [0u8; 48];
            if w.len() <= squeezed.len() && !self.drug_squeezed.contains(squeeze(w, &mut squeezed)) {
                return None;
            }
            (1..w.len()).find_map(|i| {
                if w[i] == w[i - 1] {
                    look(&[&w[..i], &w[i + 1..]])
                } else if !b"aeiouy".contains(&w[i].to_ascii_lowercase()) {
                    look(&[&w[..=i], &w[i..]])
                } else {
                    None
                }
            })
        })
    }

    /// Whether a one-word drug term may have this first and last letter
    /// (any case) and length; true when the shape is not tracked.
    fn drug_shape(&self, first: u8, last: u8, len: usize) -> bool {
        match (letter(first), letter(last)) {
            (Some(f), Some(l)) => len >= 63 || self.drug_shapes[f][l] & (1 << len) != 0,
            _ => true,
        }
    }

    /// Fill `treatments`.
    pub(crate) fn extract(&self, ctx: &Ctx, r: &mut CaseReport, log: &mut EvidenceLog) {
        let mentions = self.mentions(ctx);
        let mut best: BTreeMap<&str, (TreatmentStatus, &str)> = BTreeMap::new();
        let mut test_agents: HashSet<&str> = HashSet::new();
        let mut umbrellas: HashSet<&str> = HashSet::new();
        // The words of the drugs given, as written: their INN stems tell
        // their classes ("alendronate sodium" is a bisphosphonate).
        let mut given_words: Vec<&str> = Vec::new();
        for m in &mentions {
            if m.status == TreatmentStatus::Given && m.kind == "drug" {
                given_words.extend(ctx.doc.text[m.range.clone()].split(|c: char| !c.is_ascii_alphabetic()));
            }
            log.push("treatments", format!("{} ({})", m.name, m.status.as_str()), m.range.clone(), m.rule);
            if m.rule == "test-agent" {
                test_agents.insert(&m.name);
            }
            // A class given as the umbrella of its agents is not a treatment
            // of its own, nor is a later reference back to it ("radiotherapy
            // commencing 3 weeks after chemotherapy"); given in another
            // sentence, it is.
            if m.umbrella {
                umbrellas.insert(&m.name);
            }
            if m.status == TreatmentStatus::Given && (m.umbrella || (m.back_reference && umbrellas.contains(&*m.name)))
            {
                continue;
            }
            let e = best.entry(&m.name).or_insert((m.status, m.kind));
            if m.status < e.0 {
                e.0 = m.status;
            }
        }
        for name in &test_agents {
            if let Some(e) = best.get_mut(name) {
                e.0 = e.0.max(TreatmentStatus::Discussed);
            }
        }
        let given: Vec<(&str, &str)> =
            best.iter().filter(|(_, (s, _))| *s == TreatmentStatus::Given).map(|(n, (_, k))| (*n, *k)).collect();
        let covered = |name: &str, kind: &str| {
            (kind == "class"
                && self
                    .stems
                    .iter()
                    .filter(|s| s.class == name)
                    .any(|s| given_words.iter().any(|w| w.len() >= s.min_len && ends_with_ignore_case(w, &s.stem))))
                || (GENERIC_PROCEDURES.contains(&name)
                    && given.iter().any(|&(n, k)| k == "procedure" && !GENERIC_PROCEDURES.contains(&n)))
        };
        let mut list: Vec<Treatment> = best
            .iter()
            .filter(|(name, (status, kind))| *status != TreatmentStatus::Given || !covered(name, kind))
            .map(|(name, (status, kind))| Treatment { name: name.to_string(), kind: kind.to_string(), status: *status })
            .collect();
        list.sort_by(|a, b| a.status.cmp(&b.status).then(a.name.cmp(&b.name)));
        r.treatments = list;
    }
}

/// The index of an ASCII letter in the alphabet, whatever its case.
fn letter(b: u8) -> Option<usize> {
    b.is_ascii_alphabetic().then(|| usize::from(b.to_ascii_lowercase() - b'a'))
}

/// Where a lowercase word's outline (first, second and last letter) has its
/// bit set (one per length) in `drug_outlines`; None for a word too short or
/// not all letters there, or too long, whose outline is not tracked.
fn outline(w: &[u8]) -> Option<(usize, u64)> {
    let (&[a, b, ..], Some(&z)) = (w, w.last()) else { return None };
    let index = |c: u8| c.is_ascii_lowercase().then(|| usize::from(c - b'a'));
    let i = (index(a)? * 26 + index(b)?) * 26 + index(z)?;
    (w.len() < 64).then(|| (i, 1u64 << w.len()))
}

/// `w` lowercased with every run of one letter cut to a single letter
/// ("Oxacillin" → "oxacilin"), written into `buf` (`w` fits in it).
fn squeeze<'b>(w: &[u8], buf: &'b mut [u8]) -> &'b [u8] {
    let mut n = 0;
    for c in w.iter().map(u8::to_ascii_lowercase) {
        if n == 0 || buf[n - 1] != c {
            buf[n] = c;
            n += 1;
        }
    }
    &buf[..n]
}

/// The matches of `\b[A-Za-z][a-z]{5,}\b` (Unicode word boundaries) in `t`,
/// left to right: a letter opening a word, then at least five lowercase
/// letters that end it. Spelt out because it runs on every sentence, and a
/// byte scan costs a fraction of the regex (a test checks they agree).
fn long_words(t: &str) -> impl Iterator<Item = Range<usize>> + '_ {
    let b = t.as_bytes();
    let word_before = move |i: usize| match b.get(i.wrapping_sub(1)) {
        None => false,
        Some(&c) if c.is_ascii() => c.is_ascii_alphanumeric() || c == b'_',
        Some(_) => t[..i].chars().next_back().is_some_and(regex_syntax::is_word_character),
    };
    let word_at = move |j: usize| match b.get(j) {
        None => false,
        Some(&c) if c.is_ascii() => c.is_ascii_alphanumeric() || c == b'_',
        Some(_) => t[j..].chars().next().is_some_and(regex_syntax::is_word_character),
    };
    let mut i = 0;
    std::iter::from_fn(move || {
        while i < b.len() {
            let start = i;
            i += 1;
            if !b[start].is_ascii_alphabetic() || word_before(start) {
                continue;
            }
            let end = start + 1 + b[start + 1..].iter().take_while(|c| c.is_ascii_lowercase()).count();
            // Inside the word no position is a boundary, so the scan goes on
            // after it either way.
            i = end;
            if end - start > 5 && !word_at(end) {
                return Some(start..end);
            }
        }
        None
    })
}

/// A stoplisted analyte given as a treatment: the object of a giving verb
/// ("was given 100% oxygen", "received intravenous calcium", "was given
/// oxygen, fluids and antibiotics"), the subject of one ("potassium was
/// administered", "oxygen administration"), or with a dose ("vitamin D 400
/// IU/day", "5 mL of 50% glucose").
fn given_as_object(before: &str, after: &str) -> bool {
    re!(r"(?i)\b(?:given|gave|giving|received|receiving|administered|administering|administration of|started on|placed on|put on|treated (?:with|by)|supplemented with|supplementation (?:with|of)|replacement (?:with|of)|infusions? of|bolus of|inhalation of|breathing \d+\s*%|\d+(?:[.,]\d+)?\s*(?:mg|g|ml|l|units?|iu) of)\s+(?:(?:\d+(?:\.\d+)?\s*%|high[- ]flow|high[- ]dose|low[- ]dose|oral|intravenous|iv|supplemental|supplementary|humidified|inhaled|inspired|inspiratory|forced|nasal|pure|immediately|also|liters?|litres?|of|\d[\w./]*)\s+){0,4}(?:\w+\s+)?(?:[\w%-]+(?:\s+[\w%-]+)?(?:,\s+|\s+and\s+)){0,4}$").is_match(before)
        || re!(r"(?i)^\s*(?:\([^)]*\)\s*)?(?:(?:was|were)\s+(?:\w+\s+)?(?:given|administered|started|infused|supplemented|prescribed|added|applied|replaced)\b|administration\b|inhalation\b|\d+(?:[.,]\d+)?\s*(?:mg|µg|mcg|g|iu|u|units?|ml|mmol|meq)(?:\s*/\s*(?:day|d|kg|h|hr|hour|week|wk|m2|dose))?(?:[\s,.;)]|$))").is_match(after)
}

/// A sentence that only says the patient refused what the sentence before
/// proposed: "She refused.", "However, the parents declined."
fn refusal(t: &str) -> bool {
    re!(r"(?i)^(?:but |however,? )?(?:she|he|they|the (?:patient|parents|family))(?: \w+)? (?:declined|refused)\b")
        .is_match(t)
}

/// The vocabulary term closest to a misspelt word: edit distance at most one
/// per five letters (at least one), the single best.
fn closest<'a>(w: &str, candidates: &[(&'a str, &'a str)]) -> Option<&'a str> {
    let limit = (w.len() / 5).max(1);
    let mut best: Option<(usize, &str)> = None;
    let mut tie = false;
    for &(term, canonical) in candidates {
        if term.len().abs_diff(w.len()) > limit {
            continue;
        }
        let d = levenshtein(w.as_bytes(), term.as_bytes());
        match best {
            Some((bd, bc)) if d == bd && bc != canonical => tie = true,
            Some((bd, _)) if d >= bd => {}
            _ if d <= limit => {
                best = Some((d, canonical));
                tie = false;
            }
            _ => {}
        }
    }
    best.filter(|_| !tie).map(|(_, c)| c)
}

/// `w` ends with the lowercase `suffix`, whatever the case of `w`.
fn ends_with_ignore_case(w: &str, suffix: &str) -> bool {
    w.len() >= suffix.len() && w.as_bytes()[w.len() - suffix.len()..].eq_ignore_ascii_case(suffix.as_bytes())
}

/// Edit distance between two byte strings.
fn levenshtein(a: &[u8], b: &[u8]) -> usize {
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, &x) in a.iter().enumerate() {
        let mut diag = row[0];
        row[0] = i + 1;
        for (j, &y) in b.iter().enumerate() {
            let next = (diag + usize::from(x != y)).min(row[j] + 1).min(row[j + 1] + 1);
            diag = row[j + 1];
            row[j + 1] = next;
        }
    }
    row[b.len()]
}

/// Of the words of laboratory values in [`lab_sentence`] and
/// [`test_report`], those each alternative holds ("mol/l" of "mmol/l",
/// "µmol/l" and "μmol/l" alike): most sentences hold none, which a pass for
/// the words tells for less than the patterns cost (see [`strong_anchor`]).
fn lab_words() -> &'static Needs {
    needs!(
        "level",
        "serum",
        "plasma",
        "laborator",
        "work",
        "normal",
        "assay",
        "ng/ml",
        "mg/dl",
        "mol/l",
        "iu/l",
        "titer",
        "titre",
        "concentration"
    )
}

/// A sentence that reports laboratory values and no treatment act (also
/// used by the site extractor).
pub(crate) fn lab_sentence(low: &Lowered) -> bool {
    let t = low.text();
    lab_words().may_match_in(low)
        && re!(r"(?i)\b(?:levels?|serum|plasma|laborator\w*|work-?up|within normal|normal limits|normal range|assay|ng/ml|mg/dl|mmol/l|µmol/l|umol/l|iu/l|titer|titre|concentrations?)\b").is_match(t)
        && !re!(r"(?i)\b(?:treat\w*|therap\w*|administ\w*|prescri\w*|started|initiated|commenced|received|given|dose[sd]?|dosage|mg/kg|mg/day|mg daily|daily|twice|infusions?|injections?|tablets?|regimen|underwent|supplement\w*|replacement)\b").is_match(t)
}

/// A sentence that reports test results or laboratory values ("serum
/// calcium levels were normal"), and no treatment act: the names in it are
/// not treatments. Wider than [`lab_sentence`] on both sides: serology counts
/// as a result, operative words ("levels II-IV were dissected") as acts.
fn test_report(low: &Lowered) -> bool {
    let t = low.text();
    (lab_words().may_match_in(low) || needs!("serolog").may_match_in(low))
        && re!(r"(?i)\b(?:levels?|serum|plasma|laborator\w*|work-?up|within normal|normal limits|normal range|assay|ng/ml|mg/dl|mmol/l|µmol/l|umol/l|iu/l|titer|titre|concentrations?|serolog\w*)\b").is_match(t)
        && !re!(r"(?i)\b(?:treat\w*|therap\w*|administ\w*|prescri\w*|started|initiated|commenced|received|given|dose[sd]?|dosage|mg/kg|mg/day|mg daily|daily|twice|infusions?|injections?|tablets?|regimen|underwent|supplement\w*|replacement|transfus\w*|resuscitat\w*|removed|excised|resected|operat\w*|surg\w*|dissection|section)\b").is_match(t)
}

/// A clause that reports a susceptibility test ("the isolate was sensitive
/// to ceftriaxone, cefepime and amikacin", "The organism was ampicillin and
/// ciprofloxacin sensitive"): the drugs are results, not treatments.
fn susceptibility_list(low: &Lowered) -> bool {
    let clause = low.text();
    needs!("sensitiv", "susceptib", "resistan", "antibiogram", "mic").may_match_in(low)
        && re!(r"(?i)\b(?:sensitiv\w*|susceptib\w*|resistan\w*|antibiogram|mic)\b").is_match(clause)
        && !re!(r"(?i)\b(?:treat\w*|therap\w*|administ\w*|prescri\w*|started|initiated|commenced|received|given|switched|changed|continued)\b").is_match(clause)
}

/// Whether a sentence is prose rather than a scraped menu or keyword list:
/// long runs of capitalised words without a verb are navigation text.
fn looks_like_prose(t: &str) -> bool {
    if re!(r"Google Scholar|View Article|PubMed Abstract|CrossRef").is_match(t) {
        return false;
    }
    let (words, caps) = capitalised_words(t);
    words < 12 || caps * 5 < words * 3
}

/// How many words of `t` (runs between white space) open with a letter,
/// and how many of those with a capital.
fn capitalised_words(t: &str) -> (usize, usize) {
    let (mut words, mut caps) = (0usize, 0usize);
    if t.is_ascii() {
        // The same count a byte at a time: this runs on every sentence that
        // names a treatment. (Vertical tab is white space to `char`, not to
        // `u8::is_ascii_whitespace`.)
        let b = t.as_bytes();
        let space = |c: u8| c.is_ascii_whitespace() || c == 0x0B;
        for (i, &c) in b.iter().enumerate() {
            if c.is_ascii_alphabetic() && (i == 0 || space(b[i - 1])) {
                words += 1;
                caps += usize::from(c.is_ascii_uppercase());
            }
        }
    } else {
        for w in t.split_whitespace() {
            if w.starts_with(|c: char| c.is_alphabetic()) {
                words += 1;
                caps += usize::from(w.starts_with(char::is_uppercase));
            }
        }
    }
    (words, caps)
}

/// The name is a level, a cause, an exposure, a test result, an anaesthetic
/// adjunct or part of another phrase, not a treatment.
/// The words that may follow the organ of "removal of the spleen": another
/// word (a noun, "the spleen capsule") makes the organ a modifier of what
/// was removed.
const ORGAN_FOLLOWERS: &[&str] =
    &["and", "was", "were", "with", "in", "on", "at", "because", "due", "for", "under", "after", "via", "by", "to"];

/// Whether an organ named after `before` and followed by `gap` before "was
/// removed" is itself what was removed: the gap is empty or goes on with
/// the subject ("the spleen, enlarged to 20 cm, was", "the spleen and
/// gallbladder were", "the pancreas including the tumour were") with no verb
/// of its own, and the organ is not the complement of a lesion ("a mass
/// arising from the kidney", "the lesion in the breast"), only of a part of
/// it ("the tail of the pancreas").
fn removed_organ_subject(before: &str, gap: &str) -> bool {
    let g = gap.trim_start();
    let continues = g.is_empty()
        || g.starts_with([',', '('])
        || re!(r"(?i)^(?:and|including|together with|along with|as well as)\b").is_match(g);
    if !continues || re!(r"(?i)\b(?:was|were|is|are|which|that|who|had|has)\b").is_match(gap) {
        return false;
    }
    match re!(r"(?i)(\w+)\s+(?:of|from|in|on|into|within|involving|infiltrating|invading|near|adjacent to|to)\s+(?:the\s+|her\s+|his\s+)?(?:(?:left|right|upper|lower)\s+)?$").captures(before) {
        Some(c) => re!(r"(?i)^(?:body|tail|head|neck|part|parts|portion|segment|half|rest|remainder|most|all|both|each|one|majority)$").is_match(&c[1]),
        None => true,
    }
}

fn not_a_treatment(before: &str, name: &str, after: &str) -> bool {
    re!(r"(?i)^(?:\s*(?:levels?|concentrations?|deficiency|insufficiency|toxicity|intoxication|poisoning|overdose|metabolism|status|measurements?|assay|values?|excretion|clearance|receptors?|antibod(?:y|ies)|exposure|allergy|hypersensitivity|resistance|resistant|sensitivity|susceptibility|abuse|use disorder|dependence|withdrawal|deposits?|deposition|crystals?|stones?|salts?|homeostasis|channels?|binding|producing|secreting|oxidoreductase|dehydrogenase|synthase|hydroxylase|kinase|-?induced|-?associated|-?related|-?containing|-?rich|(?:skin |patch |prick |stress |provocation |challenge |stimulation |tolerance |suppression )?tests?|snares?|forceps|needles?|tubes?|drains?|kits?|devices?|instruments?|facilit(?:y|ies)|centres?|centers?|units?|wards?|departments?|services?|clinics?|hospitals?|teams?|aims?|purposes?|effects?|properties|actions?|activity|requirements?)\b|-(?:free|sparing|like|dependent|resistant|refractory|naive|naïve|sensitive|responsive|mediated|exposed|eluting|coated)\b)").is_match(after)
        || re!(r"(?i)\b(?:serum|plasma|blood|urinary|urine|ionized|ionised|corrected|elevated|raised|decreased|increased|high|low|normal|abnormal|induced by|caused by|(?:previously|commonly|often|frequently|been|is|are|was|were) associated with|due to|secondary to|exposure to|allergic to|allergy to|intolerant of|intolerance to|history of \w+ abuse|(?:resistant|resistance|sensitive|sensitivity|susceptible|susceptibility) to|air|gas|fat|septic|tumou?r|barium|contrast|(?:results?|findings?|specimens?|samples?|histolog\w*|patholog\w*|cytolog\w*) (?:of|from) (?:the )?(?:\w+ )?)\s*$").is_match(before)
        || (re!(r"(?i)sedat|an(?:a)?esthe|narcosis").is_match(name)
            && re!(r"(?i)\bunder(?:\s+(?:general|local|spinal|regional|conscious|deep|light|intravenous|iv))?\s*$").is_match(before))
        || re!(r"(?i:department|dept\.?|division|service|unit|clinic|institute|school|society|college|journal|faculty|centre|center|board)\s+(?:of|for)\s+(?:(?:[A-Z][\w'-]*|and|&)\s+)*$").is_match(before)
}

/// A procedure that only reports what it found: "thoracentesis revealed no
/// malignancy", "laparoscopy showed a cystic mass".
fn diagnostic_finding(after: &str) -> bool {
    re!(r"(?i)^(?:\s*\([^)]*\))?(?:\s+of\s+the\s+\w+)?(?:\s+(?:was|were)\s+performed,?)?(?:,?\s+which)?\s+(?:revealed|revealing|showed|showing|demonstrated|disclosed|confirmed|yielded|found|was (?:negative|positive|normal|unremarkable|diagnostic)|for (?:diagnosis|diagnostic|evaluation|the (?:\w+ )?evaluation))\b").is_match(after)
}

/// A procedure named as the way into another ("pleural lavage via a chest
/// tube", "pleurodesis within a chest tube").
fn route(before: &str) -> bool {
    re!(r"(?i)\b(?:via|through|within|by way of)\s+(?:an?\s+|the\s+|\w+\s+)?$").is_match(before)
}

/// The text after a name says it is a test agent ("epinephrine stress test").
fn test_agent(after: &str) -> bool {
    re!(r"(?i)^\s*(?:stress|provocation|provocative|challenge|stimulation|suppression|tolerance test)\b")
        .is_match(after)
}

/// Whether a class mention stands for an agent named with it: "antibiotic
/// therapy with cefuroxime", "switched to oral ciprofloxacin", "analgesia
/// (fentanyl)", "chemotherapy by ifosfamide", "paclitaxel chemotherapy".
fn is_umbrella(t: &str, f: &Found, all: &[Found]) -> bool {
    if f.kind != "class" {
        return false;
    }
    all.iter().filter(|d| d.kind == "drug").any(|d| {
        if d.range.start >= f.range.end {
            let between = &t[f.range.end..d.range.start];
            // A new predicate between them ("treated with antibiotics and
            // debridement and was dressed with silver alginate") makes the
            // agent a treatment of its own, not the class's.
            let new_predicate =
                re!(r"(?i)\b(?:and|but|then)\s+(?:then\s+)?(?:was|were|is|are|has|had|she|he|they|we)\b").is_match(between);
            between.len() <= 60
                && !new_predicate
                && re!(r"(?i)^\s*(?:[^\s,;.]+\s+){0,6}?(?:\(|:|\b(?:with|by|to|of|including|such as|namely|consisting of|comprising|(?:regimen|requirements?|treatment|therapy|medications?) (?:was|were|included|consisted of))\b)\s*[^;.()]{0,30}$").is_match(between)
        } else {
            let between = &t[d.range.end..f.range.start];
            between.trim().is_empty()
                || re!(r"(?i)^[^;]{0,40}?\b(?:was|were) added to (?:the |her |his )?(?:\w+ )?$").is_match(between)
        }
    })
}

/// The clause of `t` that holds `name`: cut at `;`, `:`, dashes, a full stop
/// the sentence splitter kept ("(S). Percutaneous…") and the words that open
/// a new clause ("but", "however", "which", "although", "while"…).
fn clause(t: &str, name: &Range<usize>) -> Range<usize> {
    let mut start = 0;
    let mut end = t.len();
    for m in re!(r"(?i);|:\s|(?-i:\.\s+[A-Z])|\s[–—-]\s|\s\(?\b(?:but|however|although|though|whereas|whilst|while|yet|which|who|whose|because|thus|therefore|hence|after which)\b|,?\s+(?:and|so)\s+(?:then\s+)?(?:she|he|they|we|it|the patient|was|were|is|are|has|had)\b|,\s+(?:she|he|they|we)\s+(?:was|were|is|had|has|did|then)\b").find_iter(t) {
        // A boundary may end inside the name: ". Percutaneous drainage".
        if m.start() < name.start {
            start = m.start();
        } else if m.start() >= name.end {
            end = m.start();
            break;
        }
    }
    start..end
}

/// Words that make a stretch of text a clause rather than a noun phrase.
fn has_verb(s: &str) -> bool {
    // A word in -ed is a verb after an auxiliary or a subject ("was
    // started", "she developed"), an adjective otherwise ("inhaled
    // steroids", "combined therapy").
    re!(r"(?i)\b(?:is|are|was|were|be|been|being|has|have|had|did|does|do|will|would|could|should|may|might|can|must|showed|began|became|took|gave|made|underwent|received|developed|occurred|led|resulted|presented|remained)\b").is_match(s)
        || re!(r"(?i)\b(?:she|he|they|we|it|patient|which|who)\s+(?:\w+ly\s+)?[a-z]{3,}ed\b").is_match(s)
}

/// A negation that governs the name: before it in its clause with only a
/// noun-phrase list between, or after it as the clause's predicate.
fn negated(before: &str, after: &str, tail: &str) -> bool {
    // "pericardiocentesis was indicated but could not be performed"
    if re!(r"(?i)^\s*(?:\([^)]*\)\s*)?(?:was|were|is|are)\s+(?:\w+\s+)?(?:indicated|planned|considered|recommended|scheduled|proposed|attempted|necessary)\s*,?\s*but\s+(?:it\s+|they\s+)?(?:could|can|was|were|did)\s+not\b").is_match(tail) {
        return true;
    }
    // "not treated with hyperbaric oxygen until 39 hours later": delayed, given.
    if re!(r"(?i)\buntil\b").is_match(after) {
        return false;
    }
    let pre = re!(
        r"(?i)\b(?:no|not|without|never|neither|nor|none|absence of|free of|denie[sd]|negative for|instead of|rather than|in lieu of|no need for|no indication for|refrained from|decided against|avoid(?:s|ed|ing)?|withh[eo]ld(?:ing)?)\b"
    );
    if let Some(m) = pre.find_iter(before).last() {
        let mut gap = &before[m.end()..];
        // "did not receive", "was not treated with", "never underwent"
        match re!(r"(?i)^\s*(?:(?:be|been|have been|has been|had been)\s+)?(?:receive[ds]?|undergo(?:ne)?|underwent|require[ds]?|need(?:ed|s)?|get|got|take[ns]?|took|use[ds]?|given|give|start(?:ed)?|treated|put|prescribed|administered|offered|have|had|indicated|performed|done|necessary|required)\b(?:\s+(?:with|on|for|to|by))?").find(gap) {
            Some(v) => gap = &gap[v.end()..],
            // "not" and "never" negate a verb: "was not successful, open
            // surgery…" says nothing against the surgery.
            None if gap.trim().is_empty() => return true,
            None if re!(r"(?i)^(?:not|never)$").is_match(m.as_str()) => return false,
            None => {}
        }
        let blocked = re!(r"(?i)\b(?:improve\w*|response|respond\w*|relief|benefit|effect|change|resolution|success|complications?|recurrence|sign|signs|symptoms?|longer|during|after|before|since|following)\b").is_match(gap);
        if !blocked && !has_verb(gap) && gap.split_whitespace().count() <= 20 {
            return true;
        }
    }
    if let Some(m) = re!(r"(?i)\b(?:(?:was|were|is|are|has|have|had|could|can|would|did|does|do)\s+(?:not|never)\s+(?:be\s+|been\s+)?(?:given|started|administered|performed|done|used|required|needed|indicated|available|possible|feasible|carried out|undertaken|initiated|prescribed|received|offered|pursued|necessary|an option|considered|instituted|applied|continued|placed|inserted)|(?:was|were|is|are|has been|had been)\s+(?:withheld|contraindicated|deferred|avoided|unavailable|omitted|unnecessary|not available|not feasible|not possible|not indicated|not an option|not necessary|not required|not needed))\b").find(after) {
        let gap = &after[..m.start()];
        return !has_verb(gap) && gap.split_whitespace().count() <= 12;
    }
    false
}

/// A clause about a relative, not the patient: "her mother underwent surgery".
fn about_relative(clause: &str) -> bool {
    re!(r"(?i)\b(?:(?:his|her|their|the patient's|whose)\s+(?:\w+\s+)?(?:mother|father|sisters?|brothers?|siblings?|cousins?|aunts?|uncles?|grand\w+|son|daughter|relatives?|twin)|family history)\b").is_match(clause)
}

/// Options, conditions and modal verbs: "may be helpful", "if it recurs",
/// "could be considered", "X versus Y".
fn hypothetical(clause: &str) -> bool {
    re!(r"(?i)\b(?:may|might|could|can|should|would|shall|must|if|unless|whether|consider(?:ed|ing|ation)?|options?|alternatives?|versus|vs)\b|\?").is_match(clause)
}

/// Softer hedges that in the narrative qualify a diagnosis ("to cover the
/// possible pneumonia") but elsewhere the treatment ("a potentially
/// lifesaving option", "is the treatment of choice").
fn hedged(clause: &str) -> bool {
    re!(r"(?i)\b(?:potential(?:ly)?|possib(?:le|ly|ility)|(?:treatment|therapy|drug|procedure|method) of choice|first[- ]line|second[- ]line|mainstay|guidelines?)\b").is_match(clause)
}

/// Statements about patients in general or the literature.
fn generic(clause: &str) -> bool {
    re!(r"(?i)\b(?:(?:has|have) been (?:used|reported|described|tried|shown|proposed|suggested|employed|advocated|found|recommended|associated|documented)|(?:in|for|of) (?:some|many|most|selected|these|such|other|all|certain) (?:patients|cases|individuals|children|adults)|stud(?:y|ies)|literature|reports?|reported (?:by|in)|trials?|(?:among|in) patients|patients (?:with|who|are|were)|(?:is|are) (?:usually|often|generally|commonly|typically|frequently|rarely|recommended|suggested|advised|indicated|effective|useful|beneficial|helpful|preferred|used|known|reserved|based)|usually|typically|commonly|generally|guidelines?|et al)\b").is_match(clause)
}

/// A clause that says a treatment was done (for sentences outside the case
/// narrative: abstract, conclusion, a discussion sentence about the patient).
fn says_done(clause: &str) -> bool {
    re!(r"(?i)\b(?:was|were|been|had|has|have|is|are)\s+(?:\w+\s+){0,2}?(?:treated|started|given|administered|prescribed|commenced|initiated|performed|done|carried out|instituted|applied|injected|infused|continued|switched|added|tapered|excised|removed|resected|placed|inserted|transfused|managed|put|maintained|dialy[sz]ed|operated|irradiated|discontinued|stopped|withdrawn|changed|increased|reduced|escalated|restarted|received|undergone|successful|effective|used|utili[sz]ed|employed|begun|introduced|implanted|amputated|drained|debrided|grafted|intubated|ventilated|resuscitated|achieved|accomplished|attempted|completed|instructed|supplemented|repaired|fixed|immobili[sz]ed|referred|submitted|had|unsuccessful|ineffective|futile)\b|\b(?:received|receiving|underwent|undergoing|status post|medications (?:included|were)|(?:she|he|patient) had (?:an?|the)|s/p|history of|(?:medical|surgical|past) history|previous(?:ly)?|prior|in spite of|(?:sessions?|courses?|cycles?|doses?) of|responded|response to|improved|resolved|recovered|treated (?:\w+ )?(?:with|by)|treatment with|placed on|kept (?:in|on)|during|therapy with|management with|managed with|on (?:oral|intravenous|iv|topical|daily|maintenance|long-term|chronic)|took|taking|was on|were on|required|requiring|needed|resulted in|led to|leading to|followed by|despite|after|following|successful(?:ly)?|we (?:performed|started|administered|gave|prescribed|initiated|excised|removed|used|applied|treated|decided|chose|opted|elected))\b").is_match(clause)
}

/// A past-tense treatment verb in the clause: strong enough to outweigh a
/// generic word ("she was treated with X, as in some reports").
fn strongly_done(clause: &str) -> bool {
    re!(r"(?i)\b(?:was|were|had been|has been)\s+(?:\w+\s+)?(?:treated|started|given|administered|prescribed|performed|excised|removed|resected|initiated|commenced|instituted|continued|managed|unsuccessful)\b|\b(?:received|underwent|continued with|(?:other )?medications (?:included|were))\b").is_match(clause)
}

/// A first-person or "this patient" anchor inside the clause: a discussion
/// sentence about this report's patient even when it also cites others.
fn strong_anchor(low: &Lowered) -> bool {
    // Each half of the pattern needs a word of both its groups, and most
    // clauses lack one group of each. The pattern's own prefilter stops at
    // each of its opening words ("we", "our", "this"), which many clauses
    // hold, inside other words too ("were", "four"): asking for the groups
    // first took this test from 10.9M instructions per 100 synthetic full
    // texts (3,200 a clause) to 3.2M.
    let our = needs!("our", "this", "present", "current", "index");
    let patient = needs!("patient", "case", "child", "girl", "boy", "woman", "man", "infant", "baby", "report");
    let act = needs!(
        "treated",
        "started",
        "administered",
        "gave",
        "prescribed",
        "performed",
        "used",
        "decided",
        "chose",
        "opted",
        "elected",
        "excised",
        "removed"
    );
    let may = low.may_hold_all(&[our, patient]) || low.may_hold_all(&[needs!("we"), act]);
    may && re!(r"(?i)\b(?:(?:our|this|the present|the current|the index)\s+(?:\w+\s+)?(?:patient|case|child|girl|boy|woman|man|infant|baby)|in (?:our|this|the present) (?:case|patient|report)|we\s+(?:treated|started|administered|gave|prescribed|performed|used|decided|chose|opted|elected|excised|removed))\b").is_match(low.text())
}

/// The patient or the family said no: "declined", "refused", "opted
/// against".
fn declined(clause: &str) -> bool {
    re!(r"(?i)\b(?:declined|refused|refusal|did not (?:consent|agree|accept|wish|want)|unwilling|opted (?:against|not)|chose not|preferred not|elected not|denied consent|against medical advice|reluctant)\b").is_match(clause)
}

/// A treatment put to the patient: "offered", "proposed", "recommended",
/// "discussed with her", "informed that surgery was necessary".
fn offered(clause: &str) -> bool {
    re!(r"(?i)\b(?:offered|proposed|suggested|recommended|advised|counsel+ed|(?:was|were) discussed|discussed with|informed (?:that|about|of)|given the option|option of)\b").is_match(clause)
}

/// Where a clause says the treatment is still to come, if it does.
fn planned(clause: &str) -> Option<usize> {
    re!(r"(?i)\b(?:planned|scheduled|plans? (?:to|for)|treatment plan|will|(?:is|are|was|were) to (?:be|undergo|receive|start)|await(?:s|ed|ing)?|(?:waiting )?list (?:of|for)|waiting list|listed for|referred (?:\w+ ){0,4}?for|pending|candidate for|(?:it was|we) decided that|being considered|under consideration|(?:presented|admitted) (?:\w+ ){0,4}?for)\b").find(clause).map(|m| m.start())
}

/// A clause that holds a name, with what is read of the clause alone, once
/// for all the names of a list ("treated with prednisone, methotrexate and
/// azathioprine"), and only when a name's status needs it: most narrative
/// sentences never ask whether the clause anchors on this patient.
struct ClauseFacts {
    /// Byte range in the sentence.
    range: Range<usize>,
    susceptibility_list: Option<bool>,
    anchored: Option<bool>,
}

impl ClauseFacts {
    fn new(range: Range<usize>) -> ClauseFacts {
        ClauseFacts { range, susceptibility_list: None, anchored: None }
    }

    /// [`susceptibility_list`] of the clause of a sentence (`low`).
    fn susceptibility_list(&mut self, low: &Lowered) -> bool {
        *self.susceptibility_list.get_or_insert_with(|| susceptibility_list(&low.slice(self.range.clone())))
    }

    /// [`strong_anchor`] of the clause of a sentence (`low`).
    fn anchored(&mut self, low: &Lowered) -> bool {
        *self.anchored.get_or_insert_with(|| strong_anchor(&low.slice(self.range.clone())))
    }
}

/// The status of the name at `name` in sentence `s` (its text `low`), read from
/// its clause (`facts`).
fn status(s: &Sentence, low: &Lowered, name: Range<usize>, facts: &mut ClauseFacts) -> (TreatmentStatus, &'static str) {
    let t = low.text();
    use TreatmentStatus::*;
    let c = facts.range.clone();
    let cl = &t[c.clone()];
    let (before, after) = (&t[c.start..name.start], &t[name.end..c.end]);
    let cites = s.cites(t);
    let about_patient = match s.kind {
        // A citation in the narrative is usually incidental ("as advised by
        // the poisons service [1]") when the sentence speaks of the patient.
        SectionKind::Case | SectionKind::Other => !cites || facts.anchored(low) || s.anchored(t),
        SectionKind::Title | SectionKind::Abstract | SectionKind::Conclusion => !cites || facts.anchored(low),
        // A background or discussion sentence that reports an act in the
        // past, without citing or generalising, narrates this case: readers
        // misplace case paragraphs ("a modified radical hysterectomy was
        // performed").
        _ => {
            facts.anchored(low) || (!cites && (s.anchored(t) || (strongly_done(cl) && !generic(t) && !hypothetical(t))))
        }
    };
    if !about_patient {
        return (Discussed, if cites { "literature" } else { "background" });
    }
    if negated(before, after, &t[name.end..]) {
        return (Negated, "negation");
    }
    // "his father had pancreatitis which required surgery": a relative
    // clause speaks of the subject before it.
    let relative_scope = if re!(r"(?i)^\W*(?:which|who|whose)\b").is_match(cl) { &t[..name.end] } else { cl };
    if about_relative(relative_scope) {
        return (Discussed, "relative");
    }
    if declined(cl) || (offered(cl) && declined(&t[name.end..])) {
        return (Declined, "declined");
    }
    let narrative = s.kind.is_case();
    // Outside the narrative "recommended" and "suggested" are the
    // literature's voice; only an offer made to someone counts there.
    let offer = if narrative {
        offered(cl)
    } else {
        re!(r"(?i)\b(?:offered|(?:proposed|suggested|recommended) to|advised|counsel+ed)\b").is_match(cl)
    };
    if offer && !strongly_done(before) {
        return (Offered, "offered");
    }
    // A plan before the name governs it ("plan for evaluation of need for
    // AICD") unless a done verb comes between ("referred for an opinion
    // where she underwent biofeedback"); one after it may be the next step
    // of a done treatment ("she underwent excision and is scheduled for
    // follow-up", "the resection was performed as scheduled").
    if planned(cl).is_some_and(|at| {
        let at = c.start + at;
        if at < name.start {
            !strongly_done(&t[at..name.start])
        } else {
            !strongly_done(before) && !strongly_done(&t[name.end..at])
        }
    }) {
        return (Planned, "planned");
    }
    let title = s.kind == SectionKind::Title;
    if hypothetical(cl) || (!narrative && !title && hedged(cl)) {
        return (Discussed, "hypothetical");
    }
    // Outside the narrative the whole sentence is read for hedges: "therapy
    // with IVIG is of unproven efficacy but may be considered".
    if !(narrative || title || (facts.anchored(low) && strongly_done(cl))) && (hypothetical(t) || hedged(t)) {
        return (Discussed, "hypothetical");
    }
    match s.kind {
        SectionKind::Case | SectionKind::Other => {
            if generic(cl) && !strongly_done(cl) {
                (Discussed, "generic")
            } else {
                (Given, "case-narrative")
            }
        }
        SectionKind::Title if generic(cl) => (Discussed, "title-generic"),
        SectionKind::Title => (Given, "title"),
        _ if generic(cl) && !(facts.anchored(low) && strongly_done(cl)) => (Discussed, "generic"),
        SectionKind::Abstract | SectionKind::Conclusion if says_done(cl) => (Given, "summary-says-done"),
        SectionKind::Abstract | SectionKind::Conclusion => (Discussed, "summary-mention"),
        _ if says_done(cl) => (Given, "anchored-sentence"),
        _ => (Discussed, "background"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::doc::{Meta, SourceDoc, TextBuilder};
    use crate::record::Format;
    use TreatmentStatus::*;

    /// Extract one document made of `sections` and return (name, status).
    fn statuses(sections: &[(SectionKind, &str)]) -> Vec<(String, TreatmentStatus)> {
        let mut b = TextBuilder::default();
        for (kind, text) in sections {
            b.push(*kind, None, text);
        }
        let (text, sections) = b.finish();
        let doc = SourceDoc {
            path: "t.txt".into(),
            format: Format::Text,
            record: 0,
            meta: Meta::default(),
            text,
            sections,
            references: vec![],
        };
        let ctx = Ctx::new(&doc);
        let ex = crate::Extractor::global();
        let mut r = CaseReport::default();
        let mut log = EvidenceLog::new(&ctx);
        ex.treatments().extract(&ctx, &mut r, &mut log);
        r.treatments.into_iter().map(|t| (t.name, t.status)).collect()
    }

    #[test]
    fn building_and_looking_up_leaves_the_search_index_unbuilt() {
        // A search process builds the extractor to read its query, and only
        // looks terms up: indexing the 36,000 terms would be wasted on it.
        let t = TreatmentExtractor::new().unwrap();
        assert!(t.lookup("methotrexate").is_some());
        assert!(!t.dict().is_indexed());
    }

    fn one(kind: SectionKind, sentence: &str) -> Vec<(String, TreatmentStatus)> {
        statuses(&[(kind, sentence)])
    }

    #[track_caller]
    fn check(kind: SectionKind, table: &[(&str, &[(&str, TreatmentStatus)])]) {
        for (sentence, want) in table {
            let got = one(kind, sentence);
            let want: Vec<(String, TreatmentStatus)> = want.iter().map(|(n, s)| (n.to_string(), *s)).collect();
            let mut got_sorted = got.clone();
            got_sorted.sort();
            let mut want_sorted = want.clone();
            want_sorted.sort();
            assert_eq!(got_sorted, want_sorted, "{sentence:?}");
        }
    }

    #[test]
    fn long_words_agree_with_the_pattern() {
        let re = regex::Regex::new(r"\b[A-Za-z][a-z]{5,}\b").unwrap();
        for t in [
            "",
            "Diltiazem was started.",
            "abcdef abcde Abcdefg ABCdefgh x_abcdefgh abcdefgh_ abcdefgh1 1abcdefgh",
            "caf\u{e9}ine d\u{e9}bridement \u{e9}abcdefg abcdefg\u{e9} abcdefg\u{301} \u{2019}abcdefg\u{2019}",
            "(cefuroxime), [vancomycin]; \u{3b1}-abcdefgh abcdefgh\u{3b1} \u{b2}abcdefgh \u{2164}abcdefgh",
            "Ceftriaxone-resistant amoxicillinClavulanate aaaaaa aaaaaB aaaaaa\u{200d}x",
        ] {
            let want: Vec<Range<usize>> = re.find_iter(t).map(|m| m.range()).collect();
            assert_eq!(long_words(t).collect::<Vec<_>>(), want, "{t:?}");
        }
    }

    #[test]
    fn an_organ_removed_names_its_operation() {
        check(
            SectionKind::Case,
            &[
                ("The spleen was also removed.", &[("splenectomy", Given)]),
                ("The body and tail of the pancreas including the tumour were resected.", &[("pancreatectomy", Given)]),
                ("The left parathyroid gland was surgically removed.", &[("parathyroidectomy", Given)]),
                ("The spleen and gallbladder were removed.", &[("splenectomy", Given), ("cholecystectomy", Given)]),
                ("The gallbladder was excised laparoscopically.", &[("cholecystectomy", Given)]),
                ("She underwent resection of the sigmoid colon.", &[("colectomy", Given)]),
                ("The spleen was not removed.", &[("splenectomy", Negated)]),
                // A lesion of, in or from the organ is what was removed.
                ("A mass arising from the left kidney was removed.", &[]),
                ("The breast lump was excised.", &[("excision", Given)]),
                ("The tumour infiltrating the pancreas was excised.", &[("excision", Given)]),
                ("She underwent excision of the breast lump.", &[("excision", Given)]),
                // The organ has a verb of its own before the removal.
                ("The spleen was enlarged and the mass was removed.", &[]),
            ],
        );
    }

    #[test]
    fn case_narrative() {
        check(
            SectionKind::Case,
            &[
                ("She was started on diltiazem 60 mg twice daily.", &[("diltiazem", Given)]),
                ("He underwent surgical excision of the nodule.", &[("excision", Given)]),
                (
                    "Her past surgical history included a cholecystectomy ten years earlier.",
                    &[("cholecystectomy", Given)],
                ),
                (
                    "His medications were metoprolol, aspirin and enalapril.",
                    &[("metoprolol", Given), ("aspirin", Given), ("enalapril", Given)],
                ),
                (
                    "After closed reduction under general anesthesia was not successful, open surgery was performed.",
                    &[("closed reduction", Given)],
                ),
                (
                    "Due to a delay in diagnosis, she was not treated with hyperbaric oxygen until 39 hours later.",
                    &[("hyperbaric oxygen therapy", Given)],
                ),
                ("He had received Bacillus Calmette-Guerin vaccine as a child.", &[("bcg vaccine", Given)]),
            ],
        );
    }

    #[test]
    fn negation_in_its_clause() {
        check(
            SectionKind::Case,
            &[
                ("No antibiotics were given.", &[("antibiotics", Negated)]),
                (
                    "There was no history of joint pain or use of non-steroidal anti-inflammatory drugs.",
                    &[("nsaids", Negated)],
                ),
                ("She had not received hormonal therapy.", &[("hormone therapy", Negated)]),
                (
                    "He had no history of alcohol use, liver disease, varices or abdominal aortic surgery.",
                    &[("surgery", Negated)],
                ),
                ("In the absence of arterial embolization, she was monitored.", &[("embolization", Negated)]),
                ("Diltiazem was not started because of hypotension.", &[("diltiazem", Negated)]),
                ("Emergency pericardiocentesis could not be performed.", &[("pericardiocentesis", Negated)]),
                ("Anti-TNF agents were contraindicated.", &[("tnf inhibitors", Negated)]),
                ("She recovered without hyperbaric oxygen therapy.", &[("hyperbaric oxygen therapy", Negated)]),
                ("No complications occurred and she was started on colchicine.", &[("colchicine", Given)]),
                ("There was no improvement after three months of prednisolone.", &[("prednisolone", Given)]),
                ("She has remained steroid-free.", &[]),
            ],
        );
    }

    #[test]
    fn declined_offered_planned() {
        check(
            SectionKind::Case,
            &[
                ("She declined surgical excision.", &[("excision", Declined)]),
                ("The parents refused surgery.", &[("surgery", Declined)]),
                ("Excision of the lesion has been offered to the patient.", &[("excision", Offered)]),
                ("Surgical decompression was discussed, however, the patient elected to continue conservative treatment.", &[("surgical decompression", Offered)]),
                ("Endoscopic removal is scheduled for next month.", &[("endoscopic removal", Planned)]),
                ("It was decided that adjuvant radiotherapy would follow.", &[("radiotherapy", Planned)]),
                ("He was placed on the waiting list for bone marrow transplantation.", &[("hematopoietic stem cell transplantation", Planned)]),
            ],
        );
        // The refusal in the next sentence.
        assert_eq!(
            statuses(&[(SectionKind::Case, "Surgical excision was proposed to the family. They refused.")]),
            vec![("excision".to_string(), Declined)]
        );
    }

    #[test]
    fn hypothetical_and_relatives() {
        check(
            SectionKind::Case,
            &[
                ("Excision of the mass is an option, but recurrence is not uncommon.", &[("excision", Discussed)]),
                ("If the lesions progress, colchicine could be considered.", &[("colchicine", Discussed)]),
                ("Her mother underwent a thyroidectomy for goitre.", &[("thyroidectomy", Discussed)]),
                ("She was referred to the Department of Oral Surgery.", &[]),
            ],
        );
    }

    #[test]
    fn not_treatments() {
        check(
            SectionKind::Case,
            &[
                ("Serum vitamin D levels were low (26 ng/mL).", &[]),
                ("The organism was ampicillin, cefuroxime and ciprofloxacin sensitive.", &[]),
                ("Thoracentesis revealed no malignant cells.", &[]),
                ("The wires were removed under sedation.", &[]),
                ("A case of air embolization is reported.", &[]),
                ("She developed warfarin-induced skin necrosis.", &[]),
            ],
        );
        // A test agent is not given anywhere in the report.
        assert!(statuses(&[(
            SectionKind::Case,
            "Before the epinephrine stress test the QTc was 440 ms. The rate of epinephrine was then increased."
        )])
        .iter()
        .all(|(_, s)| *s != Given));
    }

    #[test]
    fn abstract_title_and_discussion() {
        check(
            SectionKind::Title,
            &[(
                "Successful treatment of venous air embolism with hyperbaric oxygen",
                &[("hyperbaric oxygen therapy", Given)],
            )],
        );
        check(
            SectionKind::Title,
            &[("Cerebral air embolism during endoscopic variceal ligation", &[("band ligation", Given)])],
        );
        check(SectionKind::Title, &[("Surgical removal versus observation of bezoars", &[("excision", Discussed)])]);
        check(
            SectionKind::Abstract,
            &[
                (
                    "Successful treatment was accomplished by hyperbaric oxygen therapy.",
                    &[("hyperbaric oxygen therapy", Given)],
                ),
                ("Hyperbaric oxygen is the treatment of choice.", &[("hyperbaric oxygen therapy", Discussed)]),
                (
                    "NSAIDs, alendronate sodium and steroids were administered.",
                    &[("nsaids", Given), ("alendronic acid", Given), ("corticosteroids", Given)],
                ),
            ],
        );
        check(
            SectionKind::Discussion,
            &[
                ("Our patient was treated with sodium thiosulfate.", &[("sodium thiosulfate", Given)]),
                (
                    "In our case, as in earlier reports [4], intralesional triamcinolone was given.",
                    &[("triamcinolone", Given)],
                ),
                (
                    "Probenecid, colchicine, and warfarin have been useful in some adult patients.",
                    &[("probenecid", Discussed), ("colchicine", Discussed), ("warfarin", Discussed)],
                ),
                ("Bisphosphonates may be helpful in some individuals.", &[("bisphosphonates", Discussed)]),
                ("Diltiazem was given to 12 patients with good results [5].", &[("diltiazem", Discussed)]),
            ],
        );
    }

    #[test]
    fn classes_give_way_to_their_agents() {
        check(
            SectionKind::Case,
            &[
                (
                    "Empiric antibiotic therapy with piperacillin-tazobactam was started.",
                    &[("piperacillin-tazobactam", Given)],
                ),
                ("She received four cycles of paclitaxel chemotherapy.", &[("paclitaxel", Given)]),
                (
                    "NSAIDs, oral bisphosphonates and alendronate were prescribed.",
                    &[("nsaids", Given), ("alendronic acid", Given)],
                ),
                (
                    "The child was treated with antibiotics and anti-inflammatory drugs.",
                    &[("antibiotics", Given), ("anti-inflammatory drugs", Given)],
                ),
            ],
        );
        // The generic "surgery" refers back to the named operation.
        assert_eq!(
            statuses(&[(
                SectionKind::Case,
                "She underwent a total thyroidectomy. Six days after surgery she was discharged."
            )]),
            vec![("thyroidectomy".to_string(), Given)]
        );
    }

    #[test]
    fn spelling_variants_and_stems() {
        check(
            SectionKind::Case,
            &[
                ("Bemiparine 2500 IU was started.", &[("bemiparin", Given)]),
                ("He was treated with myconazole nitrate cream.", &[("miconazole", Given)]),
                ("Leviteracetam controlled the seizures.", &[("levetiracetam", Given)]),
                ("The peptide was measured.", &[]),
                // One letter undoubled, one doubled (the squeezed lookup
                // must let both through).
                ("Oxacilin was given for a week.", &[("oxacillin", Given)]),
                ("She received ceftriaxxone.", &[("ceftriaxone", Given)]),
            ],
        );
        let mut buf = [0u8; 16];
        assert_eq!(super::squeeze(b"OxaCillin", &mut buf), b"oxacilin");
        assert_eq!(super::squeeze(b"aaa", &mut buf), b"a");
    }

    #[test]
    fn names_beyond_the_term_list() {
        check(
            SectionKind::Case,
            &[
                ("She was given 100% oxygen via a face mask.", &[("oxygen therapy", Given)]),
                ("Oxygen saturation was 92% on room air.", &[]),
                (
                    "She also required alendronate 70 mg/week with vitamin D 400 IU/day.",
                    &[("alendronic acid", Given), ("vitamin d supplementation", Given)],
                ),
                ("He received a venous infusion of 150 ml air.", &[]),
                ("The patient was given fluids and antibiotics.", &[("fluid therapy", Given), ("antibiotics", Given)]),
                (
                    "She received platelet and erythrocyte transfusion.",
                    &[("platelet transfusion", Given), ("blood transfusion", Given)],
                ),
                ("The lesion was excised.", &[("excision", Given)]),
                ("The lesion was not excised.", &[("excision", Negated)]),
                ("Ceftazidim was given with an aminoside.", &[("ceftazidime", Given), ("aminoglycosides", Given)]),
            ],
        );
    }

    #[test]
    fn status_corner_cases() {
        check(
            SectionKind::Case,
            &[
                ("Emergency pericardiocentesis was indicated but could not be performed.", &[("pericardiocentesis", Negated)]),
                ("A wedge resection was performed as scheduled.", &[("wedge resection", Given)]),
                ("The patient was sent home with prednisone, he was placed on the list for bone marrow transplantation.", &[("prednisone", Given), ("hematopoietic stem cell transplantation", Planned)]),
                ("She declined endocrine therapy and was treated with radiotherapy.", &[("hormone therapy", Declined), ("radiotherapy", Given)]),
                ("She was started on ceftriaxone to cover the possible pneumonia.", &[("ceftriaxone", Given)]),
                ("He was started on antitubercular treatment as per the national guidelines.", &[("antituberculosis drugs", Given)]),
                ("His father had pancreatitis which required abdominal surgery.", &[("surgery", Discussed)]),
                ("He had no history of switching inhaled steroid medications to oral steroids.", &[("corticosteroids", Negated)]),
                ("Pleural lavage via a chest tube was performed.", &[("pleural lavage", Given)]),
                ("The bezoar was fragmented with a polypectomy snare.", &[]),
                ("We decided against performing a barium enema.", &[]),
            ],
        );
        check(
            SectionKind::Discussion,
            &[(
                "Excision of the lesion has been offered to the patient and could provide a successful resolution.",
                &[("excision", Offered)],
            )],
        );
        check(
            SectionKind::Abstract,
            &[
                (
                    "In spite of several sessions of hyperbaric oxygen treatment, the patient died.",
                    &[("hyperbaric oxygen therapy", Given)],
                ),
                ("Cardiopulmonary resuscitation was unsuccessful.", &[("cardiopulmonary resuscitation", Given)]),
                (
                    "A 63 year old male underwent 6,900 rads of external radiation for a carcinoma.",
                    &[("radiotherapy", Given)],
                ),
            ],
        );
        check(
            SectionKind::Title,
            &[(
                "Trans-catheter aspiration of systemic air embolism, a potentially lifesaving maneuver",
                &[("catheter aspiration", Given)],
            )],
        );
        // A class named with its agent in one sentence and on its own in
        // another is given for the second.
        let mut got = statuses(&[(
            SectionKind::Case,
            "Antibiotic therapy with cefuroxime was started. She was later given prophylactic antibiotics.",
        )]);
        got.sort();
        assert_eq!(got, vec![("antibiotics".to_string(), Given), ("cefuroxime".to_string(), Given)]);
    }

    #[test]
    fn more_names_and_back_references() {
        check(
            SectionKind::Case,
            &[
                ("The treatment was done with oxacilin 2g/day.", &[("oxacillin", Given)]),
                ("Sclerotherapy used 1 mL of ethanolamine oleate with 5 mL of 50% glucose.", &[("sclerotherapy", Given), ("ethanolamine oleate", Given), ("dextrose", Given)]),
                ("The isolate was susceptible to ceftriaxone (S) and amikacin (S). Percutaneous drainage was successful.", &[("percutaneous drainage", Given)]),
                ("Air embolism is a complication previously associated with surgery.", &[]),
            ],
        );
        check(
            SectionKind::Introduction,
            &[(
                "Other medications included clonazepam 0.5 mg TID and paroxetine 60 mg QD.",
                &[("clonazepam", Given), ("paroxetine", Given)],
            )],
        );
        let mut got = statuses(&[(
            SectionKind::Case,
            "She received four cycles of paclitaxel chemotherapy. Radiotherapy started three weeks after chemotherapy.",
        )]);
        got.sort();
        assert_eq!(got, vec![("paclitaxel".to_string(), Given), ("radiotherapy".to_string(), Given)]);
        // A class and an agent in two predicates of one sentence are two treatments.
        let mut got = statuses(&[(
            SectionKind::Case,
            "The wound was treated with antibiotics and debridement and was dressed with silver sulfadiazine.",
        )]);
        got.sort();
        assert_eq!(
            got,
            vec![
                ("antibiotics".to_string(), Given),
                ("debridement".to_string(), Given),
                ("silver sulfadiazine".to_string(), Given)
            ]
        );
    }

    #[test]
    fn prose_is_told_alike_in_ascii_and_unicode() {
        // The byte count of ASCII text against the char count it stands for.
        let by_chars = |t: &str| {
            let (mut words, mut caps) = (0usize, 0usize);
            for w in t.split_whitespace() {
                if w.starts_with(|c: char| c.is_alphabetic()) {
                    words += 1;
                    caps += usize::from(w.starts_with(char::is_uppercase));
                }
            }
            (words, caps)
        };
        let pieces = ["Home", "About", "the", "was", " ", "\t", "\u{b}", "\n", "1st", "(A)", "x", "Y", "-Z"];
        let mut seed = 0x9e37_79b9_7f4a_7c15_u64;
        for _ in 0..20_000 {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            let t: String = (0..(seed % 40))
                .map(|k| pieces[((seed.rotate_left(k as u32 * 5)) % pieces.len() as u64) as usize])
                .collect();
            assert_eq!(capitalised_words(&t), by_chars(&t), "{t:?}");
        }
    }

    #[test]
    fn levenshtein_and_closest() {
        assert_eq!(levenshtein(b"kitten", b"sitting"), 3);
        assert_eq!(levenshtein(b"", b"abc"), 3);
        assert_eq!(
            closest("myconazole", &[("miconazole", "miconazole"), ("econazole", "econazole")]),
            Some("miconazole")
        );
        assert_eq!(closest("abcdefgh", &[("zzzzzzzz", "zzzzzzzz")]), None);
    }

    #[test]
    fn clauses_and_odd_input() {
        let t = "She was given colchicine; diltiazem was not started.";
        let c = clause(t, &(t.find("diltiazem").unwrap()..t.find("diltiazem").unwrap() + 9));
        assert_eq!(&t[c], "; diltiazem was not started.");
        // Nothing panics on non-ASCII text around names.
        for s in ["Ça va — ﬁne: no diltiazem™ “excision”.", "é", "", "-", "diltiazem"] {
            one(SectionKind::Case, s);
            one(SectionKind::Discussion, s);
        }
    }
}
