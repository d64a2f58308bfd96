//! Output helpers shared by the subcommands: tables, JSON, broken pipes.

use std::io::{self, Write};

use casedex::CaseReport;

/// Whether an error chain ends in a closed pipe (`casedex search … | head`),
/// also when serde_json was writing (its error wraps the I/O error).
pub fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|e| {
        e.downcast_ref::<io::Error>().is_some_and(|io| io.kind() == io::ErrorKind::BrokenPipe)
            || e.downcast_ref::<serde_json::Error>().and_then(serde_json::Error::io_error_kind)
                == Some(io::ErrorKind::BrokenPipe)
    })
}

/// Print a value as pretty JSON with a trailing newline.
pub fn json<T: serde::Serialize>(out: &mut impl Write, v: &T) -> anyhow::Result<()> {
    serde_json::to_writer_pretty(&mut *out, v)?;
    writeln!(out)?;
    Ok(())
}

/// Print a value as one JSON line.
pub fn jsonl<T: serde::Serialize>(out: &mut impl Write, v: &T) -> anyhow::Result<()> {
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

/// "7 F", "45 M; 3 F", "? F".
pub fn age_sex(r: &CaseReport) -> String {
    let parts: Vec<String> = r
        .patients
        .iter()
        .map(|p| {
            let age = p.age_years.map_or("?".to_string(), |a| {
                if a >= 2.0 || a == 0.0 {
                    format!("{}", a.floor())
                } else {
                    format!("{}mo", (a * 12.0).round())
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

/// A simple aligned table: the last column takes what is left.
pub fn table(out: &mut impl Write, header: &[&str], rows: &[Vec<String>]) -> io::Result<()> {
    let n = header.len();
    let mut widths: Vec<usize> = header.iter().map(|h| h.chars().count()).collect();
    for r in rows {
        for (i, c) in r.iter().enumerate().take(n) {
            widths[i] = widths[i].max(c.chars().count());
        }
    }
    let line = |cells: Vec<String>| -> String {
        let mut s = String::new();
        for (i, c) in cells.iter().enumerate() {
            if i + 1 == n {
                s.push_str(c);
            } else {
                s.push_str(c);
                s.push_str(&" ".repeat(widths[i] - c.chars().count() + 2));
            }
        }
        s.trim_end().to_string()
    };
    writeln!(out, "{}", line(header.iter().map(|h| h.to_string()).collect()))?;
    for r in rows {
        writeln!(out, "{}", line(r.clone()))?;
    }
    Ok(())
}
