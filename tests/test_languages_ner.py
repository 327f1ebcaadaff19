"""The Ukrainian NER: reading brat annotations, scoring, folds, the shipped model's manifest, and
its entities as actors of the Ukrainian path. Every text here is invented."""
from __future__ import annotations

import shutil

import pytest

from presslens.languages.ner_actors import stem
from presslens.languages.ner_corpus import BratText, GoldEntity, read_corpus, to_doc
from presslens.languages.ner_evaluation import folds, score
from presslens.languages.ner_model import load_model, shipped_directory, verify_manifest, write_manifest
from presslens.options import AnalyzeOptions
from presslens.runner import analyze

from .conftest import FIXTURES


def _brat(tmp_path, source: str, name: str, text: str, lines: list[str]) -> None:
    folder = tmp_path / source
    folder.mkdir(exist_ok=True)
    (folder / f"{name}.txt").write_text(text, encoding="utf-8")
    (folder / f"{name}.ann").write_text("\n".join(lines) + "\n", encoding="utf-8")


def test_brat_entities_become_doc_entities_widened_to_tokens(tmp_path):
    import spacy

    text = "Тарас Мельничук приїхав до Коростишева .\nРада міста Коростишів"
    _brat(tmp_path, "ng", "a1", text, ["T1\tPERS\t0\t15\tТарас Мельничук", "T2\tLOC\t27\t35\tКоростиш",
                                       "T3\tORG\t41\t62\tРада міста", "Коростишів", "T4\tLOC\t52\t62\tКоростишів"])
    texts = read_corpus(tmp_path)
    assert [(t.id, t.source) for t in texts] == [("a1", "ng")]
    assert [g.label for g in texts[0].entities] == ["PERS", "LOC", "ORG", "LOC"]  # the continuation line skipped
    doc, counts = to_doc(spacy.blank("uk"), texts[0])
    assert [(e.text, e.label_) for e in doc.ents] == [("Тарас Мельничук", "PERS"), ("Коростишева", "LOC"),
                                                      ("Рада міста Коростишів", "ORG")]
    assert (counts.total, counts.aligned_exactly, counts.expanded, counts.overlapping_dropped) == (4, 3, 1, 1)


def test_scores_count_exact_spans_and_touching_ones_apart():
    gold = [[GoldEntity(0, 15, "PERS"), GoldEntity(27, 38, "LOC"), GoldEntity(40, 50, "ORG")]]
    predicted = [{(0, 15, "PERS"), (27, 33, "LOC"), (40, 50, "PERS")}]
    scores = score(predicted, gold)
    assert scores["PERS"]["recall"] == 1.0 and scores["PERS"]["precision"] == 0.5
    assert scores["LOC"]["recall"] == 0.0 and scores["LOC"]["touching_recall"] == 1.0
    assert scores["ORG"]["recall"] == 0.0 and scores["ORG"]["touching_recall"] == 0.0  # the type is wrong


def test_folds_split_documents_by_source_in_proportion():
    texts = [BratText(f"b{i}", "bruk", "") for i in range(10)] + [BratText(f"n{i}", "ng", "") for i in range(15)]
    split = folds(texts, 5, seed=7)
    assert sorted(i for fold in split for i in fold) == list(range(25))
    assert all(sum(texts[i].source == "bruk" for i in fold) == 2 for fold in split)
    assert split == folds(texts, 5, seed=7) and split != folds(texts, 5, seed=8)


def test_case_forms_of_a_name_share_a_stem():
    assert stem("Петренко") == stem("Петренка") == stem("Петренкові") == stem("Петренком")
    assert stem("Вереснюк") == stem("Вереснюка") and stem("Вереснюк") != stem("Мельничук")


def test_the_shipped_model_is_checked_against_its_manifest(tmp_path):
    verify_manifest(shipped_directory())
    copy = tmp_path / "ner-uk"
    shutil.copytree(shipped_directory(), copy)
    assert load_model(copy)("Оксана Вереснюк").ents is not None
    config = copy / "config.cfg"
    config.write_text(config.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    with pytest.raises(ValueError, match="config.cfg does not match"):
        load_model(copy)
    write_manifest(copy)
    (copy / "extra.bin").write_bytes(b"\0")
    with pytest.raises(ValueError, match="extra"):
        verify_manifest(copy)


def test_a_person_the_knowledge_base_does_not_know_is_the_speaker():
    text = (FIXTURES / "languages" / "uk-unknown-speaker.txt").read_text(encoding="utf-8")
    result = analyze(text, published="2023-10-10", options=AnalyzeOptions(jobs=1)).to_json()
    quote = next(q for q in result["quotes"] if "восьмисот учнів" in q["text"])
    assert quote["speaker_name"] == "Оксана Вереснюк"
    speaker = next(e for e in result["entities"] if e["id"] == quote["speaker"])
    assert speaker["type"] == "PERSON"
    assert {m["text"] for m in speaker["mentions"]} == {"Оксана Вереснюк", "Вереснюк"}
    reported = next(q for q in result["quotes"] if "кошти на обладнання" in q["text"])
    assert reported["speaker"] == quote["speaker"]  # "За словами Вереснюк": the same person, another case


def _mini_corpus(tmp_path):
    people = [("Оксана", "Вереснюк"), ("Тарас", "Мельничук"), ("Ірина", "Гайова"), ("Петро", "Савчук")]
    for i, (given, surname) in enumerate(people):
        text = f"{given} {surname} приїхала до Житомира .\nТам {surname} зустріла журналістів ."
        name_end = len(given) + 1 + len(surname)
        town = text.index("Житомира")
        _brat(tmp_path, "ng" if i % 2 else "bruk", f"t{i}", text,
              [f"T1\tPERS\t0\t{name_end}\t{given} {surname}", f"T2\tLOC\t{town}\t{town + 8}\tЖитомира"])
    return tmp_path


def test_train_and_evaluate_commands_run_spacy_training_end_to_end(tmp_path):
    from click.testing import CliRunner

    from presslens.cli import main

    data, model = tmp_path / "data", tmp_path / "model"
    data.mkdir()
    trained = CliRunner().invoke(main, ["train", "ner-uk", str(_mini_corpus(data)), "--out", str(model),
                                        "--epochs", "1"])
    assert trained.exit_code == 0, trained.output
    verify_manifest(model)
    assert (model / "vocab" / "strings.json").read_text(encoding="utf-8") == "[]"
    assert set(load_model(model).get_pipe("ner").labels) == {"PERS", "LOC"}
    scored = CliRunner().invoke(main, ["evaluate", "ner-uk", str(data), "--format", "json"])
    assert scored.exit_code == 0, scored.output
    assert '"PERS"' in scored.output
