"""Each command of `kg`, run as a user would: exit codes, output, errors as one line."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

STORY = ("Norway joins EU measures against Belarus\n\nNorway said on Wednesday it would align with the "
         "European Union's latest sanctions on Belarus, the Norwegian Foreign Ministry said.\n")


@pytest.fixture
def one_article(tmp_path) -> Path:
    path = tmp_path / "no1.txt"
    path.write_text(STORY, encoding="utf-8")
    return path


def test_cli_ingest_prints_summary_and_stores(kg_cli, one_article, store_dir):
    r = kg_cli("ingest", one_article, "--store", store_dir)
    assert r.exit_code == 0
    assert "read 1 articles" in r.stderr and "stored 1" in r.stderr


def test_cli_ingest_stdin(kg_cli, store_dir):
    r = kg_cli("ingest", "-", "--store", store_dir, input=STORY)
    assert r.exit_code == 0, r.output
    r = kg_cli("query", "SELECT ?id WHERE { ?a schema:identifier ?id }", "--store", store_dir, "--format", "csv")
    assert r.stdout.splitlines()[1].startswith("stdin")


def test_cli_ingest_bad_file_exits_nonzero_with_one_line(kg_cli, one_article, tmp_path, store_dir):
    bad = tmp_path / "empty.txt"
    bad.write_text("", encoding="utf-8")
    r = kg_cli("ingest", one_article, bad, "--store", store_dir)
    assert r.exit_code == 1
    errors = [line for line in r.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 1 and "empty.txt" in errors[0]
    assert "stored 1" in r.stderr


def test_cli_store_from_environment(kg_cli, one_article, store_dir, monkeypatch):
    monkeypatch.setenv("KG_STORE", str(store_dir))
    assert kg_cli("ingest", one_article).exit_code == 0
    assert (store_dir).is_dir()


@pytest.mark.parametrize("fmt, check", [
    ("csv", lambda out: out.splitlines()[0] == "iso"),
    ("json", lambda out: json.loads(out)["head"]["vars"] == ["iso"]),
    ("table", lambda out: "NOR" in out),
])
def test_cli_query_formats(kg_cli, one_article, store_dir, fmt, check):
    kg_cli("ingest", one_article, "--store", store_dir)
    r = kg_cli("query", "SELECT DISTINCT ?iso WHERE { ?s kg:iso3 ?iso } ORDER BY ?iso", "--store", store_dir,
               "--format", fmt)
    assert r.exit_code == 0 and check(r.stdout)


def test_cli_query_from_rq_file(kg_cli, one_article, store_dir, tmp_path):
    kg_cli("ingest", one_article, "--store", store_dir)
    rq = tmp_path / "q.rq"
    rq.write_text("SELECT (COUNT(*) AS ?n) WHERE { ?a a kg:Article }", encoding="utf-8")
    r = kg_cli("query", rq, "--store", store_dir, "--format", "csv")
    assert r.stdout.splitlines() == ["n", "1"]


def test_cli_query_syntax_error_is_one_line(kg_cli, one_article, store_dir):
    kg_cli("ingest", one_article, "--store", store_dir)
    r = kg_cli("query", "SELECT WHERE {", "--store", store_dir)
    assert r.exit_code == 2
    assert r.stderr.startswith("error: the query does not parse")
    assert "Traceback" not in r.output


def test_cli_export_to_file(kg_cli, one_article, store_dir, tmp_path):
    kg_cli("ingest", one_article, "--store", store_dir)
    out = tmp_path / "g.nq"
    r = kg_cli("export", "--store", store_dir, "--format", "nquads", "--output", out)
    assert r.exit_code == 0 and "<https://w3id.org/geokg/id/state/NOR>" in out.read_text()


def test_cli_stats_counts(kg_cli, one_article, store_dir):
    kg_cli("ingest", one_article, "--store", store_dir)
    r = kg_cli("stats", "--store", store_dir)
    assert r.exit_code == 0
    line = next(line for line in r.stdout.splitlines() if "articles" in line)
    assert "1" in line


def test_cli_console_script_runs(one_article, store_dir):
    kg = Path(sys.executable).parent / "kg"
    r = subprocess.run([str(kg), "ingest", str(one_article), "--store", str(store_dir)],
                       capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    r = subprocess.run([str(kg), "stats", "--store", str(store_dir)], capture_output=True, text=True)
    assert r.returncode == 0 and "triples" in r.stdout
