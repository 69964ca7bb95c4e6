//! The `regionRegex` of a partition: a small regular expression engine for the syntax
//! partitions use, so that the runtime needs no regex crate.
//!
//! Every `regionRegex` of `partitions.json` so far has the same shape, as
//! `^(us|eu|ap|sa|ca|me|af|il|mx)\-\w+\-\d+$` or `^us\-gov\-\w+\-\d+$`: anchors, literal
//! characters (some escaped), a group of alternatives, and `\w+` and `\d+`. This engine takes
//! that syntax and a little around it: literal characters, escaped punctuation (`\-`, `\.`),
//! `\w` and `\d` (ASCII, as in Java, whose engine the reference implementation uses), `.`,
//! groups (`(...)`, `(?:...)`) of alternatives separated by `|`, the quantifiers `?`, `*` and
//! `+`, and `^` and `$` at the ends. Anything else (classes in brackets, counted repetition,
//! lazy quantifiers, look-around, other escapes) is refused when the file is read, with its
//! place, rather than matched differently.
//!
//! A pattern matches a region when it matches all of it, as Java's `Matcher::matches` does
//! (with the anchors every pattern has, the same as a search). Matching follows the set of
//! positions the pattern can reach, so it takes time proportional to the length of the region
//! times the size of the pattern, whatever the pattern.

/// A compiled `regionRegex`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct RegionRegex {
    alternatives: Vec<Sequence>,
}

type Sequence = Vec<Piece>;

#[derive(Clone, Debug, PartialEq, Eq)]
struct Piece {
    atom: Atom,
    /// `?` or `*`: the atom may be absent.
    optional: bool,
    /// `*` or `+`: the atom may repeat.
    repeated: bool,
}

#[derive(Clone, Debug, PartialEq, Eq)]
enum Atom {
    Char(char),
    /// `\w`: `[A-Za-z0-9_]`.
    Word,
    /// `\d`: `[0-9]`.
    Digit,
    /// `.`: any character but a line feed.
    Any,
    Group(Vec<Sequence>),
}

impl RegionRegex {
    /// Compiles `pattern`; the error says what is not supported, and where.
    pub(super) fn new(pattern: &str) -> Result<RegionRegex, String> {
        let mut parser = Parser { chars: pattern.chars().collect(), position: 0 };
        let alternatives = parser.alternatives()?;
        match parser.peek() {
            None => Ok(RegionRegex { alternatives }),
            Some(_) => Err(parser.unsupported()),
        }
    }

    /// Whether the pattern matches all of `region`.
    pub(super) fn is_match(&self, region: &str) -> bool {
        let chars: Vec<char> = region.chars().collect();
        let mut start = vec![false; chars.len() + 1];
        start[0] = true;
        alternatives_ends(&self.alternatives, &chars, &start)[chars.len()]
    }
}

struct Parser {
    chars: Vec<char>,
    position: usize,
}

impl Parser {
    fn peek(&self) -> Option<char> {
        self.chars.get(self.position).copied()
    }

    fn unsupported(&self) -> String {
        match self.peek() {
            Some(c) => format!("unsupported regular expression syntax `{c}` at character {}", self.position + 1),
            None => "unexpected end of the regular expression".to_owned(),
        }
    }

    fn alternatives(&mut self) -> Result<Vec<Sequence>, String> {
        let mut alternatives = vec![self.sequence()?];
        while self.peek() == Some('|') {
            self.position += 1;
            alternatives.push(self.sequence()?);
        }
        Ok(alternatives)
    }

    fn sequence(&mut self) -> Result<Sequence, String> {
        let mut pieces = Vec::new();
        while let Some(c) = self.peek() {
            let atom = match c {
                '|' | ')' => break,
                // The anchors, at the very ends only: matching is of the whole region anyway.
                '^' if self.position == 0 => {
                    self.position += 1;
                    continue;
                }
                '$' if self.position + 1 == self.chars.len() => {
                    self.position += 1;
                    continue;
                }
                '(' => self.group()?,
                '\\' => self.escape()?,
                '.' => {
                    self.position += 1;
                    Atom::Any
                }
                '[' | ']' | '{' | '}' | '*' | '+' | '?' | '^' | '$' => return Err(self.unsupported()),
                c => {
                    self.position += 1;
                    Atom::Char(c)
                }
            };
            let (optional, repeated) = match self.peek() {
                Some('?') => (true, false),
                Some('*') => (true, true),
                Some('+') => (false, true),
                _ => (false, false),
            };
            if optional || repeated {
                self.position += 1;
                // Lazy (`+?`) and possessive (`++`) quantifiers, and counted ones, are not taken.
                if matches!(self.peek(), Some('?' | '*' | '+' | '{')) {
                    return Err(self.unsupported());
                }
            } else if self.peek() == Some('{') {
                return Err(self.unsupported());
            }
            pieces.push(Piece { atom, optional, repeated });
        }
        Ok(pieces)
    }

    fn group(&mut self) -> Result<Atom, String> {
        self.position += 1;
        if self.peek() == Some('?') {
            // Only the non-capturing group `(?:`; not look-around, flags or names.
            if self.chars.get(self.position + 1) != Some(&':') {
                return Err(self.unsupported());
            }
            self.position += 2;
        }
        let alternatives = self.alternatives()?;
        if self.peek() != Some(')') {
            return Err(self.unsupported());
        }
        self.position += 1;
        Ok(Atom::Group(alternatives))
    }

    fn escape(&mut self) -> Result<Atom, String> {
        self.position += 1;
        let atom = match self.peek() {
            Some('w') => Atom::Word,
            Some('d') => Atom::Digit,
            Some(c) if c.is_ascii_punctuation() => Atom::Char(c),
            _ => {
                self.position -= 1;
                return Err(self.unsupported());
            }
        };
        self.position += 1;
        Ok(atom)
    }
}

/// The positions of `chars` where one of `alternatives` can end, having started at one of
/// `starts` (both indexed by the position before a character, from 0 to the length).
fn alternatives_ends(alternatives: &[Sequence], chars: &[char], starts: &[bool]) -> Vec<bool> {
    let mut ends = vec![false; starts.len()];
    for sequence in alternatives {
        let mut positions = starts.to_vec();
        for piece in sequence {
            positions = piece_ends(piece, chars, &positions);
            // No position reached: no later piece reaches one either.
            if !positions.contains(&true) {
                break;
            }
        }
        union(&mut ends, &positions);
    }
    ends
}

fn piece_ends(piece: &Piece, chars: &[char], starts: &[bool]) -> Vec<bool> {
    let mut ends = atom_ends(&piece.atom, chars, starts);
    if piece.repeated {
        // Repeat from the positions reached last, until no new one is reached.
        let mut frontier = ends.clone();
        loop {
            let next = atom_ends(&piece.atom, chars, &frontier);
            let mut grew = false;
            for (position, reached) in next.into_iter().enumerate() {
                frontier[position] = reached && !ends[position];
                grew |= frontier[position];
                ends[position] |= reached;
            }
            if !grew {
                break;
            }
        }
    }
    if piece.optional {
        union(&mut ends, starts);
    }
    ends
}

fn atom_ends(atom: &Atom, chars: &[char], starts: &[bool]) -> Vec<bool> {
    let test = |c: char| match atom {
        Atom::Char(expected) => c == *expected,
        Atom::Word => c.is_ascii_alphanumeric() || c == '_',
        Atom::Digit => c.is_ascii_digit(),
        Atom::Any => c != '\n',
        Atom::Group(_) => false,
    };
    if let Atom::Group(alternatives) = atom {
        return alternatives_ends(alternatives, chars, starts);
    }
    let mut ends = vec![false; starts.len()];
    for (position, &c) in chars.iter().enumerate() {
        if starts[position] && test(c) {
            ends[position + 1] = true;
        }
    }
    ends
}

fn union(into: &mut [bool], other: &[bool]) {
    for (into, other) in into.iter_mut().zip(other) {
        *into |= *other;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn regex(pattern: &str) -> RegionRegex {
        RegionRegex::new(pattern).unwrap_or_else(|error| panic!("{pattern}: {error}"))
    }

    #[test]
    fn the_patterns_of_partitions_json() {
        let aws = regex(r"^(us|eu|ap|sa|ca|me|af|il|mx)\-\w+\-\d+$");
        for region in ["us-east-1", "eu-west-3", "ap-southeast-5", "mx-central-1", "il-central-1"] {
            assert!(aws.is_match(region), "{region}");
        }
        for region in
            ["cn-north-1", "us-east", "us-east-", "us--1", "us-east-1a", "xus-east-1", "us-east-1 ", "aws-global"]
        {
            assert!(!aws.is_match(region), "{region}");
        }
        // `\w` takes no hyphen: `us-gov-west-1` is not in `aws` by its pattern (the file lists it
        // under `aws-us-gov`).
        assert!(!aws.is_match("us-gov-west-1"));
        let gov = regex(r"^us\-gov\-\w+\-\d+$");
        assert!(gov.is_match("us-gov-west-1"));
        assert!(gov.is_match("us-gov-east-12"));
        assert!(!gov.is_match("us-east-1"));
        let eusc = regex(r"^eusc\-(de)\-\w+\-\d+$");
        assert!(eusc.is_match("eusc-de-east-1"));
        assert!(!eusc.is_match("eusc-fr-east-1"));
        let cn = regex(r"^cn\-\w+\-\d+$");
        assert!(cn.is_match("cn-northwest-1"));
        assert!(!cn.is_match("cn-north"));
    }

    #[test]
    fn the_whole_region_must_match() {
        let unanchored = regex(r"us\-\w+\-\d+");
        assert!(unanchored.is_match("us-east-1"));
        assert!(!unanchored.is_match("xus-east-1"));
        assert!(!unanchored.is_match("us-east-1x"));
        assert!(!regex("^a$").is_match("a\n"));
        assert!(regex("").is_match(""));
        assert!(!regex("").is_match("a"));
    }

    #[test]
    fn alternatives_backtrack() {
        // The first alternative that fits at first is not the one that matches.
        let prefixes = regex(r"^(us|us\-gov)\-\w+\-\d+$");
        assert!(prefixes.is_match("us-gov-west-1"));
        assert!(prefixes.is_match("us-west-1"));
        let overlap = regex(r"^\w+\d+$");
        assert!(overlap.is_match("abc123"));
        assert!(!overlap.is_match("abc"));
        let top = regex("^a|bc$");
        assert!(top.is_match("a"));
        assert!(top.is_match("bc"));
        assert!(!top.is_match("abc"));
    }

    #[test]
    fn quantifiers_and_groups() {
        let pattern = regex(r"^a?b*(?:c|de)+.$");
        for input in ["cx", "abcx", "bbbdecdex", "acé"] {
            assert!(pattern.is_match(input), "{input}");
        }
        for input in ["", "ab", "aabcx", "abc", "abc\n"] {
            assert!(!pattern.is_match(input), "{input}");
        }
        // A repeated group that can match nothing terminates.
        assert!(regex("^(a*)*b$").is_match("aaab"));
        assert!(!regex("^(a*)*b$").is_match(&"a".repeat(200)));
    }

    #[test]
    fn word_and_digit_are_ascii() {
        assert!(regex(r"^\w+$").is_match("Az09_"));
        assert!(!regex(r"^\w+$").is_match("é"));
        assert!(!regex(r"^\w+$").is_match("a-b"));
        assert!(!regex(r"^\d+$").is_match("٣"));
    }

    #[test]
    fn unsupported_syntax_is_refused_with_its_place() {
        for (pattern, place) in [
            (r"^[a-z]+$", "`[` at character 2"),
            (r"^a{2}$", "`{` at character 3"),
            (r"^a+?$", "`?` at character 4"),
            (r"^(?=a)$", "`?` at character 3"),
            (r"^\s$", r"`\` at character 2"),
            (r"^\W$", r"`\` at character 2"),
            (r"^a$b", "`$` at character 3"),
            (r"a^", "`^` at character 2"),
            (r"^*a", "`*` at character 2"),
            (r"^(a", "end"),
            (r"^a)", "`)` at character 3"),
            (r"^a\", r"`\` at character 3"),
        ] {
            let error = RegionRegex::new(pattern).unwrap_err();
            assert!(error.contains(place), "{pattern}: {error}");
        }
    }
}
