//! Service tiers: checked against the capability table, sent as the header or body member the
//! operation binds them to, and dropped once (with a warning) when Bedrock refuses them.

use labeler_core::http::HttpResponse;
use labeler_core::{Job, PredictLabelsRequest};
use serde_json::json;

fn request(
    model: &str,
    extra: serde_json::Value,
) -> Result<PredictLabelsRequest, labeler_core::LabelerError> {
    let mut v = json!({
        "credentials": {"accessKeyId": "AKIAEMULATORUSER0001", "secretAccessKey": "secret/secret/secret"},
        "region": "us-east-1",
        "modelId": model,
        "labels": ["positive", "negative"],
        "texts": ["positive", "negative"],
        "batchSize": 1,
    });
    for (k, val) in extra.as_object().unwrap() {
        v[k] = val.clone();
    }
    PredictLabelsRequest::from_json(&v)
}

fn header<'a>(req: &'a labeler_core::http::HttpRequest, name: &str) -> Option<&'a str> {
    req.headers
        .iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.as_str())
}

#[test]
fn a_tier_the_table_says_the_model_lacks_is_refused_naming_the_field() {
    let e = request(
        "global.anthropic.claude-haiku-4-5-20251001-v1:0",
        json!({"serviceTier": "flex"}),
    )
    .unwrap_err();
    assert_eq!(e.code.as_str(), "InvalidInput");
    assert_eq!(e.field.as_deref(), Some("serviceTier"));
    assert!(e.message.contains("not offered"), "{}", e.message);
    let e = request(
        "openai.gpt-oss-120b-1:0",
        json!({"serviceTier": "cheapest"}),
    )
    .unwrap_err();
    assert_eq!(e.field.as_deref(), Some("serviceTier"));
    // Standard is always fine; so is a tier on a model whose row has no source either way.
    assert!(request(
        "global.anthropic.claude-haiku-4-5-20251001-v1:0",
        json!({"serviceTier": "standard"})
    )
    .is_ok());
    assert!(request("google.gemma-3-27b-it", json!({"serviceTier": "flex"})).is_ok());
}

#[test]
fn flex_goes_as_the_header_on_invoke_and_as_service_tier_on_converse() {
    let mut job =
        Job::new(request("openai.gpt-oss-120b-1:0", json!({"serviceTier": "flex"})).unwrap())
            .unwrap();
    let call = job.next_call(0.0).unwrap();
    assert_eq!(
        header(&call.request, "x-amzn-bedrock-service-tier"),
        Some("flex")
    );
    let signed = job.sign(&call.request, 1_735_787_045_000.0).unwrap();
    let auth = header(&signed, "authorization").unwrap();
    assert!(auth.contains("x-amzn-bedrock-service-tier"), "{auth}");

    let mut job = Job::new(
        request(
            "amazon.nova-pro-v1:0",
            json!({"serviceTier": "priority", "api": "converse"}),
        )
        .unwrap(),
    )
    .unwrap();
    let call = job.next_call(0.0).unwrap();
    assert_eq!(header(&call.request, "x-amzn-bedrock-service-tier"), None);
    let body: serde_json::Value = serde_json::from_slice(&call.request.body).unwrap();
    assert_eq!(body["serviceTier"], json!({"type": "priority"}));
}

#[test]
fn a_refused_tier_falls_back_to_standard_once_with_a_warning() {
    let mut job =
        Job::new(request("google.gemma-3-27b-it", json!({"serviceTier": "flex"})).unwrap())
            .unwrap();
    let c1 = job.next_call(0.0).unwrap();
    let body: serde_json::Value = serde_json::from_slice(&c1.request.body).unwrap();
    assert_eq!(body["serviceTier"], json!({"type": "flex"}));
    job.on_response(
        c1.id,
        HttpResponse {
            status: 400,
            headers: vec![(
                "x-amzn-ErrorType".into(),
                "ValidationException:http://internal.amazon.com/coral/com.amazon.bedrock/".into(),
            )],
            body: br#"{"message":"The provided service tier is not supported for this model."}"#
                .to_vec(),
        },
        0.0,
    );
    let mut answered = 0;
    while !job.is_done() {
        let Some(c) = job.next_call(0.0) else {
            panic!("nothing to send")
        };
        let body: serde_json::Value = serde_json::from_slice(&c.request.body).unwrap();
        assert!(
            body.get("serviceTier").is_none(),
            "Standard from now on: {body}"
        );
        let text = body["messages"][0]["content"][0]["text"]
            .as_str()
            .unwrap_or("")
            .to_owned();
        let label = if text.contains("negative") && !text.contains("\"positive\"") {
            "negative"
        } else {
            "positive"
        };
        let answer = json!({"results": [{"id": "1", "label": label}]}).to_string();
        let resp = json!({
            "output": {"message": {"role": "assistant", "content": [{"text": answer}]}},
            "stopReason": "end_turn",
            "usage": {"inputTokens": 10, "outputTokens": 5, "totalTokens": 15},
            "metrics": {"latencyMs": 1}
        });
        job.on_response(
            c.id,
            HttpResponse {
                status: 200,
                headers: vec![],
                body: serde_json::to_vec(&resp).unwrap(),
            },
            0.0,
        );
        answered += 1;
    }
    assert_eq!(answered, 2);
    let r = job.into_result().unwrap();
    assert_eq!(r.adaptations, vec!["standard-tier".to_string()]);
    let adapted: Vec<_> = r
        .warnings
        .iter()
        .filter(|w| w.code.as_str() == "Adapted")
        .collect();
    assert_eq!(adapted.len(), 1, "{:?}", r.warnings);
    assert!(
        adapted[0].message.contains("Standard"),
        "{}",
        adapted[0].message
    );
    assert!(
        r.predictions.iter().all(|p| p.error.is_none()),
        "{:?}",
        r.predictions
    );
}

#[test]
fn a_tier_refusal_when_no_tier_was_sent_is_not_adapted_to() {
    let mut job = Job::new(request("google.gemma-3-27b-it", json!({})).unwrap()).unwrap();
    let c1 = job.next_call(0.0).unwrap();
    job.on_response(
        c1.id,
        HttpResponse {
            status: 400,
            headers: vec![("x-amzn-ErrorType".into(), "ValidationException".into())],
            body: br#"{"message":"service tier provided is invalid"}"#.to_vec(),
        },
        0.0,
    );
    // The request failed as a 400 about its content; no Standard fallback was made up.
    let _ = job.next_call(0.0);
    assert!(job
        .into_result()
        .map(|r| r.adaptations.is_empty())
        .unwrap_or(true));
}

#[test]
fn a_refusal_naming_the_tier_in_other_words_falls_back_too() {
    let mut job =
        Job::new(request("google.gemma-3-27b-it", json!({"serviceTier": "priority"})).unwrap())
            .unwrap();
    let c1 = job.next_call(0.0).unwrap();
    job.on_response(
        c1.id,
        HttpResponse {
            status: 400,
            headers: vec![("x-amzn-ErrorType".into(), "ValidationException".into())],
            body: br#"{"message":"Priority is unavailable for this model."}"#.to_vec(),
        },
        0.0,
    );
    let c2 = job.next_call(0.0).expect("sent again");
    let body: serde_json::Value = serde_json::from_slice(&c2.request.body).unwrap();
    assert!(body.get("serviceTier").is_none(), "{body}");
}

// --- the tier on the wire, signed (moved beside the other tier tests) ----------------------

const SIGNED_BODY: &str = r#"{"anthropic_version":"bedrock-2023-05-31","max_tokens":64,"messages":[{"role":"user","content":"Hello"}]}"#;

fn signing_creds() -> labeler_core::request::Credentials {
    labeler_core::request::Credentials {
        access_key_id: "AKIDEXAMPLE".into(),
        secret_access_key: labeler_core::secret::Secret::new(
            "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
        ),
        session_token: None,
        expires_at_ms: None,
    }
}

#[test]
fn a_service_tier_is_a_signed_header_on_invoke_and_a_body_member_on_converse() {
    let endpoint = labeler_core::endpoint::Endpoint::aws(
        &labeler_core::endpoint::Region::parse("us-east-1").unwrap(),
    );
    for op in [
        labeler_core::http::Operation::InvokeModel,
        labeler_core::http::Operation::InvokeModelWithResponseStream,
    ] {
        let mut req = labeler_core::http::bedrock_request(
            &endpoint,
            "openai.gpt-oss-120b-1:0",
            op,
            SIGNED_BODY.as_bytes().to_vec(),
            labeler_core::tier::ServiceTier::Flex,
        );
        labeler_core::sign::sign_request(
            &mut req,
            &signing_creds(),
            "us-east-1",
            labeler_core::sign::time_from_millis(1_735_787_045_000.0),
        )
        .unwrap();
        assert_eq!(header(&req, "x-amzn-bedrock-service-tier").unwrap(), "flex");
        let auth = header(&req, "authorization").unwrap();
        let signed = auth
            .split("SignedHeaders=")
            .nth(1)
            .unwrap()
            .split(',')
            .next()
            .unwrap();
        assert!(
            signed
                .split(';')
                .any(|h| h == "x-amzn-bedrock-service-tier"),
            "{signed}"
        );
        assert_eq!(req.body, SIGNED_BODY.as_bytes(), "the body is unchanged");
    }
    for op in [
        labeler_core::http::Operation::Converse,
        labeler_core::http::Operation::ConverseStream,
    ] {
        let req = labeler_core::http::bedrock_request(
            &endpoint,
            "openai.gpt-oss-120b-1:0",
            op,
            br#"{"messages":[]}"#.to_vec(),
            labeler_core::tier::ServiceTier::Priority,
        );
        assert!(req
            .headers
            .iter()
            .all(|(k, _)| k != "x-amzn-bedrock-service-tier"));
        let body: serde_json::Value = serde_json::from_slice(&req.body).unwrap();
        assert_eq!(body["serviceTier"], serde_json::json!({"type": "priority"}));
    }
    // Standard sends nothing: the same bytes as before tiers existed.
    let plain = labeler_core::http::bedrock_request(
        &endpoint,
        "openai.gpt-oss-120b-1:0",
        labeler_core::http::Operation::Converse,
        br#"{"messages":[]}"#.to_vec(),
        labeler_core::tier::ServiceTier::Standard,
    );
    assert_eq!(plain.body, br#"{"messages":[]}"#);
}
