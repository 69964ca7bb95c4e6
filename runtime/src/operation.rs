//! The traits that generated operations and their errors implement.

use crate::request::RequestError;

/// One operation of an API: how to build its request and read its response, without I/O.
///
/// Sending the request and receiving the response is the caller's business: any HTTP client
/// will do.
pub trait Operation {
    /// The operation's name in the model.
    const NAME: &'static str;

    /// The input; `()` for an operation without one.
    type Input<'a>;

    /// The output; `()` for an operation without one. It may borrow from the response's body.
    type Output<'a>;

    /// The operation's error: one of the errors the model lists for it, an error it does not
    /// list, or a response that could not be read. It may borrow from the response's body.
    type Error<'a>: ServiceError;

    /// The request for `input`, sent to `endpoint` (an absolute URI such as
    /// `https://guardduty.us-east-1.amazonaws.com`).
    ///
    /// # Errors
    ///
    /// A required member that is not set, a value that cannot go where it is bound (an empty
    /// URI label, an invalid host label or header value), an invalid endpoint, or a body that
    /// could not be written.
    fn request(input: &Self::Input<'_>, endpoint: &str) -> Result<http::Request<Vec<u8>>, RequestError>;

    /// The output of a successful `response`, or the error of a failed one.
    ///
    /// # Errors
    ///
    /// The service's error when the response says the call failed, or an error naming the place
    /// of a response that could not be read.
    fn response<B: AsRef<[u8]>>(response: &http::Response<B>) -> Result<Self::Output<'_>, Self::Error<'_>>;
}

/// What every error of a service says of itself: the modeled errors' structures, the
/// operations' error enums (through [`OperationError`]), and the runtime's own
/// [`UnmodeledError`](crate::response::UnmodeledError) and
/// [`ResponseError`](crate::response::ResponseError).
pub trait ServiceError: std::error::Error {
    /// The error code: the error's shape name in the service's model, when the service gave one.
    fn code(&self) -> Option<&str>;

    /// The error message, when there is one.
    fn message(&self) -> Option<&str>;

    /// The HTTP status of the response, when the error came from one.
    fn status(&self) -> Option<u16>;
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
}

/// An operation whose results come in pages: the request for the next page is the same input
/// with its token members set from the page's output.
pub trait Paginated: Operation {
    /// The request for the page after `output`, which answered `input`; `None` after the last
    /// page, which is the one without a token, with an empty token, or with the token `input`
    /// sent (a service repeating its token would otherwise be paged forever).
    fn next_request<'a>(input: &Self::Input<'a>, output: &Self::Output<'_>) -> Option<Self::Input<'a>>;
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
        type Input<'a> = GetThingInput<'a>;
        type Output<'a> = GetThingOutput<'a>;
        type Error<'a> = GetThingError;

        fn request(input: &GetThingInput<'_>, endpoint: &str) -> Result<http::Request<Vec<u8>>, RequestError> {
            let mut request = RequestBuilder::new("POST", endpoint)?;
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
        let request = GetThing::request(&input, "https://example.com/v1").unwrap();
        assert_eq!(request.uri(), "https://example.com/v1/things/a%2Fb");
        assert_eq!(request.headers()["x-token"], "t");
        assert_eq!(request.headers()["content-length"], "15");
        assert_eq!(request.body(), br#"[["token","t"]]"#);
        let error = GetThing::request(&GetThingInput { id: None, token: "t" }, "https://example.com").unwrap_err();
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
}
