"""Property-based tests of the RDF mapping, the date resolution and the pipeline (issue 7, point 3):
every output parses, every IRI is valid, no input text makes the pipeline crash.

- ArticleGraph values built by hypothesis, with any text (quotes, backslashes, newlines, control
  characters, characters outside the BMP) in ids, headlines, labels, aliases, quotations, evidence
  and URLs: their N-Quads parse with pyoxigraph and rdflib and give back the same terms; every IRI
  is a valid absolute IRI in the project's namespaces; every typed literal has a valid lexical
  form; an on-disk store takes them (as a new graph and as a replacement) and gives them back.
- Lone surrogates cannot be written as UTF-8, so they are rejected: never half-written to a store.
  (The readers replace them when decoding input, so an analysed article never holds one.)
- Date expressions: any text against any article date resolves to None or a valid ISO date.
- The real spaCy pipeline and the analysis, over texts mixing any characters with news-like
  fragments: never raise, and their graph parses.

Deterministic (derandomize, no example database) and bounded, so CI runs the same examples every time."""
from __future__ import annotations

import io
import math
import re
from datetime import date, datetime, timedelta, timezone
from decimal import Decimal

import pyoxigraph as ox
import pytest
import rdflib
from hypothesis import HealthCheck, example, given, settings
from hypothesis import event as tally
from hypothesis import strategies as st

from kg.errors import StoreError
from kg.events.dates import article_date, resolve
from kg.gazetteer import slug
from kg.ingest import analyse as analyse_article
from kg.model import ENTITY_CLASSES, Article, ArticleGraph, Entity, Event, Mention, Quantity, Sentence, Statement
from kg.nlp import pipeline_name
from kg.rdf import BODY_CLASSES, ENTITIES, IRI, Lit, article_quads, to_nquads, to_ntriples
from kg.store import Store
from kg.tally import TALLY
from kg.vocab import ID, PREFIXES, SOURCE_INDEX, XSD, article_iri

PROPS = settings(max_examples=150, deadline=None, derandomize=True, database=None,
                 suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
STORE_PROPS = settings(PROPS, max_examples=80)  # two transactions on disk per example
PIPELINE_PROPS = settings(PROPS, max_examples=100)  # spaCy on each example

NAMESPACES = tuple(PREFIXES.values())
# Not allowed anywhere in an IRI (RFC 3987): controls, space and these delimiters.
BAD_IRI_CHAR = re.compile(r'[\x00-\x20<>"{}|^`\\\x7f-\x9f]')
SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
LEXICAL = {  # valid lexical forms of the typed literals the mapping writes
    XSD + "integer": re.compile(r"[+-]?[0-9]+"),
    XSD + "decimal": re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)"),
    XSD + "date": re.compile(r"-?[0-9]{4,}-[0-9]{2}-[0-9]{2}(?:Z|[+-][0-9]{2}:[0-9]{2})?"),
    XSD + "dateTime": re.compile(r"-?[0-9]{4,}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(?:\.[0-9]+)?"
                                 r"(?:Z|[+-][0-9]{2}:[0-9]{2})?"),
}

# --- strategies --------------------------------------------------------------------------------
# Any character but a surrogate, weighted towards those that break serialisers.
TRICKY = ['"', "\\", "\n", "\r", "\t", "\x00", "\x08", "\x0b", "\x0c", "\x1f", "\x7f", "\x85", "\u2028",
          "\u2029", "\ufeff", "\uffff", "\U0010ffff", "<", ">", "{", "}", "|", "^", "`", " ", "@", "#", "%",
          "\u201c", "\u201d", "'", "\u00e9", "\u4e2d"]
# Pieces of N-Quads and SPARQL syntax that text must never be able to inject.
SYNTAX = ["\\u0022", "\\n", '"""', "^^<", "> .", " .\n", "_:b0", '" } ; DROP ALL ; INSERT DATA { "', "@en"]
any_char = st.one_of(st.characters(blacklist_categories=("Cs",)), st.sampled_from(TRICKY))
text = st.lists(st.one_of(st.text(any_char, max_size=10), st.sampled_from(SYNTAX)), max_size=3).map("".join)
some_text = st.one_of(st.none(), text)
offset = st.integers(min_value=0, max_value=2**31)

# Keys as linking makes them: a path of slugs, or a name made into a slug (the only way text gets
# into an IRI); `slug` of any text must give an IRI path segment.
slug_word = st.text("abcdefghijklmnopqrstuvwxyz0123456789", min_size=1, max_size=8)
slug_path = st.lists(st.lists(slug_word, min_size=1, max_size=3).map("-".join), min_size=1, max_size=3).map("/".join)
key = st.one_of(
    st.builds(lambda p, s: p + s, st.sampled_from(["state/", "org/", "media/", "body/", "person/", "regime/",
                                                    "event/", "statement/", "person/unnamed/"]), slug_path),
    st.builds(lambda p, t: p + slug(t), st.sampled_from(["person/", "org/", "media/", "body/rus/"]), text),
)
keys = st.lists(key, max_size=2)

EVENT_CLASSES = ["SanctionsImposition", "Accusation", "Criticism", "Denial", "Rejection", "Investigation", "Demand",
                 "Appeal", "Threat", "Visit", "Meeting", "Agreement", "Authorization", "Aid", "Protest",
                 "MilitaryAction", "WeaponsTest", "Seizure", "Arrest", "Vote", "Expulsion", "ViolationAllegation"]
MODALITIES = ["Asserted", "Alleged", "Denied", "Planned", "Threatened", "Negated", "Hypothetical"]

iso_dates = st.dates(date(1900, 1, 1), date(2100, 12, 31))
offsets = st.sampled_from([None, timezone.utc, timezone(timedelta(hours=5, minutes=30)), timezone(-timedelta(hours=4))])
published = st.one_of(st.none(), iso_dates.map(date.isoformat),
                      st.builds(lambda d, tz: d.replace(tzinfo=tz).isoformat(),
                                st.datetimes(datetime(1900, 1, 1), datetime(2100, 12, 31)), offsets))
number = st.one_of(st.none(), st.floats(allow_nan=True, allow_infinity=True),
                   st.sampled_from([0.0, 1e-05, 2.5e-07, 1.2e9, 1e16, 1e22, 123456789.125, -0.5, float("inf")]))

mention = st.builds(Mention, text=text, start=offset, end=offset, sentence=st.integers(0, 50))
mentions = st.lists(mention, max_size=2)
sentence = st.builds(Sentence, index=st.integers(0, 10**6), start=offset, end=offset, text=text)
quantity = st.builds(Quantity, text=text, value=number, min_value=number, max_value=number, unit=some_text,
                     currency=some_text, period=some_text)
entity = st.builds(Entity, key=key, cls=st.sampled_from(ENTITY_CLASSES), label=text,
                   aliases=st.sets(text, max_size=2), iso3=some_text,
                   kind=st.one_of(st.none(), st.sampled_from(sorted(BODY_CLASSES)), text),
                   part_of=keys, member_of=keys, role=some_text, imposed_by=keys, targets=keys, mentions=mentions)
event = st.builds(Event, key=key, cls=st.sampled_from(EVENT_CLASSES), cameo=text, actors=keys, targets=keys,
                  trigger=text, evidence=text, mentions=mentions, modality=st.sampled_from(MODALITIES),
                  date=st.one_of(st.none(), iso_dates.map(date.isoformat)), date_text=some_text,
                  date_precision=st.sampled_from([None, "day", "month", "year"]), attributed_to=keys,
                  citing=keys, source_text=some_text, quantities=st.lists(quantity, max_size=2))
statement = st.builds(Statement, key=key, speakers=keys, speaker_text=text, quote=text, evidence=text,
                      mentions=mentions, attributed_to=keys, quantities=st.lists(quantity, max_size=2))
article = st.builds(Article, id=text, body=text, title=text, published=published, url=some_text,
                    publisher=some_text, authors=st.lists(text, max_size=2), captions=st.lists(text, max_size=2),
                    dateline=some_text, language=some_text)
article_graph = st.builds(ArticleGraph, article=article, entities=st.lists(entity, max_size=3),
                          sentences=st.lists(sentence, max_size=3), pipeline=text,
                          context=st.lists(entity, max_size=1), events=st.lists(event, max_size=2),
                          statements=st.lists(statement, max_size=2), publisher=st.one_of(st.none(), key),
                          authors=keys)

TRICKY_GRAPH = ArticleGraph(
    article=Article(id='a "b"\\ <c>\n{d}', title='He said "no"\\n \\ \n\r\t\x00\x7f\u2028 end',
                    body="x > y < z", url='http://e.org/a b"c>', published="2024-03-08T10:00:00+00:00"),
    entities=[Entity(key="person/" + slug('J\u00f6rg "Q" <O\'Neil>'), cls="Person", label='J\u00f6rg "Q"',
                     aliases={"a\\b", "c\nd"}, role="minister\x0b")],
    sentences=[Sentence(0, 0, 5, 'q "\\"')], pipeline="spacy/en 3.8",
    events=[Event(key="event/x", cls="Aid", cameo="07", actors=[], targets=[], trigger="\\", evidence='"',
                  quantities=[Quantity("0.00001", value=1e-05), Quantity("lots", value=float("inf"))])],
    statements=[Statement(key="statement/x", speakers=[], speaker_text="", quote='\u201cno\u201d "no" \\"',
                          evidence="\n")])


# --- checks ------------------------------------------------------------------------------------
def check_iri(value: str) -> None:
    ox.NamedNode(value)  # raises ValueError on an invalid IRI
    assert SCHEME.match(value), f"not absolute: {value!r}"
    assert not BAD_IRI_CHAR.search(value), f"bad character in IRI {value!r}"
    assert value.startswith(NAMESPACES), f"outside the project's namespaces: {value!r}"


def check_literal(lit: Lit) -> None:
    if lit.datatype in LEXICAL:
        assert LEXICAL[lit.datatype].fullmatch(lit.value), f"not a valid {lit.datatype}: {lit.value!r}"
        if lit.datatype == XSD + "date":
            date.fromisoformat(lit.value)


def check_terms(quads) -> None:
    for s, p, o, g in quads:
        for term in (s, p, g) + ((o,) if isinstance(o, IRI) else ()):
            assert isinstance(term, IRI)
            check_iri(term.value)
        if isinstance(o, Lit):
            check_literal(o)
            assert isinstance(o.value, str) and o.value != ""


def ox_term(term):
    if isinstance(term, ox.NamedNode):
        return IRI(term.value)
    dt = term.datatype.value
    return Lit(term.value, None if dt == XSD + "string" else dt, term.language)


def plain(term):
    """Our terms with xsd:string spelled as None, as pyoxigraph gives them back."""
    if isinstance(term, Lit) and term.datatype == XSD + "string":
        return Lit(term.value, None, term.lang)
    return term


def expected_quads(quads) -> set[tuple]:
    return {tuple(plain(t) for t in q) for q in quads}


def parsed_oxigraph(data: bytes) -> list[tuple]:
    return [tuple(ox_term(t) for t in (q.subject, q.predicate, q.object, q.graph_name))
            for q in ox.parse(data, format=ox.RdfFormat.N_QUADS)]


def rdflib_term(term):
    if isinstance(term, IRI):
        return rdflib.URIRef(term.value)
    if term.lang:
        return rdflib.Literal(term.value, lang=term.lang)
    return rdflib.Literal(term.value, datatype=None if term.datatype in (None, XSD + "string") else term.datatype)


def check_nquads(quads) -> None:
    """The quads as N-Quads parse with pyoxigraph and rdflib, and give back the same terms."""
    data = to_nquads(quads)
    back = parsed_oxigraph(data)
    assert len(back) == len(quads) == data.count(b"\n")
    assert set(back) == expected_quads(quads)
    ds = rdflib.Dataset()
    ds.parse(data=data, format="nquads")
    assert set(ds.quads((None, None, None, None))) == {tuple(rdflib_term(t) for t in q) for q in quads}
    # N-Triples (the Graph Store Protocol's body): the same triples
    triples = ox.parse(to_ntriples(quads), format=ox.RdfFormat.N_TRIPLES)
    assert {(ox_term(t.subject), ox_term(t.predicate), ox_term(t.object)) for t in triples} == \
        {q[:3] for q in expected_quads(quads)}


# --- the RDF mapping ---------------------------------------------------------------------------
@PROPS
@given(article_graph)
@example(TRICKY_GRAPH)
def test_any_article_graph_gives_valid_iris_and_parsable_nquads(ag):
    quads = article_quads(ag)
    check_terms(quads)
    check_nquads(quads)
    graph = IRI(article_iri(ag.article.id))
    assert {g for *_, g in quads} <= {graph, IRI(ENTITIES)}
    headline = [o for s, p, o, g in quads if s == graph and p.value.endswith("headline")]
    assert headline == ([Lit(ag.article.title)] if ag.article.title else [])


@PROPS
@given(text, text)
def test_article_iri_of_any_id_is_valid_and_distinct(a, b):
    check_iri(article_iri(a))
    assert (article_iri(a) == article_iri(b)) == (a == b)


@PROPS
@given(st.lists(text, min_size=1, max_size=5).map(" ".join))
def test_slug_of_any_name_is_an_iri_path_segment(name):
    s = slug(name)
    assert re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*|x", s), s
    check_iri(ID + "person/" + s)


@pytest.fixture(scope="module")
def disk_store(tmp_path_factory):
    store = Store(tmp_path_factory.mktemp("props") / "store")
    yield store
    store.close()


VALUE_OF = {XSD + "integer": int, XSD + "decimal": Decimal, XSD + "date": date.fromisoformat,
            XSD + "dateTime": datetime.fromisoformat}


def by_value(quads) -> set[tuple]:
    """Quads with typed literals as their values: the store keeps numbers and dates in a canonical
    form ("2024-03-08T10:00:00Z" for "...+00:00")."""
    def term(t):
        if isinstance(t, Lit) and t.datatype in VALUE_OF:
            return (t.datatype, VALUE_OF[t.datatype](t.value))
        return t
    return {tuple(term(t) for t in q) for q in quads}


def _stored(store: Store) -> set[tuple]:
    """The store's quads, but for the tallies and single-source rows it keeps of them (kg/tally.py,
    kg/store/sources.py)."""
    buf = io.BytesIO()
    store.export("nquads", buf)
    return {q for q in by_value(parsed_oxigraph(buf.getvalue()))
            if not q[3].value.startswith(TALLY) and q[3].value != SOURCE_INDEX}


@STORE_PROPS
@given(article_graph)
@example(TRICKY_GRAPH)
def test_any_article_graph_is_stored_whole_and_read_back(disk_store, ag):
    for g in list(disk_store.graphs()):
        disk_store.remove_graph(g)
    quads = article_quads(ag)
    graph = article_iri(ag.article.id)
    assert disk_store.replace_graph(graph, quads) == len(quads)  # a new graph: one `extend`
    assert len(_stored(disk_store)) == len(set(quads))
    assert _stored(disk_store) == by_value(expected_quads(quads))
    assert disk_store.replace_graph(graph, quads) == len(quads)  # again: the SPARQL update path
    assert _stored(disk_store) == by_value(expected_quads(quads))
    if ag.article.title:  # the same text comes back out of a query
        _, rows = disk_store.select(f"SELECT ?h WHERE {{ GRAPH <{graph}> {{ <{graph}> schema:headline ?h }} }}")
        assert rows == [[ag.article.title]]


# --- lone surrogates: rejected, never half-written ---------------------------------------------
surrogate_text = st.builds(lambda a, c, b: a + c + b, text, st.characters(whitelist_categories=("Cs",)), text)


def _with_surrogate(where: str, bad: str) -> ArticleGraph:
    if where in ("label", "quote"):
        label = bad if where == "label" else "X"
        quotes = [Statement("statement/s", [], "", bad, "")] if where == "quote" else []
        return ArticleGraph(Article(id="s1", body="After."), [Entity("person/x", "Person", label)], [], "p",
                            statements=quotes)
    return ArticleGraph(Article(**{"id": "s1", "body": "After.", where: bad}), [], [], "p")


@settings(PROPS, max_examples=40)
@given(st.sampled_from(["title", "body", "url", "dateline", "label", "quote"]), surrogate_text)
def test_lone_surrogates_are_rejected_and_the_store_keeps_what_it_held(disk_store, where, bad):
    """A lone surrogate is not a character: no UTF-8 (N-Quads, the store) can hold it. It is refused
    with an error, wherever it is, and what the store held stays (it is not replaced by U+FFFD: the
    readers do that when they decode input, so only a caller of the library can hand one in)."""
    for g in list(disk_store.graphs()):
        disk_store.remove_graph(g)
    graph = article_iri("s1")
    disk_store.replace_graph(graph, article_quads(ArticleGraph(Article(id="s1", body="Before."), [], [], "p")))
    before = _stored(disk_store)
    try:
        quads = article_quads(_with_surrogate(where, bad))
    except ValueError:  # UnicodeEncodeError: the content hash of a headline, story or URL
        assert where in ("title", "body", "url")
        return
    with pytest.raises(ValueError):  # UnicodeEncodeError
        to_nquads(quads)
    with pytest.raises(StoreError):
        disk_store.replace_graph(graph, quads)
    assert _stored(disk_store) == before


# --- date resolution ---------------------------------------------------------------------------
DATE_WORDS = ["on", "in", "since", "from", "by", "last", "this", "next", "earlier", "later", "past", "previous",
              "final", "the", "of", "month", "year", "12 months", "week", "today", "yesterday", "tonight",
              "this morning", "day", "Monday", "thursday", "Sunday", "March", "sept", "Sept.", "may", "Dec",
              "february", "3", "29", "31st", "2nd", "0", "00", "1", "2024", "1999", "0000", "9999", "10000",
              "2024-02-30", "2023-02-28", "0000-01-01", "2024-13-01", "\u0662\u0660\u0662\u0664",
              "\uff12\uff10\uff12\uff14", "\u0663", ",", ".", "-", "  ", "\n", "\u00e9"]
date_text = st.one_of(text, st.lists(st.sampled_from(DATE_WORDS), max_size=6).map(" ".join),
                      st.lists(st.one_of(st.sampled_from(DATE_WORDS), text), max_size=4).map(" ".join))


@settings(PROPS, max_examples=400)
@given(date_text, st.one_of(st.none(), iso_dates))
@example("March 0000", date(2024, 3, 8))
@example("in 0000", date(2024, 3, 8))
@example("\uff12\uff10\uff12\uff14", date(2024, 3, 8))
@example("Feb 29", date(2023, 3, 1))
def test_date_resolution_never_raises_and_gives_an_iso_date(snippet, base):
    r = resolve(snippet, base)
    if r is None:
        return
    assert re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", r.value), r.value
    d = date.fromisoformat(r.value)
    assert r.precision in {"day", "month", "year"}
    if r.precision == "month":
        assert d.day == 1
    if r.precision == "year":
        assert (d.month, d.day) == (1, 1)


@PROPS
@given(st.one_of(text, published.filter(bool), st.from_regex(r"[0-9]{4}-[0-9]{2}-[0-9]{2}.{0,9}", fullmatch=True)))
@example("2024-13-01")
@example("2024-02-30T00:00")
@example("\u0662\u0660\u0662\u0664-\u0660\u0661-\u0660\u0661")
def test_article_date_of_any_text_is_a_date_or_none(value):
    d = article_date(value)
    assert d is None or isinstance(d, date)
    if d is not None:
        assert value.startswith(d.isoformat())


# --- the pipeline: no text makes it crash -------------------------------------------------------
FRAGMENTS = ["Russia", "the United States", "Iran", "North Korea", "Côte d'Ivoire", "Türkiye", "the European Union",
             "the United Nations", "NATO", "the Ministry of Foreign Affairs", "the Russian Foreign Ministry",
             "the U.S. Treasury Department", "Reuters", "said", "told reporters", "imposed sanctions on",
             "accused", "denied", "condemned", "met", "visited", "on 3 March", "on Thursday", "last month",
             "in August 2020", "since September", "$5 billion", "€300 million a year", "at least 700 workers",
             "0.00001 dollars", "9" * 320 + " dollars", "1,000,000", "\u201c", "\u201d", '"', "'", "\u2019s",
             "Foreign Minister Sergei Lavrov", "a State Department spokesperson", "President", "Mr.", ".",
             ",", ";", " - ", "\u2013", "(", ")", "\n", "\n\n", "  ", "Dr.", "U.N.", "Inc.", "http://x.org/a?b=c",
             "#tag", "@user", "<b>", "&amp;", "\\", "\t", "\u00a0", "\u200b", "\ufeff", "\u0301"]
noise = st.text(any_char, min_size=1, max_size=12)
ACTORS = ["Russia", "The United States", "Iran", "North Korea", "C\u00f4te d'Ivoire", "T\u00fcrkiye", "NATO",
          "Jane Okafor", "President Ana M\u00fcller", "the Northgate Institute",
          "The European Union", "The Russian Foreign Ministry", "the Ministry of Foreign Affairs",
          "Foreign Minister Sergei Lavrov", "A State Department spokesperson", "the U.N. Security Council"]
VERBS = ["imposed sanctions on", "accused", "denied accusations by", "condemned", "met", "visited",
         "expelled two diplomats from", "pledged aid to", "criticised", "threatened", "signed an agreement with"]
WHEN = ["", "on 3 March", "on Thursday", "last month", "in August 2020", "since September", "on 31 February",
        "in 0000", "on March 3, 2024", "yesterday"]
AMOUNTS = ["", "worth $5 billion", "of \u20ac300 million a year", "affecting at least 700 workers",
           "of 0.00001 dollars", "of " + "9" * 320 + " dollars", "of 1,000,000 barrels", "of $150-$300 million"]
actor = st.one_of(st.sampled_from(ACTORS), st.sampled_from(ACTORS), noise)
news_sentence = st.builds(
    lambda a, v, b, when, amount, end: " ".join(x for x in (a, v, b, when, amount) if x) + end,
    actor, st.one_of(st.sampled_from(VERBS), st.sampled_from(VERBS), noise), actor, st.sampled_from(WHEN),
    st.sampled_from(AMOUNTS), st.sampled_from([".", ".", ",", " said Reuters.", "", ";", "\n\n", " \u2026"]))
MARKS = [("\u201c", ",\u201d"), ('"', ',"'), ("'", ",'"), ("\u201c", ""), ('"', "\u201d")]
quotation = st.builds(lambda q, words, who: f"{q[0]}{words}{q[1]} {who}.", st.sampled_from(MARKS),
                      st.one_of(st.just("We will not accept these illegal measures against our country"),
                                st.lists(st.one_of(noise, st.sampled_from(FRAGMENTS)), min_size=1,
                                         max_size=8).map(" ".join)),
                      st.sampled_from(["Foreign Minister Sergei Lavrov said on Thursday", "said Lavrov",
                                       "a State Department spokesperson told reporters", "he said", ""]))
news_text = st.lists(st.one_of(news_sentence, news_sentence, quotation, st.sampled_from(FRAGMENTS), noise),
                     min_size=1, max_size=12).map(" ".join)


NAMES = ["Jane Okafor", "Ana M\u00fcller", "Olga O'Brien-Smith", "Kwame Mensah-Boateng", "Jean-Luc Picard",
         "The Daily \u00dcmlaut & Co", "Northgate Wire", "Reuters", "AP", "\u674e\u660e"]
metadata_name = st.one_of(st.sampled_from(NAMES), text)
articles_in = st.builds(
    lambda body, title, aid, day, publisher, authors: Article(id=aid, body=body, title=title, published=day,
                                                             publisher=publisher, authors=authors),
    news_text, st.one_of(st.just(""), st.lists(st.sampled_from(FRAGMENTS), max_size=6).map(" ".join), text),
    text, st.one_of(st.none(), iso_dates.map(date.isoformat)), st.one_of(st.none(), metadata_name),
    st.lists(metadata_name, max_size=2))


@PIPELINE_PROPS
@given(articles_in)
@example(Article(id="id", title="Sanctions", published="2024-03-08",
                 body="Russia imposed sanctions on Iran on 3 March, worth $5 billion. \u201cNo,\u201d said Lavrov."))
@example(Article(id="tiny", body="Russia imposed sanctions on Iran worth $0.00001 on 3 March.", published="2024-03-08"))
@example(Article(id="huge", body="Russia imposed sanctions on Iran worth $" + "9" * 320 + " in 0000.",
                 published="2024-03-08"))
@example(Article(id="names", body="Jane Okafor met Olga O'Brien-Smith of the Northgate Institute on Thursday.",
                 publisher="The Daily \u00dcmlaut & Co", authors=["Jean-Luc Picard", "O'Neil"]))
def test_no_text_makes_the_pipeline_crash(nlp, gaz, article):
    """The real spaCy pipeline and analysis (linking, events, quotations, dates, amounts) over any text:
    no exception, and a graph of valid IRIs whose N-Quads parse."""
    ag = analyse_article(article, nlp(article.text), gaz, pipeline_name(nlp))
    tally(f"events: {min(len(ag.events), 2)}, statements: {min(len(ag.statements), 1)}, "
          f"quantities: {min(sum(len(e.quantities) for e in ag.events), 1)}")
    quads = article_quads(ag)
    check_terms(quads)
    back = parsed_oxigraph(to_nquads(quads))
    assert set(back) == expected_quads(quads)
    text_ = ag.article.text
    for ent in ag.entities:
        for m in ent.mentions:
            assert 0 <= m.start <= m.end <= len(text_) and 0 <= m.sentence < len(ag.sentences)
    for ev in ag.events:
        assert ev.date is None or date.fromisoformat(ev.date)
        for q in ev.quantities:
            for v in (q.value, q.min_value, q.max_value):
                assert v is None or isinstance(v, float | int) and not math.isnan(v)
