"""Ingest on several cores gives the same graph as on one; unchanged articles are skipped."""
from __future__ import annotations

import io
import json

from kg.ingest import ingest
from kg.reason import GENERATED
from kg.store import Store


def _export(store: Store) -> list[str]:
    """The store as sorted N-Quads lines, but for the time the reasoner finished."""
    buf = io.BytesIO()
    store.export("nquads", buf)
    return sorted(line for line in buf.getvalue().decode().splitlines() if GENERATED not in line)


def test_ingest_jobs_gives_the_same_graph_as_one_job(samples_dir, tmp_path):
    one, two = Store(tmp_path / "one"), Store(tmp_path / "two")
    s1 = ingest([str(samples_dir)], one, jobs=1)
    s2 = ingest([str(samples_dir)], two, jobs=2)
    assert s1.stored == s2.stored == 8  # the eight sample articles
    assert _export(one) == _export(two)


def test_ingest_unchanged_articles_are_skipped_and_changed_ones_replaced(tmp_path, store_dir):
    path = tmp_path / "b.jsonl"
    a = {"id": "a", "title": "Nepal and India sign power deal", "text": "Nepal and India signed a power trade deal."}
    b = {"id": "b", "title": "Bhutan hosts talks", "text": "Bhutan hosted talks with Bangladesh on Monday."}
    path.write_text(json.dumps(a) + "\n" + json.dumps(b) + "\n", encoding="utf-8")
    store = Store(store_dir)
    first = ingest([str(path)], store)
    assert (first.stored, first.unchanged) == (2, 0)
    before = _export(store)
    again = ingest([str(path)], store)
    assert (again.read, again.stored, again.unchanged) == (2, 0, 2)
    assert _export(store) == before
    b["text"] = "Bhutan hosted talks with Myanmar on Monday."
    path.write_text(json.dumps(a) + "\n" + json.dumps(b) + "\n", encoding="utf-8")
    changed = ingest([str(path)], store)
    assert (changed.stored, changed.unchanged) == (1, 1)
    _, rows = store.select("SELECT DISTINCT ?iso WHERE { ?a kg:mentions ?s . ?s kg:iso3 ?iso } ORDER BY ?iso")
    assert "MMR" in {r[0] for r in rows} and "BGD" not in {r[0] for r in rows}
    forced = ingest([str(path)], store, force=True)
    assert forced.stored == 2
