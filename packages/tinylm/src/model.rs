//! The loaded model and its seeded completions.

use std::fmt;

use crate::format::{self, Node};
use crate::rng::SplitMix64;
use crate::tokenize::{self, PARA};
use crate::Error;

/// Most tokens one completion generates, whatever `max_tokens` asks (bounds the work of one
/// call).
pub const MAX_COMPLETION_TOKENS: u32 = 4096;

/// How many paragraph breaks a completion may skip before its first token (a prompt that ends
/// a paragraph is continued with the next one) before it stops empty.
const MAX_LEADING_BREAKS: u32 = 4;

/// Weight of the counts against the escape (Witten–Bell has 1): at 1, a context seen once
/// backs off half the time and the text jumps between sentences; higher weights stay closer to
/// the corpus.
const STAY_WEIGHT: u64 = 3;

/// FNV-1a, 64 bits: a fixed, platform-independent hash of the prompt for the seed.
fn fnv1a64(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, &b| {
        (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3)
    })
}

/// The id of a prompt word the vocabulary does not hold: no context containing it matches.
const UNKNOWN: u32 = u32::MAX;

/// Why a completion ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum FinishReason {
    /// It generated `max_tokens` tokens (or [`MAX_COMPLETION_TOKENS`]).
    Length,
    /// The model ended the paragraph (or had nothing to say).
    Stop,
}

impl FinishReason {
    /// The OpenAI API's name of this reason: `"length"` or `"stop"`.
    pub fn as_str(self) -> &'static str {
        match self {
            FinishReason::Length => "length",
            FinishReason::Stop => "stop",
        }
    }
}

/// One completion of a prompt.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Completion {
    /// The generated text, to be appended to the prompt as is (it starts with a space when the
    /// prompt ends in a word).
    pub text: String,
    /// [`Model::count_tokens`] of the prompt.
    pub prompt_tokens: u32,
    /// The tokens generated; equal to [`Model::count_tokens`] of `text`.
    pub completion_tokens: u32,
    /// Why it ended.
    pub finish_reason: FinishReason,
}

/// A loaded, validated model: an n-gram trie over a vocabulary.
#[derive(Clone)]
pub struct Model {
    name: String,
    order: u8,
    /// Sorted ascending by bytes; a token's id is its index.
    vocab: Vec<String>,
    /// The id of the paragraph break, when the vocabulary holds it.
    para: u32,
    /// The trie, breadth-first; node 0 is the root (the empty context).
    nodes: Vec<Node>,
}

impl fmt::Debug for Model {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Model")
            .field("name", &self.name)
            .field("order", &self.order)
            .field("vocabulary", &self.vocab.len())
            .field("nodes", &self.nodes.len())
            .finish()
    }
}

impl Model {
    /// Loads an artifact: checks its magic, version, checksum and every count, length, order and
    /// index in it. Any input gives a model or a typed [`Error`], never a panic.
    pub fn from_bytes(bytes: &[u8]) -> Result<Model, Error> {
        let parts = format::decode(bytes)?;
        let para = parts
            .vocab
            .binary_search_by(|t| t.as_str().cmp(PARA))
            .map_or(UNKNOWN, |i| i as u32);
        Ok(Model {
            name: parts.name,
            order: parts.order,
            vocab: parts.vocab,
            para,
            nodes: parts.nodes,
        })
    }

    /// The model name stored in the artifact.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The n-gram context length it was trained with.
    pub fn order(&self) -> u8 {
        self.order
    }

    /// The number of distinct tokens it knows.
    pub fn vocabulary_size(&self) -> usize {
        self.vocab.len()
    }

    /// True when `token` is in the vocabulary.
    pub fn knows(&self, token: &str) -> bool {
        self.id(token) != UNKNOWN
    }

    /// Tokens of a text as this model counts them (for pricing by kilo-tokens): words,
    /// punctuation marks and paragraph breaks (see the crate doc). Saturates at `u32::MAX`.
    pub fn count_tokens(&self, text: &str) -> u32 {
        u32::try_from(tokenize::count(text)).unwrap_or(u32::MAX)
    }

    /// Deterministic completion: same model, prompt, max_tokens, seed → same text. Generates at
    /// most `max_tokens` (and at most [`MAX_COMPLETION_TOKENS`]) tokens and stops early when the
    /// model ends the paragraph.
    pub fn complete(&self, prompt: &str, max_tokens: u32, seed: u64) -> Completion {
        let limit = max_tokens.min(MAX_COMPLETION_TOKENS);
        let order = usize::from(self.order);
        // the prompt is mixed into the seed, so one seed does not give two prompts the same
        // draws (their texts would fall in step as soon as their contexts meet)
        let mut rng = SplitMix64::new(seed ^ fnv1a64(prompt.as_bytes()));
        let mut prompt_tokens = 0usize;
        // the context: the last `order` tokens, a paragraph break before the prompt
        let mut ctx: Vec<u32> = vec![self.para];
        let mut prev: Option<&str> = None;
        tokenize::for_each_token(prompt, |t| {
            prompt_tokens += 1;
            ctx.push(self.id(t));
            prev = Some(t);
            if ctx.len() > 2 * order + 2 {
                ctx.drain(..ctx.len() - order);
            }
        });
        if prompt.ends_with(char::is_whitespace) {
            prev = None;
        }
        let mut text = String::new();
        let mut generated = 0u32;
        let mut breaks = 0u32;
        let finish_reason = loop {
            if generated >= limit {
                break FinishReason::Length;
            }
            let Some(next) = self.sample(&ctx[ctx.len().saturating_sub(order)..], &mut rng) else {
                break FinishReason::Stop;
            };
            if next == self.para {
                if generated > 0 || breaks >= MAX_LEADING_BREAKS {
                    break FinishReason::Stop;
                }
                breaks += 1;
            } else {
                let token = self.vocab[next as usize].as_str();
                if tokenize::space_between(prev, token) {
                    text.push(' ');
                }
                text.push_str(token);
                prev = Some(token);
                generated += 1;
            }
            ctx.push(next);
            if ctx.len() > 2 * order + 2 {
                ctx.drain(..ctx.len() - order);
            }
        };
        Completion {
            text,
            prompt_tokens: u32::try_from(prompt_tokens).unwrap_or(u32::MAX),
            completion_tokens: generated,
            finish_reason,
        }
    }

    /// The id of `token`, or [`UNKNOWN`].
    fn id(&self, token: &str) -> u32 {
        self.vocab
            .binary_search_by(|t| t.as_str().cmp(token))
            .map_or(UNKNOWN, |i| i as u32)
    }

    /// The child of `node` reached by `token`.
    fn child(&self, node: usize, token: u32) -> Option<usize> {
        let n = self.nodes.get(node)?;
        let first = n.first_child as usize;
        let children = self.nodes.get(first..first + n.child_count as usize)?;
        let i = children.binary_search_by_key(&token, |c| c.token).ok()?;
        Some(first + i)
    }

    /// The trie node of a context (its tokens in order), if the corpus holds it.
    fn find(&self, context: &[u32]) -> Option<usize> {
        context
            .iter()
            .try_fold(0usize, |node, &t| self.child(node, t))
    }

    /// Draws the next token after `context` (at most `order` tokens), with Witten–Bell-style
    /// backoff: start at the longest context the corpus holds; there, with probability
    /// `3·total / (3·total + distinct)` draw one of its successors by count, else back off to
    /// the context one token shorter. The empty context (the unigrams) always draws.
    fn sample(&self, context: &[u32], rng: &mut SplitMix64) -> Option<u32> {
        for k in (0..=context.len()).rev() {
            let Some(node) = self.find(&context[context.len() - k..]) else {
                continue;
            };
            let n = self.nodes[node];
            if n.child_count == 0 {
                continue;
            }
            let first = n.first_child as usize;
            let children = &self.nodes[first..first + n.child_count as usize];
            let total = children.last().map_or(0, |c| c.cum);
            let escape = if k == 0 { 0 } else { u64::from(n.child_count) };
            let r = rng.below(STAY_WEIGHT * total + escape) / STAY_WEIGHT;
            if r < total {
                let i = children.partition_point(|c| c.cum <= r);
                return children.get(i).map(|c| c.token);
            }
        }
        None
    }
}
