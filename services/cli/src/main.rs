//! `modelfund`: the command-line client of Modelfund payment channels. See docs/channels.md,
//! "Client", and `modelfund --help`.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};
use cosmwasm_std::Binary;
use modelfund::channels::{ExecuteMsg, QueryMsg};
use modelfund_cli::chain::{self, TxFlags};
use modelfund_cli::store::{self, Store};
use modelfund_cli::vouchers::{self, Lower};
use modelfund_cli::{allowlist, ask};
use modelfund_cli::{CliError, Result};
use modelfund_vouchers::{Domain, SessionKey};

const ABOUT: &str = "Modelfund payment channels from the command line: a session key that signs \
vouchers off chain, the next voucher for a call, and channel open / top-up / extend / close / show; \
calls paid from credits or a lease (grant a gateway with the session key, ask with a signed \
nonce); and presale allowlists (merkle root, a backer's proof) from a CSV file.";

const LONG_ABOUT: &str = "Modelfund payment channels from the command line.

The session key (`modelfund key new`) lives in a file under your config directory
($XDG_CONFIG_HOME/modelfund or ~/.config/modelfund; directory 0700, key file 0600; a key file
others can read is refused). It signs vouchers only: keep it secret, it can spend the whole
deposit of every channel opened with it.

Transactions (`channel open | top-up | extend | close`) are NOT signed by this tool: it builds the
execute message and runs `injectived tx wasm execute` with your chain key, passing through
--from, --keyring-backend, --home, --node, --chain-id and the gas flags exactly as given. Your
chain keyring prompts as usual (unless you pass --yes). Add --dry-run to print the command
instead of running it.

Exit codes: 0 done; 1 refused or failed (a key file with loose permissions, a voucher below one
already signed, the node or injectived failing); 2 bad arguments.";

#[derive(Parser)]
#[command(name = "modelfund", version, about = ABOUT, long_about = LONG_ABOUT)]
struct Cli {
    /// The config directory holding keys/ and vouchers.json.
    #[arg(long, global = true, env = "MODELFUND_CONFIG_DIR", value_name = "DIR")]
    config_dir: Option<PathBuf>,
    /// The session key to use (keys/<NAME>.key in the config directory).
    #[arg(
        long,
        global = true,
        env = "MODELFUND_KEY",
        default_value = "default",
        value_name = "NAME"
    )]
    key: String,
    #[command(subcommand)]
    command: Command,
}

// parsed once per run: the size of the variants does not matter
#[allow(clippy::large_enum_variant)]
#[derive(Subcommand)]
enum Command {
    /// Create or show the session key that signs vouchers.
    #[command(subcommand)]
    Key(KeyCommand),
    /// Sign the next voucher of a channel and print it as the JSON a `claim` takes.
    ///
    /// AMOUNT is cumulative: everything owed on the channel so far, in base units of its denom.
    /// The highest amount signed per channel is recorded (vouchers.json) and a lower one is
    /// refused unless --allow-lower.
    Voucher(VoucherArgs),
    /// Open, top up, extend, close or show a payment channel.
    #[command(subcommand)]
    Channel(ChannelCommand),
    /// Build a presale allowlist from a CSV file of `address,cap` lines (cap in base units).
    #[command(subcommand)]
    Allowlist(AllowlistCommand),
    /// Ask the model through a gateway: one call paid by the next voucher of your channel
    /// (--channel; prints the answer and the running cost), or from your credits or a lease
    /// (--access, --user, optionally --lease: a nonce signed with the session key).
    Ask(AskArgs),
    /// Grant a gateway a cap of calls of your credits and leases on a model, with this
    /// session key: the gateway then serves requests signed with it (`modelfund ask --access`).
    /// Replaces an earlier grant to the gateway.
    Grant(GrantArgs),
}

#[derive(Args)]
struct GrantArgs {
    /// The model id (registry token id).
    #[arg(long)]
    model: String,
    /// The gateway's address.
    #[arg(long)]
    gateway: String,
    /// The cap of calls the gateway may meter.
    #[arg(long)]
    calls: u64,
    /// The access contract's address.
    #[arg(long, env = "MODELFUND_ACCESS")]
    access: String,
    #[command(flatten)]
    tx: TxArgs,
}

#[derive(Subcommand)]
enum AllowlistCommand {
    /// Print the merkle root: the launch's `presale.allowlist.merkle_root`.
    Root {
        /// The list: one `address,cap` per line; blank lines, `#` comments and a header
        /// `address,cap` are skipped.
        #[arg(long)]
        file: PathBuf,
    },
    /// Print the `contribute` message of one listed address: its cap and proof, as JSON.
    Proof {
        /// The list the root was built from.
        #[arg(long)]
        file: PathBuf,
        /// The backer's address, as listed.
        #[arg(long)]
        address: String,
    },
}

fn read_list(file: &std::path::Path) -> Result<Vec<(String, cosmwasm_std::Uint128)>> {
    let text = std::fs::read_to_string(file)
        .map_err(|e| CliError::Input(format!("cannot read {}: {e}", file.display())))?;
    allowlist::parse(&file.display().to_string(), &text)
}

#[derive(Subcommand)]
enum KeyCommand {
    /// Create a new random session key (never overwrites an existing one).
    New,
    /// Show the session key's public key: the channel's `voucher_key`.
    Show,
}

#[derive(Args)]
struct VoucherArgs {
    /// The channel id.
    #[arg(long)]
    channel: u64,
    /// The cumulative amount owed on the channel, in base units.
    #[arg(long)]
    amount: String,
    /// The chain id the channels contract runs on (part of the signed bytes).
    #[arg(long, env = "MODELFUND_CHAIN_ID")]
    chain_id: String,
    /// The channels contract's address (part of the signed bytes).
    #[arg(long, env = "MODELFUND_CHANNELS")]
    contract: String,
    /// Sign an amount below the highest already signed on this channel.
    #[arg(long)]
    allow_lower: bool,
    /// Print the gateway's header value `<channel_id>:<amount>:<base64 signature>` (for
    /// `X-Modelfund-Voucher`, docs/gateway.md) instead of the claim JSON.
    #[arg(long)]
    header: bool,
}

#[derive(Args)]
struct ContractArg {
    /// The channels contract's address.
    #[arg(long, env = "MODELFUND_CHANNELS")]
    contract: String,
}

/// How to send a transaction: the user's chain CLI and keyring.
#[derive(Args)]
struct TxArgs {
    /// The key in your chain keyring that signs (passed to injectived as --from).
    #[arg(long)]
    from: Option<String>,
    /// Passed through to injectived.
    #[arg(long)]
    keyring_backend: Option<String>,
    /// Passed through to injectived (its home: keyring and config).
    #[arg(long)]
    home: Option<String>,
    /// Passed through to injectived (the node's RPC, e.g. tcp://127.0.0.1:26657).
    #[arg(long)]
    node: Option<String>,
    /// Passed through to injectived.
    #[arg(long)]
    chain_id: Option<String>,
    /// Passed through to injectived (a limit or `auto`).
    #[arg(long)]
    gas: Option<String>,
    /// Passed through to injectived (e.g. 160000000inj).
    #[arg(long)]
    gas_prices: Option<String>,
    /// Passed through to injectived.
    #[arg(long)]
    gas_adjustment: Option<String>,
    /// Passed through to injectived.
    #[arg(long)]
    fees: Option<String>,
    /// Passed through to injectived: do not ask for confirmation.
    #[arg(long, short = 'y')]
    yes: bool,
    /// The chain CLI to run.
    #[arg(long, env = "INJECTIVED", default_value = "injectived")]
    injectived: String,
    /// Print the injectived command instead of running it.
    #[arg(long)]
    dry_run: bool,
}

impl TxArgs {
    fn flags(&self) -> TxFlags {
        TxFlags {
            from: self.from.clone(),
            keyring_backend: self.keyring_backend.clone(),
            home: self.home.clone(),
            node: self.node.clone(),
            chain_id: self.chain_id.clone(),
            gas: self.gas.clone(),
            gas_prices: self.gas_prices.clone(),
            gas_adjustment: self.gas_adjustment.clone(),
            fees: self.fees.clone(),
            yes: self.yes,
        }
    }
}

#[derive(Args)]
struct Expiry {
    /// When the channel expires, in unix seconds.
    #[arg(
        long,
        conflicts_with = "expires_in",
        required_unless_present = "expires_in"
    )]
    expires_at: Option<u64>,
    /// When the channel expires, from now: seconds or a number with s, m, h or d (e.g. 30d).
    #[arg(long)]
    expires_in: Option<String>,
}

#[derive(Args)]
struct AskArgs {
    /// The prompt.
    prompt: String,
    /// The gateway's base URL (e.g. http://127.0.0.1:8088). It tells the model it serves, its
    /// chain address, and the channels contract and chain id of its vouchers.
    #[arg(long, env = "MODELFUND_GATEWAY")]
    gateway: String,
    /// The channel to pay with. Without it, ask uses your open channel to this gateway (that
    /// of this session key with the most left), or opens one when --deposit is given.
    #[arg(long)]
    channel: Option<u64>,
    /// The channels contract's address; must be the gateway's (default: the gateway's).
    #[arg(long, env = "MODELFUND_CHANNELS")]
    contract: Option<String>,
    /// The node's REST API.
    #[arg(long, env = "MODELFUND_REST", default_value = "http://127.0.0.1:1317")]
    rest: String,
    /// Most tokens the answer may have.
    #[arg(long, default_value_t = 64)]
    max_tokens: u32,
    /// Your address: whose channels are used (with --access: whose grant, credits or lease pay)
    /// (default: the address of --from's key).
    #[arg(long)]
    user: Option<String>,
    /// Pay from credits or a lease instead of a channel: the access contract's address. The
    /// call is authorised by a nonce signed with the session key your grant to the gateway
    /// names (`modelfund grant`).
    #[arg(long, conflicts_with_all = ["channel", "deposit"])]
    access: Option<String>,
    /// With --access: the lease (license token id) to use; without it, your credits.
    #[arg(long, requires = "access")]
    lease: Option<String>,
    /// Open a channel with this deposit when none can pay (one coin in the plan's denom, base
    /// units, e.g. 1000000000000000000inj); signed by --from's key.
    #[arg(long)]
    deposit: Option<String>,
    /// The metered plan a new channel opens on (default: the model's only per-call plan).
    #[arg(long)]
    plan: Option<String>,
    /// How long a new channel stays open: seconds or a number with s, m, h or d.
    #[arg(long, default_value = "30d")]
    expires_in: String,
    /// The chain CLI flags (--from, keyring, node, fees) for opening a channel; --chain-id
    /// must be the gateway's (default: the gateway's).
    #[command(flatten)]
    tx: TxArgs,
}

#[derive(Subcommand)]
enum ChannelCommand {
    /// Open a channel on a metered plan with a deposit; the voucher key is your session key.
    Open {
        /// The model id (registry token id).
        #[arg(long)]
        model: String,
        /// The model's metered plan.
        #[arg(long)]
        plan: String,
        /// The gateway that serves the calls and claims the vouchers.
        #[arg(long)]
        gateway: String,
        /// The deposit: one coin in the plan's denom, base units (e.g. 1000000000000000000inj).
        #[arg(long)]
        deposit: String,
        #[command(flatten)]
        expiry: Expiry,
        #[command(flatten)]
        contract: ContractArg,
        #[command(flatten)]
        tx: TxArgs,
    },
    /// Add to a channel's deposit (before it expires).
    TopUp {
        /// The channel id.
        channel: u64,
        /// One coin of the channel's denom, base units.
        #[arg(long)]
        amount: String,
        #[command(flatten)]
        contract: ContractArg,
        #[command(flatten)]
        tx: TxArgs,
    },
    /// Move a channel's expiry later.
    Extend {
        /// The channel id.
        channel: u64,
        #[command(flatten)]
        expiry: Expiry,
        #[command(flatten)]
        contract: ContractArg,
        #[command(flatten)]
        tx: TxArgs,
    },
    /// Take back what was never claimed (from the claim deadline on, or once the gateway is revoked).
    Close {
        /// The channel id.
        channel: u64,
        #[command(flatten)]
        contract: ContractArg,
        #[command(flatten)]
        tx: TxArgs,
    },
    /// Show a channel as the contract answers (through the node's REST API).
    Show {
        /// The channel id.
        channel: u64,
        #[command(flatten)]
        contract: ContractArg,
        /// The node's REST API.
        #[arg(long, env = "MODELFUND_REST", default_value = "http://127.0.0.1:1317")]
        rest: String,
    },
}

fn store(cli: &Cli) -> Result<Store> {
    Ok(Store::new(store::config_dir(cli.config_dir.as_deref())?))
}

fn send<M: serde::Serialize>(
    contract: &str,
    msg: &M,
    amount: Option<&str>,
    tx: &TxArgs,
) -> Result<()> {
    let args = chain::execute_args(contract, msg, amount, &tx.flags())?;
    if tx.dry_run {
        println!("{}", chain::shell_line(&tx.injectived, &args));
        return Ok(());
    }
    chain::run(&tx.injectived, &args)
}

fn expiry(e: &Expiry) -> Result<cosmwasm_std::Timestamp> {
    chain::expiry(e.expires_at, e.expires_in.as_deref(), chain::now_seconds()?)
}

fn print_json(value: &serde_json::Value) -> Result<()> {
    let text = serde_json::to_string_pretty(value)
        .map_err(|e| CliError::Failed(format!("cannot print JSON: {e}")))?;
    println!("{text}");
    Ok(())
}

/// `modelfund ask`: the gateway's terms, the channel to pay with (named, found or opened), one
/// paid call, the answer and its cost.
fn ask(cli: &Cli, a: &AskArgs) -> Result<()> {
    let store = store(cli)?;
    let key = store.load_key(&cli.key)?;
    let served = ask::served(&a.gateway)?;
    let domain = Domain::new(
        ask::agree("--chain-id", a.tx.chain_id.as_deref(), &served.chain_id)?,
        ask::agree("--contract", a.contract.as_deref(), &served.channels)?,
    );
    if let Some(access) = &a.access {
        return ask_access(&store, &key, a, access, &domain.chain_id, &served);
    }
    let channel = match a.channel {
        Some(id) => id,
        None => match channel_for(&store, &key, a, &served, &domain)? {
            Some(id) => id,
            None => return Ok(()), // --dry-run printed the open command
        },
    };
    let answer = ask::ask(
        &store,
        &key,
        &ask::Ask {
            gateway: &a.gateway,
            rest: &a.rest,
            domain,
            channel,
            prompt: &a.prompt,
            max_tokens: a.max_tokens,
            served: &served,
        },
    )?;
    println!("{}", answer.text.trim());
    println!(
        "cost: {} {} for this call; {} of {} {} spent on channel {channel}",
        answer.price, answer.denom, answer.total, answer.deposit, answer.denom
    );
    Ok(())
}

/// `modelfund ask --access`: one call paid from the user's credits or a lease, to the gateway
/// `served` describes (its model list, read once by `ask`).
fn ask_access(
    store: &Store,
    key: &SessionKey,
    a: &AskArgs,
    access: &str,
    chain_id: &str,
    served: &ask::Served,
) -> Result<()> {
    let user = match &a.user {
        Some(u) => u.clone(),
        None => chain::key_address(&a.tx.injectived, &a.tx.flags())?,
    };
    let answer = ask::ask_access(
        store,
        key,
        &ask::AccessAsk {
            gateway: &a.gateway,
            rest: &a.rest,
            chain_id,
            access,
            user: &user,
            lease: a.lease.as_deref(),
            prompt: &a.prompt,
            max_tokens: a.max_tokens,
            served,
        },
    )?;
    println!("{}", answer.text.trim());
    println!(
        "paid from {}: 1 call, nonce {}, metered on chain as {}",
        match &a.lease {
            Some(lease) => format!("lease {lease}"),
            None => answer.source,
        },
        answer.nonce,
        answer.request_id
    );
    Ok(())
}

/// How long `ask` waits for a channel it opened to be readable.
const OPEN_WAIT: std::time::Duration = std::time::Duration::from_secs(60);

/// The channel `ask` pays with when none is named: an open one of this session key to the
/// gateway, else a new one when --deposit is given (opened with --from's key; `None` after a
/// --dry-run printed the command).
fn channel_for(
    store: &Store,
    key: &SessionKey,
    a: &AskArgs,
    served: &ask::Served,
    domain: &Domain,
) -> Result<Option<u64>> {
    let user = match &a.user {
        Some(u) => {
            modelfund_cli::check_address("--user", u)?;
            u.clone()
        }
        None => chain::key_address(&a.tx.injectived, &a.tx.flags())?,
    };
    if let Some(id) = ask::find_channel(store, key, &a.rest, domain, served, &user)? {
        return Ok(Some(id));
    }
    let Some(deposit) = &a.deposit else {
        return Err(CliError::Failed(format!(
            "{user} has no open channel to gateway {} for model {} with this session key and room for a call: pass --deposit <coin> (and --from) to open one",
            served.gateway, served.model_id
        )));
    };
    chain::check_coin("--deposit", deposit)?;
    let plan = match &a.plan {
        Some(p) => p.clone(),
        None => ask::call_plan(&a.rest, &domain.contract, &served.model_id)?,
    };
    let expires_at = chain::expiry(None, Some(&a.expires_in), chain::now_seconds()?)?;
    let msg = chain::open_msg(
        &served.model_id,
        &plan,
        &served.gateway,
        &key.public_key(),
        expires_at,
    )?;
    let mut flags = a.tx.flags();
    flags.chain_id = Some(domain.chain_id.clone());
    let args = chain::execute_args(&domain.contract, &msg, Some(deposit), &flags)?;
    if a.tx.dry_run {
        println!("{}", chain::shell_line(&a.tx.injectived, &args));
        return Ok(None);
    }
    chain::run(&a.tx.injectived, &args)?;
    let until = std::time::Instant::now() + OPEN_WAIT;
    loop {
        if let Some(id) = ask::find_channel(store, key, &a.rest, domain, served, &user)? {
            eprintln!("opened channel {id} ({deposit} on plan {plan})");
            return Ok(Some(id));
        }
        if std::time::Instant::now() > until {
            return Err(CliError::Failed(format!(
                "the channel opened for {user} did not appear within {} s",
                OPEN_WAIT.as_secs()
            )));
        }
        std::thread::sleep(std::time::Duration::from_millis(500));
    }
}

fn run(cli: Cli) -> Result<()> {
    match &cli.command {
        Command::Key(KeyCommand::New) => {
            let store = store(&cli)?;
            let key = store::generate_key()?;
            let path = store.create_key(&cli.key, &key)?;
            println!("created session key '{}' in {}", cli.key, path.display());
            println!(
                "public key (hex):                 {}",
                store::hex(&key.public_key())
            );
            println!(
                "voucher_key (base64, for open):   {}",
                Binary::from(key.public_key().to_vec()).to_base64()
            );
            println!(
                "session_key (base64, for grant):  {}",
                Binary::from(key.public_key().to_vec()).to_base64()
            );
            Ok(())
        }
        Command::Key(KeyCommand::Show) => {
            let store = store(&cli)?;
            let key = store.load_key(&cli.key)?;
            println!(
                "session key '{}' in {}",
                cli.key,
                store.key_path(&cli.key)?.display()
            );
            println!(
                "public key (hex):                 {}",
                store::hex(&key.public_key())
            );
            println!(
                "voucher_key (base64, for open):   {}",
                Binary::from(key.public_key().to_vec()).to_base64()
            );
            println!(
                "session_key (base64, for grant):  {}",
                Binary::from(key.public_key().to_vec()).to_base64()
            );
            Ok(())
        }
        Command::Voucher(v) => {
            let amount = vouchers::parse_amount(&v.amount)?;
            modelfund_cli::check_address("contract", &v.contract)?;
            let store = store(&cli)?;
            let key = store.load_key(&cli.key)?;
            let lower = if v.allow_lower {
                Lower::Allow
            } else {
                Lower::Refuse
            };
            let domain = Domain::new(v.chain_id.clone(), v.contract.clone());
            let voucher = vouchers::next_voucher(&store, &key, &domain, v.channel, amount, lower)?;
            let text = if v.header {
                // the claim JSON's own fields: channel id, decimal amount, base64 signature
                format!(
                    "{}:{}:{}",
                    voucher["channel_id"],
                    voucher["amount"].as_str().unwrap_or_default(),
                    voucher["signature"].as_str().unwrap_or_default()
                )
            } else {
                serde_json::to_string(&voucher)
                    .map_err(|e| CliError::Failed(format!("cannot print JSON: {e}")))?
            };
            println!("{text}");
            Ok(())
        }
        Command::Channel(ChannelCommand::Open {
            model,
            plan,
            gateway,
            deposit,
            expiry: e,
            contract,
            tx,
        }) => {
            chain::check_coin("--deposit", deposit)?;
            let expires_at = expiry(e)?;
            let key = store(&cli)?.load_key(&cli.key)?;
            let msg = chain::open_msg(model, plan, gateway, &key.public_key(), expires_at)?;
            send(&contract.contract, &msg, Some(deposit), tx)
        }
        Command::Channel(ChannelCommand::TopUp {
            channel,
            amount,
            contract,
            tx,
        }) => send(
            &contract.contract,
            &ExecuteMsg::TopUp {
                channel_id: *channel,
            },
            Some(amount),
            tx,
        ),
        Command::Channel(ChannelCommand::Extend {
            channel,
            expiry: e,
            contract,
            tx,
        }) => {
            let msg = ExecuteMsg::Extend {
                channel_id: *channel,
                expires_at: expiry(e)?,
            };
            send(&contract.contract, &msg, None, tx)
        }
        Command::Channel(ChannelCommand::Close {
            channel,
            contract,
            tx,
        }) => send(
            &contract.contract,
            &ExecuteMsg::Close {
                channel_id: *channel,
            },
            None,
            tx,
        ),
        Command::Allowlist(AllowlistCommand::Root { file }) => {
            println!("{}", allowlist::root(&read_list(file)?)?);
            Ok(())
        }
        Command::Allowlist(AllowlistCommand::Proof { file, address }) => {
            let msg = allowlist::contribute_msg(&read_list(file)?, address)?;
            let text = serde_json::to_string(&msg)
                .map_err(|e| CliError::Failed(format!("cannot print JSON: {e}")))?;
            println!("{text}");
            Ok(())
        }
        Command::Ask(a) => ask(&cli, a),
        Command::Grant(g) => {
            modelfund_cli::check_address("--gateway", &g.gateway)?;
            if g.calls == 0 {
                return Err(CliError::Input("--calls must be at least 1".into()));
            }
            let key = store(&cli)?.load_key(&cli.key)?;
            let msg = modelfund::access::ExecuteMsg::Grant {
                model_id: g.model.clone(),
                gateway: g.gateway.clone(),
                calls: g.calls,
                session_key: Some(Binary::from(key.public_key().to_vec())),
            };
            send(&g.access, &msg, None, &g.tx)
        }
        Command::Channel(ChannelCommand::Show {
            channel,
            contract,
            rest,
        }) => {
            let data = chain::smart_query(
                rest,
                &contract.contract,
                &QueryMsg::Channel {
                    channel_id: *channel,
                },
            )?;
            print_json(&data)
        }
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(e.exit_code() as u8)
        }
    }
}
