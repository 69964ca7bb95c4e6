//! JMESPath expressions, as models write them: the paths of operation context parameters
//! (`TransactItems[*].Get.TableName`, `keys(RequestItems)`) and of waiters' acceptors. This
//! module parses them into an [`Expr`]; the emitter compiles what it supports to Rust over the
//! generated types, so that nothing is parsed or walked at run time.
//!
//! The grammar is JMESPath's: identifiers (plain or quoted), sub-expressions (`a.b`), index
//! (`[0]`, `[-1]`), slices (`[1:2]`), list and object projections (`[*]`, `*`), flatten
//! (`[]`), filters (`[?a == 'b']`), multi-select lists and hashes, comparisons, `&&`, `||`,
//! `!`, literals (`` `true` ``, `'raw'`), the current node `@`, pipes and function calls.

use std::fmt;

/// A parsed expression.
#[derive(Debug, Clone, PartialEq)]
pub enum Expr {
    /// `@`, the current node.
    Current,
    /// A field of the current node.
    Field(String),
    /// `lhs.rhs`.
    Sub(Box<Expr>, Box<Expr>),
    /// `lhs[n]`.
    Index(Box<Expr>, i64),
    /// `lhs[start:stop:step]`.
    Slice(Box<Expr>, Option<i64>, Option<i64>, Option<i64>),
    /// `lhs[*].rhs`: `rhs` for each item of the list `lhs`, nulls dropped.
    ListProjection(Box<Expr>, Box<Expr>),
    /// `lhs.*.rhs`: `rhs` for each value of the object `lhs`.
    ObjectProjection(Box<Expr>, Box<Expr>),
    /// `lhs[].rhs`: `lhs` flattened one level, then projected.
    Flatten(Box<Expr>, Box<Expr>),
    /// `lhs[?condition].rhs`.
    Filter(Box<Expr>, Box<Expr>, Box<Expr>),
    /// `[a, b]` of the current node.
    MultiList(Vec<Expr>),
    /// `{k: a, ...}` of the current node.
    MultiHash(Vec<(String, Expr)>),
    /// A comparison.
    Compare(Comparator, Box<Expr>, Box<Expr>),
    /// `a && b`.
    And(Box<Expr>, Box<Expr>),
    /// `a || b`.
    Or(Box<Expr>, Box<Expr>),
    /// `!a`.
    Not(Box<Expr>),
    /// A literal (`` `...` `` JSON, or `'raw'`).
    Literal(serde_json::Value),
    /// `lhs | rhs`.
    Pipe(Box<Expr>, Box<Expr>),
    /// `name(args)`.
    Function(String, Vec<Expr>),
    /// `&expr`, an expression passed to a function.
    ExpressionRef(Box<Expr>),
}

/// A comparison operator.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Comparator {
    /// `==`.
    Eq,
    /// `!=`.
    Ne,
    /// `<`.
    Lt,
    /// `<=`.
    Le,
    /// `>`.
    Gt,
    /// `>=`.
    Ge,
}

/// Why an expression does not parse, and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseError {
    /// The offset in the expression, in characters.
    pub offset: usize,
    /// What is wrong.
    pub message: String,
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "at character {}: {}", self.offset, self.message)
    }
}

impl std::error::Error for ParseError {}

#[derive(Debug, Clone, PartialEq)]
enum Token {
    Ident(String),
    Quoted(String),
    Number(i64),
    Literal(serde_json::Value),
    Dot,
    Star,
    Flatten,
    FilterOpen,
    LBracket,
    RBracket,
    LBrace,
    RBrace,
    LParen,
    RParen,
    Comma,
    Colon,
    Pipe,
    Or,
    And,
    Not,
    Amp,
    At,
    Cmp(Comparator),
    End,
}

/// Expressions nested deeper than this are refused.
const MAX_DEPTH: usize = 64;

/// Parses an expression.
pub fn parse(text: &str) -> Result<Expr, ParseError> {
    let tokens = lex(text)?;
    let mut parser = Parser { tokens, pos: 0, depth: 0 };
    let expr = parser.expr(0)?;
    match parser.peek() {
        Token::End => Ok(expr),
        other => Err(parser.error(format!("unexpected {other:?}"))),
    }
}

fn lex(text: &str) -> Result<Vec<(Token, usize)>, ParseError> {
    let chars: Vec<char> = text.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    let error = |offset: usize, message: &str| ParseError { offset, message: message.to_owned() };
    while i < chars.len() {
        let c = chars[i];
        let start = i;
        let token = match c {
            ' ' | '\t' | '\n' | '\r' => {
                i += 1;
                continue;
            }
            'a'..='z' | 'A'..='Z' | '_' => {
                while i < chars.len() && (chars[i].is_ascii_alphanumeric() || chars[i] == '_') {
                    i += 1;
                }
                out.push((Token::Ident(chars[start..i].iter().collect()), start));
                continue;
            }
            '0'..='9' | '-' => {
                i += 1;
                while i < chars.len() && chars[i].is_ascii_digit() {
                    i += 1;
                }
                let text: String = chars[start..i].iter().collect();
                let n = text.parse::<i64>().map_err(|_| error(start, "a number"))?;
                out.push((Token::Number(n), start));
                continue;
            }
            '"' => {
                let (s, end) =
                    delimited(&chars, i, '"').ok_or_else(|| error(start, "an unclosed quoted identifier"))?;
                let value: String =
                    serde_json::from_str(&format!("\"{s}\"")).map_err(|_| error(start, "a quoted identifier"))?;
                i = end;
                out.push((Token::Quoted(value), start));
                continue;
            }
            '\'' => {
                let (s, end) = delimited(&chars, i, '\'').ok_or_else(|| error(start, "an unclosed raw string"))?;
                i = end;
                out.push((Token::Literal(serde_json::Value::String(s.replace("\\'", "'"))), start));
                continue;
            }
            '`' => {
                let (s, end) = delimited(&chars, i, '`').ok_or_else(|| error(start, "an unclosed literal"))?;
                let value = serde_json::from_str(&s.replace("\\`", "`"))
                    .map_err(|_| error(start, "a literal that is not JSON"))?;
                i = end;
                out.push((Token::Literal(value), start));
                continue;
            }
            '.' => Token::Dot,
            '*' => Token::Star,
            '[' if chars.get(i + 1) == Some(&']') => {
                i += 1;
                Token::Flatten
            }
            '[' if chars.get(i + 1) == Some(&'?') => {
                i += 1;
                Token::FilterOpen
            }
            '[' => Token::LBracket,
            ']' => Token::RBracket,
            '{' => Token::LBrace,
            '}' => Token::RBrace,
            '(' => Token::LParen,
            ')' => Token::RParen,
            ',' => Token::Comma,
            ':' => Token::Colon,
            '@' => Token::At,
            '|' if chars.get(i + 1) == Some(&'|') => {
                i += 1;
                Token::Or
            }
            '|' => Token::Pipe,
            '&' if chars.get(i + 1) == Some(&'&') => {
                i += 1;
                Token::And
            }
            '&' => Token::Amp,
            '!' if chars.get(i + 1) == Some(&'=') => {
                i += 1;
                Token::Cmp(Comparator::Ne)
            }
            '!' => Token::Not,
            '=' if chars.get(i + 1) == Some(&'=') => {
                i += 1;
                Token::Cmp(Comparator::Eq)
            }
            '<' if chars.get(i + 1) == Some(&'=') => {
                i += 1;
                Token::Cmp(Comparator::Le)
            }
            '<' => Token::Cmp(Comparator::Lt),
            '>' if chars.get(i + 1) == Some(&'=') => {
                i += 1;
                Token::Cmp(Comparator::Ge)
            }
            '>' => Token::Cmp(Comparator::Gt),
            other => return Err(error(start, &format!("unexpected character {other:?}"))),
        };
        i += 1;
        out.push((token, start));
    }
    out.push((Token::End, chars.len()));
    Ok(out)
}

/// The text between `quote` at `start` and the next unescaped `quote`, and the index after it.
fn delimited(chars: &[char], start: usize, quote: char) -> Option<(String, usize)> {
    let mut i = start + 1;
    let mut text = String::new();
    while i < chars.len() {
        match chars[i] {
            '\\' if i + 1 < chars.len() => {
                text.push('\\');
                text.push(chars[i + 1]);
                i += 2;
            }
            c if c == quote => return Some((text, i + 1)),
            c => {
                text.push(c);
                i += 1;
            }
        }
    }
    None
}

struct Parser {
    tokens: Vec<(Token, usize)>,
    pos: usize,
    depth: usize,
}

/// Binding powers, JMESPath's precedence from loosest to tightest.
const PIPE: u8 = 1;
const OR: u8 = 2;
const AND: u8 = 3;
const CMP: u8 = 5;
const FLATTEN: u8 = 9;
const STAR: u8 = 20;
const FILTER: u8 = 21;
const DOT: u8 = 40;
const NOT: u8 = 45;
const BRACKET: u8 = 55;

impl Parser {
    fn peek(&self) -> &Token {
        &self.tokens[self.pos.min(self.tokens.len() - 1)].0
    }

    fn offset(&self) -> usize {
        self.tokens[self.pos.min(self.tokens.len() - 1)].1
    }

    fn next(&mut self) -> Token {
        let token = self.peek().clone();
        self.pos += 1;
        token
    }

    fn error(&self, message: String) -> ParseError {
        ParseError { offset: self.offset(), message }
    }

    fn expect(&mut self, token: Token) -> Result<(), ParseError> {
        if *self.peek() == token {
            self.pos += 1;
            Ok(())
        } else {
            Err(self.error(format!("expected {token:?}, found {:?}", self.peek())))
        }
    }

    fn expr(&mut self, rbp: u8) -> Result<Expr, ParseError> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(self.error(format!("nested more than {MAX_DEPTH} deep")));
        }
        let mut left = self.nud()?;
        while rbp < lbp(self.peek()) {
            left = self.led(left)?;
        }
        self.depth -= 1;
        Ok(left)
    }

    fn nud(&mut self) -> Result<Expr, ParseError> {
        match self.next() {
            Token::Ident(name) if *self.peek() == Token::LParen => {
                self.pos += 1;
                let mut args = Vec::new();
                while *self.peek() != Token::RParen {
                    args.push(self.expr(0)?);
                    if *self.peek() == Token::Comma {
                        self.pos += 1;
                    } else {
                        break;
                    }
                }
                self.expect(Token::RParen)?;
                Ok(Expr::Function(name, args))
            }
            Token::Ident(name) | Token::Quoted(name) => Ok(Expr::Field(name)),
            Token::Literal(value) => Ok(Expr::Literal(value)),
            Token::At => Ok(Expr::Current),
            Token::Star => {
                let rhs = self.projection_rhs(STAR)?;
                Ok(Expr::ObjectProjection(Box::new(Expr::Current), Box::new(rhs)))
            }
            Token::Flatten => {
                let rhs = self.projection_rhs(FLATTEN)?;
                Ok(Expr::Flatten(Box::new(Expr::Current), Box::new(rhs)))
            }
            Token::FilterOpen => self.filter(Expr::Current),
            Token::LBracket => match self.peek().clone() {
                Token::Number(_) | Token::Colon => self.index(Expr::Current),
                Token::Star if self.tokens.get(self.pos + 1).map(|t| &t.0) == Some(&Token::RBracket) => {
                    self.pos += 2;
                    let rhs = self.projection_rhs(STAR)?;
                    Ok(Expr::ListProjection(Box::new(Expr::Current), Box::new(rhs)))
                }
                _ => self.multi_list(),
            },
            Token::LBrace => self.multi_hash(),
            Token::Not => Ok(Expr::Not(Box::new(self.expr(NOT)?))),
            Token::Amp => Ok(Expr::ExpressionRef(Box::new(self.expr(0)?))),
            Token::LParen => {
                let inner = self.expr(0)?;
                self.expect(Token::RParen)?;
                Ok(inner)
            }
            other => {
                self.pos -= 1;
                Err(self.error(format!("unexpected {other:?}")))
            }
        }
    }

    fn led(&mut self, left: Expr) -> Result<Expr, ParseError> {
        match self.next() {
            Token::Dot => {
                if *self.peek() == Token::Star {
                    self.pos += 1;
                    let rhs = self.projection_rhs(STAR)?;
                    return Ok(Expr::ObjectProjection(Box::new(left), Box::new(rhs)));
                }
                let rhs = self.dot_rhs()?;
                Ok(Expr::Sub(Box::new(left), Box::new(rhs)))
            }
            Token::Flatten => {
                let rhs = self.projection_rhs(FLATTEN)?;
                Ok(Expr::Flatten(Box::new(left), Box::new(rhs)))
            }
            Token::FilterOpen => self.filter(left),
            Token::LBracket => match self.peek().clone() {
                Token::Number(_) | Token::Colon => self.index(left),
                Token::Star => {
                    self.pos += 1;
                    self.expect(Token::RBracket)?;
                    let rhs = self.projection_rhs(STAR)?;
                    Ok(Expr::ListProjection(Box::new(left), Box::new(rhs)))
                }
                other => Err(self.error(format!("unexpected {other:?} after `[`"))),
            },
            Token::Pipe => Ok(Expr::Pipe(Box::new(left), Box::new(self.expr(PIPE)?))),
            Token::Or => Ok(Expr::Or(Box::new(left), Box::new(self.expr(OR)?))),
            Token::And => Ok(Expr::And(Box::new(left), Box::new(self.expr(AND)?))),
            Token::Cmp(c) => Ok(Expr::Compare(c, Box::new(left), Box::new(self.expr(CMP)?))),
            other => {
                self.pos -= 1;
                Err(self.error(format!("unexpected {other:?}")))
            }
        }
    }

    /// What follows a `.`: an identifier, a multi-select, or a function call.
    fn dot_rhs(&mut self) -> Result<Expr, ParseError> {
        match self.peek().clone() {
            Token::Ident(_) | Token::Quoted(_) => self.expr(DOT),
            Token::LBracket => {
                self.pos += 1;
                self.multi_list()
            }
            Token::LBrace => {
                self.pos += 1;
                self.multi_hash()
            }
            other => Err(self.error(format!("unexpected {other:?} after `.`"))),
        }
    }

    /// The expression a projection applies to each item: what follows it, or `@`.
    fn projection_rhs(&mut self, bp: u8) -> Result<Expr, ParseError> {
        match self.peek() {
            Token::Dot => {
                self.pos += 1;
                let mut rhs = self.dot_rhs()?;
                // What follows belongs to the projection while it binds tighter than it.
                while bp < lbp(self.peek()) {
                    rhs = self.led(rhs)?;
                }
                Ok(rhs)
            }
            Token::LBracket | Token::FilterOpen | Token::Flatten => self.expr(bp),
            t if lbp(t) < 10 => Ok(Expr::Current),
            other => Err(self.error(format!("unexpected {other:?} after a projection"))),
        }
    }

    fn index(&mut self, left: Expr) -> Result<Expr, ParseError> {
        let mut parts: [Option<i64>; 3] = [None; 3];
        let mut part = 0;
        loop {
            match self.next() {
                Token::Number(n) if parts[part].is_none() => parts[part] = Some(n),
                Token::Colon if part < 2 => part += 1,
                Token::RBracket => break,
                other => {
                    self.pos -= 1;
                    return Err(self.error(format!("unexpected {other:?} in an index")));
                }
            }
        }
        if part == 0 {
            let n = parts[0].ok_or_else(|| self.error("an empty index".to_owned()))?;
            return Ok(Expr::Index(Box::new(left), n));
        }
        let slice = Expr::Slice(Box::new(left), parts[0], parts[1], parts[2]);
        let rhs = self.projection_rhs(STAR)?;
        Ok(Expr::ListProjection(Box::new(slice), Box::new(rhs)))
    }

    fn filter(&mut self, left: Expr) -> Result<Expr, ParseError> {
        let condition = self.expr(0)?;
        self.expect(Token::RBracket)?;
        let rhs = self.projection_rhs(FILTER)?;
        Ok(Expr::Filter(Box::new(left), Box::new(condition), Box::new(rhs)))
    }

    fn multi_list(&mut self) -> Result<Expr, ParseError> {
        let mut items = vec![self.expr(0)?];
        while *self.peek() == Token::Comma {
            self.pos += 1;
            items.push(self.expr(0)?);
        }
        self.expect(Token::RBracket)?;
        Ok(Expr::MultiList(items))
    }

    fn multi_hash(&mut self) -> Result<Expr, ParseError> {
        let mut entries = Vec::new();
        loop {
            let key = match self.next() {
                Token::Ident(k) | Token::Quoted(k) => k,
                other => {
                    self.pos -= 1;
                    return Err(self.error(format!("expected a key, found {other:?}")));
                }
            };
            self.expect(Token::Colon)?;
            entries.push((key, self.expr(0)?));
            match self.next() {
                Token::Comma => {}
                Token::RBrace => break,
                other => {
                    self.pos -= 1;
                    return Err(self.error(format!("unexpected {other:?} in a multi-select hash")));
                }
            }
        }
        Ok(Expr::MultiHash(entries))
    }
}

/// How tightly a token binds to the expression on its left.
fn lbp(token: &Token) -> u8 {
    match token {
        Token::Pipe => PIPE,
        Token::Or => OR,
        Token::And => AND,
        Token::Cmp(_) => CMP,
        Token::Flatten => FLATTEN,
        Token::FilterOpen => FILTER,
        Token::Dot => DOT,
        Token::LBracket => BRACKET,
        _ => 0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn field(name: &str) -> Box<Expr> {
        Box::new(Expr::Field(name.to_owned()))
    }

    #[test]
    fn paths_of_the_published_models_parse() {
        assert_eq!(
            parse("TableCreationParameters.TableName").unwrap(),
            Expr::Sub(field("TableCreationParameters"), field("TableName"))
        );
        assert_eq!(
            parse("TransactItems[*].Get.TableName").unwrap(),
            Expr::ListProjection(field("TransactItems"), Box::new(Expr::Sub(field("Get"), field("TableName"))))
        );
        assert_eq!(
            parse("keys(RequestItems)").unwrap(),
            Expr::Function("keys".to_owned(), vec![Expr::Field("RequestItems".to_owned())])
        );
        let multi = parse("TransactItems[*].[ConditionCheck.TableName, Put.TableName][]").unwrap();
        let Expr::Flatten(inner, rhs) = multi else { panic!("{multi:?}") };
        assert_eq!(*rhs, Expr::Current);
        assert!(
            matches!(*inner, Expr::ListProjection(_, ref rhs) if matches!(**rhs, Expr::MultiList(ref items) if items.len() == 2))
        );
    }

    #[test]
    fn waiter_forms_parse() {
        for text in [
            "Table.TableStatus",
            "length(Reservations[].Instances[]) > `0`",
            "Reservations[].Instances[].State.Name",
            "Stacks[].StackStatus",
            "contains(Items[?Status == 'FAILED'].Status, 'FAILED')",
            "InstanceStatuses[].InstanceStatus.Status == 'ok' && !HasMore",
            "length(Services[?!(length(Deployments) == `1` && runningCount == desiredCount)]) == `0`",
            "Items[0].Name || 'none'",
            "a | b[-1]",
            "@",
            "{a: b, c: d}",
            "foo[1:3]",
            "\"quoted name\".x",
        ] {
            parse(text).unwrap_or_else(|e| panic!("{text}: {e}"));
        }
    }

    #[test]
    fn broken_expressions_are_errors_with_a_place() {
        for (text, offset) in [("a.", 2), ("a[", 2), ("a[?b", 4), ("`{`", 0), ("a $ b", 2), ("(a", 2), ("a[1", 3)] {
            let error = parse(text).unwrap_err();
            assert_eq!(error.offset, offset, "{text}: {error}");
        }
    }
}
