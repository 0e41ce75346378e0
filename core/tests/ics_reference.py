"""An independent reading of a calendar file, for core/tests/feed.rs: python's `icalendar` (with the file's own
VTIMEZONEs) and `dateutil`'s recurrence rules. Prints one window a line, `id start end` in UTC, sorted;
repeating events laid out from NOW - 14 days to NOW + 366 days, with EXDATE and RECURRENCE-ID applied.

    /usr/bin/python3 core/tests/ics_reference.py FILE NOW(ISO, UTC)
"""
import sys
from datetime import date, datetime, timedelta, timezone

import icalendar
import pytz
from dateutil.rrule import rrulestr

JST = pytz.timezone("Asia/Tokyo")


def aware(value, tz=None):
    if isinstance(value, datetime):
        if value.tzinfo is None:
            return JST.localize(value)
        return value
    return JST.localize(datetime(value.year, value.month, value.day))


def utc(value):
    return aware(value).astimezone(timezone.utc)


def stamp(value):
    return aware(value).astimezone(JST).strftime("%Y%m%dT%H%M")


def main():
    calendar = icalendar.Calendar.from_ical(open(sys.argv[1], "rb").read())
    now = datetime.fromisoformat(sys.argv[2]).replace(tzinfo=timezone.utc)
    low, high = now - timedelta(days=14), now + timedelta(days=366)
    events = [e for e in calendar.walk("VEVENT")]
    overrides = {}
    cancelled = set()
    for event in events:
        if "RECURRENCE-ID" in event:
            key = (str(event["UID"]), utc(event["RECURRENCE-ID"].dt))
            if str(event.get("STATUS", "")).upper() == "CANCELLED":
                cancelled.add(key)
            else:
                overrides[key] = event
    rows = []

    def span(event):
        start = event["DTSTART"].dt
        if "DTEND" in event:
            end = event["DTEND"].dt
        elif "DURATION" in event:
            end = aware(start) + event["DURATION"].dt
        else:
            end = aware(start) + timedelta(days=1)
        return utc(start), utc(end)

    for event in events:
        if "RECURRENCE-ID" in event or str(event.get("STATUS", "")).upper() == "CANCELLED":
            continue
        uid = str(event["UID"])
        start, end = span(event)
        length = end - start
        if "RRULE" not in event and "RDATE" not in event:
            key = (uid, start)
            if key in overrides:
                start, end = span(overrides[key])
            rows.append((uid, start, end))
            continue
        dtstart = event["DTSTART"].dt
        tz = dtstart.tzinfo if isinstance(dtstart, datetime) and dtstart.tzinfo else JST
        wall = aware(dtstart).astimezone(tz).replace(tzinfo=None) if isinstance(dtstart, datetime) else datetime(dtstart.year, dtstart.month, dtstart.day)
        starts = []
        if "RRULE" in event:
            rule = event["RRULE"].to_ical().decode()
            parts = []
            for part in rule.split(";"):
                key, _, value = part.partition("=")
                if key == "UNTIL" and value.endswith("Z"):
                    until = datetime.strptime(value, "%Y%m%dT%H%M%SZ").replace(tzinfo=timezone.utc)
                    value = until.astimezone(tz).strftime("%Y%m%dT%H%M%S")
                parts.append(key + "=" + value)
            for occurrence in rrulestr(";".join(parts), dtstart=wall):
                instant = tz.localize(occurrence).astimezone(timezone.utc) if hasattr(tz, "localize") else occurrence.replace(tzinfo=tz).astimezone(timezone.utc)
                if instant > high:
                    break
                starts.append(instant)
        else:
            starts.append(start)
        rdates = event.get("RDATE", [])
        for rdate in rdates if isinstance(rdates, list) else [rdates]:
            starts.extend(utc(d.dt) for d in rdate.dts)
        exdates = event.get("EXDATE", [])
        excluded = set()
        for exdate in exdates if isinstance(exdates, list) else [exdates]:
            excluded.update(utc(d.dt) for d in exdate.dts)
        for occurrence in sorted(set(starts) - excluded):
            key = (uid, occurrence)
            if key in cancelled:
                continue
            occurrence_id = uid + "/" + occurrence.astimezone(JST).strftime("%Y%m%dT%H%M")
            if key in overrides:
                moved_start, moved_end = span(overrides[key])
                rows.append((occurrence_id, moved_start, moved_end))
            elif occurrence + length >= low and occurrence <= high:
                rows.append((occurrence_id, occurrence, occurrence + length))
    for uid, start, end in sorted(rows, key=lambda r: (r[1], r[0])):
        print(uid, start.strftime("%Y-%m-%dT%H:%M:%SZ"), end.strftime("%Y-%m-%dT%H:%M:%SZ"))


main()
