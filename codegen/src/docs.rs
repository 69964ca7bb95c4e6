//! Documentation: the model's HTML into rustdoc Markdown.
//!
//! AWS models document shapes and members in HTML (`<p>`, `<code>`, `<a href>`, lists,
//! `<note>`). [`html_to_markdown`] tokenizes it with `html5gum` (a WHATWG tokenizer, so any
//! input, however broken, tokenizes) and renders Markdown that rustdoc shows as the HTML
//! meant: paragraphs, links, code, emphasis, lists. Text is escaped so that nothing in it is
//! read as Markdown or as an intra-doc link, code blocks are always marked `text` (never run
//! as doctests), bare URLs become autolinks, and characters that do not belong in a source
//! comment (controls, bidirectional overrides) are replaced. The result is safe in a doc
//! comment and renders with no rustdoc warnings.

use html5gum::{Token, Tokenizer};

/// Converts model documentation (HTML) into Markdown lines for doc comments.
///
/// Paragraphs are one line each, separated by an empty line, so a change of one sentence in
/// the model is a change of one line in the generated code.
pub fn html_to_markdown(html: &str) -> Vec<String> {
    let mut r = Renderer::default();
    for token in Tokenizer::new(html).flatten() {
        match token {
            Token::StartTag(tag) => {
                let name = String::from_utf8_lossy(&tag.name).to_ascii_lowercase();
                let href =
                    tag.attributes.get(b"href".as_slice()).map(|v| String::from_utf8_lossy(&v.value).into_owned());
                r.open(&name, href, tag.self_closing);
            }
            Token::EndTag(tag) => r.close(&String::from_utf8_lossy(&tag.name).to_ascii_lowercase()),
            Token::String(text) => r.text_escaped(&String::from_utf8_lossy(&text.value)),
            Token::Comment(_) | Token::Doctype(_) | Token::Error(_) => {}
        }
    }
    r.finish()
}

#[derive(Debug, Clone, PartialEq)]
enum Inline {
    Bold,
    Italic,
    Code,
    Link(Option<String>),
    Other,
}

#[derive(Debug)]
struct Frame {
    kind: Inline,
    text: String,
}

#[derive(Debug)]
struct List {
    ordered: bool,
    next: u32,
}

#[derive(Default)]
struct Renderer {
    /// Finished lines.
    lines: Vec<String>,
    /// Open inline elements; the first is the paragraph itself.
    frames: Vec<Frame>,
    /// Open lists.
    lists: Vec<List>,
    /// The marker of a list item whose first paragraph has not started yet.
    pending_marker: Option<String>,
    /// A label (`**Note:**`) for the next paragraph.
    pending_label: Option<&'static str>,
    /// Inside `<pre>`: its text, verbatim.
    pre: Option<String>,
}

impl Renderer {
    fn frame(&mut self) -> &mut Frame {
        if self.frames.is_empty() {
            self.frames.push(Frame { kind: Inline::Other, text: String::new() });
        }
        let last = self.frames.len() - 1;
        &mut self.frames[last]
    }

    fn in_code(&self) -> bool {
        self.frames.iter().any(|f| f.kind == Inline::Code)
    }

    fn open(&mut self, name: &str, href: Option<String>, self_closing: bool) {
        if self.pre.is_some() {
            return;
        }
        match name {
            "p" | "div" | "dt" | "dd" | "h1" | "h2" | "h3" | "h4" | "h5" | "h6" | "blockquote" | "section"
            | "fullname" | "examples" | "example" | "table" | "tr" | "title" => self.block_break(),
            "br" => self.block_break(),
            "note" | "important" | "warning" => {
                self.block_break();
                self.pending_label = Some(match name {
                    "note" => "**Note:**",
                    "important" => "**Important:**",
                    _ => "**Warning:**",
                });
            }
            "ul" | "ol" => {
                self.block_break();
                self.lists.push(List { ordered: name == "ol", next: 1 });
            }
            "li" => {
                self.block_break();
                let marker = match self.lists.last_mut() {
                    Some(list) if list.ordered => {
                        let m = format!("{}.", list.next);
                        list.next += 1;
                        m
                    }
                    _ => "-".to_owned(),
                };
                self.pending_marker = Some(marker);
            }
            "pre" => {
                self.block_break();
                self.pre = Some(String::new());
            }
            _ if self_closing => {}
            _ if self.in_code() => {}
            "b" | "strong" => self.frames_push(Inline::Bold),
            "i" | "em" | "cite" | "dfn" => self.frames_push(Inline::Italic),
            "code" | "tt" | "kbd" | "samp" | "var" => self.frames_push(Inline::Code),
            "a" => self.frames_push(Inline::Link(href)),
            _ => {}
        }
    }

    fn frames_push(&mut self, kind: Inline) {
        self.frame();
        self.frames.push(Frame { kind, text: String::new() });
    }

    fn close(&mut self, name: &str) {
        if let Some(pre) = &self.pre {
            if name == "pre" {
                let text = pre.clone();
                self.pre = None;
                self.code_block(&text);
            }
            return;
        }
        let kind = match name {
            "b" | "strong" => Inline::Bold,
            "i" | "em" | "cite" | "dfn" => Inline::Italic,
            "code" | "tt" | "kbd" | "samp" | "var" => Inline::Code,
            "a" => Inline::Link(None),
            "ul" | "ol" => {
                self.block_break();
                self.lists.pop();
                return;
            }
            "p" | "div" | "dt" | "dd" | "h1" | "h2" | "h3" | "h4" | "h5" | "h6" | "blockquote" | "section" | "li"
            | "fullname" | "examples" | "example" | "table" | "tr" | "title" | "note" | "important" | "warning" => {
                self.block_break();
                return;
            }
            _ => return,
        };
        // Close the innermost open element of this kind, and everything opened inside it.
        let Some(index) =
            self.frames.iter().rposition(|f| std::mem::discriminant(&f.kind) == std::mem::discriminant(&kind))
        else {
            return;
        };
        if index == 0 {
            return;
        }
        while self.frames.len() > index {
            self.pop_frame();
        }
    }

    /// Closes the innermost inline element, rendering it into its parent.
    fn pop_frame(&mut self) {
        let Some(frame) = self.frames.pop() else { return };
        let rendered = render_inline(&frame.kind, &frame.text);
        self.frame().text.push_str(&rendered);
    }

    fn text(&mut self, text: &str) {
        if let Some(pre) = &mut self.pre {
            pre.push_str(text);
            return;
        }
        push_collapsed(&mut self.frame().text, text);
    }

    /// Ends the current paragraph, if any text is in it.
    fn block_break(&mut self) {
        while self.frames.len() > 1 {
            self.pop_frame();
        }
        let Some(frame) = self.frames.pop() else { return };
        let text = frame.text.trim();
        if text.is_empty() {
            return;
        }
        let mut paragraph = String::new();
        if let Some(label) = self.pending_label.take() {
            paragraph.push_str(label);
            paragraph.push(' ');
        }
        paragraph.push_str(&escape_line_start(text));
        self.push_paragraph(&paragraph);
    }

    /// The indentation of the current list item's content, and the marker if the item's first
    /// paragraph is the next one.
    fn push_paragraph(&mut self, paragraph: &str) {
        let depth = self.lists.len();
        let indent: String =
            self.lists.iter().take(depth.saturating_sub(1)).map(marker_width).map(|w| " ".repeat(w)).collect();
        let line = match self.pending_marker.take() {
            Some(marker) => format!("{indent}{marker} {paragraph}"),
            None if depth > 0 => {
                let own = self.lists.last().map_or(0, marker_width);
                format!("{indent}{}{paragraph}", " ".repeat(own))
            }
            None => paragraph.to_owned(),
        };
        if !self.lines.is_empty() {
            self.lines.push(String::new());
        }
        self.lines.push(line);
    }

    fn code_block(&mut self, text: &str) {
        let text: String = text.chars().map(|c| if c == '\n' || c == '\t' { c } else { clean_char(c) }).collect();
        let text = text.trim_matches('\n');
        if text.trim().is_empty() {
            return;
        }
        let fence = "`".repeat(longest_run(text, '`').max(2) + 1);
        if !self.lines.is_empty() {
            self.lines.push(String::new());
        }
        self.lines.push(format!("{fence}text"));
        for line in text.lines() {
            self.lines.push(line.trim_end().to_owned());
        }
        self.lines.push(fence);
    }

    fn finish(mut self) -> Vec<String> {
        if let Some(pre) = self.pre.take() {
            self.code_block(&pre);
        }
        self.block_break();
        self.lines
    }
}

fn marker_width(list: &List) -> usize {
    if list.ordered { format!("{}.", list.next.saturating_sub(1).max(1)).len() + 1 } else { 2 }
}

/// Characters that do not belong in a source comment: controls (a carriage return ends a
/// doc comment early), bidirectional overrides (rustc rejects them), line and paragraph
/// separators. Tabs and newlines become spaces; the rest become U+FFFD.
fn clean_char(c: char) -> char {
    match c {
        '\t' | '\n' | '\r' | '\u{2028}' | '\u{2029}' | '\u{85}' => ' ',
        '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}' | '\u{061C}' => '\u{FFFD}',
        c if c.is_control() => '\u{FFFD}',
        c => c,
    }
}

fn longest_run(text: &str, c: char) -> usize {
    let (mut best, mut run) = (0, 0);
    for ch in text.chars() {
        run = if ch == c { run + 1 } else { 0 };
        best = best.max(run);
    }
    best
}

/// Renders an inline element whose content (`inner`) is already Markdown, or, for code,
/// raw text.
fn render_inline(kind: &Inline, inner: &str) -> String {
    match kind {
        Inline::Code => {
            let code = inner.trim();
            if code.is_empty() {
                return String::new();
            }
            let fence = "`".repeat(longest_run(code, '`') + 1);
            let pad = if code.starts_with('`') || code.ends_with('`') { " " } else { "" };
            format!("{fence}{pad}{code}{pad}{fence}")
        }
        Inline::Bold | Inline::Italic => {
            let marker = if *kind == Inline::Bold { "**" } else { "*" };
            let core = inner.trim();
            if core.is_empty() {
                return inner.to_owned();
            }
            let lead = if inner.starts_with(' ') { " " } else { "" };
            let trail = if inner.ends_with(' ') { " " } else { "" };
            format!("{lead}{marker}{core}{marker}{trail}")
        }
        Inline::Link(href) => {
            let text = inner.trim();
            match href.as_deref().and_then(safe_url) {
                Some(url) if text.is_empty() => format!("<{url}>"),
                Some(url) => format!("[{text}]({url})"),
                None => inner.to_owned(),
            }
        }
        Inline::Other => inner.to_owned(),
    }
}

/// An absolute `http`, `https` or `mailto` URL, percent-encoded where Markdown would stop
/// reading it; `None` for anything else (relative links lead nowhere in rustdoc, and other
/// schemes are not links for a reader of API docs).
fn safe_url(href: &str) -> Option<String> {
    let href = href.trim();
    let lower = href.to_ascii_lowercase();
    if !(lower.starts_with("https://") || lower.starts_with("http://") || lower.starts_with("mailto:")) {
        return None;
    }
    let mut out = String::with_capacity(href.len());
    for c in href.chars() {
        if c.is_ascii_graphic() && !matches!(c, '(' | ')' | '<' | '>' | '\\' | '`' | '"' | '[' | ']') {
            out.push(c);
        } else {
            let mut buf = [0u8; 4];
            for b in c.encode_utf8(&mut buf).bytes() {
                out.push_str(&format!("%{b:02X}"));
            }
        }
    }
    Some(out)
}

/// Escapes text for Markdown. Called on text content only (never on code), when it is
/// appended, so that markup the renderer itself adds stays markup.
fn escape_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    let bytes = text.as_bytes();
    // Text is copied in runs between the bytes that need a look: the Markdown punctuation and
    // the start of a URL, all ASCII (so never inside a character of several bytes).
    let (mut run, mut i) = (0, 0);
    while i < bytes.len() {
        let b = bytes[i];
        if matches!(b, b'h' | b'H')
            && let Some(len) = url_at(&text[i..])
        {
            out.push_str(&text[run..i]);
            out.push('<');
            out.push_str(&text[i..i + len]);
            out.push('>');
            i += len;
            run = i;
            continue;
        }
        if matches!(b, b'\\' | b'`' | b'*' | b'_' | b'[' | b']' | b'<' | b'>' | b'&' | b'~' | b'|' | b'#') {
            out.push_str(&text[run..i]);
            run = i;
            // An underscore inside a word (`snake_case`) is not emphasis; elsewhere it may be.
            let intraword = b == b'_'
                && out.chars().next_back().is_some_and(char::is_alphanumeric)
                && text[i + 1..].chars().next().is_some_and(char::is_alphanumeric);
            if !intraword {
                out.push('\\');
            }
        }
        i += 1;
    }
    out.push_str(&text[run..]);
    out
}

/// The length of a bare URL at the start of `text`, to be shown as an autolink.
fn url_at(text: &str) -> Option<usize> {
    // Checked on every character of every text: no allocation.
    let bytes = text.as_bytes();
    let scheme_len = if bytes.get(..8).is_some_and(|b| b.eq_ignore_ascii_case(b"https://")) {
        8
    } else if bytes.get(..7).is_some_and(|b| b.eq_ignore_ascii_case(b"http://")) {
        7
    } else {
        return None;
    };
    let mut end = text.find(|c: char| c.is_whitespace() || matches!(c, '<' | '>' | '"' | '`')).unwrap_or(text.len());
    // Punctuation that ends a sentence is not part of the URL.
    while let Some(c) = text[..end].chars().last() {
        if matches!(c, '.' | ',' | ';' | ':' | ')' | '!' | '?' | '\'' | ']') {
            end -= c.len_utf8();
        } else {
            break;
        }
    }
    (end > scheme_len && text[..end].chars().all(|c| c.is_ascii_graphic())).then_some(end)
}

/// Escapes what would start a block at the start of a paragraph line: `-`, `+`, `=`, an
/// ordered-list number.
fn escape_line_start(line: &str) -> String {
    let mut chars = line.chars();
    match chars.next() {
        Some(c @ ('-' | '+' | '=')) => format!("\\{c}{}", chars.as_str()),
        Some(c) if c.is_ascii_digit() => {
            let digits = line.chars().take_while(char::is_ascii_digit).count();
            let after = &line[digits..];
            if after.starts_with('.') || after.starts_with(')') {
                format!("{}\\{}", &line[..digits], after)
            } else {
                line.to_owned()
            }
        }
        _ => line.to_owned(),
    }
}

/// A Markdown code span showing `text` exactly, on one line, safe in a doc comment.
pub fn code_span(text: &str) -> String {
    let text = collapse(text);
    render_inline(&Inline::Code, &text)
}

/// A Markdown code span showing a wire value exactly: control and invisible formatting
/// characters appear as escapes (`\n`, `\u{202e}`), so that `"\n"` and `" "` stay visible and
/// distinct.
pub fn code_span_exact(text: &str) -> String {
    let mut shown = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\n' => shown.push_str("\\n"),
            '\r' => shown.push_str("\\r"),
            '\t' => shown.push_str("\\t"),
            ' ' => shown.push(' '),
            c if c.is_control() || c.is_whitespace() || clean_char(c) != c || is_invisible(c) => {
                shown.push_str(&format!("\\u{{{:x}}}", c as u32));
            }
            c => shown.push(c),
        }
    }
    if shown.trim().is_empty() {
        // A code span cannot hold only spaces; show them counted.
        return format!("{} space(s)", shown.len());
    }
    let fence = "`".repeat(longest_run(&shown, '`') + 1);
    let pad = if shown.starts_with(['`', ' ']) || shown.ends_with(['`', ' ']) { " " } else { "" };
    format!("{fence}{pad}{shown}{pad}{fence}")
}

/// Characters that print as nothing: zero-width spaces and joiners, the byte order mark.
fn is_invisible(c: char) -> bool {
    matches!(c, '\u{200B}'..='\u{200D}' | '\u{2060}' | '\u{FEFF}' | '\u{00AD}')
}

/// `text` escaped for Markdown, on one line: shown as written, never read as markup or as a
/// link (for Markdown that is not documentation, such as a pull request comment).
pub fn escape(text: &str) -> String {
    escape_line_start(&escape_text(&collapse(text)))
}

/// Text is escaped as it arrives; this wrapper keeps that in one place.
impl Renderer {
    fn text_escaped(&mut self, text: &str) {
        if self.pre.is_some() || self.in_code() {
            self.text(text);
        } else {
            let escaped = escape_text(&collapse(text));
            self.text(&escaped);
        }
    }
}

fn collapse(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    push_collapsed(&mut out, text);
    out
}

/// Appends `text` to `out` with its characters cleaned ([`clean_char`]) and each run of
/// whitespace made one space, none when `out` already ends with one.
fn push_collapsed(out: &mut String, text: &str) {
    let mut space = out.ends_with(' ');
    let mut rest = text;
    while !rest.is_empty() {
        // Printable ASCII other than a space is kept as it is: copied in one run.
        let plain = rest.bytes().position(|b| !(b'!'..=b'~').contains(&b)).unwrap_or(rest.len());
        if plain > 0 {
            out.push_str(&rest[..plain]);
            space = false;
            rest = &rest[plain..];
            continue;
        }
        let Some(c) = rest.chars().next() else { break };
        rest = &rest[c.len_utf8()..];
        let c = clean_char(c);
        if c.is_whitespace() {
            if !space {
                out.push(' ');
            }
            space = true;
        } else {
            out.push(c);
            space = false;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn md(html: &str) -> String {
        html_to_markdown(html).join("\n")
    }

    #[test]
    fn text_outside_printable_ascii_is_cleaned_and_collapsed_as_any_other() {
        // No-break spaces collapse like spaces; a bidirectional override is replaced; an
        // underscore after a letter of several bytes is inside a word; a URL in capitals is
        // a URL.
        assert_eq!(
            md("<p>a\u{a0}\u{a0}b_c \u{e9}_d _e HTTPS://x.io/a_b. \u{202e}z\tq</p>"),
            "a b_c \u{e9}_d \\_e <HTTPS://x.io/a_b>. \u{fffd}z q"
        );
        // Inside code, text is kept (cleaned and collapsed, not escaped).
        assert_eq!(md("<p><code>a_b  *c*\u{2028}d</code></p>"), "`a_b *c* d`");
    }

    #[test]
    fn paragraphs_code_and_links() {
        assert_eq!(
            md(
                "<p>The <code>ErrorCode</code> of the <a href=\"https://docs.aws.amazon.com/x.html\">API call</a>.</p><p>Second.</p>"
            ),
            "The `ErrorCode` of the [API call](https://docs.aws.amazon.com/x.html).\n\nSecond."
        );
    }

    #[test]
    fn lists_nest() {
        assert_eq!(
            md(
                "<p>Values:</p><ul><li><p><code>A</code> - first</p></li><li>second<ul><li>inner</li></ul></li></ul><p>After.</p>"
            ),
            "Values:\n\n- `A` - first\n\n- second\n\n  - inner\n\nAfter."
        );
        assert_eq!(md("<ol><li>one</li><li>two</li></ol>"), "1. one\n\n2. two");
    }

    #[test]
    fn emphasis_and_notes() {
        assert_eq!(md("<p>A <b>bold </b>and <i>italic</i> word</p>"), "A **bold** and *italic* word");
        assert_eq!(md("<note><p>Careful.</p></note>"), "**Note:** Careful.");
        // An unclosed <b> ends with its paragraph.
        assert_eq!(md("<p><b>Open</p><p>Next</p>"), "**Open**\n\nNext");
    }

    #[test]
    fn markdown_and_rustdoc_syntax_in_text_is_escaped() {
        assert_eq!(
            md("<p>List&lt;String&gt; [link] *x* _y_ `z` a\\b # &amp;lt;</p>"),
            r"List\<String\> \[link\] \*x\* \_y\_ \`z\` a\\b \# \&lt;"
        );
        assert_eq!(md("<p>- not a list</p><p>1. not a list</p>"), "\\- not a list\n\n1\\. not a list");
    }

    #[test]
    fn code_keeps_its_text() {
        assert_eq!(md("<code>a*b_c[0]</code>"), "`a*b_c[0]`");
        assert_eq!(md("<code>a`b</code>"), "``a`b``");
        assert_eq!(md("<pre>fn main() {\n    x();\n}</pre>"), "```text\nfn main() {\n    x();\n}\n```");
    }

    #[test]
    fn bare_urls_become_autolinks() {
        assert_eq!(md("<p>See https://example.com/a_b. Then</p>"), "See <https://example.com/a_b>. Then");
    }

    #[test]
    fn unsafe_links_are_text() {
        assert_eq!(md("<a href=\"javascript:alert(1)\">x</a>"), "x");
        assert_eq!(md("<a href=\"/relative\">x</a>"), "x");
        assert_eq!(md("<a href=\"https://e.com/a b)\">x</a>"), "[x](https://e.com/a%20b%29)");
    }

    #[test]
    fn hostile_characters_are_replaced() {
        let lines = html_to_markdown("a\u{202E}b\rc\0d */ e");
        assert_eq!(lines, ["a\u{FFFD}b c\u{FFFD}d \\*/ e"]);
    }

    #[test]
    fn exact_code_spans_show_invisible_characters() {
        assert_eq!(code_span_exact("ASC"), "`ASC`");
        assert_eq!(code_span_exact("\n"), "`\\n`");
        assert_eq!(code_span_exact("a\u{202E}b\0"), "`a\\u{202e}b\\u{0}`");
        assert_eq!(code_span_exact("`x` "), "`` `x`  ``");
        assert_eq!(code_span_exact("  "), "2 space(s)");
    }

    #[test]
    fn plain_text_is_a_paragraph() {
        assert_eq!(md("Just text,\n   wrapped."), "Just text, wrapped.");
        assert_eq!(md(""), "");
        assert_eq!(md("<p> </p>"), "");
    }
}
