//! Copies manifest.json's `optional_host_permissions` into the crate at build time: that list is
//! the one place naming the Bedrock hosts the extension may call (crate::endpoint), and taking it
//! from the manifest keeps both the list and a JSON parser out of the wasm. A small scanner, not
//! a JSON library, so the build needs nothing more; a unit test checks it against serde_json.
use std::{env, fs, path::Path};

fn main() {
    let manifest = Path::new(&env::var("CARGO_MANIFEST_DIR").unwrap()).join("../../manifest.json");
    println!("cargo:rerun-if-changed={}", manifest.display());
    let text = fs::read_to_string(&manifest).expect("manifest.json at the repository root");
    let key = "\"optional_host_permissions\"";
    let list = text
        .find(key)
        .map(|i| &text[i + key.len()..])
        .and_then(|rest| Some(&rest[rest.find('[')? + 1..rest.find(']')?]))
        .expect("manifest.json has an optional_host_permissions list");
    let patterns: Vec<&str> = list
        .split(',')
        .map(|item| item.trim().trim_matches('"'))
        .filter(|p| !p.is_empty())
        .collect();
    for p in &patterns {
        assert!(
            !p.contains(['"', '\\']),
            "optional_host_permissions: {p:?} is not a plain string"
        );
    }
    let out = Path::new(&env::var("OUT_DIR").unwrap()).join("optional_host_permissions.rs");
    fs::write(
        out,
        format!("pub const OPTIONAL_HOST_PERMISSIONS: &[&str] = &{patterns:?};\n"),
    )
    .unwrap();
}
