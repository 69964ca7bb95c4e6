//! Decimal text to epoch seconds and nanoseconds, exactly: the suites write timestamps as
//! numbers such as `946845296.123`, and going through `f64` arithmetic would turn `.123` into
//! `.122999999`. Shared by the build script and its tests.

/// The most significant digits a JSON number read as `f64` is known to keep: the shortest text
/// of the `f64` (what the model reader's number prints) is then the text the suite wrote. A
/// longer one is refused rather than guessed.
pub const EXACT_DIGITS: usize = 15;

/// `text` (a JSON number: sign, digits, optional fraction and exponent) as whole seconds and
/// nanoseconds of the same sign, as `jiff::Timestamp::new` takes them.
pub fn epoch(text: &str) -> Result<(i64, i32), String> {
    let fail = |why: &str| Err(format!("timestamp {text:?}: {why}"));
    let (negative, rest) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text),
    };
    let (mantissa, exponent) = match rest.find(['e', 'E']) {
        Some(at) => {
            let exp = &rest[at + 1..];
            let exp = exp.strip_prefix('+').unwrap_or(exp);
            match exp.parse::<i32>() {
                Ok(e) => (&rest[..at], e),
                Err(_) => return fail("the exponent is not a number"),
            }
        }
        None => (rest, 0),
    };
    let (whole, fraction) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    if whole.is_empty() || !whole.bytes().all(|b| b.is_ascii_digit()) || !fraction.bytes().all(|b| b.is_ascii_digit()) {
        return fail("not a decimal number");
    }
    // All digits, and where the decimal point falls among them.
    let digits: String = format!("{whole}{fraction}");
    let point = whole.len() as i64 + i64::from(exponent);
    let significant = digits.trim_start_matches('0').trim_end_matches('0').len();
    if significant > EXACT_DIGITS && fraction.bytes().any(|b| b != b'0') {
        return fail("more significant digits than a double keeps exactly");
    }
    let digit_at =
        |i: i64| -> u8 { if i < 0 || i >= digits.len() as i64 { 0 } else { digits.as_bytes()[i as usize] - b'0' } };
    // Seconds: the digits before the point.
    let mut seconds: i64 = 0;
    for i in 0..point.max(0) {
        let d = digit_at(i);
        seconds = match seconds.checked_mul(10).and_then(|s| s.checked_add(i64::from(d))) {
            Some(s) => s,
            None => return fail("out of range"),
        };
    }
    // Nanoseconds: nine digits after the point; anything further must be zero.
    let mut nanos: i32 = 0;
    for i in point..point + 9 {
        nanos = nanos * 10 + i32::from(digit_at(i));
    }
    if (point + 9..digits.len() as i64).any(|i| digit_at(i) != 0) {
        return fail("finer than a nanosecond");
    }
    if negative {
        seconds = -seconds;
        nanos = -nanos;
    }
    Ok((seconds, nanos))
}

#[cfg(test)]
mod tests {
    use super::epoch;

    #[test]
    fn whole_and_fractional_seconds() {
        assert_eq!(epoch("1576540098"), Ok((1576540098, 0)));
        assert_eq!(epoch("946845296.123"), Ok((946845296, 123_000_000)));
        assert_eq!(epoch("0.000000001"), Ok((0, 1)));
        assert_eq!(epoch("-1.5"), Ok((-1, -500_000_000)));
        assert_eq!(epoch("1.5e3"), Ok((1500, 0)));
        assert_eq!(epoch("1.576540098e9"), Ok((1576540098, 0)));
        assert_eq!(epoch("15e-1"), Ok((1, 500_000_000)));
        assert_eq!(epoch("0"), Ok((0, 0)));
    }

    #[test]
    fn what_cannot_be_exact_is_refused() {
        assert!(epoch("0.0000000001").is_err());
        assert!(epoch("1.2345678901234567").is_err());
        assert!(epoch("abc").is_err());
        assert!(epoch("1e30").is_err());
        assert!(epoch("").is_err());
    }
}
