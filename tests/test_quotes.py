"""Direct quotations: speakers named before or after, pronouns, unnamed officials of a body,
quotations running over several paragraphs, and quote marks that are not quotations."""
from __future__ import annotations

import pytest

from kg.events.quotes import find_quote_spans


@pytest.mark.parametrize("body, speaker, words", [
    ("\u201cWe will not accept these measures under any circumstances,\u201d Foreign Minister Ahmed Attaf said.",
     "person/ahmed-attaf", "We will not accept these measures"),
    ("Foreign Minister Ahmed Attaf said: \u201cWe will not accept these measures under any circumstances.\u201d",
     "person/ahmed-attaf", "We will not accept these measures"),
    ('"The door to dialogue remains open to everyone," said Prime Minister Kristen Michal.',
     "person/kristen-michal", "The door to dialogue remains open"),
])
def test_quotes_named_speaker_before_or_after(dated_graph, body, speaker, words):
    (st,) = dated_graph(body).statements
    assert speaker in st.speakers and st.quote.startswith(words)


def test_quotes_pronoun_speaker_is_last_person(dated_graph):
    body = ("Finnish President Alexander Stubb met reporters in Helsinki. "
            "\u201cOur border will stay closed as long as the pressure continues,\u201d he said.")
    (st,) = dated_graph(body).statements
    assert st.speakers == ["person/alexander-stubb"]


def test_quotes_unnamed_official_of_a_body(dated_graph):
    body = ("\u201cThe shipments break every rule the council has agreed,\u201d a U.S. State Department "
            "spokesperson told reporters.\n\n\u201cWe expect a full explanation from Minsk soon,\u201d "
            "the spokesperson said.")
    graph = dated_graph(body)
    first, second = graph.statements
    assert "body/usa/department-of-state" in first.speakers
    assert first.speakers[0] == second.speakers[0]
    official = next(e for e in graph.entities if e.key == first.speakers[0])
    assert official.cls == "Official" and official.member_of == ["body/usa/department-of-state"]
    assert "spokesperson" in official.label


def test_quotes_over_two_paragraphs_are_one_statement(dated_graph):
    body = ("\u201cWe have seen the reports and we take them seriously. There will be consequences for "
            "anyone found to be helping the smugglers.\n\n"
            "\u201cNo company is above the law, however large it is,\u201d Economy Minister Lena Vogt said.")
    (st,) = dated_graph(body).statements
    assert st.speakers == ["person/lena-vogt"]
    assert "take them seriously" in st.quote and "No company is above the law" in st.quote


def test_quotes_short_scare_quotes_are_not_statements():
    text = 'Beijing called the list an "unreliable entity" measure and moved on.'
    assert find_quote_spans(text) == []


def test_quotes_offsets_point_at_the_quotation(dated_graph):
    body = "Minister Lena Vogt said: \u201cThe rules apply to every shipping company alike.\u201d"
    graph = dated_graph(body)
    (st,) = graph.statements
    m = st.mentions[0]
    assert graph.article.text[m.start:m.end].startswith("\u201cThe rules apply")
