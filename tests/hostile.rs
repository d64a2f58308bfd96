//! Hostile and broken input: a folder of downloads in which some files are
//! broken, some are not reports, one is 50 MB. Every bad file gets one line
//! naming it and the reason, the others are indexed, and ingest finishes in
//! bounded time and memory (checked with generous timeouts, not timings).

use std::fs;
use std::io::Write;
use std::path::Path;
use std::time::Duration;

use casedex::ingest;
use serde_json::Value;

use crate::util::{casedex, root};

/// A short report with no identifiers, so that its id is a hash of its text.
fn report(n: usize) -> String {
    format!(
        "Calcinosis cutis of the elbow, case {n}\n\nA {}-year-old girl presented with hard nodules on the right \
         elbow. She was treated with diltiazem and the nodules regressed.\n",
        n % 12 + 3
    )
}

/// Reasons by file name in an ingest summary.
fn skipped(v: &Value) -> Vec<(String, String)> {
    v["skipped"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            let path = s["path"].as_str().unwrap();
            let name = Path::new(path).file_name().map_or(path.to_string(), |n| n.to_string_lossy().into_owned());
            (name, s["reason"].as_str().unwrap().to_string())
        })
        .collect()
}

fn reason_for<'a>(skips: &'a [(String, String)], name: &str) -> &'a str {
    let hits: Vec<&(String, String)> = skips.iter().filter(|(n, _)| n == name).collect();
    assert_eq!(hits.len(), 1, "{name} should be skipped exactly once: {skips:?}");
    &hits[0].1
}

fn mkfifo(p: &Path) {
    let ok = std::process::Command::new("mkfifo").arg(p).status().unwrap().success();
    assert!(ok, "mkfifo {}", p.display());
}

#[test]
fn a_folder_of_broken_downloads_is_read_with_one_line_per_bad_file() {
    let home = tempfile::tempdir().unwrap();
    let data = tempfile::tempdir().unwrap();
    let d = data.path();
    let secret = home.path().join("secret.txt");
    fs::write(&secret, "SECRET-9F3A never to be read").unwrap();
    let dtd = home.path().join("ext.dtd");
    fs::write(&dtd, "<!ENTITY e \"SECRET-DTD-77\">").unwrap();
    // Good files, some with awkward names.
    fs::write(d.join("good one.txt"), report(1)).unwrap();
    fs::write(d.join("new\nline é.txt"), report(2)).unwrap();
    fs::write(d.join("ünïcödé 病例.txt"), report(3)).unwrap();
    fs::write(d.join("latin1.txt"), b"Calcinosis in a caf\xe9 owner\n\nA 40-year-old woman had nodules.\n").unwrap();
    fs::write(d.join("bad utf8.txt"), b"A 9-year-old boy \xff\xfe\xc3 had nodules on the left knee.\n").unwrap();
    fs::create_dir(d.join("x.xml")).unwrap();
    fs::copy(root().join("corpus/gupta-2013-icc-elbow-child.xml"), d.join("x.xml/inside.xml")).unwrap();
    fs::write(
        d.join("entities.xml"),
        "<?xml version=\"1.0\"?><!DOCTYPE article [<!ENTITY girl \"a 7-year-old girl\">]>\
         <article><body><p>We saw &girl; with calcinosis of the right elbow.</p></body></article>",
    )
    .unwrap();
    fs::write(
        d.join("external dtd.xml"),
        format!(
            "<?xml version=\"1.0\"?><!DOCTYPE article SYSTEM \"{}\"><article><body><p>A 7-year-old girl with \
             calcinosis.</p></body></article>",
            dtd.display()
        ),
    )
    .unwrap();
    // Bad files.
    fs::write(d.join("empty.txt"), "").unwrap();
    fs::write(d.join("blank\nname.txt"), " \n\n ").unwrap();
    let mut noise = vec![0u8; 4096];
    noise.iter_mut().enumerate().for_each(|(i, b)| *b = (i * 7919 % 251) as u8);
    fs::write(d.join("noise.bin"), &noise).unwrap();
    fs::write(d.join("truncated.xml"), "<?xml version=\"1.0\"?><article><front><article-meta><title-group>").unwrap();
    let laughs: String = (1..10)
        .map(|i| format!("<!ENTITY l{i} \"{}\">", format!("&l{};", i - 1).repeat(10)))
        .collect::<String>()
        .replace("&l0;", "lol");
    fs::write(
        d.join("laughs.xml"),
        format!("<?xml version=\"1.0\"?><!DOCTYPE article [{laughs}]><article><body><p>&l9;</p></body></article>"),
    )
    .unwrap();
    fs::write(
        d.join("xxe.xml"),
        format!(
            "<?xml version=\"1.0\"?><!DOCTYPE article [<!ENTITY x SYSTEM \"file://{}\">]><article><body><p>A girl \
             &x;</p></body></article>",
            secret.display()
        ),
    )
    .unwrap();
    fs::write(
        d.join("external entity.xml"),
        "<?xml version=\"1.0\"?><!DOCTYPE article SYSTEM \"ext.dtd\"><article><body><p>&e;</p></body></article>",
    )
    .unwrap();
    let depth = 300_000;
    fs::write(
        d.join("deep.xml"),
        format!("<article><body>{}{}</body></article>", "<p>x ".repeat(depth), "</p>".repeat(depth)),
    )
    .unwrap();
    std::os::unix::fs::symlink(d.join("gone.txt"), d.join("dangling.txt")).unwrap();
    std::os::unix::fs::symlink(d, d.join("loop")).unwrap();
    mkfifo(&d.join("pipe.txt"));
    // A PubMed file in which one record is broken among good ones.
    let (_, set) = casedex::corpus::files().into_iter().find(|(n, _)| n.starts_with("pubmed-")).unwrap();
    let set = std::str::from_utf8(set).unwrap();
    let first_end = set.find("</PubmedArticle>").unwrap() + "</PubmedArticle>".len();
    let broken = format!(
        "{}<PubmedArticle><MedlineCitation><PMID>1</PMID><Article></MedlineCitation></PubmedArticle>{}",
        &set[..first_end],
        &set[first_end..]
    );
    fs::write(d.join("pubmed one broken.xml"), broken).unwrap();

    let idx = home.path().join("idx");
    let out = casedex(home.path())
        .arg("ingest")
        .arg(d)
        .arg("--index")
        .arg(&idx)
        .args(["--format", "json"])
        .timeout(Duration::from_secs(300))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    let skips = skipped(&v);
    assert!(reason_for(&skips, "empty.txt").contains("empty"));
    assert!(reason_for(&skips, "blank\nname.txt").contains("empty"));
    assert!(reason_for(&skips, "noise.bin").contains("binary"));
    assert!(reason_for(&skips, "truncated.xml").contains("truncated"));
    assert!(reason_for(&skips, "laughs.xml").contains("entity"));
    assert!(reason_for(&skips, "xxe.xml").contains("entity"));
    assert!(reason_for(&skips, "external entity.xml").contains("entity"));
    assert!(reason_for(&skips, "deep.xml").contains("nested"));
    assert!(reason_for(&skips, "dangling.txt").contains("broken symlink"));
    assert!(reason_for(&skips, "loop").contains("symlink loop"));
    assert!(reason_for(&skips, "pipe.txt").contains("named pipe"));
    assert!(reason_for(&skips, "pubmed one broken.xml").starts_with("record 2"));
    assert_eq!(skips.len(), 12, "{skips:?}");
    // 5 text files, the JATS file in x.xml/, 2 XML files with DTDs, 2 good PubMed records.
    assert_eq!(v["indexed"], 10, "{v}");
    assert_eq!(v["by_format"]["pubmed"], 2);
    // Nothing from outside the files was read into the index.
    for word in ["secret", "9f3a", "77"] {
        casedex(home.path()).args(["search", word, "--index"]).arg(&idx).assert().code(1);
    }
    let extracted = |name: &str| {
        let out = casedex(home.path()).arg("extract").arg(d.join(name)).output().unwrap();
        assert!(out.status.success(), "{name}: {}", String::from_utf8_lossy(&out.stderr));
        String::from_utf8(out.stdout).unwrap()
    };
    assert!(extracted("entities.xml").contains("a 7-year-old girl with calcinosis"), "internal entities expand");
    assert!(extracted("latin1.txt").contains("café"), "Latin-1 is decoded");
    // The text summary gives each skipped file one line, its name escaped.
    let out = casedex(home.path()).arg("ingest").arg(d).arg("--index").arg(&idx).output().unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    let lines: Vec<&str> = text.lines().filter(|l| l.starts_with("  ")).collect();
    assert_eq!(lines.len(), 12, "{text}");
    assert!(lines.iter().any(|l| l.ends_with("blank\\nname.txt: empty file")), "{text}");
    // With --strict, the same skips make the exit status 1.
    casedex(home.path()).arg("ingest").arg(d).arg("--index").arg(&idx).arg("--strict").assert().code(1);
    // Ingesting three times left every report once.
    let stats = crate::util::json(casedex(home.path()).args(["stats", "--format", "json", "--index"]).arg(&idx));
    assert_eq!(stats["reports"], 10);
}

#[test]
fn a_50_mb_text_file_is_indexed_in_bounded_time() {
    let home = tempfile::tempdir().unwrap();
    let data = tempfile::tempdir().unwrap();
    let big = data.path().join("big.txt");
    let mut f = std::io::BufWriter::new(fs::File::create(&big).unwrap());
    let mut n = 0;
    let mut written = 0;
    while written < 50 << 20 {
        let para = report(n);
        f.write_all(para.as_bytes()).unwrap();
        written += para.len();
        n += 1;
    }
    f.flush().unwrap();
    drop(f);
    fs::write(data.path().join("small.txt"), report(0)).unwrap();
    let idx = home.path().join("idx");
    // An address-space limit stands in for a memory check: a reader that
    // copied the file per line or per paragraph would exceed it.
    let bin = casedex(home.path()).get_program().to_owned();
    let out = std::process::Command::new("sh")
        .arg("-c")
        .arg("ulimit -v 4000000 && exec \"$0\" \"$@\"")
        .arg(bin)
        .arg("ingest")
        .arg(data.path())
        .arg("--index")
        .arg(&idx)
        .args(["--format", "json", "--threads", "2"])
        .env("CASEDEX_INDEX", home.path().join("default"))
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["indexed"], 2, "{v}");
    assert!(v["skipped"].as_array().unwrap().is_empty());
}

#[test]
fn a_file_removed_after_listing_is_skipped_with_a_reason() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("vanished.txt");
    fs::write(&p, report(1)).unwrap();
    let (files, _) = ingest::walk(&[dir.path().to_path_buf()]);
    assert_eq!(files, vec![p.clone()]);
    fs::remove_file(&p).unwrap();
    let skip = ingest::read_file(&p).unwrap_err();
    assert!(skip.reason.contains("no such file"), "{skip}");
    // A named pipe given directly is refused, not read (a read would block).
    let fifo = dir.path().join("fifo.xml");
    mkfifo(&fifo);
    assert!(ingest::read_file(&fifo).unwrap_err().reason.contains("named pipe"));
}

#[test]
fn many_reference_headings_are_read_in_one_pass() {
    // Thousands of paragraphs that each open with a heading word and an
    // entry: finding where each list would end, and trying each as the
    // list, was quadratic (minutes for a few megabytes).
    let entry = "References 1. Smith A, Jones B. Calcinosis of the elbow. J Dermatol. 2001;12:100-5.\n\n";
    let text = format!("A case of calcinosis\n\n{}", entry.repeat(12_000));
    let r = ingest::read_bytes("many.txt", text.as_bytes()).unwrap();
    assert!(!r.docs[0].references.is_empty());
    let record = casedex::Extractor::global().extract(&r.docs[0]);
    assert_eq!(record.title.as_deref(), Some("A case of calcinosis"));
    // The list kept is read as entries that parse as references, each with
    // the entry's locator, not as runs of article text.
    assert!(!record.references.is_empty());
    for r in &record.references {
        let locator = (r.year, r.journal.as_deref(), r.volume.as_deref(), r.pages.as_deref());
        assert_eq!(locator, (Some(2001), Some("J Dermatol"), Some("12"), Some("100-5")), "{r:?}");
    }
}

#[test]
fn readers_survive_deep_and_repeated_nesting() {
    // Under the depth limit, nested paragraphs and abstracts are read once each.
    let nested = format!(
        "<article><front><article-meta/></front><body>{}</body></article>",
        "<p>x ".repeat(200) + &"</p>".repeat(200)
    );
    let r = ingest::read_bytes("n.xml", nested.as_bytes()).unwrap();
    assert_eq!(r.docs[0].text.matches('x').count(), 200);
    let abstracts = format!("<article>{}</article>", "<abstract>A girl. ".repeat(100) + &"</abstract>".repeat(100));
    let r = ingest::read_bytes("a.xml", abstracts.as_bytes()).unwrap();
    assert_eq!(r.docs[0].text.matches("A girl.").count(), 100);
    // Over it, every reader refuses the file with the reason.
    let deep = |open: &str, close: &str, inner: &str| {
        format!("{open}{}{}{close}", "<i>".repeat(100_000), "</i>".repeat(100_000)).replace("<i></i>", inner)
    };
    for (name, doc) in [
        ("jats.xml", deep("<article><body><p>", "</p></body></article>", "<i>x</i>")),
        (
            "pubmed.xml",
            deep(
                "<PubmedArticleSet><PubmedArticle><MedlineCitation><Article><Abstract><AbstractText>",
                "</AbstractText></Abstract></Article></MedlineCitation></PubmedArticle></PubmedArticleSet>",
                "<i>x</i>",
            ),
        ),
        (
            "bioc.xml",
            deep("<collection><document><passage><text>", "</text></passage></document></collection>", "<i>x</i>"),
        ),
    ] {
        let skip = ingest::read_bytes(name, doc.as_bytes()).unwrap_err();
        assert!(skip.reason.contains("nested more than"), "{name}: {skip}");
    }
}

#[test]
fn a_huge_identifier_does_not_defeat_replacement() {
    // The same report saved twice, with a DOI far over tantivy's term limit:
    // it is one report, as it would be with a real DOI.
    let home = tempfile::tempdir().unwrap();
    let data = tempfile::tempdir().unwrap();
    let text = format!("A case\n\ndoi: 10.1234/{}\n\nA 7-year-old girl had nodules.\n", "a".repeat(70_000));
    fs::write(data.path().join("a.txt"), &text).unwrap();
    fs::write(data.path().join("a (1).txt"), &text).unwrap();
    let idx = home.path().join("idx");
    for _ in 0..2 {
        casedex(home.path()).arg("ingest").arg(data.path()).arg("--index").arg(&idx).assert().success();
    }
    let stats = crate::util::json(casedex(home.path()).args(["stats", "--format", "json", "--index"]).arg(&idx));
    assert_eq!(stats["reports"], 1);
}

#[test]
fn an_index_inside_the_folder_it_indexes_is_not_read_as_input() {
    let home = tempfile::tempdir().unwrap();
    let data = tempfile::tempdir().unwrap();
    fs::write(data.path().join("a.txt"), report(1)).unwrap();
    let idx = data.path().join("casedex-index");
    for _ in 0..2 {
        let v = crate::util::json(
            casedex(home.path()).arg("ingest").arg(data.path()).arg("--index").arg(&idx).args(["--format", "json"]),
        );
        assert_eq!(v["files"], 1, "{v}");
        assert!(v["skipped"].as_array().unwrap().is_empty(), "{v}");
    }
}
