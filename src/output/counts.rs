//! Facets: counts of reports by the value of a field, for `stats --by` and
//! `search --facets`, as tables with bar charts, CSV or Markdown (JSON is
//! each command's own document).

use std::collections::BTreeMap;
use std::io::Write;

use super::reports::{csv_row, markdown_row};
use super::term::{self, Term};

/// A field reports can be counted by.
#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum Facet {
    /// Disease subtype.
    Subtype,
    /// Disease variant.
    Variant,
    /// Disease.
    Disease,
    /// Anatomical site, by its term (elbow, eyelid).
    Site,
    /// Body region of the sites (upper limb, face).
    Region,
    /// Treatment given.
    Treatment,
    /// PubMed age group of the patients.
    #[value(alias = "age_group")]
    AgeGroup,
    /// Sex of the patients.
    Sex,
    /// unilateral or bilateral.
    Laterality,
    /// Side affected.
    Side,
    /// Publication year.
    Year,
    /// Journal.
    Journal,
    /// Source format.
    Format,
    /// Language.
    Language,
    /// Kind of novelty claim.
    Claim,
}

impl Facet {
    /// What `casedex stats` counts when not given `--by`.
    pub const DEFAULT: &'static [Facet] = &[
        Facet::Format,
        Facet::Subtype,
        Facet::Variant,
        Facet::Sex,
        Facet::AgeGroup,
        Facet::Laterality,
        Facet::Language,
    ];

    /// The exact index field counted.
    pub fn field(self) -> &'static str {
        match self {
            Facet::Site => "site_term",
            Facet::Journal => "journal_exact",
            _ => self.key(),
        }
    }

    /// The name in JSON and CSV output.
    pub fn key(self) -> &'static str {
        match self {
            Facet::Subtype => "subtype",
            Facet::Variant => "variant",
            Facet::Disease => "disease",
            Facet::Site => "site",
            Facet::Region => "region",
            Facet::Treatment => "treatment",
            Facet::AgeGroup => "age_group",
            Facet::Sex => "sex",
            Facet::Laterality => "laterality",
            Facet::Side => "side",
            Facet::Year => "year",
            Facet::Journal => "journal",
            Facet::Format => "format",
            Facet::Language => "language",
            Facet::Claim => "claim",
        }
    }

    /// Count `facets` over the reports matching `query` (all when None),
    /// keyed by [`Facet::key`], in the order asked for.
    pub fn count(
        searcher: &casedex::index::search::Searcher,
        query: Option<&casedex::query::Query>,
        facets: &[Facet],
    ) -> casedex::Result<Counts> {
        let fields: Vec<&str> = facets.iter().map(|f| f.field()).collect();
        let mut by_field = searcher.counts(query, &fields)?;
        let mut out = Counts::default();
        for f in facets {
            if !out.iter().any(|(k, _)| *k == f.key()) {
                out.push((f.key(), by_field.remove(f.field()).unwrap_or_default()));
            }
        }
        Ok(out)
    }
}

/// Counts per facet, in the order asked for: (key, value → reports).
pub type Counts = Vec<(&'static str, BTreeMap<String, u64>)>;

/// The counts as one JSON object per facet, keyed by [`Facet::key`].
pub fn json_map(counts: &Counts) -> BTreeMap<&'static str, &BTreeMap<String, u64>> {
    counts.iter().map(|(k, v)| (*k, v)).collect()
}

/// The values in the order a reader wants them: years in time order (a
/// histogram), everything else most frequent first, then by name.
fn ordered<'a>(key: &str, m: &'a BTreeMap<String, u64>) -> Vec<(&'a String, u64)> {
    let mut rows: Vec<(&String, u64)> = m.iter().map(|(k, v)| (k, *v)).collect();
    if key != "year" {
        rows.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    }
    rows
}

/// Widest a label is shown in a table.
const LABEL: usize = 40;
/// Widest a bar is drawn.
const BAR: usize = 30;

/// Each facet as a titled list of values, counts and bars scaled to the
/// largest count; `of` is what the counts are out of, for the title.
pub fn table(out: &mut dyn Write, counts: &Counts, of: &str, term: &Term) -> std::io::Result<()> {
    for (i, (key, m)) in counts.iter().enumerate() {
        if i > 0 {
            writeln!(out)?;
        }
        writeln!(out, "{} {}", term.paint(term::HEADER, key), term.paint(term::DIM, &format!("({of})")))?;
        if m.is_empty() {
            writeln!(out, "  {}", term.paint(term::DIM, "(none)"))?;
            continue;
        }
        let rows = ordered(key, m);
        let label = rows.iter().map(|(k, _)| term::width(&term::clean(k))).max().unwrap_or(0).min(LABEL);
        let max = rows.iter().map(|r| r.1).max().unwrap_or(0);
        let digits = max.to_string().len();
        // What is left of the line for the bar, within BAR.
        let room = term.width.map_or(BAR, |w| w.saturating_sub(2 + label + 2 + digits + 2).min(BAR));
        for (k, n) in rows {
            let k = term::fit(&term::clean(k), label);
            let pad = " ".repeat(label - term::width(&k));
            let bar = term.paint(term::BAR, &term::bar(n, max, room));
            writeln!(out, "{}", format!("  {k}{pad}  {n:>digits$}  {bar}").trim_end())?;
        }
    }
    Ok(())
}

/// All facets as one CSV table: `field,value,count`.
pub fn csv(out: &mut dyn Write, counts: &Counts) -> std::io::Result<()> {
    csv_row(out, ["field", "value", "count"].into_iter().map(String::from))?;
    for (key, m) in counts {
        for (k, n) in ordered(key, m) {
            csv_row(out, [key.to_string(), k.clone(), n.to_string()].into_iter())?;
        }
    }
    Ok(())
}

/// Each facet as a Markdown table of values and counts.
pub fn markdown(out: &mut dyn Write, counts: &Counts) -> std::io::Result<()> {
    for (key, m) in counts {
        writeln!(out)?;
        markdown_row(out, [key.to_string(), "reports".into()].into_iter())?;
        writeln!(out, "|---|---:|")?;
        for (k, n) in ordered(key, m) {
            markdown_row(out, [k.clone(), n.to_string()].into_iter())?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_match_the_stats_json_and_the_cli_names() {
        use clap::ValueEnum;
        for f in Facet::value_variants() {
            let name = f.to_possible_value().unwrap().get_name().to_string();
            assert_eq!(name.replace('-', "_"), f.key());
        }
    }

    #[test]
    fn tables_order_by_count_and_years_by_time() {
        let m: BTreeMap<String, u64> = [("b".to_string(), 1), ("a".into(), 3), ("c".into(), 3)].into();
        let years: BTreeMap<String, u64> = [("2013".to_string(), 1), ("2001".into(), 5)].into();
        let mut out = Vec::new();
        table(&mut out, &vec![("subtype", m), ("year", years)], "51 reports", &Term::default()).unwrap();
        let s = String::from_utf8(out).unwrap();
        let lines: Vec<&str> = s.lines().collect();
        assert_eq!(lines[0], "subtype (51 reports)");
        assert!(
            lines[1].starts_with("  a  3  ") && lines[2].starts_with("  c  3  ") && lines[3].starts_with("  b  1  ")
        );
        assert!(lines[6].starts_with("  2001  5  ") && lines[7].starts_with("  2013  1  "), "{s}");
    }
}
