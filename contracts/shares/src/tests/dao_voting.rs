//! The shares as a DAO DAO voting module: every query of dao-interface's `voting::Query`, sent
//! and read with copies of its types (JSON shapes as dao-interface 2.x serializes them).

use cosmwasm_std::{from_json, Addr, Uint128};
use modelfund::shares::ExecuteMsg;

use super::suite::*;

/// dao-interface 2.x `voting` (the voting-module interface a DAO core queries), copied.
mod voting {
    use cosmwasm_schema::cw_serde;
    use cosmwasm_std::Uint128;

    #[cw_serde]
    pub enum Query {
        VotingPowerAtHeight {
            address: String,
            height: Option<u64>,
        },
        TotalPowerAtHeight {
            height: Option<u64>,
        },
        Dao {},
        Info {},
    }

    #[cw_serde]
    pub struct VotingPowerAtHeightResponse {
        pub power: Uint128,
        pub height: u64,
    }

    #[cw_serde]
    pub struct TotalPowerAtHeightResponse {
        pub power: Uint128,
        pub height: u64,
    }

    #[cw_serde]
    pub struct ContractVersion {
        pub contract: String,
        pub version: String,
    }

    #[cw_serde]
    pub struct InfoResponse {
        pub info: ContractVersion,
    }
}

#[test]
fn answers_the_whole_dao_dao_voting_module_interface() {
    let mut suite = Suite::with_revenue();
    // balances set at instantiate count from the next block on
    suite.next_block();
    let height = suite.height();
    let ask = |q: &voting::Query| suite.raw_query(q);

    // the queries as dao-interface sends them
    let power = voting::Query::VotingPowerAtHeight {
        address: suite.alice.to_string(),
        height: None,
    };
    assert_eq!(
        cosmwasm_std::to_json_string(&power).unwrap(),
        format!(
            r#"{{"voting_power_at_height":{{"address":"{}","height":null}}}}"#,
            suite.alice
        )
    );
    let answer: voting::VotingPowerAtHeightResponse = from_json(ask(&power)).unwrap();
    assert_eq!(
        answer,
        voting::VotingPowerAtHeightResponse {
            power: Uint128::new(ALICE_START),
            height
        }
    );
    let answer: voting::VotingPowerAtHeightResponse =
        from_json(ask(&voting::Query::VotingPowerAtHeight {
            address: suite.bob.to_string(),
            height: Some(height),
        }))
        .unwrap();
    assert_eq!(answer.power, Uint128::new(BOB_START));

    let total: voting::TotalPowerAtHeightResponse =
        from_json(ask(&voting::Query::TotalPowerAtHeight { height: None })).unwrap();
    assert_eq!(
        total,
        voting::TotalPowerAtHeightResponse {
            power: Uint128::new(ALICE_START + BOB_START),
            height
        }
    );

    // `dao {}` answers a bare address: the revenue admin
    assert_eq!(
        cosmwasm_std::to_json_string(&voting::Query::Dao {}).unwrap(),
        r#"{"dao":{}}"#
    );
    let dao: Addr = from_json(ask(&voting::Query::Dao {})).unwrap();
    assert_eq!(dao, suite.admin.clone());

    assert_eq!(
        cosmwasm_std::to_json_string(&voting::Query::Info {}).unwrap(),
        r#"{"info":{}}"#
    );
    let info: voting::InfoResponse = from_json(ask(&voting::Query::Info {})).unwrap();
    assert_eq!(info.info.contract, crate::contract::CONTRACT_NAME);
    assert_eq!(info.info.version, crate::contract::CONTRACT_VERSION);
}

#[test]
fn dao_follows_the_revenue_admin_and_fails_without_one() {
    let mut suite = Suite::with_revenue();
    let admin = suite.admin.clone();
    let dao = |suite: &Suite| suite.query::<Addr>(&modelfund::shares::QueryMsg::Dao {});
    assert_eq!(dao(&suite).unwrap(), admin);

    let next = suite.addr("next-dao");
    suite
        .exec(
            &admin,
            &ExecuteMsg::UpdateRevenueAdmin {
                admin: Some(next.to_string()),
            },
        )
        .unwrap();
    assert_eq!(dao(&suite).unwrap(), next);

    // renounced: no DAO any more, a typed error
    suite
        .exec(&next, &ExecuteMsg::UpdateRevenueAdmin { admin: None })
        .unwrap();
    let err = dao(&suite).unwrap_err().to_string();
    assert!(err.contains("no DAO"), "{err}");

    // a token without revenue has no DAO either
    let plain = Suite::new();
    let err = dao(&plain).unwrap_err().to_string();
    assert!(err.contains("no DAO"), "{err}");
}
