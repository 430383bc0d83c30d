"""Date resolution against the article's date, and amounts read as structured quantities."""
from __future__ import annotations

from datetime import date

import pytest

from kg.events.dates import resolve
from kg.events.quantities import find_quantities

BASE = date(2019, 12, 6)  # a Friday


@pytest.mark.parametrize("text, value, precision", [
    ("Thursday", "2019-12-05", "day"),
    ("on Friday", "2019-12-06", "day"),
    ("last Friday", "2019-11-29", "day"),
    ("yesterday", "2019-12-05", "day"),
    ("last month", "2019-11-01", "month"),
    ("earlier this month", "2019-12-01", "month"),
    ("since September", "2019-09-01", "month"),
    ("in March", "2019-03-01", "month"),
    ("this year", "2019-01-01", "year"),
    ("last year", "2018-01-01", "year"),
    ("July 11", "2019-07-11", "day"),
    ("December 20", "2018-12-20", "day"),
    ("Feb. 27", "2019-02-27", "day"),
    ("11 July 2021", "2021-07-11", "day"),
    ("August 2020", "2020-08-01", "month"),
    ("2009", "2009-01-01", "year"),
])
def test_dates_resolved_against_article_date(text, value, precision):
    r = resolve(text, BASE)
    assert r is not None and (r.value, r.precision) == (value, precision)


@pytest.mark.parametrize("text", ["the past decade", "decades", "recent weeks"])
def test_dates_vague_phrases_give_no_date(text):
    assert resolve(text, BASE) is None


@pytest.mark.parametrize("text", ["on Thursday", "last month", "this year"])
def test_dates_relative_without_article_date_give_none(text):
    assert resolve(text, None) is None


@pytest.mark.parametrize("sentence, expect", [
    ("Migrant laborers send between $150-$300 million annually to their families.",
     dict(min_value=150e6, max_value=300e6, currency="USD", period="P1Y")),
    ("Over 10,000 new Uzbek workers have registered since May.", dict(min_value=10000, unit="workers")),
    ("At least 700 new work permits were issued.", dict(min_value=700, unit="work permits")),
    ("The refinery ships 500,000 barrels a year.", dict(value=500000, unit="barrels", period="P1Y")),
    ("The network moved crude worth more than $1.2 billion.", dict(min_value=1.2e9, currency="USD")),
    ("The fund received \u20ac40 million from Brussels.", dict(value=40e6, currency="EUR")),
])
def test_quantities_structured(nlp, sentence, expect):
    found = find_quantities(nlp(sentence))
    assert found, sentence
    q = found[0][1]
    for field, value in expect.items():
        assert getattr(q, field) == pytest.approx(value) if isinstance(value, float) else getattr(q, field) == value
