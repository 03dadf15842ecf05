//! Regions and the base URL requests go to (AWS by default, or an override such as the local
//! emulator).

/// A region code such as `us-east-1`, checked for shape (not against a list: new regions keep
/// arriving, and the host is derived from the code).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Region(String);

impl Region {
    pub fn parse(s: &str) -> Result<Self, String> {
        let s = s.trim();
        let parts: Vec<&str> = s.split('-').collect();
        let shape_ok = parts.len() >= 3
            && (2..=4).contains(&parts[0].len())
            && parts[0].bytes().all(|b| b.is_ascii_lowercase())
            && parts[1..parts.len() - 1]
                .iter()
                .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_lowercase()))
            && {
                let last = parts[parts.len() - 1];
                (1..=2).contains(&last.len()) && last.bytes().all(|b| b.is_ascii_digit())
            };
        if shape_ok {
            Ok(Self(s.to_owned()))
        } else {
            Err(format!(
                "{s:?} is not a region code like \"us-east-1\" or \"eu-central-1\""
            ))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// DNS suffix of the region's partition.
    fn dns_suffix(&self) -> &'static str {
        let r = self.0.as_str();
        if r.starts_with("cn-") {
            "amazonaws.com.cn"
        } else if r.starts_with("us-isob-") {
            "sc2s.sgov.gov"
        } else if r.starts_with("us-iso-") {
            "c2s.ic.gov"
        } else {
            "amazonaws.com"
        }
    }
}

/// Where requests go: `scheme://authority` plus an optional path prefix (for a proxy).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Endpoint {
    scheme: &'static str,
    authority: String,
    path_prefix: String,
}

impl Endpoint {
    pub fn aws(region: &Region) -> Self {
        Self {
            scheme: "https",
            authority: format!(
                "bedrock-runtime.{}.{}",
                region.as_str(),
                region.dns_suffix()
            ),
            path_prefix: String::new(),
        }
    }

    /// A base URL override, e.g. `http://127.0.0.1:4010`. No user info, query or fragment.
    pub fn custom(url: &str) -> Result<Self, String> {
        let url = url.trim();
        let (scheme, rest) = if let Some(r) = url.strip_prefix("https://") {
            ("https", r)
        } else if let Some(r) = url.strip_prefix("http://") {
            ("http", r)
        } else {
            return Err(format!("{url:?} must start with https:// or http://"));
        };
        let (authority, path) = match rest.find('/') {
            Some(i) => (&rest[..i], &rest[i..]),
            None => (rest, ""),
        };
        let authority_ok = !authority.is_empty()
            && authority.bytes().all(|b| {
                b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b':' | b'[' | b']')
            });
        if !authority_ok {
            return Err(format!(
                "{url:?} has no valid host (user info is not allowed)"
            ));
        }
        if let Some((_, port)) = authority
            .rsplit_once(':')
            .filter(|_| !authority.ends_with(']'))
        {
            if port.is_empty() || port.len() > 5 || !port.bytes().all(|b| b.is_ascii_digit()) {
                return Err(format!("{url:?} has an invalid port"));
            }
        }
        let path = path.trim_end_matches('/');
        let path_ok = path
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'/' | b'-' | b'_' | b'.' | b'~'))
            && !path.split('/').any(|seg| seg == "." || seg == "..");
        if !path_ok {
            return Err(format!(
                "{url:?} must not have a query, fragment, or special characters in its path"
            ));
        }
        Ok(Self {
            scheme,
            authority: authority.to_ascii_lowercase(),
            path_prefix: path.to_owned(),
        })
    }

    pub fn base_url(&self) -> String {
        format!("{}://{}{}", self.scheme, self.authority, self.path_prefix)
    }

    pub fn is_aws(&self) -> bool {
        self.authority.ends_with(".amazonaws.com") || self.authority.ends_with(".amazonaws.com.cn")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn regions() {
        for ok in [
            "us-east-1",
            "us-gov-west-1",
            "ap-southeast-7",
            "eusc-de-east-1",
            "cn-north-1",
        ] {
            assert!(Region::parse(ok).is_ok(), "{ok}");
        }
        for bad in [
            "",
            "us",
            "us-east",
            "US-east-1",
            "us-east-123",
            "us--1",
            "us-east-1.evil.com",
        ] {
            assert!(Region::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn aws_hosts_per_partition() {
        let h = |r: &str| Endpoint::aws(&Region::parse(r).unwrap()).base_url();
        assert_eq!(
            h("eu-west-1"),
            "https://bedrock-runtime.eu-west-1.amazonaws.com"
        );
        assert_eq!(
            h("cn-north-1"),
            "https://bedrock-runtime.cn-north-1.amazonaws.com.cn"
        );
    }

    #[test]
    fn custom_endpoints() {
        assert_eq!(
            Endpoint::custom("http://127.0.0.1:4010/")
                .unwrap()
                .base_url(),
            "http://127.0.0.1:4010"
        );
        assert_eq!(
            Endpoint::custom("https://proxy.example/bedrock")
                .unwrap()
                .base_url(),
            "https://proxy.example/bedrock"
        );
        for bad in [
            "ftp://x",
            "http://user:pw@host",
            "http://h/?q=1",
            "http://h/#f",
            "http://h:99999999",
            "http://h/../x",
            "127.0.0.1:4010",
        ] {
            assert!(Endpoint::custom(bad).is_err(), "{bad}");
        }
    }
}
