//! EC2 (`ec2`): regions, a VPC, instances run, described two to a page and terminated; an
//! unknown instance as an error with its code.

use shapegen_scenarios::ec2::operations::{
    CreateVpc, DescribeInstances, DescribeRegions, DescribeVpcs, RunInstances, TerminateInstances,
};
use shapegen_scenarios::ec2::{
    CreateVpcRequest, DescribeInstancesRequest, DescribeRegionsRequest, DescribeVpcsRequest, InstanceType,
    RunInstancesRequest, TerminateInstancesRequest,
};

use super::server::Moto;

#[test]
fn instances_and_a_vpc() {
    let moto = Moto::start();
    let client = moto.client();
    let regions = client
        .send::<DescribeRegions>(&DescribeRegionsRequest::default())
        .expect("DescribeRegions")
        .regions
        .unwrap_or_default();
    assert!(regions.iter().any(|region| region.region_name.as_deref() == Some("us-east-1")));

    let vpc = client
        .send::<CreateVpc>(&CreateVpcRequest::builder().cidr_block("10.1.0.0/16").build())
        .expect("CreateVpc")
        .vpc
        .expect("a VPC");
    let vpcs = client
        .send::<DescribeVpcs>(&DescribeVpcsRequest::builder().vpc_ids(vec![vpc.vpc_id.clone().unwrap()]).build())
        .expect("DescribeVpcs");
    assert_eq!(vpcs.vpcs.unwrap_or_default()[0].cidr_block.as_deref(), Some("10.1.0.0/16"));

    let input = RunInstancesRequest::builder()
        .image_id("ami-12c6146b")
        .min_count(3)
        .max_count(3)
        .instance_type(InstanceType::T3Micro)
        .build()
        .unwrap();
    let reservation = client.send::<RunInstances>(&input).expect("RunInstances");
    let mut ids: Vec<String> =
        reservation.instances.unwrap_or_default().into_iter().filter_map(|instance| instance.instance_id).collect();
    ids.sort();
    assert_eq!(ids.len(), 3);

    // Two to a page.
    let input = DescribeInstancesRequest::builder().max_results(5).build();
    let mut described: Vec<String> = client
        .items::<DescribeInstances>(input)
        .flat_map(|reservation| reservation.expect("a reservation").instances.unwrap_or_default())
        .filter_map(|instance| instance.instance_id)
        .collect();
    described.sort();
    assert_eq!(described, ids);

    let terminated = client
        .send::<TerminateInstances>(&TerminateInstancesRequest::builder().instance_ids(ids.clone()).build().unwrap())
        .expect("TerminateInstances");
    assert_eq!(terminated.terminating_instances.map_or(0, |instances| instances.len()), 3);

    let input = DescribeInstancesRequest::builder().instance_ids(vec!["i-0123456789abcdef0".to_owned()]).build();
    let error = client.send::<DescribeInstances>(&input).expect_err("no such instance");
    assert_eq!((error.code(), error.status()), (Some("InvalidInstanceID.NotFound"), Some(400)), "{error:?}");
}
