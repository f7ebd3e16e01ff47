//! Timing of the hot path, for the gateway's benchmark to compare against. Ignored by default
//! (timings are meaningless in a debug build); run it optimized:
//!
//! ```text
//! cargo test -p modelfund-tinylm --release --test perf -- --ignored --nocapture
//! ```

use std::time::Instant;

use modelfund_tinylm::{train, Model, TrainParams};

const CORPUS: &str = include_str!("../corpus/modelfund.txt");

#[test]
#[ignore = "a timing: run with --release -- --ignored --nocapture"]
fn complete_64_tokens_well_under_a_millisecond() {
    let t = Instant::now();
    let bytes = train(CORPUS, &TrainParams::default());
    let train_time = t.elapsed();
    let t = Instant::now();
    let model = Model::from_bytes(&bytes).unwrap();
    let load_time = t.elapsed();

    let prompt = "Explain how a payment channel pays the gateway for each call.";
    let runs = 20_000u64;
    let mut tokens = 0u64;
    let mut samples = Vec::with_capacity(runs as usize);
    // the calls that generated all 64 tokens (the others ended their paragraph sooner)
    let mut full = Vec::new();
    for seed in 0..runs {
        let t = Instant::now();
        let c = model.complete(prompt, 64, seed);
        let elapsed = t.elapsed();
        samples.push(elapsed);
        if c.completion_tokens == 64 {
            full.push(elapsed);
        }
        tokens += u64::from(c.completion_tokens);
    }
    samples.sort();
    let total: std::time::Duration = samples.iter().sum();
    let p50 = samples[samples.len() / 2];
    let p99 = samples[samples.len() * 99 / 100];
    let per_call = total / runs as u32;
    full.sort();
    let full_p50 = full[full.len() / 2];
    println!(
        "artifact {} bytes; train {train_time:?}, load {load_time:?}; complete(max 64): \
         mean {per_call:?}, p50 {p50:?}, p99 {p99:?}, {:.1} tokens/call, {:.0} tokens/s; \
         p50 of the {} calls with all 64 tokens {full_p50:?}",
        bytes.len(),
        tokens as f64 / runs as f64,
        tokens as f64 / total.as_secs_f64(),
        full.len()
    );
    assert!(p50.as_micros() < 1000, "p50 {p50:?}");
    assert!(
        full_p50.as_micros() < 1000,
        "p50 of full calls {full_p50:?}"
    );
}
