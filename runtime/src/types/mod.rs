//! What generated types share: the readers and writers of structures' members
//! ([`members`](crate::members), [`write`](crate::write)), the impls of enums
//! ([`enums`](crate::enums)), the serde adapters of strings, floats and timestamps
//! ([`adapters`](crate::adapters)), and timestamps in each modeled format
//! ([`time`](crate::time)). Whatever the protocol, a value reads and writes through these.

pub mod adapters;
pub mod enums;
pub mod members;
pub mod time;
pub mod write;
