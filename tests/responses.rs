//! Malformed and hostile response bodies: a clear error naming the place, never a panic, a
//! hang, or memory out of proportion to the body.

use guardduty_types::json::{Error, from_slice, from_str};
use guardduty_types::{AwsApiCallAction, GetFindingsResponse, LocalPortDetails, OrderBy, SortCriteria};
use serde_json::{Value, json};
use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};

const FULL_RESPONSE: &str = include_str!("fixtures/get-findings-response.json");

fn full() -> Value {
    serde_json::from_str(FULL_RESPONSE).unwrap()
}

fn read(body: &Value) -> Result<GetFindingsResponse, Error> {
    from_slice(&serde_json::to_vec(body).unwrap())
}

/// Four findings, the fourth with `value` at `pointer` (a JSON pointer into one finding).
fn with_fourth_finding_at(pointer: &str, value: Value) -> Value {
    let mut body = full();
    let finding = body["findings"][0].clone();
    let findings = body["findings"].as_array_mut().unwrap();
    findings.extend([finding.clone(), finding.clone(), finding]);
    *findings[3].pointer_mut(pointer).unwrap() = value;
    body
}

#[test]
fn a_wrong_type_is_reported_with_its_path() {
    let body = with_fourth_finding_at("/service/action/awsApiCallAction/errorCode", json!(5));
    let err = read(&body).unwrap_err();
    assert_eq!(
        err.to_string(),
        "findings[3].service.action.awsApiCallAction.errorCode: invalid type: integer `5`, expected a string"
    );
    assert_eq!(err.path(), "findings[3].service.action.awsApiCallAction.errorCode");
    assert_eq!(err.classify(), serde_json::error::Category::Data);
}

#[test]
fn wrong_types_at_every_depth_name_their_place() {
    let cases = [
        ("/accountId", json!(1), "findings[3].accountId: invalid type: integer `1`, expected a string"),
        (
            "/severity",
            json!("high"),
            "findings[3].severity: invalid value: string \"high\", expected a number, \"NaN\", \"Infinity\" or \"-Infinity\"",
        ),
        // A structure is an object on the wire, never an array of its members in order.
        ("/resource", json!([]), "findings[3].resource: invalid type: sequence, expected struct Resource"),
        (
            "/resource",
            json!([null, null, null, null]),
            "findings[3].resource: invalid type: sequence, expected struct Resource",
        ),
        ("/resource", json!("r"), "findings[3].resource: invalid type: string \"r\", expected struct Resource"),
        (
            "/resource/s3BucketDetails/0/createdAt",
            json!("yesterday"),
            "findings[3].resource.s3BucketDetails[0].createdAt: invalid value: string \"yesterday\", expected a timestamp (epoch seconds, RFC 3339 or HTTP date)",
        ),
        (
            "/resource/instanceDetails/networkInterfaces/0/securityGroups/0/groupId",
            json!(false),
            "findings[3].resource.instanceDetails.networkInterfaces[0].securityGroups[0].groupId: invalid type: boolean `false`, expected a string",
        ),
        ("/service/count", json!(1.5), "findings[3].service.count: invalid type: floating point `1.5`, expected i32"),
        (
            "/service/archived",
            json!("true"),
            "findings[3].service.archived: invalid type: string \"true\", expected a boolean",
        ),
        (
            "/resource/instanceDetails/tags",
            json!({"key": "k"}),
            "findings[3].resource.instanceDetails.tags: invalid type: map, expected a sequence",
        ),
    ];
    for (pointer, value, expected) in cases {
        let err = read(&with_fourth_finding_at(pointer, value)).unwrap_err();
        assert_eq!(err.to_string(), expected, "{pointer}");
    }
}

#[test]
fn numbers_out_of_range_are_errors() {
    let err = from_str::<LocalPortDetails>(r#"{"port": 2147483648}"#).unwrap_err();
    assert_eq!(err.to_string(), "port: invalid value: integer `2147483648`, expected i32");
    let err = from_str::<LocalPortDetails>(r#"{"port": -2147483649}"#).unwrap_err();
    assert_eq!(err.to_string(), "port: invalid value: integer `-2147483649`, expected i32");
    let ok: LocalPortDetails = from_str(r#"{"port": -2147483648}"#).unwrap();
    assert_eq!(ok.port, Some(i32::MIN));
    // Out of f64's range altogether.
    let err = from_str::<GetFindingsResponse>(r#"{"findings": [{"severity": 1e400}]}"#).unwrap_err();
    assert!(err.to_string().starts_with("findings[0].severity: number out of range"), "{err}");
}

#[test]
fn nan_and_infinity_only_in_their_aws_spellings() {
    for (text, expected) in
        [(r#""NaN""#, None), (r#""Infinity""#, Some(f64::INFINITY)), (r#""-Infinity""#, Some(f64::NEG_INFINITY))]
    {
        let geo: guardduty_types::GeoLocation = from_str(&format!(r#"{{"lat": {text}}}"#)).unwrap();
        match expected {
            Some(v) => assert_eq!(geo.lat, Some(v)),
            None => assert!(geo.lat.unwrap().is_nan()),
        }
    }
    for bad in ["NaN", "Infinity", "-Infinity", r#""nan""#, r#""inf""#, r#""+Infinity""#] {
        assert!(from_str::<guardduty_types::GeoLocation>(&format!(r#"{{"lat": {bad}}}"#)).is_err(), "{bad}");
    }
}

#[test]
fn truncated_bodies_are_errors_at_every_length() {
    let body = serde_json::to_vec(&full()).unwrap();
    // Every prefix, not only a few: none may panic or succeed.
    for len in 0..body.len() {
        let result = from_slice::<GetFindingsResponse>(&body[..len]);
        let err = result.err().unwrap_or_else(|| panic!("a body cut at {len} bytes was accepted"));
        assert!(
            matches!(err.classify(), serde_json::error::Category::Eof | serde_json::error::Category::Syntax),
            "{len}: {err}"
        );
    }
    assert!(from_slice::<GetFindingsResponse>(&body).is_ok());
    let err = from_slice::<GetFindingsResponse>(br#"{"findings": []} trailing"#).unwrap_err();
    assert_eq!(err.to_string(), "trailing characters");
}

#[test]
fn deep_nesting_is_an_error_not_a_stack_overflow() {
    for depth in [200, 10_000, 1_000_000] {
        let deep = format!("{}{}", "[".repeat(depth), "]".repeat(depth));
        // Where a list of tags is expected: an error, at the limit of nesting.
        let body = format!(r#"{{"findings": [{{"resource": {{"instanceDetails": {{"tags": {deep}}}}}}}]}}"#);
        let err = from_str::<GetFindingsResponse>(&body).unwrap_err();
        assert!(err.to_string().starts_with("findings[0].resource.instanceDetails.tags[0]"), "{err}");
        // As an unknown member it is skipped, without recursion: no error, no overflow.
        let body = format!(r#"{{"findings": [], "unknown": {deep}}}"#);
        assert!(from_str::<GetFindingsResponse>(&body).is_ok());
        // Deep nesting of what is never closed is an error too.
        let body = format!(r#"{{"findings": [], "unknown": {}}}"#, "[".repeat(depth));
        assert!(from_str::<GetFindingsResponse>(&body).is_err());
    }
}

#[test]
fn duplicate_keys_are_errors() {
    let err = from_str::<AwsApiCallAction>(r#"{"api": "a", "api": "b"}"#).unwrap_err();
    assert_eq!(err.to_string(), "duplicate field `api`");
    // A structure member too (read in place, into the structure already there).
    let err = from_str::<AwsApiCallAction>(r#"{"domainDetails": {}, "domainDetails": null}"#).unwrap_err();
    assert_eq!(err.to_string(), "duplicate field `domainDetails`");
}

#[test]
fn reading_in_place_leaves_nothing_of_the_value_there_before() {
    let old = r#"{"api": "old", "callerType": "x", "domainDetails": {"domain": "old.example"}}"#;
    let new = r#"{"domainDetails": {}, "serviceName": "new"}"#;
    let mut place: AwsApiCallAction = from_str(old).unwrap();
    shapegen_runtime::support::read_struct_in_place(&mut serde_json::Deserializer::from_str(new), &mut place).unwrap();
    assert_eq!(place, from_str::<AwsApiCallAction>(new).unwrap());
    assert_eq!(serde_json::to_value(&place).unwrap(), json!({"domainDetails": {}, "serviceName": "new"}));
}

#[test]
fn invalid_utf8_and_lone_surrogates_are_errors() {
    let err = from_slice::<AwsApiCallAction>(b"{\"api\": \"\xff\xfe\"}").unwrap_err();
    assert!(err.to_string().contains("invalid unicode code point"), "{err}");
    // A leading surrogate with nothing after it, and a trailing one with nothing before.
    let err = from_str::<AwsApiCallAction>(r#"{"api": "\ud800"}"#).unwrap_err();
    assert_eq!((err.path(), err.classify()), ("api", serde_json::error::Category::Syntax), "{err}");
    let err = from_str::<AwsApiCallAction>(r#"{"api": "\udc00x"}"#).unwrap_err();
    assert_eq!((err.path(), err.classify()), ("api", serde_json::error::Category::Syntax), "{err}");
    // A proper pair is a character.
    let ok: AwsApiCallAction = from_str(r#"{"api": "\ud83e\udd80"}"#).unwrap();
    assert_eq!(ok.api.as_deref(), Some("🦀"));
}

#[test]
fn unknown_enum_values_are_kept_and_unknown_members_ignored() {
    let criteria: SortCriteria =
        from_str(r#"{"orderBy": "SIDEWAYS", "newMember": {"nested": [1, {"x": null}]}}"#).unwrap();
    assert_eq!(criteria.order_by, Some(OrderBy::Unknown("SIDEWAYS".to_owned())));
    assert_eq!(serde_json::to_value(&criteria).unwrap(), json!({"orderBy": "SIDEWAYS"}));
}

#[test]
fn nulls_for_optional_members_read_as_absent() {
    let action: AwsApiCallAction =
        from_str(r#"{"api": null, "domainDetails": null, "remoteIpDetails": null}"#).unwrap();
    assert_eq!(action, AwsApiCallAction::default());
}

#[test]
fn hostile_strings_are_data() {
    // Strings are kept exactly, whatever they hold.
    let hostile = "\u{0}\u{202E}\"}]; fn evil() {} /* */ \\ \u{10FFFF} \n\t";
    let action: AwsApiCallAction = from_str(&serde_json::to_string(&json!({"api": hostile})).unwrap()).unwrap();
    assert_eq!(action.api.as_deref(), Some(hostile));
    assert_eq!(serde_json::to_value(&action).unwrap(), json!({"api": hostile}));
}

/// Counts the bytes allocated at the peak, to show what reading a body costs.
struct PeakAllocator;

static CURRENT: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

// SAFETY: forwards to the system allocator; only counts.
unsafe impl GlobalAlloc for PeakAllocator {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let now = CURRENT.fetch_add(layout.size(), Ordering::SeqCst) + layout.size();
        PEAK.fetch_max(now, Ordering::SeqCst);
        // SAFETY: the caller's contract is the system allocator's.
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        CURRENT.fetch_sub(layout.size(), Ordering::SeqCst);
        // SAFETY: the caller's contract is the system allocator's.
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static ALLOCATOR: PeakAllocator = PeakAllocator;

/// A 100 MB string costs one 100 MB allocation on top of the body, not several copies.
#[test]
fn large_strings_cost_what_was_sent() {
    let size = 100 << 20;
    let body = format!(r#"{{"api": "{}", "errorCode": "x"}}"#, "a".repeat(size));
    // Other tests run in parallel threads of this process; their allocations are small
    // beside 100 MB, and this margin covers them.
    let before = CURRENT.load(Ordering::SeqCst);
    PEAK.store(before, Ordering::SeqCst);
    let action: AwsApiCallAction = from_str(&body).unwrap();
    let added = PEAK.load(Ordering::SeqCst) - before;
    assert_eq!(action.api.as_ref().map(String::len), Some(size));
    assert_eq!(action.error_code.as_deref(), Some("x"));
    assert!(added < size + size / 4, "reading a {size}-byte string allocated {added} bytes at the peak");
}

#[test]
fn the_fast_read_and_the_path_tracking_read_agree() {
    // A valid body is read without tracking paths; a failing one is read again with them.
    // Either way the caller sees one answer: the same value, or the same error with its place.
    let good = serde_json::to_vec(&full()).unwrap();
    let via_slice: GetFindingsResponse = from_slice(&good).unwrap();
    let via_str: GetFindingsResponse = from_str(std::str::from_utf8(&good).unwrap()).unwrap();
    assert_eq!(via_slice, via_str);
    assert_eq!(via_slice, serde_json::from_slice::<GetFindingsResponse>(&good).unwrap());

    let bad = serde_json::to_string_pretty(&with_fourth_finding_at("/service/count", json!("many"))).unwrap();
    let (a, b) = (
        from_slice::<GetFindingsResponse>(bad.as_bytes()).unwrap_err(),
        from_str::<GetFindingsResponse>(&bad).unwrap_err(),
    );
    assert_eq!((a.to_string(), a.line(), a.column()), (b.to_string(), b.line(), b.column()));
    assert_eq!(a.path(), "findings[3].service.count");
    let plain = serde_json::from_str::<GetFindingsResponse>(&bad).unwrap_err();
    assert_eq!((a.line(), a.column()), (plain.line(), plain.column()), "the position of serde_json's own error");
}
