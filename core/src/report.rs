//! The admin reports behind `status`, `list` and `simulate`: pure functions from a config and instants to text or JSON.
//!
//! They never read or change the persisted notice log: `simulate` drives the app's own loop ([`Reception`]) on a log of
//! its own.

use chrono::{DateTime, Duration, SecondsFormat, Utc};
use serde_json::{json, Value};

use crate::config::{Config, Window, JST};
use crate::delivery::{Attention, Delivery};
use crate::feed::{self, FeedState};
use crate::hours;
use crate::notice;
use crate::reception::{Effect, Presentation, Reception};
use crate::schedule::{Due, Notice, NoticeLog, Schedule};
use crate::toast::{self, ToastContext};

/// The shell never sleeps longer than this without reading the wall clock again: a little under a minute, so that
/// after a wake from sleep or a clock change the right notice is up within 60 s, scheduling delays included.
pub const MAX_WAIT: Duration = Duration::seconds(59);

/// `list` shows at most this many notices of one window (a window may repeat every few minutes for years).
pub const LIST_LIMIT: usize = 50;
/// `list` shows at most this many notices in all (100 000 windows would otherwise print half a million lines).
pub const LIST_TOTAL: usize = 10_000;
/// `simulate` stops after this many notices, saying so.
pub const SIMULATE_LIMIT: usize = 1000;

/// RFC 3339 in Japan time: `2026-03-21T22:00:00+09:00`.
pub fn jst(t: DateTime<Utc>) -> String {
    t.with_timezone(&JST).to_rfc3339_opts(SecondsFormat::Secs, false)
}

fn window_json(window: &Window) -> Value {
    json!({
        "id": window.id,
        "title": window.title,
        "start": jst(window.start),
        "end": jst(window.end),
        "impact": window.impact.code(),
        "system": window.system,
        "end_may_change": window.end_may_change,
    })
}

/// `onshi-tray status --json`; `config_errors` is how many errors the settings have (the last good ones are used).
/// `log` is the PC's notice log: an acknowledged or snoozed notice is not named as the next one, as in the app.
pub fn status_json(
    config: &Config,
    log: &NoticeLog,
    now: DateTime<Utc>,
    config_errors: usize,
    feeds: &[FeedState],
) -> Value {
    let schedule = Schedule::new(config);
    let status = schedule.status(now);
    let next = schedule.next_notice(log, now);
    let contact = hours::status(&config.contact.hours, now);
    let clock = crate::fleet::latest_clock(feeds, None);
    let status_line = notice::with_config_errors(&notice::status_line(&schedule, now), config_errors, config.language)
        + &feed::freshness(feeds, now, config.language).unwrap_or_default()
        + &crate::fleet::clock_suffix(clock.as_ref(), config.language);
    json!({
        "now": jst(now),
        "state": status.state.code(),
        "status_line": status_line,
        "config_errors": config_errors,
        "feeds": feeds.iter().map(|f| json!({
            "url": f.url,
            "name": f.label,
            "last_success": f.last_success.map(jst),
            "last_attempt": f.last_attempt.map(jst),
            "last_error": f.last_error,
            "retry_after": f.retry_after.map(jst),
            "windows": f.windows,
            "skipped_events": f.skipped,
            "serial": f.serial,
        })).collect::<Vec<_>>(),
        "clock": clock.as_ref().map(|c| json!({
            "offset_seconds": c.offset_seconds,
            "against": c.against,
            "at": c.at.to_rfc3339(),
            "wrong": c.is_wrong(),
            "text": crate::fleet::clock_words(c.offset_seconds, crate::config::Language::En),
        })),
        "window": status.window_idx.map(|i| window_json(&config.windows[i])),
        "next_notice": next.map(|n| json!({"at": jst(n.at), "kind": n.kind.code(), "window_id": config.windows[n.window_idx].id})),
        "contact": {
            "name": config.contact.name,
            "phone": config.contact.phone,
            "open": contact.open,
            "reason": contact.reason.code(),
            "detail": notice::contact_now(config, &contact),
            "next_open": contact.next_open.map(jst),
        },
    })
}

/// `onshi-tray status`, for people.
/// `log` as for [`status_json`].
pub fn status_text(
    config: &Config,
    log: &NoticeLog,
    now: DateTime<Utc>,
    config_errors: usize,
    feeds: &[FeedState],
) -> String {
    let schedule = Schedule::new(config);
    let status = schedule.status(now);
    let mut out = format!("now:          {}\n", jst(now));
    out += &format!("state:        {} ({})\n", status.state.code(), notice::status_line(&schedule, now));
    if config_errors > 0 {
        out += &format!("config:       {config_errors} error(s); `onshi-tray check` shows them\n");
    }
    if let Some(i) = status.window_idx {
        let window = &config.windows[i];
        out += &format!("window:       {} {} {}〜{}\n", window.id, window.title, jst(window.start), jst(window.end));
    }
    match schedule.next_notice(log, now) {
        Some(n) => {
            out += &format!("next notice:  {} {} {}\n", jst(n.at), n.kind.code(), config.windows[n.window_idx].id)
        }
        None => out += "next notice:  none\n",
    }
    let contact = hours::status(&config.contact.hours, now);
    out += &format!("call center:  {} {}", config.contact.phone, notice::contact_now(config, &contact));
    out.push('\n');
    for f in feeds {
        let checked = f.last_success.map_or_else(|| "never read".to_string(), |t| format!("confirmed {}", jst(t)));
        let error = f.last_error.as_ref().map_or(String::new(), |e| format!("; last error: {e}"));
        let skipped = match f.skipped {
            0 => String::new(),
            1 => " (1 event skipped: see `onshi-tray check`)".to_string(),
            n => format!(" ({n} events skipped: see `onshi-tray check`)"),
        };
        out += &format!("feed:         {}: {} windows{skipped}, {checked}{error}\n", f.label, f.windows);
    }
    if let Some(clock) = crate::fleet::latest_clock(feeds, None) {
        let verdict = if clock.is_wrong() { "WRONG: IT must set it (notices follow this PC's clock)" } else { "ok" };
        let words = crate::fleet::clock_words(clock.offset_seconds, crate::config::Language::En);
        out += &format!("clock:        {words} against {} at {}: {verdict}\n", clock.against, clock.at.to_rfc3339());
    }
    out
}

fn window_state(window: &Window, now: DateTime<Utc>) -> &'static str {
    if window.end <= now {
        "past"
    } else if window.start <= now {
        "in_progress"
    } else {
        "scheduled"
    }
}

/// The notices `list` shows of one window, within what is left of the budget; true when some were left out.
fn listed_notices(schedule: &Schedule<'_>, window_idx: usize, budget: &mut usize) -> (Vec<Notice>, bool) {
    let limit = LIST_LIMIT.min(*budget);
    let mut notices = schedule.notices(window_idx, limit + 1);
    let truncated = notices.len() > limit;
    notices.truncate(limit);
    *budget -= notices.len();
    (notices, truncated)
}

/// `onshi-tray list --json`: every window with its notices.
pub fn list_json(config: &Config, now: DateTime<Utc>) -> Value {
    let schedule = Schedule::new(config);
    let mut budget = LIST_TOTAL;
    let windows: Vec<Value> = config
        .windows
        .iter()
        .enumerate()
        .map(|(i, window)| {
            let mut value = window_json(window);
            value["state"] = json!(window_state(window, now));
            let (notices, truncated) = listed_notices(&schedule, i, &mut budget);
            value["notices"] = notices.iter().map(|n| json!({"at": jst(n.at), "kind": n.kind.code()})).collect();
            value["notices_truncated"] = json!(truncated);
            value
        })
        .collect();
    json!({"now": jst(now), "windows": windows})
}

/// `onshi-tray list`, for people.
pub fn list_text(config: &Config, now: DateTime<Utc>) -> String {
    let schedule = Schedule::new(config);
    let mut budget = LIST_TOTAL;
    let mut out = String::new();
    if config.windows.is_empty() {
        out += "no windows\n";
    }
    for (i, window) in config.windows.iter().enumerate() {
        out += &format!(
            "{} [{}] {}\n",
            window.id,
            window_state(window, now),
            notice::window_label(window, config.language)
        );
        let (notices, truncated) = listed_notices(&schedule, i, &mut budget);
        for n in &notices {
            out += &format!("  {} {}\n", jst(n.at), n.kind.code());
        }
        if truncated {
            out += &format!("  … (list shows at most {LIST_LIMIT} notices of a window, {LIST_TOTAL} in all)\n");
        }
    }
    out
}

/// Something that happens to the PC during a simulation.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Interruption {
    /// The PC sleeps from the first instant to the second; the app checks the clock as it wakes.
    Asleep(DateTime<Utc>, DateTime<Utc>),
    /// The PC is off; the app starts again at the second instant with the log it persisted.
    Off(DateTime<Utc>, DateTime<Utc>),
    /// When the wall clock reads the first instant, it is set to the second (forward or backward).
    Jump(DateTime<Utc>, DateTime<Utc>),
    /// The notification server takes no notice from the first instant to the second (not running, or failing):
    /// what the app tries to show then fails, and is tried again.
    ServerDown(DateTime<Utc>, DateTime<Utc>),
    /// The app's notifications are switched off from the first instant to the second (Windows' setting).
    NotificationsOff(DateTime<Utc>, DateTime<Utc>),
    /// A full-screen program runs from the first instant to the second: Windows holds notices back
    /// (`SHQueryUserNotificationState` says busy).
    FullScreen(DateTime<Utc>, DateTime<Utc>),
}

impl Interruption {
    /// The instant it begins.
    fn begins(&self) -> DateTime<Utc> {
        self.span().0
    }

    /// The instant the app runs again (or the condition ends).
    fn resumes(&self) -> DateTime<Utc> {
        self.span().1
    }

    fn span(&self) -> (DateTime<Utc>, DateTime<Utc>) {
        match *self {
            Interruption::Asleep(a, b)
            | Interruption::Off(a, b)
            | Interruption::Jump(a, b)
            | Interruption::ServerDown(a, b)
            | Interruption::NotificationsOff(a, b)
            | Interruption::FullScreen(a, b) => (a, b),
        }
    }

    /// A condition the app runs through (it observes it), not a stop of its clock.
    fn is_condition(&self) -> bool {
        matches!(self, Interruption::ServerDown(..) | Interruption::NotificationsOff(..) | Interruption::FullScreen(..))
    }

    /// Whether this condition holds at `now`.
    fn holds(&self, now: DateTime<Utc>) -> bool {
        self.is_condition() && self.begins() <= now && now < self.resumes()
    }

    /// The `#` lines of the timeline: where it begins and where the app runs again.
    fn marks(&self) -> [Mark; 2] {
        let (begin, end) = match self {
            Interruption::Asleep(..) => ("asleep".to_string(), "awake".to_string()),
            Interruption::Off(..) => ("off".to_string(), "on: the app starts with its saved notice log".to_string()),
            Interruption::Jump(_, to) => {
                (format!("clock set to {}", jst(*to)), "the clock runs on from here".to_string())
            }
            Interruption::ServerDown(..) => (
                "the notification server takes no notice".to_string(),
                "the notification server takes notices again".to_string(),
            ),
            Interruption::NotificationsOff(..) => (
                "notifications are switched off for the app".to_string(),
                "notifications are switched on again".to_string(),
            ),
            Interruption::FullScreen(..) => (
                "a full-screen program runs: Windows holds notices back".to_string(),
                "the full-screen program ends".to_string(),
            ),
        };
        [Mark { at: self.begins(), text: begin }, Mark { at: self.resumes(), text: end }]
    }
}

/// One `#` line of a simulation: an interruption begins or ends.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Mark {
    pub at: DateTime<Utc>,
    pub text: String,
}

/// One notice shown during a simulation.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Shown {
    pub at: DateTime<Utc>,
    pub due: Due,
    /// The window's title as its config says (the schedule may change during a simulation).
    pub window_title: String,
    pub text: notice::NoticeText,
    /// How the app presents it (buttons, urgency, tag).
    pub presentation: Presentation,
}

/// What a simulation saw, in order of the simulated clock.
// Nearly every event is a notice shown (at most SIMULATE_LIMIT of them): boxing would only add an allocation each.
#[allow(clippy::large_enum_variant)]
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Event {
    Shown(Shown),
    Mark(Mark),
    /// What the app would write to its log besides a notice shown: a notice not shown (and whether it is tried
    /// again), a notice taken off the screen, notifications switched off or on.
    Note(Mark),
    /// The simulation stopped after [`SIMULATE_LIMIT`] notices.
    Truncated,
}

/// Checks a simulation's range and spans: `Err` says what is reversed.
pub fn check_simulation(from: DateTime<Utc>, to: DateTime<Utc>, interruptions: &[Interruption]) -> Result<(), String> {
    if to < from {
        return Err(format!("--to {} is before --from {}", jst(to), jst(from)));
    }
    if to - from > SIMULATE_SPAN {
        return Err(format!(
            "--from {} --to {} spans more than {} days; simulate a year at a time",
            jst(from),
            jst(to),
            SIMULATE_SPAN.num_days()
        ));
    }
    for interruption in interruptions {
        match interruption {
            Interruption::Asleep(a, b)
            | Interruption::Off(a, b)
            | Interruption::ServerDown(a, b)
            | Interruption::NotificationsOff(a, b)
            | Interruption::FullScreen(a, b)
                if b <= a =>
            {
                let flag = match interruption {
                    Interruption::Asleep(..) => "--asleep",
                    Interruption::Off(..) => "--off",
                    Interruption::ServerDown(..) => "--server-down",
                    Interruption::FullScreen(..) => "--full-screen",
                    _ => "--notifications-off",
                };
                return Err(format!("{flag} {}..{} ends before it begins", jst(*a), jst(*b)));
            }
            _ => {}
        }
    }
    Ok(())
}

/// The longest span `simulate` takes (0000 to 9999 ran for about 14 minutes).
pub const SIMULATE_SPAN: Duration = Duration::days(400);

/// The notices a PC would show from `from` to `to` (inclusive): the app's own loop ([`Reception`]) woken at every
/// instant it asks for (the app also wakes once a minute, which changes nothing on a clock that does not jump by
/// itself), not at all while asleep or off, and told what the shell would observe (a notification server that
/// takes no notice, notifications switched off). Stops after [`SIMULATE_LIMIT`] notices.
/// `log` is the notice log the PC starts with (what it already showed, acknowledged or snoozed).
pub fn simulate(
    config: &Config,
    start_log: &NoticeLog,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
    interruptions: &[Interruption],
) -> Vec<Event> {
    simulate_changes(config, start_log, from, to, interruptions, &[])
}

/// [`simulate`], with the schedule replaced at each `(instant, config)` of `changes` (an edit, a feed update), as
/// the app reloads it: windows withdrawn while staff may be counting on them get a notice that says so.
pub fn simulate_changes(
    config: &Config,
    start_log: &NoticeLog,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
    interruptions: &[Interruption],
    changes: &[(DateTime<Utc>, Config)],
) -> Vec<Event> {
    let mut changes: Vec<&(DateTime<Utc>, Config)> = changes.iter().collect();
    changes.sort_by_key(|(at, _)| *at);
    let mut changes = changes.into_iter().peekable();
    let mut current = config;
    let mut schedule = Schedule::new(current);
    let conditions: Vec<Interruption> = interruptions.iter().copied().filter(Interruption::is_condition).collect();
    let mut pending: Vec<Interruption> = interruptions.iter().copied().filter(|i| !i.is_condition()).collect();
    pending.sort_by_key(Interruption::begins);
    let mut reception = Reception::new(start_log.clone());
    let mut events = Vec::new();
    let mut n_shown = 0;
    let mut now = from;
    loop {
        // An interruption that has begun by now (or that the simulation starts inside) takes over.
        if let Some(index) = pending.iter().position(|i| i.begins() <= now) {
            let interruption = pending.remove(index);
            let spans_now = match interruption {
                Interruption::Jump(at, _) => at >= from,
                _ => interruption.resumes() > now,
            };
            if spans_now {
                events.extend(interruption.marks().into_iter().map(Event::Mark));
                if let Interruption::Off(..) = interruption {
                    // A new process, with what it reads back from disk.
                    reception = Reception::new(NoticeLog::from_text(&reception.log.to_text()).unwrap_or_default());
                }
                now = interruption.resumes();
                if now > to {
                    break;
                }
            }
            continue;
        }
        for condition in &conditions {
            let [begin, end] = condition.marks();
            for mark in [begin, end] {
                if mark.at == now && now >= from {
                    events.push(Event::Mark(mark));
                }
            }
        }
        let delivery = if conditions.iter().any(|c| matches!(c, Interruption::NotificationsOff(..)) && c.holds(now)) {
            Delivery::OffForApp
        } else {
            Delivery::On
        };
        let server_down = conditions.iter().any(|c| matches!(c, Interruption::ServerDown(..)) && c.holds(now));
        let attention = if conditions.iter().any(|c| matches!(c, Interruption::FullScreen(..)) && c.holds(now)) {
            Attention::Busy
        } else {
            Attention::Accepting
        };
        let mut effects: std::collections::VecDeque<Effect> = reception.observe_delivery(delivery).into();
        // As the app's wake does: the user's state first, then what fell due.
        effects.extend(reception.observe_attention(&schedule, attention, now));
        match changes.next_if(|(at, _)| *at <= now) {
            Some((_, new)) => {
                let old = std::mem::replace(&mut current, new);
                schedule = Schedule::new(current);
                events.push(Event::Mark(Mark { at: now, text: "the schedule changes".to_string() }));
                effects.extend(reception.replace(old, &schedule, now));
            }
            None => effects.extend(reception.wake(&schedule, now)),
        }
        let mut next = DateTime::<Utc>::MAX_UTC;
        while let Some(effect) = effects.pop_front() {
            match effect {
                // The shell's notifier reports it back; the core's answer (tried again or not) is the note.
                Effect::Show(presentation) if server_down => {
                    effects.extend(reception.not_shown(presentation, "the notification server is down", now))
                }
                Effect::Show(presentation) => {
                    let text =
                        notice::NoticeText { title: presentation.title.clone(), body: presentation.body.clone() };
                    let Some(due) = presentation.due else {
                        // A notice about no window (one that says a window was withdrawn).
                        events.push(Event::Note(Mark { at: now, text: format!("shown: {}", text.title) }));
                        continue;
                    };
                    let window_title = current.windows[due.notice.window_idx].title.clone();
                    events.push(Event::Shown(Shown { at: now, due, window_title, text, presentation }));
                    n_shown += 1;
                    if n_shown == SIMULATE_LIMIT {
                        events.push(Event::Truncated);
                        return events;
                    }
                }
                Effect::Close(window) => events.push(Event::Note(Mark {
                    at: now,
                    text: format!("the notice of {window} is taken off the screen"),
                })),
                Effect::Log(_, text) => events.push(Event::Note(Mark { at: now, text })),
                Effect::Alert { title, .. } => {
                    events.push(Event::Note(Mark { at: now, text: format!("message box: {title}") }))
                }
                Effect::WakeAt(at) => next = next.min(at),
                Effect::SaveLog | Effect::OpenGuide(_) => {}
            }
        }
        // Conditions begin and end at instants of their own, which the loop observes.
        let boundaries = conditions.iter().flat_map(|c| [c.begins(), c.resumes()]).filter(|&t| t > now);
        let change = changes.peek().map(|(at, _)| *at);
        next = boundaries.chain(pending.first().map(Interruption::begins)).chain(change).fold(next, DateTime::min);
        if next == DateTime::<Utc>::MAX_UTC || next > to {
            break;
        }
        now = next;
    }
    events
}

/// How much of each notice the timeline shows.
#[derive(Clone, Copy, Debug)]
pub enum Detail {
    /// One line per notice.
    Lines,
    /// Each notice's title and body, indented, under its line (`simulate --text`).
    Text,
    /// The Windows toast's XML and tag under each line (`simulate --toast-xml`), on every platform.
    ToastXml(ToastContext),
}

/// The simulate timeline, one line per notice: `TIME KIND WINDOW_ID TITLE`; `#` lines where an interruption begins
/// and ends.
pub fn timeline(events: &[Event], detail: Detail) -> String {
    let mut out = String::new();
    for event in events {
        match event {
            Event::Shown(s) => {
                let id = s.presentation.window.as_deref().unwrap_or_default();
                out += &format!("{} {} {id} {}\n", jst(s.at), s.due.notice.kind.code(), s.window_title);
                match detail {
                    Detail::Lines => {}
                    Detail::Text => {
                        out += &format!("    {}\n", s.text.title);
                        for line in s.text.body.lines() {
                            out += &format!("    {line}\n");
                        }
                    }
                    Detail::ToastXml(context) => {
                        let toast = toast::render(&s.presentation, context);
                        out += &format!(
                            "    tag={} group={}\n    {}\n",
                            toast.tag.unwrap_or_default(),
                            toast::GROUP,
                            toast.xml
                        );
                    }
                }
            }
            Event::Mark(mark) | Event::Note(mark) => out += &format!("# {} {}\n", jst(mark.at), mark.text),
            Event::Truncated => out += &format!("# stopped after {SIMULATE_LIMIT} notices; simulate a shorter span\n"),
        }
    }
    out
}

/// Parses `FROM..TO` for `--asleep`, `--off` and `--jump`.
pub fn parse_span(text: &str) -> Result<(DateTime<Utc>, DateTime<Utc>), String> {
    let (a, b) = text.split_once("..").ok_or_else(|| {
        format!("`{text}` is not a span such as 2026-03-21T21:10:00+09:00..2026-03-21T22:20:00+09:00")
    })?;
    let a = crate::config::parse_instant(a)?;
    let b = crate::config::parse_instant(b)?;
    Ok((a, b))
}
