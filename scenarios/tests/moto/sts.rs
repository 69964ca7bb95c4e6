//! STS (`query`): who the caller is, a role assumed, and a web identity's role assumed
//! unsigned, as the model says.

use shapegen_client::Client;
use shapegen_scenarios::sts::operations::{AssumeRole, AssumeRoleWithWebIdentity, GetCallerIdentity};
use shapegen_scenarios::sts::{AssumeRoleRequest, AssumeRoleWithWebIdentityRequest, GetCallerIdentityRequest};

use super::server::{ACCOUNT, Moto, REGION};

#[test]
fn identities_and_roles() {
    let moto = Moto::start();
    let client = moto.client();
    let identity = client.send::<GetCallerIdentity>(&GetCallerIdentityRequest::default()).expect("GetCallerIdentity");
    assert_eq!(identity.account.as_deref(), Some(ACCOUNT));
    assert!(identity.arn.is_some_and(|arn| arn.starts_with("arn:aws:")));

    let role = format!("arn:aws:iam::{ACCOUNT}:role/scenario");
    let input = AssumeRoleRequest::builder()
        .role_arn(&role)
        .role_session_name("scenario-session")
        .duration_seconds(900)
        .build()
        .unwrap();
    let assumed = client.send::<AssumeRole>(&input).expect("AssumeRole");
    let credentials = assumed.credentials.expect("credentials");
    assert!(!credentials.access_key_id.is_empty() && !credentials.session_token.is_empty());
    assert!(assumed.assumed_role_user.is_some_and(|user| user.arn.contains("scenario-session")));

    // Sent unsigned: a client without credentials can make the call.
    let unsigned = Client::builder().region(REGION).endpoint_url(moto.endpoint()).without_proxy().build();
    let input = AssumeRoleWithWebIdentityRequest::builder()
        .role_arn(&role)
        .role_session_name("web")
        .web_identity_token("eyJhbGciOiJSUzI1NiJ9.e30.c2lnbmF0dXJl")
        .build()
        .unwrap();
    let assumed = unsigned.send::<AssumeRoleWithWebIdentity>(&input).expect("AssumeRoleWithWebIdentity");
    assert!(assumed.credentials.is_some());
    // The signed operation, without credentials, is refused before anything is sent.
    let error = unsigned.send::<GetCallerIdentity>(&GetCallerIdentityRequest::default()).expect_err("no credentials");
    assert!(error.to_string().starts_with("no credentials: "), "{error}");
}
