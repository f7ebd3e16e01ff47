//! # modelfund
//!
//! The interface package of the Modelfund protocol: every contract's instantiate, execute,
//! query and response types, plus the validation rules they share. Contracts depend on this
//! crate, never on each other, so a client (CLI script, web app, another contract) needs only
//! this package to speak to any of them.
//!
//! Besides the messages (one module per contract) it holds the rules every contract shares:
//! [`validate`] (input checks), [`migrate`] (the migration rule), [`revenue`] (splits and
//! denoms), [`nft`] (the cw721 surface of the registry and access), [`paging`] (the page
//! size of every list query), [`display`] (how errors write amounts, times and statuses) and
//! [`allowlist`] (the merkle tree of presale allowlists: leaf bytes, proofs, a generator).

pub mod access;
pub mod allowlist;
pub mod channels;
pub mod display;
pub mod governance;
pub mod launchpad;
pub mod migrate;
pub mod nft;
pub mod paging;
pub mod presale;
pub mod registry;
pub mod revenue;
pub mod shares;
pub mod validate;

/// Every message a user sends refuses fields its schema does not name (`additionalProperties:
/// false`): a misspelled optional field is an error that names it, never silently dropped.
#[cfg(test)]
mod unknown_fields {
    use cosmwasm_std::from_json;
    use serde::de::DeserializeOwned;

    /// `json` parses as `T`, and `with_extra` (the same message with a field `grnat` added,
    /// at the top of the variant or inside a nested type) is refused with an error naming it.
    fn refuses<T: DeserializeOwned + std::fmt::Debug>(json: &str, with_extra: &str) {
        from_json::<T>(json).unwrap_or_else(|e| panic!("{json} should parse: {e}"));
        let err = from_json::<T>(with_extra)
            .expect_err(with_extra)
            .to_string();
        assert!(err.contains("unknown field `grnat`"), "{with_extra}: {err}");
    }

    #[test]
    fn presale_contribute_with_an_extra_field() {
        refuses::<crate::presale::ExecuteMsg>(
            r#"{"contribute":{}}"#,
            r#"{"contribute":{"grnat":1}}"#,
        );
    }

    #[test]
    fn presale_contribute_with_a_proof_and_withdraw() {
        refuses::<crate::presale::ExecuteMsg>(
            r#"{"contribute":{"proof":[],"cap":"5"}}"#,
            r#"{"contribute":{"proof":[],"cap":"5","grnat":1}}"#,
        );
        refuses::<crate::presale::ExecuteMsg>(
            r#"{"withdraw":{"amount":"5"}}"#,
            r#"{"withdraw":{"amount":"5","grnat":1}}"#,
        );
        refuses::<crate::presale::InstantiateMsg>(
            r#"{"denom":"d","price":"1","soft_cap":"1","hard_cap":"1","start":"1","end":"2","min_per_address":"1","max_per_address":"1","treasury":"t","creator":"c","creator_allocation":"0","shares":"s","allowlist":{"merkle_root":"r"}}"#,
            r#"{"denom":"d","price":"1","soft_cap":"1","hard_cap":"1","start":"1","end":"2","min_per_address":"1","max_per_address":"1","treasury":"t","creator":"c","creator_allocation":"0","shares":"s","allowlist":{"merkle_root":"r","grnat":1}}"#,
        );
    }

    #[test]
    fn shares_transfer_with_a_memo() {
        refuses::<crate::shares::ExecuteMsg>(
            r#"{"transfer":{"recipient":"a","amount":"1"}}"#,
            r#"{"transfer":{"recipient":"a","amount":"1","grnat":"hi"}}"#,
        );
    }

    #[test]
    fn access_buy_credits_with_a_misspelled_grant() {
        refuses::<crate::access::ExecuteMsg>(
            r#"{"buy_credits":{"model_id":"m","plan_id":"p","packs":1}}"#,
            r#"{"buy_credits":{"model_id":"m","plan_id":"p","packs":1,"grnat":{"gateway":"g","calls":1}}}"#,
        );
    }

    #[test]
    fn governance_propose_with_a_made_up_flag_and_in_an_action() {
        refuses::<crate::governance::ExecuteMsg>(
            r#"{"propose":{"title":"t","description":"","actions":[]}}"#,
            r#"{"propose":{"title":"t","description":"","actions":[],"grnat":true}}"#,
        );
        refuses::<crate::governance::ExecuteMsg>(
            r#"{"propose":{"title":"t","description":"","actions":[{"spend_treasury":{"recipient":"a","amount":[]}}]}}"#,
            r#"{"propose":{"title":"t","description":"","actions":[{"spend_treasury":{"recipient":"a","amount":[],"grnat":1}}]}}"#,
        );
    }

    #[test]
    fn channels_claim_with_an_extra_field_in_a_voucher() {
        refuses::<crate::channels::ExecuteMsg>(
            r#"{"claim":{"vouchers":[{"channel_id":1,"amount":"5","signature":""}]}}"#,
            r#"{"claim":{"vouchers":[{"channel_id":1,"amount":"5","signature":"","grnat":1}]}}"#,
        );
        refuses::<crate::channels::InstantiateMsg>(
            r#"{"access":"a","grace_period_seconds":1,"max_claims_per_tx":1}"#,
            r#"{"access":"a","grace_period_seconds":1,"max_claims_per_tx":1,"grnat":1}"#,
        );
    }

    #[test]
    fn registry_and_launchpad_queries_with_an_extra_field() {
        refuses::<crate::registry::QueryMsg>(
            r#"{"latest_version":{"token_id":"m"}}"#,
            r#"{"latest_version":{"token_id":"m","grnat":1}}"#,
        );
        refuses::<crate::launchpad::QueryMsg>(
            r#"{"model":{"model_id":"m"}}"#,
            r#"{"model":{"model_id":"m","grnat":1}}"#,
        );
    }
}
