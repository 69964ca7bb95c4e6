//! Per-call overhead: one DynamoDB `GetItem` call, whole (the input built, the request built,
//! its endpoint resolved, signed, sent, the response received and read), by shapegen-client
//! and by the AWS SDK for Rust (`aws-sdk-dynamodb` 1.136.0, configured by `aws-config`
//! 1.13.0), against the same loopback server.
//!
//! The server is started here, on `127.0.0.1:0`, a thread per connection: it reads each
//! request (headers and `Content-Length` body) and answers at once with the same fixed
//! response, status 200, `Content-Type: application/x-amz-json-1.0`, body
//! `{"Item":{"id":{"S":"a"}}}`, keeping the connection open. Both clients keep their
//! connections in a pool, so every timed call reuses one. Both have static credentials, a
//! region, the server's URL as their endpoint, and the default retries (no call fails).
//!
//! - `shapegen`: the blocking `Client::send::<GetItem>`;
//! - `shapegen-async`: the async client (`build_async`, hyper), on a tokio current-thread
//!   runtime, `block_on` per call;
//! - `sdk`: `aws_sdk_dynamodb::Client`, with the SDK's default HTTP client (hyper, rustls), on a
//!   tokio current-thread runtime, `block_on` per call;
//! - `floor`: the same exchange without a client: a fixed request, of the size of the
//!   clients', written to one kept-alive connection, and the response read (what the loopback
//!   and the server cost by themselves).
//!
//! `cargo bench --manifest-path peers/Cargo.toml -p peers-calls`; the ratios printed at the
//! end are of the medians of this run.

use std::collections::HashMap;
use std::hint::black_box;
use std::io::{BufRead as _, BufReader, Read as _, Write as _};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use calls_shapegen::dynamodb::operations::GetItem;
use calls_shapegen::dynamodb::{AttributeValue, GetItemInput};
use criterion::Criterion;

#[path = "../../../benches/common.rs"]
mod common;

const GROUP: &str = "peer-calls";
const TABLE: &str = "peers-calls";
const REGION: &str = "us-east-1";
const ACCESS_KEY: &str = "AKIAIOSFODNN7EXAMPLE";
const SECRET_KEY: &str = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
const BODY: &str = r#"{"Item":{"id":{"S":"a"}}}"#;

/// The loopback server: the address it listens on, and how many connections and requests it
/// has had.
struct Server {
    address: SocketAddr,
    connections: Arc<AtomicUsize>,
    requests: Arc<AtomicUsize>,
}

impl Server {
    /// Listens on `127.0.0.1:0` and answers every request of every connection with the fixed
    /// response, in threads that end with the process.
    fn start() -> Server {
        let listener = TcpListener::bind("127.0.0.1:0").expect("a free port");
        let address = listener.local_addr().expect("its address");
        let connections = Arc::new(AtomicUsize::new(0));
        let requests = Arc::new(AtomicUsize::new(0));
        let (counted, answered) = (Arc::clone(&connections), Arc::clone(&requests));
        std::thread::spawn(move || {
            for stream in listener.incoming() {
                let Ok(stream) = stream else { continue };
                counted.fetch_add(1, Ordering::Relaxed);
                let answered = Arc::clone(&answered);
                std::thread::spawn(move || serve(stream, &answered));
            }
        });
        Server { address, connections, requests }
    }

    fn url(&self) -> String {
        format!("http://{}", self.address)
    }

    /// Connections and requests so far.
    fn counts(&self) -> (usize, usize) {
        (self.connections.load(Ordering::Relaxed), self.requests.load(Ordering::Relaxed))
    }
}

/// The fixed response, keeping the connection open.
fn response() -> Vec<u8> {
    format!(
        "HTTP/1.1 200 OK\r\nContent-Type: application/x-amz-json-1.0\r\nContent-Length: {}\r\n\
         x-amzn-RequestId: 4KBNVRGD25RG4KOEKPB3GSSKJVV4KQNSO5AEMVJF66Q9ASUAAJG\r\n\r\n{BODY}",
        BODY.len()
    )
    .into_bytes()
}

/// Reads requests from `stream` and answers each at once, until the client closes it.
fn serve(stream: TcpStream, answered: &AtomicUsize) {
    let _ = stream.set_nodelay(true);
    let response = response();
    let mut writer = stream.try_clone().expect("the stream");
    let mut reader = BufReader::new(stream);
    let mut line = String::new();
    let mut body = Vec::new();
    loop {
        // The request line and the headers, up to the empty line.
        let mut length = 0usize;
        let mut first = true;
        loop {
            line.clear();
            match reader.read_line(&mut line) {
                Ok(0) | Err(_) => return,
                Ok(_) => {}
            }
            if line == "\r\n" && !first {
                break;
            }
            first = false;
            if let Some((name, value)) = line.split_once(':')
                && name.eq_ignore_ascii_case("content-length")
            {
                length = value.trim().parse().unwrap_or(0);
            }
        }
        body.resize(length, 0);
        if reader.read_exact(&mut body).is_err() {
            return;
        }
        answered.fetch_add(1, Ordering::Relaxed);
        if writer.write_all(&response).is_err() {
            return;
        }
    }
}

/// The input of every call.
fn shapegen_input() -> GetItemInput {
    let key = HashMap::from([("id".to_owned(), AttributeValue::builder().s("a").build())]);
    GetItemInput::builder().table_name(TABLE).key(key).build().expect("a GetItem input")
}

fn shapegen_builder(server: &Server) -> shapegen_client::Builder {
    shapegen_client::Client::builder()
        .region(REGION)
        .endpoint_url(server.url())
        .credentials(shapegen_client::credentials::Credentials::new(ACCESS_KEY, SECRET_KEY))
        .without_proxy()
}

fn sdk_client(runtime: &tokio::runtime::Runtime, server: &Server) -> aws_sdk_dynamodb::Client {
    let config = runtime.block_on(
        aws_config::defaults(aws_config::BehaviorVersion::latest())
            .region(aws_config::Region::new(REGION))
            .endpoint_url(server.url())
            .credentials_provider(aws_sdk_dynamodb::config::Credentials::new(
                ACCESS_KEY, SECRET_KEY, None, None, "static",
            ))
            .load(),
    );
    aws_sdk_dynamodb::Client::new(&config)
}

async fn sdk_call(client: &aws_sdk_dynamodb::Client) -> aws_sdk_dynamodb::operation::get_item::GetItemOutput {
    client
        .get_item()
        .table_name(TABLE)
        .key("id", aws_sdk_dynamodb::types::AttributeValue::S("a".to_owned()))
        .send()
        .await
        .expect("GetItem by the SDK")
}

/// The floor's connection: a request like the clients', sent and answered.
struct Floor {
    stream: BufReader<TcpStream>,
    request: Vec<u8>,
    response: Vec<u8>,
}

impl Floor {
    fn new(server: &Server) -> Floor {
        let stream = TcpStream::connect(server.address).expect("the server");
        stream.set_nodelay(true).expect("nodelay");
        let body = format!(r#"{{"TableName":"{TABLE}","Key":{{"id":{{"S":"a"}}}}}}"#);
        let request = format!(
            "POST / HTTP/1.1\r\nhost: {}\r\ncontent-type: application/x-amz-json-1.0\r\n\
             x-amz-target: DynamoDB_20120810.GetItem\r\nx-amz-date: 20261208T000000Z\r\n\
             authorization: AWS4-HMAC-SHA256 Credential={ACCESS_KEY}/20261208/{REGION}/dynamodb/aws4_request, \
             SignedHeaders=content-type;host;x-amz-date;x-amz-target, \
             Signature=0000000000000000000000000000000000000000000000000000000000000000\r\n\
             content-length: {}\r\n\r\n{body}",
            server.address,
            body.len()
        );
        Floor { stream: BufReader::new(stream), request: request.into_bytes(), response: response() }
    }

    /// One exchange: the request written, the whole response read.
    fn call(&mut self) -> usize {
        self.stream.get_mut().write_all(&self.request).expect("the request");
        let mut read = vec![0; self.response.len()];
        self.stream.read_exact(&mut read).expect("the response");
        read.len()
    }
}

fn main() {
    let mut c = Criterion::default().configure_from_args();
    let server = Server::start();
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("a runtime");

    let shapegen = shapegen_builder(&server).build();
    let shapegen_async = {
        let _entered = runtime.enter();
        shapegen_builder(&server).build_async()
    };
    let sdk = sdk_client(&runtime, &server);
    let mut floor = Floor::new(&server);

    // Every client reads the item before anything is timed.
    let item = shapegen.send::<GetItem>(&shapegen_input()).expect("GetItem by shapegen").item;
    assert_eq!(item, Some(HashMap::from([("id".to_owned(), AttributeValue::builder().s("a").build())])));
    let item = runtime.block_on(shapegen_async.send::<GetItem>(&shapegen_input())).expect("GetItem, async").item;
    assert_eq!(item.as_ref().and_then(|item| item["id"].s.as_deref()), Some("a"));
    let output = runtime.block_on(sdk_call(&sdk));
    assert_eq!(output.item().and_then(|item| item["id"].as_s().ok()).map(String::as_str), Some("a"));
    assert_eq!(floor.call(), response().len());

    let mut seen = server.counts();
    let report = |name: &str, seen: &mut (usize, usize)| {
        let now = server.counts();
        eprintln!("{name}: {} requests on {} new connections", now.1 - seen.1, now.0 - seen.0);
        *seen = now;
    };
    let mut g = c.benchmark_group(GROUP);
    g.bench_function("getitem/floor", |b| b.iter(|| black_box(floor.call())));
    report("floor", &mut seen);
    g.bench_function("getitem/shapegen", |b| b.iter(|| shapegen.send::<GetItem>(black_box(&shapegen_input()))));
    report("shapegen", &mut seen);
    g.bench_function("getitem/sdk", |b| b.iter(|| runtime.block_on(sdk_call(black_box(&sdk)))));
    report("sdk", &mut seen);
    g.bench_function("getitem/shapegen-async", |b| {
        b.iter(|| runtime.block_on(shapegen_async.send::<GetItem>(black_box(&shapegen_input()))))
    });
    report("shapegen-async", &mut seen);
    g.finish();
    c.final_summary();
    ratios();
}

/// Prints each client's median and its ratio to the SDK's, and the floor's, from criterion's
/// estimates of this run.
fn ratios() {
    let median = |function: &str| common::median_ns(GROUP, &format!("getitem/{function}"));
    let Some(sdk) = median("sdk") else {
        println!("{GROUP}: no estimate for the SDK; was it filtered out?");
        return;
    };
    println!("{GROUP}: medians of one GetItem call, and the ratio to the SDK's");
    for function in ["floor", "shapegen", "shapegen-async", "sdk"] {
        match median(function) {
            Some(ns) => println!("  {function:<16} {:>9.1} µs {:>6.2}×", ns / 1000.0, ns / sdk),
            None => println!("  {function:<16} no estimate"),
        }
    }
}
