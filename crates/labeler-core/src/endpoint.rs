//! Regions, and where requests go, decided in one place: [`resolve`] turns a request's region
//! and endpoint override into the URL requests are sent to and the host permission to ask Chrome
//! for, or refuses them. The request parser (so `predictLabels` and `checkRequest`) and the
//! pages (through the wasm's `endpointFor`, before `chrome.permissions.request`) all call it, so
//! what is asked for and what is sent cannot disagree, and no second parser (JavaScript's `URL`,
//! its `trim()`) can read the same text differently.
//!
//! Allowed at all, and nothing else:
//! - the Bedrock Runtime hosts listed in manifest.json's `optional_host_permissions`
//!   (`https://bedrock-runtime.<region>.amazonaws.com` and the FIPS hosts), for the request's own
//!   region, on the default port, with no path;
//! - in a development build only (cargo feature `emulator`, on by default; `make package` builds
//!   without it), the local emulator: `http://127.0.0.1[:port]` or `http://localhost[:port]`.
//!
//! The text is refused, not repaired, when anything in it is odd: a character outside printable
//! ASCII anywhere (U+0085, U+00A0 and other Unicode spaces, controls, IDN hosts), user info, a
//! path, query or fragment, a backslash or percent-escape, a port on an AWS host. Only ASCII
//! whitespace around it is dropped.

use crate::error::LabelerError;

/// A region code such as `us-east-1`, checked for shape (which regions the extension may call is
/// the manifest's list, checked by [`resolve`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Region(String);

impl Region {
    pub fn parse(s: &str) -> Result<Self, String> {
        // ASCII whitespace only: Rust's `trim()` also strips Unicode spaces such as U+0085,
        // which JavaScript's `trim()` keeps; the shape check below refuses them instead.
        let s = s.trim_ascii();
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

/// Where requests go: `scheme://authority`, no path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Endpoint {
    scheme: &'static str,
    /// Lowercase host, plus `:port` for the local emulator.
    authority: String,
}

impl Endpoint {
    /// The region's Bedrock Runtime host. Not checked against the manifest: [`resolve`] does
    /// that; this is the URL signing tests and the default use.
    pub fn aws(region: &Region) -> Self {
        Self {
            scheme: "https",
            authority: format!(
                "bedrock-runtime.{}.{}",
                region.as_str(),
                region.dns_suffix()
            ),
        }
    }

    pub fn base_url(&self) -> String {
        format!("{}://{}", self.scheme, self.authority)
    }

    /// The host without its port.
    pub fn host(&self) -> &str {
        self.authority
            .split_once(':')
            .map_or(self.authority.as_str(), |(host, _)| host)
    }

    /// The match pattern Chrome grants access to this endpoint by (patterns carry no port).
    pub fn host_pattern(&self) -> String {
        format!("{}://{}/*", self.scheme, self.host())
    }
}

/// Whether the local emulator may be called.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Loopback {
    Allowed,
    Refused,
}

impl Loopback {
    /// This build's rule: the development build (the repository root loaded unpacked, Node tests)
    /// is built with feature `emulator`; the packaged extension is not, so no key it holds can
    /// go to a local port.
    pub const fn of_this_build() -> Self {
        if cfg!(feature = "emulator") {
            Loopback::Allowed
        } else {
            Loopback::Refused
        }
    }
}

/// The hosts the local emulator answers on (manifest.json's development host permissions).
pub const LOOPBACK_HOSTS: &[&str] = &["127.0.0.1", "localhost"];

/// manifest.json's `optional_host_permissions`, copied at build time (build.rs): the one list of
/// Bedrock hosts the extension may call. The CSP's `connect-src` names the same hosts (a test
/// keeps them in step).
mod manifest {
    include!(concat!(env!("OUT_DIR"), "/optional_host_permissions.rs"));
}

/// The hosts of `patterns` (match patterns, as in a manifest's `optional_host_permissions`) that
/// are Bedrock Runtime hosts, `https://bedrock-runtime[-fips].<region>.amazonaws.com/*`. Anything
/// else is not a host this code will call, so it is left out: failing closed on a pattern it
/// does not understand, such as a wildcard.
pub fn bedrock_hosts_in<'a>(patterns: &'a [&'a str]) -> impl Iterator<Item = &'a str> + 'a {
    patterns
        .iter()
        .filter_map(|p| p.strip_prefix("https://")?.strip_suffix("/*"))
        .filter(|host| region_of_bedrock_host(host).is_some())
}

fn is_allowed_bedrock_host(host: &str) -> bool {
    bedrock_hosts_in(manifest::OPTIONAL_HOST_PERMISSIONS).any(|h| h == host)
}

/// The region in `bedrock-runtime[-fips].<region>.amazonaws.com`, if `host` has that shape.
fn region_of_bedrock_host(host: &str) -> Option<Region> {
    let rest = host
        .strip_prefix("bedrock-runtime-fips.")
        .or_else(|| host.strip_prefix("bedrock-runtime."))?;
    let code = rest.strip_suffix(".amazonaws.com")?;
    // Exactly the code: Region::parse drops surrounding ASCII whitespace, a host may not have any.
    Region::parse(code).ok().filter(|r| r.as_str() == code)
}

fn refused(field: &str, problem: impl AsRef<str>) -> LabelerError {
    LabelerError::invalid_input(field, problem.as_ref())
}

/// Where a call for `region` goes, `endpoint` being the request's override (`None` or blank:
/// the region's own host). Refuses, with an `InvalidInput` naming the field, every endpoint
/// outside the module's list, and the region when the manifest lists no host for it.
///
/// Errors never quote the endpoint as typed (it could hold a password before `@`); they name
/// the problem, and the host once it is known to be plain ASCII.
pub fn resolve(
    region: &Region,
    endpoint: Option<&str>,
    loopback: Loopback,
) -> Result<Endpoint, LabelerError> {
    let Some(text) = endpoint.map(str::trim_ascii).filter(|s| !s.is_empty()) else {
        let aws = Endpoint::aws(region);
        return if is_allowed_bedrock_host(&aws.authority) {
            Ok(aws)
        } else {
            Err(refused(
                "region",
                format!(
                    "{} has no Bedrock Runtime host this extension may call (the regions it may \
                     call are those of the Region list)",
                    region.as_str()
                ),
            ))
        };
    };
    if let Some((n, c)) = text
        .chars()
        .enumerate()
        .find(|(_, c)| !c.is_ascii_graphic())
    {
        let what = if c == ' ' {
            "a space".to_owned()
        } else if c.is_ascii() {
            format!("a control character (U+{:04X})", c as u32)
        } else {
            format!("U+{:04X}, a character outside printable ASCII,", c as u32)
        };
        return Err(refused(
            "endpoint",
            format!(
                "contains {what} at character {}; only printable ASCII is allowed. Type the URL \
                 again, e.g. https://bedrock-runtime.{}.amazonaws.com, or leave it empty",
                n + 1,
                region.as_str()
            ),
        ));
    }
    let lower = text.to_ascii_lowercase();
    let (scheme, rest) = if let Some(rest) = lower.strip_prefix("https://") {
        ("https", rest)
    } else if let Some(rest) = lower.strip_prefix("http://") {
        ("http", rest)
    } else {
        return Err(refused(
            "endpoint",
            "must start with https:// (or, for the local emulator, http://)",
        ));
    };
    let end = rest.find(['/', '?', '#', '\\']).unwrap_or(rest.len());
    let (authority, tail) = rest.split_at(end);
    if !(tail.is_empty() || tail == "/") {
        return Err(refused(
            "endpoint",
            "must be only a scheme and a host, e.g. https://bedrock-runtime.us-east-1.amazonaws.com: \
             no path, query or fragment",
        ));
    }
    if authority.contains('@') {
        return Err(refused(
            "endpoint",
            "must not contain user info (a name or password before @)",
        ));
    }
    let (host, port) = match authority.split_once(':') {
        Some((host, port)) => (host, Some(port)),
        None => (authority, None),
    };
    if host.is_empty()
        || !host
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'.' || b == b'-')
    {
        return Err(refused(
            "endpoint",
            "has no valid host name (letters, digits, dots and dashes)",
        ));
    }
    if let Some(port) = port {
        let valid = (1..=5).contains(&port.len())
            && port.bytes().all(|b| b.is_ascii_digit())
            && port.parse::<u32>().is_ok_and(|p| (1..=65535).contains(&p));
        if !valid {
            return Err(refused("endpoint", "has an invalid port"));
        }
    }
    match scheme {
        "https" => {
            if !is_allowed_bedrock_host(host) {
                return Err(refused(
                    "endpoint",
                    format!(
                        "{host} is not a Bedrock Runtime host this extension may call; it calls \
                         only bedrock-runtime.<region>.amazonaws.com and the FIPS hosts of its \
                         manifest. Leave the endpoint empty to use the region's host"
                    ),
                ));
            }
            if port.is_some() {
                return Err(refused(
                    "endpoint",
                    format!("{host} takes no port: remove the :port"),
                ));
            }
            if region_of_bedrock_host(host).as_ref() != Some(region) {
                return Err(refused(
                    "endpoint",
                    format!(
                        "{host} is not in the region the request is signed for ({}): pick that \
                         host's region instead",
                        region.as_str()
                    ),
                ));
            }
            Ok(Endpoint {
                scheme: "https",
                authority: host.to_owned(),
            })
        }
        _ => {
            if !LOOPBACK_HOSTS.contains(&host) {
                return Err(refused(
                    "endpoint",
                    "http:// is only for the local emulator (127.0.0.1 or localhost); Bedrock is \
                     called over https://",
                ));
            }
            if loopback == Loopback::Refused {
                return Err(refused(
                    "endpoint",
                    format!(
                        "{host} is the local emulator, which only the development build (the \
                         repository folder loaded unpacked) may call; this build calls Bedrock \
                         Runtime hosts only. Leave the endpoint empty"
                    ),
                ));
            }
            Ok(Endpoint {
                scheme: "http",
                authority: authority.to_owned(),
            })
        }
    }
}

/// [`resolve`] for a region given as text, with this build's loopback rule: what the wasm's
/// `endpointFor` answers.
pub fn endpoint_for(region: &str, endpoint: Option<&str>) -> Result<Endpoint, LabelerError> {
    let region = Region::parse(region).map_err(|p| refused("region", p))?;
    resolve(&region, endpoint, Loopback::of_this_build())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn region(r: &str) -> Region {
        Region::parse(r).unwrap()
    }

    fn dev(r: &str, e: &str) -> Result<Endpoint, LabelerError> {
        resolve(&region(r), Some(e), Loopback::Allowed)
    }

    #[test]
    fn regions() {
        for ok in [
            "us-east-1",
            "us-gov-west-1",
            "ap-southeast-7",
            "eusc-de-east-1",
            "cn-north-1",
            " us-east-1\t",
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
            // Rust's trim() would strip these; JavaScript's keeps U+0085.
            "us-east-1\u{85}",
            "\u{a0}us-east-1",
            "us-east-1\u{2028}",
        ] {
            assert!(Region::parse(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn aws_hosts_per_partition() {
        let h = |r: &str| Endpoint::aws(&region(r)).base_url();
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
    fn the_manifest_lists_only_bedrock_hosts_and_every_one_is_understood() {
        // build.rs's scanner against a real JSON parser
        let manifest: serde_json::Value =
            serde_json::from_str(include_str!("../../../manifest.json")).unwrap();
        let listed: Vec<&str> = manifest["optional_host_permissions"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p.as_str().unwrap())
            .collect();
        assert_eq!(manifest::OPTIONAL_HOST_PERMISSIONS, listed.as_slice());
        let hosts: Vec<&str> = bedrock_hosts_in(manifest::OPTIONAL_HOST_PERMISSIONS).collect();
        assert_eq!(hosts.len(), listed.len(), "a pattern was not understood");
        assert!(hosts.contains(&"bedrock-runtime.us-east-1.amazonaws.com"));
        assert!(hosts.contains(&"bedrock-runtime-fips.us-gov-west-1.amazonaws.com"));
        // A wildcard or any other pattern is not a host to call.
        let other = [
            "https://*.amazonaws.com/*",
            "https://bedrock-runtime.us-east-1.amazonaws.com.evil.com/*",
            "https://bedrock-runtime.us-east-1 .amazonaws.com/*",
            "http://bedrock-runtime.us-east-1.amazonaws.com/*",
            "<all_urls>",
            "https://bedrock-runtime.eu-west-1.amazonaws.com/*",
        ];
        assert_eq!(
            bedrock_hosts_in(&other).collect::<Vec<_>>(),
            vec!["bedrock-runtime.eu-west-1.amazonaws.com"]
        );
    }

    #[test]
    fn no_override_is_the_regions_host_when_the_manifest_lists_it() {
        let e = resolve(&region("eu-west-1"), None, Loopback::Refused).unwrap();
        assert_eq!(
            e.base_url(),
            "https://bedrock-runtime.eu-west-1.amazonaws.com"
        );
        assert_eq!(
            e.host_pattern(),
            "https://bedrock-runtime.eu-west-1.amazonaws.com/*"
        );
        for blank in ["", "  ", "\t"] {
            assert_eq!(
                resolve(&region("eu-west-1"), Some(blank), Loopback::Refused).unwrap(),
                e
            );
        }
        for unlisted in ["cn-north-1", "eu-west-9", "us-iso-east-1"] {
            let err = resolve(&region(unlisted), None, Loopback::Allowed).unwrap_err();
            assert!(err.message.starts_with("region: "), "{}", err.message);
        }
    }

    #[test]
    fn bedrock_overrides_of_the_same_region() {
        let fips = dev(
            "us-east-1",
            "https://bedrock-runtime-fips.us-east-1.amazonaws.com/",
        )
        .unwrap();
        assert_eq!(
            fips.base_url(),
            "https://bedrock-runtime-fips.us-east-1.amazonaws.com"
        );
        assert_eq!(
            fips.host_pattern(),
            "https://bedrock-runtime-fips.us-east-1.amazonaws.com/*"
        );
        let upper = dev(
            "eu-west-1",
            "  HTTPS://Bedrock-Runtime.EU-WEST-1.amazonaws.com  ",
        )
        .unwrap();
        assert_eq!(
            upper.base_url(),
            "https://bedrock-runtime.eu-west-1.amazonaws.com"
        );
        assert_eq!(
            resolve(
                &region("eu-west-1"),
                Some("https://bedrock-runtime.eu-west-1.amazonaws.com"),
                Loopback::Refused
            )
            .unwrap(),
            upper
        );
    }

    #[test]
    fn the_local_emulator_only_in_the_development_build() {
        let e = dev("us-east-1", "http://127.0.0.1:4010/").unwrap();
        assert_eq!(e.base_url(), "http://127.0.0.1:4010");
        assert_eq!(e.host_pattern(), "http://127.0.0.1/*");
        assert_eq!(
            dev("us-east-1", "http://localhost").unwrap().base_url(),
            "http://localhost"
        );
        for local in ["http://127.0.0.1:4010", "http://localhost:8080/"] {
            let err = resolve(&region("us-east-1"), Some(local), Loopback::Refused).unwrap_err();
            assert!(
                err.message.starts_with("endpoint: ")
                    && err.message.contains("only the development build"),
                "{}",
                err.message
            );
        }
        assert_eq!(
            Loopback::of_this_build() == Loopback::Allowed,
            cfg!(feature = "emulator")
        );
    }

    #[test]
    fn everything_else_is_refused_naming_the_endpoint() {
        for bad in [
            // the attack: a customer-owned API Gateway, with U+0085 to fool JavaScript
            "https://abc123.execute-api.us-east-1.amazonaws.com\u{85}",
            "https://abc123.execute-api.us-east-1.amazonaws.com",
            "https://bedrock-runtime.us-east-1.amazonaws.com\u{85}",
            "\u{85}https://bedrock-runtime.us-east-1.amazonaws.com",
            "https://bedrock-runtime.us-east-1.amazonaws.com\u{a0}",
            "https://bedrock-runtime.us-east-1.amazonaws.com\u{feff}",
            "https://bedrock-runtime.us-east-1.amazonaws.com\u{0}",
            "https://bedrock-runtime.us-east-1.amazonaws.com\r\nhttps://evil.example",
            "https://bedrock-runtime.us-east-1.amazon aws.com",
            "https://bedrock-runtime.us\u{2010}east-1.amazonaws.com",
            "https://bedrock-runtime.us-east-1.amazonaws.com./",
            "https://bedrock-runtime.us-east-1.amazonaws.com.evil.example",
            "https://evil.example/bedrock-runtime.us-east-1.amazonaws.com",
            "https://bedrock-runtime.us-east-1.amazonaws.com:443",
            "https://bedrock-runtime.us-east-1.amazonaws.com:8443",
            "https://bedrock-runtime.us-east-1.amazonaws.com/prefix",
            "https://bedrock-runtime.us-east-1.amazonaws.com/?q=1",
            "https://bedrock-runtime.us-east-1.amazonaws.com#f",
            "https://bedrock-runtime.us-east-1.amazonaws.com\\@evil.example",
            "https://user:pw@bedrock-runtime.us-east-1.amazonaws.com",
            "https://bedrock-runtime.us-east-1.amazonaws.com@evil.example",
            "https://bedrock-runtime%2eus-east-1.amazonaws.com",
            "https://bedrock-runtime.eu-west-1.amazonaws.com",
            "https://bedrock-runtime-fips.eu-west-1.amazonaws.com",
            "https://*.amazonaws.com",
            "http://bedrock-runtime.us-east-1.amazonaws.com",
            "https://127.0.0.1:4010",
            "https://localhost",
            "http://127.0.0.2:4010",
            "http://[::1]:4010",
            "http://127.0.0.1:0",
            "http://127.0.0.1:65536",
            "http://127.0.0.1:+80",
            "http://127.0.0.1:",
            "http://localhost.evil.example",
            "http://0x7f000001",
            "http:/127.0.0.1",
            "//bedrock-runtime.us-east-1.amazonaws.com",
            "bedrock-runtime.us-east-1.amazonaws.com",
            "ftp://x",
            "https://",
        ] {
            let err = dev("us-east-1", bad).expect_err(bad);
            assert_eq!(err.code, "InvalidInput", "{bad:?}");
            assert!(
                err.message.starts_with("endpoint: "),
                "{bad:?}: {}",
                err.message
            );
        }
    }

    #[test]
    fn refusals_say_what_is_wrong_without_quoting_what_was_typed() {
        let attack = "https://abc123.execute-api.us-east-1.amazonaws.com\u{85}";
        let err = dev("us-east-1", attack).unwrap_err();
        assert!(err.message.contains("U+0085"), "{}", err.message);
        let at = format!("at character {}", attack.chars().count());
        assert!(err.message.contains(&at), "{}", err.message);
        let err = dev(
            "us-east-1",
            "https://AKIAUSER:wJalrXUtnFEMI@bedrock-runtime.us-east-1.amazonaws.com",
        )
        .unwrap_err();
        assert!(err.message.contains("user info"), "{}", err.message);
        assert!(!err.message.contains("wJalr"), "{}", err.message);
        let err = dev(
            "us-east-1",
            "https://abc123.execute-api.us-east-1.amazonaws.com",
        )
        .unwrap_err();
        assert!(
            err.message.contains(
                "abc123.execute-api.us-east-1.amazonaws.com is not a Bedrock Runtime host"
            ),
            "{}",
            err.message
        );
    }

    #[test]
    fn endpoint_for_parses_the_region_first() {
        assert!(endpoint_for("us-east-1\u{85}", None)
            .unwrap_err()
            .message
            .starts_with("region: "));
        assert_eq!(
            endpoint_for("us-west-2", None).unwrap().base_url(),
            "https://bedrock-runtime.us-west-2.amazonaws.com"
        );
    }
}
