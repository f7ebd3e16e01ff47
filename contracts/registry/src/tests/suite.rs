use cosmwasm_std::{Addr, Empty};
use cw721::receiver::Cw721ReceiveMsg;
use cw_multi_test::{App, AppResponse, Contract};
use modelfund::registry::{
    ExecuteMsg, InstantiateMsg, License, ModelMetadata, ModelResponse, QueryMsg, RoyaltyLimits,
    RoyaltyMsg,
};

use modelfund_testing::{addrs, instantiate, nft_receiver, stand_in};
pub use modelfund_testing::{wasm_attr, Harness};

pub const HASH_1: &str = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";
pub const HASH_2: &str = "60303ae22b998861bce3b28f33eec1be758a213c86c93c076dbe9f558c11c752";
pub const URI_1: &str = "ipfs://bafybeigdyrzt5sfp7udm7hu76uh7y26nf3efuylqabf3oclgtqy55fbzdi";
pub const URI_2: &str = "ar://Q1bQ-model-v2";
pub const MODEL: &str = "tiny-llm";

pub fn registry_contract() -> Box<dyn Contract<Empty>> {
    modelfund_testing::contract!()
}

pub struct Suite {
    pub app: App,
    pub registry: Addr,
    pub owner: Addr,
    pub minter: Addr,
    pub alice: Addr,
    pub bob: Addr,
    pub code_id: u64,
}

modelfund_testing::harness!(Suite, registry);

pub fn instantiate_msg(owner: &Addr, minters: Vec<String>) -> InstantiateMsg {
    InstantiateMsg {
        name: "Modelfund models".into(),
        symbol: "MODEL".into(),
        owner: Some(owner.to_string()),
        minters: Some(minters),
        royalty_limits: None,
    }
}

pub fn metadata() -> ModelMetadata {
    ModelMetadata {
        name: "Tiny LLM".into(),
        description: "A 1B parameter chat model".into(),
        content_hash: HASH_1.into(),
        storage_uri: URI_1.into(),
        license: License {
            id: "apache-2.0".into(),
            uri: Some("https://www.apache.org/licenses/LICENSE-2.0".into()),
        },
        version: "v1.0.0".into(),
        notes: Some("first release".into()),
        image: Some("ipfs://bafy-tiny-llm-image".into()),
    }
}

pub fn mint_msg(token_id: &str, owner: &Addr) -> ExecuteMsg {
    ExecuteMsg::Mint {
        token_id: token_id.into(),
        owner: owner.to_string(),
        token_uri: None,
        model: metadata(),
        royalty: None,
    }
}

impl Suite {
    pub fn new() -> Self {
        Self::with_limits(None)
    }

    pub fn with_limits(royalty_limits: Option<RoyaltyLimits>) -> Self {
        let mut app = App::default();
        let [owner, minter, alice, bob] = addrs(&app, ["owner", "launchpad", "alice", "bob"]);
        let code_id = app.store_code(registry_contract());
        let mut msg = instantiate_msg(&owner, vec![minter.to_string()]);
        msg.royalty_limits = royalty_limits;
        let registry = instantiate(&mut app, code_id, &owner, &msg, "registry", Some(&owner));
        Suite {
            app,
            registry,
            owner,
            minter,
            alice,
            bob,
            code_id,
        }
    }

    /// Mints `token_id` (metadata from [`metadata`]) to `owner`, sent by the additional minter.
    pub fn mint(&mut self, token_id: &str, owner: &Addr) -> AppResponse {
        let minter = self.minter.clone();
        self.exec(&minter, &mint_msg(token_id, owner)).unwrap()
    }

    pub fn mint_with_royalty(&mut self, token_id: &str, owner: &Addr, share_bps: u16) {
        let minter = self.minter.clone();
        let msg = ExecuteMsg::Mint {
            token_id: token_id.into(),
            owner: owner.to_string(),
            token_uri: None,
            model: metadata(),
            royalty: Some(RoyaltyMsg {
                payment_address: owner.to_string(),
                share_bps,
            }),
        };
        self.exec(&minter, &msg).unwrap();
    }

    pub fn model(&self, token_id: &str) -> ModelResponse {
        self.query(&QueryMsg::Model {
            token_id: token_id.into(),
        })
        .unwrap()
    }

    pub fn advance_seconds(&mut self, seconds: u64) {
        Harness::advance_seconds(self, seconds);
    }

    /// A contract that accepts `send_nft` and remembers the last `Cw721ReceiveMsg`.
    pub fn receiver(&mut self) -> Addr {
        let owner = &self.owner;
        stand_in(&mut self.app, nft_receiver(), owner, &Empty {}, "receiver")
    }

    pub fn received(&self, receiver: &Addr) -> Option<Cw721ReceiveMsg> {
        self.query_contract(receiver, &Empty {})
    }
}
