//! SNS (`query`): a topic, a subscription, a message published; a missing topic as a modeled
//! error.

use shapegen_client::Error;
use shapegen_scenarios::sns::operations::{
    CreateTopic, DeleteTopic, GetTopicAttributes, GetTopicAttributesError, ListTopics, Publish, Subscribe,
};
use shapegen_scenarios::sns::{
    CreateTopicInput, DeleteTopicInput, GetTopicAttributesInput, ListTopicsInput, PublishInput, SubscribeInput,
};

use super::server::{ACCOUNT, Moto};

#[test]
fn a_topic_and_a_message() {
    let moto = Moto::start();
    let client = moto.client();
    let arn = client
        .send::<CreateTopic>(&CreateTopicInput::builder().name("scenario").build().unwrap())
        .expect("CreateTopic")
        .topic_arn
        .expect("an ARN");
    assert_eq!(arn, format!("arn:aws:sns:us-east-1:{ACCOUNT}:scenario"));
    let topics: Vec<_> =
        client.items::<ListTopics>(ListTopicsInput::default()).map(|topic| topic.expect("a topic").topic_arn).collect();
    assert_eq!(topics, [Some(arn.clone())]);
    let input =
        SubscribeInput::builder().topic_arn(&arn).protocol("email").endpoint("someone@example.com").build().unwrap();
    assert!(client.send::<Subscribe>(&input).expect("Subscribe").subscription_arn.is_some());
    let published = client
        .send::<Publish>(
            &PublishInput::builder().topic_arn(&arn).message("hello & <goodbye>").subject("s").build().unwrap(),
        )
        .expect("Publish");
    assert!(published.message_id.is_some());
    let attributes = client
        .send::<GetTopicAttributes>(&GetTopicAttributesInput::builder().topic_arn(&arn).build().unwrap())
        .expect("GetTopicAttributes");
    assert_eq!(attributes.attributes.and_then(|mut map| map.remove("TopicArn")), Some(arn.clone()));

    client.send::<DeleteTopic>(&DeleteTopicInput::builder().topic_arn(&arn).build().unwrap()).expect("DeleteTopic");
    let error = client
        .send::<GetTopicAttributes>(&GetTopicAttributesInput::builder().topic_arn(&arn).build().unwrap())
        .expect_err("gone");
    assert!(matches!(&error, Error::Service { error: GetTopicAttributesError::NotFoundException(_), .. }), "{error:?}");
    assert_eq!(error.status(), Some(404));
}
