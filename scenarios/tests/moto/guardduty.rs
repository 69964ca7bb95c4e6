//! GuardDuty (`rest-json`): a detector and a filter (the emulator serves no findings, and
//! implements neither `ListFindings` nor `ListFilters`).

use shapegen_client::Error;
use shapegen_scenarios::guardduty::operations::{
    CreateDetector, CreateFilter, DeleteDetector, DeleteFilter, GetDetector, GetDetectorError, GetFilter, ListDetectors,
};
use shapegen_scenarios::guardduty::{
    Condition, CreateDetectorRequest, CreateFilterRequest, DeleteDetectorRequest, DeleteFilterRequest, DetectorStatus,
    FilterAction, FindingCriteria, GetDetectorRequest, GetFilterRequest, ListDetectorsRequest,
};

use super::server::Moto;

#[test]
fn a_detector_and_its_filters() {
    let moto = Moto::start();
    let client = moto.client();
    let detector = client
        .send::<CreateDetector>(&CreateDetectorRequest::builder().enable(true).build().unwrap())
        .expect("CreateDetector")
        .detector_id
        .expect("an id");
    let listed: Vec<_> = client
        .items::<ListDetectors>(ListDetectorsRequest::default())
        .collect::<Result<_, _>>()
        .expect("ListDetectors");
    assert_eq!(listed, std::slice::from_ref(&detector));
    let got = client
        .send::<GetDetector>(&GetDetectorRequest::builder().detector_id(&detector).build().unwrap())
        .expect("GetDetector");
    assert_eq!(got.status, DetectorStatus::Enabled);

    let criteria = FindingCriteria::builder()
        .criterion(std::collections::HashMap::from([(
            "severity".to_owned(),
            Condition::builder().greater_than_or_equal(7).build(),
        )]))
        .build();
    let input = CreateFilterRequest::builder()
        .detector_id(&detector)
        .name("high")
        .action(FilterAction::Archive)
        .finding_criteria(criteria.clone())
        .build()
        .unwrap();
    assert_eq!(client.send::<CreateFilter>(&input).expect("CreateFilter").name, "high");
    let filter = client
        .send::<GetFilter>(&GetFilterRequest::builder().detector_id(&detector).filter_name("high").build().unwrap())
        .expect("GetFilter");
    assert_eq!((filter.action, filter.finding_criteria), (FilterAction::Archive, criteria));
    client
        .send::<DeleteFilter>(
            &DeleteFilterRequest::builder().detector_id(&detector).filter_name("high").build().unwrap(),
        )
        .expect("DeleteFilter");

    client
        .send::<DeleteDetector>(&DeleteDetectorRequest::builder().detector_id(&detector).build().unwrap())
        .expect("DeleteDetector");
    let error = client
        .send::<GetDetector>(&GetDetectorRequest::builder().detector_id(&detector).build().unwrap())
        .expect_err("gone");
    assert!(matches!(&error, Error::Service { error: GetDetectorError::BadRequestException(_), .. }), "{error:?}");
    assert_eq!(error.status(), Some(400));
}
