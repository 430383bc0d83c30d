"""Reference lists the extractor recognises names with: states, international organisations,
media, well-known government bodies, and the words that make a body or a public role.

Everything is data (JSON next to this module, or the country libraries); this module only indexes it."""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from pathlib import Path

from .states import StateRecord, coco_regexes, fold, load_states, state_metonyms

_HERE = Path(__file__).parent

__all__ = ["Gazetteer", "NamedOrg", "StateRecord", "fold", "load", "slug"]


def slug(text: str) -> str:
    """A stable IRI path segment from a name: 'Kim Jong-un' -> 'kim-jong-un'."""
    text = fold(text).replace("'", "").replace("&", " and ")
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-") or "x"


@dataclass
class NamedOrg:
    """An entry of international_orgs.json, media.json or bodies.json."""

    key: str
    label: str
    kind: str  # InternationalOrganization | MediaOrganization | a government body kind
    aliases: list[str] = field(default_factory=list)
    short: list[str] = field(default_factory=list)  # only valid when the full name is also in the article
    parent: str | None = None
    state: str | None = None
    agency: bool = False


def _quote_variants(name: str) -> set[str]:
    """A name as written with a straight and with a typographic apostrophe."""
    return {name, name.replace("'", "\u2019")}


def _load_json(name: str) -> list[dict]:
    path = _HERE / name
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else []


class Gazetteer:
    """All reference names, indexed by their folded form."""

    def __init__(self) -> None:
        self.states: dict[str, StateRecord] = load_states()
        self.terms: dict = json.loads((_HERE / "terms.json").read_text(encoding="utf-8"))
        self.orgs: dict[str, NamedOrg] = {}
        for row in _load_json("international_orgs.json"):
            self._add_org(NamedOrg(row["key"], row["label"], "InternationalOrganization",
                                   row.get("aliases", []), parent=row.get("parent")))
        for row in _load_json("media.json"):
            self._add_org(NamedOrg("media/" + row["key"], row["label"], "MediaOrganization",
                                   row.get("aliases", []), short=row.get("short", []),
                                   agency=bool(row.get("agency"))))
        for row in _load_json("bodies.json"):
            parent = row.get("parent")
            self._add_org(NamedOrg("body/" + row["key"], row["label"], row.get("kind", "Body"),
                                   row.get("aliases", []), parent=f"body/{parent}" if parent else None,
                                   state=row["state"]))
        for org in list(self.orgs.values()):
            if org.kind == "InternationalOrganization":
                org.key = "org/" + org.key
                org.parent = f"org/{org.parent}" if org.parent else None
        self.orgs = {o.key: o for o in self.orgs.values()}
        self.metonyms = {name: "org/" + key for name, key in state_metonyms().items()}
        self._state_index = self._index_states()
        self.body_heads: dict[str, str] = self.terms["body_heads"]
        self.functions = {w: fn for fn, words in self.terms["functions"].items() for w in words}
        self.roles: set[str] = set(self.terms["roles"])

    def _add_org(self, org: NamedOrg) -> None:
        self.orgs[org.key] = org

    def _index_states(self) -> dict[str, tuple[str, str]]:
        """folded name -> (iso3, how: name|demonym|capital); sovereign states win a clash."""
        index: dict[str, tuple[str, str]] = {}
        ranked = sorted(self.states.values(), key=lambda r: (r.sovereign, r.iso3 != "GBR"))
        for rec in ranked:  # later (sovereign) records overwrite earlier ones
            for how, names in (("capital", rec.capitals), ("demonym", rec.demonyms), ("name", rec.names)):
                for name in names:
                    index[fold(name)] = (rec.iso3, how)
        return index

    # --- look-ups -------------------------------------------------------------------------
    @cached_property
    def _people(self) -> dict[str, dict]:
        index: dict[str, dict] = {}
        for row in _load_json("people.json"):
            for name in (row["name"], *row.get("aliases", [])):
                index.setdefault(fold(name).replace("-", " "), row)
        return index

    def person_named(self, name: str) -> dict | None:
        """A listed office holder by full name or spelling ('Kim Jong-un'): key, name, serves, roles."""
        return self._people.get(fold(name).replace("-", " "))

    def org_by_name(self, name: str) -> NamedOrg | None:
        """A listed organisation by any of its names ('The Wall Street Journal', 'WSJ')."""
        if not hasattr(self, "_org_index"):
            self._org_index = {fold(n): o for o in self.orgs.values() for n in (o.label, *o.aliases)}
        return self._org_index.get(fold(name))

    def state_of(self, text: str, regex_fallback: bool = False) -> tuple[str, str] | None:
        """(iso3, how) for a state's name, demonym or capital; None when it names no state."""
        text = re.sub(r"(?:'s|\u2019s|')$", "", text.strip())
        hit = self._state_index.get(fold(text))
        if hit or not regex_fallback:
            return hit
        for iso3, rx in coco_regexes():
            if rx.search(text):
                return iso3, "name"
        return None

    def function_of(self, words: str) -> str | None:
        """The canonical function of a body ('overseas' -> 'foreign-affairs')."""
        return self.functions.get(fold(words).replace(" of ", " ").strip())

    def function_of_label(self, label: str) -> str | None:
        """The function a body's name states: 'Department of the Treasury' -> 'treasury'."""
        words = fold(re.sub(r"\s*\(.*\)$", "", label)).split()
        heads = [i for i, w in enumerate(words) if w in self.body_heads]
        if not heads:
            return None
        i = heads[0]
        rest = words[i + 2:] if i + 1 < len(words) and words[i + 1] in {"of", "for"} else words[:i]
        rest = [w for w in rest if w not in {"the", "a"}]
        if not rest:
            return None
        return self.function_of(" ".join(rest)) or slug(" ".join(rest))

    def state_patterns(self) -> list[dict]:
        patterns = []
        for rec in self.states.values():
            for how, label in (("name", "STATE"), ("demonym", "DEMONYM"), ("capital", "CAPITAL")):
                names = {"name": rec.names, "demonym": rec.demonyms, "capital": rec.capitals}[how]
                for name in names:
                    if self._state_index.get(fold(name), (None,))[0] != rec.iso3:
                        continue
                    for variant in _quote_variants(name):
                        patterns.append({"label": label, "pattern": variant, "id": rec.iso3})
        for name, key in self.metonyms.items():
            patterns.append({"label": "ORGREF", "pattern": name, "id": key})
        return patterns

    def org_patterns(self) -> list[dict]:
        labels = {"InternationalOrganization": "IO", "MediaOrganization": "MEDIA"}
        patterns = []
        for org in self.orgs.values():
            label = labels.get(org.kind, "BODY")
            for name in {org.label, *org.aliases}:
                for variant in _quote_variants(name[4:] if name.startswith("The ") else name):
                    patterns.append({"label": label, "pattern": variant, "id": org.key})
        return patterns

    @cached_property
    def short_forms(self) -> dict[str, list[str]]:
        """Bare short names ('Journal', 'Times') -> the outlets they may stand for."""
        out: dict[str, list[str]] = {}
        for org in self.orgs.values():
            for form in org.short:
                out.setdefault(form, []).append(org.key)
        return out

    def body_token_patterns(self) -> list[dict]:
        """Generic bodies named by function: 'Foreign Ministry', 'ministry of foreign affairs'."""
        func_words = sorted({w for words in self.terms["functions"].values() for w in words for w in w.split()}
                            - {"and", "of"})
        heads = ["ministry", "department", "ministries"]
        fw = {"LOWER": {"IN": func_words}}
        cap = {"IS_TITLE": True, "LOWER": {"NOT_IN": ["minister", "spokesman", "spokesperson", "said"]}}
        return [
            {"label": "BODY", "pattern": [fw, {"LOWER": {"IN": heads}}]},
            {"label": "BODY", "pattern": [fw, {"LOWER": "and"}, fw, {"LOWER": {"IN": heads}}]},
            {"label": "BODY", "pattern": [fw, fw, {"LOWER": {"IN": heads}}]},
            {"label": "BODY", "pattern": [{"LOWER": {"IN": ["ministry", "department"]}}, {"LOWER": "of"},
                                          {"LOWER": "the", "OP": "?"}, cap, {"LOWER": "and", "OP": "?"},
                                          {"IS_TITLE": True, "OP": "*"}]},
        ]


@lru_cache(maxsize=1)
def load() -> Gazetteer:
    return Gazetteer()
