//! Checks on a proposal's outcome shared by the lifecycle, execution and veto tests.

use modelfund::governance::ProposalStatus;

use super::suite::*;
use crate::ContractError;

/// `execute` of proposal `id` is refused because it stands at `status`, not passed.
pub fn assert_not_executable(s: &mut Suite, id: u64, status: ProposalStatus) {
    assert_eq!(
        execute(s, id).unwrap_err(),
        ContractError::NotPassed { id, status }
    );
}
