//! Dataset files are capped before they are held in memory (size, columns, cells), rows are
//! kept as long as the file makes them, and a large legitimate file still imports.

use labeler_core::dataset::{parse, Format, MAX_CELLS, MAX_COLUMNS, MAX_FILE_BYTES};
use std::time::Instant;

#[test]
fn an_n_by_n_csv_is_refused_by_its_column_count_not_grown_to_n_squared_cells() {
    // 165 KiB: a header of 20,000 columns and 20,000 one-cell rows. Padded to the header, this
    // was 400 million cells: 4 GiB in the wasm, which traps.
    let n = 20_000;
    let mut csv = vec!["c"; n].join(",");
    csv.push('\n');
    csv.push_str(&"a\n".repeat(n));
    let e = parse(csv.as_bytes(), Format::Csv).unwrap_err();
    assert_eq!(
        e,
        format!("the CSV header has {n} columns; at most {MAX_COLUMNS} are allowed")
    );
}

#[test]
fn short_rows_are_not_padded_to_the_header() {
    let header = vec!["c"; MAX_COLUMNS].join(",");
    let csv = format!("{header}\n{}", "a\n".repeat(50_000));
    let t = parse(csv.as_bytes(), Format::Csv).unwrap();
    assert_eq!(t.columns.len(), MAX_COLUMNS);
    assert_eq!(t.rows.len(), 50_000);
    assert!(t.rows.iter().all(|r| r == &vec!["a".to_owned()]));
}

#[test]
fn too_many_cells_is_refused_at_the_line_that_passes_the_limit() {
    // 1,000 columns × 20,001 full rows: one row more than MAX_CELLS allows.
    let row = vec!["1"; MAX_COLUMNS].join(",");
    let rows = MAX_CELLS / MAX_COLUMNS + 1;
    let mut csv = String::with_capacity((rows + 1) * (row.len() + 1));
    for _ in 0..=rows {
        csv.push_str(&row);
        csv.push('\n');
    }
    let e = parse(csv.as_bytes(), Format::Csv).unwrap_err();
    assert_eq!(
        e,
        format!("CSV line {}: the file has more than {MAX_CELLS} cells (rows × columns); at most {MAX_CELLS} are allowed", rows + 1)
    );
    // The same as text lines.
    let lines = "x\n".repeat(MAX_CELLS + 1);
    let e = parse(lines.as_bytes(), Format::Txt).unwrap_err();
    assert!(
        e.starts_with(&format!("line {}: the file has more than", MAX_CELLS + 1)),
        "{e}"
    );
}

#[test]
fn a_file_beyond_the_size_limit_is_refused_before_it_is_read() {
    let big = vec![b'a'; MAX_FILE_BYTES + 1];
    for format in [Format::Csv, Format::Jsonl, Format::Txt] {
        let e = parse(&big, format).unwrap_err();
        assert_eq!(
            e,
            format!(
                "the file is 251 MB; at most {} MB are allowed",
                MAX_FILE_BYTES / 1_000_000
            )
        );
    }
}

#[test]
fn jsonl_keys_beyond_the_column_limit_are_refused() {
    // Across lines: each line brings a new key.
    let mut jsonl = String::new();
    for i in 0..=MAX_COLUMNS {
        jsonl.push_str(&format!("{{\"k{i}\": {i}}}\n"));
    }
    let e = parse(jsonl.as_bytes(), Format::Jsonl).unwrap_err();
    assert_eq!(
        e,
        format!("JSONL line {}: the lines have more than {MAX_COLUMNS} different keys (columns); at most {MAX_COLUMNS} are allowed", MAX_COLUMNS + 1)
    );
    // In one line.
    let keys: Vec<String> = (0..=MAX_COLUMNS).map(|i| format!("\"k{i}\": 1")).collect();
    let e = parse(
        format!("{{{}}}\n", keys.join(",")).as_bytes(),
        Format::Jsonl,
    )
    .unwrap_err();
    assert!(e.starts_with("JSONL line 1: more than 1000 keys"), "{e}");
}

#[test]
fn jsonl_rows_are_not_padded_to_the_union_of_keys() {
    // 1,000 keys on the first line, then lines with only the first key: one cell each.
    let keys: Vec<String> = (0..MAX_COLUMNS).map(|i| format!("\"k{i}\": {i}")).collect();
    let mut jsonl = format!("{{{}}}\n", keys.join(","));
    jsonl.push_str(
        &"{\"k0\": \"x\", \"nested\": null}\n"
            .repeat(20_000)
            .replace("\"nested\": null", "\"k0\": \"y\""),
    );
    let t = parse(jsonl.as_bytes(), Format::Jsonl).unwrap();
    assert_eq!(t.columns.len(), MAX_COLUMNS);
    assert_eq!(t.rows[0].len(), MAX_COLUMNS);
    assert!(
        t.rows[1..].iter().all(|r| r == &vec!["y".to_owned()]),
        "{:?}",
        &t.rows[1]
    );
}

#[test]
fn jsonl_values_are_cells_as_written() {
    let t = parse(b"{\"text\": \"a \\\"q\\\" \\u00e9\", \"n\": 1.50, \"o\": {\"x\": [1, 2]}, \"z\": null, \"b\": true}\n", Format::Jsonl).unwrap();
    assert_eq!(
        t.rows[0],
        vec!["a \"q\" é", "1.50", "{\"x\": [1, 2]}", "", "true"]
    );
}

/// A 500,000-row, 100 MB CSV (an id, a text of about 200 characters with commas and quotes,
/// a gold label) must import.
#[test]
fn a_500_000_row_100_mb_csv_imports() {
    let rows = 500_000;
    let mut csv = String::with_capacity(101_000_000);
    csv.push_str("id,text,gold\r\n");
    let filler = "The room was clean, the staff \"friendly\", breakfast fine; would book again. ";
    for i in 0..rows {
        let text = format!(
            "Review {i}: {filler}{filler}{}",
            &filler[..(i * 7) % filler.len()]
        );
        csv.push_str(&format!(
            "{i},\"{}\",{}\r\n",
            text.replace('"', "\"\""),
            ["positive", "negative"][i % 2]
        ));
    }
    assert!(csv.len() >= 100_000_000, "{} bytes", csv.len());
    assert!(csv.len() <= MAX_FILE_BYTES / 2, "room under the limit");
    let started = Instant::now();
    let t = parse(csv.as_bytes(), Format::Csv).unwrap();
    eprintln!(
        "parsed {} MB in {:.1?}",
        csv.len() / 1_000_000,
        started.elapsed()
    );
    assert_eq!(t.columns, vec!["id", "text", "gold"]);
    assert_eq!(t.rows.len(), rows);
    assert_eq!(t.rows[7][0], "7");
    assert!(
        t.rows[7][1].starts_with("Review 7: The room was clean, the staff \"friendly\""),
        "{}",
        t.rows[7][1]
    );
    assert_eq!(t.rows[rows - 1][2], "negative");
}
