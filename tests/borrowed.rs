//! Borrowed strings (`Strings::Borrowed`): the same models as elsewhere, generated with
//! `Cow<'a, str>` for strings, read the same values as the owned types, borrow every string
//! that has no escapes from the body, and write the same bytes back.

use std::borrow::Cow;

use serde_json::{Value, json};
use shapegen::sample::{Options, Sampler};
use shapegen_tests::{features, features_borrowed, guardduty_2026, guardduty_2026_borrowed};
use shapegen_tests::{smithy_features, smithy_features_borrowed};

const GUARDDUTY_2026: &[u8] = include_bytes!("cases/guardduty-2026/model.json.gz");

/// Whether `text` lies inside `body`: borrowed from it, not copied.
fn inside(text: &str, body: &[u8]) -> bool {
    let range = body.as_ptr_range();
    let text = text.as_bytes().as_ptr_range();
    range.start <= text.start && text.end <= range.end
}

/// GetFindings bodies of `findings` sampled findings: realistic ones (plain text, as services
/// send), and adversarial ones (escapes, non-ASCII, controls, edge-case numbers).
fn bodies(findings: usize) -> Vec<Vec<u8>> {
    let loaded = shapegen::read::load(GUARDDUTY_2026, None).unwrap();
    [Options::realistic(), Options::default()]
        .into_iter()
        .enumerate()
        .map(|(seed, options)| {
            let mut sampler = Sampler::new(&loaded.model, seed as u64).with_options(options);
            let findings: Vec<_> = (0..findings).map(|_| sampler.sample("Finding").unwrap()).collect();
            serde_json::to_vec(&json!({ "findings": findings })).unwrap()
        })
        .collect()
}

#[test]
fn owned_and_borrowed_types_read_and_write_a_body_alike() {
    for body in bodies(8) {
        let owned: guardduty_2026::GetFindingsResponse = guardduty_2026::json::from_slice(&body).unwrap();
        let borrowed: guardduty_2026_borrowed::GetFindingsResponse =
            guardduty_2026_borrowed::json::from_slice(&body).unwrap();
        assert_eq!(serde_json::to_value(&borrowed).unwrap(), serde_json::to_value(&owned).unwrap());
        let text = std::str::from_utf8(&body).unwrap();
        let from_str: guardduty_2026_borrowed::GetFindingsResponse =
            guardduty_2026_borrowed::json::from_str(text).unwrap();
        assert_eq!(from_str, borrowed);
    }
}

#[test]
fn strings_without_escapes_are_borrowed_and_those_with_escapes_are_unescaped_copies() {
    let body = br#"{"findings": [{
        "id": "plain",
        "title": "line\nbreak \u00e9",
        "resource": {"instanceDetails": {"tags": [{"key": "k", "value": "\"quoted\""}]}},
        "service": {"additionalInfo": {"value": "{\"a\": 1}", "type": "default"}}
    }]}"#;
    let response: guardduty_2026_borrowed::GetFindingsResponse =
        guardduty_2026_borrowed::json::from_slice(body).unwrap();
    let finding = &response.findings.as_ref().unwrap()[0];
    let id = finding.id.as_ref().unwrap();
    assert!(matches!(id, Cow::Borrowed("plain")) && inside(id, body), "{id:?}");
    assert_eq!(finding.title.as_deref(), Some("line\nbreak \u{e9}"));
    assert!(matches!(finding.title, Some(Cow::Owned(_))));
    let instance = finding.resource.as_ref().unwrap().instance_details.as_ref().unwrap();
    let tag = &instance.tags.as_ref().unwrap()[0];
    assert!(matches!(tag.key, Some(Cow::Borrowed("k"))));
    assert_eq!(tag.value.as_deref(), Some("\"quoted\""));
    let info = finding.service.as_ref().unwrap().additional_info.as_ref().unwrap();
    assert_eq!(info.value.as_deref(), Some(r#"{"a": 1}"#));
    assert!(matches!(info.r#type, Some(Cow::Borrowed("default"))));

    // Written back, the escapes are the JSON's again.
    let written: Value = serde_json::to_value(&response).unwrap();
    assert_eq!(written["findings"][0]["title"], "line\nbreak \u{e9}");
}

#[test]
fn a_malformed_body_fails_with_the_same_error_as_the_owned_types() {
    for body in [
        &br#"{"findings": [{"id": 5}]}"#[..],
        br#"{"findings": [{"id": "a", "id": "b"}]}"#,
        br#"{"findings": [{"title": "unterminated}]}"#,
        b"{\"findings\": [{\"id\": \"\xff\"}]}",
    ] {
        let owned = guardduty_2026::json::from_slice::<guardduty_2026::GetFindingsResponse>(body).unwrap_err();
        let borrowed = guardduty_2026_borrowed::json::from_slice::<guardduty_2026_borrowed::GetFindingsResponse>(body)
            .unwrap_err();
        assert_eq!(borrowed.to_string(), owned.to_string());
        assert_eq!(borrowed.path(), owned.path());
    }
}

#[test]
fn every_member_kind_round_trips_with_borrowed_strings() {
    let wire = json!({
        "name": "thing",
        "createdAt": 1599091200.123,
        "payload": "aGVsbG8=",
        "tags": ["a", null, "b"],
        "labels": {"a": null, "b": "x"},
        "password": "hunter2",
        "parent": {"name": "grandparent"},
        "children": [{"name": "child", "children": []}],
        "shape": {"circle": {"radius": 2.5}},
        "colors": ["red", "purple"],
        "required": {"Text": "t", "Number": 1, "When": 0, "Items": [], "Choice": "red", "Inner": {}, "Data": "", "Score": 1.0}
    });
    let text = wire.to_string();
    let thing: features_borrowed::Thing = features_borrowed::json::from_str(&text).unwrap();
    assert_eq!(serde_json::to_value(&thing).unwrap(), wire);
    let owned: features::Thing = features::json::from_str(&text).unwrap();
    assert_eq!(serde_json::to_value(&thing).unwrap(), serde_json::to_value(&owned).unwrap());

    // Strings in lists, in map keys and values, and in nested structures are borrowed too.
    let borrowed = |s: &Cow<str>| matches!(s, Cow::Borrowed(_)) && inside(s, text.as_bytes());
    assert!(borrowed(&thing.name));
    assert!(thing.tags.as_ref().unwrap().iter().flatten().all(borrowed));
    assert!(thing.labels.as_ref().unwrap().keys().all(borrowed));
    assert!(borrowed(&thing.parent.as_ref().unwrap().name));
    // Sensitive values are still redacted.
    assert!(!format!("{thing:?}").contains("hunter2"));
}

#[test]
fn builders_take_borrowed_or_owned_text() {
    use features_borrowed::ThingNotFound;
    let id = String::from("from a String");
    let a = ThingNotFound::builder().thing_id("literal").build();
    let b = ThingNotFound::builder().thing_id(id.as_str()).build();
    let c = ThingNotFound::builder().thing_id(id.clone()).message("not there").build();
    assert!(matches!(a.thing_id, Some(Cow::Borrowed("literal"))));
    assert!(matches!(b.thing_id, Some(Cow::Borrowed(_))));
    assert!(matches!(c.thing_id, Some(Cow::Owned(_))));
    assert_eq!(serde_json::to_value(&b).unwrap(), json!({"thingId": "from a String"}));
    // An error's `Display` shows its message, borrowed or not.
    assert_eq!(c.to_string(), format!("{}: not there", ThingNotFound::CODE));

    // A required member not set is a build error, as with owned strings.
    let err = features_borrowed::Thing::builder().build().unwrap_err();
    assert_eq!((err.shape(), err.member()), ("Thing", "Name"));
    let thing = features_borrowed::Thing::builder().name(id.as_str()).build();
    assert!(thing.is_ok_and(|thing| matches!(thing.name, Cow::Borrowed(_))));
}

#[test]
fn defaults_and_strict_required_members_work_as_with_owned_strings() {
    let profile: smithy_features_borrowed::Profile =
        smithy_features_borrowed::json::from_str(r#"{"name": "ana"}"#).unwrap();
    assert!(matches!(profile.language, Cow::Borrowed("en")), "a model default is a static string");
    assert_eq!(profile.motto, "");
    let owned: smithy_features::Profile = smithy_features::json::from_str(r#"{"name": "ana"}"#).unwrap();
    assert_eq!(serde_json::to_value(&profile).unwrap(), serde_json::to_value(&owned).unwrap());
    assert_eq!(
        smithy_features_borrowed::Profile::default().language,
        smithy_features::Profile::default().language.as_str()
    );

    let err = smithy_features_borrowed::json::from_str::<smithy_features_borrowed::Profile>(r#"{"language": "fr"}"#)
        .unwrap_err();
    assert!(err.to_string().contains("missing field `name`"), "{err}");
}
