"""Property-based tests of the readers, the decoding, the cleaning and the date parsing: whatever
text or bytes come in, nothing but ArticleError is raised and every output is well-formed.

Deterministic (derandomize) and bounded, so CI runs the same examples every time."""
from __future__ import annotations

import io
import json
import re
from datetime import date, datetime

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from kg.articles import read_stream, read_text
from kg.articles.clean import Cleaned, clean_text
from kg.articles.dates import find_date, normalize_date, parse_date_line
from kg.articles.decode import decode_bytes
from kg.articles.language import detect_language, primary
from kg.errors import ArticleError
from kg.model import Article

PROPS = settings(max_examples=200, deadline=None, derandomize=True, database=None,
                 suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
FEW = settings(PROPS, max_examples=60)  # the HTML path runs trafilatura on each example

CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
SURROGATE = re.compile("[\ud800-\udfff]")
FORMATS = [None, "text", "html", "jsonl", "json"]

# Any text, lone surrogates and control characters included, weighted towards what articles hold.
any_char = st.one_of(st.characters(), st.sampled_from(list("\n\n\r\t  .,;:'\"“”–—-()[]<>{}/\\")),
                     st.sampled_from(["\ud800", "\udcff", "\x00", "\x0c", "\x85", "\u2028", "\ufeff"]))
any_text = st.text(any_char, max_size=400)
words = st.sampled_from(["The", "minister", "said", "on", "Monday", "Reuters", "By", "Jane", "Doe", "Editing",
                         "by", "March", "3,", "2021", "WASHINGTON", "(Reuters)", "-", "Photo:", "AP", "Updated",
                         "São", "Tomé", "sanctions", "|", "·", "\n", "\n\n", "Advertisement", "Related:"])
article_like = st.lists(words, max_size=60).map(" ".join)
printable = st.characters(blacklist_categories=("Cc", "Cs"))


def check_one_line(text: str) -> None:
    assert isinstance(text, str) and "\n" not in text and not CONTROL.search(text) and not SURROGATE.search(text)


def check_iso(value: str | None) -> None:
    if value is not None:
        (date.fromisoformat if len(value) == 10 else datetime.fromisoformat)(value)


def check_body(body: str) -> None:
    """Paragraphs of one line each, trimmed, none empty, separated by one blank line."""
    assert isinstance(body, str) and not SURROGATE.search(body)
    assert not CONTROL.search(body.replace("\n", ""))
    if body:
        for paragraph in body.split("\n\n"):
            assert paragraph and paragraph == paragraph.strip() and "\n" not in paragraph


def check_article(article: Article, max_chars: int) -> None:
    assert article.id and isinstance(article.id, str) and not SURROGATE.search(article.id)
    assert article.body
    check_body(article.body)
    check_one_line(article.title)
    for value in (article.publisher, article.dateline, article.url):
        assert value is None or (value and "\n" not in value)
    for name in article.authors + article.editors + article.captions:
        check_one_line(name)
    check_iso(article.published)
    assert len(article.text) <= max_chars
    assert len(article.content_hash) == 64  # every part encodes as UTF-8


def check_results(results: list, name: str, max_chars: int = 1_000_000) -> None:
    for r in results:
        if isinstance(r, ArticleError):
            assert r.path == name and (r.line is None or r.line >= 1)
            assert r.problem and "\n" not in str(r)
        else:
            assert isinstance(r, Article)
            check_article(r, max_chars)


# --- readers -------------------------------------------------------------------------------

@PROPS
@given(text=any_text, fmt=st.sampled_from([f for f in FORMATS if f != "html"]))
@example(text="\ufeff", fmt=None)
@example(text='{"id": "a", "text": "\\ud800"}', fmt="jsonl")
@example(text="[" * 5000, fmt=None)
@example(text='{"id": "a", "text": "x", "published": "0000-00-00T99"}', fmt="jsonl")
def test_read_text_never_raises_and_articles_are_well_formed(text, fmt):
    check_results(list(read_text(text, "in.txt", fmt)), "in.txt")


@FEW
@given(text=st.one_of(any_text, article_like.map(lambda t: f"<html><body><article><p>{t}</p></article></body></html>")))
@example(text="<!-- -->")
@example(text="<div>" * 400)
def test_read_text_as_html_never_raises(text):
    check_results(list(read_text(text, "page.html", "html")), "page.html")


@PROPS
@given(records=st.lists(st.dictionaries(
    st.sampled_from(["id", "title", "text", "html", "published", "source", "url", "authors", "language"]),
    st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), any_text, article_like,
              st.lists(st.text(max_size=5), max_size=3),
              st.dictionaries(st.text(max_size=3), st.integers(), max_size=2)),
    max_size=6), min_size=1, max_size=5))
def test_jsonl_records_of_any_shape_are_articles_or_one_error_each(records):
    text = "\n".join(json.dumps(r) for r in records)
    results = list(read_text(text, "batch.jsonl", "jsonl"))
    assert len(results) == sum(1 for line in text.splitlines() if line.strip())
    check_results(results, "batch.jsonl")


@PROPS
@given(text=article_like, limit=st.integers(min_value=1, max_value=400))
def test_no_article_is_longer_than_the_limit(text, limit):
    check_results(list(read_text("Headline\n\n" + text, "in.txt", "text", max_chars=limit)), "in.txt", limit)


@PROPS
@given(data=st.binary(max_size=600))
@example(data=b"\xff\xfe")
@example(data=b"\x00\x00\xfe\xff\x00")
@example(data="São".encode() + b"\xff")
def test_read_stream_of_any_bytes(data):
    check_results(list(read_stream(io.BytesIO(data), "-")), "-")


# --- decoding ------------------------------------------------------------------------------

@PROPS
@given(data=st.binary(max_size=600))
def test_decode_bytes_gives_text_or_article_error(data):
    try:
        text = decode_bytes(data, "f.txt")
    except ArticleError as exc:
        assert exc.path == "f.txt"
        return
    assert isinstance(text, str) and text.strip() and "\x00" not in text


@PROPS
@given(text=st.text(printable, min_size=1, max_size=300).filter(str.strip),
       encoding=st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "utf-32"]))
def test_unicode_encodings_decode_back_to_the_text(text, encoding):
    assert decode_bytes(text.encode(encoding), "f.txt") == text.lstrip("\ufeff")


@PROPS
@given(text=st.text(st.one_of(st.characters(min_codepoint=0x20, max_codepoint=0x7e),
                              st.characters(min_codepoint=0xa0, max_codepoint=0xff), st.just("\n")),
                    min_size=1, max_size=300))
def test_latin1_text_decodes_back_when_no_two_accents_touch(text):
    """Two non-ASCII bytes side by side may be a UTF-8 character; alone, they cannot."""
    if not text.strip() or re.search("[\x80-\xff]{2}", text):
        return
    assert decode_bytes(text.encode("latin-1"), "f.txt") == text


# --- cleaning ------------------------------------------------------------------------------

@PROPS
@given(text=st.one_of(any_text, article_like), title=st.one_of(st.just(""), any_text, article_like))
@example(text="LONDON (Reuters) -", title="")
@example(text="By \n\n", title="\x00")
def test_clean_text_is_well_formed(text, title):
    cleaned = clean_text(text, title)
    assert isinstance(cleaned, Cleaned)
    check_body(cleaned.body)
    assert all(isinstance(n, str) and n for n in cleaned.authors + cleaned.editors + cleaned.captions)
    assert not set(cleaned.authors) & set(cleaned.editors)
    assert cleaned.dateline is None or "\n" not in cleaned.dateline
    assert cleaned.publisher is None or "\n" not in cleaned.publisher
    check_iso(cleaned.published)


@PROPS
@given(text=article_like)
def test_clean_text_keeps_the_story_words_in_order(text):
    """Cleaning drops whole lines or the start of one; it never invents or reorders words."""
    kept = clean_text(text).body.split()
    source = text.split()
    i = 0
    for word in kept:
        while i < len(source) and source[i] != word:
            i += 1
        assert i < len(source), (word, text)
        i += 1


# --- dates ---------------------------------------------------------------------------------

@PROPS
@given(value=st.one_of(any_text, article_like, st.from_regex(r"\d{1,4}[-/. ]\d{1,2}[-/. ]\d{1,4}( \d\d:\d\d)?")))
@example(value="2021-02-29")
@example(value="Wed, 17 Mar 2021 99:20:00 +0800")
@example(value="9999-12-31T23:59:59+23:59")
def test_normalize_date_is_iso_or_none(value):
    check_iso(normalize_date(value))


@PROPS
@given(text=st.one_of(any_text, article_like))
def test_find_date_and_date_lines_are_valid_dates_or_none(text):
    found = find_date(text)
    assert found is None or (len(found) == 10 and date.fromisoformat(found))
    is_date, stated = parse_date_line(text)
    assert isinstance(is_date, bool) and (stated is None or (is_date and date.fromisoformat(stated)))


@PROPS
@given(day=st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31)),
       form=st.sampled_from(["{d:%B} {d.day}, {d.year}", "{d.day} {d:%B} {d.year}", "{d:%b}. {d.day}, {d.year}",
                             "{d:%Y-%m-%d}", "{d.year}/{d.month}/{d.day}", "{d:%A}, {d:%B} {d.day}, {d.year}"]))
def test_written_dates_are_read_back(day, form):
    written = form.format(d=day)
    assert find_date(written) == day.isoformat()
    assert normalize_date(written) == day.isoformat()
    assert parse_date_line(written) == (True, day.isoformat())


# --- language ------------------------------------------------------------------------------

@PROPS
@given(text=st.one_of(any_text, article_like), declared=st.one_of(st.none(), st.sampled_from(["en", "fr-CA", "", "x"])))
def test_detect_language_always_names_a_language(text, declared):
    found = detect_language(text, declared)
    assert found == primary(declared) or re.fullmatch(r"[a-z]{2,3}", found)
