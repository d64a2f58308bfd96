//! The files an index has read, and from which bytes: what lets an ingest
//! leave alone a file it would read to the same records.
//!
//! Each file read is kept as its key (canonical path) and its signature
//! ([`FileSig`]: the hash of its bytes and the identity of the extractor that
//! read them). The list is written beside tantivy's files, as
//! `casedex-files-N.jsonl`, before each commit, and the commit names it in its
//! payload: the list and the records it speaks of are made durable by the
//! same write of tantivy's `meta.json`. A crash before that write leaves the
//! last commit naming the list of its own time; a list that no commit names
//! is removed at the next commit.
//!
//! A file is listed once its records are written, whatever becomes of them
//! later: when another file holds a report with the same id and replaces
//! it, the first file is still the one it was, and is not read again. So
//! ingesting the same folder twice changes nothing, whatever order its
//! duplicates come in. (Were a file whose every record was replaced read
//! again, it would replace the newer records in turn, and each ingest would
//! undo the one before.)

use std::collections::HashMap;
use std::fs;
use std::io::Write;
use std::path::Path;
use std::sync::LazyLock;

use super::Index;
use crate::error::{Error, Result};
use crate::vocab;

/// What a file's records depend on: its bytes, and the extractor that read
/// them (this casedex's version and the vocabularies built into it).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FileSig {
    extractor: u64,
    content: u64,
}

impl FileSig {
    /// The signature of a file holding `bytes`, read by this extractor.
    pub fn of(bytes: &[u8]) -> FileSig {
        FileSig { extractor: *EXTRACTOR_ID, content: xxhash_rust::xxh3::xxh3_64(bytes) }
    }

    fn parse(s: &str) -> Option<FileSig> {
        if s.len() != 32 || !s.is_ascii() {
            return None;
        }
        let hex = |t: &str| u64::from_str_radix(t, 16).ok();
        Some(FileSig { extractor: hex(&s[..16])?, content: hex(&s[16..])? })
    }
}

impl std::fmt::Display for FileSig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:016x}{:016x}", self.extractor, self.content)
    }
}

/// This build's extractor: the version of casedex (its code) and the
/// vocabularies and profiles built into it.
static EXTRACTOR_ID: LazyLock<u64> = LazyLock::new(|| {
    let mut h = xxhash_rust::xxh3::Xxh3::new();
    h.update(env!("CARGO_PKG_VERSION").as_bytes());
    let lists = [
        vocab::SITES_TSV,
        vocab::TREATMENTS_TSV,
        vocab::STEMS_TSV,
        vocab::ORGAN_REMOVALS_TSV,
        vocab::TREATMENT_STOPLIST,
        vocab::STOPWORDS_TSV,
    ];
    for data in lists.into_iter().chain(vocab::PROFILES.iter().map(|(_, d)| *d)) {
        h.update(&(data.len() as u64).to_le_bytes());
        h.update(data.as_bytes());
    }
    h.digest()
});

const PREFIX: &str = "casedex-files-";
const SUFFIX: &str = ".jsonl";

/// The files an index has read (see the module docs).
#[derive(Debug, Default)]
pub struct ReadFiles {
    files: HashMap<String, FileSig>,
    /// The number of the list the last commit names (0: none).
    generation: u64,
}

impl ReadFiles {
    /// The list the last commit of `index` names; empty when it names none
    /// (an index written before lists were kept, or an empty one) or when
    /// the list cannot be read, so that every file is read again.
    pub fn load(index: &Index) -> ReadFiles {
        let Some(name) = index.tantivy().load_metas().ok().and_then(|m| m.payload) else { return ReadFiles::default() };
        let Some(generation) = generation_of(&name) else { return ReadFiles::default() };
        let Ok(text) = fs::read_to_string(index.dir().join(&name)) else { return ReadFiles::default() };
        // One `[signature, key]` per line; a line that does not read is a
        // file read again.
        let files = text
            .lines()
            .filter_map(|line| {
                let (sig, key): (String, String) = serde_json::from_str(line).ok()?;
                Some((key, FileSig::parse(&sig)?))
            })
            .collect();
        ReadFiles { files, generation }
    }

    /// Whether the index holds what `key` read as `sig` would give.
    pub fn holds(&self, key: &str, sig: FileSig) -> bool {
        self.files.get(key) == Some(&sig)
    }

    /// Record that `key` was read as `sig`.
    pub fn insert(&mut self, key: &str, sig: FileSig) {
        self.files.insert(key.to_string(), sig);
    }

    /// Forget `key`: it will be read again.
    pub fn remove(&mut self, key: &str) {
        self.files.remove(key);
    }

    /// Write the list as the next generation, durably, and return its file
    /// name, for the commit's payload.
    pub(crate) fn save(&mut self, dir: &Path) -> Result<String> {
        let name = format!("{PREFIX}{}{SUFFIX}", self.generation + 1);
        let path = dir.join(&name);
        let tmp = dir.join(format!("{name}.tmp"));
        let mut keys: Vec<(&String, &FileSig)> = self.files.iter().collect();
        keys.sort_by(|a, b| a.0.cmp(b.0));
        let mut out = std::io::BufWriter::new(fs::File::create(&tmp).map_err(|e| Error::io_path(e, &tmp))?);
        for (key, sig) in keys {
            let line = serde_json::to_string(&(sig.to_string(), key)).map_err(|e| Error::index(e.to_string()))?;
            writeln!(out, "{line}").map_err(|e| Error::io_path(e, &tmp))?;
        }
        let file = out.into_inner().map_err(|e| Error::io_path(e.into_error(), &tmp))?;
        file.sync_all().map_err(|e| Error::io_path(e, &tmp))?;
        fs::rename(&tmp, &path).map_err(|e| Error::io_path(e, &path))?;
        self.generation += 1;
        Ok(name)
    }

    /// Remove every list but the one the last commit names: the one before
    /// it, and lists (and their temporary files) left by an ingest that
    /// stopped before its commit. Best effort: a list left behind is never read, as no commit
    /// names it.
    pub(crate) fn remove_others(&self, dir: &Path) {
        let keep = format!("{PREFIX}{}{SUFFIX}", self.generation);
        let Ok(entries) = fs::read_dir(dir) else { return };
        for e in entries.flatten() {
            let name = e.file_name();
            if name.to_str().is_some_and(|n| n.starts_with(PREFIX) && n != keep) {
                let _ = fs::remove_file(e.path());
            }
        }
    }
}

/// The generation of a list's file name, if it is one.
fn generation_of(name: &str) -> Option<u64> {
    name.strip_prefix(PREFIX)?.strip_suffix(SUFFIX)?.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signatures_read_back_and_tell_bytes_apart() {
        let a = FileSig::of(b"a report");
        assert_eq!(FileSig::parse(&a.to_string()), Some(a));
        assert_ne!(a, FileSig::of(b"a report."));
        assert_eq!(FileSig::parse("xyz"), None);
        assert_eq!(FileSig::parse(&"g".repeat(32)), None);
    }

    #[test]
    fn names_of_lists_are_recognised_and_nothing_else() {
        assert_eq!(generation_of("casedex-files-12.jsonl"), Some(12));
        assert_eq!(generation_of("casedex-files-12.jsonl.tmp"), None);
        assert_eq!(generation_of("casedex-files-../x.jsonl"), None);
        assert_eq!(generation_of("meta.json"), None);
    }
}
