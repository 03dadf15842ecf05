//! What each Bedrock / AWS error means for a call: fail the whole request, retry it, or fail
//! the items of that request.
//!
//! [`TABLE`] is the one place this is decided, and what the user is told: [`disposition`] and
//! the wording of Bedrock's errors (`aws_error::friendly_message`) both find an error's row with
//! [`row_for`], and the README's error table is [`markdown`]'s rendering of it (a test checks
//! the README holds exactly that block).

use crate::error::{AwsCode, ErrorCode};

/// What the job does with an error response.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Disposition {
    /// Every item would fail the same way (credentials, permissions, the model id): reject the
    /// whole call at once with one message. Never retried.
    Fatal,
    /// Transient (throttling, a model warming up, a server fault, a broken stream): retry with
    /// backoff, re-signed; when the retries are spent, the items of that request fail with this
    /// error.
    Retry,
    /// About this request only (its content, a model failure): its items fail, the rest go on.
    Item,
}

/// How the call handles one row's error, as the README's "what happens" column says it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Handling {
    FailsRequest,
    Retried,
    FailsItems,
    /// A signature refused for clock skew: the job re-signs it once with the server's clock
    /// (`Job::on_response`); refused again, it fails the request.
    ReSignedOnce,
    /// A refused parameter or mode: the job adapts once per kind (`Job::adapt_to_refusal`); a
    /// refusal it cannot adapt to fails the request's items.
    Adapted,
}

impl Handling {
    /// What [`disposition`] answers for this row. The two special paths run before
    /// `disposition` is asked; what they leave over is handled as said here.
    pub fn disposition(self) -> Disposition {
        match self {
            Handling::FailsRequest | Handling::ReSignedOnce => Disposition::Fatal,
            Handling::Retried => Disposition::Retry,
            Handling::FailsItems | Handling::Adapted => Disposition::Item,
        }
    }

    pub fn words(self) -> &'static str {
        match self {
            Handling::FailsRequest => "fails the request",
            Handling::Retried => "retried with backoff, then fails its items",
            Handling::FailsItems => "fails its items",
            Handling::ReSignedOnce => "retried once, re-signed with the server's clock",
            Handling::Adapted => "retried once, adapted",
        }
    }
}

/// Which messages of a code a row is about, when not all of them.
pub struct Case {
    /// Shown after the code in parentheses.
    pub label: &'static str,
    /// Whether an error's message (ours, which quotes AWS's) is this case.
    pub matches: fn(&str) -> bool,
}

/// One row of the error table.
pub struct Row {
    /// The code as Bedrock (or we) spell it.
    pub code: ErrorCode,
    pub case: Option<Case>,
    /// Other spellings of the same error (other AWS front ends), handled by every row of `code`.
    pub also: &'static [ErrorCode],
    /// The HTTP status it comes with ("—": no response; nothing was sent or nothing came back).
    pub status: &'static str,
    pub handling: Handling,
    /// What the user should do (the start of the message they see).
    pub next_step: &'static str,
    /// What the user is told when Bedrock answers with this error, before AWS's own words
    /// (`{model}`, `{region}` and `{profile}` are filled in by `aws_error::friendly_message`).
    /// `None`: "Bedrock returned an error (code)." (errors of our own are worded where they
    /// are made).
    pub says: Option<&'static str>,
}

use AwsCode::*;
use Handling::*;

const fn aws(code: AwsCode) -> ErrorCode {
    ErrorCode::Aws(code)
}

/// One [`Row`]: code, status, handling, next step; then, where they apply, the `case` (label
/// `=>` matcher), the other spellings (`also`) and what the user is told (`says`).
macro_rules! row {
    (
        $code:expr, $status:literal, $handling:ident, $next:literal
        $(, case: $label:literal => $matches:expr)?
        $(, also: [$($also:expr),* $(,)?])?
        $(, says: $says:literal)?
        $(,)?
    ) => {
        Row {
            code: $code,
            case: row!(@case $($label, $matches)?),
            also: &[$($($also),*)?],
            status: $status,
            handling: $handling,
            next_step: $next,
            says: row!(@says $($says)?),
        }
    };
    (@case) => { None };
    (@case $label:literal, $matches:expr) => { Some(Case { label: $label, matches: $matches }) };
    (@says) => { None };
    (@says $says:literal) => { Some($says) };
}

/// Lower-cased `m` contains any of `words`.
fn mentions(m: &str, words: &[&str]) -> bool {
    let m = m.to_ascii_lowercase();
    words.iter().any(|w| m.contains(w))
}

/// More specific rows of a code (with a [`Case`]) come before its row for every message.
#[rustfmt::skip]
pub static TABLE: &[Row] = &[
    row!(aws(UnrecognizedClientException), "403", FailsRequest, "Check the Access Key ID; paste all three values from one `aws sts assume-role` output.",
        also: [aws(InvalidClientTokenId)],
        says: "AWS does not recognise this Access Key ID, or the session token does not belong to it. Check the Access Key ID; for temporary keys paste all three values from the same `aws sts assume-role` output."),
    row!(aws(InvalidSignatureException), "403", FailsRequest, "Check the Secret Access Key (it must belong to this Access Key ID).",
        also: [aws(SignatureDoesNotMatch)],
        says: "AWS rejected the request signature: check the Secret Access Key. It must be the one created with this Access Key ID (copy it again; no spaces)."),
    row!(aws(InvalidSignatureException), "403", ReSignedOnce, "None: the clock is corrected from the server's time and the request re-signed once; if it still fails, set the system clock automatically.",
        case: "Signature expired / not yet current" => |m| mentions(m, &["signature expired", "not yet current"]),
        says: "This computer's clock differs from AWS's by more than 5 minutes, so AWS refused the signature. Set the system clock automatically, then try again."),
    row!(aws(IncompleteSignatureException), "403", FailsRequest, "Check the Secret Access Key (it must belong to this Access Key ID).",
        also: [aws(MissingAuthenticationTokenException)],
        says: "AWS says the request is not signed correctly."),
    row!(aws(ExpiredTokenException), "403", FailsRequest, "Run `aws sts assume-role` again and paste the new keys (fails fast, never retried).",
        also: [aws(ExpiredToken), aws(RequestExpired)],
        says: "The session token has expired. Temporary keys last one hour by default: run `aws sts assume-role` again and paste the new Access Key ID, Secret Access Key and Session Token."),
    // Worded by credentials::check_not_expired: nothing is sent, so Bedrock never says it.
    row!(aws(ExpiredTokenException), "—", FailsRequest, "Nothing is sent: run `aws sts assume-role` again and paste its output.",
        case: "credentials.expiration already past" => |m| mentions(m, &["nothing was sent"])),
    // Decided by the pages (host-permission.js), before the core is asked.
    row!(ErrorCode::PermissionDenied, "—", FailsRequest, "The extension may not reach this region's host: allow it when Chrome asks, then click Predict labels again. Nothing is sent."),
    row!(aws(AccessDeniedException), "403", FailsRequest, "Grant bedrock:InvokeModel and bedrock:InvokeModelWithResponseStream on the model.",
        says: "Access denied. The IAM user or role needs bedrock:InvokeModel and bedrock:InvokeModelWithResponseStream on this model in {region}."),
    row!(aws(AccessDeniedException), "403", FailsRequest, "Request the model in the Bedrock console's Model access page (Anthropic: the use-case form).",
        case: "no access to the model yet" => |m| mentions(m, &["access to the model", "model access"]),
        says: "This AWS account has no access to model {model} in {region} yet. In the Amazon Bedrock console open \"Model access\" and request it (Anthropic models also need the use-case form), then try again."),
    row!(aws(ValidationException), "400", FailsRequest, "Use the inference profile id, e.g. `us.<model id>`.",
        case: "on-demand throughput isn't supported" => |m| mentions(m, &["on-demand throughput", "inference profile"]),
        says: "Model {model} can only be called through an inference profile: use its profile id, e.g. \"{profile}\" (or the eu./apac. prefix for your region)."),
    row!(aws(ValidationException), "400", FailsRequest, "Check the model id.",
        case: "invalid model identifier" => |m| mentions(m, &["model identifier is invalid"]),
        says: "Bedrock rejected the request as invalid."),
    // Retired models answer "This model version has reached the end of its life." (Claude 3.5
    // Haiku: AWS model card, EOL 2026-06-19; docs/evidence/claude-and-converse.md §A.2).
    row!(aws(ValidationException), "400", FailsItems, "The model was retired: pick a current model.",
        case: "end of its life" => |m| mentions(m, &["end of its life"]),
        says: "Model {model} has been retired by its provider and can no longer be called: pick a current model (the presets list them)."),
    row!(aws(ValidationException), "400", FailsItems, "Bedrock rejected this request's content; AWS's message says why.",
        says: "Bedrock rejected the request as invalid."),
    row!(aws(ResourceNotFoundException), "404", FailsRequest, "Check the model id and the region.",
        says: "Model {model} was not found in {region}: check the model id and the region."),
    row!(aws(ResourceNotFoundException), "404", FailsRequest, "The model was retired: pick a current model.",
        case: "end of its life" => |m| mentions(m, &["end of its life"]),
        says: "Model {model} has been retired by its provider and can no longer be called: pick a current model (the presets list them)."),
    row!(aws(ValidationException), "400", Adapted, "None: the call changes that one thing and sends the request again, once per kind of refusal (see Models); a refusal it does not understand fails its items.",
        case: "a parameter or mode not supported" => |m| crate::models::Adaptation::from_refusal(m).is_some(),
        says: "Bedrock rejected the request as invalid."),
    row!(aws(ThrottlingException), "429", Retried, "None: retried with backoff; if retries run out, wait or send fewer items at once.",
        also: [aws(TooManyRequestsException)],
        says: "Bedrock is throttling requests: the account's quota for this model is used up for now. Wait a minute, or send fewer items at once."),
    row!(aws(ServiceQuotaExceededException), "400", FailsItems, "Request a higher quota in Service Quotas, or send less.",
        says: "A Bedrock service quota for this account was exceeded."),
    row!(aws(ModelTimeoutException), "408", FailsItems, "Use fewer or shorter items per request.",
        says: "The model took too long to answer. Try fewer or shorter items per request."),
    row!(aws(ModelErrorException), "424", FailsItems, "Try again; the model failed on this request.",
        says: "The model failed while answering."),
    row!(aws(ModelNotReadyException), "429", Retried, "None: retried with backoff while the model warms up.",
        says: "The model is not ready yet; try again shortly."),
    row!(aws(ServiceUnavailableException), "503", Retried, "None: retried with backoff.",
        also: [aws(RequestTimeout), aws(RequestTimeoutException)],
        says: "Bedrock is having trouble right now; try again shortly."),
    row!(aws(InternalServerException), "500", Retried, "None: retried with backoff.",
        says: "Bedrock is having trouble right now; try again shortly."),
    row!(ErrorCode::NetworkError, "—", Retried, "Retried; then: check the region, the endpoint and the connection."),
    row!(ErrorCode::StreamError, "200", Retried, "None: a stream that broke off, failed a checksum or ended early is sent again for its unfinished items."),
    row!(aws(ModelStreamErrorException), "424", Retried, "None: retried for the items not yet final."),
];

/// Statuses retried for a code the table does not know (as the AWS SDKs retry them).
const RETRIED_STATUSES: &[u16] = &[429, 500, 502, 503, 504];

/// The row of [`TABLE`] that an error falls in: its code's row whose case `message` is (AWS's
/// message, or ours quoting it), else the code's row for every message. `None` for a code the
/// table does not know. The one lookup: [`disposition`] and the wording
/// (`aws_error::friendly_message`) both go through it.
pub fn row_for(code: &ErrorCode, message: &str) -> Option<&'static Row> {
    let code = TABLE
        .iter()
        .find(|r| r.also.contains(code))
        .map_or(code, |r| &r.code);
    let mut rows = TABLE.iter().filter(|r| &r.code == code);
    rows.clone()
        .find(|r| r.case.as_ref().is_some_and(|c| (c.matches)(message)))
        .or_else(|| rows.find(|r| r.case.is_none()))
}

/// The disposition of an error: its row's, or for a code the table does not know, retried
/// for 429 and 5xx statuses and an item failure otherwise.
pub fn disposition(code: &ErrorCode, status: u16, message: &str) -> Disposition {
    match row_for(code, message) {
        Some(row) => row.handling.disposition(),
        None if RETRIED_STATUSES.contains(&status) => Disposition::Retry,
        None => Disposition::Item,
    }
}

/// The table as the README shows it (Markdown, one line per row).
pub fn markdown() -> String {
    let mut out = String::from(
        "| error (`code`) | HTTP | what happens | what the user should do |\n|---|---|---|---|\n",
    );
    for row in TABLE {
        let mut name = format!("`{}`", row.code);
        for other in row.also {
            name.push_str(&format!(", `{other}`"));
        }
        if let Some(case) = &row.case {
            name.push_str(&format!(" ({})", case.label));
        }
        out.push_str(&format!(
            "| {name} | {} | {} | {} |\n",
            row.status,
            row.handling.words(),
            row.next_step
        ));
    }
    out
}
