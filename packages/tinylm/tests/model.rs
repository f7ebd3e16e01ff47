//! Training, completion and token counting through the public API, on the shipped corpus.

use std::collections::BTreeSet;
use std::sync::OnceLock;

use modelfund_tinylm::{
    sha256_hex, train, FinishReason, Model, TrainParams, MAX_COMPLETION_TOKENS, MAX_ORDER,
};

const CORPUS: &str = include_str!("../corpus/modelfund.txt");

fn artifact() -> &'static [u8] {
    static BYTES: OnceLock<Vec<u8>> = OnceLock::new();
    BYTES.get_or_init(|| train(CORPUS, &TrainParams::default()))
}

fn model() -> &'static Model {
    static MODEL: OnceLock<Model> = OnceLock::new();
    MODEL.get_or_init(|| {
        Model::from_bytes(artifact()).expect("the shipped corpus trains a valid model")
    })
}

const PROMPTS: &[&str] = &[
    "",
    "The DAO",
    "A presale is",
    "What is a voucher?",
    "The gateway serves only the file",
    "zebra quantum unknownword",
    "Backers send coins.\n\n",
    "tokens",
];

#[test]
fn training_is_deterministic() {
    let again = train(CORPUS, &TrainParams::default());
    assert_eq!(again, artifact());
    // and depends on its inputs
    let other_order = train(
        CORPUS,
        &TrainParams {
            order: 2,
            ..TrainParams::default()
        },
    );
    assert_ne!(other_order, artifact());
    let other_name = train(
        CORPUS,
        &TrainParams {
            name: "other".into(),
            ..TrainParams::default()
        },
    );
    assert_ne!(other_name, artifact());
    let other_text = train(&CORPUS.replace("DAO", "council"), &TrainParams::default());
    assert_ne!(other_text, artifact());
}

/// Cross-platform determinism check: the artifact trained from the shipped corpus (rebuilt
/// here, by this run) must have exactly this sha256, the one recorded when the corpus last
/// changed. It fails for a real reason: when training, the tokenizer or the format stops being
/// byte-for-byte reproducible (another platform, a map iteration order, a changed encoding), or
/// when the corpus changes (then update the pin, and the demo model's content_hash with it:
/// `scripts/model.sh` prints it).
#[test]
fn shipped_corpus_artifact_hash_is_pinned() {
    let rebuilt = train(CORPUS, &TrainParams::default());
    assert_eq!(
        sha256_hex(&rebuilt),
        "a2796c73b7c681a6873536f276431b0c412682c67bc482f50f470965932f065d",
        "the demo artifact's sha256 changed"
    );
}

/// The demo model's second version (v1.1.0, published by the DAO in docs/cli-guide.md's
/// walkthrough): the same corpus with a shorter context. Pinned like the first; its sha256 is
/// that version's content_hash (`scripts/model.sh` builds it next to the first).
#[test]
fn second_version_artifact_hash_is_pinned() {
    let rebuilt = train(
        CORPUS,
        &TrainParams {
            order: 2,
            name: "modelfund-tinylm-v1.1".into(),
        },
    );
    assert_eq!(
        sha256_hex(&rebuilt),
        "4b5c50a1579937349057df846fb266469aa3340c3b34349652fc4365ca7d0995",
        "the second version's sha256 changed"
    );
    assert_ne!(rebuilt, artifact(), "a second version is another file");
}

#[test]
fn model_metadata() {
    let m = model();
    assert_eq!(m.name(), TrainParams::default().name);
    assert_eq!(m.order(), TrainParams::default().order);
    assert!(m.vocabulary_size() > 500, "{}", m.vocabulary_size());
    assert!(m.knows("presale") && m.knows("DAO") && m.knows(".") && m.knows("\n\n"));
    assert!(!m.knows("zebra"));
}

#[test]
fn completion_is_deterministic() {
    for p in PROMPTS {
        for seed in [0, 1, 42, u64::MAX] {
            assert_eq!(model().complete(p, 64, seed), model().complete(p, 64, seed));
        }
    }
    // a model loaded from the same bytes answers the same
    let reloaded = Model::from_bytes(artifact()).unwrap();
    assert_eq!(
        reloaded.complete("The DAO", 64, 7),
        model().complete("The DAO", 64, 7)
    );
}

#[test]
fn different_seeds_give_different_text() {
    for p in PROMPTS {
        let texts: BTreeSet<String> = (0..16).map(|s| model().complete(p, 32, s).text).collect();
        assert!(
            texts.len() >= 8,
            "{p:?}: only {} distinct texts of 16",
            texts.len()
        );
    }
}

#[test]
fn max_tokens_is_respected() {
    for p in PROMPTS {
        for max in [0, 1, 2, 5, 17, 64, 300] {
            for seed in 0..4 {
                let c = model().complete(p, max, seed);
                assert!(c.completion_tokens <= max, "{p:?} {max}: {c:?}");
                match c.finish_reason {
                    FinishReason::Length => assert_eq!(c.completion_tokens, max),
                    FinishReason::Stop => assert!(c.completion_tokens < max),
                }
            }
        }
    }
    let zero = model().complete("The DAO", 0, 0);
    assert_eq!((zero.text.as_str(), zero.completion_tokens), ("", 0));
    assert_eq!(zero.finish_reason, FinishReason::Length);
}

#[test]
fn completions_are_capped() {
    let c = model().complete("The", u32::MAX, 3);
    assert!(c.completion_tokens <= MAX_COMPLETION_TOKENS);
}

#[test]
fn some_completions_stop_at_a_paragraph_end() {
    let stops = (0..64)
        .map(|s| model().complete("The DAO", 400, s))
        .filter(|c| c.finish_reason == FinishReason::Stop)
        .count();
    assert!(stops > 32, "{stops} of 64 stopped before 400 tokens");
}

#[test]
fn completion_tokens_count_the_text() {
    for p in PROMPTS {
        for seed in 0..8 {
            let c = model().complete(p, 64, seed);
            assert_eq!(model().count_tokens(&c.text), c.completion_tokens, "{c:?}");
            assert_eq!(model().count_tokens(p), c.prompt_tokens);
            // the text is appended to the prompt: tokens add up
            assert_eq!(
                model().count_tokens(&format!("{p}{}", c.text)),
                c.prompt_tokens + c.completion_tokens,
                "{p:?} + {:?}",
                c.text
            );
            assert!(
                !c.text.contains("\n\n"),
                "a completion ends at a paragraph break"
            );
        }
    }
}

#[test]
fn completion_text_is_made_of_corpus_words() {
    let corpus_words: BTreeSet<&str> = CORPUS
        .split(|c: char| !(c.is_alphanumeric() || c == '\'' || c == '-' || c == '.' || c == ','))
        .flat_map(|w| w.split(['.', ',']))
        .filter(|w| !w.is_empty())
        .collect();
    let mut words = 0;
    for p in PROMPTS {
        for seed in 0..8 {
            let c = model().complete(p, 64, seed);
            for w in c
                .text
                .split(|c: char| !(c.is_alphanumeric() || c == '\'' || c == '-'))
            {
                if !w.is_empty() {
                    words += 1;
                    assert!(
                        corpus_words.contains(w),
                        "{w:?} is not in the corpus ({c:?})"
                    );
                }
            }
        }
    }
    assert!(words > 500, "{words}");
}

#[test]
fn completions_continue_the_prompt_plausibly() {
    // a context the corpus holds once, with one successor, is continued with that successor
    // unless the draw backs off (probability 1/4 at the longest context): most seeds follow it
    let followed = (0..64)
        .filter(|&seed| model().complete("Claims are", 1, seed).text == " idempotent")
        .count();
    assert!(followed >= 40, "{followed} of 64");
    // spacing: a word after a word gets a space, none after a prompt ending in a space
    let c = model().complete("The DAO ", 3, 1);
    assert!(!c.text.starts_with(' '), "{c:?}");
    let c = model().complete("The DAO", 3, 1);
    assert!(
        c.text.starts_with(' ') || c.text.starts_with(['.', ',', ';', ':']),
        "{c:?}"
    );
    // a prompt that ends its paragraph is continued with a new paragraph, not stopped
    for seed in 0..16 {
        let c = model().complete("The launch has bounds.\n\n", 8, seed);
        assert!(c.completion_tokens > 0, "{c:?}");
    }
}

#[test]
fn token_counting() {
    let m = model();
    assert_eq!(m.count_tokens(""), 0);
    assert_eq!(m.count_tokens("   \n  "), 0);
    assert_eq!(m.count_tokens("presale"), 1);
    assert_eq!(m.count_tokens("The DAO's vote passed."), 5);
    assert_eq!(m.count_tokens("cw-multi-test v2.3 costs 1,000 units"), 5);
    assert_eq!(m.count_tokens("one\n\ntwo\nthree"), 4);
    assert_eq!(m.count_tokens("ipfs://cid"), 5);
    // unknown words count as tokens too: pricing does not depend on the vocabulary
    assert_eq!(m.count_tokens("zebra quantum"), 2);
    assert_eq!(m.count_tokens(&"word ".repeat(1000)), 1000);
}

#[test]
fn every_order_trains_and_completes() {
    for order in 0..=MAX_ORDER + 2 {
        let bytes = train(
            CORPUS,
            &TrainParams {
                order,
                ..TrainParams::default()
            },
        );
        let m = Model::from_bytes(&bytes).unwrap();
        assert_eq!(m.order(), order.min(MAX_ORDER));
        let c = m.complete("The DAO", 16, 5);
        assert_eq!(m.count_tokens(&c.text), c.completion_tokens);
        assert!(c.completion_tokens > 0, "order {order}: {c:?}");
    }
}

#[test]
fn edge_corpora_train_valid_models() {
    for corpus in [
        "",
        " \n\n ",
        "word",
        "a\n\n\n\nb",
        "(((",
        "é ü ñ",
        &"x".repeat(300),
    ] {
        let m = Model::from_bytes(&train(corpus, &TrainParams::default())).unwrap();
        for seed in 0..4 {
            let c = m.complete("a", 8, seed);
            assert!(c.completion_tokens <= 8);
            assert_eq!(
                m.count_tokens(&c.text),
                c.completion_tokens,
                "{corpus:?}: {c:?}"
            );
        }
    }
    // an empty corpus knows only the paragraph break: it stops at once
    let empty = Model::from_bytes(&train("", &TrainParams::default())).unwrap();
    let c = empty.complete("hello", 8, 0);
    assert_eq!((c.text.as_str(), c.finish_reason), ("", FinishReason::Stop));
}

#[test]
fn names_are_cleaned() {
    let long = "é".repeat(100);
    let m = Model::from_bytes(&train(
        "a b",
        &TrainParams {
            name: long,
            order: 1,
        },
    ))
    .unwrap();
    assert_eq!(m.name(), "é".repeat(64));
    let m = Model::from_bytes(&train(
        "a b",
        &TrainParams {
            name: "a\nb\0c".into(),
            order: 1,
        },
    ))
    .unwrap();
    assert_eq!(m.name(), "abc");
}

#[test]
fn sha256_hex_is_the_registry_form() {
    // FIPS 180-2 test vector
    assert_eq!(
        sha256_hex(b"abc"),
        "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
    );
    let h = sha256_hex(artifact());
    // what modelfund::validate::content_hash accepts and keeps unchanged: 64 lowercase hex
    assert_eq!(h.len(), 64);
    assert!(
        h.bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b)),
        "{h}"
    );
}
