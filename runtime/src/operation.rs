//! The traits that generated operations and their errors implement.

use crate::request::{RequestError, Target};
use crate::service::{AuthScheme, Service};

/// One operation of an API: how to build its request and read its response, without I/O.
///
/// Sending the request and receiving the response is the caller's business: any HTTP client
/// will do.
pub trait Operation {
    /// The operation's name in the model.
    const NAME: &'static str;

    /// The service the operation belongs to.
    type Service: Service;

    /// How the operation's requests are authenticated, preferred first: the service's
    /// schemes unless the model says otherwise for this operation (STS's
    /// `AssumeRoleWithWebIdentity` is sent unsigned: `[AuthScheme::NoAuth]`).
    const AUTH: &'static [AuthScheme] = <Self::Service as Service>::AUTH;

    /// The body is left out of the request's signature (`UNSIGNED-PAYLOAD`), as the model
    /// says for this operation.
    const UNSIGNED_PAYLOAD: bool = false;

    /// The output's payload is a stream (S3's `GetObject`): a client leaves the body of a
    /// successful response unread, for the output to hold as its
    /// [`Body`](crate::body::Body) (see [`Body::of_response`](crate::body::Body::of_response)).
    /// A request's stream is the request's own business: it is in the request's extensions.
    const STREAMING_OUTPUT: bool = false;

    /// The operation's flexible checksums, as the model gives them (S3's `PutObject`,
    /// `GetObject`, `DeleteObjects`): which the client computes for the request and validates
    /// on the response. `None` for an operation without.
    const HTTP_CHECKSUM: Option<HttpChecksum> = None;

    /// The encodings a client may compress the request's body with, preferred first, as the
    /// model says (`gzip`); empty for an operation whose requests are sent as they are. See
    /// `request::compress` (the runtime's `compression` feature).
    const REQUEST_COMPRESSION: &'static [&'static str] = &[];

    /// Sets the endpoint parameters the operation gives from `input` and its model (a bucket,
    /// a static value), over those of the program's configuration.
    fn endpoint_params(input: &Self::Input<'_>, params: &mut <Self::Service as Service>::EndpointParams) {
        let _ = (input, params);
    }

    /// The input; `()` for an operation without one.
    type Input<'a>;

    /// The output; `()` for an operation without one. It may borrow from the response's body.
    type Output<'a>;

    /// The operation's error: one of the errors the model lists for it, an error it does not
    /// list, or a response that could not be read. It may borrow from the response's body.
    type Error<'a>: ServiceError;

    /// The request for `input`, sent to `endpoint`: a URL such as
    /// `https://guardduty.us-east-1.amazonaws.com` (`"...".into()`), or an endpoint the
    /// service's endpoint rules resolved (`(&endpoint).into()`).
    ///
    /// # Errors
    ///
    /// A required member that is not set, a value that cannot go where it is bound (an empty
    /// URI label, an invalid host label or header value), an invalid endpoint, or a body that
    /// could not be written.
    fn request(input: &Self::Input<'_>, endpoint: Target<'_>) -> Result<http::Request<Vec<u8>>, RequestError>;

    /// The output of a successful `response`, or the error of a failed one.
    ///
    /// # Errors
    ///
    /// The service's error when the response says the call failed, or an error naming the place
    /// of a response that could not be read.
    fn response<B: AsRef<[u8]>>(response: &http::Response<B>) -> Result<Self::Output<'_>, Self::Error<'_>>;
}

/// An operation whose output and error own what they hold, as in a crate generated with
/// owned strings: they outlive the response, which a client that sends the call and returns
/// its result needs. `operation!` implements it for every operation whose types do not borrow
/// from the response's body.
pub trait OwnedOperation: Operation {
    /// [`Operation::response`], whose output and error own what they hold.
    ///
    /// # Errors
    ///
    /// As [`Operation::response`].
    fn owned_response<B: AsRef<[u8]>>(
        response: &http::Response<B>,
    ) -> Result<Self::Output<'static>, Self::Error<'static>>;
}

/// What every error of a service says of itself: the modeled errors' structures, the
/// operations' error enums (through [`OperationError`]), and the runtime's own
/// [`UnmodeledError`](crate::response::UnmodeledError) and
/// [`ResponseError`](crate::response::ResponseError).
pub trait ServiceError: std::error::Error {
    /// The error code, as the AWS SDKs and the AWS CLI report it: for a service compatible
    /// with the query protocol it replaced (SQS, CloudWatch), the error's query code (from the
    /// response's `x-amzn-query-error`, else from the model:
    /// `AWS.SimpleQueueService.NonExistentQueue`); otherwise its code on the wire, which is its
    /// shape name unless the model gives another. A modeled error's own code is also its type's
    /// `CODE` constant, whatever the response said.
    fn code(&self) -> Option<&str>;

    /// The error message, when there is one.
    fn message(&self) -> Option<&str>;

    /// The HTTP status of the response, when the error came from one.
    fn status(&self) -> Option<u16>;

    /// Whether the model marks the error retryable (Smithy's `@retryable`, botocore's
    /// `retryable`), and as throttling; `None` when it does not.
    fn retryable(&self) -> Option<Retryable> {
        None
    }

    /// The id AWS gave the request, when the response carried one (a header, or the body of
    /// the XML protocols): what AWS support asks for.
    fn request_id(&self) -> Option<&str> {
        None
    }

    /// The error's code in the query protocol, for a service compatible with it: the
    /// response's `x-amzn-query-error`, else the model's.
    fn query_code(&self) -> Option<&str> {
        None
    }
}

/// An operation's flexible checksums (the model's `httpChecksum`): what a client needs to
/// compute a request's checksum and validate a response's.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct HttpChecksum {
    /// The request must carry a checksum (`requestChecksumRequired`).
    pub request_required: bool,
    /// The caller may choose the request's algorithm (the model names an algorithm member).
    pub request_algorithm: bool,
    /// The header the algorithm member is bound to (S3's `x-amz-sdk-checksum-algorithm`),
    /// where a client reads the caller's choice and writes its own.
    pub request_algorithm_header: Option<&'static str>,
    /// The header of the member that asks for the response's checksum (S3's
    /// `x-amz-checksum-mode`, whose value is `ENABLED`), when the operation has one.
    pub validation_mode_header: Option<&'static str>,
    /// The algorithms a response's checksum may be of, as the model names them (`CRC32`,
    /// `CRC32C`, `CRC64NVME`, `SHA1`, `SHA256`).
    pub response_algorithms: &'static [&'static str],
}

/// The model's mark on an error that may succeed if retried.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Retryable {
    /// The error means the caller is sending too fast.
    pub throttling: bool,
}

/// An operation's error: one of the errors the model lists for it, an error the model does
/// not list, or a response that could not be read. Its [`ServiceError`] parts, `Display` and
/// source are those of the error it holds: generated error enums write only the match that
/// finds it.
pub trait OperationError: std::error::Error {
    /// The error this one holds.
    fn error(&self) -> &dyn ServiceError;
}

impl<T: OperationError + ?Sized> ServiceError for T {
    #[inline]
    fn code(&self) -> Option<&str> {
        self.error().code()
    }

    #[inline]
    fn message(&self) -> Option<&str> {
        self.error().message()
    }

    #[inline]
    fn status(&self) -> Option<u16> {
        self.error().status()
    }

    #[inline]
    fn retryable(&self) -> Option<Retryable> {
        self.error().retryable()
    }

    #[inline]
    fn request_id(&self) -> Option<&str> {
        self.error().request_id()
    }

    #[inline]
    fn query_code(&self) -> Option<&str> {
        self.error().query_code()
    }
}

/// An operation whose results come in pages: the request for the next page is the same input
/// with its token members set from the page's output.
pub trait Paginated: Operation {
    /// The request for the page after `output`, which answered `input`; `None` after the last
    /// page, which is the one without a token, with an empty token, or with the token `input`
    /// sent (a service repeating its token would otherwise be paged forever).
    fn next_request<'a>(input: &Self::Input<'a>, output: &Self::Output<'_>) -> Option<Self::Input<'a>>;
}

/// An operation whose pages hold items: the list its paginator names as its result
/// (`ListFindings`'s finding ids), which an iterator over every item of every page reads.
pub trait PagedItems: Operation {
    /// An item of a page. It may borrow from the response's body, as the output does.
    type Item<'a>;

    /// The items of the page `output`; empty when the page has none.
    fn items<'o, 'a>(output: &'o Self::Output<'a>) -> &'o [Self::Item<'a>];
}

/// [`Operation`] for a generated operation `$name`, whose inherent `NAME`, `request` and
/// `response` it calls: `operation!(GetFindings, super::GetFindingsRequest,
/// super::GetFindingsResponse, GetFindingsError);`, with `()` for an operation without an
/// input (whose `request` takes only the endpoint). A type that borrows from the response's
/// body names the lifetime `'a`: `super::GetFindingsResponse<'a>`. The service is the one in
/// the generated `service` module beside `operations`.
///
/// What differs from the defaults follows, in this order: `endpoint_params =
/// Self::endpoint_params` (the operation's function that sets its endpoint parameters),
/// `auth = [NoAuth]` (its own auth schemes, as [`AuthScheme`] variants, `Other("name")` for
/// another), `unsigned_payload = true`, `streaming_output = true`, `http_checksum =
/// Self::HTTP_CHECKSUM` (the operation's constant), `request_compression = ["gzip"]`, and `borrows = true`
/// when the output or the error borrows from the response's body; otherwise
/// [`OwnedOperation`] is implemented too.
#[macro_export]
macro_rules! operation {
    ($name:ident, (), $($rest:tt)*) => {
        $crate::operation!(@impl $name, [()], no_input, $($rest)*);
    };
    ($name:ident, $input:ty, $($rest:tt)*) => {
        $crate::operation!(@impl $name, [$input], input, $($rest)*);
    };
    (
        @impl $name:ident, [$input:ty], $kind:ident, $output:ty, $error:ty
        $(, endpoint_params = $params:path)?
        $(, auth = [$($scheme:ident $(($other:literal))?),* $(,)?])?
        $(, unsigned_payload = $unsigned:literal)?
        $(, streaming_output = $streaming_output:literal)?
        $(, http_checksum = $http_checksum:expr)?
        $(, request_compression = [$($encoding:literal),* $(,)?])?
        $(, borrows = $borrows:tt)?
        $(,)?
    ) => {
        impl $crate::Operation for $name {
            const NAME: &'static str = $name::NAME;
            type Service = super::service::Service;
            type Input<'a> = $input;
            type Output<'a> = $output;
            type Error<'a> = $error;
            $(const AUTH: &'static [$crate::AuthScheme] = &[$($crate::AuthScheme::$scheme $(($other))?),*];)?
            $(const UNSIGNED_PAYLOAD: bool = $unsigned;)?
            $(const STREAMING_OUTPUT: bool = $streaming_output;)?
            $(const HTTP_CHECKSUM: ::std::option::Option<$crate::operation::HttpChecksum> = $http_checksum;)?
            $(const REQUEST_COMPRESSION: &'static [&'static str] = &[$($encoding),*];)?

            #[inline]
            fn request(
                input: &Self::Input<'_>,
                endpoint: $crate::request::Target<'_>,
            ) -> $crate::request::RequestResult {
                $crate::operation!(@call $kind, Self::request, input, endpoint)
            }

            #[inline]
            fn response<B: ::std::convert::AsRef<[u8]>>(
                response: &$crate::http::Response<B>,
            ) -> ::std::result::Result<Self::Output<'_>, Self::Error<'_>> {
                Self::response(response)
            }

            $(
                #[inline]
                fn endpoint_params(
                    input: &Self::Input<'_>,
                    params: &mut <Self::Service as $crate::Service>::EndpointParams,
                ) {
                    $crate::operation!(@call $kind, $params, input, params)
                }
            )?
        }
        $crate::operation!(@owned $name $(, $borrows)?);
    };
    // An operation without an input is called without it.
    (@call input, $function:path, $input:ident, $rest:ident) => {
        $function($input, $rest)
    };
    (@call no_input, $function:path, $input:ident, $rest:ident) => {{
        let _: &() = $input;
        $function($rest)
    }};
    (@owned $name:ident) => {
        impl $crate::OwnedOperation for $name {
            #[inline]
            fn owned_response<B: ::std::convert::AsRef<[u8]>>(
                response: &$crate::http::Response<B>,
            ) -> ::std::result::Result<Self::Output<'static>, Self::Error<'static>> {
                Self::response(response)
            }
        }
    };
    (@owned $name:ident, false) => {
        $crate::operation!(@owned $name);
    };
    (@owned $name:ident, true) => {};
}

/// [`Paginated`] for a generated operation `$name`, whose inherent `next_request` it calls.
#[macro_export]
macro_rules! paginated {
    ($name:ident) => {
        impl $crate::Paginated for $name {
            #[inline]
            fn next_request<'a>(
                input: &Self::Input<'a>,
                output: &Self::Output<'_>,
            ) -> ::std::option::Option<Self::Input<'a>> {
                Self::next_request(input, output)
            }
        }
    };
}

/// [`PagedItems`] for a generated operation `$name`, whose inherent `items` it calls, with
/// the items' type: `paged_items!(ListFindings, ::std::string::String);` (naming `'a` when
/// the items borrow from the response's body).
#[macro_export]
macro_rules! paged_items {
    ($name:ident, $item:ty) => {
        impl $crate::PagedItems for $name {
            type Item<'a> = $item;

            #[inline]
            fn items<'o, 'a>(output: &'o Self::Output<'a>) -> &'o [Self::Item<'a>] {
                Self::items(output)
            }
        }
    };
}

/// [`OperationError`], `Display` and `std::error::Error` for a generated operation's error enum
/// `$name`, each of whose variants holds one error: `operation_error!(GetFindingsError {
/// BadRequestException, Unmodeled, Malformed });`, or `GetFindingsError<'a> { .. }` for an
/// enum that borrows from the response's body. Its `Display` and source are those of the error
/// it holds.
#[macro_export]
macro_rules! operation_error {
    ($name:ident $(< $lifetime:lifetime >)? { $($variant:ident),* $(,)? }) => {
        impl $(<$lifetime>)? $crate::OperationError for $name $(<$lifetime>)? {
            fn error(&self) -> &dyn $crate::ServiceError {
                match self {
                    $(Self::$variant(error) => error,)*
                }
            }
        }

        impl $(<$lifetime>)? ::std::fmt::Display for $name $(<$lifetime>)? {
            #[inline]
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                ::std::fmt::Display::fmt($crate::OperationError::error(self), f)
            }
        }

        impl $(<$lifetime>)? ::std::error::Error for $name $(<$lifetime>)? {
            #[inline]
            fn source(&self) -> ::std::option::Option<&(dyn ::std::error::Error + 'static)> {
                $crate::OperationError::error(self).source()
            }
        }
    };
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::request::RequestBuilder;
    use crate::response::{self, ResponseError, UnmodeledError};

    /// An operation as generated code writes one: a label, a header and a JSON body in, a
    /// header out.
    struct GetThing;

    struct GetThingInput<'a> {
        id: Option<&'a str>,
        token: &'a str,
    }

    #[derive(Debug, PartialEq)]
    struct GetThingOutput<'a> {
        etag: Option<std::borrow::Cow<'a, str>>,
        count: Option<i64>,
    }

    #[derive(Debug)]
    enum GetThingError {
        Unmodeled(UnmodeledError),
        Response(ResponseError),
    }

    impl std::fmt::Display for GetThingError {
        fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            match self {
                GetThingError::Unmodeled(error) => error.fmt(f),
                GetThingError::Response(error) => error.fmt(f),
            }
        }
    }

    impl std::error::Error for GetThingError {}

    impl ServiceError for GetThingError {
        fn code(&self) -> Option<&str> {
            match self {
                GetThingError::Unmodeled(error) => ServiceError::code(error),
                GetThingError::Response(error) => ServiceError::code(error),
            }
        }

        fn message(&self) -> Option<&str> {
            match self {
                GetThingError::Unmodeled(error) => ServiceError::message(error),
                GetThingError::Response(error) => ServiceError::message(error),
            }
        }

        fn status(&self) -> Option<u16> {
            match self {
                GetThingError::Unmodeled(error) => ServiceError::status(error),
                GetThingError::Response(error) => ServiceError::status(error),
            }
        }
    }

    impl Operation for GetThing {
        const NAME: &'static str = "GetThing";
        type Service = service::Service;
        type Input<'a> = GetThingInput<'a>;
        type Output<'a> = GetThingOutput<'a>;
        type Error<'a> = GetThingError;

        fn request(input: &GetThingInput<'_>, endpoint: Target<'_>) -> Result<http::Request<Vec<u8>>, RequestError> {
            let mut request = RequestBuilder::to("POST", endpoint)?;
            request.push_path("/things/");
            let id = input.id.ok_or(RequestError::MissingMember { shape: "GetThingInput", member: "id" })?;
            request.push_label("id", id, false)?;
            request.header("X-Token", input.token)?;
            let body = crate::json::to_vec(&[("token", input.token)])?;
            request.build(body, Some("application/json"))
        }

        fn response<B: AsRef<[u8]>>(response: &http::Response<B>) -> Result<GetThingOutput<'_>, GetThingError> {
            let status = response.status().as_u16();
            if !response.status().is_success() {
                let body = response.body().as_ref();
                let meta = response::json_error_meta(response.headers(), body);
                return Err(GetThingError::Unmodeled(UnmodeledError::from_meta(meta, status, body.to_vec())));
            }
            let etag = response::header(response.headers(), "ETag", status).map_err(GetThingError::Response)?;
            let count = match response::header(response.headers(), "X-Count", status)
                .map_err(GetThingError::Response)?
            {
                Some(value) => Some(response::parse_int("X-Count", &value, status).map_err(GetThingError::Response)?),
                None => None,
            };
            Ok(GetThingOutput { etag, count })
        }
    }

    #[test]
    fn an_operation_end_to_end() {
        assert_eq!(GetThing::NAME, "GetThing");
        let input = GetThingInput { id: Some("a/b"), token: "t" };
        let request = GetThing::request(&input, "https://example.com/v1".into()).unwrap();
        assert_eq!(request.uri(), "https://example.com/v1/things/a%2Fb");
        assert_eq!(request.headers()["x-token"], "t");
        assert_eq!(request.headers()["content-length"], "15");
        assert_eq!(request.body(), br#"[["token","t"]]"#);
        let error =
            GetThing::request(&GetThingInput { id: None, token: "t" }, "https://example.com".into()).unwrap_err();
        assert_eq!(error.to_string(), "GetThingInput.id is required but was not set");

        let response =
            http::Response::builder().header("ETag", "\"x\"").header("X-Count", "7").body(Vec::new()).unwrap();
        let output = GetThing::response(&response).unwrap();
        assert_eq!(output, GetThingOutput { etag: Some("\"x\"".into()), count: Some(7) });

        let response = http::Response::builder().header("X-Count", "seven").body(Vec::new()).unwrap();
        let error = GetThing::response(&response).unwrap_err();
        assert_eq!(error.to_string(), r#"header "X-Count": invalid integer "seven""#);
        assert_eq!((error.code(), error.status()), (None, Some(200)));

        let response = http::Response::builder()
            .status(404)
            .header("X-Amzn-ErrorType", "aws.test#NotFound:http://internal.amazon.com/")
            .body(br#"{"message": "no such thing"}"#.to_vec())
            .unwrap();
        let error = GetThing::response(&response).unwrap_err();
        assert_eq!(error.to_string(), "NotFound: no such thing");
        assert_eq!(
            (error.code(), error.message(), error.status()),
            (Some("NotFound"), Some("no such thing"), Some(404))
        );
    }

    /// A service as generated code writes one, in the module `service` beside the operations.
    mod service {
        pub struct Service;

        impl crate::Service for Service {
            const SDK_ID: &'static str = "Things";
            const SIGNING_NAME: &'static str = "things";
            const API_VERSION: &'static str = "2024-01-01";
            const AUTH: &'static [crate::AuthScheme] = &[crate::AuthScheme::SigV4];
            type EndpointParams = super::ThingParams;
        }
    }

    /// The endpoint parameters of the service: one, which `ListThings` sets from its input.
    #[derive(Clone, Debug, Default, PartialEq)]
    pub struct ThingParams {
        token: Option<String>,
    }

    impl crate::endpoint::EndpointParams for ThingParams {
        fn set(&mut self, name: &str, _value: crate::endpoint::Value) -> Result<(), crate::endpoint::ResolveError> {
            Err(crate::endpoint::ResolveError::unknown_parameter(name))
        }

        fn get(&self, name: &str) -> Option<crate::endpoint::Value> {
            (name == "Token").then(|| self.token.clone().map(crate::endpoint::Value::from)).flatten()
        }

        fn set_built_ins(
            &mut self,
            _built_ins: &crate::endpoint::BuiltIns,
        ) -> Result<(), crate::endpoint::ResolveError> {
            Ok(())
        }

        fn resolve(&self) -> Result<crate::endpoint::Endpoint, crate::endpoint::ResolveError> {
            let url = format!("https://things.example/{}", self.token.as_deref().unwrap_or("-"));
            Ok(crate::endpoint::Endpoint::new(url, Default::default(), Default::default()))
        }
    }

    /// Operations as generated code writes them: inherent `request` and `response`, and the
    /// traits by the macros. `ListThings` takes an input and pages; its output and its error
    /// borrow from the body. `Ping` has no input.
    mod generated {
        use crate::response::{ResponseError, UnmodeledError};
        use crate::{Operation, OperationError, Paginated, ServiceError};

        pub struct ListThings;

        #[derive(Clone, Debug, Default, PartialEq)]
        pub struct ListThingsInput {
            pub token: Option<String>,
        }

        #[derive(Debug, PartialEq)]
        pub struct ListThingsOutput<'a> {
            pub next: Option<&'a str>,
        }

        #[derive(Debug)]
        pub struct Throttled<'a> {
            message: &'a str,
        }

        impl std::fmt::Display for Throttled<'_> {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                write!(f, "Throttled: {}", self.message)
            }
        }

        impl std::error::Error for Throttled<'_> {}

        impl ServiceError for Throttled<'_> {
            fn code(&self) -> Option<&str> {
                Some("Throttled")
            }

            fn message(&self) -> Option<&str> {
                Some(self.message)
            }

            fn status(&self) -> Option<u16> {
                Some(429)
            }
        }

        #[derive(Debug)]
        pub enum ListThingsError<'a> {
            Throttled(Throttled<'a>),
            Unmodeled(UnmodeledError),
            Malformed(ResponseError),
        }

        impl ListThings {
            pub const NAME: &'static str = "ListThings";

            pub fn request<'e>(
                input: &ListThingsInput,
                endpoint: impl Into<crate::request::Target<'e>>,
            ) -> crate::request::RequestResult {
                let mut request = crate::request::RequestBuilder::to("GET", endpoint.into())?;
                request.push_path("/things");
                if let Some(token) = &input.token {
                    request.push_query("token", token);
                }
                request.build(Vec::new(), None)
            }

            pub fn response<'a, B: AsRef<[u8]>>(
                response: &'a http::Response<B>,
            ) -> Result<ListThingsOutput<'a>, ListThingsError<'a>> {
                let body = std::str::from_utf8(response.body().as_ref()).map_err(|_| {
                    ListThingsError::Malformed(ResponseError::new("body", "not UTF-8", response.status().as_u16()))
                })?;
                match response.status().as_u16() {
                    200 => Ok(ListThingsOutput { next: (!body.is_empty()).then_some(body) }),
                    429 => Err(ListThingsError::Throttled(Throttled { message: body })),
                    status => Err(ListThingsError::Unmodeled(UnmodeledError::new(
                        None,
                        Some(body.to_owned()),
                        status,
                        body.as_bytes().to_vec(),
                    ))),
                }
            }

            pub fn endpoint_params(input: &ListThingsInput, params: &mut super::ThingParams) {
                params.token = input.token.clone();
            }

            pub fn next_request(input: &ListThingsInput, output: &ListThingsOutput<'_>) -> Option<ListThingsInput> {
                let next = output.next?;
                (input.token.as_deref() != Some(next)).then(|| ListThingsInput { token: Some(next.to_owned()) })
            }
        }

        crate::operation!(
            ListThings,
            ListThingsInput,
            ListThingsOutput<'a>,
            ListThingsError<'a>,
            endpoint_params = Self::endpoint_params,
            borrows = true,
        );
        crate::paginated!(ListThings);
        crate::paged_items!(ListThings, &'a str);

        impl ListThings {
            /// The page's one item: its token.
            pub fn items<'o, 'a>(output: &'o ListThingsOutput<'a>) -> &'o [&'a str] {
                output.next.as_slice()
            }
        }
        crate::operation_error!(ListThingsError<'a> { Throttled, Unmodeled, Malformed });

        pub struct Ping;

        #[derive(Debug)]
        pub enum PingError {
            Unmodeled(UnmodeledError),
            Malformed(ResponseError),
        }

        impl Ping {
            pub const NAME: &'static str = "Ping";

            pub fn request<'e>(endpoint: impl Into<crate::request::Target<'e>>) -> crate::request::RequestResult {
                crate::request::RequestBuilder::to("GET", endpoint.into())?.build(Vec::new(), None)
            }

            pub fn response<B: AsRef<[u8]>>(response: &http::Response<B>) -> Result<(), PingError> {
                let status = response.status().as_u16();
                if status != 200 {
                    return Err(PingError::Unmodeled(UnmodeledError::new(None, None, status, Vec::new())));
                }
                match response.body().as_ref() {
                    [] => Ok(()),
                    _ => Err(PingError::Malformed(ResponseError::new("body", "not empty", status))),
                }
            }
        }

        crate::operation!(
            Ping,
            (),
            (),
            PingError,
            auth = [NoAuth, Other("custom")],
            unsigned_payload = true,
            streaming_output = true,
            request_compression = ["gzip"],
        );
        crate::operation_error!(PingError { Unmodeled, Malformed });

        /// Pages through `bodies` with the traits alone, as a generic client would.
        fn pages<O: Paginated>(first: O::Input<'static>, bodies: &[&'static str]) -> Vec<String>
        where
            for<'a> O::Input<'a>: Clone,
        {
            let mut input = first;
            let mut uris = Vec::new();
            for body in bodies {
                let request = O::request(&input, "https://example.com".into()).unwrap();
                uris.push(request.uri().to_string());
                let response = http::Response::new(body.as_bytes().to_vec());
                let output = O::response(&response).ok().unwrap();
                match O::next_request(&input, &output) {
                    Some(next) => input = next,
                    None => break,
                }
            }
            uris
        }

        #[test]
        fn the_macro_says_what_differs_from_the_service() {
            use crate::endpoint::EndpointParams;
            use crate::{AuthScheme, Service};
            // The service's schemes, unless the operation has its own.
            assert_eq!(<ListThings as Operation>::AUTH, [AuthScheme::SigV4]);
            const { assert!(!<ListThings as Operation>::UNSIGNED_PAYLOAD) };
            assert_eq!(<Ping as Operation>::AUTH, [AuthScheme::NoAuth, AuthScheme::Other("custom")]);
            const { assert!(<Ping as Operation>::UNSIGNED_PAYLOAD) };
            const { assert!(<Ping as Operation>::STREAMING_OUTPUT && !<ListThings as Operation>::STREAMING_OUTPUT) };
            assert_eq!(<Ping as Operation>::REQUEST_COMPRESSION, ["gzip"]);
            assert!(<ListThings as Operation>::REQUEST_COMPRESSION.is_empty());
            assert_eq!(<<Ping as Operation>::Service as Service>::SIGNING_NAME, "things");
            // Endpoint parameters, set through the trait as a client does.
            fn endpoint<O: Operation>(input: &O::Input<'_>) -> String {
                let mut params = <<O::Service as Service>::EndpointParams>::default();
                O::endpoint_params(input, &mut params);
                params.resolve().unwrap().url
            }
            let input = ListThingsInput { token: Some("t1".to_owned()) };
            assert_eq!(endpoint::<ListThings>(&input), "https://things.example/t1");
            // An operation that gives none leaves them as they are.
            assert_eq!(endpoint::<Ping>(&()), "https://things.example/-");
        }

        #[test]
        fn the_macros_implement_the_traits_by_the_inherent_items() {
            assert_eq!(<ListThings as Operation>::NAME, "ListThings");
            assert_eq!(<Ping as Operation>::NAME, "Ping");
            let uris = pages::<ListThings>(ListThingsInput::default(), &["a", "b", "b", "c"]);
            // The third page repeats the token it was sent: paging stops there.
            assert_eq!(
                uris,
                [
                    "https://example.com/things",
                    "https://example.com/things?token=a",
                    "https://example.com/things?token=b"
                ]
            );
            let request = <Ping as Operation>::request(&(), "https://example.com/ping".into()).unwrap();
            assert_eq!(request.uri(), "https://example.com/ping");
            assert!(<Ping as Operation>::response(&http::Response::new(Vec::new())).is_ok());
        }

        #[test]
        fn owned_outputs_outlive_the_response_and_items_are_read_generically() {
            use crate::{OwnedOperation, PagedItems};
            // `Ping` borrows nothing: its result outlives the response it was read from.
            fn owned<O: OwnedOperation>(body: &[u8]) -> Result<O::Output<'static>, O::Error<'static>> {
                let response = http::Response::new(body.to_vec());
                O::owned_response(&response)
            }
            assert!(owned::<Ping>(b"").is_ok());
            assert!(matches!(owned::<Ping>(b"x"), Err(PingError::Malformed(_))));
            fn first<O: PagedItems>(output: &O::Output<'_>) -> usize {
                O::items(output).len()
            }
            let response = http::Response::new(b"t".to_vec());
            let output = ListThings::response(&response).unwrap();
            assert_eq!(<ListThings as PagedItems>::items(&output), ["t"]);
            assert_eq!(first::<ListThings>(&ListThingsOutput { next: None }), 0);
        }

        #[test]
        fn an_error_enum_is_the_error_it_holds() {
            let response = http::Response::builder().status(429).body(b"slow down".to_vec()).unwrap();
            let error = <ListThings as Operation>::response(&response).unwrap_err();
            assert_eq!(error.to_string(), "Throttled: slow down");
            assert_eq!(
                (error.code(), error.message(), error.status()),
                (Some("Throttled"), Some("slow down"), Some(429))
            );
            assert!(matches!(error.error().code(), Some("Throttled")));
            let response = http::Response::new(vec![0xff]);
            let error = ListThings::response(&response).unwrap_err();
            assert!(matches!(error, ListThingsError::Malformed(_)));
            assert_eq!(error.status(), Some(200));
            assert!(std::error::Error::source(&error).is_none());
            let response = http::Response::builder().status(503).body(b"later".to_vec()).unwrap();
            let error = <ListThings as Operation>::response(&response).unwrap_err();
            assert!(matches!(error, ListThingsError::Unmodeled(_)));
            assert_eq!((error.message(), error.status()), (Some("later"), Some(503)));

            let response = http::Response::builder().status(500).body(Vec::new()).unwrap();
            let error = <Ping as Operation>::response(&response).unwrap_err();
            assert_eq!((error.code(), error.status()), (None, Some(500)));
            let error = <Ping as Operation>::response(&http::Response::new(b"pong".to_vec())).unwrap_err();
            assert!(matches!(error, PingError::Malformed(_)));
            assert_eq!(error.to_string(), error.error().to_string());
        }
    }
}
