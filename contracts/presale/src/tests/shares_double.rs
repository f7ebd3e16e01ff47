//! A small stand-in for the Modelfund shares contract, answering the part of its interface the
//! presale uses: the minter query, `mint`, `mint_escrowed`, `release_escrowed`, balances, the
//! escrow and the total supply. The real pair runs in tests/integration.

use cosmwasm_schema::cw_serde;
use cosmwasm_std::{
    to_json_binary, Addr, Binary, Deps, DepsMut, Empty, Env, MessageInfo, Response, StdError,
    StdResult, Uint128,
};
use cw20::{BalanceResponse, MinterResponse, TokenInfoResponse};
use cw_multi_test::{Contract, ContractWrapper};
use cw_storage_plus::{Item, Map};
use modelfund::shares::{EscrowResponse, ExecuteMsg, QueryMsg};

#[cw_serde]
pub struct InstantiateMsg {
    pub minter: String,
}

const MINTER: Item<Addr> = Item::new("minter");
const SUPPLY: Item<Uint128> = Item::new("supply");
const ESCROW: Item<Uint128> = Item::new("escrow");
const BALANCES: Map<&Addr, Uint128> = Map::new("balances");
/// `mint_vesting` grants as received: recipient -> schedule.
const VESTED: Map<&Addr, modelfund::shares::VestingSchedule> = Map::new("vested");

fn instantiate(deps: DepsMut, _: Env, _: MessageInfo, msg: InstantiateMsg) -> StdResult<Response> {
    MINTER.save(deps.storage, &deps.api.addr_validate(&msg.minter)?)?;
    SUPPLY.save(deps.storage, &Uint128::zero())?;
    Ok(Response::new())
}

fn credit(deps: &mut DepsMut, to: &str, amount: Uint128) -> StdResult<()> {
    let to = deps.api.addr_validate(to)?;
    let balance = BALANCES.may_load(deps.storage, &to)?.unwrap_or_default();
    BALANCES.save(deps.storage, &to, &(balance + amount))
}

fn execute(mut deps: DepsMut, env: Env, info: MessageInfo, msg: ExecuteMsg) -> StdResult<Response> {
    if info.sender != MINTER.load(deps.storage)? {
        return Err(StdError::generic_err("unauthorized"));
    }
    let supply = SUPPLY.load(deps.storage)?;
    match msg {
        ExecuteMsg::Mint { recipient, amount } => {
            credit(&mut deps, &recipient, amount)?;
            SUPPLY.save(deps.storage, &(supply + amount))?;
        }
        ExecuteMsg::MintVesting {
            recipient,
            amount,
            cliff_seconds,
            duration_seconds,
        } => {
            credit(&mut deps, &recipient, amount)?;
            SUPPLY.save(deps.storage, &(supply + amount))?;
            let start = env.block.time;
            let schedule = modelfund::shares::VestingSchedule {
                total: amount,
                start,
                cliff: start.plus_seconds(cliff_seconds),
                end: start.plus_seconds(duration_seconds),
            };
            VESTED.save(
                deps.storage,
                &deps.api.addr_validate(&recipient)?,
                &schedule,
            )?;
        }
        ExecuteMsg::MintEscrowed { amount } => {
            if ESCROW.exists(deps.storage) {
                return Err(StdError::generic_err("escrow exists"));
            }
            ESCROW.save(deps.storage, &amount)?;
            SUPPLY.save(deps.storage, &(supply + amount))?;
        }
        ExecuteMsg::ReleaseEscrowed { recipient, amount } => {
            let left = ESCROW.load(deps.storage)?.checked_sub(amount)?;
            ESCROW.save(deps.storage, &left)?;
            credit(&mut deps, &recipient, amount)?;
        }
        ExecuteMsg::UpdateMinter { new_minter } => {
            let minter = new_minter.ok_or_else(|| StdError::generic_err("no minter"))?;
            MINTER.save(deps.storage, &deps.api.addr_validate(&minter)?)?;
        }
        // named, so a new shares message must be placed here (the presale sends the five above)
        other @ (ExecuteMsg::Transfer { .. }
        | ExecuteMsg::Burn { .. }
        | ExecuteMsg::Delegate { .. }
        | ExecuteMsg::Send { .. }
        | ExecuteMsg::IncreaseAllowance { .. }
        | ExecuteMsg::DecreaseAllowance { .. }
        | ExecuteMsg::TransferFrom { .. }
        | ExecuteMsg::SendFrom { .. }
        | ExecuteMsg::BurnFrom { .. }
        | ExecuteMsg::UpdateMarketing { .. }
        | ExecuteMsg::UploadLogo(_)
        | ExecuteMsg::Distribute {}
        | ExecuteMsg::Sweep { .. }
        | ExecuteMsg::ClaimRevenue { .. }
        | ExecuteMsg::SetSplits { .. }
        | ExecuteMsg::SetRevenueDenoms { .. }
        | ExecuteMsg::UpdateRevenueAdmin { .. }) => {
            return Err(StdError::generic_err(format!(
                "not in the double: {other:?}"
            )))
        }
    }
    Ok(Response::new())
}

fn query(deps: Deps, env: Env, msg: QueryMsg) -> StdResult<Binary> {
    match msg {
        QueryMsg::Minter {} => to_json_binary(&Some(MinterResponse {
            minter: MINTER.load(deps.storage)?.into_string(),
            cap: None,
        })),
        QueryMsg::Balance { address } => to_json_binary(&BalanceResponse {
            balance: BALANCES
                .may_load(deps.storage, &deps.api.addr_validate(&address)?)?
                .unwrap_or_default(),
        }),
        QueryMsg::TokenInfo {} => to_json_binary(&TokenInfoResponse {
            name: "Tiny LLM shares".into(),
            symbol: "TINY".into(),
            decimals: 6,
            total_supply: SUPPLY.load(deps.storage)?,
        }),
        QueryMsg::Vesting { address } => to_json_binary(
            &VESTED
                .may_load(deps.storage, &deps.api.addr_validate(&address)?)?
                .map(|schedule| modelfund::shares::VestingResponse {
                    locked: schedule.locked(env.block.time),
                    schedule,
                }),
        ),
        QueryMsg::Escrow {} => to_json_binary(&EscrowResponse {
            amount: ESCROW.may_load(deps.storage)?.unwrap_or_default(),
            since_height: None,
            revenue: vec![],
        }),
        // named, so a new shares query must be placed here (the presale reads the five above)
        other @ (QueryMsg::Allowance { .. }
        | QueryMsg::AllAllowances { .. }
        | QueryMsg::AllSpenderAllowances { .. }
        | QueryMsg::AllAccounts { .. }
        | QueryMsg::MarketingInfo {}
        | QueryMsg::DownloadLogo {}
        | QueryMsg::BalanceAtHeight { .. }
        | QueryMsg::TotalSupplyAtHeight { .. }
        | QueryMsg::VotingPowerAtHeight { .. }
        | QueryMsg::TotalPowerAtHeight { .. }
        | QueryMsg::ClaimableRevenue { .. }
        | QueryMsg::RevenueConfig {}
        | QueryMsg::Delegation { .. }
        | QueryMsg::Delegators { .. }
        | QueryMsg::Dao {}
        | QueryMsg::Info {}) => Err(StdError::generic_err(format!(
            "not in the double: {other:?}"
        ))),
    }
}

pub fn shares_double() -> Box<dyn Contract<Empty>> {
    Box::new(ContractWrapper::new(execute, instantiate, query))
}
