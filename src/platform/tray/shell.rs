//! Windows and macOS: the shell's own tray (`Shell_NotifyIcon`, `NSStatusItem`) through tray-icon, with muda's
//! menus. The tray lives on the main thread beside winit's loop. Menu ids are mapped to [`MenuAction`] here and
//! nowhere else.

use tray_icon::menu::{CheckMenuItem, IsMenuItem, Menu, MenuEvent, MenuId, MenuItem, PredefinedMenuItem, Submenu};
use tray_icon::{Icon, TrayIcon, TrayIconBuilder};

use super::{entries, Entry, IconState, MenuAction, TrayView};

fn id_of(action: MenuAction) -> String {
    match action {
        MenuAction::Status => "status".to_string(),
        MenuAction::Portal => "portal".to_string(),
        MenuAction::Contact => "contact".to_string(),
        MenuAction::Guidance => "guidance".to_string(),
        MenuAction::Acknowledge => "acknowledge".to_string(),
        MenuAction::Snooze => "snooze".to_string(),
        MenuAction::Unacknowledge => "unacknowledge".to_string(),
        MenuAction::AcknowledgeAfter => "acknowledge-after".to_string(),
        MenuAction::TestNotice => "test-notice".to_string(),
        MenuAction::Import => "import".to_string(),
        MenuAction::UndoImport => "undo-import".to_string(),
        MenuAction::OpenConfig => "open-config".to_string(),
        MenuAction::Reload => "reload".to_string(),
        MenuAction::UpdateFeeds => "update-feeds".to_string(),
        MenuAction::ShowErrors => "show-errors".to_string(),
        MenuAction::Autostart => "autostart".to_string(),
        MenuAction::Quit => "quit".to_string(),
        MenuAction::Window(i) => format!("window:{i}"),
    }
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
        "unacknowledge" => MenuAction::Unacknowledge,
        "acknowledge-after" => MenuAction::AcknowledgeAfter,
        "test-notice" => MenuAction::TestNotice,
        "import" => MenuAction::Import,
        "undo-import" => MenuAction::UndoImport,
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
    Icon::from_rgba(super::image(state, badge, size), size, size).map_err(|e| format!("icon {}: {e}", state.name()))
}

/// Windows: the frame for the small-icon size at the screen's scaling (16 px at 100 %, 20 at 125 %, 24 at 150 %,
/// 32 at 200 %), so the shell shows the icon as drawn instead of scaling it.
#[cfg(target_os = "windows")]
fn icon_size() -> u32 {
    use windows_sys::Win32::UI::WindowsAndMessaging::{GetSystemMetrics, SM_CXSMICON};
    // SAFETY: no arguments beyond the constant; 0 on failure.
    let metric = unsafe { GetSystemMetrics(SM_CXSMICON) };
    onshi_tray_core::icon::tray_frame(u32::try_from(metric).ok().filter(|&m| m > 0).unwrap_or(16))
}

/// macOS hands the image to the menu bar, which scales it to its own size: 64 px is sharp at every scale.
#[cfg(not(target_os = "windows"))]
fn icon_size() -> u32 {
    64
}

/// muda reads `&` as the mark of an access key (Windows passes labels to `AppendMenuW` as they are, macOS strips
/// it); a label's own ampersands are doubled.
fn label(text: &str) -> String {
    onshi_tray_core::menu::literal_label(text, '&')
}

fn muda_item(entry: &Entry) -> Result<Box<dyn IsMenuItem>, String> {
    Ok(match entry {
        Entry::Item { action, label: text } => Box::new(MenuItem::with_id(id_of(*action), label(text), true, None)),
        Entry::Disabled(text) => Box::new(MenuItem::new(label(text), false, None)),
        Entry::Check { action, label: text, checked } => {
            Box::new(CheckMenuItem::with_id(id_of(*action), label(text), true, *checked, None))
        }
        Entry::Separator => Box::new(PredefinedMenuItem::separator()),
        Entry::Submenu { label: text, entries } => {
            let submenu = Submenu::new(label(text), true);
            for entry in entries {
                submenu.append(muda_item(entry)?.as_ref()).map_err(|e| e.to_string())?;
            }
            Box::new(submenu)
        }
    })
}

fn menu(view: &TrayView) -> Result<Menu, String> {
    let menu = Menu::new();
    for entry in entries(view) {
        menu.append(muda_item(&entry)?.as_ref()).map_err(|e| e.to_string())?;
    }
    Ok(menu)
}

/// The icon's identity on Windows (`NIF_GUID`): Windows 11 hides new tray icons behind the overflow chevron, and
/// with a GUID the shell remembers a user's choice to show this one across restarts and upgrades. It binds the GUID
/// to the exe's path (unless signed), so the GUID is derived from the path (`menu::tray_guid`): an icon refused
/// anyway (tray-icon reports no failure of `NIM_ADD`, so the shell is asked whether the icon is there) is made again
/// without one. Ignored on macOS.
fn build(view: &TrayView) -> Result<TrayIcon, String> {
    let builder = || -> Result<TrayIconBuilder, String> {
        Ok(TrayIconBuilder::new()
            .with_id("onshi-tray")
            .with_icon(icon(view.icon, view.badge)?)
            .with_tooltip(&view.tooltip)
            .with_menu(Box::new(menu(view)?)))
    };
    let without_guid = |why: String| {
        log::warn!("tray icon with its GUID refused ({why}); creating it without one");
        let tray = builder()?.build().map_err(|e| format!("cannot create the tray icon: {e}"))?;
        crate::platform::host::find_tray_icon(&tray, None);
        Ok(tray)
    };
    let exe = std::env::current_exe().map_err(|err| err.to_string());
    let guid = match exe {
        Ok(exe) => onshi_tray_core::menu::tray_guid(&exe.to_string_lossy()),
        Err(why) => return without_guid(format!("the exe's path is unknown: {why}")),
    };
    match builder()?.with_guid(guid).build() {
        Ok(tray) if crate::platform::host::find_tray_icon(&tray, Some(guid)) => {
            log::info!("tray icon GUID {:032x} (from the exe's path)", guid);
            Ok(tray)
        }
        Ok(tray) => {
            drop(tray);
            without_guid("the shell has no icon with it: bound to another path of the exe?".to_string())
        }
        Err(err) => without_guid(err.to_string()),
    }
}

pub struct Tray {
    tray: TrayIcon,
    view: TrayView,
}

pub fn start(view: TrayView) -> Result<Tray, String> {
    let tray = build(&view)?;
    Ok(Tray { tray, view })
}

impl Tray {
    /// Brings the tray icon to `view`, touching only what changed.
    pub fn update(&mut self, view: TrayView) {
        let old = &self.view;
        if (old.icon, old.badge) != (view.icon, view.badge) {
            if let Err(err) =
                icon(view.icon, view.badge).and_then(|i| self.tray.set_icon(Some(i)).map_err(|e| e.to_string()))
            {
                log::error!("cannot change the tray icon: {err}");
            }
        }
        if old.tooltip != view.tooltip {
            if let Err(err) = self.tray.set_tooltip(Some(&view.tooltip)) {
                log::error!("cannot change the tooltip: {err}");
            }
        }
        if entries(old) != entries(&view) {
            match menu(&view) {
                Ok(menu) => self.tray.set_menu(Some(Box::new(menu))),
                Err(err) => log::error!("cannot rebuild the tray menu: {err}"),
            }
        }
        self.view = view;
    }

    pub fn shutdown(self) {
        drop(self.tray);
    }
}
