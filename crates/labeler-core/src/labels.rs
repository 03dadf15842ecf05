//! Keeping labels inside the label set: a model's answer is matched to a label exactly, or
//! case- and whitespace-insensitively; anything else is not a label.
//! (The request's `labels` are read into [`Label`]s by `request`, which uses this module; this
//! module uses nothing of the request.)

/// A label of the label set: its name, and what the model is told it means.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Label {
    pub name: String,
    pub description: Option<String>,
}

/// Lower-case, with runs of whitespace collapsed to one space and the ends trimmed.
pub fn normalize(s: &str) -> String {
    s.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// The label-set spelling of `answer`, if it names a label.
pub fn match_label<'a>(answer: &str, labels: &'a [Label]) -> Option<&'a str> {
    if let Some(l) = labels.iter().find(|l| l.name == answer) {
        return Some(&l.name);
    }
    let key = normalize(answer);
    labels
        .iter()
        .find(|l| normalize(&l.name) == key)
        .map(|l| l.name.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn set(names: &[&str]) -> Vec<Label> {
        names
            .iter()
            .map(|n| Label {
                name: (*n).into(),
                description: None,
            })
            .collect()
    }

    #[test]
    fn matches_exactly_then_loosely() {
        let labels = set(&["Positive", "very negative"]);
        assert_eq!(match_label("Positive", &labels), Some("Positive"));
        assert_eq!(match_label("  positive\n", &labels), Some("Positive"));
        assert_eq!(
            match_label("Very   Negative", &labels),
            Some("very negative")
        );
        assert_eq!(match_label("POSITIVE (pos)", &labels), None);
        assert_eq!(match_label("", &labels), None);
    }
}
