//! Checking a model's structured answer against the items it was asked about and the label set.
//!
//! An unparseable answer is never read as "no labels": it fails the item with `ParseError`.

use crate::error::{code, ItemError};
use crate::labels::match_label;
use crate::request::{Label, Task};
use serde_json::Value;

/// The labels for each id of the batch, in the order of `ids`, or why there are none.
pub fn interpret(
    answer: Option<&Value>,
    ids: &[String],
    labels: &[Label],
    task: Task,
) -> Vec<Result<Vec<String>, ItemError>> {
    let Some(results) = answer.and_then(results_array) else {
        let err = ItemError::new(
            code::PARSE_ERROR,
            "The model's answer could not be read: it did not contain the expected JSON results.",
        );
        return ids.iter().map(|_| Err(err.clone())).collect();
    };
    ids.iter()
        .map(|id| {
            let entries: Vec<&Value> = results
                .iter()
                .filter(|e| entry_id(e).as_deref() == Some(id))
                .collect();
            match entries.as_slice() {
                [] => Err(ItemError::new(
                    code::MISSING_ANSWER,
                    "The model's answer has no result for this item.",
                )),
                [entry] => labels_of(entry, labels, task),
                _ => Err(ItemError::new(
                    code::MISSING_ANSWER,
                    "The model's answer has more than one result for this item.",
                )),
            }
        })
        .collect()
}

/// `{"results": [...]}`, or a bare array of results.
fn results_array(answer: &Value) -> Option<&Vec<Value>> {
    match answer {
        Value::Object(o) => o.get("results").and_then(Value::as_array),
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

fn labels_of(entry: &Value, labels: &[Label], task: Task) -> Result<Vec<String>, ItemError> {
    let given: Vec<&Value> = match (entry.get("label"), entry.get("labels")) {
        (Some(v), _) if !v.is_null() => vec![v],
        (_, Some(Value::Array(a))) => a.iter().collect(),
        (_, Some(v @ Value::String(_))) => vec![v],
        _ => {
            return Err(ItemError::new(
                code::PARSE_ERROR,
                "The model's result for this item has no label.",
            ))
        }
    };
    let mut out: Vec<String> = Vec::new();
    for v in given {
        let Some(s) = v.as_str() else {
            return Err(ItemError::new(
                code::PARSE_ERROR,
                format!("The model answered {v}, which is not a label name."),
            ));
        };
        match match_label(s, labels) {
            Some(name) if !out.iter().any(|o| o == name) => out.push(name.to_owned()),
            Some(_) => {}
            None => {
                return Err(ItemError::new(
                    code::INVALID_LABEL,
                    format!("The model answered {s:?}, which is not one of the labels."),
                ))
            }
        }
    }
    if task == Task::Single && out.len() != 1 {
        return Err(ItemError::new(
            code::INVALID_LABEL,
            format!("Expected exactly one label, the model gave {}.", out.len()),
        ));
    }
    Ok(out)
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

    fn ids(n: usize) -> Vec<String> {
        (1..=n).map(|i| i.to_string()).collect()
    }

    #[test]
    fn reads_labels_by_id_in_any_order() {
        let a =
            json!({"results": [{"id": "2", "label": "Negative"}, {"id": 1, "label": "positive"}]});
        let out = interpret(Some(&a), &ids(2), &set(), Task::Single);
        assert_eq!(
            out,
            vec![
                Ok(vec!["positive".to_string()]),
                Ok(vec!["negative".to_string()])
            ]
        );
    }

    #[test]
    fn out_of_set_missing_and_duplicate_ids_fail_the_item() {
        let a = json!({"results": [{"id": "1", "label": "neutral"}, {"id": "3", "label": "positive"}, {"id": "3", "label": "negative"}]});
        let out = interpret(Some(&a), &ids(3), &set(), Task::Single);
        assert_eq!(out[0].as_ref().unwrap_err().code, "InvalidLabel");
        assert_eq!(out[1].as_ref().unwrap_err().code, "MissingAnswer");
        assert_eq!(out[2].as_ref().unwrap_err().code, "MissingAnswer");
    }

    #[test]
    fn unparseable_answer_is_an_error_never_empty_labels() {
        let out = interpret(None, &ids(1), &set(), Task::Single);
        assert_eq!(out[0].as_ref().unwrap_err().code, "ParseError");
        let out = interpret(
            Some(&json!({"results": [{"id": "1"}]})),
            &ids(1),
            &set(),
            Task::Multi,
        );
        assert_eq!(out[0].as_ref().unwrap_err().code, "ParseError");
    }

    #[test]
    fn multi_allows_zero_or_more() {
        let a = json!({"results": [{"id": "1", "labels": []}, {"id": "2", "labels": ["positive", "negative", "positive"]}]});
        let out = interpret(Some(&a), &ids(2), &set(), Task::Multi);
        assert_eq!(out[0], Ok(vec![]));
        assert_eq!(
            out[1],
            Ok(vec!["positive".to_string(), "negative".to_string()])
        );
    }
}
