//! KMS (`json` 1.1): a key, data encrypted and decrypted with it, keys listed; a missing key as
//! a modeled error.

use shapegen_client::Error;
use shapegen_scenarios::kms::operations::{CreateKey, Decrypt, DescribeKey, DescribeKeyError, Encrypt, ListKeys};
use shapegen_scenarios::kms::{CreateKeyRequest, DecryptRequest, DescribeKeyRequest, EncryptRequest, ListKeysRequest};

use super::server::Moto;

#[test]
fn a_key_encrypts_and_decrypts() {
    let moto = Moto::start();
    let client = moto.client();
    let key = client
        .send::<CreateKey>(&CreateKeyRequest::builder().description("scenario").build())
        .expect("CreateKey")
        .key_metadata
        .expect("metadata");
    let id = key.key_id.clone();
    let listed: Vec<_> =
        client.items::<ListKeys>(ListKeysRequest::default()).map(|entry| entry.expect("a key").key_id).collect();
    assert_eq!(listed, [Some(id.clone())]);

    let plaintext = b"\x00secret\xffbytes".to_vec();
    let encrypted = client
        .send::<Encrypt>(&EncryptRequest::builder().key_id(&id).plaintext(plaintext.clone()).build().unwrap())
        .expect("Encrypt");
    let blob = encrypted.ciphertext_blob.expect("a ciphertext");
    assert_ne!(blob, plaintext);
    let decrypted = client.send::<Decrypt>(&DecryptRequest::builder().ciphertext_blob(blob).build()).expect("Decrypt");
    assert_eq!(decrypted.plaintext, Some(plaintext));
    assert_eq!(decrypted.key_id.as_deref(), key.arn.as_deref());

    let missing = "00000000-0000-0000-0000-000000000000";
    let error = client
        .send::<DescribeKey>(&DescribeKeyRequest::builder().key_id(missing).build().unwrap())
        .expect_err("no such key");
    assert!(matches!(&error, Error::Service { error: DescribeKeyError::NotFoundException(_), .. }), "{error:?}");
    assert_eq!(error.status(), Some(400));
}
