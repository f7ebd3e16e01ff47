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

/// The record key of what the gateway answered on a channel (next to the highest signed).
fn answered_key(domain: &Domain, channel: u64) -> String {
    format!("answered {}", record_key(domain, channel))
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
    let rkey = answered_key(&a.domain, a.channel);
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
