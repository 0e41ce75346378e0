//! Windows: the app's own toast XML ([`onshi_tray_core::toast`]) shown through WinRT's `ToastNotificationManager`, under
//! the app's registered AppUserModelID.
//!
//! A thin shell: the XML (the click and buttons with their activation arguments, sound, scenario, dismiss button) is
//! built and tested in the core; here it is loaded, given its tag and group (a window's next toast replaces this
//! one) and shown. The click, 「対応の手順を見る」, 「確認しました」 and 「10分後に再通知」 are foreground activations
//! that reach the app through its toast activator (`notify/activator.rs`), also from the Notification Center and
//! while the app is not running; where the activator could not be registered, through the live toast's `Activated`
//! event. The portal button is a protocol activation that Windows carries out itself.
//! `windows` is the crate Microsoft maintains for these APIs (already linked through tray-icon and winit's
//! dependencies); notify-rust's Windows path cannot set protocol activation, tag, group, scenario `urgent` or a sound.

use std::collections::HashMap;

use onshi_tray_core::delivery::{Attention, Delivery};
use onshi_tray_core::notice::NoticeText;
use onshi_tray_core::toast::{parse_arguments, plain_toast, tag, ToastContext, GROUP};
use windows::core::{IInspectable, Interface, HSTRING};
use windows::Data::Xml::Dom::XmlDocument;
use windows::Foundation::{DateTime, IReference, PropertyValue, TypedEventHandler};
use windows::UI::Notifications::{ToastActivatedEventArgs, ToastNotification, ToastNotificationManager, ToastNotifier};

use super::{Callbacks, OnChoice, Request};
use crate::platform::paths::APP_USER_MODEL_ID;

#[path = "activator.rs"]
mod activator;

/// What to check when a notification could not be shown.
const NOT_SHOWN_HINT: &str = "are notifications on for onshi-tray (Settings > System > Notifications)?";

/// The toasts of this run, by window: kept so that their `Activated` handlers stay connected.
#[derive(Default)]
pub struct Live {
    notifier: Option<ToastNotifier>,
    by_window: HashMap<String, ToastNotification>,
}

impl Live {
    fn notifier(&mut self) -> windows::core::Result<&ToastNotifier> {
        if self.notifier.is_none() {
            self.notifier =
                Some(ToastNotificationManager::CreateToastNotifierWithId(&HSTRING::from(APP_USER_MODEL_ID))?);
        }
        Ok(self.notifier.as_ref().expect("set above"))
    }

    /// A toast is found by its tag, also one of an earlier run: nothing to restore.
    pub fn restore(&mut self, _on_screen: std::collections::BTreeMap<String, u32>) {}

    /// Removes the window's toast from the screen (`Hide`, for a toast of this run) and the Notification Center.
    pub fn close(&mut self, window: &str) {
        if let Some(toast) = self.by_window.remove(window) {
            if let Err(err) = self.notifier().and_then(|notifier| notifier.Hide(&toast)) {
                log::debug!("cannot hide the toast of {window}: {err}");
            }
        }
        let removed = ToastNotificationManager::History().and_then(|history| {
            history.RemoveGroupedTagWithId(
                &HSTRING::from(tag(window)),
                &HSTRING::from(GROUP),
                &HSTRING::from(APP_USER_MODEL_ID),
            )
        });
        match removed {
            Ok(()) => log::info!("closed the notice of {window}"),
            Err(err) => log::warn!("cannot close the notice of {window}: {err}"),
        }
    }
}

/// Shows the request's toast; a foreground button reaches `callbacks.choice`.
pub fn show(request: Request, live: &mut Live, callbacks: &Callbacks) {
    let shown = toast(&request, &callbacks.choice).and_then(|toast| {
        live.notifier()?.Show(&toast)?;
        Ok(toast)
    });
    match shown {
        Ok(toast) => {
            let shown = &request.presentation;
            log::info!("shown: {}{}", shown.log_as, if shown.critical { " [critical]" } else { "" });
            (callbacks.shown)(request.presentation.window.clone(), None);
            if let Some(window) = request.presentation.window {
                live.by_window.insert(window, toast);
            }
        }
        Err(err) => {
            // A notifier that failed once is made again for the next notice.
            live.notifier = None;
            let presentation = &request.presentation;
            match crate::platform::host::show_balloon(&presentation.title, &presentation.body) {
                Ok(()) => {
                    log::warn!("shown (balloon): {} (no toast: {err})", presentation.log_as);
                    (callbacks.shown)(presentation.window.clone(), None);
                }
                Err(why) => {
                    log::error!("notification not shown ({}): {err}; {why}; {NOT_SHOWN_HINT}", presentation.log_as);
                    let reason = format!("{err}; {why}");
                    (callbacks.not_shown)(request, reason);
                }
            }
        }
    }
}

/// Registers the app's toast activator, through which clicks on its toasts reach `callbacks.choice`.
pub fn serve_activations(callbacks: &Callbacks) {
    activator::serve(callbacks.choice.clone());
}

fn toast(request: &Request, on_choice: &OnChoice) -> windows::core::Result<ToastNotification> {
    let context = ToastContext { urgent_supported: crate::platform::toast_urgent_supported() };
    let rendered = onshi_tray_core::toast::render(&request.presentation, context);
    let xml = XmlDocument::new()?;
    xml.LoadXml(&HSTRING::from(rendered.xml.as_str()))?;
    let toast = ToastNotification::CreateToastNotification(&xml)?;
    if let Some(expires) = request.presentation.expires {
        // WinRT's DateTime: 100-ns ticks since 1601-01-01 UTC.
        let ticks = (expires.timestamp_millis() + 11_644_473_600_000) * 10_000;
        let value = PropertyValue::CreateDateTime(DateTime { UniversalTime: ticks })?;
        toast.SetExpirationTime(&value.cast::<IReference<DateTime>>()?)?;
    }
    if let Some(tag) = &rendered.tag {
        toast.SetTag(&HSTRING::from(tag.as_str()))?;
        toast.SetGroup(&HSTRING::from(GROUP))?;
    }
    if activator::serving() {
        return Ok(toast);
    }
    let (window, on_choice) = (request.presentation.window.clone(), on_choice.clone());
    toast.Activated(&TypedEventHandler::<ToastNotification, IInspectable>::new(move |_, args| {
        let arguments =
            args.as_ref().and_then(|a| a.cast::<ToastActivatedEventArgs>().ok()).and_then(|a| a.Arguments().ok());
        // The arguments name their window; this toast's own is the fallback (the bare arguments of old toasts).
        match arguments.and_then(|a| parse_arguments(&a.to_string())) {
            Some((choice, named)) if named.is_some() || window.is_some() => on_choice(named.or(window.clone()), choice),
            _ => log::debug!("a toast activation that is not the app's own"),
        }
        Ok(())
    }))?;
    Ok(toast)
}

/// Shows one plain toast right away, on this thread (for messages before the loop runs).
pub fn notify_once(title: &str, body: &str) {
    let text = NoticeText { title: title.to_string(), body: body.to_string() };
    let shown =
        ToastNotificationManager::CreateToastNotifierWithId(&HSTRING::from(APP_USER_MODEL_ID)).and_then(|notifier| {
            let xml = XmlDocument::new()?;
            xml.LoadXml(&HSTRING::from(plain_toast(&text).xml))?;
            notifier.Show(&ToastNotification::CreateToastNotification(&xml)?)
        });
    if let Err(err) = shown {
        log::warn!("notification not shown: {err}");
    }
}

/// `ToastNotifier.Setting`. An unpackaged app cannot read it before its first toast (Windows answers "element not
/// found"): that, and any other failure, counts as on, so the notices are still sent and their failures logged.
pub fn delivery() -> Delivery {
    let setting = ToastNotificationManager::CreateToastNotifierWithId(&HSTRING::from(APP_USER_MODEL_ID))
        .and_then(|notifier| notifier.Setting());
    match setting {
        Ok(setting) => Delivery::from_winrt(setting.0),
        Err(err) => {
            log::debug!("cannot read the notification setting: {err}");
            Delivery::On
        }
    }
}

/// `SHQueryUserNotificationState`: whether Windows shows a toast's banner now, or holds it back in the Notification
/// Center (a full-screen program, presentation mode, Do Not Disturb, nobody at the screen). A failed query counts
/// as accepting: the notice is shown as always.
pub fn attention() -> Attention {
    use windows_sys::Win32::UI::Shell::SHQueryUserNotificationState;
    let mut state = 0;
    // SAFETY: the out-pointer is to a live local of the state's type (an i32).
    match unsafe { SHQueryUserNotificationState(&mut state) } {
        0 => Attention::from_quns(state),
        hr => {
            log::debug!("cannot read the user notification state: HRESULT {hr:#x}");
            Attention::Accepting
        }
    }
}

/// A message that must be read now, when toasts cannot be seen: a message box, on a thread of its own so the tray
/// keeps working while it is open.
pub fn alert(title: &str, body: &str) {
    use windows_sys::Win32::UI::WindowsAndMessaging::{
        MessageBoxW, MB_ICONWARNING, MB_OK, MB_SETFOREGROUND, MB_TOPMOST,
    };
    let wide = |s: &str| s.encode_utf16().chain(Some(0)).collect::<Vec<u16>>();
    let (title, body) = (wide(title), wide(body));
    let _ = std::thread::Builder::new().name("alert".to_string()).spawn(move || {
        // SAFETY: both strings are NUL-terminated UTF-16 that live until the call returns; no owner window.
        unsafe {
            MessageBoxW(
                std::ptr::null_mut(),
                body.as_ptr(),
                title.as_ptr(),
                MB_OK | MB_ICONWARNING | MB_SETFOREGROUND | MB_TOPMOST,
            );
        }
    });
}

/// A notice that must get through while notifications are off: a top-most message box with はい and いいえ, on a
/// thread of its own (it waits for someone at the counter without holding up the tray); はい calls `on_yes`.
pub fn ask(title: &str, body: &str, on_yes: impl FnOnce() + Send + 'static) {
    use windows_sys::Win32::UI::WindowsAndMessaging::MB_ICONWARNING;
    yes_no("ask", title, body, MB_ICONWARNING, on_yes);
}

/// The question of an import: a message box listing the windows with はい (add) and いいえ, いいえ the default
/// (Enter never adds by accident), on a thread of its own; はい calls `on_yes`. Always `Some`: Windows asks so.
pub fn ask_import(title: &str, body: &str, on_yes: impl FnOnce() + Send + 'static) -> Option<()> {
    use windows_sys::Win32::UI::WindowsAndMessaging::{MB_DEFBUTTON2, MB_ICONQUESTION};
    yes_no("ask-import", title, body, MB_DEFBUTTON2 | MB_ICONQUESTION, on_yes);
    Some(())
}

/// A top-most message box with はい and いいえ (and `style`) on a thread named `thread`; はい calls `on_yes`.
fn yes_no(thread: &str, title: &str, body: &str, style: u32, on_yes: impl FnOnce() + Send + 'static) {
    use windows_sys::Win32::UI::WindowsAndMessaging::{MessageBoxW, IDYES, MB_SETFOREGROUND, MB_TOPMOST, MB_YESNO};
    let wide = |s: &str| s.encode_utf16().chain(Some(0)).collect::<Vec<u16>>();
    let (title, body) = (wide(title), wide(body));
    let _ = std::thread::Builder::new().name(thread.to_string()).spawn(move || {
        // SAFETY: both strings are NUL-terminated UTF-16 that live until the call returns; no owner window.
        let answer = unsafe {
            MessageBoxW(
                std::ptr::null_mut(),
                body.as_ptr(),
                title.as_ptr(),
                MB_YESNO | style | MB_SETFOREGROUND | MB_TOPMOST,
            )
        };
        if answer == IDYES {
            on_yes();
        }
    });
}

/// Registers the AppUserModelID of this unpackaged app, so that Windows shows its toasts as オン資メンテナンス通知 with
/// its icon and hands their clicks to its toast activator. The MSI registers both machine-wide
/// (`HKLM\Software\Classes\AppUserModelId\<id>` with `CustomActivator`, and the activator's class, removed at
/// uninstall) and the id on its Start-menu shortcut; only a copied exe registers them for the user (the same keys
/// under HKCU, the pattern the Windows Community Toolkit uses for desktop apps), and only what differs is written.
pub fn register_app_id(data_dir: &std::path::Path) -> std::io::Result<()> {
    use winreg::enums::{HKEY_CURRENT_USER, HKEY_LOCAL_MACHINE};
    let key = format!(r"Software\Classes\AppUserModelId\{APP_USER_MODEL_ID}");
    if winreg::RegKey::predef(HKEY_LOCAL_MACHINE).open_subkey(&key).is_ok() {
        // What an earlier version (or a copied exe) registered for the user would shadow the machine-wide entries.
        if winreg::RegKey::predef(HKEY_CURRENT_USER).delete_subkey_all(&key).is_ok() {
            log::info!("removed the per-user AppUserModelID: the installed package registers it machine-wide");
        }
        if activator::unregister_for_user() {
            log::info!("removed the per-user toast activator: the installed package registers it machine-wide");
        }
        return Ok(());
    }
    let icon = data_dir.join("onshi-tray.png");
    let png: &[u8] = include_bytes!("../../../assets/idle.png");
    if std::fs::read(&icon).ok().as_deref() != Some(png) {
        std::fs::create_dir_all(data_dir)?;
        std::fs::write(&icon, png)?;
    }
    let (key, _) = winreg::RegKey::predef(HKEY_CURRENT_USER).create_subkey(&key)?;
    // Toasts are titled by this name: the app's Japanese name, as in the Start menu.
    let name = onshi_tray_core::notice::app_name(onshi_tray_core::config::Language::Ja).to_string();
    for (value, data) in [
        ("DisplayName", name),
        ("IconUri", icon.display().to_string()),
        ("IconBackgroundColor", "FFDDDDDD".to_string()),
    ] {
        activator::set_if_changed(&key, value, &data)?;
    }
    activator::register_for_user(&key)
}
