//! Whether notices can be seen on this PC, and what staff and IT are told when they cannot.
//!
//! Windows reports it as `ToastNotifier.Setting` (`Windows.UI.Notifications.NotificationSetting`): notifications can be
//! switched off for the app, for the user (all apps), by Group Policy, or by the app's manifest. The shell reads the
//! raw value; everything said about it is decided here, so it is the same in the tray, the log and `check`.

use crate::config::Language;

/// What the platform says about showing this app's notices.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Delivery {
    /// On, or nothing says otherwise (Linux and macOS report nothing; an unpackaged Windows app cannot read its
    /// setting before its first toast).
    #[default]
    On,
    /// Off for this app (Settings > System > Notifications > the app, or 「通知をオフにする」 on one of its toasts).
    OffForApp,
    /// Off for every app of this user (Settings > System > Notifications).
    OffForUser,
    /// Off by Group Policy (「トースト通知をオフにする」).
    OffByPolicy,
    /// Refused because of how the app is registered (a broken AppUserModelID).
    OffByManifest,
}

impl Delivery {
    /// From the raw `NotificationSetting` value (0 = Enabled … 4 = DisabledByManifest). A value Windows may add later
    /// is not taken as "off": the notices are still sent and a failure is logged as such.
    pub fn from_winrt(setting: i32) -> Delivery {
        match setting {
            1 => Delivery::OffForApp,
            2 => Delivery::OffForUser,
            3 => Delivery::OffByPolicy,
            4 => Delivery::OffByManifest,
            _ => Delivery::On,
        }
    }

    /// The value's name as `check`, `status` and the log write it.
    pub fn code(self) -> &'static str {
        match self {
            Delivery::On => "on",
            Delivery::OffForApp => "off-for-app",
            Delivery::OffForUser => "off-for-user",
            Delivery::OffByPolicy => "off-by-policy",
            Delivery::OffByManifest => "off-by-manifest",
        }
    }

    pub fn is_off(self) -> bool {
        self != Delivery::On
    }

    /// For IT: why notices cannot be seen and how to turn them on (English, as the log and `check` are).
    pub fn explain(self) -> Option<&'static str> {
        Some(match self {
            Delivery::On => return None,
            Delivery::OffForApp => {
                "notifications are off for onshi-tray: turn them on in Settings > System > Notifications > オン資メンテナンス通知"
            }
            Delivery::OffForUser => {
                "notifications are off for every app of this user: turn on Settings > System > Notifications"
            }
            Delivery::OffByPolicy => {
                "notifications are off by Group Policy (User Configuration > Administrative Templates > Start Menu and Taskbar > Notifications > Turn off toast notifications): ask the domain administrator"
            }
            Delivery::OffByManifest => {
                "Windows refuses this app's notifications (its registration is broken): repair or reinstall onshi-tray"
            }
        })
    }

    /// Added to the tray's status line (and tooltip) while notices cannot be seen.
    pub fn status_suffix(self, language: Language) -> &'static str {
        match (self.is_off(), language) {
            (false, _) => "",
            (true, Language::Ja) => "・通知がオフです",
            (true, Language::En) => " · notifications are off",
        }
    }

    /// What 「テスト通知を送る」 answers (in a message box) when notices cannot be seen: staff are not told that a
    /// notice was sent, and are told whom to ask.
    pub fn test_answer(self, language: Language) -> Option<(&'static str, &'static str)> {
        Some(match (self, language) {
            (Delivery::On, _) => return None,
            (Delivery::OffForApp, Language::Ja) => (
                "通知がオフになっています",
                "このPCではオン資メンテナンス通知の通知がオフになっているため、テスト通知は表示されません。\n\n「設定」→「システム」→「通知」で「オン資メンテナンス通知」をオンにしてください。分からない場合は、PCの管理者にお伝えください。",
            ),
            (Delivery::OffForUser, Language::Ja) => (
                "通知がオフになっています",
                "このPCでは通知がすべてオフになっているため、テスト通知は表示されません。\n\n「設定」→「システム」→「通知」をオンにしてください。分からない場合は、PCの管理者にお伝えください。",
            ),
            (Delivery::OffByPolicy | Delivery::OffByManifest, Language::Ja) => (
                "通知がオフになっています",
                "このPCの管理設定により通知がオフになっているため、テスト通知は表示されません。\n\nPCの管理者（または保守業者）にお伝えください。",
            ),
            (Delivery::OffForApp, Language::En) => (
                "Notifications are off",
                "Notifications of onshi-tray are off on this PC, so the test notification cannot be shown.\n\nTurn them on in Settings > System > Notifications > オン資メンテナンス通知, or ask the PC's administrator.",
            ),
            (Delivery::OffForUser, Language::En) => (
                "Notifications are off",
                "All notifications are off on this PC, so the test notification cannot be shown.\n\nTurn on Settings > System > Notifications, or ask the PC's administrator.",
            ),
            (Delivery::OffByPolicy | Delivery::OffByManifest, Language::En) => (
                "Notifications are off",
                "This PC's management settings turn notifications off, so the test notification cannot be shown.\n\nAsk the PC's administrator or vendor.",
            ),
        })
    }
}

/// Whether the person at the PC can see a notice now, as Windows says through `SHQueryUserNotificationState`. While a
/// full-screen program runs (how many clinics run their レセコン or 電子カルテ), a presentation is given, Do Not Disturb
/// (Focus Assist) is on or nobody is at the screen, Windows sends a toast straight to the Notification Center without
/// a banner or a sound: the notice is held back, and shown again once the state accepts notifications.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Attention {
    /// `QUNS_ACCEPTS_NOTIFICATIONS`, or nothing says otherwise (Linux and macOS report nothing).
    #[default]
    Accepting,
    /// `QUNS_NOT_PRESENT`: the screen saver runs, the PC is locked, or another user is switched in.
    NotPresent,
    /// `QUNS_BUSY`: a full-screen program runs (Windows then turns Do Not Disturb on by itself), or presentation
    /// settings are applied.
    Busy,
    /// `QUNS_RUNNING_D3D_FULL_SCREEN`: a full-screen Direct3D program (a game, a video, some viewers).
    FullScreen,
    /// `QUNS_PRESENTATION_MODE`: the user turned on presentation settings.
    Presentation,
    /// `QUNS_QUIET_TIME`: the first hour after a user's first sign-in, or after Windows was upgraded or installed.
    QuietTime,
    /// `QUNS_APP`: a Windows Store app runs full-screen.
    App,
}

impl Attention {
    /// From the raw `QUERY_USER_NOTIFICATION_STATE` (1 = not present … 7 = app). A value Windows may add later, or a
    /// failed query, is taken as accepting: the notice is shown as always and nothing is held back.
    pub fn from_quns(state: i32) -> Attention {
        match state {
            1 => Attention::NotPresent,
            2 => Attention::Busy,
            3 => Attention::FullScreen,
            4 => Attention::Presentation,
            6 => Attention::QuietTime,
            7 => Attention::App,
            _ => Attention::Accepting,
        }
    }

    /// Its name in the log.
    pub fn code(self) -> &'static str {
        match self {
            Attention::Accepting => "accepting",
            Attention::NotPresent => "nobody at the screen",
            Attention::Busy => "full-screen program or do not disturb",
            Attention::FullScreen => "full-screen Direct3D program",
            Attention::Presentation => "presentation mode",
            Attention::QuietTime => "quiet time",
            Attention::App => "full-screen Store app",
        }
    }

    /// Whether Windows holds a toast back now (to the Notification Center, without a banner or a sound).
    pub fn holds_back(self) -> bool {
        self != Attention::Accepting
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_winrt_value_maps_and_unknown_values_are_not_off() {
        let mapped: Vec<_> = (-1..=5).map(Delivery::from_winrt).map(Delivery::code).collect();
        assert_eq!(mapped, ["on", "on", "off-for-app", "off-for-user", "off-by-policy", "off-by-manifest", "on"]);
    }

    #[test]
    fn every_user_notification_state_is_decided() {
        // SHQueryUserNotificationState's values 1..=7, and what lies around them.
        let decided: Vec<_> = (0..=8).map(Attention::from_quns).map(|a| (a.holds_back(), a.code())).collect();
        assert_eq!(
            decided,
            [
                (false, "accepting"),
                (true, "nobody at the screen"),
                (true, "full-screen program or do not disturb"),
                (true, "full-screen Direct3D program"),
                (true, "presentation mode"),
                (false, "accepting"),
                (true, "quiet time"),
                (true, "full-screen Store app"),
                (false, "accepting"),
            ]
        );
    }

    #[test]
    fn only_an_off_setting_has_words() {
        for setting in 0..=4 {
            let delivery = Delivery::from_winrt(setting);
            let off = setting != 0;
            assert_eq!(delivery.explain().is_some(), off, "{delivery:?}");
            assert_eq!(delivery.test_answer(Language::Ja).is_some(), off);
            assert_eq!(delivery.status_suffix(Language::En).is_empty(), !off);
        }
    }

    #[test]
    fn the_fix_is_named_for_staff_and_for_it() {
        let (_, body) = Delivery::OffForApp.test_answer(Language::Ja).unwrap();
        assert!(body.contains("「設定」→「システム」→「通知」") && body.contains("オン資メンテナンス通知"), "{body}");
        let (_, body) = Delivery::OffByPolicy.test_answer(Language::Ja).unwrap();
        assert!(body.contains("管理者"), "{body}");
        assert!(Delivery::OffByPolicy.explain().unwrap().contains("Turn off toast notifications"));
    }
}
