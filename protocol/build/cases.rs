//! One function per case, and the registries the test reads.

use proc_macro2::{Literal, TokenStream};
use quote::{format_ident, quote};
use shapegen::json::Json;
use shapegen::model::Model;
use shapegen::names::Names;

use crate::values::Context;
use crate::{Generated, IgnoreList, Part, Suite};

/// The endpoint of a case whose suite gives none.
const DEFAULT_ENDPOINT: &str = "https://example.com";

/// Everything generated so far.
#[derive(Default)]
pub struct Output {
    modules: Vec<String>,
    models: Vec<TokenStream>,
    functions: Vec<TokenStream>,
    cases: Vec<TokenStream>,
    values: Vec<TokenStream>,
    value_errors: Vec<TokenStream>,
}

/// A case's values: (which, shape, value).
type Values<'a> = Vec<(&'static str, String, &'a Json)>;

impl Output {
    /// Adds the cases of one part of a suite, run against the module `module`.
    pub fn add(
        &mut self,
        suite: &Suite,
        part: &Part,
        module: &str,
        generated: Generated,
        ignore: &IgnoreList,
    ) -> Result<(), String> {
        let file = suite.file.as_str();
        let (model, status, warnings, compiled) = match generated {
            Generated::Ok { model, warnings, operations } => {
                self.modules.push(module.to_owned());
                let status = if operations {
                    quote!(crate::ModelStatus::Generated)
                } else {
                    quote!(crate::ModelStatus::NoOperations)
                };
                (Some(model), status, warnings, Some(operations))
            }
            Generated::Skipped { model, warnings } => {
                (Some(model), quote!(crate::ModelStatus::Skipped), warnings, None)
            }
            Generated::Rejected(reason) => {
                let reason = Literal::string(&reason);
                (None, quote!(crate::ModelStatus::Rejected(#reason)), Vec::new(), None)
            }
        };
        let (module_lit, file_lit, suite_index) = (Literal::string(module), Literal::string(file), suite.index);
        let warnings = warnings.iter().map(|w| Literal::string(w));
        self.models.push(quote!(crate::Model {
            module: #module_lit,
            file: #file_lit,
            suite: #suite_index,
            status: #status,
            warnings: &[#(#warnings),*],
        }));

        let selection = model.as_ref().and_then(|m| shapegen::select::select(m, &[], &[]).ok());
        let names = match (&model, &selection) {
            (Some(model), Some(selection)) => Some(Names::new(model, selection)),
            _ => None,
        };
        let module_ident = format_ident!("{}", module);
        for &index in &part.cases {
            let case = suite.cases[index];
            let id = case.get("id").and_then(Json::as_str).unwrap_or("(no id)");
            let description =
                case.get("description").and_then(Json::as_str).unwrap_or(suite.description.as_str()).to_owned();
            let ignored = ignore.ignores(suite.protocol, suite.direction, &suite.description, id);
            let n = self.cases.len();
            let function = format_ident!("case_{}", n);

            // The values of the case, checked on their own: they need only the types.
            let values = match &model {
                Some(model) => case_values(model, case),
                None => Ok(Vec::new()),
            };
            let body = match (&model, &selection, &names, &values) {
                (Some(model), Some(selection), Some(names), Ok(values)) => {
                    let cx = Context { model, selection, names, module: quote!(crate::#module_ident) };
                    for (which, shape, value) in values {
                        self.value_check(&cx, file, id, which, shape, value, compiled.is_some());
                    }
                    match compiled {
                        Some(true) => match case_body(&cx, suite, case) {
                            Ok(body) => body,
                            Err(reason) => harness_failure(&reason),
                        },
                        Some(false) => harness_failure("the generated code has no `operations` module"),
                        None => harness_failure(&format!(
                            "the generated code of {module} is left out of the build (PROTOCOL_TESTS_SKIP)"
                        )),
                    }
                }
                (None, ..) => {
                    let reason = "shapegen rejected the model of this suite (see the model list)";
                    self.value_error(file, id, "model", reason);
                    harness_failure(reason)
                }
                (_, _, _, Err(reason)) => {
                    self.value_error(file, id, "case", reason);
                    harness_failure(reason)
                }
                _ => harness_failure("the model's shapes could not be selected"),
            };
            self.functions.push(quote!(fn #function() -> ::std::result::Result<(), ::std::string::String> { #body }));
            let (id, description, suite_description) =
                (Literal::string(id), Literal::string(&description), Literal::string(&suite.description));
            self.cases.push(quote!(crate::Case {
                file: #file_lit,
                suite: #suite_index,
                suite_description: #suite_description,
                id: #id,
                description: #description,
                ignored: #ignored,
                module: #module_lit,
                run: #function,
            }));
        }
        Ok(())
    }

    #[allow(clippy::too_many_arguments)]
    fn value_check(
        &mut self,
        cx: &Context,
        file: &str,
        id: &str,
        which: &str,
        shape: &str,
        value: &Json,
        compiled: bool,
    ) {
        let built = cx.value(shape, value).and_then(|v| Ok((v, cx.type_path(shape)?)));
        match built {
            Ok((value, ty)) => {
                if !compiled {
                    return;
                }
                let function = format_ident!("value_{}", self.values.len());
                let tokens = value.tokens;
                self.functions.push(quote!(fn #function() -> ::std::string::String {
                    let v: #ty = #tokens;
                    ::std::format!("{v:?}")
                }));
                let (file, id, which) = (Literal::string(file), Literal::string(id), Literal::string(which));
                self.values.push(quote!(crate::ValueCheck { file: #file, id: #id, which: #which, build: #function }));
            }
            Err(reason) => self.value_error(file, id, which, &reason),
        }
    }

    fn value_error(&mut self, file: &str, id: &str, which: &str, reason: &str) {
        let (file, id, which, reason) =
            (Literal::string(file), Literal::string(id), Literal::string(which), Literal::string(reason));
        self.value_errors.push(quote!(crate::ValueError { file: #file, id: #id, which: #which, reason: #reason }));
    }

    /// `modules.rs` and `cases.rs`.
    pub fn finish(self) -> (String, String) {
        let mut modules = String::from("// The code shapegen generated, one module per suite model.\n");
        for module in &self.modules {
            modules.push_str(&format!(
                "pub mod {module} {{\n    include!(concat!(env!(\"OUT_DIR\"), \"/gen/{module}.rs\"));\n}}\n"
            ));
        }
        let Output { models, functions, cases, values, value_errors, .. } = self;
        let tokens = quote! {
            /// Every case of every suite, in file and suite order.
            pub static CASES: &[crate::Case] = &[#(#cases),*];
            /// Every model the suites gave shapegen.
            pub static MODELS: &[crate::Model] = &[#(#models),*];
            /// Every value of every case whose expression was built, to build once on its own.
            pub static VALUES: &[crate::ValueCheck] = &[#(#values),*];
            /// Every value of a case no expression could be built for.
            pub static VALUE_ERRORS: &[crate::ValueError] = &[#(#value_errors),*];
            #(#functions)*
        };
        let text = tokens.to_string();
        let cases = match syn::parse_file(&text) {
            Ok(file) => prettyplease::unparse(&file),
            Err(_) => text,
        };
        (modules, cases)
    }
}

/// The body of a case function that fails with `reason`.
fn harness_failure(reason: &str) -> TokenStream {
    let reason = Literal::string(&format!("harness: {reason}"));
    quote!(::std::result::Result::Err(::std::string::String::from(#reason)))
}

/// The operation a case gives, in the model.
fn operation<'m>(model: &'m Model, case: &Json) -> Result<&'m shapegen::model::Operation, String> {
    let name = case.get("given").and_then(|g| g.get("name")).and_then(Json::as_str).unwrap_or("OperationName");
    model.operation(name).ok_or_else(|| format!("the model has no operation {name:?}"))
}

/// The values of a case and the shapes they are of.
fn case_values<'a>(model: &Model, case: &'a Json) -> Result<Values<'a>, String> {
    let op = operation(model, case)?;
    let mut values = Vec::new();
    if let Some(params) = case.get("params") {
        match &op.input {
            Some(input) => values.push(("params", input.clone(), params)),
            None if is_empty(params) => {}
            None => return Err("params given for an operation without input".to_owned()),
        }
    }
    if let Some(result) = case.get("result") {
        match &op.output {
            Some(output) => values.push(("result", output.clone(), result)),
            None if is_empty(result) => {}
            None => return Err("a result given for an operation without output".to_owned()),
        }
    }
    if let Some(error) = case.get("error") {
        values.push(("error", error_shape(model, op, case)?.1, error));
    }
    Ok(values)
}

fn is_empty(value: &Json) -> bool {
    matches!(value, Json::Object(entries) if entries.is_empty()) || matches!(value, Json::Null)
}

/// The error a case expects: (its index among the operation's errors, its shape): the only
/// error of the operation, else the one `errorCode` names (by shape name, else by the code the
/// shape declares).
fn error_shape(model: &Model, op: &shapegen::model::Operation, case: &Json) -> Result<(usize, String), String> {
    if op.errors.len() == 1 {
        return Ok((0, op.errors[0].clone()));
    }
    let code = case.get("errorCode").and_then(Json::as_str);
    let declared = |e: &String| model.shape(e).and_then(|s| s.error.as_ref()).and_then(|t| t.code.as_deref());
    op.errors
        .iter()
        .position(|e| Some(e.as_str()) == code)
        .or_else(|| op.errors.iter().position(|e| declared(e) == code))
        .map(|i| (i, op.errors[i].clone()))
        .ok_or_else(|| format!("no error of the operation matches the error code {code:?}"))
}

fn case_body(cx: &Context, suite: &Suite, case: &Json) -> Result<TokenStream, String> {
    if case.get("params").is_some() {
        input_case(cx, suite, case)
    } else if case.get("response").is_some() {
        output_case(cx, suite, case)
    } else {
        Err("the case has neither params nor a response".to_owned())
    }
}

fn str_lit(value: Option<&Json>) -> Option<Literal> {
    value.and_then(Json::as_str).map(Literal::string)
}

/// `&[("name", "value"), ...]` from an object of strings.
fn pairs(value: Option<&Json>, what: &str) -> Result<TokenStream, String> {
    let mut pairs = Vec::new();
    if let Some(value) = value {
        let Json::Object(entries) = value else { return Err(format!("{what} is not an object")) };
        for (k, v) in entries {
            let v = v.as_str().ok_or_else(|| format!("{what}: {k:?} is not a string"))?;
            let (k, v) = (Literal::string(k), Literal::string(v));
            pairs.push(quote!((#k, #v)));
        }
    }
    Ok(quote!(&[#(#pairs),*]))
}

/// `&["a", ...]` from a list of strings.
fn strings(value: Option<&Json>, what: &str) -> Result<TokenStream, String> {
    let mut items = Vec::new();
    if let Some(value) = value {
        let Json::Array(list) = value else { return Err(format!("{what} is not a list")) };
        for item in list {
            items.push(Literal::string(item.as_str().ok_or_else(|| format!("{what}: not a string"))?));
        }
    }
    Ok(quote!(&[#(#items),*]))
}

fn bytes(text: &str) -> TokenStream {
    let lit = Literal::byte_string(text.as_bytes());
    quote!(&#lit[..])
}

/// A body as the suite gives it: text, except in the CBOR suites, where it is base64.
fn body_bytes(suite: &Suite, text: &str) -> Result<TokenStream, String> {
    if !suite.protocol.starts_with("smithy-rpc-v2-cbor") {
        return Ok(bytes(text));
    }
    use base64::Engine as _;
    let decoded = base64::engine::general_purpose::STANDARD
        .decode(text)
        .map_err(|e| format!("a body that is not base64 ({e}): {text:?}"))?;
    let lit = Literal::byte_string(&decoded);
    Ok(quote!(&#lit[..]))
}

fn input_case(cx: &Context, suite: &Suite, case: &Json) -> Result<TokenStream, String> {
    let op = operation(cx.model, case)?;
    let names = cx.names.operation(&op.name).ok_or_else(|| format!("no names for the operation {:?}", op.name))?;
    let module = &cx.module;
    let op_ident = names.operation.ident();
    let endpoint = case
        .get("clientEndpoint")
        .and_then(Json::as_str)
        .map(str::to_owned)
        .or_else(|| suite.client_endpoint.clone())
        .unwrap_or_else(|| DEFAULT_ENDPOINT.to_owned());
    let endpoint = Literal::string(&endpoint);
    let params = case.get("params").unwrap_or(&Json::Null);
    let call = match &op.input {
        Some(input) => {
            let value = cx.value(input, params)?.tokens;
            quote! {
                let input = #value;
                #module::operations::#op_ident::request(&input, #endpoint)
            }
        }
        None => quote!(#module::operations::#op_ident::request(#endpoint)),
    };
    let serialized = case.get("serialized").ok_or("the case has no \"serialized\"")?;
    let method = str_lit(serialized.get("method"))
        .map_or(quote!(::std::option::Option::None), |m| quote!(::std::option::Option::Some(#m)));
    let uri = str_lit(serialized.get("uri")).ok_or("\"serialized\" has no \"uri\"")?;
    let body = match serialized.get("body") {
        Some(Json::String(body)) => {
            let body = body_bytes(suite, body)?;
            quote!(::std::option::Option::Some(#body))
        }
        Some(_) => return Err("\"serialized.body\" is not a string".to_owned()),
        None => quote!(::std::option::Option::None),
    };
    let headers = pairs(serialized.get("headers"), "serialized.headers")?;
    let require = strings(serialized.get("requireHeaders"), "serialized.requireHeaders")?;
    let forbid = strings(serialized.get("forbidHeaders"), "serialized.forbidHeaders")?;
    let host = str_lit(serialized.get("host"))
        .map_or(quote!(::std::option::Option::None), |h| quote!(::std::option::Option::Some(#h)));
    // As a client sends it: idempotency tokens the input leaves unset are the suites' fixed
    // token, and the body is compressed where the model allows it (at the SDKs' default size).
    Ok(quote! {
        let mut request = ::shapegen_runtime::request::with_idempotency_token(crate::check::IDEMPOTENCY_TOKEN, || {
            #call
        }).map_err(|e| ::std::format!("the request could not be built: {e}"))?;
        ::shapegen_runtime::request::compress(
            &mut request,
            <#module::operations::#op_ident as ::shapegen_runtime::Operation>::REQUEST_COMPRESSION,
            ::shapegen_runtime::request::DEFAULT_MIN_COMPRESSION_SIZE,
        );
        crate::check::request(&request, &crate::check::ExpectedRequest {
            method: #method,
            uri: #uri,
            body: #body,
            headers: #headers,
            require_headers: #require,
            forbid_headers: #forbid,
            host: #host,
        })
    })
}

fn output_case(cx: &Context, suite: &Suite, case: &Json) -> Result<TokenStream, String> {
    let op = operation(cx.model, case)?;
    let names = cx.names.operation(&op.name).ok_or_else(|| format!("no names for the operation {:?}", op.name))?;
    let module = &cx.module;
    let op_ident = names.operation.ident();
    let response = case.get("response").ok_or("the case has no \"response\"")?;
    let status = match response.get("status_code") {
        Some(Json::Number(n)) => n.as_u64().and_then(|n| u16::try_from(n).ok()).ok_or("a status code out of range")?,
        None => 200,
        Some(_) => return Err("\"response.status_code\" is not a number".to_owned()),
    };
    let headers = pairs(response.get("headers"), "response.headers")?;
    let body = body_bytes(suite, response.get("body").and_then(Json::as_str).unwrap_or(""))?;
    let read = quote! {
        let response = crate::check::response(#status, #headers, #body)?;
        let outcome = #module::operations::#op_ident::response(&response);
    };
    if let Some(error) = case.get("error") {
        let (index, shape) = error_shape(cx.model, op, case)?;
        let value = cx.value(&shape, error)?;
        let (expected, nan) = (value.tokens, value.has_nan);
        let ty = cx.type_path(&shape)?;
        let error_enum = names.error.ident();
        let variant = names.variants.get(index).ok_or("no variant name for the error")?.ident();
        let context = quote::format_ident!("{}", cx.names.error_context_field(&shape));
        let variant_name = Literal::string(&format!("{}::{}", names.error.text(), names.variants[index].text()));
        let code = str_lit(case.get("errorCode")).ok_or("the case has an error but no \"errorCode\"")?;
        let message = match str_lit(case.get("errorMessage")) {
            Some(m) => quote!(::std::option::Option::Some(#m)),
            None => quote!(::std::option::Option::None),
        };
        Ok(quote! {
            // `code()` and `message()`: the error's own methods, else the trait's.
            #[allow(unused_imports)]
            use ::shapegen_runtime::ServiceError as _;
            #read
            let error = match outcome {
                ::std::result::Result::Ok(output) => {
                    return ::std::result::Result::Err(::std::format!(
                        "expected the error {}, but the response was read as output: {output:?}", #variant_name
                    ));
                }
                ::std::result::Result::Err(error) => error,
            };
            let mut problems = ::std::vec::Vec::new();
            crate::check::note(&mut problems, crate::check::error_meta(error.code(), error.message(), #code, #message));
            #[allow(unused_mut)]
            let mut expected: #ty = #expected;
            match &error {
                #module::operations::#error_enum::#variant(value) => {
                    let value: &#ty = ::std::borrow::Borrow::borrow(value);
                    // The response's status is the error's; its context is not a member.
                    crate::check::note(&mut problems, crate::check::status(value.#context.status(), #status));
                    expected.#context = value.#context.clone();
                    crate::check::note(&mut problems, crate::check::same("error", value, &expected, #nan));
                }
                #[allow(unreachable_patterns)]
                other => problems.push(::std::format!("expected the error {}, got {other:?}", #variant_name)),
            }
            crate::check::verdict(problems)
        })
    } else {
        let result = case.get("result").ok_or("the case has neither \"result\" nor \"error\"")?;
        let (expected, nan) = match &op.output {
            Some(output) => {
                let value = cx.value(output, result)?;
                let ty = cx.type_path(output)?;
                let tokens = value.tokens;
                (quote!(let expected: #ty = #tokens;), value.has_nan)
            }
            None => (quote!(let expected = ();), false),
        };
        Ok(quote! {
            #read
            match outcome {
                ::std::result::Result::Ok(output) => {
                    #expected
                    crate::check::same("output", &output, &expected, #nan)
                }
                ::std::result::Result::Err(error) => ::std::result::Result::Err(::std::format!(
                    "the response was read as an error: {error} ({error:?})"
                )),
            }
        })
    }
}
