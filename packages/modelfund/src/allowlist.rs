//! Presale allowlists: a merkle root over `(address, cap)` entries, so a presale stores 32 bytes
//! however long its list is, and each backer proves its own entry at `contribute`.
//!
//! **Leaf** ([`leaf_bytes`], hashed with sha256 by [`leaf`]): the exact bytes are
//!
//! | bytes | content |
//! |---|---|
//! | 30 | [`LEAF_TAG`], ASCII `modelfund/presale/allowlist/v1` |
//! | 4 | length of the address, u32 big-endian |
//! | n | the address as the chain writes it (lower-case bech32), UTF-8 |
//! | 16 | the cap in base units of the presale's denom, u128 big-endian |
//!
//! The length prefix and the fixed-width cap make the encoding unambiguous (no two different
//! entries have the same bytes), and the tag keeps a leaf from ever being read as an inner node
//! (an inner node hashes 64 bytes of two hashes, which never start with the tag).
//!
//! **Inner node** ([`hash_pair`]): `sha256(min(a, b) || max(a, b))`, the two child hashes sorted
//! byte-wise (as Stargaze's whitelist-merkletree and OpenZeppelin's `MerkleProof`), so a proof
//! is just the list of sibling hashes from the leaf upwards, with no left/right flags.
//!
//! **Tree** ([`root`], [`proof`]): the leaves sorted by their hash (so the root does not depend on
//! the order of the list), paired level by level; the last node of a level with an odd count
//! moves up unchanged. A list of one entry has its leaf as root and an empty proof. An address
//! may appear once. Roots and proof hashes travel as 64 hex characters (lower case when
//! produced here; either case accepted).
//!
//! Proofs longer than [`MAX_PROOF_LEN`] hashes are refused before any hashing: 32 levels cover
//! 2^32 entries, and the bound keeps the gas of a `contribute` small and predictable.

use cosmwasm_std::{Checksum, HexBinary, Uint128};
use thiserror::Error;

/// The first bytes of every leaf: names the protocol, the use and the layout version.
pub const LEAF_TAG: &[u8] = b"modelfund/presale/allowlist/v1";

/// Most hashes a proof may have (a tree of up to 2^32 entries).
pub const MAX_PROOF_LEN: usize = 32;

/// A sha256 digest.
pub type Hash = [u8; 32];

#[derive(Error, Debug, PartialEq)]
pub enum AllowlistError {
    #[error("{what} must be a sha256 digest: 64 hex characters (got {got:?})")]
    InvalidHash { what: &'static str, got: String },

    #[error("an allowlist proof has at most {max} hashes (got {len})")]
    ProofTooLong { len: usize, max: usize },

    #[error("an allowlist needs at least one entry")]
    Empty {},

    #[error("the allowlist names {address} more than once")]
    Duplicate { address: String },
}

/// The exact bytes of the leaf of `(address, cap)` (see the module docs).
pub fn leaf_bytes(address: &str, cap: Uint128) -> Vec<u8> {
    let mut bytes = Vec::with_capacity(LEAF_TAG.len() + 4 + address.len() + 16);
    bytes.extend_from_slice(LEAF_TAG);
    // an address longer than u32::MAX bytes cannot occur; saturate anyway
    let len = u32::try_from(address.len()).unwrap_or(u32::MAX);
    bytes.extend_from_slice(&len.to_be_bytes());
    bytes.extend_from_slice(address.as_bytes());
    bytes.extend_from_slice(&cap.u128().to_be_bytes());
    bytes
}

fn sha256(data: &[u8]) -> Hash {
    let mut out = [0u8; 32];
    out.copy_from_slice(Checksum::generate(data).as_slice());
    out
}

/// The leaf hash of `(address, cap)`: `sha256(leaf_bytes(address, cap))`.
pub fn leaf(address: &str, cap: Uint128) -> Hash {
    sha256(&leaf_bytes(address, cap))
}

/// An inner node: the sha256 of the two children, smaller first.
pub fn hash_pair(a: &Hash, b: &Hash) -> Hash {
    let (lo, hi) = if a <= b { (a, b) } else { (b, a) };
    let mut both = [0u8; 64];
    both[..32].copy_from_slice(lo);
    both[32..].copy_from_slice(hi);
    sha256(&both)
}

/// A 64-character hex digest (either case) as bytes; `what` names it in the error.
pub fn parse_hash(what: &'static str, hex: &str) -> Result<Hash, AllowlistError> {
    let invalid = || AllowlistError::InvalidHash {
        what,
        got: hex.chars().take(80).collect(),
    };
    if hex.len() != 64 {
        return Err(invalid());
    }
    HexBinary::from_hex(hex)
        .ok()
        .and_then(|b| b.to_array::<32>().ok())
        .ok_or_else(invalid)
}

/// A proof's hashes as bytes: at most [`MAX_PROOF_LEN`] (checked before anything is decoded),
/// each 64 hex characters.
pub fn parse_proof(proof: &[String]) -> Result<Vec<Hash>, AllowlistError> {
    if proof.len() > MAX_PROOF_LEN {
        return Err(AllowlistError::ProofTooLong {
            len: proof.len(),
            max: MAX_PROOF_LEN,
        });
    }
    proof
        .iter()
        .map(|h| parse_hash("a proof hash", h))
        .collect()
}

/// True when `proof` leads from the leaf of `(address, cap)` to `root`.
pub fn verify(root: &Hash, address: &str, cap: Uint128, proof: &[Hash]) -> bool {
    let top = proof.iter().fold(leaf(address, cap), |node, sibling| {
        hash_pair(&node, sibling)
    });
    &top == root
}

/// The levels of the tree over `entries`, leaves first (sorted), root last.
fn levels(entries: &[(String, Uint128)]) -> Result<Vec<Vec<Hash>>, AllowlistError> {
    if entries.is_empty() {
        return Err(AllowlistError::Empty {});
    }
    let mut seen: Vec<&str> = entries.iter().map(|(a, _)| a.as_str()).collect();
    seen.sort_unstable();
    if let Some(w) = seen.windows(2).find(|w| w[0] == w[1]) {
        return Err(AllowlistError::Duplicate {
            address: w[0].to_string(),
        });
    }
    let mut level: Vec<Hash> = entries.iter().map(|(a, c)| leaf(a, *c)).collect();
    level.sort_unstable();
    let mut levels = vec![level];
    while let Some(last) = levels.last().filter(|l| l.len() > 1) {
        let next = last
            .chunks(2)
            .filter_map(|pair| match pair {
                [a, b] => Some(hash_pair(a, b)),
                [a] => Some(*a),
                _ => None,
            })
            .collect();
        levels.push(next);
    }
    Ok(levels)
}

/// The root over `entries` (address, cap), as 64 lower-case hex characters: what a presale's
/// `allowlist.merkle_root` takes.
pub fn root(entries: &[(String, Uint128)]) -> Result<String, AllowlistError> {
    let levels = levels(entries)?;
    let top = levels.last().and_then(|l| l.first()).copied();
    Ok(top.map(|h| HexBinary::from(h).to_hex()).unwrap_or_default())
}

/// The proof of the entry `(address, cap)` in the tree over `entries` (sibling hashes from the
/// leaf up, lower-case hex), or `None` when the list has no such entry.
pub fn proof(
    entries: &[(String, Uint128)],
    address: &str,
    cap: Uint128,
) -> Result<Option<Vec<String>>, AllowlistError> {
    let levels = levels(entries)?;
    let wanted = leaf(address, cap);
    let Some(mut index) = levels[0].iter().position(|h| *h == wanted) else {
        return Ok(None);
    };
    let mut proof = vec![];
    for level in &levels[..levels.len() - 1] {
        let sibling = index ^ 1;
        if let Some(h) = level.get(sibling) {
            proof.push(HexBinary::from(h).to_hex());
        }
        index /= 2;
    }
    Ok(Some(proof))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn list(n: usize) -> Vec<(String, Uint128)> {
        (0..n)
            .map(|i| (format!("inj1backer{i:03}"), Uint128::new(100 + i as u128)))
            .collect()
    }

    #[test]
    fn the_leaf_bytes_are_exactly_the_documented_layout() {
        let bytes = leaf_bytes("inj1abc", Uint128::new(258));
        let mut want = b"modelfund/presale/allowlist/v1".to_vec();
        assert_eq!(want.len(), 30);
        want.extend_from_slice(&[0, 0, 0, 7]);
        want.extend_from_slice(b"inj1abc");
        want.extend_from_slice(&[0; 14]);
        want.extend_from_slice(&[1, 2]);
        assert_eq!(bytes, want);
        // a digest any sha256 tool reproduces: printf of those bytes | sha256sum
        assert_eq!(leaf("inj1abc", Uint128::new(258)), sha256(&want));
    }

    #[test]
    fn every_entry_of_lists_of_every_size_proves_and_nothing_else_does() {
        for n in 1..=17 {
            let entries = list(n);
            let root = parse_hash("root", &root(&entries).unwrap()).unwrap();
            let depth = (n as f64).log2().ceil() as usize;
            for (a, c) in &entries {
                let p = proof(&entries, a, *c).unwrap().expect("listed");
                assert!(p.len() <= depth, "n={n}: proof of {} hashes", p.len());
                let p = parse_proof(&p).unwrap();
                assert!(verify(&root, a, *c, &p), "n={n} {a}");
                // the same proof with another cap, or for another address, fails
                assert!(!verify(&root, a, *c + Uint128::one(), &p));
                assert!(!verify(&root, "inj1stranger", *c, &p));
            }
            assert_eq!(
                proof(&entries, "inj1stranger", Uint128::one()).unwrap(),
                None
            );
        }
    }

    #[test]
    fn the_root_does_not_depend_on_the_order_of_the_list() {
        let entries = list(9);
        let mut reversed = entries.clone();
        reversed.reverse();
        assert_eq!(root(&entries).unwrap(), root(&reversed).unwrap());
        assert_ne!(root(&entries).unwrap(), root(&list(8)).unwrap());
    }

    #[test]
    fn an_inner_node_is_not_a_leaf() {
        // the two children of the root of a two-entry list, offered as a proof of nothing
        let entries = list(2);
        let root = parse_hash("root", &root(&entries).unwrap()).unwrap();
        let l0 = leaf(&entries[0].0, entries[0].1);
        let l1 = leaf(&entries[1].0, entries[1].1);
        assert_eq!(hash_pair(&l0, &l1), root);
        assert_eq!(hash_pair(&l1, &l0), root, "sorted pairs: order-free");
        // the root itself is no leaf of any (address, cap)
        assert!(!verify(&root, "", Uint128::zero(), &[]));
    }

    #[test]
    fn bad_lists_and_bad_hex_are_refused() {
        assert_eq!(root(&[]), Err(AllowlistError::Empty {}));
        let mut entries = list(3);
        entries.push(("inj1backer001".into(), Uint128::new(5)));
        assert_eq!(
            root(&entries),
            Err(AllowlistError::Duplicate {
                address: "inj1backer001".into()
            })
        );
        for bad in ["", "ab", &"g".repeat(64), &"a".repeat(66)] {
            assert!(matches!(
                parse_hash("root", bad),
                Err(AllowlistError::InvalidHash { what: "root", .. })
            ));
        }
        assert!(
            parse_hash("root", &"AB".repeat(32)).is_ok(),
            "upper case is fine"
        );
        let long = vec!["a".repeat(64); MAX_PROOF_LEN + 1];
        assert_eq!(
            parse_proof(&long),
            Err(AllowlistError::ProofTooLong {
                len: MAX_PROOF_LEN + 1,
                max: MAX_PROOF_LEN
            })
        );
        assert_eq!(parse_proof(&long[1..]).unwrap().len(), MAX_PROOF_LEN);
    }
}
