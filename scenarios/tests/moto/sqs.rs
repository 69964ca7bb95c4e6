//! SQS (`json` 1.0, compatible with the query protocol it replaced): a queue, messages sent,
//! received and deleted; a missing queue as a modeled error.

use shapegen_client::Error;
use shapegen_runtime::ServiceError;
use shapegen_scenarios::sqs::operations::{
    CreateQueue, DeleteMessage, DeleteQueue, GetQueueAttributes, GetQueueUrl, GetQueueUrlError, ListQueues,
    ReceiveMessage, SendMessage,
};
use shapegen_scenarios::sqs::{
    CreateQueueRequest, DeleteMessageRequest, DeleteQueueRequest, GetQueueAttributesRequest, GetQueueUrlRequest,
    ListQueuesRequest, QueueAttributeName, ReceiveMessageRequest, SendMessageRequest,
};

use super::server::Moto;

#[test]
fn a_queue_and_its_messages() {
    let moto = Moto::start();
    let client = moto.client();
    let created = client
        .send::<CreateQueue>(&CreateQueueRequest::builder().queue_name("scenario").build().unwrap())
        .expect("CreateQueue");
    let url = created.queue_url.expect("a queue URL");
    assert!(url.ends_with("/scenario"), "{url}");
    let found = client
        .send::<GetQueueUrl>(&GetQueueUrlRequest::builder().queue_name("scenario").build().unwrap())
        .expect("GetQueueUrl");
    assert_eq!(found.queue_url.as_deref(), Some(url.as_str()));
    let queues = client.send::<ListQueues>(&ListQueuesRequest::default()).expect("ListQueues");
    assert_eq!(queues.queue_urls, Some(vec![url.clone()]));

    for body in ["first", "second, with <xml> & ünïcode"] {
        let sent = client
            .send::<SendMessage>(&SendMessageRequest::builder().queue_url(&url).message_body(body).build().unwrap())
            .expect("SendMessage");
        assert!(sent.message_id.is_some());
    }
    let input = GetQueueAttributesRequest::builder()
        .queue_url(&url)
        .attribute_names(vec![QueueAttributeName::ApproximateNumberOfMessages])
        .build()
        .unwrap();
    let attributes = client.send::<GetQueueAttributes>(&input).expect("GetQueueAttributes");
    assert_eq!(
        attributes
            .attributes
            .and_then(|mut map| map.remove(&QueueAttributeName::ApproximateNumberOfMessages))
            .as_deref(),
        Some("2")
    );

    let input = ReceiveMessageRequest::builder().queue_url(&url).max_number_of_messages(10).build().unwrap();
    let received = client.send::<ReceiveMessage>(&input).expect("ReceiveMessage");
    let messages = received.messages.unwrap_or_default();
    let bodies: Vec<_> = messages.iter().filter_map(|message| message.body.as_deref()).collect();
    assert_eq!(bodies, ["first", "second, with <xml> & ünïcode"]);
    for message in &messages {
        let handle = message.receipt_handle.clone().expect("a receipt handle");
        client
            .send::<DeleteMessage>(
                &DeleteMessageRequest::builder().queue_url(&url).receipt_handle(handle).build().unwrap(),
            )
            .expect("DeleteMessage");
    }

    client.send::<DeleteQueue>(&DeleteQueueRequest::builder().queue_url(&url).build().unwrap()).expect("DeleteQueue");
    let error = client
        .send::<GetQueueUrl>(&GetQueueUrlRequest::builder().queue_name("scenario").build().unwrap())
        .expect_err("gone");
    assert!(matches!(&error, Error::Service { error: GetQueueUrlError::QueueDoesNotExist(_), .. }), "{error:?}");
    // The code the AWS SDKs report for a query-compatible service: its query code. The
    // type's own code is its constant.
    assert_eq!((error.code(), error.status()), (Some("AWS.SimpleQueueService.NonExistentQueue"), Some(400)));
    assert_eq!(shapegen_scenarios::sqs::QueueDoesNotExist::CODE, "QueueDoesNotExist");
    assert!(error.service_error().and_then(ServiceError::request_id).is_some(), "{error:?}");
}
