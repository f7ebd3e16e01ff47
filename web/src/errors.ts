// Chain and wallet errors -> one readable sentence. The page never shows a raw log.
//
// The contracts already answer with sentences ("the presale has ended"); a failed transaction
// wraps them in SDK noise:
//   "failed to execute message; message index: 0: the presale has ended: execute wasm contract failed"
// and a failed simulation adds gRPC noise around that. We cut the contract's sentence out, make
// the machine parts of it readable (timestamps, base amounts), and map SDK / wallet errors that
// have no contract sentence to one of our own.

/** What `friendlyError` needs to print amounts and dates. */
export interface ErrorContext {
  denom?: string;
  displayDenom?: string;
  decimals?: number;
}

interface Rule {
  test: RegExp;
  say: string | ((m: RegExpExecArray) => string);
}

// Errors that do not come from our contracts (order matters: first match wins).
const RULES: Rule[] = [
  { test: /request rejected|rejected by the user|user denied|user rejected/i, say: "You rejected the request in Keplr." },
  { test: /there is no chain info for|chain is not supported|no modular chain info/i, say: "Keplr does not know this network yet: press “Add network to Keplr” first." },
  { test: /key doesn't exist|no account found|key not found/i, say: "Keplr has no account for this network: create or import one in Keplr." },
  {
    test: /account '?[a-z0-9]*'? (?:not found|does not exist)|unknown address/i,
    say: "This address has no coins on the chain yet: fund it first (an account exists once it has received coins).",
  },
  { test: /insufficient funds|insufficient fee|spendable balance .* is smaller than/i, say: "Your balance is too low for this amount plus the transaction fee." },
  { test: /account sequence mismatch|incorrect account sequence/i, say: "Another transaction from this account was still pending; please try again." },
  { test: /out of gas/i, say: "The transaction ran out of gas; please try again." },
  { test: /tx already exists in cache/i, say: "This transaction was already sent; wait for it to be included." },
  { test: /timed out waiting for tx|was submitted but was not yet found on the chain/i, say: "The network did not confirm the transaction in time; check your balance before retrying." },
  { test: /failed to fetch|networkerror|network error|econnrefused|socket hang up|fetch failed/i, say: "The network node cannot be reached; check your connection or the node." },
  { test: /pubkey does not match signer address|signature verification failed|unauthorized: signature/i, say: "The chain did not accept the wallet's signature (wrong key type for this network)." },
];

// cw-utils payment errors: technical wording, found inside a contract error or on their own.
const PAYMENT_RULES: Rule[] = [
  { test: /no funds sent/i, say: "This needs a payment, but no coins were attached." },
  { test: /must send reserve token '([^']+)'/i, say: (m) => `This needs a payment in ${m[1]}.` },
  { test: /sent more than one denomination/i, say: "Send one kind of coin only." },
  { test: /received unsupported denom '([^']+)'/i, say: (m) => `Payments in ${m[1]} are not accepted here.` },
  { test: /does no(?:t)? accept funds/i, say: "This action does not take a payment; send no coins with it." },
];
RULES.push(...PAYMENT_RULES);

/** Contract sentences that deserve a different wording for people using the page. */
const CONTRACT_REWRITES: Rule[] = [
  { test: /^the presale cannot be finalized before (.+) unless the hard cap is reached$/, say: (m) => `The presale can be finalized only after it ends (${m[1]}) or once the hard cap is reached.` },
  { test: /^claims are open only after a successful presale$/, say: "Shares can be claimed only after the presale succeeded and was finalized." },
  { test: /^refunds are open only after a failed or cancelled presale$/, say: "Refunds open only if the presale fails or is cancelled." },
  { test: /^no contribution from this address$/, say: "This address did not contribute to the presale." },
  { test: /^the goal of (\S+) is reached: contributions can no longer be withdrawn$/, say: (m) => `The soft cap of ${m[1]} is reached: contributions are locked until the presale settles.` },
  { test: /^the presale is (failed|cancelled): refund returns the whole contribution$/, say: (m) => `The presale ${m[1] === "failed" ? "failed" : "was cancelled"}: use Refund to get your whole contribution back.` },
  { test: /^this presale has an allowlist: contribute with your cap and its proof$/, say: "Only allowlisted addresses may contribute: paste your allowlist entry first." },
  { test: /^this address and cap are not on the presale's allowlist$/, say: "This address, with that cap, is not on the presale's allowlist." },
  { test: /^no voting power at the proposal's start height (\d+)$/, say: (m) => `You held no shares when this proposal started (block ${m[1]}), so you cannot vote on it.` },
  { test: /^proposal (\d+) is not open for voting \(it is (\w+)\)$/, say: (m) => `Proposal ${m[1]} is no longer open for voting (it is ${statusWord(m[2])}).` },
  { test: /^proposal (\d+) is in its timelock until (.+)$/, say: (m) => `Proposal ${m[1]} passed but is in its timelock until ${m[2]}.` },
  { test: /^proposal (\d+) cannot be executed: it is (\w+)$/, say: (m) => `Proposal ${m[1]} cannot be executed: it is ${statusWord(m[2])}.` },
  { test: /^wrong payment: send exactly (.+) \(received (.*)\)$/, say: (m) => `Wrong payment: send exactly ${m[1]}${m[2] ? ` (you sent ${m[2]})` : ""}.` },
];

/** One readable sentence for any error thrown while querying, signing or broadcasting. */
export function friendlyError(err: unknown, ctx: ErrorContext = {}): string {
  const raw = errorText(err);
  const contract = contractSentence(raw);
  if (contract !== undefined) {
    for (const rule of PAYMENT_RULES) {
      const m = rule.test.exec(contract);
      if (m) return typeof rule.say === "string" ? rule.say : rule.say(m);
    }
    return sentence(humanize(rewrite(contract, ctx), ctx));
  }
  for (const rule of RULES) {
    const m = rule.test.exec(raw);
    if (m) return humanize(typeof rule.say === "string" ? rule.say : rule.say(m), ctx);
  }
  return "The transaction failed for a reason the page does not know; nothing was changed. Please try again.";
}

/** The message of anything thrown. */
export function errorText(err: unknown): string {
  if (err instanceof Error) return err.message;
  if (typeof err === "string") return err;
  try {
    return JSON.stringify(err);
  } catch {
    return String(err);
  }
}

/**
 * The contract's own sentence inside an SDK / gRPC error, or undefined when there is none.
 * Handles "… message index: N: <sentence>: execute wasm contract failed …" (tx and simulation)
 * and "… Generic error: Querier contract error: <sentence>" / "query wasm contract failed".
 */
export function contractSentence(raw: string): string | undefined {
  const exec = /message index: \d+: ([\s\S]*?): (?:execute|instantiate) wasm contract failed/.exec(raw);
  if (exec) return clean(exec[1]);
  const query = /(?:Generic error: )?(?:Querier contract error: )?([^:]+(?::[^:]+)?): query wasm contract failed/.exec(raw);
  if (query) return clean(query[1]);
  return undefined;
}

function clean(s: string): string {
  return s
    .replace(/^dispatch: submessages: (?:reply: )?/, "")
    .replace(/^Generic error: /, "")
    .replace(/^Error parsing into type [\w:]+: /, "the contract did not understand the request: ")
    .trim();
}

function rewrite(s: string, ctx: ErrorContext): string {
  const amount = (base: string) =>
    ctx.displayDenom && ctx.decimals !== undefined ? `${displayAmount(base, ctx.decimals)} ${ctx.displayDenom}` : base;
  const min = /^contribution below the minimum of (\d+)(?:[a-zA-Z][\w/:.-]*)? per address$/.exec(s);
  if (min) return `The minimum contribution per address is ${amount(min[1])}.`;
  const max = /^this address already contributed its maximum of (\d+)(?:[a-zA-Z][\w/:.-]*)?$/.exec(s);
  if (max) return `This address already contributed the maximum of ${amount(max[1])}.`;
  for (const rule of CONTRACT_REWRITES) {
    const m = rule.test.exec(s);
    if (m) return typeof rule.say === "string" ? rule.say : rule.say(m);
  }
  return s;
}

/** Contract times in RFC 3339 ("2026-11-30T23:00:00Z") -> "2026-11-30 23:00:00 UTC";
 * "5000000000000000000inj" -> "5 INJ". */
function humanize(s: string, ctx: ErrorContext): string {
  let out = s.replace(/\b(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2}:\d{2})Z\b/g, "$1 $2 UTC");
  if (ctx.denom && ctx.displayDenom && ctx.decimals !== undefined) {
    const { denom, displayDenom, decimals } = ctx;
    const re = new RegExp(`\\b(\\d+)${escapeRe(denom)}\\b`, "g");
    out = out.replace(re, (_, amount: string) => `${displayAmount(amount, decimals)} ${displayDenom}`);
  }
  return out;
}

function displayAmount(base: string, decimals: number): string {
  const digits = base.padStart(decimals + 1, "0");
  const whole = digits.slice(0, digits.length - decimals);
  const frac = digits.slice(digits.length - decimals).replace(/0+$/, "");
  return frac ? `${whole}.${frac}` : whole;
}

export function formatUtc(seconds: number): string {
  return new Date(seconds * 1000).toISOString().replace("T", " ").replace(/\.\d+Z$/, " UTC");
}

/** A contract status in snake_case ("execution_failed") as words ("execution failed"). */
function statusWord(status: string): string {
  return status.replace(/_/g, " ");
}

function sentence(s: string): string {
  const t = s.trim();
  if (!t) return "The transaction failed.";
  const first = t[0].toUpperCase() + t.slice(1);
  return /[.!?]$/.test(first) ? first : `${first}.`;
}

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
