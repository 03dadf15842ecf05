use super::*;
use crate::formats::AnswerMode::*;

fn row(id: &str) -> &'static ModelRow {
    lookup(id, None, None).unwrap_or_else(|e| panic!("{id}: {e}"))
}

fn shape(id: &str, t: Option<f64>, p: Option<f64>) -> Shape {
    Shape::new(
        row(id),
        id,
        Wanted {
            temperature: t,
            top_p: p,
            api: None,
            caching: true,
            compact: true,
        },
        Adaptations::default(),
    )
}

#[test]
fn every_row_names_a_source_and_prefixes_are_unique() {
    let mut seen = std::collections::HashSet::new();
    for r in MODELS.iter().chain(table::FAMILY_HINTS) {
        assert!(!r.source.trim().is_empty(), "{} has no source", r.prefix);
        assert!(r.max_output > 0, "{}", r.prefix);
        assert_eq!(
            r.answers.last(),
            Some(&JsonText),
            "{}: JSON text is the last resort",
            r.prefix
        );
    }
    for r in MODELS {
        assert!(seen.insert(r.prefix), "{} twice", r.prefix);
    }
}

#[test]
fn ids_in_every_form_find_their_row() {
    for id in [
        "us.anthropic.claude-opus-5-5",
        "anthropic.claude-opus-5-5",
        "global.anthropic.claude-opus-5-5",
        "arn:aws:bedrock:us-east-1:123456789012:inference-profile/us.anthropic.claude-opus-5-5",
        "arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-opus-5-5",
    ] {
        assert_eq!(row(id).prefix, "anthropic.claude-opus-5-5", "{id}");
    }
    // The longest prefix at a boundary wins.
    assert_eq!(
        row("us.anthropic.claude-opus-5").prefix,
        "anthropic.claude-opus-5"
    );
    assert_eq!(
        row("anthropic.claude-opus-4-6-v1").prefix,
        "anthropic.claude-opus-4-6"
    );
    assert_eq!(
        row("global.anthropic.claude-sonnet-4-5-20250929-v1:0").prefix,
        "anthropic.claude-sonnet-4-5"
    );
    assert_eq!(
        row("us.anthropic.claude-sonnet-4-20250514-v1:0").prefix,
        "anthropic.claude-sonnet-4"
    );
    assert_eq!(
        row("anthropic.claude-3-haiku-20240307-v1:0").prefix,
        "anthropic.claude-3"
    );
    assert_eq!(row("anthropic.claude-opus-6").prefix, "anthropic.claude");
    assert_eq!(row("us.amazon.nova-2-lite-v1:0").format, Format::Nova2);
    assert_eq!(row("amazon.nova-pro-v1:0").format, Format::Nova);
    assert_eq!(row("amazon.titan-text-premier-v1:0").max_output, 3_072);
    assert_eq!(
        row("us.meta.llama4-maverick-17b-instruct-v1:0").format,
        Format::Converse
    );
    assert_eq!(
        row("mistral.mistral-large-3-675b-instruct").format,
        Format::Converse
    );
    assert_eq!(
        row("mistral.mistral-large-2407-v1:0").format,
        Format::MistralChat
    );
    assert_eq!(row("us.deepseek.r1-v1:0").format, Format::DeepSeekR1);
    assert_eq!(row("deepseek.v3.2").format, Format::Converse);
    assert_eq!(row("openai.gpt-oss-120b-1:0").format, Format::OpenAiChat);
    assert_eq!(row("us.openai.gpt-5.6-sol").format, Format::Converse);
    for id in [
        "qwen.qwen3-235b-a22b-2507-v1:0",
        "google.gemma-3-27b-it",
        "moonshot.kimi-k2-thinking",
        "minimax.minimax-m2",
        "writer.palmyra-x5-v1:0",
        "nvidia.nemotron-super-3-120b",
    ] {
        assert_eq!(row(id).format, Format::Converse, "{id}");
    }
}

#[test]
fn prefixes_match_only_at_a_boundary() {
    assert!(matches_prefix(
        "anthropic.claude-opus-5-20261001-v1:0",
        "anthropic.claude-opus-5"
    ));
    assert!(matches_prefix(
        "anthropic.claude-opus-5",
        "anthropic.claude-opus-5"
    ));
    assert!(!matches_prefix(
        "anthropic.claude-opus-50",
        "anthropic.claude-opus-5"
    ));
    assert!(matches_prefix("mistral.anything", "mistral."));
    assert!(matches_prefix(
        "meta.llama3-3-70b-instruct-v1:0",
        "meta.llama3"
    ));
}

#[test]
fn non_text_models_and_unnamed_arns_are_unsupported_with_advice() {
    for id in [
        "amazon.titan-embed-text-v2:0",
        "amazon.nova-canvas-v1:0",
        "stability.sd3-large-v1:0",
        "cohere.embed-english-v3",
    ] {
        let e = lookup(id, None, None).expect_err(id);
        assert_eq!(e.code, "Unsupported", "{id}");
    }
    let arn = "arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/abc123";
    let e = lookup(arn, None, None).unwrap_err();
    assert!(
        e.message.contains("\"baseModelId\"") && e.message.contains("\"family\""),
        "{}",
        e.message
    );
    assert_eq!(
        lookup(arn, None, Some("nova")).unwrap().format,
        Format::Nova
    );
    assert_eq!(
        lookup(arn, Some("anthropic.claude-opus-5-5"), None)
            .unwrap()
            .prefix,
        "anthropic.claude-opus-5-5"
    );
    assert!(lookup(arn, None, Some("gpt"))
        .unwrap_err()
        .message
        .starts_with("family:"));
    // A known model of the hinted family keeps its own rules.
    assert_eq!(
        lookup("us.amazon.nova-2-lite-v1:0", None, Some("nova"))
            .unwrap()
            .format,
        Format::Nova2
    );
}

#[test]
fn the_strongest_supported_mechanism_is_chosen() {
    assert_eq!(
        shape("us.anthropic.claude-opus-5-5", None, None).answer,
        Schema
    );
    assert_eq!(
        shape(
            "global.anthropic.claude-sonnet-4-5-20250929-v1:0",
            None,
            None
        )
        .answer,
        Schema
    );
    assert_eq!(
        shape("us.anthropic.claude-haiku-5-5", None, None).answer,
        ForcedTool
    );
    assert_eq!(
        shape("anthropic.claude-3-haiku-20240307-v1:0", None, None).answer,
        ForcedTool
    );
    assert_eq!(shape("amazon.nova-pro-v1:0", None, None).answer, ForcedTool);
    assert_eq!(
        shape("openai.gpt-oss-120b-1:0", None, None).answer,
        JsonText
    );
    assert_eq!(shape("qwen.qwen3-32b-v1:0", None, None).answer, JsonText);
    // Nova's body cannot carry structured output, even if a row asked for it.
    assert!(!Format::Nova.body().carries(Schema));
}

#[test]
fn refused_sampling_fields_are_dropped_with_one_warning_each() {
    let s = shape("us.anthropic.claude-opus-5-5", Some(0.2), Some(0.9));
    assert_eq!((s.temperature, s.top_p), (None, None));
    assert_eq!(s.dropped.len(), 2);
    assert_eq!(
        s.dropped[0].message,
        "temperature is not accepted by us.anthropic.claude-opus-5-5 and was not sent."
    );
    let s = shape(
        "us.anthropic.claude-haiku-4-5-20251001-v1:0",
        Some(0.2),
        Some(0.9),
    );
    assert_eq!((s.temperature, s.top_p), (Some(0.2), None));
    assert!(s.dropped[0].message.contains("top_p is not accepted by us.anthropic.claude-haiku-4-5-20251001-v1:0 together with temperature"));
    let s = shape(
        "us.anthropic.claude-haiku-4-5-20251001-v1:0",
        None,
        Some(0.9),
    );
    assert_eq!(s.top_p, Some(0.9));
    assert!(s.dropped.is_empty());
    let s = shape(
        "anthropic.claude-3-haiku-20240307-v1:0",
        Some(0.2),
        Some(0.9),
    );
    assert_eq!((s.temperature, s.top_p), (Some(0.2), Some(0.9)));
}

#[test]
fn thinking_is_turned_off_where_it_can_be_and_kept_low_where_it_cannot() {
    let s = shape("us.anthropic.claude-opus-5-5", None, None);
    assert_eq!(
        s.reasoning,
        Reasoning {
            disable: false,
            effort: Some("low")
        }
    );
    assert_eq!(s.max_tokens(400), 400 + 4096);
    let s = shape("us.anthropic.claude-haiku-5-5", None, None);
    assert_eq!(
        s.reasoning,
        Reasoning {
            disable: true,
            effort: None
        }
    );
    assert_eq!(s.max_tokens(400), 400);
    let s = shape("amazon.titan-text-premier-v1:0", None, None);
    assert_eq!(s.max_tokens(5000), 3072, "Titan Premier's cap");
    let s = shape("openai.gpt-oss-120b-1:0", None, None);
    assert_eq!(s.reasoning.effort, Some("low"));
}

#[test]
fn refusals_become_one_change_each() {
    use Adaptation::*;
    for (message, want) in [
        // Bedrock Converse and InvokeModel forms (claude-and-converse §B.2, §B.3, §C.2, §D.1, §E).
        ("The model returned the following errors: tool_choice: type \"tool\" and \"any\" are not supported for this model.", NoForcedTool),
        ("The model returned the following errors: Thinking may not be enabled when tool_choice forces tool use.", NoForcedTool),
        ("The model returned the following errors: `temperature` is deprecated for this model.", NoTemperature),
        ("`temperature` is deprecated for this model.", NoTemperature),
        ("The model returned the following errors: `top_p` is deprecated for this model.", NoTopP),
        ("The model returned the following errors: `temperature` and `top_p` cannot both be specified for this model. Please use only one.", NoTopP),
        ("\"thinking.type.disabled\" is not supported for this model. Use \"thinking.type.adaptive\" and \"output_config.effort\" to control thinking behavior.", KeepThinking),
        ("The model returned the following errors: tools.0.custom.strict: Extra inputs are not permitted", NoStrictTool),
        ("The model returned the following errors: output_config.format: Extra inputs are not permitted", NoStructuredOutput),
        ("Malformed input request: #: extraneous key [response_format] is not permitted, please reformat your input and try again.", NoStructuredOutput),
        ("Malformed input request: #: extraneous key [temperature] is not permitted", NoTemperature),
        ("The model returned the following errors: {\"type\":\"error\",\"error\":{\"type\":\"invalid_request_error\",\"message\":\"temperature is deprecated for this model.\"}}", NoTemperature),
    ] {
        assert_eq!(Adaptation::from_refusal(message), Some(want), "{message}");
    }
    for message in [
        "Malformed input request: #: required key [messages] not found",
        "The provided model identifier is invalid.",
        "Too many tokens, please wait before trying again.",
        "Input is too long for requested model.",
    ] {
        assert_eq!(Adaptation::from_refusal(message), None, "{message}");
    }
}

#[test]
fn adaptations_change_the_shape_once() {
    let id = "us.anthropic.claude-opus-5-5";
    let mut a = Adaptations::default();
    assert!(a.add(Adaptation::NoStructuredOutput));
    assert!(
        !a.add(Adaptation::NoStructuredOutput),
        "a second time is not new"
    );
    let s = Shape::new(row(id), id, Wanted::default(), a);
    assert_eq!(s.answer, StrictTool);
    a.add(Adaptation::NoStrictTool);
    assert_eq!(
        Shape::new(row(id), id, Wanted::default(), a).answer,
        JsonText
    );
    assert_eq!(a.names(), vec!["no-structured-output", "no-strict-tool"]);
    for x in Adaptation::ALL {
        assert_eq!(Adaptation::from_name(x.name()), Some(x));
    }
}

#[test]
fn converse_can_be_chosen_for_any_model() {
    let id = "global.anthropic.claude-sonnet-4-5-20250929-v1:0";
    let s = Shape::new(
        row(id),
        id,
        Wanted {
            api: Some(Api::Converse),
            ..Default::default()
        },
        Adaptations::default(),
    );
    assert_eq!(
        (s.format, s.native, s.answer),
        (Format::Converse, Format::Claude, Schema)
    );
    assert!(s.streams);
}
