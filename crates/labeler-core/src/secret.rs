//! Secrets (secret access key, session token): wiped from memory when dropped, never printed.

use zeroize::Zeroizing;

#[derive(Clone, Default, PartialEq, Eq)]
pub struct Secret(Zeroizing<String>);

impl Secret {
    pub fn new(value: impl Into<String>) -> Self {
        Self(Zeroizing::new(value.into()))
    }

    /// The secret itself. Call sites are few and obvious: signing, and redaction.
    pub fn expose(&self) -> &str {
        &self.0
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Secret(** redacted **)")
    }
}

/// What a redacted secret is replaced with.
pub const REDACTED: &str = "[redacted]";

/// A cut-off piece of a secret at least this long is redacted too (see [`redact`]).
const MIN_PIECE: usize = 12;

/// Replaces every occurrence of each secret (of 8 characters or more) in `text` with
/// `[redacted]`.
///
/// Applied to every message that leaves the core (errors, raw model output), because AWS
/// echoes request headers back in some errors (the canonical request of an
/// `InvalidSignatureException` lists `x-amz-security-token`), and a model may repeat its input.
///
/// Besides the secret as is, it catches the forms an echo can take: JSON with `/` escaped as
/// `\/`, and percent-encoding (`/`, `+`, `=` as in a canonical query string). And because
/// messages are cut to a length, a secret's first characters (12 or more) followed by the cut
/// are redacted as well.
pub fn redact(text: &str, secrets: &[&Secret]) -> String {
    let mut out = text.to_owned();
    for secret in secrets {
        let value = secret.expose();
        // Short values would redact ordinary words; real keys and tokens are long.
        if value.len() < 8 {
            continue;
        }
        for form in forms(value) {
            if out.contains(form.as_str()) {
                out = out.replace(form.as_str(), REDACTED);
            }
            out = redact_cut_pieces(&out, &form);
        }
    }
    out
}

/// The secret, and how it looks JSON-escaped or percent-encoded (when that differs).
fn forms(value: &str) -> Vec<String> {
    let mut forms = vec![value.to_owned()];
    let json_escaped = value.replace('/', "\\/");
    let percent = value
        .replace('%', "%25")
        .replace('/', "%2F")
        .replace('+', "%2B")
        .replace('=', "%3D");
    // Hex digits of percent-escapes may be lower case (`%2f`); the secret's own `%` became `%25`.
    let percent_lower = percent
        .replace("%2F", "%2f")
        .replace("%2B", "%2b")
        .replace("%3D", "%3d");
    for form in [json_escaped, percent, percent_lower] {
        if !forms.contains(&form) {
            forms.push(form);
        }
    }
    forms
}

/// Redacts each place where `secret`'s first [`MIN_PIECE`]+ characters occur (however much of
/// the secret follows): what is left of a secret when a message is truncated inside it.
fn redact_cut_pieces(text: &str, secret: &str) -> String {
    let mut head_len = MIN_PIECE;
    while head_len < secret.len() && !secret.is_char_boundary(head_len) {
        head_len += 1;
    }
    if head_len >= secret.len() {
        return text.to_owned();
    }
    let head = &secret[..head_len];
    if !text.contains(head) {
        return text.to_owned();
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(i) = rest.find(head) {
        out.push_str(&rest[..i]);
        let after = &rest[i..];
        let mut n = after
            .bytes()
            .zip(secret.bytes())
            .take_while(|(a, b)| a == b)
            .count();
        while !after.is_char_boundary(n) {
            n -= 1;
        }
        out.push_str(REDACTED);
        rest = &after[n..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_never_shows_the_value() {
        let s = Secret::new("wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY");
        assert!(!format!("{s:?}").contains("wJalr"));
    }

    #[test]
    fn redact_replaces_every_occurrence() {
        let token = Secret::new("FQoGZXIvYXdzEXAMPLETOKEN");
        let text = "x-amz-security-token:FQoGZXIvYXdzEXAMPLETOKEN\n…FQoGZXIvYXdzEXAMPLETOKEN";
        let out = redact(text, &[&token]);
        assert!(!out.contains("FQoG"));
        assert_eq!(out.matches("[redacted]").count(), 2);
    }

    #[test]
    fn redact_catches_escaped_encoded_and_cut_off_forms() {
        let key = Secret::new("wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY=");
        for text in [
            r#"{"m":"wJalrXUtnFEMI\/K7MDENG+bPxRfiCYEXAMPLEKEY="}"#,
            "q=wJalrXUtnFEMI%2FK7MDENG%2BbPxRfiCYEXAMPLEKEY%3D&x",
            "q=wJalrXUtnFEMI%2fK7MDENG%2bbPxRfiCYEXAMPLEKEY%3d&x",
            "(AWS: … wJalrXUtnFEMI/K7MDEN)",
        ] {
            let out = redact(text, &[&key]);
            assert!(!out.contains("wJalrXUtnFEM"), "{text} → {out}");
            assert!(out.contains(REDACTED), "{out}");
        }
        // The end of a cut-off secret stays; it is the start that identifies it.
        assert_eq!(redact("x wJalrXUtnFEMI/K7 y", &[&key]), "x [redacted] y");
        // Shorter pieces are ordinary text.
        assert_eq!(redact("wJalrXUtnFE", &[&key]), "wJalrXUtnFE");
    }

    #[test]
    fn redact_is_safe_with_multibyte_text_and_secrets() {
        let key = Secret::new("ééééééééééééééé/ü");
        let out = redact("a ééééééééééééé b", &[&key]);
        assert_eq!(out, "a [redacted] b");
        let out = redact("a éééééééééééééééé/ü b", &[&key]);
        assert!(!out.contains("ééééééé/ü"), "{out}");
    }
}
