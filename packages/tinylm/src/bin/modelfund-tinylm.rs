//! `modelfund-tinylm`: train the demo model's artifact, complete a prompt with it, describe it.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use modelfund_tinylm::{sha256_hex, train, Model, TrainParams, MAX_ORDER};

#[derive(Parser)]
#[command(
    name = "modelfund-tinylm",
    version,
    about = "Train and run the Modelfund demo language model (a word-level n-gram model)"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Train an artifact from a corpus; prints its sha256 (the registry's content_hash).
    Train {
        /// The corpus, a UTF-8 text file.
        #[arg(long)]
        corpus: PathBuf,
        /// Where to write the artifact.
        #[arg(long)]
        out: PathBuf,
        /// The n-gram context length.
        #[arg(long, default_value_t = TrainParams::default().order,
              value_parser = clap::value_parser!(u8).range(0..=i64::from(MAX_ORDER)))]
        order: u8,
        /// The model name stored in the artifact.
        #[arg(long, default_value_t = TrainParams::default().name)]
        name: String,
    },
    /// Complete a prompt; prints the completion (prompt excluded) and, on stderr, its counts.
    Complete {
        /// The artifact.
        #[arg(long)]
        model: PathBuf,
        /// The text to continue.
        #[arg(long)]
        prompt: String,
        /// Most tokens to generate.
        #[arg(long, default_value_t = 64)]
        max_tokens: u32,
        /// The sampling seed: the same seed gives the same text.
        #[arg(long, default_value_t = 0)]
        seed: u64,
    },
    /// Print an artifact's name, sha256, order and vocabulary size.
    Info {
        /// The artifact.
        #[arg(long)]
        model: PathBuf,
    },
}

fn read(path: &PathBuf) -> Result<Vec<u8>, String> {
    std::fs::read(path).map_err(|e| format!("cannot read {}: {e}", path.display()))
}

fn load(path: &PathBuf) -> Result<(Model, String), String> {
    let bytes = read(path)?;
    let model = Model::from_bytes(&bytes).map_err(|e| format!("{}: {e}", path.display()))?;
    Ok((model, sha256_hex(&bytes)))
}

fn run(cli: Cli) -> Result<(), String> {
    match cli.command {
        Command::Train {
            corpus,
            out,
            order,
            name,
        } => {
            let text = String::from_utf8(read(&corpus)?)
                .map_err(|_| format!("{} is not UTF-8 text", corpus.display()))?;
            let bytes = train(&text, &TrainParams { order, name });
            // refuse to write what the runtime would not load
            Model::from_bytes(&bytes)
                .map_err(|e| format!("the trained artifact is invalid: {e}"))?;
            std::fs::write(&out, &bytes)
                .map_err(|e| format!("cannot write {}: {e}", out.display()))?;
            println!("{}", sha256_hex(&bytes));
        }
        Command::Complete {
            model,
            prompt,
            max_tokens,
            seed,
        } => {
            let (model, _) = load(&model)?;
            let c = model.complete(&prompt, max_tokens, seed);
            println!("{}", c.text);
            eprintln!(
                "prompt_tokens={} completion_tokens={} finish_reason={}",
                c.prompt_tokens,
                c.completion_tokens,
                c.finish_reason.as_str()
            );
        }
        Command::Info { model } => {
            let bytes_len = std::fs::metadata(&model).map(|m| m.len()).unwrap_or(0);
            let (m, hash) = load(&model)?;
            println!("name: {}", m.name());
            println!("sha256: {hash}");
            println!("bytes: {bytes_len}");
            println!("order: {}", m.order());
            println!("vocabulary: {}", m.vocabulary_size());
        }
    }
    Ok(())
}

fn main() -> ExitCode {
    match run(Cli::parse()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}
