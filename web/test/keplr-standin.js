// A small window.keplr stand-in for the browser test, injected with page.addInitScript before
// any page script runs. It implements only the public Keplr API the page uses (enable,
// experimentalSuggestChain, getKey, getOfflineSigner, getOfflineSignerAuto, suggestToken) and
// forwards key and signing requests to the test process (page.exposeFunction("__mfWallet")),
// where a CosmJS wallet holds the key. Like Keplr, it refuses `enable` for a chain it was not
// told about, and reports Ethereum-style keys as algo "ethsecp256k1". Like Keplr for a Ledger
// key (getKey's isNanoLedger), getOfflineSignerAuto returns an amino-only signer (signAmino,
// no signDirect); for other keys a direct signer.
(() => {
  const call = async (method, arg) => JSON.parse(await window.__mfWallet(method, JSON.stringify(arg ?? null)));
  const b64 = (bytes) => btoa(String.fromCharCode(...bytes));
  const bytes = (s) => Uint8Array.from(atob(s), (c) => c.charCodeAt(0));
  const signer = (chainId) => ({
    async getAccounts() {
      const accounts = await call("getAccounts", chainId);
      return accounts.map((a) => ({ address: a.address, algo: a.algo, pubkey: bytes(a.pubkey) }));
    },
    async signDirect(signerAddress, signDoc) {
      const res = await call("signDirect", {
        chainId,
        signerAddress,
        signDoc: {
          bodyBytes: b64(signDoc.bodyBytes),
          authInfoBytes: b64(signDoc.authInfoBytes),
          chainId: signDoc.chainId,
          accountNumber: signDoc.accountNumber.toString(),
        },
      });
      return {
        signed: {
          bodyBytes: bytes(res.signed.bodyBytes),
          authInfoBytes: bytes(res.signed.authInfoBytes),
          chainId: res.signed.chainId,
          accountNumber: BigInt(res.signed.accountNumber),
        },
        signature: res.signature,
      };
    },
  });
  const aminoSigner = (chainId) => ({
    async getAccounts() {
      const accounts = await call("getAccounts", chainId);
      return accounts.map((a) => ({ address: a.address, algo: a.algo, pubkey: bytes(a.pubkey) }));
    },
    // the amino sign doc is plain JSON: it crosses to the test process as it is
    async signAmino(signerAddress, signDoc) {
      return call("signAmino", { chainId, signerAddress, signDoc });
    },
  });
  window.keplr = {
    version: "0.12.0-modelfund-test",
    async enable(chainIds) {
      await call("enable", chainIds);
    },
    async experimentalSuggestChain(chainInfo) {
      await call("experimentalSuggestChain", chainInfo);
    },
    async getKey(chainId) {
      const k = await call("getKey", chainId);
      return { ...k, pubKey: bytes(k.pubKey), address: bytes(k.address) };
    },
    getOfflineSigner: signer,
    async getOfflineSignerAuto(chainId) {
      const k = await call("getKey", chainId);
      return k.isNanoLedger ? aminoSigner(chainId) : signer(chainId);
    },
    async suggestToken(chainId, contractAddress, viewingKey) {
      await call("suggestToken", { chainId, contractAddress, viewingKey: viewingKey ?? null });
    },
  };
})();
