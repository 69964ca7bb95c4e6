//! S3 (`rest-xml`): a bucket, objects put with keys that need encoding, listed two to a page,
//! read, their heads, deleted together; errors for a missing key and bucket.

use std::io::Read as _;

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

/// Bytes made as they are read (the client's tests' own).
#[path = "../../../client/tests/support/mod.rs"]
mod support;

/// The length and SHA-256 of what `reader` gives, read a chunk at a time.
fn digest(mut reader: impl std::io::Read) -> (u64, Vec<u8>) {
    use sha2::Digest as _;
    let mut hasher = sha2::Sha256::new();
    let mut chunk = vec![0; 64 * 1024];
    let mut length = 0;
    loop {
        match reader.read(&mut chunk).expect("reading") {
            0 => return (length, hasher.finalize().to_vec()),
            read => {
                hasher.update(&chunk[..read]);
                length += read as u64;
            }
        }
    }
}

#[test]
fn large_objects_uploaded_from_a_file_and_a_reader_and_read_as_they_arrive() {
    use shapegen_client::body::{self, Body};
    const SIZE: u64 = 24 << 20;
    let moto = Moto::start();
    let client = moto.client();
    client
        .send::<CreateBucket>(&CreateBucketRequest::builder().bucket("large").build().unwrap())
        .expect("CreateBucket");
    let expected = digest(support::Generated::new(SIZE));
    let dir = std::env::temp_dir().join(format!("shapegen-moto-large-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("upload.bin");
    std::io::copy(&mut support::Generated::new(SIZE), &mut std::fs::File::create(&file).unwrap()).unwrap();
    // From a file (hashed for its signature over plain HTTP), and from a reader read once.
    let uploads = [
        ("from-file", body::from_file(&file).unwrap()),
        ("from-reader", Body::from_reader(support::Generated::new(SIZE), Some(SIZE))),
    ];
    for (key, upload) in uploads {
        let input = PutObjectRequest::builder().bucket("large").key(key).body(upload).build().unwrap();
        client.send::<PutObject>(&input).unwrap_or_else(|error| panic!("PutObject {key}: {error}"));
        let input = GetObjectRequest::builder().bucket("large").key(key).build().unwrap();
        let object = client.send::<GetObject>(&input).unwrap_or_else(|error| panic!("GetObject {key}: {error}"));
        assert_eq!(object.content_length, Some(SIZE as i64), "{key}");
        // Sent aws-chunked with its CRC32 in the trailer, which moto kept and sends back; the
        // body is checked against it as it is read.
        assert!(object.checksum_crc32.is_some(), "{key}: {:?}", object.checksum_crc32);
        assert_eq!(digest(object.body.into_reader().expect("a blocking body")), expected, "{key}");
    }
    // A range, read as it arrives.
    let input =
        GetObjectRequest::builder().bucket("large").key("from-file").range("bytes=1048576-2097151").build().unwrap();
    let part = client.send::<GetObject>(&input).expect("GetObject with a range");
    let mut pattern = support::Generated::new(2 << 20);
    std::io::copy(&mut (&mut pattern).take(1 << 20), &mut std::io::sink()).unwrap();
    assert_eq!(digest(part.body.into_reader().unwrap()), digest(pattern));
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn select_object_content_streams_records_and_stats_as_events() {
    use shapegen_client::events::EventReader;
    use shapegen_scenarios::s3::operations::SelectObjectContent;
    use shapegen_scenarios::s3::{
        CsvInput, CsvOutput, ExpressionType, FileHeaderInfo, InputSerialization, OutputSerialization,
        SelectObjectContentEventStream, SelectObjectContentRequest,
    };
    let moto = Moto::start();
    let client = moto.client();
    client
        .send::<CreateBucket>(&CreateBucketRequest::builder().bucket("select").build().unwrap())
        .expect("CreateBucket");
    let csv = "name,city,age\nAda,London,36\nGrace,Arlington,85\nLinus,Portland,28\n";
    let input = PutObjectRequest::builder().bucket("select").key("people.csv").body(csv.as_bytes().to_vec()).build();
    client.send::<PutObject>(&input.unwrap()).expect("PutObject");
    let input = SelectObjectContentRequest::builder()
        .bucket("select")
        .key("people.csv")
        // moto's SQL reader takes this form (it refuses `S3Object` with an alias and a filter).
        .expression("SELECT * FROM s3object s WHERE s.city = 'London'")
        .expression_type(ExpressionType::Sql)
        .input_serialization(
            InputSerialization::builder()
                .csv(CsvInput::builder().file_header_info(FileHeaderInfo::Use).build())
                .build(),
        )
        .output_serialization(OutputSerialization::builder().csv(CsvOutput::builder().build()).build())
        .build()
        .unwrap();
    let output = client.send::<SelectObjectContent>(&input).expect("SelectObjectContent");
    let (mut records, mut stats, mut end) = (Vec::new(), None, false);
    for event in EventReader::new(output.payload).expect("a blocking stream") {
        match event.expect("an event") {
            SelectObjectContentEventStream::Records(event) => records.extend(event.payload.unwrap_or_default()),
            SelectObjectContentEventStream::Stats(event) => stats = event.details,
            SelectObjectContentEventStream::End(_) => end = true,
            other => panic!("{other:?}"),
        }
    }
    let text = String::from_utf8(records).unwrap();
    assert_eq!(text.lines().collect::<Vec<_>>(), ["Ada,London,36"], "{text:?}");
    // The statistics, an XML document in the event's payload.
    let stats = stats.expect("a Stats event");
    assert_eq!(stats.bytes_returned, Some(text.len() as i64));
    assert!(stats.bytes_scanned.is_some_and(|scanned| scanned > 0), "{stats:?}");
    assert!(end, "an End event");
}
