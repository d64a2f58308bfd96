//! Output formats, facets, sorting and terminal manners, end to end: every
//! format is read back and compared with the JSON of the same reports.

use std::collections::BTreeMap;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::Stdio;

use predicates::prelude::*;
use serde_json::Value;

use crate::util::{casedex, json};

/// Two PubMed records whose titles, authors and journal hold what breaks
/// naive writers: braces (one unbalanced), quotes, commas, LaTeX specials,
/// diacritics, line breaks, and abbreviated page ranges.
const TRICKY: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<PubmedArticleSet>
<PubmedArticle><MedlineCitation Status="MEDLINE" Owner="NLM">
  <PMID Version="1">90000001</PMID>
  <Article PubModel="Print">
    <Journal>
      <JournalIssue CitedMedium="Internet"><Volume>9</Volume><Issue>1</Issue><PubDate><Year>2014</Year></PubDate></JournalIssue>
      <Title>Journal of {Odd} Cases &amp; Reports, Series "B"</Title>
    </Journal>
    <ArticleTitle>Calcinosis {cutis} in a "child", 50% &amp; more: Müller–Łódź #1_a~b^c\d $x &lt;y&gt; | *z*</ArticleTitle>
    <Pagination><MedlinePgn>166-73</MedlinePgn></Pagination>
    <ELocationID EIdType="doi" ValidYN="Y">10.1000/odd_2014.1</ELocationID>
    <Abstract><AbstractText>A 7-year-old girl presented with hard nodules on her right elbow. Idiopathic calcinosis cutis was diagnosed and the nodules were excised.</AbstractText></Abstract>
    <AuthorList CompleteYN="Y">
      <Author ValidYN="Y"><LastName>Müller-Łódź</LastName><Initials>ÅB</Initials></Author>
      <Author ValidYN="Y"><LastName>van der Berg</LastName><Initials>J</Initials></Author>
      <Author ValidYN="Y"><LastName>O'Brien</LastName><Initials>SK</Initials></Author>
    </AuthorList>
    <Language>eng</Language>
  </Article>
</MedlineCitation></PubmedArticle>
<PubmedArticle><MedlineCitation Status="MEDLINE" Owner="NLM">
  <PMID Version="1">90000002</PMID>
  <Article PubModel="Print">
    <Journal>
      <JournalIssue CitedMedium="Internet"><Volume>12</Volume><PubDate><Year>2020</Year></PubDate></JournalIssue>
      <Title>Case Reports</Title>
    </Journal>
    <ArticleTitle>Tumoral calcinosis,
      a report
      over several lines; {unbalanced</ArticleTitle>
    <Pagination><MedlinePgn>e8-e12</MedlinePgn></Pagination>
    <Abstract><AbstractText>A 64-year-old man on haemodialysis had a large calcified mass at the left hip. It was removed surgically.</AbstractText></Abstract>
    <AuthorList CompleteYN="Y">
      <Author ValidYN="Y"><LastName>Nguyễn</LastName><Initials>TH</Initials></Author>
    </AuthorList>
    <Language>eng</Language>
  </Article>
</MedlineCitation></PubmedArticle>
</PubmedArticleSet>
"#;

/// An index of the two tricky records, in `home`.
fn tricky_index(home: &Path) -> PathBuf {
    let data = home.join("data");
    std::fs::create_dir_all(&data).unwrap();
    std::fs::write(data.join("tricky.xml"), TRICKY).unwrap();
    let idx = home.join("tricky-idx");
    casedex(home).arg("ingest").arg(&data).arg("--index").arg(&idx).arg("--quiet").assert().success();
    idx
}

/// stdout of a successful run.
fn stdout(c: &mut assert_cmd::Command) -> String {
    let out = c.output().unwrap();
    assert!(out.status.success(), "failed ({:?}): {}", out.status, String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}

/// Whitespace collapsed, as every format prints values on one line.
fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The hits of `search QUERY --format json` on `idx`, by id.
fn hits(home: &Path, idx: &Path, query: &str) -> BTreeMap<String, Value> {
    let v = json(casedex(home).args(["search", query, "--format", "json", "--index"]).arg(idx));
    v["hits"].as_array().unwrap().iter().map(|h| (h["id"].as_str().unwrap().to_string(), h.clone())).collect()
}

fn search(home: &Path, idx: &Path, format: &str) -> String {
    stdout(casedex(home).args(["search", "calcinosis", "--format", format, "--index"]).arg(idx))
}

#[test]
fn json_keeps_its_shape() {
    let home = tempfile::tempdir().unwrap();
    let idx = tricky_index(home.path());
    let v = json(casedex(home.path()).args(["search", "calcinosis", "--format", "json", "--index"]).arg(&idx));
    let keys: Vec<&String> = v.as_object().unwrap().keys().collect();
    assert_eq!(keys, ["hits", "interpretation", "query", "total"]);
    assert!(v["hits"][0]["score"].is_number());
    let lines = search(home.path(), &idx, "jsonl");
    let hits: Vec<Value> = lines.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(hits.len(), 2);
    assert_eq!(hits, v["hits"].as_array().unwrap().clone());
}

#[test]
fn csv_reads_back_one_row_per_hit() {
    let home = tempfile::tempdir().unwrap();
    let idx = tricky_index(home.path());
    let expected = hits(home.path(), &idx, "calcinosis");
    let text = search(home.path(), &idx, "csv");
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let header: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
    assert_eq!(&header[..4], ["id", "score", "title", "authors"]);
    let rows: Vec<BTreeMap<String, String>> =
        reader.records().map(|r| header.iter().cloned().zip(r.unwrap().iter().map(String::from)).collect()).collect();
    assert_eq!(rows.len(), expected.len());
    for row in &rows {
        let h = &expected[&row["id"]];
        assert_eq!(row["title"], one_line(h["title"].as_str().unwrap()));
        assert_eq!(row["journal"], h["journal"].as_str().unwrap());
        let authors: Vec<&str> = h["authors"].as_array().unwrap().iter().map(|a| a.as_str().unwrap()).collect();
        assert_eq!(row["authors"], authors.join("; "));
        assert_eq!(row["year"], h["year"].to_string());
    }
    // --fields chooses the columns, in order.
    let text = stdout(
        casedex(home.path())
            .args(["search", "calcinosis", "--format", "csv", "--fields", "title,id", "--index"])
            .arg(&idx),
    );
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    assert_eq!(reader.headers().unwrap(), vec!["title", "id"]);
    assert!(reader.records().all(|r| r.unwrap().len() == 2));
}

/// A reader of the BibTeX we write: entries of braced values, brace counting
/// as BibTeX does (escaped braces count too, so they must not occur).
fn read_bibtex(s: &str) -> Vec<(String, BTreeMap<String, String>)> {
    let mut entries = Vec::new();
    let mut rest = s.trim_start();
    while let Some(body) = rest.strip_prefix("@article{") {
        let (key, mut body) = body.split_once(",\n").expect("a key");
        let mut fields = BTreeMap::new();
        loop {
            body = body.trim_start();
            if let Some(after) = body.strip_prefix('}') {
                rest = after.trim_start();
                break;
            }
            let (name, value) = body.split_once('=').expect("name = value");
            let value = value.trim_start().strip_prefix('{').expect("a braced value");
            let mut depth = 1;
            let end = value
                .char_indices()
                .find(|&(_, c)| {
                    depth += match c {
                        '{' => 1,
                        '}' => -1,
                        _ => 0,
                    };
                    depth == 0
                })
                .expect("balanced braces")
                .0;
            fields.insert(name.trim().to_string(), value[..end].to_string());
            body = value[end + 1..].strip_prefix(',').expect("a comma after each field");
        }
        entries.push((key.to_string(), fields));
    }
    assert!(rest.is_empty(), "unparsed: {rest}");
    entries
}

/// Undo our LaTeX escapes.
fn unlatex(s: &str) -> String {
    const WORDS: &[(&str, char)] = &[
        (r"\textbraceleft{}", '{'),
        (r"\textbraceright{}", '}'),
        (r"\textbackslash{}", '\\'),
        (r"\textasciitilde{}", '~'),
        (r"\textasciicircum{}", '^'),
        (r"\textless{}", '<'),
        (r"\textgreater{}", '>'),
    ];
    let mut out = String::new();
    let mut i = 0;
    while i < s.len() {
        let rest = &s[i..];
        if let Some((w, c)) = WORDS.iter().find(|(w, _)| rest.starts_with(w)) {
            out.push(*c);
            i += w.len();
        } else if rest.starts_with('\\') && rest[1..].starts_with(['&', '%', '$', '#', '_']) {
            out.push_str(&rest[1..2]);
            i += 2;
        } else {
            assert!(!rest.starts_with(['\\', '{', '}']), "unescaped special in {s:?}");
            let c = rest.chars().next().unwrap();
            out.push(c);
            i += c.len_utf8();
        }
    }
    out
}

/// "Surname, I. N." (or "{Surname}, I.") back to "Surname IN".
fn stored_name(name: &str) -> String {
    match name.split_once(", ") {
        Some((surname, initials)) => {
            format!("{} {}", surname.trim_matches(['{', '}']), initials.replace(['.', ' '], ""))
        }
        None => name.trim_matches(['{', '}']).to_string(),
    }
}

#[test]
fn bibtex_reads_back() {
    let home = tempfile::tempdir().unwrap();
    let idx = tricky_index(home.path());
    let expected = hits(home.path(), &idx, "calcinosis");
    let entries = read_bibtex(&search(home.path(), &idx, "bibtex"));
    assert_eq!(entries.len(), expected.len());
    let mut keys: Vec<&String> = entries.iter().map(|(k, _)| k).collect();
    keys.dedup();
    assert_eq!(keys.len(), entries.len(), "keys are unique");
    for (key, f) in &entries {
        assert!(key.chars().all(|c| c.is_ascii_alphanumeric() || c == '_'), "{key}");
        let h = expected.values().find(|h| h["pmid"] == f["pmid"].as_str()).expect("the pmid names a hit");
        let title = f["title"].strip_prefix('{').and_then(|t| t.strip_suffix('}')).expect("double-braced title");
        assert_eq!(unlatex(title), one_line(h["title"].as_str().unwrap()));
        assert_eq!(unlatex(&f["journal"]), h["journal"].as_str().unwrap());
        let authors: Vec<String> = f["author"].split(" and ").map(|a| unlatex(&stored_name(a))).collect();
        assert_eq!(authors, h["authors"].as_array().unwrap().iter().map(|a| a.as_str().unwrap()).collect::<Vec<_>>());
        assert_eq!(f["year"], h["year"].to_string());
        assert_eq!(f.get("doi").map(|d| d.as_str()), h["doi"].as_str());
    }
    let first = &entries.iter().find(|(_, f)| f["pmid"] == "90000001").unwrap().1;
    assert_eq!(first["pages"], "166--173");
    assert_eq!(first["number"], "1");
    // The key is the same from `show`, and again next time.
    let shown = stdout(
        casedex(home.path()).args(["show", "doi:10.1000/odd_2014.1", "--format", "bibtex", "--index"]).arg(&idx),
    );
    let shown = read_bibtex(&shown);
    assert_eq!(shown.len(), 1);
    assert!(entries.iter().any(|(k, _)| *k == shown[0].0));
    assert!(shown[0].0.starts_with("mullerlodz2014calcinosis_"), "{}", shown[0].0);
}

/// A reader of RIS: records of `TAG  - value` lines from `TY` to `ER`.
fn read_ris(s: &str) -> Vec<Vec<(String, String)>> {
    let mut records = Vec::new();
    let mut current: Option<Vec<(String, String)>> = None;
    for line in s.lines().filter(|l| !l.is_empty()) {
        let (tag, value) = (&line[..2], line.get(6..).unwrap_or(""));
        assert_eq!(&line[2..6], "  - ", "{line:?}");
        match tag {
            "TY" => {
                assert!(current.is_none(), "TY inside a record");
                current = Some(vec![(tag.into(), value.into())]);
            }
            "ER" => records.push(current.take().expect("ER closes a record")),
            _ => current.as_mut().expect("a tag inside a record").push((tag.into(), value.into())),
        }
    }
    assert!(current.is_none(), "every record is closed");
    records
}

#[test]
fn ris_reads_back() {
    let home = tempfile::tempdir().unwrap();
    let idx = tricky_index(home.path());
    let expected = hits(home.path(), &idx, "calcinosis");
    let records = read_ris(&search(home.path(), &idx, "ris"));
    assert_eq!(records.len(), expected.len());
    for rec in &records {
        let get = |t: &str| rec.iter().filter(|(tag, _)| tag == t).map(|(_, v)| v.as_str()).collect::<Vec<_>>();
        assert_eq!(get("TY"), ["JOUR"]);
        let h = expected.values().find(|h| h["pmid"] == get("AN")[0]).expect("AN is the pmid");
        assert_eq!(get("TI"), [one_line(h["title"].as_str().unwrap())]);
        assert_eq!(get("T2"), [h["journal"].as_str().unwrap()]);
        assert_eq!(get("JO"), get("T2"));
        assert_eq!(get("PY"), [h["year"].to_string()]);
        let authors: Vec<String> = get("AU").into_iter().map(stored_name).collect();
        assert_eq!(authors, h["authors"].as_array().unwrap().iter().map(|a| a.as_str().unwrap()).collect::<Vec<_>>());
    }
    let second = records.iter().find(|r| r.contains(&("AN".into(), "90000002".into()))).unwrap();
    assert!(second.contains(&("SP".into(), "e8".into())) && second.contains(&("EP".into(), "e12".into())));
}

#[test]
fn markdown_reads_back() {
    let home = tempfile::tempdir().unwrap();
    let idx = tricky_index(home.path());
    let expected = hits(home.path(), &idx, "calcinosis");
    let text = search(home.path(), &idx, "markdown");
    let table: Vec<Vec<String>> = text
        .lines()
        .filter(|l| l.starts_with('|') && !l.starts_with("|---"))
        .map(|l| {
            // Split on pipes that are not escaped, then unescape.
            let mut cells = vec![String::new()];
            let mut chars = l.trim().trim_matches('|').chars();
            while let Some(c) = chars.next() {
                match c {
                    '\\' => cells.last_mut().unwrap().extend(chars.next()),
                    '|' => cells.push(String::new()),
                    c => cells.last_mut().unwrap().push(c),
                }
            }
            cells.iter().map(|c| c.trim().to_string()).collect()
        })
        .collect();
    assert_eq!(table[0][..4], ["id", "year", "author", "title"]);
    assert_eq!(table.len() - 1, expected.len());
    for row in &table[1..] {
        assert_eq!(row.len(), table[0].len());
        assert_eq!(row[3], one_line(expected[&row[0]]["title"].as_str().unwrap()));
    }
    assert!(text.contains("2 of 2 reports"));
}

#[test]
fn table_and_text_show_every_hit() {
    let home = tempfile::tempdir().unwrap();
    let idx = tricky_index(home.path());
    let table = search(home.path(), &idx, "table");
    assert!(table.contains("doi:10.1000/odd_2014.1") && table.contains("pmid:90000002"));
    assert!(table.lines().next().unwrap().starts_with("id "));
    assert!(table.contains("a report over several lines"), "titles are one line, whole when piped");
    let text = search(home.path(), &idx, "text");
    assert_eq!(text.matches("evidence:").count(), 2);
    // show's default is still the full record.
    casedex(home.path())
        .args(["show", "pmid:90000002", "--index"])
        .arg(&idx)
        .assert()
        .success()
        .stdout(predicate::str::contains("evidence:").and(predicate::str::contains("hip")));
}

#[test]
fn bad_combinations_are_usage_errors() {
    let home = tempfile::tempdir().unwrap();
    let idx = tricky_index(home.path());
    let run = |args: &[&str], says: &str| {
        casedex(home.path())
            .args(args)
            .arg("--index")
            .arg(&idx)
            .assert()
            .code(2)
            .stderr(predicate::str::contains(says).and(predicate::str::contains("panicked").not()));
    };
    run(&["search", "calcinosis", "--fields", "nonsense"], "possible values");
    run(&["search", "calcinosis", "--format", "ris", "--fields", "id"], "--fields");
    run(&["search", "calcinosis", "--format", "csv", "--facets", "year"], "casedex stats");
    run(&["search", "calcinosis", "--sort", "height"], "possible values");
    run(&["search", "calcinosis", "--format", "docx"], "possible values");
    run(&["stats", "--by", "colour"], "possible values");
    run(&["search", "calcinosis", "--quiet", "--verbose"], "cannot be used with");
}

#[test]
fn sorting_by_year_and_by_youngest_patient() {
    let home = tempfile::tempdir().unwrap();
    let get = |sort: &str| {
        let v = json(casedex(home.path()).args([
            "search",
            "calcinosis",
            "--format",
            "json",
            "--limit",
            "100",
            "--sort",
            sort,
        ]));
        v["hits"].as_array().unwrap().clone()
    };
    let years: Vec<u64> = get("year").iter().filter_map(|h| h["year"].as_u64()).collect();
    assert!(years.windows(2).all(|w| w[0] >= w[1]), "{years:?}");
    let youngest: Vec<Option<f64>> = get("age")
        .iter()
        .map(|h| h["patients"].as_array().unwrap().iter().filter_map(|p| p["age_years"].as_f64()).reduce(f64::min))
        .collect();
    let known = youngest.iter().take_while(|a| a.is_some()).count();
    assert!(known > 10 && youngest[known..].iter().all(Option::is_none), "no-age reports come last");
    let ages: Vec<f64> = youngest.iter().flatten().copied().collect();
    assert!(ages.windows(2).all(|w| w[0] <= w[1]), "{ages:?}");
    // --offset continues the same order.
    let page = json(casedex(home.path()).args([
        "search",
        "calcinosis",
        "--format",
        "json",
        "--sort",
        "age",
        "--offset",
        "3",
        "--limit",
        "2",
    ]));
    let all = get("age");
    assert_eq!(page["hits"][0]["id"], all[3]["id"]);
    assert_eq!(page["hits"][1]["id"], all[4]["id"]);
    // Any limit and offset are answered, without overflow or a huge allocation.
    for (limit, offset) in [(u64::MAX, 0), (5, u64::MAX), (u64::MAX, u64::MAX), (100_000_000_000_000, 2)] {
        let v = json(casedex(home.path()).args(["search", "calcinosis", "--format", "json", "--sort", "age"]).args([
            "--limit".to_string(),
            limit.to_string(),
            "--offset".to_string(),
            offset.to_string(),
        ]));
        assert!(v["hits"].as_array().unwrap().len() <= v["total"].as_u64().unwrap() as usize);
    }
}

#[test]
fn stats_by_field_and_search_facets_agree() {
    let home = tempfile::tempdir().unwrap();
    // All of the corpus: counts by year add up to the reports with a year.
    let v = json(casedex(home.path()).args(["stats", "--by", "year,site", "--format", "json"]));
    let all = json(casedex(home.path()).args(["search", "year:>0", "--format", "json", "--limit", "1000"]));
    let by_year: u64 = v["year"].as_object().unwrap().values().map(|n| n.as_u64().unwrap()).sum();
    assert_eq!(by_year, all["total"].as_u64().unwrap());
    assert!(v["site"]["elbow"].as_u64().unwrap() >= 1);
    assert!(v.get("subtype").is_none(), "--by counts only what it names");
    // The default stays as it was.
    let d = json(casedex(home.path()).args(["stats", "--format", "json"]));
    for k in ["reports", "format", "subtype", "variant", "sex", "age_group", "laterality", "language"] {
        assert!(d.get(k).is_some(), "{k}");
    }
    // search --facets counts every matching report, not only the page, and
    // agrees with stats over the same query.
    let q = "children";
    let s = json(casedex(home.path()).args([
        "search",
        q,
        "--format",
        "json",
        "--limit",
        "1",
        "--facets",
        "subtype,age-group",
    ]));
    let st = json(casedex(home.path()).args(["stats", q, "--by", "subtype,age_group", "--format", "json"]));
    assert_eq!(s["facets"]["subtype"], st["subtype"]);
    assert_eq!(s["facets"]["age_group"], st["age_group"]);
    assert_eq!(st["matching"], s["total"]);
    let per_group: u64 = s["facets"]["age_group"].as_object().unwrap().values().map(|n| n.as_u64().unwrap()).sum();
    assert!(per_group >= s["total"].as_u64().unwrap() && s["hits"].as_array().unwrap().len() == 1);
    // CSV of counts reads back; the table draws bars.
    let text = stdout(casedex(home.path()).args(["stats", "--by", "sex,laterality", "--format", "csv"]));
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    assert_eq!(reader.headers().unwrap(), vec!["field", "value", "count"]);
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert!(rows.iter().any(|r| &r[0] == "sex" && &r[1] == "female" && r[2].parse::<u64>().unwrap() > 0));
    casedex(home.path())
        .args(["search", q, "--facets", "year"])
        .assert()
        .success()
        .stdout(predicate::str::contains("year (over").and(predicate::str::contains("█")));
}

#[test]
fn colour_only_when_wanted_and_width_only_when_known() {
    let home = tempfile::tempdir().unwrap();
    let run = |envs: &[(&str, &str)], args: &[&str]| {
        let mut c = casedex(home.path());
        c.env_remove("NO_COLOR").env_remove("CLICOLOR_FORCE").env_remove("COLUMNS").args(args);
        for (k, v) in envs {
            c.env(k, v);
        }
        stdout(&mut c)
    };
    let table = ["search", "calcinosis"];
    assert!(!run(&[], &table).contains('\u{1b}'), "piped: no colour");
    assert!(run(&[("CLICOLOR_FORCE", "1")], &table).contains('\u{1b}'));
    assert!(!run(&[("CLICOLOR_FORCE", "1"), ("NO_COLOR", "1")], &table).contains('\u{1b}'), "NO_COLOR wins");
    assert!(!run(&[("CLICOLOR_FORCE", "1")], &["search", "calcinosis", "--format", "csv"]).contains('\u{1b}'));
    // Widths: whole values when piped, the given width when known.
    let args = ["search", "calcinosis", "--fields", "id,title,sites"];
    let wide = run(&[], &args);
    assert!(wide.lines().any(|l| l.chars().count() > 100));
    let narrow = run(&[("COLUMNS", "70")], &args);
    assert!(narrow.lines().all(|l| l.chars().count() <= 70), "{narrow}");
    assert!(narrow.contains('…'));
}

/// Run with stdout a pipe that is closed before the first write: the
/// command must end quietly and successfully, as under `| head`.
fn into_closed_pipe(home: &Path, args: &[&str]) {
    let mut c = std::process::Command::new(assert_cmd::cargo::cargo_bin("casedex"));
    c.env("CASEDEX_INDEX", home.join("default-index")).env("NO_COLOR", "1").current_dir(crate::util::root());
    let mut child = c.args(args).stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().unwrap();
    drop(child.stdout.take());
    let mut err = String::new();
    child.stderr.take().unwrap().read_to_string(&mut err).unwrap();
    let status = child.wait().unwrap();
    assert!(status.success(), "{args:?}: {status:?} {err}");
    assert!(err.is_empty(), "{args:?}: {err}");
}

#[test]
fn output_into_a_closed_pipe_ends_quietly() {
    let home = tempfile::tempdir().unwrap();
    casedex(home.path()).args(["stats"]).assert().success(); // builds the default index
    for format in ["table", "json", "jsonl", "csv", "bibtex", "ris", "markdown", "text"] {
        into_closed_pipe(home.path(), &["search", "calcinosis", "--limit", "100", "--format", format]);
    }
    into_closed_pipe(home.path(), &["stats", "--by", "site"]);
    into_closed_pipe(home.path(), &["show", "doi:10.1159/000456651"]);
    into_closed_pipe(home.path(), &["completions", "bash"]);
    into_closed_pipe(home.path(), &["man"]);
}

#[test]
fn quiet_and_verbose() {
    let home = tempfile::tempdir().unwrap();
    // Quiet: no notice of building the default index, no footer.
    let out = casedex(home.path()).args(["search", "calciphylaxis", "--quiet"]).output().unwrap();
    assert!(out.status.success());
    assert!(out.stderr.is_empty(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(!String::from_utf8_lossy(&out.stdout).contains(" reports"));
    // Verbose: the reading and the count on stderr, stdout untouched.
    let out = casedex(home.path()).args(["search", "calciphylaxis", "--verbose", "--format", "ris"]).output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("subtype:calciphylaxis") && err.contains("reports match"), "{err}");
    assert!(String::from_utf8_lossy(&out.stdout).starts_with("TY  - JOUR"));
}

#[test]
fn completions_and_man_page() {
    let home = tempfile::tempdir().unwrap();
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let script = stdout(casedex(home.path()).args(["completions", shell]));
        assert!(script.contains("casedex") && script.contains("format"), "{shell}");
    }
    casedex(home.path()).args(["completions", "tcsh"]).assert().code(2);
    let man = stdout(casedex(home.path()).arg("man"));
    assert!(man.starts_with(".ie") || man.contains(".TH casedex"), "{}", &man[..200.min(man.len())]);
    assert!(man.contains("search") && man.contains("completions"));
    let page = stdout(casedex(home.path()).args(["man", "search"]));
    assert!(page.contains("casedex\\-search") && page.contains("bibtex"), "{}", &page[..300.min(page.len())]);
    casedex(home.path())
        .args(["man", "nosuch"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("no subcommand").and(predicate::str::contains("search")));
}

#[test]
fn every_subcommand_has_examples_in_its_help() {
    let home = tempfile::tempdir().unwrap();
    let top = stdout(casedex(home.path()).arg("--help"));
    assert!(top.contains("Examples:"));
    let commands: Vec<&str> = top
        .lines()
        .skip_while(|l| !l.starts_with("Commands:"))
        .skip(1)
        .take_while(|l| l.starts_with("  "))
        .filter_map(|l| l.split_whitespace().next())
        .filter(|c| *c != "help")
        .collect();
    assert!(commands.len() >= 8, "{commands:?}");
    for c in commands {
        let help = stdout(casedex(home.path()).args([c, "--help"]));
        assert!(help.contains("Examples:\n  casedex "), "{c} --help has no examples");
    }
}
