//! The excerpts of generated code in the Markdown files (`common::documents`) are real: each
//! ```` ```rust,ignore ```` block (the only Rust blocks that are not compiled) must be found in a
//! snapshot of the generated code, `tests/cases/*/generated.snap`. Its lines, trimmed, skipping
//! blank lines and plain `//` comments (the excerpt's own elisions and notes, not `///`
//! documentation), must occur in that order among one snapshot's trimmed lines. So an excerpt
//! cannot rot when the generated code changes, and an ignored block cannot hide code that is no
//! excerpt.

mod common;

use std::fs;
use std::path::{Path, PathBuf};

use common::{Block, documents, root, split};

/// Whether a block's info string makes it an ignored Rust block (`rust,ignore`, `ignore`).
fn is_ignored_rust(info: &str) -> bool {
    let tags: Vec<&str> = info.split([',', ' ']).map(str::trim).filter(|t| !t.is_empty()).collect();
    tags.contains(&"ignore") && tags.iter().all(|t| *t == "rust" || *t == "ignore")
}

/// The lines of an excerpt that must be found: trimmed, without blank lines and `//` comments.
fn excerpt_lines(block: &Block) -> Vec<&str> {
    block
        .lines
        .iter()
        .map(|line| line.trim())
        .filter(|line| !line.is_empty())
        .filter(|line| !line.starts_with("//") || line.starts_with("///") || line.starts_with("//!"))
        .collect()
}

/// How many of `wanted` occur, in order, among `lines` (all of them when the excerpt is found).
fn matched(wanted: &[&str], lines: &[&str]) -> usize {
    let mut found = 0;
    for line in lines {
        if found < wanted.len() && *line == wanted[found] {
            found += 1;
        }
    }
    found
}

/// Every snapshot of generated code, as its path and its trimmed lines.
fn snapshots(root: &Path) -> Vec<(PathBuf, String)> {
    let mut snapshots = Vec::new();
    for case in fs::read_dir(root.join("tests/cases")).unwrap() {
        let path = case.unwrap().path().join("generated.snap");
        if let Ok(text) = fs::read_to_string(&path) {
            snapshots.push((path, text));
        }
    }
    assert!(!snapshots.is_empty(), "no snapshots under tests/cases/");
    snapshots
}

#[test]
fn every_ignored_rust_block_is_an_excerpt_of_generated_code() {
    let root = root();
    let snapshots = snapshots(&root);
    let snapshot_lines: Vec<(&Path, Vec<&str>)> =
        snapshots.iter().map(|(path, text)| (path.as_path(), text.lines().map(str::trim).collect())).collect();
    let mut failures = Vec::new();
    let mut excerpts = 0;
    for file in documents(&root) {
        let text = fs::read_to_string(&file).unwrap();
        let name = file.strip_prefix(&root).unwrap().display().to_string();
        for block in split(&text).0.iter().filter(|block| is_ignored_rust(&block.info)) {
            excerpts += 1;
            let wanted = excerpt_lines(block);
            if wanted.is_empty() {
                failures.push(format!("{name}:{}: an ignored Rust block with no code", block.line));
                continue;
            }
            let (best, path) = snapshot_lines
                .iter()
                .map(|(path, lines)| (matched(&wanted, lines), *path))
                .max_by_key(|(count, _)| *count)
                .unwrap();
            if best < wanted.len() {
                failures.push(format!(
                    "{name}:{}: not an excerpt of any tests/cases/*/generated.snap; the closest, {}, \
                     has its first {best} lines in order but not then {:?}",
                    block.line,
                    path.strip_prefix(&root).unwrap().display(),
                    wanted[best],
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert!(excerpts > 0, "no rust,ignore blocks found: is the test reading the right files?");
}

#[test]
fn the_excerpt_check_finds_lines_in_order_only() {
    let snapshot = ["pub struct A {", "pub a: i32,", "}", "pub struct B {", "}"];
    let wanted = |text: &str| -> usize {
        let block = Block { line: 1, info: "rust,ignore".into(), lines: text.lines().map(str::to_owned).collect() };
        let lines = excerpt_lines(&block);
        usize::from(matched(&lines, &snapshot) == lines.len())
    };
    assert_eq!(wanted("pub struct A {\n    // ...\n}\n\npub struct B {"), 1);
    assert_eq!(wanted("pub struct B {\npub struct A {"), 0, "out of order");
    assert_eq!(wanted("pub struct A {\n    pub b: i32,"), 0, "a line that is not there");
    assert_eq!(wanted("/// A doc comment is code.\npub struct A {"), 0, "doc comments count");
    assert!(is_ignored_rust("rust,ignore") && is_ignored_rust("ignore"));
    assert!(!is_ignored_rust("rust") && !is_ignored_rust("text") && !is_ignored_rust("rust,no_run"));
}
