//! Redaction as a property: a secret with `/`, `+` and `=` in it, echoed in any of the forms a
//! server or a model may give it (as is, JSON-escaped, percent-encoded with upper- or lower-case
//! hex) or cut off after 12 or more characters, anywhere in any text, leaves no 12-character run
//! of any of its forms behind.

use labeler_core::secret::{redact, Secret, MIN_PIECE};
use proptest::prelude::*;

/// AWS's alphabet, with at least one `/`, `+` and `=` somewhere (joined pieces).
fn arb_secret() -> impl Strategy<Value = String> {
    (
        prop::collection::vec("[A-Za-z0-9]{1,12}", 3..9),
        prop::collection::vec(prop_oneof![Just('/'), Just('+'), Just('=')], 8),
    )
        .prop_map(|(pieces, seps)| {
            let mut s = String::new();
            for (n, piece) in pieces.iter().enumerate() {
                s.push_str(piece);
                // The first three separators are one of each; then any.
                let sep = match n {
                    0 => '/',
                    1 => '+',
                    2 => '=',
                    _ => seps[n],
                };
                if n + 1 < pieces.len() || n < 3 {
                    s.push(sep);
                }
            }
            s
        })
        .prop_filter("long enough to be a key", |s| s.len() >= 20)
}

/// Every form a test checks for (written here independently of the code under test).
fn forms(secret: &str) -> Vec<String> {
    let pct = |upper: bool| {
        let mut out = String::new();
        for c in secret.chars() {
            match c {
                '/' | '+' | '=' | '%' => {
                    let hex = format!("%{:02X}", c as u32);
                    out.push_str(&if upper { hex } else { hex.to_lowercase() });
                }
                c => out.push(c),
            }
        }
        out
    };
    vec![
        secret.to_owned(),
        secret.replace('/', "\\/"),
        pct(true),
        pct(false),
    ]
}

/// The echo: form `which`, cut after `cut` characters (never shorter than MIN_PIECE) or whole.
fn echo(secret: &str, which: usize, cut: Option<usize>) -> String {
    let form = forms(secret).swap_remove(which % 4);
    match cut {
        Some(n) => form[..MIN_PIECE + n % (form.len() - MIN_PIECE + 1)].to_owned(),
        None => form,
    }
}

fn assert_no_run_left(out: &str, secrets: &[&str]) -> Result<(), TestCaseError> {
    for secret in secrets {
        for form in forms(secret) {
            for start in 0..=form.len() - MIN_PIECE {
                let run = &form[start..start + MIN_PIECE];
                prop_assert!(
                    !out.contains(run),
                    "{:?} of {:?} survives in {:?}",
                    run,
                    form,
                    out
                );
            }
        }
    }
    Ok(())
}

proptest! {
    #[test]
    fn every_form_and_cut_off_start_is_redacted_whole(
        secret in arb_secret(),
        which in 0usize..4,
        cut in prop::option::of(any::<usize>()),
        before in "[^\\p{C}]{0,80}",
        after in "[^\\p{C}]{0,80}",
        times in 1usize..4,
    ) {
        let piece = echo(&secret, which, cut);
        let text = format!("{before}{}{after}", vec![piece.as_str(); times].join(" "));
        let out = redact(&text, &[&Secret::new(secret.as_str())]);
        assert_no_run_left(&out, &[&secret])?;
        prop_assert!(out.contains("[redacted]"));
    }

    #[test]
    fn both_secrets_in_every_form_at_once(
        key in arb_secret(),
        token in arb_secret(),
        cuts in prop::collection::vec(prop::option::of(any::<usize>()), 8),
        glue in prop::collection::vec("[^\\p{C}]{0,12}", 9),
    ) {
        let mut text = glue[0].clone();
        for (n, cut) in cuts.iter().enumerate() {
            let secret = if n % 2 == 0 { &key } else { &token };
            text.push_str(&echo(secret, n / 2, *cut));
            text.push_str(&glue[n + 1]);
        }
        let out = redact(&text, &[&Secret::new(key.as_str()), &Secret::new(token.as_str())]);
        assert_no_run_left(&out, &[&key, &token])?;
    }
}
