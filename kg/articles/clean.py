"""Cleaning of scraped story text: datelines, date lines, photo captions, credit lines, boilerplate.

`clean_text(body, title)` splits the text into paragraphs, takes the article's metadata out of the
lines around the story (the outlet and place of the dateline, a standalone date line, the byline,
captions) and drops site furniture, returning the story as paragraphs separated by one blank line.
Typographic quotes and dashes inside the story are kept as they are."""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from kg.articles.boilerplate import ends_story, is_boilerplate, is_caption
from kg.articles.bylines import Credits, parse_credit_line
from kg.articles.dates import MONTHS, parse_date_line

_MAX_TOP = 6  # paragraphs looked at for headline repeats, bylines and date lines

# Invisible characters and control characters (no text holds them) are dropped, a lone surrogate
# (no character at all) becomes U+FFFD; the other line and page breaks inside a line count as spaces.
_INVISIBLE = dict.fromkeys([*map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"), *range(0x00, 0x09),
                            *range(0x0e, 0x1c), 0x7f, *range(0x80, 0x85), *range(0x86, 0xa0)], None)
_INVISIBLE.update(dict.fromkeys(range(0xD800, 0xE000), "\ufffd"))
_SPACES = re.compile(r"[ \t\x0b\x0c\x1c-\x1f\x85\u00a0\u2007\u2009\u2029\u202f\u3000]+")
_TERMINAL = ('.', '!', '?', ':', ';', '"', '”', '’', "'", ')', ']', '…')

_MONTH = "|".join(sorted((m for m in MONTHS), key=len, reverse=True))
_WORD = r"[^\W\d_][\w.'’-]*"
_DATELINE = re.compile(
    rf"^(?P<place>{_WORD}(?:[ /]{{1,3}}{_WORD}){{0,5}})"
    r"(?P<region>,\s*(?:[A-Z]\.){2,3}|,\s*[A-Z][a-z]+\.?(?:\s+[A-Z][a-z]+\.?){0,2})?"
    rf"(?P<date>,\s*(?:(?:{_MONTH})\.?\s+\d{{1,2}}|\d{{1,2}}\s+(?:{_MONTH})\.?)(?:,?\s+\d{{4}})?)?"
    r"(?:\s*\(\s*(?P<outlet>[A-Z][^()\n]{0,40}?)\s*\)\s*[-–—]+\s*"
    r"|\s*[–—]+\s*|\s+-{1,2}\s+|\s*--\s*|:\s+(?=[A-Z\"“‘]))", re.I)
_OUTLET_ONLY = re.compile(r"^\(\s*(?P<outlet>[A-Za-z][^()\n]{0,40}?)\s*\)\s*[-–—]+\s*")
_NOT_PLACES = {"BREAKING", "UPDATE", "UPDATED", "EXCLUSIVE", "ANALYSIS", "EXPLAINER", "FACTBOX",
               "OPINION", "EDITORIAL", "WATCH", "LIVE", "VIDEO", "PHOTOS", "FILE PHOTO", "NOTE",
               "CORRECTION", "INTERVIEW", "COMMENTARY", "REVIEW", "FEATURE", "SPECIAL REPORT",
               "INSIGHT", "ALERT", "URGENT", "FLASH", "NEWSMAKER", "FOCUS", "EDITOR'S NOTE"}


@dataclass
class Cleaned:
    """The story and the metadata found in its text."""

    body: str = ""
    authors: list[str] = field(default_factory=list)
    editors: list[str] = field(default_factory=list)
    captions: list[str] = field(default_factory=list)
    dateline: str | None = None
    publisher: str | None = None
    published: str | None = None

    def add_credits(self, credits: Credits) -> None:
        self.editors.extend(n for n in credits.editors if n not in self.editors)
        self.authors.extend(n for n in credits.authors if n not in self.authors)
        self.authors = [n for n in self.authors if n not in self.editors]


def normalize_space(text: str) -> str:
    """One line of text with runs of white space collapsed and invisible characters removed."""
    return _SPACES.sub(" ", text.translate(_INVISIBLE)).strip()


def _hard_wrapped(lines: list[str]) -> bool:
    """Whether the text was wrapped at a fixed width (paragraphs then span several lines)."""
    filled = [ln for ln in lines if ln.strip()]
    if len(filled) < 6 or max(len(ln) for ln in filled) > 100:
        return False
    long = [ln.rstrip() for ln in filled if len(ln.strip()) >= 55]
    open_ended = [ln for ln in long if not ln.endswith(_TERMINAL)]
    return len(long) >= len(filled) / 2 and len(open_ended) >= len(long) * 0.3


def split_paragraphs(text: str) -> list[str]:
    """The paragraphs of `text`: one per line, or per blank-line block when lines are hard-wrapped."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n").replace("\u2029", "\n")
    lines = text.split("\n")
    if _hard_wrapped(lines):
        blocks = re.split(r"\n\s*\n", text)
        return [p for p in (normalize_space(" ".join(b.split("\n"))) for b in blocks) if p]
    return [p for p in (normalize_space(ln) for ln in lines) if p]


def strip_dateline(paragraph: str) -> tuple[str, str | None, str | None]:
    """The paragraph without its dateline, the place(s) of the dateline and the outlet named in it.

    "LONDON, March 3 (Reuters) - Britain said ..." -> ("Britain said ...", "London", "Reuters")."""
    m = _OUTLET_ONLY.match(paragraph)
    if m:
        return paragraph[m.end():].strip(), None, m.group("outlet").strip()
    m = _DATELINE.match(paragraph)
    if not m:
        return paragraph, None, None
    place = m.group("place")
    letters = re.sub(r"[^\w]", "", place)
    if place != place.upper() or len(letters) < 3 or place.strip() in _NOT_PLACES:
        return paragraph, None, None
    dateline = re.sub(r"\s*/\s*", "/", place.title())
    if m.group("region"):
        dateline += ", " + normalize_space(m.group("region").lstrip(","))
    outlet = m.group("outlet")
    return paragraph[m.end():].strip(), dateline, outlet.strip() if outlet else None


def _top_meta(paragraph: str) -> tuple[list[str | None], list[Credits]] | None:
    """Dates and credits of a line made only of them ("By Jane Doe | March 3, 2021"), else None."""
    dates: list[str | None] = []
    credits: list[Credits] = []
    for part in re.split(r"\s+[|·•]\s+", paragraph):
        pieces = [part]
        m = re.match(r"^(?P<date>.*\d)\s+(?P<by>by\s+\S.*)$", part, re.I)
        if m and parse_date_line(m.group("date"))[0]:
            pieces = [m.group("date"), "By " + m.group("by")[3:]]
        for piece in pieces:
            is_date, found = parse_date_line(piece)
            credit = None if is_date else parse_credit_line(piece)
            if is_date:
                dates.append(found)
            elif credit is not None:
                credits.append(credit)
            else:
                return None
    return dates, credits


def _same_text(a: str, b: str) -> bool:
    def key(s: str) -> str:
        return re.sub(r"\W+", " ", s).strip().casefold()

    return bool(a.strip()) and key(a) == key(b)


def _clean_top(paragraphs: list[str], title: str, out: Cleaned) -> list[str]:
    """Drop the headline repeat, byline, date line and captions above the story; strip the dateline."""
    for i, para in enumerate(paragraphs[:_MAX_TOP]):
        meta = _top_meta(para)
        if _same_text(para, title) or is_boilerplate(para):
            continue
        if is_caption(para):
            out.captions.append(para)
        elif meta is not None:
            out.published = out.published or next((d for d in meta[0] if d), None)
            for credit in meta[1]:
                out.add_credits(credit)
        else:
            rest, dateline, outlet = strip_dateline(para)
            out.dateline = dateline or out.dateline
            out.publisher = outlet or out.publisher
            if not rest or (rest == para and _is_label(para) and i + 1 < len(paragraphs)):
                continue
            return [rest] + paragraphs[i + 1:]
    return paragraphs[_MAX_TOP:]


def _is_label(paragraph: str) -> bool:
    """A section or topic label above the story ("World", "Red Sea crisis"): a few words, no sentence."""
    return len(paragraph.split()) <= 4 and not paragraph.rstrip().endswith(_TERMINAL)


def _clean_rest(paragraphs: list[str], out: Cleaned) -> list[str]:
    """Drop captions, credit lines and boilerplate; stop at related links or comments."""
    kept: list[str] = []
    for para in paragraphs:
        if ends_story(para):
            if kept:
                break
            continue
        if is_boilerplate(para):
            continue
        if is_caption(para):
            out.captions.append(para)
            continue
        credits = parse_credit_line(para)
        if credits is not None:
            out.add_credits(credits)
            continue
        kept.append(para)
    return kept


def clean_text(text: str, title: str = "") -> Cleaned:
    """The story of a scraped article body and the metadata its text gives."""
    out = Cleaned()
    paragraphs = _clean_top(split_paragraphs(text), title, out)
    out.body = "\n\n".join(_clean_rest(paragraphs, out))
    return out
