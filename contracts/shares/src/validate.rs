//! Input checks of instantiate and the handlers, cw20-base's rules where cw20 has them: name,
//! symbol, decimals, initial balances, minter, marketing and logo, revenue. Each returns a typed
//! error before anything is written.

use cosmwasm_std::{Addr, Api, Uint128};
use cw20::{Cw20Coin, EmbeddedLogo, Logo, MarketingInfoResponse, MinterResponse};
use modelfund::revenue::{validate_denoms, validate_splits};
use modelfund::shares::{
    InstantiateMarketingInfo, InstantiateMsg, RevenueInit, MAX_DECIMALS, MAX_INITIAL_BALANCES,
};

use crate::error::ContractError;
use crate::revenue::RevenueConfig;
use crate::state::{logo_info, Init, MinterData, TokenInfo};

/// Largest embedded logo (cw20-base's limit).
const LOGO_SIZE_CAP: usize = 5 * 1024;

/// What an instantiate message asks for, every part checked before anything is written.
pub fn validated_init(
    api: &dyn Api,
    contract: &Addr,
    msg: InstantiateMsg,
) -> Result<Init, ContractError> {
    validate_name(&msg.name)?;
    validate_symbol(&msg.symbol)?;
    if msg.decimals > MAX_DECIMALS {
        return Err(ContractError::InvalidDecimals { max: MAX_DECIMALS });
    }
    let (accounts, supply) = initial_balances(api, contract, &msg.initial_balances)?;
    let mint = msg.mint.map(|m| minter(api, m, supply)).transpose()?;
    Ok(Init {
        token: TokenInfo {
            name: msg.name,
            symbol: msg.symbol,
            decimals: msg.decimals,
            mint,
        },
        accounts,
        supply,
        marketing: msg.marketing.map(|m| marketing(api, m)).transpose()?,
        revenue: msg.revenue.map(|r| revenue(api, r)).transpose()?,
    })
}

/// cw20-base's rule: 3 to 50 bytes.
fn validate_name(name: &str) -> Result<(), ContractError> {
    if !(3..=50).contains(&name.len()) {
        return Err(ContractError::InvalidName {});
    }
    Ok(())
}

/// cw20-base's rule: 3 to 12 characters of `[a-zA-Z-]`.
fn validate_symbol(symbol: &str) -> Result<(), ContractError> {
    if !(3..=12).contains(&symbol.len())
        || !symbol.bytes().all(|b| b.is_ascii_alphabetic() || b == b'-')
    {
        return Err(ContractError::InvalidSymbol {});
    }
    Ok(())
}

/// Initial balances: bounded, valid addresses other than this contract, non-zero amounts, no
/// address twice. Answers them with the supply they make.
fn initial_balances(
    api: &dyn Api,
    contract: &Addr,
    balances: &[Cw20Coin],
) -> Result<(Vec<(Addr, Uint128)>, Uint128), ContractError> {
    if balances.len() > MAX_INITIAL_BALANCES {
        return Err(ContractError::TooManyInitialBalances {
            max: MAX_INITIAL_BALANCES,
        });
    }
    let mut accounts: Vec<(Addr, Uint128)> = Vec::with_capacity(balances.len());
    let mut supply = Uint128::zero();
    for coin in balances {
        if coin.amount.is_zero() {
            return Err(ContractError::InvalidZeroAmount {});
        }
        supply = supply.checked_add(coin.amount)?;
        let address = api.addr_validate(&coin.address)?;
        if address == *contract {
            return Err(ContractError::CannotHoldOwnShares {});
        }
        accounts.push((address, coin.amount));
    }
    let mut distinct: Vec<&Addr> = accounts.iter().map(|(addr, _)| addr).collect();
    distinct.sort();
    distinct.dedup();
    if distinct.len() != accounts.len() {
        return Err(ContractError::DuplicateInitialBalanceAddresses {});
    }
    Ok((accounts, supply))
}

/// The minter, whose cap (if any) the initial supply must not exceed.
fn minter(api: &dyn Api, m: MinterResponse, supply: Uint128) -> Result<MinterData, ContractError> {
    if let Some(cap) = m.cap {
        if supply > cap {
            return Err(ContractError::InitialSupplyOverCap { supply, cap });
        }
    }
    Ok(MinterData {
        minter: api.addr_validate(&m.minter)?,
        cap: m.cap,
    })
}

/// Marketing metadata as stored, and the logo to store.
fn marketing(
    api: &dyn Api,
    m: InstantiateMarketingInfo,
) -> Result<(MarketingInfoResponse, Option<Logo>), ContractError> {
    if let Some(logo) = &m.logo {
        verify_logo(logo)?;
    }
    let info = MarketingInfoResponse {
        project: m.project,
        description: m.description,
        marketing: m.marketing.map(|a| api.addr_validate(&a)).transpose()?,
        logo: m.logo.as_ref().map(logo_info),
    };
    Ok((info, m.logo))
}

/// Revenue: valid denoms and splits, a valid admin.
fn revenue(api: &dyn Api, r: RevenueInit) -> Result<(RevenueConfig, Vec<String>), ContractError> {
    validate_denoms(&r.denoms)?;
    let splits = validate_splits(api, &r.splits)?;
    let admin = r.admin.map(|a| api.addr_validate(&a)).transpose()?;
    Ok((RevenueConfig { admin, splits }, r.denoms))
}

/// cw20-base's logo rules: an embedded SVG starts with an XML preamble, an embedded PNG with
/// the PNG signature, both at most 5 KB; a URL is taken as is.
pub fn verify_logo(logo: &Logo) -> Result<(), ContractError> {
    match logo {
        Logo::Embedded(EmbeddedLogo::Svg(data)) => {
            let preamble = data
                .split_inclusive(|c| *c == b'>')
                .next()
                .ok_or(ContractError::InvalidXmlPreamble {})?;
            if !(preamble.starts_with(b"<?xml ") && preamble.ends_with(b"?>")) {
                return Err(ContractError::InvalidXmlPreamble {});
            }
            if data.len() > LOGO_SIZE_CAP {
                return Err(ContractError::LogoTooBig {});
            }
            Ok(())
        }
        Logo::Embedded(EmbeddedLogo::Png(data)) => {
            const HEADER: [u8; 8] = [0x89, b'P', b'N', b'G', 0x0d, 0x0a, 0x1a, 0x0a];
            if data.len() > LOGO_SIZE_CAP {
                return Err(ContractError::LogoTooBig {});
            }
            if !data.starts_with(&HEADER) {
                return Err(ContractError::InvalidPngHeader {});
            }
            Ok(())
        }
        Logo::Url(_) => Ok(()),
    }
}

/// A vesting schedule's lengths: a cliff within a positive duration of at most
/// `MAX_VESTING_SECONDS`.
pub fn vesting(cliff_seconds: u64, duration_seconds: u64) -> Result<(), ContractError> {
    let reason = if duration_seconds == 0 {
        "the duration must be above zero (mint without vesting instead)".to_string()
    } else if duration_seconds > modelfund::shares::MAX_VESTING_SECONDS {
        format!(
            "the duration is at most {} seconds",
            modelfund::shares::MAX_VESTING_SECONDS
        )
    } else if cliff_seconds > duration_seconds {
        "the cliff cannot come after the end".to_string()
    } else {
        return Ok(());
    };
    Err(ContractError::InvalidVesting { reason })
}
