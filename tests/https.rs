//! https:// feeds against a real HTTPS server on 127.0.0.1 (`tests/feed_server.py`) with a test certificate
//! authority, trusted through `SSL_CERT_FILE`, and feeds signed with the `minisign` tool.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};

use serde_json::Value;

use super::cli::Home;

fn run_ok(command: &mut Command) {
    let out = command.output().unwrap_or_else(|e| panic!("{command:?}: {e} (scripts/setup.sh test installs it)"));
    assert!(out.status.success(), "{command:?}: {}", String::from_utf8_lossy(&out.stderr));
}

/// A certificate authority and a certificate for 127.0.0.1 signed by it, made with openssl.
pub(crate) fn make_ca(dir: &Path, name: &str) -> (PathBuf, PathBuf, PathBuf) {
    let ca = dir.join(format!("{name}-ca.pem"));
    let ca_key = dir.join(format!("{name}-ca.key"));
    let (cert, key, csr) =
        (dir.join(format!("{name}.pem")), dir.join(format!("{name}.key")), dir.join(format!("{name}.csr")));
    let ext = dir.join(format!("{name}.ext"));
    std::fs::write(&ext, "subjectAltName=IP:127.0.0.1\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n")
        .unwrap();
    let ec = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"];
    run_ok(
        Command::new("openssl")
            .args(["req", "-x509"])
            .args(ec)
            .arg("-keyout")
            .arg(&ca_key)
            .arg("-out")
            .arg(&ca)
            .args(["-days", "2", "-subj", "/CN=onshi-tray test CA"]),
    );
    run_ok(
        Command::new("openssl")
            .arg("req")
            .args(ec)
            .arg("-keyout")
            .arg(&key)
            .arg("-out")
            .arg(&csr)
            .args(["-subj", "/CN=127.0.0.1"]),
    );
    run_ok(
        Command::new("openssl")
            .args(["x509", "-req", "-in"])
            .arg(&csr)
            .arg("-CA")
            .arg(&ca)
            .arg("-CAkey")
            .arg(&ca_key)
            .args(["-CAcreateserial", "-days", "2", "-out"])
            .arg(&cert)
            .arg("-extfile")
            .arg(&ext),
    );
    (ca, cert, key)
}

/// The test server, serving `dir/files` and misbehaving as `dir/mode` says.
pub(crate) struct Server {
    child: Child,
    port: u16,
    dir: PathBuf,
}

impl Server {
    pub(crate) fn start(dir: &Path, cert: &Path, key: &Path) -> Server {
        std::fs::create_dir_all(dir.join("files")).unwrap();
        let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/feed_server.py");
        let mut child = Command::new("python3")
            .arg(script)
            .args([dir, cert, key])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .expect("python3 (scripts/setup.sh test)");
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap()).read_line(&mut line).unwrap();
        let port = line.trim().parse().unwrap_or_else(|_| panic!("the test server did not start: {line:?}"));
        Server { child, port, dir: dir.to_path_buf() }
    }

    pub(crate) fn url(&self, path: &str) -> String {
        format!("https://127.0.0.1:{}/{path}", self.port)
    }

    fn mode(&self, mode: &str) {
        std::fs::write(self.dir.join("mode"), mode).unwrap();
    }

    pub(crate) fn file(&self, name: &str, text: &str) -> PathBuf {
        let path = self.dir.join("files").join(name);
        std::fs::write(&path, text).unwrap();
        path
    }

    fn requests(&self) -> String {
        std::fs::read_to_string(self.dir.join("requests.log")).unwrap_or_default()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn feed_update(home: &Home, ca: &Path) -> Output {
    home.command().args(["feed", "update"]).env("SSL_CERT_FILE", ca).output().unwrap()
}

fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn status(home: &Home) -> Value {
    let out = home.run(&["status", "--json", "--at", "2026-12-01T10:00:00+09:00"]);
    serde_json::from_slice(&out.stdout).unwrap()
}

const PORTAL: &str = "https://example.jp/onshi/portal-article";

const WINDOW: &str =
    "[[window]]\nid = \"dec-05\"\ntitle = \"12月の改修\"\nstart = 2026-12-05T22:00:00\nend = 2026-12-05T23:00:00\n";

/// A new window arrives; 304 keeps the cache and the second request was conditional; then every failure keeps
/// the cached window and says what went wrong, in words an administrator can act on.
#[test]
fn an_https_feed_is_fetched_conditionally_and_kept_through_every_failure() {
    let home = Home::new();
    let (ca, cert, key) = make_ca(home.dir.path(), "server");
    let (other_ca, _, _) = make_ca(home.dir.path(), "other");
    let server = Server::start(&home.path("server"), &cert, &key);
    server.file("feed.toml", &format!("serial = 1\n{WINDOW}"));
    home.write(
        &home.system_config(),
        &format!("proxy = \"none\"\n[[feed]]\nname = \"本部\"\nurl = \"{}\"\n", server.url("feed.toml")),
    );

    let out = feed_update(&home, &ca);
    assert!(out.status.success(), "{}{}", stdout(&out), String::from_utf8_lossy(&out.stderr));
    assert_eq!(stdout(&out), "本部: updated, 1 windows (new: dec-05; gone: none)\n");
    assert!(status(&home).to_string().contains("\"windows\":1"));
    let out = feed_update(&home, &ca);
    assert_eq!(stdout(&out), "本部: unchanged, 1 windows\n");
    let requests = server.requests();
    let last = requests.lines().last().unwrap();
    assert!(
        last.starts_with("/feed.toml if-none-match=\"") && last.contains("if-modified-since=Thu, 26 Nov 2026"),
        "{requests}"
    );
    let list = home.run(&["list", "--json", "--at", "2026-12-01T10:00:00+09:00"]);
    assert!(String::from_utf8_lossy(&list.stdout).contains("12月の改修"));

    let keeps = |why: &str, out: Output| {
        assert_eq!(out.status.code(), Some(1), "{why}: {}", stdout(&out));
        assert!(stdout(&out).contains(why) && stdout(&out).contains("the last good copy is kept"), "{}", stdout(&out));
        let status = status(&home);
        assert_eq!(status["feeds"][0]["windows"], 1, "{why}: {status}");
        assert!(status["feeds"][0]["last_error"].as_str().unwrap_or_default().contains(why), "{status}");
        status
    };
    for (mode, why) in [
        ("404", "HTTP 404 Not Found"),
        ("empty", "the feed is empty"),
        ("truncated", "the connection closed before the whole feed arrived (a truncated download"),
        ("huge", "larger than 1048576 bytes"),
        ("redirect", "a redirect to plain http://; refused"),
    ] {
        server.mode(mode);
        keeps(why, feed_update(&home, &ca));
    }
    server.mode("500");
    let status = keeps("HTTP 500 Internal Server Error and asked to wait 120 s", feed_update(&home, &ca));
    assert!(status["feeds"][0]["retry_after"].is_string(), "Retry-After: 120 is kept: {status}");
    server.mode("ok");
    server.file("feed.toml", "serial = 2\n[[window]]\nid = \"x\"\n");
    keeps("has no `title`", feed_update(&home, &ca));
    server.file("feed.toml", &format!("serial = 1\n{WINDOW}"));
    keeps("the server's TLS certificate is not trusted", feed_update(&home, &other_ca));
    server.mode("stall");
    keeps("no complete answer within the time limit", feed_update(&home, &ca));
    drop(server);
    keeps("cannot connect to the server", feed_update(&home, &ca));
}

fn minisign_keys(dir: &Path, name: &str) -> (String, PathBuf) {
    let (public, secret) = (dir.join(format!("{name}.pub")), dir.join(format!("{name}.key")));
    run_ok(Command::new("minisign").args(["-G", "-W", "-f", "-p"]).arg(&public).arg("-s").arg(&secret));
    let key = std::fs::read_to_string(&public).unwrap().lines().nth(1).unwrap().to_string();
    (key, secret)
}

fn sign(file: &Path, secret: &Path) {
    run_ok(Command::new("minisign").args(["-S", "-s"]).arg(secret).arg("-m").arg(file));
}

/// Only a feed whose signature verifies with the machine-wide key may set the portal and the call center; a changed body, a
/// signature by another key, a replayed older feed and an expired one are refused and the last good copy kept.
#[test]
fn a_signed_feed_sets_the_call_center_and_forged_or_replayed_feeds_are_refused() {
    let home = Home::new();
    let (ca, cert, key) = make_ca(home.dir.path(), "server");
    let server = Server::start(&home.path("server"), &cert, &key);
    let (public_key, secret) = minisign_keys(home.dir.path(), "publisher");
    let (_, other_secret) = minisign_keys(home.dir.path(), "stranger");
    let url = server.url("signed.toml");
    let body = |serial: u32, extra: &str| {
        format!("serial = {serial}\n{extra}[portal]\nurl = \"{PORTAL}\"\n[contact]\nphone = \"0120-111-222\"\n{WINDOW}")
    };
    let portal_on_the_page = || {
        let out = home.run(&["guide", "--at", "2026-12-05T22:30:00+09:00"]);
        String::from_utf8_lossy(&out.stdout).contains(PORTAL)
    };
    let feed = server.file("signed.toml", &body(2, ""));
    sign(&feed, &secret);

    // Without a key the same feed only adds its window: the call center stays the local one.
    home.write(&home.system_config(), &format!("proxy = \"none\"\n[[feed]]\nurl = \"{url}\"\n"));
    assert!(feed_update(&home, &ca).status.success());
    assert_eq!(status(&home)["contact"]["phone"], "0800-080-4583");
    assert!(!portal_on_the_page(), "an unsigned feed's [portal] is ignored");
    let check = home.run(&["check"]);
    let warnings = String::from_utf8_lossy(&check.stderr).into_owned();
    assert!(warnings.contains("`[portal]` in an unsigned feed is ignored"), "{warnings}");
    assert!(warnings.contains("`[contact]` in an unsigned feed is ignored"), "{warnings}");

    home.write(
        &home.system_config(),
        &format!("proxy = \"none\"\nallowed_hosts = [\"*.service-now.com\", \"example.jp\"]\n[[feed]]\nurl = \"{url}\"\npublic_key = \"{public_key}\"\n"),
    );
    let out = feed_update(&home, &ca);
    assert!(out.status.success(), "{}", stdout(&out));
    assert_eq!(status(&home)["contact"]["phone"], "0120-111-222");
    assert!(portal_on_the_page(), "a signed feed sets the portal");

    let refused = |why: &str| {
        let out = feed_update(&home, &ca);
        assert_eq!(out.status.code(), Some(1), "{why}: {}", stdout(&out));
        assert!(stdout(&out).contains(why), "{}", stdout(&out));
        assert_eq!(status(&home)["contact"]["phone"], "0120-111-222", "the last good copy stays: {why}");
    };
    std::fs::write(&feed, body(3, "# changed after signing\n")).unwrap();
    refused("the signature does not match the feed");
    std::fs::write(&feed, body(3, "")).unwrap();
    sign(&feed, &other_secret);
    refused("signed with another key than the machine-wide `public_key`");
    std::fs::write(&feed, body(1, "")).unwrap();
    sign(&feed, &secret);
    refused("its serial 1 is lower than the 2 already read");
    std::fs::write(&feed, body(4, "expires = 2026-01-01T00:00:00+09:00\n")).unwrap();
    sign(&feed, &secret);
    refused("it expired at 2026-01-01 00:00 JST");
    std::fs::write(&feed, body(5, "")).unwrap();
    sign(&feed, &secret);
    assert!(feed_update(&home, &ca).status.success());
}
