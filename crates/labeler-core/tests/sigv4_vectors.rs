//! SigV4 vectors (`tests/data/sigv4/<case>/`, read by `common::vectors`): our request building
//! and aws-sigv4 signing reproduce each signed request byte for byte. The vectors were made by
//! botocore (reference `bedrock-runtime.md` §1.7) or by `@smithy/signature-v4`, never by
//! aws-sigv4; each signature is also re-derived here from the SigV4 spec, step by step.

mod common;

use common::vectors::{sigv4_cases, SigV4Case};
use labeler_core::endpoint::{Endpoint, Region};
use labeler_core::http::{bedrock_request, HttpRequest, Operation};
use labeler_core::request::Credentials;
use labeler_core::secret::Secret;
use labeler_core::sign::{sign_request, time_from_millis};
use labeler_core::tier::ServiceTier;
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;

/// The case's request, built and signed by the core; `secret` replaces the case's secret key.
fn signed(case: &SigV4Case, secret: Option<&str>) -> HttpRequest {
    let r = &case.request;
    let operation = match r.operation.as_str() {
        "InvokeModel" => Operation::InvokeModel,
        "InvokeModelWithResponseStream" => Operation::InvokeModelWithResponseStream,
        "Converse" => Operation::Converse,
        "ConverseStream" => Operation::ConverseStream,
        other => panic!("{}: unknown operation {other}", case.name),
    };
    let endpoint = Endpoint::aws(&Region::parse(&r.region).unwrap());
    let mut req = bedrock_request(
        &endpoint,
        &r.model_id,
        operation,
        r.body.as_bytes().to_vec(),
        ServiceTier::Standard,
    );
    let credentials = Credentials {
        access_key_id: r.credentials.access_key_id.clone(),
        secret_access_key: Secret::new(secret.unwrap_or(&r.credentials.secret_access_key)),
        session_token: r.credentials.session_token.as_deref().map(Secret::new),
        expires_at_ms: None,
    };
    let time = aws_smithy_types::DateTime::from_str(
        &r.time,
        aws_smithy_types::date_time::Format::DateTime,
    )
    .unwrap();
    let time = time_from_millis(time.to_millis().unwrap() as f64);
    sign_request(&mut req, &credentials, &r.region, time).unwrap();
    req
}

/// Header names in lower case → values; fails if a name appears twice.
fn headers(req: &HttpRequest) -> BTreeMap<String, String> {
    let map: BTreeMap<String, String> = req
        .headers
        .iter()
        .map(|(k, v)| (k.to_ascii_lowercase(), v.clone()))
        .collect();
    assert_eq!(
        map.len(),
        req.headers.len(),
        "a header twice: {:?}",
        req.headers
    );
    map
}

#[test]
fn every_case_signs_byte_for_byte() {
    for case in sigv4_cases() {
        let req = signed(&case, None);
        assert_eq!(req.method, case.expected.method, "{}", case.name);
        assert_eq!(req.url, case.expected.url, "{}", case.name);
        let want: BTreeMap<String, String> = case.expected.headers.clone();
        assert_eq!(
            headers(&req),
            want,
            "{}: every header, nothing else",
            case.name
        );
    }
}

#[test]
fn nothing_the_browser_controls_is_set() {
    for case in sigv4_cases() {
        for name in headers(&signed(&case, None)).keys() {
            assert!(
                !["host", "content-length", "date"].contains(&name.as_str()),
                "{}: {name}",
                case.name
            );
        }
    }
}

#[test]
fn a_different_secret_gives_a_different_signature() {
    // Guards against a vector that could not fail: each signature depends on the key.
    for case in sigv4_cases() {
        let mut other = case.request.credentials.secret_access_key.clone();
        let last = other.pop().unwrap();
        other.push(if last == 'Z' { 'Y' } else { 'Z' });
        let a = headers(&signed(&case, None))["authorization"].clone();
        let b = headers(&signed(&case, Some(&other)))["authorization"].clone();
        assert_ne!(a, b, "{}", case.name);
    }
}

// --- the SigV4 spec, step by step (canonical request, string to sign, key, signature) -------

fn sha256_hex(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

fn hmac(key: &[u8], data: &[u8]) -> Vec<u8> {
    let mut k = [0u8; 64];
    if key.len() > 64 {
        k[..32].copy_from_slice(&Sha256::digest(key));
    } else {
        k[..key.len()].copy_from_slice(key);
    }
    let pad = |b: u8| k.iter().map(|x| x ^ b).collect::<Vec<u8>>();
    let inner = Sha256::digest([pad(0x36), data.to_vec()].concat());
    Sha256::digest([pad(0x5c), inner.to_vec()].concat()).to_vec()
}

#[test]
fn every_signature_follows_from_the_spec_and_the_documented_canonical_request() {
    for case in sigv4_cases() {
        let name = &case.name;
        let req = signed(&case, None);
        let h = headers(&req);
        let auth = &h["authorization"];
        let (credential, rest) = auth
            .strip_prefix("AWS4-HMAC-SHA256 Credential=")
            .and_then(|a| a.split_once(", SignedHeaders="))
            .unwrap();
        let (signed_headers, signature) = rest.split_once(", Signature=").unwrap();
        let scope = credential.split_once('/').unwrap().1;

        // 1. Canonical request: the path encoded once more (§1.4), no query, the signed headers
        //    (host from the URL), their names, the body's hash.
        let (host, path) = req.url["https://".len()..].split_once('/').unwrap();
        let mut canonical = format!("{}\n/{}\n\n", req.method, path.replace('%', "%25"));
        for header in signed_headers.split(';') {
            let value = if header == "host" { host } else { &h[header] };
            canonical.push_str(&format!("{header}:{value}\n"));
        }
        canonical.push_str(&format!("\n{signed_headers}\n{}", sha256_hex(&req.body)));
        if let Some(documented) = &case.expected.canonical_request {
            assert_eq!(&canonical, documented, "{name}");
        }
        // 2. String to sign.
        let date = &h["x-amz-date"];
        let to_sign = format!(
            "AWS4-HMAC-SHA256\n{date}\n{scope}\n{}",
            sha256_hex(canonical.as_bytes())
        );
        if let Some(documented) = &case.expected.string_to_sign {
            assert_eq!(&to_sign, documented, "{name}");
        }
        // 3. Signing key: "AWS4" + secret → date → region → service → "aws4_request".
        let secret = format!("AWS4{}", case.request.credentials.secret_access_key);
        let key = scope
            .split('/')
            .fold(secret.into_bytes(), |k, part| hmac(&k, part.as_bytes()));
        // 4. The signature.
        assert_eq!(
            hex::encode(hmac(&key, to_sign.as_bytes())),
            signature,
            "{name}"
        );
    }
}
