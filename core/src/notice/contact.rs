//! The call center in words: its label, its hours, whether it is open now and when it opens next, and the
//! sentence a notice ends with (never sending staff to a closed phone).

use super::*;

/// The menu item for the call center, with whether it is open at `now`:
/// `コールセンター 0800-080-4583（受付中・18:00まで）` or `コールセンター 0800-080-4583（時間外・月 8:00から）`.
pub fn contact_label(config: &Config, now: DateTime<Utc>) -> String {
    let contact = &config.contact;
    let status = hours::status(&contact.hours, now);
    let ja = config.language == Language::Ja;
    let state = match (&status.reason, status.next_open) {
        (Reason::Open { until }, _) if ja => format!("受付中・{}まで", time(*until)),
        (Reason::Open { until }, _) => format!("open until {}", time(*until)),
        (_, Some(next)) if ja => format!("時間外・{}から", when_next(next, now, config.language)),
        (_, Some(next)) => format!("closed, opens {}", when_next(next, now, config.language)),
        (_, None) if ja => "時間外".to_string(),
        (_, None) => "closed".to_string(),
    };
    if ja {
        format!("コールセンター {}（{state}）", contact.phone)
    } else {
        format!("Call center {} ({state})", contact.phone)
    }
}

/// When the call center opens next, as short as is clear: `8:00` today, `月 8:00` within a week, else with the date.
fn when_next(next: DateTime<Utc>, now: DateTime<Utc>, language: Language) -> String {
    let (local, today) = (next.with_timezone(&JST), now.with_timezone(&JST).date_naive());
    let days = (local.date_naive() - today).num_days();
    match (language, days) {
        (_, 0) => time(next),
        (Language::Ja, 1..=6) => format!("{} {}", weekday_ja(local.weekday()), time(next)),
        (Language::En, 1..=6) => format!("{} {}", local.format("%a"), time(next)),
        _ => day_time_short(next, language),
    }
}

pub fn english_note(note: &str) -> &str {
    if note == "通話無料" {
        "toll-free"
    } else {
        note
    }
}

/// The call-center sentence of a notice: its number when open at `at`, or that it is closed and when it opens
/// (staff are never sent to a closed phone).
pub(super) fn contact_sentence(config: &Config, at: DateTime<Utc>, during_window: bool) -> String {
    let contact = &config.contact;
    let status = hours::status(&contact.hours, at);
    let language = config.language;
    if status.open {
        return match language {
            Language::Ja => format!("問い合わせはコールセンター（{}）へ。", contact.phone),
            Language::En => format!("Call center: {}.", contact.phone),
        };
    }
    // Japanese says it short (a toast line holds 30 full-width characters): the weekday within a week.
    let next = status.next_open.map(|t| match language {
        Language::Ja if (t - at).num_days() < 6 => {
            format!("{} {}", weekday_ja(t.with_timezone(&JST).weekday()), time(t))
        }
        _ => day_time(t, language),
    });
    match (language, during_window, next) {
        (Language::Ja, true, Some(next)) => format!("作業中はコールセンターの受付時間外（{next}から）。"),
        (Language::Ja, false, Some(next)) => format!("コールセンターはいま受付時間外（{next}から）。"),
        (Language::Ja, _, None) => "コールセンターは受付時間外です。".to_string(),
        (Language::En, true, Some(next)) => format!("The call center is closed during the work (opens {next})."),
        (Language::En, false, Some(next)) => format!("The call center is closed now (opens {next})."),
        (Language::En, _, None) => "The call center is closed.".to_string(),
    }
}

pub(super) fn hours_text(hours: DayHours, language: Language) -> String {
    match (hours, language) {
        (Some(h), Language::Ja) => format!("{}〜{}", clock_text(h.open), clock_text(h.close)),
        (Some(h), Language::En) => format!("{}–{}", clock_text(h.open), clock_text(h.close)),
        (None, Language::Ja) => "休み".to_string(),
        (None, Language::En) => "closed".to_string(),
    }
}

/// `月〜金 8:00〜18:00、土 8:00〜16:00、日曜・祝日は休み`.
pub fn contact_hours(contact: &Contact, language: Language) -> String {
    let hours = &contact.hours;
    let (weekday, saturday, sunday) =
        (hours_text(hours.weekday, language), hours_text(hours.saturday, language), hours_text(hours.sunday, language));
    match (language, hours.closed_on_holidays, hours.sunday.is_none()) {
        (Language::Ja, true, true) => format!("月〜金 {weekday}、土 {saturday}、日曜・祝日は休み"),
        (Language::Ja, true, false) => format!("月〜金 {weekday}、土 {saturday}、日 {sunday}、祝日は休み"),
        (Language::Ja, false, _) => format!("月〜金 {weekday}、土 {saturday}、日 {sunday}"),
        (Language::En, true, _) => {
            format!("Mon–Fri {weekday}, Sat {saturday}, Sun {sunday} (closed on national holidays)")
        }
        (Language::En, false, _) => format!("Mon–Fri {weekday}, Sat {saturday}, Sun {sunday}"),
    }
}

/// Open now, or closed and why, and when it opens next.
pub fn contact_now(config: &Config, status: &OpenStatus) -> String {
    let language = config.language;
    let next = status.next_open.map(|t| day_time(t, language));
    let why = match (&status.reason, language) {
        (Reason::Open { until }, Language::Ja) => return format!("いまは受付中です（{}まで）。", time(*until)),
        (Reason::Open { until }, Language::En) => return format!("Open now (until {}).", time(*until)),
        (Reason::OutsideHours, _) => None,
        (Reason::ClosedWeekday(day), Language::Ja) => Some(format!("{}曜日は休み", weekday_ja(*day))),
        (Reason::ClosedWeekday(day), Language::En) => Some(format!("closed on {day}")),
        (Reason::Holiday(name), Language::Ja) => Some(format!("祝日: {name}")),
        (Reason::Holiday(name), Language::En) => Some(format!("national holiday: {name}")),
        (Reason::ClosedDate(_), Language::Ja) => Some("休業日".to_string()),
        (Reason::ClosedDate(_), Language::En) => Some("closed day".to_string()),
    };
    let mut text = match (language, why) {
        (Language::Ja, Some(why)) => format!("いまは受付時間外です（{why}）。"),
        (Language::Ja, None) => "いまは受付時間外です。".to_string(),
        (Language::En, Some(why)) => format!("Closed now ({why})."),
        (Language::En, None) => "Closed now (outside opening hours).".to_string(),
    };
    match (language, next) {
        (Language::Ja, Some(next)) => text += &format!("次の受付開始は{next}です。"),
        (Language::En, Some(next)) => text += &format!(" Opens {next} JST."),
        (_, None) => {}
    }
    text
}
