//! cw-multi-test suite of the governance contract. Voting power comes from a stand-in that
//! writes the shares contract's published checkpoint layout (tests/integration runs the same
//! flows against the real shares and registry contracts).

mod bounds;
mod deposits;
mod execution;
mod exit;
mod lifecycle;
mod outcomes;
mod propose;
mod reclaim;
mod suite;
mod veto;
mod vote;
