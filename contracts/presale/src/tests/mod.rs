//! cw-multi-test suite of the presale. A standard cw20-base stands in for the shares contract;
//! tests/integration runs the same flows against the real modelfund-shares.

mod contribute;
mod settle;
mod suite;
