//! Endpoint rule sets: where a call goes and how it is signed, as each AWS service's model
//! decides it (botocore's `endpoint-rule-set-1.json`, Smithy's `smithy.rules#endpointRuleSet`).
//!
//! A rule set is read once into [`RuleSet`] (the same for both model formats), checked by
//! [`check`] (every reference bound, every function known and given arguments of its types),
//! and compiled to Rust by the emitter: resolution runs generated code, not an interpreter.
//!
//! - [`read`]: the rule set's JSON into [`RuleSet`], with errors that name the place;
//! - [`check`]: the types of every expression, and the one validation both formats pass.

pub mod check;
pub mod read;

use crate::json::Pointer;

/// An endpoint rule set: its parameters and its rules, tried in order.
#[derive(Debug, Clone, PartialEq)]
pub struct RuleSet {
    /// The parameters, in the rule set's order.
    pub parameters: Vec<Parameter>,
    /// The rules, in order: the first whose conditions hold decides.
    pub rules: Vec<Rule>,
    /// Where the rule set is, for errors: its file (botocore) or trait (Smithy).
    pub origin: Pointer,
}

impl RuleSet {
    /// The variables the endpoints' URLs name (`{Bucket}`, `{AccountId}`): what the rules put
    /// in the URL themselves.
    pub fn url_variables(&self) -> std::collections::BTreeSet<&str> {
        fn walk<'r>(rules: &'r [Rule], out: &mut std::collections::BTreeSet<&'r str>) {
            for rule in rules {
                match &rule.kind {
                    RuleKind::Endpoint(endpoint) => match &endpoint.url {
                        Expr::String(template) => out.extend(template.pieces.iter().filter_map(|p| match p {
                            Piece::Ref { name, .. } => Some(name.as_str()),
                            Piece::Text(_) => None,
                        })),
                        Expr::Ref(name, _) => {
                            out.insert(name);
                        }
                        _ => {}
                    },
                    RuleKind::Tree(inner) => walk(inner, out),
                    RuleKind::Error(_) => {}
                }
            }
        }
        let mut out = std::collections::BTreeSet::new();
        walk(&self.rules, &mut out);
        out
    }

    /// The parameter named `name`.
    pub fn parameter(&self, name: &str) -> Option<&Parameter> {
        self.parameters.iter().find(|p| p.name == name)
    }
}

/// The type of a parameter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParameterType {
    /// `string`.
    String,
    /// `boolean`.
    Boolean,
    /// `stringArray`.
    StringArray,
}

/// A literal value: a parameter's default, a static context parameter's value.
#[derive(Debug, Clone, PartialEq)]
pub enum Literal {
    /// A string.
    String(String),
    /// A boolean.
    Bool(bool),
    /// A list of strings.
    Strings(Vec<String>),
}

/// A parameter of a rule set.
#[derive(Debug, Clone, PartialEq)]
pub struct Parameter {
    /// Its name (`Region`).
    pub name: String,
    /// Its type.
    pub ty: ParameterType,
    /// Whether resolution needs it: a required parameter without a default that is not set is
    /// an error naming it.
    pub required: bool,
    /// The value it takes when not set.
    pub default: Option<Literal>,
    /// The built-in value that fills it (`AWS::Region`), set once for every service.
    pub built_in: Option<String>,
    /// Its documentation.
    pub documentation: Option<String>,
    /// Its deprecation: a message and a date or version.
    pub deprecated: Option<(Option<String>, Option<String>)>,
    /// Where it is.
    pub origin: Pointer,
}

/// A rule: conditions, all of which must hold, and what follows when they do.
#[derive(Debug, Clone, PartialEq)]
pub struct Rule {
    /// The conditions, in order; a condition may bind a variable for those after it.
    pub conditions: Vec<Condition>,
    /// What the rule gives.
    pub kind: RuleKind,
    /// Its documentation.
    pub documentation: Option<String>,
    /// Where it is.
    pub origin: Pointer,
}

/// What a rule gives when its conditions hold.
#[derive(Debug, Clone, PartialEq)]
pub enum RuleKind {
    /// An endpoint.
    Endpoint(EndpointSpec),
    /// An error, with its message.
    Error(Expr),
    /// More rules, tried in order; when none matches, resolution fails.
    Tree(Vec<Rule>),
}

/// The endpoint an endpoint rule gives.
#[derive(Debug, Clone, PartialEq)]
pub struct EndpointSpec {
    /// The URL.
    pub url: Expr,
    /// Headers, each with its values.
    pub headers: Vec<(String, Vec<Expr>)>,
    /// Properties (`authSchemes` among them).
    pub properties: Vec<(String, Expr)>,
}

/// A condition: a function call that holds when it gives `true` or a value, which `assign`
/// binds to a name for the conditions after it and the rule's result.
#[derive(Debug, Clone, PartialEq)]
pub struct Condition {
    /// The call.
    pub call: Call,
    /// The name its value is bound to.
    pub assign: Option<String>,
    /// Where it is.
    pub origin: Pointer,
}

/// A function call.
#[derive(Debug, Clone, PartialEq)]
pub struct Call {
    /// The function (`aws.partition`, `isSet`, ...).
    pub function: String,
    /// The arguments.
    pub args: Vec<Expr>,
    /// Where it is.
    pub origin: Pointer,
}

/// An expression.
#[derive(Debug, Clone, PartialEq)]
pub enum Expr {
    /// A string, with references to variables in it (`"https://{Region}.example.com"`).
    String(Template),
    /// A boolean.
    Bool(bool),
    /// An integer.
    Integer(i64),
    /// A list.
    Array(Vec<Expr>),
    /// An object, its keys in order.
    Object(Vec<(String, Expr)>),
    /// A parameter or a bound variable.
    Ref(String, Pointer),
    /// A function call.
    Call(Box<Call>),
}

/// A template string: text with references in braces (`{Region}`,
/// `{PartitionResult#dnsSuffix}`), `{{` and `}}` standing for braces.
#[derive(Debug, Clone, PartialEq)]
pub struct Template {
    /// Its pieces, in order.
    pub pieces: Vec<Piece>,
    /// Where it is.
    pub origin: Pointer,
}

impl Template {
    /// The text of a template without references.
    pub fn literal(&self) -> Option<String> {
        let mut out = String::new();
        for piece in &self.pieces {
            match piece {
                Piece::Text(text) => out.push_str(text),
                Piece::Ref { .. } => return None,
            }
        }
        Some(out)
    }
}

/// A piece of a template.
#[derive(Debug, Clone, PartialEq)]
pub enum Piece {
    /// Text.
    Text(String),
    /// A reference to a variable, and a path into it (`PartitionResult#dnsSuffix`).
    Ref {
        /// The variable.
        name: String,
        /// The path into it, empty for the variable itself.
        path: Vec<Step>,
    },
}

/// A step of a `getAttr` path (`resourceId[0]`, `a.b`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Step {
    /// A field.
    Field(String),
    /// An item of a list.
    Index(usize),
}

/// Parses a `getAttr` path: fields separated by `.`, each optionally followed by `[N]`, or a
/// lone `[N]`.
pub fn parse_path(path: &str) -> Result<Vec<Step>, String> {
    if path.is_empty() {
        return Err("an empty path".to_owned());
    }
    let mut steps = Vec::new();
    for part in path.split('.') {
        let (field, mut rest) = match part.find('[') {
            Some(i) => (&part[..i], &part[i..]),
            None => (part, ""),
        };
        if !field.is_empty() {
            if !field.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
                return Err(format!("{field:?} is not a field name"));
            }
            steps.push(Step::Field(field.to_owned()));
        } else if rest.is_empty() {
            return Err(format!("an empty step in {path:?}"));
        }
        while !rest.is_empty() {
            let Some(close) = rest.find(']') else { return Err(format!("an unclosed `[` in {path:?}")) };
            let index =
                rest[1..close].parse::<usize>().map_err(|_| format!("{:?} is not an index", &rest[1..close]))?;
            steps.push(Step::Index(index));
            rest = &rest[close + 1..];
            if !rest.is_empty() && !rest.starts_with('[') {
                return Err(format!("{rest:?} follows an index in {path:?}"));
            }
        }
    }
    Ok(steps)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_parse_into_fields_and_indexes() {
        assert_eq!(parse_path("supportsFIPS").unwrap(), vec![Step::Field("supportsFIPS".into())]);
        assert_eq!(parse_path("resourceId[2]").unwrap(), vec![Step::Field("resourceId".into()), Step::Index(2)]);
        assert_eq!(parse_path("[0]").unwrap(), vec![Step::Index(0)]);
        assert_eq!(
            parse_path("a.b[1][2]").unwrap(),
            vec![Step::Field("a".into()), Step::Field("b".into()), Step::Index(1), Step::Index(2)]
        );
        for bad in ["", "a..b", "a[", "a[x]", "a[1]b", "a b", "[-1]"] {
            assert!(parse_path(bad).is_err(), "{bad:?}");
        }
    }
}
