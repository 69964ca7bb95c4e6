//! The wire formats of the bodies: JSON ([`json`](crate::json)), XML ([`xml`](crate::xml)),
//! CBOR ([`cbor`](crate::cbor)) and the query protocols' form-encoded requests
//! ([`query`](crate::query)). Each reads and writes bodies for the generated code; none knows
//! about HTTP beyond the status and error of a response it reads.

pub mod cbor;
pub mod json;
pub mod query;
pub mod xml;
