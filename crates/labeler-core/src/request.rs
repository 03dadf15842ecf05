//! `PredictLabelsRequest`: parsed from JSON and validated field by field, so that a bad input
//! gets an `InvalidInput` error naming the field (`credentials.secretAccessKey`, `labels[2]`, …).

use crate::endpoint::{self, Endpoint, Region};
use crate::error::LabelerError;
use crate::formats::Api;
use crate::models::{Adaptation, Adaptations, ModelRow};
use crate::secret::Secret;
use serde_json::{Map, Value};

/// What the caller gave us, cleaned and checked.
#[derive(Debug, Clone)]
pub struct PredictLabelsRequest {
    pub credentials: Credentials,
    pub region: Region,
    pub model_id: String,
    pub labels: Vec<Label>,
    pub texts: Vec<String>,
    pub task: Task,
    pub instructions: Option<String>,
    pub temperature: Option<f64>,
    pub top_p: Option<f64>,
    pub max_tokens: Option<u32>,
    pub endpoint: Endpoint,
    /// Read answers as they stream (`InvokeModelWithResponseStream`) where the model family's
    /// stream can be read; default false.
    pub stream: bool,
    /// What the model can do: its row in the capability table, found from the id (or, for ids
    /// that name no model, from `baseModelId` or `family`).
    pub model: &'static ModelRow,
    /// `"converse"` sends every request through the Converse API; `None` uses the model's
    /// native body where it has one (Converse otherwise).
    pub api: Option<Api>,
    /// Refusals already known for this model (remembered by the caller from an earlier
    /// result's `adaptations`): applied from the first request.
    pub adaptations: Adaptations,
    /// Few-shot examples, labels checked against the label set.
    pub examples: Vec<Example>,
    /// A user prompt template with `{text}` and `{labels}` placeholders.
    pub user_prompt: Option<String>,
    /// Items per request.
    pub batch_size: usize,
    /// Retries per request for transient errors.
    pub max_retries: u32,
    /// Requests in flight at most (the adaptive limit stays at or below it).
    pub concurrency: usize,
    /// Retries for the whole call; `None` = five per request, at least 20.
    pub retry_budget: Option<u64>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Example {
    pub text: String,
    pub labels: Vec<String>,
}

#[derive(Debug, Clone)]
pub struct Credentials {
    pub access_key_id: String,
    pub secret_access_key: Secret,
    pub session_token: Option<Secret>,
    /// When temporary keys stop working (ms since the epoch), if the caller said
    /// (`credentials.expiration`); checked with [`crate::credentials::check_not_expired`].
    pub expires_at_ms: Option<i64>,
}

impl Credentials {
    /// Every secret value, for [`crate::secret::redact`].
    pub fn secrets(&self) -> Vec<&Secret> {
        let mut v = vec![&self.secret_access_key];
        if let Some(t) = &self.session_token {
            v.push(t);
        }
        v
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Label {
    pub name: String,
    pub description: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Task {
    Single,
    Multi,
    Spans,
}

impl Task {
    pub fn as_str(self) -> &'static str {
        match self {
            Task::Single => "single",
            Task::Multi => "multi",
            Task::Spans => "spans",
        }
    }
}

const KNOWN_FIELDS: &[&str] = &[
    "credentials",
    "region",
    "modelId",
    "labels",
    "texts",
    "task",
    "instructions",
    "temperature",
    "topP",
    "maxTokens",
    "endpoint",
    "family",
    "examples",
    "userPrompt",
    "batchSize",
    "maxRetries",
    "concurrency",
    "retryBudget",
    "stream",
    "api",
    "baseModelId",
    "adaptations",
];

pub const DEFAULT_CONCURRENCY: usize = 4;
pub const MAX_CONCURRENCY: usize = 64;

/// Items per request when the caller does not say: one request carries the instructions and
/// label set once for ten items, which cuts the input tokens per item several times over, while
/// an answer stays short and a failed request costs at most ten items a retry.
pub const DEFAULT_BATCH_SIZE: usize = 10;
pub const MAX_BATCH_SIZE: usize = 50;

/// Limits that keep one call sane; Bedrock's own limits are larger but these catch mistakes
/// (a whole file pasted as one label) with a clear message instead of a 400 from AWS.
pub const MAX_LABELS: usize = 500;
pub const MAX_LABEL_CHARS: usize = 200;
pub const MAX_TEXTS: usize = 100_000;

impl PredictLabelsRequest {
    pub fn from_json_str(json: &str) -> Result<Self, LabelerError> {
        let value: Value = serde_json::from_str(json).map_err(|e| {
            LabelerError::invalid_input("request", &format!("is not valid JSON ({e})"))
        })?;
        Self::from_json(&value)
    }

    pub fn from_json(value: &Value) -> Result<Self, LabelerError> {
        let obj = value
            .as_object()
            .ok_or_else(|| LabelerError::invalid_input("request", "must be an object"))?;
        for key in obj.keys() {
            if !KNOWN_FIELDS.contains(&key.as_str()) {
                return Err(LabelerError::invalid_input(
                    key,
                    &format!(
                        "is not a known field (known fields: {})",
                        KNOWN_FIELDS.join(", ")
                    ),
                ));
            }
        }

        let credentials = parse_credentials(obj.get("credentials"))?;
        let region = Region::parse(&required_string(obj, "region", "region")?)
            .map_err(|problem| LabelerError::invalid_input("region", &problem))?;
        let model_id = required_string(obj, "modelId", "modelId")?;
        crate::model_id::validate(&model_id)
            .map_err(|p| LabelerError::invalid_input("modelId", &p))?;
        let labels = parse_labels(obj.get("labels"))?;
        let texts = parse_texts(obj.get("texts"))?;
        let task = match optional_string(obj, "task", "task")?.as_deref() {
            None | Some("single") => Task::Single,
            Some("multi") => Task::Multi,
            Some("spans") => Task::Spans,
            Some(other) => {
                return Err(LabelerError::invalid_input(
                    "task",
                    &format!("must be \"single\", \"multi\" or \"spans\", not {other:?}"),
                ))
            }
        };
        let instructions = optional_string(obj, "instructions", "instructions")?;
        let temperature = optional_number(obj, "temperature", 0.0, 1.0)?;
        let top_p = optional_number(obj, "topP", 0.0, 1.0)?;
        let max_tokens = optional_whole(obj, "maxTokens", 1.0, 200_000.0)?.map(|n| n as u32);
        // The raw text, not `optional_string` (whose Unicode trim could turn a refused value
        // into "no override"): crate::endpoint decides, as it does for the pages.
        let endpoint = match obj.get("endpoint") {
            None | Some(Value::Null) => None,
            Some(Value::String(s)) => Some(s.as_str()),
            Some(_) => return Err(LabelerError::invalid_input("endpoint", "must be a string")),
        };
        let endpoint = endpoint::resolve(&region, endpoint, endpoint::Loopback::of_this_build())?;

        let family = optional_string(obj, "family", "family")?;
        let base_model_id = optional_string(obj, "baseModelId", "baseModelId")?;
        let model = crate::models::lookup(&model_id, base_model_id.as_deref(), family.as_deref())?;
        let api = match optional_string(obj, "api", "api")?.as_deref() {
            None => None,
            Some("invoke") => Some(Api::Invoke),
            Some("converse") => Some(Api::Converse),
            Some(other) => {
                return Err(LabelerError::invalid_input(
                    "api",
                    &format!("must be \"invoke\" or \"converse\", not {other:?}"),
                ))
            }
        };
        let adaptations = parse_adaptations(obj.get("adaptations"))?;
        let examples = parse_examples(obj.get("examples"), &labels)?;
        let user_prompt = optional_string(obj, "userPrompt", "userPrompt")?;
        let batch_size = optional_whole(obj, "batchSize", 1.0, MAX_BATCH_SIZE as f64)?
            .map_or(DEFAULT_BATCH_SIZE, |n| n as usize);
        let max_retries = optional_whole(
            obj,
            "maxRetries",
            0.0,
            crate::retry::MAX_RETRIES_LIMIT as f64,
        )?
        .map_or(crate::retry::DEFAULT_MAX_RETRIES, |n| n as u32);
        let concurrency = optional_whole(obj, "concurrency", 1.0, MAX_CONCURRENCY as f64)?
            .map_or(DEFAULT_CONCURRENCY, |n| n as usize);
        let retry_budget = optional_whole(obj, "retryBudget", 0.0, 1e9)?.map(|n| n as u64);
        let stream = match obj.get("stream") {
            None | Some(Value::Null) => false,
            Some(Value::Bool(b)) => *b,
            Some(_) => {
                return Err(LabelerError::invalid_input(
                    "stream",
                    "must be true or false",
                ))
            }
        };

        Ok(Self {
            credentials,
            region,
            model_id,
            labels,
            texts,
            task,
            instructions,
            temperature,
            top_p,
            max_tokens,
            endpoint,
            model,
            api,
            adaptations,
            examples,
            user_prompt,
            batch_size,
            max_retries,
            concurrency,
            retry_budget,
            stream,
        })
    }
}

impl PredictLabelsRequest {
    /// For work that sends nothing (batch-inference files, cache keys): credentials may be
    /// absent; placeholders that can never sign a valid request stand in for them.
    pub fn from_json_offline(value: &Value) -> Result<Self, LabelerError> {
        let mut v = value.clone();
        if let Some(obj) = v.as_object_mut() {
            if !obj.contains_key("credentials") || obj["credentials"].is_null() {
                obj.insert(
                    "credentials".into(),
                    serde_json::json!({"accessKeyId": "AKIAOFFLINEPLACEHOLD", "secretAccessKey": "offline-placeholder"}),
                );
            }
        }
        let req = Self::from_json(&v);
        crate::credentials::wipe_request_secrets(&mut v);
        req
    }
}

/// A label list as the request's `labels` field takes it, validated the same way.
pub fn parse_label_list(v: &Value) -> Result<Vec<Label>, LabelerError> {
    parse_labels(Some(v))
}

/// Pasted values often carry surrounding whitespace or quotes; neither is ever part of a key.
pub fn clean_pasted(s: &str) -> &str {
    s.trim()
        .trim_end_matches(',')
        .trim()
        .trim_matches(|c| c == '"' || c == '\'')
        .trim()
}

fn parse_credentials(v: Option<&Value>) -> Result<Credentials, LabelerError> {
    let obj = match v {
        Some(Value::Object(o)) => o,
        None | Some(Value::Null) => {
            return Err(LabelerError::invalid_input(
                "credentials",
                "is required: { accessKeyId, secretAccessKey, sessionToken? }",
            ))
        }
        Some(_) => {
            return Err(LabelerError::invalid_input(
                "credentials",
                "must be an object",
            ))
        }
    };
    for key in obj.keys() {
        if ![
            "accessKeyId",
            "secretAccessKey",
            "sessionToken",
            "expiration",
        ]
        .contains(&key.as_str())
        {
            return Err(LabelerError::invalid_input(
                &format!("credentials.{key}"),
                "is not a known field (known: accessKeyId, secretAccessKey, sessionToken, expiration)",
            ));
        }
    }
    let access_key_id = required_string(obj, "accessKeyId", "credentials.accessKeyId")?;
    let access_key_id = clean_pasted(&access_key_id).to_owned();
    if access_key_id.len() < 16
        || access_key_id.len() > 128
        || !access_key_id.bytes().all(|b| b.is_ascii_alphanumeric())
    {
        return Err(LabelerError::invalid_input(
            "credentials.accessKeyId",
            "does not look like an AWS access key id (16–128 letters and digits, e.g. AKIA… or ASIA…)",
        ));
    }
    // Never echo the secret in an error; only describe it.
    // Read in place: the only copy of a secret made here is the Secret itself (wiped on drop).
    let secret = required_str(obj, "secretAccessKey", "credentials.secretAccessKey")?;
    let secret = Secret::new(clean_pasted(secret));
    if secret.is_empty() {
        return Err(LabelerError::invalid_input(
            "credentials.secretAccessKey",
            "is required",
        ));
    }
    if secret
        .expose()
        .chars()
        .any(|c| c.is_whitespace() || c.is_control())
    {
        return Err(LabelerError::invalid_input(
            "credentials.secretAccessKey",
            "contains spaces or line breaks; paste only the key",
        ));
    }
    let session_token = optional_str(obj, "sessionToken", "credentials.sessionToken")?
        .map(|t| Secret::new(clean_pasted(t)))
        .filter(|t| !t.is_empty());
    if let Some(t) = &session_token {
        if t.expose()
            .chars()
            .any(|c| c.is_whitespace() || c.is_control())
        {
            return Err(LabelerError::invalid_input(
                "credentials.sessionToken",
                "contains spaces or line breaks; paste only the token",
            ));
        }
    }
    crate::credentials::check_token_matches_key(&access_key_id, session_token.is_some())?;
    let expires_at_ms = optional_string(obj, "expiration", "credentials.expiration")?
        .map(|t| crate::credentials::parse_expiration(clean_pasted(&t)))
        .transpose()
        .map_err(|p| LabelerError::invalid_input("credentials.expiration", &p))?;
    Ok(Credentials {
        access_key_id,
        secret_access_key: secret,
        session_token,
        expires_at_ms,
    })
}

fn parse_labels(v: Option<&Value>) -> Result<Vec<Label>, LabelerError> {
    let arr = match v {
        Some(Value::Array(a)) => a,
        None | Some(Value::Null) => {
            return Err(LabelerError::invalid_input(
                "labels",
                "is required: give at least one label",
            ))
        }
        Some(_) => return Err(LabelerError::invalid_input("labels", "must be an array")),
    };
    if arr.is_empty() {
        return Err(LabelerError::invalid_input(
            "labels",
            "is empty: give at least one label",
        ));
    }
    if arr.len() > MAX_LABELS {
        return Err(LabelerError::invalid_input(
            "labels",
            &format!("has {} labels; at most {MAX_LABELS} are allowed", arr.len()),
        ));
    }
    let mut labels: Vec<Label> = Vec::with_capacity(arr.len());
    for (i, item) in arr.iter().enumerate() {
        let field = format!("labels[{i}]");
        let (name, description) = match item {
            Value::String(s) => (s.clone(), None),
            Value::Object(o) => {
                let name = required_string(o, "name", &format!("{field}.name"))?;
                let description =
                    optional_string(o, "description", &format!("{field}.description"))?;
                (name, description.filter(|d| !d.trim().is_empty()))
            }
            _ => {
                return Err(LabelerError::invalid_input(
                    &field,
                    "must be a string or { name, description? }",
                ))
            }
        };
        let name = name.trim().to_owned();
        if name.is_empty() {
            return Err(LabelerError::invalid_input(&field, "is empty"));
        }
        if name.chars().count() > MAX_LABEL_CHARS {
            return Err(LabelerError::invalid_input(
                &field,
                &format!("is longer than {MAX_LABEL_CHARS} characters"),
            ));
        }
        if name.chars().any(|c| c.is_control()) {
            return Err(LabelerError::invalid_input(
                &field,
                "contains a line break or control character",
            ));
        }
        let key = crate::labels::normalize(&name);
        if let Some(j) = labels
            .iter()
            .position(|l| crate::labels::normalize(&l.name) == key)
        {
            return Err(LabelerError::invalid_input(
                &field,
                &format!("{name:?} repeats labels[{j}] ({:?})", labels[j].name),
            ));
        }
        labels.push(Label { name, description });
    }
    Ok(labels)
}

fn parse_adaptations(v: Option<&Value>) -> Result<Adaptations, LabelerError> {
    let mut out = Adaptations::default();
    let arr = match v {
        None | Some(Value::Null) => return Ok(out),
        Some(Value::Array(a)) => a,
        Some(_) => {
            return Err(LabelerError::invalid_input(
                "adaptations",
                "must be an array of names such as \"no-temperature\"",
            ))
        }
    };
    for (i, name) in arr.iter().enumerate() {
        let a = name
            .as_str()
            .and_then(Adaptation::from_name)
            .ok_or_else(|| {
                LabelerError::invalid_input(
                    &format!("adaptations[{i}]"),
                    &format!(
                        "must be one of: {}",
                        Adaptation::ALL.map(Adaptation::name).join(", ")
                    ),
                )
            })?;
        out.add(a);
    }
    Ok(out)
}

fn parse_examples(v: Option<&Value>, labels: &[Label]) -> Result<Vec<Example>, LabelerError> {
    let arr = match v {
        None | Some(Value::Null) => return Ok(Vec::new()),
        Some(Value::Array(a)) => a,
        Some(_) => {
            return Err(LabelerError::invalid_input(
                "examples",
                "must be an array of { text, labels }",
            ))
        }
    };
    let mut out = Vec::with_capacity(arr.len());
    for (i, ex) in arr.iter().enumerate() {
        let field = format!("examples[{i}]");
        let obj = ex
            .as_object()
            .ok_or_else(|| LabelerError::invalid_input(&field, "must be { text, labels }"))?;
        let text = required_string(obj, "text", &format!("{field}.text"))?;
        let given = match obj.get("labels") {
            Some(Value::Array(a)) => a,
            Some(Value::String(_)) | None | Some(Value::Null) | Some(_) => {
                return Err(LabelerError::invalid_input(
                    &format!("{field}.labels"),
                    "must be an array of label names",
                ))
            }
        };
        let mut names = Vec::with_capacity(given.len());
        for (j, l) in given.iter().enumerate() {
            let f = format!("{field}.labels[{j}]");
            let s = l
                .as_str()
                .ok_or_else(|| LabelerError::invalid_input(&f, "must be a string"))?;
            let name = crate::labels::match_label(s, labels).ok_or_else(|| {
                LabelerError::invalid_input(&f, &format!("{s:?} is not one of the labels"))
            })?;
            names.push(name.to_owned());
        }
        out.push(Example {
            text,
            labels: names,
        });
    }
    Ok(out)
}

fn parse_texts(v: Option<&Value>) -> Result<Vec<String>, LabelerError> {
    let arr = match v {
        Some(Value::Array(a)) => a,
        None | Some(Value::Null) => {
            return Err(LabelerError::invalid_input(
                "texts",
                "is required: give at least one text",
            ))
        }
        Some(_) => {
            return Err(LabelerError::invalid_input(
                "texts",
                "must be an array of strings",
            ))
        }
    };
    if arr.is_empty() {
        return Err(LabelerError::invalid_input(
            "texts",
            "is empty: give at least one text to label",
        ));
    }
    if arr.len() > MAX_TEXTS {
        return Err(LabelerError::invalid_input(
            "texts",
            &format!("has {} items; at most {MAX_TEXTS} per call", arr.len()),
        ));
    }
    arr.iter()
        .enumerate()
        .map(|(i, t)| match t {
            Value::String(s) => Ok(s.clone()),
            _ => Err(LabelerError::invalid_input(
                &format!("texts[{i}]"),
                "must be a string",
            )),
        })
        .collect()
}

fn required_string(
    obj: &Map<String, Value>,
    key: &str,
    field: &str,
) -> Result<String, LabelerError> {
    required_str(obj, key, field).map(str::to_owned)
}

fn required_str<'a>(
    obj: &'a Map<String, Value>,
    key: &str,
    field: &str,
) -> Result<&'a str, LabelerError> {
    match obj.get(key) {
        Some(Value::String(s)) if !s.trim().is_empty() => Ok(s),
        Some(Value::String(_)) | None | Some(Value::Null) => {
            Err(LabelerError::invalid_input(field, "is required"))
        }
        Some(_) => Err(LabelerError::invalid_input(field, "must be a string")),
    }
}

/// `None` for an absent, null or blank value.
fn optional_string(
    obj: &Map<String, Value>,
    key: &str,
    field: &str,
) -> Result<Option<String>, LabelerError> {
    Ok(optional_str(obj, key, field)?.map(str::to_owned))
}

fn optional_str<'a>(
    obj: &'a Map<String, Value>,
    key: &str,
    field: &str,
) -> Result<Option<&'a str>, LabelerError> {
    match obj.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) if s.trim().is_empty() => Ok(None),
        Some(Value::String(s)) => Ok(Some(s)),
        Some(_) => Err(LabelerError::invalid_input(field, "must be a string")),
    }
}

fn optional_whole(
    obj: &Map<String, Value>,
    key: &str,
    min: f64,
    max: f64,
) -> Result<Option<f64>, LabelerError> {
    match optional_number(obj, key, min, max)? {
        Some(n) if n.fract() != 0.0 => {
            Err(LabelerError::invalid_input(key, "must be a whole number"))
        }
        other => Ok(other),
    }
}

fn optional_number(
    obj: &Map<String, Value>,
    key: &str,
    min: f64,
    max: f64,
) -> Result<Option<f64>, LabelerError> {
    match obj.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Number(n)) => {
            let x = n.as_f64().unwrap_or(f64::NAN);
            if x.is_finite() && x >= min && x <= max {
                Ok(Some(x))
            } else {
                Err(LabelerError::invalid_input(
                    key,
                    &format!("must be between {min} and {max}, not {n}"),
                ))
            }
        }
        Some(_) => Err(LabelerError::invalid_input(key, "must be a number")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn base() -> Value {
        json!({
            "credentials": {"accessKeyId": "AKIDEXAMPLE12345", "secretAccessKey": "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"},
            "region": "us-east-1",
            "modelId": "anthropic.claude-3-haiku-20240307-v1:0",
            "labels": ["positive", {"name": "negative", "description": "unhappy"}],
            "texts": ["great", "awful"]
        })
    }

    fn err_of(v: Value) -> LabelerError {
        PredictLabelsRequest::from_json(&v).expect_err("should be rejected")
    }

    #[test]
    fn accepts_a_good_request() {
        let r = PredictLabelsRequest::from_json(&base()).unwrap();
        assert_eq!(
            r.labels[1],
            Label {
                name: "negative".into(),
                description: Some("unhappy".into())
            }
        );
        assert_eq!(r.task, Task::Single);
        assert_eq!(
            r.endpoint.base_url(),
            "https://bedrock-runtime.us-east-1.amazonaws.com"
        );
    }

    #[test]
    fn empty_labels_name_the_field() {
        let mut v = base();
        v["labels"] = json!([]);
        let e = err_of(v);
        assert_eq!(e.code, "InvalidInput");
        assert!(e.message.starts_with("labels:"), "{}", e.message);
    }

    #[test]
    fn empty_texts_name_the_field() {
        let mut v = base();
        v["texts"] = json!([]);
        assert!(err_of(v).message.starts_with("texts:"));
    }

    #[test]
    fn bad_region_names_the_field() {
        for bad in [
            "US-EAST-1",
            "us east 1",
            "useast1",
            "us-east-1/../x",
            "https://x",
        ] {
            let mut v = base();
            v["region"] = json!(bad);
            let e = err_of(v);
            assert!(e.message.starts_with("region:"), "{bad}: {}", e.message);
        }
    }

    #[test]
    fn missing_secret_names_the_field_and_never_echoes_secrets() {
        let mut v = base();
        v["credentials"]["secretAccessKey"] = json!("");
        let e = err_of(v);
        assert_eq!(e.code, "InvalidInput");
        assert!(
            e.message.starts_with("credentials.secretAccessKey:"),
            "{}",
            e.message
        );

        let mut v = base();
        v["credentials"]["secretAccessKey"] = json!("abc def");
        let e = err_of(v);
        assert!(!e.message.contains("abc def"));
    }

    #[test]
    fn duplicate_labels_are_rejected() {
        let mut v = base();
        v["labels"] = json!(["Positive", " positive "]);
        let e = err_of(v);
        assert!(e.message.starts_with("labels[1]:"), "{}", e.message);
    }

    #[test]
    fn unknown_fields_are_named() {
        let mut v = base();
        v["temprature"] = json!(0.5);
        assert!(err_of(v).message.starts_with("temprature:"));
    }

    #[test]
    fn numbers_are_range_checked() {
        let mut v = base();
        v["temperature"] = json!(3);
        assert!(err_of(v).message.starts_with("temperature:"));
        let mut v = base();
        v["maxTokens"] = json!(10.5);
        assert!(err_of(v).message.starts_with("maxTokens:"));
    }

    #[test]
    fn pasted_values_are_cleaned() {
        let mut v = base();
        v["credentials"]["accessKeyId"] = json!("  \"AKIDEXAMPLE12345\", ");
        v["credentials"]["sessionToken"] = json!("   ");
        let r = PredictLabelsRequest::from_json(&v).unwrap();
        assert_eq!(r.credentials.access_key_id, "AKIDEXAMPLE12345");
        assert!(r.credentials.session_token.is_none());
    }

    #[test]
    fn temporary_keys_need_a_token_and_long_lived_keys_must_not_have_one() {
        let mut v = base();
        v["credentials"]["accessKeyId"] = json!("ASIAEMULATORROLE0001");
        let e = err_of(v.clone());
        assert_eq!(e.code, "InvalidInput");
        assert!(
            e.message.starts_with("credentials.sessionToken:"),
            "{}",
            e.message
        );
        v["credentials"]["sessionToken"] = json!("  \"IQoJb3JpZ2luX2VjTOKEN\",");
        assert!(PredictLabelsRequest::from_json(&v).is_ok());

        let mut v = base();
        v["credentials"]["accessKeyId"] = json!("AKIAEMULATORUSER0001");
        assert!(PredictLabelsRequest::from_json(&v).is_ok());
        v["credentials"]["sessionToken"] = json!("IQoJb3JpZ2luX2VjTOKEN");
        let e = err_of(v);
        assert!(
            e.message.starts_with("credentials.sessionToken:"),
            "{}",
            e.message
        );
        assert!(!e.message.contains("IQoJ"), "never echoes the token");
    }

    #[test]
    fn expiration_is_read_and_checked_for_shape() {
        let mut v = base();
        v["credentials"]["expiration"] = json!("2025-01-02T04:04:05+00:00");
        let r = PredictLabelsRequest::from_json(&v).unwrap();
        assert_eq!(r.credentials.expires_at_ms, Some(1_735_790_645_000));
        v["credentials"]["expiration"] = json!("soon");
        assert!(err_of(v).message.starts_with("credentials.expiration:"));
    }

    #[test]
    fn batching_family_examples_and_prompt_fields() {
        let r = PredictLabelsRequest::from_json(&base()).unwrap();
        assert_eq!(r.batch_size, DEFAULT_BATCH_SIZE);
        assert_eq!(r.model.family, "anthropic");
        assert!(r.examples.is_empty() && r.user_prompt.is_none());

        let mut v = base();
        v["batchSize"] = json!(3);
        v["family"] = json!("nova");
        v["userPrompt"] = json!("Label: {text}");
        v["examples"] = json!([{"text": "yay", "labels": ["POSITIVE"]}]);
        v["modelId"] =
            json!("arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/abc");
        let r = PredictLabelsRequest::from_json(&v).unwrap();
        assert_eq!(r.batch_size, 3);
        assert_eq!(r.model.format, crate::formats::Format::Nova);
        assert_eq!(r.examples[0].labels, vec!["positive".to_string()]);

        for (field, value, prefix) in [
            ("batchSize", json!(0), "batchSize:"),
            ("batchSize", json!(2.5), "batchSize:"),
            ("family", json!("gpt"), "family:"),
            (
                "examples",
                json!([{"text": "x", "labels": ["nope"]}]),
                "examples[0].labels[0]:",
            ),
            ("examples", json!([{"labels": []}]), "examples[0].text:"),
        ] {
            let mut v = base();
            v[field] = value;
            let e = err_of(v);
            assert!(e.message.starts_with(prefix), "{field}: {}", e.message);
        }
    }

    #[test]
    fn an_unknown_family_is_unsupported_and_says_how_to_pick_one() {
        let mut v = base();
        v["modelId"] =
            json!("arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/abc");
        let e = err_of(v);
        assert_eq!(e.code, "Unsupported");
        assert!(e.message.contains("\"family\""), "{}", e.message);
    }

    #[test]
    fn api_base_model_and_adaptations_are_read_and_checked() {
        let mut v = base();
        v["api"] = json!("converse");
        v["adaptations"] = json!(["no-temperature", "no-forced-tool"]);
        let r = PredictLabelsRequest::from_json(&v).unwrap();
        assert_eq!(r.api, Some(Api::Converse));
        assert!(r.adaptations.has(Adaptation::NoTemperature));
        assert!(r.adaptations.has(Adaptation::NoForcedTool));
        v["api"] = json!("chat");
        assert!(err_of(v.clone()).message.starts_with("api:"));
        v["api"] = json!(null);
        v["adaptations"] = json!(["no-thanks"]);
        assert!(err_of(v.clone()).message.starts_with("adaptations[0]:"));
        let mut v = base();
        v["modelId"] =
            json!("arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/abc");
        v["baseModelId"] = json!("anthropic.claude-opus-5-5");
        let r = PredictLabelsRequest::from_json(&v).unwrap();
        assert_eq!(r.model.prefix, "anthropic.claude-opus-5-5");
    }

    #[test]
    fn bad_task_is_named() {
        let mut v = base();
        v["task"] = json!("many");
        assert!(err_of(v).message.starts_with("task:"));
    }

    #[test]
    fn stream_is_an_optional_bool() {
        assert!(!PredictLabelsRequest::from_json(&base()).unwrap().stream);
        let mut v = base();
        v["stream"] = json!(true);
        assert!(PredictLabelsRequest::from_json(&v).unwrap().stream);
        v["stream"] = json!("yes");
        assert!(err_of(v).message.starts_with("stream: "));
    }
}
