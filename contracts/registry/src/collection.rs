//! What the registry adds to the shared cw721 surface (`modelfund::nft`): a missing model is
//! `ModelBurned` or `ModelNotFound`, a transfer needs no bookkeeping of its own, `nft_info`
//! answers the model's metadata as the extension, and the royalty is the model's own.

use cosmwasm_std::{Addr, Attribute, Deps, Env, Storage};
use cw721::msg::NftInfoResponse;
use modelfund::nft::{Collection, Cw721Store, Royalty};
use modelfund::registry::ModelInfo;

use crate::error::ContractError;
use crate::query::model_info;
use crate::state::{load_model, MODELS};

/// The model NFTs.
pub struct Models;

impl Collection for Models {
    type Error = ContractError;
    type Extension = ModelInfo;

    fn missing(&self, storage: &dyn Storage, token_id: &str) -> ContractError {
        let token_id = token_id.to_string();
        if MODELS.has(storage, &token_id) {
            ContractError::ModelBurned { token_id }
        } else {
            ContractError::ModelNotFound { token_id }
        }
    }

    fn moved(
        &self,
        _storage: &mut dyn Storage,
        _env: &Env,
        _token_id: &str,
        _from: &Addr,
        _to: &Addr,
    ) -> Result<Vec<Attribute>, ContractError> {
        Ok(vec![])
    }

    fn nft_info(
        &self,
        deps: Deps,
        token_id: &str,
    ) -> Result<NftInfoResponse<ModelInfo>, ContractError> {
        let token = Cw721Store::default()
            .nft_info
            .load(deps.storage, token_id)?;
        let record = load_model(deps.storage, token_id)?;
        Ok(NftInfoResponse {
            token_uri: token.token_uri,
            extension: model_info(deps, token_id, record)?,
        })
    }

    /// The model's royalty as last set (it stays with a burned model's record).
    fn royalty(&self, deps: Deps, token_id: &str) -> Result<Option<Royalty>, ContractError> {
        Ok(load_model(deps.storage, token_id)?
            .royalty
            .map(|r| Royalty {
                address: r.payment_address,
                share_bps: r.share_bps,
            }))
    }
}
