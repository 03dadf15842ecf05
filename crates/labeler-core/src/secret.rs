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

/// Replaces every occurrence of each non-empty secret in `text` with `[redacted]`.
///
/// Applied to every message that leaves the core (errors, raw model output), because AWS
/// echoes request headers back in some errors (the canonical request of an
/// `InvalidSignatureException` lists `x-amz-security-token`), and a model may repeat its input.
pub fn redact(text: &str, secrets: &[&Secret]) -> String {
    let mut out = text.to_owned();
    for secret in secrets {
        // Short values would redact ordinary words; real keys and tokens are long.
        if secret.expose().len() >= 8 && out.contains(secret.expose()) {
            out = out.replace(secret.expose(), "[redacted]");
        }
    }
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
}
