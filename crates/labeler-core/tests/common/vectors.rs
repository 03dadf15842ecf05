//! The one loader of the test vectors in `tests/data/` (described in its README.md): one folder
//! per case holding its input and what is expected, read here into typed cases. The test files
//! (`sigv4_vectors.rs`, `eventstream_vectors.rs`, `format_vectors.rs`, and the job tests) loop
//! over these; a new case is a new folder, never a new function.
//!
//! Every JSON file is read with `deny_unknown_fields` through `serde_path_to_error`, so a typo in
//! a vector fails with its file and field path instead of being ignored, and a case folder may
//! hold only the files its kind knows.

use super::{chunk_padded, converse_event, fix_crcs, hex};
use labeler_core::formats::{Format, ModelOutput, TokenUsage};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Deserializer};
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// `crates/labeler-core/tests/data`.
pub fn data_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data")
}

/// Files a folder that groups cases may hold besides its case folders.
const GROUP_FILES: &[&str] = &["README.md", "LICENSE", "NOTICE"];

/// The case folders under `data/<kind>`, sorted, with their names relative to it: a folder is
/// a case when it holds an `expected.json`; other folders group cases.
fn case_dirs(kind: &str) -> Vec<(String, PathBuf)> {
    fn walk(root: &Path, dir: &Path, out: &mut Vec<(String, PathBuf)>) {
        if dir.join("expected.json").is_file() {
            let name = dir
                .strip_prefix(root)
                .unwrap()
                .to_string_lossy()
                .into_owned();
            out.push((name, dir.to_owned()));
            return;
        }
        for (name, path) in entries(dir) {
            if path.is_dir() {
                walk(root, &path, out);
            } else {
                assert!(
                    GROUP_FILES.contains(&name.as_str()),
                    "{}: a group folder holds case folders, {GROUP_FILES:?}, nothing else",
                    path.display()
                );
            }
        }
    }
    let root = data_dir().join(kind);
    let mut out = Vec::new();
    walk(&root, &root, &mut out);
    assert!(!out.is_empty(), "no cases under {}", root.display());
    out
}

/// A folder's entries (name, path), sorted by name.
fn entries(dir: &Path) -> Vec<(String, PathBuf)> {
    let mut out: Vec<(String, PathBuf)> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| {
            let e = e.unwrap();
            (e.file_name().to_string_lossy().into_owned(), e.path())
        })
        .collect();
    out.sort();
    out
}

/// Fails unless every file of the case folder is one `allowed` accepts.
fn only_files(dir: &Path, allowed: impl Fn(&str) -> bool) {
    for (name, path) in entries(dir) {
        assert!(
            path.is_file() && allowed(&name),
            "{}: not a file this kind of case holds",
            path.display()
        );
    }
}

/// Third-party vectors keep their licence beside them: a kind whose cases come from anywhere
/// but here (a `source` not starting with "ours") holds a LICENSE and a NOTICE.
fn assert_licence_beside<'a>(kind: &str, sources: impl IntoIterator<Item = &'a str>) {
    let dir = data_dir().join(kind);
    for source in sources {
        assert!(
            !source.trim().is_empty(),
            "{kind}: every case says where it comes from"
        );
        if !source.starts_with("ours") {
            for file in ["LICENSE", "NOTICE"] {
                assert!(
                    dir.join(file).is_file(),
                    "{kind}/{file}: third-party vectors keep their licence beside them"
                );
            }
        }
    }
}

fn read(path: &Path) -> Vec<u8> {
    std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// A JSON file into `T`; errors name the file and the field path.
fn json_file<T: DeserializeOwned>(path: &Path) -> T {
    let bytes = read(path);
    let de = &mut serde_json::Deserializer::from_slice(&bytes);
    serde_path_to_error::deserialize(de)
        .unwrap_or_else(|e| panic!("{}: {} ({e})", path.display(), e.path()))
}

fn optional_json<T: DeserializeOwned>(path: &Path) -> Option<T> {
    path.is_file().then(|| json_file(path))
}

/// A key that must be present and may be `null`.
fn present<'de, D: Deserializer<'de>, T: Deserialize<'de>>(d: D) -> Result<Option<T>, D::Error> {
    Option::<T>::deserialize(d)
}

/// A key that may be absent; when present, `null` is a value (`Some(Value::Null)`).
fn some_value<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Value>, D::Error> {
    Value::deserialize(d).map(Some)
}

/// `"0x07FD8396"` → the number.
fn hex_u32<'de, D: Deserializer<'de>>(d: D) -> Result<Option<u32>, D::Error> {
    let s = String::deserialize(d)?;
    let digits = s
        .strip_prefix("0x")
        .ok_or_else(|| serde::de::Error::custom(format!("{s:?}: write a CRC as 0x…")))?;
    u32::from_str_radix(digits, 16)
        .map(Some)
        .map_err(serde::de::Error::custom)
}

// ------------------------------------------------------------------------------------ SigV4

/// `data/sigv4/<case>/`: a request to build and sign, and the signed request expected.
pub struct SigV4Case {
    pub name: String,
    pub request: SigV4Request,
    pub expected: SigV4Expected,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SigV4Request {
    /// `InvokeModel`, `InvokeModelWithResponseStream`, `Converse` or `ConverseStream`.
    pub operation: String,
    pub region: String,
    pub model_id: String,
    /// The body's exact bytes.
    pub body: String,
    pub credentials: SigV4Credentials,
    /// The signing time, RFC 3339.
    pub time: String,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SigV4Credentials {
    pub access_key_id: String,
    pub secret_access_key: String,
    #[serde(default)]
    pub session_token: Option<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SigV4Expected {
    /// Where the vector comes from.
    pub source: String,
    #[serde(default)]
    pub note: Option<String>,
    pub method: String,
    pub url: String,
    /// Every header sent, and nothing else (names in lower case).
    pub headers: BTreeMap<String, String>,
    /// The canonical request and string to sign, where the source gives them.
    #[serde(default)]
    pub canonical_request: Option<String>,
    #[serde(default)]
    pub string_to_sign: Option<String>,
}

pub fn sigv4_cases() -> Vec<SigV4Case> {
    let cases: Vec<SigV4Case> = case_dirs("sigv4")
        .into_iter()
        .map(|(name, dir)| {
            only_files(&dir, |f| ["request.json", "expected.json"].contains(&f));
            SigV4Case {
                name,
                request: json_file(&dir.join("request.json")),
                expected: json_file(&dir.join("expected.json")),
            }
        })
        .collect();
    assert_licence_beside("sigv4", cases.iter().map(|c| c.expected.source.as_str()));
    cases
}

// ------------------------------------------------------------------------------ event stream

/// `data/eventstream/{positive,negative}/<case>/`: one message's bytes (`message.hex`) and
/// what decoding it gives.
pub struct FrameCase {
    pub name: String,
    pub bytes: Vec<u8>,
    pub expected: FrameExpected,
}

pub enum FrameExpected {
    Message(ExpectedMessage),
    Error(ExpectedFrameError),
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ExpectedMessage {
    pub source: String,
    #[serde(default)]
    pub note: Option<String>,
    pub total_length: u32,
    pub headers_length: u32,
    /// The CRCs as the source documents them (absent when it does not).
    #[serde(default, deserialize_with = "hex_u32")]
    pub prelude_crc: Option<u32>,
    #[serde(default, deserialize_with = "hex_u32")]
    pub message_crc: Option<u32>,
    pub headers: Vec<ExpectedHeader>,
    /// The payload as UTF-8 text, or `payloadHex`.
    #[serde(default)]
    pub payload: Option<String>,
    #[serde(default)]
    pub payload_hex: Option<String>,
}

impl ExpectedMessage {
    pub fn payload_bytes(&self) -> Vec<u8> {
        match (&self.payload, &self.payload_hex) {
            (Some(text), None) => text.as_bytes().to_vec(),
            (None, Some(h)) => hex(h),
            (None, None) => Vec::new(),
            _ => panic!("payload or payloadHex, not both"),
        }
    }
}

/// `{"name", "type", "value"}`: `type` one of bool, byte, int16, int32, int64, bytes (value in
/// hex), string, timestamp (ms), uuid (32 hex digits).
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExpectedHeader {
    pub name: String,
    #[serde(rename = "type")]
    pub kind: String,
    pub value: Value,
}

/// The error a broken message must give: `kind` is the `FrameError` variant, the other fields
/// its values where they matter.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ExpectedFrameError {
    pub kind: String,
    #[serde(default, deserialize_with = "hex_u32")]
    pub computed: Option<u32>,
    #[serde(default, deserialize_with = "hex_u32")]
    pub received: Option<u32>,
    /// `InvalidMessageLength` / `InvalidHeadersLength`.
    #[serde(default)]
    pub length: Option<u32>,
    /// `InvalidHeaderValueType`.
    #[serde(default)]
    pub value_type: Option<u8>,
    /// `DuplicateHeader`.
    #[serde(default)]
    pub name: Option<String>,
}

/// A negative case's `expected.json`.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct NegativeExpected {
    source: String,
    #[serde(default)]
    note: Option<String>,
    /// The positive case this one is made from, and how.
    #[serde(default)]
    derived_from: Option<String>,
    #[serde(default)]
    patch: Vec<Patch>,
    /// Both CRCs recomputed after the patch.
    #[serde(default)]
    fix_crcs: bool,
    error: ExpectedFrameError,
}

/// Bytes `was` at offset `at` become `now` (both hex).
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Patch {
    at: usize,
    was: String,
    now: String,
}

fn message_hex(dir: &Path) -> Vec<u8> {
    let text = String::from_utf8(read(&dir.join("message.hex"))).unwrap();
    let digits: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    hex(&digits)
}

/// The positive cases, sorted by name.
pub fn positive_frames() -> Vec<FrameCase> {
    case_dirs("eventstream/positive")
        .into_iter()
        .map(|(name, dir)| {
            only_files(&dir, |f| ["message.hex", "expected.json"].contains(&f));
            let expected: ExpectedMessage = json_file(&dir.join("expected.json"));
            assert_licence_beside("eventstream", [expected.source.as_str()]);
            FrameCase {
                name,
                bytes: message_hex(&dir),
                expected: FrameExpected::Message(expected),
            }
        })
        .collect()
}

/// The negative cases, sorted by name. A case derived from a positive one is checked to be
/// exactly that message with its patch applied.
pub fn negative_frames() -> Vec<FrameCase> {
    let positives = positive_frames();
    case_dirs("eventstream/negative")
        .into_iter()
        .map(|(name, dir)| {
            only_files(&dir, |f| ["message.hex", "expected.json"].contains(&f));
            let bytes = message_hex(&dir);
            let expected: NegativeExpected = json_file(&dir.join("expected.json"));
            assert_licence_beside("eventstream", [expected.source.as_str()]);
            assert!(
                expected.note.is_some(),
                "{name}: say what is broken in a note"
            );
            if let Some(base) = &expected.derived_from {
                let base = positives
                    .iter()
                    .find(|p| &p.name == base)
                    .unwrap_or_else(|| panic!("{name}: no positive case {base}"));
                let mut made = base.bytes.clone();
                for p in &expected.patch {
                    let (was, now) = (hex(&p.was), hex(&p.now));
                    assert_eq!(
                        made[p.at..p.at + was.len()],
                        was[..],
                        "{name}: patch at {}",
                        p.at
                    );
                    made.splice(p.at..p.at + was.len(), now);
                }
                if expected.fix_crcs {
                    made = fix_crcs(made);
                }
                assert_eq!(
                    made, bytes,
                    "{name}: message.hex is not {} patched",
                    base.name
                );
            }
            FrameCase {
                name,
                bytes,
                expected: FrameExpected::Error(expected.error),
            }
        })
        .collect()
}

// ----------------------------------------------------------------------------------- formats

/// `data/formats/<format>/<case>/`: one answer of a body format, as a whole response
/// (`response.json`) and/or streamed (`events*.jsonl`: the model's events, one JSON per line,
/// each sent as one chunk), and the output every one of them must give.
pub struct FormatCase {
    /// `<format>/<case>`.
    pub name: String,
    pub format: Format,
    pub response: Option<Vec<u8>>,
    pub streams: Vec<EventStream>,
    pub expected: FormatExpected,
    /// A labeling call answered with this case (`job.json`).
    pub job: Option<JobSpec>,
}

/// One `events*.jsonl` file.
pub struct EventStream {
    pub file: String,
    pub events: Vec<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct FormatExpected {
    pub source: String,
    #[serde(default)]
    pub note: Option<String>,
    /// What the whole response and every stream give...
    #[serde(default)]
    pub output: Option<ExpectedOutput>,
    /// ...or the parse error of the whole response.
    #[serde(default)]
    pub error: Option<String>,
    /// What the streams give where it differs from `output` (say why in `note`).
    #[serde(default)]
    pub stream_output: Option<ExpectedOutput>,
    /// The result entries every stream hands out while it streams, in order (required when
    /// the case has streams).
    #[serde(default)]
    pub entries: Option<Vec<Value>>,
    /// Expectations of one stream file.
    #[serde(default)]
    pub streams: BTreeMap<String, StreamExpected>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExpectedOutput {
    #[serde(deserialize_with = "present")]
    pub answer: Option<Value>,
    pub raw: String,
    #[serde(deserialize_with = "present")]
    pub usage: Option<ExpectedUsage>,
    pub truncated: bool,
}

#[derive(Deserialize, Clone, Copy)]
#[serde(deny_unknown_fields)]
pub struct ExpectedUsage {
    #[serde(deserialize_with = "present")]
    pub input: Option<u64>,
    #[serde(deserialize_with = "present")]
    pub output: Option<u64>,
    /// Prompt-cache reads and writes, where the shape reports them (absent: none).
    #[serde(default, rename = "cacheRead")]
    pub cache_read: Option<u64>,
    #[serde(default, rename = "cacheWrite")]
    pub cache_write: Option<u64>,
}

impl ExpectedOutput {
    pub fn model_output(&self) -> ModelOutput {
        ModelOutput {
            answer: self.answer.clone(),
            raw: self.raw.clone(),
            usage: self.usage.map(|u| TokenUsage {
                input_tokens: u.input,
                output_tokens: u.output,
                cache_read: u.cache_read,
                cache_write: u.cache_write,
            }),
            truncated: self.truncated,
        }
    }
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct StreamExpected {
    /// After how many chunks each entry comes out (1 = with the first chunk).
    #[serde(default)]
    pub arrivals: Option<Vec<usize>>,
    /// The reader's `partial_answer()` once every event is in (`null`: none).
    #[serde(default, deserialize_with = "some_value")]
    pub partial_answer: Option<Value>,
}

/// `job.json`: a labeling call on `modelId` answered with this case's `response.json` (and,
/// with `stream: true`, its `events.jsonl`).
#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct JobSpec {
    #[serde(default)]
    pub note: Option<String>,
    pub model_id: String,
    /// Checks of the request body the job sends.
    #[serde(default)]
    pub request_body: Vec<BodyCheck>,
    /// Headers of the whole response (InvokeModel's token counts).
    #[serde(default)]
    pub response_headers: BTreeMap<String, String>,
}

/// One check of the value at JSON pointer `at`: `equals` a value, `is` "string" or
/// "integer", `startsWith` / `endsWith` a text.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct BodyCheck {
    pub at: String,
    #[serde(default)]
    pub equals: Option<Value>,
    #[serde(default)]
    pub is: Option<String>,
    #[serde(default)]
    pub starts_with: Option<String>,
    #[serde(default)]
    pub ends_with: Option<String>,
}

impl BodyCheck {
    /// Panics unless `body` passes.
    pub fn check(&self, body: &Value, case: &str) {
        let v = body
            .pointer(&self.at)
            .unwrap_or_else(|| panic!("{case}: the body has nothing at {}", self.at));
        let s = || {
            v.as_str()
                .unwrap_or_else(|| panic!("{case}: {} is not a string", self.at))
        };
        if let Some(want) = &self.equals {
            assert_eq!(v, want, "{case}: {}", self.at);
        }
        match self.is.as_deref() {
            None => {}
            Some("string") => assert!(v.is_string(), "{case}: {} is {v}", self.at),
            Some("integer") => assert!(v.is_u64(), "{case}: {} is {v}", self.at),
            Some(other) => panic!("{case}: unknown check is {other:?}"),
        }
        if let Some(p) = &self.starts_with {
            assert!(
                s().starts_with(p.as_str()),
                "{case}: {} does not start with {p:?}",
                self.at
            );
        }
        if let Some(p) = &self.ends_with {
            assert!(
                s().ends_with(p.as_str()),
                "{case}: {} does not end with {p:?}",
                self.at
            );
        }
    }
}

/// Folder names of the body formats.
pub const FORMAT_FOLDERS: [(&str, Format); 12] = [
    ("claude", Format::Claude),
    ("nova", Format::Nova),
    ("nova2", Format::Nova2),
    ("llama3", Format::Llama3),
    ("mistral-text", Format::MistralText),
    ("mistral-chat", Format::MistralChat),
    ("titan", Format::Titan),
    ("cohere", Format::Cohere),
    ("jamba", Format::Jamba),
    ("deepseek-r1", Format::DeepSeekR1),
    ("openai-chat", Format::OpenAiChat),
    ("converse", Format::Converse),
];

/// Files a format case may hold: `response.json`, `events.jsonl` / `events.<name>.jsonl`,
/// `expected.json`, `job.json`, and `emulator.json` (read by the Node test
/// `tests/node/emulator-shapes.test.mjs`, not here).
fn format_file(name: &str) -> bool {
    [
        "response.json",
        "expected.json",
        "job.json",
        "emulator.json",
    ]
    .contains(&name)
        || (name.starts_with("events") && name.ends_with(".jsonl"))
}

pub fn format_cases() -> Vec<FormatCase> {
    case_dirs("formats")
        .into_iter()
        .map(|(name, dir)| {
            only_files(&dir, format_file);
            let folder = name.split('/').next().unwrap();
            let format = FORMAT_FOLDERS
                .iter()
                .find(|(f, _)| *f == folder)
                .unwrap_or_else(|| panic!("{name}: {folder} is not a format folder"))
                .1;
            let response = dir.join("response.json");
            let response = response.is_file().then(|| read(&response));
            let streams: Vec<EventStream> = entries(&dir)
                .into_iter()
                .filter(|(f, _)| f.starts_with("events"))
                .map(|(file, path)| {
                    let text = String::from_utf8(read(&path)).unwrap();
                    let events: Vec<String> = text.lines().map(str::to_owned).collect();
                    for (n, e) in events.iter().enumerate() {
                        if let Err(err) = serde_json::from_str::<Value>(e) {
                            panic!("{name}/{file} line {}: {err}", n + 1);
                        }
                    }
                    assert!(!events.is_empty(), "{name}/{file} is empty");
                    EventStream { file, events }
                })
                .collect();
            let expected: FormatExpected = json_file(&dir.join("expected.json"));
            assert!(
                !expected.source.trim().is_empty(),
                "{name}: say where the shape comes from"
            );
            assert!(
                response.is_some() || !streams.is_empty(),
                "{name}: a response.json or an events*.jsonl"
            );
            assert!(
                expected.output.is_some() != expected.error.is_some(),
                "{name}: expected.json has an output or an error"
            );
            if !streams.is_empty() {
                assert!(expected.output.is_some(), "{name}: a stream has an output");
                assert!(
                    expected.entries.is_some(),
                    "{name}: say which entries the streams hand out"
                );
            }
            for file in expected.streams.keys() {
                assert!(
                    streams.iter().any(|s| &s.file == file),
                    "{name}: no stream {file}"
                );
            }
            FormatCase {
                job: optional_json(&dir.join("job.json")),
                name,
                format,
                response,
                streams,
                expected,
            }
        })
        .collect()
}

impl FormatCase {
    /// What the whole response must parse to.
    pub fn output(&self) -> Option<ModelOutput> {
        self.expected
            .output
            .as_ref()
            .map(ExpectedOutput::model_output)
    }

    /// What every stream must give.
    pub fn stream_output(&self) -> ModelOutput {
        self.expected
            .stream_output
            .as_ref()
            .or(self.expected.output.as_ref())
            .expect("checked when loaded")
            .model_output()
    }
}

/// How `format`'s streams are framed.
pub fn framing(format: Format) -> labeler_core::stream::bedrock::Framing {
    use labeler_core::formats::Api;
    use labeler_core::stream::bedrock::Framing;
    match format.body().api() {
        Api::Invoke => Framing::Invoke,
        Api::Converse => Framing::Converse,
    }
}

/// One event as the frame Bedrock sends it for `format`: a `chunk` (with the `p` padding key
/// when `padding` is given) or a ConverseStream event.
pub fn event_frame(format: Format, event: &str, padding: Option<&str>) -> Vec<u8> {
    use labeler_core::stream::bedrock::Framing;
    match framing(format) {
        Framing::Invoke => chunk_padded(event, padding),
        Framing::Converse => converse_event(event),
    }
}

/// The body of a stream of `events`.
pub fn stream_body_of(format: Format, events: &[String]) -> Vec<u8> {
    events
        .iter()
        .flat_map(|e| event_frame(format, e, None))
        .collect()
}
