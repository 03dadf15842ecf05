//! The one planner: which texts go to the model together, and the model call for each group
//! (its items, their ids in the prompt, the prompt, the answer schema, `max_tokens` and the
//! body), from a valid [`LabelingSpec`] and the model's [`Shape`].
//!
//! The job sends these calls (and asks [`call`] for the extra ones: an item re-asked alone, a
//! repair), the estimate counts them, the batch-inference export writes one record per call,
//! and its import plans the same dataset and spec again to know what each record asked.
//! The plan is deterministic: the same spec gives the same batches, in the same order.

use crate::formats::{self, BodyInput};
use crate::models::Shape;
use crate::prompt::{answer_schema, build_prompt, Prompt, PromptItem};
use crate::request::{LabelingSpec, Task};
use serde_json::Value;

/// How items are named in a prompt (the answer names them back).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ids {
    /// "1", "2", … within the call: live calls.
    Local,
    /// The item's row in the dataset, 1-based: batch-inference records, so an answer can only
    /// be matched to rows its record asked about.
    Row,
}

impl Ids {
    /// The id of `item` (an index into the texts), at `position` in its call.
    pub fn id(self, position: usize, item: usize) -> String {
        match self {
            Ids::Local => position + 1,
            Ids::Row => item + 1,
        }
        .to_string()
    }

    /// The ids of a call's items, in order.
    pub fn of(self, items: &[usize]) -> Vec<String> {
        items
            .iter()
            .enumerate()
            .map(|(n, &i)| self.id(n, i))
            .collect()
    }
}

/// One model call, ready to send.
#[derive(Debug, Clone)]
pub struct PlannedCall {
    /// Indexes into the spec's texts, in the order the prompt lists them.
    pub items: Vec<usize>,
    /// Each item's id in the prompt (same order).
    pub ids: Vec<String>,
    pub prompt: Prompt,
    /// The answer's JSON schema (sent with the call when the answer mode carries one).
    pub schema: Value,
    pub max_tokens: u32,
    /// The request body in the shape's format.
    pub body: Vec<u8>,
    /// When the body carries a prompt-cache checkpoint: the estimated tokens it covers.
    pub checkpoint: Option<u64>,
}

/// Whether a text is sent at all: an empty (or blank) one has nothing to label.
pub fn is_sent(text: &str) -> bool {
    !text.trim().is_empty()
}

/// The texts that are sent, in input order, `batch_size` to a call.
pub fn batches(spec: &LabelingSpec) -> Vec<Vec<usize>> {
    let sent: Vec<usize> = (0..spec.texts.len())
        .filter(|&i| is_sent(&spec.texts[i]))
        .collect();
    sent.chunks(spec.batch_size.max(1))
        .map(<[usize]>::to_vec)
        .collect()
}

/// Every call of the plan, in order.
pub fn calls<'a>(
    spec: &'a LabelingSpec,
    shape: &'a Shape,
    ids: Ids,
) -> impl Iterator<Item = PlannedCall> + 'a {
    batches(spec)
        .into_iter()
        .map(move |items| call(spec, shape, &items, ids, None))
}

/// The call about `items` (indexes into the texts) under `shape`; `repair` says what was wrong
/// with a previous answer, for the one repair request an item gets.
pub fn call(
    spec: &LabelingSpec,
    shape: &Shape,
    items: &[usize],
    ids: Ids,
    repair: Option<&str>,
) -> PlannedCall {
    let ids = ids.of(items);
    let prompt_items: Vec<PromptItem> = items
        .iter()
        .zip(&ids)
        .map(|(&i, id)| PromptItem {
            id: id.clone(),
            text: spec.texts[i].clone(),
        })
        .collect();
    let prompt = build_prompt(spec, &prompt_items, shape.answer, repair, shape.compact);
    let schema = answer_schema(
        spec,
        &ids.iter().map(String::as_str).collect::<Vec<_>>(),
        shape.compact,
    );
    let max_tokens = max_tokens(spec, shape, items.len());
    let shared = shared_tokens(&prompt, &schema, shape);
    let cache_point = shape
        .cache_min
        .is_some_and(|min| prompt.shared > 0 && shared >= min as u64);
    let body = formats::build_body(
        shape.format,
        &BodyInput {
            prompt: &prompt,
            answer: shape.answer,
            schema: &schema,
            max_tokens,
            temperature: shape.temperature,
            top_p: shape.top_p,
            reasoning: shape.reasoning,
            native: shape.native,
            cache_point,
        },
    );
    PlannedCall {
        items: items.to_vec(),
        ids,
        prompt,
        schema,
        max_tokens,
        body,
        checkpoint: cache_point.then_some(shared),
    }
}

/// Estimated tokens of what a cache checkpoint after the shared part of the prompt would cover:
/// the answer tool or schema when the body carries one (Claude caches tools, then system, then
/// messages, in that order: Anthropic prompt-caching docs, models-and-quotas §11.1), the system
/// prompt and the shared part of the user prompt, at the estimate's four characters per token.
pub fn shared_tokens(prompt: &Prompt, schema: &Value, shape: &Shape) -> u64 {
    let mut chars = prompt.system.len() + prompt.shared;
    if shape.answer.sends_schema() {
        chars += schema.to_string().len() + formats::TOOL_OVERHEAD_CHARS;
    }
    crate::estimate::tokens(chars)
}

/// Room for one reason (at most 20 words asked, about 30 tokens, and its JSON key).
pub const REASON_TOKENS: u32 = 40;

/// `max_tokens` for a call about `items` items: the caller's `maxTokens` within the model's
/// cap, else room for the answer (a fixed overhead plus a share per item that depends on the
/// task) with the room the model's row adds for thinking it cannot skip ([`Shape::max_tokens`]).
pub fn max_tokens(spec: &LabelingSpec, shape: &Shape, items: usize) -> u32 {
    match spec.max_tokens {
        Some(n) => n.min(shape.max_output),
        None => {
            let per_item = match spec.task {
                Task::Single => 40,
                Task::Multi => 60,
                Task::Spans => 200,
            } + if spec.reasons { REASON_TOKENS } else { 0 };
            shape.max_tokens((200 + per_item * items as u32).min(4096))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn spec(extra: Value) -> LabelingSpec {
        let mut v = json!({
            "region": "us-east-1", "modelId": "anthropic.claude-3-haiku-20240307-v1:0",
            "labels": ["spam", "ham"], "texts": ["a", " ", "b", "c", "", "d"], "batchSize": 2
        });
        for (k, val) in extra.as_object().unwrap() {
            v[k] = val.clone();
        }
        LabelingSpec::from_json(&v).unwrap()
    }

    #[test]
    fn empty_texts_are_not_sent_and_the_rest_go_batch_size_to_a_call() {
        assert_eq!(batches(&spec(json!({}))), vec![vec![0, 2], vec![3, 5]]);
        assert_eq!(
            batches(&spec(json!({"batchSize": 10}))),
            vec![vec![0, 2, 3, 5]]
        );
    }

    #[test]
    fn a_call_carries_its_items_under_their_ids() {
        let s = spec(json!({}));
        let shape = s.shape(s.adaptations);
        let calls: Vec<PlannedCall> = calls(&s, &shape, Ids::Local).collect();
        assert_eq!(calls.len(), 2);
        assert_eq!(calls[1].items, vec![3, 5]);
        assert_eq!(calls[1].ids, vec!["1", "2"]);
        assert!(calls[1]
            .prompt
            .user
            .contains(r#"[{"id":"1","text":"c"},{"id":"2","text":"d"}]"#));
        let body: Value = serde_json::from_slice(&calls[1].body).unwrap();
        assert_eq!(body["max_tokens"], json!(calls[1].max_tokens));
        let rows = call(&s, &shape, &[3, 5], Ids::Row, None);
        assert_eq!(rows.ids, vec!["4", "6"]);
        let repair = call(&s, &shape, &[3], Ids::Local, Some("It was wrong."));
        assert!(repair.prompt.user.contains("had a problem: It was wrong."));
    }

    #[test]
    fn reasons_ask_for_a_reason_in_the_schema_and_the_prompt_and_make_room_for_it() {
        let plain = spec(json!({}));
        let asked = spec(json!({"reasons": true}));
        let shape = plain.shape(plain.adaptations);
        let p = call(&plain, &shape, &[0], Ids::Local, None);
        let a = call(&asked, &shape, &[0], Ids::Local, None);
        // The one property of the answer object (`results`, or `r` in the compact form).
        let item = |c: &PlannedCall| {
            let props = c.schema["properties"].as_object().unwrap();
            props.values().next().unwrap()["items"].clone()
        };
        assert!(item(&p)["properties"].get("reason").is_none());
        assert_eq!(item(&a)["properties"]["reason"]["type"], "string");
        assert!(item(&a)["required"]
            .as_array()
            .unwrap()
            .contains(&json!("reason")));
        assert!(!p.prompt.user.contains("\"reason\""));
        assert!(a.prompt.user.contains("\"reason\""));
        assert_eq!(a.max_tokens, p.max_tokens + REASON_TOKENS);
        assert_ne!(plain.answer_settings(), asked.answer_settings());
        assert!(!plain.answer_settings().contains("reasons"));
    }

    #[test]
    fn max_tokens_grows_with_the_batch_and_the_task_and_honours_the_caller() {
        let s = spec(json!({}));
        let shape = s.shape(s.adaptations);
        assert_eq!(max_tokens(&s, &shape, 1), 240);
        assert_eq!(max_tokens(&s, &shape, 10), 600);
        let spans = spec(json!({"task": "spans"}));
        assert_eq!(max_tokens(&spans, &shape, 10), 2200);
        let asked = spec(json!({"maxTokens": 123}));
        assert_eq!(max_tokens(&asked, &shape, 10), 123);
        let huge = spec(json!({"maxTokens": 200000}));
        assert_eq!(max_tokens(&huge, &shape, 10), shape.max_output);
    }

    /// A spec whose shared part (instructions + labels with descriptions) is about `tokens`
    /// tokens long, for `model`.
    fn long_spec(model: &str, tokens: usize, extra: Value) -> LabelingSpec {
        let labels: Vec<Value> = (0..10)
            .map(|i| json!({"name": format!("label{i}"), "description": "x".repeat(tokens * 4 / 10)}))
            .collect();
        let mut v = json!({
            "region": "us-east-1", "modelId": model, "labels": labels,
            "texts": ["one", "two", "three"], "batchSize": 2
        });
        for (k, val) in extra.as_object().unwrap() {
            v[k] = val.clone();
        }
        LabelingSpec::from_json(&v).unwrap()
    }

    fn body_of(s: &LabelingSpec) -> Vec<Value> {
        let shape = s.shape(s.adaptations);
        calls(s, &shape, Ids::Local)
            .map(|c| serde_json::from_slice(&c.body).unwrap())
            .collect()
    }

    const SONNET_45: &str = "anthropic.claude-sonnet-4-5-20250929-v1:0";
    const HAIKU_45: &str = "us.anthropic.claude-haiku-4-5-20251001-v1:0";

    #[test]
    fn claude_gets_cache_control_on_the_block_that_ends_the_shared_prefix() {
        let s = long_spec(SONNET_45, 2000, json!({}));
        for body in body_of(&s) {
            let content = body["messages"][0]["content"].as_array().unwrap().clone();
            assert_eq!(content.len(), 2, "{body}");
            assert_eq!(content[0]["cache_control"], json!({"type": "ephemeral"}));
            assert!(content[1].get("cache_control").is_none());
            let shared = content[0]["text"].as_str().unwrap();
            // Everything shared (task, labels in their order, descriptions) is before the
            // checkpoint; the items are after it.
            assert!(shared.starts_with("Assign exactly one label"), "{shared}");
            let order: Vec<usize> = (0..10)
                .map(|i| shared.find(&format!("- label{i}:")).unwrap())
                .collect();
            assert!(order.windows(2).all(|w| w[0] < w[1]), "label order kept");
            assert!(!shared.contains("<items>"));
            assert!(content[1]["text"]
                .as_str()
                .unwrap()
                .starts_with("Items, as a JSON array"));
            // Split, not changed: the two blocks are the prompt without caching.
            let whole = long_spec(SONNET_45, 2000, json!({"promptCaching": false}));
            let plain = &body_of(&whole)[0]["messages"][0]["content"];
            assert_eq!(plain.as_array().unwrap().len(), 1);
            assert!(plain[0].get("cache_control").is_none());
        }
        let bodies = body_of(&s);
        let plain = body_of(&long_spec(SONNET_45, 2000, json!({"promptCaching": false})));
        for (cached, plain) in bodies.iter().zip(&plain) {
            let joined: String = cached["messages"][0]["content"]
                .as_array()
                .unwrap()
                .iter()
                .map(|b| b["text"].as_str().unwrap())
                .collect();
            assert_eq!(
                joined,
                plain["messages"][0]["content"][0]["text"].as_str().unwrap()
            );
            assert_eq!(cached["system"], plain["system"]);
            assert_eq!(cached["output_config"], plain["output_config"]);
        }
    }

    #[test]
    fn no_checkpoint_below_the_model_minimum_or_where_the_model_does_not_cache() {
        // ~2,000 tokens: above Sonnet 4.5's 1,024, below Haiku 4.5's 4,096.
        let blocks = |s: &LabelingSpec| {
            body_of(s)[0]["messages"][0]["content"]
                .as_array()
                .unwrap()
                .len()
        };
        assert_eq!(blocks(&long_spec(SONNET_45, 2000, json!({}))), 2);
        assert_eq!(blocks(&long_spec(HAIKU_45, 2000, json!({}))), 1);
        assert_eq!(blocks(&long_spec(HAIKU_45, 5000, json!({}))), 2);
        // Sonnet 4.5 below its minimum.
        assert_eq!(blocks(&long_spec(SONNET_45, 600, json!({}))), 1);
        // Claude 3 Haiku: no cache row.
        assert_eq!(
            blocks(&long_spec(
                "anthropic.claude-3-haiku-20240307-v1:0",
                5000,
                json!({})
            )),
            1
        );
        // A Converse-only model without documented caching.
        let qwen = long_spec("qwen.qwen3-32b-v1:0", 5000, json!({}));
        let body = &body_of(&qwen)[0];
        assert!(!body.to_string().contains("cachePoint"), "{body}");
        // Caching turned off.
        assert_eq!(
            blocks(&long_spec(SONNET_45, 2000, json!({"promptCaching": false}))),
            1
        );
    }

    #[test]
    fn converse_and_nova_get_a_cache_point_block_after_the_shared_prefix() {
        for (model, api) in [
            (SONNET_45, json!("converse")),
            ("amazon.nova-lite-v1:0", Value::Null),
            ("us.amazon.nova-2-lite-v1:0", Value::Null),
            ("amazon.nova-pro-v1:0", json!("converse")),
        ] {
            let mut extra = json!({});
            if !api.is_null() {
                extra["api"] = api;
            }
            let s = long_spec(model, 2000, extra);
            let body = &body_of(&s)[0];
            let content = body["messages"][0]["content"].as_array().unwrap();
            assert_eq!(content.len(), 3, "{model}: {body}");
            assert_eq!(
                content[1],
                json!({"cachePoint": {"type": "default"}}),
                "{model}"
            );
            assert!(content[0]["text"].as_str().unwrap().contains("- label9:"));
            assert!(content[2]["text"]
                .as_str()
                .unwrap()
                .starts_with("Items, as a JSON array"));
            assert!(!body["system"].to_string().contains("cachePoint"));
        }
        // Nova Premier: caching unverified, no checkpoint.
        let s = long_spec("amazon.nova-premier-v1:0", 2000, json!({}));
        assert_eq!(
            body_of(&s)[0]["messages"][0]["content"]
                .as_array()
                .unwrap()
                .len(),
            1
        );
    }

    #[test]
    fn compact_answers_ask_for_short_keys_and_verbose_stays_available() {
        let s = spec(json!({"modelId": "anthropic.claude-3-haiku-20240307-v1:0"}));
        let shape = s.shape(s.adaptations);
        assert!(shape.compact);
        let c = call(&s, &shape, &[0, 2], Ids::Local, None);
        let items = &c.schema["properties"]["r"]["items"];
        assert_eq!(items["required"], json!(["id", "l"]));
        assert_eq!(items["properties"]["id"]["enum"], json!(["1", "2"]));
        assert_eq!(items["properties"]["l"]["enum"], json!(["spam", "ham"]));
        let verbose = spec(json!({"compactAnswers": false}));
        let c = call(
            &verbose,
            &verbose.shape(verbose.adaptations),
            &[0, 2],
            Ids::Local,
            None,
        );
        assert!(c.schema["properties"]["results"].is_object());
    }
}
