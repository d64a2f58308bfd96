//! Ingest: files → records → index, in parallel, committing as it goes.
//!
//! Files are listed ([`crate::ingest::walk`]), then processed in chunks:
//! each chunk is read and extracted in parallel (rayon), and its records are
//! written in file order by the single index writer. The index is committed
//! as soon as `commit_every` reports have been written since the last commit,
//! and at the end, so a crash loses at most the reports since the last
//! commit, which the next ingest redoes (records are replaced by path and
//! id, never duplicated). When the `stop` flag is raised (Ctrl-C), files not
//! yet started are left, what was written is committed, and the summary says
//! how many files were not read.
//!
//! A file the index has read before, from the same bytes and with the same
//! extractor, is not read again (see [`crate::index::files`]): ingesting a
//! folder again after adding files to it reads only the new and changed
//! ones, and an interrupted ingest, run again, reads only what its last
//! commit did not hold. [`Options::reread`] reads every file regardless.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};

use rayon::prelude::*;
use serde::Serialize;

use crate::error::{Error, Result};
use crate::extract::Extractor;
use crate::index::files::{FileSig, ReadFiles};
use crate::index::write::Indexable;
use crate::index::Index;
use crate::ingest::{self, FileRead, Skip};

/// How to ingest.
#[derive(Debug, Clone)]
pub struct Options {
    /// Worker threads for reading and extraction (and for tantivy's indexer).
    pub threads: usize,
    /// Commit once this many reports have been written since the last commit
    /// (at most this many are lost, and redone, after a crash).
    pub commit_every: usize,
    /// Files per parallel chunk.
    pub chunk: usize,
    /// Input bytes per parallel chunk: a chunk's records are held in memory
    /// until written, so a chunk of large files (PubMed baseline files hold
    /// thousands of records) ends early, and memory stays flat however large
    /// the corpus.
    pub chunk_bytes: u64,
    /// Read and extract every file, even one the index has read before from
    /// the same bytes (see the module docs).
    pub reread: bool,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            threads: std::thread::available_parallelism().map_or(2, |n| n.get()),
            commit_every: 10_000,
            chunk: 512,
            chunk_bytes: 32 << 20,
            reread: false,
        }
    }
}

/// What an ingest did.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Summary {
    /// Reports indexed (added or replaced).
    pub indexed: usize,
    /// Files looked at.
    pub files: usize,
    /// Files not read, as the index had read them before from the same
    /// bytes with the same extractor.
    pub unchanged: usize,
    /// Reports by format.
    pub by_format: BTreeMap<String, usize>,
    /// Files (or records of files) not indexed, with why.
    pub skipped: Vec<Skip>,
    /// Whether the ingest stopped early (interrupted).
    pub interrupted: bool,
    /// Files not read because the ingest was interrupted.
    pub unread: usize,
}

/// Progress callbacks: called with (files done, files total).
pub type Progress<'a> = &'a (dyn Fn(usize, usize) + Sync);

/// Files casedex never treats as reports, whatever their content.
fn is_project_file(path: &Path) -> bool {
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("").to_ascii_uppercase();
    ["README", "LICENSE", "LICENCE", "CHANGELOG", "COPYING", "MANIFEST", "SOURCES"].iter().any(|p| name.starts_with(p))
}

/// Read and extract one file's records.
pub fn extract_file(ex: &Extractor, path: &Path) -> std::result::Result<(Vec<Indexable>, Vec<Skip>), Skip> {
    let bytes = report_bytes(path)?;
    Ok(extract_read(ex, ingest::read_bytes(&path.display().to_string(), &bytes)?))
}

/// The bytes of a file that may be a report (not a README, a licence…).
fn report_bytes(path: &Path) -> std::result::Result<Vec<u8>, Skip> {
    if is_project_file(path) {
        return Err(Skip::new(&path.display().to_string(), "documentation or data-description file, not a report"));
    }
    ingest::read_file_bytes(path)
}

/// Extract the records of a file already read.
pub fn extract_read(ex: &Extractor, read: FileRead) -> (Vec<Indexable>, Vec<Skip>) {
    let items = read
        .docs
        .into_iter()
        .map(|mut d| {
            let report = ex.extract_owned(&mut d);
            // The text is moved, not copied, when nothing is left out of it.
            let searchable = match d.searchable_text() {
                Cow::Owned(t) => Some(t),
                Cow::Borrowed(_) => None,
            };
            Indexable { report, text: searchable.unwrap_or(d.text) }
        })
        .collect();
    (items, read.problems)
}

/// What became of one input.
enum Processed {
    /// Its records, to be written, and what it was read as.
    Read { sig: FileSig, items: Vec<Indexable>, problems: Vec<Skip> },
    /// The index has read it before from the same bytes.
    Unchanged,
}

/// One unit of input: a file on disk, or named bytes (the bundled corpus).
enum Input<'a> {
    File(PathBuf),
    Bytes(&'a str, &'a [u8]),
}

impl Input<'_> {
    fn key(&self) -> String {
        match self {
            Input::File(p) => std::fs::canonicalize(p).unwrap_or_else(|_| p.clone()).display().to_string(),
            Input::Bytes(name, _) => format!("bundled:{name}"),
        }
    }

    /// Size in bytes (0 when unknown): what chunks are bounded by.
    fn size(&self) -> u64 {
        match self {
            Input::File(p) => std::fs::metadata(p).map_or(0, |m| m.len()),
            Input::Bytes(_, b) => b.len() as u64,
        }
    }

    /// Read and extract the input whose key is `key`, unless `known` holds it.
    fn process(&self, ex: &Extractor, key: &str, known: Option<&ReadFiles>) -> std::result::Result<Processed, Skip> {
        // A bug in a reader or extractor must cost one file, not the ingest:
        // the file is reported as skipped and the others go on.
        std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| self.process_inner(ex, key, known))).unwrap_or_else(
            |panic| {
                let msg = crate::error::panic_message(&*panic);
                Err(Skip::new(
                    key,
                    format!("internal error while reading this file: {msg} (a casedex bug; please report it)"),
                ))
            },
        )
    }

    fn process_inner(
        &self,
        ex: &Extractor,
        key: &str,
        known: Option<&ReadFiles>,
    ) -> std::result::Result<Processed, Skip> {
        let owned;
        let (shown, bytes): (Cow<str>, &[u8]) = match self {
            Input::File(p) => {
                owned = report_bytes(p)?;
                (Cow::Owned(p.display().to_string()), &owned)
            }
            Input::Bytes(name, bytes) => (Cow::Borrowed(*name), *bytes),
        };
        let sig = FileSig::of(bytes);
        if known.is_some_and(|k| k.holds(key, sig)) {
            return Ok(Processed::Unchanged);
        }
        let (items, problems) = extract_read(ex, ingest::read_bytes(&shown, bytes)?);
        Ok(Processed::Read { sig, items, problems })
    }
}

/// Ingest files and directories into `index`.
pub fn ingest_paths(
    index: &Index,
    paths: &[PathBuf],
    opts: &Options,
    stop: &AtomicBool,
    progress: Progress,
) -> Result<Summary> {
    let (mut files, walk_skips) = ingest::walk(paths);
    // An index kept inside the folder it indexes is not input: its files
    // are binary, and the ingest itself rewrites them while it runs.
    if let Ok(own) = std::fs::canonicalize(index.dir()) {
        files.retain(|f| std::fs::canonicalize(f).map_or(true, |f| !f.starts_with(&own)));
    }
    let inputs: Vec<Input> = files.into_iter().map(Input::File).collect();
    let mut summary = run(index, inputs, opts, stop, progress)?;
    summary.skipped.splice(0..0, walk_skips);
    Ok(summary)
}

/// Ingest named in-memory files (the bundled corpus).
pub fn ingest_bytes(index: &Index, items: &[(&str, &[u8])], opts: &Options) -> Result<Summary> {
    let inputs = items.iter().map(|(n, b)| Input::Bytes(n, b)).collect();
    run(index, inputs, opts, &AtomicBool::new(false), &|_, _| {})
}

fn run(index: &Index, inputs: Vec<Input>, opts: &Options, stop: &AtomicBool, progress: Progress) -> Result<Summary> {
    let ex = Extractor::global();
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(opts.threads.max(1))
        .build()
        .map_err(|e| Error::index(format!("cannot start worker threads: {e}")))?;
    let mut writer = index.writer(opts.threads)?;
    // Read once the writer holds the index's lock: no other ingest changes it
    // now. The workers consult it, and the files they read are added to it
    // between chunks.
    let mut files = ReadFiles::load(index);
    let mut summary = Summary { files: inputs.len(), ..Summary::default() };
    let total = inputs.len();
    let mut done = 0;
    let mut since_commit = 0;
    let mut rest = &inputs[..];
    while !rest.is_empty() {
        let chunk = next_chunk(rest, opts.chunk.max(1), opts.chunk_bytes);
        rest = &rest[chunk.len()..];
        if stop.load(Ordering::Relaxed) {
            break;
        }
        // Files not yet started when the stop flag goes up are left unread.
        let results: Vec<_> = pool.install(|| {
            chunk
                .par_iter()
                .map(|i| {
                    (!stop.load(Ordering::Relaxed)).then(|| {
                        let key = i.key();
                        let result = i.process(ex, &key, (!opts.reread).then_some(&files));
                        (key, result)
                    })
                })
                .collect()
        });
        for (key, result) in results.into_iter().flatten() {
            done += 1;
            match result {
                Ok(Processed::Unchanged) => summary.unchanged += 1,
                Ok(Processed::Read { sig, items, problems }) => {
                    writer.replace_file(&key, &items)?;
                    // A file read with problems is read again next time,
                    // so that they are reported again.
                    if problems.is_empty() {
                        files.insert(&key, sig);
                    } else {
                        files.remove(&key);
                    }
                    for it in &items {
                        *summary.by_format.entry(it.report.source.format.as_str().to_string()).or_default() += 1;
                    }
                    summary.indexed += items.len();
                    since_commit += items.len();
                    summary.skipped.extend(problems);
                }
                Err(skip) => summary.skipped.push(skip),
            }
            if since_commit >= opts.commit_every {
                writer.commit(&mut files)?;
                since_commit = 0;
            }
        }
        progress(done, total);
    }
    summary.unread = total - done;
    summary.interrupted = summary.unread > 0;
    writer.commit(&mut files)?;
    writer.finish()?;
    Ok(summary)
}

/// The next chunk of `inputs`: at most `files` files and, beyond the first
/// file, at most `bytes` bytes.
fn next_chunk<'i, 'a>(inputs: &'i [Input<'a>], files: usize, bytes: u64) -> &'i [Input<'a>] {
    let mut total = 0;
    let mut n = 0;
    for i in inputs.iter().take(files) {
        total += i.size();
        if n > 0 && total > bytes {
            break;
        }
        n += 1;
    }
    &inputs[..n.max(1)]
}
