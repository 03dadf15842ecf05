//! The endpoint gate over strange strings: whatever the text, `resolve` either refuses it or
//! returns a URL that is exactly the text (less ASCII whitespace around it and one trailing
//! `/`), on a host the manifest lists or, in the development build, the local emulator. So no
//! character can be dropped, reinterpreted or smuggled past the check (issue 11, item 4: Rust's
//! `trim()` dropped a U+0085 that JavaScript's `URL` choked on).

use labeler_core::endpoint::{resolve, Endpoint, Loopback, Region, LOOPBACK_HOSTS};
use proptest::prelude::*;

const GOOD: &[&str] = &[
    "https://bedrock-runtime.us-east-1.amazonaws.com",
    "https://bedrock-runtime-fips.us-east-1.amazonaws.com/",
    "http://127.0.0.1:4010",
    "http://localhost:8080/",
];

/// Characters that have fooled URL checks somewhere: Unicode spaces and line breaks, controls,
/// an ideographic full stop (an IDN dot), a fullwidth solidus, and URL delimiters.
const ODD: &[char] = &[
    '\u{85}', '\u{a0}', '\u{2028}', '\u{2029}', '\u{feff}', '\u{200b}', '\u{3000}', '\u{3002}',
    '\u{ff0f}', '\u{0}', '\u{7f}', '\u{1b}', '\t', '\n', '\r', ' ', '@', '%', '\\', '#', '?', ':',
    '/', '.', '*', 'é', 'İ',
];

fn strange() -> impl Strategy<Value = String> {
    let good = prop::sample::select(GOOD);
    let odd = prop::sample::select(ODD);
    prop_oneof![
        any::<String>(),
        "[ -~]{0,60}",
        // a good URL with an odd character put anywhere
        (good.clone(), any::<prop::sample::Index>(), odd.clone()).prop_map(|(g, at, c)| {
            let mut s = g.to_owned();
            let i = at.index(s.len() + 1);
            s.insert(i, c);
            s
        }),
        // a good URL with arbitrary text around it
        (good, "\\PC{0,4}", "\\PC{0,12}").prop_map(|(g, a, b)| format!("{a}{g}{b}")),
        // a good URL's host replaced by a near miss
        (prop::collection::vec(odd, 0..3), "[a-z0-9.-]{0,20}").prop_map(|(cs, h)| format!(
            "https://bedrock-runtime.{h}{}.amazonaws.com",
            cs.into_iter().collect::<String>()
        )),
    ]
}

fn check(text: &str, got: &Endpoint, loopback: Loopback) -> Result<(), TestCaseError> {
    let url = got.base_url();
    prop_assert!(
        url.bytes().all(|b| b.is_ascii_graphic()),
        "{url:?} from {text:?}"
    );
    let typed = text.trim_ascii().to_ascii_lowercase();
    prop_assert!(
        // blank: no override, the region's own host
        typed == url
            || typed == format!("{url}/")
            || (typed.is_empty() && url == "https://bedrock-runtime.us-east-1.amazonaws.com"),
        "{text:?} was accepted as {url:?}: something was dropped or changed"
    );
    let pattern = got.host_pattern();
    if let Some(host) = pattern
        .strip_prefix("https://")
        .and_then(|p| p.strip_suffix("/*"))
    {
        prop_assert!(
            host.starts_with("bedrock-runtime.") || host.starts_with("bedrock-runtime-fips."),
            "{host}"
        );
        prop_assert!(host.ends_with(".amazonaws.com"), "{host}");
    } else {
        prop_assert_eq!(loopback, Loopback::Allowed, "loopback accepted: {}", text);
        let host = pattern
            .strip_prefix("http://")
            .and_then(|p| p.strip_suffix("/*"));
        prop_assert!(
            host.is_some_and(|h| LOOPBACK_HOSTS.contains(&h)),
            "{pattern}"
        );
    }
    Ok(())
}

proptest! {
    #[test]
    fn accepted_means_exactly_an_allowed_url(text in strange()) {
        let region = Region::parse("us-east-1").unwrap();
        for loopback in [Loopback::Allowed, Loopback::Refused] {
            if let Ok(got) = resolve(&region, Some(&text), loopback) {
                check(&text, &got, loopback)?;
            }
        }
    }

    #[test]
    fn an_odd_character_inside_is_always_refused(
        good in prop::sample::select(GOOD),
        at in any::<prop::sample::Index>(),
        c in prop::sample::select(ODD).prop_filter("not ASCII", |c| !c.is_ascii()),
    ) {
        let mut text = good.to_owned();
        text.insert(at.index(text.len() + 1), c);
        let region = Region::parse("us-east-1").unwrap();
        let err = resolve(&region, Some(&text), Loopback::Allowed).unwrap_err();
        prop_assert!(err.message.starts_with("endpoint: "), "{}", err.message);
    }

    #[test]
    fn regions_are_exactly_ascii_codes(text in prop_oneof![any::<String>(), "[a-z -]{0,8}-[0-9\u{85} ]{1,3}"]) {
        if let Ok(r) = Region::parse(&text) {
            prop_assert_eq!(r.as_str(), text.trim_ascii());
            prop_assert!(r.as_str().bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-'));
        }
    }
}
