//! Linux: the tray is a StatusNotifierItem with a dbusmenu, served over D-Bus by ksni from a thread of its own
//! (its tokio runtime is one current-thread runtime; no GTK, no AppIndicator library, no XEmbed).
//!
//! Hosts: KDE, Xfce's and MATE's panels, Cinnamon, LXQt, GNOME with the AppIndicator extension, Waybar. Panels with
//! only an old-style XEmbed tray need a bridge (`snixembed`). Without any host the app runs on, notices still come,
//! and the icon appears when a host starts (ksni registers with a StatusNotifierWatcher that appears later).

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::OnceLock;

use ksni::blocking::{Handle, TrayMethods};
use ksni::menu::{CheckmarkItem, StandardItem, SubMenu};

use super::{entries, Entry, IconState, MenuAction, TrayView};
use crate::platform::paths::APP_NAME;

type Handler = Box<dyn Fn(MenuAction) + Send + Sync>;

static HANDLER: OnceLock<Handler> = OnceLock::new();

/// What to do when no tray host is on the desktop; said once in the log.
const NO_HOST_HELP: &str = "no StatusNotifier tray host on this desktop: the icon appears as soon as one starts, \
     and notices come meanwhile. On GNOME, turn on the AppIndicator extension (Debian/Ubuntu: \
     gnome-shell-extension-appindicator); on a panel with only an old-style (XEmbed) tray, such as i3bar, tint2, \
     lxpanel or polybar, run `snixembed`";

/// Sends every menu click, as a [`MenuAction`], to `on_action` (which forwards it into the event loop).
pub fn set_action_handler(on_action: impl Fn(MenuAction) + Send + Sync + 'static) {
    if HANDLER.set(Box::new(on_action)).is_err() {
        log::error!("the tray's menu handler was set twice; the first one stays");
    }
}

/// The icon in the sizes panels draw it at (ARGB32, network byte order): the host picks the nearest, so small
/// panels get the frames drawn for small sizes instead of a scaled-down 64 px image.
fn pixmaps(state: IconState, badge: bool) -> Vec<ksni::Icon> {
    [16, 22, 24, 32, 48, 64]
        .into_iter()
        .map(|size| {
            let mut data = super::image(state, badge, size);
            for pixel in data.chunks_exact_mut(4) {
                pixel.rotate_right(1); // RGBA → ARGB
            }
            ksni::Icon { width: size as i32, height: size as i32, data }
        })
        .collect()
}

/// dbusmenu reads `_` as the mark of an access key; a label's own underscores are doubled.
fn label(text: &str) -> String {
    onshi_tray_core::menu::literal_label(text, '_')
}

/// Markup is allowed in a tooltip's description: the status line is text.
fn text(status: &str) -> String {
    status.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;")
}

fn ksni_item(entry: &Entry) -> ksni::MenuItem<Item> {
    let on = |action: MenuAction| -> Box<dyn Fn(&mut Item) + Send> {
        Box::new(move |_| {
            if let Some(handler) = HANDLER.get() {
                handler(action);
            }
        })
    };
    match entry {
        Entry::Item { action, label: text } => {
            StandardItem { label: label(text), activate: on(*action), ..Default::default() }.into()
        }
        Entry::Disabled(text) => StandardItem { label: label(text), enabled: false, ..Default::default() }.into(),
        Entry::Check { action, label: text, checked } => {
            CheckmarkItem { label: label(text), checked: *checked, activate: on(*action), ..Default::default() }.into()
        }
        Entry::Separator => ksni::MenuItem::Separator,
        Entry::Submenu { label: text, entries } => {
            SubMenu { label: label(text), submenu: entries.iter().map(ksni_item).collect(), ..Default::default() }
                .into()
        }
    }
}

/// The StatusNotifierItem: what ksni serves on D-Bus.
struct Item {
    view: TrayView,
    icon: Vec<ksni::Icon>,
    /// Whether the missing host has been said in the log.
    said_no_host: AtomicBool,
}

impl ksni::Tray for Item {
    /// A click on the icon opens the menu, as on Windows: the menu is the whole app.
    const MENU_ON_ACTIVATE: bool = true;

    fn id(&self) -> String {
        APP_NAME.to_string()
    }

    /// The name and the state in words: what a panel's list of items (or a screen reader) says.
    fn title(&self) -> String {
        self.view.tooltip.clone()
    }

    fn icon_pixmap(&self) -> Vec<ksni::Icon> {
        self.icon.clone()
    }

    fn tool_tip(&self) -> ksni::ToolTip {
        ksni::ToolTip {
            title: self.view.app_name.clone(),
            description: text(&self.view.status_line),
            ..Default::default()
        }
    }

    fn menu(&self) -> Vec<ksni::MenuItem<Self>> {
        entries(&self.view).iter().map(ksni_item).collect()
    }

    fn watcher_online(&self) {
        log::info!("a StatusNotifier tray host appeared: the tray icon is registered");
    }

    fn watcher_offline(&self, reason: ksni::OfflineReason) -> bool {
        if self.said_no_host.swap(true, Ordering::Relaxed) {
            log::info!("the StatusNotifier tray host is gone ({reason:?}); the icon comes back with it");
        } else {
            log::warn!("{NO_HOST_HELP}");
        }
        // Keep serving: a host that starts later gets the icon.
        true
    }
}

pub struct Tray {
    handle: Handle<Item>,
    view: TrayView,
}

pub fn start(view: TrayView) -> Result<Tray, String> {
    let item = Item { icon: pixmaps(view.icon, view.badge), view: view.clone(), said_no_host: AtomicBool::new(false) };
    // `assume_sni_available`: with no StatusNotifierWatcher yet the item waits (without waking) and registers when
    // one appears, instead of failing.
    let handle = item
        .assume_sni_available(true)
        .spawn()
        .map_err(|err| format!("cannot create the tray icon: {err} (is there a D-Bus session?)"))?;
    Ok(Tray { handle, view })
}

impl Tray {
    /// Brings the tray item to `view`. Only a change reaches D-Bus: every update costs the bus and the host a
    /// wake-up.
    pub fn update(&mut self, view: TrayView) {
        if self.view == view {
            return;
        }
        let old = &self.view;
        let icon = ((old.icon, old.badge) != (view.icon, view.badge)).then(|| pixmaps(view.icon, view.badge));
        let next = view.clone();
        let updated = self.handle.update(move |item| {
            if let Some(icon) = icon {
                item.icon = icon;
            }
            item.view = next;
        });
        if updated.is_none() {
            log::error!("the tray icon's D-Bus service has stopped; the icon cannot change");
        }
        self.view = view;
    }

    pub fn shutdown(self) {
        // Unregisters the item: the host removes the icon.
        self.handle.shutdown().wait();
    }
}
