"""A presale behind a merkle allowlist, with a withdrawal below the goal, on a real node through
the chain CLI and the `modelfund` client: the creator builds the root from a CSV file
(`modelfund allowlist root`), a listed backer contributes with the message `modelfund allowlist
proof` prints (the part above its cap comes back in the same tx), an unlisted one presenting a
listed backer's proof is refused, and the backer withdraws part of its contribution while the
goal is not reached (docs/presale.md)."""

import json

import chain
from test_channels_cli import cli, modelfund_bin  # noqa: F401  (fixture)
from test_presale import PRICE, INJ, fee_paid, node_time, wait_until


def test_an_allowlisted_presale_and_a_withdrawal_below_the_goal(artifacts, modelfund_bin, tmp_path):  # noqa: F811
    codes = {name: chain.store(str(artifacts / f"{name}.wasm"), "--from", "validator")
             for name in ("shares", "presale")}
    alice, bob, carol = (chain.addr_of(k) for k in ("alice", "bob", "carol"))
    listed = tmp_path / "list.csv"
    listed.write_text(f"address,cap\n{alice},{3 * INJ}\n{bob},{5 * INJ}\n")
    config = tmp_path / "modelfund"
    root = cli(modelfund_bin, config, "allowlist", "root", "--file", str(listed)).stdout.strip()
    assert len(root) == 64

    shares = chain.instantiate(codes["shares"], {
        "name": "Listed shares", "symbol": "LIST", "decimals": 6, "initial_balances": [],
        "mint": {"minter": carol, "cap": None}, "marketing": None,
    }, "listed-shares", "--from", "carol")
    start = node_time() + 10
    presale = chain.instantiate(codes["presale"], {
        "denom": "inj", "price": str(PRICE), "soft_cap": str(50 * INJ), "hard_cap": str(100 * INJ),
        "start": str(start * 10**9), "end": str((start + 600) * 10**9),
        "min_per_address": str(INJ), "max_per_address": str(10 * INJ),
        "treasury": chain.addr_of("contributor"), "creator": carol, "creator_allocation": "0",
        "shares": shares, "allowlist": {"merkle_root": root},
    }, "listed-presale", "--from", "carol")
    chain.execute(shares, {"update_minter": {"new_minter": presale}}, "--from", "carol")
    assert chain.query(presale, {"allowlist": {}})["merkle_root"] == root
    wait_until(start)

    # alice's own message: her cap and proof; 5 INJ sent, 3 INJ (her cap) kept, 2 INJ back
    msg = json.loads(cli(modelfund_bin, config, "allowlist", "proof", "--file", str(listed),
                         "--address", alice).stdout)
    before = chain.bank_balance(alice, "inj")
    tx = chain.execute(presale, msg, "--from", "alice", "--amount", f"{5 * INJ}inj")
    assert chain.bank_balance(alice, "inj") == before - 3 * INJ - fee_paid(tx)
    assert int(chain.query(presale, {"contribution": {"address": alice}})["amount"]) == 3 * INJ

    # carol is not listed: alice's proof does not make her so
    err = chain.execute_fails(presale, msg, "--from", "carol", "--amount", f"{INJ}inj", "--gas", "400000")
    assert "allowlist" in err, err
    assert chain.bank_balance(presale, "inj") == 3 * INJ

    # below the goal alice takes 1 INJ back
    before = chain.bank_balance(alice, "inj")
    tx = chain.execute(presale, {"withdraw": {"amount": str(INJ)}}, "--from", "alice")
    assert chain.bank_balance(alice, "inj") == before + INJ - fee_paid(tx)
    assert int(chain.query(presale, {"contribution": {"address": alice}})["amount"]) == 2 * INJ
    state = chain.query(presale, {"state": {}})
    assert int(state["withdrawn"]) == INJ and int(state["raised"]) == 2 * INJ
    assert chain.bank_balance(presale, "inj") == 2 * INJ
