//! Estimates before a run: how many requests, and roughly how many tokens, a request will use.
//! The calls are the run's own (`plan`); input tokens are counted from their prompts at about four
//! characters per token; output tokens from the answer size per item the task needs. Models
//! tokenize differently, so the figures are estimates, shown as such.

use crate::formats;
use crate::plan::{self, Ids};
use crate::request::{LabelingSpec, Task};
use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Estimate {
    pub items: u64,
    pub requests: u64,
    pub input_tokens: u64,
    pub output_tokens: u64,
}

/// Characters per token used for estimates (a common rule of thumb for English text).
const CHARS_PER_TOKEN: f64 = 4.0;

pub fn tokens(chars: usize) -> u64 {
    (chars as f64 / CHARS_PER_TOKEN).ceil() as u64
}

/// Output tokens per item: an id and a label name in JSON, more for several labels or spans.
fn output_per_item(task: Task, labels: &[crate::labels::Label]) -> u64 {
    let avg_label =
        labels.iter().map(|l| l.name.chars().count()).sum::<usize>() / labels.len().max(1);
    let per = match task {
        Task::Single => 20 + avg_label,
        Task::Multi => 24 + 2 * avg_label,
        Task::Spans => 40 + 3 * (avg_label + 20),
    };
    tokens(per)
}

pub fn estimate(spec: &LabelingSpec) -> Estimate {
    let shape = spec.shape(spec.adaptations);
    let mut input_chars = 0usize;
    let mut requests = 0u64;
    let mut items = 0u64;
    for call in plan::calls(spec, &shape, Ids::Local) {
        input_chars += call.prompt.system.chars().count() + call.prompt.user.chars().count();
        if shape.answer.sends_schema() {
            // The tool definition or output schema is sent with every request.
            input_chars += call.schema.to_string().len() + formats::TOOL_OVERHEAD_CHARS;
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
    Estimate {
        items,
        requests,
        input_tokens: tokens(input_chars),
        output_tokens: items * output_per_item(spec.task, &spec.labels) + 10 * requests + reasoning,
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
    }
}
