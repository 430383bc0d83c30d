"""Dates of articles: normalise metadata dates to ISO 8601 and recognise standalone date lines.

Only dates the input states are returned: a day, a month and a year must all be written; nothing
is filled in from today's date, and ambiguous numeric forms such as 03/04/2021 are not read."""
from __future__ import annotations

import re
from datetime import date, datetime
from email.utils import parsedate_to_datetime

MONTHS = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
    "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9,
    "oct": 10, "nov": 11, "dec": 12,
}
WEEKDAYS = {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
            "mon", "tue", "tues", "wed", "thu", "thur", "thurs", "fri", "sat", "sun"}
# Words that may sit in a date line besides month and weekday names.
_FILLER = {"am", "pm", "a", "m", "p", "at", "on", "of", "the", "st", "nd", "rd", "th", "t", "z",
           "utc", "gmt", "local", "time", "noon", "midnight"}
_PREFIX = re.compile(
    r"^(?:(?:last\s+)?(?:updated|modified)|posted|published|first\s+published|date|dated)"
    r"(?:\s+(?:on|at))?\s*[:\-–—]?\s*", re.I)
_UPDATED = re.compile(r"^(?:last\s+)?(?:updated|modified)\b", re.I)

_MONTH_RE = "|".join(sorted(MONTHS, key=len, reverse=True))
_ISO = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")
_MDY = re.compile(rf"\b({_MONTH_RE})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+(\d{{4}})\b", re.I)
_DMY = re.compile(rf"\b(\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?({_MONTH_RE})\.?,?\s+(\d{{4}})\b", re.I)
_YMD_SLASH = re.compile(r"\b(\d{4})/(\d{1,2})/(\d{1,2})\b")
_AMBIGUOUS = re.compile(r"\d{1,2}[/.\-]\d{1,2}[/.\-]\d{2,4}")  # 03/04/2021: day or month first?
_TIME = re.compile(r"\b\d{1,2}[:.]\d{2}\b")


def _make(year: int, month: int, day: int) -> str | None:
    try:
        return date(year, month, day).isoformat()
    except ValueError:
        return None


def find_date(text: str) -> str | None:
    """The first complete calendar date written in `text`, as YYYY-MM-DD, or None."""
    for rx, order in ((_ISO, "ymd"), (_YMD_SLASH, "ymd"), (_MDY, "mdy"), (_DMY, "dmy")):
        m = rx.search(text)
        if not m:
            continue
        a, b, c = m.groups()
        if order == "ymd":
            return _make(int(a), int(b), int(c))
        if order == "mdy":
            return _make(int(c), MONTHS[a.lower()], int(b))
        return _make(int(c), MONTHS[b.lower()], int(a))
    return None


def normalize_date(value: str) -> str | None:
    """A metadata date as ISO 8601: date-times keep their time and offset, dates stay YYYY-MM-DD."""
    value = (value or "").strip()
    if not value:
        return None
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        return _make(*map(int, value.split("-")))
    iso = value.replace(" ", "T", 1) if re.match(r"\d{4}-\d{2}-\d{2} \d", value) else value
    try:
        parsed = datetime.fromisoformat(iso)
    except ValueError:
        return _parse_rfc2822(value) or _parse_written(value)
    return parsed.isoformat() if re.search(r"[T ]\d", iso) else parsed.date().isoformat()


def _parse_rfc2822(value: str) -> str | None:
    """Dates of feeds and mail headers: "Wed, 17 Mar 2021 11:20:00 +0800"."""
    if not re.search(r"\d{1,2}:\d{2}", value):
        return None
    try:
        return parsedate_to_datetime(value).isoformat()
    except (TypeError, ValueError, IndexError):
        return None


def _parse_written(value: str) -> str | None:
    """A date written out in words ("March 3, 2021") or by dateparser, day and month and year all given."""
    found = find_date(value)
    if found or _AMBIGUOUS.fullmatch(value):
        return found
    import dateparser  # slow to import: only when the explicit formats did not match

    parsed = dateparser.parse(value, settings={
        "STRICT_PARSING": True, "REQUIRE_PARTS": ["day", "month", "year"],
        "RETURN_AS_TIMEZONE_AWARE": False, "PARSERS": ["absolute-time"]})
    return parsed.date().isoformat() if parsed else None


def _date_words_only(text: str) -> bool:
    """Whether `text` is a date or a time and nothing else (month, weekday, am/pm, time zone)."""
    has_month = any(w.lower().rstrip(".") in MONTHS for w in text.split())
    if not (has_month or any(rx.search(text) for rx in (_ISO, _YMD_SLASH, _AMBIGUOUS, _TIME))):
        return False
    if not re.search(r"\d", text):
        return False
    for word in re.findall(r"[^\W\d_]+", text):
        low = word.lower()
        if low in MONTHS or low in WEEKDAYS or low in _FILLER:
            continue
        if word.isupper() and 2 <= len(word) <= 5:  # a time zone: ET, HKT, CEST
            continue
        return False
    return True


def parse_date_line(paragraph: str) -> tuple[bool, str | None]:
    """Whether `paragraph` is a standalone date line, and the date it states (YYYY-MM-DD) if any.

    "January 10, 2022", "Posted on March 3, 2021", "Published: 2021-03-03", "Updated 3:02 p.m. ET".
    Lines such as "March 17, 2021 · Updated 3:02 p.m." are read part by part."""
    text = paragraph.strip().strip("·|•").strip()
    if not text or len(text) > 90:
        return False, None
    parts = [p.strip() for p in re.split(r"\s+[·|•]\s+|\s*\|\s*", text) if p.strip()]
    found: str | None = None
    for part in parts:
        rest = _PREFIX.sub("", part, count=1)
        if not _date_words_only(rest):
            return False, None
        if found is None and not _UPDATED.match(part):
            found = find_date(rest)
    return True, found
