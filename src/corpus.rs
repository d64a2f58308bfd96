//! The bundled corpus, embedded in the binary, and the default index built from it.
//!
//! `corpus/` holds published calcinosis cutis case reports rewritten by the
//! team from their facts (see `corpus/README.md`). With no index yet, a
//! search builds one from these files into [`default_index_dir`], so that a
//! fresh install answers questions at once. A stamp file records which
//! corpus the index was built from; when the bundled corpus changes, the
//! default index is rebuilt. An index the user ingested into has no stamp
//! and is never replaced.

use std::fs;
use std::path::{Path, PathBuf};

use include_dir::{include_dir, Dir};

use crate::error::{Error, Result};
use crate::index::Index;
use crate::pipeline::{self, Options, Summary};

static CORPUS: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/corpus");

const STAMP: &str = "bundled-corpus.stamp";

/// The bundled files as (name, bytes), README excluded, sorted by name.
pub fn files() -> Vec<(&'static str, &'static [u8])> {
    let mut out: Vec<(&str, &[u8])> = CORPUS
        .files()
        .filter_map(|f| {
            let name = f.path().to_str()?;
            (!name.eq_ignore_ascii_case("README.md")).then_some((name, f.contents()))
        })
        .collect();
    out.sort_by_key(|(n, _)| *n);
    out
}

/// A fingerprint of the bundled corpus and of this build's schema.
fn fingerprint() -> String {
    let mut h = xxhash_rust::xxh3::Xxh3::new();
    for (name, bytes) in files() {
        h.update(name.as_bytes());
        h.update(bytes);
    }
    format!("{:016x}-v{}-{}", h.digest(), crate::index::SCHEMA_VERSION, env!("CARGO_PKG_VERSION"))
}

/// Where the default index lives: `$CASEDEX_INDEX`, else
/// `$XDG_DATA_HOME/casedex/index`, else `~/.local/share/casedex/index`.
pub fn default_index_dir() -> PathBuf {
    if let Some(p) = std::env::var_os("CASEDEX_INDEX").filter(|p| !p.is_empty()) {
        return PathBuf::from(p);
    }
    let data = std::env::var_os("XDG_DATA_HOME")
        .filter(|p| !p.is_empty())
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".local/share")))
        .unwrap_or_else(|| PathBuf::from("."));
    data.join("casedex").join("index")
}

/// Whether `dir` should be (re)built from the bundled corpus: it has no
/// index, or an index built from another version of the bundled corpus.
pub fn needs_build(dir: &Path) -> bool {
    if !Index::exists(dir) {
        return true;
    }
    match fs::read_to_string(dir.join(STAMP)) {
        Ok(s) => s.trim() != fingerprint(),
        Err(_) => false,
    }
}

/// Build the index in `dir` from the bundled corpus (replacing a stale
/// bundled index, never a user's).
pub fn build(dir: &Path) -> Result<Summary> {
    if Index::exists(dir) {
        if !dir.join(STAMP).exists() {
            return Err(
                Error::index("holds an index you ingested; not replacing it with the bundled corpus").with_path(dir)
            );
        }
        fs::remove_dir_all(dir).map_err(|e| Error::io_path(e, dir))?;
    }
    let index = Index::create_or_open(dir)?;
    // Stamped before the build, as incomplete, so that a build that is
    // interrupted is rebuilt next time rather than taken for a user's index.
    let stamp = |s: &str| fs::write(dir.join(STAMP), s).map_err(|e| Error::io_path(e, dir.join(STAMP)));
    stamp("incomplete")?;
    let summary = pipeline::ingest_bytes(&index, &files(), &Options::default())?;
    stamp(&fingerprint())?;
    Ok(summary)
}

/// Mark an index as the user's own (after a user ingest into it).
pub fn claim(dir: &Path) {
    let _ = fs::remove_file(dir.join(STAMP));
}
