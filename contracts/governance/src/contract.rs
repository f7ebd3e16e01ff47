#[cfg(not(feature = "library"))]
use cosmwasm_std::entry_point;
use cosmwasm_std::to_json_binary;
use cosmwasm_std::{Binary, Deps, DepsMut, Env, MessageInfo, Reply, Response, SubMsgResult};

use crate::error::ContractError;
use crate::execution::{REPLY_EXECUTE, REPLY_EXECUTE_ONE, REPLY_PROBE, REPLY_PROBE_RUN};
use crate::msg::{ExecuteMsg, InstantiateMsg, MigrateMsg, QueryMsg};
use crate::state::{CONFIG, PROPOSAL_COUNT};
use crate::{execute, execution, exit, query, validate};

pub const CONTRACT_NAME: &str = "crates.io:modelfund-governance";
pub const CONTRACT_VERSION: &str = env!("CARGO_PKG_VERSION");

#[cfg_attr(not(feature = "library"), entry_point)]
pub fn instantiate(
    deps: DepsMut,
    _env: Env,
    info: MessageInfo,
    msg: InstantiateMsg,
) -> Result<Response, ContractError> {
    modelfund::validate::no_funds(&info)?;
    let config = validate::validated_config(deps.api, msg)?;
    CONFIG.save(deps.storage, &config)?;
    PROPOSAL_COUNT.save(deps.storage, &0)?;
    cw2::set_contract_version(deps.storage, CONTRACT_NAME, CONTRACT_VERSION)?;
    let p = &config.params;
    Ok(Response::new()
        .add_attribute("action", "instantiate")
        .add_attribute("contract", CONTRACT_NAME)
        .add_attribute("shares", config.shares)
        .add_attribute("quorum", p.quorum.to_string())
        .add_attribute("threshold", p.threshold.to_string())
        .add_attribute("voting_period_seconds", p.voting_period_seconds.to_string())
        .add_attribute("timelock_seconds", p.timelock_seconds.to_string())
        .add_attribute(
            "execution_window_seconds",
            p.execution_window_seconds.to_string(),
        ))
}

#[cfg_attr(not(feature = "library"), entry_point)]
pub fn execute(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    msg: ExecuteMsg,
) -> Result<Response, ContractError> {
    modelfund::validate::refuse_funds(&msg, &info)?;
    match msg {
        ExecuteMsg::Propose {
            title,
            description,
            actions,
        } => execute::propose(deps, env, info, title, description, actions),
        ExecuteMsg::Vote { proposal_id, vote } => execute::vote(deps, env, info, proposal_id, vote),
        ExecuteMsg::Execute { proposal_id } => {
            execution::execute_proposal(deps, env, info, proposal_id)
        }
        ExecuteMsg::Close { proposal_id } => execute::close(deps, env, info, proposal_id),
        ExecuteMsg::Cancel { proposal_id } => execute::cancel(deps, env, info, proposal_id),
        ExecuteMsg::UpdateConfig { params } => execute::update_config(deps, env, info, params),
        ExecuteMsg::Reclaim { denoms } => execute::reclaim(deps, env, denoms),
        ExecuteMsg::ExecuteActions { proposal_id, upto } => {
            execution::execute_actions(deps, env, info, proposal_id, upto)
        }
        ExecuteMsg::ProbeActions { proposal_id, upto } => {
            execution::probe_actions(deps, env, info, proposal_id, upto)
        }
        ExecuteMsg::CheckDeposits {} => execution::check_deposits(deps, env, info),
        ExecuteMsg::Veto { proposal_id } => execute::veto(deps, env, info, proposal_id),
        ExecuteMsg::Receive(wrapper) => exit::receive(deps, env, info, wrapper),
    }
}

/// A failed `execute_actions` comes back here: the failing action is found and the proposal
/// marked `execution_failed` (none of its actions applied) instead of failing the whole
/// `execute` forever.
#[cfg_attr(not(feature = "library"), entry_point)]
pub fn reply(deps: DepsMut, env: Env, msg: Reply) -> Result<Response, ContractError> {
    let Reply {
        id,
        payload,
        result,
        ..
    } = msg;
    match (id, result) {
        (REPLY_EXECUTE, SubMsgResult::Err(error)) => {
            execution::start_search(deps, env, &payload, error)
        }
        (REPLY_EXECUTE, SubMsgResult::Ok(_)) => Ok(Response::new()),
        (REPLY_EXECUTE_ONE, SubMsgResult::Err(error)) => {
            execution::action_failed(deps, &payload, error)
        }
        (REPLY_EXECUTE_ONE, SubMsgResult::Ok(_)) => Ok(Response::new()),
        // a dry run succeeds exactly when its prefix of the steps failed
        (REPLY_PROBE, result) => execution::probe_answered(deps, env, &payload, result.is_ok()),
        // inside the dry run: its failure is the answer, its success is reverted
        (REPLY_PROBE_RUN, SubMsgResult::Err(_)) => Ok(Response::new()),
        (REPLY_PROBE_RUN, SubMsgResult::Ok(_)) => Err(ContractError::ProbePassed {}),
        (id, _) => Err(ContractError::UnknownReply { id }),
    }
}

#[cfg_attr(not(feature = "library"), entry_point)]
pub fn query(deps: Deps, env: Env, msg: QueryMsg) -> Result<Binary, ContractError> {
    Ok(match msg {
        QueryMsg::Config {} => to_json_binary(&query::query_config(deps)?)?,
        QueryMsg::Proposal { proposal_id } => {
            to_json_binary(&query::query_proposal(deps, &env, proposal_id)?)?
        }
        QueryMsg::Proposals {
            start_after,
            limit,
            descending,
        } => to_json_binary(&query::query_proposals(
            deps,
            &env,
            start_after,
            limit,
            descending,
        )?)?,
        QueryMsg::Vote { proposal_id, voter } => {
            to_json_binary(&query::query_vote(deps, proposal_id, voter)?)?
        }
        QueryMsg::Votes {
            proposal_id,
            start_after,
            limit,
        } => to_json_binary(&query::query_votes(deps, proposal_id, start_after, limit)?)?,
        QueryMsg::ProposalCount {} => to_json_binary(&PROPOSAL_COUNT.load(deps.storage)?)?,
        QueryMsg::Treasury {} => to_json_binary(&query::query_treasury(deps, &env)?)?,
        QueryMsg::ProposalsWithBallot {
            voter,
            start_after,
            limit,
            descending,
        } => to_json_binary(&query::query_proposals_with_ballot(
            deps,
            &env,
            voter,
            start_after,
            limit,
            descending,
        )?)?,
        QueryMsg::ExitQuote {
            proposal_id,
            holder,
            shares,
            denoms,
        } => to_json_binary(&exit::query_exit_quote(
            deps,
            &env,
            proposal_id,
            holder,
            shares,
            denoms,
        )?)?,
    })
}

#[cfg_attr(not(feature = "library"), entry_point)]
pub fn migrate(deps: DepsMut, _env: Env, msg: MigrateMsg) -> Result<Response, ContractError> {
    match msg {
        MigrateMsg::Migrate {} => Ok(modelfund::migrate::migrate_same_contract(
            deps.storage,
            CONTRACT_NAME,
            CONTRACT_VERSION,
        )?),
    }
}
