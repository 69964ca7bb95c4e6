//! The types of a rule set's expressions, and the validation every rule set passes, whichever
//! model format it came from: every reference bound, every function known and called with
//! arguments of its types, every `getAttr` path a field of its value, every template reference
//! a string. The emitter walks the rules with the same [`Scope`] and [`condition`], so that
//! what is checked here is exactly what it compiles.
//!
//! An optional value (a parameter without a default, a value a function may not give) must
//! be narrowed before it is used: by `isSet` on the reference, which makes it a value for the
//! conditions after it and the rule's result, or by binding a call's value with `assign`.

use super::{Call, Condition, Expr, ParameterType, Piece, Rule, RuleKind, RuleSet, Step};
use crate::error::ModelError;
use crate::json::{Pointer, quote_for_message};

/// The type of a value in a rule set.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Type {
    /// A string.
    String,
    /// A boolean.
    Bool,
    /// An integer.
    Integer,
    /// A list of strings.
    StringArray,
    /// A list of other values (in endpoint properties).
    Array,
    /// An object (in endpoint properties).
    Object,
    /// What `aws.partition` gives.
    Partition,
    /// What `aws.parseArn` gives.
    Arn,
    /// What `parseURL` gives.
    Url,
    /// A value that may be absent.
    Optional(Box<Type>),
}

impl Type {
    /// The type without its optionality.
    pub fn inner(&self) -> &Type {
        match self {
            Type::Optional(inner) => inner,
            other => other,
        }
    }

    /// Whether the value may be absent.
    pub fn is_optional(&self) -> bool {
        matches!(self, Type::Optional(_))
    }

    fn optional(self) -> Type {
        match self {
            Type::Optional(_) => self,
            other => Type::Optional(Box::new(other)),
        }
    }

    /// The type's name with its article: `a string`, `an optional string`.
    fn a(&self) -> String {
        let name = self.name();
        let article = if name.starts_with(['a', 'e', 'i', 'o', 'u', 'A']) { "an" } else { "a" };
        format!("{article} {name}")
    }

    fn name(&self) -> String {
        match self {
            Type::String => "string".to_owned(),
            Type::Bool => "boolean".to_owned(),
            Type::Integer => "integer".to_owned(),
            Type::StringArray => "string array".to_owned(),
            Type::Array => "array".to_owned(),
            Type::Object => "object".to_owned(),
            Type::Partition => "partition".to_owned(),
            Type::Arn => "ARN".to_owned(),
            Type::Url => "URL".to_owned(),
            Type::Optional(inner) => format!("optional {}", inner.name()),
        }
    }
}

/// A function of the rules' standard library.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Function {
    /// `isSet(value)`: whether an optional value is set.
    IsSet,
    /// `not(bool)`.
    Not,
    /// `booleanEquals(a, b)`.
    BooleanEquals,
    /// `stringEquals(a, b)`.
    StringEquals,
    /// `getAttr(value, "path")`: a field or item of a value.
    GetAttr,
    /// `substring(input, start, stop, reverse)`.
    Substring,
    /// `uriEncode(value)`.
    UriEncode,
    /// `parseURL(value)`.
    ParseUrl,
    /// `isValidHostLabel(value, allowSubDomains)`.
    IsValidHostLabel,
    /// `aws.partition(region)`.
    Partition,
    /// `aws.parseArn(value)`.
    ParseArn,
    /// `aws.isVirtualHostableS3Bucket(value, allowSubDomains)`.
    IsVirtualHostableS3Bucket,
}

impl Function {
    /// Every function, by its name in rule sets.
    pub const ALL: &'static [(&'static str, Function)] = &[
        ("isSet", Function::IsSet),
        ("not", Function::Not),
        ("booleanEquals", Function::BooleanEquals),
        ("stringEquals", Function::StringEquals),
        ("getAttr", Function::GetAttr),
        ("substring", Function::Substring),
        ("uriEncode", Function::UriEncode),
        ("parseURL", Function::ParseUrl),
        ("isValidHostLabel", Function::IsValidHostLabel),
        ("aws.partition", Function::Partition),
        ("aws.parseArn", Function::ParseArn),
        ("aws.isVirtualHostableS3Bucket", Function::IsVirtualHostableS3Bucket),
    ];

    /// The function named `name`.
    pub fn named(name: &str) -> Option<Function> {
        Function::ALL.iter().find(|(n, _)| *n == name).map(|(_, f)| *f)
    }

    /// The types of its arguments (`getAttr` and `isSet` are checked on their own), and of
    /// its value.
    fn signature(self) -> (&'static [Type], Type) {
        use Type::*;
        match self {
            Function::IsSet | Function::GetAttr => (&[], Bool),
            Function::Not => (&[Bool], Bool),
            Function::BooleanEquals => (&[Bool, Bool], Bool),
            Function::StringEquals => (&[String, String], Bool),
            Function::Substring => (&[String, Integer, Integer, Bool], Optional(Box::new(String))),
            Function::UriEncode => (&[String], String),
            Function::ParseUrl => (&[String], Optional(Box::new(Url))),
            Function::IsValidHostLabel | Function::IsVirtualHostableS3Bucket => (&[String, Bool], Bool),
            Function::Partition => (&[String], Optional(Box::new(Partition))),
            Function::ParseArn => (&[String], Optional(Box::new(Arn))),
        }
    }
}

/// The variables in scope, innermost last: the parameters, and what conditions bound or
/// narrowed.
#[derive(Debug, Clone, Default)]
pub struct Scope {
    vars: Vec<(String, Type)>,
}

impl Scope {
    /// The scope of a rule set's top-level rules: its parameters, optional unless they have a
    /// default or are required (a required parameter is checked before the rules run).
    pub fn of(rules: &RuleSet) -> Scope {
        let vars = rules
            .parameters
            .iter()
            .map(|p| {
                let ty = match p.ty {
                    ParameterType::String => Type::String,
                    ParameterType::Boolean => Type::Bool,
                    ParameterType::StringArray => Type::StringArray,
                };
                let ty = if p.default.is_none() && !p.required { ty.optional() } else { ty };
                (p.name.clone(), ty)
            })
            .collect();
        Scope { vars }
    }

    /// The type of the variable `name`.
    pub fn get(&self, name: &str) -> Option<&Type> {
        self.vars.iter().rev().find(|(n, _)| n == name).map(|(_, t)| t)
    }

    /// Makes the optional variable `name` a value from here on, as a condition that needs it
    /// set does.
    pub fn narrow(&mut self, name: &str) {
        if let Some(ty) = self.get(name) {
            let inner = ty.inner().clone();
            self.push(name, inner);
        }
    }

    fn push(&mut self, name: &str, ty: Type) {
        self.vars.push((name.to_owned(), ty));
    }
}

/// What a condition does, for the code that evaluates it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Effect {
    /// `isSet` on a reference to an optional variable: the condition holds when it is set,
    /// and the variable is its value from then on.
    Narrow(String),
    /// The call gives a boolean: the condition holds when it is `true` (and `assign` binds
    /// it).
    Test,
    /// The call gives an optional value: the condition holds when it gives one, bound to
    /// `assign` if named.
    Some,
    /// The call always gives a value: the condition holds, and `assign` binds it.
    Always,
}

/// Checks `condition` in `scope` and adds what it binds or narrows to the scope. Besides its
/// [`Effect`], the optional variables the call is given directly where it takes a value: the
/// condition needs them set (an unset one makes it false, as two published rule sets rely on),
/// and they are narrowed from then on.
pub fn condition(scope: &mut Scope, condition: &Condition) -> Result<(Vec<String>, Effect), ModelError> {
    let implicit = implicit_narrowing(scope, &condition.call);
    for name in &implicit {
        scope.narrow(name);
    }
    let ty = call(scope, &condition.call)?;
    if let Some(name) = &condition.assign
        && scope.get(name).is_some()
    {
        return Err(ModelError::new(
            &condition.origin,
            format!("`assign` {} would shadow a variable of the same name", quote_for_message(name)),
        ));
    }
    let effect = match (&ty, narrowed_ref(scope, &condition.call)) {
        (_, Some(name)) if condition.assign.is_none() => {
            scope.narrow(&name);
            return Ok((implicit, Effect::Narrow(name)));
        }
        (Type::Bool, _) => Effect::Test,
        (Type::Optional(_), _) => Effect::Some,
        _ => Effect::Always,
    };
    if let Some(name) = &condition.assign {
        scope.push(name, ty.inner().clone());
    }
    Ok((implicit, effect))
}

/// The optional variables a call (not `isSet`) is given directly as arguments.
fn implicit_narrowing(scope: &Scope, call: &Call) -> Vec<String> {
    if matches!(Function::named(&call.function), Some(Function::IsSet) | None) {
        return Vec::new();
    }
    let mut names: Vec<String> = Vec::new();
    for arg in &call.args {
        if let Expr::Ref(name, _) = arg
            && scope.get(name).is_some_and(Type::is_optional)
            && !names.contains(name)
        {
            names.push(name.clone());
        }
    }
    names
}

/// The optional variable an `isSet` call tests, if it is one.
fn narrowed_ref(scope: &Scope, call: &Call) -> Option<String> {
    match (Function::named(&call.function), call.args.as_slice()) {
        (Some(Function::IsSet), [Expr::Ref(name, _)]) if scope.get(name).is_some_and(Type::is_optional) => {
            Some(name.clone())
        }
        _ => None,
    }
}

/// The type of a call's value.
pub fn call(scope: &Scope, call: &Call) -> Result<Type, ModelError> {
    let at = &call.origin;
    let Some(function) = Function::named(&call.function) else {
        let known: Vec<&str> = Function::ALL.iter().map(|(n, _)| *n).collect();
        return Err(ModelError::new(
            at,
            format!("unknown function {} (known: {})", quote_for_message(&call.function), known.join(", ")),
        ));
    };
    match function {
        Function::IsSet => {
            let [arg] = call.args.as_slice() else { return Err(arity(at, "isSet", 1)) };
            expr(scope, arg)?;
            Ok(Type::Bool)
        }
        Function::GetAttr => {
            let [value, Expr::String(path)] = call.args.as_slice() else {
                return Err(ModelError::new(at, "getAttr takes a value and a path string"));
            };
            let Some(path) = path.literal() else {
                return Err(ModelError::new(&path.origin, "getAttr's path must be a plain string"));
            };
            let steps = super::parse_path(&path).map_err(|e| ModelError::new(at, e))?;
            let ty = expr(scope, value)?;
            attribute(&ty, &steps).map_err(|e| ModelError::new(at, e))
        }
        _ => {
            let (params, result) = function.signature();
            if call.args.len() != params.len() {
                return Err(arity(at, &call.function, params.len()));
            }
            for (i, (arg, expected)) in call.args.iter().zip(params).enumerate() {
                let ty = expr(scope, arg)?;
                if ty != *expected {
                    let hint = if ty.inner() == expected { " (test it with isSet first)" } else { "" };
                    return Err(ModelError::new(
                        &at.key("argv").index(i),
                        format!(
                            "{} takes {} here, not {}{hint}",
                            quote_for_message(&call.function),
                            expected.a(),
                            ty.a()
                        ),
                    ));
                }
            }
            Ok(result)
        }
    }
}

fn arity(at: &Pointer, function: &str, n: usize) -> ModelError {
    ModelError::new(at, format!("{} takes {n} argument{}", quote_for_message(function), if n == 1 { "" } else { "s" }))
}

/// The type of `getAttr(value, path)` for a value of type `ty`.
pub fn attribute(ty: &Type, steps: &[Step]) -> Result<Type, String> {
    let mut ty = ty.clone();
    for step in steps {
        ty = match (&ty, step) {
            (Type::Optional(_), _) => return Err(format!("a path into {} (test it with isSet first)", ty.a())),
            (Type::Partition, Step::Field(f)) => match f.as_str() {
                "name" | "dnsSuffix" | "dualStackDnsSuffix" | "implicitGlobalRegion" => Type::String,
                "supportsFIPS" | "supportsDualStack" => Type::Bool,
                other => return Err(format!("a partition has no field {}", quote_for_message(other))),
            },
            (Type::Arn, Step::Field(f)) => match f.as_str() {
                "partition" | "service" | "region" | "accountId" => Type::String,
                "resourceId" => Type::StringArray,
                other => return Err(format!("an ARN has no field {}", quote_for_message(other))),
            },
            (Type::Url, Step::Field(f)) => match f.as_str() {
                "scheme" | "authority" | "path" | "normalizedPath" => Type::String,
                "isIp" => Type::Bool,
                other => return Err(format!("a URL has no field {}", quote_for_message(other))),
            },
            (Type::StringArray, Step::Index(_)) => Type::Optional(Box::new(Type::String)),
            (other, Step::Field(f)) => {
                return Err(format!("{} has no field {}", other.a(), quote_for_message(f)));
            }
            (other, Step::Index(_)) => return Err(format!("{} has no items", other.a())),
        };
    }
    Ok(ty)
}

/// The type of an expression.
pub fn expr(scope: &Scope, expr: &Expr) -> Result<Type, ModelError> {
    match expr {
        Expr::String(template) => {
            for piece in &template.pieces {
                if let Piece::Ref { name, path } = piece {
                    let Some(ty) = scope.get(name) else {
                        return Err(unbound(&template.origin, name));
                    };
                    let ty = attribute(ty, path).map_err(|e| ModelError::new(&template.origin, e))?;
                    if ty != Type::String {
                        return Err(ModelError::new(
                            &template.origin,
                            format!("the template puts {} in a string, {}", quote_for_message(name), ty.a()),
                        ));
                    }
                }
            }
            Ok(Type::String)
        }
        Expr::Bool(_) => Ok(Type::Bool),
        Expr::Integer(_) => Ok(Type::Integer),
        Expr::Array(items) => {
            let mut all_strings = true;
            for item in items {
                all_strings &= self::expr(scope, item)? == Type::String;
            }
            Ok(if all_strings { Type::StringArray } else { Type::Array })
        }
        Expr::Object(entries) => {
            for (_, value) in entries {
                self::expr(scope, value)?;
            }
            Ok(Type::Object)
        }
        Expr::Ref(name, at) => scope.get(name).cloned().ok_or_else(|| unbound(at, name)),
        Expr::Call(c) => call(scope, c),
    }
}

fn unbound(at: &Pointer, name: &str) -> ModelError {
    ModelError::new(at, format!("{} is not a parameter nor a variable bound before it", quote_for_message(name)))
}

/// Checks a whole rule set.
pub fn check(rules: &RuleSet) -> Result<(), ModelError> {
    check_rules(&Scope::of(rules), &rules.rules)
}

fn check_rules(scope: &Scope, rules: &[Rule]) -> Result<(), ModelError> {
    for rule in rules {
        let mut scope = scope.clone();
        for c in &rule.conditions {
            condition(&mut scope, c)?;
        }
        match &rule.kind {
            RuleKind::Endpoint(endpoint) => {
                string(&scope, &endpoint.url, "the URL")?;
                for (_, values) in &endpoint.headers {
                    for value in values {
                        string(&scope, value, "a header value")?;
                    }
                }
                for (_, value) in &endpoint.properties {
                    let ty = expr(&scope, value)?;
                    if ty.is_optional()
                        || !matches!(
                            ty,
                            Type::String | Type::Bool | Type::Integer | Type::StringArray | Type::Array | Type::Object
                        )
                    {
                        return Err(ModelError::new(&rule.origin, format!("a property cannot be {}", ty.a())));
                    }
                }
            }
            RuleKind::Error(message) => string(&scope, message, "the error message")?,
            RuleKind::Tree(inner) => check_rules(&scope, inner)?,
        }
    }
    Ok(())
}

fn string(scope: &Scope, value: &Expr, what: &str) -> Result<(), ModelError> {
    let ty = expr(scope, value)?;
    if ty != Type::String {
        let at = match value {
            Expr::String(t) => t.origin.clone(),
            Expr::Ref(_, at) => at.clone(),
            Expr::Call(c) => c.origin.clone(),
            _ => Pointer::root(),
        };
        return Err(ModelError::new(&at, format!("{what} must be a string, not {}", ty.a())));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check_text(text: &str) -> Result<(), String> {
        let json = crate::json::parse(text.as_bytes()).unwrap();
        let rules =
            super::super::read::rule_set(&json, &Pointer::root(), &mut Vec::new()).map_err(|e| e.to_string())?;
        check(&rules).map_err(|e| e.to_string())
    }

    const PARAMS: &str = r#""parameters": {"Region": {"type": "string"}, "UseFIPS": {"type": "boolean", "required": true, "default": false},
        "Bucket": {"type": "string"}, "Names": {"type": "stringArray"}}"#;

    fn rules_with(conditions: &str, url: &str) -> String {
        format!(
            r#"{{{PARAMS}, "rules": [{{"conditions": {conditions}, "type": "endpoint", "endpoint": {{"url": {url}}}}}]}}"#
        )
    }

    #[test]
    fn narrowed_and_bound_values_type_check() {
        check_text(&rules_with(
            r#"[{"fn": "isSet", "argv": [{"ref": "Region"}]},
                {"fn": "aws.partition", "argv": [{"ref": "Region"}], "assign": "P"},
                {"fn": "booleanEquals", "argv": [{"ref": "UseFIPS"}, {"fn": "getAttr", "argv": [{"ref": "P"}, "supportsFIPS"]}]},
                {"fn": "isSet", "argv": [{"ref": "Bucket"}]},
                {"fn": "aws.parseArn", "argv": [{"ref": "Bucket"}], "assign": "Arn"},
                {"fn": "getAttr", "argv": [{"ref": "Arn"}, "resourceId[1]"], "assign": "Name"},
                {"fn": "substring", "argv": [{"ref": "Name"}, 0, 4, false], "assign": "Prefix"}]"#,
            r#""https://{Prefix}.{Region}.{P#dnsSuffix}/{Arn#region}""#,
        ))
        .unwrap();
    }

    #[test]
    fn an_optional_given_where_a_value_is_taken_must_be_set() {
        let text = rules_with(
            r#"[{"fn": "aws.partition", "argv": [{"ref": "Region"}], "assign": "P"}]"#,
            r#""https://{Region}.{P#dnsSuffix}""#,
        );
        check_text(&text).unwrap();
        let json = crate::json::parse(text.as_bytes()).unwrap();
        let rules = super::super::read::rule_set(&json, &Pointer::root(), &mut Vec::new()).unwrap();
        let mut scope = Scope::of(&rules);
        let (implicit, effect) = condition(&mut scope, &rules.rules[0].conditions[0]).unwrap();
        assert_eq!((implicit, effect), (vec!["Region".to_owned()], Effect::Some));
        assert_eq!(scope.get("Region"), Some(&Type::String));
    }

    #[test]
    fn type_errors_name_the_place() {
        let cases = [
            (
                rules_with(
                    r#"[{"fn": "aws.partition", "argv": [{"fn": "substring", "argv": ["abc", 0, 1, false]}]}]"#,
                    r#""x""#,
                ),
                "rules[0].conditions[0].argv[0]: \"aws.partition\" takes a string here, not an optional string (test it with isSet first)",
            ),
            (rules_with("[]", r#""https://{Region}""#), "the template puts \"Region\" in a string, an optional string"),
            (rules_with("[]", r#""https://{Nope}""#), "\"Nope\" is not a parameter nor a variable"),
            (rules_with(r#"[{"fn": "frobnicate", "argv": []}]"#, r#""x""#), "unknown function \"frobnicate\""),
            (rules_with(r#"[{"fn": "not", "argv": [true, false]}]"#, r#""x""#), "\"not\" takes 1 argument"),
            (
                rules_with(
                    r#"[{"fn": "isSet", "argv": [{"ref": "Region"}]}, {"fn": "aws.partition", "argv": [{"ref": "Region"}], "assign": "P"}]"#,
                    r#""{P#nope}""#,
                ),
                "a partition has no field \"nope\"",
            ),
            (
                rules_with(
                    r#"[{"fn": "isSet", "argv": [{"ref": "Region"}]}, {"fn": "aws.partition", "argv": [{"ref": "Region"}], "assign": "Region"}]"#,
                    r#""x""#,
                ),
                "would shadow",
            ),
            (rules_with("[]", r#"{"ref": "UseFIPS"}"#), "the URL must be a string, not a boolean"),
            (
                rules_with(
                    r#"[{"fn": "isSet", "argv": [{"fn": "getAttr", "argv": [{"ref": "Names"}, "[0]"]}]}]"#,
                    r#""x""#,
                ),
                "a path into an optional string array",
            ),
        ];
        for (text, expected) in cases {
            let error = check_text(&text).unwrap_err();
            assert!(error.contains(expected), "expected {expected:?} in {error:?}");
        }
    }
}
