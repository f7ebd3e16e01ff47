//! cw-multi-test suite of the presale. A small stand-in answers for the shares contract
//! (`shares_double`); tests/integration runs the same flows against the real modelfund-shares.

mod allowlist;
mod config_check;
mod contribute;
mod settle;
mod shares_double;
mod suite;
mod withdraw;
