//! IAM (`query`, a global service): users created, tagged, read, listed and deleted; a missing
//! user as a modeled error.

use shapegen_client::Error;
use shapegen_scenarios::iam::operations::{CreateUser, DeleteUser, GetUser, GetUserError, ListUsers, TagUser};
use shapegen_scenarios::iam::{
    CreateUserRequest, DeleteUserRequest, GetUserRequest, ListUsersRequest, Tag, TagUserRequest,
};

use super::server::Moto;

#[test]
fn users() {
    let moto = Moto::start();
    let client = moto.client();
    for name in ["alice", "bob", "carol"] {
        let created = client
            .send::<CreateUser>(&CreateUserRequest::builder().user_name(name).path("/scenario/").build().unwrap())
            .expect("CreateUser");
        assert_eq!(created.user.map(|user| user.user_name).as_deref(), Some(name));
    }
    let tag = Tag::builder().key("team").value("a&b <c>").build().unwrap();
    client
        .send::<TagUser>(&TagUserRequest::builder().user_name("alice").tags(vec![tag]).build().unwrap())
        .expect("TagUser");
    let user = client.send::<GetUser>(&GetUserRequest::builder().user_name("alice").build()).expect("GetUser").user;
    assert_eq!(user.path, "/scenario/");
    let tags = user.tags.unwrap_or_default();
    assert_eq!(
        tags.iter().map(|tag| (tag.key.as_str(), tag.value.as_str())).collect::<Vec<_>>(),
        [("team", "a&b <c>")]
    );

    // Listed one to a page.
    let input = ListUsersRequest::builder().max_items(1).build();
    let names: Vec<_> = client.items::<ListUsers>(input).map(|user| user.expect("a user").user_name).collect();
    assert_eq!(names, ["alice", "bob", "carol"]);

    client.send::<DeleteUser>(&DeleteUserRequest::builder().user_name("bob").build().unwrap()).expect("DeleteUser");
    let error = client.send::<GetUser>(&GetUserRequest::builder().user_name("bob").build()).expect_err("gone");
    assert!(matches!(&error, Error::Service { error: GetUserError::NoSuchEntityException(_), .. }), "{error:?}");
    assert_eq!(error.status(), Some(404));
}
