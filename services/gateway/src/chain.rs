//! The chain, as the gateway sees it: a trait (so tests need no node) and its implementation
//! over the node's REST API, with the settlement transaction signed in process (cosmrs,
//! `SIGN_MODE_DIRECT`) and broadcast with `BROADCAST_MODE_SYNC`.

use std::time::Duration;

use async_trait::async_trait;
use base64::Engine;
use cosmrs::cosmwasm::MsgExecuteContract;
use cosmrs::crypto::secp256k1::SigningKey;
use cosmrs::tx::{Body, Fee, Msg, SignDoc, SignerInfo};
use cosmrs::{AccountId, Coin as TxCoin, Denom};
use cosmwasm_std::Addr;
use modelfund::access::{GrantInfo, LicenseResponse, UsageMsg};
use modelfund::channels::{ChannelResponse, ExecuteMsg, QueryMsg, Voucher};
use modelfund::registry::ModelVersion;
use serde_json::Value;
use thiserror::Error;

#[derive(Error, Debug, Clone)]
pub enum ChainError {
    #[error("the node's REST API failed: {0}")]
    Unreachable(String),
    #[error("the node answered {status}: {message}")]
    Query { status: u16, message: String },
    #[error("unexpected answer from the node: {0}")]
    Decode(String),
    #[error("signing the transaction failed: {0}")]
    Sign(String),
    #[error("the transaction was refused (code {code}): {log}")]
    TxFailed { code: u32, log: String },
    #[error("the transaction {0} was not included in time")]
    TxTimeout(String),
}

/// What the gateway reads from and sends to the chain.
#[async_trait]
pub trait Chain: Send + Sync {
    /// The channel, or `None` when the contract has no such channel.
    async fn channel(&self, channel_id: u64) -> Result<Option<ChannelResponse>, ChainError>;
    /// Whether the model's DAO approved `gateway` (access's published raw key).
    async fn gateway_approved(&self, model_id: &str, gateway: &str) -> Result<bool, ChainError>;
    /// The newest entry of the model's version log in the registry.
    async fn latest_version(&self, model_id: &str) -> Result<ModelVersion, ChainError>;
    /// The channels contract's `max_claims_per_tx`.
    async fn max_claims_per_tx(&self) -> Result<u32, ChainError>;
    /// One `claim {vouchers}` transaction from the gateway's key; returns its hash once it is
    /// included with code 0.
    async fn claim(&self, vouchers: Vec<Voucher>) -> Result<String, ChainError>;
    /// The grant of `user` to `gateway` on the model (calls left, session key), if any.
    async fn grant(
        &self,
        model_id: &str,
        user: &str,
        gateway: &str,
    ) -> Result<Option<GrantInfo>, ChainError>;
    /// The user's credits (calls) on the model.
    async fn credits(&self, model_id: &str, user: &str) -> Result<u64, ChainError>;
    /// A license (lease), or `None` when access has no such token.
    async fn license(&self, token_id: &str) -> Result<Option<LicenseResponse>, ChainError>;
    /// One access `consume_batch {model_id, usages}` transaction from the gateway's key;
    /// returns its hash once it is included with code 0.
    async fn consume_batch(
        &self,
        model_id: &str,
        usages: Vec<UsageMsg>,
    ) -> Result<String, ChainError>;
}

/// `<amount><denom>` → (amount, denom).
pub fn parse_gas_price(text: &str) -> Result<(f64, String), String> {
    let split = text
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(text.len());
    let (num, denom) = text.split_at(split);
    match (num.parse::<f64>(), denom.is_empty()) {
        (Ok(n), false) if n >= 0.0 => Ok((n, denom.to_string())),
        _ => Err(format!(
            "gas price '{text}' must be an amount and a denom, e.g. 160000000inj"
        )),
    }
}

/// The gateway's chain key: a plain secp256k1 Cosmos key.
pub struct GatewayKey {
    key: SigningKey,
    pub address: String,
}

impl GatewayKey {
    /// From 64 hex characters (surrounding whitespace ignored).
    pub fn from_hex(text: &str, prefix: &str) -> Result<Self, ChainError> {
        let bytes = hex::decode(text.trim())
            .map_err(|_| ChainError::Sign("the key file must hold 64 hex characters".into()))?;
        if bytes.len() != 32 {
            return Err(ChainError::Sign(
                "the key file must hold 64 hex characters".into(),
            ));
        }
        let key = SigningKey::from_slice(&bytes).map_err(|e| ChainError::Sign(e.to_string()))?;
        let address = key
            .public_key()
            .account_id(prefix)
            .map_err(|e| ChainError::Sign(e.to_string()))?
            .to_string();
        Ok(GatewayKey { key, address })
    }
}

/// The chain through its REST API.
pub struct RestChain {
    http: reqwest::Client,
    rest: String,
    chain_id: String,
    registry: String,
    access: String,
    channels: String,
    key: GatewayKey,
    gas_price: (f64, String),
    gas_adjustment: f64,
}

impl RestChain {
    #[allow(clippy::too_many_arguments)]
    pub fn new(
        rest: &str,
        chain_id: &str,
        registry: &str,
        access: &str,
        channels: &str,
        key: GatewayKey,
        gas_price: &str,
        gas_adjustment: f64,
    ) -> Result<Self, ChainError> {
        let http = reqwest::Client::builder()
            .timeout(Duration::from_secs(20))
            .build()
            .map_err(|e| ChainError::Unreachable(e.to_string()))?;
        Ok(RestChain {
            http,
            rest: rest.trim_end_matches('/').to_string(),
            chain_id: chain_id.into(),
            registry: registry.into(),
            access: access.into(),
            channels: channels.into(),
            key,
            gas_price: parse_gas_price(gas_price).map_err(ChainError::Sign)?,
            gas_adjustment,
        })
    }

    async fn get(&self, path: &str) -> Result<(u16, Value), ChainError> {
        let url = format!("{}{path}", self.rest);
        let resp = self
            .http
            .get(&url)
            .send()
            .await
            .map_err(|e| ChainError::Unreachable(e.to_string()))?;
        let status = resp.status().as_u16();
        let body = resp
            .text()
            .await
            .map_err(|e| ChainError::Unreachable(e.to_string()))?;
        let value = serde_json::from_str(&body).map_err(|_| {
            ChainError::Decode(format!(
                "{status} with no JSON: {}",
                body.chars().take(200).collect::<String>()
            ))
        })?;
        Ok((status, value))
    }

    async fn post(&self, path: &str, body: &Value) -> Result<(u16, Value), ChainError> {
        let url = format!("{}{path}", self.rest);
        let resp = self
            .http
            .post(&url)
            .json(body)
            .send()
            .await
            .map_err(|e| ChainError::Unreachable(e.to_string()))?;
        let status = resp.status().as_u16();
        let value = resp
            .json()
            .await
            .map_err(|e| ChainError::Decode(e.to_string()))?;
        Ok((status, value))
    }

    /// A smart query; `Ok(None)` when the contract answered with an error whose message
    /// contains `not_found` (the contract's typed "not found").
    async fn smart<Q: serde::Serialize>(
        &self,
        contract: &str,
        query: &Q,
        not_found: Option<&str>,
    ) -> Result<Option<Value>, ChainError> {
        let json = serde_json::to_vec(query).map_err(|e| ChainError::Decode(e.to_string()))?;
        let b64 = path_base64(&json);
        let (status, value) = self
            .get(&format!(
                "/cosmwasm/wasm/v1/contract/{contract}/smart/{b64}"
            ))
            .await?;
        if status != 200 {
            let message = value["message"].as_str().unwrap_or_default().to_string();
            if not_found.is_some_and(|n| message.contains(n)) {
                return Ok(None);
            }
            return Err(ChainError::Query { status, message });
        }
        Ok(value.get("data").cloned())
    }

    async fn account(&self) -> Result<(u64, u64), ChainError> {
        let (status, value) = self
            .get(&format!(
                "/cosmos/auth/v1beta1/accounts/{}",
                self.key.address
            ))
            .await?;
        if status != 200 {
            return Err(ChainError::Query {
                status,
                message: format!(
                    "account {} (fund it first): {}",
                    self.key.address,
                    value["message"].as_str().unwrap_or_default()
                ),
            });
        }
        account_numbers(&value["account"])
    }

    fn sign(
        &self,
        contract: &str,
        msg: &[u8],
        account_number: u64,
        sequence: u64,
        gas: u64,
    ) -> Result<Vec<u8>, ChainError> {
        let sign_err = |e: &dyn std::fmt::Display| ChainError::Sign(e.to_string());
        let sender: AccountId = self.key.address.parse().map_err(|e| sign_err(&e))?;
        let contract: AccountId = contract.parse().map_err(|e| sign_err(&e))?;
        let exec = MsgExecuteContract {
            sender,
            contract,
            msg: msg.to_vec(),
            funds: vec![],
        };
        let body = Body::new(
            vec![exec.to_any().map_err(|e| sign_err(&e))?],
            "modelfund-gateway settlement",
            0u32,
        );
        let denom: Denom = self.gas_price.1.parse().map_err(|e| sign_err(&e))?;
        let fee_amount = (gas as f64 * self.gas_price.0).ceil() as u128;
        let fee = Fee::from_amount_and_gas(
            TxCoin {
                denom,
                amount: fee_amount,
            },
            gas,
        );
        let auth =
            SignerInfo::single_direct(Some(self.key.key.public_key()), sequence).auth_info(fee);
        let chain_id = self.chain_id.parse().map_err(|e| sign_err(&e))?;
        let doc =
            SignDoc::new(&body, &auth, &chain_id, account_number).map_err(|e| sign_err(&e))?;
        let raw = doc.sign(&self.key.key).map_err(|e| sign_err(&e))?;
        raw.to_bytes().map_err(|e| sign_err(&e))
    }

    /// One `MsgExecuteContract` of `msg` to `contract` from the gateway's key: simulated,
    /// signed, broadcast and polled until included; its hash.
    async fn execute<M: serde::Serialize + Sync>(
        &self,
        contract: &str,
        msg: &M,
    ) -> Result<String, ChainError> {
        let msg = serde_json::to_vec(msg).map_err(|e| ChainError::Sign(e.to_string()))?;
        let (account_number, sequence) = self.account().await?;
        // simulate with a provisional gas limit, then sign for real
        let probe = self.sign(contract, &msg, account_number, sequence, 10_000_000)?;
        let used = self.simulate(&probe).await?;
        let gas = (used as f64 * self.gas_adjustment).ceil() as u64;
        let tx = self.sign(contract, &msg, account_number, sequence, gas)?;
        let b64 = base64::engine::general_purpose::STANDARD.encode(&tx);
        let (status, value) = self
            .post(
                "/cosmos/tx/v1beta1/txs",
                &serde_json::json!({"tx_bytes": b64, "mode": "BROADCAST_MODE_SYNC"}),
            )
            .await?;
        let resp = &value["tx_response"];
        if status != 200 || resp.is_null() {
            return Err(ChainError::Query {
                status,
                message: value["message"].as_str().unwrap_or_default().to_string(),
            });
        }
        let code = resp["code"].as_u64().unwrap_or(0) as u32;
        let hash = resp["txhash"].as_str().unwrap_or_default().to_string();
        if code != 0 {
            return Err(ChainError::TxFailed {
                code,
                log: resp["raw_log"].as_str().unwrap_or_default().to_string(),
            });
        }
        // wait for inclusion
        for _ in 0..60 {
            tokio::time::sleep(Duration::from_millis(500)).await;
            let (status, value) = self.get(&format!("/cosmos/tx/v1beta1/txs/{hash}")).await?;
            if status == 200 {
                let resp = &value["tx_response"];
                let code = resp["code"].as_u64().unwrap_or(0) as u32;
                if code != 0 {
                    return Err(ChainError::TxFailed {
                        code,
                        log: resp["raw_log"].as_str().unwrap_or_default().to_string(),
                    });
                }
                return Ok(hash);
            }
        }
        Err(ChainError::TxTimeout(hash))
    }

    async fn simulate(&self, tx: &[u8]) -> Result<u64, ChainError> {
        let b64 = base64::engine::general_purpose::STANDARD.encode(tx);
        let (status, value) = self
            .post(
                "/cosmos/tx/v1beta1/simulate",
                &serde_json::json!({"tx_bytes": b64}),
            )
            .await?;
        if status != 200 {
            return Err(ChainError::TxFailed {
                code: value["code"].as_u64().unwrap_or(0) as u32,
                log: value["message"].as_str().unwrap_or_default().to_string(),
            });
        }
        value["gas_info"]["gas_used"]
            .as_str()
            .and_then(|g| g.parse().ok())
            .ok_or_else(|| ChainError::Decode(format!("simulate answer: {value}")))
    }
}

/// Standard base64 in a URL path segment, its three special characters escaped (as the
/// `modelfund` client does).
fn path_base64(bytes: &[u8]) -> String {
    base64::engine::general_purpose::STANDARD
        .encode(bytes)
        .replace('+', "%2B")
        .replace('/', "%2F")
        .replace('=', "%3D")
}

/// Account number and sequence from `/cosmos/auth/v1beta1/accounts/{addr}`'s `account`:
/// Injective answers `/injective.types.v1beta1.EthAccount` wrapping a `base_account`; other
/// chains a plain `BaseAccount`.
pub fn account_numbers(account: &Value) -> Result<(u64, u64), ChainError> {
    let base = account.get("base_account").unwrap_or(account);
    let num = |k: &str| {
        base[k]
            .as_str()
            .and_then(|s| s.parse::<u64>().ok())
            .or_else(|| base[k].as_u64())
    };
    match (num("account_number"), num("sequence")) {
        (Some(a), Some(s)) => Ok((a, s)),
        _ => Err(ChainError::Decode(format!(
            "account without numbers: {account}"
        ))),
    }
}

#[async_trait]
impl Chain for RestChain {
    async fn channel(&self, channel_id: u64) -> Result<Option<ChannelResponse>, ChainError> {
        let data = self
            .smart(
                &self.channels,
                &QueryMsg::Channel { channel_id },
                Some("not found"),
            )
            .await?;
        match data {
            None => Ok(None),
            Some(v) => serde_json::from_value(v)
                .map(Some)
                .map_err(|e| ChainError::Decode(e.to_string())),
        }
    }

    async fn gateway_approved(&self, model_id: &str, gateway: &str) -> Result<bool, ChainError> {
        let key = modelfund::access::raw::gateway_key(model_id, &Addr::unchecked(gateway));
        let b64 = path_base64(&key);
        let (status, value) = self
            .get(&format!(
                "/cosmwasm/wasm/v1/contract/{}/raw/{b64}",
                self.access
            ))
            .await?;
        if status != 200 {
            return Err(ChainError::Query {
                status,
                message: value["message"].as_str().unwrap_or_default().to_string(),
            });
        }
        Ok(value["data"].as_str().is_some_and(|d| !d.is_empty()))
    }

    async fn latest_version(&self, model_id: &str) -> Result<ModelVersion, ChainError> {
        let data = self
            .smart(
                &self.registry,
                &modelfund::registry::QueryMsg::LatestVersion {
                    token_id: model_id.into(),
                },
                None,
            )
            .await?
            .ok_or_else(|| ChainError::Decode("latest_version without data".into()))?;
        serde_json::from_value(data).map_err(|e| ChainError::Decode(e.to_string()))
    }

    async fn max_claims_per_tx(&self) -> Result<u32, ChainError> {
        let data = self
            .smart(&self.channels, &QueryMsg::Config {}, None)
            .await?
            .ok_or_else(|| ChainError::Decode("config without data".into()))?;
        let config: modelfund::channels::ConfigResponse =
            serde_json::from_value(data).map_err(|e| ChainError::Decode(e.to_string()))?;
        Ok(config.max_claims_per_tx)
    }

    async fn claim(&self, vouchers: Vec<Voucher>) -> Result<String, ChainError> {
        self.execute(&self.channels, &ExecuteMsg::Claim { vouchers })
            .await
    }

    async fn grant(
        &self,
        model_id: &str,
        user: &str,
        gateway: &str,
    ) -> Result<Option<GrantInfo>, ChainError> {
        let query = modelfund::access::QueryMsg::Grant {
            model_id: model_id.into(),
            user: user.into(),
            gateway: gateway.into(),
        };
        match self.smart(&self.access, &query, None).await? {
            None | Some(Value::Null) => Ok(None),
            Some(v) => serde_json::from_value(v).map_err(|e| ChainError::Decode(e.to_string())),
        }
    }

    async fn credits(&self, model_id: &str, user: &str) -> Result<u64, ChainError> {
        let query = modelfund::access::QueryMsg::Credits {
            model_id: model_id.into(),
            user: user.into(),
        };
        let data = self
            .smart(&self.access, &query, None)
            .await?
            .ok_or_else(|| ChainError::Decode("credits without data".into()))?;
        let credits: modelfund::access::CreditsResponse =
            serde_json::from_value(data).map_err(|e| ChainError::Decode(e.to_string()))?;
        Ok(credits.credits)
    }

    async fn license(&self, token_id: &str) -> Result<Option<LicenseResponse>, ChainError> {
        let query = modelfund::access::QueryMsg::License {
            token_id: token_id.into(),
        };
        match self.smart(&self.access, &query, Some("not found")).await? {
            None => Ok(None),
            Some(v) => serde_json::from_value(v)
                .map(Some)
                .map_err(|e| ChainError::Decode(e.to_string())),
        }
    }

    async fn consume_batch(
        &self,
        model_id: &str,
        usages: Vec<UsageMsg>,
    ) -> Result<String, ChainError> {
        let msg = modelfund::access::ExecuteMsg::ConsumeBatch {
            model_id: model_id.into(),
            usages,
        };
        self.execute(&self.access, &msg).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn account_numbers_unwrap_injectives_eth_account_and_read_a_base_account() {
        let eth = serde_json::json!({
            "@type": "/injective.types.v1beta1.EthAccount",
            "base_account": {"address": "inj1x", "pub_key": null, "account_number": "12", "sequence": "3"},
            "code_hash": "xdjl"
        });
        assert_eq!(account_numbers(&eth).unwrap(), (12, 3));
        let base = serde_json::json!({
            "@type": "/cosmos.auth.v1beta1.BaseAccount", "address": "cosmos1x",
            "account_number": "7", "sequence": "0"
        });
        assert_eq!(account_numbers(&base).unwrap(), (7, 0));
        assert!(account_numbers(&serde_json::json!({"@type": "x"})).is_err());
    }

    #[test]
    fn a_gateway_key_has_the_plain_cosmos_address() {
        // ripemd160(sha256(compressed pubkey)), bech32 "inj"
        let key = GatewayKey::from_hex(&"01".repeat(32), "inj").unwrap();
        assert!(key.address.starts_with("inj1"), "{}", key.address);
        let pk = key.key.public_key().to_bytes();
        assert_eq!(pk.len(), 33);
        use ripemd::Digest as _;
        let expected = ripemd::Ripemd160::digest(sha2::Sha256::digest(&pk));
        let id = key.key.public_key().account_id("inj").unwrap();
        assert_eq!(id.to_bytes(), expected.to_vec());
        assert_eq!(id.to_string(), key.address);
        assert!(GatewayKey::from_hex("zz", "inj").is_err());
        assert!(GatewayKey::from_hex(&"00".repeat(32), "inj").is_err());
    }

    #[test]
    fn gas_prices_parse() {
        assert_eq!(
            parse_gas_price("160000000inj").unwrap(),
            (160000000.0, "inj".into())
        );
        assert_eq!(
            parse_gas_price("0.025uatom").unwrap(),
            (0.025, "uatom".into())
        );
        assert!(parse_gas_price("inj").is_err());
        assert!(parse_gas_price("100").is_err());
    }
}
