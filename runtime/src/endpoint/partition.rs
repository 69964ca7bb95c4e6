//! `aws.partition`: the partition of a region, from `partitions.json`.

use std::collections::BTreeMap;
use std::fmt;
use std::sync::OnceLock;

use serde::Deserialize;

use super::region_regex::RegionRegex;

/// The partitions of AWS (`aws`, `aws-cn`, `aws-us-gov`, ...) as `partitions.json` describes
/// them, ready to answer `aws.partition`: their regions and region patterns are read, and the
/// patterns compiled, once, by [`Partitions::from_json`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Partitions {
    /// In the order of the file, which is the order patterns are tried in.
    partitions: Vec<Partition>,
    /// Every region the file lists, to the first partition that lists it.
    regions: fnv::FnvHashMap<String, Region>,
    /// The index of the partition `aws`, the answer for a region nothing else matches.
    aws: Option<usize>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
struct Partition {
    region_regex: RegionRegex,
    outputs: Outputs,
}

#[derive(Clone, Debug, PartialEq, Eq)]
struct Region {
    partition: usize,
    /// The partition's outputs with the region's own values over them, when it has any.
    outputs: Option<Outputs>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
struct Outputs {
    name: String,
    dns_suffix: String,
    dual_stack_dns_suffix: String,
    supports_fips: bool,
    supports_dual_stack: bool,
    implicit_global_region: String,
}

/// The partition of a region, as `aws.partition` gives it, borrowed from its [`Partitions`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PartitionResult<'a> {
    /// The partition's name (`name`), as `aws`, `aws-cn` or `aws-us-gov`.
    pub name: &'a str,
    /// The DNS suffix of its endpoints (`dnsSuffix`), as `amazonaws.com`.
    pub dns_suffix: &'a str,
    /// The DNS suffix of its dual-stack endpoints (`dualStackDnsSuffix`), as `api.aws`.
    pub dual_stack_dns_suffix: &'a str,
    /// Whether it has FIPS endpoints (`supportsFIPS`).
    pub supports_fips: bool,
    /// Whether it has dual-stack endpoints (`supportsDualStack`).
    pub supports_dual_stack: bool,
    /// The region that global endpoints of the partition sign for (`implicitGlobalRegion`), as
    /// `us-east-1`; empty when the file has none (files before 2024 do not).
    pub implicit_global_region: &'a str,
}

/// A `partitions.json` that could not be read: what was wrong, and where, as
/// `partitions[2].outputs.supportsFIPS: invalid type: string "no", expected a boolean at line
/// 40 column 30`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PartitionsError {
    message: String,
}

impl fmt::Display for PartitionsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "invalid partitions.json: {}", self.message)
    }
}

impl std::error::Error for PartitionsError {}

impl Partitions {
    /// Reads a `partitions.json` (`{"partitions": [{"id", "regionRegex", "regions",
    /// "outputs"}, ...]}`) and compiles its region patterns. Fields it does not use (`version`,
    /// a region's `description`) are ignored. The error names the place of what is wrong: a
    /// missing or mistyped field, or a `regionRegex` this runtime cannot match.
    pub fn from_json(json: &str) -> Result<Partitions, PartitionsError> {
        let mut deserializer = serde_json::Deserializer::from_str(json);
        let file: File = serde_path_to_error::deserialize(&mut deserializer).map_err(|error| {
            let path = error.path().to_string();
            let message = if path == "." { error.inner().to_string() } else { format!("{path}: {}", error.inner()) };
            PartitionsError { message }
        })?;
        deserializer.end().map_err(|error| PartitionsError { message: error.to_string() })?;
        let mut partitions = Vec::with_capacity(file.partitions.len());
        let mut regions = fnv::FnvHashMap::default();
        let mut aws = None;
        for (index, partition) in file.partitions.into_iter().enumerate() {
            let region_regex = RegionRegex::new(&partition.region_regex).map_err(|error| PartitionsError {
                message: format!("partitions[{index}].regionRegex (of {}): {error}", partition.id),
            })?;
            let outputs = Outputs {
                name: partition.outputs.name.unwrap_or_else(|| partition.id.clone()),
                dns_suffix: partition.outputs.dns_suffix,
                dual_stack_dns_suffix: partition.outputs.dual_stack_dns_suffix,
                supports_fips: partition.outputs.supports_fips,
                supports_dual_stack: partition.outputs.supports_dual_stack,
                implicit_global_region: partition.outputs.implicit_global_region.unwrap_or_default(),
            };
            for (name, values) in partition.regions {
                let outputs = values.is_override().then(|| values.over(&outputs));
                // A region two partitions list is the first one's, as the specification says.
                regions.entry(name).or_insert(Region { partition: index, outputs });
            }
            if aws.is_none() && partition.id == "aws" {
                aws = Some(index);
            }
            partitions.push(Partition { region_regex, outputs });
        }
        Ok(Partitions { partitions, regions, aws })
    }

    /// The runtime's own partitions: its copy of botocore's `partitions.json`, read once, the
    /// first time it is asked for.
    pub fn pinned() -> &'static Partitions {
        static PINNED: OnceLock<Partitions> = OnceLock::new();
        PINNED.get_or_init(|| {
            // A test reads this file; it cannot fail at run time.
            Partitions::from_json(include_str!("partitions.json"))
                .unwrap_or_else(|error| panic!("the runtime's own partitions.json: {error}"))
        })
    }

    /// `aws.partition`: the partition of `region`. That is the first partition that lists the
    /// region, with the region's own values (if it has any) over the partition's; else the
    /// first whose `regionRegex` matches all of it; else `aws`. `None` only when the file has no
    /// partition `aws`.
    pub fn partition(&self, region: &str) -> Option<PartitionResult<'_>> {
        let outputs = match self.regions.get(region) {
            Some(found) => found.outputs.as_ref().unwrap_or(&self.partitions[found.partition].outputs),
            None => match self.partitions.iter().find(|partition| partition.region_regex.is_match(region)) {
                Some(partition) => &partition.outputs,
                None => &self.partitions[self.aws?].outputs,
            },
        };
        Some(PartitionResult {
            name: &outputs.name,
            dns_suffix: &outputs.dns_suffix,
            dual_stack_dns_suffix: &outputs.dual_stack_dns_suffix,
            supports_fips: outputs.supports_fips,
            supports_dual_stack: outputs.supports_dual_stack,
            implicit_global_region: &outputs.implicit_global_region,
        })
    }
}

/// `partitions.json`, as read.
#[derive(Deserialize)]
struct File {
    partitions: Vec<FilePartition>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct FilePartition {
    id: String,
    region_regex: String,
    #[serde(default)]
    regions: BTreeMap<String, RegionValues>,
    outputs: FileOutputs,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct FileOutputs {
    name: Option<String>,
    dns_suffix: String,
    dual_stack_dns_suffix: String,
    #[serde(rename = "supportsFIPS")]
    supports_fips: bool,
    supports_dual_stack: bool,
    implicit_global_region: Option<String>,
}

/// What a region of `regions` may set over its partition's outputs; usually nothing but a
/// `description`.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct RegionValues {
    name: Option<String>,
    dns_suffix: Option<String>,
    dual_stack_dns_suffix: Option<String>,
    #[serde(rename = "supportsFIPS")]
    supports_fips: Option<bool>,
    supports_dual_stack: Option<bool>,
    implicit_global_region: Option<String>,
}

impl RegionValues {
    fn is_override(&self) -> bool {
        self.name.is_some()
            || self.dns_suffix.is_some()
            || self.dual_stack_dns_suffix.is_some()
            || self.supports_fips.is_some()
            || self.supports_dual_stack.is_some()
            || self.implicit_global_region.is_some()
    }

    fn over(&self, outputs: &Outputs) -> Outputs {
        let or = |value: &Option<String>, default: &String| value.as_ref().unwrap_or(default).clone();
        Outputs {
            name: or(&self.name, &outputs.name),
            dns_suffix: or(&self.dns_suffix, &outputs.dns_suffix),
            dual_stack_dns_suffix: or(&self.dual_stack_dns_suffix, &outputs.dual_stack_dns_suffix),
            supports_fips: self.supports_fips.unwrap_or(outputs.supports_fips),
            supports_dual_stack: self.supports_dual_stack.unwrap_or(outputs.supports_dual_stack),
            implicit_global_region: or(&self.implicit_global_region, &outputs.implicit_global_region),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The partition's name and DNS suffix, for short assertions.
    fn name_and_suffix(partitions: &Partitions, region: &str) -> (String, String) {
        let result = partitions.partition(region).unwrap();
        (result.name.to_owned(), result.dns_suffix.to_owned())
    }

    fn pair(name: &str, suffix: &str) -> (String, String) {
        (name.to_owned(), suffix.to_owned())
    }

    #[test]
    fn the_pinned_file_reads() {
        let pinned = Partitions::pinned();
        assert_eq!(pinned.partitions.len(), 8);
        assert!(pinned.regions.len() > 50);
    }

    #[test]
    fn an_exact_region() {
        let partitions = Partitions::pinned();
        assert_eq!(
            partitions.partition("us-east-1"),
            Some(PartitionResult {
                name: "aws",
                dns_suffix: "amazonaws.com",
                dual_stack_dns_suffix: "api.aws",
                supports_fips: true,
                supports_dual_stack: true,
                implicit_global_region: "us-east-1",
            })
        );
        // Listed, though no pattern matches it.
        assert_eq!(name_and_suffix(partitions, "aws-global"), pair("aws", "amazonaws.com"));
        assert_eq!(name_and_suffix(partitions, "aws-cn-global"), pair("aws-cn", "amazonaws.com.cn"));
        assert_eq!(name_and_suffix(partitions, "aws-us-gov-global"), pair("aws-us-gov", "amazonaws.com"));
    }

    #[test]
    fn a_region_by_its_pattern() {
        let partitions = Partitions::pinned();
        assert_eq!(name_and_suffix(partitions, "us-west-99"), pair("aws", "amazonaws.com"));
        assert_eq!(name_and_suffix(partitions, "eu-south-7"), pair("aws", "amazonaws.com"));
        assert_eq!(name_and_suffix(partitions, "cn-south-5"), pair("aws-cn", "amazonaws.com.cn"));
        assert_eq!(name_and_suffix(partitions, "us-gov-north-9"), pair("aws-us-gov", "amazonaws.com"));
        assert_eq!(name_and_suffix(partitions, "eusc-de-west-4"), pair("aws-eusc", "amazonaws.eu"));
    }

    #[test]
    fn every_partition_of_the_pinned_file() {
        let partitions = Partitions::pinned();
        for (region, name, dns_suffix, dual_stack_dns_suffix, implicit_global_region) in [
            ("cn-north-1", "aws-cn", "amazonaws.com.cn", "api.amazonwebservices.com.cn", "cn-northwest-1"),
            ("us-gov-east-1", "aws-us-gov", "amazonaws.com", "api.aws", "us-gov-west-1"),
            ("us-iso-east-1", "aws-iso", "c2s.ic.gov", "api.aws.ic.gov", "us-iso-east-1"),
            ("us-iso-west-7", "aws-iso", "c2s.ic.gov", "api.aws.ic.gov", "us-iso-east-1"),
            ("us-isob-east-1", "aws-iso-b", "sc2s.sgov.gov", "api.aws.scloud", "us-isob-east-1"),
            ("eu-isoe-west-1", "aws-iso-e", "cloud.adc-e.uk", "api.cloud-aws.adc-e.uk", "eu-isoe-west-1"),
            ("us-isof-south-1", "aws-iso-f", "csp.hci.ic.gov", "api.aws.hci.ic.gov", "us-isof-south-1"),
            ("eusc-de-east-1", "aws-eusc", "amazonaws.eu", "api.amazonwebservices.eu", "eusc-de-east-1"),
        ] {
            let result = partitions.partition(region).unwrap();
            assert_eq!(result.name, name, "{region}");
            assert_eq!(result.dns_suffix, dns_suffix, "{region}");
            assert_eq!(result.dual_stack_dns_suffix, dual_stack_dns_suffix, "{region}");
            assert_eq!(result.implicit_global_region, implicit_global_region, "{region}");
            assert!(result.supports_fips && result.supports_dual_stack, "{region}");
        }
    }

    #[test]
    fn any_other_region_is_aws() {
        let partitions = Partitions::pinned();
        for region in ["", "mars-east-1", "us-east-1-", "US-EAST-1", "us-east-1.", "a.b.c", "local", "日本"] {
            assert_eq!(name_and_suffix(partitions, region), pair("aws", "amazonaws.com"), "{region}");
        }
        assert_eq!(partitions.partition("mars-east-1").unwrap().implicit_global_region, "us-east-1");
    }

    const SMALL: &str = r#"{
        "version": "1.1",
        "partitions": [
            {
                "id": "first",
                "regionRegex": "^one\\-\\w+\\-\\d+$",
                "regions": {
                    "one-east-1": {"description": "plain"},
                    "one-special-1": {"dnsSuffix": "special.example", "supportsFIPS": false},
                    "shared-1": {}
                },
                "outputs": {
                    "name": "first",
                    "dnsSuffix": "one.example",
                    "dualStackDnsSuffix": "dual.one.example",
                    "supportsFIPS": true,
                    "supportsDualStack": false,
                    "implicitGlobalRegion": "one-east-1"
                }
            },
            {
                "id": "aws",
                "regionRegex": "^(one|two)\\-\\w+\\-\\d+$",
                "regions": {"shared-1": {"dnsSuffix": "not.this.one"}, "aws-region-1": {"implicitGlobalRegion": "x-1"}},
                "outputs": {
                    "dnsSuffix": "aws.example",
                    "dualStackDnsSuffix": "dual.aws.example",
                    "supportsFIPS": false,
                    "supportsDualStack": true
                }
            }
        ]
    }"#;

    #[test]
    fn regions_override_their_partition() {
        let partitions = Partitions::from_json(SMALL).unwrap();
        let special = partitions.partition("one-special-1").unwrap();
        assert_eq!(
            special,
            PartitionResult {
                name: "first",
                dns_suffix: "special.example",
                dual_stack_dns_suffix: "dual.one.example",
                supports_fips: false,
                supports_dual_stack: false,
                implicit_global_region: "one-east-1",
            }
        );
        let plain = partitions.partition("one-east-1").unwrap();
        assert_eq!((plain.dns_suffix, plain.supports_fips), ("one.example", true));
        // The first partition that lists a region has it, overrides and all.
        assert_eq!(partitions.partition("shared-1").unwrap().dns_suffix, "one.example");
        // The name defaults to the id, the implicit global region to nothing.
        let aws = partitions.partition("nowhere").unwrap();
        assert_eq!((aws.name, aws.dns_suffix, aws.implicit_global_region), ("aws", "aws.example", ""));
        assert_eq!(partitions.partition("aws-region-1").unwrap().implicit_global_region, "x-1");
    }

    #[test]
    fn patterns_are_tried_in_the_order_of_the_file() {
        let partitions = Partitions::from_json(SMALL).unwrap();
        assert_eq!(partitions.partition("one-west-2").unwrap().name, "first");
        assert_eq!(partitions.partition("two-west-2").unwrap().name, "aws");
    }

    #[test]
    fn without_an_aws_partition_an_unknown_region_has_none() {
        let json = SMALL.replace(r#""id": "aws""#, r#""id": "second""#);
        let partitions = Partitions::from_json(&json).unwrap();
        assert_eq!(partitions.partition("nowhere"), None);
        assert_eq!(partitions.partition("two-west-2").unwrap().name, "second");
        assert_eq!(partitions.partition("one-east-1").unwrap().name, "first");
    }

    fn error(json: &str) -> String {
        Partitions::from_json(json).unwrap_err().to_string()
    }

    #[test]
    fn malformed_files_are_errors_that_name_the_place() {
        let missing = SMALL.replace(r#""dnsSuffix": "aws.example","#, "");
        assert!(error(&missing).contains("partitions[1].outputs: missing field `dnsSuffix`"), "{}", error(&missing));
        let mistyped = SMALL.replace(r#""supportsFIPS": false,"#, r#""supportsFIPS": "no","#);
        assert!(error(&mistyped).contains("partitions[1].outputs.supportsFIPS: invalid type"), "{}", error(&mistyped));
        let region = SMALL.replace(r#""supportsFIPS": false}"#, r#""supportsFIPS": 0}"#);
        assert!(
            error(&region).contains("partitions[0].regions.one-special-1.supportsFIPS: invalid type"),
            "{}",
            error(&region)
        );
        let regex = SMALL.replace(r"^(one|two)", "^[ot]");
        assert!(
            error(&regex).contains("partitions[1].regionRegex (of aws): unsupported regular expression syntax `[`"),
            "{}",
            error(&regex)
        );
        assert!(error("{}").contains("missing field `partitions`"), "{}", error("{}"));
        assert!(error(r#"{"partitions": {}}"#).contains("partitions: invalid type: map"));
        assert!(error(r#"{"partitions": [1]}"#).contains("partitions[0]: invalid type: integer"));
        assert!(error(r#"{"partitions": ["#).contains("EOF"), "{}", error(r#"{"partitions": ["#));
        assert!(error("").contains("EOF"));
        assert!(error("not json").contains("at line 1 column 2"), "{}", error("not json"));
        assert!(error(&format!("{SMALL} trailing")).contains("trailing characters"));
    }
}
