//! cw-multi-test suite of the shares token: every message, unauthorized senders, bad inputs,
//! events, allowance expiry, height snapshots, pagination and migration.

mod allowances;
mod checkpoints;
mod dao_voting;
mod delegation;
mod escrow;
mod instantiate;
mod marketing;
mod mint;
mod move_balance;
mod msgs;
mod revenue;
mod snapshots;
mod suite;
mod transfer;
mod vesting;
