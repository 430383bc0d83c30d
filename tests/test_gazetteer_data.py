"""Structure of the hand-made reference lists in kg/gazetteer: international_orgs.json, media.json
and bodies.json.

The extractor turns every label and alias into a case-sensitive pattern and also looks names up
in a folded form (accents, case, dots and a leading "the" removed), so a name that two entries
share, or a bare generic name ("National Assembly"), would silently attach mentions to the wrong
entity. These tests keep the lists free of such clashes."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pycountry
import pytest

import kg
from kg.gazetteer import fold, slug

GAZETTEER = Path(kg.__file__).parent / "gazetteer"
FILES = ["international_orgs.json", "media.json", "bodies.json"]

FIELDS = {
    "international_orgs.json": {"key": str, "label": str, "aliases": list, "parent": (str, type(None))},
    "media.json": {"key": str, "label": str, "aliases": list, "short": list, "agency": bool},
    "bodies.json": {"key": str, "label": str, "aliases": list, "state": str, "parent": (str, type(None)),
                    "kind": str},
}
BODY_KINDS = {"Ministry", "Department", "Agency", "Office", "Legislature", "Court", "ArmedForce", "Police",
              "Government", "Embassy", "Body"}

# Folded names that two entries may share on purpose. Each addition needs a reason.
SHARED_NAMES_ALLOWED: set[str] = set()

# Lower-case one-word aliases that are real names, not ordinary words.
LOWERCASE_ALIASES_ALLOWED = {"dpa"}

# Names that belong to no one state or organisation: the extractor recognises these generically
# and takes the state from the context, so no entry may claim them as a label or an alias.
GENERIC_NAMES = {
    "parliament", "senate", "national assembly", "house of representatives",
    "chamber of deputies", "upper house", "lower house", "legislature", "cabinet", "government",
    "council of ministers", "presidency", "presidential office", "office of the president",
    "prime minister's office", "prime ministers office", "royal court", "shura council", "federal council",
    "presidential council", "legislative council", "executive council", "council of state",
    "constitutional council", "supreme court", "constitutional court", "high court", "court of appeal",
    "foreign ministry", "ministry of foreign affairs", "foreign affairs ministry", "defence ministry",
    "defense ministry", "ministry of defence", "ministry of defense", "interior ministry",
    "ministry of interior", "ministry of the interior", "ministry of internal affairs", "finance ministry",
    "ministry of finance", "commerce ministry", "ministry of commerce", "trade ministry", "ministry of trade",
    "economy ministry", "ministry of economy", "justice ministry", "ministry of justice", "health ministry",
    "ministry of health", "energy ministry", "ministry of energy", "ministry of state security",
    "ministry of public security", "ministry of intelligence", "intelligence ministry", "central bank",
    "national bank", "army", "navy", "air force", "armed forces", "military", "coast guard", "national guard",
    "police", "national police", "federal police", "border guard", "general staff", "joint chiefs of staff",
    "security service", "intelligence service", "national intelligence service", "foreign intelligence service",
    "federal intelligence service", "national security council", "cabinet office",
    "investigative committee", "prosecutor general's office", "general prosecutor's office",
    "intelligence bureau", "national gendarmerie", "gendarmerie", "gendarmerie nationale", "embassy",
    "consulate", "general assembly", "commonwealth", "commission", "council", "assembly", "times", "post", "journal", "independent", "herald", "nation", "national",
}

# Folded country or territory names an entry may use: the extractor's patterns are case-sensitive,
# so "GUAM" (the organisation of Georgia, Ukraine, Azerbaijan and Moldova) never matches "Guam".
COUNTRY_NAMES_ALLOWED = {"guam"}


def load(name: str) -> list[dict]:
    return json.loads((GAZETTEER / name).read_text(encoding="utf-8"))


def names(row: dict) -> list[str]:
    return [row["label"], *row["aliases"]]


def owner(name: str, row: dict) -> str:
    return f"{name}:{row['key']}"


@pytest.fixture(scope="module")
def all_rows() -> dict[str, list[dict]]:
    return {name: load(name) for name in FILES}


# --- per file ------------------------------------------------------------------------------------
@pytest.mark.parametrize("name", FILES)
def test_valid_json_list_of_objects(name):
    data = load(name)
    assert isinstance(data, list) and data, f"{name} must be a non-empty JSON list"
    assert all(isinstance(row, dict) for row in data)


@pytest.mark.parametrize("name", FILES)
def test_pretty_printed_and_sorted(name):
    text = (GAZETTEER / name).read_text(encoding="utf-8")
    data = json.loads(text)
    assert [r["key"] for r in data] == sorted(r["key"] for r in data), f"{name} is not sorted by key"
    expected = json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
    assert text == expected, f"{name} is not pretty-printed with sorted keys (indent=2, UTF-8)"


@pytest.mark.parametrize("name", FILES)
def test_fields_and_types(name):
    fields = FIELDS[name]
    for row in load(name):
        assert set(row) == set(fields), f"{row.get('key')}: fields {sorted(row)} != {sorted(fields)}"
        for field, typ in fields.items():
            assert isinstance(row[field], typ), f"{row['key']}: {field} has type {type(row[field]).__name__}"
        assert row["label"] and row["label"] == row["label"].strip()


@pytest.mark.parametrize("name", FILES)
def test_unique_well_formed_keys(name):
    keys = [row["key"] for row in load(name)]
    dupes = sorted({k for k in keys if keys.count(k) > 1})
    assert not dupes, f"duplicate keys in {name}: {dupes}"
    pattern = r"[a-z]{3}/[a-z0-9]+(?:-[a-z0-9]+)*" if name == "bodies.json" else r"[a-z0-9]+(?:-[a-z0-9]+)*"
    bad = [k for k in keys if not re.fullmatch(pattern, k)]
    assert not bad, f"malformed keys in {name}: {bad}"


@pytest.mark.parametrize("name", ["international_orgs.json", "bodies.json"])
def test_parents_exist_without_cycles(name):
    rows = {row["key"]: row for row in load(name)}
    missing = [(k, r["parent"]) for k, r in rows.items() if r["parent"] is not None and r["parent"] not in rows]
    assert not missing, f"unknown parents in {name}: {missing}"
    for key in rows:
        seen, cur = set(), key
        while cur is not None:
            assert cur not in seen, f"parent cycle in {name} through {key}"
            seen.add(cur)
            cur = rows[cur]["parent"]


@pytest.mark.parametrize("name", FILES)
def test_alias_strings_are_clean(name):
    problems = []
    for row in load(name):
        extra = row.get("short", [])
        for alias in row["aliases"] + extra:
            if not isinstance(alias, str) or not alias.strip():
                problems.append((row["key"], alias, "empty"))
            elif alias != alias.strip() or "  " in alias:
                problems.append((row["key"], alias, "stray whitespace"))
            elif alias.islower() and " " not in alias and alias not in LOWERCASE_ALIASES_ALLOWED:
                problems.append((row["key"], alias, "lower-case common word"))
        if len(set(row["aliases"])) != len(row["aliases"]):
            problems.append((row["key"], row["aliases"], "duplicate alias"))
        if row["label"] in row["aliases"]:
            problems.append((row["key"], row["label"], "alias repeats the label"))
    assert not problems, problems


@pytest.mark.parametrize("name", FILES)
def test_no_generic_names(name):
    bad = [(row["key"], n) for row in load(name) for n in names(row) if fold(n) in GENERIC_NAMES]
    assert not bad, f"generic names claimed by one entry in {name}: {bad}"


@pytest.mark.parametrize("name", FILES)
def test_no_country_names(name):
    countries = set()
    for c in pycountry.countries:
        for attr in ("name", "official_name", "common_name"):
            if getattr(c, attr, None):
                countries.add(fold(getattr(c, attr)))
    bad = [(row["key"], n) for row in load(name) for n in names(row)
           if fold(n) in countries and fold(n) not in COUNTRY_NAMES_ALLOWED]
    assert not bad, f"country names used as names in {name}: {bad}"


# --- bodies ----------------------------------------------------------------------------------------
def test_body_states_are_iso3():
    bad = [(r["key"], r["state"]) for r in load("bodies.json")
           if not re.fullmatch(r"[A-Z]{3}", r["state"]) or pycountry.countries.get(alpha_3=r["state"]) is None]
    assert not bad, f"states that are not ISO 3166-1 alpha-3 codes: {bad}"


def test_body_keys_follow_state_and_label():
    bad = [(r["key"], f"{r['state'].lower()}/{slug(r['label'])}") for r in load("bodies.json")
           if r["key"] != f"{r['state'].lower()}/{slug(r['label'])}"]
    assert not bad, f"body keys must be iso3/slug(label): {bad}"


def test_body_kinds():
    bad = [(r["key"], r["kind"]) for r in load("bodies.json") if r["kind"] not in BODY_KINDS]
    assert not bad, f"unknown body kinds: {bad}"


def test_body_parents_are_of_the_same_state():
    rows = {r["key"]: r for r in load("bodies.json")}
    bad = [(k, r["parent"]) for k, r in rows.items()
           if r["parent"] and rows[r["parent"]]["state"] != r["state"]]
    assert not bad, f"parents of another state: {bad}"


# --- media ----------------------------------------------------------------------------------------
def test_media_names_do_not_start_with_the():
    bad = [(r["key"], n) for r in load("media.json") for n in r["aliases"] + r["short"]
           if re.match(r"the\s", n, re.I)]
    assert not bad, f"aliases and short forms must not start with 'the' (the code strips it): {bad}"


def test_media_short_forms_are_not_other_entries_names(all_rows):
    names_of: dict[str, set[str]] = {}
    for file, rows in all_rows.items():
        for row in rows:
            for n in names(row):
                names_of.setdefault(fold(n), set()).add(owner(file, row))
    bad = []
    for row in all_rows["media.json"]:
        for s in row["short"]:
            others = names_of.get(fold(s), set()) - {owner("media.json", row)}
            if others:
                bad.append((row["key"], s, sorted(others)))
    assert not bad, f"short forms that are another entry's full name: {bad}"


def test_media_has_wires():
    rows = load("media.json")
    agencies = {r["key"] for r in rows if r["agency"]}
    assert {"reuters", "ap", "afp", "xinhua", "tass"} <= agencies


# --- across files ----------------------------------------------------------------------------------
def test_no_name_shared_by_two_entries(all_rows):
    owners: dict[str, set[str]] = {}
    for file, rows in all_rows.items():
        for row in rows:
            for n in names(row):
                owners.setdefault(fold(n), set()).add(owner(file, row))
    clashes = {n: sorted(o) for n, o in owners.items() if len(o) > 1 and n not in SHARED_NAMES_ALLOWED}
    assert not clashes, f"names (folded) shared by several entries: {clashes}"


def test_allowlists_are_still_needed(all_rows):
    """An allowance for a clash that no longer exists is stale."""
    owners: dict[str, set[str]] = {}
    for file, rows in all_rows.items():
        for row in rows:
            for n in names(row):
                owners.setdefault(fold(n), set()).add(owner(file, row))
    stale = sorted(n for n in SHARED_NAMES_ALLOWED if len(owners.get(n, ())) < 2)
    assert not stale, f"SHARED_NAMES_ALLOWED entries with no clash: {stale}"


def test_metonym_targets_exist():
    """states_extra.json maps place names ('Brussels') to organisation keys of this list."""
    path = GAZETTEER / "states_extra.json"
    if not path.exists():
        pytest.skip("no states_extra.json")
    extra = json.loads(path.read_text(encoding="utf-8"))
    keys = {r["key"] for r in load("international_orgs.json")}
    missing = {k: v for k, v in extra.get("metonyms", {}).items() if not k.startswith("_") and v not in keys}
    assert not missing, f"metonyms pointing at unknown organisations: {missing}"


def test_core_entries_present(all_rows):
    keys = {file: {r["key"] for r in rows} for file, rows in all_rows.items()}
    assert {"un", "un-security-council", "eu", "nato", "iaea", "un-panel-of-experts"} <= keys["international_orgs.json"]
    assert {"reuters", "ap", "afp", "bbc", "wsj"} <= keys["media.json"]
    assert {"usa/office-of-foreign-assets-control", "usa/department-of-the-treasury",
            "usa/bureau-of-industry-and-security"} <= keys["bodies.json"]
    bis = next(r for r in all_rows["international_orgs.json"] if r["key"] == "bank-for-international-settlements")
    assert "BIS" not in bis["aliases"], "BIS is the US Bureau of Industry and Security in sanctions news"
