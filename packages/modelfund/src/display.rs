//! How errors and events write what a person reads on the CLI, the same in every contract:
//!
//! - **amounts** in base units followed by their denom, with no space: `1000000inj`,
//!   `250uusdc` — cosmwasm's `Coin` display form, the form `injectived tx … --amount` takes
//!   (never bare numbers, for money; several joined by commas: [`coins`]);
//! - **times** in RFC 3339, UTC, whole seconds: `2026-11-30T21:33:32Z` ([`time`]). Every time
//!   in an error is a boundary (opens at, until, expired at, next change at), so a fraction of
//!   a second rounds *up*: the moment shown is never before the real one;
//! - **statuses** in snake_case, as in the contracts' JSON: `execution_failed`, `awaiting_presale`.
//!
//! No `chrono` (or any clock) in the contracts: [`time`] is a small civil-date conversion.

use core::fmt;

use cosmwasm_std::{Coin, Timestamp};

/// `coins` in their display form joined by commas (`5uinj,7uusdc`), or `empty` for none: how
/// an error or an event attribute lists several amounts.
pub fn coins(coins: &[Coin], empty: &str) -> String {
    if coins.is_empty() {
        return empty.to_string();
    }
    coins
        .iter()
        .map(Coin::to_string)
        .collect::<Vec<_>>()
        .join(",")
}

/// A timestamp shown in RFC 3339 UTC, whole seconds, rounded up (see the module docs).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Rfc3339(pub Timestamp);

/// `t` as RFC 3339 UTC for an error message: `{}` of the answer is e.g. `2026-11-30T21:33:32Z`.
pub fn time(t: &Timestamp) -> Rfc3339 {
    Rfc3339(*t)
}

impl fmt::Display for Rfc3339 {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut secs = self.0.seconds();
        if self.0.subsec_nanos() > 0 {
            secs = secs.saturating_add(1);
        }
        let (year, month, day) = civil_from_days(secs / 86_400);
        let in_day = secs % 86_400;
        write!(
            f,
            "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}Z",
            in_day / 3_600,
            in_day % 3_600 / 60,
            in_day % 60
        )
    }
}

/// The proleptic Gregorian (year, month, day) of `days` days after 1970-01-01 (Howard
/// Hinnant's `civil_from_days`, for non-negative days). With `days` at most `u64::MAX / 86_400`
/// no step overflows.
fn civil_from_days(days: u64) -> (u64, u64, u64) {
    // shift the epoch to 0000-03-01, so a leap day is the last day of its year
    let z = days + 719_468;
    let era = z / 146_097;
    let day_of_era = z - era * 146_097; // [0, 146096]
    let year_of_era =
        (day_of_era - day_of_era / 1_460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let mp = (5 * day_of_year + 2) / 153; // March = 0
    let day = day_of_year - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = year_of_era + era * 400 + u64::from(month <= 2);
    (year, month, day)
}

/// A status or phase as its snake_case JSON name, for `Display` of the state enums.
pub(crate) fn snake_case<T: serde::Serialize>(
    value: &T,
    f: &mut fmt::Formatter<'_>,
) -> fmt::Result {
    match cosmwasm_std::to_json_string(value) {
        Ok(json) => f.write_str(json.trim_matches('"')),
        Err(_) => Err(fmt::Error),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(secs: u64, nanos: u64) -> String {
        time(&Timestamp::from_seconds(secs).plus_nanos(nanos)).to_string()
    }

    #[test]
    fn the_epoch_and_whole_seconds() {
        assert_eq!(at(0, 0), "1970-01-01T00:00:00Z");
        assert_eq!(at(59, 0), "1970-01-01T00:00:59Z");
        assert_eq!(at(86_399, 0), "1970-01-01T23:59:59Z");
        assert_eq!(at(86_400, 0), "1970-01-02T00:00:00Z");
        assert_eq!(at(1_764_079_200, 0), "2025-11-25T14:00:00Z");
    }

    #[test]
    fn a_fraction_of_a_second_rounds_up() {
        // the example: "in its timelock until 1796054730.153243424"
        assert_eq!(at(1_796_054_730, 153_243_424), "2026-11-30T16:05:31Z");
        assert_eq!(at(0, 1), "1970-01-01T00:00:01Z");
        assert_eq!(at(86_399, 999_999_999), "1970-01-02T00:00:00Z");
    }

    #[test]
    fn leap_years() {
        // 2024 is a leap year: Feb 29 exists, Mar 1 follows it
        assert_eq!(at(1_709_164_800, 0), "2024-02-29T00:00:00Z");
        assert_eq!(at(1_709_251_200, 0), "2024-03-01T00:00:00Z");
        // 2000 is (divisible by 400)
        assert_eq!(at(951_782_400, 0), "2000-02-29T00:00:00Z");
        assert_eq!(at(951_868_800, 0), "2000-03-01T00:00:00Z");
        // 2100 is not (divisible by 100, not by 400): Feb 28 is followed by Mar 1
        assert_eq!(at(4_107_456_000, 0), "2100-02-28T00:00:00Z");
        assert_eq!(at(4_107_542_400, 0), "2100-03-01T00:00:00Z");
        // last second of a leap year, first of the next
        assert_eq!(at(1_735_689_599, 0), "2024-12-31T23:59:59Z");
        assert_eq!(at(1_735_689_600, 0), "2025-01-01T00:00:00Z");
    }

    #[test]
    fn every_day_of_four_centuries_follows_the_one_before() {
        // a walk from 1970 over 146 097 days (a whole Gregorian cycle) checks each day against
        // the previous: the same month and the next day, or day 1 of the next month
        let days_in = |y: u64, m: u64| match m {
            2 if (y.is_multiple_of(4) && !y.is_multiple_of(100)) || y.is_multiple_of(400) => 29,
            2 => 28,
            4 | 6 | 9 | 11 => 30,
            _ => 31,
        };
        let mut prev = civil_from_days(0);
        assert_eq!(prev, (1970, 1, 1));
        for d in 1..=146_097 {
            let (y, m, day) = civil_from_days(d);
            let (py, pm, pd) = prev;
            let expected = if pd < days_in(py, pm) {
                (py, pm, pd + 1)
            } else if pm < 12 {
                (py, pm + 1, 1)
            } else {
                (py + 1, 1, 1)
            };
            assert_eq!((y, m, day), expected, "day {d}");
            prev = (y, m, day);
        }
        assert_eq!(prev, (2370, 1, 1));
    }

    #[test]
    fn the_largest_timestamp_does_not_overflow() {
        let last = time(&Timestamp::from_nanos(u64::MAX)).to_string();
        assert!(last.ends_with('Z'), "{last}");
    }
}

#[cfg(test)]
mod status_tests {
    use crate::governance::ProposalStatus;
    use crate::presale::Phase;

    #[test]
    fn statuses_show_their_snake_case_json_name() {
        assert_eq!(
            ProposalStatus::ExecutionFailed.to_string(),
            "execution_failed"
        );
        assert_eq!(ProposalStatus::Open.to_string(), "open");
        assert_eq!(Phase::Succeeded.to_string(), "succeeded");
        for status in [ProposalStatus::Passed, ProposalStatus::Expired] {
            let json = cosmwasm_std::to_json_string(&status).unwrap();
            assert_eq!(json, format!("\"{status}\""));
        }
    }
}
