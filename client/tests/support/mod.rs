//! What the client's tests and benchmarks that play a server on loopback share: reading a
//! request's head, and bytes made as they are read.
#![allow(dead_code)] // Each test uses part of it.

use std::io::{BufRead, Read};

/// The head of an HTTP/1.1 message: its lines, up to the empty one, without their line ends.
pub fn read_head(reader: &mut impl BufRead) -> Vec<String> {
    let mut head = Vec::new();
    loop {
        let mut line = String::new();
        reader.read_line(&mut line).expect("a line of the head");
        if line == "\r\n" || line.is_empty() {
            return head;
        }
        head.push(line.trim_end().to_owned());
    }
}

/// The value of the header `name` in `head`, in any case.
pub fn header<'h>(head: &'h [String], name: &str) -> Option<&'h str> {
    head.iter().find_map(|line| {
        let (key, value) = line.split_once(':')?;
        key.eq_ignore_ascii_case(name).then(|| value.trim())
    })
}

/// The length of a message's body, from its head's `Content-Length` (0 without one).
pub fn content_length(head: &[String]) -> u64 {
    header(head, "content-length").map_or(0, |length| length.parse().expect("a Content-Length"))
}

/// The period of [`Generated`]'s pattern: a prime, so that a chunk dropped or repeated (of any
/// power-of-two size) shifts everything after it.
const PERIOD: usize = 65_521;

/// `length` bytes made as they are read, none held: a pattern that a dropped or repeated
/// chunk breaks, copied from one table (so that making them costs a copy, not a computation
/// per byte).
pub struct Generated {
    at: u64,
    length: u64,
}

impl Generated {
    pub fn new(length: u64) -> Generated {
        Generated { at: 0, length }
    }
}

fn table() -> &'static [u8] {
    static TABLE: std::sync::OnceLock<Vec<u8>> = std::sync::OnceLock::new();
    TABLE.get_or_init(|| (0..PERIOD).map(|i| (i % 251) as u8 ^ (i >> 8) as u8).collect())
}

impl Read for Generated {
    fn read(&mut self, buffer: &mut [u8]) -> std::io::Result<usize> {
        let n = buffer.len().min(usize::try_from(self.length - self.at).unwrap_or(usize::MAX));
        let table = table();
        let mut filled = 0;
        while filled < n {
            let from = ((self.at + filled as u64) % PERIOD as u64) as usize;
            let take = (PERIOD - from).min(n - filled);
            buffer[filled..filled + take].copy_from_slice(&table[from..from + take]);
            filled += take;
        }
        self.at += n as u64;
        Ok(n)
    }
}
