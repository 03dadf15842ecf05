//! Reading result entries out of an answer that is still being written.
//!
//! Given the answer's JSON text so far — `{"results":[{"id":"1","label":"a"},{"id":"2","lab` —
//! [`complete_results`] returns the entries of the `results` array that are already closed
//! (`{"id":"1","label":"a"}`), so those items can be final while the model is still writing
//! the others. It knows nothing of model families: it reads JSON text, wherever it came from
//! (a tool call's `input_json_delta`s, or text deltas that contain the JSON).
//!
//! The answer shapes are those [`crate::answer::interpret`] reads: an object with a `results`
//! (or, compact, `r`) array at its top level, or a bare array of results. Text before the JSON (prose, a code
//! fence) is skipped: scanning starts at the first `{` or `[`; if that value closes without a
//! `results` array, scanning starts again after it. Entries are handed out once, in order; an
//! entry that is not valid JSON on its own is skipped (the final parse of the whole answer
//! decides about it).
//!
//! [`PartialAnswerScanner`] does the same incrementally: each call reads only the text added
//! since the previous one.

use serde_json::Value;

/// The complete entries of the results array in `text`, an answer that may be cut anywhere.
pub fn complete_results(text: &str) -> Vec<Value> {
    PartialAnswerScanner::default().scan(text)
}

#[derive(Debug, Default, Clone)]
pub struct PartialAnswerScanner {
    /// Bytes of the text already read.
    pos: usize,
    /// Open containers (`{` or `[`) from the root value down.
    stack: Vec<u8>,
    in_string: bool,
    escaped: bool,
    /// Where the current string started (only tracked for keys of the root object).
    string_start: usize,
    /// The last complete string at depth 1 (a key candidate) and the key being read.
    last_string: Option<String>,
    key: Option<String>,
    /// Depth of the results array once found (1 for a bare array, 2 inside the root object).
    results_depth: Option<usize>,
    /// Start of the entry being read.
    entry_start: Option<usize>,
    done: bool,
}

impl PartialAnswerScanner {
    /// Reads `text` from where the previous call stopped. `text` must extend the text of the
    /// previous call (it is the same growing answer). Returns the entries completed by the new
    /// text.
    pub fn scan(&mut self, text: &str) -> Vec<Value> {
        let bytes = text.as_bytes();
        let mut out = Vec::new();
        while self.pos < bytes.len() && !self.done {
            let i = self.pos;
            let b = bytes[i];
            self.pos += 1;
            if self.in_string {
                if self.escaped {
                    self.escaped = false;
                } else if b == b'\\' {
                    self.escaped = true;
                } else if b == b'"' {
                    self.in_string = false;
                    if self.stack.len() == 1 && self.stack[0] == b'{' {
                        // JSON structure bytes are ASCII, so these are char boundaries.
                        self.last_string = match serde_json::from_str(&text[self.string_start..=i])
                        {
                            Ok(Value::String(key)) => Some(key),
                            _ => None,
                        };
                    }
                }
                continue;
            }
            if self.stack.is_empty() {
                // Outside any value: skip prose until a root value starts.
                match b {
                    b'{' => self.open(b, i),
                    b'[' => {
                        self.open(b, i);
                        self.results_depth = Some(1);
                    }
                    _ => {}
                }
                continue;
            }
            match b {
                b'"' => {
                    self.in_string = true;
                    self.string_start = i;
                }
                b'{' | b'[' => self.open(b, i),
                b'}' | b']' => {
                    if let Some(entry) = self.close(text, i) {
                        out.push(entry);
                    }
                }
                b':' if self.stack.len() == 1 => self.key = self.last_string.take(),
                b',' if self.stack.len() == 1 => {
                    self.key = None;
                    self.last_string = None;
                }
                _ => {}
            }
        }
        out
    }

    fn open(&mut self, b: u8, i: usize) {
        let depth = self.stack.len();
        if b == b'['
            && depth == 1
            && self.stack[0] == b'{'
            && matches!(self.key.as_deref(), Some("results" | "r"))
        {
            self.results_depth = Some(2);
        }
        if Some(depth) == self.results_depth && b == b'{' {
            self.entry_start = Some(i);
        }
        self.stack.push(b);
    }

    fn close(&mut self, text: &str, i: usize) -> Option<Value> {
        self.stack.pop();
        let depth = self.stack.len();
        let mut entry = None;
        if Some(depth) == self.results_depth {
            if let Some(start) = self.entry_start.take() {
                entry = serde_json::from_str::<Value>(&text[start..=i])
                    .ok()
                    .filter(Value::is_object);
            }
        }
        if self.results_depth.is_some_and(|d| depth < d) {
            // The results array closed: the answer has nothing more to give.
            self.done = true;
        } else if depth == 0 {
            // A root value without results (prose in braces): look for the next one.
            self.key = None;
            self.last_string = None;
        }
        entry
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn returns_only_closed_entries() {
        let got = complete_results(r#"{"results":[{"id":"1","label":"a"},{"id":"2","lab"#);
        assert_eq!(got, vec![json!({"id": "1", "label": "a"})]);
    }

    #[test]
    fn nothing_before_an_entry_closes() {
        for text in [
            "",
            "{",
            "{\"res",
            "{\"results\":[",
            "{\"results\":[{\"id\":\"1\"",
        ] {
            assert!(complete_results(text).is_empty(), "{text}");
        }
    }

    #[test]
    fn braces_and_quotes_inside_strings_do_not_confuse_it() {
        let text = r#"{"note":"a } ] \" {","results":[{"id":"1","label":"x}\"]"},{"id":2,"labels":["a","b"]}"#;
        assert_eq!(
            complete_results(text),
            vec![
                json!({"id": "1", "label": "x}\"]"}),
                json!({"id": 2, "labels": ["a", "b"]})
            ]
        );
    }

    #[test]
    fn only_the_top_level_results_key_counts() {
        let text = r#"{"meta":{"results":[{"id":"9","label":"no"}]},"results":[{"id":"1","label":"yes"}]}"#;
        assert_eq!(
            complete_results(text),
            vec![json!({"id": "1", "label": "yes"})]
        );
    }

    #[test]
    fn bare_arrays_prose_and_fences() {
        assert_eq!(
            complete_results(r#"[{"id":"1","label":"a"},{"id":"2""#),
            vec![json!({"id": "1", "label": "a"})]
        );
        let text = "Sure {not this}. ```json\n{\"results\": [ {\"id\": \"1\", \"label\": \"a\"} ,\n {\"id\"";
        assert_eq!(
            complete_results(text),
            vec![json!({"id": "1", "label": "a"})]
        );
    }

    #[test]
    fn stops_at_the_end_of_the_results_array() {
        let text = r#"{"results":[{"id":"1","label":"a"}],"extra":[{"id":"2","label":"b"}]}"#;
        assert_eq!(complete_results(text).len(), 1);
    }

    #[test]
    fn incremental_scanning_hands_out_each_entry_once() {
        let text = r#"{"results":[{"id":"1","label":"a"},{"id":"2","label":"b"}]}"#;
        let mut scanner = PartialAnswerScanner::default();
        let mut got = Vec::new();
        for end in 0..=text.len() {
            got.extend(scanner.scan(&text[..end]));
        }
        assert_eq!(got, complete_results(text));
        assert_eq!(got.len(), 2);
    }
}
