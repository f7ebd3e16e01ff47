//! cw-multi-test suite of the launchpad. The per-model contracts are small stand-ins stored as
//! real codes in the App (so instantiate2 runs for real) that record the messages they get;
//! the registry and access stand-ins record mints and registrations and enforce the minter /
//! registrar roles. tests/integration/tests/lifecycle.rs runs a launch with the real contracts.

mod bounds;
mod config;
mod launch;
mod queries;
mod reservations;
mod steps;
mod suite;
