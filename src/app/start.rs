//! Wiring the app together: the event loop, the threads and watchers that send it events, the first load of the
//! config and the notice log, then the loop until the app stops.

use std::sync::Arc;
use std::time::Instant;

use chrono::{DateTime, Duration, Utc};
use onshi_tray_core::config::capped;
use onshi_tray_core::config::Config;
use onshi_tray_core::menu::Targets;
use onshi_tray_core::reception::Reception;
use onshi_tray_core::report::jst;
use onshi_tray_core::schedule::NoticeLog;

use super::clock::Clock;
use super::{App, AppEvent, Options};
use crate::platform::event_loop::{EventLoop, Proxy};
use crate::platform::feeds::Updater;
use crate::platform::files::{self, FileStatus, Loaded};
use crate::platform::notify::{self, Notifier};
use crate::platform::paths::Paths;
use crate::platform::{session, tray, watch};

/// Runs the tray app until Quit. Returns the process's exit code.
pub fn run(options: Options, paths: Paths) -> u8 {
    if let Some(problem) = crate::platform::missing_desktop() {
        log::error!("cannot start: {problem}");
        crate::platform::notify::notify_once("起動できません / cannot start", &problem);
        return 1;
    }
    let event_loop = match EventLoop::<AppEvent>::new() {
        Ok(event_loop) => event_loop,
        Err(why) => {
            log::error!(
                "cannot start: no display to show a tray icon on ({why}); use `onshi-tray status` on a terminal"
            );
            return 1;
        }
    };
    let proxy = event_loop.proxy();
    let menu_proxy = proxy.clone();
    tray::set_action_handler(move |action| {
        let _ = menu_proxy.send_event(AppEvent::Menu(action));
    });

    let session_proxy = proxy.clone();
    session::watch(&options.restart_args(), move |ending| {
        // Logged at once: after a sign-out or shutdown message the process may end before the loop runs again.
        log::info!("session ending: {}", ending.describe());
        log::logger().flush();
        let _ = session_proxy.send_event(AppEvent::SessionEnding(ending));
    });

    let wake_proxy = proxy.clone();
    crate::platform::wake::watch(move |wake| {
        let _ = wake_proxy.send_event(AppEvent::Woke(wake));
    });

    let clock = Clock::new(options.simulate_from, options.simulate_speed);
    if let Some(from) = options.simulate_from {
        log::warn!(
            "simulated clock: starting at {} (real time + {}s), {}x real speed; the notice log is kept in memory only",
            jst(from),
            clock.offset.num_seconds(),
            clock.speed
        );
    }
    if let Err(err) = crate::platform::notify::register_app_id(&paths.data_dir) {
        log::warn!("cannot register the app's notification identity: {err}; toasts may show as PowerShell");
    }
    let loaded = files::load(&paths, options.explicit_config.as_deref());
    log_loaded(&loaded);
    files::keep_last_good(&loaded);
    let log = first_notice_log(&options, &paths, &loaded.config, &clock);
    let config_watch = watch_files(&options, &paths, proxy.clone());
    let imports = super::imports::Imports::new(&paths.data_dir);
    let (choice_proxy, not_shown_proxy, shown_proxy) = (proxy.clone(), proxy.clone(), proxy.clone());
    let callbacks = notify::Callbacks {
        choice: Arc::new(move |window, choice| {
            let _ = choice_proxy.send_event(AppEvent::Choice { window, choice });
        }),
        not_shown: Arc::new(move |request, reason| {
            let _ = not_shown_proxy.send_event(AppEvent::NotShown(Box::new(request), reason));
        }),
        shown: Arc::new(move |window, id| {
            let _ = shown_proxy.send_event(AppEvent::Shown { window, id });
        }),
    };
    let feeds_proxy = proxy.clone();
    let updater = Updater::spawn(
        paths.feed_cache.clone(),
        loaded.config.feeds.clone(),
        loaded.config.proxy.clone(),
        clock.offset,
        move |changed| {
            let _ = feeds_proxy.send_event(AppEvent::FeedsFetched { changed });
        },
    );
    let (computer, user) = crate::platform::computer_and_user();
    let fleet = super::Fleet {
        writer: None,
        proxy: proxy.clone(),
        started: clock.now(),
        computer,
        user,
        last: None,
        pending: None,
        trouble: None,
        retry_at: None,
        folder_clock: None,
        clock_said_wrong: false,
    };
    let feed_states = loaded.feed_states();
    let on_last_good = loaded.on_last_good();
    let mut app = App {
        options,
        paths,
        clock,
        config: loaded.config,
        errors: Vec::new(),
        notifier: Notifier::spawn(log.on_screen.clone(), callbacks),
        reception: Reception::new(log),
        tray: None,
        view: None,
        targets: Targets::default(),
        feeds: feed_states,
        updater,
        stopped_by: None,
        log_trouble: None,
        _watch: config_watch,
        reload_at: None,
        next_wake: Instant::now(),
        // Set at the first wake (until then, no sleep can be seen).
        last_tick: DateTime::<Utc>::MAX_UTC,
        fleet,
        proxy,
        loading: false,
        load_next: None,
        imports,
    };
    // The log exists from the first start on, so that a missing one later means it was lost (deleted), not new.
    if !app.paths.notice_log.exists() {
        app.save_log();
    }
    let delivery = app.reception.observe_delivery(notify::delivery());
    app.perform(delivery);
    app.set_errors(loaded.errors, on_last_good);
    if let Err(err) = event_loop.run(&mut app) {
        log::error!("the event loop failed: {err}");
        return 1;
    }
    match &app.stopped_by {
        Some(from) => log::info!("onshi-tray stopped ({from})"),
        None => log::info!("onshi-tray stopped"),
    }
    0
}

/// The notice log the app starts from: none under a simulated clock; after a lost log, one that counts every notice
/// due before the last minute as handled (never again a notice that may have been shown).
fn first_notice_log(options: &Options, paths: &Paths, config: &Config, clock: &Clock) -> NoticeLog {
    if options.simulate_from.is_some() {
        return NoticeLog::default();
    }
    let (mut log, start) = files::read_notice_log(paths);
    if let files::LogStart::Lost(why) = start {
        let until = clock.now() - Duration::minutes(1);
        log.assume_handled(config, until);
        log::warn!("{why}; starting conservatively: no notice due before {} is shown", jst(until));
    }
    log
}

/// Watches the config files and the quit-request file, each change an event for the loop; without a watcher the
/// menu's reload item and the minute's wake still serve.
fn watch_files(options: &Options, paths: &Paths, proxy: Proxy<AppEvent>) -> Option<watch::ConfigWatch> {
    let quit_request = paths.quit_request.clone();
    let mut watched = vec![paths.system_config.clone(), paths.user_config.clone(), quit_request.clone()];
    watched.extend(options.explicit_config.clone());
    if let Some(dir) = paths.user_config.parent() {
        let _ = std::fs::create_dir_all(dir);
    }
    let on_change = move |file: &std::path::Path| {
        let _ = proxy.send_event(if file == quit_request { AppEvent::QuitRequested } else { AppEvent::ConfigChanged });
    };
    match watch::watch(watched, on_change) {
        Ok(watch) => Some(watch),
        Err(err) => {
            log::warn!("config files are not watched ({err}); use the menu's reload item after an edit, and `onshi-tray quit` takes up to a minute");
            None
        }
    }
}

pub(super) fn log_loaded(loaded: &Loaded) {
    for (layer, path, status) in &loaded.files {
        log::info!("config {layer}: {} ({status:?})", path.display());
    }
    log::info!("{} maintenance windows loaded", loaded.config.windows.len());
    for line in capped(&loaded.errors, "error", ToString::to_string) {
        log::error!("{line}");
    }
    for (layer, path, status) in &loaded.files {
        match status {
            FileStatus::LastGood => log::warn!(
                "config {layer}: {} cannot be used as it is: the settings in force are its last good copy",
                path.display()
            ),
            status if status.falls_back_to_builtin() => log::warn!(
                "config {layer}: {} cannot be used as it is and there is no good copy of it: its broken parts run on the built-in settings",
                path.display()
            ),
            _ => {}
        }
    }
    for line in capped(&loaded.warnings, "warning", ToString::to_string) {
        log::warn!("{line}");
    }
}
