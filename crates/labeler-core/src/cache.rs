//! Cache keys for predictions: the same endpoint, region, model, prompt, labels, task and text
//! give the same answer key, so a repeated item is answered from the workspace's cache without a
//! request. Anything that changes who answers (the endpoint and region: an answer from the local
//! emulator, or from another region's service, must never be replayed into a real AWS run) or
//! what the model is asked (instructions, template, examples, label descriptions, sampling, the
//! model's row and API) changes the key; credentials and batch size do not. What goes into the
//! key besides the text is `LabelingSpec::answer_settings`, beside the fields it names.

use crate::request::LabelingSpec;
use sha2::{Digest, Sha256};

/// One hex SHA-256 key per text of `spec`.
pub fn cache_keys(spec: &LabelingSpec) -> Vec<String> {
    let settings = spec.answer_settings();
    spec.texts
        .iter()
        .map(|text| {
            let mut h = Sha256::new();
            h.update(settings.as_bytes());
            h.update([0u8]);
            h.update(text.as_bytes());
            hex::encode(h.finalize())
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::{json, Value};

    fn req(extra: Value) -> LabelingSpec {
        let mut v = json!({
            "credentials": {"accessKeyId": "AKIAEMULATORUSER0001", "secretAccessKey": "secret/secret/secret"},
            "region": "us-east-1", "modelId": "anthropic.claude-3-haiku-20240307-v1:0",
            "labels": ["a", "b"], "texts": ["one", "two", "one"]
        });
        for (k, val) in extra.as_object().unwrap() {
            v[k] = val.clone();
        }
        crate::request::PredictLabelsRequest::from_json(&v)
            .unwrap()
            .spec
    }

    #[test]
    fn same_question_same_key_and_anything_that_changes_the_question_changes_it() {
        let base = cache_keys(&req(json!({})));
        assert_eq!(base[0], base[2]);
        assert_ne!(base[0], base[1]);
        assert_eq!(base[0].len(), 64);
        for change in [
            json!({"modelId": "us.anthropic.claude-3-haiku-20240307-v1:0"}),
            json!({"task": "multi"}),
            json!({"labels": ["a", "c"]}),
            json!({"labels": ["a", {"name": "b", "description": "bee"}]}),
            json!({"instructions": "Be strict."}),
            json!({"userPrompt": "{text}"}),
            json!({"temperature": 0.5}),
            json!({"examples": [{"text": "x", "labels": ["a"]}]}),
        ] {
            assert_ne!(cache_keys(&req(change.clone()))[0], base[0], "{change}");
        }
        for same in [
            json!({"batchSize": 3}),
            json!({"endpoint": "https://bedrock-runtime.us-east-1.amazonaws.com/"}),
            json!({"credentials": {"accessKeyId": "AKIAEMULATORUSER0002", "secretAccessKey": "another/secret/key"}}),
        ] {
            assert_eq!(cache_keys(&req(same.clone()))[0], base[0], "{same}");
        }
    }

    #[test]
    fn keys_differ_by_endpoint_and_region() {
        let base = cache_keys(&req(json!({})))[0].clone();
        let other_region = cache_keys(&req(json!({"region": "eu-west-1"})))[0].clone();
        let emulator = cache_keys(&req(json!({"endpoint": "http://127.0.0.1:4010"})))[0].clone();
        let other_port = cache_keys(&req(json!({"endpoint": "http://127.0.0.1:4011"})))[0].clone();
        let fips = cache_keys(&req(
            json!({"endpoint": "https://bedrock-runtime-fips.us-east-1.amazonaws.com"}),
        ))[0]
            .clone();
        let all = [&base, &other_region, &emulator, &other_port, &fips];
        for (i, a) in all.iter().enumerate() {
            for b in &all[i + 1..] {
                assert_ne!(a, b);
            }
        }
    }
}
