//! Checking a model's structured answer against the items it was asked about and the label set.
//!
//! An unparseable answer is never read as "no labels": it fails the item with `ParseError`.

use crate::error::{ErrorCode, ItemError};
use crate::labels::{match_label, Label};
use crate::request::Task;
use crate::spans::{align, Span, WantedSpan};
use serde_json::Value;

/// A valid answer for one item.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ItemAnswer {
    pub labels: Vec<String>,
    /// For the spans task: the spans placed in the text.
    pub spans: Option<Vec<Span>>,
    /// Spans the model named but that could not be placed.
    pub warnings: Vec<ItemError>,
    /// The model's one-line reason, when reasons were asked for and it gave one (a missing
    /// reason does not fail the labels).
    pub reason: Option<String>,
}

/// One batch item: its id in the request, and its text.
#[derive(Debug, Clone, Copy)]
pub struct AskedItem<'a> {
    pub id: &'a str,
    pub text: &'a str,
}

/// The answer for each item of the batch, in the order of `items`, or why there is none.
/// Error codes: `ParseError` (no readable answer), `MissingAnswer` (the id is missing or
/// repeated), `InvalidLabel` (a label outside the set).
pub fn interpret(
    answer: Option<&Value>,
    items: &[AskedItem],
    labels: &[Label],
    task: Task,
) -> Vec<Result<ItemAnswer, ItemError>> {
    let Some(results) = answer.and_then(results_array) else {
        let err = ItemError::new(
            ErrorCode::ParseError,
            "The answer could not be read: it did not contain the expected JSON results.",
        );
        return items.iter().map(|_| Err(err.clone())).collect();
    };
    items
        .iter()
        .map(|item| {
            let entries: Vec<&Value> = results
                .iter()
                .filter(|e| entry_id(e).as_deref() == Some(item.id))
                .collect();
            match entries.as_slice() {
                [] => Err(ItemError::new(
                    ErrorCode::MissingAnswer,
                    "The answer has no result for this item.",
                )),
                [entry] => match task {
                    Task::Spans => spans_of(entry, item.text, labels),
                    _ => labels_of(entry, labels, task).map(|labels| ItemAnswer {
                        labels,
                        ..Default::default()
                    }),
                }
                .map(|answer| ItemAnswer {
                    reason: reason_of(entry),
                    ..answer
                }),
                _ => Err(ItemError::new(
                    ErrorCode::MissingAnswer,
                    "The answer has more than one result for this item.",
                )),
            }
        })
        .collect()
}

/// The entry's `reason`, trimmed, if it is a non-empty string.
fn reason_of(entry: &Value) -> Option<String> {
    let reason = entry.get("reason")?.as_str()?.trim();
    (!reason.is_empty()).then(|| reason.to_owned())
}

/// `{"results": [...]}` (the verbose form), `{"r": [...]}` (the compact form, issue 14), or
/// a bare array of results. Both forms are read whichever was asked for: batch-inference
/// outputs written before the compact form, and models that ignore the schema.
fn results_array(answer: &Value) -> Option<&Vec<Value>> {
    match answer {
        Value::Object(o) => o
            .get("results")
            .or_else(|| o.get("r"))
            .and_then(Value::as_array),
        Value::Array(a) => Some(a),
        _ => None,
    }
}

/// Ids may come back as strings or numbers.
fn entry_id(entry: &Value) -> Option<String> {
    match entry.get("id")? {
        Value::String(s) => Some(s.trim().to_owned()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

fn check_label(s: &str, labels: &[Label]) -> Result<String, ItemError> {
    match_label(s, labels).map(str::to_owned).ok_or_else(|| {
        ItemError::new(
            ErrorCode::InvalidLabel,
            format!("The answer {s:?} is not one of the labels."),
        )
    })
}

fn labels_of(entry: &Value, labels: &[Label], task: Task) -> Result<Vec<String>, ItemError> {
    // `label` / `labels` (verbose) or `l` (compact: a name, or an array of names).
    let given: Vec<&Value> = match (
        entry.get("label"),
        entry.get("labels").or_else(|| entry.get("l")),
    ) {
        (Some(v), _) if !v.is_null() => vec![v],
        (_, Some(Value::Array(a))) => a.iter().collect(),
        (_, Some(v @ Value::String(_))) => vec![v],
        _ => {
            return Err(ItemError::new(
                ErrorCode::ParseError,
                "The result for this item has no label.",
            ))
        }
    };
    let mut out: Vec<String> = Vec::new();
    for v in given {
        let Some(s) = v.as_str() else {
            return Err(ItemError::new(
                ErrorCode::ParseError,
                format!("The answer {v} is not a label name."),
            ));
        };
        let name = check_label(s, labels)?;
        if !out.contains(&name) {
            out.push(name);
        }
    }
    if task == Task::Single && out.len() != 1 {
        return Err(ItemError::new(
            ErrorCode::InvalidLabel,
            format!(
                "Exactly one label was expected, the answer gave {}.",
                out.len()
            ),
        ));
    }
    Ok(out)
}

fn spans_of(entry: &Value, text: &str, labels: &[Label]) -> Result<ItemAnswer, ItemError> {
    let field =
        |v: &'_ Value, long: &str, short: &str| v.get(long).or_else(|| v.get(short)).cloned();
    let Some(given) = field(entry, "spans", "s").and_then(|v| v.as_array().cloned()) else {
        return Err(ItemError::new(
            ErrorCode::ParseError,
            "The result for this item has no \"spans\" array.",
        ));
    };
    let mut wanted = Vec::with_capacity(given.len());
    for s in &given {
        let (Some(Value::String(label)), Some(Value::String(span_text))) =
            (field(s, "label", "l"), field(s, "text", "t"))
        else {
            return Err(ItemError::new(
                ErrorCode::ParseError,
                format!("A span has no label or text: {s}."),
            ));
        };
        let occurrence = field(s, "occurrence", "o")
            .and_then(|o| o.as_u64().or_else(|| o.as_str()?.parse().ok()));
        wanted.push(WantedSpan {
            label: check_label(&label, labels)?,
            text: span_text,
            occurrence: occurrence.map(|o| o as usize),
        });
    }
    let (spans, warnings) = align(text, &wanted);
    let mut names: Vec<String> = Vec::new();
    for s in &spans {
        if !names.contains(&s.label) {
            names.push(s.label.clone());
        }
    }
    Ok(ItemAnswer {
        labels: names,
        spans: Some(spans),
        warnings,
        reason: None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn set() -> Vec<Label> {
        ["positive", "negative"]
            .iter()
            .map(|n| Label {
                name: (*n).into(),
                description: None,
            })
            .collect()
    }

    fn items(n: usize) -> Vec<AskedItem<'static>> {
        const IDS: [&str; 4] = ["1", "2", "3", "4"];
        (0..n)
            .map(|i| AskedItem {
                id: IDS[i],
                text: "text",
            })
            .collect()
    }

    fn labels(out: &Result<ItemAnswer, ItemError>) -> Vec<String> {
        out.as_ref().unwrap().labels.clone()
    }

    #[test]
    fn reads_labels_by_id_in_any_order() {
        let a =
            json!({"results": [{"id": "2", "label": "Negative"}, {"id": 1, "label": "positive"}]});
        let out = interpret(Some(&a), &items(2), &set(), Task::Single);
        assert_eq!(labels(&out[0]), vec!["positive"]);
        assert_eq!(labels(&out[1]), vec!["negative"]);
    }

    #[test]
    fn a_reason_is_kept_trimmed_and_a_missing_or_empty_one_does_not_fail_the_labels() {
        let a = json!({"results": [
            {"id": "1", "label": "positive", "reason": "  Praises the product. "},
            {"id": "2", "label": "negative", "reason": ""},
            {"id": "3", "label": "negative"}
        ]});
        let out = interpret(Some(&a), &items(3), &set(), Task::Single);
        let reasons: Vec<Option<String>> = out
            .iter()
            .map(|o| o.as_ref().unwrap().reason.clone())
            .collect();
        assert_eq!(
            reasons,
            vec![Some("Praises the product.".into()), None, None]
        );
        assert_eq!(labels(&out[1]), vec!["negative"]);
    }

    #[test]
    fn out_of_set_missing_and_duplicate_ids_fail_the_item() {
        let a = json!({"results": [{"id": "1", "label": "neutral"}, {"id": "3", "label": "positive"}, {"id": "3", "label": "negative"}]});
        let out = interpret(Some(&a), &items(3), &set(), Task::Single);
        assert_eq!(out[0].as_ref().unwrap_err().code, "InvalidLabel");
        assert_eq!(out[1].as_ref().unwrap_err().code, "MissingAnswer");
        assert_eq!(out[2].as_ref().unwrap_err().code, "MissingAnswer");
    }

    #[test]
    fn unparseable_answer_is_an_error_never_empty_labels() {
        let out = interpret(None, &items(1), &set(), Task::Single);
        assert_eq!(out[0].as_ref().unwrap_err().code, "ParseError");
        let out = interpret(
            Some(&json!({"results": [{"id": "1"}]})),
            &items(1),
            &set(),
            Task::Multi,
        );
        assert_eq!(out[0].as_ref().unwrap_err().code, "ParseError");
    }

    #[test]
    fn multi_allows_zero_or_more() {
        let a = json!({"results": [{"id": "1", "labels": []}, {"id": "2", "labels": ["positive", "negative", "positive"]}]});
        let out = interpret(Some(&a), &items(2), &set(), Task::Multi);
        assert!(labels(&out[0]).is_empty());
        assert_eq!(labels(&out[1]), vec!["positive", "negative"]);
    }

    #[test]
    fn spans_are_placed_and_problems_reported() {
        let a = json!({"results": [{"id": "1", "spans": [
            {"label": "POSITIVE", "text": "good"}, {"label": "negative", "text": "bad", "occurrence": 2}, {"label": "negative", "text": "awful"}
        ]}]});
        let asked = [AskedItem {
            id: "1",
            text: "good, bad, bad",
        }];
        let out = interpret(Some(&a), &asked, &set(), Task::Spans);
        let ans = out[0].as_ref().unwrap();
        let spans = ans.spans.as_ref().unwrap();
        assert_eq!(spans.len(), 2);
        assert_eq!(
            (spans[1].start, spans[1].end, spans[1].label.as_str()),
            (11, 14, "negative")
        );
        assert_eq!(ans.labels, vec!["positive", "negative"]);
        assert_eq!(ans.warnings[0].code, "SpanNotFound");

        let bad = json!({"results": [{"id": "1", "spans": [{"label": "meh", "text": "good"}]}]});
        assert_eq!(
            interpret(Some(&bad), &asked, &set(), Task::Spans)[0]
                .as_ref()
                .unwrap_err()
                .code,
            "InvalidLabel"
        );
        let none = json!({"results": [{"id": "1", "spans": []}]});
        assert_eq!(
            interpret(Some(&none), &asked, &set(), Task::Spans)[0]
                .as_ref()
                .unwrap()
                .spans,
            Some(vec![])
        );
    }

    #[test]
    fn compact_answers_are_read_by_id_and_the_verbose_form_still_is() {
        let compact = json!({"r": [{"id": "2", "l": "negative"}, {"id": "1", "l": "Positive"}]});
        let out = interpret(Some(&compact), &items(2), &set(), Task::Single);
        assert_eq!(labels(&out[0]), vec!["positive"]);
        assert_eq!(labels(&out[1]), vec!["negative"]);
        let multi =
            json!({"r": [{"id": "1", "l": ["negative", "positive"]}, {"id": "2", "l": []}]});
        let out = interpret(Some(&multi), &items(2), &set(), Task::Multi);
        assert_eq!(labels(&out[0]), vec!["negative", "positive"]);
        assert!(labels(&out[1]).is_empty());
        // Out of set and missing ids fail as in the verbose form.
        let bad = json!({"r": [{"id": "1", "l": "meh"}]});
        let out = interpret(Some(&bad), &items(2), &set(), Task::Single);
        assert_eq!(out[0].as_ref().unwrap_err().code, "InvalidLabel");
        assert_eq!(out[1].as_ref().unwrap_err().code, "MissingAnswer");
        // An index is not a label (labels are names in both forms).
        let index = json!({"r": [{"id": "1", "l": 0}]});
        let out = interpret(Some(&index), &items(1), &set(), Task::Single);
        assert_eq!(out[0].as_ref().unwrap_err().code, "ParseError");
        // The verbose form, as older batch outputs and schema-ignoring models write it.
        let verbose = json!({"results": [{"id": "1", "label": "negative"}]});
        let out = interpret(Some(&verbose), &items(1), &set(), Task::Single);
        assert_eq!(labels(&out[0]), vec!["negative"]);
    }

    #[test]
    fn compact_spans_are_placed_like_verbose_ones() {
        let asked = [AskedItem {
            id: "1",
            text: "good, bad, bad",
        }];
        let compact = json!({"r": [{"id": "1", "s": [{"l": "positive", "t": "good"}, {"l": "negative", "t": "bad", "o": 2}]}]});
        let verbose = json!({"results": [{"id": "1", "spans": [{"label": "positive", "text": "good"}, {"label": "negative", "text": "bad", "occurrence": 2}]}]});
        let a = interpret(Some(&compact), &asked, &set(), Task::Spans);
        let b = interpret(Some(&verbose), &asked, &set(), Task::Spans);
        assert_eq!(a, b);
        assert_eq!(a[0].as_ref().unwrap().spans.as_ref().unwrap()[1].start, 11);
    }
}
