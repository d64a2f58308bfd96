//! Kernel benchmarks: `cargo bench --bench kernels`.
//!
//! Each group reports throughput in bytes of input, on synthetic reports
//! (`casedex::synth`) so that figures are comparable between machines and
//! runs. The whole-run benchmark (ingest, index, queries at scale) is
//! `casedex bench run`; see the README.

use std::hint::black_box;
use std::time::Duration;

use casedex::synth::{document, Form, Size};
use casedex::Extractor;
use criterion::{criterion_group, criterion_main, Criterion, Throughput};

/// mimalloc rather than the system allocator: extraction makes many small,
/// short-lived allocations (sentences, matches, strings of the record), and
/// glibc's malloc and free took about 6% of its profile.
#[global_allocator]
static ALLOC: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// A small batch of documents, so that no single document's quirks decide a figure.
fn docs(size: Size, form: Form, n: u64) -> Vec<String> {
    (0..n).map(|i| document(42, i, size, form)).collect()
}

fn bytes(docs: &[String]) -> u64 {
    docs.iter().map(|d| d.len() as u64).sum()
}

/// Read (parse, lay out) and extract, per format and size.
fn extraction(c: &mut Criterion) {
    let ex = Extractor::global();
    let mut g = c.benchmark_group("extract");
    for (name, size, form, n) in [
        ("text-full", Size::Full, Form::Text, 10),
        ("jats-full", Size::Full, Form::Jats, 10),
        ("pubmed-abstract", Size::Abstract, Form::Pubmed, 100),
        ("text-abstract", Size::Abstract, Form::Text, 100),
    ] {
        let batch = docs(size, form, n);
        g.throughput(Throughput::Bytes(bytes(&batch)));
        g.bench_function(format!("read+extract/{name}"), |b| {
            b.iter(|| {
                for d in &batch {
                    if let Ok(read) = casedex::ingest::read_bytes("bench", d.as_bytes()) {
                        for doc in &read.docs {
                            black_box(ex.extract(doc));
                        }
                    }
                }
            })
        });
        let read: Vec<_> =
            batch.iter().filter_map(|d| casedex::ingest::read_bytes("bench", d.as_bytes()).ok()).collect();
        g.bench_function(format!("extract-only/{name}"), |b| {
            b.iter(|| {
                for r in &read {
                    for doc in &r.docs {
                        black_box(ex.extract(doc));
                    }
                }
            })
        });
    }
    g.finish();
}

/// Reading alone: decoding, XML parsing, layout of plain text into sections.
fn layout(c: &mut Criterion) {
    let mut g = c.benchmark_group("read");
    for (name, form) in [("text-full", Form::Text), ("jats-full", Form::Jats)] {
        let batch = docs(Size::Full, form, 10);
        g.throughput(Throughput::Bytes(bytes(&batch)));
        g.bench_function(name, |b| {
            b.iter(|| {
                for d in &batch {
                    black_box(casedex::ingest::read_bytes("bench", d.as_bytes()).ok());
                }
            })
        });
    }
    g.finish();
}

/// Sentence splitting of full texts.
fn sentences(c: &mut Criterion) {
    let batch = docs(Size::Full, Form::Text, 10);
    let mut g = c.benchmark_group("sentences");
    g.throughput(Throughput::Bytes(bytes(&batch)));
    g.bench_function("split/text-full", |b| {
        b.iter(|| {
            for d in &batch {
                black_box(casedex::text::split(d, 0..d.len()));
            }
        })
    });
    g.finish();
}

/// The vocabularies: a whole-word search of every word start of a full text,
/// and the treatment list loaded and indexed from its TSV, as every process
/// that extracts does once.
fn vocabulary(c: &mut Criterion) {
    let batch = docs(Size::Full, Form::Text, 10);
    let sites = casedex::vocab::sites().expect("the site list loads");
    let treatments = casedex::vocab::treatments().expect("the treatment list loads");
    let mut g = c.benchmark_group("vocabulary");
    g.throughput(Throughput::Bytes(bytes(&batch)));
    g.bench_function("sites/find/text-full", |b| {
        b.iter(|| batch.iter().map(|d| sites.find_iter(d).count()).sum::<usize>())
    });
    g.bench_function("treatments/find/text-full", |b| {
        b.iter(|| batch.iter().map(|d| treatments.find_iter(d).count()).sum::<usize>())
    });
    g.finish();
    let mut g = c.benchmark_group("vocabulary-load");
    g.bench_function("treatments/load+index", |b| {
        b.iter(|| {
            let d = casedex::vocab::treatments().expect("the treatment list loads");
            black_box(d.find_iter("oral diltiazem").count())
        })
    });
    g.finish();
}

/// Query parsing (natural phrasing and field syntax).
fn queries(c: &mut Criterion) {
    let ex = Extractor::global();
    let qs = [
        "unilateral idiopathic cases in children",
        "girls treated with diltiazem",
        "sex:female age:<18 site:elbow treatment:diltiazem",
        "subtype:dystrophic year:2010..2020 \"surgical excision\"",
        "nodules on the knee",
    ];
    let mut g = c.benchmark_group("query");
    g.throughput(Throughput::Elements(qs.len() as u64));
    g.bench_function("parse", |b| {
        b.iter(|| {
            for q in qs {
                black_box(casedex::query::Query::parse(q, ex).ok());
            }
        })
    });
    g.finish();
}

/// Parsing printed reference strings (what reading a plain-text list costs
/// per entry), on the entries of synthetic full texts.
fn references(c: &mut Criterion) {
    let mut entries: Vec<String> = Vec::new();
    for d in docs(Size::Full, Form::Text, 10) {
        let Ok(read) = casedex::ingest::read_bytes("bench", d.as_bytes()) else { continue };
        for doc in &read.docs {
            for r in &doc.references {
                match r {
                    casedex::doc::RawReference::Structured(r) => entries.extend(r.raw.clone()),
                    casedex::doc::RawReference::Text { text, .. } => entries.push(text.clone()),
                }
            }
        }
    }
    let mut g = c.benchmark_group("reference");
    g.throughput(Throughput::Bytes(entries.iter().map(|e| e.len() as u64).sum()));
    g.bench_function("parse", |b| {
        b.iter(|| {
            for e in &entries {
                black_box(casedex::extract::reference::parse(e));
            }
        })
    });
    g.finish();
}

/// The index's analyzers over full texts: the stemmed words of the body,
/// and its word pairs, read afresh or paired from the words the stem
/// analyzer has just read (as tantivy writes a document: words, then pairs).
fn analysis(c: &mut Criterion) {
    use casedex::index::analysis::{pairs_analyzer, stem_analyzer};
    let batch = docs(Size::Full, Form::Text, 10);
    let count = |a: &mut tantivy::tokenizer::TextAnalyzer, text: &str| {
        let mut s = a.token_stream(text);
        let mut n = 0;
        while s.advance() {
            n += 1;
        }
        n
    };
    let (mut stem, mut pairs) = (stem_analyzer(), pairs_analyzer());
    let mut g = c.benchmark_group("analysis");
    g.throughput(Throughput::Bytes(bytes(&batch)));
    g.bench_function("words/text-full", |b| b.iter(|| batch.iter().map(|d| count(&mut stem, d)).sum::<usize>()));
    g.bench_function("pairs-afresh/text-full", |b| {
        b.iter(|| {
            batch
                .iter()
                .map(|d| {
                    // Another text read last: the pairs are read from the text.
                    count(&mut stem, "a record of another text");
                    count(&mut pairs, d)
                })
                .sum::<usize>()
        })
    });
    g.bench_function("words+pairs/text-full", |b| {
        b.iter(|| batch.iter().map(|d| count(&mut stem, d) + count(&mut pairs, d)).sum::<usize>())
    });
    g.finish();
}

fn config() -> Criterion {
    Criterion::default().sample_size(20).warm_up_time(Duration::from_secs(1)).measurement_time(Duration::from_secs(3))
}

criterion_group! { name = benches; config = config(); targets = extraction, layout, sentences, vocabulary, references, analysis, queries }
criterion_main!(benches);
