//! The artifact format from outside: hand-built artifacts that follow the documented layout
//! load and behave as specified, and everything else is refused with a typed error, never a
//! panic (truncations, byte flips, wrong magic and version, oversized counts, broken tables).

use modelfund_tinylm::{
    train, Error, FinishReason, Model, TrainParams, FORMAT_VERSION, MAX_NAME_LEN, MAX_NODES,
    MAX_ORDER, MAX_TOKEN_LEN, MAX_VOCAB,
};
use sha2::{Digest, Sha256};

const CORPUS: &str = include_str!("../corpus/modelfund.txt");

fn varint(out: &mut Vec<u8>, mut v: u64) {
    loop {
        let b = (v & 0x7f) as u8;
        v >>= 7;
        if v == 0 {
            out.push(b);
            return;
        }
        out.push(b | 0x80);
    }
}

/// Appends the checksum: sha256 of everything before it.
fn seal(mut body: Vec<u8>) -> Vec<u8> {
    let d = Sha256::digest(&body);
    body.extend_from_slice(&d);
    body
}

/// Replaces an artifact's checksum with the right one for its (modified) contents.
fn reseal(bytes: &[u8]) -> Vec<u8> {
    seal(bytes[..bytes.len() - 32].to_vec())
}

/// The bytes of a header: magic, version, name, order.
fn header(name: &[u8], order: u8) -> Vec<u8> {
    let mut out = b"MFLM".to_vec();
    out.extend_from_slice(&FORMAT_VERSION.to_le_bytes());
    varint(&mut out, name.len() as u64);
    out.extend_from_slice(name);
    out.push(order);
    out
}

fn vocab(out: &mut Vec<u8>, tokens: &[&str]) {
    varint(out, tokens.len() as u64);
    for t in tokens {
        varint(out, t.len() as u64);
        out.extend_from_slice(t.as_bytes());
    }
}

/// A whole artifact by the documented layout: `nodes[i]` lists node i's children as
/// (token gap, count), breadth-first.
fn build(order: u8, tokens: &[&str], nodes: &[&[(u64, u64)]]) -> Vec<u8> {
    let mut out = header(b"hand-built", order);
    vocab(&mut out, tokens);
    varint(&mut out, nodes.len() as u64);
    for children in nodes {
        varint(&mut out, children.len() as u64);
        for &(gap, count) in *children {
            varint(&mut out, gap);
            varint(&mut out, count);
        }
    }
    seal(out)
}

/// The tokens "\n\n" (0), "a" (1), "b" (2), "c" (3) and a bigram model (order 1) whose only
/// bigram paths are a→b, b→c, c→a: from "a" it can only say "b c a b c …" as long as the
/// bigram level draws (the unigrams are there for the backoff).
fn cycle() -> Vec<u8> {
    build(
        1,
        &["\n\n", "a", "b", "c"],
        &[
            // root: unigrams a, b, c (ids 1, 2, 3: gaps 1, 0, 0)
            &[(1, 1), (0, 1), (0, 1)],
            // a → b, b → c, c → a
            &[(2, 1000)],
            &[(3, 1000)],
            &[(1, 1000)],
            // the bigram nodes are at depth 2 = order + 1: no children
            &[],
            &[],
            &[],
        ],
    )
}

#[test]
fn a_hand_built_artifact_loads_and_follows_its_counts() {
    let m = Model::from_bytes(&cycle()).unwrap();
    assert_eq!(
        (m.name(), m.order(), m.vocabulary_size()),
        ("hand-built", 1, 4)
    );
    // at 1000 counts against one escape, a backoff is rare: most seeds walk the cycle exactly
    let exact = (0..32)
        .filter(|&s| m.complete("a", 6, s).text == " b c a b c a")
        .count();
    assert!(exact >= 28, "{exact}");
    let c = m.complete("a", 6, 1);
    assert_eq!(
        (c.completion_tokens, c.finish_reason),
        (6, FinishReason::Length)
    );
}

#[test]
fn wrong_magic_is_refused() {
    let mut bytes = cycle();
    bytes[0] = b'X';
    assert_eq!(Model::from_bytes(&bytes).unwrap_err(), Error::BadMagic);
    assert_eq!(
        Model::from_bytes(b"GGUF\x03\x00rest").unwrap_err(),
        Error::BadMagic
    );
    assert_eq!(Model::from_bytes(b"\x7fELF").unwrap_err(), Error::BadMagic);
}

#[test]
fn other_versions_are_refused() {
    for v in [0u16, 2, 0x0100, u16::MAX] {
        let mut bytes = cycle();
        bytes[4..6].copy_from_slice(&v.to_le_bytes());
        let bytes = reseal(&bytes);
        assert_eq!(
            Model::from_bytes(&bytes).unwrap_err(),
            Error::UnsupportedVersion {
                found: v,
                supported: 1
            }
        );
    }
}

#[test]
fn every_truncation_is_refused() {
    let bytes = train(CORPUS, &TrainParams::default());
    let mut kinds = std::collections::HashSet::new();
    // every length through the header and the vocabulary's start, then a stride through the
    // rest (the checksum makes each one hash the whole prefix) and the last 64
    let lens = (0..512)
        .chain((512..bytes.len()).step_by(61))
        .chain(bytes.len() - 64..bytes.len());
    for len in lens {
        let err = Model::from_bytes(&bytes[..len]).unwrap_err();
        kinds.insert(std::mem::discriminant(&err));
        match err {
            Error::Truncated { .. } | Error::ChecksumMismatch => {}
            other => panic!("truncated to {len}: {other:?}"),
        }
    }
    assert_eq!(kinds.len(), 2);
    // a truncated body with a valid checksum: the table it cuts is missing
    let small = cycle();
    for body_len in 6..small.len() - 32 {
        let cut = seal(small[..body_len].to_vec());
        assert!(
            matches!(Model::from_bytes(&cut), Err(Error::Truncated { .. })),
            "body cut at {body_len}: {:?}",
            Model::from_bytes(&cut)
        );
    }
}

#[test]
fn every_flipped_bit_is_caught_by_the_checksum() {
    let bytes = cycle();
    for i in 0..bytes.len() {
        for bit in 0..8 {
            let mut b = bytes.clone();
            b[i] ^= 1 << bit;
            let err = Model::from_bytes(&b).unwrap_err();
            let expected = match i {
                0..=3 => matches!(err, Error::BadMagic),
                4 | 5 => matches!(err, Error::UnsupportedVersion { .. }),
                _ => matches!(err, Error::ChecksumMismatch),
            };
            assert!(expected, "byte {i} bit {bit}: {err:?}");
        }
    }
}

/// A small deterministic generator for the fuzz loops (xorshift64*).
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

/// Fuzz-style: random byte changes behind a recomputed checksum, so the structural checks see
/// them. Each input loads or is refused with an error; never a panic. A model that loads must
/// still answer within its contract (token count, limit).
#[test]
fn resealed_corruptions_never_panic() {
    let full = train(CORPUS, &TrainParams::default());
    let small = train(
        "The DAO owns the model. The model earns.\n\nUsers pay.",
        &TrainParams::default(),
    );
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let (mut refused, mut loaded) = (0, 0);
    for (base, rounds) in [(&small, 3000), (&full, 300)] {
        for _ in 0..rounds {
            let mut b = base.clone();
            for _ in 0..1 + rng.below(3) {
                let i = 6 + rng.below(b.len() - 38);
                match rng.below(3) {
                    0 => b[i] ^= 1 << rng.below(8),
                    1 => b[i] = rng.next() as u8,
                    _ => b[i] = [0x00, 0x7f, 0x80, 0xff][rng.below(4)],
                }
            }
            let b = reseal(&b);
            match Model::from_bytes(&b) {
                Err(e) => {
                    assert!(!e.to_string().is_empty());
                    refused += 1;
                }
                Ok(m) => {
                    loaded += 1;
                    let c = m.complete("The DAO", 16, rng.next());
                    assert!(c.completion_tokens <= 16);
                    assert_eq!(m.count_tokens(&c.text), c.completion_tokens);
                }
            }
        }
    }
    assert!(
        refused > 1000 && loaded > 0,
        "refused {refused}, loaded {loaded}"
    );
}

/// Fuzz-style: arbitrary short inputs, with and without a valid header and checksum.
#[test]
fn random_inputs_never_panic() {
    let mut rng = Rng(42);
    for round in 0..20_000 {
        let len = rng.below(64);
        let mut b: Vec<u8> = (0..len).map(|_| rng.next() as u8).collect();
        if round % 2 == 0 {
            let mut h = header(b"x", rng.below(12) as u8);
            h.append(&mut b);
            b = seal(h);
        }
        let _ = Model::from_bytes(&b);
    }
}

fn refused(bytes: Vec<u8>) -> Error {
    Model::from_bytes(&bytes).unwrap_err()
}

#[test]
fn oversized_counts_are_refused_before_allocating() {
    // name length
    let mut b = b"MFLM".to_vec();
    b.extend_from_slice(&FORMAT_VERSION.to_le_bytes());
    varint(&mut b, MAX_NAME_LEN as u64 + 1);
    b.extend_from_slice(&[b'a'; 200]);
    assert_eq!(
        refused(seal(b)),
        Error::TooLarge {
            what: "name length",
            count: MAX_NAME_LEN as u64 + 1,
            max: MAX_NAME_LEN as u64
        }
    );
    // order
    assert_eq!(
        refused(seal(header(b"x", MAX_ORDER + 1))),
        Error::TooLarge {
            what: "order",
            count: u64::from(MAX_ORDER) + 1,
            max: u64::from(MAX_ORDER)
        }
    );
    // vocabulary size: u32::MAX entries declared in a 50-byte input
    let mut b = header(b"x", 1);
    varint(&mut b, u64::from(u32::MAX));
    assert_eq!(
        refused(seal(b)),
        Error::TooLarge {
            what: "vocabulary size",
            count: u64::from(u32::MAX),
            max: MAX_VOCAB
        }
    );
    // vocabulary size within the bound, but far more than the input holds
    let mut b = header(b"x", 1);
    varint(&mut b, MAX_VOCAB);
    assert!(matches!(
        refused(seal(b)),
        Error::Truncated {
            what: "token length",
            ..
        }
    ));
    // token length
    let mut b = header(b"x", 1);
    varint(&mut b, 1);
    varint(&mut b, MAX_TOKEN_LEN + 1);
    assert!(matches!(
        refused(seal(b)),
        Error::TooLarge {
            what: "token length",
            ..
        }
    ));
    // node count
    let mut b = header(b"x", 1);
    vocab(&mut b, &["a"]);
    varint(&mut b, MAX_NODES + 1);
    assert!(matches!(
        refused(seal(b)),
        Error::TooLarge {
            what: "node count",
            ..
        }
    ));
    // node count within the bound, far more than the input holds
    let mut b = header(b"x", 1);
    vocab(&mut b, &["a"]);
    varint(&mut b, MAX_NODES);
    varint(&mut b, 1);
    varint(&mut b, 0);
    varint(&mut b, 1);
    assert!(matches!(refused(seal(b)), Error::Truncated { .. }));
    // a child count above the node count
    let mut b = header(b"x", 1);
    vocab(&mut b, &["a"]);
    varint(&mut b, 3);
    varint(&mut b, 1_000_000);
    assert!(matches!(
        refused(seal(b)),
        Error::TooLarge {
            what: "child count",
            ..
        }
    ));
}

#[test]
fn malformed_varints_are_refused() {
    // longer than five bytes
    let mut b = header(b"x", 1);
    b.extend_from_slice(&[0xff, 0xff, 0xff, 0xff, 0xff, 0x01]);
    assert!(matches!(
        refused(seal(b)),
        Error::BadVarint {
            what: "vocabulary size",
            ..
        }
    ));
    // five bytes above u32::MAX
    let mut b = header(b"x", 1);
    b.extend_from_slice(&[0xff, 0xff, 0xff, 0xff, 0x1f]);
    assert!(matches!(refused(seal(b)), Error::BadVarint { .. }));
    // not the shortest form (1 as two bytes): one value, one encoding, one hash
    let mut b = header(b"x", 1);
    b.extend_from_slice(&[0x81, 0x00]);
    assert!(matches!(refused(seal(b)), Error::BadVarint { .. }));
}

#[test]
fn bad_names_are_refused() {
    assert_eq!(refused(seal(header(b"\xff\xfe", 1))), Error::InvalidName);
    assert_eq!(refused(seal(header(b"a\nb", 1))), Error::InvalidName);
}

#[test]
fn bad_vocabularies_are_refused() {
    let case = |tokens: &[&[u8]]| {
        let mut b = header(b"x", 1);
        varint(&mut b, tokens.len() as u64);
        for t in tokens {
            varint(&mut b, t.len() as u64);
            b.extend_from_slice(t);
        }
        varint(&mut b, 1);
        varint(&mut b, 0);
        refused(seal(b))
    };
    let invalid = |index, reason| Error::InvalidVocabulary { index, reason };
    assert_eq!(case(&[b"a", b"\xc3"]), invalid(1, "not UTF-8"));
    assert_eq!(
        case(&[b"b", b"a"]),
        invalid(1, "not in strictly ascending order")
    );
    assert_eq!(
        case(&[b"a", b"a"]),
        invalid(1, "not in strictly ascending order")
    );
    for not_one in [&b""[..], b"a b", b" a", b"a.", b"\n\n\n"] {
        assert_eq!(
            case(&[not_one]),
            invalid(0, "not exactly one token"),
            "{not_one:?}"
        );
    }
}

#[test]
fn bad_tries_are_refused() {
    fn trie(r: &'static str) -> impl Fn(Error) -> bool {
        move |e| matches!(e, Error::InvalidTrie { reason, .. } if reason == r)
    }
    let v = &["\n\n", "a", "b"];
    // no root
    assert!(trie("no root node")(refused(build(1, v, &[]))));
    // a child token outside the vocabulary (id 3 of 3)
    assert!(trie("child token outside the vocabulary")(refused(build(
        1,
        v,
        &[&[(3, 1)], &[]]
    ))));
    // the gap pushes the second child outside
    assert!(trie("child token outside the vocabulary")(refused(build(
        1,
        v,
        &[&[(1, 1), (1, 1)], &[], &[]]
    ))));
    // a zero count
    assert!(trie("child with a zero count")(refused(build(
        1,
        v,
        &[&[(1, 0)], &[]]
    ))));
    // deeper than order + 1: order 0 allows unigrams only
    assert!(trie("children deeper than the order allows")(refused(
        build(0, v, &[&[(1, 1)], &[(2, 1)], &[]])
    )));
    // more children than declared nodes
    let mut b = header(b"x", 1);
    vocab(&mut b, v);
    varint(&mut b, 2);
    varint(&mut b, 2);
    b.extend_from_slice(&[1, 1, 0, 1]);
    assert!(trie("more children than declared nodes")(refused(seal(b))));
    // declared nodes that no parent reaches
    assert!(trie("declared nodes that no parent reaches")(refused(
        build(1, v, &[&[], &[]])
    )));
    // bytes after the trie
    let mut b = cycle();
    b.truncate(b.len() - 32);
    b.push(0);
    assert_eq!(refused(seal(b)), Error::TrailingBytes { count: 1 });
}

#[test]
fn errors_are_sentences() {
    for e in [
        Error::BadMagic,
        Error::UnsupportedVersion {
            found: 2,
            supported: 1,
        },
        Error::Truncated {
            what: "node count",
            offset: 10,
        },
        Error::ChecksumMismatch,
        Error::TooLarge {
            what: "order",
            count: 9,
            max: 8,
        },
        Error::InvalidTrie {
            node: 3,
            reason: "child with a zero count",
        },
    ] {
        let s = e.to_string();
        assert!(s.starts_with(char::is_uppercase) && s.ends_with('.'), "{s}");
    }
}
