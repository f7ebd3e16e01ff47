//! The proposal state machine, as methods on the stored proposal ([`ProposalCore`]): the tally,
//! quorum, the outcome after a vote, and the status a proposal has at a given time. Pure: no
//! storage, no messages; the handlers in `execute.rs` and `execution.rs` and the queries use it.

use cosmwasm_std::{Decimal, Timestamp, Uint128, Uint256};
use modelfund::governance::{ProposalStatus, VoteOption};

use crate::state::ProposalCore;

/// part > ratio x whole, exactly (in 256 bits).
fn exceeds(part: Uint128, ratio: Decimal, whole: Uint128) -> bool {
    Uint256::from(part) * Uint256::from(Decimal::one().atomics())
        > Uint256::from(ratio.atomics()) * Uint256::from(whole)
}

/// part >= ratio x whole, exactly.
fn reaches(part: Uint128, ratio: Decimal, whole: Uint128) -> bool {
    Uint256::from(part) * Uint256::from(Decimal::one().atomics())
        >= Uint256::from(ratio.atomics()) * Uint256::from(whole)
}

impl ProposalCore {
    /// The power that voted: yes + no + abstain.
    pub fn voted(&self) -> Uint128 {
        let t = &self.tally;
        t.yes.saturating_add(t.no).saturating_add(t.abstain)
    }

    /// Whether the votes cast reach the quorum of the proposal's total power.
    pub fn quorum_reached(&self) -> bool {
        reaches(self.voted(), self.quorum, self.total_power)
    }

    /// Adds `power` to the tally of `vote`.
    pub fn count(
        &mut self,
        vote: VoteOption,
        power: Uint128,
    ) -> Result<(), cosmwasm_std::OverflowError> {
        let tally = &mut self.tally;
        let option = match vote {
            VoteOption::Yes => &mut tally.yes,
            VoteOption::No => &mut tally.no,
            VoteOption::Abstain => &mut tally.abstain,
        };
        *option = option.checked_add(power)?;
        Ok(())
    }

    /// The end of a passed proposal's execution window (exclusive).
    pub fn executable_until(&self, passed_at: Timestamp) -> Timestamp {
        passed_at
            .plus_seconds(self.timelock)
            .plus_seconds(self.execution_window)
    }

    /// The status a proposal has at `now`, and when it passed: an open proposal whose period is
    /// over shows its final outcome even before anyone writes it, and a passed one whose
    /// execution window is over shows `expired`.
    pub fn live_status(&self, now: Timestamp) -> (ProposalStatus, Option<Timestamp>) {
        let (status, passed_at) = if self.status != ProposalStatus::Open || now < self.expires_at {
            (self.status, self.passed_at)
        } else {
            let t = &self.tally;
            if self.quorum_reached() && exceeds(t.yes, self.threshold, t.yes.saturating_add(t.no)) {
                (ProposalStatus::Passed, Some(self.expires_at))
            } else {
                (ProposalStatus::Rejected, None)
            }
        };
        match (status, passed_at) {
            (ProposalStatus::Passed, Some(t)) if now >= self.executable_until(t) => {
                (ProposalStatus::Expired, passed_at)
            }
            _ => (status, passed_at),
        }
    }

    /// When a proposal that has passed (live at `now`) passed, and when its timelock ends; the
    /// status it has instead when it has not passed (or has expired).
    pub fn passed(&self, now: Timestamp) -> Result<(Timestamp, Timestamp), ProposalStatus> {
        match self.live_status(now) {
            (ProposalStatus::Passed, Some(t)) => Ok((t, t.plus_seconds(self.timelock))),
            (status, _) => Err(status),
        }
    }

    /// After a vote: pass or reject early once quorum is reached and the power that has not
    /// voted yet cannot change the outcome any more. Before quorum a proposal always stays open
    /// until the end of its period (a minority "no" cannot end the vote for everybody else).
    pub fn early_outcome(&self) -> Option<ProposalStatus> {
        if !self.quorum_reached() {
            return None;
        }
        let t = &self.tally;
        let remaining = self.total_power.saturating_sub(self.voted());
        // even if everybody else votes no
        if exceeds(
            t.yes,
            self.threshold,
            t.yes.saturating_add(t.no).saturating_add(remaining),
        ) {
            return Some(ProposalStatus::Passed);
        }
        // even if everybody else votes yes
        let yes_max = t.yes.saturating_add(remaining);
        if !exceeds(yes_max, self.threshold, yes_max.saturating_add(t.no)) {
            return Some(ProposalStatus::Rejected);
        }
        None
    }
}
