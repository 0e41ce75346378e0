//! One PC's reception day as a state machine without input or output: what is on screen, what is in progress,
//! what is retried, what could not be seen, and what staff chose.
//!
//! The shell (the tray app) and `simulate` drive the same [`Reception`]: they tell it what they observed (a wake
//! at `now` with the platform's notification setting, a notice the platform did not show, a person's choice, a new
//! config) and carry out the [`Effect`]s it returns, in order. Nothing here reads the clock, a file or a
//! notification server; every rule about which notice is shown, with which buttons, when it is closed and what
//! happens when it could not be shown is decided here, and tested as data.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{DateTime, Duration, Utc};

use crate::config::{Config, Window};
use crate::delivery::{Attention, Delivery};
use crate::icon::Look;
use crate::notice::{self, NoticeText};
use crate::report::jst;
use crate::schedule::{self, Due, NoticeKind, NoticeLog, Schedule, HEADS_UP_WITHIN, SNOOZE};
use crate::toast;

/// How long a notice that was not shown is tried again.
pub const RETRY_FOR: Duration = Duration::minutes(30);

/// How long after a window's end the tray says that it took place (「前回：… 作業あり」), unless staff acknowledge it
/// sooner: a window on Saturday night is still said on Wednesday, past a long weekend's first open days.
pub const AFTER_STAYS: Duration = Duration::days(4);

/// While a notice is held back (see [`Attention`]), how often the shell is asked to look at the state again: the held
/// notice is shown again within this long of the full-screen program's end.
pub const HELD_RECHECK: Duration = Duration::seconds(10);

/// What a button on a notice (or a click on it) does.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Action {
    /// Opens the guidance page about the notice's window: a click on the notice does this too.
    Guide,
    /// Opens this address (the portal article).
    Open(String),
    /// 「確認しました」 for the notice's window.
    Acknowledge,
    /// 「10分後に再通知」 for the notice's window.
    Snooze,
    /// 「追加する」 on the question of an import ([`crate::offer`]).
    AddImport,
    /// 「やめる」 on it.
    Decline,
}

impl Action {
    /// The action key sent to a freedesktop notification server: the guidance page is the `default` action, what a
    /// click on the notice does (servers that draw it as a button, such as xfce4-notifyd, show its label once).
    pub fn key(&self) -> &'static str {
        match self {
            Action::Guide => "default",
            Action::Open(_) => "portal",
            Action::Acknowledge => "acknowledge",
            Action::Snooze => "snooze",
            Action::AddImport => "add-import",
            Action::Decline => "decline",
        }
    }
}

/// A choice a person made on a notice or in the tray menu.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Choice {
    Acknowledge,
    /// Takes 「確認しました」 back (the menu's 確認済み item).
    Unacknowledge,
    Snooze,
    /// Open the guidance page (for the notice's window, if it has one).
    Guide,
    /// Add the windows an import found (the question's 追加する, or はい in its message box).
    AddImport,
    /// Do not add them (やめる).
    Decline,
}

/// A notice as it is to be shown, decided once and rendered by each platform (the toast XML on Windows,
/// notify-rust elsewhere).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Presentation {
    /// The name the notice is titled with (オン資メンテナンス通知 in Japanese).
    pub app_name: &'static str,
    pub title: String,
    pub body: String,
    /// In progress while staff are there: critical urgency where the platform has one.
    pub critical: bool,
    /// Shown while its window is in progress (Windows keeps it as a reminder until dismissed).
    pub in_progress: bool,
    /// Stays on screen until someone acts on it (no time-out): the heads-up, a snoozed reminder, the after-notice,
    /// and an in-progress notice while staff are there.
    pub stays: bool,
    /// The picture of the state it tells of (the tray's icon for it), with the settings badge for a config error.
    pub look: Look,
    pub badge: bool,
    /// The window it is about: its new notice replaces the previous one, and [`Effect::Close`] takes it away.
    pub window: Option<String>,
    /// The notice of the schedule it shows, if it is one (a plain notice is about no window).
    pub due: Option<Due>,
    /// Buttons with their labels, in order; a click on the notice does what `Guide` does, or else the first `Open`.
    pub actions: Vec<(Action, String)>,
    /// The toast tag of its window within [`toast::GROUP`].
    pub tag: Option<String>,
    /// What the log says of it, once shown.
    pub log_as: String,
    /// How many times it was tried before, and when it was first tried.
    pub attempt: u32,
    pub first_try: DateTime<Utc>,
    /// When it may leave the Notification Center by itself (Windows' `ExpirationTime`), so that nothing stale stays
    /// there, also after the app stops: see [`expiration`]. None: the platform's default (a plain notice).
    pub expires: Option<DateTime<Utc>>,
}

/// A log line for the administrator (the shell writes it to its log; `simulate` may print it).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Level {
    Info,
    Warn,
}

/// What the shell is to do, in order.
// A wake has a handful of effects, nearly all of them notices: boxing them would only add an allocation each.
#[allow(clippy::large_enum_variant)]
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Effect {
    /// Show this notice (replacing its window's previous one).
    Show(Presentation),
    /// Take this window's notice off the screen.
    Close(String),
    /// Write the notice log.
    SaveLog,
    /// Open the guidance page about this window (an index into the config's windows), or the general one.
    OpenGuide(Option<usize>),
    /// Call [`Reception::wake`] at this instant (the shell wakes earlier too: sleep fools its timers).
    WakeAt(DateTime<Utc>),
    /// While notifications are off: a message box (top-most, on a thread of its own) with this text; its 「はい」
    /// opens the guidance page about `window` (the shell sends [`Choice::Guide`] back).
    Alert {
        window: Option<String>,
        title: String,
        body: String,
    },
    Log(Level, String),
}

/// The state of one PC's notices.
#[derive(Clone, Debug, Default)]
pub struct Reception {
    /// What was shown and chosen; persisted by the shell ([`Effect::SaveLog`]).
    pub log: NoticeLog,
    delivery: Delivery,
    /// Windows whose live notice is an in-progress one (or one a previous run left on screen): closed when the
    /// window ends.
    in_progress: BTreeSet<String>,
    /// Notices the platform did not show, with when to try each again.
    retries: Vec<(DateTime<Utc>, Presentation)>,
    /// When each window's latest notice was sent (a retry of an older one is then pointless).
    last_sent: BTreeMap<String, DateTime<Utc>>,
    /// Whether the person at the PC can see a notice now, as last observed.
    attention: Attention,
    /// Each window's latest notice shown while the platform held notices back: shown again once it accepts them.
    held: BTreeMap<String, Presentation>,
    /// The windows and kinds (`start`, `after`) whose notice became a message box while notifications were off.
    alerted: BTreeSet<(String, &'static str)>,
    /// Since when notices have not reached the screen, and why (the latest failure), until one is shown again.
    failing: Option<Failing>,
}

/// Notices that could not be shown (no notification server, an error, a server that does not answer): since when,
/// and the latest reason.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Failing {
    pub since: DateTime<Utc>,
    pub reason: String,
}

impl Reception {
    /// A start of the app with the notice log it persisted. Notices a previous run left on screen
    /// ([`NoticeLog::on_screen`]) are replaced by their window's next notice, or closed once their window is over.
    pub fn new(log: NoticeLog) -> Reception {
        let in_progress = log.on_screen.keys().cloned().collect();
        Reception { log, in_progress, ..Reception::default() }
    }

    /// The platform showed a notice (of `window`, under the server's `id` where it gives one): notices reach the
    /// screen; the id is kept in the notice log, so that it can be closed, also by the next run.
    pub fn shown(&mut self, window: Option<&str>, id: Option<u32>) -> Vec<Effect> {
        let mut effects = Vec::new();
        if let Some(failing) = self.failing.take() {
            effects.push(Effect::Log(
                Level::Info,
                format!("notices reach the screen again (they could not since {})", jst(failing.since)),
            ));
        }
        if let (Some(window), Some(id)) = (window, id) {
            if self.log.on_screen.insert(window.to_string(), id) != Some(id) {
                effects.push(Effect::SaveLog);
            }
        }
        effects
    }

    /// Since when notices have not reached the screen, and why; `None` while they do.
    pub fn failing(&self) -> Option<&Failing> {
        self.failing.as_ref()
    }

    /// The app stops (a quit, a signal, the end of the session): nothing of it stays on screen.
    pub fn quit(&mut self) -> Vec<Effect> {
        let live: BTreeSet<String> = self.log.on_screen.keys().chain(&self.in_progress).cloned().collect();
        let mut effects: Vec<Effect> = live.into_iter().map(|id| self.close(&id)).collect();
        if !effects.is_empty() {
            effects.push(Effect::SaveLog);
        }
        effects
    }

    /// Takes the notice of the window with this id off the screen.
    fn close(&mut self, id: &str) -> Effect {
        self.in_progress.remove(id);
        self.held.remove(id);
        self.log.on_screen.remove(id);
        Effect::Close(id.to_string())
    }

    /// Whether notices can be seen, as last observed.
    pub fn delivery(&self) -> Delivery {
        self.delivery
    }

    /// Whether the person at the PC could see a notice, as last observed.
    pub fn attention(&self) -> Attention {
        self.attention
    }

    /// The platform's notification setting as just read; a change is said once, with the fix.
    pub fn observe_delivery(&mut self, delivery: Delivery) -> Vec<Effect> {
        if delivery == self.delivery {
            return Vec::new();
        }
        self.delivery = delivery;
        vec![match delivery.explain() {
            Some(why) => {
                Effect::Log(Level::Warn, format!("{why}; notices are logged but not shown ({})", delivery.code()))
            }
            None => Effect::Log(Level::Info, "notifications are on again".to_string()),
        }]
    }

    /// Whether the person at the PC can see a notice, as just read (before each wake). Notices shown while it holds
    /// them back are logged as held back; once it accepts notices again, each window's latest held notice is shown
    /// again, presented for that moment, under the same tag (it replaces the one waiting in the Notification Center).
    pub fn observe_attention(
        &mut self,
        schedule: &Schedule<'_>,
        attention: Attention,
        now: DateTime<Utc>,
    ) -> Vec<Effect> {
        let was = std::mem::replace(&mut self.attention, attention);
        match (was.holds_back(), attention.holds_back()) {
            (false, true) => {
                return vec![Effect::Log(Level::Info, format!("notices are held back from now: {}", attention.code()))]
            }
            (true, false) => {}
            _ => return Vec::new(),
        }
        let config = schedule.config;
        let mut effects = vec![Effect::Log(Level::Info, format!("notices are seen again (was: {})", was.code()))];
        for (window, old) in std::mem::take(&mut self.held) {
            let Some(index) = config.windows.iter().position(|w| w.id == window) else { continue };
            let Some(due) = old.due else { continue };
            // Still what the window calls for: before its end, or its after-notice while that still applies.
            if !(now < config.windows[index].end || is_after(config, &self.log, index, now)) {
                continue;
            }
            let due = Due { notice: schedule::Notice { window_idx: index, ..due.notice }, late: true, ..due };
            let again = present(schedule, &self.log, &due, now);
            effects.push(Effect::Log(Level::Info, format!("shown again after being held back: {}", again.log_as)));
            self.last_sent.insert(window, now);
            effects.push(Effect::Show(again));
        }
        effects
    }

    /// Notes each notice about to be shown while the platform holds notices back (and forgets a window's held notice
    /// once a newer one is seen).
    fn note_held(&mut self, effects: Vec<Effect>) -> Vec<Effect> {
        let mut out = Vec::with_capacity(effects.len());
        for effect in effects {
            let held = match &effect {
                Effect::Show(p) if self.attention.holds_back() => {
                    if let Some(window) = &p.window {
                        self.held.insert(window.clone(), p.clone());
                    }
                    Some(Effect::Log(Level::Info, format!("held back ({}): {}", self.attention.code(), p.log_as)))
                }
                Effect::Show(p) => {
                    if let Some(window) = &p.window {
                        self.held.remove(window);
                    }
                    None
                }
                _ => None,
            };
            out.push(effect);
            out.extend(held);
        }
        out
    }

    /// One wake at `now`: what fell due is shown, in-progress notices of windows that ended are closed, retries
    /// that are due are sent, and the next instant to wake at is named (the last effect; none when nothing is ahead).
    pub fn wake(&mut self, schedule: &Schedule<'_>, now: DateTime<Utc>) -> Vec<Effect> {
        let config = schedule.config;
        let due = schedule.step(&mut self.log, now);
        let mut effects = Vec::new();
        for item in &due {
            let window = &config.windows[item.notice.window_idx];
            let presentation = present(schedule, &self.log, item, now);
            if presentation.in_progress {
                self.in_progress.insert(window.id.clone());
            } else {
                // This notice replaces the in-progress one on screen.
                self.in_progress.remove(&window.id);
            }
            if let Some(withheld) = self.withheld(&presentation) {
                effects.push(withheld);
                let shown_as = notice::shown_kind(window, item.notice.kind, now);
                effects.extend(self.alert(config, &window.id, shown_as, &presentation));
                continue;
            }
            self.last_sent.insert(window.id.clone(), now);
            self.retries.retain(|(_, r)| r.window.as_ref() != Some(&window.id));
            effects.push(Effect::Show(presentation));
        }
        // Nothing red stays on screen after a window's end: close what the end notice did not replace; and nothing
        // stays about a window that is gone, or whose after-notice no longer applies (acknowledged, or days old).
        let stale: BTreeSet<String> = self
            .in_progress
            .iter()
            .chain(self.log.on_screen.keys())
            .filter(|id| match config.windows.iter().position(|w| &w.id == *id) {
                None => true,
                Some(i) if now < config.windows[i].end => false,
                Some(i) => self.in_progress.contains(*id) || !is_after(config, &self.log, i, now),
            })
            .cloned()
            .collect();
        let closed = !stale.is_empty();
        for id in stale {
            effects.push(self.close(&id));
        }
        if !due.is_empty() || closed {
            effects.push(Effect::SaveLog);
        }
        let (retry, later): (Vec<_>, Vec<_>) =
            std::mem::take(&mut self.retries).into_iter().partition(|(at, _)| *at <= now);
        self.retries = later;
        if !self.delivery.is_off() {
            // A notice of the schedule is presented anew, for the moment it is shown (「あと6分」, not 「あと15分」).
            effects.extend(retry.into_iter().filter_map(|(_, old)| match old.due {
                None => Some(Effect::Show(old)),
                Some(due) => {
                    let index = config.windows.iter().position(|w| Some(&w.id) == old.window.as_ref())?;
                    let due = Due { notice: schedule::Notice { window_idx: index, ..due.notice }, late: true, ..due };
                    Some(Effect::Show(Presentation {
                        attempt: old.attempt,
                        first_try: old.first_try,
                        ..present(schedule, &self.log, &due, now)
                    }))
                }
            }));
        }
        let mut effects = self.note_held(effects);
        effects.extend(self.next_wake(schedule, now).map(Effect::WakeAt));
        effects
    }

    /// The next instant anything may happen (a notice, a change of state, a retry, a look at a held notice), if any.
    fn next_wake(&self, schedule: &Schedule<'_>, now: DateTime<Utc>) -> Option<DateTime<Utc>> {
        let retry = self.retries.iter().map(|(at, _)| *at).min();
        let held = (self.attention.holds_back() && !self.held.is_empty()).then(|| now + HELD_RECHECK);
        [schedule.next_change(&self.log, now), retry, held].into_iter().flatten().min()
    }

    /// A notice that is not one of the schedule's (the test notice, a config error, the first-start notice), with
    /// the picture of the tray's state (`look`, and `badge` for a config error).
    pub fn plain(
        &mut self,
        language: crate::config::Language,
        text: NoticeText,
        log_as: String,
        (look, badge): (Look, bool),
        now: DateTime<Utc>,
    ) -> Vec<Effect> {
        let presentation = Presentation {
            app_name: notice::app_name(language),
            title: text.title,
            body: text.body,
            critical: false,
            in_progress: false,
            stays: false,
            look,
            badge,
            window: None,
            due: None,
            actions: Vec::new(),
            tag: None,
            log_as,
            attempt: 0,
            first_try: now,
            expires: None,
        };
        let effect = self.withheld(&presentation).unwrap_or(Effect::Show(presentation));
        self.note_held(vec![effect])
    }

    /// The question of an import ([`crate::offer::question`]) as a notice that stays until answered: 追加する and
    /// やめる (a server hands back one button per notice, so the list page is opened beside it where the notice cannot
    /// list every window: [`crate::offer::Question::page_too`]). Nothing is added until the shell hears
    /// [`Choice::AddImport`].
    pub fn ask_import(
        &mut self,
        language: crate::config::Language,
        question: &crate::offer::Question,
        (look, badge): (Look, bool),
        now: DateTime<Utc>,
    ) -> Vec<Effect> {
        let presentation = Presentation {
            app_name: notice::app_name(language),
            title: question.title.clone(),
            body: question.notice_body.clone(),
            critical: false,
            in_progress: false,
            stays: true,
            look,
            badge,
            window: None,
            due: None,
            actions: vec![
                (Action::AddImport, question.add.to_string()),
                (Action::Decline, question.decline.to_string()),
            ],
            tag: None,
            log_as: "import question".to_string(),
            attempt: 0,
            first_try: now,
            expires: None,
        };
        let effect = self.withheld(&presentation).unwrap_or(Effect::Show(presentation));
        self.note_held(vec![effect])
    }

    /// While notices cannot be seen, a notice is logged as not shown (and never retried: it is not lost by
    /// accident, and staff are told by the tray's status line).
    fn withheld(&self, presentation: &Presentation) -> Option<Effect> {
        self.delivery
            .is_off()
            .then(|| Effect::Log(Level::Warn, format!("not shown ({}): {}", self.delivery.code(), presentation.log_as)))
    }

    /// The notices that must get through although notifications are off, the start notice and the after-notice of a
    /// window, become a message box, once per window and kind.
    fn alert(
        &mut self,
        config: &Config,
        window: &str,
        shown_as: NoticeKind,
        presentation: &Presentation,
    ) -> Option<Effect> {
        let kind = match shown_as {
            NoticeKind::Start => "start",
            NoticeKind::After => "after",
            _ => return None,
        };
        if !self.alerted.insert((window.to_string(), kind)) {
            return None;
        }
        let text = notice::alert_text(config.language, &presentation.title, &presentation.body);
        Some(Effect::Alert { window: Some(window.to_string()), title: text.title, body: text.body })
    }

    /// The platform did not show `presentation` (no server, an error, a time-out): it is tried again after 10 s,
    /// then 20, 40, at most a minute apart, while it still describes the present: no newer notice of its window was
    /// sent since, and it is under [`RETRY_FOR`] old.
    pub fn not_shown(&mut self, mut presentation: Presentation, reason: &str, now: DateTime<Utc>) -> Vec<Effect> {
        match &mut self.failing {
            Some(failing) => failing.reason = reason.to_string(),
            None => self.failing = Some(Failing { since: now, reason: reason.to_string() }),
        }
        let superseded = presentation.window.as_ref().is_some_and(|w| {
            self.retries.iter().any(|(_, r)| r.window.as_ref() == Some(w) && r.first_try > presentation.first_try)
                || self.last_sent.get(w).is_some_and(|sent| *sent > presentation.first_try)
        });
        if superseded || now - presentation.first_try > RETRY_FOR {
            return vec![Effect::Log(
                Level::Warn,
                format!("not shown, and no longer retried: {}", presentation.log_as),
            )];
        }
        let wait = Duration::seconds((10_i64 << presentation.attempt.min(3)).min(60));
        presentation.attempt += 1;
        let line = format!("not shown; will try again at {}: {}", jst(now + wait), presentation.log_as);
        if let Some(window) = &presentation.window {
            self.retries.retain(|(_, r)| r.window.as_ref() != Some(window));
        }
        self.retries.push((now + wait, presentation));
        vec![Effect::Log(Level::Info, line), Effect::WakeAt(now + wait)]
    }

    /// 「確認しました」, 「10分後に再通知」 or the guidance page, from a notice or the menu, about the window with
    /// this id (a click on a notice about no window opens the guidance of the current or next window).
    pub fn choose(
        &mut self,
        schedule: &Schedule<'_>,
        window_id: Option<&str>,
        choice: Choice,
        now: DateTime<Utc>,
    ) -> Vec<Effect> {
        let config = schedule.config;
        let index = window_id.and_then(|id| config.windows.iter().position(|w| w.id == id));
        if let Some(id) = window_id {
            // Someone acted on it: it was seen.
            self.held.remove(id);
        }
        let (index, window) = match (choice, index) {
            // An import's answer is about no window of the schedule: the shell carries it out (it holds what was
            // found); one that reaches the schedule (a click from an old notice after a restart) changes nothing.
            (Choice::AddImport | Choice::Decline, _) => {
                return vec![Effect::Log(Level::Info, format!("{choice:?}: no import is waiting for an answer"))]
            }
            // The page about the notice's window; about the current or next one if it is gone from the schedule.
            (Choice::Guide, _) => return vec![Effect::OpenGuide(index.or_else(|| current_window(schedule, now)))],
            (_, Some(index)) => (index, &config.windows[index]),
            (_, None) => {
                return vec![Effect::Log(
                    Level::Warn,
                    format!("{choice:?} for {window_id:?}, which is no longer in the schedule"),
                )]
            }
        };
        let mut closed = None;
        let line = if choice == Choice::Acknowledge && window.end <= now {
            // After the window: the after-notice was seen; the tray stops saying that the window took place.
            self.log.acknowledge_after(window);
            closed = Some(self.close(&window.id));
            format!("acknowledged {} after its end: the tray no longer says it took place", window.id)
        } else if choice == Choice::Acknowledge {
            let until = schedule.acknowledged_until(now);
            self.log.acknowledge(window, until);
            let next = schedule.next_notice_of(&self.log, index, now);
            let next = next.map_or("none".to_string(), |n| format!("{} at {}", n.kind.code(), jst(n.at)));
            format!(
                "acknowledged {}: its advance notices rest until {}; its next notice: {next}",
                window.id,
                jst(until)
            )
        } else if choice == Choice::Unacknowledge {
            self.log.unacknowledge(window);
            format!("took back the acknowledgement of {}: its advance notices come again", window.id)
        } else {
            self.log.snooze(window, now + SNOOZE);
            format!("snoozed {} until {}", window.id, jst(now + SNOOZE))
        };
        let mut effects = vec![Effect::Log(Level::Info, line)];
        effects.extend(closed);
        effects.push(Effect::SaveLog);
        effects.extend(self.wake(schedule, now));
        effects.push(next_notice_line(schedule, &self.log, now));
        effects
    }

    /// The config was replaced by `schedule`'s: each window of `old` that was withdrawn while staff may be counting
    /// on it loses its notice on screen and gets one notice that it was withdrawn; then a wake.
    pub fn replace(&mut self, old: &Config, schedule: &Schedule<'_>, now: DateTime<Utc>) -> Vec<Effect> {
        let new = schedule.config;
        let mut effects = Vec::new();
        let withdrawn: Vec<&Window> = schedule::withdrawn(old, new, &self.log, now);
        for window in withdrawn {
            effects.push(self.close(&window.id));
            let text = notice::withdrawn_notice(window, new.language);
            let log_as = format!("withdrawn notice {}", window.id);
            effects.extend(self.plain(new.language, text, log_as, (Look::Idle, false), now));
        }
        effects.extend(self.wake(schedule, now));
        effects
    }
}

/// What the log says comes next.
pub fn next_notice_line(schedule: &Schedule<'_>, log: &NoticeLog, now: DateTime<Utc>) -> Effect {
    Effect::Log(
        Level::Info,
        match schedule.next_notice(log, now) {
            Some(n) => {
                format!("next notice: {} {} at {}", n.kind.code(), schedule.config.windows[n.window_idx].id, jst(n.at))
            }
            None => "next notice: none scheduled".to_string(),
        },
    )
}

/// The window the guidance is about: the one in progress, else the next one.
pub fn current_window(schedule: &Schedule<'_>, now: DateTime<Utc>) -> Option<usize> {
    schedule.status(now).window_idx.or_else(|| schedule.config.windows.iter().position(|w| w.start > now))
}

/// The window the tray says took place (「前回：… 作業あり — ログインし直してください」): the latest one that ended
/// less than [`AFTER_STAYS`] ago and that staff have not acknowledged since.
pub fn after_window(config: &Config, log: &NoticeLog, now: DateTime<Utc>) -> Option<usize> {
    (0..config.windows.len()).filter(|&i| is_after(config, log, i, now)).max_by_key(|&i| config.windows[i].end)
}

fn is_after(config: &Config, log: &NoticeLog, index: usize, now: DateTime<Utc>) -> bool {
    let window = &config.windows[index];
    window.end <= now && now < window.end + AFTER_STAYS && !log.is_after_acknowledged(window)
}

/// The next window whose advance notices can still be acknowledged (or were: the menu offers to take it back) or
/// snoozed from the menu.
pub fn advance_window(config: &Config, now: DateTime<Utc>) -> Option<usize> {
    config.windows.iter().position(|w| w.start > now).filter(|&i| config.windows[i].start - now <= HEADS_UP_WITHIN)
}

/// How the notice `item`, shown at `now`, is presented: its text, urgency and buttons.
///
/// Buttons: the guidance page first (a click on the notice opens it too), then the portal article, except on
/// advance notices shown before the start, which have 「確認しました」 and 「10分後に再通知」 instead (three
/// buttons: what GNOME Shell shows at most; the portal is one click away on the guidance page); the after-notice
/// has 「確認しました」 before the portal (the tray says the window took place until then).
pub fn present(schedule: &Schedule<'_>, log: &NoticeLog, item: &Due, now: DateTime<Utc>) -> Presentation {
    let config = schedule.config;
    let window = &config.windows[item.notice.window_idx];
    let text = notice::render_notice(config, &item.notice, now);
    let labels = notice::menu_labels(config.language);
    let mut actions = vec![(Action::Guide, labels.guide_button.to_string())];
    let shown_as = notice::shown_kind(window, item.notice.kind, now);
    if item.notice.kind.is_advance() && now < window.start {
        // The button says what it leaves: when the next notice of the window comes after it.
        let next = schedule.next_if_acknowledged(log, item.notice.window_idx, now);
        let label = notice::acknowledge_label(next.map(|n| n.at), now, config.language, false);
        actions.push((Action::Acknowledge, label));
        actions.push((Action::Snooze, labels.snooze.to_string()));
    } else {
        if shown_as == NoticeKind::After {
            actions.push((Action::Acknowledge, labels.acknowledge.to_string()));
        }
        actions.push((Action::Open(config.portal.url.clone()), labels.portal_button.to_string()));
    }
    let critical = schedule.is_urgent(&item.notice, now);
    let in_progress = matches!(shown_as, NoticeKind::Start | NoticeKind::During) && now < window.end;
    let look = match shown_as {
        _ if in_progress => Look::InProgress,
        NoticeKind::HeadsUp | NoticeKind::Lead(_) | NoticeKind::Reminder => Look::Upcoming,
        _ => Look::After,
    };
    let log_as = format!(
        "notice {} {} at {} (due {}{}): {}",
        item.notice.kind.code(),
        window.id,
        jst(now),
        jst(item.notice.at),
        if item.skipped > 0 { format!(", {} older skipped", item.skipped) } else { String::new() },
        text.title
    );
    Presentation {
        app_name: notice::app_name(config.language),
        critical,
        in_progress,
        stays: matches!(shown_as, NoticeKind::HeadsUp | NoticeKind::Reminder | NoticeKind::After)
            || (in_progress && critical),
        look,
        badge: false,
        title: text.title,
        body: text.body,
        window: Some(window.id.clone()),
        due: Some(*item),
        actions,
        tag: Some(toast::tag(&window.id)),
        log_as,
        attempt: 0,
        first_try: now,
        expires: Some(expiration(window, shown_as, now)),
    }
}

/// When a window's notice, shown as `shown_as` at `now`, leaves the Notification Center by itself: an advance notice
/// at the window's start, an in-progress one at its end, the end notice and the after-notice a day after they are
/// shown; never sooner than a minute from now (a notice shown late is not taken away at once).
pub fn expiration(window: &Window, shown_as: NoticeKind, now: DateTime<Utc>) -> DateTime<Utc> {
    let at = match shown_as {
        NoticeKind::HeadsUp | NoticeKind::Lead(_) | NoticeKind::Reminder => window.start,
        NoticeKind::Start | NoticeKind::During => window.end,
        NoticeKind::End | NoticeKind::After => now + Duration::days(1),
    };
    at.max(now + Duration::minutes(1))
}
