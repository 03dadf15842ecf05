//! The TypeScript declarations of the request, result, error and settings types, generated from
//! the Rust types (ts-rs, a dev-dependency: nothing of it is in the wasm). The wasm package's
//! declarations include `crates/labeler-wasm/types.generated.d.ts`; the test below checks it is
//! exactly what the types say, and prints the fresh text when it is not
//! (`LABELER_WRITE_TYPES=1 cargo test -p labeler-core ts_types` writes it).

use crate::error::{ItemError, LabelerError};
use crate::formats::Api;
use crate::models::table::FAMILY_HINTS;
use crate::models::Adaptation;
use crate::request::{RawCredentials, RawExample, RawLabel, RawRequest, Task};
use crate::result::{PredictLabelsResult, Prediction, RetryNotice, Status, Usage};
use crate::settings::Settings;
use crate::spans::Span;
use ts_rs::TS;

const FILE: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../labeler-wasm/types.generated.d.ts"
);

/// `export type …` for `T`, with its doc comment.
fn decl<T: TS>() -> String {
    format!("{}export {}\n", T::DOCS.unwrap_or(""), T::decl())
}

/// The whole file.
fn generated() -> String {
    let families: Vec<String> = FAMILY_HINTS
        .iter()
        .map(|r| format!("{:?}", r.prefix))
        .collect();
    [
        "// Generated from the Rust types by crates/labeler-core/src/ts_types.rs (`cargo test` checks\n\
         // it and prints the fresh text when a type changed): do not edit by hand.\n"
            .to_owned(),
        decl::<RawCredentials>(),
        decl::<RawLabel>(),
        decl::<RawExample>(),
        decl::<Task>(),
        // The `family` hints are rows of the capability table (models/table.rs FAMILY_HINTS).
        format!(
            "/**\n * A model family, for ids that do not tell it.\n */\nexport type Family = {};\n",
            families.join(" | ")
        ),
        decl::<Api>(),
        decl::<Adaptation>(),
        decl::<crate::tier::ServiceTier>(),
        decl::<RawRequest>(),
        decl::<ItemError>(),
        decl::<Span>(),
        decl::<Status>(),
        decl::<Prediction>(),
        decl::<Usage>(),
        decl::<PredictLabelsResult>(),
        decl::<LabelerError>(),
        decl::<RetryNotice>(),
        decl::<Settings>(),
    ]
    .join("\n")
}

#[test]
fn the_wasm_package_declares_the_types_the_rust_types_say() {
    let fresh = generated();
    let file = std::fs::read_to_string(FILE).unwrap_or_default();
    if file != fresh {
        if std::env::var_os("LABELER_WRITE_TYPES").is_some() {
            std::fs::write(FILE, &fresh).expect("types.generated.d.ts written");
            return;
        }
        panic!(
            "crates/labeler-wasm/types.generated.d.ts is not what the Rust types give. Replace \
             its whole content with the text below (or run \
             `LABELER_WRITE_TYPES=1 cargo test -p labeler-core ts_types`):\n\n{fresh}"
        );
    }
}

/// The TypeScript names of the enums read as strings are the names the core reads.
#[test]
fn the_string_unions_are_the_names_the_request_takes() {
    let union = |names: Vec<&str>| {
        names
            .iter()
            .map(|n| format!("\"{n}\""))
            .collect::<Vec<_>>()
            .join(" | ")
    };
    assert_eq!(
        Adaptation::inline(),
        union(Adaptation::ALL.iter().map(|a| a.name()).collect())
    );
    assert_eq!(
        Task::inline(),
        union(
            [Task::Single, Task::Multi, Task::Spans]
                .map(Task::as_str)
                .to_vec()
        )
    );
    assert_eq!(Api::inline(), union(vec!["invoke", "converse"]));
    assert_eq!(
        crate::tier::ServiceTier::inline(),
        union(
            crate::tier::ServiceTier::ALL
                .map(crate::tier::ServiceTier::name)
                .to_vec()
        )
    );
}
