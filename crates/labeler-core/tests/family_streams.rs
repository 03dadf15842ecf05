//! Nova, Llama, Mistral (text and chat) and Titan streams: the streamed output equals the
//! family's `parse_response` of the same answer sent whole, whatever the chunking and wherever
//! the body is split; result entries come out before the stream ends; shapes written out as
//! the reference (§3.2–3.5) documents them are read.

mod common;

use common::*;
use labeler_core::aws_error::ErrorContext;
use labeler_core::formats::llama::LlamaStream;
use labeler_core::formats::mistral::MistralStream;
use labeler_core::formats::nova::NovaStream;
use labeler_core::formats::titan::TitanStream;
use labeler_core::formats::{parse_response, Format, ModelOutput, StreamReader, TokenUsage};
use labeler_core::stream::bedrock::Framing;
use labeler_core::stream::StreamedResponse;
use serde_json::{json, Value};

const CTX: ErrorContext = ErrorContext {
    model_id: "amazon.nova-lite-v1:0",
    region: "us-east-1",
};

/// A three-item answer with non-ASCII text and JSON-escaped characters.
const ANSWER: &str = r#"{"results":[{"id":"1","label":"positive"},{"id":"2","label":"négatif ☕ \"q\" }"},{"id":"3","label":"neutral"}]}"#;

/// How a JSON-text model writes it: prose around the JSON (with brackets in the prose).
fn prose_answer() -> String {
    format!("Here are the labels [as asked]:\n{ANSWER}\nLet me know if you need more.")
}

fn entries() -> Vec<Value> {
    serde_json::from_str::<Value>(ANSWER).unwrap()["results"]
        .as_array()
        .unwrap()
        .clone()
}

/// `text` in `pieces` pieces of whole characters (a model never sends half a character).
fn split_text(text: &str, pieces: usize) -> Vec<String> {
    let chars: Vec<char> = text.chars().collect();
    let size = chars.len().div_ceil(pieces.max(1)).max(1);
    chars.chunks(size).map(|c| c.iter().collect()).collect()
}

fn metrics(input: u64, output: u64) -> Value {
    json!({"inputTokenCount": input, "outputTokenCount": output, "invocationLatency": 812, "firstByteLatency": 190})
}

fn with_metrics(mut event: Value, input: u64, output: u64) -> Value {
    event["amazon-bedrock-invocationMetrics"] = metrics(input, output);
    event
}

fn strings(events: Vec<Value>) -> Vec<String> {
    events.iter().map(Value::to_string).collect()
}

// ---- each family's events, in its documented chunk shape ----

/// Nova: a forced tool call whose input arrives as `delta.toolUse.input` pieces.
fn nova_events(answer: &str, pieces: usize, block_start: bool) -> Vec<String> {
    let mut events = vec![json!({"messageStart": {"role": "assistant"}})];
    if block_start {
        events.push(json!({"contentBlockStart": {"start": {"toolUse": {"toolUseId": "tooluse_1", "name": "record_labels"}}, "contentBlockIndex": 0}}));
    }
    for piece in split_text(answer, pieces) {
        events.push(json!({"contentBlockDelta": {"delta": {"toolUse": {"input": piece}}, "contentBlockIndex": 0}}));
    }
    events.push(json!({"contentBlockStop": {"contentBlockIndex": 0}}));
    events.push(json!({"messageStop": {"stopReason": "tool_use"}}));
    events.push(with_metrics(
        json!({"metadata": {"usage": {"inputTokens": 410, "outputTokens": 37}, "metrics": {}, "trace": {}}}),
        410,
        37,
    ));
    strings(events)
}

fn nova_whole(answer: &str) -> Value {
    json!({
        "output": {"message": {"role": "assistant", "content": [
            {"toolUse": {"toolUseId": "tooluse_1", "name": "record_labels", "input": serde_json::from_str::<Value>(answer).unwrap()}}
        ]}},
        "stopReason": "tool_use",
        "usage": {"inputTokens": 410, "outputTokens": 37, "totalTokens": 447}
    })
}

/// Llama: `generation` pieces, the prompt count on the first chunk only, the stop reason and
/// Bedrock's metrics on the last (which carries text when `text_in_last`).
fn llama_events(text: &str, pieces: usize, text_in_last: bool) -> Vec<String> {
    let parts = split_text(text, pieces);
    let n = parts.len();
    let mut events: Vec<Value> = parts
        .iter()
        .enumerate()
        .map(|(i, p)| {
            json!({"generation": p, "prompt_token_count": if i == 0 { json!(52) } else { Value::Null },
                   "generation_token_count": i + 1, "stop_reason": null})
        })
        .collect();
    let last = json!({"generation": "", "prompt_token_count": null, "generation_token_count": 61, "stop_reason": "stop"});
    if text_in_last {
        let mut l = events.pop().unwrap();
        l["generation_token_count"] = json!(61);
        l["stop_reason"] = json!("stop");
        if n == 1 {
            l["prompt_token_count"] = json!(52);
        }
        events.push(with_metrics(l, 52, 61));
    } else {
        events.push(with_metrics(last, 52, 61));
    }
    strings(events)
}

fn llama_whole(text: &str) -> Value {
    json!({"generation": text, "prompt_token_count": 52, "generation_token_count": 61, "stop_reason": "stop"})
}

/// Titan: `outputText` pieces with running counts; the last chunk has the completion reason
/// and the metrics (and text when `text_in_last`).
fn titan_events(text: &str, pieces: usize, text_in_last: bool) -> Vec<String> {
    let mut events: Vec<Value> = split_text(text, pieces)
        .iter()
        .enumerate()
        .map(|(i, p)| {
            json!({"outputText": p, "index": 0, "totalOutputTextTokenCount": i + 1,
                   "completionReason": null, "inputTextTokenCount": 33})
        })
        .collect();
    let mut last = if text_in_last {
        events.pop().unwrap()
    } else {
        json!({"outputText": "", "index": 0, "inputTextTokenCount": 33})
    };
    last["totalOutputTextTokenCount"] = json!(58);
    last["completionReason"] = json!("FINISH");
    events.push(with_metrics(last, 33, 58));
    strings(events)
}

fn titan_whole(text: &str) -> Value {
    json!({"inputTextTokenCount": 33, "results": [{"tokenCount": 58, "outputText": text, "completionReason": "FINISH"}]})
}

/// Mistral text models: `outputs[0].text` pieces, `stop_reason` on the last chunk.
fn mistral_text_events(text: &str, pieces: usize, text_in_last: bool) -> Vec<String> {
    let mut events: Vec<Value> = split_text(text, pieces)
        .iter()
        .map(|p| json!({"outputs": [{"text": p, "stop_reason": null}]}))
        .collect();
    let mut last = if text_in_last {
        events.pop().unwrap()
    } else {
        json!({"outputs": [{"text": "", "stop_reason": null}]})
    };
    last["outputs"][0]["stop_reason"] = json!("stop");
    events.push(with_metrics(last, 70, 44));
    strings(events)
}

fn mistral_text_whole(text: &str) -> Value {
    json!({"outputs": [{"text": text, "stop_reason": "stop"}]})
}

/// Mistral chat models (UNCONFIRMED shape): the tool call's `function.arguments` in pieces,
/// under `delta` or `message`; the first piece has the call's id and name.
fn mistral_chat_events(args: &str, pieces: usize, key: &str) -> Vec<String> {
    let mut events = vec![
        json!({"choices": [{"index": 0, key: {"role": "assistant", "content": ""}, "stop_reason": null}]}),
    ];
    for (i, p) in split_text(args, pieces).iter().enumerate() {
        let call = if i == 0 {
            json!({"index": 0, "id": "call_1", "type": "function", "function": {"name": "record_labels", "arguments": p}})
        } else {
            json!({"index": 0, "function": {"arguments": p}})
        };
        events.push(
            json!({"choices": [{"index": 0, key: {"tool_calls": [call]}, "stop_reason": null}]}),
        );
    }
    events.push(with_metrics(
        json!({"choices": [{"index": 0, key: {"content": ""}, "stop_reason": "tool_calls"}]}),
        90,
        40,
    ));
    strings(events)
}

fn mistral_chat_whole(args: &str) -> Value {
    json!({"choices": [{"index": 0, "message": {"role": "assistant", "content": "", "tool_calls": [
        {"id": "call_1", "function": {"name": "record_labels", "arguments": args}}]}, "stop_reason": "tool_calls"}],
        "usage": {"prompt_tokens": 90, "completion_tokens": 40}})
}

// ---- the checks ----

fn expected(family: Format, whole: &Value) -> ModelOutput {
    parse_response(family, whole.to_string().as_bytes()).unwrap()
}

/// Pushes `body` in the given pieces; returns the entries in order and the output.
fn stream_in(model: Box<dyn StreamReader>, pieces: &[&[u8]]) -> (Vec<Value>, ModelOutput) {
    let mut r = StreamedResponse::new(model, Framing::Invoke, Some("req-1".into()));
    let mut got = Vec::new();
    for p in pieces {
        got.extend(r.push(p, &CTX));
        assert!(r.wants_more());
    }
    (got, r.finish().expect("a whole stream has an output"))
}

/// The body of `events`, split at every byte (in two pieces) and fed one byte at a time, gives
/// every entry once, in order, and `want`.
fn check_every_split(
    model: &dyn Fn() -> Box<dyn StreamReader>,
    events: &[String],
    want: &ModelOutput,
) {
    let body = stream_body(events);
    for at in 0..=body.len() {
        let (got, out) = stream_in(model(), &[&body[..at], &body[at..]]);
        assert_eq!(got, entries(), "split at byte {at}");
        assert_eq!(&out, want, "split at byte {at}");
    }
    let bytes: Vec<&[u8]> = body.chunks(1).collect();
    let (got, out) = stream_in(model(), &bytes);
    assert_eq!((got, &out), (entries(), want), "one byte at a time");
}

/// Feeds `events` one chunk at a time; returns after how many chunks each entry came out.
fn entry_arrivals(model: Box<dyn StreamReader>, events: &[String]) -> Vec<usize> {
    let mut r = StreamedResponse::new(model, Framing::Invoke, None);
    let mut arrivals = Vec::new();
    for (n, e) in events.iter().enumerate() {
        let got = r.push(&chunk(e), &CTX);
        arrivals.extend(got.iter().map(|_| n + 1));
    }
    assert!(r.finish().is_ok());
    arrivals
}

/// Every entry came out before the last chunk, the first one well before.
fn assert_final_before_the_end(model: Box<dyn StreamReader>, events: &[String]) {
    let arrivals = entry_arrivals(model, events);
    assert_eq!(arrivals.len(), entries().len(), "{arrivals:?}");
    assert!(
        arrivals.iter().all(|&n| n < events.len()),
        "{arrivals:?} of {} chunks",
        events.len()
    );
    assert!(
        arrivals[0] < events.len() / 2,
        "{arrivals:?} of {}",
        events.len()
    );
}

fn usage(input_tokens: u64, output_tokens: u64) -> Option<TokenUsage> {
    Some(TokenUsage::new(input_tokens, output_tokens))
}

// ---- Nova ----

#[test]
fn nova_streams_equal_the_whole_response() {
    let want = expected(Format::Nova, &nova_whole(ANSWER));
    assert_eq!(
        want.answer,
        Some(serde_json::from_str::<Value>(ANSWER).unwrap())
    );
    for pieces in [1, 3, 17, ANSWER.chars().count()] {
        for block_start in [true, false] {
            let mut n = NovaStream::new();
            for e in nova_events(ANSWER, pieces, block_start) {
                n.on_event(e.as_bytes()).unwrap();
            }
            assert!(n.is_complete());
            assert_eq!(n.finish(), want, "{pieces} pieces, start {block_start}");
        }
    }
    check_every_split(
        &|| Box::new(NovaStream::new()),
        &nova_events(ANSWER, 9, true),
        &want,
    );
    assert_final_before_the_end(Box::new(NovaStream::new()), &nova_events(ANSWER, 30, true));
}

#[test]
fn nova_text_blocks_reasoning_and_truncation() {
    // Text before the tool call (Nova's <thinking>), reasoning, a tool input sent whole.
    let events = [
        json!({"messageStart": {"role": "assistant"}}),
        json!({"contentBlockDelta": {"delta": {"text": "<thinking>easy"}, "contentBlockIndex": 0}}),
        json!({"contentBlockDelta": {"delta": {"text": "</thinking>"}, "contentBlockIndex": 0}}),
        json!({"contentBlockStop": {"contentBlockIndex": 0}}),
        json!({"contentBlockDelta": {"delta": {"reasoningContent": {"text": "hmm {\"results\":[]}"}}, "contentBlockIndex": 1}}),
        json!({"contentBlockStart": {"start": {"toolUse": {"toolUseId": "t1", "name": "record_labels"}}, "contentBlockIndex": 2}}),
        json!({"contentBlockDelta": {"delta": {"toolUse": {"input": {"results": [{"id": "1", "label": "spam"}]}}}, "contentBlockIndex": 2}}),
        json!({"messageStop": {"stopReason": "tool_use"}}),
        json!({"metadata": {"usage": {"inputTokens": 120, "outputTokens": 20}}}),
    ];
    let whole = json!({
        "output": {"message": {"role": "assistant", "content": [
            {"text": "<thinking>easy</thinking>"},
            {"reasoningContent": {"reasoningText": {"text": "hmm {\"results\":[]}"}}},
            {"toolUse": {"toolUseId": "t1", "name": "record_labels", "input": {"results": [{"id": "1", "label": "spam"}]}}}
        ]}},
        "stopReason": "tool_use", "usage": {"inputTokens": 120, "outputTokens": 20}
    });
    let mut n = NovaStream::new();
    for e in &events {
        n.on_event(e.to_string().as_bytes()).unwrap();
    }
    let out = n.finish();
    assert_eq!(out, expected(Format::Nova, &whole));
    // Usage from `metadata` when no metrics came.
    assert_eq!(out.usage, usage(120, 20));

    // A text-only answer cut at max_tokens.
    let text = "{\"results\":[{\"id\":\"1\",\"label\":\"ham\"}]}";
    let mut n = NovaStream::new();
    for e in [
        json!({"contentBlockDelta": {"delta": {"text": &text[..9]}}}),
        json!({"contentBlockDelta": {"delta": {"text": &text[9..]}}}),
        json!({"messageStop": {"stopReason": "max_tokens"}}),
    ] {
        n.on_event(e.to_string().as_bytes()).unwrap();
    }
    let whole =
        json!({"output": {"message": {"content": [{"text": text}]}}, "stopReason": "max_tokens"});
    assert_eq!(n.finish(), expected(Format::Nova, &whole));
    assert!(n.finish().truncated);
    // A text answer is read as it streams too (structured output and JSON-text answers).
    assert_eq!(n.partial_answer(), Some(text));
}

#[test]
fn nova_reference_shapes() {
    // Reference §3.2, as written there (text deltas), then the metadata chunk with metrics.
    let recorded = [
        r#"{"messageStart":{"role":"assistant"}}"#,
        r#"{"contentBlockDelta":{"delta":{"text":"{\"results\": [{\"id\": \"1\", "},"contentBlockIndex":0}}"#,
        r#"{"contentBlockDelta":{"delta":{"text":"\"label\": \"positive\"}]}"},"contentBlockIndex":0}}"#,
        r#"{"contentBlockStop":{"contentBlockIndex":0}}"#,
        r#"{"messageStop":{"stopReason":"end_turn"}}"#,
        r#"{"metadata":{"usage":{"inputTokens":25,"outputTokens":14},"metrics":{},"trace":{}},"amazon-bedrock-invocationMetrics":{"inputTokenCount":25,"outputTokenCount":14,"invocationLatency":406,"firstByteLatency":209}}"#,
    ];
    let mut r = StreamedResponse::new(Box::new(NovaStream::new()), Framing::Invoke, None);
    r.push(&stream_body(&strings_of(&recorded)), &CTX);
    let out = r.finish().unwrap();
    assert_eq!(out.answer.unwrap()["results"][0]["label"], "positive");
    assert_eq!(out.usage, usage(25, 14));
    assert!(!out.truncated);
}

// ---- Llama ----

#[test]
fn llama_streams_equal_the_whole_response() {
    let text = prose_answer();
    let want = expected(Format::Llama3, &llama_whole(&text));
    assert_eq!(
        want.answer,
        Some(serde_json::from_str::<Value>(ANSWER).unwrap())
    );
    for pieces in [1, 2, 13, text.chars().count()] {
        for text_in_last in [false, true] {
            let mut l = LlamaStream::new();
            for e in llama_events(&text, pieces, text_in_last) {
                l.on_event(e.as_bytes()).unwrap();
            }
            assert!(l.is_complete());
            assert_eq!(
                l.finish(),
                want,
                "{pieces} pieces, text in last {text_in_last}"
            );
        }
    }
    check_every_split(
        &|| Box::new(LlamaStream::new()),
        &llama_events(&text, 11, true),
        &want,
    );
    assert_final_before_the_end(
        Box::new(LlamaStream::new()),
        &llama_events(&text, 40, false),
    );
}

#[test]
fn llama_counts_without_metrics_and_truncation() {
    let text = "{\"results\":[{\"id\":\"1\",\"la";
    let events = [
        json!({"generation": &text[..10], "prompt_token_count": 50, "generation_token_count": 4, "stop_reason": null}),
        json!({"generation": &text[10..], "prompt_token_count": null, "generation_token_count": 12, "stop_reason": "length"}),
    ];
    let mut l = LlamaStream::new();
    for e in &events {
        l.on_event(e.to_string().as_bytes()).unwrap();
    }
    let whole = json!({"generation": text, "prompt_token_count": 50, "generation_token_count": 12, "stop_reason": "length"});
    assert_eq!(l.finish(), expected(Format::Llama3, &whole));
    assert!(l.finish().truncated && l.finish().answer.is_none());
    assert_eq!(l.finish().usage, usage(50, 12));
}

#[test]
fn llama_reference_shapes() {
    // Reference §3.4: the response's keys per chunk, prompt count on the first only, metrics
    // on the last.
    let recorded = [
        r#"{"generation":" Sure","prompt_token_count":64,"generation_token_count":1,"stop_reason":null}"#,
        r#"{"generation":"! {\"results\": [{\"id\": \"1\", \"label\": \"negative\"}","prompt_token_count":null,"generation_token_count":14,"stop_reason":null}"#,
        r#"{"generation":"]}","prompt_token_count":null,"generation_token_count":15,"stop_reason":null}"#,
        r#"{"generation":"","prompt_token_count":null,"generation_token_count":16,"stop_reason":"stop","amazon-bedrock-invocationMetrics":{"inputTokenCount":64,"outputTokenCount":16,"invocationLatency":590,"firstByteLatency":170}}"#,
    ];
    let mut r = StreamedResponse::new(Box::new(LlamaStream::new()), Framing::Invoke, None);
    let mut got = Vec::new();
    for e in recorded {
        got.push(r.push(&chunk(e), &CTX));
    }
    // The entry is out with the chunk that closes it, before `]}` and the last chunk.
    assert_eq!(got[1], vec![json!({"id": "1", "label": "negative"})]);
    let out = r.finish().unwrap();
    assert_eq!(out.answer.unwrap()["results"][0]["label"], "negative");
    assert_eq!(out.usage, usage(64, 16));
}

#[test]
fn prose_before_the_json_is_not_scanned() {
    // A bracketed object in the prose: the whole answer's parse skips it (it has no
    // "results"), so streaming must not hand it out either.
    let text = r#"Sure [{"id":"1","label":"negative"}] - here: {"results":[{"id":"1","label":"positive"}]}"#;
    let mut r = StreamedResponse::new(Box::new(LlamaStream::new()), Framing::Invoke, None);
    let got = r.push(&stream_body(&llama_events(text, 7, false)), &CTX);
    assert_eq!(got, vec![json!({"id": "1", "label": "positive"})]);
    assert_eq!(
        r.finish().unwrap().answer.unwrap()["results"][0]["label"],
        "positive"
    );
}

// ---- Titan ----

#[test]
fn titan_streams_equal_the_whole_response() {
    let text = prose_answer();
    let want = expected(Format::Titan, &titan_whole(&text));
    for pieces in [1, 4, 29, text.chars().count()] {
        for text_in_last in [false, true] {
            let mut t = TitanStream::new();
            for e in titan_events(&text, pieces, text_in_last) {
                t.on_event(e.as_bytes()).unwrap();
            }
            assert!(t.is_complete());
            assert_eq!(
                t.finish(),
                want,
                "{pieces} pieces, text in last {text_in_last}"
            );
        }
    }
    check_every_split(
        &|| Box::new(TitanStream::new()),
        &titan_events(&text, 10, true),
        &want,
    );
    assert_final_before_the_end(
        Box::new(TitanStream::new()),
        &titan_events(&text, 40, false),
    );
}

#[test]
fn titan_reference_shapes_and_length() {
    // Reference §3.3: one chunk can be the whole answer; real streams say FINISH.
    let recorded = r#"{"outputText":"\n{\"results\":[{\"id\":\"1\",\"label\":\"neutral\"}]}","index":0,"totalOutputTextTokenCount":17,"completionReason":"FINISH","inputTextTokenCount":40,"amazon-bedrock-invocationMetrics":{"inputTokenCount":40,"outputTokenCount":17,"invocationLatency":1301,"firstByteLatency":1300}}"#;
    let mut r = StreamedResponse::new(Box::new(TitanStream::new()), Framing::Invoke, None);
    assert_eq!(
        r.push(&chunk(recorded), &CTX),
        vec![json!({"id": "1", "label": "neutral"})]
    );
    assert_eq!(r.finish().unwrap().usage, usage(40, 17));

    // Cut at the token limit, counts from the chunks alone.
    let mut t = TitanStream::new();
    for e in [
        json!({"outputText": "{\"res", "index": 0, "totalOutputTextTokenCount": 2, "completionReason": null, "inputTextTokenCount": 40}),
        json!({"outputText": "ults", "index": 0, "totalOutputTextTokenCount": 3, "completionReason": "LENGTH", "inputTextTokenCount": null}),
    ] {
        t.on_event(e.to_string().as_bytes()).unwrap();
    }
    let whole = json!({"inputTextTokenCount": 40, "results": [{"tokenCount": 3, "outputText": "{\"results", "completionReason": "LENGTH"}]});
    assert_eq!(t.finish(), expected(Format::Titan, &whole));
    assert!(t.finish().truncated);
}

// ---- Mistral ----

#[test]
fn mistral_text_streams_equal_the_whole_response_with_metrics_for_usage() {
    let text = prose_answer();
    // The whole text-model body has no counts (InvokeModel sends them as headers); the
    // stream's come from Bedrock's metrics. Everything else is equal.
    let want = ModelOutput {
        usage: usage(70, 44),
        ..expected(Format::MistralText, &mistral_text_whole(&text))
    };
    for pieces in [1, 5, text.chars().count()] {
        for text_in_last in [false, true] {
            let mut m = MistralStream::new();
            for e in mistral_text_events(&text, pieces, text_in_last) {
                m.on_event(e.as_bytes()).unwrap();
            }
            assert!(m.is_complete());
            assert_eq!(
                m.finish(),
                want,
                "{pieces} pieces, text in last {text_in_last}"
            );
        }
    }
    check_every_split(
        &|| Box::new(MistralStream::new()),
        &mistral_text_events(&text, 8, true),
        &want,
    );
    assert_final_before_the_end(
        Box::new(MistralStream::new()),
        &mistral_text_events(&text, 40, false),
    );
}

#[test]
fn mistral_chat_streams_equal_the_whole_response_under_delta_or_message() {
    let want = expected(Format::MistralChat, &mistral_chat_whole(ANSWER));
    assert_eq!(
        want.answer,
        Some(serde_json::from_str::<Value>(ANSWER).unwrap())
    );
    for key in ["delta", "message"] {
        for pieces in [1, 6, ANSWER.chars().count()] {
            let mut m = MistralStream::new();
            for e in mistral_chat_events(ANSWER, pieces, key) {
                m.on_event(e.as_bytes()).unwrap();
            }
            assert!(m.is_complete());
            assert_eq!(m.finish(), want, "{key}, {pieces} pieces");
        }
        assert_final_before_the_end(
            Box::new(MistralStream::new()),
            &mistral_chat_events(ANSWER, 30, key),
        );
    }
    check_every_split(
        &|| Box::new(MistralStream::new()),
        &mistral_chat_events(ANSWER, 7, "message"),
        &want,
    );
}

#[test]
fn mistral_chat_tool_calls_sent_whole_text_answers_and_usage() {
    // The whole call in the chunk that stops (as third-party clients read it), arguments as
    // an object, no metrics: usage from the chunk's `usage`, `finish_reason` spelling.
    let events = [
        json!({"choices": [{"index": 0, "message": {"role": "assistant", "content": ""}, "stop_reason": null}]}),
        json!({"choices": [{"index": 0, "message": {"role": "assistant", "content": "", "tool_calls": [
            {"id": "c1", "function": {"name": "other_tool", "arguments": "{}"}},
            {"id": "c2", "function": {"name": "record_labels", "arguments": {"results": [{"id": "1", "label": "y"}]}}}
        ]}, "finish_reason": "tool_calls"}], "usage": {"prompt_tokens": 9, "completion_tokens": 3}}),
    ];
    let mut m = MistralStream::new();
    for e in &events {
        m.on_event(e.to_string().as_bytes()).unwrap();
    }
    let whole = json!({"choices": [{"index": 0, "message": {"role": "assistant", "content": "", "tool_calls": [
        {"id": "c1", "function": {"name": "other_tool", "arguments": "{}"}},
        {"id": "c2", "function": {"name": "record_labels", "arguments": {"results": [{"id": "1", "label": "y"}]}}}
    ]}, "finish_reason": "tool_calls"}], "usage": {"prompt_tokens": 9, "completion_tokens": 3}});
    assert_eq!(m.finish(), expected(Format::MistralChat, &whole));
    assert_eq!(m.finish().usage, usage(9, 3));

    // A chat answer in text, cut at the limit.
    let text = "Labels: {\"results\":[{\"id\":\"1\",\"label\":\"x\"}]}";
    let mut m = MistralStream::new();
    for e in [
        json!({"choices": [{"index": 0, "delta": {"role": "assistant", "content": &text[..12]}, "finish_reason": null}]}),
        json!({"choices": [{"index": 0, "delta": {"content": &text[12..]}, "finish_reason": "length"}]}),
    ] {
        m.on_event(e.to_string().as_bytes()).unwrap();
    }
    let whole = json!({"choices": [{"message": {"content": text}, "finish_reason": "length"}]});
    assert_eq!(m.finish(), expected(Format::MistralChat, &whole));
    assert!(m.finish().truncated);
    assert_eq!(m.partial_answer(), None, "chat text is read at the end");
}

#[test]
fn mistral_reference_shapes() {
    // Reference §3.5, text models: `outputs[].text` per chunk, `stop_reason` on the last.
    let recorded = [
        r#"{"outputs":[{"text":" {\"results\": [{\"id\": \"1\", \"label\": \"positive\"},","stop_reason":null}]}"#,
        r#"{"outputs":[{"text":" {\"id\": \"2\", \"label\": \"neutral\"}]}","stop_reason":null}]}"#,
        r#"{"outputs":[{"text":"","stop_reason":"stop"}],"amazon-bedrock-invocationMetrics":{"inputTokenCount":120,"outputTokenCount":30,"invocationLatency":700,"firstByteLatency":300}}"#,
    ];
    let mut r = StreamedResponse::new(Box::new(MistralStream::new()), Framing::Invoke, None);
    let firsts = r.push(&chunk(recorded[0]), &CTX);
    assert_eq!(firsts, vec![json!({"id": "1", "label": "positive"})]);
    r.push(&stream_body(&strings_of(&recorded[1..])), &CTX);
    let out = r.finish().unwrap();
    assert_eq!(out.answer.unwrap()["results"][1]["label"], "neutral");
    assert_eq!(out.usage, usage(120, 30));
}

// ---- all four ----

#[test]
fn a_stream_without_its_last_chunk_is_an_error_never_a_partial_answer() {
    let text = prose_answer();
    type Reader = fn() -> Box<dyn StreamReader>;
    let cases: Vec<(&str, Reader, Vec<String>)> = vec![
        (
            "nova",
            || Box::new(NovaStream::new()),
            nova_events(ANSWER, 5, true),
        ),
        (
            "llama",
            || Box::new(LlamaStream::new()),
            llama_events(&text, 5, true),
        ),
        (
            "titan",
            || Box::new(TitanStream::new()),
            titan_events(&text, 5, true),
        ),
        (
            "mistral text",
            || Box::new(MistralStream::new()),
            mistral_text_events(&text, 5, true),
        ),
        (
            "mistral chat",
            || Box::new(MistralStream::new()),
            mistral_chat_events(ANSWER, 5, "delta"),
        ),
    ];
    for (name, model, events) in cases {
        // Nova's last two chunks (messageStop, metadata) each end it: drop both.
        let keep = if name == "nova" {
            events.len() - 2
        } else {
            events.len() - 1
        };
        let mut r = StreamedResponse::new(model(), Framing::Invoke, None);
        r.push(&stream_body(&events[..keep]), &CTX);
        let err = r.finish().unwrap_err();
        assert_eq!(err.code, "StreamError", "{name}");
        assert!(err.message.contains("last event never arrived"));

        let body = stream_body(&events);
        let mut r = StreamedResponse::new(model(), Framing::Invoke, None);
        r.push(&body[..body.len() - 5], &CTX);
        assert_eq!(r.finish().unwrap_err().code, "StreamError");

        let mut r = StreamedResponse::new(model(), Framing::Invoke, None);
        r.push(&chunk("not json"), &CTX);
        assert!(!r.wants_more());
        assert_eq!(r.finish().unwrap_err().code, "StreamError");
    }
}

#[test]
fn stream_exceptions_end_every_family_with_the_typed_error() {
    let mut body = stream_body(&llama_events(&prose_answer(), 9, false)[..3]);
    body.extend(exception(
        "modelStreamErrorException",
        "(test) model failed",
    ));
    let mut r = StreamedResponse::new(Box::new(LlamaStream::new()), Framing::Invoke, None);
    r.push(&body, &CTX);
    let err = r.finish().unwrap_err();
    assert_eq!(
        (err.code.as_str(), err.status),
        ("ModelStreamErrorException", Some(424))
    );
}

#[test]
fn which_models_stream() {
    use labeler_core::models::{lookup, Adaptations, Shape, Wanted};
    for (id, family, streams) in [
        ("anthropic.claude-3-haiku-20240307-v1:0", None, true),
        ("us.anthropic.claude-opus-5-5", None, true),
        ("amazon.nova-lite-v1:0", None, true),
        ("amazon.titan-text-premier-v1:0", None, true),
        ("mistral.mixtral-8x7b-instruct-v0:1", None, true),
        ("mistral.mistral-large-2407-v1:0", None, true),
        ("us.meta.llama3-3-70b-instruct-v1:0", None, true),
        ("us.meta.llama4-maverick-17b-instruct-v1:0", None, false),
        (
            "arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/x1",
            Some("llama"),
            false,
        ),
        ("cohere.command-r-plus-v1:0", None, false),
        ("ai21.jamba-1-5-large-v1:0", None, false),
        ("us.deepseek.r1-v1:0", None, false),
        ("openai.gpt-oss-120b-1:0", None, false),
        ("qwen.qwen3-32b-v1:0", None, true),
    ] {
        let row = lookup(id, None, family).unwrap();
        let shape = Shape::new(row, id, Wanted::default(), Adaptations::default());
        assert_eq!(shape.streams, streams, "{id}");
    }
}

// ---- the job ----

fn job_request(model_id: &str, stream: bool) -> labeler_core::PredictLabelsRequest {
    labeler_core::PredictLabelsRequest::from_json(&json!({
        "credentials": {"accessKeyId": "AKIDEXAMPLE12345", "secretAccessKey": "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"},
        "region": "us-east-1",
        "modelId": model_id,
        "labels": ["positive", "negative", "neutral"],
        "texts": ["good", "bad", "so-so"],
        "stream": stream,
    }))
    .unwrap()
}

/// One three-item call answered whole, then streamed: the same result, every item final
/// before the stream's last chunk, and the streaming call is the one sent.
#[test]
fn the_job_streams_each_family_to_the_same_result() {
    let answer = r#"{"results":[{"id":"1","label":"positive"},{"id":"2","label":"negative"},{"id":"3","label":"neutral"}]}"#;
    let prose = format!("Here you go:\n{answer}");
    let cases: Vec<(&str, Value, Vec<String>)> = vec![
        (
            "amazon.nova-pro-v1:0",
            nova_whole(answer),
            nova_events(answer, 20, true),
        ),
        (
            "meta.llama3-1-8b-instruct-v1:0",
            llama_whole(&prose),
            llama_events(&prose, 20, false),
        ),
        (
            "amazon.titan-text-express-v1",
            titan_whole(&prose),
            titan_events(&prose, 20, false),
        ),
        (
            "mistral.mistral-7b-instruct-v0:2",
            mistral_text_whole(&prose),
            mistral_text_events(&prose, 20, false),
        ),
        (
            "mistral.mistral-large-2407-v1:0",
            mistral_chat_whole(answer),
            mistral_chat_events(answer, 20, "delta"),
        ),
    ];
    for (model_id, whole, events) in cases {
        let mut job = labeler_core::Job::new(job_request(model_id, false)).unwrap();
        let call = job.next_call(0.0).unwrap();
        assert!(call.request.url.ends_with("/invoke"), "{model_id}");
        assert!(!job.on_stream_start(call.id, 200, &[]));
        job.on_response(
            call.id,
            labeler_core::http::HttpResponse {
                status: 200,
                // Token counts as InvokeModel sends them, for bodies that have none (Mistral text).
                headers: vec![
                    ("x-amzn-bedrock-input-token-count".into(), "70".into()),
                    ("x-amzn-bedrock-output-token-count".into(), "44".into()),
                ],
                body: whole.to_string().into_bytes(),
            },
            0.0,
        );
        assert!(job.is_done());
        let want = job.into_result().unwrap();
        assert!(
            want.predictions.iter().all(|p| p.error.is_none()),
            "{model_id}: {want:?}"
        );

        let mut job = labeler_core::Job::new(job_request(model_id, true)).unwrap();
        let call = job.next_call(0.0).unwrap();
        assert!(
            call.request.url.ends_with("/invoke-with-response-stream"),
            "{model_id}"
        );
        assert!(job.on_stream_start(call.id, 200, &[]), "{model_id}");
        let (last, rest) = events.split_last().unwrap();
        let mut newly_final = 0;
        for piece in stream_body(rest).chunks(50) {
            newly_final += job.on_stream_bytes(call.id, piece).newly_final;
        }
        assert_eq!(
            newly_final, 3,
            "{model_id}: every item final before the last chunk"
        );
        assert_eq!(job.finished().count(), 3);
        job.on_stream_bytes(call.id, &chunk(last));
        assert!(!job.is_done());
        job.on_stream_end(call.id, 0.0);
        assert!(job.is_done());
        assert_eq!(job.into_result().unwrap(), want, "{model_id}");
    }
}

#[test]
fn llama_4_is_called_through_converse_without_streaming() {
    let mut job =
        labeler_core::Job::new(job_request("us.meta.llama4-scout-17b-instruct-v1:0", true))
            .unwrap();
    let call = job.next_call(0.0).unwrap();
    assert!(
        call.request.url.ends_with("/converse"),
        "{}",
        call.request.url
    );
    assert!(
        !job.on_stream_start(call.id, 200, &[]),
        "its body is read whole"
    );
}

fn strings_of(events: &[&str]) -> Vec<String> {
    events.iter().map(|e| e.to_string()).collect()
}
