//! Property: for random texts with random Unicode (emoji, CJK, combining marks, CRLF, repeated
//! words), every placed span satisfies JavaScript's slice identity on UTF-16 offsets, and a span
//! is either placed where it was meant or reported, never placed elsewhere.

use labeler_core::spans::{align, find_all, WantedSpan};
use proptest::prelude::*;

/// Pieces that stress offsets: astral emoji (2 UTF-16 units), CJK, combining marks, CRLF,
/// a ZWJ sequence, repeated words.
fn piece() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("😀".to_string()),
        Just("👩‍👩‍👧".to_string()),
        Just("東京".to_string()),
        Just("e\u{0301}".to_string()),
        Just("\r\n".to_string()),
        Just(" ".to_string()),
        Just("cat".to_string()),
        Just("Cat".to_string()),
        "[a-zA-Z]{1,6}",
        "\\PC{1,3}",
    ]
}

fn text() -> impl Strategy<Value = String> {
    prop::collection::vec(piece(), 1..24).prop_map(|v| v.concat())
}

fn js_slice(text: &str, start: usize, end: usize) -> Option<String> {
    let units: Vec<u16> = text.encode_utf16().collect();
    String::from_utf16(units.get(start..end)?).ok()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn placed_spans_satisfy_the_slice_identity(t in text(), a in 0usize..64, len in 1usize..12, occ in proptest::option::of(1usize..4)) {
        let bounds: Vec<usize> = t.char_indices().map(|(i, _)| i).chain([t.len()]).collect();
        let s = bounds[a % bounds.len()];
        let e = bounds[((a % bounds.len()) + len).min(bounds.len() - 1)];
        prop_assume!(e > s);
        let wanted_text = &t[s..e];
        prop_assume!(!wanted_text.trim().is_empty());
        let wanted = WantedSpan { label: "L".into(), text: wanted_text.into(), occurrence: occ };
        let (spans, warnings) = align(&t, &[wanted]);
        prop_assert_eq!(spans.len() + warnings.len(), 1, "placed or reported, exactly once");
        for span in &spans {
            let sliced = js_slice(&t, span.start, span.end);
            prop_assert_eq!(sliced.as_deref(), Some(span.text.as_str()));
            prop_assert!(span.start < span.end);
        }
        // Unambiguous exact text without an occurrence is always placed at its only match.
        let n = find_all(&t, wanted_text).len();
        if occ.is_none() && n == 1 {
            prop_assert_eq!(spans.len(), 1);
        }
        if occ.is_none() && n > 1 {
            prop_assert_eq!(&warnings[0].code, "SpanAmbiguous");
        }
    }

    #[test]
    fn loosely_matched_spans_also_satisfy_it(t in text()) {
        // Ask for an upper-cased, re-spaced version of a word in the text.
        if let Some(word) = t.split_whitespace().find(|w| w.chars().count() >= 2) {
            let wanted = WantedSpan { label: "L".into(), text: word.to_uppercase(), occurrence: Some(1) };
            let (spans, _) = align(&t, &[wanted]);
            for span in &spans {
                let sliced = js_slice(&t, span.start, span.end);
                prop_assert_eq!(sliced.as_deref(), Some(span.text.as_str()));
            }
        }
    }
}
