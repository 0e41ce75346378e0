//! The real binary on a test desktop of its own: a private X display (Xvfb), a private D-Bus session with no
//! auto-started services, a notification server that records every Notify call, a StatusNotifierWatcher whose tray
//! item and menu the test reads and clicks over D-Bus, a stand-in `xdg-open` that records the URL, and private
//! config, data and runtime folders. Everything is stopped when the test ends, also when it fails.
//!
//! A missing piece (Xvfb, dbus-daemon, python3-dbus) fails the test with what to install: never a silent skip.

mod fleet;
mod hardening;
mod import;
mod same_as_simulate;
mod tests;

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;

use crate::cli::Home;

const PYTHON: &str = "/usr/bin/python3";
const INSTALL: &str = "run scripts/setup.sh test (Debian/Ubuntu) to install the test desktop";

fn testbed_script() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/desktop/testbed.py")
}

/// A child process that is killed when dropped.
struct Guard(Child);

impl Drop for Guard {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Which of the test bed's services run.
#[derive(Clone, Copy)]
pub struct Services {
    /// The notification server (`org.freedesktop.Notifications`); it can also be started later.
    pub notifications: bool,
    /// The StatusNotifierWatcher and a host, i.e. a tray.
    pub watcher: bool,
}

impl Services {
    pub const ALL: Services = Services { notifications: true, watcher: true };
}

pub struct Desktop {
    pub home: Home,
    display: String,
    bus_address: String,
    record: PathBuf,
    // Dropped in reverse order of start: services, then the bus, then the display.
    services: Option<Guard>,
    _bus: Guard,
    _xvfb: Guard,
}

/// The app under test; killed when dropped if it is still running.
pub struct App {
    child: std::cell::RefCell<Child>,
    pub log: PathBuf,
    pub started: Instant,
}

impl App {
    pub fn log_text(&self) -> String {
        std::fs::read_to_string(&self.log).unwrap_or_default()
    }

    /// The exit status if the process has ended.
    pub fn exited(&self) -> Option<std::process::ExitStatus> {
        self.child.borrow_mut().try_wait().ok().flatten()
    }

    /// The exit status once the process has ended, waiting up to `timeout`.
    pub fn wait_exit(&self, timeout: Duration) -> Option<std::process::ExitStatus> {
        let deadline = Instant::now() + timeout;
        while Instant::now() < deadline {
            if let Some(status) = self.exited() {
                return Some(status);
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        self.exited()
    }

    /// Sends a signal (`TERM`, `INT`, ...) with kill(1).
    pub fn pid(&self) -> u32 {
        self.child.borrow().id()
    }

    pub fn signal(&self, name: &str) {
        let pid = self.child.borrow().id().to_string();
        let status = Command::new("kill").args([&format!("-{name}"), &pid]).status().unwrap();
        assert!(status.success(), "kill -{name} {pid}");
    }
}

impl Drop for App {
    fn drop(&mut self) {
        let child = self.child.get_mut();
        let _ = child.kill();
        let _ = child.wait();
    }
}

fn spawn_reading_first_line(mut cmd: Command, what: &str) -> (Child, String) {
    let mut child =
        cmd.stdout(Stdio::piped()).spawn().unwrap_or_else(|e| panic!("cannot start {what}: {e}; {INSTALL}"));
    let stdout = child.stdout.take().expect("piped stdout");
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let mut line = String::new();
        let _ = BufReader::new(stdout).read_line(&mut line);
        let _ = tx.send(line);
    });
    match rx.recv_timeout(Duration::from_secs(20)) {
        Ok(line) if !line.trim().is_empty() => (child, line.trim().to_string()),
        _ => {
            let _ = child.kill();
            panic!("{what} did not start; {INSTALL}");
        }
    }
}

/// A private D-Bus daemon of `kind` (`session` or `system`) listening in `dir`, with no service directories and a
/// policy that lets the test bed own any name; its address.
fn start_bus(config: &Path, kind: &str, dir: &Path) -> (Guard, String) {
    std::fs::write(
        config,
        format!(
            r#"<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN" "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig><type>{kind}</type><listen>unix:dir={}</listen><auth>EXTERNAL</auth>
<policy context="default"><allow send_destination="*" eavesdrop="true"/><allow eavesdrop="true"/><allow own="*"/></policy></busconfig>"#,
            dir.display()
        ),
    )
    .unwrap();
    let mut bus = Command::new("dbus-daemon");
    bus.arg(format!("--config-file={}", config.display()))
        .args(["--nofork", "--print-address=1"])
        .stderr(Stdio::null());
    let (bus, address) = spawn_reading_first_line(bus, &format!("dbus-daemon ({kind} bus)"));
    (Guard(bus), address)
}

impl Desktop {
    /// Starts a display, a bus and the chosen services.
    pub fn start(services: Services) -> Desktop {
        let home = Home::new();
        for dir in ["run", "bin", "config", "data/onshi-tray", "xdg"] {
            std::fs::create_dir_all(home.path(dir)).unwrap();
        }
        // Every test but the first-start one starts as a user who has run the app before: the first-start notice
        // seen, an empty notice log (a missing one would mean it was lost, and the app would start conservatively).
        std::fs::write(home.path("data/onshi-tray/first-run-done"), "").unwrap();
        std::fs::write(home.path("data/onshi-tray/notice-log.json"), "{}").unwrap();
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(home.path("run"), std::fs::Permissions::from_mode(0o700)).unwrap();
        }

        // Xvfb picks a free display number and writes it to stdout when ready.
        let mut xvfb = Command::new("Xvfb");
        xvfb.args(["-displayfd", "1", "-screen", "0", "1280x800x24", "-nolisten", "tcp"]).stderr(Stdio::null());
        let (xvfb, number) = spawn_reading_first_line(xvfb, "Xvfb");
        let xvfb = Guard(xvfb);
        let display = format!(":{number}");

        // A session bus with no service directories: nothing is auto-started behind the test's back.
        let (bus, bus_address) = start_bus(&home.path("bus.conf"), "session", &home.path("run"));

        // The opener stand-in: records its argument and exits 0, as xdg-open does on success.
        let opener = home.path("bin/xdg-open");
        std::fs::write(
            &opener,
            format!("#!/bin/sh\nprintf '%s\\n' \"$1\" >> '{}'\n", home.path("opened.txt").display()),
        )
        .unwrap();
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(&opener, std::fs::Permissions::from_mode(0o755)).unwrap();
        }

        let record = home.path("record.jsonl");
        std::fs::write(&record, "").unwrap();
        let mut desktop = Desktop { home, display, bus_address, record, services: None, _bus: bus, _xvfb: xvfb };
        let mut serve = desktop.command(PYTHON);
        serve.arg(testbed_script()).args(["serve", "--record"]).arg(&desktop.record);
        if !services.notifications {
            serve.arg("--no-notifications");
        }
        if !services.watcher {
            serve.arg("--no-watcher");
        }
        serve.stderr(Stdio::inherit());
        let (services, ready) =
            spawn_reading_first_line(serve, "the test bed's D-Bus services (python3-dbus, python3-gi)");
        assert_eq!(ready, "ready");
        desktop.services = Some(Guard(services));
        desktop
    }

    /// Sends a signal (`STOP`, `CONT`, ...) to the test bed's D-Bus services (the notification server and the tray's
    /// watcher): `STOP` freezes them as a hung server is frozen, every call to them waiting for an answer.
    pub fn signal_services(&self, name: &str) {
        let pid = self.services.as_ref().expect("the test bed's services run").0.id().to_string();
        let status = Command::new("kill").args([&format!("-{name}"), &pid]).status().unwrap();
        assert!(status.success(), "kill -{name} {pid}");
    }

    /// A command in this desktop's environment: its display, bus, folders and opener.
    fn command(&self, program: impl AsRef<std::ffi::OsStr>) -> Command {
        let mut cmd = self.home.command_for(program);
        let path = std::env::var("PATH").unwrap_or_default();
        cmd.env("DISPLAY", &self.display)
            .env_remove("WAYLAND_DISPLAY")
            .env("DBUS_SESSION_BUS_ADDRESS", &self.bus_address)
            .env("PATH", format!("{}:{path}", self.home.path("bin").display()))
            .env("LANG", "C.UTF-8");
        cmd
    }

    /// Starts the real binary with `args`; its stdout and stderr go to a log file of this test.
    pub fn app(&self, args: &[&str], env: &[(&str, &str)]) -> App {
        self.app_in(&[], args, env)
    }

    /// Starts the real binary under `wrapper` (a command that ends by exec-ing its arguments), for example `unshare`.
    pub fn app_in(&self, wrapper: &[&str], args: &[&str], env: &[(&str, &str)]) -> App {
        static STARTS: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
        let n = STARTS.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let log = self.home.path(&format!("app-{n}.log"));
        let file = std::fs::File::create(&log).unwrap();
        let binary = env!("CARGO_BIN_EXE_onshi-tray");
        let mut cmd = match wrapper.split_first() {
            None => self.command(binary),
            Some((program, rest)) => {
                let mut cmd = self.command(program);
                cmd.args(rest).arg(binary);
                cmd
            }
        };
        cmd.args(args).stdout(file.try_clone().unwrap()).stderr(file);
        for (key, value) in env {
            cmd.env(key, value);
        }
        let started = Instant::now();
        let child = cmd.spawn().expect("cannot start onshi-tray");
        App { child: std::cell::RefCell::new(child), log, started }
    }

    /// Runs the real binary to its end in this desktop's environment (an admin command such as `quit`).
    pub fn run(&self, args: &[&str]) -> std::process::Output {
        self.command(env!("CARGO_BIN_EXE_onshi-tray")).args(args).output().expect("cannot run onshi-tray")
    }

    /// Runs the test bed's client and parses its JSON answer.
    pub fn client(&self, args: &[&str]) -> Option<Value> {
        let out = self.command(PYTHON).arg(testbed_script()).args(args).stderr(Stdio::null()).output().ok()?;
        if !out.status.success() {
            return None;
        }
        serde_json::from_slice(&out.stdout).ok()
    }

    /// Everything the services recorded, in order.
    pub fn events(&self) -> Vec<Value> {
        std::fs::read_to_string(&self.record)
            .unwrap_or_default()
            .lines()
            .filter_map(|l| serde_json::from_str(l).ok())
            .collect()
    }

    /// The Notify calls received so far.
    pub fn notices(&self) -> Vec<Value> {
        self.events().into_iter().filter(|e| e["event"] == "notify").collect()
    }

    /// URLs the stand-in opener was called with.
    pub fn opened(&self) -> Vec<String> {
        std::fs::read_to_string(self.home.path("opened.txt")).unwrap_or_default().lines().map(str::to_string).collect()
    }

    /// Polls `probe` every 100 ms until it answers, or fails the test after `timeout` with the app's log.
    pub fn wait_for<T>(&self, app: &App, what: &str, timeout: Duration, mut probe: impl FnMut() -> Option<T>) -> T {
        let deadline = Instant::now() + timeout;
        loop {
            if let Some(value) = probe() {
                return value;
            }
            if Instant::now() > deadline {
                panic!(
                    "timed out after {timeout:?} waiting for {what}\n--- app log ---\n{}\n--- events ---\n{:#?}",
                    app.log_text(),
                    self.events()
                );
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    /// Waits for a notice whose summary contains `needle` among those after the first `skip`.
    pub fn wait_notice(&self, app: &App, skip: usize, needle: &str, timeout: Duration) -> Value {
        self.wait_for(app, &format!("a notice with `{needle}`"), timeout, || {
            self.notices().into_iter().skip(skip).find(|n| n["summary"].as_str().unwrap_or("").contains(needle))
        })
    }

    /// The tray item's address (`bus-name/object/path`), once registered.
    pub fn item(&self, app: &App) -> String {
        self.wait_for(app, "the tray item to register", Duration::from_secs(15), || {
            self.client(&["items"])?.as_array()?.first()?.as_str().map(str::to_string)
        })
    }

    pub fn props(&self, item: &str) -> Value {
        self.client(&["props", item]).unwrap_or(Value::Null)
    }

    /// The labels of the menu, depth first; submenu items are indented by two spaces.
    pub fn labels(&self, item: &str) -> Vec<String> {
        fn walk(node: &Value, depth: usize, out: &mut Vec<String>) {
            for child in node["children"].as_array().into_iter().flatten() {
                if child["visible"] == false {
                    continue;
                }
                let label = child["label"].as_str().unwrap_or("");
                let label = if child["type"] == "separator" { "---" } else { label };
                out.push(format!("{}{label}", "  ".repeat(depth)));
                walk(child, depth + 1, out);
            }
        }
        let mut out = Vec::new();
        if let Some(layout) = self.client(&["layout", item]) {
            walk(&layout, 0, &mut out);
        }
        out
    }

    pub fn click(&self, item: &str, label: &str) {
        assert!(
            self.client(&["click", item, label]).is_some(),
            "no menu item labelled {label}: {:?}",
            self.labels(item)
        );
    }

    /// Which of the app's icons the tray item shows now, by comparing the largest image of its `IconPixmap` with the
    /// core's drawing at that size: `in_progress`, or `in_progress+error` for the same icon with the badge.
    pub fn icon_state(&self, item: &str) -> Option<String> {
        use onshi_tray_core::icon::{draw, Look};
        let pixmap = self.client(&["pixmap", item])?;
        let size = u32::try_from(pixmap["width"].as_u64()?).ok()?;
        let argb = pixmap["argb"].as_str()?;
        // ARGB32 in network byte order, as hex → RGBA.
        let bytes: Vec<u8> =
            (0..argb.len() / 2).filter_map(|i| u8::from_str_radix(argb.get(2 * i..2 * i + 2)?, 16).ok()).collect();
        let shown: Vec<u8> = bytes.chunks_exact(4).flat_map(|p| [p[1], p[2], p[3], p[0]]).collect();
        Look::ALL.into_iter().find_map(|look| {
            if draw(look, size, false) == shown {
                Some(look.name().to_string())
            } else {
                (draw(look, size, true) == shown).then(|| format!("{}+error", look.name()))
            }
        })
    }

    pub fn wait_icon(&self, app: &App, item: &str, state: &str, timeout: Duration) {
        self.wait_for(app, &format!("the {state} icon"), timeout, || (self.icon_state(item)? == state).then_some(()));
    }

    pub fn wait_first_line(&self, app: &App, item: &str, line: &str, timeout: Duration) {
        self.wait_for(app, &format!("the menu's first line `{line}`"), timeout, || {
            (self.labels(item).first()? == line).then_some(())
        });
    }

    /// Puts `text` on the desktop's clipboard as `mime` (`text/plain`, `text/html`, `text/uri-list`), as a browser's
    /// or file manager's copy does: xclip owns the selection (in the background) until another copy takes it.
    pub fn copy(&self, mime: &str, text: &str) {
        use std::io::Write;
        let mut xclip = self
            .command("xclip")
            .args(["-selection", "clipboard", "-t", mime, "-i"])
            .stdin(Stdio::piped())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start xclip: {e}; {INSTALL}"));
        xclip.stdin.take().unwrap().write_all(text.as_bytes()).unwrap();
        assert!(xclip.wait().unwrap().success(), "xclip");
    }

    /// Writes the user's config file (as an editor would: a new file renamed over the old one).
    pub fn write_user_config(&self, text: &str) {
        let path = self.home.user_config();
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        let tmp = path.with_extension("tmp");
        std::fs::write(&tmp, text).unwrap();
        std::fs::rename(&tmp, &path).unwrap();
    }
}

/// An `Instant` as seconds since the Unix epoch, to compare with the recorder's arrival times.
pub fn unix_time(instant: Instant) -> f64 {
    let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap_or_default().as_secs_f64();
    now - instant.elapsed().as_secs_f64()
}
