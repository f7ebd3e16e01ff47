//! Durable state: the highest accepted voucher of every channel (with the answer it paid for)
//! and a request log, in SQLite (WAL, `synchronous=FULL`). A voucher is committed here before
//! its answer is sent, so a crash loses no voucher whose answer left the gateway. Vouchers
//! accepted at the same time share one commit (group commit): each caller still returns only
//! once its own voucher is synced, but one fsync serves every call waiting for it. The latest
//! committed voucher of each channel read or written since start is also kept in memory, so a
//! call checks its channel's floor without waiting for a commit in flight.
//!
//! Calls paid from credits or a lease (the `X-Modelfund-Access` header) are `usages`: one row
//! per answered call (user, nonce, request id, calls, lease, the answer), committed before the
//! answer leaves, `pending` until a `consume_batch` including it is on chain; and `access_nonces`,
//! the highest nonce accepted from each user.

use std::collections::HashMap;
use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{mpsc, Mutex};
use std::time::{SystemTime, UNIX_EPOCH};

use rusqlite::{params, Connection, OptionalExtension};
use thiserror::Error;

#[derive(Error, Debug)]
pub enum StoreError {
    #[error("database error: {0}")]
    Sql(#[from] rusqlite::Error),
    #[error("the database holds a malformed amount for channel {0}")]
    Corrupt(u64),
    #[error("voucher {amount} for channel {channel_id} is not above the accepted {accepted}")]
    NotAbove {
        channel_id: u64,
        amount: u128,
        accepted: u128,
    },
    #[error("nonce {nonce} of {user} is not above the accepted {accepted}")]
    NonceNotAbove {
        user: String,
        nonce: u64,
        accepted: u64,
    },
    #[error("the database lock was poisoned")]
    Poisoned,
    #[error("database error: {0}")]
    Commit(String),
}

/// The highest voucher accepted on a channel.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Accepted {
    pub channel_id: u64,
    pub amount: u128,
    pub signature: Vec<u8>,
    /// What the chain had claimed when the gateway last settled or read it.
    pub claimed: u128,
    /// The answer this voucher paid for (JSON), returned again if the same voucher is re-sent.
    pub response: String,
}

/// One answered request, for the log.
#[derive(Clone, Debug, Default)]
pub struct RequestLog {
    pub channel_id: u64,
    pub endpoint: String,
    pub amount: u128,
    pub price: u128,
    pub prompt_tokens: u32,
    pub completion_tokens: u32,
    pub model_hash: String,
}

/// One call paid from a user's credits or lease, as stored.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Usage {
    pub model_id: String,
    pub user: String,
    pub nonce: u64,
    /// The `request_id` of the `consume_batch` usage: `<nonce>-<user>`, unique per gateway.
    pub request_id: String,
    pub calls: u64,
    /// The lease used; `None`: the credits.
    pub license_id: Option<String>,
    /// The signature of the access header (a re-sent header gets the stored answer).
    pub signature: Vec<u8>,
    /// The answer (JSON).
    pub response: String,
}

/// Where a usage stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum UsageState {
    /// Answered, not yet on chain.
    Pending = 0,
    /// In a `consume_batch` the chain included.
    Settled = 1,
    /// Refused by the chain on its own (e.g. the user's credits were spent elsewhere): lost.
    Refused = 2,
}

/// A user's committed access state: the highest accepted nonce and the calls answered but not
/// yet settled, per source (`None`: the credits; else the lease's id).
#[derive(Clone, Debug, Default)]
struct UserUsage {
    last_nonce: u64,
    pending: HashMap<Option<String>, u64>,
}

impl UserUsage {
    /// (last nonce, (pending calls of every source, pending calls of `license_id`)).
    fn summary(&self, license_id: Option<&str>) -> (u64, (u64, u64)) {
        let all = self
            .pending
            .values()
            .fold(0u64, |a, c| a.saturating_add(*c));
        let source = self
            .pending
            .get(&license_id.map(str::to_string))
            .copied()
            .unwrap_or(0);
        (self.last_nonce, (all, source))
    }
}

/// Channels (and, apart, access users) kept in memory at most; past it the memory starts over
/// empty and fills again from the database as calls come (a bound, not an LRU: a gateway
/// serving more channels than this at once pays a database read per channel after each reset).
pub const MEMORY_LIMIT: usize = 100_000;

/// Inserts into a memory map, emptied first when it holds `limit` entries: what is not in
/// memory is read from the database, so dropping entries is always safe.
fn remember<K: std::hash::Hash + Eq, V>(map: &mut HashMap<K, V>, limit: usize, key: K, value: V) {
    if map.len() >= limit && !map.contains_key(&key) {
        map.clear();
    }
    map.insert(key, value);
}

/// What one answered call writes.
enum Write {
    Voucher(NewVoucher),
    Usage(NewUsage),
}

/// A voucher above its channel's accepted amount, its answer and log line.
struct NewVoucher {
    channel_id: u64,
    amount: u128,
    signature: Vec<u8>,
    response: String,
    log: RequestLog,
}

/// A call paid from credits or a lease (its user's nonce goes up with it).
struct NewUsage {
    usage: Usage,
    endpoint: String,
    model_hash: String,
}

/// A write waiting for the next commit, and where its caller waits for the result.
struct Pending {
    write: Write,
    done: mpsc::SyncSender<Result<(), StoreError>>,
}

pub struct Store {
    conn: Mutex<Connection>,
    /// The committed `vouchers` row of each channel looked up or written since open (`None`:
    /// none in the database). Filled and changed only while `conn` is held, so it never lags
    /// the database.
    accepted: Mutex<HashMap<u64, Option<Accepted>>>,
    /// The same for access users (nonce and pending calls) looked up since open or since the
    /// last settlement (which empties it); filled and changed only while `conn` is held.
    users: Mutex<HashMap<String, UserUsage>>,
    /// Vouchers and usages handed to `accept` / `accept_usage` and not yet committed.
    queue: Mutex<Vec<Pending>>,
    /// Entries each memory map holds at most ([`MEMORY_LIMIT`]).
    memory_limit: usize,
    /// Raised whenever usages leave `pending`: what was read from the chain before is stale
    /// (the chain's credits fell by what stopped counting as pending here).
    settled_generation: AtomicU64,
}

fn now() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0)
}

fn amount(channel_id: u64, text: String) -> Result<u128, StoreError> {
    text.parse().map_err(|_| StoreError::Corrupt(channel_id))
}

impl Store {
    pub fn open(path: &Path) -> Result<Store, StoreError> {
        let conn = Connection::open(path)?;
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "synchronous", "FULL")?;
        conn.busy_timeout(std::time::Duration::from_secs(5))?;
        conn.execute_batch(
            "CREATE TABLE IF NOT EXISTS vouchers (
                channel_id INTEGER PRIMARY KEY,
                amount TEXT NOT NULL,
                signature BLOB NOT NULL,
                claimed TEXT NOT NULL DEFAULT '0',
                response TEXT NOT NULL DEFAULT '',
                updated_at INTEGER NOT NULL
            );
            CREATE TABLE IF NOT EXISTS requests (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                at INTEGER NOT NULL,
                channel_id INTEGER NOT NULL,
                endpoint TEXT NOT NULL,
                amount TEXT NOT NULL,
                price TEXT NOT NULL,
                prompt_tokens INTEGER NOT NULL,
                completion_tokens INTEGER NOT NULL,
                model_hash TEXT NOT NULL
            );
            CREATE TABLE IF NOT EXISTS access_nonces (
                user TEXT PRIMARY KEY,
                nonce INTEGER NOT NULL
            );
            CREATE TABLE IF NOT EXISTS usages (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                at INTEGER NOT NULL,
                model_id TEXT NOT NULL,
                user TEXT NOT NULL,
                nonce INTEGER NOT NULL,
                request_id TEXT NOT NULL UNIQUE,
                calls INTEGER NOT NULL,
                license_id TEXT,
                signature BLOB NOT NULL,
                response TEXT NOT NULL,
                endpoint TEXT NOT NULL,
                model_hash TEXT NOT NULL,
                state INTEGER NOT NULL DEFAULT 0,
                tx TEXT
            );
            CREATE INDEX IF NOT EXISTS usages_pending ON usages (state, user);
            CREATE UNIQUE INDEX IF NOT EXISTS usages_nonce ON usages (user, nonce);",
        )?;
        Ok(Store {
            conn: Mutex::new(conn),
            accepted: Mutex::new(HashMap::new()),
            users: Mutex::new(HashMap::new()),
            queue: Mutex::new(Vec::new()),
            memory_limit: MEMORY_LIMIT,
            settled_generation: AtomicU64::new(0),
        })
    }

    /// The same store keeping at most `limit` channels (and users) in memory.
    pub fn with_memory_limit(mut self, limit: usize) -> Store {
        self.memory_limit = limit.max(1);
        self
    }

    fn conn(&self) -> Result<std::sync::MutexGuard<'_, Connection>, StoreError> {
        self.conn.lock().map_err(|_| StoreError::Poisoned)
    }

    fn cache(
        &self,
    ) -> Result<std::sync::MutexGuard<'_, HashMap<u64, Option<Accepted>>>, StoreError> {
        self.accepted.lock().map_err(|_| StoreError::Poisoned)
    }

    /// The channel's latest accepted voucher if it is in memory: no database, no wait.
    pub fn cached(&self, channel_id: u64) -> Option<Option<Accepted>> {
        self.accepted.lock().ok()?.get(&channel_id).cloned()
    }

    /// The channel's latest accepted voucher (from memory, else the database).
    pub fn accepted(&self, channel_id: u64) -> Result<Option<Accepted>, StoreError> {
        if let Some(hit) = self.cached(channel_id) {
            return Ok(hit);
        }
        let conn = self.conn()?;
        let found = Self::read_accepted(&conn, channel_id)?;
        remember(
            &mut *self.cache()?,
            self.memory_limit,
            channel_id,
            found.clone(),
        );
        Ok(found)
    }

    fn read_accepted(conn: &Connection, channel_id: u64) -> Result<Option<Accepted>, StoreError> {
        let row = conn
            .query_row(
                "SELECT amount, signature, claimed, response FROM vouchers WHERE channel_id = ?1",
                params![channel_id as i64],
                |r| {
                    Ok((
                        r.get::<_, String>(0)?,
                        r.get::<_, Vec<u8>>(1)?,
                        r.get::<_, String>(2)?,
                        r.get::<_, String>(3)?,
                    ))
                },
            )
            .optional()?;
        row.map(|(a, signature, c, response)| {
            Ok(Accepted {
                channel_id,
                amount: amount(channel_id, a)?,
                signature,
                claimed: amount(channel_id, c)?,
                response,
            })
        })
        .transpose()
    }

    /// Records a voucher above the channel's accepted amount, with the answer it paid for and
    /// the request log line, in a synced transaction; returns once it is committed. Calls made
    /// while another commit runs are committed together by the next caller to get the database.
    pub fn accept(
        &self,
        channel_id: u64,
        new_amount: u128,
        signature: &[u8],
        response: &str,
        log: &RequestLog,
    ) -> Result<(), StoreError> {
        self.commit_with_others(Write::Voucher(NewVoucher {
            channel_id,
            amount: new_amount,
            signature: signature.to_vec(),
            response: response.to_string(),
            log: log.clone(),
        }))
    }

    /// Queues `write` and returns once it is committed (or refused): the caller that gets the
    /// database commits everything queued by then in one transaction, one fsync.
    fn commit_with_others(&self, write: Write) -> Result<(), StoreError> {
        let (done, result) = mpsc::sync_channel(1);
        self.queue
            .lock()
            .map_err(|_| StoreError::Poisoned)?
            .push(Pending { write, done });
        {
            let mut conn = self.conn()?;
            // ours, unless the caller before us took it into its commit (then its result waits)
            let batch = std::mem::take(&mut *self.queue.lock().map_err(|_| StoreError::Poisoned)?);
            if !batch.is_empty() {
                commit(&mut conn, batch, &self.accepted, &self.users);
            }
        }
        result.recv().map_err(|_| StoreError::Poisoned)?
    }

    /// Every channel whose accepted amount is above what the gateway knows is claimed.
    pub fn unclaimed(&self) -> Result<Vec<Accepted>, StoreError> {
        let conn = self.conn()?;
        let mut stmt = conn.prepare(
            "SELECT channel_id, amount, signature, claimed FROM vouchers ORDER BY channel_id",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, Vec<u8>>(2)?,
                r.get::<_, String>(3)?,
            ))
        })?;
        let mut out = vec![];
        for row in rows {
            let (id, a, signature, c) = row?;
            let channel_id = id as u64;
            let acc = Accepted {
                channel_id,
                amount: amount(channel_id, a)?,
                signature,
                claimed: amount(channel_id, c)?,
                response: String::new(),
            };
            if acc.amount > acc.claimed {
                out.push(acc);
            }
        }
        Ok(out)
    }

    /// Records what the chain has claimed on a channel (never lowers it).
    pub fn set_claimed(&self, channel_id: u64, claimed: u128) -> Result<(), StoreError> {
        let conn = self.conn()?;
        let current: Option<String> = conn
            .query_row(
                "SELECT claimed FROM vouchers WHERE channel_id = ?1",
                params![channel_id as i64],
                |r| r.get(0),
            )
            .optional()?;
        if let Some(c) = current {
            if amount(channel_id, c)? >= claimed {
                return Ok(());
            }
        }
        conn.execute(
            "UPDATE vouchers SET claimed = ?2 WHERE channel_id = ?1",
            params![channel_id as i64, claimed.to_string()],
        )?;
        if let Some(Some(a)) = self.cache()?.get_mut(&channel_id) {
            a.claimed = claimed;
        }
        Ok(())
    }

    /// Answered requests logged for a channel.
    pub fn request_count(&self, channel_id: u64) -> Result<u64, StoreError> {
        let conn = self.conn()?;
        let n: i64 = conn.query_row(
            "SELECT COUNT(*) FROM requests WHERE channel_id = ?1",
            params![channel_id as i64],
            |r| r.get(0),
        )?;
        Ok(n as u64)
    }
}

/// The usage columns read back, in this order.
const USAGE_COLUMNS: &str =
    "model_id, user, nonce, request_id, calls, license_id, signature, response";

fn usage_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Usage> {
    Ok(Usage {
        model_id: r.get(0)?,
        user: r.get(1)?,
        nonce: r.get::<_, i64>(2)? as u64,
        request_id: r.get(3)?,
        calls: r.get::<_, i64>(4)? as u64,
        license_id: r.get(5)?,
        signature: r.get(6)?,
        response: r.get(7)?,
    })
}

/// SQLite keeps integers signed: a nonce above `i64::MAX` cannot be stored.
fn nonce_sql(nonce: u64) -> Result<i64, StoreError> {
    i64::try_from(nonce).map_err(|_| StoreError::Commit(format!("nonce {nonce} is above 2^63")))
}

impl Store {
    /// The highest nonce accepted from `user` (0: none yet).
    pub fn last_nonce(&self, user: &str) -> Result<u64, StoreError> {
        Ok(self.user_usage(user, None)?.0)
    }

    /// `user`'s last nonce and pending calls (all, and of `license_id`) if they are in memory:
    /// no database, no wait.
    pub fn cached_user(&self, user: &str, license_id: Option<&str>) -> Option<(u64, (u64, u64))> {
        let users = self.users.lock().ok()?;
        users.get(user).map(|u| u.summary(license_id))
    }

    /// `user`'s last nonce and pending calls (all, and of `license_id`): from memory, else the
    /// database.
    pub fn user_usage(
        &self,
        user: &str,
        license_id: Option<&str>,
    ) -> Result<(u64, (u64, u64)), StoreError> {
        if let Some(hit) = self.cached_user(user, license_id) {
            return Ok(hit);
        }
        let conn = self.conn()?;
        let nonce: Option<i64> = conn
            .prepare_cached("SELECT nonce FROM access_nonces WHERE user = ?1")?
            .query_row(params![user], |r| r.get(0))
            .optional()?;
        let mut found = UserUsage {
            last_nonce: nonce.unwrap_or(0) as u64,
            pending: HashMap::new(),
        };
        let mut stmt = conn.prepare_cached(
            "SELECT license_id, COALESCE(SUM(calls), 0) FROM usages
             WHERE state = 0 AND user = ?1 GROUP BY license_id",
        )?;
        let rows = stmt.query_map(params![user], |r| {
            Ok((r.get::<_, Option<String>>(0)?, r.get::<_, i64>(1)?))
        })?;
        for row in rows {
            let (license, calls) = row?;
            found.pending.insert(license, calls as u64);
        }
        let summary = found.summary(license_id);
        remember(
            &mut *self.users.lock().map_err(|_| StoreError::Poisoned)?,
            self.memory_limit,
            user.to_string(),
            found,
        );
        Ok(summary)
    }

    /// The usage accepted from `user` under `nonce`, if any.
    pub fn usage_by_nonce(&self, user: &str, nonce: u64) -> Result<Option<Usage>, StoreError> {
        let conn = self.conn()?;
        let sql = format!("SELECT {USAGE_COLUMNS} FROM usages WHERE user = ?1 AND nonce = ?2");
        Ok(conn
            .query_row(&sql, params![user, nonce_sql(nonce)?], usage_row)
            .optional()?)
    }

    /// Calls of `user` answered and not yet settled: all of them, and those of `license_id`
    /// (`None`: the credits).
    pub fn pending_calls(
        &self,
        user: &str,
        license_id: Option<&str>,
    ) -> Result<(u64, u64), StoreError> {
        Ok(self.user_usage(user, license_id)?.1)
    }

    /// Records an answered call and the user's new nonce in a synced transaction (shared with
    /// the vouchers and usages queued at the same time); refused when the nonce is not above the
    /// user's accepted one. Returns once it is committed.
    pub fn accept_usage(
        &self,
        u: &Usage,
        endpoint: &str,
        model_hash: &str,
    ) -> Result<(), StoreError> {
        nonce_sql(u.nonce)?;
        self.commit_with_others(Write::Usage(NewUsage {
            usage: u.clone(),
            endpoint: endpoint.to_string(),
            model_hash: model_hash.to_string(),
        }))
    }

    /// Usages answered and not yet settled, oldest first, at most `limit`.
    pub fn pending_usages(&self, limit: usize) -> Result<Vec<Usage>, StoreError> {
        let conn = self.conn()?;
        let sql =
            format!("SELECT {USAGE_COLUMNS} FROM usages WHERE state = 0 ORDER BY id LIMIT ?1");
        let mut stmt = conn.prepare(&sql)?;
        let rows = stmt.query_map(params![limit as i64], usage_row)?;
        Ok(rows.collect::<Result<Vec<_>, _>>()?)
    }

    /// Marks usages settled (with the transaction) or refused.
    pub fn set_usage_state(
        &self,
        request_ids: &[&str],
        state: UsageState,
        tx_hash: &str,
    ) -> Result<(), StoreError> {
        let mut conn = self.conn()?;
        let tx = conn.transaction()?;
        for id in request_ids {
            tx.execute(
                "UPDATE usages SET state = ?2, tx = ?3 WHERE request_id = ?1 AND state = 0",
                params![id, state as i64, tx_hash],
            )?;
        }
        tx.commit()?;
        // pending calls changed: read again from the database when next asked
        self.users.lock().map_err(|_| StoreError::Poisoned)?.clear();
        self.settled_generation.fetch_add(1, Ordering::SeqCst);
        Ok(())
    }

    /// Changes whenever usages stop being pending (see `settled_generation`).
    pub fn settled_generation(&self) -> u64 {
        self.settled_generation.load(Ordering::SeqCst)
    }

    /// Answered calls by state: (pending, settled, refused).
    pub fn usage_counts(&self) -> Result<(u64, u64, u64), StoreError> {
        let conn = self.conn()?;
        let count = |state: UsageState| -> Result<u64, StoreError> {
            let n: i64 = conn.query_row(
                "SELECT COALESCE(SUM(calls), 0) FROM usages WHERE state = ?1",
                params![state as i64],
                |r| r.get(0),
            )?;
            Ok(n as u64)
        };
        Ok((
            count(UsageState::Pending)?,
            count(UsageState::Settled)?,
            count(UsageState::Refused)?,
        ))
    }
}

/// Commits `batch` in one transaction (one fsync) and answers each caller: a voucher not above
/// its channel's accepted amount, or a usage whose nonce is not above its user's (also by one
/// earlier in the batch), is refused alone (it wrote nothing); any other failure fails them all
/// (nothing of the batch is committed).
fn commit(
    conn: &mut Connection,
    batch: Vec<Pending>,
    cache: &Mutex<HashMap<u64, Option<Accepted>>>,
    users: &Mutex<HashMap<String, UserUsage>>,
) {
    let mut results = Vec::with_capacity(batch.len());
    let committed = (|| -> Result<(), StoreError> {
        let tx = conn.transaction()?;
        for p in &batch {
            let written = match &p.write {
                Write::Voucher(v) => write_voucher(&tx, v),
                Write::Usage(u) => write_usage(&tx, u),
            };
            match written {
                Ok(()) => results.push(Ok(())),
                Err(refused @ (StoreError::NotAbove { .. } | StoreError::NonceNotAbove { .. })) => {
                    results.push(Err(refused))
                }
                Err(failed) => return Err(failed),
            }
        }
        Ok(tx.commit()?)
    })();
    match committed {
        Ok(()) => {
            let mut cache = cache.lock().ok();
            let mut users = users.lock().ok();
            for (p, result) in batch.into_iter().zip(results) {
                if let (Ok(()), Some(users), Write::Usage(u)) = (&result, users.as_mut(), &p.write)
                {
                    // a user not in memory is read from the database when next asked
                    if let Some(entry) = users.get_mut(&u.usage.user) {
                        entry.last_nonce = entry.last_nonce.max(u.usage.nonce);
                        let calls = entry.pending.entry(u.usage.license_id.clone()).or_default();
                        *calls = calls.saturating_add(u.usage.calls);
                    }
                }
                if let (Ok(()), Some(cache), Write::Voucher(v)) =
                    (&result, cache.as_mut(), &p.write)
                {
                    // a channel not in memory is read from the database when next asked
                    if let Some(entry) = cache.get_mut(&v.channel_id) {
                        let claimed = entry.as_ref().map_or(0, |a| a.claimed);
                        *entry = Some(Accepted {
                            channel_id: v.channel_id,
                            amount: v.amount,
                            signature: v.signature.clone(),
                            claimed,
                            response: v.response.clone(),
                        });
                    }
                }
                let _ = p.done.send(result);
            }
        }
        Err(e) => {
            for p in batch {
                let _ = p.done.send(Err(StoreError::Commit(e.to_string())));
            }
        }
    }
}

/// One voucher's rows, if it is above its channel's accepted amount (else nothing is written).
fn write_voucher(conn: &Connection, v: &NewVoucher) -> Result<(), StoreError> {
    let NewVoucher {
        channel_id,
        amount: new_amount,
        signature,
        response,
        log,
    } = v;
    let channel_id = *channel_id;
    let previous: Option<String> = conn
        .prepare_cached("SELECT amount FROM vouchers WHERE channel_id = ?1")?
        .query_row(params![channel_id as i64], |r| r.get(0))
        .optional()?;
    if let Some(prev) = previous {
        let accepted = amount(channel_id, prev)?;
        if *new_amount <= accepted {
            return Err(StoreError::NotAbove {
                channel_id,
                amount: *new_amount,
                accepted,
            });
        }
    }
    conn.prepare_cached(
        "INSERT INTO vouchers (channel_id, amount, signature, response, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5)
         ON CONFLICT(channel_id) DO UPDATE SET amount = excluded.amount,
           signature = excluded.signature, response = excluded.response,
           updated_at = excluded.updated_at",
    )?
    .execute(params![
        channel_id as i64,
        new_amount.to_string(),
        signature,
        response,
        now()
    ])?;
    conn.prepare_cached(
        "INSERT INTO requests (at, channel_id, endpoint, amount, price, prompt_tokens,
           completion_tokens, model_hash) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    )?
    .execute(params![
        now(),
        channel_id as i64,
        log.endpoint,
        log.amount.to_string(),
        log.price.to_string(),
        log.prompt_tokens,
        log.completion_tokens,
        log.model_hash
    ])?;
    Ok(())
}

/// One usage and its user's new nonce, if the nonce is above the user's accepted one (else
/// nothing is written).
fn write_usage(conn: &Connection, new: &NewUsage) -> Result<(), StoreError> {
    let NewUsage {
        usage: u,
        endpoint,
        model_hash,
    } = new;
    let nonce = nonce_sql(u.nonce)?;
    let accepted: Option<i64> = conn
        .prepare_cached("SELECT nonce FROM access_nonces WHERE user = ?1")?
        .query_row(params![u.user], |r| r.get(0))
        .optional()?;
    if let Some(accepted) = accepted {
        if accepted >= nonce {
            return Err(StoreError::NonceNotAbove {
                user: u.user.clone(),
                nonce: u.nonce,
                accepted: accepted as u64,
            });
        }
    }
    conn.prepare_cached(
        "INSERT INTO access_nonces (user, nonce) VALUES (?1, ?2)
         ON CONFLICT(user) DO UPDATE SET nonce = excluded.nonce",
    )?
    .execute(params![u.user, nonce])?;
    conn.prepare_cached(
        "INSERT INTO usages (at, model_id, user, nonce, request_id, calls, license_id,
           signature, response, endpoint, model_hash)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
    )?
    .execute(params![
        now(),
        u.model_id,
        u.user,
        nonce,
        u.request_id,
        u.calls as i64,
        u.license_id,
        u.signature,
        u.response,
        endpoint,
        model_hash
    ])?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn log(channel_id: u64, amount: u128) -> RequestLog {
        RequestLog {
            channel_id,
            endpoint: "/v1/completions".into(),
            amount,
            price: 10,
            ..Default::default()
        }
    }

    #[test]
    fn accepted_vouchers_survive_reopening_and_never_go_down() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("gw.sqlite");
        {
            let store = Store::open(&path).unwrap();
            store
                .accept(1, 10, &[1; 64], "{\"a\":1}", &log(1, 10))
                .unwrap();
            store
                .accept(1, 20, &[2; 64], "{\"a\":2}", &log(1, 20))
                .unwrap();
            store
                .accept(2, u128::MAX, &[3; 64], "{}", &log(2, u128::MAX))
                .unwrap();
            let err = store
                .accept(1, 20, &[9; 64], "{}", &log(1, 20))
                .unwrap_err();
            assert!(matches!(err, StoreError::NotAbove { accepted: 20, .. }));
            store
                .accept(1, 15, &[9; 64], "{}", &log(1, 15))
                .unwrap_err();
            // dropped without any shutdown: as a crash leaves it
        }
        let store = Store::open(&path).unwrap();
        let one = store.accepted(1).unwrap().unwrap();
        assert_eq!((one.amount, one.signature.clone()), (20, vec![2; 64]));
        assert_eq!(one.response, "{\"a\":2}");
        assert_eq!(store.accepted(2).unwrap().unwrap().amount, u128::MAX);
        assert_eq!(store.accepted(3).unwrap(), None);
        assert_eq!(store.request_count(1).unwrap(), 2);
        let open: Vec<_> = store
            .unclaimed()
            .unwrap()
            .iter()
            .map(|a| a.channel_id)
            .collect();
        assert_eq!(open, vec![1, 2]);
        store.set_claimed(1, 20).unwrap();
        store.set_claimed(1, 5).unwrap(); // never lowered
        assert_eq!(store.accepted(1).unwrap().unwrap().claimed, 20);
        // what memory answers is what the database holds
        let reopened = Store::open(&path).unwrap();
        for id in 1..=3 {
            assert_eq!(store.accepted(id).unwrap(), reopened.accepted(id).unwrap());
        }
        let open: Vec<_> = store
            .unclaimed()
            .unwrap()
            .iter()
            .map(|a| a.channel_id)
            .collect();
        assert_eq!(open, vec![2]);
    }

    #[test]
    fn one_commit_takes_a_batch_of_vouchers_and_usages_and_refuses_only_its_replays() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("gw.sqlite");
        let store = Store::open(&path).unwrap();
        store.accept(3, 50, &[0; 64], "{}", &log(3, 50)).unwrap();
        store
            .accept_usage(&usage("carol", 4, None), "/v1/completions", "h")
            .unwrap();
        let mut waiting = vec![];
        let vouchers = [(1, 10), (1, 10), (2, 5), (1, 20), (3, 40)]
            .into_iter()
            .map(|(channel_id, amount)| {
                Write::Voucher(NewVoucher {
                    channel_id,
                    amount,
                    signature: vec![amount as u8; 64],
                    response: format!("{{\"paid\":{amount}}}"),
                    log: log(channel_id, amount),
                })
            });
        let usages = [
            ("alice", 5),
            ("alice", 5),
            ("bob", 1),
            ("carol", 4),
            ("alice", 6),
        ]
        .into_iter()
        .map(|(user, nonce)| {
            Write::Usage(NewUsage {
                usage: usage(user, nonce, None),
                endpoint: "/v1/completions".into(),
                model_hash: "h".into(),
            })
        });
        let batch: Vec<Pending> = vouchers
            .chain(usages)
            .map(|write| {
                let (done, result) = mpsc::sync_channel(1);
                waiting.push(result);
                Pending { write, done }
            })
            .collect();
        // channels 1 and 3 in memory (as a call's floor check leaves them), 2 not
        assert_eq!(store.accepted(1).unwrap(), None);
        assert_eq!(store.accepted(3).unwrap().unwrap().amount, 50);
        commit(
            &mut store.conn().unwrap(),
            batch,
            &store.accepted,
            &store.users,
        );
        let results: Vec<_> = waiting.iter().map(|r| r.recv().unwrap()).collect();
        // memory follows what was committed, and only that
        let one = store.cached(1).unwrap().unwrap();
        assert_eq!((one.amount, one.signature[0]), (20, 20));
        assert_eq!(store.cached(2), None);
        assert_eq!(store.cached(3).unwrap().unwrap().amount, 50);
        assert!(results[0].is_ok() && results[2].is_ok() && results[3].is_ok());
        assert!(matches!(
            results[1],
            Err(StoreError::NotAbove { accepted: 10, .. })
        ));
        assert!(matches!(
            results[4],
            Err(StoreError::NotAbove { accepted: 50, .. })
        ));
        // the usages: a nonce again (in the batch or before it) is refused alone
        assert!(results[5].is_ok() && results[7].is_ok() && results[9].is_ok());
        assert!(matches!(
            results[6],
            Err(StoreError::NonceNotAbove { accepted: 5, .. })
        ));
        assert!(matches!(
            results[8],
            Err(StoreError::NonceNotAbove { accepted: 4, .. })
        ));
        drop(store);
        let store = Store::open(&path).unwrap();
        let one = store.accepted(1).unwrap().unwrap();
        assert_eq!((one.amount, one.response.as_str()), (20, "{\"paid\":20}"));
        assert_eq!(store.request_count(1).unwrap(), 2);
        assert_eq!(store.accepted(2).unwrap().unwrap().amount, 5);
        assert_eq!(store.accepted(3).unwrap().unwrap().amount, 50);
        assert_eq!(store.request_count(3).unwrap(), 1);
        assert_eq!(store.last_nonce("alice").unwrap(), 6);
        assert_eq!(store.last_nonce("bob").unwrap(), 1);
        assert_eq!(store.last_nonce("carol").unwrap(), 4);
        let pending: Vec<_> = store
            .pending_usages(10)
            .unwrap()
            .into_iter()
            .map(|u| (u.user, u.nonce))
            .collect();
        assert_eq!(pending.len(), 4, "{pending:?}");
    }

    #[test]
    fn memory_is_bounded_and_answers_as_the_database_after_a_reset() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("gw.sqlite");
        let store = Store::open(&path).unwrap().with_memory_limit(2);
        for id in 1..=5u64 {
            store.accepted(id).unwrap();
            store
                .accept(id, 10 * id as u128, &[1; 64], "{}", &log(id, 10))
                .unwrap();
            store
                .accept_usage(&usage(&format!("u{id}"), id, None), "/v1/completions", "h")
                .unwrap();
            store.last_nonce(&format!("u{id}")).unwrap();
            assert!(store.accepted.lock().unwrap().len() <= 2);
            assert!(store.users.lock().unwrap().len() <= 2);
        }
        // channel 1 and user u1 were dropped from memory: read again, right
        assert_eq!(store.cached(1), None);
        assert_eq!(store.accepted(1).unwrap().unwrap().amount, 10);
        assert_eq!(store.last_nonce("u1").unwrap(), 1);
        assert_eq!(store.cached(5).unwrap().unwrap().amount, 50);
        assert_eq!(store.cached_user("u5", None), Some((5, (1, 1))));
    }

    #[test]
    fn concurrent_accepts_all_return_committed() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("gw.sqlite");
        let store = std::sync::Arc::new(Store::open(&path).unwrap());
        let threads: Vec<_> = (1..=8u64)
            .map(|id| {
                let store = store.clone();
                std::thread::spawn(move || {
                    for n in 1..=25u128 {
                        store
                            .accept(id, n * 10, &[1; 64], "{}", &log(id, n * 10))
                            .unwrap();
                        // returned: already committed
                        assert_eq!(store.accepted(id).unwrap().unwrap().amount, n * 10);
                    }
                })
            })
            .collect();
        for t in threads {
            t.join().unwrap();
        }
        drop(store);
        let store = Store::open(&path).unwrap();
        for id in 1..=8u64 {
            assert_eq!(store.accepted(id).unwrap().unwrap().amount, 250);
            assert_eq!(store.request_count(id).unwrap(), 25);
        }
    }

    fn usage(user: &str, nonce: u64, license: Option<&str>) -> Usage {
        Usage {
            model_id: "m".into(),
            user: user.into(),
            nonce,
            request_id: format!("{nonce}-{user}"),
            calls: 1,
            license_id: license.map(str::to_string),
            signature: vec![nonce as u8; 64],
            response: format!("{{\"n\":{nonce}}}"),
        }
    }

    #[test]
    fn usages_and_nonces_survive_reopening_and_nonces_only_go_up() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("gw.sqlite");
        {
            let store = Store::open(&path).unwrap();
            assert_eq!(store.last_nonce("alice").unwrap(), 0);
            store
                .accept_usage(&usage("alice", 5, None), "/v1/completions", "h")
                .unwrap();
            store
                .accept_usage(&usage("alice", 9, Some("7")), "/v1/completions", "h")
                .unwrap();
            store
                .accept_usage(&usage("bob", 1, None), "/v1/completions", "h")
                .unwrap();
            for n in [9, 6] {
                assert!(matches!(
                    store.accept_usage(&usage("alice", n, None), "/v1/completions", "h"),
                    Err(StoreError::NonceNotAbove { accepted: 9, .. })
                ));
            }
            // alice was in memory since the first read: memory followed the commits
            assert_eq!(store.cached_user("alice", Some("7")), Some((9, (2, 1))));
            assert_eq!(store.cached_user("bob", None), None);
            // dropped without any shutdown: as a crash leaves it
        }
        let store = Store::open(&path).unwrap();
        assert_eq!(store.last_nonce("alice").unwrap(), 9);
        assert_eq!(store.last_nonce("bob").unwrap(), 1);
        assert_eq!(
            store.usage_by_nonce("alice", 9).unwrap(),
            Some(usage("alice", 9, Some("7")))
        );
        assert_eq!(store.usage_by_nonce("alice", 6).unwrap(), None);
        assert_eq!(store.pending_calls("alice", None).unwrap(), (2, 1));
        assert_eq!(store.pending_calls("alice", Some("7")).unwrap(), (2, 1));
        assert_eq!(store.pending_calls("carol", None).unwrap(), (0, 0));
        let pending: Vec<_> = store
            .pending_usages(10)
            .unwrap()
            .into_iter()
            .map(|u| u.request_id)
            .collect();
        assert_eq!(pending, ["5-alice", "9-alice", "1-bob"]);
        assert_eq!(store.pending_usages(1).unwrap().len(), 1);
        store
            .set_usage_state(&["5-alice", "1-bob"], UsageState::Settled, "TX1")
            .unwrap();
        store
            .set_usage_state(&["9-alice"], UsageState::Refused, "")
            .unwrap();
        // a settled usage is never moved again
        store
            .set_usage_state(&["5-alice"], UsageState::Refused, "")
            .unwrap();
        assert_eq!(store.usage_counts().unwrap(), (0, 2, 1));
        assert_eq!(store.pending_calls("alice", None).unwrap(), (0, 0));
        assert!(store.pending_usages(10).unwrap().is_empty());
    }
}
