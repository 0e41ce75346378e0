//! The admin reports behind `status`, `list` and `simulate`: pure functions from a config and instants to text or JSON.
//!
//! They never read or change the persisted notice log: `simulate` runs the real engine ([`Schedule::step`]) on a log of its own.

use chrono::{DateTime, Duration, SecondsFormat, Utc};
use serde_json::{json, Value};

use crate::config::{Config, Window, JST};
use crate::contact;
use crate::notice;
use crate::schedule::{Due, NoticeLog, Schedule, State};

/// The shell never sleeps longer than this without reading the wall clock again: a little under a minute, so that
/// after a wake from sleep or a clock change the right notice is up within 60 s, scheduling delays included.
pub const MAX_WAIT: Duration = Duration::seconds(59);

/// RFC 3339 in Japan time: `2026-03-21T22:00:00+09:00`.
pub fn jst(t: DateTime<Utc>) -> String {
    t.with_timezone(&JST).to_rfc3339_opts(SecondsFormat::Secs, false)
}

fn state_code(state: State) -> &'static str {
    match state {
        State::Idle => "idle",
        State::Upcoming => "upcoming",
        State::InProgress => "in_progress",
    }
}

fn window_json(window: &Window) -> Value {
    json!({"id": window.id, "title": window.title, "start": jst(window.start), "end": jst(window.end)})
}

/// `onshi-tray status --json`.
pub fn status_json(config: &Config, now: DateTime<Utc>) -> Value {
    let schedule = Schedule::new(config);
    let status = schedule.status(now);
    let next = schedule.next_notice(now);
    let contact = contact::status(&config.contact, now);
    json!({
        "now": jst(now),
        "state": state_code(status.state),
        "status_line": notice::status_line(&schedule, now),
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
pub fn status_text(config: &Config, now: DateTime<Utc>) -> String {
    let schedule = Schedule::new(config);
    let status = schedule.status(now);
    let mut out = format!("now:          {}\n", jst(now));
    out += &format!("state:        {} ({})\n", state_code(status.state), notice::status_line(&schedule, now));
    if let Some(i) = status.window_idx {
        let window = &config.windows[i];
        out += &format!("window:       {} {} {}〜{}\n", window.id, window.title, jst(window.start), jst(window.end));
    }
    match schedule.next_notice(now) {
        Some(n) => {
            out += &format!("next notice:  {} {} {}\n", jst(n.at), n.kind.code(), config.windows[n.window_idx].id)
        }
        None => out += "next notice:  none\n",
    }
    let contact = contact::status(&config.contact, now);
    out += &format!("call center:  {} {}", config.contact.phone, notice::contact_now(config, &contact));
    out.push('\n');
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

/// `onshi-tray list --json`: every window with its notices.
pub fn list_json(config: &Config, now: DateTime<Utc>) -> Value {
    let schedule = Schedule::new(config);
    let windows: Vec<Value> = config
        .windows
        .iter()
        .enumerate()
        .map(|(i, window)| {
            let mut value = window_json(window);
            value["state"] = json!(window_state(window, now));
            value["notices"] =
                schedule.notices(i).iter().map(|n| json!({"at": jst(n.at), "kind": n.kind.code()})).collect();
            value
        })
        .collect();
    json!({"now": jst(now), "windows": windows})
}

/// `onshi-tray list`, for people.
pub fn list_text(config: &Config, now: DateTime<Utc>) -> String {
    let schedule = Schedule::new(config);
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
        for n in schedule.notices(i) {
            out += &format!("  {} {}\n", jst(n.at), n.kind.code());
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
}

impl Interruption {
    /// The instant it begins.
    fn begins(&self) -> DateTime<Utc> {
        match self {
            Interruption::Asleep(at, _) | Interruption::Off(at, _) | Interruption::Jump(at, _) => *at,
        }
    }
}

/// One notice shown during a simulation.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Shown {
    pub at: DateTime<Utc>,
    pub due: Due,
    pub text: notice::NoticeText,
}

/// The notices a PC would show from `from` to `to` (inclusive), as the tray app's loop would: it checks at every
/// instant the engine names and at least once a minute while awake, and not at all while asleep or off.
pub fn simulate(config: &Config, from: DateTime<Utc>, to: DateTime<Utc>, interruptions: &[Interruption]) -> Vec<Shown> {
    let schedule = Schedule::new(config);
    let mut pending: Vec<Interruption> = interruptions.to_vec();
    let mut log = NoticeLog::default();
    let mut shown = Vec::new();
    let mut now = from;
    while now <= to {
        for due in schedule.step(&mut log, now) {
            let text = notice::render_notice(config, &due.notice, now);
            shown.push(Shown { at: now, due, text });
        }
        let wait_until = schedule.next_change(now).map_or(now + MAX_WAIT, |t| t.min(now + MAX_WAIT));
        // The first interruption that begins before the next check takes over.
        let first = pending
            .iter()
            .enumerate()
            .filter(|(_, i)| {
                let begins = i.begins();
                begins > now && begins <= wait_until
                    || matches!(i, Interruption::Asleep(a, b) | Interruption::Off(a, b) if *a <= now && now < *b)
            })
            .min_by_key(|(_, i)| i.begins())
            .map(|(index, i)| (index, *i));
        now = match first {
            None => wait_until,
            Some((index, interruption)) => {
                pending.remove(index);
                match interruption {
                    Interruption::Asleep(_, wake) => wake,
                    Interruption::Off(_, boot) => {
                        // What a restart reads back from disk.
                        log = NoticeLog::from_text(&log.to_text()).unwrap_or_default();
                        boot
                    }
                    Interruption::Jump(_, reading) => reading,
                }
            }
        };
    }
    shown
}

/// The simulate timeline, one line per notice: `TIME KIND WINDOW_ID TITLE`.
pub fn timeline(config: &Config, shown: &[Shown]) -> String {
    shown
        .iter()
        .map(|s| {
            let window = &config.windows[s.due.notice.window_idx];
            format!("{} {} {} {}\n", jst(s.at), s.due.notice.kind.code(), window.id, window.title)
        })
        .collect()
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
