//! Which models stream, and the job streaming each family's recorded answer to the same result
//! as without streaming (the cases of `tests/data/formats/` with a `job.json` and one
//! `events.jsonl`). What each family's stream gives, chunk by chunk and split anywhere, is
//! checked over every recorded stream in `format_vectors.rs`.

mod common;

use common::vectors::{event_frame, format_cases, stream_body_of};
use labeler_core::formats::Api;
use serde_json::json;

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
    let mut n = 0;
    for case in format_cases() {
        let (Some(spec), [stream]) = (&case.job, &case.streams[..]) else {
            continue;
        };
        let model_id = spec.model_id.as_str();
        let (whole_url, stream_url) = match case.format.body().api() {
            Api::Invoke => ("/invoke", "/invoke-with-response-stream"),
            Api::Converse => ("/converse", "/converse-stream"),
        };
        let mut job = labeler_core::Job::new(job_request(model_id, false)).unwrap();
        let call = job.next_call(0.0).unwrap();
        assert!(call.request.url.ends_with(whole_url), "{model_id}");
        assert!(!job.on_stream_start(call.id, 200, &[]));
        job.on_response(
            call.id,
            labeler_core::http::HttpResponse {
                status: 200,
                // Token counts as InvokeModel sends them, for bodies that have none (Mistral text).
                headers: spec.response_headers.clone().into_iter().collect(),
                body: case
                    .response
                    .clone()
                    .expect("a job case has a response.json"),
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
        assert!(call.request.url.ends_with(stream_url), "{model_id}");
        assert!(job.on_stream_start(call.id, 200, &[]), "{model_id}");
        let (last, rest) = stream.events.split_last().unwrap();
        let mut newly_final = 0;
        for piece in stream_body_of(case.format, rest).chunks(50) {
            newly_final += job.on_stream_bytes(call.id, piece).newly_final;
        }
        assert_eq!(
            newly_final, 3,
            "{model_id}: every item final before the last chunk"
        );
        assert_eq!(job.finished().count(), 3);
        job.on_stream_bytes(call.id, &event_frame(case.format, last, None));
        assert!(!job.is_done());
        job.on_stream_end(call.id, 0.0);
        assert!(job.is_done());
        assert_eq!(job.into_result().unwrap(), want, "{model_id}");
        n += 1;
    }
    assert!(n >= 5, "{n} streamed job cases");
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
