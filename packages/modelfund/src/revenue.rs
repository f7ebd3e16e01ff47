//! Revenue shared by the shares, access and governance contracts: contributor royalty splits,
//! accepted revenue denoms and their validation.

use cosmwasm_schema::cw_serde;
use cosmwasm_std::Api;
use thiserror::Error;

use crate::validate::{self, ValidationError, BPS_DENOMINATOR};

/// Most contributor splits one model may have (bounds every distribution's loop).
pub const MAX_SPLITS: usize = 10;
/// Most revenue denoms one shares contract accounts (bounds every balance change's loop).
pub const MAX_REVENUE_DENOMS: usize = 5;
/// Longest split label.
pub const MAX_SPLIT_LABEL_LEN: usize = 64;

/// A contributor royalty: `bps` basis points of every distribution go to `address` before the
/// rest is shared pro-rata among holders. The splits of a model total at most 10,000 bps.
#[cw_serde]
#[serde(deny_unknown_fields)]
pub struct Split {
    /// The contributor (dataset provider, fine-tuner, creator, ...).
    pub address: String,
    /// Share of each distribution, in basis points.
    pub bps: u16,
    /// What the contribution was, e.g. "dataset: medical-qa".
    pub label: String,
}

#[derive(Error, Debug, PartialEq)]
pub enum RevenueError {
    #[error("at most {max} revenue splits")]
    TooManySplits { max: usize },

    #[error("split of {address} must have more than 0 basis points")]
    ZeroSplitBps { address: String },

    #[error("splits total {total} basis points, more than 10000 (100 %)")]
    SplitsOverTotal { total: u64 },

    #[error("duplicate split address {address}")]
    DuplicateSplitAddress { address: String },

    #[error("invalid split address {address:?}")]
    InvalidSplitAddress { address: String },

    #[error("between 1 and {max} revenue denoms")]
    InvalidDenomCount { max: usize },

    #[error("invalid denom {denom:?}: 3-128 characters, a letter first, then letters, digits and / : . _ -")]
    InvalidDenom { denom: String },

    #[error("duplicate revenue denom {denom}")]
    DuplicateDenom { denom: String },

    #[error(transparent)]
    Validation(#[from] ValidationError),
}

/// Checks contributor splits: at most [`MAX_SPLITS`], valid and distinct addresses, each more
/// than 0 bps, together at most 10,000 bps, labels of at most [`MAX_SPLIT_LABEL_LEN`] characters
/// without control characters. Returns them with normalized addresses, in the given order.
pub fn validate_splits(api: &dyn Api, splits: &[Split]) -> Result<Vec<Split>, RevenueError> {
    if splits.len() > MAX_SPLITS {
        return Err(RevenueError::TooManySplits { max: MAX_SPLITS });
    }
    let mut out: Vec<Split> = Vec::with_capacity(splits.len());
    let mut total: u64 = 0;
    for split in splits {
        let address = api
            .addr_validate(&split.address)
            .map_err(|_| RevenueError::InvalidSplitAddress {
                address: split.address.clone(),
            })?
            .into_string();
        if split.bps == 0 {
            return Err(RevenueError::ZeroSplitBps { address });
        }
        validate::text("split label", &split.label, MAX_SPLIT_LABEL_LEN, false)?;
        if out.iter().any(|s| s.address == address) {
            return Err(RevenueError::DuplicateSplitAddress { address });
        }
        total = total.saturating_add(u64::from(split.bps));
        out.push(Split {
            address,
            bps: split.bps,
            label: split.label.clone(),
        });
    }
    if total > u64::from(BPS_DENOMINATOR) {
        return Err(RevenueError::SplitsOverTotal { total });
    }
    Ok(out)
}

/// A native denom, without assuming any chain's naming: 3–128 characters, starting with a
/// letter, then letters, digits and `/ : . _ -` (covers `inj`, `untrn`, `ibc/…`, `factory/…`).
pub fn validate_denom(denom: &str) -> Result<(), RevenueError> {
    crate::validate::denom(denom).map_err(|_| RevenueError::InvalidDenom {
        denom: denom.to_string(),
    })
}

/// Checks a list of accepted revenue denoms: 1 to [`MAX_REVENUE_DENOMS`] valid, distinct denoms.
pub fn validate_denoms(denoms: &[String]) -> Result<(), RevenueError> {
    if denoms.is_empty() || denoms.len() > MAX_REVENUE_DENOMS {
        return Err(RevenueError::InvalidDenomCount {
            max: MAX_REVENUE_DENOMS,
        });
    }
    for (i, denom) in denoms.iter().enumerate() {
        validate_denom(denom)?;
        if denoms[..i].contains(denom) {
            return Err(RevenueError::DuplicateDenom {
                denom: denom.clone(),
            });
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use cosmwasm_std::testing::MockApi;

    use super::*;

    fn split(api: &MockApi, name: &str, bps: u16) -> Split {
        Split {
            address: api.addr_make(name).into_string(),
            bps,
            label: format!("{name} contribution"),
        }
    }

    #[test]
    fn splits_within_the_rules_pass() {
        let api = MockApi::default();
        assert_eq!(validate_splits(&api, &[]), Ok(vec![]));
        let splits = vec![split(&api, "a", 2_500), split(&api, "b", 7_500)];
        assert_eq!(validate_splits(&api, &splits), Ok(splits));
        let max: Vec<Split> = (0..MAX_SPLITS)
            .map(|i| split(&api, &format!("c{i}"), 1_000))
            .collect();
        assert_eq!(validate_splits(&api, &max), Ok(max.clone()));
    }

    #[test]
    fn bad_splits_are_typed_errors() {
        let api = MockApi::default();
        let too_many: Vec<Split> = (0..=MAX_SPLITS)
            .map(|i| split(&api, &format!("c{i}"), 1))
            .collect();
        assert_eq!(
            validate_splits(&api, &too_many),
            Err(RevenueError::TooManySplits { max: MAX_SPLITS })
        );
        let a = split(&api, "a", 0);
        assert_eq!(
            validate_splits(&api, std::slice::from_ref(&a)),
            Err(RevenueError::ZeroSplitBps { address: a.address })
        );
        assert_eq!(
            validate_splits(&api, &[split(&api, "a", 6_000), split(&api, "b", 4_001)]),
            Err(RevenueError::SplitsOverTotal { total: 10_001 })
        );
        assert_eq!(
            validate_splits(&api, &[split(&api, "a", u16::MAX)]),
            Err(RevenueError::SplitsOverTotal {
                total: u64::from(u16::MAX)
            })
        );
        let a = split(&api, "a", 1);
        assert_eq!(
            validate_splits(&api, &[a.clone(), split(&api, "a", 2)]),
            Err(RevenueError::DuplicateSplitAddress { address: a.address })
        );
        let bad = Split {
            address: "not-an-address".into(),
            bps: 1,
            label: String::new(),
        };
        assert_eq!(
            validate_splits(&api, &[bad]),
            Err(RevenueError::InvalidSplitAddress {
                address: "not-an-address".into()
            })
        );
        let mut long = split(&api, "a", 1);
        long.label = "x".repeat(MAX_SPLIT_LABEL_LEN + 1);
        assert!(matches!(
            validate_splits(&api, &[long]),
            Err(RevenueError::Validation(_))
        ));
    }

    #[test]
    fn denoms() {
        for ok in [
            "inj",
            "untrn",
            "ibc/27394FB092D2ECCD56123C74F36E4C1F926001CEADA9CA97EA622B25F41E5EB2",
            "factory/inj1x/usdc",
            "peggy0xdAC17F958D2ee523a2206206994597C13D831ec7",
        ] {
            assert_eq!(validate_denom(ok), Ok(()), "{ok}");
        }
        for bad in ["", "ab", "1nj", "in j", "inj!", &"a".repeat(129)] {
            assert!(validate_denom(bad).is_err(), "{bad}");
        }
        let d = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(validate_denoms(&d(&["inj", "uusdc"])), Ok(()));
        assert_eq!(
            validate_denoms(&[]),
            Err(RevenueError::InvalidDenomCount {
                max: MAX_REVENUE_DENOMS
            })
        );
        assert_eq!(
            validate_denoms(&d(&["aaa", "bbb", "ccc", "ddd", "eee", "fff"])),
            Err(RevenueError::InvalidDenomCount {
                max: MAX_REVENUE_DENOMS
            })
        );
        assert_eq!(
            validate_denoms(&d(&["inj", "inj"])),
            Err(RevenueError::DuplicateDenom {
                denom: "inj".into()
            })
        );
        assert!(matches!(
            validate_denoms(&d(&["inj", "x"])),
            Err(RevenueError::InvalidDenom { .. })
        ));
    }
}
