//! The invariants, checked against the chain and the model after every step.

use cosmwasm_std::Addr;
use proptest::test_runner::TestCaseError;

use super::model::*;
use super::world::*;
use super::*;

impl World {
    /// Every invariant, against the chain and the model.
    pub(crate) fn check(&self, model: &Model, ctx: &str) -> Result<(), TestCaseError> {
        let p = &self.p;
        // (a) the coins of everything with an address sum to what the world started with
        let mut tracked: Vec<Addr> = self.accounts.clone();
        tracked.extend([
            p.registry.clone(),
            p.access.clone(),
            p.launchpad.clone(),
            p.channels.clone(),
        ]);
        for m in &self.models {
            tracked.extend([m.presale.clone(), m.shares.clone(), m.governance.clone()]);
        }
        let total: u128 = tracked.iter().map(|a| p.balance(a)).sum();
        if total != self.initial_total {
            return Err(violated(
                Inv::A,
                ctx,
                format!(
                    "all balances sum to {total}, the world started with {}",
                    self.initial_total
                ),
            ));
        }
        // (a) the shared contracts hold nothing
        for (name, addr) in [
            ("access", &p.access),
            ("launchpad", &p.launchpad),
            ("registry", &p.registry),
            ("the cw20 receiver", &p.receiver),
        ] {
            let held = p.balance(addr);
            if held != 0 {
                return Err(violated(Inv::A, ctx, format!("{name} holds {held}")));
            }
        }
        for (i, (lm, ms)) in self.models.iter().zip(&model.models).enumerate() {
            self.check_model(i, lm, ms, ctx)?;
        }
        self.check_channels(model, ctx)?;
        // (a) every actor holds what the rules say
        for (a, addr) in self.accounts.iter().enumerate() {
            let held = p.balance(addr);
            if held != model.coins[a] {
                return Err(violated(
                    Inv::A,
                    ctx,
                    format!(
                        "{} holds {held}, the rules say {}",
                        NAMES[a], model.coins[a]
                    ),
                ));
            }
        }
        Ok(())
    }

    pub(crate) fn check_model(
        &self,
        i: usize,
        lm: &Launched,
        ms: &ModelState,
        ctx: &str,
    ) -> Result<(), TestCaseError> {
        let p = &self.p;
        let (height, now) = (self.height(), self.now());
        // (a) the presale holds what its books say, and what the rules say
        let state = p.presale_state(lm);
        let books = if state.phase == modelfund::presale::Phase::Succeeded {
            0
        } else {
            state.raised.u128() - state.refunded.u128()
        };
        let held = p.balance(&lm.presale);
        if held != books || held != ms.presale_holds() {
            return Err(violated(
                Inv::A,
                ctx,
                format!(
                    "model {i}: the presale holds {held}; its books ({:?}, raised {}, refunded {}) say {books}, the rules {}",
                    state.phase, state.raised, state.refunded, ms.presale_holds()
                ),
            ));
        }
        // (a) what the presale says it returned through withdrawals is what the rules say, and
        // no backer ever got back more than it put in (seen in its own bank balance); after
        // its refund, exactly what it put in
        if state.withdrawn.u128() != ms.withdrawn {
            return Err(violated(
                Inv::A,
                ctx,
                format!(
                    "model {i}: the presale says {} were withdrawn, the rules {}",
                    state.withdrawn, ms.withdrawn
                ),
            ));
        }
        for b in BACKERS {
            let (put_in, paid_back) = (ms.seen_put_in[b], ms.seen_paid_back[b]);
            if paid_back > put_in || (ms.refunded_to[b] && paid_back != put_in) {
                return Err(violated(
                    Inv::A,
                    ctx,
                    format!(
                        "model {i}: {} put {put_in} into the presale and got {paid_back} back (refunded: {})",
                        NAMES[b], ms.refunded_to[b]
                    ),
                ));
            }
        }
        // (a) the shares contract holds its books' `owed` (+ unswept coins), as the rules say
        let owed = p.owed(lm, DENOM);
        let held = p.balance(&lm.shares);
        if held != owed + ms.stray || held != ms.shares_holds() {
            return Err(violated(
                Inv::A,
                ctx,
                format!(
                    "model {i}: the shares contract holds {held}; its books owe {owed} (+ {} unswept), the rules say {} (accounted {} − paid {} + unswept {})",
                    ms.stray, ms.shares_holds(), ms.revenue_in, ms.revenue_paid, ms.stray
                ),
            ));
        }
        // (b) + (d) the DAO holds its free treasury and the deposits, nothing less, nothing more
        let held = p.balance(&lm.governance);
        if held != ms.dao_holds() {
            let settled: Vec<String> = ms
                .proposals
                .iter()
                .map(|pr| {
                    format!(
                        "#{} {:?} deposit {:?} {}",
                        pr.id,
                        pr.live(now),
                        pr.deposit_state,
                        pr.deposit
                    )
                })
                .collect();
            return Err(violated(
                if held < ms.dao_holds() { Inv::B } else { Inv::D },
                ctx,
                format!(
                    "model {i}: the DAO holds {held}, the rules say free treasury {} + deposits held {} [{}]",
                    ms.free,
                    ms.held,
                    settled.join(", ")
                ),
            ));
        }
        // (d) each deposit in exactly one state, and the held ones add up
        let held_deposits: u128 = ms
            .proposals
            .iter()
            .filter(|pr| pr.deposit_state == Deposit::Held)
            .map(|pr| pr.deposit)
            .sum();
        assert_eq!(held_deposits, ms.held, "reference model: deposits held");
        // share ledger: every account's balance as the rules say
        for h in MOVERS.into_iter().chain([RECEIVER]) {
            let got = p.shares_of(lm, &self.accounts[h]);
            if got != ms.balances[h] {
                return Err(violated(
                    Inv::Ledger,
                    ctx,
                    format!(
                        "model {i}: {} holds {got} shares, the rules say {}",
                        NAMES[h], ms.balances[h]
                    ),
                ));
            }
        }
        for ((owner, spender), (amount, exp)) in &ms.allowances {
            if expired(exp, height, now) {
                continue;
            }
            let got = p.allowance(lm, &self.accounts[*owner], &self.accounts[*spender]);
            if got.allowance.u128() != *amount {
                return Err(violated(
                    Inv::Ledger,
                    ctx,
                    format!(
                        "model {i}: {} may move {} of {}'s shares, the rules say {amount} (expires {exp})",
                        NAMES[*spender], got.allowance, NAMES[*owner]
                    ),
                ));
            }
        }
        if self.touched.get(i).copied().unwrap_or(true) {
            self.check_power(i, lm, ms, ctx)?;
        }
        // metering
        for u in BUYERS {
            let (credits, grant) = (
                p.credits(lm, &self.accounts[u]),
                p.grant_of(lm, &self.accounts[u], &self.accounts[GATEWAY]),
            );
            if credits != ms.credits[u] || grant != ms.grants[u] {
                return Err(violated(
                    Inv::Metering,
                    ctx,
                    format!(
                        "model {i}: {} has {credits} credits and grants {grant} calls, the rules say {} and {}",
                        NAMES[u], ms.credits[u], ms.grants[u]
                    ),
                ));
            }
        }
        self.check_revenue(i, lm, ms, ctx)
    }

    /// (c) each holder's revenue is its pro-rata share of every distribution.
    pub(crate) fn check_revenue(
        &self,
        i: usize,
        lm: &Launched,
        ms: &ModelState,
        ctx: &str,
    ) -> Result<(), TestCaseError> {
        let p = &self.p;
        let tolerance = DUST_PER_DISTRIBUTION * ms.distributions;
        let within = |got: u128, exact_scaled: u128| {
            got * SCALE <= exact_scaled + tolerance * SCALE
                && exact_scaled <= got * SCALE + tolerance * SCALE
        };
        let mut claimable_sum = 0u128;
        // the escrow's revenue that no claimable shows yet (exact, in 1 / SCALE)
        let mut hidden_escrow = 0u128;
        let mut unclaimed = 0u128;
        for h in MOVERS.into_iter().chain([MARKETPLACE, RECEIVER]) {
            let claimable = p.claimable(lm, &self.accounts[h]);
            claimable_sum += claimable;
            let got = ms.claimed_revenue[h] + claimable;
            let escrow = if ms.unclaimed(h) {
                ms.exact_escrow[h]
            } else {
                0
            };
            if ms.unclaimed(h) {
                unclaimed += 1;
            }
            if within(got, ms.exact[h]) {
                hidden_escrow += escrow;
            } else if !(escrow > 0 && within(got, ms.exact[h] + escrow)) {
                return Err(violated(
                    Inv::C,
                    ctx,
                    format!(
                        "model {i}: {} has claimed {} + claimable {claimable} = {got}; its exact pro-rata share is {:.3} (± {tolerance}){}",
                        NAMES[h],
                        ms.claimed_revenue[h],
                        ms.exact[h] as f64 / SCALE as f64,
                        if escrow > 0 {
                            format!(", plus {:.3} its escrowed shares earned", escrow as f64 / SCALE as f64)
                        } else {
                            String::new()
                        }
                    ),
                ));
            }
        }
        for (c, who) in CONTRIBUTORS.into_iter().enumerate() {
            let claimable = p.claimable(lm, &self.accounts[who]);
            claimable_sum += claimable;
            let got = ms.claimed_revenue[who] + claimable;
            if got != ms.split_revenue[c] {
                return Err(violated(
                    Inv::C,
                    ctx,
                    format!(
                        "model {i}: contributor {c} has claimed {} + claimable {claimable} = {got}; its splits are {}",
                        ms.claimed_revenue[who], ms.split_revenue[c]
                    ),
                ));
            }
        }
        // the rest of the books (owed − every claimable) is the escrow's revenue plus the
        // documented dust
        let owed = p.owed(lm, DENOM);
        let promised = claimable_sum;
        if promised > owed {
            return Err(violated(
                Inv::A,
                ctx,
                format!("model {i}: the shares contract promises {promised} claimable but its books owe {owed}"),
            ));
        }
        let rest = owed - promised;
        let bound = tolerance * unclaimed + REVENUE_ACCOUNTS;
        if !within_bound(rest, hidden_escrow, bound) {
            return Err(violated(
                Inv::C,
                ctx,
                format!(
                    "model {i}: the books hold {rest} beyond every claimable coin; the escrowed shares earned {:.3} (± {bound})",
                    hidden_escrow as f64 / SCALE as f64
                ),
            ));
        }
        Ok(())
    }
}

impl World {
    /// (f) every account's voting power as the rules say, and the total never changed by
    /// delegation, after every step that ran on this model (nothing else changes its shares):
    /// at the next height (every change so far, this block's included) and at
    /// [`PAST_POWER_HEIGHTS`] of the heights that matter (the current one, proposal starts,
    /// finalize, claims and delegation changes with the heights just before them), taken in
    /// turn from one check to the next.
    pub(crate) fn check_power(
        &self,
        i: usize,
        lm: &Launched,
        ms: &ModelState,
        ctx: &str,
    ) -> Result<(), TestCaseError> {
        // delegation: every mover's vote goes through whom the rules say
        for h in MOVERS {
            let got = self.p.delegation(lm, &self.accounts[h]).delegate;
            let want = ms.delegates[h].map(|d| self.accounts[d].clone());
            if got != want {
                return Err(violated(
                    Inv::Power,
                    ctx,
                    format!(
                        "model {i}: {}'s vote goes through {got:?}, the rules say {}",
                        NAMES[h],
                        ms.delegates[h].map_or("itself", name)
                    ),
                ));
            }
        }
        let height = self.height();
        let mut heights = vec![height + 1];
        let mut past = ms.power_heights();
        past.push(height);
        let turn = self.checks.get();
        self.checks.set(turn + 1);
        heights.extend(
            (0..PAST_POWER_HEIGHTS.min(past.len()))
                .map(|k| past[(turn * PAST_POWER_HEIGHTS + k) % past.len()]),
        );
        for h in heights {
            // (any other account with power would break the total below)
            let powers: Vec<(usize, u128)> = VOTERS
                .into_iter()
                .map(|a| (a, self.p.voting_power(lm, &self.accounts[a], h)))
                .collect();
            // the model's own two sums must agree: power redistributes stakes, nothing more
            let model_power: u128 = (0..ACCOUNTS).map(|a| ms.power(a, h)).sum();
            let stakes: u128 = (0..ACCOUNTS).map(|a| ms.stake(a, h)).sum();
            assert_eq!(
                model_power, stakes,
                "reference model: the powers at height {h} sum to the stakes"
            );
            // the total: every account's power plus the shares still in escrow (which no
            // account votes with before its backer's claim) is the total power, and the sum of
            // the stakes the rules say
            let chain_sum: u128 = powers.iter().map(|(_, p)| p).sum();
            let escrowed = ms.escrowed_at(h);
            let total = self.p.total_power(lm, h);
            if chain_sum + escrowed != total || chain_sum != stakes {
                return Err(violated(
                    Inv::PowerTotal,
                    ctx,
                    format!(
                        "model {i} at height {h}: the accounts' powers sum to {chain_sum} (+ {escrowed} in escrow), the total power is {total}, the stakes by the rules sum to {stakes}; delegations {:?}",
                        ms.delegates
                    ),
                ));
            }
            for (a, got) in powers {
                let want = ms.power(a, h);
                if got != want {
                    return Err(violated(
                        Inv::Power,
                        ctx,
                        format!(
                            "model {i}: {}'s voting power at height {h} is {got}, the rules say {want} (stake {}, delegating to {:?}, delegators {:?})",
                            NAMES[a],
                            ms.stake(a, h),
                            ms.delegate_at(a, h).map(name),
                            (0..ACCOUNTS)
                                .filter(|j| ms.delegate_at(*j, h) == Some(a))
                                .map(|j| (NAMES[j], ms.balance_at(j, h)))
                                .collect::<Vec<_>>()
                        ),
                    ));
                }
            }
        }
        Ok(())
    }
}

/// |got − exact / SCALE| <= bound.
pub(crate) fn within_bound(got: u128, exact_scaled: u128, bound: u128) -> bool {
    got * SCALE <= exact_scaled + bound * SCALE && exact_scaled <= got * SCALE + bound * SCALE
}
