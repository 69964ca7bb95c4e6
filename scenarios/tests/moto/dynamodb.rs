//! DynamoDB (`json` 1.0): a table, items put, read, queried two to a page, updated and
//! deleted; a failed condition and a missing table as modeled errors.

use std::collections::HashMap;

use shapegen_client::Error;
use shapegen_scenarios::dynamodb::operations::{
    CreateTable, DeleteItem, DeleteTable, DescribeTable, DescribeTableError, GetItem, ListTables, PutItem,
    PutItemError, Query, UpdateItem,
};
use shapegen_scenarios::dynamodb::{
    AttributeDefinition, AttributeValue, BillingMode, CreateTableInput, DeleteItemInput, DeleteTableInput,
    DescribeTableInput, GetItemInput, KeySchemaElement, KeyType, ListTablesInput, PutItemInput, QueryInput,
    ReturnValue, ScalarAttributeType, TableStatus, UpdateItemInput,
};

use super::server::Moto;

const TABLE: &str = "scenario";

fn s(text: &str) -> AttributeValue {
    AttributeValue::builder().s(text).build()
}

fn n(number: i64) -> AttributeValue {
    AttributeValue::builder().n(number.to_string()).build()
}

fn key(pk: &str, sk: i64) -> HashMap<String, AttributeValue> {
    HashMap::from([("pk".to_owned(), s(pk)), ("sk".to_owned(), n(sk))])
}

#[test]
fn a_table_and_its_items() {
    let moto = Moto::start();
    let client = moto.client();
    let input = CreateTableInput::builder()
        .table_name(TABLE)
        .attribute_definitions(vec![
            AttributeDefinition::builder().attribute_name("pk").attribute_type(ScalarAttributeType::S).build().unwrap(),
            AttributeDefinition::builder().attribute_name("sk").attribute_type(ScalarAttributeType::N).build().unwrap(),
        ])
        .key_schema(vec![
            KeySchemaElement::builder().attribute_name("pk").key_type(KeyType::Hash).build().unwrap(),
            KeySchemaElement::builder().attribute_name("sk").key_type(KeyType::Range).build().unwrap(),
        ])
        .billing_mode(BillingMode::PayPerRequest)
        .build()
        .unwrap();
    let created = client.send::<CreateTable>(&input).expect("CreateTable");
    assert_eq!(created.table_description.and_then(|table| table.table_name).as_deref(), Some(TABLE));
    let described = client
        .send::<DescribeTable>(&DescribeTableInput::builder().table_name(TABLE).build().unwrap())
        .expect("DescribeTable");
    assert_eq!(described.table.and_then(|table| table.table_status), Some(TableStatus::Active));
    let tables = client.send::<ListTables>(&ListTablesInput::default()).expect("ListTables");
    assert_eq!(tables.table_names, Some(vec![TABLE.to_owned()]));

    for sk in 1..=5 {
        let mut item = key("user#1", sk);
        item.insert("name".to_owned(), s(&format!("item {sk}")));
        client
            .send::<PutItem>(&PutItemInput::builder().table_name(TABLE).item(item).build().unwrap())
            .expect("PutItem");
    }
    let got = client
        .send::<GetItem>(&GetItemInput::builder().table_name(TABLE).key(key("user#1", 3)).build().unwrap())
        .expect("GetItem");
    assert_eq!(got.item.and_then(|mut item| item.remove("name")), Some(s("item 3")));

    // Two to a page: the token is a map of attribute values (LastEvaluatedKey).
    let query = QueryInput::builder()
        .table_name(TABLE)
        .key_condition_expression("pk = :pk")
        .expression_attribute_values(HashMap::from([(":pk".to_owned(), s("user#1"))]))
        .limit(2)
        .build()
        .unwrap();
    let pages = client.pages::<Query>(query.clone()).collect::<Result<Vec<_>, _>>().expect("the pages");
    assert!(pages.len() >= 3, "{} pages", pages.len());
    let sks: Vec<_> =
        client.items::<Query>(query).map(|item| item.expect("an item")["sk"].n.clone().unwrap_or_default()).collect();
    assert_eq!(sks, ["1", "2", "3", "4", "5"]);

    let input = UpdateItemInput::builder()
        .table_name(TABLE)
        .key(key("user#1", 2))
        .update_expression("SET #n = :n")
        .expression_attribute_names(HashMap::from([("#n".to_owned(), "name".to_owned())]))
        .expression_attribute_values(HashMap::from([(":n".to_owned(), s("renamed"))]))
        .return_values(ReturnValue::AllNew)
        .build()
        .unwrap();
    let updated = client.send::<UpdateItem>(&input).expect("UpdateItem");
    assert_eq!(updated.attributes.and_then(|mut item| item.remove("name")), Some(s("renamed")));

    // A put whose condition fails: the modeled error, with the response's status.
    let mut item = key("user#1", 1);
    item.insert("name".to_owned(), s("again"));
    let input = PutItemInput::builder()
        .table_name(TABLE)
        .item(item)
        .condition_expression("attribute_not_exists(pk)")
        .build()
        .unwrap();
    let error = client.send::<PutItem>(&input).expect_err("the condition fails");
    assert!(
        matches!(&error, Error::Service { error: PutItemError::ConditionalCheckFailedException(_), .. }),
        "{error:?}"
    );
    assert_eq!((error.code(), error.status()), (Some("ConditionalCheckFailedException"), Some(400)));
    assert!(error.request_id().is_some(), "{error:?}");

    client
        .send::<DeleteItem>(&DeleteItemInput::builder().table_name(TABLE).key(key("user#1", 1)).build().unwrap())
        .expect("DeleteItem");
    let got = client
        .send::<GetItem>(&GetItemInput::builder().table_name(TABLE).key(key("user#1", 1)).build().unwrap())
        .expect("GetItem");
    assert_eq!(got.item, None);

    client.send::<DeleteTable>(&DeleteTableInput::builder().table_name(TABLE).build().unwrap()).expect("DeleteTable");
    let error = client
        .send::<DescribeTable>(&DescribeTableInput::builder().table_name(TABLE).build().unwrap())
        .expect_err("gone");
    assert!(
        matches!(&error, Error::Service { error: DescribeTableError::ResourceNotFoundException(_), .. }),
        "{error:?}"
    );
    assert_eq!(error.status(), Some(400));
}
