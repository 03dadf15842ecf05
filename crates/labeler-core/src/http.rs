//! Plain HTTP values exchanged with the shell, and the Bedrock Runtime request line and headers.

use crate::endpoint::Endpoint;
use crate::model_id::encode_segment;

/// A request for the shell to send with `fetch`: exactly these headers, this body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HttpRequest {
    pub method: &'static str,
    pub url: String,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

/// A signed request carries the session token (`x-amz-security-token`) and the signature in its
/// header values: wipe them when the request is dropped, i.e. once the call has been sent.
impl Drop for HttpRequest {
    fn drop(&mut self) {
        use zeroize::Zeroize;
        for (_, value) in &mut self.headers {
            value.zeroize();
        }
    }
}

/// What came back. Header names may arrive in any case.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct HttpResponse {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl HttpResponse {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    pub fn request_id(&self) -> Option<String> {
        self.header("x-amzn-requestid").map(str::to_owned)
    }
}

/// The Bedrock Runtime operations we call. The Converse pair needs no IAM action of its own:
/// Converse is authorised by `bedrock:InvokeModel`, ConverseStream by
/// `bedrock:InvokeModelWithResponseStream` (botocore's service model, operation docs).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Operation {
    InvokeModel,
    InvokeModelWithResponseStream,
    Converse,
    ConverseStream,
}

impl Operation {
    /// The operation for `api`, streamed or not.
    pub fn of(api: crate::formats::Api, stream: bool) -> Self {
        use crate::formats::Api;
        match (api, stream) {
            (Api::Invoke, false) => Operation::InvokeModel,
            (Api::Invoke, true) => Operation::InvokeModelWithResponseStream,
            (Api::Converse, false) => Operation::Converse,
            (Api::Converse, true) => Operation::ConverseStream,
        }
    }

    pub fn streams(self) -> bool {
        matches!(
            self,
            Operation::InvokeModelWithResponseStream | Operation::ConverseStream
        )
    }
}

/// Builds the unsigned Bedrock request: `POST /model/{encoded id}/{operation path}`.
///
/// `InvokeModel` sends `Accept`; the streaming operation binds its accept member to
/// `X-Amzn-Bedrock-Accept` instead and sends no `Accept` (as botocore does). Converse and
/// ConverseStream model no accept member: only `Content-Type` (service model). A tier other
/// than Standard goes in the header or the body member the operation binds it to.
pub fn bedrock_request(
    endpoint: &Endpoint,
    model_id: &str,
    op: Operation,
    body: Vec<u8>,
    service_tier: crate::tier::ServiceTier,
) -> HttpRequest {
    let (suffix, accept_header) = match op {
        Operation::InvokeModel => ("invoke", Some("accept")),
        Operation::InvokeModelWithResponseStream => {
            ("invoke-with-response-stream", Some("x-amzn-bedrock-accept"))
        }
        Operation::Converse => ("converse", None),
        Operation::ConverseStream => ("converse-stream", None),
    };
    let mut headers = vec![("content-type".to_owned(), "application/json".to_owned())];
    if let Some(accept) = accept_header {
        headers.push((accept.to_owned(), "application/json".to_owned()));
    }
    // The tier (models-and-quotas §12.1, botocore service model): InvokeModel's operations bind
    // it to the X-Amzn-Bedrock-Service-Tier header (signed with the others), Converse's to the
    // body member `serviceTier: {type}`. Standard is sent as nothing.
    let body = match (service_tier.wire(), accept_header) {
        (Some(wire), Some(_)) => {
            headers.push((crate::tier::HEADER.to_owned(), wire.to_owned()));
            body
        }
        (Some(wire), None) => crate::tier::with_converse_tier(body, wire),
        (None, _) => body,
    };
    HttpRequest {
        method: "POST",
        url: format!(
            "{}/model/{}/{}",
            endpoint.base_url(),
            encode_segment(model_id),
            suffix
        ),
        headers,
        body,
    }
}
