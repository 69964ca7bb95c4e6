//! Reviewing model updates: the change log `shapegen diff` prints, the classification of
//! changes, and the generated-code diff of the same update.
//!
//! The ErrorCode pair is GuardDuty's GetFindings closure sliced from botocore 1.17.54 and
//! 1.17.55 (`tests/fixtures/errorcode/`): the published change of 2020-09-03 that added
//! `ErrorCode` to `AwsApiCallAction`.

use shapegen::model::Model;
use shapegen::{Builders, Settings};

fn load(path: &str) -> Model {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(path);
    shapegen::read::load_file(&path, None).unwrap().model
}

fn generate(model: &Model, builders: Builders) -> String {
    let settings = Settings { builders, ..Settings::default() };
    shapegen::generate(model, &["GetFindings".to_owned()], &[], &settings).unwrap()
}

/// The change log of 2020-09-03, as AWS published it (the date and the link aside).
const PUBLISHED: &str = "\
Amazon GuardDuty - 1 updated api methods

GetFindings (updated)
Changes (response)
{'Findings': {'Service': {'Action': {'AwsApiCallAction': {'ErrorCode': 'string'}}}}}
";

#[test]
fn errorcode_update_gives_the_published_change_log() {
    let diff = shapegen::diff::diff(
        &load("tests/fixtures/errorcode/before.json"),
        &load("tests/fixtures/errorcode/after.json"),
    )
    .unwrap();
    let text = diff.to_text();
    let (log, classified) = text.split_once("\nChanges for the generated crate\n").unwrap();
    assert_eq!(log, PUBLISHED, "{text}");
    assert!(!diff.has_breaking());
    assert_eq!(
        classified,
        "Breaking: none\nNot breaking:\n- AwsApiCallAction.ErrorCode: optional member added; #[non_exhaustive] structs admit new fields\n"
    );
}

/// The lines the ErrorCode update changes in the generated code, with `builders`.
fn errorcode_changes(builders: Builders) -> Vec<String> {
    let before = generate(&load("tests/fixtures/errorcode/before.json"), builders);
    let after = generate(&load("tests/fixtures/errorcode/after.json"), builders);
    let diff = similar::TextDiff::from_lines(&before, &after);
    diff.iter_all_changes()
        .filter(|c| c.tag() != similar::ChangeTag::Equal)
        .map(|c| format!("{}{}", if c.tag() == similar::ChangeTag::Delete { "-" } else { "+" }, c.value().trim_end()))
        .collect()
}

#[test]
fn errorcode_update_changes_the_generated_code_by_the_new_member_and_the_docs_only() {
    let expected = [
        // The documentation the update rewrote.
        "-/// Contains information about the API operation.",
        "+/// Contains information about the API action.",
        // The new member: its doc and its field...
        "-    /// The remote IP information of the connection.",
        "+    /// The error code of the failed AWS API action.",
        "+    pub error_code: ::std::option::Option<::std::string::String>,",
        "+    /// The remote IP information of the connection that initiated the AWS API call.",
        // ...its arm in the struct's member reader (members are known by their fields: no
        // other arm moves)...
        "+            \"errorCode\" => member.value(&mut self.error_code),",
        // ...and its line in the struct's member writer. `AwsApiCallAction` is only in
        // responses, so it has no builder.
        "+        out.optional(\"errorCode\", &self.error_code);",
        "-/// Contains information on the server side encryption method used in the S3 bucket. See [S3 Server-Side Encryption](https://docs.aws.amazon.com/AmazonS3/atest/dev/serv-side-encryption.html) for more information.",
        "+/// Contains information on the server side encryption method used in the S3 bucket. See [S3 Server-Side Encryption](https://docs.aws.amazon.com/AmazonS3/latest/dev/serv-side-encryption.html) for more information.",
    ];
    assert_eq!(errorcode_changes(Builders::Requests), expected);
    assert_eq!(errorcode_changes(Builders::Omitted), expected);
    // With a builder for every structure, the member's two setters too, kept together (the
    // builder holds the struct it builds: no storage or build step of its own for an
    // optional member).
    let setters = [
        "+        /// Sets `ErrorCode`.",
        "+        pub fn error_code(self, input: impl Into<String>) -> Self {",
        "+            self.set_error_code(Some(input.into()))",
        "+        }",
        "+        /// Sets or clears `ErrorCode`.",
        "+        pub fn set_error_code(mut self, input: Option<String>) -> Self {",
        "+            self.value.error_code = input;",
        "+            self",
        "+        }",
        "+",
    ];
    assert_eq!(errorcode_changes(Builders::All), [&expected[..], &setters[..]].concat());
}

#[test]
fn a_year_of_guardduty_gives_a_plausible_change_log() {
    let old = load("tests/fixtures/guardduty-2021-09-02.json.gz");
    let new = load("tests/fixtures/guardduty-2022-09-02.json.gz");
    let diff = shapegen::diff::diff(&old, &new).unwrap();
    insta::assert_snapshot!("guardduty_2021_09_to_2022_09", diff.to_text());
    // As a pull request comment: the verdict first, the long parts folded.
    let markdown = diff.to_markdown();
    insta::assert_snapshot!("guardduty_2021_09_to_2022_09_markdown", markdown);
    assert!(markdown.starts_with("### No breaking changes\n"), "{markdown}");
    assert_eq!(diff.header(), "Amazon GuardDuty - 7 new 10 updated api methods");
    // The same as JSON, for tools.
    let json: serde_json::Value = serde_json::to_value(&diff).unwrap();
    assert_eq!(json["operations"][0], serde_json::json!({"name": "AcceptAdministratorInvitation", "status": "new"}));
    let wire_fix = json["changes"].as_array().unwrap().iter().find(|c| c["place"] == "ProductCode.Code").unwrap();
    assert_eq!(wire_fix["kind"], "wire_name_changed");
    assert_eq!(wire_fix["breaking"], false);
}

#[test]
fn the_reverse_update_is_breaking() {
    let diff = shapegen::diff::diff(
        &load("tests/fixtures/errorcode/after.json"),
        &load("tests/fixtures/errorcode/before.json"),
    )
    .unwrap();
    assert!(diff.has_breaking());
    assert!(diff.operations.is_empty());
    let text = diff.to_text();
    assert!(
        text.contains(
            "Breaking:\n- AwsApiCallAction.ErrorCode: member removed; code that uses the field no longer compiles\n"
        ),
        "{text}"
    );
}

#[test]
fn a_model_against_itself_has_no_changes() {
    let model = load("spec/guardduty/service-2.json");
    let diff = shapegen::diff::diff(&model, &model).unwrap();
    assert!(diff.operations.is_empty() && diff.changes.is_empty());
}
