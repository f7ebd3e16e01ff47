//! `modelfund ask`: one paid call to an inference gateway through a payment channel
//! (docs/gateway.md). The channel is read from the chain; the next voucher is the amount the
//! gateway has answered so far plus one call's price, signed with the session key and sent in
//! the `X-Modelfund-Voucher` header. Only what an answer came back for is counted as answered,
//! so a failed call is paid by resending the same voucher (the gateway answers a resent voucher
//! with the answer it stored, never twice).

use modelfund::channels::QueryMsg;
use modelfund_vouchers::{Domain, SessionKey, VOUCHER_HEADER};
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
    let url = format!("{}/v1/models", gateway.trim_end_matches('/'));
    let text = ureq::get(&url)
        .call()
        .map_err(|e| failed(format!("cannot reach the gateway at {gateway}: {e}")))?
        .into_string()
        .map_err(|e| failed(format!("reading the gateway's model list: {e}")))?;
    let body: Value = serde_json::from_str(&text)
        .map_err(|e| failed(format!("the gateway's model list is not JSON: {e}")))?;
    body["data"][0]["id"]
        .as_str()
        .map(str::to_string)
        .ok_or_else(|| failed("the gateway serves no model"))
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
    let url = format!("{}/v1/completions", a.gateway.trim_end_matches('/'));
    let body =
        json!({"model": model_id(a.gateway)?, "prompt": a.prompt, "max_tokens": a.max_tokens});
    let answer: Value = match ureq::post(&url)
        .set(VOUCHER_HEADER, &header)
        .set("content-type", "application/json")
        .send_string(&body.to_string())
    {
        Ok(r) => {
            let text = r
                .into_string()
                .map_err(|e| failed(format!("reading the gateway's answer: {e}")))?;
            serde_json::from_str(&text)
                .map_err(|e| failed(format!("the gateway's answer is not JSON: {e}")))?
        }
        Err(ureq::Error::Status(code, r)) => {
            return Err(failed(gateway_error(
                code,
                &r.into_string().unwrap_or_default(),
            )))
        }
        Err(e) => {
            return Err(failed(format!(
                "cannot reach the gateway at {}: {e}",
                a.gateway
            )))
        }
    };
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
}
