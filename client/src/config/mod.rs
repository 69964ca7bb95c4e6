//! The configuration a program finds where the AWS CLI finds it: the environment, and AWS's
//! shared `config` and `credentials` files ([`files`]), read into each setting with the
//! environment first ([`settings`]).

pub mod files;
pub mod settings;
