"""Reported events: class, CAMEO code, actor and target, modality, attribution, and one event
reported by two articles."""
from __future__ import annotations

import pytest

from kg.ingest import ingest
from kg.store import Store


@pytest.mark.parametrize("text, cls, cameo, actor, target", [
    ("The European Union imposed sanctions on Belarus on Monday.", "SanctionsImposition", "163", "org/eu", "state/BLR"),
    ("Britain froze the assets of the businessman Oleg Marchenko on Tuesday.", "SanctionsImposition", "172", "state/GBR", "person/oleg-marchenko"),
    ("Canada accused Iran of supplying drones to Russia.", "Accusation", "112", "state/CAN", "state/IRN"),
    ("Poland condemned Belarus for the border incident.", "Criticism", "111", "state/POL", "state/BLR"),
    ("Armenia rejected Azerbaijan's proposal on Friday.", "Rejection", "120", "state/ARM", None),
    ("The IAEA is investigating the shipment.", "Investigation", "090", "org/iaea", None),
    ("Japan urged China to release the detained crew.", "Appeal", "020", "state/JPN", "state/CHN"),
    ("North Korea threatened South Korea with retaliation.", "Threat", "130", "state/PRK", "state/KOR"),
    ("Foreign Minister Penny Wong visited Beijing on Wednesday.", "Visit", "042", "person/penny-wong", "state/CHN"),
    ("Chile and Peru signed a trade agreement in Lima.", "Agreement", "057", "state/CHL", "state/PER"),
    ("Egypt summoned the Israeli ambassador.", "Protest", "140", "state/EGY", "state/ISR"),
    ("Sweden expelled three Russian diplomats.", "Expulsion", "166", "state/SWE", "state/RUS"),
    ("India arrested two Chinese nationals on Thursday.", "Arrest", "173", "state/IND", "state/CHN"),
    ("Pakistan tested a ballistic missile on Monday.", "WeaponsTest", "150", "state/PAK", None),
    ("Germany will provide military aid to Ukraine.", "Aid", "070", "state/DEU", "state/UKR"),
    ("Serbian President Aleksandar Vucic met Hungarian Prime Minister Viktor Orban.", "Meeting", "040",
     "person/aleksandar-vucic", "person/viktor-orban"),
    ("Moldova demanded an apology from Russia.", "Demand", "100", "state/MDA", "state/RUS"),
    ("Foreign Minister Penny Wong spent five hours with Chinese Foreign Minister Wang Yi.", "Meeting", "040",
     "person/penny-wong", "person/wang-yi"),
    ("Iran denied the report on Sunday.", "Denial", "016", "state/IRN", None),
    ("Israel struck Syria overnight.", "MilitaryAction", "190", "state/ISR", "state/SYR"),
    ("The United States approved the sale of fighter jets to Poland.", "Authorization", "061", "state/USA", "state/POL"),
    ("Brazil voted against the resolution.", "Vote", "05", "state/BRA", None),
    ("Iran seized a tanker in the Gulf of Oman.", "Seizure", "171", "state/IRN", None),
])
def test_events_class_cameo_actor_target(dated_graph, text, cls, cameo, actor, target):
    events = [e for e in dated_graph(text).events if e.cls == cls]
    assert events, [(e.cls, e.actors, e.targets) for e in dated_graph(text).events]
    ev = events[0]
    assert ev.cameo == cameo
    if actor:
        assert actor in ev.actors
    if target:
        assert target in ev.targets
    assert ev.evidence.startswith(text.split()[0]) and ev.mentions[0].start >= 0


@pytest.mark.parametrize("text, modality", [
    ("Norway imposed sanctions on Iran on Monday.", "Asserted"),
    ("Norway will impose sanctions on Iran.", "Planned"),
    ("Norway threatened to impose sanctions on Iran.", "Threatened"),
    ("Norway did not impose sanctions on Iran.", "Negated"),
    ("Iran's move probably violates U.N. sanctions, Norway said.", "Alleged"),
    ("Norway could impose sanctions on Iran.", "Hypothetical"),
])
def test_events_modality(dated_graph, text, modality):
    events = [e for e in dated_graph(text).events if e.cls in {"SanctionsImposition", "ViolationAllegation"}]
    assert events and events[0].modality == modality


def test_events_modality_denied(dated_graph):
    events = dated_graph("Iran denied that it had supplied missiles to Russia.").events
    supplied = [e for e in events if e.trigger == "supplied"]
    assert supplied and supplied[0].modality == "Denied"


def test_events_attribution_to_outlet_and_cited_source(dated_graph):
    text = ("The Wall Street Journal is a newspaper. Russia is likely violating U.N. sanctions on "
            "North Korea, the Wall Street Journal reported, citing U.S. officials.")
    events = [e for e in dated_graph(text).events if e.cls == "ViolationAllegation"]
    assert events
    ev = events[0]
    assert ev.attributed_to == ["media/wsj"]
    assert "state/USA" in ev.citing and ev.actors == ["state/USA"] and ev.targets == ["state/RUS"]
    assert ev.modality == "Alleged"


@pytest.mark.parametrize("published, phrase, date", [
    ("2024-03-08", "on Thursday", "2024-03-07"),
    ("2024-03-08", "last month", "2024-02-01"),
    ("2024-03-08", "on March 2", "2024-03-02"),
    (None, "on Thursday", None),
])
def test_events_date_resolved_against_article(dated_graph, published, phrase, date):
    events = dated_graph(f"Latvia expelled a Russian diplomat {phrase}.", published=published).events
    assert events and events[0].date == date


def test_events_several_in_one_sentence(dated_graph):
    text = "Hungary vetoed the package and Poland condemned the decision."
    classes = {e.cls for e in dated_graph(text).events}
    assert {"Rejection", "Criticism"} <= classes


def test_events_headline_and_lead_are_one_event(dated_graph):
    graph = dated_graph("Australia on Tuesday imposed sanctions on Myanmar's military rulers.",
                      title="Australia imposes sanctions on Myanmar junta")
    imposed = [e for e in graph.events if e.cls == "SanctionsImposition"]
    assert len(imposed) == 1 and len(imposed[0].mentions) == 2 and imposed[0].date == "2024-03-05"


def test_events_quantity_on_event(dated_graph):
    text = "Kazakhstan issued at least 700 work permits to Chinese workers last year."
    events = [e for e in dated_graph(text).events if e.cls == "Authorization"]
    assert events
    q = events[0].quantities[0]
    assert q.min_value == 700 and q.unit == "work permits"


def test_events_one_event_reported_in_two_articles(tmp_path, store_dir):
    a = {"id": "one", "title": "Japan sanctions Russian banks", "published": "2024-03-08",
         "text": "Japan imposed sanctions on Russia on Thursday, the Finance Ministry said."}
    b = {"id": "two", "title": "Tokyo widens measures", "published": "2024-03-08",
         "text": "Japan on Thursday imposed sanctions on Russia, officials in Tokyo said."}
    import json
    path = tmp_path / "two.jsonl"
    path.write_text(json.dumps(a) + "\n" + json.dumps(b) + "\n", encoding="utf-8")
    store = Store(store_dir)
    ingest([str(path)], store)
    _, rows = store.select("""SELECT ?ev (COUNT(DISTINCT ?a) AS ?n) WHERE {
        ?ev a kg:SanctionsImposition ; kg:reportedIn ?a ; kg:date "2024-03-07"^^xsd:date } GROUP BY ?ev""")
    assert len(rows) == 1 and rows[0][1] == "2"
