//! CORS: lets a web page served from another origin (the Keplr page of `scripts/web.sh serve`)
//! call the gateway from the browser. Vouchers are the only credential (no cookies), so CORS
//! only decides which pages may read the answers; the default allows pages served from the
//! loopback interface on any port (docs/gateway.md, "CORS").

use axum::extract::{Request, State};
use axum::http::header::{
    ACCESS_CONTROL_ALLOW_HEADERS, ACCESS_CONTROL_ALLOW_METHODS, ACCESS_CONTROL_ALLOW_ORIGIN,
    ACCESS_CONTROL_EXPOSE_HEADERS, ACCESS_CONTROL_MAX_AGE, ACCESS_CONTROL_REQUEST_METHOD, ORIGIN,
    VARY,
};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use std::sync::Arc;

use crate::server::{ApiError, AppState, REPLAYED_HEADER};

/// The methods a page may use.
pub const ALLOW_METHODS: &str = "GET, POST, OPTIONS";
/// The request headers a page may send: the JSON body's type, the voucher, and the bearer token
/// OpenAI client libraries always send (the gateway ignores it).
pub const ALLOW_HEADERS: &str = "content-type, x-modelfund-voucher, authorization";
/// How long (seconds) a browser may cache a preflight answer.
pub const MAX_AGE: &str = "600";
const REQUEST_PRIVATE_NETWORK: &str = "access-control-request-private-network";
const ALLOW_PRIVATE_NETWORK: &str = "access-control-allow-private-network";

/// The default `cors_allowed_origins`: pages served from this machine's loopback interface.
pub fn default_origins() -> Vec<String> {
    ["http://127.0.0.1:*", "http://localhost:*", "http://[::1]:*"]
        .map(String::from)
        .to_vec()
}

#[derive(Clone, Debug, PartialEq, Eq)]
enum Rule {
    /// `*`: every origin.
    Any,
    /// `https://app.example.org`: exactly this origin.
    Exact(String),
    /// `http://127.0.0.1:*`: this scheme and host on any port (and without a port).
    AnyPort(String),
}

/// Which origins may call the gateway from a browser.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Cors {
    rules: Vec<Rule>,
}

impl Cors {
    /// The default: pages served from the loopback interface on any port (`default_origins`).
    pub fn loopback() -> Cors {
        Cors {
            rules: default_origins()
                .into_iter()
                .map(|o| Rule::AnyPort(o.trim_end_matches(":*").to_string()))
                .collect(),
        }
    }

    /// From the configured patterns: `*`, an origin (`scheme://host[:port]`, no path), or an
    /// origin whose port is `*`. An empty list allows no page (no CORS headers at all).
    pub fn new(patterns: &[String]) -> Result<Cors, String> {
        let mut rules = vec![];
        for p in patterns {
            let p = p.trim();
            if p == "*" {
                rules.push(Rule::Any);
                continue;
            }
            let lower = p.to_ascii_lowercase();
            let Some((scheme, rest)) = lower.split_once("://") else {
                return Err(format!(
                    "cors origin '{p}' must be '*' or scheme://host[:port] (e.g. http://127.0.0.1:8137)"
                ));
            };
            if !matches!(scheme, "http" | "https") || rest.is_empty() || rest.contains('/') {
                return Err(format!(
                    "cors origin '{p}' must be '*' or http(s)://host[:port] with no path or trailing slash"
                ));
            }
            if let Some(host) = lower.strip_suffix(":*") {
                rules.push(Rule::AnyPort(host.to_string()));
            } else {
                if rest.contains('*') {
                    return Err(format!(
                        "cors origin '{p}': only the port may be '*' (http://localhost:*)"
                    ));
                }
                rules.push(Rule::Exact(lower));
            }
        }
        Ok(Cors { rules })
    }

    /// Whether a page from `origin` (the browser's `Origin` header) may call the gateway.
    pub fn allows(&self, origin: &str) -> bool {
        let origin = origin.to_ascii_lowercase();
        self.rules.iter().any(|r| match r {
            Rule::Any => true,
            Rule::Exact(o) => *o == origin,
            Rule::AnyPort(base) => {
                origin == *base
                    || origin.strip_prefix(base.as_str()).is_some_and(|rest| {
                        rest.strip_prefix(':').is_some_and(|port| {
                            !port.is_empty() && port.bytes().all(|b| b.is_ascii_digit())
                        })
                    })
            }
        })
    }
}

fn vary(headers: &mut HeaderMap, value: &'static str) {
    headers.append(VARY, HeaderValue::from_static(value));
}

/// The middleware: answers preflights (204 for an allowed origin, 403 otherwise) and adds
/// `Access-Control-Allow-Origin` to the answers of allowed origins. Requests without an
/// `Origin` header (curl, the CLI, servers) pass unchanged.
pub async fn layer(State(s): State<Arc<AppState>>, req: Request, next: Next) -> Response {
    let Some(origin) = req.headers().get(ORIGIN).cloned() else {
        return next.run(req).await;
    };
    let allowed = origin.to_str().is_ok_and(|o| s.cors.allows(o));
    let preflight = req.method() == Method::OPTIONS
        && req.headers().contains_key(ACCESS_CONTROL_REQUEST_METHOD);
    if preflight {
        let mut r = if allowed {
            let mut r = StatusCode::NO_CONTENT.into_response();
            let h = r.headers_mut();
            h.insert(ACCESS_CONTROL_ALLOW_ORIGIN, origin.clone());
            h.insert(
                ACCESS_CONTROL_ALLOW_METHODS,
                HeaderValue::from_static(ALLOW_METHODS),
            );
            h.insert(
                ACCESS_CONTROL_ALLOW_HEADERS,
                HeaderValue::from_static(ALLOW_HEADERS),
            );
            h.insert(ACCESS_CONTROL_MAX_AGE, HeaderValue::from_static(MAX_AGE));
            // Chromium's private network access: a page asking for loopback says so
            if req
                .headers()
                .get(REQUEST_PRIVATE_NETWORK)
                .is_some_and(|v| v == "true")
            {
                h.insert(ALLOW_PRIVATE_NETWORK, HeaderValue::from_static("true"));
            }
            r
        } else {
            let shown = String::from_utf8_lossy(origin.as_bytes())
                .chars()
                .take(200)
                .collect::<String>();
            ApiError::new(
                StatusCode::FORBIDDEN,
                "origin_not_allowed",
                format!(
                    "Pages from {shown} may not call this gateway (see its cors_allowed_origins)."
                ),
            )
            .into_response()
        };
        vary(r.headers_mut(), "origin");
        vary(r.headers_mut(), "access-control-request-method");
        vary(r.headers_mut(), "access-control-request-headers");
        s.metrics.request("preflight", r.status().as_u16());
        return r;
    }
    let mut r = next.run(req).await;
    let h = r.headers_mut();
    if allowed {
        h.insert(ACCESS_CONTROL_ALLOW_ORIGIN, origin);
        h.insert(
            ACCESS_CONTROL_EXPOSE_HEADERS,
            HeaderValue::from_static(REPLAYED_HEADER),
        );
    }
    vary(h, "origin");
    r
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cors(p: &[&str]) -> Cors {
        Cors::new(&p.iter().map(|s| s.to_string()).collect::<Vec<_>>()).unwrap()
    }

    #[test]
    fn patterns_match_exactly_what_they_say() {
        let c = Cors::new(&default_origins()).unwrap();
        assert_eq!(c, Cors::loopback());
        for ok in [
            "http://127.0.0.1:8137",
            "http://localhost:8157",
            "http://127.0.0.1",
            "HTTP://LOCALHOST:1",
            "http://[::1]:80",
        ] {
            assert!(c.allows(ok), "{ok}");
        }
        for no in [
            "https://127.0.0.1:8137",
            "http://127.0.0.1.evil.example",
            "http://127.0.0.1:8137.evil.example",
            "http://127.0.0.1:",
            "http://localhost:80/x",
            "null",
            "https://evil.example",
        ] {
            assert!(!c.allows(no), "{no}");
        }
        let c = cors(&["https://app.example.org"]);
        assert!(c.allows("https://app.example.org"));
        assert!(!c.allows("https://app.example.org:444"));
        assert!(!c.allows("http://app.example.org"));
        assert!(cors(&["*"]).allows("https://anything.example"));
        assert!(!Cors::new(&[]).unwrap().allows("http://127.0.0.1:8137"));
    }

    #[test]
    fn malformed_patterns_are_refused() {
        for bad in [
            "127.0.0.1:8137",
            "ftp://x",
            "http://x/",
            "http://x/path",
            "http://*.example.org",
            "http://",
        ] {
            let e = Cors::new(&[bad.to_string()]).unwrap_err();
            assert!(e.contains("cors origin"), "{bad}: {e}");
        }
    }
}
