//! `modelfund ask`: one paid call to an inference gateway through a payment channel, or from
//! the user's credits or a lease ([`ask_access`]) (docs/gateway.md). The channel is read from the chain; the next voucher is the amount the
//! gateway has answered so far plus one call's price, signed with the session key and sent in
//! the `X-Modelfund-Voucher` header. Only what an answer came back for is counted as answered,
//! so a failed call is paid by resending the same voucher (the gateway answers a resent voucher
//! with the answer it stored, never twice).

use std::collections::BTreeMap;

use modelfund::channels::QueryMsg;
use modelfund_vouchers::{AccessDomain, Domain, SessionKey, ACCESS_HEADER, VOUCHER_HEADER};
use serde_json::{json, Value};

use crate::store::Store;
use crate::vouchers::{next_voucher, record_key, Lower};
#[cfg(test)]
use crate::CliError;
use crate::{chain, failed, input, Result};

/// One call: where, on which channel, what to ask.
pub struct Ask<'a> {
    pub gateway: &'a str,
    pub rest: &'a str,
    pub domain: Domain,
    pub channel: u64,
    pub prompt: &'a str,
    pub max_tokens: u32,
    /// What the gateway serves: its model and chain address.
    pub served: &'a Served,
}

/// The answer and what it cost.
pub struct Answer {
    pub text: String,
    /// This call's price, in base units of `denom`.
    pub price: u128,
    /// Everything the gateway has answered on this channel so far (the voucher's amount).
    pub total: u128,
    pub deposit: u128,
    pub denom: String,
}

fn amount(v: &Value, what: &str) -> Result<u128> {
    v.as_str()
        .and_then(|s| s.parse().ok())
        .ok_or_else(|| failed(format!("the channel's {what} is not an amount: {v}")))
}

/// The record key of what the gateway answered on a channel (next to the highest signed). The
/// channel's opening time is part of it: a fresh local chain reuses the contract address and the
/// channel ids, and what was answered on the old chain's channel must not be owed on the new one.
fn answered_key(domain: &Domain, channel: u64, opened_at: &Value) -> String {
    let opened = opened_at.as_str().unwrap_or_default();
    format!("answered {} opened {opened}", record_key(domain, channel))
}

/// The gateway's error sentence from a JSON error body, else the body itself.
fn gateway_error(status: u16, body: &str) -> String {
    let message = serde_json::from_str::<Value>(body)
        .ok()
        .and_then(|v| v["error"]["message"].as_str().map(str::to_string))
        .unwrap_or_else(|| body.chars().take(300).collect());
    format!("the gateway refused the call ({status}): {message}")
}

/// What a gateway says it serves (`GET /v1/models`): the model, the gateway's chain address, and
/// the channels contract and chain its vouchers are signed for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Served {
    pub model_id: String,
    pub gateway: String,
    pub channels: String,
    pub chain_id: String,
}

/// Reads [`Served`] from the gateway's model list.
pub fn served(gateway: &str) -> Result<Served> {
    check_gateway_url(gateway)?;
    let url = format!("{}/v1/models", gateway.trim_end_matches('/'));
    let text = ureq::get(&url)
        .timeout(std::time::Duration::from_secs(20))
        .call()
        .map_err(|e| failed(format!("cannot reach the gateway at {gateway}: {e}")))?
        .into_string()
        .map_err(|e| failed(format!("reading the gateway's model list: {e}")))?;
    let body: Value = serde_json::from_str(&text)
        .map_err(|e| failed(format!("the gateway's model list is not JSON: {e}")))?;
    let model = &body["data"][0];
    let field = |v: &Value, what: &str| {
        v.as_str()
            .filter(|s| !s.is_empty())
            .map(str::to_string)
            .ok_or_else(|| failed(format!("the gateway at {gateway} does not say its {what}")))
    };
    Ok(Served {
        model_id: field(&model["id"], "model")?,
        gateway: field(&model["modelfund"]["gateway"], "chain address")?,
        channels: field(&model["modelfund"]["channels"], "channels contract")?,
        chain_id: field(&model["modelfund"]["chain_id"], "chain id")?,
    })
}

fn check_gateway_url(gateway: &str) -> Result<()> {
    if gateway.starts_with("http://") || gateway.starts_with("https://") {
        Ok(())
    } else {
        Err(input(format!(
            "--gateway '{gateway}' must be an http:// or https:// URL"
        )))
    }
}

/// What the user asked for, or the gateway's value when the user said nothing; a user value the
/// gateway does not share is refused (vouchers are signed for one contract on one chain).
pub fn agree(what: &str, given: Option<&str>, gateway_says: &str) -> Result<String> {
    match given {
        Some(g) if g != gateway_says => Err(failed(format!(
            "{what} is {g} but the gateway takes vouchers for {gateway_says}"
        ))),
        _ => Ok(gateway_says.to_string()),
    }
}

/// What is left on a channel for the next call: the deposit less what was answered (`record`,
/// the voucher record) or claimed, whichever is higher.
fn left(record: &BTreeMap<String, String>, domain: &Domain, ch: &Value) -> Result<u128> {
    let id = ch["channel_id"].as_u64().unwrap_or_default();
    let answered = record
        .get(&answered_key(domain, id, &ch["opened_at"]))
        .and_then(|v| v.parse::<u128>().ok())
        .unwrap_or(0)
        .max(amount(&ch["claimed"], "claimed amount")?);
    Ok(amount(&ch["deposit"], "deposit")?.saturating_sub(answered))
}

/// The most channels [`find_channel`] reads (100 pages of 30).
const MAX_PAGES: usize = 100;

/// The channel `ask` pays with when none is named: among `user`'s channels, the open ones to this
/// gateway for its model, voucher key = this session key, priced per call, with room for one more
/// call; the one with the most left (the lowest id on a tie). `None` when there is none.
pub fn find_channel(
    store: &Store,
    key: &SessionKey,
    rest: &str,
    domain: &Domain,
    served: &Served,
    user: &str,
) -> Result<Option<u64>> {
    let mine = cosmwasm_std::Binary::from(key.public_key().to_vec()).to_base64();
    let mut best: Option<(u128, u64)> = None;
    let mut start_after = None;
    // the voucher record, read once when the first usable channel needs it
    let mut record: Option<BTreeMap<String, String>> = None;
    for _ in 0..MAX_PAGES {
        let query = QueryMsg::ChannelsByUser {
            user: user.to_string(),
            start_after,
            limit: Some(30),
        };
        let page = chain::smart_query(rest, &domain.contract, &query)?;
        let channels = page["channels"].as_array().cloned().unwrap_or_default();
        for ch in &channels {
            let usable = ch["status"] == "open"
                && ch["gateway"] == served.gateway.as_str()
                && ch["model_id"] == served.model_id.as_str()
                && ch["voucher_key"] == mine.as_str()
                && ch["terms"]["unit"] == "call";
            if !usable {
                continue;
            }
            let record = match &record {
                Some(r) => r,
                None => record.insert(store.load_record()?),
            };
            let room = left(record, domain, ch)?;
            let id = ch["channel_id"].as_u64().unwrap_or_default();
            let price = amount(&ch["terms"]["price"]["amount"], "price")?;
            if room >= price && best.is_none_or(|(r, _)| room > r) {
                best = Some((room, id));
            }
        }
        match channels.last() {
            Some(last) if channels.len() == 30 => start_after = last["channel_id"].as_u64(),
            _ => break,
        }
    }
    Ok(best.map(|(_, id)| id))
}

/// The model's metered plan priced per call that a new channel opens on: the only active one
/// (access `plans`, through the channels contract's `config`), or an error naming them.
pub fn call_plan(rest: &str, channels: &str, model_id: &str) -> Result<String> {
    let config = chain::smart_query(rest, channels, &QueryMsg::Config {})?;
    let access = config["access"]
        .as_str()
        .ok_or_else(|| failed("the channels contract does not name its access contract"))?;
    let plans = chain::smart_query(
        rest,
        access,
        &modelfund::access::QueryMsg::Plans {
            model_id: model_id.to_string(),
            start_after: None,
            limit: Some(30),
        },
    )?;
    let ids: Vec<String> = plans["plans"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|p| p["retired"] == false && p["kind"]["metered"]["unit"] == "call")
        .filter_map(|p| p["plan_id"].as_str().map(str::to_string))
        .collect();
    match ids.as_slice() {
        [one] => Ok(one.clone()),
        [] => Err(failed(format!(
            "model {model_id} has no metered plan priced per call: its DAO sets one first"
        ))),
        many => Err(input(format!(
            "model {model_id} has several plans priced per call ({}): pass --plan",
            many.join(", ")
        ))),
    }
}

/// POSTs a completion with one header; the answer's JSON, or the gateway's refusal.
fn post_completion(gateway: &str, header: (&str, &str), body: &Value) -> Result<Value> {
    let url = format!("{}/v1/completions", gateway.trim_end_matches('/'));
    match ureq::post(&url)
        .set(header.0, header.1)
        .set("content-type", "application/json")
        .send_string(&body.to_string())
    {
        Ok(r) => {
            let text = r
                .into_string()
                .map_err(|e| failed(format!("reading the gateway's answer: {e}")))?;
            serde_json::from_str(&text)
                .map_err(|e| failed(format!("the gateway's answer is not JSON: {e}")))
        }
        Err(ureq::Error::Status(code, r)) => Err(failed(gateway_error(
            code,
            &r.into_string().unwrap_or_default(),
        ))),
        Err(e) => Err(failed(format!(
            "cannot reach the gateway at {gateway}: {e}"
        ))),
    }
}

/// One call paid from credits or a lease.
pub struct AccessAsk<'a> {
    pub gateway: &'a str,
    pub rest: &'a str,
    pub chain_id: &'a str,
    /// The access contract.
    pub access: &'a str,
    /// Whose grant, credits or lease pay (the address that granted the gateway).
    pub user: &'a str,
    /// The lease to use; `None`: the credits.
    pub lease: Option<&'a str>,
    pub prompt: &'a str,
    pub max_tokens: u32,
    /// What the gateway serves (read once by the caller): its model and chain address.
    pub served: &'a Served,
}

/// The answer of a call paid from credits or a lease.
pub struct AccessAnswer {
    pub text: String,
    pub nonce: u64,
    /// `credits` or `lease`.
    pub source: String,
    /// The request id the gateway meters it under.
    pub request_id: String,
}

fn now_millis() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_millis() as u64)
        .unwrap_or(0)
}

/// Checks the user's grant to the gateway on chain (it exists and names this session key),
/// signs the next nonce (above the last one this client used for the user and gateway, and at
/// least the current time in milliseconds, so a lost record or another device never reuses
/// one), records it, and calls the gateway with `X-Modelfund-Access`.
pub fn ask_access(store: &Store, key: &SessionKey, a: &AccessAsk) -> Result<AccessAnswer> {
    crate::check_address("user", a.user)?;
    let Served {
        model_id: model,
        gateway,
        ..
    } = a.served;
    let grant = chain::smart_query(
        a.rest,
        a.access,
        &modelfund::access::QueryMsg::Grant {
            model_id: model.clone(),
            user: a.user.to_string(),
            gateway: gateway.clone(),
        },
    )?;
    if grant.is_null() {
        return Err(failed(format!(
            "{} has not granted the gateway {gateway} calls of model '{model}': modelfund grant --model {model} --gateway {gateway} --calls N ...",
            a.user
        )));
    }
    let mine = cosmwasm_std::Binary::from(key.public_key().to_vec()).to_base64();
    if grant["session_key"].as_str() != Some(mine.as_str()) {
        return Err(failed(format!(
            "the grant to {gateway} does not name this session key: grant again with it (modelfund grant)"
        )));
    }
    let domain = AccessDomain::new(a.chain_id, a.access, gateway.as_str(), model.as_str());
    let rkey = format!(
        "access nonce {}/{}/{}/{}/{}",
        a.chain_id, a.access, gateway, model, a.user
    );
    // recorded before it is sent (under the record's lock): a nonce is never signed twice
    let nonce = store.update_record(|record| {
        let last = record
            .get(&rkey)
            .and_then(|v| v.parse::<u64>().ok())
            .unwrap_or(0);
        let nonce = last
            .checked_add(1)
            .ok_or_else(|| failed("the nonce overflows"))?
            .max(now_millis());
        record.insert(rkey.clone(), nonce.to_string());
        Ok((nonce, true))
    })?;
    let header = key.sign_access(&domain, a.user, nonce, a.lease).to_header();
    let body = json!({"model": model, "prompt": a.prompt, "max_tokens": a.max_tokens});
    let answer = post_completion(a.gateway, (ACCESS_HEADER, &header), &body)?;
    let meta = &answer["modelfund"];
    Ok(AccessAnswer {
        text: answer["choices"][0]["text"]
            .as_str()
            .unwrap_or_default()
            .to_string(),
        nonce,
        source: meta["source"].as_str().unwrap_or_default().to_string(),
        request_id: meta["request_id"].as_str().unwrap_or_default().to_string(),
    })
}

/// Signs the next voucher, calls the gateway and records the call as answered.
pub fn ask(store: &Store, key: &SessionKey, a: &Ask) -> Result<Answer> {
    check_gateway_url(a.gateway)?;
    let ch = chain::smart_query(
        a.rest,
        &a.domain.contract,
        &QueryMsg::Channel {
            channel_id: a.channel,
        },
    )?;
    if ch["status"] != "open" {
        return Err(failed(format!(
            "channel {} is {}: open a new one (modelfund channel open)",
            a.channel, ch["status"]
        )));
    }
    if ch["gateway"] != a.served.gateway.as_str() || ch["model_id"] != a.served.model_id.as_str() {
        return Err(failed(format!(
            "channel {} is for gateway {} and model {}, not this gateway ({}, model {})",
            a.channel, ch["gateway"], ch["model_id"], a.served.gateway, a.served.model_id
        )));
    }
    let mine = cosmwasm_std::Binary::from(key.public_key().to_vec()).to_base64();
    if ch["voucher_key"].as_str() != Some(mine.as_str()) {
        return Err(failed(format!(
            "channel {}'s voucher key is not this session key",
            a.channel
        )));
    }
    if ch["terms"]["unit"] != "call" {
        return Err(failed(
            "ask pays per call; this channel's plan is priced per 1,000 tokens (sign vouchers with `modelfund voucher` and call the gateway yourself)",
        ));
    }
    let price = amount(&ch["terms"]["price"]["amount"], "price")?;
    let denom = ch["terms"]["price"]["denom"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    let deposit = amount(&ch["deposit"], "deposit")?;
    let claimed = amount(&ch["claimed"], "claimed amount")?;
    let record = store.load_record()?;
    let rkey = answered_key(&a.domain, a.channel, &ch["opened_at"]);
    let answered = record
        .get(&rkey)
        .and_then(|v| v.parse::<u128>().ok())
        .unwrap_or(0)
        .max(claimed);
    let total = answered
        .checked_add(price)
        .ok_or_else(|| failed("the channel's total overflows"))?;
    if total > deposit {
        return Err(failed(format!(
            "channel {} has {} {denom} left, a call costs {price} {denom}: top it up (modelfund channel top-up)",
            a.channel,
            deposit - answered
        )));
    }
    let voucher = next_voucher(store, key, &a.domain, a.channel, total, Lower::Allow)?;
    let header = format!(
        "{}:{}:{}",
        a.channel,
        total,
        voucher["signature"].as_str().unwrap_or_default()
    );
    let body = json!({"model": a.served.model_id, "prompt": a.prompt, "max_tokens": a.max_tokens});
    let answer = post_completion(a.gateway, (VOUCHER_HEADER, &header), &body)?;
    // answered: the next call pays on top of this one
    store.update_record(|record| {
        record.insert(rkey, total.to_string());
        Ok(((), true))
    })?;
    Ok(Answer {
        text: answer["choices"][0]["text"]
            .as_str()
            .unwrap_or_default()
            .to_string(),
        price,
        total,
        deposit,
        denom,
    })
}

#[cfg(test)]
mod tests {
    use std::io::{BufRead, BufReader, Read, Write};
    use std::net::TcpListener;
    use std::sync::{Arc, Mutex};

    use super::*;

    const CONTRACT: &str = "inj1qqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqq";
    const GATEWAY: &str = "inj1qg5ega6dykkxc307y25pecuufrjkxkaggkkxh7";
    const ACCESS: &str = "inj14hj2tavq8fpesdwxxcu44rty3hh90vhujaxlnz";
    const PRICE: u128 = 10;

    /// A channel as the contract answers it.
    fn channel(id: u64, key: &SessionKey, deposit: u128, claimed: u128, opened: &str) -> Value {
        json!({"channel_id": id, "status": "open", "gateway": GATEWAY, "model_id": "demo",
            "voucher_key": cosmwasm_std::Binary::from(key.public_key().to_vec()).to_base64(),
            "terms": {"unit": "call", "price": {"denom": "inj", "amount": PRICE.to_string()}},
            "deposit": deposit.to_string(), "claimed": claimed.to_string(), "opened_at": opened})
    }

    /// One HTTP server standing in for the node's REST API (smart queries answered from
    /// `channels`, keyed by the decoded query's name) and the gateway (answers every call,
    /// remembering the voucher header it was paid with).
    struct Stub {
        url: String,
        channels: Arc<Mutex<Vec<Value>>>,
        plans: Arc<Mutex<Vec<Value>>>,
        /// The answer of access's `grant` query.
        grant: Arc<Mutex<Value>>,
        /// The voucher headers of the calls, in order.
        paid: Arc<Mutex<Vec<String>>>,
        /// The access headers of the calls, in order.
        access: Arc<Mutex<Vec<String>>>,
        /// How many times the gateway's model list (`GET /v1/models`) was read.
        models: Arc<Mutex<usize>>,
    }

    fn smart(line: &str) -> Value {
        // the request line: GET /cosmwasm/.../smart/<base64> HTTP/1.1
        let target = line.split_whitespace().nth(1).unwrap();
        let b64 = target.rsplit('/').next().unwrap();
        let b64 = b64
            .replace("%2B", "+")
            .replace("%2F", "/")
            .replace("%3D", "=");
        let bytes = cosmwasm_std::Binary::from_base64(&b64).unwrap();
        serde_json::from_slice(&bytes).unwrap()
    }

    fn answer(line: &str, st: &Stub) -> Value {
        if line.contains("/smart/") {
            let q = smart(line);
            let chs = st.channels.lock().unwrap().clone();
            if let Some(c) = q.get("channel") {
                let id = c["channel_id"].as_u64().unwrap();
                json!({"data": chs.into_iter().find(|ch| ch["channel_id"] == id).unwrap()})
            } else if let Some(c) = q.get("channels_by_user") {
                let after = c["start_after"].as_u64().unwrap_or(0);
                let page: Vec<Value> = chs
                    .into_iter()
                    .filter(|ch| ch["channel_id"].as_u64().unwrap() > after)
                    .take(30)
                    .collect();
                json!({"data": {"channels": page}})
            } else if q.get("grant").is_some() {
                json!({"data": *st.grant.lock().unwrap()})
            } else if q.get("config").is_some() {
                json!({"data": {"access": ACCESS}})
            } else {
                json!({"data": {"plans": *st.plans.lock().unwrap()}})
            }
        } else if line.contains("/v1/models") {
            *st.models.lock().unwrap() += 1;
            json!({"data": [{"id": "demo", "modelfund": {"gateway": GATEWAY, "channels": CONTRACT,
                "chain_id": "injective-777"}}]})
        } else {
            json!({"choices": [{"text": "an answer"}],
                   "modelfund": {"source": "credits", "request_id": "r"}})
        }
    }

    fn stub() -> Arc<Stub> {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let st = Arc::new(Stub {
            url: format!("http://{}", listener.local_addr().unwrap()),
            channels: Arc::new(Mutex::new(vec![])),
            plans: Arc::new(Mutex::new(vec![])),
            grant: Arc::new(Mutex::new(Value::Null)),
            paid: Arc::new(Mutex::new(vec![])),
            access: Arc::new(Mutex::new(vec![])),
            models: Arc::new(Mutex::new(0)),
        });
        let server = st.clone();
        std::thread::spawn(move || {
            for stream in listener.incoming() {
                let mut stream = stream.unwrap();
                let mut reader = BufReader::new(stream.try_clone().unwrap());
                let mut line = String::new();
                reader.read_line(&mut line).unwrap();
                let (mut length, mut voucher, mut access) = (0usize, String::new(), String::new());
                loop {
                    let mut header = String::new();
                    reader.read_line(&mut header).unwrap();
                    let lower = header.to_ascii_lowercase();
                    let value = || header.split_once(':').unwrap().1.trim().to_string();
                    if let Some(v) = lower.strip_prefix("content-length:") {
                        length = v.trim().parse().unwrap();
                    }
                    if lower.starts_with(&VOUCHER_HEADER.to_ascii_lowercase()) {
                        voucher = value();
                    }
                    if lower.starts_with(&ACCESS_HEADER.to_ascii_lowercase()) {
                        access = value();
                    }
                    if header.trim().is_empty() {
                        break;
                    }
                }
                let mut body = vec![0; length];
                reader.read_exact(&mut body).unwrap();
                if !voucher.is_empty() {
                    server.paid.lock().unwrap().push(voucher);
                }
                if !access.is_empty() {
                    server.access.lock().unwrap().push(access);
                }
                let text = answer(&line, &server).to_string();
                let reply = format!(
                    "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{text}",
                    text.len()
                );
                stream.write_all(reply.as_bytes()).unwrap();
            }
        });
        st
    }

    fn temp_store(name: &str) -> Store {
        let dir = std::env::temp_dir().join(format!("modelfund-ask-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        Store::new(dir)
    }

    fn domain() -> Domain {
        Domain::new("injective-777", CONTRACT)
    }

    /// Each answered call adds one price to the channel's total; a new channel with the same id
    /// and contract (a reset local chain) starts from what it owes, not from the old record.
    #[test]
    fn each_call_pays_one_price_on_top_and_a_reopened_channel_starts_afresh() {
        let store = temp_store("reopen");
        let key = SessionKey::from_seed(b"ask test");
        let stub = stub();
        *stub.channels.lock().unwrap() = vec![channel(1, &key, 1000, 0, "1000")];
        let served = served(&stub.url).unwrap();
        let ask_once = |store: &Store| {
            ask(
                store,
                &key,
                &Ask {
                    gateway: &stub.url,
                    rest: &stub.url,
                    domain: domain(),
                    channel: 1,
                    prompt: "hello",
                    max_tokens: 8,
                    served: &served,
                },
            )
            .unwrap()
        };
        let first = ask_once(&store);
        assert_eq!(
            (first.text.as_str(), first.price, first.total),
            ("an answer", PRICE, PRICE)
        );
        assert_eq!(ask_once(&store).total, 2 * PRICE);
        // the chain was reset: channel 1 is a new channel, opened at another time
        *stub.channels.lock().unwrap() = vec![channel(1, &key, 1000, 0, "2000")];
        assert_eq!(ask_once(&store).total, PRICE);
        let amounts: Vec<String> = stub
            .paid
            .lock()
            .unwrap()
            .iter()
            .map(|h| h.split(':').nth(1).unwrap().to_string())
            .collect();
        assert_eq!(amounts, ["10", "20", "10"]);
    }

    /// The gateway's model list gives the model, its address, contract and chain; a value the
    /// user gave must be the gateway's.
    #[test]
    fn the_gateway_says_what_it_serves_and_a_different_contract_is_refused() {
        let stub = stub();
        let s = served(&stub.url).unwrap();
        assert_eq!(
            s,
            Served {
                model_id: "demo".into(),
                gateway: GATEWAY.into(),
                channels: CONTRACT.into(),
                chain_id: "injective-777".into()
            }
        );
        assert_eq!(agree("--contract", None, CONTRACT).unwrap(), CONTRACT);
        assert_eq!(
            agree("--contract", Some(CONTRACT), CONTRACT).unwrap(),
            CONTRACT
        );
        let err = agree("--chain-id", Some("injective-1"), "injective-777").unwrap_err();
        assert_eq!(
            err.to_string(),
            "--chain-id is injective-1 but the gateway takes vouchers for injective-777"
        );
        assert!(matches!(served("127.0.0.1:1"), Err(CliError::Input(_))));
    }

    /// Only an open channel of this session key, to this gateway and model, priced per call and
    /// with room for a call is used; among those the one with the most left; pages are followed.
    #[test]
    fn find_channel_picks_the_usable_channel_with_the_most_left() {
        let store = temp_store("find");
        let key = SessionKey::from_seed(b"ask test");
        let other = SessionKey::from_seed(b"another key");
        let stub = stub();
        let s = served(&stub.url).unwrap();
        let find = || find_channel(&store, &key, &stub.url, &domain(), &s, GATEWAY).unwrap();
        assert_eq!(find(), None);
        let mut chs: Vec<Value> = (1..=40)
            .map(|id| channel(id, &other, 1000, 0, "1"))
            .collect();
        let mut closed = channel(41, &key, 5000, 0, "1");
        closed["status"] = json!("grace");
        let mut foreign = channel(42, &key, 5000, 0, "1");
        foreign["gateway"] = json!(ACCESS);
        let mut tokens = channel(43, &key, 5000, 0, "1");
        tokens["terms"]["unit"] = json!("kilo_token");
        let full = channel(44, &key, 1000, 995, "1"); // 5 left, a call costs 10
        chs.extend([closed, foreign, tokens, full]);
        *stub.channels.lock().unwrap() = chs.clone();
        assert_eq!(find(), None);
        chs.push(channel(45, &key, 100, 0, "1"));
        chs.push(channel(46, &key, 300, 100, "1")); // 200 left: the most
        chs.push(channel(47, &key, 200, 0, "1")); // 200 left too: the lower id wins
        *stub.channels.lock().unwrap() = chs;
        assert_eq!(find(), Some(46));
        // what was answered but not yet claimed counts: 46 has 200 - 150 = 50 left now
        let mut record = store.load_record().unwrap();
        record.insert(answered_key(&domain(), 46, &json!("1")), "250".into());
        store.save_record(&record).unwrap();
        assert_eq!(find(), Some(47));
    }

    /// A new channel opens on the model's only active per-call plan; none or several is an error.
    #[test]
    fn the_plan_of_a_new_channel_is_the_only_per_call_plan() {
        let stub = stub();
        let plan = |id: &str, retired: bool, kind: Value| json!({"plan_id": id, "retired": retired, "kind": kind});
        let per_call = json!({"metered": {"unit": "call"}});
        *stub.plans.lock().unwrap() = vec![
            plan("pack", false, json!({"credits": {"calls_per_pack": 100}})),
            plan("old", true, per_call.clone()),
            plan("tokens", false, json!({"metered": {"unit": "kilo_token"}})),
        ];
        let err = call_plan(&stub.url, CONTRACT, "demo").unwrap_err();
        assert!(
            err.to_string().contains("no metered plan priced per call"),
            "{err}"
        );
        stub.plans
            .lock()
            .unwrap()
            .push(plan("per-call", false, per_call.clone()));
        assert_eq!(call_plan(&stub.url, CONTRACT, "demo").unwrap(), "per-call");
        stub.plans
            .lock()
            .unwrap()
            .push(plan("cheap", false, per_call));
        let err = call_plan(&stub.url, CONTRACT, "demo").unwrap_err();
        assert_eq!(err.exit_code(), 2);
        assert!(err.to_string().contains("per-call, cheap"), "{err}");
    }

    const USER: &str = "inj1uuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuu";

    /// Each call signs a nonce above the last and at least the time in milliseconds, over the
    /// gateway's own address and model; a grant naming another key is refused before any call.
    #[test]
    fn an_access_call_signs_a_fresh_nonce_for_the_gateways_domain() {
        let dir = std::env::temp_dir().join(format!("modelfund-ask-access-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        let store = Store::new(dir.clone());
        let key = SessionKey::from_seed(b"access test");
        let mine = cosmwasm_std::Binary::from(key.public_key().to_vec()).to_base64();
        let st = stub();
        *st.grant.lock().unwrap() = json!({"gateway": GATEWAY, "calls": 5, "session_key": mine});
        let (url, headers) = (st.url.clone(), st.access.clone());
        // read once, as `modelfund ask` does before it calls ask_access
        let served = served(&url).unwrap();
        let ask = |store: &Store, key: &SessionKey, lease: Option<&str>| {
            ask_access(
                store,
                key,
                &AccessAsk {
                    gateway: &url,
                    rest: &url,
                    chain_id: "injective-777",
                    access: CONTRACT,
                    user: USER,
                    lease,
                    prompt: "hello",
                    max_tokens: 8,
                    served: &served,
                },
            )
        };
        let before = now_millis();
        let first = ask(&store, &key, None).unwrap();
        assert_eq!(first.text, "an answer");
        assert!(first.nonce >= before);
        let second = ask(&store, &key, Some("4")).unwrap();
        assert!(second.nonce > first.nonce);
        let domain = AccessDomain::new("injective-777", CONTRACT, GATEWAY, "demo");
        let sent = headers.lock().unwrap().clone();
        assert_eq!(sent.len(), 2);
        for (header, (nonce, lease)) in sent
            .iter()
            .zip([(first.nonce, None), (second.nonce, Some("4"))])
        {
            let request = modelfund_vouchers::SignedAccess::from_header(header).unwrap();
            assert_eq!((request.user.as_str(), request.nonce), (USER, nonce));
            assert_eq!(request.license_id.as_deref(), lease);
            modelfund_vouchers::verify_access(&key.public_key(), &domain, &request).unwrap();
        }
        // another session key than the grant's: refused, nothing sent
        let other = SessionKey::from_seed(b"other");
        let err = ask(&store, &other, None).err().unwrap().to_string();
        assert!(err.contains("does not name this session key"), "{err}");
        assert_eq!(headers.lock().unwrap().len(), 2);
        // three calls, one read of the gateway's model list: ask_access uses what it is given
        assert_eq!(*st.models.lock().unwrap(), 1);
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
