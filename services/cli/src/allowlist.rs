//! Presale allowlists from a CSV file: the merkle root a launch takes and each backer's proof
//! (the tree of `modelfund::allowlist`: leaf bytes and rules in its docs).
//!
//! The file has one `address,cap` per line (cap in base units of the presale's denom); blank
//! lines, lines starting with `#` and a first line `address,cap` are skipped.

use cosmwasm_std::Uint128;
use modelfund::allowlist;

use crate::{check_address, failed, input, Result};

/// The entries of an allowlist file (`name` names it in errors).
pub fn parse(name: &str, text: &str) -> Result<Vec<(String, Uint128)>> {
    let mut entries = vec![];
    for (n, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') || (n == 0 && line == "address,cap") {
            continue;
        }
        let at = || format!("{name} line {}", n + 1);
        let (address, cap) = line
            .split_once(',')
            .ok_or_else(|| input(format!("{}: expected address,cap", at())))?;
        let (address, cap) = (address.trim(), cap.trim());
        check_address(&format!("{}: the address", at()), address)?;
        if cap.is_empty() || !cap.chars().all(|c| c.is_ascii_digit()) {
            return Err(input(format!(
                "{}: the cap '{cap}' is not a whole number of base units",
                at()
            )));
        }
        let cap: u128 = cap
            .parse()
            .map_err(|_| input(format!("{}: the cap '{cap}' is too large", at())))?;
        entries.push((address.to_string(), Uint128::new(cap)));
    }
    Ok(entries)
}

/// The root of the list (64 hex characters), for `allowlist.merkle_root` of a launch.
pub fn root(entries: &[(String, Uint128)]) -> Result<String> {
    allowlist::root(entries).map_err(|e| input(e.to_string()))
}

/// The `contribute` message `address` sends: its cap from the list and its proof.
pub fn contribute_msg(entries: &[(String, Uint128)], address: &str) -> Result<serde_json::Value> {
    check_address("--address", address)?;
    let cap = entries
        .iter()
        .find(|(a, _)| a == address)
        .map(|(_, c)| *c)
        .ok_or_else(|| failed(format!("{address} is not on the allowlist")))?;
    let proof = allowlist::proof(entries, address, cap)
        .map_err(|e| input(e.to_string()))?
        .ok_or_else(|| failed(format!("{address} is not on the allowlist")))?;
    Ok(serde_json::json!({ "contribute": { "cap": cap, "proof": proof } }))
}

#[cfg(test)]
mod tests {
    use super::*;

    const A: &str = "inj14hj2tavq8fpesdwxxcu44rty3hh90vhujaxlnz";
    const B: &str = "inj1qg5ega6dykkxc307y25pecuufrjkxkaggkkxh7";

    #[test]
    fn a_file_parses_into_entries_whose_proofs_verify() {
        let text = format!("address,cap\n# the team\n{A}, 500\n\n{B},1500\n");
        let entries = parse("list.csv", &text).unwrap();
        assert_eq!(entries.len(), 2);
        let root = allowlist::parse_hash("root", &root(&entries).unwrap()).unwrap();
        let msg = contribute_msg(&entries, B).unwrap();
        assert_eq!(msg["contribute"]["cap"], "1500");
        let proof: Vec<String> =
            serde_json::from_value(msg["contribute"]["proof"].clone()).unwrap();
        let proof = allowlist::parse_proof(&proof).unwrap();
        assert!(allowlist::verify(&root, B, Uint128::new(1_500), &proof));
        // the message is what the presale takes
        let parsed: modelfund::presale::ExecuteMsg = serde_json::from_value(msg).unwrap();
        assert!(matches!(
            parsed,
            modelfund::presale::ExecuteMsg::Contribute {
                cap: Some(_),
                proof: Some(_)
            }
        ));
    }

    #[test]
    fn bad_lines_name_their_line_and_exit_2() {
        for (text, needle) in [
            (format!("{A}\n"), "line 1: expected address,cap"),
            (format!("{A},5\nnot-an-address,5\n"), "line 2: the address"),
            (format!("{A},-5\n"), "is not a whole number"),
            (format!("{A},1e3\n"), "is not a whole number"),
            (format!("{A},{}0\n", u128::MAX), "is too large"),
        ] {
            let err = parse("list.csv", &text).unwrap_err();
            assert_eq!(err.exit_code(), 2, "{text}");
            assert!(err.to_string().contains(needle), "{text}: {err}");
        }
        let dup = parse("l", &format!("{A},5\n{A},6\n")).unwrap();
        assert!(root(&dup)
            .unwrap_err()
            .to_string()
            .contains("more than once"));
        assert!(root(&[])
            .unwrap_err()
            .to_string()
            .contains("at least one entry"));
        let entries = parse("l", &format!("{A},5\n")).unwrap();
        let err = contribute_msg(&entries, B).unwrap_err();
        assert_eq!(err.exit_code(), 1);
        assert!(err.to_string().contains("not on the allowlist"));
    }
}
