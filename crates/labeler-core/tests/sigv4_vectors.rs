//! Worked SigV4 vectors made by botocore 1.43.11 (reference `bedrock-runtime.md` §1.7): our
//! request building + aws-sigv4 signing must reproduce them byte for byte.

use labeler_core::endpoint::{Endpoint, Region};
use labeler_core::http::{bedrock_request, HttpRequest, Operation};
use labeler_core::request::Credentials;
use labeler_core::secret::Secret;
use labeler_core::sign::{sign_request, time_from_millis};
use labeler_core::tier::ServiceTier;

const BODY: &str = r#"{"anthropic_version":"bedrock-2023-05-31","max_tokens":64,"messages":[{"role":"user","content":"Hello"}]}"#;
/// 2025-01-02T03:04:05Z
const TIME_MS: f64 = 1_735_787_045_000.0;

fn creds(token: Option<&str>) -> Credentials {
    Credentials {
        access_key_id: "AKIDEXAMPLE".into(),
        secret_access_key: Secret::new("wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"),
        session_token: token.map(Secret::new),
        expires_at_ms: None,
    }
}

fn signed(model_id: &str, op: Operation, token: Option<&str>) -> HttpRequest {
    assert_eq!(BODY.len(), 105);
    let endpoint = Endpoint::aws(&Region::parse("us-east-1").unwrap());
    let mut req = bedrock_request(
        &endpoint,
        model_id,
        op,
        BODY.as_bytes().to_vec(),
        ServiceTier::Standard,
    );
    sign_request(
        &mut req,
        &creds(token),
        "us-east-1",
        time_from_millis(TIME_MS),
    )
    .unwrap();
    req
}

fn header<'a>(req: &'a HttpRequest, name: &str) -> &'a str {
    let found: Vec<&str> = req
        .headers
        .iter()
        .filter(|(k, _)| k.eq_ignore_ascii_case(name))
        .map(|(_, v)| v.as_str())
        .collect();
    assert_eq!(
        found.len(),
        1,
        "exactly one {name} header in {:?}",
        req.headers
    );
    found[0]
}

#[test]
fn plain_invoke_model() {
    let req = signed(
        "anthropic.claude-3-haiku-20240307-v1:0",
        Operation::InvokeModel,
        None,
    );
    assert_eq!(req.method, "POST");
    assert_eq!(
        req.url,
        "https://bedrock-runtime.us-east-1.amazonaws.com/model/anthropic.claude-3-haiku-20240307-v1%3A0/invoke"
    );
    assert_eq!(header(&req, "content-type"), "application/json");
    assert_eq!(header(&req, "accept"), "application/json");
    assert_eq!(header(&req, "x-amz-date"), "20250102T030405Z");
    assert_eq!(
        header(&req, "authorization"),
        "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20250102/us-east-1/bedrock/aws4_request, \
         SignedHeaders=accept;content-type;host;x-amz-date, \
         Signature=e619d9e6abeb63364b0fa89feffd665729cdc30561d066fe8cb66631ba0b79fc"
    );
    // Nothing the browser forbids, and nothing unsigned.
    for (k, _) in &req.headers {
        assert!(
            !["host", "content-length", "date"].contains(&k.to_ascii_lowercase().as_str()),
            "{k}"
        );
    }
    assert_eq!(req.headers.len(), 4);
}

#[test]
fn session_token() {
    let req = signed(
        "anthropic.claude-3-haiku-20240307-v1:0",
        Operation::InvokeModel,
        Some("FQoGZXIvYXdzEXAMPLETOKEN"),
    );
    assert_eq!(
        header(&req, "x-amz-security-token"),
        "FQoGZXIvYXdzEXAMPLETOKEN"
    );
    assert_eq!(
        header(&req, "authorization"),
        "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20250102/us-east-1/bedrock/aws4_request, \
         SignedHeaders=accept;content-type;host;x-amz-date;x-amz-security-token, \
         Signature=56eb32362e5e9d05c68175534de857e0ae22cbc76dee9cc1e8bb758d9d967871"
    );
}

#[test]
fn inference_profile_arn() {
    let arn = "arn:aws:bedrock:us-east-1:123456789012:inference-profile/us.anthropic.claude-3-5-sonnet-20240620-v1:0";
    let req = signed(arn, Operation::InvokeModel, None);
    assert_eq!(
        req.url,
        "https://bedrock-runtime.us-east-1.amazonaws.com/model/arn%3Aaws%3Abedrock%3Aus-east-1%3A123456789012%3Ainference-profile%2Fus.anthropic.claude-3-5-sonnet-20240620-v1%3A0/invoke"
    );
    assert!(header(&req, "authorization")
        .ends_with("SignedHeaders=accept;content-type;host;x-amz-date, Signature=962f87ad1c90df0bd391a318395e1e9d3563ba8fcd46a3d5c989fc62d05982d6"));
}

#[test]
fn streaming_call_signs_bedrock_accept_not_accept() {
    let req = signed(
        "us.anthropic.claude-3-5-haiku-20241022-v1:0",
        Operation::InvokeModelWithResponseStream,
        None,
    );
    assert_eq!(
        req.url,
        "https://bedrock-runtime.us-east-1.amazonaws.com/model/us.anthropic.claude-3-5-haiku-20241022-v1%3A0/invoke-with-response-stream"
    );
    assert!(req.headers.iter().all(|(k, _)| k != "accept"));
    assert!(header(&req, "authorization").ends_with(
        "SignedHeaders=content-type;host;x-amz-date;x-amzn-bedrock-accept, Signature=6129b4a9e8f65927a7c3436a5401240e2e0748aaac34c674d2b41f1d78a97882"
    ));
}

#[test]
fn a_different_secret_gives_a_different_signature() {
    // Guards against a test that could not fail: the vectors above depend on the key.
    let endpoint = Endpoint::aws(&Region::parse("us-east-1").unwrap());
    let mut req = bedrock_request(
        &endpoint,
        "anthropic.claude-3-haiku-20240307-v1:0",
        Operation::InvokeModel,
        BODY.as_bytes().to_vec(),
        ServiceTier::Standard,
    );
    let mut c = creds(None);
    c.secret_access_key = Secret::new("wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEZ");
    sign_request(&mut req, &c, "us-east-1", time_from_millis(TIME_MS)).unwrap();
    assert!(!header(&req, "authorization").contains("e619d9e6"));
}

#[test]
fn a_service_tier_is_a_signed_header_on_invoke_and_a_body_member_on_converse() {
    let endpoint = Endpoint::aws(&Region::parse("us-east-1").unwrap());
    for op in [
        Operation::InvokeModel,
        Operation::InvokeModelWithResponseStream,
    ] {
        let mut req = bedrock_request(
            &endpoint,
            "openai.gpt-oss-120b-1:0",
            op,
            BODY.as_bytes().to_vec(),
            ServiceTier::Flex,
        );
        sign_request(
            &mut req,
            &creds(None),
            "us-east-1",
            time_from_millis(TIME_MS),
        )
        .unwrap();
        assert_eq!(header(&req, "x-amzn-bedrock-service-tier"), "flex");
        let auth = header(&req, "authorization");
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
        assert_eq!(req.body, BODY.as_bytes(), "the body is unchanged");
    }
    for op in [Operation::Converse, Operation::ConverseStream] {
        let req = bedrock_request(
            &endpoint,
            "openai.gpt-oss-120b-1:0",
            op,
            br#"{"messages":[]}"#.to_vec(),
            ServiceTier::Priority,
        );
        assert!(req
            .headers
            .iter()
            .all(|(k, _)| k != "x-amzn-bedrock-service-tier"));
        let body: serde_json::Value = serde_json::from_slice(&req.body).unwrap();
        assert_eq!(body["serviceTier"], serde_json::json!({"type": "priority"}));
    }
    // Standard sends nothing: the same bytes as before tiers existed.
    let plain = bedrock_request(
        &endpoint,
        "openai.gpt-oss-120b-1:0",
        Operation::Converse,
        br#"{"messages":[]}"#.to_vec(),
        ServiceTier::Standard,
    );
    assert_eq!(plain.body, br#"{"messages":[]}"#);
}
