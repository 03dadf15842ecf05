//! Agreement with gold labels: accuracy, per-label precision / recall / F1, macro and micro F1,
//! and (single-label) a confusion matrix. Rows without a prediction or without a gold label are
//! counted as skipped, not as errors.

use crate::labels::match_label;
use crate::request::Label;
use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct LabelMetrics {
    pub label: String,
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
    /// Rows whose gold labels include this label.
    pub support: u64,
    /// Rows predicted with this label.
    pub predicted: u64,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Metrics {
    pub evaluated: u64,
    pub skipped: u64,
    /// Exact match: the predicted label set equals the gold set.
    pub accuracy: f64,
    pub macro_f1: f64,
    pub micro_f1: f64,
    pub per_label: Vec<LabelMetrics>,
    /// Single-label only: `confusion[gold][predicted]` over `labels` order.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub confusion: Option<Vec<Vec<u64>>>,
    /// Gold values that are not in the label set (counted, then ignored).
    pub unknown_gold: Vec<String>,
}

/// Gold cell → label names: one label, or several separated by `;`, `|` or `,`.
pub fn parse_gold(cell: &str, labels: &[Label], unknown: &mut Vec<String>) -> Vec<String> {
    let mut out = Vec::new();
    let parts: Vec<&str> = if match_label(cell, labels).is_some() {
        vec![cell]
    } else {
        cell.split([';', '|', ',']).collect()
    };
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

/// `rows`: per row, the predicted labels (None when not predicted) and the gold cell.
pub fn evaluate(rows: &[(Option<Vec<String>>, String)], labels: &[Label], single: bool) -> Metrics {
    let n = labels.len();
    let index = |name: &str| labels.iter().position(|l| l.name == name);
    let (mut tp, mut fp, mut fn_) = (vec![0u64; n], vec![0u64; n], vec![0u64; n]);
    let mut confusion = vec![vec![0u64; n]; n];
    let (mut evaluated, mut skipped, mut exact) = (0u64, 0u64, 0u64);
    let mut unknown_gold = Vec::new();
    for (predicted, gold_cell) in rows {
        let gold = parse_gold(gold_cell, labels, &mut unknown_gold);
        let Some(predicted) = predicted else {
            skipped += 1;
            continue;
        };
        if gold.is_empty() && gold_cell.trim().is_empty() {
            skipped += 1;
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
            let (in_p, in_g) = (predicted.contains(&l.name), gold.contains(&l.name));
            match (in_p, in_g) {
                (true, true) => tp[i] += 1,
                (true, false) => fp[i] += 1,
                (false, true) => fn_[i] += 1,
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
    let per_label: Vec<LabelMetrics> = labels
        .iter()
        .enumerate()
        .map(|(i, l)| {
            let (p, r) = (ratio(tp[i], tp[i] + fp[i]), ratio(tp[i], tp[i] + fn_[i]));
            LabelMetrics {
                label: l.name.clone(),
                precision: p,
                recall: r,
                f1: f1(p, r),
                support: tp[i] + fn_[i],
                predicted: tp[i] + fp[i],
            }
        })
        .collect();
    let with_support: Vec<&LabelMetrics> = per_label
        .iter()
        .filter(|m| m.support > 0 || m.predicted > 0)
        .collect();
    let macro_f1 = if with_support.is_empty() {
        0.0
    } else {
        with_support.iter().map(|m| m.f1).sum::<f64>() / with_support.len() as f64
    };
    let (stp, sfp, sfn) = (
        tp.iter().sum(),
        fp.iter().sum::<u64>(),
        fn_.iter().sum::<u64>(),
    );
    let micro_f1 = f1(ratio(stp, stp + sfp), ratio(stp, stp + sfn));
    Metrics {
        evaluated,
        skipped,
        accuracy: ratio(exact, evaluated),
        macro_f1,
        micro_f1,
        per_label,
        confusion: single.then_some(confusion),
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
        assert_eq!((m.evaluated, m.skipped), (4, 2));
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
    fn a_label_with_a_comma_is_one_gold_label() {
        let l = labels(&["yes, definitely", "no"]);
        let mut unknown = Vec::new();
        assert_eq!(
            parse_gold("Yes, definitely", &l, &mut unknown),
            vec!["yes, definitely"]
        );
    }
}
