//! Terminal manners: colour only where it is wanted, widths that fit, text
//! that cannot disturb the terminal.
//!
//! Colour follows the usual conventions (through anstream, which clap uses
//! for its own help): never with `NO_COLOR`, forced with `CLICOLOR_FORCE`,
//! else only when stdout is a terminal. The width is the terminal's when
//! stdout is one, else `$COLUMNS` when set, else unlimited: output piped into
//! a file or another program keeps whole values.

use std::io::{self, IsTerminal};

use anstyle::{AnsiColor, Style};
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

/// Table headers.
pub const HEADER: Style = Style::new().bold();
/// Secondary text: footers, notes.
pub const DIM: Style = Style::new().dimmed();
/// Bars of bar charts.
pub const BAR: Style = AnsiColor::Cyan.on_default();
/// Report ids, which the reader copies into `casedex show`.
pub const ID: Style = AnsiColor::Green.on_default();

/// How to write to stdout.
#[derive(Debug, Clone, Copy, Default)]
pub struct Term {
    /// Whether to emit ANSI colours.
    pub color: bool,
    /// Columns available, if limited.
    pub width: Option<usize>,
}

impl Term {
    /// The manners of this process's stdout.
    pub fn stdout() -> Term {
        let stdout = io::stdout();
        let color = anstream::AutoStream::choice(&stdout) != anstream::ColorChoice::Never;
        let tty_width = if stdout.is_terminal() {
            terminal_size::terminal_size_of(&stdout).map(|(w, _)| usize::from(w.0))
        } else {
            None
        };
        let width =
            tty_width.or_else(|| std::env::var("COLUMNS").ok().and_then(|c| c.trim().parse().ok())).filter(|w| *w > 0);
        Term { color, width }
    }

    /// `s` in `style` when colour is on, else `s` as it is.
    pub fn paint(&self, style: Style, s: &str) -> String {
        if self.color && !s.is_empty() {
            format!("{style}{s}{style:#}")
        } else {
            s.to_string()
        }
    }
}

/// Columns `s` takes on a terminal (wide CJK characters count two).
pub fn width(s: &str) -> usize {
    UnicodeWidthStr::width(s)
}

/// `s` cut to at most `max` columns, ending in an ellipsis when cut.
pub fn fit(s: &str, max: usize) -> String {
    if width(s) <= max {
        return s.to_string();
    }
    let mut out = String::new();
    let mut used = 0;
    for c in s.chars() {
        let w = c.width().unwrap_or(0);
        if used + w + 1 > max {
            break;
        }
        out.push(c);
        used += w;
    }
    if max > 0 {
        out.push('…');
    }
    out
}

/// `s` on one line with nothing a terminal would act on: control
/// characters (newlines, tabs, escape sequences from a hostile or broken
/// file) become spaces, and runs of spaces one.
pub fn clean(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        let c = if c.is_control() { ' ' } else { c };
        if !(c == ' ' && (out.is_empty() || out.ends_with(' '))) {
            out.push(c);
        }
    }
    out.truncate(out.trim_end().len());
    out
}

/// A bar of `n` out of `max` in at most `cells` columns, in eighths of a
/// block so that small differences stay visible; any `n > 0` shows.
pub fn bar(n: u64, max: u64, cells: usize) -> String {
    const PARTS: [char; 8] = [' ', '▏', '▎', '▍', '▌', '▋', '▊', '▉'];
    if max == 0 || n == 0 || cells == 0 {
        return String::new();
    }
    let eighths = ((n as f64 / max as f64) * cells as f64 * 8.0).round().max(1.0) as usize;
    let mut s = "█".repeat(eighths / 8);
    if eighths % 8 > 0 {
        s.push(PARTS[eighths % 8]);
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clean_flattens_control_characters() {
        assert_eq!(clean("a\nb\t\tc\u{1b}[31m d "), "a b c [31m d");
    }

    #[test]
    fn fit_counts_columns_not_bytes() {
        assert_eq!(fit("Bécuwe", 10), "Bécuwe");
        assert_eq!(fit("calcinosis cutis", 8), "calcino…");
        assert_eq!(width(&fit("石灰沈着症の症例", 7)), 7);
        assert_eq!(fit("abc", 0), "");
    }

    #[test]
    fn bars_scale_and_never_vanish() {
        assert_eq!(bar(10, 10, 4), "████");
        assert_eq!(bar(5, 10, 4), "██");
        assert_eq!(bar(1, 1000, 4), "▏");
        assert_eq!(bar(0, 10, 4), "");
    }
}
