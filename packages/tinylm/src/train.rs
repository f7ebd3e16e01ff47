//! Deterministic training: count every n-gram of the corpus into a trie and write the artifact.

use std::collections::{BTreeMap, BTreeSet};

use crate::format::{self, put_varint, MAX_NAME_LEN, MAX_ORDER, MAX_TOKEN_LEN};
use crate::tokenize::{self, PARA};

/// How to train a model.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TrainParams {
    /// The n-gram context length: how many previous tokens predict the next one (the model
    /// counts n-grams of up to `order + 1` tokens). 0 is a unigram model; at most
    /// [`MAX_ORDER`](crate::MAX_ORDER), larger values are treated as that.
    pub order: u8,
    /// The model name stored in the artifact: at most [`MAX_NAME_LEN`](crate::MAX_NAME_LEN)
    /// bytes (cut at a character boundary) without control characters (dropped).
    pub name: String,
}

impl Default for TrainParams {
    fn default() -> Self {
        TrainParams {
            order: 3,
            name: "modelfund-tinylm".to_string(),
        }
    }
}

/// The name as stored: control characters dropped, cut to `MAX_NAME_LEN` bytes.
fn clean_name(name: &str) -> String {
    let mut out = String::new();
    for c in name.chars().filter(|c| !c.is_control()) {
        if out.len() + c.len_utf8() > MAX_NAME_LEN {
            break;
        }
        out.push(c);
    }
    out
}

/// Trains the model deterministically from a text corpus and returns the artifact bytes (same
/// corpus and parameters → same bytes, on every platform: integer counts, sorted tables, no
/// hashing order). The corpus is read as one text that starts with a paragraph break; tokens
/// longer than [`MAX_TOKEN_LEN`](crate::MAX_TOKEN_LEN) bytes are left out.
pub fn train(corpus: &str, params: &TrainParams) -> Vec<u8> {
    let order = params.order.min(MAX_ORDER);
    let mut seq: Vec<&str> = vec![PARA];
    tokenize::for_each_token(corpus, |t| {
        if t.len() as u64 <= MAX_TOKEN_LEN && !(t == PARA && seq.last() == Some(&PARA)) {
            seq.push(t);
        }
    });
    let vocab: Vec<&str> = seq
        .iter()
        .copied()
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    let ids: Vec<u32> = seq
        .iter()
        .filter_map(|t| vocab.binary_search(t).ok().map(|i| i as u32))
        .collect();

    // levels[n - 1]: every n-gram (n = 1 ..= order + 1) with its count, in lexicographic order
    let levels: Vec<Vec<(&[u32], u32)>> = (1..=usize::from(order) + 1)
        .map(|n| {
            let mut counts: BTreeMap<&[u32], u32> = BTreeMap::new();
            for gram in ids.windows(n) {
                let c = counts.entry(gram).or_insert(0);
                *c = c.saturating_add(1);
            }
            counts.into_iter().collect()
        })
        .collect();

    let mut out = format::begin(&clean_name(&params.name), order);
    put_varint(&mut out, vocab.len() as u64);
    for t in &vocab {
        put_varint(&mut out, t.len() as u64);
        out.extend_from_slice(t.as_bytes());
    }
    let node_count = 1 + levels.iter().map(Vec::len).sum::<usize>();
    put_varint(&mut out, node_count as u64);
    // the root's children: the unigrams
    if let Some(first) = levels.first() {
        put_children(&mut out, first);
    }
    // breadth-first: the children of each n-gram are the (n+1)-grams it prefixes, which sit
    // together (and in the same order as their parents) in the next level
    for (depth, level) in levels.iter().enumerate() {
        let next = levels.get(depth + 1).map(Vec::as_slice).unwrap_or(&[]);
        let mut j = 0;
        for (gram, _) in level {
            let start = j;
            while j < next.len() && next[j].0.starts_with(gram) {
                j += 1;
            }
            put_children(&mut out, &next[start..j]);
        }
    }
    format::seal(out)
}

/// One node's children: their number, then each one's token (as a gap) and count.
fn put_children(out: &mut Vec<u8>, children: &[(&[u32], u32)]) {
    put_varint(out, children.len() as u64);
    let mut prev: Option<u32> = None;
    for (gram, count) in children {
        let token = gram.last().copied().unwrap_or(0);
        let gap = match prev {
            None => token,
            Some(p) => token - p - 1,
        };
        put_varint(out, gap.into());
        put_varint(out, (*count).into());
        prev = Some(token);
    }
}
