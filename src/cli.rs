//! The command line: the tray app by default, and the admin subcommands IT staff script against.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use onshi_tray_core::config::{capped, parse_instant, user_template, DEFAULT_TOML};
use onshi_tray_core::report::{self, Interruption};

use crate::app;
use crate::platform::feeds::Outcome;
use crate::platform::files::{self, FileStatus};
use crate::platform::instance::{self, Instance, QuitOutcome};
use crate::platform::paths::Paths;
use crate::platform::{autostart, disk};

#[derive(Parser, Debug)]
#[command(name = "onshi-tray", version, about = "Tray notifier for オンライン資格確認等システム maintenance windows", long_about = None)]
struct Cli {
    /// Read this config file last, over the machine-wide and user files.
    #[arg(long, global = true, value_name = "PATH")]
    config: Option<PathBuf>,
    /// Start the app's clock at this instant (RFC 3339) and let it run at real speed; for demos and tests.
    #[arg(long, value_name = "RFC3339", value_parser = instant)]
    simulate_from: Option<chrono::DateTime<chrono::Utc>>,
    /// With --simulate-from: the app's clock runs N times faster than real time (a weekend in minutes).
    #[arg(long, value_name = "N", requires = "simulate_from", default_value_t = 1, value_parser = clap::value_parser!(u32).range(1..=100_000))]
    simulate_speed: u32,
    /// Log scheduling decisions too.
    #[arg(long)]
    debug: bool,
    /// How login entries start the app: exit quietly when already running, or when this user turned start at login off.
    #[arg(long)]
    autostart: bool,
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Validate every config layer; exit 0 when clean, 1 with located errors on stderr otherwise.
    Check,
    /// State, window, next notice and whether the call center is open.
    Status {
        /// The instant to report on (RFC 3339); default now.
        #[arg(long, value_name = "RFC3339", value_parser = instant)]
        at: Option<chrono::DateTime<chrono::Utc>>,
        #[arg(long)]
        json: bool,
    },
    /// Every window with its notice times.
    List {
        #[arg(long, value_name = "RFC3339", value_parser = instant)]
        at: Option<chrono::DateTime<chrono::Utc>>,
        #[arg(long)]
        json: bool,
    },
    /// Print the notices a PC would show between two instants, one line each.
    Simulate(SimulateArgs),
    /// Config files, notice log and log file.
    Paths,
    /// Schedule feeds (`[[feed]]` in the machine-wide file).
    Feed {
        #[command(subcommand)]
        command: FeedCommand,
    },
    /// Show or set whether onshi-tray starts when this user logs in (as the tray menu's check item does).
    Autostart {
        #[arg(value_enum)]
        set: Option<OnOff>,
    },
    /// Write the manual pages (onshi-tray.1 and one per command) into DIR, for packages.
    #[command(hide = true)]
    Man { dir: PathBuf },
    /// Ask the running tray app of this user session to quit, and wait until it has (up to 15 s).
    Quit,
    /// Create the user's config file with every setting commented out (it overrides nothing until a line is used).
    InitConfig {
        /// Overwrite an existing file.
        #[arg(long)]
        force: bool,
        /// Print the built-in default (every setting, with its value) instead of writing anything.
        #[arg(long)]
        print_default: bool,
    },
    /// Read every PC's report in a report folder (`[report] dir`) and list the PCs, those with problems first; exit 0
    /// when none has a problem, 1 when some PC has one (or a report cannot be read), 2 when the folder cannot be read.
    Fleet {
        /// The report folder.
        dir: PathBuf,
        /// Print JSON, for scripts.
        #[arg(long, conflicts_with = "html")]
        json: bool,
        /// Also write the list as one HTML page (sortable, printable) to FILE.
        #[arg(long, value_name = "FILE")]
        html: Option<PathBuf>,
        /// Judge the reports as at this instant (RFC 3339); default now.
        #[arg(long, value_name = "RFC3339", value_parser = instant)]
        at: Option<chrono::DateTime<chrono::Utc>>,
    },
    /// Read a maintenance announcement (a circular, a portal article, an e-mail) and show the windows
    /// it announces, with the words each came from and the TOML it would add; exit 0 when windows were found, 1
    /// when none, 2 on an error.
    Import {
        /// The announcement: text (UTF-8, UTF-16, Shift_JIS, EUC-JP or ISO-2022-JP), a saved web page (HTML), an
        /// e-mail (.eml) or a PDF with a text layer; `-` or none: standard input.
        file: Option<PathBuf>,
        /// The day it was published (YYYY-MM-DD): the year of a date written without one comes from it; default an
        /// e-mail's own date, else today.
        #[arg(long, value_name = "DATE")]
        published: Option<chrono::NaiveDate>,
        /// Print JSON, for scripts.
        #[arg(long)]
        json: bool,
        /// Add the windows to this config or TOML feed file (comments and layout kept; checked before it is written).
        #[arg(long, value_name = "FILE")]
        into: Option<PathBuf>,
        /// Write the windows as an iCalendar file to publish as a feed.
        #[arg(long, value_name = "FILE")]
        ics: Option<PathBuf>,
    },
    /// Write the guidance page (HTML, the page the tray menu opens) for printing or for IT; to stdout without --out.
    Guide {
        /// The window to write it for (its `id`); default the one in progress, else the next.
        #[arg(long, value_name = "ID")]
        window: Option<String>,
        /// The instant the page describes (RFC 3339); default now.
        #[arg(long, value_name = "RFC3339", value_parser = instant)]
        at: Option<chrono::DateTime<chrono::Utc>>,
        /// Write the page to this file.
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
    },
}

/// What `simulate` is told: the span, what happens to the PC and what the shell would observe, and the detail.
#[derive(clap::Args, Debug)]
struct SimulateArgs {
    /// The first instant, e.g. 2026-03-21T08:00:00+09:00 (without an offset: Japan time).
    #[arg(long, value_name = "RFC3339", value_parser = instant)]
    from: chrono::DateTime<chrono::Utc>,
    /// The last instant (at most 400 days after --from).
    #[arg(long, value_name = "RFC3339", value_parser = instant)]
    to: chrono::DateTime<chrono::Utc>,
    /// The PC sleeps during FROM..TO (repeatable).
    #[arg(long, value_name = "FROM..TO", value_parser = span)]
    asleep: Vec<(chrono::DateTime<chrono::Utc>, chrono::DateTime<chrono::Utc>)>,
    /// The PC is off during FROM..TO and the app restarts with its saved notice log (repeatable).
    #[arg(long, value_name = "FROM..TO", value_parser = span)]
    off: Vec<(chrono::DateTime<chrono::Utc>, chrono::DateTime<chrono::Utc>)>,
    /// When the wall clock reads AT it is set to TO, forward or backward (repeatable).
    #[arg(long, value_name = "AT..TO", value_parser = span)]
    jump: Vec<(chrono::DateTime<chrono::Utc>, chrono::DateTime<chrono::Utc>)>,
    /// The notification server takes no notice during FROM..TO; the app tries again (repeatable).
    #[arg(long, value_name = "FROM..TO", value_parser = span)]
    server_down: Vec<(chrono::DateTime<chrono::Utc>, chrono::DateTime<chrono::Utc>)>,
    /// The app's notifications are switched off during FROM..TO (repeatable).
    #[arg(long, value_name = "FROM..TO", value_parser = span)]
    notifications_off: Vec<(chrono::DateTime<chrono::Utc>, chrono::DateTime<chrono::Utc>)>,
    /// A full-screen program runs during FROM..TO: Windows holds notices back, and the app shows the held one again
    /// when it ends (repeatable).
    #[arg(long, value_name = "FROM..TO", value_parser = span)]
    full_screen: Vec<(chrono::DateTime<chrono::Utc>, chrono::DateTime<chrono::Utc>)>,
    /// At AT the config file PATH takes the place of --config, as after an edit or a feed update: what the PC
    /// shows when windows are added, moved or withdrawn then (repeatable).
    #[arg(long, value_name = "AT=PATH", value_parser = change)]
    then: Vec<(chrono::DateTime<chrono::Utc>, PathBuf)>,
    /// Print each notice's title and body, indented, under its line.
    #[arg(long, conflicts_with = "toast_xml")]
    text: bool,
    /// Print under each line the Windows toast's tag and XML (activation arguments, sound, scenario, buttons).
    #[arg(long)]
    toast_xml: bool,
}

#[derive(Subcommand, Debug)]
enum FeedCommand {
    /// Fetch every feed now and print what changed; exit 0 when all succeeded, 1 otherwise.
    Update,
    /// Validate a feed file (TOML or iCalendar) as the app would read it; exit 0 when it would be used.
    Check { file: PathBuf },
}

/// How long `onshi-tray quit` waits for the running instance to go.
const QUIT_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(15);

#[derive(clap::ValueEnum, Clone, Copy, Debug)]
enum OnOff {
    On,
    Off,
}

fn instant(text: &str) -> Result<chrono::DateTime<chrono::Utc>, String> {
    parse_instant(text)
}

fn change(text: &str) -> Result<(chrono::DateTime<chrono::Utc>, PathBuf), String> {
    let (at, path) = text
        .split_once('=')
        .ok_or_else(|| format!("`{text}` is not AT=PATH such as 2026-03-21T22:20:00+09:00=after.toml"))?;
    Ok((onshi_tray_core::config::parse_instant(at)?, PathBuf::from(path)))
}

fn span(text: &str) -> Result<(chrono::DateTime<chrono::Utc>, chrono::DateTime<chrono::Utc>), String> {
    report::parse_span(text)
}

/// Writes a command's output. Text from the config or a feed never carries a control character into the terminal.
/// A closed pipe (`| head`) ends the command quietly with 141, as a shell's own commands end; any other failure
/// (a full disk, a closed stdout) is said on stderr and is exit 1, never a success that wrote nothing.
pub fn print(text: &str) -> ExitCode {
    let mut out = std::io::stdout().lock();
    match out.write_all(onshi_tray_core::config::escape_controls(text).as_bytes()).and_then(|()| out.flush()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => output_failed(&err),
    }
}

/// The exit code for a failed write of stdout, after saying so (except for a closed pipe, which is no news).
pub fn output_failed(err: &std::io::Error) -> ExitCode {
    if err.kind() == std::io::ErrorKind::BrokenPipe {
        return ExitCode::from(141);
    }
    eprintln!("onshi-tray: cannot write the output: {err}");
    ExitCode::from(1)
}

/// Runs the command line; a `println!` that could not write (stdout closed or full) ends the command as [`print`]
/// does instead of with a panic, and output still buffered at the end is flushed and checked.
pub fn run_guarded() -> ExitCode {
    let code = match std::panic::catch_unwind(run) {
        Ok(code) => code,
        Err(payload) => {
            let message = payload
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| payload.downcast_ref::<&str>().map(|s| s.to_string()))
                .unwrap_or_default();
            match message.strip_prefix("failed printing to stdout: ") {
                Some(reason) if reason.contains("Broken pipe") || reason.contains("os error 32") => {
                    return ExitCode::from(141)
                }
                Some(reason) => {
                    eprintln!("onshi-tray: cannot write the output: {reason}");
                    return ExitCode::from(1);
                }
                None => std::panic::resume_unwind(payload),
            }
        }
    };
    match std::io::stdout().flush() {
        Ok(()) => code,
        Err(err) => output_failed(&err),
    }
}

fn json(value: &serde_json::Value) -> String {
    format!("{}\n", serde_json::to_string_pretty(value).unwrap_or_default())
}

/// Prints JSON with every control and invisible character of its strings escaped as JSON (`\u200b`), so that the
/// output is JSON and nothing in it can move a terminal's cursor or turn its text around.
pub fn print_json(value: &serde_json::Value) -> ExitCode {
    let text = json(value);
    let mut out = std::io::stdout().lock();
    match out.write_all(onshi_tray_core::config::escape_json_controls(&text).as_bytes()).and_then(|()| out.flush()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => output_failed(&err),
    }
}

/// What COM adds to the command line of a local server it starts: Windows starts the app so for a click on one of its
/// notices while it was not running (the toast activator's `LocalServer32`).
const EMBEDDING: [&str; 2] = ["-Embedding", "/Embedding"];

/// The command line without COM's `-Embedding`, and whether it was there.
fn without_embedding(args: impl IntoIterator<Item = std::ffi::OsString>) -> (Vec<std::ffi::OsString>, bool) {
    let mut found = false;
    let args = args
        .into_iter()
        .enumerate()
        .filter(|(i, arg)| {
            let embedding = *i > 0 && EMBEDDING.iter().any(|e| arg.eq_ignore_ascii_case(e));
            found |= embedding;
            !embedding
        })
        .map(|(_, arg)| arg)
        .collect();
    (args, found)
}

pub fn run() -> ExitCode {
    let (args, by_activation) = without_embedding(std::env::args_os());
    let cli = Cli::parse_from(args);
    crate::platform::log::init(cli.debug);
    let Some(paths) = Paths::detect() else {
        eprintln!("onshi-tray: cannot find the home directory to keep settings in");
        return ExitCode::from(1);
    };
    let explicit = cli.config.as_deref();
    let now = chrono::Utc::now();
    match cli.command {
        None => {
            crate::platform::detach_console();
            let start = if cli.autostart {
                Start::AtLogin
            } else if by_activation {
                Start::ByActivation
            } else {
                Start::ByHand
            };
            run_app(cli.config, (cli.simulate_from, cli.simulate_speed), start, paths)
        }
        Some(Command::Check) => check(&paths, explicit, now),
        Some(Command::Status { at, json: as_json }) => {
            let loaded = files::load(&paths, explicit);
            report_errors(&loaded);
            let log = notice_log_for_report(&paths);
            let at = at.unwrap_or(now);
            if as_json {
                print_json(&report::status_json(&loaded.config, &log, at, loaded.errors.len(), &loaded.feed_states()))
            } else {
                print(&report::status_text(&loaded.config, &log, at, loaded.errors.len(), &loaded.feed_states()))
            }
        }
        Some(Command::List { at, json: as_json }) => {
            let loaded = files::load(&paths, explicit);
            report_errors(&loaded);
            let at = at.unwrap_or(now);
            if as_json {
                print_json(&report::list_json(&loaded.config, at))
            } else {
                print(&report::list_text(&loaded.config, at))
            }
        }
        Some(Command::Simulate(args)) => simulate(&paths, explicit, args),
        Some(Command::Guide { window, at, out }) => guide(&paths, explicit, window, at.unwrap_or(now), out),
        Some(Command::Feed { command: FeedCommand::Update }) => feed_update(&paths, explicit, now),
        Some(Command::Feed { command: FeedCommand::Check { file } }) => feed_check(&file),
        Some(Command::Fleet { dir, json: as_json, html, at }) => {
            fleet(&dir, as_json, html.as_deref(), at.unwrap_or(now))
        }
        Some(Command::Import { file, published, json: as_json, into, ics }) => {
            let today = now.with_timezone(&onshi_tray_core::config::JST).date_naive();
            crate::import::run(crate::import::Args { file, published, json: as_json, into, ics }, today)
        }
        Some(Command::Paths) => {
            let loaded = files::load(&paths, explicit);
            for (layer, path, status) in &loaded.files {
                println!(
                    "config {layer:9} {} ({})",
                    path.display(),
                    if *status == FileStatus::NotFound { "not found" } else { "read" }
                );
            }
            println!("data folder      {}", paths.data_dir.display());
            println!("notice log       {}", paths.notice_log.display());
            println!("log file         {}", paths.log_file.display());
            ExitCode::SUCCESS
        }
        Some(Command::Autostart { set }) => {
            if let Some(set) = set {
                if let Err(err) = autostart::set_enabled(matches!(set, OnOff::On)) {
                    eprintln!("onshi-tray: cannot change start at login: {err}");
                    return ExitCode::from(1);
                }
            }
            let state = if autostart::is_enabled() { "on" } else { "off" };
            let scope = if autostart::machine_wide() {
                "the machine-wide entry, switched for this user"
            } else {
                "this user's entry"
            };
            println!("start at login: {state} ({scope})");
            ExitCode::SUCCESS
        }
        Some(Command::Man { dir }) => {
            let written = std::fs::create_dir_all(&dir)
                .and_then(|()| clap_mangen::generate_to(<Cli as clap::CommandFactory>::command(), &dir));
            match written {
                Ok(()) => ExitCode::SUCCESS,
                Err(err) => {
                    eprintln!("onshi-tray: cannot write the manual pages to {}: {err}", dir.display());
                    ExitCode::from(1)
                }
            }
        }
        Some(Command::Quit) => match instance::request_quit(&paths.lock_file, &paths.quit_request, QUIT_TIMEOUT) {
            Ok(QuitOutcome::Stopped) => {
                println!("onshi-tray stopped");
                ExitCode::SUCCESS
            }
            Ok(QuitOutcome::NotRunning) => {
                println!("onshi-tray is not running in this session");
                ExitCode::SUCCESS
            }
            Ok(QuitOutcome::StillRunning) => {
                eprintln!(
                    "onshi-tray: the running instance did not stop within {} s; see its log {}",
                    QUIT_TIMEOUT.as_secs(),
                    paths.log_file.display()
                );
                ExitCode::from(1)
            }
            Err(err) => {
                eprintln!("onshi-tray: cannot ask the running instance to quit ({}): {err}", paths.lock_file.display());
                ExitCode::from(1)
            }
        },
        Some(Command::InitConfig { print_default: true, .. }) => print(DEFAULT_TOML),
        Some(Command::InitConfig { force, print_default: false }) => {
            let path = explicit.map_or_else(|| paths.user_config.clone(), |p| p.to_path_buf());
            if path.exists() && !force {
                eprintln!(
                    "onshi-tray: {} already exists; nothing written (use --force to overwrite it)",
                    path.display()
                );
                return ExitCode::from(1);
            }
            match disk::write_atomically(&path, user_template().as_bytes()) {
                Ok(()) => {
                    println!("wrote {} (every setting commented out: it changes nothing yet)", path.display());
                    ExitCode::SUCCESS
                }
                Err(err) => {
                    eprintln!("onshi-tray: cannot write {}: {err}", path.display());
                    ExitCode::from(1)
                }
            }
        }
    }
}

/// `onshi-tray check`: every config file and its errors, the feeds, the notice log and whether notices can be seen.
fn check(paths: &Paths, explicit: Option<&Path>, now: chrono::DateTime<chrono::Utc>) -> ExitCode {
    let loaded = files::load(paths, explicit);
    for (layer, path, status) in &loaded.files {
        let status = match status {
            FileStatus::Read => "ok".to_string(),
            FileStatus::NotFound => "not found (skipped)".to_string(),
            FileStatus::HasErrors => "has errors (its broken parts run on the built-in settings)".to_string(),
            FileStatus::LastGood => "has errors (the app uses its last good copy)".to_string(),
            FileStatus::Unreadable(err) => format!("unreadable: {err}"),
        };
        println!("{layer:9} {}: {status}", path.display());
    }
    println!("{} windows", loaded.config.windows.len());
    for line in capped(&loaded.warnings, "warning", ToString::to_string) {
        eprintln!("warning: {line}\n");
    }
    for line in loaded.config.install_warnings(now) {
        eprintln!("warning: {line}\n");
    }
    // Not config errors (the exit status stays), but what IT must fix for the windows to be known, for
    // exactly-once notices and for the notices to be seen.
    let mut feed_problems = onshi_tray_core::feed::problems(&loaded.feed_states(), now);
    for cached in &loaded.feeds {
        let source = &cached.source;
        if source.is_file() && std::fs::metadata(&source.url).is_err() {
            feed_problems.push(format!(
                "feed `{}`: its file {} cannot be found from this PC (a share not mounted, a wrong path?)",
                source.label(),
                source.url
            ));
        }
    }
    if feed_problems.is_empty() {
        if !loaded.feeds.is_empty() {
            println!("feeds ok");
        }
    } else {
        println!("feeds have problems");
        for problem in &feed_problems {
            eprintln!("warning: {}\n", onshi_tray_core::config::escape_controls(problem));
        }
    }
    if let Some(clock) = onshi_tray_core::fleet::latest_clock(&loaded.feed_states(), None) {
        let words = onshi_tray_core::fleet::clock_words(clock.offset_seconds, onshi_tray_core::config::Language::En);
        if clock.is_wrong() {
            println!("clock wrong");
            eprintln!("warning: {words} against {} ({}): every notice follows this PC's clock; set it right, or give the PC a time server\n", clock.against, clock.at.to_rfc3339());
        } else {
            println!("clock ok ({words} against {})", clock.against);
        }
    }
    if let Some(dir) = &loaded.config.report_dir {
        match report_folder_problem(Path::new(dir)) {
            None => println!("report folder ok"),
            Some(problem) => {
                println!("report folder has a problem");
                eprintln!("warning: {problem}; the fleet does not see this PC\n");
            }
        }
    }
    match files::probe_notice_log(paths) {
        Ok(()) => println!("notice log ok"),
        Err(problem) => {
            println!("notice log has a problem");
            eprintln!("warning: {problem}; notices might be repeated after a restart\n");
        }
    }
    let delivery = crate::platform::notify::delivery();
    println!("notifications {}", delivery.code());
    if let Some(why) = delivery.explain() {
        eprintln!("warning: {why}\n");
    }
    if loaded.errors.is_empty() {
        println!("config ok");
        ExitCode::SUCCESS
    } else {
        for line in capped(&loaded.errors, "error", ToString::to_string) {
            eprintln!("{line}\n");
        }
        eprintln!("{} error(s)", loaded.errors.len());
        ExitCode::from(1)
    }
}

/// `onshi-tray fleet DIR`: every report in the folder, judged by the core. Only `*.json` files not starting with a
/// dot count towards [`fleet::MAX_REPORTS`]; each is opened as another account's file (no link followed, no FIFO
/// waited on, its type checked on the open handle, bounded in size) on a reader thread that must deliver each
/// within [`FLEET_FILE_TIMEOUT`]; a file that cannot be used is skipped with its name, and what was left unread
/// is said, with a non-zero exit.
fn fleet(dir: &Path, as_json: bool, html: Option<&Path>, now: chrono::DateTime<chrono::Utc>) -> ExitCode {
    use onshi_tray_core::fleet::{self, FileFacts, Skipped};
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(err) => {
            eprintln!("onshi-tray: cannot read the report folder {}: {err}", dir.display());
            return ExitCode::from(2);
        }
    };
    enum Read {
        File(String, Result<crate::platform::private::Foreign, String>),
        Unread(usize),
    }
    let (sent, received) = std::sync::mpsc::channel();
    let reader = std::thread::Builder::new().name("fleet-reader".to_string()).spawn(move || {
        let mut counted = 0;
        for entry in entries.flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            // Temporary files of a write under way start with a dot; anything else is no report.
            if name.starts_with('.') || !name.to_ascii_lowercase().ends_with(".json") {
                continue;
            }
            counted += 1;
            if counted > fleet::MAX_REPORTS {
                continue;
            }
            let read = crate::platform::private::read_foreign(&entry.path(), fleet::MAX_REPORT_BYTES)
                .map_err(|err| err.to_string());
            if sent.send(Read::File(name, read)).is_err() {
                return;
            }
        }
        let _ = sent.send(Read::Unread(counted.saturating_sub(fleet::MAX_REPORTS)));
    });
    if let Err(err) = reader {
        eprintln!("onshi-tray: cannot start reading the report folder: {err}");
        return ExitCode::from(2);
    }
    let mut reports = Vec::new();
    let mut skipped = Vec::new();
    let unread = loop {
        match received.recv_timeout(FLEET_FILE_TIMEOUT) {
            Ok(Read::File(name, read)) => match read.and_then(|file| Ok((fleet::parse(&file.bytes)?, file))) {
                Ok((report, file)) => {
                    let modified = file.modified.map(chrono::DateTime::<chrono::Utc>::from);
                    reports.push((FileFacts { name, owner: file.owner, modified }, report));
                }
                Err(why) => skipped.push(Skipped { file: name, why }),
            },
            Ok(Read::Unread(unread)) => break unread,
            Err(_) => {
                skipped.push(Skipped {
                    file: dir.display().to_string(),
                    why: format!("the folder stopped answering (no file within {} s)", FLEET_FILE_TIMEOUT.as_secs()),
                });
                break 1;
            }
        }
    };
    skipped.sort_by(|a, b| a.file.cmp(&b.file));
    let rows = fleet::assess(reports, now);
    if let Some(path) = html {
        if let Err(err) = disk::write_atomically(path, fleet::html(&rows, &skipped, unread, now).as_bytes()) {
            eprintln!("onshi-tray: cannot write {}: {err}", path.display());
            return ExitCode::from(2);
        }
    }
    let printed = if as_json {
        print_json(&fleet::json(&rows, &skipped, unread, now))
    } else {
        print(&fleet::text(&rows, &skipped, unread))
    };
    if printed != ExitCode::SUCCESS {
        return printed;
    }
    if rows.iter().any(|row| !row.problems.is_empty()) || !skipped.is_empty() || unread > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

/// How long `fleet` waits for the next report of a folder (a share that hangs) before it gives the rest up.
const FLEET_FILE_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(10);

/// Whether the report folder can be reached (without writing into it, nor waiting on a share that hangs).
fn report_folder_problem(dir: &Path) -> Option<String> {
    let (sent, result) = std::sync::mpsc::channel();
    let path = dir.to_path_buf();
    std::thread::spawn(move || {
        let _ = sent.send(std::fs::metadata(&path));
    });
    let timeout = crate::platform::report::TIMEOUT;
    match result.recv_timeout(timeout) {
        Ok(Ok(about)) if about.is_dir() => None,
        Ok(Ok(_)) => Some(format!("the report folder {} is not a folder", dir.display())),
        Ok(Err(err)) => Some(format!("the report folder {} cannot be reached: {err}", dir.display())),
        Err(_) => Some(format!("the report folder {} did not answer within {} s", dir.display(), timeout.as_secs())),
    }
}

/// `onshi-tray simulate`: the app's loop over a span, told what happens to the PC and what the shell observes.
fn simulate(paths: &Paths, explicit: Option<&Path>, args: SimulateArgs) -> ExitCode {
    let SimulateArgs {
        from,
        to,
        asleep,
        off,
        jump,
        server_down,
        notifications_off,
        full_screen,
        then,
        text,
        toast_xml,
    } = args;
    let mut interruptions: Vec<Interruption> = asleep.into_iter().map(|(a, b)| Interruption::Asleep(a, b)).collect();
    interruptions.extend(off.into_iter().map(|(a, b)| Interruption::Off(a, b)));
    interruptions.extend(jump.into_iter().map(|(a, b)| Interruption::Jump(a, b)));
    interruptions.extend(server_down.into_iter().map(|(a, b)| Interruption::ServerDown(a, b)));
    interruptions.extend(notifications_off.into_iter().map(|(a, b)| Interruption::NotificationsOff(a, b)));
    interruptions.extend(full_screen.into_iter().map(|(a, b)| Interruption::FullScreen(a, b)));
    if let Err(problem) = report::check_simulation(from, to, &interruptions) {
        eprintln!("onshi-tray: {problem}");
        return ExitCode::from(2);
    }
    let loaded = files::load(paths, explicit);
    report_errors(&loaded);
    let log = notice_log_for_report(paths);
    let mut changes = Vec::new();
    for (at, path) in then {
        let later = files::load(paths, Some(&path));
        report_errors(&later);
        if later.errors.is_empty() {
            changes.push((at, later.config));
        } else {
            // As the app: a config with errors never replaces the last good one.
            eprintln!("warning: --then {}: {} has errors; the PC keeps its schedule", report::jst(at), path.display());
        }
    }
    let events = report::simulate_changes(&loaded.config, &log, from, to, &interruptions, &changes);
    let context = onshi_tray_core::toast::ToastContext { urgent_supported: crate::platform::toast_urgent_supported() };
    let detail = match (text, toast_xml) {
        (true, _) => report::Detail::Text,
        (false, true) => report::Detail::ToastXml(context),
        (false, false) => report::Detail::Lines,
    };
    print(&report::timeline(&events, detail))
}

fn guide(
    paths: &Paths,
    explicit: Option<&std::path::Path>,
    window: Option<String>,
    at: chrono::DateTime<chrono::Utc>,
    out: Option<PathBuf>,
) -> ExitCode {
    let loaded = files::load(paths, explicit);
    report_errors(&loaded);
    let focus = match window {
        None => None,
        Some(id) => match loaded.config.windows.iter().position(|w| w.id == id) {
            Some(i) => Some(i),
            None => {
                let ids: Vec<&str> = loaded.config.windows.iter().map(|w| w.id.as_str()).collect();
                eprintln!("onshi-tray: no window with id `{id}`; the windows are: {}", ids.join(", "));
                return ExitCode::from(2);
            }
        },
    };
    let page = onshi_tray_core::guide::page(&loaded.config, focus, at);
    match out {
        None => print(&page),
        // Only a regular file (or none yet) is written: a link, a device or a FIFO in its place is refused, never
        // renamed over.
        Some(path) if std::fs::symlink_metadata(&path).is_ok_and(|m| !m.is_file()) => {
            eprintln!(
                "onshi-tray: {} is not a regular file (a link, a folder or a device): give the path of a file to write",
                path.display()
            );
            ExitCode::from(1)
        }
        Some(path) => match disk::write_atomically(&path, page.as_bytes()) {
            Ok(()) => {
                println!("wrote {}", path.display());
                ExitCode::SUCCESS
            }
            Err(err) => {
                eprintln!("onshi-tray: cannot write {}: {err}", path.display());
                ExitCode::from(1)
            }
        },
    }
}

/// The PC's notice log as `status` and `simulate` read it, changing nothing (a damaged one is not moved aside here,
/// only said): what staff acknowledged or snoozed shows there as in the app.
fn notice_log_for_report(paths: &Paths) -> onshi_tray_core::schedule::NoticeLog {
    match files::peek_notice_log(paths) {
        Ok(log) => log,
        Err(problem) => {
            eprintln!("warning: {}", onshi_tray_core::config::escape_controls(&problem));
            onshi_tray_core::schedule::NoticeLog::default()
        }
    }
}

/// Reports go on with what could be read; the problems go to stderr.
fn report_errors(loaded: &files::Loaded) {
    let problems: Vec<_> = loaded.errors.iter().chain(&loaded.warnings).collect();
    for line in capped(&problems, "problem", |problem| problem.headline()) {
        eprintln!("warning: {line}");
    }
}

/// `onshi-tray feed update`: every feed of the machine-wide file, fetched now; one line each.
fn feed_update(paths: &Paths, explicit: Option<&Path>, now: chrono::DateTime<chrono::Utc>) -> ExitCode {
    let loaded = files::load(paths, explicit);
    if loaded.feeds.is_empty() {
        println!("no feeds: add [[feed]] tables to the machine-wide file ({})", paths.system_config.display());
        return ExitCode::SUCCESS;
    }
    let mut failed = 0;
    for cached in &loaded.feeds {
        let label = cached.source.label();
        match crate::platform::feeds::update(&paths.feed_cache, &cached.source, loaded.config.proxy.as_deref(), now) {
            Outcome::Changed { added, removed, windows, skipped, warnings } => {
                let list = |ids: &[String]| if ids.is_empty() { "none".to_string() } else { ids.join(", ") };
                println!(
                    "{label}: updated, {windows} windows{} (new: {}; gone: {})",
                    crate::platform::feeds::skipped_text(skipped),
                    list(&added),
                    list(&removed)
                );
                for line in capped(&warnings, "warning", ToString::to_string) {
                    eprintln!("warning: {line}\n");
                }
            }
            Outcome::Unchanged { windows } => println!("{label}: unchanged, {windows} windows"),
            Outcome::Failed(problem) => {
                failed += 1;
                println!("{label}: failed: {problem} (the last good copy is kept)");
            }
        }
    }
    if failed == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}

/// `onshi-tray feed check FILE`: the publisher's check, reading the file exactly as a PC would.
fn feed_check(file: &Path) -> ExitCode {
    let origin = file.display().to_string();
    let bytes = match disk::read_regular(file, onshi_tray_core::feed::MAX_FEED as u64) {
        Ok(bytes) => bytes,
        Err(err) => {
            eprintln!("{origin}: cannot read the file: {err}");
            return ExitCode::from(1);
        }
    };
    match onshi_tray_core::feed::parse(&bytes, &origin, false, chrono::Utc::now()) {
        Ok(layer) => {
            for warning in &layer.warnings {
                eprintln!("warning: {warning}\n");
            }
            let format = onshi_tray_core::feed::Format::of(&bytes);
            println!("{origin}: a valid {format:?} feed with {} windows", layer.windows.len());
            for window in &layer.windows {
                println!("  {} {}〜{} {}", window.id, report::jst(window.start), report::jst(window.end), window.title);
            }
            ExitCode::SUCCESS
        }
        Err(errors) => {
            for line in capped(&errors, "error", ToString::to_string) {
                eprintln!("{line}\n");
            }
            eprintln!("{origin}: not usable ({} error(s)); PCs keep the last good copy", errors.len());
            ExitCode::from(1)
        }
    }
}

/// Who started the tray app.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Start {
    ByHand,
    /// A login entry (`--autostart`).
    AtLogin,
    /// Windows, for a click on one of the app's notices while it was not running (`-Embedding`).
    ByActivation,
}

fn run_app(
    config: Option<PathBuf>,
    (simulate_from, simulate_speed): (Option<chrono::DateTime<chrono::Utc>>, u32),
    start: Start,
    paths: Paths,
) -> ExitCode {
    let at_login = start == Start::AtLogin;
    if let Err(err) = crate::platform::log::set_file(&paths.log_file) {
        log::warn!("cannot write the log file {}: {err}", paths.log_file.display());
    }
    if let Some(why) = crate::platform::no_user_desktop(&paths.data_dir) {
        log::error!("not starting the tray app: {why}");
        eprintln!("onshi-tray: {why}");
        return ExitCode::from(1);
    }
    if start == Start::ByActivation {
        log::info!("started by Windows for a click on a notice (toast activator); it goes on as the tray app");
    }
    if at_login && autostart::opted_out_at_login() {
        log::info!("start at login is off for this user (tray menu); not starting");
        return ExitCode::SUCCESS;
    }
    let asked_at_start = std::time::SystemTime::now();
    let _lock = match instance::acquire_patiently(&paths.lock_file) {
        Ok(Instance::First(lock)) => {
            // A request left by a `quit` that timed out must not stop this start; one made since we took the lock
            // (a `quit` right after the start) must: the app looks for it once its loop runs.
            let stale = std::fs::metadata(&paths.quit_request)
                .and_then(|m| m.modified())
                .is_ok_and(|modified| modified < asked_at_start - std::time::Duration::from_secs(1));
            if stale {
                let _ = std::fs::remove_file(&paths.quit_request);
            }
            Some(lock)
        }
        Ok(Instance::AlreadyRunning) => {
            log::info!("onshi-tray is already running in this session; this second start exits");
            eprintln!("onshi-tray は既に起動しています / onshi-tray is already running");
            // A person who started it again is told where it is; a second login entry or an activation (which COM
            // hands to the running app) stays quiet.
            if start == Start::ByHand {
                crate::platform::notify::notify_once(
                    "起動済みです",
                    "オン資メンテナンス通知は既に起動しています。タスクトレイのアイコンから操作できます。",
                );
            }
            return ExitCode::SUCCESS;
        }
        Err(err) => {
            log::warn!("cannot take the single-instance lock {}: {err}; going on", paths.lock_file.display());
            None
        }
    };
    ExitCode::from(app::run(app::Options { explicit_config: config, simulate_from, simulate_speed, at_login }, paths))
}
