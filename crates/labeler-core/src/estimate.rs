//! Estimates before a run: how many requests, and roughly how many tokens, a request will use.
//! The calls are the run's own (`plan`); input tokens are counted from their prompts at about four
//! characters per token; output tokens from the answer size per item the task needs. Models
//! tokenize differently, so the figures are estimates, shown as such.

use crate::formats;
use crate::plan::{self, Ids};
use crate::request::{LabelingSpec, Task};
use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Estimate {
    pub items: u64,
    pub requests: u64,
    /// Input tokens not read from or written to the prompt cache.
    pub input_tokens: u64,
    pub output_tokens: u64,
    /// The service tier the run asks for ("standard", "flex", "priority").
    pub service_tier: &'static str,
    /// What the tier does to the Standard price, [input, output] multipliers
    /// (`ServiceTier::price_factor`): multiply the price table's Standard prices by them.
    pub price_factor: [f64; 2],
    /// Quota tokens the run will burn (input + burn × output, models-and-quotas §10.2–10.3):
    /// with the account's tokens-per-minute quota, the least time the run can take.
    pub quota_tokens: u64,
    /// Prompt caching: input tokens expected to be read from the cache (the shared prefix of
    /// every call after the first with the same prefix) and written to it (the first).
    pub cache_read_input_tokens: u64,
    pub cache_write_input_tokens: u64,
    /// Output tokens one-line reasons add (counted in `output_tokens` when the spec asks for
    /// them; what they would add otherwise).
    pub reason_tokens: u64,
}

/// Characters per token used for estimates (a common rule of thumb for English text).
const CHARS_PER_TOKEN: f64 = 4.0;

pub fn tokens(chars: usize) -> u64 {
    (chars as f64 / CHARS_PER_TOKEN).ceil() as u64
}

/// Output tokens per item: an id and a label name in JSON, more for several labels or spans.
/// The compact form's one-letter keys save about six characters per item (three per span).
fn output_per_item(task: Task, labels: &[crate::labels::Label], compact: bool) -> u64 {
    let avg_label =
        labels.iter().map(|l| l.name.chars().count()).sum::<usize>() / labels.len().max(1);
    let per = match (task, compact) {
        (Task::Single, false) => 20 + avg_label,
        (Task::Multi, false) => 24 + 2 * avg_label,
        (Task::Spans, false) => 40 + 3 * (avg_label + 20),
        (Task::Single, true) => 14 + avg_label,
        (Task::Multi, true) => 16 + 2 * avg_label,
        (Task::Spans, true) => 28 + 3 * (avg_label + 14),
    };
    tokens(per)
}

/// Output tokens a reason adds to each item: a sentence of about 15 words (`"reason": "…"`).
const REASON_TOKENS_PER_ITEM: u64 = 25;

pub fn estimate(spec: &LabelingSpec) -> Estimate {
    let shape = spec.shape(spec.adaptations);
    let mut input_chars = 0usize;
    let mut requests = 0u64;
    let mut items = 0u64;
    let (mut cache_read, mut cache_write) = (0u64, 0u64);
    // Prefixes already written: the first call with a prefix writes it, the later ones read it
    // (the first request of a call goes alone, so the others find it written).
    let mut written: Vec<(u64, String)> = Vec::new();
    for call in plan::calls(spec, &shape, Ids::Local) {
        input_chars += call.prompt.system.chars().count() + call.prompt.user.chars().count();
        if shape.answer.sends_schema() {
            // The tool definition or output schema is sent with every request.
            input_chars += call.schema.to_string().len() + formats::TOOL_OVERHEAD_CHARS;
        }
        if let Some(shared) = call.checkpoint {
            // The schema is part of what is cached (tools come first), so a call with other ids
            // (the last, shorter one) has another prefix.
            let key = (shared, call.schema.to_string());
            if written.contains(&key) {
                cache_read += shared;
            } else {
                cache_write += shared;
                written.push(key);
            }
        }
        requests += 1;
        items += call.items.len() as u64;
    }
    // Models that think before answering (and cannot be made not to) spend output tokens on
    // it: a few hundred per request at their lowest effort (an estimate, shown as such).
    let reasoning = if shape.thinking_room > 0 {
        300 * requests
    } else {
        0
    };
    let input_tokens = tokens(input_chars).saturating_sub(cache_read + cache_write);
    let reason_tokens = items * REASON_TOKENS_PER_ITEM;
    let output_tokens = items * output_per_item(spec.task, &spec.labels, shape.compact)
        + if spec.reasons { reason_tokens } else { 0 }
        + 10 * requests
        + reasoning;
    let (input_factor, output_factor) = spec.service_tier.price_factor();
    Estimate {
        items,
        requests,
        input_tokens,
        output_tokens,
        cache_read_input_tokens: cache_read,
        cache_write_input_tokens: cache_write,
        reason_tokens,
        service_tier: spec.service_tier.name(),
        price_factor: [input_factor, output_factor],
        // Cached-prefix reads do not count toward the token quota (issue 14; models-and-quotas
        // §10.4: sources disagree), cache writes do, as input.
        quota_tokens: input_tokens + cache_write + u64::from(spec.model.burn) * output_tokens,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn req(n: usize, batch: usize) -> LabelingSpec {
        let texts: Vec<String> = (0..n)
            .map(|i| format!("text number {i} with some words"))
            .collect();
        LabelingSpec::from_json(&json!({
            "region": "us-east-1", "modelId": "anthropic.claude-3-haiku-20240307-v1:0",
            "labels": ["positive", "negative"], "texts": texts, "batchSize": batch
        }))
        .unwrap()
    }

    #[test]
    fn requests_follow_the_batch_size_and_batching_saves_input_tokens() {
        let one = estimate(&req(25, 1));
        let ten = estimate(&req(25, 10));
        assert_eq!((one.requests, ten.requests), (25, 3));
        assert_eq!(one.items, 25);
        assert!(
            ten.input_tokens * 3 < one.input_tokens,
            "{ten:?} vs {one:?}"
        );
        assert!(ten.output_tokens > 0);
        assert_eq!(one.price_factor, [1.0, 1.0]);
        // Claude 3 Haiku burns 1 quota token per output token.
        assert_eq!(one.quota_tokens, one.input_tokens + one.output_tokens);
    }

    #[test]
    fn the_price_and_quota_follow_the_tier_and_the_burn() {
        let texts = ["a b c", "d e f"];
        let flex = LabelingSpec::from_json(&json!({
            "region": "us-east-1", "modelId": "openai.gpt-oss-120b-1:0",
            "labels": ["x", "y"], "texts": texts, "serviceTier": "flex"
        }))
        .unwrap();
        let e = estimate(&flex);
        assert_eq!((e.service_tier, e.price_factor), ("flex", [0.5, 0.5]));
        let haiku = LabelingSpec::from_json(&json!({
            "region": "us-east-1", "modelId": "global.anthropic.claude-haiku-4-5-20251001-v1:0",
            "labels": ["x", "y"], "texts": texts
        }))
        .unwrap();
        let e = estimate(&haiku);
        assert_eq!(e.quota_tokens, e.input_tokens + 5 * e.output_tokens);
    }

    #[test]
    fn a_cached_prefix_is_written_once_and_read_by_the_calls_after() {
        let labels: Vec<serde_json::Value> = (0..10)
            .map(|i| json!({"name": format!("l{i}"), "description": "d".repeat(800)}))
            .collect();
        let texts: Vec<String> = (0..25).map(|i| format!("text {i}")).collect();
        let spec = |caching: bool| {
            LabelingSpec::from_json(&json!({
                "region": "us-east-1", "modelId": "us.anthropic.claude-sonnet-4-5-20250929-v1:0",
                "labels": labels, "texts": texts, "promptCaching": caching
            }))
            .unwrap()
        };
        let (on, off) = (estimate(&spec(true)), estimate(&spec(false)));
        assert_eq!(on.requests, 3);
        assert_eq!(
            (off.cache_read_input_tokens, off.cache_write_input_tokens),
            (0, 0)
        );
        // The two full calls share one prefix (written once, read once); the last, shorter
        // call has other ids in its schema, so it writes its own.
        assert!(
            on.cache_write_input_tokens > 2 * on.cache_read_input_tokens - 100,
            "{on:?}"
        );
        assert!(on.cache_read_input_tokens > 2000, "{on:?}");
        let total = on.input_tokens + on.cache_read_input_tokens + on.cache_write_input_tokens;
        assert!(total.abs_diff(off.input_tokens) < 50, "{on:?} vs {off:?}");
        assert!(on.output_tokens <= off.output_tokens);
    }
}
