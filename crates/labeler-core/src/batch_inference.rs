//! Bedrock Batch Inference (`CreateModelInvocationJob`) files: the input JSONL
//! (`{"recordId", "modelInput"}` per line, `modelInput` being exactly the InvokeModel body) and
//! reading the job's output JSONL (`modelOutput`, or `error`) back into predictions.
//!
//! The records are the calls of the one plan (`plan`), as a live run would send them, with two
//! differences on purpose:
//! - item ids in the prompt are the dataset's row numbers (1-based), so an answer can only be
//!   matched to rows its record asked about;
//! - the answer is asked for as JSON text rather than through a forced tool, because AWS's docs
//!   disagree on whether batch jobs support tool use.
//!
//! Record `REC0000000n` is the plan's n-th call, and the plan is deterministic, so an output
//! file is read back with nothing but the same dataset and settings: the import plans them
//! again and joins lines on `recordId` (output order is not guaranteed). No state has to survive
//! between export and import, and nothing is read back from the prompt text.

use crate::answer::{interpret, AskedItem};
use crate::error::{ErrorCode, ItemError};
use crate::formats::{self, AnswerMode};
use crate::models::Shape;
use crate::plan::{self, Ids};
use crate::request::LabelingSpec;
use crate::result::Prediction;
use serde::Serialize;
use serde_json::{json, Value};

/// Record ids: `REC` and eight digits (11 alphanumeric characters, as older AWS docs require),
/// `REC00000001` for the plan's first call.
fn record_id(n: usize) -> String {
    format!("REC{:08}", n + 1)
}

/// Which call of the plan a record id names (`REC00000001`: the first).
fn record_index(id: &str) -> Option<usize> {
    let digits = id.strip_prefix("REC")?;
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    digits.parse::<usize>().ok()?.checked_sub(1)
}

/// The input JSONL: one record per call of the plan (`spec.batch_size` non-empty rows each).
/// Returns the text and the number of records (AWS requires a minimum per job, 100 for most
/// models).
pub fn export_records(spec: &LabelingSpec) -> (String, usize) {
    let shape = shape(spec);
    let mut out = String::new();
    let mut count = 0;
    for (n, call) in plan::calls(spec, &shape, Ids::Row).enumerate() {
        let model_input: Value = serde_json::from_slice(&call.body).expect("bodies are JSON");
        out.push_str(&json!({"recordId": record_id(n), "modelInput": model_input}).to_string());
        out.push('\n');
        count += 1;
    }
    (out, count)
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ImportSummary {
    pub records: usize,
    pub error_records: usize,
    /// Rows answered by the file (labelled or failed).
    pub rows: usize,
    /// Output lines that could not be read, with their line numbers.
    pub unreadable_lines: Vec<usize>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Imported {
    pub predictions: Vec<Prediction>,
    pub summary: ImportSummary,
}

/// The model's request shape, as a live call would have it (the same body format, fields the
/// model refuses left out), answering in JSON text. A model served through Converse gets
/// Converse bodies: its batch job must use the Converse model-invocation type (a newer revision
/// of AWS's batch docs; UNCONFIRMED). No prompt-cache checkpoint: whether batch inference takes
/// `cache_control` / `cachePoint` is unverified, and each record names other row ids in its
/// schema, so no two records share a prefix anyway. The answer form (compact or verbose) is the
/// live call's; the import reads both.
fn shape(spec: &LabelingSpec) -> Shape {
    let mut shape = spec.shape(spec.adaptations);
    shape.answer = AnswerMode::JsonText;
    shape.cache_min = None;
    shape
}

/// Reads a batch job's output JSONL against the dataset in `spec`: the same texts and settings
/// (labels, task, model, batch size) as the export, whose plan is made again to know which rows
/// each record asked about.
pub fn import_output(spec: &LabelingSpec, output: &str) -> Imported {
    let shape = shape(spec);
    let batches = plan::batches(spec);
    let mut summary = ImportSummary::default();
    let mut predictions: Vec<Option<Prediction>> = vec![None; spec.texts.len()];
    for (n, line) in output.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let Ok(record) = serde_json::from_str::<Value>(line) else {
            summary.unreadable_lines.push(n + 1);
            continue;
        };
        let Some(rows) = record
            .get("recordId")
            .and_then(Value::as_str)
            .and_then(record_index)
            .and_then(|call| batches.get(call))
        else {
            summary.unreadable_lines.push(n + 1);
            continue;
        };
        summary.records += 1;
        let text = |i: usize| spec.texts[i].clone();
        if let Some(err) = record.get("error") {
            summary.error_records += 1;
            let code_str = err
                .get("errorCode")
                .map(|c| c.to_string())
                .unwrap_or_default();
            let message = err
                .get("errorMessage")
                .and_then(Value::as_str)
                .unwrap_or("no message");
            let e = ItemError::new(
                ErrorCode::BatchInferenceError,
                format!("The batch job failed this record ({code_str}): {message}"),
            );
            for &i in rows {
                predictions[i] = Some(Prediction::failed(i, text(i), e.clone(), None));
            }
            continue;
        }
        let parsed = record
            .get("modelOutput")
            .ok_or_else(|| "the record has neither modelOutput nor error".to_owned())
            .and_then(|o| formats::parse_response(shape.format, o.to_string().as_bytes()));
        let output = match parsed {
            Ok(o) => o,
            Err(problem) => {
                let e = ItemError::new(
                    ErrorCode::ParseError,
                    format!("The batch output could not be read: {problem}."),
                );
                for &i in rows {
                    predictions[i] = Some(Prediction::failed(
                        i,
                        text(i),
                        e.clone(),
                        Some(line.to_owned()),
                    ));
                }
                continue;
            }
        };
        let ids = Ids::Row.of(rows);
        let asked: Vec<AskedItem> = rows
            .iter()
            .zip(&ids)
            .map(|(&i, id)| AskedItem {
                id,
                text: &spec.texts[i],
            })
            .collect();
        for (&i, outcome) in rows.iter().zip(interpret(
            output.answer.as_ref(),
            &asked,
            &spec.labels,
            spec.task,
        )) {
            predictions[i] = Some(match outcome {
                Ok(a) => {
                    let mut p = Prediction::ok(i, text(i), a.labels);
                    p.spans = a.spans;
                    p.warnings = a.warnings;
                    p
                }
                Err(e) => Prediction::failed(i, text(i), e, Some(output.raw.clone())),
            });
        }
    }
    let predictions: Vec<Prediction> = predictions.into_iter().flatten().collect();
    summary.rows = predictions.len();
    Imported {
        predictions,
        summary,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every string inside `v`, concatenated (the prompt of any family's body).
    fn strings_in(v: &Value, out: &mut String) {
        match v {
            Value::String(s) => {
                out.push_str(s);
                out.push('\n');
            }
            Value::Array(a) => a.iter().for_each(|x| strings_in(x, out)),
            Value::Object(o) => o.values().for_each(|x| strings_in(x, out)),
            _ => {}
        }
    }

    /// Row indexes a record's prompt asks about (from its `<items>` block): what the model is
    /// shown, checked by the export test.
    fn rows_in(model_input: &Value, rows: usize) -> Vec<usize> {
        let mut text = String::new();
        strings_in(model_input, &mut text);
        let (Some(start), Some(end)) = (text.find("<items>\n"), text.rfind("\n</items>")) else {
            return Vec::new();
        };
        let items: Vec<Value> = serde_json::from_str(&text[start + 8..end]).unwrap_or_default();
        items
            .iter()
            .filter_map(|i| i.get("id")?.as_str()?.parse::<usize>().ok())
            .filter(|&id| id >= 1 && id <= rows)
            .map(|id| id - 1)
            .collect()
    }

    fn req(texts: &[&str], model: &str) -> LabelingSpec {
        crate::request::PredictLabelsRequest::from_json(&json!({
            "credentials": {"accessKeyId": "AKIAEMULATORUSER0001", "secretAccessKey": "secret/secret/secret"},
            "region": "us-east-1", "modelId": model, "labels": ["spam", "ham"], "texts": texts, "batchSize": 2
        }))
        .unwrap()
        .spec
    }

    #[test]
    fn export_has_one_record_per_batch_with_row_ids_and_native_bodies() {
        let r = req(
            &["a spam", "", "ham b", "c"],
            "anthropic.claude-3-haiku-20240307-v1:0",
        );
        let (jsonl, count) = export_records(&r);
        assert_eq!(count, 2);
        let lines: Vec<Value> = jsonl
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect();
        assert_eq!(lines[0]["recordId"], "REC00000001");
        assert_eq!(lines[1]["recordId"], "REC00000002");
        let input = &lines[0]["modelInput"];
        assert_eq!(input["anthropic_version"], "bedrock-2023-05-31");
        assert!(
            input.get("tools").is_none(),
            "batch records ask for JSON text"
        );
        assert_eq!(rows_in(input, 4), vec![0, 2]);
        assert_eq!(rows_in(&lines[1]["modelInput"], 4), vec![3]);
        for l in &lines {
            assert_eq!(
                l.as_object().unwrap().len(),
                2,
                "only recordId and modelInput"
            );
        }
    }

    #[test]
    fn import_joins_on_ids_in_any_order_and_reads_error_records() {
        let r = req(
            &["a spam", "ham b", "c spam", "d"],
            "meta.llama3-1-8b-instruct-v1:0",
        );
        let (jsonl, _) = export_records(&r);
        let lines: Vec<Value> = jsonl
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect();
        let out = format!(
            "{}\n{}\nnot json\n",
            // Second record first: order is not guaranteed.
            json!({"recordId": "REC00000002", "modelInput": lines[1]["modelInput"], "error": {"errorCode": 400, "errorMessage": "bad request"}}),
            json!({"recordId": "REC00000001", "modelInput": lines[0]["modelInput"], "modelOutput": {"generation": "{\"results\":[{\"id\":\"2\",\"label\":\"HAM\"},{\"id\":\"1\",\"label\":\"spam\"}]}", "stop_reason": "stop"}}),
        );
        let imported = import_output(&r, &out);
        let p = &imported.predictions;
        assert_eq!(p.len(), 4);
        assert_eq!(
            (p[0].index, p[0].labels.clone()),
            (0, vec!["spam".to_string()])
        );
        assert_eq!(p[1].labels, vec!["ham"]);
        assert_eq!(p[2].error.as_ref().unwrap().code, "BatchInferenceError");
        assert!(p[3].error.as_ref().unwrap().message.contains("bad request"));
        assert_eq!(
            imported.summary,
            ImportSummary {
                records: 2,
                error_records: 1,
                rows: 4,
                unreadable_lines: vec![3]
            }
        );
    }

    /// Issue 14: records carry no cache checkpoint, ask for the compact form, and the import
    /// reads compact and verbose answers alike (outputs of jobs exported before).
    #[test]
    fn records_have_no_checkpoint_and_both_answer_forms_import() {
        let long = "Label with care. ".repeat(800);
        let v = json!({
            "region": "us-east-1", "modelId": "us.anthropic.claude-sonnet-4-5-20250929-v1:0",
            "labels": ["spam", "ham"], "texts": ["a spam", "ham b"], "instructions": long
        });
        let r = LabelingSpec::from_json(&v).unwrap();
        let (jsonl, _) = export_records(&r);
        assert!(
            !jsonl.contains("cache_control"),
            "no checkpoint in batch records"
        );
        assert!(
            jsonl.contains(r#"{\"r\":[{\"id\":\"1\",\"l\":\"<label>\"}]}"#),
            "compact form asked"
        );
        let line: Value = serde_json::from_str(jsonl.lines().next().unwrap()).unwrap();
        for answer in [
            r#"{"r":[{"id":"2","l":"ham"},{"id":"1","l":"spam"}]}"#,
            r#"{"results":[{"id":"2","label":"ham"},{"id":"1","label":"spam"}]}"#,
        ] {
            let out = json!({"recordId": "REC00000001", "modelInput": line["modelInput"],
                "modelOutput": {"content": [{"type": "text", "text": answer}], "stop_reason": "end_turn"}});
            let imported = import_output(&r, &out.to_string());
            let labels: Vec<_> = imported
                .predictions
                .iter()
                .map(|p| p.labels.clone())
                .collect();
            assert_eq!(
                labels,
                vec![vec!["spam".to_string()], vec!["ham".to_string()]],
                "{answer}"
            );
        }
    }
}
