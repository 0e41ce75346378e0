//! The tray app: the event loop's handler (platform/event_loop), driven by the wall clock.
//!
//! Each wake reads the clock once and hands it to the core's [`Reception`], which decides what is shown, closed,
//! retried and logged; the app performs the [`Effect`]s it returns, persists the notice log, refreshes the tray,
//! and sleeps until the next instant the core names, but never longer than a minute:
//! `Instant` (and with it the loop's deadline) stands still while the PC sleeps, so only the wall clock can be trusted.
//! Menu clicks and config edits arrive as [`AppEvent`]s through the loop's `Proxy`; nothing polls.

use std::path::PathBuf;
use std::time::Instant;

use chrono::{DateTime, Duration, Utc};
use onshi_tray_core::config::{Config, ConfigError};
use onshi_tray_core::feed::FeedState;
use onshi_tray_core::fleet;
use onshi_tray_core::guide;
use onshi_tray_core::icon::{self, Look};
use onshi_tray_core::menu::{self, Targets};
use onshi_tray_core::notice::{self, NoticeText};
use onshi_tray_core::reception::{self, Effect, Level, Reception};
use onshi_tray_core::report::{jst, MAX_WAIT};
use onshi_tray_core::schedule::Schedule;

use crate::platform::event_loop::{Control, Handler, Proxy};
use crate::platform::feeds::Updater;
use crate::platform::files;
use crate::platform::notify::{self, Choice, Notifier, Request};
use crate::platform::paths::Paths;
use crate::platform::report::{Job, Writer};
use crate::platform::tray::{self, MenuAction, Tray, TrayView};
use crate::platform::{autostart, disk, open, session, wake, watch};

mod clock;
mod imports;
mod start;

use clock::Clock;
use start::log_loaded;
pub use start::run;

/// Everything that can wake the loop besides the clock.
#[derive(Debug)]
pub enum AppEvent {
    Menu(MenuAction),
    ConfigChanged,
    /// `onshi-tray quit` created the request file (or it changed).
    QuitRequested,
    /// 「確認しました」, 「10分後に再通知」 or a click on a notice (the guidance page).
    Choice {
        window: Option<String>,
        choice: Choice,
    },
    /// The session ends (sign-out, shutdown) or an installer must replace the exe.
    SessionEnding(session::Ending),
    /// The feeds were fetched; `changed`: a new body replaced a cached one.
    FeedsFetched {
        changed: bool,
    },
    /// The platform did not show this notice (no server, an error, a time-out), for this reason: it is tried again.
    NotShown(Box<Request>, String),
    /// The platform showed a notice (of this window, under the server's id where it gives one).
    Shown {
        window: Option<String>,
        id: Option<u32>,
    },
    /// The fleet report was written (with the file server's clock, for a folder on one), or could not be.
    ReportWritten(crate::platform::report::Written),
    /// The PC woke from sleep or its clock was set: the wall clock is read again now.
    Woke(wake::Wake),
    /// The config files and the feeds' caches were read and judged off the loop ([`App::load_off_loop`]).
    Loaded(Load, Box<files::Loaded>),
    /// The clipboard was read for an import, and the announcement on it ([`App::import_from_clipboard`]).
    Announcement(Box<Result<crate::import::Found, crate::import::NotFound>>),
}

/// Why the files were read again while the app runs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Load {
    /// To apply them: a file changed, a feed brought a new body, the menu's reload item.
    Reload(String),
    /// For the feeds' states only (a fetch that changed nothing).
    FeedStates,
}

/// How the app was started.
pub struct Options {
    pub explicit_config: Option<PathBuf>,
    /// `--simulate-from`: the app's clock starts at this instant and runs at real speed, or `simulate_speed` times
    /// faster.
    pub simulate_from: Option<DateTime<Utc>>,
    pub simulate_speed: u32,
    /// `--autostart`: started at sign-in.
    pub at_login: bool,
}

impl Options {
    /// The command line that starts the app again the same way (after an update).
    fn restart_args(&self) -> String {
        let mut args: Vec<String> = Vec::new();
        if self.at_login {
            args.push("--autostart".to_string());
        }
        if let Some(config) = &self.explicit_config {
            args.push("--config".to_string());
            args.push(format!("\"{}\"", config.display()));
        }
        args.join(" ")
    }
}

struct App {
    options: Options,
    paths: Paths,
    clock: Clock,
    /// The last configuration known to be good (or, at start, the best that could be read).
    config: Config,
    /// The errors of the most recent load; non-empty shows the error icon.
    errors: Vec<ConfigError>,
    /// What the core decided about this PC's notices (the notice log among it); the app carries out its effects.
    reception: Reception,
    notifier: Notifier,
    tray: Option<Tray>,
    view: Option<TrayView>,
    /// What the menu's items pointed at when the tray's view was built.
    targets: Targets,
    /// The feeds' states as the last load or fetch left them (for the status line's freshness).
    feeds: Vec<FeedState>,
    /// Fetches the feeds off the loop (every hour, after a sleep, and on request).
    updater: Updater,
    /// What asked the app to stop (the menu, `onshi-tray quit`, a signal, the end of the session).
    stopped_by: Option<String>,
    /// Why the notice log could not be saved in its place, while it cannot.
    log_trouble: Option<String>,
    _watch: Option<watch::ConfigWatch>,
    reload_at: Option<Instant>,
    next_wake: Instant,
    /// The wall-clock time of the last wake, to see a sleep of the PC (the loop never waits more than 59 s).
    last_tick: DateTime<Utc>,
    /// The report for the fleet (`[report] dir`).
    fleet: Fleet,
    /// For answers that come back from other threads (the message box's button).
    proxy: Proxy<AppEvent>,
    /// A read of the files under way off the loop, and the one to start when it is done (a reload wins).
    loading: bool,
    load_next: Option<Load>,
    /// 「お知らせの文面から予定を追加…」: the question waiting, and the undo of the last import.
    imports: imports::Imports,
}

/// The app's side of the fleet report: what was last written, and what stands in the way.
struct Fleet {
    /// Started at the first report (most PCs have no report folder: no thread for them).
    writer: Option<Writer>,
    proxy: Proxy<AppEvent>,
    /// When this run started, this PC's and this user's names.
    started: DateTime<Utc>,
    computer: String,
    user: String,
    /// The last report written, and the one being written.
    last: Option<fleet::Report>,
    pending: Option<fleet::Report>,
    /// Why the report cannot be written, while it cannot (said once in the log, and in the status line).
    trouble: Option<String>,
    /// After a failure, no new try before this.
    retry_at: Option<DateTime<Utc>>,
    /// The PC's clock as the report folder's file server saw it.
    folder_clock: Option<fleet::ClockCheck>,
    /// Whether the log last said the clock is wrong.
    clock_said_wrong: bool,
}

impl Fleet {
    fn writer(&mut self) -> &Writer {
        let proxy = self.proxy.clone();
        self.writer.get_or_insert_with(|| {
            Writer::spawn(move |written| {
                let _ = proxy.send_event(AppEvent::ReportWritten(written));
            })
        })
    }
}

/// After a failed write of the fleet report, the next try comes this much later (each failure is said once).
const REPORT_RETRY: Duration = Duration::minutes(10);

impl App {
    fn schedule(&self) -> Schedule<'_> {
        Schedule::new(&self.config)
    }

    /// Records the errors of a load; a new set is notified once, in plain words for the counter (the located errors
    /// are in the log, `check` and the menu's 設定エラーを表示).
    /// `on_last_good`: the settings in force are the last good ones (else the broken parts run on the built-in
    /// settings), which the notice says.
    fn set_errors(&mut self, errors: Vec<ConfigError>, on_last_good: bool) {
        let new = errors != self.errors && !errors.is_empty();
        self.errors = errors;
        if new {
            let text = notice::config_error_notice(self.config.language, self.errors.len(), on_last_good);
            self.send(text, format!("config error notice: {}", self.errors[0].headline()));
        }
    }

    /// Reads the config files and the feeds' caches on a thread of its own: a feed that costs its budget to read,
    /// or a share that is slow, never delays a notice, the tray or a quit. One read at a time; what is asked
    /// meanwhile is read after it (a reload wins over a read for the feeds' states).
    fn load_off_loop(&mut self, why: Load) {
        if self.loading {
            self.load_next = match (self.load_next.take(), why) {
                (Some(Load::Reload(first)), _) => Some(Load::Reload(first)),
                (_, why) => Some(why),
            };
            return;
        }
        let (paths, explicit, proxy) = (self.paths.clone(), self.options.explicit_config.clone(), self.proxy.clone());
        let spawned = std::thread::Builder::new().name("load".to_string()).spawn(move || {
            let loaded = files::load(&paths, explicit.as_deref());
            let _ = proxy.send_event(AppEvent::Loaded(why, Box::new(loaded)));
        });
        match spawned {
            Ok(_) => self.loading = true,
            Err(err) => log::error!("cannot start reading the config files: {err}; the settings in force stay"),
        }
    }

    /// A read of the files is done: applied, and the next one started if one was asked meanwhile.
    fn loaded(&mut self, why: Load, loaded: files::Loaded) {
        self.loading = false;
        match why {
            Load::Reload(why) => self.reload(&why, loaded),
            Load::FeedStates => {
                self.feeds = loaded.feed_states();
                let now = self.clock.now();
                self.refresh_tray(now);
                // The feed's last success is in the report.
                self.report_if_due(now);
            }
        }
        if let Some(next) = self.load_next.take() {
            self.load_off_loop(next);
        }
    }

    fn reload(&mut self, why: &str, loaded: files::Loaded) {
        log::info!("reloading the config ({why})");
        log_loaded(&loaded);
        files::keep_last_good(&loaded);
        self.feeds = loaded.feed_states();
        let now = self.clock.now();
        let effects = if loaded.errors.is_empty() {
            self.updater.set_sources(loaded.config.feeds.clone(), loaded.config.proxy.clone());
            let old = std::mem::replace(&mut self.config, loaded.config);
            log::info!("config reloaded: {} windows", self.config.windows.len());
            self.reception.replace(&old, &Schedule::new(&self.config), now)
        } else {
            log::warn!("config has errors: keeping the last good schedule ({} windows)", self.config.windows.len());
            self.reception.wake(&Schedule::new(&self.config), now)
        };
        self.perform(effects);
        // While the app runs, a load with errors changes nothing: the settings in force stay the last good ones.
        self.set_errors(loaded.errors, true);
        self.after_wake();
        self.log_next();
    }

    fn log_next(&mut self) {
        let line = reception::next_notice_line(&self.schedule(), &self.reception.log, self.clock.now());
        self.perform(vec![line]);
    }

    /// Shows a notice that is not about a due notice of the schedule (menu items, the test notice, errors), with
    /// the picture of the tray's state (and its badge while the settings have errors).
    fn send(&mut self, text: NoticeText, log_as: String) {
        let look = self.view.as_ref().map_or(Look::Idle, |view| view.icon);
        let picture = (look, !self.errors.is_empty());
        let effects = self.reception.plain(self.config.language, text, log_as, picture, self.clock.now());
        self.perform(effects);
    }

    /// The picture of a state as a PNG in the data folder (drawn by the core once per run and look), for notices.
    fn picture(&self, look: Look, badge: bool) -> Option<PathBuf> {
        const SIZE: u32 = 64;
        let path = self.paths.data_dir.join(format!("notice-{}{}.png", look.name(), if badge { "-error" } else { "" }));
        let png = icon::png(&icon::draw(look, SIZE, badge), SIZE);
        if std::fs::read(&path).is_ok_and(|written| written == png) {
            return Some(path);
        }
        match disk::write_atomically(&path, &png) {
            Ok(()) => Some(path),
            Err(err) => {
                log::warn!("cannot write the notice picture {}: {err}", path.display());
                None
            }
        }
    }

    /// Carries out what the core decided, in order.
    fn perform(&mut self, effects: Vec<Effect>) {
        let now = self.clock.now();
        for effect in effects {
            match effect {
                Effect::Show(presentation) => {
                    let picture = self.picture(presentation.look, presentation.badge);
                    self.notifier.send(Request { presentation, picture });
                }
                Effect::Close(window) => self.notifier.close(&window),
                Effect::SaveLog => self.save_log(),
                Effect::OpenGuide(focus) => self.open_guide(focus),
                Effect::WakeAt(at) => {
                    // `Instant` stands still while the PC sleeps: never wait longer than a minute of it.
                    let wait = self.clock.real(at.min(now + MAX_WAIT) - now);
                    self.next_wake = self.next_wake.min(Instant::now() + wait);
                    log::debug!("next wake at {} (in {:.1}s)", jst(at.min(now + MAX_WAIT)), wait.as_secs_f64());
                }
                Effect::Alert { window, title, body } => {
                    log::warn!("message box instead (notifications are off): {title}");
                    let proxy = self.proxy.clone();
                    notify::ask(&title, &body, move || {
                        let _ = proxy.send_event(AppEvent::Choice { window, choice: Choice::Guide });
                    });
                }
                Effect::Log(Level::Info, line) => log::info!("{line}"),
                Effect::Log(Level::Warn, line) => log::warn!("{line}"),
            }
        }
    }

    /// One wake: what the core decides at the wall clock's time, then the tray.
    fn tick(&mut self) {
        let now = self.clock.now();
        // The wall clock moved much further than the loop ever waits: the PC slept (or its clock was set forward).
        if now - self.last_tick > Duration::minutes(3) {
            log::info!(
                "the wall clock moved {} s since the last wake (a sleep?)",
                (now - self.last_tick).num_seconds()
            );
            self.updater.woke();
        }
        self.last_tick = now;
        let mut effects = self.reception.observe_delivery(notify::delivery());
        // The wake's own effects name the next wake; nothing else may push it later.
        self.next_wake = Instant::now() + self.clock.real(MAX_WAIT);
        let schedule = Schedule::new(&self.config);
        effects.extend(self.reception.observe_attention(&schedule, notify::attention(), now));
        effects.extend(self.reception.wake(&schedule, now));
        self.perform(effects);
        self.after_wake();
    }

    /// After the effects of a wake: a notice log that could not be saved is tried again, and the tray follows.
    fn after_wake(&mut self) {
        if self.log_trouble.is_some() {
            self.save_log();
        }
        let now = self.clock.now();
        self.refresh_tray(now);
        self.report_if_due(now);
    }

    /// This PC's report for the fleet at `now`; `stopped`: what is stopping the app, in its last report.
    fn fleet_report(&self, now: DateTime<Utc>, stopped: Option<fleet::Stopped>) -> fleet::Report {
        let facts = fleet::Facts {
            version: env!("CARGO_PKG_VERSION"),
            computer: &self.fleet.computer,
            user: &self.fleet.user,
            running_since: self.fleet.started,
            stopped,
            delivery: self.reception.delivery(),
            failing: self.reception.failing(),
            attention: self.reception.attention(),
            tray: self.tray.is_some(),
            config_errors: self.errors.len(),
            feeds: &self.feeds,
            clock: fleet::latest_clock(&self.feeds, self.fleet.folder_clock.as_ref()),
        };
        fleet::report(&self.config, &self.reception.log, now, facts)
    }

    /// Writes the fleet report (off the loop) when something in it changed or a heartbeat is due; it rides on the
    /// wakes the loop has anyway.
    fn report_if_due(&mut self, now: DateTime<Utc>) {
        let Some(dir) = self.config.report_dir.clone() else { return };
        if self.fleet.pending.is_some() || self.fleet.retry_at.is_some_and(|at| now < at) {
            return;
        }
        let report = self.fleet_report(now, None);
        if !fleet::needs_writing(self.fleet.last.as_ref(), &report) {
            return;
        }
        let file = fleet::file_name(&self.fleet.computer, &self.fleet.user);
        self.fleet.writer().write(Job { dir: PathBuf::from(dir), file, bytes: fleet::to_json(&report) });
        self.fleet.pending = Some(report);
    }

    /// What became of a report's write: said once when it fails, and once when it works again.
    fn report_written(&mut self, written: crate::platform::report::Written) {
        let now = self.clock.now();
        let report = self.fleet.pending.take();
        match written {
            Ok(clock) => {
                if self.fleet.trouble.take().is_some() {
                    log::info!("the fleet report is written again");
                }
                self.fleet.retry_at = None;
                self.fleet.last = report;
                if clock.is_some() {
                    self.fleet.folder_clock = clock;
                }
            }
            Err(why) => {
                if self.fleet.trouble.is_none() {
                    log::error!(
                        "cannot write the fleet report: {why}; tried again every {} minutes",
                        REPORT_RETRY.num_minutes()
                    );
                }
                self.fleet.trouble = Some(why);
                self.fleet.retry_at = Some(now + REPORT_RETRY);
            }
        }
        self.refresh_tray(now);
        // What changed while this report was being written (the first fetch of a feed, a reload) goes out now, not
        // at the next wake.
        self.report_if_due(now);
    }

    /// A notice the platform did not show: the core says whether and when it is tried again.
    fn retry_later(&mut self, request: Request, reason: &str) {
        let now = self.clock.now();
        let effects = self.reception.not_shown(request.presentation, reason, now);
        self.perform(effects);
        // The report says that notices do not reach the screen.
        self.report_if_due(now);
    }

    /// Saves the notice log; when its place cannot be written, in a fallback place (or only in memory), retried
    /// at every wake, and said once to the administrator (log and tray status) until it works again.
    fn save_log(&mut self) {
        if self.options.simulate_from.is_some() {
            return;
        }
        let trouble = match files::write_notice_log(&self.paths, &self.reception.log) {
            Ok(files::Saved::InPlace) => None,
            Ok(files::Saved::Fallback(why, place)) => Some(format!("{why}; saved in {} instead", place.display())),
            Err(why) => Some(format!("{why}; kept in memory only")),
        };
        match (&self.log_trouble, &trouble) {
            (None, Some(why)) => log::error!("cannot save the notice log: {why}; retried at every wake"),
            (Some(_), None) => log::info!("the notice log is saved in its place again"),
            _ => {}
        }
        self.log_trouble = trouble;
    }

    /// 「確認しました」, 「10分後に再通知」 or the guidance page, from a notice or the menu.
    fn choose(&mut self, window_id: Option<&str>, choice: Choice) {
        // The answer to an import's question: the shell holds what was found.
        if matches!(choice, Choice::AddImport | Choice::Decline) {
            return self.answer_import(choice == Choice::AddImport);
        }
        let now = self.clock.now();
        let effects = self.reception.choose(&Schedule::new(&self.config), window_id, choice, now);
        self.perform(effects);
        self.after_wake();
    }

    /// The tray's view at `now` (decided by the core), and what its items point at from now on.
    fn view(&mut self, now: DateTime<Utc>) -> TrayView {
        let clock = fleet::latest_clock(&self.feeds, self.fleet.folder_clock.as_ref());
        let wrong = clock.as_ref().is_some_and(fleet::ClockCheck::is_wrong);
        if let Some(clock) = clock.as_ref().filter(|_| wrong != self.fleet.clock_said_wrong) {
            let words = fleet::clock_words(clock.offset_seconds, onshi_tray_core::config::Language::En);
            if wrong {
                log::warn!(
                    "{words} against {}: notices follow this PC's clock; set it right (or give the PC a time server)",
                    clock.against
                );
            } else {
                log::info!("{words} against {}: right again", clock.against);
            }
            self.fleet.clock_said_wrong = wrong;
        }
        let facts = menu::Facts {
            config_errors: self.errors.len(),
            feeds: &self.feeds,
            delivery: self.reception.delivery(),
            log_trouble: self.log_trouble.is_some(),
            log_file_trouble: crate::platform::log::trouble().is_some(),
            autostart_on: autostart::is_enabled(),
            clock: clock.as_ref(),
            report_trouble: self.fleet.trouble.is_some(),
            imported: self.imports.imported,
        };
        let (view, targets) = menu::view(&self.schedule(), &self.reception.log, now, facts);
        self.targets = targets;
        view
    }

    fn refresh_tray(&mut self, now: DateTime<Utc>) {
        let view = self.view(now);
        if self.view.as_ref() == Some(&view) {
            return;
        }
        if let Some(tray) = &mut self.tray {
            tray.update(view.clone());
        }
        log::info!("tray: {}{} — {}", view.icon.name(), if view.badge { "+error" } else { "" }, view.status_line);
        self.view = Some(view);
    }

    fn start_tray(&mut self) {
        let now = self.clock.now();
        let view = self.view(now);
        let started = Instant::now();
        match tray::start(view.clone()) {
            Ok(tray) => {
                log::info!(
                    "tray icon created in {} ms: {} — {}",
                    started.elapsed().as_millis(),
                    view.icon.name(),
                    view.status_line
                );
                self.tray = Some(tray);
                self.view = Some(view);
                self.welcome_once();
            }
            Err(err) => {
                log::error!("no tray icon: {err}; notifications still work");
                let title = notice::app_name(self.config.language).to_string();
                self.send(NoticeText { title, body: err }, "tray failure notice".to_string());
            }
        }
    }

    /// At a user's first start, one notice says where the icon is (Windows 11 hides new icons behind ^).
    fn welcome_once(&mut self) {
        if self.paths.first_run_done.exists() || self.reception.delivery().is_off() {
            return;
        }
        let text = notice::first_run_notice(self.config.language, crate::platform::tray::HIDES_NEW_ICONS);
        self.send(text, "first-start notice".to_string());
        if let Err(err) = disk::write_atomically(&self.paths.first_run_done, b"") {
            log::warn!("cannot record the first start in {}: {err}", self.paths.first_run_done.display());
        }
    }

    /// Writes the guidance page (about window `focus`, or the current and next ones) into the data directory and
    /// opens it in the browser.
    fn open_guide(&self, focus: Option<usize>) {
        self.open_guide_at(focus, None);
    }

    /// The guidance page, opened at one of its sections: through a small page beside it that jumps there (an
    /// opener hands a file's path to the browser, and a path carries no `#section`).
    fn open_guide_at(&self, focus: Option<usize>, section: Option<&str>) {
        let now = self.clock.now();
        let page = guide::page(&self.config, focus, now);
        let path = self.paths.data_dir.join("guide.html");
        if let Err(err) = disk::write_atomically(&path, page.as_bytes()) {
            log::error!("cannot write the guidance page {}: {err}", path.display());
            return;
        }
        let Some(section) = section else { return open::open_file(&path) };
        let jump = self.paths.data_dir.join(format!("guide-{section}.html"));
        match disk::write_atomically(&jump, guide::jump_to("guide.html", section).as_bytes()) {
            Ok(()) => open::open_file(&jump),
            Err(err) => {
                log::warn!("cannot write {}: {err}; opening the page at its top", jump.display());
                open::open_file(&path);
            }
        }
    }

    fn on_menu(&mut self, action: MenuAction, control: &mut Control) {
        log::info!("menu: {action:?}");
        let now = self.clock.now();
        match action {
            MenuAction::Portal => open::open_url(&self.config.portal.url),
            // The status line and the guidance item open the guidance page about the window the tray speaks of.
            MenuAction::Status | MenuAction::Guidance => self.open_guide(self.targets.guide),
            // The call-center item opens the same page at its call-center section.
            MenuAction::Contact => self.open_guide_at(self.targets.guide, Some(guide::CONTACT_SECTION)),
            MenuAction::AcknowledgeAfter => {
                if let Some(window) = self.targets.after.clone() {
                    self.choose(Some(&window), Choice::Acknowledge);
                }
            }
            MenuAction::Window(i) => {
                if let Some(&idx) = self.targets.windows.get(i) {
                    self.open_guide(Some(idx));
                }
            }
            MenuAction::Acknowledge | MenuAction::Unacknowledge | MenuAction::Snooze => {
                if let Some(window) = self.targets.advance.clone() {
                    let choice = match action {
                        MenuAction::Acknowledge => Choice::Acknowledge,
                        MenuAction::Unacknowledge => Choice::Unacknowledge,
                        _ => Choice::Snooze,
                    };
                    self.choose(Some(&window), choice);
                }
            }
            MenuAction::TestNotice => match self.reception.delivery().test_answer(self.config.language) {
                // Never pretend: say that the test notice cannot be seen, and whom to ask.
                Some((title, body)) => {
                    log::warn!("test notification not shown ({})", self.reception.delivery().code());
                    notify::alert(title, body);
                }
                None => self.send(notice::test_notice(&self.config, now), "test notification".to_string()),
            },
            MenuAction::Import => self.import_from_clipboard(),
            MenuAction::UndoImport => self.undo_import(),
            MenuAction::OpenConfig => self.open_config(),
            MenuAction::Reload => self.load_off_loop(Load::Reload("menu".to_string())),
            MenuAction::UpdateFeeds => self.updater.update_now(),
            MenuAction::ShowErrors => {
                // A toast shows a few lines: the first errors, and how many there are (the log has the rest).
                let mut lines: Vec<String> = self.errors.iter().take(3).map(|e| e.headline()).collect();
                if self.errors.len() > 3 {
                    lines.push(format!("… {} in all: `onshi-tray check` lists them", self.errors.len()));
                }
                let body = lines.join("\n");
                let title = notice::menu_labels(self.config.language).show_errors.to_string();
                if self.reception.delivery().is_off() {
                    notify::alert(&title, &body);
                } else {
                    self.send(NoticeText { title, body }, "config errors".to_string());
                }
            }
            MenuAction::Autostart => {
                let enable = !autostart::is_enabled();
                match autostart::set_enabled(enable) {
                    Ok(()) => log::info!("start at login: {}", if enable { "on" } else { "off" }),
                    Err(err) => log::error!("cannot change start at login: {err}"),
                }
                self.refresh_tray(now);
            }
            MenuAction::Quit => self.quit(control, "the menu", false),
        }
    }

    /// Stops the app; `with_session`: the session or the PC is ending (the app starts again at the next sign-in).
    fn quit(&mut self, control: &mut Control, from: &str, with_session: bool) {
        log::info!("quit from {from}");
        self.stopped_by = Some(from.to_string());
        // Nothing of this run stays on screen: its buttons would do nothing once it is gone.
        let effects = self.reception.quit();
        self.perform(effects);
        // The fleet's last word about this run: who stopped it, so that a quit from the menu is seen.
        if let Some(dir) = self.config.report_dir.clone() {
            let stopped = fleet::Stopped { by: from.to_string(), with_session };
            let report = self.fleet_report(self.clock.now(), Some(stopped));
            let file = fleet::file_name(&self.fleet.computer, &self.fleet.user);
            let job = Job { dir: PathBuf::from(dir), file, bytes: fleet::to_json(&report) };
            if let Some(Err(why)) = self.fleet.writer().write_and_wait(job, std::time::Duration::from_secs(2)) {
                log::warn!("cannot write the last fleet report: {why}");
            }
        }
        self.notifier.flush(std::time::Duration::from_secs(3));
        if let Some(tray) = self.tray.take() {
            tray.shutdown();
        }
        control.exit();
    }

    /// Acts on a request file from `onshi-tray quit` (the watcher also reports its removal, which is not a
    /// request); true when it quit.
    fn quit_if_requested(&mut self, control: &mut Control) -> bool {
        if !self.paths.quit_request.exists() {
            return false;
        }
        let _ = std::fs::remove_file(&self.paths.quit_request);
        self.quit(control, "`onshi-tray quit`", false);
        true
    }

    fn open_config(&self) {
        let path = self.options.explicit_config.clone().unwrap_or_else(|| self.paths.user_config.clone());
        if !path.exists() {
            // Every setting commented out: creating the file overrides nothing the administrator set.
            if let Err(err) = disk::write_atomically(&path, onshi_tray_core::config::user_template().as_bytes()) {
                log::error!("cannot create {}: {err}", path.display());
                return;
            }
            log::info!("created {} with every setting commented out", path.display());
        }
        open::open_file(&path);
    }
}

impl Handler<AppEvent> for App {
    fn started(&mut self, control: &mut Control) {
        log::info!("onshi-tray {} starting; clock reads {}", env!("CARGO_PKG_VERSION"), jst(self.clock.now()));
        self.start_tray();
        // `onshi-tray quit` right after the start may have asked before the file watch began.
        if self.quit_if_requested(control) {
            return;
        }
        self.tick();
        self.log_next();
        // The start-up's garbage (the config read and judged, the tray set up) goes back to the system.
        crate::platform::memory::give_back_free_memory();
    }

    fn deadline_reached(&mut self, control: &mut Control) {
        if self.reload_at.is_some_and(|at| at <= Instant::now()) {
            self.reload_at = None;
            self.load_off_loop(Load::Reload("the file changed".to_string()));
        }
        if self.next_wake <= Instant::now() {
            self.tick();
            // Where the file watcher does not work, the request is seen here, within a minute.
            self.quit_if_requested(control);
        }
    }

    fn event(&mut self, event: AppEvent, control: &mut Control) {
        match event {
            AppEvent::Menu(action) => self.on_menu(action, control),
            // Editors write in several steps: wait for the file to settle before reading it.
            AppEvent::ConfigChanged => self.reload_at = Some(Instant::now() + std::time::Duration::from_millis(300)),
            AppEvent::QuitRequested => {
                self.quit_if_requested(control);
            }
            AppEvent::Choice { window, choice } => self.choose(window.as_deref(), choice),
            AppEvent::SessionEnding(ending) => self.quit(control, &ending.describe(), true),
            AppEvent::FeedsFetched { changed: true } => {
                self.load_off_loop(Load::Reload("a schedule feed changed".to_string()))
            }
            AppEvent::NotShown(request, reason) => self.retry_later(*request, &reason),
            AppEvent::Shown { window, id } => {
                let was_failing = self.reception.failing().is_some();
                let effects = self.reception.shown(window.as_deref(), id);
                self.perform(effects);
                if was_failing {
                    self.report_if_due(self.clock.now());
                }
            }
            AppEvent::ReportWritten(written) => self.report_written(written),
            // What is due now, at once (the tick also sees a long sleep and has the feeds fetched again).
            AppEvent::Woke(wake) => {
                log::info!("{}: reading the clock now ({})", wake.describe(), jst(self.clock.now()));
                self.tick();
            }
            AppEvent::FeedsFetched { changed: false } => self.load_off_loop(Load::FeedStates),
            AppEvent::Loaded(why, loaded) => self.loaded(why, *loaded),
            AppEvent::Announcement(found) => self.announcement_read(*found),
        }
    }

    fn deadline(&self) -> Instant {
        self.reload_at.map_or(self.next_wake, |at| at.min(self.next_wake))
    }
}
