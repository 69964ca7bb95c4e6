//! What Smithy models say that botocore models cannot, compiled and on the wire:
//! `tests/cases/smithy-features/model.json`, generated with required members strict.

use serde_json::{Value, json};
use shapegen_tests::smithy_features::*;

fn read<T: serde::de::DeserializeOwned>(wire: Value) -> Result<T, serde_json::Error> {
    serde_json::from_value(wire)
}

#[test]
fn absent_and_null_members_take_the_model_defaults() {
    let profile: Profile = read(json!({"name": "ana"})).unwrap();
    assert_eq!(profile.language, "en");
    assert_eq!(profile.page_size, 100);
    assert_eq!(profile.offset, -5);
    assert_eq!(profile.smallest, i8::MIN);
    assert_eq!(profile.ratio, 2.5);
    assert_eq!(profile.scale, -0.5);
    assert!(profile.enabled);
    assert_eq!(profile.theme, Theme::Dark);
    assert_eq!(profile.level, Level::High);
    assert_eq!(profile.since.as_second(), 1_700_000_000);
    assert_eq!(profile.until.to_string(), "2030-01-01T00:00:00Z");
    assert_eq!(profile.salt, b"hello");
    assert_eq!(profile.extra, json!({"source": "model", "weights": [1, 2]}));
    assert_eq!(profile.budget.to_string(), "12.75");
    assert_eq!((profile.count, profile.visible, profile.motto.as_str()), (0, false, ""));
    assert!(profile.aliases.is_empty() && profile.labels.is_empty());
    // Client-optional members are optional, whatever their default or requirement says.
    assert_eq!(profile.nickname, None);
    assert_eq!(profile.notes, None);
    assert_eq!(profile.avatar, None);

    // `null` means the default too.
    let nulls: Profile =
        read(json!({"name": "ana", "pageSize": null, "ratio": null, "theme": null, "since": null})).unwrap();
    assert_eq!((nulls.page_size, nulls.ratio, nulls.theme, nulls.since), (100, 2.5, Theme::Dark, profile.since));
}

#[test]
fn a_missing_required_member_is_an_error_in_strict_mode_but_a_default_is_not() {
    let err = read::<Profile>(json!({"language": "fr"})).unwrap_err();
    assert!(err.to_string().contains("missing field `name`"), "{err}");
    let output: PutProfileOutput = read(json!({})).unwrap();
    assert_eq!(output.version, 1, "required with a default: the default");
    assert_eq!(output.etag, None, "required but client-optional, and bound to a header");
}

#[test]
fn values_on_the_wire_round_trip_exactly() {
    let wire = json!({
        "name": "ana",
        "nickname": "an",
        "language": "pt",
        "pageSize": 20,
        "offset": 3,
        "smallest": 7,
        "ratio": "NaN",
        "scale": "-Infinity",
        "enabled": false,
        "theme": "light",
        "level": 1,
        "since": 1.5,
        "until": "2031-02-03T04:05:06Z",
        "salt": "AAEC",
        "extra": [null, true],
        "budget": 12345.6789,
        "count": 2,
        "visible": true,
        "motto": "hi",
        "aliases": ["a"],
        "labels": {"k": "v"},
        "avatar": {"none": {}},
        "notes": "n"
    });
    let profile: Profile = read(wire.clone()).unwrap();
    assert!(profile.ratio.is_nan());
    assert_eq!(profile.scale, f32::NEG_INFINITY);
    assert_eq!(profile.level, Level::Low);
    assert_eq!(profile.salt, [0, 1, 2]);
    assert_eq!(profile.avatar, Some(Avatar::None(Unit::default())));
    assert_eq!(serde_json::to_value(&profile).unwrap(), wire);
    // Defaults are written like any value: the message means the same with or without them.
    let defaults: Profile = read(json!({"name": "ana"})).unwrap();
    let written = serde_json::to_value(&defaults).unwrap();
    assert_eq!(written["pageSize"], 100);
    assert_eq!(written["ratio"], 2.5);
    assert_eq!(written["since"], 1_700_000_000);
    assert_eq!(written["until"], "2030-01-01T00:00:00Z");
    assert_eq!(written["salt"], "aGVsbG8=");
    assert_eq!(read::<Profile>(written).unwrap(), defaults);
}

#[test]
fn default_and_builders_use_the_model_defaults() {
    let default = Profile::default();
    assert_eq!((default.page_size, default.theme.as_str(), default.level.value()), (100, "dark", 10));
    assert_eq!(default.name, "", "a required member without a default is empty");
    let built = Profile::builder().name("ana").build().unwrap();
    let mut expected = Profile::default();
    expected.name = "ana".to_owned();
    assert_eq!(built, expected);
    let err = Profile::builder().page_size(5).build().unwrap_err();
    assert_eq!(err.to_string(), "Profile.name is required but was not set");
    // A default the builder is given wins.
    assert_eq!(Profile::builder().name("ana").page_size(5).build().unwrap().page_size, 5);
    assert_eq!(PutProfileOutput::default().version, 1);
}

#[test]
fn input_structures_hold_every_member_as_optional() {
    // The model requires `profileId` and `profile`; an input's members are optional for
    // clients, so the builder does not fail without them.
    let input = PutProfileInput::builder().dry_run(true).build();
    assert_eq!((input.profile_id, input.profile, input.dry_run), (None, None, Some(true)));
    let input = GetProfileInput::builder().profile_id("p-1").build();
    assert_eq!(input.profile_id.as_deref(), Some("p-1"));
}

#[test]
fn unions_with_unit_members_and_int_enums() {
    let none: Avatar = read(json!({"none": {}})).unwrap();
    assert_eq!(none, Avatar::None(Unit::default()));
    let url: Avatar = read(json!({"url": "https://example.com/a.png"})).unwrap();
    assert_eq!(serde_json::to_value(&url).unwrap(), json!({"url": "https://example.com/a.png"}));
    assert_eq!(Level::VALUES, [1, 10]);
    assert_eq!(read::<Level>(json!(5)).unwrap(), Level::Unknown(5));
    assert_eq!(Theme::VALUES, ["light", "dark"]);
}

#[test]
fn errors_from_operations_and_the_service() {
    assert_eq!((NotFound::CODE, NotFound::HTTP_STATUS), ("NotFound", 404));
    assert_eq!((Throttled::CODE, Throttled::HTTP_STATUS), ("Throttled", 429));
    let err: NotFound = read(json!({"message": "no such profile"})).unwrap();
    assert_eq!(err.to_string(), "NotFound: no such profile");
}

/// Every value of the model, replaced in turn by a value of each other JSON type, reads as an
/// error or as a model that generates; nothing panics.
#[test]
fn broken_models_are_errors_never_panics() {
    let text = include_str!("cases/smithy-features/model.json");
    let model: Value = serde_json::from_str(text).unwrap();
    let mut paths = Vec::new();
    collect_paths(&model, &mut Vec::new(), &mut paths);
    let replacements =
        [json!(null), json!(7), json!("x"), json!({}), json!([]), json!(true), json!([{"target": "ex#Nope"}])];
    let (mut errors, mut models) = (0, 0);
    for path in &paths {
        for replacement in &replacements {
            let mut broken = model.clone();
            *pointer_mut(&mut broken, path) = replacement.clone();
            let bytes = serde_json::to_vec(&broken).unwrap();
            let outcome = std::panic::catch_unwind(|| {
                shapegen::read::load(&bytes, None)
                    .and_then(|loaded| shapegen::generate(&loaded.model, &[], &[], &shapegen::Settings::default()))
            });
            match outcome {
                Ok(Ok(_)) => models += 1,
                Ok(Err(_)) => errors += 1,
                Err(_) => panic!("{path:?} = {replacement} panics"),
            }
        }
    }
    assert!(errors > 0 && models > 0, "{errors} errors, {models} models");
}

fn collect_paths(value: &Value, path: &mut Vec<String>, out: &mut Vec<Vec<String>>) {
    out.push(path.clone());
    match value {
        Value::Object(entries) => {
            for (k, v) in entries {
                path.push(k.clone());
                collect_paths(v, path, out);
                path.pop();
            }
        }
        Value::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                path.push(i.to_string());
                collect_paths(v, path, out);
                path.pop();
            }
        }
        _ => {}
    }
}

fn pointer_mut<'v>(value: &'v mut Value, path: &[String]) -> &'v mut Value {
    path.iter().fold(value, |v, step| match v {
        Value::Array(items) => &mut items[step.parse::<usize>().unwrap()],
        other => &mut other[step.as_str()],
    })
}

#[test]
fn without_builders_the_types_read_and_write_the_same() {
    use shapegen_tests::smithy_features_no_builders as plain;
    let wire = json!({"name": "ana", "pageSize": 5, "labels": {"a": "b"}, "avatar": {"url": "u"}});
    let with: Profile = read(wire.clone()).unwrap();
    let without: plain::Profile = serde_json::from_value(wire).unwrap();
    assert_eq!(serde_json::to_value(&with).unwrap(), serde_json::to_value(&without).unwrap());
    // Values are made from `Default` and the fields instead, with the model's defaults.
    let mut profile = plain::Profile::default();
    profile.name = "ana".to_owned();
    assert_eq!((profile.page_size, profile.language.as_str()), (100, "en"));
    assert_eq!(plain::NotFound::CODE, NotFound::CODE);
    let source = include_str!(concat!(env!("OUT_DIR"), "/smithy_features_no_builders.rs"));
    assert!(!source.contains("builder") && !source.contains("BuildError"), "{source}");
}

#[test]
fn a_payload_says_its_media_type_and_a_header_member_wins_over_a_prefixed_entry() {
    use shapegen_runtime::Operation;
    let meta = std::collections::HashMap::from([
        ("Owner".to_owned(), "from the map".to_owned()),
        ("Size".to_owned(), "64x64".to_owned()),
    ]);
    let input =
        PutAvatarInput::builder().name("me").image(b"\x89PNG".to_vec()).owner("from the member").meta(meta).build();
    let request = operations::PutAvatar::request(&input, "https://settings.example.com").unwrap();
    assert_eq!(request.uri(), "https://settings.example.com/avatars/me");
    // The blob's `@mediaType`, not `application/octet-stream`.
    assert_eq!(request.headers()["content-type"], "image/png");
    assert_eq!(request.body(), b"\x89PNG");
    // `X-Meta-Owner` once, from the member; the map's other entries as they are.
    let owners: Vec<_> = request.headers().get_all("x-meta-owner").iter().collect();
    assert_eq!(owners, ["from the member"]);
    assert_eq!(request.headers()["x-meta-size"], "64x64");
    // What a client compresses with.
    assert_eq!(<operations::PutAvatar as Operation>::REQUEST_COMPRESSION, ["gzip"]);
}
