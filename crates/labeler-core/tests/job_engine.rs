//! The Job engine driven natively with a fake model: batching, results in input order,
//! re-asking missed or repeated ids, one repair for bad answers, and every family's wire format
//! (the recorded response shapes of `tests/data/formats/` that have a `job.json`).

mod common;

use common::vectors::format_cases;
use labeler_core::formats::Format;
use labeler_core::http::{HttpRequest, HttpResponse};
use labeler_core::{Job, PredictLabelsRequest, PredictLabelsResult};
use serde_json::{json, Value};

/// What the fake model saw in one request.
struct Asked {
    body: Value,
    prompt: String,
    items: Vec<(String, String)>,
    labels: Vec<String>,
}

/// The prompt text of any family's body (system + user, or the templated prompt).
fn prompt_text(body: &Value) -> String {
    let mut out = String::new();
    let mut walk = vec![body];
    while let Some(v) = walk.pop() {
        match v {
            Value::String(s) => out.push_str(s),
            Value::Array(a) => walk.extend(a.iter().rev()),
            Value::Object(o) => walk.extend(o.values().rev()),
            _ => {}
        }
    }
    out
}

fn parse_asked(req: &HttpRequest) -> Asked {
    let body: Value = serde_json::from_slice(&req.body).unwrap();
    let prompt = prompt_text(&body);
    let start = prompt.find("<items>\n").expect("items block") + "<items>\n".len();
    let end = prompt.rfind("\n</items>").unwrap();
    let items: Vec<Value> = serde_json::from_str(&prompt[start..end]).unwrap();
    let items = items
        .iter()
        .map(|i| {
            (
                i["id"].as_str().unwrap().to_owned(),
                i["text"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    // The label list is the "- name" lines after "Labels:".
    let labels = prompt
        .split("Labels:\n")
        .nth(1)
        .unwrap()
        .lines()
        .take_while(|l| l.starts_with("- "))
        .map(|l| l[2..].split(':').next().unwrap().to_owned())
        .collect();
    Asked {
        body,
        prompt,
        items,
        labels,
    }
}

/// The label the fake model picks: the first label named in the text, else the first label.
fn pick(text: &str, labels: &[String]) -> String {
    labels
        .iter()
        .find(|l| text.to_lowercase().contains(&l.to_lowercase()))
        .unwrap_or(&labels[0])
        .clone()
}

fn run(
    request: Value,
    mut model: impl FnMut(&Asked) -> Value,
    respond: impl Fn(&Asked, Value) -> HttpResponse,
) -> (PredictLabelsResult, Vec<Asked>) {
    let req = PredictLabelsRequest::from_json(&request).unwrap();
    let mut job = Job::new(req).unwrap();
    let mut seen = Vec::new();
    let now = 1_735_787_045_000.0;
    while !job.is_done() {
        let call = job.next_call(now).expect("a call while not done");
        let signed = job.sign(&call.request, now).unwrap();
        let asked = parse_asked(&signed);
        let answer = model(&asked);
        job.on_response(call.id, respond(&asked, answer), now);
        seen.push(asked);
    }
    (job.into_result().unwrap(), seen)
}

fn ok(body: Value) -> HttpResponse {
    HttpResponse {
        status: 200,
        headers: vec![],
        body: serde_json::to_vec(&body).unwrap(),
    }
}

/// A Claude Messages response carrying `answer` as the forced tool's input.
fn claude(_: &Asked, answer: Value) -> HttpResponse {
    ok(
        json!({"content": [{"type": "tool_use", "id": "t", "name": "record_labels", "input": answer}],
              "stop_reason": "tool_use", "usage": {"input_tokens": 100, "output_tokens": 10}}),
    )
}

fn request(texts: &[&str], extra: Value) -> Value {
    let mut v = json!({
        "credentials": {"accessKeyId": "AKIAEMULATORUSER0001", "secretAccessKey": "secret/secret/secret"},
        "region": "us-east-1",
        "modelId": "anthropic.claude-3-haiku-20240307-v1:0",
        "labels": ["positive", "negative", "neutral"],
        "texts": texts,
    });
    for (k, val) in extra.as_object().unwrap() {
        v[k] = val.clone();
    }
    v
}

fn good_answer(a: &Asked) -> Value {
    json!({"results": a.items.iter().map(|(id, t)| json!({"id": id, "label": pick(t, &a.labels)})).collect::<Vec<_>>()})
}

fn texts(n: usize) -> Vec<String> {
    let words = ["positive", "negative", "neutral"];
    (0..n)
        .map(|i| format!("item {i} is {}", words[i % 3]))
        .collect()
}

fn assert_all_ok(result: &PredictLabelsResult, texts: &[String]) {
    assert_eq!(result.predictions.len(), texts.len());
    for (i, p) in result.predictions.iter().enumerate() {
        assert_eq!(p.index, i);
        assert_eq!(&p.text, &texts[i]);
        assert_eq!(p.status, labeler_core::result::Status::Ok, "{p:?}");
        assert_eq!(
            p.labels,
            vec![texts[i].rsplit(' ').next().unwrap().to_owned()]
        );
    }
}

#[test]
fn items_go_ten_to_a_request_and_come_back_in_input_order() {
    let t = texts(25);
    let refs: Vec<&str> = t.iter().map(String::as_str).collect();
    // Answer in reverse order: matching is by id, not position.
    let (result, seen) = run(
        request(&refs, json!({})),
        |a| {
            let mut v = good_answer(a);
            v["results"].as_array_mut().unwrap().reverse();
            v
        },
        claude,
    );
    assert_eq!(
        seen.iter().map(|a| a.items.len()).collect::<Vec<_>>(),
        vec![10, 10, 5]
    );
    assert_eq!(result.usage.requests, 3);
    assert_eq!(result.usage.input_tokens, 300);
    assert_all_ok(&result, &t);
}

#[test]
fn batch_size_is_honoured() {
    let t = texts(7);
    let refs: Vec<&str> = t.iter().map(String::as_str).collect();
    let (result, seen) = run(request(&refs, json!({"batchSize": 3})), good_answer, claude);
    assert_eq!(
        seen.iter().map(|a| a.items.len()).collect::<Vec<_>>(),
        vec![3, 3, 1]
    );
    assert_all_ok(&result, &t);
}

#[test]
fn dropped_ids_are_asked_again_alone() {
    let t = texts(10);
    let refs: Vec<&str> = t.iter().map(String::as_str).collect();
    let (result, seen) = run(
        request(&refs, json!({})),
        |a| {
            let mut v = good_answer(a);
            if a.items.len() > 1 {
                // Drop every second result.
                let kept: Vec<Value> = v["results"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .step_by(2)
                    .cloned()
                    .collect();
                v["results"] = json!(kept);
            }
            v
        },
        claude,
    );
    assert_all_ok(&result, &t);
    assert_eq!(result.usage.requests, 1 + 5);
    assert!(seen[1..]
        .iter()
        .all(|a| a.items.len() == 1 && !a.prompt.contains("previous answer")));
}

#[test]
fn repeated_ids_are_asked_again_alone() {
    let t = texts(4);
    let refs: Vec<&str> = t.iter().map(String::as_str).collect();
    let (result, _) = run(
        request(&refs, json!({})),
        |a| {
            let mut v = good_answer(a);
            if a.items.len() > 1 {
                let first = v["results"][0].clone();
                v["results"]
                    .as_array_mut()
                    .unwrap()
                    .push(json!({"id": first["id"], "label": "negative"}));
            }
            v
        },
        claude,
    );
    assert_all_ok(&result, &t);
    assert_eq!(result.usage.requests, 2);
}

#[test]
fn a_label_outside_the_set_gets_one_repair_that_says_what_was_wrong() {
    let t = texts(3);
    let refs: Vec<&str> = t.iter().map(String::as_str).collect();
    let (result, seen) = run(
        request(&refs, json!({})),
        |a| {
            if a.prompt.contains("previous answer") {
                good_answer(a)
            } else {
                json!({"results": a.items.iter().map(|(id, _)| json!({"id": id, "label": "POSITIVE (pos)"})).collect::<Vec<_>>()})
            }
        },
        claude,
    );
    assert_all_ok(&result, &t);
    assert_eq!(seen.len(), 4);
    assert!(seen[1]
        .prompt
        .contains("The answer \"POSITIVE (pos)\" is not one of the labels."));
}

#[test]
fn a_model_that_never_answers_validly_fails_the_item_with_its_raw_output() {
    let (result, seen) = run(
        request(&["this is positive"], json!({})),
        |a| json!({"results": a.items.iter().map(|(id, _)| json!({"id": id, "label": "maybe"})).collect::<Vec<_>>()}),
        claude,
    );
    let p = &result.predictions[0];
    assert_eq!(p.status, labeler_core::result::Status::Failed);
    assert_eq!(p.error.as_ref().unwrap().code, "InvalidLabel");
    assert!(p.labels.is_empty());
    assert!(p.raw.as_ref().unwrap().contains("maybe"));
    assert_eq!(seen.len(), 2, "one request and one repair, no more");
}

#[test]
fn unparseable_answers_are_errors_never_empty_labels() {
    let (result, _) = run(
        request(&["one", "two"], json!({"task": "multi"})),
        |_| json!("no idea"),
        |_, _| {
            ok(
                json!({"content": [{"type": "text", "text": "I am not sure what you mean."}], "stop_reason": "end_turn"}),
            )
        },
    );
    for p in &result.predictions {
        assert_eq!(p.error.as_ref().unwrap().code, "ParseError");
        assert_eq!(p.raw.as_deref(), Some("I am not sure what you mean."));
    }
}

#[test]
fn a_per_request_error_fails_only_its_batch() {
    let t = texts(4);
    let refs: Vec<&str> = t.iter().map(String::as_str).collect();
    let (result, _) = run(
        request(&refs, json!({"batchSize": 2})),
        good_answer,
        |a, answer| {
            if a.items.iter().any(|(_, t)| t.starts_with("item 0")) {
                HttpResponse {
                    status: 408,
                    headers: vec![("x-amzn-ErrorType".into(), "ModelTimeoutException".into())],
                    body: br#"{"message":"Model has timed out"}"#.to_vec(),
                }
            } else {
                claude(a, answer)
            }
        },
    );
    let codes: Vec<Option<&str>> = result
        .predictions
        .iter()
        .map(|p| p.error.as_ref().map(|e| e.code.as_str()))
        .collect();
    assert_eq!(
        codes,
        vec![
            Some("ModelTimeoutException"),
            Some("ModelTimeoutException"),
            None,
            None
        ]
    );
}

#[test]
fn spans_come_back_with_utf16_offsets() {
    let text = "😀 Ada met Bob, then Ada left";
    let (result, seen) = run(
        request(&[text], json!({"task": "spans", "labels": ["PERSON"]})),
        |a| json!({"results": [{"id": a.items[0].0, "spans": [{"label": "person", "text": "Bob"}, {"label": "PERSON", "text": "Ada", "occurrence": 2}, {"label": "PERSON", "text": "Ada"}]}]}),
        claude,
    );
    assert_eq!(seen.len(), 1);
    let p = &result.predictions[0];
    let spans = p.spans.as_ref().unwrap();
    let units: Vec<u16> = text.encode_utf16().collect();
    let slice = |s: usize, e: usize| String::from_utf16(&units[s..e]).unwrap();
    assert_eq!(spans.len(), 2);
    for s in spans {
        assert_eq!(slice(s.start, s.end), s.text);
    }
    assert_eq!(
        (spans[0].text.as_str(), spans[1].text.as_str()),
        ("Bob", "Ada")
    );
    assert_eq!(spans[1].start, 21);
    assert_eq!(p.warnings.len(), 1, "the ambiguous 'Ada' is reported");
    assert_eq!(p.warnings[0].code, "SpanAmbiguous");
}

/// Per body format: a call answered with each recorded response shape that has a `job.json`
/// (`tests/data/formats/<format>/<case>/`), the request body's shape checked as it says.
#[test]
fn every_family_round_trips() {
    use labeler_core::models::{lookup, Adaptations, Shape, Wanted};
    let t = texts(3);
    let refs: Vec<&str> = t.iter().map(String::as_str).collect();
    let mut n = 0;
    for case in format_cases() {
        let Some(job) = &case.job else { continue };
        let row = lookup(&job.model_id, None, None).unwrap();
        let shape = Shape::new(
            row,
            &job.model_id,
            Wanted::default(),
            Adaptations::default(),
        );
        assert_eq!(shape.format, case.format, "{}: {}", case.name, job.model_id);
        let body = case
            .response
            .clone()
            .expect("a job case has a response.json");
        let headers: Vec<(String, String)> = job.response_headers.clone().into_iter().collect();
        // The recorded answer is the one the fake model gives these texts.
        let (result, seen) = run(
            request(&refs, json!({"modelId": job.model_id})),
            |a| {
                for check in &job.request_body {
                    check.check(&a.body, &case.name);
                }
                good_answer(a)
            },
            |_, _| HttpResponse {
                status: 200,
                headers: headers.clone(),
                body: body.clone(),
            },
        );
        assert_eq!(seen.len(), 1, "{}", case.name);
        for p in &result.predictions {
            assert_eq!(
                p.status,
                labeler_core::result::Status::Ok,
                "{}: {p:?}",
                case.name
            );
        }
        assert_all_ok(&result, &t);
        n += 1;
    }
    assert!(n >= Format::ALL.len(), "{n} job cases");
}

/// Issue 14: with a shared prefix above the model's minimum, every request carries the same
/// checkpointed prefix; the first goes alone (the probe), so it alone writes the cache and the
/// rest, sent once it has answered, read it. Cache counts are summed into the usage; the labels
/// are those of the same run without caching.
#[test]
fn a_cached_run_sends_the_probe_alone_and_sums_cache_reads_and_writes() {
    let t = texts(25);
    let refs: Vec<&str> = t.iter().map(String::as_str).collect();
    let extra = json!({
        "modelId": "anthropic.claude-sonnet-4-5-20250929-v1:0",
        "instructions": "Label carefully. ".repeat(400),
        "concurrency": 4
    });
    let req = PredictLabelsRequest::from_json(&request(&refs, extra.clone())).unwrap();
    let mut job = Job::new(req).unwrap();
    let now = 1_735_787_045_000.0;
    let probe = job.next_call(now).unwrap();
    assert!(job.next_call(now).is_none(), "the probe goes alone");
    let body: Value = serde_json::from_slice(&probe.request.body).unwrap();
    let prefix = body["messages"][0]["content"][0].clone();
    assert_eq!(prefix["cache_control"], json!({"type": "ephemeral"}));
    let respond = |req: &HttpRequest, write: bool| {
        let asked = parse_asked(req);
        let answer = json!({"r": asked.items.iter().map(|(id, t)| json!({"id": id, "l": pick(t, &asked.labels)})).collect::<Vec<_>>()});
        let (r, w) = if write { (0, 1500) } else { (1500, 0) };
        ok(
            json!({"content": [{"type": "text", "text": answer.to_string()}], "stop_reason": "end_turn",
            "usage": {"input_tokens": 100, "output_tokens": 10, "cache_read_input_tokens": r, "cache_creation_input_tokens": w}}),
        )
    };
    let first = respond(&probe.request, true);
    job.on_response(probe.id, first, now);
    let mut rest = Vec::new();
    while let Some(call) = job.next_call(now) {
        rest.push(call);
    }
    assert_eq!(rest.len(), 2, "the rest go once the probe has answered");
    for call in rest {
        let body: Value = serde_json::from_slice(&call.request.body).unwrap();
        assert_eq!(body["messages"][0]["content"][0], prefix, "the same prefix");
        let resp = respond(&call.request, false);
        job.on_response(call.id, resp, now);
    }
    assert!(job.is_done());
    let cached = job.into_result().unwrap();
    assert_eq!(cached.usage.cache_write_input_tokens, 1500);
    assert_eq!(cached.usage.cache_read_input_tokens, 3000);
    assert_eq!(cached.usage.input_tokens, 300);
    assert_all_ok(&cached, &t);

    let mut off = extra;
    off["promptCaching"] = json!(false);
    let (plain, seen) = run(request(&refs, off), good_answer, claude);
    assert!(seen
        .iter()
        .all(|a| !a.body.to_string().contains("cache_control")));
    assert_eq!(
        plain
            .predictions
            .iter()
            .map(|p| &p.labels)
            .collect::<Vec<_>>(),
        cached
            .predictions
            .iter()
            .map(|p| &p.labels)
            .collect::<Vec<_>>()
    );
}
