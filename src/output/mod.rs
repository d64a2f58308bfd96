//! Everything the binary prints, kept out of the subcommands so that each
//! stays a thin layer: report listings in every format ([`reports`]), their
//! columns ([`columns`]), citations ([`cite`]), facet counts ([`counts`]),
//! tables fitted to the terminal ([`table`], [`term`]), and the small
//! helpers below. The library never prints; this is where it happens.

pub mod cite;
pub mod columns;
pub mod counts;
pub mod reports;
pub mod table;
pub mod term;

use std::io::{self, Write};

use casedex::CaseReport;

/// Whether an error chain ends in a closed pipe (`casedex search … | head`).
/// serde_json wraps the I/O error without exposing it as its source, so
/// its errors are asked for their I/O kind directly.
pub fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|e| {
        let kind = e
            .downcast_ref::<io::Error>()
            .map(io::Error::kind)
            .or_else(|| e.downcast_ref::<serde_json::Error>().and_then(serde_json::Error::io_error_kind));
        kind == Some(io::ErrorKind::BrokenPipe)
    })
}

/// Print a value as pretty JSON with a trailing newline.
pub fn json<T: serde::Serialize + ?Sized>(out: &mut dyn Write, v: &T) -> anyhow::Result<()> {
    serde_json::to_writer_pretty(&mut *out, v)?;
    writeln!(out)?;
    Ok(())
}

/// Print a value as one JSON line.
pub fn jsonl<T: serde::Serialize + ?Sized>(out: &mut dyn Write, v: &T) -> anyhow::Result<()> {
    serde_json::to_writer(&mut *out, v)?;
    writeln!(out)?;
    Ok(())
}

/// Cut a string to `n` characters, with an ellipsis when cut.
pub fn cut(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        s.to_string()
    } else {
        let mut t: String = s.chars().take(n.saturating_sub(1)).collect();
        t.push('…');
        t
    }
}

/// "7 F", "45 M; 3 F", "? F"; under two, months ("15mo"), and under a
/// month, days ("3d"), so that newborns do not read "0mo".
pub fn age_sex(r: &CaseReport) -> String {
    let parts: Vec<String> = r
        .patients
        .iter()
        .map(|p| {
            let age = p.age_years.map_or("?".to_string(), |a| {
                if a >= 2.0 {
                    format!("{}", a.floor())
                } else if a * 12.0 >= 1.0 {
                    format!("{}mo", (a * 12.0).floor())
                } else {
                    format!("{}d", (a * 365.25).round())
                }
            });
            let sex = p.sex.map_or("?", |s| if s == casedex::Sex::Female { "F" } else { "M" });
            format!("{age} {sex}")
        })
        .collect();
    let mut s = parts.join("; ");
    if (r.patient_count as usize) > r.patients.len() {
        s = format!("{} patients{}", r.patient_count, if s.is_empty() { String::new() } else { format!(": {s}") });
    }
    s
}

/// "unilateral right", "bilateral", "".
pub fn laterality(r: &CaseReport) -> String {
    match r.laterality {
        Some(casedex::Laterality::Unilateral) => {
            let sides: Vec<&str> = r.sides.iter().map(|s| s.as_str()).collect();
            format!("unilateral {}", sides.join("+")).trim().to_string()
        }
        Some(casedex::Laterality::Bilateral) => "bilateral".into(),
        None => String::new(),
    }
}

/// `--format` of the commands that print either a table or JSON.
#[derive(clap::ValueEnum, Clone, Copy)]
pub enum TableOrJson {
    Table,
    Json,
}

/// A plain table on stdout's terms: `never` columns (ids) are never cut,
/// the others give up width as the terminal requires.
pub fn plain_table(
    out: &mut dyn Write,
    headers: &[&str],
    never: &[usize],
    rows: &[Vec<String>],
) -> std::io::Result<()> {
    let cols: Vec<table::Col> = headers
        .iter()
        .enumerate()
        .map(|(i, h)| table::Col {
            header: h,
            shrink: if never.contains(&i) { table::Shrink::Never } else { table::Shrink::First },
            style: None,
        })
        .collect();
    table::write(out, &term::Term::stdout(), &cols, rows)
}
