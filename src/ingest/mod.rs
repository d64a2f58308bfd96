//! Readers: files in, [`SourceDoc`]s out.
//!
//! The format is chosen by sniffing the content, never by the extension alone:
//! gzip is unwrapped, XML is told apart by its root element (JATS `article`,
//! PubMed `PubmedArticleSet`, BioC `collection`), and anything else that
//! decodes as text is read as plain text. Files casedex cannot use (images,
//! JSON, annotation XMI, empty files) come back as a [`Skip`] with a reason,
//! so that ingest can report every file it did not index.
//!
//! [`walk`] lists the files under a set of paths (recursively, following
//! symlinks but not symlink loops), in a stable order, and reports entries
//! it cannot use (broken symlinks, loops, named pipes) with a reason.

mod bioc;
mod decode;
mod front;
mod jats;
pub(crate) mod layout;
mod pubmed;
mod text;
pub(crate) mod xml;

use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};

use crate::doc::SourceDoc;

/// Files larger than this are not read (a case report is kilobytes; a file of
/// this size is a data dump or a mistake, and reading it would only cost memory).
pub const MAX_FILE_BYTES: u64 = 256 * 1024 * 1024;

/// Why a file was not indexed.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Skip {
    /// The file.
    pub path: String,
    /// Why, in words.
    pub reason: String,
}

impl Skip {
    pub(crate) fn new(path: &str, reason: impl Into<String>) -> Skip {
        Skip { path: path.to_string(), reason: reason.into() }
    }
}

impl std::fmt::Display for Skip {
    /// `path: reason` on one line: control characters in the path (a newline
    /// in a file name) are escaped, so each skipped file is one line.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        for c in self.path.chars() {
            if c.is_control() {
                write!(f, "{}", c.escape_default())?;
            } else {
                write!(f, "{c}")?;
            }
        }
        write!(f, ": {}", self.reason)
    }
}

/// What reading one file gave: its documents, and problems with parts of it
/// (a broken record among good ones in a PubMed file).
#[derive(Debug, Default)]
pub struct FileRead {
    /// The documents read.
    pub docs: Vec<SourceDoc>,
    /// Records of the file that could not be read.
    pub problems: Vec<Skip>,
}

/// Read one file from disk.
///
/// Only regular files are read: a named pipe would block the read forever,
/// and a device could be endless. The read is bounded by [`MAX_FILE_BYTES`]
/// even if the file grows after its size was checked.
pub fn read_file(path: &Path) -> Result<FileRead, Skip> {
    read_bytes(&path.display().to_string(), &read_file_bytes(path)?)
}

/// The bytes of one file on disk, read as [`read_file`] reads them.
pub fn read_file_bytes(path: &Path) -> Result<Vec<u8>, Skip> {
    let shown = path.display().to_string();
    let meta = fs::metadata(path).map_err(|e| Skip::new(&shown, io_reason(path, &e)))?;
    if let Some(kind) = not_regular(&meta.file_type()) {
        return Err(Skip::new(&shown, kind));
    }
    let too_big =
        |len: u64| Skip::new(&shown, format!("file is {} MB, over the {} MB limit", len >> 20, MAX_FILE_BYTES >> 20));
    if meta.len() > MAX_FILE_BYTES {
        return Err(too_big(meta.len()));
    }
    let file = fs::File::open(path).map_err(|e| Skip::new(&shown, io_reason(path, &e)))?;
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    file.take(MAX_FILE_BYTES + 1).read_to_end(&mut bytes).map_err(|e| Skip::new(&shown, io_reason(path, &e)))?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(too_big(bytes.len() as u64));
    }
    Ok(bytes)
}

/// Why a directory entry that is neither a file nor a directory is not read.
fn not_regular(t: &fs::FileType) -> Option<&'static str> {
    use std::os::unix::fs::FileTypeExt;
    if t.is_file() {
        None
    } else if t.is_dir() {
        Some("is a directory")
    } else if t.is_fifo() {
        Some("not a regular file (a named pipe)")
    } else if t.is_socket() {
        Some("not a regular file (a socket)")
    } else if t.is_block_device() || t.is_char_device() {
        Some("not a regular file (a device)")
    } else {
        Some("not a regular file")
    }
}

/// An I/O failure in words, naming the two cases a folder of downloads
/// meets: a symlink whose target is gone, and a file removed after it was listed.
fn io_reason(path: &Path, e: &std::io::Error) -> String {
    if e.kind() == std::io::ErrorKind::NotFound {
        if fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink()) {
            return "cannot read: broken symlink (its target does not exist)".into();
        }
        return "cannot read: no such file (removed before it could be read?)".into();
    }
    format!("cannot read: {e}")
}

/// Read a file's bytes; `path` is only used to name the source.
pub fn read_bytes(path: &str, bytes: &[u8]) -> Result<FileRead, Skip> {
    if bytes.starts_with(&[0x1f, 0x8b]) {
        let inner = gunzip(path, bytes)?;
        return read_plain_bytes(path, &inner);
    }
    read_plain_bytes(path, bytes)
}

fn gunzip(path: &str, bytes: &[u8]) -> Result<Vec<u8>, Skip> {
    let mut out = Vec::new();
    // `take` bounds the output: a small gzip bomb must not exhaust memory.
    flate2::read::MultiGzDecoder::new(bytes)
        .take(MAX_FILE_BYTES + 1)
        .read_to_end(&mut out)
        .map_err(|e| Skip::new(path, format!("broken gzip data: {e}")))?;
    if out.len() as u64 > MAX_FILE_BYTES {
        return Err(Skip::new(path, "gzip content is over the size limit"));
    }
    Ok(out)
}

fn read_plain_bytes(path: &str, bytes: &[u8]) -> Result<FileRead, Skip> {
    let utf16 = bytes.starts_with(&[0xff, 0xfe]) || bytes.starts_with(&[0xfe, 0xff]);
    if let Some(what) = binary_kind(bytes).filter(|_| !utf16) {
        return Err(Skip::new(path, format!("not a text or XML file ({what})")));
    }
    let text = decode::decode(bytes);
    let trimmed = text.trim_start_matches('\u{feff}').trim_start();
    if trimmed.is_empty() {
        return Err(Skip::new(path, "empty file"));
    }
    match trimmed.as_bytes()[0] {
        b'<' => read_xml(path, &text),
        b'{' | b'[' if looks_like_json(trimmed) => {
            Err(Skip::new(path, "JSON file (not a report format casedex reads)"))
        }
        _ => Ok(FileRead { docs: vec![text::read(path, text.into_owned())], problems: vec![] }),
    }
}

fn looks_like_json(s: &str) -> bool {
    serde_json::from_str::<serde::de::IgnoredAny>(s).is_ok() || s.starts_with("{\"") || s.starts_with("[{")
}

fn read_xml(path: &str, text: &str) -> Result<FileRead, Skip> {
    let root = xml::root_name(text).ok_or_else(|| Skip::new(path, "XML without a root element"))?;
    match root.as_str() {
        "article" | "articles" | "pmc-articleset" => jats::read(path, text),
        "PubmedArticleSet" | "PubmedArticle" | "PubmedBookArticle" => pubmed::read(path, text),
        "collection" => bioc::read(path, text),
        "html" | "HTML" => Err(Skip::new(path, "HTML page (save the article as text or XML)")),
        other if other.contains("XMI") || other.ends_with(":XMI") => {
            Err(Skip::new(path, format!("annotation file (XML root <{other}>), not a report")))
        }
        other => Err(Skip::new(path, format!("XML with root <{other}> is not a format casedex reads"))),
    }
}

/// Name the binary formats worth naming; anything else with NUL bytes is "binary data".
fn binary_kind(bytes: &[u8]) -> Option<&'static str> {
    const MAGIC: &[(&[u8], &str)] = &[
        (b"\x89PNG", "PNG image"),
        (b"\xff\xd8\xff", "JPEG image"),
        (b"GIF8", "GIF image"),
        (b"%PDF", "PDF document"),
        (b"PK\x03\x04", "ZIP archive or Office document"),
        (b"II*\x00", "TIFF image"),
        (b"MM\x00*", "TIFF image"),
        (b"\x7fELF", "executable"),
    ];
    for (magic, what) in MAGIC {
        if bytes.starts_with(magic) {
            return Some(what);
        }
    }
    let head = &bytes[..bytes.len().min(8192)];
    // UTF-16 text has NULs too, but no reader here takes it; it is reported as binary.
    if head.contains(&0) {
        return Some("binary data");
    }
    None
}

/// The files under `paths`, recursively, sorted, with problems found on the way.
///
/// Symlinks are followed; a symlink loop, a broken symlink and an entry that
/// is neither a file nor a directory (a named pipe, a socket) are reported.
pub fn walk(paths: &[PathBuf]) -> (Vec<PathBuf>, Vec<Skip>) {
    let mut files = Vec::new();
    let mut skips = Vec::new();
    for root in paths {
        let walker = walkdir::WalkDir::new(root).follow_links(true).sort_by_file_name();
        for entry in walker {
            match entry {
                Ok(e) if e.file_type().is_file() => files.push(e.into_path()),
                Ok(e) => {
                    if let Some(kind) = not_regular(&e.file_type()).filter(|_| !e.file_type().is_dir()) {
                        skips.push(Skip::new(&e.path().display().to_string(), kind));
                    }
                }
                Err(err) => {
                    let p = err.path().unwrap_or(root);
                    let reason = if err.loop_ancestor().is_some() {
                        "symlink loop (not followed)".to_string()
                    } else if let Some(io) = err.io_error() {
                        io_reason(p, io)
                    } else {
                        err.to_string()
                    };
                    skips.push(Skip::new(&p.display().to_string(), reason));
                }
            }
        }
    }
    // Dot-files (editor backups, .DS_Store) are never reports.
    files.retain(|p| !p.file_name().and_then(|n| n.to_str()).is_some_and(|n| n.starts_with('.')));
    files.sort();
    files.dedup();
    (files, skips)
}
