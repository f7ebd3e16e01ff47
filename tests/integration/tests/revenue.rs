//! Property test of shares revenue: random sequences of mints, transfers, burns, distributions,
//! royalties (a bank send, then a sweep), claims and time jumps among 5 holders and 2 split
//! contributors, with these invariants checked after every step, failed steps included:
//!
//! 1. nothing is lost or created: Σ over accounts (claimed + claimable) + dust == distributed
//!    (splits included), where dust = owed − Σ claimable; a distribution while nobody holds
//!    shares is refused (and a royalty sent then waits in the bank until a sweep with holders);
//! 2. 0 ≤ dust ≤ the documented bound: one base unit per account with a revenue record (here
//!    at most the 5 holders) plus total supply / 10^18 (0 here);
//! 3. the contract's bank balance ≥ owed (here equal: every bank send is swept at once);
//! 4. each contributor has exactly the floor of its bps of every distribution, and each holder
//!    its exact pro-rata share of every distribution it held shares for, within one base unit
//!    (the floors), never more.
//!
//! A reference model written from the README (not from the contract code) tracks the balances
//! and each account's exact entitlement in 10^-18 units. `PROPTEST_CASES=1000` runs more cases.

use cosmwasm_std::{coins, Addr, Uint128};
use modelfund::revenue::Split;
use modelfund::shares::{self, RevenueInit};
use modelfund_integration_tests::standalone::SharesSpec;
use modelfund_integration_tests::{Protocol, DENOM};
use proptest::prelude::*;
use proptest::test_runner::TestCaseError;

const HOLDERS: usize = 5;
const CONTRIBUTORS: usize = 2;
const ACCOUNTS: usize = HOLDERS + CONTRIBUTORS;
const SCALE: u128 = 1_000_000_000_000_000_000;
const PAYER_FUNDS: u128 = 1_000_000_000_000;

#[derive(Clone, Copy, Debug)]
enum Op {
    Mint { to: usize, amount: u128 },
    Transfer { from: usize, to: usize, pct: u8 },
    Burn { from: usize, pct: u8 },
    Distribute { amount: u128 },
    Royalty { amount: u128, by: usize },
    Claim { who: usize },
    Time { blocks: u64 },
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        2 => (0..HOLDERS, 1..=5_000u128).prop_map(|(to, amount)| Op::Mint { to, amount }),
        4 => (0..HOLDERS, 0..HOLDERS, 0..=100u8)
            .prop_map(|(from, to, pct)| Op::Transfer { from, to, pct }),
        2 => (0..HOLDERS, 0..=100u8).prop_map(|(from, pct)| Op::Burn { from, pct }),
        4 => prop_oneof![1..=10u128, 1..=100_000u128].prop_map(|amount| Op::Distribute { amount }),
        2 => (prop_oneof![Just(0u128), 1..=50_000u128], 0..ACCOUNTS)
            .prop_map(|(amount, by)| Op::Royalty { amount, by }),
        3 => (0..ACCOUNTS).prop_map(|who| Op::Claim { who }),
        1 => (1..=20u64).prop_map(|blocks| Op::Time { blocks }),
    ]
}

struct Model {
    balances: [u128; HOLDERS],
    /// What each account is entitled to in total, in 10^-18 coin (holders: exact pro-rata;
    /// contributors: floors of their bps × 10^18).
    entitled: [u128; ACCOUNTS],
    claimed: [u128; ACCOUNTS],
    distributed: u128,
    /// Royalties sent by bank while nobody held shares: refused by sweep, still in the bank.
    unswept: u128,
}

impl Model {
    fn supply(&self) -> u128 {
        self.balances.iter().sum()
    }

    /// A distribution of `amount` (only while somebody holds shares): the floors of the
    /// splits, the rest pro-rata (exact, in 10^-18).
    fn distribute(&mut self, amount: u128, bps: [u16; CONTRIBUTORS]) {
        let mut rest = amount;
        for (c, b) in bps.iter().enumerate() {
            let part = amount * u128::from(*b) / 10_000;
            self.entitled[HOLDERS + c] += part * SCALE;
            rest -= part;
        }
        let supply = self.supply();
        for (entitled, balance) in self.entitled.iter_mut().zip(self.balances) {
            // rest ≤ ~10^7, balance ≤ ~10^6: fits u128 at 10^18
            *entitled += rest * balance * SCALE / supply;
        }
        self.distributed += amount;
    }
}

struct World {
    p: Protocol,
    shares: Addr,
    minter: Addr,
    payer: Addr,
    accounts: Vec<Addr>,
    bps: [u16; CONTRIBUTORS],
}

impl World {
    /// A bare shares token (its own minter, two contributor splits) on the protocol builder.
    fn new(bps: [u16; CONTRIBUTORS], initial: [u128; HOLDERS]) -> Self {
        let mut p = Protocol::builder()
            .no_model()
            .actor("payer", PAYER_FUNDS)
            .build();
        let payer = p.addr("payer");
        let minter = p.addr("minter");
        let accounts: Vec<Addr> = (0..ACCOUNTS)
            .map(|i| p.addr(&format!("account{i}")))
            .collect();
        let splits = (0..CONTRIBUTORS)
            .map(|c| Split {
                address: accounts[HOLDERS + c].to_string(),
                bps: bps[c],
                label: format!("contributor {c}"),
            })
            .collect();
        let shares = p
            .instantiate_shares(&SharesSpec {
                decimals: 6,
                initial_balances: (0..HOLDERS)
                    .map(|h| (accounts[h].clone(), initial[h]))
                    .collect(),
                minter: minter.clone(),
                revenue: Some(RevenueInit {
                    admin: None,
                    denoms: vec![DENOM.into()],
                    splits,
                }),
            })
            .unwrap();
        World {
            p,
            shares,
            minter,
            payer,
            accounts,
            bps,
        }
    }

    fn exec(
        &mut self,
        sender: &Addr,
        msg: &shares::ExecuteMsg,
        funds: &[cosmwasm_std::Coin],
    ) -> bool {
        let shares = self.shares.clone();
        self.p.exec(sender, &shares, msg, funds).is_ok()
    }

    fn bank(&self, addr: &Addr) -> u128 {
        self.p.balance(addr)
    }

    fn claimable(&self, addr: &Addr) -> u128 {
        self.p.claimable(&self.shares, addr)
    }

    fn balance(&self, addr: &Addr) -> u128 {
        self.p.shares_of(&self.shares, addr)
    }

    fn owed(&self) -> u128 {
        self.p.owed(&self.shares, DENOM)
    }

    /// Runs `op` on the chain and the model; a failed step changes neither.
    fn step(&mut self, model: &mut Model, op: Op) {
        use shares::ExecuteMsg as E;
        match op {
            Op::Mint { to, amount } => {
                let msg = E::Mint {
                    recipient: self.accounts[to].to_string(),
                    amount: Uint128::new(amount),
                };
                let minter = self.minter.clone();
                assert!(self.exec(&minter, &msg, &[]));
                model.balances[to] += amount;
            }
            Op::Transfer { from, to, pct } => {
                let amount = model.balances[from] * u128::from(pct) / 100;
                let msg = E::Transfer {
                    recipient: self.accounts[to].to_string(),
                    amount: Uint128::new(amount),
                };
                let sender = self.accounts[from].clone();
                let ok = self.exec(&sender, &msg, &[]);
                assert_eq!(ok, amount > 0 && from != to, "{op:?}");
                if ok {
                    model.balances[from] -= amount;
                    model.balances[to] += amount;
                }
            }
            Op::Burn { from, pct } => {
                let amount = model.balances[from] * u128::from(pct) / 100;
                let sender = self.accounts[from].clone();
                let ok = self.exec(
                    &sender,
                    &E::Burn {
                        amount: Uint128::new(amount),
                    },
                    &[],
                );
                assert_eq!(ok, amount > 0, "{op:?}");
                if ok {
                    model.balances[from] -= amount;
                }
            }
            Op::Distribute { amount } => {
                let payer = self.payer.clone();
                let ok = self.exec(&payer, &E::Distribute {}, &coins(amount, DENOM));
                // revenue without holders would belong to nobody: refused
                assert_eq!(ok, model.supply() > 0, "{op:?}");
                if ok {
                    model.distribute(amount, self.bps);
                }
            }
            Op::Royalty { amount, by } => {
                if amount > 0 {
                    let (payer, shares) = (self.payer.clone(), self.shares.clone());
                    self.p
                        .send_coins(&payer, &shares, &coins(amount, DENOM))
                        .unwrap();
                }
                let sender = self.accounts[by].clone();
                let ok = self.exec(
                    &sender,
                    &E::Sweep {
                        denom: DENOM.into(),
                    },
                    &[],
                );
                let new = amount + model.unswept;
                assert_eq!(ok, new > 0 && model.supply() > 0, "{op:?}");
                if ok {
                    model.distribute(new, self.bps);
                    model.unswept = 0;
                } else {
                    model.unswept = new;
                }
            }
            Op::Claim { who } => {
                let addr = self.accounts[who].clone();
                let claimable = self.claimable(&addr);
                let before = self.bank(&addr);
                let ok = self.exec(&addr, &E::ClaimRevenue {}, &[]);
                assert_eq!(ok, claimable > 0, "{op:?}");
                let paid = self.bank(&addr) - before;
                assert_eq!(paid, claimable, "a claim pays exactly the claimable");
                model.claimed[who] += paid;
            }
            Op::Time { blocks } => self.p.jump(5 * blocks, blocks),
        }
    }

    fn check(&self, model: &Model) -> Result<(), TestCaseError> {
        let claimable: Vec<u128> = self.accounts.iter().map(|a| self.claimable(a)).collect();
        let config = self.p.revenue_config(&self.shares);
        let info = self.p.token_info(&self.shares);
        let distributed = config.distributed[0].amount.u128();
        let owed = self.owed();
        let held = self.bank(&self.shares);
        let all_claimable: u128 = claimable.iter().sum();
        let all_claimed: u128 = model.claimed.iter().sum();

        prop_assert_eq!(distributed, model.distributed);
        prop_assert_eq!(info.total_supply.u128(), model.supply());
        for h in 0..HOLDERS {
            prop_assert_eq!(self.balance(&self.accounts[h]), model.balances[h]);
        }
        // 1 + 2: dust = owed − claimable, nothing lost, dust bounded
        prop_assert_eq!(config.owed[0].amount.u128(), owed, "the books' owed");
        prop_assert!(
            owed >= all_claimable,
            "owed {} < claimable {}",
            owed,
            all_claimable
        );
        let dust = owed - all_claimable;
        prop_assert_eq!(all_claimed + all_claimable + dust, distributed);
        let bound = HOLDERS as u128 + info.total_supply.u128() / SCALE;
        prop_assert!(dust <= bound, "dust {} above the bound {}", dust, bound);
        // 3: the contract holds what it owes plus the royalties not swept yet
        prop_assert_eq!(held, owed + model.unswept);
        // 4: every account gets its entitlement: contributors exactly, holders within one unit
        for (who, claimable) in claimable.iter().enumerate() {
            let got = model.claimed[who] + claimable;
            let exact = model.entitled[who] / SCALE;
            if who >= HOLDERS {
                prop_assert_eq!(got, exact, "contributor {}", who - HOLDERS);
            } else {
                prop_assert!(
                    got <= exact + 1 && got + 1 >= exact,
                    "holder {} got {} for an exact {}",
                    who,
                    got,
                    exact
                );
            }
        }
        Ok(())
    }
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: std::env::var("PROPTEST_CASES").ok().and_then(|c| c.parse().ok()).unwrap_or(64),
        max_shrink_iters: 2_000,
        ..ProptestConfig::default()
    })]

    #[test]
    fn revenue_is_never_lost_created_or_overpaid(
        bps in (0..=3_000u16, 1..=3_000u16),
        initial in prop::array::uniform5(prop_oneof![Just(0u128), 1..=10_000u128]),
        ops in prop::collection::vec(op(), 1..60),
    ) {
        // a zero bps split is refused by the contract: use it as "no second split"
        let bps = [bps.0.max(1), bps.1];
        let mut world = World::new(bps, initial);
        let mut model = Model {
            balances: initial,
            entitled: [0; ACCOUNTS],
            claimed: [0; ACCOUNTS],
            distributed: 0,
            unswept: 0,
        };
        world.check(&model)?;
        for op in ops {
            world.step(&mut model, op);
            world.check(&model)?;
        }
    }
}
