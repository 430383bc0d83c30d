"""Entity resolution within an article and across articles."""
from __future__ import annotations

import pytest
from conftest import by_key


def test_resolution_surname_after_full_name_is_same_person(analyse):
    text = ("Foreign Minister Sergei Lavrov arrived in Ankara on Monday. "
            "Lavrov told reporters the talks had gone well.")
    people = [e for e in analyse(text).entities if e.cls in {"Person", "Official"}]
    assert len(people) == 1
    assert people[0].label == "Sergei Lavrov"
    assert len(people[0].mentions) == 2


def test_resolution_short_name_of_outlet_when_full_name_present(analyse):
    text = ("The Wall Street Journal reported the shipments. The Journal said officials were "
            "investigating, and WSJ later added details.")
    media = [e for e in analyse(text).entities if e.cls == "MediaOrganization"]
    assert len(media) == 1
    assert {"Wall Street Journal", "WSJ"} <= media[0].aliases | {media[0].label}
    assert len(media[0].mentions) == 3


def test_resolution_short_name_alone_is_not_an_outlet(analyse):
    text = "The Journal of Conflict Studies published the survey in May."
    media = [e for e in analyse(text).entities if e.cls == "MediaOrganization" and "wsj" in e.key]
    assert media == []


def test_resolution_across_articles_gives_same_keys(analyse):
    a = analyse("Russian Foreign Minister Sergei Lavrov criticised the European Union on Friday.", article_id="a")
    b = analyse("The EU replied to Sergei Lavrov and to the Russian Foreign Ministry a day later.", article_id="b")
    ka, kb = set(by_key(a)), set(by_key(b))
    assert {"state/RUS", "org/eu", "person/sergei-lavrov"} <= ka & kb


def test_resolution_demonym_and_name_are_one_state(analyse):
    ents = by_key(analyse("Iran denied the claim, and Iranian diplomats called it a fabrication."))
    assert len(ents["state/IRN"].mentions) == 2


@pytest.mark.parametrize("text, key, serves", [
    ("Havana said the measures were the first under President Joe Biden.", "person/joe-biden", "state/USA"),
    ("The money flows to Kim Jong-un's regime, officials in Seoul said.", "person/kim-jong-un", "state/PRK"),
    ("Cuba's sugar harvest fell again, Miguel Diaz-Canel told farmers.", "person/miguel-diaz-canel", "state/CUB"),
])
def test_resolution_listed_office_holders_serve_their_state(analyse, text, key, serves):
    ents = by_key(analyse(text))
    assert ents[key].cls == "Official"
    assert ents[key].member_of == [serves]


def test_resolution_title_in_article_wins_over_the_list(analyse):
    text = ("Russia's Foreign Ministry called the move hostile. "
            "Foreign Minister Sergei Lavrov said Moscow would respond.")
    ents = by_key(analyse(text))
    assert ents["person/sergei-lavrov"].member_of == ["body/rus/ministry-of-foreign-affairs"]


def test_resolution_context_goes_up_every_parent_the_text_does_not_name(analyse):
    """A body named in the text brings its parents, and theirs, up to the top, so that what an
    article lets one conclude at ingest (a member of the team serves the Security Council) is what
    `kg reason` concludes from the stored descriptions."""
    graph = analyse("The U.N. Monitoring Team said in a report on Tuesday that the group still raised money.")
    named = {e.key for e in graph.entities}
    context = {e.key for e in graph.context}
    assert "org/un-1267-monitoring-team" in named
    assert {"org/un-1267-committee", "org/un-security-council", "org/un"} <= context
    tops = [e for e in graph.context if not e.part_of]
    assert tops and all(k in context | named for e in graph.context for k in e.part_of)
