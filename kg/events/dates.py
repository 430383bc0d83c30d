"""Dates of events, resolved against the article's date: "on Thursday", "last month", "since
September", "this year", "July 11", "in August 2020". None when the text and the article's date
cannot tell."""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

MONTHS = {m: i for i, m in enumerate(["january", "february", "march", "april", "may", "june", "july", "august",
                                      "september", "october", "november", "december"], 1)}
MONTHS.update({m[:3]: i for m, i in list(MONTHS.items())})
MONTHS["sept"] = 9
WEEKDAYS = {d: i for i, d in enumerate(["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"])}


@dataclass
class ResolvedDate:
    value: str  # ISO date (the first day of the month or year when less precise)
    precision: str  # day | month | year


def article_date(published: str | None) -> date | None:
    if not published or not re.match(r"\d{4}-\d{2}-\d{2}", published):
        return None
    try:
        return date.fromisoformat(published[:10])
    except ValueError:  # "2024-13-01", or digits of another script
        return None


def _month_back(d: date, n: int) -> date:
    y, m = d.year, d.month - n
    while m < 1:
        m += 12
        y -= 1
    return date(y, m, 1)


def resolve(text: str, base: date | None) -> ResolvedDate | None:
    """One date expression (a spaCy DATE entity's text) as an ISO date, or None."""
    t = re.sub(r"[.,]", " ", text.lower()).strip()
    t = re.sub(r"\s+", " ", t)
    for rule in (_absolute, _relative):
        hit = rule(t, base)
        if hit is not None:
            return hit
    return None


def _absolute(t: str, base: date | None) -> ResolvedDate | None:
    m = re.search(r"\b(\d{4})-(\d{2})-(\d{2})\b", t)
    if m:
        return _safe(int(m[1]), int(m[2]), int(m[3]), "day")
    m = re.search(r"\b([a-z]+) (\d{1,2})(?:st|nd|rd|th)?(?: (\d{4}))?\b", t) or \
        re.search(r"\b(\d{1,2})(?:st|nd|rd|th)? ([a-z]+)(?: (\d{4}))?\b", t)
    if m:
        a, b, year = m.group(1), m.group(2), m.group(3)
        month, day = (MONTHS.get(a), b) if a in MONTHS else (MONTHS.get(b), a)
        if month and day.isdigit():
            y = int(year) if year else _year_for(month, int(day), base)
            return _safe(y, month, int(day), "day") if y else None
    m = re.search(r"\b([a-z]+) (\d{4})\b", t)
    if m and m[1] in MONTHS:
        return _safe(int(m[2]), MONTHS[m[1]], 1, "month")
    m = re.fullmatch(r"(?:in |since |from |by )?(\d{4})", t)
    if m:
        return _safe(int(m[1]), 1, 1, "year")  # as a number: not year 0, nor digits of another script
    return None


def _year_for(month: int, day: int, base: date | None) -> int | None:
    """A month and day without a year: the most recent one not after the article's date."""
    if base is None:
        return None
    y = base.year
    try:
        return y if date(y, month, day) <= base + timedelta(days=1) else y - 1
    except ValueError:
        return None


def _safe(y: int, m: int, d: int, precision: str) -> ResolvedDate | None:
    try:
        return ResolvedDate(date(y, m, d).isoformat(), precision)
    except ValueError:
        return None


def _relative(t: str, base: date | None) -> ResolvedDate | None:
    if base is None:
        return None
    words = t.split()
    if "today" in words or t in {"on day", "this morning", "tonight"}:
        return ResolvedDate(base.isoformat(), "day")
    if "yesterday" in words:
        return ResolvedDate((base - timedelta(days=1)).isoformat(), "day")
    day = next((WEEKDAYS[w] for w in words if w in WEEKDAYS), None)
    if day is not None:
        back = (base.weekday() - day) % 7
        if "last" in words and back == 0:
            back = 7
        return ResolvedDate((base - timedelta(days=back)).isoformat(), "day")
    if re.search(r"\b(last|final|previous|past) month\b", t):
        return ResolvedDate(_month_back(base, 1).isoformat(), "month")
    if re.search(r"\b(this|earlier this|later this) month\b", t):
        return ResolvedDate(date(base.year, base.month, 1).isoformat(), "month")
    if re.search(r"\b(last|previous|past) year\b", t):
        return ResolvedDate(f"{base.year - 1}-01-01", "year")
    if re.search(r"\b(this|earlier this) (year|12 months)\b", t):
        return ResolvedDate(f"{base.year}-01-01", "year")
    month = next((MONTHS[w] for w in words if w in MONTHS and len(w) > 3), None)
    if month is not None:  # "since September", "in March": the most recent such month
        year = base.year if month <= base.month else base.year - 1
        return ResolvedDate(f"{year}-{month:02d}-01", "month")
    return None
