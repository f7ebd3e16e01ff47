//! cw-multi-test suite of the access contract, against two test doubles (a registry answering
//! cw721 `owner_of`, a shares contract recording `distribute`): every message, unauthorized
//! senders, bad inputs leaving state unchanged, events, and the never-keeps-funds rule.

mod admin;
mod batch;
mod buy;
mod consume;
mod doubles;
mod gateways;
mod lease_index;
mod licenses;
mod metered;
mod metering;
mod plans;
mod presale;
mod register;
mod suite;
