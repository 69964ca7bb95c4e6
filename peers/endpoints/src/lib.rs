//! GuardDuty's and S3's generated code, for their `endpoint` modules.

/// GuardDuty (`ListFindings`).
#[allow(missing_docs)]
pub mod guardduty {
    include!(concat!(env!("OUT_DIR"), "/guardduty.rs"));
}

/// S3 (`GetObject`).
#[allow(missing_docs)]
pub mod s3 {
    include!(concat!(env!("OUT_DIR"), "/s3.rs"));
}
