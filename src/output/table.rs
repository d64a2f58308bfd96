//! Aligned tables that fit the terminal.

use std::io::{self, Write};

use super::term::{self, Term};

/// How a column may give up width when the table is too wide.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shrink {
    /// Long free text (titles, lists): cut first, down to a few words.
    First,
    /// Short values (years, ages): cut only when cutting free text was not enough.
    Last,
    /// Never cut: values the reader copies, such as report ids.
    Never,
}

/// The order columns shrink in, and how far: free text down to a few words,
/// then further, then short values down to a hint of themselves.
const STEPS: [(Shrink, usize); 3] = [(Shrink::First, 12), (Shrink::First, 6), (Shrink::Last, 4)];
/// Spaces between columns.
const GAP: usize = 2;

/// One column: its header and how it shrinks.
pub struct Col<'a> {
    /// The header.
    pub header: &'a str,
    /// How it shrinks.
    pub shrink: Shrink,
    /// The style of its cells (the header is always bold).
    pub style: Option<anstyle::Style>,
}

/// Print `rows` under `cols`, aligned, cut to the terminal's width; cells
/// are cleaned of control characters first. Nothing is printed for no columns.
pub fn write(out: &mut dyn Write, term: &Term, cols: &[Col], rows: &[Vec<String>]) -> io::Result<()> {
    if cols.is_empty() {
        return Ok(());
    }
    let rows: Vec<Vec<String>> = rows.iter().map(|r| r.iter().map(|c| term::clean(c)).collect()).collect();
    let mut widths: Vec<usize> = cols.iter().map(|c| term::width(c.header)).collect();
    for r in &rows {
        for (w, c) in widths.iter_mut().zip(r) {
            *w = (*w).max(term::width(c));
        }
    }
    if let Some(max) = term.width {
        shrink(&mut widths, cols, max);
    }
    let line = |out: &mut dyn Write, cells: &[String], header: bool| -> io::Result<()> {
        let mut s = String::new();
        for (i, (col, w)) in cols.iter().zip(&widths).enumerate() {
            let cell = term::fit(cells.get(i).map_or("", |c| c.as_str()), *w);
            let pad = if i + 1 == cols.len() { 0 } else { w - term::width(&cell) + GAP };
            let style = if header { Some(term::HEADER) } else { col.style };
            s.push_str(&style.map_or_else(|| cell.clone(), |st| term.paint(st, &cell)));
            s.push_str(&" ".repeat(pad));
        }
        writeln!(out, "{}", s.trim_end())
    };
    let header: Vec<String> = cols.iter().map(|c| c.header.to_string()).collect();
    line(out, &header, true)?;
    for r in &rows {
        line(out, r, false)?;
    }
    Ok(())
}

/// Narrow the widest shrinkable column, one column at a time, until the
/// table fits in `max` or nothing may shrink further, in the order of
/// [`STEPS`]; ids never shrink.
fn shrink(widths: &mut [usize], cols: &[Col], max: usize) {
    let total = |w: &[usize]| w.iter().sum::<usize>() + GAP * w.len().saturating_sub(1);
    for (kind, floor) in STEPS {
        while total(widths) > max {
            let widest = (0..widths.len())
                .filter(|&i| cols[i].shrink == kind && widths[i] > floor)
                .max_by_key(|&i| (widths[i], std::cmp::Reverse(i)));
            match widest {
                Some(i) => widths[i] -= 1,
                None => break,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cols() -> Vec<Col<'static>> {
        vec![
            Col { header: "id", shrink: Shrink::Never, style: None },
            Col { header: "year", shrink: Shrink::Last, style: None },
            Col { header: "title", shrink: Shrink::First, style: None },
        ]
    }

    fn render(term: Term, rows: &[Vec<String>]) -> String {
        let mut out = Vec::new();
        write(&mut out, &term, &cols(), rows).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn fits_the_width_by_cutting_free_text_first() {
        let rows = vec![vec!["doi:10.1/abc".into(), "2013".into(), "A very long title of a case report".into()]];
        let wide = render(Term::default(), &rows);
        assert!(wide.contains("A very long title of a case report"));
        let narrow = render(Term { color: false, width: Some(40) }, &rows);
        for l in narrow.lines() {
            assert!(term::width(l) <= 40, "{l:?}");
        }
        assert!(narrow.contains("doi:10.1/abc") && narrow.contains("…"));
    }

    #[test]
    fn cells_are_one_line_and_colour_only_when_asked() {
        let rows = vec![vec!["x".into(), "1".into(), "two\nlines".into()]];
        assert_eq!(render(Term::default(), &rows).lines().count(), 2);
        assert!(!render(Term::default(), &rows).contains('\u{1b}'));
        assert!(render(Term { color: true, width: None }, &rows).contains('\u{1b}'));
    }
}
