//! # modelfund-cli
//!
//! The `modelfund` command-line client for payment channels (docs/channels.md, "Client"):
//!
//! - [`store`]: the config directory (`$XDG_CONFIG_HOME/modelfund` or `~/.config/modelfund`,
//!   mode 0700), the session key file (mode 0600; a key file others can read is refused) and the
//!   record of the highest voucher signed per channel;
//! - [`vouchers`]: the next signed voucher as the JSON `claim` takes, refusing to sign below the
//!   highest amount already signed on that channel;
//! - [`chain`]: channel queries through the node's REST API and the `open` / `top_up` /
//!   `extend` / `close` execute messages, sent with `injectived tx wasm execute` and the user's
//!   own chain key (this client never holds a chain key);
//! - [`allowlist`]: a presale allowlist from a CSV file of `address,cap` lines: its merkle root
//!   and each backer's `contribute` message with its proof;
//! - [`ask`]: one paid call to an inference gateway (`modelfund ask`).

pub mod allowlist;
pub mod ask;
pub mod chain;
pub mod store;
pub mod vouchers;

use std::fmt;

/// What went wrong, and so the exit code: a bad input exits with 2 (as clap's usage errors),
/// anything refused or failed at run time with 1.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CliError {
    /// The arguments are wrong (exit code 2).
    Input(String),
    /// The command could not be carried out (exit code 1).
    Failed(String),
}

impl CliError {
    pub fn exit_code(&self) -> i32 {
        match self {
            CliError::Input(_) => 2,
            CliError::Failed(_) => 1,
        }
    }
}

impl fmt::Display for CliError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CliError::Input(m) | CliError::Failed(m) => f.write_str(m),
        }
    }
}

impl std::error::Error for CliError {}

pub type Result<T> = std::result::Result<T, CliError>;

pub(crate) fn failed(msg: impl Into<String>) -> CliError {
    CliError::Failed(msg.into())
}

pub(crate) fn input(msg: impl Into<String>) -> CliError {
    CliError::Input(msg.into())
}

/// A bech32 account or contract address as the chain prints it: a lowercase prefix, `1`, and
/// at least 38 characters of the bech32 alphabet (a syntax check; the chain checks the rest).
pub fn check_address(what: &str, addr: &str) -> Result<()> {
    const ALPHABET: &str = "qpzry9x8gf2tvdw0s3jn54khce6mua7l";
    let ok = match addr.rfind('1') {
        Some(sep) if sep > 0 => {
            let (hrp, data) = (&addr[..sep], &addr[sep + 1..]);
            hrp.chars().all(|c| c.is_ascii_lowercase())
                && data.len() >= 38
                && data.chars().all(|c| ALPHABET.contains(c))
        }
        _ => false,
    };
    if ok {
        Ok(())
    } else {
        Err(input(format!(
            "{what} '{addr}' is not a bech32 address (e.g. inj1...)"
        )))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_are_checked_for_bech32_syntax() {
        check_address("contract", "inj14hj2tavq8fpesdwxxcu44rty3hh90vhujaxlnz").unwrap();
        for bad in [
            "",
            "inj1",
            "inj1short",
            "INJ14HJ2TAVQ8FPESDWXXCU44RTY3HH90VHUJAXLNZ",
            "14hj2tavq8fpesdwxxcu44rty3hh90vhujaxlnz",
            "inj14hj2tavq8fpesdwxxcu44rty3hh90vhujaxlnb",
        ] {
            let err = check_address("contract", bad).unwrap_err();
            assert_eq!(err.exit_code(), 2, "{bad}");
            assert!(err.to_string().contains("not a bech32 address"), "{bad}");
        }
    }
}
