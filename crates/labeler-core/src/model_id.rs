//! Model ids: checking, percent-encoding into one path segment, and telling the model family.
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

/// The model families we know how to talk to, each with its own InvokeModel body.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Family {
    /// Anthropic Claude: Messages API.
    Anthropic,
    /// Amazon Nova understanding models: messages-v1.
    Nova,
    /// Meta Llama 3.x / 4 Instruct: a templated prompt.
    Llama,
    /// Mistral text-completion models (7B, Mixtral, Small/Large 24.02): `[INST]` prompt.
    MistralText,
    /// Mistral chat-completion models (Large 24.07 and later): messages and tools.
    MistralChat,
    /// Amazon Titan Text: `inputText`.
    Titan,
    /// Cohere Command R / R+: `message` and `preamble`.
    Cohere,
    /// AI21 Jamba: OpenAI-like chat.
    Jamba,
    /// DeepSeek R1: a templated prompt; the reasoning is dropped from the answer.
    DeepSeek,
    /// OpenAI gpt-oss: OpenAI chat completions.
    OpenAi,
}

impl Family {
    pub const ALL: [Family; 10] = [
        Family::Anthropic,
        Family::Nova,
        Family::Llama,
        Family::MistralText,
        Family::MistralChat,
        Family::Titan,
        Family::Cohere,
        Family::Jamba,
        Family::DeepSeek,
        Family::OpenAi,
    ];

    /// The name used in the request's optional `family` field.
    pub fn name(self) -> &'static str {
        match self {
            Family::Anthropic => "anthropic",
            Family::Nova => "nova",
            Family::Llama => "llama",
            Family::MistralText => "mistral",
            Family::MistralChat => "mistral-chat",
            Family::Titan => "titan",
            Family::Cohere => "cohere",
            Family::Jamba => "jamba",
            Family::DeepSeek => "deepseek",
            Family::OpenAi => "openai",
        }
    }

    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL
            .into_iter()
            .find(|f| f.name() == name.trim().to_ascii_lowercase())
    }

    pub fn names() -> String {
        Self::ALL
            .iter()
            .map(|f| f.name())
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// Cross-region inference profile prefixes (`us.anthropic.…`).
const GEO_PREFIXES: &[&str] = &["us", "eu", "apac", "us-gov", "jp", "au", "ca", "global"];

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

/// Why a model id's family could not be told: unknown provider, a non-text model, or an ARN
/// without a model name.
pub fn family_of(id: &str) -> Result<Family, String> {
    let Some(base) = base_model_id(id) else {
        return Err(format!(
            "the family of {id:?} cannot be told from the id (an application inference profile or \
             provisioned model ARN names no model): set the request's \"family\" field to one of: {}",
            Family::names()
        ));
    };
    let (provider, model) = base.split_once('.').unwrap_or((base, ""));
    let family = match provider {
        "anthropic" => Some(Family::Anthropic),
        "amazon" if model.starts_with("nova-") && !is_nova_non_text(model) => Some(Family::Nova),
        "amazon" if model.starts_with("titan-text") || model.starts_with("titan-tg1") => {
            Some(Family::Titan)
        }
        "meta" if model.starts_with("llama3") || model.starts_with("llama4") => Some(Family::Llama),
        "mistral" if is_mistral_chat(model) => Some(Family::MistralChat),
        "mistral" => Some(Family::MistralText),
        "cohere" if model.starts_with("command-r") => Some(Family::Cohere),
        "ai21" if model.starts_with("jamba") => Some(Family::Jamba),
        "deepseek" => Some(Family::DeepSeek),
        "openai" => Some(Family::OpenAi),
        _ => None,
    };
    family.ok_or_else(|| {
        format!(
            "model {id:?} is not a text model this labeler knows (families: {}); if it uses one of \
             these request formats, set the request's \"family\" field",
            Family::names()
        )
    })
}

fn is_nova_non_text(model: &str) -> bool {
    [
        "nova-canvas",
        "nova-reel",
        "nova-sonic",
        "nova-2-sonic",
        "nova-2-multimodal-embeddings",
    ]
    .iter()
    .any(|p| model.starts_with(p))
}

/// Mistral models served with the chat-completion body (messages, tools): Large 24.07 and
/// newer, Pixtral, and the other dated models after them. The 2024-02 models and the 7B /
/// Mixtral instruct models take the `[INST]` text prompt.
fn is_mistral_chat(model: &str) -> bool {
    !(model.starts_with("mistral-7b")
        || model.starts_with("mixtral-8x7b")
        || model.starts_with("mistral-small-2402")
        || model.starts_with("mistral-large-2402"))
}

/// Nova 2 documents camelCase `inferenceConfig` keys (`maxTokens`, `topP`); Nova 1 documents
/// `max_new_tokens` / `top_p`.
pub fn is_nova_2(id: &str) -> bool {
    base_model_id(id).is_some_and(|b| b.starts_with("amazon.nova-2"))
}

/// Llama models that `InvokeModelWithResponseStream` serves: those whose id names the model,
/// except Llama 4 (Bedrock's docs: Llama 4 Instruct cannot stream). Ids that name no model (an
/// application inference profile with `family: "llama"`) may be Llama 4: not streamed either.
pub fn llama_can_stream(id: &str) -> bool {
    base_model_id(id).is_some_and(|b| b.starts_with("meta.llama") && !b.starts_with("meta.llama4"))
}

/// DeepSeek R1 takes a templated text prompt; later DeepSeek models take chat messages.
pub fn is_deepseek_r1(id: &str) -> bool {
    base_model_id(id).is_some_and(|b| b.starts_with("deepseek.r1"))
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
    fn anthropic_ids_in_every_form() {
        for id in [
            "anthropic.claude-3-haiku-20240307-v1:0",
            "us.anthropic.claude-3-5-haiku-20241022-v1:0",
            "global.anthropic.claude-sonnet-4-5-20250929-v1:0",
            "arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-3-haiku-20240307-v1:0",
            "arn:aws:bedrock:us-east-1:123456789012:inference-profile/us.anthropic.claude-3-5-sonnet-20240620-v1:0",
        ] {
            assert_eq!(family_of(id), Ok(Family::Anthropic), "{id}");
        }
    }

    #[test]
    fn every_family_from_its_ids() {
        use Family::*;
        for (id, family) in [
            ("amazon.nova-micro-v1:0", Nova),
            ("eu.amazon.nova-pro-v1:0", Nova),
            ("us.amazon.nova-2-lite-v1:0", Nova),
            ("meta.llama3-8b-instruct-v1:0", Llama),
            ("us.meta.llama3-2-3b-instruct-v1:0", Llama),
            ("us.meta.llama4-scout-17b-instruct-v1:0", Llama),
            ("mistral.mistral-7b-instruct-v0:2", MistralText),
            ("mistral.mixtral-8x7b-instruct-v0:1", MistralText),
            ("mistral.mistral-large-2402-v1:0", MistralText),
            ("mistral.mistral-large-2407-v1:0", MistralChat),
            ("us.mistral.pixtral-large-2502-v1:0", MistralChat),
            ("amazon.titan-text-express-v1", Titan),
            ("amazon.titan-text-premier-v1:0", Titan),
            ("cohere.command-r-plus-v1:0", Cohere),
            ("ai21.jamba-1-5-mini-v1:0", Jamba),
            ("us.deepseek.r1-v1:0", DeepSeek),
            ("openai.gpt-oss-20b-1:0", OpenAi),
            ("arn:aws:bedrock:us-west-2::foundation-model/meta.llama3-70b-instruct-v1:0", Llama),
            ("arn:aws:bedrock:us-east-1:123456789012:inference-profile/apac.amazon.nova-lite-v1:0", Nova),
        ] {
            assert_eq!(family_of(id), Ok(family), "{id}");
        }
    }

    #[test]
    fn unknown_families_explain_the_family_field() {
        for id in [
            "arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/abc123",
            "arn:aws:bedrock:us-east-1:123456789012:provisioned-model/abcdefghijkl",
            "cohere.command-text-v14",
            "amazon.titan-embed-text-v2:0",
            "amazon.nova-canvas-v1:0",
            "stability.sd3-large-v1:0",
        ] {
            let msg = family_of(id).expect_err(id);
            assert!(msg.contains("\"family\""), "{id}: {msg}");
        }
    }

    #[test]
    fn family_names_round_trip() {
        for f in Family::ALL {
            assert_eq!(Family::from_name(f.name()), Some(f));
        }
        assert_eq!(Family::from_name(" Nova "), Some(Family::Nova));
        assert_eq!(Family::from_name("gpt"), None);
    }

    #[test]
    fn llama_4_and_unnamed_llama_models_do_not_stream() {
        for id in [
            "meta.llama3-8b-instruct-v1:0",
            "us.meta.llama3-3-70b-instruct-v1:0",
            "arn:aws:bedrock:us-west-2::foundation-model/meta.llama3-1-8b-instruct-v1:0",
        ] {
            assert!(llama_can_stream(id), "{id}");
        }
        for id in [
            "us.meta.llama4-maverick-17b-instruct-v1:0",
            "meta.llama4-scout-17b-instruct-v1:0",
            "arn:aws:bedrock:us-east-1:123456789012:inference-profile/us.meta.llama4-scout-17b-instruct-v1:0",
            "arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/abc123",
        ] {
            assert!(!llama_can_stream(id), "{id}");
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
