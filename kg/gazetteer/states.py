"""States and territories: ISO 3166-1 codes from pycountry and country_converter, demonyms and
capitals from countryinfo, plus the news-English variants in `states_extra.json`."""
from __future__ import annotations

import csv
import json
import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from importlib.resources import files
from pathlib import Path

import pycountry
from countryinfo import all_countries

_HERE = Path(__file__).parent
# Alternative spellings that are codes or that would match ordinary words in running text.
_TOO_SHORT = 3


@dataclass
class StateRecord:
    iso3: str
    label: str
    sovereign: bool
    names: set[str] = field(default_factory=set)
    demonyms: set[str] = field(default_factory=set)
    capitals: set[str] = field(default_factory=set)
    part_of: str | None = None


@lru_cache(maxsize=1 << 16)
def fold(text: str) -> str:
    """Fold a name for lookups: accents, case, dots, curly apostrophes, a leading 'the'."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = text.replace("\u2019", "'").replace(".", "").casefold().strip()
    text = re.sub(r"^the\s+", "", text)
    return re.sub(r"\s+", " ", text)


def _coco_rows() -> list[dict]:
    path = files("country_converter") / "country_data.tsv"
    with path.open(encoding="utf-8") as fh:
        return list(csv.DictReader(fh, delimiter="\t"))


def _plural(demonym: str) -> set[str]:
    if demonym.endswith(("ese", "ss", "sh", "ch", "s", "x")):
        return set()
    return {demonym + "s"}


def _readable(name: str) -> bool:
    return len(name) > _TOO_SHORT and not re.search(r"[^\x00-\u024f]", name)


@lru_cache(maxsize=1)
def load_states() -> dict[str, StateRecord]:
    """Every ISO 3166-1 country, keyed by alpha-3; UN members and observers are sovereign."""
    extra = json.loads((_HERE / "states_extra.json").read_text(encoding="utf-8"))
    records: dict[str, StateRecord] = {}
    for row in _coco_rows():
        iso3 = row["ISO3"]
        if not re.fullmatch(r"[A-Z]{3}", iso3 or ""):
            continue
        sovereign = bool(row["UNmember"]) or iso3 in {"VAT", "PSE"}
        rec = records.setdefault(iso3, StateRecord(iso3, row["name_short"], sovereign))
        rec.names |= {row["name_short"], row["name_official"]}
    for country in pycountry.countries:
        rec = records.get(country.alpha_3)
        if rec is None:
            continue
        for attr in ("name", "official_name", "common_name"):
            if getattr(country, attr, None):
                rec.names.add(getattr(country, attr))
    not_capitals = set(extra["not_capitals"])
    for info in (c.info() for c in all_countries()):
        rec = records.get((info.get("ISO") or {}).get("alpha3", ""))
        if rec is None:
            continue
        rec.names |= {n for n in [info.get("name", "")] + (info.get("altSpellings") or []) if _readable(n)}
        if info.get("demonym"):
            rec.demonyms |= {info["demonym"]} | _plural(info["demonym"])
        capitals = info.get("capital") or []
        for capital in [capitals] if isinstance(capitals, str) else capitals:
            capital = capital.replace(" D.C.", "").strip()
            if capital and capital not in not_capitals:
                rec.capitals.add(capital)
    for iso3, names in extra["names"].items():
        records[iso3].names |= set(names)
    for iso3, names in extra["demonyms"].items():
        records[iso3].demonyms |= set(names)
    for iso3, names in extra["capitals"].items():
        records[iso3].capitals |= set(names)
    for iso3, parent in extra["part_of"].items():
        records[iso3].part_of = parent
    _prefer_common_labels(records, extra["names"])
    return records


def _prefer_common_labels(records: dict[str, StateRecord], extra_names: dict[str, list[str]]) -> None:
    for iso3, rec in records.items():
        country = pycountry.countries.get(alpha_3=iso3)
        common = getattr(country, "common_name", None) if country else None
        if common:
            rec.label = common
        elif iso3 in extra_names and not rec.label:
            rec.label = extra_names[iso3][0]


@lru_cache(maxsize=1)
def state_metonyms() -> dict[str, str]:
    """Place names that stand for an international organisation (name -> organisation key)."""
    extra = json.loads((_HERE / "states_extra.json").read_text(encoding="utf-8"))
    return {k: v for k, v in extra["metonyms"].items() if not k.startswith("_")}


@lru_cache(maxsize=1)
def coco_regexes() -> list[tuple[str, re.Pattern]]:
    """country_converter's name regexes, for names that no list holds ("Republic of the Congo")."""
    return [(row["ISO3"], re.compile(row["regex"], re.IGNORECASE)) for row in _coco_rows()
            if row["regex"] and re.fullmatch(r"[A-Z]{3}", row["ISO3"] or "")]
