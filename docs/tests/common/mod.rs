//! What the documentation tests share: the repository's root, the Markdown files they read,
//! and a Markdown text split into its fenced code blocks and the lines outside them.

#![allow(dead_code)] // Each test reads part of it.

use std::fs;
use std::path::{Path, PathBuf};

/// The repository's root: this crate is `docs/`.
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap().to_owned()
}

/// The Markdown files checked: the README, BENCHMARKS.md, every chapter of `docs/`, and the
/// crates' and folders' READMEs one level down (not the build output or the cache).
pub fn documents(root: &Path) -> Vec<PathBuf> {
    let mut files = vec![root.join("README.md"), root.join("BENCHMARKS.md")];
    let mut more = Vec::new();
    for entry in fs::read_dir(root.join("docs")).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|ext| ext == "md") {
            more.push(path);
        }
    }
    for entry in fs::read_dir(root).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        if path.is_dir() && !name.starts_with('.') && name != "target" && name != "cache" {
            let readme = path.join("README.md");
            if readme.is_file() {
                more.push(readme);
            }
        }
    }
    more.sort();
    files.extend(more);
    files
}

/// A fenced code block: the line of its opening fence (1-based), its info string, its lines.
pub struct Block {
    pub line: usize,
    pub info: String,
    pub lines: Vec<String>,
}

/// A Markdown text (fences of backticks, indented or not) as its fenced code blocks, and the
/// lines outside them with their 1-based numbers. A block left open fails.
pub fn split(text: &str) -> (Vec<Block>, Vec<(usize, &str)>) {
    let mut blocks = Vec::new();
    let mut prose = Vec::new();
    let mut open: Option<(usize, Block)> = None;
    for (index, line) in text.lines().enumerate() {
        let trimmed = line.trim_start();
        let fence = trimmed.chars().take_while(|&c| c == '`').count();
        match &mut open {
            None if fence >= 3 => {
                let info = trimmed[fence..].trim().to_owned();
                open = Some((fence, Block { line: index + 1, info, lines: Vec::new() }));
            }
            Some((width, _)) if fence >= *width && trimmed[fence..].trim().is_empty() => {
                blocks.push(open.take().unwrap().1);
            }
            Some((_, block)) => block.lines.push(line.to_owned()),
            None => prose.push((index + 1, line)),
        }
    }
    assert!(open.is_none(), "a code block is not closed");
    (blocks, prose)
}
