//! Trait access: a shape's or member's traits by id, with errors that name the owner and
//! the trait.

use super::raw::Trait;
use crate::error::ModelError;
use crate::json::{Json, Pointer, quote_for_message};
use crate::read::fields::Fields;

/// Trait ids the reader understands.
pub(super) mod ids {
    pub const DOCUMENTATION: &str = "smithy.api#documentation";
    pub const REQUIRED: &str = "smithy.api#required";
    pub const CLIENT_OPTIONAL: &str = "smithy.api#clientOptional";
    pub const DEFAULT: &str = "smithy.api#default";
    pub const JSON_NAME: &str = "smithy.api#jsonName";
    pub const XML_NAME: &str = "smithy.api#xmlName";
    pub const XML_ATTRIBUTE: &str = "smithy.api#xmlAttribute";
    pub const XML_FLATTENED: &str = "smithy.api#xmlFlattened";
    pub const XML_NAMESPACE: &str = "smithy.api#xmlNamespace";
    pub const TIMESTAMP_FORMAT: &str = "smithy.api#timestampFormat";
    pub const SENSITIVE: &str = "smithy.api#sensitive";
    pub const DEPRECATED: &str = "smithy.api#deprecated";
    pub const ENUM_VALUE: &str = "smithy.api#enumValue";
    pub const ENUM: &str = "smithy.api#enum";
    pub const LENGTH: &str = "smithy.api#length";
    pub const RANGE: &str = "smithy.api#range";
    pub const PATTERN: &str = "smithy.api#pattern";
    pub const ERROR: &str = "smithy.api#error";
    pub const HTTP_ERROR: &str = "smithy.api#httpError";
    pub const RETRYABLE: &str = "smithy.api#retryable";
    pub const READONLY: &str = "smithy.api#readonly";
    pub const IDEMPOTENT: &str = "smithy.api#idempotent";
    pub const HTTP_CHECKSUM_REQUIRED: &str = "smithy.api#httpChecksumRequired";
    pub const HTTP_CHECKSUM: &str = "aws.protocols#httpChecksum";
    pub const REQUIRES_LENGTH: &str = "smithy.api#requiresLength";
    pub const HTTP: &str = "smithy.api#http";
    pub const HTTP_LABEL: &str = "smithy.api#httpLabel";
    pub const HTTP_QUERY: &str = "smithy.api#httpQuery";
    pub const HTTP_QUERY_PARAMS: &str = "smithy.api#httpQueryParams";
    pub const HTTP_HEADER: &str = "smithy.api#httpHeader";
    pub const HTTP_PREFIX_HEADERS: &str = "smithy.api#httpPrefixHeaders";
    pub const HTTP_PAYLOAD: &str = "smithy.api#httpPayload";
    pub const HTTP_RESPONSE_CODE: &str = "smithy.api#httpResponseCode";
    pub const IDEMPOTENCY_TOKEN: &str = "smithy.api#idempotencyToken";
    pub const STREAMING: &str = "smithy.api#streaming";
    pub const EVENT_PAYLOAD: &str = "smithy.api#eventPayload";
    pub const EVENT_HEADER: &str = "smithy.api#eventHeader";
    pub const SPARSE: &str = "smithy.api#sparse";
    pub const HOST_LABEL: &str = "smithy.api#hostLabel";
    pub const MEDIA_TYPE: &str = "smithy.api#mediaType";
    pub const INPUT: &str = "smithy.api#input";
    pub const MIXIN: &str = "smithy.api#mixin";
    pub const BOX: &str = "smithy.api#box";
    pub const TITLE: &str = "smithy.api#title";
    pub const CONTEXT_PARAM: &str = "smithy.rules#contextParam";
    pub const ENDPOINT_RULE_SET: &str = "smithy.rules#endpointRuleSet";
    pub const CLIENT_CONTEXT_PARAMS: &str = "smithy.rules#clientContextParams";
    pub const STATIC_CONTEXT_PARAMS: &str = "smithy.rules#staticContextParams";
    pub const OPERATION_CONTEXT_PARAMS: &str = "smithy.rules#operationContextParams";
    pub const AWS_SERVICE: &str = "aws.api#service";
    pub const SIGV4: &str = "aws.auth#sigv4";
    pub const AUTH: &str = "smithy.api#auth";
    pub const OPTIONAL_AUTH: &str = "smithy.api#optionalAuth";
    pub const UNSIGNED_PAYLOAD: &str = "aws.auth#unsignedPayload";
    pub const REQUEST_COMPRESSION: &str = "smithy.api#requestCompression";
    /// The auth scheme traits a service may carry (each defined with `@authDefinition`).
    pub const AUTH_SCHEMES: &[&str] = &[
        "aws.auth#sigv4",
        "aws.auth#sigv4a",
        "smithy.api#httpApiKeyAuth",
        "smithy.api#httpBasicAuth",
        "smithy.api#httpBearerAuth",
        "smithy.api#httpDigestAuth",
    ];
    pub const QUERY_ERROR: &str = "aws.protocols#awsQueryError";
    pub const EC2_QUERY_NAME: &str = "aws.protocols#ec2QueryName";
    pub const QUERY_COMPATIBLE: &str = "aws.protocols#awsQueryCompatible";
    pub const ENDPOINT: &str = "smithy.api#endpoint";
    pub const PAGINATED: &str = "smithy.api#paginated";
    pub const WAITABLE: &str = "smithy.waiters#waitable";
}

/// The traits of one shape or member, read with errors that name it and the trait.
pub(super) struct Traits<'t> {
    pub(super) owner: &'t str,
    pub(super) traits: &'t [Trait],
}

/// One trait's value, with errors that name its owner and itself.
pub(super) struct TraitValue<'t> {
    pub(super) owner: &'t str,
    pub(super) t: &'t Trait,
}

impl<'t> Traits<'t> {
    pub(super) fn new(owner: &'t str, traits: &'t [Trait]) -> Self {
        Traits { owner, traits }
    }

    pub(super) fn get(&self, id: &str) -> Option<TraitValue<'t>> {
        self.traits.iter().find(|t| t.id == id).map(|t| TraitValue { owner: self.owner, t })
    }

    /// An annotation trait (value `{}`): present or not.
    pub(super) fn flag(&self, id: &str) -> Result<bool, ModelError> {
        match self.get(id) {
            None => Ok(false),
            Some(v) => v.annotation().map(|()| true),
        }
    }

    pub(super) fn string(&self, id: &str) -> Result<Option<String>, ModelError> {
        self.get(id).map(|v| v.string().map(str::to_owned)).transpose()
    }
}

impl<'t> TraitValue<'t> {
    pub(super) fn error(&self, at: &Pointer, message: impl std::fmt::Display) -> ModelError {
        ModelError::new(
            at,
            format!("trait {} of {}: {message}", quote_for_message(&self.t.id), quote_for_message(self.owner)),
        )
    }

    pub(super) fn expected(&self, what: &str) -> ModelError {
        self.error(&self.t.at, format!("expected {what}, found {}", self.t.value.type_name()))
    }

    /// Puts an error from reading inside the value in the trait's terms.
    pub(super) fn context(&self, e: ModelError) -> ModelError {
        self.error(&e.pointer, e.message)
    }

    pub(super) fn annotation(&self) -> Result<(), ModelError> {
        match &self.t.value {
            Json::Object(entries) if entries.is_empty() => Ok(()),
            _ => Err(self.expected("an empty object ({})")),
        }
    }

    pub(super) fn string(&self) -> Result<&'t str, ModelError> {
        self.t.value.as_str().ok_or_else(|| self.expected("a string"))
    }

    /// A list of strings, such as `@auth`'s shape ids.
    pub(super) fn strings(&self) -> Result<Vec<&'t str>, ModelError> {
        match &self.t.value {
            Json::Array(items) => {
                items.iter().map(|item| item.as_str().ok_or_else(|| self.expected("a list of strings"))).collect()
            }
            _ => Err(self.expected("a list of strings")),
        }
    }

    pub(super) fn object(&self) -> Result<Fields<'t>, ModelError> {
        match &self.t.value {
            Json::Object(_) => Fields::of(&self.t.value, &self.t.at, "an object").map_err(|e| self.context(e)),
            _ => Err(self.expected("an object")),
        }
    }

    pub(super) fn u16(&self) -> Result<u16, ModelError> {
        match &self.t.value {
            Json::Number(n) => n
                .as_u64()
                .and_then(|n| u16::try_from(n).ok())
                .ok_or_else(|| self.error(&self.t.at, format!("expected an integer from 0 to 65535, found {n}"))),
            _ => Err(self.expected("an integer")),
        }
    }
}
