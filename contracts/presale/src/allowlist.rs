//! The allowlist rule `contribute` applies and the `allowlist_check` query answers with.

use cosmwasm_std::{Addr, Uint128};
use modelfund::allowlist::{parse_hash, parse_proof, verify};

use crate::error::ContractError;
use crate::state::Config;

/// The most `address` may hold in the presale when it contributes with this `proof` and `cap`:
/// `max_per_address` without an allowlist (and then neither may be given); with one, the
/// smaller of its listed cap and `max_per_address`, once the proof leads from its entry to the
/// root. At most `MAX_PROOF_LEN` hashes are read (a longer proof is refused before hashing).
pub fn limit(
    config: &Config,
    address: &Addr,
    proof: Option<&[String]>,
    cap: Option<Uint128>,
) -> Result<Uint128, ContractError> {
    let Some(list) = &config.allowlist else {
        if proof.is_some() || cap.is_some() {
            return Err(ContractError::NoAllowlist {});
        }
        return Ok(config.max_per_address);
    };
    let (Some(proof), Some(cap)) = (proof, cap) else {
        return Err(ContractError::ProofRequired {});
    };
    let proof = parse_proof(proof)?;
    let root = parse_hash("the allowlist's merkle root", &list.merkle_root)?;
    if !verify(&root, address.as_str(), cap, &proof) {
        return Err(ContractError::NotAllowlisted {});
    }
    Ok(cap.min(config.max_per_address))
}
