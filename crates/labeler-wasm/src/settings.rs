//! Non-secret settings in `localStorage`, through gloo-storage.

use gloo_storage::{LocalStorage, Storage};
use labeler_core::settings::Settings;

const KEY: &str = "bedrock-labeler.settings";

pub fn load() -> Settings {
    LocalStorage::get::<serde_json::Value>(KEY)
        .map(Settings::from_json)
        .unwrap_or_default()
}

pub fn save(settings: &Settings) -> Result<(), String> {
    LocalStorage::set(KEY, settings).map_err(|e| format!("could not save settings: {e}"))
}
