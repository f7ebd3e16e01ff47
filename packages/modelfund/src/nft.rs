//! The standard cw721 surface the two Modelfund collections share: the registry (model NFTs) and
//! access (license NFTs). Both keep their tokens in the `cw721` library's storage, so the cw721
//! messages and queries are the same code for both; each collection adds only its own part.
//!
//! How a collection uses it:
//! - its `ExecuteMsg` / `QueryMsg` are declared with `cw721_execute_msg!` / `cw721_query_msg!`
//!   (in this package), which put the standard variants, worded for its kind of token, between
//!   its own ones;
//! - its `execute` / `query` entry points hand every standard variant to [`cw721_execute`] / [`cw721_query`]
//!   in one arm (`msg @ modelfund::cw721_execute_variants!(ExecuteMsg) => …`), so the compiler
//!   still checks that every own variant has an arm;
//! - it implements [`Collection`]: the typed error for a token it does not hold, what it does
//!   after a token moved, and the extension of `nft_info`.
//!
//! Every handler checks the token and the addresses it is given before cw721 checks the
//! sender's permission, and writes only through cw721.

use cosmwasm_schema::cw_serde;
use cosmwasm_std::{
    to_json_binary, Addr, Attribute, Binary, Deps, DepsMut, Empty, Env, MessageInfo, Response,
    StdError, Storage, Uint128,
};
use cw721::error::Cw721ContractError;
use cw721::execute as cw721_execute;
use cw721::msg::{AllNftInfoResponse, NftInfoResponse};
use cw721::query as cw721_query;
use cw721::state::Cw721Config;
use cw721::Expiration;
use serde::Serialize;

/// The cw721 storage both collections use (no on-token extension: each keeps its own record).
pub type Cw721Store = Cw721Config<'static, Option<Empty>>;

/// The standard cw721 execute messages of a collection (see [`cw721_execute`]).
#[derive(Clone, Debug, PartialEq)]
pub enum Cw721ExecuteMsg {
    TransferNft {
        recipient: String,
        token_id: String,
    },
    SendNft {
        contract: String,
        token_id: String,
        msg: Binary,
    },
    Approve {
        spender: String,
        token_id: String,
        expires: Option<Expiration>,
    },
    Revoke {
        spender: String,
        token_id: String,
    },
    ApproveAll {
        operator: String,
        expires: Option<Expiration>,
    },
    RevokeAll {
        operator: String,
    },
}

/// The standard cw721 queries of a collection (see [`cw721_query`]).
#[derive(Clone, Debug, PartialEq)]
pub enum Cw721QueryMsg {
    OwnerOf {
        token_id: String,
        include_expired: Option<bool>,
    },
    Approval {
        token_id: String,
        spender: String,
        include_expired: Option<bool>,
    },
    Approvals {
        token_id: String,
        include_expired: Option<bool>,
    },
    Operator {
        owner: String,
        operator: String,
        include_expired: Option<bool>,
    },
    AllOperators {
        owner: String,
        include_expired: Option<bool>,
        start_after: Option<String>,
        limit: Option<u32>,
    },
    NumTokens {},
    ContractInfo {},
    NftInfo {
        token_id: String,
    },
    AllNftInfo {
        token_id: String,
        include_expired: Option<bool>,
    },
    Tokens {
        owner: String,
        start_after: Option<String>,
        limit: Option<u32>,
    },
    AllTokens {
        start_after: Option<String>,
        limit: Option<u32>,
    },
    Extension {
        msg: Cw2981QueryMsg,
    },
}

/// cw721 `contract_info` answer.
#[cw_serde]
pub struct ContractInfoResponse {
    pub name: String,
    pub symbol: String,
}

/// cw2981 `check_royalties` answer.
#[cw_serde]
pub struct CheckRoyaltiesResponse {
    /// Always `true`: marketplaces should ask `royalty_info` on every sale.
    pub royalty_payments: bool,
}

/// cw2981 `royalty_info` answer.
#[cw_serde]
pub struct RoyaltiesInfoResponse {
    /// Royalty receiver; empty when the token carries no royalty.
    pub address: String,
    /// The royalty on the sale price asked, in the sale's denom, rounded down.
    pub royalty_amount: Uint128,
}

/// The cw2981 queries as cw-nfts' `cw2981-royalties` asks them, wrapped in the cw721
/// `extension` query: `{"extension":{"msg":{"royalty_info":{..}}}}`. Each answers exactly as the
/// top-level query of the same name.
#[cw_serde]
pub enum Cw2981QueryMsg {
    /// Who receives how much royalty for a sale of `token_id` at `sale_price` (any denom: the
    /// royalty is in the same one).
    RoyaltyInfo {
        /// The token sold.
        token_id: String,
        /// The sale price, in base units of the sale's denom.
        sale_price: Uint128,
    },
    /// Whether this contract implements royalties (always true).
    CheckRoyalties {},
}

/// The answer of the cw721 `extension` query: the answer of the cw2981 query it carries
/// ([`RoyaltiesInfoResponse`] for `royalty_info`, [`CheckRoyaltiesResponse`] for
/// `check_royalties`), in the same JSON as that query at the top level.
#[cw_serde]
#[serde(untagged)]
pub enum Cw2981Response {
    /// The answer of `royalty_info`.
    RoyaltyInfo(RoyaltiesInfoResponse),
    /// The answer of `check_royalties`.
    CheckRoyalties(CheckRoyaltiesResponse),
}

/// A token's royalty: who receives it and its share in basis points.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Royalty {
    /// The receiver.
    pub address: Addr,
    /// Share of a sale price, in basis points (0 means none).
    pub share_bps: u16,
}

/// The cw2981 `royalty_info` answer for a token whose royalty is `royalty`: the receiver and
/// floor(sale_price × share / 10 000), never more than the share and never overflowing; an
/// empty address and zero without a royalty (or with a zero share).
pub fn royalty_info(
    royalty: Option<Royalty>,
    sale_price: Uint128,
) -> Result<RoyaltiesInfoResponse, StdError> {
    Ok(match royalty {
        Some(r) if r.share_bps > 0 => RoyaltiesInfoResponse {
            address: r.address.into_string(),
            royalty_amount: sale_price
                .checked_multiply_ratio(
                    u128::from(r.share_bps),
                    u128::from(crate::validate::BPS_DENOMINATOR),
                )
                .map_err(|e| StdError::generic_err(e.to_string()))?,
        },
        _ => RoyaltiesInfoResponse {
            address: String::new(),
            royalty_amount: Uint128::zero(),
        },
    })
}

/// The cw2981 `check_royalties` answer: every Modelfund collection implements royalties.
pub fn check_royalties() -> CheckRoyaltiesResponse {
    CheckRoyaltiesResponse {
        royalty_payments: true,
    }
}

/// What a collection adds to the standard cw721 behaviour.
pub trait Collection {
    /// The contract's error type.
    type Error: From<StdError> + From<Cw721ContractError>;
    /// What `nft_info` answers as the extension.
    type Extension: Serialize;

    /// The typed error for a token id cw721 does not hold.
    fn missing(&self, storage: &dyn Storage, token_id: &str) -> Self::Error;

    /// After cw721 moved `token_id` from `from` to `to` (a transfer or a send): the
    /// collection's own bookkeeping. Answers the attributes it adds to the event.
    fn moved(
        &self,
        storage: &mut dyn Storage,
        env: &Env,
        token_id: &str,
        from: &Addr,
        to: &Addr,
    ) -> Result<Vec<Attribute>, Self::Error>;

    /// The `nft_info` answer of a token: its URI and the collection's extension.
    fn nft_info(
        &self,
        deps: Deps,
        token_id: &str,
    ) -> Result<NftInfoResponse<Self::Extension>, Self::Error>;

    /// A token's royalty (`None` when it has none), or the typed error for a missing token.
    fn royalty(&self, deps: Deps, token_id: &str) -> Result<Option<Royalty>, Self::Error>;
}

/// Answers a cw2981 query of `collection`, asked at the top level or in `extension`: both
/// shapes share this one answer.
pub fn query_cw2981<C: Collection>(
    collection: &C,
    deps: Deps,
    msg: Cw2981QueryMsg,
) -> Result<Binary, C::Error> {
    Ok(match msg {
        Cw2981QueryMsg::RoyaltyInfo {
            token_id,
            sale_price,
        } => to_json_binary(&royalty_info(
            collection.royalty(deps, &token_id)?,
            sale_price,
        )?)?,
        Cw2981QueryMsg::CheckRoyalties {} => to_json_binary(&check_royalties())?,
    })
}

/// cw2981 `royalty_info` of `collection`'s `token_id`, asked at the top level (the same answer as
/// in the cw721 `extension` shape).
pub fn query_royalty_info<C: Collection>(
    collection: &C,
    deps: Deps,
    token_id: String,
    sale_price: Uint128,
) -> Result<Binary, C::Error> {
    let msg = Cw2981QueryMsg::RoyaltyInfo {
        token_id,
        sale_price,
    };
    query_cw2981(collection, deps, msg)
}

/// Writes the collection's cw721 `contract_info` (name and symbol) at instantiate.
pub fn save_collection_info(
    storage: &mut dyn Storage,
    name: &str,
    symbol: &str,
    now: cosmwasm_std::Timestamp,
) -> cosmwasm_std::StdResult<()> {
    Cw721Store::default().collection_info.save(
        storage,
        &cw721::state::CollectionInfo {
            name: name.to_string(),
            symbol: symbol.to_string(),
            updated_at: now,
        },
    )
}

/// The current owner of a token of `collection`, or its typed error for a missing token.
pub fn owner<C: Collection>(
    collection: &C,
    storage: &dyn Storage,
    token_id: &str,
) -> Result<Addr, C::Error> {
    match Cw721Store::default().nft_info.may_load(storage, token_id)? {
        Some(token) => Ok(token.owner),
        None => Err(collection.missing(storage, token_id)),
    }
}

/// Runs a standard cw721 message: the token and the addresses are checked first, then cw721
/// checks the sender's permission and writes; a move ends with [`Collection::moved`].
pub fn cw721_execute<C: Collection>(
    collection: &C,
    deps: DepsMut,
    env: &Env,
    info: &MessageInfo,
    msg: Cw721ExecuteMsg,
) -> Result<Response, C::Error> {
    match msg {
        Cw721ExecuteMsg::TransferNft {
            recipient,
            token_id,
        } => transfer_nft(collection, deps, env, info, &recipient, token_id),
        Cw721ExecuteMsg::SendNft {
            contract,
            token_id,
            msg,
        } => send_nft(collection, deps, env, info, &contract, token_id, msg),
        Cw721ExecuteMsg::Approve {
            spender,
            token_id,
            expires,
        } => {
            owner(collection, deps.storage, &token_id)?;
            deps.api.addr_validate(&spender)?;
            Ok(cw721_execute::approve::<Option<Empty>, Empty>(
                deps, env, info, spender, token_id, expires,
            )?)
        }
        Cw721ExecuteMsg::Revoke { spender, token_id } => {
            owner(collection, deps.storage, &token_id)?;
            deps.api.addr_validate(&spender)?;
            Ok(cw721_execute::revoke::<Option<Empty>, Empty>(
                deps, env, info, spender, token_id,
            )?)
        }
        Cw721ExecuteMsg::ApproveAll { operator, expires } => {
            deps.api.addr_validate(&operator)?;
            Ok(cw721_execute::approve_all::<Empty>(
                deps, env, info, operator, expires,
            )?)
        }
        Cw721ExecuteMsg::RevokeAll { operator } => {
            deps.api.addr_validate(&operator)?;
            Ok(cw721_execute::revoke_all::<Empty>(
                deps, env, info, operator,
            )?)
        }
    }
}

fn transfer_nft<C: Collection>(
    collection: &C,
    mut deps: DepsMut,
    env: &Env,
    info: &MessageInfo,
    recipient: &str,
    token_id: String,
) -> Result<Response, C::Error> {
    let from = owner(collection, deps.storage, &token_id)?;
    let recipient = deps.api.addr_validate(recipient)?;
    cw721_execute::transfer_nft::<Option<Empty>>(
        deps.branch(),
        env,
        info,
        recipient.as_str(),
        &token_id,
    )?;
    let added = collection.moved(deps.storage, env, &token_id, &from, &recipient)?;
    Ok(Response::new()
        .add_attribute("action", "transfer_nft")
        .add_attribute("sender", info.sender.as_str())
        .add_attribute("recipient", recipient)
        .add_attribute("token_id", token_id)
        .add_attributes(added))
}

fn send_nft<C: Collection>(
    collection: &C,
    mut deps: DepsMut,
    env: &Env,
    info: &MessageInfo,
    contract: &str,
    token_id: String,
    msg: Binary,
) -> Result<Response, C::Error> {
    let from = owner(collection, deps.storage, &token_id)?;
    let contract = deps.api.addr_validate(contract)?;
    let res = cw721_execute::send_nft::<Option<Empty>, Empty>(
        deps.branch(),
        env,
        info,
        contract.to_string(),
        token_id.clone(),
        msg,
    )?;
    let added = collection.moved(deps.storage, env, &token_id, &from, &contract)?;
    Ok(res.add_attributes(added))
}

/// Answers a standard cw721 query in cw721's shapes; `nft_info` and `all_nft_info` carry the
/// collection's extension.
pub fn cw721_query<C: Collection>(
    collection: &C,
    deps: Deps,
    env: &Env,
    msg: Cw721QueryMsg,
) -> Result<Binary, C::Error> {
    let expired = |include: Option<bool>| include.unwrap_or(false);
    Ok(match msg {
        Cw721QueryMsg::OwnerOf {
            token_id,
            include_expired,
        } => to_json_binary(&cw721_query::query_owner_of(
            deps,
            env,
            token_id,
            expired(include_expired),
        )?)?,
        Cw721QueryMsg::Approval {
            token_id,
            spender,
            include_expired,
        } => {
            let spender = deps.api.addr_validate(&spender)?;
            to_json_binary(&cw721_query::query_approval(
                deps,
                env,
                token_id,
                spender,
                expired(include_expired),
            )?)?
        }
        Cw721QueryMsg::Approvals {
            token_id,
            include_expired,
        } => to_json_binary(&cw721_query::query_approvals(
            deps,
            env,
            token_id,
            expired(include_expired),
        )?)?,
        Cw721QueryMsg::Operator {
            owner,
            operator,
            include_expired,
        } => to_json_binary(&cw721_query::query_operator(
            deps,
            env,
            owner,
            operator,
            expired(include_expired),
        )?)?,
        Cw721QueryMsg::AllOperators {
            owner,
            include_expired,
            start_after,
            limit,
        } => to_json_binary(&cw721_query::query_operators(
            deps,
            env,
            owner,
            expired(include_expired),
            start_after,
            limit,
        )?)?,
        Cw721QueryMsg::NumTokens {} => {
            to_json_binary(&cw721_query::query_num_tokens(deps.storage)?)?
        }
        Cw721QueryMsg::ContractInfo {} => {
            let info = cw721_query::query_collection_info(deps.storage)?;
            to_json_binary(&ContractInfoResponse {
                name: info.name,
                symbol: info.symbol,
            })?
        }
        Cw721QueryMsg::NftInfo { token_id } => {
            to_json_binary(&collection.nft_info(deps, &token_id)?)?
        }
        Cw721QueryMsg::AllNftInfo {
            token_id,
            include_expired,
        } => {
            let info = collection.nft_info(deps, &token_id)?;
            let access =
                cw721_query::query_owner_of(deps, env, token_id, expired(include_expired))?;
            to_json_binary(&AllNftInfoResponse { access, info })?
        }
        Cw721QueryMsg::Tokens {
            owner,
            start_after,
            limit,
        } => to_json_binary(&cw721_query::query_tokens(
            deps,
            env,
            owner,
            start_after,
            limit,
        )?)?,
        Cw721QueryMsg::AllTokens { start_after, limit } => to_json_binary(
            &cw721_query::query_all_tokens(deps, env, start_after, limit)?,
        )?,
        Cw721QueryMsg::Extension { msg } => query_cw2981(collection, deps, msg)?,
    })
}

/// Declares a collection's `ExecuteMsg`: its own variants, the standard cw721 ones with the
/// collection's wording of their docs, then the rest of its own. Also converts the standard
/// variants into a [`Cw721ExecuteMsg`] (`try_into`).
///
/// The variants' JSON, order and docs are those of a hand-written enum, so the schema is the
/// same. The docs are literals because the schema derive reads only literal doc strings (a
/// `concat!` would be dropped from the schema). End the own variants before `cw721` with a
/// comma.
macro_rules! cw721_execute_msg {
    (
        $(#[$meta:meta])*
        pub enum $name:ident {
            $($own:tt)*
        }
        cw721 {
            transfer_nft: $transfer_nft:literal,
            send_nft: $send_nft:literal,
            approve: $approve:literal,
            revoke: $revoke:literal,
            approve_all: $approve_all:literal $(,)?
        }
        then { $($after:tt)* }
    ) => {
        $(#[$meta])*
        pub enum $name {
            $($own)*
            #[doc = $transfer_nft]
            TransferNft { recipient: String, token_id: String },
            #[doc = $send_nft]
            SendNft {
                contract: String,
                token_id: String,
                msg: ::cosmwasm_std::Binary,
            },
            #[doc = $approve]
            Approve {
                spender: String,
                token_id: String,
                expires: Option<::cw721::Expiration>,
            },
            #[doc = $revoke]
            Revoke { spender: String, token_id: String },
            #[doc = $approve_all]
            ApproveAll {
                operator: String,
                expires: Option<::cw721::Expiration>,
            },
            /// cw721: remove an operator.
            RevokeAll { operator: String },
            $($after)*
        }

        impl TryFrom<$name> for $crate::nft::Cw721ExecuteMsg {
            type Error = ::cosmwasm_std::StdError;

            fn try_from(msg: $name) -> Result<Self, Self::Error> {
                use $crate::nft::Cw721ExecuteMsg as M;
                Ok(match msg {
                    $name::TransferNft { recipient, token_id } => M::TransferNft { recipient, token_id },
                    $name::SendNft { contract, token_id, msg } => M::SendNft { contract, token_id, msg },
                    $name::Approve { spender, token_id, expires } => M::Approve { spender, token_id, expires },
                    $name::Revoke { spender, token_id } => M::Revoke { spender, token_id },
                    $name::ApproveAll { operator, expires } => M::ApproveAll { operator, expires },
                    $name::RevokeAll { operator } => M::RevokeAll { operator },
                    _ => return Err(::cosmwasm_std::StdError::generic_err("not a cw721 message")),
                })
            }
        }
    };
}
pub(crate) use cw721_execute_msg;

/// Declares a collection's `QueryMsg` like [`cw721_execute_msg!`]: its own queries, the standard
/// cw721 ones (the docs that name its kind of token, and the `nft_info` extension type), then
/// the rest of its own. Also converts the standard variants into a [`Cw721QueryMsg`].
macro_rules! cw721_query_msg {
    (
        $(#[$meta:meta])*
        pub enum $name:ident {
            $($own:tt)*
        }
        cw721 {
            owner_of: $owner_of:literal,
            approval: $approval:literal,
            approvals: $approvals:literal,
            num_tokens: $num_tokens:literal,
            nft_info: $nft_info:literal,
            tokens: $tokens:literal,
            all_tokens: $all_tokens:literal,
            extension: $ext:ty $(,)?
        }
        then { $($after:tt)* }
    ) => {
        $(#[$meta])*
        pub enum $name {
            $($own)*
            #[doc = $owner_of]
            #[returns(::cw721::msg::OwnerOfResponse)]
            OwnerOf {
                token_id: String,
                include_expired: Option<bool>,
            },
            #[doc = $approval]
            #[returns(::cw721::msg::ApprovalResponse)]
            Approval {
                token_id: String,
                spender: String,
                include_expired: Option<bool>,
            },
            #[doc = $approvals]
            #[returns(::cw721::msg::ApprovalsResponse)]
            Approvals {
                token_id: String,
                include_expired: Option<bool>,
            },
            /// cw721: one operator of an owner.
            #[returns(::cw721::msg::OperatorResponse)]
            Operator {
                owner: String,
                operator: String,
                include_expired: Option<bool>,
            },
            /// cw721: all operators of an owner, paginated.
            #[returns(::cw721::msg::OperatorsResponse)]
            AllOperators {
                owner: String,
                include_expired: Option<bool>,
                start_after: Option<String>,
                limit: Option<u32>,
            },
            #[doc = $num_tokens]
            #[returns(::cw721::msg::NumTokensResponse)]
            NumTokens {},
            /// cw721: collection name and symbol.
            #[returns($crate::nft::ContractInfoResponse)]
            ContractInfo {},
            #[doc = $nft_info]
            #[returns(::cw721::msg::NftInfoResponse<$ext>)]
            NftInfo { token_id: String },
            /// cw721: `owner_of` and `nft_info` in one.
            #[returns(::cw721::msg::AllNftInfoResponse<$ext>)]
            AllNftInfo {
                token_id: String,
                include_expired: Option<bool>,
            },
            #[doc = $tokens]
            #[returns(::cw721::msg::TokensResponse)]
            Tokens {
                owner: String,
                start_after: Option<String>,
                limit: Option<u32>,
            },
            #[doc = $all_tokens]
            #[returns(::cw721::msg::TokensResponse)]
            AllTokens {
                start_after: Option<String>,
                limit: Option<u32>,
            },
            /// cw721 extension query, answering cw2981 in cw-nfts' `cw2981-royalties` shape:
            /// `{"extension":{"msg":{"royalty_info":{"token_id":..,"sale_price":..}}}}` or
            /// `{"extension":{"msg":{"check_royalties":{}}}}`, answered as the top-level query.
            #[returns($crate::nft::Cw2981Response)]
            Extension { msg: $crate::nft::Cw2981QueryMsg },
            $($after)*
        }

        impl TryFrom<$name> for $crate::nft::Cw721QueryMsg {
            type Error = ::cosmwasm_std::StdError;

            fn try_from(msg: $name) -> Result<Self, Self::Error> {
                use $crate::nft::Cw721QueryMsg as M;
                Ok(match msg {
                    $name::OwnerOf { token_id, include_expired } => M::OwnerOf { token_id, include_expired },
                    $name::Approval { token_id, spender, include_expired } => M::Approval { token_id, spender, include_expired },
                    $name::Approvals { token_id, include_expired } => M::Approvals { token_id, include_expired },
                    $name::Operator { owner, operator, include_expired } => M::Operator { owner, operator, include_expired },
                    $name::AllOperators { owner, include_expired, start_after, limit } => M::AllOperators { owner, include_expired, start_after, limit },
                    $name::NumTokens {} => M::NumTokens {},
                    $name::ContractInfo {} => M::ContractInfo {},
                    $name::NftInfo { token_id } => M::NftInfo { token_id },
                    $name::AllNftInfo { token_id, include_expired } => M::AllNftInfo { token_id, include_expired },
                    $name::Tokens { owner, start_after, limit } => M::Tokens { owner, start_after, limit },
                    $name::AllTokens { start_after, limit } => M::AllTokens { start_after, limit },
                    $name::Extension { msg } => M::Extension { msg },
                    _ => return Err(::cosmwasm_std::StdError::generic_err("not a cw721 query")),
                })
            }
        }
    };
}
pub(crate) use cw721_query_msg;

/// The standard cw721 variants of a collection's `ExecuteMsg`, as one pattern for its dispatcher:
/// `msg @ modelfund::cw721_execute_variants!(ExecuteMsg) => nft::cw721_execute(…, msg.try_into()?)`.
#[macro_export]
macro_rules! cw721_execute_variants {
    ($msg:ident) => {
        ($msg::TransferNft { .. }
            | $msg::SendNft { .. }
            | $msg::Approve { .. }
            | $msg::Revoke { .. }
            | $msg::ApproveAll { .. }
            | $msg::RevokeAll { .. })
    };
}

/// The standard cw721 variants of a collection's `QueryMsg`, as one pattern for its dispatcher.
#[macro_export]
macro_rules! cw721_query_variants {
    ($msg:ident) => {
        ($msg::OwnerOf { .. }
            | $msg::Approval { .. }
            | $msg::Approvals { .. }
            | $msg::Operator { .. }
            | $msg::AllOperators { .. }
            | $msg::NumTokens {}
            | $msg::ContractInfo {}
            | $msg::NftInfo { .. }
            | $msg::AllNftInfo { .. }
            | $msg::Tokens { .. }
            | $msg::AllTokens { .. }
            | $msg::Extension { .. })
    };
}

#[cfg(test)]
mod tests {
    use super::*;
    use cosmwasm_std::{from_json, to_json_string};

    // The JSON cw-nfts' `cw2981-royalties` sends and answers (its `Cw2981QueryMsg` wrapped in
    // cw721's `QueryMsg::Extension { msg }`, `RoyaltiesInfoResponse`, `CheckRoyaltiesResponse`).
    const ASK_ROYALTY: &str =
        r#"{"extension":{"msg":{"royalty_info":{"token_id":"7","sale_price":"1000001"}}}}"#;
    const ASK_CHECK: &str = r#"{"extension":{"msg":{"check_royalties":{}}}}"#;
    const ROYALTY_ANSWER: &str = r#"{"address":"inj1payee","royalty_amount":"75000"}"#;
    const CHECK_ANSWER: &str = r#"{"royalty_payments":true}"#;

    #[cw_serde]
    enum Wrapped {
        Extension { msg: Cw2981QueryMsg },
    }

    #[test]
    fn cw2981_queries_have_cw2981_royalties_json() {
        let royalty = Wrapped::Extension {
            msg: Cw2981QueryMsg::RoyaltyInfo {
                token_id: "7".into(),
                sale_price: Uint128::new(1_000_001),
            },
        };
        assert_eq!(to_json_string(&royalty).unwrap(), ASK_ROYALTY);
        assert_eq!(from_json::<Wrapped>(ASK_ROYALTY).unwrap(), royalty);
        let check = Wrapped::Extension {
            msg: Cw2981QueryMsg::CheckRoyalties {},
        };
        assert_eq!(to_json_string(&check).unwrap(), ASK_CHECK);
        assert_eq!(from_json::<Wrapped>(ASK_CHECK).unwrap(), check);
    }

    #[test]
    fn cw2981_answers_read_as_cw2981_royalties_responses() {
        let answer = royalty_info(
            Some(Royalty {
                address: Addr::unchecked("inj1payee"),
                share_bps: 750,
            }),
            Uint128::new(1_000_001),
        )
        .unwrap();
        assert_eq!(to_json_string(&answer).unwrap(), ROYALTY_ANSWER);
        assert_eq!(to_json_string(&check_royalties()).unwrap(), CHECK_ANSWER);
        // the extension's answer type reads both answers as the right one
        assert_eq!(
            from_json::<Cw2981Response>(ROYALTY_ANSWER).unwrap(),
            Cw2981Response::RoyaltyInfo(answer)
        );
        assert_eq!(
            from_json::<Cw2981Response>(CHECK_ANSWER).unwrap(),
            Cw2981Response::CheckRoyalties(check_royalties())
        );
    }

    #[test]
    fn royalty_is_rounded_down_and_empty_without_a_share() {
        let payee = |share_bps| {
            Some(Royalty {
                address: Addr::unchecked("payee"),
                share_bps,
            })
        };
        let none = RoyaltiesInfoResponse {
            address: String::new(),
            royalty_amount: Uint128::zero(),
        };
        assert_eq!(royalty_info(None, Uint128::new(100)).unwrap(), none);
        assert_eq!(royalty_info(payee(0), Uint128::new(100)).unwrap(), none);
        assert_eq!(
            royalty_info(payee(500), Uint128::new(39))
                .unwrap()
                .royalty_amount,
            Uint128::new(1)
        );
        assert_eq!(
            royalty_info(payee(10_000), Uint128::MAX)
                .unwrap()
                .royalty_amount,
            Uint128::MAX
        );
    }
}
