//! Windows: the toast activator, the COM class through which Windows hands the app each click on one of its toasts
//! (the toast itself, 「対応の手順を見る」, 「確認しました」, 「10分後に再通知」): from the banner, from the
//! Notification Center, and while the app is not running, which Windows then starts with `-Embedding` from the
//! class's `LocalServer32` (Microsoft's "Activating toast notifications from desktop apps").
//!
//! The class is registered with COM (`CoRegisterClassObject`) at start, on a thread of its own in the process's
//! multithreaded apartment, so activations arrive on COM's threads and never wait for the tray's loop. Its CLSID is
//! named as `CustomActivator` under the AppUserModelID and its `LocalServer32` is the exe: machine-wide by the MSI,
//! for the user by a copied exe ([`register_for_user`]). Each activation's arguments are read by the core
//! ([`onshi_tray_core::toast::parse_arguments`]) and go to the loop as any other choice.
//! The `windows` crate's `implement` makes the COM objects; the interface's proxy is Windows' own.

use std::ffi::c_void;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc;
use std::time::Duration;

use onshi_tray_core::toast::parse_arguments;
use windows::core::{implement, IUnknown, Interface, Ref, Result, BOOL, GUID, PCWSTR};
use windows::Win32::Foundation::{CLASS_E_NOAGGREGATION, E_POINTER};
use windows::Win32::System::Com::{
    CoInitializeEx, CoRegisterClassObject, IClassFactory, IClassFactory_Impl, CLSCTX_LOCAL_SERVER,
    COINIT_MULTITHREADED, REGCLS_MULTIPLEUSE,
};
use windows::Win32::UI::Notifications::{
    INotificationActivationCallback, INotificationActivationCallback_Impl, NOTIFICATION_USER_INPUT_DATA,
};

use super::super::OnChoice;

/// The toast activator's class. Never change it: the MSI and every user's registration name it.
pub const CLSID: GUID = GUID::from_u128(0x5ee1a160_2f78_4ad2_a94a_9bf988cc9613);
/// [`CLSID`] as the registry writes it.
pub const CLSID_TEXT: &str = "{5EE1A160-2F78-4AD2-A94A-9BF988CC9613}";

/// Whether this process serves activations (the live toasts' `Activated` events are then not used: a click would
/// arrive twice).
static SERVING: AtomicBool = AtomicBool::new(false);

pub fn serving() -> bool {
    SERVING.load(Ordering::Relaxed)
}

#[implement(INotificationActivationCallback)]
struct Activator {
    on_choice: OnChoice,
}

impl INotificationActivationCallback_Impl for Activator_Impl {
    fn Activate(
        &self,
        _app_user_model_id: &PCWSTR,
        invoked_args: &PCWSTR,
        _data: *const NOTIFICATION_USER_INPUT_DATA,
        _count: u32,
    ) -> Result<()> {
        let arguments = if invoked_args.is_null() {
            String::new()
        } else {
            // SAFETY: COM hands a NUL-terminated UTF-16 string that lives for the call.
            String::from_utf16_lossy(unsafe { invoked_args.as_wide() })
        };
        match parse_arguments(&arguments) {
            Some((choice, window)) => {
                log::info!("toast activation: {choice:?} of {}", window.as_deref().unwrap_or("no window"));
                (self.on_choice)(window, choice);
            }
            None => {
                let shown: String = arguments.chars().take(80).collect();
                log::warn!("a toast activation that is not the app's own: {shown:?}");
            }
        }
        Ok(())
    }
}

#[implement(IClassFactory)]
struct Factory {
    on_choice: OnChoice,
}

impl IClassFactory_Impl for Factory_Impl {
    fn CreateInstance(&self, outer: Ref<IUnknown>, iid: *const GUID, object: *mut *mut c_void) -> Result<()> {
        if object.is_null() || iid.is_null() {
            return Err(E_POINTER.into());
        }
        // SAFETY: checked for null above; COM's out-parameter is cleared before anything can fail.
        unsafe { *object = std::ptr::null_mut() };
        if !outer.is_null() {
            return Err(CLASS_E_NOAGGREGATION.into());
        }
        let activator: INotificationActivationCallback = Activator { on_choice: self.on_choice.clone() }.into();
        // SAFETY: `iid` and `object` are COM's valid pointers (checked above).
        unsafe { activator.query(iid, object).ok() }
    }

    fn LockServer(&self, _lock: BOOL) -> Result<()> {
        Ok(())
    }
}

/// Registers the toast activator with COM for this process; clicks then reach `on_choice`. Waits up to five seconds
/// for the registration, so that the first toast knows whether it is served.
pub fn serve(on_choice: OnChoice) {
    let (said, heard) = mpsc::channel();
    let spawned = std::thread::Builder::new().name("activator".to_string()).spawn(move || {
        let factory: IClassFactory = Factory { on_choice }.into();
        // SAFETY: this thread joins the multithreaded apartment, which it keeps alive for the process (it parks
        // below and never leaves); the factory is a valid COM object.
        let registered = unsafe {
            CoInitializeEx(None, COINIT_MULTITHREADED)
                .ok()
                .and_then(|()| CoRegisterClassObject(&CLSID, &factory, CLSCTX_LOCAL_SERVER, REGCLS_MULTIPLEUSE))
        };
        let serving = registered.is_ok();
        let _ = said.send(registered.map(|_| ()));
        if serving {
            loop {
                std::thread::park();
            }
        }
    });
    let outcome = match spawned {
        Ok(_) => heard.recv_timeout(Duration::from_secs(5)).map_err(|_| "no answer within 5 s".to_string()),
        Err(err) => Err(err.to_string()),
    };
    match outcome {
        Ok(Ok(())) => {
            SERVING.store(true, Ordering::Relaxed);
            log::info!("toast activator {CLSID_TEXT} registered: clicks on notices reach the app");
        }
        Ok(Err(err)) => log::warn!(
            "cannot register the toast activator: {err}; a notice's buttons work only while its banner is on screen"
        ),
        Err(why) => log::warn!("cannot register the toast activator: {why}"),
    }
}

/// Names the activator for a copied exe, for this user: `CustomActivator` under the user's AppUserModelID key and
/// the class's `LocalServer32`, the path of this exe (COM adds `-Embedding`). Only what differs is written.
pub fn register_for_user(app_id_key: &winreg::RegKey) -> std::io::Result<()> {
    use winreg::enums::HKEY_CURRENT_USER;
    set_if_changed(app_id_key, "CustomActivator", CLSID_TEXT)?;
    let exe = std::env::current_exe()?;
    let (server, _) =
        winreg::RegKey::predef(HKEY_CURRENT_USER).create_subkey(format!(r"{}\LocalServer32", class_key()))?;
    set_if_changed(&server, "", &format!("\"{}\"", exe.display()))
}

/// Removes what a copied exe registered for the user, which would shadow the MSI's machine-wide class.
pub fn unregister_for_user() -> bool {
    winreg::RegKey::predef(winreg::enums::HKEY_CURRENT_USER).delete_subkey_all(class_key()).is_ok()
}

fn class_key() -> String {
    format!(r"Software\Classes\CLSID\{CLSID_TEXT}")
}

pub fn set_if_changed(key: &winreg::RegKey, value: &str, data: &str) -> std::io::Result<()> {
    if key.get_value::<String, _>(value).ok().as_deref() != Some(data) {
        key.set_value(value, &data)?;
    }
    Ok(())
}
