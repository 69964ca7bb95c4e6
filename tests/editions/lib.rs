//! Generated code in a crate on an older edition: the test models of every protocol, made by
//! this crate's build script and included as modules, as a user's crate includes them. The
//! crate compiles with warnings denied, so that an edition's lint fails it too.

#![deny(warnings)]

macro_rules! generated {
    ($($module:ident),* $(,)?) => {
        $(
            pub mod $module {
                include!(concat!(env!("OUT_DIR"), "/", stringify!($module), ".rs"));
            }
        )*
    };
}

generated!(
    features,
    features_borrowed,
    obstacle_course,
    obstacle_course_borrowed,
    smithy_features,
    rest_xml,
    rpc_v2_cbor,
    rpc_v2_cbor_borrowed,
    query,
    query_borrowed,
    ec2,
);
