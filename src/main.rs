fn main() {
    let path = std::env::args().nth(1).unwrap();
    let r = casedex::ingest::read_file(std::path::Path::new(&path)).unwrap();
    for d in &r.docs {
        if std::env::var("SECTIONS").is_ok() {
            for s in &d.sections {
                eprintln!("[{}] {:?}", s.kind.as_str(), &d.text[s.range.clone()].chars().take(90).collect::<String>());
            }
        }
        let rep = casedex::Extractor::global().extract(d);
        println!("{}", serde_json::to_string_pretty(&rep).unwrap());
    }
}
