"""Random bytes and random JSON thrown at every entry point: `analyze`, `ingest`, `export` and the
HTTP API. Whatever arrives, nothing prints a traceback, nothing answers 500, every input ends up
analysed or rejected with a reason, and the good inputs in the same batch are all analysed.

The inputs come from a seeded generator, so a failure is reproducible from the seed in its name.
"""
from __future__ import annotations

import json
import random
import sqlite3
import string
import subprocess
import sys
import urllib.parse
from pathlib import Path

import pytest

from presslens.errors import Code
from presslens.schema import validation_errors

GOOD = ("Harbour chief Anna Berg accused the Norland government on Monday of blocking the northern pier. "
        "\"We have repaired the cranes,\" Berg told reporters in Eastport. "
        "Norland's transport minister Oren Talvik met Berg in Eastport on Tuesday.")
SUFFIXES = (".txt", ".json", ".jsonl", ".html", ".htm", ".md", "")
KEYS = ("text", "html", "title", "published", "source", "url", "kind", "x")
REJECTION_CODES = {code.value for code in Code}


def random_string(rng: random.Random, size: int) -> str:
    alphabet = string.printable + "\x00\x01\x0b\x1f\u00e9\u0416\u2028\ud7ff\ufeff\U0001f600"
    return "".join(rng.choice(alphabet) for _ in range(size))


def random_json(rng: random.Random, depth: int = 0) -> str:
    """A JSON text, written directly so that it can nest deeper than json.dumps allows."""
    roll = rng.random()
    if depth == 0 and roll < 0.08:
        opener = rng.choice("[{")
        deep = rng.randint(500, 5000)
        return ('[' * deep + ']' * deep) if opener == "[" else ('{"a":' * deep + "1" + "}" * deep)
    if depth > 3 or roll < 0.35:
        return rng.choice([
            "null", "true", "false", str(rng.randint(-2**70, 2**70)), "1e999", "-0.0", "NaN",
            json.dumps(random_string(rng, rng.randint(0, 60))),
        ])
    if roll < 0.6:
        return "[" + ",".join(random_json(rng, depth + 1) for _ in range(rng.randint(0, 4))) + "]"
    members = [f"{json.dumps(rng.choice(KEYS))}:{random_json(rng, depth + 1)}" for _ in range(rng.randint(0, 4))]
    return "{" + ",".join(members) + "}"


def random_file_body(rng: random.Random, suffix: str) -> bytes:
    roll = rng.random()
    if roll < 0.25:
        return rng.randbytes(rng.randint(0, 400))
    if roll < 0.4:
        return random_string(rng, rng.randint(0, 300)).encode("utf-8", "surrogatepass")
    if suffix == ".jsonl" or roll < 0.7:
        lines = [random_json(rng) for _ in range(rng.randint(0, 5))]
        if suffix == ".jsonl" and rng.random() < 0.5:  # a good record among broken ones
            lines.insert(rng.randint(0, len(lines)), json.dumps({"text": GOOD}))
        return "\n".join(lines).encode("utf-8", "surrogatepass")
    return random_json(rng).encode("utf-8", "surrogatepass")


def fuzz_directory(root: Path, seed: int, files: int = 40) -> Path:
    rng = random.Random(seed)
    inputs = root / "in"
    inputs.mkdir()
    for n in range(files):
        suffix = rng.choice(SUFFIXES)
        (inputs / f"fuzz{n:03d}{suffix}").write_bytes(random_file_body(rng, suffix))
    (inputs / "good.txt").write_text(GOOD, encoding="utf-8")
    (inputs / "good-record.json").write_text(json.dumps({"text": GOOD.replace("Tuesday", "Wednesday")}),
                                             encoding="utf-8")
    return inputs


def presslens(*args: str, timeout: int = 600) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "presslens", *args], capture_output=True, text=True,
                          timeout=timeout)


def record_stem(record: dict) -> str:
    """The input file a record came from: records of a multi-record file are numbered ``stem-N``."""
    doc_id = record["document"]["id"]
    head, _, tail = doc_id.rpartition("-")
    return head if tail.isdigit() and head.startswith("fuzz") else doc_id


def check_batch(result: subprocess.CompletedProcess, inputs: Path) -> list[dict]:
    assert "Traceback" not in result.stderr, result.stderr[-3000:]
    assert result.returncode in (0, 3), result.stderr[-3000:]
    records = [json.loads(line) for line in result.stdout.splitlines()]
    for record in records:
        assert validation_errors(record) == [], record
        if "error" in record:
            assert record["error"]["code"] in REJECTION_CODES and record["error"]["message"]
    stems = {record_stem(r) for r in records}
    lost = sorted(p.name for p in inputs.iterdir() if p.stem not in stems)
    assert not lost, f"inputs with neither an analysis nor a rejection: {lost}"
    analysed = {r["document"]["id"] for r in records if "error" not in r}
    assert {"good", "good-record"} <= analysed
    return records


@pytest.mark.slow
@pytest.mark.parametrize("seed", [7, 2026])
def test_random_files_are_each_analysed_or_rejected_and_the_good_ones_analysed(tmp_path, seed):
    inputs = fuzz_directory(tmp_path, seed)
    records = check_batch(presslens("analyze", str(inputs), "--jobs", "1", "--format", "jsonl", "-q"), inputs)
    # the summary counts every record the batch wrote
    analysed = sum("error" not in r for r in records)
    db = tmp_path / "corpus.db"
    for _ in range(2):  # a re-run stores nothing twice, rejections included
        result = presslens("ingest", str(inputs), "--db", str(db), "--jobs", "1", "-q")
        assert "Traceback" not in result.stderr and result.returncode in (0, 3), result.stderr[-3000:]
        with sqlite3.connect(db) as conn:
            articles = conn.execute("SELECT count(*) FROM articles").fetchone()[0]
            rejections = conn.execute("SELECT count(*) FROM rejections").fetchone()[0]
        assert articles <= analysed and articles >= 2
        assert rejections == len(records) - analysed


@pytest.mark.slow
@pytest.mark.parametrize("seed", [11])
def test_export_skips_random_lines_and_exports_the_good_records(tmp_path, seed):
    article = tmp_path / "good.txt"
    article.write_text(GOOD, encoding="utf-8")
    good = presslens("analyze", str(article), "--format", "jsonl", "-q").stdout.strip()
    rng = random.Random(seed)
    lines = [random_json(rng) for _ in range(60)] + [good]
    rng.shuffle(lines)
    analyses = tmp_path / "analyses.jsonl"
    analyses.write_bytes("\n".join(lines).encode("utf-8", "surrogatepass") + b"\n\xff\xfe broken\n")
    for fmt in ("plover-jsonl", "gdelt-tsv", "graphml", "csv"):
        out = tmp_path / f"out.{fmt}"
        result = presslens("export", "--format", fmt, "-o", str(out), str(analyses))
        assert "Traceback" not in result.stderr, result.stderr[-3000:]
        assert result.returncode == 3, (fmt, result.stderr[-3000:])
        assert "Berg" in out.read_text(encoding="utf-8"), fmt


def test_random_requests_never_answer_500(tmp_path):
    from fastapi.testclient import TestClient

    from presslens.api.app import ServerSettings, create_app
    from presslens.options import AnalyzeOptions
    from presslens.store import SQLiteStore
    from tests.store_corpus import corpus, word_encoder

    store = SQLiteStore(tmp_path / "api.db", claim_encoder=word_encoder)
    for record in corpus():
        store.add(record)
    settings = ServerSettings(db_path=str(tmp_path / "api.db"), options=AnalyzeOptions(jobs=1, max_chars=2000))
    rng = random.Random(5)
    paths = ["/articles", "/actors", "/claims", "/graph", "/techniques/stats", "/health"]
    params = ["q", "source", "date_from", "date_to", "actor", "technique", "limit", "offset", "kinds",
              "status", "min_articles", "by", "include_negated"]
    with TestClient(create_app(settings, store), raise_server_exceptions=False) as client:
        for _ in range(150):
            value = rng.choice([random_string(rng, rng.randint(0, 30)), str(rng.randint(-2**80, 2**80)),
                                random_json(rng)[:200]])
            quoted = urllib.parse.quote(value.encode("utf-8", "surrogatepass"), safe="")
            path = rng.choice(paths + [f"/articles/{quoted}", f"/actors/{quoted}"])
            response = client.get(path, params={rng.choice(params): value})
            assert response.status_code < 500, (path, value, response.text[:300])
        for _ in range(40):
            body = rng.choice([rng.randbytes(rng.randint(0, 300)), random_json(rng).encode("utf-8", "surrogatepass")])
            media = rng.choice(["application/json", "text/plain", "text/html", "image/png", ""])
            response = client.post("/analyze", content=body, headers={"content-type": media})
            assert response.status_code < 500 or response.status_code == 503, (media, body[:100], response.text[:300])
