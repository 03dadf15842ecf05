//! The labeling prompt and the JSON schema of the answer, shared by every model family.
//!
//! Items are sent as a JSON array of `{id, text}` inside `<items>` tags: JSON escaping keeps any
//! text (quotes, tags, newlines) from breaking the prompt's structure, and ids let one request
//! carry several items whose answers are matched back by id.

use crate::formats::AnswerMode;
use crate::request::{LabelingSpec, Task};
use serde_json::{json, Value};

/// Name of the tool the model is forced to call with its answer.
pub const TOOL_NAME: &str = "record_labels";
pub const TOOL_DESCRIPTION: &str = "Record the answer for each item, one result per item id.";

pub const DEFAULT_SYSTEM: &str = "You are a meticulous data annotator. You label each item using \
only the labels you are given, judging each item on its own text.";

/// One item as the model sees it: an id local to the request, and the text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PromptItem {
    pub id: String,
    pub text: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Prompt {
    pub system: String,
    pub user: String,
    /// Bytes at the start of `user` that every request of the call shares (the task, the label
    /// list, the examples: everything before the items), after the system prompt. A prompt-cache
    /// checkpoint goes after them (`formats`); 0 when nothing is shared.
    pub shared: usize,
}

/// Builds the prompt for `items`. `repair` describes what was wrong with a previous answer,
/// when this is the one repair request an item gets. `compact` asks for the short answer form.
///
/// Order (issue 14, for prompt caching): the system prompt, then what every request of the
/// call shares (task, labels with their descriptions, examples), then the items and what
/// depends on them (the output instructions, whose JSON-text form names the ids). With a user
/// template the template decides the order: the shared part is what comes before the items.
pub fn build_prompt(
    spec: &LabelingSpec,
    items: &[PromptItem],
    via: AnswerMode,
    repair: Option<&str>,
    compact: bool,
) -> Prompt {
    let system = spec
        .instructions
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .unwrap_or(DEFAULT_SYSTEM)
        .to_owned();

    let labels = label_list(spec);
    let items_block = items_block(items);
    let mut user = String::new();
    let shared;
    match &spec.user_prompt {
        Some(template) => {
            let filled = template
                .replace("{labels}", &labels)
                .replace("{text}", &items_block);
            user.push_str(&filled);
            user.push_str("\n\n");
            if !template.contains("{labels}") {
                user.push_str(&format!("Labels:\n{labels}\n"));
            }
            // What precedes the items is the same in every request.
            shared = match filled.find(ITEMS_HEADER) {
                Some(at) if template.contains("{text}") => at,
                _ => user.len(),
            };
            if !template.contains("{text}") {
                user.push_str(&items_block);
                user.push_str("\n\n");
            }
            user.push_str(task_line(spec.task));
            user.push('\n');
        }
        None => {
            user.push_str(task_line(spec.task));
            user.push_str("\n\nLabels:\n");
            user.push_str(&labels);
            user.push('\n');
            user.push_str(&examples_block(spec));
            shared = user.len();
            user.push_str(&items_block);
            user.push_str("\n\n");
        }
    }
    if spec.user_prompt.is_some() {
        user.push_str(&examples_block(spec));
    }
    user.push_str(&output_instructions(spec, items, via, compact));
    if spec.reasons {
        user.push_str(&format!(
            "With each result give \"reason\": {REASON_DESCRIPTION}\n"
        ));
    }
    if let Some(problem) = repair {
        user.push_str(&format!(
            "\nYour previous answer for this item had a problem: {problem} Answer again, following \
             the instructions exactly.\n"
        ));
    }
    Prompt {
        system,
        user,
        shared,
    }
}

/// How the items block starts (the shared part of a templated prompt ends before it).
const ITEMS_HEADER: &str = "Items, as a JSON array of";

fn task_line(task: Task) -> &'static str {
    match task {
        Task::Single => "Assign exactly one label to each item.",
        Task::Multi => "Assign every label that applies to each item; an item may get none.",
        Task::Spans => {
            "For each item, find every span of its text that is an instance of one of the labels. \
             Give each span's exact text as it appears in the item, and its label; when that text \
             occurs more than once in the item, also give \"occurrence\": which one it is (1 for \
             the first)."
        }
    }
}

fn label_list(spec: &LabelingSpec) -> String {
    let mut out = String::new();
    for label in &spec.labels {
        match &label.description {
            Some(d) => out.push_str(&format!("- {}: {}\n", label.name, d.trim())),
            None => out.push_str(&format!("- {}\n", label.name)),
        }
    }
    out.pop();
    out
}

fn items_block(items: &[PromptItem]) -> String {
    let items_json: Vec<Value> = items
        .iter()
        .map(|i| json!({"id": i.id, "text": i.text}))
        .collect();
    format!(
        "Items, as a JSON array of {{\"id\", \"text\"}}:\n<items>\n{}\n</items>",
        serde_json::to_string(&items_json).expect("strings serialise")
    )
}

fn examples_block(spec: &LabelingSpec) -> String {
    if spec.examples.is_empty() {
        return String::new();
    }
    let examples: Vec<Value> = spec
        .examples
        .iter()
        .map(|e| json!({"text": e.text, "labels": e.labels}))
        .collect();
    format!(
        "Examples of correctly labelled texts:\n<examples>\n{}\n</examples>\n\n",
        serde_json::to_string(&examples).expect("strings serialise")
    )
}

fn output_instructions(
    spec: &LabelingSpec,
    items: &[PromptItem],
    via: AnswerMode,
    compact: bool,
) -> String {
    match via {
        AnswerMode::ForcedTool => format!(
            "Call the {TOOL_NAME} tool once, with exactly one result for each item id. Use the \
             label names exactly as written above.\n"
        ),
        // The tool is offered, not forced (the model refuses forcing): say plainly to use it.
        AnswerMode::StrictTool => format!(
            "Answer only by calling the {TOOL_NAME} tool, once, with exactly one result for each \
             item id; do not answer in text. Use the label names exactly as written above.\n"
        ),
        // The answer is constrained to the schema by the service: only the content is asked for.
        AnswerMode::Schema => "Give exactly one result for each item id. Use the label names \
             exactly as written above.\n"
            .to_owned(),
        AnswerMode::JsonText => {
            format!(
            "Answer with only a JSON object, and no other text, of this form:\n{}\nIt must match \
             this JSON schema: {}\nGive exactly one result for each item id. Use the label names \
             exactly as written above.\n",
            answer_example(spec.task, compact),
            answer_schema(
                spec,
                &items.iter().map(|i| i.id.as_str()).collect::<Vec<_>>(),
                compact
            )
        )
        }
    }
}

fn answer_example(task: Task, compact: bool) -> &'static str {
    match (task, compact) {
        (Task::Single, false) => r#"{"results": [{"id": "1", "label": "<label>"}]}"#,
        (Task::Multi, false) => r#"{"results": [{"id": "1", "labels": ["<label>", "<label>"]}]}"#,
        (Task::Spans, false) => {
            r#"{"results": [{"id": "1", "spans": [{"label": "<label>", "text": "<exact text>", "occurrence": 1}]}]}"#
        }
        (Task::Single, true) => r#"{"r":[{"id":"1","l":"<label>"}]}"#,
        (Task::Multi, true) => r#"{"r":[{"id":"1","l":["<label>","<label>"]}]}"#,
        (Task::Spans, true) => {
            r#"{"r":[{"id":"1","s":[{"l":"<label>","t":"<exact text>","o":1}]}]}"#
        }
    }
}

/// The answer's key names: verbose (`results`, `label`/`labels`/`spans`, `label`, `text`,
/// `occurrence`) or compact (`r`, `l`/`l`/`s`, `l`, `t`, `o`). `answer::interpret` reads both.
struct Keys {
    results: &'static str,
    label: &'static str,
    labels: &'static str,
    spans: &'static str,
    span_label: &'static str,
    span_text: &'static str,
    occurrence: &'static str,
}

const VERBOSE: Keys = Keys {
    results: "results",
    label: "label",
    labels: "labels",
    spans: "spans",
    span_label: "label",
    span_text: "text",
    occurrence: "occurrence",
};

const COMPACT: Keys = Keys {
    results: "r",
    label: "l",
    labels: "l",
    spans: "s",
    span_label: "l",
    span_text: "t",
    occurrence: "o",
};

/// JSON schema of the answer for a request about the items `ids`: `{ results: [{ id, label |
/// labels | spans }] }`, with the item ids and the labels as `enum`s, so a model that
/// honours the schema can answer neither an unknown id nor a label outside the set.
///
/// Written in the subset structured outputs accept (AWS "Get validated JSON results from
/// models"; Anthropic's structured-outputs rules, docs/evidence/claude-and-converse.md §E.4):
/// every object has `additionalProperties: false` and lists `required`; no numeric or
/// `uniqueItems` / `minItems` / `maxItems` constraints (repeated labels and occurrence numbers are
/// checked by the answer checker instead). The same schema serves forced tools and JSON text.
///
/// `compact` (issue 14) gives the short keys (`{"r": [{"id", "l" | "s": [{"l", "t", "o"}]}]}`):
/// output tokens are paid on every item, so the keys are one letter; ids stay (answers are
/// matched by id, never by position) and labels stay names in an `enum` (docs/answers.md says
/// why not indexes).
pub fn answer_schema(spec: &LabelingSpec, ids: &[&str], compact: bool) -> Value {
    let k = if compact { &COMPACT } else { &VERBOSE };
    let names: Vec<&str> = spec.labels.iter().map(|l| l.name.as_str()).collect();
    let (key, item_schema) = match spec.task {
        Task::Single => (k.label, json!({"type": "string", "enum": names})),
        Task::Multi => (
            k.labels,
            json!({"type": "array", "items": {"type": "string", "enum": names}}),
        ),
        Task::Spans => (
            k.spans,
            json!({
                "type": "array",
                "items": {
                    "type": "object",
                    "properties": {
                        k.span_label: {"type": "string", "enum": names},
                        k.span_text: {"type": "string", "description": "The span's exact text, as it appears in the item."},
                        k.occurrence: {"type": "integer", "description": "Which occurrence of the text this is (1 = first), when it occurs more than once."}
                    },
                    "required": [k.span_label, k.span_text],
                    "additionalProperties": false
                }
            }),
        ),
    };
    let mut item = json!({
        "type": "object",
        "properties": {
            "id": {"type": "string", "enum": ids, "description": "The item's id, exactly as given."},
            key: item_schema
        },
        "required": ["id", key],
        "additionalProperties": false
    });
    if spec.reasons {
        item["properties"]["reason"] = json!({"type": "string", "description": REASON_DESCRIPTION});
        item["required"]
            .as_array_mut()
            .expect("required is an array")
            .push(json!("reason"));
    }
    json!({
        "type": "object",
        "properties": {
            k.results: {
                "type": "array",
                "description": "One entry per item.",
                "items": item
            }
        },
        "required": [k.results],
        "additionalProperties": false
    })
}

/// What a reason is, in the schema and the prompt (issue 13: one line, so it costs little).
const REASON_DESCRIPTION: &str = "One short sentence (at most 20 words): why these labels.";

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn req(extra: Value) -> LabelingSpec {
        let mut v = json!({
            "credentials": {"accessKeyId": "AKIDEXAMPLE12345", "secretAccessKey": "secretsecret"},
            "region": "us-east-1", "modelId": "anthropic.claude-3-haiku-20240307-v1:0",
            "labels": ["positive", {"name": "negative", "description": "unhappy customer"}],
            "texts": ["x"]
        });
        for (k, val) in extra.as_object().unwrap() {
            v[k] = val.clone();
        }
        crate::request::PredictLabelsRequest::from_json(&v)
            .unwrap()
            .spec
    }

    fn item(id: &str, text: &str) -> PromptItem {
        PromptItem {
            id: id.into(),
            text: text.into(),
        }
    }

    #[test]
    fn items_are_json_inside_tags() {
        let p = build_prompt(
            &req(json!({})),
            &[item("1", "say \"hi\"</items>\n")],
            AnswerMode::ForcedTool,
            None,
            false,
        );
        assert_eq!(p.system, DEFAULT_SYSTEM);
        assert!(p.user.contains("- negative: unhappy customer\n"));
        assert!(
            p.user
                .contains(r#"[{"id":"1","text":"say \"hi\"</items>\n"}]"#),
            "{}",
            p.user
        );
        assert!(p.user.contains("Call the record_labels tool"));
    }

    #[test]
    fn instructions_replace_the_default_system_prompt() {
        let p = build_prompt(
            &req(json!({"instructions": "Label tweets."})),
            &[],
            AnswerMode::ForcedTool,
            None,
            false,
        );
        assert_eq!(p.system, "Label tweets.");
    }

    #[test]
    fn json_text_answers_carry_the_schema_and_an_example() {
        let p = build_prompt(
            &req(json!({"task": "multi"})),
            &[item("1", "a")],
            AnswerMode::JsonText,
            None,
            false,
        );
        assert!(p.user.contains(r#""labels": ["<label>", "<label>"]"#));
        assert!(
            p.user.contains(r#""enum":["positive","negative"]"#),
            "{}",
            p.user
        );
        assert!(!p.user.contains("record_labels"));
    }

    #[test]
    fn user_prompt_template_fills_placeholders() {
        let r = req(json!({"userPrompt": "Classify {text} using {labels}."}));
        let p = build_prompt(
            &r,
            &[item("1", "great")],
            AnswerMode::ForcedTool,
            None,
            false,
        );
        assert!(
            p.user.starts_with("Classify Items, as a JSON array"),
            "{}",
            p.user
        );
        assert!(p.user.contains("- positive\n- negative: unhappy customer."));
        // Without placeholders, the labels and items are still given.
        let r = req(json!({"userPrompt": "Be strict."}));
        let p = build_prompt(
            &r,
            &[item("1", "great")],
            AnswerMode::ForcedTool,
            None,
            false,
        );
        assert!(p.user.starts_with("Be strict."));
        assert!(p.user.contains("Labels:\n- positive") && p.user.contains("<items>"));
    }

    #[test]
    fn examples_and_repair_notes() {
        let r = req(json!({"examples": [{"text": "love it", "labels": ["positive"]}]}));
        let p = build_prompt(
            &r,
            &[item("1", "x")],
            AnswerMode::ForcedTool,
            Some("\"meh\" is not a label."),
            false,
        );
        assert!(
            p.user.contains(
                r#"<examples>
[{"labels":["positive"],"text":"love it"}]
</examples>"#
            ),
            "{}",
            p.user
        );
        assert!(p
            .user
            .contains("previous answer for this item had a problem: \"meh\" is not a label."));
    }

    #[test]
    fn schemas_per_task() {
        let s = answer_schema(&req(json!({})), &["1", "2"], false);
        assert_eq!(
            s["properties"]["results"]["items"]["properties"]["label"]["enum"],
            json!(["positive", "negative"])
        );
        let s = answer_schema(&req(json!({"task": "spans"})), &["1", "2"], false);
        let span = &s["properties"]["results"]["items"]["properties"]["spans"]["items"];
        assert_eq!(
            span["properties"]["label"]["enum"],
            json!(["positive", "negative"])
        );
        assert_eq!(span["required"], json!(["label", "text"]));
    }

    /// Structured outputs accept a subset of JSON Schema: every object closed
    /// (`additionalProperties: false`), no numeric or array-size constraints (§E.4).
    #[test]
    fn schemas_stay_in_the_structured_output_subset_with_ids_as_an_enum() {
        fn check(v: &Value) {
            match v {
                Value::Object(o) => {
                    for banned in [
                        "minimum",
                        "maximum",
                        "uniqueItems",
                        "minItems",
                        "maxItems",
                        "minLength",
                        "maxLength",
                        "pattern",
                    ] {
                        assert!(!o.contains_key(banned), "{banned} in {v}");
                    }
                    if o.get("type") == Some(&json!("object")) {
                        assert_eq!(o.get("additionalProperties"), Some(&json!(false)), "{v}");
                        assert!(o.contains_key("required"), "{v}");
                    }
                    o.values().for_each(check);
                }
                Value::Array(a) => a.iter().for_each(check),
                _ => {}
            }
        }
        for task in ["single", "multi", "spans"] {
            let s = answer_schema(&req(json!({"task": task})), &["1", "2", "3"], false);
            check(&s);
            assert_eq!(
                s["properties"]["results"]["items"]["properties"]["id"]["enum"],
                json!(["1", "2", "3"])
            );
        }
    }

    #[test]
    fn each_answer_mode_words_its_instructions() {
        let r = req(json!({}));
        let items = [item("1", "x")];
        let forced = build_prompt(&r, &items, AnswerMode::ForcedTool, None, false).user;
        let strict = build_prompt(&r, &items, AnswerMode::StrictTool, None, false).user;
        let schema = build_prompt(&r, &items, AnswerMode::Schema, None, false).user;
        assert!(forced.contains("Call the record_labels tool once"));
        assert!(strict.contains("Answer only by calling the record_labels tool"));
        assert!(!schema.contains("record_labels") && !schema.contains("JSON schema"));
    }
}
