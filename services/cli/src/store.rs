//! The config directory, the session key file and the voucher record.
//!
//! - directory: `--config-dir`, else `$MODELFUND_CONFIG_DIR`, else `$XDG_CONFIG_HOME/modelfund`,
//!   else `~/.config/modelfund`; created with mode 0700;
//! - `keys/<name>.key`: the 32-byte secret as 64 hex characters and a newline, mode 0600,
//!   written once (never overwritten); a key file or key directory that group or others may
//!   read or write is refused, as ssh refuses such a private key;
//! - `vouchers.json`: the highest amount signed per `(chain id, contract, channel)`, mode 0600,
//!   replaced atomically (written to a temporary file, then renamed).

use std::collections::BTreeMap;
use std::fs::{self, DirBuilder, File, OpenOptions};
use std::io::{Read, Write};
use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt, PermissionsExt};
use std::path::{Path, PathBuf};

use modelfund_vouchers::SessionKey;

use crate::{failed, input, Result};

/// File name of the voucher record inside the config directory.
pub const VOUCHER_RECORD: &str = "vouchers.json";

/// Resolves the config directory from an explicit path or the environment.
pub fn config_dir(explicit: Option<&Path>) -> Result<PathBuf> {
    if let Some(dir) = explicit {
        return Ok(dir.to_path_buf());
    }
    let env = |k: &str| std::env::var_os(k).filter(|v| !v.is_empty());
    if let Some(dir) = env("MODELFUND_CONFIG_DIR") {
        return Ok(PathBuf::from(dir));
    }
    if let Some(xdg) = env("XDG_CONFIG_HOME") {
        return Ok(PathBuf::from(xdg).join("modelfund"));
    }
    match env("HOME") {
        Some(home) => Ok(PathBuf::from(home).join(".config").join("modelfund")),
        None => Err(failed(
            "no config directory: set HOME, XDG_CONFIG_HOME or --config-dir",
        )),
    }
}

/// A key name: letters, digits, `-` and `_`, 1 to 64 characters (it names a file).
pub fn check_key_name(name: &str) -> Result<()> {
    let ok = !name.is_empty()
        && name.len() <= 64
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    if ok {
        Ok(())
    } else {
        Err(input(format!(
            "key name '{name}' must be 1 to 64 letters, digits, '-' or '_'"
        )))
    }
}

/// Creates `dir` (and parents) with mode 0700 when missing; refuses an existing directory that
/// group or others may access.
fn private_dir(dir: &Path) -> Result<()> {
    if !dir.exists() {
        DirBuilder::new()
            .recursive(true)
            .mode(0o700)
            .create(dir)
            .map_err(|e| failed(format!("cannot create {}: {e}", dir.display())))?;
        // recursive create applies the mode to every level it makes; set the leaf explicitly
        // against a restrictive umask having no say in it either way
        fs::set_permissions(dir, fs::Permissions::from_mode(0o700))
            .map_err(|e| failed(format!("cannot set the mode of {}: {e}", dir.display())))?;
    }
    check_private(dir, "directory")
}

/// Refuses a file or directory that group or others may read, write or enter.
fn check_private(path: &Path, what: &str) -> Result<()> {
    let meta =
        fs::metadata(path).map_err(|e| failed(format!("cannot read {}: {e}", path.display())))?;
    let mode = meta.permissions().mode() & 0o777;
    if mode & 0o077 != 0 {
        return Err(failed(format!(
            "{what} {} has mode {mode:04o}: group or others can access it; \
             run `chmod {} {}` (a key must be private to you)",
            path.display(),
            if meta.is_dir() { "700" } else { "600" },
            path.display()
        )));
    }
    Ok(())
}

/// The config directory with its key store.
pub struct Store {
    pub dir: PathBuf,
}

impl Store {
    pub fn new(dir: PathBuf) -> Self {
        Store { dir }
    }

    fn keys_dir(&self) -> PathBuf {
        self.dir.join("keys")
    }

    /// Path of the key file `name`.
    pub fn key_path(&self, name: &str) -> Result<PathBuf> {
        check_key_name(name)?;
        Ok(self.keys_dir().join(format!("{name}.key")))
    }

    /// Writes `key` as key `name` (mode 0600). Refuses to replace an existing key: losing a
    /// session key loses nothing on chain but its vouchers, yet replacing one by mistake
    /// would make the channel's `voucher_key` unusable.
    pub fn create_key(&self, name: &str, key: &SessionKey) -> Result<PathBuf> {
        let path = self.key_path(name)?;
        private_dir(&self.dir)?;
        private_dir(&self.keys_dir())?;
        let mut file = OpenOptions::new()
            .write(true)
            .create_new(true)
            .mode(0o600)
            .open(&path)
            .map_err(|e| match e.kind() {
                std::io::ErrorKind::AlreadyExists => failed(format!(
                    "key '{name}' exists already ({}); it is never overwritten: \
                     pick another --key name or remove the file yourself",
                    path.display()
                )),
                _ => failed(format!("cannot create {}: {e}", path.display())),
            })?;
        let text = format!("{}\n", hex(&key.secret_bytes()));
        file.write_all(text.as_bytes())
            .and_then(|_| file.sync_all())
            .map_err(|e| failed(format!("cannot write {}: {e}", path.display())))?;
        Ok(path)
    }

    /// Reads key `name`, refusing a key file (or its directories) with looser permissions than
    /// 0600 (0700 for directories).
    pub fn load_key(&self, name: &str) -> Result<SessionKey> {
        let path = self.key_path(name)?;
        if !path.exists() {
            return Err(failed(format!(
                "no session key '{name}' ({}): create one with `modelfund key new`",
                path.display()
            )));
        }
        check_private(&self.dir, "directory")?;
        check_private(&self.keys_dir(), "directory")?;
        check_private(&path, "key file")?;
        let mut text = String::new();
        File::open(&path)
            .and_then(|mut f| f.read_to_string(&mut text))
            .map_err(|e| failed(format!("cannot read {}: {e}", path.display())))?;
        let bad = || failed(format!("{} is not a session key file", path.display()));
        let secret = unhex(text.trim()).ok_or_else(bad)?;
        let secret: [u8; 32] = secret.try_into().map_err(|_| bad())?;
        SessionKey::from_bytes(&secret).map_err(|_| bad())
    }

    fn record_path(&self) -> PathBuf {
        self.dir.join(VOUCHER_RECORD)
    }

    /// The voucher record: `"<chain id> <contract> <channel id>"` → highest amount signed.
    pub fn load_record(&self) -> Result<BTreeMap<String, String>> {
        let path = self.record_path();
        if !path.exists() {
            return Ok(BTreeMap::new());
        }
        let text = fs::read_to_string(&path)
            .map_err(|e| failed(format!("cannot read {}: {e}", path.display())))?;
        serde_json::from_str(&text).map_err(|e| {
            failed(format!(
                "{} is damaged ({e}); it records the highest voucher signed per channel: \
                 repair it rather than delete it",
                path.display()
            ))
        })
    }

    /// Reads, changes and writes the voucher record under an exclusive lock on
    /// `vouchers.json.lock`, so two `modelfund` processes signing at once (two `ask`s, a script
    /// running `voucher` in parallel) never lose each other's update. `change` says whether it
    /// changed the record.
    pub fn update_record<T>(
        &self,
        change: impl FnOnce(&mut BTreeMap<String, String>) -> Result<(T, bool)>,
    ) -> Result<T> {
        private_dir(&self.dir)?;
        let lock_path = self.dir.join(format!("{VOUCHER_RECORD}.lock"));
        let lock = OpenOptions::new()
            .write(true)
            .create(true)
            .truncate(false)
            .mode(0o600)
            .open(&lock_path)
            .map_err(|e| failed(format!("cannot open {}: {e}", lock_path.display())))?;
        lock.lock()
            .map_err(|e| failed(format!("cannot lock {}: {e}", lock_path.display())))?;
        let mut record = self.load_record()?;
        let (out, changed) = change(&mut record)?;
        if changed {
            self.save_record(&record)?;
        }
        // the lock is released when `lock` is dropped
        Ok(out)
    }

    /// Replaces the voucher record atomically (mode 0600).
    pub fn save_record(&self, record: &BTreeMap<String, String>) -> Result<()> {
        private_dir(&self.dir)?;
        let path = self.record_path();
        let tmp = self.dir.join(format!("{VOUCHER_RECORD}.tmp"));
        let text = serde_json::to_string_pretty(record)
            .map_err(|e| failed(format!("cannot encode the voucher record: {e}")))?;
        let write = || -> std::io::Result<()> {
            let mut f = OpenOptions::new()
                .write(true)
                .create(true)
                .truncate(true)
                .mode(0o600)
                .open(&tmp)?;
            f.write_all(text.as_bytes())?;
            f.write_all(b"\n")?;
            f.sync_all()?;
            fs::rename(&tmp, &path)
        };
        write().map_err(|e| failed(format!("cannot write {}: {e}", path.display())))
    }
}

pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

pub fn unhex(text: &str) -> Option<Vec<u8>> {
    if !text.len().is_multiple_of(2) || !text.is_ascii() {
        return None;
    }
    (0..text.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&text[i..i + 2], 16).ok())
        .collect()
}

/// 32 bytes from the operating system's secure random source.
pub fn random_secret() -> Result<[u8; 32]> {
    let mut secret = [0u8; 32];
    File::open("/dev/urandom")
        .and_then(|mut f| f.read_exact(&mut secret))
        .map_err(|e| failed(format!("cannot read /dev/urandom: {e}")))?;
    Ok(secret)
}

/// A new random session key.
pub fn generate_key() -> Result<SessionKey> {
    loop {
        // a draw at or above the curve order (probability about 2^-128) is drawn again
        if let Ok(key) = SessionKey::from_bytes(&random_secret()?) {
            return Ok(key);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn temp(name: &str) -> PathBuf {
        let dir =
            std::env::temp_dir().join(format!("modelfund-cli-test-{}-{name}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        dir
    }

    fn mode(path: &Path) -> u32 {
        fs::metadata(path).unwrap().permissions().mode() & 0o777
    }

    #[test]
    fn a_new_key_is_private_and_loads_back() {
        let dir = temp("new");
        let store = Store::new(dir.join("modelfund"));
        let key = generate_key().unwrap();
        let path = store.create_key("default", &key).unwrap();
        assert_eq!(mode(&store.dir), 0o700);
        assert_eq!(mode(&store.dir.join("keys")), 0o700);
        assert_eq!(mode(&path), 0o600);
        let text = fs::read_to_string(&path).unwrap();
        assert_eq!(text.trim().len(), 64);
        let back = store.load_key("default").unwrap();
        assert_eq!(back.public_key(), key.public_key());
        fs::remove_dir_all(dir).unwrap();
    }

    #[test]
    fn a_key_is_never_overwritten() {
        let dir = temp("overwrite");
        let store = Store::new(dir.clone());
        let first = SessionKey::from_seed(b"first");
        store.create_key("k", &first).unwrap();
        let err = store
            .create_key("k", &SessionKey::from_seed(b"second"))
            .unwrap_err();
        assert!(err.to_string().contains("exists already"), "{err}");
        assert_eq!(
            store.load_key("k").unwrap().public_key(),
            first.public_key()
        );
        fs::remove_dir_all(dir).unwrap();
    }

    #[test]
    fn a_key_file_or_directory_others_can_access_is_refused() {
        let dir = temp("perms");
        let store = Store::new(dir.clone());
        let path = store
            .create_key("default", &SessionKey::from_seed(b"k"))
            .unwrap();
        for loose in [0o640, 0o604, 0o644, 0o660, 0o666] {
            fs::set_permissions(&path, fs::Permissions::from_mode(loose)).unwrap();
            let err = store.load_key("default").unwrap_err();
            assert_eq!(err.exit_code(), 1);
            assert!(
                err.to_string()
                    .contains(&format!("has mode {loose:04o}: group or others")),
                "{err}"
            );
        }
        // owner-only modes stricter than 0600 are fine
        fs::set_permissions(&path, fs::Permissions::from_mode(0o400)).unwrap();
        store.load_key("default").unwrap();
        fs::set_permissions(&path, fs::Permissions::from_mode(0o600)).unwrap();
        // the directories too
        fs::set_permissions(dir.join("keys"), fs::Permissions::from_mode(0o755)).unwrap();
        let err = store.load_key("default").unwrap_err();
        assert!(err.to_string().contains("chmod 700"), "{err}");
        fs::set_permissions(dir.join("keys"), fs::Permissions::from_mode(0o700)).unwrap();
        fs::set_permissions(&dir, fs::Permissions::from_mode(0o750)).unwrap();
        assert!(store.load_key("default").is_err());
        fs::set_permissions(&dir, fs::Permissions::from_mode(0o700)).unwrap();
        store.load_key("default").unwrap();
        // and an existing loose config directory is refused when a key is created in it
        fs::set_permissions(&dir, fs::Permissions::from_mode(0o777)).unwrap();
        assert!(store
            .create_key("other", &SessionKey::from_seed(b"o"))
            .is_err());
        fs::remove_dir_all(dir).unwrap();
    }

    #[test]
    fn damaged_key_files_and_bad_names_are_refused() {
        let dir = temp("damaged");
        let store = Store::new(dir.clone());
        let path = store
            .create_key("default", &SessionKey::from_seed(b"k"))
            .unwrap();
        for text in ["", "zz", "00", &"0".repeat(64), &"f".repeat(64)] {
            fs::write(&path, text).unwrap();
            let err = store.load_key("default").unwrap_err();
            assert!(
                err.to_string().contains("is not a session key file"),
                "{err}"
            );
        }
        assert!(store
            .load_key("missing")
            .unwrap_err()
            .to_string()
            .contains("modelfund key new"));
        for bad in ["", "../x", "a/b", "a.key", &"k".repeat(65)] {
            assert_eq!(store.key_path(bad).unwrap_err().exit_code(), 2, "{bad}");
        }
        fs::remove_dir_all(dir).unwrap();
    }

    #[test]
    fn an_explicit_config_dir_wins() {
        let explicit = PathBuf::from("/some/where");
        assert_eq!(config_dir(Some(&explicit)).unwrap(), explicit);
    }

    #[test]
    fn the_record_round_trips_privately() {
        let dir = temp("record");
        let store = Store::new(dir.clone());
        assert!(store.load_record().unwrap().is_empty());
        let mut rec = BTreeMap::new();
        rec.insert("c a 1".to_string(), "5".to_string());
        store.save_record(&rec).unwrap();
        assert_eq!(store.load_record().unwrap(), rec);
        assert_eq!(mode(&dir.join(VOUCHER_RECORD)), 0o600);
        fs::write(dir.join(VOUCHER_RECORD), "{not json").unwrap();
        assert!(store
            .load_record()
            .unwrap_err()
            .to_string()
            .contains("is damaged"));
        fs::remove_dir_all(dir).unwrap();
    }
}
