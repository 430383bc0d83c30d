"""Structure of kg/gazetteer/people.json: the reference list of public office holders that tells the
extractor which state or international organisation a named official serves when the article does
not say ("President Joe Biden" -> USA, "Kim Jong Un's regime" -> North Korea).

Every name and alias becomes a lookup key, so a name two entries share, a one-word alias ("Biden",
"Lula") or a title glued to a name ("President Biden") would attach mentions to the wrong person or
to none. These tests keep the list free of such clashes."""
from __future__ import annotations

import json
import re
import unicodedata
from collections import defaultdict
from pathlib import Path

import pycountry
import pytest

import kg

PEOPLE = Path(kg.__file__).parent / "gazetteer" / "people.json"

FIELDS = {"key": str, "name": str, "aliases": list, "serves": str, "roles": list}

ORG_KEYS = {
    "org/un", "org/eu", "org/nato", "org/iaea", "org/imf", "org/world-bank", "org/who", "org/wto",
    "org/african-union", "org/ecowas", "org/asean", "org/opec", "org/icc",
}

# Words that make a title, not part of a name, when they open a name or an alias.
TITLE_WORDS = {
    "president", "king", "queen", "prince", "princess", "emir", "sultan", "sheikh", "shaikh",
    "pope", "mullah", "ayatollah", "general", "gen", "marshal", "minister", "premier", "chancellor",
    "sir", "dame", "lord", "lady", "mr", "mrs", "ms", "dr", "secretary", "senator", "sen", "rep",
    "ambassador", "colonel", "col", "admiral", "daw", "mawlawi", "hrh", "his", "her",
}
# Entries whose name opens with such a word on purpose. Each addition needs a reason.
TITLE_START_ALLOWED = {
    "pope-francis",  # a pope is named by his regnal name, and "Francis" alone is far too ambiguous
    "sheikh-hasina",  # "Sheikh" is part of her given name (Sheikh Hasina Wazed), not a title
    "gen-nakatani",  # "Gen" is the Japanese defence minister's given name, not "General"
    "sultan-al-jaber",  # "Sultan" is a given name here (the UAE minister), not the title
    "sultan-bin-abdulaziz",  # likewise the Saudi crown prince's given name
}


def fold_accents(text: str) -> str:
    text = unicodedata.normalize("NFKD", text)
    return "".join(c for c in text if not unicodedata.combining(c))


def slug(text: str) -> str:
    """Accents folded, case folded, apostrophes dropped, other non-alphanumerics -> '-'."""
    text = fold_accents(text).casefold()
    text = text.replace("'", "").replace("\u2019", "").replace("\u02bc", "")
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")


def fold(text: str) -> str:
    """The form names are compared in: accents, case, dots and spacing ignored."""
    text = fold_accents(text).replace("\u2019", "'").replace(".", " ").casefold()
    return re.sub(r"\s+", " ", text).strip()


def _load() -> list[dict]:
    with PEOPLE.open(encoding="utf-8") as fh:
        return json.load(fh)


ENTRIES = _load()
BY_KEY = {e["key"]: e for e in ENTRIES if isinstance(e, dict) and isinstance(e.get("key"), str)}
KEYS = sorted(BY_KEY)


def _names(entry: dict) -> list[str]:
    return [entry["name"], *entry["aliases"]]


# --- whole file ----------------------------------------------------------------------------------

def test_file_is_utf8_json_list():
    raw = PEOPLE.read_bytes()
    raw.decode("utf-8")  # raises on bad encoding
    data = json.loads(raw)
    assert isinstance(data, list) and data
    assert all(isinstance(e, dict) for e in data)


def test_file_is_pretty_printed():
    text = PEOPLE.read_text(encoding="utf-8")
    assert text.startswith("[\n") and "\n  {" in text


def test_sorted_by_key():
    keys = [e["key"] for e in ENTRIES]
    assert keys == sorted(keys)


def test_keys_unique():
    seen: dict[str, int] = defaultdict(int)
    for e in ENTRIES:
        seen[e["key"]] += 1
    assert [k for k, n in seen.items() if n > 1] == []


def test_no_name_or_alias_shared_by_two_entries():
    owners: dict[str, set[str]] = defaultdict(set)
    for e in ENTRIES:
        for name in _names(e):
            owners[fold(name)].add(e["key"])
    shared = {name: sorted(keys) for name, keys in owners.items() if len(keys) > 1}
    assert shared == {}


def test_every_org_key_is_used_and_states_dominate():
    used = {e["serves"] for e in ENTRIES}
    assert {s for s in used if s.startswith("org/")} <= ORG_KEYS
    states = sum(1 for e in ENTRIES if e["serves"].startswith("state/"))
    assert states > len(ENTRIES) / 2


@pytest.mark.parametrize("serves, name", [
    ("state/USA", "Joe Biden"),
    ("state/PRK", "Kim Jong Un"),
    ("state/RUS", "Sergei Lavrov"),
    ("state/TUR", "Recep Tayyip Erdogan"),
    ("state/CHN", "Xi Jinping"),
    ("state/USA", "Antony Blinken"),
    ("org/eu", "Ursula von der Leyen"),
    ("org/un", "Antonio Guterres"),
    ("org/nato", "Jens Stoltenberg"),
    ("state/PRK", "Choe Son Hui"),
    ("state/MMR", "Min Aung Hlaing"),
    ("state/SDN", "Abdel Fattah al-Burhan"),
    ("state/TWN", "Tsai Ing-wen"),
])
def test_well_known_office_holders_present(serves, name):
    hits = [e for e in ENTRIES if fold(name) in {fold(n) for n in _names(e)}]
    assert len(hits) == 1, name
    assert hits[0]["serves"] == serves


@pytest.mark.parametrize("alias, key", [
    ("Kim Jong-un", "kim-jong-un"),
    ("Sergey Lavrov", "sergei-lavrov"),
    ("Recep Tayyip Erdoğan", "recep-tayyip-erdogan"),
    ("Tayyip Erdogan", "recep-tayyip-erdogan"),
    ("Joseph R. Biden", "joe-biden"),
    ("Joseph Biden", "joe-biden"),
])
def test_spelling_variants_resolve(alias, key):
    assert alias in BY_KEY[key]["aliases"]


# --- each entry ----------------------------------------------------------------------------------

@pytest.mark.parametrize("key", KEYS)
def test_fields(key):
    entry = BY_KEY[key]
    assert set(entry) == set(FIELDS)
    for field, kind in FIELDS.items():
        assert isinstance(entry[field], kind), field
    assert all(isinstance(a, str) and a.strip() == a and a for a in entry["aliases"])
    assert entry["name"].strip() == entry["name"] and entry["name"]


@pytest.mark.parametrize("key", KEYS)
def test_key_is_slug_of_name(key):
    assert key.isascii() and key == key.lower()
    assert key == slug(BY_KEY[key]["name"])


@pytest.mark.parametrize("key", KEYS)
def test_serves_is_state_or_known_org(key):
    serves = BY_KEY[key]["serves"]
    if serves.startswith("state/"):
        code = serves.removeprefix("state/")
        assert len(code) == 3 and code.isupper()
        assert pycountry.countries.get(alpha_3=code) is not None, code
    else:
        assert serves in ORG_KEYS


@pytest.mark.parametrize("key", KEYS)
def test_no_single_word_alias(key):
    assert [a for a in BY_KEY[key]["aliases"] if len(a.split()) < 2] == []


@pytest.mark.parametrize("key", KEYS)
def test_aliases_unique_and_distinct_from_name(key):
    entry = BY_KEY[key]
    assert len(set(entry["aliases"])) == len(entry["aliases"])
    assert entry["name"] not in entry["aliases"]


@pytest.mark.parametrize("key", KEYS)
def test_no_title_in_names(key):
    if key in TITLE_START_ALLOWED:
        return
    for name in _names(BY_KEY[key]):
        first = fold(name).split()[0].strip(",")
        assert first not in TITLE_WORDS, name


@pytest.mark.parametrize("key", KEYS)
def test_roles_non_empty(key):
    roles = BY_KEY[key]["roles"]
    assert roles
    assert all(isinstance(r, str) and r.strip() == r and r for r in roles)
    assert len(set(roles)) == len(roles)
