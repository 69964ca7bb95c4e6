//! The HTTP bindings of the AWS protocols: building a request from members bound to the URI,
//! the query string, headers and the payload ([`request`](crate::request)), and reading
//! members bound to headers and the status code, and the error code and message of a failed
//! call ([`response`](crate::response)).

pub mod request;
pub mod response;
