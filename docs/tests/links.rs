//! Every relative link of the README, the book, BENCHMARKS.md and the crates' READMEs
//! resolves: its file or folder exists, and an `#anchor` into a Markdown file names one of its
//! headings, as GitHub makes anchors of them (lowercase, spaces to `-`, punctuation other than
//! `-` and `_` removed, a repeated heading numbered `-1`, `-2`, ...).

mod common;

use std::collections::HashSet;
use std::fs;
use std::path::{Component, Path, PathBuf};

use common::{documents, root, split};

/// A line without its code spans (`` `...` ``), which hold no links.
fn without_code_spans(line: &str) -> String {
    let mut out = String::new();
    let mut rest = line;
    while let Some(start) = rest.find('`') {
        out.push_str(&rest[..start]);
        let ticks = rest[start..].chars().take_while(|&c| c == '`').count();
        let after = &rest[start + ticks..];
        match after.find(&"`".repeat(ticks)) {
            Some(end) => rest = &after[end + ticks..],
            None => {
                out.push_str(&rest[start..]);
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out
}

/// The targets of the links on a line: `[text](target)`, `![alt](target "title")`, and
/// reference definitions `[label]: target`.
fn link_targets(line: &str) -> Vec<String> {
    let line = without_code_spans(line);
    let mut targets = Vec::new();
    let mut rest = line.as_str();
    while let Some(at) = rest.find("](") {
        let after = &rest[at + 2..];
        let end = after.find([')', ' ']).unwrap_or(after.len());
        targets.push(after[..end].trim_matches(['<', '>']).to_owned());
        rest = &after[end..];
    }
    let trimmed = line.trim_start();
    if trimmed.starts_with('[')
        && let Some(close) = trimmed.find("]: ")
    {
        targets.push(trimmed[close + 3..].split_whitespace().next().unwrap_or("").to_owned());
    }
    targets
}

/// GitHub's anchor for a heading's text.
fn slug(heading: &str) -> String {
    // The text as rendered: code spans keep their content, links their text, emphasis goes.
    let mut text = String::new();
    let mut rest = heading;
    while let Some(open) = rest.find('[') {
        text.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        match after.find("](").zip(after.find(')')) {
            Some((close, end)) if close < end => {
                text.push_str(&after[..close]);
                rest = &after[end + 1..];
            }
            _ => {
                text.push('[');
                rest = after;
            }
        }
    }
    text.push_str(rest);
    text.trim()
        .to_lowercase()
        .chars()
        .filter(|c| c.is_alphanumeric() || matches!(c, ' ' | '-' | '_'))
        .map(|c| if c == ' ' { '-' } else { c })
        .collect()
}

/// The anchors of a Markdown file's headings.
fn anchors(text: &str) -> HashSet<String> {
    let mut anchors = HashSet::new();
    for (_, line) in split(text).1 {
        let hashes = line.chars().take_while(|&c| c == '#').count();
        if (1..=6).contains(&hashes) && line[hashes..].starts_with(' ') {
            let base = slug(&line[hashes..]);
            let mut anchor = base.clone();
            let mut n = 0;
            while anchors.contains(&anchor) {
                n += 1;
                anchor = format!("{base}-{n}");
            }
            anchors.insert(anchor);
        }
    }
    anchors
}

/// `path` with its `.` and `..` resolved, without touching the file system.
fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for component in path.components() {
        match component {
            Component::ParentDir => {
                out.pop();
            }
            Component::CurDir => {}
            other => out.push(other),
        }
    }
    out
}

/// What is wrong with a link from `file` to `target`, if anything.
fn check(root: &Path, file: &Path, target: &str) -> Option<String> {
    if target.is_empty() {
        return Some("an empty link".to_owned());
    }
    if target.contains("://") || target.starts_with("mailto:") {
        return None;
    }
    let (path, anchor) = match target.split_once('#') {
        Some((path, anchor)) => (path, Some(anchor)),
        None => (target, None),
    };
    let linked = if path.is_empty() { file.to_owned() } else { normalize(&file.parent().unwrap().join(path)) };
    if !linked.starts_with(root) {
        return Some(format!("{target}: outside the repository"));
    }
    if !linked.exists() {
        return Some(format!("{target}: no such file or folder"));
    }
    if let Some(anchor) = anchor
        && linked.extension().is_some_and(|ext| ext == "md")
    {
        let text = fs::read_to_string(&linked).unwrap();
        if !anchors(&text).contains(anchor) {
            return Some(format!("{target}: no heading with the anchor #{anchor}"));
        }
    }
    None
}

#[test]
fn every_relative_link_resolves() {
    let root = root();
    let mut failures = Vec::new();
    let mut links = 0;
    for file in documents(&root) {
        let text = fs::read_to_string(&file).unwrap();
        let name = file.strip_prefix(&root).unwrap().display().to_string();
        for (number, line) in split(&text).1 {
            for target in link_targets(line) {
                links += 1;
                if let Some(problem) = check(&root, &file, &target) {
                    failures.push(format!("{name}:{number}: {problem}"));
                }
            }
        }
    }
    assert!(failures.is_empty(), "broken links:\n{}", failures.join("\n"));
    assert!(links > 50, "only {links} links found: is the test reading the right files?");
}

#[test]
fn anchors_are_made_as_github_makes_them() {
    assert_eq!(slug(" Borrowed strings (opt-in)"), "borrowed-strings-opt-in");
    assert_eq!(slug(" The compile proof (in CI)"), "the-compile-proof-in-ci");
    assert_eq!(slug(" `shapegen check`"), "shapegen-check");
    assert_eq!(slug(" Signing and sending: `client/`"), "signing-and-sending-client");
    assert_eq!(slug(" The runtime crate, and why"), "the-runtime-crate-and-why");
    assert_eq!(slug(" See [the guide](guide.md) now"), "see-the-guide-now");
    assert_eq!(slug(" snake_case names"), "snake_case-names");
    let text = "# A\n```sh\n# not a heading\n```\n## A\n";
    assert_eq!(anchors(text), HashSet::from(["a".to_owned(), "a-1".to_owned()]));
    assert_eq!(link_targets("[x](a.md#b) `[y](c.md)` ![z](d.svg \"title\")"), ["a.md#b", "d.svg"]);
    assert_eq!(link_targets("[label]: https://example.com"), ["https://example.com"]);
}
