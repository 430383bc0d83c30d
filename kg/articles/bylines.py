"""Credit lines of news stories: "By Jane Doe", "Reporting by A in B; Editing by C".

A paragraph counts as a credit line only when every part of it reads as "<role> by <names>" and
every name reads as a person's name, so story sentences that start with "By" stay in the story."""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from kg.articles.dates import MONTHS, WEEKDAYS

_AUTHOR_ROLES = r"(?:additional|further|extra|contributing)\s+reporting|reporting|reported|writing|written|compiled|story"
_EDITOR_ROLES = r"editing|edited"
_OTHER_ROLES = r"graphics?|photos?|photography|pictures|video|production|produced|design|fact[- ]checking|research|translation|translated"
_ROLE = rf"(?:{_AUTHOR_ROLES}|{_EDITOR_ROLES}|{_OTHER_ROLES})"
_SEGMENT = re.compile(rf"^(?P<role>{_ROLE})\s+by\s*:?\s+(?P<names>.+)$", re.I)
_BY = re.compile(r"^(?:By|BY)\s*:?\s+(?P<names>.+)$")
_SPLIT_ROLES = re.compile(rf"\s*(?:[;.,]|\band\b)\s*(?=(?:{_ROLE})\s+by\b)", re.I)
_NAME_SEP = re.compile(r"\s*,\s*and\s+|\s*,\s*|\s+and\s+|\s*&\s*|\s+with\s+")
_PLACE = re.compile(r"\s+(?:in|at|from)\s+.*$")

_PARTICLES = {"de", "da", "del", "della", "der", "den", "di", "do", "dos", "das", "du", "la", "le",
              "van", "von", "bin", "binti", "ibn", "al", "el", "ter", "y", "e", "st."}
_ROLE_WORDS = {  # job titles and words of organisations, never part of a person's name here
    "correspondent", "correspondents", "reporter", "reporters", "writer", "writers", "editor",
    "editors", "staff", "staffer", "staffers", "contributor", "columnist", "analyst", "producer",
    "photographer", "journalist", "desk", "bureau", "team", "newsroom", "agency", "agencies", "wire",
    "wires", "service", "news", "media", "associated", "online",
}
_MAX_BY_LINE = 120
_MAX_CREDIT_LINE = 400


@dataclass
class Credits:
    authors: list[str] = field(default_factory=list)
    editors: list[str] = field(default_factory=list)


def _is_name(chunk: str) -> bool:
    """Whether `chunk` reads as a person's name: 2 to 5 words, capitalised apart from particles."""
    words = chunk.split()
    if not 2 <= len(words) <= 5 or re.search(r"\d", chunk) or words[0] in ("The", "THE"):
        return False
    if any(w.lower().strip(".,") in _ROLE_WORDS for w in words):
        return False
    for i, word in enumerate(words):
        bare = re.sub(r"^(?:al|el|bin|ibn|d|o)[-'’]", "", word)
        if bare[:1].isupper():
            continue
        if word.lower() in _PARTICLES and 0 < i < len(words) - 1:
            continue
        return False
    return True


def _is_affiliation(chunk: str) -> bool:
    """An outlet or a job title after the names: "Reuters", "Hong Kong Correspondent"."""
    words = chunk.split()
    if not words or len(words) > 6:
        return False
    if any(w.lower().strip(".,") in _ROLE_WORDS for w in words):
        return all(w[:1].isupper() or w.lower() in _ROLE_WORDS | {"of", "the", "and"} for w in words)
    if len(words) == 1:
        word = words[0].lower().rstrip(".")
        return words[0][:1].isupper() and word not in MONTHS and word not in WEEKDAYS
    return words[0] == "The" and all(w[:1].isupper() for w in words)


def split_names(text: str) -> list[str] | None:
    """The person names of a credit ("A and B in Z, and C in D"), or None if any part is neither a
    name nor an outlet or job title; [] when it names only an outlet ("Reuters")."""
    text = re.sub(r"\s*\([^)]*\)", "", text).strip().rstrip(".")
    names: list[str] = []
    for chunk in _NAME_SEP.split(text):
        chunk = _PLACE.sub("", chunk).strip(" .")
        if not chunk:
            continue
        if _is_name(chunk):
            names.append(chunk)
        elif not _is_affiliation(chunk):
            return None
    return names


def _segments(text: str) -> list[str]:
    parts: list[str] = []
    for piece in text.split(";"):
        parts.extend(p.strip() for p in _SPLIT_ROLES.split(piece) if p.strip())
    return parts


def _strip_wrapping(paragraph: str) -> str:
    text = paragraph.strip()
    if text.startswith("(") and text.endswith(")"):
        text = text[1:-1].strip()
    return re.sub(r"^(?:[-–—]+|\*+)\s*", "", text).strip()


def parse_credit_line(paragraph: str) -> Credits | None:
    """The authors and editors of a credit paragraph, or None when it is not one."""
    text = _strip_wrapping(paragraph)
    by = _BY.match(text)
    if by:
        if len(text) > _MAX_BY_LINE:
            return None
        names = split_names(by.group("names"))
        return Credits(authors=names) if names is not None else None
    if len(text) > _MAX_CREDIT_LINE or not _SEGMENT.match(text):
        return None
    credits = Credits()
    for segment in _segments(text):
        m = _SEGMENT.match(segment)
        names = split_names(m.group("names")) if m else None
        if names is None:
            return None
        role = m.group("role").lower()
        if re.fullmatch(_EDITOR_ROLES, role):
            credits.editors.extend(n for n in names if n not in credits.editors)
        elif re.fullmatch(_AUTHOR_ROLES, role):
            credits.authors.extend(n for n in names if n not in credits.authors)
    credits.authors = [n for n in credits.authors if n not in credits.editors]
    return credits
