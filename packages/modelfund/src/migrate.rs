//! The one migration rule every Modelfund contract follows: a contract migrates only from an
//! older (or equal) version of itself, keeping its state, and records the new version in cw2.

use cosmwasm_std::{Response, StdError, Storage};
use thiserror::Error;

#[derive(Error, Debug, PartialEq)]
pub enum MigrateError {
    #[error(transparent)]
    Std(#[from] StdError),

    #[error("cannot migrate from {from} {version}")]
    CannotMigrate { from: String, version: String },
}

/// Checks the stored cw2 name, refuses a downgrade, stores `version`, and answers with the
/// `action=migrate`, `from_version`, `to_version` attributes.
pub fn migrate_same_contract(
    storage: &mut dyn Storage,
    name: &str,
    version: &str,
) -> Result<Response, MigrateError> {
    let stored = cw2::get_contract_version(storage)?;
    if stored.contract != name {
        return Err(MigrateError::CannotMigrate {
            from: stored.contract,
            version: stored.version,
        });
    }
    cw2::ensure_from_older_version(storage, name, version)?;
    Ok(Response::new()
        .add_attribute("action", "migrate")
        .add_attribute("from_version", stored.version)
        .add_attribute("to_version", version))
}

#[cfg(test)]
mod tests {
    use super::*;
    use cosmwasm_std::testing::MockStorage;

    #[test]
    fn migrates_same_name_and_refuses_others_and_downgrades() {
        let mut storage = MockStorage::new();
        cw2::set_contract_version(&mut storage, "crates.io:a", "0.1.0").unwrap();
        let res = migrate_same_contract(&mut storage, "crates.io:a", "0.2.0").unwrap();
        assert_eq!(res.attributes[1].value, "0.1.0");
        assert_eq!(
            cw2::get_contract_version(&storage).unwrap().version,
            "0.2.0"
        );
        assert!(matches!(
            migrate_same_contract(&mut storage, "crates.io:b", "0.3.0"),
            Err(MigrateError::CannotMigrate { .. })
        ));
        assert!(matches!(
            migrate_same_contract(&mut storage, "crates.io:a", "0.1.0"),
            Err(MigrateError::Std(_))
        ));
    }
}
