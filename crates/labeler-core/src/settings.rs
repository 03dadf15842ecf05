//! Non-secret popup settings that persist between sessions.
//!
//! The type has no field for a key or token, and unknown fields are dropped when it is read, so
//! a caller that passes credentials by mistake still stores none.

use serde::{Deserialize, Serialize};

/// Non-secret settings persisted in localStorage.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "camelCase", default)]
pub struct Settings {
    #[cfg_attr(test, ts(optional))]
    pub region: Option<String>,
    #[cfg_attr(test, ts(optional))]
    pub model_id: Option<String>,
    /// The labels box as typed (one per line or comma-separated).
    #[cfg_attr(test, ts(optional))]
    pub labels: Option<String>,
    #[cfg_attr(test, ts(optional))]
    pub endpoint: Option<String>,
    #[cfg_attr(test, ts(optional))]
    pub task: Option<String>,
    #[cfg_attr(test, ts(optional))]
    pub instructions: Option<String>,
    #[cfg_attr(test, ts(optional))]
    pub temperature: Option<f64>,
    #[cfg_attr(test, ts(optional))]
    pub batch_size: Option<u32>,
    /// Model family override ("" = from the model id).
    #[cfg_attr(test, ts(optional))]
    pub family: Option<String>,
    /// API override ("" = the model's native body, "converse").
    #[cfg_attr(test, ts(optional))]
    pub api: Option<String>,
    /// Popup: how the texts box is cut into items ("line": one per line, "blank": separated by a
    /// blank line).
    #[cfg_attr(test, ts(optional))]
    pub text_split: Option<String>,
    /// Workspace: requests in flight at most, and the retry budget.
    #[cfg_attr(test, ts(optional))]
    pub concurrency: Option<u32>,
    #[cfg_attr(test, ts(optional, type = "number"))]
    pub retry_budget: Option<u64>,
    /// The request's `serviceTier` ("" or absent = Standard; "flex", "priority").
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(test, ts(optional))]
    pub service_tier: Option<String>,
    /// Workspace: the account's tokens-per-minute quota, when the user knows it (the request's
    /// `tokensPerMinute`).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(test, ts(optional))]
    pub tokens_per_minute: Option<f64>,
}

impl Settings {
    /// Reads settings leniently: anything unreadable becomes the default, never an error.
    pub fn from_json(value: serde_json::Value) -> Self {
        serde_json::from_value(value).unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn secrets_are_dropped() {
        let s = Settings::from_json(json!({
            "region": "eu-west-1", "secretAccessKey": "s3cr3t", "sessionToken": "tok",
            "credentials": {"secretAccessKey": "s3cr3t"}
        }));
        let out = serde_json::to_string(&s).unwrap();
        assert!(out.contains("eu-west-1"));
        assert!(!out.contains("s3cr3t") && !out.contains("tok"));
    }

    #[test]
    fn tier_and_quota_round_trip_and_are_left_out_when_unset() {
        let s = Settings::from_json(json!({"serviceTier": "flex", "tokensPerMinute": 400000}));
        let out = serde_json::to_value(&s).unwrap();
        assert_eq!(out["serviceTier"], "flex");
        assert_eq!(out["tokensPerMinute"], 400000.0);
        let plain = serde_json::to_value(Settings::from_json(json!({}))).unwrap();
        assert!(plain.get("serviceTier").is_none() && plain.get("tokensPerMinute").is_none());
    }

    #[test]
    fn text_split_round_trips() {
        let s = Settings::from_json(json!({"textSplit": "blank", "region": "us-east-1"}));
        assert_eq!(s.text_split.as_deref(), Some("blank"));
        let out = serde_json::to_value(&s).unwrap();
        assert_eq!(out["textSplit"], "blank");
    }
}
