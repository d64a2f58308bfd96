//! `casedex bench` (hidden): synthetic corpora, the whole-run benchmark, and
//! the behaviour check used while optimising.
//!
//! * `bench generate` writes N synthetic reports ([`casedex::synth`]) to a directory.
//! * `bench run` measures, and prints as tables: extraction MB/s per core per
//!   format; ingest end to end at 1 and 2 threads against a bare tantivy loop
//!   over the same files (the ceiling); query latency p50/p99 per query shape
//!   at each scale; index size relative to input; peak RSS of ingest and of
//!   queries; start-up plus one query on the bundled corpus.
//! * `bench hash` prints a hash of the extracted records of every file, so
//!   that outputs before and after an optimisation can be diffed in one
//!   process (any difference is a bug).
//!
//! Ingests and queries run in child processes of this binary (`bench child-*`)
//! so that each one's peak RSS (VmHWM) is its own.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};
use std::sync::atomic::AtomicBool;
use std::time::{Duration, Instant};

use anyhow::{anyhow, bail, Context};
use casedex::index::{Index, Sort};
use casedex::query::Query;
use casedex::synth::{self, Form, Size};
use casedex::Extractor;
use serde_json::{json, Value};

/// Benchmarks and synthetic data (for developers).
#[derive(clap::Args)]
pub struct Args {
    #[command(subcommand)]
    pub what: What,
}

#[derive(clap::Subcommand)]
pub enum What {
    /// Write N synthetic reports to a directory.
    Generate {
        /// Output directory.
        #[arg(long)]
        out: PathBuf,
        /// Number of reports.
        #[arg(long, default_value_t = 1000)]
        reports: u64,
        /// abstract (~1.5 KB) or full (~20 KB).
        #[arg(long, value_enum, default_value = "abstract")]
        size: SizeArg,
        /// text, jats or pubmed.
        #[arg(long, value_enum, default_value = "pubmed")]
        form: FormArg,
        /// PubMed records per file.
        #[arg(long, default_value_t = 1000)]
        per_file: usize,
        /// Seed.
        #[arg(long, default_value_t = 1)]
        seed: u64,
    },
    /// Run the whole benchmark and print its tables.
    Run {
        /// Working directory for corpora and indexes (reused across runs: corpora are generated once).
        #[arg(long, default_value = "target/bench")]
        work: PathBuf,
        /// Numbers of abstract-sized reports at which queries are measured (each is ingested once).
        #[arg(long, value_delimiter = ',', default_value = "10000,100000")]
        scales: Vec<u64>,
        /// Full-text reports for the ingest comparison (0: skip the comparison).
        #[arg(long, default_value_t = 2000)]
        full: u64,
        /// Repetitions of each query shape.
        #[arg(long, default_value_t = 200)]
        reps: usize,
        /// Directories of real reports to measure extraction on as well, one
        /// row per directory (skipped, with a note, when missing).
        #[arg(long, value_delimiter = ',')]
        real: Vec<PathBuf>,
    },
    /// Hash the extracted records of every file under PATHs (behaviour check).
    Hash {
        /// Files and directories.
        paths: Vec<PathBuf>,
    },
    /// (internal) Ingest PATH into INDEX, print timings and peak RSS as JSON.
    #[command(hide = true)]
    ChildIngest {
        #[arg(long)]
        index: PathBuf,
        #[arg(long)]
        threads: usize,
        /// Index raw text with no extraction (the ceiling).
        #[arg(long)]
        bare: bool,
        path: PathBuf,
    },
    /// (internal) Run the query shapes against INDEX, print latencies and peak RSS as JSON.
    #[command(hide = true)]
    ChildQuery {
        #[arg(long)]
        index: PathBuf,
        #[arg(long)]
        reps: usize,
    },
}

#[derive(clap::ValueEnum, Clone, Copy)]
pub enum SizeArg {
    Abstract,
    Full,
}

#[derive(clap::ValueEnum, Clone, Copy)]
pub enum FormArg {
    Text,
    Jats,
    Pubmed,
}

impl From<SizeArg> for Size {
    fn from(s: SizeArg) -> Size {
        match s {
            SizeArg::Abstract => Size::Abstract,
            SizeArg::Full => Size::Full,
        }
    }
}

impl From<FormArg> for Form {
    fn from(f: FormArg) -> Form {
        match f {
            FormArg::Text => Form::Text,
            FormArg::Jats => Form::Jats,
            FormArg::Pubmed => Form::Pubmed,
        }
    }
}

pub fn run(a: Args) -> anyhow::Result<ExitCode> {
    match a.what {
        What::Generate { out, reports, size, form, per_file, seed } => {
            let w = synth::write_dir(&out, seed, reports, size.into(), form.into(), per_file)?;
            println!("wrote {} reports in {} files ({:.1} MB) to {}", w.reports, w.files, mb(w.bytes), out.display());
        }
        What::Run { work, scales, full, reps, real } => bench_run(&work, &scales, full, reps, &real)?,
        What::Hash { paths } => hash(&paths)?,
        What::ChildIngest { index, threads, bare, path } => {
            let anon = AnonPeak::start();
            let t = Instant::now();
            let (docs, bytes) =
                if bare { bare_ingest(&index, threads, &path)? } else { ingest(&index, threads, &path)? };
            let secs = t.elapsed().as_secs_f64();
            let anon = anon.finish();
            println!(
                "{}",
                json!({"secs": secs, "docs": docs, "bytes": bytes, "hwm_kb": vm_hwm_kb(), "anon_kb": anon.peak, "anon_half_kb": anon.half})
            );
        }
        What::ChildQuery { index, reps } => child_query(&index, reps)?,
    }
    Ok(ExitCode::SUCCESS)
}

fn mb(bytes: u64) -> f64 {
    bytes as f64 / 1e6
}

/// A field of /proc/self/status in kB (0 where unavailable).
fn status_kb(key: &str) -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| s.lines().find(|l| l.starts_with(key)).and_then(|l| l.split_whitespace().nth(1)?.parse().ok()))
        .unwrap_or(0)
}

/// Peak resident set size of this process (VmHWM). It includes the pages of
/// index files that tantivy maps and reads (page cache, reclaimable), which
/// grow with the index; [`AnonPeak`] measures the process's own memory.
fn vm_hwm_kb() -> u64 {
    status_kb("VmHWM:")
}

/// Samples RssAnon (memory that is not file pages) every 20 ms and keeps the
/// peak: the kernel keeps no peak of it, and it is what must not grow with
/// the corpus. The peak is also kept as it stood at half the run's time: a
/// long ingest runs at an even rate, so a peak that still grows with the
/// corpus is higher at the end than at half-way.
struct AnonPeak {
    /// Each time the peak rose, and to what (so the last is the peak).
    rises: std::sync::Arc<std::sync::Mutex<Vec<(Duration, u64)>>>,
    stop: std::sync::Arc<AtomicBool>,
    start: Instant,
}

/// What [`AnonPeak`] found, in kB.
struct Anon {
    peak: u64,
    /// The peak at half the run's time.
    half: u64,
}

impl AnonPeak {
    fn start() -> AnonPeak {
        use std::sync::atomic::Ordering::Relaxed;
        let rises = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
        let stop = std::sync::Arc::new(AtomicBool::new(false));
        let start = Instant::now();
        let (r, s) = (rises.clone(), stop.clone());
        std::thread::spawn(move || {
            let mut peak = 0;
            while !s.load(Relaxed) {
                let now = status_kb("RssAnon:");
                if now > peak {
                    peak = now;
                    r.lock().unwrap_or_else(std::sync::PoisonError::into_inner).push((start.elapsed(), now));
                }
                std::thread::sleep(Duration::from_millis(20));
            }
        });
        AnonPeak { rises, stop, start }
    }

    fn finish(self) -> Anon {
        self.stop.store(true, std::sync::atomic::Ordering::Relaxed);
        let half_time = self.start.elapsed() / 2;
        let last = status_kb("RssAnon:");
        let rises = self.rises.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        Anon {
            peak: rises.last().map_or(0, |&(_, kb)| kb).max(last),
            half: rises.iter().take_while(|(t, _)| *t <= half_time).last().map_or(0, |&(_, kb)| kb),
        }
    }
}

/// Total size of the files under `dir`.
fn dir_bytes(dir: &Path) -> u64 {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .flatten()
        .filter_map(|e| e.metadata().ok())
        .filter(|m| m.is_file())
        .map(|m| m.len())
        .sum()
}

fn hash(paths: &[PathBuf]) -> anyhow::Result<()> {
    let (files, _) = casedex::ingest::walk(paths);
    let ex = Extractor::global();
    let mut out = std::io::stdout().lock();
    let mut total = xxhash_rust::xxh3::Xxh3::new();
    for f in files {
        let mut h = xxhash_rust::xxh3::Xxh3::new();
        match casedex::pipeline::extract_file(ex, &f) {
            Ok((items, problems)) => {
                for it in &items {
                    h.update(&serde_json::to_vec(&it.report)?);
                    h.update(b"\n");
                }
                for p in &problems {
                    h.update(p.to_string().as_bytes());
                }
            }
            Err(skip) => h.update(skip.to_string().as_bytes()),
        }
        let line = format!("{:016x} {}\n", h.digest(), f.display());
        total.update(line.as_bytes());
        out.write_all(line.as_bytes())?;
    }
    writeln!(out, "total {:016x}", total.digest())?;
    Ok(())
}

fn ingest(index: &Path, threads: usize, path: &Path) -> anyhow::Result<(u64, u64)> {
    let idx = Index::create_or_open(index)?;
    let opts = casedex::pipeline::Options { threads, ..Default::default() };
    let s = casedex::pipeline::ingest_paths(&idx, &[path.to_path_buf()], &opts, &AtomicBool::new(false), &|_, _| {})?;
    if !s.skipped.is_empty() {
        bail!("{} files skipped, first: {}", s.skipped.len(), s.skipped[0]);
    }
    Ok((s.indexed as u64, dir_bytes(path)))
}

/// The ceiling: the same files, each PubMed record or file one document of
/// raw text in a stemmed, positional field, with the writer casedex uses
/// (same threads, same heap) and no extraction at all.
fn bare_ingest(index: &Path, threads: usize, path: &Path) -> anyhow::Result<(u64, u64)> {
    use tantivy::schema::{IndexRecordOption, Schema, TextFieldIndexing, TextOptions};
    let mut b = Schema::builder();
    let body = b.add_text_field(
        "body",
        TextOptions::default().set_indexing_options(
            TextFieldIndexing::default()
                .set_tokenizer("en_stem")
                .set_index_option(IndexRecordOption::WithFreqsAndPositions),
        ),
    );
    std::fs::create_dir_all(index)?;
    let idx = tantivy::Index::create_in_dir(index, b.build())?;
    let threads = threads.clamp(1, 8);
    let mut w = idx.writer_with_num_threads(threads, casedex::index::write::HEAP_PER_THREAD * threads)?;
    let (files, _) = casedex::ingest::walk(&[path.to_path_buf()]);
    let (mut docs, mut bytes) = (0u64, 0u64);
    for f in files {
        let data = std::fs::read(&f)?;
        bytes += data.len() as u64;
        let text = String::from_utf8_lossy(&data);
        for piece in text.split_inclusive("</PubmedArticle>") {
            w.add_document(tantivy::doc!(body => piece))?;
            docs += 1;
        }
    }
    w.commit()?;
    w.wait_merging_threads()?;
    Ok((docs, bytes))
}

/// The query shapes: (name, variants); each repetition takes the next variant.
const SHAPES: &[(&str, &[&str])] = &[
    ("free text", &["nodules elbow", "painful plaques", "hemodialysis calciphylaxis", "radiographs deposits"]),
    ("phrase", &["\"hard white papules\"", "\"surgical excision\"", "\"chronic kidney disease\""]),
    ("age range", &["age:<18", "age:6..12", "age:>=65", "age:<1"]),
    // An age range beside a broad filter: most of the cost is their
    // intersection, which the range alone does not have.
    ("age and a filter", &["sex:female age:<18", "age:>=65 sex:male", "age:6..12 site:knee"]),
    ("sex", &["sex:female", "sex:male"]),
    ("subtype", &["subtype:idiopathic", "subtype:dystrophic", "subtype:metastatic"]),
    ("laterality/side", &["laterality:unilateral", "laterality:bilateral", "side:left"]),
    ("site (facet)", &["site:elbow", "site:\"upper limb\"", "region:face", "site:knee"]),
    ("treatment", &["treatment:diltiazem", "treatment:colchicine", "treatment:excision status:any"]),
    ("year range", &["year:2010..2020", "year:<2000"]),
    ("author/journal", &["author:okafor", "journal:dermatology"]),
    (
        "natural",
        &[
            "unilateral idiopathic cases in children",
            "elderly women with calciphylaxis",
            "girls treated with diltiazem",
        ],
    ),
    (
        "combination",
        &[
            "sex:female age:<18 site:elbow treatment:diltiazem",
            "subtype:dystrophic year:>2010 nodules",
            "bilateral knee boys excision",
        ],
    ),
    ("counts (stats facets)", &["", "subtype:idiopathic", "children"]),
];

/// Fields counted by the "counts" shape (those of `casedex stats`).
const COUNT_FIELDS: &[&str] = &["format", "subtype", "variant", "sex", "age_group", "laterality", "language"];

fn child_query(index: &Path, reps: usize) -> anyhow::Result<()> {
    let anon = AnonPeak::start();
    let t = Instant::now();
    let idx = Index::open(index)?;
    let searcher = idx.searcher()?;
    // The first query also compiles the vocabularies; time it separately.
    let first: Query = "idiopathic".parse()?;
    searcher.search(&first, 20, 0, Sort::Relevance)?;
    let open_ms = t.elapsed().as_secs_f64() * 1e3;
    let mut shapes = Vec::new();
    for (name, variants) in SHAPES {
        let queries: Vec<Query> = variants.iter().map(|v| v.parse()).collect::<Result<_, _>>()?;
        let counts = name.starts_with("counts");
        let mut times = Vec::with_capacity(reps);
        let mut hits = 0;
        for i in 0..reps {
            let q = &queries[i % queries.len()];
            let t = Instant::now();
            if counts {
                let c = searcher.counts((!q.raw.is_empty()).then_some(q), COUNT_FIELDS)?;
                hits += c.len();
            } else {
                hits += searcher.search(q, 20, 0, Sort::Relevance)?.total;
            }
            times.push(t.elapsed());
        }
        times.sort();
        let p = |q: f64| times[((times.len() as f64 * q) as usize).min(times.len() - 1)].as_secs_f64() * 1e3;
        shapes
            .push(json!({"shape": name, "p50_ms": p(0.50), "p99_ms": p(0.99), "mean_hits": hits as f64 / reps as f64}));
    }
    let anon_kb = anon.finish().peak;
    println!("{}", json!({"open_first_ms": open_ms, "shapes": shapes, "hwm_kb": vm_hwm_kb(), "anon_kb": anon_kb}));
    Ok(())
}

/// Run this binary as a child and parse the JSON it prints.
fn child(args: &[&str]) -> anyhow::Result<Value> {
    let exe = std::env::current_exe()?;
    let out = Command::new(exe).args(args).output()?;
    if !out.status.success() {
        bail!("bench child {:?} failed: {}", args, String::from_utf8_lossy(&out.stderr));
    }
    serde_json::from_slice(&out.stdout).with_context(|| format!("output of {args:?}"))
}

/// A corpus in `work`, generated unless a previous run left it complete.
fn corpus(work: &Path, name: &str, n: u64, size: Size, form: Form) -> anyhow::Result<PathBuf> {
    let dir = work.join("corpus").join(name);
    let done = dir.join(".complete");
    // The marker holds a hash of a sample report, so that a corpus written
    // by an earlier version of the generator is written again.
    let stamp = format!("{:016x}", xxhash_rust::xxh3::xxh3_64(synth::document(1, 0, size, form).as_bytes()));
    if std::fs::read_to_string(&done).ok().as_deref() != Some(stamp.as_str()) {
        if dir.exists() {
            std::fs::remove_dir_all(&dir)?;
        }
        let t = Instant::now();
        let w = synth::write_dir(&dir, 1, n, size, form, 1000)?;
        std::fs::write(&done, &stamp)?;
        eprintln!(
            "bench: generated {name}: {} reports, {:.0} MB in {:.1}s",
            w.reports,
            mb(w.bytes),
            t.elapsed().as_secs_f64()
        );
    }
    Ok(dir)
}

/// Ingest `corpus` into a fresh index; returns the child's JSON.
fn timed_ingest(work: &Path, corpus: &Path, threads: usize, bare: bool, keep: bool) -> anyhow::Result<Value> {
    let name = format!(
        "{}-t{threads}{}",
        corpus.file_name().and_then(|n| n.to_str()).unwrap_or("c"),
        if bare { "-bare" } else { "" }
    );
    let index = work.join("index").join(name);
    if index.exists() {
        std::fs::remove_dir_all(&index)?;
    }
    let (ix, t, c) = (index.display().to_string(), threads.to_string(), corpus.display().to_string());
    let mut args = vec!["bench", "child-ingest", "--index", &ix, "--threads", &t, &c];
    if bare {
        args.push("--bare");
    }
    let mut v = child(&args)?;
    v["index_bytes"] = json!(dir_bytes(&index));
    v["index"] = json!(ix);
    if !keep {
        std::fs::remove_dir_all(&index)?;
    }
    Ok(v)
}

fn f(v: &Value, k: &str) -> f64 {
    v[k].as_f64().unwrap_or(0.0)
}

fn bench_run(work: &Path, scales: &[u64], full: u64, reps: usize, real: &[PathBuf]) -> anyhow::Result<()> {
    std::fs::create_dir_all(work)?;
    println!("casedex bench: {} cores; {}", std::thread::available_parallelism().map_or(1, |n| n.get()), cpu_name());
    extraction_table();
    real_extraction_table(real);
    // Ingest: full texts (plain text) and abstracts (PubMed files of 1000 records).
    if full > 0 {
        ingest_table(work, scales, full)?;
    }
    scale_tables(work, scales, reps)?;
    startup(work)?;
    Ok(())
}

/// Ingest end to end against the bare tantivy loop, at 1 and 2 threads.
fn ingest_table(work: &Path, scales: &[u64], full: u64) -> anyhow::Result<()> {
    println!("\n## Ingest end to end (index on disk) vs a bare tantivy loop over the same files\n");
    println!("| corpus | threads | reports | input MB | casedex s | docs/s | MB/s | bare MB/s | ratio | peak RSS MB (anon) | index/input |");
    println!("|---|---|---|---|---|---|---|---|---|---|---|");
    let full_dir = corpus(work, &format!("full-text-{full}"), full, Size::Full, Form::Text)?;
    let abs_dir = corpus(
        work,
        &format!("abstract-pubmed-{}", scales.first().copied().unwrap_or(10_000)),
        scales.first().copied().unwrap_or(10_000),
        Size::Abstract,
        Form::Pubmed,
    )?;
    for dir in [&full_dir, &abs_dir] {
        for threads in [1, 2] {
            let c = timed_ingest(work, dir, threads, false, false)?;
            let b = timed_ingest(work, dir, threads, true, false)?;
            let (secs, bytes) = (f(&c, "secs"), f(&c, "bytes"));
            let rate = bytes / 1e6 / secs;
            let bare = f(&b, "bytes") / 1e6 / f(&b, "secs");
            println!(
                "| {} | {threads} | {} | {:.0} | {:.1} | {:.0} | {:.1} | {:.1} | {:.0}% | {:.0} ({:.0}) | {:.2} |",
                dir.file_name().and_then(|n| n.to_str()).unwrap_or(""),
                c["docs"],
                bytes / 1e6,
                secs,
                f(&c, "docs") / secs,
                rate,
                bare,
                100.0 * rate / bare,
                f(&c, "hwm_kb") / 1024.0,
                f(&c, "anon_kb") / 1024.0,
                f(&c, "index_bytes") / bytes
            );
        }
    }
    Ok(())
}

/// Ingest at each scale (abstract-sized PubMed records, 2 threads), then the query shapes.
fn scale_tables(work: &Path, scales: &[u64], reps: usize) -> anyhow::Result<()> {
    let mut rows: Vec<(u64, Value, Value)> = Vec::new();
    for &n in scales {
        let dir = corpus(work, &format!("abstract-pubmed-{n}"), n, Size::Abstract, Form::Pubmed)?;
        let mut ing = timed_ingest(work, &dir, 2, false, true)?;
        let ix = ing["index"].as_str().unwrap_or_default().to_string();
        let q = child(&["bench", "child-query", "--index", &ix, "--reps", &reps.to_string()])?;
        // The same files again, unchanged: each is read and hashed, none extracted.
        let again = child(&["bench", "child-ingest", "--index", &ix, "--threads", "2", &dir.display().to_string()])?;
        if again["docs"].as_u64() != Some(0) {
            bail!("ingesting {} again indexed {} reports; none changed", dir.display(), again["docs"]);
        }
        ing["again_secs"] = again["secs"].clone();
        std::fs::remove_dir_all(&ix)?;
        rows.push((n, ing, q));
    }
    println!("\n## Scale: abstract-sized PubMed records, ingest at 2 threads\n");
    println!("| reports | input MB | ingest s | docs/s | MB/s | ingest peak RSS MB (anon) | anon peak at half the time, MB | index MB | index/input | open+first query ms | query peak RSS MB (anon) | ingest again, unchanged, s |");
    println!("|---|---|---|---|---|---|---|---|---|---|---|---|");
    for (n, ing, q) in &rows {
        let secs = f(ing, "secs");
        println!(
            "| {n} | {:.0} | {:.1} | {:.0} | {:.1} | {:.0} ({:.0}) | {:.0} | {:.0} | {:.2} | {:.0} | {:.0} ({:.0}) | {:.2} |",
            f(ing, "bytes") / 1e6,
            secs,
            f(ing, "docs") / secs,
            f(ing, "bytes") / 1e6 / secs,
            f(ing, "hwm_kb") / 1024.0,
            f(ing, "anon_kb") / 1024.0,
            f(ing, "anon_half_kb") / 1024.0,
            f(ing, "index_bytes") / 1e6,
            f(ing, "index_bytes") / f(ing, "bytes"),
            f(q, "open_first_ms"),
            f(q, "hwm_kb") / 1024.0,
            f(q, "anon_kb") / 1024.0,
            f(ing, "again_secs")
        );
    }
    println!("\n## Query latency, ms (p50 / p99, {reps} runs per shape, top 20 with stored records)\n");
    let header: Vec<String> = rows.iter().map(|(n, _, _)| format!("{n} reports")).collect();
    println!("| shape | {} |", header.join(" | "));
    println!("|---|{}", "---|".repeat(rows.len()));
    for (k, (name, _)) in SHAPES.iter().enumerate() {
        let cells: Vec<String> = rows
            .iter()
            .map(|(_, _, q)| {
                let s = &q["shapes"][k];
                format!("{:.2} / {:.2}", f(s, "p50_ms"), f(s, "p99_ms"))
            })
            .collect();
        println!("| {name} | {} |", cells.join(" | "));
    }
    Ok(())
}

/// Extraction alone, one thread, in memory: read (parse) and extract, per format and size.
fn extraction_table() {
    println!("\n## Extraction alone (one thread, in memory, MB/s of input)\n");
    println!("| format | size | reports | input MB | read MB/s | extract MB/s | read+extract MB/s | reports/s |");
    println!("|---|---|---|---|---|---|---|---|");
    let ex = Extractor::global();
    // Warm up on other reports than those measured. Compiling the automata
    // and the patterns (on first use) is a cost per process, not per report,
    // and would otherwise be charged to whichever row runs first; the regex
    // engines' lazily built states and the memo of words the treatment
    // vocabulary lacks fill per thread over a process's first reports, after
    // which a long ingest runs at the rate measured here. With a warm-up of 5
    // reports instead, the first row measured 43.8-46.6 MB/s against
    // 49.2-50.0 with this one (three runs of each in turn, machine C). The
    // synthetic reports draw on fewer words than real ones, so the memo
    // serves them better than it would a real corpus.
    for form in [Form::Text, Form::Jats, Form::Pubmed] {
        for (size, n) in [(Size::Full, 100), (Size::Abstract, 300)] {
            for i in 0..n {
                let d = synth::document(2, 1_000_000 + i, size, form);
                if let Ok(read) = casedex::ingest::read_bytes("bench", d.as_bytes()) {
                    read.docs.iter().for_each(|doc| drop(std::hint::black_box(ex.extract(doc))));
                }
            }
        }
    }
    for (size, n, label) in [(Size::Full, 300u64, "full (~20 KB)"), (Size::Abstract, 3000, "abstract (~1.5 KB)")] {
        for form in [Form::Text, Form::Jats, Form::Pubmed] {
            let docs: Vec<String> = (0..n).map(|i| synth::document(2, i, size, form)).collect();
            let bytes: u64 = docs.iter().map(|d| d.len() as u64).sum();
            let (read_t, ext_t, reports) = read_and_extract(ex, docs.iter().map(|d| ("bench", d.as_bytes())));
            let r = |d: Duration| bytes as f64 / 1e6 / d.as_secs_f64();
            println!(
                "| {form:?} | {label} | {reports} | {:.1} | {:.1} | {:.1} | {:.1} | {:.0} |",
                bytes as f64 / 1e6,
                r(read_t),
                r(ext_t),
                r(read_t + ext_t),
                reports as f64 / (read_t + ext_t).as_secs_f64()
            );
        }
    }
}

/// One pass of reading and extracting `files` (name, bytes) in memory: the
/// time spent reading, the time spent extracting, and the reports extracted.
fn read_and_extract<'a>(
    ex: &Extractor,
    files: impl IntoIterator<Item = (&'a str, &'a [u8])>,
) -> (Duration, Duration, usize) {
    let (mut read_t, mut ext_t, mut reports) = (Duration::ZERO, Duration::ZERO, 0);
    for (name, bytes) in files {
        let t = Instant::now();
        let Ok(read) = casedex::ingest::read_bytes(name, bytes) else { continue };
        read_t += t.elapsed();
        let t = Instant::now();
        for doc in &read.docs {
            std::hint::black_box(ex.extract(doc));
            reports += 1;
        }
        ext_t += t.elapsed();
    }
    (read_t, ext_t, reports)
}

/// Extraction alone on real files, one row per directory: the synthetic
/// reports are regular, and real ones have costs they lack (scraped pages,
/// reference lists on one line, accented names). Each file is read from
/// memory and extracted, best of three passes over the directory.
fn real_extraction_table(dirs: &[PathBuf]) {
    if dirs.is_empty() {
        return;
    }
    println!("\n## Extraction alone on real files (one thread, in memory, best of 3 passes)\n");
    println!("| files | kind | reports | input MB | read MB/s | extract MB/s | read+extract MB/s | reports/s |");
    println!("|---|---|---|---|---|---|---|---|");
    let ex = Extractor::global();
    for dir in dirs {
        if !dir.is_dir() {
            println!("| {} | missing: skipped | | | | | | |", dir.display());
            continue;
        }
        let (paths, _) = casedex::ingest::walk(std::slice::from_ref(dir));
        let mut by_kind: std::collections::BTreeMap<String, Vec<(String, Vec<u8>)>> = Default::default();
        for p in paths {
            let kind = p.extension().and_then(|e| e.to_str()).unwrap_or("").to_ascii_lowercase();
            // Only files casedex reads (annotation files beside the reports are not).
            let name = p.display().to_string();
            match std::fs::read(&p) {
                Ok(bytes) if casedex::ingest::read_bytes(&name, &bytes).is_ok_and(|r| !r.docs.is_empty()) => {
                    by_kind.entry(kind).or_default().push((name, bytes))
                }
                _ => {}
            }
        }
        for (kind, files) in &by_kind {
            let bytes: u64 = files.iter().map(|(_, b)| b.len() as u64).sum();
            let (mut read_best, mut ext_best, mut reports) = (Duration::MAX, Duration::MAX, 0);
            for _ in 0..3 {
                let (read_t, ext_t, n) =
                    read_and_extract(ex, files.iter().map(|(name, b)| (name.as_str(), b.as_slice())));
                read_best = read_best.min(read_t);
                ext_best = ext_best.min(ext_t);
                reports = n;
            }
            let r = |d: Duration| bytes as f64 / 1e6 / d.as_secs_f64();
            println!(
                "| {} ({}) | {kind} | {reports} | {:.1} | {:.1} | {:.1} | {:.1} | {:.0} |",
                dir.display(),
                files.len(),
                bytes as f64 / 1e6,
                r(read_best),
                r(ext_best),
                r(read_best + ext_best),
                reports as f64 / (read_best + ext_best).as_secs_f64()
            );
        }
    }
}

/// A new process answering one query on the bundled corpus (index already built), median of 11.
fn startup(work: &Path) -> anyhow::Result<()> {
    let exe = std::env::current_exe()?;
    let dir = work.join("bundled-index");
    if dir.exists() {
        std::fs::remove_dir_all(&dir)?;
    }
    let run = || -> anyhow::Result<Duration> {
        let t = Instant::now();
        let st = Command::new(&exe)
            .args(["search", "unilateral idiopathic cases in children", "--limit", "10"])
            .env("CASEDEX_INDEX", &dir)
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .status()?;
        if st.code() != Some(0) {
            return Err(anyhow!("search on the bundled corpus failed: {st}"));
        }
        Ok(t.elapsed())
    };
    let build = run()?;
    let mut times: Vec<Duration> = (0..11).map(|_| run()).collect::<Result<_, _>>()?;
    times.sort();
    println!("\n## Start-up: a new `casedex search` process on the bundled corpus\n");
    println!("| first run (builds the index) | later runs, median of 11 | min |");
    println!("|---|---|---|");
    println!(
        "| {:.0} ms | {:.1} ms | {:.1} ms |",
        build.as_secs_f64() * 1e3,
        times[5].as_secs_f64() * 1e3,
        times[0].as_secs_f64() * 1e3
    );
    Ok(())
}

fn cpu_name() -> String {
    std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("model name"))
                .and_then(|l| l.split(':').nth(1))
                .map(|s| s.trim().to_string())
        })
        .unwrap_or_else(|| "unknown CPU".into())
}
