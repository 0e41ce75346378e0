//! The tray icon and its menu.
//!
//! On Linux, tray-icon's GTK/AppIndicator backend needs a gtk main loop: it runs on a thread of its own ("gtk"),
//! which owns the `TrayIcon`; the app's loop sends it new views through glib's main context.
//! On Windows and macOS the tray lives on the main thread beside winit's loop.
//! Menu ids are mapped to [`MenuAction`] here and nowhere else.

use tray_icon::menu::{CheckMenuItem, Menu, MenuEvent, MenuId, MenuItem, PredefinedMenuItem, Submenu};
use tray_icon::{Icon, TrayIcon, TrayIconBuilder};

/// Whether the shell puts a new icon out of sight (Windows: behind the ^ of the notification area).
pub const HIDES_NEW_ICONS: bool = cfg!(target_os = "windows");

/// The tray's three states are the core's icon looks.
pub use onshi_tray::icon::Look as IconState;

/// Everything the tray shows; the app builds a new one when anything changes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TrayView {
    pub icon: IconState,
    /// The settings have errors (or notices cannot be seen): the state icon carries the badge.
    pub badge: bool,
    pub tooltip: String,
    pub status_line: String,
    /// 「確認しました」 and 「10分後に再通知」 for the next window, while its advance notices can still come.
    pub acknowledge: Option<String>,
    pub snooze: Option<String>,
    pub portal: String,
    pub contact: String,
    pub guidance: String,
    pub windows_title: String,
    /// Labels of the windows submenu; empty shows `no_windows`.
    pub windows: Vec<String>,
    pub no_windows: String,
    pub test_notice: String,
    pub open_config: String,
    pub reload: String,
    /// 予定を今すぐ更新, where the machine-wide file names feeds.
    pub update_feeds: Option<String>,
    /// Shown only while the config has errors.
    pub show_errors: Option<String>,
    /// `None` where the machine-wide `[menu]` hides the item.
    pub autostart: Option<String>,
    pub autostart_on: bool,
    /// The 終了 submenu and its one item that really quits; `None` where `[menu]` hides it.
    pub quit: Option<(String, String)>,
    /// Whether 設定ファイルを開く, 設定を再読み込み and 設定エラーを表示 are shown (`[menu]`).
    pub config_items: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MenuAction {
    /// The status line: opens the guidance page.
    Status,
    Portal,
    Contact,
    Guidance,
    /// The guidance for one window of the submenu (index into the view's `windows`).
    Window(usize),
    Acknowledge,
    Snooze,
    TestNotice,
    OpenConfig,
    Reload,
    UpdateFeeds,
    ShowErrors,
    Autostart,
    Quit,
}

fn action_of(id: &MenuId) -> Option<MenuAction> {
    let id = id.as_ref();
    Some(match id {
        "status" => MenuAction::Status,
        "portal" => MenuAction::Portal,
        "contact" => MenuAction::Contact,
        "guidance" => MenuAction::Guidance,
        "acknowledge" => MenuAction::Acknowledge,
        "snooze" => MenuAction::Snooze,
        "test-notice" => MenuAction::TestNotice,
        "open-config" => MenuAction::OpenConfig,
        "reload" => MenuAction::Reload,
        "update-feeds" => MenuAction::UpdateFeeds,
        "show-errors" => MenuAction::ShowErrors,
        "autostart" => MenuAction::Autostart,
        "quit" => MenuAction::Quit,
        _ => MenuAction::Window(id.strip_prefix("window:")?.parse().ok()?),
    })
}

/// Sends every menu click, as a [`MenuAction`], to `on_action` (which forwards it into the event loop).
pub fn set_action_handler(on_action: impl Fn(MenuAction) + Send + Sync + 'static) {
    MenuEvent::set_event_handler(Some(move |event: MenuEvent| {
        if let Some(action) = action_of(&event.id) {
            on_action(action);
        }
    }));
}

fn icon(state: IconState, badge: bool) -> Result<Icon, String> {
    let size = icon_size();
    Icon::from_rgba(onshi_tray::icon::draw(state, size, badge), size, size)
        .map_err(|e| format!("icon {}: {e}", state.name()))
}

/// Windows: the frame for the small-icon size at the screen's scaling (16 px at 100 %, 20 at 125 %, 24 at 150 %,
/// 32 at 200 %), so the shell shows the icon as drawn instead of scaling it.
#[cfg(target_os = "windows")]
fn icon_size() -> u32 {
    use windows_sys::Win32::UI::WindowsAndMessaging::{GetSystemMetrics, SM_CXSMICON};
    // SAFETY: no arguments beyond the constant; 0 on failure.
    let metric = unsafe { GetSystemMetrics(SM_CXSMICON) };
    onshi_tray::icon::tray_frame(u32::try_from(metric).ok().filter(|&m| m > 0).unwrap_or(16))
}

/// Linux and macOS hand the image to the panel, which scales it to its own size: 64 px is sharp at every scale.
#[cfg(not(target_os = "windows"))]
fn icon_size() -> u32 {
    64
}

fn menu(view: &TrayView) -> Result<Menu, String> {
    let menu = Menu::new();
    let windows = Submenu::with_id("windows", &view.windows_title, true);
    if view.windows.is_empty() {
        windows.append(&MenuItem::new(&view.no_windows, false, None)).map_err(|e| e.to_string())?;
    }
    for (i, label) in view.windows.iter().enumerate() {
        windows.append(&MenuItem::with_id(format!("window:{i}"), label, true, None)).map_err(|e| e.to_string())?;
    }
    // The status line is the most important line: readable (not greyed out), and it opens the guidance page.
    let mut items: Vec<Box<dyn tray_icon::menu::IsMenuItem>> =
        vec![Box::new(MenuItem::with_id("status", &view.status_line, true, None))];
    if let (Some(acknowledge), Some(snooze)) = (&view.acknowledge, &view.snooze) {
        items.push(Box::new(MenuItem::with_id("acknowledge", acknowledge, true, None)));
        items.push(Box::new(MenuItem::with_id("snooze", snooze, true, None)));
    }
    items.extend::<[Box<dyn tray_icon::menu::IsMenuItem>; 7]>([
        Box::new(PredefinedMenuItem::separator()),
        Box::new(MenuItem::with_id("guidance", &view.guidance, true, None)),
        Box::new(MenuItem::with_id("portal", &view.portal, true, None)),
        Box::new(MenuItem::with_id("contact", &view.contact, true, None)),
        Box::new(windows),
        Box::new(PredefinedMenuItem::separator()),
        Box::new(MenuItem::with_id("test-notice", &view.test_notice, true, None)),
    ]);
    if let Some(label) = &view.update_feeds {
        items.push(Box::new(MenuItem::with_id("update-feeds", label, true, None)));
    }
    if view.config_items {
        items.push(Box::new(MenuItem::with_id("open-config", &view.open_config, true, None)));
        items.push(Box::new(MenuItem::with_id("reload", &view.reload, true, None)));
        if let Some(label) = &view.show_errors {
            items.push(Box::new(MenuItem::with_id("show-errors", label, true, None)));
        }
    }
    if let Some(label) = &view.autostart {
        items.push(Box::new(CheckMenuItem::with_id("autostart", label, true, view.autostart_on, None)));
    }
    // Quitting stops every notice: it takes a second click, on an item that says so (no dialog toolkit needed).
    if let Some((submenu, confirm)) = &view.quit {
        let quit = Submenu::with_id("quit-menu", submenu, true);
        quit.append(&MenuItem::with_id("quit", confirm, true, None)).map_err(|e| e.to_string())?;
        items.push(Box::new(PredefinedMenuItem::separator()));
        items.push(Box::new(quit));
    }
    for item in &items {
        menu.append(item.as_ref()).map_err(|e| e.to_string())?;
    }
    Ok(menu)
}

/// The icon's fixed identity on Windows (`NIF_GUID`): Windows 11 hides new tray icons behind the overflow chevron,
/// and with a GUID the shell remembers a user's choice to show this one across restarts and upgrades (it binds the
/// GUID to the exe's path, or to its publisher once signed). Ignored on Linux and macOS.
const TRAY_GUID: u128 = 0x127e_2352_944d_49b8_81c1_5a7b_9a76_05d5;

fn build(view: &TrayView) -> Result<TrayIcon, String> {
    let builder = || -> Result<TrayIconBuilder, String> {
        Ok(TrayIconBuilder::new()
            .with_id("onshi-tray")
            .with_icon(icon(view.icon, view.badge)?)
            .with_tooltip(&view.tooltip)
            .with_menu(Box::new(menu(view)?)))
    };
    builder()?.with_guid(TRAY_GUID).build().or_else(|err| {
        // Windows refuses a GUID already bound to another path of the exe (a copy run from elsewhere): an icon
        // without one is better than none.
        log::warn!("tray icon with its fixed GUID refused ({err}); creating it without one");
        builder()?.build().map_err(|e| format!("cannot create the tray icon: {e}"))
    })
}

/// Brings an existing tray icon from `old` to `new`, touching only what changed.
fn apply(tray: &TrayIcon, old: &TrayView, new: &TrayView) {
    if (old.icon, old.badge) != (new.icon, new.badge) {
        if let Err(err) = icon(new.icon, new.badge).and_then(|i| tray.set_icon(Some(i)).map_err(|e| e.to_string())) {
            log::error!("cannot change the tray icon: {err}");
        }
    }
    if old.tooltip != new.tooltip {
        if let Err(err) = tray.set_tooltip(Some(&new.tooltip)) {
            log::error!("cannot change the tooltip: {err}");
        }
    }
    let menu_of = |v: &TrayView| {
        (v.status_line.clone(), v.acknowledge.clone(), v.windows.clone(), v.show_errors.clone(), v.autostart_on)
    };
    let menu_changed = menu_of(old) != menu_of(new)
        || (&old.portal, &old.autostart, &old.quit, old.config_items)
            != (&new.portal, &new.autostart, &new.quit, new.config_items);
    if menu_changed {
        match menu(new) {
            Ok(menu) => tray.set_menu(Some(Box::new(menu))),
            Err(err) => log::error!("cannot rebuild the tray menu: {err}"),
        }
    }
}

#[cfg(target_os = "linux")]
mod imp {
    use std::cell::RefCell;
    use std::sync::mpsc;

    use gtk::glib;
    use tray_icon::TrayIcon;

    use super::TrayView;

    thread_local! {
        static TRAY: RefCell<Option<(TrayIcon, TrayView)>> = const { RefCell::new(None) };
    }

    pub struct Tray {
        context: glib::MainContext,
        thread: Option<std::thread::JoinHandle<()>>,
    }

    /// tray-icon dlopens one of these on first use and panics when none is there; look first and say what to install.
    fn check_appindicator() -> Result<(), String> {
        let names = [
            "libayatana-appindicator3.so.1",
            "libappindicator3.so.1",
            "libayatana-appindicator3.so",
            "libappindicator3.so",
        ];
        // SAFETY: these libraries run no code of their own when loaded beyond their ELF initialisers, the same that
        // tray-icon runs when it loads them a moment later.
        if names.iter().any(|name| unsafe { libloading::Library::new(name) }.is_ok()) {
            Ok(())
        } else {
            Err("the AppIndicator library is missing: install libayatana-appindicator3-1 (Debian/Ubuntu: sudo apt install libayatana-appindicator3-1)".to_string())
        }
    }

    /// Is a StatusNotifier host (the tray of KDE, XFCE, GNOME's AppIndicator extension...) on the session bus?
    fn tray_host_present() -> bool {
        use gtk::gio;
        use gtk::prelude::*;
        let Ok(bus) = gio::bus_get_sync(gio::BusType::Session, gio::Cancellable::NONE) else { return false };
        let reply = bus.call_sync(
            Some("org.freedesktop.DBus"),
            "/org/freedesktop/DBus",
            "org.freedesktop.DBus",
            "NameHasOwner",
            Some(&("org.kde.StatusNotifierWatcher",).to_variant()),
            None,
            gio::DBusCallFlags::NONE,
            2000,
            gio::Cancellable::NONE,
        );
        reply.ok().and_then(|v| v.get::<(bool,)>()).is_some_and(|(present,)| present)
    }

    pub fn start(view: TrayView) -> Result<Tray, String> {
        check_appindicator()?;
        let (ready, wait) = mpsc::channel();
        let thread = std::thread::Builder::new()
            .name("gtk".to_string())
            .spawn(move || {
                if gtk::init().is_err() {
                    let _ =
                        ready.send(Err("cannot start GTK: no display? (set DISPLAY or WAYLAND_DISPLAY)".to_string()));
                    return;
                }
                if !tray_host_present() {
                    log::warn!(
                        "no StatusNotifier tray host on this desktop (on GNOME, install the AppIndicator extension): \
                         the icon falls back to an old-style system tray if there is one; notifications still work"
                    );
                }
                match super::build(&view) {
                    Ok(tray) => {
                        TRAY.with(|t| *t.borrow_mut() = Some((tray, view)));
                        let _ = ready.send(Ok(()));
                    }
                    Err(err) => {
                        let _ = ready.send(Err(err));
                        return;
                    }
                }
                gtk::main();
                // Dropping the icon removes the item from the tray host.
                TRAY.with(|t| t.borrow_mut().take());
            })
            .map_err(|e| format!("cannot start the gtk thread: {e}"))?;
        match wait.recv() {
            Ok(Ok(())) => Ok(Tray { context: glib::MainContext::default(), thread: Some(thread) }),
            Ok(Err(err)) => Err(err),
            Err(_) => Err("the gtk thread ended while creating the tray icon".to_string()),
        }
    }

    impl Tray {
        pub fn update(&mut self, view: TrayView) {
            self.context.invoke(move || {
                TRAY.with(|t| {
                    if let Some((tray, old)) = t.borrow_mut().as_mut() {
                        super::apply(tray, old, &view);
                        *old = view;
                    }
                })
            });
        }

        pub fn shutdown(mut self) {
            self.context.invoke(|| {
                TRAY.with(|t| t.borrow_mut().take());
                gtk::main_quit();
            });
            if let Some(thread) = self.thread.take() {
                let _ = thread.join();
            }
        }
    }
}

#[cfg(not(target_os = "linux"))]
mod imp {
    use tray_icon::TrayIcon;

    use super::TrayView;

    pub struct Tray {
        tray: TrayIcon,
        view: TrayView,
    }

    pub fn start(view: TrayView) -> Result<Tray, String> {
        let tray = super::build(&view)?;
        Ok(Tray { tray, view })
    }

    impl Tray {
        pub fn update(&mut self, view: TrayView) {
            super::apply(&self.tray, &self.view, &view);
            self.view = view;
        }

        pub fn shutdown(self) {
            drop(self.tray);
        }
    }
}

pub use imp::{start, Tray};

/// Call first thing in `main`, before any thread starts: environment tweaks the tray toolkit reads at start-up.
pub fn prepare_environment() {
    // GTK probes OpenGL at start and, on some displays, maps a software renderer (LLVM): 84 MB against 28 MB
    // measured on a prototype. This app draws no GL, so unless the user chose otherwise, tell GTK not to.
    #[cfg(target_os = "linux")]
    if std::env::var_os("GDK_GL").is_none() {
        std::env::set_var("GDK_GL", "disable");
    }
}
