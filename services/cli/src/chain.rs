//! The chain side: channel queries through the node's REST API, and the execute messages the
//! user sends with `injectived tx wasm execute`, signed by the user's own chain key (the
//! keyring flags are passed through; this client never sees a chain key).

use std::process::Command;
use std::time::{SystemTime, UNIX_EPOCH};

use cosmwasm_std::{Binary, Timestamp};
use modelfund::channels::{ExecuteMsg, MAX_CHANNEL_SECONDS};
use serde::Serialize;
use serde_json::Value;

use crate::{check_address, failed, input, Result};

/// The REST URL of a smart query: `{rest}/cosmwasm/wasm/v1/contract/{addr}/smart/{base64}`.
pub fn smart_query_url<Q: Serialize>(rest: &str, contract: &str, query: &Q) -> Result<String> {
    let json = serde_json::to_vec(query).map_err(|e| failed(format!("encode query: {e}")))?;
    let b64 = Binary::from(json).to_base64();
    // standard base64 in a path segment: escape the three characters URLs treat specially
    let escaped = b64
        .replace('+', "%2B")
        .replace('/', "%2F")
        .replace('=', "%3D");
    Ok(format!(
        "{}/cosmwasm/wasm/v1/contract/{contract}/smart/{escaped}",
        rest.trim_end_matches('/')
    ))
}

/// A smart query through the node's REST API; returns the contract's answer (`data`).
pub fn smart_query<Q: Serialize>(rest: &str, contract: &str, query: &Q) -> Result<Value> {
    check_rest(rest)?;
    check_address("contract", contract)?;
    let url = smart_query_url(rest, contract, query)?;
    let response = ureq::get(&url)
        .timeout(std::time::Duration::from_secs(20))
        .call();
    let (status, body) = match response {
        Ok(r) => (r.status(), r.into_string()),
        Err(ureq::Error::Status(code, r)) => (code, r.into_string()),
        Err(e) => {
            return Err(failed(format!(
                "cannot reach the node's REST API at {rest}: {e}"
            )))
        }
    };
    let body = body.map_err(|e| failed(format!("reading the answer of {rest}: {e}")))?;
    let parsed: Value = serde_json::from_str(&body).map_err(|_| {
        failed(format!(
            "the REST API at {rest} answered {status} with no JSON: {}",
            body.chars().take(200).collect::<String>()
        ))
    })?;
    if status != 200 {
        let message = parsed["message"].as_str().unwrap_or(body.as_str());
        return Err(failed(format!("the query failed ({status}): {message}")));
    }
    match parsed.get("data") {
        Some(data) => Ok(data.clone()),
        None => Err(failed(format!(
            "the REST API answered without data: {body}"
        ))),
    }
}

fn check_rest(rest: &str) -> Result<()> {
    if rest.starts_with("http://") || rest.starts_with("https://") {
        Ok(())
    } else {
        Err(input(format!(
            "--rest '{rest}' must be an http:// or https:// URL (the node's REST API, e.g. http://127.0.0.1:1317)"
        )))
    }
}

/// One coin as the chain CLI writes it: `<amount><denom>`, amount > 0.
pub fn check_coin(what: &str, coin: &str) -> Result<()> {
    let digits = coin.bytes().take_while(u8::is_ascii_digit).count();
    let (amount, denom) = coin.split_at(digits);
    let denom_ok = denom
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic())
        && denom.len() >= 2
        && denom
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "/:._-".contains(c));
    let amount_ok = !amount.is_empty() && amount.parse::<u128>().is_ok_and(|a| a > 0);
    if denom_ok && amount_ok {
        Ok(())
    } else {
        Err(input(format!(
            "{what} '{coin}' must be one coin: a non-zero amount in base units and a denom, e.g. 1000000000000000000inj"
        )))
    }
}

/// A duration: seconds, or a number with `s`, `m`, `h` or `d`.
pub fn parse_duration(text: &str) -> Result<u64> {
    let bad = || {
        input(format!(
            "duration '{text}' must be a number of seconds or a number with s, m, h or d (e.g. 30d)"
        ))
    };
    let (num, unit) = match text.char_indices().last() {
        Some((i, c)) if c.is_ascii_alphabetic() => (&text[..i], c),
        _ => (text, 's'),
    };
    if num.is_empty() || !num.bytes().all(|b| b.is_ascii_digit()) {
        return Err(bad());
    }
    let n: u64 = num.parse().map_err(|_| bad())?;
    let mult = match unit {
        's' => 1,
        'm' => 60,
        'h' => 3_600,
        'd' => 86_400,
        _ => return Err(bad()),
    };
    n.checked_mul(mult).ok_or_else(bad)
}

/// The expiry from `--expires-at` (unix seconds) or `--expires-in` (a duration from now),
/// checked against the contract's limits as far as the local clock allows.
pub fn expiry(at: Option<u64>, within: Option<&str>, now: u64) -> Result<Timestamp> {
    let at = match (at, within) {
        (Some(at), None) => at,
        (None, Some(d)) => now
            .checked_add(parse_duration(d)?)
            .ok_or_else(|| input("the expiry is too far"))?,
        _ => return Err(input("give exactly one of --expires-at and --expires-in")),
    };
    if at <= now {
        return Err(input(format!(
            "the expiry {at} is not in the future (now is {now}, unix seconds)"
        )));
    }
    if at - now > MAX_CHANNEL_SECONDS {
        return Err(input(format!(
            "the expiry is more than 366 days ahead ({} s); the contract refuses it",
            at - now
        )));
    }
    Ok(Timestamp::from_seconds(at))
}

/// The local clock in unix seconds.
pub fn now_seconds() -> Result<u64> {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs())
        .map_err(|_| failed("the system clock is before 1970"))
}

/// The `open` message, with the session key's public key as `voucher_key`.
pub fn open_msg(
    model_id: &str,
    plan_id: &str,
    gateway: &str,
    voucher_key: &[u8; 33],
    expires_at: Timestamp,
) -> Result<ExecuteMsg> {
    if model_id.is_empty() || plan_id.is_empty() {
        return Err(input("--model and --plan must not be empty"));
    }
    check_address("gateway", gateway)?;
    Ok(ExecuteMsg::Open {
        model_id: model_id.to_string(),
        plan_id: plan_id.to_string(),
        gateway: gateway.to_string(),
        voucher_key: Binary::from(voucher_key.to_vec()),
        expires_at,
    })
}

/// The flags of the user's chain CLI, passed through as given.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TxFlags {
    pub from: Option<String>,
    pub keyring_backend: Option<String>,
    pub home: Option<String>,
    pub node: Option<String>,
    pub chain_id: Option<String>,
    pub gas: Option<String>,
    pub gas_prices: Option<String>,
    pub gas_adjustment: Option<String>,
    pub fees: Option<String>,
    pub yes: bool,
}

impl TxFlags {
    fn args(&self) -> Vec<String> {
        let mut out = Vec::new();
        let pairs = [
            ("--from", &self.from),
            ("--keyring-backend", &self.keyring_backend),
            ("--home", &self.home),
            ("--node", &self.node),
            ("--chain-id", &self.chain_id),
            ("--gas", &self.gas),
            ("--gas-prices", &self.gas_prices),
            ("--gas-adjustment", &self.gas_adjustment),
            ("--fees", &self.fees),
        ];
        for (flag, value) in pairs {
            if let Some(v) = value {
                out.push(flag.to_string());
                out.push(v.clone());
            }
        }
        if self.yes {
            out.push("--yes".to_string());
        }
        out
    }
}

/// The arguments of `injectived tx wasm execute` for `msg` on `contract`.
pub fn execute_args<M: serde::Serialize>(
    contract: &str,
    msg: &M,
    amount: Option<&str>,
    flags: &TxFlags,
) -> Result<Vec<String>> {
    check_address("contract", contract)?;
    if flags.from.as_deref().is_none_or(str::is_empty) {
        return Err(input(
            "--from is required: the key in your chain keyring that signs this transaction",
        ));
    }
    if let Some(coin) = amount {
        check_coin("--amount", coin)?;
    }
    let json = serde_json::to_string(msg).map_err(|e| failed(format!("encode message: {e}")))?;
    let mut args = vec![
        "tx".to_string(),
        "wasm".to_string(),
        "execute".to_string(),
        contract.to_string(),
        json,
    ];
    if let Some(coin) = amount {
        args.push("--amount".to_string());
        args.push(coin.to_string());
    }
    args.extend(flags.args());
    Ok(args)
}

/// A command line a shell would run as is (single-quoted where needed).
pub fn shell_line(program: &str, args: &[String]) -> String {
    let quote = |s: &str| {
        if !s.is_empty()
            && s.chars()
                .all(|c| c.is_ascii_alphanumeric() || "-_./:=@,".contains(c))
        {
            s.to_string()
        } else {
            format!("'{}'", s.replace('\'', r"'\''"))
        }
    };
    std::iter::once(program)
        .chain(args.iter().map(String::as_str))
        .map(quote)
        .collect::<Vec<_>>()
        .join(" ")
}

/// The address of `--from`'s key in the user's keyring (`injectived keys show <key> -a`, with
/// the same keyring backend and home). A `--from` that already is an address is returned as is.
pub fn key_address(program: &str, flags: &TxFlags) -> Result<String> {
    let from = flags
        .from
        .as_deref()
        .filter(|f| !f.is_empty())
        .ok_or_else(|| {
            input("--from is required: the key in your chain keyring whose channels ask uses")
        })?;
    if check_address("--from", from).is_ok() {
        return Ok(from.to_string());
    }
    let mut args = vec![
        "keys".to_string(),
        "show".to_string(),
        from.to_string(),
        "-a".to_string(),
    ];
    for (flag, value) in [
        ("--keyring-backend", &flags.keyring_backend),
        ("--home", &flags.home),
    ] {
        if let Some(v) = value {
            args.extend([flag.to_string(), v.clone()]);
        }
    }
    let out = Command::new(program).args(&args).output().map_err(|e| {
        failed(format!(
            "cannot run '{program}': {e} (install injectived or point --injectived / $INJECTIVED at it)"
        ))
    })?;
    let address = String::from_utf8_lossy(&out.stdout).trim().to_string();
    if !out.status.success() || check_address("--from", &address).is_err() {
        return Err(failed(format!(
            "{program} keys show {from} failed: {}",
            String::from_utf8_lossy(&out.stderr).trim()
        )));
    }
    Ok(address)
}

/// Runs the chain CLI with `args`, its output going straight to the user's terminal; fails
/// with its exit status.
pub fn run(program: &str, args: &[String]) -> Result<()> {
    let status = Command::new(program).args(args).status().map_err(|e| {
        failed(format!(
            "cannot run '{program}': {e} (install injectived or point --injectived / $INJECTIVED at it)"
        ))
    })?;
    if status.success() {
        Ok(())
    } else {
        Err(failed(format!("{program} failed ({status})")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use modelfund::channels::QueryMsg;

    const CONTRACT: &str = "inj14hj2tavq8fpesdwxxcu44rty3hh90vhujaxlnz";
    const GATEWAY: &str = "inj1qg5ega6dykkxc307y25pecuufrjkxkaggkkxh7";

    fn flags() -> TxFlags {
        TxFlags {
            from: Some("user".into()),
            keyring_backend: Some("test".into()),
            chain_id: Some("injective-777".into()),
            gas: Some("auto".into()),
            yes: true,
            ..TxFlags::default()
        }
    }

    #[test]
    fn the_query_url_is_the_rest_smart_query_path() {
        let url = smart_query_url(
            "http://127.0.0.1:1317/",
            CONTRACT,
            &QueryMsg::Channel { channel_id: 3 },
        )
        .unwrap();
        // {"channel":{"channel_id":3}}
        assert_eq!(
            url,
            format!("http://127.0.0.1:1317/cosmwasm/wasm/v1/contract/{CONTRACT}/smart/eyJjaGFubmVsIjp7ImNoYW5uZWxfaWQiOjN9fQ%3D%3D")
        );
    }

    #[test]
    fn open_builds_the_schema_json_with_the_session_key() {
        let key = modelfund_vouchers::SessionKey::from_seed(b"user").public_key();
        let msg = open_msg(
            "7",
            "metered",
            GATEWAY,
            &key,
            Timestamp::from_seconds(1_800_000_000),
        )
        .unwrap();
        let args = execute_args(CONTRACT, &msg, Some("1000inj"), &flags()).unwrap();
        assert_eq!(&args[..4], ["tx", "wasm", "execute", CONTRACT]);
        let json: Value = serde_json::from_str(&args[4]).unwrap();
        assert_eq!(json["open"]["model_id"], "7");
        assert_eq!(json["open"]["plan_id"], "metered");
        assert_eq!(json["open"]["gateway"], GATEWAY);
        assert_eq!(json["open"]["expires_at"], "1800000000000000000");
        assert_eq!(
            json["open"]["voucher_key"],
            Binary::from(key.to_vec()).to_base64()
        );
        // the contract's own message type reads it back
        let back: ExecuteMsg = serde_json::from_str(&args[4]).unwrap();
        assert_eq!(back, msg);
        assert_eq!(
            &args[5..],
            [
                "--amount",
                "1000inj",
                "--from",
                "user",
                "--keyring-backend",
                "test",
                "--chain-id",
                "injective-777",
                "--gas",
                "auto",
                "--yes"
            ]
        );
        let top_up = execute_args(
            CONTRACT,
            &ExecuteMsg::TopUp { channel_id: 4 },
            Some("5inj"),
            &flags(),
        )
        .unwrap();
        assert_eq!(top_up[4], r#"{"top_up":{"channel_id":4}}"#);
        let close = execute_args(
            CONTRACT,
            &ExecuteMsg::Close { channel_id: 4 },
            None,
            &flags(),
        )
        .unwrap();
        assert_eq!(close[4], r#"{"close":{"channel_id":4}}"#);
        assert!(!close.contains(&"--amount".to_string()));
    }

    #[test]
    fn bad_tx_inputs_are_input_errors() {
        let close = ExecuteMsg::Close { channel_id: 1 };
        let no_from = TxFlags::default();
        let err = execute_args(CONTRACT, &close, None, &no_from).unwrap_err();
        assert_eq!(err.exit_code(), 2);
        assert!(err.to_string().contains("--from is required"));
        for coin in ["", "inj", "0inj", "10", "10 inj", "-5inj", "5i"] {
            assert_eq!(
                execute_args(CONTRACT, &close, Some(coin), &flags())
                    .unwrap_err()
                    .exit_code(),
                2,
                "{coin}"
            );
        }
        check_coin("x", "5ibc/ABCDEF").unwrap();
        check_coin("x", "5factory/inj1x/sub").unwrap();
        assert!(execute_args("nope", &close, None, &flags()).is_err());
        let key = [2u8; 33];
        assert!(open_msg("", "p", GATEWAY, &key, Timestamp::from_seconds(1)).is_err());
        assert!(open_msg("1", "p", "inj1bad", &key, Timestamp::from_seconds(1)).is_err());
    }

    #[test]
    fn expiries_are_checked_against_the_contract_limits() {
        let now = 1_700_000_000;
        assert_eq!(
            expiry(Some(now + 10), None, now).unwrap(),
            Timestamp::from_seconds(now + 10)
        );
        assert_eq!(
            expiry(None, Some("30d"), now).unwrap(),
            Timestamp::from_seconds(now + 30 * 86_400)
        );
        assert_eq!(
            expiry(None, Some("90"), now).unwrap(),
            Timestamp::from_seconds(now + 90)
        );
        assert_eq!(
            expiry(None, Some("2h"), now).unwrap(),
            Timestamp::from_seconds(now + 7_200)
        );
        for (at, within) in [
            (None, None),
            (Some(now + 5), Some("5s")),
            (Some(now), None),
            (None, Some("0s")),
            (None, Some("367d")),
            (None, Some("5w")),
            (None, Some("d")),
            (None, Some("-5s")),
            (None, Some("99999999999999999999d")),
        ] {
            assert_eq!(
                expiry(at, within, now).unwrap_err().exit_code(),
                2,
                "{at:?} {within:?}"
            );
        }
    }

    #[test]
    fn shell_lines_quote_what_a_shell_would_split() {
        let line = shell_line(
            "injectived",
            &[
                "execute".into(),
                r#"{"close":{"channel_id":1}}"#.into(),
                "it's".into(),
            ],
        );
        assert_eq!(
            line,
            r#"injectived execute '{"close":{"channel_id":1}}' 'it'\''s'"#
        );
    }

    #[test]
    fn a_bad_rest_url_is_an_input_error_and_an_unreachable_node_a_failure() {
        let q = QueryMsg::Channel { channel_id: 1 };
        assert_eq!(
            smart_query("127.0.0.1:1317", CONTRACT, &q)
                .unwrap_err()
                .exit_code(),
            2
        );
        // a port nothing listens on (connection refused)
        let err = smart_query("http://127.0.0.1:9", CONTRACT, &q).unwrap_err();
        assert_eq!(err.exit_code(), 1);
        assert!(err.to_string().contains("cannot reach"), "{err}");
    }
}
