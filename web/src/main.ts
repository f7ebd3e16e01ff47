// Modelfund web app: models list, model page (presale, DAO, usage, revenue), Keplr connection.
// Hash routing: #/ (models), #/model/<id>[/dao|/usage|/revenue|/try]. This file connects the wallet,
// routes and starts the page; each page and tab is a view in views/, their shared helpers in ui.ts.
import { keplrChainInfo } from "./chains";
import { loadConfig, type AppConfig } from "./config";
import { friendlyError } from "./errors";
import { $, applyBusy, chain, coin, errCtx, esc, onRefresh, S, setStatus } from "./ui";
import { connectChain, connectKeplr, getKeplr } from "./wallet";
import { renderModel } from "./views/model";
import { renderModels } from "./views/models";

/** localStorage key: the chain id the user connected Keplr for (reconnect on the next visit). */
const AUTO_CONNECT = "modelfund.connected";

// ---------- wallet ----------
async function connect(): Promise<void> {
  const keplr = getKeplr();
  if (!keplr) {
    setStatus("error", "Keplr is not installed: install the Keplr browser extension to connect.");
    return;
  }
  setStatus("pending", "Connecting to Keplr…");
  try {
    S.wallet = await connectKeplr(keplr, keplrChainInfo(chain()), chain().chainId);
    localStorage.setItem(AUTO_CONNECT, chain().chainId);
    await renderWallet();
    await route(false);
    setStatus("ok", `Connected as ${S.wallet.address}.`);
  } catch (e) {
    console.error(e);
    setStatus("error", friendlyError(e, errCtx()));
  }
}

async function suggestChain(): Promise<void> {
  const keplr = getKeplr();
  if (!keplr) {
    setStatus("error", "Keplr is not installed: install the Keplr browser extension first.");
    return;
  }
  try {
    await keplr.experimentalSuggestChain(keplrChainInfo(chain()));
    setStatus("ok", `${chain().chainName} (${chain().chainId}) is known to Keplr now.`);
  } catch (e) {
    console.error(e);
    setStatus("error", friendlyError(e, errCtx()));
  }
}

async function renderWallet(): Promise<void> {
  const box = $("#wallet")!;
  if (!S.wallet) {
    $("#connect")!.hidden = false;
    box.innerHTML = "";
    return;
  }
  let balance = "…";
  try {
    const b = await S.clients.cw.getBalance(S.wallet.address, chain().denom);
    balance = coin(b.amount);
  } catch {
    balance = "unknown";
  }
  $("#connect")!.hidden = true;
  box.innerHTML = `<span id="address" title="${esc(S.wallet.address)}">${esc(S.wallet.address)}</span>
    <span id="balance">${esc(balance)}</span>${
      S.wallet.ledger ? `<span id="key-kind" title="A Ledger key: transactions are signed as amino JSON, shown on the device">Ledger</span>` : ""
    }`;
}

// ---------- routing ----------
async function route(clearStatus = true): Promise<void> {
  if (clearStatus && $("#status")!.dataset.kind !== "pending") setStatus("idle", "");
  const main = $("#main")!;
  const parts = location.hash.replace(/^#\/?/, "").split("/").filter(Boolean).map(decodeURIComponent);
  try {
    if (parts[0] === "model" && parts[1]) await renderModel(main, parts[1], parts[2] ?? "overview");
    else await renderModels(main);
  } catch (e) {
    console.error(e);
    main.innerHTML = `<p class="error" id="load-error">${esc(friendlyError(e, errCtx()))}</p>`;
  }
  applyBusy(); // a view rendered while a transaction is pending keeps its buttons disabled
}

// ---------- start ----------
async function start(): Promise<void> {
  const keplr = getKeplr();
  $("#connect")!.addEventListener("click", connect);
  $("#suggest-chain")!.addEventListener("click", suggestChain);
  if (!keplr) {
    $("#notice")!.hidden = false;
    $("#notice")!.textContent =
      "Keplr is not installed: you can browse models and presales, but contributing, voting and buying need the Keplr browser extension (keplr.app).";
    $<HTMLButtonElement>("#connect")!.disabled = true;
    $<HTMLButtonElement>("#suggest-chain")!.disabled = true;
  }
  let cfg: AppConfig;
  try {
    cfg = await loadConfig();
  } catch (e) {
    $("#main")!.innerHTML = `<p class="error" id="load-error">${esc((e as Error).message)}</p>`;
    return;
  }
  $("#network")!.textContent = `${cfg.chain.chainName} · ${cfg.chain.chainId}`;
  try {
    Object.assign(S, { cfg, clients: await connectChain(cfg.chain) });
  } catch (e) {
    $("#main")!.innerHTML = `<p class="error" id="load-error">The network node ${esc(cfg.chain.rpc)} cannot be reached.</p>`;
    console.error(e);
    return;
  }
  onRefresh(async () => {
    await renderWallet();
    await route(false);
  });
  window.addEventListener("hashchange", () => route());
  window.addEventListener("keplr_keystorechange", () => {
    if (S.wallet) connect();
  });
  // Reconnect silently when the user connected on an earlier visit (Keplr remembers the
  // permission; a failure just leaves the page read-only with the Connect button).
  if (keplr && localStorage.getItem(AUTO_CONNECT) === cfg.chain.chainId) {
    try {
      await keplr.enable(cfg.chain.chainId);
      S.wallet = await connectKeplr(keplr, keplrChainInfo(cfg.chain), cfg.chain.chainId);
      await renderWallet();
    } catch (e) {
      console.warn("reconnect failed", e);
    }
  }
  await route();
  document.body.dataset.ready = "1";
}

start();
