//! What access adds to the shared cw721 surface (`modelfund::nft`): a missing license is
//! `LicenseNotFound`, a transferred or sent license moves its entry in the usable-lease index
//! (and the event names its model), `nft_info` answers the license as the extension, and its royalty is
//! its model's.

use cosmwasm_std::{attr, Addr, Attribute, Deps, Empty, Env, Storage};
use cw721::msg::NftInfoResponse;
use modelfund::access::LicenseInfo;
use modelfund::nft::{Collection, Royalty};

use crate::error::ContractError;
use crate::state::{load_license, load_model, USABLE_LEASES};

/// The license NFTs.
pub struct Licenses;

impl Collection for Licenses {
    type Error = ContractError;
    type Extension = LicenseInfo;

    fn missing(&self, _storage: &dyn Storage, token_id: &str) -> ContractError {
        ContractError::LicenseNotFound {
            license_id: token_id.to_string(),
        }
    }

    /// The license's entry in the usable-lease index follows the token: to the new owner while
    /// it has calls left and time to run; an expired one just leaves the index.
    fn moved(
        &self,
        storage: &mut dyn Storage,
        env: &Env,
        token_id: &str,
        from: &Addr,
        to: &Addr,
    ) -> Result<Vec<Attribute>, ContractError> {
        let license = load_license(storage, token_id)?;
        let expires = license.expires_at.nanos();
        USABLE_LEASES.remove(storage, (&license.model_id, from, (expires, token_id)));
        if license.calls_left > 0 && env.block.time < license.expires_at {
            USABLE_LEASES.save(
                storage,
                (&license.model_id, to, (expires, token_id)),
                &Empty {},
            )?;
        }
        Ok(vec![attr("model_id", license.model_id)])
    }

    fn nft_info(
        &self,
        deps: Deps,
        token_id: &str,
    ) -> Result<NftInfoResponse<LicenseInfo>, ContractError> {
        Ok(NftInfoResponse {
            token_uri: None,
            extension: load_license(deps.storage, token_id)?,
        })
    }

    /// A license's royalty is its model's: the shares contract, `license_royalty_bps`.
    fn royalty(&self, deps: Deps, token_id: &str) -> Result<Option<Royalty>, ContractError> {
        let license = load_license(deps.storage, token_id)?;
        let model = load_model(deps.storage, &license.model_id)?;
        Ok(Some(Royalty {
            address: model.shares,
            share_bps: model.license_royalty_bps,
        }))
    }
}
