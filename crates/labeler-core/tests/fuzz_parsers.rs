//! Property-based fuzzing (proptest) of everything that reads bytes from the network: every
//! family's response parser, the answer checker, the AWS error parser, and the job around
//! them (retries and repairs included). Stable Rust only (cargo fuzz needs nightly).
//!
//! Properties: arbitrary bytes or JSON never panic; every item still gets exactly one outcome;
//! and whatever a response says, no secret (nor a 12-character start of one) reaches a message,
//! a `raw` field or the result.
//!
//! Bounded for `make test`: proptest's default 256 cases per property. A longer run:
//! `PROPTEST_CASES=100000 cargo test -p labeler-core --release --test fuzz_parsers`.

use labeler_core::answer::{interpret, AskedItem};
use labeler_core::aws_error::{error_from_response, sanitize_code, ErrorContext};
use labeler_core::formats::{self, json_in_text, Format};
use labeler_core::http::HttpResponse;
use labeler_core::request::{Label, Task};
use labeler_core::{Job, PredictLabelsRequest};
use proptest::prelude::*;
use serde_json::{json, Map, Value};

/// Any JSON value, a few levels deep, with keys Bedrock and our parsers look for mixed in.
fn arb_json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(|n| json!(n)),
        any::<f64>().prop_filter_map("finite", |f| serde_json::Number::from_f64(f)
            .map(Value::Number)),
        any::<String>().prop_map(Value::String),
        prop_oneof![
            Just("tool_use"),
            Just("text"),
            Just("1"),
            Just("positive"),
            Just("max_tokens")
        ]
        .prop_map(|s| Value::String(s.to_owned())),
    ];
    leaf.prop_recursive(4, 48, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::vec((arb_key(), inner), 0..6)
                .prop_map(|kv| Value::Object(kv.into_iter().collect::<Map<_, _>>())),
        ]
    })
}

fn arb_key() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => prop_oneof![
            Just("content"), Just("type"), Just("input"), Just("text"), Just("usage"),
            Just("input_tokens"), Just("output_tokens"), Just("stop_reason"), Just("results"),
            Just("id"), Just("label"), Just("labels"), Just("message"), Just("Message"),
            Just("code"), Just("Code"), Just("__type"),
        ]
        .prop_map(str::to_owned),
        1 => any::<String>(),
    ]
}

/// A Messages API response with arbitrary pieces where the parser looks.
fn arb_anthropic_body() -> impl Strategy<Value = Value> {
    let block = prop_oneof![
        arb_json()
            .prop_map(|input| json!({"type": "tool_use", "name": "record_labels", "input": input})),
        any::<String>().prop_map(|text| json!({"type": "text", "text": text})),
        arb_json(),
    ];
    (prop::collection::vec(block, 0..4), arb_json(), arb_json()).prop_map(
        |(content, usage, stop)| json!({"content": content, "usage": usage, "stop_reason": stop}),
    )
}

/// `{"results": [...]}` with arbitrary ids and labels, some of them right.
fn arb_answer() -> impl Strategy<Value = Value> {
    let id = prop_oneof![
        Just(json!("1")),
        Just(json!(2)),
        Just(json!(" 3 ")),
        arb_json()
    ];
    let label = prop_oneof![
        Just(json!("positive")),
        Just(json!("NEGATIVE")),
        Just(json!(["positive", "negative"])),
        arb_json()
    ];
    let entry = (id, label, any::<bool>()).prop_map(|(id, label, plural)| {
        if plural {
            json!({"id": id, "labels": label})
        } else {
            json!({"id": id, "label": label})
        }
    });
    prop_oneof![
        prop::collection::vec(entry.clone(), 0..5).prop_map(|r| json!({"results": r})),
        prop::collection::vec(entry, 0..5).prop_map(Value::Array),
        arb_json(),
    ]
}

fn arb_labels() -> impl Strategy<Value = Vec<Label>> {
    prop::collection::vec(
        prop_oneof![
            Just("positive".to_owned()),
            Just("negative".to_owned()),
            "[^\\p{C}]{1,12}"
        ],
        1..5,
    )
    .prop_map(|names| {
        names
            .into_iter()
            .map(|name| Label {
                name,
                description: None,
            })
            .collect()
    })
}

fn arb_headers() -> impl Strategy<Value = Vec<(String, String)>> {
    let name = prop_oneof![
        Just("x-amzn-ErrorType".to_owned()),
        Just("X-AMZN-ERRORTYPE".to_owned()),
        Just("x-amzn-RequestId".to_owned()),
        Just("x-amzn-bedrock-input-token-count".to_owned()),
        any::<String>(),
    ];
    let value = prop_oneof![
        Just("ThrottlingException:http://internal.amazon.com/coral/".to_owned()),
        Just("com.amazon.coral.service#ExpiredTokenException".to_owned()),
        Just("#".to_owned()),
        Just(":,#".to_owned()),
        any::<String>(),
    ];
    prop::collection::vec((name, value), 0..4)
}

fn arb_body() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        prop::collection::vec(any::<u8>(), 0..600),
        arb_json().prop_map(|v| v.to_string().into_bytes()),
        arb_anthropic_body().prop_map(|v| v.to_string().into_bytes()),
    ]
}

const CTX: ErrorContext = ErrorContext {
    model_id: "anthropic.claude-3-haiku-20240307-v1:0",
    region: "us-east-1",
};

proptest! {
    #[test]
    fn parse_response_never_panics_on_bytes(body in prop::collection::vec(any::<u8>(), 0..2048), f in 0..Format::ALL.len()) {
        let _ = formats::parse_response(Format::ALL[f], &body);
    }

    #[test]
    fn parse_response_never_panics_on_json(body in prop_oneof![arb_json(), arb_anthropic_body()], f in 0..Format::ALL.len()) {
        let bytes = body.to_string().into_bytes();
        let _ = formats::parse_response(Format::ALL[f], &bytes);
    }

    #[test]
    fn json_in_text_never_panics(text in any::<String>()) {
        let _ = json_in_text(&text);
    }

    #[test]
    fn interpret_gives_one_outcome_per_item(
        answer in prop::option::of(arb_answer()),
        n in 1usize..5,
        labels in arb_labels(),
        task in prop_oneof![Just(Task::Single), Just(Task::Multi), Just(Task::Spans)],
        text in any::<String>(),
    ) {
        let ids: Vec<String> = (1..=n).map(|i| i.to_string()).collect();
        let items: Vec<AskedItem> = ids.iter().map(|id| AskedItem { id, text: &text }).collect();
        let out = interpret(answer.as_ref(), &items, &labels, task);
        prop_assert_eq!(out.len(), n);
        for r in out {
            match r {
                Ok(answer) => {
                    let found = answer.labels;
                    // Only names from the set, never invented ones; exactly one for single.
                    prop_assert!(found.iter().all(|f| labels.iter().any(|l| &l.name == f)));
                    if task == Task::Single { prop_assert_eq!(found.len(), 1); }
                }
                Err(e) => prop_assert!(!e.code.as_str().is_empty() && !e.message.is_empty()),
            }
        }
    }

    #[test]
    fn error_parsing_never_panics_and_always_says_something(
        status in prop_oneof![Just(400u16), Just(403), Just(404), Just(429), Just(500), Just(503), 100u16..600],
        headers in arb_headers(),
        body in arb_body(),
    ) {
        let resp = HttpResponse { status, headers, body };
        let e = error_from_response(&resp, &CTX);
        prop_assert!(!e.code.as_str().is_empty());
        prop_assert!(!e.message.is_empty());
        prop_assert_eq!(e.status, Some(status));
    }

    #[test]
    fn sanitize_code_never_panics(raw in any::<String>()) {
        let _ = sanitize_code(&raw);
    }
}

// ---- Secrets: whatever comes back, none reaches the caller ----------------------------------

/// A secret access key or session token: AWS's alphabet, long enough to be redacted.
fn arb_secret() -> impl Strategy<Value = String> {
    "[A-Za-z0-9/+=]{20,80}"
}

/// How a response might carry the secret: as is, JSON-escaped, percent-encoded, or cut short.
fn echo_of(secret: &str, how: u8, cut: usize) -> String {
    match how % 4 {
        0 => secret.to_owned(),
        1 => secret.replace('/', "\\/"),
        2 => secret
            .replace('/', "%2F")
            .replace('+', "%2B")
            .replace('=', "%3D"),
        _ => secret[..(12 + cut % (secret.len() - 11)).min(secret.len())].to_owned(),
    }
}

/// Wraps `text` the ways a response can say it: an AWS error body, a model answer, raw bytes.
fn response_with(text: &str, shape: u8, status: u16, error_type: Option<String>) -> HttpResponse {
    let body = match shape % 8 {
        0 => json!({"message": text}).to_string(),
        1 => json!({"Message": format!("{text}\n\nThe Canonical String for this request should have been\n'{text}'")}).to_string(),
        2 => json!({"content": [{"type": "text", "text": text}]}).to_string(),
        3 => json!({"content": [{"type": "tool_use", "input": {"results": [{"id": "1", "label": text}]}}]}).to_string(),
        4 => json!({"content": [{"type": "tool_use", "input": {"results": [{"id": "1", "label": [text, {"x": text}]}]}}]}).to_string(),
        // A span the model names that is not in the text: a warning quoting it.
        5 => json!({"content": [{"type": "tool_use", "input": {"results": [{"id": "1", "spans": [{"label": "positive", "text": text}]}]}}]}).to_string(),
        6 => json!({"content": [{"type": "tool_use", "input": {"results": [{"id": "1", "labels": ["positive", text]}]}}]}).to_string(),
        _ => text.to_owned(),
    };
    let mut headers = vec![("x-amzn-RequestId".to_owned(), "r".to_owned())];
    if let Some(t) = error_type {
        headers.push(("x-amzn-ErrorType".to_owned(), t));
    }
    HttpResponse {
        status,
        headers,
        body: body.into_bytes(),
    }
}

proptest! {
    #[test]
    fn no_secret_reaches_messages_raw_results_or_requests(
        key in arb_secret(),
        token in arb_secret(),
        which in any::<bool>(),
        how in any::<u8>(),
        cut in any::<usize>(),
        before in "[^\\p{C}]{0,520}",
        after in "[^\\p{C}]{0,40}",
        shape in any::<u8>(),
        task in prop_oneof![Just("single"), Just("multi"), Just("spans")],
        status in prop_oneof![Just(200u16), Just(400), Just(403), Just(424), Just(429), Just(500), 100u16..600],
        error_type in prop::option::of(prop_oneof![
            Just("ThrottlingException".to_owned()),
            Just("UnrecognizedClientException".to_owned()),
            Just("InvalidSignatureException".to_owned()),
            Just("ValidationException".to_owned()),
            "[A-Za-z]{1,30}",
        ]),
    ) {
        let req = PredictLabelsRequest::from_json(&json!({
            "credentials": {"accessKeyId": "ASIAFUZZFUZZFUZZ0001", "secretAccessKey": key, "sessionToken": token},
            "region": "us-east-1",
            "modelId": "anthropic.claude-3-haiku-20240307-v1:0",
            "labels": ["positive", "negative"],
            "texts": ["hello"],
            "task": task,
            "endpoint": "http://127.0.0.1:1",
        }));
        // A generated secret with spaces or the like is rejected; the rest must not leak.
        prop_assume!(req.is_ok());
        let mut job = Job::new(req.unwrap()).unwrap();
        let secret = if which { &key } else { &token };
        let text = format!("{before}{}{after}", echo_of(secret, how, cut));
        let resp = response_with(&text, shape, status, error_type);
        // Every call (retries, repairs) gets the same answer; progress is looked at after each,
        // and so is every request sent (a repair prompt quotes what the model said).
        let mut seen = Vec::new();
        let mut now = 1_000_000.0;
        // Throttles are waited out under pacing until no answer came for two minutes, then
        // retried as usual: a few hundred steps at most.
        for _ in 0..1000 {
            if job.is_done() { break; }
            match job.next_call(now) {
                Some(call) => {
                    seen.push(Value::String(String::from_utf8_lossy(&call.request.body).into_owned()));
                    seen.push(Value::String(call.request.url.clone()));
                    job.on_response(call.id, resp.clone(), now);
                    seen.push(serde_json::to_value(job.finished().collect::<Vec<_>>()).unwrap());
                }
                None => now += job.next_wake_ms(now).unwrap_or(1000.0).max(1.0),
            }
        }
        prop_assert!(job.is_done());
        match job.into_result() {
            Ok(r) => seen.push(serde_json::to_value(&r).unwrap()),
            Err(e) => seen.push(serde_json::to_value(&e).unwrap()),
        }
        let mut strings = Vec::new();
        for v in &seen { collect_strings(v, &mut strings); }
        for s in [&key, &token] {
            for form in [s.clone(), s.replace('/', "\\/"), s.replace('/', "%2F").replace('+', "%2B").replace('=', "%3D")] {
                for out in &strings {
                    prop_assert!(!out.contains(&form[..12]), "{} leaked: {}", &form[..12], out);
                }
            }
        }
    }

    #[test]
    fn request_errors_never_echo_a_secret(
        secret in arb_secret(),
        junk in prop_oneof![Just(" "), Just("\n"), Just("\t"), Just("\u{0}"), Just("")],
        token_junk in prop_oneof![Just(" "), Just("\r\n"), Just("")],
        key_id in prop_oneof![Just("ASIAFUZZFUZZFUZZ0001"), Just("AKIAFUZZFUZZFUZZ0001"), Just("AKIDEXAMPLE12345"), Just("x")],
        expiration in prop::option::of(prop_oneof![Just("2020-01-01T00:00:00Z".to_owned()), any::<String>()]),
        drop_token in any::<bool>(),
    ) {
        let mid = secret.len() / 2;
        let mut creds = json!({
            "accessKeyId": key_id,
            "secretAccessKey": format!("{}{junk}{}", &secret[..mid], &secret[mid..]),
            "sessionToken": format!("{}{token_junk}{}", &secret[..mid], &secret[mid..]),
        });
        if drop_token { creds.as_object_mut().unwrap().remove("sessionToken"); }
        if let Some(x) = expiration { creds["expiration"] = json!(x); }
        let r = PredictLabelsRequest::from_json(&json!({
            "credentials": creds, "region": "us-east-1", "modelId": "anthropic.claude-3-haiku-20240307-v1:0",
            "labels": ["a"], "texts": ["b"],
        }));
        if let Err(e) = r {
            prop_assert_eq!(e.code.as_str(), "InvalidInput");
            prop_assert!(!e.message.contains(&secret[..mid.clamp(8, 12)]), "{}", e.message);
        }
    }
}

/// Every string in a JSON value (keys too), as the caller reads them.
fn collect_strings(v: &Value, out: &mut Vec<String>) {
    match v {
        Value::String(s) => out.push(s.clone()),
        Value::Array(a) => a.iter().for_each(|x| collect_strings(x, out)),
        Value::Object(o) => o.iter().for_each(|(k, x)| {
            out.push(k.clone());
            collect_strings(x, out)
        }),
        _ => {}
    }
}

// ---- The RFC 3339 parser of credentials.expiration, against aws-smithy-types' -------------

proptest! {
    #[test]
    fn expiration_parser_agrees_with_aws_smithy_types(
        year in 1970i64..2200, month in 1i64..=12, day in 1i64..=31,
        hour in 0i64..24, minute in 0i64..60, second in 0i64..60,
        frac in prop::option::of("[0-9]{1,9}"),
        offset in prop::option::of((any::<bool>(), 0i64..24, 0i64..60)),
    ) {
        use aws_smithy_types::date_time::{DateTime, Format};
        let frac = frac.map(|f| format!(".{f}")).unwrap_or_default();
        let zone = match offset {
            None => "Z".to_owned(),
            Some((neg, h, m)) => format!("{}{h:02}:{m:02}", if neg { '-' } else { '+' }),
        };
        let text = format!("{year:04}-{month:02}-{day:02}T{hour:02}:{minute:02}:{second:02}{frac}{zone}");
        let ours = labeler_core::credentials::rfc3339_millis(&text);
        let theirs = DateTime::from_str(&text, Format::DateTimeWithOffset).ok().and_then(|t| t.to_millis().ok());
        prop_assert_eq!(ours, theirs, "{}", text);
    }

    #[test]
    fn expiration_parser_never_panics(text in any::<String>(), tail in "[0-9:.+-Zz]{0,12}") {
        let _ = labeler_core::credentials::rfc3339_millis(&text);
        let _ = labeler_core::credentials::rfc3339_millis(&format!("2025-01-02T04:04:05{tail}"));
    }
}

// ---- Files the workspace reads: datasets and Batch Inference output -----------------------

/// CSV-ish text: the characters CSV gives meaning to, mixed with ordinary ones and UTF-8.
fn arb_csvish() -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop_oneof![
            Just(",".to_owned()),
            Just("\"".to_owned()),
            Just("\"\"".to_owned()),
            Just("\n".to_owned()),
            Just("\r\n".to_owned()),
            Just("\r".to_owned()),
            Just("\u{feff}".to_owned()),
            "[a-z0-9 ]{0,6}",
            any::<String>(),
        ],
        0..60,
    )
    .prop_map(|parts| parts.concat())
}

/// JSONL-ish text: lines of arbitrary JSON (objects with repeated and shared keys among them).
fn arb_jsonlish() -> impl Strategy<Value = String> {
    let line = prop_oneof![
        3 => prop::collection::vec((prop_oneof![Just("text".to_owned()), Just("gold".to_owned()), "[a-c]{1,2}"], arb_json()), 0..6)
            .prop_map(|kv| {
                let body: Vec<String> = kv.iter().map(|(k, v)| format!("{}:{}", Value::String(k.clone()), v)).collect();
                format!("{{{}}}", body.join(","))
            }),
        1 => arb_json().prop_map(|v| v.to_string()),
        1 => any::<String>(),
        1 => Just(String::new()),
    ];
    prop::collection::vec(line, 0..12).prop_map(|lines| lines.join("\n"))
}

proptest! {
    #[test]
    fn dataset_parser_never_panics_and_never_pads_beyond_the_columns(
        text in prop_oneof![arb_csvish(), arb_jsonlish(), any::<String>()],
        raw in prop::collection::vec(any::<u8>(), 0..400),
        f in 0usize..3,
    ) {
        use labeler_core::dataset::{parse, Format, MAX_COLUMNS};
        let format = [Format::Csv, Format::Jsonl, Format::Txt][f];
        let _ = parse(&raw, format);
        if let Ok(t) = parse(text.as_bytes(), format) {
            prop_assert!(t.columns.len() <= MAX_COLUMNS);
            for row in &t.rows {
                prop_assert!(row.len() <= t.columns.len(), "a row wider than the columns: {:?}", t);
            }
            // A text file's cells are its lines, as they are.
            if format == Format::Txt {
                for cell in t.rows.iter().flatten() {
                    let body = text.strip_prefix('\u{feff}').unwrap_or(&text);
                    prop_assert!(body.lines().any(|l| l == cell), "{:?} not a line of {:?}", cell, text);
                }
            }
        }
    }

    #[test]
    fn batch_import_never_panics_and_answers_each_row_at_most_once(
        records in prop::collection::vec(prop_oneof![
            // A record whose modelInput names rows (some out of range), with any output.
            (prop::collection::vec(prop_oneof![Just(json!("1")), Just(json!("2")), Just(json!("3")), Just(json!("0")), Just(json!("99")), arb_json()], 0..4),
             prop::option::of(arb_json()), prop::option::of(arb_json()))
                .prop_map(|(ids, output, error)| {
                    let items: Vec<Value> = ids.into_iter().map(|id| json!({"id": id, "text": "x"})).collect();
                    let mut r = json!({"recordId": "REC00000001", "modelInput": {"messages": [{"content": format!("<items>\n{}\n</items>", Value::Array(items))}]}});
                    if let Some(o) = output { r["modelOutput"] = o; }
                    if let Some(e) = error { r["error"] = e; }
                    r.to_string()
                }),
            arb_json().prop_map(|v| v.to_string()),
            any::<String>(),
        ], 0..8),
        family in prop_oneof![Just("anthropic.claude-3-haiku-20240307-v1:0"), Just("meta.llama3-1-8b-instruct-v1:0"), Just("amazon.nova-pro-v1:0"), Just("qwen.qwen3-32b-v1:0")],
        task in prop_oneof![Just("single"), Just("multi"), Just("spans")],
    ) {
        let req = labeler_core::request::LabelingSpec::from_json(&json!({
            "region": "us-east-1", "modelId": family, "labels": ["positive", "negative"],
            "texts": ["a positive one", "negative two", "three"], "task": task,
        })).unwrap();
        let output = records.join("\n");
        let imported = labeler_core::batch_inference::import_output(&req, &output);
        let mut seen = std::collections::HashSet::new();
        for p in &imported.predictions {
            prop_assert!(p.index < 3);
            prop_assert!(seen.insert(p.index), "row {} answered twice", p.index);
            prop_assert_eq!(p.text.as_str(), req.texts[p.index].as_str());
        }
        prop_assert_eq!(imported.summary.rows, imported.predictions.len());
        prop_assert!(imported.summary.records + imported.summary.unreadable_lines.len() <= output.lines().count());
    }
}
