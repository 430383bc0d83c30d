"""Bad input, each case as a user meets it: `kg ingest` on a good article and a bad file.

Every bad file or line is one line on stderr, `error: FILE[:LINE]: PROBLEM`; the rest of the batch
is stored, what was stored before stays, the exit code is 1, `--strict` stops at the first problem,
and no traceback reaches the user unless `kg --debug` asks for one. Real spaCy pipeline, real
on-disk Oxigraph stores, the real command line."""
from __future__ import annotations

import io
import json
import random
import subprocess
import sys
import time
from pathlib import Path

import pytest

from kg.articles import read_path, read_stream
from kg.articles.language import detect_language
from kg.errors import ArticleError
from kg.ingest import ingest
from kg.store import Store

KG = Path(sys.executable).parent / "kg"

GOOD = ("Finland and Estonia agree on ferry checks\n\nFinland and Estonia agreed on Tuesday to inspect "
        "cargo ferries crossing the Gulf of Finland, the Finnish Interior Ministry said.\n")
SECOND = {"id": "lv-1", "title": "Latvia recalls its envoy",
          "text": "Latvia recalled its ambassador to Belarus on Monday, the Latvian Foreign Ministry said."}
THIRD = {"id": "lt-1", "title": "Lithuania closes a crossing",
         "text": "Lithuania closed a border crossing with Belarus on Friday, officials in Vilnius said."}
FRENCH = {"id": "fr-1", "title": "Nouvelles sanctions",
          "text": "Le Conseil de l'Union européenne a adopté mardi un nouveau paquet de sanctions contre la "
                  "Biélorussie. Les ministres ont également demandé la libération des prisonniers politiques."}
NORWEGIAN = {"id": "no-1", "title": "Talks in Tromsø",
             "text": "Officials met in Tromsø on Monday, the Norwegian Foreign Ministry said."}
ACCENTED = ("Delegates from São Tomé meet in Lisbon\n\nThe Département of Foreign Affairs of São Tomé and "
            "Príncipe said on Monday that its minister would visit Lisbon next week.\n")


def jsonl(*records) -> str:
    return "".join((r if isinstance(r, str) else json.dumps(r, ensure_ascii=False)) + "\n" for r in records)


def nested_html(depth: int) -> str:
    story = "<p>Norway and Sweden agreed on Tuesday to share radar data, the Norwegian Defence Ministry said.</p>"
    return f"<html><body>{'<div>' * depth}{story}{'</div>' * depth}</body></html>"


def random_bytes(n: int, seed: int = 7) -> bytes:
    return random.Random(seed).randbytes(n)


# name -> (file name, content, problem the error names, line it names or None)
CASES = {
    "empty file": ("empty.txt", b"", "empty file", None),
    "only white space": ("blank.txt", b" \n\t\n  \n", "empty file", None),
    "png image": ("photo.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + random_bytes(400), "binary file", None),
    "random bytes without a NUL": ("noise.txt", bytes(b or 1 for b in random_bytes(4000)), "binary file", None),
    "invalid utf-8": ("broken.txt", ACCENTED.encode() + b"Officials said the \xff talks would go on.\n",
                      "not valid UTF-8 (byte 0xff at column 20)", 4),
    "html page with no article": ("menu.html", b"<html><head><title>Home</title></head><body><nav><a href='/'>Home</a> "
                                  b"<a href='/world'>World</a></nav><div class='cookie-banner'>We use cookies to "
                                  b"improve your experience. Accept all cookies?</div></body></html>",
                                  "no article text found", None),
    "html page with no element": ("comment.html", b"<!-- nothing here -->", "no article text found", None),
    "deeply nested html": ("deep.html", nested_html(5000).encode(), "HTML nested too deeply", None),
    "deeply nested json": ("deep.json", b"[" * 50_000 + b"]" * 50_000, "nested too deeply", None),
    "malformed json line in the middle": ("lines.jsonl", jsonl(SECOND, '{"id": "x", "text": "no end', THIRD).encode(),
                                          "line is not valid JSON", 2),
    "text is a number": ("num.jsonl", jsonl(SECOND, {"id": "n", "text": 42}).encode(),
                         "field 'text' must be a string, not a number", 2),
    "no text nor html": ("none.jsonl", jsonl({"id": "n", "title": "Only a headline"}, SECOND).encode(),
                         "no 'text' or 'html' field", 1),
    "published is a list": ("pub.jsonl", jsonl(dict(SECOND, id="p", published=["x"]), THIRD).encode(),
                            "field 'published' must be a string, not a list", 1),
    "title is an object": ("title.jsonl", jsonl(THIRD, dict(SECOND, id="t", title={"en": "x"})).encode(),
                           "field 'title' must be a string, not an object", 2),
    "lone surrogate escape": ("sur.jsonl", jsonl(SECOND, '{"id": "s", "text": "A \\ud800 alone."}').encode(),
                              "field 'text' holds character U+D800", 2),
    "bad byte in one json line": ("bytes.jsonl", jsonl(NORWEGIAN).encode() + b'{"id": "b", "text": "S\xe3o"}\n',
                                  "not valid UTF-8 (byte 0xe3 at column 23)", 2),
}


def write(folder: Path, name: str, content: bytes) -> Path:
    path = folder / name
    path.write_bytes(content)
    return path


def stored_ids(store_dir: Path) -> set[str]:
    store = Store(store_dir)
    try:
        _, rows = store.select("SELECT ?id WHERE { ?a a kg:Article ; schema:identifier ?id }")
        return {r[0] for r in rows}
    finally:
        store.close()


def lines_of(stderr: str, kind: str = "error") -> list[str]:
    return [line for line in stderr.splitlines() if line.startswith(f"{kind}:")]


@pytest.fixture
def good(tmp_path) -> Path:
    return write(tmp_path, "good.txt", GOOD.encode())


@pytest.mark.parametrize("case", list(CASES))
def test_bad_input_is_one_error_line_and_the_batch_goes_on(kg_cli, tmp_path, store_dir, good, case):
    name, content, problem, line = CASES[case]
    bad = write(tmp_path, name, content)
    r = kg_cli("ingest", good, bad, "--store", store_dir)
    assert r.exit_code == 1
    (error,) = lines_of(r.stderr)
    where = f"{bad}:{line}" if line else str(bad)
    assert error.startswith(f"error: {where}: ") and problem in error, error
    assert "Traceback" not in r.output
    assert "good" in stored_ids(store_dir)
    good_in_same_file = {"lines.jsonl": {"lv-1", "lt-1"}, "num.jsonl": {"lv-1"}, "none.jsonl": {"lv-1"},
                         "pub.jsonl": {"lt-1"}, "title.jsonl": {"lt-1"}, "sur.jsonl": {"lv-1"}, "bytes.jsonl": {"no-1"}}
    assert good_in_same_file.get(name, set()) <= stored_ids(store_dir)


def test_fifty_megabyte_text_is_refused_at_once(kg_cli, tmp_path, store_dir, good):
    big = tmp_path / "huge.txt"
    with big.open("w", encoding="utf-8") as f:
        f.write("A very long story\n\n")
        paragraph = "The ministers of Norway and Sweden met in Oslo on Tuesday, officials said.\n"
        f.write(paragraph * (50 * 1024 * 1024 // len(paragraph)))
    t0 = time.perf_counter()
    r = kg_cli("ingest", good, big, "--store", store_dir)
    assert r.exit_code == 1
    (error,) = lines_of(r.stderr)
    assert error.startswith(f"error: {big}: too long: ") and "1,000,000 characters" in error
    assert time.perf_counter() - t0 < 60
    assert stored_ids(store_dir) == {"good"}


def test_fifty_megabyte_text_on_standard_input_is_decoded_and_refused_quickly():
    data = ("A very long story\n\n" + "Officials in Tromsø said the talks had gone well.\n" * 1_100_000).encode()
    assert len(data) > 50_000_000
    t0 = time.perf_counter()
    (error,) = read_stream(io.BytesIO(data), "-")
    assert isinstance(error, ArticleError)
    assert error.problem.startswith("too long: 55,000,019 characters") and "the limit is 1,000,000" in error.problem
    assert time.perf_counter() - t0 < 20


def test_max_chars_option_sets_the_limit(kg_cli, tmp_path, store_dir):
    short = write(tmp_path, "short.jsonl", jsonl(SECOND, dict(THIRD, text=THIRD["text"] * 5)).encode())
    r = kg_cli("ingest", short, "--store", store_dir, "--max-chars", "300")
    assert r.exit_code == 1
    (error,) = lines_of(r.stderr)
    assert error.startswith(f"error: {short}:2: too long: ") and "the limit is 300" in error
    assert stored_ids(store_dir) == {"lv-1"}


@pytest.mark.parametrize("encoding, data", [
    ("latin-1", ACCENTED.encode("latin-1")),
    ("utf-16 with BOM", ACCENTED.encode("utf-16")),
    ("utf-16-be with BOM", b"\xfe\xff" + ACCENTED.encode("utf-16-be")),
    ("utf-16-le without BOM", ACCENTED.encode("utf-16-le")),
])
def test_legacy_and_utf16_text_comes_out_right(kg_cli, tmp_path, store_dir, encoding, data):
    path = write(tmp_path, "accents.txt", data)
    r = kg_cli("ingest", path, "--store", store_dir)
    assert r.exit_code == 0, r.stderr
    store = Store(store_dir)
    _, rows = store.select("SELECT ?h ?b WHERE { ?a schema:headline ?h ; schema:articleBody ?b }")
    store.close()
    assert rows == [["Delegates from São Tomé meet in Lisbon",
                     "The Département of Foreign Affairs of São Tomé and Príncipe said on Monday that its "
                     "minister would visit Lisbon next week."]]


@pytest.mark.parametrize("encoding", ["latin-1", "utf-16"])
def test_standard_input_is_decoded_like_a_file(kg_cli, store_dir, encoding):
    r = kg_cli("ingest", "-", "--store", store_dir, input=ACCENTED.encode(encoding))
    assert r.exit_code == 0, r.stderr
    store = Store(store_dir)
    _, rows = store.select("SELECT ?h WHERE { ?a schema:headline ?h }")
    store.close()
    assert rows == [["Delegates from São Tomé meet in Lisbon"]]


def test_a_bad_batch_loses_nothing_stored_before(kg_cli, tmp_path, store_dir, good):
    first = write(tmp_path, "first.jsonl", jsonl(SECOND, THIRD).encode())
    assert kg_cli("ingest", first, good, "--store", store_dir).exit_code == 0
    bad = write(tmp_path, "second.jsonl", jsonl(
        dict(SECOND, text=42),                       # the same id, now broken: the stored one stays
        dict(THIRD, text="x" * 2000),                # the same id, now too long
        '{"id": "lv-1", "text": ',                   # not JSON
        {"id": "new-1", "title": "Poland sends aid",
         "text": "Poland sent aid to Lithuania on Friday, the Polish Interior Ministry said."}).encode())
    r = kg_cli("ingest", bad, write(tmp_path, "empty.txt", b""), "--store", store_dir, "--max-chars", "1000")
    assert r.exit_code == 1 and len(lines_of(r.stderr)) == 4
    assert stored_ids(store_dir) == {"lv-1", "lt-1", "good", "new-1"}
    store = Store(store_dir)
    _, rows = store.select("SELECT ?id ?h WHERE { ?a schema:identifier ?id ; schema:headline ?h } ORDER BY ?id")
    store.close()
    assert ["lt-1", THIRD["title"]] in rows and ["lv-1", SECOND["title"]] in rows


def test_duplicate_id_in_one_batch_keeps_the_first(kg_cli, tmp_path, store_dir):
    a = write(tmp_path, "a.jsonl", jsonl(THIRD, SECOND).encode())
    b = write(tmp_path, "b.jsonl", jsonl(SECOND, dict(SECOND, title="Latvia expels a diplomat")).encode())
    r = kg_cli("ingest", a, b, "--store", store_dir)
    assert r.exit_code == 1
    (error,) = lines_of(r.stderr)
    assert error == (f"error: {b}:2: duplicate id 'lv-1' (first in {a}:2) with other text; not stored")
    assert "1 unchanged" in r.stderr  # b.jsonl:1 is the same article again: no error
    store = Store(store_dir)
    _, rows = store.select("SELECT ?h WHERE { ?a schema:identifier 'lv-1' ; schema:headline ?h }")
    store.close()
    assert rows == [[SECOND["title"]]]


def test_strict_stops_at_the_first_problem_and_stores_nothing_after(kg_cli, tmp_path, store_dir, good):
    assert kg_cli("ingest", good, "--store", store_dir).exit_code == 0
    batch = write(tmp_path, "batch.jsonl", jsonl(SECOND, {"id": "x", "text": 42}, THIRD, "{broken").encode())
    r = kg_cli("ingest", batch, "--store", store_dir, "--strict")
    assert r.exit_code == 1
    assert lines_of(r.stderr) == [f"error: {batch}:2: field 'text' must be a string, not a number"]
    assert "stopped at the first problem" in r.stderr
    assert stored_ids(store_dir) == {"good", "lv-1"}


def test_strict_in_the_library_stops_too(tmp_path, store_dir):
    batch = write(tmp_path, "batch.jsonl", jsonl(SECOND, "{broken", THIRD).encode())
    errors: list[str] = []
    store = Store(store_dir)
    summary = ingest([str(batch)], store, strict=True, on_error=errors.append)
    _, rows = store.select("SELECT ?id WHERE { ?a schema:identifier ?id }")
    store.close()
    assert summary.stopped and summary.failed and summary.stored == 1
    assert errors == [f"{batch}:2: line is not valid JSON: Expecting property name enclosed in double quotes "
                      "(column 2)"]
    assert rows == [["lv-1"]]


# --- another language ----------------------------------------------------------------------

def test_article_in_another_language_is_recorded_not_analysed(kg_cli, tmp_path, store_dir):
    batch = write(tmp_path, "mixed.jsonl", jsonl(SECOND, FRENCH).encode())
    r = kg_cli("ingest", batch, "--store", store_dir)
    assert r.exit_code == 0, r.stderr
    assert lines_of(r.stderr, "warning") == [f"warning: {batch}:2: written in French (fr); recorded, not analysed"]
    assert not lines_of(r.stderr) and "1 not in English" in r.stderr
    store = Store(store_dir)
    _, rows = store.select("""SELECT ?id ?lang ?h (COUNT(?m) AS ?mentions) WHERE {
        ?a schema:identifier ?id ; schema:headline ?h . OPTIONAL { ?a schema:inLanguage ?lang }
        OPTIONAL { ?a kg:mentions ?m } } GROUP BY ?id ?lang ?h ORDER BY ?id""")
    store.close()
    assert rows[0] == ["fr-1", "fr", "Nouvelles sanctions", "0"]
    assert rows[1][0] == "lv-1" and rows[1][1] is None and int(rows[1][3]) >= 2


def test_article_in_another_language_is_an_error_under_strict(kg_cli, tmp_path, store_dir):
    batch = write(tmp_path, "mixed.jsonl", jsonl(SECOND, FRENCH, THIRD).encode())
    r = kg_cli("ingest", batch, "--store", store_dir, "--strict")
    assert r.exit_code == 1
    assert lines_of(r.stderr) == [f"error: {batch}:2: written in French (fr), not English; not analysed"]
    assert stored_ids(store_dir) == {"lv-1"}


def test_a_declared_language_the_text_belies_is_corrected(kg_cli, tmp_path, store_dir):
    page = ("<html lang='fr'><head><title>Estonia expels an envoy</title></head><body><article><p>Estonia "
            "expelled a Russian diplomat on Tuesday, the Estonian Foreign Ministry said in a statement.</p>"
            "</article></body></html>")
    r = kg_cli("ingest", write(tmp_path, "envoy.html", page.encode()), "--store", store_dir)
    assert r.exit_code == 0 and not lines_of(r.stderr, "warning")
    store = Store(store_dir)
    _, rows = store.select("SELECT ?lang (COUNT(?m) AS ?n) WHERE { ?a schema:inLanguage ?lang ; kg:mentions ?m } "
                           "GROUP BY ?lang")
    store.close()
    assert rows[0][0] == "en" and int(rows[0][1]) >= 2


# Short English articles full of foreign names: never taken for another language.
ENGLISH_WITH_NAMES = [
    "Kim Jong Un visits Sinpo shipyard\n\nKCNA said Kim Jong Un inspected the Sinpo shipyard.",
    "Erdogan, Mitsotakis hold talks in Ankara",
    "Janez Janša, Andrej Plenković meet\n\nJanez Janša met Andrej Plenković in Ljubljana. Borut Pahor and "
    "Zoran Milanović joined them.",
    "Lukashenko hosts Tokayev, Mirziyoyev in Minsk\n\nAlexander Lukashenko welcomed Kassym-Jomart Tokayev and "
    "Shavkat Mirziyoyev in Minsk. Rahmon and Japarov sent envoys.",
    "Mette Frederiksen, Jonas Gahr Støre, Ulf Kristersson meet in Oslo\n\nMette Frederiksen, Jonas Gahr Støre "
    "and Ulf Kristersson met in Oslo on Monday. Sanna Marin and Katrín Jakobsdóttir joined online.",
    "Sheikh Mohammed bin Zayed Al Nahyan receives Sheikh Tamim bin Hamad Al Thani in Abu Dhabi. Sheikh "
    "Mansour bin Zayed attended.",
    "Viktor Orbán meets Aleksandar Vučić in Szeged\n\nViktor Orbán and Aleksandar Vučić opened a border "
    "crossing near Szeged on Friday. Péter Szijjártó and Ivica Dačić signed two agreements.",
]


@pytest.mark.parametrize("text", ENGLISH_WITH_NAMES)
def test_short_english_full_of_names_is_english(text):
    assert detect_language(text) == "en"


@pytest.mark.parametrize("code, text", [
    ("fr", FRENCH["title"] + "\n\n" + FRENCH["text"]),
    ("de", "Neue Sanktionen\n\nDer Rat hat am Dienstag neue Sanktionen gegen Belarus beschlossen."),
    ("es", "Nuevas sanciones\n\nEl Consejo aprobó el martes nuevas sanciones contra Bielorrusia."),
    ("nl", "De minister sprak dinsdag in Den Haag met zijn Duitse collega over de sancties."),
    ("pl", "Minister spraw zagranicznych spotkał się we wtorek w Warszawie z niemieckim odpowiednikiem."),
    ("ru", "Министр иностранных дел встретился во вторник со своим коллегой в Минске."),
    ("ar", "وزير الخارجية يلتقي نظيره في الرياض يوم الثلاثاء لبحث العلاقات الثنائية"),
    ("zh", "外交部发言人周二表示，中方坚决反对单边制裁，并将采取必要措施。"),
])
def test_other_languages_are_told(code, text):
    assert detect_language(text) == code


def test_declared_language_decides_only_when_the_text_cannot(tmp_path):
    assert detect_language("Oslo, Bergen, Tromsø", declared="nb") == "nb"
    assert detect_language(GOOD, declared="fr") == "en"
    assert detect_language(FRENCH["text"], declared="en-GB") == "fr"


# --- tracebacks ----------------------------------------------------------------------------

def test_no_traceback_reaches_the_user_for_any_bad_input(tmp_path, store_dir):
    folder = tmp_path / "inbox"
    folder.mkdir()
    write(folder, "good.txt", GOOD.encode())
    for name, content, _, _ in CASES.values():
        write(folder, name, content)
    r = subprocess.run([str(KG), "ingest", str(folder), "--store", str(store_dir)], capture_output=True, text=True)
    assert r.returncode == 1
    assert "Traceback" not in r.stderr
    assert len(lines_of(r.stderr)) == len(CASES)
    assert all(line.startswith(("error: ", "read ")) for line in r.stderr.splitlines() if line)


def test_debug_shows_the_traceback_and_only_then(tmp_path, good):
    not_a_folder = write(tmp_path, "store-file", b"x")
    plain = subprocess.run([str(KG), "ingest", str(good), "--store", str(not_a_folder)], capture_output=True, text=True)
    debug = subprocess.run([str(KG), "--debug", "ingest", str(good), "--store", str(not_a_folder)],
                           capture_output=True, text=True)
    assert plain.returncode == debug.returncode == 1
    assert plain.stderr.startswith("error: cannot open the store") and len(plain.stderr.splitlines()) == 1
    assert "Traceback" not in plain.stderr and "Traceback" in debug.stderr


def test_unexpected_failure_on_one_page_is_one_line_and_debug_shows_where(kg_cli, tmp_path, store_dir, good,
                                                                          monkeypatch):
    import kg.articles.html as html

    def broken(*args, **kwargs):
        raise RecursionError("maximum recursion depth exceeded")

    monkeypatch.setattr(html.trafilatura, "bare_extraction", broken)
    page = write(tmp_path, "page.html", b"<html><body><article><p>Oslo said so.</p></article></body></html>")
    r = kg_cli("ingest", page, good, "--store", store_dir)
    assert r.exit_code == 1 and "Traceback" not in r.output
    assert lines_of(r.stderr) == [f"error: {page}: cannot be read (RecursionError: maximum recursion depth exceeded)"]
    assert "good" in stored_ids(store_dir)
    r = kg_cli("--debug", "ingest", page, "--store", store_dir)
    assert "Traceback" in r.stderr and "RecursionError" in r.stderr


def test_reader_never_raises_on_the_bad_files(tmp_path):
    for name, content, problem, _ in CASES.values():
        results = list(read_path(write(tmp_path, name, content)))
        assert any(isinstance(r, ArticleError) and problem in r.problem for r in results), name


def test_ids_and_messages_with_markup_characters_are_printed_as_they_are(kg_cli, tmp_path, store_dir):
    """More than five articles bring up the progress bar, which must not read '[/red]' as markup."""
    records = [dict(SECOND, id=f"[/red]story-{i}", text=SECOND["text"].replace("Monday", f"day {i}"))
               for i in range(7)]
    batch = write(tmp_path, "markup.jsonl", jsonl(*records, dict(SECOND, id="[/red]story-0")).encode())
    r = kg_cli("ingest", batch, "--store", store_dir)
    assert r.exit_code == 1 and "unexpected" not in r.stderr
    assert lines_of(r.stderr) == [f"error: {batch}:8: duplicate id '[/red]story-0' (first in {batch}:1) with other "
                                  "text; not stored"]
    assert len(stored_ids(store_dir)) == 7
