//! A structure's documentation and its members': the model's text, and what the model says
//! beside it (the operation a structure belongs to, where a member travels, its default).

use super::super::{Context, Role, doc_or, push_paragraph};
use crate::docs::code_span;
use crate::model::{Binding, Member, Shape, ShapeKind};

pub(super) fn struct_docs(cx: &Context, shape: &Shape) -> Vec<String> {
    let mut lines = doc_or(shape.documentation.as_deref(), || format!("The {} structure.", code_span(&shape.name)));
    for role in cx.roles.get(shape.name.as_str()).into_iter().flatten() {
        let paragraph = match role {
            Role::Input(op) => {
                let http = cx.model.operation(op).and_then(|o| o.http.as_ref());
                match http {
                    Some(h) => format!(
                        "The input of the {} operation ({}).",
                        code_span(op),
                        code_span(&format!("{} {}", h.method, h.uri))
                    ),
                    None => format!("The input of the {} operation.", code_span(op)),
                }
            }
            Role::Output(op) => format!("The output of the {} operation.", code_span(op)),
            Role::Error(op) => format!("An error of the {} operation.", code_span(op)),
        };
        push_paragraph(&mut lines, paragraph);
    }
    if shape.event {
        push_paragraph(
            &mut lines,
            "An event of an event stream. This type is the event's content; the stream's framing (event headers, message encoding) is the transport's job.".to_owned(),
        );
    }
    if let Some(error) = &shape.error {
        let code = error.code.as_deref().unwrap_or(&shape.name);
        let mut paragraph = format!("Error code {}", code_span(code));
        if let Some(status) = error.http_status {
            paragraph.push_str(&format!(", HTTP status {status}"));
        }
        paragraph.push_str(if error.sender_fault { "; the caller's fault." } else { "; the service's fault." });
        push_paragraph(&mut lines, paragraph);
    }
    lines
}

pub(super) fn field_docs(cx: &Context, member: &Member) -> Vec<String> {
    let target_docs = cx.model.shape(&member.target).and_then(|s| s.documentation.as_deref());
    let mut lines =
        doc_or(member.documentation.as_deref().or(target_docs), || format!("The {} member.", code_span(&member.name)));
    match &member.binding {
        Binding::Body => {}
        Binding::Payload if member.event_payload => push_paragraph(
            &mut lines,
            "The event's payload: the whole body of the event message, not a member of a JSON document, so serde skips it."
                .to_owned(),
        ),
        Binding::Payload => push_paragraph(
            &mut lines,
            "The HTTP payload: the whole body of the message, not a member of a JSON document, so serde skips it."
                .to_owned(),
        ),
        Binding::StatusCode => push_paragraph(
            &mut lines,
            "The HTTP status code of the response; not part of the JSON body, so serde skips it.".to_owned(),
        ),
        Binding::Label(n) => push_paragraph(
            &mut lines,
            format!("Bound to the URI label {}; not part of the JSON body, so serde skips it.", code_span(n)),
        ),
        Binding::Query(n) => push_paragraph(
            &mut lines,
            format!("Bound to the query parameter {}; not part of the JSON body, so serde skips it.", code_span(n)),
        ),
        Binding::QueryParams => push_paragraph(
            &mut lines,
            "The query string parameters not bound to other members; not part of the JSON body, so serde skips it."
                .to_owned(),
        ),
        Binding::Header(n) => push_paragraph(
            &mut lines,
            format!("Bound to the HTTP header {}; not part of the JSON body, so serde skips it.", code_span(n)),
        ),
        Binding::PrefixHeaders(n) => push_paragraph(
            &mut lines,
            format!(
                "Bound to the HTTP headers that start with {}; not part of the JSON body, so serde skips it.",
                code_span(n)
            ),
        ),
    }
    if let Some(default) = &member.default {
        push_paragraph(&mut lines, format!("Default: {}.", code_span(&crate::json::compact(default))));
    }
    let target = cx.model.shape(&member.target);
    let event_stream = target.is_some_and(|t| t.event_stream);
    if member.streaming && event_stream {
        push_paragraph(
            &mut lines,
            "An event stream: the response's body, left unread, whose messages a client reads one by one, as they arrive, into this union's events; empty by default."
                .to_owned(),
        );
    } else if member.streaming {
        let length = if target.is_some_and(|t| matches!(t.kind, ShapeKind::Blob { requires_length: true, .. })) {
            " A stream sent must have its length (`Body::from_reader(reader, Some(length))`)."
        } else {
            ""
        };
        push_paragraph(
            &mut lines,
            format!(
                "A stream of bytes: bytes in memory, a blocking reader or an async body, read as it is sent or as it arrives, never held whole by the client; empty by default.{length}"
            ),
        );
    } else if event_stream {
        push_paragraph(
            &mut lines,
            "An event stream sent: each event is a value of this union, which the transport frames as the protocol says."
                .to_owned(),
        );
    }
    if let Some(ShapeKind::List(list)) = target.map(|t| &t.kind)
        && list.member.json_value
    {
        push_paragraph(
            &mut lines,
            "Each item is a JSON document held as text: a string whose content is JSON (parse it with `serde_json::from_str`)."
                .to_owned(),
        );
    }
    if member.json_value {
        let mut paragraph = "A JSON document held as text: on the wire, a string whose content is JSON (parse it with `serde_json::from_str`). It is kept as the exact text sent, so it writes back byte for byte.".to_owned();
        if matches!(member.binding, Binding::Header(_)) {
            paragraph.push_str(" In the header, the text travels base64-encoded.");
        }
        push_paragraph(&mut lines, paragraph);
    }
    if !member.allowed_values.is_empty() {
        let values: Vec<String> = member.allowed_values.iter().map(|v| code_span(v)).collect();
        push_paragraph(&mut lines, format!("One of: {}.", values.join(", ")));
    }
    if member.idempotency_token {
        push_paragraph(
            &mut lines,
            "An idempotency token: set a unique value, such as a UUID, for each distinct request.".to_owned(),
        );
    }
    lines
}
