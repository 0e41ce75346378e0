//! Fetching an https:// feed: ureq (blocking, on the feed thread), rustls with the operating system's trust store,
//! at most 3 redirects and never to http, 10 s to connect and 30 s in all, 1 MiB at most, conditional requests.

use std::time::Duration;

use chrono::{DateTime, Utc};
use onshi_tray_core::config::FeedSource;
use ureq::tls::{RootCerts, TlsConfig};
use ureq::Agent;

use super::{Failure, Fetched, Meta, MAX_BODY};

/// `Ok(None)`: 304 Not Modified, the cached copy is current. Any answer's `Date` sets `clock`: the server's time
/// minus this PC's (seconds, the middle of the request taken as the moment the server stamped), and when.
pub fn fetch(
    source: &FeedSource,
    meta: &Meta,
    proxy: Option<&str>,
    clock: &mut Option<(i64, DateTime<Utc>)>,
) -> Result<Option<Fetched>, Failure> {
    let agent = agent(proxy)?;
    let mut request = agent.get(&source.url);
    if let Some(etag) = &meta.etag {
        request = request.header("If-None-Match", etag);
    }
    if let Some(modified) = &meta.last_modified {
        request = request.header("If-Modified-Since", modified);
    }
    let sent = Utc::now();
    let mut response = request.call().map_err(|err| Failure::from(describe(&err)))?;
    let status = response.status().as_u16();
    let header = |name: &str| response.headers().get(name).and_then(|v| v.to_str().ok()).map(str::to_string);
    let received = Utc::now();
    if let Some(offset) =
        header("Date").and_then(|date| onshi_tray_core::fleet::offset_from_date(&date, sent, received))
    {
        *clock = Some((offset, received));
    }
    match status {
        304 => return Ok(None),
        200..=299 => {}
        407 => return Err("the proxy asks for a user name and password (HTTP 407); use a proxy that lets this PC through, or `proxy = \"none\"`".to_string().into()),
        _ => {
            let retry_after = header("Retry-After").and_then(|v| v.trim().parse::<u64>().ok()).map(Duration::from_secs);
            let reason = response.status().canonical_reason().unwrap_or("");
            let mut message = format!("the server answered HTTP {status} {reason}").trim_end().to_string();
            if let Some(wait) = retry_after {
                message += &format!(" and asked to wait {} s before asking again", wait.as_secs());
            }
            return Err(Failure { message, retry_after });
        }
    }
    let (etag, last_modified) = (header("ETag"), header("Last-Modified"));
    let body =
        response.body_mut().with_config().limit(MAX_BODY).read_to_vec().map_err(|err| Failure::from(describe(&err)))?;
    let signature = match source.public_key {
        Some(_) => Some(signature(&agent, &source.url)?),
        None => None,
    };
    Ok(Some(Fetched { body, signature, stamp: None, etag, last_modified }))
}

/// `URL.minisig`, the detached signature beside the feed.
fn signature(agent: &Agent, url: &str) -> Result<Vec<u8>, Failure> {
    let url = format!("{url}.minisig");
    let mut response = agent.get(&url).call().map_err(|err| Failure::from(describe(&err)))?;
    match response.status().as_u16() {
        200..=299 => {
            response.body_mut().with_config().limit(64 * 1024).read_to_vec().map_err(|err| describe(&err).into())
        }
        status => Err(format!("no signature: {url} answered HTTP {status}").into()),
    }
}

fn agent(proxy: Option<&str>) -> Result<Agent, Failure> {
    let tls = TlsConfig::builder().root_certs(RootCerts::PlatformVerifier).build();
    let config = Agent::config_builder()
        .https_only(true)
        .max_redirects(3)
        .timeout_connect(Some(Duration::from_secs(10)))
        .timeout_global(Some(Duration::from_secs(30)))
        .http_status_as_error(false)
        .user_agent(concat!("onshi-tray/", env!("CARGO_PKG_VERSION")))
        .tls_config(tls);
    // Unset: the environment (HTTPS_PROXY, NO_PROXY) and Windows' per-user setting, ureq's default.
    let config = match proxy {
        None => config,
        Some(p) if p.eq_ignore_ascii_case("none") => config.proxy(None),
        Some(p) => config
            .proxy(Some(ureq::Proxy::new(p).map_err(|err| format!("the machine-wide `proxy` cannot be used: {err}"))?)),
    };
    Ok(config.build().into())
}

/// An error in words an administrator can act on.
fn describe(err: &ureq::Error) -> String {
    use ureq::Error;
    let text = err.to_string();
    match err {
        Error::Timeout(_) => format!("no complete answer within the time limit ({text})"),
        Error::HostNotFound => "the server's name cannot be resolved (no DNS, or a closed network?)".to_string(),
        Error::ConnectionFailed => "cannot connect to the server (unreachable, or a firewall or proxy in the way?)".to_string(),
        Error::Io(io) if matches!(
            io.kind(),
            std::io::ErrorKind::ConnectionRefused
                | std::io::ErrorKind::ConnectionReset
                | std::io::ErrorKind::HostUnreachable
                | std::io::ErrorKind::NetworkUnreachable
        ) =>
        {
            format!("cannot connect to the server ({io}; unreachable, or a firewall or proxy in the way?)")
        }
        Error::BodyExceedsLimit(_) => format!("the feed is larger than {} bytes; refused", MAX_BODY),
        Error::Io(io) if io.kind() == std::io::ErrorKind::UnexpectedEof || text.contains("disconnected") => {
            format!("the connection closed before the whole feed arrived (a truncated download; {io})")
        }
        Error::TooManyRedirects => "more than 3 redirects; refused".to_string(),
        Error::RequireHttpsOnly(_) => "a redirect to plain http://; refused (a feed must come over https)".to_string(),
        _ if text.contains("certificate") || text.contains("UnknownIssuer") || text.contains("rustls") => format!(
            "the server's TLS certificate is not trusted ({text}); behind a TLS-inspecting proxy, install its CA in the system's certificate store"
        ),
        _ => text,
    }
}
