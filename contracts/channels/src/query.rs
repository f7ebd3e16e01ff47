//! Query handlers; every list is paginated.

use cosmwasm_std::{to_json_binary, Addr, Binary, Deps, Env, Uint128};
use cw_storage_plus::Map;
use modelfund::channels::{
    voucher_digest, voucher_message, ChannelResponse, ChannelStatus, ChannelsResponse,
    ConfigResponse, VoucherMessageResponse,
};
use modelfund::paging::PAGE;

use crate::error::ContractError;
use crate::execute::{claim_deadline, load_channel};
use crate::msg::QueryMsg;
use crate::state::{Channel, BY_GATEWAY, BY_USER, CHANNEL_COUNT, CLAIMED, CONFIG};

fn channel_response(
    deps: Deps,
    env: &Env,
    grace: u64,
    channel_id: u64,
    channel: Channel,
) -> Result<ChannelResponse, ContractError> {
    let deadline = claim_deadline(&channel, grace)?;
    let now = env.block.time;
    let status = if channel.closed_at.is_some() {
        ChannelStatus::Closed
    } else if now < channel.expires_at {
        ChannelStatus::Open
    } else if now < deadline {
        ChannelStatus::Grace
    } else {
        ChannelStatus::Closable
    };
    let claimed: Uint128 = CLAIMED
        .may_load(deps.storage, channel_id)?
        .unwrap_or_default();
    Ok(ChannelResponse {
        channel_id,
        user: channel.user,
        gateway: channel.gateway,
        model_id: channel.model_id,
        plan_id: channel.plan_id,
        voucher_key: channel.voucher_key,
        terms: channel.terms,
        deposit: channel.deposit,
        claimed,
        opened_at: channel.opened_at,
        expires_at: channel.expires_at,
        claim_deadline: deadline,
        status,
        closed_at: channel.closed_at,
        refunded: channel.refunded,
    })
}

/// One page of an index `(owner, channel id) -> ()`, with each channel loaded.
fn list(
    deps: Deps,
    env: &Env,
    index: &Map<(&Addr, u64), cosmwasm_std::Empty>,
    owner: &Addr,
    start_after: Option<u64>,
    limit: Option<u32>,
) -> Result<ChannelsResponse, ContractError> {
    let grace = CONFIG.load(deps.storage)?.grace_period_seconds;
    let ids = index.prefix(owner);
    let page = PAGE.after(start_after, limit);
    let ids = page.list(&ids, deps.storage, |(id, _)| Ok(id))?;
    let channels = ids
        .into_iter()
        .map(|id| {
            let channel = load_channel(deps.storage, id)?;
            channel_response(deps, env, grace, id, channel)
        })
        .collect::<Result<Vec<_>, _>>()?;
    Ok(ChannelsResponse { channels })
}

pub fn query(deps: Deps, env: Env, msg: QueryMsg) -> Result<Binary, ContractError> {
    let bin = match msg {
        QueryMsg::Config {} => {
            let config = CONFIG.load(deps.storage)?;
            to_json_binary(&ConfigResponse {
                access: config.access,
                grace_period_seconds: config.grace_period_seconds,
                max_claims_per_tx: config.max_claims_per_tx,
                channels_opened: CHANNEL_COUNT.load(deps.storage)?,
            })?
        }
        QueryMsg::Channel { channel_id } => {
            let grace = CONFIG.load(deps.storage)?.grace_period_seconds;
            let channel = load_channel(deps.storage, channel_id)?;
            to_json_binary(&channel_response(deps, &env, grace, channel_id, channel)?)?
        }
        QueryMsg::ChannelsByUser {
            user,
            start_after,
            limit,
        } => {
            let user = deps.api.addr_validate(&user)?;
            to_json_binary(&list(deps, &env, &BY_USER, &user, start_after, limit)?)?
        }
        QueryMsg::ChannelsByGateway {
            gateway,
            start_after,
            limit,
        } => {
            let gateway = deps.api.addr_validate(&gateway)?;
            to_json_binary(&list(
                deps,
                &env,
                &BY_GATEWAY,
                &gateway,
                start_after,
                limit,
            )?)?
        }
        QueryMsg::VoucherMessage { channel_id, amount } => {
            let (chain, contract) = (env.block.chain_id.as_str(), env.contract.address.as_str());
            to_json_binary(&VoucherMessageResponse {
                message: voucher_message(chain, contract, channel_id, amount).into(),
                digest: voucher_digest(chain, contract, channel_id, amount)
                    .to_vec()
                    .into(),
            })?
        }
    };
    Ok(bin)
}
