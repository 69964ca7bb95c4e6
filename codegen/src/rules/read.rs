//! Reads an endpoint rule set's JSON (the same document in botocore's
//! `endpoint-rule-set-1.json` and in Smithy's `smithy.rules#endpointRuleSet` trait) into a
//! [`RuleSet`]. Keys it does not know are warnings; a value of the wrong form is an error that
//! names its place.

use super::{
    Call, Condition, EndpointSpec, Expr, Literal, Parameter, ParameterType, Piece, Rule, RuleKind, RuleSet, Template,
};
use crate::error::{ModelError, Warning};
use crate::json::{Json, Pointer, quote_for_message};
use crate::model::{ClientContextParam, ContextParam};
use crate::read::fields::Fields;

/// The endpoint parameters an operation sets: `statics` (`{"Name": {"value": V}}`, botocore
/// `staticContextParams`, Smithy `smithy.rules#staticContextParams`) and `paths`
/// (`{"Name": {"path": "A.B[*].C"}}`, `operationContextParams` in both).
pub(crate) fn context_params(
    statics: Option<&Fields>,
    paths: Option<&Fields>,
) -> Result<Vec<(String, ContextParam, Pointer)>, ModelError> {
    let mut out = Vec::new();
    for f in statics.into_iter() {
        for (name, value) in f.entries() {
            let entry = Fields::of(value, &f.ptr(name), "a static context parameter")?;
            let at = entry.ptr("value");
            let value = match entry.get("value") {
                Some(Json::String(s)) => Literal::String(s.clone()),
                Some(Json::Bool(b)) => Literal::Bool(*b),
                Some(Json::Array(_)) => Literal::Strings(
                    entry.strings("value")?.unwrap_or_default().into_iter().map(str::to_owned).collect(),
                ),
                Some(other) => {
                    return Err(ModelError::new(
                        &at,
                        format!("expected a string, boolean or list of strings, found {}", other.type_name()),
                    ));
                }
                None => return Err(ModelError::new(entry.at(), "a static context parameter without `value`")),
            };
            out.push((name.clone(), ContextParam::Value(value), f.ptr(name)));
        }
    }
    for f in paths.into_iter() {
        for (name, value) in f.entries() {
            let entry = Fields::of(value, &f.ptr(name), "an operation context parameter")?;
            let path = entry.required_str("path", "the parameter's path")?;
            out.push((name.clone(), ContextParam::Path(path.to_owned()), entry.ptr("path")));
        }
    }
    Ok(out)
}

/// The endpoint parameters a service's client sets (`{"Name": {"type": "boolean",
/// "documentation": "..."}}`, botocore `clientContextParams`, Smithy
/// `smithy.rules#clientContextParams`).
pub(crate) fn client_context_params(f: &Fields) -> Result<Vec<ClientContextParam>, ModelError> {
    f.entries()
        .iter()
        .map(|(name, value)| {
            let entry = Fields::of(value, &f.ptr(name), "a client context parameter")?;
            Ok(ClientContextParam {
                name: name.clone(),
                ty: entry.required_str("type", "the parameter's type")?.to_owned(),
                documentation: entry.string("documentation")?,
                origin: f.ptr(name),
            })
        })
        .collect()
}

/// Rules nested deeper than this are refused: the generated code nests as deep.
const MAX_DEPTH: usize = 64;

/// Reads the rule set `document`, found at `at`.
pub fn rule_set(document: &Json, at: &Pointer, warnings: &mut Vec<Warning>) -> Result<RuleSet, ModelError> {
    let f = Fields::of(document, at, "an endpoint rule set")?;
    f.warn_unknown(&["version", "serviceId", "parameters", "rules"], "endpoint rule set", warnings);
    let mut parameters = Vec::new();
    if let Some(params) = f.object("parameters", "the rule set's parameters")? {
        for (name, value) in params.entries() {
            parameters.push(parameter(name, value, &params.ptr(name), warnings)?);
        }
    }
    let rules = match f.array("rules")? {
        Some(rules) => rule_list(rules, &f.ptr("rules"), 0, warnings)?,
        None => return Err(ModelError::new(at, "an endpoint rule set without `rules`")),
    };
    Ok(RuleSet { parameters, rules, origin: at.clone() })
}

fn parameter(name: &str, value: &Json, at: &Pointer, warnings: &mut Vec<Warning>) -> Result<Parameter, ModelError> {
    let f = Fields::of(value, at, "a rule set parameter")?;
    f.warn_unknown(
        &["type", "required", "default", "builtIn", "documentation", "deprecated"],
        "rule set parameter",
        warnings,
    );
    if name.is_empty() || !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
        return Err(ModelError::new(
            at,
            format!("the parameter name {} is not an identifier", quote_for_message(name)),
        ));
    }
    let ty = match f.required_str("type", "the parameter's type")?.to_ascii_lowercase().as_str() {
        "string" => ParameterType::String,
        "boolean" => ParameterType::Boolean,
        "stringarray" => ParameterType::StringArray,
        other => {
            return Err(ModelError::new(
                &f.ptr("type"),
                format!("unknown parameter type {} (known: string, boolean, stringArray)", quote_for_message(other)),
            ));
        }
    };
    let default = match f.get("default") {
        None => None,
        Some(value) => Some(match (ty, value) {
            (ParameterType::String, Json::String(s)) => Literal::String(s.clone()),
            (ParameterType::Boolean, Json::Bool(b)) => Literal::Bool(*b),
            (ParameterType::StringArray, Json::Array(_)) => {
                Literal::Strings(f.strings("default")?.unwrap_or_default().into_iter().map(str::to_owned).collect())
            }
            (_, other) => {
                return Err(ModelError::new(
                    &f.ptr("default"),
                    format!("the default is {}, for a parameter of type {}", other.type_name(), type_name(ty)),
                ));
            }
        }),
    };
    let deprecated = match f.object("deprecated", "a deprecation")? {
        Some(d) => {
            d.warn_unknown(&["message", "since"], "deprecation", warnings);
            Some((d.string("message")?, d.string("since")?))
        }
        None => None,
    };
    Ok(Parameter {
        name: name.to_owned(),
        ty,
        required: f.bool("required")?,
        default,
        built_in: f.string("builtIn")?,
        documentation: f.string("documentation")?,
        deprecated,
        origin: at.clone(),
    })
}

fn type_name(ty: ParameterType) -> &'static str {
    match ty {
        ParameterType::String => "string",
        ParameterType::Boolean => "boolean",
        ParameterType::StringArray => "stringArray",
    }
}

fn rule_list(rules: &[Json], at: &Pointer, depth: usize, warnings: &mut Vec<Warning>) -> Result<Vec<Rule>, ModelError> {
    if depth > MAX_DEPTH {
        return Err(ModelError::new(at, format!("rules nested more than {MAX_DEPTH} deep")));
    }
    rules.iter().enumerate().map(|(i, rule)| read_rule(rule, &at.index(i), depth, warnings)).collect()
}

fn read_rule(value: &Json, at: &Pointer, depth: usize, warnings: &mut Vec<Warning>) -> Result<Rule, ModelError> {
    let f = Fields::of(value, at, "a rule")?;
    f.warn_unknown(&["conditions", "type", "endpoint", "error", "rules", "documentation"], "rule", warnings);
    let conditions = match f.array("conditions")? {
        Some(conditions) => conditions
            .iter()
            .enumerate()
            .map(|(i, c)| condition(c, &f.ptr("conditions").index(i)))
            .collect::<Result<_, _>>()?,
        None => Vec::new(),
    };
    let missing = |key: &str, ty: &str| ModelError::new(at, format!("an {ty} rule without `{key}`"));
    let kind = match f.required_str("type", "the rule's type")? {
        "endpoint" => {
            let endpoint = f.object("endpoint", "an endpoint")?.ok_or_else(|| missing("endpoint", "endpoint"))?;
            endpoint.warn_unknown(&["url", "headers", "properties"], "endpoint", warnings);
            let url = endpoint.get("url").ok_or_else(|| ModelError::new(endpoint.at(), "an endpoint without `url`"))?;
            let url = expr(url, &endpoint.ptr("url"))?;
            let mut headers = Vec::new();
            if let Some(h) = endpoint.object("headers", "the endpoint's headers")? {
                for (name, values) in h.entries() {
                    let Json::Array(values) = values else {
                        return Err(ModelError::new(&h.ptr(name), "a header's values must be a list"));
                    };
                    let values = values
                        .iter()
                        .enumerate()
                        .map(|(i, v)| expr(v, &h.ptr(name).index(i)))
                        .collect::<Result<_, _>>()?;
                    headers.push((name.clone(), values));
                }
            }
            let mut properties = Vec::new();
            if let Some(p) = endpoint.object("properties", "the endpoint's properties")? {
                for (name, value) in p.entries() {
                    properties.push((name.clone(), expr(value, &p.ptr(name))?));
                }
            }
            RuleKind::Endpoint(EndpointSpec { url, headers, properties })
        }
        "error" => {
            let error = f.get("error").ok_or_else(|| missing("error", "error"))?;
            RuleKind::Error(expr(error, &f.ptr("error"))?)
        }
        "tree" => {
            let rules = f.array("rules")?.ok_or_else(|| missing("rules", "tree"))?;
            RuleKind::Tree(rule_list(rules, &f.ptr("rules"), depth + 1, warnings)?)
        }
        other => {
            return Err(ModelError::new(
                &f.ptr("type"),
                format!("unknown rule type {} (known: endpoint, error, tree)", quote_for_message(other)),
            ));
        }
    };
    Ok(Rule { conditions, kind, documentation: f.string("documentation")?, origin: at.clone() })
}

fn condition(value: &Json, at: &Pointer) -> Result<Condition, ModelError> {
    let f = Fields::of(value, at, "a condition")?;
    for (key, _) in f.entries() {
        if !matches!(key.as_str(), "fn" | "argv" | "assign" | "documentation") {
            return Err(ModelError::new(&f.ptr(key), format!("unknown condition key {}", quote_for_message(key))));
        }
    }
    let assign = f.string("assign")?;
    if let Some(name) = &assign
        && (name.is_empty() || !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_'))
    {
        return Err(ModelError::new(&f.ptr("assign"), format!("{} is not a variable name", quote_for_message(name))));
    }
    Ok(Condition { call: call(&f)?, assign, origin: at.clone() })
}

fn call(f: &Fields) -> Result<Call, ModelError> {
    let function = f.required_str("fn", "the function's name")?.to_owned();
    let args = match f.array("argv")? {
        Some(args) => {
            args.iter().enumerate().map(|(i, a)| expr(a, &f.ptr("argv").index(i))).collect::<Result<_, _>>()?
        }
        None => {
            return Err(ModelError::new(f.at(), format!("a call of {} without `argv`", quote_for_message(&function))));
        }
    };
    Ok(Call { function, args, origin: f.at().clone() })
}

/// An expression: a template string, a literal, a list, an object, a reference or a call.
fn expr(value: &Json, at: &Pointer) -> Result<Expr, ModelError> {
    Ok(match value {
        Json::String(s) => Expr::String(template(s, at)?),
        Json::Bool(b) => Expr::Bool(*b),
        Json::Number(n) => {
            Expr::Integer(n.as_i64().ok_or_else(|| ModelError::new(at, format!("{n} is not an integer")))?)
        }
        Json::Array(items) => {
            Expr::Array(items.iter().enumerate().map(|(i, item)| expr(item, &at.index(i))).collect::<Result<_, _>>()?)
        }
        Json::Object(_) => {
            let f = Fields::of(value, at, "an expression")?;
            if let Some(name) = f.get("ref") {
                if f.entries().len() != 1 {
                    return Err(ModelError::new(at, "a reference has only `ref`"));
                }
                let Json::String(name) = name else {
                    return Err(ModelError::new(&f.ptr("ref"), "a reference names a variable with a string"));
                };
                Expr::Ref(name.clone(), f.ptr("ref"))
            } else if f.get("fn").is_some() {
                for (key, _) in f.entries() {
                    if !matches!(key.as_str(), "fn" | "argv") {
                        return Err(ModelError::new(
                            &f.ptr(key),
                            format!("unknown call key {}", quote_for_message(key)),
                        ));
                    }
                }
                Expr::Call(Box::new(call(&f)?))
            } else {
                Expr::Object(
                    f.entries()
                        .iter()
                        .map(|(key, value)| Ok((key.clone(), expr(value, &f.ptr(key))?)))
                        .collect::<Result<_, ModelError>>()?,
                )
            }
        }
        Json::Null => return Err(ModelError::new(at, "`null` is not an expression")),
    })
}

/// A template string: `{Name}` and `{Name#path}` are references, `{{` and `}}` braces.
pub(crate) fn template(text: &str, at: &Pointer) -> Result<Template, ModelError> {
    let mut pieces = Vec::new();
    let mut literal = String::new();
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        match c {
            '{' if chars.peek().map(|&(_, c)| c) == Some('{') => {
                chars.next();
                literal.push('{');
            }
            '}' if chars.peek().map(|&(_, c)| c) == Some('}') => {
                chars.next();
                literal.push('}');
            }
            '{' => {
                let rest = &text[i + 1..];
                let Some(end) = rest.find('}') else {
                    return Err(ModelError::new(
                        at,
                        format!("an unclosed `{{` in the template {}", quote_for_message(text)),
                    ));
                };
                let reference = &rest[..end];
                for _ in 0..=reference.chars().count() {
                    chars.next();
                }
                let (name, path) = match reference.split_once('#') {
                    Some((name, path)) => (name, super::parse_path(path).map_err(|e| ModelError::new(at, e))?),
                    None => (reference, Vec::new()),
                };
                if name.is_empty() || !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
                    return Err(ModelError::new(
                        at,
                        format!(
                            "{} in the template {} is not a variable",
                            quote_for_message(reference),
                            quote_for_message(text)
                        ),
                    ));
                }
                if !literal.is_empty() {
                    pieces.push(Piece::Text(std::mem::take(&mut literal)));
                }
                pieces.push(Piece::Ref { name: name.to_owned(), path });
            }
            '}' => {
                return Err(ModelError::new(at, format!("a lone `}}` in the template {}", quote_for_message(text))));
            }
            c => literal.push(c),
        }
    }
    if !literal.is_empty() {
        pieces.push(Piece::Text(literal));
    }
    Ok(Template { pieces, origin: at.clone() })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::Step;

    fn read(text: &str) -> Result<RuleSet, ModelError> {
        let json = crate::json::parse(text.as_bytes()).unwrap();
        rule_set(&json, &Pointer::root(), &mut Vec::new())
    }

    #[test]
    fn templates_hold_text_references_and_paths() {
        let t = template("https://{Bucket}.s3.{PartitionResult#dnsSuffix}/{{x}}", &Pointer::root()).unwrap();
        assert_eq!(
            t.pieces,
            vec![
                Piece::Text("https://".into()),
                Piece::Ref { name: "Bucket".into(), path: vec![] },
                Piece::Text(".s3.".into()),
                Piece::Ref { name: "PartitionResult".into(), path: vec![Step::Field("dnsSuffix".into())] },
                Piece::Text("/{x}".into()),
            ]
        );
        for bad in ["{", "a}b", "{}", "{a b}", "{a#}"] {
            assert!(template(bad, &Pointer::root()).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn a_rule_set_reads_with_its_parameters_and_rules() {
        let rules = read(
            r#"{"version": "1.0", "parameters": {
                 "Region": {"type": "String", "builtIn": "AWS::Region", "documentation": "The region."},
                 "UseFIPS": {"type": "boolean", "required": true, "default": false}},
               "rules": [
                 {"conditions": [{"fn": "aws.partition", "argv": [{"ref": "Region"}], "assign": "P"}],
                  "type": "tree", "rules": [
                    {"conditions": [], "type": "endpoint", "endpoint": {"url": "https://{Region}.{P#dnsSuffix}",
                      "properties": {"authSchemes": [{"name": "sigv4", "disableDoubleEncoding": true}]}, "headers": {"x": ["y"]}}}]},
                 {"conditions": [], "type": "error", "error": "no region"}]}"#,
        )
        .unwrap();
        assert_eq!(rules.parameters.len(), 2);
        assert_eq!(rules.parameters[0].ty, ParameterType::String);
        assert_eq!(rules.parameters[1].default, Some(Literal::Bool(false)));
        assert!(matches!(&rules.rules[0].kind, RuleKind::Tree(inner) if inner.len() == 1));
        assert_eq!(rules.rules[0].conditions[0].assign.as_deref(), Some("P"));
    }

    #[test]
    fn malformed_rule_sets_are_errors_naming_the_place() {
        let cases = [
            (r#"{"parameters": {}}"#, "without `rules`"),
            (r#"{"rules": [{"type": "nope"}]}"#, "rules[0].type: unknown rule type"),
            (r#"{"rules": [{"type": "endpoint"}]}"#, "without `endpoint`"),
            (r#"{"rules": [{"type": "error", "conditions": [{"fn": "isSet"}], "error": "x"}]}"#, "without `argv`"),
            (r#"{"parameters": {"A": {"type": "int"}}, "rules": []}"#, "unknown parameter type"),
            (
                r#"{"parameters": {"A": {"type": "boolean", "default": "x"}}, "rules": []}"#,
                "the default is a string, for a parameter of type boolean",
            ),
            (r#"{"rules": [{"type": "error", "error": null}]}"#, "rules[0].error: `null`"),
            (r#"{"rules": [{"type": "error", "error": "{oops"}]}"#, "unclosed"),
        ];
        for (text, expected) in cases {
            let error = read(text).unwrap_err().to_string();
            assert!(error.contains(expected), "{text}: {error}");
        }
    }
}
