//! Execute handlers. Each checks authorization and every input first and writes only when all
//! checks have passed, so a rejected message changes nothing (a failed `claim` reverts as a
//! whole: no voucher of the batch is settled).

use cosmwasm_std::{
    to_json_binary, Addr, BankMsg, Binary, Coin, Deps, DepsMut, Empty, Env, MessageInfo, Response,
    Storage, Timestamp, Uint128, WasmMsg,
};
use modelfund::access::{ModelResponse, Plan, PlanKind, SalesStatus, MAX_PLAN_ID_LEN};
use modelfund::channels::{
    voucher_digest, ChannelTerms, Voucher, MAX_CHANNEL_SECONDS, SIGNATURE_LEN, VOUCHER_KEY_LEN,
};
use modelfund::validate::{self, MAX_ID_LEN};

use crate::error::ContractError;
use crate::msg::SharesMsg;
use crate::state::{
    Channel, Config, BY_GATEWAY, BY_USER, CHANNELS, CHANNEL_COUNT, CLAIMED, CONFIG,
};

const NANOS_PER_SECOND: u64 = 1_000_000_000;

fn overflow(what: &str) -> ContractError {
    ContractError::Overflow {
        what: what.to_string(),
    }
}

/// `time + seconds`, checked.
fn plus_seconds(time: Timestamp, seconds: u64) -> Result<Timestamp, ContractError> {
    seconds
        .checked_mul(NANOS_PER_SECOND)
        .and_then(|d| time.nanos().checked_add(d))
        .map(Timestamp::from_nanos)
        .ok_or_else(|| overflow("time"))
}

/// Claims are accepted strictly before this time, closes from it on.
pub fn claim_deadline(channel: &Channel, grace_seconds: u64) -> Result<Timestamp, ContractError> {
    plus_seconds(channel.expires_at, grace_seconds)
}

pub fn load_channel(storage: &dyn Storage, channel_id: u64) -> Result<Channel, ContractError> {
    CHANNELS
        .may_load(storage, channel_id)?
        .ok_or(ContractError::ChannelNotFound { channel_id })
}

fn load_user_channel(
    storage: &dyn Storage,
    channel_id: u64,
    sender: &Addr,
) -> Result<Channel, ContractError> {
    let channel = load_channel(storage, channel_id)?;
    if channel.user != *sender {
        return Err(ContractError::NotChannelUser { channel_id });
    }
    if channel.closed_at.is_some() {
        return Err(ContractError::ChannelClosed { channel_id });
    }
    Ok(channel)
}

/// Whether access lists `gateway` as approved for `model_id`: one raw read of the published key
/// (`modelfund::access::raw`), about a thousand gas instead of a smart query's ~65k.
fn gateway_approved(
    deps: Deps,
    access: &Addr,
    model_id: &str,
    gateway: &Addr,
) -> Result<bool, ContractError> {
    let key = modelfund::access::raw::gateway_key(model_id, gateway);
    Ok(deps.querier.query_wasm_raw(access, key)?.is_some())
}

fn ensure_gateway(
    deps: Deps,
    access: &Addr,
    model_id: &str,
    gateway: &Addr,
) -> Result<(), ContractError> {
    if !gateway_approved(deps, access, model_id, gateway)? {
        return Err(ContractError::GatewayNotApproved {
            model_id: model_id.to_string(),
            gateway: gateway.to_string(),
        });
    }
    Ok(())
}

fn query_plan(
    deps: Deps,
    access: &Addr,
    model_id: &str,
    plan_id: &str,
) -> Result<Plan, ContractError> {
    deps.querier
        .query_wasm_smart(
            access,
            &modelfund::access::QueryMsg::Plan {
                model_id: model_id.to_string(),
                plan_id: plan_id.to_string(),
            },
        )
        .map_err(|_| ContractError::PlanNotFound {
            model_id: model_id.to_string(),
            plan_id: plan_id.to_string(),
        })
}

/// A top-up or an extension buys more of the copied terms: only while the plan still stands
/// exactly as copied (not retired, same price, same unit). One smart query.
fn ensure_plan_stands(deps: Deps, access: &Addr, channel: &Channel) -> Result<(), ContractError> {
    let plan = query_plan(deps, access, &channel.model_id, &channel.plan_id)?;
    if plan.retired {
        return Err(ContractError::PlanRetired {
            plan_id: channel.plan_id.clone(),
        });
    }
    let unchanged = plan.price == channel.terms.price
        && plan.kind
            == (PlanKind::Metered {
                unit: channel.terms.unit,
            });
    if !unchanged {
        return Err(ContractError::PlanChanged {
            plan_id: channel.plan_id.clone(),
        });
    }
    Ok(())
}

/// `expires_at` must lie after the current block and at most `MAX_CHANNEL_SECONDS` ahead.
fn validate_expiry(env: &Env, expires_at: Timestamp) -> Result<(), ContractError> {
    if expires_at <= env.block.time {
        return Err(ContractError::InvalidExpiry {
            reason: "must be later than the current block time".into(),
        });
    }
    if expires_at > plus_seconds(env.block.time, MAX_CHANNEL_SECONDS)? {
        return Err(ContractError::InvalidExpiry {
            reason: format!("at most {MAX_CHANNEL_SECONDS} seconds ahead"),
        });
    }
    Ok(())
}

/// A compressed secp256k1 public key: 33 bytes, starting with 0x02 or 0x03.
fn validate_voucher_key(key: &Binary) -> Result<(), ContractError> {
    if key.len() != VOUCHER_KEY_LEN {
        return Err(ContractError::InvalidVoucherKey {
            reason: format!(
                "must be a {VOUCHER_KEY_LEN}-byte compressed secp256k1 key (got {} bytes)",
                key.len()
            ),
        });
    }
    if !matches!(key.first(), Some(0x02 | 0x03)) {
        return Err(ContractError::InvalidVoucherKey {
            reason: "a compressed key starts with 0x02 or 0x03".into(),
        });
    }
    Ok(())
}

/// The attached deposit: exactly one non-zero coin of `denom`.
fn deposit_amount(info: &MessageInfo, denom: &str) -> Result<Uint128, ContractError> {
    match info.funds.as_slice() {
        [coin] if coin.denom == denom && !coin.amount.is_zero() => Ok(coin.amount),
        funds => Err(ContractError::WrongDeposit {
            denom: denom.to_string(),
            received: modelfund::display::coins(funds, "nothing"),
        }),
    }
}

#[allow(clippy::too_many_arguments)]
pub fn open(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    model_id: String,
    plan_id: String,
    gateway: String,
    voucher_key: Binary,
    expires_at: Timestamp,
) -> Result<Response, ContractError> {
    let config = CONFIG.load(deps.storage)?;
    validate::identifier("model_id", &model_id, MAX_ID_LEN)?;
    validate::identifier("plan_id", &plan_id, MAX_PLAN_ID_LEN)?;
    let gateway = deps.api.addr_validate(&gateway)?;
    validate_voucher_key(&voucher_key)?;
    validate_expiry(&env, expires_at)?;

    let model: ModelResponse = deps
        .querier
        .query_wasm_smart(
            &config.access,
            &modelfund::access::QueryMsg::Model {
                model_id: model_id.clone(),
            },
        )
        .map_err(|_| ContractError::ModelNotRegistered {
            model_id: model_id.clone(),
        })?;
    match model.sales {
        SalesStatus::Open => {}
        SalesStatus::AwaitingPresale => return Err(ContractError::SalesNotOpen { model_id }),
        SalesStatus::Closed => return Err(ContractError::SalesClosed { model_id }),
    }
    let plan = query_plan(deps.as_ref(), &config.access, &model_id, &plan_id)?;
    if plan.retired {
        return Err(ContractError::PlanRetired { plan_id });
    }
    let PlanKind::Metered { unit } = plan.kind else {
        return Err(ContractError::NotMeteredPlan { plan_id });
    };
    ensure_gateway(deps.as_ref(), &config.access, &model_id, &gateway)?;
    let deposit = deposit_amount(&info, &plan.price.denom)?;

    let channel_id = CHANNEL_COUNT
        .load(deps.storage)?
        .checked_add(1)
        .ok_or_else(|| overflow("channel count"))?;
    let channel = Channel {
        user: info.sender.clone(),
        gateway: gateway.clone(),
        model_id: model_id.clone(),
        plan_id: plan_id.clone(),
        voucher_key,
        terms: ChannelTerms {
            price: plan.price.clone(),
            unit,
            shares: model.shares,
        },
        deposit,
        opened_at: env.block.time,
        expires_at,
        closed_at: None,
        refunded: Uint128::zero(),
    };
    CHANNEL_COUNT.save(deps.storage, &channel_id)?;
    CHANNELS.save(deps.storage, channel_id, &channel)?;
    BY_USER.save(deps.storage, (&info.sender, channel_id), &Empty {})?;
    BY_GATEWAY.save(deps.storage, (&gateway, channel_id), &Empty {})?;
    Ok(Response::new()
        .add_attribute("action", "open")
        .add_attribute("channel_id", channel_id.to_string())
        .add_attribute("user", info.sender)
        .add_attribute("gateway", gateway)
        .add_attribute("model_id", model_id)
        .add_attribute("plan_id", plan_id)
        .add_attribute("deposit", Coin::new(deposit, &plan.price.denom).to_string())
        .add_attribute("unit_price", plan.price.to_string())
        .add_attribute("expires_at", expires_at.to_string()))
}

/// More money or time for a channel only on its terms as they still stand: the plan as copied at
/// open (not retired, same price and unit) and the gateway still approved for the model.
fn ensure_terms_stand(deps: Deps, access: &Addr, channel: &Channel) -> Result<(), ContractError> {
    ensure_plan_stands(deps, access, channel)?;
    ensure_gateway(deps, access, &channel.model_id, &channel.gateway)
}

/// The sender's open channel for a top-up or an extension: `check` judges the message against
/// it (answering what the handler needs from that), then its terms must still stand. Reads
/// only; the handler changes and saves the channel.
fn channel_to_amend<T>(
    deps: Deps,
    sender: &Addr,
    channel_id: u64,
    check: impl FnOnce(&Channel) -> Result<T, ContractError>,
) -> Result<(Channel, T), ContractError> {
    let config = CONFIG.load(deps.storage)?;
    let channel = load_user_channel(deps.storage, channel_id, sender)?;
    let checked = check(&channel)?;
    ensure_terms_stand(deps, &config.access, &channel)?;
    Ok((channel, checked))
}

pub fn top_up(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    channel_id: u64,
) -> Result<Response, ContractError> {
    let (mut channel, amount) =
        channel_to_amend(deps.as_ref(), &info.sender, channel_id, |channel| {
            if env.block.time >= channel.expires_at {
                return Err(ContractError::ChannelExpired {
                    channel_id,
                    expires_at: channel.expires_at,
                });
            }
            deposit_amount(&info, &channel.terms.price.denom)
        })?;
    channel.deposit = channel
        .deposit
        .checked_add(amount)
        .map_err(|_| overflow("deposit"))?;
    CHANNELS.save(deps.storage, channel_id, &channel)?;
    let denom = &channel.terms.price.denom;
    Ok(Response::new()
        .add_attribute("action", "top_up")
        .add_attribute("channel_id", channel_id.to_string())
        .add_attribute("amount", Coin::new(amount, denom).to_string())
        .add_attribute("deposit", Coin::new(channel.deposit, denom).to_string()))
}

pub fn extend(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    channel_id: u64,
    expires_at: Timestamp,
) -> Result<Response, ContractError> {
    let (mut channel, ()) = channel_to_amend(deps.as_ref(), &info.sender, channel_id, |channel| {
        if expires_at <= channel.expires_at {
            return Err(ContractError::InvalidExpiry {
                reason: "must be later than the channel's current expires_at".into(),
            });
        }
        validate_expiry(&env, expires_at)
    })?;
    let previous = channel.expires_at;
    channel.expires_at = expires_at;
    CHANNELS.save(deps.storage, channel_id, &channel)?;
    Ok(Response::new()
        .add_attribute("action", "extend")
        .add_attribute("channel_id", channel_id.to_string())
        .add_attribute("previous_expires_at", previous.to_string())
        .add_attribute("expires_at", expires_at.to_string()))
}

pub fn close(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    channel_id: u64,
) -> Result<Response, ContractError> {
    let config = CONFIG.load(deps.storage)?;
    let mut channel = load_user_channel(deps.storage, channel_id, &info.sender)?;
    let deadline = claim_deadline(&channel, config.grace_period_seconds)?;
    let early = env.block.time < deadline;
    // Before the deadline only a revoked gateway lets the user out: it can no longer claim.
    if early
        && gateway_approved(
            deps.as_ref(),
            &config.access,
            &channel.model_id,
            &channel.gateway,
        )?
    {
        return Err(ContractError::CloseTooEarly {
            channel_id,
            closable_at: deadline,
        });
    }
    let claimed = CLAIMED
        .may_load(deps.storage, channel_id)?
        .unwrap_or_default();
    let refund = channel
        .deposit
        .checked_sub(claimed)
        .map_err(|_| overflow("refund"))?;
    channel.closed_at = Some(env.block.time);
    channel.refunded = refund;
    CHANNELS.save(deps.storage, channel_id, &channel)?;
    let denom = channel.terms.price.denom.clone();
    let mut res = Response::new();
    if !refund.is_zero() {
        res = res.add_message(BankMsg::Send {
            to_address: channel.user.to_string(),
            amount: vec![Coin::new(refund, &denom)],
        });
    }
    Ok(res
        .add_attribute("action", "close")
        .add_attribute("channel_id", channel_id.to_string())
        .add_attribute("user", channel.user)
        .add_attribute("claimed", Coin::new(claimed, &denom).to_string())
        .add_attribute("refunded", Coin::new(refund, &denom).to_string())
        .add_attribute("early", early.to_string()))
}

/// What one claim pays one shares contract, per denom.
struct Payout {
    shares: Addr,
    coins: Vec<Coin>,
}

fn add_payout(payouts: &mut Vec<Payout>, shares: &Addr, coin: Coin) -> Result<(), ContractError> {
    let idx = match payouts.iter().position(|p| p.shares == *shares) {
        Some(i) => i,
        None => {
            payouts.push(Payout {
                shares: shares.clone(),
                coins: vec![],
            });
            payouts.len() - 1
        }
    };
    let coins = &mut payouts[idx].coins;
    match coins.iter_mut().find(|c| c.denom == coin.denom) {
        Some(c) => {
            c.amount = c
                .amount
                .checked_add(coin.amount)
                .map_err(|_| overflow("payout"))?
        }
        None => coins.push(coin),
    }
    Ok(())
}

/// Settles a batch of vouchers of the sender's channels. Bounded by `max_claims_per_tx`: per
/// voucher one channel read, one signature check and one small write; per distinct model one raw
/// read of the gateway approval; one `distribute {}` per shares contract paid.
pub fn claim(
    mut deps: DepsMut,
    env: Env,
    info: MessageInfo,
    vouchers: Vec<Voucher>,
) -> Result<Response, ContractError> {
    let config: Config = CONFIG.load(deps.storage)?;
    if vouchers.is_empty() {
        return Err(ContractError::NoVouchers {});
    }
    if vouchers.len() > config.max_claims_per_tx as usize {
        return Err(ContractError::TooManyVouchers {
            max: config.max_claims_per_tx,
        });
    }
    let gateway = info.sender;
    let mut approved_models: Vec<String> = vec![];
    let mut payouts: Vec<Payout> = vec![];
    let mut ids = Vec::with_capacity(vouchers.len());
    let mut paid = Vec::with_capacity(vouchers.len());
    let mut settled: u32 = 0;
    for voucher in &vouchers {
        ids.push(voucher.channel_id.to_string());
        let settle = settle_voucher(
            deps.branch(),
            &env,
            &config,
            &gateway,
            &mut approved_models,
            voucher,
        )?;
        match settle {
            Some((shares, coin)) => {
                paid.push(coin.amount.to_string());
                add_payout(&mut payouts, &shares, coin)?;
                settled += 1;
            }
            // an older or equal voucher: already settled, nothing to pay, not an error
            None => paid.push("0".to_string()),
        }
    }
    let (messages, totals) = distribute_messages(payouts)?;
    let distributions = messages.len();
    Ok(Response::new()
        .add_messages(messages)
        .add_attribute("action", "claim")
        .add_attribute("gateway", gateway)
        .add_attribute("vouchers", vouchers.len().to_string())
        .add_attribute("settled", settled.to_string())
        .add_attribute("channel_ids", ids.join(","))
        .add_attribute("paid", paid.join(","))
        .add_attribute("total", totals.join(","))
        .add_attribute("distributions", distributions.to_string()))
}

/// One voucher of a claim: checks the channel (the gateway's, open, before its deadline, the
/// gateway still approved for the model — read once per model), the amount (not above the
/// deposit) and, when it pays anything, the signature; records the new claimed amount. Answers
/// what to pay to which shares contract, or `None` for an older or equal voucher.
fn settle_voucher(
    deps: DepsMut,
    env: &Env,
    config: &Config,
    gateway: &Addr,
    approved_models: &mut Vec<String>,
    voucher: &Voucher,
) -> Result<Option<(Addr, Coin)>, ContractError> {
    let channel_id = voucher.channel_id;
    let channel = load_channel(deps.storage, channel_id)?;
    if channel.gateway != *gateway {
        return Err(ContractError::NotChannelGateway { channel_id });
    }
    if channel.closed_at.is_some() {
        return Err(ContractError::ChannelClosed { channel_id });
    }
    let deadline = claim_deadline(&channel, config.grace_period_seconds)?;
    if env.block.time >= deadline {
        return Err(ContractError::ClaimWindowOver {
            channel_id,
            deadline,
        });
    }
    if !approved_models.contains(&channel.model_id) {
        ensure_gateway(deps.as_ref(), &config.access, &channel.model_id, gateway)?;
        approved_models.push(channel.model_id.clone());
    }
    if voucher.amount > channel.deposit {
        return Err(ContractError::AmountAboveDeposit {
            channel_id,
            amount: voucher.amount,
            deposit: channel.deposit,
        });
    }
    let claimed = CLAIMED
        .may_load(deps.storage, channel_id)?
        .unwrap_or_default();
    if voucher.amount <= claimed {
        return Ok(None);
    }
    let digest = voucher_digest(
        env.block.chain_id.as_str(),
        env.contract.address.as_str(),
        channel_id,
        voucher.amount,
    );
    let verified = voucher.signature.len() == SIGNATURE_LEN
        && deps
            .api
            .secp256k1_verify(&digest, &voucher.signature, &channel.voucher_key)
            .unwrap_or(false);
    if !verified {
        return Err(ContractError::InvalidSignature { channel_id });
    }
    CLAIMED.save(deps.storage, channel_id, &voucher.amount)?;
    let amount = voucher.amount - claimed;
    Ok(Some((
        channel.terms.shares,
        Coin::new(amount, &channel.terms.price.denom),
    )))
}

/// One `distribute {}` per shares contract with its coins (sorted by denom, as bank wants them),
/// and every coin paid, for the event.
fn distribute_messages(payouts: Vec<Payout>) -> Result<(Vec<WasmMsg>, Vec<String>), ContractError> {
    let mut messages = Vec::with_capacity(payouts.len());
    let mut totals = Vec::new();
    for mut payout in payouts {
        payout.coins.sort_by(|a, b| a.denom.cmp(&b.denom));
        totals.extend(payout.coins.iter().map(Coin::to_string));
        messages.push(WasmMsg::Execute {
            contract_addr: payout.shares.to_string(),
            msg: to_json_binary(&SharesMsg::Distribute {})?,
            funds: payout.coins,
        });
    }
    Ok((messages, totals))
}
