//! `modelfund ask`: one paid call to an inference gateway through a payment channel, or from
//! the user's credits or a lease ([`ask_access`]) (docs/gateway.md). The channel is read from the chain; the next voucher is the amount the
//! gateway has answered so far plus one call's price, signed with the session key and sent in
//! the `X-Modelfund-Voucher` header. Only what an answer came back for is counted as answered,
//! so a failed call is paid by resending the same voucher (the gateway answers a resent voucher
//! with the answer it stored, never twice).

use modelfund::channels::QueryMsg;
use modelfund_vouchers::{AccessDomain, Domain, SessionKey, ACCESS_HEADER, VOUCHER_HEADER};
use serde_json::{json, Value};

use crate::store::Store;
use crate::vouchers::{next_voucher, record_key, Lower};
use crate::{chain, failed, input, Result};

/// One call: where, on which channel, what to ask.
pub struct Ask<'a> {
    pub gateway: &'a str,
    pub rest: &'a str,
    pub domain: Domain,
    pub channel: u64,
    pub prompt: &'a str,
    pub max_tokens: u32,
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

/// The first model the gateway serves (`GET /v1/models`).
fn model_id(gateway: &str) -> Result<String> {
    Ok(served(gateway)?.0)
}

/// The first model the gateway serves and the gateway's chain address (`GET /v1/models`).
fn served(gateway: &str) -> Result<(String, String)> {
    let url = format!("{}/v1/models", gateway.trim_end_matches('/'));
    let text = ureq::get(&url)
        .call()
        .map_err(|e| failed(format!("cannot reach the gateway at {gateway}: {e}")))?
        .into_string()
        .map_err(|e| failed(format!("reading the gateway's model list: {e}")))?;
    let body: Value = serde_json::from_str(&text)
        .map_err(|e| failed(format!("the gateway's model list is not JSON: {e}")))?;
    let model = &body["data"][0];
    match (model["id"].as_str(), model["modelfund"]["gateway"].as_str()) {
        (Some(id), Some(address)) => Ok((id.to_string(), address.to_string())),
        (Some(id), None) => Ok((id.to_string(), String::new())),
        _ => Err(failed("the gateway serves no model")),
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
    if !(a.gateway.starts_with("http://") || a.gateway.starts_with("https://")) {
        return Err(input(format!(
            "--gateway '{}' must be an http:// or https:// URL",
            a.gateway
        )));
    }
    crate::check_address("user", a.user)?;
    let (model, gateway) = served(a.gateway)?;
    if gateway.is_empty() {
        return Err(failed(
            "the gateway does not say its chain address (/v1/models)",
        ));
    }
    let grant = chain::smart_query_any(
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
    let mut record = store.load_record()?;
    let last = record
        .get(&rkey)
        .and_then(|v| v.parse::<u64>().ok())
        .unwrap_or(0);
    let nonce = last
        .checked_add(1)
        .ok_or_else(|| failed("the nonce overflows"))?
        .max(now_millis());
    // recorded before it is sent: a nonce is never signed twice
    record.insert(rkey, nonce.to_string());
    store.save_record(&record)?;
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
    if !(a.gateway.starts_with("http://") || a.gateway.starts_with("https://")) {
        return Err(input(format!(
            "--gateway '{}' must be an http:// or https:// URL",
            a.gateway
        )));
    }
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
    let mut record = store.load_record()?;
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
    let body =
        json!({"model": model_id(a.gateway)?, "prompt": a.prompt, "max_tokens": a.max_tokens});
    let answer = post_completion(a.gateway, (VOUCHER_HEADER, &header), &body)?;
    // answered: the next call pays on top of this one
    record = store.load_record()?;
    record.insert(rkey, total.to_string());
    store.save_record(&record)?;
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
    const PRICE: u128 = 10;

    /// One HTTP server standing in for the node's REST API (the channel, opened at `opened`)
    /// and the gateway (answers every call, remembering the voucher header it was paid with).
    struct Stub {
        url: String,
        opened: Arc<Mutex<String>>,
        paid: Arc<Mutex<Vec<String>>>,
    }

    fn stub(key: &SessionKey) -> Stub {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        let opened = Arc::new(Mutex::new("1000".to_string()));
        let paid = Arc::new(Mutex::new(vec![]));
        let voucher_key = cosmwasm_std::Binary::from(key.public_key().to_vec()).to_base64();
        let (o, p) = (opened.clone(), paid.clone());
        std::thread::spawn(move || {
            for stream in listener.incoming() {
                let mut stream = stream.unwrap();
                let mut reader = BufReader::new(stream.try_clone().unwrap());
                let mut line = String::new();
                reader.read_line(&mut line).unwrap();
                let (mut length, mut voucher) = (0usize, String::new());
                loop {
                    let mut header = String::new();
                    reader.read_line(&mut header).unwrap();
                    let lower = header.to_ascii_lowercase();
                    if let Some(v) = lower.strip_prefix("content-length:") {
                        length = v.trim().parse().unwrap();
                    }
                    if lower.starts_with(&VOUCHER_HEADER.to_ascii_lowercase()) {
                        voucher = header.split_once(':').unwrap().1.trim().to_string();
                    }
                    if header.trim().is_empty() {
                        break;
                    }
                }
                let mut body = vec![0; length];
                reader.read_exact(&mut body).unwrap();
                let answer = if line.contains("/smart/") {
                    json!({"data": {"status": "open", "voucher_key": voucher_key,
                        "terms": {"unit": "call", "price": {"denom": "inj", "amount": PRICE.to_string()}},
                        "deposit": "1000", "claimed": "0", "opened_at": *o.lock().unwrap()}})
                } else if line.contains("/v1/models") {
                    json!({"data": [{"id": "demo"}]})
                } else {
                    p.lock().unwrap().push(voucher);
                    json!({"choices": [{"text": "an answer"}]})
                };
                let text = answer.to_string();
                let reply = format!(
                    "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{text}",
                    text.len()
                );
                stream.write_all(reply.as_bytes()).unwrap();
            }
        });
        Stub { url, opened, paid }
    }

    /// Each answered call adds one price to the channel's total; a new channel with the same id
    /// and contract (a reset local chain) starts from what it owes, not from the old record.
    #[test]
    fn each_call_pays_one_price_on_top_and_a_reopened_channel_starts_afresh() {
        let dir = std::env::temp_dir().join(format!("modelfund-ask-test-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        let store = Store::new(dir.clone());
        let key = SessionKey::from_seed(b"ask test");
        let stub = stub(&key);
        let ask_once = |store: &Store| {
            ask(
                store,
                &key,
                &Ask {
                    gateway: &stub.url,
                    rest: &stub.url,
                    domain: Domain::new("injective-777", CONTRACT),
                    channel: 1,
                    prompt: "hello",
                    max_tokens: 8,
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
        *stub.opened.lock().unwrap() = "2000".into();
        assert_eq!(ask_once(&store).total, PRICE);
        let amounts: Vec<String> = stub
            .paid
            .lock()
            .unwrap()
            .iter()
            .map(|h| h.split(':').nth(1).unwrap().to_string())
            .collect();
        assert_eq!(amounts, ["10", "20", "10"]);
        std::fs::remove_dir_all(&dir).unwrap();
    }

    /// A stand-in node (the grant, with `session_key`) and gateway (its model and address;
    /// answers every call, remembering the access header).
    fn access_stub(session_key: String) -> (String, Arc<Mutex<Vec<String>>>) {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        let headers = Arc::new(Mutex::new(vec![]));
        let seen = headers.clone();
        std::thread::spawn(move || {
            for stream in listener.incoming() {
                let mut stream = stream.unwrap();
                let mut reader = BufReader::new(stream.try_clone().unwrap());
                let mut line = String::new();
                reader.read_line(&mut line).unwrap();
                let (mut length, mut access) = (0usize, String::new());
                loop {
                    let mut header = String::new();
                    reader.read_line(&mut header).unwrap();
                    let lower = header.to_ascii_lowercase();
                    if let Some(v) = lower.strip_prefix("content-length:") {
                        length = v.trim().parse().unwrap();
                    }
                    if lower.starts_with(ACCESS_HEADER) {
                        access = header.split_once(':').unwrap().1.trim().to_string();
                    }
                    if header.trim().is_empty() {
                        break;
                    }
                }
                let mut body = vec![0; length];
                reader.read_exact(&mut body).unwrap();
                let answer = if line.contains("/smart/") {
                    json!({"data": {"gateway": GATEWAY, "calls": 5, "session_key": session_key}})
                } else if line.contains("/v1/models") {
                    json!({"data": [{"id": "demo", "modelfund": {"gateway": GATEWAY}}]})
                } else {
                    seen.lock().unwrap().push(access);
                    json!({"choices": [{"text": "an answer"}],
                           "modelfund": {"source": "credits", "request_id": "r"}})
                };
                let text = answer.to_string();
                let reply = format!(
                    "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{text}",
                    text.len()
                );
                stream.write_all(reply.as_bytes()).unwrap();
            }
        });
        (url, headers)
    }

    const GATEWAY: &str = "inj1gggggggggggggggggggggggggggggggggggggggggggggggggggggg";
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
        let (url, headers) = access_stub(mine);
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
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
