//! `casedex completions SHELL`: a shell completion script on stdout.

use std::io::Write;
use std::process::ExitCode;

/// Print the completion script for a shell.
///
/// Completes subcommands, options and their values (formats, fields, sort
/// orders). Load it once per shell session, or save it where the shell looks.
///
/// Examples:
///   casedex completions bash > ~/.local/share/bash-completion/completions/casedex
///   casedex completions zsh > ~/.zfunc/_casedex      # with fpath+=(~/.zfunc) in ~/.zshrc
///   casedex completions fish > ~/.config/fish/completions/casedex.fish
///   casedex completions powershell >> $PROFILE
///   source <(casedex completions bash)
#[derive(clap::Args)]
#[command(verbatim_doc_comment)]
pub struct Args {
    /// The shell.
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

/// `cmd` is the whole command line's definition, from `main`.
pub fn run(a: Args, mut cmd: clap::Command) -> anyhow::Result<ExitCode> {
    // clap_complete panics when its writer fails, so the script is built in
    // memory and written here, where a closed pipe is an ordinary error.
    let mut script = Vec::new();
    let name = cmd.get_name().to_string();
    clap_complete::generate(a.shell, &mut cmd, name, &mut script);
    let mut out = std::io::stdout().lock();
    out.write_all(&script)?;
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}
