//! Messages, queries and a funded start shared by the grant and metering tests (`consume`,
//! `consume_batch`, grants): one place for what those test files each built again.

use cosmwasm_std::{Addr, Binary};
use cw_multi_test::AppResponse;
use modelfund::access::{
    ExecuteMsg, GrantMsg, GrantsResponse, QueryMsg, UsageRecord, UsageResponse,
};

use super::suite::*;
use crate::ContractError;

pub fn grant_msg_with_key(gateway: &Addr, calls: u64, session_key: Option<Binary>) -> ExecuteMsg {
    ExecuteMsg::Grant {
        model_id: MODEL.into(),
        gateway: gateway.to_string(),
        calls,
        session_key,
    }
}

/// Buys `packs` of MODEL's "pack" plan, granting as `grant` says.
pub fn buy_credits_granting(packs: u32, grant: Option<GrantMsg>) -> ExecuteMsg {
    ExecuteMsg::BuyCredits {
        model_id: MODEL.into(),
        plan_id: "pack".into(),
        packs,
        grant,
    }
}

/// Buys MODEL's "lease" plan, granting as `grant` says.
pub fn buy_lease_granting(grant: Option<GrantMsg>) -> ExecuteMsg {
    ExecuteMsg::BuyLease {
        model_id: MODEL.into(),
        plan_id: "lease".into(),
        grant,
    }
}

pub fn revoke_grant_msg(gateway: &str) -> ExecuteMsg {
    ExecuteMsg::RevokeGrant {
        model_id: MODEL.into(),
        gateway: gateway.into(),
    }
}

pub fn grants(
    suite: &Suite,
    user: &Addr,
    start_after: Option<String>,
    limit: Option<u32>,
) -> GrantsResponse {
    suite
        .query(&QueryMsg::Grants {
            model_id: MODEL.into(),
            user: user.to_string(),
            start_after,
            limit,
        })
        .unwrap()
}

pub fn usage_log(suite: &Suite, start_after: Option<u64>, limit: Option<u32>) -> Vec<UsageRecord> {
    let res: UsageResponse = suite
        .query(&QueryMsg::Usage {
            model_id: MODEL.into(),
            start_after,
            limit,
        })
        .unwrap();
    res.usage
}

/// The usage a gateway recorded under `request_id`, if any.
pub fn request(suite: &Suite, gateway: &Addr, request_id: &str) -> Option<UsageRecord> {
    suite
        .query(&QueryMsg::Request {
            gateway: gateway.to_string(),
            request_id: request_id.into(),
        })
        .unwrap()
}

/// `gateway` (the approved one) meters `calls` of `user`'s and it goes through.
pub fn consume(
    suite: &mut Suite,
    user: &Addr,
    calls: u64,
    request_id: &str,
    license: Option<&str>,
) -> AppResponse {
    let gateway = suite.gateway.clone();
    suite
        .exec(
            &gateway,
            &Suite::consume_msg(user, calls, request_id, license),
        )
        .unwrap()
}

/// `gateway` (the approved one) meters `calls` of `user`'s and is refused: the error.
pub fn consume_refused(
    suite: &mut Suite,
    user: &Addr,
    calls: u64,
    request_id: &str,
    license: Option<&str>,
) -> ContractError {
    let gateway = suite.gateway.clone();
    suite.fail(
        &gateway,
        &Suite::consume_msg(user, calls, request_id, license),
        &[],
    )
}

/// alice, the DAO, the approved gateway and the not approved `gateway2`.
pub fn alice_dao_and_gateways(suite: &Suite) -> (Addr, Addr, Addr, Addr) {
    (
        suite.alice.clone(),
        suite.dao.clone(),
        suite.gateway.clone(),
        suite.gateway2.clone(),
    )
}

/// alice holds 20 credits and one lease, and granted `gateway` 100 calls.
pub fn funded() -> (Suite, String) {
    let mut suite = Suite::new();
    let (alice, gateway) = (suite.alice.clone(), suite.gateway.clone());
    suite.buy_credits(&alice, 2);
    let license = suite.buy_lease(&alice);
    suite.grant(&alice, &gateway, 100);
    (suite, license)
}
