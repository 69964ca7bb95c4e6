//! Every shape type and serialization feature, on `tests/cases/features/model.json`, compiled by
//! the root build script.

use std::collections::HashMap;

use serde_json::{Value, json};
use shapegen_tests::features::*;

fn round_trip<T: serde::Serialize + serde::de::DeserializeOwned>(wire: Value) -> T {
    let typed: T = serde_json::from_value(wire.clone()).unwrap_or_else(|e| panic!("{e}: {wire}"));
    assert_eq!(serde_json::to_value(&typed).unwrap(), wire);
    typed
}

#[test]
fn every_member_kind_round_trips() {
    let wire = json!({
        "name": "thing",
        "createdAt": 1599091200.123,
        "updatedAt": "2020-09-03T12:00:00.5Z",
        "expiresAt": "Thu, 03 Sep 2020 12:00:00 GMT",
        "history": [0, 1599091200, 1599091200.000001],
        "checkpoints": {"a": "2020-09-03T12:00:00Z"},
        "payload": "aGVsbG8=",
        "chunks": ["", "AA=="],
        "score": 0.1,
        "ratio": 0.5,
        "count": 9007199254740993i64,
        "small": -2147483648,
        "flag": false,
        "doc": {"any": ["json", 1, null, {"x": true}]},
        "tags": ["a", null, "b"],
        "labels": {"a": null, "b": "x"},
        "password": "hunter2",
        "oldField": "legacy",
        "parent": {"name": "grandparent"},
        "children": [{"name": "child", "children": []}],
        "shape": {"circle": {"radius": 2.5}},
        "color": "GREEN",
        "colors": ["red", "Unknown", "purple"],
        "byColor": {"Blue": 3},
        "required": {"Text": "t", "Number": 1, "When": 0, "Items": [], "Choice": "red", "Inner": {}, "Data": "", "Score": 1.0}
    });
    let thing: Thing = round_trip(wire);
    assert_eq!(thing.payload.as_deref(), Some(b"hello".as_slice()));
    assert_eq!(thing.tags.as_ref().unwrap()[1], None);
    assert_eq!(thing.count, Some(9_007_199_254_740_993));
    assert_eq!(thing.history.as_ref().unwrap()[2].to_string(), "2020-09-03T00:00:00.000001Z");
    assert_eq!(thing.expires_at.unwrap().to_string(), "2020-09-03T12:00:00Z");
    assert_eq!(thing.parent.as_ref().unwrap().name, "grandparent");
    assert_eq!(thing.color, Some(Color::Green));
    assert_eq!(thing.colors.as_ref().unwrap()[1], Color::UnknownValue);
    assert_eq!(thing.colors.as_ref().unwrap()[2], Color::Unknown("purple".to_owned()));
    assert_eq!(thing.by_color.as_ref().unwrap()[&Color::Blue], 3);
    assert_eq!(thing.shape, Some(ShapeUnion::Circle(Circle::builder().radius(2.5).build())));
}

#[test]
fn special_floats_travel_as_strings() {
    let thing: Thing = round_trip(json!({"name": "n", "score": "NaN", "ratio": "-Infinity"}));
    assert!(thing.score.unwrap().is_nan());
    assert_eq!(thing.ratio, Some(f32::NEG_INFINITY));
    let thing: Thing = round_trip(json!({"name": "n", "score": "Infinity"}));
    assert_eq!(thing.score, Some(f64::INFINITY));
    let err = serde_json::from_value::<Thing>(json!({"name": "n", "score": "nan"})).unwrap_err();
    assert!(err.to_string().contains("\"NaN\""), "{err}");
}

#[test]
fn unions_have_exactly_one_member() {
    let nested: ShapeUnion = round_trip(json!({"nested": {"nested": {"label": "deep"}}}));
    assert_eq!(
        nested,
        ShapeUnion::Nested(Box::new(ShapeUnion::Nested(Box::new(ShapeUnion::Label("deep".to_owned())))))
    );
    let at: ShapeUnion = round_trip(json!({"at": 1.5}));
    assert_eq!(at, ShapeUnion::At(jiff::Timestamp::new(1, 500_000_000).unwrap()));
    let raw: ShapeUnion = round_trip(json!({"raw": "AQID"}));
    assert_eq!(raw, ShapeUnion::Raw(vec![1, 2, 3]));
    // A member added after generation is kept, with its name.
    let unknown: ShapeUnion = round_trip(json!({"hexagon": {"side": 1}}));
    assert_eq!(unknown, ShapeUnion::Unknown { name: "hexagon".to_owned(), value: json!({"side": 1}) });
    // Nulls do not count as set; a type tag is not a member.
    let label: ShapeUnion = serde_json::from_value(json!({"circle": null, "label": "x", "__type": "T"})).unwrap();
    assert_eq!(label, ShapeUnion::Label("x".to_owned()));
    for bad in [json!({}), json!({"label": "a", "raw": ""}), json!({"circle": null})] {
        let err = serde_json::from_value::<ShapeUnion>(bad.clone()).unwrap_err().to_string();
        assert!(err.starts_with("union ShapeUnion has"), "{bad}: {err}");
    }
}

#[test]
fn sensitive_values_are_redacted_in_debug() {
    let thing =
        Thing::builder().name("n").password("hunter2").shape(ShapeUnion::Secret("s3cr3t".to_owned())).build().unwrap();
    let debug = format!("{thing:?}");
    assert!(!debug.contains("hunter2") && !debug.contains("s3cr3t"), "{debug}");
    assert!(debug.contains(r#"password: "*** Sensitive Data Redacted ***""#), "{debug}");
    assert!(debug.contains(r#"name: "n""#), "{debug}");

    let request = PutThingRequest::builder()
        .thing_id("t")
        .thing(thing.clone())
        .token("tok3n")
        .credentials(Credentials::builder().key("AKIA").secret("wJalr").build())
        .build()
        .unwrap();
    let debug = format!("{request:?}");
    assert!(!["tok3n", "AKIA", "wJalr", "hunter2"].iter().any(|s| debug.contains(s)), "{debug}");
    // A union variant holding sensitive values in a list, a map or a structure prints none.
    let secrets = ["l1st", "m4p"];
    let variants = [
        ShapeUnion::Secrets(vec!["l1st".to_owned()]),
        ShapeUnion::SecretsByName(HashMap::from([("k".to_owned(), "m4p".to_owned())])),
        ShapeUnion::Vault(
            Vault::builder()
                .label("shown")
                .secrets(vec!["l1st".to_owned()])
                .secrets_by_name(HashMap::from([("k".to_owned(), "m4p".to_owned())]))
                .build(),
        ),
    ];
    for variant in variants {
        let debug = format!("{variant:?}");
        assert!(!secrets.iter().any(|s| debug.contains(s)), "{debug}");
        assert!(debug.contains("*** Sensitive Data Redacted ***"), "{debug}");
    }
    let vault = format!("{:?}", ShapeUnion::Vault(Vault::builder().label("shown").build()));
    assert!(vault.contains("shown"), "a structure's members that are not sensitive print: {vault}");
    // A sensitive enum prints redacted, whether the model lists its value or not; its wire
    // value is still there to read.
    assert_eq!(format!("{:?}", Clearance::TopSecret), "*** Sensitive Data Redacted ***");
    assert_eq!(format!("{:?}", Clearance::from("unlisted")), "*** Sensitive Data Redacted ***");
    let vault = Vault::builder().clearance(Clearance::TopSecret).build();
    let debug = format!("{vault:?}");
    assert!(!debug.contains("TopSecret") && debug.contains("*** Sensitive Data Redacted ***"), "{debug}");
    assert_eq!(vault.clearance.as_ref().map(Clearance::as_str), Some("top-secret"));
    assert_eq!(round_trip::<Vault>(json!({"clearance": "top-secret"})).clearance, Some(Clearance::TopSecret));
    let builder = format!("{:?}", PutThingRequest::builder().token("tok3n"));
    assert!(!builder.contains("tok3n"), "{builder}");
    // Serialization is the wire; only Debug redacts.
    assert_eq!(serde_json::to_value(&thing).unwrap()["password"], "hunter2");
}

#[test]
fn bound_members_stay_out_of_the_body() {
    let request = PutThingRequest::builder()
        .thing_id("t-1")
        .version(3)
        .token("tok")
        .meta(std::collections::HashMap::from([("a".to_owned(), "b".to_owned())]))
        .client_token("c")
        .thing(Thing::builder().name("n").build().unwrap())
        .build()
        .unwrap();
    assert_eq!(serde_json::to_value(&request).unwrap(), json!({"clientToken": "c", "thing": {"name": "n"}}));
    let response: PutThingResponse =
        serde_json::from_value(json!({"Status": 201, "thing": {"name": "n"}, "x-amzn-RequestId": "r"})).unwrap();
    assert_eq!(response.status, None);
    assert_eq!(response.request_id, None);
}

#[test]
fn missing_required_members_take_zero_values() {
    let required: Required = serde_json::from_value(json!({})).unwrap();
    assert_eq!(required, Required::default());
    assert_eq!(required.when, jiff::Timestamp::UNIX_EPOCH);
    assert_eq!(required.choice.as_str(), "");
    let nulls: Required = serde_json::from_value(json!({
        "Text": null, "Number": null, "When": null, "Items": null, "Choice": null, "Inner": null, "Data": null, "Score": null
    }))
    .unwrap();
    assert_eq!(nulls, required);
}

#[test]
fn errors_carry_code_status_and_message() {
    assert_eq!(ThingNotFound::CODE, "ThingNotFound");
    assert_eq!(ThingNotFound::HTTP_STATUS, 404);
    // Without an explicit code, the error's code is its shape name.
    assert_eq!(Throttled::CODE, "Throttled");
    assert_eq!(Throttled::HTTP_STATUS, 429);
    let err: Throttled = serde_json::from_value(json!({"message": "slow down"})).unwrap();
    assert_eq!(err.to_string(), "Throttled: slow down");
    let err: ThingNotFound = serde_json::from_value(json!({"thingId": "t"})).unwrap();
    assert_eq!(err.to_string(), "ThingNotFound");
}

#[test]
fn event_stream_members_are_typed() {
    let event: EventStream = round_trip(json!({"End": {}}));
    assert_eq!(event, EventStream::End(EndEvent::default()));
    // `Percent` is the event's payload: the whole body of the event message, which the
    // transport reads and writes, so serde skips it like an HTTP payload.
    // Events arrive in responses: read, not built, they have no builder.
    let mut event = ProgressEvent::default();
    event.percent = Some(50);
    let progress = EventStream::Progress(event);
    assert_eq!(serde_json::to_value(&progress).unwrap(), json!({"Progress": {}}));
}

#[test]
#[allow(deprecated)]
fn deprecated_members_still_work() {
    let thing = Thing::builder().name("n").old_field("x").build().unwrap();
    assert_eq!(thing.old_field.as_deref(), Some("x"));
}

#[test]
fn recursion_is_boxed_only_where_needed() {
    // `Parent` closes a cycle and is boxed; `Children` is a list, already on the heap.
    let child = Thing::builder().name("c").build().unwrap();
    let thing = Thing::builder().name("p").parent(child.clone()).children(vec![child.clone()]).build().unwrap();
    let parent: Option<Box<Thing>> = thing.parent.clone();
    assert_eq!(*parent.unwrap(), child);
    let children: &Vec<Thing> = thing.children.as_ref().unwrap();
    assert_eq!(children.len(), 1);
}
