"""Russian and Ukrainian input: language identification, and the analysis path of both languages
(actors by their Cyrillic names, dates, quotes; the stages that have no model for them say so).
Every text here is invented."""
from __future__ import annotations

import datetime as dt

import pytest

from presslens.errors import InputRejected
from presslens.ingest.records import document_from_text
from presslens.knowledge import knowledge_base
from presslens.languages.dates import find_expressions, resolve
from presslens.languages.identify import identify, russian_or_ukrainian
from presslens.languages.names import cyrillic_lexicon, fold
from presslens.options import AnalyzeOptions
from presslens.runner import analyze

from .conftest import FIXTURES

RUSSIAN = "Министр заявил в понедельник, что переговоры с соседями продолжатся после выборов."
UKRAINIAN = "Міністр заявив у понеділок, що переговори з сусідами продовжаться після виборів."
ENGLISH = "The minister said on Monday that talks with the neighbours will go on after the election."
GERMAN = "Der Bürgermeister hat am Montag erklärt, dass der Hafen wegen des Streiks geschlossen bleibt."
PUBLISHED = "2023-10-10"  # a Tuesday


def _language(text: str, forced: str | None = None) -> str:
    return document_from_text(text, AnalyzeOptions(language=forced), id="t").meta.language


@pytest.mark.parametrize("text,language", [(RUSSIAN, "ru"), (UKRAINIAN, "uk"), (ENGLISH, "en"),
                                           ("Песков заявил.", "ru"), ("Пєсков заявив їм.", "uk")])
def test_each_input_gets_its_language(text, language):
    assert _language(text) == language


def test_other_languages_are_still_rejected_with_the_reason():
    with pytest.raises(InputRejected) as caught:
        _language(GERMAN)
    assert caught.value.code.value == "not_english" and "'de'" in caught.value.message


def test_lang_forces_the_language():
    assert _language(UKRAINIAN, forced="ru") == "ru"
    assert _language(GERMAN, forced="en") == "en"
    with pytest.raises(ValueError):
        AnalyzeOptions(language="de")


def test_letters_of_one_alphabet_decide_between_russian_and_ukrainian():
    assert russian_or_ukrainian("Їхні друзі") == "uk"
    assert russian_or_ukrainian("Съезд объявил") == "ru"
    assert identify(UKRAINIAN)[0] == "uk" and identify(RUSSIAN)[0] == "ru"


@pytest.mark.parametrize("text,value", [
    ("Песков в понедельник заявил", "2023-10-09"),
    ("Речник у понеділок заявив", "2023-10-09"),
    ("встреча 9 октября 2023 года", "2023-10-09"),
    ("зустріч 7 жовтня", "2023-10-07"),
    ("у вересні 2022 р.", "2022-09"),
    ("в прошлом году", "2022"),
    ("минулого тижня", "2023-10"),
    ("вчора", "2023-10-09"),
    ("три дня назад", "2023-10-07"),
    ("наступного понеділка відбудеться зустріч", "2023-10-16"),
    ("в пятницу", "2023-10-06"),
    ("У п’ятницю", "2023-10-06"),
    ("09.10.2023", "2023-10-09"),
])
def test_russian_and_ukrainian_dates_resolve_against_publication(text, value):
    (found,) = find_expressions(text)
    assert resolve(found, text, dt.date.fromisoformat(PUBLISHED)) == value


def test_a_count_after_a_preposition_is_not_a_year():
    assert find_expressions("цены выросли в 2000 раз") == []


@pytest.mark.parametrize("surface,name", [
    ("Песков", "Dmitry Peskov"), ("Пєскова", "Dmitry Peskov"), ("Лаврову", "Sergey Lavrov"),
    ("Лавровим", "Sergey Lavrov"), ("Зеленський", "Volodymyr Zelensky"), ("Зеленского", "Volodymyr Zelensky"),
    ("Путін", "Vladimir Putin"), ("Путина", "Vladimir Putin"), ("Захаровой", "Maria Zakharova"),
])
def test_cyrillic_names_in_any_case_are_the_knowledge_base_people(surface, name):
    entry = cyrillic_lexicon(knowledge_base()).words[fold(surface)]
    assert [a.name for a in entry.actors] == [name]


def _analysis(name: str) -> dict:
    text = (FIXTURES / "languages" / name).read_text(encoding="utf-8")
    return analyze(text, published=PUBLISHED, options=AnalyzeOptions(jobs=1)).to_json()


def _quote(analysis: dict, words: str) -> dict:
    return next(q for q in analysis["quotes"] if words in q["text"])


def test_russian_article_quotes_dates_and_actors():
    result = _analysis("ru-kremlin.txt")
    assert result["document"]["language"] == "ru"
    assert _quote(result, "категорически отвергаем")["speaker_name"] == "Dmitry Peskov"
    assert _quote(result, "контакты с обеими")["speaker_name"] == "Dmitry Peskov"  # "— добавил он"
    assert _quote(result, "Попытки Вашингтона")["speaker_name"] == "Maria Zakharova"
    reported = _quote(result, "не имеет отношения")
    assert (reported["kind"], reported["speaker_name"], reported["date"]) == ("reported", "Dmitry Peskov",
                                                                              "2023-10-09")
    assert _quote(result, "переговоры продолжатся")["speaker_name"] == "Sergey Lavrov"
    dates = {d["text"]: d["value"] for d in result["dates"]}
    assert dates["в понедельник"] == "2023-10-09" and dates["9 октября 2023 года"] == "2023-10-09"
    lavrov = next(e for e in result["entities"] if e["name"] == "Sergey Lavrov")
    assert {m["text"] for m in lavrov["mentions"]} == {"Лаврова", "Сергей Лавров"}


def test_ukrainian_article_quotes_dates_and_actors():
    result = _analysis("uk-zelensky.txt")
    assert result["document"]["language"] == "uk"
    assert _quote(result, "розпалити нову війну")["speaker_name"] == "Volodymyr Zelensky"
    assert _quote(result, "хто виграє")["speaker_name"] == "Volodymyr Zelensky"
    peskov = _quote(result, "Москва не має")
    assert (peskov["speaker_name"], peskov["kind"], peskov["date"]) == ("Dmitry Peskov", "direct", "2023-10")
    assert _quote(result, "підтримує контакти")["speaker_name"] == "Sergey Lavrov"
    dates = {d["text"]: d["value"] for d in result["dates"]}
    assert dates["наступного понеділка"] == "2023-10-16" and dates["у вересні 2023 р."] == "2023-09"
    names = {e["name"] for e in result["entities"]}
    assert {"Volodymyr Zelensky", "Dmitry Peskov", "Sergey Lavrov", "Vladimir Putin", "Russia"} <= names


def test_stages_without_a_model_for_the_language_are_skipped_with_the_reason():
    result = _analysis("uk-zelensky.txt")
    skipped = {e["stage"] for e in result["errors"] if e["code"] == "language_unsupported"}
    assert skipped == {"relations", "labels", "claims", "techniques"}
    assert result["relations"] == [] and result["techniques"] == []


def test_the_same_actors_as_their_english_spellings(pipeline):
    english = document_from_text("Kremlin spokesman Dmitry Peskov said on Monday that Sergei Lavrov and "
                                 "Volodymyr Zelenskyy would not meet.", AnalyzeOptions(), id="en")
    pipeline.pipe([english])
    english_names = {e.name for e in english.entities}
    cyrillic_names = ({e["name"] for e in _analysis("ru-kremlin.txt")["entities"]}
                      | {e["name"] for e in _analysis("uk-zelensky.txt")["entities"]})
    for person in ("Dmitry Peskov", "Sergey Lavrov", "Volodymyr Zelensky"):
        assert person in english_names and person in cyrillic_names
    assert not any(e.code == "language_unsupported" for e in english.errors)


def test_the_api_takes_the_language_from_the_body_or_the_query(tmp_path):
    from fastapi.testclient import TestClient

    from presslens.api.app import ServerSettings, create_app
    from presslens.store import SQLiteStore
    from tests.store_corpus import word_encoder

    store = SQLiteStore(tmp_path / "api.db", claim_encoder=word_encoder)
    settings = ServerSettings(db_path=str(tmp_path / "api.db"), options=AnalyzeOptions(jobs=1))
    with TestClient(create_app(settings, store)) as client:
        identified = client.post("/analyze", json={"text": UKRAINIAN}).json()
        forced = client.post("/analyze", json={"text": UKRAINIAN, "language": "ru"}).json()
        queried = client.post("/analyze?language=ru", content=UKRAINIAN, headers={"Content-Type": "text/plain"})
        refused = client.post("/analyze", json={"text": UKRAINIAN, "language": "de"})
    assert identified["document"]["language"] == "uk" and forced["document"]["language"] == "ru"
    assert queried.json()["document"]["language"] == "ru" and refused.status_code == 422


def test_dashes_opening_list_items_are_not_dialogue_and_an_object_is_no_speaker():
    text = ("Итоги недели:\n— переговоры в Стамбуле сорваны;\n— заявил Песков.\n"
            "Министр заявил о поддержке, которую Россия окажет. Он сказал о вызовах для Украины «новой эпохи».")
    doc = analyze(text, published=PUBLISHED, options=AnalyzeOptions(jobs=1, language="ru"))
    assert [(q.text, q.speaker_name) for q in doc.quotes] == [("новой эпохи", None)]


def test_the_cli_lang_option_forces_the_language(tmp_path):
    import json

    from click.testing import CliRunner

    from presslens.cli import main

    path = tmp_path / "statement.txt"
    path.write_text(UKRAINIAN, encoding="utf-8")
    runs = {lang: CliRunner().invoke(main, ["analyze", "-q", "--jobs", "1", *(["--lang", lang] if lang else []),
                                            str(path)]) for lang in (None, "ru")}
    assert [json.loads(r.stdout)["document"]["language"] for r in runs.values()] == ["uk", "ru"]
    assert CliRunner().invoke(main, ["analyze", "--lang", "de", str(path)]).exit_code == 2
