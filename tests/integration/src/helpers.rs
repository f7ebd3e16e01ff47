//! Typed helpers for every step of a model's life, each returning the `AppResponse` or the
//! error, and the queries the suites assert with. Every helper takes the model's handle
//! ([`Launched`]) explicitly, so one protocol can run several models.

use cosmwasm_std::{coins, from_json, Addr, Binary, Coin, Uint128};
use cw20::{AllowanceResponse, BalanceResponse, Expiration, TokenInfoResponse};
use cw_multi_test::{AppResponse, Executor};
use modelfund::access::{self, GrantMsg};
use modelfund::governance::{self, Action, ProposalResponse, VoteOption};
use modelfund::presale::{self, ContributionResponse, StateResponse};
use modelfund::shares::{self, RevenueConfigResponse};
use modelfund::{launchpad, registry};
use modelfund_shares::revenue::{DenomTotals, DENOM_TOTALS};
use serde::de::DeserializeOwned;
use serde::Serialize;

use crate::protocol::{Launched, PresaleRef, Protocol, SharesRef};
use crate::{wasm_attr, AnyResult, DENOM};

fn funds(amount: u128) -> Vec<Coin> {
    if amount == 0 {
        vec![]
    } else {
        coins(amount, DENOM)
    }
}

impl Protocol {
    /// Executes `msg` on `contract` from `who` with `funds` attached.
    pub fn exec<T: Serialize + std::fmt::Debug>(
        &mut self,
        who: &Addr,
        contract: &Addr,
        msg: &T,
        funds: &[Coin],
    ) -> AnyResult<AppResponse> {
        self.app
            .execute_contract(who.clone(), contract.clone(), msg, funds)
    }

    /// A smart query; panics when it fails.
    pub fn query<T: DeserializeOwned>(&self, contract: &Addr, msg: &impl Serialize) -> T {
        self.app
            .wrap()
            .query_wasm_smart(contract, msg)
            .unwrap_or_else(|e| panic!("query of {contract} failed: {e}"))
    }

    // ---- bank ----

    /// `who`'s balance in inj.
    pub fn balance(&self, who: &Addr) -> u128 {
        self.balance_in(who, DENOM)
    }

    pub fn balance_in(&self, who: &Addr, denom: &str) -> u128 {
        self.app
            .wrap()
            .query_balance(who, denom)
            .unwrap()
            .amount
            .u128()
    }

    /// A plain bank send (e.g. a marketplace paying a royalty to a shares contract).
    pub fn send_coins(
        &mut self,
        from: &Addr,
        to: &Addr,
        amount: &[Coin],
    ) -> AnyResult<AppResponse> {
        self.app.send_tokens(from.clone(), to.clone(), amount)
    }

    // ---- presale ----

    /// Contributes `amount` inj (nothing attached when 0).
    pub fn contribute(
        &mut self,
        m: &impl PresaleRef,
        who: &Addr,
        amount: u128,
    ) -> AnyResult<AppResponse> {
        self.contribute_funds(m, who, &funds(amount))
    }

    pub fn contribute_funds(
        &mut self,
        m: &impl PresaleRef,
        who: &Addr,
        funds: &[Coin],
    ) -> AnyResult<AppResponse> {
        self.exec(
            who,
            m.presale_addr(),
            &presale::ExecuteMsg::Contribute {
                proof: None,
                cap: None,
            },
            funds,
        )
    }

    pub fn finalize(&mut self, m: &impl PresaleRef, who: &Addr) -> AnyResult<AppResponse> {
        self.exec(
            who,
            m.presale_addr(),
            &presale::ExecuteMsg::Finalize {},
            &[],
        )
    }

    /// The backer's `claim` of its presale shares.
    pub fn claim(&mut self, m: &impl PresaleRef, who: &Addr) -> AnyResult<AppResponse> {
        self.exec(who, m.presale_addr(), &presale::ExecuteMsg::Claim {}, &[])
    }

    pub fn refund(&mut self, m: &impl PresaleRef, who: &Addr) -> AnyResult<AppResponse> {
        self.exec(who, m.presale_addr(), &presale::ExecuteMsg::Refund {}, &[])
    }

    /// The presale's `withdraw` of `amount` of the sender's contribution.
    pub fn withdraw(
        &mut self,
        m: &impl PresaleRef,
        who: &Addr,
        amount: u128,
    ) -> AnyResult<AppResponse> {
        self.exec(
            who,
            m.presale_addr(),
            &presale::ExecuteMsg::Withdraw {
                amount: Uint128::new(amount),
            },
            &[],
        )
    }

    /// The presale's `cancel` (the creator's).
    pub fn cancel_presale(&mut self, m: &impl PresaleRef, who: &Addr) -> AnyResult<AppResponse> {
        self.exec(who, m.presale_addr(), &presale::ExecuteMsg::Cancel {}, &[])
    }

    /// Every `(backer, amount)` contributes, the presale ends (one block past its end unless
    /// the hard cap closed it), anyone finalizes and every backer claims. Panics on any error.
    pub fn fund_presale(&mut self, m: &Launched, contributions: &[(&Addr, u128)]) {
        self.advance_to(m.start);
        for (who, amount) in contributions {
            self.contribute(m, who, *amount).unwrap();
        }
        let raised = self.presale_state(m).raised.u128();
        if raised < m.spec.presale.hard_cap {
            self.advance_to(m.end);
        }
        let anyone = self.actors.carol.clone();
        self.finalize(m, &anyone).unwrap();
        for (who, _) in contributions {
            self.claim(m, who).unwrap();
        }
    }

    // ---- shares ----

    pub fn transfer(
        &mut self,
        m: &impl SharesRef,
        from: &Addr,
        to: &Addr,
        amount: u128,
    ) -> AnyResult<AppResponse> {
        let msg = shares::ExecuteMsg::Transfer {
            recipient: to.to_string(),
            amount: Uint128::new(amount),
        };
        self.exec(from, m.shares_addr(), &msg, &[])
    }

    /// `delegate`: `who`'s voting power goes through `to` from the next block on.
    pub fn delegate(
        &mut self,
        m: &impl SharesRef,
        who: &Addr,
        to: &Addr,
    ) -> AnyResult<AppResponse> {
        let msg = shares::ExecuteMsg::Delegate { to: to.to_string() };
        self.exec(who, m.shares_addr(), &msg, &[])
    }

    /// cw20 `send` of `amount` shares to `contract`, whose `receive` hook gets `msg`.
    pub fn send(
        &mut self,
        m: &impl SharesRef,
        from: &Addr,
        contract: &Addr,
        amount: u128,
        msg: Binary,
    ) -> AnyResult<AppResponse> {
        let msg = shares::ExecuteMsg::Send {
            contract: contract.to_string(),
            amount: Uint128::new(amount),
            msg,
        };
        self.exec(from, m.shares_addr(), &msg, &[])
    }

    pub fn increase_allowance(
        &mut self,
        m: &impl SharesRef,
        owner: &Addr,
        spender: &Addr,
        amount: u128,
        expires: Option<Expiration>,
    ) -> AnyResult<AppResponse> {
        let msg = shares::ExecuteMsg::IncreaseAllowance {
            spender: spender.to_string(),
            amount: Uint128::new(amount),
            expires,
        };
        self.exec(owner, m.shares_addr(), &msg, &[])
    }

    pub fn decrease_allowance(
        &mut self,
        m: &impl SharesRef,
        owner: &Addr,
        spender: &Addr,
        amount: u128,
        expires: Option<Expiration>,
    ) -> AnyResult<AppResponse> {
        let msg = shares::ExecuteMsg::DecreaseAllowance {
            spender: spender.to_string(),
            amount: Uint128::new(amount),
            expires,
        };
        self.exec(owner, m.shares_addr(), &msg, &[])
    }

    /// `spender` moves `amount` of `owner`'s shares to `recipient`.
    pub fn transfer_from(
        &mut self,
        m: &impl SharesRef,
        spender: &Addr,
        owner: &Addr,
        recipient: &Addr,
        amount: u128,
    ) -> AnyResult<AppResponse> {
        let msg = shares::ExecuteMsg::TransferFrom {
            owner: owner.to_string(),
            recipient: recipient.to_string(),
            amount: Uint128::new(amount),
        };
        self.exec(spender, m.shares_addr(), &msg, &[])
    }

    /// Revenue: `distribute {}` with `funds` attached.
    pub fn distribute(
        &mut self,
        m: &impl SharesRef,
        who: &Addr,
        funds: &[Coin],
    ) -> AnyResult<AppResponse> {
        self.exec(
            who,
            m.shares_addr(),
            &shares::ExecuteMsg::Distribute {},
            funds,
        )
    }

    pub fn sweep(&mut self, m: &impl SharesRef, who: &Addr, denom: &str) -> AnyResult<AppResponse> {
        let msg = shares::ExecuteMsg::Sweep {
            denom: denom.into(),
        };
        self.exec(who, m.shares_addr(), &msg, &[])
    }

    pub fn claim_revenue(&mut self, m: &impl SharesRef, who: &Addr) -> AnyResult<AppResponse> {
        self.exec(
            who,
            m.shares_addr(),
            &shares::ExecuteMsg::ClaimRevenue {},
            &[],
        )
    }

    // ---- governance ----

    /// Proposes `actions` with the deposit the model's spec asks for.
    pub fn propose(
        &mut self,
        m: &Launched,
        who: &Addr,
        title: &str,
        actions: Vec<Action>,
    ) -> AnyResult<AppResponse> {
        let deposit = m.spec.deposit();
        self.propose_with(m, who, title, actions, &deposit)
    }

    /// Proposes with exactly `funds` attached.
    pub fn propose_with(
        &mut self,
        m: &Launched,
        who: &Addr,
        title: &str,
        actions: Vec<Action>,
        funds: &[Coin],
    ) -> AnyResult<AppResponse> {
        let msg = governance::ExecuteMsg::Propose {
            title: title.into(),
            description: String::new(),
            actions,
        };
        self.exec(who, &m.governance, &msg, funds)
    }

    /// The id of the proposal a `propose` response opened.
    pub fn proposal_id(&self, m: &Launched, res: &AppResponse) -> u64 {
        wasm_attr(res, &m.governance, "proposal_id")
            .expect("no proposal_id attribute")
            .parse()
            .expect("proposal_id is not a number")
    }

    /// Proposes (with the deposit) and returns the new proposal's id; panics on an error.
    pub fn propose_id(
        &mut self,
        m: &Launched,
        who: &Addr,
        title: &str,
        actions: Vec<Action>,
    ) -> u64 {
        let res = self.propose(m, who, title, actions).unwrap();
        self.proposal_id(m, &res)
    }

    pub fn vote(
        &mut self,
        m: &Launched,
        who: &Addr,
        proposal_id: u64,
        vote: VoteOption,
    ) -> AnyResult<AppResponse> {
        let msg = governance::ExecuteMsg::Vote { proposal_id, vote };
        self.exec(who, &m.governance, &msg, &[])
    }

    /// An exit of `shares` by `who` against `proposal_id` is refused as above its stake, which
    /// is `exitable`, and changes nothing: `who` keeps its shares, the DAO its coins.
    pub fn assert_exit_above_stake(
        &mut self,
        m: &Launched,
        who: &Addr,
        proposal_id: u64,
        shares: u128,
        exitable: u128,
    ) {
        let (held, treasury) = (self.shares_of(m, who), self.balance(&m.governance));
        let err = self
            .exit(m, who, proposal_id, shares, &[crate::DENOM])
            .unwrap_err();
        assert_eq!(
            contract_err::<modelfund_governance::ContractError>(err),
            modelfund_governance::ContractError::ExitAboveStake {
                id: proposal_id,
                exitable: exitable.into(),
                requested: shares.into(),
            }
        );
        assert_eq!(
            self.shares_of(m, who),
            held,
            "a refused exit keeps the shares"
        );
        assert_eq!(self.balance(&m.governance), treasury);
    }

    /// Exit (ragequit) against `proposal_id`: `shares` sent to the DAO with the `exit` hook.
    pub fn exit(
        &mut self,
        m: &Launched,
        who: &Addr,
        proposal_id: u64,
        shares: u128,
        denoms: &[&str],
    ) -> AnyResult<AppResponse> {
        let hook = governance::ReceiveMsg::Exit {
            proposal_id,
            denoms: denoms.iter().map(|d| d.to_string()).collect(),
        };
        let dao = m.governance.clone();
        self.send(m, who, &dao, shares, cosmwasm_std::to_json_binary(&hook)?)
    }

    pub fn execute_proposal(
        &mut self,
        m: &Launched,
        who: &Addr,
        proposal_id: u64,
    ) -> AnyResult<AppResponse> {
        let msg = governance::ExecuteMsg::Execute { proposal_id };
        self.exec(who, &m.governance, &msg, &[])
    }

    pub fn close_proposal(
        &mut self,
        m: &Launched,
        who: &Addr,
        proposal_id: u64,
    ) -> AnyResult<AppResponse> {
        let msg = governance::ExecuteMsg::Close { proposal_id };
        self.exec(who, &m.governance, &msg, &[])
    }

    pub fn cancel_proposal(
        &mut self,
        m: &Launched,
        who: &Addr,
        proposal_id: u64,
    ) -> AnyResult<AppResponse> {
        let msg = governance::ExecuteMsg::Cancel { proposal_id };
        self.exec(who, &m.governance, &msg, &[])
    }

    /// Acts as the model's DAO directly (cw-multi-test lets any address sign), for suites that
    /// exercise what a DAO may do without running a proposal for it.
    pub fn as_dao<T: Serialize + std::fmt::Debug>(
        &mut self,
        m: &Launched,
        contract: &Addr,
        msg: &T,
    ) -> AnyResult<AppResponse> {
        let dao = m.governance.clone();
        self.exec(&dao, contract, msg, &[])
    }

    // ---- access ----

    pub fn buy_credits(
        &mut self,
        m: &Launched,
        who: &Addr,
        plan_id: &str,
        packs: u32,
        grant: Option<GrantMsg>,
        funds: &[Coin],
    ) -> AnyResult<AppResponse> {
        let msg = access::ExecuteMsg::BuyCredits {
            model_id: m.id.clone(),
            plan_id: plan_id.into(),
            packs,
            grant,
        };
        let acc = self.access.clone();
        self.exec(who, &acc, &msg, funds)
    }

    pub fn buy_lease(
        &mut self,
        m: &Launched,
        who: &Addr,
        plan_id: &str,
        grant: Option<GrantMsg>,
        funds: &[Coin],
    ) -> AnyResult<AppResponse> {
        let msg = access::ExecuteMsg::BuyLease {
            model_id: m.id.clone(),
            plan_id: plan_id.into(),
            grant,
        };
        let acc = self.access.clone();
        self.exec(who, &acc, &msg, funds)
    }

    /// `who` grants `gateway` a cap of `calls`.
    pub fn grant(
        &mut self,
        m: &Launched,
        who: &Addr,
        gateway: &Addr,
        calls: u64,
    ) -> AnyResult<AppResponse> {
        let msg = access::ExecuteMsg::Grant {
            model_id: m.id.clone(),
            gateway: gateway.to_string(),
            calls,
            session_key: None,
        };
        let acc = self.access.clone();
        self.exec(who, &acc, &msg, &[])
    }

    pub fn revoke_grant(
        &mut self,
        m: &Launched,
        who: &Addr,
        gateway: &Addr,
    ) -> AnyResult<AppResponse> {
        let msg = access::ExecuteMsg::RevokeGrant {
            model_id: m.id.clone(),
            gateway: gateway.to_string(),
        };
        let acc = self.access.clone();
        self.exec(who, &acc, &msg, &[])
    }

    /// `gateway` meters `calls` of `user` under `request_id`, from `license_id` or credits.
    pub fn consume(
        &mut self,
        m: &Launched,
        gateway: &Addr,
        user: &Addr,
        calls: u64,
        request_id: &str,
        license_id: Option<&str>,
    ) -> AnyResult<AppResponse> {
        let msg = access::ExecuteMsg::Consume {
            model_id: m.id.clone(),
            user: user.to_string(),
            calls,
            request_id: request_id.into(),
            license_id: license_id.map(str::to_string),
        };
        let acc = self.access.clone();
        self.exec(gateway, &acc, &msg, &[])
    }

    /// Moves a license NFT.
    pub fn transfer_license(
        &mut self,
        who: &Addr,
        to: &Addr,
        token_id: &str,
    ) -> AnyResult<AppResponse> {
        let msg = access::ExecuteMsg::TransferNft {
            recipient: to.to_string(),
            token_id: token_id.into(),
        };
        let acc = self.access.clone();
        self.exec(who, &acc, &msg, &[])
    }

    // ---- presale queries ----

    pub fn presale_state(&self, m: &impl PresaleRef) -> StateResponse {
        self.query(m.presale_addr(), &presale::QueryMsg::State {})
    }

    pub fn presale_config(&self, m: &impl PresaleRef) -> presale::ConfigResponse {
        self.query(m.presale_addr(), &presale::QueryMsg::Config {})
    }

    pub fn contribution(&self, m: &impl PresaleRef, who: &Addr) -> ContributionResponse {
        let msg = presale::QueryMsg::Contribution {
            address: who.to_string(),
        };
        self.query(m.presale_addr(), &msg)
    }

    // ---- shares queries ----

    /// `who`'s share balance.
    pub fn shares_of(&self, m: &impl SharesRef, who: &Addr) -> u128 {
        let msg = shares::QueryMsg::Balance {
            address: who.to_string(),
        };
        let r: BalanceResponse = self.query(m.shares_addr(), &msg);
        r.balance.u128()
    }

    pub fn token_info(&self, m: &impl SharesRef) -> TokenInfoResponse {
        self.query(m.shares_addr(), &shares::QueryMsg::TokenInfo {})
    }

    pub fn total_supply(&self, m: &impl SharesRef) -> u128 {
        self.token_info(m).total_supply.u128()
    }

    /// `who`'s balance at the start of block `height`.
    pub fn shares_at(&self, m: &impl SharesRef, who: &Addr, height: u64) -> u128 {
        let msg = shares::QueryMsg::BalanceAtHeight {
            address: who.to_string(),
            height,
        };
        let r: BalanceResponse = self.query(m.shares_addr(), &msg);
        r.balance.u128()
    }

    pub fn total_supply_at(&self, m: &impl SharesRef, height: u64) -> u128 {
        let msg = shares::QueryMsg::TotalSupplyAtHeight { height };
        let r: shares::TotalSupplyResponse = self.query(m.shares_addr(), &msg);
        r.total_supply.u128()
    }

    pub fn voting_power(&self, m: &impl SharesRef, who: &Addr, height: u64) -> u128 {
        let msg = shares::QueryMsg::VotingPowerAtHeight {
            address: who.to_string(),
            height: Some(height),
        };
        let r: shares::VotingPowerAtHeightResponse = self.query(m.shares_addr(), &msg);
        r.power.u128()
    }

    /// Whom `who` delegates to now, and the power it delegates, receives and votes with.
    pub fn delegation(&self, m: &impl SharesRef, who: &Addr) -> shares::DelegationResponse {
        let msg = shares::QueryMsg::Delegation {
            address: who.to_string(),
        };
        self.query(m.shares_addr(), &msg)
    }

    pub fn total_power(&self, m: &impl SharesRef, height: u64) -> u128 {
        let msg = shares::QueryMsg::TotalPowerAtHeight {
            height: Some(height),
        };
        let r: shares::TotalPowerAtHeightResponse = self.query(m.shares_addr(), &msg);
        r.power.u128()
    }

    pub fn allowance(&self, m: &impl SharesRef, owner: &Addr, spender: &Addr) -> AllowanceResponse {
        let msg = shares::QueryMsg::Allowance {
            owner: owner.to_string(),
            spender: spender.to_string(),
        };
        self.query(m.shares_addr(), &msg)
    }

    /// `who`'s claimable revenue in inj.
    pub fn claimable(&self, m: &impl SharesRef, who: &Addr) -> u128 {
        self.claimable_coins(m, who)
            .iter()
            .filter(|c| c.denom == DENOM)
            .map(|c| c.amount.u128())
            .sum()
    }

    pub fn claimable_coins(&self, m: &impl SharesRef, who: &Addr) -> Vec<Coin> {
        let msg = shares::QueryMsg::ClaimableRevenue {
            address: who.to_string(),
        };
        let r: shares::ClaimableRevenueResponse = self.query(m.shares_addr(), &msg);
        r.claimable
    }

    pub fn revenue_config(&self, m: &impl SharesRef) -> RevenueConfigResponse {
        self.query(m.shares_addr(), &shares::QueryMsg::RevenueConfig {})
    }

    /// The shares contract's own books: everything it may still pay in `denom` (`owed` of its
    /// published revenue totals; 0 before any revenue).
    pub fn owed(&self, m: &impl SharesRef, denom: &str) -> u128 {
        self.app
            .wrap()
            .query_wasm_raw(m.shares_addr(), DENOM_TOTALS.key(denom).to_vec())
            .unwrap()
            .map(|bytes| from_json::<DenomTotals>(bytes).unwrap().owed.u128())
            .unwrap_or(0)
    }

    // ---- governance queries ----

    pub fn proposal(&self, m: &Launched, proposal_id: u64) -> ProposalResponse {
        self.query(
            &m.governance,
            &governance::QueryMsg::Proposal { proposal_id },
        )
    }

    pub fn governance_config(&self, m: &Launched) -> governance::ConfigResponse {
        self.query(&m.governance, &governance::QueryMsg::Config {})
    }

    pub fn treasury(&self, m: &Launched) -> governance::TreasuryResponse {
        self.query(&m.governance, &governance::QueryMsg::Treasury {})
    }

    // ---- access queries ----

    pub fn credits(&self, m: &Launched, user: &Addr) -> u64 {
        let msg = access::QueryMsg::Credits {
            model_id: m.id.clone(),
            user: user.to_string(),
        };
        let r: access::CreditsResponse = self.query(&self.access, &msg);
        r.credits
    }

    pub fn grants(&self, m: &Launched, user: &Addr) -> access::GrantsResponse {
        let msg = access::QueryMsg::Grants {
            model_id: m.id.clone(),
            user: user.to_string(),
            start_after: None,
            limit: None,
        };
        self.query(&self.access, &msg)
    }

    /// `user`'s grant to `gateway` (0 when none).
    pub fn grant_of(&self, m: &Launched, user: &Addr, gateway: &Addr) -> u64 {
        self.grants(m, user)
            .grants
            .iter()
            .find(|g| g.gateway == *gateway)
            .map_or(0, |g| g.calls)
    }

    pub fn plans(&self, m: &Launched) -> access::PlansResponse {
        let msg = access::QueryMsg::Plans {
            model_id: m.id.clone(),
            start_after: None,
            limit: None,
        };
        self.query(&self.access, &msg)
    }

    pub fn gateways(&self, m: &Launched) -> Vec<Addr> {
        let msg = access::QueryMsg::Gateways {
            model_id: m.id.clone(),
            start_after: None,
            limit: None,
        };
        let r: access::GatewaysResponse = self.query(&self.access, &msg);
        r.gateways
    }

    pub fn access_model(&self, m: &Launched) -> access::ModelResponse {
        let msg = access::QueryMsg::Model {
            model_id: m.id.clone(),
        };
        self.query(&self.access, &msg)
    }

    pub fn license(&self, token_id: &str) -> access::LicenseResponse {
        let msg = access::QueryMsg::License {
            token_id: token_id.into(),
        };
        self.query(&self.access, &msg)
    }

    // ---- launchpad and registry queries ----

    pub fn launched(&self, model_id: &str) -> launchpad::ModelResponse {
        let msg = launchpad::QueryMsg::Model {
            model_id: model_id.into(),
        };
        self.query(&self.launchpad, &msg)
    }

    pub fn predict(&self, model_id: &str) -> launchpad::PredictedAddressesResponse {
        let msg = launchpad::QueryMsg::PredictAddresses {
            model_id: model_id.into(),
        };
        self.query(&self.launchpad, &msg)
    }

    pub fn registry_model(&self, model_id: &str) -> registry::ModelResponse {
        let msg = registry::QueryMsg::Model {
            token_id: model_id.into(),
        };
        self.query(&self.registry, &msg)
    }

    pub fn latest_version(&self, model_id: &str) -> registry::ModelVersion {
        let msg = registry::QueryMsg::LatestVersion {
            token_id: model_id.into(),
        };
        self.query(&self.registry, &msg)
    }
}

/// The contract error `E` inside a failed step (panics when the error is something else).
/// A `spend_treasury` of `amount` inj to `to`.
pub fn spend(to: &Addr, amount: u128) -> governance::Action {
    governance::Action::SpendTreasury {
        recipient: to.to_string(),
        amount: vec![cosmwasm_std::coin(amount, crate::DENOM)],
    }
}

pub fn contract_err<E: std::fmt::Display + std::fmt::Debug + Send + Sync + 'static>(
    err: cw_multi_test::error::AnyError,
) -> E {
    err.downcast::<E>()
        .unwrap_or_else(|e| panic!("not a {}: {e:#}", std::any::type_name::<E>()))
}
