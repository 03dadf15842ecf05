//! Agreement with gold labels.
//!
//! Labels (single, multi): exact-match accuracy, per-label precision / recall / F1, macro and
//! micro F1 and (single-label) a confusion matrix. Spans: no set accuracy (a row with one span
//! off is not "wrong" the way a wrong label is); precision / recall / F1 of spans matched on
//! exact offsets and label, per label and overall.
//!
//! Skipped, not evaluated, and counted as skipped: rows without a prediction, rows without a
//! gold value, and rows whose gold values are all outside the label set (counted on their own
//! in `unknown_gold_rows`: such a row has no gold the model could have matched, so counting it
//! would make every answer wrong, or, for spans, an empty answer right).

use crate::labels::match_label;
use crate::request::Label;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct LabelMetrics {
    pub label: String,
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
    /// Gold occurrences of this label (rows for labels, spans for spans).
    pub support: u64,
    /// Predicted occurrences of this label.
    pub predicted: u64,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Metrics {
    pub evaluated: u64,
    /// Every row not evaluated: no prediction, no gold value, or gold outside the label set.
    pub skipped: u64,
    /// Of `skipped`, the rows whose gold values were all outside the label set.
    pub unknown_gold_rows: u64,
    /// Exact match: the predicted label set equals the gold set.
    pub accuracy: f64,
    pub macro_f1: f64,
    pub micro_f1: f64,
    pub per_label: Vec<LabelMetrics>,
    /// Single-label only: `confusion[gold][predicted]` over `labels` order.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub confusion: Option<Vec<Vec<u64>>>,
    /// Gold values that are not in the label set (listed, never counted as labels).
    pub unknown_gold: Vec<String>,
}

/// A row's gold: a cell as typed in a gold column, or label names (reviewed labels).
#[derive(Debug, Clone, PartialEq)]
pub enum Gold {
    Cell(String),
    Labels(Vec<String>),
}

/// Gold cell → label names: one label, or several separated by `;`, `|` or `,`.
pub fn parse_gold(cell: &str, labels: &[Label], unknown: &mut Vec<String>) -> Vec<String> {
    let parts: Vec<&str> = if match_label(cell, labels).is_some() {
        vec![cell]
    } else {
        cell.split([';', '|', ',']).collect()
    };
    known_labels(parts, labels, unknown)
}

/// The names of `parts` in the label set (matched as answers are), each once; the others are
/// added to `unknown` once.
fn known_labels<'a>(
    parts: impl IntoIterator<Item = &'a str>,
    labels: &[Label],
    unknown: &mut Vec<String>,
) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for part in parts {
        let part = part.trim();
        if part.is_empty() {
            continue;
        }
        match match_label(part, labels) {
            Some(name) if !out.iter().any(|o| o == name) => out.push(name.to_owned()),
            Some(_) => {}
            None if !unknown.iter().any(|u| u == part) => unknown.push(part.to_owned()),
            None => {}
        }
    }
    out
}

fn ratio(a: u64, b: u64) -> f64 {
    if b == 0 {
        0.0
    } else {
        a as f64 / b as f64
    }
}

fn f1(p: f64, r: f64) -> f64 {
    if p + r == 0.0 {
        0.0
    } else {
        2.0 * p * r / (p + r)
    }
}

/// True/false positives and false negatives per label, turned into the per-label figures and
/// the macro (over labels seen in gold or predictions) and micro F1.
struct Counts {
    tp: Vec<u64>,
    fp: Vec<u64>,
    fn_: Vec<u64>,
}

impl Counts {
    fn new(n: usize) -> Self {
        Counts {
            tp: vec![0; n],
            fp: vec![0; n],
            fn_: vec![0; n],
        }
    }

    fn per_label(&self, labels: &[Label]) -> Vec<LabelMetrics> {
        labels
            .iter()
            .enumerate()
            .map(|(i, l)| {
                let (tp, fp, fn_) = (self.tp[i], self.fp[i], self.fn_[i]);
                let (p, r) = (ratio(tp, tp + fp), ratio(tp, tp + fn_));
                LabelMetrics {
                    label: l.name.clone(),
                    precision: p,
                    recall: r,
                    f1: f1(p, r),
                    support: tp + fn_,
                    predicted: tp + fp,
                }
            })
            .collect()
    }

    /// (micro precision, micro recall, micro F1).
    fn micro(&self) -> (f64, f64, f64) {
        let tp: u64 = self.tp.iter().sum();
        let fp: u64 = self.fp.iter().sum();
        let fn_: u64 = self.fn_.iter().sum();
        let (p, r) = (ratio(tp, tp + fp), ratio(tp, tp + fn_));
        (p, r, f1(p, r))
    }
}

fn macro_f1(per_label: &[LabelMetrics]) -> f64 {
    let seen: Vec<&LabelMetrics> = per_label
        .iter()
        .filter(|m| m.support > 0 || m.predicted > 0)
        .collect();
    if seen.is_empty() {
        0.0
    } else {
        seen.iter().map(|m| m.f1).sum::<f64>() / seen.len() as f64
    }
}

/// `rows`: per row, the predicted labels (None when not predicted) and the gold cell.
pub fn evaluate(rows: &[(Option<Vec<String>>, String)], labels: &[Label], single: bool) -> Metrics {
    let rows: Vec<(Option<Vec<String>>, Gold)> = rows
        .iter()
        .map(|(p, g)| (p.clone(), Gold::Cell(g.clone())))
        .collect();
    evaluate_gold(&rows, labels, single)
}

/// As [`evaluate`], with each row's gold a cell or label names. An empty cell is no gold (the
/// row is skipped); empty label names are a gold answer ("no label fits"), evaluated for
/// multi-label and skipped for single-label, where every answer has exactly one label.
pub fn evaluate_gold(
    rows: &[(Option<Vec<String>>, Gold)],
    labels: &[Label],
    single: bool,
) -> Metrics {
    let n = labels.len();
    let index = |name: &str| labels.iter().position(|l| l.name == name);
    let mut counts = Counts::new(n);
    let mut confusion = vec![vec![0u64; n]; n];
    let (mut evaluated, mut skipped, mut unknown_gold_rows, mut exact) = (0u64, 0u64, 0u64, 0u64);
    let mut unknown_gold = Vec::new();
    for (predicted, gold) in rows {
        // The known gold labels, and whether the row has a gold answer at all.
        let (gold, values, answer) = match gold {
            Gold::Cell(cell) => {
                let known = parse_gold(cell, labels, &mut unknown_gold);
                let given = !cell.trim().is_empty();
                (known, given, given)
            }
            Gold::Labels(names) => {
                let known =
                    known_labels(names.iter().map(String::as_str), labels, &mut unknown_gold);
                (known, !names.is_empty(), !names.is_empty() || !single)
            }
        };
        let Some(predicted) = predicted else {
            skipped += 1;
            continue;
        };
        if !answer {
            skipped += 1;
            continue;
        }
        if values && gold.is_empty() {
            // Every gold value is outside the label set: nothing the model could match.
            skipped += 1;
            unknown_gold_rows += 1;
            continue;
        }
        evaluated += 1;
        let mut p_sorted = predicted.clone();
        let mut g_sorted = gold.clone();
        p_sorted.sort();
        g_sorted.sort();
        if p_sorted == g_sorted {
            exact += 1;
        }
        for (i, l) in labels.iter().enumerate() {
            match (predicted.contains(&l.name), gold.contains(&l.name)) {
                (true, true) => counts.tp[i] += 1,
                (true, false) => counts.fp[i] += 1,
                (false, true) => counts.fn_[i] += 1,
                _ => {}
            }
        }
        if single {
            if let (Some(g), Some(p)) = (
                gold.first().and_then(|g| index(g)),
                predicted.first().and_then(|p| index(p)),
            ) {
                confusion[g][p] += 1;
            }
        }
    }
    let per_label = counts.per_label(labels);
    Metrics {
        evaluated,
        skipped,
        unknown_gold_rows,
        accuracy: ratio(exact, evaluated),
        macro_f1: macro_f1(&per_label),
        micro_f1: counts.micro().2,
        per_label,
        confusion: single.then_some(confusion),
        unknown_gold,
    }
}

/// A span as compared: offsets (any unit, the same on both sides) and its label.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct SpanRef {
    pub start: usize,
    pub end: usize,
    pub label: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SpanMetrics {
    pub evaluated: u64,
    /// Every row not evaluated: no prediction, no gold, or gold spans all outside the label set.
    pub skipped: u64,
    /// Of `skipped`, the rows whose gold spans all had labels outside the label set.
    pub unknown_gold_rows: u64,
    /// Micro figures over all spans: a predicted span is right when a gold span has the same
    /// start, end and label.
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
    pub macro_f1: f64,
    pub per_label: Vec<LabelMetrics>,
    /// Gold span labels not in the label set (those spans are left out).
    pub unknown_gold: Vec<String>,
}

/// One row for [`evaluate_spans`]: (predicted spans, gold spans).
pub type SpanRow = (Option<Vec<SpanRef>>, Option<Vec<SpanRef>>);

/// `rows`: per row, the predicted spans (None when not predicted) and the gold spans (None when
/// the row has no gold; an empty list is a gold answer: no spans). Spans match on exact offsets
/// and label; a duplicate span counts once.
pub fn evaluate_spans(rows: &[SpanRow], labels: &[Label]) -> SpanMetrics {
    let mut counts = Counts::new(labels.len());
    let (mut evaluated, mut skipped, mut unknown_gold_rows) = (0u64, 0u64, 0u64);
    let mut unknown_gold: Vec<String> = Vec::new();
    let index = |s: &SpanRef| {
        let name = match_label(&s.label, labels)?;
        labels.iter().position(|l| l.name == name)
    };
    // (label index, start, end), sorted, each once.
    let keys = |spans: &[SpanRef], unknown: &mut Vec<String>| {
        let mut out: Vec<(usize, usize, usize)> = Vec::with_capacity(spans.len());
        for s in spans {
            match index(s) {
                Some(i) => out.push((i, s.start, s.end)),
                None if !unknown.contains(&s.label) => unknown.push(s.label.clone()),
                None => {}
            }
        }
        out.sort_unstable();
        out.dedup();
        out
    };
    for (predicted, gold) in rows {
        let (Some(predicted), Some(gold)) = (predicted, gold) else {
            skipped += 1;
            continue;
        };
        let gold_keys = keys(gold, &mut unknown_gold);
        if !gold.is_empty() && gold_keys.is_empty() {
            skipped += 1;
            unknown_gold_rows += 1;
            continue;
        }
        evaluated += 1;
        let predicted_keys = keys(predicted, &mut Vec::new());
        for k in &predicted_keys {
            if gold_keys.binary_search(k).is_ok() {
                counts.tp[k.0] += 1;
            } else {
                counts.fp[k.0] += 1;
            }
        }
        for k in &gold_keys {
            if predicted_keys.binary_search(k).is_err() {
                counts.fn_[k.0] += 1;
            }
        }
    }
    let per_label = counts.per_label(labels);
    let (precision, recall, f1) = counts.micro();
    SpanMetrics {
        evaluated,
        skipped,
        unknown_gold_rows,
        precision,
        recall,
        f1,
        macro_f1: macro_f1(&per_label),
        per_label,
        unknown_gold,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn labels(names: &[&str]) -> Vec<Label> {
        names
            .iter()
            .map(|n| Label {
                name: (*n).into(),
                description: None,
            })
            .collect()
    }

    fn p(v: &[&str]) -> Option<Vec<String>> {
        Some(v.iter().map(|s| s.to_string()).collect())
    }

    fn span(start: usize, end: usize, label: &str) -> SpanRef {
        SpanRef {
            start,
            end,
            label: label.into(),
        }
    }

    #[test]
    fn single_label_accuracy_f1_and_confusion() {
        let l = labels(&["pos", "neg"]);
        let rows = vec![
            (p(&["pos"]), "pos".to_string()),
            (p(&["pos"]), "NEG".to_string()),
            (p(&["neg"]), "neg".to_string()),
            (p(&["neg"]), "neg".to_string()),
            (None, "pos".to_string()),
            (p(&["pos"]), "".to_string()),
        ];
        let m = evaluate(&rows, &l, true);
        assert_eq!((m.evaluated, m.skipped, m.unknown_gold_rows), (4, 2, 0));
        assert_eq!(m.accuracy, 0.75);
        assert_eq!(m.confusion, Some(vec![vec![1, 0], vec![1, 2]]));
        let pos = &m.per_label[0];
        assert_eq!(
            (pos.precision, pos.recall, pos.support, pos.predicted),
            (0.5, 1.0, 1, 2)
        );
        assert!((pos.f1 - 2.0 / 3.0).abs() < 1e-12);
        let neg = &m.per_label[1];
        assert_eq!((neg.precision, neg.recall), (1.0, 2.0 / 3.0));
        assert!((m.micro_f1 - 0.75).abs() < 1e-12);
    }

    #[test]
    fn multi_label_gold_cells_and_unknown_values() {
        let l = labels(&["a", "b", "c"]);
        let rows = vec![
            (p(&["a", "b"]), "b; a".to_string()),
            (p(&["a"]), "a|c|zzz".to_string()),
            (p(&[]), "".to_string()),
        ];
        let m = evaluate(&rows, &l, false);
        assert_eq!(m.evaluated, 2);
        assert_eq!(m.accuracy, 0.5);
        assert_eq!(m.per_label[2].recall, 0.0);
        assert_eq!(m.unknown_gold, vec!["zzz"]);
        assert!(m.confusion.is_none());
    }

    #[test]
    fn rows_whose_gold_is_all_outside_the_label_set_are_skipped_and_counted() {
        // Ten rows of gold "sarcastic" (not a label) used to stay in the denominator: 10 right
        // of 20 read as 50%; they are skipped, and the 10 real rows are all right.
        let l = labels(&["pos", "neg"]);
        let mut rows: Vec<(Option<Vec<String>>, String)> =
            (0..10).map(|_| (p(&["pos"]), "pos".to_string())).collect();
        rows.extend((0..10).map(|_| (p(&["pos"]), "sarcastic".to_string())));
        rows.push((p(&["neg"]), "sarcastic | ironic".to_string()));
        let m = evaluate(&rows, &l, true);
        assert_eq!((m.evaluated, m.skipped, m.unknown_gold_rows), (10, 11, 11));
        assert_eq!(m.accuracy, 1.0);
        assert_eq!(m.unknown_gold, vec!["sarcastic", "ironic"]);
        assert_eq!(
            m.per_label[0].precision, 1.0,
            "no false positive from unknown gold"
        );
        // Partly known gold is evaluated on its known part.
        let m = evaluate(&[(p(&["pos"]), "pos; sarcastic".to_string())], &l, false);
        assert_eq!((m.evaluated, m.unknown_gold_rows, m.accuracy), (1, 0, 1.0));
    }

    #[test]
    fn reviewed_labels_as_gold() {
        let l = labels(&["a", "b"]);
        let g = |v: &[&str]| Gold::Labels(v.iter().map(|s| s.to_string()).collect());
        let rows = vec![
            (p(&["a"]), g(&["a"])),
            (p(&["a"]), g(&["b"])),
            // A rejected row ("no label fits"): an answer for multi-label, no gold for single.
            (p(&["a"]), g(&[])),
            (p(&["b"]), g(&["zzz"])),
        ];
        let single = evaluate_gold(&rows, &l, true);
        assert_eq!(
            (single.evaluated, single.skipped, single.unknown_gold_rows),
            (2, 2, 1)
        );
        assert_eq!(single.accuracy, 0.5);
        let multi = evaluate_gold(&rows, &l, false);
        assert_eq!((multi.evaluated, multi.skipped), (3, 1));
        assert!((multi.accuracy - 1.0 / 3.0).abs() < 1e-12);
    }

    #[test]
    fn a_label_with_a_comma_is_one_gold_label() {
        let l = labels(&["yes, definitely", "no"]);
        let mut unknown = Vec::new();
        assert_eq!(
            parse_gold("Yes, definitely", &l, &mut unknown),
            vec!["yes, definitely"]
        );
    }

    #[test]
    fn spans_precision_recall_f1_on_exact_offsets() {
        let l = labels(&["LOC", "PER"]);
        let rows = vec![
            // One right, one off by one (a false positive and a false negative).
            (
                Some(vec![span(0, 6, "LOC"), span(10, 14, "PER")]),
                Some(vec![span(0, 6, "LOC"), span(10, 15, "PER")]),
            ),
            // Same offsets, other label: wrong. A duplicate prediction counts once.
            (
                Some(vec![span(3, 5, "PER"), span(3, 5, "PER")]),
                Some(vec![span(3, 5, "LOC")]),
            ),
            // Gold says no spans: a predicted span is a false positive.
            (Some(vec![span(1, 2, "LOC")]), Some(vec![])),
            // Not predicted, no gold, gold outside the label set: skipped.
            (None, Some(vec![span(0, 1, "LOC")])),
            (Some(vec![span(0, 1, "LOC")]), None),
            (Some(vec![]), Some(vec![span(0, 4, "ORG")])),
        ];
        let m = evaluate_spans(&rows, &l);
        assert_eq!((m.evaluated, m.skipped, m.unknown_gold_rows), (3, 3, 1));
        // tp 1; fp: PER 10-14, PER 3-5, LOC 1-2 = 3; fn: PER 10-15, LOC 3-5 = 2.
        assert_eq!(m.precision, 0.25);
        assert_eq!(m.recall, 1.0 / 3.0);
        assert!((m.f1 - 2.0 * 0.25 * (1.0 / 3.0) / (0.25 + 1.0 / 3.0)).abs() < 1e-12);
        let loc = &m.per_label[0];
        assert_eq!(
            (loc.support, loc.predicted, loc.precision, loc.recall),
            (2, 2, 0.5, 0.5)
        );
        assert_eq!(m.unknown_gold, vec!["ORG"]);
    }

    #[test]
    fn spans_rows_with_all_unknown_gold_are_not_exact_matches() {
        // Before: a row whose gold was all unknown counted as an exact match of an empty answer.
        let l = labels(&["LOC"]);
        let m = evaluate_spans(&[(Some(vec![]), Some(vec![span(0, 3, "ORG")]))], &l);
        assert_eq!((m.evaluated, m.skipped, m.unknown_gold_rows), (0, 1, 1));
        assert_eq!((m.precision, m.recall, m.f1), (0.0, 0.0, 0.0));
    }
}
