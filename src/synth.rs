//! Synthetic case reports, for benchmarks only.
//!
//! Benchmarks need corpora of any size (10k, 100k, 1M reports) with the
//! shape of the real literature, and the real data cannot be copied or
//! redistributed at that scale. This module writes reports from templates
//! and word lists of its own: varied titles, ages in days, months, years and
//! words, both sexes, single cases and case series, sites with sides,
//! treatments given, declined, planned and only discussed, background and
//! discussion paragraphs that cite the literature, and Vancouver-style
//! reference lists. Like real reports, some of the text is not ASCII: en
//! dashes in page ranges, curly quotes and apostrophes, "°C", and authors
//! with accented names, as several of casedex's costs depend on it (see
//! [`crate::pattern`]). Output is deterministic: the same seed and number give
//! the same bytes, on every machine, so benchmark runs are comparable.
//!
//! Two sizes: [`Size::Abstract`] (~1.5 KB: title and abstract, like a PubMed
//! record) and [`Size::Full`] (~20 KB: a full text with its references).
//! Three formats: plain text, PMC JATS XML, and PubMed XML (many records per
//! file, like the baseline files). None of this is ever indexed as data: the
//! text is plausible, not true.

use std::fmt::Write as _;
use std::io::Write as _;
use std::path::Path;

/// A small deterministic generator (SplitMix64): no dependency, and the same
/// sequence everywhere.
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    /// A generator for report `index` of a corpus made with `seed`.
    pub fn new(seed: u64, index: u64) -> Rng {
        Rng(seed ^ index.wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ 0xD1B5_4A32_D192_ED03)
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (`n` > 0).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n.max(1) as u64) as usize
    }

    /// A number in `lo..=hi`.
    pub fn range(&mut self, lo: usize, hi: usize) -> usize {
        lo + self.below(hi - lo + 1)
    }

    /// True with probability `p` percent.
    pub fn chance(&mut self, p: usize) -> bool {
        self.below(100) < p
    }

    /// One word of a word list.
    pub fn word(&mut self, items: &[&'static str]) -> &'static str {
        items[self.below(items.len())]
    }

    /// One item of a list.
    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

/// How long a report is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Size {
    /// Title and abstract, ~1.5 KB (a PubMed record).
    Abstract,
    /// A full text with sections and references, ~20 KB.
    Full,
}

/// The format a report is written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Form {
    /// Plain text with headings and a numbered reference list.
    Text,
    /// PMC JATS XML, one article per file.
    Jats,
    /// PubMed XML, `records` per `PubmedArticleSet` file.
    Pubmed,
}

impl Form {
    /// The file extension.
    pub fn ext(self) -> &'static str {
        match self {
            Form::Text => "txt",
            Form::Jats | Form::Pubmed => "xml",
        }
    }
}

const SURNAMES: &[&str] = &[
    "Okafor",
    "Lindqvist",
    "Haddad",
    "Moreau",
    "Tanaka",
    "Kowalski",
    "Reyes",
    "Novak",
    "Brennan",
    "Iyer",
    "Castillo",
    "Fischer",
    "Osei",
    "Petrov",
    "Nakamura",
    "Silva",
    "Dubois",
    "Kaur",
    "Hughes",
    "Yilmaz",
    "Andersen",
    "Rossi",
    "Mensah",
    "Chen",
    "Abdullah",
    "Varga",
    "Olsen",
    "Herrera",
    "Singh",
    "Park",
    "Weber",
    "Costa",
    "Murphy",
    "Sato",
    "Khan",
    "Ivanova",
    "Lopez",
    "Becker",
    "Nguyen",
    "Torres",
    "Müller",
    "García",
];
const GIVEN: &[&str] = &[
    "Amara", "Lars", "Rania", "Julien", "Keiko", "Marek", "Sofia", "Tomas", "Aoife", "Ravi", "Elena", "Jonas", "Kwame",
    "Irina", "Hiro", "Beatriz", "Claire", "Harpreet", "Owen", "Deniz",
];
const JOURNALS: &[(&str, &str)] = &[
    ("Journal of Clinical Case Notes", "J Clin Case Notes"),
    ("Pediatric Skin Reports", "Pediatr Skin Rep"),
    ("Archives of Rare Conditions", "Arch Rare Cond"),
    ("International Journal of Case Medicine", "Int J Case Med"),
    ("Dermatology Case Letters", "Dermatol Case Lett"),
    ("Clinical and Surgical Images", "Clin Surg Images"),
    ("Annals of Internal Cases", "Ann Intern Cases"),
];
/// Diseases, with the qualifiers that name their subtypes.
const DISEASES: &[(&str, &[&str])] = &[
    ("calcinosis cutis", &["idiopathic", "dystrophic", "metastatic", "iatrogenic"]),
    ("calciphylaxis", &["uremic", "nonuremic"]),
    ("tumoral calcinosis", &["primary", "secondary"]),
    ("pyoderma gangrenosum", &["ulcerative", "bullous"]),
    ("sarcoidosis", &["cutaneous", "systemic"]),
    ("morphea", &["linear", "generalized"]),
    ("pilomatricoma", &["multiple", "giant"]),
    ("lipoma", &["spindle cell", "intramuscular"]),
];
const SITES: &[(&str, bool)] = &[
    ("elbow", true),
    ("knee", true),
    ("forearm", true),
    ("thigh", true),
    ("eyelid", true),
    ("scalp", false),
    ("ear", true),
    ("hand", true),
    ("fingertips", false),
    ("buttock", true),
    ("shoulder", true),
    ("ankle", true),
    ("abdomen", false),
    ("neck", false),
    ("lower leg", true),
    ("upper arm", true),
    ("chest wall", false),
    ("face", false),
    ("hip", true),
    ("foot", true),
];
const LESIONS: &[&str] = &[
    "firm nodules",
    "hard white papules",
    "painful plaques",
    "a slowly enlarging mass",
    "ulcerated nodules",
    "yellowish papules",
    "a tender swelling",
    "discharging lesions",
];
const DRUGS: &[&str] = &[
    "diltiazem",
    "sodium thiosulfate",
    "colchicine",
    "warfarin",
    "minocycline",
    "prednisolone",
    "methotrexate",
    "intravenous immunoglobulin",
    "alendronate",
    "probenecid",
    "cinacalcet",
    "sevelamer",
    "hydroxychloroquine",
    "topical tacrolimus",
];
const PROCEDURES: &[&str] =
    &["surgical excision", "curettage", "carbon dioxide laser", "extracorporeal shock wave lithotripsy", "debridement"];
const NUMBERS: &[&str] =
    &["two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve", "fifteen", "twenty"];
const HISTORY: &[&str] = &[
    "had no relevant past medical history",
    "had been on hemodialysis for chronic kidney disease for six years",
    "had juvenile dermatomyositis diagnosed two years earlier",
    "had received calcium gluconate infusions in the neonatal unit",
    "had systemic sclerosis of long standing",
    "was otherwise healthy and took no regular medication",
    "reported minor trauma to the area several months before",
    "had a family history of similar lesions",
];
const TESTS: &[&str] = &[
    "Serum calcium, phosphate and parathyroid hormone levels were within normal limits.",
    "Laboratory studies showed a raised phosphate level and a normal calcium level.",
    "Plain radiographs showed dense deposits in the subcutaneous tissue.",
    "Ultrasound examination revealed hyperechoic foci with posterior acoustic shadowing.",
    "A skin biopsy showed basophilic deposits in the dermis that stained with von Kossa.",
    "Renal function, vitamin D and alkaline phosphatase were unremarkable.",
    "Computed tomography confirmed calcified masses without involvement of the underlying bone.",
    "Antinuclear antibodies were negative and inflammatory markers were normal.",
    "Body temperature was 36.9 °C and the white cell count was 7.2 × 10⁹/L.",
];
const BACKGROUND: &[&str] = &[
    "{D} is an uncommon disorder in which the skin and subcutaneous tissue are involved {C}.",
    "Several mechanisms have been proposed, including local tissue injury and altered mineral metabolism {C}.",
    "The condition is classically divided into forms according to the underlying cause {C}.",
    "Most published cases concern adults, and reports in children remain scarce {C}.",
    "Lesions may be asymptomatic or cause pain, ulceration and limitation of movement {C}.",
    "The diagnosis rests on the clinical picture, imaging and histology {C}.",
    "Treatment is difficult and no therapy has been shown to work consistently {C}.",
    "Spontaneous regression has been described, particularly in younger patients {C}.",
    "Its incidence is unknown, because many cases are never published {C}.",
    "Differential diagnoses include gout, xanthomas and adnexal tumours {C}.",
];
const DISCUSSION: &[&str] = &[
    "{T} has been used with variable success in small series {C}.",
    "Surgical removal is usually reserved for painful or functionally limiting lesions {C}.",
    "The {S} is a site rarely involved in previously reported cases {C}.",
    "Some authors recommend watchful waiting when lesions are few and painless {C}.",
    "Recurrence after excision has been reported in up to a third of patients {C}.",
    "In the series by {A} et al., most patients were female and younger than ten years {C}.",
    "Bilateral involvement appears to be more frequent than unilateral disease {C}.",
    "Calcium channel blockers are thought to limit the entry of calcium into cells {C}.",
    "The pathogenesis in the absence of tissue damage or metabolic disturbance remains unclear {C}.",
    "Long-term follow-up is advisable because new lesions may appear years later {C}.",
    "A review of {N} cases found no clear relation between the extent of disease and the response to therapy {C}.",
    "Imaging helps to define the extent of deposits before any intervention {C}.",
    "The label “{Q}” is kept for cases in which no cause is found after a full work‑up {C}.",
];
const FIRST_CLAIMS: &[&str] = &[
    "To our knowledge, this is the first report of {D} affecting the {S} in a {P}.",
    "Only {N} similar cases have been reported in the literature.",
    "This case adds to the few reports of {D} in this age group.",
    "We describe an unusual presentation of {D} and review the literature.",
];
const TITLE_FORMS: &[&str] = &[
    "{Q} {D} of the {S} in a {P}: a case report",
    "{Q} {D} presenting as {L} on the {S}",
    "An unusual case of {Q} {D} in a {P}",
    "{Q} {D} of the {S} treated with {T}",
    "{D} in {N} siblings: a case series",
    "Bilateral {D} of the {S}: report of a case and review of the literature",
    "{Q} {D} after {H}: a case report",
];

/// One synthetic report, before it is written in a format.
#[derive(Debug, Clone)]
pub struct Report {
    /// The title.
    pub title: String,
    /// Authors as (surname, given name).
    pub authors: Vec<(String, String)>,
    /// Journal (full title, abbreviation).
    pub journal: (String, String),
    /// Year of publication.
    pub year: u32,
    /// Volume.
    pub volume: u32,
    /// Issue.
    pub issue: u32,
    /// First page.
    pub first_page: u32,
    /// DOI.
    pub doi: String,
    /// PMID.
    pub pmid: u64,
    /// The abstract, one paragraph.
    pub abstract_text: String,
    /// Body sections as (heading, paragraphs); empty for abstract-sized reports.
    pub sections: Vec<(String, Vec<String>)>,
    /// Reference entries (Vancouver style); empty for abstract-sized reports.
    pub references: Vec<String>,
}

/// The facts of one patient.
struct Patient {
    age: String,
    noun: &'static str,
    pronoun: &'static str,
    possessive: &'static str,
}

fn patient(rng: &mut Rng) -> Patient {
    let female = rng.chance(55);
    let (child, adult) = if female { ("girl", "woman") } else { ("boy", "man") };
    let (age, noun) = match rng.below(10) {
        0 => (format!("{}-day-old", rng.range(2, 27)), if female { "female newborn" } else { "male newborn" }),
        1 => (format!("{}-month-old", rng.range(2, 23)), if female { "female infant" } else { "male infant" }),
        2..=4 => {
            let y = rng.range(2, 17);
            let age = if rng.chance(30) {
                format!("{}-year-old", NUMBERS[(y - 2) % NUMBERS.len()])
            } else {
                format!("{y}-year-old")
            };
            (age, child)
        }
        _ => (format!("{}-year-old", rng.range(18, 89)), adult),
    };
    let (pronoun, possessive) = if female { ("she", "her") } else { ("he", "his") };
    Patient { age, noun, pronoun, possessive }
}

/// Fill a template's placeholders.
struct Fill<'a> {
    disease: &'a str,
    qualifier: &'a str,
    site: &'a str,
    person: String,
    lesion: &'a str,
    treatment: &'a str,
    history: &'a str,
}

impl Fill<'_> {
    fn apply(&self, t: &str, rng: &mut Rng, refs: usize) -> String {
        let mut out = t
            .replace("{D}", self.disease)
            .replace("{Q}", self.qualifier)
            .replace("{S}", self.site)
            .replace("{P}", &self.person)
            .replace("{L}", self.lesion)
            .replace("{T}", self.treatment)
            .replace("{H}", self.history)
            .replace("{A}", rng.word(SURNAMES))
            .replace("{N}", rng.word(NUMBERS));
        if out.contains("{C}") {
            let cite = if refs == 0 {
                String::new()
            } else {
                let a = rng.range(1, refs);
                match rng.below(3) {
                    0 => format!("[{a}]"),
                    1 => format!("[{a}, {}]", (a % refs) + 1),
                    _ => format!("[{a}-{}]", (a + 2).min(refs + 2)),
                }
            };
            out = out.replace(" {C}", &if cite.is_empty() { cite } else { format!(" {cite}") });
        }
        capitalise(&out)
    }
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

/// The case narrative of one patient.
fn narrative(rng: &mut Rng, p: &Patient, f: &Fill, label: Option<usize>) -> Vec<String> {
    let side = *rng.pick(&["left", "right", "both"]);
    let (site, paired) = *rng.pick(SITES);
    let where_ = if paired && side != "both" {
        format!("{side} {site}")
    } else if paired {
        format!("{site}s on both sides")
    } else {
        site.to_string()
    };
    let mut first = String::new();
    if let Some(n) = label {
        let _ = write!(first, "Case {n}: ");
    }
    let opening = match rng.below(4) {
        0 => format!(
            "A {} {} was referred to our clinic with {} on the {} of {} months’ duration.",
            p.age,
            p.noun,
            f.lesion,
            where_,
            rng.range(2, 30)
        ),
        1 => format!("A previously healthy {} {} presented with {} on the {}.", p.age, p.noun, f.lesion, where_),
        2 => format!(
            "We report a {} {} who developed {} on the {} over {} weeks.",
            p.age,
            p.noun,
            f.lesion,
            where_,
            rng.range(2, 20)
        ),
        _ => format!("A {} {} was admitted for evaluation of {} involving the {}.", p.age, p.noun, f.lesion, where_),
    };
    first.push_str(&opening);
    let _ = write!(first, " {} {}.", capitalise(p.pronoun), rng.pick(HISTORY));
    let _ = write!(
        first,
        " On examination, {} {} showed {} lesions measuring {} to {} mm, and the {} was otherwise normal.",
        p.possessive,
        site,
        rng.pick(NUMBERS),
        rng.range(2, 5),
        rng.range(6, 40),
        rng.pick(&["overlying skin", "range of movement", "neurovascular examination"])
    );
    let mut tests = String::new();
    for _ in 0..rng.range(2, 4) {
        tests.push_str(rng.word(TESTS));
        tests.push(' ');
    }
    let _ = write!(tests, "A diagnosis of {} {} was made.", f.qualifier, f.disease);
    let drug = *rng.pick(DRUGS);
    let procedure = *rng.pick(PROCEDURES);
    let other = *rng.pick(DRUGS);
    let treatment = match rng.below(5) {
        0 => format!("{} was treated with oral {drug} for {} months, with partial regression of the lesions.", capitalise(p.pronoun), rng.range(3, 18)),
        1 => format!("{} was offered but the family declined it; {drug} was started instead.", capitalise(procedure)),
        2 => format!("The largest nodule was removed by {procedure}, and {drug} was given afterwards. {} was planned if new lesions appeared.", capitalise(other)),
        3 => format!("No treatment with {other} was given. The lesions were managed conservatively and {procedure} was planned."),
        _ => format!("{} underwent {procedure} under local anaesthesia, followed by {drug}.", capitalise(p.pronoun)),
    };
    let outcome = format!(
        "At follow-up after {} months, {} {}.",
        rng.range(3, 36),
        p.pronoun,
        rng.pick(&[
            "had no new lesions",
            "reported less pain",
            "had a small recurrence at the margin",
            "was free of symptoms"
        ])
    );
    vec![first, tests, format!("{treatment} {outcome}")]
}

/// Generic paragraphs (background or discussion) of about `bytes` bytes.
fn paragraphs(rng: &mut Rng, f: &Fill, pool: &[&'static str], refs: usize, bytes: usize) -> Vec<String> {
    let mut out = Vec::new();
    let mut total = 0;
    while total < bytes {
        let mut p = String::new();
        for _ in 0..rng.range(3, 6) {
            if !p.is_empty() {
                p.push(' ');
            }
            p.push_str(&f.apply(rng.word(pool), rng, refs));
        }
        total += p.len();
        out.push(p);
    }
    out
}

fn reference(rng: &mut Rng) -> String {
    let mut authors: Vec<String> = Vec::new();
    for _ in 0..rng.range(1, 6) {
        let initials: String = (0..rng.range(1, 2)).map(|_| (b'A' + rng.below(26) as u8) as char).collect();
        authors.push(format!("{} {}", rng.pick(SURNAMES), initials));
    }
    if rng.chance(20) {
        authors.push("et al".into());
    }
    let (disease, _) = *rng.pick(DISEASES);
    let title = match rng.below(4) {
        0 => format!("{} of the {}: a case report", capitalise(disease), rng.pick(SITES).0),
        1 => format!("Treatment of {disease} with {}", rng.pick(DRUGS)),
        2 => format!("{} in childhood: a review of {} cases", capitalise(disease), rng.range(5, 120)),
        _ => format!("Unusual presentation of {disease}"),
    };
    let (_, abbr) = *rng.pick(JOURNALS);
    let page = rng.range(1, 900);
    // Publishers print page ranges with an en dash as often as with a hyphen.
    let dash = if rng.chance(50) { "–" } else { "-" };
    let mut r = format!(
        "{}. {}. {}. {};{}({}):{}{dash}{}.",
        authors.join(", "),
        title,
        abbr,
        rng.range(1975, 2023),
        rng.range(1, 80),
        rng.range(1, 12),
        page,
        page + rng.range(2, 9)
    );
    if rng.chance(40) {
        let _ = write!(r, " doi:10.{}/{}.{}", rng.range(1000, 9999), rng.range(100, 999), rng.range(1000, 99999));
    }
    r
}

/// The report number `index` of a corpus made with `seed`.
pub fn report(seed: u64, index: u64, size: Size) -> Report {
    let rng = &mut Rng::new(seed, index);
    let (disease, qualifiers) = *rng.pick(DISEASES);
    let qualifier = *rng.pick(qualifiers);
    let series = rng.chance(12);
    let patients: Vec<Patient> = (0..if series { rng.range(2, 4) } else { 1 }).map(|_| patient(rng)).collect();
    let first = &patients[0];
    let fill = Fill {
        disease,
        qualifier,
        site: rng.pick(SITES).0,
        person: format!("{} {}", first.age, first.noun),
        lesion: rng.word(LESIONS),
        treatment: rng.word(DRUGS),
        history: rng.word(&["renal transplantation", "vaccination", "cardiac surgery", "intravenous calcium"]),
    };
    let title = fill.apply(rng.word(TITLE_FORMS), rng, 0);
    let authors = (0..rng.range(1, 7)).map(|_| (rng.pick(SURNAMES).to_string(), rng.pick(GIVEN).to_string())).collect();
    let (jt, ja) = *rng.pick(JOURNALS);
    let refs = if size == Size::Full { rng.range(15, 45) } else { 0 };
    // The abstract: background, the case(s) in brief, a claim, a conclusion.
    let mut abs = String::new();
    abs.push_str(&fill.apply(rng.word(BACKGROUND), rng, 0));
    let _ = write!(abs, " {}", fill.apply(rng.word(BACKGROUND), rng, 0));
    for (k, p) in patients.iter().enumerate() {
        let n = narrative(rng, p, &fill, series.then_some(k + 1));
        let _ = write!(abs, " {} {} {}", n[0], n[1], n[2]);
    }
    let _ = write!(abs, " {}", fill.apply(rng.word(FIRST_CLAIMS), rng, 0));
    let _ = write!(abs, " {}", fill.apply(rng.word(DISCUSSION), rng, 0));
    let _ = write!(abs, " {}", fill.apply(rng.word(BACKGROUND), rng, 0));
    let mut sections = Vec::new();
    let mut references = Vec::new();
    if size == Size::Full {
        sections.push(("Introduction".to_string(), paragraphs(rng, &fill, BACKGROUND, refs, 3500)));
        let mut case = Vec::new();
        for (k, p) in patients.iter().enumerate() {
            case.extend(narrative(rng, p, &fill, series.then_some(k + 1)));
        }
        sections.push((if series { "Case series" } else { "Case report" }.to_string(), case));
        let mut discussion = paragraphs(rng, &fill, DISCUSSION, refs, 9000);
        discussion.push(fill.apply(rng.word(FIRST_CLAIMS), rng, refs));
        sections.push(("Discussion".to_string(), discussion));
        sections.push((
            "Conclusion".to_string(),
            vec![format!(
                "In conclusion, {} {} should be considered in a {} with {} on the {}. {}",
                fill.qualifier,
                disease,
                first.noun,
                fill.lesion,
                fill.site,
                fill.apply(rng.word(DISCUSSION), rng, refs)
            )],
        ));
        references = (0..refs).map(|_| reference(rng)).collect();
    }
    Report {
        title,
        authors,
        journal: (jt.to_string(), ja.to_string()),
        year: rng.range(1990, 2024) as u32,
        volume: rng.range(1, 60) as u32,
        issue: rng.range(1, 12) as u32,
        first_page: rng.range(1, 2000) as u32,
        doi: format!("10.5555/synth.{seed}.{index}"),
        pmid: 90_000_000 + index,
        abstract_text: abs,
        sections,
        references,
    }
}

/// Escape text for XML content.
fn esc(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;")
}

impl Report {
    fn pages(&self) -> String {
        format!("{}-{}", self.first_page, self.first_page + 4)
    }

    fn author_line(&self) -> String {
        self.authors.iter().map(|(s, g)| format!("{g} {s}")).collect::<Vec<_>>().join(", ")
    }

    /// Plain text: front matter, headed sections, numbered references.
    pub fn to_text(&self) -> String {
        let mut t = String::with_capacity(24 * 1024);
        let _ = writeln!(t, "{}\n\n{}\n", self.title, self.author_line());
        let _ = writeln!(
            t,
            "{} {};{}({}):{}. doi: {}\n",
            self.journal.1,
            self.year,
            self.volume,
            self.issue,
            self.pages(),
            self.doi
        );
        let _ = writeln!(t, "Abstract\n\n{}\n", self.abstract_text);
        for (heading, paras) in &self.sections {
            let _ = writeln!(t, "{heading}\n");
            for p in paras {
                let _ = writeln!(t, "{p}\n");
            }
        }
        if !self.references.is_empty() {
            t.push_str("References\n\n");
            for (i, r) in self.references.iter().enumerate() {
                let _ = writeln!(t, "{}. {r}", i + 1);
            }
        }
        t
    }

    /// PMC JATS XML, one article.
    pub fn to_jats(&self) -> String {
        let mut x = String::with_capacity(32 * 1024);
        x.push_str(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<article article-type=\"case-report\"><front><journal-meta>",
        );
        let _ = write!(
            x,
            "<journal-id journal-id-type=\"nlm-ta\">{}</journal-id><journal-title-group><journal-title>{}</journal-title></journal-title-group></journal-meta><article-meta>",
            esc(&self.journal.1),
            esc(&self.journal.0)
        );
        let _ = write!(
            x,
            "<article-id pub-id-type=\"pmid\">{}</article-id><article-id pub-id-type=\"doi\">{}</article-id>",
            self.pmid, self.doi
        );
        let _ =
            write!(x, "<title-group><article-title>{}</article-title></title-group><contrib-group>", esc(&self.title));
        for (s, g) in &self.authors {
            let _ = write!(
                x,
                "<contrib contrib-type=\"author\"><name><surname>{}</surname><given-names>{}</given-names></name></contrib>",
                esc(s),
                esc(g)
            );
        }
        let _ = write!(
            x,
            "</contrib-group><pub-date pub-type=\"epub\"><year>{}</year></pub-date><volume>{}</volume><issue>{}</issue><fpage>{}</fpage><lpage>{}</lpage>",
            self.year,
            self.volume,
            self.issue,
            self.first_page,
            self.first_page + 4
        );
        let _ = write!(x, "<abstract><p>{}</p></abstract></article-meta></front><body>", esc(&self.abstract_text));
        for (heading, paras) in &self.sections {
            let _ = write!(x, "<sec><title>{}</title>", esc(heading));
            for p in paras {
                let _ = write!(x, "<p>{}</p>", esc(p));
            }
            x.push_str("</sec>");
        }
        x.push_str("</body><back><ref-list><title>References</title>");
        for (i, r) in self.references.iter().enumerate() {
            let _ = write!(
                x,
                "<ref id=\"R{}\"><label>{}</label><mixed-citation>{}</mixed-citation></ref>",
                i + 1,
                i + 1,
                esc(r)
            );
        }
        x.push_str("</ref-list></back></article>\n");
        x
    }

    /// One `PubmedArticle` element (the body, if any, is not part of a
    /// PubMed record; only title and abstract are written).
    pub fn to_pubmed_record(&self) -> String {
        let mut x = String::with_capacity(4 * 1024);
        let _ = write!(
            x,
            "<PubmedArticle><MedlineCitation Status=\"MEDLINE\" Owner=\"NLM\"><PMID Version=\"1\">{}</PMID><Article PubModel=\"Print\"><Journal><JournalIssue CitedMedium=\"Print\"><Volume>{}</Volume><Issue>{}</Issue><PubDate><Year>{}</Year></PubDate></JournalIssue><Title>{}</Title><ISOAbbreviation>{}</ISOAbbreviation></Journal><ArticleTitle>{}</ArticleTitle><Pagination><MedlinePgn>{}</MedlinePgn></Pagination><Abstract><AbstractText>{}</AbstractText></Abstract><AuthorList CompleteYN=\"Y\">",
            self.pmid,
            self.volume,
            self.issue,
            self.year,
            esc(&self.journal.0),
            esc(&self.journal.1),
            esc(&self.title),
            self.pages(),
            esc(&self.abstract_text)
        );
        for (s, g) in &self.authors {
            let initial: String = g.chars().take(1).collect();
            let _ = write!(
                x,
                "<Author ValidYN=\"Y\"><LastName>{}</LastName><ForeName>{}</ForeName><Initials>{}</Initials></Author>",
                esc(s),
                esc(g),
                initial
            );
        }
        let _ = writeln!(
            x,
            "</AuthorList><Language>eng</Language><PublicationTypeList><PublicationType UI=\"D002363\">Case Reports</PublicationType></PublicationTypeList></Article></MedlineCitation><PubmedData><ArticleIdList><ArticleId IdType=\"pubmed\">{}</ArticleId><ArticleId IdType=\"doi\">{}</ArticleId></ArticleIdList></PubmedData></PubmedArticle>",
            self.pmid, self.doi
        );
        x
    }
}

/// A PubMed XML file holding `reports`.
pub fn pubmed_set(reports: &[Report]) -> String {
    let mut x = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<PubmedArticleSet>\n");
    for r in reports {
        x.push_str(&r.to_pubmed_record());
    }
    x.push_str("</PubmedArticleSet>\n");
    x
}

/// Report `index` written in `form` (for PubMed, a file of one record).
pub fn document(seed: u64, index: u64, size: Size, form: Form) -> String {
    let r = report(seed, index, size);
    match form {
        Form::Text => r.to_text(),
        Form::Jats => r.to_jats(),
        Form::Pubmed => pubmed_set(std::slice::from_ref(&r)),
    }
}

/// What [`write_dir`] wrote.
#[derive(Debug, Clone, Copy, Default)]
pub struct Written {
    /// Files written.
    pub files: usize,
    /// Reports written.
    pub reports: usize,
    /// Bytes written.
    pub bytes: u64,
}

/// Write reports `0..n` into `dir` (created if missing): one file per report
/// for text and JATS, `per_file` records per file for PubMed. Files are
/// spread over subdirectories of 1000, so that a directory of a million
/// reports stays listable.
pub fn write_dir(dir: &Path, seed: u64, n: u64, size: Size, form: Form, per_file: usize) -> std::io::Result<Written> {
    let mut w = Written::default();
    let per_file = if form == Form::Pubmed { per_file.max(1) as u64 } else { 1 };
    let mut start = 0;
    while start < n {
        let end = (start + per_file).min(n);
        let file_no = start / per_file;
        let sub = dir.join(format!("{:05}", file_no / 1000));
        if file_no % 1000 == 0 {
            std::fs::create_dir_all(&sub)?;
        }
        let body = match form {
            Form::Pubmed => pubmed_set(&(start..end).map(|i| report(seed, i, size)).collect::<Vec<_>>()),
            _ => document(seed, start, size, form),
        };
        let path = sub.join(format!("synth-{file_no:07}.{}", form.ext()));
        let mut f = std::io::BufWriter::new(std::fs::File::create(path)?);
        f.write_all(body.as_bytes())?;
        f.flush()?;
        w.files += 1;
        w.reports += (end - start) as usize;
        w.bytes += body.len() as u64;
        start = end;
    }
    Ok(w)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deterministic_and_sized() {
        assert_eq!(document(7, 3, Size::Full, Form::Text), document(7, 3, Size::Full, Form::Text));
        assert_ne!(document(7, 3, Size::Full, Form::Text), document(7, 4, Size::Full, Form::Text));
        let full: usize = (0..20).map(|i| document(1, i, Size::Full, Form::Text).len()).sum::<usize>() / 20;
        let abs: usize = (0..20).map(|i| report(1, i, Size::Abstract).abstract_text.len()).sum::<usize>() / 20;
        assert!((17_000..25_000).contains(&full), "full text averages {full} bytes");
        assert!((1_200..2_000).contains(&abs), "abstract averages {abs} bytes");
    }

    #[test]
    fn every_format_reads_and_extracts() {
        for form in [Form::Text, Form::Jats, Form::Pubmed] {
            let d = document(11, 5, Size::Full, form);
            let read = crate::ingest::read_bytes("synth", d.as_bytes()).expect("synthetic reports are readable");
            assert_eq!(read.docs.len(), 1, "{form:?}");
            let r = crate::Extractor::global().extract(&read.docs[0]);
            assert!(!r.patients.is_empty(), "{form:?}: no patient in {}", &d[..d.len().min(2000)]);
            if form != Form::Pubmed {
                assert!(r.references.len() >= 15, "{form:?}: {} references", r.references.len());
            }
        }
    }
}
