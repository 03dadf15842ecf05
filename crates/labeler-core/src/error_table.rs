//! What each Bedrock / AWS error means for a call: fail the whole request, retry it, or fail
//! the items of that request.
//!
//! [`TABLE`] is the one place this is decided: [`disposition`] looks errors up in it, and the
//! README's error table is [`markdown`]'s rendering of it (a test checks the README holds
//! exactly that block).

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
    pub code: &'static str,
    pub case: Option<Case>,
    /// Other spellings of the same error (other AWS front ends), handled by every row of `code`.
    pub also: &'static [&'static str],
    /// The HTTP status it comes with ("—": no response; nothing was sent or nothing came back).
    pub status: &'static str,
    pub handling: Handling,
    /// What the user should do (the start of the message they see).
    pub next_step: &'static str,
}

use Handling::*;

const fn row(
    code: &'static str,
    status: &'static str,
    handling: Handling,
    next_step: &'static str,
) -> Row {
    Row {
        code,
        case: None,
        also: &[],
        status,
        handling,
        next_step,
    }
}

const fn case(label: &'static str, matches: fn(&str) -> bool, row: Row) -> Row {
    Row {
        case: Some(Case { label, matches }),
        ..row
    }
}

const fn also(also: &'static [&'static str], row: Row) -> Row {
    Row { also, ..row }
}

/// Lower-cased `m` contains any of `words`.
fn says(m: &str, words: &[&str]) -> bool {
    let m = m.to_ascii_lowercase();
    words.iter().any(|w| m.contains(w))
}

/// More specific rows of a code (with a [`Case`]) come before its row for every message.
#[rustfmt::skip]
pub static TABLE: &[Row] = &[
    also(&["InvalidClientTokenId"],
        row("UnrecognizedClientException", "403", FailsRequest, "Check the Access Key ID; paste all three values from one `aws sts assume-role` output.")),
    also(&["SignatureDoesNotMatch", "IncompleteSignatureException", "MissingAuthenticationTokenException"],
        row("InvalidSignatureException", "403", FailsRequest, "Check the Secret Access Key (it must belong to this Access Key ID).")),
    case("Signature expired / not yet current", |m| says(m, &["signature expired", "not yet current"]),
        row("InvalidSignatureException", "403", ReSignedOnce, "None: the clock is corrected from the server's time and the request re-signed once; if it still fails, set the system clock automatically.")),
    also(&["ExpiredToken", "RequestExpired"],
        row("ExpiredTokenException", "403", FailsRequest, "Run `aws sts assume-role` again and paste the new keys (fails fast, never retried).")),
    case("credentials.expiration already past", |m| says(m, &["nothing was sent"]),
        row("ExpiredTokenException", "—", FailsRequest, "Nothing is sent: run `aws sts assume-role` again and paste its output.")),
    row("PermissionDenied", "—", FailsRequest, "The extension may not reach this region's host: allow it when Chrome asks, then click Predict labels again. Nothing is sent."),
    row("AccessDeniedException", "403", FailsRequest, "Grant bedrock:InvokeModel and bedrock:InvokeModelWithResponseStream on the model."),
    case("no access to the model yet", |m| says(m, &["access to the model", "model access"]),
        row("AccessDeniedException", "403", FailsRequest, "Request the model in the Bedrock console's Model access page (Anthropic: the use-case form).")),
    case("on-demand throughput isn't supported", |m| says(m, &["on-demand throughput", "inference profile"]),
        row("ValidationException", "400", FailsRequest, "Use the inference profile id, e.g. `us.<model id>`.")),
    case("invalid model identifier", |m| says(m, &["model identifier is invalid"]),
        row("ValidationException", "400", FailsRequest, "Check the model id.")),
    row("ValidationException", "400", FailsItems, "Bedrock rejected this request's content; AWS's message says why."),
    row("ResourceNotFoundException", "404", FailsRequest, "Check the model id and the region."),
    case("end of its life", |m| says(m, &["end of its life"]),
        row("ResourceNotFoundException", "404", FailsRequest, "The model was retired: pick a current model.")),
    case("a parameter or mode not supported", |m| crate::models::Adaptation::from_refusal(m).is_some(),
        row("ValidationException", "400", Adapted, "None: the call changes that one thing and sends the request again, once per kind of refusal (see Models); a refusal it does not understand fails its items.")),
    also(&["TooManyRequestsException"],
        row("ThrottlingException", "429", Retried, "None: retried with backoff; if retries run out, wait or send fewer items at once.")),
    row("ServiceQuotaExceededException", "400", FailsItems, "Request a higher quota in Service Quotas, or send less."),
    row("ModelTimeoutException", "408", FailsItems, "Use fewer or shorter items per request."),
    row("ModelErrorException", "424", FailsItems, "Try again; the model failed on this request."),
    row("ModelNotReadyException", "429", Retried, "None: retried with backoff while the model warms up."),
    also(&["RequestTimeout", "RequestTimeoutException"],
        row("ServiceUnavailableException", "503", Retried, "None: retried with backoff.")),
    row("InternalServerException", "500", Retried, "None: retried with backoff."),
    row("NetworkError", "—", Retried, "Retried; then: check the region, the endpoint and the connection."),
    row("StreamError", "200", Retried, "None: a stream that broke off, failed a checksum or ended early is sent again for its unfinished items."),
    row("ModelStreamErrorException", "424", Retried, "None: retried for the items not yet final."),
];

/// Statuses retried for a code the table does not know (as the AWS SDKs retry them).
const RETRIED_STATUSES: &[u16] = &[429, 500, 502, 503, 504];

/// The row of [`TABLE`] that an error (`code` as derived by `aws_error`, its status and our
/// message) falls in: the code's row whose case the message is, else the code's row for every
/// message. `None` for a code the table does not know.
pub fn row_for(code: &str, message: &str) -> Option<&'static Row> {
    let code = TABLE
        .iter()
        .find(|r| r.also.contains(&code))
        .map_or(code, |r| r.code);
    let mut rows = TABLE.iter().filter(|r| r.code == code);
    rows.clone()
        .find(|r| r.case.as_ref().is_some_and(|c| (c.matches)(message)))
        .or_else(|| rows.find(|r| r.case.is_none()))
}

/// The disposition of an error: its row's, or for a code the table does not know, retried
/// for 429 and 5xx statuses and an item failure otherwise.
pub fn disposition(code: &str, status: u16, message: &str) -> Disposition {
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
