//! Names that would break naive generated code: prelude types (`Option`, `String`, `Box`,
//! `Result`, `Default`, `Clone`), keywords (`type`, `self`, `crate`, `fn`, `async`), names that
//! collide after case conversion, enum values with no letters. The build script compiled
//! `tests/cases/obstacle-course/model.json`; these tests use the result.

use serde_json::{Value, json};
use shapegen_tests::obstacle_course as oc;

#[test]
fn prelude_named_shapes_are_types_and_the_prelude_still_works() {
    let option = oc::Option::builder()
        .r#type("a")
        .type_2("b")
        .self_("c")
        .self_2("d")
        .crate_("e")
        .r#fn("f")
        .r#async("g")
        .union("h")
        .macro_rules("i")
        .build_2("j")
        .foo("k")
        .foo_2("l")
        .set_foo_3("m")
        .n_3d_model("n")
        .asterisk("o")
        .string(oc::String::builder().value("p").build())
        .r#box(oc::Box::builder().inner(oc::Box::builder().build()).build())
        .build();
    let wire = serde_json::to_value(&option).unwrap();
    assert_eq!(
        wire,
        json!({
            "type": "a", "Type": "b", "self": "c", "Self": "d", "crate": "e", "fn": "f", "async": "g", "union": "h",
            "macro_rules": "i", "Build": "j", "Foo": "k", "foo": "l", "SetFoo": "m", "3DModel": "n", "*": "o",
            "String": {"Value": "p"}, "Box": {"Inner": {}}
        })
    );
    let back: oc::Option = serde_json::from_value(wire).unwrap();
    assert_eq!(back, option);
    // The standard Option is still the standard Option.
    let std_option: Option<oc::String> = back.string;
    assert!(std_option.is_some());
}

#[test]
fn colliding_names_are_numbered_in_order() {
    // fooBar, FooBar and foo_bar are three shapes: FooBar (the shape spelled so), then the
    // others in name order.
    let chain = oc::FooBar2::builder().next(oc::FooBar::builder().next(oc::FooBar3::builder().build()).build()).build();
    let wire = serde_json::to_value(&chain).unwrap();
    assert_eq!(wire, json!({"Next": {"Next": {}}}));
    let result = oc::Result::builder().ok(oc::String::builder().build()).foo_bars(vec![chain]).build().unwrap();
    assert_eq!(serde_json::to_value(&result).unwrap(), json!({"Ok": {}, "FooBars": [{"Next": {"Next": {}}}]}));
}

#[test]
fn a_required_member_named_value_is_built() {
    // The builder holds the structure in `value`; the required member `Value` keeps its own.
    let entry = oc::Entry::builder().note("n").value("v").build().unwrap();
    assert_eq!((entry.value.as_str(), entry.note.as_deref()), ("v", Some("n")));
    let error = oc::Entry::builder().note("n").build().unwrap_err();
    assert_eq!((error.shape(), error.member()), ("Entry", "Value"));
    // Clearing a member that was set clears it.
    let entry = oc::Entry::builder().value("v").note("n").set_note(None).build().unwrap();
    assert_eq!(entry.note, None);
}

#[test]
fn a_structure_named_builder_has_a_builder() {
    // Its builder is the module's generic builder, of it: `BuilderBuilder = Builder<super::Builder>`.
    let builder: oc::builders::BuilderBuilder = oc::Builder::builder().value("v");
    let built: oc::Builder = builder.clone().build();
    assert_eq!(built.value.as_deref(), Some("v"));
    assert_eq!(format!("{builder:?}"), r#"Builder { value: Builder { value: Some("v") } }"#);
    let result = oc::Result::builder().ok(oc::String::default()).builder(built).build().unwrap();
    assert_eq!(serde_json::to_value(&result).unwrap()["Builder"], json!({"Value": "v"}));
}

#[test]
fn enum_values_map_to_distinct_variants() {
    let expected = [
        ("ipv4", oc::Values::Ipv4),
        ("IPV4", oc::Values::Ipv4_2),
        ("Ipv4", oc::Values::Ipv4_3),
        ("Unknown", oc::Values::UnknownValue),
        ("unknown", oc::Values::UnknownValue2),
        ("aws:kms", oc::Values::AwsKms),
        ("t2.micro", oc::Values::T2Micro),
        ("c5.2xlarge", oc::Values::C52xlarge),
        ("AES256", oc::Values::Aes256),
        ("*", oc::Values::Asterisk),
        ("", oc::Values::Empty),
        ("=", oc::Values::Equals),
        (">=", oc::Values::GreaterThanEquals),
        ("Self", oc::Values::SelfValue),
        ("self", oc::Values::SelfValue2),
        ("123", oc::Values::N123),
        ("as_str", oc::Values::AsStr),
        ("VALUES", oc::Values::Values),
    ];
    for (wire, variant) in expected {
        let read: oc::Values = serde_json::from_value(Value::from(wire)).unwrap();
        assert_eq!(std::mem::discriminant(&read), std::mem::discriminant(&variant), "{wire}");
        assert_eq!(read.as_str(), wire);
        assert_eq!(serde_json::to_value(&variant).unwrap(), Value::from(wire));
    }
    assert_eq!(oc::Values::VALUES.len(), 19);
    assert_eq!(oc::Some::from("None"), oc::Some::None);
}

#[test]
fn self_recursion_is_boxed() {
    let value = oc::SelfValue::builder().self_(oc::SelfValue::builder().build()).build();
    assert_eq!(serde_json::to_value(&value).unwrap(), json!({"Self": {}}));
}
