//! Listings of reports in every output format, shared by the commands that
//! print reports (`search`, `show`, and any later command that lists them):
//! a command picks the rows and the document its `json` prints, and
//! [`write`] does the rest.

use std::io::Write;

use casedex::CaseReport;
use serde::{Serialize, Serializer};

use super::columns::{Column, Row};
use super::table::{self, Col};
use super::term::{self, Term};
use super::{cite, cut};

/// An output format for reports.
#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// Aligned columns fitted to the terminal (choose them with --fields).
    Table,
    /// Each record in full, with the sentence behind every value.
    Text,
    /// One JSON document.
    Json,
    /// One JSON object per report, one per line.
    Jsonl,
    /// RFC 4180 CSV, one row per report, lists joined with "; " (choose columns with --fields).
    Csv,
    /// BibTeX @article entries, for LaTeX and reference managers.
    Bibtex,
    /// RIS records, for reference managers (Zotero, EndNote, Mendeley).
    Ris,
    /// A Markdown (GitHub) table (choose columns with --fields).
    Markdown,
}

impl Format {
    /// Whether `--fields` chooses what this format prints.
    pub fn has_columns(self) -> bool {
        matches!(self, Format::Table | Format::Csv | Format::Markdown)
    }

    /// Reject `--fields` where it would be silently ignored.
    pub fn check_fields(self, fields: &[Column]) -> anyhow::Result<()> {
        if !fields.is_empty() && !self.has_columns() {
            anyhow::bail!("--fields chooses the columns of --format table, csv or markdown, not {}", self.name());
        }
        Ok(())
    }

    /// The name as typed on the command line (a test checks it against clap's).
    pub fn name(self) -> &'static str {
        match self {
            Format::Table => "table",
            Format::Text => "text",
            Format::Json => "json",
            Format::Jsonl => "jsonl",
            Format::Csv => "csv",
            Format::Bibtex => "bibtex",
            Format::Ris => "ris",
            Format::Markdown => "markdown",
        }
    }
}

/// A row as JSON: the record, with its score first when it has one (as
/// search hits have always been printed).
impl Serialize for Row<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        #[derive(Serialize)]
        struct Scored<'a> {
            score: f32,
            #[serde(flatten)]
            report: &'a CaseReport,
        }
        match self.score {
            Some(score) => Scored { score, report: self.report }.serialize(s),
            None => self.report.serialize(s),
        }
    }
}

/// Print `rows` in `format`: `json` prints `json` (each command has its
/// own document: search wraps its hits with the query); every other format
/// prints the rows. `fields` chooses the columns of table, csv and markdown
/// (their defaults when empty).
pub fn write<J: Serialize>(
    out: &mut dyn Write,
    format: Format,
    rows: &[Row],
    json: &J,
    fields: &[Column],
    term: &Term,
) -> anyhow::Result<()> {
    let columns = match (fields.is_empty(), format) {
        (false, _) => fields,
        (true, Format::Csv) => Column::CSV,
        (true, _) => Column::TABLE,
    };
    match format {
        Format::Json => super::json(out, json)?,
        Format::Jsonl => {
            for r in rows {
                super::jsonl(out, r)?;
            }
        }
        Format::Table => {
            let cols: Vec<Col> = columns
                .iter()
                .map(|c| Col { header: c.header(), shrink: c.shrink(), style: (*c == Column::Id).then_some(term::ID) })
                .collect();
            let cells: Vec<Vec<String>> =
                rows.iter().map(|r| columns.iter().map(|c| c.cell(r, ", ")).collect()).collect();
            table::write(out, term, &cols, &cells)?;
        }
        Format::Csv => {
            csv_row(out, columns.iter().map(|c| c.name().to_string()))?;
            for r in rows {
                csv_row(out, columns.iter().map(|c| c.cell(r, "; ")))?;
            }
        }
        Format::Markdown => {
            markdown_row(out, columns.iter().map(|c| c.header().to_string()))?;
            writeln!(out, "|{}", "---|".repeat(columns.len()))?;
            for r in rows {
                markdown_row(out, columns.iter().map(|c| c.cell(r, "; ")))?;
            }
        }
        Format::Bibtex => {
            for r in rows {
                cite::bibtex(out, r.report)?;
            }
        }
        Format::Ris => {
            for r in rows {
                cite::ris(out, r.report)?;
            }
        }
        Format::Text => {
            for (i, r) in rows.iter().enumerate() {
                if i > 0 {
                    writeln!(out)?;
                }
                text(out, r.report, term)?;
            }
        }
    }
    Ok(())
}

/// One CSV record (RFC 4180): fields with a comma, quote or line break are
/// quoted, quotes doubled; lines end in CRLF as the RFC says, which every
/// CSV reader accepts.
pub fn csv_row(out: &mut dyn Write, cells: impl Iterator<Item = String>) -> std::io::Result<()> {
    let cells: Vec<String> = cells
        .map(|c| if c.contains([',', '"', '\n', '\r']) { format!("\"{}\"", c.replace('"', "\"\"")) } else { c })
        .collect();
    write!(out, "{}\r\n", cells.join(","))
}

/// One row of a Markdown table: cells on one line, with the characters
/// Markdown would act on (pipes, emphasis, links, HTML) escaped.
pub fn markdown_row(out: &mut dyn Write, cells: impl Iterator<Item = String>) -> std::io::Result<()> {
    let cells: Vec<String> = cells.map(|c| markdown(&c)).collect();
    writeln!(out, "| {} |", cells.join(" | "))
}

fn markdown(s: &str) -> String {
    let mut out = String::new();
    for c in term::clean(s).chars() {
        if matches!(c, '\\' | '|' | '*' | '_' | '`' | '[' | ']' | '<' | '>' | '#') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// One record in full: bibliographic data, every extracted value, and the
/// sentence each value came from.
fn text(out: &mut dyn Write, r: &CaseReport, term: &Term) -> std::io::Result<()> {
    let opt = |o: &Option<String>| term::clean(o.as_deref().unwrap_or(""));
    writeln!(out, "{}", term.paint(term::ID, &r.id))?;
    writeln!(out, "  title       {}", opt(&r.title))?;
    writeln!(out, "  authors     {}", term::clean(&r.authors.join(", ")))?;
    writeln!(
        out,
        "  journal     {} {} {}{}",
        opt(&r.journal),
        r.year.map_or(String::new(), |y| y.to_string()),
        opt(&r.volume),
        r.pages.as_ref().map_or(String::new(), |p| format!(":{}", term::clean(p)))
    )?;
    writeln!(out, "  ids         doi {} pmid {} pmcid {}", opt(&r.doi), opt(&r.pmid), opt(&r.pmcid))?;
    writeln!(out, "  source      {} ({})", term::clean(&r.source.path), r.source.format.as_str())?;
    writeln!(out, "  patients    {} [{}]", r.patient_count, super::age_sex(r))?;
    writeln!(out, "  subtypes    {}  variants {}", r.subtypes.join(", "), r.variants.join(", "))?;
    writeln!(out, "  laterality  {}", super::laterality(r))?;
    let sites: Vec<String> = r
        .sites
        .iter()
        .map(|s| match s.side {
            Some(side) => format!("{} ({})", s.term, side.as_str()),
            None => s.term.clone(),
        })
        .collect();
    writeln!(out, "  sites       {}", sites.join(", "))?;
    let tr: Vec<String> = r.treatments.iter().map(|t| format!("{} [{}]", t.name, t.status.as_str())).collect();
    writeln!(out, "  treatments  {}", tr.join(", "))?;
    writeln!(out, "  references  {}", r.references.len())?;
    for c in &r.claims {
        writeln!(
            out,
            "  claim       {}{}: {}",
            c.kind.as_str(),
            c.count.map_or(String::new(), |n| format!(" ({n})")),
            term::clean(&c.text)
        )?;
    }
    writeln!(out, "{}", term.paint(term::HEADER, "evidence:"))?;
    for e in &r.evidence {
        writeln!(
            out,
            "  {:<14} {:<28} [{}] {}",
            e.field,
            cut(&term::clean(&e.value), 28),
            e.rule,
            cut(&term::clean(&e.text), 160)
        )?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_clap_names() {
        use clap::ValueEnum;
        for f in Format::value_variants() {
            assert_eq!(f.to_possible_value().unwrap().get_name(), f.name());
        }
    }

    #[test]
    fn csv_quotes_only_what_needs_it() {
        let mut out = Vec::new();
        csv_row(&mut out, ["a".to_string(), "b, c".into(), "say \"hi\"".into(), "x\ny".into()].into_iter()).unwrap();
        assert_eq!(String::from_utf8(out).unwrap(), "a,\"b, c\",\"say \"\"hi\"\"\",\"x\ny\"\r\n");
    }

    #[test]
    fn markdown_cells_stay_in_their_cell() {
        assert_eq!(markdown("a|b *c*\nd"), r"a\|b \*c\* d");
    }
}
