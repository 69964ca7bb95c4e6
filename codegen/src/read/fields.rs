//! Typed access to the keys of a JSON object, with errors that name the place.

use crate::error::{ModelError, Warning};
use crate::json::{Json, Pointer, quote_for_message};

/// The keys of one JSON object in a model, at a known place.
pub(crate) struct Fields<'a> {
    at: Pointer,
    entries: &'a [(String, Json)],
}

impl<'a> Fields<'a> {
    /// `value` as an object; an error naming `what` is expected if it is not one, or if it
    /// repeats a key.
    pub fn of(value: &'a Json, at: &Pointer, what: &str) -> Result<Self, ModelError> {
        let Json::Object(entries) = value else {
            return Err(ModelError::new(at, format!("expected {what} (an object), found {}", value.type_name())));
        };
        let mut seen = std::collections::HashSet::with_capacity(entries.len());
        for (key, _) in entries {
            if !seen.insert(key.as_str()) {
                return Err(ModelError::new(&at.key(key), format!("duplicate key {}", quote_for_message(key))));
            }
        }
        Ok(Fields { at: at.clone(), entries })
    }

    /// The place of this object.
    pub fn at(&self) -> &Pointer {
        &self.at
    }

    /// The place of `key` in this object.
    pub fn ptr(&self, key: &str) -> Pointer {
        self.at.key(key)
    }

    /// The entries, in file order.
    pub fn entries(&self) -> &'a [(String, Json)] {
        self.entries
    }

    /// The raw value of `key`.
    pub fn get(&self, key: &str) -> Option<&'a Json> {
        self.entries.iter().find(|(k, _)| k == key).map(|(_, v)| v)
    }

    fn wrong(&self, key: &str, expected: &str, found: &Json) -> ModelError {
        ModelError::new(&self.ptr(key), format!("expected {expected}, found {}", found.type_name()))
    }

    /// `key` as a string, if present.
    pub fn str(&self, key: &str) -> Result<Option<&'a str>, ModelError> {
        match self.get(key) {
            None => Ok(None),
            Some(Json::String(s)) => Ok(Some(s)),
            Some(other) => Err(self.wrong(key, "a string", other)),
        }
    }

    /// `key` as an owned string, if present.
    pub fn string(&self, key: &str) -> Result<Option<String>, ModelError> {
        Ok(self.str(key)?.map(str::to_owned))
    }

    /// `key` as a string that must be present.
    pub fn required_str(&self, key: &str, what: &str) -> Result<&'a str, ModelError> {
        self.str(key)?.ok_or_else(|| ModelError::new(&self.at, format!("{what} has no {}", quote_for_message(key))))
    }

    /// `key` as a boolean; absent is false.
    pub fn bool(&self, key: &str) -> Result<bool, ModelError> {
        match self.get(key) {
            None => Ok(false),
            Some(Json::Bool(b)) => Ok(*b),
            Some(other) => Err(self.wrong(key, "true or false", other)),
        }
    }

    /// `key` as a number, if present.
    pub fn number(&self, key: &str) -> Result<Option<f64>, ModelError> {
        match self.get(key) {
            None => Ok(None),
            Some(Json::Number(n)) => {
                n.as_f64().map(Some).ok_or_else(|| ModelError::new(&self.ptr(key), "number out of range"))
            }
            Some(other) => Err(self.wrong(key, "a number", other)),
        }
    }

    /// `key` as an integer in `u16`, if present.
    pub fn u16(&self, key: &str) -> Result<Option<u16>, ModelError> {
        match self.get(key) {
            None => Ok(None),
            Some(Json::Number(n)) => n.as_u64().and_then(|n| u16::try_from(n).ok()).map(Some).ok_or_else(|| {
                ModelError::new(&self.ptr(key), format!("expected an integer from 0 to 65535, found {n}"))
            }),
            Some(other) => Err(self.wrong(key, "an integer", other)),
        }
    }

    /// `key` as an object, if present.
    pub fn object(&self, key: &str, what: &str) -> Result<Option<Fields<'a>>, ModelError> {
        match self.get(key) {
            None => Ok(None),
            Some(value) => Fields::of(value, &self.ptr(key), what).map(Some),
        }
    }

    /// `key` as an array, if present.
    pub fn array(&self, key: &str) -> Result<Option<&'a [Json]>, ModelError> {
        match self.get(key) {
            None => Ok(None),
            Some(Json::Array(items)) => Ok(Some(items)),
            Some(other) => Err(self.wrong(key, "an array", other)),
        }
    }

    /// `key` as an array of strings, if present.
    pub fn strings(&self, key: &str) -> Result<Option<Vec<&'a str>>, ModelError> {
        let Some(items) = self.array(key)? else { return Ok(None) };
        items
            .iter()
            .enumerate()
            .map(|(i, item)| {
                item.as_str().ok_or_else(|| {
                    ModelError::new(&self.ptr(key).index(i), format!("expected a string, found {}", item.type_name()))
                })
            })
            .collect::<Result<Vec<_>, _>>()
            .map(Some)
    }

    /// Reports every key not in `known` as a warning.
    pub fn warn_unknown(&self, known: &[&str], what: &str, warnings: &mut Vec<Warning>) {
        for (key, _) in self.entries {
            if !known.contains(&key.as_str()) {
                warnings.push(Warning {
                    pointer: self.ptr(key),
                    message: format!("unknown {what} key {}, read past", quote_for_message(key)),
                    operation: None,
                });
            }
        }
    }
}
