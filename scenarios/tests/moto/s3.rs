//! S3 (`rest-xml`): a bucket, objects put with keys that need encoding, listed two to a page,
//! read, their heads, deleted together; errors for a missing key and bucket.

use shapegen_client::Error;
use shapegen_runtime::ServiceError;
use shapegen_scenarios::s3::operations::{
    CreateBucket, DeleteBucket, DeleteObjects, GetObject, GetObjectError, HeadBucket, HeadBucketError, HeadObject,
    HeadObjectError, ListBuckets, ListObjectsV2, PutObject,
};
use shapegen_scenarios::s3::{
    CreateBucketRequest, Delete, DeleteBucketRequest, DeleteObjectsRequest, GetObjectRequest, HeadBucketRequest,
    HeadObjectRequest, ListBucketsRequest, ListObjectsV2Request, ObjectIdentifier, PutObjectRequest,
};

use super::server::Moto;

const BUCKET: &str = "shapegen-scenario";

/// Keys that need encoding in a path, and one that SigV4's double encoding would break.
const KEYS: &[&str] = &["a.txt", "dir/b c.txt", "dir/ü+%20=~!.txt", "e", "f/./g"];

#[test]
fn objects_put_listed_read_and_deleted() {
    let moto = Moto::start();
    let client = moto.client();
    client.send::<CreateBucket>(&CreateBucketRequest::builder().bucket(BUCKET).build().unwrap()).expect("CreateBucket");
    client.send::<HeadBucket>(&HeadBucketRequest::builder().bucket(BUCKET).build().unwrap()).expect("HeadBucket");
    let buckets = client.send::<ListBuckets>(&ListBucketsRequest::default()).expect("ListBuckets");
    let names: Vec<_> = buckets.buckets.iter().flatten().filter_map(|bucket| bucket.name.as_deref()).collect();
    assert_eq!(names, [BUCKET]);

    for (i, key) in KEYS.iter().enumerate() {
        let input = PutObjectRequest::builder()
            .bucket(BUCKET)
            .key(*key)
            .body(format!("object {i}: {key}").into_bytes())
            .content_type("text/plain")
            .build()
            .unwrap();
        let output = client.send::<PutObject>(&input).unwrap_or_else(|error| panic!("PutObject {key}: {error}"));
        assert!(output.e_tag.is_some(), "{key}: no ETag");
    }

    // Two to a page: three pages, the keys in order.
    let input = ListObjectsV2Request::builder().bucket(BUCKET).max_keys(2).build().unwrap();
    let pages = client.pages::<ListObjectsV2>(input.clone()).collect::<Result<Vec<_>, _>>().expect("the pages");
    assert_eq!(pages.len(), 3);
    let listed: Vec<String> =
        client.items::<ListObjectsV2>(input).map(|object| object.expect("an object").key.unwrap_or_default()).collect();
    let mut sorted: Vec<&str> = KEYS.to_vec();
    sorted.sort_unstable();
    assert_eq!(listed, sorted);

    // With a delimiter, the keys under `dir/` are one common prefix: the paginator's other
    // result key.
    let input = ListObjectsV2Request::builder().bucket(BUCKET).delimiter("/").build().unwrap();
    let page = client.send::<ListObjectsV2>(&input).expect("ListObjectsV2");
    let prefixes: Vec<_> =
        ListObjectsV2::items_common_prefixes(&page).iter().filter_map(|prefix| prefix.prefix.as_deref()).collect();
    assert_eq!(prefixes, ["dir/", "f/"]);
    let keys: Vec<_> = ListObjectsV2::items(&page).iter().filter_map(|object| object.key.as_deref()).collect();
    assert_eq!(keys, ["a.txt", "e"]);

    for (i, key) in KEYS.iter().enumerate() {
        let input = GetObjectRequest::builder().bucket(BUCKET).key(*key).build().unwrap();
        let output = client.send::<GetObject>(&input).unwrap_or_else(|error| panic!("GetObject {key}: {error}"));
        let expected = format!("object {i}: {key}");
        assert_eq!(
            shapegen_client::body::read_to_vec(output.body, 1 << 20).expect("the body"),
            expected.as_bytes(),
            "{key}"
        );
        assert_eq!(output.content_type.as_deref(), Some("text/plain"));
        let input = HeadObjectRequest::builder().bucket(BUCKET).key(*key).build().unwrap();
        let head = client.send::<HeadObject>(&input).unwrap_or_else(|error| panic!("HeadObject {key}: {error}"));
        assert_eq!(head.content_length, Some(i64::try_from(expected.len()).unwrap()));
    }

    // A missing key: the modeled error of GetObject, with S3's request id; and for HeadObject,
    // whose 404 has no body, the operation's one modeled error of that status.
    let input = GetObjectRequest::builder().bucket(BUCKET).key("missing").build().unwrap();
    let error = client.send::<GetObject>(&input).expect_err("no such key");
    assert!(matches!(&error, Error::Service { error: GetObjectError::NoSuchKey(_), .. }), "{error:?}");
    assert_eq!((error.code(), error.status()), (Some("NoSuchKey"), Some(404)));
    let service_error = error.service_error().expect("the service's error");
    assert!(service_error.request_id().is_some(), "{error:?}");
    assert_eq!(service_error.request_id(), error.request_id());
    let input = HeadObjectRequest::builder().bucket(BUCKET).key("missing").build().unwrap();
    let error = client.send::<HeadObject>(&input).expect_err("no such key");
    assert!(matches!(&error, Error::Service { error: HeadObjectError::NoSuchKey(_), .. }), "{error:?}");
    assert_eq!((error.code(), error.status()), (Some("NoSuchKey"), Some(404)));

    let objects = KEYS.iter().map(|key| ObjectIdentifier::builder().key(*key).build().unwrap()).collect::<Vec<_>>();
    let delete = Delete::builder().objects(objects).build().unwrap();
    let input = DeleteObjectsRequest::builder().bucket(BUCKET).delete(delete).build().unwrap();
    let output = client.send::<DeleteObjects>(&input).expect("DeleteObjects");
    let mut deleted: Vec<_> = output.deleted.iter().flatten().filter_map(|object| object.key.as_deref()).collect();
    deleted.sort_unstable();
    assert_eq!(deleted, sorted);
    assert!(output.errors.is_none_or(|errors| errors.is_empty()));
    let input = ListObjectsV2Request::builder().bucket(BUCKET).build().unwrap();
    assert_eq!(client.items::<ListObjectsV2>(input).count(), 0);

    client.send::<DeleteBucket>(&DeleteBucketRequest::builder().bucket(BUCKET).build().unwrap()).expect("DeleteBucket");
    let error =
        client.send::<HeadBucket>(&HeadBucketRequest::builder().bucket(BUCKET).build().unwrap()).expect_err("gone");
    assert!(matches!(&error, Error::Service { error: HeadBucketError::NoSuchBucket(_), .. }), "{error:?}");
    assert_eq!(error.status(), Some(404));
    let error = client
        .send::<GetObject>(&GetObjectRequest::builder().bucket(BUCKET).key("a.txt").build().unwrap())
        .expect_err("gone");
    assert_eq!((error.code(), error.status()), (Some("NoSuchBucket"), Some(404)), "{error:?}");
}
