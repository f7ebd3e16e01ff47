//! The built `modelfund` binary, run as a user runs it: every subcommand's happy path that
//! needs no node, and its bad inputs with their exit code (2 bad arguments, 1 refused or
//! failed) and message. `channel show` against a node is in the chain layer.

use std::fs;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const CONTRACT: &str = "inj14hj2tavq8fpesdwxxcu44rty3hh90vhujaxlnz";
const GATEWAY: &str = "inj1qg5ega6dykkxc307y25pecuufrjkxkaggkkxh7";

struct Env {
    root: PathBuf,
}

impl Env {
    fn new(name: &str) -> Env {
        let root =
            std::env::temp_dir().join(format!("modelfund-cli-it-{}-{name}", std::process::id()));
        let _ = fs::remove_dir_all(&root);
        fs::create_dir_all(root.join("home")).unwrap();
        fs::create_dir_all(root.join("xdg")).unwrap();
        Env { root }
    }

    /// The config directory the binary picks from XDG_CONFIG_HOME.
    fn config(&self) -> PathBuf {
        self.root.join("xdg").join("modelfund")
    }

    fn run(&self, args: &[&str]) -> Output {
        Command::new(env!("CARGO_BIN_EXE_modelfund"))
            .args(args)
            .env_clear()
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .env("HOME", self.root.join("home"))
            .env("XDG_CONFIG_HOME", self.root.join("xdg"))
            .output()
            .unwrap()
    }

    fn ok(&self, args: &[&str]) -> String {
        let out = self.run(args);
        assert!(
            out.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    }

    /// Runs, expects `code` and a stderr containing `needle`.
    fn fails(&self, args: &[&str], code: i32, needle: &str) {
        let out = self.run(args);
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(code), "{args:?}: {err}");
        assert!(
            err.contains(needle),
            "{args:?}: expected '{needle}' in: {err}"
        );
        assert!(out.stdout.is_empty(), "{args:?} printed on failure");
    }
}

impl Drop for Env {
    fn drop(&mut self) {
        let _ = fs::remove_dir_all(&self.root);
    }
}

fn mode(p: &Path) -> u32 {
    fs::metadata(p).unwrap().permissions().mode() & 0o777
}

fn public_key_hex(show: &str) -> String {
    show.lines()
        .find_map(|l| l.strip_prefix("public key (hex):"))
        .unwrap()
        .trim()
        .to_string()
}

#[test]
fn key_new_and_show_keep_a_private_key_under_the_config_dir() {
    let env = Env::new("key");
    env.fails(&["key", "show"], 1, "no session key 'default'");
    let created = env.ok(&["key", "new"]);
    let key_file = env.config().join("keys").join("default.key");
    assert!(
        created.contains(&key_file.display().to_string()),
        "{created}"
    );
    assert_eq!(mode(&env.config()), 0o700);
    assert_eq!(mode(&key_file), 0o600);
    let pk = public_key_hex(&created);
    assert_eq!(pk.len(), 66);
    assert_eq!(public_key_hex(&env.ok(&["key", "show"])), pk);
    // the secret is never printed
    let secret = fs::read_to_string(&key_file).unwrap();
    assert!(!created.contains(secret.trim()));
    // never overwritten
    env.fails(&["key", "new"], 1, "exists already");
    assert_eq!(fs::read_to_string(&key_file).unwrap(), secret);
    // a second named key
    let other = env.ok(&["--key", "laptop", "key", "new"]);
    assert_ne!(public_key_hex(&other), pk);
    // loose permissions: refused
    fs::set_permissions(&key_file, fs::Permissions::from_mode(0o644)).unwrap();
    env.fails(
        &["key", "show"],
        1,
        "has mode 0644: group or others can access it",
    );
    // bad input
    env.fails(&["--key", "../x", "key", "show"], 2, "key name '../x'");
    env.fails(&["key"], 2, "Usage");
    env.fails(&["key", "rotate"], 2, "unrecognized subcommand");
}

#[test]
fn voucher_prints_the_claim_json_and_only_goes_up() {
    let env = Env::new("voucher");
    let base = |amount: &'static str| -> Vec<&'static str> {
        vec![
            "voucher",
            "--channel",
            "3",
            "--amount",
            amount,
            "--chain-id",
            "injective-777",
            "--contract",
            CONTRACT,
        ]
    };
    env.fails(&base("100"), 1, "modelfund key new");
    env.ok(&["key", "new"]);
    let out = env.ok(&base("100"));
    let v: serde_json::Value = serde_json::from_str(out.trim()).unwrap();
    assert_eq!(v["channel_id"], 3);
    assert_eq!(v["amount"], "100");
    let voucher: modelfund::channels::Voucher = serde_json::from_value(v).unwrap();
    assert_eq!(voucher.signature.len(), 64);
    // the signature verifies with the key `key show` prints, as the contract checks it
    let pk = public_key_hex(&env.ok(&["key", "show"]));
    let pk: Vec<u8> = (0..66)
        .step_by(2)
        .map(|i| u8::from_str_radix(&pk[i..i + 2], 16).unwrap())
        .collect();
    let domain = modelfund_vouchers::Domain::new("injective-777", CONTRACT);
    modelfund_vouchers::verify(&pk, &domain, 3, 100, voucher.signature.as_slice()).unwrap();
    // higher: fine; lower: refused; the record is private
    env.ok(&base("250"));
    env.fails(&base("249"), 1, "249 is below the 250 already signed");
    assert_eq!(mode(&env.config().join("vouchers.json")), 0o600);
    let mut lower = base("249");
    lower.push("--allow-lower");
    env.ok(&lower);
    env.fails(&base("249"), 1, "below the 250");
    // --header: the gateway's X-Modelfund-Voucher value of the same voucher
    let mut header = base("250");
    header.push("--header");
    let line = env.ok(&header);
    let parsed = modelfund_vouchers::SignedVoucher::from_header(line.trim()).unwrap();
    assert_eq!((parsed.channel_id, parsed.amount), (3, 250));
    modelfund_vouchers::verify(&pk, &domain, 3, 250, &parsed.signature).unwrap();
    // bad input
    env.fails(&base("1.5"), 2, "must be a whole number of base units");
    env.fails(&base("-1"), 2, "unexpected argument '-1'");
    env.fails(&base("0"), 2, "greater than zero");
    env.fails(
        &[
            "voucher",
            "--channel",
            "3",
            "--amount",
            "5",
            "--chain-id",
            "c",
            "--contract",
            "inj1nope",
        ],
        2,
        "not a bech32 address",
    );
    env.fails(
        &[
            "voucher",
            "--channel",
            "x",
            "--amount",
            "5",
            "--chain-id",
            "c",
            "--contract",
            CONTRACT,
        ],
        2,
        "invalid value 'x'",
    );
    env.fails(
        &[
            "voucher",
            "--amount",
            "5",
            "--chain-id",
            "c",
            "--contract",
            CONTRACT,
        ],
        2,
        "--channel <CHANNEL>",
    );
    env.fails(
        &[
            "voucher",
            "--channel",
            "3",
            "--amount",
            "5",
            "--contract",
            CONTRACT,
        ],
        2,
        "--chain-id <CHAIN_ID>",
    );
}

#[test]
fn channel_transactions_run_injectived_with_the_users_flags() {
    let env = Env::new("tx");
    env.ok(&["key", "new"]);
    let pk_b64 = env
        .ok(&["key", "show"])
        .lines()
        .find_map(|l| {
            l.strip_prefix("voucher_key (base64, for open):")
                .map(|s| s.trim().to_string())
        })
        .unwrap();
    // a stand-in injectived that records its arguments
    let fake = env.root.join("injectived");
    let args_file = env.root.join("args.txt");
    fs::write(
        &fake,
        format!(
            "#!/bin/sh\nprintf '%s\\n' \"$@\" > '{}'\n",
            args_file.display()
        ),
    )
    .unwrap();
    fs::set_permissions(&fake, fs::Permissions::from_mode(0o755)).unwrap();
    let fake_s = fake.display().to_string();
    let tx = [
        "--contract",
        CONTRACT,
        "--from",
        "user",
        "--keyring-backend",
        "test",
        "--chain-id",
        "injective-777",
        "--node",
        "tcp://127.0.0.1:26657",
        "--gas",
        "400000",
        "--gas-prices",
        "160000000inj",
        "--yes",
        "--injectived",
        &fake_s,
    ];
    let mut open = vec![
        "channel",
        "open",
        "--model",
        "1",
        "--plan",
        "metered",
        "--gateway",
        GATEWAY,
        "--deposit",
        "1000inj",
        "--expires-in",
        "1d",
    ];
    open.extend_from_slice(&tx);
    env.ok(&open);
    let args: Vec<String> = fs::read_to_string(&args_file)
        .unwrap()
        .lines()
        .map(String::from)
        .collect();
    assert_eq!(&args[..4], ["tx", "wasm", "execute", CONTRACT]);
    let msg: serde_json::Value = serde_json::from_str(&args[4]).unwrap();
    assert_eq!(msg["open"]["voucher_key"], pk_b64);
    assert_eq!(msg["open"]["gateway"], GATEWAY);
    assert_eq!(
        &args[5..],
        [
            "--amount",
            "1000inj",
            "--from",
            "user",
            "--keyring-backend",
            "test",
            "--node",
            "tcp://127.0.0.1:26657",
            "--chain-id",
            "injective-777",
            "--gas",
            "400000",
            "--gas-prices",
            "160000000inj",
            "--yes"
        ]
    );
    let mut top = vec!["channel", "top-up", "4", "--amount", "5inj"];
    top.extend_from_slice(&tx);
    env.ok(&top);
    assert!(fs::read_to_string(&args_file)
        .unwrap()
        .contains("{\"top_up\":{\"channel_id\":4}}\n--amount\n5inj\n"));
    let mut close = vec!["channel", "close", "4"];
    close.extend_from_slice(&tx);
    env.ok(&close);
    assert!(fs::read_to_string(&args_file)
        .unwrap()
        .starts_with("tx\nwasm\nexecute\n"));
    assert!(fs::read_to_string(&args_file)
        .unwrap()
        .contains("{\"close\":{\"channel_id\":4}}\n--from\nuser\n"));
    let mut extend = vec!["channel", "extend", "4", "--expires-in", "2d"];
    extend.extend_from_slice(&tx);
    env.ok(&extend);
    assert!(fs::read_to_string(&args_file)
        .unwrap()
        .contains("{\"extend\":{\"channel_id\":4,\"expires_at\":\""));
    // --dry-run prints the command instead
    let mut dry = close.clone();
    dry.push("--dry-run");
    let printed = env.ok(&dry);
    assert!(
        printed.starts_with(&format!(
            "{fake_s} tx wasm execute {CONTRACT} '{{\"close\":{{\"channel_id\":4}}}}' --from user"
        )),
        "{printed}"
    );
    // injectived failing, or missing
    fs::write(&fake, "#!/bin/sh\necho 'out of gas' >&2\nexit 3\n").unwrap();
    let err = env.run(&close);
    assert_eq!(err.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&err.stderr);
    assert!(
        stderr.contains("out of gas") && stderr.contains("failed (exit status: 3)"),
        "{stderr}"
    );
    let mut missing = vec![
        "channel",
        "close",
        "4",
        "--contract",
        CONTRACT,
        "--from",
        "user",
        "--injectived",
    ];
    let nowhere = env.root.join("nowhere").display().to_string();
    missing.push(&nowhere);
    env.fails(&missing, 1, "cannot run");
}

#[test]
fn channel_subcommands_refuse_bad_input() {
    let env = Env::new("bad");
    env.ok(&["key", "new"]);
    let open = |extra: &[&'static str]| -> Vec<&'static str> {
        let mut a = vec![
            "channel",
            "open",
            "--model",
            "1",
            "--plan",
            "metered",
            "--gateway",
            GATEWAY,
            "--contract",
            CONTRACT,
            "--from",
            "user",
            "--dry-run",
        ];
        a.extend_from_slice(extra);
        a
    };
    env.ok(&open(&["--deposit", "5inj", "--expires-in", "1h"]));
    env.fails(
        &open(&["--deposit", "5inj"]),
        2,
        "--expires-at <EXPIRES_AT>",
    );
    env.fails(
        &open(&[
            "--deposit",
            "5inj",
            "--expires-in",
            "1h",
            "--expires-at",
            "99999999999",
        ]),
        2,
        "cannot be used with",
    );
    env.fails(
        &open(&["--deposit", "5inj", "--expires-in", "400d"]),
        2,
        "more than 366 days ahead",
    );
    env.fails(
        &open(&["--deposit", "5inj", "--expires-at", "1000"]),
        2,
        "not in the future",
    );
    env.fails(
        &open(&["--deposit", "5inj", "--expires-in", "1w"]),
        2,
        "duration '1w'",
    );
    env.fails(
        &open(&["--deposit", "0inj", "--expires-in", "1h"]),
        2,
        "--deposit '0inj' must be one coin",
    );
    env.fails(
        &open(&["--deposit", "5", "--expires-in", "1h"]),
        2,
        "must be one coin",
    );
    env.fails(&open(&["--expires-in", "1h"]), 2, "--deposit <DEPOSIT>");
    env.fails(
        &[
            "channel",
            "open",
            "--model",
            "1",
            "--plan",
            "p",
            "--gateway",
            "inj1bad",
            "--deposit",
            "5inj",
            "--expires-in",
            "1h",
            "--contract",
            CONTRACT,
            "--from",
            "u",
            "--dry-run",
        ],
        2,
        "gateway 'inj1bad' is not a bech32 address",
    );
    env.fails(
        &[
            "channel",
            "open",
            "--model",
            "1",
            "--plan",
            "p",
            "--gateway",
            GATEWAY,
            "--deposit",
            "5inj",
            "--expires-in",
            "1h",
            "--contract",
            CONTRACT,
            "--dry-run",
        ],
        2,
        "--from is required",
    );
    env.fails(
        &[
            "channel",
            "top-up",
            "4",
            "--amount",
            "5inj",
            "--contract",
            CONTRACT,
            "--dry-run",
        ],
        2,
        "--from is required",
    );
    env.fails(
        &[
            "channel",
            "top-up",
            "4",
            "--amount",
            "five",
            "--contract",
            CONTRACT,
            "--from",
            "u",
        ],
        2,
        "must be one coin",
    );
    env.fails(
        &[
            "channel",
            "top-up",
            "4",
            "--contract",
            CONTRACT,
            "--from",
            "u",
        ],
        2,
        "--amount <AMOUNT>",
    );
    env.fails(
        &[
            "channel",
            "close",
            "x",
            "--contract",
            CONTRACT,
            "--from",
            "u",
        ],
        2,
        "invalid value 'x'",
    );
    env.fails(
        &["channel", "close", "4", "--contract", "nope", "--from", "u"],
        2,
        "contract 'nope' is not a bech32 address",
    );
    env.fails(
        &["channel", "close", "4", "--from", "u"],
        2,
        "--contract <CONTRACT>",
    );
    env.fails(
        &[
            "channel",
            "extend",
            "4",
            "--contract",
            CONTRACT,
            "--from",
            "u",
        ],
        2,
        "--expires-at <EXPIRES_AT>",
    );
    env.fails(
        &[
            "channel",
            "show",
            "4",
            "--contract",
            CONTRACT,
            "--rest",
            "localhost:1317",
        ],
        2,
        "must be an http:// or https:// URL",
    );
    env.fails(
        &["channel", "show", "4", "--contract", "nope"],
        2,
        "not a bech32 address",
    );
    env.fails(&["channel", "show", "--contract", CONTRACT], 2, "<CHANNEL>");
    env.fails(
        &[
            "channel",
            "show",
            "4",
            "--contract",
            CONTRACT,
            "--rest",
            "http://127.0.0.1:9",
        ],
        1,
        "cannot reach the node's REST API",
    );
    env.fails(&["channel", "withdraw", "4"], 2, "unrecognized subcommand");
    // open needs the session key
    let fresh = Env::new("bad-nokey");
    fresh.fails(
        &open(&["--deposit", "5inj", "--expires-in", "1h"]),
        1,
        "modelfund key new",
    );
}

#[test]
fn help_says_the_user_signs_transactions_with_their_own_chain_key() {
    let env = Env::new("help");
    let help = env.ok(&["--help"]);
    assert!(help.contains("NOT signed by this tool"), "{help}");
    assert!(help.contains("0600"));
    let open = env.ok(&["channel", "open", "--help"]);
    assert!(
        open.contains("--from")
            && open.contains("--keyring-backend")
            && open.contains("--gas-prices")
    );
}

#[test]
fn allowlist_root_and_proof_from_a_csv_file() {
    let env = Env::new("allowlist");
    let file = env.root.join("list.csv");
    fs::write(
        &file,
        format!("address,cap\n{CONTRACT},500\n{GATEWAY},1500\n"),
    )
    .unwrap();
    let file = file.to_str().unwrap();
    let root = env.ok(&["allowlist", "root", "--file", file]);
    let root = root.trim();
    let entries = vec![
        (CONTRACT.to_string(), cosmwasm_std::Uint128::new(500)),
        (GATEWAY.to_string(), cosmwasm_std::Uint128::new(1_500)),
    ];
    assert_eq!(root, modelfund::allowlist::root(&entries).unwrap());

    let msg = env.ok(&["allowlist", "proof", "--file", file, "--address", GATEWAY]);
    let msg: serde_json::Value = serde_json::from_str(msg.trim()).unwrap();
    assert_eq!(msg["contribute"]["cap"], "1500");
    let proof: Vec<String> = serde_json::from_value(msg["contribute"]["proof"].clone()).unwrap();
    assert!(modelfund::allowlist::verify(
        &modelfund::allowlist::parse_hash("root", root).unwrap(),
        GATEWAY,
        cosmwasm_std::Uint128::new(1_500),
        &modelfund::allowlist::parse_proof(&proof).unwrap(),
    ));

    let other = "inj1tfsrpnqj9gydnyy0ym3cm4zksqe4vrmtl9sj8n";
    env.fails(
        &["allowlist", "proof", "--file", file, "--address", other],
        1,
        "is not on the allowlist",
    );
    env.fails(
        &["allowlist", "root", "--file", "/nonexistent/list.csv"],
        2,
        "cannot read /nonexistent/list.csv",
    );
    let bad = env.root.join("bad.csv");
    fs::write(&bad, format!("{CONTRACT},500\n{CONTRACT},7\n")).unwrap();
    env.fails(
        &["allowlist", "root", "--file", bad.to_str().unwrap()],
        2,
        "more than once",
    );
}

#[test]
fn ask_refuses_a_bad_gateway_before_signing_anything() {
    let env = Env::new("ask");
    env.ok(&["key", "new"]);
    env.fails(
        &["ask", "hi", "--gateway", "127.0.0.1:9"],
        2,
        "must be an http:// or https:// URL",
    );
    env.fails(
        &["ask", "hi", "--gateway", "http://127.0.0.1:9"],
        1,
        "cannot reach the gateway at http://127.0.0.1:9",
    );
    // nothing was signed: the voucher record does not exist
    assert!(!env.config().join("vouchers.json").exists());
}

#[test]
fn grant_sends_the_session_key_and_ask_needs_a_channel_or_access() {
    let env = Env::new("grant");
    env.ok(&["key", "new"]);
    let pk_b64 = env
        .ok(&["key", "show"])
        .lines()
        .find_map(|l| {
            l.strip_prefix("session_key (base64, for grant):")
                .map(|s| s.trim().to_string())
        })
        .unwrap();
    let line = env.ok(&[
        "grant",
        "--model",
        "demo-llm",
        "--gateway",
        GATEWAY,
        "--calls",
        "100",
        "--access",
        CONTRACT,
        "--from",
        "user",
        "--dry-run",
    ]);
    assert!(
        line.starts_with(&format!("injectived tx wasm execute {CONTRACT} ")),
        "{line}"
    );
    let json_start = line.find('{').unwrap();
    let json_end = line.rfind('}').unwrap();
    let msg: serde_json::Value = serde_json::from_str(&line[json_start..=json_end]).unwrap();
    assert_eq!(msg["grant"]["session_key"], pk_b64);
    assert_eq!(msg["grant"]["calls"], 100);
    assert_eq!(msg["grant"]["model_id"], "demo-llm");
    assert_eq!(msg["grant"]["gateway"], GATEWAY);
    env.fails(
        &[
            "grant",
            "--model",
            "m",
            "--gateway",
            GATEWAY,
            "--calls",
            "0",
            "--access",
            CONTRACT,
            "--from",
            "u",
        ],
        2,
        "--calls",
    );
    env.fails(
        &[
            "grant",
            "--model",
            "m",
            "--gateway",
            "nope",
            "--calls",
            "1",
            "--access",
            CONTRACT,
            "--from",
            "u",
        ],
        2,
        "gateway",
    );
    // ask: a channel or credits/lease (--access), never both; a lease only with --access
    let base = ["ask", "hi", "--gateway", "http://127.0.0.1:1"];
    let mut both = base.to_vec();
    both.extend(["--channel", "1", "--access", CONTRACT]);
    env.fails(&both, 2, "cannot be used with");
    let mut lease = base.to_vec();
    lease.extend(["--lease", "4"]);
    env.fails(&lease, 2, "--access");
    let mut access = base.to_vec();
    access.extend(["--access", CONTRACT, "--user", GATEWAY]);
    env.fails(&access, 1, "cannot reach the gateway");
}
