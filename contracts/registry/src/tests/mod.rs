//! cw-multi-test suite of the registry: every message, unauthorized senders, bad inputs, events.

mod cw721_standard;
mod mint;
mod minters;
mod msgs;
mod royalty;
mod suite;
mod versions;
