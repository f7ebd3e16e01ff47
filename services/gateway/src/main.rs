//! `modelfund-gateway`: see docs/gateway.md.

use std::sync::Arc;
use std::time::Duration;

use clap::Parser;
use modelfund_gateway::backend::{Backend, Builtin, Loader, OpenAi};
use modelfund_gateway::chain::{Chain, GatewayKey, RestChain};
use modelfund_gateway::config::{Args, BackendConfig, Config};
use modelfund_gateway::metrics::Metrics;
use modelfund_gateway::model::ModelManager;
use modelfund_gateway::server::{router, AppState};
use modelfund_gateway::settle;
use modelfund_gateway::store::Store;
use modelfund_vouchers::{AccessDomain, Domain};

fn main() {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| "info".into()),
        )
        .with_writer(std::io::stderr)
        .init();
    let args = Args::parse();
    let code = match tokio::runtime::Runtime::new() {
        Ok(rt) => match rt.block_on(run(args)) {
            Ok(()) => 0,
            Err(e) => {
                eprintln!("error: {e}");
                1
            }
        },
        Err(e) => {
            eprintln!("error: cannot start the runtime: {e}");
            1
        }
    };
    std::process::exit(code);
}

fn builtin_loader() -> Loader {
    modelfund_gateway::backend::tinylm_loader()
}

async fn run(args: Args) -> Result<(), String> {
    if args.print_address {
        let key_file = args
            .key_file
            .clone()
            .ok_or("--print-address needs --key-file")?;
        let text = std::fs::read_to_string(&key_file)
            .map_err(|e| format!("cannot read {}: {e}", key_file.display()))?;
        let key = GatewayKey::from_hex(&text, args.prefix.as_deref().unwrap_or("inj"))
            .map_err(|e| e.to_string())?;
        println!("{}", key.address);
        return Ok(());
    }
    let config = Config::load(&args).map_err(|e| e.to_string())?;
    let key_text = std::fs::read_to_string(&config.key_file).map_err(|e| {
        format!(
            "cannot read the key file {}: {e}",
            config.key_file.display()
        )
    })?;
    let key = GatewayKey::from_hex(&key_text, &config.prefix).map_err(|e| e.to_string())?;
    let gateway = key.address.clone();
    let chain: Arc<dyn Chain> = Arc::new(
        RestChain::new(
            &config.rest,
            &config.chain_id,
            &config.registry,
            &config.access,
            &config.channels,
            key,
            &config.gas_price,
            config.gas_adjustment,
        )
        .map_err(|e| e.to_string())?,
    );
    let store = Arc::new(Store::open(&config.database).map_err(|e| {
        format!(
            "cannot open the database {}: {e}",
            config.database.display()
        )
    })?);
    let metrics = Arc::new(Metrics::new());
    let (backend, builtin): (Arc<dyn Backend>, Option<Arc<Builtin>>) = match &config.backend {
        BackendConfig::Builtin => {
            let b = Arc::new(Builtin::new(builtin_loader()));
            (b.clone(), Some(b))
        }
        BackendConfig::Openai { url } => (
            Arc::new(OpenAi::new(url, &config.model_id).map_err(|e| e.to_string())?),
            None,
        ),
    };
    let models = Arc::new(
        ModelManager::new(
            &config.ipfs_gateway,
            &config.arweave_gateway,
            config.cache_dir.clone(),
            builtin,
        )
        .map_err(|e| e.to_string())?,
    );
    models
        .poll(chain.as_ref(), &config.model_id, &metrics)
        .await;
    match chain.gateway_approved(&config.model_id, &gateway).await {
        Ok(true) => {}
        Ok(false) => tracing::warn!(
            gateway = %gateway, model = %config.model_id,
            "this gateway is not approved for the model: every call gets 403 until the DAO approves it"
        ),
        Err(e) => tracing::warn!(error = %e, "cannot read the gateway's approval"),
    }

    let state = Arc::new(
        AppState::new(
            config.model_id.clone(),
            gateway.clone(),
            Domain::new(config.chain_id.clone(), config.channels.clone()),
            chain.clone(),
            store.clone(),
            backend,
            models.clone(),
            metrics.clone(),
            config.max_body_bytes,
            config.max_tokens_cap,
            Duration::from_millis(config.channel_ttl_ms),
        )
        .with_cors(config.cors().map_err(|e| e.to_string())?)
        .with_access(AccessDomain::new(
            config.chain_id.clone(),
            config.access.clone(),
            gateway.clone(),
            config.model_id.clone(),
        )),
    );
    let listener = tokio::net::TcpListener::bind(config.listen)
        .await
        .map_err(|e| format!("cannot listen on {}: {e}", config.listen))?;
    tracing::info!(listen = %config.listen, gateway = %gateway, model = %config.model_id, "gateway up");

    let (stop_tx, stop_rx) = tokio::sync::watch::channel(false);
    // model poll
    {
        let (chain, models, metrics, model_id) = (
            chain.clone(),
            models.clone(),
            metrics.clone(),
            config.model_id.clone(),
        );
        let every = Duration::from_secs(config.model_poll_seconds);
        let mut stop = stop_rx.clone();
        tokio::spawn(async move {
            loop {
                tokio::select! {
                    _ = tokio::time::sleep(every) => models.poll(chain.as_ref(), &model_id, &metrics).await,
                    _ = stop.changed() => break,
                }
            }
        });
    }
    let settler = tokio::spawn(settle::run(
        chain.clone(),
        store.clone(),
        metrics.clone(),
        settle::Policy {
            interval: Duration::from_secs(config.settle_interval_seconds),
            above: config.settle_above,
            above_calls: config.settle_above_calls,
        },
        stop_rx,
    ));

    axum::serve(listener, router(state))
        .with_graceful_shutdown(shutdown_signal())
        .await
        .map_err(|e| format!("server error: {e}"))?;
    tracing::info!("shutting down: settling first");
    let _ = stop_tx.send(true);
    let _ = settler.await;
    let report = settle::settle_once(chain.as_ref(), &store, &metrics).await;
    tracing::info!(
        settled = report.settled.len(),
        usages_settled = report.usages_settled.len(),
        failures = report.failures,
        "final settlement done"
    );
    Ok(())
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = term => {},
    }
}
