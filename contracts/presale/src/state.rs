use cosmwasm_schema::cw_serde;
use cosmwasm_std::{Addr, Uint128};
use cw_storage_plus::{Item, Map};

/// The presale's configuration, stored in the shape the `config` query answers.
pub type Config = modelfund::presale::ConfigResponse;

/// The recorded outcome; `Active` covers upcoming, open and ended-but-not-finalized.
#[cw_serde]
#[derive(Copy)]
pub enum Status {
    Active,
    Succeeded,
    Failed,
    Cancelled,
}

#[cw_serde]
pub struct State {
    pub status: Status,
    pub raised: Uint128,
    pub backers: u64,
    /// Sum over backers of floor(contribution / price): what `finalize` mints into escrow.
    #[serde(default)]
    pub shares_sold: Uint128,
    pub shares_claimed: Uint128,
    pub refunded: Uint128,
    /// Coins returned through `withdraw` (already taken off `raised`); a presale stored before
    /// withdrawals existed has returned none.
    #[serde(default)]
    pub withdrawn: Uint128,
    /// Set once the shares contract confirmed this presale as its minter. Only the minter can
    /// hand the role on, and the presale never does, so one confirmation is enough.
    pub minter_confirmed: bool,
}

#[cw_serde]
#[derive(Default)]
pub struct Contribution {
    pub amount: Uint128,
    pub claimed: bool,
    pub refunded: bool,
}

pub const CONFIG: Item<Config> = Item::new("config");
pub const STATE: Item<State> = Item::new("state");
/// One record per backer holding a contribution; a backer that withdraws everything is removed
/// (and no longer counted in `State::backers`).
pub const CONTRIBUTIONS: Map<&Addr, Contribution> = Map::new("contributions");
