//! Placing a model's spans in the item text, with offsets in UTF-16 code units (JavaScript
//! string indices, so `text.slice(start, end) === span.text` in the extension).
//!
//! The model returns each span's text and, when that text repeats, which occurrence it means.
//! We find it ourselves: exactly first, then loosely (case-insensitive, any run of whitespace
//! for any run, so `\r\n` vs `\n` or a re-spaced phrase still lands). A span that is not
//! found, or that occurs more than once without an occurrence number, is reported as a
//! warning on the item, never placed by guess and never silently dropped.

use crate::error::{ErrorCode, ItemError};
use serde::Serialize;

/// A placed span. `text` is the item's own text at `start..end`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct Span {
    pub start: usize,
    pub end: usize,
    pub label: String,
    pub text: String,
}

/// What the model asked to place.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WantedSpan {
    pub label: String,
    pub text: String,
    /// 1-based occurrence, when the model gave one.
    pub occurrence: Option<usize>,
}

/// Places each wanted span in `text`. Returns the placed spans (sorted by position, no
/// duplicates) and one warning per span that could not be placed.
pub fn align(text: &str, wanted: &[WantedSpan]) -> (Vec<Span>, Vec<ItemError>) {
    let mut spans: Vec<Span> = Vec::new();
    let mut warnings = Vec::new();
    for w in wanted {
        let matches = find_all(text, &w.text);
        let chosen = match (matches.len(), w.occurrence) {
            (0, _) => {
                warnings.push(ItemError::new(
                    ErrorCode::SpanNotFound,
                    format!("Span {:?} ({}) is not in the text.", w.text, w.label),
                ));
                continue;
            }
            (n, Some(k)) if k == 0 || k > n => {
                warnings.push(ItemError::new(
                    ErrorCode::SpanOccurrenceOutOfRange,
                    format!(
                        "Span {:?} ({}) was given as occurrence {k}, but the text has {n}.",
                        w.text, w.label
                    ),
                ));
                continue;
            }
            (_, Some(k)) => matches[k - 1],
            (1, None) => matches[0],
            (n, None) => {
                warnings.push(ItemError::new(
                    ErrorCode::SpanAmbiguous,
                    format!(
                        "Span {:?} ({}) occurs {n} times in the text and the model did not say which.",
                        w.text, w.label
                    ),
                ));
                continue;
            }
        };
        let (b0, b1) = chosen;
        let span = Span {
            start: utf16_len(&text[..b0]),
            end: utf16_len(&text[..b1]),
            label: w.label.clone(),
            text: text[b0..b1].to_owned(),
        };
        if !spans.contains(&span) {
            spans.push(span);
        }
    }
    spans.sort_by_key(|s| (s.start, s.end));
    (spans, warnings)
}

fn utf16_len(s: &str) -> usize {
    s.chars().map(char::len_utf16).sum()
}

/// Byte ranges of every non-overlapping match of `needle` in `hay`: exact matches if there are
/// any, otherwise loose ones.
pub fn find_all(hay: &str, needle: &str) -> Vec<(usize, usize)> {
    if needle.trim().is_empty() {
        return Vec::new();
    }
    let exact: Vec<(usize, usize)> = hay
        .match_indices(needle)
        .map(|(i, m)| (i, i + m.len()))
        .collect();
    if !exact.is_empty() {
        return exact;
    }
    find_loose(hay, needle.trim())
}

/// One element of a loose pattern: a run of whitespace, or a character compared without case.
#[derive(PartialEq)]
enum Elem {
    Space,
    Char(char),
}

fn fold(c: char) -> char {
    let mut lower = c.to_lowercase();
    match (lower.next(), lower.next()) {
        (Some(l), None) => l,
        _ => c,
    }
}

fn pattern(needle: &str) -> Vec<Elem> {
    let mut out = Vec::new();
    for c in needle.chars() {
        if c.is_whitespace() {
            if out.last() != Some(&Elem::Space) {
                out.push(Elem::Space);
            }
        } else {
            out.push(Elem::Char(fold(c)));
        }
    }
    out
}

/// Matches `pat` at byte `start` of `hay`; the end byte on success.
fn match_at(hay: &str, start: usize, pat: &[Elem]) -> Option<usize> {
    let mut chars = hay[start..].char_indices().peekable();
    for elem in pat {
        match elem {
            Elem::Space => {
                let mut any = false;
                while let Some(&(_, c)) = chars.peek() {
                    if !c.is_whitespace() {
                        break;
                    }
                    any = true;
                    chars.next();
                }
                if !any {
                    return None;
                }
            }
            Elem::Char(p) => match chars.next() {
                Some((_, c)) if fold(c) == *p => {}
                _ => return None,
            },
        }
    }
    Some(start + chars.peek().map_or(hay.len() - start, |&(i, _)| i))
}

fn find_loose(hay: &str, needle: &str) -> Vec<(usize, usize)> {
    let pat = pattern(needle);
    let mut out = Vec::new();
    let mut from = 0;
    while from < hay.len() {
        let found = hay[from..]
            .char_indices()
            .map(|(i, _)| from + i)
            // A match starts at a non-space character, so "a  b" is not also found at " b".
            .filter(|&i| !hay[i..].starts_with(char::is_whitespace))
            .find_map(|i| match_at(hay, i, &pat).map(|end| (i, end)));
        match found {
            Some((s, e)) => {
                out.push((s, e));
                from = e.max(s + 1);
                while !hay.is_char_boundary(from) {
                    from += 1;
                }
            }
            None => break,
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn want(label: &str, text: &str, occurrence: Option<usize>) -> WantedSpan {
        WantedSpan {
            label: label.into(),
            text: text.into(),
            occurrence,
        }
    }

    /// JavaScript's `text.slice(start, end)` on UTF-16 code units.
    fn js_slice(text: &str, start: usize, end: usize) -> String {
        let units: Vec<u16> = text.encode_utf16().collect();
        String::from_utf16(&units[start..end]).unwrap()
    }

    #[test]
    fn utf16_offsets_with_emoji_cjk_and_combining_marks() {
        let text = "😀 Café in 東京\r\nthen Zoë\u{0308} left";
        let (spans, warnings) = align(
            text,
            &[
                want("CITY", "東京", None),
                want("PERSON", "Zoë\u{0308}", None),
                want("PLACE", "Café", None),
            ],
        );
        assert!(warnings.is_empty(), "{warnings:?}");
        assert_eq!(
            spans[0],
            Span {
                start: 3,
                end: 7,
                label: "PLACE".into(),
                text: "Café".into()
            }
        );
        for s in &spans {
            assert_eq!(js_slice(text, s.start, s.end), s.text);
        }
        assert_eq!(spans[1].text, "東京");
        assert_eq!((spans[1].start, spans[1].end), (11, 13));
    }

    #[test]
    fn repeated_words_need_an_occurrence() {
        let text = "the cat saw the other cat";
        let (spans, warnings) = align(text, &[want("ANIMAL", "cat", None)]);
        assert!(spans.is_empty());
        assert_eq!(warnings[0].code, "SpanAmbiguous");
        let (spans, warnings) = align(
            text,
            &[
                want("ANIMAL", "cat", Some(2)),
                want("ANIMAL", "cat", Some(3)),
            ],
        );
        assert_eq!(
            spans,
            vec![Span {
                start: 22,
                end: 25,
                label: "ANIMAL".into(),
                text: "cat".into()
            }]
        );
        assert_eq!(warnings[0].code, "SpanOccurrenceOutOfRange");
    }

    #[test]
    fn not_found_is_reported() {
        let (spans, warnings) = align("hello world", &[want("X", "goodbye", None)]);
        assert!(spans.is_empty());
        assert_eq!(warnings[0].code, "SpanNotFound");
        assert!(warnings[0].message.contains("goodbye"));
    }

    #[test]
    fn loose_matching_handles_case_and_line_endings() {
        let text = "Line one\r\nNew  York is big";
        let (spans, warnings) = align(
            text,
            &[want("CITY", "new york", None), want("X", "one\nNew", None)],
        );
        assert!(warnings.is_empty(), "{warnings:?}");
        assert_eq!(spans[0].text, "one\r\nNew");
        assert_eq!(spans[1].text, "New  York");
        for s in &spans {
            assert_eq!(js_slice(text, s.start, s.end), s.text);
        }
    }

    #[test]
    fn duplicates_are_merged_and_output_is_sorted() {
        let (spans, _) = align(
            "b a",
            &[
                want("L", "a", None),
                want("L", "b", None),
                want("L", "a", Some(1)),
            ],
        );
        assert_eq!(
            spans.iter().map(|s| s.text.as_str()).collect::<Vec<_>>(),
            vec!["b", "a"]
        );
    }
}
