//! cw-multi-test suite of the channels contract, against two test doubles (an access contract
//! answering `model` / `plan` and keeping gateway approvals at the published raw key, a shares
//! contract recording `distribute`) and real secp256k1 vouchers (`modelfund-vouchers`): every
//! message, unauthorized senders, bad inputs leaving state unchanged, events, the claim / close
//! boundary and the attacks of docs/channels.md.

mod attacks;
mod claim;
mod close;
mod doubles;
mod open;
mod queries;
mod suite;
