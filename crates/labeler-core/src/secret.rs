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
pub const MIN_PIECE: usize = 12;

/// Secrets shorter than this are not redacted: they would redact ordinary words, and real keys
/// and tokens are long.
const MIN_SECRET: usize = 8;

/// Replaces every occurrence of each secret (of 8 characters or more) in `text` with
/// `[redacted]`.
///
/// Applied to every message that leaves the core (errors, raw model output), because AWS
/// echoes request headers back in some errors (the canonical request of an
/// `InvalidSignatureException` lists `x-amz-security-token`), and a model may repeat its input.
///
/// Besides the secret as is, it catches the forms an echo can take: JSON with `/` escaped as
/// `\/`, and percent-encoding (`/`, `+`, `=`, `%` as in a canonical query string, hex digits in
/// either case). And because messages are cut to a length, a form's first 12 or more
/// characters are redacted as well, however much of the form follows.
///
/// Every form of every secret is matched at every place at once and the longest match wins, so
/// no form is cut in two by a shorter one matched first (the plain secret's start inside its
/// JSON-escaped form would leave `\/…` behind); overlapping matches merge into one
/// `[redacted]`.
pub fn redact(text: &str, secrets: &[&Secret]) -> String {
    let forms: Vec<Zeroizing<String>> = secrets
        .iter()
        .map(|s| s.expose())
        .filter(|v| v.len() >= MIN_SECRET)
        .flat_map(forms)
        .collect();
    if forms.is_empty() {
        return text.to_owned();
    }
    let mut out = String::with_capacity(text.len());
    // The end of the text copied out so far, and the end of the redaction in progress.
    let mut copied = 0;
    let mut redacted_to: Option<usize> = None;
    for (i, _) in text.char_indices() {
        let rest = &text[i..];
        let longest = forms
            .iter()
            .map(|f| matched_len(rest, f))
            .max()
            .unwrap_or(0);
        match redacted_to {
            Some(end) if i < end => {
                redacted_to = Some(end.max(i + longest));
                continue;
            }
            Some(end) => {
                // The redaction ended before this character.
                out.push_str(REDACTED);
                copied = end;
                redacted_to = None;
            }
            None => {}
        }
        if longest > 0 {
            out.push_str(&text[copied..i]);
            redacted_to = Some(i + longest);
        }
    }
    match redacted_to {
        Some(_) => out.push_str(REDACTED),
        None => out.push_str(&text[copied..]),
    }
    out
}

/// How much of `text`'s start is a redactable piece of `form`: the whole form, or its first
/// [`MIN_PIECE`]+ characters (what is left when a message is cut inside it); 0 otherwise.
/// Always ends on a character boundary of `text`.
fn matched_len(text: &str, form: &str) -> usize {
    let mut n = text
        .bytes()
        .zip(form.bytes())
        .take_while(|(a, b)| a == b)
        .count();
    while !text.is_char_boundary(n) {
        n -= 1;
    }
    if n == form.len() || n >= MIN_PIECE {
        n
    } else {
        0
    }
}

/// The secret, and how it looks JSON-escaped or percent-encoded (when that differs). Each form
/// is a copy of the secret, so it is built in place (no intermediate strings) and wiped on drop.
fn forms(value: &str) -> Vec<Zeroizing<String>> {
    let json_escaped = encode(value, |c| (c == '/').then_some("\\/"));
    let percent = |upper: bool| {
        move |c: char| {
            Some(match (c, upper) {
                ('%', _) => "%25",
                ('/', true) => "%2F",
                ('/', false) => "%2f",
                ('+', true) => "%2B",
                ('+', false) => "%2b",
                ('=', true) => "%3D",
                ('=', false) => "%3d",
                _ => return None,
            })
        }
    };
    let mut forms = vec![Zeroizing::new(value.to_owned())];
    for form in [
        json_escaped,
        encode(value, percent(true)),
        encode(value, percent(false)),
    ] {
        if !forms.contains(&form) {
            forms.push(form);
        }
    }
    forms
}

/// `value` with each character `escape` gives a replacement for replaced, built into a string
/// of exactly the right capacity (growing would leave an unwiped copy behind).
fn encode(value: &str, escape: impl Fn(char) -> Option<&'static str>) -> Zeroizing<String> {
    let len = value
        .chars()
        .map(|c| escape(c).map_or(c.len_utf8(), str::len))
        .sum();
    let mut out = Zeroizing::new(String::with_capacity(len));
    for c in value.chars() {
        match escape(c) {
            Some(e) => out.push_str(e),
            None => out.push(c),
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
    fn an_encoded_secret_is_redacted_whole_not_up_to_its_first_slash() {
        let key = Secret::new("emuTemporarySecretKey/111111111111111111111");
        for text in [
            r#"{"echo":"emuTemporarySecretKey\/111111111111111111111"}"#,
            "echo=emuTemporarySecretKey%2F111111111111111111111&",
            "echo=emuTemporarySecretKey%2f1111111111",
        ] {
            let out = redact(text, &[&key]);
            assert!(!out.contains("1111"), "{text} → {out}");
            assert_eq!(out.matches(REDACTED).count(), 1, "{out}");
        }
    }

    #[test]
    fn redact_is_safe_with_multibyte_text_and_secrets() {
        let key = Secret::new("ééééééééééééééé/ü");
        let out = redact("a ééééééééééééé b", &[&key]);
        assert_eq!(out, "a [redacted] b");
        let out = redact("a éééééééééééééééé/ü b", &[&key]);
        assert!(!out.contains("ééééééé/ü"), "{out}");
    }

    #[test]
    fn short_secrets_and_no_secrets_leave_the_text_alone() {
        assert_eq!(
            redact("short secret", &[&Secret::new("short")]),
            "short secret"
        );
        assert_eq!(redact("anything", &[]), "anything");
    }
}
