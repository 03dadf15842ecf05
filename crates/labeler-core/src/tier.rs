//! Service tiers: Standard (the default), Flex (discounted, may wait longer) and Priority
//! (premium, served first), chosen per request (models-and-quotas §12).
//!
//! On the wire (botocore service model, models-and-quotas §12.1): InvokeModel and
//! InvokeModelWithResponseStream take the `X-Amzn-Bedrock-Service-Tier` header (signed like the
//! other headers: `sign_request` signs every header on the request); Converse and ConverseStream
//! take `"serviceTier": {"type": "flex"}` in the body. Standard is sent as nothing at all (the
//! service's default when the member is omitted), so a Standard request is byte for byte what it
//! was before tiers existed. Reserved is an account-level reservation and is never asked for.

/// The header InvokeModel reads the tier from (lower case: header names are signed lower case).
pub const HEADER: &str = "x-amzn-bedrock-service-tier";

/// A service tier: "standard" (default), "flex" (discounted, may wait longer), "priority"
/// (premium, served first).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[cfg_attr(test, ts(rename_all = "lowercase"))]
pub enum ServiceTier {
    #[default]
    Standard,
    Flex,
    Priority,
}

impl ServiceTier {
    pub const ALL: [ServiceTier; 3] = [
        ServiceTier::Standard,
        ServiceTier::Flex,
        ServiceTier::Priority,
    ];

    /// The request field's spelling.
    pub fn name(self) -> &'static str {
        match self {
            ServiceTier::Standard => "standard",
            ServiceTier::Flex => "flex",
            ServiceTier::Priority => "priority",
        }
    }

    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|t| t.name() == name)
    }

    /// What goes on the wire: `None` for Standard (omitted = `default`, §12.1).
    pub fn wire(self) -> Option<&'static str> {
        match self {
            ServiceTier::Standard => None,
            ServiceTier::Flex => Some("flex"),
            ServiceTier::Priority => Some("priority"),
        }
    }

    /// Price multipliers on the Standard rate, (input, output). AWS says only "Discounted
    /// standard model rate" (Flex) and "Standard rate + premium" (Priority)
    /// (aws.amazon.com/bedrock/service-tiers); the percentages are unverified
    /// (models-and-quotas §12.3): Flex 0.5 is a peer project's figure (daisuke-awaji/moca#322,
    /// "50% cost reduction"); Priority 1.75 is unverified, the higher of the figures met, so an
    /// estimate errs on the expensive side (a peer's "~25% more" would be 1.25).
    pub fn price_factor(self) -> (f64, f64) {
        match self {
            ServiceTier::Standard => (1.0, 1.0),
            ServiceTier::Flex => (0.5, 0.5),
            ServiceTier::Priority => (1.75, 1.75),
        }
    }
}

/// The Converse body `body` (a JSON object as serde_json writes it) with
/// `"serviceTier": {"type": wire}` added as its last member.
pub fn with_converse_tier(mut body: Vec<u8>, wire: &str) -> Vec<u8> {
    match body.iter().rposition(|&b| b == b'}') {
        Some(end) => {
            let empty = body[..end].iter().rev().find(|b| !b.is_ascii_whitespace()) == Some(&b'{');
            let member = format!(
                "{}\"serviceTier\":{{\"type\":\"{wire}\"}}",
                if empty { "" } else { "," }
            );
            body.splice(end..end, member.into_bytes());
            body
        }
        None => body,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_converse_member_is_added_to_the_body() {
        let body = with_converse_tier(br#"{"messages":[]}"#.to_vec(), "flex");
        let v: serde_json::Value = serde_json::from_slice(&body).unwrap();
        assert_eq!(v["serviceTier"], serde_json::json!({"type": "flex"}));
        assert_eq!(v["messages"], serde_json::json!([]));
        let empty = with_converse_tier(b"{}".to_vec(), "priority");
        assert_eq!(empty, br#"{"serviceTier":{"type":"priority"}}"#);
    }

    #[test]
    fn names_and_wire_values() {
        for t in ServiceTier::ALL {
            assert_eq!(ServiceTier::from_name(t.name()), Some(t));
        }
        assert_eq!(ServiceTier::Standard.wire(), None);
        assert_eq!(ServiceTier::Flex.wire(), Some("flex"));
        assert!(ServiceTier::Flex.price_factor().0 < 1.0);
        assert!(ServiceTier::Priority.price_factor().1 > 1.0);
    }
}
