//! Reading a large EC2 DescribeInstances response with the generated types
//! (`DescribeInstances::response`, EC2's published model), beside `quick-xml` reading the same
//! bytes event by event and keeping nothing (the floor: every byte tokenized, no value built).
//!
//! The body is the reservation of `tests/fixtures/ec2-describe-instances.xml` (the EC2 API
//! reference's example, one instance with its network interface, block device, tags and
//! options) repeated to about 3 MB.
//!
//! `cargo bench --bench xml`; `CALLS=N FUNCTION=quick-xml|DescribeInstances::response` runs
//! one of them N times without criterion, for `valgrind --tool=callgrind`.

use std::hint::black_box;

use criterion::{Criterion, Throughput};
use quick_xml::events::Event;
use shapegen_runtime::http;
use shapegen_tests::ec2_instances::operations::DescribeInstances;

mod common;

/// The fixture with its one reservation repeated `copies` times.
fn body(copies: usize) -> Vec<u8> {
    let fixture = include_str!("../tests/fixtures/ec2-describe-instances.xml");
    let start = fixture.find("<reservationSet>").expect("a reservation set") + "<reservationSet>".len();
    let end = fixture.rfind("</reservationSet>").expect("its end");
    let reservation = &fixture[start..end];
    let mut body = String::with_capacity(fixture.len() + reservation.len() * copies);
    body.push_str(&fixture[..start]);
    for _ in 0..copies {
        body.push_str(reservation);
    }
    body.push_str(&fixture[end..]);
    body.into_bytes()
}

/// Every event of the document, nothing kept.
fn floor(body: &[u8]) -> usize {
    let mut reader = quick_xml::Reader::from_reader(body);
    let mut events = 0;
    loop {
        match reader.read_event().unwrap() {
            Event::Eof => return events,
            event => {
                black_box(event);
                events += 1;
            }
        }
    }
}

fn main() {
    let body = body(640);
    let response = http::Response::builder().status(200).body(body.clone()).unwrap();
    let instances = DescribeInstances::response(&response).unwrap().reservations.unwrap().len();
    assert_eq!(instances, 640);
    if let Some((calls, function)) = common::one_function() {
        for _ in 0..calls {
            match function.as_str() {
                "quick-xml" => drop(black_box(floor(black_box(&body)))),
                "DescribeInstances::response" => {
                    drop(black_box(DescribeInstances::response(black_box(&response)).unwrap()))
                }
                other => panic!("FUNCTION: {other:?} is not measured here"),
            }
        }
        return;
    }

    let mut c = Criterion::default().configure_from_args();
    // Twice over, as the operations bench does: only the second round counts.
    for _round in 0..2 {
        let mut g = c.benchmark_group("xml-ec2");
        g.throughput(Throughput::Bytes(body.len() as u64));
        g.bench_function("quick-xml", |b| b.iter(|| floor(black_box(&body))));
        g.bench_function("DescribeInstances::response", |b| {
            b.iter(|| DescribeInstances::response(black_box(&response)).unwrap())
        });
        g.finish();
    }
    c.final_summary();
    common::report("xml-ec2", "quick-xml", &["DescribeInstances::response"], body.len());
}
