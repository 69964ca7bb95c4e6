//! Timestamps: written in the format a member's model gives, read in any format.
//!
//! [`format()`] writes a timestamp as epoch seconds, an RFC 3339 date-time or an HTTP date.
//! [`parse`] reads all of these and the other forms services are known to send, whatever the
//! model says, since services do not always send what their model says.

use std::fmt;
use std::str::FromStr;

use jiff::Timestamp;
use jiff::fmt::rfc2822::{DateTimeParser, DateTimePrinter};
use jiff::fmt::strtime;
use jiff::tz::Offset;

/// The wire formats of a timestamp.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// Seconds since the Unix epoch, with a decimal fraction when there is one: `1576540098`,
    /// `1576540098.5`.
    EpochSeconds,
    /// An RFC 3339 date-time in UTC: `2019-12-16T23:48:18Z`.
    DateTime,
    /// An HTTP date (RFC 9110 IMF-fixdate): `Mon, 16 Dec 2019 23:48:18 GMT`.
    HttpDate,
}

/// Writes a timestamp in `format`.
///
/// Epoch seconds are exact: the fraction is the timestamp's nanoseconds, trimmed of trailing
/// zeros, never a rounded float.
pub fn format(value: &Timestamp, format: Format) -> String {
    match format {
        Format::EpochSeconds => epoch_seconds(value),
        Format::DateTime => value.to_string(),
        Format::HttpDate => http_date(value),
    }
}

/// `value` as decimal epoch seconds.
fn epoch_seconds(value: &Timestamp) -> String {
    let (seconds, nanos) = (value.as_second(), value.subsec_nanosecond());
    if nanos == 0 {
        return seconds.to_string();
    }
    // Both parts carry the sign; a timestamp within a second before the epoch has 0 seconds.
    let sign = if seconds < 0 || nanos < 0 { "-" } else { "" };
    let mut text = format!("{sign}{}.{:09}", seconds.unsigned_abs(), nanos.unsigned_abs());
    let kept = text.trim_end_matches('0').len();
    text.truncate(kept);
    text
}

/// `value` as an IMF-fixdate.
fn http_date(value: &Timestamp) -> String {
    match DateTimePrinter::new().timestamp_to_rfc9110_string(value) {
        Ok(text) => text,
        // Only years before 0 or after 9999 have no IMF-fixdate: such a timestamp is written
        // as RFC 3339, which at least reads back.
        Err(_) => value.to_string(),
    }
}

/// A text that is not a timestamp in any accepted format, or one out of range.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TimeError {
    text: String,
}

/// How much of the offending text an error keeps.
const KEPT: usize = 64;

impl TimeError {
    /// An error for `text`, keeping its first 64 characters or so.
    fn new(text: &str) -> TimeError {
        let text = match text.char_indices().nth(KEPT) {
            Some((end, _)) => format!("{}...", &text[..end]),
            None => text.to_owned(),
        };
        TimeError { text }
    }

    /// The offending text, shortened to about 64 characters when longer.
    #[inline]
    pub fn text(&self) -> &str {
        &self.text
    }
}

impl fmt::Display for TimeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "not a timestamp (epoch seconds, RFC 3339 or HTTP date): {:?}", self.text)
    }
}

impl std::error::Error for TimeError {}

/// Reads a timestamp in any of the formats services send, whatever the model says.
///
/// Accepted, with surrounding whitespace ignored:
///
/// - epoch seconds as decimal text, with an optional sign, fraction and exponent: `1576540098`,
///   `1576540098.5`, `-1.25`, `1.5e9`. Fraction digits past nanoseconds are dropped, not
///   rounded;
/// - RFC 3339 / ISO 8601 date-times with an offset: separator `T`, `t` or a space, a fraction
///   of any length (truncated to nanoseconds), offset `Z`, `z`, `+hh:mm`, `+hhmm` or `+hh`.
///   A date-time without an offset is a local time, not a timestamp, and is refused;
/// - HTTP dates in the three forms RFC 9110 requires recipients to accept: IMF-fixdate
///   (`Mon, 16 Dec 2019 23:48:18 GMT`), RFC 850 (`Monday, 16-Dec-19 23:48:18 GMT`) and asctime
///   (`Mon Dec 16 23:48:18 2019`); and RFC 2822 dates with a numeric offset
///   (`Mon, 16 Dec 2019 23:48:18 +0100`). In the forms with a short day name, a name the date
///   does not fall on is passed over (`Wed, 16 Dec 2019` is the 16th).
///
/// ```
/// use shapegen_runtime::time::{self, Format};
///
/// let value = time::parse("Mon, 16 Dec 2019 23:48:18 GMT")?;
/// assert_eq!(value, time::parse("2019-12-17T00:48:18.000+01:00")?);
/// assert_eq!(time::format(&value, Format::EpochSeconds), "1576540098");
/// let value = time::parse("1576540098.123")?;
/// assert_eq!(time::format(&value, Format::DateTime), "2019-12-16T23:48:18.123Z");
/// assert!(time::parse("2019-12-16T23:48:18").is_err()); // a local time
/// # Ok::<(), time::TimeError>(())
/// ```
pub fn parse(text: &str) -> Result<Timestamp, TimeError> {
    let trimmed = text.trim();
    let error = || TimeError::new(trimmed);
    let first = *trimmed.as_bytes().first().ok_or_else(error)?;
    if first.is_ascii_alphabetic() {
        return parse_http_date(trimmed);
    }
    if trimmed.bytes().all(|b| matches!(b, b'0'..=b'9' | b'.' | b'+' | b'-' | b'e' | b'E')) {
        // Epoch seconds, unless it is an ISO 8601 date-time in basic form (no letters).
        if let Some(result) = parse_epoch(trimmed) {
            return result.ok_or_else(error);
        }
    }
    if let Some(value) = date_time(trimmed) {
        return Ok(value);
    }
    // RFC 2822 without the optional day of the week: `16 Dec 2019 23:48:18 GMT`.
    DateTimeParser::new().parse_timestamp(trimmed).map_err(|_| error())
}

/// Reads epoch seconds held as an `f64`, exactly as its shortest decimal form says:
/// `1599091200.123` is 123 milliseconds past the second, not the nearest binary fraction.
pub fn from_epoch_f64(value: f64) -> Result<Timestamp, TimeError> {
    // Rust prints a finite f64 as its shortest round-trip decimal, without an exponent.
    let text = value.to_string();
    if !value.is_finite() {
        return Err(TimeError::new(&text));
    }
    match parse_epoch(&text) {
        Some(Some(timestamp)) => Ok(timestamp),
        _ => Err(TimeError::new(&text)),
    }
}

/// Jiff's range of seconds is within ±10^12: more integer digits are out of range for sure.
const MAX_SECOND_DIGITS: i64 = 13;

/// Reads decimal epoch seconds: `None` when `text` is not a decimal number, `Some(None)` when it
/// is one out of range.
fn parse_epoch(text: &str) -> Option<Option<Timestamp>> {
    let (negative, unsigned) = match text.as_bytes().first()? {
        b'-' => (true, &text[1..]),
        b'+' => (false, &text[1..]),
        _ => (false, text),
    };
    let (mantissa, exponent) = match unsigned.find(['e', 'E']) {
        Some(at) => (&unsigned[..at], Some(&unsigned[at + 1..])),
        None => (unsigned, None),
    };
    let (whole, fraction) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    let is_digits = |part: &str| part.bytes().all(|b| b.is_ascii_digit());
    if whole.is_empty() && fraction.is_empty() || !is_digits(whole) || !is_digits(fraction) {
        return None;
    }
    let exponent: i64 = match exponent {
        None => 0,
        Some(exponent) => {
            let digits = exponent.strip_prefix(['+', '-']).unwrap_or(exponent);
            if digits.is_empty() || !is_digits(digits) {
                return None;
            }
            // An exponent this long is far out of range either way: clamp it.
            exponent.parse().unwrap_or(if exponent.starts_with('-') { i64::MIN / 4 } else { i64::MAX / 4 })
        }
    };
    // The digits without the integer part's leading zeros, and where the decimal point falls
    // among them once the exponent is applied.
    let whole = whole.trim_start_matches('0').as_bytes();
    let fraction = fraction.as_bytes();
    let digit = |place: i64| -> u8 {
        let Ok(place) = usize::try_from(place) else { return 0 };
        let byte = match place.checked_sub(whole.len()) {
            None => whole[place],
            Some(place) => fraction.get(place).copied().unwrap_or(b'0'),
        };
        byte - b'0'
    };
    let leading_zeros = if whole.is_empty() { fraction.iter().take_while(|&&b| b == b'0').count() } else { 0 };
    if leading_zeros == whole.len() + fraction.len() {
        return Some(Timestamp::new(0, 0).ok());
    }
    let point = (whole.len() as i64).saturating_add(exponent);
    if point - leading_zeros as i64 > MAX_SECOND_DIGITS {
        return Some(None);
    }
    // At most MAX_SECOND_DIGITS significant digits: no overflow.
    let mut seconds: i64 = 0;
    for place in 0..point.max(0) {
        seconds = seconds * 10 + i64::from(digit(place));
    }
    let mut nanos: i32 = 0;
    for place in point..point + 9 {
        nanos = nanos * 10 + i32::from(digit(place));
    }
    let (seconds, nanos) = if negative { (-seconds, -nanos) } else { (seconds, nanos) };
    Some(Timestamp::new(seconds, nanos).ok())
}

/// Reads an RFC 3339 / ISO 8601 date-time with an offset, cutting a fraction longer than
/// nanoseconds down to nanoseconds first.
fn date_time(text: &str) -> Option<Timestamp> {
    let cut = text
        .find(['.', ','])
        .map(|at| {
            let start = at + 1;
            let digits = text[start..].bytes().take_while(u8::is_ascii_digit).count();
            (start, digits)
        })
        .filter(|&(_, digits)| digits > 9);
    match cut {
        None => Timestamp::from_str(text).ok(),
        Some((start, digits)) => {
            let normalized = format!("{}{}", &text[..start + 9], &text[start + digits..]);
            Timestamp::from_str(&normalized).ok()
        }
    }
}

/// Reads an HTTP date, as a `Date` header holds one: the forms [`parse`] reads that begin with
/// a day of the week (IMF-fixdate, RFC 850, asctime, and RFC 2822 with a numeric offset).
/// Surrounding spaces are ignored; any other text, epoch seconds and RFC 3339 among it, is an
/// error.
///
/// ```
/// use shapegen_runtime::time;
///
/// let value = time::parse_http_date("Sun, 06 Nov 1994 08:49:37 GMT")?;
/// assert_eq!(value.as_second(), 784_111_777);
/// assert!(time::parse_http_date("784111777").is_err());
/// # Ok::<(), time::TimeError>(())
/// ```
pub fn parse_http_date(text: &str) -> Result<Timestamp, TimeError> {
    let trimmed = text.trim();
    http_date_forms(trimmed).ok_or_else(|| TimeError::new(trimmed))
}

/// Reads the HTTP date forms that begin with a day of the week: IMF-fixdate and RFC 2822,
/// RFC 850 and asctime.
fn http_date_forms(text: &str) -> Option<Timestamp> {
    let day_name = text.bytes().take_while(u8::is_ascii_alphabetic).count();
    match text.as_bytes().get(day_name) {
        // `Mon,` is IMF-fixdate or RFC 2822; `Monday,` is RFC 850.
        // A day name the date does not fall on is passed over: the date says which day it is
        // (the S3 API reference's own examples carry `Wed, 12 Oct 2009`, a Monday).
        Some(b',') if day_name == 3 => DateTimeParser::new()
            .parse_timestamp(text)
            .ok()
            .or_else(|| DateTimeParser::new().parse_timestamp(text[4..].trim_start()).ok()),
        Some(b',') => utc(strtime::parse("%A, %d-%b-%y %H:%M:%S GMT", text))
            .or_else(|| utc(strtime::parse("%A, %d-%b-%Y %H:%M:%S GMT", text))),
        Some(b' ') => utc(strtime::parse("%a %b %e %H:%M:%S %Y", text)),
        _ => None,
    }
}

/// A civil date-time read by `strtime`, taken as UTC, as HTTP dates are.
fn utc(parsed: Result<strtime::BrokenDownTime, jiff::Error>) -> Option<Timestamp> {
    let date_time = parsed.ok()?.to_datetime().ok()?;
    Offset::UTC.to_timestamp(date_time).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(seconds: i64, nanos: i32) -> Timestamp {
        Timestamp::new(seconds, nanos).unwrap()
    }

    const T: i64 = 1576540098;

    #[test]
    fn a_wrong_day_name_is_passed_over() {
        assert_eq!(parse("Wed, 12 Oct 2009 17:50:00 GMT").unwrap(), parse("2009-10-12T17:50:00Z").unwrap());
        assert!(parse("Wed, 32 Oct 2009 17:50:00 GMT").is_err());
    }

    #[test]
    fn formats_each_format() {
        let value = at(T, 0);
        assert_eq!(format(&value, Format::EpochSeconds), "1576540098");
        assert_eq!(format(&value, Format::DateTime), "2019-12-16T23:48:18Z");
        assert_eq!(format(&value, Format::HttpDate), "Mon, 16 Dec 2019 23:48:18 GMT");
        assert_eq!(format(&at(T, 500_000_000), Format::EpochSeconds), "1576540098.5");
        assert_eq!(format(&at(T, 500_000_000), Format::DateTime), "2019-12-16T23:48:18.5Z");
        assert_eq!(format(&at(-1, -250_000_000), Format::EpochSeconds), "-1.25");
        assert_eq!(format(&at(0, -500_000_000), Format::EpochSeconds), "-0.5");
        assert_eq!(format(&at(T, 1), Format::EpochSeconds), "1576540098.000000001");
        assert_eq!(format(&at(0, 0), Format::EpochSeconds), "0");
    }

    #[test]
    fn epoch_seconds_are_exact() {
        let value = parse("1576540098.123").unwrap();
        assert_eq!((value.as_second(), value.subsec_nanosecond()), (T, 123_000_000));
        assert_eq!(format(&value, Format::EpochSeconds), "1576540098.123");
        let value = from_epoch_f64(1576540098.123).unwrap();
        assert_eq!((value.as_second(), value.subsec_nanosecond()), (T, 123_000_000));
        assert_eq!(format(&value, Format::EpochSeconds), "1576540098.123");
        assert_eq!(from_epoch_f64(-1.5).unwrap(), at(-1, -500_000_000));
        assert_eq!(from_epoch_f64(1e9).unwrap(), at(1_000_000_000, 0));
        assert!(from_epoch_f64(f64::NAN).is_err());
        assert!(from_epoch_f64(f64::INFINITY).is_err());
        let error = from_epoch_f64(1e300).unwrap_err();
        assert_eq!(error.text(), format!("1{}...", "0".repeat(63)));
    }

    #[test]
    fn reads_epoch_seconds() {
        assert_eq!(parse("1576540098").unwrap(), at(T, 0));
        assert_eq!(parse(" 1576540098 \n").unwrap(), at(T, 0));
        assert_eq!(parse("+1576540098").unwrap(), at(T, 0));
        assert_eq!(parse("1576540098.5").unwrap(), at(T, 500_000_000));
        assert_eq!(parse("1576540098.").unwrap(), at(T, 0));
        assert_eq!(parse(".5").unwrap(), at(0, 500_000_000));
        assert_eq!(parse("-1.5").unwrap(), at(-1, -500_000_000));
        assert_eq!(parse("-0").unwrap(), at(0, 0));
        assert_eq!(parse("0000001.0000").unwrap(), at(1, 0));
        assert_eq!(parse("0.000000001").unwrap(), at(0, 1));
        // Digits past nanoseconds are dropped, not rounded.
        assert_eq!(parse("1.9999999999").unwrap(), at(1, 999_999_999));
        assert_eq!(parse("0.0000000009").unwrap(), at(0, 0));
        // Exponents, exactly.
        assert_eq!(parse("1.5e9").unwrap(), at(1_500_000_000, 0));
        assert_eq!(parse("1.576540098123E9").unwrap(), at(T, 123_000_000));
        assert_eq!(parse("15e-1").unwrap(), at(1, 500_000_000));
        assert_eq!(parse("0.015e2").unwrap(), at(1, 500_000_000));
        assert_eq!(parse("1e-9").unwrap(), at(0, 1));
        assert_eq!(parse("1e-10").unwrap(), at(0, 0));
        assert_eq!(parse("0e999999999999999999999").unwrap(), at(0, 0));
        // Out of range, or not numbers at all.
        for junk in ["1e20", "99999999999999999999999", "1e999999999999999999999", "-1e13", ".", "-", "1e", "1.2.3"] {
            assert!(parse(junk).is_err(), "{junk}");
        }
    }

    #[test]
    fn reads_date_times() {
        let value = at(T, 0);
        for text in [
            "2019-12-16T23:48:18Z",
            "2019-12-16t23:48:18z",
            "2019-12-16 23:48:18Z",
            "2019-12-17T00:48:18+01:00",
            "2019-12-17T00:48:18+0100",
            "2019-12-17T00:48:18+01",
            "2019-12-16T22:48:18-01:00",
            "  2019-12-16T23:48:18Z\t",
        ] {
            assert_eq!(parse(text).unwrap(), value, "{text}");
        }
        assert_eq!(parse("2019-12-16T23:48:18+0100").unwrap(), at(T - 3600, 0));
        assert_eq!(parse("2019-12-16T23:48:18.5Z").unwrap(), at(T, 500_000_000));
        assert_eq!(parse("2019-12-16T23:48:18.123456789123Z").unwrap(), at(T, 123_456_789));
        assert_eq!(parse("2019-12-16T23:48:18.999999999999+00:00").unwrap(), at(T, 999_999_999));
        assert_eq!(parse("2019-12-16T23:48:18,25Z").unwrap(), at(T, 250_000_000));
    }

    #[test]
    fn reads_http_dates() {
        let value = at(T, 0);
        for text in [
            "Mon, 16 Dec 2019 23:48:18 GMT",
            "Monday, 16-Dec-19 23:48:18 GMT",
            "Monday, 16-Dec-2019 23:48:18 GMT",
            "Mon Dec 16 23:48:18 2019",
            "Tue, 17 Dec 2019 00:48:18 +0100",
            "16 Dec 2019 23:48:18 GMT",
            " Mon, 16 Dec 2019 23:48:18 GMT ",
        ] {
            assert_eq!(parse(text).unwrap(), value, "{text}");
        }
        assert_eq!(parse("Fri Dec  6 23:48:18 2019").unwrap(), at(T - 10 * 86400, 0));
    }

    #[test]
    fn refuses_junk() {
        for junk in [
            "",
            "   ",
            "junk",
            "2019-12-16T23:48:18",
            "2019-12-16",
            "Mon, 16 Dec 2019 23:48:18",
            "Monday, 16-Dec-19 23:48:18 UTC",
            "2019-13-16T23:48:18Z",
            "1576540098 seconds",
            "NaN",
        ] {
            assert!(parse(junk).is_err(), "{junk}");
        }
        assert_eq!(
            parse(" junk ").unwrap_err().to_string(),
            r#"not a timestamp (epoch seconds, RFC 3339 or HTTP date): "junk""#
        );
        let long = "x".repeat(100);
        let error = parse(&long).unwrap_err();
        assert_eq!(error.text(), format!("{}...", "x".repeat(64)));
    }

    #[test]
    fn never_panics_on_pieces_of_timestamps() {
        let samples = [
            "2019-12-16T23:48:18.123456789123+01:00",
            "Mon, 16 Dec 2019 23:48:18 GMT",
            "Monday, 16-Dec-19 23:48:18 GMT",
            "Mon Dec 16 23:48:18 2019",
            "-1576540098.123e-3",
            "+0.5E+10",
        ];
        let replacements = ['0', '9', '.', ',', '-', '+', 'e', 'Z', ' ', 'T', ':', 'é', '%'];
        for sample in samples {
            for (at, _) in sample.char_indices() {
                let _ = parse(&sample[..at]);
                let _ = parse(&sample[at..]);
                for replacement in replacements {
                    let mut mutated = sample.to_owned();
                    let end = at + sample[at..].chars().next().map_or(0, char::len_utf8);
                    mutated.replace_range(at..end, &replacement.to_string());
                    if let Ok(value) = parse(&mutated) {
                        // Whatever reads, reads back the same in each format.
                        assert_eq!(parse(&format(&value, Format::EpochSeconds)), Ok(value), "{mutated}");
                        assert_eq!(parse(&format(&value, Format::DateTime)), Ok(value), "{mutated}");
                    }
                }
            }
        }
    }

    #[test]
    fn round_trips_every_format() {
        for value in
            [at(T, 0), at(T, 123_000_000), at(0, 0), at(-1, -250_000_000), at(253402207200, 0), at(-377705023201, 0)]
        {
            for format_ in [Format::EpochSeconds, Format::DateTime] {
                assert_eq!(parse(&format(&value, format_)).unwrap(), value, "{value} {format_:?}");
            }
            let second = at(value.as_second(), 0);
            assert_eq!(parse(&format(&second, Format::HttpDate)).unwrap(), second);
        }
    }
}
