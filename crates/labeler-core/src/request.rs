//! The request: typed JSON, then validated into new types.
//!
//! 1. [`RawRequest`] is the object the caller sends, flat, as `types.d.ts`'s
//!    `PredictLabelsRequest` (generated from it: see `ts_types.rs`). It is read with serde
//!    (`deny_unknown_fields`) through `serde_path_to_error`, so a wrong type or an unknown
//!    field is an `InvalidInput` naming its path (`credentials.secretAccessKey`, `labels[2]`).
//! 2. [`RawRequest::validate`] splits it into its three parts and checks every field once:
//!    [`Credentials`] (who signs), [`LabelingSpec`] (what is asked, of which model, where) and
//!    [`CallOptions`] (how the call runs). Code past this point never re-checks a field.
//!
//! Work that sends nothing (estimates, cache keys, batch-inference files) reads the spec alone,
//! [`LabelingSpec::from_json`]: no keys needed.
//!
//! A new request field is a field of [`RawRequest`] (its doc comment is its TypeScript doc),
//! its checked form in [`LabelingSpec`] or [`CallOptions`], and its check in `validate`.

use crate::endpoint::{self, Endpoint, Region};
use crate::error::LabelerError;
use crate::formats::Api;
pub use crate::labels::Label;
use crate::models::table::Tiers;
use crate::models::{Adaptation, Adaptations, ModelRow, Shape, Wanted};
use crate::secret::Secret;
use crate::tier::ServiceTier;
use serde::de::{self, value::MapAccessDeserializer, Deserializer, MapAccess, Visitor};
use serde::Deserialize;
use serde_json::Value;
use std::fmt;
use std::marker::PhantomData;

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

// ---- 1. What the caller sends ----

/// What `predictLabels` is asked: the texts to label, the label set, the model, and how.
// Every field is optional here, so that a missing one is named by validation ("is required");
// serde checks each one's JSON type. The TypeScript type marks the required ones.
#[derive(Debug, Default, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[cfg_attr(test, ts(rename = "PredictLabelsRequest"))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct RawRequest {
    #[cfg_attr(test, ts(as = "RawCredentials"))]
    pub credentials: Option<Object<RawCredentials>>,
    /// e.g. "us-east-1"
    #[cfg_attr(test, ts(type = "string"))]
    pub region: Option<String>,
    /// Base model id, inference profile id, or ARN. What the model can do is looked up in the
    /// capability table (crates/labeler-core/src/models/table.rs).
    #[cfg_attr(test, ts(type = "string"))]
    pub model_id: Option<String>,
    #[cfg_attr(test, ts(as = "Vec<RawLabel>"))]
    pub labels: Option<Vec<RawLabel>>,
    /// The items to label.
    #[cfg_attr(test, ts(as = "Vec<String>"))]
    pub texts: Option<Vec<String>>,
    /// Default "single".
    #[cfg_attr(test, ts(optional, as = "Option<Task>"))]
    pub task: Option<String>,
    /// System prompt.
    #[cfg_attr(test, ts(optional))]
    pub instructions: Option<String>,
    #[cfg_attr(test, ts(optional))]
    pub temperature: Option<f64>,
    #[cfg_attr(test, ts(optional))]
    pub top_p: Option<f64>,
    #[cfg_attr(test, ts(optional))]
    pub max_tokens: Option<f64>,
    /// Base URL override: a FIPS host such as "https://bedrock-runtime-fips.us-east-1.amazonaws.com", or
    /// (development build only) the local emulator, "http://127.0.0.1:4010"; anything else is refused
    /// (see endpointFor). Default https://bedrock-runtime.{region}.amazonaws.com
    #[cfg_attr(test, ts(optional))]
    pub endpoint: Option<String>,
    /// Model family, for ids that do not tell it (application inference profile ARNs).
    #[cfg_attr(test, ts(optional, type = "Family"))]
    pub family: Option<String>,
    /// For ids that name no model (application inference profiles, provisioned models): the base
    /// model they serve, e.g. "anthropic.claude-sonnet-4-5-20250929-v1:0"; its table row applies.
    #[cfg_attr(test, ts(optional))]
    pub base_model_id: Option<String>,
    /// "converse" sends every request through the Converse API; default: the model's native
    /// InvokeModel body where it has one, Converse otherwise. No extra IAM action is needed.
    #[cfg_attr(test, ts(optional, as = "Option<Api>"))]
    pub api: Option<String>,
    /// Refusals already known for this model (an earlier result's `adaptations`), applied from
    /// the first request.
    #[cfg_attr(test, ts(optional, as = "Option<Vec<Adaptation>>"))]
    pub adaptations: Option<Vec<String>>,
    /// Few-shot examples; their labels must be in the label set.
    #[cfg_attr(test, ts(optional, as = "Option<Vec<RawExample>>"))]
    pub examples: Option<Vec<Object<RawExample>>>,
    /// User prompt template; {text} becomes the items, {labels} the label list.
    #[cfg_attr(test, ts(optional))]
    pub user_prompt: Option<String>,
    /// Prompt caching: a cache checkpoint after the part of the prompt every request of the
    /// call shares (instructions, labels, examples), where the model caches and that part is
    /// long enough for it (the capability table says). Default true.
    #[cfg_attr(test, ts(optional))]
    pub prompt_caching: Option<bool>,
    /// The short answer form (`{"r":[{"id":"1","l":"label"}]}`); false asks for the verbose
    /// one (`{"results":[{"id":"1","label":"label"}]}`). Both are read either way. Default true.
    #[cfg_attr(test, ts(optional))]
    pub compact_answers: Option<bool>,
    /// Items per request, 1–50; default 10.
    #[cfg_attr(test, ts(optional))]
    pub batch_size: Option<f64>,
    /// Retries per request for transient errors (throttling, server faults, no response, a
    /// broken stream), 0–20; default 4.
    #[cfg_attr(test, ts(optional))]
    pub max_retries: Option<f64>,
    /// Requests in flight at most, 1–64; default 4. The actual limit adapts to throttling.
    #[cfg_attr(test, ts(optional))]
    pub concurrency: Option<f64>,
    /// Retries for the whole call, every kind together (each retry also counts against its
    /// request's maxRetries); default 5 per request, at least 20.
    #[cfg_attr(test, ts(optional))]
    pub retry_budget: Option<f64>,
    /// Stream answers (InvokeModelWithResponseStream / ConverseStream) and report each item the
    /// moment its answer is complete. Default false. Models whose stream is not read (Llama 4,
    /// Cohere, Jamba, DeepSeek R1, gpt-oss) are called without streaming, with the same answers.
    #[cfg_attr(test, ts(optional))]
    pub stream: Option<bool>,
    /// "standard" (default), "flex" (discounted, may wait longer) or "priority" (premium), where
    /// the model offers it (the capability table says; a tier it does not offer is refused with
    /// InvalidInput naming serviceTier). If Bedrock refuses the tier anyway, the call falls back
    /// to Standard once, with an Adapted warning.
    #[cfg_attr(test, ts(optional, as = "Option<crate::tier::ServiceTier>"))]
    pub service_tier: Option<String>,
    /// The account's tokens-per-minute quota for this model (Service Quotas console: "On-demand
    /// InvokeModel tokens per minute for …" or the cross-region / global one): requests are paced
    /// to stay under it from the start. Without it, the quota is learnt from the first throttling.
    #[cfg_attr(test, ts(optional))]
    pub tokens_per_minute: Option<f64>,
    /// A requests-per-minute limit to pace to as well (Bedrock's runtime quotas are tokens only
    /// since 2026; for a proxy or an older quota). Default none.
    #[cfg_attr(test, ts(optional))]
    pub requests_per_minute: Option<f64>,
    /// How long a paced call waits out throttling with no request answered before throttles
    /// count as retries again and the call can fail its items (ms, 1,000–3,600,000); default
    /// 120,000. The retry budget bounds time, not correctness: this is that time.
    #[cfg_attr(test, ts(optional))]
    pub max_wait_ms: Option<f64>,
    /// Ask for a one-line reason with each prediction (each prediction's `reason`). Default
    /// false: it costs output tokens on every item (the estimate counts them).
    #[cfg_attr(test, ts(optional))]
    pub reasons: Option<bool>,
}

/// AWS credentials: an IAM user's keys, or temporary keys from `aws sts assume-role`.
#[derive(Debug, Default, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[cfg_attr(test, ts(rename = "Credentials"))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct RawCredentials {
    #[cfg_attr(test, ts(type = "string"))]
    pub access_key_id: Option<String>,
    #[cfg_attr(test, ts(type = "string"))]
    pub secret_access_key: Option<RawSecret>,
    /// Required with temporary (ASIA…) keys; must be absent with long-lived (AKIA…) keys.
    #[cfg_attr(test, ts(optional, as = "Option<String>"))]
    pub session_token: Option<RawSecret>,
    /// When temporary keys expire, as `aws sts assume-role` prints it ("2025-01-02T04:04:05+00:00").
    /// Given and past: the call rejects with ExpiredTokenException before sending anything.
    #[cfg_attr(test, ts(optional))]
    pub expiration: Option<String>,
}

/// A secret as given (the secret key, the session token): read straight into a [`Secret`], so
/// the only copy the reader makes is wiped when dropped.
#[derive(Debug, Default)]
pub struct RawSecret(pub Secret);

/// A label: its name, or its name and a description the model is shown.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[cfg_attr(test, ts(rename = "LabelSpec", untagged))]
pub enum RawLabel {
    Name(String),
    Described {
        #[cfg_attr(test, ts(type = "string"))]
        name: Option<String>,
        #[cfg_attr(test, ts(optional))]
        description: Option<String>,
    },
}

/// A few-shot example.
#[derive(Debug, Default, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[cfg_attr(test, ts(rename = "Example"))]
#[serde(deny_unknown_fields)]
pub struct RawExample {
    #[cfg_attr(test, ts(type = "string"))]
    pub text: Option<String>,
    #[cfg_attr(test, ts(type = "string[]"))]
    pub labels: Option<Vec<String>>,
}

/// `T` read from a JSON object, and only from one (serde's derived structs would also read an
/// array of their fields in order).
#[derive(Debug, Default)]
pub struct Object<T>(pub T);

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Object<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct ObjectVisitor<T>(PhantomData<T>);
        impl<'de, T: Deserialize<'de>> Visitor<'de> for ObjectVisitor<T> {
            type Value = T;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("an object")
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<T, A::Error> {
                T::deserialize(MapAccessDeserializer::new(map))
            }
        }
        d.deserialize_map(ObjectVisitor(PhantomData)).map(Object)
    }
}

impl<'de> Deserialize<'de> for RawSecret {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct SecretVisitor;
        impl Visitor<'_> for SecretVisitor {
            type Value = RawSecret;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a string")
            }
            fn visit_str<E: de::Error>(self, s: &str) -> Result<RawSecret, E> {
                Ok(RawSecret(Secret::new(s)))
            }
            fn visit_string<E: de::Error>(self, s: String) -> Result<RawSecret, E> {
                Ok(RawSecret(Secret::new(s)))
            }
        }
        d.deserialize_str(SecretVisitor)
    }
}

impl<'de> Deserialize<'de> for RawLabel {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(deny_unknown_fields)]
        struct Described {
            name: Option<String>,
            description: Option<String>,
        }
        struct LabelVisitor;
        impl<'de> Visitor<'de> for LabelVisitor {
            type Value = RawLabel;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a string or { name, description? }")
            }
            fn visit_str<E: de::Error>(self, s: &str) -> Result<RawLabel, E> {
                Ok(RawLabel::Name(s.to_owned()))
            }
            fn visit_string<E: de::Error>(self, s: String) -> Result<RawLabel, E> {
                Ok(RawLabel::Name(s))
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<RawLabel, A::Error> {
                let Described { name, description } =
                    Described::deserialize(MapAccessDeserializer::new(map))?;
                Ok(RawLabel::Described { name, description })
            }
        }
        d.deserialize_any(LabelVisitor)
    }
}

/// Reads `T` from `value`; a failure is an `InvalidInput` naming the path below `at` ("" for
/// the request itself).
fn read<'de, T: Deserialize<'de>>(value: &'de Value, at: &str) -> Result<T, LabelerError> {
    serde_path_to_error::deserialize(value).map_err(|e| {
        let path = e.path().to_string();
        let field = match (at, path.as_str()) {
            (at, ".") => at.to_owned(),
            ("", path) => path.to_owned(),
            (at, path) if path.starts_with('[') => format!("{at}{path}"),
            (at, path) => format!("{at}.{path}"),
        };
        LabelerError::invalid_input(&field, &problem(&e.into_inner().to_string()))
    })
}

/// serde's description of a problem, in the words of our messages. The value found is never
/// quoted (it could be a secret given in the wrong field).
fn problem(serde_says: &str) -> String {
    if let Some(rest) = serde_says.strip_prefix("unknown field `") {
        let known = rest
            .split_once("expected ")
            .map(|(_, k)| k.trim_start_matches("one of ").replace('`', ""))
            .unwrap_or_default()
            .replace(" or ", ", ");
        return format!("is not a known field (known fields: {known})");
    }
    let Some((_, expected)) = serde_says.split_once(", expected ") else {
        return serde_says.to_owned();
    };
    let expected = match expected {
        "a boolean" => "true or false",
        "f64" => "a number",
        "a sequence" => "an array",
        "a map" => "an object",
        e if e.starts_with("struct ") => "an object",
        e => e,
    };
    format!("must be {expected}")
}

impl RawRequest {
    pub fn from_json(value: &Value) -> Result<Self, LabelerError> {
        if !value.is_object() {
            return Err(LabelerError::invalid_input("request", "must be an object"));
        }
        // Through `Object`: a struct is read from a JSON object only.
        read::<Object<RawRequest>>(value, "").map(|o| o.0)
    }

    /// The three parts, each checked.
    pub fn validate(mut self) -> Result<PredictLabelsRequest, LabelerError> {
        let credentials = Credentials::validate(self.credentials.take().map(|c| c.0))?;
        let spec = LabelingSpec::validate(&mut self)?;
        let options = CallOptions::validate(&self)?;
        Ok(PredictLabelsRequest {
            credentials,
            spec,
            options,
        })
    }
}

// ---- 2. What the rest of the core works with ----

/// What the caller gave us, cleaned and checked, in its three parts.
#[derive(Debug, Clone)]
pub struct PredictLabelsRequest {
    pub credentials: Credentials,
    pub spec: LabelingSpec,
    pub options: CallOptions,
}

impl PredictLabelsRequest {
    pub fn from_json_str(json: &str) -> Result<Self, LabelerError> {
        let value: Value = serde_json::from_str(json).map_err(|e| {
            LabelerError::invalid_input("request", &format!("is not valid JSON ({e})"))
        })?;
        Self::from_json(&value)
    }

    pub fn from_json(value: &Value) -> Result<Self, LabelerError> {
        RawRequest::from_json(value)?.validate()
    }
}

/// Who signs: the keys, checked for shape (never sent anywhere but into the signature).
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

    fn validate(raw: Option<RawCredentials>) -> Result<Self, LabelerError> {
        let Some(raw) = raw else {
            return Err(LabelerError::invalid_input(
                "credentials",
                "is required: { accessKeyId, secretAccessKey, sessionToken? }",
            ));
        };
        let access_key_id = required(raw.access_key_id, "credentials.accessKeyId")?;
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
        let secret = raw
            .secret_access_key
            .map(|s| Secret::new(clean_pasted(s.0.expose())))
            .filter(|s| !s.is_empty())
            .ok_or_else(|| {
                LabelerError::invalid_input("credentials.secretAccessKey", "is required")
            })?;
        if has_space(&secret) {
            return Err(LabelerError::invalid_input(
                "credentials.secretAccessKey",
                "contains spaces or line breaks; paste only the key",
            ));
        }
        let session_token = raw
            .session_token
            .map(|t| Secret::new(clean_pasted(t.0.expose())))
            .filter(|t| !t.is_empty());
        if session_token.as_ref().is_some_and(has_space) {
            return Err(LabelerError::invalid_input(
                "credentials.sessionToken",
                "contains spaces or line breaks; paste only the token",
            ));
        }
        crate::credentials::check_token_matches_key(&access_key_id, session_token.is_some())?;
        let expires_at_ms = optional(raw.expiration)
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
}

fn has_space(secret: &Secret) -> bool {
    secret
        .expose()
        .chars()
        .any(|c| c.is_whitespace() || c.is_control())
}

/// What is asked, of which model, and where: everything that decides the model calls (and so
/// the answers), nothing about keys or how the call is run.
#[derive(Debug, Clone)]
pub struct LabelingSpec {
    pub region: Region,
    pub endpoint: Endpoint,
    pub model_id: String,
    /// What the model can do: its row in the capability table, found from the id (or, for ids
    /// that name no model, from `baseModelId` or `family`).
    pub model: &'static ModelRow,
    /// `"converse"` sends every request through the Converse API; `None` uses the model's
    /// native body where it has one (Converse otherwise).
    pub api: Option<Api>,
    /// Refusals already known for this model (remembered by the caller from an earlier
    /// result's `adaptations`): applied from the first request.
    pub adaptations: Adaptations,
    pub labels: Vec<Label>,
    pub texts: Vec<String>,
    pub task: Task,
    pub instructions: Option<String>,
    /// Few-shot examples, labels checked against the label set.
    pub examples: Vec<Example>,
    /// A user prompt template with `{text}` and `{labels}` placeholders.
    pub user_prompt: Option<String>,
    pub temperature: Option<f64>,
    pub top_p: Option<f64>,
    pub max_tokens: Option<u32>,
    /// Items per request.
    pub batch_size: usize,
    /// The service tier asked for (checked against the model's row; not in `answer_settings`:
    /// the same model answers).
    pub service_tier: ServiceTier,
    /// A cache checkpoint where the model caches (request `promptCaching`, default true).
    pub prompt_caching: bool,
    /// Ask for the short answer form (request `compactAnswers`, default true).
    pub compact_answers: bool,
    /// A one-line reason is asked with each answer.
    pub reasons: bool,
}

impl LabelingSpec {
    /// The spec of a request, for work that sends nothing (estimates, cache keys, batch
    /// files): the request is read as `predictLabels` reads it (every field's type, no unknown
    /// field), but credentials and call options are not needed, nor checked.
    pub fn from_json(value: &Value) -> Result<Self, LabelerError> {
        LabelingSpec::validate(&mut RawRequest::from_json(value)?)
    }

    /// How every request is shaped with `adaptations` in force (the model's row, the sampling
    /// settings and API asked for, the refusals known).
    pub fn shape(&self, adaptations: Adaptations) -> Shape {
        Shape::new(
            self.model,
            &self.model_id,
            Wanted {
                temperature: self.temperature,
                top_p: self.top_p,
                api: self.api,
                caching: self.prompt_caching,
                compact: self.compact_answers,
            },
            adaptations,
        )
    }

    /// Everything here that decides an answer, but the text: the part of the answer cache's
    /// key (`cache.rs`) shared by every text. Who answers (endpoint, region, model, its row and
    /// API) and what it is asked (task, labels, prompt, examples, sampling, token cap) are in it;
    /// the batch size is not (nor, being elsewhere, the keys and call options).
    pub fn answer_settings(&self) -> String {
        let mut settings = serde_json::json!({
            // v3: endpoint and region joined the key, so no v2 entry (keyed without them) is
            // ever hit.
            "v": 3,
            "endpoint": self.endpoint.base_url(),
            "region": self.region.as_str(),
            "model": self.model_id,
            "row": self.model.prefix,
            "format": format!("{:?}", self.model.format),
            "api": self.api.map(|a| format!("{a:?}")),
            "task": self.task.as_str(),
            "labels": self.labels.iter().map(|l| serde_json::json!([l.name, l.description])).collect::<Vec<_>>(),
            "instructions": self.instructions,
            "userPrompt": self.user_prompt,
            "examples": self.examples.iter().map(|e| serde_json::json!([e.text, e.labels])).collect::<Vec<_>>(),
            "temperature": self.temperature,
            "topP": self.top_p,
            "maxTokens": self.max_tokens,
        });
        // Only when asked, so every key made without reasons stays what it was.
        if self.reasons {
            settings["reasons"] = serde_json::json!(true);
        }
        settings.to_string()
    }

    /// Takes the spec's fields out of `raw`, checked.
    fn validate(raw: &mut RawRequest) -> Result<Self, LabelerError> {
        let region = Region::parse(&required(raw.region.take(), "region")?)
            .map_err(|problem| LabelerError::invalid_input("region", &problem))?;
        let model_id = required(raw.model_id.take(), "modelId")?;
        crate::model_id::validate(&model_id)
            .map_err(|p| LabelerError::invalid_input("modelId", &p))?;
        let labels = validate_labels(raw.labels.take())?;
        let texts = validate_texts(raw.texts.take())?;
        let task = match optional(raw.task.take()).as_deref() {
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
        let instructions = optional(raw.instructions.take());
        let temperature = number(raw.temperature, "temperature", 0.0, 1.0)?;
        let top_p = number(raw.top_p, "topP", 0.0, 1.0)?;
        let max_tokens = whole(raw.max_tokens, "maxTokens", 1.0, 200_000.0)?.map(|n| n as u32);
        // The raw text, not `optional` (whose Unicode trim could turn a refused value into "no
        // override"): crate::endpoint decides, as it does for the pages.
        let endpoint = endpoint::resolve(
            &region,
            raw.endpoint.as_deref(),
            endpoint::Loopback::of_this_build(),
        )?;
        let family = optional(raw.family.take());
        let base_model_id = optional(raw.base_model_id.take());
        let model = crate::models::lookup(&model_id, base_model_id.as_deref(), family.as_deref())?;
        let api = match optional(raw.api.take()).as_deref() {
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
        let adaptations = validate_adaptations(raw.adaptations.take())?;
        let examples = validate_examples(raw.examples.take(), &labels)?;
        let user_prompt = optional(raw.user_prompt.take());
        let batch_size = whole(raw.batch_size, "batchSize", 1.0, MAX_BATCH_SIZE as f64)?
            .map_or(DEFAULT_BATCH_SIZE, |n| n as usize);
        let service_tier = validate_tier(raw.service_tier.take(), model, &model_id)?;
        Ok(Self {
            region,
            endpoint,
            model_id,
            model,
            api,
            adaptations,
            labels,
            texts,
            task,
            instructions,
            examples,
            user_prompt,
            temperature,
            top_p,
            max_tokens,
            batch_size,
            service_tier,
            prompt_caching: raw.prompt_caching.unwrap_or(true),
            compact_answers: raw.compact_answers.unwrap_or(true),
            reasons: raw.reasons.unwrap_or(false),
        })
    }
}

/// The tier asked for, if the model's row does not rule it out: a demanding user who asks for
/// Flex wants Flex's price, so a tier the table says the model lacks is an error before anything
/// is sent, not a silent Standard run. Rows with no source either way send it (see `Tiers`).
fn validate_tier(
    raw: Option<String>,
    model: &ModelRow,
    model_id: &str,
) -> Result<ServiceTier, LabelerError> {
    let Some(name) = optional(raw) else {
        return Ok(ServiceTier::Standard);
    };
    let tier = ServiceTier::from_name(&name).ok_or_else(|| {
        LabelerError::invalid_input(
            "serviceTier",
            &format!("must be \"standard\", \"flex\" or \"priority\", not {name:?}"),
        )
    })?;
    if tier != ServiceTier::Standard && model.tiers == Tiers::Standard {
        return Err(LabelerError::invalid_input(
            "serviceTier",
            &format!(
                "{name:?} is not offered for {model_id} (only Standard: its AWS model card, or AWS's \
                 list of models with Priority and Flex); leave it empty for Standard"
            ),
        ));
    }
    Ok(tier)
}

/// How the call runs: streaming, retries, concurrency. Nothing here changes an answer.
#[derive(Debug, Clone)]
pub struct CallOptions {
    /// Read answers as they stream (`InvokeModelWithResponseStream`) where the model family's
    /// stream can be read; default false.
    pub stream: bool,
    /// Retries per request for transient errors.
    pub max_retries: u32,
    /// Requests in flight at most (the adaptive limit stays at or below it).
    pub concurrency: usize,
    /// Retries for the whole call; `None` = five per request, at least 20.
    pub retry_budget: Option<u64>,
    /// The account's tokens-per-minute quota, if the caller knows it (else learnt).
    pub tokens_per_minute: Option<f64>,
    /// A requests-per-minute limit to pace to, if any.
    pub requests_per_minute: Option<f64>,
    /// Waiting out throttles with nothing answered for longer than this ends the waiting.
    pub max_wait_ms: f64,
}

impl CallOptions {
    fn validate(raw: &RawRequest) -> Result<Self, LabelerError> {
        let max_retries = whole(
            raw.max_retries,
            "maxRetries",
            0.0,
            crate::retry::MAX_RETRIES_LIMIT as f64,
        )?
        .map_or(crate::retry::DEFAULT_MAX_RETRIES, |n| n as u32);
        let concurrency = whole(raw.concurrency, "concurrency", 1.0, MAX_CONCURRENCY as f64)?
            .map_or(DEFAULT_CONCURRENCY, |n| n as usize);
        let retry_budget = whole(raw.retry_budget, "retryBudget", 0.0, 1e9)?.map(|n| n as u64);
        let tokens_per_minute = number(raw.tokens_per_minute, "tokensPerMinute", 1.0, 1e12)?;
        let requests_per_minute = number(raw.requests_per_minute, "requestsPerMinute", 1.0, 1e9)?;
        let max_wait_ms = whole(raw.max_wait_ms, "maxWaitMs", 1_000.0, 3_600_000.0)?
            .unwrap_or(crate::job::STALL_MS);
        Ok(Self {
            stream: raw.stream.unwrap_or(false),
            max_retries,
            concurrency,
            retry_budget,
            tokens_per_minute,
            requests_per_minute,
            max_wait_ms,
        })
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Example {
    pub text: String,
    pub labels: Vec<String>,
}

/// The labeling task: exactly one label per item, any number of labels, or labelled spans of
/// the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[cfg_attr(test, ts(rename_all = "lowercase"))]
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

/// A label list as the request's `labels` field takes it, validated the same way.
pub fn read_label_list(v: &Value) -> Result<Vec<Label>, LabelerError> {
    validate_labels(Some(read(v, "labels")?))
}

/// Pasted values often carry surrounding whitespace or quotes; neither is ever part of a key.
pub fn clean_pasted(s: &str) -> &str {
    s.trim()
        .trim_end_matches(',')
        .trim()
        .trim_matches(|c| c == '"' || c == '\'')
        .trim()
}

fn validate_labels(raw: Option<Vec<RawLabel>>) -> Result<Vec<Label>, LabelerError> {
    let Some(raw) = raw else {
        return Err(LabelerError::invalid_input(
            "labels",
            "is required: give at least one label",
        ));
    };
    if raw.is_empty() {
        return Err(LabelerError::invalid_input(
            "labels",
            "is empty: give at least one label",
        ));
    }
    if raw.len() > MAX_LABELS {
        return Err(LabelerError::invalid_input(
            "labels",
            &format!("has {} labels; at most {MAX_LABELS} are allowed", raw.len()),
        ));
    }
    let mut labels: Vec<Label> = Vec::with_capacity(raw.len());
    for (i, item) in raw.into_iter().enumerate() {
        let field = format!("labels[{i}]");
        let (name, description) = match item {
            RawLabel::Name(s) => (s, None),
            RawLabel::Described { name, description } => (
                required(name, &format!("{field}.name"))?,
                optional(description),
            ),
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

fn validate_adaptations(raw: Option<Vec<String>>) -> Result<Adaptations, LabelerError> {
    let mut out = Adaptations::default();
    for (i, name) in raw.unwrap_or_default().iter().enumerate() {
        let a = Adaptation::from_name(name).ok_or_else(|| {
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

fn validate_examples(
    raw: Option<Vec<Object<RawExample>>>,
    labels: &[Label],
) -> Result<Vec<Example>, LabelerError> {
    let raw = raw.unwrap_or_default();
    let mut out = Vec::with_capacity(raw.len());
    for (i, Object(ex)) in raw.into_iter().enumerate() {
        let field = format!("examples[{i}]");
        let text = required(ex.text, &format!("{field}.text"))?;
        let given = ex.labels.ok_or_else(|| {
            LabelerError::invalid_input(
                &format!("{field}.labels"),
                "must be an array of label names",
            )
        })?;
        let mut names = Vec::with_capacity(given.len());
        for (j, s) in given.iter().enumerate() {
            let name = crate::labels::match_label(s, labels).ok_or_else(|| {
                LabelerError::invalid_input(
                    &format!("{field}.labels[{j}]"),
                    &format!("{s:?} is not one of the labels"),
                )
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

fn validate_texts(raw: Option<Vec<String>>) -> Result<Vec<String>, LabelerError> {
    let texts = raw.ok_or_else(|| {
        LabelerError::invalid_input("texts", "is required: give at least one text")
    })?;
    if texts.is_empty() {
        return Err(LabelerError::invalid_input(
            "texts",
            "is empty: give at least one text to label",
        ));
    }
    if texts.len() > MAX_TEXTS {
        return Err(LabelerError::invalid_input(
            "texts",
            &format!("has {} items; at most {MAX_TEXTS} per call", texts.len()),
        ));
    }
    Ok(texts)
}

/// A string that must be there and not blank.
fn required(value: Option<String>, field: &str) -> Result<String, LabelerError> {
    value
        .filter(|s| !s.trim().is_empty())
        .ok_or_else(|| LabelerError::invalid_input(field, "is required"))
}

/// `None` for an absent or blank string.
fn optional(value: Option<String>) -> Option<String> {
    value.filter(|s| !s.trim().is_empty())
}

fn whole(value: Option<f64>, key: &str, min: f64, max: f64) -> Result<Option<f64>, LabelerError> {
    match number(value, key, min, max)? {
        Some(n) if n.fract() != 0.0 => {
            Err(LabelerError::invalid_input(key, "must be a whole number"))
        }
        other => Ok(other),
    }
}

fn number(value: Option<f64>, key: &str, min: f64, max: f64) -> Result<Option<f64>, LabelerError> {
    match value {
        Some(x) if !(x.is_finite() && x >= min && x <= max) => Err(LabelerError::invalid_input(
            key,
            &format!("must be between {min} and {max}, not {x}"),
        )),
        other => Ok(other),
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
            r.spec.labels[1],
            Label {
                name: "negative".into(),
                description: Some("unhappy".into())
            }
        );
        assert_eq!(r.spec.task, Task::Single);
        assert_eq!(
            r.spec.endpoint.base_url(),
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
        assert_eq!(r.spec.batch_size, DEFAULT_BATCH_SIZE);
        assert_eq!(r.spec.model.family, "anthropic");
        assert!(r.spec.examples.is_empty() && r.spec.user_prompt.is_none());

        let mut v = base();
        v["batchSize"] = json!(3);
        v["family"] = json!("nova");
        v["userPrompt"] = json!("Label: {text}");
        v["examples"] = json!([{"text": "yay", "labels": ["POSITIVE"]}]);
        v["modelId"] =
            json!("arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/abc");
        let r = PredictLabelsRequest::from_json(&v).unwrap();
        assert_eq!(r.spec.batch_size, 3);
        assert_eq!(r.spec.model.format, crate::formats::Format::Nova);
        assert_eq!(r.spec.examples[0].labels, vec!["positive".to_string()]);

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
        assert_eq!(r.spec.api, Some(Api::Converse));
        assert!(r.spec.adaptations.has(Adaptation::NoTemperature));
        assert!(r.spec.adaptations.has(Adaptation::NoForcedTool));
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
        assert_eq!(r.spec.model.prefix, "anthropic.claude-opus-5-5");
    }

    #[test]
    fn bad_task_is_named() {
        let mut v = base();
        v["task"] = json!("many");
        assert!(err_of(v).message.starts_with("task:"));
    }

    #[test]
    fn stream_is_an_optional_bool() {
        assert!(
            !PredictLabelsRequest::from_json(&base())
                .unwrap()
                .options
                .stream
        );
        let mut v = base();
        v["stream"] = json!(true);
        assert!(PredictLabelsRequest::from_json(&v).unwrap().options.stream);
        v["stream"] = json!("yes");
        assert!(err_of(v).message.starts_with("stream: "));
    }

    #[test]
    fn every_error_names_its_field_and_never_quotes_a_wrong_value() {
        for (field, value, starts) in [
            ("region", json!(5), "region: must be a string"),
            ("labels", json!({}), "labels: must be an array"),
            ("texts", json!(["a", 5]), "texts[1]: must be a string"),
            ("stream", json!("yes"), "stream: must be true or false"),
            ("temperature", json!("hot"), "temperature: must be a number"),
            (
                "credentials",
                json!("AKIAEMULATORUSER0001:s3cr3t-s3cr3t"),
                "credentials: must be an object",
            ),
            (
                "credentials",
                json!(["AKIAEMULATORUSER0001", "s3cr3t-s3cr3t"]),
                "credentials: must be an object",
            ),
            (
                "examples",
                json!([["x", ["positive"]]]),
                "examples[0]: must be an object",
            ),
            (
                "labels",
                json!(["a", 5]),
                "labels[1]: must be a string or { name, description? }",
            ),
            (
                "labels",
                json!(["a", {"name": "b", "colour": "red"}]),
                "labels[1].colour: is not a known field (known fields: name, description)",
            ),
        ] {
            let mut v = base();
            v[field] = value;
            let e = err_of(v);
            assert_eq!(e.code, "InvalidInput");
            assert!(e.message.starts_with(starts), "{field}: {}", e.message);
            assert!(!e.message.contains("s3cr3t"), "{}", e.message);
            assert_eq!(
                e.field.as_deref(),
                Some(e.message.split(": ").next().unwrap())
            );
        }
        let mut v = base();
        v["credentials"]["secretAccessKey"] = json!(12345678);
        let e = err_of(v);
        assert!(
            e.message
                .starts_with("credentials.secretAccessKey: must be a string"),
            "{}",
            e.message
        );
        assert!(!e.message.contains("12345678"));
        let mut v = base();
        v["credentials"]["token"] = json!("x");
        let e = err_of(v);
        assert!(e.message.starts_with("credentials.token: is not a known field (known fields: accessKeyId, secretAccessKey, sessionToken, expiration)"), "{}", e.message);
        assert!(err_of(json!([1]))
            .message
            .starts_with("request: must be an object"));
        let mut v = base();
        v["temprature"] = json!(0.5);
        let e = err_of(v);
        assert!(
            e.message
                .contains("is not a known field (known fields: credentials, region, modelId"),
            "{}",
            e.message
        );
    }

    #[test]
    fn the_spec_alone_needs_no_keys() {
        let mut v = base();
        v.as_object_mut().unwrap().remove("credentials");
        assert!(err_of(v.clone()).message.starts_with("credentials:"));
        let spec = LabelingSpec::from_json(&v).unwrap();
        assert_eq!(spec.labels.len(), 2);
        assert_eq!(spec.texts, vec!["great", "awful"]);
        // What it reads is read as predictLabels reads it.
        v["tempeature"] = json!(1);
        assert!(LabelingSpec::from_json(&v)
            .unwrap_err()
            .message
            .starts_with("tempeature:"));
    }

    #[test]
    fn a_label_list_is_read_as_the_labels_field() {
        assert_eq!(
            read_label_list(&json!(["a", {"name": "b"}])).unwrap().len(),
            2
        );
        assert!(read_label_list(&json!(["a", 5]))
            .unwrap_err()
            .message
            .starts_with("labels[1]:"));
        assert!(read_label_list(&json!("a"))
            .unwrap_err()
            .message
            .starts_with("labels: must be an array"));
        assert!(read_label_list(&json!(["a", " A "]))
            .unwrap_err()
            .message
            .starts_with("labels[1]:"));
    }
}
