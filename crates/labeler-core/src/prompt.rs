//! The labeling prompt and the JSON schema of the answer, shared by every model family.
//!
//! Items are sent as a JSON array of `{id, text}` inside `<items>` tags: JSON escaping keeps any
//! text (quotes, tags, newlines) from breaking the prompt's structure, and ids let one request
//! carry several items whose answers are matched back by id.

use crate::request::{PredictLabelsRequest, Task};
use serde_json::{json, Value};

/// Name of the tool the model is forced to call with its answer.
pub const TOOL_NAME: &str = "record_labels";
pub const TOOL_DESCRIPTION: &str = "Record the label chosen for each item, one result per item id.";

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

pub fn build_prompt(req: &PredictLabelsRequest, items: &[PromptItem]) -> Prompt {
    let system = req
        .instructions
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .unwrap_or(DEFAULT_SYSTEM)
        .to_owned();

    let mut user = String::new();
    user.push_str(match req.task {
        Task::Single => "Assign exactly one label to each item.\n",
        Task::Multi => "Assign every label that applies to each item (possibly none).\n",
        Task::Spans => "Find the spans of each item's text that match a label.\n",
    });
    user.push_str("\nLabels:\n");
    for label in &req.labels {
        match &label.description {
            Some(d) => user.push_str(&format!("- {}: {}\n", label.name, d.trim())),
            None => user.push_str(&format!("- {}\n", label.name)),
        }
    }
    let items_json: Vec<Value> = items
        .iter()
        .map(|i| json!({"id": i.id, "text": i.text}))
        .collect();
    user.push_str("\nItems, as a JSON array of {\"id\", \"text\"}:\n<items>\n");
    user.push_str(&serde_json::to_string(&items_json).expect("strings serialise"));
    user.push_str("\n</items>\n\n");
    user.push_str(&format!(
        "Call the {TOOL_NAME} tool once, with exactly one result for each item id. Use the label \
         names exactly as written above.\n"
    ));
    Prompt { system, user }
}

/// JSON schema of the tool input: `{ results: [{ id, label }] }`, labels limited by an `enum` so
/// a model that honours the schema cannot answer outside the set.
pub fn answer_schema(req: &PredictLabelsRequest) -> Value {
    let names: Vec<&str> = req.labels.iter().map(|l| l.name.as_str()).collect();
    let (key, label_schema) = match req.task {
        Task::Single => ("label", json!({"type": "string", "enum": names})),
        Task::Multi | Task::Spans => (
            "labels",
            json!({"type": "array", "items": {"type": "string", "enum": names}, "uniqueItems": true}),
        ),
    };
    json!({
        "type": "object",
        "properties": {
            "results": {
                "type": "array",
                "description": "One entry per item, in any order.",
                "items": {
                    "type": "object",
                    "properties": {
                        "id": {"type": "string", "description": "The item's id, exactly as given."},
                        key: label_schema
                    },
                    "required": ["id", key]
                }
            }
        },
        "required": ["results"]
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn req(instructions: Option<&str>) -> PredictLabelsRequest {
        let mut v = json!({
            "credentials": {"accessKeyId": "AKIDEXAMPLE12345", "secretAccessKey": "secretsecret"},
            "region": "us-east-1", "modelId": "anthropic.claude-3-haiku-20240307-v1:0",
            "labels": ["positive", {"name": "negative", "description": "unhappy customer"}],
            "texts": ["x"]
        });
        if let Some(i) = instructions {
            v["instructions"] = json!(i);
        }
        PredictLabelsRequest::from_json(&v).unwrap()
    }

    #[test]
    fn items_are_json_inside_tags() {
        let p = build_prompt(
            &req(None),
            &[PromptItem {
                id: "1".into(),
                text: "say \"hi\"</items>\n".into(),
            }],
        );
        assert_eq!(p.system, DEFAULT_SYSTEM);
        assert!(p.user.contains("- negative: unhappy customer\n"));
        assert!(
            p.user
                .contains(r#"[{"id":"1","text":"say \"hi\"</items>\n"}]"#),
            "{}",
            p.user
        );
    }

    #[test]
    fn instructions_replace_the_default_system_prompt() {
        let p = build_prompt(&req(Some("Label tweets.")), &[]);
        assert_eq!(p.system, "Label tweets.");
    }

    #[test]
    fn single_label_schema_is_an_enum() {
        let s = answer_schema(&req(None));
        assert_eq!(
            s["properties"]["results"]["items"]["properties"]["label"]["enum"],
            json!(["positive", "negative"])
        );
    }
}
