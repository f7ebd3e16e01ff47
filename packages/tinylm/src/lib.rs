//! # modelfund-tinylm
//!
//! The built-in runtime of the Modelfund demo model: a small, real, word-level n-gram language
//! model that the project trains deterministically from text it ships
//! (`packages/tinylm/corpus/modelfund.txt`), so the demo and the tests need no external
//! inference server. The artifact's sha256 ([`sha256_hex`]) is the demo model's
//! `content_hash` in the registry; the inference gateway loads the artifact with
//! [`Model::from_bytes`] after checking that hash, and serves [`Model::complete`].
//!
//! ```
//! use modelfund_tinylm::{sha256_hex, train, FinishReason, Model, TrainParams};
//!
//! let corpus = "The DAO owns the model. The DAO holds the treasury.\n\nUsers pay per call.";
//! let bytes = train(corpus, &TrainParams::default());
//! assert_eq!(sha256_hex(&bytes).len(), 64);
//! let model = Model::from_bytes(&bytes).unwrap();
//! let c = model.complete("The DAO", 8, 42);
//! assert!(c.completion_tokens <= 8);
//! assert_eq!(c.prompt_tokens, 2);
//! assert_eq!(model.count_tokens(&c.text), c.completion_tokens);
//! assert!(matches!(c.finish_reason, FinishReason::Length | FinishReason::Stop));
//! ```
//!
//! ## Command line
//!
//! ```text
//! modelfund-tinylm train --corpus packages/tinylm/corpus/modelfund.txt --out model.mflm  # prints the sha256
//! modelfund-tinylm complete --model model.mflm --prompt "A presale" --max-tokens 32 --seed 7
//! modelfund-tinylm info --model model.mflm
//! ```
//! `scripts/model.sh` builds the demo artifact into `artifacts/model/` and prints its sha256.
//!
//! ## Tokens
//!
//! One tokenizer, fixed by the format version, counts prompts and completions (the unit of
//! `kilo_tokens` metered plans): a **word** is a run of letters, digits or `_` that may continue
//! across one `'`, `’` or `-` between two of them (`model's`, `cw-multi-test`) and across one
//! `.` or `,` between two digits (`2.3`, `1,000`); a whitespace run with two or more newlines is
//! a **paragraph break**; every other non-space character is a token of its own. A completion's
//! text re-tokenizes to exactly its `completion_tokens`.
//!
//! ## The model
//!
//! Training reads the corpus as one token sequence that starts with a paragraph break and counts
//! every n-gram of 1 to `order + 1` tokens into a trie (the path of a node is the n-gram, its
//! count is how often the corpus holds it). To draw the next token, the model takes the longest
//! context (the last `order` tokens at most) found in the trie, and there, with probability
//! `3·total / (3·total + distinct successors)` (Witten–Bell, weighted towards the corpus), draws a
//! successor weighted by its count; otherwise it backs off to the context one token shorter, down
//! to the unigrams. Draws come from SplitMix64 seeded with the request's seed xor the FNV-1a hash
//! of the prompt, and everything is integer arithmetic, so the same
//! model, prompt, `max_tokens` and seed give the same text on every platform. A completion ends
//! when it has `max_tokens` tokens ([`FinishReason::Length`]) or the model draws a paragraph
//! break ([`FinishReason::Stop`]; a break drawn first, after a prompt that ends its paragraph,
//! starts the next paragraph instead). Prompt words the model does not know match no context.
//!
//! ## Artifact format, version 1
//!
//! All integers are unsigned LEB128 varints of at most 32 bits in their shortest encoding,
//! except the version (u16 little-endian) and the order (one byte).
//!
//! | field | encoding | rule |
//! |---|---|---|
//! | magic | 4 bytes `MFLM` | |
//! | version | u16 LE | `1` ([`FORMAT_VERSION`]) |
//! | name | varint length + UTF-8 bytes | ≤ [`MAX_NAME_LEN`] bytes, no control characters |
//! | order | u8 | ≤ [`MAX_ORDER`] |
//! | vocabulary | varint count, then per entry varint length + UTF-8 bytes | ≤ [`MAX_VOCAB`] entries of ≤ [`MAX_TOKEN_LEN`] bytes, each exactly one token, strictly ascending by bytes; an entry's index is its token id |
//! | node count | varint | ≥ 1 (the root), ≤ [`MAX_NODES`] |
//! | nodes | per node, breadth-first from the root: varint child count, then per child varint token gap and varint count | children take the next free node indices; the first child's gap is its token id, the next ones' the distance to the previous id minus one (siblings strictly ascend); counts ≥ 1; no node deeper than `order + 1` |
//! | checksum | 32 bytes | sha256 of every byte before it |
//!
//! [`Model::from_bytes`] checks all of it and refuses anything else (including trailing bytes)
//! with a typed [`Error`]; it never panics and never reserves more memory than the input could
//! describe. [`train`] writes exactly one encoding for a corpus and parameters.

mod error;
mod format;
mod model;
mod rng;
mod tokenize;
mod train;

use sha2::{Digest, Sha256};

pub use error::Error;
pub use format::{MAX_NAME_LEN, MAX_NODES, MAX_ORDER, MAX_TOKEN_LEN, MAX_VOCAB};
pub use model::{Completion, FinishReason, Model, MAX_COMPLETION_TOKENS};
pub use train::{train, TrainParams};

/// The artifact format version this crate writes and reads.
pub const FORMAT_VERSION: u16 = format::VERSION;

/// The sha256 of `bytes` as 64 lowercase hex characters: the form of the registry's
/// `content_hash` (`modelfund::validate::content_hash` accepts it and stores it lowercase).
pub fn sha256_hex(bytes: &[u8]) -> String {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let digest = Sha256::digest(bytes);
    let mut out = String::with_capacity(64);
    for b in digest {
        out.push(char::from(HEX[usize::from(b >> 4)]));
        out.push(char::from(HEX[usize::from(b & 0x0f)]));
    }
    out
}
