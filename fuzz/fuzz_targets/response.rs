//! Any bytes as a GetFindings response body: a value or an error with its path; never a
//! panic, and a value that reads always writes.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|body: &[u8]| {
    if let Ok(response) = guardduty_types::json::from_slice::<guardduty_types::GetFindingsResponse>(body) {
        let written = serde_json::to_vec(&response).expect("a value that reads, writes");
        let again: guardduty_types::GetFindingsResponse =
            guardduty_types::json::from_slice(&written).expect("what was written reads");
        // NaN is the one value not equal to itself.
        if !format!("{again:?}").contains("NaN") {
            assert_eq!(again, response);
        }
    }
});
