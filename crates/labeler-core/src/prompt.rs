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
}

/// Builds the prompt for `items`. `repair` describes what was wrong with a previous answer,
/// when this is the one repair request an item gets.
pub fn build_prompt(
    spec: &LabelingSpec,
    items: &[PromptItem],
    via: AnswerMode,
    repair: Option<&str>,
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
    match &spec.user_prompt {
        Some(template) => {
            user.push_str(
                &template
                    .replace("{labels}", &labels)
                    .replace("{text}", &items_block),
            );
            user.push_str("\n\n");
            if !template.contains("{labels}") {
                user.push_str(&format!("Labels:\n{labels}\n"));
            }
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
            user.push_str(&items_block);
            user.push_str("\n\n");
        }
    }
    if spec.user_prompt.is_some() {
        user.push_str(&examples_block(spec));
    }
    user.push_str(&output_instructions(spec, items, via));
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
    Prompt { system, user }
}

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

fn output_instructions(spec: &LabelingSpec, items: &[PromptItem], via: AnswerMode) -> String {
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
            answer_example(spec.task),
            answer_schema(spec, &items.iter().map(|i| i.id.as_str()).collect::<Vec<_>>())
        )
        }
    }
}

fn answer_example(task: Task) -> &'static str {
    match task {
        Task::Single => r#"{"results": [{"id": "1", "label": "<label>"}]}"#,
        Task::Multi => r#"{"results": [{"id": "1", "labels": ["<label>", "<label>"]}]}"#,
        Task::Spans => {
            r#"{"results": [{"id": "1", "spans": [{"label": "<label>", "text": "<exact text>", "occurrence": 1}]}]}"#
        }
    }
}

/// JSON schema of the answer for a request about the items `ids`: `{ results: [{ id, label |
/// labels | spans }] }`, with the item ids and the labels as `enum`s, so a model that
/// honours the schema can answer neither an unknown id nor a label outside the set.
///
/// Written in the subset structured outputs accept (AWS "Get validated JSON results from
/// models"; Anthropic's structured-outputs rules, docs/evidence/claude-and-converse.md §E.4):
/// every object has `additionalProperties: false` and lists `required`; no numeric or
/// `uniqueItems` / `minItems` / `maxItems` constraints (repeated labels and occurrence numbers are
/// checked by the answer checker instead). The same schema serves forced tools and JSON text.
pub fn answer_schema(spec: &LabelingSpec, ids: &[&str]) -> Value {
    let names: Vec<&str> = spec.labels.iter().map(|l| l.name.as_str()).collect();
    let (key, item_schema) = match spec.task {
        Task::Single => ("label", json!({"type": "string", "enum": names})),
        Task::Multi => (
            "labels",
            json!({"type": "array", "items": {"type": "string", "enum": names}}),
        ),
        Task::Spans => (
            "spans",
            json!({
                "type": "array",
                "items": {
                    "type": "object",
                    "properties": {
                        "label": {"type": "string", "enum": names},
                        "text": {"type": "string", "description": "The span's exact text, as it appears in the item."},
                        "occurrence": {"type": "integer", "description": "Which occurrence of the text this is (1 = first), when it occurs more than once."}
                    },
                    "required": ["label", "text"],
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
            "results": {
                "type": "array",
                "description": "One entry per item.",
                "items": item
            }
        },
        "required": ["results"],
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
        let p = build_prompt(&r, &[item("1", "great")], AnswerMode::ForcedTool, None);
        assert!(
            p.user.starts_with("Classify Items, as a JSON array"),
            "{}",
            p.user
        );
        assert!(p.user.contains("- positive\n- negative: unhappy customer."));
        // Without placeholders, the labels and items are still given.
        let r = req(json!({"userPrompt": "Be strict."}));
        let p = build_prompt(&r, &[item("1", "great")], AnswerMode::ForcedTool, None);
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
        let s = answer_schema(&req(json!({})), &["1", "2"]);
        assert_eq!(
            s["properties"]["results"]["items"]["properties"]["label"]["enum"],
            json!(["positive", "negative"])
        );
        let s = answer_schema(&req(json!({"task": "spans"})), &["1", "2"]);
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
            let s = answer_schema(&req(json!({"task": task})), &["1", "2", "3"]);
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
        let forced = build_prompt(&r, &items, AnswerMode::ForcedTool, None).user;
        let strict = build_prompt(&r, &items, AnswerMode::StrictTool, None).user;
        let schema = build_prompt(&r, &items, AnswerMode::Schema, None).user;
        assert!(forced.contains("Call the record_labels tool once"));
        assert!(strict.contains("Answer only by calling the record_labels tool"));
        assert!(!schema.contains("record_labels") && !schema.contains("JSON schema"));
    }
}
