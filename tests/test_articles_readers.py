"""Readers of kg.articles: text, HTML, JSON lines, JSON, standard input, folders and encodings."""
from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from kg.articles import read_path, read_stream
from kg.errors import ArticleError
from kg.model import Article

FIXTURES = Path(__file__).parent / "fixtures" / "articles"
HAITI = FIXTURES / "gazette-haiti-sanctions.html"
BALTIC = FIXTURES / "briefing-baltic-drills.html"
WIRE = FIXTURES / "wire-japan-korea-trade.txt"
BATCH = FIXTURES / "batch-three.jsonl"

STORY = ("Chile and Argentina signed an agreement on Friday to build a second road tunnel under "
         "the Andes, their foreign ministers said.")
STORY_2 = "Work on the tunnel is due to start next year and take about six years."


def articles(path) -> list[Article]:
    results = list(read_path(path))
    errors = [r for r in results if isinstance(r, ArticleError)]
    assert not errors, errors
    return results


def one(path) -> Article:
    (article,) = articles(path)
    return article


def errors_of(results) -> list[ArticleError]:
    return [r for r in results if isinstance(r, ArticleError)]


def page(head: str = "", body: str = "") -> str:
    """A small web page whose article holds the two story paragraphs."""
    return (f"<html><head>{head}</head><body>{body}<article><p>{STORY}</p><p>{STORY_2}</p>"
            "</article></body></html>")


# --- .txt -----------------------------------------------------------------------------------

def test_txt_reader_reads_headline_and_cleaned_body():
    article = one(WIRE)
    assert article.id == "wire-japan-korea-trade"
    assert article.title == "Japan lifts export curbs on chip materials for South Korea as leaders meet"
    assert article.body.startswith("Japan said on Thursday it would lift restrictions")
    assert article.body.endswith("restart regular visits between their leaders.")
    assert article.published == "2023-03-16"
    assert article.publisher == "Pinewood Wire"
    assert article.dateline == "Tokyo/Seoul"
    assert article.source_path == str(WIRE)


def test_txt_reader_separates_credits_captions_and_boilerplate():
    article = one(WIRE)
    assert article.authors == ["Akiko Tanabe", "Min-jun Seo", "Rachel Osei", "Peter Lund"]
    assert article.editors == ["Maria Cortes", "Sam Whitby"]
    assert len(article.captions) == 1 and article.captions[0].startswith("FILE PHOTO: Containers")
    for junk in ("FILE PHOTO", "Reporting by", "Tags:", "You may also like", "Seoul court",
                 "Leave a Reply", "Comment *", "Pinewood Wire"):
        assert junk not in article.body
    assert "\n\n\n" not in article.body and not article.body.endswith("\n")


@pytest.mark.parametrize("text, title, body", [
    ("Headline here\nFirst paragraph.\nSecond paragraph.", "Headline here",
     "First paragraph.\n\nSecond paragraph."),
    ("\n\n   \nHeadline after blank lines  \n\n\nBody text.", "Headline after blank lines", "Body text."),
    ("Headline\twith   spaces\r\n\r\nBody\u00a0with  odd   spacing. \r\n", "Headline with spaces",
     "Body with odd spacing."),
])
def test_txt_reader_first_nonblank_line_is_headline(tmp_path, text, title, body):
    path = tmp_path / "story-7.txt"
    path.write_text(text, encoding="utf-8", newline="")
    article = one(path)
    assert (article.id, article.title, article.body) == ("story-7", title, body)


def test_txt_reader_headline_only_is_an_error(tmp_path):
    path = tmp_path / "lonely.txt"
    path.write_text("Only a headline\n\n", encoding="utf-8")
    (error,) = read_path(path)
    assert isinstance(error, ArticleError) and "no article text" in str(error)


# --- HTML -----------------------------------------------------------------------------------

def test_html_reader_reads_page_metadata():
    article = one(HAITI)
    assert article.id == "gazette-haiti-sanctions"
    assert article.title == "Canada sanctions Haitian gang leaders and former officials"
    assert article.published == "2023-06-05T16:40:00-04:00"
    assert article.url == "https://www.northerngazette.example/world/2023/06/05/canada-sanctions-haiti-gang-leaders"
    assert article.publisher == "The Northern Gazette"
    assert article.authors == ["Ellen Marchetti", "Tomas Greer"]
    assert article.language == "en"
    assert article.captions == [
        "Police officers patrol a street in Port-au-Prince, Haiti. (Photo by Dana Whitlock/Northern Gazette)"]


def test_html_reader_keeps_the_whole_story():
    body = one(HAITI).body
    paragraphs = body.split("\n\n")
    assert len(paragraphs) == 6
    assert paragraphs[0].startswith("Canada on Monday froze the assets")
    assert paragraphs[2] == ("“Those who arm and bankroll the gangs are holding an entire population "
                             "hostage, and we will keep naming them,” Joly said.")
    assert paragraphs[3].startswith("According to United Nations figures")
    assert paragraphs[4].startswith("By contrast with earlier rounds")
    assert paragraphs[5].endswith("no country willing to lead it.")


@pytest.mark.parametrize("junk", [
    "Margot Vandersloot",  # navigation
    "Petra Kowalczyk", "Ferreira-Lindqvist",  # related links
    "Bartholomew Quince", "Rosalind Ferreday", "Freezing assets nobody",  # comments
    "We use cookies",  # cookie banner
    "Caribbean crisis", "Ottawa Bureau", "4:40 p.m.",  # kicker, byline, date line
    "Who runs Haiti", "Read more",  # inline promotion
    "Share this", "Tags:", "Subscribe", "All rights reserved", "Dana Whitlock",
])
def test_html_reader_drops_page_furniture_from_body(junk):
    assert junk not in one(HAITI).text


def test_html_reader_falls_back_to_h1_time_and_canonical():
    article = one(BALTIC)
    assert article.title == "NATO navies begin annual Baltic exercise"
    assert article.published == "2023-06-04"
    assert article.url == "https://harbourbriefing.example/defence/baltops-begins"
    assert article.authors == ["Jonas Mikkelsen"]  # meta name=author, the page shows no byline
    assert article.publisher is None
    assert article.dateline == "Kiel"
    assert article.body.startswith("Warships from more than a dozen allied countries")
    for junk in ("Ingeborg Falkvard", "Cornelius Haverkamp", "cookies", "Most read", "Defence desk"):
        assert junk not in article.body


@pytest.mark.parametrize("head, body, expected", [
    ('<meta property="og:title" content="From og"><script type="application/ld+json">'
     '{"@type": "NewsArticle", "headline": "From JSON-LD"}</script><title>From title</title>',
     "<h1>From h1</h1>", "From og"),
    ('<script type="application/ld+json">{"@type": "NewsArticle", "headline": "From JSON-LD"}</script>'
     "<title>From title</title>", "<h1>From h1</h1>", "From JSON-LD"),
    ("<title>From title</title>", "<h1>From h1</h1>", "From h1"),
    ('<title>From title | Some Site</title><meta property="og:site_name" content="Some Site">', "",
     "From title"),
])
def test_html_headline_precedence(tmp_path, head, body, expected):
    path = tmp_path / "p.html"
    path.write_text(page(head, body), encoding="utf-8")
    assert one(path).title == expected


@pytest.mark.parametrize("head, body, expected", [
    ('<meta property="article:published_time" content="2021-03-17T11:20:00+08:00">'
     '<script type="application/ld+json">{"@type": "NewsArticle", "datePublished": "2020-01-01"}</script>',
     '<time datetime="2019-05-05">May 5</time>', "2021-03-17T11:20:00+08:00"),
    ('<script type="application/ld+json">{"@type": "NewsArticle", "datePublished": "2020-01-02"}</script>',
     '<time datetime="2019-05-05">May 5</time>', "2020-01-02"),
    ("", '<time datetime="2019-05-05T08:00:00Z">May 5</time>', "2019-05-05T08:00:00+00:00"),
    ("", "", None),
    ('<meta property="article:published_time" content="not a date">', "", None),
])
def test_html_published_precedence(tmp_path, head, body, expected):
    path = tmp_path / "p.html"
    path.write_text(page(head, body), encoding="utf-8")
    assert one(path).published == expected


@pytest.mark.parametrize("head, expected", [
    ('<meta property="og:url" content="https://a.example/og"><link rel="canonical" href="https://a.example/c">',
     "https://a.example/og"),
    ('<link rel="canonical" href="https://a.example/c">', "https://a.example/c"),
    ("", None),
])
def test_html_url_from_og_or_canonical(tmp_path, head, expected):
    path = tmp_path / "p.html"
    path.write_text(page(head), encoding="utf-8")
    assert one(path).url == expected


@pytest.mark.parametrize("head, body, authors", [
    ('<meta name="author" content="Meta Person">', '<p class="byline">By Pat Wren</p>', ["Pat Wren"]),
    ('<meta name="author" content="Meta Person">', "", ["Meta Person"]),
    ('<script type="application/ld+json">{"@type": "NewsArticle", "author": [{"name": "Ld One"}, '
     '{"name": "Ld Two"}], "publisher": {"name": "Ld Outlet"}}</script>', "", ["Ld One", "Ld Two"]),
    ('<meta name="author" content="Pat Wren and Lou Hart">', "", ["Pat Wren", "Lou Hart"]),
    ('<meta name="author" content="Reuters">', "", []),
    ("", '<div class="story-meta"><span class="author">By Pat Wren | May 5, 2021</span></div>', ["Pat Wren"]),
    ("", '<p class="byline">By <a rel="author">Pat Wren</a>, Chief Correspondent</p>', ["Pat Wren"]),
    ("", '<section class="comments"><p class="comment-author">Kit Marlowe</p></section>', []),
    ("", "", []),
])
def test_html_authors_byline_before_metadata(tmp_path, head, body, authors):
    path = tmp_path / "p.html"
    path.write_text(page(head, body), encoding="utf-8")
    assert one(path).authors == authors


def test_html_site_name_in_h1_is_not_the_headline(tmp_path):
    path = tmp_path / "p.html"
    path.write_text(page('<title>Border deal signed – Valley Blog</title>'
                         '<meta property="og:site_name" content="Valley Blog">',
                         '<header class="site-header"><h1>Valley Blog</h1></header>'
                         '<article><header class="entry-header"><h1>Border deal signed</h1></header></article>'),
                    encoding="utf-8")
    assert one(path).title == "Border deal signed"


def test_html_caption_class_is_kept_apart(tmp_path):
    path = tmp_path / "p.html"
    path.write_text(page(body='<div class="image"><img src="a.jpg"><p class="image-caption">'
                              "Ministers shake hands in Santiago. Photo: Pat Wren</p></div>"),
                    encoding="utf-8")
    article = one(path)
    assert article.captions == ["Ministers shake hands in Santiago. Photo: Pat Wren"]
    assert "Santiago" not in article.body


def test_html_publisher_from_json_ld(tmp_path):
    path = tmp_path / "p.html"
    path.write_text(page('<script type="application/ld+json">{"@type": "NewsArticle", '
                         '"publisher": {"@type": "Organization", "name": "Ld Outlet"}}</script>'),
                    encoding="utf-8")
    assert one(path).publisher == "Ld Outlet"


def test_html_reader_keeps_short_paragraphs_subheads_and_lists(tmp_path):
    path = tmp_path / "short.html"
    path.write_text(
        "<html><body><nav><a href='/'>Home</a></nav><article>"
        "<p>Peru declared a state of emergency on Monday.</p>"
        "<p>“We will restore order,” the minister said.</p><p>Protests went on in Lima.</p>"
        "<h2>What happens next</h2><p>Congress meets on Thursday.</p>"
        "<ul><li>Schools stay closed.</li><li>Flights are suspended.</li></ul></article>"
        "<div class='related'><a href='/x'>Another story about Ollanta Humala</a></div></body></html>",
        encoding="utf-8")
    assert one(path).body.split("\n\n") == [
        "Peru declared a state of emergency on Monday.", "“We will restore order,” the minister said.",
        "Protests went on in Lima.", "What happens next", "Congress meets on Thursday.",
        "Schools stay closed.", "Flights are suspended."]


def test_html_reader_page_without_text_is_an_error(tmp_path):
    path = tmp_path / "empty-page.htm"
    path.write_text("<html><head><title>Nothing</title></head><body><nav>Home</nav></body></html>",
                    encoding="utf-8")
    (error,) = read_path(path)
    assert isinstance(error, ArticleError) and "no article text" in error.problem


# --- JSON lines and JSON --------------------------------------------------------------------

def test_jsonl_reader_reads_every_line():
    batch = articles(BATCH)
    assert [a.id for a in batch] == ["jb-001", "jb-002", "jb-003"]
    assert [a.source_line for a in batch] == [1, 2, 3]
    first, second, third = batch
    assert first.publisher == "Meridian Post" and first.dateline == "Brussels"
    assert first.published == "2022-02-24T21:10:00+01:00"
    assert first.body.startswith("European Union leaders met late on Thursday")
    assert (second.url, second.publisher, second.published) == (None, None, "2022-02-28")


def test_jsonl_html_field_goes_through_html_reader():
    third = articles(BATCH)[2]
    assert third.title == "Japan joins Western curbs on Russian central bank"  # the record's title wins
    assert third.published == "2022-03-01T09:00:00+09:00"  # from the page
    assert third.publisher == "Meridian Post"
    assert third.body.startswith("Japan will join the United States and Europe")
    assert "Oystrand" not in third.body


def record(**fields) -> str:
    base = {"id": "r", "title": "A headline", "text": STORY}
    base.update(fields)
    return json.dumps({k: v for k, v in base.items() if v is not ...})


def test_jsonl_malformed_line_yields_error_and_others_continue(tmp_path):
    lines = [record(id=f"a{i}") for i in range(1, 7)]
    lines.insert(3, "")  # blank lines are skipped but counted
    lines.insert(6, '{"id": "broken", "text": "no closing brace"')
    path = tmp_path / "batch.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    results = list(read_path(path))
    (error,) = errors_of(results)
    assert error.line == 7 and error.path == str(path)
    assert error.problem.startswith("line is not valid JSON: ")
    assert str(error).startswith(f"{path}:7: line is not valid JSON")
    assert [r.id for r in results if isinstance(r, Article)] == ["a1", "a2", "a3", "a4", "a5", "a6"]


@pytest.mark.parametrize("line, problem", [
    (record(id=...), "missing id"),
    (record(id=""), "missing id"),
    (record(id=["x"]), "field 'id' must be a string, not a list"),
    (record(title=5), "field 'title' must be a string, not a number"),
    (record(text={"p": 1}), "field 'text' must be a string, not an object"),
    (record(source=True), "field 'source' must be a string, not a boolean"),
    (record(published="sometime soon"), "field 'published' is not a date: 'sometime soon'"),
    (record(text=...), "no 'text' or 'html' field"),
    ("[1, 2]", "not a JSON object but a list"),
])
def test_jsonl_bad_record_yields_error_naming_the_problem(tmp_path, line, problem):
    path = tmp_path / "bad.jsonl"
    path.write_text(record(id="ok") + "\n" + line + "\n", encoding="utf-8")
    results = list(read_path(path))
    assert isinstance(results[0], Article)
    (error,) = errors_of(results)
    assert (error.problem, error.line) == (problem, 2)


def test_jsonl_numeric_id_and_null_fields_are_accepted(tmp_path):
    path = tmp_path / "b.jsonl"
    path.write_text(json.dumps({"id": 42, "text": STORY, "url": None, "published": None}) + "\n",
                    encoding="utf-8")
    article = one(path)
    assert (article.id, article.url, article.published, article.title) == ("42", None, None, "")


def test_json_single_object_defaults_id_to_file_name(tmp_path):
    path = tmp_path / "single-story.json"
    path.write_text(json.dumps({"title": "T", "text": STORY, "source": "Outlet"}), encoding="utf-8")
    article = one(path)
    assert (article.id, article.title, article.publisher) == ("single-story", "T", "Outlet")


def test_json_list_reads_each_object_and_reports_bad_items(tmp_path):
    path = tmp_path / "list.json"
    items = [{"id": "x1", "text": STORY}, {"text": STORY}, {"id": "x3", "text": STORY_2}]
    path.write_text(json.dumps(items, indent=2), encoding="utf-8")
    results = list(read_path(path))
    assert [r.id for r in results if isinstance(r, Article)] == ["x1", "x3"]
    (error,) = errors_of(results)
    assert error.problem == "item 2: missing id"


@pytest.mark.parametrize("content, problem", [
    ('{"id": "x", "text": ', "not valid JSON"),
    ('"just a string"', "JSON is neither an article object nor a list of them"),
])
def test_json_unreadable_document_is_an_error(tmp_path, content, problem):
    path = tmp_path / "bad.json"
    path.write_text(content, encoding="utf-8")
    (error,) = read_path(path)
    assert isinstance(error, ArticleError) and error.problem.startswith(problem)


# --- standard input -------------------------------------------------------------------------

@pytest.mark.parametrize("content, ids", [
    (record(id="s1") + "\n\n" + record(id="s2") + "\n", ["s1", "s2"]),
    (json.dumps([{"id": "l1", "text": STORY}, {"id": "l2", "text": STORY}]), ["l1", "l2"]),
    (json.dumps({"id": "o1", "text": STORY}, indent=2), ["o1"]),
    (page(), ["stdin-"]),
    ("A headline\n\n" + STORY, ["stdin-"]),
])
def test_read_stream_sniffs_format(content, ids):
    results = list(read_stream(io.StringIO(content)))
    assert [r.id if not r.id.startswith("stdin-") else "stdin-" for r in results] == ids


def test_read_stream_text_ids_differ_by_content():
    (a,) = read_stream(io.StringIO("One headline\n\n" + STORY))
    (b,) = read_stream(io.StringIO("Another headline\n\n" + STORY))
    (again,) = read_stream(io.StringIO("One headline\n\n" + STORY))
    assert a.id != b.id and a.id == again.id


def test_read_stream_bytes_are_decoded_and_named():
    data = ("Headline\n\nCaf\u00e9 owners in Lyon said so.").encode("utf-16")
    (article,) = read_stream(io.BytesIO(data), name="piped.txt")
    assert article.body == "Caf\u00e9 owners in Lyon said so." and article.id == "piped"


def test_read_stream_jsonl_with_broken_line_reports_line():
    content = record(id="s1") + "\n" + '{"id": "s2", ' + "\n" + record(id="s3") + "\n"
    results = list(read_stream(io.StringIO(content)))
    assert [getattr(r, "id", None) for r in results] == ["s1", None, "s3"]
    assert results[1].line == 2 and results[1].path == "-"


def test_read_path_dash_reads_standard_input():
    code = ("import sys; from kg.articles import read_path\n"
            "for a in read_path('-'): print(a.id, a.title, sep='|')")
    done = subprocess.run([sys.executable, "-c", code], input=record(id="piped", title="From stdin"),
                          capture_output=True, text=True, check=True, cwd=Path(__file__).parent.parent)
    assert done.stdout.strip() == "piped|From stdin"


# --- folders --------------------------------------------------------------------------------

def test_read_path_directory_recurses_sorted_and_skips_other_files(tmp_path):
    (tmp_path / "b" / "deep").mkdir(parents=True)
    (tmp_path / ".hidden").mkdir()
    (tmp_path / "b" / "deep" / "c.txt").write_text("C head\n\n" + STORY, encoding="utf-8")
    (tmp_path / "b" / "a.HTM").write_text(page("<title>Page</title>"), encoding="utf-8")
    (tmp_path / "a.jsonl").write_text(record(id="j1") + "\n" + record(id="j2") + "\n", encoding="utf-8")
    (tmp_path / "z.json").write_text(json.dumps({"id": "z1", "text": STORY}), encoding="utf-8")
    (tmp_path / "notes.md").write_text("# not an article", encoding="utf-8")
    (tmp_path / "data.csv").write_text("a,b\n1,2\n", encoding="utf-8")
    (tmp_path / ".hidden" / "h.txt").write_text("H\n\n" + STORY, encoding="utf-8")
    results = articles(tmp_path)
    assert [a.id for a in results] == ["j1", "j2", "a", "c", "z1"]
    assert results[3].source_path == str(tmp_path / "b" / "deep" / "c.txt")


def test_read_path_fixture_directory_reads_all_fixtures():
    ids = [a.id for a in articles(FIXTURES)]
    assert ids == ["jb-001", "jb-002", "jb-003", "briefing-baltic-drills", "gazette-haiti-sanctions",
                   "wire-japan-korea-trade"]


def test_read_path_missing_path_is_an_error(tmp_path):
    (error,) = read_path(tmp_path / "nope.txt")
    assert isinstance(error, ArticleError) and error.problem == "no such file or directory"


def test_read_path_bad_file_does_not_stop_the_folder(tmp_path):
    (tmp_path / "a.txt").write_bytes(b"")
    (tmp_path / "b.txt").write_text("B\n\n" + STORY, encoding="utf-8")
    results = list(read_path(tmp_path))
    assert isinstance(results[0], ArticleError) and results[1].id == "b"


# --- encodings ------------------------------------------------------------------------------

TEXT = "Côte d’Ivoire talks resume\n\nThe ministers met in Abidjan on Monday, officials in Yamoussoukro said."


@pytest.mark.parametrize("data", [
    TEXT.encode("utf-8"),
    b"\xef\xbb\xbf" + TEXT.encode("utf-8"),
    TEXT.encode("utf-16"),  # with its BOM
    b"\xfe\xff" + TEXT.encode("utf-16-be"),
    b"\xff\xfe" + TEXT.encode("utf-16-le"),
    TEXT.encode("cp1252"),
], ids=["utf8", "utf8-bom", "utf16", "utf16-be-bom", "utf16-le-bom", "cp1252"])
def test_encodings_are_decoded(tmp_path, data):
    path = tmp_path / "enc.txt"
    path.write_bytes(data)
    article = one(path)
    assert article.title == "Côte d’Ivoire talks resume"
    assert article.body.startswith("The ministers met in Abidjan")


def test_latin1_bytes_are_decoded(tmp_path):
    path = tmp_path / "latin.txt"
    path.write_bytes("São Tomé vote\n\nVoters in São Tomé queued from dawn, officials said.".encode("latin-1"))
    article = one(path)
    assert article.title == "São Tomé vote" and "São Tomé queued" in article.body


def test_html_declared_charset_is_used(tmp_path):
    path = tmp_path / "koi.html"
    body = "<p>Москва заявила о новых мерах в понедельник, сообщили официальные лица.</p>"
    path.write_bytes(f'<html><head><meta charset="koi8-r"></head><body><article>{body}</article>'
                     "</body></html>".encode("koi8-r"))
    assert one(path).body == "Москва заявила о новых мерах в понедельник, сообщили официальные лица."


@pytest.mark.parametrize("data, problem", [
    (b"", "empty file"),
    (b"  \n\t\n", "empty file"),
    (b"\xef\xbb\xbf", "empty file"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", "binary file, not an article"),
    (b"Headline\n\nSome text\x00 with a NUL byte", "binary file, not an article"),
])
def test_unreadable_files_are_errors(tmp_path, data, problem):
    path = tmp_path / "bad.txt"
    path.write_bytes(data)
    (error,) = read_path(path)
    assert isinstance(error, ArticleError)
    assert error.problem == problem and str(error) == f"{path}: {problem}"
