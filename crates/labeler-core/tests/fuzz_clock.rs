//! Fuzzing the path a server's clock takes: an HTTP `Date` header (or the times in a
//! "Signature expired" message) → the clock offset the job learns → the SigV4 signature of the
//! next request. Whatever the endpoint answers, nothing panics (a panic in the wasm is a trap:
//! the call would never settle) and the next request can be signed, with an `X-Amz-Date` SigV4
//! can express.
//!
//! `PROPTEST_CASES=100000 cargo test -p labeler-core --release --test fuzz_clock` for a longer run.

use labeler_core::clock::{parse_amz_date, parse_http_date, server_time_ms, LATEST_SIGNABLE_MS};
use labeler_core::http::HttpResponse;
use labeler_core::sign::time_from_millis;
use labeler_core::{Job, PredictLabelsRequest};
use proptest::prelude::*;
use serde_json::json;

fn job() -> Job {
    Job::new(
        PredictLabelsRequest::from_json(&json!({
            "credentials": {"accessKeyId": "ASIAFUZZFUZZFUZZ0001", "secretAccessKey": "fuzz/secret/key+0000000000000000000000=", "sessionToken": "FuzzSessionToken/000000000000000000000=="},
            "region": "us-east-1",
            "modelId": "anthropic.claude-3-haiku-20240307-v1:0",
            "labels": ["positive", "negative"],
            "texts": ["positive", "negative"],
            "batchSize": 1,
        }))
        .unwrap(),
    )
    .unwrap()
}

/// An IMF-fixdate with any numbers in it: years of any length and sign, days, times out of range.
fn arb_http_date() -> impl Strategy<Value = String> {
    let year = prop_oneof![
        (1900i64..2200).prop_map(|y| y.to_string()),
        (9990i64..10_010).prop_map(|y| y.to_string()),
        any::<i64>().prop_map(|y| y.to_string()),
        "[0-9]{1,25}",
        Just("+2025".to_owned()),
    ];
    let month = prop_oneof![Just("Jan"), Just("Feb"), Just("Dec"), Just("Foo")];
    (
        prop_oneof![Just("Sat"), Just("Mon")],
        0u32..40,
        month,
        year,
        0u32..30,
        0u32..70,
        0u32..70,
    )
        .prop_map(|(wd, d, m, y, h, mi, s)| {
            format!("{wd}, {d:02} {m} {y} {h:02}:{mi:02}:{s:02} GMT")
        })
}

/// A time the local clock might read (`Date.now()`): sane, or far off either way.
fn arb_now() -> impl Strategy<Value = f64> {
    prop_oneof![
        4 => 1.5e12..2.0e12f64,
        1 => -1.0e16..1.0e16f64,
        1 => Just(-1.0e15),
        1 => Just(LATEST_SIGNABLE_MS + 1.0),
    ]
}

proptest! {
    #[test]
    fn http_and_amz_date_parsers_never_panic(text in any::<String>(), date in arb_http_date(), stamp in "[0-9]{8}T[0-9]{6}Z") {
        let _ = parse_http_date(&text);
        let _ = parse_amz_date(&text);
        let _ = parse_amz_date(&stamp);
        if let Some(ms) = parse_http_date(&date) {
            prop_assert!(ms.is_finite());
        }
    }

    #[test]
    fn any_server_date_leaves_the_next_request_signable(
        date in prop_oneof![arb_http_date(), any::<String>()],
        stamp in prop_oneof!["[0-9]{8}T[0-9]{6}Z", any::<String>()],
        refused in any::<bool>(),
        now in arb_now(),
        later in 0.0..1.0e9f64,
    ) {
        let mut job = job();
        let first = job.next_call(now).expect("a first request");
        job.sign(&first.request, now).expect("signable before any answer");
        // The server answers with its clock: a skew refusal quoting a time, or a success.
        let resp = if refused {
            HttpResponse {
                status: 403,
                headers: vec![("x-amzn-ErrorType".into(), "InvalidSignatureException".into()), ("Date".into(), date.clone())],
                body: json!({"message": format!("Signature expired: 20250102T030405Z is now earlier than 20250102T031605Z ({stamp} - 5 min.)")}).to_string().into_bytes(),
            }
        } else {
            HttpResponse {
                status: 200,
                headers: vec![("Date".into(), date.clone())],
                body: json!({"content": [{"type": "tool_use", "name": "record_labels", "input": {"results": [{"id": "1", "label": "positive"}]}}]}).to_string().into_bytes(),
            }
        };
        let learnt = server_time_ms(&resp, &stamp);
        job.on_response(first.id, resp, now);
        prop_assert!(job.clock_offset_ms().is_finite(), "offset {}", job.clock_offset_ms());
        let at = now + later;
        if let Some(next) = job.next_call(at) {
            let signed = job.sign(&next.request, at).expect("the next request is signable");
            let date = &signed.headers.iter().find(|(k, _)| k == "x-amz-date").expect("x-amz-date").1;
            prop_assert_eq!(date.len(), 16, "{}", date);
            let ms = parse_amz_date(date).expect("a SigV4 date");
            prop_assert!((0.0..=LATEST_SIGNABLE_MS).contains(&ms), "{} from {:?}", date, learnt);
        }
    }

    #[test]
    fn any_time_signs(ms in prop_oneof![any::<f64>(), Just(f64::NAN), Just(f64::INFINITY), Just(f64::NEG_INFINITY), Just(1e300)]) {
        let mut job = job();
        let call = job.next_call(0.0).unwrap();
        let _ = time_from_millis(ms);
        prop_assert!(job.sign(&call.request, ms).is_ok());
    }
}
