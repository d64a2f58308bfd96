//! Queries: free text, field syntax and natural phrasing, parsed into filters.
//!
//! ```text
//! unilateral idiopathic cases in children      natural phrasing
//! age:<18 sex:female site:elbow                 field syntax
//! treatment:diltiazem status:any year:2010..2020 "tumoral calcinosis" -dialysis
//! ```
//!
//! Each word is read in this order: field syntax (`field:value`); stop words
//! of queries ("cases", "in", "with", "reports"…), which are ignored; age
//! and sex words ("children", "infants", "girls", "women", "elderly"…) with
//! PubMed's age groups; ages and years in words ("over 60", "since 2015",
//! "in the 1990s"); laterality and side words; subtype and variant names
//! from the disease profiles; site names from the site vocabulary; treatment
//! names from the treatment vocabulary; anything else is full text. Longer
//! phrases are tried before single words ("upper limb" before "upper").
//! [`Query::interpretation`] records how every word was read, for `--explain`.

use serde::Serialize;

use crate::error::{Error, Result};
use crate::extract::Extractor;
use crate::record::{ClaimKind, Format, Laterality, Sex, Side, TreatmentStatus};

/// A numeric range; bounds are inclusive below and exclusive above.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Range {
    /// Lower bound (inclusive).
    pub min: Option<f64>,
    /// Upper bound (exclusive).
    pub max: Option<f64>,
}

impl std::fmt::Display for Range {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match (self.min, self.max) {
            (Some(a), Some(b)) => write!(f, "{}..<{}", num(a), num(b)),
            (Some(a), None) => write!(f, ">={}", num(a)),
            (None, Some(b)) => write!(f, "<{}", num(b)),
            (None, None) => write!(f, "any"),
        }
    }
}

fn num(x: f64) -> String {
    if (x - x.round()).abs() < 1e-9 {
        format!("{}", x.round() as i64)
    } else {
        format!("{:.3}", x).trim_end_matches('0').to_string()
    }
}

/// One condition on a report.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "field", content = "value", rename_all = "snake_case")]
#[allow(missing_docs)]
pub enum Filter {
    /// A word of full text.
    Text(String),
    /// A quoted phrase of full text.
    Phrase(String),
    Title(String),
    Author(String),
    Journal(String),
    Age(Range),
    Year(Range),
    Sex(Sex),
    Subtype(String),
    Variant(String),
    Disease(String),
    Laterality(Laterality),
    Side(Side),
    /// A site, by its facet path.
    Site(String),
    Region(String),
    Treatment(String),
    Format(Format),
    Language(String),
    Claim(ClaimKind),
    Id(String),
    Doi(String),
    Pmid(String),
    Pmcid(String),
}

/// A filter, possibly negated.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Clause {
    /// Excluded rather than required.
    pub negated: bool,
    /// The condition.
    pub filter: Filter,
}

/// How one word or phrase of the query was read.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Reading {
    /// The words as typed.
    pub text: String,
    /// "field" (explicit syntax), "natural" (mapped to a field), "text"
    /// (full-text search) or "ignored" (a stop word).
    pub how: &'static str,
    /// The field and value it became, as `field:value`; empty when ignored.
    pub means: String,
}

/// A parsed query.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Query {
    /// The query as typed.
    pub raw: String,
    /// All conditions (AND).
    pub clauses: Vec<Clause>,
    /// `status:` for treatment filters: None = given only; Some(None) = any
    /// status; Some(Some(s)) = that status.
    #[serde(skip)]
    pub treatment_status: Option<Option<TreatmentStatus>>,
    /// How every word was read.
    pub interpretation: Vec<Reading>,
}

impl std::str::FromStr for Query {
    type Err = Error;
    fn from_str(s: &str) -> Result<Query> {
        Query::parse(s, Extractor::global())
    }
}

/// Words of natural queries that carry no condition.
const STOP: &[&str] = &[
    "a",
    "an",
    "the",
    "in",
    "of",
    "with",
    "and",
    "or",
    "for",
    "on",
    "at",
    "to",
    "by",
    "from",
    "case",
    "cases",
    "report",
    "reports",
    "reported",
    "patient",
    "patients",
    "who",
    "whose",
    "which",
    "that",
    "all",
    "any",
    "find",
    "show",
    "me",
    "list",
    "about",
    "having",
    "had",
    "has",
    "have",
    "were",
    "was",
    "is",
    "are",
    "presenting",
    "treated",
    "managed",
    "presentation",
    "presentations",
    "series",
    "literature",
    "published",
    "study",
    "studies",
    "people",
    "person",
    "individuals",
    "subjects",
    "aged",
    "years",
    "year",
    "old",
];

/// Age/sex words: (phrase, age range, sex).
fn demographic(phrase: &str) -> Option<(Option<Range>, Option<Sex>)> {
    let r = |min: Option<f64>, max: Option<f64>| Some(Range { min, max });
    let child = r(None, Some(19.0));
    let adult = r(Some(19.0), None);
    Some(match phrase {
        "newborn" | "newborns" | "neonate" | "neonates" | "neonatal" => (r(None, Some(1.0 / 12.0)), None),
        "infant" | "infants" | "infantile" | "babies" | "baby" => (r(None, Some(2.0)), None),
        "toddler" | "toddlers" => (r(Some(1.0), Some(3.0)), None),
        "preschool" | "preschool children" | "preschoolers" => (r(Some(2.0), Some(6.0)), None),
        "child" | "children" | "childhood" | "pediatric" | "paediatric" | "kids" | "kid" | "minors" => (child, None),
        "school-age children" | "school age children" => (r(Some(6.0), Some(13.0)), None),
        "adolescent" | "adolescents" | "teenager" | "teenagers" | "teens" | "adolescence" => {
            (r(Some(13.0), Some(19.0)), None)
        }
        "young adult" | "young adults" => (r(Some(19.0), Some(25.0)), None),
        "adult" | "adults" | "adulthood" => (adult, None),
        "middle-aged" | "middle aged" => (r(Some(45.0), Some(65.0)), None),
        "elderly" | "the elderly" | "older adults" | "older patients" | "geriatric" | "seniors" => {
            (r(Some(65.0), None), None)
        }
        "girl" | "girls" => (child, Some(Sex::Female)),
        "boy" | "boys" => (child, Some(Sex::Male)),
        "woman" | "women" => (adult, Some(Sex::Female)),
        "man" | "men" => (adult, Some(Sex::Male)),
        "female" | "females" => (None, Some(Sex::Female)),
        "male" | "males" => (None, Some(Sex::Male)),
        _ => return None,
    })
}

/// Ages and years said in words: "over 60", "younger than 2", "between 40
/// and 60", "since 2015", "before 2010", "in the 1990s", a bare "2015".
/// A number from 1800 on is a year of publication, a smaller one an age.
fn comparison(phrase: &str) -> Option<(Filter, String)> {
    let filter = |v: String, is_year: bool| {
        let field = if is_year { "year" } else { "age" };
        let r = parse_range(field, &v, true).ok()?;
        let f = if is_year { Filter::Year(r) } else { Filter::Age(r) };
        Some((f, format!("{field}:{r}")))
    };
    let year = |n: &str| n.parse::<u32>().is_ok_and(|y| (1800..=2100).contains(&y));
    if let Some(c) = re!(r"^(\d{1,4})$").captures(phrase) {
        return year(&c[1]).then(|| filter(c[1].to_string(), true)).flatten();
    }
    if let Some(c) = re!(r"^(1[89]\d|20\d)0s$").captures(phrase) {
        return filter(format!("{0}0..{0}9", &c[1]), true);
    }
    if let Some(c) = re!(r"^between (\d{1,4}) and (\d{1,4})$").captures(phrase) {
        let is_year = year(&c[1]) && year(&c[2]);
        return filter(format!("{}..{}", &c[1], &c[2]), is_year);
    }
    let c = re!(
        r"^(over|above|older than|more than|under|below|younger than|less than|since|after|before|from|until|up to)\s+(\d{1,4})(?:\s+(?:years?|y|yrs?)(?:\s+old)?)?$"
    )
    .captures(phrase)?;
    let n = &c[2];
    let is_year = year(n);
    let op = match &c[1] {
        "over" | "above" | "older than" | "more than" | "after" => ">",
        "under" | "below" | "younger than" | "less than" | "before" => "<",
        "since" | "from" => ">=",
        _ => "<=",
    };
    filter(format!("{op}{n}"), is_year)
}

/// Split a query into tokens: words, quoted phrases, `field:value`,
/// `field:"quoted value"`, each with a leading `-` for negation.
fn tokenize(s: &str) -> Result<Vec<(bool, String)>> {
    let mut out = Vec::new();
    let mut chars = s.chars().peekable();
    while let Some(&c) = chars.peek() {
        if c.is_whitespace() {
            chars.next();
            continue;
        }
        let mut negated = false;
        if c == '-' {
            chars.next();
            negated = true;
        }
        let mut tok = String::new();
        let mut in_quote = false;
        while let Some(&c) = chars.peek() {
            if c == '"' {
                in_quote = !in_quote;
                tok.push(c);
                chars.next();
                continue;
            }
            if c.is_whitespace() && !in_quote {
                break;
            }
            tok.push(c);
            chars.next();
        }
        if in_quote {
            return Err(Error::query(format!("unclosed quote in {tok:?}")));
        }
        if tok.is_empty() || tok == "\"\"" {
            continue;
        }
        out.push((negated, tok));
    }
    Ok(out)
}

fn unquote(s: &str) -> &str {
    s.strip_prefix('"').and_then(|x| x.strip_suffix('"')).unwrap_or(s)
}

/// Parse `<18`, `<=18`, `>65`, `>=65`, `6..12`, `7` as a range. `integer`
/// ranges read `6..12` as 6 up to 13 (ages are floored to whole years).
fn parse_range(field: &str, v: &str, whole_years: bool) -> Result<Range> {
    let bad = || Error::query(format!("{field}:{v} is not a number or range (try {field}:<18, >=65, 6..12 or 7)"));
    // "nan" and "inf" parse as f64 but bound nothing.
    let n = |s: &str| s.trim().parse::<f64>().ok().filter(|x| x.is_finite()).ok_or_else(bad);
    let step = if whole_years { 1.0 } else { 0.0 };
    let r = if let Some(x) = v.strip_prefix("<=") {
        Range { min: None, max: Some(n(x)? + if whole_years { 1.0 } else { 1e-9 }) }
    } else if let Some(x) = v.strip_prefix(">=") {
        Range { min: Some(n(x)?), max: None }
    } else if let Some(x) = v.strip_prefix('<') {
        Range { min: None, max: Some(n(x)?) }
    } else if let Some(x) = v.strip_prefix('>') {
        Range { min: Some(n(x)? + if whole_years { 1.0 } else { 1e-9 }), max: None }
    } else if let Some((a, b)) = v.split_once("..") {
        let lo = if a.is_empty() { None } else { Some(n(a)?) };
        let hi = if b.is_empty() { None } else { Some(n(b)? + if whole_years { step } else { 1e-9 }) };
        Range { min: lo, max: hi }
    } else {
        let x = n(v)?;
        Range { min: Some(x), max: Some(x + if whole_years { 1.0 } else { 1e-9 }) }
    };
    if let (Some(a), Some(b)) = (r.min, r.max) {
        if a >= b {
            return Err(Error::query(format!("{field}:{v} is an empty range")));
        }
    }
    Ok(r)
}

/// Field names accepted in `field:value`.
pub const FIELDS: &[&str] = &[
    "age",
    "sex",
    "subtype",
    "variant",
    "disease",
    "laterality",
    "side",
    "site",
    "region",
    "treatment",
    "status",
    "year",
    "format",
    "language",
    "lang",
    "claim",
    "id",
    "doi",
    "pmid",
    "pmcid",
    "title",
    "author",
    "journal",
    "text",
];

impl Query {
    /// Parse a query using the extractor's vocabularies.
    pub fn parse(raw: &str, ex: &Extractor) -> Result<Query> {
        if raw.len() > 10_000 {
            return Err(Error::query("query is longer than 10,000 characters"));
        }
        let mut q = Query { raw: raw.to_string(), clauses: vec![], treatment_status: None, interpretation: vec![] };
        let tokens = tokenize(raw)?;
        let mut i = 0;
        while i < tokens.len() {
            let (neg, tok) = &tokens[i];
            if let Some((field, value)) = tok.split_once(':').filter(|(f, _)| is_field_name(f)) {
                q.field(*neg, &field.to_lowercase(), unquote(value), tok, ex)?;
                i += 1;
                continue;
            }
            if tok.starts_with('"') {
                let phrase = unquote(tok).to_string();
                q.push(*neg, Filter::Phrase(phrase.clone()), tok, "text", format!("text:\"{phrase}\""));
                i += 1;
                continue;
            }
            // Longest natural phrase first (up to four words), without negation
            // or quotes inside.
            let mut matched = false;
            for len in (1..=4).rev() {
                if i + len > tokens.len() {
                    continue;
                }
                let span = &tokens[i..i + len];
                if span.iter().skip(1).any(|(n, t)| *n || t.starts_with('"') || t.contains(':')) {
                    continue;
                }
                let words: Vec<String> = span.iter().map(|(_, t)| clean_word(t)).collect();
                let phrase = words.join(" ");
                if phrase.is_empty() {
                    continue;
                }
                let typed = span.iter().map(|(_, t)| t.as_str()).collect::<Vec<_>>().join(" ");
                if q.natural(*neg, &phrase, &typed, ex) {
                    i += len;
                    matched = true;
                    break;
                }
            }
            if !matched {
                let w = clean_word(tok);
                if w.is_empty() {
                    q.interpretation.push(Reading { text: tok.clone(), how: "ignored", means: String::new() });
                } else {
                    q.push(*neg, Filter::Text(w.clone()), tok, "text", format!("text:{w}"));
                }
                i += 1;
            }
        }
        Ok(q)
    }

    fn push(&mut self, negated: bool, filter: Filter, text: &str, how: &'static str, means: String) {
        let means = if negated { format!("NOT {means}") } else { means };
        self.interpretation.push(Reading { text: text.to_string(), how, means });
        self.clauses.push(Clause { negated, filter });
    }

    /// Natural reading of a phrase; false when it means nothing special.
    fn natural(&mut self, neg: bool, phrase: &str, typed: &str, ex: &Extractor) -> bool {
        if STOP.contains(&phrase) {
            self.interpretation.push(Reading { text: typed.to_string(), how: "ignored", means: String::new() });
            return true;
        }
        if let Some((age, sex)) = demographic(phrase) {
            let mut means = Vec::new();
            if let Some(r) = age {
                means.push(format!("age:{r}"));
                self.clauses.push(Clause { negated: neg, filter: Filter::Age(r) });
            }
            if let Some(s) = sex {
                means.push(format!("sex:{}", s.as_str()));
                self.clauses.push(Clause { negated: neg, filter: Filter::Sex(s) });
            }
            let means = means.join(" ");
            let means = if neg { format!("NOT {means}") } else { means };
            self.interpretation.push(Reading { text: typed.to_string(), how: "natural", means });
            return true;
        }
        if let Some((filter, means)) = comparison(phrase) {
            self.push(neg, filter, typed, "natural", means);
            return true;
        }
        let (filter, means) = match phrase {
            "unilateral" | "one-sided" => {
                (Filter::Laterality(Laterality::Unilateral), "laterality:unilateral".to_string())
            }
            "bilateral" | "both sides" => {
                (Filter::Laterality(Laterality::Bilateral), "laterality:bilateral".to_string())
            }
            "left" | "left-sided" | "left sided" => (Filter::Side(Side::Left), "side:left".to_string()),
            "right" | "right-sided" | "right sided" => (Filter::Side(Side::Right), "side:right".to_string()),
            _ => {
                if let Some(s) = ex.subtypes().subtype_names().find(|n| *n == phrase) {
                    (Filter::Subtype(s.to_string()), format!("subtype:{s}"))
                } else if let Some(v) = ex.subtypes().variant_names().find(|n| n.eq_ignore_ascii_case(phrase)) {
                    (Filter::Variant(v.to_string()), format!("variant:{v:?}"))
                } else if let Some(site) = ex.sites().lookup(phrase) {
                    (Filter::Site(site.path.clone()), format!("site:{:?} ({})", site.canonical, site.path))
                } else if let Some(t) = ex.treatments().lookup(phrase).filter(|_| phrase.len() >= 4) {
                    (Filter::Treatment(t.canonical.clone()), format!("treatment:{:?} (given)", t.canonical))
                } else {
                    return false;
                }
            }
        };
        self.push(neg, filter, typed, "natural", means);
        true
    }

    fn field(&mut self, neg: bool, field: &str, v: &str, typed: &str, ex: &Extractor) -> Result<()> {
        let lower = v.to_lowercase();
        if v.is_empty() {
            return Err(Error::query(format!("{field}: needs a value")));
        }
        let bad =
            |what: &str, allowed: &str| Error::query(format!("{field}:{v} is not a known {what} (use {allowed})"));
        let filter = match field {
            "age" => Filter::Age(parse_range(field, v, true)?),
            "year" => Filter::Year(parse_range(field, v, true)?),
            "sex" => Filter::Sex(match lower.as_str() {
                "female" | "f" | "woman" | "women" | "girl" => Sex::Female,
                "male" | "m" | "man" | "men" | "boy" => Sex::Male,
                _ => return Err(bad("sex", "female or male")),
            }),
            "laterality" => Filter::Laterality(match lower.as_str() {
                "unilateral" => Laterality::Unilateral,
                "bilateral" => Laterality::Bilateral,
                _ => return Err(bad("laterality", "unilateral or bilateral")),
            }),
            "side" => Filter::Side(match lower.as_str() {
                "left" => Side::Left,
                "right" => Side::Right,
                _ => return Err(bad("side", "left or right")),
            }),
            "subtype" => {
                let s = ex.subtypes().subtype_names().find(|n| n.eq_ignore_ascii_case(v));
                Filter::Subtype(s.map_or(lower.clone(), str::to_string))
            }
            "variant" => {
                let s = ex.subtypes().variant_names().find(|n| n.eq_ignore_ascii_case(v));
                Filter::Variant(s.map_or(lower.clone(), str::to_string))
            }
            "disease" => Filter::Disease(lower.clone()),
            "site" => match ex.sites().lookup(&lower) {
                Some(e) => Filter::Site(e.path.clone()),
                None if lower.starts_with('/') => Filter::Site(lower.clone()),
                None => {
                    return Err(Error::query(format!("site:{v} is not in the site vocabulary (schema/dict/sites.tsv)")))
                }
            },
            "region" => Filter::Region(lower.clone()),
            "treatment" => {
                let name = ex.treatments().lookup(&lower).map_or(lower.clone(), |e| e.canonical.clone());
                Filter::Treatment(name)
            }
            "status" => {
                self.treatment_status = Some(match lower.as_str() {
                    "any" | "all" => None,
                    s => Some(TreatmentStatus::parse(s).ok_or_else(|| {
                        bad("treatment status", "any, given, declined, offered, planned, negated or discussed")
                    })?),
                });
                self.interpretation.push(Reading {
                    text: typed.to_string(),
                    how: "field",
                    means: format!("status:{lower}"),
                });
                return Ok(());
            }
            "format" => Filter::Format(match lower.as_str() {
                "text" | "txt" => Format::Text,
                "jats" | "pmc" => Format::Jats,
                "pubmed" => Format::Pubmed,
                "bioc" => Format::Bioc,
                _ => return Err(bad("format", "text, jats, pubmed or bioc")),
            }),
            "language" | "lang" => Filter::Language(lower.clone()),
            "claim" => Filter::Claim(match lower.as_str() {
                "first" => ClaimKind::First,
                "count" => ClaimKind::Count,
                "knowledge" => ClaimKind::Knowledge,
                "rarity" | "rare" => ClaimKind::Rarity,
                _ => return Err(bad("claim kind", "first, count, knowledge or rarity")),
            }),
            "id" => Filter::Id(v.to_string()),
            "doi" => Filter::Doi(lower.clone()),
            "pmid" => Filter::Pmid(v.to_string()),
            "pmcid" => Filter::Pmcid(lower.clone()),
            "title" => Filter::Title(v.to_string()),
            "author" => Filter::Author(v.to_string()),
            "journal" => Filter::Journal(v.to_string()),
            "text" => {
                if v.contains(' ') {
                    Filter::Phrase(v.to_string())
                } else {
                    Filter::Text(lower.clone())
                }
            }
            _ => return Err(Error::query(format!("unknown field {field:?}; fields are {}", FIELDS.join(", ")))),
        };
        let means = describe(&filter);
        self.push(neg, filter, typed, "field", means);
        Ok(())
    }

    /// Whether any clause is full text (then hits are ranked by relevance).
    pub fn has_text(&self) -> bool {
        self.clauses.iter().any(|c| {
            !c.negated
                && matches!(
                    c.filter,
                    Filter::Text(_) | Filter::Phrase(_) | Filter::Title(_) | Filter::Author(_) | Filter::Journal(_)
                )
        })
    }
}

fn is_field_name(f: &str) -> bool {
    let f = f.to_lowercase();
    FIELDS.contains(&f.as_str())
        || (!f.is_empty() && f.chars().all(|c| c.is_ascii_alphabetic()) && f.len() <= 12 && !f.starts_with("http"))
}

/// Lowercase, without surrounding punctuation.
fn clean_word(t: &str) -> String {
    t.trim_matches(|c: char| !c.is_alphanumeric() && c != '-' && c != '\'').to_lowercase()
}

/// `field:value` as explained to the user.
pub fn describe(f: &Filter) -> String {
    match f {
        Filter::Text(w) => format!("text:{w}"),
        Filter::Phrase(p) => format!("text:\"{p}\""),
        Filter::Title(s) => format!("title:{s:?}"),
        Filter::Author(s) => format!("author:{s:?}"),
        Filter::Journal(s) => format!("journal:{s:?}"),
        Filter::Age(r) => format!("age:{r}"),
        Filter::Year(r) => format!("year:{r}"),
        Filter::Sex(s) => format!("sex:{}", s.as_str()),
        Filter::Subtype(s) => format!("subtype:{s}"),
        Filter::Variant(s) => format!("variant:{s:?}"),
        Filter::Disease(s) => format!("disease:{s:?}"),
        Filter::Laterality(l) => format!("laterality:{}", l.as_str()),
        Filter::Side(s) => format!("side:{}", s.as_str()),
        Filter::Site(p) => format!("site:{p}"),
        Filter::Region(r) => format!("region:{r:?}"),
        Filter::Treatment(t) => format!("treatment:{t:?}"),
        Filter::Format(x) => format!("format:{}", x.as_str()),
        Filter::Language(l) => format!("language:{l}"),
        Filter::Claim(c) => format!("claim:{}", c.as_str()),
        Filter::Id(s) => format!("id:{s}"),
        Filter::Doi(s) => format!("doi:{s}"),
        Filter::Pmid(s) => format!("pmid:{s}"),
        Filter::Pmcid(s) => format!("pmcid:{s}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn q(s: &str) -> Query {
        s.parse().unwrap()
    }

    #[test]
    fn ages_and_years_in_words() {
        let filters = |s: &str| q(s).clauses.into_iter().map(|c| c.filter).collect::<Vec<_>>();
        let range = |min: Option<f64>, max: Option<f64>| Range { min, max };
        assert_eq!(
            filters("calciphylaxis in women over 60"),
            vec![
                Filter::Subtype("calciphylaxis".into()),
                Filter::Age(range(Some(19.0), None)),
                Filter::Sex(Sex::Female),
                Filter::Age(range(Some(61.0), None)),
            ]
        );
        assert_eq!(filters("aged under 5"), vec![Filter::Age(range(None, Some(5.0)))]);
        assert_eq!(filters("between 40 and 60"), vec![Filter::Age(range(Some(40.0), Some(61.0)))]);
        assert_eq!(filters("published since 2015"), vec![Filter::Year(range(Some(2015.0), None))]);
        assert_eq!(filters("before 2010"), vec![Filter::Year(range(None, Some(2010.0)))]);
        assert_eq!(filters("in the 1990s"), vec![Filter::Year(range(Some(1990.0), Some(2000.0)))]);
        assert_eq!(filters("2015"), vec![Filter::Year(range(Some(2015.0), Some(2016.0)))]);
        // A number that is neither an age phrase nor a year stays text.
        assert_eq!(filters("60"), vec![Filter::Text("60".into())]);
    }

    #[test]
    fn natural_phrasing() {
        let x = q("unilateral idiopathic cases in children");
        assert_eq!(
            x.clauses.iter().map(|c| c.filter.clone()).collect::<Vec<_>>(),
            vec![
                Filter::Laterality(Laterality::Unilateral),
                Filter::Subtype("idiopathic".into()),
                Filter::Age(Range { min: None, max: Some(19.0) }),
            ]
        );
        let hows: Vec<&str> = x.interpretation.iter().map(|r| r.how).collect();
        assert_eq!(hows, vec!["natural", "natural", "ignored", "ignored", "natural"]);
    }

    #[test]
    fn field_syntax() {
        let x =
            q("age:6..12 sex:female site:elbow year:2010..2020 -treatment:diltiazem status:any \"tumoral calcinosis\"");
        assert_eq!(x.clauses[0].filter, Filter::Age(Range { min: Some(6.0), max: Some(13.0) }));
        assert_eq!(x.clauses[1].filter, Filter::Sex(Sex::Female));
        assert!(matches!(&x.clauses[2].filter, Filter::Site(p) if p.ends_with("/elbow")));
        assert_eq!(x.clauses[3].filter, Filter::Year(Range { min: Some(2010.0), max: Some(2021.0) }));
        assert!(x.clauses[4].negated);
        assert_eq!(x.treatment_status, Some(None));
        assert_eq!(x.clauses[5].filter, Filter::Phrase("tumoral calcinosis".into()));
        assert_eq!(q("age:<18").clauses[0].filter, Filter::Age(Range { min: None, max: Some(18.0) }));
    }

    #[test]
    fn girls_are_female_children() {
        let x = q("girls with nodules on the upper limb");
        assert!(x.clauses.contains(&Clause { negated: false, filter: Filter::Sex(Sex::Female) }));
        assert!(x.clauses.iter().any(|c| matches!(&c.filter, Filter::Site(p) if p == "/limb/upper limb")));
        assert!(x.clauses.contains(&Clause { negated: false, filter: Filter::Text("nodules".into()) }));
    }

    #[test]
    fn bad_queries_are_errors_not_panics() {
        for s in ["age:abc", "age:9..3", "sex:x", "\"open", "status:maybe", "site:nowhere-ish", "bogus:1", "age:"] {
            assert!(s.parse::<Query>().is_err(), "{s}");
        }
    }
}
