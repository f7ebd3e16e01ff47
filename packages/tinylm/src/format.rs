//! The artifact's binary format: writing (training) and validated reading (loading).
//! The layout is documented in the crate's doc comment.

use sha2::{Digest, Sha256};

use crate::tokenize;
use crate::Error;

/// The artifact's first four bytes.
pub const MAGIC: [u8; 4] = *b"MFLM";
/// The format version this crate writes and reads.
pub const VERSION: u16 = 1;
/// Longest model name, in bytes.
pub const MAX_NAME_LEN: usize = 128;
/// Longest n-gram context.
pub const MAX_ORDER: u8 = 8;
/// Most vocabulary entries.
pub const MAX_VOCAB: u64 = 1 << 20;
/// Longest vocabulary entry, in bytes.
pub const MAX_TOKEN_LEN: u64 = 256;
/// Most trie nodes (the root included).
pub const MAX_NODES: u64 = 1 << 24;

const HEADER_LEN: usize = 6;
const CHECKSUM_LEN: usize = 32;

/// One trie node in memory: the token that leads to it, the cumulative count of its siblings up
/// to and including it, and where its own children are.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Node {
    pub token: u32,
    pub first_child: u32,
    pub child_count: u32,
    pub cum: u64,
}

/// Everything an artifact holds, decoded.
pub(crate) struct Parts {
    pub name: String,
    pub order: u8,
    pub vocab: Vec<String>,
    pub nodes: Vec<Node>,
}

// ---------------------------------------------------------------- writing

/// Appends `v` as an unsigned LEB128 varint.
pub(crate) fn put_varint(out: &mut Vec<u8>, mut v: u64) {
    loop {
        let byte = (v & 0x7f) as u8;
        v >>= 7;
        if v == 0 {
            out.push(byte);
            return;
        }
        out.push(byte | 0x80);
    }
}

/// Starts an artifact: magic, version, name, order.
pub(crate) fn begin(name: &str, order: u8) -> Vec<u8> {
    let mut out = Vec::new();
    out.extend_from_slice(&MAGIC);
    out.extend_from_slice(&VERSION.to_le_bytes());
    put_varint(&mut out, name.len() as u64);
    out.extend_from_slice(name.as_bytes());
    out.push(order);
    out
}

/// Ends an artifact: appends the sha256 of everything before.
pub(crate) fn seal(mut out: Vec<u8>) -> Vec<u8> {
    let digest = Sha256::digest(&out);
    out.extend_from_slice(&digest);
    out
}

// ---------------------------------------------------------------- reading

struct Reader<'a> {
    bytes: &'a [u8],
    pos: usize,
}

impl<'a> Reader<'a> {
    fn truncated(&self, what: &'static str) -> Error {
        Error::Truncated {
            what,
            offset: HEADER_LEN + self.pos,
        }
    }

    fn u8(&mut self, what: &'static str) -> Result<u8, Error> {
        let b = *self
            .bytes
            .get(self.pos)
            .ok_or_else(|| self.truncated(what))?;
        self.pos += 1;
        Ok(b)
    }

    fn take(&mut self, len: usize, what: &'static str) -> Result<&'a [u8], Error> {
        let end = self
            .pos
            .checked_add(len)
            .filter(|end| *end <= self.bytes.len())
            .ok_or_else(|| self.truncated(what))?;
        let s = &self.bytes[self.pos..end];
        self.pos = end;
        Ok(s)
    }

    /// A LEB128 varint of at most 32 bits, in its shortest form.
    fn varint(&mut self, what: &'static str) -> Result<u32, Error> {
        let offset = HEADER_LEN + self.pos;
        let mut v: u64 = 0;
        for i in 0..5 {
            let b = self.u8(what)?;
            v |= u64::from(b & 0x7f) << (7 * i);
            if b & 0x80 == 0 {
                // shortest form only, so one value has one encoding (and one hash)
                if (b == 0 && i > 0) || v > u64::from(u32::MAX) {
                    break;
                }
                return Ok(v as u32);
            }
        }
        Err(Error::BadVarint { what, offset })
    }

    /// A varint that counts something, at most `max`.
    fn count(&mut self, what: &'static str, max: u64) -> Result<u64, Error> {
        let n = u64::from(self.varint(what)?);
        if n > max {
            return Err(Error::TooLarge {
                what,
                count: n,
                max,
            });
        }
        Ok(n)
    }

    fn remaining(&self) -> usize {
        self.bytes.len() - self.pos
    }
}

/// Validates and decodes an artifact. Never panics; every refusal is a typed [`Error`].
pub(crate) fn decode(bytes: &[u8]) -> Result<Parts, Error> {
    if bytes.len() < MAGIC.len() {
        return Err(Error::Truncated {
            what: "magic",
            offset: 0,
        });
    }
    if bytes[..4] != MAGIC {
        return Err(Error::BadMagic);
    }
    let version = match bytes.get(4..HEADER_LEN) {
        Some(&[a, b]) => u16::from_le_bytes([a, b]),
        _ => {
            return Err(Error::Truncated {
                what: "version",
                offset: 4,
            })
        }
    };
    if version != VERSION {
        return Err(Error::UnsupportedVersion {
            found: version,
            supported: VERSION,
        });
    }
    let Some(body_end) = bytes
        .len()
        .checked_sub(CHECKSUM_LEN)
        .filter(|e| *e >= HEADER_LEN)
    else {
        return Err(Error::Truncated {
            what: "checksum",
            offset: bytes.len(),
        });
    };
    let digest = Sha256::digest(&bytes[..body_end]);
    if digest[..] != bytes[body_end..] {
        return Err(Error::ChecksumMismatch);
    }
    let mut r = Reader {
        bytes: &bytes[HEADER_LEN..body_end],
        pos: 0,
    };
    let name = read_name(&mut r)?;
    let order = r.u8("order")?;
    if order > MAX_ORDER {
        return Err(Error::TooLarge {
            what: "order",
            count: order.into(),
            max: MAX_ORDER.into(),
        });
    }
    let vocab = read_vocab(&mut r)?;
    let nodes = read_trie(&mut r, order, vocab.len())?;
    if r.remaining() != 0 {
        return Err(Error::TrailingBytes {
            count: r.remaining(),
        });
    }
    Ok(Parts {
        name,
        order,
        vocab,
        nodes,
    })
}

fn read_name(r: &mut Reader) -> Result<String, Error> {
    let len = r.count("name length", MAX_NAME_LEN as u64)?;
    let raw = r.take(len as usize, "name")?;
    let name = std::str::from_utf8(raw).map_err(|_| Error::InvalidName)?;
    if name.chars().any(char::is_control) {
        return Err(Error::InvalidName);
    }
    Ok(name.to_string())
}

fn read_vocab(r: &mut Reader) -> Result<Vec<String>, Error> {
    let n = r.count("vocabulary size", MAX_VOCAB)?;
    // each entry takes at least two bytes: never reserve more than the input can hold
    let mut vocab: Vec<String> = Vec::with_capacity((n as usize).min(r.remaining() / 2));
    for index in 0..n as usize {
        let len = r.count("token length", MAX_TOKEN_LEN)?;
        let raw = r.take(len as usize, "token")?;
        let bad = |reason: &'static str| Error::InvalidVocabulary { index, reason };
        let token = std::str::from_utf8(raw).map_err(|_| bad("not UTF-8"))?;
        if !tokenize::is_single_token(token) {
            return Err(bad("not exactly one token"));
        }
        if vocab.last().is_some_and(|prev| prev.as_str() >= token) {
            return Err(bad("not in strictly ascending order"));
        }
        vocab.push(token.to_string());
    }
    Ok(vocab)
}

/// The n-gram trie, breadth-first: for each node in order (the root first), its number of
/// children, then each child's token id (the first as is, the next ones as the gap to the
/// previous minus one, so siblings strictly ascend) and count. Children get the next free
/// node indices, so a breadth-first layout is the only one that decodes.
fn read_trie(r: &mut Reader, order: u8, vocab_len: usize) -> Result<Vec<Node>, Error> {
    let node_count = r.count("node count", MAX_NODES)?;
    if node_count == 0 {
        return Err(Error::InvalidTrie {
            node: 0,
            reason: "no root node",
        });
    }
    let max_depth = u8::try_from(u16::from(order) + 1).unwrap_or(u8::MAX);
    let cap = (node_count as usize).min(r.remaining() + 1);
    let mut nodes = Vec::with_capacity(cap);
    let mut depth: Vec<u8> = Vec::with_capacity(cap);
    nodes.push(Node {
        token: u32::MAX,
        first_child: 0,
        child_count: 0,
        cum: 0,
    });
    depth.push(0);
    let mut i = 0usize;
    while i < nodes.len() {
        let bad = |reason: &'static str| Error::InvalidTrie { node: i, reason };
        let children = r.count("child count", node_count)?;
        if children > 0 && depth[i] >= max_depth {
            return Err(bad("children deeper than the order allows"));
        }
        if nodes.len() as u64 + children > node_count {
            return Err(bad("more children than declared nodes"));
        }
        nodes[i].first_child = nodes.len() as u32;
        nodes[i].child_count = children as u32;
        let mut cum = 0u64;
        let mut token = 0u64;
        for c in 0..children {
            let gap = u64::from(r.varint("child token")?);
            token = if c == 0 { gap } else { token + 1 + gap };
            if token >= vocab_len as u64 {
                return Err(bad("child token outside the vocabulary"));
            }
            let count = r.varint("child count value")?;
            if count == 0 {
                return Err(bad("child with a zero count"));
            }
            cum += u64::from(count);
            nodes.push(Node {
                token: token as u32,
                first_child: 0,
                child_count: 0,
                cum,
            });
            depth.push(depth[i] + 1);
        }
        i += 1;
    }
    if nodes.len() as u64 != node_count {
        return Err(Error::InvalidTrie {
            node: nodes.len(),
            reason: "declared nodes that no parent reaches",
        });
    }
    Ok(nodes)
}
