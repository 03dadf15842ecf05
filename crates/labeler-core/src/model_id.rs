//! Model ids: checking, percent-encoding into one path segment, and finding the base model id
//! inside a profile id or ARN (which [`crate::models`] looks up).
//!
//! Bedrock's `modelId` is a non-greedy path label, so the whole id is one segment: `:` → `%3A`,
//! `/` → `%2F` (ARNs). The signer then encodes the path once more for the canonical request
//! (`%253A`), which is what AWS computes on its side.

/// Checks the id's shape; the message says what is wrong.
pub fn validate(id: &str) -> Result<(), String> {
    if id.is_empty() || id.len() > 2048 {
        return Err("must be 1 to 2048 characters".into());
    }
    if id.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err(format!("{id:?} contains spaces or control characters"));
    }
    if id == "." || id == ".." {
        return Err(format!("{id:?} is not a model id"));
    }
    Ok(())
}

/// Percent-encodes `id` as a single path segment: everything but RFC 3986 unreserved characters
/// (`A–Z a–z 0–9 - . _ ~`) becomes `%XX` with upper-case hex, as the AWS SDKs do.
pub fn encode_segment(id: &str) -> String {
    let mut out = String::with_capacity(id.len() + 8);
    for b in id.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(b as char);
        } else {
            out.push('%');
            out.push(char::from(b"0123456789ABCDEF"[(b >> 4) as usize]));
            out.push(char::from(b"0123456789ABCDEF"[(b & 15) as usize]));
        }
    }
    out
}

/// Cross-region inference profile prefixes (`us.anthropic.…`).
/// Geo prefixes of system-defined profiles: aws-cdk's CrossRegionInferenceProfileRegion
/// (reference §4), plus `in.` (India, seen on the Kimi K3 card: docs/evidence/models-and-quotas.md §7).
const GEO_PREFIXES: &[&str] = &[
    "us", "eu", "apac", "us-gov", "jp", "au", "ca", "in", "global",
];

/// The base model id inside a model id, inference profile id or ARN, when it can be told.
/// `None` for ARNs that carry no model name (application inference profiles, provisioned models).
pub fn base_model_id(id: &str) -> Option<&str> {
    let resource = if id.starts_with("arn:") {
        // arn:partition:bedrock:region:account:resource-type/resource-id
        let resource = id.splitn(6, ':').nth(5)?;
        let (kind, rest) = resource.split_once('/')?;
        match kind {
            "foundation-model" | "inference-profile" => rest,
            _ => return None,
        }
    } else {
        id
    };
    let mut parts = resource.splitn(2, '.');
    let first = parts.next()?;
    match parts.next() {
        Some(rest) if GEO_PREFIXES.contains(&first) => Some(rest),
        _ => Some(resource),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encodes_like_the_sdks() {
        assert_eq!(
            encode_segment("anthropic.claude-3-haiku-20240307-v1:0"),
            "anthropic.claude-3-haiku-20240307-v1%3A0"
        );
        assert_eq!(
            encode_segment("arn:aws:bedrock:us-east-1:123456789012:inference-profile/us.anthropic.claude-3-5-sonnet-20240620-v1:0"),
            "arn%3Aaws%3Abedrock%3Aus-east-1%3A123456789012%3Ainference-profile%2Fus.anthropic.claude-3-5-sonnet-20240620-v1%3A0"
        );
        assert_eq!(encode_segment("a b%/?#"), "a%20b%25%2F%3F%23");
    }

    #[test]
    fn base_ids_out_of_profiles_and_arns() {
        for (id, base) in [
            ("us.anthropic.claude-opus-5-5", Some("anthropic.claude-opus-5-5")),
            ("global.anthropic.claude-sonnet-4-5-20250929-v1:0", Some("anthropic.claude-sonnet-4-5-20250929-v1:0")),
            ("in.moonshotai.kimi-k3", Some("moonshotai.kimi-k3")),
            ("arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-3-haiku-20240307-v1:0", Some("anthropic.claude-3-haiku-20240307-v1:0")),
            ("arn:aws:bedrock:us-east-1:123456789012:inference-profile/apac.amazon.nova-lite-v1:0", Some("amazon.nova-lite-v1:0")),
            ("arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/abc123", None),
            ("qwen.qwen3-32b-v1:0", Some("qwen.qwen3-32b-v1:0")),
        ] {
            assert_eq!(base_model_id(id), base, "{id}");
        }
    }

    #[test]
    fn validation() {
        assert!(validate("anthropic.claude-3-haiku-20240307-v1:0").is_ok());
        assert!(validate("a b").is_err());
        assert!(validate("..").is_err());
        assert!(validate(&"x".repeat(2049)).is_err());
    }
}
