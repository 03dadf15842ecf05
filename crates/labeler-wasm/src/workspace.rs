//! Exports for the workspace page: datasets, cache keys, metrics, batch-inference files. Each
//! is a thin conversion around a labeler-core function.

use crate::{error_to_js, to_js};
use labeler_core::dataset::{self, Format, Table};
use labeler_core::metrics::{Gold, SpanRef};
use labeler_core::request::LabelingSpec;
use labeler_core::LabelerError;
use serde::Deserialize;
use wasm_bindgen::prelude::*;

fn from_js<T: for<'de> Deserialize<'de>>(value: JsValue, field: &str) -> Result<T, JsValue> {
    serde_wasm_bindgen::from_value(value).map_err(|e| {
        error_to_js(&LabelerError::invalid_input(
            field,
            &format!("could not be read ({e})"),
        ))
    })
}

/// The labeling spec of `value` (a request; credentials, if any, are neither needed nor used).
/// The copy of any secrets made on the way is wiped.
fn offline_spec(value: JsValue) -> Result<LabelingSpec, JsValue> {
    let mut json: serde_json::Value = from_js(value, "request")?;
    let spec = LabelingSpec::from_json(&json);
    labeler_core::credentials::wipe_request_secrets(&mut json);
    spec.map_err(|e| error_to_js(&e))
}

/// Reads a CSV, JSONL or TXT file (format from the name) into `{ columns, rows }`.
#[wasm_bindgen(js_name = parseDataset, skip_typescript)]
pub fn parse_dataset(bytes: &[u8], file_name: &str) -> Result<JsValue, JsValue> {
    let format = Format::from_name(file_name).ok_or_else(|| {
        error_to_js(&LabelerError::invalid_input(
            "file",
            &format!("{file_name:?} is not a .csv, .jsonl or .txt file"),
        ))
    })?;
    dataset::parse(bytes, format)
        .map(|t| to_js(&t))
        .map_err(|m| error_to_js(&LabelerError::invalid_input("file", &m)))
}

#[derive(Deserialize)]
struct TableIn {
    columns: Vec<String>,
    rows: Vec<Vec<String>>,
}

/// `{ columns, rows }` as CSV text.
#[wasm_bindgen(js_name = toCsv, skip_typescript)]
pub fn to_csv(table: JsValue) -> Result<String, JsValue> {
    let t: TableIn = from_js(table, "table")?;
    Ok(dataset::to_csv(&Table {
        columns: t.columns,
        rows: t.rows,
    }))
}

/// One cache key per text of `request` (no credentials needed).
#[wasm_bindgen(js_name = cacheKeys, skip_typescript)]
pub fn cache_keys(request: JsValue) -> Result<JsValue, JsValue> {
    Ok(to_js(&labeler_core::cache::cache_keys(&offline_spec(
        request,
    )?)))
}

/// The Bedrock Batch Inference input JSONL for `request`: `{ jsonl, records }`.
#[wasm_bindgen(js_name = exportBatchInference, skip_typescript)]
pub fn export_batch_inference(request: JsValue) -> Result<JsValue, JsValue> {
    let (jsonl, records) = labeler_core::batch_inference::export_records(&offline_spec(request)?);
    Ok(to_js(
        &serde_json::json!({ "jsonl": jsonl, "records": records }),
    ))
}

/// Reads a batch job's output JSONL: `{ predictions, summary }`.
#[wasm_bindgen(js_name = importBatchInference, skip_typescript)]
pub fn import_batch_inference(request: JsValue, output: &str) -> Result<JsValue, JsValue> {
    Ok(to_js(&labeler_core::batch_inference::import_output(
        &offline_spec(request)?,
        output,
    )))
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct EvalRow {
    labels: Option<Vec<String>>,
    /// A gold cell as typed, or
    #[serde(default)]
    gold: Option<String>,
    /// gold label names (reviewed labels); wins over `gold`.
    #[serde(default)]
    gold_labels: Option<Vec<String>>,
}

fn label_list(labels: JsValue) -> Result<Vec<labeler_core::request::Label>, JsValue> {
    let labels_json: serde_json::Value = from_js(labels, "labels")?;
    labeler_core::request::read_label_list(&labels_json).map_err(|e| error_to_js(&e))
}

/// Accuracy, per-label precision/recall/F1 and (single-label) a confusion matrix. Spans are
/// not evaluated as label sets: use `evaluateSpans`.
#[wasm_bindgen(skip_typescript)]
pub fn evaluate(labels: JsValue, task: &str, rows: JsValue) -> Result<JsValue, JsValue> {
    if task == "spans" {
        return Err(error_to_js(&LabelerError::invalid_input(
            "task",
            "spans are evaluated with evaluateSpans (precision and recall on exact offsets)",
        )));
    }
    let labels = label_list(labels)?;
    let rows: Vec<EvalRow> = from_js(rows, "rows")?;
    let rows: Vec<(Option<Vec<String>>, Gold)> = rows
        .into_iter()
        .map(|r| {
            let gold = match r.gold_labels {
                Some(names) => Gold::Labels(names),
                None => Gold::Cell(r.gold.unwrap_or_default()),
            };
            (r.labels, gold)
        })
        .collect();
    Ok(to_js(&labeler_core::metrics::evaluate_gold(
        &rows,
        &labels,
        task == "single",
    )))
}

#[derive(Deserialize)]
struct SpanEvalRow {
    spans: Option<Vec<SpanRef>>,
    gold: Option<Vec<SpanRef>>,
}

/// Span precision / recall / F1 on exact offsets and label, per label and overall.
#[wasm_bindgen(js_name = evaluateSpans, skip_typescript)]
pub fn evaluate_spans(labels: JsValue, rows: JsValue) -> Result<JsValue, JsValue> {
    let labels = label_list(labels)?;
    let rows: Vec<SpanEvalRow> = from_js(rows, "rows")?;
    let rows: Vec<_> = rows.into_iter().map(|r| (r.spans, r.gold)).collect();
    Ok(to_js(&labeler_core::metrics::evaluate_spans(
        &rows, &labels,
    )))
}

/// Requests and estimated tokens for `request` (no credentials needed).
#[wasm_bindgen(skip_typescript)]
pub fn estimate(request: JsValue) -> Result<JsValue, JsValue> {
    Ok(to_js(&labeler_core::estimate::estimate(&offline_spec(
        request,
    )?)))
}
