"""Ingest progress: the inputs counted before reading them (for a percentage and an ETA), a line
while the model loads, and the inputs skipped as duplicates named in the summary."""
from __future__ import annotations

import json

from click.testing import CliRunner

from presslens.cli import main
from presslens.ingest import count_inputs

HARBOUR = ("The Harbour Workers Union in Eastport called a strike on Monday. Union leader Ilse Brandvold said the "
           "port authority had ignored the dockers for years.")
MINISTER = ("Minister Oren Talvik of Norland visited Brindel on Tuesday and promised new funds for the flooded "
            "villages along the river.")


def test_inputs_are_counted_as_they_will_be_read(tmp_path):
    folder = tmp_path / "in"
    (folder / "deeper").mkdir(parents=True)
    (folder / "a.txt").write_text(HARBOUR)
    (folder / "deeper" / "b.html").write_text("<p>x</p>")
    (folder / "notes.pdf").write_bytes(b"%PDF")                      # rejected: one input
    (folder / "lines.jsonl").write_text('{"text": "a"}\n\n  \n{"text": "b"}\n{"text": "c"}\n')
    (folder / "list.json").write_text(json.dumps([{"text": "a"}, {"text": "b"}]))
    (folder / "empty.json").write_text("[]")                          # its rejection
    (folder / "broken.json").write_text("[{")                         # its rejection
    (folder / ".hidden.txt").write_text(HARBOUR)                      # not read
    assert count_inputs([str(folder)]) == 1 + 1 + 1 + 3 + 2 + 1 + 1
    assert count_inputs([str(folder / "a.txt"), str(folder / "lines.jsonl"), str(tmp_path / "missing.txt")]) == 5
    assert count_inputs([str(folder), "-"]) is None


def test_ingest_shows_progress_and_names_the_duplicates_it_skips(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    for name, text in {"harbour.txt": HARBOUR, "harbour-copy.txt": HARBOUR, "minister.txt": MINISTER}.items():
        (folder / name).write_text(text)
    db = str(tmp_path / "progress.db")
    first = CliRunner().invoke(main, ["ingest", str(folder), "--db", db, "-j", "1"])
    assert first.exit_code == 0, first.output
    assert "3 inputs = 2 stored + 0 already stored + 1 duplicates + 0 rejected" in first.stderr
    assert "duplicates (same text as an earlier input): harbour = harbour-copy\n" in first.stderr  # read first
    assert "/3 [" in first.stderr and "0%" in first.stderr  # a total, hence a percentage and an ETA
    assert "loading the model" in first.stderr
    again = CliRunner().invoke(main, ["ingest", str(folder), "--db", db, "-j", "1"])
    assert "3 inputs = 0 stored + 3 already stored + 0 duplicates" in again.stderr
    assert "already stored: harbour-copy, harbour, minister\n" in again.stderr
    assert "loading the model" not in again.stderr  # nothing to analyse, no model loaded
