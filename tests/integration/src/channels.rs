//! Payment-channel steps on [`Protocol`]: open, top up, extend, close and claim, with vouchers
//! signed by real secp256k1 session keys (`modelfund-vouchers`), plus the channel queries.

use cosmwasm_std::{coins, Addr, Binary, Coin, Timestamp};
use cw_multi_test::AppResponse;
use modelfund::channels::{self, ChannelResponse, Voucher};
use modelfund_vouchers::{Domain, SessionKey};

use crate::protocol::{Launched, Protocol};
use crate::{wasm_attr, AnyResult, DENOM};

impl Protocol {
    /// The voucher domain of this protocol's chain and channels contract.
    pub fn voucher_domain(&self) -> Domain {
        Domain::new(self.app.block_info().chain_id, self.channels.to_string())
    }

    /// `key`'s voucher for the cumulative `amount` on `channel_id`.
    pub fn voucher(&self, key: &SessionKey, channel_id: u64, amount: u128) -> Voucher {
        key.sign(&self.voucher_domain(), channel_id, amount)
            .to_msg()
    }

    /// `who` opens a channel on `m`'s metered plan `plan_id` for `gateway` with `key`, expiring
    /// at `expires_at`, with `funds` as the deposit.
    #[allow(clippy::too_many_arguments)]
    pub fn open_channel_with(
        &mut self,
        m: &Launched,
        who: &Addr,
        plan_id: &str,
        gateway: &Addr,
        key: &SessionKey,
        expires_at: Timestamp,
        funds: &[Coin],
    ) -> AnyResult<AppResponse> {
        let msg = channels::ExecuteMsg::Open {
            model_id: m.id.clone(),
            plan_id: plan_id.into(),
            gateway: gateway.to_string(),
            voucher_key: Binary::from(key.public_key().to_vec()),
            expires_at,
        };
        let ch = self.channels.clone();
        self.exec(who, &ch, &msg, funds)
    }

    /// `who` opens a channel with a deposit of `deposit` inj for `seconds`; returns its id.
    #[allow(clippy::too_many_arguments)]
    pub fn open_channel(
        &mut self,
        m: &Launched,
        who: &Addr,
        plan_id: &str,
        gateway: &Addr,
        key: &SessionKey,
        deposit: u128,
        seconds: u64,
    ) -> AnyResult<u64> {
        let expires_at = self.now().plus_seconds(seconds);
        let res = self.open_channel_with(
            m,
            who,
            plan_id,
            gateway,
            key,
            expires_at,
            &coins(deposit, DENOM),
        )?;
        let channels = self.channels.clone();
        Ok(wasm_attr(&res, &channels, "channel_id")
            .expect("open answers the channel id")
            .parse()
            .expect("a channel id is a number"))
    }

    pub fn top_up_channel(
        &mut self,
        who: &Addr,
        channel_id: u64,
        funds: &[Coin],
    ) -> AnyResult<AppResponse> {
        let ch = self.channels.clone();
        self.exec(who, &ch, &channels::ExecuteMsg::TopUp { channel_id }, funds)
    }

    pub fn extend_channel(
        &mut self,
        who: &Addr,
        channel_id: u64,
        expires_at: Timestamp,
    ) -> AnyResult<AppResponse> {
        let ch = self.channels.clone();
        let msg = channels::ExecuteMsg::Extend {
            channel_id,
            expires_at,
        };
        self.exec(who, &ch, &msg, &[])
    }

    pub fn close_channel(&mut self, who: &Addr, channel_id: u64) -> AnyResult<AppResponse> {
        let ch = self.channels.clone();
        self.exec(who, &ch, &channels::ExecuteMsg::Close { channel_id }, &[])
    }

    /// `gateway` settles `vouchers` in one claim.
    pub fn claim_vouchers(
        &mut self,
        gateway: &Addr,
        vouchers: Vec<Voucher>,
    ) -> AnyResult<AppResponse> {
        let ch = self.channels.clone();
        self.exec(gateway, &ch, &channels::ExecuteMsg::Claim { vouchers }, &[])
    }

    pub fn channel(&self, channel_id: u64) -> ChannelResponse {
        self.query(&self.channels, &channels::QueryMsg::Channel { channel_id })
    }
}
